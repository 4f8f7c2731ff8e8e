"""`coach pipeline`'s question answered: a rep's kept snapshots read and worked out, or one line
per rep for the team.

The arithmetic is :mod:`coachcli.pipeline_math`'s; this module finds the rep
and their quota, reads the snapshots (:mod:`coachcli.pipeline_store`), keeps
those up to the day asked, and gives a view with ``to_json()``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from coachcli import pipeline_forecast as pf
from coachcli import pipeline_math as pm
from coachcli.errors import CoachError
from coachcli.home import Home
from coachcli.pipeline_model import Snapshot
from coachcli.pipeline_store import snapshots as read_snapshots
from coachcli.rep_record import Rep
from coachcli.reps import get_rep, list_reps
from coachcli.view import Result

IMPORT_HINT = "Import a deal-level CRM export first: coach import pipeline FILE.csv"


def json_money(amount: Decimal | None) -> float | None:
    """An amount for ``--json``: rounded to cents (the sums themselves are exact)."""
    return None if amount is None else float(round(amount, 2))


def json_ratio(value: Decimal | None, places: int) -> float | None:
    return None if value is None else float(round(value, places))


@dataclass
class PipelineView(Result):
    """One rep's pipeline as of a day."""

    rep: Rep | None = None
    today: date | None = None
    snapshots: list[Snapshot] = field(default_factory=list)
    numbers: pm.Numbers | None = None
    limits: pm.Thresholds | None = None
    at_risk: list[pm.DealAtRisk] = field(default_factory=list)
    moves: list[pm.DealMoves] = field(default_factory=list)
    forecasts: list[pf.QuarterForecast] = field(default_factory=list)
    gone: list[pm.GoneDeal] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """What `coach pipeline REP --json` prints (docs/json.md)."""
        assert self.rep and self.today and self.numbers and self.limits
        n, limits = self.numbers, self.limits
        return {
            "rep": self.rep.name,
            "slug": self.rep.slug,
            "today": self.today.isoformat(),
            "snapshots": len(self.snapshots),
            "first_as_of": self.snapshots[0].as_of.isoformat(),
            "as_of": n.as_of.isoformat(),
            "quarter": n.quarter.label,
            "open_deals": n.open_deals,
            "open_pipeline": json_money(n.open_pipeline),
            "this_quarter": json_money(n.this_quarter),
            "won": json_money(n.won),
            "won_deals": n.won_deals,
            "quota": json_money(n.quota),
            "quota_remaining": json_money(n.quota_remaining),
            "coverage": json_ratio(n.coverage, 4),
            "stalled_days": limits.stalled_days,
            "stage_days": limits.stage_days,
            "threshold_source": limits.source,
            "cycle_days": limits.cycle_days,
            "at_risk": [_risk_json(d) for d in self.at_risk],
            "moves": [_moves_json(m) for m in self.moves],
            "forecast": [_quarter_json(q) for q in self.forecasts],
            "gone": [
                {
                    "deal_id": g.deal.deal_id,
                    "deal": g.deal.name,
                    "amount": json_money(pm.money(g.deal.amount)),
                    "last_seen": g.last_seen.isoformat(),
                }
                for g in self.gone
            ],
        }


def _risk_json(found: pm.DealAtRisk) -> dict[str, Any]:
    deal = found.deal
    return {
        "deal_id": deal.deal_id,
        "deal": deal.name,
        "stage": deal.stage,
        "amount": json_money(pm.money(deal.amount)),
        "close_date": deal.close_date.isoformat() if deal.close_date else None,
        "forecast": deal.forecast,
        "days_in_stage": found.stage.days,
        "in_stage_since": found.stage.since.isoformat(),
        "in_stage_at_least": found.stage.at_least,
        "risks": [{"kind": r.kind, "why": r.why} for r in found.risks],
    }


