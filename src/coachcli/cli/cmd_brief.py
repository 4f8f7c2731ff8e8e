"""`coach brief`: where a rep stands before the next 1:1 in one screen (also atop `coach start`)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from coachcli.cli.common import RepArgument, home
from coachcli.cli.progress import progress_bar
from coachcli.cli.render import print_json, show_warnings, spans, stdout, text

if TYPE_CHECKING:
    from rich.text import Text

    from coachcli.analytics import Brief


def brief(
    ctx: typer.Context,
    rep: RepArgument,
    json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Show where a rep stands before a 1:1: last sessions, commitments, trends, what next.

    Example: coach brief "Alex Kim"
    """
    from coachcli.prep import brief_view

    with progress_bar() as progress:
        view = brief_view(home(ctx), rep, date.today(), progress=progress)
    show_warnings(view.warnings)
    if json:
        print_json(view.to_json())
        return
    console = stdout()
    console.print(text(f"Brief: {view.brief.rep.name}", "bold"))
    console.print(render_brief(view.brief, console.width))


def render_brief(brief: Brief, width: int, *, commands: bool = True) -> Text:
    """The brief in ``width`` columns: dates, names and figures whole, free text cut to fit.

    ``commands``: end the suggestion with the command that starts it (not
    inside `coach start`, which is already starting one).
    """
    from coachcli.cli.figures import fill, rows, trend_lines, width_of
    from coachcli.cli.render import Line, as_text
    from coachcli.wording import days_ago, plural, start_command, with_unit

    lines: list[Text | Line] = []

    def line(*parts: tuple[str, str]) -> None:
        shown = spans()
        for part, style in parts:
            shown.append(part, style=style)
        lines.append(shown)

    last = brief.last
    if last is None:
        line(("First session with this rep.", "bold"))
    else:
        ago = days_ago((brief.today - last.date).days)
        line((f"{plural(brief.sessions, 'session')} in all; the last one {ago}.", ""))
    coached, performance = (
        "never" if days is None else days_ago(days)
        for days in (brief.days_since_coaching, brief.days_since_performance)
    )
    parts = [("Last coaching: ", "bold"), (coached, "")]
    later = [("last performance: ", "bold"), (performance, "")]
    if width_of(f"Last coaching: {coached} · last performance: {performance}") <= width:
        line(*parts, (" · ", ""), *later)
    else:
        line(*parts)
        line(*later)
    if brief.suggestion is not None:
        lead = f"Suggested next: {brief.suggestion.framework} — "
        suggested = spans()
        suggested.append(fill(lead + brief.suggestion.reason, width))
        suggested.stylize("bold", 0, len(lead))
        lines.append(suggested)
        if commands:
            line((f"  {start_command(brief.rep.name)} -f {brief.suggestion.framework}", "dim"))
    if brief.recent:
        line()
        line(("Last sessions", "bold"))
        lines += rows(
            [[n.date.isoformat(), n.framework] for n in brief.recent],
            [" · ".join(part for part in (n.subject, n.summary) if part) for n in brief.recent],
            width,
            indent=2,
        )
    if brief.subjects:
        line(("Deals and accounts lately: ", "bold"), (", ".join(brief.subjects), ""))
    if brief.open_actions or brief.sessions:
        line()
    if brief.open_actions:
        line((f"Open commitments ({len(brief.open_actions)})", "bold"))
        lines += rows(
            [[brief.due_phrase(a), a.owner] for a in brief.open_actions],
            [a.text for a in brief.open_actions],
            width,
            indent=2,
            styles=["red" if a.overdue else "" for a in brief.open_actions],
        )
    elif brief.sessions:
        line(("No open commitments.", ""))
    counts = brief.commitments
    if counts.kept + counts.missed + counts.open:
        line(("Commitments: ", "bold"), (counts.summary(), ""))
    for title, trends in (("Ratings", brief.ratings), ("Metrics", brief.metrics)):
        if trends:
            line()
            line((title, "bold"))
            lines += trend_lines(trends, width, "brief")
    if brief.imported:
        line()
        line(("Imported from the CRM", "bold"), (" (coach import metrics)", "dim"))
        lines += rows(
            [[f.name, with_unit(f.value, f.unit), f"as of {f.as_of.isoformat()}"]
             for f in brief.imported],
            [f.source for f in brief.imported],
            width,
            indent=2,
        )  # fmt: skip
    shown = spans()
    for n, part in enumerate(lines):
        if n:
            shown.append("\n")
        shown.append(as_text(part))
    return shown
