"""Writing a session's note: its properties as YAML front matter, then a Markdown body for people.

The body shows every section's questions and answers (each answer below its
``<!-- q: ID TYPE -->`` marker, in the form :mod:`coachcli.notes.body`
chooses), feedback as quotes, ratings and metrics with the framework's
labels, and the action items as task lines. Nothing here reads a note.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import TypeVar

from coachcli.framework import Framework, Metric, Rating
from coachcli.frontmatter import join_note
from coachcli.fsys import create_new
from coachcli.layout import note_filenames
from coachcli.notes.body import (
    answer_lines,
    format_number,
    inline,
    prompt_heading,
    quoted,
)
from coachcli.properties import properties_of
from coachcli.session import Session

_Number = TypeVar("_Number", bound=float)
_Definition = TypeVar("_Definition")

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


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
        f"# {inline(session.rep)} · {inline(session.framework_name)} · {_long_date(session.date)}",
        "",
    ]
    if session.summary.strip():
        out += [*quoted(session.summary), ""]

    if session.reviews:
        out += ["## Commitments from last time", ""]
        for review in session.reviews:
            text = inline(review.text)
            comment = f": {inline(review.comment)}" if review.comment.strip() else ""
            if review.outcome == "done":
                out.append(f"- [x] {text} — done{comment}")
            elif review.outcome == "dropped":
                out.append(f"- ~~{text}~~ — dropped{comment}")
            else:
                out.append(f"- [ ] {text} — not done{comment}")
        out.append("")

    for number, section in enumerate(session.sections, start=1):
        out += [
            f"## {number}. {inline(section.title)} · {section.kind} · "
            f"{section.planned_minutes} min planned, {_clock(section.seconds)} used",
            "",
        ]
        for answer in section.answers:
            question = questions.get(answer.id)
            if question is not None and getattr(question, "type", None) != answer.type:
                question = None
            out += [
                f"### {prompt_heading(answer.prompt)}",
                *answer_lines(answer, question),
                "",
            ]

    if session.feedback:
        out += ["## Feedback", ""]
        for item in session.feedback:
            style = f" ({inline(item.style)})" if item.style and item.style != "any" else ""
            out += [f"**{inline(item.name)}**{style}", *quoted(item.text), ""]

    if session.ratings:
        out += ["## Ratings", "", *_scores(session.ratings, ratings, _rating), ""]
    if session.metrics:
        out += ["## Metrics", "", *_scores(session.metrics, metrics, _metric), ""]

    if session.actions:
        out += ["## Action items", ""]
        for action in session.actions:
            text = inline(action.text)
            where = f"{action.owner}, due {action.due.isoformat()} ({inline(action.id)})"
            if action.status == "dropped":
                out.append(f"- ~~{text}~~ — {where} — dropped")
            else:
                box = "[x]" if action.status == "done" else "[ ]"
                out.append(f"- {box} {text} — {where}")
        out.append("")

    while out and out[-1] == "":
        out.pop()
    return out


def _scores(
    values: Mapping[str, _Number],
    defined: Mapping[str, _Definition],
    describe: Callable[[_Definition, _Number], str],
) -> list[str]:
    """One line per rating or metric: as the framework defines it, else its id and value."""
    return [
        f"- {describe(defined[key], value)}"
        if key in defined
        else f"- {inline(key)}: {format_number(value)}"
        for key, value in values.items()
    ]


def _rating(rating: Rating, value: int) -> str:
    line = f"{inline(rating.name)}: {value} of {rating.max}"
    if rating.min <= value <= rating.max:
        line += f" — {inline(rating.anchors[value - rating.min])}"
    return line


def _metric(metric: Metric, amount: float) -> str:
    line = f"{inline(metric.name)}: {_with_unit(amount, metric.unit)}"
    if metric.target is not None:
        line += f" (target {_with_unit(metric.target, metric.unit)})"
    return line


def _with_unit(amount: float, unit: str) -> str:
    shown = format_number(amount)
    unit = inline(unit)
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


def write_note(folder: Path, session: Session, framework: Framework | None = None) -> Path:
    """Write the session's note under a free name in ``folder``; return its path."""
    names = note_filenames(session.date, session.framework)
    return create_new(folder, names, to_markdown(session, framework))
