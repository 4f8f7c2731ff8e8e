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

import re
from pathlib import Path

import pytest

from coachcli.answers import start_from_file
from coachcli.feedback_templates import FeedbackTemplate
from coachcli.framework import ChoiceQuestion, Framework, MultiQuestion, ScaleQuestion
from coachcli.home import Home
from coachcli.loader import discover, feedback_library
from coachcli.pipeline_model import FORECASTS

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "frameworks.md"

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
    assert sbi.template.endswith("Your intent, in your words: {intent}.")
    assert "SBI-I" in sbi.name and "ask their Intent" in sbi.name
    said = sbi.render({
        "situation": "the Acme call on Tuesday", "behaviour": "quoted the discount early",
        "impact": "price became the whole call", "intent": "To show her we were flexible",
    })  # fmt: skip
    assert said == (
        "On the Acme call on Tuesday, you quoted the discount early. The impact: price became "
        "the whole call. Your intent, in your words: to show her we were flexible."
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


# --------------------------------------------------------------------------- coverage


PIPELINE_ANSWERS = """\
framework = "pipeline-review"
summary = "Coverage against what the win rate needs."
[answers]
cov-quota-left = 250
cov-open-pipeline = 1000
mov-advanced = ["None"]
slip-deals = ["None"]
next-top-deals = ["Acme: security review with their IT lead on 14 March"]
fc-commit = 120
fc-best-case = 200
fc-commit-deals = ["Acme, 80k, 28 March, security review 14 March"]
[metrics]
win-rate = {win_rate}
"""


def test_every_coverage_target_is_one_over_the_win_rate_target(
    builtins: dict[str, Framework],
) -> None:
    win_rates = {m.target for fw in builtins.values() for m in fw.metrics if m.id == "win-rate"}
    assert win_rates == {25}
    coverage = {
        (fw.id, m.id): m.target
        for fw in builtins.values()
        for m in fw.metrics
        if m.id in ("pipeline-coverage", "coverage-needed")
    }
    assert set(coverage) >= {
        ("pipeline-review", "pipeline-coverage"), ("pipeline-review", "coverage-needed"),
        ("forecast", "pipeline-coverage"), ("forecast", "coverage-needed"),
        ("weekly-1on1", "pipeline-coverage"),
    }  # fmt: skip
    assert set(coverage.values()) == {100 / 25}
    for fw in builtins.values():
        ids = [m.id for m in fw.metrics]
        if "coverage-needed" not in ids:
            continue
        needed = fw.metrics[ids.index("coverage-needed")]
        if "win-rate" in ids:  # computed from the win rate recorded just before it
            assert ids.index("win-rate") + 1 == ids.index("coverage-needed"), fw.id
            assert (needed.compute, needed.better) == ("round(100 / win_rate, 1)", "lower")
        else:  # from the framework's own question for the win rate (territory-plan)
            asked = {q.id.replace("-", "_") for s in fw.sections for q in s.questions}
            found = re.fullmatch(r"round\(100 / (\w+), 1\)", needed.compute or "")
            assert found and found.group(1) in asked and "win_rate" in found.group(1), fw.id
            assert needed.better == "lower", fw.id


@pytest.mark.parametrize(
    ("win_rate", "needed"), [(25, 4.0), (20, 5.0), (33.3, 3.0), (50, 2.0), (0, None)]
)
def test_a_pipeline_review_records_the_coverage_the_reps_win_rate_needs(
    win_rate: float, needed: float | None, coach_home: Home, tmp_path: Path
) -> None:
    path = tmp_path / "answers.toml"
    path.write_text(PIPELINE_ANSWERS.format(win_rate=win_rate), encoding="utf-8")
    outcome = start_from_file(coach_home, "Alex Kim", path)
    assert outcome.session is not None and outcome.note is not None
    metrics = outcome.session.metrics
    assert metrics["pipeline-coverage"] == 4.0
    assert metrics.get("coverage-needed") == needed  # a win rate of 0 needs no number: empty
    note = outcome.note.read_text(encoding="utf-8")
    if needed is None:
        assert "metric-coverage-needed" not in note
    else:
        assert f"metric-coverage-needed: {needed:g}\n" in note


def test_the_coverage_section_reasons_its_target_from_the_win_rate(
    builtins: dict[str, Framework],
) -> None:
    fw = builtins["pipeline-review"]
    intro = fw.sections[0].intro
    assert fw.sections[0].id == "coverage"
    assert "1 ÷ 25%" in intro and "win rate" in intro and "Coverage needed" in intro
    assert "Under 3×" not in intro  # no fixed bar that a 25% win rate contradicts
    helps = {m.id: m.help for m in fw.metrics}
    assert "1 ÷ the team's target win rate of 25%" in helps["pipeline-coverage"]


# --------------------------------------------------------------------------- forecast words

FORECAST_FRAMEWORKS = ("pipeline-review", "forecast", "deal-review")
BANDS = ["Under 50%", "50–70%", "70–85%", "85–95%", "Over 95%"]
DEFINITIONS = {  # the words every definition uses, in the frameworks, the guide and the model
    "commit": "surprised to lose",
    "commit band": "85% or more",
    "best case": "if things go right",
    "best case band": "50–85%",
    "pipeline": "not yet likely to close",
    "pipeline band": "under 50%",
}


def _texts(fw: Framework) -> str:
    parts = [fw.summary, fw.when_to_use]
    for section in fw.sections:
        parts.append(section.intro)
        for q in section.questions:
            parts += [q.prompt, q.help, *q.probes]
    parts += [f"{m.name} {m.help}" for m in fw.metrics]
    parts += [f"{r.name} {r.help}" for r in fw.ratings]
    return "\n".join(parts)


def test_forecast_category_options_are_the_pipeline_models_words(
    builtins: dict[str, Framework],
) -> None:
    labels = [f.replace("-", " ").capitalize() for f in FORECASTS if f]
    assert labels == ["Commit", "Best case", "Pipeline", "Omitted"]
    calls = {
        (fw.id, q.id): q
        for fw in builtins.values()
        for s in fw.sections
        for q in s.questions
        if isinstance(q, ChoiceQuestion)
        and {"commit", "best case"} & {o.casefold() for o in q.options}
    }
    assert set(calls) == {
        ("pipeline-review", "fc-largest-call"), ("forecast", "fc-largest-call"),
        ("deal-review", "dr-call"), ("win-loss-debrief", "wl-forecast-call"),
    }  # fmt: skip
    for where, q in calls.items():
        assert q.options == labels, where


def test_one_definition_of_commit_best_case_and_pipeline(builtins: dict[str, Framework]) -> None:
    for fid in FORECAST_FRAMEWORKS:
        text = _texts(builtins[fid])
        for name, words in DEFINITIONS.items():
            assert words in text, (fid, name)
        assert "surprised if it did not close" not in text  # the old, second wording
    questions = {
        (fw.id, q.id): q for fw in builtins.values() for s in fw.sections for q in s.questions
    }
    for fid in ("pipeline-review", "forecast"):
        assert "deals you would be surprised to lose" in questions[fid, "fc-commit"].help
        assert questions[fid, "fc-best-case"].help.startswith(
            "Commit plus the deals that could close if things go right"
        )
        confidence = questions[fid, "fc-confidence"]
        assert isinstance(confidence, ScaleQuestion) and confidence.labels == BANDS
        assert "A commit is 85% or more" in confidence.help
    # the guide's section and the pipeline import's model say the same
    guide = GUIDE.read_text(encoding="utf-8").split("## Forecast categories", 1)[1]
    guide = " ".join(guide.split("\n## ", 1)[0].split())
    model = (ROOT / "src" / "coachcli" / "pipeline_model.py").read_text(encoding="utf-8")
    for name, words in DEFINITIONS.items():
        assert words in guide, name
        assert words in " ".join(model.split()), name
    assert ", ".join(f"`{band}`" for band in BANDS) in guide


def test_forecast_error_is_at_week_n_from_the_start_of_the_quarter(
    builtins: dict[str, Framework],
) -> None:
    error = next(m for m in builtins["forecast"].metrics if m.id == "forecast-error")
    assert "week 4" in error.name and "week 1 is the first week of the quarter" in error.help
    accuracy = {
        r.help for fw in builtins.values() for r in fw.ratings if r.id == "forecast-accuracy"
    }
    assert len(accuracy) == 1 and "forecast error at week 4" in accuracy.pop()
    for fw in builtins.values():
        for line in _texts(fw).splitlines():
            lowered = line.casefold()
            if "forecast error" in lowered or "commit called" in lowered:
                assert "week" in lowered, (fw.id, line)
            assert "at its start" not in lowered and "at this point of the quarter" not in lowered


# --------------------------------------------------------------------------- classification


def _kinds(fw: Framework) -> dict[str, str]:
    return {s.id: s.kind for s in fw.sections}


def test_a_call_review_reviews_the_recording_then_practises_the_moment(
    builtins: dict[str, Framework],
) -> None:
    fw = builtins["call-coaching"]
    assert fw.kind == "mixed"
    assert _kinds(fw) == {
        "call": "performance", "clip": "performance",  # the recording against the standard
        "moment": "coaching", "gap": "coaching", "commitment": "coaching",  # practising it
    }  # fmt: skip
    clip = next(s for s in fw.sections if s.id == "clip")
    standard = next(q for q in clip.questions if q.id == "cc-standard")
    assert isinstance(standard, MultiQuestion) and standard.required
    assert "standard" in clip.intro
    # the rep's own noticing is coaching, so it sits with the moment
    moment = next(s for s in fw.sections if s.id == "moment")
    assert {"cc-heard-now", "cc-buyer-tone"} <= {q.id for q in moment.questions}
    coaching = sum(s.minutes for s in fw.sections if s.kind == "coaching")
    assert (coaching, fw.minutes - coaching) == (18, 12)


def test_the_weekly_1on1_counts_the_reps_own_agenda_as_neither(
    builtins: dict[str, Framework],
) -> None:
    assert _kinds(builtins["weekly-1on1"]) == {
        "rep-items": "neutral", "manager-item": "performance",
        "one-metric": "performance", "one-skill": "coaching",
    }  # fmt: skip


def test_debriefs_and_strategy_sessions_are_performance(builtins: dict[str, Framework]) -> None:
    for fid in ("pipeline-review", "deal-review", "deal-risk", "forecast",
                "accountability-check-in"):  # fmt: skip
        fw = builtins[fid]
        assert fw.kind == "performance", fid
        assert set(_kinds(fw).values()) <= {"performance", "neutral"}, fid
    assert _kinds(builtins["forecast"])["strategy"] == "performance"
    assert _kinds(builtins["pipeline-review"])["slipped"] == "performance"
    # the one debrief counted as coaching debriefs a practice attempt, not a call or a deal
    assert _kinds(builtins["role-play"])["debrief"] == "coaching"


def test_logistics_questions_are_neutral(builtins: dict[str, Framework]) -> None:
    neutral = {
        (fw.id, q.id)
        for fw in builtins.values()
        for s in fw.sections
        for q in s.questions
        if q.kind == "neutral"
    }
    assert neutral == {
        ("call-coaching", "cc-call"), ("call-coaching", "cc-clip"),
        ("call-coaching", "cc-next-recording"), ("skill-will", "first-checkin"),
        ("ride-along", "ra-my-role"),
    }  # fmt: skip


BEFORE_ISSUE_15 = {
    "call-coaching": "1.1", "skill-will": "1.1", "forecast": "1.1", "pipeline-review": "1.2",
    "deal-review": "2.1", "grow": "1.2", "weekly-1on1": "2.1", "accountability-check-in": "2.1",
}  # fmt: skip
"""The versions before these fixes, of every framework they changed."""


@pytest.mark.parametrize("framework_id", sorted(BEFORE_ISSUE_15))
def test_a_changed_framework_raised_its_version(
    framework_id: str, builtins: dict[str, Framework]
) -> None:
    """Notes record the framework's version: a changed framework says so (docs/notes.md)."""
    before = BEFORE_ISSUE_15
    assert _version(builtins[framework_id].version) > _version(before[framework_id])
    assert builtins["call-coaching"].version.startswith("2.")  # a change of kind is major


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))
