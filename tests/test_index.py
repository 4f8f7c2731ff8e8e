"""The index: a cache of the notes that is always right, survives anything, and is fast.

The promises: what load_corpus returns is what the notes say (hand edits,
deletions and additions are seen at once, and only changed files are read
again); a broken note is one warning naming it, every time, and nothing else
is lost; the index can be deleted or corrupted and is rebuilt; search treats
whatever the user types as text.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import threading
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachcli import index
from coachcli.actions_log import append_change
from coachcli.errors import CoachError
from coachcli.home import Home
from coachcli.index import (
    RefreshStats,
    SearchHit,
    index_path,
    load_corpus,
    rebuild,
    refresh,
    search,
    search_each,
)
from coachcli.index import build as index_build
from coachcli.index import database as index_database
from coachcli.index import files as index_files
from coachcli.notes import NoteError, from_markdown, write_note
from coachcli.records import ActionChange, Corpus
from coachcli.session import ActionItem, Review

from .index_notes import CET, OLD, dump_index, session, write

ALEX = "rep: '[[Alex Kim]]'\n"
"""The ``rep`` property of Alex Kim's notes: a link to his page."""
FIXTURE_V1 = Path(__file__).parent / "fixtures" / "home_v1" / "reps"
"""Format-1 notes written by coachcli 0.1 (coach no longer writes them)."""


@pytest.fixture(autouse=True)
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests write and read within milliseconds; they set mtimes themselves instead."""
    monkeypatch.setattr(index_files, "RACY_SECONDS", 0.0)


# --------------------------------------------------------------------------- helpers


def edit(path: Path, old: str, new: str) -> None:
    """Change a note by hand, in place (same inode), as an editor saving it would."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    before = path.stat().st_mtime_ns
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(before + 10**9, before + 10**9))


def names(corpus: Corpus) -> list[str]:
    return [note.path.name for note in corpus.notes]


@pytest.fixture
def home(coach_home: Home) -> Home:
    return coach_home


@pytest.fixture
def three(home: Home) -> list[Path]:
    """Two reps: Alex Kim with notes on 1 and 8 March, Zoë Brown with one on 5 March."""
    return [
        write(home, session(day=1)),
        write(home, session(day=8, framework="pipeline-review", kind="performance")),
        write(home, session("Zoë Brown", "zoe-brown", 5, answer="Pricing objection from Zoë")),
    ]


# --------------------------------------------------------------------------- the corpus


def test_the_corpus_holds_what_the_notes_say(home: Home, three: list[Path]) -> None:
    corpus = load_corpus(home)
    assert names(corpus) == [
        "2026-03-08-pipeline-review.md",
        "2026-03-05-grow.md",
        "2026-03-01-grow.md",
    ]
    newest = corpus.notes[0]
    assert newest.path == three[1]
    assert newest.rep_slug == "alex-kim"
    assert newest.rep == "Alex Kim"
    assert newest.started == datetime(2026, 3, 8, 10, 0, tzinfo=CET)
    assert newest.date == date(2026, 3, 8)
    assert newest.framework == "pipeline-review"
    assert newest.framework_name == "PIPELINE-REVIEW"
    assert newest.kind == "performance"
    assert newest.duration_minutes == 30
    assert (newest.coaching_minutes, newest.performance_minutes) == (10.0, 5.0)
    assert newest.summary == "Worked on discovery."
    assert newest.ratings == {"discovery": 3}
    assert newest.metrics == {"calls": 42.0}
    assert newest.questions_asked == ("goal-topic", "calls")

    assert [(a.id, a.rep_slug, a.created, a.due, a.note, a.status) for a in corpus.actions] == [
        ("a8", "alex-kim", date(2026, 3, 8), date(2026, 4, 8), three[1], "open"),
        ("a5", "zoe-brown", date(2026, 3, 5), date(2026, 4, 5), three[2], "open"),
        ("a1", "alex-kim", date(2026, 3, 1), date(2026, 4, 1), three[0], "open"),
    ]
    assert corpus.actions[0].text == "Action of day 8"
    assert corpus.actions[0].owner == "rep"
    assert corpus.reviews == []
    assert corpus.changes == []
    assert corpus.warnings == []


def test_the_first_refresh_builds_the_index(home: Home, three: list[Path]) -> None:
    assert refresh(home) == RefreshStats(files=3, read=3, removed=0, broken=0, rebuilt=True)


def test_one_rep(home: Home, three: list[Path]) -> None:
    corpus = load_corpus(home, "alex-kim")
    assert names(corpus) == ["2026-03-08-pipeline-review.md", "2026-03-01-grow.md"]
    assert [a.id for a in corpus.actions] == ["a8", "a1"]
    assert load_corpus(home, "nobody") == Corpus()
    assert load_corpus(home) == load_corpus(home)  # one rep's refresh left the others alone


def test_reviews_and_several_actions_keep_their_order(home: Home) -> None:
    reviews = [
        Review(action="a1", text="Send it", outcome="done", comment="Sent"),
        Review(action="zz", text="Call", outcome="not-done"),
    ]
    actions = [
        ActionItem(id="b1", text="First", due=date(2026, 4, 1), owner="manager"),
        ActionItem(id="b2", text="Second", due=date(2026, 4, 2), status="dropped"),
    ]
    write(home, session(day=1))
    path = write(home, session(day=2, reviews=reviews, actions=actions))
    corpus = load_corpus(home)
    assert [(r.action_id, r.outcome, r.comment, r.date, r.note) for r in corpus.reviews] == [
        ("a1", "done", "Sent", date(2026, 3, 2), path),
        ("zz", "not-done", "", date(2026, 3, 2), path),
    ]
    assert [(a.id, a.owner, a.status) for a in corpus.actions] == [
        ("b1", "manager", "open"),
        ("b2", "rep", "dropped"),
        ("a1", "rep", "open"),
    ]


def test_rows_agree_with_the_note_reader(home: Home, three: list[Path]) -> None:
    for row in load_corpus(home).notes:
        note = from_markdown(row.path.read_text(encoding="utf-8"))
        assert (row.rep, row.started, row.framework, row.kind) == (
            note.rep,
            note.started,
            note.framework,
            note.kind,
        )
        assert row.duration_minutes == note.duration_minutes
        assert row.ratings == note.ratings
        assert row.metrics == note.metrics
        assert list(row.questions_asked) == note.questions_asked
        assert row.summary == note.summary


