"""`coach start` in a real pseudo-terminal: what a manager sees and types.

Each test spawns ``python -m coachcli`` under pexpect with its own COACH_HOME,
answers the prompts of the fixture framework ``weekly-pipeline`` as a person
would, and checks the screen, the draft and the note.
"""

from __future__ import annotations

import shutil
import signal
import sys
import time
from pathlib import Path

import pytest

from coachcli.home import Home

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pexpect needs a POSIX pseudo-terminal", allow_module_level=True)

import pexpect  # type: ignore[import-untyped]

from .terminal import (
    FIXTURE,
    START,
    Terminal,
    answer_skills_and_wrap_up,
    answer_up_to_the_summary,
    draft,
    front_matter,
    questions_asked,
    saved_note,
)

pytestmark = pytest.mark.slow


@pytest.fixture
def home(coach_home: Home) -> Home:
    coach_home.frameworks_dir.mkdir(parents=True)
    shutil.copy(FIXTURE, coach_home.frameworks_dir / "weekly-pipeline.toml")
    return coach_home


def test_a_whole_session_in_a_terminal(home: Home, tmp_path: Path) -> None:
    t = Terminal(home, tmp_path, *START)
    t.answer("How many calls did you make this week?", "42")
    t.answer("Where is your forecast for the quarter?", "/back")
    t.wait("How many calls did you make this week?")
    t.answer("Enter keeps: 42", "43")  # a changed answer
    t.answer("Where is your forecast for the quarter?", "3")
    t.answer("Which deals slipped?", "?")
    t.wait("One deal per line.")  # the question's help
    t.answer("/pause  save and stop", "Acme renewal", "Globex pilot", "")
    t.answer("How confident are you in your discovery calls?", "/probe")
    t.answer("No follow-up questions for this one.", "4")
    t.answer("Tell me about your best call", "?")
    t.wait("What would you repeat?")
    t.wait("› ")
    t.child.sendline("The Initech call.")
    t.child.sendline("They named the budget.")
    t.child.sendline("")
    t.answer("one thing you will do differently", "Ask for the economic buyer earlier")
    t.answer("Give feedback?", "")
    t.answer("Rate: Discovery", "5")
    t.wait("outside the scale; enter a number from 1 to 3.")
    t.wait("› ")
    t.child.sendline("3")
    t.answer("First meetings held", "6")
    t.answer("What will each of you do", "Book a call with the CFO")
    t.answer("Who owns it?", "")
    t.answer("Due when?", "+7d")
    t.answer("Another action item?", "")
    t.answer("Sum up the session", "Good week.", "")
    t.answer("How long was the 1:1?", "")
    t.wait("Saved")
    assert t.finish() == 0

    screen = t.text
    assert "1. Numbers  (performance, 10 min, private)" in screen
    assert "Enter keeps: 42 calls\n› 43\n" in screen  # the old answer shown, the new one typed
    assert "   1) Ahead\n   2) On track\n   3) Behind\n" in screen
    assert "   /back   go back and change the previous answer" in screen
    assert "   1  Not at all\n   2  A little\n   3  Somewhat\n   4  Mostly\n   5  Fully" in screen
    assert "Follow-up questions:\n   • What did the buyer say that surprised you?" in screen
    assert "(several lines are fine; an empty line ends; /edit opens your editor)" in screen
    assert "Weekly pipeline 1:1 with Alex Kim: 6 of 6 questions answered, 1 action item," in screen
    assert "  [ ] Book a call with the CFO (rep, due " in screen

    note = saved_note(screen)
    assert note.parent == home.reps_dir / "alex-kim"
    assert (note.stat().st_mode & 0o777) == 0o600
    assert not (note.parent / "draft.json").exists()
    meta = front_matter(note)
    assert meta["schema"] == 2 and meta["rep"] == "[[Alex Kim]]"
    assert {k: v for k, v in meta.items() if k.startswith(("rating-", "metric-"))} == {
        "rating-discovery": 3,
        "metric-meetings": 6,
    }
    text = note.read_text()
    assert "\n## Summary\n<!-- summary: shared -->\n\nGood week.\n" in text
    assert "43 calls" in text and "42 calls" not in text
    assert "Behind" in text
    assert "- Acme renewal\n- Globex pilot" in text
    assert "4 — Mostly" in text
    assert "The Initech call.\nThey named the budget." in text


