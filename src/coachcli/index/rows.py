"""A note's rows in the index: the flat records of :mod:`coachcli.records`, from its properties.

The note is checked by :func:`coachcli.properties.check_properties`, the one
check every reader of notes uses; this module only derives what listings
need from the checked values: the time spent coaching and managing
performance, and the records of its action items and reviews.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coachcli.frontmatter import read_note
from coachcli.properties import NoteProperties, check_properties
from coachcli.records import ActionRow, NoteRow, ReviewRow


@dataclass(frozen=True, slots=True)
class IndexedNote:
    """What the index keeps of one note: its records and its body's text for search."""

    row: NoteRow
    actions: list[ActionRow]
    reviews: list[ReviewRow]
    body: str
    body_line: int
    """The file's line number of the body's first line."""


def read_note_rows(text: str, path: Path, rep_slug: str) -> IndexedNote:
    """The records of the note ``text`` (the file ``path``); NoteError when it is broken."""
    data, body, body_line = read_note(text, str(path))
    row, actions, reviews = rows_from_front_matter(data, path, rep_slug)
    return IndexedNote(row, actions, reviews, body, body_line)


def rows_from_front_matter(
    data: Mapping[str, Any], path: Path, rep_slug: str
) -> tuple[NoteRow, list[ActionRow], list[ReviewRow]]:
    """The records of one note from its front matter; NoteError naming the key when it is wrong.

    ``rep_slug`` (the folder name) is the rep's identity; the note's
    ``rep_slug`` key is ignored. Coaching and performance minutes are the
    time used in sections of that kind, or the time planned when no section
    recorded any time; a note without sections counts its duration for its
    kind.
    """
    note = check_properties(data, str(path))
    coaching, performance = _minutes_by_kind(note)
    row = NoteRow(
        path,
        rep_slug,
        note.rep,
        note.started,
        note.framework,
        note.framework_name,
        note.kind,
        note.duration_minutes,
        coaching,
        performance,
        note.summary,
        note.ratings,
        note.metrics,
        note.questions_asked,
    )
    created = note.started.date()
    actions = [
        ActionRow(a.id, rep_slug, a.text, a.owner, a.due, created, path, a.status)
        for a in note.actions
    ]
    reviews = [
        ReviewRow(r.action, rep_slug, created, r.outcome, r.comment, path) for r in note.reviews
    ]
    return row, actions, reviews


def _minutes_by_kind(note: NoteProperties) -> tuple[float, float]:
    """(coaching, performance) minutes."""
    totals = {"coaching": 0.0, "performance": 0.0}
    used = sum(section.seconds for section in note.sections)
    for section in note.sections:
        totals[section.kind] += section.seconds / 60 if used else float(section.planned_minutes)
    if not note.sections and note.kind in totals:
        totals[note.kind] = float(note.duration_minutes)
    return totals["coaching"], totals["performance"]
