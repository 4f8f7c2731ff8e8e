"""Find the line on which a key path stands in a TOML document.

``tomllib`` parses TOML but keeps no positions, and no maintained library
exposes them, so validation errors (which carry a key path such as
``sections[2].questions[0].type``) would otherwise name no line. This module
does not parse values: it only follows table headers (``[a]``, ``[[a.b]]``)
and ``key =`` lines to map each key path to the line where it is written.
The document has already been parsed successfully by ``tomllib``, so the
layout it sees is valid TOML; when it cannot place a key it says so by
returning ``None`` and the message simply names no line.
"""

from __future__ import annotations

import re

Path = tuple[str | int, ...]

_BARE = r"[A-Za-z0-9_-]+"
_QUOTED = r'"(?:[^"\\]|\\.)*"|\'[^\']*\''
_KEY = rf"(?:{_BARE}|{_QUOTED})"
_DOTTED = rf"{_KEY}(?:\s*\.\s*{_KEY})*"
_TABLE = re.compile(rf"^\s*\[\s*({_DOTTED})\s*\]\s*(?:#.*)?$")
_ARRAY_TABLE = re.compile(rf"^\s*\[\[\s*({_DOTTED})\s*\]\]\s*(?:#.*)?$")
_ASSIGN = re.compile(rf"^\s*({_DOTTED})\s*=")
_PART = re.compile(_KEY)


def _split(dotted: str) -> list[str]:
    return [p.strip("\"'") for p in _PART.findall(dotted)]


def key_lines(source: str) -> dict[Path, int]:
    """Map every table header and key path in ``source`` to its 1-based line."""
    lines: dict[Path, int] = {}
    counters: dict[Path, int] = {}
    table: Path = ()
    in_string: str | None = None
    depth = 0  # open brackets of a multi-line array
    for number, line in enumerate(source.splitlines(), start=1):
        if in_string:
            if line.count(in_string) % 2 == 1:
                in_string = None
            continue
        if depth > 0:
            depth += _bracket_balance(line)
            continue
        if match := _ARRAY_TABLE.match(line):
            parent, name = _resolve(_split(match.group(1)), counters)
            key = (*parent, name)
            index = counters.get(key, -1) + 1
            counters[key] = index
            table = (*key, index)
            lines.setdefault(key, number)
            lines[table] = number
            continue
        if match := _TABLE.match(line):
            parent, name = _resolve(_split(match.group(1)), counters)
            table = (*parent, name)
            lines.setdefault(table, number)
            continue
        if match := _ASSIGN.match(line):
            path = (*table, *_split(match.group(1)))
            lines.setdefault(path, number)
            rest = line[match.end() :]
            for quote in ('"""', "'''"):
                if rest.count(quote) % 2 == 1:
                    in_string = quote
            if in_string is None:
                depth = max(0, _bracket_balance(rest))
    return lines


def _resolve(parts: list[str], counters: dict[Path, int]) -> tuple[Path, str]:
    """Turn ``sections.questions`` into ``("sections", 3, ...)`` using array counters."""
    resolved: list[str | int] = []
    for part in parts[:-1]:
        resolved.append(part)
        index = counters.get(tuple(resolved))
        if index is not None:
            resolved.append(index)
    return tuple(resolved), parts[-1]


def _bracket_balance(text: str) -> int:
    text = re.sub(_QUOTED, "", text).split("#", 1)[0]
    return text.count("[") + text.count("{") - text.count("]") - text.count("}")


def line_of(lines: dict[Path, int], path: Path) -> int | None:
    """The line of ``path``, else of its closest enclosing key or table."""
    for end in range(len(path), 0, -1):
        found = lines.get(path[:end])
        if found is not None:
            return found
    return None
