"""Reviewing progress through the command line: history, show, reps, actions, balance, search.

Notes are written with the library's own note writer (``notes.write_note``)
or by real sessions (``start_session``), dated relative to the real today,
since the commands ask the clock for today. Every figure asserted here is
worked out by hand from the notes the test writes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tomllib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from coachcli.home import Home
from coachcli.index import index_path
from coachcli.loader import resolve
from coachcli.reps import Rep, edit_rep
from coachcli.start import StartOptions, start_session

from .dated_notes import act, at, day, iso, note, rep, review
from .helpers import FIXTURE, FULL, Run, first_plan, home, notes_in
from .scripted import ScriptedAsker

__all__ = ["home"]  # the fixture, imported for the tests here

FIXTURE_V1 = Path(__file__).parent / "fixtures" / "home_v1" / "reps"
"""Format-1 notes written by coachcli 0.1 (coach no longer writes them)."""

# A framework with a leading and a lagging metric (the fixture with other metrics).
FUNNEL_METRICS = """\
[[metrics]]
id = "t-demos"
name = "Demos held"
unit = "demos"
indicator = "leading"
target = 5

[[metrics]]
id = "t-win-rate"
name = "Win rate"
unit = "%"
indicator = "lagging"
target = 25

"""


# --------------------------------------------------------------------------- helpers


def flat(text: str) -> str:
    """Whitespace collapsed (rich folds long lines at the console width)."""
    return " ".join(text.split())


def rows(output: str, first: str) -> list[str]:
    """The lines of a table from the line starting with ``first`` (the header) to a blank one."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(first))
    found = []
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        found.append(" ".join(line.split()))
    return found


def line_of(path: Path, line: str) -> int:
    """The number (from 1) of ``line`` in the file."""
    return path.read_text("utf-8").splitlines().index(line) + 1


def as_json(result: Any) -> Any:
    return json.loads(result.stdout)


def warnings_in(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("Warning: ")]


@pytest.fixture
def funnel(home: Home) -> Home:
    """The home, with t-funnel: t-demos (leading, target 5), t-win-rate (lagging, target 25)."""
    text = FIXTURE.read_text(encoding="utf-8")
    start, end = text.index("[[metrics]]"), text.index("[[feedback]]")
    head = text[:start].replace('id = "weekly-pipeline"', 'id = "t-funnel"')
    (home.frameworks_dir / "t-funnel.toml").write_text(
        head + FUNNEL_METRICS + text[end:], encoding="utf-8"
    )
    return home


# --------------------------------------------------------------------------- history


@pytest.fixture
def alex(home: Home) -> dict[str, Path]:
    """Alex Kim's three sessions, 60, 30 and 10 days ago.

    - 60d, weekly-pipeline (mixed): 10 coaching + 20 performance minutes,
      discovery 2, meetings 5; agrees a1 (due 53 days ago), its box ticked
      30 days ago by the review below (a task's box is its status).
    - 30d, grow (coaching): 30 coaching minutes, discovery 3, meetings 7;
      reviews a1 done; agrees a2 (due 23 days ago).
    - 10d, pipeline-review (performance): 20 performance minutes, meetings 9;
      reviews a2 not done; agrees a3 (due in 5 days).

    Commitments: a1 kept, a2 missed (reported not done), a3 not due yet:
    1 kept, 1 missed. Minutes: 40 coaching, 40 performance: a 50% share.
    """
    alex = rep(home, "Alex Kim")
    return {
        "60d": note(
            home, alex, 60, ratings={"discovery": 2}, metrics={"meetings": 5},
            actions=[act("a1aaaaa", "Book a call with the CFO", -53, done_on=day(30))],
            summary="First look at the pipeline.",
        ),
        "30d": note(
            home, alex, 30, framework="grow", kind="coaching", coaching=30, performance=0,
            ratings={"discovery": 3}, metrics={"meetings": 7},
            actions=[act("a2bbbbb", "Role-play the pricing call", -23)],
            reviews=[review("a1aaaaa", "done")],
        ),
        "10d": note(
            home, alex, 10, framework="pipeline-review", kind="performance", coaching=0,
            performance=20, metrics={"meetings": 9},
            actions=[act("a3ccccc", "Send the mutual plan", 5)],
            reviews=[review("a2bbbbb", "not-done")], summary="Pipeline is healthy.",
        ),
    }  # fmt: skip


def test_history_shows_sessions_trends_commitments_and_share(
    coach: Run, alex: dict[str, Path]
) -> None:
    out = coach("history", "Alex Kim").stdout
    assert out.splitlines()[0].strip() == "Alex Kim: 3 sessions"
    assert rows(out, "date") == [
        f"{iso(10)} pipeline-review performance 20 Pipeline is healthy.",
        f"{iso(30)} grow coaching 30",
        f"{iso(60)} weekly-pipeline mixed 30 First look at the pipeline.",
    ]
    header = next(line for line in out.splitlines() if line.startswith("date"))
    assert header.split() == ["date", "framework", "kind", "min", "summary"]
    lines = {line.split("(")[0].strip(): line for line in out.splitlines() if line.startswith("  ")}
    # the full names from the frameworks (a built-in's Discovery rating is on a 1–5 scale)
    assert re.fullmatch(r"  Discovery \(1–5\) +▁█ +2 → 3 +\+1", lines["Discovery"])
    assert re.fullmatch(
        r"  First meetings held \(meetings\) +▁▅█ +5 → 9 +\+4  target 8 ✓  \(leading\)",
        lines["First meetings held"],
    )
    assert "Commitments kept: 50% (1 kept, 1 missed, 1 still open)" in out
    assert "Coaching share: 50% of 80 min (40 coaching, 40 perf.)" in out


def test_history_json(coach: Run, alex: dict[str, Path]) -> None:
    data = as_json(coach("history", "Alex Kim", "--json"))
    assert set(data) == {
        "schema_version", "rep", "slug", "sessions", "ratings", "metrics", "commitments",
        "coaching_minutes", "performance_minutes", "neutral_minutes", "coaching_share",
    }  # fmt: skip
    assert (data["rep"], data["slug"]) == ("Alex Kim", "alex-kim")
    first = data["sessions"][0]  # oldest first
    assert first == {
        "date": iso(60),
        "started": at(60).isoformat(),
        "path": str(alex["60d"]),
        "framework": "weekly-pipeline",
        "kind": "mixed",
        "duration_minutes": 30,
        "coaching_minutes": 10.0,
        "performance_minutes": 20.0,
        "summary": "First look at the pipeline.",
        "subject": "",
        "ratings": {"discovery": 2},
        "metrics": {"meetings": 5.0},
        "actions_created": ["a1aaaaa"],
        "actions_closed": [],
        "actions_not_done": [],
    }
    assert [(s["date"], s["actions_closed"], s["actions_not_done"]) for s in data["sessions"]] == [
        (iso(60), [], []),
        (iso(30), ["a1aaaaa"], []),
        (iso(10), [], ["a2bbbbb"]),
    ]
    (meetings,) = data["metrics"]
    assert meetings == {
        "id": "meetings",
        "name": "First meetings held",
        "unit": "meetings",
        "points": [
            {"date": iso(60), "value": 5.0, "source": "session"},
            {"date": iso(30), "value": 7.0, "source": "session"},
            {"date": iso(10), "value": 9.0, "source": "session"},
        ],
        "first": 5.0,
        "last": 9.0,
        "target": 8.0,
        "target_low": None,
        "target_high": None,
        "on_target": True,
        "indicator": "leading",
        "better": "higher",
    }
    (discovery,) = data["ratings"]
    assert (discovery["first"], discovery["last"], discovery["target"]) == (2.0, 3.0, None)
    assert data["commitments"] == {"kept": 1, "missed": 1, "open": 1, "ratio": 0.5}
    assert (data["coaching_minutes"], data["performance_minutes"]) == (40.0, 40.0)
    assert data["coaching_share"] == 0.5


