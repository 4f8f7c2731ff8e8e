"""Encryption at rest through real git: a home with notes pushed to a bare remote, cloned back.

Every git here runs with HOME and git's global config pointed into the test's folder and the
author fixed, so the user's own git config is never read or touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from coachcli.answers import start_from_file
from coachcli.crypt_filter import install, new_identity, unlock
from coachcli.crypt_repo import ATTRIBUTES, plain_in_history
from coachcli.errors import CoachError
from coachcli.fsys import AGE_HEADER
from coachcli.home import Home

from .helpers import Run

ANSWERS = """\
minutes = 40
summary = "{who} keeps discounting the {account} renewal before hearing the objection."

[answers]
goal-topic = "Holding price on the {account} renewal"
reality-replay = "The {account} buyer called us overpriced; {who} offered {discount} off at once."
options-list = ["Ask what they compare us to", "Quantify the {account} downtime cost"]
will-commit = "Ask the comparison question on the {account} call before any discount."
will-calls = 2

[ratings]
objection-handling = 2

[[actions]]
text = "Rehearse the {account} comparison question"
owner = "rep"
due = "+7d"
"""
SESSIONS = [
    ("Alex Kim", "Zorblax Freight", "17%", "2026-11-03"),
    ("Alex Kim", "Quillmont Dairy", "23%", "2026-11-10"),
    ("Priya Nandakumar", "Vextora Mining", "11%", "2026-11-05"),
]
SECRETS = [b"Zorblax Freight", b"Quillmont Dairy", b"Vextora Mining", b"offered 23% off"]


def run_git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=check)


def own_git(monkeypatch: pytest.MonkeyPatch, user: Path) -> None:
    """HOME and git's global config in the test's folder, the author fixed."""
    user.mkdir(exist_ok=True)
    monkeypatch.setenv("HOME", str(user))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(user / ".gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Dana Manager")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "dana@example.com")


@pytest.fixture(autouse=True)
def own_git_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    own_git(monkeypatch, tmp_path / "user")


@dataclass(frozen=True)
class Backup:
    home: Path
    remote: Path
    key: Path


@pytest.fixture(scope="module")
def made_once(tmp_path_factory: pytest.TempPathFactory) -> Backup:
    """A home with three sessions of two reps, encrypted, committed and pushed to a bare remote
    (made once: sessions take a while; each test gets its own copy)."""
    root = tmp_path_factory.mktemp("backup")
    with pytest.MonkeyPatch.context() as monkeypatch:
        own_git(monkeypatch, root / "user")
        for name in ("DATA", "CACHE", "CONFIG"):
            monkeypatch.setenv(f"XDG_{name}_HOME", str(root / f"xdg-{name.lower()}"))
        home, remote, key = root / "home", root / "remote.git", root / "keys" / "k.txt"
        for rep, account, discount, day in SESSIONS:
            answers = root / f"{account}.toml"
            first = rep.split()[0]
            answers.write_text(ANSWERS.format(who=first, account=account, discount=discount))
            start_from_file(Home(home), rep, answers, "grow", day=day)
        (home / "config.toml").write_text('[sync]\nnote = "Quillmont Dairy"\n')
        run_git(root, "init", "-q", "--bare", "-b", "main", str(remote))
        run_git(home, "init", "-q", "-b", "main")
        (home / ".gitignore").write_text(".lock\n")
        new_identity(key)
        install(home, key)
        run_git(home, "add", "-A")
        run_git(home, "commit", "-q", "-m", "three sessions")
        run_git(home, "remote", "add", "origin", str(remote))
        run_git(home, "push", "-q", "origin", "main")
    return Backup(home, remote, key)


@pytest.fixture
def backup(made_once: Backup, tmp_path: Path) -> Backup:
    """This test's copy of the backup: the home, its remote and the key."""
    copy = Backup(tmp_path / "home", tmp_path / "remote.git", tmp_path / "keys" / "k.txt")
    for made, mine in zip((made_once.home, made_once.remote, made_once.key.parent),
                          (copy.home, copy.remote, copy.key.parent), strict=True):  # fmt: skip
        shutil.copytree(made, mine, symlinks=True)
    install(copy.home, copy.key)  # the filter pointed at this copy's key
    run_git(copy.home, "remote", "set-url", "origin", str(copy.remote))
    return copy


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file of a working copy (not .git, not ignored locks), by path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(folder).parts and p.name != ".lock"
    }


