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

BARE_KEY = re.compile(_BARE)
"""A key written without quotes."""
ASSIGNMENT = _ASSIGN
"""A line that gives a key its value: ``key =`` (dotted or quoted), the key in group 1."""
STRING = re.compile(_QUOTED)
"""A one-line string, basic (``"..."``) or literal (``'...'``)."""


def is_header(line: str) -> bool:
    """Whether ``line`` is a table header, ``[a.b]`` or ``[[a.b]]``."""
    return bool(_TABLE.match(line) or _ARRAY_TABLE.match(line))


def _split(dotted: str) -> list[str]:
    return [_unquoted(p) for p in _PART.findall(dotted)]


def _unquoted(part: str) -> str:
    """A key as TOML reads it: quotes taken off, a basic string's escapes (``\\"``) read."""
    if part[0] == '"' and "\\" in part:
        import tomllib

        key: str = tomllib.loads(f"k = {part}")["k"]
        return key
    return part[1:-1] if part[0] in "\"'" else part


def key_lines(source: str) -> dict[Path, int]:
    """Map every table header and key path in ``source`` to its 1-based line."""
    lines: dict[Path, int] = {}
    counters: dict[Path, int] = {}
    table: Path = ()
    in_string: str | None = None
    depth = 0  # open brackets of a multi-line array
    for number, line in enumerate(source.splitlines(), start=1):
        if in_string or depth > 0:
            in_string, depth = _scan(line, in_string, depth)
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
            in_string, depth = _scan(line[match.end() :], None, 0)
            depth = max(0, depth)
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


_TOKEN = re.compile(r'"""|\'\'\'|"(?:[^"\\]|\\.)*"|\'[^\']*\'|#|[][{}]')
_CLOSE = {
    '"""': re.compile(r'(?:\\.|[^\\"]|"(?!""))*"""+'),
    "'''": re.compile(r"(?:[^']|'(?!''))*'''+"),
}


def _scan(text: str, in_string: str | None, depth: int) -> tuple[str | None, int]:
    """Follow one line of values: the multi-line string still open after it, and bracket depth.

    Strings and comments are skipped: a bracket, a ``#`` or triple quotes inside
    them do not count.
    """
    pos = 0
    while True:
        if in_string is not None:
            close = _CLOSE[in_string].match(text, pos)
            if close is None:
                return in_string, depth
            pos, in_string = close.end(), None
        token = _TOKEN.search(text, pos)
        if token is None or token.group() == "#":
            return None, depth
        pos = token.end()
        if token.group() in ('"""', "'''"):
            in_string = token.group()
        elif token.group() in ("[", "{"):
            depth += 1
        elif token.group() in ("]", "}"):
            depth -= 1


def line_of(lines: dict[Path, int], path: Path) -> int | None:
    """The line of ``path``, else of its closest enclosing key or table."""
    for end in range(len(path), 0, -1):
        found = lines.get(path[:end])
        if found is not None:
            return found
    return None
