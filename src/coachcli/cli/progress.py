"""The progress bar of a long index build, on stderr, only on a terminal."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from typing import Any

from coachcli.cli.render import stderr

PROGRESS_EVERY = 0.1
"""Seconds between two drawings of the progress bar."""


@contextlib.contextmanager
def progress_bar(label: str = "Indexing notes") -> Iterator[Callable[[int, int], None]]:
    """A progress callback that shows a bar on stderr once it is first called.

    The index calls it only when it has many files to read, so a warm
    command never shows (or imports) a progress bar. The bar is drawn by
    the calls themselves, at most every :data:`PROGRESS_EVERY` seconds, not
    by a thread of its own: with a thread running, the index could not read
    in forked copies of the process (:func:`coachcli.forked.can_fork`).
    """
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        bar = state.get("bar")
        if bar is None:
            if not stderr().is_terminal:
                return
            from rich.progress import Progress

            bar = Progress(console=stderr(), transient=True, auto_refresh=False)
            state["bar"] = bar
            state["task"] = bar.add_task(label, total=total, completed=done)
            bar.start()  # drawn
            state["drawn"] = time.monotonic()
        bar.update(state["task"], completed=done, total=total)
        now = time.monotonic()
        if now - state["drawn"] >= PROGRESS_EVERY or done >= total:
            bar.refresh()
            state["drawn"] = now

    try:
        yield update
    finally:
        if "bar" in state:
            state["bar"].stop()
