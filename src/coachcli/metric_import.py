"""`coach import metrics`'s question answered: a CRM export's columns mapped to metric ids, its reps
matched, each cell checked against its metric, the values kept (:mod:`coachcli.imports`).

A column maps to a metric by ``--map``, by the mapping kept for exports of
that name or for any (:mod:`coachcli.import_mapping`), or by a header that is
the metric's id (spaces for hyphens) or name. Reps are matched by name as
everywhere (the same name casefolded, the folder's name, a former name), else
the one rep whose name is the same without accents and punctuation (CRMs
often drop them), or by an id or email the mapping names; a name matching no
rep is listed with the closest one, never created. A value is checked against
its unit: a number, finite; ``28%`` is 28 for a metric in % (and a ``%`` sign
on any other metric is a mistake; ``0.28`` stays 0.28); counts (calls,
deals…) are whole and not negative, and so is a ratio in ×. Then against the
bounds its framework gives it (``min``, ``max`` in ``[[metrics]]``): a win
rate of 120% or -3 deals is refused. A bad cell is reported with its file,
line and column and its row's other cells are kept, unless ``strict``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from coachcli.aims import MetricTarget, bounds_wording, outside_bounds
from coachcli.crm_export import REP_HEADERS, RepMatcher, UnknownRep, file_day, find_column
from coachcli.csv_table import Table, column_letter, parse_date, parse_number
from coachcli.errors import CoachError
from coachcli.home import Home
from coachcli.imports import MetricValue, format_value
from coachcli.layout import slugify
from coachcli.names import name_key, quote

DATE_HEADERS = ("as of", "as_of", "date", "report date", "snapshot date", "week", "period",
                "day")  # fmt: skip
_NOT_COUNTS = frozenset({"%", "×", "x", "points", ""})


@dataclass(frozen=True)
class ImportRequest:
    """What `coach import metrics` was asked: the file and its options."""

    path: Path
    maps: tuple[str, ...] = ()
    rep_column: str | None = None
    date_column: str | None = None
    as_of: date | None = None
    date_format: str | None = None
    dry_run: bool = False
    strict: bool = False


@dataclass
class ImportResult:
    """What an import found and did; ``outcome``: written, unchanged, dry-run, strict, nothing."""

    source: str
    values: list[MetricValue]
    columns: dict[str, str]
    ignored: list[str]
    unknown_reps: list[UnknownRep]
    problems: list[str]
    outcome: str = "nothing"
    kept: Path | None = None
    mapping_saved: Path | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Columns:
    metrics: dict[int, str]  # column index -> metric id
    rep: int
    date: int | None
    ignored: list[str]


def _columns(
    table: Table, flags: set[str], mapped: dict[str, str], names: dict[str, str],
    rep_column: str | None, date_column: str | None,
) -> _Columns:  # fmt: skip
    """Which column holds what: each metric's, the rep's, the date's; the columns left over."""
    rep = find_column(table, rep_column, "--rep-column") if rep_column else None
    if rep is None:
        keys = [name_key(h) for h in table.header]
        rep = next((keys.index(h) for h in REP_HEADERS if h in keys), None)
    if rep is None:
        raise CoachError(
            f"{table.name}: no column names the rep.",
            hint='Name it with --rep-column, e.g. --rep-column "Opportunity Owner". '
            f"Its columns: {', '.join(quote(h) for h in table.header)}.",
        )
    when = find_column(table, date_column, "--date-column") if date_column else None
    if when is None and not date_column:
        keys = [name_key(h) for h in table.header]
        when = next((keys.index(h) for h in DATE_HEADERS if h in keys), None)
    metrics: dict[int, str] = {}
    for column, metric in mapped.items():
        index = find_column(table, column, "--map") if column in flags else None
        if index is None:
            keys = [name_key(h) for h in table.header]
            index = keys.index(name_key(column)) if name_key(column) in keys else None
        if index is not None and index not in (rep, when):
            metrics[index] = metric
    for index, header in enumerate(table.header):
        key = name_key(header)
        key = key if key in names else name_key(" ".join(slugify(header).split("-")))
        free = index not in metrics and index not in (rep, when)
        if free and key in names and names[key] not in metrics.values():  # a map wins
            metrics[index] = names[key]
    seen: dict[str, int] = {}
    for index, metric in sorted(metrics.items()):
        if metric in seen:
            raise CoachError(
                f"{table.name}: columns {column_letter(seen[metric])} "
                f"({table.header[seen[metric]]}) and {column_letter(index)} "
                f"({table.header[index]}) both map to {metric!r}.",
                hint="Map one of them to another metric with --map COLUMN=metric.",
            )
        seen[metric] = index
    ignored = [h for i, h in enumerate(table.header) if i not in metrics and i not in (rep, when)]
    return _Columns(metrics, rep, when, ignored)


