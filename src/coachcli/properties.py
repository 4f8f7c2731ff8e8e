"""A note's properties (format 2): the flat front matter, as written and as checked when read.

The one definition of a format-2 note's front matter (docs/notes.md). Every
property is a value Obsidian's Properties panel shows as a typed field: text,
number, date, date-time or a list of text; none is an object. Everything
said in the 1:1 lives in the body (:mod:`coachcli.notes.scan`).

:func:`properties_of` turns a session into properties; :func:`check_properties`
checks what a reader finds and gives typed values or a NoteError naming the
key. What it allows, so that hand edits (in an editor or in Obsidian's
Properties panel) keep a note readable: keys coach does not know are
ignored; an emptied property is its default; ``start`` without a UTC offset
(as Obsidian writes it) is local time; a whole-number float is a whole
number; a ``framework_version`` or a tag typed as a number is its text; a
single tag is a list of one; ``rep`` may be a link (``"[[Alex Kim]]"``,
``"[[page|Alex Kim]]"``) or plain text.

Format-1 notes (everything in the front matter) are checked by
:mod:`coachcli.properties_v1`. Standard library only: reading notes never
imports pydantic.
"""

from __future__ import annotations

import contextlib
import functools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

from coachcli.frontmatter import NoteError, note_error
from coachcli.properties_v1 import KINDS, Checker
from coachcli.visibility import SHARED_PROPERTY

if TYPE_CHECKING:
    from coachcli.session import Session

SCHEMA: Final = 2
SUBJECT_KINDS: Final = ("deal", "account")
"""The properties naming what a session was about (a framework's ``subject``)."""
RATING: Final = "rating-"
"""``rating-<id>``: a skill rating given in the session."""
METRIC: Final = "metric-"
"""``metric-<id>``: a metric recorded in the session."""
_LINK = re.compile(r"\[\[([^\]|]*)(?:\|([^\]]*))?\]\]")


@dataclass(frozen=True, slots=True)
class NoteProperties:
    """A format-2 note's front matter, checked."""

    rep: str
    """The rep's display name (from the link, or the text as written)."""
    manager: str
    started: datetime
    minutes: int
    framework: str
    framework_version: str
    kind: str
    """coaching, performance or mixed."""
    coaching_minutes: float
    performance_minutes: float
    ratings: dict[str, int]
    metrics: dict[str, float]
    tags: tuple[str, ...]
    subject: str = ""
    """The deal or account the session was about (the ``deal`` or ``account`` property)."""
    subject_kind: str = ""
    neutral_minutes: float = 0.0
    """Minutes in neutral sections (logistics, the rep's agenda): in ``minutes``, in no share."""
    shared: tuple[str, ...] = ()
    """The ``shared`` property: the ratings and metrics the rep may see (``rating-<id>``...)."""
    measured: bool = False
    """The note has ``neutral_minutes``: written since sections' minutes are shares of the
    meeting's confirmed length. An older note's split measured typing time (an estimate)."""

    @property
    def ended(self) -> datetime:
        return self.started + timedelta(minutes=self.minutes)


# =========================================================================== writing


def rep_link(name: str) -> str:
    """The ``rep`` property: a link to the rep's page (:func:`coachcli.reppage.rep_property`)."""
    from coachcli.reppage import rep_property  # the page's rules load only when a note is written

    return rep_property(name)


def properties_of(session: Session) -> dict[str, Any]:
    """The front matter of ``session``'s note, in the order it is written."""
    coaching, performance, neutral = minutes_by_kind(session)
    values: dict[str, Any] = {
        "schema": SCHEMA,
        "date": session.date,
        "start": session.started.astimezone().strftime("%Y-%m-%dT%H:%M"),
        "rep": rep_link(session.rep),
        "manager": session.manager,
        "framework": session.framework,
        "framework_version": session.framework_version,
        "kind": session.kind,
        **({session.subject_kind or "deal": session.subject} if session.subject else {}),
        "minutes": session.duration_minutes,
        "coaching_minutes": _number(coaching),
        "performance_minutes": _number(performance),
        "neutral_minutes": _number(neutral),
    }
    for key, level in session.ratings.items():
        values[RATING + key] = level
    for key, amount in session.metrics.items():
        values[METRIC + key] = _number(amount)
    shown = [key for key in session.shared_measures if key in values]
    if shown:
        values[SHARED_PROPERTY] = shown
    values["tags"] = list(session.tags)
    return values


def minutes_by_kind(session: Session) -> tuple[float, float, float]:
    """(coaching, performance, neutral) minutes of a session: see :func:`split_minutes`."""
    sections = [(s.kind, s.seconds, s.planned_minutes) for s in session.sections]
    coaching, performance, neutral = split_minutes(sections, session.kind, session.duration_minutes)
    coaching, performance, neutral = _tenths_keeping_the_sum(coaching, performance, neutral)
    return coaching, performance, neutral