def test_the_length_of_the_1on1_is_confirmed_at_the_end(home: Home, tmp_path: Path) -> None:
    """Enter takes the time since the session started; a typed length replaces it."""
    t = Terminal(home, tmp_path, *START)
    t.answer("How many calls did you make this week?", "42")
    t.answer("Where is your forecast for the quarter?", "3")
    t.answer("Which deals slipped?", "")
    t.answer("How confident are you in your discovery calls?", "4")
    answer_up_to_the_summary(t, action=False)
    t.answer("Sum up the session", "Good week.", "")
    t.wait("How long was the 1:1?  (in min, required)")
    t.wait("timed from the start of this session, pauses left out")
    t.wait("Enter takes: 1 min")  # a test runs in seconds: the shortest length there is
    t.wait("› ")
    t.child.sendline("/back")  # the summary again, then the length
    t.answer("Enter keeps: Good week.", "")
    t.answer("How long was the 1:1?", "32")
    t.wait("Saved")
    assert t.finish() == 0
    assert "Weekly pipeline 1:1 with Alex Kim: 5 of 6 questions answered" in t.text
    assert "32 min." in t.text
    meta = front_matter(saved_note(t.text))
    assert meta["minutes"] == 32
    # the sections' shares of the meeting add up to it
    assert meta["coaching_minutes"] + meta["performance_minutes"] == pytest.approx(32, abs=0.1)
    assert str(meta["start"]).startswith(str(meta["date"]))

    again = Terminal(home, tmp_path, "start", "Jo Park", "-f", "weekly-pipeline", "--yes")
    again.answer("How many calls did you make this week?", "40")
    again.answer("Where is your forecast for the quarter?", "2")
    again.answer("Which deals slipped?", "")
    again.answer("How confident are you in your discovery calls?", "4")
    answer_up_to_the_summary(again, action=False)
    again.answer("Sum up the session", "Steady.", "")
    again.answer("Enter takes: 1 min", "")
    again.wait("Saved")
    assert again.finish() == 0
    assert front_matter(saved_note(again.text))["minutes"] == 1


def test_ctrl_c_keeps_a_draft_that_the_next_run_resumes(home: Home, tmp_path: Path) -> None:
    t = Terminal(home, tmp_path, *START)
    t.answer("How many calls did you make this week?", "42")
    t.answer("Where is your forecast for the quarter?", "1")
    t.answer("Which deals slipped?")
    t.child.sendintr()
    t.wait("Keep your answers as a draft to resume later?\r\n[Y/n] ")
    t.child.sendline("")
    t.wait('Stopped. Your answers are kept; run coach start "Alex Kim" to resume.')
    assert t.finish() == 130
    # the question starts on its own line, not after the "› " of the interrupted prompt
    assert "\nKeep your answers as a draft" in t.text
    saved = draft(home)
    assert saved["answers"] == {"q:calls-made": 42, "q:forecast-call": "Ahead"}
    assert saved["cursor"] == 2

    again = Terminal(home, tmp_path, "start", "alex kim")  # no -f: the draft knows
    again.wait_words("You have an unfinished weekly-pipeline session with Alex Kim from")
    again.wait_words("(2 answers). Resume it? [Y/n]")
    again.child.sendline("y")
    again.answer("Which deals slipped?", "Acme renewal", "")
    again.answer("How confident are you", "")  # the default, 3
    answer_skills_and_wrap_up(again)
    again.wait("Saved")
    assert again.finish() == 0
    assert "How many calls" not in again.text
    text = saved_note(again.text).read_text()
    assert "42 calls" in text and "Ahead" in text and "- Acme renewal" in text
    assert "3 — Somewhat" in text


