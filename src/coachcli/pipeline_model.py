"""The records of a pipeline snapshot: a rep's deals as one CRM export gave them on one day.

`coach import pipeline` (issue 14, part 2) turns a deal-level export into
:class:`Snapshot` records kept as plain files under
``<home>/imports/pipeline/``; the pipeline arithmetic (coverage, slipped
close dates, stage aging, stalled deals, forecast error) reads successive
snapshots of a rep. This module holds only the records and the closed words
they use, so that the importer, the kept files and the arithmetic agree on one
definition. Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

Status = Literal["open", "won", "lost"]
"""Where a deal stands: open, or closed won or lost (from its stage's definition)."""

STATUSES: tuple[Status, ...] = ("open", "won", "lost")

Forecast = Literal["commit", "best-case", "pipeline", "omitted", ""]
"""The rep's forecast category of a deal, in the framework library's words (issue 15;
docs/frameworks.md, "Forecast categories"): commit = the rep would be surprised to lose
it this period (85% or more likely); best case = could close this period if things go
right (50–85%); pipeline = open, with a close date this period, but not yet likely to
close in it (under 50%); omitted = not expected this period, or left out of the
forecast; "" = the export does not say. The built-in frameworks offer the four as the
options Commit, Best case, Pipeline, Omitted."""

FORECASTS: tuple[Forecast, ...] = ("commit", "best-case", "pipeline", "omitted", "")


@dataclass(frozen=True)
class Deal:
    """One deal in one snapshot."""

    deal_id: str
    """The CRM's id of the deal; where the export has none, the slug of its name (the key that
    follows a deal from one snapshot to the next)."""
    name: str
    stage: str
    """The stage as the CRM names it."""
    stage_id: str
    """The shared stage definition it maps to ('' when the stage is mapped to none)."""
    status: Status
    amount: float
    """In the export's currency, as a number (no thousands)."""
    close_date: date | None
    next_step: str = ""
    next_step_date: date | None = None
    last_activity: date | None = None
    forecast: Forecast = ""


@dataclass(frozen=True)
class Snapshot:
    """A rep's deals as one export gave them, as of one day."""

    rep_slug: str
    rep: str
    """The rep's name when imported (the slug is the key)."""
    as_of: date
    source: str
    """The name of the export it came from."""
    deals: tuple[Deal, ...]
