"""Two pieces of work at once on two cores: one in a forked copy of this process.

Listing 50,000 notes is 50,000 ``stat`` calls, each a few microseconds of
kernel time; threads would overlap the calls but take turns for the Python
around them. A forked process shares nothing and starts in about a
millisecond (no interpreter start-up, no imports: it is a copy of this one),
so :func:`both` runs one part there and the other here, and sends the
child's result back through a pipe with :mod:`marshal` (plain data only:
str, int, tuples, lists, dicts, None).

It is used only where it is safe and pays: on a system with ``fork`` that
is not macOS (where a forked process may not use some system libraries),
and only while this process runs one thread (forking a process with
threads can leave a lock held forever in the copy; Python 3.12 warns).
Whenever the child cannot be started, fails or sends nothing readable,
:func:`both` returns None for its part and the caller does that part
itself: the answer is the same, only slower.
"""

from __future__ import annotations

import marshal
import os
import sys
import threading
from collections.abc import Callable
from typing import Any, TypeVar, cast

_C = TypeVar("_C")
_T = TypeVar("_T")


def can_fork() -> bool:
    """Whether :func:`both` may run a part in a forked process here and now."""
    return (
        hasattr(os, "fork")
        and sys.platform != "darwin"
        and threading.active_count() == 1
        and os.environ.get("COACH_WORKERS") != "0"
    )


def both(there: Callable[[], _C], here: Callable[[], _T]) -> tuple[_C | None, _T]:
    """(``there()`` run in a forked process, ``here()`` run in this one meanwhile).

    ``there()`` must return plain data (:mod:`marshal`), which comes back
    as it was made (tuples as tuples); its part is None when it could not be
    run there (the caller then runs it itself). An exception in ``here()`` is
    raised once the child is reaped.
    """
    if not can_fork():
        return None, here()
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None, here()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None, here()
    if pid == 0:  # pragma: no cover - the child (coverage does not follow a fork)
        _child(there, read_end, write_end)
    os.close(write_end)
    try:
        mine = here()
    finally:
        theirs: _C | None = _reap(pid, read_end)
    return theirs, mine


def _child(there: Callable[[], Any], read_end: int, write_end: int) -> None:  # pragma: no cover
    """Run ``there`` and write its result to the pipe; never return (``os._exit``)."""
    status = 1
    try:
        os.close(read_end)
        data = marshal.dumps(there())
        view = memoryview(data)
        while view:
            view = view[os.write(write_end, view) :]
        status = 0
    except BaseException:  # the parent does this part itself
        pass
    finally:
        os._exit(status)  # no clean-up of the parent's files, buffers or connections


def _reap(pid: int, read_end: int) -> Any:
    """The child's result read to the end, once it has exited; None if it failed."""
    chunks = []
    try:
        while chunk := os.read(read_end, 1 << 20):
            chunks.append(chunk)
    except OSError:
        chunks = []
    finally:
        os.close(read_end)
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:  # pragma: no cover - reaped elsewhere (a SIGCHLD handler)
        status = 1
    if status != 0 or not chunks:
        return None
    try:
        return cast("Any", marshal.loads(b"".join(chunks)))
    except (EOFError, ValueError, TypeError):
        return None
