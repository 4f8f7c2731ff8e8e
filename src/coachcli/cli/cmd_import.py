"""`coach import`: numbers from the CRM's exports, kept as plain files beside the notes."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coachcli.cli.common import home

if TYPE_CHECKING:
    from coachcli.metric_import import ImportResult

app = typer.Typer(
    help="Import numbers from your CRM's exports (CSV), kept as plain files in your home.",
    no_args_is_help=True,
)


@app.command()
def metrics(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE.csv", help="The CRM report, as CSV.")],
    maps: Annotated[
        list[str] | None,
        typer.Option("--map", metavar="COLUMN=metric", help="A column's metric id (repeatable)."),
    ] = None,
    rep_column: Annotated[
        str | None, typer.Option("--rep-column", metavar="NAME", help="The column naming the rep.")
    ] = None,
    date_column: Annotated[
        str | None,
        typer.Option("--date-column", metavar="NAME", help="The column giving each row's date."),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="YYYY-MM-DD",
            help="The day the numbers are as of (default: the "
            "date column, else the day the file was saved).",
        ),
    ] = None,
    date_format: Annotated[
        str | None,
        typer.Option(
            "--date-format",
            metavar="FMT",
            help="How the dates are written: dd.mm.yyyy, "
            "MM/DD/YYYY or strftime's %d.%m.%Y (default: 2026-11-28).",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be recorded; write nothing.")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Write nothing if any row has a problem.")
    ] = False,
) -> None:
    """Import reps' metrics from a CRM report exported as CSV (a row per rep, or rep and date).

    Columns whose header is a metric's id or name map themselves; map others with
    --map. What you give is kept in <home>/imports/mapping.toml, so the next export
    of the report needs no options. Values are kept in <home>/imports/metrics/.

    Example: coach import metrics win-rates.csv --map "Win Rate %=win-rate" --dry-run
    """
    from coachcli.cli.render import show_warnings
    from coachcli.metric_import import ImportRequest, import_metrics

    day = _day(as_of) if as_of else None
    request = ImportRequest(
        file.expanduser(), tuple(maps or ()), rep_column, date_column, day, date_format,
        dry_run, strict,
    )  # fmt: skip
    result = import_metrics(home(ctx), request, date.today())
    show_warnings(result.warnings)
    _render(result)
    if result.outcome == "strict":
        raise typer.Exit(1)


def _day(text: str) -> date:
    from coachcli.errors import CoachError

    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CoachError(f"--date {text!r} is not a date like 2026-11-28.") from None


def _render(result: ImportResult) -> None:
    """Problems and unknown reps on stderr; the columns, the dry run's table and the outcome on
    stdout (whole lines: a line naming a file is never folded)."""
    from coachcli.cli.render import echo, stderr, stdout, table, text, warn
    from coachcli.imports import format_value
    from coachcli.wording import plural

    for problem in result.problems:
        warn(problem)
    for rep in result.unknown_reps:
        lines = ", ".join(str(n) for n in rep.lines)
        maybe = f" Did you mean {rep.maybe!r}?" if rep.maybe else ""
        warn(f"{result.source}: no rep named {rep.name!r} (line {lines}); left out.{maybe}")
    if result.unknown_reps:
        never = "Reps are never created by an import: add one with `coach rep add NAME`, or name "
        stderr().print(text(never + "them in the mapping's [reps].", "dim"), soft_wrap=True)
    echo(f"Columns: {', '.join(f'{c} → {m}' for c, m in result.columns.items())}.")
    if result.ignored:
        echo(f"Not imported (no metric): {', '.join(result.ignored)}.")
    if result.outcome == "dry-run" and result.values:
        shown = table("rep", "metric", "value", "as of", right=("value",))
        for v in result.values:
            shown.add_row(text(v.rep), text(v.metric), text(format_value(v.value)),
                          text(v.as_of.isoformat()))  # fmt: skip
        stdout().print(shown)
    count = plural(len(result.values), "value")
    reps = plural(len({v.rep_slug for v in result.values}), "rep")
    if result.outcome == "dry-run":
        echo(f"Dry run: {count} for {reps} would be recorded; nothing was written.")
    elif result.outcome == "strict":
        echo("Nothing was written (--strict): fix the rows above and import again.")
    elif result.outcome == "written":
        echo(f"Recorded {count} for {reps} in {result.kept}.")
    elif result.outcome == "unchanged":
        echo(f"Nothing new: {result.kept} already holds these {count}.")
    else:
        echo("Nothing to record: no row had a value for a known rep.")
    if result.mapping_saved:
        echo(f"The columns are remembered for the next export in {result.mapping_saved}.")
