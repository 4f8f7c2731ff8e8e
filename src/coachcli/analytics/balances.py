"""The balance: coaching share of the 1:1 minutes, per rep and for the team, against the target.

Each section of a session is coaching, performance or neutral (logistics, the
rep's own agenda, admin); the share is coaching minutes ÷ all the meeting's
minutes, neutral ones included. A note that predates measured meeting time
(``NoteRow.estimated``) counts its framework's planned minutes by kind, and is
counted as an estimate; when its framework is gone, the minutes it recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Final, Literal

from coachcli.analytics.actions import ActionState
from coachcli.analytics.corpus import KINDS, by_rep, latest_with, newest_first, share_of_coaching
from coachcli.analytics.suggestions import COACHING_GAP_DAYS, Suggestion, suggest_for
from coachcli.analytics.trends import SPARKS, Targets
from coachcli.records import Corpus, NoteRow
from coachcli.wording import json_minutes, json_share, percent, plural, start_command

Period = Literal["week", "month"]
PERIODS: Final[tuple[Period, ...]] = ("week", "month")
Plans = Mapping[str, Mapping[str, float]]
"""{framework id: {section kind: planned minutes}}: what an estimated note counts."""
NO_SHARE: Final = "·"
"""A period with no 1:1 minutes, in a trend."""


@dataclass(frozen=True)
class KindTotals:
    """Sessions and minutes by kind, for one rep or the team, in one window or period."""

    sessions: dict[str, int]
    """Sessions by their framework's kind: coaching, performance, mixed."""
    coaching_minutes: float = 0.0
    performance_minutes: float = 0.0
    """Minutes by section kind: a mixed session counts in both."""
    neutral_minutes: float = 0.0
    """Minutes in neutral sections: in the meeting's length, in neither share."""
    estimated: int = 0
    """Sessions counted by their framework's plan (they predate measured meeting time)."""

    @property
    def total_sessions(self) -> int:
        return sum(self.sessions.values())

    @property
    def minutes(self) -> float:
        return self.coaching_minutes + self.performance_minutes + self.neutral_minutes

    @property
    def coaching_share(self) -> float | None:
        return share_of_coaching(
            self.coaching_minutes, self.performance_minutes, self.neutral_minutes
        )

    def to_json(self) -> dict[str, Any]:
        share = self.coaching_share
        return {
            "sessions": self.sessions,
            "minutes": json_minutes(self.minutes),
            "coaching_minutes": json_minutes(self.coaching_minutes),
            "performance_minutes": json_minutes(self.performance_minutes),
            "neutral_minutes": json_minutes(self.neutral_minutes),
            "coaching_share": json_share(share),
            "estimated_sessions": self.estimated,
        }


NO_TOTALS: Final = KindTotals(dict.fromkeys(KINDS, 0))


def add_up(parts: Iterable[KindTotals]) -> KindTotals:
    """``parts`` added up in their order (a team's, or a period's across reps)."""
    sessions = dict(NO_TOTALS.sessions)
    coaching = performance = neutral = 0.0
    estimated = 0
    for part in parts:
        for kind, count in part.sessions.items():
            sessions[kind] = sessions.get(kind, 0) + count
        coaching += part.coaching_minutes
        performance += part.performance_minutes
        neutral += part.neutral_minutes
        estimated += part.estimated
    return KindTotals(sessions, coaching, performance, neutral, estimated)


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
    periods: dict[date, KindTotals] = field(default_factory=dict)
    """The window's sessions by the first day of their week or month (only periods with one)."""

    def to_json(self, rep: str, starts: Sequence[date] = ()) -> dict[str, Any]:
        """The rep's line in `coach balance --json`; ``rep`` is the rep's name."""
        return {
            "rep": rep,
            "slug": self.rep_slug,
            **self.totals.to_json(),
            "gap": json_share(self.gap),
            "last_coaching": self.last_coaching.isoformat() if self.last_coaching else None,
            "suggestion": self.suggestion.to_json() if self.suggestion else None,
            "periods": [_period_json(s, self.periods.get(s, NO_TOTALS)) for s in starts],
        }


