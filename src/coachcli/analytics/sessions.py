"""A rep's sessions over time: one row per session, and what they add up to."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from coachcli.analytics.actions import Commitments, action_states, count_commitments
from coachcli.analytics.corpus import check_kind, oldest_first, share_of_coaching
from coachcli.analytics.trends import Glossary, Targets, Trend, trends_in
from coachcli.errors import CoachError
from coachcli.records import Corpus
from coachcli.wording import json_minutes, json_share, json_value


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
    subject: str
    """The deal or account the session was about ("" when none)."""
    ratings: dict[str, int]
    metrics: dict[str, float]
    actions_created: tuple[str, ...]
    """Ids of the action items agreed in this session."""
    actions_closed: tuple[str, ...]
    """Ids of earlier action items reviewed as done or dropped in this session."""
    actions_not_done: tuple[str, ...]
    """Ids of earlier action items reviewed as not done in this session."""

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "started": self.started.isoformat(),
            "path": str(self.path),
            "framework": self.framework,
            "kind": self.kind,
            "duration_minutes": self.duration_minutes,
            "coaching_minutes": json_minutes(self.coaching_minutes),
            "performance_minutes": json_minutes(self.performance_minutes),
            "summary": self.summary,
            "subject": self.subject,
            "ratings": self.ratings,
            "metrics": {k: json_value(v) for k, v in self.metrics.items()},
            "actions_created": list(self.actions_created),
            "actions_closed": list(self.actions_closed),
            "actions_not_done": list(self.actions_not_done),
        }


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
    neutral_minutes: float = 0.0

    @property
    def coaching_share(self) -> float | None:
        """The coaching share of the minutes, neutral ones included (None when none are known)."""
        return share_of_coaching(
            self.coaching_minutes, self.performance_minutes, self.neutral_minutes
        )

    def to_json(self) -> dict[str, Any]:
        """The history as `coach history --json` prints it, after the rep's name and folder."""
        return {
            "sessions": [s.to_json() for s in self.sessions],
            "ratings": [t.to_json() for t in self.ratings],
            "metrics": [t.to_json() for t in self.metrics],
            "commitments": self.commitments.to_json(),
            "coaching_minutes": json_minutes(self.coaching_minutes),
            "performance_minutes": json_minutes(self.performance_minutes),
            "neutral_minutes": json_minutes(self.neutral_minutes),
            "coaching_share": json_share(self.coaching_share),
        }


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
    glossary: Glossary | None = None,
) -> History:
    """The sessions in ``corpus`` that pass the filters, oldest first, and their trends.

    ``since`` and ``until`` are inclusive dates; ``framework`` is a framework
    id; ``kind`` the session's (framework's) kind, exactly; ``last`` keeps
    the latest N after the other filters. Trends and commitments are computed
    from the sessions kept (commitments: of the actions agreed in them, as of
    ``today``). ``corpus`` is normally one rep's. ``glossary`` names the
    ratings and metrics.
    """
    if kind is not None:
        check_kind(kind)
    if last is not None and last < 1:
        raise CoachError(f"The number of sessions must be 1 or more, not {last}.")
    if since is not None and until is not None and since > until:
        raise CoachError(f"The start date {since} is after the end date {until}.")
    notes = [
        n
        for n in oldest_first(corpus.notes)
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
            subject=n.subject,
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
        ratings=trends_in(notes, "ratings", labels=(glossary or Glossary()).ratings),
        metrics=trends_in(notes, "metrics", targets, (glossary or Glossary()).metrics),
        commitments=count_commitments(agreed),
        coaching_minutes=sum(n.coaching_minutes for n in notes),
        performance_minutes=sum(n.performance_minutes for n in notes),
        neutral_minutes=sum(n.neutral_minutes for n in notes),
    )
