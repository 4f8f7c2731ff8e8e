"""Encryption at rest for the manager's own backup: the git filter, and the calls that set it up.

``coach sync init REMOTE --backup --encrypt`` calls :func:`new_identity` (a key,
outside the home) and :func:`install` (the filter, in this repository only);
joining an existing encrypted backup on another computer calls :func:`unlock`
with the key the manager copied there. Before anything is pushed the manager
reads :func:`key_warning`. After each sync, :func:`prune_cache` drops the
cache entries of versions git no longer holds. docs/sync-encryption.md
explains it all.

git runs this module itself (``python -m coachcli.crypt_filter``):

- ``process``: git's long-running filter process protocol (version 2, pkt-line,
  capabilities clean and smudge), one Python for a whole ``git add`` or checkout;
- ``textconv FILE``: a blob as plain text, so ``git diff`` and ``git log -p`` read;
- ``merge O A B L P``: git's merge driver: the three versions decrypted, merged by
  ``git merge-file`` (conflict markers in plain text), encrypted again into A.

This module is an entry point, like ``__main__``: it binds git's pipes to the
protocol and writes what goes wrong to stderr, which git shows the person. The
work is in :mod:`coachcli.crypt_process` (the protocol, the merge driver),
:mod:`coachcli.crypt_cache` (clean and smudge), :mod:`coachcli.crypt_key` and
:mod:`coachcli.crypt_repo`.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from coachcli import pktline
from coachcli.crypt_cache import Sealer
from coachcli.crypt_key import (
    default_key_path,
    key_warning,
    load_key,
    new_identity,
    recipient,
)
from coachcli.crypt_process import merge, serve
from coachcli.crypt_repo import check_key, find_git_dir, install, prune_cache, unlock
from coachcli.errors import CoachError
from coachcli.fsys import is_encrypted

__all__ = [
    "check_key",
    "default_key_path",
    "install",
    "key_warning",
    "main",
    "new_identity",
    "prune_cache",
    "recipient",
    "unlock",
]


def main(argv: list[str] | None = None) -> int:
    """``python -m coachcli.crypt_filter process|textconv|merge --identity KEY ...``"""
    parser = argparse.ArgumentParser(prog="python -m coachcli.crypt_filter")
    parser.add_argument("command", choices=("process", "textconv", "merge"))
    parser.add_argument("--identity", type=Path, required=True)
    parser.add_argument("files", nargs="*")
    args = parser.parse_intermixed_args(argv)
    try:
        if args.command == "process":

            def open_sealer() -> Sealer:
                return Sealer(load_key(args.identity), find_git_dir(Path.cwd()))

            serve(sys.stdin.buffer, sys.stdout.buffer, open_sealer, _report)
            return 0
        if args.command == "textconv":
            data = Path(args.files[0]).read_bytes()
            if is_encrypted(data):
                data = load_key(args.identity).decrypt(data, args.files[0])
            sys.stdout.buffer.write(data)
            return 0
        base, ours, theirs, markers, path = args.files  # %O %A %B %L %P
        sealer = Sealer(load_key(args.identity), find_git_dir(Path.cwd()))
        conflicts = merge(sealer, Path(ours), Path(base), Path(theirs), int(markers), path)
        return 1 if conflicts else 0
    except CoachError as exc:
        _report(str(exc))
        return 1
    except (OSError, pktline.PacketError) as exc:
        _report(f"the coach-crypt filter stopped: {exc}")
        return 1


def _report(message: str) -> None:
    with contextlib.suppress(OSError):
        sys.stderr.write(f"coach: {message}\n")
        sys.stderr.flush()


if __name__ == "__main__":
    sys.exit(main())
