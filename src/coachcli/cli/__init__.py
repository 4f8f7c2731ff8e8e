"""The command line: a thin layer over the library.

Each command parses its options, calls one library function, renders the
result and lets :class:`coachcli.errors.CoachError` reach the one exit point
in :class:`coachcli.cli.common.CoachGroup`. A command ``coach X`` lives in
``cmd_X.py``; everything printed goes through :mod:`coachcli.cli.render`.
Library modules are imported inside the commands, so ``coach --help`` stays
fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from coachcli import __version__
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


_How = Literal["command", "paged", "group"]
COMMANDS: tuple[tuple[str, _How], ...] = (
    ("start", "command"),
    ("brief", "paged"),
    ("history", "paged"),
    ("show", "paged"),
    ("reps", "paged"),
    ("actions", "group"),
    ("balance", "paged"),
    ("search", "paged"),
    ("share", "command"),
    ("report", "command"),
    ("calendar", "command"),
    ("pipeline", "paged"),
    ("rep", "group"),
    ("frameworks", "group"),
    ("config", "group"),
    ("index", "group"),
    ("import", "group"),
    ("migrate", "command"),
    ("sync", "group"),
    ("team", "group"),
)
"""Every command in the order `coach --help` lists them: ``coach X`` is ``cmd_X.X`` (paged
when taller than the terminal), or the group ``cmd_X.app``."""


def _add(target: typer.Typer, name: str, how: _How) -> None:
    """Register command ``name`` on ``target``, importing its module only now."""
    import importlib

    module = importlib.import_module(f"coachcli.cli.cmd_{name}")
    if how == "group":
        target.add_typer(module.app, name=name)
    else:
        command = getattr(module, name)
        target.command(name)(paged(command) if how == "paged" else command)


if TYPE_CHECKING:
    app: typer.Typer


def __getattr__(name: str) -> Any:
    """:data:`app`, the whole app, built when first asked for: a command line that names a
    command imports only that command's module (:func:`app_for`)."""
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    whole = _typer()
    whole.callback()(root)
    for command, how in COMMANDS:
        _add(whole, command, how)
    globals()["app"] = whole
    return whole


_ROOT_FLAGS = frozenset({"--no-pager"})
_ROOT_VALUED = frozenset({"--home"})


def app_for(argv: list[str]) -> typer.Typer:
    """The app to run ``argv`` with: the root and only the command it names, else :data:`app`.

    typer builds every command (each parameter from its annotations) before
    running one, a sixth of a command's start-up. A command line that plainly
    names a command (root options first, as click requires them) gets a root
    group holding just that command or group, registered as :data:`app`
    registers it (:data:`COMMANDS`), so it parses, helps, fails and prints as
    under :data:`app`; only that command's module is imported. Anything else
    (``--help`` or ``--version`` at the root, a name that is no command,
    shell completion) gets the whole app.
    """
    import os

    if any(key.endswith("_COMPLETE") for key in os.environ):  # completion: every command
        return _whole()
    words = iter(argv)
    for word in words:
        if word in _ROOT_VALUED:
            if next(words, None) is None:
                return _whole()
        elif word in _ROOT_FLAGS or word.split("=", 1)[0] in _ROOT_VALUED:
            continue
        else:
            return _solo(word) or _whole()
    return _whole()


def _whole() -> typer.Typer:
    found: typer.Typer = globals().get("app") or __getattr__("app")
    return found


def _solo(name: str) -> typer.Typer | None:
    how = dict(COMMANDS).get(name)
    if how is None:
        return None
    solo = _typer()
    solo.callback()(root)
    _add(solo, name, how)
    return solo
