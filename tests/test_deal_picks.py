"""The deals at risk a session offers (issue 14, part 3): the pipeline review's pick list and
the deal review's choice of deal, from the rep's latest pipeline snapshot."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pytest

from coachcli.deal_picks import from_draft, offer, to_draft
from coachcli.drafts import load_draft
from coachcli.framework import MultiQuestion
from coachcli.home import Home
from coachcli.prompts import SKIP, Prompt, Reply, answer
from coachcli.reps import add_rep, find_rep, rep_dir
from coachcli.start import StartOptions, start_session

from .helpers import write_snapshot
from .scripted import ScriptedAsker

TODAY = date(2026, 12, 2)
NOW = datetime(2026, 12, 2, 10, 0).astimezone()


@dataclass
class PickingAsker(ScriptedAsker):
    """Answers the prompts named in ``replies``; any other is skipped, or given its first option
    (or "x") when it must be answered."""

    replies: dict[str, Any] = field(default_factory=dict)

    def ask(self, prompt: Prompt) -> Reply:
        self.prompts.append(prompt)
        if prompt.key in self.replies:
            return answer(self.replies[prompt.key])
        if not prompt.required:
            return SKIP
        if prompt.options:
            return answer(prompt.options[0])
        return answer("30" if prompt.type == "number" else "x")

    def confirm(self, question: str, default: bool) -> bool:
        return default


def _snapshots(home: Home) -> None:
    """Two weeks of Alex's deals: Acme's close date pushed and gone quiet, Globex healthy,
    Initech without a next step."""
    base = {"stage": "Proposal", "next_step": "Call", "next_step_date": "2026-12-09"}
    write_snapshot(home, "alex-kim", "2026-11-21", [
        {**base, "deal_id": "1", "deal": "Acme renewal", "amount": "120000",
         "close_date": "2026-12-15", "last_activity": "2026-11-20"},
        {**base, "deal_id": "2", "deal": "Globex expansion", "amount": "40000",
         "close_date": "2026-12-20", "last_activity": "2026-11-20"},
    ])  # fmt: skip
    write_snapshot(home, "alex-kim", "2026-11-28", [
        {**base, "deal_id": "1", "deal": "Acme renewal", "amount": "120000",
         "close_date": "2027-01-31", "last_activity": "2026-11-01"},
        {**base, "deal_id": "2", "deal": "Globex expansion", "amount": "40000",
         "close_date": "2026-12-20", "last_activity": "2026-11-27"},
        {"deal_id": "3", "deal": "Initech pilot", "amount": "15000", "stage": "Discovery",
         "close_date": "2026-12-30", "last_activity": "2026-11-27"},
    ])  # fmt: skip


@pytest.fixture
def alex(coach_home: Home) -> Home:
    add_rep(coach_home, "Alex Kim", today=TODAY)
    return coach_home


_NONE = object()


def _answer(session: Any, qid: str) -> Any:
    """The answer the session recorded to ``qid`` (``_NONE``: the question was not asked)."""
    found = [a.value for s in session.sections for a in s.answers if a.id == qid]
    return found[0] if found else _NONE


def _options(framework: str, **kw: Any) -> StartOptions:
    kw.setdefault("brief", False)
    return StartOptions(rep="Alex Kim", framework=framework, yes=True, now=lambda: NOW, **kw)


def test_the_offer_is_the_deals_at_risk_of_the_latest_snapshot(alex: Home) -> None:
    _snapshots(alex)
    found, warnings = offer(alex, "alex-kim", TODAY)
    assert warnings == [] and found is not None
    assert (found.as_of, found.source) == (date(2026, 11, 28), "crm-deals.csv")
    assert [d.name for d in found.deals] == ["Acme renewal", "Initech pilot"]
    acme = found.deals[0]
    assert acme.why[0].startswith("close date pushed 1× (+47 days)")
    assert any(w.startswith("no activity in 31 days") for w in acme.why)
    assert found.deals[1].why == ("no next step",)
    assert found.options() == tuple(d.label for d in found.deals)
    assert from_draft({"deals_at_risk": to_draft(found)}) == found
    # a 1:1 logged on the 25th sees only the first export, where nothing was at risk yet
    assert offer(alex, "alex-kim", date(2026, 11, 25)) == (None, [])
    assert offer(alex, "nobody", TODAY) == (None, [])


def test_the_pipeline_review_offers_them_and_the_note_records_the_pick(alex: Home) -> None:
    _snapshots(alex)
    found, _ = offer(alex, "alex-kim", TODAY)
    assert found is not None
    picked = [found.deals[0].label, found.deals[1].label]
    asker = PickingAsker([], replies={"q:slip-at-risk": picked})
    outcome = start_session(
        alex, _options("pipeline-review", plan=lambda fw: {"slipped": ["slip-at-risk"]}), asker
    )
    prompt = next(p for p in asker.prompts if p.key == "q:slip-at-risk")
    assert prompt.options == found.options()
    assert "Deals at risk in the CRM export crm-deals.csv of 2026-11-28" in prompt.context
    assert outcome.session is not None and outcome.note is not None
    assert _answer(outcome.session, "slip-at-risk") == picked
    text = outcome.note.read_text(encoding="utf-8")
    assert "Acme renewal (120,000; close date pushed 1× (+47 days)" in text
    assert "Initech pilot (15,000; no next step)" in text


def test_without_a_snapshot_the_question_is_not_asked(alex: Home) -> None:
    asker = PickingAsker([])
    outcome = start_session(
        alex, _options("pipeline-review", plan=lambda fw: {"slipped": ["slip-at-risk"]}), asker
    )
    assert outcome.status == "finished"
    assert all(p.key != "q:slip-at-risk" for p in asker.prompts)
    assert outcome.session is not None and _answer(outcome.session, "slip-at-risk") is _NONE


def test_a_resumed_session_picks_from_the_deals_it_started_with(alex: Home) -> None:
    _snapshots(alex)
    plan = {"slipped": ["slip-deals", "slip-at-risk"]}

    class Pause(PickingAsker):
        def ask(self, prompt: Prompt) -> Reply:
            if prompt.key == "q:slip-deals":
                self.prompts.append(prompt)
                from coachcli.prompts import PAUSE

                return PAUSE
            return super().ask(prompt)

    first = start_session(alex, _options("pipeline-review", plan=lambda fw: plan), Pause([]))
    assert first.status == "paused"
    rep = find_rep(alex, "Alex Kim")
    assert rep is not None
    draft, _ = load_draft(rep_dir(alex, rep))
    assert draft is not None and draft.history["deals_at_risk"]["as_of"] == "2026-11-28"
    # a newer export where nothing is at risk: the resumed session still offers the first list
    write_snapshot(alex, "alex-kim", "2026-12-01", [{"deal_id": "9", "deal": "Hooli"}])
    asker = PickingAsker([], replies={"q:slip-at-risk": "2"})
    outcome = start_session(alex, _options("pipeline-review", resume=True), asker)
    prompt = next(p for p in asker.prompts if p.key == "q:slip-at-risk")
    assert prompt.options[0].startswith("Acme renewal (")
    assert outcome.session is not None
    assert _answer(outcome.session, "slip-at-risk") == [prompt.options[1]]


def test_a_deal_review_offers_the_deals_at_risk_first(alex: Home) -> None:
    _snapshots(alex)
    asker = PickingAsker([], replies={"subject": "1"})
    outcome = start_session(alex, _options("deal-review", plan=lambda fw: {}), asker)
    prompt = next(p for p in asker.prompts if p.key == "subject")
    assert prompt.options[:2] == ("Acme renewal", "Initech pilot")
    assert prompt.context.startswith("1–2 at risk in the CRM export")
    listed = next(n for n in asker.notices if n.startswith("Deals at risk in"))
    assert "  1. Acme renewal (120,000; close date pushed 1×" in listed
    assert "  2. Initech pilot (15,000; no next step)" in listed
    assert outcome.session is not None and outcome.session.subject == "Acme renewal"


def test_options_from_deals_at_risk_is_checked() -> None:
    q = MultiQuestion.model_validate(
        {"id": "q", "type": "multi", "prompt": "Which?", "options_from": "deals-at-risk"}
    )
    assert q.options == [] and q.options_from == "deals-at-risk"
    for bad, words in [
        ({"options": ["a", "b"]}, "leave out options and default"),
        ({"default": ["a"]}, "leave out options and default"),
    ]:
        with pytest.raises(ValueError, match=words):
            MultiQuestion.model_validate(
                {
                    "id": "q",
                    "type": "multi",
                    "prompt": "Which?",
                    "options_from": "deals-at-risk",
                    **bad,
                }
            )
    with pytest.raises(ValueError, match="options needs at least 2 entries"):
        MultiQuestion.model_validate({"id": "q", "type": "multi", "prompt": "Which?"})


def test_the_bank_always_plans_the_deals_at_risk(alex: Home) -> None:
    from coachcli.banks import plan_questions
    from coachcli.loader import resolve

    framework = resolve(alex, "pipeline-review")
    slipped = next(s for s in framework.sections if s.id == "slipped")
    every = [q.id for q in slipped.questions]
    for asked_before in ([], [every], [every, every]):
        assert "slip-at-risk" in plan_questions(framework, asked_before)["slipped"]
