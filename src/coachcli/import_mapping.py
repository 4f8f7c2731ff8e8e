"""``<home>/imports/mapping.toml``: how the columns of CRM exports map to metric ids, kept after an
import so the next export of the same report needs no options.

Beside the imported files rather than in ``config.toml``: it is about the
exports (their column names, their reps' ids), grows with every report, and
``coach config`` keeps one value per key. A person may edit it; mistakes are
reported with the line they are on. Its shape::

    [columns]                        # any export
    "Win Rate %" = "win-rate"

    [reps]                           # a CRM's id or email for a rep -> the rep's name
    "005Dn000001" = "Alex Kim"

    [stages]                         # a CRM's stage names -> stage ids (coach import pipeline)
    "Needs Analysis" = "discover"

    [forecast]                       # a CRM's forecast categories -> coach's (pipeline)
    "Upside" = "best-case"

    [files."win-rates-*.csv"]        # exports whose file name matches (as a shell would)
    rep_column = "Opportunity Owner"
    date_column = "Report Date"
    date_format = "MM/DD/YYYY"
    columns = { "Coverage" = "pipeline-coverage" }

    [files."opportunities-*.csv"]    # a deal export: its columns' roles
    deal_columns = { "Opportunity Name" = "deal", "Amount (converted)" = "amount" }
"""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from coachcli.errors import CoachError, did_you_mean
from coachcli.home import Home
from coachcli.pipeline_model import Forecast
from coachcli.tomlfile import Problem, TomlFileError

MAPPING_FILE = "mapping.toml"

DealRole = Literal["deal", "deal-id", "rep", "stage", "amount", "close-date", "next-step",
                   "next-step-date", "last-activity", "forecast"]  # fmt: skip
"""What a column of a deal export holds (`coach import pipeline`)."""
DEAL_ROLES: tuple[DealRole, ...] = get_args(DealRole)


class MappingError(TomlFileError):
    what = "import mapping"
    hint_text = "Fix the line it names by hand (`coach import metrics --help` shows the shape)."


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class FileRule(_Strict):
    """What one report's exports need: its columns, which column names the rep, which the date."""

    columns: dict[str, str] = Field(default_factory=dict)
    rep_column: str | None = None
    date_column: str | None = None
    date_format: str | None = None
    deal_columns: dict[str, DealRole] = Field(default_factory=dict)


class Mapping(_Strict):
    columns: dict[str, str] = Field(default_factory=dict)
    reps: dict[str, str] = Field(default_factory=dict)
    stages: dict[str, str] = Field(default_factory=dict)
    forecast: dict[str, Forecast] = Field(default_factory=dict)
    files: dict[str, FileRule] = Field(default_factory=dict)

    def rule_for(self, file_name: str) -> tuple[str | None, FileRule]:
        """The first ``files`` pattern ``file_name`` matches (casefolded) and its rule."""
        for pattern, rule in self.files.items():
            if fnmatch.fnmatchcase(file_name.casefold(), pattern.casefold()):
                return pattern, rule
        return None, FileRule()


def mapping_path(home: Home) -> Path:
    from coachcli.imports import imports_dir

    return imports_dir(home) / MAPPING_FILE


def pattern_for(file_name: str) -> str:
    """The pattern an export's later files will match: its digits (dates, counters) as ``*``."""
    return re.sub(r"\d[\d._-]*\d|\d", "*", file_name)


def load_mapping(
    home: Home, metric_ids: set[str] | None, stage_ids: set[str] | None = None
) -> Mapping:
    """The mapping in ``home`` (empty when there is none); MappingError naming each bad line,
    a metric id no framework defines (unless ``metric_ids`` is None) or a stage id the stage
    library lacks (when ``stage_ids`` is given) among them, with the closest one."""
    from coachcli.tomlmodel import read_model
    from coachcli.tomlpos import key_lines, line_of

    path = mapping_path(home)
    if not path.is_file():
        return Mapping()
    mapping = read_model(path, Mapping, MappingError)
    where = [(("columns", c), m) for c, m in mapping.columns.items()] + [
        (("files", p, "columns", c), m)
        for p, rule in mapping.files.items()
        for c, m in rule.columns.items()
    ]
    unknown = [
        (key, value, "no framework has a metric", metric_ids)
        for key, value in where
        if metric_ids is not None and value not in metric_ids
    ] + [
        (("stages", name), value, "the stage library has no stage", stage_ids)
        for name, value in mapping.stages.items()
        if stage_ids is not None and value not in stage_ids
    ]
    if unknown:
        lines = key_lines(path.read_text(encoding="utf-8"))
        problems = []
        for key, value, what, known in unknown:
            close = did_you_mean(value, sorted(known or ()))
            message = f"{what} {value!r}" + (f"; did you mean {close!r}?" if close else ".")
            problems.append(Problem(message, ".".join(key), line_of(lines, key)))
        raise MappingError(path, problems)
    return mapping


