"""`coach sync` and the home's writers kept apart: the locks held by a real second process.

A session (or `coach actions done`, `coach rep rename`, an import) holds the
home's lock shared; `coach sync` holds it alone (docs/sync.md, "While a
session is open"). Each test holds a lock in another Python process, as a
second terminal would, and reads what the manager is told.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from coachcli import fsys
from coachcli.answers import start_from_file
from coachcli.home import Home
from coachcli.reps import add_rep

from . import helpers
from .helpers import Run

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "grow-answers.toml"
HAS_GIT = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
HOLDER = r"""
import sys
from pathlib import Path

from coachcli import fsys
from coachcli.home import Home

kind, root = sys.argv[1], Path(sys.argv[2])
if kind == "sync":
    lock = fsys.sync_lock(Home(root))
elif kind == "writing":
    lock = fsys.home_writing(root)
else:
    lock = fsys.rep_lock(root / "reps" / kind, sys.argv[3])
with lock:
    print("held", flush=True)
    sys.stdin.read()  # until the test lets go
"""
WAITING = "Waiting for coach sync to finish…\n"
SYNC_RUNNING = "coach sync is running in {root} ({holder}).\n" + (
    "Wait for it to finish, then run the command again; nothing was changed.\n"
)


@pytest.fixture(autouse=True)
def wide(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages on one line each; git with none of the person's settings; short waits."""
    monkeypatch.setenv("COLUMNS", "400")
    helpers.own_git(tmp_path, monkeypatch)
    monkeypatch.setattr(fsys, "SYNC_WAIT", 0.3)
    monkeypatch.setattr(fsys, "WRITERS_WAIT", 0.3)


@contextlib.contextmanager
def held(*args: str) -> Iterator[subprocess.Popen[str]]:
    """A second process holding a lock (``sync``, ``writing``, or a rep's slug and name)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, *args],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stdin is not None and proc.stdout is not None
    try:
        assert proc.stdout.readline() == "held\n"
        yield proc
    finally:
        with contextlib.suppress(OSError):
            proc.stdin.close()
        proc.wait(30)
        proc.stdout.close()


def holder(lock: Path, proc: subprocess.Popen[str]) -> str:
    """What a lock file says of its holder, checked to name that process."""
    said = lock.read_text(encoding="utf-8").splitlines()[0]
    assert said.startswith(f"pid {proc.pid}, started 20")
    return said


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


def session(home: Home, rep: str, day: str) -> Path:
    outcome = start_from_file(home, rep, EXAMPLE, "grow", day=day)
    assert outcome.note is not None
    return outcome.note


@pytest.fixture
def synced(coach: Run, coach_home: Home, tmp_path: Path) -> Path:
    """A home with one session, synced to a bare remote; the remote's path."""
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    session(coach_home, "Alex Kim", "2026-11-10")
    coach("sync", "init", str(remote), "--backup")
    return remote


@HAS_GIT
def test_sync_refuses_while_a_session_is_open_and_takes_it_after(
    coach: Run, coach_home: Home, synced: Path
) -> None:
    note = session(coach_home, "Alex Kim", "2026-11-17")
    commits = git(coach_home.root, "rev-list", "--all")
    with held("alex-kim", str(coach_home.root), "Alex Kim") as proc:
        said = holder(coach_home.reps_dir / "alex-kim" / ".lock", proc)
        refused = coach("sync", code=1)
        assert refused.stderr == (
            f"Error: A session with Alex Kim ({said}) is in progress: coach sync does not pull "
            "under an open session.\n"
            "Finish or pause it (/pause keeps a session for later), then run coach sync again. "
            "Nothing was committed, pulled or pushed.\n"
        )
        assert refused.stdout == ""
        assert git(coach_home.root, "rev-list", "--all") == commits  # nothing committed
        assert git(synced, "rev-list", "--all") == commits  # nothing pushed
        assert "?? reps/alex-kim/2026-11-17-grow.md" in git(coach_home.root, "status", "-s")
    assert coach("sync").stdout == "Committed: 1 session: Alex Kim (grow, 2026-11-17)\nPushed.\n"
    assert git(coach_home.root, "show", "HEAD:reps/alex-kim/2026-11-17-grow.md") == (
        note.read_text(encoding="utf-8")
    )
    # the home's own lock is kept out of git like the reps' locks
    assert (coach_home.root / ".lock").is_file()
    assert ".lock" not in git(coach_home.root, "ls-files").split()
    git(coach_home.root, "check-ignore", "-q", ".lock")
    assert coach("sync", "status").stdout.endswith("Nothing to commit.\n")


