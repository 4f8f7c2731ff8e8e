"""`coach history`: one rep's sessions over time, with trends, commitments kept and balance."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from coachcli.cli.common import (
    KindOption,
    SinceOption,
    home,
    parse_since_option,
    parse_until_option,
)
from coachcli.cli.render import print_json, progress_bar, show_warnings, stdout

if TYPE_CHECKING:
    from coachcli.analytics import History


def history(
    ctx: typer.Context,
    rep: Annotated[str, typer.Argument(metavar="REP", help="The rep's name or folder.")],
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
    from rich.text import Text

    from coachcli.analytics import sparkline
    from coachcli.cli.render import table, text
    from coachcli.wording import number, percent, plural

    console = stdout()
    if not found.sessions:
        console.print(text(f"No sessions with {name} match.", "yellow"))
        return
    key_ratings = [t.id for t in found.ratings][:2]
    key_metrics = [t.id for t in found.metrics][:2]
    shown = table(title=f"{name}: {plural(len(found.sessions), 'session')}")
    for column in ("date", "framework", "kind", "min"):
        shown.add_column(column, no_wrap=True, justify="right" if column == "min" else "left")
    for column in (*key_ratings, *key_metrics):
        shown.add_column(column[:12], justify="right", overflow="ellipsis")
    shown.add_column("actions", no_wrap=True, justify="right")
    for s in reversed(found.sessions):  # newest first
        values = [str(s.ratings.get(r, "")) for r in key_ratings]
        values += [number(s.metrics[m]) if m in s.metrics else "" for m in key_metrics]
        closed = f" ✓{len(s.actions_closed)}" if s.actions_closed else ""
        missed = f" ✗{len(s.actions_not_done)}" if s.actions_not_done else ""
        shown.add_row(
            s.date.isoformat(), text(s.framework), s.kind, str(s.duration_minutes), *values,
            f"+{len(s.actions_created)}{closed}{missed}",
        )  # fmt: skip
    console.print(shown)
    console.print(text("actions: +agreed ✓closed ✗not done", "dim"))
    for title, trends in (("Ratings", found.ratings), ("Metrics", found.metrics)):
        if not trends:
            continue
        console.print()
        console.print(text(title, "bold"))
        for t in trends:
            line = text(f"  {t.id[:22]:<22} {sparkline(t.values, 16):<16}  ")
            line.append(f"{number(t.first)} → {number(t.last)}")
            if t.target is not None:
                hit = t.on_target
                line.append(f"  target {number(t.target)}", style="green" if hit else "red")
            if t.indicator:
                line.append(f" ({t.indicator})", style="dim")
            console.print(line, no_wrap=True, overflow="ellipsis")
    console.print()
    kept = found.commitments
    console.print(
        Text.assemble(
            ("Commitments kept: ", "bold"),
            f"{percent(kept.ratio)} ({kept.summary()})",
        )
    )
    coaching, performance = found.coaching_minutes, found.performance_minutes
    minutes = f"{coaching + performance:.0f} min ({coaching:.0f} coaching, {performance:.0f} perf.)"
    console.print(
        Text.assemble(("Coaching share: ", "bold"), f"{percent(found.coaching_share)} of {minutes}")
    )