def _dates(coach: Run, *options: str) -> list[str]:
    data = as_json(coach("history", "Alex Kim", "--json", *options))
    return [s["date"] for s in data["sessions"]]


def test_history_filters(coach: Run, alex: dict[str, Path]) -> None:
    assert _dates(coach) == [iso(60), iso(30), iso(10)]
    assert _dates(coach, "--since", "45d") == [iso(30), iso(10)]
    assert _dates(coach, "--since", iso(30)) == [iso(30), iso(10)]
    assert _dates(coach, "--since", "30d") == [iso(30), iso(10)]  # inclusive
    assert _dates(coach, "--until", "20d") == [iso(60), iso(30)]
    assert _dates(coach, "--until", iso(60)) == [iso(60)]
    assert _dates(coach, "--since", "45d", "--until", "20d") == [iso(30)]
    assert _dates(coach, "--framework", "grow") == [iso(30)]
    assert _dates(coach, "-f", "pipeline-review") == [iso(10)]
    assert _dates(coach, "--kind", "performance") == [iso(10)]
    assert _dates(coach, "--kind", "mixed") == [iso(60)]
    assert _dates(coach, "--last", "2") == [iso(30), iso(10)]
    assert _dates(coach, "-n", "1", "--kind", "coaching") == [iso(30)]


def test_history_filters_change_trends_commitments_and_share(
    coach: Run, alex: dict[str, Path]
) -> None:
    data = as_json(coach("history", "Alex Kim", "--json", "--since", "45d"))
    (meetings,) = data["metrics"]
    assert (meetings["first"], meetings["last"]) == (7.0, 9.0)
    # a2 is missed; a3 is not due yet
    assert data["commitments"] == {"kept": 0, "missed": 1, "open": 1, "ratio": 0.0}
    assert data["coaching_share"] == 0.6  # 30 of 50 minutes
    out = coach("history", "Alex Kim", "--kind", "coaching").stdout
    assert out.splitlines()[0].strip() == "Alex Kim: 1 session"
    assert "Coaching share: 100% of 30 min (30 coaching, 0 perf.)" in out


def test_history_an_until_date_after_today_is_fine(coach: Run, alex: dict[str, Path]) -> None:
    later = (date.today() + timedelta(days=40)).isoformat()
    assert _dates(coach, "--until", later) == [iso(60), iso(30), iso(10)]


def test_history_bad_filters_are_clear_errors(coach: Run, alex: dict[str, Path]) -> None:
    result = coach("history", "Alex Kim", "--kind", "coachng", code=2)
    assert "Invalid value for '--kind'" in result.stderr
    assert "'coaching', 'performance', 'mixed'" in flat(result.stderr)
    result = coach("history", "Alex Kim", "--since", "soon", code=1)
    assert "Error: Cannot read 'soon' as a start date." in result.stderr
    future = (date.today() + timedelta(days=3)).isoformat()
    result = coach("history", "Alex Kim", "--since", future, code=1)
    assert f"Error: {future} is in the future." in result.stderr
    result = coach("history", "Alex Kim", "--since", "20d", "--until", "45d", code=1)
    assert f"The start date {iso(20)} is after the end date {iso(45)}" in result.stderr
    result = coach("history", "Alex Kim", "--last", "0", code=2)
    assert "--last" in result.stderr


def test_history_an_unknown_framework_says_so(
    coach: Run, alex: dict[str, Path], funnel: Home
) -> None:
    result = coach("history", "Alex Kim", "--framework", "gorw", code=1)
    message = flat(result.stderr)
    assert "No framework 'gorw' among Alex Kim's sessions or your frameworks." in message
    assert "Did you mean 'grow'?" in message
    assert "sessions used: grow, pipeline-review, weekly-pipeline." in message
    # a framework the rep never used is no error: nothing matches
    assert coach("history", "Alex Kim", "-f", "t-funnel").stdout == (
        "No sessions with Alex Kim match.\n"
    )


def test_history_with_nothing_to_show(coach: Run, home: Home) -> None:
    rep(home, "Bo Diaz")
    out = coach("history", "Bo Diaz").stdout
    assert out.strip() == "No sessions with Bo Diaz match."
    data = as_json(coach("history", "Bo Diaz", "--json"))
    assert data["sessions"] == [] and data["coaching_share"] is None
    assert data["commitments"] == {"kept": 0, "missed": 0, "open": 0, "ratio": None}


def test_history_of_an_unknown_rep_suggests_the_closest(coach: Run, alex: dict[str, Path]) -> None:
    result = coach("history", "Alex Kin", code=1)
    assert result.stdout == ""
    assert result.stderr.startswith("Error: No rep named 'Alex Kin'. Did you mean 'Alex Kim'?")
    assert "coach rep list" in result.stderr
    result = coach("history", "Nobody At All", code=1)
    assert "No rep named 'Nobody At All'." in result.stderr
    assert "Did you mean" not in result.stderr


def test_history_finds_a_rep_by_folder_name(coach: Run, alex: dict[str, Path]) -> None:
    assert as_json(coach("history", "alex-kim", "--json"))["rep"] == "Alex Kim"


# --------------------------------------------------------------------------- show


def test_show_the_newest_note_by_default(coach: Run, alex: dict[str, Path]) -> None:
    out = coach("show", "Alex Kim").stdout
    # not a terminal: the Markdown itself, without the front matter
    assert out.startswith(f"# Alex Kim · Pipeline review · {day(10).day} ")
    assert "Pipeline is healthy." in out
    assert "schema: 1" not in out
    assert out.rstrip().endswith(f"{alex['10d']} · note 1 of 3")
    assert coach("show", "Alex Kim", "last").stdout == out
    assert coach("show", "Alex Kim", "--last").stdout == out
    both = coach("show", "Alex Kim", "2", "--last", code=1)
    assert "Give either --last or a date/number, not both." in both.stderr


def test_show_the_nth_newest_or_a_date(coach: Run, alex: dict[str, Path]) -> None:
    out = coach("show", "Alex Kim", "2").stdout
    assert out.startswith("# Alex Kim · Grow")
    assert out.rstrip().endswith(f"{alex['30d']} · note 2 of 3")
    out = coach("show", "Alex Kim", iso(60)).stdout
    assert "First look at the pipeline." in out
    assert out.rstrip().endswith(f"{alex['60d']} · note 3 of 3")


def test_show_a_date_with_two_notes(coach: Run, home: Home) -> None:
    bo = rep(home, "Bo Diaz")
    morning = note(home, bo, 3, hour=9, summary="The morning one.")
    afternoon = note(home, bo, 3, hour=15, framework="grow", kind="coaching", performance=0,
                     summary="The afternoon one.")  # fmt: skip
    result = coach("show", "Bo Diaz", iso(3))
    assert "The afternoon one." in result.stdout  # the later of the day
    assert "The morning one." not in result.stdout
    assert result.stdout.rstrip().endswith(f"{afternoon} · note 1 of 2")
    assert flat(result.stderr) == f"Warning: another note the same day: {morning.name}"


