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
from typing import Any, Literal

from coachcli import analytics
from coachcli.errors import CoachError, did_you_mean
from coachcli.home import Home
from coachcli.layout import is_note_name
from coachcli.prep import FrameworkFacts, framework_facts
from coachcli.records import ActionChange, Corpus, NoteRow
from coachcli.reps import Rep, any_rep_folder, get_rep, list_reps, rep_dir
from coachcli.view import Result
from coachcli.wording import number, plural, start_command

Progress = Callable[[int, int], None]


def _corpus(home: Home, rep: Rep | None, progress: Progress | None) -> Corpus:
    from coachcli.index import load_corpus

    return load_corpus(home, rep.slug if rep else None, progress=progress)


def _names(home: Home, warnings: list[str]) -> dict[str, str]:
    listing = list_reps(home)
    warnings.extend(listing.warnings)
    return {rep.slug: rep.name for rep in listing.reps}


# --------------------------------------------------------------------------- history


@dataclass
class HistoryView(Result):
    rep: Rep | None = None
    history: analytics.History | None = None

    def to_json(self) -> dict[str, Any]:
        """What `coach history --json` prints: the rep's name and folder, then the history."""
        assert self.rep is not None and self.history is not None
        return {"rep": self.rep.name, "slug": self.rep.slug, **self.history.to_json()}


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
    subject: str | None = None,
    progress: Progress | None = None,
) -> HistoryView:
    """A rep's sessions over time with trends, commitments kept and balance.

    ``subject`` keeps the sessions about that deal or account (and their actions).
    """
    rep = get_rep(home, rep_ref, begun=True)
    corpus = _corpus(home, rep, progress)
    facts = framework_facts(home)
    if framework is not None:
        _check_framework(framework, rep, corpus, facts.available)
    if subject is not None:
        from coachcli.subjects import corpus_about

        corpus = corpus_about(corpus, subject, rep.name)
    found = analytics.history(
        corpus, today, since=since, until=until, framework=framework, kind=kind, last=last,
        targets=facts.targets, glossary=facts.glossary,
    )  # fmt: skip
    warnings = list(corpus.warnings)
    if framework is None and kind is None and subject is None:  # imports belong to no session
        found = _with_imported(home, rep, found, (since, until, last), today, warnings, facts)
    return HistoryView(warnings=warnings, names={rep.slug: rep.name}, rep=rep, history=found)


def _with_imported(
    home: Home, rep: Rep, found: analytics.History,
    window: tuple[date | None, date | None, int | None], today: date,
    warnings: list[str], facts: FrameworkFacts,
) -> analytics.History:  # fmt: skip
    """``found`` with the rep's imported metric values in its series, in the same window: from
    ``since`` (with ``--last``: the first session kept) to ``until`` (or today)."""
    from dataclasses import replace

    from coachcli.imports import beside_sessions, metric_values

    kept = metric_values(home)
    warnings.extend(kept.warnings)
    since, until, last = window
    start = found.sessions[0].date if found.sessions and last is not None else since
    end = min(until or today, today)
    recorded = {t.id: [p.date for p in t.points] for t in found.metrics}
    extra: dict[str, list[analytics.Point]] = {}
    for value in beside_sessions(kept.values, rep.slug, recorded):
        if (start is None or value.as_of >= start) and value.as_of <= end:
            point = analytics.Point(value.as_of, value.value, value.source)
            extra.setdefault(value.metric, []).append(point)
    if not extra:
        return found
    metrics = analytics.with_points(found.metrics, extra, facts.targets, facts.glossary.metrics)
    return replace(found, metrics=metrics)


def _check_framework(framework: str, rep: Rep, corpus: Corpus, available: dict[str, str]) -> None:
    """A --framework filter that names no framework at all is a typo: say so."""
    used = {n.framework for n in corpus.notes}
    if framework in used or framework in available:
        return
    close = did_you_mean(framework, sorted(used | set(available)))
    raise CoachError(
        f"No framework {framework!r} among {rep.name}'s sessions or your frameworks."
        + (f" Did you mean {close!r}?" if close else ""),
        hint=f"{rep.name}'s sessions used: {', '.join(sorted(used)) or 'none yet'}.",
    )


# --------------------------------------------------------------------------- show


