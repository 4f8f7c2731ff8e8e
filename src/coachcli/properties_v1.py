"""Format-1 notes (coachcli 0.1): the front matter that held everything but the answers.

Format-1 notes are still read as they are (docs/notes.md); coach no longer
writes them, and ``coach migrate`` rewrites them in format 2. Every reader —
the index behind listings and search, the note reader that rebuilds a whole
session — checks a format-1 front matter with :func:`check_properties`,
which gives typed values or a NoteError naming the key (``"<file>:
ratings.discovery: expected a whole number, found 'high'."``). The
:class:`Checker` of values is shared with :mod:`coachcli.properties`.

What the check allows, so that hand edits (in an editor or in Obsidian's
Properties panel) keep a note readable:

- keys coachcli does not know (properties added in Obsidian) are ignored,
  and so are unknown keys inside a section, action, review or feedback;
- an emptied property (Obsidian writes ``summary:``) is its default, and
  only ``rep``, ``started``, ``framework`` and ``kind`` (and an action's
  ``id``, ``text`` and ``due``, a review's ``action`` and ``outcome``) are
  required;
- a ``started`` or ``ended`` without a UTC offset is taken as local time; a
  whole-number float (``4.0``) is a whole number; a ``framework_version``
  typed as a number is its text, and so is a tag typed as a whole number
  (``2026``); a single tag is a list of one;
- derived keys are recomputed rather than trusted: the duration from
  ``started``/``ended`` (``duration_minutes`` only when ``ended`` is
  missing), the questions asked from the sections (``questions_asked`` only
  when there are none); ``date`` is ignored.

Standard library only (and PyYAML through :mod:`coachcli.frontmatter`), so
that reading notes never imports pydantic.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Final, TypeVar

from coachcli.frontmatter import NoteError, note_error
from coachcli.records import (
    OUTCOMES,
    OWNERS,
    STATUSES,
    ChangeStatus,
    Owner,
    ReviewOutcome,
)

if TYPE_CHECKING:
    pass

KINDS: Final = ("coaching", "performance", "mixed")
"""The kinds of a session (its framework's)."""
SECTION_KINDS: Final = ("coaching", "performance", "neutral")
"""A section's kind in a format-2 note; format 1 (coachcli 0.1) knew only the first two."""


# =========================================================================== the values


@dataclass(frozen=True, slots=True)
class SectionProperties:
    id: str
    title: str
    kind: str
    """coaching or performance."""
    planned_minutes: int
    seconds: int
    """The time the section took (0: not recorded)."""
    questions: tuple[str, ...]
    """The ids of the questions asked, in order (their answers are in the body)."""


@dataclass(frozen=True, slots=True)
class ActionProperties:
    id: str
    text: str
    owner: Owner
    due: date
    status: ChangeStatus


@dataclass(frozen=True, slots=True)
class ReviewProperties:
    action: str
    text: str
    outcome: ReviewOutcome
    comment: str


@dataclass(frozen=True, slots=True)
class FeedbackProperties:
    template: str
    name: str
    style: str
    slots: dict[str, str]
    text: str


@dataclass(frozen=True, slots=True)
class NoteProperties:
    """A note's front matter, checked.

    The names are those of :class:`coachcli.session.Session`'s fields, plus
    the derived ``duration_minutes`` and ``questions_asked``.
    """

    rep: str
    rep_slug: str
    """As written in the note; the index goes by the rep's folder instead."""
    manager: str
    started: datetime
    ended: datetime | None
    duration_minutes: int
    framework: str
    framework_name: str
    framework_version: str
    kind: str
    """coaching, performance or mixed."""
    summary: str
    tags: tuple[str, ...]
    sections: tuple[SectionProperties, ...]
    questions_asked: tuple[str, ...]
    ratings: dict[str, int]
    metrics: dict[str, float]
    actions: tuple[ActionProperties, ...]
    reviews: tuple[ReviewProperties, ...]
    feedback: tuple[FeedbackProperties, ...]


# =========================================================================== checking


def check_properties(data: Mapping[str, Any], source: str) -> NoteProperties:
    """The checked properties of a note's front matter; NoteError naming the key when wrong.

    ``source`` (the file) starts every message.
    """
    check = Checker(source)
    rep = check.text(data, "rep", required=True)
    started = check.moment(data, "started", required=True)
    assert started is not None
    ended = check.moment(data, "ended")
    framework = check.text(data, "framework", required=True)
    framework_name = check.text(data, "framework_name")
    kind = check.choice(data, "kind", KINDS)
    summary = check.text(data, "summary")
    if ended is not None:
        duration = max(0, round((ended - started).total_seconds() / 60))
    else:
        duration = check.whole(data, "duration_minutes", 0)
    sections = tuple(
        _section(check, item, f"sections.{i}")
        for i, item in enumerate(check.items(data, "sections"))
    )
    if sections:
        questions = tuple(q for section in sections for q in section.questions)
    else:
        questions = tuple(check.strings(data, "questions_asked", what="question ids"))
    ratings: dict[str, int] = {}
    for key, value in check.mapping(data, "ratings").items():
        ratings[check.key(key, "ratings")] = check.whole_value(value, f"ratings.{key}")
    metrics: dict[str, float] = {}
    for key, value in check.mapping(data, "metrics").items():
        metrics[check.key(key, "metrics")] = check.number_value(value, f"metrics.{key}")
    actions = tuple(
        _action(check, item, f"actions.{i}") for i, item in enumerate(check.items(data, "actions"))
    )
    reviews = tuple(
        _review(check, item, f"reviews.{i}") for i, item in enumerate(check.items(data, "reviews"))
    )
    # Keys listings do not use come last, so a note's first problem stays the one named.
    manager = check.text(data, "manager")
    rep_slug = check.text(data, "rep_slug")
    framework_version = check.version(data)
    tags = check.tags(data)
    feedback = tuple(
        _feedback(check, item, f"feedback.{i}")
        for i, item in enumerate(check.items(data, "feedback"))
    )
    return NoteProperties(
        rep=rep,
        rep_slug=rep_slug,
        manager=manager,
        started=started,
        ended=ended,
        duration_minutes=duration,
        framework=framework,
        framework_name=framework_name,
        framework_version=framework_version,
        kind=kind,
        summary=summary,
        tags=tuple(tags),
        sections=sections,
        questions_asked=questions,
        ratings=ratings,
        metrics=metrics,
        actions=actions,
        reviews=reviews,
        feedback=feedback,
    )


def _section(check: Checker, item: object, where: str) -> SectionProperties:
    entry = check.mapping_at(item, where)
    kind = check.choice(entry, "kind", SECTION_KINDS[:2], where)
    planned = check.whole(entry, "planned_minutes", 0, where)
    seconds = check.whole(entry, "seconds", 0, where)
    questions = tuple(check.strings(entry, "questions", where, what="question ids"))
    name, title = check.text(entry, "id", where), check.text(entry, "title", where)
    return SectionProperties(name, title, kind, planned, seconds, questions)


def _action(check: Checker, item: object, where: str) -> ActionProperties:
    entry = check.mapping_at(item, where)
    return ActionProperties(
        id=check.text(entry, "id", where, required=True),
        text=check.text(entry, "text", where, required=True),
        owner=check.choice(entry, "owner", OWNERS, where, default="rep"),
        due=check.day(entry, "due", where),
        status=check.choice(entry, "status", STATUSES, where, "open"),
    )


def _review(check: Checker, item: object, where: str) -> ReviewProperties:
    entry = check.mapping_at(item, where)
    text = check.text(entry, "text", where)
    return ReviewProperties(
        action=check.text(entry, "action", where, required=True),
        text=text,
        outcome=check.choice(entry, "outcome", OUTCOMES, where),
        comment=check.text(entry, "comment", where),
    )


def _feedback(check: Checker, item: object, where: str) -> FeedbackProperties:
    entry = check.mapping_at(item, where)
    slots = check.mapping(entry, "slots", where)
    return FeedbackProperties(
        template=check.text(entry, "template", where),
        name=check.text(entry, "name", where),
        style=check.text(entry, "style", where, default="any"),
        slots={
            check.key(key, f"{where}.slots"): check.text(slots, key, f"{where}.slots")
            for key in slots
        },
        text=check.text(entry, "text", where),
    )


class _Missing:
    pass


_MISSING: Final = _Missing()
_C = TypeVar("_C", bound=str)


class Checker:
    """Hand-written checks of front matter values, with messages naming the key."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, problem: str) -> NoteError:
        return note_error(self.source, f"{key}: {problem}.")

    def wrong(self, key: str, expected: str, value: object) -> NoteError:
        return self.fail(key, f"expected {expected}, found {_shown(value)}")

    def get(self, data: Mapping[str, Any], key: str, where: str, required: bool) -> Any:
        value = data.get(key, _MISSING)
        if value is _MISSING and required:
            raise note_error(self.source, f"the key {_at(where, key)!r} is missing.")
        return None if value is _MISSING else value

    def text(
        self,
        data: Mapping[str, Any],
        key: str,
        where: str = "",
        *,
        required: bool = False,
        default: str = "",
    ) -> str:
        value = self.get(data, key, where, required)
        if value is None and not required:
            return default
        if not isinstance(value, str):
            raise self.wrong(_at(where, key), "text", value)
        return value

    def choice(
        self,
        data: Mapping[str, Any],
        key: str,
        options: tuple[_C, ...],
        where: str = "",
        default: _C | None = None,
    ) -> _C:
        value = self.get(data, key, where, default is None)
        if value is None and default is not None:
            return default
        for option in options:
            if value == option and isinstance(value, str):
                return option
        expected = ", ".join(options[:-1]) + " or " + options[-1]
        raise self.wrong(_at(where, key), expected, value)

    def moment(
        self, data: Mapping[str, Any], key: str, *, required: bool = False
    ) -> datetime | None:
        value = self.get(data, key, "", required)
        if value is None and not required:
            return None
        moment: datetime | None = None
        if isinstance(value, datetime):
            moment = value
        elif isinstance(value, str):
            with contextlib.suppress(ValueError):
                moment = datetime.fromisoformat(value.strip())
        if moment is None:
            raise self.wrong(key, "a date and time like '2026-11-27T10:02:13+01:00'", value)
        return moment if moment.tzinfo is not None else moment.astimezone()

    def day(self, data: Mapping[str, Any], key: str, where: str) -> date:
        value = self.get(data, key, where, True)
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                return date.fromisoformat(value.strip())
        raise self.wrong(_at(where, key), "a date like 2026-11-27", value)

    def whole(self, data: Mapping[str, Any], key: str, default: int, where: str = "") -> int:
        value = self.get(data, key, where, False)
        return default if value is None else self.whole_value(value, _at(where, key))

    def whole_value(self, value: object, key: str) -> int:
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if type(value) is not int:
            raise self.wrong(key, "a whole number", value)
        return value

    def number_value(self, value: object, key: str) -> float:
        if type(value) not in (int, float):
            raise self.wrong(key, "a number", value)
        assert isinstance(value, int | float)
        return float(value)

    def key(self, value: object, where: str) -> str:
        if not isinstance(value, str):
            raise self.wrong(where, "names (ids) as keys", value)
        return value

    def items(self, data: Mapping[str, Any], key: str) -> list[Any]:
        value = self.get(data, key, "", False)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.wrong(key, "a list", value)
        return value

    def mapping(self, data: Mapping[str, Any], key: str, where: str = "") -> dict[Any, Any]:
        value = self.get(data, key, where, False)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.wrong(_at(where, key), "'name: value' entries", value)
        return value

    def mapping_at(self, value: object, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.wrong(where, "'key: value' entries", value)
        return value

    def version(self, data: Mapping[str, Any]) -> str:
        """``framework_version``: a version typed as a number (1.1) is its text."""
        version = data.get("framework_version")
        if type(version) in (int, float):
            return str(version)
        return self.text(data, "framework_version")

    def tags(self, data: Mapping[str, Any]) -> list[str]:
        """``tags``: a single tag is a list of one; a tag typed as a whole number is its text."""
        tags = data.get("tags")
        if isinstance(tags, str) or type(tags) is int:
            tags = [tags]
        if isinstance(tags, list):
            tags = [str(tag) if type(tag) is int else tag for tag in tags]
        return self.strings({"tags": tags}, "tags", what="tags")

    def strings(
        self, data: Mapping[str, Any], key: str, where: str = "", *, what: str
    ) -> list[str]:
        value = self.get(data, key, where, False)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.wrong(_at(where, key), f"a list of {what}", value)
        return value


def _at(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _shown(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "'key: value' entries"
    if value is None:
        return "nothing"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
