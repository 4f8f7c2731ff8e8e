"""The pipeline arithmetic: what a rep's successive snapshots say, as of a day.

Pure functions over a rep's :class:`~coachcli.pipeline_model.Snapshot` list
(oldest first), no I/O: the numbers of the latest snapshot (open pipeline,
closing this quarter, won this quarter, quota remaining, coverage), close-date
moves per deal, stage aging, the no-activity threshold scaled to the rep's
sales cycle, the deals at risk with why, and deals gone from the export
(forecast error by quarter is :mod:`coachcli.pipeline_forecast`'s).

Money adds up exactly: each amount is taken as the decimal it was written as
(``Decimal(repr(amount))``) and rounded for display only. Quarters are
calendar quarters. A deal is followed from snapshot to snapshot by its
``deal_id``. docs/pipeline.md describes every rule here for managers.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from coachcli.pipeline_model import Deal, Snapshot
from coachcli.wording import days_ago

ZERO = Decimal(0)

DEFAULT_STALLED_DAYS = 14
"""Days without activity that make a deal stalled when the rep's cycle is not known."""
STALLED_FLOOR, STALLED_CAP = 7, 30
"""A cycle-scaled threshold is never under a week nor over a month."""
CYCLE_SHARE = 4
"""A deal silent for a quarter of the rep's usual time to win is stalled."""
MIN_WON_FOR_CYCLE = 3
"""Won deals needed before their median is taken as the rep's cycle (fewer is a guess)."""
STAGE_FACTOR = 2
"""A deal is long in its stage after twice the no-activity threshold there."""


def money(amount: float) -> Decimal:
    """An amount as the decimal it was written as (``0.1`` is exactly one tenth)."""
    return Decimal(repr(float(amount)))


# --------------------------------------------------------------------------- quarters


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter."""

    year: int
    number: int

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        """Its last day."""
        following = (
            date(self.year + 1, 1, 1)
            if self.number == 4
            else date(self.year, 3 * self.number + 1, 1)
        )
        return following - timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{self.year} Q{self.number}"

    def holds(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def week(self, day: date) -> int:
        """Week N of the quarter, counted from its first day (days 1-7 are week 1)."""
        return (day - self.start).days // 7 + 1


def quarter_of(day: date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


# --------------------------------------------------------------------------- deals over time


@dataclass(frozen=True)
class Sighting:
    """A deal as one snapshot showed it."""

    as_of: date
    deal: Deal


def histories(snapshots: Sequence[Snapshot]) -> dict[str, list[Sighting]]:
    """Each deal's sightings, oldest first, in the order deals were first seen."""
    found: dict[str, list[Sighting]] = {}
    for snapshot in snapshots:
        for deal in snapshot.deals:
            found.setdefault(deal.deal_id, []).append(Sighting(snapshot.as_of, deal))
    return found


def won_on(history: Sequence[Sighting]) -> date | None:
    """The day a deal was won (its close date when won, else the first snapshot showing it won);
    None when its latest sighting is not won."""
    if not history or history[-1].deal.status != "won":
        return None
    if history[-1].deal.close_date is not None:
        return history[-1].deal.close_date
    first = len(history) - 1
    while first > 0 and history[first - 1].deal.status == "won":
        first -= 1
    return history[first].as_of


def won_in(found: dict[str, list[Sighting]], quarter: Quarter) -> tuple[Decimal, int]:
    """The amount and count of deals won in ``quarter`` (each deal's latest sighting)."""
    total, count = ZERO, 0
    for history in found.values():
        if quarter.holds(won_on(history)):
            total += money(history[-1].deal.amount)
            count += 1
    return total, count


# --------------------------------------------------------------------------- the numbers


@dataclass(frozen=True)
class Numbers:
    """The latest snapshot's numbers, for its calendar quarter."""

    as_of: date
    quarter: Quarter
    open_deals: int
    open_pipeline: Decimal
    this_quarter: Decimal
    """Open deals whose close date falls in the quarter."""
    won: Decimal
    won_deals: int
    quota: Decimal | None
    quota_remaining: Decimal | None
    """Quota less won this quarter, never below zero; None without a quota."""
    coverage: Decimal | None
    """``this_quarter`` ÷ ``quota_remaining``; None without a quota or with none remaining."""


def numbers(snapshots: Sequence[Snapshot], quota: float | None) -> Numbers:
    """The numbers of the latest snapshot (``snapshots`` not empty)."""
    latest = snapshots[-1]
    quarter = quarter_of(latest.as_of)
    open_deals = [d for d in latest.deals if d.status == "open"]
    won, won_deals = won_in(histories(snapshots), quarter)
    this_quarter = sum((money(d.amount) for d in open_deals if quarter.holds(d.close_date)), ZERO)
    the_quota = None if quota is None else money(quota)
    remaining = None if the_quota is None else max(ZERO, the_quota - won)
    return Numbers(
        as_of=latest.as_of,
        quarter=quarter,
        open_deals=len(open_deals),
        open_pipeline=sum((money(d.amount) for d in open_deals), ZERO),
        this_quarter=this_quarter,
        won=won,
        won_deals=won_deals,
        quota=the_quota,
        quota_remaining=remaining,
        coverage=this_quarter / remaining if remaining else None,
    )