@dataclass
class NoteChoice:
    rep: Rep
    path: Path
    position: int
    """1 = the newest note; 0 for a note that cannot be read (chosen by its date)."""
    total: int
    same_day: list[Path] = field(default_factory=list)
    """Other notes of the same date (when chosen by date)."""
    warnings: list[str] = field(default_factory=list)
    """One line per note of the rep that cannot be read."""
    row: NoteRow | None = None
    """What the index holds of it (None for a note that cannot be read)."""

    @property
    def facts(self) -> str:
        """The deal, minutes, ratings and metrics, which the body does not repeat (properties)."""
        if self.row is None:
            return ""
        row = self.row
        parts = [f"about {row.subject}"] if row.subject else []
        parts.append(f"{number(row.duration_minutes)} min")
        split = [(row.coaching_minutes, "coaching"), (row.performance_minutes, "performance")]
        shown = [f"{number(m)} {kind}" for m, kind in split if m]
        if shown:
            parts[-1] += f" ({', '.join(shown)})"
        if row.ratings:
            parts.append("ratings: " + ", ".join(f"{k} {v}" for k, v in row.ratings.items()))
        if row.metrics:
            parts.append(
                "metrics: " + ", ".join(f"{k} {number(v)}" for k, v in row.metrics.items())
            )
        return " · ".join(parts)


def _unreadable(folder: Path, readable: set[Path]) -> list[Path]:
    """The note files in ``folder`` that the index could not read (broken by hand)."""
    try:
        names = sorted(p.name for p in folder.iterdir())
    except OSError:
        return []
    return [
        folder / name
        for name in names
        if is_note_name(name) and folder / name not in readable and (folder / name).is_file()
    ]


def note_json(choice: NoteChoice) -> dict[str, Any]:
    """What `coach show --json` prints: the chosen note read back (docs/json.md).

    Read with the note reader, so it is what the note says now, hand edits
    included; a note that cannot be read is an error naming its line.
    """
    from coachcli.fsys import read_bytes
    from coachcli.notes import from_markdown
    from coachcli.wording import json_minutes, json_value

    text = read_bytes(choice.path).decode("utf-8", errors="replace")  # as `coach show` does
    session = from_markdown(text, str(choice.path))
    # a note keeps minutes by kind, not by section: those are the ones given
    by_kind = {kind: sum(s.seconds for s in session.sections if s.kind == kind) / 60
               for kind in ("coaching", "performance", "neutral")}  # fmt: skip
    if choice.row is not None:
        row = choice.row
        by_kind = {"coaching": row.coaching_minutes, "performance": row.performance_minutes,
                   "neutral": row.neutral_minutes}  # fmt: skip
    data = session.model_dump(
        mode="json",
        exclude={"rep": True, "rep_slug": True, "metrics": True,
                 "sections": {"__all__": {"planned_minutes", "seconds"}},
                 "feedback": {"__all__": {"slots"}}},
    )  # fmt: skip
    return {
        "rep": session.rep, "slug": choice.rep.slug, "path": str(choice.path),
        "position": choice.position, "total": choice.total,
        "date": session.date.isoformat(), "minutes": session.duration_minutes,
        **{f"{kind}_minutes": json_minutes(m) for kind, m in by_kind.items()},
        **data, "metrics": {k: json_value(v) for k, v in session.metrics.items()},
    }  # fmt: skip


def pick_note(home: Home, rep_ref: str, which: str | None) -> NoteChoice:
    """One note of a rep: the newest (None or "last"), the Nth newest, or a date's.

    Numbers count the notes that can be read, as `coach history` lists them;
    a date also finds a note broken by hand (named by its file name's date),
    so that it can still be shown as it is.
    """
    rep = get_rep(home, rep_ref, begun=True)
    corpus = _corpus(home, rep, None)
    notes = corpus.notes  # newest first
    warnings = list(corpus.warnings)
    broken = _unreadable(rep_dir(home, rep), {n.path for n in notes})
    total = len(notes)
    text = (which or "last").strip().casefold()
    by_date = not (text in ("last", "latest", "newest") or text.isdigit())
    if not notes and not (by_date and broken):
        if broken:
            raise CoachError(
                f"No note of {rep.name} can be read ({len(broken)} cannot).",
                hint=f"Show one as it is with its date, e.g. coach show {rep.slug} "
                f"{broken[-1].name[:10]} --raw",
            )
        raise CoachError(
            f"{rep.name} has no notes yet.", hint=f"Start one with: {start_command(rep.name)}"
        )
    if text in ("last", "latest", "newest"):
        return NoteChoice(rep, notes[0].path, 1, total, warnings=warnings, row=notes[0])
    if text.isdigit():
        number = int(text)
        if not 1 <= number <= total:
            raise CoachError(
                f"{rep.name} has {plural(total, 'note')}; {number} is not one of them.",
                hint="1 is the newest note; `coach history` lists them.",
            )
        chosen = notes[number - 1]
        return NoteChoice(rep, chosen.path, number, total, warnings=warnings, row=chosen)
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise CoachError(
            f"Cannot read {which!r} as a note.",
            hint="Give a date (2026-11-27), a number (1 = newest) or nothing for the newest.",
        ) from None
    found = [(i, n.path) for i, n in enumerate(notes, start=1) if n.date == day]
    found += [(0, path) for path in broken if path.name.startswith(day.isoformat())]
    if not found:
        hint = "`coach history` lists them all."
        if notes:
            nearest = min(notes, key=lambda n: abs((n.date - day).days)).date
            hint = f"The nearest is {nearest.isoformat()}; {hint}"
        raise CoachError(f"{rep.name} has no note on {day.isoformat()}.", hint=hint)
    position, path = found[0]
    row = notes[position - 1] if position else None
    return NoteChoice(rep, path, position, total, [p for _, p in found[1:]], warnings, row)