@HAS_GIT
def test_every_session_in_progress_is_named(coach: Run, coach_home: Home, synced: Path) -> None:
    add_rep(coach_home, "Dana Fox")
    alex, dana = (coach_home.reps_dir / slug / ".lock" for slug in ("alex-kim", "dana-fox"))
    with (
        held("alex-kim", str(coach_home.root), "Alex Kim") as one,
        held("dana-fox", str(coach_home.root), "Dana Fox") as two,
    ):
        refused = coach("sync", code=1)
        assert refused.stderr.splitlines() == [
            f"Error: Sessions with Alex Kim ({holder(alex, one)}) and Dana Fox "
            f"({holder(dana, two)}) are in progress: coach sync does not pull under an open "
            "session.",
            "Finish or pause them (/pause keeps a session for later), then run coach sync again. "
            "Nothing was committed, pulled or pushed.",
        ]


@HAS_GIT
def test_a_killed_session_leaves_no_lock_that_stops_a_sync(
    coach: Run, coach_home: Home, synced: Path
) -> None:
    session(coach_home, "Alex Kim", "2026-11-17")
    with held("alex-kim", str(coach_home.root), "Alex Kim") as proc:
        proc.kill()
        proc.wait(30)
        assert "Committed: 1 session" in coach("sync").stdout


@HAS_GIT
def test_sync_waits_a_moment_for_a_writer_that_ends(
    coach: Run, coach_home: Home, synced: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fsys, "WRITERS_WAIT", 20.0)
    session(coach_home, "Alex Kim", "2026-11-17")
    with held("alex-kim", str(coach_home.root), "Alex Kim") as proc:
        assert proc.stdin is not None
        threading.Timer(0.3, proc.stdin.close).start()  # `coach actions done` ends
        assert "Committed: 1 session" in coach("sync").stdout


@HAS_GIT
def test_a_second_sync_and_another_writer_are_told_apart(
    coach: Run, coach_home: Home, synced: Path
) -> None:
    root = coach_home.root
    with held("sync", str(root)) as proc:
        assert coach("sync", code=1).stderr == (
            f"Error: coach sync is already running in {root} ({holder(root / '.lock', proc)}).\n"
            "Wait for it to finish; it syncs what this one would have.\n"
        )
    with held("writing", str(root)):
        assert coach("sync", code=1).stderr == (
            f"Error: Another coach command is writing in {root} (an import, or a new rep).\n"
            "Wait for it to finish, then run coach sync again. Nothing was committed, pulled "
            "or pushed.\n"
        )


@HAS_GIT
def test_auto_sync_after_a_session_warns_while_another_is_open(
    coach: Run, coach_home: Home, synced: Path
) -> None:
    coach("config", "set", "sync.auto", "true")
    add_rep(coach_home, "Dana Fox")
    with held("dana-fox", str(coach_home.root), "Dana Fox"):
        said = coach("start", "Alex Kim", "--answers", str(EXAMPLE), "-f", "grow", "--date",
                     "2026-11-17")  # fmt: skip
    assert said.stderr.startswith(
        "Warning: The session is saved, but coach sync failed: A session with Dana Fox (pid "
    )
    assert (coach_home.reps_dir / "alex-kim" / "2026-11-17-grow.md").is_file()


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".lock"
    }  # fmt: skip


def _export(tmp_path: Path) -> Path:
    path = tmp_path / "win-rates.csv"
    path.write_text("Rep,Win Rate %\nAlex Kim,28%\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "command",
    [
        ("start", "Alex Kim", "--answers", str(EXAMPLE), "-f", "grow", "--date", "2026-11-17"),
        ("start", "Dana Fox", "--answers", str(EXAMPLE), "-f", "grow"),
        ("actions", "done", "{action}"),
        ("rep", "rename", "Alex Kim", "Alex Kim-Lee"),
        ("import", "metrics", "{export}"),
        ("migrate",),
        ("rep", "add", "Dana Fox"),
        ("rep", "edit", "Alex Kim", "--cadence", "14"),
        ("config", "set", "cadence_days", "14"),
        ("config", "unset", "default_framework"),
    ],
    ids=(
        "start start-new-rep actions-done rep-rename import migrate rep-add rep-edit config-set "
        "config-unset"
    ).split(),
)
def test_writers_refuse_while_a_sync_runs_and_change_nothing(
    coach: Run, coach_home: Home, tmp_path: Path, command: tuple[str, ...]
) -> None:
    note = session(coach_home, "Alex Kim", "2026-11-10")
    coach("config", "set", "default_framework", "grow")
    action = note.read_text(encoding="utf-8").rpartition("^")[2].strip()
    draft = coach_home.reps_dir / "alex-kim" / "draft.json"
    draft.write_text('{"kept": "an unfinished session"}', encoding="utf-8")
    args = [a.format(action=action, export=_export(tmp_path)) for a in command]
    before = _tree(coach_home.root)
    with held("sync", str(coach_home.root)) as proc:
        refused = coach(*args, code=1)
        said = holder(coach_home.root / ".lock", proc)
    assert refused.stderr == WAITING + "Error: " + SYNC_RUNNING.format(
        root=coach_home.root, holder=said
    )
    assert _tree(coach_home.root) == before  # the draft and the notes as they were


