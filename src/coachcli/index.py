"""The index: a rebuildable cache of the notes, so that reading stays fast.

Notes are the source of truth. The index keeps, per note, the small flat
records of :mod:`coachcli.records` and the note's text for search, in one
SQLite file in the platform's cache folder::

    <user cache>/coachcli/<16 hex of sha256(home path)>/index.sqlite3

so a synced or shared notes folder never carries a cache, and two homes never
share one. Deleting it at any time loses nothing: the next read rebuilds it.

**Refreshing.** Every read first lists ``<home>/reps/<slug>/`` (``*.md`` notes
and ``actions.toml``) and compares each file's (mtime, size, inode) with what
the index recorded; only new or changed files are read again, and rows of
files that are gone are deleted. A file changed within
:data:`RACY_SECONDS` of being read is read again next time too, since an edit
in the same clock tick would keep its mtime (the "racy git" problem).

**Broken files.** A note (or ``actions.toml``) that cannot be read is recorded
with its problem, so it is not parsed again until it changes, and its warning
("<file>: <problem>") is returned by every read until it is fixed or deleted.

**Robustness.** The file stores its format (:data:`INDEX_FORMAT` and the
coachcli version) and the home it indexes; a mismatch, a corrupt file or
something that is not a database is deleted and rebuilt. Writes happen in
short transactions (WAL journal), so readers never wait and two processes
refreshing at once only repeat each other's work. When the cache cannot be
used at all (not writable, locked for longer than :data:`BUSY_TIMEOUT`), a
throwaway index in a temporary file is built for that one command.

**Tables.** ``meta`` (format, version, home); ``files`` (one per note or
actions file: rep folder, name, signature, problem); ``notes`` (one per
readable note, id = its file's id; ratings, metrics and question ids in one
small JSON column, which loads faster than three more tables); ``actions``
and ``reviews`` keyed by (note, position); ``changes`` keyed by (actions
file, position); ``note_text``, an FTS5 table (unicode61 tokenizer, accents
removed) of each note's summary and body, rowid = the note's id.

**Speed** (10,000 notes across 50 reps; benchmarks/read_index.py): a warm
:func:`load_corpus` of every rep builds ~60,000 records in ~0.25 s; checking
10,000 files for changes takes ~50 ms; a warm load never imports pydantic,
and reading an edited note imports only PyYAML.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import re
import sqlite3
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final, TypeVar

from coachcli import __version__
from coachcli.errors import CoachError
from coachcli.frontmatter import read_note
from coachcli.home import APP_NAME, Home
from coachcli.layout import ACTIONS_FILE, check_slug, is_slug
from coachcli.properties import NoteProperties, check_properties
from coachcli.records import (
    OUTCOMES,
    OWNERS,
    STATUSES,
    ActionChange,
    ActionRow,
    ChangeStatus,
    Corpus,
    NoteRow,
    ReviewOutcome,
    ReviewRow,
)

__all__ = [
    "INDEX_FORMAT",
    "PROGRESS_MIN",
    "RefreshStats",
    "SearchHit",
    "index_path",
    "last_refresh",
    "load_corpus",
    "match_spans",
    "rebuild",
    "refresh",
    "rows_from_front_matter",
    "search",
]

INDEX_FORMAT: Final = 2
"""Bump when the tables or what is derived from a note change: every index is rebuilt."""
FILE_NAME: Final = "index.sqlite3"
PROGRESS_MIN = 200
"""A refresh that reads more files than this reports progress."""
BATCH = 250
"""Files read per write transaction (and between progress reports)."""
BUSY_TIMEOUT = 10.0
"""Seconds to wait for another process's write before reading without the cache."""
RACY_SECONDS = 2.0
"""A file modified this close to being read is read again next time (FAT: 2 s mtimes)."""


Progress = Callable[[int, int], None]
_Sig = tuple[int, int, int]
"""A file's (mtime_ns, size, inode)."""
_Key = tuple[str, str]
"""(rep_slug, file name)."""
_T = TypeVar("_T")

_OWNER: Mapping[str, str] = {owner: owner for owner in OWNERS}
_STATUS: Mapping[str, ChangeStatus] = {status: status for status in STATUSES}
_OUTCOME: Mapping[str, ReviewOutcome] = {outcome: outcome for outcome in OUTCOMES}


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


