"""Files on disk: private folders and atomic writes.

Coaching notes are personal data, so everything coachcli creates is readable
by its owner only (files 0600, folders 0700). Every write goes to a temporary
file in the same folder, is flushed to disk, then renamed over the target, so
a crash leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from coachcli.errors import CoachError

FILE_MODE = 0o600
DIR_MODE = 0o700


def ensure_dir(path: Path) -> Path:
    """Create ``path`` (and parents) readable by the owner only; return it."""
    try:
        path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    except OSError as exc:
        raise _os_error(exc, path) from None
    return path


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` atomically (temp file, fsync, rename), mode 0600."""
    ensure_dir(path.parent)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd = -1
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            fd = -1
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(path)
        tmp = ""
        _fsync_dir(path.parent)
    except OSError as exc:
        raise _os_error(exc, path) from None
    finally:
        if fd >= 0:
            os.close(fd)
        if tmp:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()


def _fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _os_error(exc: OSError, path: Path) -> CoachError:
    import errno

    if exc.errno == errno.ENOSPC:
        return CoachError(f"The disk is full: could not write {path}.", hint="Free some space.")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return CoachError(
            f"Permission denied: could not write {path}.",
            hint="Check the folder's permissions, or choose another home with --home.",
        )
    return CoachError(f"Could not write {path}: {exc.strerror or exc}.")
