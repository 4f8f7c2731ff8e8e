"""`coach sync`'s work: the data home as a git repository, committed, pulled and pushed.

``coach sync init REMOTE --backup`` makes the home a git working copy of the
manager's own remote (or joins a remote that already holds a home: cloned into
an empty home, merged into one with notes, nothing lost). ``coach sync`` then
commits what changed (a message naming the sessions), replays the commits on
the remote's (:mod:`coachcli.sync_merge`: normal use never conflicts, a real
conflict keeps both versions), pushes, regenerates the reps' pages and, with a
team remote set up, publishes there (:mod:`coachcli.team_sync`).

Never synced (``.gitignore``, written once and the person's to extend): drafts,
locks, temporary files, the scratch folder, migration backups, conflict copies
and the team clone. The reps' pages are generated from the notes, so they stay
out of the repository too, through ``.git/info/exclude`` (each page's own path:
a rep folder may hold the manager's own Markdown files, which are synced), and
are written again after every pull: two machines never conflict on them. A rep
folder the pull emptied (a rep renamed on another machine) goes when only
coach's own files are left in it (:mod:`coachcli.sync_leftovers`). The
index and the checked caches live outside the home and notice changed files by
their signatures, so a pull needs nothing else.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from coachcli.errors import CoachError
from coachcli.fsys import TEMP_SUFFIX, atomic_write, sync_lock
from coachcli.gitrepo import GitError, Repo
from coachcli.home import Home
from coachcli.layout import CONFLICT_MARK, DRAFT_FILE, LOCK_FILE, is_note_name
from coachcli.sync_merge import ConflictStop, keep_theirs, rebase_onto, unresolved

BRANCH = "main"
SETUP = "coach sync init REMOTE --backup"
IGNORED = (
    "# coach sync: never synced (drafts, locks, temporary files, what coach rebuilds)",
    f"{DRAFT_FILE}",
    f"{DRAFT_FILE}.unreadable-*",
    f"{LOCK_FILE}",
    f".*{TEMP_SUFFIX}",
    "/.scratch/",
    "/.team/",
    "/.cache/",
    "/backup-*/",
    f"*{CONFLICT_MARK}*",
    "",
)
ATTRIBUTES = (
    "# coach sync: status changes of old (format-1) notes are appended on each machine",
    "reps/*/actions.toml merge=union",
    "",
)
_PAGES_BEGIN = "# coach: the reps' pages (generated, rewritten after every pull)"
_PAGES_END = "# coach: end of the reps' pages"


@dataclass(frozen=True)
class SyncResult:
    """What one ``coach sync`` did."""

    committed: str | None
    pulled: int
    pushed: bool
    notes: list[str] = field(default_factory=list)
    team: str | None = None


@dataclass(frozen=True)
class InitResult:
    """What ``coach sync init`` did."""

    root: Path
    remote: str
    joined: bool
    notes: list[str] = field(default_factory=list)
    """What the manager should know: a file both sides held differently, kept beside it."""
    new_key: str = ""
    """With --encrypt and no key yet: the key made, ``PATH (public key age1…)``."""


def repo_of(home: Home) -> Repo:
    return Repo(home.root, remote_hint=SETUP)


def init_backup(
    home: Home, remote: str, today: date, encrypt: bool = False, identity: Path | None = None
) -> InitResult:
    """Make the home a working copy of ``remote`` (joining what it already holds); push."""
    with sync_lock(home):  # no session writes while the remote's notes come in
        return _init_backup(home, remote, today, encrypt, identity)


def _init_backup(
    home: Home, remote: str, today: date, encrypt: bool, identity: Path | None
) -> InitResult:
    repo = repo_of(home)
    if repo.is_repository():
        current = repo.remote_url()
        if current == remote:
            raise CoachError(
                f"{home.root} already syncs with {remote}.", hint="Run coach sync to sync now."
            )
        if current is not None:
            raise CoachError(
                f"{home.root} already syncs with {current}.",
                hint="To move to another remote: "
                f"git -C {home.root} remote set-url origin {remote}",
            )
    else:
        repo.run("init", "-q")
        repo.run("symbolic-ref", "HEAD", f"refs/heads/{BRANCH}")
    notes: list[str] = []
    new_key = ""
    if encrypt:  # before the first checkout of the remote's files: they come in decrypted
        new_key = _encrypt(home, identity)
    repo.run("remote", "add", "origin", remote)
    try:
        repo.run("fetch", "-q", "origin")
        if encrypt:  # a key that does not open the backup stops here, before any checkout
            from coachcli.crypt_filter import check_key

            heads = repo.out("for-each-ref", "--format=%(refname)", "refs/remotes/origin")
            for ref in heads.split():
                check_key(home.root, backup_key(home, identity), ref)
    except (GitError, CoachError):
        repo.run("remote", "remove", "origin", check=False)  # so the same command can run again
        raise
    _identity(home, repo)
    branch = _remote_branch(repo)
    if branch is not None and branch != _branch(repo):
        repo.run("symbolic-ref", "HEAD", f"refs/heads/{branch}")
    upstream = f"origin/{_branch(repo)}"
    joined = repo.ok("rev-parse", "--verify", "-q", upstream)
    for name in (".gitignore", ".gitattributes") if joined else ():
        if not (home.root / name).exists() and repo.ok("cat-file", "-e", f"{upstream}:{name}"):
            repo.run("checkout", "-q", upstream, "--", name)  # the remote's, as its owner left them
    _write_ignores(home)
    if joined and not _has_commits(repo) and not _own_files(repo):
        repo.run("reset", "-q", upstream)  # an empty home: take the remote's history as it is
        repo.run("checkout", "-q", "--", ".")
    else:
        _commit(home, repo)
        if joined:
            notes.extend(_join(repo, upstream, today))
    if _has_commits(repo) and (not joined or repo.out("rev-list", f"{upstream}..HEAD")):
        repo.run("push", "-q", "-u", "origin", f"HEAD:refs/heads/{_branch(repo)}")
    if _has_commits(repo):
        repo.run("branch", "-q", "--set-upstream-to", upstream, check=False)
    notes.extend(refresh_pages(home))
    return InitResult(home.root, remote, joined, notes, new_key)


def _has_commits(repo: Repo) -> bool:
    return repo.ok("rev-parse", "-q", "--verify", "HEAD")


def _own_files(repo: Repo) -> list[str]:
    """The files of this home git would commit, but the ignore files coach writes."""
    listed = repo.run("ls-files", "-z", "--others", "--exclude-standard").out.split("\0")
    return [path for path in listed if path and path not in (".gitignore", ".gitattributes")]


def _identity(home: Home, repo: Repo) -> None:
    """A name and email for commits when the user's git has none (kept in this repository)."""
    if repo.run("config", "user.email", check=False).code != 0:
        repo.run("config", "user.email", "coach@localhost")
    if repo.run("config", "user.name", check=False).code != 0:
        from coachcli.config import load_config

        repo.run("config", "user.name", load_config(home, []).manager_name or "coach")