def test_files_that_are_not_notes_are_ignored(home: Home, three: list[Path]) -> None:
    text = three[0].read_text(encoding="utf-8")
    for relative in [
        ".trash/2026-01-01-grow.md",  # a hidden folder
        "Alex Kim/2026-01-01-grow.md",  # not a slug: list_reps warns about it
        "alex-kim/.2026-01-01-grow.md",  # a hidden file
        "alex-kim/2026-01-01-grow.md.tmp",
        "alex-kim/notes.txt",
        "alex-kim/archive/2026-01-01-grow.md",  # notes are not looked for in subfolders
        "alex-kim/ideas.md",  # the manager's own Markdown: only dated names are notes
        "alex-kim/Alex Kim.md",  # the rep's page
        "alex-kim/grow-2026-01-01.md",
    ]:
        path = home.reps_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (home.reps_dir / "stray.md").write_text(text, encoding="utf-8")
    (home.reps_dir / "alex-kim" / "folder.md").mkdir()
    corpus = load_corpus(home)
    assert len(corpus.notes) == 3
    assert corpus.warnings == []


@pytest.mark.parametrize(
    ("name", "is_note"),
    [
        ("2026-11-27-grow.md", True),
        ("2026-11-27-grow-2.md", True),
        ("2026-13-45-grow.md", True),  # shaped like a date: read, and warned about
        ("2026-11-27 my own notes.md", True),
        ("Alex Kim.md", False),  # the rep's page
        ("ideas.md", False),
        ("Rep 2026-11-27 Bob.md", False),
        (".2026-11-27-grow.md", False),
        ("2026-11-27-grow.md.tmp", False),
        ("2026-11-27-grow.txt", False),
        ("26-11-27-grow.md", False),
        ("\u0662\u0660\u0662\u0666-11-27-grow.md", False),  # digits, but not 0-9
    ],
)
def test_only_markdown_files_named_by_a_date_are_notes(name: str, is_note: bool) -> None:
    from coachcli.layout import is_note_name

    assert is_note_name(name) is is_note


@given(st.from_regex(r"\.?(2026-0[0-9]-[0-9]{1,2})?[-a-z.\n ]{0,12}(\.md|\.MD|\.md\n|\.txt)?",
                     fullmatch=True))  # fmt: skip
def test_a_note_name_is_markdown_named_by_its_date_and_not_hidden(name: str) -> None:
    from coachcli.layout import is_note_name, starts_with_date

    expected = name.endswith(".md") and not name.startswith(".") and starts_with_date(name)
    assert is_note_name(name) is expected


def test_a_rep_folder_name_is_checked(home: Home) -> None:
    for bad in ["../x", "Alex", "", "a/b", "x" * 101]:
        with pytest.raises(CoachError):
            load_corpus(home, bad)
        with pytest.raises(CoachError):
            search(home, "x", bad)


def test_an_empty_or_missing_home_is_an_empty_corpus(home: Home) -> None:
    assert load_corpus(home) == Corpus()
    home.reps_dir.mkdir(parents=True)
    assert load_corpus(home) == Corpus()


# --------------------------------------------------------------------------- staleness


def test_a_note_edited_by_hand_is_seen_and_only_it_is_read_again(
    home: Home, three: list[Path]
) -> None:
    assert refresh(home).read == 3
    assert refresh(home).read == 0
    edit(three[0], "\nWorked on discovery.\n", "\nRole-played the CFO call.\n")  # the body
    edit(three[0], "rating-discovery: 3", "rating-discovery: 5")  # a property
    assert refresh(home).read == 1
    corpus = load_corpus(home)
    oldest = corpus.notes[-1]
    assert (oldest.summary, oldest.ratings) == ("Role-played the CFO call.", {"discovery": 5})
    assert corpus.notes[0].summary == "Worked on discovery."
    assert refresh(home).read == 0


def test_an_edit_that_keeps_size_and_inode_is_seen(home: Home, three: list[Path]) -> None:
    load_corpus(home)
    edit(three[0], "discovery: 3", "discovery: 4")
    assert load_corpus(home).notes[-1].ratings == {"discovery": 4}


def test_a_file_replaced_with_the_same_size_and_mtime_is_seen(
    home: Home, three: list[Path]
) -> None:
    """An atomic save (new inode) is noticed even when mtime and size are unchanged."""
    load_corpus(home)
    before = three[0].stat()
    text = three[0].read_text(encoding="utf-8").replace("discovery: 3", "discovery: 4")
    spare = three[0].with_name("spare")
    spare.write_text(text, encoding="utf-8")
    spare.replace(three[0])
    os.utime(three[0], ns=(before.st_mtime_ns, before.st_mtime_ns))
    assert three[0].stat().st_size == before.st_size
    assert load_corpus(home).notes[-1].ratings == {"discovery": 4}


