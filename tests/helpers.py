"""What several test modules share: the CLI runner's type, and a whole scripted session.

Test modules import from here (or from scripted.py), never from each other or
from conftest.py.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from typer.testing import Result

from coachcli.banks import plan_questions
from coachcli.home import Home
from coachcli.layout import is_note_name

Run = Callable[..., Result]
"""The ``coach`` fixture: run ``coach ARGS`` in-process and return the result."""


def notes_in(folder: Path) -> list[Path]:
    """The session notes in a folder and the folders under it (not the rep's page), sorted."""
    return sorted(p for p in folder.rglob("*.md") if is_note_name(p.name))


def first_plan(framework: Any) -> dict[str, list[str]]:
    """The questions of a first session, whatever was asked before (keeps scripts short)."""
    return plan_questions(framework, [])


# The whole session for the fixture framework, answered as a person types.
FULL = [
    ("q:calls-made", "42"),
    ("q:forecast-call", "2"),  # the second option, by number
    ("q:slipped-deals", ["Acme renewal", "Globex pilot"]),
    ("q:confidence", "4"),
    ("q:best-call", "The Initech discovery call.\nThey opened up about budget."),
    ("q:one-thing", "Ask for the economic buyer earlier"),
    ("fb:1:template", "sbi"),
    ("fb:1:situation", "the Initech call"),
    ("fb:1:behaviour", "paused after asking about budget"),
    ("fb:1:impact", "the buyer told you the real number"),
    ("fb:1:ok", "y"),
    ("fb:2:template", ""),
    ("rating:discovery", "3"),
    ("metric:meetings", "6 meetings"),
    ("act:1:text", "Book a call with the CFO"),
    ("act:1:owner", ""),  # default: rep
    ("act:1:due", "fri"),
    ("act:2:text", "Share the pricing deck"),
    ("act:2:owner", "manager"),
    ("act:2:due", "+14d"),
    ("act:3:text", ""),
    ("summary", "Good week; next, reach the economic buyer."),
    ("minutes", ""),  # Enter: the length offered
]


# A kept pipeline snapshot, written as `coach import pipeline` keeps one (the pinned format of
# <home>/imports/pipeline/<rep-slug>/<as-of>.csv), so tests of the arithmetic and of
# `coach pipeline` read it through the real pipeline_store.
SNAPSHOT_COLUMNS = (
    "deal_id", "deal", "stage", "stage_id", "status", "amount", "close_date", "next_step",
    "next_step_date", "last_activity", "forecast", "rep", "source", "imported_on",
)  # fmt: skip


def write_snapshot(
    home: Home,
    rep_slug: str,
    as_of: str,
    deals: list[dict[str, str]],
    *,
    rep: str = "Alex Kim",
    source: str = "crm-deals.csv",
) -> Path:
    """One snapshot file; each deal gives the columns it needs (others empty, status open,
    amount 1000)."""
    import csv
    import io

    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(SNAPSHOT_COLUMNS)
    for deal in deals:
        cells = {
            "status": "open",
            "amount": "1000",
            "rep": rep,
            "source": source,
            "imported_on": as_of,
            **deal,
        }
        cells.setdefault("deal_id", cells.get("deal", "").lower().replace(" ", "-"))
        writer.writerow([cells.get(column, "") for column in SNAPSHOT_COLUMNS])
    folder = home.root / "imports" / "pipeline" / rep_slug
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{as_of}.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


# Five weekly snapshots of Alex Kim's deals across a quarter's end, computed by hand in
# tests/test_pipeline_math.py: Acme pushed twice (into the next quarter), Globex pulled in then
# won, Initech lost, Umbrella silent since November without a next step, Hooli gone from the
# export, Stark new and moved to Proposal (a next step without a date), Wayne new then won.
PIPELINE_DAYS = ("2026-12-07", "2026-12-14", "2026-12-21", "2027-01-04", "2027-01-11")


def pipeline_weeks() -> dict[str, list[dict[str, str]]]:
    """The five snapshots' deals by day (the columns of :data:`SNAPSHOT_COLUMNS` they need)."""
    acme = {
        "deal_id": "A-1",
        "deal": "Acme",
        "stage": "Proposal",
        "stage_id": "proposal",
        "amount": "50000",
        "last_activity": "2027-01-08",
        "next_step": "Legal review",
        "next_step_date": "2027-01-15",
    }
    globex = {
        "deal_id": "B-2",
        "deal": "Globex",
        "stage": "Negotiation",
        "stage_id": "negotiation",
        "amount": "30000",
        "last_activity": "2026-12-10",
        "next_step": "Signature",
        "next_step_date": "2026-12-18",
        "forecast": "commit",
    }
    initech = {
        "deal_id": "C-3",
        "deal": "Initech",
        "stage": "Discovery",
        "stage_id": "discovery",
        "amount": "20000",
        "close_date": "2026-12-31",
        "forecast": "pipeline",
        "last_activity": "2026-12-01",
        "next_step": "Demo",
        "next_step_date": "2026-12-20",
    }
    umbrella = {
        "deal_id": "D-4",
        "deal": "Umbrella",
        "stage": "Qualification",
        "stage_id": "qualification",
        "amount": "40000",
        "close_date": "2027-04-30",
        "last_activity": "2026-11-01",
        "forecast": "pipeline",
    }
    hooli = {
        "deal_id": "E-5",
        "deal": "Hooli",
        "stage": "Proposal",
        "stage_id": "proposal",
        "amount": "25000",
        "close_date": "2026-12-20",
        "forecast": "best-case",
        "last_activity": "2026-12-12",
        "next_step": "Pricing call",
        "next_step_date": "2026-12-16",
    }
    stark = {
        "deal_id": "F-6",
        "deal": "Stark",
        "stage": "Discovery",
        "stage_id": "discovery",
        "amount": "10000",
        "close_date": "2027-03-15",
        "forecast": "pipeline",
        "last_activity": "2027-01-10",
        "next_step": "Send proposal",
    }
    stark_later = {**stark, "stage": "Proposal", "stage_id": "proposal", "forecast": "commit"}
    wayne = {
        "deal_id": "G-7",
        "deal": "Wayne",
        "stage": "Negotiation",
        "stage_id": "negotiation",
        "amount": "60000",
        "close_date": "2027-02-15",
        "forecast": "commit",
        "last_activity": "2027-01-09",
        "next_step": "Sign",
        "next_step_date": "2027-01-12",
    }
    acme_late = {**acme, "close_date": "2027-01-31", "forecast": "pipeline"}
    won = {"status": "won", "stage": "Closed won", "stage_id": "closed-won"}
    return dict(zip(PIPELINE_DAYS, [
        [{**acme, "close_date": "2026-12-15", "forecast": "commit"},
         {**globex, "close_date": "2027-01-20"}, initech, umbrella, hooli],
        [{**acme, "close_date": "2026-12-31", "forecast": "commit"},
         {**globex, "close_date": "2026-12-18"}, initech, umbrella, hooli, stark],
        [acme_late, {**globex, "close_date": "2026-12-18", **won},
         {**initech, "status": "lost", "stage": "Closed lost", "stage_id": "closed-lost"},
         umbrella, stark],
        [acme_late, umbrella, stark_later, wayne],
        [acme_late, umbrella, stark_later, {**wayne, "close_date": "2027-01-09", **won}],
    ], strict=True))  # fmt: skip


def write_pipeline_weeks(home: Home, rep_slug: str = "alex-kim") -> None:
    for day, deals in pipeline_weeks().items():
        write_snapshot(home, rep_slug, day, deals)
