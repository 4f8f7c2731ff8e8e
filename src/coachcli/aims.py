"""A metric's aim: its target or target band, which way is better, its bounds; the one rule
that says whether a value is on target, and the one wording of a target.

A framework's ``[[metrics]]`` table (:class:`coachcli.framework.Metric`) gives
it; the session, ``brief``, ``history``, ``report`` and the suggestions all
judge and show a target through this module, so a band (``better =
"within"``: too low is as bad as too high) means the same everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, NamedTuple

Better = Literal["higher", "lower", "within"]
"""Which way is better: a higher value, a lower one, or one within the target band."""


class MetricTarget(NamedTuple):
    """What a framework says about a metric: its target (or band), leading or lagging, which
    way is better, and the bounds a value must keep to."""

    target: float | None
    indicator: Literal["leading", "lagging"]
    better: Better = "higher"
    target_low: float | None = None
    """The bottom of the band, for ``better = "within"``."""
    target_high: float | None = None
    """The top of the band, for ``better = "within"``."""
    min: float | None = None
    """No value below it is possible (e.g. 0 for a count)."""
    max: float | None = None
    """No value above it is possible (e.g. 100 for a share in %)."""

    @property
    def has_target(self) -> bool:
        """Whether a value can be judged: a target, or both ends of a band."""
        if self.better == "within":
            return self.target_low is not None and self.target_high is not None
        return self.target is not None


def on_target(value: float, aim: MetricTarget) -> bool | None:
    """Whether ``value`` meets the aim: at or above a target (at or below one, for ``lower``),
    or within the band, both ends included. None when the metric has no target."""
    low, high, target = aim.target_low, aim.target_high, aim.target
    if aim.better == "within":
        return None if low is None or high is None else low <= value <= high
    if target is None:
        return None
    return value <= target if aim.better == "lower" else value >= target


def target_wording(aim: MetricTarget, show: Callable[[float], str]) -> str:
    """The target as people read it, each number through ``show``: ``45%–55%`` for a band,
    ``10% or lower``, ``3×``; "" without a target."""
    low, high, target = aim.target_low, aim.target_high, aim.target
    if aim.better == "within":
        return "" if low is None or high is None else f"{show(low)}–{show(high)}"
    if target is None:
        return ""
    return show(target) + (" or lower" if aim.better == "lower" else "")


def outside_bounds(value: float, aim: MetricTarget) -> str:
    """Why ``value`` cannot be a value of the metric (below its min, above its max), else ""."""
    if aim.min is not None and value < aim.min:
        return f"below {aim.min:g}, the lowest possible"
    if aim.max is not None and value > aim.max:
        return f"above {aim.max:g}, the highest possible"
    return ""


def bounds_wording(aim: MetricTarget) -> str:
    """``0 to 100``, ``at least 0``, ``at most 10``; "" without bounds."""
    if aim.min is not None and aim.max is not None:
        return f"{aim.min:g} to {aim.max:g}"
    if aim.min is not None:
        return f"at least {aim.min:g}"
    if aim.max is not None:
        return f"at most {aim.max:g}"
    return ""
