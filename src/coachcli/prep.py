"""The brief before a 1:1: a rep's notes read with what the frameworks say about them.

One builder for `coach brief REP` and for the brief at the top of `coach
start`: the frameworks give each rating and metric its full name, unit and
target, and say which conversations can be suggested; the rep's notes give
the rest (:func:`coachcli.analytics.brief`). Nothing here prints.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from coachcli import analytics
from coachcli.home import Home
from coachcli.records import Corpus
from coachcli.reps import Rep, get_rep

if TYPE_CHECKING:
    from coachcli.framework import Framework
    from coachcli.imports import MetricValue

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class FrameworkFacts:
    """What the usable frameworks say about the notes: targets, names and units, kinds."""

    targets: analytics.Targets
    glossary: analytics.Glossary
    available: dict[str, str]
    """Framework id → its kind."""
    plans: analytics.Plans
    """Framework id → its planned minutes by kind (old notes are counted by them)."""


def framework_facts(home: Home, frameworks: list[Framework] | None = None) -> FrameworkFacts:
    """The :class:`FrameworkFacts` of ``frameworks`` (default: every usable one in ``home``).

    Every usable one's facts come from :mod:`coachcli.checked_cache` while
    no framework file has changed, so a read command validates no file.
    """
    if frameworks is None:
        from coachcli import checked_cache

        expected = checked_cache.signature(home)
        cached = checked_cache.load(home, expected)
        if cached is not None:
            try:
                return _facts_from_json(cached)
            except (KeyError, TypeError, ValueError):
                pass  # a cache from elsewhere: read the files
        from coachcli.loader import discover

        frameworks = [s.framework for s in discover(home) if s.framework is not None]
        facts = framework_facts(home, frameworks)
        checked_cache.store(home, expected, _facts_to_json(facts))
        return facts
    return FrameworkFacts(
        targets=analytics.metric_targets(frameworks),
        glossary=analytics.glossary(frameworks),
        available={f.id: f.kind for f in frameworks},
        plans={f.id: f.planned_by_kind() for f in frameworks},
    )


def _facts_to_json(facts: FrameworkFacts) -> dict[str, Any]:
    return {
        "targets": {k: list(v) for k, v in facts.targets.items()},
        "ratings": {k: list(v) for k, v in facts.glossary.ratings.items()},
        "metrics": {k: list(v) for k, v in facts.glossary.metrics.items()},
        "available": facts.available,
        "plans": {k: dict(v) for k, v in facts.plans.items()},
    }


def _facts_from_json(data: dict[str, Any]) -> FrameworkFacts:
    def label(value: list[str]) -> analytics.Label:
        name, unit = value
        return analytics.Label(str(name), str(unit))

    return FrameworkFacts(
        targets={k: analytics.MetricTarget(*v) for k, v in data["targets"].items()},
        glossary=analytics.Glossary(
            {k: label(v) for k, v in data["ratings"].items()},
            {k: label(v) for k, v in data["metrics"].items()},
        ),
        available={str(k): str(v) for k, v in data["available"].items()},
        plans={k: {kind: float(m) for kind, m in v.items()} for k, v in data["plans"].items()},
    )


def build_brief(
    home: Home,
    corpus: Corpus,
    rep: Rep,
    today: date,
    facts: FrameworkFacts | None = None,
    *,
    imported: Mapping[str, MetricValue] | None = None,
) -> analytics.Brief:
    """The brief on ``rep`` from ``corpus`` (the rep's notes) as of ``today``, with the rep's
    newest ``imported`` value of each metric (:func:`coachcli.imports.latest`)."""
    from dataclasses import replace

    from coachcli.subjects import earlier_subjects

    facts = facts or framework_facts(home)
    window = today - timedelta(days=analytics.SUBJECT_DAYS)
    recent = [n for n in corpus.notes if n.rep_slug == rep.slug and window <= n.date <= today]
    found = analytics.brief(
        corpus, rep, today, facts.targets, glossary=facts.glossary, available=facts.available,
        subjects=earlier_subjects(recent),
    )  # fmt: skip
    if not imported:
        return found
    figures = []
    for value in imported.values():
        label = facts.glossary.metrics.get(value.metric)
        name, unit = (label.name, label.unit) if label else (value.metric, "")
        figures.append(
            analytics.ImportedFigure(value.metric, name, unit, value.value, value.as_of,
                                     value.source)
        )  # fmt: skip
    return replace(found, imported=sorted(figures, key=lambda f: (f.name.casefold(), f.id)))


@dataclass
class BriefView:
    """What `coach brief` shows, and the files that could not be read."""

    brief: analytics.Brief
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return self.brief.to_json()


def brief_view(
    home: Home, rep_ref: str, today: date, *, progress: Progress | None = None
) -> BriefView:
    """The brief on one rep (a name, part of one, or a folder name) for `coach brief`."""
    from coachcli.imports import latest, metric_values
    from coachcli.index import load_corpus

    rep = get_rep(home, rep_ref, begun=True)
    corpus = load_corpus(home, rep.slug, progress=progress)
    kept = metric_values(home)
    newest = latest([v for v in kept.values if v.as_of <= today], rep.slug)
    brief = build_brief(home, corpus, rep, today, imported=newest)
    return BriefView(brief, [*corpus.warnings, *kept.warnings])
