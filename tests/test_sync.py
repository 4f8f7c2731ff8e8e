"""`coach sync`: two machines and a bare remote in temporary folders, with the user's own git.

Every test runs git with a throw-away HOME and global config, and the author and
committer set in the environment, so none touches the person's git settings.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachcli.answers import start_from_file
from coachcli.errors import CoachError
from coachcli.fsys import rep_lock
from coachcli.gitrepo import GitError, Ran, classify
from coachcli.home import Home
from coachcli.queries import set_action_status
from coachcli.reps import list_reps, rename_rep
from coachcli.sync import init_backup, status, sync
from coachcli.sync_merge import ConflictStop, merge_lines

from . import helpers
from .helpers import Run

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "grow-answers.toml"
TODAY = date(2026, 12, 2)
ID = re.compile(r"\^([a-z0-9]{7})$", re.M)


@pytest.fixture(autouse=True)
def own_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git with no user or system settings of the person running the tests."""
    helpers.own_git(tmp_path, monkeypatch)


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    path = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(path)], check=True)
    return path


@pytest.fixture
def laptop(tmp_path: Path) -> Home:
    return Home(tmp_path / "laptop")


@pytest.fixture
def desktop(tmp_path: Path) -> Home:
    return Home(tmp_path / "desktop")


def session(home: Home, rep: str, day: str) -> Path:
    outcome = start_from_file(home, rep, EXAMPLE, "grow", day=day)
    assert outcome.note is not None
    return outcome.note


def files(home: Home) -> dict[str, bytes]:
    """Every file git would sync (not the ignored ones), by path."""
    listed = git(home.root, "ls-files", "-z").split("\0")
    return {p: (home.root / p).read_bytes() for p in listed if p}


@pytest.fixture
def two(remote: Path, laptop: Home, desktop: Home) -> tuple[Home, Home]:
    """A laptop with one session, pushed; a desktop that joined the same remote."""
    session(laptop, "Alex Kim", "2026-11-10")
    init_backup(laptop, str(remote), TODAY)
    result = init_backup(desktop, str(remote), TODAY)
    assert result.joined
    return laptop, desktop


def test_a_second_machine_gets_every_note_byte_for_byte(two: tuple[Home, Home]) -> None:
    laptop, desktop = two
    note = "reps/alex-kim/2026-11-10-grow.md"
    assert files(desktop) == files(laptop)
    assert note in files(desktop)
    assert (desktop.root / note).stat().st_mode & 0o777 == 0o600
    assert (desktop.root / "reps").stat().st_mode & 0o777 == 0o700
    page = desktop.root / "reps/alex-kim/Alex Kim.md"  # regenerated, never synced
    assert "2026-11-10-grow" in page.read_text()
    assert "reps/alex-kim/Alex Kim.md" not in files(laptop)
    assert not any(name.endswith((".lock", "draft.json")) for name in files(laptop))


def test_sessions_on_both_machines_sync_both_ways(two: tuple[Home, Home]) -> None:
    laptop, desktop = two
    session(desktop, "Dana Fox", "2026-11-12")
    session(laptop, "Alex Kim", "2026-11-17")
    first = sync(desktop, TODAY)
    assert first.committed == "1 session: Dana Fox (grow, 2026-11-12); 1 new rep"
    assert first.pushed
    second = sync(laptop, TODAY)
    assert second.committed == "1 session: Alex Kim (grow, 2026-11-17)"
    assert second.pulled == 1
    assert second.pushed
    third = sync(desktop, TODAY)
    assert third.pulled == 1
    assert files(laptop) == files(desktop)
    assert len([p for p in files(laptop) if p.endswith("-grow.md")]) == 3
    assert "2026-11-17-grow" in (desktop.root / "reps/alex-kim/Alex Kim.md").read_text()
    assert "Dana Fox.md" not in " ".join(files(laptop))  # pages stay out of the repository
    assert (laptop.root / "reps/dana-fox/Dana Fox.md").is_file()  # written again after the pull


