"""Notes dated relative to the real today, written with the library's own note writer, and
Sam Ortiz's 1:1s made of them (the commands under test ask the clock for today)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from coachcli.home import Home
from coachcli.notes import write_note
from coachcli.reps import Rep, add_rep
from coachcli.session import ActionItem, Answer, Review, SectionRecord, Session


def day(days_ago: int) -> date:
    return date.today() - timedelta(days=days_ago)


def iso(days_ago: int) -> str:
    return day(days_ago).isoformat()


def at(days_ago: int, hour: int = 10) -> datetime:
    return datetime.combine(day(days_ago), time(hour, 0)).astimezone()


def act(
    action_id: str, text: str, due_in: int, owner: str = "rep", *, done_on: date | None = None
) -> ActionItem:
    """An action item due ``due_in`` days from today (negative: in the past).

    ``done_on``: its box is ticked, done that day (as a review of it as done does).
    """
    return ActionItem(
        id=action_id, text=text, owner=owner, due=date.today() + timedelta(days=due_in),
        status="done" if done_on else "open", closed_on=done_on,
    )  # type: ignore[arg-type]  # fmt: skip


def note(
    home: Home,
    rep: Rep,
    days_ago: int,
    *,
    framework: str = "weekly-pipeline",
    kind: str = "mixed",
    coaching: int = 10,
    performance: int = 20,
    hour: int = 10,
    answer: str = "We worked on discovery.",
    summary: str = "",
    ratings: dict[str, int] | None = None,
    metrics: dict[str, float] | None = None,
    actions: Iterable[ActionItem] = (),
    reviews: Iterable[Review] = (),
) -> Path:
    """Write a note through the library's writer: ``coaching`` and ``performance`` minutes used."""
    started = at(days_ago, hour)
    sections = []
    if coaching:
        sections.append(
            SectionRecord(
                id="skills",
                title="Skills",
                kind="coaching",
                planned_minutes=coaching,
                seconds=coaching * 60,
                answers=[
                    Answer(id="best-call", prompt="Your best call?", type="text", value=answer)
                ],
            )
        )
    if performance:
        sections.append(
            SectionRecord(
                id="numbers",
                title="Numbers",
                kind="performance",
                planned_minutes=performance,
                seconds=performance * 60,
                answers=[Answer(id="calls-made", prompt="Calls made?", type="number", value=42)],
            )
        )
    session = Session(
        rep=rep.name,
        rep_slug=rep.slug,
        started=started,
        ended=started + timedelta(minutes=coaching + performance),
        framework=framework,
        framework_name=framework.replace("-", " ").capitalize(),
        framework_version="1",
        kind=kind,  # type: ignore[arg-type]
        sections=sections,
        ratings=ratings or {},
        metrics=metrics or {},
        actions=list(actions),
        reviews=list(reviews),
        summary=summary,
    )
    return write_note(home.reps_dir / rep.slug, session)


def review(action_id: str, outcome: str, text: str = "") -> Review:
    return Review(action=action_id, text=text or action_id, outcome=outcome)  # type: ignore[arg-type]


def rep(home: Home, name: str, cadence: int | None = None) -> Rep:
    return add_rep(home, name, cadence_days=cadence, today=day(400))


# --------------------------------------------------------------------------- Sam Ortiz

LONG_SUMMARY = (
    "Listened to the Globex discovery call together; Alex talked for most of it and "
    "never asked who signs, so we role-played the decision-process questions twice."
)


def deal_note(home: Home, who: Rep, days_ago: int, deal: str, summary: str) -> Path:
    """A deal review about ``deal`` (20 performance minutes)."""
    started = at(days_ago)
    section = SectionRecord(id="deal", title="The deal", kind="performance", planned_minutes=20,
                            seconds=1200, answers=[])  # fmt: skip
    session = Session(
        rep=who.name, rep_slug=who.slug, started=started, ended=started + timedelta(minutes=20),
        framework="deal-review", framework_name="Deal review", framework_version="2",
        kind="performance", sections=[section], summary=summary, subject=deal,
        subject_kind="deal",
    )  # fmt: skip
    return write_note(home.reps_dir / who.slug, session)


@pytest.fixture
def sam(home: Home) -> Rep:
    """Sam Ortiz: call coaching 50 days ago, GROW 40 days ago, two deal reviews since.

    No coaching for 40 days: the brief suggests a coaching conversation (grow).
    Open: one action 12 days overdue, one due in 5 days; one kept.
    """
    sam = rep(home, "Sam Ortiz")
    note(home, sam, 50, framework="call-coaching", kind="coaching", coaching=30, performance=0,
         ratings={"discovery": 2, "next-steps": 3},
         metrics={"talk-time": 62, "next-step-rate": 40, "calls-reviewed": 1},
         actions=[act("a1aaaaa", "Book a call with the CFO", -43, done_on=date.today())],
         summary=LONG_SUMMARY)  # fmt: skip
    note(home, sam, 40, framework="grow", kind="coaching", coaching=30, performance=0,
         ratings={"discovery": 3, "next-steps": 3},
         metrics={"talk-time": 51, "next-step-rate": 48, "calls-reviewed": 2},
         actions=[act("a2bbbbb", "Role-play the pricing call with a peer before the Initech "
                      "meeting and send me the recording", -12)],
         reviews=[review("a1aaaaa", "done")],
         summary="Goal: every first meeting ends with a booked second one.")  # fmt: skip
    deal_note(home, sam, 20, "Initech expansion", "Champion found; no economic buyer yet.")
    deal_note(home, sam, 10, "Globex renewal", "Legal review slipped a quarter.")
    note(home, sam, 10, framework="pipeline-review", kind="performance", coaching=0,
         performance=25, metrics={"talk-time": 47, "next-step-rate": 55}, hour=15,
         actions=[act("a3ccccc", "Send the mutual action plan", 5)],
         summary="Pipeline is healthy but two deals slipped.")  # fmt: skip
    return sam
