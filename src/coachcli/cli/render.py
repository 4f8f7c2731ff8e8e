"""How the command line shows things: the consoles, text, tables, JSON, warnings and errors.

Every command prints through here. Text that came from a file or a person
(a rep's name, an answer, a framework's title) is shown with :func:`text`,
which never reads it as rich markup; styles are given separately. Colour is
on only on a terminal, and never with NO_COLOR. This module is imported at
start-up, so rich is loaded only when something is printed with it.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from coachcli.wording import json_escaped, printable

if TYPE_CHECKING:
    import subprocess

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


class Line:
    """A line of plain text in styled parts, printed as the rich ``Text`` it stands for.

    What :func:`text` and :func:`spans` make, without loading rich: where
    stdout is a pipe or a file, :func:`print_lines` writes its plain text,
    and rich (:meth:`to_text`) is loaded only to print it on a terminal. Every
    part is plain text with terminal controls made visible, as with
    :func:`spans`.
    """

    __slots__ = ("parts", "style")

    def __init__(self, value: str = "", style: str = "") -> None:
        self.style = style
        """The whole line's style, as ``Text(value, style=style)``'s."""
        self.parts: list[tuple[str, str]] = [(printable(value), "")] if value else []

    def append(self, part: str, style: str = "") -> Line:
        if part:
            self.parts.append((printable(part), style))
        return self

    @property
    def plain(self) -> str:
        return "".join(part for part, _ in self.parts)

    def rstrip(self) -> None:
        """Drop the whitespace at the end, as ``Text.rstrip`` does."""
        excess = len(self.plain) - len(self.plain.rstrip())
        while excess and self.parts:
            part, style = self.parts.pop()
            if len(part) > excess:
                self.parts.append((part[:-excess], style))
                break
            excess -= len(part)

    def to_text(self) -> Text:
        from rich.text import Text

        shown = Text(style=self.style)
        for part, style in self.parts:
            shown.append(part, style)
        return shown


def as_text(line: Text | Line) -> Text:
    """``line`` as rich ``Text``."""
    return line.to_text() if isinstance(line, Line) else line


def echo(message: str) -> None:
    """One plain line on stdout (no styling), terminal controls made visible."""
    import typer

    typer.echo(printable(message))


def plain_writer(width: int) -> Callable[[str], None]:
    """Lines for a pipe or a file, cut to ``width`` cells as rich cuts a line that does not
    wrap, through one buffered write each: for output of thousands of lines (`search --all`),
    where rich's rendering of each line costs more than finding it. Text must already be
    printable (terminal controls made visible)."""
    from rich.cells import cell_len, set_cell_size

    write = sys.stdout.write

    def line(content: str) -> None:
        if cell_len(content) > width:
            content = set_cell_size(content, width)
        write(content + "\n")

    return line


def print_line(message: str, style: str = "") -> None:
    """One short line of ``message`` in ``style`` on stdout, as ``stdout().print(text(...))``.

    Where rich would print it as it is (not a terminal, nor told to act as
    one, and the line fits the width rich would fold it at) it is written
    directly, without loading rich: a listing that finds nothing answers at
    once. A test holds the two byte for byte.
    """
    shown = printable(message)
    plain = _plain_stdout()
    if plain is not None and plain >= len(shown) and shown.isascii():
        sys.stdout.write(shown + "\n")
        return
    stdout().print(text(message, style))


def print_lines(lines: Iterable[Text | Line]) -> None:
    """Each of ``lines`` as ``stdout().print(line)`` prints it, in order.

    Where rich would print them as they are (as :func:`print_line`: not a
    terminal nor told to act as one), a line whose every row fits the width,
    holds no tab nor carriage return and asks for no layout of its own is
    written directly, its styles dropped as rich drops them there: a command
    that prints a page of lines does not pay rich's layout of each. A test
    holds the two byte for byte; any other line goes through rich.
    """
    plain = _plain_stdout()
    if plain is None:
        console = stdout()
        for line in lines:
            console.print(as_text(line))
        return
    from rich.cells import cell_len

    write = sys.stdout.write
    for line in lines:
        shown = line.plain
        if (
            (isinstance(line, Line) or (line.end == "\n" and line.justify is None
                                         and line.overflow is None and line.no_wrap is None))
            and "\t" not in shown and "\r" not in shown
            and all(cell_len(row) <= plain for row in shown.split("\n"))
        ):  # fmt: skip
            write(shown + "\n")
        else:
            stdout().print(as_text(line))


def width() -> int:
    """The width lines are fitted to: the terminal's, else what rich gives a pipe or a file."""
    plain = _plain_stdout()
    return plain if plain is not None else stdout().width


def _plain_stdout() -> int | None:
    """The width rich folds stdout at, when rich would write it without styles or controls (not
    a terminal, nor told to act as one); None when rich must print it."""
    import os

    if sys.stdout.isatty() or sys.platform == "win32":  # (rich narrows legacy Windows consoles)
        return None
    env = os.environ
    if env.get("TTY_COMPATIBLE", "") == "1" or env.get("FORCE_COLOR"):
        return None
    return _plain_width()


def _plain_width() -> int:
    """The width rich gives a console that is not a terminal (its ``Console.size``)."""
    import os

    width = 0
    for fd in (0, 1, 2):
        try:
            width = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        width = int(columns)
    return width or 80


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
        # emoji=False: a person's ":thumbs_up:" is text, like any markup (and rich then
        # never loads its emoji table)
        cached = Console(file=stream, highlight=False, soft_wrap=False, emoji=False)
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


SCHEMA_VERSION = 1
"""The version of every ``--json`` output (docs/json.md); raised when a field changes meaning
or goes away, not when one is added."""


