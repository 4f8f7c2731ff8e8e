"""Fewer keystrokes in a real pseudo-terminal: /next, last time's values, units after numbers."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from coachcli.home import Home

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pexpect needs a POSIX pseudo-terminal", allow_module_level=True)

from .terminal import (
    START,
    Terminal,
    front_matter,
    questions_asked,
    saved_note,
    with_the_fixture_framework,
)

pytestmark = pytest.mark.slow

LAST_WEEK = """\
[answers]
calls-made = 40
one-thing = "Ask for the budget earlier"

[ratings]
discovery = 3

[metrics]
meetings = 6
"""


@pytest.fixture
def home(coach_home: Home) -> Home:
    return with_the_fixture_framework(coach_home)


def test_next_finishes_a_section_the_ratings_and_the_metrics(home: Home, tmp_path: Path) -> None:
    t = Terminal(home, tmp_path, *START)
    t.answer("How many calls did you make this week?", "42")
    t.answer("Where is your forecast for the quarter?", "/next")
    t.wait("Skipping the rest of Numbers.")
    t.answer("How confident are you in your discovery calls?", "/next")
    t.wait("Skipping the rest of Skills.")
    t.answer("one thing you will do differently", "Ask for the economic buyer earlier")
    t.answer("Give feedback?", "")
    t.answer("Rate: Discovery", "/n")
    t.wait("Skipping the rest of the ratings.")
    t.answer("First meetings held", "/next")
    t.wait("Skipping the rest of the metrics.")
    t.answer("What will each of you do", "Book a call with the CFO")
    t.answer("Who owns it?", "/next")
    t.wait_words("Skipping the rest of the action items. Still to answer (required):")
    t.answer("Who owns it?", "")
    t.answer("Due when?", "+7d")
    t.answer("Sum up the session", "/next")
    t.answer("How long was the 1:1?", "")  # required: /next does not pass over it
    t.wait("Saved")
    assert t.finish() == 0
    assert "Another action item?" not in t.text
    note = saved_note(t.text)
    assert questions_asked(note) == ["calls-made", "one-thing"]  # passed over: not in the note
    meta = front_matter(note)
    assert not [k for k in meta if k.startswith(("rating-", "metric-"))]
    assert "Book a call with the CFO" in note.read_text()
    assert "## Summary" not in note.read_text()


def test_enter_keeps_last_times_rating_and_metric(home: Home, tmp_path: Path) -> None:
    answers = tmp_path / "last-week.toml"
    answers.write_text(LAST_WEEK)
    first = Terminal(home, tmp_path, *START, "--answers", str(answers))
    assert first.finish() == 0, first.text

    # a terminal that can move its cursor: the unit is written after the number
    t = Terminal(home, tmp_path, *START, "--no-brief", term="xterm")
    t.answer("How many calls did you make this week?", "45")
    t.answer("Where is your forecast for the quarter?", "")
    t.answer("Which deals slipped?", "")
    t.answer("How confident are you in your discovery calls?", "")
    t.answer("Tell me about your best call", "The Initech call.", "")
    t.answer("one thing you will do differently", "Ask for the economic buyer earlier")
    t.answer("Give feedback?", "")
    t.wait("Rate: Discovery")
    t.answer("Enter keeps: 3, last time", "")
    t.wait("3: no change since last time")
    t.wait("First meetings held")
    t.answer("Enter keeps: 6 meetings, last time", "")
    t.wait("6 meetings: no change since last time, off target (8)")
    t.answer("What will each of you do", "")
    t.answer("Sum up the session", "Steady.", "")
    t.answer("How long was the 1:1?", "")
    t.wait("Saved")
    assert t.finish() == 0
    screen = t.text
    assert "How many calls did you make this week?  (in calls, required)" in screen
    assert "› 45 calls\n" in screen  # the answer line written again, the unit after it
    assert "› 6 meetings\n" in screen  # Enter took last time's value: shown with its unit
    assert "› calls" not in screen and "› meetings" not in screen
    meta = front_matter(saved_note(screen))
    assert (meta["rating-discovery"], meta["metric-meetings"]) == (3, 6)
