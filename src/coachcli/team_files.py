"""The files a manager publishes to a team remote (format 1): their columns, written and read.

A team remote holds, per manager, ``managers/<slug>/`` with ``manager.toml``,
``sessions.csv``, ``reps.csv``, ``actions.csv`` and ``shared/<rep>/<note>``
(docs/team-remote.md). This module is the format: each file's columns are
defined once, here, and both the writer (:mod:`coachcli.team_publish`) and
the reader (:func:`read_published`, for the leader's side) use them.

Everything is written so that the same records give the same bytes: UTF-8,
``\\n`` line ends, rows sorted, numbers by :func:`coachcli.imports.format_value`,
dates ISO. The reader is tolerant: a row it cannot read is left out with a
warning naming the file and its line, and a column it does not know is
ignored (a newer coachcli may add some).
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Final, TypeVar

from coachcli.imports import format_value as _format_value
from coachcli.layout import slugify
from coachcli.records import OWNERS, STATUSES, ChangeStatus, Owner

FORMAT: Final = 1
BRANCH: Final = "main"
"""The branch a team remote's publications are pushed to (and read from, whatever the remote's
HEAD names)."""
MANAGERS_DIR: Final = "managers"
"""The team remote's folder of managers: ``managers/<slug>/``."""
MANAGER_FILE: Final = "manager.toml"
SESSIONS_FILE: Final = "sessions.csv"
REPS_FILE: Final = "reps.csv"
ACTIONS_FILE: Final = "actions.csv"
SHARED_DIR: Final = "shared"
"""``shared/<rep-slug>/<note file name>``: a note's shared parts as `coach share` renders them."""

SESSION_COLUMNS: Final = (
    "note", "date", "rep_slug", "rep", "framework", "kind", "minutes", "coaching_minutes",
    "performance_minutes", "neutral_minutes", "estimated", "ratings", "metrics", "kept", "missed",
)  # fmt: skip
REP_COLUMNS: Final = ("rep_slug", "rep", "cadence_days", "archived", "start_date")
ACTION_COLUMNS: Final = ("id", "rep_slug", "owner", "created", "due", "status", "closed")
KINDS: Final = ("coaching", "performance", "mixed")


format_value = functools.lru_cache(maxsize=4096)(_format_value)
"""A number as written (:func:`coachcli.imports.format_value`); the same few values recur in
every row, so each is worked out once."""


def manager_slug(name: str) -> str:
    """The folder a manager publishes into: their name as a slug (``Morgan Lee``: ``morgan-lee``),
    by the rule of a rep's folder name (:func:`coachcli.layout.slugify`)."""
    return slugify(name)


def shared_path(rep_slug: str, note: str) -> str:
    """Where a note's shared parts go, relative to the manager's folder."""
    return f"{SHARED_DIR}/{rep_slug}/{note}"


# --------------------------------------------------------------------------- the records


@dataclass(frozen=True, slots=True)
class ManagerCard:
    """``manager.toml``: who publishes, and the settings the leader measures them against."""

    name: str
    slug: str
    coaching_target: float
    """The share of 1:1 minutes meant for coaching, 0 to 1."""
    cadence_days: int
    """Days between 1:1s, for a rep without a cadence of their own."""
    published: date
    format: int = FORMAT


@dataclass(frozen=True, slots=True)
class SessionLine:
    """One row of ``sessions.csv``: one 1:1, as figures (never what was said)."""

    note: str
    date: date
    rep_slug: str
    rep: str
    framework: str
    kind: str
    minutes: int
    coaching_minutes: float
    performance_minutes: float
    neutral_minutes: float
    estimated: bool
    ratings: Mapping[str, int] = field(default_factory=dict)
    metrics: Mapping[str, float] = field(default_factory=dict)
    kept: int = 0
    missed: int = 0

    def key(self) -> tuple[str, str, str]:
        return (self.date.isoformat(), self.rep_slug, self.note)

    def cells(self) -> list[str]:
        return [
            self.note, self.date.isoformat(), self.rep_slug, self.rep, self.framework, self.kind,
            str(self.minutes), format_value(self.coaching_minutes),
            format_value(self.performance_minutes), format_value(self.neutral_minutes),
            _flag(self.estimated), _pairs({k: float(v) for k, v in self.ratings.items()}),
            _pairs(self.metrics), str(self.kept), str(self.missed),
        ]  # fmt: skip


