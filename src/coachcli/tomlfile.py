"""Read a TOML file and validate it against a pydantic model, with errors people can act on.

Used for framework files and ``config.toml``. Every mistake becomes a
:class:`Problem` naming the line (and column, for syntax errors), the key path
(``sections[2].questions[0].type``), what was expected and, for a mistyped
key or value, the closest valid one. All problems of a file are collected
at once in a :class:`TomlFileError`.
"""

from __future__ import annotations

import re
import tomllib
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from coachcli.errors import CoachError, did_you_mean
from coachcli.tomlpos import key_lines, line_of

M = TypeVar("M", bound=BaseModel)


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
        count = f"{len(problems)} problem" + ("s" if len(problems) != 1 else "")
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


def read_model(path: Path, model: type[M], error: type[TomlFileError] = TomlFileError) -> M:
    """Read ``path`` and validate it as ``model``; raise ``error`` listing every problem."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CoachError(f"No file at {path}.") from None
    except OSError as exc:
        raise CoachError(f"Cannot read {path}: {exc.strerror}.") from None
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problem = Problem("the file is not UTF-8 text; save it as UTF-8", line=line)
        raise error(path, [problem]) from None
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise error(path, [_syntax_problem(exc)]) from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        lines = key_lines(source)
        problems = [_problem(e, data, lines, model) for e in exc.errors()]
        raise error(path, problems) from None


def _syntax_problem(exc: tomllib.TOMLDecodeError) -> Problem:
    text = str(exc)
    match = re.search(r"\(at line (\d+), column (\d+)\)", text)
    line = int(match.group(1)) if match else getattr(exc, "lineno", None)
    column = int(match.group(2)) if match else getattr(exc, "colno", None)
    reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", text)
    return Problem(f"TOML syntax error: {reason}", line=line, column=column)


# --------------------------------------------------------------------------- errors


def _problem(
    error: Any, data: dict[str, Any], lines: dict[Any, int], root: type[BaseModel]
) -> Problem:
    loc: tuple[str | int, ...] = tuple(error["loc"])
    kind: str = error["type"]
    path = _data_path(loc, data)
    if kind.startswith("union_tag_"):
        path = (*path, "type")
    key = _format_key(path)
    line = line_of(lines, path)
    ctx: dict[str, Any] = error.get("ctx") or {}
    given = error.get("input")
    last = path[-1] if path else ""

    if kind == "extra_forbidden":
        message = f"unknown key {last!r}"
        allowed = _allowed_keys(root, loc)
        suggestion = did_you_mean(str(last), allowed) if allowed else None
        if suggestion:
            message += f"; did you mean {suggestion!r}?"
        elif allowed:
            message += f"; expected one of: {', '.join(allowed)}"
    elif kind == "missing":
        message = f"the key {last!r} is required here"
    elif kind in ("literal_error", "enum"):
        expected = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        message = f"expected {ctx.get('expected')}, got {given!r}"
        suggestion = did_you_mean(str(given), expected) if expected else None
        if suggestion:
            message += f"; did you mean {suggestion!r}?"
    elif kind == "union_tag_invalid":
        tags = re.findall(r"'([^']*)'", str(ctx.get("expected_tags", "")))
        message = f"unknown type {ctx.get('tag')!r}; expected one of: {', '.join(tags)}"
        suggestion = did_you_mean(str(ctx.get("tag")), tags)
        if suggestion:
            message += f"; did you mean {suggestion!r}?"
    elif kind == "union_tag_not_found":
        message = "the key is required here: text, scale, choice, multi, number, yesno or list"
    elif kind == "value_error":
        message = str(error["msg"]).removeprefix("Value error, ")
    elif kind == "string_pattern_mismatch":
        message = (
            f"{given!r} is not a valid id: use lower-case letters, digits and hyphens"
            if "a-z0-9-" in str(ctx.get("pattern", ""))
            else f"{given!r} is not a valid name: use lower-case letters, digits and underscores"
        )
    else:
        message = str(error["msg"]).replace("Input should be", "expected")
        message = message.replace(" after validation", "")
        message = message[0].lower() + message[1:]
        if given is not None and not isinstance(given, dict | list):
            message += f", got {given!r}"
    return Problem(message, key=key, line=line)


def _data_path(loc: tuple[str | int, ...], data: Any) -> tuple[str | int, ...]:
    """Drop the union tags pydantic inserts into ``loc`` (``questions.0.text.prompt``)."""
    path: list[str | int] = []
    node = data
    for position, part in enumerate(loc):
        is_last = position == len(loc) - 1
        if isinstance(node, dict) and isinstance(part, str):
            if part not in node and not is_last and node.get("type") == part:
                continue
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int):
            node = node[part] if 0 <= part < len(node) else None
        else:
            node = None
        path.append(part)
    return tuple(path)


def _format_key(path: tuple[str | int, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _allowed_keys(root: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The keys allowed in the table that holds ``loc[-1]``."""
    model = _model_at(root, loc[:-1])
    if model is None:
        return []
    return [info.alias or name for name, info in model.model_fields.items()]


def _strip(tp: Any) -> Any:
    while get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    return tp


def _model_at(root: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    tp: Any = root
    for part in loc:
        tp = _strip(tp)
        if isinstance(part, int):
            if get_origin(tp) is not list:
                return None
            tp = get_args(tp)[0]
        elif isinstance(tp, type) and issubclass(tp, BaseModel):
            fields = {info.alias or name: info for name, info in tp.model_fields.items()}
            if part not in fields:
                return None
            tp = fields[part].annotation
        elif get_origin(tp) in (Union, types.UnionType):
            members = [_strip(m) for m in get_args(tp)]
            tp = next((m for m in members if _tag(m) == part), None)
            if tp is None:
                return None
        else:
            return None
    tp = _strip(tp)
    if get_origin(tp) in (Union, types.UnionType):
        tp = next((m for m in get_args(tp) if isinstance(m, type)), None)
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def _tag(model: Any) -> str | None:
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return None
    info = model.model_fields.get("type")
    args = get_args(info.annotation) if info is not None else ()
    return str(args[0]) if args else None
