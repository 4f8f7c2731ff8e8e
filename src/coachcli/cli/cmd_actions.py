"""`coach actions`: open and overdue commitments across reps; close one."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

import typer
from typer.core import TyperGroup

from coachcli.cli.common import home, paged
from coachcli.cli.progress import progress_bar
from coachcli.cli.render import echo, print_json, print_line, show_warnings, stdout


class _ListByDefault(TyperGroup):
    """`coach actions [REP] [OPTIONS]` lists; `coach actions done ID` and friends act."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h")):
            args = ["list", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=_ListByDefault,
    help="Open and overdue action items across reps; mark one done or dropped.\n\n"
    "coach actions [REP] lists them; coach actions done ID closes one.",
)


class Owner(StrEnum):
    rep = "rep"
    manager = "manager"


@app.command("list")
@paged
def list_(
    ctx: typer.Context,
    rep: Annotated[
        str | None, typer.Argument(metavar="REP", help="One rep (default: every rep).")
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue ones.")] = False,
    owner: Annotated[
        Owner | None,
        typer.Option("--owner", metavar="rep|manager", help="Only the rep's or yours."),
    ] = None,
    closed: Annotated[bool, typer.Option("--all", help="Include done and dropped ones.")] = False,
    json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """List open action items, soonest due first.

    Example: coach actions --overdue --owner manager
    """
    from coachcli.queries import actions_view

    today = date.today()
    with progress_bar() as progress:
        view = actions_view(
            home(ctx), today, rep, overdue=overdue, owner=owner.value if owner else None,
            include_closed=closed, progress=progress,
        )  # fmt: skip
    show_warnings(view.warnings)
    if json:
        print_json(view.to_json())
        return
    if not view.actions:
        print_line("No action items match.", "green")
        return
    from coachcli.cli.render import table, text

    console = stdout()
    shown = table("id", "rep", "owner", "due", "action")
    for a in view.actions:
        if a.status != "open":
            ended = f", {a.status} {a.closed_on.isoformat()}" if a.closed_on else f", {a.status}"
            due = text(f"{a.due.isoformat()}{ended}", "dim")
        elif a.overdue:
            due = text(f"{a.due.isoformat()} ({a.days_overdue}d late)", "red")
        else:
            due = text(a.due.isoformat())
        what = a.text + (f"  (missed {a.missed}×)" if a.missed else "")
        whose = "you" if view.mine(a) else a.owner  # a self-review's: the rep is you
        shown.add_row(text(a.id), text(view.name(a.rep_slug)), whose, due, text(what))
    console.print(shown)
    late = sum(1 for a in view.actions if a.overdue)
    console.print(
        text(f"{len(view.actions)} listed, {late} overdue. Close one: coach actions done ID", "dim")
    )


def _change(
    ctx: typer.Context,
    action_id: str,
    status: Literal["done", "dropped", "open"],
    comment: str,
    rep: str | None,
) -> None:
    from coachcli.queries import set_action_status

    state = set_action_status(home(ctx), action_id, status, date.today(), comment, rep)
    word = {"done": "Done", "dropped": "Dropped", "open": "Reopened"}[status]
    echo(f"{word}: {state.id} {state.text}")


CommentOption = Annotated[
    str, typer.Option("--comment", "-m", metavar="TEXT", help="A short note on why.")
]
IdArgument = Annotated[str, typer.Argument(metavar="ID", help="The action's id (or its start).")]
RepOption = Annotated[
    str | None,
    typer.Option("--rep", metavar="REP", help="The rep, when two reps' actions share the id."),
]


@app.command()
def done(
    ctx: typer.Context, action_id: IdArgument, comment: CommentOption = "", rep: RepOption = None
) -> None:
    """Mark an action item done: its box in the note that agreed it is ticked.

    Example: coach actions done k3f9qz7 -m "sent on Tuesday"
    """
    _change(ctx, action_id, "done", comment, rep)


@app.command()
def drop(
    ctx: typer.Context, action_id: IdArgument, comment: CommentOption = "", rep: RepOption = None
) -> None:
    """Drop an action item that no longer matters.

    Example: coach actions drop k3f9qz7 -m "deal lost"
    """
    _change(ctx, action_id, "dropped", comment, rep)


@app.command()
def reopen(
    ctx: typer.Context, action_id: IdArgument, comment: CommentOption = "", rep: RepOption = None
) -> None:
    """Open a done or dropped action item again.

    Example: coach actions reopen k3f9qz7
    """
    _change(ctx, action_id, "open", comment, rep)