@dataclass(frozen=True, slots=True)
class RepLine:
    """One row of ``reps.csv``: a rep folder (never the profile's notes)."""

    rep_slug: str
    rep: str
    cadence_days: int | None
    """The rep's own cadence; None: the manager's ``cadence_days`` applies."""
    archived: bool
    start_date: date | None

    def key(self) -> tuple[str]:
        return (self.rep_slug,)

    def cells(self) -> list[str]:
        cadence = "" if self.cadence_days is None else str(self.cadence_days)
        start = self.start_date.isoformat() if self.start_date else ""
        return [self.rep_slug, self.rep, cadence, _flag(self.archived), start]


@dataclass(frozen=True, slots=True)
class ActionLine:
    """One row of ``actions.csv``: an action item's dates and status, never its text."""

    id: str
    rep_slug: str
    owner: Owner
    created: date
    due: date
    status: ChangeStatus
    closed: date | None

    def key(self) -> tuple[str, str]:
        return (self.rep_slug, self.id)

    def cells(self) -> list[str]:
        closed = self.closed.isoformat() if self.closed else ""
        return [self.id, self.rep_slug, self.owner, self.created.isoformat(),
                self.due.isoformat(), self.status, closed]  # fmt: skip


# --------------------------------------------------------------------------- writing


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _pairs(values: Mapping[str, float]) -> str:
    """``discovery=3;objection-handling=2``: sorted by id; "" when none."""
    return ";".join(f"{k}={format_value(v)}" for k, v in sorted(values.items()))


def csv_bytes(columns: Sequence[str], rows: Iterable[SessionLine | RepLine | ActionLine]) -> bytes:
    """A file's bytes: the header, then the rows in the order of their keys."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in sorted(rows, key=lambda r: r.key()):
        writer.writerow(row.cells())
    return out.getvalue().encode("utf-8")


def manager_toml(card: ManagerCard) -> bytes:
    """``manager.toml``'s bytes, its keys in the documented order."""
    import tomli_w

    data = {
        "format": card.format,
        "name": card.name,
        "slug": card.slug,
        "coaching_target": card.coaching_target,
        "cadence_days": card.cadence_days,
        "published": card.published.isoformat(),
    }
    return tomli_w.dumps(data).encode("utf-8")


# --------------------------------------------------------------------------- reading


