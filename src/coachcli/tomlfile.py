"""Read a TOML file, with errors people can act on: every failure names the file and the line.

Every TOML file coachcli reads (frameworks, ``config.toml``, rep profiles,
answers files, ``actions.toml``) is read by :func:`load_toml`. A mistake
becomes a :class:`Problem` naming the line (and column, for syntax errors)
and, once validated (:mod:`coachcli.tomlmodel`), the key path; all problems
of a file are collected in one :class:`TomlFileError`. Standard library only:
listings read files here without loading pydantic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coachcli.errors import CoachError
from coachcli.wording import plural


def format_key(path: tuple[str | int, ...]) -> str:
    """A key path as people read it: ``sections[2].questions[0].type``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


@dataclass(frozen=True)
class Problem:
    """One mistake in a framework file."""

    message: str
    key: str = ""
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}" + (f", column {self.column}" if self.column else ""))
        if self.key:
            where.append(self.key)
        return f"{', '.join(where)}: {self.message}" if where else self.message


class TomlFileError(CoachError):
    """A TOML file that cannot be used, with every problem found in it."""

    what = "file"
    hint_text: str | None = None

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        count = plural(len(problems), "problem")
        lines = "\n".join(f"  {path.name}: {p}" for p in problems)
        super().__init__(
            f"{path} is not a valid {self.what} ({count}):\n{lines}", hint=self.hint_text
        )

    @property
    def summary(self) -> str:
        """The first problem on one line, for listings."""
        first = str(self.problems[0])
        more = len(self.problems) - 1
        return first + (f" (+{more} more)" if more else "")


MAX_DEPTH = 20
"""How deeply tables and arrays may nest: deeper is refused (no file of ours needs more than 4)."""


def load_toml(path: Path, error: type[TomlFileError] = TomlFileError) -> tuple[str, dict[str, Any]]:
    """The text of the TOML file at ``path`` and what it holds.

    The one way coachcli reads a TOML file: every failure (missing,
    unreadable, not UTF-8, a syntax error, nesting too deep for any real
    file) raises a CoachError that names the file, and ``error`` with the
    line where it can.
    """
    from coachcli.fsys import ENCRYPTED, is_encrypted, read_bytes

    raw = read_bytes(path)
    try:
        source = raw.decode("utf-8-sig")  # Windows editors may save UTF-8 with a BOM
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problem = Problem("the file is not UTF-8 text; save it as UTF-8", line=line)
        if is_encrypted(raw):
            problem = Problem(f"the file is {ENCRYPTED}", line=1)
        raise error(path, [problem]) from None
    import tomllib  # only when a file is parsed: a warm listing parses none

    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise error(path, [_syntax_problem(exc, source)]) from None
    except RecursionError:
        data = None
    if data is None or _too_deep(data):
        problem = Problem(
            f"tables or arrays are nested more than {MAX_DEPTH} deep", line=_deep_line(source)
        )
        raise error(path, [problem]) from None
    return source, data


def _deep_line(source: str) -> int | None:
    """The line where brackets first open more than :data:`MAX_DEPTH` deep (strings skipped)."""
    depth, quote = 0, ""
    for number, line in enumerate(source.splitlines(), start=1):
        for char in line:
            if quote:
                quote = "" if char == quote else quote
            elif char in "\"'":
                quote = char
            elif char == "#":
                break
            elif char in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    return number
            elif char in "]}":
                depth = max(0, depth - 1)
    return None


def _too_deep(data: object) -> bool:
    """Whether ``data`` nests deeper than :data:`MAX_DEPTH` (checked without recursion)."""
    stack: list[tuple[object, int]] = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(node, dict):
            stack.extend((child, depth + 1) for child in node.values())
        elif isinstance(node, list):
            stack.extend((child, depth + 1) for child in node)
    return False


def _syntax_problem(exc: ValueError, source: str) -> Problem:
    text = str(exc)
    match = re.search(r"\(at line (\d+), column (\d+)\)", text)
    reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", text)
    if match:
        line, column = int(match.group(1)), int(match.group(2))
    else:  # "at end of document": the end of the last line with text on it
        end = len(source.rstrip())
        line = source.count("\n", 0, end) + 1
        column = end - source.rfind("\n", 0, end)
        reason += " at the end of the file (check that every bracket and quote is closed)"
    return Problem(f"TOML syntax error: {reason}", line=line, column=column)
