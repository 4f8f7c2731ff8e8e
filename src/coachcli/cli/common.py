"""What every command module shares: the root group (the one exit point), the home, options.

This module is imported at start-up, so it imports nothing heavy: rich is
loaded only when something is printed with it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer.core import TyperGroup

from coachcli.errors import CoachError

if TYPE_CHECKING:
    from coachcli.home import Home


class CoachGroup(TyperGroup):
    """The root command: the one place where a user error becomes a red line and exit 1."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from coachcli.cli.completion import attach

        attach(self)  # rep names, framework ids, action ids, settings: in every command

    def invoke(self, ctx: Any) -> Any:  # a click Context (typer may vendor click)
        try:
            return super().invoke(ctx)
        except CoachError as exc:
            from coachcli.cli.render import error

            error(exc.message, exc.hint)
            raise typer.Exit(1) from None


def home(ctx: typer.Context) -> Home:
    """The data home chosen by --home, COACH_HOME or the platform default.

    Until the command ends, a wait for a ``coach sync`` running in it is said
    on stderr (:func:`coachcli.fsys.tell_when_waiting`).
    """
    from coachcli.fsys import tell_when_waiting
    from coachcli.home import resolve_home

    root = ctx.find_root()
    if not root.meta.get("coach.told"):
        from coachcli.cli.render import waiting_for_sync

        root.meta["coach.told"] = True
        root.call_on_close(tell_when_waiting(waiting_for_sync))
    option = (root.obj or {}).get("home") if isinstance(root.obj, dict) else None
    chosen = resolve_home(option)
    if chosen.root.is_file():  # as click's Path(file_okay=False) said it: a usage error
        raise typer.BadParameter(
            f"Directory {str(chosen.root)!r} is a file.", param_hint="'--home'"
        )
    return chosen


_Command = TypeVar("_Command", bound=Callable[..., Any])


def paged(command: _Command) -> _Command:
    """``command`` with its output through the pager when it is taller than the terminal.

    Like git: only when stdout is a terminal, never with ``--no-pager``; the
    pager is ``$COACH_PAGER``, the ``pager`` setting, ``$PAGER``, else ``less -FRX``
    (:func:`coachcli.cli.render.pager_command`).
    """

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        import sys

        if not sys.stdout.isatty():
            return command(*args, **kwargs)
        from coachcli.cli.render import paging

        with paging(_pager(kwargs.get("ctx"))):  # typer passes every parameter by name
            return command(*args, **kwargs)

    return run  # type: ignore[return-value]


def _pager(ctx: typer.Context | None) -> str | None:
    """The pager command for this run (None: no pager), from the root options and settings."""
    import os

    from coachcli.cli.render import pager_command, show_warnings

    if ctx is None:
        return pager_command(os.environ)
    root = ctx.find_root()
    if isinstance(root.obj, dict) and root.obj.get("pager") is False:
        return None
    setting = ""
    if "COACH_PAGER" not in os.environ:
        try:
            the_home = home(ctx)
            if the_home.config_file.exists():
                from coachcli.settings import load_settings

                warnings: list[str] = []
                setting = load_settings(the_home, warnings).pager
                show_warnings(warnings)
        except CoachError:
            pass  # the command itself says what is wrong with the home
    return pager_command(os.environ, setting)


class Kind(StrEnum):
    coaching = "coaching"
    performance = "performance"
    mixed = "mixed"


KindOption = Annotated[
    Kind | None,
    typer.Option("--kind", metavar="KIND", help="Only sessions of this kind.", show_choices=True),
]
RepArgument = Annotated[str, typer.Argument(metavar="REP", help="The rep's name or folder.")]
"""The rep a read command is about (a name, a name begun, or the folder's name)."""
SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since", metavar="WHEN", help="From this date on: 90d, 12w, 6m, 1y or 2026-01-01."
    ),
]


def parse_since_option(text: str | None, today: date) -> date | None:
    """A --since / --until value as a date (None when not given)."""
    if text is None:
        return None
    from coachcli.dates import parse_since

    return parse_since(text, today)


def parse_until_option(text: str | None, today: date) -> date | None:
    """An --until value as a date: a span back from today, or any date (a future one too)."""
    if text is None:
        return None
    import re

    from coachcli.dates import parse_since

    if re.fullmatch(r"\s*\d{4}-\d{1,2}-\d{1,2}\s*", text):
        return parse_since(text, date.max)  # checks the date, not that it is past
    return parse_since(text, today)