last_refresh: RefreshStats | None = None
"""The stats of the latest refresh in this process (set by every function here)."""


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A note that matches a search, and its matching lines."""

    path: Path
    rep_slug: str
    rep: str
    started: datetime
    framework: str
    lines: list[tuple[int, str]]
    """(line number in the file, the line's text) of each line with a match.

    :func:`match_spans` says where in a line the matches are, to highlight them.
    """
    more: bool = False
    """More lines matched than the ``max_lines`` asked for."""


# =========================================================================== public API


def index_path(home: Home) -> Path:
    """The index file of ``home``, in the platform's cache folder (not inside the home)."""
    from platformdirs import user_cache_path

    root = str(home.root.resolve()).encode("utf-8", "surrogateescape")
    digest = hashlib.sha256(root).hexdigest()[:16]
    return user_cache_path(APP_NAME, appauthor=False) / digest / FILE_NAME


def load_corpus(
    home: Home, rep_slug: str | None = None, *, progress: Progress | None = None
) -> Corpus:
    """Refresh the index, then return the notes of every rep (or one), newest first.

    Notes started at the same moment are ordered by rep folder, then file
    name descending. ``actions`` and ``reviews`` follow the notes' order
    (newest note first), then their order in the note; ``changes`` are per
    rep (by folder name), in file order; ``warnings`` has one line per file
    that cannot be read, naming it. ``progress(done, total)`` is called when
    more than :data:`PROGRESS_MIN` files have to be read.
    """
    check_slug(rep_slug)

    def work(db: _Db) -> Corpus:
        _, scan_warnings = db.refresh(home, rep_slug, progress)
        corpus = db.corpus(home, rep_slug)
        corpus.warnings[:0] = scan_warnings
        return corpus

    return _with_index(home, work)


_NO_DETAIL: tuple[dict[str, int], dict[str, float], list[str]] = ({}, {}, [])


def each_rep(
    home: Home,
    visit: Callable[[str, Corpus], None],
    *,
    progress: Progress | None = None,
    details: bool = True,
) -> list[str]:
    """Refresh the index once, then hand every rep's corpus to ``visit(slug, corpus)``.

    Only one rep's notes are in memory at a time, so listings across 10,000
    notes stay light. ``visit`` may be called again for a rep if the index has
    to be rebuilt halfway (keep results by slug). Returns the warnings of the
    scan and of every rep's corpus. ``details=False`` leaves the notes'
    ratings, metrics and questions asked out (empty), for listings that do
    not need them.
    """

    def work(db: _Db) -> list[str]:
        _, warnings = db.refresh(home, None, progress)
        slugs = [row[0] for row in db.conn.execute("SELECT DISTINCT rep_slug FROM files")]
        for slug in sorted(slugs):
            corpus = db.corpus(home, slug, details)
            warnings.extend(corpus.warnings)
            visit(slug, corpus)
        return warnings

    return _with_index(home, work)


def refresh(
    home: Home, rep_slug: str | None = None, *, progress: Progress | None = None
) -> RefreshStats:
    """Bring the index up to date with the files (of every rep, or one); say what it did."""
    check_slug(rep_slug)
    return _with_index(home, lambda db: db.refresh(home, rep_slug, progress)[0])


def rebuild(home: Home, progress: Progress | None = None) -> int:
    """Delete the index and build it again from every note; return the number of notes.

    Raises CoachError when the index cannot be written (the cache folder is
    not writable, or another process holds it).
    """
    global last_refresh
    path = index_path(home)
    try:
        _delete_db(path)
        db = _Db.open_cached(path, home)
    except _Unusable as exc:
        raise CoachError(
            f"Cannot write the index {path}: {exc}.",
            hint="The notes are not affected; check the cache folder's permissions.",
        ) from None
    try:
        stats, _ = db.refresh(home, None, progress)
        last_refresh = stats
        return db.count_notes()
    except sqlite3.DatabaseError as exc:
        raise CoachError(f"Cannot write the index {path}: {exc}.") from None
    finally:
        db.close()


def search(
    home: Home,
    query: str,
    rep_slug: str | None = None,
    since: date | None = None,
    *,
    progress: Progress | None = None,
    max_lines: int | None = None,
) -> list[SearchHit]:
    """Notes matching every word (and "quoted phrase") of ``query``, case- and accent-blind.

    ``max_lines`` keeps at most that many matching lines per note (the hit's
    ``more`` says that there were others), which keeps a search for a common
    word light.

    Sorted by rep (name, then folder), newest first within a rep. Each hit
    lists the lines of the note's body that hold a match. ``since`` keeps
    notes of that day or later. Raises CoachError when ``query`` holds nothing
    to search for (only punctuation). The index is refreshed first, as by
    :func:`load_corpus`.
    """
    check_slug(rep_slug)
    match = fts_query(query)

    def work(db: _Db) -> list[SearchHit]:
        db.refresh(home, rep_slug, progress)
        return db.search(home, match, rep_slug, since, max_lines)

    return _with_index(home, work)


def fts_query(query: str) -> str:
    """``query`` as an FTS5 query: each word or "phrase" a quoted FTS5 string, ANDed.

    Anything the user types is text: FTS5 operators (``OR``, ``NEAR``, ``*``,
    ``-``, ``^``, column filters) lose their meaning inside a string.
    CoachError when no word is left.
    """
    terms = []
    for phrase, word in _TERM.findall(query):
        tokens = _TOKEN.findall(phrase or word)
        if tokens:
            terms.append('"' + " ".join(tokens).replace('"', '""') + '"')
    if not terms:
        raise CoachError(
            f"Nothing to search for in {query.strip()!r}: search looks for words and numbers.",
            hint='Type one or more words, e.g. coach search discovery "next step".',
        )
    return " ".join(terms)


_TERM = re.compile(r'"([^"]*)"?|([^\s"]+)')
_TOKEN = re.compile(r"[^\W_]+")  # what FTS5's unicode61 tokenizer keeps: letters and digits


# =========================================================================== notes -> rows


def rows_from_front_matter(
    data: Mapping[str, Any], path: Path, rep_slug: str
) -> tuple[NoteRow, list[ActionRow], list[ReviewRow]]:
    """The records of one note from its front matter; NoteError naming the key when it is wrong.

    ``rep_slug`` (the folder name) is the rep's identity; the note's
    ``rep_slug`` key is ignored. Coaching and performance minutes are the
    time used in sections of that kind, or the time planned when no section
    recorded any time; a note without sections counts its duration for its
    kind.
    """
    note = check_properties(data, str(path))
    coaching, performance = _minutes_by_kind(note)
    row = NoteRow(
        path,
        rep_slug,
        note.rep,
        note.started,
        note.framework,
        note.framework_name,
        note.kind,
        note.duration_minutes,
        coaching,
        performance,
        note.summary,
        note.ratings,
        note.metrics,
        note.questions_asked,
    )
    created = note.started.date()
    actions = [
        ActionRow(a.id, rep_slug, a.text, a.owner, a.due, created, path, a.status)
        for a in note.actions
    ]
    reviews = [
        ReviewRow(r.action, rep_slug, created, r.outcome, r.comment, path) for r in note.reviews
    ]
    return row, actions, reviews


def _minutes_by_kind(note: NoteProperties) -> tuple[float, float]:
    """(coaching, performance) minutes."""
    totals = {"coaching": 0.0, "performance": 0.0}
    used = sum(section.seconds for section in note.sections)
    for section in note.sections:
        totals[section.kind] += section.seconds / 60 if used else float(section.planned_minutes)
    if not note.sections and note.kind in totals:
        totals[note.kind] = float(note.duration_minutes)
    return totals["coaching"], totals["performance"]


# =========================================================================== reading files


@dataclass(frozen=True, slots=True)
class _Note:
    row: NoteRow
    actions: list[ActionRow]
    reviews: list[ReviewRow]
    body: str
    body_line: int


@dataclass(frozen=True, slots=True)
class _Read:
    """One file as read: its signature and its records, or the problem with it."""

    key: _Key
    sig: _Sig
    note: _Note | None = None
    changes: list[ActionChange] | None = None
    problem: str | None = None
    retry: bool = False
    """Read again next time whatever its signature (racy or an OS error)."""


def _problem(message: str, path: Path) -> str:
    """A message without the file name it starts with (warnings add the current path)."""
    for prefix in (f"{path}: ", f"{path.name}: "):
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message


def _read_file(folder: Path, key: _Key, racy_before: int) -> _Read:
    slug, name = key
    path = folder / name
    if name == ACTIONS_FILE:
        return _read_actions(path, key, racy_before)
    try:
        with path.open("rb") as handle:
            st = os.fstat(handle.fileno())
            raw = handle.read()
    except OSError as exc:
        return _Read(key, (-1, -1, -1), problem=f"cannot be read ({exc.strerror})", retry=True)
    sig = (st.st_mtime_ns, st.st_size, st.st_ino)
    retry = st.st_mtime_ns >= racy_before
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problem = f"not UTF-8 text (byte {exc.start + 1}); save it as UTF-8"
        return _Read(key, sig, problem=problem, retry=retry)
    try:
        note = _parse_note(text, path, slug)
    except CoachError as exc:
        return _Read(key, sig, problem=_problem(exc.message, path), retry=retry)
    except Exception as exc:  # a bug must not hide every other note
        return _Read(key, sig, problem=f"cannot be read ({exc!r})", retry=retry)
    return _Read(key, sig, note=note, retry=retry)


def _parse_note(text: str, path: Path, slug: str) -> _Note:
    data, body, body_line = read_note(text, str(path))
    row, actions, reviews = rows_from_front_matter(data, path, slug)
    return _Note(row, actions, reviews, body, body_line)


def _read_actions(path: Path, key: _Key, racy_before: int) -> _Read:
    from coachcli.actions_log import read_changes

    try:
        st = path.stat()  # before reading: a later change gets a newer signature
    except OSError as exc:
        return _Read(key, (-1, -1, -1), problem=f"cannot be read ({exc.strerror})", retry=True)
    sig = (st.st_mtime_ns, st.st_size, st.st_ino)
    retry = st.st_mtime_ns >= racy_before
    try:
        changes = read_changes(path, key[0])
    except CoachError as exc:
        return _Read(key, sig, problem=_problem(exc.message, path), retry=retry)
    except Exception as exc:  # pragma: no cover - a bug must not hide the notes
        return _Read(key, sig, problem=f"cannot be read ({exc!r})", retry=retry)
    return _Read(key, sig, changes=changes, retry=retry)


def _rep_folders(home: Home) -> list[str]:
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


def _scan_folder(home: Home, slug: str, warnings: list[str]) -> dict[str, _Sig]:
    """The notes and actions file in one rep folder, by name, with their signatures."""
    found: dict[str, _Sig] = {}
    folder = f"{home.reps_dir}{os.sep}{slug}"
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                name = entry.name
                if name.startswith(".") or not (name.endswith(".md") or name == ACTIONS_FILE):
                    continue
                try:
                    st = entry.stat()
                except OSError:
                    continue
                if stat.S_ISREG(st.st_mode):
                    found[name] = (st.st_mtime_ns, st.st_size, st.st_ino)
    except (FileNotFoundError, NotADirectoryError):
        pass
    except OSError as exc:
        warnings.append(f"{folder}: cannot be read ({exc.strerror}); its notes are not listed")
    return found


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _read_files(home: Home, keys: list[_Key], progress: Progress | None) -> Iterator[list[_Read]]:
    """The files ``keys`` read in batches, reporting progress when there are many."""
    total = len(keys)
    report = progress if progress is not None and total > PROGRESS_MIN else None
    if report is not None:
        report(0, total)
    folders: dict[str, Path] = {}
    racy_before = time.time_ns() - int(RACY_SECONDS * 1e9)
    for start in range(0, total, BATCH):
        batch = []
        for key in keys[start : start + BATCH]:
            folder = folders.get(key[0])
            if folder is None:
                folder = folders[key[0]] = home.reps_dir / key[0]
            batch.append(_read_file(folder, key, racy_before))
        yield batch
        if report is not None:
            report(min(start + BATCH, total), total)


# =========================================================================== the database


_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE files (
    id INTEGER PRIMARY KEY,
    rep_slug TEXT NOT NULL,
    name TEXT NOT NULL,
    mtime_ns INTEGER NOT NULL,     -- -1: read it again next time
    size INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    problem TEXT,                  -- NULL when the file was read, else why it cannot be
    UNIQUE (rep_slug, name)
);
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,        -- = files.id
    rep_slug TEXT NOT NULL,
    name TEXT NOT NULL,            -- = files.name
    rep TEXT NOT NULL,
    started TEXT NOT NULL,         -- ISO 8601 with its UTC offset, as in the note
    started_ts REAL NOT NULL,      -- seconds since the epoch: the order
    day TEXT NOT NULL,             -- YYYY-MM-DD (the note's own date)
    framework TEXT NOT NULL,
    framework_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL,
    coaching_minutes REAL NOT NULL,
    performance_minutes REAL NOT NULL,
    summary TEXT NOT NULL,
    detail TEXT NOT NULL,          -- JSON [{rating: level}, {metric: value}, [question id]]
    body_line INTEGER NOT NULL     -- the file's line number of the body's first line
);
CREATE INDEX notes_by_rep ON notes (rep_slug, started_ts);
CREATE INDEX notes_order ON notes (started_ts DESC, rep_slug, name DESC);
CREATE TABLE actions (
    note INTEGER NOT NULL, pos INTEGER NOT NULL,
    id TEXT NOT NULL, text TEXT NOT NULL, owner TEXT NOT NULL, due TEXT NOT NULL,
    status TEXT NOT NULL,
    PRIMARY KEY (note, pos)
) WITHOUT ROWID;
CREATE TABLE reviews (
    note INTEGER NOT NULL, pos INTEGER NOT NULL,
    action_id TEXT NOT NULL, outcome TEXT NOT NULL, comment TEXT NOT NULL,
    PRIMARY KEY (note, pos)
) WITHOUT ROWID;
CREATE TABLE changes (
    file INTEGER NOT NULL, pos INTEGER NOT NULL, rep_slug TEXT NOT NULL,
    action_id TEXT NOT NULL, status TEXT NOT NULL, day TEXT NOT NULL, comment TEXT NOT NULL,
    PRIMARY KEY (file, pos)
) WITHOUT ROWID;
"""
_FTS = "CREATE VIRTUAL TABLE note_text USING fts5(summary, body, tokenize='{}')"
_TOKENIZERS = ("unicode61 remove_diacritics 2", "unicode61 remove_diacritics 1")
_CHILD_TABLES = ("actions", "reviews")
_MARK_ON, _MARK_OFF = "\x02", "\x03"


class _Unusable(Exception):
    """The cache cannot be used now: build a throwaway index instead."""


def _errorname(exc: sqlite3.Error) -> str:
    return str(getattr(exc, "sqlite_errorname", ""))


def _is_corrupt(exc: sqlite3.Error) -> bool:
    """A damaged or foreign file (rebuild it), rather than a busy or unwritable one."""
    name = _errorname(exc)
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_SCHEMA")):
        return True
    message = str(exc).lower()
    if "malformed" in message or "not a database" in message:
        return True
    return name in ("SQLITE_ERROR", "") and ("no such" in message or "has no column" in message)


def _delete_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        except OSError as exc:
            raise _Unusable(exc.strerror or str(exc)) from None


def _private_folder(folder: Path) -> None:
    """Create the cache folders, readable by their owner only."""
    from platformdirs import user_cache_path

    base = user_cache_path(APP_NAME, appauthor=False)
    try:
        base.parent.mkdir(parents=True, exist_ok=True)
        for part in (base, folder):
            part.mkdir(mode=0o700, exist_ok=True)
    except OSError as exc:
        raise _Unusable(exc.strerror or str(exc)) from None


def _with_index(home: Home, work: Callable[[_Db], _T]) -> _T:
    """``work`` on the home's cached index, rebuilt once if corrupt, else on a throwaway one."""
    path = index_path(home)
    for attempt in range(2):
        try:
            db = _Db.open_cached(path, home)
        except _Unusable:
            break
        try:
            return work(db)
        except sqlite3.DatabaseError as exc:
            if not _is_corrupt(exc) or attempt:
                break
            db.close()
            with contextlib.suppress(_Unusable):
                _delete_db(path)
        finally:
            db.close()
    with _Db.throwaway(home) as db:
        return work(db)


class _Db:
    """One connection to an index, and what is done with it."""

    def __init__(self, conn: sqlite3.Connection, *, created: bool, cached: bool) -> None:
        self.conn = conn
        self.created = created
        self.cached = cached

    # ------------------------------------------------------------------ opening

    @classmethod
    def open_cached(cls, path: Path, home: Home) -> _Db:
        """The index at ``path``: created if missing, rebuilt if stale or corrupt."""
        _private_folder(path.parent)
        for attempt in range(2):
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
                os.close(fd)
            except OSError as exc:
                raise _Unusable(exc.strerror or str(exc)) from None
            conn: sqlite3.Connection | None = None
            try:
                conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
                created = _prepare(conn, home, journal="WAL")
                if created is not None:
                    conn.execute("PRAGMA synchronous=NORMAL")
                    return cls(conn, created=created, cached=True)
            except sqlite3.DatabaseError as exc:
                if not _is_corrupt(exc) or attempt:
                    if conn is not None:
                        conn.close()
                    raise _Unusable(str(exc)) from None
            if conn is not None:
                conn.close()
            _delete_db(path)  # stale, foreign or corrupt: start again
        raise _Unusable("cannot create the index")  # pragma: no cover

    @classmethod
    @contextlib.contextmanager
    def throwaway(cls, home: Home) -> Iterator[_Db]:
        """A temporary index for one command (deleted after), in memory if need be."""
        name = ":memory:"
        with contextlib.suppress(OSError):
            fd, name = tempfile.mkstemp(prefix="coachcli-index-", suffix=".sqlite3")
            os.close(fd)
        try:
            conn = sqlite3.connect(name, isolation_level=None)
            try:
                _prepare(conn, home, journal="OFF")
                conn.execute("PRAGMA synchronous=OFF")
                yield cls(conn, created=True, cached=False)
            finally:
                conn.close()
        finally:
            if name != ":memory:":
                with contextlib.suppress(OSError):
                    Path(name).unlink()

    def close(self) -> None:
        self.conn.close()

    # ------------------------------------------------------------------ refresh

    def refresh(
        self, home: Home, rep_slug: str | None, progress: Progress | None
    ) -> tuple[RefreshStats, list[str]]:
        global last_refresh
        conn = self.conn
        warnings: list[str] = []
        slugs = [rep_slug] if rep_slug is not None else _rep_folders(home)
        indexed = {slug for (slug,) in conn.execute("SELECT DISTINCT rep_slug FROM files")}
        todo: list[_Key] = []
        gone: list[_Key] = []
        files = 0
        for slug in slugs:  # one folder at a time: little memory, whatever the number of notes
            disk = _scan_folder(home, slug, warnings)
            files += len(disk)
            if slug in indexed:
                for name, *sig in conn.execute(
                    "SELECT name, mtime_ns, size, inode FROM files WHERE rep_slug = ?", (slug,)
                ):
                    found = disk.pop(name, None)
                    if found is None:
                        gone.append((slug, name))
                    elif found != tuple(sig):
                        todo.append((slug, name))
            todo += [(slug, name) for name in disk]
        if rep_slug is None:
            for slug in sorted(indexed.difference(slugs)):
                gone += conn.execute(
                    "SELECT rep_slug, name FROM files WHERE rep_slug = ?", (slug,)
                ).fetchall()
        if gone:
            with self.writing():
                for key in gone:
                    self.forget(key, drop=True)
        todo.sort()
        for batch in _read_files(home, todo, progress):
            with self.writing():
                for read in batch:
                    self.store(read)
        if len(todo) > 1000:
            with contextlib.suppress(sqlite3.OperationalError):
                conn.execute("INSERT INTO note_text(note_text) VALUES ('optimize')")
        where = " AND rep_slug = ?" if rep_slug else ""
        (broken,) = conn.execute(
            "SELECT count(*) FROM files WHERE problem IS NOT NULL" + where,
            (rep_slug,) if rep_slug else (),
        ).fetchone()
        stats = RefreshStats(
            files=files,
            read=len(todo),
            removed=len(gone),
            broken=broken,
            rebuilt=self.created,
            cached=self.cached,
        )
        last_refresh = stats
        return stats, warnings

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def forget(self, key: _Key, *, drop: bool) -> int | None:
        """Delete what the index holds from file ``key`` (and the file's row if ``drop``)."""
        conn = self.conn
        found = conn.execute("SELECT id FROM files WHERE rep_slug = ? AND name = ?", key).fetchone()
        if found is None:
            return None
        (file_id,) = found
        conn.execute("DELETE FROM notes WHERE id = ?", (file_id,))
        for table in _CHILD_TABLES:
            conn.execute(f"DELETE FROM {table} WHERE note = ?", (file_id,))
        conn.execute("DELETE FROM changes WHERE file = ?", (file_id,))
        conn.execute("DELETE FROM note_text WHERE rowid = ?", (file_id,))
        if drop:
            conn.execute("DELETE FROM files WHERE id = ?", (file_id,))
        return int(file_id)

    def store(self, read: _Read) -> None:
        conn = self.conn
        mtime, size, inode = read.sig
        if read.retry:
            mtime = -1
        file_id = self.forget(read.key, drop=False)
        if file_id is None:
            cursor = conn.execute(
                "INSERT INTO files (rep_slug, name, mtime_ns, size, inode, problem) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (*read.key, mtime, size, inode, read.problem),
            )
            file_id = int(cursor.lastrowid or 0)
        else:
            conn.execute(
                "UPDATE files SET mtime_ns = ?, size = ?, inode = ?, problem = ? WHERE id = ?",
                (mtime, size, inode, read.problem, file_id),
            )
        if read.note is not None:
            _insert_note(conn, file_id, read.note)
        if read.changes:
            conn.executemany(
                "INSERT INTO changes VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (file_id, i, c.rep_slug, c.action_id, c.status, c.date.isoformat(), c.comment)
                    for i, c in enumerate(read.changes)
                ],
            )

    def count_notes(self) -> int:
        (count,) = self.conn.execute("SELECT count(*) FROM notes").fetchone()
        return int(count)

    # ------------------------------------------------------------------ reading

    def corpus(self, home: Home, rep_slug: str | None, details: bool = True) -> Corpus:
        conn = self.conn
        one = rep_slug is not None
        args: tuple[str, ...] = (rep_slug,) if rep_slug is not None else ()
        where = " WHERE n.rep_slug = ?" if one else ""
        # Notes, their actions and their reviews come in the same order (newest
        # first; the rows of one note in PRIMARY KEY order, i.e. as in the
        # note), so they are merged as they stream, never all held at once.
        order = " ORDER BY n.started_ts DESC, n.rep_slug, n.name DESC"
        corpus = Corpus()
        collecting = gc.isenabled()
        gc.disable()  # tens of thousands of acyclic records: the collector only slows this down
        conn.execute("BEGIN")  # one snapshot of every table
        try:
            action_rows = conn.execute(
                "SELECT a.note, a.id, a.text, a.owner, a.due, a.status "
                "FROM notes n JOIN actions a ON a.note = n.id" + where + order,
                args,
            )
            review_rows = conn.execute(
                "SELECT r.note, r.action_id, r.outcome, r.comment "
                "FROM notes n JOIN reviews r ON r.note = n.id" + where + order,
                args,
            )
            action = next(action_rows, None)
            review = next(review_rows, None)

            # Repeated strings (ids of questions, ratings and metrics; names) are
            # shared rather than copied per note: a third less memory.
            canon: dict[str, str] = {}
            same = canon.setdefault
            intern = sys.intern
            decode = _decode_detail
            fromiso = datetime.fromisoformat
            day = date.fromisoformat
            children: dict[str, Callable[[str], Path]] = {}
            notes = corpus.notes
            for (
                note_id,
                slug,
                name,
                rep,
                started_text,
                framework,
                framework_name,
                kind,
                duration,
                coaching,
                performance,
                summary,
                detail,
            ) in conn.execute(
                "SELECT n.id, n.rep_slug, n.name, n.rep, n.started, n.framework, "
                "n.framework_name, n.kind, n.duration_minutes, n.coaching_minutes, "
                "n.performance_minutes, n.summary, n.detail FROM notes n" + where + order,
                args,
            ):
                child = children.get(slug)
                if child is None:
                    child = children[slug] = _child_maker(home.reps_dir / slug)
                path = child(name)
                slug = same(slug, slug)
                started = fromiso(started_text)
                ratings, metrics, questions = decode(detail) if details else _NO_DETAIL
                notes.append(
                    NoteRow(
                        path,
                        slug,
                        same(rep, rep),
                        started,
                        same(framework, framework),
                        same(framework_name, framework_name),
                        same(kind, kind),
                        duration,
                        coaching,
                        performance,
                        summary,
                        {intern(k): v for k, v in ratings.items()} if ratings else {},
                        {intern(k): v for k, v in metrics.items()} if metrics else {},
                        tuple(map(intern, questions)),
                    )
                )
                created = started.date()
                while action is not None and action[0] == note_id:
                    _, action_id, text, owner, due, status = action
                    corpus.actions.append(
                        ActionRow(
                            action_id,
                            slug,
                            text,
                            _OWNER[owner],
                            day(due),
                            created,
                            path,
                            _STATUS[status],
                        )
                    )
                    action = next(action_rows, None)
                while review is not None and review[0] == note_id:
                    _, action_id, outcome, comment = review
                    corpus.reviews.append(
                        ReviewRow(action_id, slug, created, _OUTCOME[outcome], comment, path)
                    )
                    review = next(review_rows, None)
            if action is not None or review is not None:  # the orders disagree: never lose rows
                raise sqlite3.DatabaseError("database disk image is malformed (row order)")
            for slug, action_id, status, when, comment in conn.execute(
                "SELECT rep_slug, action_id, status, day, comment FROM changes"
                + (" WHERE rep_slug = ?" if one else "")
                + " ORDER BY rep_slug, file, pos",
                args,
            ):
                corpus.changes.append(
                    ActionChange(action_id, slug, _STATUS[status], day(when), comment)
                )
            for slug, name, problem in conn.execute(
                "SELECT rep_slug, name, problem FROM files WHERE problem IS NOT NULL"
                + (" AND rep_slug = ?" if one else "")
                + " ORDER BY rep_slug, name",
                args,
            ):
                corpus.warnings.append(f"{home.reps_dir / slug / name}: {problem}")
        except (KeyError, ValueError, TypeError) as exc:  # values no refresh wrote: rebuild
            raise sqlite3.DatabaseError(f"database disk image is malformed ({exc!r})") from None
        finally:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("COMMIT")
            if collecting:
                gc.enable()
        return corpus

    def search(
        self,
        home: Home,
        match: str,
        rep_slug: str | None,
        since: date | None,
        max_lines: int | None = None,
    ) -> list[SearchHit]:
        sql = (
            "SELECT n.name, n.rep_slug, n.rep, n.started, n.framework, "
            f"n.body_line, highlight(note_text, 1, '{_MARK_ON}', '{_MARK_OFF}') "
            "FROM note_text JOIN notes n ON n.id = note_text.rowid WHERE note_text MATCH ?"
        )
        args: list[object] = [match]
        if rep_slug is not None:
            sql += " AND n.rep_slug = ?"
            args.append(rep_slug)
        if since is not None:
            sql += " AND n.day >= ?"
            args.append(since.isoformat())
        sql += " ORDER BY n.rep_slug, n.started_ts DESC, n.name DESC"
        groups: dict[str, list[SearchHit]] = {}  # by rep folder, newest first
        children: dict[str, Callable[[str], Path]] = {}
        collecting = gc.isenabled()
        gc.disable()  # as in corpus(): many small acyclic objects
        try:
            for name, slug, rep, started, framework, body_line, marked in self.conn.execute(
                sql, args
            ):
                child = children.get(slug)
                if child is None:
                    child = children[slug] = _child_maker(home.reps_dir / slug)
                    groups[slug] = []
                lines = _matching_lines(marked, body_line, max_lines)
                more = max_lines is not None and len(lines) > max_lines
                when = datetime.fromisoformat(started)
                hit = SearchHit(child(name), slug, rep, when, framework, lines[:max_lines], more)
                groups[slug].append(hit)
        except (ValueError, TypeError) as exc:  # values no refresh wrote: rebuild
            raise sqlite3.DatabaseError(f"database disk image is malformed ({exc!r})") from None
        finally:
            if collecting:
                gc.enable()
        # by the rep's current name (their newest note's), then folder
        order = sorted(groups, key=lambda slug: (groups[slug][0].rep.casefold(), slug))
        return [hit for slug in order for hit in groups[slug]]


