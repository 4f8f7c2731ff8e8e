"""Reading many notes on every core gives the index exactly what reading them here gives.

The workers are real processes (forked, or ``spawn`` where forking is not
safe), as in a cold build of a big home;
the threshold is lowered so that a handful of notes is enough.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from coachcli import index
from coachcli.actions_log import append_change
from coachcli.home import Home
from coachcli.index import files as index_files
from coachcli.index import workers
from coachcli.records import ActionChange

from .index_notes import dump_index, session, write

PARENT = os.getpid()


@pytest.fixture(autouse=True)
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_files, "RACY_SECONDS", 0.0)


def _everything(home: Home) -> object:
    corpus = index.load_corpus(home)
    rows = [(n.path.name, n.rep, n.summary, n.ratings, n.questions_asked) for n in corpus.notes]
    found = index.search(home, "discovery")
    return rows, corpus.actions, corpus.reviews, corpus.changes, corpus.warnings, found


def _a_home_of_every_kind_of_file(home: Home) -> None:
    for day in range(1, 8):
        write(home, session(day=day))
        write(home, session("Zoë Brown", "zoe-brown", day, answer=f"Pricing on day {day}"))
    folder = home.reps_dir / "alex-kim"
    (folder / "2026-03-20-broken.md").write_text("---\nschema: 2\n---\n", encoding="utf-8")
    (folder / "2026-03-21-latin1.md").write_bytes("---\nrep: Zo\xeb\n---\n".encode("latin-1"))
    day_one = next(folder.glob("2026-03-01-*.md"))
    text = day_one.read_text(encoding="utf-8").replace("<!-- q: goal-topic text -->", "")
    day_one.write_text(text, encoding="utf-8")  # a body warning: a lost marker
    append_change(folder, ActionChange("a2", "alex-kim", "done", session(day=2).started.date()))


def test_many_notes_read_by_workers_index_as_read_here(
    coach_home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _a_home_of_every_kind_of_file(coach_home)
    here = Home(tmp_path / "copy")
    shutil.copytree(coach_home.root, here.root)
    expected = _everything(here)
    assert expected[4], "the home should hold files that warn"

    used: list[int] = []
    real = workers.read_in_workers

    def spy(*args: object) -> object:
        used.append(len(args[2]))  # type: ignore[arg-type]
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(workers, "workers_for", lambda files: 2)
    monkeypatch.setattr(workers, "read_in_workers", spy)
    monkeypatch.setattr(index_files, "BATCH", 3)  # several batches in flight, in order
    found = _everything(coach_home)
    assert used == [6]  # 16 files, 3 a batch; nothing more to read for the search
    paths = lambda value: str(value).replace(str(here.root), "HOME")  # noqa: E731
    assert paths(found).replace(str(coach_home.root), "HOME") == paths(expected)


def test_a_rebuild_on_several_cores_holds_what_a_refresh_here_holds(
    coach_home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers write their batches into databases of their own; the rows are copied from them."""
    from coachcli.index import build, shards

    _a_home_of_every_kind_of_file(coach_home)
    index.refresh(coach_home)  # read here: one process, Db.store
    expected = dump_index(index.index_path(coach_home))

    merged: list[int] = []
    real = shards.merge_shard

    def spy(conn: object, data: bytes) -> None:
        merged.append(len(data))
        real(conn, data)  # type: ignore[arg-type]

    monkeypatch.setattr(workers, "workers_for", lambda files: 1)
    monkeypatch.setattr(shards, "merge_shard", spy)
    monkeypatch.setattr(index_files, "BATCH", 3)
    count, stats = build.rebuild(coach_home)
    assert len(merged) == 6  # 17 files, 3 a batch, each batch a shard
    assert (count, stats.read, stats.broken) == (14, 17, 3)
    assert dump_index(index.index_path(coach_home)) == expected
    assert _everything(coach_home)[4] == _everything(coach_home)[4]  # warnings, again
    conn = sqlite3.connect(index.index_path(coach_home))
    attached = [row[1] for row in conn.execute("PRAGMA database_list")]
    conn.close()
    assert attached == ["main"]
    assert [p.name for p in index.index_path(coach_home).parent.iterdir()] == ["index.sqlite3"]


