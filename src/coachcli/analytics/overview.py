"""The reps overview (`coach reps`): every rep's last and next 1:1, actions and coaching share."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

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
    open_count: dict[str, int] = defaultdict(int)
    overdue_count: dict[str, int] = defaultdict(int)
    for state in action_states(corpus, today):
        if state.status == "open":
            open_count[state.rep_slug] += 1
            overdue_count[state.rep_slug] += state.overdue
    window_start = today - timedelta(days=window_days)
    rows: list[RepRow] = []
    for rep in reps:
        if rep.archived and not include_archived:
            continue
        notes = newest_first(parts.get(rep.slug, Corpus()).notes)
        cadence = rep.cadence_days or default_cadence
        last = notes[0] if notes else None
        next_due = last.date + timedelta(days=cadence) if last is not None else today
        late = (today - next_due).days
        window = [n for n in notes if window_start <= n.date <= today]
        row = RepRow(
            name=rep.name,
            slug=rep.slug,
            archived=rep.archived,
            sessions=len(notes),
            last_date=last.date if last else None,
            last_kind=last.kind if last else None,
            last_framework=last.framework if last else None,
            cadence_days=cadence,
            next_due=next_due,
            overdue=late > 0,
            days_overdue=max(0, late),
            open_actions=open_count[rep.slug],
            overdue_actions=overdue_count[rep.slug],
            coaching_share=share_of_coaching(
                sum(n.coaching_minutes for n in window),
                sum(n.performance_minutes for n in window),
                sum(n.neutral_minutes for n in window),
            ),
        )
        rows.append(row)
    return order_rep_rows(rows, today)


def order_rep_rows(rows: Iterable[RepRow], today: date) -> list[RepRow]:
    """The most overdue for a 1:1 first, then by name (see :func:`reps_overview`)."""
    return sorted(rows, key=lambda r: (-(today - r.next_due).days, r.name.casefold(), r.slug))