def test_actions_ticked_on_both_machines_merge(two: tuple[Home, Home]) -> None:
    laptop, desktop = two
    note = "reps/alex-kim/2026-11-10-grow.md"
    first, second = ID.findall((laptop.root / note).read_text())
    set_action_status(laptop, first, "done", TODAY)
    set_action_status(desktop, second, "dropped", TODAY, comment="Not needed after all")
    assert sync(laptop, TODAY).committed == "1 action change"
    sync(desktop, TODAY)
    sync(laptop, TODAY)
    assert files(laptop) == files(desktop)
    text = (laptop.root / note).read_text()
    assert re.search(r"- \[x\] Ask the comparison.*✅ 2026-12-02", text)
    assert re.search(r"- \[-\] Send Alex.*❌ 2026-12-02", text)
    assert "Not needed after all" in text


def test_two_sessions_with_one_name_are_both_kept(two: tuple[Home, Home]) -> None:
    laptop, desktop = two
    on_desktop = session(desktop, "Alex Kim", "2026-11-17").read_bytes()
    on_laptop = session(laptop, "Alex Kim", "2026-11-17").read_bytes()
    sync(desktop, TODAY)
    result = sync(laptop, TODAY)
    assert any("yours is now 2026-11-17-grow-2.md" in note for note in result.notes)
    folder = laptop.root / "reps/alex-kim"
    assert (folder / "2026-11-17-grow.md").read_bytes() == on_desktop
    assert (folder / "2026-11-17-grow-2.md").read_bytes() == on_laptop
    sync(desktop, TODAY)
    assert files(desktop) == files(laptop)


def _edit(home: Home, note: str, old: str, new: str) -> bytes:
    path = home.root / note
    path.write_text(path.read_text().replace(old, new))
    return path.read_bytes()


def test_a_real_conflict_keeps_both_versions(two: tuple[Home, Home], remote: Path) -> None:
    laptop, desktop = two
    note = "reps/alex-kim/2026-11-10-grow.md"
    summary = "practise the comparison question."
    theirs = _edit(desktop, note, summary, "practise the comparison question twice.")
    mine = _edit(laptop, note, summary, "role-play the comparison question.")
    sync(desktop, TODAY)
    pushed = git(remote, "rev-parse", "main")
    with pytest.raises(ConflictStop) as stop:
        sync(laptop, TODAY)
    assert note in stop.value.message
    assert "2026-11-10-grow.conflict-2026-12-02.md" in stop.value.message
    assert "delete the .conflict file" in (stop.value.hint or "")
    copy = laptop.root / "reps/alex-kim/2026-11-10-grow.conflict-2026-12-02.md"
    assert (laptop.root / note).read_bytes() == mine  # untouched
    assert copy.read_bytes() == theirs
    assert git(remote, "rev-parse", "main") == pushed  # nothing pushed
    assert not (laptop.root / ".git" / "rebase-merge").exists()
    # still there: the next sync stops again, without touching anything
    with pytest.raises(ConflictStop, match="still have their copies"):
        sync(laptop, TODAY)
    assert status(laptop).conflicts == [note]
    # merged by hand, copy deleted: the next sync takes the merged version everywhere
    merged = _edit(laptop, note, "role-play the comparison question.", "role-play it twice.")
    copy.unlink()
    sync(laptop, TODAY)
    sync(desktop, TODAY)
    assert (desktop.root / note).read_bytes() == merged
    assert files(desktop) == files(laptop)


def test_joining_a_remote_from_a_home_with_notes_loses_nothing(
    remote: Path, laptop: Home, desktop: Home, coach: Run
) -> None:
    session(laptop, "Alex Kim", "2026-11-10")
    laptop.config_file.write_text('manager_name = "Morgan"\n')
    init_backup(laptop, str(remote), TODAY)
    session(desktop, "Dana Fox", "2026-11-12")
    desktop.config_file.write_text('manager_name = "Morgan Lee"\n')
    result = init_backup(desktop, str(remote), TODAY)
    assert result.joined
    assert (desktop.root / "reps/alex-kim/2026-11-10-grow.md").is_file()
    assert (desktop.root / "reps/dana-fox/2026-11-12-grow.md").is_file()
    assert desktop.config_file.read_text() == 'manager_name = "Morgan Lee"\n'
    copy = desktop.root / "config.conflict-2026-12-02.toml"
    assert copy.read_text() == 'manager_name = "Morgan"\n'
    assert any("config.toml" in note for note in result.notes)


