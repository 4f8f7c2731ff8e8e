"""The read model: what listings, history, balance and search work on.

Notes are the source of truth; these small, flat records are what the index
(:mod:`coachcli.index`) keeps of them, so that reading 10,000 notes' worth of
history stays fast and light. :mod:`coachcli.analytics` computes everything
from a :class:`Corpus` and never reads files itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Final, Literal, get_args

ChangeStatus = Literal["open", "done", "dropped"]
"""The status of an action item (as agreed in a note, or changed later)."""
Owner = Literal["rep", "manager"]
"""Who owns an action item."""
ReviewOutcome = Literal["done", "not-done", "dropped"]
"""What became of an earlier action item, as reviewed in a later session."""
STATUSES: Final[tuple[ChangeStatus, ...]] = get_args(ChangeStatus)
OWNERS: Final[tuple[Owner, ...]] = get_args(Owner)
OUTCOMES: Final[tuple[ReviewOutcome, ...]] = get_args(ReviewOutcome)


@dataclass(frozen=True, slots=True)
class NoteRow:
    """One note, as listings need it."""

    path: Path
    rep_slug: str
    """The rep's folder name: the rep's identity (``rep`` is the name written in the note)."""
    rep: str
    started: datetime
    framework: str
    framework_name: str
    kind: str
    """coaching, performance or mixed (the framework's kind)."""
    duration_minutes: int
    coaching_minutes: float
    """Minutes in coaching sections: time used, or time planned when no time was recorded."""
    performance_minutes: float
    summary: str
    ratings: dict[str, int] = field(default_factory=dict)
    metrics: dict[str, float] = field(default_factory=dict)
    questions_asked: tuple[str, ...] = ()
    subject: str = ""
    """The deal or account the session was about; "" when its framework has none."""
    neutral_minutes: float = 0.0
    """Minutes in neutral sections (logistics, the rep's agenda): in neither share."""
    estimated: bool = False
    """The note predates measured meeting time (format 1, or format 2 without
    ``neutral_minutes``): the balance counts its framework's planned minutes."""

    @property
    def date(self) -> date:
        return self.started.date()


@dataclass(frozen=True, slots=True)
class ActionRow:
    """An action item as agreed in a note."""

    id: str
    rep_slug: str
    text: str
    owner: str
    due: date
    created: date
    """The date of the session that agreed it."""
    note: Path
    status: ChangeStatus
    """The status written in the note: the box of its task line (format 2)."""
    closed_on: date | None = None
    """The ✅ or ❌ date of its task line (format 2)."""
    final: bool = False
    """The note's task line is the action's status (format 2): reviews and
    ``actions.toml`` no longer change it, they only add to its history."""
    comment: str = ""
    """The comment written under its task line."""


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """The outcome of an earlier action, reviewed at the start of a later session."""

    action_id: str
    rep_slug: str
    date: date
    outcome: ReviewOutcome
    comment: str
    note: Path


@dataclass(frozen=True, slots=True)
class ActionChange:
    """A status change made outside a session (`coach actions done|drop|reopen ID`).

    Kept in ``<home>/reps/<slug>/actions.toml``, so notes are never rewritten.
    """

    action_id: str
    rep_slug: str
    status: ChangeStatus
    date: date
    comment: str = ""


@dataclass
class Corpus:
    """Everything the read commands need, for one rep or for all."""

    notes: list[NoteRow] = field(default_factory=list)
    """Newest first."""
    actions: list[ActionRow] = field(default_factory=list)
    reviews: list[ReviewRow] = field(default_factory=list)
    changes: list[ActionChange] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """One line per note (or actions file) that could not be read, naming the file."""