def backup_key(home: Home, identity: Path | None) -> Path:
    """The key an encrypted backup uses: the one given (a second computer), else coach's default
    place, always outside the home (:func:`coachcli.crypt_filter.default_key_path`)."""
    from coachcli import crypt_filter

    return identity.expanduser() if identity else crypt_filter.default_key_path(home)


def _encrypt(home: Home, identity: Path | None) -> str:
    """Install the encryption filter (:mod:`coachcli.crypt_filter`), with a new key if needed.

    Installed before the remote's files are checked out, so a second computer
    joining an encrypted backup with its key gets them decrypted."""
    from coachcli import crypt_filter

    key = backup_key(home, identity)
    made = ""
    if not key.exists():
        if identity is not None:
            raise CoachError(
                f"No backup key at {key}.",
                hint=f"Copy the key from the computer that set up the backup. {home.root} is "
                "unchanged.",
            )
        made = f"{key} (public key {crypt_filter.new_identity(key)})"
    crypt_filter.install(home.root, key)
    return made


def _join(repo: Repo, upstream: str, today: date) -> list[str]:
    """Merge the remote's home into this one; a file both hold differently keeps both."""
    ran = repo.run("merge", "-q", "--allow-unrelated-histories", "--no-edit", upstream, check=False)
    if ran.code == 0:
        return []
    stuck = repo.run("diff", "--name-only", "--diff-filter=U", "-z").out.split("\0")
    kept = []
    for path in filter(None, stuck):
        repo.run("checkout", "-q", "--ours", "--", path, check=False)
        repo.run("add", "--", path)
        kept.append(keep_theirs(repo, upstream, path, today))
    repo.run("commit", "-q", "--no-edit")
    return [f"{c.path}: the remote's version is beside it as {Path(c.copy).name}"
            for c in kept if c.copy]  # fmt: skip


