"""The built-in framework library: valid, to the house rules, runnable, rotating, documented.

The house rules (docs/frameworks.md, "Writing a good framework") checked here,
one test each, for every built-in framework:

- it says when to use it and when not to;
- its sections are question banks: each ``pick`` asks fewer questions than the
  section holds and leaves at least one place to the optional questions; at
  most one section per framework is a fixed checklist without ``pick`` (the
  facts of a deal, a scoring rubric);
- the hard questions have probes: every required free-text question, and at
  least one question in every section; every required question has help;
- every rating has behavioural anchors: at least four levels, each a distinct
  description of at least five words;
- every metric has a target, and each framework pairs leading with lagging;
- coaching questions are open: none is yes/no, and none opens with an
  auxiliary verb ("Did you...", "Isn't it...", "Don't you think..."), which
  makes a question closed or leading;
- performance questions are measurable: a number, choice, multiple choice,
  yes/no, list or scale; free text only where it is optional (context for
  the note, never the record itself).

The kind of a question is its own ``kind`` if it has one, else its section's.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import tomli_w

from coachcli.answers import start_from_file
from coachcli.banks import plan_questions
from coachcli.framework import (
    ChoiceQuestion,
    Framework,
    ListQuestion,
    MultiQuestion,
    NumberQuestion,
    Question,
    ScaleQuestion,
    Section,
    TextQuestion,
    YesNoQuestion,
)
from coachcli.home import Home
from coachcli.loader import builtin_dir, check_files, discover, feedback_library
from coachcli.notes import from_markdown
from coachcli.outline import to_markdown

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "frameworks"
BUILTIN_IDS = sorted(p.stem for p in builtin_dir().glob("*.toml"))

MEASURABLE = (
    NumberQuestion,
    ChoiceQuestion,
    MultiQuestion,
    YesNoQuestion,
    ListQuestion,
    ScaleQuestion,
)
CLOSED_OPENERS = {
    "am", "is", "are", "was", "were", "do", "does", "did", "have", "has", "had",
    "can", "could", "will", "would", "shall", "should", "may", "might", "must",
    "isn't", "aren't", "wasn't", "weren't", "don't", "doesn't", "didn't", "haven't",
    "hasn't", "hadn't", "can't", "couldn't", "won't", "wouldn't", "shouldn't",
}  # fmt: skip
LEADING_PHRASES = ("don't you think", "wouldn't you agree", "isn't it", "surely", ", right?")


@pytest.fixture(scope="module")
def builtins(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Framework]:
    """Every built-in framework, loaded as coach loads it (shared templates included)."""
    home = Home(tmp_path_factory.mktemp("library-home"))
    sources = discover(home)
    assert all(s.error is None for s in sources), [str(s.error) for s in sources if s.error]
    return {s.id: s.framework for s in sources if s.framework is not None}


def _kind(fw: Framework, section: Section, q: Question) -> str:
    return fw.question_kind(section, q)


def _questions(fw: Framework) -> list[tuple[Section, Question]]:
    return [(s, q) for s in fw.sections for q in s.questions]


# --------------------------------------------------------------------------- validity


def test_every_builtin_file_validates(coach_home: Home) -> None:
    results = check_files(coach_home, [])
    assert results, "no built-in files found"
    problems = {str(path): str(error) for path, error, _ in results if error is not None}
    assert problems == {}
    checked = {result.path.name for result in results}
    assert {f"{i}.toml" for i in BUILTIN_IDS} <= checked
    assert "library.toml" in checked  # the shared feedback library is checked too


def test_every_file_is_named_after_its_id_and_listed(
    coach_home: Home, builtins: dict[str, Framework]
) -> None:
    assert sorted(builtins) == BUILTIN_IDS
    assert all(s.origin == "built-in" for s in discover(coach_home))
    expected = {
        "grow", "oskar", "skill-will", "role-play", "call-coaching", "career",
        "pipeline-review", "deal-review", "deal-risk", "forecast", "accountability-check-in",
        "weekly-1on1", "new-hire-30-60-90",
        "account-plan", "territory-plan", "ride-along", "negotiation-prep",
    }  # fmt: skip
    assert expected <= set(BUILTIN_IDS)
    # the analytics suggests this one by id when commitments slip
    assert builtins["accountability-check-in"].kind == "performance"


def test_shared_feedback_library() -> None:
    library, sources = feedback_library(None)
    assert all(s.error is None for s in sources)
    styles = {i: t.style for i, t in library.items()}
    assert styles == {"sbi": "any", "coin": "any", "star": "positive", "star-ar": "redirecting"}
    slots = {i: [s.name for s in t.slots] for i, t in library.items()}
    assert slots["sbi"] == ["situation", "behaviour", "impact", "intent"]
    assert slots["coin"] == ["context", "observation", "impact", "next"]
    assert slots["star"] == ["situation", "action", "result"]
    assert slots["star-ar"] == [
        "situation", "action", "result", "alternative_action", "alternative_result",
    ]  # fmt: skip
    for template in library.values():
        assert template.help, template.id
        assert all(slot.help for slot in template.slots), template.id


@pytest.mark.parametrize("framework_id", BUILTIN_IDS)
def test_offers_shared_feedback_both_positive_and_redirecting(
    framework_id: str, builtins: dict[str, Framework]
) -> None:
    fw = builtins[framework_id]
    assert fw.use_feedback, "use_feedback names no shared template"
    ids = [t.id for t in fw.feedback]
    assert set(fw.use_feedback) <= set(ids)
    styles = {t.style for t in fw.feedback}
    assert "positive" in styles
    assert styles & {"redirecting", "any"}


# --------------------------------------------------------------------------- house rules


@pytest.mark.parametrize("framework_id", BUILTIN_IDS)
def test_says_when_to_use_it_and_when_not(
    framework_id: str, builtins: dict[str, Framework]
) -> None:
    fw = builtins[framework_id]
    assert len(fw.when_to_use.split()) >= 15
    assert len(fw.when_not_to_use.split()) >= 15
    assert sum(s.minutes for s in fw.sections) == fw.minutes  # also enforced by the model


@pytest.mark.parametrize("framework_id", BUILTIN_IDS)
def test_sections_are_banks_larger_than_what_is_asked(
    framework_id: str, builtins: dict[str, Framework]
) -> None:
    fw = builtins[framework_id]
    banks = [s for s in fw.sections if s.pick is not None]
    fixed = [s.id for s in fw.sections if s.pick is None]
    assert banks, "no question bank"
    assert len(fixed) <= 1, f"more than one section without pick: {fixed}"
    for section in banks:
        assert section.pick is not None
        required = sum(1 for q in section.questions if q.required)
        assert section.pick < len(section.questions), section.id
        assert required < section.pick, f"{section.id}: no place left for the bank's questions"


@pytest.mark.parametrize("framework_id", BUILTIN_IDS)
def test_probes_on_the_hard_questions_and_help_on_required_ones(
    framework_id: str, builtins: dict[str, Framework]
) -> None:
    fw = builtins[framework_id]
    for section in fw.sections:
        assert any(q.probes for q in section.questions), f"{section.id}: no probes at all"
        for q in section.questions:
            if q.required and isinstance(q, TextQuestion):
                assert q.probes, f"{q.id}: a required open question without probes"
            if q.required:
                assert q.help, f"{q.id}: a required question without help"


@pytest.mark.parametrize("framework_id", BUILTIN_IDS)
def test_every_rating_level_has_a_behavioural_anchor(
    framework_id: str, builtins: dict[str, Framework]
) -> None:
    fw = builtins[framework_id]
    assert fw.ratings
    for rating in fw.ratings:
        assert len(rating.anchors) == rating.max - rating.min + 1
        assert len(rating.anchors) >= 4, rating.id
        assert len(set(rating.anchors)) == len(rating.anchors), rating.id
        for anchor in rating.anchors:
            assert len(anchor.split()) >= 5, f"{rating.id}: {anchor!r} is not a behaviour"


@pytest.mark.parametrize("framework_id", BUILTIN_IDS)
def test_every_metric_has_a_target_and_leading_and_lagging_are_paired(
    framework_id: str, builtins: dict[str, Framework]
) -> None:
    fw = builtins[framework_id]
    assert fw.metrics
    for metric in fw.metrics:
        assert metric.aim.has_target, f"{metric.id} has no target"
        assert metric.indicator in ("leading", "lagging")
        # a value the metric cannot take is refused: every built-in says its lowest
        assert metric.min is not None, f"{metric.id} has no min"
        if metric.unit == "%" and metric.id not in OVER_100:
            assert (metric.min, metric.max) == (0, 100), f"{metric.id}: a share in % is 0–100"
    assert {m.indicator for m in fw.metrics} == {"leading", "lagging"}


OVER_100 = {  # metrics in % that can pass 100: attainment, effort against a standard, error
    "attainment-pace", "attainment-12m", "activity-vs-standard", "forecast-error",
    "ramped-quota-attainment", "net-retention", "pipeline-vs-need", "activity-vs-need",
}  # fmt: skip


def _first_word(prompt: str) -> str:
    word = prompt.replace("’", "'").split()[0]
    return word.strip(',:;.!?"').casefold()


@pytest.mark.parametrize("framework_id", BUILTIN_IDS)
def test_coaching_questions_are_open(framework_id: str, builtins: dict[str, Framework]) -> None:
    fw = builtins[framework_id]
    for section, q in _questions(fw):
        if section.kind == "coaching":
            assert not isinstance(q, YesNoQuestion), f"{q.id}: yes/no in a coaching section"
        if _kind(fw, section, q) != "coaching":
            continue
        assert not isinstance(q, YesNoQuestion), f"{q.id}: a yes/no coaching question"
        assert _first_word(q.prompt) not in CLOSED_OPENERS, f"{q.id}: closed: {q.prompt!r}"
        lowered = q.prompt.replace("’", "'").casefold()
        for phrase in LEADING_PHRASES:
            assert phrase not in lowered, f"{q.id}: leading: {q.prompt!r}"


@pytest.mark.parametrize("framework_id", BUILTIN_IDS)
def test_performance_questions_are_measurable(
    framework_id: str, builtins: dict[str, Framework]
) -> None:
    fw = builtins[framework_id]
    for section, q in _questions(fw):
        if _kind(fw, section, q) != "performance":
            continue
        if isinstance(q, TextQuestion):
            assert not q.required, f"{q.id}: a required free-text performance question"
        else:
            assert isinstance(q, MEASURABLE), q.id


def test_shared_ids_mean_the_same_everywhere(builtins: dict[str, Framework]) -> None:
    """History follows ratings and metrics by id across frameworks: same id, same meaning."""
    ratings: dict[str, tuple[object, ...]] = {}
    metrics: dict[str, tuple[object, ...]] = {}
    for fw in builtins.values():
        for r in fw.ratings:
            ratings.setdefault(r.id, (r.name, r.min, tuple(r.anchors)))
            assert ratings[r.id] == (r.name, r.min, tuple(r.anchors)), f"{fw.id}: rating {r.id}"
        for m in fw.metrics:
            key = (m.name, m.unit, m.indicator, m.aim)
            metrics.setdefault(m.id, key)
            assert metrics[m.id] == key, f"{fw.id}: metric {m.id}"


# --------------------------------------------------------------------------- end to end


def _value(q: Question) -> object:
    """A valid answer for any question type."""
    if isinstance(q, ScaleQuestion):
        return q.max
    if isinstance(q, ChoiceQuestion):
        return q.options[-1]
    if isinstance(q, MultiQuestion):
        return q.options[:2]
    if isinstance(q, NumberQuestion):
        low = q.min if q.min is not None else 0.0
        value = min(low + 1, q.max) if q.max is not None else low + 1
        return int(value) if q.integer else float(value)
    if isinstance(q, YesNoQuestion):
        return True
    if isinstance(q, ListQuestion):
        return ["Acme: security review, 14 March", "Globex: CFO meeting, 20 March"]
    return f"An answer to {q.id}."


@pytest.mark.parametrize("framework_id", BUILTIN_IDS)
def test_runs_end_to_end_from_an_answers_file(
    framework_id: str, builtins: dict[str, Framework], coach_home: Home, tmp_path: Path
) -> None:
    fw = builtins[framework_id]
    answers = {q.id: _value(q) for _, q in _questions(fw) if q.required}
    rating = fw.ratings[0]
    metric = next(m for m in fw.metrics if m.compute is None)
    shared = next(t for t in fw.feedback if t.id == fw.use_feedback[0])
    feedback = {"template": shared.id} | {s.name: f"the {s.name} slot" for s in shared.slots}
    data = {
        "framework": fw.id,
        "summary": f"A {fw.name} session, from an answers file.",
        "answers": answers,
        "ratings": {rating.id: rating.min},
        "metrics": {metric.id: metric.target},
        "feedback": [feedback],
        "actions": [{"text": "Do the agreed thing", "owner": "rep", "due": "+7d"}],
    }
    if fw.subject:
        data["subject"] = "Globex renewal"
    path = tmp_path / f"{fw.id}-answers.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")

    outcome = start_from_file(coach_home, "Alex Kim", path)

    assert outcome.status == "finished" and outcome.note is not None
    assert outcome.note.is_file()
    session = from_markdown(outcome.note.read_text(encoding="utf-8"))
    assert session.framework == fw.id and session.kind == fw.kind
    assert session.ratings == {rating.id: rating.min}
    # computed from the answers above (highest scale level, last option, numbers of 1);
    # commitments kept is empty: there was nothing to review
    computed = {
        "role-play": {"rubric-average": 4.0},
        "pipeline-review": {"pipeline-coverage": 1.0, "coverage-needed": 4.0},
        "deal-review": {"meddpicc-confirmed": 0.0},
        "deal-risk": {"deals-at-risk": 100.0},  # 1 flagged of 1 in scope
        "spin-call-scorecard": {
            "spin-situation-questions": 1.0,
            "spin-problem-questions": 1.0,
            "spin-implication-questions": 1.0,
            "spin-need-payoff-questions": 1.0,
            "spin-implication-share": 50.0,
        },
        # group met 1 of 2; revenue 1 and whitespace 1; expansion pipeline 1 of whitespace 1
        "account-plan": {
            "buying-group-coverage": 50.0,
            "share-of-wallet": 50.0,
            "whitespace-in-pipeline": 100.0,
        },
        # win rate 2%: 50× coverage, 1k open of 50k needed, (50 - 1) / 2k = 24.5 → 25 to create,
        # 1 meeting a week × 2% × 2 weeks is 0.04 of 25
        "territory-plan": {
            "coverage-needed": 50.0,
            "pipeline-vs-need": 2.0,
            "opportunities-to-create": 25.0,
            "activity-vs-need": 0.0,
        },
        "ride-along": {"observed-average": 4.0},
        "negotiation-prep": {"planned-max-discount": 50.0},  # walk-away 1k of 2k
        "performance-improvement-plan": {"pip-on-track-share": 50.0},
        "skip-level": {"skip-recommend": 10.0},
    }.get(fw.id, {})
    assert session.metrics == {metric.id: metric.target} | computed
    assert [f.template for f in session.feedback] == [shared.id]
    assert all(f"the {s.name} slot" in session.feedback[0].text for s in shared.slots)
    assert [a.text for a in session.actions] == ["Do the agreed thing"]
    asked = [a.id for s in session.sections for a in s.answers]
    assert set(answers) <= set(asked)
    assert session.subject == ("Globex renewal" if fw.subject else "")


# --------------------------------------------------------------------------- bank rotation


@pytest.mark.parametrize("framework_id", BUILTIN_IDS)
def test_banks_ask_no_question_twice_within_three_sessions(
    framework_id: str, builtins: dict[str, Framework]
) -> None:
    """Within three consecutive sessions for one rep, a bank repeats none of its optional
    questions exactly when it holds at least three times as many optional questions as
    it has places for them (pick minus the required questions, which are always asked)."""
    fw = builtins[framework_id]
    history: list[list[str]] = []  # questions asked per session, newest first
    plans = []
    for _ in range(3):
        plan = plan_questions(fw, history)
        plans.append(plan)
        history.insert(0, [qid for qids in plan.values() for qid in qids])

    rotating = 0
    for section in fw.sections:
        if section.pick is None:
            continue
        optional = [q.id for q in section.questions if not q.required]
        places = section.pick - (len(section.questions) - len(optional))
        asked = [qid for plan in plans for qid in plan[section.id] if qid in optional]
        assert len(asked) == 3 * places
        large_enough = len(optional) >= 3 * places
        assert (len(set(asked)) == len(asked)) == large_enough, (section.id, asked)
        rotating += large_enough
    assert rotating >= 1, "no bank is large enough to rotate over three sessions"


# --------------------------------------------------------------------------- docs


@pytest.mark.parametrize("framework_id", BUILTIN_IDS)
def test_docs_page_is_the_generated_outline(
    framework_id: str, builtins: dict[str, Framework]
) -> None:
    page = DOCS / f"{framework_id}.md"
    assert page.is_file(), f"run: python scripts/gen_framework_docs.py (missing {page.name})"
    expected = to_markdown(builtins[framework_id])
    assert page.read_text(encoding="utf-8") == expected, (
        f"{page} is out of date: run python scripts/gen_framework_docs.py"
    )


def test_docs_index_lists_every_framework(builtins: dict[str, Framework]) -> None:
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    pages = sorted(p.stem for p in DOCS.glob("*.md") if p.name != "README.md")
    assert pages == BUILTIN_IDS
    for fw in builtins.values():
        rows = (line for line in index.splitlines() if line.startswith("|"))
        row = next((line for line in rows if f"({fw.id}.md)" in line), None)
        assert row is not None, f"{fw.id} is not in docs/frameworks/README.md"
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert fw.kind in cells and str(fw.minutes) in cells, row


def test_generator_script_reports_pages_current() -> None:
    script = ROOT / "scripts" / "gen_framework_docs.py"
    result = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "up to date" in result.stdout
