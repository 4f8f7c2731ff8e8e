"""What the notes say over time: a rep's history, open actions, the brief, suggestions.

Everything here reads the notes' front matter (through :mod:`coachcli.notes`)
and computes; it never writes. A note that cannot be read becomes a warning
naming the file, and the rest are still used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from coachcli.session import ActionItem, Review

if TYPE_CHECKING:
    from coachcli.home import Home
    from coachcli.reps import Rep


class _SectionMeta(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    kind: str
    planned_minutes: int = 0
    seconds: int = 0


class NoteMeta(BaseModel):
    """The front matter of one note: what listings and the brief need."""

    model_config = ConfigDict(extra="ignore")

    path: Path
    rep: str
    started: datetime
    framework: str
    framework_name: str = ""
    kind: str
    duration_minutes: int = 0
    summary: str = ""
    questions_asked: list[str] = Field(default_factory=list)
    sections: list[_SectionMeta] = Field(default_factory=list)
    ratings: dict[str, int] = Field(default_factory=dict)
    metrics: dict[str, float] = Field(default_factory=dict)
    actions: list[ActionItem] = Field(default_factory=list)
    reviews: list[Review] = Field(default_factory=list)

    @field_validator("summary", "framework_name", mode="before")
    @classmethod
    def _empty_is_blank(cls, value: object) -> object:
        return "" if value is None else value

    @field_validator("questions_asked", "sections", "actions", "reviews", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return [] if value is None else value

    @field_validator("ratings", "metrics", mode="before")
    @classmethod
    def _empty_map(cls, value: object) -> object:
        return {} if value is None else value

    @property
    def date(self) -> date:
        return self.started.date()

    def minutes_by_kind(self) -> dict[str, float]:
        """Coaching and performance minutes: time used per section, else time planned."""
        totals = {"coaching": 0.0, "performance": 0.0}
        used = sum(s.seconds for s in self.sections)
        for s in self.sections:
            if s.kind in totals:
                totals[s.kind] += s.seconds / 60 if used else float(s.planned_minutes)
        if not self.sections and self.kind in totals:
            totals[self.kind] = float(self.duration_minutes)
        return totals


@dataclass
class RepHistory:
    """A rep's notes, newest first, and warnings about notes that could not be read."""

    notes: list[NoteMeta]
    warnings: list[str] = field(default_factory=list)


def read_meta(path: Path) -> NoteMeta:
    """Read one note's front matter; raise NoteError when it is broken."""
    from coachcli.notes import NoteError, read_front_matter

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise NoteError(f"{path}: not UTF-8 text") from None
    data: dict[str, Any] = read_front_matter(text, str(path))
    try:
        return NoteMeta.model_validate({**data, "path": path})
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(p) for p in first["loc"])
        raise NoteError(f"{path}: {key}: {first['msg']}") from None


def rep_notes(home: Home, rep: Rep) -> RepHistory:
    """Every readable note of ``rep``, newest first."""
    from coachcli.notes import NoteError
    from coachcli.reps import rep_dir

    notes: list[NoteMeta] = []
    warnings: list[str] = []
    folder = rep_dir(home, rep)
    for path in sorted(folder.glob("*.md")):
        try:
            notes.append(read_meta(path))
        except NoteError as exc:
            warnings.append(f"skipped a note that cannot be read: {exc.message}")
        except OSError as exc:
            warnings.append(f"skipped {path}: {exc.strerror}")
    notes.sort(key=lambda n: n.started, reverse=True)
    return RepHistory(notes, warnings)


# --------------------------------------------------------------------------- actions


@dataclass(frozen=True)
class OpenAction:
    """An action item from an earlier session that is still open."""

    id: str
    text: str
    owner: str
    due: date
    note: str
    """The note it was agreed in (file name)."""
    session_date: date