def sync(home: Home, today: date) -> SyncResult:
    """Commit, pull (rebase), push; regenerate the reps' pages; publish to the team remote."""
    repo = repo_of(home)
    if not repo.is_repository():
        raise CoachError(
            f"{home.root} is not set up for sync yet.", hint=f"Set it up with: {SETUP}"
        )
    with sync_lock(home):  # no session writes while this commits, pulls and pushes
        return _sync(home, repo, today)


def _sync(home: Home, repo: Repo, today: date) -> SyncResult:
    left = unresolved(repo)
    if left:
        raise ConflictStop(home.root, left, again=True)
    _write_ignores(home)
    _identity(home, repo)
    committed = _commit(home, repo)
    if repo.remote_url() is None:
        raise GitError(
            "no-remote", f"{home.root} has no remote to sync with.", hint=f"Add one with: {SETUP}"
        )
    branch = _branch(repo)
    before = repo.out("rev-parse", "HEAD") if repo.ok("rev-parse", "-q", "--verify", "HEAD") else ""
    repo.run("fetch", "-q", "origin")
    upstream = f"origin/{branch}"
    notes: list[str] = []
    pulled = 0
    if repo.ok("rev-parse", "--verify", "-q", upstream):
        pulled = len(repo.out("rev-list", f"HEAD..{upstream}").split())
        if before:
            notes.extend(rebase_onto(repo, upstream, today))
        else:
            repo.run("reset", "-q", upstream)
            repo.run("checkout", "-q", "--", ".")
    pushed = False
    if before and (not repo.ok("rev-parse", "--verify", "-q", upstream)
                   or repo.out("rev-list", f"{upstream}..HEAD")):  # fmt: skip
        repo.run("push", "-q", "origin", f"HEAD:refs/heads/{branch}")
        pushed = True
    from coachcli.sync_leftovers import clear_emptied

    notes.extend(clear_emptied(home, repo))  # a rep renamed elsewhere leaves no ghost folder here
    if pulled:
        notes.extend(refresh_pages(home))
    _prune_cache(home)
    team = None
    from coachcli.team_sync import is_set_up, publish

    if is_set_up(home):
        try:
            team = publish(home, today)
        except CoachError as exc:
            raise CoachError(
                f"Your notes are synced, but the team remote was not: {exc.message}", exc.hint
            ) from None
    return SyncResult(committed, pulled, pushed, notes, team)


def _prune_cache(home: Home) -> None:
    """The encryption cache's old versions dropped (:func:`coachcli.crypt_filter.prune_cache`):
    housekeeping, so a failure is no error; the next sync tries again."""
    from coachcli import crypt_filter

    with contextlib.suppress(CoachError, OSError):
        crypt_filter.prune_cache(home.root)


def auto_sync(home: Home, today: date) -> tuple[SyncResult | None, str | None]:
    """After a finished session: sync when ``sync.auto`` is on; a failure is a warning.

    The session is already saved when this runs; nothing here can lose it.
    """
    from coachcli.settings import load_settings

    if load_settings(home, []).sync.get("auto") is not True:
        return None, None
    try:
        return sync(home, today), None
    except CoachError as exc:
        return None, f"The session is saved, but coach sync failed: {exc}"


@dataclass(frozen=True)
class SyncStatus:
    """What the next ``coach sync`` would commit, and where it would go."""

    root: Path
    remote: str | None
    team: str | None
    changes: list[tuple[str, str]]
    ahead: int
    conflicts: list[str]
    renamed: list[str] = field(default_factory=list)
    """The reps renamed since the last sync: ``Alex Kim renamed Alex Kim-Lee (3 notes moved)``
    (:func:`coachcli.sync_message.rep_moves`, as the commit message says it)."""


