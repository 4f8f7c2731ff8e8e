"""Imported data kept as plain files in the home: the metric values of CRM exports, one CSV per
import, under ``<home>/imports/metrics/``.

Each file is named ``<as of>-<source>.csv`` (the newest day its values are
as of, and the export's name as a slug) and holds the columns of
:data:`KEPT_COLUMNS`, comma-separated, UTF-8, a value per row: a spreadsheet
opens it, a person may edit it, and deleting it removes its values. Files are
0600 and folders 0700 (:mod:`coachcli.fsys`), written atomically. Standard
library only.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from coachcli.home import Home
from coachcli.layout import slugify

KEPT_COLUMNS = ("rep_slug", "rep", "metric", "value", "as_of", "source", "imported_on")
KEPT_SUFFIX = ".csv"


@dataclass(frozen=True, order=True)
class MetricValue:
    """A rep's metric as a CRM export gave it: what part 3's sessions offer as the default."""

    rep_slug: str
    metric: str
    as_of: date
    value: float
    rep: str = field(compare=False)
    """The rep's name when imported (the slug is the key)."""
    source: str = field(compare=False)
    """The name of the export it came from."""


@dataclass(frozen=True)
class KeptValues:
    """Every kept value (one per rep, metric and day: the newest import wins), and the warnings of
    files or rows that could not be read."""

    values: list[MetricValue]
    warnings: list[str]


def imports_dir(home: Home) -> Path:
    return home.root / "imports"


def metrics_dir(home: Home) -> Path:
    return imports_dir(home) / "metrics"


def kept_name(values: list[MetricValue], source: str) -> str:
    """The file a import's values are kept in: ``2026-11-28-win-rates.csv``."""
    newest = max(v.as_of for v in values)
    stem = slugify(Path(source).stem)[:60].strip("-") or "import"
    return f"{newest.isoformat()}-{stem}{KEPT_SUFFIX}"


def format_value(value: float) -> str:
    """A value as kept: a whole number without a point, any other its shortest exact digits,
    never in exponent form (a spreadsheet would read ``1e-05`` as text in some locales)."""
    from decimal import Decimal

    value = float(value)
    return str(int(value)) if value.is_integer() else format(Decimal(repr(value)), "f")


