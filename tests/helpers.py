"""What several test modules share: the CLI runner's type, the fixture framework's home, and a
whole scripted session.

Test modules import from here or from the other helper modules (scripted.py, dated_notes.py,
report_corpus.py, index_notes.py, ...), never from each other or from conftest.py
(tests/test_architecture.py checks it).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st
from typer.testing import Result

from coachcli import analytics
from coachcli.banks import plan_questions
from coachcli.home import Home
from coachcli.layout import is_note_name
from coachcli.reps import find_rep
from coachcli.session import ActionItem, Answer, Feedback, Review, SectionRecord, Session
from coachcli.start import StartOptions

Run = Callable[..., Result]
"""The ``coach`` fixture: run ``coach ARGS`` in-process and return the result."""


def own_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git with no user or system settings of the person running the tests."""
    user = tmp_path / "user"
    user.mkdir()
    monkeypatch.setenv("HOME", str(user))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(user / ".gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "Morgan Lee")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "morgan@example.com")


def notes_in(folder: Path) -> list[Path]:
    """The session notes in a folder and the folders under it (not the rep's page), sorted."""
    return sorted(p for p in folder.rglob("*.md") if is_note_name(p.name))


def first_plan(framework: Any) -> dict[str, list[str]]:
    """The questions of a first session, whatever was asked before (keeps scripts short)."""
    return plan_questions(framework, [])


def lines_of(out: str) -> list[str]:
    return [line.rstrip() for line in out.splitlines()]


def block(out: str, title: str) -> list[str]:
    """The lines under ``title`` up to a blank line."""
    lines = lines_of(out)
    start = lines.index(title)
    found = []
    for line in lines[start + 1 :]:
        if not line:
            break
        found.append(line)
    return found


FIXTURE = Path(__file__).parent / "fixtures" / "frameworks" / "valid.toml"
"""The fixture framework: weekly-pipeline (metric meetings, leading, target 8)."""


@pytest.fixture
def home(coach_home: Home) -> Home:
    """A home with the fixture framework (weekly-pipeline: metric meetings, leading, target 8)."""
    coach_home.frameworks_dir.mkdir(parents=True)
    shutil.copy(FIXTURE, coach_home.frameworks_dir / "weekly-pipeline.toml")
    return coach_home


TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=TZ)  # a Friday


def options(rep: str = "Alex Kim", **kw: Any) -> StartOptions:
    """A session of the fixture framework at :data:`NOW`, first-session questions, no confirming."""
    kw.setdefault("framework", "weekly-pipeline")
    kw.setdefault("plan", first_plan)
    kw.setdefault("yes", True)
    kw.setdefault("now", lambda: NOW)
    return StartOptions(rep=rep, **kw)