def print_json(data: Mapping[str, Any]) -> None:
    """Print ``data`` as indented JSON for scripts, ``schema_version`` first.

    Always an object, so that a field can be added without breaking a script:
    a command that lists things puts the list under a plural noun.
    """
    document = {"schema_version": SCHEMA_VERSION, **data}
    text = json.dumps(document, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write(json_escaped(text) + "\n")


class JsonStream:
    """A JSON document written while it is made, byte for byte what :func:`print_json` prints.

    ``schema_version``, then one list under ``key`` whose items are written as
    they come (``add``), then the other fields (``close``): a search over
    every note keeps one note in memory, not all of them.
    """

    def __init__(self, key: str) -> None:
        self.key = key
        self.count = 0
        self.begun = False  # nothing is written before the first note: an error comes alone

    def _begin(self) -> None:
        if not self.begun:
            head = json.dumps({"schema_version": SCHEMA_VERSION}, indent=2)[:-2]  # no "\n}"
            sys.stdout.write(f"{head},\n  {json.dumps(self.key)}: [")
            self.begun = True

    def add(self, item: Any) -> None:
        self._begin()
        text = json.dumps(item, indent=2, ensure_ascii=False, default=str)
        body = "\n".join("    " + line for line in text.split("\n"))
        sys.stdout.write(("," if self.count else "") + "\n" + json_escaped(body))
        self.count += 1

    def close(self, rest: Mapping[str, Any]) -> None:
        self._begin()
        sys.stdout.write("\n  ]" if self.count else "]")
        for key, value in rest.items():
            text = json.dumps({key: value}, indent=2, ensure_ascii=False, default=str)
            sys.stdout.write(",\n" + json_escaped(text[2:-2]))
        sys.stdout.write("\n}\n")


def warn(message: str) -> None:
    """A yellow warning line on stderr."""
    from rich.text import Text

    # never folded: a warning names a file, to be copied or grepped whole
    stderr().print(Text(f"Warning: {message}", style="yellow"), soft_wrap=True)


def waiting_for_sync() -> None:
    """One dim line on stderr while a writer waits for ``coach sync`` to end (up to seconds)."""
    stderr().print(text("Waiting for coach sync to finish…", "dim"))


def show_warnings(warnings: list[str]) -> None:
    """Each warning (a file that could not be read...) on its own line, on stderr."""
    for line in warnings:
        warn(line)


# --------------------------------------------------------------------------- the pager

DEFAULT_PAGER = "less -FRX"
"""As git: quit at once when the output fits, keep colour, leave the screen as it was."""
NO_PAGER = frozenset({"", "cat", "false", "no", "off", "0", "never"})
"""Values of ``$COACH_PAGER``, ``$PAGER`` or the ``pager`` setting that mean: no pager."""
DEFAULT_WORDS = frozenset({"true", "yes", "on", "1", "default"})
"""Values of the ``pager`` setting that mean: the default choice."""


def pager_command(environ: Mapping[str, str], setting: str = "") -> str | None:
    """The pager to send long output through, chosen as git chooses; None for none.

    The first of ``$COACH_PAGER``, the ``pager`` setting (unless empty or
    ``true``), ``$PAGER``, then ``less -FRX``. An empty value, ``cat`` or
    ``false`` in any of them means no pager.
    """
    chosen = environ.get("COACH_PAGER")
    if chosen is None and setting.strip().lower() not in DEFAULT_WORDS | {""}:
        chosen = setting
    if chosen is None:
        chosen = environ.get("PAGER", DEFAULT_PAGER)
    chosen = chosen.strip()
    return None if chosen.lower() in NO_PAGER else chosen


class PagerClosed(Exception):
    """The person quit the pager before the output ended: stop producing it."""


@contextlib.contextmanager
def paging(command: str | None) -> Iterator[None]:
    """What is printed on stdout inside goes through the pager ``command``.

    Only when stdout is a terminal, and only when the pager's program can be
    found (else the output is printed as usual). The pager shows what it gets
    as it comes (a search streams into it); ``less -FRX`` quits at once when
    the output fits on the screen. Quitting the pager early ends the command
    quietly.
    """
    if command is None or not sys.stdout.isatty():
        yield
        return
    process = _start_pager(command)
    if process is None or process.stdin is None:
        yield
        return
    original = sys.stdout
    original.flush()
    stream = _ToPager(process.stdin, encoding=original.encoding or "utf-8",
                      errors="replace", line_buffering=True)  # fmt: skip
    sys.stdout = stream
    try:
        yield
        stream.flush()
    except PagerClosed:
        pass
    finally:
        sys.stdout = original
        with contextlib.suppress(OSError, ValueError, PagerClosed):
            stream.close()
        _wait(process)


def _start_pager(command: str) -> subprocess.Popen[bytes] | None:
    import os
    import shlex
    import shutil
    import subprocess

    try:
        program = shlex.split(command)[0]
    except (ValueError, IndexError):
        return None
    if shutil.which(program) is None:  # no pager to show it: print it as usual
        return None
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")  # as git does, for a plain `less` too
    env.setdefault("LV", "-c")
    try:
        return subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:
        return None


def _wait(process: subprocess.Popen[bytes]) -> None:
    """Wait for the person to quit the pager (Ctrl-C is the pager's, not ours)."""
    while True:
        try:
            process.wait()
            return
        except KeyboardInterrupt:
            continue


class _ToPager(io.TextIOWrapper):
    """The pager's input as stdout: shown on the terminal, so styled as on one."""

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        try:
            return super().write(text)
        except (BrokenPipeError, ConnectionResetError):
            raise PagerClosed from None

    def flush(self) -> None:
        try:
            super().flush()
        except (BrokenPipeError, ConnectionResetError):
            raise PagerClosed from None
