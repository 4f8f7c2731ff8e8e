"""`coach team`'s question answered: per manager, coaching against target, cadence, commitments.

Read from the managers' publications only (:mod:`coachcli.team_files`:
per-session aggregates, reps and action items' dates), never a note. Each
publication becomes the read model the manager's own commands use
(:class:`~coachcli.records.Corpus`, :class:`~coachcli.rep_record.Rep`), and the
figures come from the same functions: the coaching share and its monthly
trend and who had no coaching lately from :func:`coachcli.analytics.balance`
(as `coach balance`), overdue reps from :func:`coachcli.analytics.reps_overview`
(as `coach reps`), commitments kept as kept ÷ (kept + missed) of the
commitments reviewed in the window's sessions. The suggestion for each
manager follows the rules in docs/team.md (:data:`RULES`), the first that
fires wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from coachcli import analytics
from coachcli.analytics.balances import NO_TOTALS, period_starts, share_trend
from coachcli.errors import CoachError
from coachcli.home import Home
from coachcli.records import ActionRow, Corpus, NoteRow
from coachcli.rep_record import Rep
from coachcli.team_files import Published, SessionLine, manager_folders, read_published
from coachcli.view import Result
from coachcli.wording import json_share, percent, plural, start_command

if TYPE_CHECKING:
    from coachcli.analytics import KindTotals, RepRow, Uncoached
    from coachcli.team_list import Source

FAR_UNDER: Final = 0.15
"""Coaching share this far (15 points) or more under the manager's target: coach the coach."""
OVERDUE_SHARE: Final = 1 / 3
"""This share of a manager's active reps overdue for a 1:1 (and at least :data:`OVERDUE_MIN`)."""
OVERDUE_MIN: Final = 2
KEPT_LOW: Final = 0.6
"""Commitments kept under this share, of at least :data:`KEPT_MIN` counted."""
KEPT_MIN: Final = 5
UNCOACHED_SHARE: Final = 1 / 3
"""This share of active reps with no coaching conversation in N days."""
STALE_DAYS: Final = 14
"""A publication older than this many days: the figures may be out of date."""
RULES: Final = ("stale", "coach-the-coach", "cadence", "commitments", "coaching-reach")
"""The suggestion rules, in the order they are tried (docs/team.md)."""


@dataclass(frozen=True)
class ManagerSuggestion:
    rule: str
    text: str

    def to_json(self) -> dict[str, str]:
        return {"rule": self.rule, "text": self.text}


@dataclass(frozen=True)
class ManagerFigures:
    """One manager's line in `coach team`."""

    source: str
    """The name of the team source it was read from."""
    slug: str
    name: str
    target: float
    cadence_days: int
    published: date | None
    totals: KindTotals
    """The window's sessions and minutes by kind (as `coach balance` counts them)."""
    months: list[KindTotals]
    """The manager's totals in each of :attr:`TeamView.months`."""
    active_reps: int
    overdue: list[RepRow]
    """Active reps overdue for a 1:1 by their cadence, most overdue first (as `coach reps`)."""
    kept: int
    missed: int
    """Commitments reviewed in the window's sessions as kept / missed."""
    open_actions: int
    overdue_actions: int
    uncoached: list[Uncoached]
    """Active reps with no coaching conversation in N days (never first, then longest)."""
    suggestion: ManagerSuggestion | None

    @property
    def share(self) -> float | None:
        return self.totals.coaching_share

    @property
    def gap(self) -> float | None:
        return None if self.share is None else self.share - self.target

    @property
    def kept_ratio(self) -> float | None:
        return analytics.Commitments(self.kept, self.missed).ratio

    def to_json(self, starts: Iterable[date]) -> dict[str, Any]:
        return {
            "name": self.name,
            "slug": self.slug,
            "source": self.source,
            "coaching_target": self.target,
            "cadence_days": self.cadence_days,
            "published": self.published.isoformat() if self.published else None,
            **self.totals.to_json(),
            "gap": json_share(self.gap),
            "months": [
                {"start": s.isoformat(), **m.to_json()}
                for s, m in zip(starts, self.months, strict=True)
            ],
            "reps": self.active_reps,
            "overdue_reps": [
                {
                    "rep": r.name,
                    "slug": r.slug,
                    "last_date": r.last_date.isoformat() if r.last_date else None,
                    "cadence_days": r.cadence_days,
                    "days_overdue": r.days_overdue,
                }
                for r in self.overdue
            ],
            "commitments": {
                "kept": self.kept,
                "missed": self.missed,
                "ratio": json_share(self.kept_ratio),
            },
            "open_actions": self.open_actions,
            "overdue_actions": self.overdue_actions,
            "no_coaching": [
                {
                    "rep": u.rep,
                    "slug": u.rep_slug,
                    "last_coaching": u.last_coaching.isoformat() if u.last_coaching else None,
                    "days": u.days,
                }
                for u in self.uncoached
            ],
            "suggestion": self.suggestion.to_json() if self.suggestion else None,
        }


