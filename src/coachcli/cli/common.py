"""What every command module shares: the root group, the home, and output.

This module is imported at start-up, so it imports nothing heavy: rich is
loaded only when something is printed with it.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterator
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from coachcli.errors import CoachError

if TYPE_CHECKING:
    from rich.console import Console

    from coachcli.home import Home


class CoachGroup(TyperGroup):
    """The root command: the one place where a user error becomes a red line and exit 1."""

    def invoke(self, ctx: Any) -> Any:  # a click Context (typer may vendor click)
        try:
            return super().invoke(ctx)
        except CoachError as exc:
            report(exc)
            raise typer.Exit(1) from None


def report(exc: CoachError) -> None:
    """Print a user error: the message in red on stderr, the hint below it."""
    from rich.text import Text

    console = stderr()
    console.print(Text(f"Error: {exc.message}", style="bold red"))
    if exc.hint:
        console.print(Text(exc.hint, style="dim"))


def home(ctx: typer.Context) -> Home:
    """The data home chosen by --home, COACH_HOME or the platform default."""
    from coachcli.home import resolve_home

    root = ctx.find_root()
    option = (root.obj or {}).get("home") if isinstance(root.obj, dict) else None
    return resolve_home(option)


_consoles: dict[bool, Console] = {}


def stdout() -> Console:
    """The console for results (colour only on a terminal, never with NO_COLOR)."""
    return _console(False)


def stderr() -> Console:
    """The console for errors and warnings."""
    return _console(True)


def _console(err: bool) -> Console:
    from rich.console import Console

    stream = sys.stderr if err else sys.stdout
    cached = _consoles.get(err)
    if cached is None or cached.file is not stream:
        cached = Console(file=stream, highlight=False, soft_wrap=False)
        _consoles[err] = cached
    return cached


def print_markdown(text: str) -> None:
    """Markdown: rendered on a terminal, the source itself when piped or redirected."""
    console = stdout()
    if not console.is_terminal:
        sys.stdout.write(text)
        return
    from rich.markdown import Markdown

    console.print(Markdown(text))


def print_json(data: Any) -> None:
    """Print ``data`` as indented JSON for scripts."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def warn(message: str) -> None:
    """A yellow warning line on stderr."""
    from rich.text import Text

    # never folded: a warning names a file, to be copied or grepped whole
    stderr().print(Text(f"Warning: {message}", style="yellow"), soft_wrap=True)


def show_warnings(warnings: list[str]) -> None:
    """Each warning (a file that could not be read...) on its own line, on stderr."""
    for line in warnings:
        warn(line)


class Kind(StrEnum):
    coaching = "coaching"
    performance = "performance"
    mixed = "mixed"


KindOption = Annotated[
    Kind | None,
    typer.Option("--kind", metavar="KIND", help="Only sessions of this kind.", show_choices=True),
]
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


@contextlib.contextmanager
def progress_bar(label: str = "Indexing notes") -> Iterator[Callable[[int, int], None]]:
    """A progress callback that shows a bar on stderr once it is first called.

    The index calls it only when it has many files to read, so a warm
    command never shows (or imports) a progress bar.
    """
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        bar = state.get("bar")
        if bar is None:
            if not stderr().is_terminal:
                return
            from rich.progress import Progress

            bar = Progress(console=stderr(), transient=True)
            bar.start()
            state["bar"] = bar
            state["task"] = bar.add_task(label, total=total)
        bar.update(state["task"], completed=done, total=total)

    try:
        yield update
    finally:
        if "bar" in state:
            state["bar"].stop()