def test_a_note_changed_in_the_same_clock_tick_is_read_again(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit right after a read may keep the mtime: such files are read again next time."""
    monkeypatch.setattr(index_files, "RACY_SECONDS", 2.0)
    path = write_note(home.reps_dir / "alex-kim", session())  # mtime: now
    load_corpus(home)
    before = path.stat()
    edit(path, "discovery: 3", "discovery: 4")
    os.utime(path, ns=(before.st_mtime_ns, before.st_mtime_ns))  # the same tick
    assert refresh(home).read == 1
    assert load_corpus(home).notes[0].ratings == {"discovery": 4}
    os.utime(path, (OLD, OLD))  # once it is old enough, it is settled
    load_corpus(home)
    assert refresh(home).read == 0


def test_a_deleted_note_is_gone(home: Home, three: list[Path]) -> None:
    load_corpus(home)
    three[1].unlink()
    stats = refresh(home)
    assert (stats.read, stats.removed) == (0, 1)
    corpus = load_corpus(home)
    assert names(corpus) == ["2026-03-05-grow.md", "2026-03-01-grow.md"]
    assert [a.id for a in corpus.actions] == ["a5", "a1"]
    assert search(home, "pipeline")[0] == []


def test_a_deleted_rep_folder_is_gone(home: Home, three: list[Path]) -> None:
    load_corpus(home)
    for path in three[2].parent.iterdir():
        path.unlink()
    three[2].parent.rmdir()
    assert refresh(home).removed == 1
    assert [n.rep_slug for n in load_corpus(home).notes] == ["alex-kim", "alex-kim"]


def test_a_renamed_rep_folder_is_followed(home: Home, three: list[Path]) -> None:
    load_corpus(home)
    three[2].parent.rename(home.reps_dir / "zoe-b")
    corpus = load_corpus(home)
    assert [n.rep_slug for n in corpus.notes] == ["alex-kim", "zoe-b", "alex-kim"]
    assert corpus.notes[1].path == home.reps_dir / "zoe-b" / "2026-03-05-grow.md"


def test_an_added_note_appears(home: Home, three: list[Path]) -> None:
    load_corpus(home)
    write(home, session(day=20))
    assert refresh(home).read == 1
    assert names(load_corpus(home))[0] == "2026-03-20-grow.md"


def test_deleting_the_index_loses_nothing(home: Home, three: list[Path]) -> None:
    before = load_corpus(home)
    path = index_path(home)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    stats = refresh(home)
    assert stats.rebuilt and stats.read == 3 and stats.cached
    assert load_corpus(home) == before


def test_deleting_the_whole_cache_folder_loses_nothing(home: Home, three: list[Path]) -> None:
    before = load_corpus(home)
    shutil.rmtree(index_path(home).parent.parent)
    assert load_corpus(home) == before


@pytest.mark.parametrize(
    "garbage",
    [
        b"this is not a database at all" * 100,
        b"",
        b"SQLite format 3\x00" + b"\xff" * 5000,
    ],
    ids=["text", "empty", "bad pages"],
)
def test_a_corrupt_index_is_rebuilt(home: Home, three: list[Path], garbage: bytes) -> None:
    before = load_corpus(home)
    path = index_path(home)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(garbage)
    assert refresh(home).cached
    assert load_corpus(home) == before
    stats = refresh(home)
    assert stats.read == 0 and not stats.rebuilt


def test_damaged_tables_are_rebuilt(home: Home, three: list[Path]) -> None:
    before = load_corpus(home)
    with sqlite3.connect(index_path(home)) as conn:
        conn.execute("DROP TABLE actions")
    conn.close()
    assert load_corpus(home) == before
    with sqlite3.connect(index_path(home)) as conn:  # rebuilt in the cache
        assert conn.execute("SELECT count(*) FROM actions").fetchone() == (3,)
    conn.close()


def test_an_index_of_another_format_or_home_is_rebuilt(
    home: Home, three: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = load_corpus(home)
    monkeypatch.setattr(index_database, "INDEX_FORMAT", 999)
    assert refresh(home).rebuilt
    assert load_corpus(home) == before
    assert not refresh(home).rebuilt

    other = Home(tmp_path / "other")
    write(other, session("Other Person", "other-person"))
    index_path(other).parent.mkdir(parents=True)
    index_path(other).write_bytes(index_path(home).read_bytes())  # as if the digests collided
    assert [n.rep for n in load_corpus(other).notes] == ["Other Person"]


def test_rebuild_reads_everything_again(home: Home, three: list[Path]) -> None:
    load_corpus(home)
    notes, stats = rebuild(home)
    assert notes == 3 and stats.read == 3 and stats.rebuilt and stats.broken == 0
    (home.reps_dir / "alex-kim" / "2026-01-09-broken.md").write_text(
        "no front matter", encoding="utf-8"
    )
    notes, stats = rebuild(home)
    assert notes == 3 and stats.broken == 1


def test_a_rebuild_holds_what_refreshes_hold_and_is_an_ordinary_index(
    home: Home, three: list[Path]
) -> None:
    refresh(home)
    refreshed = dump_index(index_path(home))
    rebuild(home)
    assert dump_index(index_path(home)) == refreshed
    conn = sqlite3.connect(index_path(home))
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    hashsize = conn.execute("SELECT v FROM note_text_config WHERE k = 'hashsize'").fetchone()
    assert hashsize == (index_build.FTS_HASH_DEFAULT,)
    conn.close()
    assert [p.name for p in index_path(home).parent.iterdir()] == [index_path(home).name]
    assert [hit.path for hit in search(home, "discovery")[0]] != []


def test_a_rebuild_leaves_the_full_text_in_segments_and_search_finds_the_same(
    home: Home, three: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Merging a rebuild's few segments into one costs much and finds nothing more."""
    queries = ["discovery", "pricing zoë", '"pricing objection"', "kim"]
    refresh(home)
    conn = sqlite3.connect(index_path(home))
    conn.execute("INSERT INTO note_text(note_text) VALUES ('optimize')")
    conn.commit()
    conn.close()
    merged = [[hit.path for hit in search(home, q)[0]] for q in queries]
    monkeypatch.setattr(index_database, "MANY", 1)  # a big refresh, merged at the end
    monkeypatch.setattr(index_build, "BUILD_HASH", 1024)  # a segment per note or so
    rebuild(home)
    conn = sqlite3.connect(index_path(home))
    (segments,) = conn.execute("SELECT count(DISTINCT segid) FROM note_text_idx").fetchone()
    conn.close()
    assert segments > 1
    assert [[hit.path for hit in search(home, q)[0]] for q in queries] == merged
    assert all(merged)


def test_a_rebuild_that_fails_leaves_the_old_index_in_use(
    home: Home, three: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = load_corpus(home)
    old = index_path(home).stat().st_ino

    def broken(self: index_database.Db, batch: list[index_files.FileRead]) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    with monkeypatch.context() as patched, pytest.raises(CoachError, match="Cannot write"):
        patched.setattr(index_database.Db, "store", broken)
        rebuild(home)
    assert index_path(home).stat().st_ino == old
    assert not list(index_path(home).parent.glob("*.building-*"))
    assert load_corpus(home) == before
    assert not refresh(home).rebuilt


def test_rebuild_says_when_the_cache_cannot_be_written(
    home: Home, three: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    with pytest.raises(CoachError, match="Cannot write the index"):
        rebuild(home)


def test_an_unusable_cache_still_gives_the_notes(
    home: Home, three: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = load_corpus(home)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert not refresh(home).cached
    assert load_corpus(home) == before
    hits, stats = search(home, "pricing")
    assert [h.path for h in hits] == [three[2]]
    assert not stats.cached


def test_a_locked_index_is_read_and_bypassed_when_it_must_be_written(
    home: Home, three: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = load_corpus(home)
    monkeypatch.setattr(index_database, "BUSY_TIMEOUT", 0.1)
    writer = sqlite3.connect(index_path(home), isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")  # another process in the middle of a refresh
        assert refresh(home).cached  # nothing to write: read beside the writer
        assert load_corpus(home) == before
        edit(three[0], "discovery: 3", "discovery: 4")
        assert not refresh(home).cached  # must write, cannot: the notes are read directly
        assert load_corpus(home).notes[-1].ratings == {"discovery": 4}
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    stats = refresh(home)
    assert stats.cached and stats.read == 1
    assert load_corpus(home).notes[-1].ratings == {"discovery": 4}


def test_refreshing_from_two_threads_at_once_is_safe(home: Home) -> None:
    for day in range(1, 29):
        write(home, session(day=day))
        write(home, session("Zoë Brown", "zoe-brown", day))
    results: list[Corpus] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(load_corpus(home))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    stats = refresh(home)
    assert stats.read == 0 and stats.cached
    final = load_corpus(home)
    assert len(final.notes) == 56 and len(final.actions) == 56
    assert all(result == final for result in results)


def test_refreshing_from_several_processes_at_once_is_safe(home: Home) -> None:
    for day in range(1, 29):
        for rep, slug in [("Alex Kim", "alex-kim"), ("Zoë Brown", "zoe-brown"), ("Ann", "ann")]:
            write(home, session(rep, slug, day))
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from coachcli import index\n"
        "from coachcli.home import Home\n"
        f"home = Home(Path({str(home.root)!r}))\n"
        "stats = index.refresh(home)\n"
        "corpus = index.load_corpus(home)\n"
        "print(len(corpus.notes), len(corpus.actions), stats.cached)\n"
    )
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=os.environ
        )
        for _ in range(3)
    ]
    outputs = [run.communicate(timeout=120)[0].split() for run in runs]
    assert all(run.returncode == 0 for run in runs)
    assert outputs == [["84", "84", "True"]] * 3
    stats = refresh(home)
    assert stats.read == 0 and stats.cached
    assert len(load_corpus(home).notes) == 84
    with sqlite3.connect(index_path(home)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM files").fetchone() == (84,)
        assert conn.execute("SELECT count(*) FROM note_text").fetchone() == (84,)
    conn.close()


# --------------------------------------------------------------------------- broken files


# A front matter coach cannot read: the note is left out, and named.
BROKEN = {
    "bad yaml": (ALEX, "rep: [[Alex Kim]\n", "not valid YAML"),
    "missing rep": (ALEX, "", "'rep' is missing"),
    "wrong type for a rating": (
        "rating-discovery: 3",
        "rating-discovery: high",
        "rating-discovery: expected a whole number, found 'high'",
    ),
    "a rating as an object": (
        "rating-discovery: 3",
        "rating-discovery:\n  level: 3",
        "rating-discovery: expected a whole number, found 'key: value' entries",
    ),
    "bad date": (
        f"start: {datetime(2026, 3, 1, 10, 0, tzinfo=CET).astimezone():%Y-%m-%dT%H:%M}\n",
        "start: 2026-02-30T10:00\n",
        "start: expected a date and time",
    ),
    "no front matter": ("---\nschema: 2", "schema: 2", "no front matter"),
}


def _broken_until_fixed(home: Home, path: Path, original: str, warnings: list[str]) -> None:
    """The same warnings from every read, without parsing the note again; none once fixed."""
    stats = refresh(home)
    assert stats.read == 0 and stats.broken == 1  # not parsed again
    assert load_corpus(home).warnings == warnings

    path.write_text(original, encoding="utf-8")
    os.utime(path, (OLD + 5, OLD + 5))
    stats = refresh(home)
    assert stats.read == 1 and stats.broken == 0
    fixed = load_corpus(home)
    assert fixed.warnings == [] and len(fixed.notes) == 3


@pytest.mark.parametrize("case", list(BROKEN), ids=list(BROKEN))
def test_a_broken_note_is_one_warning_every_time_until_fixed(
    home: Home, three: list[Path], case: str
) -> None:
    old, new, problem = BROKEN[case]
    original = three[0].read_text(encoding="utf-8")
    edit(three[0], old, new)
    corpus = load_corpus(home)
    assert names(corpus) == ["2026-03-08-pipeline-review.md", "2026-03-05-grow.md"]
    assert len(corpus.warnings) == 1
    assert corpus.warnings[0].startswith(f"{three[0]}: ")
    assert problem in corpus.warnings[0]
    assert "\n" not in corpus.warnings[0]
    _broken_until_fixed(home, three[0], original, corpus.warnings)


# A part of the body coach cannot read: that part is left out and named with
# its line (the line holding the last text here); the rest of the note is read.
BROKEN_PARTS = {
    "bad due date": (
        "📅 2026-04-01",
        "📅 2026-04-31",
        "the due date 2026-04-31 is not a date: write it as YYYY-MM-DD",
        "- [ ] Action of day 1 📅 2026-04-31",
    ),
    "a section without its marker": (
        "<!-- section: goal coaching private -->\n",
        "",
        "answers under a heading without its <!-- section: ID KIND --> marker are not read",
        "## Goal · coaching",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN_PARTS), ids=list(BROKEN_PARTS))
def test_a_broken_part_of_a_note_is_one_warning_with_its_line_until_fixed(
    home: Home, three: list[Path], case: str
) -> None:
    old, new, problem, where = BROKEN_PARTS[case]
    original = three[0].read_text(encoding="utf-8")
    edit(three[0], old, new)
    lines = three[0].read_text(encoding="utf-8").split("\n")
    (line,) = [n for n, text in enumerate(lines, start=1) if text.startswith(where)]
    corpus = load_corpus(home)
    assert len(corpus.warnings) == 1
    assert corpus.warnings[0] == f"{three[0]}: line {line}: {problem}"
    assert names(corpus) == [  # the note is still read
        "2026-03-08-pipeline-review.md",
        "2026-03-05-grow.md",
        "2026-03-01-grow.md",
    ]
    oldest = corpus.notes[-1]
    assert (oldest.summary, oldest.ratings) == ("Worked on discovery.", {"discovery": 3})
    if case == "bad due date":  # the action of that line is left out, not the others
        assert [a.id for a in corpus.actions] == ["a8", "a5"]
        assert oldest.questions_asked == ("goal-topic", "calls")
    else:  # the answers of that section are left out, not the others
        assert [a.id for a in corpus.actions] == ["a8", "a5", "a1"]
        assert oldest.questions_asked == ("calls",)
    _broken_until_fixed(home, three[0], original, corpus.warnings)


def test_a_note_that_is_not_utf8(home: Home, three: list[Path]) -> None:
    three[0].write_bytes(three[0].read_bytes().replace(b"Worked", b"W\xf6rked"))
    corpus = load_corpus(home)
    (warning,) = corpus.warnings
    assert warning.startswith(f"{three[0]}: not UTF-8 text (byte ")
    assert len(corpus.notes) == 2
    stats = refresh(home)
    assert stats.read == 0 and stats.broken == 1


def test_a_deleted_broken_note_stops_warning(home: Home, three: list[Path]) -> None:
    edit(three[0], ALEX, "")
    assert len(load_corpus(home).warnings) == 1
    three[0].unlink()
    assert load_corpus(home).warnings == []


def test_a_note_that_cannot_be_opened_warns_and_is_tried_again(
    home: Home, three: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = Path.open

    def failing_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == three[0]:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", failing_open)
    corpus = load_corpus(home)
    assert corpus.warnings == [f"{three[0]}: cannot be read (Permission denied)"]
    assert len(corpus.notes) == 2
    monkeypatch.setattr(Path, "open", real_open)  # permissions fixed: mtime unchanged
    assert len(load_corpus(home).notes) == 3
    assert load_corpus(home).warnings == []


def test_warnings_are_per_rep(home: Home, three: list[Path]) -> None:
    edit(three[2], "rep: '[[Zoë Brown]]'\n", "")
    assert load_corpus(home, "alex-kim").warnings == []
    assert len(load_corpus(home, "zoe-brown").warnings) == 1
    assert len(load_corpus(home).warnings) == 1


# --------------------------------------------------------------------------- actions.toml


def test_action_changes_are_read_and_follow_edits(home: Home, three: list[Path]) -> None:
    assert load_corpus(home).changes == []
    folder = home.reps_dir / "alex-kim"
    first = ActionChange("a1", "alex-kim", "done", date(2026, 3, 9), "Sent")
    append_change(folder, first)
    assert load_corpus(home).changes == [first]
    second = ActionChange("a8", "alex-kim", "dropped", date(2026, 3, 10))
    append_change(folder, second)
    os.utime(folder / "actions.toml", (OLD + 5, OLD + 5))
    corpus = load_corpus(home)
    assert corpus.changes == [first, second]
    assert load_corpus(home, "zoe-brown").changes == []
    assert load_corpus(home, "alex-kim").changes == [first, second]
    (folder / "actions.toml").unlink()
    assert load_corpus(home).changes == []


def test_a_broken_actions_file_warns_until_fixed(home: Home, three: list[Path]) -> None:
    path = home.reps_dir / "alex-kim" / "actions.toml"
    path.write_text('change = [{ action = "a1", status = "finished" }]\n', encoding="utf-8")
    corpus = load_corpus(home)
    assert len(corpus.warnings) == 1
    assert corpus.warnings[0].startswith(f"{path}: ") and "status" in corpus.warnings[0]
    assert len(corpus.notes) == 3 and corpus.changes == []
    stats = refresh(home)
    assert stats.read == 0 and stats.broken == 1
    path.write_text(
        'change = [{ action = "a1", status = "done", date = 2026-03-09 }]\n', encoding="utf-8"
    )
    os.utime(path, (OLD + 5, OLD + 5))
    corpus = load_corpus(home)
    assert corpus.warnings == []
    assert corpus.changes == [ActionChange("a1", "alex-kim", "done", date(2026, 3, 9))]


# --------------------------------------------------------------------------- front matter


def front(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "schema": 1,
        "rep": "Alex Kim",
        "started": "2026-03-01T10:00:00+01:00",
        "ended": "2026-03-01T10:30:00+01:00",
        "framework": "grow",
        "kind": "coaching",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not ...}


def rows(**changes: Any) -> Any:
    return index.rows_from_front_matter(front(**changes), Path("/n/x.md"), "alex-kim")


def section(kind: str, planned: int, seconds: int) -> dict[str, Any]:
    return {"id": kind, "kind": kind, "planned_minutes": planned, "seconds": seconds}


@pytest.mark.parametrize(
    ("sections", "kind", "minutes"),
    [
        ([section("coaching", 10, 900), section("performance", 5, 60)], "mixed", (15.0, 1.0)),
        ([section("coaching", 10, 0), section("performance", 5, 0)], "mixed", (10.0, 5.0)),
        ([section("coaching", 10, 120), section("performance", 5, 0)], "mixed", (2.0, 0.0)),
        (None, "coaching", (30.0, 0.0)),
        (None, "performance", (0.0, 30.0)),
        (None, "mixed", (0.0, 0.0)),
        ([], "coaching", (30.0, 0.0)),
    ],
)
def test_coaching_and_performance_minutes(
    sections: list[dict[str, Any]] | None, kind: str, minutes: tuple[float, float]
) -> None:
    note, _, _ = rows(sections=sections, kind=kind)
    assert (note.coaching_minutes, note.performance_minutes) == minutes


def test_front_matter_leniencies() -> None:
    note, actions, reviews = rows(
        ended=...,
        duration_minutes=25,
        started=datetime(2026, 3, 1, 10, 0),  # unquoted and without an offset: local time
        summary=None,
        framework_name=None,
        ratings={"discovery": 4.0},
        metrics={"calls": 12, "rate": 0.5},
        questions_asked=["a", "b"],
        actions=[{"id": "x", "text": "T", "due": "2026-04-01"}],
        reviews=None,
    )
    assert note.duration_minutes == 25
    assert note.started.tzinfo is not None
    assert note.started.replace(tzinfo=None) == datetime(2026, 3, 1, 10, 0)
    assert (note.summary, note.framework_name) == ("", "")
    assert note.ratings == {"discovery": 4}
    assert note.metrics == {"calls": 12.0, "rate": 0.5}
    assert note.questions_asked == ("a", "b")
    assert note.rep_slug == "alex-kim" and note.path == Path("/n/x.md")
    assert [(a.owner, a.status, a.due) for a in actions] == [("rep", "open", date(2026, 4, 1))]
    assert reviews == []


def test_sections_name_the_questions_asked() -> None:
    sections = [{**section("coaching", 5, 0), "questions": ["q1", "q2"]}]
    note, _, _ = rows(sections=sections, questions_asked=["stale"])
    assert note.questions_asked == ("q1", "q2")


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"rep": ...}, "the key 'rep' is missing"),
        ({"rep": 42}, "rep: expected text, found 42"),
        ({"started": ...}, "the key 'started' is missing"),
        ({"started": "yesterday"}, "started: expected a date and time"),
        ({"ended": 5}, "ended: expected a date and time"),
        ({"framework": None}, "framework: expected text, found nothing"),
        ({"kind": "chat"}, "kind: expected coaching, performance or mixed, found 'chat'"),
        ({"summary": ["a"]}, "summary: expected text, found a list"),
        ({"ratings": [1, 2]}, "ratings: expected 'name: value' entries, found a list"),
        ({"ratings": {"discovery": "high"}}, "ratings.discovery: expected a whole number"),
        ({"ratings": {"discovery": True}}, "ratings.discovery: expected a whole number"),
        ({"ratings": {"discovery": 2.5}}, "ratings.discovery: expected a whole number"),
        ({"ratings": {1: 2}}, "ratings: expected names (ids) as keys"),
        ({"metrics": {"calls": "many"}}, "metrics.calls: expected a number, found 'many'"),
        ({"sections": "x"}, "sections: expected a list"),
        ({"sections": ["x"]}, "sections.0: expected 'key: value' entries"),
        ({"sections": [{"kind": "chat"}]}, "sections.0.kind: expected coaching or performance"),
        ({"sections": [{**section("coaching", 5, 0), "planned_minutes": "5"}]}, "planned_minutes"),
        ({"sections": [{**section("coaching", 5, 0), "questions": "q"}]}, "sections.0.questions"),
        ({"questions_asked": [1]}, "questions_asked: expected a list of question ids"),
        ({"actions": [{"id": "a", "text": "t"}]}, "the key 'actions.0.due' is missing"),
        ({"actions": [{"id": "a", "text": "t", "due": "soon"}]}, "actions.0.due: expected a date"),
        ({"actions": [{"id": "a", "text": 1, "due": date.today()}]}, "actions.0.text"),
        (
            {"actions": [{"id": "a", "text": "t", "due": date.today(), "owner": "boss"}]},
            "actions.0.owner: expected rep or manager",
        ),
        (
            {"actions": [{"id": "a", "text": "t", "due": date.today(), "status": "closed"}]},
            "actions.0.status: expected open, done or dropped",
        ),
        ({"reviews": [{"action": "a", "outcome": "maybe"}]}, "reviews.0.outcome"),
        ({"reviews": [{"outcome": "done"}]}, "the key 'reviews.0.action' is missing"),
    ],
)
def test_wrong_front_matter_names_the_key(changes: dict[str, Any], named: str) -> None:
    with pytest.raises(NoteError) as caught:
        rows(**changes)
    assert caught.value.message.startswith("/n/x.md: ")
    assert named in caught.value.message


# --------------------------------------------------------------------------- search


@pytest.fixture
def notes(home: Home) -> dict[str, Path]:
    return {
        "alex-1": write(home, session(day=1, answer="We reviewed the pipeline.\nThe CFO said no.")),
        "alex-9": write(
            home, session(day=9, answer="Next step: a demo for the economic buyer, then pricing.")
        ),
        "zoe-5": write(
            home,
            session(
                "Zoë Brown",
                "zoe-brown",
                5,
                answer="Discovery call with the CFO about pricing.\nNo economic buyer yet.",
            ),
        ),
        "ann-3": write(home, session("Ann Young", "ann-young", 3, answer="Naïve pricing talk.")),
    }


def found(result: tuple[list[SearchHit], RefreshStats]) -> list[str]:
    """The notes found, in folder order (the order itself is tested on its own)."""
    hits, _ = result
    return sorted(f"{h.rep_slug}/{h.started.day}" for h in hits)


def in_order(result: tuple[list[SearchHit], RefreshStats]) -> list[str]:
    hits, _ = result
    return [f"{h.rep_slug}/{h.started.day}" for h in hits]


def test_search_finds_the_newest_first_across_reps(home: Home, notes: dict[str, Path]) -> None:
    assert in_order(search(home, "pricing")) == ["alex-kim/9", "zoe-brown/5", "ann-young/3"]
    assert in_order(search(home, "cfo")) == ["zoe-brown/5", "alex-kim/1"]


def test_search_stops_at_the_limit_and_says_there_are_more(
    home: Home, notes: dict[str, Path]
) -> None:
    assert in_order(search(home, "pricing", limit=2)) == ["alex-kim/9", "zoe-brown/5"]
    given: list[SearchHit] = []
    _, more = search_each(home, "pricing", given.append, limit=2)
    assert (len(given), more) == (2, True)
    given.clear()
    _, more = search_each(home, "pricing", given.append, limit=3)
    assert (len(given), more) == (3, False)
    _, more = search_each(home, "pricing", given.append, rep_slug="zoe-brown", limit=0)
    assert more


def test_search_gives_each_note_as_it_is_found(home: Home, notes: dict[str, Path]) -> None:
    seen: list[str] = []

    def show(hit: SearchHit) -> None:
        seen.append(hit.rep_slug)
        if len(seen) == 1:  # the second note is not read yet when the first is given
            raise StopIteration

    with pytest.raises(StopIteration):
        search_each(home, "pricing", show)
    assert seen == ["alex-kim"]


def test_search_ands_words(home: Home, notes: dict[str, Path]) -> None:
    assert found(search(home, "pricing")) == ["alex-kim/9", "ann-young/3", "zoe-brown/5"]
    assert found(search(home, "cfo pricing")) == ["zoe-brown/5"]
    assert found(search(home, "cfo")) == ["alex-kim/1", "zoe-brown/5"]
    assert found(search(home, "cfo nothing-like-this")) == []


def test_search_is_blind_to_case_and_accents(home: Home, notes: dict[str, Path]) -> None:
    assert found(search(home, "PRICING cFo")) == ["zoe-brown/5"]
    assert found(search(home, "naive")) == ["ann-young/3"]
    assert found(search(home, "NAÏVE")) == ["ann-young/3"]
    assert found(search(home, "zoe")) == ["zoe-brown/5"]  # in the title: "Zoë Brown · ..."


def test_search_phrases(home: Home, notes: dict[str, Path]) -> None:
    assert found(search(home, '"economic buyer"')) == ["alex-kim/9", "zoe-brown/5"]
    assert found(search(home, '"buyer economic"')) == []
    assert found(search(home, '"the economic buyer" demo')) == ["alex-kim/9"]
    assert found(search(home, '"pipeline the cfo"')) == ["alex-kim/1"]  # across a line break
    assert found(search(home, '"economic buyer')) == ["alex-kim/9", "zoe-brown/5"]  # unclosed


def test_search_filters_by_rep_and_date(home: Home, notes: dict[str, Path]) -> None:
    assert found(search(home, "pricing", "alex-kim")) == ["alex-kim/9"]
    assert found(search(home, "pricing", "nobody")) == []
    assert found(search(home, "pricing", since=date(2026, 3, 5))) == ["alex-kim/9", "zoe-brown/5"]
    assert found(search(home, "pricing", "zoe-brown", since=date(2026, 3, 6))) == []


def test_search_gives_the_matching_lines_of_the_file(home: Home, notes: dict[str, Path]) -> None:
    (hit,), _ = search(home, "cfo pricing")
    assert hit.path == notes["zoe-5"]
    assert (hit.rep, hit.framework) == ("Zoë Brown", "grow")
    assert hit.started == datetime(2026, 3, 5, 10, 0, tzinfo=CET)
    file_lines = notes["zoe-5"].read_text(encoding="utf-8").split("\n")
    assert hit.lines == [
        (n, file_lines[n - 1]) for n, line in enumerate(file_lines, 1) if "CFO" in line
    ]
    assert [text for _, text in hit.lines] == ["Discovery call with the CFO about pricing."]
    (hit,), _ = search(home, '"pipeline the cfo"')
    assert [text for _, text in hit.lines] == ["We reviewed the pipeline.", "The CFO said no."]
    assert hit.lines[1][0] == hit.lines[0][0] + 1


def test_search_lines_count_from_the_top_of_the_file_whatever_the_line_ends(home: Home) -> None:
    path = write(home, session(answer="find me"))
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    (hit,), _ = search(home, "find")
    (number, text) = hit.lines[0]
    assert path.read_text(encoding="utf-8-sig").splitlines()[number - 1] == text == "find me"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pricing OR pipeline", []),  # OR is a word here, and no note has it
        ("pricing AND cfo", []),
        ("pricing NOT cfo", []),
        ("-cfo pricing", ["zoe-brown/5"]),  # not a NOT: the word cfo
        ("pric*", []),  # not a prefix query
        ("NEAR(cfo pricing)", []),
        ("NEAR(", []),
        ("body:pricing", []),  # not a column filter: the phrase "body pricing"
        ("^pricing", ["alex-kim/9", "ann-young/3", "zoe-brown/5"]),
        ('cfo"pricing', ["zoe-brown/5"]),
        ("(pricing)", ["alex-kim/9", "ann-young/3", "zoe-brown/5"]),
        ("pricing +", ["alex-kim/9", "ann-young/3", "zoe-brown/5"]),
        ("'cfo'", ["alex-kim/1", "zoe-brown/5"]),
    ],
)
def test_search_treats_query_syntax_as_text(
    home: Home, notes: dict[str, Path], query: str, expected: list[str]
) -> None:
    assert found(search(home, query)) == expected