# --------------------------------------------------------------------------- reps


@dataclass
class RepsView(Result):
    rows: list[analytics.RepRow] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """What `coach reps --json` prints: one row per rep, most overdue first."""
        return {"reps": [row.to_json() for row in self.rows]}


def reps_view(
    home: Home, today: date, *, include_archived: bool = False, progress: Progress | None = None
) -> RepsView:
    """Every rep: last session, next 1:1 due, actions, coaching share; most overdue first."""
    from coachcli.settings import load_settings

    settings: list[str] = []
    config = load_settings(home, settings)
    listing = list_reps(home)
    if not any_rep_folder(home):  # no rep folder, so no note: nothing to index
        return RepsView(warnings=[*settings, *listing.warnings])
    from coachcli.digests import activities, answer

    warnings, found = answer(home, None, progress, lambda db: activities(db, today))
    rows = [
        analytics.rep_row(
            rep, found.get(rep.slug, analytics.NO_ACTIVITY), config.cadence_days, today
        )
        for rep in listing.reps
        if include_archived or not rep.archived
    ]
    ordered = analytics.order_rep_rows(rows, today)
    return RepsView(warnings=[*settings, *listing.warnings, *warnings], rows=ordered)


# --------------------------------------------------------------------------- actions


@dataclass
class ActionsView(Result):
    actions: list[analytics.ActionState] = field(default_factory=list)
    own: set[str] = field(default_factory=set)
    """The manager's own folders among the actions' (self-reviews': every item is the manager's
    own commitment, recorded as the rep's). Not in the JSON: its ``owner`` stays ``rep``."""

    def mine(self, state: analytics.ActionState) -> bool:
        """Whether ``state`` is in the manager's own folder: a commitment to themselves."""
        return state.rep_slug in self.own

    def to_json(self) -> dict[str, Any]:
        """What `coach actions --json` prints: the action items, soonest due first."""
        return {"actions": [a.to_json(self.name(a.rep_slug)) for a in self.actions]}


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
    rep = get_rep(home, rep_ref, begun=True) if rep_ref else None
    if rep is None and not any_rep_folder(home):  # no rep folder, so no note: no index
        return ActionsView()
    from coachcli.digests import answer, kept_states, own_folders

    slug = rep.slug if rep else None
    warnings, (states, own) = answer(
        home, slug, progress,
        lambda db: (kept_states(db, home, today, slug, closed=include_closed),
                    own_folders(db, slug)),
    )  # fmt: skip
    chosen = sorted(
        (s for s in states if (not overdue or s.overdue) and (owner is None or s.owner == owner)),
        key=lambda s: (s.due, s.id),
    )
    names = {rep.slug: rep.name} if rep else _names(home, warnings)
    return ActionsView(warnings=warnings, names=names, actions=chosen, own=own)


_COMMANDS = {"done": "done", "dropped": "drop", "open": "reopen"}


