"""A note's front matter as text: the YAML block between two ``---`` lines, then the body.

Splitting a note into its front matter and body, loading the YAML safely
(with the line of a mistake), and writing it so that any YAML parser reads
it back the same. What the keys mean, and which values are valid, is
:mod:`coachcli.properties`.

Standard library only at import time: PyYAML is imported the first time a
front matter is loaded or written, so the index's warm path and ``coach
show`` (which only splits) never pay for it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from coachcli.errors import CoachError

if TYPE_CHECKING:
    import yaml

NOTE_SCHEMA: Final = 2
"""The note format this coachcli writes and the newest it reads (the ``schema`` key)."""

_OPENING = re.compile(r"---[ \t]*(?:\n|$)")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


class NoteError(CoachError):
    """A note that cannot be read; the message starts with the file's name.

    ``path`` is the file (or source name) the note came from, when known.
    """

    def __init__(self, message: str, hint: str | None = None, *, path: str | None = None) -> None:
        super().__init__(message, hint)
        self.path = path


def note_error(source: str, problem: str, hint: str | None = None) -> NoteError:
    """A NoteError whose message is ``"<source>: <problem>"``."""
    return NoteError(f"{source}: {problem}", hint, path=source)


# =========================================================================== splitting


class NoteParts(NamedTuple):
    """A note split in two, as text."""

    front: str
    """The front matter's YAML, without the ``---`` lines."""
    body: str
    body_line: int
    """The file's line number of the body's first line."""


