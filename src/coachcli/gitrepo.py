"""The user's own ``git``, run as a subprocess: the commands `coach sync` needs, each failure a
clear :class:`~coachcli.errors.CoachError`.

No git library: the ``git`` a person already has knows their credentials,
SSH keys and proxies. Every call runs with ``LC_ALL=C`` (so git's messages
can be told apart), no terminal prompt (``GIT_TERMINAL_PROMPT=0``, SSH in
batch mode unless the user chose an SSH command: a sync after a session must
never hang on a password prompt) and umask 077, so whatever git writes into
the home is the owner's only, as every file coach writes (:mod:`coachcli.fsys`).

A failure is read from git's exit code and its standard error: git missing,
not a repository, no remote, authentication refused, the remote unreachable
and a push the remote refused are each their own message with a hint saying
what to do; anything else names the git command and git's last line.
Standard library only.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from coachcli.errors import CoachError

TIMEOUT = 300
"""Seconds a git command may take (a first push of years of notes over a slow link)."""
UNCHANGED = "Your notes here are unchanged."

_AUTH = (
    "authentication failed",
    "permission denied (publickey",
    "could not read username",
    "could not read password",
    "terminal prompts disabled",
    "invalid username or password",
    "http basic: access denied",
    "the requested url returned error: 401",
    "the requested url returned error: 403",
    "host key verification failed",
)
_OFFLINE = (
    "could not resolve host",
    "could not resolve hostname",
    "connection refused",
    "connection timed out",
    "operation timed out",
    "network is unreachable",
    "no route to host",
    "failed to connect",
    "could not read from remote repository",
    "does not appear to be a git repository",
    "unable to access",
    "repository not found",
    "no such file or directory",
)
_REFUSED = ("[rejected]", "[remote rejected]", "pre-receive hook declined", "hook declined")


@dataclass(frozen=True)
class Ran:
    """What one git command gave back."""

    code: int
    out: str
    err: str


class GitError(CoachError):
    """A git command failed in a way a person can act on; ``kind`` says which."""

    def __init__(self, kind: str, message: str, hint: str | None = None) -> None:
        super().__init__(message, hint)
        self.kind = kind


def git_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment every git command runs in (see the module's docstring)."""
    env = dict(os.environ)
    env.update({"LC_ALL": "C", "LANGUAGE": "C", "GIT_TERMINAL_PROMPT": "0"})
    env.setdefault("GIT_EDITOR", "true")  # a rebase or merge never opens an editor
    if "GIT_SSH_COMMAND" not in env and "GIT_SSH" not in env:
        env["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes"
    env.update(extra or {})
    return env


class Repo:
    """A git working copy at ``root`` (which may not be a repository yet)."""

    def __init__(self, root: Path, remote_hint: str = "") -> None:
        self.root = root
        self.remote_hint = remote_hint
        """How the command that sets the remote up is typed, for the hints."""

    def run(self, *args: str, check: bool = True, stdin: bytes | None = None) -> Ran:
        """Run ``git ARGS`` in the working copy; a GitError when it fails and ``check``."""
        done = self._call(args, stdin)
        ran = Ran(
            done.returncode,
            done.stdout.decode("utf-8", "replace"),
            done.stderr.decode("utf-8", "replace"),
        )
        if check and ran.code != 0:
            raise self.failure(args, ran)
        return ran

    def raw(self, *args: str) -> bytes:
        """The standard output of ``git ARGS`` as bytes (a file's content); GitError on failure."""
        done = self._call(args, None)
        if done.returncode != 0:
            err = done.stderr.decode("utf-8", "replace")
            raise self.failure(args, Ran(done.returncode, "", err))
        return done.stdout

    def _call(self, args: Sequence[str], stdin: bytes | None) -> subprocess.CompletedProcess[bytes]:
        if not self.root.is_dir():
            raise GitError(
                "not-a-repository", f"{self.root} is not a folder.", hint=self.remote_hint or None
            )
        try:
            return subprocess.run(
                ["git", *args], cwd=self.root, env=git_env(), input=stdin,
                capture_output=True, timeout=TIMEOUT, umask=0o077, check=False,
            )  # fmt: skip
        except FileNotFoundError:
            raise GitError(
                "missing",
                "git is not installed (or not on your PATH): coach sync runs your own git.",
                hint="Install git (https://git-scm.com/downloads), then run the command again. "
                + UNCHANGED,
            ) from None
        except subprocess.TimeoutExpired:
            raise GitError(
                "offline",
                f"git {args[0]} did not finish within {TIMEOUT // 60} minutes.",
                hint="Check your network and the remote, then run coach sync again. " + UNCHANGED,
            ) from None

    def out(self, *args: str) -> str:
        """The standard output of ``git ARGS``, stripped."""
        return self.run(*args).out.strip()

    def ok(self, *args: str) -> bool:
        """Whether ``git ARGS`` succeeds (a question, not a change)."""
        return self.run(*args, check=False).code == 0

    def is_repository(self) -> bool:
        """Whether the root is the top of a git working copy (not a folder inside another)."""
        return (self.root / ".git").exists()

    def remote_url(self, name: str = "origin") -> str | None:
        ran = self.run("remote", "get-url", name, check=False)
        return ran.out.strip() if ran.code == 0 else None

    def failure(self, args: Sequence[str], ran: Ran) -> GitError:
        """The GitError that git's exit code and standard error describe."""
        return classify(args, ran, self.root, self.remote_hint)


def classify(args: Sequence[str], ran: Ran, root: Path, remote_hint: str = "") -> GitError:
    """Tell git's failures apart by its (C locale) standard error; see the module docstring."""
    said = ran.err.lower()
    lines = [line.strip() for line in ran.err.splitlines() if line.strip()]
    last = lines[-1] if lines else f"exit status {ran.code}"
    command = f"git {args[0]}" if args else "git"
    setup = remote_hint or "coach sync init REMOTE --backup"
    if "not a git repository" in said:
        return GitError(
            "not-a-repository",
            f"{root} is not set up for sync (it is not a git repository).",
            hint=f"Set it up with: {setup}",
        )
    if "no such remote" in said or "no configured push destination" in said:
        return GitError(
            "no-remote", f"{root} has no remote to sync with.", hint=f"Add one with: {setup}"
        )
    if any(word in said for word in _REFUSED):
        why = [line.removeprefix("remote:").strip() for line in lines if line.startswith("remote:")]
        because = f": {'; '.join(w for w in why if w)}" if any(why) else ""
        fetch_first = "fetch first" in said or "non-fast-forward" in said
        return GitError(
            "behind" if fetch_first else "refused",
            f"The remote refused the push{because}.",
            hint=(
                "Someone pushed meanwhile: run coach sync again."
                if fetch_first
                else "Check that you may push to this remote (its rules, your access). "
            )
            + " Your notes are committed here and will be pushed next time.",
        )
    if any(word in said for word in _AUTH):
        return GitError(
            "auth",
            f"The remote refused your credentials ({last}).",
            hint="Check that your git can reach it on its own (git -C "
            f"{root} fetch asks your credential helper or SSH agent). " + UNCHANGED,
        )
    if any(word in said for word in _OFFLINE):
        return GitError(
            "offline",
            f"The remote cannot be reached ({last}).",
            hint="Check your network and the remote's address (git -C "
            f"{root} remote -v), then run coach sync again. " + UNCHANGED,
        )
    return GitError("git", f"{command} failed: {last}", hint=UNCHANGED)


def needs_git() -> None:
    """Raise the GitError for a missing git unless ``git`` runs."""
    Repo(Path.cwd()).run("--version")
