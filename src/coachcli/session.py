"""The record of one coaching session: what a note holds.

A :class:`Session` is written to Markdown by :mod:`coachcli.notes` (YAML front
matter for tools, a body for people) and read back from it. Values here are
plain data; nothing in this module touches files or the terminal.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from coachcli.framework import Kind, SectionKind, Subject
from coachcli.records import ChangeStatus as ActionStatus
from coachcli.records import Owner, ReviewOutcome
from coachcli.visibility import has_private_tag

Value = str | int | float | bool | list[str]
"""An answer's value: text, a scale level or number, yes/no, or a list of items."""


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Answer(_Record):
    """One question as it was asked, and the answer (None when skipped)."""

    id: str
    prompt: str
    type: str
    value: Value | None = None
    shared: bool = False
    """The rep may read it (``coach share``); its marker says so in the note."""


class SectionRecord(_Record):
    """One section as it ran: its kind, its timebox and the time it took."""

    id: str
    title: str
    kind: SectionKind
    planned_minutes: int
    seconds: int = 0
    answers: list[Answer] = Field(default_factory=list)
    shared: bool = False
    """The section's visibility: what its answers are unless their own marker says otherwise."""


class Feedback(_Record):
    """A filled feedback template and the statement it rendered."""

    template: str
    name: str
    style: str = "any"
    slots: dict[str, str] = Field(default_factory=dict)
    text: str
    shared: bool = False
    """Given to the rep (``coach share``)."""


class ActionItem(_Record):
    """A commitment agreed in the session."""

    id: str
    text: str
    owner: Owner = "rep"
    due: date
    status: ActionStatus = "open"
    closed_on: date | None = None
    """When it was done or dropped (the ✅ or ❌ date of its task line)."""

    @property
    def private(self) -> bool:
        """Kept to the manager by the ``#private`` tag in its text, whatever the part's marker."""
        return has_private_tag(self.text)


class Review(_Record):
    """The outcome of an earlier action item, reviewed at the start of this session."""

    action: str
    text: str
    outcome: ReviewOutcome
    comment: str = ""
    shared: bool = False
    """The rep receives this line of the review (``coach share``)."""


class Session(_Record):
    """Everything recorded about one session."""

    rep: str
    rep_slug: str
    manager: str = ""
    started: datetime
    ended: datetime
    framework: str
    framework_name: str
    framework_version: str
    kind: Kind
    sections: list[SectionRecord] = Field(default_factory=list)
    ratings: dict[str, int] = Field(default_factory=dict)
    metrics: dict[str, float] = Field(default_factory=dict)
    feedback: list[Feedback] = Field(default_factory=list)
    actions: list[ActionItem] = Field(default_factory=list)
    reviews: list[Review] = Field(default_factory=list)
    summary: str = ""
    summary_shared: bool = False
    actions_shared: bool = False
    """The ``## Action items`` part is shared (an item tagged #private is not)."""
    shared_measures: list[str] = Field(default_factory=list)
    """The properties (``rating-<id>``, ``metric-<id>``) the rep may see: the note's ``shared``."""
    tags: list[str] = Field(default_factory=list)
    subject: str = ""
    """The deal or account the session is about (frameworks with a ``subject``)."""
    subject_kind: Subject | None = None

    @property
    def date(self) -> date:
        return self.started.date()

    @property
    def duration_minutes(self) -> int:
        return max(0, round((self.ended - self.started).total_seconds() / 60))

    @property
    def questions_asked(self) -> list[str]:
        return [a.id for s in self.sections for a in s.answers]