@dataclass
class TeamView(Result):
    """`coach team`: every manager of every source, lowest coaching share first."""

    since: date = date.min
    until: date = date.min
    no_coaching_days: int = analytics.COACHING_GAP_DAYS
    months: list[date] = field(default_factory=list)
    """The first day of each month of the window, oldest first."""
    managers: list[ManagerFigures] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)

    def trend(self, manager: ManagerFigures) -> str:
        return share_trend(m.coaching_share for m in manager.months)

    def to_json(self) -> dict[str, Any]:
        return {
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "no_coaching_days": self.no_coaching_days,
            "months": [m.isoformat() for m in self.months],
            "sources": [s.to_json() for s in self.sources],
            "managers": [m.to_json(self.months) for m in self.managers],
        }


def team_view(
    home: Home,
    today: date,
    *,
    since: date,
    no_coaching_days: int = analytics.COACHING_GAP_DAYS,
    fetch: bool = True,
) -> TeamView:
    """Every manager of the team list as of ``today``; remotes are fetched first unless not
    ``fetch``."""
    from coachcli.settings import load_settings
    from coachcli.team_list import load_sources, refresh

    warnings: list[str] = []
    sources = load_sources(home)
    if not sources:
        raise CoachError(
            "No team source yet: add the managers' team remote or folder first.",
            hint="coach team add West git@github.com:acme/sales-west-team.git",
        )
    if since > today:
        raise CoachError(f"The window would start on {since.isoformat()}, after today.")
    if fetch:
        refresh(home, sources, warnings)
    defaults = load_settings(home, warnings)
    found = []
    for source in sources:
        folders = manager_folders(source.folder(home))
        if not folders:
            warnings.append(f"{source.name}: no manager has published yet ({source.where}).")
        for folder in folders:
            published = read_published(folder, open_actions_only=True)
            warnings.extend(published.warnings)
            found.append(
                manager_figures(
                    published,
                    source.name,
                    today,
                    since=since,
                    no_coaching_days=no_coaching_days,
                    target=defaults.coaching_target,
                    cadence_days=defaults.cadence_days,
                )
            )
    found.sort(key=lambda m: (m.share is None, m.share or 0.0, m.name.casefold(), m.slug))
    return TeamView(
        warnings=warnings,
        since=since,
        until=today,
        no_coaching_days=no_coaching_days,
        months=period_starts(since, today, "month"),
        managers=found,
        sources=sources,
    )


def corpus_of(published: Published, since: date | None = None) -> tuple[Corpus, list[Rep]]:
    """A publication as the read model: a note row per session, an action row per open item
    (closed ones only count in the sessions' kept and missed), the reps.

    With ``since``, only what the balance and the cadence look at: the sessions from
    ``since`` on, and each rep's newest session and newest with coaching time before it.
    A row's path is ``<manager>/<note>`` (its key); rows have no text. A rep with
    sessions but no line in ``reps.csv`` is a rep all the same.
    """
    base = Path(published.folder.name if published.folder else "")
    midnight = time()
    notes = [
        NoteRow(
            path=base / s.note,
            rep_slug=s.rep_slug,
            rep=s.rep,
            started=datetime.combine(s.date, midnight),
            framework=s.framework,
            framework_name=s.framework,
            kind=s.kind,
            duration_minutes=round(s.minutes),
            coaching_minutes=s.coaching_minutes,
            performance_minutes=s.performance_minutes,
            summary="",
            neutral_minutes=s.neutral_minutes,
            estimated=s.estimated,
        )
        for s in _looked_at(published, since)
    ]
    actions = [
        ActionRow(
            id=a.id,
            rep_slug=a.rep_slug,
            text="",
            owner=a.owner,
            due=a.due,
            created=a.created,
            note=base,
            status="open",
            final=True,
        )
        for a in published.actions
        if a.status == "open"
    ]
    day = published.manager.published if published.manager else date.min
    reps = {
        r.rep_slug: Rep(
            r.rep or r.rep_slug,
            r.start_date or day,
            r.rep_slug,
            start_date=r.start_date,
            cadence_days=r.cadence_days,
            archived=r.archived,
        )
        for r in published.reps
    }
    for note in reversed(notes):  # newest name first
        if note.rep_slug not in reps:
            reps[note.rep_slug] = Rep(note.rep or note.rep_slug, day, note.rep_slug)
    return Corpus(notes=notes, actions=actions), list(reps.values())


