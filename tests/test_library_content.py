"""What the built-in frameworks say, held on purpose (issue 15, fixes 1, 2, 3 and 7).

- SBI-I: the last step of Situation-Behaviour-Impact-Intent asks the rep's intent
  ("What were you hoping would happen?"); it is not the manager's reason.
- Coverage follows win rate: the coverage a rep needs is 1 ÷ their win rate, computed,
  and the coverage target agrees with the win-rate target everywhere.
- One forecast vocabulary: commit, best case, pipeline, omitted, as the pipeline import
  keeps them (``pipeline_model.FORECASTS``), with one set of confidence bands and one
  "forecast error at week N".
- Classification on purpose: each built-in's sections are coaching, performance or
  neutral as docs/review.md says.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coachcli.feedback_templates import FeedbackTemplate
from coachcli.framework import Framework
from coachcli.home import Home
from coachcli.loader import discover, feedback_library

INTENT_QUESTION = "What were you hoping would happen?"


@pytest.fixture(scope="module")
def builtins(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Framework]:
    home = Home(tmp_path_factory.mktemp("content-home"))
    return {s.id: s.framework for s in discover(home) if s.framework is not None}


def _templates(builtins: dict[str, Framework]) -> list[tuple[str, FeedbackTemplate]]:
    library, _ = feedback_library(None)
    own = [(fw.id, t) for fw in builtins.values() for t in fw.feedback if t.id not in library]
    return [("library", t) for t in library.values()] + own


# --------------------------------------------------------------------------- SBI-I


def test_the_shared_sbi_ends_by_asking_the_reps_intent() -> None:
    library, _ = feedback_library(None)
    sbi = library["sbi"]
    assert [s.name for s in sbi.slots][-1] == "intent"
    intent = sbi.slots[-1]
    assert INTENT_QUESTION in intent.prompt
    assert sbi.template.endswith("What you were hoping would happen: {intent}.")
    assert "SBI-I" in sbi.name and "ask their Intent" in sbi.name
    said = sbi.render({
        "situation": "the Acme call on Tuesday", "behaviour": "quoted the discount early",
        "impact": "price became the whole call", "intent": "To show her we were flexible",
    })  # fmt: skip
    assert said == (
        "On the Acme call on Tuesday, you quoted the discount early. The impact: price became "
        "the whole call. What you were hoping would happen: to show her we were flexible."
    )
    # asked, not assumed: left empty, the manager is told before saving
    assert not intent.required and INTENT_QUESTION in intent.missing_message


def test_every_builtin_intent_slot_asks_the_rep_rather_than_gives_a_reason(
    builtins: dict[str, Framework],
) -> None:
    with_intent = [(where, t) for where, t in _templates(builtins) if "intent" in t.template]
    assert {(where, t.id) for where, t in with_intent} == {
        ("library", "sbi"), ("grow", "sbii-redirect"),
    }  # fmt: skip
    for where, template in with_intent:
        slot = next(s for s in template.slots if s.name == "intent")
        assert INTENT_QUESTION in slot.prompt, (where, template.id)
        assert INTENT_QUESTION in template.help, (where, template.id)
        lowered = template.template.casefold()
        for reason in ("because {intent}", "telling you", "raising it"):
            assert reason not in lowered, (where, template.id, reason)
