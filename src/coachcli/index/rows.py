"""A note's rows in the index: the flat records of :mod:`coachcli.records`.

A format-2 note gives them from its flat properties
(:func:`coachcli.properties.check_properties`) and its body
(:func:`coachcli.notes.lean.scan_structure`): the summary, the questions asked,
the action items with the status of their boxes, the reviews. A part of the
body that cannot be read is a warning with its line; the rest is kept. A
format-1 note gives them from its front matter (:mod:`coachcli.properties_v1`).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from coachcli.flatyaml import read_flat
from coachcli.frontmatter import read_note, split_plain
from coachcli.properties import check_properties, written_properties
from coachcli.properties_v1 import NoteProperties
from coachcli.properties_v1 import check_properties as check_v1
from coachcli.records import ActionRow, NoteRow, ReviewRow

if TYPE_CHECKING:
    from coachcli.notes.lean import Written

_JSON = json.JSONEncoder(ensure_ascii=False).encode
"""``json.dumps(value, ensure_ascii=False)``, without making an encoder each time."""
_HIDDEN = re.compile(r"<!--[^\n]*?-->")
"""A marker the note hides from its reader (``<!-- q: goal text -->``, docs/notes.md)."""


def searchable(body: str) -> str:
    """The body as its reader sees it, for the full-text index: without the hidden markers.

    Their words (``shared``, ``private``, a question's id and type) are in
    every note; searched, they would match notes in which nobody wrote
    them. Each marker goes, its line stays (the line numbers of a search's
    hits are the file's).
    """
    return _HIDDEN.sub("", body) if "<!--" in body else body


class NoteParams(NamedTuple):
    """A note's rows as the index's INSERT statements take them, without the note's id.

    Plain values only: what a worker process sends back pickles small and fast.
    """

    note: tuple[object, ...]
    actions: list[tuple[object, ...]]
    reviews: list[tuple[object, ...]]
    summary: str
    body: str
    """The text the full-text index holds: :func:`searchable` of the body."""


@dataclass(frozen=True, slots=True)
class IndexedNote:
    """What the index keeps of one note: its records and its body's text for search."""

    row: NoteRow
    actions: list[ActionRow]
    reviews: list[ReviewRow]
    body: str
    body_line: int
    """The file's line number of the body's first line."""
    problems: tuple[str, ...] = ()
    """Parts of the body that could not be read (``line 42: ...``): warnings."""

    def params(self) -> NoteParams:
        """The rows of the tables ``notes``, ``actions``, ``reviews`` and ``note_text``."""
        row = self.row
        detail = _JSON([row.ratings, row.metrics, row.questions_asked])
        note = (
            row.rep_slug, row.path.name, row.rep, row.started.isoformat(),
            row.started.timestamp(), row.started.date().isoformat(), row.framework,
            row.framework_name, row.kind, row.duration_minutes, row.coaching_minutes,
            row.performance_minutes, row.summary, detail, self.body_line, row.subject,
            row.neutral_minutes, int(row.estimated),
        )  # fmt: skip
        actions: list[tuple[object, ...]] = [
            (i, a.id, a.text, a.owner, a.due.isoformat(), a.status,
             a.closed_on.isoformat() if a.closed_on else None, int(a.final), a.comment)
            for i, a in enumerate(self.actions)
        ]  # fmt: skip
        reviews: list[tuple[object, ...]] = [
            (i, r.action_id, r.outcome, r.comment) for i, r in enumerate(self.reviews)
        ]
        return NoteParams(note, actions, reviews, row.summary, searchable(self.body))


def read_note_params(text: str, path: Path, rep_slug: str) -> tuple[NoteParams, tuple[str, ...]]:
    """The rows of the note ``text`` and its problems; NoteError when it is broken.

    A note as coach writes it is read straight to the rows (:func:`written_params`);
    any other goes through :func:`read_note_rows`, with the same result.
    """
    params = written_params(text, path, rep_slug)
    if params is not None:
        return params, ()
    note = read_note_rows(text, path, rep_slug)
    return note.params(), note.problems


def written_params(text: str, path: Path, rep_slug: str) -> NoteParams | None:
    """``read_note_rows(text, path, rep_slug).params()`` of a note as coach writes it; else None.

    As written: the envelope :func:`coachcli.frontmatter.split_plain` reads,
    flat front matter (:func:`coachcli.flatyaml.read_flat`) of format 2
    holding the types coach writes (:func:`coachcli.properties.written_properties`),
    a body :func:`coachcli.notes.lean.scan_written` reads, and nothing that
    would be a warning. Property tests hold it equal to the full reading.
    """
    parts = split_plain(text)
    if parts is None:
        return None
    data = read_flat(parts.front)
    if data is None or data.get("schema") != 2 or type(data["schema"]) is not int:
        return None
    note = written_properties(data, str(path))
    if note is None:
        return None
    body = parts.body
    scanned = _scan_written()(body)
    if scanned is None:
        return None
    started = note.started
    questions = scanned.questions_asked
    row = (
        rep_slug, path.name, note.rep, started.isoformat(), started.timestamp(),
        started.date().isoformat(), note.framework, scanned.framework_name or note.framework,
        note.kind, note.minutes, note.coaching_minutes, note.performance_minutes,
        scanned.summary, _JSON([note.ratings, note.metrics, questions]), parts.body_line,
        note.subject, note.neutral_minutes, int(not note.measured),
    )  # fmt: skip
    actions: list[tuple[object, ...]] = []
    for i, (task, comment) in enumerate(scanned.tasks):
        assert task.id is not None and task.due is not None
        closed = task.closed_on
        actions.append(
            (i, task.id, task.text, task.owner or "rep", task.due.isoformat(), task.status,
             closed.isoformat() if closed else None, 1, comment)
        )  # fmt: skip
    reviews: list[tuple[object, ...]] = [
        (i, r.action, r.outcome, r.comment) for i, r in enumerate(scanned.reviews)
    ]
    return NoteParams(row, actions, reviews, scanned.summary, searchable(body))


@functools.cache
def _scan_written() -> Callable[[str], Written | None]:
    """:func:`coachcli.notes.lean.scan_written`, loaded once: a format-1 note needs none of it."""
    from coachcli.notes.lean import scan_written

    return scan_written


def read_note_rows(text: str, path: Path, rep_slug: str) -> IndexedNote:
    """The records of the note ``text`` (the file ``path``); NoteError when it is broken.

    Problems in a format-2 body do not stop the reading: they come back in
    ``problems``, one line each.
    """
    data, body, body_line = read_note(text, str(path))
    if data["schema"] >= 2:
        return _format_2(data, body, body_line, path, rep_slug)
    row, actions, reviews = rows_from_front_matter(data, path, rep_slug)
    return IndexedNote(row, actions, reviews, body, body_line)


def _format_2(
    data: Mapping[str, Any], body: str, body_line: int, path: Path, rep_slug: str
) -> IndexedNote:
    from coachcli.notes.lean import scan_structure

    note = check_properties(data, str(path))
    scanned = scan_structure(body, body_line)
    row = NoteRow(
        path,
        rep_slug,
        note.rep,
        note.started,
        note.framework,
        scanned.framework_name or note.framework,
        note.kind,
        note.minutes,
        note.coaching_minutes,
        note.performance_minutes,
        scanned.summary,
        note.ratings,
        note.metrics,
        scanned.questions_asked,
        note.subject,
        note.neutral_minutes,
        not note.measured,
    )
    created = note.started.date()
    actions = []
    for item in scanned.tasks:
        task = item.task
        assert task.id is not None and task.due is not None
        actions.append(
            ActionRow(task.id, rep_slug, task.text, task.owner or "rep", task.due, created, path,
                      task.status, closed_on=task.closed_on, final=True, comment=item.comment)
        )  # fmt: skip
    reviews = [
        ReviewRow(r.action, rep_slug, created, r.outcome, r.comment, path) for r in scanned.reviews
    ]
    return IndexedNote(row, actions, reviews, body, body_line, tuple(scanned.problems))


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
    note = check_v1(data, str(path))
    coaching, performance, neutral = _minutes_by_kind(note)
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
        neutral_minutes=neutral,
        estimated=True,
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


def _minutes_by_kind(note: NoteProperties) -> tuple[float, float, float]:
    """(coaching, performance, neutral) minutes of a format-1 note."""
    from coachcli.properties import split_minutes

    sections = [(s.kind, s.seconds, s.planned_minutes) for s in note.sections]
    return split_minutes(sections, note.kind, note.duration_minutes)
