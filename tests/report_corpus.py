"""The corpus of the report tests: Alex Kim's 1:1s across a review window, each holding a
private part (summary, feedback, task, answer) that must never reach a shared packet."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from coachcli.home import Home
from coachcli.notes import write_note
from coachcli.reps import add_rep
from coachcli.session import ActionItem, Answer, Feedback, Review, SectionRecord, Session

TODAY = date(2026, 11, 30)
SINCE = date(2026, 9, 1)

PRIVATE = ("PRIVATE-SUMMARY-OCT", "PRIVATE-FEEDBACK-9q", "PRIVATE-TASK-7x", "PRIVATE-ANSWER-3k")


def report_session(
    day: date,
    *,
    rep: str = "Alex Kim",
    slug: str = "alex-kim",
    summary: str,
    summary_shared: bool = True,
    ratings: dict[str, int] | None = None,
    metrics: dict[str, float] | None = None,
    shared_measures: tuple[str, ...] = (),
    feedback: tuple[tuple[str, bool], ...] = (),
    actions: tuple[ActionItem, ...] = (),
    reviews: tuple[Review, ...] = (),
    minutes: int = 30,
) -> Session:
    started = datetime(day.year, day.month, day.day, 10, 0, tzinfo=UTC)
    return Session(
        rep=rep,
        rep_slug=slug,
        manager="Sam Rivera",
        started=started,
        ended=started + timedelta(minutes=minutes),
        framework="grow",
        framework_name="GROW coaching conversation",
        framework_version="2",
        kind="coaching",
        sections=[
            SectionRecord(
                id="goal",
                title="Goal",
                kind="coaching",
                planned_minutes=20,
                seconds=minutes * 40,
                shared=True,
                answers=[
                    Answer(
                        id="goal-topic",
                        prompt="Topic?",
                        type="text",
                        value="Holding price",
                        shared=True,
                    )
                ],
            ),
            SectionRecord(
                id="reality",
                title="Reality",
                kind="performance",
                planned_minutes=10,
                seconds=minutes * 20,
                answers=[
                    Answer(
                        id="reality-replay", prompt="What happened?", type="text", value=PRIVATE[3]
                    )
                ],
            ),
        ],
        ratings=ratings or {},
        metrics=metrics or {},
        shared_measures=list(shared_measures),
        feedback=[
            Feedback(template="sbi", name="Reinforce (SBI)", text=text, shared=shared)
            for text, shared in feedback
        ],
        actions=list(actions),
        actions_shared=True,
        reviews=list(reviews),
        summary=summary,
        summary_shared=summary_shared,
    )


def write_report_note(home: Home, session: Session) -> Path:
    return write_note(home.reps_dir / session.rep_slug, session)


@pytest.fixture
def corpus(coach_home: Home) -> Home:
    """Alex Kim: three 1:1s (Sep, Oct, Nov) and one before the window; Bo Diaz: one in Nov."""
    home = coach_home
    add_rep(home, "Alex Kim", role="Account Executive", today=date(2026, 1, 5))
    add_rep(home, "Bo Diaz", role="SDR", today=date(2026, 1, 5))
    write_report_note(home, report_session(date(2026, 8, 20), summary="Before the window",
                                           ratings={"discovery": 1},
                                           shared_measures=("rating-discovery",)))  # fmt: skip
    write_report_note(
        home,
        report_session(
            date(2026, 9, 10),
            summary="Discovery is the focus.",
            ratings={"discovery": 2, "objection-handling": 2},
            metrics={"practice-reps": 1},
            shared_measures=("rating-discovery", "metric-practice-reps"),
            feedback=(("You asked about budget early.", True), (PRIVATE[1], False)),
            actions=(
                ActionItem(
                    id="keptaa1",
                    text="Ask the comparison question",
                    due=date(2026, 9, 17),
                    status="done",
                    closed_on=date(2026, 9, 16),
                ),
                ActionItem(id="missbb2", text="Book the CFO call", due=date(2026, 9, 24)),
                ActionItem(id="privcc3", text=f"{PRIVATE[2]} #private", due=date(2026, 9, 24)),
                ActionItem(
                    id="mgrdd44",
                    text="Send the Globex story",
                    owner="manager",
                    due=date(2026, 9, 12),
                ),
            ),
        ),
    )
    write_report_note(
        home,
        report_session(
            date(2026, 10, 8),
            summary=PRIVATE[0],
            summary_shared=False,
            ratings={"discovery": 3},
            metrics={"practice-reps": 3},
            shared_measures=("rating-discovery", "metric-practice-reps"),
            reviews=(
                Review(
                    action="missbb2",
                    text="Book the CFO call",
                    outcome="not-done",
                    comment="waiting on legal",
                    shared=True,
                ),
            ),
        ),
    )
    write_report_note(home, report_session(date(2026, 11, 12), summary="Held price on Acme.",
                                           ratings={"discovery": 4}, metrics={"practice-reps": 4},
                                           shared_measures=("rating-discovery",)))  # fmt: skip
    write_report_note(
        home, report_session(date(2026, 11, 3), rep="Bo Diaz", slug="bo-diaz", summary="Bo's week.")
    )
    return home