# --------------------------------------------------------------------------- close-date moves


@dataclass(frozen=True)
class Move:
    """A close date changed between two snapshots: ``on`` is the day of the one that showed it."""

    on: date
    before: date
    after: date

    @property
    def days(self) -> int:
        """Positive: pushed out; negative: pulled in."""
        return (self.after - self.before).days


@dataclass(frozen=True)
class DealMoves:
    deal_id: str
    name: str
    moves: tuple[Move, ...]

    @property
    def pushed(self) -> int:
        return sum(1 for m in self.moves if m.days > 0)

    @property
    def pulled(self) -> int:
        return sum(1 for m in self.moves if m.days < 0)

    @property
    def days_moved(self) -> int:
        """The net days moved: the sum of the moves (pushes count up, pulls down)."""
        return sum(m.days for m in self.moves)

    @property
    def latest(self) -> Move | None:
        return self.moves[-1] if self.moves else None


def deal_moves(history: Sequence[Sighting]) -> DealMoves:
    """A deal's close-date moves: each change of its known close date while it was open (a
    snapshot without a date skips; the move to the day an open deal was won or lost counts)."""
    moves: list[Move] = []
    known: Sighting | None = None
    for sighting in history:
        day = sighting.deal.close_date
        if day is None:
            continue
        if known is not None and known.deal.status == "open" and day != known.deal.close_date:
            assert known.deal.close_date is not None
            moves.append(Move(sighting.as_of, known.deal.close_date, day))
        known = sighting
    last = history[-1].deal
    return DealMoves(last.deal_id, last.name, tuple(moves))


def close_date_moves(snapshots: Sequence[Snapshot]) -> list[DealMoves]:
    """Every deal whose close date moved at least once, in the order deals were first seen."""
    found = (deal_moves(history) for history in histories(snapshots).values())
    return [moved for moved in found if moved.moves]


def slipped(snapshots: Sequence[Snapshot]) -> list[DealMoves]:
    """The deals whose close date was pushed out at least once."""
    return [moved for moved in close_date_moves(snapshots) if moved.pushed]


# --------------------------------------------------------------------------- stage aging


@dataclass(frozen=True)
class StageAge:
    deal_id: str
    stage: str
    since: date
    """The first snapshot that showed the deal in this stage (without a break)."""
    days: int
    at_least: bool
    """The first snapshot there is already showed it in this stage: it may have been longer."""


def stage_age(history: Sequence[Sighting], first_snapshot: date, today: date) -> StageAge:
    """How long a deal has been in its latest stage (by ``stage_id``, else the CRM's name)."""

    def key(sighting: Sighting) -> str:
        return sighting.deal.stage_id or sighting.deal.stage

    start = len(history) - 1
    while start > 0 and key(history[start - 1]) == key(history[-1]):
        start -= 1
    since = history[start].as_of
    return StageAge(
        history[-1].deal.deal_id,
        history[-1].deal.stage,
        since,
        (today - since).days,
        at_least=since == first_snapshot,
    )


# --------------------------------------------------------------------------- thresholds


@dataclass(frozen=True)
class Thresholds:
    """When a deal counts as stalled or long in its stage, and where that came from."""

    stalled_days: int
    stage_days: int
    cycle_days: int | None
    """The rep's median days from first seen to won (None: fewer than MIN_WON_FOR_CYCLE won)."""
    won_measured: int
    source: Literal["given", "cycle", "default"]


def sales_cycle(snapshots: Sequence[Snapshot]) -> tuple[int | None, int]:
    """The median days from first seen to won, over won deals first seen after the first
    snapshot (an older deal's start is not known), and how many there were."""
    if not snapshots:
        return None, 0
    first = snapshots[0].as_of
    lengths = []
    for history in histories(snapshots).values():
        won = won_on(history)
        if won is not None and history[0].as_of > first and won >= history[0].as_of:
            lengths.append((won - history[0].as_of).days)
    if len(lengths) < MIN_WON_FOR_CYCLE:
        return None, len(lengths)
    return round(statistics.median(lengths)), len(lengths)


def stalled_for_cycle(cycle_days: int) -> int:
    """A quarter of the cycle, never under a week nor over a month."""
    return min(STALLED_CAP, max(STALLED_FLOOR, round(cycle_days / CYCLE_SHARE)))


