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
from coachcli.analytics.briefing import LAST_SESSIONS, SUBJECT_DAYS, Brief, brief
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
    MetricTarget,
    Point,
    Targets,
    Trend,
    glossary,
    labels_of,
    last_values,
    metric_targets,
    on_target,
    sparkline,
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
]
