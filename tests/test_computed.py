"""Computed metrics: checked when the framework loads, shown and recorded, never asked."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from coachcli.analytics import open_actions
from coachcli.answers import start_from_file
from coachcli.computed import SESSION_NAMES, session_counts
from coachcli.home import Home
from coachcli.index import load_corpus
from coachcli.loader import FrameworkError, load_file
from coachcli.notes import from_markdown
from coachcli.prompts import Prompt, Reply
from coachcli.start import StartOptions, start_session

from .helpers import Run, first_plan
from .scripted import ScriptedAsker

TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=TZ)

FRAMEWORK = """\
schema = 1
id = "numbers"
name = "Numbers"
kind = "performance"
summary = "The week's numbers."
when_to_use = "Every week."
minutes = 10

[[sections]]
id = "pipeline"
title = "Pipeline"
kind = "performance"
minutes = 10

  [[sections.questions]]
  id = "open-pipeline"
  type = "number"
  prompt = "Open pipeline this quarter?"
  unit = "k"

  [[sections.questions]]
  id = "quota-left"
  type = "number"
  prompt = "Quota still open?"
  unit = "k"

  [[sections.questions]]
  id = "dated"
  type = "yesno"
  prompt = "Has every deal a dated next step?"

  [[sections.questions]]
  id = "stage"
  type = "choice"
  prompt = "Where is the biggest deal?"
  options = ["Signed", "Negotiating", "Unknown"]

  [[sections.questions]]
  id = "notes"
  type = "text"
  prompt = "Anything else?"

[[metrics]]
id = "coverage"
name = "Pipeline coverage"
unit = "×"
indicator = "leading"
target = 3
compute = "round(open_pipeline ÷ quota_left, 1)"

[[metrics]]
id = "calls"
name = "Calls made"
indicator = "leading"

[[metrics]]
id = "score"
name = "Score"
indicator = "leading"
compute = "coverage + calls + yes(dated) + chose(stage, 1)"

[[metrics]]
id = "commitments-kept"
name = "Commitments kept"
unit = "%"
indicator = "leading"
compute = "round(100 * commitments_kept / (commitments_kept + commitments_missed))"

