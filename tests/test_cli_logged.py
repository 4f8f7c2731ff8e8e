"""A 1:1 logged afterwards: `coach start --date/--time/--minutes` and answers files' date, time
and minutes, through the command line (CliRunner transcripts).

Dates are relative to the real today, since the command asks the clock: a
1:1 still to come is refused.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from coachcli.home import Home

from .helpers import Run, notes_in

FIXTURE = Path(__file__).parent / "fixtures" / "frameworks" / "valid.toml"
START = ("start", "Alex Kim", "-f", "weekly-pipeline", "--yes", "--stdin")
# a weekly-pipeline session as typed, up to and with the summary
TYPED = [
    "42", "2", "Acme renewal", "", "4", "The Initech call.", "", "Ask for the budget earlier",
    "", "3", "6", "Book a call with the CFO", "", "+7d", "", "Logged from my notes.", "",
]  # fmt: skip
MINIMAL = '[answers]\ncalls-made = 12\none-thing = "Ask for the budget earlier"\n'


@pytest.fixture
def home(coach_home: Home) -> Home:
    coach_home.frameworks_dir.mkdir(parents=True)
    shutil.copy(FIXTURE, coach_home.frameworks_dir / "weekly-pipeline.toml")
    return coach_home


def days_ago(n: int) -> date:
    return date.today() - timedelta(days=n)


def typed(*lines: str) -> str:
    return "".join(line + "\n" for line in lines)


def front_matter(note: Path) -> dict[str, Any]:
    data = yaml.safe_load(note.read_text(encoding="utf-8")[4:].partition("\n---\n")[0])
    assert isinstance(data, dict)
    return data


def saved_note(output: str) -> Path:
    match = re.search(r"^Saved (\S+\.md)$", output, re.MULTILINE)
    assert match, output
    return Path(match.group(1))


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ --date --time --minutes


def test_date_time_and_minutes_log_a_1on1_that_happened(coach: Run, home: Home) -> None:
    day = days_ago(7)
    result = coach(*START, "--date", day.isoformat(), "--time", "14:00", "--minutes", "30",
                   input=typed(*TYPED))  # fmt: skip
    assert "How long was the 1:1?" not in result.stdout  # given: not asked
    note = saved_note(result.stdout)
    assert note.name == f"{day.isoformat()}-weekly-pipeline.md"
    assert "1 action item, 30 min." in result.stdout
    # due dates count from the day of the 1:1
    assert f"[ ] Book a call with the CFO (rep, due {(day + timedelta(days=7)).isoformat()})" in (
        result.stdout
    )
    meta = front_matter(note)
    assert (str(meta["date"]), meta["start"], meta["minutes"]) == (
        day.isoformat(), f"{day.isoformat()}T14:00", 30,
    )  # fmt: skip
    # planned 10 minutes of performance and 20 of coaching, of a 30-minute 1:1
    assert (meta["coaching_minutes"], meta["performance_minutes"]) == (20, 10)


def test_a_logged_1on1_without_minutes_offers_the_plan(coach: Run, home: Home) -> None:
    result = coach(*START, "--date", "yesterday", "--time", "9:30", input=typed(*TYPED, ""))
    out = result.stdout
    assert "How long was the 1:1?  (in min, required)" in out
    assert "Weekly pipeline 1:1 plans 30 min" in out
    assert "Enter takes: 30 min" in out
    assert "⏱" not in out and " used" not in out  # the time at the prompts is not the meeting's
    assert "How many calls did you make this week?" in out
    meta = front_matter(saved_note(out))
    assert meta["start"] == f"{days_ago(1).isoformat()}T09:30"
    assert meta["minutes"] == 30


def test_minutes_alone_log_a_1on1_that_just_ended(coach: Run, home: Home) -> None:
    result = coach(*START, "--minutes", "45", input=typed(*TYPED))
    meta = front_matter(saved_note(result.stdout))
    assert meta["minutes"] == 45
    assert (meta["coaching_minutes"], meta["performance_minutes"]) == (30, 15)
    assert str(meta["date"]) in (date.today().isoformat(), days_ago(1).isoformat())  # midnight


def test_a_1on1_still_to_come_is_refused(coach: Run, home: Home) -> None:
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    result = coach(*START, "--date", tomorrow, input=typed(*TYPED), code=1)
    assert result.stderr == (
        f"Error: --date: the 1:1 on {tomorrow} has not happened yet; coach logs 1:1s that "
        "already took place.\nRun coach start without --date when the 1:1 begins.\n"
    )
    assert not (home.reps_dir / "alex-kim").exists()  # nothing was created


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--date", "2026-13-01", "Error: --date: '2026-13-01' is not a date; write the day of "
         "the 1:1 as 2026-11-20.\ne.g. --date 2026-11-20\n"),
        ("--date", "20/11/2026", "Error: --date: '20/11/2026' is not a date"),
        ("--time", "25:00", "Error: --time: '25:00' is not a time of day; write when the 1:1 "
         "started as 14:00 (24-hour).\ne.g. --time 9:30\n"),
        ("--time", "2pm", "Error: --time: '2pm' is not a time of day"),
        ("--minutes", "0", "Error: --minutes: a 1:1 of 0 minutes? Give its length from 1 to "
         "600 minutes.\ne.g. --minutes 30\n"),
        ("--minutes", "-30", "Error: --minutes: a 1:1 of -30 minutes?"),
        ("--minutes", "601", "Error: --minutes: a 1:1 of 601 minutes?"),
    ],
)  # fmt: skip
def test_a_bad_date_time_or_length_is_a_clear_error(
    coach: Run, home: Home, option: str, value: str, message: str
) -> None:
    result = coach(*START, option, value, input=typed(*TYPED), code=1)
    assert result.stderr.startswith(message)
    assert not (home.reps_dir / "alex-kim").exists()


def test_minutes_that_are_not_a_number_are_a_usage_error(coach: Run, home: Home) -> None:
    result = coach(*START, "--minutes", "half", input=typed(*TYPED), code=2)
    assert "Invalid value for '--minutes'" in result.stderr


# --------------------------------------------------------------------------- answers files


def test_an_answers_file_gives_the_date_time_and_minutes(
    coach: Run, home: Home, tmp_path: Path
) -> None:
    day = days_ago(3)
    answers = write(tmp_path / "a.toml", f'date = {day}\ntime = "16:15"\nminutes = 40\n{MINIMAL}')
    result = coach("start", "Alex Kim", "-f", "weekly-pipeline", "--yes", "--answers", str(answers))
    meta = front_matter(saved_note(result.stdout))
    assert (meta["start"], meta["minutes"]) == (f"{day}T16:15", 40)
    assert meta["coaching_minutes"] + meta["performance_minutes"] == 40


def test_an_answers_file_takes_dates_as_text_and_times_as_toml_times(
    coach: Run, home: Home, tmp_path: Path
) -> None:
    day = days_ago(2)
    answers = write(tmp_path / "a.toml", f'date = "{day}"\ntime = 08:05:00\n{MINIMAL}')
    result = coach("start", "Alex Kim", "-f", "weekly-pipeline", "--yes", "--answers", str(answers))
    meta = front_matter(saved_note(result.stdout))
    # no minutes: the framework's plan
    assert (meta["start"], meta["minutes"]) == (f"{day}T08:05", 30)
    assert (meta["coaching_minutes"], meta["performance_minutes"]) == (20, 10)


def test_an_answers_file_without_them_is_a_1on1_today_as_long_as_planned(
    coach: Run, home: Home, tmp_path: Path
) -> None:
    answers = write(tmp_path / "a.toml", MINIMAL)
    result = coach("start", "Alex Kim", "-f", "weekly-pipeline", "--yes", "--answers", str(answers))
    meta = front_matter(saved_note(result.stdout))
    assert str(meta["date"]) == date.today().isoformat()
    assert meta["minutes"] == 30


def test_options_win_over_the_answers_file(coach: Run, home: Home, tmp_path: Path) -> None:
    answers = write(tmp_path / "a.toml", f"date = {days_ago(3)}\nminutes = 40\n{MINIMAL}")
    result = coach("start", "Alex Kim", "-f", "weekly-pipeline", "--yes", "--answers",
                   str(answers), "--date", str(days_ago(5)), "--time", "10:00")  # fmt: skip
    meta = front_matter(saved_note(result.stdout))
    assert (meta["start"], meta["minutes"]) == (f"{days_ago(5)}T10:00", 40)


@pytest.mark.parametrize(
    ("head", "message"),
    [
        ('date = "2026-13-01"', "a.toml: line 1, date: '2026-13-01' is not a date; write the "
         "day of the 1:1 as 2026-11-20"),
        ('date = "last tuesday"', "a.toml: line 1, date: 'last tuesday' is not a date"),
        ('time = "25:00"', "a.toml: line 1, time: '25:00' is not a time of day"),
        ("minutes = 0", "a.toml: line 1, minutes: must be at least 1, got 0"),
        ("minutes = 601", "a.toml: line 1, minutes: must be at most 600, got 601"),
        ('minutes = "30"', "a.toml: line 1, minutes: expected a whole number"),
        ("minutes = 1.5", "a.toml: line 1, minutes: expected a whole number"),
        ("minutes = true", "a.toml: line 1, minutes: expected a whole number"),
    ],
)  # fmt: skip
def test_an_answers_file_with_a_bad_date_time_or_length_names_the_line(
    coach: Run, home: Home, tmp_path: Path, head: str, message: str
) -> None:
    answers = write(tmp_path / "a.toml", f"{head}\n{MINIMAL}")
    result = coach("start", "Alex Kim", "-f", "weekly-pipeline", "--yes", "--answers",
                   str(answers), code=1)  # fmt: skip
    assert message in result.stderr
    assert not (home.reps_dir / "alex-kim").exists()


def test_an_answers_file_for_a_day_to_come_is_refused(
    coach: Run, home: Home, tmp_path: Path
) -> None:
    later = date.today() + timedelta(days=2)
    answers = write(tmp_path / "a.toml", f"date = {later}\n{MINIMAL}")
    result = coach("start", "Alex Kim", "-f", "weekly-pipeline", "--yes", "--answers",
                   str(answers), code=1)  # fmt: skip
    assert f"Error: {answers}: date: the 1:1 on {later} has not happened yet" in result.stderr


# --------------------------------------------------------------------------- in order of meeting


def test_a_1on1_logged_late_sorts_by_its_meeting_date(
    coach: Run, home: Home, tmp_path: Path
) -> None:
    answers = write(tmp_path / "a.toml", MINIMAL)
    start = ("start", "Alex Kim", "-f", "weekly-pipeline", "--yes", "--answers", str(answers))
    coach(*start, "--date", str(days_ago(2)), "--minutes", "20")
    coach(*start, "--date", str(days_ago(20)), "--minutes", "45")  # typed up last of all
    coach(*start, "--date", str(days_ago(9)), "--time", "8:00", "--minutes", "30")
    history = json.loads(coach("history", "Alex Kim", "--json").stdout)
    assert [(s["date"], s["duration_minutes"]) for s in history["sessions"]] == [
        (str(days_ago(20)), 45),
        (str(days_ago(9)), 30),
        (str(days_ago(2)), 20),
    ]
    assert (history["coaching_minutes"], history["performance_minutes"]) == (63.3, 31.7)
    reps = json.loads(coach("reps", "--json").stdout)["reps"]
    (alex,) = reps["reps"] if isinstance(reps, dict) else reps
    assert (alex["sessions"], alex["last_date"]) == (3, str(days_ago(2)))
    names = [p.name for p in notes_in(home.reps_dir / "alex-kim")]
    assert names == [f"{days_ago(n)}-weekly-pipeline.md" for n in (20, 9, 2)]


def test_tomorrow_is_said_to_be_still_to_come(coach: Run, home: Home) -> None:
    result = coach(*START, "--date", "tomorrow", input=typed(*TYPED), code=1)
    assert "the 1:1 tomorrow has not happened yet" in result.stderr


def test_a_dry_run_for_a_logged_1on1_sees_the_rep_as_of_that_day(
    coach: Run, home: Home, tmp_path: Path
) -> None:
    def agreeing(action: str, name: str) -> str:
        path = tmp_path / name
        path.write_text(MINIMAL + f'[[actions]]\ntext = "{action}"\ndue = "+30d"\n')
        return str(path)

    ten = days_ago(10).isoformat()
    coach(*START[:-1], "--answers", agreeing("Book the CFO call", "a.toml"), "--date", ten)
    coach(*START[:-1], "--answers", agreeing("Send the order form", "b.toml"))  # today
    out = coach(*START[:-1], "--dry-run", "--date", days_ago(5).isoformat()).stdout
    assert "Book the CFO call" in out
    assert "Send the order form" not in out  # agreed after that day
