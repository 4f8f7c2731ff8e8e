"""Session notes: Markdown with YAML front matter.

A note is one file, ``<YYYY-MM-DD>-<framework-id>.md``::

    ---
    schema: 1                 # the note format; a newer one asks you to upgrade
    rep: Alex Kim
    date: 2026-11-27          # a YAML date (Obsidian shows it as a date)
    started: '2026-11-27T10:02:13+01:00'
    ...                       # everything tools need: see coachcli.properties
    ---

    # Alex Kim · GROW coaching conversation · 27 Nov 2026
    ...
    ### What do you want to get out of this conversation?
    <!-- q: goal-outcome text -->
    The answer, as typed.

The front matter is the record of everything except the answers; ``date``,
``duration_minutes`` and ``questions_asked`` are derived copies for tools and
are not trusted when a note is read. The answers live only in the body: each
one is the text after its ``<!-- q: ID TYPE -->`` marker, up to the next
heading, and the heading above the marker is the question's prompt. Editing
an answer by hand is therefore reflected when the note is read back.

An answer is written plainly whenever that reads back exactly; a line that
would otherwise be a heading or start raw HTML (``# ...``, ``<...``) gets a
Markdown backslash escape (``\\# ...``), which is removed again on reading.
Anything the plain form cannot carry exactly (outer blank lines or
whitespace, control characters, carriage returns, an unclosed code fence, a
value of an unexpected type) is written as a JSON literal in a ```` ```json ````
block and the marker says so: ``<!-- q: ID TYPE json -->``. So every answer
round-trips exactly, and ordinary answers stay plain, readable Markdown.

Splitting a note and its YAML are :mod:`coachcli.frontmatter`'s; what the
front matter holds, and the one check of it (shared with the index), is
:mod:`coachcli.properties`. Nothing here touches files except
:func:`write_note` (see :mod:`coachcli.fsys`).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from coachcli.framework import Framework, Metric, NumberQuestion, Rating, ScaleQuestion
from coachcli.frontmatter import (
    NoteError,
    join_note,
    note_error,
    read_front_matter,
    read_note,
    split_note,
)
from coachcli.fsys import atomic_write
from coachcli.layout import note_filename
from coachcli.properties import SectionProperties, check_properties, properties_of
from coachcli.session import Answer, SectionRecord, Session

__all__ = [
    "NO_ITEMS",
    "SKIPPED",
    "NoteError",
    "from_markdown",
    "note_filename",
    "read_front_matter",
    "split_note",
    "to_markdown",
    "write_note",
]

SKIPPED = "_(skipped)_"
"""The body text of a skipped question."""
NO_ITEMS = "_(none)_"
"""The body text of a list answer with no items."""

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LIST_TYPES = ("multi", "list")
_Model = TypeVar("_Model", bound=BaseModel)


# =========================================================================== body: shared


_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*))?$")
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})(.*)$")
_MARKER = re.compile(r"<!--[ \t]*q:[ \t]*(.*?)[ \t]*-->[ \t]*$")
_TOKEN_TEXT = r'"(?:[^"\\]|\\.)*"|[^\s"]+'
_MARKER_TOKENS = re.compile(rf"({_TOKEN_TEXT})[ \t]+({_TOKEN_TEXT})(?:[ \t]+(json))?")
_PLAIN_TOKEN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
# a line that would end an answer (an ATX heading) or start raw HTML, after
# 0-3 spaces and any backslashes already there; ESCAPED: the same with >= 1
_ESCAPABLE = re.compile(r"( {0,3})(\\*)(?=#{1,6}(?:[ \t]|$)|<)")
_ESCAPED = re.compile(r"( {0,3})\\(\\*)(?=#{1,6}(?:[ \t]|$)|<)")
# characters a plain answer may not hold: control characters other than tab
# and newline (a carriage return does not survive a text-mode read), and the
# Unicode line and paragraph separators some editors treat as line breaks
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")
_BREAKS = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _heading_text(line: str) -> str | None:
    """The text of an ATX heading line (closing #s removed), or None."""
    match = _HEADING.match(line)
    if match is None:
        return None
    text = (match.group(2) or "").strip(" \t")
    return _CLOSING_HASHES.sub("", text).strip(" \t") if text.endswith("#") else text


class _Fences:
    """Follows fenced code blocks line by line, as a Markdown reader does."""

    def __init__(self) -> None:
        self.open: str | None = None

    def is_code(self, line: str) -> bool:
        """Whether ``line`` is a fence line or inside a fenced block."""
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
    fences = _Fences()
    return [
        line if fences.is_code(line) else _ESCAPABLE.sub(r"\1\\\2", line, count=1) for line in lines
    ]


def _unescape(lines: Iterable[str]) -> list[str]:
    fences = _Fences()
    return [
        line if fences.is_code(line) else _ESCAPED.sub(r"\1\2", line, count=1) for line in lines
    ]


def _json_text(value: object) -> str:
    """Compact JSON on one line, with every character that could upset an editor escaped."""
    text = json.dumps(value, ensure_ascii=False)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _token(text: str) -> str:
    """An id or type for a marker: as is when simple, else a JSON string without '>'."""
    if _PLAIN_TOKEN.fullmatch(text):
        return text
    return json.dumps(text).replace(">", "\\u003e")


def _untoken(token: str) -> str:
    if token.startswith('"'):
        try:
            value = json.loads(token)
        except ValueError:
            return token
        return value if isinstance(value, str) else token
    return token


def _is_blank(line: str) -> bool:
    return not line.strip(" \t")


def _trim(lines: list[str]) -> list[str]:
    """Without the blank lines at either end."""
    start, end = 0, len(lines)
    while start < end and _is_blank(lines[start]):
        start += 1
    while end > start and _is_blank(lines[end - 1]):
        end -= 1
    return lines[start:end]


# =========================================================================== body: answers


class _BadAnswer(ValueError):
    """An answer's text that does not fit its type (e.g. a number question)."""


def _same(a: object, b: object) -> bool:
    """Equal, and of the same type (a number may be an int or a float)."""
    numbers = (int, float)
    if isinstance(a, numbers) and isinstance(b, numbers):
        if isinstance(a, bool) or isinstance(b, bool):
            return type(a) is type(b) and a == b
        return a == b
    return type(a) is type(b) and a == b


def _format_number(value: float) -> str:
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
    kind, value = answer.type, answer.value
    if value is None:
        return [SKIPPED]
    if kind == "scale":
        if type(value) is not int:
            return None
        if isinstance(question, ScaleQuestion) and question.min <= value <= question.max:
            return [f"{value} — {_inline(question.labels[value - question.min])}"]
        return [str(value)]
    if kind == "number":
        if not isinstance(value, int | float) or isinstance(value, bool):
            return None
        if not math.isfinite(value):
            return None
        unit = question.unit if isinstance(question, NumberQuestion) else ""
        return [_format_number(value) + (f" {_inline(unit)}" if unit.strip() else "")]
    if kind == "yesno":
        return ["Yes" if value else "No"] if isinstance(value, bool) else None
    if kind in _LIST_TYPES:
        if not isinstance(value, list):
            return None
        if any("\n" in item or _UNSAFE.search(item) for item in value):
            return None
        return [f"- {item}" for item in value] if value else [NO_ITEMS]
    if not isinstance(value, str) or _UNSAFE.search(value):
        return None
    lines = value.split("\n")
    fences = _Fences()
    for line in lines:
        fences.is_code(line)
    if fences.open is not None:
        return None  # an unclosed ``` would swallow the rest of the note when shown
    return _escape(lines)


def _parse_plain(kind: str, lines: list[str]) -> Any:
    """An answer's value from its (trimmed) body lines; _BadAnswer when they do not fit."""
    if not lines or (len(lines) == 1 and lines[0].strip(" \t") == SKIPPED):
        return None
    if kind in _LIST_TYPES:
        if len(lines) == 1 and lines[0].strip(" \t") == NO_ITEMS:
            return []
        items = []
        for line in lines:
            if _is_blank(line):
                continue
            bullet = _BULLET.match(line)
            items.append((line[bullet.end() :] if bullet else line).strip(" \t"))
        return items
    if kind in ("scale", "number", "yesno"):
        if len([line for line in lines if not _is_blank(line)]) > 1:
            raise _BadAnswer("should be on one line")
        text = lines[0].strip(" \t")
        if kind == "scale":
            match = _INTEGER.match(text)
            if match is None:
                raise _BadAnswer(f"should be a whole number on the scale, not {text!r}")
            return int(match.group())
        if kind == "number":
            match = _NUMBER.match(text)
            if match is None:
                raise _BadAnswer(f"should be a number (e.g. 12 or 12.5), not {text!r}")
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
        raise _BadAnswer(f"should be Yes or No, not {text!r}")
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


def _answer_lines(answer: Answer, question: object) -> list[str]:
    """The marker and the answer, plain when that reads back exactly, else as JSON."""
    plain = _plain_lines(answer, question)
    if plain is not None:
        try:
            exact = _same(_parse_plain(answer.type, _trim(plain)), answer.value)
        except _BadAnswer:
            exact = False
        if exact:
            return [_marker(answer, json_form=False), *plain]
    return [_marker(answer, json_form=True), "```json", _json_text(answer.value), "```"]


def _marker(answer: Answer, *, json_form: bool) -> str:
    flag = " json" if json_form else ""
    return f"<!-- q: {_token(answer.id)} {_token(answer.type)}{flag} -->"


def _prompt_heading(prompt: str) -> str:
    """A prompt as heading text: as is when it reads back exactly, else a JSON string."""
    if not _UNSAFE.search(prompt) and "\n" not in prompt:
        text = _heading_text(f"### {prompt}")
        if text is not None and _decode_prompt(text) == prompt:
            return prompt
    return _json_text(prompt)


def _decode_prompt(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] == '"':
        try:
            value = json.loads(text)
        except ValueError:
            return text
        if isinstance(value, str):
            return value
    return text


# =========================================================================== body: writing


def _inline(text: str) -> str:
    """Display text for one line: line breaks and control characters become spaces."""
    return _CONTROL.sub(" ", _BREAKS.sub(" ", text)).strip()


def _quoted(text: str) -> list[str]:
    """Display text as a block quote, line by line."""
    lines = [_CONTROL.sub(" ", line) for line in _BREAKS.split(text)]
    return [f"> {line}" if line.strip() else ">" for line in _escape(lines)]


def _long_date(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _clock(seconds: int) -> str:
    minutes, secs = divmod(max(0, seconds), 60)
    return f"{minutes}:{secs:02d}"


def _body(session: Session, framework: Framework | None) -> list[str]:
    questions: dict[str, object] = {}
    ratings: dict[str, Rating] = {}
    metrics: dict[str, Metric] = {}
    if framework is not None:
        questions = {q.id: q for s in framework.sections for q in s.questions}
        ratings = {r.id: r for r in framework.ratings}
        metrics = {m.id: m for m in framework.metrics}

    out = [
        f"# {_inline(session.rep)} · {_inline(session.framework_name)} · "
        f"{_long_date(session.date)}",
        "",
    ]
    if session.summary.strip():
        out += [*_quoted(session.summary), ""]

    if session.reviews:
        out += ["## Commitments from last time", ""]
        for review in session.reviews:
            text = _inline(review.text)
            comment = f": {_inline(review.comment)}" if review.comment.strip() else ""
            if review.outcome == "done":
                out.append(f"- [x] {text} — done{comment}")
            elif review.outcome == "dropped":
                out.append(f"- ~~{text}~~ — dropped{comment}")
            else:
                out.append(f"- [ ] {text} — not done{comment}")
        out.append("")

    for number, section in enumerate(session.sections, start=1):
        out += [
            f"## {number}. {_inline(section.title)} · {section.kind} · "
            f"{section.planned_minutes} min planned, {_clock(section.seconds)} used",
            "",
        ]
        for answer in section.answers:
            question = questions.get(answer.id)
            if question is not None and getattr(question, "type", None) != answer.type:
                question = None
            out += [
                f"### {_prompt_heading(answer.prompt)}",
                *_answer_lines(answer, question),
                "",
            ]

    if session.feedback:
        out += ["## Feedback", ""]
        for item in session.feedback:
            style = f" ({_inline(item.style)})" if item.style and item.style != "any" else ""
            out += [f"**{_inline(item.name)}**{style}", *_quoted(item.text), ""]

    if session.ratings:
        out += ["## Ratings", ""]
        for rid, value in session.ratings.items():
            rating = ratings.get(rid)
            if rating is None:
                out.append(f"- {_inline(rid)}: {value}")
                continue
            line = f"- {_inline(rating.name)}: {value} of {rating.max}"
            if rating.min <= value <= rating.max:
                line += f" — {_inline(rating.anchors[value - rating.min])}"
            out.append(line)
        out.append("")

    if session.metrics:
        out += ["## Metrics", ""]
        for mid, amount in session.metrics.items():
            metric = metrics.get(mid)
            if metric is None:
                out.append(f"- {_inline(mid)}: {_format_number(amount)}")
                continue
            line = f"- {_inline(metric.name)}: {_with_unit(amount, metric.unit)}"
            if metric.target is not None:
                line += f" (target {_with_unit(metric.target, metric.unit)})"
            out.append(line)
        out.append("")

    if session.actions:
        out += ["## Action items", ""]
        for action in session.actions:
            text = _inline(action.text)
            where = f"{action.owner}, due {action.due.isoformat()} ({_inline(action.id)})"
            if action.status == "dropped":
                out.append(f"- ~~{text}~~ — {where} — dropped")
            else:
                box = "[x]" if action.status == "done" else "[ ]"
                out.append(f"- {box} {text} — {where}")
        out.append("")

    while out and out[-1] == "":
        out.pop()
    return out


def _with_unit(amount: float, unit: str) -> str:
    shown = _format_number(amount)
    unit = _inline(unit)
    if not unit:
        return shown
    return f"{shown}{unit}" if unit == "%" else f"{shown} {unit}"


def to_markdown(session: Session, framework: Framework | None = None) -> str:
    """The whole note: YAML front matter, then a Markdown body for people.

    ``framework`` (the session's) only adds scale labels, rating anchors and
    metric units and targets to the body; the note reads back the same
    without it.
    """
    return join_note(properties_of(session), "\n".join(_body(session, framework)) + "\n")


# =========================================================================== reading


@dataclass
class _Block:
    """One question in the body: its marker, prompt and answer lines."""

    id: str
    type: str
    prompt: str
    json_form: bool
    lines: list[str]
    line: int
    """The marker's line number in the file."""


@dataclass
class _Heading:
    text: str
    line: int
    lines: list[tuple[int, str]] = field(default_factory=list)


def _question_blocks(body: str, first_line: int) -> list[_Block]:
    headings: list[_Heading] = []
    fences = _Fences()
    for number, line in enumerate(body.split("\n"), start=first_line):
        if fences.open is None:
            text = _heading_text(line)
            if text is not None:
                headings.append(_Heading(text, number))
                continue
        fences.is_code(line)
        if headings:
            headings[-1].lines.append((number, line))
    blocks = []
    for heading in headings:
        rest = list(heading.lines)
        while rest and _is_blank(rest[0][1]):
            rest.pop(0)
        if not rest:
            continue
        number, first = rest[0]
        marker = _MARKER.fullmatch(first.strip(" \t"))
        if marker is None:
            continue
        tokens = _MARKER_TOKENS.fullmatch(marker.group(1))
        if tokens is None:
            continue
        blocks.append(
            _Block(
                id=_untoken(tokens.group(1)),
                type=_untoken(tokens.group(2)),
                prompt=_decode_prompt(heading.text),
                json_form=tokens.group(3) is not None,
                lines=_trim([line for _, line in rest[1:]]),
                line=number,
            )
        )
    return blocks


def _block_value(block: _Block) -> Any:
    """The answer's value; _BadAnswer when its text does not fit its type.

    A JSON answer rewritten by hand as prose is read as prose.
    """
    if block.json_form:
        ok, value = _parse_json(block.lines)
        if ok:
            return value
    return _parse_plain(block.type, block.lines)


def from_markdown(text: str, source: str = "<note>") -> Session:
    """Read a note back into a Session; raise NoteError naming ``source`` when it is broken.

    Everything except the answers comes from the front matter; the answers
    (and prompts) come from the body, so hand edits to an answer count.
    Keys coachcli does not know (e.g. properties added in Obsidian) are ignored.
    """
    data, body, body_line = read_note(text, source)
    note = check_properties(data, source)

    pool: dict[str, list[_Block]] = {}
    for block in _question_blocks(body, body_line):
        pool.setdefault(block.id, []).append(block)
    sections = [_section(section, i, pool, source) for i, section in enumerate(note.sections)]
    leftover = [b for blocks in pool.values() for b in blocks]
    if leftover:
        block = min(leftover, key=lambda b: b.line)
        raise note_error(
            source,
            f"line {block.line}: the body answers question {block.id!r}, "
            "but no section in the front matter lists it.",
            hint="Add its id to that section's 'questions' in the front matter, "
            "or remove the answer.",
        )
    ended = note.ended or note.started + timedelta(minutes=note.duration_minutes)
    return _model(Session, note, sections=sections, ended=ended)


def _model(model: type[_Model], values: object, **others: Any) -> _Model:
    """``model`` from the attributes of ``values`` named as its fields, and ``others``.

    The checked properties carry the session's own names, so they are handed
    over by name (nested ones too); the values are already of the right types.
    """
    fields = {name: getattr(values, name) for name in model.model_fields if name not in others}
    return model.model_validate({**fields, **others}, from_attributes=True)


def _section(
    section: SectionProperties, index: int, pool: dict[str, list[_Block]], source: str
) -> SectionRecord:
    """The section with the answers its questions have in the body (taken from ``pool``)."""
    answers = []
    for qid in section.questions:
        blocks = pool.get(qid)
        if not blocks:
            raise note_error(
                source,
                f"sections.{index}.questions: question {qid!r} has no answer in the body.",
                hint=f"Each answer follows a heading and a line <!-- q: {qid} TYPE -->; "
                "restore it, or remove the id from the front matter.",
            )
        block = blocks.pop(0)
        if not blocks:
            del pool[qid]
        answers.append(_answer(block, source))
    return _model(SectionRecord, section, answers=answers)


def _answer(block: _Block, source: str) -> Answer:
    hint = "Fix the answer below its <!-- q: ... --> line, or write _(skipped)_."
    try:
        value = _block_value(block)
    except _BadAnswer as exc:
        raise note_error(
            source, f"line {block.line}: the answer to {block.id!r} {exc}.", hint
        ) from None
    try:
        return Answer(id=block.id, prompt=block.prompt, type=block.type, value=value)
    except ValidationError:  # JSON that is not an answer: a mapping, a list of numbers...
        raise note_error(
            source,
            f"line {block.line}: the answer to {block.id!r} should be text, a number, "
            "yes or no, or a list of text.",
            hint,
        ) from None


def write_note(folder: Path, session: Session, framework: Framework | None = None) -> Path:
    """Write the session's note under a free name in ``folder``; return its path."""
    name = note_filename(session.date, session.framework, lambda n: (folder / n).exists())
    path = folder / name
    atomic_write(path, to_markdown(session, framework))
    return path
