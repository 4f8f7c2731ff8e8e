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
