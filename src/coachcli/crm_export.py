"""What every CRM export's import shares: a column found by its header, the rep a name in the
export means (matched, never created, the closest one suggested), the day the file was saved.

Used by `coach import metrics` (:mod:`coachcli.metric_import`) and `coach import
pipeline` (:mod:`coachcli.pipeline_import`), so both match reps by one rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from coachcli.csv_table import Table
from coachcli.errors import CoachError, did_you_mean
from coachcli.home import Home
from coachcli.layout import slugify
from coachcli.names import name_key, quote

REP_HEADERS = ("rep", "rep name", "sales rep", "owner", "opportunity owner", "deal owner",
               "account owner", "owner name", "user", "full name", "name", "email")  # fmt: skip
"""Headers that name the rep, most likely first."""


@dataclass(frozen=True)
class UnknownRep:
    """A name in an export that matches no rep: its lines, and the closest rep if one is close."""

    name: str
    lines: list[int]
    maybe: str | None


def find_column(table: Table, name: str, option: str) -> int:
    """The index of the column named ``name`` (as ``option`` gave it); CoachError with the
    closest header."""
    keys = [name_key(h) for h in table.header]
    if name_key(name) in keys:
        return keys.index(name_key(name))
    close = did_you_mean(name, table.header)
    raise CoachError(
        f"{table.name} has no column {quote(name)} ({option})."
        + (f" Did you mean {quote(close)}?" if close else ""),
        hint=f"Its columns: {', '.join(quote(h) for h in table.header)}.",
    )


def file_day(path: Path) -> date:
    """The day the export was saved (its modification time): what its values are as of."""
    return datetime.fromtimestamp(path.stat().st_mtime).date()


class RepMatcher:
    """Rep names (or mapped ids) in an export matched to reps: (slug, name), or None."""

    def __init__(self, home: Home, aliases: dict[str, str]) -> None:
        from coachcli.reps import list_reps

        self.home = home
        self.reps = list_reps(home).reps
        self.aliases = {name_key(k): v for k, v in aliases.items()}

    def match(self, typed: str) -> tuple[str, str] | None:
        """The rep of the same name (:func:`name_key`), else of that folder or former name, else
        the one rep whose name is the same without accents and punctuation (CRMs drop them)."""
        named = self.aliases.get(name_key(typed), typed)
        key = name_key(named)
        for rep in self.reps:
            if name_key(rep.name) == key or rep.slug == named:
                return rep.slug, rep.name
        former = [r for r in self.reps if any(name_key(n) == key for n in r.former_names)]
        if len(former) == 1:
            return former[0].slug, former[0].name
        bare = [r for r in self.reps if slugify(r.name) == slugify(named)]
        return (bare[0].slug, bare[0].name) if len(bare) == 1 else None

    def maybe(self, typed: str) -> str | None:
        from coachcli.reps import matching_reps

        found = matching_reps(self.home, typed)
        return found[0].name if len(found) == 1 else None
