"""Forecast error over time: for each quarter, what a rep forecast at each snapshot against what
was won in it.

The forecast as of a snapshot is the quarter's won to date plus its open deals
closing in the quarter that the rep calls commit ("would be surprised to lose
it"); the wider call adds those called best case. The error is (forecast −
won) ÷ won, in %, at week N of the quarter counted from its first day (the
frameworks' "forecast error at week N"). Pure functions, no I/O; exact sums.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from coachcli.pipeline_math import ZERO, Quarter, histories, money, quarter_of, won_in
from coachcli.pipeline_model import Snapshot


@dataclass(frozen=True)
class ForecastPoint:
    """What the rep forecast for a quarter as of one snapshot: won to date plus the open deals
    closing in the quarter called commit (``commit``), and those plus best case (``best_case``)."""

    as_of: date
    week: int
    commit: Decimal
    best_case: Decimal
    commit_error: Decimal | None
    """(forecast − actual) ÷ actual × 100: positive is over-forecast; None when nothing was won."""
    best_case_error: Decimal | None


@dataclass(frozen=True)
class QuarterForecast:
    quarter: Quarter
    ended: bool
    """A snapshot after the quarter's end is there: ``actual`` is final, not to date."""
    actual: Decimal
    points: tuple[ForecastPoint, ...]


def _error(forecast: Decimal, actual: Decimal) -> Decimal | None:
    return (forecast - actual) / actual * 100 if actual else None


def forecast_error(snapshots: Sequence[Snapshot]) -> list[QuarterForecast]:
    """Each quarter a snapshot falls in, oldest first: the forecast at each of its snapshots
    against what was won in it (as far as the latest snapshot knows)."""
    if not snapshots:
        return []
    everything = histories(snapshots)
    quarters = sorted({quarter_of(s.as_of) for s in snapshots})
    found = []
    for quarter in quarters:
        actual, _ = won_in(everything, quarter)
        points = []
        for index, snapshot in enumerate(snapshots):
            if not quarter.holds(snapshot.as_of):
                continue
            won_so_far, _ = won_in(histories(snapshots[: index + 1]), quarter)
            calls = {"commit": ZERO, "best-case": ZERO}
            for deal in snapshot.deals:
                if (
                    deal.status == "open"
                    and deal.forecast in calls
                    and quarter.holds(deal.close_date)
                ):
                    calls[deal.forecast] += money(deal.amount)
            commit = won_so_far + calls["commit"]
            best = commit + calls["best-case"]
            points.append(ForecastPoint(
                snapshot.as_of, quarter.week(snapshot.as_of), commit, best,
                _error(commit, actual), _error(best, actual),
            ))  # fmt: skip
        ended = snapshots[-1].as_of > quarter.end
        found.append(QuarterForecast(quarter, ended, actual, tuple(points)))
    return found
