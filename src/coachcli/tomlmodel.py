"""Validate a TOML file against a pydantic model, with errors people can act on.

Used for framework files, ``config.toml``, rep profiles and answers files.
Every mistake becomes a :class:`~coachcli.tomlfile.Problem` naming the line,
the key path (``sections[2].questions[0].type``), what was expected and, for
a mistyped key or value, the closest valid one.
"""

from __future__ import annotations

import re
import types
from pathlib import Path
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from coachcli.errors import did_you_mean
from coachcli.tomlfile import Problem, TomlFileError, format_key, load_toml
from coachcli.tomlpos import key_lines, line_of

M = TypeVar("M", bound=BaseModel)


def read_model(path: Path, model: type[M], error: type[TomlFileError] = TomlFileError) -> M:
    """Read ``path`` and validate it as ``model``; raise ``error`` listing every problem."""
    source, data = load_toml(path, error)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        lines = key_lines(source)
        problems = _merge_typos([_problem(e, data, lines, model) for e in exc.errors()])
        problems.sort(key=lambda p: p.line or 0)  # in the order of the file
        raise error(path, problems) from None


# --------------------------------------------------------------------------- errors


def _problem(
    error: Any, data: dict[str, Any], lines: dict[Any, int], root: type[BaseModel]
) -> Problem:
    loc: tuple[str | int, ...] = tuple(error["loc"])
    kind: str = error["type"]
    path = _data_path(loc, data)
    if kind.startswith("union_tag_"):
        path = (*path, "type")
    key = format_key(path)
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
    elif kind == "literal_error" and last == "schema":
        message = (
            f"this file is format {given!r}, but this version of coachcli reads format "
            f"{ctx.get('expected')}; upgrade coachcli or write schema = {ctx.get('expected')}"
        )
    elif kind in _PLAIN:
        message = _PLAIN[kind].format(**ctx)
        if given is not None and not isinstance(given, dict | list):
            message += f", got {given!r}"
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
        message = (
            "the key 'type' is required here: text, scale, choice, multi, number, yesno or list"
        )
    elif kind == "value_error":
        message = str(error["msg"]).removeprefix("Value error, ")
        path = _locate(path, message, data)
        key = format_key(path)
        line = line_of(lines, path)
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


def _merge_typos(problems: list[Problem]) -> list[Problem]:
    """Drop "key X is required" when the same table has a typo of X ("did you mean X?")."""
    typos = {
        (p.key.rpartition(".")[0], m.group(1))
        for p in problems
        if (m := re.search(r"did you mean '([^']+)'\?$", p.message)) and "unknown key" in p.message
    }
    return [
        p
        for p in problems
        if not (
            "is required here" in p.message
            and (p.key.rpartition(".")[0], p.key.rpartition(".")[2]) in typos
        )
    ]


_PLAIN = {
    "int_type": "expected a whole number (without quotes)",
    "int_parsing": "expected a whole number (without quotes)",
    "int_from_float": "expected a whole number",
    "float_type": "expected a number (without quotes)",
    "float_parsing": "expected a number (without quotes)",
    "bool_type": "expected true or false (without quotes)",
    "bool_parsing": "expected true or false (without quotes)",
    "string_type": "expected text in quotes",
    "list_type": "expected a list in [brackets]; for several tables, write [[double brackets]]",
    "dict_type": "expected a table",
    "model_type": "expected a table",
    "too_short": "needs at least {min_length} entries",
    "too_long": "allows at most {max_length} entries",
    "string_too_short": "must not be empty",
    "string_too_long": "is too long (at most {max_length} characters)",
    "greater_than_equal": "must be at least {ge}",
    "less_than_equal": "must be at most {le}",
    "date_from_datetime_parsing": "expected a date like 2026-12-04",
    "date_type": "expected a date like 2026-12-04 (without quotes)",
    "date_parsing": "expected a date like 2026-12-04",
}


def _data_path(loc: tuple[str | int, ...], data: Any) -> tuple[str | int, ...]:
    """Drop the union tags pydantic inserts into ``loc`` (``questions.0.text.prompt``)."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str):
            if part not in node and node.get("type") == part:
                continue
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int):
            node = node[part] if 0 <= part < len(node) else None
        else:
            node = None
        path.append(part)
    return tuple(path)


def _locate(path: tuple[str | int, ...], message: str, data: Any) -> tuple[str | int, ...]:
    """Point a check on a whole table (a model validator) at the key its message is about.

    ``default 7 is outside the scale`` → ``...default``; ``minutes = 45`` →
    ``minutes``; ``slot 'impact' does not ...`` → ``...slots[2].name``;
    ``two questions have the id 'x'`` → the second question with that id.
    """
    try:
        node = _get(data, path)
    except (KeyError, IndexError, TypeError):
        return path
    if not isinstance(node, dict):
        return path
    if match := re.match(r"two (.+?)s have the id '([^']*)'", message):
        containers = {match.group(1) + "s", match.group(1).split()[0]}
        found = [
            p
            for p in _id_paths(node, ())
            if p[-3] in containers and _get(node, p) == match.group(2)
        ]
        return (*path, *found[1]) if len(found) > 1 else path
    named = re.search(r"'([^']*)'", message)
    plain = re.sub(r"'[^']*'|\{[^}]*\}", "", message)
    for word in re.findall(r"([a-z_]+) =", plain) + re.findall(r"[a-z_]+", plain):
        for name in (word, word + "s"):
            value = node.get(name)
            if value is None:
                continue
            if isinstance(value, list) and named:
                for index, item in enumerate(value):
                    if isinstance(item, dict):
                        for field in ("id", "name"):
                            if item.get(field) == named.group(1):
                                return (*path, name, index, field)
            return (*path, name)
    return path


def _id_paths(node: Any, path: tuple[str | int, ...]) -> list[tuple[str | int, ...]]:
    """Every ``...[i].id`` path below ``node``, in file order."""
    found: list[tuple[str | int, ...]] = []
    if isinstance(node, dict):
        for name, value in node.items():
            if isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, dict) and "id" in item:
                        found.append((*path, name, index, "id"))
                    found.extend(_id_paths(item, (*path, name, index)))
    return found


def _get(node: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


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