def set_action_status(
    home: Home,
    ref: str,
    status: Literal["done", "dropped", "open"],
    today: date,
    comment: str = "",
    rep_ref: str | None = None,
) -> analytics.ActionState:
    """Record a status change for one action (a full id or a unique prefix); return its new state.

    ``rep_ref`` limits the search to one rep's actions (for an id two reps
    share). In a format-2 note the action's task line is changed (its box and
    done date; the comment goes under it), under the rep's lock; for a
    format-1 note the change goes to the rep's ``actions.toml`` (see
    :mod:`coachcli.actions_log`).
    """
    from coachcli.actions_log import append_change
    from coachcli.reps import find_rep

    chosen = get_rep(home, rep_ref, begun=True) if rep_ref else None
    wanted = ref.strip().lower()
    from coachcli.digests import answer, states_starting

    slug = chosen.slug if chosen else None
    warnings, (found, known) = answer(
        home, slug, None, lambda db: states_starting(db, home, today, wanted, slug)
    )
    try:
        state = analytics.pick_action(found, ref, known)
    except CoachError as exc:
        if not found and warnings:  # the id may be in a note coach cannot read: name it
            unread = "".join(f"\n  {line}" for line in warnings)
            raise CoachError(
                f"{exc.message}\nSome files could not be read in full; "
                f"the id may be in one of them:{unread}",
                hint=exc.hint,
            ) from None
        owners = {s.rep_slug for s in found}
        if chosen is None and len(owners) > 1:
            raise CoachError(
                exc.message,
                hint="Type more of the id, or name the rep: "
                f"coach actions {_COMMANDS[status]} ID --rep NAME",
            ) from None
        raise
    if state.status == status:
        word = {"done": "done", "dropped": "dropped", "open": "open"}[status]
        raise CoachError(f"Action {state.id} is already {word}: {state.text}")
    rep = find_rep(home, state.rep_slug)
    folder = rep_dir(home, rep) if rep is not None else home.reps_dir / state.rep_slug
    if state.final:  # format 2: the task line in the note is the action
        from coachcli.fsys import rep_lock
        from coachcli.taskfile import rewrite_task_in_file

        with rep_lock(folder, rep.name if rep else state.rep_slug):
            rewrite_task_in_file(state.note, state.id, status, today, comment.strip())
    else:
        from coachcli.fsys import home_writing

        change = ActionChange(state.id, state.rep_slug, status, today, comment.strip())
        with home_writing(home.root):  # not while coach sync pulls
            append_change(folder, change)
    updated = analytics.find_action(_corpus(home, rep, None), state.id, today)
    return updated


# --------------------------------------------------------------------------- balance


@dataclass
class BalanceView(Result):
    balance: analytics.Balance | None = None

    def to_json(self) -> dict[str, Any]:
        assert self.balance is not None
        return self.balance.to_json(self.name)


def balance_view(
    home: Home, today: date, rep_ref: str | None = None, *, since: date | None = None,
    by: analytics.Period = "week", no_coaching_days: int | None = None,
    progress: Progress | None = None,
) -> BalanceView:  # fmt: skip
    """The coaching share of 1:1 minutes per rep and for the team, its trend ``by`` period,
    who has had no coaching in ``no_coaching_days`` (default:
    :data:`~coachcli.analytics.COACHING_GAP_DAYS`), and suggestions."""
    from coachcli.settings import load_settings

    if no_coaching_days is None:
        no_coaching_days = analytics.COACHING_GAP_DAYS

    warnings: list[str] = []
    config = load_settings(home, warnings)
    rep = get_rep(home, rep_ref, begun=True) if rep_ref else None
    if rep is None and not any_rep_folder(home):  # no rep folder, so no note: no index
        empty = analytics.combine_balances(
            [], today, config.coaching_target, since=since, by=by,
            no_coaching_days=no_coaching_days,
        )  # fmt: skip
        return BalanceView(warnings=warnings, balance=empty)
    facts = framework_facts(home)
    targets, available, plans = facts.targets, facts.available, facts.plans
    names = {rep.slug: rep.name} if rep else _names(home, warnings)
    from coachcli.digests import answer, balance_parts

    slug = rep.slug if rep else None
    found_warnings, parts = answer(
        home, slug, progress, lambda db: balance_parts(db, home, today, since, plans, by, slug)
    )
    warnings.extend(found_warnings)
    balances = [
        analytics.rep_balance(
            part, each, today, config.coaching_target, since=since, targets=targets,
            available=available, name=names.get(each), plans=plans, by=by,
            no_coaching_days=no_coaching_days, states=states, window=window,
        )
        for each, (part, states, window) in parts.items()
    ]  # fmt: skip
    found = analytics.combine_balances(
        [b for b in balances if b is not None], today, config.coaching_target,
        since=since, by=by, no_coaching_days=no_coaching_days,
    )  # fmt: skip
    return BalanceView(warnings=warnings, names=names, balance=found)
