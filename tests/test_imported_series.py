"""Imported metric values in one series with the sessions' (issue 14, part 3): `coach history`
(text and --json) and `coach report` (Markdown, HTML, the privacy rule)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from coachcli.home import Home
from coachcli.imports import MetricValue, beside_sessions, keep
from coachcli.report import build_report
from coachcli.report_html import report_html
from coachcli.report_md import report_markdown
from coachcli.reps import Rep

from .dated_notes import iso, sam
from .helpers import Run, block, home
from .report_corpus import SINCE, TODAY, corpus

__all__ = ["corpus", "home", "sam"]  # the fixtures, imported for the tests here


def _value(metric: str, days_ago: int, value: float, source: str = "crm.csv") -> MetricValue:
    return MetricValue("sam-ortiz", metric, date.fromisoformat(iso(days_ago)), value,
                       "Sam Ortiz", source)  # fmt: skip


def _imports(home: Home) -> None:
    """Talk time from the CRM 45 and 5 days ago, and on the day of a session (10 days ago: the
    session's 47 stands); deals-won, which no session records; a value dated after today."""
    keep(home, "crm.csv", [_value("talk-time", 45, 55), _value("talk-time", 5, 44),
                           _value("talk-time", 10, 30), _value("deals-won", 5, 3)],
         date.today())  # fmt: skip
    keep(home, "future.csv", [_value("talk-time", -3, 40, "future.csv")], date.today())


# --------------------------------------------------------------------------- the rule of a day


def test_on_a_session_s_day_the_session_value_stands() -> None:
    values = [
        _value("talk-time", 10, 30),
        _value("talk-time", 5, 44),
        _value("win-rate", 10, 20),
        MetricValue("alex-kim", "talk-time", date.fromisoformat(iso(5)), 1, "Alex", "x"),
    ]
    recorded = {"talk-time": [date.fromisoformat(iso(10))]}
    assert beside_sessions(values, "sam-ortiz", recorded) == [
        _value("win-rate", 10, 20), _value("talk-time", 5, 44)
    ]  # oldest first; another rep's never; another metric's on that day kept  # fmt: skip


# --------------------------------------------------------------------------- history


def test_history_merges_imported_values_in_date_order_marked(
    coach: Run, sam: Rep, home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    _imports(home)
    out = coach("history", "Sam Ortiz").stdout
    assert block(out, "Metrics") == [
        "  Rep's share of talk time on discovery calls (%)",
        "    █▅▄▂▁  62 → 44*  -18  target 35–50 ✓  (leading · 2 of 5 imported)",
        "  First meetings ending with a booked next meeting (%)",
        "    ▁▅█     40 → 55  +15  target 60 ✗     (leading)",
        "  Own calls the rep listened back to since the last 1:1 (calls)",
        "    ▁█        1 → 2   +1  target 2 ✓      (leading)",
        "  deals-won",
        "    ▄            3*                       (1 of 1 imported)",
        "  * imported from a CRM export: crm.csv",
    ]  # the future value is not shown; nor the import on the session's day


def test_history_json_gives_each_point_its_source(coach: Run, sam: Rep, home: Home) -> None:
    _imports(home)
    data = json.loads(coach("history", "Sam Ortiz", "--json").stdout)
    talk = next(m for m in data["metrics"] if m["id"] == "talk-time")
    assert [(p["date"], p["value"], p["source"]) for p in talk["points"]] == [
        (iso(50), 62.0, "session"), (iso(45), 55.0, "crm.csv"), (iso(40), 51.0, "session"),
        (iso(10), 47.0, "session"), (iso(5), 44.0, "crm.csv"),
    ]  # fmt: skip
    assert (talk["first"], talk["last"]) == (62.0, 44.0)
    won = next(m for m in data["metrics"] if m["id"] == "deals-won")
    assert won["points"] == [{"date": iso(5), "value": 3.0, "source": "crm.csv"}]
    assert all(p["source"] == "session" for r in data["ratings"] for p in r["points"])
    assert [s["date"] for s in data["sessions"]].count(iso(5)) == 0  # no session is made up


def test_history_without_imports_is_as_before(coach: Run, sam: Rep) -> None:
    out = coach("history", "Sam Ortiz").stdout
    assert "imported" not in out and "*" not in out


def test_history_filters_apply_to_imported_values(coach: Run, sam: Rep, home: Home) -> None:
    _imports(home)

    def talk(*args: str) -> list[tuple[str, str]]:
        data = json.loads(coach("history", "Sam Ortiz", "--json", *args).stdout)
        found = next((m for m in data["metrics"] if m["id"] == "talk-time"), {"points": []})
        return [(p["date"], p["source"]) for p in found["points"]]

    assert talk("--since", "30d") == [(iso(10), "session"), (iso(5), "crm.csv")]
    assert talk("--until", "30d") == [(iso(50), "session"), (iso(45), "crm.csv"),
                                      (iso(40), "session")]  # fmt: skip
    # --last: from the first session kept
    assert talk("--last", "2") == [(iso(10), "session"), (iso(5), "crm.csv")]
    # the rep's numbers belong to no session: a filter by session leaves them out
    assert talk("--framework", "grow") == [(iso(40), "session")]
    assert talk("--kind", "coaching") == [(iso(50), "session"), (iso(40), "session")]
    assert talk("--subject", "Globex renewal") == []


def test_history_warns_of_a_kept_row_it_cannot_read(coach: Run, sam: Rep, home: Home) -> None:
    from coachcli.imports import metrics_dir

    _imports(home)
    path = next(metrics_dir(home).glob("*-crm.csv"))
    path.write_text(path.read_text().replace(",44,", ",lots,"), encoding="utf-8")
    result = coach("history", "Sam Ortiz")
    assert f"{path}, line" in result.stderr and "'lots'" in result.stderr
    assert "62 → 47  -15" in result.stdout and "(leading · 1 of 4 imported)" in result.stdout


# --------------------------------------------------------------------------- report


def _report_imports(home: Home) -> None:
    """Alex's practice reps from the CRM: one in October, one on the November 1:1's day (the
    1:1's 4 stands), one before the window; a metric no 1:1 records; and one of Bo's."""

    def alex(metric: str, day: date, value: float) -> MetricValue:
        return MetricValue("alex-kim", metric, day, value, "Alex Kim", "crm-q4.csv")

    keep(home, "crm-q4.csv", [
        alex("practice-reps", date(2026, 10, 20), 2), alex("practice-reps", date(2026, 11, 12), 9),
        alex("practice-reps", date(2026, 8, 1), 7), alex("deals-won", date(2026, 11, 20), 3),
        MetricValue("bo-diaz", "practice-reps", date(2026, 11, 5), 5, "Bo Diaz", "crm-q4.csv"),
    ], TODAY)  # fmt: skip


def test_a_private_packet_holds_imported_values_in_the_series_marked(corpus: Home) -> None:
    _report_imports(corpus)
    view = build_report(corpus, TODAY, SINCE, rep_ref="Alex Kim", include_private=True)
    series = {s.id: s for s in view.reps[0].series}
    assert [(p.day, p.value, p.source) for p in series["practice-reps"].points] == [
        (date(2026, 9, 10), 1.0, "session"), (date(2026, 10, 8), 3.0, "session"),
        (date(2026, 10, 20), 2.0, "crm-q4.csv"), (date(2026, 11, 12), 4.0, "session"),
    ]  # fmt: skip
    assert [(p.value, p.source) for p in series["deals-won"].points] == [(3.0, "crm-q4.csv")]
    markdown = report_markdown(view)
    assert "| Date | Value | Source |" in markdown
    assert "| 20 Oct 2026 | 2 reps | CRM export crm-q4.csv |" in markdown
    assert "| 8 Oct 2026 | 3 reps | 1:1 |" in markdown
    assert "| Date | Value |\n" in markdown  # a series with no imported value: as before
    page = report_html(view)
    assert page.count('class="imported"') == 2 + 2  # a diamond per value, one legend per chart
    assert "imported from the CRM" in page
    assert "2 reps (imported from crm-q4.csv)" in page  # the chart's text alternative


def test_a_shared_packet_never_holds_imported_values(corpus: Home) -> None:
    _report_imports(corpus)
    for ref in ("Alex Kim", None):
        view = build_report(corpus, TODAY, SINCE, rep_ref=ref)
        assert not [p for r in view.reps for s in r.series for p in s.points if p.imported]
        for text in (report_markdown(view), report_html(view)):
            assert "crm-q4.csv" not in text and "imported" not in text
            assert "deals-won" not in text


def test_the_team_packet_gives_each_rep_their_own_imports(corpus: Home) -> None:
    _report_imports(corpus)
    view = build_report(corpus, TODAY, SINCE, include_private=True)
    bo = next(r for r in view.reps if r.rep == "Bo Diaz")
    assert [(s.id, [(p.value, p.source) for p in s.points]) for s in bo.series] == [
        ("practice-reps", [(5.0, "crm-q4.csv")])
    ]


def test_the_report_command_shows_imports_only_when_private(corpus: Home, coach: Run) -> None:
    _report_imports(corpus)
    shared = coach("report", "Alex Kim", "--since", "2026-09-01").stdout
    assert "crm-q4.csv" not in shared and "| Date | Value | Source |" not in shared
    private = coach("report", "Alex Kim", "--since", "2026-09-01", "--include-private").stdout
    assert "| 20 Oct 2026 | 2 reps | CRM export crm-q4.csv |" in private
