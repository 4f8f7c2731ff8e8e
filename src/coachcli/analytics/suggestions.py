"""The next conversation the data points to: three rules, the first that fires wins.

1. *Commitments slipping*: 2 or more of the rep's action items are overdue
   now or were reported "not done" in the rep's last 3 sessions → an
   accountability check-in (``accountability-check-in``, else
   ``pipeline-review``, else any performance framework).
2. *Work done, results low*: in the rep's last 3 sessions, every leading
   metric (an activity) with a target is on target, and at least one lagging
   metric (a result) with a target is below it → a coaching framework
   (``grow``, else ``skill-will``, else any coaching framework): the rep does
   the work but it does not convert; coach the how.
3. *No coaching lately*: the rep's last session with coaching time was more
   than 30 days ago, or there was none → a coaching framework.

A rule whose kind of framework is not available is passed over. A rep with
no session yet gets no suggestion.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from coachcli.aims import on_target, target_wording
from coachcli.analytics.actions import ActionState, action_states, standing
from coachcli.analytics.corpus import latest_with, newest_first, rep_corpus
from coachcli.analytics.trends import Targets, newest_values
from coachcli.records import Corpus, NoteRow
from coachcli.wording import number, plural

COACHING_GAP_DAYS = 30
"""No coaching for more than this many days: suggest a coaching session."""
SLIPPING_MIN = 2
"""This many overdue or "not done" commitments: suggest an accountability check-in."""
RECENT_SESSIONS = 3
"""How many of a rep's latest sessions count as "lately" for the suggestions."""
ACCOUNTABILITY_FRAMEWORKS = ("accountability-check-in", "pipeline-review")
COACHING_FRAMEWORKS = ("grow", "skill-will")


SuggestionRule = Literal["accountability", "conversion", "coaching-gap"]

GUIDE = "docs/choosing.md"
"""Which conversation for which situation: where each rule is explained."""
RULE_SECTIONS: dict[SuggestionRule, str] = {
    "accountability": "commitments-are-slipping",
    "conversion": "the-work-is-done-but-it-does-not-convert",
    "coaching-gap": "no-coaching-lately",
}
"""Each rule's section of :data:`GUIDE` (its anchor, as GitHub and most viewers make it)."""


@dataclass(frozen=True)
class Suggestion:
    """The next conversation the data points to, and why (one line)."""

    framework: str
    reason: str
    rule: SuggestionRule
    """accountability (commitments slipping), conversion (work done, results low),
    coaching-gap (no coaching lately)."""

    @property
    def see(self) -> str:
        """Where the rule is explained: ``docs/choosing.md#no-coaching-lately``."""
        return f"{GUIDE}#{RULE_SECTIONS[self.rule]}"

    def to_json(self) -> dict[str, Any]:
        return {"framework": self.framework, "reason": self.reason, "see": self.see}


def _pick(available: Mapping[str, str], preferred: Sequence[str], kind: str) -> str | None:
    for framework in preferred:
        if framework in available:
            return framework
    others = sorted(f for f, k in available.items() if k == kind)
    return others[0] if others else None


def _slipping(
    corpus: Corpus, recent: Sequence[NoteRow], today: date, states: Sequence[ActionState]
) -> str | None:
    """Why commitments are slipping, or None when fewer than 2 are."""
    overdue = {s.id for s in states if s.status == "open" and s.overdue and s.owner == "rep"}
    paths = {n.path for n in recent}
    due = {s.id: s.due for s in states if s.owner == "rep"}  # the rep's own
    not_done = {  # reported not done when it was due: a "not yet" before then is not slipping
        r.action_id
        for r in corpus.reviews
        if r.note in paths
        and r.outcome == "not-done"
        and r.action_id in due
        and standing(r.outcome, due[r.action_id], r.date) == "missed"
    }
    slipping = overdue | not_done
    if len(slipping) < SLIPPING_MIN:
        return None
    sessions = "session" if len(recent) == 1 else f"{len(recent)} sessions"
    return (
        f"{len(slipping)} commitments slipping ({len(overdue)} overdue, "
        f"{len(not_done)} reported not done in the last {sessions}): "
        "an accountability check-in"
    )


def _not_converting(recent: Sequence[NoteRow], targets: Targets) -> str | None:
    """Why the work is done but does not convert, or None."""
    latest = newest_values(recent, "metrics")
    leading: list[str] = []
    lagging: list[str] = []
    for key, value in latest.items():
        known = targets.get(key)
        if known is None:
            continue
        met = on_target(value, known)
        if met is None:
            continue
        if known.indicator == "leading":
            if not met:
                return None
            leading.append(key)
        elif not met:
            lagging.append(f"{key} {number(value)} vs target {target_wording(known, number)}")
    if not leading or not lagging:
        return None
    return (
        f"activity on target ({', '.join(sorted(leading))}) but results below "
        f"({', '.join(sorted(lagging))}): the rep does the work but it does not convert, "
        "coach the how"
    )


def _coaching_gap(notes: Sequence[NoteRow], today: date) -> str | None:
    """Why it is time for coaching, or None (``notes`` newest first, not empty)."""
    coached = latest_with(notes, "coaching")
    if coached is None:
        sessions = plural(len(notes), "session")
        return f"no coaching session yet in {sessions}: time to work on the how"
    days = (today - coached.date).days
    if days <= COACHING_GAP_DAYS:
        return None
    return f"no coaching session in {days} days: time to work on the how"


def suggest(
    corpus: Corpus,
    rep_slug: str,
    today: date,
    targets: Targets,
    available: Mapping[str, str],
) -> Suggestion | None:
    """The next conversation for one rep, or None; the rules are in the module's docstring.

    ``targets`` maps metric ids to their targets (:func:`metric_targets`);
    ``available`` maps the ids of the usable frameworks to their kind.
    Sessions dated after ``today`` are left out.
    """
    return suggest_for(rep_corpus(corpus, rep_slug), today, targets, available)


def suggest_for(
    mine: Corpus,
    today: date,
    targets: Targets,
    available: Mapping[str, str],
    states: Sequence[ActionState] | None = None,
) -> Suggestion | None:
    """:func:`suggest` for one rep, from the rep's own part of the corpus.

    ``states`` are the rep's action items as of ``today`` (default: worked
    out from ``mine``). Given them, ``mine`` needs only the notes the rules
    look at: the rep's newest notes down to the latest with coaching time
    (all of them when there is none), and the reviews of the newest three.
    """
    notes = newest_first(mine.notes, until=today)
    if not notes:
        return None
    recent = notes[:RECENT_SESSIONS]
    accountability = _pick(available, ACCOUNTABILITY_FRAMEWORKS, "performance")
    coaching = _pick(available, COACHING_FRAMEWORKS, "coaching")
    if accountability is not None:
        if states is None:
            states = action_states(mine, today)
        reason = _slipping(mine, recent, today, states)
        if reason:
            return Suggestion(accountability, reason, "accountability")
    if coaching is not None:
        reason = _not_converting(recent, targets)
        if reason:
            return Suggestion(coaching, reason, "conversion")
        reason = _coaching_gap(notes, today)
        if reason:
            return Suggestion(coaching, reason, "coaching-gap")
    return None