def test_show_errors(coach: Run, home: Home, alex: dict[str, Path]) -> None:
    rep(home, "Bo Diaz")
    result = coach("show", "Bo Diaz", code=1)
    assert "Error: Bo Diaz has no notes yet." in result.stderr
    assert 'coach start "Bo Diaz"' in result.stderr
    result = coach("show", "Alex Kim", "4", code=1)
    assert "Alex Kim has 3 notes; 4 is not one of them." in result.stderr
    result = coach("show", "Alex Kim", iso(11), code=1)
    assert f"Alex Kim has no note on {iso(11)}." in result.stderr
    assert f"The nearest is {iso(10)}" in result.stderr
    result = coach("show", "Alex Kim", "2026-02-30", code=1)
    assert "Cannot read '2026-02-30' as a note." in result.stderr
    result = coach("show", "Alex Kimm", code=1)
    assert "Did you mean 'Alex Kim'?" in result.stderr


def test_show_raw_prints_the_file_byte_for_byte(coach: Run, alex: dict[str, Path]) -> None:
    path = alex["30d"]
    # hand edits a terminal would mangle: Windows line ends and no final newline
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n").rstrip(b"\r\n"))
    result = coach("show", "Alex Kim", iso(30), "--raw")
    assert result.stdout_bytes == path.read_bytes()
    assert coach("show", "Alex Kim", "--raw").stdout_bytes == alex["10d"].read_bytes()


def test_show_a_note_broken_by_hand(coach: Run, alex: dict[str, Path]) -> None:
    path = alex["30d"]
    broken = path.read_bytes().replace(b"kind: coaching\n", b"kind: [coaching\n", 1)
    path.write_bytes(broken)
    result = coach("show", "Alex Kim", iso(30), "--raw")
    assert result.stdout_bytes == broken
    assert len(warnings_in(result.stderr)) == 1 and str(path) in result.stderr
    result = coach("show", "Alex Kim", iso(30))
    assert result.stdout.startswith("# Alex Kim · Grow")  # the body, as it is
    assert result.stdout.rstrip().endswith(f"{path} · cannot be read as a note, shown as it is")
    assert str(path) in result.stderr
    # the note that cannot be read is not counted among the notes
    assert coach("show", "Alex Kim", "2").stdout.rstrip().endswith("note 2 of 2")
    path.write_bytes(b"\xff\xfe not UTF-8 at all")
    assert coach("show", "Alex Kim", iso(30), "--raw").stdout_bytes == path.read_bytes()


def test_show_json_is_the_note_read_back(coach: Run, alex: dict[str, Path]) -> None:
    data = as_json(coach("show", "Alex Kim", "2", "--json"))
    assert (data["schema_version"], data["rep"], data["slug"]) == (1, "Alex Kim", "alex-kim")
    assert (data["path"], data["position"], data["total"]) == (str(alex["30d"]), 2, 3)
    assert (data["date"], data["framework"], data["kind"], data["minutes"]) == (
        iso(30),
        "grow",
        "coaching",
        30,
    )
    assert (data["coaching_minutes"], data["performance_minutes"]) == (30.0, 0.0)
    (section,) = data["sections"]
    assert (section["id"], section["title"], section["kind"]) == ("skills", "Skills", "coaching")
    assert section["answers"] == [{"id": "best-call", "prompt": "Your best call?",
                                   "type": "text", "value": "We worked on discovery.",
                                   "shared": False}]  # fmt: skip
    assert (data["ratings"], data["metrics"]) == ({"discovery": 3}, {"meetings": 7.0})
    (action,) = data["actions"]
    assert (action["id"], action["text"], action["owner"], action["status"]) == (
        "a2bbbbb",
        "Role-play the pricing call",
        "rep",
        "open",
    )
    assert data["reviews"] == [
        {"action": "a1aaaaa", "text": "a1aaaaa", "outcome": "done", "comment": "", "shared": False}
    ]
    # what the note says now: an answer corrected by hand is the answer
    path = alex["30d"]
    path.write_text(path.read_text("utf-8").replace("We worked on discovery.", "Pricing."))
    (section,) = as_json(coach("show", "Alex Kim", iso(30), "--json"))["sections"]
    assert section["answers"][0]["value"] == "Pricing."


def test_show_json_of_a_note_broken_by_hand_is_an_error(coach: Run, alex: dict[str, Path]) -> None:
    path = alex["30d"]
    path.write_bytes(path.read_bytes().replace(b"kind: coaching\n", b"kind: [coaching\n", 1))
    result = coach("show", "Alex Kim", iso(30), "--json", code=1)
    assert result.stdout == ""
    assert str(path) in result.stderr and "Traceback" not in result.output
    result = coach("show", "Alex Kim", "--raw", "--json", code=1)
    assert "Give either --raw or --json, not both." in result.stderr


def test_show_when_no_note_can_be_read(coach: Run, home: Home) -> None:
    bo = rep(home, "Bo Diaz")
    path = note(home, bo, 3)
    path.write_bytes(path.read_bytes().replace(b"\nrep: '[[Bo Diaz]]'\n", b"\n"))  # a key missing
    result = coach("show", "Bo Diaz", code=1)
    assert "Error: No note of Bo Diaz can be read (1 cannot)." in result.stderr
    assert f"coach show bo-diaz {iso(3)} --raw" in flat(result.stderr)
    assert coach("show", "Bo Diaz", iso(3), "--raw").stdout_bytes == path.read_bytes()
    path.unlink()
    note(home, bo, 1)
    result = coach("show", "Bo Diaz", "2", code=1)
    assert "Bo Diaz has 1 note; 2 is not one of them." in result.stderr


# --------------------------------------------------------------------------- reps


@pytest.fixture
def team(home: Home) -> dict[str, Rep]:
    """Four reps (default cadence 7 days):

    - Alex Kim (cadence from the config): sessions 100 and 12 days ago; the
      old one all coaching (30 min), the recent one 10 coaching + 20
      performance, so the 90-day share is 10/30. Actions: one overdue, one
      not yet due (both open).
    - Bo Diaz (own cadence 21): one session 10 days ago, one manager action.
    - Cy Ng: never met.
    - Dee Old: archived; last met 100 days ago.
    """
    alex, bo = rep(home, "Alex Kim"), rep(home, "Bo Diaz", cadence=21)
    cy, dee = rep(home, "Cy Ng"), rep(home, "Dee Old")
    note(home, alex, 100, framework="grow", kind="coaching", coaching=30, performance=0)
    note(home, alex, 12, actions=[act("k1late1", "Send the recap", -3),
                                  act("k2soon2", "Book the demo", 4)])  # fmt: skip
    note(home, bo, 10, framework="grow", kind="coaching", coaching=30, performance=0,
         actions=[act("m1mine1", "Share the pricing deck", 2, owner="manager")])  # fmt: skip
    note(home, dee, 100)
    edit_rep(home, "Dee Old", archived=True)
    return {"alex": alex, "bo": bo, "cy": cy, "dee": dee}


def test_reps_most_overdue_first(coach: Run, team: dict[str, Rep]) -> None:
    out = coach("reps").stdout
    assert rows(out, "rep") == [
        f"Alex Kim {iso(12)} mixed 5 days late 2 1 33%",
        "Cy Ng never today 0 0 —",
        f"Bo Diaz {iso(10)} coaching {(day(10) + timedelta(days=21)).isoformat()} 1 0 100%",
    ]
    assert "Dee Old" not in out


