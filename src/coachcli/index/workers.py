"""Reading many notes on every core: worker processes each read a batch of files.

A cold build or a refresh after many notes changed reads thousands of files,
and reading (checking properties, scanning the body) is most of its time.
Worker processes read batches of files while this process writes the
batches already read. Where :func:`coachcli.forked.can_fork` allows, a worker
is a forked copy of this process (``fork``: it starts in a few milliseconds,
with the reading code imported by reading the first batch here); elsewhere
it is started fresh (``spawn``: ~0.15 s of CPU importing that code again),
and only by the ``coach`` command itself (:func:`main_is_coach`). At most
:data:`AHEAD` batches per worker are in flight, so memory does not grow
with the number of notes. Batches come back in the order asked.
When worker processes cannot be started or one dies, the batches not yet
read are read here, one after the other: the result is the same. Setting
``COACH_WORKERS=0`` reads everything in one process.

This process does not wait idle meanwhile: while the next batch due is not
back (a spawned worker takes ~0.15 s to start), it reads the next batch not
yet sent itself, and keeps at most :data:`HERE_AHEAD` of them until their
turn.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future

_B = TypeVar("_B")
_R = TypeVar("_R")

PARALLEL_MIN = 1000
"""Fewer files than this are read in this process: starting workers costs ~0.1 s."""
MAX_WORKERS = 4
AHEAD = 2
"""Batches in flight per worker."""
HERE_AHEAD = 4
"""Batches read by this process, while the workers start or are busy, kept until their turn."""


def main_is_coach() -> bool:
    """Whether this program is the ``coach`` command (its script, or ``python -m coachcli``).

    A worker process imports the program's main module again (``spawn``), so
    only a main module known to be safe to import twice may start them; a
    script using the library, or ``python -`` reading from stdin, reads in
    one process.
    """
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    if getattr(spec, "name", None) == "coachcli.__main__":
        return True
    entry = getattr(sys.modules.get("coachcli.__main__"), "main", None)
    return entry is not None and getattr(main, "main", None) is entry


def start_method() -> str | None:
    """How worker processes start here: ``fork``, ``spawn``, or None (none may start).

    Forked where :func:`coachcli.forked.can_fork` says a copy of this process
    is safe; else spawned, which imports the program's main module again, so
    only when it is the ``coach`` command.
    """
    from coachcli import forked

    if forked.can_fork():
        return "fork"
    if os.environ.get("COACH_WORKERS") == "0" or not main_is_coach():
        return None
    return "spawn"


def workers_for(files: int) -> int:
    """How many worker processes should read ``files`` files (0: read them here)."""
    if files < PARALLEL_MIN or start_method() is None:
        return 0
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - macOS, Windows
        cores = os.cpu_count() or 1
    return min(cores - 1, MAX_WORKERS)  # this process reads too


def read_in_workers(
    read_batch: Callable[[str, _B, int], _R],
    reps_dir: str,
    batches: list[_B],
    racy_before: int,
    workers: int,
) -> Iterator[_R]:
    """``read_batch(reps_dir, batch, racy_before)`` of each batch, in order, by ``workers``.

    ``read_batch`` is a module-level function: the workers import it by name.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    done = 0
    method = start_method() or "spawn"
    if method == "fork" and batches:  # read one here first: the copies start with its code imported
        yield read_batch(reps_dir, batches[0], racy_before)
        done = 1
    try:
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method))
    except (OSError, ValueError, ImportError):  # pragma: no cover - no processes here
        pool = None
    if pool is not None:
        try:
            # each batch in order: a worker's Future, or a batch read here (a list of one)
            waiting: deque[Future[_R] | list[_R]] = deque()
            sent, here = done, 0
            while done < len(batches):
                while sent < len(batches) and len(waiting) - here < workers * AHEAD:
                    waiting.append(pool.submit(read_batch, reps_dir, batches[sent], racy_before))
                    sent += 1
                head = waiting[0]
                if isinstance(head, list):
                    here -= 1
                    found = head[0]
                elif head.done() or here >= HERE_AHEAD or sent == len(batches):
                    found = head.result()
                else:  # the workers are busy (or still starting): read the next batch here
                    waiting.append([read_batch(reps_dir, batches[sent], racy_before)])
                    sent += 1
                    here += 1
                    continue
                waiting.popleft()
                yield found
                done += 1
        except (BrokenProcessPool, OSError, EOFError):
            pass  # read the rest here
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    for batch in batches[done:]:
        yield read_batch(reps_dir, batch, racy_before)
