"""`coach calendar`: the transcript, the file it writes, and text a manager typed, read back."""

from __future__ import annotations

import stat
from datetime import date, timedelta
from pathlib import Path

import icalendar
import vobject

from coachcli.answers import start_from_file
from coachcli.home import Home

from .helpers import Run

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "grow-answers.toml"
HOSTILE = 'Call Acme, then Globex; ask "why now?" \\ café 李雷 🙂'


def _met(home: Home, days_ago: int = 3) -> date:
    day = date.today() - timedelta(days=days_ago)
    start_from_file(home, "Dana Fox", EXAMPLE, "grow", day=day.isoformat())
    return day


def test_calendar_prints_the_ics_for_a_pipe(coach: Run, coach_home: Home) -> None:
    _met(coach_home)
    result = coach("calendar")
    assert result.stderr == ""
    assert result.stdout_bytes.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    events = icalendar.Calendar.from_ical(result.stdout).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == [
        "1:1 with Dana Fox (due)",
        "Dana Fox: Send Alex the Globex customer story",  # soonest due first
        "Dana Fox: Ask the comparison question on the Acme follow-up",
    ]


def test_calendar_writes_a_file_only_its_owner_reads(
    coach: Run, coach_home: Home, tmp_path: Path
) -> None:
    _met(coach_home)
    target = tmp_path / "coach.ics"
    result = coach("calendar", "--no-actions", "-o", str(target))
    assert result.stdout == ""
    assert result.stderr == f"Wrote {target}: 1 event.\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    (event,) = vobject.readOne(target.read_text(encoding="utf-8")).vevent_list
    assert event.summary.value == "1:1 with Dana Fox (due)"
    again = coach("calendar", "--owner", "manager", "-o", str(target))
    assert again.stderr == f"Wrote {target}: 2 events.\n"  # replaced, still 0600
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_calendar_into_a_missing_folder_says_so(
    coach: Run, coach_home: Home, tmp_path: Path
) -> None:
    _met(coach_home)
    target = tmp_path / "no-such" / "coach.ics"
    result = coach("calendar", "-o", str(target), code=1)
    assert result.stderr == (
        f"Error: No folder {target.parent}: could not write {target}.\n"
        "Create the folder first, or give a file in a folder that exists.\n"
    )
    assert not target.parent.exists()


def test_calendar_on_an_empty_home(coach: Run, tmp_path: Path) -> None:
    result = coach("calendar", "-o", str(tmp_path / "coach.ics"), code=1)
    assert result.stdout == ""
    assert result.stderr == (
        'Error: Nothing to put in a calendar: no active rep.\nStart with: coach start "Alex Kim"\n'
    )
    assert not (tmp_path / "coach.ics").exists()


def test_calendar_refuses_an_unknown_owner(coach: Run) -> None:
    result = coach("calendar", "--owner", "boss", code=2)
    assert "'boss' is not one of 'rep', 'manager'" in result.stderr


def test_calendar_help_has_an_example(coach: Run) -> None:
    result = coach("calendar", "--help")
    assert "Example: coach calendar -o ~/coach.ics" in result.stdout
    assert "keep it private" in " ".join(result.stdout.split())


def test_typed_text_comes_back_from_both_parsers(
    coach: Run, coach_home: Home, tmp_path: Path
) -> None:
    """An action's text as typed in a 1:1 (iCalendar's own , ; \\ and any script), through the
    note, the index and the file."""
    answers = tmp_path / "answers.toml"
    text = EXAMPLE.read_text(encoding="utf-8")
    escaped = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    answers.write_text(
        text.replace("Send Alex the Globex customer story", escaped), encoding="utf-8"
    )
    start_from_file(coach_home, "Dana Fox", answers, "grow")
    data = coach("calendar", "Dana", "--owner", "manager").stdout
    summaries = [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")]
    assert summaries == ["1:1 with Dana Fox (due)", f"Dana Fox: {HOSTILE}"]
    assert [e.summary.value for e in vobject.readOne(data).vevent_list] == summaries
