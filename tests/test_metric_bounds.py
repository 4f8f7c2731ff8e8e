"""Metric bounds (`min`, `max`) and target bands (`better = "within"`): the framework format's
checks, the one rule that judges a value, the session's re-ask, answers files, imports, and the
built-ins that use them."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from coachcli.aims import MetricTarget, bounds_wording, on_target, outside_bounds, target_wording
from coachcli.analytics import Point, Trend, metric_targets
from coachcli.answers import start_from_file
from coachcli.charts import target_text
from coachcli.errors import CoachError
from coachcli.home import Home
from coachcli.imports import metrics_dir
from coachcli.loader import FrameworkError, builtin_dir, load_file
from coachcli.metric_import import ImportRequest, import_metrics
from coachcli.notes import from_markdown
from coachcli.outline import to_markdown as framework_outline
from coachcli.report_view import Point as ReportPoint
from coachcli.report_view import Series
from coachcli.reps import add_rep
from coachcli.start import StartOptions, start_session
from coachcli.wording import number, with_unit

from .helpers import first_plan
from .scripted import ScriptedAsker

TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=TZ)
TODAY = date(2026, 12, 2)

FRAMEWORK = """\
schema = 1
id = "calls"
name = "Call numbers"
kind = "performance"
summary = "The week's call numbers."
when_to_use = "Every week."
minutes = 10

[[sections]]
id = "calls"
title = "Calls"
kind = "performance"
minutes = 10

  [[sections.questions]]
  id = "deals-in-scope"
  type = "number"
  prompt = "Deals in scope?"

  [[sections.questions]]
  id = "deals-flagged"
  type = "number"
  prompt = "Deals flagged?"

[[metrics]]
id = "talk-time"
name = "Talk time"
unit = "%"
indicator = "leading"
better = "within"
target_low = 35
target_high = 50
min = 0
max = 100

[[metrics]]
id = "win-rate"
name = "Win rate"
unit = "%"
indicator = "lagging"
target = 25
min = 0
max = 100

[[metrics]]
id = "flagged-share"
name = "Deals flagged"
unit = "%"
indicator = "lagging"
target = 20
better = "lower"
min = 0
max = 100
compute = "round(100 * deals_flagged / deals_in_scope)"