def test_reps_json(coach: Run, team: dict[str, Rep]) -> None:
    data = as_json(coach("reps", "--json"))["reps"]
    assert [r["name"] for r in data] == ["Alex Kim", "Cy Ng", "Bo Diaz"]
    assert data[0] == {
        "name": "Alex Kim",
        "slug": "alex-kim",
        "archived": False,
        "sessions": 2,
        "last_date": iso(12),
        "last_kind": "mixed",
        "last_framework": "weekly-pipeline",
        "cadence_days": 7,
        "next_due": iso(5),
        "overdue": True,
        "days_overdue": 5,
        "open_actions": 2,
        "overdue_actions": 1,
        "coaching_share_90d": 0.3333,  # four places
    }
    assert data[1] == {
        "name": "Cy Ng", "slug": "cy-ng", "archived": False, "sessions": 0, "last_date": None,
        "last_kind": None, "last_framework": None, "cadence_days": 7,
        "next_due": date.today().isoformat(), "overdue": False, "days_overdue": 0,
        "open_actions": 0, "overdue_actions": 0, "coaching_share_90d": None,
    }  # fmt: skip
    bo = data[2]
    assert (bo["cadence_days"], bo["next_due"], bo["overdue"]) == (21, iso(-11), False)
    assert (bo["open_actions"], bo["overdue_actions"], bo["coaching_share_90d"]) == (1, 0, 1.0)


def test_reps_cadence_from_the_config_and_the_reps_own(coach: Run, team: dict[str, Rep]) -> None:
    coach("config", "set", "cadence_days", "14")
    data = as_json(coach("reps", "--json"))["reps"]
    assert [(r["name"], r["cadence_days"], r["next_due"], r["overdue"]) for r in data] == [
        ("Cy Ng", 14, date.today().isoformat(), False),
        ("Alex Kim", 14, iso(-2), False),  # 12 days ago + 14
        ("Bo Diaz", 21, iso(-11), False),  # the rep's own cadence wins
    ]
    assert rows(coach("reps").stdout, "rep")[0].startswith("Cy Ng never today")


def test_reps_archived_only_when_asked(coach: Run, team: dict[str, Rep]) -> None:
    data = as_json(coach("reps", "--archived", "--json"))["reps"]
    dee = data[0]  # 100 days ago + 7: the most overdue
    assert (dee["name"], dee["archived"], dee["days_overdue"]) == ("Dee Old", True, 93)
    assert [r["archived"] for r in data[1:]] == [False, False, False]
    assert "Dee Old" in coach("reps", "--archived").stdout


def test_reps_with_no_reps(coach: Run, home: Home) -> None:
    assert coach("reps").stdout == 'No reps yet. Start with: coach start "Alex Kim"\n'
    assert as_json(coach("reps", "--json"))["reps"] == []


# --------------------------------------------------------------------------- actions


def _listed(coach: Run, *options: str) -> list[str]:
    return [a["id"] for a in as_json(coach("actions", *options, "--json"))["actions"]]


def test_actions_across_reps_and_filters(coach: Run, team: dict[str, Rep]) -> None:
    out = coach("actions").stdout
    assert rows(out, "id") == [
        f"k1late1 Alex Kim rep {iso(3)} (3d late) Send the recap",
        f"m1mine1 Bo Diaz manager {iso(-2)} Share the pricing deck",
        f"k2soon2 Alex Kim rep {iso(-4)} Book the demo",
        "3 listed, 1 overdue. Close one: coach actions done ID",
    ]
    assert coach("actions", "list").stdout == out
    assert _listed(coach, "--overdue") == ["k1late1"]
    assert _listed(coach, "--owner", "manager") == ["m1mine1"]
    assert _listed(coach, "--owner", "rep") == ["k1late1", "k2soon2"]
    assert _listed(coach, "Alex Kim") == ["k1late1", "k2soon2"]
    assert _listed(coach, "Bo Diaz", "--owner", "rep") == []
    assert "No action items match." in coach("actions", "Bo Diaz", "--overdue").stdout
    result = coach("actions", "--owner", "boss", code=2)
    assert "Invalid value for '--owner'" in result.stderr


def test_actions_json(coach: Run, team: dict[str, Rep], home: Home) -> None:
    first = as_json(coach("actions", "--json"))["actions"][0]
    assert first == {
        "id": "k1late1",
        "rep": "Alex Kim",
        "slug": "alex-kim",
        "text": "Send the recap",
        "owner": "rep",
        "due": iso(3),
        "status": "open",
        "overdue": True,
        "days_overdue": 3,
        "created": iso(12),
        "closed_on": None,
        "comment": "",
        "missed": 0,
        "note": str(home.reps_dir / "alex-kim" / f"{iso(12)}-weekly-pipeline.md"),
    }


def _session(home: Home, days_ago: int, script: list[tuple[str, Any]]) -> ScriptedAsker:
    asker = ScriptedAsker(script)
    options = StartOptions(
        rep="Alex Kim", framework="weekly-pipeline", plan=first_plan, yes=True,
        now=lambda: at(days_ago, hour=0),
    )  # fmt: skip
    outcome = start_session(home, options, asker)
    asker.done()
    assert outcome.status == "finished"
    return asker


def _task_line(path: Path, action_id: str) -> tuple[int, str]:
    """The index (from 0) and text of the task line of ``action_id`` in the note."""
    lines = path.read_text("utf-8").split("\n")
    ((index, line),) = [
        (i, line) for i, line in enumerate(lines) if line.endswith(f" ^{action_id}")
    ]
    return index, line


def test_done_ticks_the_task_line_and_is_seen_everywhere(coach: Run, home: Home) -> None:
    _session(home, 7, list(FULL))
    (path,) = notes_in(home.reps_dir / "alex-kim")
    listed = as_json(coach("actions", "--json"))["actions"]
    cfo, deck = (next(a["id"] for a in listed if a["text"] == t)
                 for t in ("Book a call with the CFO", "Share the pricing deck"))  # fmt: skip
    before = path.read_text("utf-8").split("\n")
    index, line = _task_line(path, cfo)
    assert line.startswith("- [ ] Book a call with the CFO 📅 ")
    assert as_json(coach("history", "Alex Kim", "--json"))["commitments"]["kept"] == 0
    assert as_json(coach("reps", "--json"))["reps"][0]["open_actions"] == 2

    prefix = next(cfo[:n] for n in range(3, 8) if not deck.startswith(cfo[:n]))
    out = coach("actions", "done", prefix, "-m", "Booked for Tuesday").stdout
    assert out == f"Done: {cfo} Book a call with the CFO\n"

    # the task line is ticked, done today, with the comment under it; nothing else changes
    today = date.today().isoformat()
    after = path.read_text("utf-8").split("\n")
    assert after[index] == line.replace("- [ ] ", "- [x] ", 1).replace(
        " #owner/rep ", f" ✅ {today} #owner/rep ", 1
    )
    assert after[index + 1] == f"    - {today} done: Booked for Tuesday"
    assert after[:index] == before[:index] and after[index + 2 :] == before[index + 1 :]
    assert not (path.parent / "actions.toml").exists()  # the note holds it
    assert _listed(coach) == [deck]
    assert cfo not in coach("actions").stdout
    everything = {a["id"]: a for a in as_json(coach("actions", "--all", "--json"))["actions"]}
    assert (everything[cfo]["status"], everything[cfo]["closed_on"]) == ("done", today)
    assert everything[cfo]["comment"] == "Booked for Tuesday"
    assert f"done {today}" in coach("actions", "--all").stdout
    history = as_json(coach("history", "Alex Kim", "--json"))
    # the deck is the manager's own: not one of the rep's commitments
    assert history["commitments"] == {"kept": 1, "missed": 0, "open": 0, "ratio": 1.0}
    assert as_json(coach("reps", "--json"))["reps"][0]["open_actions"] == 1

    # the next session reviews only the action still open (a review of the
    # done one would be an unexpected prompt), its brief leaves it out, and
    # reviewing the other as done ticks its line in the note that agreed it
    asker = _session(home, 0, [(f"review:{deck}", "done"), *FULL])
    assert [a.id for a in asker.briefs[0].open_actions] == [deck]
    deck_index, deck_line = _task_line(path, deck)
    assert deck_line.startswith("- [x] Share the pricing deck 📅 ")
    assert f" ✅ {today} #owner/manager ^{deck}" in deck_line
    later = path.read_text("utf-8").split("\n")
    del later[deck_index], after[deck_index]
    assert later == after  # only that line changed
    everything = {a["id"]: a for a in as_json(coach("actions", "--all", "--json"))["actions"]}
    assert (everything[deck]["status"], everything[deck]["closed_on"]) == ("done", today)