def remote_objects(remote: Path) -> bytes:
    return run_git(remote, "cat-file", "--batch-all-objects", "--batch").stdout


def blobs_at(repo: Path, rev: str = "HEAD") -> dict[str, str]:
    out = run_git(repo, "ls-tree", "-r", rev).stdout.decode()
    return {line.split("\t")[1]: line.split()[2] for line in out.splitlines()}


def status(repo: Path) -> str:
    return run_git(repo, "status", "--porcelain").stdout.decode()


def test_no_note_text_reaches_the_remote(backup: Backup) -> None:
    plain = files_of(backup.home)
    assert any(b"Zorblax Freight" in text for text in plain.values())  # the canaries are there
    objects = remote_objects(backup.remote)
    for secret in [*SECRETS, b"objection-handling", b"AGE-SECRET-KEY"]:
        assert secret not in objects, secret
    blobs = blobs_at(backup.remote, "main")
    assert set(blobs) == set(plain)
    for path, oid in blobs.items():
        blob = run_git(backup.remote, "cat-file", "blob", oid).stdout
        assert blob.startswith(AGE_HEADER) == (path not in (".gitattributes", ".gitignore"))
    assert plain_in_history(backup.remote) == []


def test_file_names_stay_readable_in_the_backup(backup: Backup) -> None:
    """A known limit, said in docs/sync-encryption.md: git's trees are not encrypted, so the
    names of files (a rep's folder and page, a session's date and framework) are readable."""
    objects = remote_objects(backup.remote)
    assert b"Priya Nandakumar.md" in objects and b"2026-11-05-grow.md" in objects


def test_the_working_copy_stays_plain_and_clean(backup: Backup) -> None:
    assert status(backup.home) == ""
    note = next(backup.home.glob("reps/alex-kim/2026-11-10-*.md"))
    assert note.read_bytes().startswith(b"---\n")
    for path in backup.home.rglob("*.md"):  # touched: git must clean them all again
        os.utime(path, (1e9, 1e9))
    assert status(backup.home) == ""
    assert b"+Rehearse" not in run_git(backup.home, "diff").stdout


def test_a_fresh_clone_with_the_key_restores_every_file_byte_for_byte(
    backup: Backup, tmp_path: Path
) -> None:
    for how in ("--no-checkout", "--checkout"):
        clone = tmp_path / f"clone{how}"
        run_git(tmp_path, "clone", "-q", how, str(backup.remote), str(clone))
        written = unlock(clone, backup.key)
        assert files_of(clone) == files_of(backup.home)
        assert sorted(written) == sorted(set(files_of(clone)) - {".gitattributes", ".gitignore"})
        assert status(clone) == ""
        assert unlock(clone, backup.key) == []  # again: nothing to do


def test_a_clone_without_the_key_keeps_ciphertext_and_says_why(
    backup: Backup, tmp_path: Path
) -> None:
    clone = tmp_path / "clone"
    run_git(tmp_path, "clone", "-q", str(backup.remote), str(clone))
    before = files_of(clone)
    for path, data in before.items():
        assert data.startswith(AGE_HEADER) == (path not in (".gitattributes", ".gitignore"))
    with pytest.raises(CoachError, match="is missing"):
        unlock(clone, tmp_path / "lost-key.txt")
    other = tmp_path / "other-key.txt"
    new_identity(other)
    with pytest.raises(CoachError, match="does not open it"):
        unlock(clone, other)
    assert files_of(clone) == before


