"""Imported metric values in one series with the sessions' (issue 14, part 3): `coach history`
(text and --json) and `coach report` (Markdown, HTML, the privacy rule)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from coachcli.home import Home
from coachcli.imports import MetricValue, beside_sessions, keep
from coachcli.reps import Rep

from .helpers import Run
from .test_cli_brief import block, sam
from .test_cli_review import home, iso

__all__ = ["home", "sam"]  # the fixtures, imported for the tests here


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
        "    █▅▄▂▁  62 → 44*  -18  target 45 ✓  (leading · 2 of 5 imported)",
        "  First meetings ending with a booked next meeting (%)",
        "    ▁▅█     40 → 55  +15  target 60 ✗  (leading)",
        "  Own calls the rep listened back to since the last 1:1 (calls)",
        "    ▁█        1 → 2   +1  target 2 ✓   (leading)",
        "  deals-won",
        "    ▄            3*                    (1 of 1 imported)",
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
