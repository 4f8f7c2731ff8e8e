"""Pipeline snapshots kept as plain files: a rep's deals as one CRM export gave them on one day,
``<home>/imports/pipeline/<rep-slug>/<YYYY-MM-DD>.csv``.

One file per rep and day (the day the snapshot is as of): comma-separated,
UTF-8, the header :data:`COLUMNS`, a deal per row, dates ISO or empty, the
amount as :func:`coachcli.imports.format_value` writes it. Files are 0600 in
0700 folders, written atomically (:mod:`coachcli.fsys`). A spreadsheet opens
one, a person may edit it, and deleting it removes that snapshot; a row a hand
edit broke is left out with a warning naming the file and line. A second
import for the same rep and day replaces the file (the newer export is the
truth of that day); the same deals again leave it untouched. Standard library
only.
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import re
from datetime import date
from pathlib import Path

from coachcli.home import Home
from coachcli.pipeline_model import FORECASTS, STATUSES, Deal, Forecast, Snapshot, Status

COLUMNS = (
    "deal_id", "deal", "stage", "stage_id", "status", "amount", "close_date", "next_step",
    "next_step_date", "last_activity", "forecast", "rep", "source", "imported_on",
)  # fmt: skip
"""The kept file's header, in this order."""
REQUIRED = ("deal", "status", "amount")
"""Without these columns a file holds no snapshot a reader could trust."""
_DAY_FILE = re.compile(r"(\d{4}-\d{2}-\d{2})\.csv")


def pipeline_dir(home: Home) -> Path:
    from coachcli.imports import imports_dir

    return imports_dir(home) / "pipeline"


def snapshot_path(home: Home, rep_slug: str, as_of: date) -> Path:
    """Where a rep's snapshot as of ``as_of`` is kept (``rep_slug`` checked: no way out)."""
    from coachcli.layout import slugify

    if slugify(rep_slug) != rep_slug:
        raise ValueError(f"not a rep's slug: {rep_slug!r}")
    return pipeline_dir(home) / rep_slug / f"{as_of.isoformat()}.csv"


def _day(value: date | None) -> str:
    return value.isoformat() if value is not None else ""


def to_csv(snapshot: Snapshot, imported_on: date) -> str:
    """The kept file's text: the header, then the snapshot's deals in their order."""
    from coachcli.imports import format_value

    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for d in snapshot.deals:
        writer.writerow(
            [d.deal_id, d.name, d.stage, d.stage_id, d.status, format_value(d.amount),
             _day(d.close_date), d.next_step, _day(d.next_step_date), _day(d.last_activity),
             d.forecast, snapshot.rep, snapshot.source, imported_on.isoformat()]
        )  # fmt: skip
    return out.getvalue()


def _key(deal: Deal) -> tuple[str, ...]:
    """A deal as comparable text (an amount of 0 and of 0.0 are the same)."""
    return tuple(str(v) for v in {**vars(deal), "amount": float(deal.amount)}.values())


def keep(home: Home, snapshot: Snapshot, imported_on: date) -> tuple[Path, bool]:
    """Write ``snapshot`` to its file; return it and whether it changed.

    A file that already holds the same deals (in any order, imported on any
    day) for the same rep name and export is left as it is, so importing the
    same export again changes nothing; one that holds others is replaced.
    """
    from coachcli.fsys import atomic_write

    path = snapshot_path(home, snapshot.rep_slug, snapshot.as_of)
    if path.is_file():
        kept, warnings = read_snapshot(path, snapshot.rep_slug)
        same = (
            kept is not None
            and not warnings
            and sorted(map(_key, kept.deals)) == sorted(map(_key, snapshot.deals))
            # the rep's name and the export are kept in each row: none to compare without one
            and (not kept.deals or (kept.rep, kept.source) == (snapshot.rep, snapshot.source))
        )
        if same:
            return path, False
    atomic_write(path, to_csv(snapshot, imported_on))
    return path, True


