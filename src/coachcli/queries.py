"""The read commands' questions, answered: a home and options in, results out.

Each function here is what one command calls: it finds the rep, loads the
notes through the index (:mod:`coachcli.index`), the frameworks' metric
targets and the settings it needs, and hands them to :mod:`coachcli.analytics`.
Nothing here prints; warnings about unreadable files come back with the result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from coachcli import analytics
from coachcli.errors import CoachError
from coachcli.home import Home
from coachcli.records import ActionChange, Corpus
from coachcli.reps import Rep, get_rep, list_reps, rep_dir
from coachcli.wording import start_command

Progress = Callable[[int, int], None]


@dataclass
class Result:
    """Warnings (one line per file that could not be read) and rep names by folder."""

    warnings: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)

    def name(self, slug: str) -> str:
        return self.names.get(slug, slug)


def _corpus(home: Home, rep: Rep | None, progress: Progress | None) -> Corpus:
    from coachcli.index import load_corpus

    return load_corpus(home, rep.slug if rep else None, progress=progress)


def _frameworks(home: Home) -> tuple[analytics.Targets, dict[str, str]]:
    """Metric targets and {framework id: kind} of every usable framework."""
    from coachcli.loader import discover

    frameworks = [s.framework for s in discover(home) if s.framework is not None]
    return analytics.metric_targets(frameworks), {f.id: f.kind for f in frameworks}


def _names(home: Home, warnings: list[str]) -> dict[str, str]:
    listing = list_reps(home)
    warnings.extend(listing.warnings)
    return {rep.slug: rep.name for rep in listing.reps}


# --------------------------------------------------------------------------- history


@dataclass
class HistoryView(Result):
    rep: Rep | None = None
    history: analytics.History | None = None


def rep_history(
    home: Home,
    rep_ref: str,
    today: date,
    *,
    since: date | None = None,
    until: date | None = None,
    framework: str | None = None,
    kind: str | None = None,
    last: int | None = None,
    progress: Progress | None = None,
) -> HistoryView:
    """A rep's sessions over time with trends, commitments kept and balance."""
    rep = get_rep(home, rep_ref)
    corpus = _corpus(home, rep, progress)
    targets, _ = _frameworks(home)
    found = analytics.history(
        corpus, today, since=since, until=until, framework=framework, kind=kind, last=last,
        targets=targets,
    )  # fmt: skip
    return HistoryView(warnings=corpus.warnings, names={rep.slug: rep.name}, rep=rep, history=found)


# --------------------------------------------------------------------------- show


@dataclass
class NoteChoice:
    rep: Rep
    path: Path
    position: int
    """1 = the newest note."""
    total: int
    same_day: list[Path] = field(default_factory=list)
    """Other notes of the same date (when chosen by date)."""


def pick_note(home: Home, rep_ref: str, which: str | None) -> NoteChoice:
    """One note of a rep: the newest (None or "last"), the Nth newest, or a date's."""
    rep = get_rep(home, rep_ref)
    notes = _corpus(home, rep, None).notes  # newest first
    if not notes:
        raise CoachError(
            f"{rep.name} has no notes yet.", hint=f"Start one with: {start_command(rep.name)}"
        )
    total = len(notes)
    text = (which or "last").strip().casefold()
    if text in ("last", "latest", "newest"):
        return NoteChoice(rep, notes[0].path, 1, total)
    if text.isdigit():
        number = int(text)
        if not 1 <= number <= total:
            raise CoachError(
                f"{rep.name} has {total} notes; {number} is not one of them.",
                hint="1 is the newest note; `coach history` lists them.",
            )
        return NoteChoice(rep, notes[number - 1].path, number, total)
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise CoachError(
            f"Cannot read {which!r} as a note.",
            hint="Give a date (2026-11-27), a number (1 = newest) or nothing for the newest.",
        ) from None
    on_day = [(i, n) for i, n in enumerate(notes, start=1) if n.date == day]
    if not on_day:
        nearest = min(notes, key=lambda n: abs((n.date - day).days)).date
        raise CoachError(
            f"{rep.name} has no note on {day.isoformat()}.",
            hint=f"The nearest is {nearest.isoformat()}; `coach history` lists them all.",
        )
    position, note = on_day[0]
    return NoteChoice(rep, note.path, position, total, [n.path for _, n in on_day[1:]])


