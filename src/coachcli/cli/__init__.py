"""The command line: a thin layer over the library.

Each command parses its options, calls one library function, renders the
result and lets :class:`coachcli.errors.CoachError` reach the one exit point
in :class:`coachcli.cli.common.CoachGroup`. A command ``coach X`` lives in
``cmd_X.py``; everything printed goes through :mod:`coachcli.cli.render`.
Library modules are imported inside the commands, so ``coach --help`` stays
fast.
"""

from __future__ import annotations

from typing import Annotated

import typer

from coachcli import __version__
from coachcli.cli import (
    cmd_actions,
    cmd_balance,
    cmd_brief,
    cmd_calendar,
    cmd_config,
    cmd_frameworks,
    cmd_history,
    cmd_import,
    cmd_index,
    cmd_migrate,
    cmd_pipeline,
    cmd_rep,
    cmd_report,
    cmd_reps,
    cmd_search,
    cmd_share,
    cmd_show,
    cmd_start,
    cmd_sync,
    cmd_team,
)
from coachcli.cli.common import CoachGroup, paged
from coachcli.cli.lightparams import install

install()  # typer's parameters without pydantic at start-up (see the module)


def _typer() -> typer.Typer:
    """The root group's settings, shared by :data:`app` and :func:`app_for`."""
    return typer.Typer(
        name="coach",
        cls=CoachGroup,
        help="Prepare, run and record 1:1 coaching sessions with your sales reps.\n\n"
        "Notes are Markdown files you own; frameworks are TOML files you can edit.",
        no_args_is_help=True,
        rich_markup_mode=None,
        pretty_exceptions_show_locals=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )


app = _typer()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"coach {__version__}")
        raise typer.Exit()


def root(
    ctx: typer.Context,
    home: Annotated[
        str | None,  # text, not a Path: checked in common.home(), without typer's pydantic
        typer.Option(
            "--home",
            envvar="COACH_HOME",
            metavar="DIRECTORY",
            help="Data folder (default: the platform's user-data folder).",
            show_envvar=True,
        ),
    ] = None,
    no_pager: Annotated[
        bool,
        typer.Option("--no-pager", help="Never send long output through a pager (as git)."),
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Prepare, run and record 1:1 coaching sessions with your sales reps."""
    ctx.obj = {"home": home, "pager": not no_pager}


app.callback()(root)
app.command("start")(cmd_start.start)
app.command("brief")(paged(cmd_brief.brief))
app.command("history")(paged(cmd_history.history))
app.command("show")(paged(cmd_show.show))
app.command("reps")(paged(cmd_reps.reps))
app.add_typer(cmd_actions.app, name="actions")
app.command("balance")(paged(cmd_balance.balance))
app.command("search")(paged(cmd_search.search))
app.command("share")(cmd_share.share)
app.command("report")(cmd_report.report)
app.command("calendar")(cmd_calendar.calendar)
app.command("pipeline")(paged(cmd_pipeline.pipeline))
app.add_typer(cmd_rep.app, name="rep")
app.add_typer(cmd_frameworks.app, name="frameworks")
app.add_typer(cmd_config.app, name="config")
app.add_typer(cmd_index.app, name="index")
app.add_typer(cmd_import.app, name="import")
app.command("migrate")(cmd_migrate.migrate)
app.add_typer(cmd_sync.app, name="sync")
app.add_typer(cmd_team.app, name="team")


_ROOT_FLAGS = frozenset({"--no-pager"})
_ROOT_VALUED = frozenset({"--home"})


def app_for(argv: list[str]) -> typer.Typer:
    """The app to run ``argv`` with: the root and only the command it names, else :data:`app`.

    typer builds every command (each parameter from its annotations) before
    running one, a sixth of a command's start-up. A command line that plainly
    names a command (root options first, as click requires them) gets a root
    group holding just that command or group, built from the same
    registrations, so it parses, helps, fails and prints as under
    :data:`app`. Anything else (``--help`` or ``--version`` at the root, a
    name that is no command, shell completion) gets the whole app.
    """
    import os

    if any(key.endswith("_COMPLETE") for key in os.environ):  # completion: every command
        return app
    words = iter(argv)
    for word in words:
        if word in _ROOT_VALUED:
            if next(words, None) is None:
                return app
        elif word in _ROOT_FLAGS or word.split("=", 1)[0] in _ROOT_VALUED:
            continue
        else:
            return _solo(word) or app
    return app


def _solo(name: str) -> typer.Typer | None:
    if name.startswith("-"):
        return None
    solo = _typer()
    solo.callback()(root)
    solo.registered_commands = [c for c in app.registered_commands if c.name == name]
    solo.registered_groups = [g for g in app.registered_groups if g.name == name]
    if len(solo.registered_commands) + len(solo.registered_groups) != 1:
        return None
    return solo
