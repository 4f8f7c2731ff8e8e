"""The files the index is built from: the rep folders, each file's signature, reading a file.

Every read of the index first lists ``<home>/reps/<slug>/`` (the notes, as
:func:`coachcli.layout.is_note_name` tells them from other Markdown files,
and ``actions.toml``) and compares each file's (mtime, size, inode) with what
the index recorded; only new or changed files are read again. A file changed
within :data:`RACY_SECONDS` of being read is read again next time too, since
an edit in the same clock tick would keep its mtime (the "racy git" problem).

A note (or ``actions.toml``) that cannot be read is recorded with its
problem, so it is not parsed again until it changes, and its warning
("<file>: <problem>") is returned by every read until it is fixed or deleted.
"""

from __future__ import annotations

import contextlib
import gc
import os
import stat
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from coachcli import forked
from coachcli.errors import CoachError
from coachcli.fsys import ENCRYPTED, is_encrypted
from coachcli.home import Home
from coachcli.layout import ACTIONS_FILE, is_slug, note_names
from coachcli.records import ActionChange

if TYPE_CHECKING:
    from coachcli.index.rows import NoteParams

_B = TypeVar("_B")
_R = TypeVar("_R")

PROGRESS_MIN = 200
"""A refresh that reads more files than this reports progress."""
BATCH = 100
"""Files read per write transaction (and between progress reports)."""
RACY_SECONDS = 2.0
"""A file modified this close to being read is read again next time (FAT: 2 s mtimes)."""

Progress = Callable[[int, int], None]
"""``progress(done, total)``: how many of the files to read have been read."""
Signature = tuple[int, int, int]
"""A file's (mtime_ns, size, inode)."""
FileKey = tuple[str, str]
"""(rep_slug, file name)."""


@dataclass(frozen=True, slots=True)
class FileRead:
    """One file as read: its signature and its records, or the problem with it."""

    key: FileKey
    sig: Signature
    note: NoteParams | None = None
    changes: list[ActionChange] | None = None
    problem: str | None = None
    retry: bool = False
    """Read again next time whatever its signature (racy or an OS error)."""


def rep_folders(home: Home) -> list[str]:
    """The names of the rep folders: slug-shaped, not hidden."""
    try:
        with os.scandir(home.reps_dir) as entries:
            return sorted(
                e.name
                for e in entries
                if not e.name.startswith(".") and is_slug(e.name) and _is_dir(e)
            )
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as exc:
        raise CoachError(f"Cannot read {home.reps_dir}: {exc.strerror}.") from None


@dataclass(slots=True)
class FolderScan:
    """One rep folder as listed: its notes and actions file with their signatures."""

    slug: str
    files: dict[str, Signature]
    folder: str | None
    """The folder's own signature (mtime, inode: a file added, removed or
    renamed changes it); None when something in it changed within
    :data:`RACY_SECONDS`, so that it is compared file by file next time."""
    same: bool = False
    """Listed with the digest the index kept for it (``known``): ``files`` is
    then left empty, as there is nothing to compare."""
    count: int = -1
    """How many files it holds (``len(files)`` unless ``same``)."""

    @property
    def digest(self) -> str | None:
        return None if self.folder is None else folder_digest(self.folder, self.files.values())

    def against(self, known: Mapping[str, str]) -> FolderScan:
        """This scan, its files let go if its digest is the one ``known`` for the folder."""
        self.count = len(self.files)
        if self.folder is not None and known.get(self.slug) == self.digest:
            self.files, self.same = {}, True
        return self


def folder_digest(folder: str, sigs: Iterable[Signature]) -> str:
    """A folder's signature and its files' signatures, added up (:class:`FolderScan`).

    The index keeps it per folder from its own rows; a folder listed with the
    same digest is not compared file by file.
    """
    count = total = 0
    for sig in sigs:
        count += 1
        total += hash(sig)  # a tuple of ints hashes the same in every process
    return f"{folder}:{count}:{total & 0xFFFFFFFFFFFFFFFF:x}"


def known_files(known: Mapping[str, str]) -> int:
    """How many files the folders' kept digests (:func:`folder_digest`) add up to."""
    return sum(int(digest.rsplit(":", 2)[1]) for digest in known.values())  # folder:count:sum


