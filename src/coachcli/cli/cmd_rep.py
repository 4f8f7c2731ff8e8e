"""`coach rep`: the reps you coach and their profiles."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from coachcli.cli.common import home
from coachcli.cli.render import echo, print_json, stdout, warn

if TYPE_CHECKING:
    pass

app = typer.Typer(help="Add, show, edit, rename and list your reps.", no_args_is_help=True)

RoleOption = Annotated[
    str | None, typer.Option("--role", metavar="ROLE", help="e.g. Account Executive.")
]
StartOption = Annotated[
    str | None, typer.Option("--start-date", metavar="DATE", help="Start in the role, YYYY-MM-DD.")
]
CadenceOption = Annotated[
    int | None, typer.Option("--cadence", metavar="DAYS", min=1, max=365, help="Days between 1:1s.")
]

QuotaOption = Annotated[
    str | None,  # as typed: the profile's rules check it (a number, not negative, finite)
    typer.Option("--quota", metavar="AMOUNT", help="Quota for a calendar quarter, e.g. 250000."),
]


def parse_start_date(text: str) -> date:
    from coachcli.dates import parse_due

    return parse_due(text, date.today(), allow_past=True)


@app.command()
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The rep's name, as you write it.")],
    role: RoleOption = None,
    start_date: StartOption = None,
    cadence: CadenceOption = None,
    quota: QuotaOption = None,
) -> None:
    """Add a rep.

    Example: coach rep add "Alex Kim" --role "Account Executive" --cadence 7 --quota 250000
    """
    from coachcli.reps import add_rep

    rep = add_rep(
        home(ctx),
        name,
        role=role or "",
        start_date=parse_start_date(start_date) if start_date else None,
        cadence_days=cadence,
        quota=quota,
    )
    echo(f"Added {rep.name} ({rep.slug})")


@app.command("list")
def list_(
    ctx: typer.Context,
    json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """List your reps and their profiles.

    Example: coach rep list
    """
    from coachcli.reps import list_reps

    listing = list_reps(home(ctx))
    for problem in listing.warnings:
        warn(problem)
    if json:
        print_json({"reps": [rep.to_json() for rep in listing.reps]})
        return
    if not listing.reps:
        typer.echo('No reps yet. Add one with: coach rep add "Alex Kim"')
        return
    from coachcli.cli.render import table, text

    shown = table("name", "folder", "role", "since", "cadence")
    for rep in listing.reps:
        shown.add_row(
            text(rep.name + (" (archived)" if rep.archived else "")),
            text(rep.slug),
            text(rep.role),
            rep.start_date.isoformat() if rep.start_date else "",
            f"{rep.cadence_days} d" if rep.cadence_days else "default",
            style="dim" if rep.archived else None,
        )
    stdout().print(shown)


@app.command()
def show(
    ctx: typer.Context,
    rep: Annotated[str, typer.Argument(metavar="REP", help="Name or folder of the rep.")],
    json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Show a rep's profile.

    Example: coach rep show "Alex Kim"
    """
    from coachcli.reps import get_rep, rep_dir

    the_home = home(ctx)
    found = get_rep(the_home, rep)
    data = found.to_json()
    if json:
        print_json({**data, "folder": str(rep_dir(the_home, found))})
        return
    for key, value in data.items():
        if value is None or value is False or value in ("", []):
            continue
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        elif value is True:
            value = "yes"
        elif key == "cadence_days":
            value = "every day" if value == 1 else f"every {value} days"
        elif key == "quota" and found.quota is not None:
            from coachcli.wording import amount

            value = f"{amount(found.quota)} a quarter"
        echo(f"{key.replace('_', ' '):>13}: {value}")
    if found.cadence_days is None:
        typer.echo(f"{'cadence days':>13}: your default (coach config show)")
    echo(f"{'folder':>13}: {rep_dir(the_home, found)}")


@app.command()
def edit(
    ctx: typer.Context,
    rep: Annotated[str, typer.Argument(metavar="REP", help="Name or folder of the rep.")],
    role: RoleOption = None,
    start_date: StartOption = None,
    cadence: CadenceOption = None,
    quota: QuotaOption = None,
    archive: Annotated[
        bool | None, typer.Option("--archive/--unarchive", help="Hide or show in listings.")
    ] = None,
) -> None:
    """Change a rep's profile.

    Example: coach rep edit "Alex Kim" --cadence 14
    """
    from coachcli.reps import edit_rep

    changes: dict[str, object] = {}
    if role is not None:
        changes["role"] = role
    if start_date is not None:
        changes["start_date"] = parse_start_date(start_date)
    if cadence is not None:
        changes["cadence_days"] = cadence
    if quota is not None:
        changes["quota"] = quota
    if archive is not None:
        changes["archived"] = archive
    if not changes:
        from coachcli.errors import CoachError

        raise CoachError(
            "Nothing to change.", hint="Give --role, --start-date, --cadence, --quota or --archive."
        )
    updated = edit_rep(home(ctx), rep, **changes)
    echo(f"Updated {updated.name}")


@app.command()
def rename(
    ctx: typer.Context,
    rep: Annotated[str, typer.Argument(metavar="REP", help="Current name or folder of the rep.")],
    new_name: Annotated[str, typer.Argument(metavar="NEW_NAME", help="The new name.")],
) -> None:
    """Rename a rep; their folder moves and their history comes along.

    Example: coach rep rename "Alex Kim" "Alex Kim-Lee"
    """
    from coachcli.reps import rename_rep

    updated = rename_rep(home(ctx), rep, new_name)
    echo(f"Renamed to {updated.name} ({updated.slug})")
