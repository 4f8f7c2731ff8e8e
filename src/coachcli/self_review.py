"""The manager's own figures in a self-review: coaching share, cadence, overdue action items.

A framework with a metric of one of the :data:`~coachcli.self_review_ids.FIGURES`
ids (the built-in ``manager-self-review``) is a self-review
(:mod:`coachcli.self_review_ids`). When its session starts, coach
shows the manager these figures and offers each as its metric's default, the
way a value imported from a CRM export is offered
(:func:`coachcli.imports.session_defaults`), with the source :data:`SOURCE`.

No rule is worked out here: the figures come from the functions behind
`coach balance` (the coaching share and who has had no coaching), `coach reps`
(whose 1:1 is overdue by their cadence) and `coach actions` (overdue items by
owner); this module only leaves out the session's own rep (the manager, who
runs the self-review with themselves as the rep) and counts what is left.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from coachcli.analytics.balances import add_up
from coachcli.analytics.suggestions import COACHING_GAP_DAYS
from coachcli.dates import parse_since
from coachcli.imports import MetricValue
from coachcli.wording import percent, plural

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from coachcli.analytics.balances import Uncoached
    from coachcli.analytics.overview import RepRow
    from coachcli.home import Home

SOURCE = "coach balance"
"""The source a figure is offered with: ``Enter keeps: 42%, imported from coach balance, …``."""

WINDOW = "30d"
"""The coaching share's window, as `coach balance --since` takes it."""


@dataclass(frozen=True)
class Figures:
    """The manager's figures as of a day, the self-review's own rep left out."""

    as_of: date
    target: float
    """The coaching target (``coaching_target``), 0 to 1."""
    coaching_share: float | None
    """Coaching minutes ÷ all 1:1 minutes in the window; None with no 1:1 minutes."""
    sessions: int
    """The 1:1s in the window."""
    active_reps: int
    overdue_reps: list[tuple[str, int]] = field(default_factory=list)
    """Active reps whose next 1:1 is overdue: (name, days overdue), the most overdue first."""
    uncoached: list[tuple[str, int | None]] = field(default_factory=list)
    """Active reps with no coaching in :data:`COACHING_GAP_DAYS`: (name, days since or None)."""
    manager_overdue: int = 0
    rep_overdue: int = 0

    def values(self) -> dict[str, float]:
        """Each figure under its metric id; one that cannot be worked out is left out."""
        found: dict[str, float] = {
            "reps-uncoached": len(self.uncoached),
            "manager-actions-overdue": self.manager_overdue,
            "rep-actions-overdue": self.rep_overdue,
        }
        if self.coaching_share is not None:
            found["coaching-share"] = round(self.coaching_share * 100)
        if self.active_reps:
            on_cadence = self.active_reps - len(self.overdue_reps)
            found["reps-on-cadence"] = round(100 * on_cadence / self.active_reps)
        return found

    def offered(self, rep_slug: str, rep: str) -> dict[str, MetricValue]:
        """The figures as values to offer, like the newest imports of the rep ``rep_slug``."""
        return {
            metric: MetricValue(rep_slug, metric, self.as_of, value, rep, SOURCE)
            for metric, value in self.values().items()
        }

    def text(self) -> str:
        """The figures as the manager reads them when the self-review starts."""
        share = "no 1:1 time recorded"
        if self.coaching_share is not None:
            share = f"{percent(self.coaching_share)} (target {percent(self.target)})"
        lines = [
            f"Your figures as of {self.as_of.isoformat()} (coach balance, coach reps, "
            "coach actions; your own sessions left out):",
            f"  Coaching share of your 1:1 time, last 30 days: {share}, "
            f"{plural(self.sessions, '1:1')}",
        ]
        if self.active_reps:
            on = self.active_reps - len(self.overdue_reps)
            late = ", ".join(f"{name} {plural(days, 'day')}" for name, days in self.overdue_reps)
            lines.append(
                f"  Reps whose next 1:1 is not overdue: {on} of {self.active_reps}"
                + (f"; overdue: {late}" if late else "")
            )
        else:
            lines.append("  Reps whose next 1:1 is not overdue: no reps yet")
        waiting = ", ".join(
            f"{name}, {'never' if days is None else plural(days, 'day')}"
            for name, days in self.uncoached
        )
        lines.append(
            f"  Reps with no coaching conversation in {COACHING_GAP_DAYS} days: "
            f"{len(self.uncoached)}" + (f" ({waiting})" if waiting else "")
        )
        lines.append(f"  Your own action items overdue: {self.manager_overdue}")
        lines.append(f"  Your reps' action items overdue: {self.rep_overdue}")
        lines.append("Each is offered as this session's metric: press Enter to keep it.")
        return "\n".join(lines)


def figures(home: Home, today: date, leave_out: str) -> tuple[Figures, list[str]]:
    """The manager's figures as of ``today``, without the rep ``leave_out``; and warnings.

    The coaching share is `coach balance --since 30d`'s, summed over every
    rep but ``leave_out`` (with the balance's own sum); the reps counted are
    the active ones `coach reps` lists; overdue items are `coach actions
    --overdue`'s, by owner.
    """
    from coachcli.queries import actions_view, balance_view, reps_view

    listing = reps_view(home, today)
    active = [row for row in listing.rows if row.slug != leave_out]
    view = balance_view(
        home, today, since=parse_since(WINDOW, today), no_coaching_days=COACHING_GAP_DAYS
    )
    assert view.balance is not None
    balance = view.balance
    team = add_up(r.totals for r in balance.reps if r.rep_slug != leave_out)
    overdue = actions_view(home, today, overdue=True)
    theirs = [a for a in overdue.actions if a.rep_slug != leave_out]
    found = Figures(
        as_of=today,
        target=balance.target,
        coaching_share=team.coaching_share,
        sessions=team.total_sessions,
        active_reps=len(active),
        overdue_reps=[(row.name, row.days_overdue) for row in active if row.overdue],
        uncoached=_uncoached(balance.uncoached, active, view.name),
        manager_overdue=sum(1 for a in theirs if a.owner == "manager"),
        rep_overdue=sum(1 for a in theirs if a.owner == "rep"),
    )
    warnings = [*listing.warnings, *view.warnings, *overdue.warnings]
    return found, list(dict.fromkeys(warnings))


def _uncoached(
    listed: Sequence[Uncoached], active: Sequence[RepRow], name: Callable[[str], str]
) -> list[tuple[str, int | None]]:
    """The reps with no coaching conversation in the window: `coach balance`'s list (reps with a
    session), and the active reps never met at all, who have had no coaching either."""
    slugs = {row.slug for row in active}
    found = [(name(u.rep_slug), u.days) for u in listed if u.rep_slug in slugs]
    known = {u.rep_slug for u in listed}
    found += [(row.name, None) for row in active if row.sessions == 0 and row.slug not in known]
    return found
