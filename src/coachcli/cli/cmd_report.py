"""`coach report`: a review packet for one rep or the team, as Markdown and self-contained HTML."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from coachcli.cli.common import SinceOption, home


def report(
    ctx: typer.Context,
    rep: Annotated[
        str | None, typer.Argument(metavar="REP", help="The rep's name or folder.")
    ] = None,
    team: Annotated[bool, typer.Option("--team", help="Every rep, one after the other.")] = False,
    since: SinceOption = "90d",
    md: Annotated[
        Path | None,
        typer.Option("--md", metavar="FILE", dir_okay=False, help="Write the Markdown here."),
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option(
            "--html", metavar="FILE", dir_okay=False, help="Write one self-contained HTML file."
        ),
    ] = None,
    include_private: Annotated[
        bool,
        typer.Option(
            "--include-private",
            help="Include private parts (ratings, observations): for you, not the rep.",
        ),
    ] = False,
) -> None:
    """Build a review packet: sessions, commitments, ratings and metrics over time, balance.

    Without --md or --html the Markdown is printed. Private parts are left out
    unless --include-private; the first line says which.

    Example: coach report "Alex Kim" --since 90d --html alex-q4.html
    """
    from coachcli.cli.progress import progress_bar
    from coachcli.cli.render import echo_raw, show_warnings, stderr, text
    from coachcli.dates import parse_since
    from coachcli.fsys import atomic_write
    from coachcli.report import build_report
    from coachcli.report_md import report_markdown

    if (rep is None) == (not team):
        message = (
            "Give a rep's name or --team, not both." if team else "Give a rep's name or --team."
        )
        raise typer.BadParameter(message, param_hint="REP")
    today = date.today()
    with progress_bar() as progress:
        view = build_report(
            home(ctx), today, parse_since(since or "90d", today), rep_ref=rep,
            include_private=include_private, progress=progress,
        )  # fmt: skip
    show_warnings(list(view.warnings))
    markdown = report_markdown(view)
    if md is None and html is None:
        echo_raw(markdown)
        return
    if md is not None:
        atomic_write(md, markdown)
        stderr().print(text(f"Wrote {md}", "dim"), soft_wrap=True)
    if html is not None:
        from coachcli.report_html import report_html

        atomic_write(html, report_html(view))
        stderr().print(text(f"Wrote {html}", "dim"), soft_wrap=True)
    stderr().print(text(view.notice, "dim"), soft_wrap=True)
