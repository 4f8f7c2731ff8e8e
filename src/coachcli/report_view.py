"""The review packet as data: what ``coach report`` shows, before it is Markdown or HTML.

:mod:`coachcli.report` builds a :class:`ReportView` from the notes (private
parts already left out unless the manager asked for them);
:mod:`coachcli.report_md` and :mod:`coachcli.report_html` only lay it out.
Nothing here reads a file. Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

from coachcli.aims import Better, MetricTarget
from coachcli.analytics.corpus import share_of_coaching

if TYPE_CHECKING:
    from coachcli.team_view import TeamView

CommitmentOutcome = Literal["kept", "missed", "dropped", "open"]
"""What became of a commitment the rep made: kept (done by its due date, or
reviewed done), missed (not done when due), dropped, or still open."""
OUTCOMES: tuple[CommitmentOutcome, ...] = ("kept", "missed", "dropped", "open")

PRIVATE_NOTICE = "Includes private parts: for the manager only, not for the rep."
OWN_PRIVATE_NOTICE = "Includes private parts: your own self-reviews, for you only."
"""A packet of the manager's own folder, where the rep is the manager."""
SHARED_NOTICE = (
    "Shared parts only: whatever the notes mark private (by default the manager's ratings "
    "and observations) is left out."
)


@dataclass(frozen=True, slots=True)
class Point:
    """One value of a rating or metric, recorded in the session of ``day`` (or imported from a
    CRM export as of ``day``: its ``source`` is then the export's file name)."""

    day: date
    value: float
    source: str = "session"

    @property
    def imported(self) -> bool:
        return self.source != "session"


@dataclass(frozen=True, slots=True)
class Series:
    """A rating or a metric over the report's window, oldest point first."""

    id: str
    name: str
    kind: Literal["rating", "metric"]
    unit: str
    """The metric's unit ("" for none; "" for ratings)."""
    points: tuple[Point, ...]
    target: float | None = None
    better: Better = "higher"
    target_low: float | None = None
    """The ends of a metric's target band, for ``better = "within"``."""
    target_high: float | None = None
    low: float | None = None
    """The axis' fixed bottom: a rating's scale bottom (its lowest anchor), a share's 0, else
    None."""
    high: float | None = None
    """The axis' fixed top: a rating's scale top (its highest anchor), a share's 100; else None."""

    @property
    def aim(self) -> MetricTarget:
        """The target as :func:`coachcli.aims.on_target` judges it."""
        return MetricTarget(self.target, "leading", self.better, self.target_low, self.target_high)


@dataclass(frozen=True, slots=True)
class SessionEntry:
    """One 1:1 in the window."""

    day: date
    framework: str
    """The framework's name as people read it."""
    kind: str
    """coaching, performance or mixed."""
    minutes: int
    subject: str = ""
    """The deal or account it was about ("" when none)."""
    summary: str = ""
    """"" when there was none or it is private and left out."""


@dataclass(frozen=True, slots=True)
class Commitment:
    """An action the rep owned that came due in the window (or is still open)."""

    text: str
    due: date
    agreed: date
    outcome: CommitmentOutcome
    reason: str = ""
    """Why it was not done, or the comment it was closed with ("" when none)."""


@dataclass(frozen=True, slots=True)
class MonthBalance:
    """Meeting minutes of one calendar month by the kind of conversation."""

    month: date
    """The first day of the month."""
    coaching: float
    performance: float
    neutral: float
    sessions: int
    estimated: bool = False
    """Some notes of the month predate measured meeting time (their minutes are planned ones)."""

    @property
    def coaching_share(self) -> float | None:
        """The month's coaching share as ``coach balance`` gives it (neutral minutes counted)."""
        return share_of_coaching(self.coaching, self.performance, self.neutral)


@dataclass(frozen=True, slots=True)
class Quote:
    """A feedback statement given to the rep."""

    day: date
    name: str
    """The feedback template's name, e.g. "Reinforce (SBI)"."""
    text: str


@dataclass(frozen=True, slots=True)
class RepReport:
    """Everything the packet says about one rep."""

    rep: str
    role: str
    sessions: tuple[SessionEntry, ...]
    """Oldest first."""
    commitments: tuple[Commitment, ...]
    """By due date, oldest first."""
    series: tuple[Series, ...]
    """Ratings first, then metrics; each with at least one point."""
    months: tuple[MonthBalance, ...]
    """Every month of the window, oldest first, months without a 1:1 included (zeros)."""
    quotes: tuple[Quote, ...]
    """Oldest first."""
    coaching_target: float
    """The coaching share the manager aims for (0..1)."""

    @property
    def kept(self) -> int:
        return sum(1 for c in self.commitments if c.outcome == "kept")

    @property
    def missed(self) -> int:
        return sum(1 for c in self.commitments if c.outcome == "missed")

    @property
    def coaching_share(self) -> float | None:
        """The window's coaching share as ``coach balance`` gives it (neutral minutes counted)."""
        return share_of_coaching(
            sum(m.coaching for m in self.months),
            sum(m.performance for m in self.months),
            sum(m.neutral for m in self.months),
        )

    @property
    def outcomes(self) -> dict[CommitmentOutcome, int]:
        """How many commitments were kept, missed, dropped, still open (in that order)."""
        return {o: sum(1 for c in self.commitments if c.outcome == o) for o in OUTCOMES}


@dataclass(frozen=True, slots=True)
class ReportView:
    """A review packet: one rep's, or the team's (one :class:`RepReport` per rep)."""

    title: str
    """E.g. "Alex Kim · review packet" or "Team review packet"."""
    manager: str
    """The manager's name ("" when the setting is unset)."""
    start: date
    """The first day of the window."""
    end: date
    """The last day of the window (today)."""
    include_private: bool
    reps: tuple[RepReport, ...]
    team: bool = False
    warnings: tuple[str, ...] = field(default=())
    """Notes that could not be read (named with their file); shown at the end."""
    managers: TeamView | None = None
    """The managers' figures (`coach team`), in a team packet when the leader has team sources."""
    own: bool = False
    """A packet of the manager's own folder: their self-reviews (the rep is the manager)."""

    @property
    def notice(self) -> str:
        """The report's first line: whether it holds private parts."""
        if not self.include_private:
            return SHARED_NOTICE
        return OWN_PRIVATE_NOTICE if self.own else PRIVATE_NOTICE