@dataclass
class Published:
    """What one manager's folder holds, as far as it could be read."""

    manager: ManagerCard | None = None
    """None when ``manager.toml`` is missing or cannot be read (a warning says why)."""
    folder: Path | None = None
    """The folder read (``managers/<slug>/``)."""
    sessions: list[SessionLine] = field(default_factory=list)
    reps: list[RepLine] = field(default_factory=list)
    actions: list[ActionLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """One line per file or row left out: ``<path>, line N: what is wrong``."""


class _Bad(ValueError):
    """A cell that cannot be read: the message names its column."""


_T = TypeVar("_T")


def _day(column: str, text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _Bad(f"{column}: {text!r} is not a date (YYYY-MM-DD)") from None


def _maybe_day(column: str, text: str) -> date | None:
    return _day(column, text) if text else None


def _int(column: str, text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise _Bad(f"{column}: {text!r} is not a whole number") from None


def _number(column: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise _Bad(f"{column}: {text!r} is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise _Bad(f"{column}: {text!r} is not a number")
    return value


def _bool(column: str, text: str) -> bool:
    if text not in ("0", "1"):
        raise _Bad(f"{column}: {text!r} is neither 1 nor 0")
    return text == "1"


def _word(column: str, text: str, allowed: Sequence[str]) -> str:
    if text not in allowed:
        raise _Bad(f"{column}: {text!r} is not one of {', '.join(allowed)}")
    return text


def _read_pairs(column: str, text: str, value: Callable[[str, str], _T]) -> dict[str, _T]:
    found: dict[str, _T] = {}
    for pair in filter(None, text.split(";")):
        key, sep, raw = pair.partition("=")
        if not sep or not key.strip():
            raise _Bad(f"{column}: {pair!r} is not id=value")
        found[key.strip()] = value(column, raw.strip())
    return found


_FINITE = (float("inf"), float("-inf"))


def _session(cell: Mapping[str, str]) -> SessionLine:
    """A row as written (the common case), read without a check per cell; anything else goes
    through the checks, which say what is wrong (:func:`_checked_session`)."""
    try:
        kind, estimated = cell["kind"], cell["estimated"]
        minutes = [float(cell[c]) for c in _MINUTES]
        if (
            kind in KINDS
            and estimated in ("0", "1")
            and all(m == m and m not in _FINITE for m in minutes)
        ):
            return SessionLine(
                note=cell["note"], date=date.fromisoformat(cell["date"]),
                rep_slug=cell["rep_slug"], rep=cell["rep"], framework=cell["framework"],
                kind=kind, minutes=int(cell["minutes"]), coaching_minutes=minutes[0],
                performance_minutes=minutes[1], neutral_minutes=minutes[2],
                estimated=estimated == "1",
                ratings=_read_pairs("ratings", cell["ratings"], _int) if cell["ratings"] else {},
                metrics=_read_pairs("metrics", cell["metrics"], _number)
                if cell["metrics"] else {},
                kept=int(cell["kept"]), missed=int(cell["missed"]),
            )  # fmt: skip
    except ValueError:
        pass
    return _checked_session(cell)


_MINUTES = ("coaching_minutes", "performance_minutes", "neutral_minutes")


def _checked_session(cell: Mapping[str, str]) -> SessionLine:
    return SessionLine(
        note=cell["note"], date=_day("date", cell["date"]), rep_slug=cell["rep_slug"],
        rep=cell["rep"], framework=cell["framework"], kind=_word("kind", cell["kind"], KINDS),
        minutes=_int("minutes", cell["minutes"]),
        coaching_minutes=_number("coaching_minutes", cell["coaching_minutes"]),
        performance_minutes=_number("performance_minutes", cell["performance_minutes"]),
        neutral_minutes=_number("neutral_minutes", cell["neutral_minutes"]),
        estimated=_bool("estimated", cell["estimated"]),
        ratings=_read_pairs("ratings", cell["ratings"], _int),
        metrics=_read_pairs("metrics", cell["metrics"], _number),
        kept=_int("kept", cell["kept"]), missed=_int("missed", cell["missed"]),
    )  # fmt: skip


def _rep(cell: Mapping[str, str]) -> RepLine:
    cadence = cell["cadence_days"]
    return RepLine(
        rep_slug=cell["rep_slug"], rep=cell["rep"],
        cadence_days=_int("cadence_days", cadence) if cadence else None,
        archived=_bool("archived", cell["archived"]),
        start_date=_maybe_day("start_date", cell["start_date"]),
    )  # fmt: skip


_OWNER: Mapping[str, Owner] = {o: o for o in OWNERS}
_STATUS: Mapping[str, ChangeStatus] = {s: s for s in STATUSES}


def _action(cell: Mapping[str, str]) -> ActionLine:
    return ActionLine(
        id=cell["id"], rep_slug=cell["rep_slug"],
        owner=_OWNER[_word("owner", cell["owner"], OWNERS)],
        created=_day("created", cell["created"]), due=_day("due", cell["due"]),
        status=_STATUS[_word("status", cell["status"], STATUSES)],
        closed=_maybe_day("closed", cell["closed"]),
    )  # fmt: skip


def _read_csv(
    path: Path, columns: Sequence[str], row: Callable[[Mapping[str, str]], _T],
    warnings: list[str], wanted: tuple[str, str] | None = None,
) -> list[_T]:  # fmt: skip
    """The rows of one CSV file that can be read; a warning per file or row that cannot.

    ``wanted`` = (column, value): only the rows with that value in that column are read (the
    others are skipped before any cell is checked)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        warnings.append(f"{path}: missing.")
        return []
    except OSError as exc:
        warnings.append(f"{path}: cannot be read ({exc.strerror}).")
        return []
    except UnicodeDecodeError:
        warnings.append(f"{path}: not UTF-8 text.")
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        warnings.append(f"{path}, line 1: {exc}.")
        return []
    missing = [c for c in columns if header is None or c not in header]
    if header is None or missing:
        warnings.append(f"{path}, line 1: the header lacks {', '.join(missing)}.")
        return []
    where = [header.index(c) for c in columns]
    pick = (header.index(wanted[0]), wanted[1]) if wanted else None
    width = len(header)
    found = []
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader, None)
        except csv.Error as exc:
            warnings.append(f"{path}, line {line}: {exc}.")
            break
        if cells is None:
            break
        if not any(cells):
            continue
        try:
            if len(cells) < width:
                raise _Bad(f"{len(cells)} cells where the header has {width}")
            if pick is not None and cells[pick[0]].strip() != pick[1]:
                continue
            found.append(row(dict(zip(columns, [cells[i].strip() for i in where], strict=True))))
        except _Bad as exc:
            warnings.append(f"{path}, line {line}: {exc}; row left out.")
    return found


def _read_card(path: Path, warnings: list[str]) -> ManagerCard | None:
    import tomllib

    try:
        data: dict[str, Any] = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except FileNotFoundError:
        warnings.append(f"{path}: missing.")
        return None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        warnings.append(f"{path}: cannot be read ({exc}).")
        return None
    try:
        published = data["published"]
        if not isinstance(published, date):
            published = _day("published", str(published))
        target = data["coaching_target"]
        cadence = data["cadence_days"]
        if isinstance(target, bool) or not isinstance(target, int | float):
            raise _Bad(f"coaching_target: {target!r} is not a number")
        if isinstance(cadence, bool) or not isinstance(cadence, int):
            raise _Bad(f"cadence_days: {cadence!r} is not a whole number")
        return ManagerCard(
            name=str(data["name"]), slug=str(data.get("slug", path.parent.name)),
            coaching_target=float(target), cadence_days=cadence, published=published,
            format=int(data.get("format", FORMAT)),
        )  # fmt: skip
    except KeyError as exc:
        warnings.append(f"{path}: {exc.args[0]} is missing.")
    except (_Bad, TypeError, ValueError) as exc:
        warnings.append(f"{path}: {exc}.")
    return None


def read_published(folder: Path, open_actions_only: bool = False) -> Published:
    """The records of one manager's folder (``managers/<slug>/`` of a team remote's clone).

    Tolerant: a missing or broken file, or a row that cannot be read, is a
    warning naming the file (and line) and is left out; the rest is read.
    ``open_actions_only``: the action items still open, the others not read
    (`coach team` counts the closed ones through the sessions' kept and missed).
    """
    warnings: list[str] = []
    return Published(
        folder=folder,
        manager=_read_card(folder / MANAGER_FILE, warnings),
        sessions=_read_csv(folder / SESSIONS_FILE, SESSION_COLUMNS, _session, warnings),
        reps=_read_csv(folder / REPS_FILE, REP_COLUMNS, _rep, warnings),
        actions=_read_csv(
            folder / ACTIONS_FILE,
            ACTION_COLUMNS,
            _action,
            warnings,
            ("status", "open") if open_actions_only else None,
        ),
        warnings=warnings,
    )


def manager_folders(root: Path) -> list[Path]:
    """The manager folders of a team remote's clone or folder (``managers/*/``), by name."""
    try:
        return sorted(
            p for p in (root / MANAGERS_DIR).iterdir() if p.is_dir() and not p.name.startswith(".")
        )
    except OSError:
        return []
