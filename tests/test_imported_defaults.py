"""Imported metric values in sessions and the brief (issue 14, part 3): the default a metric
prompt offers, and the brief's imported block."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from coachcli.home import Home
from coachcli.imports import MetricValue, keep, latest, session_defaults
from coachcli.notes import from_markdown
from coachcli.start import start_session

from .helpers import FULL, NOW, home, options, with_reviews
from .scripted import ScriptedAsker

__all__ = ["home"]  # the fixture, imported for the tests here

DAY = NOW.date()


def _import(home: Home, value: float, day: date, source: str = "crm.csv",
            metric: str = "meetings", slug: str = "alex-kim") -> None:  # fmt: skip
    keep(home, source, [MetricValue(slug, metric, day, value, "Alex Kim", source)], day)


def _script(meetings: Any) -> list[tuple[str, Any]]:
    return [("metric:meetings", meetings) if k == "metric:meetings" else (k, v) for k, v in FULL]


def _metric_prompt(asker: ScriptedAsker) -> Any:
    return next(p for p in asker.prompts if p.key == "metric:meetings")


def test_no_session_yet_the_imported_value_is_the_default_and_enter_keeps_it(home: Home) -> None:
    _import(home, 7, DAY - timedelta(days=2))
    asker = ScriptedAsker(_script(""))
    outcome = start_session(home, options(brief=False), asker)
    asker.done()
    prompt = _metric_prompt(asker)
    assert prompt.default == 7
    assert prompt.default_note == f"imported from crm.csv, as of {DAY - timedelta(days=2)}"
    assert outcome.note is not None
    session = from_markdown(outcome.note.read_text(), str(outcome.note))
    assert session.metrics == {"meetings": 7}  # recorded as a typed value is
    assert "crm.csv" not in outcome.note.read_text()  # no marker: see docs/imports.md


def test_an_import_newer_than_the_last_session_is_the_default(home: Home) -> None:
    start_session(home, options(brief=False), ScriptedAsker(_script("6")))  # on DAY
    later = DAY + timedelta(days=7)
    _import(home, 9, DAY + timedelta(days=5))
    asker = ScriptedAsker(with_reviews(home, _script("")))
    outcome = start_session(home, options(now=lambda: NOW + timedelta(days=7), brief=False),
                            asker)  # fmt: skip
    prompt = _metric_prompt(asker)
    assert (prompt.default, prompt.default_note) == (
        9, f"imported from crm.csv, as of {DAY + timedelta(days=5)}"
    )  # fmt: skip
    assert "last time 6 meetings" in prompt.context
    assert "9 meetings: +3 since last time, on target (8)" in asker.notices
    assert outcome.note is not None and outcome.session is not None
    assert outcome.session.metrics == {"meetings": 9}
    assert later.isoformat() in outcome.note.name


def test_an_import_not_newer_than_the_last_session_changes_nothing(home: Home) -> None:
    _import(home, 9, DAY)  # the same day as the session: the session's value stands
    start_session(home, options(brief=False), ScriptedAsker(_script("6")))
    asker = ScriptedAsker(with_reviews(home, _script("")))
    start_session(home, options(now=lambda: NOW + timedelta(days=7), brief=False), asker)
    prompt = _metric_prompt(asker)
    assert (prompt.default, prompt.default_note) == (6, "last time")
    assert "last time" not in prompt.context


def test_the_newer_of_two_imports_wins_and_other_reps_and_metrics_are_ignored(home: Home) -> None:
    _import(home, 5, DAY - timedelta(days=9), source="old.csv")
    _import(home, 8, DAY - timedelta(days=2), source="new.csv")
    _import(home, 3, DAY - timedelta(days=1), slug="dana-fox")
    _import(home, 31, DAY - timedelta(days=1), metric="win-rate")  # not in the framework
    asker = ScriptedAsker(_script(""))
    outcome = start_session(home, options(brief=False), asker)
    asker.done()
    assert _metric_prompt(asker).default == 8
    assert "new.csv" in _metric_prompt(asker).default_note
    assert outcome.session is not None and outcome.session.metrics == {"meetings": 8}


def test_a_typed_value_wins_over_the_imported_default(home: Home) -> None:
    _import(home, 7, DAY - timedelta(days=2))
    outcome = start_session(home, options(brief=False), ScriptedAsker(_script("4")))
    assert outcome.session is not None and outcome.session.metrics == {"meetings": 4}


def test_a_1on1_logged_afterwards_sees_no_later_import(home: Home) -> None:
    _import(home, 7, DAY + timedelta(days=3))
    asker = ScriptedAsker(_script("6"))
    start_session(home, options(brief=False), asker)
    assert _metric_prompt(asker).default is None


def test_the_brief_atop_start_lists_the_imported_values(home: Home) -> None:
    _import(home, 7, DAY - timedelta(days=2))
    asker = ScriptedAsker(_script(""))
    start_session(home, options(), asker)
    [brief] = asker.briefs
    assert [(f.id, f.name, f.value, f.source) for f in brief.imported] == [
        ("meetings", "First meetings held", 7, "crm.csv")
    ]


def test_session_defaults_rules() -> None:
    def v(metric: str, day: date, value: float = 1.0) -> MetricValue:
        return MetricValue("alex-kim", metric, day, value, "Alex Kim", "crm.csv")

    d1, d2, d3 = date(2026, 11, 1), date(2026, 11, 2), date(2026, 11, 3)
    newest = latest([v("a", d1, 1), v("a", d3, 3), v("a", d2, 2), v("b", d2)], "alex-kim")
    assert newest["a"].value == 3
    assert latest([v("a", d1)], "dana-fox") == {}
    offered = session_defaults(newest, {"a": d2, "b": d2}, ["a", "b", "c"])
    assert offered == {"a": {"value": 3, "as_of": "2026-11-03", "source": "crm.csv"}}
    assert set(session_defaults(newest, {}, ["a", "b"])) == {"a", "b"}
    assert session_defaults(newest, {"a": d3}, ["a"]) == {}


ANSWERS = """\
framework = "weekly-pipeline"
summary = "Numbers from the CRM."

[answers]
calls-made = 40
one-thing = "Ask for the budget earlier"

[ratings]
discovery = 3
"""


def test_an_answers_file_records_only_what_it_gives(home: Home, tmp_path: Path) -> None:
    """As with last time's value, a metric the file leaves out is skipped, not defaulted: the
    file says what to record; one it gives is recorded as given."""
    from coachcli.answers import start_from_file

    _import(home, 7, date.today() - timedelta(days=1))
    path = tmp_path / "answers.toml"
    path.write_text(ANSWERS, encoding="utf-8")
    outcome = start_from_file(home, "Alex Kim", path)
    assert outcome.session is not None and outcome.session.metrics == {}
    path.write_text(ANSWERS + "\n[metrics]\nmeetings = 5\n", encoding="utf-8")
    outcome = start_from_file(home, "Alex Kim", path)
    assert outcome.session is not None and outcome.session.metrics == {"meetings": 5}
