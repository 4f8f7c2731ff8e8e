"""`coach balance`: coaching vs performance time against the target, with suggestions."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from coachcli.cli.common import SinceOption, home, parse_since_option
from coachcli.cli.render import print_json, progress_bar, show_warnings, stdout
from coachcli.wording import percent


def balance(
    ctx: typer.Context,
    rep: Annotated[
        str | None, typer.Argument(metavar="REP", help="One rep (default: the whole team).")
    ] = None,
    since: SinceOption = "90d",
    json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Show coaching vs performance time against your target, with suggestions.

    A mixed session counts by its sections' kinds. Set the target with
    `coach config set coaching_target 0.6`.

    Example: coach balance --since 90d
    """
    from coachcli.queries import balance_view

    today = date.today()
    with progress_bar() as progress:
        view = balance_view(
            home(ctx), today, rep, since=parse_since_option(since, today), progress=progress
        )
    show_warnings(view.warnings)
    found = view.balance
    assert found is not None
    if json:
        print_json(view.to_json())
        return
    from coachcli.cli.render import table, text

    console = stdout()
    window = f"since {found.since.isoformat()}" if found.since else "all time"
    columns = ("rep", "sessions", "coaching min", "performance min", "coaching", "vs target")
    shown = table(
        *columns,
        title=f"Coaching vs performance, {window} (target {found.target:.0%} coaching)",
        right=columns[1:],
    )
    rows = [(text(view.name(b.rep_slug)), b.totals, b.gap) for b in found.reps]
    rows.append((text("team", "bold"), found.team, found.gap))
    for name, totals, gap in rows:
        gap_text = (
            "—"
            if gap is None
            else ("on target" if round(gap * 100) == 0 else f"{gap * 100:+.0f} pts")
        )
        style = "" if gap is None else ("green" if gap >= 0 else "red")
        shown.add_row(
            name,
            str(totals.total_sessions),
            f"{totals.coaching_minutes:.0f}",
            f"{totals.performance_minutes:.0f}",
            percent(totals.coaching_share),
            text(gap_text, style),
        )
    console.print(shown)
    if found.suggestions:
        console.print()
        for line in found.suggestions:
            console.print(text(f"• {line}"))
