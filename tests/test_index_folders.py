"""A rep folder whose files are as the index last saw them is not compared file by file.

The index keeps a digest per rep folder (the folder's own signature, and a sum
over its files' signatures, added up from the index's rows); a refresh that
lists the folder with the same digest skips comparing its files one by one.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from coachcli.home import Home
from coachcli.index import files as index_files
from coachcli.index import index_path, load_corpus, refresh
from coachcli.notes import write_note
from coachcli.session import Session

OLD = 1_700_000_000


def _session(slug: str, day: int) -> Session:
    started = datetime(2026, 3, day, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    return Session(
        rep=slug.replace("-", " ").title(), rep_slug=slug, manager="Sam Rivera", started=started,
        ended=started + timedelta(minutes=30), framework="grow", framework_name="GROW",
        framework_version="1", kind="coaching", summary=f"Day {day} with {slug}.",
    )  # fmt: skip


def _write(home: Home, slug: str, day: int, when: int = OLD) -> Path:
    path = write_note(home.reps_dir / slug, _session(slug, day))
    os.utime(path, (when, when))
    os.utime(path.parent, (when, when))
    return path


def _digests(home: Home) -> dict[str, str]:
    with sqlite3.connect(index_path(home)) as conn:
        return dict(conn.execute("SELECT rep_slug, digest FROM folders"))


def test_an_unchanged_folder_is_trusted_by_its_digest(coach_home: Home) -> None:
    path = _write(coach_home, "alex-kim", 1)
    _write(coach_home, "zoe-brown", 2)
    assert refresh(coach_home).read == 2
    assert set(_digests(coach_home)) == {"alex-kim", "zoe-brown"}
    with sqlite3.connect(index_path(coach_home)) as conn:  # rows no longer as on disk
        conn.execute("UPDATE files SET size = size + 7 WHERE name = ?", (path.name,))
    assert refresh(coach_home).read == 0  # the folder's digest still matches: not compared
    with sqlite3.connect(index_path(coach_home)) as conn:
        conn.execute("DELETE FROM folders WHERE rep_slug = 'alex-kim'")
    assert refresh(coach_home).read == 1  # compared file by file: the row is read again
    assert refresh(coach_home).read == 0


def test_an_edit_in_place_changes_the_digest(coach_home: Home) -> None:
    path = _write(coach_home, "alex-kim", 1)
    refresh(coach_home)
    before = _digests(coach_home)["alex-kim"]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Day 1 with", "Day 1 w/"), encoding="utf-8")  # same inode
    os.utime(path, (OLD + 60, OLD + 60))  # the folder's own mtime does not move
    os.utime(path.parent, (OLD, OLD))
    assert refresh(coach_home).read == 1
    assert load_corpus(coach_home).notes[0].summary == "Day 1 w/ alex-kim."
    assert _digests(coach_home)["alex-kim"] != before


def test_a_folder_with_a_fresh_file_is_compared_file_by_file(
    coach_home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_files, "RACY_SECONDS", 2.0)
    _write(coach_home, "alex-kim", 1)
    write_note(coach_home.reps_dir / "zoe-brown", _session("zoe-brown", 2))  # written just now
    refresh(coach_home)
    assert set(_digests(coach_home)) == {"alex-kim"}


def test_a_folder_is_listed_alike_with_and_without_folder_relative_lookups(
    coach_home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows has no ``dir_fd``: the whole path is looked up instead, with the same result."""
    for slug, day in (("alex-kim", 1), ("alex-kim", 2), ("zoe-brown", 3)):
        _write(coach_home, slug, day)
    (coach_home.reps_dir / "alex-kim" / "Alex Kim.md").write_text("the rep's page", "utf-8")
    (coach_home.reps_dir / "alex-kim" / "2026-03-09-grow.md").mkdir()  # a folder, not a note
    slugs = ["alex-kim", "zoe-brown", "gone"]
    relative = index_files.scan_folders(coach_home, slugs, warnings := [], OLD + 10)
    monkeypatch.setattr(index_files, "_BY_FOLDER", False)
    whole = index_files.scan_folders(coach_home, slugs, others := [], OLD + 10)
    assert [(s.slug, s.files, s.folder) for s in relative] == [
        (s.slug, s.files, s.folder) for s in whole
    ]
    assert sorted(relative[0].files) == ["2026-03-01-grow.md", "2026-03-02-grow.md"]
    assert relative[2].files == {} and relative[2].folder is None
    assert warnings == others == []


def _many(home: Home) -> list[str]:
    slugs = [f"rep-{i:02d}" for i in range(6)]
    for number, slug in enumerate(slugs):
        for day in (1, 2):
            _write(home, slug, day + 2 * number)
    return slugs


@pytest.mark.parametrize("child", ["runs", "fails"])
def test_a_shared_listing_is_the_listing_of_one_process(
    child: str, coach_home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With many files a second process lists half the folders; nothing else changes."""
    slugs = [*_many(coach_home), "gone"]
    (coach_home.reps_dir / "rep-01" / "2026-03-30-grow.md").mkdir()  # not a file: not listed
    refresh(coach_home)
    known = _digests(coach_home)
    assert index_files.known_files(known) == 10  # rep-01's folder changed: no digest kept
    os.utime(coach_home.reps_dir / "rep-00" / "2026-03-01-grow.md", (OLD + 5, OLD + 5))
    racy_before = (OLD + 10) * 10**9
    alone = index_files.scan_folders(coach_home, slugs, warnings := [], racy_before, known)
    monkeypatch.setattr(index_files, "SHARED_MIN", 1)
    pids: list[int] = []
    real_both = index_files.forked.both

    def both(there, here):  # type: ignore[no-untyped-def]
        if child == "fails":
            return None, here()
        theirs, mine = real_both(lambda: (os.getpid(), there()), here)
        pids.append(theirs[0])
        return theirs[1], mine

    monkeypatch.setattr(index_files.forked, "both", both)
    shared = index_files.scan_folders(coach_home, slugs, others := [], racy_before, known)
    assert [(s.slug, s.files, s.folder, s.same, s.count) for s in shared] == [
        (s.slug, s.files, s.folder, s.same, s.count) for s in alone
    ]
    # rep-00: a file changed; rep-01: a folder made in it just now; gone: no folder
    assert [s.same for s in shared] == [False, False, True, True, True, True, False]
    assert warnings == others == []
    if child == "runs":
        assert pids and pids[0] != os.getpid()


@pytest.mark.skipif(not index_files.forked.can_fork(), reason="no fork here")
def test_an_edit_in_place_is_seen_when_the_listing_is_shared(
    coach_home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    _many(coach_home)
    refresh(coach_home)
    monkeypatch.setattr(index_files, "SHARED_MIN", 1)
    first = coach_home.reps_dir / "rep-00" / "2026-03-01-grow.md"  # in the child's half
    first.write_text(first.read_text("utf-8").replace("Day 1 with", "Day 1 w/"), "utf-8")
    os.utime(first, (OLD + 60, OLD + 60))
    os.utime(first.parent, (OLD, OLD))
    assert refresh(coach_home).read == 1
    assert "Day 1 w/ rep-00." in [n.summary for n in load_corpus(coach_home).notes]
    assert refresh(coach_home).files == 12