def test_a_rebuild_through_shards_that_fails_leaves_the_old_index_in_use(
    coach_home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coachcli.errors import CoachError
    from coachcli.index import build, shards

    _a_home_of_every_kind_of_file(coach_home)
    before = index.load_corpus(coach_home)
    old = index.index_path(coach_home).stat().st_ino

    def broken(conn: object, data: bytes) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(workers, "workers_for", lambda files: 1)
    monkeypatch.setattr(shards, "merge_shard", broken)
    with pytest.raises(CoachError, match="Cannot write"):
        build.rebuild(coach_home)
    assert index.index_path(coach_home).stat().st_ino == old
    assert not list(index.index_path(coach_home).parent.glob("*.building-*"))
    assert index.load_corpus(coach_home) == before


def test_a_shard_holds_the_rows_the_index_would_store(coach_home: Home, tmp_path: Path) -> None:
    """In one process: a shard copied in gives the rows Db.store gives, ids included."""
    from coachcli.index import shards
    from coachcli.index.build import NewDb

    _a_home_of_every_kind_of_file(coach_home)
    keys = sorted(
        (p.parent.name, p.name) for p in coach_home.reps_dir.glob("*/*") if p.name != "profile.toml"
    )
    reps = str(coach_home.reps_dir)
    stored = NewDb.create(tmp_path / "stored.sqlite3", coach_home)
    stored.store(index_files.read_batch(reps, keys[:5], 0))
    stored.store(index_files.read_batch(reps, keys[5:], 0))
    merged = NewDb.create(tmp_path / "merged.sqlite3", coach_home)
    merged.conn.execute(f"ATTACH ':memory:' AS {shards.SHARD}")
    shards.merge_shard(merged.conn, shards.shard_batch(reps, (6, keys[5:]), 0))  # any order
    shards.merge_shard(merged.conn, shards.shard_batch(reps, (1, keys[:5]), 0))
    tables = [*shards.SHARD_TABLES, "note_text", "stale"]
    for table in tables:
        query = f"SELECT {'rowid, ' if table == 'note_text' else ''}* FROM {table} ORDER BY 1"
        assert merged.conn.execute(query).fetchall() == stored.conn.execute(query).fetchall()
    assert merged.conn.execute("SELECT count(*) FROM files").fetchone() == (len(keys),)
    stored.close()
    merged.close()


def _read_or_die(reps_dir: str, batch: list[int], racy_before: int) -> list[int]:
    """A reader whose worker processes die: only the parent can read."""
    if os.getpid() != PARENT:
        os._exit(3)
    return [n * 10 for n in batch]


def _read(reps_dir: str, batch: list[int], racy_before: int) -> list[tuple[int, int]]:
    return [(n, os.getpid()) for n in batch]


def test_batches_come_back_in_order_from_other_processes() -> None:
    batches = [[n, n + 1] for n in range(0, 20, 2)]
    found = list(workers.read_in_workers(_read, "", batches, 0, 2))
    assert [[n for n, _ in batch] for batch in found] == batches
    assert {pid for batch in found for _, pid in batch} - {PARENT}


def test_this_process_reads_too_while_the_workers_start() -> None:
    batches = [[n] for n in range(12)]
    found = list(workers.read_in_workers(_read, "", batches, 0, 1))
    assert [[n for n, _ in batch] for batch in found] == batches  # in order
    pids = [batch[0][1] for batch in found]
    assert 0 < pids.count(PARENT) < len(batches)  # both read some
    assert len(set(pids)) == 2


def test_when_a_worker_dies_the_rest_is_read_here() -> None:
    batches = [[1, 2], [3], [4, 5]]
    assert list(workers.read_in_workers(_read_or_die, "", batches, 0, 2)) == [
        [10, 20],
        [30],
        [40, 50],
    ]


def test_few_files_are_read_here(monkeypatch: pytest.MonkeyPatch) -> None:
    from coachcli import forked

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(16)), raising=False)
    monkeypatch.setattr(forked, "can_fork", lambda: True)
    assert workers.start_method() == "fork"
    assert workers.workers_for(10**6) == workers.MAX_WORKERS
    assert workers.workers_for(workers.PARALLEL_MIN - 1) == 0
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert workers.workers_for(10**6) == 0  # one core: this process reads
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert workers.workers_for(10**6) == 1  # and this one reads too

    monkeypatch.setattr(forked, "can_fork", lambda: False)  # macOS, Windows, threads
    assert not workers.main_is_coach()  # pytest: a program that is not coach
    assert workers.start_method() is None
    assert workers.workers_for(10**6) == 0
    monkeypatch.setattr(workers, "main_is_coach", lambda: True)
    assert workers.start_method() == "spawn"
    assert workers.workers_for(10**6) == 1
    monkeypatch.setenv("COACH_WORKERS", "0")
    assert workers.start_method() is None
    assert workers.workers_for(10**6) == 0