def to_csv(values: list[MetricValue], imported_on: date) -> str:
    """The kept file's text: the header, then the values in order."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(KEPT_COLUMNS)
    for v in sorted(values):
        writer.writerow(
            [v.rep_slug, v.rep, v.metric, format_value(v.value), v.as_of.isoformat(), v.source,
             imported_on.isoformat()]
        )  # fmt: skip
    return out.getvalue()


def keep(
    home: Home, source: str, values: list[MetricValue], imported_on: date
) -> tuple[Path, bool]:
    """Write ``values`` to their kept file; return it and whether it changed.

    A file that already holds the same values (whatever day they were
    imported on) is left as it is, so importing the same export again changes
    nothing; one that holds others is replaced.
    """
    from coachcli.fsys import atomic_write

    path = metrics_dir(home) / kept_name(values, source)
    if path.is_file():
        kept, warnings = read_kept(path)
        if not warnings and sorted(kept) == sorted(values) and _same_names(kept, values):
            return path, False
    atomic_write(path, to_csv(values, imported_on))
    return path, True


def _same_names(kept: list[MetricValue], values: list[MetricValue]) -> bool:
    return [(v.rep, v.source) for v in sorted(kept)] == [(v.rep, v.source) for v in sorted(values)]


def read_kept(path: Path) -> tuple[list[MetricValue], list[str]]:
    """The values of one kept file, and a warning for each row (or the file) that cannot be read.

    Tolerant of a hand-edited file: a byte-order mark, semicolons, columns in
    another order or added ones, a value with a decimal comma.
    """
    from coachcli.csv_table import decode, parse_number, parse_text
    from coachcli.errors import CoachError

    try:
        table = parse_text(decode(path.read_bytes(), path), path.name)
    except (OSError, CoachError) as exc:
        return [], [f"{path}: {getattr(exc, 'message', None) or exc}; its values are left out."]
    where = {name: i for i, name in enumerate(table.header)}
    missing = [c for c in KEPT_COLUMNS[:5] if c not in where]
    if missing:
        return [], [f"{path}, line 1: no column {', '.join(missing)}; its values are left out."]
    values, warnings = [], []
    for row in table.rows:
        cells = {c: row.cells[i] if i < len(row.cells) else "" for c, i in where.items()}
        for name in ("rep_slug", "metric", "value", "as_of"):  # the rep's name and source as kept
            cells[name] = cells[name].strip()
        problem = None
        try:
            value = parse_number(cells["value"], table.decimal)
        except ValueError as exc:
            problem = f"value {cells['value']!r} {exc}"
        try:
            as_of = date.fromisoformat(cells["as_of"])
        except ValueError:
            problem = problem or f"as_of {cells['as_of']!r} is not a date like 2026-11-28"
        if problem is None and not math.isfinite(value):
            problem = f"value {cells['value']!r} is not a finite number"
        if problem is None and not (cells["rep_slug"] and cells["metric"]):
            problem = "rep_slug and metric must not be empty"
        if problem is not None:
            warnings.append(f"{path}, line {row.line}: {problem}; the row is left out.")
            continue
        values.append(
            MetricValue(cells["rep_slug"], cells["metric"], as_of, value, cells["rep"],
                        cells.get("source", "") or path.name)
        )  # fmt: skip
    return values, warnings


def _imported_on(path: Path) -> str:
    """The day a kept file was imported (its first row's), for ordering files; '' if none."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = csv.DictReader(handle)
            first = next(rows, None)
    except (OSError, UnicodeDecodeError, csv.Error):
        return ""
    return str((first or {}).get("imported_on") or "")


def metric_values(home: Home) -> KeptValues:
    """Every value kept under ``<home>/imports/metrics``, ordered by rep, metric and day.

    Where two files give the same rep, metric and day, the file imported last
    (then the one named last) wins: a newer export of the same report
    corrects an older one.
    """
    folder = metrics_dir(home)
    try:
        paths = sorted(p for p in folder.iterdir() if p.suffix == KEPT_SUFFIX and p.is_file())
    except OSError:
        return KeptValues([], [])
    chosen: dict[tuple[str, str, date], MetricValue] = {}
    warnings: list[str] = []
    for path in sorted(paths, key=lambda p: (_imported_on(p), p.name)):
        values, problems = read_kept(path)
        warnings.extend(problems)
        for value in values:
            chosen[(value.rep_slug, value.metric, value.as_of)] = value
    return KeptValues([chosen[k] for k in sorted(chosen)], warnings)


def latest(values: list[MetricValue], rep_slug: str) -> dict[str, MetricValue]:
    """The rep's newest kept value of each metric (by the day it is as of), by metric id."""
    found: dict[str, MetricValue] = {}
    for value in values:
        if value.rep_slug == rep_slug:
            held = found.get(value.metric)
            if held is None or value.as_of >= held.as_of:
                found[value.metric] = value
    return found


SESSION = "session"
"""The source of a value recorded in a session, beside an import's file name."""


def beside_sessions(
    values: list[MetricValue], rep_slug: str, recorded: Mapping[str, Iterable[date]]
) -> list[MetricValue]:
    """The rep's imported values to show in one series with the sessions' (`coach history`,
    `coach report`), oldest first.

    ``recorded``: the days a session recorded each metric. On such a day the
    session's value stands and the import's is left out: the number agreed in
    the 1:1 is what the series shows, as :func:`session_defaults` offers an
    import only when it is newer than the session.
    """
    days = {metric: set(found) for metric, found in recorded.items()}
    return sorted(
        (v for v in values if v.rep_slug == rep_slug and v.as_of not in days.get(v.metric, ())),
        key=lambda v: (v.as_of, v.metric),
    )


def session_defaults(
    newest: dict[str, MetricValue], recorded: dict[str, date], metric_ids: list[str]
) -> dict[str, dict[str, str | float]]:
    """What a session offers as the default of each of ``metric_ids`` from the imports.

    ``newest``: the rep's newest imported values (:func:`latest`);
    ``recorded``: the day each metric was last recorded in a session. An
    imported value is offered when it is as of a later day than that (or the
    metric was never recorded); on the same day the session's value stands.
    The entries are plain (value, as_of, source), as a draft keeps them.
    """
    offered: dict[str, dict[str, str | float]] = {}
    for metric_id in metric_ids:
        value = newest.get(metric_id)
        last = recorded.get(metric_id)
        if value is not None and (last is None or value.as_of > last):
            offered[metric_id] = {
                "value": value.value, "as_of": value.as_of.isoformat(), "source": value.source
            }  # fmt: skip
    return offered


def follow_rename(home: Home, old_slug: str, new_slug: str) -> None:
    """A renamed rep's kept metric values follow them (`coach rep rename`): every kept file's rows
    of ``old_slug`` are given ``new_slug``; nothing else in the files changes."""
    from coachcli.csv_table import decode
    from coachcli.errors import CoachError
    from coachcli.fsys import atomic_write

    folder = metrics_dir(home)
    if old_slug == new_slug or not folder.is_dir():
        return
    for path in sorted(p for p in folder.iterdir() if p.suffix == KEPT_SUFFIX and p.is_file()):
        try:
            rows = list(csv.reader(io.StringIO(decode(path.read_bytes(), path), newline="")))
        except (OSError, CoachError, csv.Error):
            continue  # unreadable: read_kept warns about it wherever it is read
        if not rows or "rep_slug" not in rows[0]:
            continue
        at = rows[0].index("rep_slug")
        moved = [[new_slug if i == at and c.strip() == old_slug else c for i, c in enumerate(row)]
                 for row in rows]  # fmt: skip
        if moved != rows:
            out = io.StringIO(newline="")
            csv.writer(out).writerows(moved)
            atomic_write(path, out.getvalue())
