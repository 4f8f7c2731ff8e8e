"""A rep's kept pipeline snapshots, read back: ``<home>/imports/pipeline/<rep-slug>/<as-of>.csv``.

A placeholder reading the pinned file format (issue 14, part 2), so that the
pipeline arithmetic can be built and tested end to end; the importer's own
module, which also writes these files, replaces it. Standard library only.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from coachcli.home import Home
from coachcli.imports import imports_dir
from coachcli.pipeline_model import FORECASTS, STATUSES, Deal, Forecast, Snapshot, Status

_COLUMNS = (
    "deal_id,deal,stage,stage_id,status,amount,close_date,next_step,next_step_date,"
    "last_activity,forecast,rep,source,imported_on"
).split(",")


def snapshots(home: Home, rep_slug: str) -> tuple[list[Snapshot], list[str]]:
    """The rep's snapshots, oldest first, and a warning per file or row that could not be read."""
    folder = imports_dir(home) / "pipeline" / rep_slug
    found: list[Snapshot] = []
    warnings: list[str] = []
    if not folder.is_dir():
        return found, warnings
    for path in sorted(folder.glob("*.csv")):
        try:
            as_of = date.fromisoformat(path.stem)
            text = path.read_text(encoding="utf-8-sig")
        except (ValueError, OSError) as exc:
            warnings.append(f"{path}: skipped ({exc})")
            continue
        reader = csv.reader(io.StringIO(text, newline=""))
        if next(reader, None) != _COLUMNS:
            warnings.append(f"{path}: line 1: skipped, not the header of a kept snapshot")
            continue
        deals: list[Deal] = []
        rep = source = ""
        for row in reader:
            line = reader.line_num
            try:
                if len(row) != len(_COLUMNS):
                    raise ValueError(f"{len(row)} fields, expected {len(_COLUMNS)}")
                cell = dict(zip(_COLUMNS, row, strict=True))
                if cell["status"] not in STATUSES or cell["forecast"] not in FORECASTS:
                    raise ValueError(f"status {cell['status']!r}, forecast {cell['forecast']!r}")
                amount = float(cell["amount"])
                if amount != amount or amount in (float("inf"), float("-inf")):
                    raise ValueError(f"amount {cell['amount']!r}")
                status: Status = cell["status"]
                forecast: Forecast = cell["forecast"]
                deals.append(
                    Deal(
                        deal_id=cell["deal_id"],
                        name=cell["deal"],
                        stage=cell["stage"],
                        stage_id=cell["stage_id"],
                        status=status,
                        amount=amount,
                        close_date=_day(cell["close_date"]),
                        next_step=cell["next_step"],
                        next_step_date=_day(cell["next_step_date"]),
                        last_activity=_day(cell["last_activity"]),
                        forecast=forecast,
                    )
                )
                rep, source = rep or cell["rep"], source or cell["source"]
            except ValueError as exc:
                warnings.append(f"{path}: line {line}: skipped ({exc})")
        found.append(Snapshot(rep_slug, rep, as_of, source, tuple(deals)))
    return found, warnings


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None
