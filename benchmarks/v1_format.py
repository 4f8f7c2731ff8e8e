"""Notes as coachcli 0.1 wrote them (format 1), for benchmarks only: the same session, the old way.

``benchmarks/note_format.py`` writes each generated session in both formats
to measure reading them side by side. This is the 0.1 writer, unchanged but
for its imports; the product no longer writes format 1 (it still reads it).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, TypeVar

from coachcli.framework import Framework, Metric, Rating
from coachcli.frontmatter import Flow, join_note
from coachcli.notes.body import answer_lines, format_number, inline, prompt_heading
from coachcli.session import Session

_Number = TypeVar("_Number", bound=float)
_Definition = TypeVar("_Definition")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def quoted(text: str) -> list[str]:
    """Display text as a block quote, line by line (as 0.1 wrote summaries and feedback)."""
    return [f"> {inline(line)}" if line.strip() else ">" for line in text.split("\n")]


def to_markdown_v1(session: Session, framework: Framework | None = None) -> str:
    """The whole note in format 1."""
    return join_note(properties_of(session), "\n".join(_body(session, framework)) + "\n")


def properties_of(session: Session) -> dict[str, Any]:
    """The front matter of ``session``'s note, in the order it is written."""
    return {
        "schema": 1,
        "rep": session.rep,
        "rep_slug": session.rep_slug,
        "manager": session.manager,
        "date": session.date,
        "started": session.started.isoformat(),
        "ended": session.ended.isoformat(),
        "duration_minutes": session.duration_minutes,
        "framework": session.framework,
        "framework_name": session.framework_name,
        "framework_version": session.framework_version,
        "kind": session.kind,
        "tags": Flow(session.tags),
        "summary": session.summary,
        "sections": [
            {
                "id": s.id,
                "title": s.title,
                "kind": s.kind,
                "planned_minutes": s.planned_minutes,
                "seconds": s.seconds,
                "questions": Flow(a.id for a in s.answers),
            }
            for s in session.sections
        ],
        "questions_asked": Flow(session.questions_asked),
        "ratings": dict(session.ratings),
        "metrics": {k: _number(v) for k, v in session.metrics.items()},
        "actions": [
            {"id": a.id, "text": a.text, "owner": a.owner, "due": a.due, "status": a.status}
            for a in session.actions
        ],
        "reviews": [
            {"action": r.action, "text": r.text, "outcome": r.outcome, "comment": r.comment}
            for r in session.reviews
        ],
        "feedback": [
            {
                "template": f.template,
                "name": f.name,
                "style": f.style,
                "slots": dict(f.slots),
                "text": f.text,
            }
            for f in session.feedback
        ],
    }


def _number(value: float) -> int | float:
    """42.0 -> 42 (easier to read; it is read back as a float)."""
    if math.isfinite(value) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


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