def remember(
    home: Home,
    mapping: Mapping,
    file_name: str,
    columns: dict[str, str],
    rep_column: str | None,
    date_column: str | None,
    date_format: str | None,
    deal_columns: dict[str, DealRole] | None = None,
    stages: dict[str, str] | None = None,
) -> Path | None:
    """Keep what an import was told (``--map``, the columns, the date format) for the exports named
    like ``file_name``, and the stage names (``--stage``) for every export; return the file when
    it changed, None when it already said so.

    A file that is there is changed in place (:func:`coachcli.tomlkeep.merged`): what a person
    wrote in it, comments and blank lines included, stays as it was. Only a layout those edits
    cannot follow, or a file that no longer reads as the mapping, is written again whole."""
    from coachcli.fsys import atomic_write

    pattern, rule = mapping.rule_for(file_name)
    merged = FileRule(
        columns={**rule.columns, **columns},
        rep_column=rep_column or rule.rep_column,
        date_column=date_column or rule.date_column,
        date_format=date_format or rule.date_format,
        deal_columns={**rule.deal_columns, **(deal_columns or {})},
    )
    named = {**mapping.stages, **(stages or {})}
    if merged == rule and named == mapping.stages:
        return None
    files = dict(mapping.files)
    if merged != rule:
        files[pattern or pattern_for(file_name)] = merged
    updated = mapping.model_copy(update={"files": files, "stages": named})
    path = mapping_path(home)
    atomic_write(path, _saved_text(path, updated))
    return path


def _saved_text(path: Path, updated: Mapping) -> str:
    """The mapping file's new text: the file as it is with what changed written in, else (none
    yet, or a layout that cannot be kept) the whole mapping under a comment saying what it is."""
    import tomli_w

    from coachcli.tomlkeep import merged

    wanted = updated.model_dump(exclude_none=True, exclude_defaults=True)
    try:  # bytes: its line ends stay as they are; a Windows editor's BOM stays too
        raw = path.read_bytes()
        bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
        text: str | None = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        text = None
    kept = merged(text, wanted) if text is not None else None
    if kept is not None and _reads_as(kept, updated):
        return bom + kept
    header = (
        "# How CRM exports' columns map to metric ids and deal columns, and CRM stage names to\n"
        "# stage ids: `coach import metrics --help`, `coach import pipeline --help`.\n"
    )
    return header + tomli_w.dumps(wanted)


def _reads_as(text: str, mapping: Mapping) -> bool:
    """Whether ``text`` holds ``mapping``, as :func:`load_mapping` reads it."""
    import tomllib

    from pydantic import ValidationError

    try:
        return Mapping.model_validate(tomllib.loads(text)) == mapping
    except (tomllib.TOMLDecodeError, ValidationError):
        return False


def mapped_metric(text: str, metric_ids: set[str]) -> tuple[str, str]:
    """``COLUMN=metric`` (as ``--map`` takes it) as a pair; CoachError for an unknown metric."""
    column, equals, metric = text.rpartition("=")
    column, metric = " ".join(column.split()), metric.strip()
    if not equals or not column or not metric:
        raise CoachError(
            f"--map {text!r} is not COLUMN=metric.",
            hint='Give the column\'s header and a metric id, e.g. --map "Win Rate %=win-rate".',
        )
    if metric not in metric_ids:
        close = did_you_mean(metric, sorted(metric_ids))
        raise CoachError(
            f"--map {text!r}: no framework has a metric {metric!r}."
            + (f" Did you mean {close!r}?" if close else ""),
            hint="`coach frameworks show ID` lists a framework's metrics.",
        )
    return column, metric
