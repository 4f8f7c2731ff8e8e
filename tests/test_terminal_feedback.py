"""In a real terminal: the commitment review (still open, why not done, the counts) and
feedback that reads well (the sentence with its blank, the judgement check, the repair)."""

from __future__ import annotations

import shutil
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from coachcli.home import Home
from coachcli.start import StartOptions, start_session

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pexpect needs a POSIX pseudo-terminal", allow_module_level=True)

from .helpers import FULL, first_plan
from .scripted import ScriptedAsker
from .terminal import FIXTURE, START, Terminal, saved_note

pytestmark = pytest.mark.slow


@pytest.fixture
def home(coach_home: Home) -> Home:
    coach_home.frameworks_dir.mkdir(parents=True)
    shutil.copy(FIXTURE, coach_home.frameworks_dir / "weekly-pipeline.toml")
    return coach_home


def test_review_and_feedback_in_a_terminal(home: Home, tmp_path: Path) -> None:
    # a 1:1 two weeks ago agreed two actions: one due last week, one due today
    ago = datetime.now().astimezone() - timedelta(days=14)
    options = StartOptions(rep="Alex Kim", framework="weekly-pipeline", plan=first_plan,
                           yes=True, now=lambda: ago)  # fmt: skip
    start_session(home, options, ScriptedAsker(list(FULL)))

    t = Terminal(home, tmp_path, *START)
    t.wait_words("Commitments: 0 kept, 1 missed, 0 still open")  # the brief: the rep's own
    t.answer("Book a call with the CFO", "not done")
    t.answer("What got in the way? (one line)", "waiting on their legal team")
    t.answer("Share the pricing deck", "done")
    t.wait("Commitments: 0 kept, 1 missed, 0 still open")  # the deck was the manager's to share
    t.answer("How many calls did you make this week?", "42")
    t.answer("Where is your forecast for the quarter?", "2")
    t.answer("Which deals slipped?", "")
    t.answer("Did you ask anyone on the team for help?", "yes")  # the bank's other two
    t.answer("Which skills do you want to work on?", "/skip")
    t.answer("one thing you will do differently", "Ask earlier")
    t.answer("Give feedback?", "1")
    t.wait("Where and when?")  # each slot: its question, then its sentence with the blank
    t.answer("In ___, you …", "In the Globex call")
    t.wait("What did they do?")
    t.answer("In the Globex call, you ___.", "You were lazy about the recap")
    t.wait("What did it lead to?")
    t.answer("The impact was ___.", "")
    t.answer("Restate it as behaviour you saw or heard?", "")
    t.answer("Enter keeps: You were lazy about the recap", "Sent the recap four days later")
    t.answer("What did it lead to?", "The buyer went quiet")
    t.answer("Keep this feedback?", "")
    t.answer("Any more feedback?", "")
    t.answer("Rate: Discovery", "3")
    t.answer("First meetings held", "6")
    t.answer("What will each of you do", "")
    t.answer("Sum up the session", "Recap faster.", "")
    t.answer("How long was the 1:1?", "")
    t.wait("Saved")
    assert t.finish() == 0

    screen = t.text
    assert "   1) done\n   2) not done\n   3) drop\n   4) still open\n" in screen
    note = saved_note(screen).read_text()
    assert "- not done · Book a call with the CFO — waiting on their legal team" in note
    assert (
        "In the Globex call, you sent the recap four days later. The impact was the buyer "
        "went quiet."
    ) in " ".join(line.removeprefix("> ") for line in note.splitlines())