# --------------------------------------------------------------------------- reps


@dataclass
class RepsView(Result):
    rows: list[analytics.RepRow] = field(default_factory=list)


def reps_view(
    home: Home, today: date, *, include_archived: bool = False, progress: Progress | None = None
) -> RepsView:
    """Every rep: last session, next 1:1 due, actions, coaching share; most overdue first."""
    from coachcli.config import load_config

    config = load_config(home)
    listing = list_reps(home)
    corpus = _corpus(home, None, progress)
    rows = analytics.reps_overview(
        corpus, listing.reps, config.cadence_days, today, include_archived=include_archived
    )
    return RepsView(warnings=[*listing.warnings, *corpus.warnings], rows=rows)


# --------------------------------------------------------------------------- actions


@dataclass
class ActionsView(Result):
    actions: list[analytics.ActionState] = field(default_factory=list)


def actions_view(
    home: Home,
    today: date,
    rep_ref: str | None = None,
    *,
    overdue: bool = False,
    owner: str | None = None,
    include_closed: bool = False,
    progress: Progress | None = None,
) -> ActionsView:
    """Open (or all) action items, for one rep or every rep, soonest due first."""
    rep = get_rep(home, rep_ref) if rep_ref else None
    corpus = _corpus(home, rep, progress)
    states = analytics.action_states(corpus, today)
    chosen = [
        s
        for s in states
        if (include_closed or s.status == "open")
        and (not overdue or s.overdue)
        and (owner is None or s.owner == owner)
    ]
    warnings = list(corpus.warnings)
    names = {rep.slug: rep.name} if rep else _names(home, warnings)
    return ActionsView(warnings=warnings, names=names, actions=chosen)


def set_action_status(
    home: Home,
    ref: str,
    status: Literal["done", "dropped", "open"],
    today: date,
    comment: str = "",
) -> analytics.ActionState:
    """Record a status change for one action (a full id or a unique prefix); return its new state.

    The note that agreed the action is not touched: the change goes to the
    rep's ``actions.toml`` (see :mod:`coachcli.actions_log`).
    """
    from coachcli.actions_log import append_change
    from coachcli.reps import find_rep

    corpus = _corpus(home, None, None)
    state = analytics.find_action(corpus, ref, today)
    if state.status == status:
        word = {"done": "done", "dropped": "dropped", "open": "open"}[status]
        raise CoachError(f"Action {state.id} is already {word}: {state.text}")
    rep = find_rep(home, state.rep_slug)
    folder = rep_dir(home, rep) if rep is not None else home.reps_dir / state.rep_slug
    append_change(folder, ActionChange(state.id, state.rep_slug, status, today, comment.strip()))
    updated = analytics.find_action(_corpus(home, rep, None), state.id, today)
    return updated


# --------------------------------------------------------------------------- balance


@dataclass
class BalanceView(Result):
    balance: analytics.Balance | None = None


def balance_view(
    home: Home,
    today: date,
    rep_ref: str | None = None,
    *,
    since: date | None = None,
    progress: Progress | None = None,
) -> BalanceView:
    """Coaching vs performance per rep and for the team, against the target, with suggestions."""
    from coachcli.config import load_config

    config = load_config(home)
    rep = get_rep(home, rep_ref) if rep_ref else None
    corpus = _corpus(home, rep, progress)
    targets, available = _frameworks(home)
    found = analytics.balance(
        corpus, today, config.coaching_target, since=since,
        rep_slug=rep.slug if rep else None, targets=targets, available=available,
    )  # fmt: skip
    warnings = list(corpus.warnings)
    names = {rep.slug: rep.name} if rep else _names(home, warnings)
    return BalanceView(warnings=warnings, names=names, balance=found)


# --------------------------------------------------------------------------- search


@dataclass
class SearchView(Result):
    hits: list[object] = field(default_factory=list)


def search_view(
    home: Home, text: str, rep_ref: str | None = None, *, since: date | None = None
) -> SearchView:
    """Notes matching every word and "quoted phrase" of ``text``, by rep and date."""
    from coachcli.index import search

    rep = get_rep(home, rep_ref) if rep_ref else None
    hits = search(home, text, rep.slug if rep else None, since)
    warnings: list[str] = []
    names = {rep.slug: rep.name} if rep else _names(home, warnings)
    return SearchView(warnings=warnings, names=names, hits=list(hits))