def open_actions(notes: list[NoteMeta]) -> list[OpenAction]:
    """Action items still open: agreed in a note, not closed by a later review."""
    found: dict[str, OpenAction] = {}
    for note in sorted(notes, key=lambda n: n.started):
        for review in note.reviews:
            if review.outcome in ("done", "dropped"):
                found.pop(review.action, None)
        for action in note.actions:
            if action.status == "open":
                found[action.id] = OpenAction(
                    id=action.id,
                    text=action.text,
                    owner=action.owner,
                    due=action.due,
                    note=note.path.name,
                    session_date=note.date,
                )
    return sorted(found.values(), key=lambda a: (a.due, a.id))


def last_values(notes: list[NoteMeta]) -> dict[str, dict[str, float]]:
    """The newest value of every rating and metric."""
    ratings: dict[str, float] = {}
    metrics: dict[str, float] = {}
    for note in notes:  # newest first
        for key, value in note.ratings.items():
            ratings.setdefault(key, value)
        for key, metric in note.metrics.items():
            metrics.setdefault(key, metric)
    return {"ratings": ratings, "metrics": metrics}


# --------------------------------------------------------------------------- the brief


@dataclass(frozen=True)
class Trend:
    """The last value of a rating or metric and the one before it."""

    id: str
    last: float
    previous: float | None
    when: date

    @property
    def change(self) -> float | None:
        return None if self.previous is None else self.last - self.previous


@dataclass
class Brief:
    """Where a rep stands, in ten seconds."""

    rep: Rep
    today: date
    sessions: int
    last: NoteMeta | None
    open_actions: list[OpenAction]
    ratings: list[Trend]
    metrics: list[Trend]
    days_since_coaching: int | None
    days_since_performance: int | None


def _trends(notes: list[NoteMeta], attr: str) -> list[Trend]:
    seen: dict[str, Trend] = {}
    for note in notes:  # newest first
        values: dict[str, float] = getattr(note, attr)
        for key, value in values.items():
            if key not in seen:
                seen[key] = Trend(key, float(value), None, note.date)
            elif seen[key].previous is None:
                trend = seen[key]
                seen[key] = Trend(key, trend.last, float(value), trend.when)
    return list(seen.values())


def brief(notes: list[NoteMeta], rep: Rep, today: date) -> Brief:
    """The brief shown before a session (``notes`` newest first)."""

    def since(kind: str) -> int | None:
        for note in notes:
            if note.minutes_by_kind().get(kind, 0) > 0:
                return (today - note.date).days
        return None

    return Brief(
        rep=rep,
        today=today,
        sessions=len(notes),
        last=notes[0] if notes else None,
        open_actions=open_actions(notes),
        ratings=_trends(notes, "ratings"),
        metrics=_trends(notes, "metrics"),
        days_since_coaching=since("coaching"),
        days_since_performance=since("performance"),
    )


# --------------------------------------------------------------------------- suggestions


@dataclass(frozen=True)
class Suggestion:
    """The next conversation the data points to, and why (one line)."""

    framework: str
    reason: str


COACHING_GAP_DAYS = 30


def suggest(notes: list[NoteMeta], today: date) -> Suggestion | None:
    """Suggest the next conversation from a rep's notes (newest first), or None."""
    if not notes:
        return None
    overdue = [a for a in open_actions(notes) if a.due < today]
    missed = sum(1 for n in notes[:3] for r in n.reviews if r.outcome == "not-done")
    if len(overdue) >= 2 or missed >= 2:
        return Suggestion(
            "pipeline-review",
            f"commitments are slipping ({len(overdue)} overdue, {missed} missed lately): "
            "an accountability check-in",
        )
    coached = next((n for n in notes if n.minutes_by_kind()["coaching"] > 0), None)
    if coached is None or (today - coached.date).days > COACHING_GAP_DAYS:
        gap = (
            "no coaching session yet"
            if coached is None
            else (f"no coaching session in {(today - coached.date).days} days")
        )
        return Suggestion("grow", f"{gap}: time to work on the how")
    return None