def _matching_lines(
    marked: str, first_line: int, limit: int | None = None
) -> list[tuple[int, str]]:
    """The lines of a highlighted body that hold a match, without the marks.

    Only the lines around each mark are looked at (a body has ~100 lines, a
    word is in a few); a phrase can run over a line break.
    """
    lines: list[tuple[int, str]] = []
    find, count = marked.find, marked.count
    number, counted = first_line, 0
    mark = find(_MARK_ON)
    start = marked.rfind("\n", 0, mark) + 1 if mark != -1 else -1
    while start != -1:
        end = find("\n", start)
        if end == -1:
            end = len(marked)
        number += count("\n", counted, start)
        counted = start
        line = marked[start:end]
        lines.append((number, line.replace(_MARK_ON, "").replace(_MARK_OFF, "")))
        if end == len(marked) or (limit is not None and len(lines) > limit):
            break
        if line.rfind(_MARK_ON) > line.rfind(_MARK_OFF):  # a phrase goes on in the next line
            start = end + 1
        else:
            mark = find(_MARK_ON, end)
            start = -1 if mark == -1 else marked.rfind("\n", 0, mark) + 1
    return lines


def match_spans(query: str, line: str) -> list[tuple[int, int]]:
    """Where the words and phrases of ``query`` are in ``line``: (start, end) offsets.

    For highlighting the lines of a :class:`SearchHit`: case- and accent-blind
    like the search (a close approximation of FTS5's tokenizer).
    """
    pattern = _line_pattern(query)
    if pattern is None:
        return []
    folded = _fold(line)
    if len(folded) != len(line):  # a letter that folds to several: no offsets to give
        return []
    return [match.span() for match in pattern.finditer(folded)]


