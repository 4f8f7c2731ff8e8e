"""`coach history`: one rep's sessions over time, with trends, commitments kept and balance."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from coachcli.cli.common import (
    KindOption,
    RepArgument,
    SinceOption,
    home,
    parse_since_option,
    parse_until_option,
)
from coachcli.cli.progress import progress_bar
from coachcli.cli.render import print_json, show_warnings

if TYPE_CHECKING:
    from coachcli.analytics import History


def history(
    ctx: typer.Context,
    rep: RepArgument,
    since: SinceOption = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until", metavar="WHEN", help="Last date to include: 2026-06-30 or 30d (30 days ago)."
        ),
    ] = None,
    framework: Annotated[
        str | None,
        typer.Option("--framework", "-f", metavar="ID", help="Only this framework's sessions."),
    ] = None,
    kind: KindOption = None,
    subject: Annotated[
        str | None,
        typer.Option(
            "--subject", "-s", metavar="NAME", help="Only the sessions about this deal or account."
        ),
    ] = None,
    last: Annotated[
        int | None,
        typer.Option("--last", "-n", metavar="N", min=1, help="Only the latest N sessions."),
    ] = None,
    json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Show a rep's sessions over time: trends, commitments kept, balance.

    Example: coach history "Alex Kim" --since 90d

    Example: coach history "Alex Kim" --subject "Globex renewal"
    """
    from coachcli.queries import rep_history

    today = date.today()
    with progress_bar() as progress:
        view = rep_history(
            home(ctx), rep, today,
            since=parse_since_option(since, today), until=parse_until_option(until, today),
            framework=framework, kind=kind.value if kind else None, last=last, subject=subject,
            progress=progress,
        )  # fmt: skip
    show_warnings(view.warnings)
    assert view.rep is not None and view.history is not None
    if json:
        print_json(view.to_json())
        return
    render_history(view.rep.name, view.history)


def render_history(name: str, found: History) -> None:
    """The sessions, newest first, then a line per rating and metric, commitments and balance."""
    from coachcli.cli.figures import imported_note, rows, trend_lines
    from coachcli.cli.render import Line, print_lines, width
    from coachcli.wording import percent, plural

    if not found.sessions:
        print_lines([Line(f"No sessions with {name} match.", "yellow")])
        return
    columns = width()
    shown = [Line(f"{name}: {plural(len(found.sessions), 'session')}", "bold")]
    newest = found.sessions[::-1]
    shown += rows(
        [("date", "framework", "kind", "min")]
        + [(s.date.isoformat(), s.framework, s.kind, str(s.duration_minutes)) for s in newest],
        ["summary"] + [" · ".join(p for p in (s.subject, s.summary) if p) for s in newest],
        columns,
        right=frozenset({3}),
        styles=["bold"],
    )
    for title, trends in (("Ratings", found.ratings), ("Metrics", found.metrics)):
        if trends:
            shown += [Line(), Line(title, "bold"), *trend_lines(trends, columns, "history")]
    if note := imported_note(found.metrics):
        shown.append(Line(note, "dim"))
    kept = found.commitments
    coaching, performance = found.coaching_minutes, found.performance_minutes
    minutes = f"{coaching + performance:.0f} min ({coaching:.0f} coaching, {performance:.0f} perf.)"
    kept_line = f"{percent(kept.ratio)} ({kept.summary()})"
    share = f"{percent(found.coaching_share)} of {minutes}"
    shown += [
        Line(),
        Line().append("Commitments kept: ", "bold").append(kept_line),
        Line().append("Coaching share: ", "bold").append(share),
    ]
    print_lines(shown)
