"""A manager's team publication read back: ``managers/<slug>/`` in a team remote, as pinned.

The layout (docs/team.md, "What a manager publishes") is written by the
manager's `coach sync` and read here by the leader's `coach team`. Its
column definitions live here, once. The reader is tolerant: a row that
cannot be read is left out with a warning naming the file and the line, a
missing or broken ``manager.toml`` is a warning and the manager's figures
are still read; only the files a publication holds are read, never a note.
Standard library only.
"""

from __future__ import annotations

import csv
import functools
import io
import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Final

FORMAT: Final = 1
"""The version of the layout this reader knows (``format`` in ``manager.toml``)."""
MANAGERS_DIR: Final = "managers"
MANAGER_FILE: Final = "manager.toml"
SESSIONS_FILE: Final = "sessions.csv"
REPS_FILE: Final = "reps.csv"
ACTIONS_FILE: Final = "actions.csv"
SHARED_DIR: Final = "shared"

SESSIONS_COLUMNS: Final = (
    "note",
    "date",
    "rep_slug",
    "rep",
    "framework",
    "kind",
    "minutes",
    "coaching_minutes",
    "performance_minutes",
    "neutral_minutes",
    "estimated",
    "ratings",
    "metrics",
    "kept",
    "missed",
)
REPS_COLUMNS: Final = ("rep_slug", "rep", "cadence_days", "archived", "start_date")
ACTIONS_COLUMNS: Final = ("id", "rep_slug", "owner", "created", "due", "status", "closed")
KINDS: Final = ("coaching", "performance", "mixed")
OWNERS: Final = ("rep", "manager")
STATUSES: Final = ("open", "done", "dropped")


@dataclass(frozen=True)
class Manager:
    """``manager.toml``: who published, their target and cadence (None: not said)."""

    slug: str
    name: str
    coaching_target: float | None = None
    cadence_days: int | None = None
    published: date | None = None


@dataclass(slots=True)
class PublishedSession:
    """A row of ``sessions.csv``: one session's aggregates, never what was said.

    (The rows are not frozen, for speed: a frozen one costs twice as much to build.)
    """

    note: str
    date: date
    rep_slug: str
    rep: str
    framework: str
    kind: str
    minutes: float
    coaching_minutes: float
    performance_minutes: float
    neutral_minutes: float
    estimated: bool
    ratings: dict[str, float]
    metrics: dict[str, float]
    kept: int
    missed: int


@dataclass(slots=True)
class PublishedRep:
    """A row of ``reps.csv``."""

    rep_slug: str
    rep: str
    cadence_days: int | None
    archived: bool
    start_date: date | None


@dataclass(slots=True)
class PublishedAction:
    """A row of ``actions.csv``: an action item's dates and status, never its text."""

    id: str
    rep_slug: str
    owner: str
    created: date
    due: date
    status: str
    closed: date | None


@dataclass
class Published:
    """One manager's publication as read; ``warnings`` name the file and line of each problem."""

    folder: Path
    manager: Manager
    sessions: list[PublishedSession] = field(default_factory=list)
    """In the file's order (by date, rep, note)."""
    reps: list[PublishedRep] = field(default_factory=list)
    actions: list[PublishedAction] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def manager_folders(root: Path) -> list[Path]:
    """The manager folders of a team remote or folder (``managers/*/``), by name."""
    base = root / MANAGERS_DIR
    try:
        return sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith("."))
    except OSError:
        return []


def read_published(folder: Path) -> Published:
    """The publication in ``folder`` (``managers/<slug>/``): never raises for what is in it."""
    warnings: list[str] = []
    found = Published(folder, _manager(folder, warnings), warnings=warnings)
    found.sessions = list(
        _rows(folder / SESSIONS_FILE, SESSIONS_COLUMNS, SESSIONS_READERS, _session, warnings)
    )
    found.reps = list(_rows(folder / REPS_FILE, REPS_COLUMNS, REPS_READERS, _rep, warnings))
    found.actions = list(
        _rows(folder / ACTIONS_FILE, ACTIONS_COLUMNS, ACTIONS_READERS, _action, warnings)
    )
    return found


