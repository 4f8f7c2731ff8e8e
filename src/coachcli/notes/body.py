"""The Markdown of a note's body: the rules its writer and its reader must agree on.

Headings and fenced code as a Markdown reader sees them, the ``<!-- q: ID
TYPE -->`` marker above each answer, the escapes that keep an answer from
ending early, and an answer's two forms: plain Markdown when that reads back
exactly, else a JSON literal in a ```` ```json ```` block.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from coachcli.visibility import WORDS, Visibility, visibility_of

if TYPE_CHECKING:  # writing needs them; reading (the index) must not load pydantic
    from coachcli.session import Answer

OUTCOME_WORDS = {"done": "done", "not-done": "not done", "dropped": "dropped"}
"""How a review's outcome reads in the body (and is read back)."""
SKIPPED = "_(skipped)_"
"""The body text of a skipped question."""
NO_ITEMS = "_(none)_"
"""The body text of a list answer with no items."""
_LIST_TYPES = ("multi", "list")

_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*))?$")
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})(.*)$")
_FENCE_STARTS = ("`", "~", " ")
_MARKER = re.compile(r"<!--[ \t]*q:[ \t]*(.*?)[ \t]*-->[ \t]*$")
_TOKEN_TEXT = r'"(?:[^"\\]|\\.)*"|[^\s"]+'
_TOKENS = re.compile(_TOKEN_TEXT)
_MARKER_TOKENS = re.compile(
    rf"({_TOKEN_TEXT})[ \t]+({_TOKEN_TEXT})((?:[ \t]+(?:json|{'|'.join(WORDS)}))*)"
)
_PLAIN_TOKEN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
# a line that would end an answer (an ATX heading), start raw HTML, or turn the
# line above it into a heading (a setext underline: === or ---), after 0-3
# spaces and any backslashes already there; ESCAPED: the same with >= 1
_SPECIAL = r"(?=#{1,6}(?:[ \t]|$)|<|(?:=+|-+)[ \t]*$)"
_ESCAPABLE = re.compile(rf"( {{0,3}})(\\*){_SPECIAL}")
_ESCAPED = re.compile(rf"( {{0,3}})\\(\\*){_SPECIAL}")
# a list item that Obsidian Tasks and Markdown parsers would take for a task
# (- [ ] ...): its box gets a backslash, so only the action items are tasks
_TASK_BOX = r"(?=\[[^\]]?\])"
_BULLET_TEXT = r"( {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+)"
_TASKLIKE = re.compile(rf"^{_BULLET_TEXT}(\\*){_TASK_BOX}")
_TASKLIKE_ESCAPED = re.compile(rf"^{_BULLET_TEXT}\\(\\*){_TASK_BOX}")
_BOX_START = re.compile(rf"^(\\*){_TASK_BOX}")
_BOX_START_ESCAPED = re.compile(rf"^\\(\\*){_TASK_BOX}")
# characters a plain answer may not hold: control characters other than tab
# and newline (a carriage return does not survive a text-mode read), and the
# Unicode line and paragraph separators some editors treat as line breaks
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")
_BREAKS = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def heading_text(line: str) -> str | None:
    """The text of an ATX heading line (closing #s removed), or None."""
    if line.startswith(("## ", "### ")) and not line.endswith(("#", "\n")):
        return line[line.index(" ") :].strip(" \t")  # the common case, without a regex
    match = _HEADING.match(line)
    if match is None:
        return None
    text = (match.group(2) or "").strip(" \t")
    return _CLOSING_HASHES.sub("", text).strip(" \t") if text.endswith("#") else text


class Fences:
    """Follows fenced code blocks line by line, as a Markdown reader does."""

    def __init__(self) -> None:
        self.open: str | None = None

    def is_code(self, line: str) -> bool:
        """Whether ``line`` is a fence line or inside a fenced block."""
        if self.open is None and not line.startswith(_FENCE_STARTS):
            return False  # the common case, without a regex
        match = _FENCE.match(line)
        if self.open is None:
            if match is None:
                return False
            fence, info = match.groups()
            if fence[0] == "`" and "`" in info:
                return False  # inline code, not a fence
            self.open = fence
            return True
        if (
            match is not None
            and match.group(1)[0] == self.open[0]
            and len(match.group(1)) >= len(self.open)
            and not match.group(2).strip(" \t")
        ):
            self.open = None
        return True


def _escape(lines: Iterable[str]) -> list[str]:
    fences = Fences()
    return [
        line
        if fences.is_code(line)
        else _TASKLIKE.sub(r"\1\\\2", _ESCAPABLE.sub(r"\1\\\2", line, count=1), count=1)
        for line in lines
    ]


def _unescape(lines: list[str]) -> list[str]:
    if not any("\\" in line for line in lines):
        return list(lines)  # every escape starts with a backslash
    fences = Fences()
    return [
        line
        if fences.is_code(line)
        else _TASKLIKE_ESCAPED.sub(r"\1\2", _ESCAPED.sub(r"\1\2", line, count=1), count=1)
        for line in lines
    ]


