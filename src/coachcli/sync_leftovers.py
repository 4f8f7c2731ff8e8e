"""Rep folders another machine emptied: removed after a sync when only coach's own files are left.

A rep renamed on another machine (or removed there) reaches this one as git
moving or deleting the files it tracks: the notes, the profile, the manager's
own files. git leaves what it never tracked: the lock file, the rep's page
(generated, never synced: :mod:`coachcli.sync`), temporary files of atomic
writes, empty folders. A folder left with only those would list as a rep of
its own (a folder without a profile still is one: :mod:`coachcli.reps`), a
ghost with no notes, so it is removed.

Only a folder that once held synced files (git's history says so) and holds
none now is looked at, so a folder made by hand and never synced is left
alone. Anything else in it keeps the whole folder, and is reported: a draft
of an unfinished session (with the way to finish it under the rep's new
name), a session in progress (it holds the rep's lock), a file coach did not
write (ignored by the manager's own ``.gitignore``), a conflict copy, a draft
that could not be read.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from coachcli.errors import CoachError
from coachcli.fsys import TEMP_SUFFIX, rep_lock
from coachcli.gitrepo import Repo
from coachcli.home import Home
from coachcli.layout import CONFLICT_MARK, DRAFT_FILE, LOCK_FILE, is_note_name, is_slug
from coachcli.wording import start_command

_PAGE_MAX = 1 << 20
"""A rep's page is far smaller; a larger ``.md`` file is not read to tell."""


def clear_emptied(home: Home, repo: Repo) -> list[str]:
    """Remove the rep folders the synced history emptied that hold only coach's own files;
    one line per folder kept, saying what keeps it and what to do."""
    told = []
    for slug in _emptied(home, repo):
        said = _clear(home, home.reps_dir / slug)
        if said:
            told.append(said)
    return told


def _emptied(home: Home, repo: Repo) -> list[str]:
    """The rep folders on disk with no file git tracks now, but files it tracked once."""
    try:
        on_disk = sorted(
            entry.name for entry in os.scandir(home.reps_dir)
            if is_slug(entry.name) and entry.is_dir(follow_symlinks=False)
        )  # fmt: skip
    except OSError:
        return []
    if not on_disk or not repo.ok("rev-parse", "-q", "--verify", "HEAD"):
        return []
    listed = repo.run("ls-tree", "-z", "--name-only", "HEAD", "reps/").out.split("\0")
    tracked = {path.removeprefix("reps/") for path in listed if path}
    untracked = [slug for slug in on_disk if slug not in tracked]
    return [
        slug for slug in untracked if repo.out("log", "-1", "--format=%H", "--", f"reps/{slug}")
    ]


def _clear(home: Home, folder: Path) -> str:
    """Empty and remove ``folder`` if only coach's own files are in it; else what keeps it."""
    where = f"reps/{folder.name}"
    try:
        # a session here holds it (though coach sync does not run beside one): nothing is touched
        with rep_lock(folder, "this rep", sync_held=True):
            mine, others = _sorted_out(folder)  # the lock swept stale temporary files
            if not others:
                _remove(folder, mine)
    except CoachError as exc:
        said = exc.message.replace("Another session", "a session", 1)
        return (
            f"{where} is kept: {said} The rep's notes and profile left it with the sync (renamed "
            "or removed on another machine): pause the session (/pause), then run coach sync "
            "again, which says how to finish it under the rep's name now."
        )
    if others:
        return _kept(home, folder, others)
    with contextlib.suppress(OSError):
        folder.rmdir()  # fails, and keeps the folder, if something came in meanwhile
    return ""


def _remove(folder: Path, mine: list[Path]) -> None:
    """Remove coach's files in ``folder``, its lock and its empty folders (the lock is held)."""
    for path in [*mine, folder / LOCK_FILE]:
        with contextlib.suppress(OSError):
            path.unlink()
    for sub in sorted(_empty_folders(folder), key=lambda p: -len(p.parts)):
        with contextlib.suppress(OSError):
            sub.rmdir()


def _sorted_out(folder: Path) -> tuple[list[Path], list[str]]:
    """The files in ``folder`` coach wrote and may remove (the rep's page; the lock file and
    empty folders go too), and the names of everything else (which keeps the folder)."""
    mine: list[Path] = []
    others: list[str] = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        path = Path(entry.path)
        if entry.name == LOCK_FILE and entry.is_file(follow_symlinks=False):
            continue
        if entry.is_dir(follow_symlinks=False):
            if not _holds_files(path):
                continue  # removed with the folder
        elif entry.is_file(follow_symlinks=False):
            name = entry.name
            if name.startswith(".") and name.endswith(TEMP_SUFFIX):
                others.append(name)  # younger than the lock's sweep removes: a write in flight
                continue
            if _is_page(path):
                mine.append(path)
                continue
        others.append(entry.name + ("/" if entry.is_dir(follow_symlinks=False) else ""))
    return mine, others


def _is_page(path: Path) -> bool:
    """Whether ``path`` is the rep's page coach generates (never synced, written again)."""
    from coachcli.reppage import is_coach_page

    name = path.name
    if not name.endswith(".md") or is_note_name(name) or CONFLICT_MARK in name:
        return False
    try:
        return path.stat().st_size < _PAGE_MAX and is_coach_page(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError):
        return False


def _holds_files(folder: Path) -> bool:
    """Whether anything but folders is under ``folder`` (a link counts as a file)."""
    for root, dirs, files in os.walk(folder):
        if files or any((Path(root) / d).is_symlink() for d in dirs):
            return True
    return False


def _empty_folders(folder: Path) -> list[Path]:
    """Every folder under ``folder`` (each one holds no file: :func:`_holds_files`)."""
    return [Path(root) / d for root, dirs, _files in os.walk(folder) for d in dirs]


def _kept(home: Home, folder: Path, others: list[str]) -> str:
    where = f"reps/{folder.name}"
    left = (
        "the rep's notes and profile left it with the sync (renamed or removed on another machine)"
    )
    if DRAFT_FILE not in others:
        shown = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
        return (
            f"{where} is kept for what coach did not write there ({shown}): {left}. Move or "
            "delete those files, and the next coach sync removes the folder."
        )
    name, new = _draft_rep(home, folder)
    target = (
        f"into {new[1]}/ and run {start_command(new[0])}"
        if new
        else (
            "into the rep's new folder (coach reps lists them) and run coach start with their name"
        )
    )
    return (
        f"{where}/{DRAFT_FILE} is kept: an unfinished session"
        + (f" with {name}" if name else "")
        + f" started on this machine, but {left}. To finish it, move {DRAFT_FILE} {target}; "
        "if you do not want it, delete it. The next coach sync then removes the folder."
    )


def _draft_rep(home: Home, folder: Path) -> tuple[str, tuple[str, str] | None]:
    """The rep's name the draft holds, and (their name now, their folder) when one rep had it."""
    from coachcli.names import name_key
    from coachcli.reps import list_reps

    try:
        data = json.loads((folder / DRAFT_FILE).read_text(encoding="utf-8"))
        name = str(data["rep"]) if isinstance(data, dict) and "rep" in data else ""
    except (OSError, ValueError):
        return "", None
    key = name_key(name)
    now = [
        rep for rep in list_reps(home).reps
        if rep.slug != folder.name and any(name_key(n) == key for n in rep.former_names)
    ]  # fmt: skip
    return name, ((now[0].name, f"reps/{now[0].slug}") if len(now) == 1 else None)
