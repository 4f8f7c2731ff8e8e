"""What the notes say over time, computed from a :class:`~coachcli.records.Corpus`.

Every function here is pure: it takes the read model (notes, action items,
reviews, status changes; see :mod:`coachcli.records`) and a ``today``, and
returns plain dataclasses. Nothing here reads or writes a file, so the same
answers come from the index, from a test's hand-built corpus, or from
anything else that fills a Corpus.

The rules, in a sales manager's words:

**An action item's status** is its latest event: agreed in a session (open),
reviewed at the start of a later session (done or dropped close it; "not
done" keeps it open and counts as a miss), or changed with
``coach actions done|drop|reopen`` (kept in the rep's ``actions.toml``). On
the same day a change made with ``coach actions`` wins over a review. An open
action is *overdue* once its due date has passed (due before today).

**Commitments kept** (:func:`commitments_kept`): each action counts once.
It is *kept* when it is done and was never reported "not done" at a review.
It is *missed* when it was reported "not done" at least once, is still open
after its due date, or was dropped after its due date. Actions not yet due,
and actions dropped on or before their due date (plans changed), do not
count. Commitments kept = kept ÷ (kept + missed).

**The next conversation** (:func:`suggest`), first rule that fires:

1. *Commitments slipping*: 2 or more of the rep's action items are overdue
   now or were reported "not done" in the rep's last 3 sessions → an
   accountability check-in (``accountability-check-in``, else
   ``pipeline-review``, else any performance framework).
2. *Work done, results low*: in the rep's last 3 sessions, every leading
   metric (an activity) with a target is on target, and at least one lagging
   metric (a result) with a target is below it → a coaching framework
   (``grow``, else ``skill-will``, else any coaching framework): the rep does
   the work but it does not convert; coach the how.
3. *No coaching lately*: the rep's last session with coaching time was more
   than 30 days ago, or there was none → a coaching framework.

A rule whose kind of framework is not available is passed over. A rep with
no session yet gets no suggestion.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

from coachcli.errors import CoachError, did_you_mean
from coachcli.records import ActionRow, ChangeStatus, Corpus, NoteRow
from coachcli.wording import start_command

if TYPE_CHECKING:
    from coachcli.framework import Framework
    from coachcli.reps import Rep

KINDS = ("coaching", "performance", "mixed")
COACHING_GAP_DAYS = 30
"""No coaching for more than this many days: suggest a coaching session."""
SLIPPING_MIN = 2
"""This many overdue or "not done" commitments: suggest an accountability check-in."""
RECENT_SESSIONS = 3
"""How many of a rep's latest sessions count as "lately" for the suggestions."""
SHARE_WINDOW_DAYS = 90
"""`coach reps` shows the coaching share of the sessions in this many days up to today."""
MIN_PREFIX = 3
"""The fewest characters of an action's id that :func:`find_action` accepts as a prefix."""
ACCOUNTABILITY_FRAMEWORKS = ("accountability-check-in", "pipeline-review")
COACHING_FRAMEWORKS = ("grow", "skill-will")
SPARKS = "▁▂▃▄▅▆▇█"


class MetricTarget(NamedTuple):
    """What a framework says about a metric: its target, leading or lagging, which way is better."""

    target: float | None
    indicator: Literal["leading", "lagging"]
    better: Literal["higher", "lower"] = "higher"


Targets = Mapping[str, MetricTarget]
"""Metric id → its target; see :func:`metric_targets`."""


def metric_targets(frameworks: Iterable[Framework]) -> dict[str, MetricTarget]:
    """Every metric's target, from ``frameworks``; the first framework defining an id wins."""
    found: dict[str, MetricTarget] = {}
    for framework in frameworks:
        for metric in framework.metrics:
            found.setdefault(
                metric.id, MetricTarget(metric.target, metric.indicator, metric.better)
            )
    return found


def on_target(value: float, target: MetricTarget) -> bool | None:
    """Whether ``value`` meets the target (None when the metric has no target)."""
    if target.target is None:
        return None
    return value <= target.target if target.better == "lower" else value >= target.target


# --------------------------------------------------------------------------- helpers


def _order(note: NoteRow) -> tuple[date, float, str]:
    return (note.date, note.started.timestamp(), str(note.path))


def _oldest_first(notes: Iterable[NoteRow]) -> list[NoteRow]:
    return sorted(notes, key=_order)


def _newest_first(notes: Iterable[NoteRow]) -> list[NoteRow]:
    return sorted(notes, key=_order, reverse=True)


