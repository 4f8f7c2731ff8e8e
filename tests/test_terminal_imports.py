"""`coach start` in a real pseudo-terminal with an imported metric value: the default offered
with its source, and Enter keeping it (issue 14, part 3)."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from coachcli.home import Home
from coachcli.imports import MetricValue, keep

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pexpect needs a POSIX pseudo-terminal", allow_module_level=True)

from .terminal import START, Terminal, front_matter, saved_note, with_the_fixture_framework

pytestmark = pytest.mark.slow


def test_enter_keeps_the_imported_value(coach_home: Home, tmp_path: Path) -> None:
    home = with_the_fixture_framework(coach_home)
    as_of = date.today() - timedelta(days=1)
    value = MetricValue("alex-kim", "meetings", as_of, 7, "Alex Kim", "crm-export.csv")
    keep(home, "crm-export.csv", [value], date.today())
    t = Terminal(home, tmp_path, *START)
    t.answer("How many calls did you make this week?", "42")
    t.answer("Where is your forecast for the quarter?", "1")
    t.answer("Which deals slipped?", "")
    t.answer("How confident are you in your discovery calls?", "4")
    t.answer("Tell me about your best call", "The Initech call.", "")
    t.answer("one thing you will do differently", "Ask for the economic buyer earlier")
    t.answer("Give feedback?", "")
    t.answer("Rate: Discovery", "3")
    t.wait("First meetings held")
    t.answer(f"Enter keeps: 7 meetings, imported from crm-export.csv, as of {as_of}", "")
    t.wait("7 meetings: off target (8)")
    t.answer("What will each of you do", "")
    t.answer("Sum up the session", "Good week.", "")
    t.answer("How long was the 1:1?", "")
    assert t.finish() == 0
    note = saved_note(t.text)
    assert front_matter(note)["metric-meetings"] == 7
