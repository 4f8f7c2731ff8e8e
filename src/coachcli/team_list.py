"""The publications a sales leader reads: ``<home>/team.toml``, and local copies of git remotes.

Each entry is a name and either a folder holding ``managers/<slug>/`` (a
shared drive, a clone kept by hand) or a git remote, cloned into
``<home>/.cache/team/<name>/`` (a cache: deleted, it is cloned again; never
synced) and fetched before each `coach team`. Git is the user's own ``git``
command, run with no terminal prompt: missing, offline, refused or no such
repository each give a clear :class:`CoachError`, and a fetch that fails
falls back to the copy already fetched, with a warning.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

from coachcli.errors import CoachError, did_you_mean
from coachcli.fsys import atomic_write, ensure_dir
from coachcli.home import Home
from coachcli.layout import slugify
from coachcli.team_files import BRANCH, MANAGERS_DIR
from coachcli.tomlfile import Problem, TomlFileError, load_toml

TEAM_FILE: Final = "team.toml"
CACHE_DIR: Final = (".cache", "team")
"""Under the home; `coach sync` leaves ``.cache/`` out of what it commits."""
GIT_TIMEOUT: Final = 120
"""Seconds a clone or fetch may take before it counts as offline."""
_KEYS: Final = ("name", "remote", "path", "added")
_OFFLINE = (
    "could not resolve",
    "unable to access",
    "network is unreachable",
    "timed out",
    "connection refused",
    "no route to host",
    "could not connect",
)
_REFUSED = (
    "authentication failed",
    "permission denied",
    "could not read username",
    "access denied",
    "403",
    "401",
)
_MISSING = ("not found", "does not appear to be a git repository", "does not exist", "no such file")


class TeamFileError(TomlFileError):
    what = "team list"
    hint_text = "Fix the file, or remove it and add the sources again with `coach team add`."


@dataclass(frozen=True)
class Source:
    """One entry of the team list: a folder, or a git remote and its local copy."""

    name: str
    remote: str | None = None
    path: Path | None = None
    added: date | None = None

    @property
    def where(self) -> str:
        """The remote or folder, as given."""
        return self.remote if self.remote is not None else str(self.path)

    def folder(self, home: Home) -> Path:
        """Where its ``managers/`` folder is read from."""
        return self.path if self.path is not None else cache_folder(home, self.name)

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "remote": self.remote,
            "path": str(self.path) if self.path is not None else None,
            "added": self.added.isoformat() if self.added else None,
        }


def team_file(home: Home) -> Path:
    return home.root / TEAM_FILE


def cache_folder(home: Home, name: str) -> Path:
    return home.root.joinpath(*CACHE_DIR, slugify(name))


def load_sources(home: Home) -> list[Source]:
    """The team list, in the order added; [] without a file. TeamFileError names file and line."""
    path = team_file(home)
    if not path.exists():
        return []
    source, data = load_toml(path, TeamFileError)
    from coachcli.tomlpos import key_lines, line_of

    lines = key_lines(source)
    problems: list[Problem] = []
    for key in data:
        if key != "source":
            close = did_you_mean(key, ["source"])
            hint = f"; did you mean {close!r}?" if close else "; expected [[source]] tables"
            problems.append(Problem(f"unknown key {key!r}{hint}", key, line_of(lines, (key,))))
    entries = data.get("source", [])
    if not isinstance(entries, list):
        entries = []
        problems.append(Problem("expected [[source]] tables", "source", lines.get(("source",))))
    found: list[Source] = []
    for index, entry in enumerate(entries):
        at: tuple[str | int, ...] = ("source", index)
        said = _source(entry, at, lines, problems)
        if said is None:
            continue
        if any(s.name.casefold() == said.name.casefold() for s in found):
            problems.append(
                Problem(
                    f"a second source named {said.name!r}",
                    f"source[{index}].name",
                    line_of(lines, (*at, "name")),
                )
            )
            continue
        found.append(said)
    if problems:
        raise TeamFileError(path, problems)
    return found


def _source(
    entry: object,
    at: tuple[str | int, ...],
    lines: dict[tuple[str | int, ...], int],
    problems: list[Problem],
) -> Source | None:
    from coachcli.tomlfile import format_key
    from coachcli.tomlpos import line_of

    def problem(message: str, key: str | None = None) -> None:
        path = (*at, key) if key else at
        problems.append(Problem(message, format_key(path), line_of(lines, path)))

    if not isinstance(entry, dict):
        problem("expected a table with name and remote or path")
        return None
    before = len(problems)
    for key in entry:
        if key not in _KEYS:
            close = did_you_mean(key, _KEYS)
            problem(f"unknown key {key!r}" + (f"; did you mean {close!r}?" if close else ""), key)
    name, remote, path, added = (entry.get(k) for k in _KEYS)
    if not isinstance(name, str) or not name.strip():
        problem("expected the source's name (text)", "name")
    if (remote is None) == (path is None):
        problem("expected either remote or path, one of the two")
    for key, value in (("remote", remote), ("path", path)):
        if value is not None and (not isinstance(value, str) or not value.strip()):
            problem("expected text", key)
    if added is not None and not isinstance(added, date):
        problem("expected a date (2026-12-02)", "added")
    if len(problems) > before:
        return None
    assert isinstance(name, str)
    return Source(
        name.strip(),
        remote=remote,
        path=Path(path).expanduser() if isinstance(path, str) else None,
        added=added if isinstance(added, date) else None,
    )


def _save(home: Home, sources: list[Source]) -> None:
    out = ["# The team publications `coach team` reads: coach team add / remove.", ""]
    for s in sources:
        out.append("[[source]]")
        out.append(f"name = {json.dumps(s.name, ensure_ascii=False)}")
        key = "remote" if s.remote is not None else "path"
        out.append(f"{key} = {json.dumps(s.where, ensure_ascii=False)}")
        if s.added is not None:
            out.append(f"added = {s.added.isoformat()}")
        out.append("")
    atomic_write(team_file(home), "\n".join(out))


def find_source(sources: list[Source], name: str) -> Source:
    for source in sources:
        if source.name.casefold() == name.strip().casefold():
            return source
    close = did_you_mean(name, [s.name for s in sources])
    raise CoachError(
        f"No team source is named {name!r}." + (f" Did you mean {close!r}?" if close else ""),
        hint="`coach team list` shows them.",
    )


def looks_like_remote(text: str) -> bool:
    """A URL (``https://``, ``ssh://``, ``file://``), scp-like ``user@host:path``, or ``*.git``."""
    if "://" in text:
        return True
    head, colon, _ = text.partition(":")
    scp_like = bool(colon) and "@" in head and "/" not in head
    return scp_like or text.rstrip("/").endswith(".git")


def add_source(home: Home, name: str, where: str, today: date) -> tuple[Source, list[Path]]:
    """Add ``where`` under ``name``; a remote is cloned first. The source and its manager
    folders (which may be none yet: nothing published)."""
    from coachcli.team_files import manager_folders

    name = name.strip()
    if not name:
        raise CoachError("Give the source a name.", hint='e.g. coach team add West "/mnt/team"')
    sources = load_sources(home)
    for taken in sources:
        if taken.name.casefold() == name.casefold():
            raise CoachError(
                f"There is already a team source named {taken.name!r} ({taken.where}).",
                hint=f"Choose another name, or `coach team remove {taken.name}` first.",
            )
    folder = Path(where).expanduser()
    if folder.is_dir() and (folder / MANAGERS_DIR).is_dir():
        source = Source(name, path=folder.resolve(), added=today)
    elif looks_like_remote(where) or _is_git_dir(folder):
        source = Source(name, remote=where, added=today)
        clone(where, cache_folder(home, name))
    elif folder.is_dir() and folder.name == MANAGERS_DIR:
        raise CoachError(
            f"{folder} is the managers/ folder itself.",
            hint=f"Give the folder that holds it: coach team add {name} {folder.parent}",
        )
    elif folder.is_dir():
        raise CoachError(
            f"{folder} holds no {MANAGERS_DIR}/ folder: it is not a team publication.",
            hint="Give the folder of the team remote (with managers/<name>/ in it), "
            "or the git remote itself.",
        )
    else:
        raise CoachError(
            f"{where} is neither a folder nor a git remote.",
            hint="Give a folder holding managers/, or a remote such as "
            "git@github.com:acme/sales-team.git",
        )
    _save(home, [*sources, source])
    return source, manager_folders(source.folder(home))


def remove_source(home: Home, name: str) -> Source:
    """Take ``name`` off the list, and delete the local copy of its remote."""
    import shutil

    sources = load_sources(home)
    gone = find_source(sources, name)
    _save(home, [s for s in sources if s is not gone])
    if gone.remote is not None:
        shutil.rmtree(cache_folder(home, gone.name), ignore_errors=True)
    return gone


def refresh(home: Home, sources: list[Source], warnings: list[str]) -> None:
    """Fetch each remote into its copy; a failure is a warning and the copy as it was is read."""
    for source in sources:
        if source.remote is None:
            continue
        copy = cache_folder(home, source.name)
        try:
            if (copy / ".git").is_dir():
                fetch(copy)
            else:
                clone(source.remote, copy)
        except CoachError as exc:
            shown = "the copy fetched before" if (copy / ".git").is_dir() else "nothing"
            warnings.append(f"{source.name}: {exc.message} Showing {shown}.")


# --------------------------------------------------------------------------- git


def _is_git_dir(folder: Path) -> bool:
    return (folder / "HEAD").is_file() and (folder / "objects").is_dir()


def _git(*args: str, remote: str) -> str:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
    try:
        done = subprocess.run(
            ["git", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=GIT_TIMEOUT,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise CoachError(
            "git is not installed: a team remote is read with git.",
            hint="Install git (https://git-scm.com), or give a folder that holds the "
            "publications instead.",
        ) from None
    except subprocess.TimeoutExpired:
        raise CoachError(
            f"{remote} did not answer in {GIT_TIMEOUT} seconds (offline?).",
            hint="Check the network and try again.",
        ) from None
    if done.returncode != 0:
        raise _git_error(done.stderr, remote)
    return done.stdout


def _git_error(stderr: str, remote: str) -> CoachError:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    low = " ".join(lines).lower()
    told = [line for line in lines if line.lower().startswith(("fatal:", "remote:", "ssh:"))]
    said = " ".join(told or lines[-1:])
    if any(word in low for word in _OFFLINE):
        return CoachError(
            f"{remote} cannot be reached (offline?): {said}",
            hint="Check the network and try again.",
        )
    if any(word in low for word in _REFUSED):
        return CoachError(
            f"{remote} refused access: {said}",
            hint="Check that your git credentials (SSH key or token) can read this "
            "repository: `git ls-remote REMOTE` should list it.",
        )
    if any(word in low for word in _MISSING):
        return CoachError(
            f"{remote} is not a git repository that can be read: {said}",
            hint="Check the address (`git ls-remote REMOTE`).",
        )
    return CoachError(f"git failed on {remote}: {said}")


def clone(remote: str, copy: Path) -> None:
    """A shallow clone of ``remote`` into ``copy`` (replacing a broken one)."""
    import shutil

    if copy.exists():
        shutil.rmtree(copy)
    ensure_dir(copy.parent)
    _git("clone", "--quiet", "--depth", "1", "--", remote, str(copy), remote=remote)
    fetch(copy)  # the branch coach publishes on, whatever the remote's HEAD names


def fetch(copy: Path) -> None:
    """The remote's newest publication into ``copy``: the branch `coach sync` pushes
    (``main``), else the one the remote's HEAD names (a bare remote made by ``git init
    --bare`` may name ``master``, which nobody pushed); an empty remote leaves it as it is."""
    remote = _git("-C", str(copy), "remote", "get-url", "origin", remote=str(copy)).strip()
    for ref in (BRANCH, "HEAD"):
        try:
            _git("-C", str(copy), "fetch", "--quiet", "--depth", "1", "origin", ref,
                 remote=remote)  # fmt: skip
        except CoachError as exc:
            if "couldn't find remote ref" in exc.message.lower():
                continue  # not this one; nothing published yet if neither
            raise
        _git("-C", str(copy), "reset", "--quiet", "--hard", "FETCH_HEAD", remote=remote)
        return