def rep_corpus(corpus: Corpus, rep_slug: str) -> Corpus:
    """The part of ``corpus`` about one rep."""
    return Corpus(
        notes=[n for n in corpus.notes if n.rep_slug == rep_slug],
        actions=[a for a in corpus.actions if a.rep_slug == rep_slug],
        reviews=[r for r in corpus.reviews if r.rep_slug == rep_slug],
        changes=[c for c in corpus.changes if c.rep_slug == rep_slug],
        warnings=list(corpus.warnings),
    )


def _by_rep(corpus: Corpus) -> dict[str, Corpus]:
    """``corpus`` split by rep, in one pass."""
    parts: dict[str, Corpus] = defaultdict(Corpus)
    for note in corpus.notes:
        parts[note.rep_slug].notes.append(note)
    for action in corpus.actions:
        parts[action.rep_slug].actions.append(action)
    for review in corpus.reviews:
        parts[review.rep_slug].reviews.append(review)
    for change in corpus.changes:
        parts[change.rep_slug].changes.append(change)
    return dict(parts)


def _has(note: NoteRow, kind: str) -> bool:
    """Whether the session spent time on ``kind`` (its own kind when no minutes are known)."""
    minutes = note.coaching_minutes if kind == "coaching" else note.performance_minutes
    if minutes > 0:
        return True
    return note.coaching_minutes == 0 and note.performance_minutes == 0 and note.kind == kind


def _share(coaching: float, performance: float) -> float | None:
    total = coaching + performance
    return None if total <= 0 else coaching / total


def _num(value: float) -> str:
    return f"{value:g}"


def _pct(share: float) -> str:
    return f"{round(share * 100)}%"


# --------------------------------------------------------------------------- action items

EventSource = Literal["agreed", "review", "change"]
EventOutcome = Literal["open", "done", "dropped", "not-done"]


@dataclass(slots=True)
class ActionEvent:
    """Something that happened to an action item."""

    date: date
    source: EventSource
    """agreed in a session, reviewed in a later one, or changed with `coach actions`."""
    outcome: EventOutcome
    comment: str = ""
    note: Path | None = None
    """The note it happened in (None for a change made with `coach actions`)."""


@dataclass(slots=True)
class ActionState:
    """An action item and where it stands now.

    (Not frozen, for speed: building 10,000 frozen ones costs twice as much.)
    """

    id: str
    rep_slug: str
    text: str
    owner: str
    due: date
    created: date
    """The date of the session that agreed it."""
    note: Path
    """The note that agreed it."""
    status: ChangeStatus
    """open, done or dropped: the latest event decides."""
    overdue: bool
    """Open and its due date has passed (due before today)."""
    days_overdue: int
    """Days past the due date when overdue, else 0."""
    closed_on: date | None
    """When it was done or dropped (None while open)."""
    comment: str
    """The comment of the latest event, if it had one."""
    missed: int
    """How many reviews reported it "not done"."""
    history: tuple[ActionEvent, ...]
    """Every event, in the order they count (agreed first)."""


_EventKey = tuple[date, int, float, int]


def _resolve(action: ActionRow, events: list[tuple[_EventKey, ActionEvent]],
             today: date) -> ActionState:  # fmt: skip
    if len(events) > 1:
        events.sort(key=lambda pair: pair[0])
    agreed = ActionEvent(action.created, "agreed", action.status, "", action.note)
    history = (agreed, *(event for _, event in events))
    status: ChangeStatus = "open"
    closed_on: date | None = None
    missed = 0
    for event in history:
        if event.outcome == "not-done":
            status = "open"
            missed += 1
        else:
            status = event.outcome
        closed_on = event.date if status != "open" else None
    overdue = status == "open" and action.due < today
    return ActionState(
        id=action.id,
        rep_slug=action.rep_slug,
        text=action.text,
        owner=action.owner,
        due=action.due,
        created=action.created,
        note=action.note,
        status=status,
        overdue=overdue,
        days_overdue=(today - action.due).days if overdue else 0,
        closed_on=closed_on,
        comment=history[-1].comment,
        missed=missed,
        history=history,
    )


