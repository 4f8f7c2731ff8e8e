"""Reading a note back into a session: the start of the reader of hand-edited notes.

The front matter is checked by :func:`coachcli.properties.check_properties`
(the same check the index makes); the answers and their prompts come from
the body, so an answer corrected by hand is what is read. A note the reader
cannot make sense of is a NoteError naming the file (and the line, for a
problem in the body).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from coachcli.frontmatter import note_error, read_note
from coachcli.notes.body import (
    BadAnswer,
    Fences,
    answer_value,
    decode_prompt,
    heading_text,
    is_blank,
    parse_marker,
    trim,
)
from coachcli.notes.scan import scan_body
from coachcli.properties import check_properties
from coachcli.properties_v1 import SectionProperties
from coachcli.properties_v1 import check_properties as check_v1
from coachcli.session import (
    ActionItem,
    Answer,
    Feedback,
    Review,
    SectionRecord,
    Session,
)
from coachcli.tasks import Task

_Model = TypeVar("_Model", bound=BaseModel)


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


def from_markdown(text: str, source: str = "<note>") -> Session:
    """Read a note back into a Session; raise NoteError naming ``source`` when it is broken.

    A format-2 note is read from its flat properties and its body
    (:mod:`coachcli.notes.scan`), so every hand edit counts; unlike the
    index, which warns and reads on, this reader refuses a body it cannot
    read whole (the first problem, with its line). A format-1 note is read
    from its front matter, with the answers from the body. Keys coachcli does
    not know (e.g. properties added in Obsidian) are ignored.
    """
    data, body, body_line = read_note(text, source)
    if data["schema"] >= 2:
        return _from_format_2(data, body, body_line, source)
    note = check_v1(data, source)

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
    fields = {
        name: getattr(values, name)
        for name in model.model_fields
        if name not in others and hasattr(values, name)  # the rest: what format 1 never had
    }
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
        value = answer_value(block.type, block.lines, json_form=block.json_form)
    except BadAnswer as exc:
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


def _question_blocks(body: str, first_line: int) -> list[_Block]:
    headings: list[_Heading] = []
    fences = Fences()
    for number, line in enumerate(body.split("\n"), start=first_line):
        if fences.open is None:
            text = heading_text(line)
            if text is not None:
                headings.append(_Heading(text, number))
                continue
        fences.is_code(line)
        if headings:
            headings[-1].lines.append((number, line))
    blocks = []
    for heading in headings:
        rest = list(heading.lines)
        while rest and is_blank(rest[0][1]):
            rest.pop(0)
        if not rest:
            continue
        number, first = rest[0]
        marker = parse_marker(first)
        if marker is None:
            continue
        qid, kind, json_form, _ = marker  # format 1 had no visibility: all of it private
        blocks.append(
            _Block(
                id=qid,
                type=kind,
                prompt=decode_prompt(heading.text),
                json_form=json_form,
                lines=trim([line for _, line in rest[1:]]),
                line=number,
            )
        )
    return blocks


def _from_format_2(data: dict[str, Any], body: str, body_line: int, source: str) -> Session:
    note = check_properties(data, source)
    scanned = scan_body(body, body_line)
    if scanned.problems:
        raise note_error(source, scanned.problems[0] + ".")
    share = {
        "coaching": note.coaching_minutes,
        "performance": note.performance_minutes,
        "neutral": note.neutral_minutes,
    }
    count = {kind: sum(1 for s in scanned.sections if s.kind == kind) for kind in share}
    sections = []
    for section in scanned.sections:
        answers = []
        for item in section.answers:
            try:
                answers.append(
                    Answer(
                        id=item.id,
                        prompt=item.prompt,
                        type=item.type,
                        value=item.value,
                        shared=item.shared,
                    )
                )
            except ValidationError:
                raise note_error(
                    source,
                    f"line {item.line}: the answer to {item.id!r} should be text, a number, "
                    "yes or no, or a list of text.",
                ) from None
        seconds = round(share.get(section.kind, 0.0) * 60 / max(1, count.get(section.kind, 1)))
        record = {"id": section.id, "title": section.title, "kind": section.kind,
                  "planned_minutes": 0, "seconds": seconds, "answers": answers,
                  "shared": section.shared}  # fmt: skip
        try:
            sections.append(SectionRecord.model_validate(record))
        except ValidationError:
            raise note_error(
                source,
                f"line {section.line}: a section's kind should be "
                "coaching, performance or neutral.",
            ) from None
    return Session(
        rep=note.rep,
        rep_slug="",
        manager=note.manager,
        started=note.started,
        ended=note.ended,
        framework=note.framework,
        framework_name=scanned.framework_name or note.framework,
        framework_version=note.framework_version,
        kind=note.kind,
        sections=sections,
        ratings=note.ratings,
        metrics=note.metrics,
        feedback=[
            Feedback(template=f.template, name=f.name, style=f.style, text=f.text, shared=f.shared)
            for f in scanned.feedback
        ],
        actions=[_action(t.task) for t in scanned.tasks],
        reviews=[
            Review(
                action=r.action, text=r.label, outcome=r.outcome, comment=r.comment, shared=r.shared
            )
            for r in scanned.reviews
        ],
        summary=scanned.summary,
        summary_shared=scanned.summary_shared,
        actions_shared=scanned.actions_shared,
        shared_measures=list(note.shared),
        tags=list(note.tags),
        subject=note.subject,
        subject_kind=note.subject_kind or None,
    )


def _action(task: Task) -> ActionItem:
    assert task.id is not None and task.due is not None  # the scan keeps no other
    return ActionItem(id=task.id, text=task.text, owner=task.owner or "rep", due=task.due,
                      status=task.status, closed_on=task.closed_on)  # fmt: skip