def test_done_on_a_format_1_note_is_kept_beside_it(coach: Run, home: Home) -> None:
    """A note written by coachcli 0.1 is never rewritten: its changes go to actions.toml."""
    shutil.copytree(FIXTURE_V1, home.reps_dir, dirs_exist_ok=True)
    folder = home.reps_dir / "jo-brown"
    notes = {p: p.read_bytes() for p in folder.glob("*.md")}
    assert not (folder / "actions.toml").exists()
    (jo,) = [r for r in as_json(coach("reps", "--json"))["reps"] if r["name"] == "Jo Brown"]
    kept = as_json(coach("history", "Jo Brown", "--json"))["commitments"]["kept"]
    assert "b000013" in _listed(coach, "Jo Brown")

    out = coach("actions", "done", "b000013", "-m", "Sent on Friday").stdout
    assert out.startswith("Done: b000013 Follow-up expansion pricing")
    assert {p: p.read_bytes() for p in folder.glob("*.md")} == notes
    changes = tomllib.loads((folder / "actions.toml").read_text(encoding="utf-8"))
    assert changes == {
        "change": [
            {"action": "b000013", "status": "done", "date": date.today(),
             "comment": "Sent on Friday"},
        ]
    }  # fmt: skip
    assert "b000013" not in _listed(coach)
    (done,) = [
        a for a in as_json(coach("actions", "--all", "--json"))["actions"] if a["id"] == "b000013"
    ]
    assert (done["status"], done["closed_on"], done["comment"]) == (
        "done", date.today().isoformat(), "Sent on Friday"
    )  # fmt: skip
    (now,) = [r for r in as_json(coach("reps", "--json"))["reps"] if r["name"] == "Jo Brown"]
    assert now["open_actions"] == jo["open_actions"] - 1
    history = as_json(coach("history", "Jo Brown", "--json"))
    assert history["commitments"]["kept"] == kept  # b000013 was the manager's to do, not Jo's

    coach("actions", "reopen", "b000013")
    assert "b000013" in _listed(coach, "Jo Brown")
    changes = tomllib.loads((folder / "actions.toml").read_text(encoding="utf-8"))
    assert [(c["action"], c["status"]) for c in changes["change"]] == [
        ("b000013", "done"),
        ("b000013", "open"),
    ]
    assert {p: p.read_bytes() for p in folder.glob("*.md")} == notes


@pytest.fixture
def abc(home: Home) -> Home:
    """Two reps with actions whose ids share the start "abc"; one id used by both."""
    alex, bo = rep(home, "Alex Kim"), rep(home, "Bo Diaz")
    note(home, alex, 5, actions=[act("abc1111", "Send the recap", 3),
                                 act("same777", "Alex's copy", 3)])  # fmt: skip
    note(home, bo, 5, actions=[act("abc2222", "Book the demo", 3), act("same777", "Bo's", 3)])
    return home


def test_an_ambiguous_or_unknown_id_is_a_clear_error(coach: Run, abc: Home) -> None:
    result = coach("actions", "done", "abc", code=1)
    message = result.stderr
    assert "Error: 'abc' matches 2 action items:" in message
    assert "abc1111  alex-kim  Send the recap" in message
    assert "abc2222  bo-diaz  Book the demo" in message
    assert "Type more of the id" in message
    result = coach("actions", "done", "abc3333", code=1)
    assert "No action item has the id 'abc3333'." in result.stderr
    result = coach("actions", "done", "ab", code=1)
    assert "'ab' is too short to pick an action." in result.stderr
    assert not list(abc.reps_dir.glob("*/actions.toml"))  # nothing was changed
    coach("actions", "done", "abc1")
    assert _listed(coach) == ["abc2222", "same777", "same777"]


def test_an_id_two_reps_share_is_told_apart_by_the_rep(coach: Run, abc: Home) -> None:
    result = coach("actions", "done", "same777", code=1)
    assert "matches 2 action items" in result.stderr
    assert "--rep" in flat(result.stderr)
    out = coach("actions", "done", "same777", "--rep", "Bo Diaz").stdout
    assert out == "Done: same777 Bo's\n"
    listed = as_json(coach("actions", "--all", "--json"))["actions"]
    assert [(a["slug"], a["status"]) for a in listed
            if a["id"] == "same777"] == [("alex-kim", "open"), ("bo-diaz", "done")]  # fmt: skip


def test_drop_and_reopen(coach: Run, team: dict[str, Rep], home: Home) -> None:
    path = home.reps_dir / "alex-kim" / f"{iso(12)}-weekly-pipeline.md"
    index, line = _task_line(path, "k1late1")
    today = date.today().isoformat()
    out = coach("actions", "drop", "k1late1", "--comment", "deal lost").stdout
    assert out == "Dropped: k1late1 Send the recap\n"
    dropped = line.replace("- [ ] ", "- [-] ", 1).replace(
        " #owner/rep ", f" ❌ {today} #owner/rep ", 1
    )
    assert _task_line(path, "k1late1") == (index, dropped)
    assert path.read_text("utf-8").split("\n")[index + 1] == f"    - {today} dropped: deal lost"
    assert _listed(coach) == ["m1mine1", "k2soon2"]
    alex = as_json(coach("reps", "--json"))["reps"][
        0
    ]  # a closed action is neither open nor overdue
    assert (alex["name"], alex["open_actions"], alex["overdue_actions"]) == ("Alex Kim", 1, 0)
    (dropped,) = [
        a for a in as_json(coach("actions", "--all", "--json"))["actions"] if a["id"] == "k1late1"
    ]
    assert (dropped["status"], dropped["comment"], dropped["overdue"]) == (
        "dropped",
        "deal lost",
        False,
    )
    result = coach("actions", "drop", "k1late1", code=1)
    assert "Action k1late1 is already dropped: Send the recap" in result.stderr
    assert coach("actions", "reopen", "k1late1").stdout == "Reopened: k1late1 Send the recap\n"
    assert _task_line(path, "k1late1") == (index, line)  # open again, as it was written
    assert _listed(coach, "--overdue") == ["k1late1"]
    result = coach("actions", "reopen", "k1late1", code=1)
    assert "is already open" in result.stderr
    assert not (path.parent / "actions.toml").exists()  # the note holds it all
    # dropped after it was due: history counts it missed while it was dropped
    coach("actions", "drop", "k1late1")
    assert as_json(coach("history", "Alex Kim", "--json"))["commitments"]["missed"] == 1


# --------------------------------------------------------------------------- balance


