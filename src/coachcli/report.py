"""`coach report`: the review packet built from the notes (a `ReportView`).

The index says which notes fall in the window and how their minutes split;
each of those notes is then read whole (:func:`coachcli.notes.from_markdown`),
because only the note knows which of its parts are shared. Without
``include_private`` a part enters the packet only when its note marks it
shared: a summary, a rating or metric listed in the ``shared`` property, a
feedback statement, a commitment from shared action items. The minutes by
kind and the number of 1:1s are facts about the meetings, never private.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from coachcli import analytics
from coachcli.analytics.corpus import by_rep, oldest_first
from coachcli.errors import CoachError
from coachcli.home import Home
from coachcli.properties import METRIC, RATING
from coachcli.records import Corpus, NoteRow
from coachcli.report_view import (
    Commitment,
    MonthBalance,
    Point,
    Quote,
    ReportView,
    RepReport,
    Series,
    SessionEntry,
)
from coachcli.visibility import has_private_tag

if TYPE_CHECKING:
    from coachcli.framework import Framework, Rating
    from coachcli.imports import MetricValue
    from coachcli.prep import FrameworkFacts
    from coachcli.reps import Rep
    from coachcli.session import Session
    from coachcli.team_view import TeamView

Progress = Callable[[int, int], None]


@dataclass
class _Notes:
    """Notes read whole, once each; the ones that cannot be read, as warnings."""

    read: dict[Path, Session | None] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def get(self, path: Path) -> Session | None:
        if path not in self.read:
            from coachcli.fsys import read_bytes
            from coachcli.notes import from_markdown

            try:
                text = read_bytes(path).decode("utf-8")
                self.read[path] = from_markdown(text, str(path))
            except (CoachError, OSError, UnicodeDecodeError) as exc:
                message = exc.message if isinstance(exc, CoachError) else str(exc)
                self.warnings.append(message if str(path) in message else f"{path}: {message}")
                self.read[path] = None
        return self.read[path]


def build_report(
    home: Home,
    today: date,
    since: date,
    *,
    rep_ref: str | None = None,
    include_private: bool = False,
    progress: Progress | None = None,
) -> ReportView:
    """The review packet for one rep (``rep_ref``) or, without one, the team, from ``since``."""
    from coachcli.index import load_corpus
    from coachcli.loader import discover
    from coachcli.prep import framework_facts
    from coachcli.reps import get_rep, list_reps
    from coachcli.self_review_ids import is_self_review_note
    from coachcli.settings import load_settings

    if since > today:
        raise CoachError(
            f"The report would start on {since.isoformat()}, after today.",
            hint="Give a span back from today, e.g. --since 90d, or a past date.",
        )
    warnings: list[str] = []
    config = load_settings(home, warnings)
    frameworks = [s.framework for s in discover(home) if s.framework is not None]
    facts = framework_facts(home, frameworks)
    managers = None
    if rep_ref is not None:
        reps = [get_rep(home, rep_ref, begun=True)]
    else:
        listing = list_reps(home)
        warnings.extend(listing.warnings)
        reps = [r for r in listing.reps if not r.archived]
        managers = _managers(home, today, since)
        if managers is not None:
            warnings.extend(managers.warnings)
        elif not reps:
            raise CoachError("There are no reps yet.", hint='Add one: coach rep add "Alex Kim"')
    corpus = (
        load_corpus(home, reps[0].slug if rep_ref else None, progress=progress)
        if reps
        else Corpus()
    )
    warnings.extend(corpus.warnings)
    parts = by_rep(corpus)
    notes = _Notes()
    imported: list[MetricValue] = []
    if include_private:  # the manager's numbers: never in a shared packet (docs/report.md)
        from coachcli.imports import metric_values

        kept = metric_values(home)
        imported = kept.values
        warnings.extend(kept.warnings)
    reports = tuple(
        _rep_report(
            rep,
            parts.get(rep.slug, Corpus()),
            frameworks,
            facts,
            notes,
            since,
            today,
            include_private=include_private,
            target=config.coaching_target,
            imported=imported,
        )
        for rep in reps
    )
    title = f"{reps[0].name} · review packet" if rep_ref else "Team review packet"
    own = rep_ref is not None and any(
        is_self_review_note(n.framework, n.metrics) for n in corpus.notes
    )
    return ReportView(
        title=title,
        manager=config.manager_name,
        start=since,
        end=today,
        include_private=include_private,
        reps=reports,
        team=rep_ref is None,
        warnings=tuple(dict.fromkeys([*warnings, *notes.warnings])),
        managers=managers,
        own=own,
    )


def _managers(home: Home, today: date, since: date) -> TeamView | None:
    """The managers' view (`coach team`) when the leader reads team sources, else None."""
    from coachcli.team_list import load_sources

    if not load_sources(home):
        return None
    from coachcli.team_view import team_view

    return team_view(home, today, since=since)


