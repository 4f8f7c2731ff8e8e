"""`coach import`: numbers from the CRM's exports, kept as plain files beside the notes."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coachcli.cli.common import home

if TYPE_CHECKING:
    from coachcli.crm_export import UnknownRep
    from coachcli.metric_import import ImportResult
    from coachcli.pipeline_import import PipelineResult

DateFormatOption = Annotated[
    str | None,
    typer.Option(
        "--date-format",
        metavar="FMT",
        help="How the dates are written: dd.mm.yyyy, "
        "MM/DD/YYYY or strftime's %d.%m.%Y (default: 2026-11-28).",
    ),
]
"""Both imports' --date-format: how the export writes its dates."""

app = typer.Typer(
    help="Import numbers and deals from your CRM's exports (CSV), kept as plain files.",
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
    date_format: DateFormatOption = None,
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
    from coachcli.cli.render import echo, stdout, table, text, warn
    from coachcli.imports import format_value
    from coachcli.wording import plural

    for problem in result.problems:
        warn(problem)
    _unknown_reps(result.source, result.unknown_reps)
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


def _unknown_reps(source: str, unknown: list[UnknownRep]) -> None:
    """Each name that matched no rep, with its lines and the closest rep, on stderr."""
    from coachcli.cli.render import stderr, text, warn

    for rep in unknown:
        lines = ", ".join(str(n) for n in rep.lines)
        maybe = f" Did you mean {rep.maybe!r}?" if rep.maybe else ""
        warn(f"{source}: no rep named {rep.name!r} (line {lines}); left out.{maybe}")
    if unknown:
        never = "Reps are never created by an import: add one with `coach rep add NAME`, or name "
        stderr().print(text(never + "them in the mapping's [reps].", "dim"), soft_wrap=True)


@app.command()
def pipeline(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(metavar="FILE.csv", help="The CRM's deal export, as CSV.")
    ],
    maps: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="COLUMN=role",
            help="A column's role (repeatable): deal, deal-id, rep, stage, amount, close-date, "
            "next-step, next-step-date, last-activity, forecast.",
        ),
    ] = None,
    stage_maps: Annotated[
        list[str] | None,
        typer.Option(
            "--stage", metavar="CRM-STAGE=stage-id", help="A CRM stage's stage id (repeatable)."
        ),
    ] = None,
    rep_column: Annotated[
        str | None, typer.Option("--rep-column", metavar="NAME", help="The column naming the rep.")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="YYYY-MM-DD",
            help="The day the snapshot is as of (default: the day the file was saved).",
        ),
    ] = None,
    date_format: DateFormatOption = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be kept; write nothing.")
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="Write nothing if any row has a problem, a rep or a stage is unknown."
        ),
    ] = False,
) -> None:
    """Import a CRM's deal export (CSV) as a dated pipeline snapshot per rep.

    Columns CRMs name (Opportunity Name, Deal Stage, Amount, Close Date, Next
    Step…) map themselves; map others with --map, and CRM stages to the stage
    library's ids with --stage. What you give is kept in
    <home>/imports/mapping.toml. Snapshots are kept in
    <home>/imports/pipeline/<rep>/<as of>.csv.

    Example: coach import pipeline opportunities.csv --stage "Needs Analysis=discover" --dry-run
    """
    from coachcli.pipeline_import import PipelineRequest, import_pipeline

    day = _day(as_of) if as_of else None
    request = PipelineRequest(
        file.expanduser(), tuple(maps or ()), tuple(stage_maps or ()), rep_column, day,
        date_format, dry_run, strict,
    )  # fmt: skip
    result = import_pipeline(home(ctx), request, date.today())
    _render_pipeline(result)
    if result.outcome == "strict":
        raise typer.Exit(1)


def _render_pipeline(result: PipelineResult) -> None:
    """Problems, unknown reps and unmapped stages on stderr; the columns, the dry run's deals and
    the outcome on stdout."""
    from coachcli.cli.render import echo, stderr, stdout, table, text, warn
    from coachcli.imports import format_value
    from coachcli.wording import plural

    for problem in result.problems:
        warn(problem)
    _unknown_reps(result.source, result.unknown_reps)
    for stage in result.unmapped_stages:
        lines = ", ".join(str(n) for n in stage.lines)
        maybe = f" Closest stage: {stage.maybe!r}." if stage.maybe else ""
        warn(
            f"{result.source}: the stage {stage.name!r} (line {lines}) maps to no stage id; "
            f"its deals are kept without one.{maybe}"
        )
    if result.unmapped_stages:
        first = result.unmapped_stages[0]
        hint = f'Map a stage with --stage "{first.name}={first.maybe or "STAGE-ID"}" (kept).'
        stderr().print(text(hint, "dim"), soft_wrap=True)
    echo(f"Columns: {', '.join(f'{c} → {r}' for c, r in result.columns.items())}.")
    if result.ignored:
        echo(f"Not imported: {', '.join(result.ignored)}.")
    deals = sum(len(s.deals) for s in result.snapshots)
    if result.outcome == "dry-run" and deals:
        shown = table("rep", "deal", "stage", "amount", "close", "forecast", right=("amount",))
        for snapshot in result.snapshots:
            for d in snapshot.deals:
                mapped = f"{d.stage} → {d.stage_id}" if d.stage_id else f"{d.stage} → ?"
                shown.add_row(text(snapshot.rep), text(d.name), text(mapped),
                              text(format_value(d.amount)),
                              text(d.close_date.isoformat() if d.close_date else ""),
                              text(d.forecast))  # fmt: skip
        stdout().print(shown)
    counted = f"{plural(deals, 'deal')} for {plural(len(result.snapshots), 'rep')}"
    day = result.as_of.isoformat()
    if result.outcome == "dry-run":
        echo(f"Dry run: {counted} as of {day} would be kept; nothing was written.")
    elif result.outcome == "strict":
        echo("Nothing was written (--strict): fix the rows above and import again.")
    elif result.outcome == "written":
        folder = result.kept[0].parent.parent
        echo(f"Kept {counted} as of {day} in {folder} ({len(result.changed)} written).")
    elif result.outcome == "unchanged":
        echo(f"Nothing new: the snapshots as of {day} already hold these {counted}.")
    else:
        echo("Nothing to keep: no row had a deal of a known rep.")
    if result.mapping_saved:
        echo(f"The columns and stages are remembered for the next export in "
             f"{result.mapping_saved}.")  # fmt: skip
