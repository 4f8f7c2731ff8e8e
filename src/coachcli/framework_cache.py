"""What the read commands need of the frameworks, cached by the framework files' signatures.

`history`, `reps`, `balance` and `brief` need only a few facts of each usable
framework (its kind, planned minutes by kind, each rating's and metric's name
and unit, each metric's target); finding them means reading and validating
every framework file, which costs more than the command itself. The facts
are kept as JSON beside the index, with the signature of every file they
were read from (built-in and the user's frameworks and feedback libraries,
and the coachcli version): any change to those files, a file added or
removed, or a cache that cannot be read means reading the files again.
Like the index it may be deleted at any time. Standard library only.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from coachcli import __version__
from coachcli.fsys import atomic_write
from coachcli.home import Home, builtin_dir

FILE_NAME = "frameworks.json"
FORMAT = 1


def cache_path(home: Home) -> Path:
    """Beside the home's index, in the platform's cache folder."""
    from coachcli.index import index_path

    return index_path(home).parent / FILE_NAME


def signature(home: Home) -> list[Any]:
    """What the facts depend on: each framework or library file's name, size, time and inode."""
    folders = [builtin_dir(), builtin_dir() / "feedback", home.frameworks_dir,
               home.frameworks_dir / "feedback"]  # fmt: skip
    found: list[Any] = [FORMAT, __version__]
    for folder in folders:
        try:
            entries = sorted(
                [e.name, e.stat().st_mtime_ns, e.stat().st_size, e.inode()]
                for e in os.scandir(folder)
                if e.name.endswith(".toml")
            )
        except OSError:
            entries = []
        found.append([str(folder), entries])
    return found


def load(home: Home, expected: list[Any]) -> dict[str, Any] | None:
    """The cached facts when their signature is ``expected``; None otherwise (read the files)."""
    try:
        data = json.loads(cache_path(home).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("signature") != expected:
        return None
    facts = data.get("facts")
    return facts if isinstance(facts, dict) else None


def store(home: Home, expected: list[Any], facts: dict[str, Any]) -> None:
    """Keep ``facts`` for next time; a cache that cannot be written is no error."""
    try:
        atomic_write(cache_path(home), json.dumps({"signature": expected, "facts": facts}))
    except Exception:  # the cache is an optimisation: never a reason to fail a command
        return
