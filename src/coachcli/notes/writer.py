"""Writing a session's note (format 2, docs/notes.md): flat properties, then the body.

Everything said in the 1:1 is written once, in the body: the summary, the
reviews of earlier actions, each section's questions and answers (below
their hidden markers, in the form :mod:`coachcli.notes.body` chooses),
feedback as quotes, and the action items as Obsidian Tasks lines
(:mod:`coachcli.tasks`). Nothing here reads a note.
"""

from __future__ import annotations

import re
from pathlib import Path

from coachcli.framework import Framework
from coachcli.frontmatter import join_note
from coachcli.fsys import create_new
from coachcli.layout import note_filenames
from coachcli.notes.body import (
    OUTCOME_WORDS,
    answer_lines,
    inline,
    marker,
    prompt_heading,
    text_lines,
)
from coachcli.properties import properties_of
from coachcli.session import Session
from coachcli.tasks import Task, format_task
from coachcli.visibility import word
from coachcli.wording import long_date

_LINE_END = re.compile(r"\r\n|[\r\n]")


def _body(session: Session, framework: Framework | None) -> list[str]:
    questions: dict[str, object] = {}
    if framework is not None:
        questions = {q.id: q for s in framework.sections for q in s.questions}

    rep = inline(session.rep).replace(" · ", " - ")  # the title is read back split at " · "
    out = [
        f"# {rep} · {inline(session.framework_name)} · {long_date(session.date)}",
        "",
    ]
    if session.summary:
        lines, json_form = text_lines(session.summary)
        flags = ["json"] if json_form else []
        out += ["## Summary", marker("summary", word(session.summary_shared), *flags), ""]
        out += [*lines, ""]

    if session.reviews:
        out += ["## Commitments from last time", ""]
        for review in session.reviews:
            label = inline(review.text).replace(" — ", " - ")
            comment = f" — {inline(review.comment)}" if review.comment.strip() else ""
            outcome = OUTCOME_WORDS[review.outcome]
            seen = word(review.shared)
            out.append(f"- {outcome} · {label}{comment} {marker('review', review.action, seen)}")
        out.append("")

    for section in session.sections:
        out += [
            f"## {inline(section.title) or section.id} · {section.kind}",
            marker("section", section.id, section.kind, word(section.shared)),
            "",
        ]
        for answer in section.answers:
            question = questions.get(answer.id)
            if question is not None and getattr(question, "type", None) != answer.type:
                question = None
            own = word(answer.shared) if answer.shared != section.shared else None
            out += [
                f"### {prompt_heading(answer.prompt)}",
                *answer_lines(answer, question, own),
                "",
            ]

    if session.feedback:
        out += ["## Feedback", ""]
        for item in session.feedback:
            lines, json_form = text_lines(item.text)
            flags = ["json"] if json_form else []
            out += [
                f"**{inline(item.name) or item.template}**",
                marker(
                    "feedback", item.template or "-", item.style or "any", *flags, word(item.shared)
                ),
                *(lines if json_form else [f"> {line}" if line else ">" for line in lines]),
                "",
            ]

    if session.actions:
        out += ["## Action items", marker("actions", word(session.actions_shared)), ""]
        for action in session.actions:
            task = Task(
                text=_LINE_END.sub(" ", action.text).strip(" \t"),  # a task line holds one line
                status=action.status,
                due=action.due,
                owner=action.owner,
                id=action.id,
                closed_on=action.closed_on,
            )
            out.append(format_task(task))
        out.append("")

    while out and out[-1] == "":
        out.pop()
    return out


def to_markdown(session: Session, framework: Framework | None = None) -> str:
    """The whole note: flat properties as YAML front matter, then the body (docs/notes.md).

    ``framework`` (the session's) only adds scale labels and units to the
    answers; the note reads back the same without it.
    """
    return join_note(properties_of(session), "\n".join(_body(session, framework)) + "\n")


def write_note(folder: Path, session: Session, framework: Framework | None = None) -> Path:
    """Write the session's note under a free name in ``folder``; return its path."""
    names = note_filenames(session.date, session.framework, session.subject)
    return create_new(folder, names, to_markdown(session, framework))
