"""`coach search`: full text over every note, newest first, one line per note."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coachcli.cli.common import SinceOption, home, parse_since_option
from coachcli.cli.render import plain_writer, show_warnings

if TYPE_CHECKING:
    from rich.text import Text

    from coachcli.index import SearchHit

LIMIT = 50
"""Notes shown unless --all: the newest are what a search is mostly for."""
JSON_LINES = 20
"""Matching lines per note in --json (a common word can match most of a note)."""
SNIPPET_MIN = 24
"""Below this much room for the matching text, the framework is left out."""


def search(
    ctx: typer.Context,
    words: Annotated[
        list[str], typer.Argument(metavar="TEXT", help='Words (all must match) or "a phrase".')
    ],
    rep: Annotated[
        str | None, typer.Option("--rep", metavar="REP", help="Only this rep's notes.")
    ] = None,
    since: SinceOption = None,
    every: Annotated[
        bool, typer.Option("--all", help=f"Every matching note (default: the newest {LIMIT}).")
    ] = False,
    json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Search every note, newest first: all words must match; "quote" a phrase.

    One line per note: its date, the rep, the framework and the matching
    text. Open one with coach show REP DATE.

    Example: coach search pricing "economic buyer" --since 6m
    """
    from coachcli.search_results import search_view

    today = date.today()
    limit = None if every else LIMIT
    when = parse_since_option(since, today)
    if json:  # written as found: one note in memory, however many match
        from coachcli.cli.render import JsonStream
        from coachcli.search_results import hit_json

        stream = JsonStream("notes")
        view = search_view(home(ctx), words, rep, since=when, max_lines=JSON_LINES, limit=limit,
                           found=lambda name, hit: stream.add(hit_json(name, hit)))  # fmt: skip
        stream.close(view.tail())
        show_warnings(view.warnings)
        if not view.count:  # the same exit status as without --json, as grep does
            raise typer.Exit(1)
        return
    from coachcli.cli.render import print_line, stdout, text
    from coachcli.search_results import search_query

    query = search_query(words)  # what the matches are highlighted against
    ready: list[Any] = []  # the console, its width, the plain writer: made at the first note

    def show(name: str, hit: SearchHit) -> None:  # printed as soon as it is found
        if not ready:
            console = stdout()
            plain = None if console.is_terminal else plain_writer(console.width)
            ready.extend((console, console.width, plain))
        console, width, plain = ready
        parts = hit_parts(width, query, name, hit)
        line = "".join(part for part, _, _ in parts)
        if plain is not None and "\t" not in line:  # a pipe or a file: the same text, faster
            plain(line)  # (a tab rich expands by its cells: rare, left to rich)
            return
        console.print(hit_line(parts), no_wrap=True, overflow="crop")

    view = search_view(home(ctx), words, rep, since=when, max_lines=1, limit=limit, found=show)
    show_warnings(view.warnings)
    if not view.count:  # (nothing was printed through rich: a pipe needs no console)
        print_line("No note matches.", "yellow")
        raise typer.Exit(1)
    console = stdout()
    from coachcli.wording import plural, verb

    if view.more:
        summary = (
            f"The newest {plural(view.count, 'note')} shown; more match (--all for every one)."
        )
    else:
        summary = f"{plural(view.count, 'note')} {verb(view.count, 'matches', 'match')}."
    console.print(text(summary, "dim"))


Part = tuple[str, str, list[tuple[int, int]]]
"""A piece of a hit's line: its text (terminal controls made visible), style and marks."""


def hit_parts(width: int, query: str, name: str, hit: SearchHit) -> list[Part]:
    """One note found, in ``width`` cells: date, rep, framework, the match in its words.

    The date and the rep's name are never cut; the matching text is cut
    around the match, so the match shows; the framework gives way first.
    """
    from rich.cells import cell_len

    from coachcli.index import excerpt, match_spans
    from coachcli.wording import printable

    day = hit.started.date().isoformat()
    fixed = [day, name, hit.framework]
    room = width - cell_len("  ".join(fixed) + "  ")
    if room < SNIPPET_MIN:
        fixed.pop()
        room = width - cell_len("  ".join(fixed) + "  ")
    parts: list[Part] = [(day, "bold", []), ("  ", "", []), (printable(name), "", [])]
    if len(fixed) == 3:
        parts += [("  ", "", []), (printable(hit.framework), "dim", [])]
    if hit.lines and room > 0:
        found = hit.lines[0][1]
        shown, marks = excerpt(found, match_spans(query, found), room)
        parts += [("  ", "", []), (printable(shown), "", marks)]
    return parts


def hit_line(parts: list[Part]) -> Text:
    """The parts as rich text, each match in bold yellow."""
    from coachcli.cli.render import spans, text

    line = spans()
    for part, style, marks in parts:
        piece = text(part, style)
        for start, end in marks:
            piece.stylize("bold yellow", start, end)
        line.append(piece)
    return line
