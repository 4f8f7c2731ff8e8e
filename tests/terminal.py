"""A real pseudo-terminal for tests: one `coach` process under pexpect, and what it printed.

Shared by the terminal test modules (they import from here, never from each other).
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pexpect  # type: ignore[import-untyped]
import yaml

from coachcli.home import Home

FIXTURE = Path(__file__).parent / "fixtures" / "frameworks" / "valid.toml"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]")


class Terminal:
    """One `coach` process in a pty, with everything it printed kept as text."""

    def __init__(self, home: Home, cwd: Path, *args: str, term: str = "dumb") -> None:
        env = dict(os.environ)  # conftest already points COACH_HOME and XDG_* at tmp
        env.update(COACH_HOME=str(home.root), NO_COLOR="1", TERM=term, COLUMNS="100")
        for name in ("EDITOR", "VISUAL"):
            env.pop(name, None)
        self.screen = io.StringIO()
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "coachcli", *args],
            env=env,
            cwd=str(cwd),
            encoding="utf-8",
            timeout=10,
            dimensions=(50, 100),
        )
        self.child.logfile_read = self.screen

    def wait(self, text: str) -> None:
        self.child.expect_exact(text)

    def wait_words(self, text: str) -> None:
        """Wait for ``text`` however the terminal wrapped or styled it between words."""
        gap = r"(?:\s|\x1b\[[0-9;]*m)+"
        self.child.expect(gap.join(re.escape(word) for word in text.split()))

    def answer(self, question: str, *lines: str) -> None:
        """Wait for ``question`` and its input marker, then type ``lines``."""
        self.wait(question)
        self.wait("› ")
        for line in lines:
            self.child.sendline(line)

    def finish(self) -> int:
        self.child.expect(pexpect.EOF)
        self.child.close()
        status = self.child.exitstatus
        assert isinstance(status, int), f"killed by signal {self.child.signalstatus}"
        return status

    @property
    def text(self) -> str:
        return ANSI.sub("", self.screen.getvalue()).replace("\r\n", "\n")


def front_matter(note: Path) -> dict[str, Any]:
    """A note's properties: the flat YAML between the ``---`` lines."""
    text = note.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    data = yaml.safe_load(text[4:].partition("\n---\n")[0])
    assert isinstance(data, dict)
    return data


def questions_asked(note: Path) -> list[str]:
    """The ids of the questions in a note's body, in order (``<!-- q: ID TYPE -->``)."""
    return re.findall(r"^<!-- q: (\S+) \S+ -->$", note.read_text(encoding="utf-8"), re.MULTILINE)


def saved_note(screen: str) -> Path:
    match = re.search(r"^Saved (\S+\.md)$", screen, re.MULTILINE)
    assert match, screen
    return Path(match.group(1))


def draft(home: Home) -> dict[str, Any]:
    data = json.loads((home.reps_dir / "alex-kim" / "draft.json").read_text())
    assert isinstance(data, dict)
    return data


def answer_skills_and_wrap_up(t: Terminal) -> None:
    """From the best-call question to the end, no feedback, one action item."""
    answer_up_to_the_summary(t)
    t.answer("Sum up the session", "Good week.", "")
    t.answer("How long was the 1:1?", "")


def answer_up_to_the_summary(t: Terminal, *, action: bool = True) -> None:
    """From the best-call question to the summary prompt, no feedback, one action item or none."""
    t.answer("Tell me about your best call", "The Initech call.", "They named the budget.", "")
    answer_after_the_best_call(t, action=action)


def answer_after_the_best_call(t: Terminal, *, action: bool = True) -> None:
    """From the one-thing question to the summary prompt."""
    t.answer("one thing you will do differently", "Ask for the economic buyer earlier")
    t.answer("Give feedback?", "")
    t.answer("Rate: Discovery", "3")
    t.answer("First meetings held", "6")
    if not action:
        t.answer("What will each of you do", "")
        return
    t.answer("What will each of you do", "Book a call with the CFO")
    t.answer("Who owns it?", "")
    t.answer("Due when?", "+7d")
    t.answer("Another action item?", "")


def walk_to_the_summary(t: Terminal) -> None:
    """A whole session up to the summary's input marker, with no action item."""
    t.answer("How many calls did you make this week?", "42")
    t.answer("Where is your forecast for the quarter?", "Behind")
    t.answer("Which deals slipped?", "Acme renewal", "")
    t.answer("How confident are you in your discovery calls?", "2")
    answer_up_to_the_summary(t, action=False)
    t.wait("Sum up the session")
    t.wait("› ")


def with_the_fixture_framework(home: Home) -> Home:
    """``home`` with the test framework ``weekly-pipeline`` in its frameworks folder."""
    home.frameworks_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURE, home.frameworks_dir / "weekly-pipeline.toml")
    return home


START = ("start", "Alex Kim", "-f", "weekly-pipeline", "--yes")
