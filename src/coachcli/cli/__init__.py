"""The command line: a thin layer over the library.

Each command parses its options, calls one library function, renders the
result and lets :class:`coachcli.errors.CoachError` reach the one exit point
in :class:`coachcli.cli.common.CoachGroup`. Library modules are imported
inside the commands, so ``coach --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from coachcli import __version__
from coachcli.cli import actions, config, frameworks, history, index, overview, reps, search, start
from coachcli.cli.common import CoachGroup

app = typer.Typer(
    name="coach",
    cls=CoachGroup,
    help="Prepare, run and record 1:1 coaching sessions with your sales reps.\n\n"
    "Notes are Markdown files you own; frameworks are TOML files you can edit.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"coach {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    home: Annotated[
        Path | None,
        typer.Option(
            "--home",
            envvar="COACH_HOME",
            help="Data folder (default: the platform's user-data folder).",
            show_envvar=True,
            file_okay=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Prepare, run and record 1:1 coaching sessions with your sales reps."""
    ctx.obj = {"home": home}


app.command("start")(start.start)
app.command("history")(history.history)
app.command("show")(history.show)
app.command("reps")(overview.reps)
app.add_typer(actions.app, name="actions")
app.command("balance")(overview.balance)
app.command("search")(search.search)
app.add_typer(reps.app, name="rep")
app.add_typer(frameworks.app, name="frameworks")
app.add_typer(config.app, name="config")
app.add_typer(index.app, name="index")
