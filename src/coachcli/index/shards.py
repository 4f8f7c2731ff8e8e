"""A batch of files' rows, written into the index, or by a worker into a small database of its own.

:class:`BatchRows` turns the files of a batch, as read (:class:`FileRead`),
into the rows of the index's tables; the refresh writes them
(``Db.store``). A rebuild on several cores does better: each worker process
writes its batch's rows into an in-memory database with the same tables
(:func:`shard_batch`: no indexes, the text in a plain table) and sends back
its bytes (``Connection.serialize``); the rebuild copies them with one
``INSERT ... SELECT`` per table (:func:`merge_shard`), so the rows never
become Python objects in the process that writes, and nothing is pickled
but one string of bytes. FTS5 tokenises the text there, as the batches come.
The ids are given with the batch, in the order the refresh would give them:
the index is the same row for row.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from coachcli.index.files import FileKey, FileRead, collector_paused, read_batch
from coachcli.index.tables import SCHEMA

SHARD = "shard"
"""The name the rebuild's connection attaches a worker's batch under."""
SHARD_TABLES = ("files", "notes", "actions", "reviews", "changes")
"""The index's tables a batch has rows in, besides the full text."""
_SHARD_SCHEMA = [
    s
    for s in SCHEMA.split(";")
    if s.split("(")[0].split() in (["CREATE", "TABLE", t] for t in SHARD_TABLES)
] + ["CREATE TABLE note_text (summary TEXT, body TEXT)"]
"""The batch's database: the index's own tables, without indexes; the text in a plain table."""

Shard = tuple[int, list[FileKey]]
"""A batch of files to read into a shard: the id the first one gets in the index, and the files."""


@dataclass(slots=True)
class BatchRows:
    """The rows of the index's tables for some files, in the order the INSERTs take them."""

    files: list[tuple[object, ...]] = field(default_factory=list)
    """New files' rows (a file the index holds already is updated by the caller)."""
    notes: list[tuple[object, ...]] = field(default_factory=list)
    actions: list[tuple[object, ...]] = field(default_factory=list)
    reviews: list[tuple[object, ...]] = field(default_factory=list)
    texts: list[tuple[object, ...]] = field(default_factory=list)
    changes: list[tuple[object, ...]] = field(default_factory=list)

    def add(self, file_id: int, read: FileRead, *, new: bool) -> None:
        """The rows of the file ``read``, whose id is ``file_id`` (a new file's row if ``new``)."""
        if new:
            mtime, size, inode = read.sig
            self.files.append(
                (file_id, *read.key, -1 if read.retry else mtime, size, inode, read.problem)
            )
        note = read.note
        if note is not None:
            self.notes.append((file_id, *note.note))
            self.actions += [(file_id, *action) for action in note.actions]
            self.reviews += [(file_id, *review) for review in note.reviews]
            self.texts.append((file_id, note.summary, note.body))
        if read.changes:
            self.changes += [
                (file_id, i, c.rep_slug, c.action_id, c.status, c.date.isoformat(), c.comment)
                for i, c in enumerate(read.changes)
            ]

    def insert(self, conn: sqlite3.Connection) -> None:
        """INSERT every row (into the index, or into a shard: the statements are the same)."""
        for sql, rows in (
            ("INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?)", self.files),
            ("INSERT INTO notes VALUES (" + ", ".join("?" * 19) + ")", self.notes),
            ("INSERT INTO actions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self.actions),
            ("INSERT INTO reviews VALUES (?, ?, ?, ?, ?)", self.reviews),
            ("INSERT INTO note_text (rowid, summary, body) VALUES (?, ?, ?)", self.texts),
            ("INSERT INTO changes VALUES (?, ?, ?, ?, ?, ?, ?)", self.changes),
        ):
            if rows:
                conn.executemany(sql, rows)


def shard_batch(reps_dir: str, batch: Shard, racy_before: int) -> bytes:
    """The files of ``batch`` read, their rows in an in-memory database: its bytes.

    Run by a worker process (:func:`coachcli.index.workers.read_in_workers`)
    or, while the workers start, by the rebuild's own.
    """
    first, keys = batch
    rows = BatchRows()
    with collector_paused():
        for file_id, read in enumerate(read_batch(reps_dir, keys, racy_before), first):
            rows.add(file_id, read, new=True)
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("BEGIN")
        for statement in _SHARD_SCHEMA:
            conn.execute(statement)
        rows.insert(conn)
        conn.execute("COMMIT")
        return conn.serialize()
    finally:
        conn.close()


def merge_shard(conn: sqlite3.Connection, data: bytes) -> None:
    """Copy the rows of a shard (:func:`shard_batch`) into the index ``conn`` has open.

    ``conn`` has an in-memory database attached as :data:`SHARD`; the shard's
    bytes replace it. The rep folders of the batch are marked stale, as
    ``Db.store`` marks them.
    """
    conn.deserialize(data, name=SHARD)
    for table in SHARD_TABLES:
        conn.execute(f"INSERT INTO main.{table} SELECT * FROM {SHARD}.{table}")
    # One row per statement: FTS5 writes its pending terms to disk at the start of
    # every statement that inserts many rows (INSERT ... SELECT), so many small
    # segments to merge; the text passes as bytes, never decoded here.
    conn.executemany(
        "INSERT INTO main.note_text (rowid, summary, body) "
        "VALUES (?, CAST(? AS TEXT), CAST(? AS TEXT))",
        conn.execute(
            "SELECT rowid, CAST(summary AS BLOB), CAST(body AS BLOB) "
            f"FROM {SHARD}.note_text ORDER BY rowid"
        ),
    )
    conn.execute(f"INSERT OR IGNORE INTO main.stale SELECT DISTINCT rep_slug FROM {SHARD}.files")
    conn.execute(f"DELETE FROM main.folders WHERE rep_slug IN (SELECT rep_slug FROM {SHARD}.files)")
