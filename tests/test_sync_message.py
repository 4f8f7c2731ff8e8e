"""The message each `coach sync` commits with: a real git repository in a temporary folder.

A rep renamed here moves their folder; git's rename detection on the staged
changes tells the move from new sessions (docs/sync.md).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from coachcli.answers import start_from_file
from coachcli.home import Home
from coachcli.queries import set_action_status
from coachcli.reps import add_rep, rename_rep
from coachcli.sync import init_backup, sync

from . import helpers
from .helpers import Run

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "grow-answers.toml"
TODAY = date(2026, 12, 2)
ID = re.compile(r"\^([a-z0-9]{7})$", re.M)


@pytest.fixture(autouse=True)
def own_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    helpers.own_git(tmp_path, monkeypatch)


def session(home: Home, rep: str, day: str) -> Path:
    outcome = start_from_file(home, rep, EXAMPLE, "grow", day=day)
    assert outcome.note is not None
    return outcome.note


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def synced(coach_home: Home, tmp_path: Path) -> Home:
    """Alex Kim with three sessions, synced to a bare remote."""
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    for day in ("2026-11-03", "2026-11-10", "2026-11-17"):
        session(coach_home, "Alex Kim", day)
    init_backup(coach_home, str(remote), TODAY)
    return coach_home


def test_a_rename_is_said_as_a_rename(synced: Home) -> None:
    rename_rep(synced, "Alex Kim", "Alex Kim-Lee")
    result = sync(synced, TODAY)
    assert result.committed == "Alex Kim renamed Alex Kim-Lee (3 notes moved)"
    assert git(synced.root, "log", "-1", "--format=%s") == f"{result.committed}\n"
    moved = git(synced.root, "show", "--name-status", "--find-renames", "--format=", "HEAD")
    assert moved.count("R") == 4  # three notes and the profile, each a rename in git's eyes


def test_a_new_session_after_the_rename_is_still_named(synced: Home) -> None:
    rename_rep(synced, "Alex Kim", "Alex Kim-Lee")
    session(synced, "Alex Kim-Lee", "2026-11-24")
    session(synced, "Dana Fox", "2026-11-25")
    assert sync(synced, TODAY).committed == (
        "Alex Kim renamed Alex Kim-Lee (3 notes moved); 2 sessions: Alex Kim-Lee (grow, "
        "2026-11-24), Dana Fox (grow, 2026-11-25); 1 new rep"
    )


def test_an_action_ticked_before_the_rename_is_counted(synced: Home) -> None:
    note = synced.reps_dir / "alex-kim" / "2026-11-17-grow.md"
    set_action_status(synced, ID.findall(note.read_text())[0], "done", TODAY)
    rename_rep(synced, "Alex Kim", "Alex Kim-Lee")
    assert sync(synced, TODAY).committed == (
        "Alex Kim renamed Alex Kim-Lee (3 notes moved); 1 action change"
    )


def test_files_of_the_managers_own_move_with_the_folder(synced: Home) -> None:
    (synced.reps_dir / "alex-kim" / "call notes.txt").write_text("Their questions\n")
    sync(synced, TODAY)
    rename_rep(synced, "Alex Kim", "Alex Kim-Lee")
    rename_rep(synced, "Alex Kim-Lee", "Alex Lee")  # twice between syncs: the synced name first
    assert sync(synced, TODAY).committed == (
        "Alex Kim renamed Alex Lee (3 notes and 1 other file moved)"
    )


def test_a_rep_with_no_sessions_renamed(synced: Home) -> None:
    add_rep(synced, "Dana Fox")
    assert sync(synced, TODAY).committed == "1 new rep"
    rename_rep(synced, "Dana Fox", "Dana Fox-Park")
    assert sync(synced, TODAY).committed == "Dana Fox renamed Dana Fox-Park"


def test_a_session_like_a_deleted_note_is_a_session(synced: Home) -> None:
    """git pairs a deleted note with a new one much like it as a rename; in one folder that is
    a deletion and a new session, and it is said so."""
    (synced.reps_dir / "alex-kim" / "2026-11-03-grow.md").unlink()
    session(synced, "Alex Kim", "2026-11-24")
    assert sync(synced, TODAY).committed == "1 session: Alex Kim (grow, 2026-11-24); 1 other file"
    changed = git(synced.root, "show", "--name-status", "--find-renames", "--format=", "HEAD")
    assert changed.startswith("R")  # what git makes of it


def test_a_rename_in_an_encrypted_backup(coach_home: Home, tmp_path: Path) -> None:
    """The notes are ciphertext in git: the link to the renamed rep changes every byte, so git
    pairs none of them; the rep's id joins each with its place in the new folder."""
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    session(coach_home, "Alex Kim", "2026-11-10")
    session(coach_home, "Alex Kim", "2026-11-17")
    init_backup(coach_home, str(remote), TODAY, encrypt=True)
    rename_rep(coach_home, "Alex Kim", "Alex Kim-Lee")
    session(coach_home, "Alex Kim-Lee", "2026-11-24")
    assert sync(coach_home, TODAY).committed == (
        "Alex Kim renamed Alex Kim-Lee (2 notes moved); 1 session: Alex Kim-Lee (grow, 2026-11-24)"
    )
    changed = git(coach_home.root, "show", "--name-status", "--find-renames", "--format=", "HEAD")
    assert sorted(line[0] for line in changed.splitlines()) == ["A"] * 4 + ["D"] * 3  # no R


