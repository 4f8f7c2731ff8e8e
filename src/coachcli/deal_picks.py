"""The deals at risk a session offers to pick from: the pipeline review's list and the deal
review's choice of deal, from the rep's latest pipeline snapshot (`coach import pipeline`).

When a session starts, :func:`offer` works out the deals at risk as of the
session's day with the rule of `coach pipeline` (:func:`coachcli.pipeline_math.
deals_at_risk`: close date pushed, passed or missing, no activity in N days, no
next step or one without a date or overdue, long in stage). The draft keeps the
offer (:func:`to_draft`), so a resumed session picks from the same list even if
a newer export was imported in between. A multi question with
``options_from = "deals-at-risk"`` offers each deal with why (Enter picks
none); its bank always plans it, and without a snapshot, or with no deal at
risk, it is not asked. A framework about a deal (``subject = "deal"``) offers the deals at risk
first when it asks which deal the session is about.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coachcli.framework import Framework
    from coachcli.home import Home

OPTIONS_FROM = "deals-at-risk"
"""The value of a multi question's ``options_from`` that offers the rep's deals at risk."""
DRAFT_KEY = "deals_at_risk"
"""Where a draft's ``history`` keeps the offer."""
SHOWN = 9
"""At most this many deals are offered (the most risks first, then the largest)."""


@dataclass(frozen=True)
class RiskyDeal:
    name: str
    amount: float
    why: tuple[str, ...]

    @property
    def label(self) -> str:
        """The deal as an option, and as the note records the pick:
        ``Acme renewal (120,000; close date pushed 2× (+35 days) …; no next step)``."""
        from coachcli.wording import amount

        return f"{self.name} ({'; '.join([amount(self.amount), *self.why])})"


@dataclass(frozen=True)
class RiskOffer:
    """The deals at risk in one snapshot, as of the session's day."""

    as_of: date
    source: str
    deals: tuple[RiskyDeal, ...]

    @property
    def where(self) -> str:
        """Where the list comes from, one line: ``the CRM export crm.csv of 2026-11-28``."""
        return f"the CRM export {self.source} of {self.as_of.isoformat()}"

    def options(self) -> tuple[str, ...]:
        return tuple(d.label for d in self.deals)


def wanted(framework: Framework) -> bool:
    """Whether a session of ``framework`` offers deals at risk (a question takes its options from
    them, or the session is about a deal)."""
    from coachcli.framework import MultiQuestion

    return framework.subject == "deal" or any(
        isinstance(q, MultiQuestion) and q.options_from == OPTIONS_FROM
        for s in framework.sections
        for q in s.questions
    )


def offer(home: Home, rep_slug: str, today: date) -> tuple[RiskOffer | None, list[str]]:
    """The deals at risk in the rep's newest snapshot as of ``today`` (None: no snapshot, or no
    deal at risk), and the warnings of kept files that could not be read."""
    from coachcli.pipeline_math import deals_at_risk
    from coachcli.pipeline_store import snapshots

    kept, warnings = snapshots(home, rep_slug)
    kept = [s for s in kept if s.as_of <= today]  # a 1:1 logged afterwards sees no later export
    at_risk = deals_at_risk(kept, today)[:SHOWN]
    if not at_risk:
        return None, warnings
    latest = kept[-1]
    deals = tuple(
        RiskyDeal(d.deal.name, d.deal.amount, tuple(r.why for r in d.risks)) for d in at_risk
    )
    return RiskOffer(latest.as_of, latest.source, deals), warnings


def to_draft(found: RiskOffer) -> dict[str, Any]:
    """The offer as a draft keeps it (plain JSON)."""
    return {
        "as_of": found.as_of.isoformat(),
        "source": found.source,
        "deals": [{"name": d.name, "amount": d.amount, "why": list(d.why)} for d in found.deals],
    }


def from_draft(history: dict[str, Any]) -> RiskOffer | None:
    """The offer a draft keeps, or None (none was made, or the draft's entry is unreadable)."""
    kept = history.get(DRAFT_KEY)
    if not isinstance(kept, dict):
        return None
    try:
        deals = tuple(
            RiskyDeal(str(d["name"]), float(d["amount"]), tuple(str(w) for w in d["why"]))
            for d in kept["deals"]
        )
        return RiskOffer(date.fromisoformat(kept["as_of"]), str(kept["source"]), deals)
    except (KeyError, TypeError, ValueError):
        return None
