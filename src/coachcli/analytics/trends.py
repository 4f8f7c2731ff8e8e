"""Ratings and metrics over time: trends, their targets, sparklines and the latest values.

A metric's target comes from the frameworks (:func:`metric_targets`): the
first framework that defines a metric id says what its target is, whether it
is a leading metric (an activity) or a lagging one (a result), and which way
is better.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from coachcli.aims import Better, MetricTarget, on_target
from coachcli.analytics.corpus import newest_first
from coachcli.records import Corpus, NoteRow
from coachcli.wording import json_value

if TYPE_CHECKING:
    from coachcli.framework import Framework

SPARKS = "▁▂▃▄▅▆▇█"


Targets = Mapping[str, MetricTarget]
"""Metric id → its target; see :func:`metric_targets`."""


class Label(NamedTuple):
    """How people read a rating or metric id: its full name and unit (a rating's: its scale)."""

    name: str
    unit: str


Labels = Mapping[str, Label]
"""Rating (or metric) id → its name and unit; see :func:`labels_of`."""


def labels_of(
    frameworks: Iterable[Framework], attr: Literal["ratings", "metrics"]
) -> dict[str, Label]:
    """The name and unit of every rating (or metric) in ``frameworks``; the first defining wins.

    A rating's unit is its scale, ``1–5``.
    """
    found: dict[str, Label] = {}
    for framework in frameworks:
        if attr == "metrics":
            for metric in framework.metrics:
                found.setdefault(metric.id, Label(metric.name, metric.unit))
        else:
            for rating in framework.ratings:
                found.setdefault(rating.id, Label(rating.name, f"{rating.min}–{rating.max}"))
    return found


def metric_targets(frameworks: Iterable[Framework]) -> dict[str, MetricTarget]:
    """Every metric's target, from ``frameworks``; the first framework defining an id wins."""
    found: dict[str, MetricTarget] = {}
    for framework in frameworks:
        for metric in framework.metrics:
            found.setdefault(metric.id, metric.aim)
    return found


@dataclass(frozen=True)
class Glossary:
    """The names and units of every rating and metric the frameworks define."""

    ratings: Labels = field(default_factory=dict)
    metrics: Labels = field(default_factory=dict)


def glossary(frameworks: Iterable[Framework]) -> Glossary:
    """The :class:`Glossary` of ``frameworks`` (the first framework defining an id wins)."""
    chosen = list(frameworks)
    return Glossary(labels_of(chosen, "ratings"), labels_of(chosen, "metrics"))


class Point(NamedTuple):
    date: date
    value: float
    source: str = "session"
    """``session``, or the file name of the CRM export it was imported from."""

    @property
    def imported(self) -> bool:
        return self.source != "session"


@dataclass(frozen=True)
class Trend:
    """A rating or metric over time (oldest first), with its target when known."""

    id: str
    points: tuple[Point, ...]
    target: float | None = None
    indicator: str | None = None
    """leading or lagging, for a metric whose framework is known."""
    better: Better = "higher"
    name: str = ""
    """The full name, from the frameworks (empty when no framework defines the id)."""
    unit: str = ""
    """A metric's unit; a rating's scale (``1–5``)."""
    target_low: float | None = None
    """The ends of the target band, for ``better = "within"``."""
    target_high: float | None = None

    @property
    def aim(self) -> MetricTarget:
        """Its target as :func:`on_target` judges it (bounds are the framework's business)."""
        return MetricTarget(self.target, "leading", self.better, self.target_low, self.target_high)

    @property
    def label(self) -> str:
        """The full name, else the id."""
        return self.name or self.id

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
    def overall(self) -> float:
        """The last value minus the first."""
        return self.last - self.first

    @property
    def on_target(self) -> bool | None:
        """Whether the last value meets the target (None without a target)."""
        return on_target(self.last, self.aim)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "unit": self.unit,
            "points": [
                {"date": p.date.isoformat(), "value": json_value(p.value), "source": p.source}
                for p in self.points
            ],
            "first": json_value(self.first),
            "last": json_value(self.last),
            "target": self.target,
            "target_low": self.target_low,
            "target_high": self.target_high,
            "on_target": self.on_target,
            "indicator": self.indicator,
            "better": self.better,
        }


def trends_in(
    notes: Sequence[NoteRow],
    attr: Literal["ratings", "metrics"],
    targets: Targets | None = None,
    labels: Labels | None = None,
) -> list[Trend]:
    """One trend per id in ``notes`` (oldest first), listed as the newest note orders them.

    ``labels`` gives each id its full name and unit (those of ``attr``).
    """
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
        name, unit = (labels or {}).get(key, Label("", ""))
        trends.append(_trend(key, tuple(points), known, name, unit))
    return trends


def _trend(
    key: str, points: tuple[Point, ...], aim: MetricTarget | None, name: str, unit: str
) -> Trend:
    if aim is None:
        return Trend(key, points, name=name, unit=unit)
    return Trend(
        key, points, aim.target, aim.indicator, aim.better, name, unit,
        aim.target_low, aim.target_high,
    )  # fmt: skip


def with_points(
    trends: Sequence[Trend],
    extra: Mapping[str, Sequence[Point]],
    targets: Targets | None = None,
    labels: Labels | None = None,
) -> list[Trend]:
    """``trends`` with the ``extra`` points of each id (imported values) in date order; an id
    with no trend yet gets one, after the others. Which value wins on a day is the caller's
    (:func:`coachcli.imports.beside_sessions`): every point given is kept.
    """
    from dataclasses import replace

    merged = []
    for trend in trends:
        added = extra.get(trend.id, ())
        joined = sorted((*trend.points, *added), key=lambda p: p.date)  # stable: sessions first
        merged.append(replace(trend, points=tuple(joined)) if added else trend)
    known = {t.id for t in trends}
    for key, added in extra.items():
        if key in known or not added:
            continue
        aim = (targets or {}).get(key)
        name, unit = (labels or {}).get(key, Label("", ""))
        points = tuple(sorted(added, key=lambda p: p.date))
        merged.append(_trend(key, points, aim, name, unit))
    return merged


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


def newest_values(
    notes: Iterable[NoteRow], attr: Literal["ratings", "metrics"]
) -> dict[str, float]:
    """The newest value of each rating (or metric) in ``notes``, which come newest first."""
    found: dict[str, float] = {}
    for note in notes:
        values: Mapping[str, float] = getattr(note, attr)
        for key, value in values.items():
            found.setdefault(key, value)
    return found


def last_values(corpus: Corpus) -> dict[str, dict[str, float]]:
    """The newest value of every rating and metric in ``corpus``."""
    notes = newest_first(corpus.notes)
    return {"ratings": newest_values(notes, "ratings"), "metrics": newest_values(notes, "metrics")}
