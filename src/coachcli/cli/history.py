"""`coach history` and `coach show`: one rep's sessions over time, and one note."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coachcli.cli.common import (
    KindOption,
    SinceOption,
    home,
    parse_since_option,
    parse_until_option,
    print_json,
    progress_bar,
    show_warnings,
    stdout,
)

if TYPE_CHECKING:
    from coachcli.analytics import History, Trend


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
    last: Annotated[
        int | None,
        typer.Option("--last", "-n", metavar="N", min=1, help="Only the latest N sessions."),
    ] = None,
    json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Show a rep's sessions over time: trends, commitments kept, balance.

    Example: coach history "Alex Kim" --since 90d
    """
    from coachcli.queries import rep_history

    today = date.today()
    with progress_bar() as progress:
        view = rep_history(
            home(ctx), rep, today,
            since=parse_since_option(since, today), until=parse_until_option(until, today),
            framework=framework, kind=kind.value if kind else None, last=last, progress=progress,
        )  # fmt: skip
    show_warnings(view.warnings)
    assert view.rep is not None and view.history is not None
    if json:
        print_json(history_json(view.rep.name, view.rep.slug, view.history))
        return
    render_history(view.rep.name, view.history)


def _pct(share: float | None) -> str:
    return "—" if share is None else f"{share:.0%}"


def _num(value: float) -> str:
    return f"{value:g}"


def history_json(name: str, slug: str, found: History) -> dict[str, Any]:
    def trend(t: Trend) -> dict[str, Any]:
        return {
            "id": t.id,
            "points": [{"date": p.date.isoformat(), "value": p.value} for p in t.points],
            "first": t.first,
            "last": t.last,
            "target": t.target,
            "on_target": t.on_target,
            "indicator": t.indicator,
            "better": t.better,
        }

    return {
        "rep": name,
        "slug": slug,
        "sessions": [
            {
                "date": s.date.isoformat(),
                "started": s.started.isoformat(),
                "path": str(s.path),
                "framework": s.framework,
                "kind": s.kind,
                "duration_minutes": s.duration_minutes,
                "coaching_minutes": round(s.coaching_minutes, 1),
                "performance_minutes": round(s.performance_minutes, 1),
                "summary": s.summary,
                "ratings": s.ratings,
                "metrics": s.metrics,
                "actions_created": list(s.actions_created),
                "actions_closed": list(s.actions_closed),
                "actions_not_done": list(s.actions_not_done),
            }
            for s in found.sessions
        ],
        "ratings": [trend(t) for t in found.ratings],
        "metrics": [trend(t) for t in found.metrics],
        "commitments": {
            "kept": found.commitments.kept,
            "missed": found.commitments.missed,
            "ratio": found.commitments.ratio,
        },
        "coaching_minutes": round(found.coaching_minutes, 1),
        "performance_minutes": round(found.performance_minutes, 1),
        "coaching_share": found.coaching_share,
    }


def render_history(name: str, found: History) -> None:
    from rich.table import Table
    from rich.text import Text

    from coachcli.analytics import sparkline
    from coachcli.wording import plural

    console = stdout()
    if not found.sessions:
        console.print(Text(f"No sessions with {name} match.", style="yellow"))
        return
    key_ratings = [t.id for t in found.ratings][:2]
    key_metrics = [t.id for t in found.metrics][:2]
    table = Table(title=f"{name}: {plural(len(found.sessions), 'session')}", title_justify="left",
                  box=None, pad_edge=False, header_style="bold")  # fmt: skip
    for column in ("date", "framework", "kind", "min"):
        table.add_column(column, no_wrap=True, justify="right" if column == "min" else "left")
    for column in (*key_ratings, *key_metrics):
        table.add_column(column[:12], justify="right", overflow="ellipsis")
    table.add_column("actions", no_wrap=True, justify="right")
    for s in reversed(found.sessions):  # newest first
        values = [str(s.ratings.get(r, "")) for r in key_ratings]
        values += [_num(s.metrics[m]) if m in s.metrics else "" for m in key_metrics]
        closed = f" ✓{len(s.actions_closed)}" if s.actions_closed else ""
        missed = f" ✗{len(s.actions_not_done)}" if s.actions_not_done else ""
        table.add_row(
            s.date.isoformat(), s.framework, s.kind, str(s.duration_minutes), *values,
            f"+{len(s.actions_created)}{closed}{missed}",
        )  # fmt: skip
    console.print(table)
    console.print(Text("actions: +agreed ✓closed ✗not done", style="dim"))
    for title, trends in (("Ratings", found.ratings), ("Metrics", found.metrics)):
        if not trends:
            continue
        console.print()
        console.print(Text(title, style="bold"))
        for t in trends:
            line = Text(f"  {t.id[:22]:<22} {sparkline(t.values, 16):<16}  ")
            line.append(f"{_num(t.first)} → {_num(t.last)}")
            if t.target is not None:
                hit = t.on_target
                line.append(f"  target {_num(t.target)}", style="green" if hit else "red")
            if t.indicator:
                line.append(f" ({t.indicator})", style="dim")
            console.print(line, no_wrap=True, overflow="ellipsis")
    console.print()
    kept = found.commitments
    ratio = "—" if kept.ratio is None else f"{kept.ratio:.0%}"
    console.print(
        Text.assemble(
            ("Commitments kept: ", "bold"), f"{ratio} ({kept.kept} kept, {kept.missed} missed)"
        )
    )
    coaching, performance = found.coaching_minutes, found.performance_minutes
    minutes = f"{coaching + performance:.0f} min ({coaching:.0f} coaching, {performance:.0f} perf.)"
    console.print(
        Text.assemble(("Coaching share: ", "bold"), f"{_pct(found.coaching_share)} of {minutes}")
    )


def show(
    ctx: typer.Context,
    rep: Annotated[str, typer.Argument(metavar="REP", help="The rep's name or folder.")],
    which: Annotated[
        str | None,
        typer.Argument(
            metavar="[DATE|N]",
            help="A date (2026-11-27), N (1 = newest) or nothing for the newest.",
        ),
    ] = None,
    last: Annotated[bool, typer.Option("--last", help="The newest note (the default).")] = False,
    raw: Annotated[bool, typer.Option("--raw", help="Print the file as it is.")] = False,
) -> None:
    """Show one session note in the terminal.

    Example: coach show "Alex Kim" 2026-11-20
    """
    from coachcli.cli.common import print_markdown, warn
    from coachcli.queries import pick_note

    if last and which is not None:
        from coachcli.errors import CoachError

        raise CoachError("Give either --last or a date/number, not both.")
    choice = pick_note(home(ctx), rep, "last" if last else which)
    show_warnings(choice.warnings)
    data = choice.path.read_bytes()
    if raw:  # byte for byte: line ends, encoding and all
        typer.echo(data, nl=False)
        return
    from rich.text import Text

    from coachcli.frontmatter import NoteError, split_note

    text = data.decode("utf-8", errors="replace")
    try:
        _, body = split_note(text, str(choice.path))
    except NoteError:  # a note broken by hand is still shown, as it is
        body = text
    print_markdown(body.lstrip("\n"))
    if choice.position:
        where = f"{choice.path} · note {choice.position} of {choice.total}"
    else:
        where = f"{choice.path} · cannot be read as a note, shown as it is"
    stdout().print(Text(where, style="dim"), soft_wrap=True)
    for other in choice.same_day:
        warn(f"another note the same day: {other.name}")