def _rep_report(
    rep: Rep,
    corpus: Corpus,
    frameworks: list[Framework],
    facts: FrameworkFacts,
    notes: _Notes,
    since: date,
    today: date,
    *,
    include_private: bool,
    target: float,
    imported: list[MetricValue],
) -> RepReport:
    rows = [n for n in oldest_first(corpus.notes) if since <= n.date <= today]
    sessions: list[SessionEntry] = []
    quotes: list[Quote] = []
    ratings: dict[str, list[Point]] = {}
    metrics: dict[str, list[Point]] = {}
    for row in rows:
        session = notes.get(row.path)
        if session is None:
            continue
        shown = set(session.shared_measures)
        summary = session.summary if include_private or session.summary_shared else ""
        sessions.append(
            SessionEntry(
                row.date,
                session.framework_name,
                row.kind,
                row.duration_minutes,
                row.subject,
                summary,
            )
        )
        quotes += [
            Quote(row.date, f.name or f.template, f.text)
            for f in session.feedback
            if include_private or f.shared
        ]
        for key, level in session.ratings.items():
            if include_private or RATING + key in shown:
                ratings.setdefault(key, []).append(Point(row.date, float(level)))
        for key, amount in session.metrics.items():
            if include_private or METRIC + key in shown:
                metrics.setdefault(key, []).append(Point(row.date, amount))
    _add_imported(metrics, imported, rep.slug, since, today)
    return RepReport(
        rep=rep.name,
        role=rep.role,
        sessions=tuple(sessions),
        commitments=_commitments(corpus, notes, since, today, include_private),
        series=_series(ratings, metrics, frameworks, facts),
        months=_months(rows, facts.plans, since, today),
        quotes=tuple(quotes),
        coaching_target=target,
    )


def _add_imported(
    metrics: dict[str, list[Point]], imported: list[MetricValue], slug: str, since: date,
    today: date,
) -> None:  # fmt: skip
    """Put the rep's imported values of the window in ``metrics``, by day (a session's value
    stands on its day: :func:`coachcli.imports.beside_sessions`)."""
    from coachcli.imports import beside_sessions

    recorded = {key: [p.day for p in points] for key, points in metrics.items()}
    for value in beside_sessions(imported, slug, recorded):
        if since <= value.as_of <= today:
            metrics.setdefault(value.metric, []).append(
                Point(value.as_of, value.value, value.source)
            )
    for points in metrics.values():
        points.sort(key=lambda p: p.day)  # stable: a session's point before an import's


def _commitments(
    corpus: Corpus, notes: _Notes, since: date, today: date, include_private: bool
) -> tuple[Commitment, ...]:
    """The rep's commitments due in the window, and those still open, by due date."""
    found = []
    for state in analytics.action_states(corpus, today):
        if state.owner != "rep" or not (since <= state.due <= today or state.status == "open"):
            continue
        if not include_private:
            agreed = notes.get(state.note)
            if agreed is None or not agreed.actions_shared or has_private_tag(state.text):
                continue
        standing = analytics.commitment(state)
        outcome = "dropped" if standing is None else standing
        found.append(Commitment(state.text, state.due, state.created, outcome, state.comment))
    return tuple(sorted(found, key=lambda c: (c.due, c.agreed, c.text)))


def _series(
    ratings: dict[str, list[Point]],
    metrics: dict[str, list[Point]],
    frameworks: list[Framework],
    facts: FrameworkFacts,
) -> tuple[Series, ...]:
    scales: dict[str, Rating] = {}
    for framework in frameworks:
        for rating in framework.ratings:
            scales.setdefault(rating.id, rating)
    found = []
    for key, points in ratings.items():
        scale = scales.get(key)
        label = facts.glossary.ratings.get(key)
        found.append(
            Series(
                key,
                label.name if label else key,
                "rating",
                "",
                tuple(points),
                low=scale.min if scale else None,
                high=scale.max if scale else None,
            )
        )
    for key, points in metrics.items():
        label = facts.glossary.metrics.get(key)
        aim = facts.targets.get(key)
        found.append(
            Series(
                key,
                label.name if label else key,
                "metric",
                label.unit if label else "",
                tuple(points),
                target=aim.target if aim else None,
                better=aim.better if aim else "higher",
                target_low=aim.target_low if aim else None,
                target_high=aim.target_high if aim else None,
            )
        )
    return tuple(found)


def _months(
    rows: list[NoteRow], plans: analytics.Plans, since: date, today: date
) -> tuple[MonthBalance, ...]:
    """Every month of the window, oldest first, with its minutes by kind."""
    from coachcli.analytics.balances import period_start, period_starts

    months = {start: [0.0, 0.0, 0.0, 0.0] for start in period_starts(since, today, "month")}
    estimated: set[date] = set()
    for row in rows:
        bucket = months.setdefault(period_start(row.date, "month"), [0.0, 0.0, 0.0, 0.0])
        coaching, performance, neutral = analytics.counted_minutes(row, plans)
        bucket[0] += coaching
        bucket[1] += performance
        bucket[2] += neutral
        bucket[3] += 1
        if row.estimated:
            estimated.add(period_start(row.date, "month"))
    return tuple(
        MonthBalance(start, round(c, 1), round(p, 1), round(n, 1), int(count), start in estimated)
        for start, (c, p, n, count) in sorted(months.items())
    )