@pytest.fixture
def mix(home: Home) -> dict[str, Rep]:
    """Alex: a mixed session (10 coaching + 20 performance) 20 days ago and a
    performance session (30) 5 days ago; Bo: a coaching session (30) 10 days ago.

    Alex: 10 of 60 minutes coaching; Bo: 30 of 30; the team: 40 of 90.
    """
    alex, bo = rep(home, "Alex Kim"), rep(home, "Bo Diaz")
    note(home, alex, 20, coaching=10, performance=20)
    note(home, alex, 5, framework="pipeline-review", kind="performance", coaching=0,
         performance=30)  # fmt: skip
    note(home, bo, 10, framework="grow", kind="coaching", coaching=30, performance=0)
    return {"alex": alex, "bo": bo}


def test_balance_by_rep_and_team_against_the_target(coach: Run, mix: dict[str, Rep]) -> None:
    coach("config", "set", "coaching_target", "0.5")
    out = coach("balance").stdout
    assert f"Coaching share of 1:1 time, since {iso(90)} (target 50%)" in out
    assert [r.rsplit(" ", 1)[0] for r in rows(out, "rep")] == [
        "Alex Kim 2 0/1/1 60 17% -33 pts",
        "Bo Diaz 1 1/0/0 30 100% +50 pts",
        "team 3 1/1/1 90 44% -6 pts",
        "kinds: coaching/performance/mixed",
    ]
    assert (
        f"• Coaching is 44% of your 1:1 time since {iso(90)} (target 50%): 6 points under; "
        "plan coaching first with Alex Kim 17%." in flat(out)
    )
    data = as_json(coach("balance", "--json"))
    assert (data["since"], data["until"], data["target"]) == (iso(90), iso(0), 0.5)
    team = data["team"]
    del team["periods"]
    assert team == {
        "sessions": {"coaching": 1, "performance": 1, "mixed": 1},
        "minutes": 90.0,
        "coaching_minutes": 40.0,
        "performance_minutes": 50.0,
        "neutral_minutes": 0.0,
        "coaching_share": round(40 / 90, 4),
        "estimated_sessions": 0,
        "gap": round(40 / 90 - 0.5, 4),
    }
    alex, bo = data["reps"]  # lowest coaching share first
    del alex["periods"]
    assert alex == {
        "rep": "Alex Kim",
        "slug": "alex-kim",
        "sessions": {"coaching": 0, "performance": 1, "mixed": 1},
        "minutes": 60.0,
        "coaching_minutes": 10.0,
        "performance_minutes": 50.0,
        "neutral_minutes": 0.0,
        "coaching_share": round(1 / 6, 4),
        "estimated_sessions": 0,
        "gap": pytest.approx(1 / 6 - 0.5, abs=1e-4),
        "last_coaching": iso(20),  # the mixed session had coaching time
        "suggestion": None,
    }
    assert (bo["rep"], bo["coaching_share"], bo["suggestion"]) == ("Bo Diaz", 1.0, None)
    assert len(data["suggestions"]) == 1


def test_balance_of_one_rep_and_a_window(coach: Run, mix: dict[str, Rep]) -> None:
    data = as_json(coach("balance", "Alex Kim", "--since", "10d", "--json"))
    assert [r["rep"] for r in data["reps"]] == ["Alex Kim"]
    assert (data["team"]["coaching_minutes"], data["team"]["performance_minutes"]) == (0.0, 30.0)
    assert data["since"] == iso(10)
    out = coach("balance", "--since", "15d").stdout
    assert rows(out, "rep")[-2].startswith("team 2 1/1/0 60 50% -10 pts")  # default target 60%


def test_slipping_commitments_suggest_an_accountability_check_in(coach: Run, home: Home) -> None:
    cara = rep(home, "Cara Lee")
    note(home, cara, 14, actions=[act("s1slip1", "Update the CRM", -7),
                                  act("s2slip2", "Call Globex", -2)])  # fmt: skip
    data = as_json(coach("balance", "--json"))
    (row,) = data["reps"]
    reason = (
        "2 commitments slipping (2 overdue, 0 reported not done in the last session): "
        "an accountability check-in"
    )
    assert row["suggestion"] == {
        "framework": "accountability-check-in",
        "reason": reason,
        "see": "docs/choosing.md#commitments-are-slipping",
    }
    assert f'Cara Lee: {reason} → coach start "Cara Lee" -f accountability-check-in' in flat(
        coach("balance").stdout
    )
    # one slipping commitment is not a pattern: then no coaching for 14 days is fine too
    coach("actions", "done", "s1slip1")
    assert as_json(coach("balance", "--json"))["reps"][0]["suggestion"] is None


def test_work_done_but_results_low_suggests_coaching(coach: Run, funnel: Home) -> None:
    dana = rep(funnel, "Dana Fox")
    note(funnel, dana, 3, framework="t-funnel", metrics={"t-demos": 6, "t-win-rate": 10})
    (row,) = as_json(coach("balance", "--json"))["reps"]
    assert row["suggestion"] == {
        "framework": "grow",
        "reason": "activity on target (t-demos) but results below (t-win-rate 10 vs target 25): "
        "the rep does the work but it does not convert, coach the how",
        "see": "docs/choosing.md#the-work-is-done-but-it-does-not-convert",
    }
    assert '→ coach start "Dana Fox" -f grow' in flat(coach("balance").stdout)
    # the activity is not on target either: no such suggestion (and coaching is recent)
    note(funnel, dana, 1, framework="t-funnel", metrics={"t-demos": 3, "t-win-rate": 10})
    assert as_json(coach("balance", "--json"))["reps"][0]["suggestion"] is None


def test_no_coaching_for_a_long_time_says_so(coach: Run, home: Home) -> None:
    eli, fay = rep(home, "Eli Park"), rep(home, "Fay Wu")
    note(home, eli, 45, framework="grow", kind="coaching", coaching=30, performance=0)
    note(home, eli, 5, framework="pipeline-review", kind="performance", coaching=0)
    note(home, fay, 5, framework="pipeline-review", kind="performance", coaching=0)
    note(home, fay, 2, framework="pipeline-review", kind="performance", coaching=0)
    reps = {r["rep"]: r for r in as_json(coach("balance", "--json"))["reps"]}
    assert reps["Eli Park"]["suggestion"] == {
        "framework": "grow",
        "reason": "no coaching session in 45 days: time to work on the how",
        "see": "docs/choosing.md#no-coaching-lately",
    }
    assert reps["Eli Park"]["last_coaching"] == iso(45)
    assert reps["Fay Wu"]["suggestion"] == {
        "framework": "grow",
        "reason": "no coaching session yet in 2 sessions: time to work on the how",
        "see": "docs/choosing.md#no-coaching-lately",
    }
    assert reps["Fay Wu"]["last_coaching"] is None
    out = flat(coach("balance").stdout)
    assert "Eli Park: no coaching session in 45 days" in out
    # a rep with no session in the window is still listed when there is a suggestion
    (only,) = as_json(coach("balance", "Eli Park", "--since", "3d", "--json"))["reps"]
    assert only["sessions"] == {"coaching": 0, "performance": 0, "mixed": 0}
    assert only["suggestion"]["reason"].startswith("no coaching session in 45 days")


def test_coaching_30_days_ago_is_recent_enough(coach: Run, home: Home) -> None:
    gus = rep(home, "Gus Tan")
    note(home, gus, 30, framework="grow", kind="coaching", coaching=30, performance=0)
    note(home, gus, 2, framework="pipeline-review", kind="performance", coaching=0)
    assert as_json(coach("balance", "--json"))["reps"][0]["suggestion"] is None


def _menu(coach: Run, name: str) -> str:
    """The framework menu of `coach start NAME` (no -f), left at once (the input ends)."""
    result = coach("start", name, "--stdin", input="", code=1)
    assert "The input ended before the session started." in result.stderr
    return result.stdout