def _looked_at(published: Published, since: date | None) -> list[SessionLine]:
    if since is None:
        return published.sessions
    from coachcli.analytics.corpus import has_time

    kept = [s for s in published.sessions if s.date >= since]
    newest: dict[str, SessionLine] = {}
    coached: dict[str, SessionLine] = {}
    reps = {s.rep_slug for s in published.sessions}
    for s in sorted(
        (s for s in published.sessions if s.date < since), key=lambda s: s.date, reverse=True
    ):
        newest.setdefault(s.rep_slug, s)
        if s.rep_slug not in coached:
            row = NoteRow(
                Path(),
                s.rep_slug,
                s.rep,
                datetime.min,
                s.framework,
                s.framework,
                s.kind,
                0,
                s.coaching_minutes,
                s.performance_minutes,
                "",
            )
            if has_time(row, "coaching"):
                coached[s.rep_slug] = s
                if len(coached) == len(reps):
                    break
    return [*{id(s): s for s in [*newest.values(), *coached.values()]}.values(), *kept]


def manager_figures(
    published: Published,
    source: str,
    today: date,
    *,
    since: date,
    no_coaching_days: int,
    target: float,
    cadence_days: int,
) -> ManagerFigures:
    """One manager's figures; ``target`` and ``cadence_days`` stand in where their manager.toml
    is silent."""
    manager = published.manager
    folder = published.folder.name if published.folder else ""
    if manager is not None:  # else the folder names them, and the leader's settings apply
        target, cadence_days = manager.coaching_target, manager.cadence_days
    cadence = cadence_days
    corpus, reps = corpus_of(published, since)
    active = {r.slug for r in reps if not r.archived}
    found = analytics.balance(
        corpus, today, target, since=since, by="month", no_coaching_days=no_coaching_days
    )
    by_start = dict(zip(found.starts, found.periods, strict=True))
    rows = analytics.reps_overview(corpus, reps, cadence, today)
    met = {n.rep_slug for n in corpus.notes}
    uncoached = [u for u in found.uncoached if u.rep_slug in active]
    uncoached[:0] = [
        analytics.Uncoached(r.slug, r.name, None, None)
        for r in reps
        if r.slug in active and r.slug not in met
    ]
    window = [s for s in published.sessions if since <= s.date <= today]
    figures = ManagerFigures(
        source=source,
        slug=manager.slug if manager else folder,
        name=manager.name if manager else folder,
        target=target,
        cadence_days=cadence,
        published=manager.published if manager else None,
        totals=found.team,
        months=[by_start.get(s, NO_TOTALS) for s in found.starts],
        active_reps=len(active),
        overdue=[r for r in rows if r.overdue],
        kept=sum(s.kept for s in window),
        missed=sum(s.missed for s in window),
        open_actions=sum(r.open_actions for r in rows),
        overdue_actions=sum(r.overdue_actions for r in rows),
        uncoached=uncoached,
        suggestion=None,
    )
    return _with_suggestion(figures, today, no_coaching_days)


def _with_suggestion(m: ManagerFigures, today: date, days: int) -> ManagerFigures:
    from dataclasses import replace

    return replace(m, suggestion=suggest(m, today, days))


def suggest(m: ManagerFigures, today: date, no_coaching_days: int) -> ManagerSuggestion | None:
    """The first of :data:`RULES` that fires for ``m``; None: nothing stands out."""
    first = m.name.split()[0] if m.name.split() else m.name
    if m.published is not None and (today - m.published).days > STALE_DAYS:
        age = (today - m.published).days
        return ManagerSuggestion(
            "stale",
            f"published {plural(age, 'day')} ago → ask {first} to run `coach sync` "
            "before reading these figures",
        )
    share = m.share
    if share is not None and m.target - share >= FAR_UNDER:
        return ManagerSuggestion(
            "coach-the-coach",
            f"coaching is {percent(share)} of 1:1 time against a target of {percent(m.target)} "
            f"→ coach the coach: a manager-self-review with {first} "
            f"({start_command(m.name)} -f manager-self-review)",
        )
    if m.active_reps and len(m.overdue) >= max(OVERDUE_MIN, m.active_reps * OVERDUE_SHARE):
        return ManagerSuggestion(
            "cadence",
            f"{len(m.overdue)} of {plural(m.active_reps, 'rep')} overdue for a 1:1 "
            f"→ agree with {first} a fixed slot per rep (cadence {m.cadence_days} days)",
        )
    ratio = m.kept_ratio
    if ratio is not None and m.kept + m.missed >= KEPT_MIN and ratio < KEPT_LOW:
        return ManagerSuggestion(
            "commitments",
            f"{percent(ratio)} of reps' commitments kept → review with {first} how action "
            "items are agreed (one owner, a due date, reviewed at the next 1:1)",
        )
    if m.active_reps and len(m.uncoached) >= max(1, m.active_reps * UNCOACHED_SHARE):
        return ManagerSuggestion(
            "coaching-reach",
            f"{len(m.uncoached)} of {plural(m.active_reps, 'rep')} had no coaching "
            f"conversation in {no_coaching_days} days → ask {first} to plan one with each",
        )
    return None