def status(home: Home) -> SyncStatus:
    """The changes not yet committed, the remotes, the commits not yet pushed."""
    repo = repo_of(home)
    if not repo.is_repository():
        raise CoachError(
            f"{home.root} is not set up for sync yet.", hint=f"Set it up with: {SETUP}"
        )
    _write_ignores(home)
    from coachcli.reps import list_reps
    from coachcli.sync_message import rep_moves

    found = []
    fields = iter(repo.run("status", "--porcelain", "-z", "--untracked-files=all").out.split("\0"))
    for entry in fields:
        if len(entry) > 3:
            code = entry[:2].strip()[:1]
            before = next(fields, "") if code in "RC" else entry[3:]  # "R  new\0old"
            found.append(
                ("A" if code in "?A" else code if code in "DRC" else "M", before, entry[3:])
            )
    moved = rep_moves(repo, found, {rep.slug: rep for rep in list_reps(home).reps})
    words = {"A": "new", "C": "new", "D": "deleted"}
    changes = [(words.get(code, "changed"), path) for code, path in moved.rest]
    upstream = f"origin/{_branch(repo)}"
    ahead = 0
    if repo.ok("rev-parse", "--verify", "-q", upstream) and repo.ok(
        "rev-parse", "-q", "--verify", "HEAD"
    ):
        ahead = len(repo.out("rev-list", f"{upstream}..HEAD").split())
    elif repo.ok("rev-parse", "-q", "--verify", "HEAD"):
        ahead = len(repo.out("rev-list", "HEAD").split())
    from coachcli.team_sync import team_remote

    return SyncStatus(home.root, repo.remote_url(), team_remote(home), changes, ahead,
                      [c.path for c in unresolved(repo)], moved.said)  # fmt: skip


def _branch(repo: Repo) -> str:
    ran = repo.run("symbolic-ref", "-q", "--short", "HEAD", check=False)
    return ran.out.strip() or BRANCH


def _remote_branch(repo: Repo) -> str | None:
    """The branch the remote's HEAD names, when it holds any."""
    ran = repo.run("ls-remote", "--symref", "origin", "HEAD")
    for line in ran.out.splitlines():
        if line.startswith("ref: refs/heads/") and line.endswith("\tHEAD"):
            return line[len("ref: refs/heads/") : -len("\tHEAD")]
    return None


def _write_ignores(home: Home) -> None:
    """``.gitignore`` and ``.gitattributes`` when missing; the reps' pages in the local exclude."""
    for name, lines in ((".gitignore", IGNORED), (".gitattributes", ATTRIBUTES)):
        if not (home.root / name).exists():
            atomic_write(home.root / name, "\n".join(lines))
    exclude = home.root / ".git" / "info" / "exclude"
    try:
        text = exclude.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    mine = text.split(_PAGES_BEGIN)[0].rstrip("\n")
    pages = sorted(_ignore_line(p.relative_to(home.root).as_posix()) for p in _pages(home))
    new = "\n".join(filter(None, [mine, _PAGES_BEGIN, *pages, _PAGES_END])) + "\n"
    if new != text:
        atomic_write(exclude, new)


def _pages(home: Home) -> list[Path]:
    """The reps' pages coach wrote (a Markdown file in a rep folder that is not a note)."""
    from coachcli.reppage import is_coach_page

    found = []
    for path in sorted(home.reps_dir.glob("*/*.md")) if home.reps_dir.is_dir() else []:
        if is_note_name(path.name) or CONFLICT_MARK in path.name:
            continue
        try:
            if path.stat().st_size < 1 << 20 and is_coach_page(path.read_text(encoding="utf-8")):
                found.append(path)
        except (OSError, UnicodeDecodeError):
            continue
    return found


def _ignore_line(path: str) -> str:
    """``path`` as a gitignore pattern matching that one file."""
    escaped = "".join("\\" + c if c in "\\*?[" else c for c in path)
    if escaped.endswith(" "):
        escaped = escaped[:-1] + "\\ "
    return "/" + escaped


def refresh_pages(home: Home) -> list[str]:
    """Write every rep's page again (after a pull brought notes); the problems, as lines."""
    from coachcli.reppage import write_page
    from coachcli.reps import list_reps

    problems = []
    for rep in list_reps(home).reps:
        try:
            write_page(home, rep)
        except CoachError as exc:
            problems.append(f"{rep.name}'s page was not updated: {exc.message}")
    _write_ignores(home)
    return problems


def _commit(home: Home, repo: Repo) -> str | None:
    """Commit everything not ignored; the message's first line, or None when nothing changed."""
    repo.run("add", "-A")
    if repo.ok("rev-parse", "-q", "--verify", "HEAD") and repo.ok("diff", "--cached", "--quiet"):
        return None
    if not repo.run("diff", "--cached", "--name-only").out.strip():
        return None
    from coachcli.sync_message import commit_message

    message = commit_message(home, repo)
    repo.run("commit", "-q", "--no-verify", "-m", message)
    return message.partition("\n")[0]  # what is said: the first line