def test_offline_leaves_the_notes_untouched(two: tuple[Home, Home], remote: Path) -> None:
    laptop, _ = two
    note = session(laptop, "Alex Kim", "2026-11-17")
    before = note.read_bytes()
    remote.rename(remote.with_name("gone.git"))
    with pytest.raises(GitError) as failure:
        sync(laptop, TODAY)
    assert failure.value.kind == "offline"
    assert "cannot be reached" in failure.value.message
    assert "unchanged" in (failure.value.hint or "")
    assert note.read_bytes() == before
    remote.with_name("gone.git").rename(remote)
    assert sync(laptop, TODAY).pushed  # committed locally while offline, pushed now


def test_an_unreachable_url_is_offline(laptop: Home, remote: Path) -> None:
    note = session(laptop, "Alex Kim", "2026-11-10")
    before = note.read_bytes()
    with pytest.raises(GitError) as failure:
        init_backup(laptop, "http://127.0.0.1:9/notes.git", TODAY)
    assert failure.value.kind == "offline"
    assert note.read_bytes() == before
    assert not init_backup(laptop, str(remote), TODAY).joined  # the same command runs again
    assert "reps/alex-kim/2026-11-10-grow.md" in files(laptop)


def test_a_refused_push_says_why(two: tuple[Home, Home], remote: Path) -> None:
    laptop, _ = two
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'pushes are closed for the audit' >&2\nexit 1\n")
    hook.chmod(0o755)
    note = session(laptop, "Alex Kim", "2026-11-17")
    with pytest.raises(GitError) as failure:
        sync(laptop, TODAY)
    assert failure.value.kind == "refused"
    assert "pushes are closed for the audit" in failure.value.message
    assert note.is_file()
    assert "1 commit not pushed yet" in _status_line(laptop)


def _status_line(home: Home) -> str:
    found = status(home)
    return f"{found.ahead} commit{'s' if found.ahead != 1 else ''} not pushed yet"


