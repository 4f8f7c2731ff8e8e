"""`coach reps` and `coach balance`: the whole team at a glance."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from coachcli.cli.common import (
    SinceOption,
    home,
    parse_since_option,
    print_json,
    progress_bar,
    show_warnings,
    stdout,
)
from coachcli.wording import percent


def reps(
    ctx: typer.Context,
    archived: Annotated[bool, typer.Option("--archived", help="Include archived reps.")] = False,
    json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """List every rep: last 1:1, next one due, open actions, coaching share.

    The most overdue for a 1:1 come first.

    Example: coach reps
    """
    from coachcli.queries import reps_view

    today = date.today()
    with progress_bar() as progress:
        view = reps_view(home(ctx), today, include_archived=archived, progress=progress)
    show_warnings(view.warnings)
    if json:
        print_json(view.to_json())
        return
    if not view.rows:
        typer.echo('No reps yet. Start with: coach start "Alex Kim"')
        return
    from rich.table import Table

    table = Table(box=None, pad_edge=False, header_style="bold")
    for column, justify in (
        ("rep", "left"), ("last 1:1", "left"), ("kind", "left"), ("next due", "left"),
        ("open", "right"), ("overdue", "right"), ("coaching 90d", "right"),
    ):  # fmt: skip
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for r in view.rows:
        if r.overdue:
            due, style = f"{r.days_overdue} days late", "red"
        elif r.next_due == today:
            due, style = "today", "yellow"
        else:
            due, style = r.next_due.isoformat(), ""
        table.add_row(
            r.name,
            r.last_date.isoformat() if r.last_date else "never",
            r.last_kind or "",
            f"[{style}]{due}[/{style}]" if style else due,
            str(r.open_actions),
            f"[red]{r.overdue_actions}[/red]" if r.overdue_actions else "0",
            percent(r.coaching_share),
        )
    stdout().print(table)


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
    from rich.table import Table
    from rich.text import Text

    console = stdout()
    window = f"since {found.since.isoformat()}" if found.since else "all time"
    table = Table(title=f"Coaching vs performance, {window} (target {found.target:.0%} coaching)",
                  title_justify="left", box=None, pad_edge=False, header_style="bold")  # fmt: skip
    for column in ("rep", "sessions", "coaching min", "performance min", "coaching", "vs target"):
        table.add_column(column, justify="left" if column == "rep" else "right")
    rows = [(view.name(b.rep_slug), b.totals, b.gap) for b in found.reps]
    rows.append(("team", found.team, found.gap))
    for name, totals, gap in rows:
        gap_text = (
            "—"
            if gap is None
            else ("on target" if round(gap * 100) == 0 else f"{gap * 100:+.0f} pts")
        )
        style = "" if gap is None else ("green" if gap >= 0 else "red")
        table.add_row(
            Text(name, style="bold" if name == "team" else ""),
            str(totals.total_sessions),
            f"{totals.coaching_minutes:.0f}",
            f"{totals.performance_minutes:.0f}",
            percent(totals.coaching_share),
            Text(gap_text, style=style),
        )
    console.print(table)
    if found.suggestions:
        console.print()
        for line in found.suggestions:
            console.print(Text(f"• {line}"))