[closing]
actions = false
summary = false
"""


def write(folder: Path, text: str, name: str = "calls.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


# --------------------------------------------------------------------------- the format


def test_the_example_loads_with_its_band_and_bounds(tmp_path: Path) -> None:
    fw = load_file(write(tmp_path, FRAMEWORK))
    talk = fw.metrics[0]
    assert talk.aim == MetricTarget(None, "leading", "within", 35, 50, 0, 100)
    assert metric_targets([fw])["win-rate"] == MetricTarget(25, "lagging", "higher", None, None,
                                                            0, 100)  # fmt: skip


BAND = 'better = "within"\ntarget_low = 35\ntarget_high = 50'


@pytest.mark.parametrize(
    ("old", "new", "needle", "key", "message"),
    [
        (BAND, 'better = "within"\ntarget = 45\ntarget_low = 35\ntarget_high = 50',
         "target = 45", "metrics[0].target",
         "target = 45 is one number, but better = 'within' judges a band: write target_low "
         "and target_high instead"),
        (BAND, 'better = "within"\ntarget_low = 35', 'better = "within"', "metrics[0].better",
         "better = 'within' needs both target_low and target_high, the ends of the band"),
        (BAND, 'target_low = 35\ntarget_high = 50', "target_low = 35", "metrics[0].target_low",
         "target_low is one end of a band: set better to 'within' and give both ends, "
         "or give a single target"),
        (BAND, 'better = "lower"\ntarget_high = 50', "target_high = 50",
         "metrics[0].target_high",
         "target_high is one end of a band: set better to 'within' and give both ends, "
         "or give a single target"),
        (BAND, 'better = "within"\ntarget_low = 50\ntarget_high = 35', "target_low = 50",
         "metrics[0].target_low",
         "target_low 50 is not below target_high 35; the band goes from low to high"),
        (BAND, 'better = "within"\ntarget_low = 40\ntarget_high = 40', "target_low = 40",
         "metrics[0].target_low",
         "target_low 40 is not below target_high 40; the band goes from low to high"),
        ("min = 0\nmax = 100\n\n[[metrics]]\nid = \"win-rate\"",
         "min = 100\nmax = 0\n\n[[metrics]]\nid = \"win-rate\"", "min = 100", "metrics[0].min",
         "min 100 is above max 0"),
        (BAND, 'better = "within"\ntarget_low = -5\ntarget_high = 50', "target_low = -5",
         "metrics[0].target_low", "target_low -5 is below min 0"),
        (BAND, 'better = "within"\ntarget_low = 35\ntarget_high = 150', "target_high = 150",
         "metrics[0].target_high", "target_high 150 is above max 100"),
        ("target = 25\n", "target = 125\n", "target = 125", "metrics[1].target",
         "target 125 is above max 100"),
        ("target = 20\n", "target = -1\n", "target = -1", "metrics[2].target",
         "target -1 is below min 0"),
        (BAND, 'better = "withn"\ntarget_low = 35\ntarget_high = 50', 'better = "withn"',
         "metrics[0].better",
         "expected 'higher', 'lower' or 'within', got 'withn'; did you mean 'within'?"),
        (BAND, 'better = "within"\ntarget_low = "35"\ntarget_high = 50', 'target_low = "35"',
         "metrics[0].target_low", "expected a number (without quotes), got '35'"),
        ("min = 0\nmax = 100\n\n[[metrics]]\nid = \"win-rate\"",
         "min = 0\nmaximum = 100\n\n[[metrics]]\nid = \"win-rate\"", "maximum = 100",
         "metrics[0].maximum", "unknown key 'maximum'; did you mean 'max'?"),
    ],
)  # fmt: skip
def test_each_mistake_names_file_line_and_key(
    tmp_path: Path, old: str, new: str, needle: str, key: str, message: str
) -> None:
    assert old in FRAMEWORK
    text = FRAMEWORK.replace(old, new, 1)
    path = write(tmp_path, text)
    with pytest.raises(FrameworkError) as caught:
        load_file(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.key, problem.message) == (line_of(text, needle), key, message)
    assert str(path) in str(caught.value)


# --------------------------------------------------------------------------- the one rule

TALK = MetricTarget(None, "leading", "within", 35, 50, 0, 100)


@pytest.mark.parametrize(
    ("value", "met"),
    [(34.9, False), (35, True), (42, True), (50, True), (50.1, False), (0, False), (100, False)],
)
def test_a_band_is_judged_right_at_its_edges(value: float, met: bool) -> None:
    assert on_target(value, TALK) is met


@pytest.mark.parametrize(
    ("aim", "value", "met"),
    [
        (MetricTarget(3, "leading"), 3, True),
        (MetricTarget(3, "leading"), 2.99, False),
        (MetricTarget(10, "lagging", "lower"), 10, True),
        (MetricTarget(10, "lagging", "lower"), 10.01, False),
        (MetricTarget(None, "leading"), 5, None),
        (MetricTarget(None, "leading", "within", 35, None), 40, None),
    ],
)
def test_higher_lower_and_no_target(aim: MetricTarget, value: float, met: bool | None) -> None:
    assert on_target(value, aim) is met


@given(low=st.floats(-1e6, 1e6), width=st.floats(1e-3, 1e6), value=st.floats(-3e6, 3e6))
def test_within_is_low_to_high_included(low: float, width: float, value: float) -> None:
    high = low + width
    aim = MetricTarget(None, "leading", "within", low, high)
    assert on_target(value, aim) is (low <= value <= high)


def test_the_target_is_worded_once() -> None:
    def pct(value: float) -> str:
        return with_unit(value, "%")

    assert target_wording(TALK, pct) == "35%–50%"
    assert target_wording(MetricTarget(10, "lagging", "lower"), pct) == "10% or lower"
    assert target_wording(MetricTarget(3, "leading"), number) == "3"
    assert target_wording(MetricTarget(None, "leading"), number) == ""
    assert outside_bounds(101, TALK) == "above 100, the highest possible"
    assert outside_bounds(-1, TALK) == "below 0, the lowest possible"
    assert outside_bounds(100, TALK) == outside_bounds(0, TALK) == ""
    assert bounds_wording(TALK) == "0 to 100"
    assert bounds_wording(MetricTarget(None, "leading", min=0)) == "at least 0"
    assert bounds_wording(MetricTarget(None, "leading", max=10)) == "at most 10"


def test_history_brief_and_report_judge_the_band() -> None:
    points = (Point(date(2026, 11, 1), 60.0), Point(date(2026, 11, 8), 42.0))
    trend = Trend("talk-time", points, None, "leading", "within", "Talk", "%", 35, 50)
    assert trend.on_target is True
    assert trend.to_json()["target_low"] == 35 and trend.to_json()["target_high"] == 50
    too_low = Trend("talk-time", (Point(date(2026, 11, 8), 20.0),), None, "leading", "within",
                    "Talk", "%", 35, 50)  # fmt: skip
    assert too_low.on_target is False
    series = Series("talk-time", "Talk", "metric", "%",
                    (ReportPoint(date(2026, 11, 8), 42.0),), None, "within", 35, 50)  # fmt: skip
    assert target_text(series) == "target 35%–50%"


def test_the_outline_shows_the_band_and_the_bounds(tmp_path: Path) -> None:
    outline = framework_outline(load_file(write(tmp_path, FRAMEWORK)))
    assert "| Talk time (`talk-time`) | % | 35–50 | leading | within | 0 to 100 | private |" in (
        outline
    )
    assert "| Deals flagged (`flagged-share`) | % | 20 | lagging | lower | 0 to 100 |" in outline


# --------------------------------------------------------------------------- the session


@pytest.fixture
def home(coach_home: Home) -> Home:
    write(coach_home.frameworks_dir, FRAMEWORK)
    return coach_home


def options() -> StartOptions:
    return StartOptions(rep="Alex Kim", framework="calls", plan=first_plan, yes=True,
                        now=lambda: NOW)  # fmt: skip


def test_the_session_asks_again_for_a_value_outside_the_bounds(home: Home) -> None:
    script = [
        ("q:deals-in-scope", "10"),
        ("q:deals-flagged", "3"),
        ("metric:talk-time", "450"),  # a typo for 45
        ("metric:talk-time", "-5"),
        ("metric:talk-time", "55"),
        ("metric:win-rate", "30"),
        ("minutes", ""),
    ]
    asker = ScriptedAsker(script)
    outcome = start_session(home, options(), asker)
    asker.done()
    talk = [p for p in asker.prompts if p.key == "metric:talk-time"]
    assert [p.error for p in talk] == ["", "Enter at most 100.", "Enter at least 0."]
    assert talk[0].context == "leading · target 35%–50%"
    assert outcome.note is not None
    session = from_markdown(outcome.note.read_text(encoding="utf-8"))
    assert session.metrics == {"talk-time": 55, "win-rate": 30, "flagged-share": 30}


def test_the_session_says_on_or_off_the_band(home: Home) -> None:
    script = [("q:deals-in-scope", "10"), ("q:deals-flagged", "1"), ("metric:talk-time", "55"),
              ("metric:win-rate", "30"), ("minutes", "")]  # fmt: skip
    asker = ScriptedAsker(script)
    start_session(home, options(), asker)
    asker.done()
    assert "55%: off target (35–50)" in asker.notices
    assert "Computed: Deals flagged = 10%; on target (20 or lower)" in asker.notices


def test_a_computed_value_outside_the_bounds_is_flagged(home: Home) -> None:
    script = [("q:deals-in-scope", "2"), ("q:deals-flagged", "3"), ("metric:talk-time", "40"),
              ("metric:win-rate", "30"), ("minutes", "")]  # fmt: skip
    asker = ScriptedAsker(script)
    start_session(home, options(), asker)
    asker.done()
    assert (
        "Computed: Deals flagged = 150%; above 100, the highest possible: check the answers it "
        "is computed from"
    ) in asker.notices


def test_an_answers_file_outside_the_bounds_is_refused_with_its_key(
    home: Home, tmp_path: Path
) -> None:
    path = tmp_path / "answers.toml"
    data = {"framework": "calls", "metrics": {"talk-time": 450, "win-rate": -2}}
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    with pytest.raises(CoachError) as caught:
        start_from_file(home, "Alex Kim", path)
    message = caught.value.message
    assert message.startswith(f"{path} does not fit the framework 'calls':")
    assert "metrics.talk-time = 450 is above 100, the highest possible for 'Talk time' " \
        "(0 to 100)" in message  # fmt: skip
    assert "metrics.win-rate = -2 is below 0, the lowest possible for 'Win rate' (0 to 100)" in (
        message
    )
    assert not (home.reps_dir / "alex-kim").exists() or not list(
        (home.reps_dir / "alex-kim").glob("*.md")
    )


def test_an_answers_file_within_the_bounds_is_recorded(home: Home, tmp_path: Path) -> None:
    path = tmp_path / "answers.toml"
    data = {"framework": "calls", "metrics": {"talk-time": 100, "win-rate": 0}}
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    outcome = start_from_file(home, "Alex Kim", path)
    assert outcome.note is not None
    assert from_markdown(outcome.note.read_text(encoding="utf-8")).metrics == {
        "talk-time": 100, "win-rate": 0,
    }  # fmt: skip


# --------------------------------------------------------------------------- imports


def test_an_import_warns_per_cell_outside_the_bounds_and_keeps_the_rest(
    home: Home, tmp_path: Path
) -> None:
    add_rep(home, "Alex Kim", today=TODAY)
    add_rep(home, "Dana Fox", today=TODAY)
    path = tmp_path / "calls.csv"
    path.write_text(
        "Rep,Date,Talk time,Win rate\nAlex Kim,2026-11-28,450,30%\nDana Fox,2026-11-28,42,-3\n",
        encoding="utf-8",
    )
    result = import_metrics(home, ImportRequest(path), TODAY)
    assert result.problems == [
        "calls.csv, line 2, column C (Talk time): '450' is above 100, the highest possible "
        "(0 to 100).",
        "calls.csv, line 3, column D (Win rate): '-3' is below 0, the lowest possible (0 to 100).",
    ]
    kept = [(v.rep, v.metric, v.value) for v in result.values]
    assert kept == [("Alex Kim", "win-rate", 30), ("Dana Fox", "talk-time", 42)]
    assert result.outcome == "written"


def test_a_strict_import_with_a_value_outside_the_bounds_writes_nothing(
    home: Home, tmp_path: Path
) -> None:
    add_rep(home, "Alex Kim", today=TODAY)
    path = tmp_path / "calls.csv"
    path.write_text("Rep,Talk time,Win rate\nAlex Kim,101,30\n", encoding="utf-8")
    result = import_metrics(home, ImportRequest(path, strict=True), TODAY)
    assert result.outcome == "strict"
    assert result.problems == [
        "calls.csv, line 2, column B (Talk time): '101' is above 100, the highest possible "
        "(0 to 100)."
    ]
    assert not metrics_dir(home).exists()


# --------------------------------------------------------------------------- the built-ins


def test_talk_time_is_a_band_wherever_it_is_recorded() -> None:
    for framework_id in ("call-coaching", "grow"):
        fw = load_file(builtin_dir() / f"{framework_id}.toml")
        talk = next(m for m in fw.metrics if m.id == "talk-time")
        assert (talk.better, talk.target, talk.min, talk.max) == ("within", None, 0, 100)
        assert talk.target_low is not None and talk.target_high is not None
        assert 0 < talk.target_low < 45 < talk.target_high <= 50, framework_id


def test_deals_at_risk_is_a_share_computed_from_the_two_counts() -> None:
    fw = load_file(builtin_dir() / "deal-risk.toml")
    metric = next(m for m in fw.metrics if m.id == "deals-at-risk")
    assert (metric.unit, metric.better, metric.min, metric.max) == ("%", "lower", 0, 100)
    assert metric.compute == "round(100 * risk_flagged_count / risk_deal_count)"
    required = {q.id for s in fw.sections for q in s.questions if q.required}
    assert {"risk-flagged-count", "risk-deal-count", "risk-cycle-days"} <= required


DEAL_RISK_WARNINGS = {  # section id -> words its title must hold
    "close-date-passed": "close date",
    "no-next-step": "next step",
    "no-activity": "quiet",
    "single-threaded": "single-threaded",
    "no-economic-buyer": "economic buyer",
    "pricing-not-discussed": "pricing",
    "no-compelling-event": "compelling event",
    "competitor-present": "competitor",
    "stalled": "stalled",
}


def test_deal_risk_covers_the_warnings_sales_leaders_use() -> None:
    fw = load_file(builtin_dir() / "deal-risk.toml")
    titles = {s.id: s.title.casefold() for s in fw.sections}
    for section_id, words in DEAL_RISK_WARNINGS.items():
        assert words in titles[section_id], section_id
    # the quiet threshold follows the cycle, not a flat number of days
    quiet = next(s for s in fw.sections if s.id == "no-activity")
    assert "sixth of the usual cycle" in quiet.intro
    assert "30 days" not in quiet.intro and "14 days" not in quiet.intro
    no_next = next(q for s in fw.sections for q in s.questions if q.id == "risk-no-next")
    assert "without a date" in no_next.prompt
    # deal-review lists the same warnings for its one deal
    review = load_file(builtin_dir() / "deal-review.toml")
    warnings = next(q for s in review.sections for q in s.questions if q.id == "dr-warnings")
    assert len(warnings.options) == len(DEAL_RISK_WARNINGS)  # type: ignore[union-attr]


def test_the_ramp_has_its_metrics_and_counts_calendar_days() -> None:
    path = builtin_dir() / "new-hire-30-60-90.toml"
    fw = load_file(path)
    metrics = {m.id: m for m in fw.metrics}
    ramped = metrics["ramped-quota-attainment"]
    assert (ramped.unit, ramped.indicator, ramped.better, ramped.min) == ("%", "lagging",
                                                                          "higher", 0)  # fmt: skip
    first = metrics["time-to-first-deal"]
    assert (first.unit, first.better, first.min) == ("days", "lower", 0)
    text = path.read_text(encoding="utf-8").casefold()
    assert "working day" not in text and "business day" not in text
    assert "calendar days" in fw.when_to_use
    days_in = next(q for s in fw.sections for q in s.questions if q.id == "nh-days-in")
    assert "calendar days" in days_in.prompt