def test_a_profile_broken_by_hand_does_not_stop_the_sync(synced: Home) -> None:
    rename_rep(synced, "Alex Kim", "Alex Kim-Lee")
    session(synced, "Alex Kim-Lee", "2026-11-24")
    (synced.reps_dir / "alex-kim-lee" / "profile.toml").write_text('name = "Alex Kim-Lee\n')
    assert sync(synced, TODAY).committed == (  # no rep to tell the move by: the files as they are
        "4 sessions: alex-kim-lee (grow, 2026-11-03), alex-kim-lee (grow, 2026-11-10), "
        "alex-kim-lee (grow, 2026-11-17), alex-kim-lee (grow, 2026-11-24); 1 new rep; "
        "4 other files"
    )


def test_the_cli_says_the_rename(coach: Run, synced: Home) -> None:
    coach("rep", "rename", "Alex Kim", "Alex Kim-Lee")
    assert coach("sync").stdout == (
        "Committed: Alex Kim renamed Alex Kim-Lee (3 notes moved)\nPushed.\n"
    )


def test_sync_status_says_the_rename(coach: Run, synced: Home) -> None:
    """`coach sync status` reads the rename as `coach sync` will commit it: no deleted notes and
    new ones, only what else changed."""
    coach("rep", "rename", "Alex Kim", "Alex Kim-Lee")
    session(synced, "Alex Kim-Lee", "2026-11-24")
    shown = coach("sync", "status").stdout
    assert helpers.lines_of(shown)[3:] == [
        "  Alex Kim renamed Alex Kim-Lee (3 notes moved)",
        "  new: reps/alex-kim-lee/2026-11-24-grow.md",
    ]
    assert sync(synced, TODAY).committed == (
        "Alex Kim renamed Alex Kim-Lee (3 notes moved); 1 session: Alex Kim-Lee (grow, 2026-11-24)"
    )
    assert coach("sync", "status").stdout.endswith("Nothing to commit.\n")


def test_sync_status_of_a_renamed_rep_with_a_profile_broken_by_hand(
    coach: Run, synced: Home
) -> None:
    rename_rep(synced, "Alex Kim", "Alex Kim-Lee")
    (synced.reps_dir / "alex-kim-lee" / "profile.toml").write_text('name = "Alex Kim-Lee\n')
    shown = helpers.lines_of(coach("sync", "status").stdout)
    assert "  Alex Kim renamed Alex Kim-Lee (3 notes moved)" not in shown  # no rep to tell it by
    assert "  deleted: reps/alex-kim/2026-11-03-grow.md" in shown
    assert "  new: reps/alex-kim-lee/2026-11-03-grow.md" in shown


def test_many_sessions_are_counted_in_the_first_line_and_listed_below(synced: Home) -> None:
    days = ["2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23"]
    for day in days:
        session(synced, "Alex Kim", day)
    for day in days[:2]:
        session(synced, "Dana Fox", day)
    assert sync(synced, TODAY).committed == "6 sessions with 2 reps; 1 new rep"
    message = git(synced.root, "log", "-1", "--format=%B").rstrip("\n")
    subject, blank, *listed = message.split("\n")
    assert (subject, blank) == ("6 sessions with 2 reps; 1 new rep", "")
    assert listed == [f"Alex Kim (grow, {day})" for day in days] + [
        f"Dana Fox (grow, {day})" for day in days[:2]
    ]
    session(synced, "Dana Fox", "2026-11-24")  # five or fewer: named in the first line
    assert sync(synced, TODAY).committed == "1 session: Dana Fox (grow, 2026-11-24)"
