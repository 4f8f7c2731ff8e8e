"""What the notes say over time, computed from a :class:`~coachcli.records.Corpus`.

Every function here is pure: it takes the read model (notes, action items,
reviews, status changes; see :mod:`coachcli.records`) and a ``today``, and
returns plain dataclasses. Nothing here reads or writes a file, so the same
answers come from the index, from a test's hand-built corpus, or from
anything else that fills a Corpus.

Import from here (``from coachcli import analytics``); each rule lives in
one module, which says the rule in a sales manager's words:

- :mod:`~coachcli.analytics.actions`: an action item's status, finding one by
  its id, commitments kept;
- :mod:`~coachcli.analytics.trends`: ratings and metrics over time, metric
  targets, their names and units, sparklines;
- :mod:`~coachcli.analytics.sessions`: a rep's history, one row per session;
- :mod:`~coachcli.analytics.suggestions`: the next conversation to have;
- :mod:`~coachcli.analytics.briefing`: the brief shown before a session;
- :mod:`~coachcli.analytics.overview`: every rep in `coach reps`;
- :mod:`~coachcli.analytics.balances`: coaching vs performance time;
- :mod:`~coachcli.analytics.corpus`: what they all share (session order, one
  rep's part of a corpus, the part before a moment, time by kind).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coachcli.aims import MetricTarget, on_target
    from coachcli.analytics.actions import (
        MIN_PREFIX,
        ActionEvent,
        ActionState,
        Commitments,
        EventOutcome,
        EventSource,
        action_states,
        commitment,
        commitments_kept,
        days_overdue,
        find_action,
        open_actions,
        pick_action,
    )
    from coachcli.analytics.balances import (
        PERIODS,
        Balance,
        KindTotals,
        Period,
        Plans,
        RepBalance,
        Uncoached,
        balance,
        combine_balances,
        counted_minutes,
        estimate_note,
        rep_balance,
    )
    from coachcli.analytics.briefing import (
        LAST_SESSIONS,
        SUBJECT_DAYS,
        Brief,
        ImportedFigure,
        brief,
    )
    from coachcli.analytics.corpus import KINDS, before, rep_corpus
    from coachcli.analytics.overview import (
        NO_ACTIVITY,
        SHARE_WINDOW_DAYS,
        Activity,
        RepRow,
        activity_of,
        order_rep_rows,
        rep_row,
        reps_overview,
        share_window,
    )
    from coachcli.analytics.sessions import History, SessionRow, history
    from coachcli.analytics.suggestions import (
        ACCOUNTABILITY_FRAMEWORKS,
        COACHING_FRAMEWORKS,
        COACHING_GAP_DAYS,
        RECENT_SESSIONS,
        SLIPPING_MIN,
        Suggestion,
        SuggestionRule,
        suggest,
    )
    from coachcli.analytics.trends import (
        SPARKS,
        Glossary,
        Label,
        Point,
        Targets,
        Trend,
        glossary,
        labels_of,
        last_values,
        metric_targets,
        sparkline,
        with_points,
    )

__all__ = [
    "ACCOUNTABILITY_FRAMEWORKS",
    "COACHING_FRAMEWORKS",
    "COACHING_GAP_DAYS",
    "KINDS",
    "LAST_SESSIONS",
    "MIN_PREFIX",
    "NO_ACTIVITY",
    "PERIODS",
    "RECENT_SESSIONS",
    "SHARE_WINDOW_DAYS",
    "SLIPPING_MIN",
    "SPARKS",
    "SUBJECT_DAYS",
    "ActionEvent",
    "ActionState",
    "Activity",
    "Balance",
    "Brief",
    "Commitments",
    "EventOutcome",
    "EventSource",
    "Glossary",
    "History",
    "ImportedFigure",
    "KindTotals",
    "Label",
    "MetricTarget",
    "Period",
    "Plans",
    "Point",
    "RepBalance",
    "RepRow",
    "SessionRow",
    "Suggestion",
    "SuggestionRule",
    "Targets",
    "Trend",
    "Uncoached",
    "action_states",
    "activity_of",
    "balance",
    "before",
    "brief",
    "combine_balances",
    "commitment",
    "commitments_kept",
    "counted_minutes",
    "days_overdue",
    "estimate_note",
    "find_action",
    "glossary",
    "history",
    "labels_of",
    "last_values",
    "metric_targets",
    "on_target",
    "open_actions",
    "order_rep_rows",
    "pick_action",
    "rep_balance",
    "rep_corpus",
    "rep_row",
    "reps_overview",
    "share_window",
    "sparkline",
    "suggest",
    "with_points",
]

# Each submodule is loaded on first use of one of its names: `coach history`
# needs the sessions' rules, not the balances, suggestions or overview, and a
# listing on an empty home needs none of them.
_HOMES = {
    "ACCOUNTABILITY_FRAMEWORKS": "coachcli.analytics.suggestions",
    "COACHING_FRAMEWORKS": "coachcli.analytics.suggestions",
    "COACHING_GAP_DAYS": "coachcli.analytics.suggestions",
    "KINDS": "coachcli.analytics.corpus",
    "LAST_SESSIONS": "coachcli.analytics.briefing",
    "MIN_PREFIX": "coachcli.analytics.actions",
    "PERIODS": "coachcli.analytics.balances",
    "RECENT_SESSIONS": "coachcli.analytics.suggestions",
    "SHARE_WINDOW_DAYS": "coachcli.analytics.overview",
    "SLIPPING_MIN": "coachcli.analytics.suggestions",
    "SPARKS": "coachcli.analytics.trends",
    "SUBJECT_DAYS": "coachcli.analytics.briefing",
    "ActionEvent": "coachcli.analytics.actions",
    "ActionState": "coachcli.analytics.actions",
    "Balance": "coachcli.analytics.balances",
    "Brief": "coachcli.analytics.briefing",
    "ImportedFigure": "coachcli.analytics.briefing",
    "Commitments": "coachcli.analytics.actions",
    "EventOutcome": "coachcli.analytics.actions",
    "EventSource": "coachcli.analytics.actions",
    "Glossary": "coachcli.analytics.trends",
    "History": "coachcli.analytics.sessions",
    "KindTotals": "coachcli.analytics.balances",
    "Label": "coachcli.analytics.trends",
    "MetricTarget": "coachcli.aims",
    "Period": "coachcli.analytics.balances",
    "Plans": "coachcli.analytics.balances",
    "Point": "coachcli.analytics.trends",
    "RepBalance": "coachcli.analytics.balances",
    "RepRow": "coachcli.analytics.overview",
    "SessionRow": "coachcli.analytics.sessions",
    "Suggestion": "coachcli.analytics.suggestions",
    "SuggestionRule": "coachcli.analytics.suggestions",
    "Targets": "coachcli.analytics.trends",
    "Trend": "coachcli.analytics.trends",
    "Uncoached": "coachcli.analytics.balances",
    "action_states": "coachcli.analytics.actions",
    "balance": "coachcli.analytics.balances",
    "before": "coachcli.analytics.corpus",
    "brief": "coachcli.analytics.briefing",
    "combine_balances": "coachcli.analytics.balances",
    "commitment": "coachcli.analytics.actions",
    "commitments_kept": "coachcli.analytics.actions",
    "counted_minutes": "coachcli.analytics.balances",
    "estimate_note": "coachcli.analytics.balances",
    "find_action": "coachcli.analytics.actions",
    "glossary": "coachcli.analytics.trends",
    "history": "coachcli.analytics.sessions",
    "labels_of": "coachcli.analytics.trends",
    "last_values": "coachcli.analytics.trends",
    "metric_targets": "coachcli.analytics.trends",
    "on_target": "coachcli.aims",
    "open_actions": "coachcli.analytics.actions",
    "order_rep_rows": "coachcli.analytics.overview",
    "pick_action": "coachcli.analytics.actions",
    "rep_balance": "coachcli.analytics.balances",
    "rep_corpus": "coachcli.analytics.corpus",
    "reps_overview": "coachcli.analytics.overview",
    "sparkline": "coachcli.analytics.trends",
    "with_points": "coachcli.analytics.trends",
    "days_overdue": "coachcli.analytics.actions",
    "share_window": "coachcli.analytics.overview",
    "rep_row": "coachcli.analytics.overview",
    "activity_of": "coachcli.analytics.overview",
    "Activity": "coachcli.analytics.overview",
    "NO_ACTIVITY": "coachcli.analytics.overview",
    "suggest": "coachcli.analytics.suggestions",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    # __import__, not importlib.import_module: `python -X importtime` (tests/test_startup.py)
    # sees only imports made through it
    value = getattr(__import__(_HOMES[name], fromlist=[name]), name)
    globals()[name] = value  # found once: the next use is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
