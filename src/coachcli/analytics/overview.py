"""The reps overview (`coach reps`): every rep's last and next 1:1, actions and coaching share."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Final

from coachcli.analytics.actions import action_states
from coachcli.analytics.corpus import by_rep, newest_first, share_of_coaching
from coachcli.records import Corpus
from coachcli.wording import json_share

if TYPE_CHECKING:
    from coachcli.reps import Rep

SHARE_WINDOW_DAYS = 90
"""`coach reps` shows the coaching share of the sessions in this many days up to today."""


@dataclass(frozen=True)
class RepRow:
    """One rep in `coach reps`."""

    name: str
    slug: str
    archived: bool
    sessions: int
    last_date: date | None
    last_kind: str | None
    last_framework: str | None
    cadence_days: int
    """The rep's own cadence, else the configured default."""
    next_due: date
    """The last session + cadence; today for a rep never met."""
    overdue: bool
    """The next 1:1 was due before today."""
    days_overdue: int
    """Days past the next 1:1's due date (0 when not overdue)."""
    open_actions: int
    overdue_actions: int
    coaching_share: float | None
    """Coaching share of the minutes in the last 90 days (None when there were none)."""

    def to_json(self) -> dict[str, Any]:
        """The row as `coach reps --json` prints it."""
        return {
            "name": self.name,
            "slug": self.slug,
            "archived": self.archived,
            "sessions": self.sessions,
            "last_date": self.last_date.isoformat() if self.last_date else None,
            "last_kind": self.last_kind,
            "last_framework": self.last_framework,
            "cadence_days": self.cadence_days,
            "next_due": self.next_due.isoformat(),
            "overdue": self.overdue,
            "days_overdue": self.days_overdue,
            "open_actions": self.open_actions,
            "overdue_actions": self.overdue_actions,
            "coaching_share_90d": json_share(self.coaching_share),
        }


@dataclass(frozen=True, slots=True)
class Activity:
    """What one rep's row is worked out from: their sessions, actions and the window's minutes.

    Built from a corpus (:func:`activity_of`) or asked of the index
    (:mod:`coachcli.digests`); :func:`rep_row` makes the row either way.
    """

    sessions: int
    last: tuple[date, str, str] | None
    """The newest session's (date, kind, framework id); None: never met."""
    minutes: tuple[float, float, float]
    """(coaching, performance, neutral) minutes of the sessions in the window."""
    open_actions: int
    overdue_actions: int


NO_ACTIVITY: Final = Activity(0, None, (0.0, 0.0, 0.0), 0, 0)


def share_window(today: date, window_days: int = SHARE_WINDOW_DAYS) -> tuple[date, date]:
    """The first and last day whose sessions count in the coaching share."""
    return today - timedelta(days=window_days), today


def activity_of(part: Corpus, today: date, window_days: int = SHARE_WINDOW_DAYS) -> Activity:
    """One rep's :class:`Activity` from their own part of the corpus."""
    notes = newest_first(part.notes)
    first, last_day = share_window(today, window_days)
    window = [n for n in notes if first <= n.date <= last_day]
    lateness = [s.overdue for s in action_states(part, today) if s.status == "open"]
    newest = notes[0] if notes else None
    return Activity(
        sessions=len(notes),
        last=(newest.date, newest.kind, newest.framework) if newest else None,
        minutes=(
            sum(n.coaching_minutes for n in window),
            sum(n.performance_minutes for n in window),
            sum(n.neutral_minutes for n in window),
        ),
        open_actions=len(lateness),
        overdue_actions=sum(lateness),
    )


def rep_row(rep: Rep, activity: Activity, default_cadence: int, today: date) -> RepRow:
    """One rep's row in `coach reps`."""
    cadence = rep.cadence_days or default_cadence
    last = activity.last
    next_due = last[0] + timedelta(days=cadence) if last is not None else today
    late = (today - next_due).days
    return RepRow(
        name=rep.name,
        slug=rep.slug,
        archived=rep.archived,
        sessions=activity.sessions,
        last_date=last[0] if last else None,
        last_kind=last[1] if last else None,
        last_framework=last[2] if last else None,
        cadence_days=cadence,
        next_due=next_due,
        overdue=late > 0,
        days_overdue=max(0, late),
        open_actions=activity.open_actions,
        overdue_actions=activity.overdue_actions,
        coaching_share=share_of_coaching(*activity.minutes),
    )


def reps_overview(
    corpus: Corpus,
    reps: Iterable[Rep],
    default_cadence: int,
    today: date,
    *,
    include_archived: bool = False,
    window_days: int = SHARE_WINDOW_DAYS,
) -> list[RepRow]:
    """Every rep (archived ones only when asked): the most overdue for a 1:1 first.

    Sorted by how late the next 1:1 is (reps never met are due today, so
    they come after overdue reps and before reps not yet due), then by name.
    The coaching share counts sessions dated from ``today - window_days`` to
    ``today``.
    """
    parts = by_rep(corpus)
    rows = [
        rep_row(rep, activity_of(parts.get(rep.slug, Corpus()), today, window_days),
                default_cadence, today)
        for rep in reps
        if include_archived or not rep.archived
    ]  # fmt: skip
    return order_rep_rows(rows, today)


def order_rep_rows(rows: Iterable[RepRow], today: date) -> list[RepRow]:
    """The most overdue for a 1:1 first, then by name (see :func:`reps_overview`)."""
    return sorted(rows, key=lambda r: (-(today - r.next_due).days, r.name.casefold(), r.slug))