@pytest.mark.parametrize("query", ["", "   ", "*", '"', '""', "-", "!?", "( )", "(*)"])
def test_a_query_without_words_is_a_clear_error(
    home: Home, notes: dict[str, Path], query: str
) -> None:
    with pytest.raises(CoachError, match="Nothing to search for"):
        search(home, query)


def test_search_sees_edits(home: Home, notes: dict[str, Path]) -> None:
    edit(notes["ann-3"], "Naïve pricing talk.", "Négociation with procurement.")
    assert found(search(home, "naive")) == []
    assert found(search(home, "negociation")) == ["ann-young/3"]


def test_match_spans_for_highlighting() -> None:
    assert index.match_spans("cfo", "The CFO said: cfo!") == [(4, 7), (14, 17)]
    assert index.match_spans('zoe "next step"', "Zoë: next-step, nextstep") == [(0, 3), (5, 14)]
    assert index.match_spans("cfo", "cfos") == []
    assert index.match_spans("*", "anything") == []


# --------------------------------------------------------------------------- progress


def test_a_large_refresh_reports_progress(home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_files, "PROGRESS_MIN", 3)
    monkeypatch.setattr(index_files, "BATCH", 2)
    for day in range(1, 6):
        write(home, session(day=day))
    calls: list[tuple[int, int]] = []
    load_corpus(home, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(0, 5), (2, 5), (4, 5), (5, 5)]
    calls.clear()
    load_corpus(home, progress=lambda done, total: calls.append((done, total)))
    assert calls == []  # nothing to read
    edit(home.reps_dir / "alex-kim" / "2026-03-01-grow.md", "discovery: 3", "discovery: 4")
    load_corpus(home, progress=lambda done, total: calls.append((done, total)))
    assert calls == []  # a small refresh is silent
    notes, _ = rebuild(home, progress=lambda done, total: calls.append((done, total)))
    assert notes == 5
    assert calls[-1] == (5, 5)


