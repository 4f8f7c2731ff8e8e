"""Neutral sections end to end: the framework format, the note's minutes, the index, the count.

The CLI side (`coach balance`) is in tests/test_cli_balance.py.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from coachcli.analytics import counted_minutes
from coachcli.analytics.balances import period_starts, share_trend
from coachcli.framework import Framework
from coachcli.home import Home
from coachcli.index.rows import read_note_rows
from coachcli.loader import discover
from coachcli.notes import from_markdown, to_markdown
from coachcli.properties import split_minutes
from coachcli.records import NoteRow
from coachcli.session import Answer, SectionRecord, Session


def _framework(kind: str, sections: list[tuple[str, int]]) -> dict[str, Any]:
    return {
        "schema": 1, "id": "t", "name": "T", "kind": kind, "summary": "s", "when_to_use": "w",
        "minutes": sum(m for _, m in sections),
        "sections": [
            {"id": f"s{i}", "title": f"S{i}", "kind": k, "minutes": m,
             "questions": [{"id": f"q{i}", "type": "text", "prompt": "What?"}]}
            for i, (k, m) in enumerate(sections)
        ],
    }  # fmt: skip


def test_a_neutral_section_fits_any_framework_kind() -> None:
    coaching = Framework.model_validate(_framework("coaching", [("neutral", 5), ("coaching", 25)]))
    assert coaching.planned_by_kind() == {"coaching": 25.0, "performance": 0.0, "neutral": 5.0}
    mixed = _framework("mixed", [("neutral", 10), ("coaching", 8), ("performance", 12)])
    assert Framework.model_validate(mixed).planned_by_kind()["neutral"] == 10.0


@pytest.mark.parametrize(
    ("kind", "sections", "message"),
    [
        ("coaching", [("neutral", 10)], "every section is 'neutral'"),
        (
            "mixed",
            [("neutral", 5), ("coaching", 5)],
            "kind = 'mixed' but every section is 'coaching'",
        ),
        ("coaching", [("neutral", 5), ("performance", 5)], "section 's1' is 'performance'"),
    ],
)
def test_neutral_does_not_stand_in_for_a_kind(
    kind: str, sections: list[tuple[str, int]], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        Framework.model_validate(_framework(kind, sections))


def test_builtins_are_classified_on_purpose(coach_home: Home) -> None:
    """docs/review.md, "Coaching, performance or neither": the seed's split and the departures."""
    found = {s.id: s.framework for s in discover(coach_home) if s.framework is not None}
    neutral = {(f.id, s.id) for f in found.values() for s in f.sections if s.kind == "neutral"}
    assert neutral == {
        ("weekly-1on1", "rep-items"),
        ("new-hire-30-60-90", "checkpoint"),
        ("performance-improvement-plan", "pip-meeting"),
        # a skip-level listens: the rep's agenda, not the manager's coaching or inspection
        ("skip-level", "skip-open"),
        ("skip-level", "skip-work"),
        ("skip-level", "skip-support"),
        ("skip-level", "skip-team"),
        ("skip-level", "skip-next"),
    }
    kinds = {fid: f.kind for fid, f in found.items()}
    # the seed: pipeline reviews, debriefs and strategy sessions are performance management
    for fid in (
        "pipeline-review",
        "deal-review",
        "deal-risk",
        "forecast",
        "accountability-check-in",
        "performance-improvement-plan",
    ):
        assert kinds[fid] == "performance", fid
    # the seed: self-awareness, role play and practice are coaching
    for fid in ("grow", "oskar", "skill-will", "role-play", "career", "clear"):
        assert kinds[fid] == "coaching", fid
    # a call review: the recording against the standard (performance), then the moment
    # practised (coaching); tests/test_library_content.py holds each section's kind
    assert kinds["call-coaching"] == "mixed"
    # no performance section: a skip-level listens, it does not inspect
    assert kinds["skip-level"] == "coaching"
    # the manager's own figures are performance; their own coaching skill is coaching
    assert kinds["manager-self-review"] == "mixed"
    assert found["forecast"].sections[-1].id == "strategy"
    assert found["forecast"].sections[-1].kind == "performance"