def _moves_json(moved: pm.DealMoves) -> dict[str, Any]:
    latest = moved.latest
    assert latest is not None
    return {
        "deal_id": moved.deal_id,
        "deal": moved.name,
        "pushed": moved.pushed,
        "pulled": moved.pulled,
        "days_moved": moved.days_moved,
        "latest": {
            "on": latest.on.isoformat(),
            "before": latest.before.isoformat(),
            "after": latest.after.isoformat(),
            "days": latest.days,
        },
    }


def _quarter_json(found: pf.QuarterForecast) -> dict[str, Any]:
    return {
        "quarter": found.quarter.label,
        "ended": found.ended,
        "won": json_money(found.actual),
        "points": [
            {
                "as_of": p.as_of.isoformat(),
                "week": p.week,
                "commit": json_money(p.commit),
                "best_case": json_money(p.best_case),
                "commit_error": json_ratio(p.commit_error, 1),
                "best_case_error": json_ratio(p.best_case_error, 1),
            }
            for p in found.points
        ],
    }


def _kept(home: Home, rep: Rep, as_of: date | None, warnings: list[str]) -> list[Snapshot]:
    found, problems = read_snapshots(home, rep.slug)
    warnings.extend(problems)
    return [s for s in found if as_of is None or s.as_of <= as_of]


def rep_pipeline(
    home: Home,
    rep_ref: str,
    today: date,
    *,
    as_of: date | None = None,
    stalled_days: int | None = None,
) -> PipelineView:
    """A rep's pipeline from their snapshots up to ``as_of`` (then measured as of that day, not
    ``today``); CoachError when there are none, with the command that imports one."""
    rep = get_rep(home, rep_ref, begun=True)
    view = PipelineView(rep=rep, today=as_of or today)
    view.snapshots = _kept(home, rep, as_of, view.warnings)
    if not view.snapshots:
        when = f" on or before {as_of.isoformat()}" if as_of else ""
        raise CoachError(f"No pipeline snapshots of {rep.name}{when}.", hint=IMPORT_HINT)
    return _worked_out(view, rep, stalled_days)


def _worked_out(view: PipelineView, rep: Rep, stalled_days: int | None) -> PipelineView:
    kept, day = view.snapshots, view.today
    assert day is not None
    view.numbers = pm.numbers(kept, rep.quota)
    view.limits = pm.thresholds(kept, stalled_days)
    view.at_risk = pm.deals_at_risk(kept, day, stalled_days=stalled_days)
    view.moves = pm.close_date_moves(kept)
    view.forecasts = pf.forecast_error(kept)
    view.gone = pm.gone_from_export(kept)
    return view


@dataclass
class TeamPipelineView(Result):
    """One line per rep who has snapshots."""

    rows: list[PipelineView] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """What `coach pipeline --json` prints (docs/json.md)."""
        shown = []
        for row in self.rows:
            assert row.rep and row.numbers
            n = row.numbers
            shown.append({
                "rep": row.rep.name,
                "slug": row.rep.slug,
                "as_of": n.as_of.isoformat(),
                "open_pipeline": json_money(n.open_pipeline),
                "this_quarter": json_money(n.this_quarter),
                "won": json_money(n.won),
                "quota_remaining": json_money(n.quota_remaining),
                "coverage": json_ratio(n.coverage, 4),
                "at_risk": len(row.at_risk),
                "open_deals": n.open_deals,
            })  # fmt: skip
        return {"reps": shown}


def team_pipeline(
    home: Home, today: date, *, as_of: date | None = None, stalled_days: int | None = None
) -> TeamPipelineView:
    """Every active rep with snapshots; CoachError when no rep has any."""
    listing = list_reps(home)
    team = TeamPipelineView(warnings=list(listing.warnings))
    for rep in listing.reps:
        if rep.archived:
            continue
        view = PipelineView(rep=rep, today=as_of or today)
        view.snapshots = _kept(home, rep, as_of, team.warnings)
        if view.snapshots:
            team.rows.append(_worked_out(view, rep, stalled_days))
    if not team.rows:
        raise CoachError("No pipeline snapshots yet.", hint=IMPORT_HINT)
    return team