def read_snapshot(path: Path, rep_slug: str) -> tuple[Snapshot | None, list[str]]:
    """One kept file as a :class:`Snapshot` (None when its name or header makes it none), and a
    warning for each row that cannot be read.

    Tolerant of a hand-edited file: a byte-order mark, semicolons, columns in
    another order or added ones, an amount with a decimal comma, words in
    other capitals.
    """
    from coachcli.csv_table import decode, parse_text
    from coachcli.errors import CoachError

    named = _DAY_FILE.fullmatch(path.name)
    try:
        as_of = date.fromisoformat(named.group(1)) if named else None
    except ValueError:
        as_of = None
    if as_of is None:
        return None, [f"{path}: not a snapshot's name (YYYY-MM-DD.csv); it is left out."]
    try:
        table = parse_text(decode(path.read_bytes(), path), path.name)
    except (OSError, CoachError) as exc:
        return None, [f"{path}: {getattr(exc, 'message', None) or exc}; it is left out."]
    where = {name.strip().casefold(): i for i, name in enumerate(table.header)}
    missing = [c for c in REQUIRED if c not in where]
    if missing:
        return None, [f"{path}, line 1: no column {', '.join(missing)}; it is left out."]
    deals: list[Deal] = []
    warnings: list[str] = []
    rep, source = "", ""
    for row in table.rows:
        cells = {c: row.cells[i].strip() if i < len(row.cells) else "" for c, i in where.items()}
        cell = {c: cells.get(c, "") for c in COLUMNS}
        try:
            deal = _deal(cell, table.decimal)
        except ValueError as exc:
            warnings.append(f"{path}, line {row.line}: {exc}; the deal is left out.")
            continue
        deals.append(deal)
        rep, source = rep or cell["rep"], source or cell["source"]
    return Snapshot(rep_slug, rep or rep_slug, as_of, source, tuple(deals)), warnings


def _deal(cell: dict[str, str], decimal: str) -> Deal:
    """One kept row as a Deal; ValueError saying what is wrong."""
    from coachcli.csv_table import parse_number
    from coachcli.layout import slugify

    if not cell["deal"]:
        raise ValueError("deal is empty")
    status = cell["status"].casefold()
    if status not in STATUSES:
        raise ValueError(f"status {cell['status']!r} is not one of {', '.join(STATUSES)}")
    forecast = cell["forecast"].casefold().replace(" ", "-")
    if forecast not in FORECASTS:
        raise ValueError(
            f"forecast {cell['forecast']!r} is not one of {', '.join(f for f in FORECASTS if f)}"
        )
    try:
        amount = parse_number(cell["amount"], decimal) if cell["amount"] else 0.0
    except ValueError as exc:
        raise ValueError(f"amount {cell['amount']!r} {exc}") from None
    if not math.isfinite(amount):
        raise ValueError(f"amount {cell['amount']!r} is not a finite number")
    days: dict[str, date | None] = {}
    for name in ("close_date", "next_step_date", "last_activity"):
        try:
            days[name] = date.fromisoformat(cell[name]) if cell[name] else None
        except ValueError:
            raise ValueError(f"{name} {cell[name]!r} is not a date like 2026-11-28") from None
    checked_status: Status = STATUSES[STATUSES.index(status)]
    checked_forecast: Forecast = FORECASTS[FORECASTS.index(forecast)]
    return Deal(
        deal_id=cell["deal_id"] or slugify(cell["deal"]), name=cell["deal"], stage=cell["stage"],
        stage_id=cell["stage_id"], status=checked_status, amount=amount,
        close_date=days["close_date"], next_step=cell["next_step"],
        next_step_date=days["next_step_date"], last_activity=days["last_activity"],
        forecast=checked_forecast,
    )  # fmt: skip


def snapshots(home: Home, rep_slug: str) -> tuple[list[Snapshot], list[str]]:
    """Every kept snapshot of the rep, oldest first, and the warnings of files or rows that could
    not be read (each naming the file, and the line for a row)."""
    folder = pipeline_dir(home) / rep_slug
    try:
        paths = sorted(p for p in folder.iterdir() if p.suffix == ".csv" and p.is_file())
    except OSError:
        return [], []
    found: list[Snapshot] = []
    warnings: list[str] = []
    for path in paths:
        snapshot, problems = read_snapshot(path, rep_slug)
        warnings.extend(problems)
        if snapshot is not None:
            found.append(snapshot)
    return sorted(found, key=lambda s: s.as_of), warnings


def all_snapshots(home: Home) -> tuple[dict[str, list[Snapshot]], list[str]]:
    """Every rep's kept snapshots (by rep slug, each oldest first), and the warnings."""
    try:
        folders = sorted(p.name for p in pipeline_dir(home).iterdir() if p.is_dir())
    except OSError:
        return {}, []
    found: dict[str, list[Snapshot]] = {}
    warnings: list[str] = []
    for slug in folders:
        kept, problems = snapshots(home, slug)
        warnings.extend(problems)
        if kept:
            found[slug] = kept
    return found, warnings


def follow_rename(home: Home, old_slug: str, new_slug: str) -> None:
    """A renamed rep's snapshots move with their folder (`coach rep rename`).

    The rep's snapshot folder is renamed; where the new name already has one
    (a rename back and forth), each snapshot moves unless a file of that day
    is already there, which is kept: nothing is overwritten.
    """
    source, target = pipeline_dir(home) / old_slug, pipeline_dir(home) / new_slug
    if old_slug == new_slug or not source.is_dir():
        return
    if not target.exists():
        source.rename(target)
        return
    for path in sorted(source.iterdir()):
        if not (target / path.name).exists():
            path.rename(target / path.name)
    with contextlib.suppress(OSError):  # left behind only if it still holds a clash
        source.rmdir()