# --------------------------------------------------------------------------- manager.toml


def _manager(folder: Path, warnings: list[str]) -> Manager:
    import tomllib

    path = folder / MANAGER_FILE
    plain = Manager(folder.name, folder.name)
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        warnings.append(f"{path}: missing; the folder's name stands for the manager")
        return plain
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        warnings.append(f"{path}: cannot be read ({exc}); the folder's name stands for the manager")
        return plain
    said: dict[str, Any] = {}
    for key, check in _MANAGER_KEYS.items():
        if key not in data:
            continue
        try:
            said[key] = check(data[key])
        except (TypeError, ValueError) as exc:
            line = _line_of_key(path, key)
            warnings.append(f"{path}: line {line}, {key}: {exc}; left out")
    if data.get("format", FORMAT) != FORMAT:
        warnings.append(f"{path}: format {data['format']!r}, this coach reads format {FORMAT}")
    return Manager(
        slug=folder.name,
        name=said.get("name") or folder.name,
        coaching_target=said.get("coaching_target"),
        cadence_days=said.get("cadence_days"),
        published=said.get("published"),
    )


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {value!r}")
    return value.strip()


def _share(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ValueError(f"expected a share from 0 to 1, got {value!r}")
    return float(value)


def _days(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"expected a whole number of days, 1 or more, got {value!r}")
    return value


def _day(value: object) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return _iso(value)
    raise TypeError(f"expected a date, got {value!r}")


_MANAGER_KEYS: dict[str, Callable[[object], Any]] = {
    "name": _text,
    "coaching_target": _share,
    "cadence_days": _days,
    "published": _day,
}


def _line_of_key(path: Path, key: str) -> int | str:
    from coachcli.tomlpos import key_lines

    try:
        return key_lines(path.read_text("utf-8")).get((key,), "?")
    except (OSError, UnicodeDecodeError):
        return "?"


# --------------------------------------------------------------------------- the CSV files

Reader = Callable[[str], Any]


def _rows(
    path: Path,
    columns: tuple[str, ...],
    readers: tuple[Reader, ...],
    make: Callable[[tuple[str, ...]], Any],
    warnings: list[str],
) -> Iterator[Any]:
    """Each row of ``path`` (its cells in the order of ``columns``) read by ``make``; a row it
    cannot read is a warning naming the line and, by ``readers``, the column and why."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        warnings.append(f"{path}: missing; read as empty")
        return
    except (OSError, UnicodeDecodeError) as exc:
        warnings.append(f"{path}: cannot be read ({exc}); left out")
        return
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        warnings.append(f"{path}: line 1: {exc}; the file is left out")
        return
    if header is None:
        warnings.append(f"{path}: line 1: no header; read as empty")
        return
    index = {name.strip(): i for i, name in enumerate(header)}
    lacking = [c for c in columns if c not in index]
    if lacking:
        warnings.append(f"{path}: line 1: no column {', '.join(lacking)}; the file is left out")
        return
    order = [index[c] for c in columns]
    width = max(order) + 1
    pick = operator.itemgetter(*order)
    checks = tuple(zip(readers, columns, strict=True))
    while True:
        try:
            cells = next(reader, None)
        except csv.Error as exc:  # a quote never closed: the rest of the file is one cell
            warnings.append(f"{path}: line {reader.line_num}: {exc}; the rest is left out")
            return
        if cells is None:
            return
        if not cells:
            continue
        if len(cells) < width:
            warnings.append(
                f"{path}: line {reader.line_num}: {len(cells)} cells, expected {len(columns)}; "
                "the row is left out"
            )
            continue
        row = pick(cells)
        try:
            yield make(row)
        except ValueError:
            warnings.append(
                f"{path}: line {reader.line_num}: {_why(checks, row)}; the row is left out"
            )


def _why(checks: tuple[tuple[Reader, str], ...], row: tuple[str, ...]) -> str:
    """The first cell of ``row`` that cannot be read, and why."""
    for (read, column), cell in zip(checks, row, strict=False):
        try:
            read(cell)
        except ValueError as exc:
            return f"{column}: {exc}, got {cell!r}"
    return "cannot be read"  # pragma: no cover - some cell failed


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < _INFINITY:
        raise ValueError("expected a number, 0 or more")
    return value


_INFINITY: Final = float("inf")


def _count(text: str) -> int:
    if not text.isdigit():
        raise ValueError("expected a whole number, 0 or more")
    return int(text)


def _iso(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError("expected a date YYYY-MM-DD") from None


_FLAGS: Final = ("0", "1")


def _flag(text: str) -> bool:
    if text == "1":
        return True
    if text == "0":
        return False
    raise ValueError("expected 1 or 0")


def _one_of(choices: tuple[str, ...]) -> Reader:
    def check(text: str) -> str:
        if text not in choices:
            raise ValueError(f"expected {' or '.join(choices)}")
        return text

    return check


def _required(text: str) -> str:
    if not text.strip():
        raise ValueError("expected a value")
    return text


def _plain(text: str) -> str:
    return text.strip()


def _pairs(text: str) -> dict[str, float]:
    found: dict[str, float] = {}
    for pair in text.split(";") if text else ():
        key, sign, value = pair.partition("=")
        try:
            if not sign or not key:
                raise ValueError
            found[key] = float(value)
        except ValueError:
            raise ValueError("expected id=value pairs joined by ;") from None
    return found


def _maybe(read: Reader) -> Reader:
    return lambda text: read(text) if text else None


_kind, _owner, _status = _one_of(KINDS), _one_of(OWNERS), _one_of(STATUSES)
_maybe_count, _maybe_iso = _maybe(_count), _maybe(_iso)
SESSIONS_READERS: Final[tuple[Reader, ...]] = (
    _required,
    _iso,
    _required,
    _plain,
    _plain,
    _kind,
    _number,
    _number,
    _number,
    _number,
    _flag,
    _pairs,
    _pairs,
    _count,
    _count,
)
REPS_READERS: Final[tuple[Reader, ...]] = (_required, _plain, _maybe_count, _flag, _maybe_iso)
ACTIONS_READERS: Final[tuple[Reader, ...]] = (
    _required,
    _required,
    _owner,
    _iso,
    _iso,
    _status,
    _maybe_iso,
)


# The rows are read with the checks of the readers above inlined (a date parsed once per
# distinct day): a loop over the readers costs three times as much over 50 managers' files.
# A row that fails here is explained by the readers (`_why`); tests/test_team_files.py holds
# the two equal.


@functools.lru_cache(maxsize=4096)
def _day_of(text: str) -> date:
    return date.fromisoformat(text)


def _session(r: tuple[str, ...]) -> PublishedSession:
    note, day, slug, rep, framework, kind, m, c, p, n, estimated, ratings, metrics, k, x = r
    if not (
        note.strip()
        and slug.strip()
        and kind in KINDS
        and estimated in _FLAGS
        and k.isdigit()
        and x.isdigit()
    ):
        raise ValueError
    minutes = (float(m), float(c), float(p), float(n))
    for value in minutes:  # nan fails both comparisons
        if not 0 <= value < _INFINITY:
            raise ValueError
    return PublishedSession(
        note,
        _day_of(day),
        slug,
        rep.strip(),
        framework.strip(),
        kind,
        *minutes,
        estimated == "1",
        _pairs(ratings),
        _pairs(metrics),
        int(k),
        int(x),
    )


def _rep(r: tuple[str, ...]) -> PublishedRep:
    slug, rep, cadence, archived, start = r
    if not slug.strip() or archived not in _FLAGS:
        raise ValueError
    return PublishedRep(
        slug, rep.strip(), _maybe_count(cadence), archived == "1", _day_of(start) if start else None
    )


def _action(r: tuple[str, ...]) -> PublishedAction:
    action_id, slug, owner, created, due, status, closed = r
    if not (action_id.strip() and slug.strip() and owner in OWNERS and status in STATUSES):
        raise ValueError
    return PublishedAction(
        action_id,
        slug,
        owner,
        _day_of(created),
        _day_of(due),
        status,
        _day_of(closed) if closed else None,
    )