def action_states(corpus: Corpus, today: date) -> list[ActionState]:
    """Every action item in ``corpus`` with its status as of ``today``, by due date then id.

    Events count by date; on one date a review counts after the session that
    agreed the action, and a change made with `coach actions` after a review.
    Reviews of one day count in the order of their sessions, changes in the
    order of the file. Reviews and changes of an action that no note agrees
    (its note was deleted) are ignored; an id agreed twice for one rep (a
    copied note) counts once, as first agreed.
    """
    started = {n.path: n.started.timestamp() for n in corpus.notes}
    rows: dict[tuple[str, str], ActionRow] = {}
    for action in corpus.actions:
        key = (action.rep_slug, action.id)
        seen = rows.get(key)
        if seen is None or (action.created, str(action.note)) < (seen.created, str(seen.note)):
            rows[key] = action
    events: dict[tuple[str, str], list[tuple[_EventKey, ActionEvent]]] = defaultdict(list)
    for seq, review in enumerate(corpus.reviews):
        key = (review.rep_slug, review.action_id)
        if key in rows:
            when = (review.date, 1, started.get(review.note, 0.0), seq)
            event = ActionEvent(review.date, "review", review.outcome, review.comment, review.note)
            events[key].append((when, event))
    for seq, change in enumerate(corpus.changes):
        key = (change.rep_slug, change.action_id)
        if key in rows:
            event = ActionEvent(change.date, "change", change.status, change.comment)
            events[key].append(((change.date, 2, 0.0, seq), event))
    states = [_resolve(row, events.get(key, []), today) for key, row in rows.items()]
    return sorted(states, key=lambda s: (s.due, s.id, s.rep_slug))


def open_actions(corpus: Corpus, today: date) -> list[ActionState]:
    """The action items still open, by due date then id."""
    return [s for s in action_states(corpus, today) if s.status == "open"]


def find_action(corpus: Corpus, ref: str, today: date) -> ActionState:
    """The action whose id is ``ref`` or starts with it (at least 3 characters).

    CoachError when none matches (with the nearest id, if one is close) or
    when several do (listing them, so the manager can type more of the id).
    """
    return pick_action(action_states(corpus, today), ref)


