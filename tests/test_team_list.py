"""The leader's team list (<home>/team.toml) and the local copies of git remotes (team_list).

Git runs for real against bare repositories in temporary folders; offline and
refused are a remote that has gone and git's own words, and "git missing" an
empty PATH.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from coachcli.errors import CoachError
from coachcli.home import Home
from coachcli.team_list import (
    TeamFileError,
    _git_error,
    add_source,
    cache_folder,
    load_sources,
    looks_like_remote,
    refresh,
    remove_source,
    team_file,
)

from .helpers import team_corpus, write_publication

TODAY = date(2026, 12, 2)
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(*args: str, cwd: Path) -> None:
    subprocess.run(
        ["git", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        env={
            "GIT_AUTHOR_NAME": "M",
            "GIT_AUTHOR_EMAIL": "m@example.com",
            "GIT_COMMITTER_NAME": "M",
            "GIT_COMMITTER_EMAIL": "m@example.com",
            "PATH": "/usr/bin:/bin",
            "HOME": str(cwd),
        },
    )


def team_remote(tmp_path: Path) -> tuple[Path, Path]:
    """A bare team remote holding the three managers' publications, and a manager's clone."""
    bare, work = tmp_path / "team.git", tmp_path / "work"
    git("init", "--bare", "-q", "-b", "main", str(bare), cwd=tmp_path)
    git("clone", "-q", str(bare), str(work), cwd=tmp_path)
    team_corpus(work)
    git("add", "-A", cwd=work)
    git("commit", "-q", "-m", "publish", cwd=work)
    git("push", "-q", "origin", "HEAD:main", cwd=work)
    return bare, work


def test_a_folder_is_added_listed_and_removed(coach_home: Home, tmp_path: Path) -> None:
    corpus = team_corpus(tmp_path / "share")
    source, folders = add_source(coach_home, "West", str(corpus), TODAY)
    assert (source.name, source.path, source.remote) == ("West", corpus.resolve(), None)
    assert [f.name for f in folders] == ["jo-park", "morgan-lee", "sam-rivera"]
    assert team_file(coach_home).read_text("utf-8") == (
        "# The team publications `coach team` reads: coach team add / remove.\n\n"
        f'[[source]]\nname = "West"\npath = "{corpus.resolve()}"\nadded = 2026-12-02\n'
    )
    assert team_file(coach_home).stat().st_mode & 0o777 == 0o600
    add_source(coach_home, 'Ost "Süd"', str(corpus), TODAY)
    assert [s.name for s in load_sources(coach_home)] == ["West", 'Ost "Süd"']
    assert remove_source(coach_home, "west").name == "West"
    assert [s.name for s in load_sources(coach_home)] == ['Ost "Süd"']


def test_what_add_refuses(coach_home: Home, tmp_path: Path) -> None:
    corpus = team_corpus(tmp_path / "share")
    add_source(coach_home, "West", str(corpus), TODAY)
    with pytest.raises(CoachError, match=r"already a team source named 'West' \(") as caught:
        add_source(coach_home, "WEST", str(corpus), TODAY)
    assert caught.value.hint == "Choose another name, or `coach team remove West` first."
    (tmp_path / "plain").mkdir()
    with pytest.raises(CoachError, match="holds no managers/ folder"):
        add_source(coach_home, "East", str(tmp_path / "plain"), TODAY)
    with pytest.raises(CoachError, match="is the managers/ folder itself") as inside:
        add_source(coach_home, "East", str(corpus / "managers"), TODAY)
    assert inside.value.hint == f"Give the folder that holds it: coach team add East {corpus}"
    with pytest.raises(CoachError, match="neither a folder nor a git remote"):
        add_source(coach_home, "East", str(tmp_path / "nowhere"), TODAY)
    with pytest.raises(CoachError, match="Give the source a name"):
        add_source(coach_home, "  ", str(corpus), TODAY)
    with pytest.raises(CoachError, match=r"No team source is named 'Wset'\. Did you mean 'West'"):
        remove_source(coach_home, "Wset")


def test_a_hand_broken_team_list_names_file_line_and_key(coach_home: Home) -> None:
    path = team_file(coach_home)
    path.parent.mkdir(parents=True)
    path.write_text(
        '[[source]]\nname = "West"\nremote = "git@h:w.git"\npath = "/x"\n\n'
        '[[source]]\nnme = "East"\npath = "/y"\n\n[[source]]\nname = "west"\npath = "/z"\n'
        'added = "yesterday"\n\n[sorce]\n',
        "utf-8",
    )
    with pytest.raises(TeamFileError) as caught:
        load_sources(coach_home)
    assert caught.value.message == (
        f"{path} is not a valid team list (5 problems):\n"
        "  team.toml: line 15, sorce: unknown key 'sorce'; did you mean 'source'?\n"
        "  team.toml: line 1, source[0]: expected either remote or path, one of the two\n"
        "  team.toml: line 7, source[1].nme: unknown key 'nme'; did you mean 'name'?\n"
        "  team.toml: line 6, source[1].name: expected the source's name (text)\n"
        "  team.toml: line 13, source[2].added: expected a date (2026-12-02)"
    )
    path.write_text('[[source]\nname = "West"\n', "utf-8")
    with pytest.raises(TeamFileError, match="line 1"):
        load_sources(coach_home)
    path.write_text(
        '[[source]]\nname = "West"\npath = "/x"\n[[source]]\nname = "west"\npath = "/y"\n', "utf-8"
    )
    with pytest.raises(TeamFileError, match=r"line 5, source\[1\]\.name: a second source named"):
        load_sources(coach_home)


def test_what_looks_like_a_remote() -> None:
    for remote in (
        "https://github.com/acme/team.git",
        "ssh://git@host/team",
        "git@host:acme/t",
        "file:///srv/team",
        "/srv/team.git",
    ):
        assert looks_like_remote(remote), remote
    for path in ("/mnt/team", "team", "C:/team", "./a:b/c"):
        assert not looks_like_remote(path), path


@needs_git
def test_a_remote_is_cloned_fetched_and_its_copy_deleted_on_remove(
    coach_home: Home, tmp_path: Path
) -> None:
    bare, work = team_remote(tmp_path)
    source, folders = add_source(coach_home, "West", str(bare), TODAY)
    assert source.remote == str(bare) and source.path is None
    assert [f.name for f in folders] == ["jo-park", "morgan-lee", "sam-rivera"]
    copy = cache_folder(coach_home, "West")
    assert copy == coach_home.root / ".cache" / "team" / "west"
    write_publication(work, "new-manager", manager='name = "New Manager"\n')
    git("add", "-A", cwd=work)
    git("commit", "-q", "-m", "another manager", cwd=work)
    git("push", "-q", "origin", "HEAD:main", cwd=work)
    warnings: list[str] = []
    refresh(coach_home, load_sources(coach_home), warnings)
    assert warnings == []
    assert (copy / "managers" / "new-manager" / "manager.toml").is_file()
    remove_source(coach_home, "West")
    assert not copy.exists()


@needs_git
def test_a_remote_whose_head_names_another_branch_is_read_from_main(
    coach_home: Home, tmp_path: Path
) -> None:
    """`git init --bare` may name ``master`` as HEAD while coach sync pushes ``main``: the
    publications are read from ``main`` all the same, at the add and at each fetch."""
    bare, work = tmp_path / "team.git", tmp_path / "work"
    git("init", "--bare", "-q", "-b", "master", str(bare), cwd=tmp_path)
    git("clone", "-q", str(bare), str(work), cwd=tmp_path)
    team_corpus(work)
    git("add", "-A", cwd=work)
    git("commit", "-q", "-m", "publish", cwd=work)
    git("push", "-q", "origin", "HEAD:main", cwd=work)
    _, folders = add_source(coach_home, "West", str(bare), TODAY)
    assert [f.name for f in folders] == ["jo-park", "morgan-lee", "sam-rivera"]
    write_publication(work, "new-manager", manager='name = "New Manager"\n')
    git("add", "-A", cwd=work)
    git("commit", "-q", "-m", "another manager", cwd=work)
    git("push", "-q", "origin", "HEAD:main", cwd=work)
    warnings: list[str] = []
    refresh(coach_home, load_sources(coach_home), warnings)
    assert warnings == []
    assert (cache_folder(coach_home, "West") / "managers" / "new-manager").is_dir()


@needs_git
def test_an_empty_remote_is_added_with_no_manager_yet(coach_home: Home, tmp_path: Path) -> None:
    git("init", "--bare", "-q", str(tmp_path / "empty.git"), cwd=tmp_path)
    source, folders = add_source(coach_home, "East", str(tmp_path / "empty.git"), TODAY)
    assert folders == []
    warnings: list[str] = []
    refresh(coach_home, [source], warnings)
    assert warnings == []


@needs_git
def test_offline_the_copy_fetched_before_is_read_with_a_warning(
    coach_home: Home, tmp_path: Path
) -> None:
    bare, _ = team_remote(tmp_path)
    add_source(coach_home, "West", str(bare), TODAY)
    shutil.rmtree(bare)  # the remote cannot be reached any more
    warnings: list[str] = []
    refresh(coach_home, load_sources(coach_home), warnings)
    assert len(warnings) == 1
    assert warnings[0].startswith(f"West: {bare} is not a git repository that can be read")
    assert warnings[0].endswith("Showing the copy fetched before.")
    assert (cache_folder(coach_home, "West") / "managers" / "morgan-lee").is_dir()


@needs_git
def test_a_remote_that_cannot_be_cloned_is_not_added(coach_home: Home, tmp_path: Path) -> None:
    with pytest.raises(CoachError, match="is not a git repository that can be read") as caught:
        add_source(coach_home, "West", str(tmp_path / "gone.git"), TODAY)
    assert "git ls-remote" in (caught.value.hint or "")
    assert load_sources(coach_home) == []


def test_git_missing_is_said_plainly(
    coach_home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    with pytest.raises(CoachError, match="git is not installed") as caught:
        add_source(coach_home, "West", "https://example.com/acme/team.git", TODAY)
    assert "give a folder" in (caught.value.hint or "")
    assert load_sources(coach_home) == []


@pytest.mark.parametrize(
    ("stderr", "said"),
    [
        ("fatal: unable to access 'https://h/t.git/': Could not resolve host: h", "offline?"),
        (
            "ssh: connect to host h port 22: Network is unreachable\nfatal: Could not read from "
            "remote repository.",
            "offline?",
        ),
        (
            "remote: Invalid username or password.\nfatal: Authentication failed for 'https://h/'",
            "refused access",
        ),
        (
            "git@h: Permission denied (publickey).\nfatal: Could not read from remote repository.",
            "refused access",
        ),
        (
            "fatal: could not read Username for 'https://h': terminal prompts disabled",
            "refused access",
        ),
        (
            "remote: Repository not found.\nfatal: repository 'https://h/t.git/' not found",
            "not a git repository that can be read",
        ),
        ("fatal: something else entirely", "git failed on"),
    ],
)
def test_gits_failures_are_told_apart(stderr: str, said: str) -> None:
    assert said in _git_error(stderr, "https://h/t.git").message
