"""`coach import pipeline`'s question answered: a CRM's deal export read as one snapshot per rep,
its stages mapped to the shared stage definitions, kept (:mod:`coachcli.pipeline_store`).

A column's role (deal, rep, stage, amount, dates…) comes from ``--map``, the
mapping kept for exports of that name, or a header CRMs use (:data:`HEADERS`).
Reps are matched as for metrics (:mod:`coachcli.crm_export`), never created. A
CRM stage maps to a stage id by ``--stage``, the mapping's ``[stages]``, or a
name that is the stage's id or name; an unmapped stage is reported with the
closest stage and its deals kept with ``stage_id = ""`` (status from the words
"won" or "lost" in its name, else open). Forecast categories are read in the
words CRMs use (:data:`FORECAST_WORDS`) or the mapping's ``[forecast]``. A bad
cell is reported with its file, line and column: a row without a deal name, a
rep, or with an amount that is not a number is left out; a date or forecast
category that cannot be read is left empty and the deal kept.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from coachcli.crm_export import REP_HEADERS, RepMatcher, UnknownRep, file_day, find_column
from coachcli.csv_table import Table, column_letter, parse_date, parse_number
from coachcli.errors import CoachError, did_you_mean
from coachcli.home import Home
from coachcli.import_mapping import DEAL_ROLES, DealRole, Mapping
from coachcli.layout import slugify
from coachcli.names import name_key, quote
from coachcli.pipeline_model import Deal, Forecast, Snapshot, Status
from coachcli.stages import StageLibrary

# fmt: off
HEADERS: dict[DealRole, tuple[str, ...]] = {
    "deal": ("deal name", "opportunity name", "deal", "opportunity", "name", "deal title"),
    "deal-id": ("deal id", "opportunity id", "record id", "opportunity id (18)", "id"),
    "rep": tuple(h for h in REP_HEADERS if h != "name"),  # "Name" is the deal's in a deal export
    "stage": ("stage", "deal stage", "opportunity stage", "sales stage", "pipeline stage"),
    "amount": ("amount", "deal amount", "opportunity amount", "amount (converted)", "value",
               "deal value", "amount in company currency", "acv", "arr"),
    "close-date": ("close date", "expected close date", "closing date", "close"),
    "next-step": ("next step", "next steps"),
    "next-step-date": ("next step date", "next step due date", "next activity date"),
    "last-activity": ("last activity", "last activity date", "last contacted"),
    "forecast": ("forecast category", "forecast category name", "forecast"),
}
# fmt: on
"""The headers CRMs give each role (compared without case), most likely first."""
REQUIRED: tuple[DealRole, ...] = ("deal", "rep", "stage", "amount")

FORECAST_WORDS: dict[str, Forecast] = {
    "commit": "commit", "committed": "commit", "closed": "commit", "closed won": "commit",
    "best case": "best-case", "best-case": "best-case", "bestcase": "best-case",
    "upside": "best-case", "most likely": "best-case", "probable": "best-case",
    "pipeline": "pipeline", "pipe": "pipeline", "open": "pipeline",
    "omitted": "omitted", "omit": "omitted", "not forecasted": "omitted",
    "closed lost": "omitted", "excluded": "omitted",
}  # fmt: skip
"""A CRM's forecast category (casefolded) as coach's (Salesforce, HubSpot, Clari and the like):
"Closed" counts in the commit, a lost deal is omitted, "Most likely" is a best case (commit
is "would be surprised to lose it")."""
_CURRENCY = re.compile(r"^(?:[A-Z]{3}|[$€£¥₹])\s*|\s*(?:[A-Z]{3}|[$€£¥₹])$")


@dataclass(frozen=True)
class PipelineRequest:
    """What `coach import pipeline` was asked: the file and its options."""

    path: Path
    maps: tuple[str, ...] = ()
    stage_maps: tuple[str, ...] = ()
    rep_column: str | None = None
    as_of: date | None = None
    date_format: str | None = None
    dry_run: bool = False
    strict: bool = False


@dataclass(frozen=True)
class UnmappedStage:
    """A CRM stage mapped to no stage id: its lines, and the closest stage id."""

    name: str
    lines: list[int]
    maybe: str | None


@dataclass
class PipelineResult:
    """What an import found and did; ``outcome``: written, unchanged, dry-run, strict, nothing."""

    source: str
    as_of: date
    snapshots: list[Snapshot]
    columns: dict[str, str]
    ignored: list[str]
    unknown_reps: list[UnknownRep]
    unmapped_stages: list[UnmappedStage]
    problems: list[str]
    outcome: str = "nothing"
    kept: list[Path] = field(default_factory=list)
    changed: list[Path] = field(default_factory=list)
    mapping_saved: Path | None = None


def mapped_role(text: str) -> tuple[str, DealRole]:
    """``COLUMN=role`` (as ``--map`` takes it) as a pair; CoachError for an unknown role."""
    column, equals, role = text.rpartition("=")
    column, role = " ".join(column.split()), role.strip()
    if not equals or not column or not role:
        raise CoachError(
            f"--map {text!r} is not COLUMN=role.",
            hint='Give the column\'s header and its role, e.g. --map "Opportunity Name=deal".',
        )
    for known in DEAL_ROLES:
        if known == role:
            return column, known
    close = did_you_mean(role, DEAL_ROLES)
    raise CoachError(
        f"--map {text!r}: {role!r} is not a column of a deal export."
        + (f" Did you mean {close!r}?" if close else ""),
        hint=f"The roles: {', '.join(DEAL_ROLES)}.",
    )


def mapped_stage(text: str, library: StageLibrary) -> tuple[str, str]:
    """``CRM STAGE=stage-id`` (as ``--stage`` takes it) as a pair; CoachError for an unknown id."""
    name, equals, stage_id = text.rpartition("=")
    name, stage_id = " ".join(name.split()), stage_id.strip()
    if not equals or not name or not stage_id:
        raise CoachError(
            f"--stage {text!r} is not CRM-STAGE=stage-id.",
            hint="Give the stage as the CRM names it and a stage id, e.g. "
            '--stage "Needs Analysis=discover".',
        )
    ids = [s.id for s in library.ordered()]
    if stage_id not in ids:
        close = did_you_mean(stage_id, ids)
        raise CoachError(
            f"--stage {text!r}: the stage library has no stage {stage_id!r}."
            + (f" Did you mean {close!r}?" if close else ""),
            hint=f"Its stages: {', '.join(ids)} (`coach frameworks validate` checks it).",
        )
    return name, stage_id


def _roles(table: Table, given: dict[str, DealRole], flags: set[str]) -> dict[DealRole, int]:
    """Which column holds each role: given ones first (a flag's column must exist), then the
    headers CRMs use; CoachError for a required role no column holds."""
    found: dict[DealRole, int] = {}
    keys = [name_key(h) for h in table.header]
    for column, role in given.items():
        index = find_column(table, column, "--map") if column in flags else (
            keys.index(name_key(column)) if name_key(column) in keys else None
        )  # fmt: skip
        if index is not None and index not in found.values():
            found[role] = index
    for role, headers in HEADERS.items():
        if role not in found:
            index = next((keys.index(h) for h in headers if h in keys), None)
            if index is not None and index not in found.values():
                found[role] = index
    missing = [r for r in REQUIRED if r not in found]
    if missing:
        raise CoachError(
            f"{table.name}: no column holds the {', '.join(missing)} of each deal.",
            hint=f'Name it with --map, e.g. --map "Opportunity Name={missing[0]}". '
            f"Its columns: {', '.join(quote(h) for h in table.header)}.",
        )
    return found


class _Stages:
    """CRM stage names mapped to the library's stages: given, kept, or by the stage's id or name."""

    def __init__(self, library: StageLibrary, named: dict[str, str]) -> None:
        self.by_id = library.by_id()
        self.named = {name_key(k): v for k, v in named.items()}
        for stage in library.stages:
            self.named.setdefault(name_key(stage.id), stage.id)
            self.named.setdefault(name_key(stage.name), stage.id)

    def stage(self, crm: str) -> tuple[str, Status]:
        """The stage id and status of a CRM stage ('' and a guess from its words when unmapped)."""
        stage_id = self.named.get(name_key(crm), "")
        if stage_id:
            return stage_id, self.by_id[stage_id].status
        words = set(re.findall(r"[a-z]+", crm.casefold()))
        return "", "won" if "won" in words else "lost" if "lost" in words else "open"

    def maybe(self, crm: str) -> str | None:
        """The stage id closest to a CRM stage: the one whose name's words it holds
        ("Proposal/Price Quote": propose), else the one spelled most alike."""
        words = set(re.findall(r"\w+", crm.casefold()))
        holding = [s.id for s in self.by_id.values()
                   if set(re.findall(r"\w+", s.name.casefold())) <= words]  # fmt: skip
        if len(holding) == 1:
            return holding[0]
        names = {s.name: s.id for s in self.by_id.values()}
        close = did_you_mean(crm, [*names, *self.by_id])
        return names.get(close, close) if close else None


def _amount(cell: str, decimal: str) -> float:
    text = _CURRENCY.sub("", cell.strip()).strip()
    number = parse_number(text, decimal) if text else 0.0
    if not math.isfinite(number):
        raise ValueError("is not a finite number")
    if number < 0:
        raise ValueError("is below 0 (a deal's amount cannot be negative)")
    return number


def import_pipeline(home: Home, request: PipelineRequest, today: date) -> PipelineResult:
    """Read an export's deals as a snapshot per rep; keep them unless a dry run (or ``strict``
    with a problem, an unknown rep or an unmapped stage)."""
    from coachcli import import_mapping, pipeline_store
    from coachcli.csv_table import date_format, read_table
    from coachcli.stages import library_path, read_library

    library = read_library(library_path(home))  # a broken one: StageLibraryError, located
    flags = dict(mapped_role(m) for m in request.maps)
    if request.rep_column:
        flags[" ".join(request.rep_column.split())] = "rep"
    stage_flags = dict(mapped_stage(s, library) for s in request.stage_maps)
    fmt = date_format(request.date_format) if request.date_format else None
    mapping: Mapping = import_mapping.load_mapping(home, None, {s.id for s in library.stages})
    table = read_table(request.path)
    _, rule = mapping.rule_for(request.path.name)
    fmt = fmt or (date_format(rule.date_format) if rule.date_format else None)
    given: dict[str, DealRole] = {**rule.deal_columns, **flags}
    if rule.rep_column and "rep" not in given.values():
        given[rule.rep_column] = "rep"
    roles = _roles(table, given, set(flags))
    stages = _Stages(library, {**mapping.stages, **stage_flags})
    forecasts = {**FORECAST_WORDS, **{name_key(k): v for k, v in mapping.forecast.items()}}
    as_of = request.as_of or file_day(request.path)
    matcher = RepMatcher(home, mapping.reps)
    problems: list[str] = []
    unknown: dict[str, list[int]] = {}
    unmapped: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    deals: dict[str, dict[str, Deal]] = {}

    def where(line: int, role: DealRole) -> str:
        index = roles[role]
        return f"{table.name}, line {line}, column {column_letter(index)} ({table.header[index]})"

    for row in table.rows:
        cells = row.cells + [""] * (len(table.header) - len(row.cells))
        if any(c.strip() for c in cells[len(table.header) :]):
            problems.append(f"{table.name}, line {row.line}: {len(row.cells)} cells but the "
                            f"header has {len(table.header)}; the row is left out.")  # fmt: skip
            continue

        def cell(role: DealRole) -> str:
            return cells[roles[role]].strip() if role in roles else ""  # noqa: B023

        typed = " ".join(cell("rep").split())
        if not typed:
            problems.append(f"{where(row.line, 'rep')}: no rep; the row is left out.")
            continue
        rep = matcher.match(typed)
        if rep is None:
            unknown.setdefault(typed, []).append(row.line)
            continue
        if not cell("deal"):
            problems.append(f"{where(row.line, 'deal')}: no deal name; the row is left out.")
            continue
        try:
            amount = _amount(cell("amount"), table.decimal)
        except ValueError as exc:
            problems.append(f"{where(row.line, 'amount')}: {quote(cell('amount'))} {exc}; "
                            "the row is left out.")  # fmt: skip
            continue
        days: dict[DealRole, date | None] = {}
        for role in ("close-date", "next-step-date", "last-activity"):
            days[role] = None
            if cell(role):
                try:
                    days[role] = parse_date(cell(role), fmt)
                except ValueError as exc:
                    problems.append(f"{where(row.line, role)}: {quote(cell(role))} — {exc}; "
                                    "left empty.")  # fmt: skip
        forecast: Forecast = ""
        if cell("forecast"):
            known = forecasts.get(name_key(cell("forecast")))
            if known is None:
                problems.append(
                    f"{where(row.line, 'forecast')}: {quote(cell('forecast'))} is not a forecast "
                    "category (commit, best case, pipeline, omitted); left empty."
                )
            forecast = known or ""
        crm_stage = " ".join(cell("stage").split())
        stage_id, status = stages.stage(crm_stage)
        if not stage_id:
            unmapped.setdefault(crm_stage, []).append(row.line)
        deal = Deal(
            deal_id=cell("deal-id") or slugify(cell("deal")), name=cell("deal"), stage=crm_stage,
            stage_id=stage_id, status=status, amount=amount, close_date=days["close-date"],
            next_step=cell("next-step"), next_step_date=days["next-step-date"],
            last_activity=days["last-activity"], forecast=forecast,
        )  # fmt: skip
        held = deals.setdefault(rep[0], {})
        if deal.deal_id in held:
            if held[deal.deal_id] != deal:
                problems.append(f"{where(row.line, 'deal-id' if 'deal-id' in roles else 'deal')}: "
                                f"{rep[1]}'s deal {quote(deal.deal_id)} is on an earlier line "
                                "too; this one is left out.")  # fmt: skip
            continue
        held[deal.deal_id] = deal
        names[rep[0]] = rep[1]
    result = PipelineResult(
        table.name, as_of,
        [Snapshot(slug, names[slug], as_of, table.name, tuple(d.values()))
         for slug, d in sorted(deals.items())],
        {table.header[i]: r for r, i in sorted(roles.items(), key=lambda x: x[1])},
        [h for i, h in enumerate(table.header) if i not in roles.values()],
        [UnknownRep(n, lines, matcher.maybe(n)) for n, lines in unknown.items()],
        [UnmappedStage(n, lines, stages.maybe(n) if n else None) for n, lines in unmapped.items()],
        problems,
    )  # fmt: skip
    if request.dry_run:
        result.outcome = "dry-run"
    elif request.strict and (problems or unknown or unmapped):
        result.outcome = "strict"
    elif result.snapshots:
        from coachcli.fsys import home_writing

        with home_writing(home.root):  # not while coach sync pulls
            for snapshot in result.snapshots:
                path, changed = pipeline_store.keep(home, snapshot, today)
                result.kept.append(path)
                if changed:
                    result.changed.append(path)
            result.outcome = "written" if result.changed else "unchanged"
            result.mapping_saved = import_mapping.remember(
                home, mapping, request.path.name, {}, None, None, request.date_format,
                deal_columns=flags, stages=stage_flags,
            )  # fmt: skip
    return result
