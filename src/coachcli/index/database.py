"""The index file: where it lives, its tables, opening it, and keeping it in step with the notes.

**Robustness.** The file stores its format (:data:`INDEX_FORMAT` and the
coachcli version) and the home it indexes; a mismatch, a corrupt file or
something that is not a database is deleted and rebuilt. Writes happen in
short transactions (WAL journal), so readers never wait and two processes
refreshing at once only repeat each other's work. When the cache cannot be
used at all (not writable, locked for longer than :data:`BUSY_TIMEOUT`), a
throwaway index in a temporary file is built for that one command.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Final, Literal, TypeVar

from coachcli import __version__
from coachcli.errors import CoachError
from coachcli.home import Home
from coachcli.index.files import (
    RACY_SECONDS,
    FileKey,
    FileRead,
    Progress,
    RefreshStats,
    folder_digest,
    read_files,
    rep_folders,
    scan_folders,
)
from coachcli.index.shards import BatchRows
from coachcli.index.tables import CHILD_TABLES, FTS, SCHEMA, TOKENIZERS
from coachcli.layout import check_slug

INDEX_FORMAT: Final = 9
"""Bump when the tables or what is derived from a note change: every index is rebuilt."""
FILE_NAME: Final = "index.sqlite3"
MANY = 1000
"""A refresh that reads more files than this merges the full-text index once, at the end."""
BUSY_TIMEOUT = 10.0
"""Seconds to wait for another process's write before reading without the cache."""

_T = TypeVar("_T")


# =========================================================================== public API


def index_path(home: Home) -> Path:
    """The index file of ``home``, in the platform's cache folder (not inside the home)."""
    from coachcli.home import cache_dir

    return cache_dir(home) / FILE_NAME


def slugs_in(conn: sqlite3.Connection, table: Literal["files", "notes"]) -> list[str]:
    """The reps ``table`` has rows of, in order: one step of its index on ``rep_slug`` per rep
    (a recursive ``min``), where ``SELECT DISTINCT`` would read every row's entry."""
    found = conn.execute(
        f"WITH RECURSIVE rep(slug) AS (SELECT min(rep_slug) FROM {table} UNION ALL "
        f"SELECT (SELECT min(rep_slug) FROM {table} WHERE rep_slug > slug) FROM rep "
        "WHERE slug IS NOT NULL) SELECT slug FROM rep WHERE slug IS NOT NULL"
    )
    return [slug for (slug,) in found]


def refresh(
    home: Home, rep_slug: str | None = None, *, progress: Progress | None = None
) -> RefreshStats:
    """Bring the index up to date with the files (of every rep, or one); say what it did."""
    check_slug(rep_slug)
    return with_index(home, lambda db: db.refresh(home, rep_slug, progress)[0])


def with_index(home: Home, work: Callable[[Db], _T]) -> _T:
    """``work`` on the home's cached index, rebuilt once if corrupt, else on a throwaway one.

    ``work`` raises sqlite3.DatabaseError for values no refresh would write:
    the index is then taken as corrupt.
    """
    path = index_path(home)
    for attempt in range(2):
        try:
            db = Db.open_cached(path, home)
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
    with Db.throwaway(home) as db:
        return work(db)


# =========================================================================== the file


class _Unusable(Exception):
    """The cache cannot be used now: build a throwaway index instead."""


def _errorname(exc: sqlite3.Error) -> str:
    return str(getattr(exc, "sqlite_errorname", ""))