def _line_pattern(query: str) -> re.Pattern[str] | None:
    phrases = []
    for phrase, word in _TERM.findall(query):
        tokens = _TOKEN.findall(_fold(phrase or word))
        if tokens:
            phrases.append(r"[\W_]+".join(re.escape(t) for t in tokens))
    if not phrases:
        return None
    phrases.sort(key=len, reverse=True)
    return re.compile(r"(?<![^\W_])(?:" + "|".join(phrases) + r")(?![^\W_])")


_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _fold(text: str) -> str:
    """Lower case without accents (as FTS5's unicode61 tokenizer compares), per character."""
    if text.isascii():
        return text.lower()
    import unicodedata

    return "".join(
        _COMBINING.sub("", unicodedata.normalize("NFD", char)).lower() or char for char in text
    )


def _prepare(conn: sqlite3.Connection, home: Home, journal: str) -> bool | None:
    """Check (or create) the tables: True if created, False if current, None if stale."""
    root = str(home.root.resolve())
    wanted = {"format": str(INDEX_FORMAT), "coachcli": __version__, "home": root}
    try:
        found = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.OperationalError as exc:
        if "no such table" not in str(exc):
            raise
        found = None
    if found is not None:
        return False if found == wanted else None
    (tables,) = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    if tables:
        return None  # someone else's tables
    conn.execute(f"PRAGMA journal_mode={journal}")
    conn.execute("BEGIN IMMEDIATE")
    try:
        (tables,) = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if tables:  # another process created it meanwhile
            conn.execute("ROLLBACK")
            return _prepare(conn, home, journal)
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                conn.execute(statement)
        for tokenizer in _TOKENIZERS:
            try:
                conn.execute(_FTS.format(tokenizer))
                break
            except sqlite3.OperationalError:
                if tokenizer == _TOKENIZERS[-1]:
                    raise
        conn.executemany("INSERT INTO meta VALUES (?, ?)", wanted.items())
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return True