@dataclass(frozen=True)
class Uncoached:
    """A rep with no coaching conversation in the last N days."""

    rep_slug: str
    rep: str
    last_coaching: date | None
    days: int | None
    """Days since the last coaching conversation; None: never."""


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
    by: Period = "week"
    starts: list[date] = field(default_factory=list)
    """The first day of each week (Monday) or month in the window, oldest first."""
    periods: list[KindTotals] = field(default_factory=list)
    """The team's totals in each of ``starts``."""
    no_coaching_days: int = COACHING_GAP_DAYS
    uncoached: list[Uncoached] = field(default_factory=list)
    """Reps with no coaching conversation in ``no_coaching_days`` (never first, then longest)."""

    @property
    def gap(self) -> float | None:
        share = self.team.coaching_share
        return None if share is None else share - self.target

    def label(self, start: date) -> str:
        return period_label(start, self.by)

    def trend(self, periods: Sequence[KindTotals]) -> str:
        return share_trend(p.coaching_share for p in periods)

    def rep_periods(self, rep: RepBalance) -> list[KindTotals]:
        return [rep.periods.get(s, NO_TOTALS) for s in self.starts]

    def to_json(self, name: Callable[[str], str]) -> dict[str, Any]:
        """The balance as `coach balance --json` prints it; ``name`` names a rep by folder."""
        return {
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat(),
            "target": self.target,
            "by": self.by,
            "team": {
                **self.team.to_json(),
                "gap": json_share(self.gap),
                "periods": [
                    _period_json(s, p) for s, p in zip(self.starts, self.periods, strict=True)
                ],
            },
            "reps": [r.to_json(name(r.rep_slug), self.starts) for r in self.reps],
            "no_coaching_days": self.no_coaching_days,
            "no_coaching": [
                {
                    "rep": name(u.rep_slug),
                    "slug": u.rep_slug,
                    "last_coaching": u.last_coaching.isoformat() if u.last_coaching else None,
                    "days": u.days,
                }
                for u in self.uncoached
            ],
            "suggestions": self.suggestions,
        }


def _period_json(start: date, totals: KindTotals) -> dict[str, Any]:
    return {"start": start.isoformat(), **totals.to_json()}


# --------------------------------------------------------------------------- periods


def period_start(day: date, by: Period) -> date:
    """The Monday of ``day``'s week, or the first of its month."""
    if by == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def next_period(start: date, by: Period) -> date:
    if by == "week":
        return start + timedelta(days=7)
    return date(start.year + start.month // 12, start.month % 12 + 1, 1)


def period_starts(first: date, last: date, by: Period) -> list[date]:
    """Every week's Monday (or month's first) from ``first``'s period to ``last``'s."""
    starts, start, end = [], period_start(first, by), period_start(last, by)
    while start <= end:
        starts.append(start)
        start = next_period(start, by)
    return starts


def period_label(start: date, by: Period) -> str:
    """``2026-11-23`` (a week, by its Monday) or ``2026-11`` (a month)."""
    return start.isoformat() if by == "week" else start.strftime("%Y-%m")


def share_trend(shares: Iterable[float | None]) -> str:
    """One mark per period on a fixed scale: ▁ is no coaching, █ all coaching, · no minutes."""
    top = len(SPARKS) - 1
    return "".join(NO_SHARE if s is None else SPARKS[int(s * top + 0.5)] for s in shares)


# --------------------------------------------------------------------------- counting


def counted_minutes(note: NoteRow, plans: Plans) -> tuple[float, float, float]:
    """(coaching, performance, neutral) minutes of ``note`` as the balance counts them.

    A note with measured meeting time counts what it recorded; an estimated
    one its framework's planned minutes by kind (the kinds of today's
    framework file), or, when the framework is gone, what it recorded.
    """
    return _counted(note.framework, note.estimated, note.coaching_minutes,
                    note.performance_minutes, note.neutral_minutes, plans)  # fmt: skip


def _counted(framework: str, estimated: bool, coaching: float, performance: float,
             neutral: float, plans: Plans) -> tuple[float, float, float]:  # fmt: skip
    plan = plans.get(framework) if estimated else None
    if plan is not None:
        return plan.get("coaching", 0.0), plan.get("performance", 0.0), plan.get("neutral", 0.0)
    return coaching, performance, neutral


CountedRow = tuple[date, str, str, bool, float, float, float]
"""What the balance counts of a note: (date, kind, framework, estimated, coaching,
performance and neutral minutes as recorded)."""
Window = tuple[KindTotals, dict[date, KindTotals]]
"""A window's totals, and its totals by the first day of each period with a session."""


class _Adding:
    """Sessions and minutes added up one note at a time, in the notes' order."""

    __slots__ = ("coaching", "estimated", "neutral", "performance", "sessions")

    def __init__(self) -> None:
        self.sessions = dict.fromkeys(KINDS, 0)
        self.coaching = self.performance = self.neutral = 0.0
        self.estimated = 0

    def totals(self) -> KindTotals:
        return KindTotals(self.sessions, self.coaching, self.performance, self.neutral,
                          self.estimated)  # fmt: skip


def window_totals(rows: Iterable[CountedRow], plans: Plans, by: Period) -> Window:
    """The totals of a window's notes (``rows``, newest first), and by ``by`` period.

    One pass, each sum in the notes' order: from notes or straight from the index alike."""
    whole = _Adding()
    periods: dict[date, _Adding] = {}
    starts: dict[date, _Adding] = {}  # a day's period
    for day, kind, framework, estimated, coaching, performance, neutral in rows:
        if estimated:
            coaching, performance, neutral = _counted(
                framework, estimated, coaching, performance, neutral, plans
            )
        period = starts.get(day)
        if period is None:
            start = period_start(day, by)
            period = starts[day] = periods.get(start) or periods.setdefault(start, _Adding())
        for adding in (whole, period):
            adding.sessions[kind] = adding.sessions.get(kind, 0) + 1
            adding.coaching += coaching
            adding.performance += performance
            adding.neutral += neutral
            adding.estimated += estimated
    return whole.totals(), {start: period.totals() for start, period in periods.items()}


def balance(
    corpus: Corpus,
    today: date,
    target: float,
    *,
    since: date | None = None,
    rep_slug: str | None = None,
    targets: Targets | None = None,
    available: Mapping[str, str] | None = None,
    plans: Plans | None = None,
    by: Period = "week",
    no_coaching_days: int = COACHING_GAP_DAYS,
) -> Balance:
    """Sessions and minutes by kind from ``since`` (inclusive; None: all) to ``today``.

    ``target`` is the coaching share aimed for (0 to 1). Each rep's
    suggestion (:func:`suggest`) needs ``available``; without it there are
    none. A rep with no session in the window is listed only when there is a
    suggestion for them or no coaching in ``no_coaching_days``. The first
    line of ``suggestions`` says where the team stands against the target
    and, when below it, names the least coached reps (up to 3).
    """
    parts = by_rep(corpus)
    if rep_slug is not None:
        parts = {rep_slug: parts[rep_slug]} if rep_slug in parts else {}
    found = [
        rep_balance(
            part,
            slug,
            today,
            target,
            since=since,
            targets=targets,
            available=available,
            plans=plans,
            by=by,
            no_coaching_days=no_coaching_days,
        )
        for slug, part in parts.items()
    ]
    return combine_balances(
        [b for b in found if b is not None], today, target, since=since, by=by,
        no_coaching_days=no_coaching_days,
    )  # fmt: skip


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
    plans: Plans | None = None,
    by: Period = "week",
    no_coaching_days: int = COACHING_GAP_DAYS,
    states: Sequence[ActionState] | None = None,
    window: Window | None = None,
) -> RepBalance | None:
    """One rep's balance from their own corpus (None when there is nothing to show).

    ``name`` is the rep's current name (default: the name in their latest
    note). ``states``: the rep's action items as of ``today``, when already
    known; ``window``: the window's totals (:func:`window_totals` of the
    rep's notes from ``since`` to ``today``), when already added up. Given
    both, ``part`` needs only the notes
    :func:`~coachcli.analytics.suggestions.suggest_for` looks at.
    """
    plans = plans or {}
    notes = newest_first(part.notes, until=today)
    if not notes:
        return None
    if window is None:
        mine = ((n.date, n.kind, n.framework, n.estimated, n.coaching_minutes,
                 n.performance_minutes, n.neutral_minutes)
                for n in notes if since is None or n.date >= since)  # fmt: skip
        window = window_totals(mine, plans, by)
    totals, periods = window
    share = totals.coaching_share
    suggestion = (
        suggest_for(part, today, targets or {}, available, states)
        if available is not None
        else None
    )
    coached = latest_with(notes, "coaching")
    last = None if coached is None else coached.date
    quiet = not totals.total_sessions and suggestion is None
    if quiet and not _uncoached(last, today, no_coaching_days):
        return None
    return RepBalance(
        rep_slug=rep_slug,
        rep=name or notes[0].rep,
        totals=totals,
        gap=None if share is None else share - target,
        last_coaching=last,
        suggestion=suggestion,
        periods=periods,
    )


