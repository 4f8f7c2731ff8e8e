"""`coach team`: the leader's view across managers; `coach team add/list/remove` its sources."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from coachcli.cli.common import SinceOption, home, paged
from coachcli.cli.render import echo, print_json, show_warnings, stdout
from coachcli.wording import percent, plural

if TYPE_CHECKING:
    from coachcli.team_view import ManagerFigures, TeamView


SHOWN = 6
"""How many managers `coach team add` names."""


class _ShowByDefault(TyperGroup):
    """`coach team [OPTIONS]` shows the view; `coach team add NAME WHERE` and friends manage."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h")):
            args = ["show", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=_ShowByDefault,
    help="A sales leader's view across managers: who coaches, who only inspects.\n\n"
    "coach team shows it; coach team add NAME REMOTE|PATH adds a team publication.",
)


@app.command("show")
@paged
def show(
    ctx: typer.Context,
    since: SinceOption = "90d",
    no_coaching_days: Annotated[
        int,
        typer.Option(
            "--no-coaching-days",
            min=1,
            metavar="N",
            help="List reps with no coaching conversation in N days.",
        ),
    ] = 30,
    no_fetch: Annotated[
        bool, typer.Option("--no-fetch", help="Read the copies already fetched (offline).")
    ] = False,
    json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Show each manager's coaching share against target, cadence and commitments kept.

    Read from the managers' team publications (aggregates and shared parts,
    never a private note); git remotes are fetched first.

    Example: coach team --since 6m --no-coaching-days 45
    """
    from coachcli.dates import parse_since
    from coachcli.team_view import team_view

    today = date.today()
    view = team_view(
        home(ctx),
        today,
        since=parse_since(since or "90d", today),
        no_coaching_days=no_coaching_days,
        fetch=not no_fetch,
    )
    show_warnings(view.warnings)
    if json:
        print_json(view.to_json())
        return
    _show(view)


def _show(view: TeamView) -> None:
    from coachcli.cli.render import table, text

    console = stdout()
    sources = {m.source for m in view.managers}
    title = (
        f"Coaching across managers since {view.since.isoformat()} "
        f"({plural(len(view.managers), 'manager')}, {plural(len(sources), 'source')})"
    )
    console.print(text(title, "bold"))
    if not view.managers:
        console.print(text("No manager has published yet.", "dim"))
        return
    columns = (
        "manager",
        "reps",
        "1:1s",
        "coaching",
        "target",
        "by month",
        "overdue",
        "kept",
        "uncoached",
    )
    shown = table(*columns, right=("reps", "1:1s", "coaching", "target", "kept", "uncoached"))
    shown.columns[0].no_wrap = True
    for m in view.managers:
        gap = m.gap
        style = "" if gap is None else ("green" if gap >= 0 else "red")
        shown.add_row(
            text(m.name),
            str(m.active_reps),
            str(m.totals.total_sessions),
            text(("~" if m.totals.estimated else "") + percent(m.share), style),
            percent(m.target),
            text(view.trend(m)),
            text(f"{len(m.overdue)} of {m.active_reps}", "red" if m.overdue else ""),
            percent(m.kept_ratio),
            str(len(m.uncoached)),
        )
    console.print(shown)
    months = " ".join(d.strftime("%b") for d in view.months)
    lines = [
        text(
            f"by month: {months} (▁ no coaching … █ all coaching, · no 1:1); uncoached: reps "
            f"with no coaching conversation in {view.no_coaching_days} days",
            "dim",
        )
    ]
    lines += _details(view)
    console.print(text("\n").join(lines))


def _details(view: TeamView) -> list[Any]:
    from coachcli.cli.render import text

    lines: list[Any] = []
    suggested = [m for m in view.managers if m.suggestion is not None]
    if suggested:
        lines += [text(""), text("Suggestions", "bold")]
        for m in suggested:
            assert m.suggestion is not None
            lines.append(text(f"• {m.name}: {m.suggestion.text}"))
    late = [m for m in view.managers if m.overdue]
    if late:
        lines += [text(""), text("Overdue for a 1:1", "bold")]
        lines += [text(f"• {m.name}: " + _names(m, overdue=True)) for m in late]
    uncoached = [m for m in view.managers if m.uncoached]
    if uncoached:
        lines += [
            text(""),
            text(f"No coaching conversation in {view.no_coaching_days} days", "bold"),
        ]
        lines += [text(f"• {m.name}: " + _names(m, overdue=False)) for m in uncoached]
    lines += [text(""), text("How each figure is worked out, and the rules: docs/team.md", "dim")]
    return lines


def _names(m: ManagerFigures, *, overdue: bool) -> str:
    if overdue:
        return ", ".join(f"{r.name} ({plural(r.days_overdue, 'day')} late)" for r in m.overdue)
    return ", ".join(
        f"{u.rep} ({'never' if u.days is None else plural(u.days, 'day')})" for u in m.uncoached
    )


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="A name for it, e.g. West.")],
    where: Annotated[
        str,
        typer.Argument(metavar="REMOTE|PATH", help="A git remote, or a folder holding managers/."),
    ],
) -> None:
    """Add a team publication: a git remote (cloned now) or a folder holding managers/.

    Example: coach team add West git@github.com:acme/sales-west-team.git
    """
    from coachcli.team_list import add_source

    source, folders = add_source(home(ctx), name, where, date.today())
    kind = "remote" if source.remote is not None else "folder"
    names = [f.name for f in folders[:SHOWN]] + (
        [f"{len(folders) - SHOWN} more"] if len(folders) > SHOWN else []
    )
    found = ", ".join(names) if folders else "none has published yet"
    echo(
        f"Added {source.name} ({kind} {source.where}): {plural(len(folders), 'manager')}"
        f"{': ' if folders else ', '}{found}."
    )


@app.command("list")
def list_(
    ctx: typer.Context,
    json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """List the team publications coach team reads.

    Example: coach team list
    """
    from coachcli.team_list import load_sources

    sources = load_sources(home(ctx))
    if json:
        print_json({"sources": [s.to_json() for s in sources]})
        return
    if not sources:
        echo("No team source yet. Add one: coach team add NAME REMOTE|PATH")
        return
    for s in sources:
        kind = "remote" if s.remote is not None else "folder"
        echo(f"{s.name}  {kind}  {s.where}")


@app.command("remove")
def remove(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The source's name.")],
) -> None:
    """Stop reading a team publication (a remote's local copy is deleted).

    Example: coach team remove West
    """
    from coachcli.team_list import remove_source

    gone = remove_source(home(ctx), name)
    echo(f"Removed {gone.name} ({gone.where}).")