def _is_corrupt(exc: sqlite3.Error) -> bool:
    """A damaged or foreign file (rebuild it), rather than a busy or unwritable one."""
    name = _errorname(exc)
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITESCHEMA")):
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
    """Create the cache folders, ``coachcli`` itself included, readable by their owner only."""
    from coachcli.fsys import ensure_dir

    try:
        ensure_dir(folder)
    except CoachError as exc:
        raise _Unusable(exc.message) from None


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
    _journal_mode(conn, journal)
    conn.execute("BEGIN IMMEDIATE")
    try:
        (tables,) = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if tables:  # another process created it meanwhile
            conn.execute("ROLLBACK")
            return _prepare(conn, home, journal)
        for statement in SCHEMA.split(";"):
            if statement.strip():
                conn.execute(statement)
        for tokenizer in TOKENIZERS:
            try:
                conn.execute(FTS.format(tokenizer))
                break
            except sqlite3.OperationalError:
                if tokenizer == TOKENIZERS[-1]:
                    raise
        conn.executemany("INSERT INTO meta VALUES (?, ?)", wanted.items())
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return True


def _journal_mode(conn: sqlite3.Connection, journal: str) -> None:
    """Set the journal mode, waiting while another process creates the tables.

    SQLite answers "database is locked" at once here, without waiting the busy
    timeout, while another connection writes to a new file: three commands
    building the index together must not fall back to a throwaway one.
    """
    import time

    deadline = time.monotonic() + BUSY_TIMEOUT
    while True:
        try:
            conn.execute(f"PRAGMA journal_mode={journal}")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