def thresholds(snapshots: Sequence[Snapshot], stalled_days: int | None = None) -> Thresholds:
    """No activity in N days: N as given, else a quarter of the rep's sales cycle between a week
    and a month, else 14 days; long in stage: twice N."""
    cycle, measured = sales_cycle(snapshots)
    if stalled_days is not None:
        days, source = stalled_days, "given"
    elif cycle is not None:
        days, source = stalled_for_cycle(cycle), "cycle"
    else:
        days, source = DEFAULT_STALLED_DAYS, "default"
    return Thresholds(days, STAGE_FACTOR * days, cycle, measured, source)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- deals at risk

RiskKind = Literal[
    "pushed",
    "close-date-passed",
    "no-close-date",
    "no-activity",
    "no-next-step",
    "next-step-undated",
    "next-step-overdue",
    "long-in-stage",
]
RISK_KINDS: tuple[RiskKind, ...] = RiskKind.__args__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Risk:
    kind: RiskKind
    why: str
    """As a manager reads it: ``close date pushed 2× (+35 days), last on 2026-11-21``."""


@dataclass(frozen=True)
class DealAtRisk:
    deal: Deal
    risks: tuple[Risk, ...]
    moves: DealMoves
    stage: StageAge


def deal_risks(
    history: Sequence[Sighting],
    snapshot: Snapshot,
    first_snapshot: date,
    today: date,
    limits: Thresholds,
) -> DealAtRisk:
    """Why one open deal of ``snapshot`` is at risk (no risks: it is not).

    A check on a field runs only when the export carries it: when some deal of
    the snapshot has a last activity, a next step, a next step's date.
    """
    deal = history[-1].deal
    moves = deal_moves(history)
    stage = stage_age(history, first_snapshot, today)
    risks: list[Risk] = []
    if moves.pushed and moves.latest is not None:
        last = moves.latest
        risks.append(Risk("pushed", (
            f"close date pushed {moves.pushed}× ({moves.days_moved:+d} days), "
            f"last {last.on.isoformat()}: {last.before.isoformat()} → {last.after.isoformat()}"
        )))  # fmt: skip
    if deal.close_date is None:
        risks.append(Risk("no-close-date", "no close date"))
    elif deal.close_date < today:
        late = (today - deal.close_date).days
        risks.append(
            Risk("close-date-passed", f"close date {deal.close_date} passed {days_ago(late)}")
        )
    carried = {
        name: any(getattr(d, name) for d in snapshot.deals)
        for name in ("last_activity", "next_step", "next_step_date")
    }
    if carried["last_activity"]:
        if deal.last_activity is None:
            risks.append(Risk("no-activity", "no activity recorded"))
        elif (today - deal.last_activity).days >= limits.stalled_days:
            silent = (today - deal.last_activity).days
            risks.append(
                Risk("no-activity", f"no activity in {silent} days (since {deal.last_activity})")
            )
    if carried["next_step"] and not deal.next_step:
        risks.append(Risk("no-next-step", "no next step"))
    elif deal.next_step and carried["next_step_date"]:
        if deal.next_step_date is None:
            risks.append(Risk("next-step-undated", f"next step without a date: {deal.next_step}"))
        elif deal.next_step_date < today:
            due = (today - deal.next_step_date).days
            risks.append(Risk("next-step-overdue", (
                f"next step was due {deal.next_step_date} ({days_ago(due)}): {deal.next_step}"
            )))  # fmt: skip
    if stage.days >= limits.stage_days:
        how_long = f"at least {stage.days}" if stage.at_least else str(stage.days)
        risks.append(Risk("long-in-stage", f"in {deal.stage or 'its stage'} for {how_long} days"))
    return DealAtRisk(deal, tuple(risks), moves, stage)


def deals_at_risk(
    snapshots: Sequence[Snapshot], today: date, *, stalled_days: int | None = None
) -> list[DealAtRisk]:
    """The open deals of the latest snapshot with at least one risk: the most risks first, then
    the largest. ``stalled_days`` overrides the no-activity threshold (:func:`thresholds`)."""
    if not snapshots:
        return []
    limits = thresholds(snapshots, stalled_days)
    found = histories(snapshots)
    latest = snapshots[-1]
    judged = [
        deal_risks(found[deal.deal_id], latest, snapshots[0].as_of, today, limits)
        for deal in latest.deals
        if deal.status == "open"
    ]
    at_risk = [d for d in judged if d.risks]
    return sorted(at_risk, key=lambda d: (-len(d.risks), -money(d.deal.amount), d.deal.name))


# --------------------------------------------------------------------------- gone from the export


@dataclass(frozen=True)
class GoneDeal:
    """A deal last seen open that the latest snapshot no longer holds (won, lost or deleted in
    the CRM without the export saying)."""

    deal: Deal
    last_seen: date


def gone_from_export(snapshots: Sequence[Snapshot]) -> list[GoneDeal]:
    if not snapshots:
        return []
    latest = {d.deal_id for d in snapshots[-1].deals}
    return [
        GoneDeal(history[-1].deal, history[-1].as_of)
        for deal_id, history in histories(snapshots).items()
        if deal_id not in latest and history[-1].deal.status == "open"
    ]
