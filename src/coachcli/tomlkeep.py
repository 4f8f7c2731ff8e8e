"""A TOML file a person wrote, changed in place: new keys added, changed values replaced, every
other byte (comments, blank lines, order, quoting, line ends) kept as it was.

coach keeps some files a person may also edit by hand (``imports/mapping.toml``). Writing
them again whole with ``tomli_w`` would drop every comment the person wrote. :func:`merged`
instead edits the text: a changed string is replaced on its line, a new key is written at the
end of its table's section (or of the one-line inline table that holds it, written again),
and a table the file does not have yet is added at its end. The result is parsed again and
must hold exactly the old data with the new values; when the layout is one these edits cannot
follow (a table made by dotted keys, a value over several lines), :func:`merged` returns None
and the caller writes the file whole. Why not tomlkit: tried (0.15.2), it puts a key added to
a table after the comment lines that end it, i.e. under the comment that introduces the next
table (``# the German export``), and writes a new table with ``\n`` line ends in a ``\r\n``
file; for files of a few dozen lines whose values are strings, this page does better.
"""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Mapping
from typing import Any

import tomli_w

from coachcli.tomlpos import ASSIGNMENT, BARE_KEY, STRING, Path, is_header, key_lines

Leaf = str | int | float | bool
_SCALAR = re.compile(r"[-+]?[0-9A-Za-z_.:+-]+")
"""A one-line value that is not a string: a number, a bool, a date."""
_OTHER_BREAKS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]|\r(?!\n)")
"""What Python splits lines at besides a line end: inside a comment or a string it would put
the lines :func:`coachcli.tomlpos.key_lines` counts out of step with TOML's."""


def merged(text: str, wanted: Mapping[str, Any]) -> str | None:
    """``text`` with each leaf of ``wanted`` it lacks or holds with another value written in
    (nothing is removed); None when ``text`` is not TOML or its layout cannot be kept."""
    try:
        old = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None
    if _OTHER_BREAKS.search(text):
        return None
    changes: list[tuple[Path, Leaf]] = []
    for path, value in _leaves(wanted, ()):
        if len(path) < 2 or _conflicts(old, path):
            return None  # a key at the top, or a table where the file holds a value
        if _get(old, path) != value:
            changes.append((path, value))
    if not changes:
        return text
    expected = copy.deepcopy(old)
    for path, value in changes:
        _set(expected, path, value)
    edited = _edit(text, changes, expected)
    try:
        return edited if edited is not None and tomllib.loads(edited) == expected else None
    except tomllib.TOMLDecodeError:
        return None


def _edit(text: str, changes: list[tuple[Path, Leaf]], expected: dict[str, Any]) -> str | None:
    """The edits of :func:`merged`, unchecked; None where one cannot be made."""
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if "\r\n" in text else "\n"
    where = key_lines(text)
    headers = sorted(n for n in where.values() if is_header(lines[n - 1]))
    old = tomllib.loads(text)
    replaced: dict[int, str] = {}
    whole: set[int] = set()
    """Lines whose inline table was written again whole, with every change."""
    inserted: dict[int, list[str]] = {}
    added: dict[Path, list[str]] = {}
    for path, value in changes:
        defined = next(
            (path[:end] for end in range(1, len(path) + 1)
             if path[:end] in where and not is_header(lines[where[path[:end]] - 1])),
            None,
        )  # fmt: skip
        if defined is not None:  # the value's own line, or the one-line inline table holding it
            number = where[defined]
            if number in whole:
                continue  # that inline table is already written with every change in it
            line = replaced.get(number, lines[number - 1])
            if defined == path:
                edited = _replace_value(line, _value(value))
            elif defined == path[:-1] and _get(old, path) is None:  # a new key: added at its end
                edited = _add_to_inline(line, f"{_key(path[-1])} = {_value(value)}")
            else:
                edited = _replace_value(line, _inline(_get(expected, defined)))
                whole.add(number)
            if edited is None:
                return None
            replaced[number] = edited
            continue
        table, entry = path[:-1], f"{_key(path[-1])} = {_value(value)}"
        if table in where:  # in its section, after its last line that is not blank or a comment
            start = where[table]
            end = next((n - 1 for n in headers if n > start), len(lines))
            while end > start and (not lines[end - 1].strip() or lines[end - 1].lstrip()[0] == "#"):
                end -= 1
            inserted.setdefault(end, []).append(entry)
        else:
            added.setdefault(table, []).append(entry)
    for number, line in replaced.items():
        lines[number - 1] = line
    for after in sorted(inserted, reverse=True):
        if not lines[after - 1].endswith("\n"):
            lines[after - 1] += newline
        lines[after:after] = [entry + newline for entry in inserted[after]]
    if added:
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += newline
        for table in sorted(added, key=lambda t: [str(part) for part in t]):
            if lines and lines[-1].strip():
                lines.append(newline)
            lines.append("[" + ".".join(_key(part) for part in table) + "]" + newline)
            lines += [entry + newline for entry in added[table]]
    return "".join(lines)