class Db:
    """One connection to an index, and keeping it in step with the files."""

    merge_at_end = True
    """Merge the full-text index's segments into one after a big refresh (one per batch)."""

    def __init__(self, conn: sqlite3.Connection, *, created: bool, cached: bool) -> None:
        self.conn = conn
        self.created = created
        self.cached = cached

    # ------------------------------------------------------------------ opening

    @classmethod
    def open_cached(cls, path: Path, home: Home) -> Db:
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
    def throwaway(cls, home: Home) -> Iterator[Db]:
        """A temporary index for one command (deleted after), in memory if need be.

        It holds note text, so it is kept under the home, never in $TMPDIR.
        """
        from coachcli.fsys import ensure_dir

        name = ":memory:"
        with contextlib.suppress(OSError, CoachError):
            fd, name = tempfile.mkstemp(suffix=".sqlite3", dir=ensure_dir(home.scratch_dir))
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
        """Bring the rows up to date with the files; (what it did, warnings of the scan)."""
        conn = self.conn
        warnings: list[str] = []
        slugs = [rep_slug] if rep_slug is not None else rep_folders(home)
        indexed = set(slugs_in(conn, "files"))
        digests = dict(conn.execute("SELECT rep_slug, digest FROM folders"))
        todo: list[FileKey] = []
        gone: list[FileKey] = []
        files = 0
        settled: dict[str, str] = {}  # folders to remember by their digest once stored: own sig
        racy_before = time.time_ns() - int(RACY_SECONDS * 1e9)
        for scan in scan_folders(home, slugs, warnings, racy_before, digests):
            slug, disk = scan.slug, scan.files
            files += scan.count
            if scan.same:
                continue  # nothing in the folder changed since it was last compared
            if scan.folder is not None:
                settled[slug] = scan.folder
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
        many = len(todo) > MANY
        if many:  # merge the full-text index's segments once, at the end
            self._fts_merging(automerge=0, crisismerge=64)
        try:
            self.read_into(home, todo, progress)
        finally:
            if many:
                self._fts_merging(automerge=4, crisismerge=16)  # SQLite's defaults
        if many and self.merge_at_end:
            with contextlib.suppress(sqlite3.OperationalError):
                conn.execute("INSERT INTO note_text(note_text) VALUES ('optimize')")
        if settled:
            self._remember(settled)
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
        return stats, warnings

    def read_into(self, home: Home, todo: list[FileKey], progress: Progress | None) -> None:
        """Read the files ``todo`` and write their rows, a batch per transaction."""
        for batch in read_files(home, todo, progress):
            with self.writing():
                self.store(batch)

    def _remember(self, folders: dict[str, str]) -> None:
        """Keep each folder's digest, added up from the rows the index now holds of it.

        A folder whose rows another process changed meanwhile gets a digest
        its files do not match (and is compared file by file next time); one
        with a file to read again next time gets none.
        """
        conn = self.conn
        with self.writing():
            for slug, folder in folders.items():
                sigs = conn.execute(
                    "SELECT mtime_ns, size, inode FROM files WHERE rep_slug = ?", (slug,)
                ).fetchall()
                if any(sig[0] == -1 for sig in sigs):
                    continue
                conn.execute(
                    "INSERT OR REPLACE INTO folders VALUES (?, ?)",
                    (slug, folder_digest(folder, sigs)),
                )

    def _fts_merging(self, *, automerge: int, crisismerge: int) -> None:
        """How eagerly FTS5 merges its segments while rows are added (a saved setting)."""
        with contextlib.suppress(sqlite3.OperationalError):
            for name, value in (("automerge", automerge), ("crisismerge", crisismerge)):
                self.conn.execute(
                    "INSERT INTO note_text(note_text, rank) VALUES (?, ?)", (name, value)
                )

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

    def forget(self, key: FileKey, *, drop: bool) -> int | None:
        """Delete what the index holds from file ``key`` (and the file's row if ``drop``)."""
        conn = self.conn
        found = conn.execute("SELECT id FROM files WHERE rep_slug = ? AND name = ?", key).fetchone()
        if found is None:
            return None
        (file_id,) = found
        conn.execute("INSERT OR IGNORE INTO stale VALUES (?)", key[:1])
        conn.execute("DELETE FROM folders WHERE rep_slug = ?", key[:1])
        conn.execute("DELETE FROM notes WHERE id = ?", (file_id,))
        for table in CHILD_TABLES:
            conn.execute(f"DELETE FROM {table} WHERE note = ?", (file_id,))
        conn.execute("DELETE FROM changes WHERE file = ?", (file_id,))
        conn.execute("DELETE FROM note_text WHERE rowid = ?", (file_id,))
        if drop:
            conn.execute("DELETE FROM files WHERE id = ?", (file_id,))
        return int(file_id)

    def store(self, batch: list[FileRead]) -> None:
        """Write the rows of ``batch``, replacing what the index holds of those files."""
        conn = self.conn
        known = self._known([read.key for read in batch])
        (next_id,) = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM files").fetchone()
        rows = BatchRows()
        for read in batch:
            file_id = self.forget(read.key, drop=False) if read.key in known else None
            if file_id is None:
                file_id, next_id = next_id, next_id + 1
                rows.add(file_id, read, new=True)
            else:
                mtime, size, inode = read.sig
                conn.execute(
                    "UPDATE files SET mtime_ns = ?, size = ?, inode = ?, problem = ? WHERE id = ?",
                    (-1 if read.retry else mtime, size, inode, read.problem, file_id),
                )
                rows.add(file_id, read, new=False)
        slugs = [(slug,) for slug in sorted({read.key[0] for read in batch})]
        conn.executemany("INSERT OR IGNORE INTO stale VALUES (?)", slugs)
        conn.executemany("DELETE FROM folders WHERE rep_slug = ?", slugs)
        rows.insert(conn)

    def _known(self, keys: list[FileKey]) -> set[FileKey]:
        """Those of ``keys`` the index has rows of (another process may have added some)."""
        names: dict[str, list[str]] = {}
        for slug, name in keys:
            names.setdefault(slug, []).append(name)
        found: set[FileKey] = set()
        for slug, some in names.items():
            marks = ", ".join("?" * len(some))
            found.update(
                self.conn.execute(
                    f"SELECT rep_slug, name FROM files WHERE rep_slug = ? AND name IN ({marks})",
                    (slug, *some),
                )
            )
        return found

    def count_notes(self) -> int:
        (count,) = self.conn.execute("SELECT count(*) FROM notes").fetchone()
        return int(count)