def test_ctrl_c_before_the_first_question_keeps_the_draft(home: Home, tmp_path: Path) -> None:
    first = Terminal(home, tmp_path, *START)
    first.answer("How many calls did you make this week?", "42")
    first.answer("Where is your forecast", "/pause")
    first.wait("Paused. Your answers are saved")
    assert first.finish() == 0

    t = Terminal(home, tmp_path, *START)
    t.wait_words("Resume it? [Y/n]")
    t.child.sendintr()
    t.wait("Stopped before the session started.")
    assert t.finish() == 130
    assert draft(home)["answers"] == {"q:calls-made": 42}


def test_a_killed_session_loses_no_answer(home: Home, tmp_path: Path) -> None:
    t = Terminal(home, tmp_path, *START, term="xterm")
    t.answer("How many calls did you make this week?", "42")
    t.answer("Where is your forecast for the quarter?", "Behind")
    t.answer("Which deals slipped?", "Acme renewal", "Globex pilot", "")
    t.answer("How confident are you in your discovery calls?", "2")
    t.answer("Tell me about your best call", "half a line typed when the")
    # the next prompt is shown only after the previous answer is saved
    t.wait("  ")
    t.child.kill(signal.SIGKILL)
    t.child.expect(pexpect.EOF)
    t.child.close()
    assert t.child.signalstatus == signal.SIGKILL

    assert draft(home)["answers"] == {
        "q:calls-made": 42,
        "q:forecast-call": "Behind",
        "q:slipped-deals": ["Acme renewal", "Globex pilot"],
        "q:confidence": 2,
    }

    again = Terminal(home, tmp_path, "start", "Alex Kim", term="xterm")
    again.wait_words("(4 answers). Resume it? [Y/n]")
    again.child.sendline("")  # Enter: yes
    answer_skills_and_wrap_up(again)
    again.wait("Saved")
    assert again.finish() == 0
    assert "Which deals slipped?" not in again.text
    note = saved_note(again.text)
    text = note.read_text()
    assert "42 calls" in text
    assert "Behind" in text
    assert "- Acme renewal\n- Globex pilot" in text
    assert "2 — A little" in text
    assert "The Initech call.\nThey named the budget." in text
    assert questions_asked(note)[:4] == [
        "calls-made",
        "forecast-call",
        "slipped-deals",
        "confidence",
    ]
    assert front_matter(note)["schema"] == 2


def test_a_second_session_for_the_same_rep_is_refused(home: Home, tmp_path: Path) -> None:
    first = Terminal(home, tmp_path, *START)
    first.answer("How many calls did you make this week?", "42")
    first.answer("Where is your forecast for the quarter?")  # waiting at a prompt

    second = Terminal(home, tmp_path, "start", "alex kim", "-f", "weekly-pipeline")
    assert second.finish() == 1
    refused = " ".join(second.text.split())
    assert "Error: Another session with Alex Kim is in progress" in refused
    assert f"pid {first.child.pid}" in refused
    assert "Finish or pause it first" in refused

    # the first session is untouched and carries on
    first.child.sendline("/pause")
    first.wait("Paused. Your answers are saved")
    assert first.finish() == 0
    assert draft(home)["answers"] == {"q:calls-made": 42}


def test_ctrl_c_in_the_middle_of_a_list_keeps_the_lines_typed(home: Home, tmp_path: Path) -> None:
    t = Terminal(home, tmp_path, *START)
    t.answer("How many calls did you make this week?", "42")
    t.answer("Where is your forecast for the quarter?", "1")
    t.answer("Which deals slipped?", "Acme renewal", "Globex pilot")
    time.sleep(0.5)  # Ctrl-C flushes input the program has not read yet
    t.child.sendintr()
    t.wait("Keep your answers as a draft to resume later?\r\n[Y/n] ")
    t.child.sendline("")
    assert t.finish() == 130
    saved = draft(home)
    assert saved["answers"]["q:slipped-deals"] == ["Acme renewal", "Globex pilot"]
    assert saved["cursor"] == 2  # still at the list: the resumed run shows it again
