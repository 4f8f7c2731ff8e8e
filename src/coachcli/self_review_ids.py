"""What makes a framework or a note a self-review: the figures' metric ids, the built-in's id.

A self-review is the manager's own session, run with themselves as the rep
(:mod:`coachcli.self_review` works out its figures). Nobody else is in the
room, so its parts are not "shared with the rep": the words a session, an
outline and ``coach share`` use for it come from :mod:`coachcli.visibility`.
Standard library only: the session's steps, the framework outline and
``coach share`` ask it without loading the figures' machinery.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coachcli.framework import Framework

FIGURES = (
    "coaching-share",
    "reps-on-cadence",
    "reps-uncoached",
    "manager-actions-overdue",
    "rep-actions-overdue",
)
"""The metric ids a self-review's figures are offered to."""

BUILT_IN = "manager-self-review"


def is_self_review_note(framework_id: str, metric_ids: Iterable[str]) -> bool:
    """Whether a note is a self-review's: the built-in's, or one that recorded a figure (a team's
    own copy under another id). Its rep folder is the manager's own."""
    return framework_id == BUILT_IN or any(m in FIGURES for m in metric_ids)


def is_self_review(framework: Framework) -> bool:
    """Whether ``framework`` asks for any of the figures (as a metric that is not computed)."""
    return any(m.id in FIGURES and m.compute is None for m in framework.metrics)
