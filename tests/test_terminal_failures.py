"""`coach start` in a real terminal when the machine fails: a full disk, a kill -9 at the end.

The full-disk test mounts a small tmpfs as the home, so it needs root (CI
runs as root); elsewhere it is skipped with the reason.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from coachcli.home import Home
from coachcli.notes import from_markdown

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pexpect needs a POSIX pseudo-terminal", allow_module_level=True)

import pexpect  # type: ignore[import-untyped]

from .helpers import notes_in
from .terminal import (
    START,
    Terminal,
    answer_after_the_best_call,
    walk_to_the_summary,
    with_the_fixture_framework,
)

pytestmark = pytest.mark.slow


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "512k") -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at ``folder`` (root only), unmounted after."""
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a small tmpfs for the full-disk test")
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path) -> Path:
    """Take every free byte of the file system under ``folder``; return the filler file."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)
    return filler


def test_a_full_disk_in_the_middle_of_a_session_loses_nothing(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk") as disk:
        home = with_the_fixture_framework(Home(disk / "home"))
        t = Terminal(home, tmp_path, *START)
        t.answer("How many calls did you make this week?", "42")
        t.answer("Where is your forecast for the quarter?", "Behind")
        t.wait("Which deals slipped?")
        t.wait("› ")
        filler = fill(disk)
        t.child.sendline("Acme renewal")
        t.child.sendline("Globex pilot")
        t.child.sendline("")
        t.wait_words("The disk is full")
        t.wait_words("Nothing is lost")
        t.wait("Acme renewal\r\nGlobex pilot")  # the answer, shown back to copy
        t.wait_words("Keep going, and try to save again after each answer?")
        t.child.sendline("")
        t.answer("How confident are you in your discovery calls?", "2")
        t.wait("Tell me about your best call")
        t.wait("› ")
        filler.unlink()  # space again: the next answer saves everything
        t.child.sendline("The Initech call.")
        t.child.sendline("They named the budget.")
        t.child.sendline("")
        t.wait_words("The draft is saved again")
        answer_after_the_best_call(t)
        t.answer("Sum up the session", "Good week.", "")
        t.answer("How long was the 1:1?", "")
        t.wait("Saved")
        assert t.finish() == 0
        (note,) = notes_in(home.reps_dir / "alex-kim")
        text = note.read_text()
        assert "- Acme renewal\n- Globex pilot" in text
        assert "The Initech call.\nThey named the budget." in text


def test_a_full_disk_when_the_note_is_written_keeps_the_draft(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk") as disk:
        home = with_the_fixture_framework(Home(disk / "home"))
        t = Terminal(home, tmp_path, *START)
        walk_to_the_summary(t)
        draft = home.reps_dir / "alex-kim" / "draft.json"
        padding = draft.stat().st_size + 4096  # room for the last draft, not for the note
        filler = fill(disk)
        with filler.open("r+b") as handle:
            handle.truncate(max(0, filler.stat().st_size - padding))
        t.child.sendline("Good week.")
        t.child.sendline("")
        t.child.sendline("")  # Enter: the length offered
        status = t.finish()
        saved = notes_in(draft.parent)
        if status == 0:  # the note fitted after all: then it is whole
            (note,) = saved
            assert from_markdown(note.read_text()).summary == "Good week."
            return
        assert status == 1
        assert "The note could not be written" in t.text
        assert "Every answer is kept in the" in t.text
        assert saved == []
        assert '"summary": "Good week."' in draft.read_text()
        assert not [p for p in draft.parent.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("delay", [0.0, 0.002, 0.005, 0.01, 0.02, 0.05])
def test_kill_9_while_the_note_is_written_leaves_a_whole_note_or_the_draft(
    coach_home: Home, tmp_path: Path, delay: float
) -> None:
    with_the_fixture_framework(coach_home)
    t = Terminal(coach_home, tmp_path, *START)
    walk_to_the_summary(t)
    t.child.sendline("Good week.")
    t.child.sendline("")
    t.child.sendline("")  # Enter: the length offered
    time.sleep(delay)
    t.child.kill(signal.SIGKILL)
    t.child.expect(pexpect.EOF)
    t.child.close()

    folder = coach_home.reps_dir / "alex-kim"
    notes = notes_in(folder)
    draft = folder / "draft.json"
    for note in notes:  # a note is whole, or not there at all
        assert from_markdown(note.read_text()).summary == "Good week."
    assert notes or draft.exists()
    # the next session with the rep clears what the killed one left half-done
    again = Terminal(coach_home, tmp_path, "start", "Alex Kim", "-f", "weekly-pipeline")
    again.wait_words("Resume it?" if draft.exists() else "How many calls did you make")
    again.child.kill(signal.SIGKILL)  # it holds the lock by now, so it has swept: done with it
    again.child.expect(pexpect.EOF)
    again.child.close()
    assert not [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]
    assert len(notes_in(folder)) == len(notes)