def test_start_without_a_framework_suggests_one_with_its_reason(coach: Run, funnel: Home) -> None:
    cara = rep(funnel, "Cara Lee")
    note(funnel, cara, 14, actions=[act("s1slip1", "Update the CRM", -7),
                                    act("s2slip2", "Call Globex", -2)])  # fmt: skip
    menu = _menu(coach, "Cara Lee")
    context = [line.strip() for line in menu.splitlines() if "Suggested:" in line]
    assert context == [
        "Suggested: 2 commitments slipping (2 overdue, 0 reported not done in the last "
        "session): an accountability check-in"
    ]
    label = resolve(funnel, "accountability-check-in").name
    entry = rf"{re.escape(label)} \(performance, \d+ min\) · -f accountability-check-in"
    assert re.search(rf"^   Enter takes: {entry}$", menu, re.M)

    dana = rep(funnel, "Dana Fox")
    note(funnel, dana, 3, framework="t-funnel", metrics={"t-demos": 6, "t-win-rate": 10})
    menu = flat(_menu(coach, "Dana Fox"))
    assert "Suggested: activity on target (t-demos) but results below (t-win-rate 10" in menu
    assert f"Enter takes: {resolve(funnel, 'grow').name} (coaching," in menu
    assert not list((funnel.reps_dir / "dana-fox").glob("draft*"))


# --------------------------------------------------------------------------- search


@pytest.fixture
def said(home: Home) -> dict[str, Path]:
    alex, bo = rep(home, "Alex Kim"), rep(home, "Bo Diaz")
    return {
        "alex-30": note(home, alex, 30, answer="We talked about pricing and the economic buyer."),
        "alex-10": note(home, alex, 10, answer="The Economic Buyer joined the call at last."),
        "bo-5": note(home, bo, 5, answer="Pricing came up; the buyer was not economic."),
    }


def _hits(coach: Run, *words: str, code: int = 0) -> list[tuple[str, str]]:
    found = as_json(coach("search", *words, "--json", code=code))
    return [(h["slug"], h["date"]) for h in found["notes"]]


def test_search_words_phrases_case_and_filters(coach: Run, said: dict[str, Path]) -> None:
    assert _hits(coach, "pricing", "buyer") == [("bo-diaz", iso(5)), ("alex-kim", iso(30))]
    assert _hits(coach, "economic buyer") == [("alex-kim", iso(10)), ("alex-kim", iso(30))]
    assert _hits(coach, '"economic buyer"', "pricing") == [("alex-kim", iso(30))]
    assert _hits(coach, "ECONOMIC") == [  # newest first
        ("bo-diaz", iso(5)),
        ("alex-kim", iso(10)),
        ("alex-kim", iso(30)),
    ]
    assert _hits(coach, "economic", "--rep", "Bo Diaz") == [("bo-diaz", iso(5))]
    assert _hits(coach, "economic", "--since", "20d") == [
        ("bo-diaz", iso(5)),
        ("alex-kim", iso(10)),
    ]
    assert _hits(coach, "economic", "--rep", "alex-kim", "--since", iso(10)) == [
        ("alex-kim", iso(10))
    ]


def test_search_shows_one_line_per_note_newest_first(coach: Run, said: dict[str, Path]) -> None:
    out = coach("search", "pricing").stdout
    assert out.splitlines() == [
        f"{iso(5)}  Bo Diaz  weekly-pipeline  Pricing came up; the buyer was not economic.",
        f"{iso(30)}  Alex Kim  weekly-pipeline  We talked about pricing and the economic buyer.",
        "2 notes match.",
    ]


def test_search_json(coach: Run, said: dict[str, Path]) -> None:
    found = as_json(coach("search", "joined", "--json"))
    assert (found["limit"], found["more_notes"]) == (50, False)
    (hit,) = found["notes"]
    path = said["alex-10"]
    number = line_of(path, "The Economic Buyer joined the call at last.")
    assert hit == {
        "rep": "Alex Kim",
        "slug": "alex-kim",
        "date": iso(10),
        "framework": "weekly-pipeline",
        "path": str(path),
        "lines": [{"line": number, "text": "The Economic Buyer joined the call at last."}],
        "more_lines": False,
    }


def test_search_without_a_match(coach: Run, said: dict[str, Path]) -> None:
    result = coach("search", "pricing", "joined", code=1)
    assert result.stdout.strip() == "No note matches."
    result = coach("search", "nothing-like-this", "--json", code=1)
    assert as_json(result) == {"schema_version": 1, "notes": [], "limit": 50, "more_notes": False}
    result = coach("search", "!!", code=1)
    assert "Nothing to search for in '!!'" in result.stderr
    result = coach("search", "pricing", "--rep", "Nobody", code=1)
    assert "No rep named 'Nobody'." in result.stderr


# --------------------------------------------------------------------------- robust reading

# A note coach cannot read (its front matter, or the file): it is left out of
# every listing, and named.
BREAKAGES = {
    "bad YAML": (b"\nkind: coaching\n", b"\nkind: [coaching\n"),
    "a missing key": (b"framework: grow\n", b""),
    "a wrong type": (b"\nmanager: ''\n", b"\nmanager: [1, 2]\n"),
    "a wrong type in a list": (b"\ntags: []\n", b"\ntags: [[1, 2]]\n"),
    "not UTF-8": (b"We worked on discovery.", "Café talk about pricing.".encode("latin-1")),
}


@pytest.fixture
def five(home: Home) -> dict[str, Path]:
    """Alex: three notes (the middle one coaching, to be broken); Bo: one note."""
    alex, bo = rep(home, "Alex Kim"), rep(home, "Bo Diaz")
    return {
        "alex-30": note(home, alex, 30, answer="pricing talk", actions=[act("x1aaaaa", "One", 3)]),
        "alex-20": note(home, alex, 20, framework="grow", kind="coaching", coaching=30,
                        performance=0, answer="We worked on discovery.",
                        actions=[act("x2bbbbb", "Two", 3)]),
        "alex-10": note(home, alex, 10, answer="pricing again",
                        actions=[act("x3ccccc", "Three", 4)]),
        "bo-5": note(home, bo, 5, answer="pricing for Bo", actions=[act("x4ddddd", "Four", 5)]),
    }  # fmt: skip


def _break(path: Path, old: bytes, new: bytes) -> bytes:
    """Change ``old`` (found once) to ``new`` in the note; return the note as it was."""
    text = path.read_bytes()
    assert text.count(old) == 1
    path.write_bytes(text.replace(old, new))
    return text


def _listings(coach: Run, warning: str) -> dict[str, Any]:
    """Every listing's JSON, each warning once (``warning``, one line) and carrying on."""
    found = {}
    for args in (("history", "Alex Kim"), ("reps",), ("actions",), ("balance",),
                 ("search", "pricing")):  # fmt: skip
        result = coach(*args, "--json", code=None)
        assert result.exit_code == 0, (args, result.output)
        assert warnings_in(result.stderr) == [warning], (args, result.stderr)
        found[args[0]] = as_json(result)
        for listing in ("reps", "actions"):
            if args[0] == listing:
                found[listing] = found[listing][listing]
        # the text listings warn the same way, in one line (never folded, so it
        # can be copied or grepped)
        result = coach(*args)
        assert result.stderr.splitlines() == [warning], (args, result.stderr)
    return found