def test_coach_workers_0_forks_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_WORKERS", "0")
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(16)), raising=False)
    assert workers.start_method() is None
    assert workers.workers_for(10**6) == 0


_SET_AFTER_IMPORT = {"value": "as imported"}


def _what_the_worker_sees(reps_dir: str, batch: list[int], racy_before: int) -> list[object]:
    return [(_SET_AFTER_IMPORT["value"], os.getpid())]


@pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin", reason="no fork here")
def test_where_fork_is_safe_the_workers_are_copies_of_this_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A forked worker sees what this process set after importing; a spawned one does not."""
    from coachcli import forked

    def seen() -> set[tuple[str, bool]]:
        found = workers.read_in_workers(_what_the_worker_sees, "", batches, 0, 1)
        return {(value, pid == os.getpid()) for batch in found for value, pid in batch}

    monkeypatch.setitem(_SET_AFTER_IMPORT, "value", "set here")
    batches = [[n] for n in range(8)]
    monkeypatch.setattr(forked, "can_fork", lambda: True)
    assert seen() == {("set here", True), ("set here", False)}
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    monkeypatch.setattr(workers, "main_is_coach", lambda: True)
    assert ("as imported", False) in seen()  # spawned: the module imported afresh


def _merging(home: Home) -> dict[str, int]:
    import sqlite3

    with sqlite3.connect(index.index_path(home)) as conn:
        return dict(conn.execute("SELECT k, v FROM note_text_config WHERE k != 'version'"))


def test_a_big_refresh_leaves_the_search_index_merging_as_usual(
    coach_home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coachcli.index import database

    _a_home_of_every_kind_of_file(coach_home)
    monkeypatch.setattr(database, "MANY", 3)
    index.load_corpus(coach_home)
    assert _merging(coach_home) == {"automerge": 4, "crisismerge": 16}

    def interrupted(*args: object) -> object:
        raise KeyboardInterrupt

    for note in coach_home.reps_dir.glob("*/*.md"):
        os.utime(note, (1, 1))  # every note changed: a big refresh again
    monkeypatch.setattr(index_files, "read_files", interrupted)
    monkeypatch.setattr(database, "read_files", interrupted)
    with pytest.raises(KeyboardInterrupt):
        index.load_corpus(coach_home)
    assert _merging(coach_home) == {"automerge": 4, "crisismerge": 16}


def test_only_the_coach_command_spawns_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    import types

    from coachcli import __main__ as entry

    script = types.ModuleType("__main__")
    script.main = entry.main  # type: ignore[attr-defined]  # the console script
    monkeypatch.setitem(sys.modules, "__main__", script)
    assert workers.main_is_coach()
    script.main = lambda: None  # type: ignore[attr-defined]  # someone else's script
    assert not workers.main_is_coach()
    module = types.ModuleType("__main__")
    module.__spec__ = importlib.util.find_spec("coachcli.__main__")  # python -m coachcli
    monkeypatch.setitem(sys.modules, "__main__", module)
    assert workers.main_is_coach()