[closing]
actions = true
summary = false
"""


def write(folder: Path, text: str, name: str = "numbers.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


# --------------------------------------------------------------------------- checks on load


def test_a_valid_framework_loads(tmp_path: Path) -> None:
    fw = load_file(write(tmp_path, FRAMEWORK))
    assert [m.id for m in fw.metrics if m.compute] == ["coverage", "score", "commitments-kept"]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("compute = \"round(open_pipeline ÷ quota_left, 1)\"", "compute = \"open_pipelin / 2\"",
         "'open_pipelin' is not a number of this framework; did you mean 'open_pipeline'?"),
        ("compute = \"round(open_pipeline ÷ quota_left, 1)\"",
         "compute = \"open-pipeline / quota_left\"",
         "write open_pipeline for the id 'open-pipeline': in a formula - is minus"),
        ("compute = \"round(open_pipeline ÷ quota_left, 1)\"", "compute = \"open / quota_left\"",
         "'open' is not a number of this framework; in a formula - is minus: write an id's "
         "hyphens as _, e.g. open_pipeline"),
        ("compute = \"round(open_pipeline ÷ quota_left, 1)\"", "compute = \"__import__('os')\"",
         "'_' is not allowed in a formula (at character 1)"),
        ("compute = \"round(open_pipeline ÷ quota_left, 1)\"", "compute = \"quota_left / 0\"",
         "division by zero: quota_left / 0"),
        ("compute = \"round(open_pipeline ÷ quota_left, 1)\"", "compute = \"(quota_left\"",
         "the '(' at character 1 is not closed (at character 12)"),
        ("compute = \"round(open_pipeline ÷ quota_left, 1)\"", "compute = \"score * 2\"",
         "coverage → score → coverage is a circle: a computed metric cannot depend on itself, "
         "directly or through another one"),
        ("compute = \"round(open_pipeline ÷ quota_left, 1)\"", "compute = \"coverage + 1\"",
         "coverage → coverage is a circle: a computed metric cannot depend on itself, "
         "directly or through another one"),
        ("compute = \"round(open_pipeline ÷ quota_left, 1)\"", "compute = \"dated + 1\"",
         "'dated' is a yes/no question: write yes(dated) to count yes as 1 and no as 0"),
        ("compute = \"round(open_pipeline ÷ quota_left, 1)\"", "compute = \"stage\"",
         "'stage' is a choice question: write chose(stage, 1) to count its first option as 1 "
         "and any other as 0"),
        ("compute = \"round(open_pipeline ÷ quota_left, 1)\"", "compute = \"chose(stage, 4)\"",
         "chose(stage, 4): the question has only 3 options"),
        ("compute = \"round(open_pipeline ÷ quota_left, 1)\"", "compute = \"yes(stage)\"",
         "yes(stage) needs a yes/no question; 'stage' is a choice question"),
        ("compute = \"round(open_pipeline ÷ quota_left, 1)\"", "compute = \"chose(dated, 1)\"",
         "chose(dated, n) needs a choice question; 'dated' is a yes/no question"),
        ("compute = \"round(open_pipeline ÷ quota_left, 1)\"", "compute = \"notes * 2\"",
         "'notes' is a text question: a formula uses numbers only"),
        ("compute = \"round(open_pipeline ÷ quota_left, 1)\"", "compute = 3",
         "expected text in quotes, got 3"),
    ],
)  # fmt: skip
def test_a_bad_formula_names_file_line_and_key(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    text = FRAMEWORK.replace(old, new)
    assert text != FRAMEWORK
    path = write(tmp_path, text)
    with pytest.raises(FrameworkError) as caught:
        load_file(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.key, problem.message) == (
        line_of(text, new),
        "metrics[0].compute",
        message,
    )
    assert str(path) in str(caught.value)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = FRAMEWORK.replace('compute = "round(open_pipeline ÷ quota_left, 1)"',
                             'compute = "nothing + 1"').replace(
        '"coverage + calls + yes(dated) + chose(stage, 1)"', '"dated * 2"')  # fmt: skip
    with pytest.raises(FrameworkError) as caught:
        load_file(write(tmp_path, text))
    assert [(p.key, p.line) for p in caught.value.problems] == [
        ("metrics[0].compute", line_of(text, "nothing + 1")),
        ("metrics[2].compute", line_of(text, '"dated * 2"')),
    ]
    # mistakes of grammar are found first, all of them, as every other mistake of form is
    text = text.replace("nothing + 1", "1 +").replace('"dated * 2"', '"(dated"')
    with pytest.raises(FrameworkError) as caught:
        load_file(write(tmp_path, text))
    assert [(p.key, p.line) for p in caught.value.problems] == [
        ("metrics[0].compute", line_of(text, '"1 +"')),
        ("metrics[2].compute", line_of(text, '"(dated"')),
    ]


def test_the_session_names_win_over_an_id_spelled_the_same(tmp_path: Path) -> None:
    # the metric commitments-kept computes from the review count commitments_kept: no circle
    load_file(write(tmp_path, FRAMEWORK))
    assert set(SESSION_NAMES) == {
        "commitments_reviewed", "commitments_kept", "commitments_missed", "commitments_dropped",
    }  # fmt: skip


def test_validate_shows_the_problem_with_its_line(coach: Run, tmp_path: Path) -> None:
    text = FRAMEWORK.replace('compute = "round(open_pipeline ÷ quota_left, 1)"',
                             'compute = "open_pipeline.real"')  # fmt: skip
    path = write(tmp_path, text)
    result = coach("frameworks", "validate", str(path), code=1)
    line = line_of(text, "open_pipeline.real")
    assert result.stdout == (
        f"invalid {path}\n"
        f"        line {line}, metrics[0].compute: '.' is not allowed in a formula "
        "(at character 14)\n"
    )
    assert result.stderr == "Error: 1 of 1 framework file is invalid.\n"


def test_session_counts_follow_the_history_rule() -> None:
    today = date(2026, 12, 10)
    due, later = date(2026, 12, 8), date(2026, 12, 20)
    reviewed = [(outcome, when, "rep") for outcome, when in [
        ("done", due), ("not-done", due), ("dropped", due), ("done", later),
        ("still-open", due), ("not-done", later), ("dropped", later)]]  # fmt: skip
    reviewed.append(("not-done", due, "manager"))  # the manager's own: not the rep's to keep
    assert session_counts(reviewed, today) == {
        "commitments_reviewed": 6,
        "commitments_kept": 2,
        "commitments_missed": 2,  # not done when due, and dropped after the due date
        "commitments_dropped": 2,
    }


# --------------------------------------------------------------------------- in a session


@pytest.fixture
def home(coach_home: Home) -> Home:
    write(coach_home.frameworks_dir, FRAMEWORK)
    return coach_home


def options(**kw: Any) -> StartOptions:
    kw.setdefault("now", lambda: NOW)
    return StartOptions(rep="Alex Kim", framework="numbers", plan=first_plan, yes=True, **kw)


def script(pipeline: Any, quota: Any, *, calls: Any = "12", actions: int = 0) -> list[Any]:
    steps: list[Any] = [
        ("q:open-pipeline", pipeline),
        ("q:quota-left", quota),
        ("q:dated", "y"),
        ("q:stage", "Signed"),
        ("q:notes", ""),
        ("metric:calls", calls),  # the only metric asked
    ]
    for n in range(1, actions + 1):
        steps += [(f"act:{n}:text", f"Action {n}"), (f"act:{n}:owner", ""), (f"act:{n}:due", "")]
    return [*steps, (f"act:{actions + 1}:text", ""), ("minutes", "")]


def test_computed_metrics_are_shown_and_recorded_never_asked(home: Home) -> None:
    asker = ScriptedAsker(script("540", "180"))
    outcome = start_session(home, options(), asker)
    asker.done()
    assert not any(p.key.startswith("metric:") and p.key != "metric:calls" for p in asker.prompts)
    assert "Computed: Pipeline coverage = 3×; on target (3)" in asker.notices
    assert "Computed: Score = 17" in asker.notices  # 3 + 12 + yes + first option
    assert outcome.note is not None
    note = outcome.note.read_text(encoding="utf-8")
    assert "metric-coverage: 3\n" in note and "metric-score: 17\n" in note
    session = from_markdown(note)
    # no commitment was reviewed: kept ÷ (kept + missed) divides by zero, so it stays empty
    assert session.metrics == {"coverage": 3.0, "calls": 12.0, "score": 17.0}


class LoggingAsker(ScriptedAsker):
    """A scripted asker that also keeps prompts and notices in the order they came."""

    log: list[str]

    def ask(self, prompt: Prompt) -> Reply:
        self.log.append(prompt.key)
        return super().ask(prompt)

    def notice(self, text: str) -> None:
        self.log.append(text)
        super().notice(text)


def test_the_value_is_shown_when_it_becomes_known(home: Home) -> None:
    asker = LoggingAsker(script("540", "180"))
    asker.log = []
    start_session(home, options(), asker)
    assert asker.log[:7] == [
        "q:open-pipeline",
        "q:quota-left",
        "Computed: Pipeline coverage = 3×; on target (3)",  # right after its last input
        "q:dated",
        "q:stage",
        "q:notes",
        "metric:calls",
    ]
    assert asker.log[7] == "Computed: Score = 17"


def test_going_back_and_changing_an_input_shows_the_new_value(home: Home) -> None:
    steps = script("540", "180")
    steps[2:2] = [("q:dated", "/back"), ("q:quota-left", "270")]
    asker = ScriptedAsker(steps)
    outcome = start_session(home, options(), asker)
    asker.done()
    computed = [n for n in asker.notices if n.startswith("Computed: Pipeline")]
    assert computed == [
        "Computed: Pipeline coverage = 3×; on target (3)",
        "Computed: Pipeline coverage = 2×; off target (3)",
    ]
    assert outcome.session is not None and outcome.session.metrics["coverage"] == 2.0


def test_a_skipped_input_leaves_the_metric_empty(home: Home) -> None:
    asker = ScriptedAsker(script("540", "/skip"))
    outcome = start_session(home, options(), asker)
    asker.done()
    assert not any(n.startswith("Computed") for n in asker.notices)
    assert outcome.session is not None
    assert outcome.session.metrics == {"calls": 12.0}
    assert outcome.note is not None
    assert "metric-coverage" not in outcome.note.read_text(encoding="utf-8")


def test_a_division_by_zero_at_run_time_leaves_it_empty(home: Home) -> None:
    asker = ScriptedAsker(script("540", "0"))
    outcome = start_session(home, options(), asker)
    asker.done()
    assert outcome.session is not None
    assert outcome.session.metrics == {"calls": 12.0}
    assert not any(n.startswith("Computed") for n in asker.notices)


def test_commitments_kept_from_the_review(home: Home) -> None:
    start_session(home, options(), ScriptedAsker(script("540", "180", actions=3)))
    later = lambda: NOW + timedelta(days=14)  # noqa: E731
    ids = [a.id for a in open_actions(load_corpus(home, "alex-kim"), later().date())]
    asker = ScriptedAsker([
        (f"review:{ids[0]}", "done"),
        (f"review:{ids[1]}", "not done: waiting on legal"),
        (f"review:{ids[2]}", "done"),
        *script("600", "200", calls="10"),
    ])  # fmt: skip
    outcome = start_session(home, options(now=later, brief=False), asker)
    asker.done()
    # known as soon as the review is over, before the first question is answered
    assert asker.notices[0] == "Computed: Commitments kept = 67%"
    assert outcome.session is not None
    assert outcome.session.metrics["commitments-kept"] == 67.0
    assert "Computed: Pipeline coverage = 3×; no change since last time, on target (3)" in (
        asker.notices
    )


def test_an_answers_file_records_the_computed_value(home: Home, tmp_path: Path) -> None:
    answers = write(tmp_path, """\
framework = "numbers"
[answers]
open-pipeline = 450
quota-left = 150
[metrics]
calls = 4
""", "answers.toml")  # fmt: skip
    outcome = start_from_file(home, "Alex Kim", answers)
    assert outcome.session is not None
    assert outcome.session.metrics == {"coverage": 3.0, "calls": 4.0}


def test_an_answers_file_cannot_answer_a_computed_metric(home: Home, tmp_path: Path) -> None:
    from coachcli.errors import CoachError

    answers = write(tmp_path, 'framework = "numbers"\n[metrics]\ncoverage = 3\n', "answers.toml")
    with pytest.raises(CoachError) as caught:
        start_from_file(home, "Alex Kim", answers)
    assert (
        "metric 'coverage' is computed (compute = 'round(open_pipeline ÷ quota_left, 1)'), "
        "never answered: leave it out" in caught.value.message
    )


def test_a_sign_sticks_to_the_number_a_word_does_not() -> None:
    from coachcli.wording import with_unit

    assert [
        with_unit(3, "×"),
        with_unit(67, "%"),
        with_unit(6, "meetings"),
        with_unit(2.5, ""),
    ] == [
        "3×",
        "67%",
        "6 meetings",
        "2.5",
    ]