def pick_action(
    states: Iterable[ActionState], ref: str, known_ids: Iterable[str] | None = None
) -> ActionState:
    """:func:`find_action` over states already built (e.g. one rep at a time).

    ``states`` must hold every action whose id starts with ``ref``;
    ``known_ids`` (default: the ids of ``states``) are the ids a "did you
    mean" may suggest.
    """
    states = list(states)
    wanted = ref.strip().lower()
    if not wanted:
        raise CoachError("Which action? Give its id.", hint="`coach actions` lists their ids.")
    matches = [s for s in states if s.id.lower() == wanted]
    if not matches:
        if len(wanted) < MIN_PREFIX:
            raise CoachError(
                f"{ref.strip()!r} is too short to pick an action.",
                hint=f"Type at least {MIN_PREFIX} characters of its id; "
                "`coach actions` lists the ids.",
            )
        matches = [s for s in states if s.id.lower().startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        ids = {s.id for s in states} if known_ids is None else set(known_ids)
        close = did_you_mean(wanted, sorted(ids))
        raise CoachError(
            f"No action item has the id {ref.strip()!r}."
            + (f" Did you mean {close!r}?" if close else ""),
            hint="`coach actions` lists the open ones with their ids "
            "(`--all` includes done and dropped ones).",
        )
    shown = sorted(matches, key=lambda s: (s.id, s.rep_slug))
    lines = [f"  {s.id}  {s.rep_slug}  {s.text} ({s.status}, due {s.due})" for s in shown[:10]]
    if len(shown) > 10:
        lines.append(f"  ... and {len(shown) - 10} more")
    raise CoachError(
        f"{ref.strip()!r} matches {len(shown)} action items:\n" + "\n".join(lines),
        hint="Type more of the id (or name the rep).",
    )


# --------------------------------------------------------------------------- commitments


@dataclass(frozen=True)
class Commitments:
    """Commitments kept and missed; see the module's docstring for the rule."""

    kept: int
    missed: int

    @property
    def ratio(self) -> float | None:
        """kept ÷ (kept + missed); None when nothing counts yet."""
        counted = self.kept + self.missed
        return None if counted == 0 else self.kept / counted


def commitment(state: ActionState) -> Literal["kept", "missed"] | None:
    """How one action counts in commitments kept (None: it does not count, yet or at all)."""
    if state.missed:
        return "missed"
    if state.status == "done":
        return "kept"
    if state.overdue:
        return "missed"
    if state.status == "dropped" and state.closed_on is not None and state.closed_on > state.due:
        return "missed"
    return None


def _commitments(states: Iterable[ActionState]) -> Commitments:
    counts = {"kept": 0, "missed": 0}
    for state in states:
        verdict = commitment(state)
        if verdict is not None:
            counts[verdict] += 1
    return Commitments(counts["kept"], counts["missed"])


def commitments_kept(
    corpus: Corpus, today: date, since: date | None = None, until: date | None = None
) -> Commitments:
    """Commitments kept and missed among the actions agreed from ``since`` to ``until``.

    Kept: done, and never reported "not done". Missed: reported "not done"
    at least once, still open after the due date, or dropped after the due
    date. Not counted: not yet due, or dropped on or before the due date.
    """
    return _commitments(
        s
        for s in action_states(corpus, today)
        if (since is None or s.created >= since) and (until is None or s.created <= until)
    )


# --------------------------------------------------------------------------- trends


class Point(NamedTuple):
    date: date
    value: float


@dataclass(frozen=True)
class Trend:
    """A rating or metric over time (oldest first), with its target when known."""

    id: str
    points: tuple[Point, ...]
    target: float | None = None
    indicator: str | None = None
    """leading or lagging, for a metric whose framework is known."""
    better: Literal["higher", "lower"] = "higher"

    @property
    def values(self) -> list[float]:
        return [p.value for p in self.points]

    @property
    def first(self) -> float:
        return self.points[0].value

    @property
    def last(self) -> float:
        return self.points[-1].value

    @property
    def previous(self) -> float | None:
        """The value before the last one (None when there is only one)."""
        return self.points[-2].value if len(self.points) > 1 else None

    @property
    def when(self) -> date:
        """The date of the last value."""
        return self.points[-1].date

    @property
    def change(self) -> float | None:
        """The last value minus the one before it."""
        return None if self.previous is None else self.last - self.previous

    @property
    def on_target(self) -> bool | None:
        """Whether the last value meets the target (None without a target)."""
        if self.target is None:
            return None
        return on_target(self.last, MetricTarget(self.target, "leading", self.better))


def _trends(notes: Sequence[NoteRow], attr: Literal["ratings", "metrics"],
            targets: Targets | None = None) -> list[Trend]:  # fmt: skip
    """One trend per id in ``notes`` (oldest first), listed as the newest note orders them."""
    series: dict[str, list[Point]] = {}
    for note in reversed(notes):  # newest first fixes the order of the ids
        for key in getattr(note, attr):
            series.setdefault(key, [])
    for note in notes:
        values: Mapping[str, float] = getattr(note, attr)
        for key, value in values.items():
            series[key].append(Point(note.date, float(value)))
    trends = []
    for key, points in series.items():
        known = (targets or {}).get(key) if attr == "metrics" else None
        if known is None:
            trends.append(Trend(key, tuple(points)))
        else:
            trends.append(Trend(key, tuple(points), known.target, known.indicator, known.better))
    return trends


def sparkline(values: Sequence[float], width: int | None = None) -> str:
    """A small chart of ``values`` (the last ``width`` of them): ▁ is the lowest, █ the highest.

    All-equal values draw a flat line of ▄; no values draw nothing.
    """
    if width is not None:
        values = values[-width:] if width > 0 else []
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return SPARKS[3] * len(values)
    top = len(SPARKS) - 1
    # half up, not to even: the same value always draws the same bar
    return "".join(SPARKS[int((v - low) / (high - low) * top + 0.5)] for v in values)


def last_values(corpus: Corpus) -> dict[str, dict[str, float]]:
    """The newest value of every rating and metric in ``corpus``."""
    ratings: dict[str, float] = {}
    metrics: dict[str, float] = {}
    for note in _newest_first(corpus.notes):
        for key, rating in note.ratings.items():
            ratings.setdefault(key, rating)
        for key, metric in note.metrics.items():
            metrics.setdefault(key, metric)
    return {"ratings": ratings, "metrics": metrics}


# --------------------------------------------------------------------------- history


@dataclass(frozen=True)
class SessionRow:
    """One session in a rep's history."""

    date: date
    started: datetime
    path: Path
    framework: str
    framework_name: str
    kind: str
    duration_minutes: int
    coaching_minutes: float
    performance_minutes: float
    summary: str
    ratings: dict[str, int]
    metrics: dict[str, float]
    actions_created: tuple[str, ...]
    """Ids of the action items agreed in this session."""
    actions_closed: tuple[str, ...]
    """Ids of earlier action items reviewed as done or dropped in this session."""
    actions_not_done: tuple[str, ...]
    """Ids of earlier action items reviewed as not done in this session."""


@dataclass(frozen=True)
class History:
    """A rep's sessions (oldest first) and what they add up to."""

    sessions: list[SessionRow]
    ratings: list[Trend]
    metrics: list[Trend]
    commitments: Commitments
    """Among the actions agreed in these sessions."""
    coaching_minutes: float
    performance_minutes: float

    @property
    def coaching_share(self) -> float | None:
        """The coaching share of the minutes (None when no minutes are known)."""
        return _share(self.coaching_minutes, self.performance_minutes)


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        close = did_you_mean(kind, KINDS)
        raise CoachError(
            f"Unknown kind {kind!r}." + (f" Did you mean {close!r}?" if close else ""),
            hint=f"Kinds: {', '.join(KINDS)}.",
        )


def history(
    corpus: Corpus,
    today: date,
    *,
    since: date | None = None,
    until: date | None = None,
    framework: str | None = None,
    kind: str | None = None,
    last: int | None = None,
    targets: Targets | None = None,
) -> History:
    """The sessions in ``corpus`` that pass the filters, oldest first, and their trends.

    ``since`` and ``until`` are inclusive dates; ``framework`` is a framework
    id; ``kind`` the session's (framework's) kind, exactly; ``last`` keeps
    the latest N after the other filters. Trends and commitments are computed
    from the sessions kept (commitments: of the actions agreed in them, as of
    ``today``). ``corpus`` is normally one rep's.
    """
    if kind is not None:
        _check_kind(kind)
    if last is not None and last < 1:
        raise CoachError(f"The number of sessions must be 1 or more, not {last}.")
    if since is not None and until is not None and since > until:
        raise CoachError(f"The start date {since} is after the end date {until}.")
    notes = [
        n
        for n in _oldest_first(corpus.notes)
        if (since is None or n.date >= since)
        and (until is None or n.date <= until)
        and (framework is None or n.framework == framework)
        and (kind is None or n.kind == kind)
    ]
    if last is not None:
        notes = notes[-last:]
    paths = {n.path for n in notes}
    created: dict[Path, list[str]] = defaultdict(list)
    for action in corpus.actions:
        if action.note in paths:
            created[action.note].append(action.id)
    closed: dict[Path, list[str]] = defaultdict(list)
    not_done: dict[Path, list[str]] = defaultdict(list)
    for review in corpus.reviews:
        if review.note in paths:
            target = not_done if review.outcome == "not-done" else closed
            target[review.note].append(review.action_id)
    rows = [
        SessionRow(
            date=n.date,
            started=n.started,
            path=n.path,
            framework=n.framework,
            framework_name=n.framework_name,
            kind=n.kind,
            duration_minutes=n.duration_minutes,
            coaching_minutes=n.coaching_minutes,
            performance_minutes=n.performance_minutes,
            summary=n.summary,
            ratings=dict(n.ratings),
            metrics=dict(n.metrics),
            actions_created=tuple(created[n.path]),
            actions_closed=tuple(closed[n.path]),
            actions_not_done=tuple(not_done[n.path]),
        )
        for n in notes
    ]
    agreed = [s for s in action_states(corpus, today) if s.note in paths]
    return History(
        sessions=rows,
        ratings=_trends(notes, "ratings"),
        metrics=_trends(notes, "metrics", targets),
        commitments=_commitments(agreed),
        coaching_minutes=sum(n.coaching_minutes for n in notes),
        performance_minutes=sum(n.performance_minutes for n in notes),
    )


# --------------------------------------------------------------------------- suggestions

SuggestionRule = Literal["accountability", "conversion", "coaching-gap"]


@dataclass(frozen=True)
class Suggestion:
    """The next conversation the data points to, and why (one line)."""

    framework: str
    reason: str
    rule: SuggestionRule
    """accountability (commitments slipping), conversion (work done, results low),
    coaching-gap (no coaching lately)."""


def _pick(available: Mapping[str, str], preferred: Sequence[str], kind: str) -> str | None:
    for framework in preferred:
        if framework in available:
            return framework
    others = sorted(f for f, k in available.items() if k == kind)
    return others[0] if others else None


def _slipping(corpus: Corpus, recent: Sequence[NoteRow], today: date) -> str | None:
    """Why commitments are slipping, or None when fewer than 2 are."""
    overdue = {s.id for s in open_actions(corpus, today) if s.overdue}
    paths = {n.path for n in recent}
    not_done = {r.action_id for r in corpus.reviews if r.note in paths and r.outcome == "not-done"}
    slipping = overdue | not_done
    if len(slipping) < SLIPPING_MIN:
        return None
    sessions = "session" if len(recent) == 1 else f"{len(recent)} sessions"
    return (
        f"{len(slipping)} commitments slipping ({len(overdue)} overdue, "
        f"{len(not_done)} reported not done in the last {sessions}): "
        "an accountability check-in"
    )


def _not_converting(recent: Sequence[NoteRow], targets: Targets) -> str | None:
    """Why the work is done but does not convert, or None."""
    latest: dict[str, float] = {}
    for note in recent:  # newest first
        for key, value in note.metrics.items():
            latest.setdefault(key, value)
    leading: list[str] = []
    lagging: list[str] = []
    for key, value in latest.items():
        known = targets.get(key)
        if known is None:
            continue
        met = on_target(value, known)
        if met is None:
            continue
        if known.indicator == "leading":
            if not met:
                return None
            leading.append(key)
        elif not met:
            lagging.append(f"{key} {_num(value)} vs target {_num(known.target or 0)}")
    if not leading or not lagging:
        return None
    return (
        f"activity on target ({', '.join(sorted(leading))}) but results below "
        f"({', '.join(sorted(lagging))}): the rep does the work but it does not convert, "
        "coach the how"
    )


def _coaching_gap(notes: Sequence[NoteRow], today: date) -> str | None:
    """Why it is time for coaching, or None (``notes`` newest first, not empty)."""
    coached = next((n for n in notes if _has(n, "coaching")), None)
    if coached is None:
        return f"no coaching session yet in {len(notes)} sessions: time to work on the how"
    days = (today - coached.date).days
    if days <= COACHING_GAP_DAYS:
        return None
    return f"no coaching session in {days} days: time to work on the how"


def suggest(
    corpus: Corpus,
    rep_slug: str,
    today: date,
    targets: Targets,
    available: Mapping[str, str],
) -> Suggestion | None:
    """The next conversation for one rep, or None; the rules are in the module's docstring.

    ``targets`` maps metric ids to their targets (:func:`metric_targets`);
    ``available`` maps the ids of the usable frameworks to their kind.
    Sessions dated after ``today`` are left out.
    """
    return _suggest(rep_corpus(corpus, rep_slug), today, targets, available)


def _suggest(
    mine: Corpus, today: date, targets: Targets, available: Mapping[str, str]
) -> Suggestion | None:
    notes = [n for n in _newest_first(mine.notes) if n.date <= today]
    if not notes:
        return None
    recent = notes[:RECENT_SESSIONS]
    accountability = _pick(available, ACCOUNTABILITY_FRAMEWORKS, "performance")
    coaching = _pick(available, COACHING_FRAMEWORKS, "coaching")
    if accountability is not None:
        reason = _slipping(mine, recent, today)
        if reason:
            return Suggestion(accountability, reason, "accountability")
    if coaching is not None:
        reason = _not_converting(recent, targets)
        if reason:
            return Suggestion(coaching, reason, "conversion")
        reason = _coaching_gap(notes, today)
        if reason:
            return Suggestion(coaching, reason, "coaching-gap")
    return None


# --------------------------------------------------------------------------- the brief


@dataclass
class Brief:
    """Where a rep stands, in ten seconds."""

    rep: Rep
    today: date
    sessions: int
    last: NoteRow | None
    open_actions: list[ActionState]
    ratings: list[Trend]
    metrics: list[Trend]
    days_since_coaching: int | None
    days_since_performance: int | None


def brief(corpus: Corpus, rep: Rep, today: date, targets: Targets | None = None) -> Brief:
    """The brief shown before a session with ``rep`` (the rep's part of ``corpus``)."""
    mine = rep_corpus(corpus, rep.slug)
    notes = _newest_first(mine.notes)

    def since(kind: str) -> int | None:
        found = next((n for n in notes if _has(n, kind)), None)
        return None if found is None else (today - found.date).days

    chronological = notes[::-1]
    return Brief(
        rep=rep,
        today=today,
        sessions=len(notes),
        last=notes[0] if notes else None,
        open_actions=open_actions(mine, today),
        ratings=_trends(chronological, "ratings"),
        metrics=_trends(chronological, "metrics", targets),
        days_since_coaching=since("coaching"),
        days_since_performance=since("performance"),
    )


# --------------------------------------------------------------------------- reps overview


@dataclass(frozen=True)
class RepRow:
    """One rep in `coach reps`."""

    name: str
    slug: str
    archived: bool
    sessions: int
    last_date: date | None
    last_kind: str | None
    last_framework: str | None
    cadence_days: int
    """The rep's own cadence, else the configured default."""
    next_due: date
    """The last session + cadence; today for a rep never met."""
    overdue: bool
    """The next 1:1 was due before today."""
    days_overdue: int
    """Days past the next 1:1's due date (0 when not overdue)."""
    open_actions: int
    overdue_actions: int
    coaching_share: float | None
    """Coaching share of the minutes in the last 90 days (None when there were none)."""


def reps_overview(
    corpus: Corpus,
    reps: Iterable[Rep],
    default_cadence: int,
    today: date,
    *,
    include_archived: bool = False,
    window_days: int = SHARE_WINDOW_DAYS,
) -> list[RepRow]:
    """Every rep (archived ones only when asked): the most overdue for a 1:1 first.

    Sorted by how late the next 1:1 is (reps never met are due today, so
    they come after overdue reps and before reps not yet due), then by name.
    The coaching share counts sessions dated from ``today - window_days`` to
    ``today``.
    """
    by_rep: dict[str, list[NoteRow]] = defaultdict(list)
    for note in corpus.notes:
        by_rep[note.rep_slug].append(note)
    open_count: dict[str, int] = defaultdict(int)
    overdue_count: dict[str, int] = defaultdict(int)
    for state in action_states(corpus, today):
        if state.status == "open":
            open_count[state.rep_slug] += 1
            overdue_count[state.rep_slug] += state.overdue
    window_start = today - timedelta(days=window_days)
    rows: list[RepRow] = []
    for rep in reps:
        if rep.archived and not include_archived:
            continue
        notes = _newest_first(by_rep.get(rep.slug, []))
        cadence = rep.cadence_days or default_cadence
        last = notes[0] if notes else None
        next_due = last.date + timedelta(days=cadence) if last is not None else today
        late = (today - next_due).days
        window = [n for n in notes if window_start <= n.date <= today]
        row = RepRow(
            name=rep.name,
            slug=rep.slug,
            archived=rep.archived,
            sessions=len(notes),
            last_date=last.date if last else None,
            last_kind=last.kind if last else None,
            last_framework=last.framework if last else None,
            cadence_days=cadence,
            next_due=next_due,
            overdue=late > 0,
            days_overdue=max(0, late),
            open_actions=open_count[rep.slug],
            overdue_actions=overdue_count[rep.slug],
            coaching_share=_share(
                sum(n.coaching_minutes for n in window), sum(n.performance_minutes for n in window)
            ),
        )
        rows.append(row)
    return order_rep_rows(rows, today)


def order_rep_rows(rows: Iterable[RepRow], today: date) -> list[RepRow]:
    """The most overdue for a 1:1 first, then by name (see :func:`reps_overview`)."""
    return sorted(rows, key=lambda r: (-(today - r.next_due).days, r.name.casefold(), r.slug))


# --------------------------------------------------------------------------- balance


@dataclass(frozen=True)
class KindTotals:
    """Sessions and minutes by kind, for one rep or the team."""

    sessions: dict[str, int]
    """Sessions by their framework's kind: coaching, performance, mixed."""
    coaching_minutes: float
    performance_minutes: float
    """Minutes by section kind: a mixed session counts in both."""

    @property
    def total_sessions(self) -> int:
        return sum(self.sessions.values())

    @property
    def coaching_share(self) -> float | None:
        return _share(self.coaching_minutes, self.performance_minutes)


@dataclass(frozen=True)
class RepBalance:
    """One rep's balance, against the target, and the suggested next conversation."""

    rep_slug: str
    rep: str
    """The name in the rep's latest note."""
    totals: KindTotals
    gap: float | None
    """Coaching share minus the target (negative: below target)."""
    last_coaching: date | None
    """The latest session with coaching time (any date, not only in the window)."""
    suggestion: Suggestion | None


@dataclass(frozen=True)
class Balance:
    """Coaching vs performance over a window, per rep and for the team."""

    since: date | None
    until: date
    target: float
    reps: list[RepBalance]
    """By coaching share, lowest first (reps with no minutes last), then by name."""
    team: KindTotals
    suggestions: list[str] = field(default_factory=list)
    """Lines for the manager: the team against the target, then each rep's suggestion."""

    @property
    def gap(self) -> float | None:
        share = self.team.coaching_share
        return None if share is None else share - self.target


def _totals(notes: Iterable[NoteRow]) -> KindTotals:
    sessions = dict.fromkeys(KINDS, 0)
    coaching = performance = 0.0
    for note in notes:
        sessions[note.kind] = sessions.get(note.kind, 0) + 1
        coaching += note.coaching_minutes
        performance += note.performance_minutes
    return KindTotals(sessions, coaching, performance)


def balance(
    corpus: Corpus,
    today: date,
    target: float,
    *,
    since: date | None = None,
    rep_slug: str | None = None,
    targets: Targets | None = None,
    available: Mapping[str, str] | None = None,
) -> Balance:
    """Sessions and minutes by kind from ``since`` (inclusive; None: all) to ``today``.

    ``target`` is the coaching share aimed for (0 to 1). Each rep's
    suggestion (:func:`suggest`) needs ``available``; without it there are
    none. A rep with no session in the window is listed only when there is a
    suggestion for them. The first line of ``suggestions`` says where the
    team stands against the target and, when below it, names the least
    coached reps (up to 3).
    """
    parts = _by_rep(corpus)
    if rep_slug is not None:
        parts = {rep_slug: parts[rep_slug]} if rep_slug in parts else {}
    found = [
        rep_balance(part, slug, today, target, since=since, targets=targets, available=available)
        for slug, part in parts.items()
    ]
    return combine_balances([b for b in found if b is not None], today, target, since=since)


def rep_balance(
    part: Corpus,
    rep_slug: str,
    today: date,
    target: float,
    *,
    since: date | None = None,
    targets: Targets | None = None,
    available: Mapping[str, str] | None = None,
    name: str | None = None,
) -> RepBalance | None:
    """One rep's balance from their own corpus (None when there is nothing to show).

    ``name`` is the rep's current name (default: the name in their latest note).
    """
    notes = [n for n in _newest_first(part.notes) if n.date <= today]
    if not notes:
        return None
    mine = [n for n in notes if since is None or n.date >= since]
    totals = _totals(mine)
    share = totals.coaching_share
    suggestion = _suggest(part, today, targets or {}, available) if available is not None else None
    if not mine and suggestion is None:
        return None
    return RepBalance(
        rep_slug=rep_slug,
        rep=name or notes[0].rep,
        totals=totals,
        gap=None if share is None else share - target,
        last_coaching=next((n.date for n in notes if _has(n, "coaching")), None),
        suggestion=suggestion,
    )


def combine_balances(
    reps: Iterable[RepBalance], today: date, target: float, *, since: date | None = None
) -> Balance:
    """The team's balance from each rep's (see :func:`rep_balance`)."""
    ordered = sorted(
        reps,
        key=lambda r: (
            r.totals.coaching_share is None,
            r.totals.coaching_share or 0.0,
            r.rep.casefold(),
            r.rep_slug,
        ),
    )
    sessions: dict[str, int] = dict.fromkeys(KINDS, 0)
    for rep in ordered:
        for kind, count in rep.totals.sessions.items():
            sessions[kind] = sessions.get(kind, 0) + count
    team = KindTotals(
        sessions,
        sum(r.totals.coaching_minutes for r in ordered),
        sum(r.totals.performance_minutes for r in ordered),
    )
    return Balance(
        since=since,
        until=today,
        target=target,
        reps=ordered,
        team=team,
        suggestions=_balance_lines(team, ordered, target, since),
    )


def _balance_lines(
    team: KindTotals, reps: Sequence[RepBalance], target: float, since: date | None
) -> list[str]:
    window = f"since {since.isoformat()}" if since else "over all sessions"
    share = team.coaching_share
    lines: list[str] = []
    if share is None:
        lines.append(f"No session time recorded {window}.")
    elif share >= target:
        lines.append(
            f"Coaching is {_pct(share)} of your 1:1 time {window} (target {_pct(target)}): "
            "on target."
        )
    else:
        least = [r for r in reps if r.gap is not None and r.gap < 0][:3]
        names = ", ".join(f"{r.rep} {_pct(r.totals.coaching_share or 0.0)}" for r in least)
        lines.append(
            f"Coaching is {_pct(share)} of your 1:1 time {window} (target {_pct(target)}): "
            f"{round((target - share) * 100)} points under; plan coaching "
            + (f"first with {names}." if names else "sessions.")
        )
    for rep in reps:
        if rep.suggestion is not None:
            lines.append(
                f"{rep.rep}: {rep.suggestion.reason} → "
                f"{start_command(rep.rep)} -f {rep.suggestion.framework}"
            )
    return lines
