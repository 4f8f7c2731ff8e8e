"""Action items: where each one stands now, finding one by its id, and commitments kept.

**An action item's status** is the box of its task line in the note that
agreed it (format 2, docs/notes.md): ``[x]`` done, ``[-]`` dropped, else
open; reviews in later sessions add to its history ("not done" counts as a
miss). In a format-1 note it is the latest event: agreed in a session
(open), reviewed at the start of a later session (done or dropped close it;
"not done" keeps it open and counts as a miss), or changed with ``coach
actions done|drop|reopen`` (kept in the rep's ``actions.toml``); on the same
day a change made with ``coach actions`` wins over a review. An open
action is *overdue* once its due date has passed (due before today).

**Commitments kept** (:func:`commitments_kept`): each action counts once.
It is *kept* when it is done and was never reported "not done" at a review
on or after its due date. It is *missed* when it was reported "not done" on
or after its due date, is still open after its due date, or was dropped
after its due date. It is *still open* while it is open and not yet past
its due date: a "not done" reported before the due date is progress, never
a miss. Actions dropped on or before their due date (plans changed) do not
count. Commitments kept = kept ÷ (kept + missed).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from coachcli.errors import CoachError, did_you_mean
from coachcli.records import ActionRow, ChangeStatus, Corpus
from coachcli.wording import json_share, plural

MIN_PREFIX = 3
"""The fewest characters of an action's id that :func:`find_action` accepts as a prefix."""

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
    """How many reviews reported it "not done" on or after its due date."""
    history: tuple[ActionEvent, ...]
    """Every event, in the order they count (agreed first). Empty when the state
    was read from the index's kept states (:mod:`coachcli.digests`), which keep
    where an action stands, not how it got there."""
    final: bool = False
    """Its note's task line is its status (format 2): change that line to change it."""

    def to_json(self, rep: str) -> dict[str, Any]:
        """The action as `coach actions --json` prints it; ``rep`` is the rep's name."""
        return {
            "id": self.id,
            "rep": rep,
            "slug": self.rep_slug,
            "text": self.text,
            "owner": self.owner,
            "due": self.due.isoformat(),
            "status": self.status,
            "overdue": self.overdue,
            "days_overdue": self.days_overdue,
            "created": self.created.isoformat(),
            "closed_on": self.closed_on.isoformat() if self.closed_on else None,
            "comment": self.comment,
            "missed": self.missed,
            "note": str(self.note),
        }


_EventKey = tuple[date, int, float, int]


def days_overdue(status: str, due: date, today: date) -> int:
    """Days an action is past its due date: open and due before ``today``, else 0."""
    return (today - due).days if status == "open" and due < today else 0


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
            missed += event.date >= action.due  # before the due date it is progress
        else:
            status = event.outcome
        closed_on = event.date if status != "open" else None
    comment = history[-1].comment
    if action.final:  # format 2: the box of the task line says where it stands
        status = action.status
        closed_on = (action.closed_on or action.created) if status != "open" else None
        comment = action.comment or comment
    late = days_overdue(status, action.due, today)
    return ActionState(
        id=action.id,
        rep_slug=action.rep_slug,
        text=action.text,
        owner=action.owner,
        due=action.due,
        created=action.created,
        note=action.note,
        status=status,
        overdue=late > 0,
        days_overdue=late,
        closed_on=closed_on,
        comment=comment,
        missed=missed,
        history=history,
        final=action.final,
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


Standing = Literal["kept", "missed", "open"]
"""How an action counts in commitments: kept, missed, or still open (not yet due)."""


@dataclass(frozen=True)
class Commitments:
    """Commitments kept, missed and still open; see the module's docstring for the rule."""

    kept: int
    missed: int
    open: int = 0
    """Still open and not yet past the due date: neither kept nor missed yet."""

    @property
    def ratio(self) -> float | None:
        """kept ÷ (kept + missed); None when nothing counts yet."""
        counted = self.kept + self.missed
        return None if counted == 0 else self.kept / counted

    def summary(self) -> str:
        """``2 kept, 1 missed, 1 still open``, or ``none of the rep's to count`` (the
        manager's own action items and those dropped before they were due do not count)."""
        if not self.kept + self.missed + self.open:
            return "none of the rep's to count"
        return f"{self.kept} kept, {self.missed} missed, {self.open} still open"

    def count_text(self) -> str:
        """``3 commitments: 2 kept, 1 missed, 0 still open`` (singular for one)."""
        total = self.kept + self.missed + self.open
        return f"{plural(total, 'commitment')}: {self.summary()}"

    def to_json(self) -> dict[str, Any]:
        return {
            "kept": self.kept,
            "missed": self.missed,
            "open": self.open,
            "ratio": json_share(self.ratio),
        }


def standing(outcome: str, due: date, on: date) -> Standing | None:
    """How an action stands after ``outcome`` on the day ``on``.

    done: kept. not done: missed on or after the due date, else still open.
    dropped: missed after the due date, else not counted (plans changed).
    open (no outcome): missed after the due date, else still open.
    """
    if outcome == "done":
        return "kept"
    if outcome == "not-done":
        return "missed" if on >= due else "open"
    if outcome == "dropped":
        return "missed" if on > due else None
    return "missed" if on > due else "open"


def commitment(state: ActionState) -> Standing | None:
    """How one action counts in commitments (None: it does not count at all)."""
    if state.missed:
        return "missed"
    if state.status == "open":
        return "missed" if state.overdue else "open"
    return standing(state.status, state.due, state.closed_on or state.created)


def count_commitments(states: Iterable[ActionState]) -> Commitments:
    """The rep's commitments kept, missed and still open among ``states``.

    Only the action items the rep owns count: the manager's own are not the
    rep's to keep, and a manager who slips must not put the rep on an
    accountability track.
    """
    counts = {"kept": 0, "missed": 0, "open": 0}
    for state in states:
        if state.owner != "rep":
            continue
        verdict = commitment(state)
        if verdict is not None:
            counts[verdict] += 1
    return Commitments(counts["kept"], counts["missed"], counts["open"])


def review_counts(reviewed: Iterable[tuple[str, date, str]], today: date) -> Commitments:
    """The rep's commitments just reviewed: (outcome, due date, owner) of each, as of ``today``.

    The manager's own action items do not count (see :func:`count_commitments`).
    """
    counts = {"kept": 0, "missed": 0, "open": 0}
    for outcome, due, owner in reviewed:
        if owner != "rep":
            continue
        verdict = standing(outcome, due, today)
        if verdict is not None:
            counts[verdict] += 1
    return Commitments(counts["kept"], counts["missed"], counts["open"])


def commitments_kept(
    corpus: Corpus, today: date, since: date | None = None, until: date | None = None
) -> Commitments:
    """Commitments kept, missed and still open among the actions agreed from ``since`` to ``until``.

    Kept: done, and never reported "not done" on or after the due date.
    Missed: reported "not done" on or after the due date, still open after
    it, or dropped after it. Still open: open and not yet past the due date.
    Not counted: dropped on or before the due date.
    """
    return count_commitments(
        s
        for s in action_states(corpus, today)
        if (since is None or s.created >= since) and (until is None or s.created <= until)
    )