def with_reviews(home: Home, script: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """``script`` after an Enter for each of Alex Kim's open actions (reviewed first)."""
    rep = find_rep(home, "Alex Kim")
    assert rep is not None
    from coachcli.index import load_corpus

    actions = analytics.open_actions(load_corpus(home, rep.slug), NOW.date())
    return [*[(f"review:{a.id}", "") for a in actions], *script]


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


# --------------------------------------------------------------------------- team publications

TEAM_HEADERS = {
    "sessions.csv": "note,date,rep_slug,rep,framework,kind,minutes,coaching_minutes,"
    "performance_minutes,neutral_minutes,estimated,ratings,metrics,kept,missed",
    "reps.csv": "rep_slug,rep,cadence_days,archived,start_date",
    "actions.csv": "id,rep_slug,owner,created,due,status,closed",
}
"""The pinned header lines (docs/team.md), written here literally: not from the reader's own."""


def write_publication(
    root: Path,
    slug: str,
    *,
    manager: str | None,
    sessions: list[str] = (),  # type: ignore[assignment]
    reps: list[str] = (),  # type: ignore[assignment]
    actions: list[str] = (),  # type: ignore[assignment]
) -> Path:
    """``root/managers/<slug>/`` in the pinned layout: ``manager`` is manager.toml's text (None:
    no file), the others the CSV rows as lines, each file with its header."""
    folder = root / "managers" / slug
    folder.mkdir(parents=True, exist_ok=True)
    if manager is not None:
        (folder / "manager.toml").write_text(manager, "utf-8")
    for name, rows in (("sessions.csv", sessions), ("reps.csv", reps), ("actions.csv", actions)):
        (folder / name).write_text("".join(f"{line}\n" for line in [TEAM_HEADERS[name], *rows]),
                                   "utf-8")  # fmt: skip
    return folder


def team_corpus(root: Path) -> Path:
    """Three managers, figures worked out by hand in tests/test_team_view.py (today 2026-12-02).

    Morgan Lee balances; Sam Rivera mostly inspects; Jo Park published no
    manager.toml, has a broken row and three reps overdue.
    """
    write_publication(
        root, "morgan-lee",
        manager='format = 1\nname = "Morgan Lee"\nslug = "morgan-lee"\ncoaching_target = 0.6\n'
        'cadence_days = 7\npublished = "2026-12-01"\n',
        sessions=[
            "2026-08-01-pipeline-review.md,2026-08-01,alex-kim,Alex Kim,pipeline-review,"
            "performance,30,0,30,0,0,,,0,0",
            "2026-09-15-pipeline-review.md,2026-09-15,cy-hart,Cy Hart,pipeline-review,"
            "performance,30,0,30,0,0,,win-rate=22.5,0,0",
            "2026-10-05-grow.md,2026-10-05,alex-kim,Alex Kim,grow,coaching,30,30,0,0,0,"
            "discovery=3;listening=4,,0,0",
            "2026-10-20-pipeline-review.md,2026-10-20,bo-diaz,Bo Diaz,pipeline-review,"
            "performance,30,0,30,0,0,,,1,1",
            "2026-11-10-weekly-1-1.md,2026-11-10,alex-kim,Alex Kim,weekly-1-1,mixed,40,20,15,5,0,"
            ",,2,0",
            "2026-11-25-grow.md,2026-11-25,bo-diaz,Bo Diaz,grow,coaching,30,30,0,0,0,,,1,0",
        ],
        reps=["alex-kim,Alex Kim,,0,2025-01-06", "bo-diaz,Bo Diaz,14,0,",
              "cy-hart,Cy Hart,,1,2024-03-01"],
        actions=["a1b2c3,alex-kim,rep,2026-11-10,2026-11-20,open,",
                 "d4e5f6,bo-diaz,rep,2026-11-25,2026-12-09,open,",
                 "g7h8i9,bo-diaz,manager,2026-10-20,2026-10-27,done,2026-10-26"],
    )  # fmt: skip
    write_publication(
        root, "sam-rivera",
        manager='format = 1\nname = "Sam Rivera"\nslug = "sam-rivera"\ncoaching_target = 0.5\n'
        'cadence_days = 14\npublished = "2026-11-30"\n',
        sessions=[
            "2026-09-10-pipeline-review.md,2026-09-10,dee-ng,Dee Ng,pipeline-review,performance,"
            "30,0,30,0,0,,,0,2",
            "2026-10-10-forecast.md,2026-10-10,eli-fox,Eli Fox,forecast,performance,45,0,45,0,0,"
            ",,1,1",
            "2026-11-01-grow.md,2026-11-01,dee-ng,Dee Ng,grow,coaching,30,30,0,0,1,,,1,1",
            "2026-11-05-pipeline-review.md,2026-11-05,eli-fox,Eli Fox,pipeline-review,"
            "performance,30,0,30,0,0,,,0,1",
        ],
        reps=["dee-ng,Dee Ng,,0,", "eli-fox,Eli Fox,,0,", "fay-ho,Fay Ho,,0,2026-11-16"],
    )  # fmt: skip
    write_publication(
        root, "jo-park", manager=None,
        sessions=[
            "2026-11-01-pipeline-review.md,2026-11-01,hal-ma,Hal Ma,pipeline-review,performance,"
            "30,0,30,0,0,,,0,0",
            "2026-11-12-deal-review.md,2026-11-12,hal-ma,Hal Ma,deal-review,performance,abc,0,30,"
            "0,0,,,0,0",
            "2026-11-15-weekly-1-1.md,2026-11-15,ivy-qu,Ivy Qu,weekly-1-1,mixed,30,20,10,0,0,,,"
            "0,0",
            "2026-11-20-grow.md,2026-11-20,gus-li,Gus Li,grow,coaching,30,30,0,0,0,,,0,0",
        ],
        reps=["gus-li,Gus Li,,0,", "hal-ma,Hal Ma,,0,", "ivy-qu,Ivy Qu,,0,"],
    )  # fmt: skip
    return root


def export_file(tmp_path: Path, name: str, data: bytes | str, day: str = "2026-11-28") -> Path:
    """A CRM export saved on ``day`` (its modification time at noon, that day anywhere): the
    day an import takes when the file names none."""
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    stamp = date.fromisoformat(day)
    seconds = (stamp - date(1970, 1, 1)).days * 86400 + 12 * 3600.0
    os.utime(path, (seconds, seconds))
    return path


def piped_output(print_it: Callable[[], object], columns: str | None) -> str:
    """What ``print_it`` writes to standard output when that is a pipe (not a terminal),
    with ``COLUMNS`` as given (None: unset) and rich's colour switches unset."""
    import io

    from coachcli.cli import render

    stream = io.StringIO()
    saved, env = sys.stdout, dict(os.environ)
    sys.stdout = stream
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "COLUMNS"):
        os.environ.pop(name, None)
    if columns is not None:
        os.environ["COLUMNS"] = columns
    render._consoles.clear()
    try:
        print_it()
    finally:
        sys.stdout = saved
        os.environ.clear()
        os.environ.update(env)
        render._consoles.clear()
    return stream.getvalue()