def test_split_minutes_by_kind() -> None:
    sections = [("neutral", 600, 10), ("performance", 720, 12), ("coaching", 480, 8)]
    assert split_minutes(sections, "mixed", 30) == (8.0, 12.0, 10.0)
    # no time recorded: the plan
    planned = [(k, 0, m) for k, _, m in sections]
    assert split_minutes(planned, "mixed", 30) == (8.0, 12.0, 10.0)
    # no sections: the whole length for the session's kind; a mixed one's for none
    assert split_minutes([], "coaching", 30) == (30.0, 0.0, 0.0)
    assert split_minutes([], "mixed", 30) == (0.0, 0.0, 0.0)


def _session(minutes: dict[str, int]) -> Session:
    started = datetime(2026, 11, 23, 9, 0).astimezone()
    return Session(
        rep="Ana Ruiz", rep_slug="ana-ruiz", started=started,
        ended=started + timedelta(minutes=sum(minutes.values())),
        framework="weekly-1on1", framework_name="Weekly sales 1:1", framework_version="2",
        kind="mixed",
        sections=[
            SectionRecord(id=f"p-{k}", title=k, kind=k, planned_minutes=m, seconds=m * 60,  # type: ignore[arg-type]
                          answers=[Answer(id=f"q-{k}", prompt="What?", type="text", value="x")])
            for k, m in minutes.items()
        ],
    )  # fmt: skip


def test_the_note_records_neutral_minutes_and_reads_them_back() -> None:
    text = to_markdown(_session({"neutral": 10, "performance": 12, "coaching": 8}))
    assert (
        "\nminutes: 30\ncoaching_minutes: 8\nperformance_minutes: 12\nneutral_minutes: 10\n" in text
    )
    assert "<!-- section: p-neutral neutral private -->" in text
    back = from_markdown(text, "x.md")
    assert [(s.kind, s.seconds) for s in back.sections] == [
        ("neutral", 600),
        ("performance", 720),
        ("coaching", 480),
    ]
    assert to_markdown(back) == text
    row = read_note_rows(text, Path("/n/x.md"), "ana-ruiz").row
    assert (row.coaching_minutes, row.performance_minutes, row.neutral_minutes) == (8, 12, 10)
    assert row.estimated is False


def test_a_note_without_neutral_minutes_is_an_estimate() -> None:
    text = to_markdown(_session({"coaching": 18, "performance": 12}))
    old = text.replace("neutral_minutes: 0\n", "")
    assert old != text
    row = read_note_rows(old, Path("/n/x.md"), "ana-ruiz").row
    assert row.estimated is True
    plans = {"weekly-1on1": {"coaching": 8.0, "performance": 12.0, "neutral": 10.0}}
    assert counted_minutes(row, plans) == (8.0, 12.0, 10.0)
    assert counted_minutes(row, {}) == (18.0, 12.0, 0.0)  # the framework is gone
    measured = read_note_rows(text, Path("/n/x.md"), "ana-ruiz").row
    assert counted_minutes(measured, plans) == (18.0, 12.0, 0.0)


def test_periods_and_trend_marks() -> None:
    # weeks start on Monday; months on the first; the last period holds the last day
    assert period_starts(date(2026, 11, 4), date(2026, 11, 17), "week") == [
        date(2026, 11, 2),
        date(2026, 11, 9),
        date(2026, 11, 16),
    ]
    assert period_starts(date(2026, 11, 30), date(2027, 1, 1), "month") == [
        date(2026, 11, 1),
        date(2026, 12, 1),
        date(2027, 1, 1),
    ]
    assert share_trend([0.0, None, 0.5, 1.0, 0.3]) == "▁·▅█▃"


def test_row_defaults_are_measured() -> None:
    row = NoteRow(Path("x.md"), "a", "A", datetime(2026, 1, 1).astimezone(), "grow", "GROW",
                  "coaching", 30, 30.0, 0.0, "")  # fmt: skip
    assert (row.neutral_minutes, row.estimated) == (0.0, False)


@given(st.integers(1, 600), st.floats(0, 1), st.floats(0, 1))
def test_minutes_by_kind_add_up_to_the_meeting_exactly(minutes: int, a: float, b: float) -> None:
    from coachcli.properties import _tenths_keeping_the_sum

    coaching = minutes * a
    performance = (minutes - coaching) * b
    values = (coaching, performance, minutes - coaching - performance)
    rounded = _tenths_keeping_the_sum(*values)
    assert round(sum(rounded) * 10) == minutes * 10
    assert all(abs(r - v) < 0.1 + 1e-6 for r, v in zip(rounded, values, strict=True))