def split_parts(text: str, source: str) -> NoteParts:
    """Split a note into its front matter and body; NoteError when there is no front matter.

    A byte order mark and Windows line ends are dropped first, so line
    numbers count as an editor does.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    opening = _OPENING.match(text)
    if opening is None:
        raise note_error(
            source,
            "no front matter: a note starts with a line '---', the YAML properties, "
            "then another line '---'.",
        )
    rest = text[opening.end() :]
    closing = _CLOSING.search(rest)
    if closing is None:
        raise note_error(source, "the front matter is not closed: add a line '---' after it.")
    front = rest[: closing.start()]
    body = rest[closing.end() :]
    body_line = 2 + front.count("\n") + 1
    if body.startswith("\n"):
        body = body[1:]
    else:
        body_line -= 1
    return NoteParts(front, body, body_line)


def split_plain(text: str) -> NoteParts | None:
    """:func:`split_parts` of a note as coach writes it, by two searches; None for any other.

    As written: no byte order mark, no carriage return, ``---`` alone on the
    first line and on the line closing a front matter none of whose lines
    starts ``---`` or ``...``.
    """
    end = text.find("\n---\n", 3)
    if end < 0 or not text.startswith("---\n") or "\r" in text:
        return None
    front = text[4 : end + 1]
    if front.startswith(("---", "...")) or "\n---" in front or "\n..." in front:
        return None
    return NoteParts(front, text[end + 5 :], 3 + front.count("\n"))


def split_note(text: str, source: str = "<note>") -> tuple[str, str]:
    """Split a note into its front matter (YAML text, without the ``---`` lines) and body.

    Raises NoteError when there is no front matter.
    """
    front, body, _ = split_parts(text, source)
    return front, body


# =========================================================================== loading


def load_front_matter(front: str, source: str) -> dict[str, Any]:
    """The front matter's YAML as a mapping, with a ``schema`` this coachcli reads.

    Raises NoteError (naming ``source``, and the line for a YAML mistake) when
    it is not valid YAML or not a mapping, or its ``schema`` is missing or
    newer than :data:`NOTE_SCHEMA`.
    """
    from coachcli.flatyaml import read_flat

    data: Any = read_flat(front)  # the flat front matter coach writes, without a parser
    if data is None:
        data = _load_yaml(front, source)
    if data is None:
        raise note_error(source, "the front matter is empty.")
    if not isinstance(data, dict):
        raise note_error(
            source,
            f"the front matter should be 'key: value' lines, not a {_yaml_kind(data)}.",
        )
    if "schema" not in data:
        raise note_error(
            source,
            "the front matter has no 'schema' key, so this is not a coachcli note "
            "(or the key was deleted).",
            hint=f"Add the line 'schema: {NOTE_SCHEMA}' to the front matter.",
        )
    schema = data["schema"]
    if type(schema) is not int or schema < 1:
        raise note_error(
            source, f"schema: expected a whole number such as {NOTE_SCHEMA}, found {schema!r}."
        )
    if schema > NOTE_SCHEMA:
        raise note_error(
            source,
            f"this note uses note format {schema}, but this coachcli reads format "
            f"{NOTE_SCHEMA} and older.",
            hint="Upgrade coachcli to read it (e.g. pip install --upgrade coachcli).",
        )
    return data


def _load_yaml(front: str, source: str) -> Any:
    """The front matter as PyYAML reads it; NoteError (with the line) for a YAML mistake."""
    import yaml

    try:
        return yaml.load(front, Loader=_loader())  # a safe loader
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        # ValueError: a value shaped like a date that is not one (2026-13-45)
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or (str(exc).splitlines() or ["?"])[0]
        raise note_error(
            source,
            f"the front matter is not valid YAML{where}: {problem}.",
            hint="Fix the line by hand; quote values that contain ': ' or start with a symbol.",
        ) from None


@functools.cache
def _loader() -> type[yaml.SafeLoader]:
    """The C loader when PyYAML has it (several times faster); both are safe loaders."""
    import yaml

    loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader


def _yaml_kind(value: object) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "single piece of text"
    return type(value).__name__


def read_front_matter(text: str, source: str) -> dict[str, Any]:
    """The front matter of a note as a mapping (fast: the body is not parsed).

    Raises NoteError (naming ``source``) when there is no front matter, it is
    not valid YAML or not a mapping, or its ``schema`` is missing or newer than
    this coachcli reads.
    """
    return load_front_matter(split_parts(text, source).front, source)


def read_note(text: str, source: str) -> tuple[dict[str, Any], str, int]:
    """(front matter, body, the file's line number of the body's first line).

    Raises NoteError as :func:`read_front_matter` does.
    """
    front, body, body_line = split_parts(text, source)
    return load_front_matter(front, source), body, body_line


# =========================================================================== writing


class Flow(list[Any]):
    """A short list of strings, written on one line: ``[a, b]``."""


def join_note(properties: Mapping[str, Any], body: str) -> str:
    """A whole note: ``properties`` as the YAML front matter, a blank line, then ``body``."""
    import yaml

    front: str = yaml.dump(
        dict(properties),
        Dumper=_dumper(),
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,  # never fold a long value over several lines
    )
    return "---\n" + front + "---\n\n" + body


_LINE_BREAK = re.compile(r"[\n\r\x85\u2028\u2029]")
# Scalars PyYAML (YAML 1.1) writes unquoted but a YAML 1.2 parser (JavaScript's
# `yaml`, Go, Rust) or an old 1.1 one reads as a number, boolean or null.
_NOT_A_STRING_ELSEWHERE = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
    r"|[yYnN~]|null|Null|NULL|true|True|TRUE|false|False|FALSE"
)


@functools.cache
def _dumper() -> type[yaml.SafeDumper]:
    """The safe dumper, with quoting that every YAML parser reads the same way."""
    import yaml

    class Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True  # never `&id001` / `*id001`: Obsidian and people both trip on them

    def represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
        style: str | None = None
        if _LINE_BREAK.search(data):
            style = '"'  # one line, with \n escapes, rather than a folded multi-line scalar
        elif _NOT_A_STRING_ELSEWHERE.fullmatch(data):
            style = "'"
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)

    def represent_flow(dumper: yaml.SafeDumper, data: Flow) -> yaml.SequenceNode:
        return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)

    Dumper.add_representer(str, represent_str)
    Dumper.add_representer(Flow, represent_flow)
    return Dumper
