"""Every count reads right in the singular: "1 note matches", "1 piece of feedback"."""

from __future__ import annotations

import re
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from coachcli.analytics.suggestions import _coaching_gap
from coachcli.dates import humanize_due
from coachcli.errors import CoachError
from coachcli.home import Home
from coachcli.loader import load_file
from coachcli.outline import to_markdown
from coachcli.records import NoteRow
from coachcli.wording import days_ago, plural, verb

from .helpers import Run, notes_in

FIXTURE = Path(__file__).parent / "fixtures" / "frameworks" / "valid.toml"

ONE_OF_EACH = """\
[answers]
calls-made = 12
one-thing = "Ask for the budget earlier"

[[feedback]]
template = "sbi"
situation = "the Initech call"
behaviour = "asked about the budget"
impact = "the buyer named a number"

[[actions]]
text = "Send the recap"
owner = "rep"
due = "+7d"
"""


@pytest.fixture
def home(coach_home: Home) -> Home:
    coach_home.frameworks_dir.mkdir(parents=True)
    shutil.copy(FIXTURE, coach_home.frameworks_dir / "weekly-pipeline.toml")
    return coach_home


def _move_to(note: Path, day: date) -> None:
    """Correct the note's date by hand, as a manager may."""
    text = note.read_text()
    note.write_text(re.sub(r"^date: \S+$", f"date: {day.isoformat()}", text, count=1, flags=re.M))


def test_the_words_themselves() -> None:
    assert [plural(n, "deal") for n in (0, 1, 2)] == ["0 deals", "1 deal", "2 deals"]
    assert plural(1, "piece") + " of feedback" == "1 piece of feedback"
    assert [verb(n, "matches", "match") for n in (0, 1, 2)] == ["match", "matches", "match"]
    assert [days_ago(n) for n in (0, 1, 2)] == ["today", "yesterday", "2 days ago"]
    today = date(2026, 11, 27)
    assert humanize_due(today - timedelta(days=1), today) == "1 day overdue"
    assert humanize_due(today - timedelta(days=2), today) == "2 days overdue"


def test_a_session_search_index_history_migrate_and_reps_in_the_singular(
    coach: Run, home: Home, tmp_path: Path
) -> None:
    answers = tmp_path / "one.toml"
    answers.write_text(ONE_OF_EACH)
    out = coach("start", "Alex Kim", "-f", "weekly-pipeline", "--answers", str(answers)).stdout
    assert "2 of 2 questions answered, 1 action item, 1 piece of feedback," in out
    assert "Alex Kim: 1 session" in coach("history", "Alex Kim").stdout
    assert "1 note matches." in coach("search", "recap").stdout
    assert "Indexed 1 note." in coach("index", "rebuild").stdout
    assert "Nothing to migrate: 1 note is in the current format." in coach("migrate").stdout
    coach("rep", "edit", "Alex Kim", "--cadence", "1")
    assert "every day" in coach("rep", "show", "Alex Kim").stdout

    (note,) = notes_in(home.reps_dir)
    _move_to(note, date.today() - timedelta(days=2))
    assert "1 day late" in coach("reps").stdout

    _move_to(note, date.today() - timedelta(days=1))
    brief = coach("start", "Alex Kim", "--stdin", input="weekly-pipeline\n", code=1).stdout
    assert "1 session in all; the last one yesterday." in brief
    assert "Last coaching: yesterday · last performance: yesterday" in brief


def test_framework_messages_in_the_singular(coach: Run, home: Home, tmp_path: Path) -> None:
    text = FIXTURE.read_text()
    one_question = text.replace(
        '[[sections]]\nid = "wrap-up"', '[[sections]]\nid = "wrap-up"\npick = 2'
    )
    path = tmp_path / "weekly-pipeline.toml"
    path.write_text(one_question)
    with pytest.raises(CoachError):
        load_file(path)
    result = coach("frameworks", "validate", str(path), code=1)
    assert "pick = 2 but the section has only 1 question\n" in result.stdout
    assert "Error: 1 of 1 framework file is invalid." in result.stderr

    framework = load_file(FIXTURE)
    short = framework.model_copy(
        update={
            "minutes": 1,
            "closing": framework.closing.model_copy(update={"default_due_days": 1}),
        }
    )
    shown = to_markdown(short)
    assert "· 1 minute" in shown and "due in 1 day by default" in shown


def test_a_suggestion_after_one_session_in_the_singular() -> None:
    one = NoteRow(
        path=Path("2026-11-20-pipeline.md"), rep_slug="alex-kim", rep="Alex Kim",
        started=datetime(2026, 11, 20, 10, 0), framework="pipeline-review",
        framework_name="Pipeline review", kind="performance", duration_minutes=30,
        coaching_minutes=0, performance_minutes=30, summary="",
    )  # fmt: skip
    said = _coaching_gap([one], date(2026, 11, 27))
    assert said == "no coaching session yet in 1 session: time to work on the how"


@pytest.mark.parametrize(
    ("value", "unit", "said"),
    [(1, "deals", "1 deal"), (2, "deals", "2 deals"), (1, "opportunities", "1 opportunity"),
     (1, "times", "1 time"), (1, "first meetings", "1 first meeting"), (1, "k", "1 k"),
     (1, "%", "1%"), (1, "×", "1×"), (1, "min", "1 min"), (1.5, "deals", "1.5 deals"),
     (1, "business", "1 business"), (0, "reps", "0 reps"), (2500000, "", "2500000"),
     (1234567.5, "", "1234568"), (999999.5, "", "1000000"), (12.3456789, "", "12.3457")],
)  # fmt: skip
def test_a_frameworks_unit_reads_right_after_1(value: float, unit: str, said: str) -> None:
    from coachcli.wording import with_unit

    assert with_unit(value, unit) == said
