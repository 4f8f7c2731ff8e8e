"""The progress bar of a long index build: drawn by its own calls, no thread of its own.

With a thread running, the index could not read in forked copies of the
process (``forked.can_fork``), and a cold build on a terminal would start
its workers the slow way.
"""

from __future__ import annotations

import io
import threading

import pytest
from rich.console import Console

from coachcli import forked
from coachcli.cli import progress


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=80, color_system=None)
    monkeypatch.setattr(progress, "stderr", lambda: console)
    monkeypatch.delenv("COACH_WORKERS", raising=False)
    return out


def test_the_bar_shows_and_starts_no_thread(terminal: io.StringIO) -> None:
    threads = threading.active_count()
    with progress.progress_bar() as update:
        update(0, 1000)
        assert threading.active_count() == threads
        if threads == 1 and hasattr(forked.os, "fork") and forked.sys.platform != "darwin":
            assert forked.can_fork()  # the index may still read in forked copies
        update(500, 1000)
        update(1000, 1000)
        assert threading.active_count() == threads
    shown = terminal.getvalue()
    assert "Indexing notes" in shown
    assert "100%" in shown  # the last call is always drawn


def test_calls_close_together_draw_once(
    terminal: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [100.0]
    monkeypatch.setattr(progress.time, "monotonic", lambda: clock[0])
    with progress.progress_bar() as update:
        update(0, 1000)
        drawn = terminal.getvalue().count("Indexing notes")
        update(100, 1000)  # the same moment: not drawn again
        assert terminal.getvalue().count("Indexing notes") == drawn
        clock[0] += progress.PROGRESS_EVERY * 2
        update(200, 1000)
        assert terminal.getvalue().count("Indexing notes") == drawn + 1


def test_not_on_a_terminal_nothing_is_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    monkeypatch.setattr(progress, "stderr", lambda: Console(file=out, force_terminal=False))
    with progress.progress_bar() as update:
        update(0, 1000)
        update(1000, 1000)
    assert out.getvalue() == ""
