"""Two pieces of work at once, one in a forked process (coachcli.forked).

Each test that means to exercise the child checks that the child really ran
in another process (its pid), so that a machine where forking is refused
cannot turn these into tests of the fallback alone.
"""

from __future__ import annotations

import os
import threading

import pytest

from coachcli import forked

pytestmark = pytest.mark.skipif(not forked.can_fork(), reason="no fork here (Windows, macOS)")


def test_both_parts_run_and_the_child_runs_in_another_process() -> None:
    theirs, mine = forked.both(lambda: (os.getpid(), {"a": (1, 2, 3)}), lambda: os.getpid())
    assert isinstance(theirs, tuple)
    child_pid, data = theirs
    assert mine == os.getpid() != child_pid
    assert data == {"a": (1, 2, 3)}


def test_a_large_result_comes_back_whole() -> None:
    big = {f"2026-01-01-note-{i}.md": (i, i * 7, i * 13) for i in range(60_000)}  # > a pipe
    theirs, _ = forked.both(lambda: big, lambda: None)
    assert theirs == big


def test_a_child_that_fails_gives_none_for_its_part() -> None:
    def fails() -> object:
        raise OSError("cannot list")

    theirs, mine = forked.both(fails, lambda: "here")
    assert (theirs, mine) == (None, "here")


def test_a_result_that_is_not_plain_data_gives_none() -> None:
    theirs, _ = forked.both(lambda: object(), lambda: None)
    assert theirs is None


def test_an_error_here_is_raised_once_the_child_is_reaped() -> None:
    def boom() -> None:
        raise ValueError("here")

    with pytest.raises(ValueError, match="here"):
        forked.both(lambda: 1, boom)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child left behind


@pytest.mark.parametrize("why", ["threads", "one process"])
def test_nothing_is_forked_where_it_is_not_safe_or_not_wanted(
    why: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if why == "threads":
        monkeypatch.setattr(threading, "active_count", lambda: 2)
    else:
        monkeypatch.setenv("COACH_WORKERS", "0")
    assert not forked.can_fork()
    ran: list[int] = []
    theirs, mine = forked.both(lambda: ran.append(1), lambda: "here")
    assert (theirs, mine, ran) == (None, "here", [])