def test_git_missing(
    two: tuple[Home, Home], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop, _ = two
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(GitError) as failure:
        sync(laptop, TODAY)
    assert failure.value.kind == "missing"
    assert "git is not installed" in failure.value.message


def test_no_remote(two: tuple[Home, Home]) -> None:
    laptop, _ = two
    git(laptop.root, "remote", "remove", "origin")
    note = session(laptop, "Alex Kim", "2026-11-17")
    with pytest.raises(GitError) as failure:
        sync(laptop, TODAY)
    assert failure.value.kind == "no-remote"
    assert "coach sync init REMOTE --backup" in (failure.value.hint or "")
    assert note.is_file()


def test_not_set_up(laptop: Home) -> None:
    with pytest.raises(CoachError, match="not set up for sync"):
        sync(laptop, TODAY)


@pytest.mark.parametrize(
    ("stderr", "kind"),
    [
        ("fatal: Authentication failed for 'https://example.com/me/notes.git/'", "auth"),
        ("git@example.com: Permission denied (publickey).", "auth"),
        ("fatal: could not read Username for 'https://x': terminal prompts disabled", "auth"),
        ("fatal: unable to access 'https://x/': Could not resolve host: x", "offline"),
        ("ssh: connect to host example.com port 22: Network is unreachable", "offline"),
        (" ! [rejected]        main -> main (fetch first)", "behind"),
        (" ! [remote rejected] main -> main (pre-receive hook declined)", "refused"),
        (
            "fatal: not a git repository (or any of the parent directories): .git",
            "not-a-repository",
        ),
        ("error: No such remote 'origin'", "no-remote"),
        ("fatal: something nobody expected", "git"),
    ],
)
def test_git_failures_are_told_apart(stderr: str, kind: str, tmp_path: Path) -> None:
    failure = classify(["push"], Ran(128, "", stderr), tmp_path)
    assert failure.kind == kind
    assert failure.hint
    assert "Traceback" not in failure.message


def test_cli_transcripts(coach: Run, coach_home: Home, remote: Path) -> None:
    result = coach("sync", code=1)
    assert f"{coach_home.root} is not set up for sync yet." in result.stderr
    assert "coach sync init REMOTE --backup" in result.stderr
    assert "Say which remote" in coach("sync", "init", str(remote), code=1).stderr
    assert (
        "--as goes with --team"
        in coach("sync", "init", "x", "--backup", "--as", "M", code=1).stderr
    )
    session(coach_home, "Alex Kim", "2026-11-10")
    done = coach("sync", "init", str(remote), "--backup")
    assert done.stdout == (
        f"{coach_home.root} now syncs with {remote}: pushed your home there.\n"
        "Run coach sync to sync again (or: coach config set sync.auto true).\n"
    )
    assert coach("sync").stdout == "Nothing new to commit.\nThe remote was already up to date.\n"
    session(coach_home, "Alex Kim", "2026-11-17")
    shown = coach("sync", "status").stdout
    assert f"remote: {remote}\n" in shown
    assert "  new: reps/alex-kim/2026-11-17-grow.md\n" in shown
    assert coach("sync").stdout == ("Committed: 1 session: Alex Kim (grow, 2026-11-17)\nPushed.\n")
    assert "Example: coach sync" in coach("sync", "--help").stdout
    assert "Example: coach sync init" in coach("sync", "init", "--help").stdout


def _blobs(bare: Path) -> bytes:
    """Every object the remote holds, as git stores them (trees, commits and blobs)."""
    done = subprocess.run(["git", "cat-file", "--batch-all-objects", "--batch"], cwd=bare,
                          capture_output=True, check=True, input=b"")  # fmt: skip
    return done.stdout


def test_an_encrypted_backup_holds_no_plain_text_and_a_second_computer_restores_it(
    tmp_path: Path, laptop: Home, desktop: Home, remote: Path
) -> None:
    """Issue 16: with encryption on, no note's text is in the backup remote, and a fresh home
    with the key restores every note byte for byte; without the key, nothing is set up."""
    note = session(laptop, "Alex Kim", "2026-11-10")
    session(laptop, "Dana Fox", "2026-11-12")
    key = tmp_path / "keys" / "backup.txt"
    result = init_backup(laptop, str(remote), TODAY, encrypt=True, identity=None)
    assert " (public key age1" in result.new_key
    used = Path(result.new_key.split(" (public key")[0])
    assert not used.is_relative_to(laptop.root)  # the key never enters the repository
    stored = _blobs(remote)
    answers = re.findall(r'^\w[\w-]* = "([^"]{25,})"', EXAMPLE.read_text(encoding="utf-8"),
                         flags=re.M)  # fmt: skip
    assert len(answers) >= 3
    assert [a for a in answers if a.encode() in stored] == []
    assert b"On the Acme call on Tuesday" not in stored
    assert note.read_text(encoding="utf-8").startswith("---")  # plain here, for Obsidian
    assert git(laptop.root, "status", "--porcelain") == ""
    # the other computer: without the key, a clear error and nothing set up
    with pytest.raises(CoachError, match="No backup key at"):
        init_backup(desktop, str(remote), TODAY, encrypt=True, identity=key)
    assert not (desktop.root / ".git" / "config").exists() or "origin" not in git(
        desktop.root, "remote"
    )
    key.parent.mkdir()
    key.write_bytes(used.read_bytes())
    init_backup(desktop, str(remote), TODAY, encrypt=True, identity=key)
    assert files(desktop) == files(laptop)
    assert git(desktop.root, "status", "--porcelain") == ""
    # a session on the second computer comes back to the first, still plain on both
    session(desktop, "Dana Fox", "2026-11-19")
    assert sync(desktop, TODAY).pushed
    sync(laptop, TODAY)
    assert (laptop.root / "reps/dana-fox/2026-11-19-grow.md").read_text(encoding="utf-8") == (
        desktop.root / "reps/dana-fox/2026-11-19-grow.md"
    ).read_text(encoding="utf-8")
    assert b"On the Acme call on Tuesday" not in _blobs(remote)


def test_the_key_warning_comes_before_anything_is_pushed(
    coach: Run, coach_home: Home, remote: Path
) -> None:
    said = coach("sync", "init", str(remote), "--backup", "--encrypt")
    out = " ".join(said.stdout.split())
    assert out.index("Without this file nobody can read the backup") < out.index("now syncs with")


def test_auto_sync_after_a_session(coach: Run, coach_home: Home, remote: Path) -> None:
    coach("sync", "init", str(remote), "--backup")
    coach("config", "set", "sync.auto", "true")
    said = coach("start", "Alex Kim", "--answers", str(EXAMPLE), "-f", "grow", "--date",
                 "2026-11-10")  # fmt: skip
    assert "Synced: 1 session: Alex Kim (grow, 2026-11-10)" in said.stdout
    assert "Alex Kim (grow, 2026-11-10)" in git(remote, "log", "-1", "--format=%s", "main")
    remote.rename(remote.with_name("gone.git"))
    failed = coach("start", "Alex Kim", "--answers", str(EXAMPLE), "-f", "grow", "--date",
                   "2026-11-17")  # fmt: skip
    assert "The session is saved, but coach sync failed: The remote cannot be reached" in (
        failed.stderr.replace("\n", " ")
    )
    assert (coach_home.root / "reps/alex-kim/2026-11-17-grow.md").is_file()


@given(st.lists(st.sampled_from(["a\n", "b\n", "- [ ] x\n", "\n"]), max_size=8),
       st.lists(st.sampled_from(["a\n", "c\n", "- [x] x\n"]), max_size=8))  # fmt: skip
def test_a_merge_with_one_side_unchanged_is_the_other(base: list[str], side: list[str]) -> None:
    assert merge_lines(base, side, base) == side
    assert merge_lines(base, base, side) == side
    assert merge_lines(base, side, side) == side


def test_merge_lines_takes_edits_next_to_each_other_and_stops_on_the_same_line() -> None:
    base = ["# Actions\n", "- [ ] one\n", "- [ ] two\n"]
    assert merge_lines(base, ["# Actions\n", "- [x] one\n", "- [ ] two\n"],
                       ["# Actions\n", "- [ ] one\n", "- [-] two\n"]) == [
        "# Actions\n", "- [x] one\n", "- [-] two\n"]  # fmt: skip
    assert merge_lines(base, ["# Actions\n", "- [x] one\n", "- [ ] two\n"],
                       ["# Actions\n", "- [-] one\n", "- [ ] two\n"]) is None  # fmt: skip
    assert merge_lines(base, [*base, "mine\n"], [*base, "theirs\n"]) is None


def test_drafts_locks_and_scratch_are_never_synced(two: tuple[Home, Home]) -> None:
    laptop, _ = two
    (laptop.root / "reps/alex-kim/draft.json").write_text("{}")
    (laptop.root / ".scratch").mkdir()
    (laptop.root / ".scratch/answer-1.md").write_text("half an answer")
    (laptop.root / "reps/alex-kim/.2026-11-10-grow.md.abc.tmp").write_text("x")
    (laptop.root / "reps/alex-kim/my own notes.md").write_text("synced: it is mine")
    copy = laptop.root / ".cache/team/west/managers/jo-park"  # what `coach team` fetched
    copy.mkdir(parents=True)
    (copy / "sessions.csv").write_text("note,date\n")
    sync(laptop, TODAY)
    synced = files(laptop)
    assert "reps/alex-kim/my own notes.md" in synced
    assert not [
        p for p in synced
        if "draft" in p or ".scratch" in p or ".cache" in p or p.endswith((".tmp", ".lock"))
    ]  # fmt: skip


# ----------------------------------------------------------------------------- team remote

PUBLISHED = {
    "manager.toml": b'format = 1\nname = "Morgan Lee"\n',
    "sessions.csv": b"note,date\n2026-11-10-grow.md,2026-11-10\n",
    "shared/alex-kim/2026-11-10-grow.md": b"# Shared\n",
}


@pytest.fixture
def team_remote(tmp_path: Path, remote: Path) -> Path:
    """A team remote where Dana Fox, another manager, has published already."""
    path = tmp_path / "team.git"
    subprocess.run(["git", "init", "-q", "--bare", str(path)], check=True)
    dana = tmp_path / "dana-team"
    subprocess.run(["git", "clone", "-q", str(path), str(dana)], check=True, capture_output=True)
    (dana / "managers/dana-fox").mkdir(parents=True)
    (dana / "managers/dana-fox/manager.toml").write_text('name = "Dana Fox"\n')
    git(dana, "add", "-A")
    git(dana, "commit", "-q", "-m", "Dana Fox: publication")
    git(dana, "push", "-q", "origin", "HEAD:refs/heads/main")
    return path


def publication(monkeypatch: pytest.MonkeyPatch, published: dict[str, bytes]) -> list[str]:
    """``coachcli.team_publish.publication`` handing out ``published``; the calls."""
    from coachcli import team_publish

    calls: list[str] = []

    def fake(
        home: Home, manager_name: str, today: date, previous: object = None
    ) -> team_publish.Publication:
        calls.append(f"{manager_name} {today}")
        return team_publish.Publication("morgan-lee", dict(published))

    monkeypatch.setattr(team_publish, "publication", fake)
    return calls


def test_the_team_remote_gets_only_this_managers_folder(
    two: tuple[Home, Home], team_remote: Path, tmp_path: Path, coach: Run,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    laptop, _ = two
    monkeypatch.setenv("COACH_HOME", str(laptop.root))
    said = coach("sync", "init", str(team_remote), "--team", "--as", "Morgan Lee").stdout
    assert said.startswith(f"Team remote {team_remote} cloned into {laptop.root / '.team'}.")
    calls = publication(monkeypatch, PUBLISHED)
    result = sync(laptop, TODAY)
    assert calls == ["Morgan Lee 2026-12-02"]
    assert result.team == "team remote: Morgan Lee's publication pushed (3 files)"
    check = tmp_path / "check"
    subprocess.run(["git", "clone", "-q", "-b", "main", str(team_remote), str(check)], check=True)
    mine = {p.relative_to(check / "managers/morgan-lee").as_posix(): p.read_bytes()
            for p in (check / "managers/morgan-lee").rglob("*") if p.is_file()}  # fmt: skip
    assert mine == PUBLISHED
    assert (check / "managers/dana-fox/manager.toml").read_text() == 'name = "Dana Fox"\n'
    touched = git(check, "show", "--name-only", "--format=", "HEAD").split()
    assert touched and all(p.startswith("managers/morgan-lee/") for p in touched)
    assert not [p for p in files(laptop) if p.startswith(".team")]  # the clone is not synced
    # Dana publishes again meanwhile; Morgan's publication loses a shared note
    dana = tmp_path / "dana-team"
    git(dana, "pull", "-q", "origin", "main")
    (dana / "managers/dana-fox/sessions.csv").write_text("note,date\n")
    git(dana, "add", "-A")
    git(dana, "commit", "-q", "-m", "Dana Fox: publication")
    git(dana, "push", "-q", "origin", "HEAD:refs/heads/main")
    publication(monkeypatch, {k: v for k, v in PUBLISHED.items() if not k.startswith("shared")})
    assert sync(laptop, TODAY).team == "team remote: Morgan Lee's publication pushed (2 files)"
    git(check, "pull", "-q", "origin", "main")
    assert not (check / "managers/morgan-lee/shared").exists()
    assert (check / "managers/dana-fox/sessions.csv").read_text() == "note,date\n"
    assert (laptop.root / ".team/managers/dana-fox/sessions.csv").is_file()
    assert sync(laptop, TODAY).team == "team remote: Morgan Lee's publication unchanged"


def test_a_publication_cannot_leave_its_folder(
    two: tuple[Home, Home], team_remote: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coachcli.team_sync import init_team

    laptop, _ = two
    init_team(laptop, str(team_remote), "Morgan Lee")
    publication(monkeypatch, {"../dana-fox/manager.toml": b"taken over"})
    with pytest.raises(CoachError, match="Your notes are synced, but the team remote was not"):
        sync(laptop, TODAY)
    assert not (laptop.root / ".team/managers/morgan-lee").exists()


def test_the_team_remote_gets_the_real_publication(
    two: tuple[Home, Home], team_remote: Path, tmp_path: Path
) -> None:
    """Without a fake: what `team_publish` makes of the laptop's notes is what the remote holds,
    and syncing again the next day with nothing new commits nothing."""
    from datetime import timedelta

    from coachcli.team_publish import published_files
    from coachcli.team_sync import init_team

    laptop, _ = two
    init_team(laptop, str(team_remote), "Morgan Lee")
    assert "publication pushed" in (sync(laptop, TODAY).team or "")
    check = tmp_path / "real"
    subprocess.run(["git", "clone", "-q", "-b", "main", str(team_remote), str(check)], check=True)
    folder = check / "managers/morgan-lee"
    held = {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file()}  # fmt: skip
    assert held == published_files(laptop, "Morgan Lee", TODAY)
    assert "sessions.csv" in held and any(p.startswith("shared/alex-kim/") for p in held)
    later = sync(laptop, TODAY + timedelta(days=1)).team
    assert later == "team remote: Morgan Lee's publication unchanged"


def test_the_team_remote_needs_a_name(coach: Run, team_remote: Path) -> None:
    result = coach("sync", "init", str(team_remote), "--team", code=1)
    assert "The team remote needs your name" in result.stderr


def test_joining_an_encrypted_backup_with_the_wrong_key_changes_nothing(
    tmp_path: Path, laptop: Home, desktop: Home, remote: Path
) -> None:
    from coachcli.crypt_filter import new_identity

    session(laptop, "Alex Kim", "2026-11-10")
    init_backup(laptop, str(remote), TODAY, encrypt=True)
    wrong = tmp_path / "keys" / "another.txt"
    new_identity(wrong)
    with pytest.raises(CoachError, match="does not open it"):
        init_backup(desktop, str(remote), TODAY, encrypt=True, identity=wrong)
    assert not (desktop.root / "reps" / "alex-kim").exists()  # nothing checked out
    assert git(desktop.root, "remote") == ""  # the same command can run again


def test_a_private_answer_is_in_no_object_ever_pushed_to_the_team_remote(
    two: tuple[Home, Home], team_remote: Path, tmp_path: Path
) -> None:
    """Issue 16: a token written in a private part of a session is absent from every object of
    the team remote (its commits, trees and blobs, after several syncs), while the backup
    remote, the manager's own, holds it."""
    from coachcli.team_sync import init_team

    laptop, _ = two
    token = "PRIVATE-TOKEN-7f3a"
    answers = EXAMPLE.read_text(encoding="utf-8").replace(
        "I offered 15% off", f"I offered 15% off ({token})"
    )
    private = tmp_path / "private-answers.toml"
    private.write_text(answers, encoding="utf-8")
    outcome = start_from_file(laptop, "Alex Kim", private, "grow", day="2026-11-24")
    assert outcome.note is not None and token in outcome.note.read_text(encoding="utf-8")
    init_team(laptop, str(team_remote), "Morgan Lee")
    assert "publication pushed" in (sync(laptop, TODAY).team or "")
    session(laptop, "Dana Fox", "2026-11-26")
    sync(laptop, TODAY)
    assert token.encode() not in _blobs(team_remote)
    assert b"Morgan Lee" in _blobs(team_remote)  # the scan reads what was pushed
    assert token.encode() in _blobs(tmp_path / "remote.git")  # the plain backup has it


# ------------------------------------------------------------- a rep renamed on the other machine


@pytest.fixture
def renamed(two: tuple[Home, Home]) -> tuple[Home, Home]:
    """Alex Kim met on both machines (a lock on each), then renamed on the laptop and synced."""
    laptop, desktop = two
    session(desktop, "Alex Kim", "2026-11-17")
    sync(desktop, TODAY)
    sync(laptop, TODAY)
    assert (desktop.root / "reps/alex-kim/.lock").is_file()
    rename_rep(laptop, "Alex Kim", "Alex Kim-Lee")
    sync(laptop, TODAY)
    return laptop, desktop


def test_a_rename_pulled_leaves_no_ghost_rep(
    renamed: tuple[Home, Home], coach: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop, desktop = renamed
    old = desktop.root / "reps/alex-kim"
    (old / "drafts/empty").mkdir(parents=True)  # empty folders are nobody's files
    stale = old / ".Alex Kim.md.x1y2.tmp"  # a page's write killed long ago
    stale.write_text("half a page")
    os.utime(stale, (1, 1))
    result = sync(desktop, TODAY)
    assert result.pulled == 1
    assert result.notes == []
    assert not old.exists()
    assert [r.name for r in list_reps(desktop).reps] == ["Alex Kim-Lee"]
    assert len(list((desktop.root / "reps/alex-kim-lee").glob("2026-*-grow.md"))) == 2
    assert files(desktop) == files(laptop)
    monkeypatch.setenv("COACH_HOME", str(desktop.root))
    listed = coach("reps").stdout
    assert "Alex Kim-Lee" in listed
    assert "Alex Kim " not in listed.replace("Alex Kim-Lee", "")


def test_a_draft_left_in_a_renamed_folder_is_kept_and_said(
    renamed: tuple[Home, Home], coach: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, desktop = renamed
    old = desktop.root / "reps/alex-kim"
    draft = old / "draft.json"
    draft.write_text('{"rep": "Alex Kim", "answers": {"goal": "typed, not lost"}}')
    monkeypatch.setenv("COACH_HOME", str(desktop.root))
    said = " ".join(coach("sync").stderr.split())
    assert (
        "reps/alex-kim/draft.json is kept: an unfinished session with Alex Kim started on this "
        "machine, but the rep's notes and profile left it with the sync (renamed or removed on "
        "another machine). To finish it, move draft.json into reps/alex-kim-lee/ and run coach "
        'start "Alex Kim-Lee"; if you do not want it, delete it. The next coach sync then '
        "removes the folder."
    ) in said
    assert "typed, not lost" in draft.read_text()
    draft.rename(desktop.root / "reps/alex-kim-lee/draft.json")
    assert sync(desktop, TODAY).notes == []  # nothing pulled: the folder goes all the same
    assert not old.exists()
    assert (desktop.root / "reps/alex-kim-lee/draft.json").is_file()


def test_files_coach_did_not_write_keep_a_renamed_folder(renamed: tuple[Home, Home]) -> None:
    _, desktop = renamed
    (desktop.root / ".gitignore").write_text(
        (desktop.root / ".gitignore").read_text() + "*.m4a\n"
    )  # the manager keeps recordings out of git
    old = desktop.root / "reps/alex-kim"
    (old / "call.m4a").write_bytes(b"audio")
    (old / "2026-11-17-grow.conflict-2026-12-01.md").write_text("the other version")
    (old / "recordings").mkdir()
    (old / "recordings/call-2.m4a").write_bytes(b"more audio")
    notes = sync(desktop, TODAY).notes
    assert notes == [
        "reps/alex-kim is kept for what coach did not write there (2026-11-17-grow.conflict-"
        "2026-12-01.md, call.m4a, recordings/): the rep's notes and profile left it with the sync "
        "(renamed or removed on another machine). Move or delete those files, and the next "
        "coach sync removes the folder."
    ]
    assert (old / "call.m4a").read_bytes() == b"audio"
    assert (old / "recordings/call-2.m4a").read_bytes() == b"more audio"


def test_a_session_in_progress_keeps_a_renamed_folder(renamed: tuple[Home, Home]) -> None:
    """coach sync does not pull under an open session; once it ends, the folder goes."""
    _, desktop = renamed
    old = desktop.root / "reps/alex-kim"
    with rep_lock(old, "Alex Kim"), pytest.raises(CoachError, match="A session with Alex Kim"):
        sync(desktop, TODAY)
    assert old.is_dir() and not (desktop.root / "reps/alex-kim-lee").exists()  # nothing pulled
    assert sync(desktop, TODAY).notes == []  # the session ended (no draft was left)
    assert not old.exists()


def test_a_folder_never_synced_is_left_alone(two: tuple[Home, Home]) -> None:
    laptop, _ = two
    made = laptop.root / "reps/jo-park"  # made by hand, empty: git never held it
    made.mkdir()
    sync(laptop, TODAY)
    assert made.is_dir()
    assert "Jo Park" in [r.name for r in list_reps(laptop).reps]
