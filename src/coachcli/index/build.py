"""``coach index rebuild``: the index built again in a new file, renamed over the old one when done.

The new file (``index.sqlite3.building-PID`` beside the index) is written
without a journal and without syncing, every batch in one transaction, with
FTS5 keeping :data:`BUILD_HASH` bytes of new terms in memory: a few large
segments instead of one per batch (at 10,000 notes the full-text rows take
~0.45 s instead of ~1.1 s), left as they are. Several cores read the notes
(:mod:`coachcli.index.workers`), each worker writing its batches' rows into
a database of its own that is copied here (:mod:`coachcli.index.shards`).
Once complete it becomes an
ordinary index (WAL journal, FTS5's own buffer size) and replaces the old
file in one rename: a build that fails or is stopped leaves the old index in
use, never half a new one.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from coachcli.errors import CoachError
from coachcli.home import Home
from coachcli.index.database import Db, _delete_db, _prepare, _private_folder, _Unusable, index_path
from coachcli.index.files import FileKey, Progress, RefreshStats, read_in_batches

BUILD_HASH = 8 * 1024 * 1024
"""Bytes of new terms FTS5 keeps in memory during a rebuild before writing a segment."""
FTS_HASH_DEFAULT = 1024 * 1024
"""FTS5's own default for the same, restored in the finished file."""


def rebuild(home: Home, progress: Progress | None = None) -> tuple[int, RefreshStats]:
    """Build the index again from every note, in a new file renamed over the old one when done.

    Returns the number of notes indexed and what the refresh did. Raises
    CoachError when the index cannot be written (the cache folder is not
    writable, or another process holds it); the old index is then left as it was.
    """
    path = index_path(home)
    try:
        db = NewDb.create(path, home)
    except _Unusable as exc:
        raise CoachError(
            f"Cannot write the index {path}: {exc}.",
            hint="The notes are not affected; check the cache folder's permissions.",
        ) from None
    try:
        stats, _ = db.refresh(home, None, progress)
        count = db.count_notes()
        db.finish(path)
        return count, stats
    except (sqlite3.DatabaseError, _Unusable) as exc:
        raise CoachError(f"Cannot write the index {path}: {exc}.") from None
    finally:
        db.close()
        with contextlib.suppress(OSError):
            Path(db.new_path).unlink(missing_ok=True)


class NewDb(Db):
    """A new index file being built: one transaction from start to :meth:`finish`."""

    merge_at_end = False
    """One transaction, :data:`BUILD_HASH` bytes of terms in memory: a few large segments
    (2 at 10,000 generated notes, 8 at 50,000), as fast to search as one; merging them
    would cost ~0.17 s and ~0.9 s of a rebuild's end. FTS5 merges them as notes change."""
    new_path = ""
    shard = ""
    """The name of the attached in-memory database workers' rows are copied from, if any."""

    @classmethod
    def create(cls, path: Path, home: Home) -> NewDb:
        """An empty index beside ``path``, without a journal, its one transaction begun."""
        _private_folder(path.parent)
        new = f"{path}.building-{os.getpid()}"
        try:
            _delete_db(Path(new))  # left by a crashed build of a process with the same id
            fd = os.open(new, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
            os.close(fd)
        except OSError as exc:
            raise _Unusable(exc.strerror or str(exc)) from None
        try:
            conn = sqlite3.connect(new, isolation_level=None)
            _prepare(conn, home, journal="OFF")
            conn.execute("PRAGMA synchronous=OFF")
            _fts_hash(conn, BUILD_HASH)
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            with contextlib.suppress(OSError):
                Path(new).unlink()
            raise _Unusable(str(exc)) from None
        db = cls(conn, created=True, cached=True)
        db.new_path = new
        return db

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        yield  # every batch in the one transaction

    def read_into(self, home: Home, todo: list[FileKey], progress: Progress | None) -> None:
        """Read the files ``todo`` and write their rows: on several cores, through shards.

        Each worker writes its batch's rows into a database of its own and the
        rows are copied from it (:mod:`coachcli.index.shards`), with the ids
        :meth:`Db.store` would give them (this file holds no rows yet).
        """
        from coachcli.index.workers import workers_for

        if not workers_for(len(todo)):
            super().read_into(home, todo, progress)
            return
        from coachcli.index import files
        from coachcli.index.shards import SHARD, merge_shard, shard_batch

        conn = self.conn
        (first,) = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM files").fetchone()
        size = files.BATCH
        batches = [(first + at, todo[at : at + size]) for at in range(0, len(todo), size)]
        conn.execute(f"ATTACH ':memory:' AS {SHARD}")  # detached after the commit
        self.shard = SHARD
        for data in read_in_batches(home, batches, len(todo), progress, shard_batch):
            merge_shard(conn, data)

    def finish(self, path: Path) -> None:
        """Commit, make the file an ordinary index (WAL journal) and rename it to ``path``."""
        conn = self.conn
        conn.execute("COMMIT")
        if self.shard:
            conn.execute(f"DETACH {self.shard}")
        _fts_hash(conn, FTS_HASH_DEFAULT)
        conn.execute("PRAGMA journal_mode=WAL")  # a setting kept in the file
        conn.close()
        try:  # the old file's journal must not be read as the new one's
            for suffix in ("-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            Path(self.new_path).replace(path)
        except OSError as exc:
            raise _Unusable(exc.strerror or str(exc)) from None


def _fts_hash(conn: sqlite3.Connection, size: int) -> None:
    """How many bytes of new terms FTS5 keeps in memory (a setting saved in the file)."""
    conn.execute("INSERT INTO note_text(note_text, rank) VALUES ('hashsize', ?)", (size,))