def check_value(cell: str, unit: str, decimal: str) -> float:
    """A cell as a value of a metric in ``unit``; ValueError saying what is wrong."""
    text = cell.strip()
    if unit and text.casefold().endswith(unit.casefold()) and unit != "%":
        text = text[: -len(unit)].strip()
    elif unit and text.casefold().startswith(unit.casefold()):
        text = text[len(unit) :].strip()  # "$ 1,200" for a metric in $
    if unit in ("×", "x") and text[-1:] in ("x", "X", "×"):
        text = text[:-1].strip()
    if text.endswith("%"):
        if unit != "%":
            raise ValueError(f"has a % sign, but the metric is in {unit or 'plain numbers'}")
        text = text[:-1].strip()
    number = parse_number(text, decimal)
    if not math.isfinite(number):
        raise ValueError("is not a finite number")
    counted = unit.strip().casefold() not in _NOT_COUNTS
    if (counted or unit in ("×", "x")) and number < 0:
        raise ValueError(f"is below 0 ({unit} cannot be negative)")
    if counted and not number.is_integer():
        raise ValueError(f"is not a whole number of {unit}")
    return number


def check_bounds(value: float, aim: MetricTarget | None) -> None:
    """ValueError when ``value`` is outside the bounds the metric's framework gives it."""
    if aim is not None and (wrong := outside_bounds(value, aim)):
        raise ValueError(f"is {wrong} ({bounds_wording(aim)})")


def import_metrics(home: Home, request: ImportRequest, today: date) -> ImportResult:
    """Read, check and (unless a dry run, or ``strict`` with a problem) keep an export's values."""
    from coachcli import import_mapping, imports
    from coachcli.csv_table import date_format, read_table
    from coachcli.prep import framework_facts

    facts = framework_facts(home)
    labels = facts.glossary.metrics
    metric_ids = set(labels)
    flags = dict(import_mapping.mapped_metric(m, metric_ids) for m in request.maps)
    fmt = date_format(request.date_format) if request.date_format else None
    mapping = import_mapping.load_mapping(home, metric_ids)
    table = read_table(request.path)
    _, rule = mapping.rule_for(request.path.name)
    fmt = fmt or (date_format(rule.date_format) if rule.date_format else None)
    names = {name_key(i): i for i in metric_ids}
    names.update({name_key(label.name): i for i, label in labels.items()})
    names.update({name_key(i.replace("-", " ")): i for i in metric_ids})
    mapped = {**mapping.columns, **rule.columns, **flags}
    columns = _columns(
        table, set(flags), mapped, names,
        request.rep_column or rule.rep_column, request.date_column or rule.date_column,
    )  # fmt: skip
    if not columns.metrics:
        raise CoachError(
            f"{table.name}: no column maps to a metric.",
            hint='Map one with --map, e.g. --map "Win Rate %=win-rate". '
            f"Its columns: {', '.join(quote(h) for h in table.header)}.",
        )
    default_day = request.as_of or file_day(request.path)
    matcher = RepMatcher(home, mapping.reps)
    found: dict[tuple[str, str, date], MetricValue] = {}
    problems: list[str] = []
    unknown: dict[str, list[int]] = {}

    def where(line: int, index: int) -> str:
        return f"{table.name}, line {line}, column {column_letter(index)} ({table.header[index]})"

    for row in table.rows:
        cells = row.cells + [""] * (len(table.header) - len(row.cells))
        extra = [c for c in cells[len(table.header) :] if c.strip()]
        if extra:
            problems.append(
                f"{table.name}, line {row.line}: {len(row.cells)} cells but the header has "
                f"{len(table.header)}; the row is left out."
            )
            continue
        typed = " ".join(cells[columns.rep].split())
        if not typed:
            problems.append(f"{where(row.line, columns.rep)}: no rep; the row is left out.")
            continue
        rep = matcher.match(typed)
        if rep is None:
            unknown.setdefault(typed, []).append(row.line)
            continue
        day = default_day
        if columns.date is not None and cells[columns.date].strip():
            try:
                day = parse_date(cells[columns.date], fmt)
            except ValueError as exc:
                problems.append(f"{where(row.line, columns.date)}: {quote(cells[columns.date])} "
                                f"— {exc}; the row is left out.")  # fmt: skip
                continue
        for index, metric in sorted(columns.metrics.items()):
            cell = cells[index]
            if not cell.strip():
                continue  # an empty cell: no value
            try:
                value = check_value(cell, labels[metric].unit, table.decimal)
                check_bounds(value, facts.targets.get(metric))
            except ValueError as exc:
                problems.append(f"{where(row.line, index)}: {quote(cell)} {exc}.")
                continue
            key = (rep[0], metric, day)
            if key in found and found[key].value != value:
                problems.append(
                    f"{where(row.line, index)}: {rep[1]}'s {metric} as of {day} is "
                    f"{format_value(found[key].value)} on an earlier line; this one is left out."
                )
                continue
            found[key] = MetricValue(rep[0], metric, day, value, rep[1], table.name)
    result = ImportResult(
        table.name, [found[k] for k in sorted(found)],
        {table.header[i]: m for i, m in sorted(columns.metrics.items())}, columns.ignored,
        [UnknownRep(n, lines, matcher.maybe(n)) for n, lines in unknown.items()], problems,
    )  # fmt: skip
    if request.dry_run:
        result.outcome = "dry-run"
    elif request.strict and (problems or unknown):
        result.outcome = "strict"
    elif result.values:
        from coachcli.fsys import home_writing

        with home_writing(home.root):  # not while coach sync pulls
            result.kept, changed = imports.keep(home, table.name, result.values, today)
            result.outcome = "written" if changed else "unchanged"
            result.mapping_saved = import_mapping.remember(
                home, mapping, request.path.name, flags, request.rep_column, request.date_column,
                request.date_format,
            )  # fmt: skip
    return result