# --------------------------------------------------------------------------- the cache file


def test_the_index_is_private_per_home_and_outside_it(
    home: Home, three: list[Path], tmp_path: Path
) -> None:
    load_corpus(home)
    path = index_path(home)
    assert path.is_file()
    assert path.is_relative_to(tmp_path / "xdg-cache")
    assert not path.is_relative_to(home.root)
    assert path.name == "index.sqlite3" and len(path.parent.name) == 16
    int(path.parent.name, 16)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for folder in (path.parent, path.parent.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    with sqlite3.connect(path) as reader:  # WAL: a reader creates -wal and -shm beside it
        reader.execute("SELECT count(*) FROM notes").fetchone()
        sidecars = list(path.parent.iterdir())
        assert len(sidecars) == 3
        for sidecar in sidecars:
            assert stat.S_IMODE(sidecar.stat().st_mode) == 0o600, sidecar
    reader.close()

    other = Home(tmp_path / "other")
    assert index_path(other) != path
    assert index_path(Home(home.root / ".." / home.root.name)) == path  # the same folder


# What a load may import, by the notes it reads: watched, in a new process.
WATCHED = (
    "pydantic", "yaml", "coachcli.session", "coachcli.framework", "coachcli.notes",
    "coachcli.notes.scan", "coachcli.notes.body", "coachcli.tasks", "coachcli.notes.reader",
    "coachcli.notes.writer",
)  # fmt: skip
READING_FORMAT_2 = ["coachcli.notes", "coachcli.notes.body", "coachcli.notes.scan",
                    "coachcli.tasks", "yaml"]  # fmt: skip
"""What reading a format-2 note needs: its properties (PyYAML) and the body's scanner."""


def loaded_modules(home: Home, notes: int = 3) -> list[str]:
    """The watched modules a load (of ``notes`` notes) in a new process imports."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from coachcli.home import Home\n"
        "from coachcli.index import load_corpus\n"
        f"corpus = load_corpus(Home(Path({str(home.root)!r})))\n"
        f"assert len(corpus.notes) == {notes}, corpus\n"
        f"print(*sorted(m for m in {WATCHED!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=os.environ
    )
    return result.stdout.split()


def test_reading_does_not_import_pydantic(home: Home, three: list[Path]) -> None:
    assert loaded_modules(home) == READING_FORMAT_2  # the first build
    assert loaded_modules(home) == []  # a warm load
    edit(three[0], "discovery: 3", "discovery: 4")
    assert loaded_modules(home) == READING_FORMAT_2  # one note read again
    edit(three[0], ALEX, "")
    assert loaded_modules(home, notes=2) == READING_FORMAT_2  # and a broken one explained
    edit(three[1], "📅 2026-04-08", "📅 2026-04-31")
    assert loaded_modules(home, notes=2) == READING_FORMAT_2  # and a broken part of one
    shutil.copytree(FIXTURE_V1 / "dana-cruz", home.reps_dir / "dana-cruz")
    for path in (home.reps_dir / "dana-cruz").iterdir():
        os.utime(path, (OLD, OLD))
    assert loaded_modules(home, notes=4) == ["yaml"]  # format-1 notes: their front matter


def test_the_fallback_reads_the_same_as_the_index(
    home: Home, three: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(three[1], ALEX, "")  # a broken note
    edit(three[0], "📅 2026-04-01", "📅 2026-04-31")  # a broken part of a note
    # format-1 notes, and their changes kept in actions.toml
    shutil.copytree(FIXTURE_V1 / "dana-cruz", home.reps_dir / "dana-cruz")
    assert refresh(home).cached
    cached = load_corpus(home)
    assert len(cached.notes) == 4 and len(cached.warnings) == 2
    assert [c.action_id for c in cached.changes] == ["h3vv3jh"]
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert refresh(home) == RefreshStats(
        files=6, read=6, removed=0, broken=2, rebuilt=True, cached=False
    )
    assert load_corpus(home) == cached


def test_loading_leaves_the_garbage_collector_as_it_was(home: Home, three: list[Path]) -> None:
    import gc

    assert gc.isenabled()
    load_corpus(home)
    search(home, "pricing")
    assert gc.isenabled()
    gc.disable()
    try:
        load_corpus(home)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_notes_started_at_the_same_moment_have_a_stable_order(home: Home) -> None:
    paths = [
        write(home, session("Zoë Brown", "zoe-brown", 1)),
        write(home, session(day=1)),
        write(home, session(day=1)),
    ]
    assert paths[2].name == "2026-03-01-grow-2.md"
    corpus = load_corpus(home)  # by rep folder, then file name, descending
    assert [n.path for n in corpus.notes] == [paths[1], paths[2], paths[0]]
    assert [a.note for a in corpus.actions] == [paths[1], paths[2], paths[0]]


def test_values_no_refresh_would_write_are_taken_as_corruption(
    home: Home, three: list[Path]
) -> None:
    before = load_corpus(home)
    with sqlite3.connect(index_path(home)) as conn:
        conn.execute("UPDATE actions SET owner = 'boss', due = 'soon'")
        conn.execute("UPDATE notes SET detail = '[' WHERE rowid = 1")
    conn.close()
    assert load_corpus(home) == before
    with sqlite3.connect(index_path(home)) as conn:  # rebuilt in the cache
        assert conn.execute("SELECT DISTINCT owner FROM actions").fetchall() == [("rep",)]
        conn.execute("UPDATE notes SET started = 'yesterday'")
    conn.close()
    hits, stats = search(home, "pricing")
    assert [h.path for h in hits] == [three[2]]
    assert stats.rebuilt and stats.cached


def test_search_keeps_at_most_max_lines_per_note(home: Home) -> None:
    many = "\n\n".join(f"Line {n} about the champion." for n in range(12))
    write(home, session(answer=many))
    (hit,), _ = index.search(home, "champion", max_lines=3)
    assert [text for _, text in hit.lines] == [f"Line {n} about the champion." for n in range(3)]
    assert hit.more is True
    (everything,), _ = index.search(home, "champion")
    assert len(everything.lines) == 12 and everything.more is False
    (exact,), _ = index.search(home, "champion", max_lines=12)
    assert len(exact.lines) == 12 and exact.more is False


def test_words_only_in_hidden_markers_find_nothing(home: Home) -> None:
    """What Obsidian hides (``<!-- q: goal-topic text -->``) is not searched: in every note."""
    answer = "We sent the recap; the numbers section was private."
    write(home, session(answer=answer))
    (note,) = home.reps_dir.glob("alex-kim/*.md")
    lines = note.read_text(encoding="utf-8").split("\n")
    at = {text: lines.index(text) + 1 for text in (answer, "## Numbers · performance")}
    for hidden in ("topic", "q", "text", "number"):  # only in markers (not "numbers")
        assert index.search(home, hidden)[0] == [], hidden
    (hit,), _ = index.search(home, "private")  # in the answer, and in four markers
    assert hit.lines == [(at[answer], answer)]
    (hit,), _ = index.search(home, "numbers")  # the answer, and a heading
    assert hit.lines == [(n, text) for text, n in at.items()]


_PIECES = st.lists(
    st.sampled_from(["<!-- q: a text -->", "<!--", "-->", " ", "\n", "word", "<", "!--", "é", "📅"])
    | st.text(max_size=8),
    max_size=30,
)


@given(_PIECES)
def test_the_searchable_body_keeps_every_line_and_no_marker(pieces: list[str]) -> None:
    from coachcli.index.rows import searchable

    body = "".join(pieces)
    text = searchable(body)
    assert text.count("\n") == body.count("\n")  # the hits' line numbers stay the file's
    for line, kept in zip(body.split("\n"), text.split("\n"), strict=True):
        start = line.find("<!--")
        if start == -1 or line.find("-->", start + 4) == -1:
            assert kept == line  # nothing hidden on this line: kept as it is
        else:
            assert len(kept) < len(line)


def test_creating_the_index_waits_while_another_process_holds_the_new_file(
    home: Home, tmp_path: Path
) -> None:
    """SQLite refuses a journal-mode switch at once while a new file is being written."""
    path = tmp_path / "new.sqlite3"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another coach creating the tables
    release = threading.Timer(0.3, lambda: other.execute("ROLLBACK"))
    release.start()
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=5)
        assert index_database._prepare(conn, home, journal="WAL") is True  # waited, then made them
        conn.close()
    finally:
        release.join()
        other.close()
