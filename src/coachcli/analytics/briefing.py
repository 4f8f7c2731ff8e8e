"""The brief: where a rep stands before a session, in ten seconds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from coachcli.analytics.actions import ActionState, Commitments, action_states, count_commitments
from coachcli.analytics.corpus import latest_with, newest_first, rep_corpus
from coachcli.analytics.trends import Targets, Trend, trends_in
from coachcli.records import Corpus, NoteRow

if TYPE_CHECKING:
    from coachcli.reps import Rep


@dataclass
class Brief:
    """Where a rep stands, in ten seconds."""

    rep: Rep
    today: date
    sessions: int
    last: NoteRow | None
    open_actions: list[ActionState]
    commitments: Commitments
    """Kept, missed and still open, among all the rep's action items."""
    ratings: list[Trend]
    metrics: list[Trend]
    days_since_coaching: int | None
    days_since_performance: int | None


def brief(corpus: Corpus, rep: Rep, today: date, targets: Targets | None = None) -> Brief:
    """The brief shown before a session with ``rep`` (the rep's part of ``corpus``)."""
    mine = rep_corpus(corpus, rep.slug)
    notes = newest_first(mine.notes)

    def since(kind: str) -> int | None:
        found = latest_with(notes, kind)
        return None if found is None else (today - found.date).days

    chronological = notes[::-1]
    states = action_states(mine, today)
    return Brief(
        rep=rep,
        today=today,
        sessions=len(notes),
        last=notes[0] if notes else None,
        open_actions=[s for s in states if s.status == "open"],
        commitments=count_commitments(states),
        ratings=trends_in(chronological, "ratings"),
        metrics=trends_in(chronological, "metrics", targets),
        days_since_coaching=since("coaching"),
        days_since_performance=since("performance"),
    )
