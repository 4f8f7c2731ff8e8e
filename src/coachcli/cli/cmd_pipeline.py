"""`coach pipeline`: a rep's pipeline from their kept CRM snapshots, or a line per rep."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from coachcli.cli.common import home
from coachcli.cli.render import print_json, show_warnings, stdout

if TYPE_CHECKING:
    from coachcli.pipeline_view import PipelineView, TeamPipelineView


def pipeline(
    ctx: typer.Context,
    rep: Annotated[
        str | None,
        typer.Argument(metavar="[REP]", help="The rep's name or folder (none: every rep)."),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", metavar="DATE", help="As it stood on this day: only snapshots up to it."
        ),
    ] = None,
    stalled_days: Annotated[
        int | None,
        typer.Option(
            "--stalled-days",
            metavar="N",
            min=1,
            max=365,
            help="No activity in N days makes a deal stalled (default: from the rep's cycle).",
        ),
    ] = None,
    json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Show a rep's pipeline: coverage, deals at risk and why, forecast error by quarter.

    Worked out from the snapshots `coach import pipeline` keeps.

    Example: coach pipeline "Alex Kim"

    Example: coach pipeline --as-of 2026-12-31
    """
    from coachcli.pipeline_view import rep_pipeline, team_pipeline

    day = _day(as_of) if as_of else None
    today = date.today()
    if rep is None:
        team = team_pipeline(home(ctx), today, as_of=day, stalled_days=stalled_days)
        show_warnings(team.warnings)
        print_json(team.to_json()) if json else render_team(team)
        return
    view = rep_pipeline(home(ctx), rep, today, as_of=day, stalled_days=stalled_days)
    show_warnings(view.warnings)
    print_json(view.to_json()) if json else render_pipeline(view)


def _day(text: str) -> date:
    from coachcli.errors import CoachError

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CoachError(
            f"Bad --as-of {text!r}: expected a day as YYYY-MM-DD.", hint="e.g. --as-of 2026-12-31"
        ) from None


def _coverage(value: object) -> str:
    from decimal import Decimal

    return "—" if not isinstance(value, Decimal) else f"{round(value, 1)}×"


def render_pipeline(view: PipelineView) -> None:
    """The numbers, the deals at risk with why, what left the export, the forecast error."""
    from coachcli.cli.render import spans, table, text
    from coachcli.pipeline_math import money
    from coachcli.wording import amount, plural, start_command

    assert view.rep and view.numbers and view.limits and view.today
    console, n, limits = stdout(), view.numbers, view.limits
    first = view.snapshots[0].as_of
    console.print(text(f"{view.rep.name}: pipeline as of {n.as_of}", "bold"))
    console.print(text(f"{plural(len(view.snapshots), 'snapshot')} since {first}", "dim"))
    console.print()
    figures = table("figure", "value")
    figures.show_header = False
    figures.add_row("Open pipeline", f"{amount(n.open_pipeline)} ({plural(n.open_deals, 'deal')})")
    figures.add_row(f"Closing in {n.quarter.label}", amount(n.this_quarter))
    figures.add_row(f"Won in {n.quarter.label}", f"{amount(n.won)} ({plural(n.won_deals, 'deal')})")
    if n.quota is None:
        edit = start_command(view.rep.name).replace("coach start", "coach rep edit", 1)
        figures.add_row("Quota", f"not set: {edit} --quota AMOUNT")
    else:
        figures.add_row("Quota remaining", f"{amount(n.quota_remaining or 0)} of {amount(n.quota)}")
        figures.add_row("Coverage", _coverage(n.coverage))
    console.print(figures)
    console.print()
    why = {
        "given": "as given",
        "cycle": f"a quarter of the {limits.cycle_days}-day median cycle",
        "default": "the default until 3 won deals show the cycle",
    }[limits.source]
    heading = spans()
    heading.append(f"Deals at risk: {len(view.at_risk)} of {n.open_deals} open", "bold")
    heading.append(f" (stalled after {limits.stalled_days} days without activity, {why};"
                   f" long in stage after {limits.stage_days})", "dim")  # fmt: skip
    console.print(heading)
    if not view.at_risk:
        console.print(text("None.", "green"))
    for found in view.at_risk:
        deal = found.deal
        line = spans()
        line.append(deal.name, "bold")
        line.append(f"  {amount(money(deal.amount))}")
        line.append(f"  {deal.stage}" if deal.stage else "", "dim")
        line.append(f"  close {deal.close_date}" if deal.close_date else "", "dim")
        line.append(f"  {deal.forecast}" if deal.forecast else "", "dim")
        console.print(line)
        for risk in found.risks:
            console.print(text(f"  · {risk.why}", "yellow"))
    if view.gone:
        console.print()
        console.print(text("No longer in the export (won, lost or removed? ask)", "bold"))
        for gone in view.gone:
            worth = amount(money(gone.deal.amount))
            console.print(text(f"  {gone.deal.name}  {worth}  last seen open {gone.last_seen}"))
    _render_forecast(view)


def _render_forecast(view: PipelineView) -> None:
    from coachcli.cli.render import table, text
    from coachcli.wording import amount

    console = stdout()
    console.print()
    console.print(text("Forecast error: (forecast − won) ÷ won", "bold"))
    shown = table(
        "quarter", "week", "as of", "commit", "error", "+ best case", "error",
        right=("week", "commit", "error", "+ best case"),
    )  # fmt: skip
    for quarter in view.forecasts:
        for point in quarter.points:
            shown.add_row(
                quarter.quarter.label, str(point.week), point.as_of.isoformat(),
                amount(point.commit), _percent(point.commit_error),
                amount(point.best_case), _percent(point.best_case_error),
            )  # fmt: skip
        state = "final" if quarter.ended else "to date"
        shown.add_row("", "", text(f"won ({state})", "dim"), text(amount(quarter.actual), "dim"))
    console.print(shown)
    if view.forecasts and not view.forecasts[-1].ended:
        label = view.forecasts[-1].quarter.label
        console.print(
            text(f"{label} has not ended: its error is against what is won so far.", "dim")
        )


def _percent(error: object) -> str:
    from decimal import Decimal

    if not isinstance(error, Decimal):
        return "—"
    return f"{round(error):+d}%" if round(error) else "0%"


def render_team(team: TeamPipelineView) -> None:
    """A line per rep: nothing cut (a date or an amount cut short says nothing)."""
    from coachcli.cli.figures import rows
    from coachcli.cli.render import as_text
    from coachcli.wording import amount

    console = stdout()
    cells = [("rep", "as of", "open", "closing", "won", "to go", "coverage", "at risk")]
    for row in team.rows:
        assert row.rep and row.numbers
        n = row.numbers
        cells.append((
            row.rep.name, n.as_of.isoformat(), amount(n.open_pipeline), amount(n.this_quarter),
            amount(n.won), "—" if n.quota_remaining is None else amount(n.quota_remaining),
            _coverage(n.coverage), f"{len(row.at_risk)} of {n.open_deals}",
        ))  # fmt: skip
    for line in rows(cells, [""] * len(cells), console.width, right=frozenset(range(2, 8)),
                     styles=["bold"]):  # fmt: skip
        console.print(as_text(line))