def _json_text(value: object) -> str:
    """Compact JSON on one line, with every character that could upset an editor escaped."""
    text = json.dumps(value, ensure_ascii=False)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _token(text: str) -> str:
    """An id or type for a marker: as is when simple, else a JSON string without '<' or '>'."""
    if _PLAIN_TOKEN.fullmatch(text):
        return text
    return json.dumps(text).replace(">", "\\u003e").replace("<", "\\u003c")


def _untoken(token: str) -> str:
    if token.startswith('"'):
        try:
            value = json.loads(token)
        except ValueError:
            return token
        return value if isinstance(value, str) else token
    return token


def is_blank(line: str) -> bool:
    return not line.strip(" \t")


def trim(lines: list[str]) -> list[str]:
    """Without the blank lines at either end."""
    start, end = 0, len(lines)
    while start < end and is_blank(lines[start]):
        start += 1
    while end > start and is_blank(lines[end - 1]):
        end -= 1
    return lines[start:end]


# =========================================================================== answers


class BadAnswer(ValueError):
    """An answer's text that does not fit its type (e.g. a number question)."""


def _same(a: object, b: object) -> bool:
    """Equal, and of the same type (a number may be an int or a float)."""
    numbers = (int, float)
    if isinstance(a, numbers) and isinstance(b, numbers):
        if isinstance(a, bool) or isinstance(b, bool):
            return type(a) is type(b) and a == b
        return a == b
    return type(a) is type(b) and a == b


def format_number(value: float) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


_NUMBER = re.compile(
    r"([-+]?)((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)([eE][-+]?\d+)?(?![\d.,])"
)
_INTEGER = re.compile(r"[-+]?\d+(?![\d.,])")
_BULLET = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_YES = {"yes", "y", "true"}
_NO = {"no", "n", "false"}


def _plain_lines(answer: Answer, question: object) -> list[str] | None:
    """The answer as readable Markdown lines, or None when it has no plain form."""
    from coachcli.framework import NumberQuestion, ScaleQuestion

    kind, value = answer.type, answer.value
    if value is None:
        return [SKIPPED]
    if kind == "scale":
        if type(value) is not int:
            return None
        if isinstance(question, ScaleQuestion) and question.min <= value <= question.max:
            return [f"{value} — {inline(question.labels[value - question.min])}"]
        return [str(value)]
    if kind == "number":
        if not isinstance(value, int | float) or isinstance(value, bool):
            return None
        if not math.isfinite(value):
            return None
        unit = question.unit if isinstance(question, NumberQuestion) else ""
        return [format_number(value) + (f" {inline(unit)}" if unit.strip() else "")]
    if kind == "yesno":
        return ["Yes" if value else "No"] if isinstance(value, bool) else None
    if kind in _LIST_TYPES:
        if not isinstance(value, list):
            return None
        if any("\n" in item or _UNSAFE.search(item) for item in value):
            return None
        items = [_TASKLIKE.sub(r"\1\\\2", _BOX_START.sub(r"\\\1", item)) for item in value]
        return [f"- {item}" for item in items] if value else [NO_ITEMS]
    if not isinstance(value, str) or _UNSAFE.search(value):
        return None
    lines = value.split("\n")
    fences = Fences()
    for line in lines:
        fences.is_code(line)
    if fences.open is not None:
        return None  # an unclosed ``` would swallow the rest of the note when shown
    return _escape(lines)


def _parse_plain(kind: str, lines: list[str]) -> Any:
    """An answer's value from its (trimmed) body lines; BadAnswer when they do not fit."""
    if not lines or (len(lines) == 1 and lines[0].strip(" \t") == SKIPPED):
        return None
    if kind in _LIST_TYPES:
        if len(lines) == 1 and lines[0].strip(" \t") == NO_ITEMS:
            return []
        items = []
        for line in lines:
            if is_blank(line):
                continue
            bullet = _BULLET.match(line)
            item = (line[bullet.end() :] if bullet else line).strip(" \t")
            if bullet:
                item = _TASKLIKE_ESCAPED.sub(r"\1\2", _BOX_START_ESCAPED.sub(r"\1", item))
            items.append(item)
        return items
    if kind in ("scale", "number", "yesno"):
        if len([line for line in lines if not is_blank(line)]) > 1:
            raise BadAnswer("should be on one line")
        text = lines[0].strip(" \t")
        if kind == "scale":
            match = _INTEGER.match(text)
            if match is None:
                raise BadAnswer(f"should be a whole number on the scale, not {text!r}")
            return int(match.group())
        if kind == "number":
            match = _NUMBER.match(text)
            if match is None:
                raise BadAnswer(f"should be a number (e.g. 12 or 12.5), not {text!r}")
            sign, digits, exponent = match.groups()
            digits = digits.replace(",", "")
            if "." in digits or exponent:
                return float(sign + digits + (exponent or ""))
            return int(sign + digits)
        word = text.casefold().rstrip(".!")
        if word in _YES:
            return True
        if word in _NO:
            return False
        raise BadAnswer(f"should be Yes or No, not {text!r}")
    return "\n".join(_unescape(lines))