def test_a_session_waits_for_a_sync_that_ends_and_says_so(
    coach: Run, coach_home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fsys, "SYNC_WAIT", 20.0)
    with held("sync", str(coach_home.root)) as proc:
        assert proc.stdin is not None
        threading.Timer(0.3, proc.stdin.close).start()
        waited = coach("start", "Alex Kim", "--answers", str(EXAMPLE), "-f", "grow", "--yes")
    assert waited.stderr == WAITING  # on stderr, once: stdout is the session's as ever
    assert waited.stdout.startswith("\nSaved ")
    assert len(helpers.notes_in(coach_home.reps_dir)) == 1
    again = coach("start", "Alex Kim", "--answers", str(EXAMPLE), "-f", "grow", "--yes")
    assert again.stderr == ""  # no sync running: no wait, nothing said


def test_a_settings_change_waits_for_a_sync_that_ends(
    coach: Run, coach_home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`coach config set` holds the home's lock too: it waits for the sync, then writes."""
    monkeypatch.setattr(fsys, "SYNC_WAIT", 20.0)
    with held("sync", str(coach_home.root)) as proc:
        assert proc.stdin is not None
        threading.Timer(0.5, proc.stdin.close).start()
        done = coach("config", "set", "cadence_days", "14")
    assert (done.stdout, done.stderr) == ("cadence_days = 14\n", WAITING)
    assert "cadence_days = 14" in coach_home.config_file.read_text(encoding="utf-8")


def test_a_wait_is_told_only_when_there_is_one(
    coach: Run,
    coach_home: Home,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The library calls whoever the command line named (it never prints); the command line
    names it for its own run only."""
    told: list[str] = []
    put_back = fsys.tell_when_waiting(lambda: told.append("waiting"))
    try:
        with fsys.home_writing(coach_home.root):
            assert told == []  # no sync: nothing to wait for
        monkeypatch.setattr(fsys, "SYNC_WAIT", 20.0)
        with held("sync", str(coach_home.root)) as proc:
            assert proc.stdin is not None
            threading.Timer(0.3, proc.stdin.close).start()
            with fsys.home_writing(coach_home.root):
                assert told == ["waiting"]
    finally:
        put_back()
    coach("config", "set", "cadence_days", "14")
    capsys.readouterr()
    with held("sync", str(coach_home.root)) as proc:
        assert proc.stdin is not None
        threading.Timer(0.3, proc.stdin.close).start()
        with fsys.home_writing(coach_home.root):
            pass  # told to nobody: the command above put its line away when it ended
    assert told == ["waiting"]
    assert capsys.readouterr().err == ""


PEEK = r"""
import fcntl, os, sys, time

fd = os.open(sys.argv[1], os.O_RDONLY)
fcntl.flock(fd, fcntl.LOCK_SH)
print("held", flush=True)
time.sleep(0.1)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_a_sync_looking_for_sessions_does_not_turn_one_away(
    coach_home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`coach sync` glances at each rep's lock (a shared flock for an instant) to name the
    sessions in progress; a session starting at that instant waits the glance out."""
    monkeypatch.setattr(fsys, "_GLANCE", 10.0)  # a loaded machine: the glance may last
    folder = coach_home.reps_dir / "alex-kim"
    with fsys.rep_lock(folder, "Alex Kim"):
        pass
    peek = subprocess.Popen(
        [sys.executable, "-c", PEEK, str(folder / ".lock")], stdout=subprocess.PIPE, text=True
    )
    assert peek.stdout is not None
    assert peek.stdout.readline() == "held\n"
    with fsys.rep_lock(folder, "Alex Kim"):
        lines = (folder / ".lock").read_text(encoding="utf-8").splitlines()
    peek.wait(30)
    peek.stdout.close()
    assert lines[1] == "Alex Kim"  # the name coach sync shows
