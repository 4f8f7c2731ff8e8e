"""Create a new framework file in the user's folder: a skeleton or a copy."""

from __future__ import annotations

import re
from pathlib import Path

from coachcli.errors import CoachError
from coachcli.home import Home
from coachcli.loader import discover, feedback_library, load_file

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SKELETON = Path(__file__).with_name("data") / "skeleton.toml"


def new_framework(home: Home, framework_id: str, copy_from: str | None = None) -> Path:
    """Write ``<home>/frameworks/<id>.toml`` from the skeleton or a copy; return its path.

    The file is validated after it is written, so what the user starts from
    is always a working framework.
    """
    from coachcli.fsys import atomic_write

    if not ID_PATTERN.match(framework_id) or len(framework_id) > 64:
        raise CoachError(
            f"{framework_id!r} is not a valid framework id.",
            hint="Use lower-case letters, digits and hyphens, e.g. 'discovery-coaching'.",
        )
    target = home.frameworks_dir / f"{framework_id}.toml"
    if target.exists():
        raise CoachError(f"{target} already exists.", hint="Choose another id, or edit that file.")
    if copy_from is None:
        name = framework_id.replace("-", " ").capitalize()
        text = (
            SKELETON.read_text(encoding="utf-8")
            .replace("__ID__", framework_id)
            .replace("__NAME__", name)
            .replace("__PATH__", str(target))
        )
        text = "\n".join(line for line in text.splitlines() if not line.startswith("#:schema"))
    else:
        sources = {s.id: s for s in discover(home)}
        source = sources.get(copy_from)
        if source is None:
            from coachcli.loader import resolve

            resolve(home, copy_from)  # raises the "no framework ... did you mean" error
            raise AssertionError("unreachable")
        text = source.path.read_text(encoding="utf-8")
        text, count = re.subn(
            r'^(\s*id\s*=\s*)(["\']).*?\2',
            rf"\g<1>\g<2>{framework_id}\g<2>",
            text,
            count=1,
            flags=re.M,
        )
        if count == 0:
            raise CoachError(f"Could not find the id line in {source.path}.")
        if framework_id != source.id:  # a copy beside its source: never two identical entries
            base = source.framework.name if source.framework is not None else framework_id
            text = _renamed(text, _copy_name(home, base), source.path)
    atomic_write(target, text.rstrip("\n") + "\n")
    load_file(target, feedback_library(home)[0])
    return target


_TABLE = re.compile(r"^[ \t]*\[", re.M)
_NAME_LINE = re.compile(r"^([ \t]*name[ \t]*=[ \t]*).*$", re.M)


def _copy_name(home: Home, base: str) -> str:
    """``GROW coaching conversation (copy)``, or ``(copy 2)`` when that name is taken."""
    taken = {s.framework.name for s in discover(home) if s.framework is not None}
    name, n = f"{base} (copy)", 2
    while name in taken:
        name, n = f"{base} (copy {n})", n + 1
    return name


def _renamed(text: str, name: str, source: Path) -> str:
    """``text`` with its top-level ``name`` (the one before the first table) set to ``name``."""
    import json

    table = _TABLE.search(text)
    end = table.start() if table else len(text)
    # a JSON string is a TOML basic string: quotes, backslashes and controls escaped
    quoted = json.dumps(name, ensure_ascii=False)
    head, count = _NAME_LINE.subn(lambda m: m.group(1) + quoted, text[:end], count=1)
    if count == 0:
        raise CoachError(f"Could not find the name line in {source}.")
    return head + text[end:]
