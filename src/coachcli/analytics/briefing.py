"""The brief: where a rep stands before a session, in ten seconds."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from coachcli.analytics.actions import ActionState, Commitments, action_states, count_commitments
from coachcli.analytics.corpus import latest_with, newest_first, rep_corpus
from coachcli.analytics.suggestions import Suggestion, suggest_for
from coachcli.analytics.trends import Glossary, Targets, Trend, trends_in
from coachcli.dates import humanize_due
from coachcli.records import Corpus, NoteRow
from coachcli.wording import json_value

if TYPE_CHECKING:
    from coachcli.reps import Rep

LAST_SESSIONS = 3
"""How many of the rep's latest sessions the brief lists."""
SUBJECT_DAYS = 90
"""The deals and accounts of the sessions in this many days are listed."""


@dataclass(frozen=True)
class ImportedFigure:
    """A metric's newest value imported from a CRM export (`coach import metrics`)."""

    id: str
    name: str
    unit: str
    value: float
    as_of: date
    source: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "unit": self.unit, "value": json_value(self.value),
            "as_of": self.as_of.isoformat(), "source": self.source,
        }  # fmt: skip


@dataclass
class Brief:
    """Where a rep stands, in ten seconds."""

    rep: Rep
    today: date
    sessions: int
    recent: list[NoteRow]
    """The latest sessions, newest first (at most :data:`LAST_SESSIONS`)."""
    open_actions: list[ActionState]
    """Open action items, soonest due first: the most overdue lead."""
    commitments: Commitments
    """Kept, missed and still open, among all the rep's action items."""
    ratings: list[Trend]
    metrics: list[Trend]
    days_since_coaching: int | None
    days_since_performance: int | None
    subjects: list[str] = field(default_factory=list)
    """The deals and accounts of the last :data:`SUBJECT_DAYS` days' sessions, newest first."""
    suggestion: Suggestion | None = None
    imported: list[ImportedFigure] = field(default_factory=list)
    """The rep's newest imported value of each metric, by metric name."""

    @property
    def last(self) -> NoteRow | None:
        """The latest session (None before the first)."""
        return self.recent[0] if self.recent else None

    def due_phrase(self, action: ActionState) -> str:
        """``3 days overdue``, ``in 5 days``, ``Fri 4 Dec``: the action's due date as of today."""
        return humanize_due(action.due, self.today)

    def to_json(self) -> dict[str, Any]:
        """What `coach brief --json` prints."""

        def trend(t: Trend) -> dict[str, Any]:
            return {
                "id": t.id,
                "name": t.name,
                "unit": t.unit,
                "last": json_value(t.last),
                "date": t.when.isoformat(),
                "change": json_value(t.change),
                "target": t.target,
                "target_low": t.target_low,
                "target_high": t.target_high,
                "on_target": t.on_target,
                "indicator": t.indicator,
                "values": [json_value(v) for v in t.values],
            }

        def session(n: NoteRow) -> dict[str, Any]:
            return {
                "date": n.date.isoformat(),
                "framework": n.framework,
                "framework_name": n.framework_name,
                "kind": n.kind,
                "subject": n.subject,
                "summary": n.summary,
                "path": str(n.path),
            }

        return {
            "rep": self.rep.name,
            "slug": self.rep.slug,
            "today": self.today.isoformat(),
            "sessions": self.sessions,
            "last_sessions": [session(n) for n in self.recent],
            "open_actions": [
                {**a.to_json(self.rep.name), "due_phrase": self.due_phrase(a)}
                for a in self.open_actions
            ],
            "commitments": self.commitments.to_json(),
            "ratings": [trend(t) for t in self.ratings],
            "metrics": [trend(t) for t in self.metrics],
            "days_since_coaching": self.days_since_coaching,
            "days_since_performance": self.days_since_performance,
            "subjects": self.subjects,
            "suggestion": self.suggestion.to_json() if self.suggestion else None,
            "imported": [i.to_json() for i in self.imported],
        }


def brief(
    corpus: Corpus,
    rep: Rep,
    today: date,
    targets: Targets | None = None,
    *,
    glossary: Glossary | None = None,
    available: Mapping[str, str] | None = None,
    subjects: Sequence[str] = (),
) -> Brief:
    """The brief shown before a session with ``rep`` (the rep's part of ``corpus``).

    ``glossary`` names the ratings and metrics; ``available`` (framework id →
    kind) lets the brief suggest the next conversation; ``subjects`` are the
    deals and accounts of recent sessions (see :mod:`coachcli.subjects`).
    """
    mine = rep_corpus(corpus, rep.slug)
    notes = newest_first(mine.notes)
    words = glossary or Glossary()

    def since(kind: str) -> int | None:
        found = latest_with(notes, kind)
        return None if found is None else (today - found.date).days

    chronological = notes[::-1]
    states = action_states(mine, today)
    suggestion = None
    if available is not None:
        suggestion = suggest_for(mine, today, targets or {}, available)
    return Brief(
        rep=rep,
        today=today,
        sessions=len(notes),
        recent=notes[:LAST_SESSIONS],
        open_actions=sorted(
            (s for s in states if s.status == "open"), key=lambda s: (s.due, s.created, s.id)
        ),
        commitments=count_commitments(states),
        ratings=trends_in(chronological, "ratings", labels=words.ratings),
        metrics=trends_in(chronological, "metrics", targets, words.metrics),
        days_since_coaching=since("coaching"),
        days_since_performance=since("performance"),
        subjects=list(subjects),
        suggestion=suggestion,
    )