def _replace_value(line: str, written: str) -> str | None:
    """``line`` (``key = value  # a comment``) with its value, on this line, now ``written``."""
    assigned = ASSIGNMENT.match(line)
    if assigned is None:
        return None
    at = assigned.end()
    at += len(line[at:]) - len(line[at:].lstrip(" \t"))
    if line.startswith(('"""', "'''"), at):
        return None  # a string over several lines
    if line.startswith("{", at):
        end = _inline_end(line, at)
    else:
        found = STRING.match(line, at) or _SCALAR.match(line, at)
        end = found.end() if found else None
    return None if end is None else line[:at] + written + line[end:]


def _add_to_inline(line: str, entry: str) -> str | None:
    """``line`` with ``entry`` added at the end of its one-line inline table."""
    assigned = ASSIGNMENT.match(line)
    if assigned is None:
        return None
    at = line.find("{", assigned.end())
    end = _inline_end(line, at) if at >= 0 and not line[assigned.end() : at].strip() else None
    if end is None:
        return None
    inner = line[at + 1 : end - 1].rstrip()
    inner = f"{inner}, {entry} " if inner.strip() else f" {entry} "
    return line[: at + 1] + inner + line[end - 1 :]


def _inline_end(line: str, at: int) -> int | None:
    """Where the inline table opening at ``at`` closes on this line (None: it does not)."""
    depth = 0
    pos = at
    while pos < len(line):
        string = STRING.match(line, pos)
        if string is not None:
            pos = string.end()
            continue
        if line[pos] == "{":
            depth += 1
        elif line[pos] == "}":
            depth -= 1
            if depth == 0:
                return pos + 1
        pos += 1
    return None


def _inline(table: Any) -> str:
    """A value as one line: a table as an inline table."""
    if not isinstance(table, dict):
        return _value(table)
    if not table:
        return "{}"
    return "{ " + ", ".join(f"{_key(k)} = {_inline(v)}" for k, v in table.items()) + " }"


def _key(part: str | int) -> str:
    text = str(part)
    return text if BARE_KEY.fullmatch(text) else _value(text)


def _value(value: Leaf) -> str:
    return tomli_w.dumps({"v": value}).removeprefix("v = ").removesuffix("\n")


def _leaves(data: Mapping[str, Any], path: Path) -> list[tuple[Path, Leaf]]:
    found: list[tuple[Path, Leaf]] = []
    for key, value in data.items():
        if isinstance(value, Mapping):
            found += _leaves(value, (*path, key))
        elif isinstance(value, Leaf):
            found.append(((*path, key), value))
        else:
            raise TypeError(f"{'.'.join(map(str, (*path, key)))}: not a string, number or bool")
    return found


def _conflicts(old: dict[str, Any], path: Path) -> bool:
    """Whether the file holds a value where ``path`` needs a table, or a table for its value."""
    data: Any = old
    for part in path[:-1]:
        if part not in data:
            return False
        data = data[part]
        if not isinstance(data, dict):
            return True
    return isinstance(data.get(path[-1]), dict)


def _get(data: Any, path: Path) -> Any:
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def _set(data: dict[str, Any], path: Path, value: Leaf) -> None:
    for part in path[:-1]:
        data = data.setdefault(str(part), {})
    data[str(path[-1])] = value