def _tenths_keeping_the_sum(*values: float) -> tuple[float, ...]:
    """``values`` to one decimal; when they split a whole meeting, adding up to it exactly.

    Rounding each alone can make 20.05 + 11.95 = 32 minutes into 20.1 + 12.0
    = 32.1; the largest remainders get the tenths instead. Values that do not
    add up to whole minutes (an imported note's) are rounded each alone.
    """
    total = sum(values)
    if abs(total - round(total)) > 1e-6:
        return tuple(round(v, 1) for v in values)
    tenths = [round(v * 10, 6) for v in values]
    floors = [math.floor(t) for t in tenths]
    short = round(sum(tenths)) - sum(floors)
    order = sorted(range(len(values)), key=lambda i: floors[i] - tenths[i])
    for i in order[: max(0, short)]:
        floors[i] += 1
    return tuple(f / 10 for f in floors)


def split_minutes(
    sections: Sequence[tuple[str, int, int]], kind: str, minutes: float
) -> tuple[float, float, float]:
    """(coaching, performance, neutral) minutes from each section's (kind, seconds, planned).

    Sections' recorded time splits the session; when no section recorded any,
    the planned minutes do; a session without sections counts its whole
    length for its kind (a mixed one's for neither).
    """
    totals = {"coaching": 0.0, "performance": 0.0, "neutral": 0.0}
    used = sum(seconds for _, seconds, _ in sections)
    for section_kind, seconds, planned in sections:
        totals[section_kind] += seconds / 60 if used else float(planned)
    if not sections and kind in totals:
        totals[kind] = float(minutes)
    return totals["coaching"], totals["performance"], totals["neutral"]


def _number(value: float) -> int | float:
    """42.0 -> 42 (easier to read; it is read back as a float)."""
    if math.isfinite(value) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


# =========================================================================== checking


def check_properties(data: Mapping[str, Any], source: str) -> NoteProperties:
    """The checked properties of a format-2 note; NoteError naming the key when wrong."""
    check = Checker(source)
    rep = link_text(check.text(data, "rep", required=True))
    started = _start(check, data)
    framework = check.text(data, "framework", required=True)
    kind = check.choice(data, "kind", KINDS)
    minutes = check.whole(data, "minutes", 0)
    coaching = _minutes(check, data, "coaching_minutes")
    performance = _minutes(check, data, "performance_minutes")
    neutral = _minutes(check, data, "neutral_minutes")
    ratings: dict[str, int] = {}
    metrics: dict[str, float] = {}
    for key, value in data.items():
        if not isinstance(key, str) or value is None:
            continue
        if key.startswith(RATING) and len(key) > len(RATING):
            ratings[key[len(RATING) :]] = check.whole_value(value, key)
        elif key.startswith(METRIC) and len(key) > len(METRIC):
            metrics[key[len(METRIC) :]] = check.number_value(value, key)
    framework_version = check.version(data)
    subject_kind, subject = _subject(check, data)
    return NoteProperties(
        rep=rep,
        manager=check.text(data, "manager"),
        started=started,
        minutes=minutes,
        framework=framework,
        framework_version=framework_version,
        kind=kind,
        coaching_minutes=coaching,
        performance_minutes=performance,
        ratings=ratings,
        metrics=metrics,
        tags=tuple(check.tags(data)),
        subject=subject,
        subject_kind=subject_kind,
        neutral_minutes=neutral,
        shared=_shared(check, data),
        measured=data.get("neutral_minutes") is not None,
    )


_WRITTEN_TYPES: Final[dict[str, tuple[type, ...]]] = {
    **dict.fromkeys(("rep", "manager", "framework", "framework_version", "start", *SUBJECT_KINDS),
                    (str,)),
    "kind": (str,), "minutes": (int,), "date": (date,), "tags": (list,), SHARED_PROPERTY: (list,),
    **dict.fromkeys(("coaching_minutes", "performance_minutes", "neutral_minutes"), (int, float)),
}  # fmt: skip
"""The type of each property as coach writes it."""