def _uncoached(last: date | None, today: date, days: int) -> bool:
    return last is None or (today - last).days > days


def combine_balances(
    reps: Iterable[RepBalance],
    today: date,
    target: float,
    *,
    since: date | None = None,
    by: Period = "week",
    no_coaching_days: int = COACHING_GAP_DAYS,
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
    team = add_up(rep.totals for rep in ordered)
    first = since or min((d for r in ordered for d in r.periods), default=None)
    starts = period_starts(first, today, by) if first is not None else []
    periods = []
    for start in starts:
        periods.append(add_up(rep.periods.get(start, NO_TOTALS) for rep in ordered))
    uncoached = [
        Uncoached(
            r.rep_slug,
            r.rep,
            r.last_coaching,
            None if r.last_coaching is None else (today - r.last_coaching).days,
        )
        for r in ordered
        if _uncoached(r.last_coaching, today, no_coaching_days)
    ]
    uncoached.sort(key=lambda u: (u.days is not None, -(u.days or 0), u.rep.casefold()))
    return Balance(
        since=since,
        until=today,
        target=target,
        reps=ordered,
        team=team,
        suggestions=_balance_lines(team, ordered, target, since),
        by=by,
        starts=starts,
        periods=periods,
        no_coaching_days=no_coaching_days,
        uncoached=uncoached,
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
            f"{plural(round((target - share) * 100), 'point')} under; plan coaching "
            + (f"first with {names}." if names else "sessions.")
        )
    for rep in reps:
        if rep.suggestion is not None:
            lines.append(
                f"{rep.rep}: {rep.suggestion.reason} → "
                f"{start_command(rep.rep)} -f {rep.suggestion.framework}"
            )
    return lines


def estimate_note(estimated: int, sessions: int) -> str:
    """The line under a balance that counts some sessions by plan ("" when none)."""
    if not estimated:
        return ""
    return (
        f"~ {estimated} of {plural(sessions, 'session')} predate measured meeting time: "
        "counted by their framework's planned minutes (an estimate)."
    )