def _insert_note(conn: sqlite3.Connection, file_id: int, note: _Note) -> None:
    row = note.row
    conn.execute(
        "INSERT INTO notes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            file_id,
            row.rep_slug,
            row.path.name,
            row.rep,
            row.started.isoformat(),
            row.started.timestamp(),
            row.started.date().isoformat(),
            row.framework,
            row.framework_name,
            row.kind,
            row.duration_minutes,
            row.coaching_minutes,
            row.performance_minutes,
            row.summary,
            json.dumps([row.ratings, row.metrics, row.questions_asked], ensure_ascii=False),
            note.body_line,
        ),
    )
    if note.actions:
        conn.executemany(
            "INSERT INTO actions VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (file_id, i, a.id, a.text, a.owner, a.due.isoformat(), a.status)
                for i, a in enumerate(note.actions)
            ],
        )
    if note.reviews:
        conn.executemany(
            "INSERT INTO reviews VALUES (?, ?, ?, ?, ?)",
            [(file_id, i, r.action_id, r.outcome, r.comment) for i, r in enumerate(note.reviews)],
        )
    conn.execute(
        "INSERT INTO note_text (rowid, summary, body) VALUES (?, ?, ?)",
        (file_id, row.summary, note.body),
    )


def _child_maker(folder: Path) -> Callable[[str], Path]:
    """``lambda name: folder / name`` for plain file names, faster where pathlib allows."""
    make = getattr(folder, "_make_child_relpath", None)  # CPython's own shortcut for this
    if callable(make) and isinstance(make("x.md"), Path) and make("x.md") == folder / "x.md":
        return make  # type: ignore[no-any-return]
    return folder.joinpath  # pragma: no cover - a pathlib without the shortcut


_scan_json: Callable[[str, int], tuple[Any, int]] = vars(json.JSONDecoder())["scan_once"]
"""json.loads without its checks (a quarter faster on 10,000 small values)."""


def _decode_detail(text: str) -> tuple[dict[str, int], dict[str, float], list[str]]:
    """A note's ``detail`` column: (ratings, metrics, question ids)."""
    try:
        ratings, metrics, questions = _scan_json(text, 0)[0]
    except (ValueError, TypeError, StopIteration):
        raise sqlite3.DatabaseError("database disk image is malformed (detail)") from None
    return ratings, metrics, questions