def test_coach_in_a_clone_without_the_key_says_the_notes_are_encrypted(
    backup: Backup, tmp_path: Path, coach: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    clone = tmp_path / "clone"
    run_git(tmp_path, "clone", "-q", str(backup.remote), str(clone))
    monkeypatch.setenv("COACH_HOME", str(clone))
    said = coach("reps").output
    profile = clone / "reps" / "alex-kim" / "profile.toml"
    note = next(clone.glob("reps/alex-kim/2026-11-03-*.md"))
    assert f"{profile}: line 1: the file is encrypted: a copy of an encrypted backup" in said
    assert f"{note}: encrypted: a copy of an encrypted backup made without its key" in said
    assert "UTF-8" not in said
    assert (
        run_git(clone, "config", "--local", "filter.coach-crypt.process", check=False).stdout == b""
    )


def test_a_key_gone_after_install_stops_git_and_leaves_the_files(backup: Backup) -> None:
    note = next(backup.home.glob("reps/alex-kim/2026-11-03-*.md"))
    note.write_bytes(note.read_bytes() + b"\nA line added later.\n")
    backup.key.rename(backup.key.with_suffix(".away"))
    done = run_git(backup.home, "add", "-A", check=False)
    assert done.returncode != 0
    assert f"The backup key {backup.key} is missing".encode() in done.stderr
    assert note.read_bytes().endswith(b"A line added later.\n")
    backup.key.with_suffix(".away").rename(backup.key)
    run_git(backup.home, "add", "-A")
    assert status(backup.home).split() == ["M", note.relative_to(backup.home).as_posix()]


def test_editing_one_note_re_encrypts_only_that_note(backup: Backup) -> None:
    note = next(backup.home.glob("reps/priya-nandakumar/2026-*.md"))
    note.write_bytes(note.read_bytes().replace(b"Vextora", b"Vextora (now Vextora Group)"))
    run_git(backup.home, "commit", "-q", "-am", "edit")
    before, after = blobs_at(backup.home, "HEAD~1"), blobs_at(backup.home)
    changed = {path for path in after if before.get(path) != after[path]}
    assert changed == {note.relative_to(backup.home).as_posix()}
    shown = run_git(backup.home, "show").stdout.splitlines()  # plain text, through textconv
    assert [line for line in shown if line.startswith(b"+") and b"(now Vextora Group)" in line]


def test_two_computers_editing_one_note_merge_as_text(backup: Backup, tmp_path: Path) -> None:
    laptop = tmp_path / "laptop"
    run_git(tmp_path, "clone", "-q", str(backup.remote), str(laptop))
    unlock(laptop, backup.key)
    name = next(backup.home.glob("reps/alex-kim/2026-11-03-*.md")).relative_to(backup.home)
    theirs = (laptop / name).read_text().replace("Holding price", "Holding PRICE", 1)
    (laptop / name).write_text(theirs)
    run_git(laptop, "commit", "-q", "-am", "laptop")
    run_git(laptop, "push", "-q", "origin", "main")
    ours = (backup.home / name).read_text() + "\nAdded on the desktop.\n"
    (backup.home / name).write_text(ours)
    run_git(backup.home, "commit", "-q", "-am", "desktop")
    run_git(backup.home, "pull", "-q", "--rebase", "origin", "main")
    merged = (backup.home / name).read_text()
    assert "Holding PRICE" in merged and merged.endswith("Added on the desktop.\n")
    assert status(backup.home) == ""
    # the same line changed on both sides: markers in the plain note, both versions kept
    (laptop / name).write_text(theirs.replace("PRICE", "price (laptop)"))
    run_git(laptop, "commit", "-q", "-am", "laptop again")
    run_git(laptop, "push", "-q", "origin", "main")
    (backup.home / name).write_text(merged.replace("PRICE", "price (desktop)"))
    run_git(backup.home, "commit", "-q", "-am", "desktop again")
    done = run_git(backup.home, "pull", "-q", "--rebase", "origin", "main", check=False)
    assert done.returncode != 0
    conflicted = (backup.home / name).read_text()
    assert "<<<<<<< ours" in conflicted and ">>>>>>> theirs" in conflicted
    assert "price (laptop)" in conflicted and "price (desktop)" in conflicted
    assert not any(
        p.name.startswith("merge-") for p in (backup.home / ".git/coach-crypt").iterdir()
    )


def test_the_key_may_not_live_in_the_home(backup: Backup) -> None:
    inside = backup.home / "key.txt"
    shutil.copy(backup.key, inside)
    with pytest.raises(CoachError, match="inside the notes folder"):
        install(backup.home, inside)


def test_a_history_already_in_plain_text_is_refused(tmp_path: Path) -> None:
    home = tmp_path / "plain-home"
    home.mkdir()
    run_git(home, "init", "-q", "-b", "main")
    (home / "config.toml").write_text("# plain\n")
    run_git(home, "add", "-A")
    run_git(home, "commit", "-q", "-m", "plain")
    key = tmp_path / "k.txt"
    new_identity(key)
    with pytest.raises(
        CoachError, match=r"already holds 1 file\(s\) in plain text \(first: config"
    ):
        install(home, key)
    assert not (home / ".gitattributes").exists()


def test_installing_again_changes_nothing_and_a_foreign_attributes_file_is_kept(
    backup: Backup, tmp_path: Path
) -> None:
    config = run_git(backup.home, "config", "--local", "--list").stdout
    install(backup.home, backup.key)
    assert run_git(backup.home, "config", "--local", "--list").stdout == config
    assert (backup.home / ".gitattributes").read_text() == ATTRIBUTES
    other = tmp_path / "other"
    other.mkdir()
    run_git(other, "init", "-q")
    (other / ".gitattributes").write_text("*.md text\n")
    with pytest.raises(CoachError, match="not coach's"):
        install(other, backup.key)
    assert (other / ".gitattributes").read_text() == "*.md text\n"


@pytest.mark.skipif(
    shutil.which("age") is None and not os.environ.get("CI"), reason="the age command is absent"
)
def test_the_standard_age_command_opens_a_note_from_the_backup(
    backup: Backup, tmp_path: Path
) -> None:
    path, oid = next(
        (p, o) for p, o in blobs_at(backup.remote, "main").items() if p.endswith(".md")
    )
    blob = tmp_path / "blob.age"
    blob.write_bytes(run_git(backup.remote, "cat-file", "blob", oid).stdout)
    done = subprocess.run(["age", "-d", "-i", str(backup.key), str(blob)], capture_output=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (backup.home / path).read_bytes()


@pytest.mark.skipif(
    shutil.which("age") is None and not os.environ.get("CI"), reason="the age command is absent"
)
def test_the_docs_way_back_without_coach_restores_every_note(
    backup: Backup, tmp_path: Path
) -> None:
    doc = (Path(__file__).parent.parent / "docs" / "sync-encryption.md").read_text()
    script = doc.split("## Without coach")[1].split("```\n")[1]
    script = script.replace("REMOTE", str(backup.remote))
    script = script.replace("~/.config/coachcli/backup-key.txt", str(backup.key))
    subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, check=True, capture_output=True)
    assert files_of(tmp_path / "notes") == files_of(backup.home)


def test_a_sync_prunes_old_versions_and_unchanged_notes_stay_unchanged(
    backup: Backup, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every version of a note leaves a cache entry; `coach sync` keeps only those of the blobs
    git still holds, so the cache stops growing, and no unchanged note looks modified."""
    from datetime import date

    from coachcli import crypt_cache
    from coachcli.sync import sync

    monkeypatch.setattr(crypt_cache, "SLACK", 0)
    monkeypatch.setattr(crypt_cache, "GROWTH", 0)
    home = Home(backup.home)
    cache = backup.home / ".git" / "coach-crypt" / "cache"
    note = next(backup.home.glob("reps/priya-nandakumar/2026-*.md"))
    for n in range(4):  # four versions committed, each pushed
        note.write_bytes(note.read_bytes() + f"\nEdit {n}.\n".encode())
        run_git(backup.home, "commit", "-q", "-am", f"edit {n}")
    run_git(backup.home, "push", "-q", "origin", "main")

    def entries() -> list[Path]:
        return sorted(p for p in cache.rglob("*") if p.is_file())

    def encrypted() -> int:
        return len([p for p in blobs_at(backup.home) if p not in (".gitattributes", ".gitignore")])

    assert len(entries()) == encrypted() + 4  # the old versions' entries are there
    sync(home, date(2026, 12, 2))
    after = entries()
    assert len(after) == encrypted()  # one per encrypted file git holds, none for old versions
    for path in backup.home.rglob("*"):  # every file looked at again by git
        if path.is_file() and ".git" not in path.relative_to(backup.home).parts:
            os.utime(path, (1_800_000_000, 1_800_000_000))
    assert status(backup.home) == ""
    assert run_git(backup.home, "diff", "--stat").stdout == b""
    again = sync(home, date(2026, 12, 2))
    assert again.committed is None and not again.pushed
    assert len(entries()) == len(after)