def _parse_json(lines: list[str]) -> tuple[bool, Any]:
    """(True, value) when ``lines`` are a ```json block holding valid JSON."""
    if len(lines) < 3:
        return False, None
    opening = _FENCE.fullmatch(lines[0])
    closing = _FENCE.fullmatch(lines[-1])
    if (
        opening is None
        or closing is None
        or opening.group(2).strip(" \t") != "json"
        or closing.group(2).strip(" \t")
        or closing.group(1)[0] != opening.group(1)[0]
    ):
        return False, None
    try:
        return True, json.loads("\n".join(lines[1:-1]))
    except ValueError:
        return False, None


def value_lines(answer: Answer, question: object) -> tuple[list[str], bool]:
    """An answer's lines, plain when that reads back exactly, else JSON; and which it is."""
    plain = _plain_lines(answer, question)
    if plain is not None:
        try:
            exact = _same(_parse_plain(answer.type, trim(plain)), answer.value)
        except BadAnswer:
            exact = False
        if exact:
            return plain, False
    return ["```json", _json_text(answer.value), "```"], True


def answer_lines(
    answer: Answer, question: object, visibility: Visibility | None = None
) -> list[str]:
    """The marker and the answer, plain when that reads back exactly, else as JSON.

    ``visibility`` is written in the marker when the answer's differs from its section's.
    """
    lines, json_form = value_lines(answer, question)
    return [_marker(answer, json_form=json_form, visibility=visibility), *lines]


def text_lines(text: str) -> tuple[list[str], bool]:
    """Free text (a summary, a feedback statement) as answer lines, and whether in JSON."""
    from coachcli.session import Answer

    return value_lines(Answer(id="text", prompt="", type="text", value=text), None)


# Hidden markers of a format-2 body (docs/notes.md): which section a heading
# opens, which template a feedback statement came from, which action a review
# line is about, a summary or statement kept in JSON, and who may read each
# part (shared or private). The last marker of a line is the one: a review's
# label before it may look like one.
_NAMED = re.compile(
    r"<!--[ \t]*(section|feedback|review|summary|actions):[ \t]*((?:(?!<!--).)*?)[ \t]*-->[ \t]*$"
)


def marker(kind: str, *tokens: str) -> str:
    """A hidden marker: ``<!-- section: goal coaching -->``."""
    return f"<!-- {kind}: {' '.join(_token(t) for t in tokens)} -->"


def parse_named_marker(text: str) -> tuple[str, list[str]] | None:
    """(kind, tokens) of a hidden marker at the end of ``text``, or None."""
    found = _NAMED.search(text)
    if found is None:
        return None
    return found.group(1), [_untoken(t) for t in _TOKENS.findall(found.group(2))]


def strip_marker(text: str) -> str:
    """``text`` without a hidden marker at its end."""
    found = _NAMED.search(text)
    return text[: found.start()].rstrip(" \t") if found else text


def _marker(answer: Answer, *, json_form: bool, visibility: Visibility | None) -> str:
    flags = (" json" if json_form else "") + (f" {visibility}" if visibility else "")
    return f"<!-- q: {_token(answer.id)} {_token(answer.type)}{flags} -->"


class QuestionMarker(NamedTuple):
    """What a ``<!-- q: ID TYPE [json] [shared|private] -->`` line says."""

    id: str
    type: str
    json_form: bool
    visibility: Visibility | None
    """The answer's own visibility; None: its section's."""


def parse_marker(line: str) -> QuestionMarker | None:
    """What a question's marker line says, or None when the line is not one."""
    marker = _MARKER.fullmatch(line.strip(" \t"))
    if marker is None:
        return None
    tokens = _MARKER_TOKENS.fullmatch(marker.group(1))
    if tokens is None:
        return None
    flags = tokens.group(3).split()
    return QuestionMarker(
        _untoken(tokens.group(1)), _untoken(tokens.group(2)), "json" in flags, visibility_of(flags)
    )


def answer_value(kind: str, lines: list[str], *, json_form: bool) -> Any:
    """An answer's value from its (trimmed) lines below the marker; BadAnswer when they do not fit.

    A JSON answer rewritten by hand as prose is read as prose.
    """
    if json_form:
        ok, value = _parse_json(lines)
        if ok:
            return value
    return _parse_plain(kind, lines)


def prompt_heading(prompt: str) -> str:
    """A prompt as heading text: as is when it reads back exactly, else a JSON string."""
    if not _UNSAFE.search(prompt) and "\n" not in prompt:
        text = heading_text(f"### {prompt}")
        if text is not None and decode_prompt(text) == prompt:
            return prompt
    return _json_text(prompt)


def decode_prompt(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] == '"':
        try:
            value = json.loads(text)
        except ValueError:
            return text
        if isinstance(value, str):
            return value
    return text


# =========================================================================== display text


def inline(text: str) -> str:
    """Display text for one line: line breaks and control characters become spaces."""
    return _CONTROL.sub(" ", _BREAKS.sub(" ", text)).strip()