def written_properties(data: Mapping[str, Any], source: str) -> NoteProperties | None:
    """``check_properties(data, source)`` when every value has the type coach writes, else None.

    The fast path of the index: text is text, a number a number, a list a
    list of text, ``date`` a date, ``kind`` one of :data:`KINDS`. Anything
    else (a value typed by hand as something else, an empty one, a wrong
    one) gives None, and :func:`check_properties` says what it makes of it.
    A property test holds the two equal.
    """
    values = list(data.values())
    plan = _written_plan(tuple(data), tuple(map(type, values)))
    if plan is None:
        return None
    ratings_at, metrics_at, lists_at, subject = plan
    for at in lists_at:
        if values[at] and set(map(type, values[at])) != {str}:
            return None
    kind = data["kind"]
    if kind not in KINDS:
        return None
    check = Checker(source)
    try:
        started = _start(check, data)
        subject_kind, subject_name = _subject(check, data) if subject else ("", "")
    except NoteError:
        return None
    neutral = data.get("neutral_minutes")
    return NoteProperties(
        rep=_link_text(data["rep"]),
        manager=data.get("manager", ""),
        started=started,
        minutes=data.get("minutes", 0),
        framework=data["framework"],
        framework_version=data.get("framework_version", ""),
        kind=kind,
        coaching_minutes=float(data.get("coaching_minutes", 0)),
        performance_minutes=float(data.get("performance_minutes", 0)),
        ratings={name: values[at] for name, at in ratings_at},
        metrics={name: float(values[at]) for name, at in metrics_at},
        tags=tuple(data.get("tags", ())),
        subject=subject_name,
        subject_kind=subject_kind,
        neutral_minutes=0.0 if neutral is None else float(neutral),
        shared=tuple(name.strip() for name in data.get(SHARED_PROPERTY, ())),
        measured=neutral is not None,
    )


_Plan = tuple[tuple[tuple[str, int], ...], tuple[tuple[str, int], ...], tuple[int, ...], bool]


@functools.lru_cache(maxsize=1024)  # notes of one framework have the same keys, in one order
def _written_plan(keys: tuple[str, ...], types: tuple[type, ...]) -> _Plan | None:
    """Where the ratings, metrics and lists stand among ``keys`` (and whether a deal or an
    account is named), when every value's type is the one coach writes; else None."""
    ratings: list[tuple[str, int]] = []
    metrics: list[tuple[str, int]] = []
    lists: list[int] = []
    for at, (key, typed) in enumerate(zip(keys, types, strict=True)):
        if key.startswith(RATING) and len(key) > len(RATING):
            if typed is not int:
                return None
            ratings.append((key[len(RATING) :], at))
        elif key.startswith(METRIC) and len(key) > len(METRIC):
            if typed is not int and typed is not float:
                return None
            metrics.append((key[len(METRIC) :], at))
        else:
            written = _WRITTEN_TYPES.get(key)
            if written is not None and typed not in written:
                return None
            if typed is list:
                lists.append(at)
    if not {"rep", "framework", "kind"} <= set(keys):
        return None
    subject = any(kind in keys for kind in SUBJECT_KINDS)
    return tuple(ratings), tuple(metrics), tuple(lists), subject


def _shared(check: Checker, data: Mapping[str, Any]) -> tuple[str, ...]:
    """The ``shared`` property: a list of property names (one name alone is a list of one)."""
    value = data.get(SHARED_PROPERTY)
    if isinstance(value, str):
        return (value.strip(),)
    return tuple(name.strip() for name in check.strings(data, SHARED_PROPERTY, what="names"))


def _subject(check: Checker, data: Mapping[str, Any]) -> tuple[str, str]:
    """(kind, name) of the deal or account a note is about; ("", "") when none."""
    found = [(kind, check.text(data, kind)) for kind in SUBJECT_KINDS if data.get(kind) is not None]
    found = [(kind, name.strip()) for kind, name in found if name.strip()]
    if len(found) > 1:
        raise note_error(
            check.source, "a session is about one deal or one account: keep 'deal' or 'account'."
        )
    return found[0] if found else ("", "")


def link_text(value: str) -> str:
    """The name a ``rep`` property shows: ``[[page|Alex Kim]]`` -> ``Alex Kim``."""
    found = _LINK.fullmatch(value.strip())
    if found is None:
        return value
    return (found.group(2) if found.group(2) is not None else found.group(1)).strip()


_link_text = functools.lru_cache(maxsize=1024)(link_text)  # a home has few reps


def _start(check: Checker, data: Mapping[str, Any]) -> datetime:
    value = data.get("start")
    moment: datetime | None = None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        with contextlib.suppress(ValueError):
            moment = datetime.fromisoformat(value.strip())
    if moment is None:
        if value is None:
            raise note_error(check.source, "the key 'start' is missing.")
        raise check.wrong("start", "a date and time like 2026-11-27T10:00", value)
    day = data.get("date")
    if day is not None:  # the date a person sees in Obsidian and may correct: it wins
        if not isinstance(day, date) or isinstance(day, datetime):
            raise check.wrong("date", "a date like 2026-11-27", day)
        moment = moment.replace(year=day.year, month=day.month, day=day.day)
    return moment if moment.tzinfo is not None else moment.astimezone()


def _minutes(check: Checker, data: Mapping[str, Any], key: str) -> float:
    value = data.get(key)
    return 0.0 if value is None else check.number_value(value, key)