@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_a_note_broken_by_hand_warns_once_in_every_listing(
    coach: Run, five: dict[str, Path], breakage: str
) -> None:
    path = five["alex-20"]
    text = _break(path, *BREAKAGES[breakage])
    (warning,) = warnings_in(coach("history", "Alex Kim").stderr)
    assert warning.startswith(f"Warning: {path}: ")
    assert not re.match(r"line \d+:", warning.removeprefix(f"Warning: {path}: "))  # the note

    listed = _listings(coach, warning)
    assert [s["date"] for s in listed["history"]["sessions"]] == [iso(30), iso(10)]
    assert [(r["name"], r["sessions"], r["open_actions"]) for r in listed["reps"]] == [
        ("Alex Kim", 2, 2),
        ("Bo Diaz", 1, 1),
    ]
    assert [a["id"] for a in listed["actions"]] == ["x1aaaaa", "x3ccccc", "x4ddddd"]
    assert listed["balance"]["team"]["sessions"] == {"coaching": 0, "performance": 0, "mixed": 3}
    assert [(h["slug"], h["date"]) for h in listed["search"]["notes"]] == [
        ("bo-diaz", iso(5)),
        ("alex-kim", iso(10)),
        ("alex-kim", iso(30)),
    ]

    # fixed: no more warnings, and the note is back
    path.write_bytes(text)
    result = coach("history", "Alex Kim", "--json")
    assert result.stderr == ""
    assert len(as_json(result)["sessions"]) == 3


# A part of a note's body coach cannot read: that part is left out and named
# with its line (the line starting with the last text here); the rest is read.
BROKEN_PARTS = {
    "a mangled task line": (
        f"📅 {(date.today() + timedelta(days=3)).isoformat()}".encode(),
        "📅 2026-13-45".encode(),
        "- [ ] Two ",
    ),
    "a section without its marker": (
        b"<!-- section: skills coaching private -->\n",
        b"",
        "## Skills",
    ),
}


@pytest.mark.parametrize("breakage", list(BROKEN_PARTS))
def test_a_part_broken_by_hand_warns_with_its_line_in_every_listing(
    coach: Run, five: dict[str, Path], breakage: str
) -> None:
    path = five["alex-20"]
    old, new, where = BROKEN_PARTS[breakage]
    text = _break(path, old, new)
    lines = path.read_text("utf-8").split("\n")
    (line,) = [n for n, content in enumerate(lines, start=1) if content.startswith(where)]
    (warning,) = warnings_in(coach("history", "Alex Kim").stderr)
    assert warning.startswith(f"Warning: {path}: line {line}: ")

    listed = _listings(coach, warning)
    assert [s["date"] for s in listed["history"]["sessions"]] == [iso(30), iso(20), iso(10)]
    tasks = (
        ["x1aaaaa", "x3ccccc"]
        if breakage == "a mangled task line"
        else ["x1aaaaa", "x2bbbbb", "x3ccccc"]
    )
    assert [(r["name"], r["sessions"], r["open_actions"]) for r in listed["reps"]] == [
        ("Alex Kim", 3, len(tasks)),
        ("Bo Diaz", 1, 1),
    ]
    assert [a["id"] for a in listed["actions"]] == [*tasks, "x4ddddd"]
    assert listed["balance"]["team"]["sessions"] == {"coaching": 1, "performance": 0, "mixed": 3}
    assert [(h["slug"], h["date"]) for h in listed["search"]["notes"]] == [
        ("bo-diaz", iso(5)),
        ("alex-kim", iso(10)),
        ("alex-kim", iso(30)),
    ]

    # fixed: no more warnings
    path.write_bytes(text)
    result = coach("actions", "--json")
    assert result.stderr == ""
    assert [a["id"] for a in as_json(result)["actions"]] == [
        "x1aaaaa",
        "x2bbbbb",
        "x3ccccc",
        "x4ddddd",
    ]


def test_the_managers_own_markdown_in_a_rep_folder_is_never_read_as_a_note(
    coach: Run, five: dict[str, Path]
) -> None:
    folder = five["alex-10"].parent
    (folder / "ideas.md").write_text("no front matter: my own thoughts on Alex\n")
    (folder / "Alex Kim.md").write_bytes(five["alex-10"].read_bytes())  # a page, not a note
    (folder / "Coaching plan.md").write_text("---\nschema: [broken\n---\n")
    listings = [["history", "Alex Kim"], ["reps"], ["actions"], ["balance"], ["search", "pricing"]]
    for args in [*listings, ["show", "Alex Kim"], ["show", "Alex Kim", iso(30)]]:
        result = coach(*args)
        assert result.stderr == "", (args, result.stderr)
    assert len(as_json(coach("history", "Alex Kim", "--json"))["sessions"]) == 3
    assert "note 1 of 3" in coach("show", "Alex Kim").stdout


def test_a_note_edited_by_hand_shows_at_once(coach: Run, home: Home) -> None:
    alex = rep(home, "Alex Kim")
    path = note(home, alex, 10, metrics={"meetings": 6}, answer="pricing talk")
    assert as_json(coach("history", "Alex Kim", "--json"))["metrics"][0]["last"] == 6.0
    assert _hits(coach, "renewal", code=1) == []
    text = path.read_text("utf-8")
    path.write_text(
        text.replace("meetings: 6", "meetings: 9").replace("pricing talk", "renewal talk"),
        encoding="utf-8",
    )
    data = as_json(coach("history", "Alex Kim", "--json"))
    assert data["metrics"][0]["last"] == 9.0
    assert data["metrics"][0]["on_target"] is True
    assert _hits(coach, "renewal") == [("alex-kim", iso(10))]
    assert _hits(coach, "pricing", code=1) == []


def test_a_deleted_note_disappears(coach: Run, five: dict[str, Path]) -> None:
    coach("history", "Alex Kim")  # the index knows every note
    five["alex-10"].unlink()
    assert _dates(coach) == [iso(30), iso(20)]
    assert "x3ccccc" not in _listed(coach)
    assert ("alex-kim", iso(10)) not in _hits(coach, "pricing")
    assert as_json(coach("reps", "--json"))["reps"][0]["last_date"] == iso(20)


def test_deleting_the_index_loses_nothing(coach: Run, home: Home, five: dict[str, Path]) -> None:
    coach("actions", "done", "x1aaaaa", "-m", "sent")
    commands = [
        ("history", "Alex Kim", "--json"),
        ("reps", "--json"),
        ("actions", "--all", "--json"),
        ("balance", "--json"),
        ("search", "pricing", "--json"),
    ]
    before = [coach(*c).stdout for c in commands]
    path = index_path(home)
    assert path.exists()
    assert home.root not in path.parents  # the cache is not with the notes
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    assert [coach(*c).stdout for c in commands] == before
    assert path.exists()
    shutil.rmtree(path.parent.parent)  # the whole cache folder
    assert [coach(*c).stdout for c in commands] == before


def test_index_rebuild_and_path(coach: Run, home: Home, five: dict[str, Path]) -> None:
    assert coach("index", "rebuild").stdout == "Indexed 4 notes.\n"
    assert coach("index", "path").stdout == f"{index_path(home)}\n"
    note(home, rep(home, "Cy Ng"), 1)
    assert coach("index", "rebuild").stdout == "Indexed 5 notes.\n"
    five["bo-5"].write_bytes(b"\xff not a note")
    result = coach("index", "rebuild")
    assert result.stdout == "Indexed 4 notes.\n"
    (warning,) = warnings_in(result.stderr)
    assert warning.startswith(f"Warning: {five['bo-5']}: not UTF-8 text")


def test_the_index_folder_follows_the_cache_setting(
    coach: Run, home: Home, five: dict[str, Path]
) -> None:
    coach("index", "rebuild")
    assert str(index_path(home)).startswith(os.environ["XDG_CACHE_HOME"])
