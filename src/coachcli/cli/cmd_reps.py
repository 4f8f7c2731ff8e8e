"""`coach reps`: every rep at a glance, the most overdue for a 1:1 first."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from coachcli.cli.common import home
from coachcli.cli.progress import progress_bar
from coachcli.cli.render import print_json, show_warnings, stdout
from coachcli.wording import percent, plural


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
    from coachcli.cli.render import table, text

    shown = table(
        "rep", "last 1:1", "kind", "next due", "open", "overdue", "coaching 90d",
        right=("open", "overdue", "coaching 90d"),
    )  # fmt: skip
    for r in view.rows:
        if r.overdue:
            due, style = f"{plural(r.days_overdue, 'day')} late", "red"
        elif r.next_due == today:
            due, style = "today", "yellow"
        else:
            due, style = r.next_due.isoformat(), ""
        shown.add_row(
            text(r.name),
            r.last_date.isoformat() if r.last_date else "never",
            r.last_kind or "",
            text(due, style),
            str(r.open_actions),
            text(str(r.overdue_actions), "red" if r.overdue_actions else ""),
            percent(r.coaching_share),
        )
    stdout().print(shown)