def scan_folders(
    home: Home,
    slugs: list[str],
    warnings: list[str],
    racy_before: int,
    known: Mapping[str, str] | None = None,
) -> list[FolderScan]:
    """The rep folders ``slugs`` listed, in order; each :meth:`FolderScan.against` ``known``.

    Listing a folder costs a ``stat`` per file. With many files (the digests
    ``known`` add up to :data:`SHARED_MIN` or more) a second process lists
    the first part of the folders while this one lists the rest
    (:func:`coachcli.forked.both`; git's ``preload-index`` does the same with
    threads, which in Python take turns).
    """
    known = known or {}

    def scan(part: list[str], found: list[str]) -> list[FolderScan]:
        return [scan_folder(home, slug, found, racy_before).against(known) for slug in part]

    if len(slugs) < 2 or known_files(known) < SHARED_MIN:
        return scan(slugs, warnings)
    first, rest = slugs[: len(slugs) // 2], slugs[len(slugs) // 2 :]
    mine: list[str] = []

    def there() -> tuple[list[tuple[str, dict[str, Signature], str | None, bool, int]], list[str]]:
        theirs: list[str] = []
        return [(s.slug, s.files, s.folder, s.same, s.count) for s in scan(first, theirs)], theirs

    theirs, scanned = forked.both(there, lambda: scan(rest, mine))
    if theirs is None:
        found = scan(first, warnings)
    else:
        rows, their_warnings = theirs
        found = [FolderScan(*row) for row in rows]
        warnings += their_warnings
    warnings += mine
    return found + scanned


SHARED_MIN = 5000
"""Files known to the index from which listing them is shared with a second process."""


def scan_folder(home: Home, slug: str, warnings: list[str], racy_before: int) -> FolderScan:
    """The notes and actions file in one rep folder, by name, with their signatures.

    Each file is looked up relative to the open folder (``dir_fd``) where the
    system allows it: a quarter faster than a ``stat`` of the whole path.
    """
    found: dict[str, Signature] = {}
    folder = f"{home.reps_dir}{os.sep}{slug}"
    settled = False
    fd = -1
    try:
        if _BY_FOLDER:
            fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            own = os.fstat(fd)
            names = os.listdir(fd)  # noqa: PTH208 (names only, relative to the open folder)
        else:  # pragma: no cover - Windows
            own = os.stat(folder)  # noqa: PTH116 (a str path: no Path made per folder)
            names = os.listdir(folder)  # noqa: PTH208
        wanted = note_names(names)
        if ACTIONS_FILE in names:
            wanted.append(ACTIONS_FILE)
        newest = 0
        for name in wanted:
            try:
                st = (
                    os.stat(name, dir_fd=fd) if fd >= 0 else os.stat(f"{folder}{os.sep}{name}")  # noqa: PTH116 (Windows)
                )
            except OSError:
                continue
            if stat.S_ISREG(st.st_mode):
                mtime = st.st_mtime_ns
                found[name] = (mtime, st.st_size, st.st_ino)
                if mtime > newest:
                    newest = mtime
        settled = newest < racy_before
    except (FileNotFoundError, NotADirectoryError):
        return FolderScan(slug, found, None)
    except OSError as exc:
        warnings.append(f"{folder}: cannot be read ({exc.strerror}); its notes are not listed")
        return FolderScan(slug, found, None)
    finally:
        if fd >= 0:
            os.close(fd)
    if not settled or own.st_mtime_ns >= racy_before:
        return FolderScan(slug, found, None)
    return FolderScan(slug, found, f"{own.st_mtime_ns}:{own.st_ino}")


_BY_FOLDER = os.stat in os.supports_dir_fd and os.listdir in os.supports_fd
"""Whether files can be looked up relative to an open folder (not on Windows)."""


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def read_files(
    home: Home, keys: list[FileKey], progress: Progress | None
) -> Iterator[list[FileRead]]:
    """The files ``keys`` read in batches, reporting progress when there are many.

    Many files are read by worker processes on every core
    (:mod:`coachcli.index.workers`); the batches come back in order.
    """
    batches = [keys[start : start + BATCH] for start in range(0, len(keys), BATCH)]
    return read_in_batches(home, batches, len(keys), progress, read_batch)


def read_in_batches(
    home: Home,
    batches: list[_B],
    total: int,
    progress: Progress | None,
    reader: Callable[[str, _B, int], _R],
) -> Iterator[_R]:
    """``reader(reps_dir, batch, racy_before)`` of each batch (of :data:`BATCH` files), in order.

    ``total`` files in all. ``reader`` is :func:`read_batch`, or another
    module-level function that reads files: many batches are read by worker
    processes.
    """
    from coachcli.index.workers import read_in_workers, workers_for

    report = progress if progress is not None and total > PROGRESS_MIN else None
    if report is not None:
        report(0, total)
    racy_before = time.time_ns() - int(RACY_SECONDS * 1e9)
    workers = workers_for(total)
    if workers and len(batches) > 1:
        read = read_in_workers(reader, str(home.reps_dir), batches, racy_before, workers)
    else:
        read = (reader(str(home.reps_dir), batch, racy_before) for batch in batches)
    for done, found in enumerate(read, 1):
        yield found
        if report is not None:
            report(min(done * BATCH, total), total)


def read_batch(reps_dir: str, keys: list[FileKey], racy_before: int) -> list[FileRead]:
    """The files ``keys`` of the rep folders in ``reps_dir``, each read or its problem."""
    folders: dict[str, Path] = {}
    found = []
    with collector_paused():
        for key in keys:
            folder = folders.get(key[0])
            if folder is None:
                folder = folders[key[0]] = Path(reps_dir, key[0])
            found.append(_read_file(folder, key, racy_before))
    return found


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused meanwhile (resumed after, if it was running).

    For making or loading thousands of records, none of which refers back to
    another: the collector's passes over them find nothing and cost time
    (5-10% of reading notes into rows).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _read_file(folder: Path, key: FileKey, racy_before: int) -> FileRead:
    from coachcli.index.rows import read_note_params  # checking notes: only when one changed

    slug, name = key
    path = folder / name
    if name == ACTIONS_FILE:
        return _read_actions(path, key, racy_before)
    try:
        with path.open("rb") as handle:
            st = os.fstat(handle.fileno())
            raw = handle.read()
    except OSError as exc:
        return FileRead(key, (-1, -1, -1), problem=f"cannot be read ({exc.strerror})", retry=True)
    sig = (st.st_mtime_ns, st.st_size, st.st_ino)
    retry = st.st_mtime_ns >= racy_before
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problem = f"not UTF-8 text (byte {exc.start + 1}); save it as UTF-8"
        return FileRead(key, sig, problem=ENCRYPTED if is_encrypted(raw) else problem, retry=retry)
    try:
        note, problems = read_note_params(text, path, slug)
    except CoachError as exc:
        return FileRead(key, sig, problem=_problem(exc.message, path), retry=retry)
    except Exception as exc:  # a bug must not hide every other note
        return FileRead(key, sig, problem=f"cannot be read ({exc!r})", retry=retry)
    found = "\n".join(problems) if problems else None
    return FileRead(key, sig, note=note, problem=found, retry=retry)


def _read_actions(path: Path, key: FileKey, racy_before: int) -> FileRead:
    from coachcli.actions_log import read_changes

    try:
        st = path.stat()  # before reading: a later change gets a newer signature
    except OSError as exc:
        return FileRead(key, (-1, -1, -1), problem=f"cannot be read ({exc.strerror})", retry=True)
    sig = (st.st_mtime_ns, st.st_size, st.st_ino)
    retry = st.st_mtime_ns >= racy_before
    try:
        changes = read_changes(path, key[0])
    except CoachError as exc:
        return FileRead(key, sig, problem=_problem(exc.message, path), retry=retry)
    except Exception as exc:  # pragma: no cover - a bug must not hide the notes
        return FileRead(key, sig, problem=f"cannot be read ({exc!r})", retry=retry)
    return FileRead(key, sig, changes=changes, retry=retry)


def _problem(message: str, path: Path) -> str:
    """A message without the file name it starts with (warnings add the current path)."""
    for prefix in (f"{path}: ", f"{path.name}: "):
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message


def child_maker(folder: Path) -> Callable[[str], Path]:
    """``lambda name: folder / name`` for plain file names, faster where pathlib allows."""
    make = getattr(folder, "_make_child_relpath", None)  # CPython's own shortcut for this
    if callable(make) and isinstance(make("x.md"), Path) and make("x.md") == folder / "x.md":
        return make  # type: ignore[no-any-return]
    return folder.joinpath  # pragma: no cover - a pathlib without the shortcut


@dataclass(frozen=True)
class RefreshStats:
    """What a refresh did: for tests, benchmarks and the progress display."""

    files: int
    """Notes and actions files found."""
    read: int
    """Files (re)read because they were new or had changed."""
    removed: int
    """Files gone since the last refresh."""
    broken: int
    """Files that cannot be read (each one is a warning)."""
    rebuilt: bool = False
    """The index file was created (or re-created: missing, stale format, corrupt)."""
    cached: bool = True
    """False when the cache could not be used and a throwaway index was built."""
