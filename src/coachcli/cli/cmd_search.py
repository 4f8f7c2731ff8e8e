"""`coach search`: full text over every note, newest first, one line per note."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from coachcli.cli.common import SinceOption, home, parse_since_option
from coachcli.cli.render import print_json, show_warnings

if TYPE_CHECKING:
    from rich.console import Console
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
    if json:
        view = search_view(home(ctx), words, rep, since=when, max_lines=JSON_LINES, limit=limit)
        show_warnings(view.warnings)
        print_json(view.to_json())
        if not view.count:  # the same exit status as without --json, as grep does
            raise typer.Exit(1)
        return
    from coachcli.cli.render import stdout, text
    from coachcli.search_results import search_query

    console = stdout()
    query = search_query(words)  # what the matches are highlighted against

    def show(name: str, hit: SearchHit) -> None:  # printed as soon as it is found
        console.print(hit_line(console, query, name, hit), no_wrap=True, overflow="crop")

    view = search_view(home(ctx), words, rep, since=when, max_lines=1, limit=limit, found=show)
    show_warnings(view.warnings)
    if not view.count:
        console.print(text("No note matches.", "yellow"))
        raise typer.Exit(1)
    from coachcli.wording import plural, verb

    if view.more:
        summary = (
            f"The newest {plural(view.count, 'note')} shown; more match (--all for every one)."
        )
    else:
        summary = f"{plural(view.count, 'note')} {verb(view.count, 'matches', 'match')}."
    console.print(text(summary, "dim"))


def hit_line(console: Console, query: str, name: str, hit: SearchHit) -> Text:
    """One note found, in the console's width: date, rep, framework, the match in its words.

    The date and the rep's name are never cut; the matching text is cut
    around the match, so the match shows; the framework gives way first.
    """
    from rich.cells import cell_len

    from coachcli.cli.render import spans, text
    from coachcli.index import excerpt, match_spans

    day = hit.started.date().isoformat()
    fixed = [day, name, hit.framework]
    room = console.width - cell_len("  ".join(fixed) + "  ")
    if room < SNIPPET_MIN:
        fixed.pop()
        room = console.width - cell_len("  ".join(fixed) + "  ")
    line = spans()
    line.append(day, "bold")
    line.append("  ")
    line.append(name)
    if len(fixed) == 3:
        line.append("  ")
        line.append(hit.framework, "dim")
    if hit.lines and room > 0:
        found = hit.lines[0][1]
        shown, marks = excerpt(found, match_spans(query, found), room)
        body = text(shown)
        for start, end in marks:
            body.stylize("bold yellow", start, end)
        line.append("  ")
        line.append(body)
    return line
