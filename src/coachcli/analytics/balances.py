"""Coaching vs performance time, per rep and for the team, against the target."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from coachcli.analytics.corpus import KINDS, by_rep, latest_with, newest_first, share_of_coaching
from coachcli.analytics.suggestions import Suggestion, suggest_for
from coachcli.analytics.trends import Targets
from coachcli.records import Corpus, NoteRow
from coachcli.wording import percent, start_command


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
        return share_of_coaching(self.coaching_minutes, self.performance_minutes)

    def to_json(self) -> dict[str, Any]:
        return {
            "sessions": self.sessions,
            "coaching_minutes": round(self.coaching_minutes, 1),
            "performance_minutes": round(self.performance_minutes, 1),
            "coaching_share": self.coaching_share,
        }


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

    def to_json(self, rep: str) -> dict[str, Any]:
        """The rep's line in `coach balance --json`; ``rep`` is the rep's name."""
        return {
            "rep": rep,
            "slug": self.rep_slug,
            **self.totals.to_json(),
            "gap": None if self.gap is None else round(self.gap, 4),
            "last_coaching": self.last_coaching.isoformat() if self.last_coaching else None,
            "suggestion": self.suggestion.to_json() if self.suggestion else None,
        }


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

    def to_json(self, name: Callable[[str], str]) -> dict[str, Any]:
        """The balance as `coach balance --json` prints it; ``name`` names a rep by folder."""
        return {
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat(),
            "target": self.target,
            "team": self.team.to_json(),
            "reps": [r.to_json(name(r.rep_slug)) for r in self.reps],
            "suggestions": self.suggestions,
        }


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
    parts = by_rep(corpus)
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
    notes = newest_first(part.notes, until=today)
    if not notes:
        return None
    mine = [n for n in notes if since is None or n.date >= since]
    totals = _totals(mine)
    share = totals.coaching_share
    suggestion = (
        suggest_for(part, today, targets or {}, available) if available is not None else None
    )
    if not mine and suggestion is None:
        return None
    coached = latest_with(notes, "coaching")
    return RepBalance(
        rep_slug=rep_slug,
        rep=name or notes[0].rep,
        totals=totals,
        gap=None if share is None else share - target,
        last_coaching=None if coached is None else coached.date,
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
            f"Coaching is {percent(share)} of your 1:1 time {window} (target {percent(target)}): "
            "on target."
        )
    else:
        least = [r for r in reps if r.gap is not None and r.gap < 0][:3]
        names = ", ".join(f"{r.rep} {percent(r.totals.coaching_share or 0.0)}" for r in least)
        lines.append(
            f"Coaching is {percent(share)} of your 1:1 time {window} (target {percent(target)}): "
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
