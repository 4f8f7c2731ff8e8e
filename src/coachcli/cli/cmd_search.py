"""`coach search`: full text over every note."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from coachcli.cli.common import SinceOption, home, parse_since_option
from coachcli.cli.render import print_json, show_warnings

SHOWN_LINES = 3
"""Matching lines shown per note (a common word can match most of a note)."""
JSON_LINES = 20


def search(
    ctx: typer.Context,
    words: Annotated[
        list[str], typer.Argument(metavar="TEXT", help='Words (all must match) or "a phrase".')
    ],
    rep: Annotated[
        str | None, typer.Option("--rep", metavar="REP", help="Only this rep's notes.")
    ] = None,
    since: SinceOption = None,
    json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Search every note: all words must match; "quote" a phrase.

    Example: coach search pricing "economic buyer" --since 6m
    """
    from coachcli.queries import search_view

    today = date.today()
    view = search_view(
        home(ctx), words, rep, since=parse_since_option(since, today),
        max_lines=JSON_LINES if json else SHOWN_LINES,
    )  # fmt: skip
    show_warnings(view.warnings)
    from coachcli.index import match_spans

    hits = view.hits
    if json:
        print_json(view.to_json())
        if not hits:  # the same exit status as without --json, as grep does
            raise typer.Exit(1)
        return
    from coachcli.cli.render import stdout, text

    console = stdout()
    if not hits:
        console.print(text("No note matches.", "yellow"))
        raise typer.Exit(1)
    current = None
    for hit in hits:
        if hit.rep_slug != current:
            current = hit.rep_slug
            console.print()
            console.print(text(view.name(hit.rep_slug), "bold underline"))
        console.print(
            text(f"  {hit.started.date().isoformat()}  {hit.framework}  ", "bold")
            + text(str(hit.path), "dim"),
            soft_wrap=True,
        )
        for line_no, line in hit.lines:
            shown = text(f"    {line_no:>4}: ", "dim")
            body = text(line.strip())
            offset = len(line) - len(line.lstrip())
            for start, end in match_spans(view.query, line):
                body.stylize("bold yellow", max(0, start - offset), max(0, end - offset))
            console.print(shown + body, soft_wrap=True)
        if hit.more:
            console.print(text("          … more lines match", "dim"))
    console.print()
    from coachcli.wording import plural, verb

    console.print(
        text(f"{plural(len(hits), 'note')} {verb(len(hits), 'matches', 'match')}.", "dim")
    )
