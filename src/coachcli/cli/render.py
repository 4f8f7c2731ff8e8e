"""How the command line shows things: the consoles, text, tables, JSON, warnings and errors.

Every command prints through here. Text that came from a file or a person
(a rep's name, an answer, a framework's title) is shown with :func:`text`,
which never reads it as rich markup; styles are given separately. Colour is
on only on a terminal, and never with NO_COLOR. This module is imported at
start-up, so rich is loaded only when something is printed with it.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from coachcli.wording import json_escaped, printable

if TYPE_CHECKING:
    from rich.console import Console
    from rich.style import Style
    from rich.table import Table
    from rich.text import Text


def text(value: object, style: str = "") -> Text:
    """``value`` as plain text to print or put in a table cell.

    Never parsed as markup, and any character that could drive the terminal
    is made visible (:func:`coachcli.wording.printable`).
    """
    from rich.text import Text

    return Text(printable(str(value)), style=style)


def spans() -> Text:
    """An empty line of text to ``append`` parts to, each with its own style.

    Like :func:`text`, every part appended is plain text with terminal
    controls made visible.
    """
    from rich.text import Text

    class _Line(Text):
        def append(self, part: str | Text, style: str | Style | None = None) -> Text:
            if isinstance(part, str):
                part = printable(part)
            return super().append(part, style)

    return _Line()


def echo(message: str) -> None:
    """One plain line on stdout (no styling), terminal controls made visible."""
    import typer

    typer.echo(printable(message))


def echo_raw(data: str | bytes) -> None:
    """A file's content as it is, for a pipe or a file; on a terminal, controls made visible."""
    stream = sys.stdout
    if not stream.isatty():
        if isinstance(data, bytes):
            stream.flush()
            stream.buffer.write(data)
            stream.buffer.flush()
        else:
            stream.write(data)
        return
    shown = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    stream.write(printable(shown))


def table(*columns: str, title: str = "", right: tuple[str, ...] = ()) -> Table:
    """A borderless table with bold headings; the columns named in ``right`` align right."""
    from rich.table import Table

    heading = text(title, "table.title") if title else None
    found = Table(title=heading, title_justify="left", box=None, pad_edge=False,
                  header_style="bold")  # fmt: skip
    for column in columns:
        found.add_column(column, justify="right" if column in right else "left")
    return found


def error(message: str, hint: str | None = None) -> None:
    """A user error: the message in red on stderr, the hint below it."""
    console = stderr()
    # never folded, like a warning: an error names a file, to be copied whole
    console.print(text(f"Error: {message}", "bold red"), soft_wrap=True)
    if hint:
        console.print(text(hint, "dim"), soft_wrap=True)


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
        sys.stdout.write(printable(text))
        return
    from rich.markdown import Markdown

    console.print(Markdown(printable(text)))


def print_json(data: Any) -> None:
    """Print ``data`` as indented JSON for scripts."""
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write(json_escaped(text) + "\n")


def warn(message: str) -> None:
    """A yellow warning line on stderr."""
    from rich.text import Text

    # never folded: a warning names a file, to be copied or grepped whole
    stderr().print(Text(f"Warning: {message}", style="yellow"), soft_wrap=True)


def show_warnings(warnings: list[str]) -> None:
    """Each warning (a file that could not be read...) on its own line, on stderr."""
    for line in warnings:
        warn(line)


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
