"""`coach balance`: the coaching share of 1:1 time against the target, its trend, suggestions."""

from __future__ import annotations

from datetime import date
from itertools import groupby
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from coachcli.cli.common import SinceOption, home, parse_since_option
from coachcli.cli.progress import progress_bar
from coachcli.cli.render import print_json, show_warnings, stdout
from coachcli.wording import percent, plural

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.text import Text

    from coachcli.analytics import Balance, KindTotals

BAR: int = 20
"""The width of a period's bar in the team's trend."""


def balance(
    ctx: typer.Context,
    rep: Annotated[
        str | None, typer.Argument(metavar="REP", help="One rep (default: the whole team).")
    ] = None,
    since: SinceOption = "90d",
    by: Annotated[
        Literal["week", "month"],
        typer.Option("--by", help="The trend's periods: week or month.", show_default=True),
    ] = "week",
    no_coaching_days: Annotated[
        int,
        typer.Option(
            "--no-coaching-days",
            min=1,
            metavar="N",
            help="List who has had no coaching conversation in N days.",
        ),
    ] = 30,
    json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Show the coaching share of your 1:1 time against your target, with its trend.

    The share is coaching minutes over all the meeting's minutes; neutral
    sections (logistics, the rep's agenda) count in neither share. Notes
    from before meetings were timed count their planned minutes, marked ~.
    Set the target with `coach config set coaching_target 0.6`.

    Example: coach balance --since 6m --by month
    """
    if rep is None and not json:
        from coachcli.reps import any_rep_folder

        if not any_rep_folder(home(ctx)):  # no rep, so no 1:1 time: say so, load nothing else
            typer.echo('No reps yet. Start with: coach start "Alex Kim"')
            return
    from coachcli.queries import balance_view

    today = date.today()
    with progress_bar() as progress:
        view = balance_view(
            home(ctx), today, rep, since=parse_since_option(since, today), by=by,
            no_coaching_days=no_coaching_days, progress=progress,
        )  # fmt: skip
    show_warnings(view.warnings)
    found = view.balance
    assert found is not None
    if json:
        print_json(view.to_json())
        return
    _show(found, view.name)


def _show(found: Balance, name: Callable[[str], str]) -> None:
    from coachcli.analytics import estimate_note
    from coachcli.analytics.suggestions import GUIDE
    from coachcli.cli.render import print_lines, table, text

    console = stdout()
    window = f"since {found.since.isoformat()}" if found.since else "all time"
    title = f"Coaching share of 1:1 time, {window} (target {percent(found.target)})"
    console.print(text(title, "bold"))
    columns = ("rep", "1:1s", "kinds", "min", "coaching", "vs target")
    rows: list[tuple[list[str], float | None, list[KindTotals]]] = [
        (_cells(name(b.rep_slug), b.totals, b.gap), b.gap, found.rep_periods(b)) for b in found.reps
    ]
    rows.append((_cells("team", found.team, found.gap), found.gap, found.periods))
    # the trend takes the room the other columns leave (its latest periods), never a name's
    used = sum(max(len(c), *(len(r[0][i]) for r in rows)) + 2 for i, c in enumerate(columns))
    trend = f"by {found.by}"
    room = console.width - used
    marks = min(len(found.starts), room) if room >= len(trend) else 0
    shown = table(*columns, *([trend] if marks else []), right=columns[1:])
    shown.columns[0].no_wrap = True
    for cells, gap, periods in rows:
        style = "" if gap is None else ("green" if gap >= 0 else "red")
        shown.add_row(
            text(cells[0], "bold" if cells[0] == "team" and periods is found.periods else ""),
            *cells[1:5],
            text(cells[5], style),
            *([text(found.trend(periods[len(periods) - marks :]))] if marks else []),
        )
    console.print(shown)
    legend = "kinds: coaching/performance/mixed 1:1s"
    lines = [text(legend + ("; ~ counted by plan" if found.team.estimated else ""), "dim")]
    if found.starts:
        lines += [text(""), text(f"Team coaching share by {found.by}", "bold")]
        target_at = round(found.target * BAR)
        for start, period in zip(found.starts, found.periods, strict=True):
            lines.append(_period_line(found.label(start), period, target_at))
    note = estimate_note(found.team.estimated, found.team.total_sessions)
    if found.uncoached:
        lines += [
            text(""),
            text(f"No coaching conversation in {found.no_coaching_days} days", "bold"),
        ]
        for gone in found.uncoached:
            since_when = (
                "never"
                if gone.last_coaching is None
                else f"last {gone.last_coaching.isoformat()}, {plural(gone.days or 0, 'day')} ago"
            )
            lines.append(text(f"• {name(gone.rep_slug)}: {since_when}"))
    if found.suggestions:
        lines += [text(""), *(text(f"• {line}") for line in found.suggestions)]
        if any(rep.suggestion for rep in found.reps):
            lines.append(text(f"Which conversation when, and why: {GUIDE}", "dim"))
    if note:
        lines += [text(""), text(note, "dim")]
    print_lines(lines)  # each line wraps as it would alone; plain ones written without rich


def _cells(who: str, totals: KindTotals, gap: float | None) -> list[str]:
    """A row of the table but the trend: the name, counts, minutes, share, gap."""
    gap_text = (
        "—" if gap is None else ("on target" if round(gap * 100) == 0 else f"{gap * 100:+.0f} pts")
    )
    mark = "~" if totals.estimated else ""
    return [
        who,
        str(totals.total_sessions),
        "/".join(str(totals.sessions.get(k, 0)) for k in ("coaching", "performance", "mixed")),
        f"{mark}{totals.minutes:.0f}",
        f"{mark}{percent(totals.coaching_share)}",
        gap_text,
    ]


def _period_line(label: str, period: KindTotals, target_at: int) -> Text:
    """``2026-11-23  ███████░░░|░░░░░░░░  35%  2 sessions``: the bar, with the target as |."""
    from coachcli.cli.render import spans

    line = spans()
    line.append(f"{label:<10}  ")
    share = period.coaching_share
    filled = 0 if share is None else round(share * BAR)
    cells = [
        ("|", "bold") if i == target_at else ("█", "green") if i < filled else ("░", "dim")
        for i in range(BAR)
    ]  # the target is the |, where the bar must reach
    for (char, style), run in groupby(cells):  # one part per run of one style
        line.append(char * len(list(run)), style)
    mark = "~" if period.estimated else ""
    count = period.total_sessions
    line.append(f"  {mark + percent(share):>5}  " + (plural(count, "1:1") if count else "no 1:1s"))
    return line
