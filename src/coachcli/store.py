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
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from coachcli.errors import CoachError

if TYPE_CHECKING:
    from coachcli.engine import Draft
    from coachcli.framework import Framework
    from coachcli.session import Session

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


# --------------------------------------------------------------------------- slugs

SLUG_MAX = 48
_WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{i}" for i in range(10)] + [f"lpt{i}" for i in range(10)]
)


def slugify(name: str) -> str:
    """A folder-safe form of ``name``: ``[a-z0-9]`` runs joined by ``-``, at most 48 characters.

    The name is decomposed (NFKD) and reduced to ASCII, so ``José Núñez`` gives
    ``jose-nunez``; anything else becomes a hyphen. A long slug is cut at a
    hyphen in its second half, else hard at 48. A name with no ASCII letters
    or digits left (``李雷``, ``..``) gets ``rep-`` and 8 hex digits of the
    SHA-256 of its NFC form, so it is stable. A Windows device name (``con``,
    ``lpt1``...) gets a ``-rep`` suffix. The result always matches
    ``^[a-z0-9][a-z0-9-]*$``: it cannot hold a path separator or a dot.
    """
    import re
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > SLUG_MAX:
        cut = slug.rfind("-", 0, SLUG_MAX + 1)
        slug = slug[:cut] if cut >= SLUG_MAX // 2 else slug[:SLUG_MAX].rstrip("-")
    if not slug:
        import hashlib

        digest = hashlib.sha256(unicodedata.normalize("NFC", name).encode("utf-8", "surrogatepass"))
        slug = "rep-" + digest.hexdigest()[:8]
    if slug in _WINDOWS_RESERVED:
        slug += "-rep"
    return slug


# --------------------------------------------------------------------------- drafts

DRAFT_NAME = "draft.json"


def draft_path(folder: Path) -> Path:
    """Where a rep's unfinished session is kept."""
    return folder / DRAFT_NAME


def save_draft(folder: Path, draft: Draft) -> None:
    """Save the draft atomically (called after every answer)."""
    atomic_write(draft_path(folder), draft.model_dump_json(indent=1))


def load_draft(folder: Path) -> tuple[Draft | None, str]:
    """The rep's draft, if any, and a message when one exists but cannot be read.

    An unreadable draft is renamed aside (never deleted) so nothing is lost.
    """
    from pydantic import ValidationError

    from coachcli.engine import Draft

    path = draft_path(folder)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, ""
    except OSError as exc:
        return None, f"Cannot read the draft {path}: {exc.strerror}."
    try:
        return Draft.model_validate_json(raw), ""
    except ValidationError:
        aside = path.with_name(f"{DRAFT_NAME}.unreadable-{int(time.time())}")
        with contextlib.suppress(OSError):
            path.rename(aside)
        return None, f"A draft could not be read; it was kept as {aside} and a new session starts."


def discard_draft(folder: Path) -> None:
    """Delete the rep's draft (after the note is written, or when asked to)."""
    with contextlib.suppress(FileNotFoundError):
        draft_path(folder).unlink()


# --------------------------------------------------------------------------- locks

LOCK_NAME = ".lock"


@contextlib.contextmanager
def rep_lock(folder: Path, rep_name: str) -> Iterator[None]:
    """Hold the rep's lock for the length of a session.

    The lock is an advisory ``flock`` on ``<rep>/.lock``: the operating system
    releases it when the process ends, however it ends, so a lock left by a
    killed session never blocks the next one. The file records the holder's
    pid and start time for the message a second session shows.
    """
    ensure_dir(folder)
    path = folder / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
    except OSError as exc:
        raise _os_error(exc, path) from None
    try:
        if not _try_lock(fd):
            holder = ""
            with contextlib.suppress(OSError, ValueError):
                holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
            raise CoachError(
                f"Another session with {rep_name} is in progress"
                + (f" ({holder})." if holder else "."),
                hint="Finish or pause it first (/pause saves it for later).",
            )
        os.ftruncate(fd, 0)
        stamp = time.strftime("%Y-%m-%d %H:%M")
        os.pwrite(fd, f"pid {os.getpid()}, started {stamp}".encode(), 0)
        yield
    finally:
        os.close(fd)


def _try_lock(fd: int) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


# --------------------------------------------------------------------------- notes


def write_note(folder: Path, session: Session, framework: Framework | None = None) -> Path:
    """Write the session's note under a free name; return its path."""
    from coachcli.notes import note_filename, to_markdown

    name = note_filename(session.date, session.framework, lambda n: (folder / n).exists())
    path = folder / name
    atomic_write(path, to_markdown(session, framework))
    return path
