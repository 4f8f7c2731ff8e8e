"""The team remote's transport: a second clone inside the home (``<home>/.team/``, never
synced itself) into which each sync writes this manager's publication.

The layout is pinned (docs/sync.md, "What the team remote holds"): every manager
writes only under ``managers/<slug>/``, so managers never conflict with each
other. What goes there is :func:`coachcli.team_publish.published_files` (shared
parts and per-session aggregates, never a private answer); this module only
moves it: the clone is brought to the remote's state (it holds nothing of the
manager's own: the publication is made again from the notes each time), this
manager's folder is written and its stale files removed, other managers' folders
are left as the remote has them, and the change is committed and pushed. A push
the remote turns away because another manager pushed meanwhile is tried again.
"""

from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path, PurePosixPath

from coachcli.errors import CoachError
from coachcli.fsys import atomic_write, ensure_dir
from coachcli.gitrepo import GitError, Repo
from coachcli.home import Home
from coachcli.team_files import BRANCH, MANAGERS_DIR
from coachcli.wording import plural

FOLDER = ".team"
ATTEMPTS = 3
"""Pushes tried when other managers keep pushing in between."""


def team_root(home: Home) -> Path:
    return home.root / FOLDER


def _repo(home: Home) -> Repo:
    return Repo(team_root(home), remote_hint="coach sync init REMOTE --team --as NAME")


def is_set_up(home: Home) -> bool:
    return (team_root(home) / ".git").exists()


def team_remote(home: Home) -> str | None:
    """The team remote's address, when one is set up."""
    return _repo(home).remote_url() if is_set_up(home) else None


def init_team(home: Home, remote: str, name: str) -> Path:
    """Clone ``remote`` into ``<home>/.team`` and keep ``name`` as the publishing manager's."""
    from coachcli.config import set_value

    if not name.strip():
        raise CoachError(
            "The team remote needs your name, as your leader should see it.",
            hint='Add --as "Your Name" (or set it once: coach config set manager_name NAME).',
        )
    root = team_root(home)
    if is_set_up(home):
        current = team_remote(home)
        if current != remote:
            raise CoachError(
                f"{home.root} already publishes to the team remote {current}.",
                hint=f"To publish elsewhere, remove {root} and run this again.",
            )
    else:
        ensure_dir(home.root)
        if root.exists() and any(root.iterdir()):
            raise CoachError(f"{root} exists and is not a team clone.", hint="Move it away first.")
        Repo(home.root).run("clone", "-q", "--", remote, str(root))
        repo = _repo(home)
        if not repo.ok("rev-parse", "-q", "--verify", "HEAD"):
            repo.run("symbolic-ref", "HEAD", f"refs/heads/{BRANCH}")
    set_value(home, "sync.name", name.strip())
    return root


def slug_of(name: str) -> str:
    from coachcli.team_files import manager_slug

    return manager_slug(name)


def publish(home: Home, today: date) -> str:
    """Write this manager's publication into the team clone, commit and push; what was done."""
    from coachcli.config import load_config

    name = load_config(home, []).sync.name
    if not name:
        raise CoachError(
            "The team remote does not know your name.",
            hint='Set it: coach config set sync.name "Your Name"',
        )
    from coachcli import team_publish

    slug = slug_of(name)
    mine = team_root(home) / MANAGERS_DIR / slug
    previous = {  # as last published: unchanged notes keep its day, so nothing is committed
        p.relative_to(mine).as_posix(): p.read_bytes() for p in mine.rglob("*") if p.is_file()
    } if mine.is_dir() else {}  # fmt: skip
    found = team_publish.publication(home, name, today, previous)
    said = write_publication(home, found.slug, found.files, name, today)
    unread = f"; {plural(len(found.warnings), 'note')} could not be read" if found.warnings else ""
    return said + unread


def write_publication(
    home: Home, slug: str, files: dict[str, bytes], name: str, today: date
) -> str:
    """Bring the clone to the remote's state, replace ``managers/<slug>/`` with ``files``, push."""
    repo = _repo(home)
    if repo.remote_url() is None:
        raise GitError("no-remote", f"{team_root(home)} has no team remote.",
                       hint="coach sync init REMOTE --team --as NAME")  # fmt: skip
    checked = {_checked(path): data for path, data in files.items()}
    branch = repo.run("symbolic-ref", "-q", "--short", "HEAD", check=False).out.strip() or BRANCH
    for attempt in range(ATTEMPTS):
        repo.run("fetch", "-q", "origin")
        upstream = f"origin/{branch}"
        if repo.ok("rev-parse", "--verify", "-q", upstream):
            repo.run("reset", "-q", "--hard", upstream)
        _replace_folder(team_root(home) / MANAGERS_DIR / slug, checked)
        folder = f"{MANAGERS_DIR}/{slug}"
        repo.run("add", "-A", "--", folder)
        if repo.ok("diff", "--cached", "--quiet"):
            return f"team remote: {name}'s publication unchanged"
        _identity(repo, name)
        repo.run("commit", "-q", "--no-verify", "-m", f"{name}: publication of {today.isoformat()}")
        try:
            repo.run("push", "-q", "origin", f"HEAD:refs/heads/{branch}")
        except GitError as exc:
            if exc.kind == "behind" and attempt + 1 < ATTEMPTS:
                continue  # another manager pushed in between: start again from theirs
            raise
        return f"team remote: {name}'s publication pushed ({len(checked)} files)"
    raise CoachError(
        "The team remote kept changing while publishing.", hint="Run coach sync again."
    )


def _checked(path: str) -> PurePosixPath:
    """A publication's path, relative and inside the manager's folder (a bug must not escape)."""
    where = PurePosixPath(path)
    if where.is_absolute() or not where.parts or any(p in ("", ".", "..") for p in where.parts) \
            or "\\" in path or where.parts[0] == ".git":  # fmt: skip
        raise CoachError(f"The team publication holds a path outside its folder: {path!r}.")
    return where


def _replace_folder(folder: Path, files: dict[PurePosixPath, bytes]) -> None:
    """Make ``folder`` hold exactly ``files``: written when different, others removed."""
    wanted = {folder.joinpath(*path.parts) for path in files}
    if folder.is_dir():
        for old in sorted(folder.rglob("*"), reverse=True):
            if old.is_file() and old not in wanted:
                old.unlink()
            elif old.is_dir() and not any(old.iterdir()):
                with contextlib.suppress(OSError):
                    old.rmdir()
    for path, data in files.items():
        target = folder.joinpath(*path.parts)
        if not target.is_file() or target.read_bytes() != data:
            atomic_write(target, data)


def _identity(repo: Repo, name: str) -> None:
    if repo.run("config", "user.email", check=False).code != 0:
        repo.run("config", "user.email", "coach@localhost")
    if repo.run("config", "user.name", check=False).code != 0:
        repo.run("config", "user.name", name)