def generated_home(target: Path, notes: int, reps: int, seed: int = 1) -> Home:
    """A realistic home written by ``benchmarks/generate.py`` (coach's own writer) at ``target``."""
    benchmarks = str(Path(__file__).resolve().parent.parent / "benchmarks")
    sys.path.insert(0, benchmarks)
    try:
        from generate import generate
    finally:
        sys.path.remove(benchmarks)
    found: Home = generate(target, notes, reps, seed)
    return found


# A text that looks like Markdown a note is built of: answers that must never break a note.
MARKDOWNISH = st.lists(
    st.sampled_from(
        ["---", "===", "# heading", "## Action items", "### q", "- [ ] task 📅 2026-12-01 ^abc1234",
         "> quote", "<!-- q: x text -->", "<!-- section: x coaching -->", "```", "~~~", "* item",
         "1. one", "", "  ", "plain words", "\\# escaped", "**bold**", "- [x] done", "\t", "|a|b|"]
    )
    | st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30),
    max_size=8,
).map("\n".join)  # fmt: skip


def md_session(text: str, items: list[str], summary: str, said: str) -> Session:
    """A one-section session holding the given text as its answers, summary and feedback."""
    moment = datetime(2026, 11, 27, 10, 0).astimezone()
    return Session(
        rep="Alex Kim", rep_slug="alex-kim", started=moment, ended=moment,
        framework="weekly-pipeline", framework_name="Weekly pipeline 1:1", framework_version="1",
        kind="mixed",
        sections=[
            SectionRecord(id="skills", title="Skills", kind="coaching", planned_minutes=0,
                          answers=[Answer(id="best-call", prompt="Best call?", type="text",
                                          value=text),
                                   Answer(id="deals", prompt="Deals?", type="list", value=items)]),
        ],
        feedback=[Feedback(template="sbi", name="SBI", text=said)],
        actions=[ActionItem(id="abc1234", text="Book the CFO", due=date(2026, 12, 4))],
        reviews=[Review(action="zzz9999", text="Send recap", outcome="not-done", comment="later")],
        summary=summary,
    )  # fmt: skip
