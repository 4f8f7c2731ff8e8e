"""What was checked once, kept beside the index while the files it came from are unchanged.

**The frameworks.**
`history`, `reps`, `balance` and `brief` need only a few facts of each usable
framework (its kind, planned minutes by kind, each rating's and metric's name
and unit, each metric's target); finding them means reading and validating
every framework file, which costs more than the command itself. The facts
are kept as JSON beside the index, with the signature of every file they
were read from (built-in and the user's frameworks, feedback and stage libraries,
and the coachcli version): any change to those files, a file added or
removed, or a cache that cannot be read means reading the files again.
**The settings** (:mod:`coachcli.settings`): ``config.toml`` checked, with
the warnings its mistakes give, while the file is the same. (Rep profiles
keep their own entries, one per folder: :mod:`coachcli.reps`.)

Like the index, each file here may be deleted at any time. Standard library only.
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
FORMAT = 2


def cache_path(home: Home, name: str = FILE_NAME) -> Path:
    """Beside the home's index, in the platform's cache folder."""
    from coachcli.home import cache_dir

    return cache_dir(home) / name


RACY_NS = 2_000_000_000
"""A file changed less than this long ago may change again within its time stamp's tick,
keeping its size: what was read from it is not kept (the index does the same)."""


def settled(mtime_ns: int) -> bool:
    """Whether a file last changed at ``mtime_ns`` may be trusted by its signature."""
    import time

    return time.time_ns() - mtime_ns > RACY_NS


def all_settled(expected: list[Any]) -> bool:
    """Whether every file in a signature (``[name, mtime_ns, size, inode]`` or
    ``[mtime_ns, size, inode]`` entries, at any depth) is settled."""
    stamps = expected[1:] if expected and isinstance(expected[0], str) else expected
    if len(stamps) == 3 and all(type(v) is int for v in stamps):
        return settled(stamps[0])
    return all(all_settled(v) for v in expected if isinstance(v, list))


def file_signature(path: Path) -> list[int]:
    """A file's time, size and inode; [] when it does not exist."""
    try:
        st = path.stat()
    except OSError:
        return []
    return [st.st_mtime_ns, st.st_size, st.st_ino]


def signature(home: Home) -> list[Any]:
    """What the facts depend on: each framework or library file's name, size, time and inode."""
    folders = [builtin_dir(), builtin_dir() / "feedback", builtin_dir() / "stages",
               home.frameworks_dir, home.frameworks_dir / "feedback",
               home.frameworks_dir / "stages"]  # fmt: skip
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


def load(home: Home, expected: list[Any], name: str = FILE_NAME) -> dict[str, Any] | None:
    """The cached facts when their signature is ``expected``; None otherwise (read the files)."""
    try:
        data = json.loads(cache_path(home, name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("signature") != expected:
        return None
    facts = data.get("facts")
    return facts if isinstance(facts, dict) else None


def store(home: Home, expected: list[Any], facts: dict[str, Any], name: str = FILE_NAME) -> None:
    """Keep ``facts`` for next time; a cache that cannot be written is no error. Not kept when
    a file of the signature changed a moment ago (:data:`RACY_NS`)."""
    if not all_settled(expected):
        return
    try:
        data = json.dumps({"signature": expected, "facts": facts}, ensure_ascii=False)
        atomic_write(cache_path(home, name), data)
    except Exception:  # the cache is an optimisation: never a reason to fail a command
        return
