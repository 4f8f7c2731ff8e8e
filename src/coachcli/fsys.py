"""Files on disk: private folders, atomic writes, the per-rep lock and the home's sync lock.

Coaching notes are personal data, so everything coachcli creates is readable
by its owner only (files 0600, folders 0700). Every write goes to a temporary
file in the same folder, is flushed to disk, then renamed over the target, so
a crash leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING

from coachcli.errors import CoachError
from coachcli.layout import DRAFT_FILE, HOME_LOCK_FILE, LOCK_FILE, home_of, is_note_name

if TYPE_CHECKING:
    from coachcli.home import Home

FILE_MODE = 0o600
DIR_MODE = 0o700
TEMP_SUFFIX = ".tmp"
LEFTOVER_GRACE = 30.0
"""Seconds: a temporary file younger than this may be another process's write in flight."""


def ensure_dir(path: Path) -> Path:
    """Create ``path`` and any missing parent, each readable by the owner only; return it.

    Every folder created here is 0700, whatever the umask: the home itself
    too, not only the folders inside it (``mkdir(parents=True)`` would give
    the parents the umask's mode). Folders that already exist are left as
    they are.
    """
    missing = []
    folder = path
    while not folder.is_dir() and folder.parent != folder:
        missing.append(folder)
        folder = folder.parent
    try:
        for created in reversed(missing):
            created.mkdir(mode=DIR_MODE, exist_ok=True)
    except OSError as exc:
        raise write_error(exc, path) from None
    return path


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` atomically (temp file, fsync, rename), mode 0600."""
    ensure_dir(path.parent)
    try:
        with _written(path.parent, path.name, data) as tmp:
            tmp.replace(path)
        _fsync_dir(path.parent)
    except OSError as exc:
        raise write_error(exc, path) from None


@contextlib.contextmanager
def _written(folder: Path, name: str, data: str | bytes) -> Iterator[Path]:
    """A temporary file in ``folder`` holding ``data``, on disk (fsync), 0600; removed after.

    Named ``.<name>.<random>.tmp``, so a leftover says what it was for (see
    :func:`sweep`). Whatever the caller does not rename away is deleted.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=TEMP_SUFFIX, dir=folder)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            fd = -1
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        yield Path(tmp)
    finally:
        if fd >= 0:
            os.close(fd)
        with contextlib.suppress(OSError):
            Path(tmp).unlink()


def leftovers(folder: Path) -> list[tuple[str, Path]]:
    """Temporary files that an atomic write in ``folder`` left behind, with their targets.

    A write killed between creating its temporary file and renaming it (kill
    -9, a power cut) leaves ``.<target>.<random>.tmp`` next to the target.
    """
    found = []
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            name = entry.name
            if name.startswith(".") and name.endswith(TEMP_SUFFIX) and name.count(".") >= 3:
                target = name[1 : -len(TEMP_SUFFIX)].rpartition(".")[0]
                found.append((target, Path(entry.path)))
    return sorted(found)


def sweep(folder: Path, keep: tuple[str, ...] = ()) -> None:
    """Remove the leftovers of atomic writes in ``folder``, except those of the ``keep`` targets.

    Called under the rep's lock. A note's temporary file is written under
    that lock too, so it is removed at once (the draft still holds every
    answer); others (the rep's page too, which `coach rep edit` writes without
    the lock) are removed once they are older than a write in flight could be.
    """
    now = time.time()
    for target, path in leftovers(folder):
        if target in keep:
            continue
        with contextlib.suppress(OSError):
            if is_note_name(target) or now - path.stat().st_mtime > LEFTOVER_GRACE:
                path.unlink()


def set_aside(path: Path) -> Path:
    """Move a file the tool cannot understand to a new name beside it; return that name.

    ``draft.json`` becomes ``draft.json.unreadable-20261201-171930`` (then
    ``-2``, ``-3``... within the same second): the name is claimed with an
    exclusive create before the rename, so nothing is ever replaced.
    """
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for number in range(1, 1000):
        aside = path.with_name(
            f"{path.name}.unreadable-{stamp}{f'-{number}' if number > 1 else ''}"
        )
        try:
            os.close(os.open(aside, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
        except FileExistsError:
            continue
        except OSError as exc:
            raise write_error(exc, aside) from None
        try:
            path.replace(aside)
        except OSError as exc:
            with contextlib.suppress(OSError):
                aside.unlink()
            raise write_error(exc, aside) from None
        return aside
    raise CoachError(f"Could not find a free name to set {path} aside.")


def read_bytes(path: Path) -> bytes:
    """The bytes of ``path``; CoachError naming the file when it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise CoachError(f"No file at {path}.") from None
    except IsADirectoryError:
        raise CoachError(f"{path} is a folder, not a file.") from None
    except OSError as exc:
        raise CoachError(f"Cannot read {path}: {exc.strerror or exc}.") from None


AGE_HEADER = b"age-encryption.org/v1\n"
"""The first line of every age file: a file of an encrypted backup (docs/sync-encryption.md)."""
ENCRYPTED = (
    "encrypted: a copy of an encrypted backup made without its key "
    "(docs/sync-encryption.md says how to open it)"
)
"""The problem with a file read as text that is an encrypted backup's ciphertext."""


def is_encrypted(raw: bytes) -> bool:
    """Whether bytes read from a file are an age file (by its first line)."""
    return raw.startswith(AGE_HEADER)


def create_new(folder: Path, names: Iterable[str], data: str | bytes) -> Path:
    """Write ``data`` under the first of ``names`` that is free in ``folder``; return the path.

    The content is written and flushed to a temporary file first, then the
    name is claimed with a hard link, which fails if the name exists: two
    writers can never take the same name, and no reader ever sees half a
    file. (Where the file system has no hard links, an exclusive create
    claims the name and the content is renamed over it.)
    """
    ensure_dir(folder)
    candidates = iter(names)
    first = next(candidates)
    try:
        # named for the first choice, so a leftover shows what it was (see sweep)
        with _written(folder, first, data) as tmp:
            for name in itertools.chain([first], candidates):
                path = folder / name
                if _claim(tmp, path):
                    _fsync_dir(folder)
                    return path
    except OSError as exc:
        raise write_error(exc, folder) from None
    raise CoachError(f"No free name for a new file in {folder}.")


def _claim(tmp: Path, path: Path) -> bool:
    """Give ``tmp``'s content the name ``path`` if nothing has it yet; False if taken."""
    try:
        os.link(tmp, path)
        return True
    except FileExistsError:
        return False
    except OSError:  # no hard links here (some network or FAT file systems)
        pass
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
    except FileExistsError:
        return False
    tmp.replace(path)
    return True


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


def write_error(exc: OSError, path: Path) -> CoachError:
    """The CoachError for a failed write of ``path``: what happened and what to do."""
    import errno

    if exc.errno == errno.ENOSPC:
        return CoachError(f"The disk is full: could not write {path}.", hint="Free some space.")
    if exc.errno == errno.EROFS:
        return CoachError(
            f"The file system is read-only: could not write {path}.",
            hint="Mount it read-write, or choose another home with --home.",
        )
    if exc.errno in (errno.EACCES, errno.EPERM):
        return CoachError(
            f"Permission denied: could not write {path}.",
            hint="Check the folder's permissions, or choose another home with --home.",
        )
    return CoachError(f"Could not write {path}: {exc.strerror or exc}.")


@contextlib.contextmanager
def rep_lock(folder: Path, rep_name: str, *, sync_held: bool = False) -> Iterator[None]:
    """Hold the rep's lock for the length of a session.

    The lock is an advisory ``flock`` on ``<rep>/.lock``: the operating system
    releases it when the process ends, however it ends, so a lock left by a
    killed session never blocks the next one. The file records the holder's
    pid and start time for the message a second session shows, and the rep's
    name for the one ``coach sync`` shows (:func:`sync_lock`). Whoever holds
    it writes in the home, so it holds the home's lock too (:func:`home_writing`),
    unless ``sync_held``: the caller is ``coach sync``, holding it alone
    (:func:`sync_lock`).
    """
    ensure_dir(folder)
    path = folder / LOCK_FILE
    with contextlib.nullcontext() if sync_held else home_writing(home_of(folder)):
        fd = _open_lock(path)
        try:
            # a moment's grace: coach sync looking for sessions holds this lock for microseconds
            if not _acquire(fd, shared=False, wait=_GLANCE):
                holder = _lock_record(fd)[0]
                raise CoachError(
                    f"Another session with {rep_name} is in progress"
                    + (f" ({holder})." if holder else "."),
                    hint="Finish or pause it first (/pause saves it for later).",
                )
            _record(fd, rep_name)
            # a draft's leftovers are recovered: drafts.load_draft
            sweep(folder, keep=(DRAFT_FILE,))
            yield
        finally:
            os.close(fd)


SYNC_WAIT = 5.0
"""Seconds a writer waits for a running ``coach sync`` (a commit, a fetch, a push) to end."""
WRITERS_WAIT = 2.0
"""Seconds ``coach sync`` waits for writers to end (closing an action takes a moment)."""
_GLANCE = 0.25
"""Seconds a lock held for a glance (by :func:`_in_progress`) is waited for."""
_POLL = 0.05


_told: ContextVar[Callable[[], None] | None] = ContextVar("told_when_waiting", default=None)


def tell_when_waiting(tell: Callable[[], None]) -> Callable[[], None]:
    """Have ``tell`` called when a writer begins to wait for a running ``coach sync``
    (:func:`home_writing`), so the command line can say why nothing happens for a few seconds
    (a library module never prints); returns what puts back the one told before."""
    token = _told.set(tell)
    return lambda: _told.reset(token)


@contextlib.contextmanager
def home_writing(root: Path) -> Iterator[None]:
    """Hold the home's lock, shared, while writing in the home; never while coach sync runs.

    Every writer holds it (:func:`rep_lock`: a session, closing an action,
    renaming a rep, migrating; adding or editing a rep, a setting; an
    import), any number at once; ``coach sync`` holds it alone
    (:func:`sync_lock`), so nothing it commits or pulls changes under it. A
    running sync is waited for a few seconds (``SYNC_WAIT``: most take one or
    two, and a refused session would have to be started again), the one
    :func:`tell_when_waiting` named told when the wait begins, then refused,
    before anything is written.
    """
    fd = _open_lock(ensure_dir(root) / HOME_LOCK_FILE)
    try:
        if not _try_lock(fd, shared=True):
            tell = _told.get()
            if tell is not None:
                tell()
            if not _acquire(fd, shared=True, wait=SYNC_WAIT):
                holder = _lock_record(fd)[0]
                raise CoachError(
                    f"coach sync is running in {root}" + (f" ({holder})." if holder else "."),
                    hint="Wait for it to finish, then run the command again; nothing was changed.",
                )
        yield
    finally:
        os.close(fd)


@contextlib.contextmanager
def sync_lock(home: Home) -> Iterator[None]:
    """Hold the home's lock alone while ``coach sync`` commits, pulls and pushes.

    A sync under a session would commit half of it, or pull a rename or
    another machine's edit of the notes it is writing. So the sync waits a
    moment for the home's writers (``WRITERS_WAIT``), then refuses, naming
    each session in progress as its rep's lock records it.
    """
    fd = _open_lock(ensure_dir(home.root) / HOME_LOCK_FILE)
    try:
        if not _acquire(fd, shared=False, wait=WRITERS_WAIT):
            raise _busy(home, fd)
        _record(fd)
        yield
    finally:
        os.close(fd)


def _busy(home: Home, fd: int) -> CoachError:
    """Why ``coach sync`` cannot have the home's lock: sessions, another sync, or another writer."""
    sessions = _in_progress(home.reps_dir)
    if sessions:
        who = [f"{name} ({holder})" if holder else name for name, holder in sessions]
        listed = who[0] if len(who) == 1 else f"{', '.join(who[:-1])} and {who[-1]}"
        return CoachError(
            f"{'A session' if len(who) == 1 else 'Sessions'} with {listed} "
            f"{'is' if len(who) == 1 else 'are'} in progress: coach sync does not pull "
            "under an open session.",
            hint=f"Finish or pause {'it' if len(who) == 1 else 'them'} (/pause keeps a session for "
            "later), then run coach sync again. Nothing was committed, pulled or pushed.",
        )
    if not _try_lock(fd, shared=True):  # held alone: another sync
        holder = _lock_record(fd)[0]
        return CoachError(
            f"coach sync is already running in {home.root}" + (f" ({holder})." if holder else "."),
            hint="Wait for it to finish; it syncs what this one would have.",
        )
    return CoachError(
        f"Another coach command is writing in {home.root} (an import, or a new rep).",
        hint="Wait for it to finish, then run coach sync again. Nothing was committed, "
        "pulled or pushed.",
    )


def _in_progress(reps_dir: Path) -> list[tuple[str, str]]:
    """The reps whose lock is held, with its holder: ``("Alex Kim", "pid 42, started …")``."""
    held = []
    for path in sorted(reps_dir.glob(f"*/{LOCK_FILE}")) if reps_dir.is_dir() else []:
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            if not _try_lock(fd, shared=True):
                holder, name = _lock_record(fd)
                held.append((name or path.parent.name, holder))
        finally:
            os.close(fd)
    return held


def _open_lock(path: Path) -> int:
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
    except OSError as exc:
        raise write_error(exc, path) from None


def _record(fd: int, name: str = "") -> None:
    """Write who holds a lock: ``pid 42, started 2026-12-01 14:03``, then the rep's name."""
    stamp = time.strftime("%Y-%m-%d %H:%M")
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"pid {os.getpid()}, started {stamp}\n{name}".encode(), 0)


def _lock_record(fd: int) -> tuple[str, str]:
    """The holder and the rep's name a lock file records (empty when it cannot be read)."""
    with contextlib.suppress(OSError, ValueError):
        text = os.pread(fd, 1000, 0).decode("utf-8", "replace")
        holder, _, name = text.partition("\n")
        return holder.strip(), name.strip()
    return "", ""


def _acquire(fd: int, shared: bool, wait: float) -> bool:
    """Take the lock on ``fd``, trying again for up to ``wait`` seconds; whether it was taken."""
    deadline = time.monotonic() + wait
    while not _try_lock(fd, shared):
        if time.monotonic() >= deadline:
            return False
        time.sleep(_POLL)
    return True


def _try_lock(fd: int, shared: bool = False) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        if shared:  # its locks are exclusive: a shared one is only a check there
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        return True
    try:
        fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
