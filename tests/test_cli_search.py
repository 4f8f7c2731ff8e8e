"""`coach search` as a person reads it: newest first, a default limit, one line per note.

Also the excerpt of a matching line: cut to the width with the match showing
(a property test).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from coachcli.home import Home
from coachcli.index import excerpt, match_spans
from coachcli.notes import write_note
from coachcli.reps import add_rep
from coachcli.session import Answer, SectionRecord, Session

from .helpers import Run

CET = timezone(timedelta(hours=1))
FIRST = datetime(2025, 1, 6, 10, 0, tzinfo=CET)


def write(home: Home, rep: str, slug: str, days_after: int, answer: str) -> Path:
    started = FIRST + timedelta(days=days_after)
    section = SectionRecord(
        id="goal", title="Goal", kind="coaching", planned_minutes=10, seconds=600,
        answers=[Answer(id="goal-topic", prompt="What to work on?", type="text", value=answer)],
    )  # fmt: skip
    note = Session(
        rep=rep, rep_slug=slug, started=started, ended=started + timedelta(minutes=30),
        framework="grow", framework_name="GROW", framework_version="1", kind="coaching",
        sections=[section], summary="Worked on discovery.",
    )  # fmt: skip
    return write_note(home.reps_dir / slug, note)


@pytest.fixture
def many(coach_home: Home) -> Home:
    """55 notes that mention pricing: Alex Kim's every week, Alexandra's every fifth."""
    add_rep(coach_home, "Alex Kim")
    add_rep(coach_home, "Alexandra Okafor-Lindqvist")
    for week in range(55):
        if week % 5 == 4:
            write(coach_home, "Alexandra Okafor-Lindqvist", "alexandra-okafor-lindqvist",
                  week * 7, f"Week {week}: pricing again.")  # fmt: skip
        else:
            write(coach_home, "Alex Kim", "alex-kim", week * 7, f"Week {week}: pricing.")
    return coach_home


def day(week: int) -> str:
    return (FIRST + timedelta(days=week * 7)).date().isoformat()


def test_the_newest_fifty_by_default_and_all_with_all(coach: Run, many: Home) -> None:
    lines = coach("search", "pricing").stdout.splitlines()
    assert len(lines) == 51
    assert lines[0] == f"{day(54)}  Alexandra Okafor-Lindqvist  grow  Week 54: pricing again."
    assert lines[1] == f"{day(53)}  Alex Kim  grow  Week 53: pricing."
    assert lines[49].startswith(day(5))  # newest first, down to the fiftieth
    assert lines[50] == "The newest 50 notes shown; more match (--all for every one)."
    lines = coach("search", "pricing", "--all").stdout.splitlines()
    assert [line[:10] for line in lines[:-1]] == [day(w) for w in range(54, -1, -1)]
    assert lines[-1] == "55 notes match."


def test_json_says_whether_the_notes_were_limited(coach: Run, many: Home) -> None:
    found = json.loads(coach("search", "pricing", "--json").stdout)
    assert (len(found["notes"]), found["limit"], found["more_notes"]) == (50, 50, True)
    assert found["notes"][0]["date"] == day(54)
    found = json.loads(coach("search", "pricing", "--json", "--all").stdout)
    assert (len(found["notes"]), found["limit"], found["more_notes"]) == (55, None, False)
    found = json.loads(coach("search", "again", "--json").stdout)
    assert (len(found["notes"]), found["more_notes"]) == (11, False)


LONG = (
    "We spent most of the hour walking through the Globex renewal, the procurement "
    "steps and who signs, and only at the very end did the economic buyer come up, "
    "which is the thing to fix before the next call with them."
)


@pytest.mark.parametrize("columns", [60, 80])
def test_a_hit_is_cut_to_the_width_around_the_match(
    coach: Run, coach_home: Home, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    add_rep(coach_home, "Alexandra Okafor-Lindqvist")
    write(coach_home, "Alexandra Okafor-Lindqvist", "alexandra-okafor-lindqvist", 3, LONG)
    monkeypatch.setenv("COLUMNS", str(columns))
    first, summary = coach("search", "economic buyer").stdout.splitlines()
    assert summary == "1 note matches."
    assert cell_len(first) <= columns
    assert first.startswith(f"{day(0)[:8]}09  Alexandra Okafor-Lindqvist  ")  # never cut
    assert "economic buyer" in first  # the match shows, though it is far into the line
    assert "…" in first
    if columns == 60:
        assert "grow" not in first  # the framework gives way to the text
        assert first == f"{day(0)[:8]}09  Alexandra Okafor-Lindqvist  …economic buyer com…"
    else:
        assert first == (
            f"{day(0)[:8]}09  Alexandra Okafor-Lindqvist  grow  …the economic buyer come up, whic…"
        )


WORDS = st.text(st.characters(codec="utf-8", categories=("L", "N")), min_size=1, max_size=12)
FILLER = st.text(st.sampled_from(" abc.,é-"), max_size=200)


@given(before=FILLER, word=WORDS, after=FILLER, width=st.integers(1, 150))
def test_an_excerpt_fits_and_shows_the_match(
    before: str, word: str, after: str, width: int
) -> None:
    line = f"{before} {word} {after}"
    spans = match_spans(word, line)
    shown, marks = excerpt(line, spans, width)
    assert len(shown) <= width
    stripped = line.strip()
    if len(stripped) <= width:
        assert shown == stripped
    elif spans and width >= spans[0][1] - spans[0][0] + 2:
        start, end = marks[0]
        assert shown[start:end] == line[spans[0][0] : spans[0][1]]  # the first match, whole
    for start, end in marks:
        assert 0 <= start < end <= len(shown)
