"""The 1:1 as a meeting: a logged 1:1's date, time and length, and each section's share of it."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachcli import analytics
from coachcli.banks import plan_questions
from coachcli.drafts import Draft
from coachcli.engine import Engine
from coachcli.errors import CoachError
from coachcli.home import Home
from coachcli.loader import load_file
from coachcli.meeting import (
    MAX_MINUTES,
    Logged,
    check_minutes,
    logged,
    parse_time,
    section_seconds,
)
from coachcli.prompts import Prompt, Reply, SectionInfo
from coachcli.records import ActionRow, Corpus, NoteRow, ReviewRow
from coachcli.start import StartOptions, start_session

from .helpers import FULL, first_plan
from .scripted import ScriptedAsker

FIXTURE = Path(__file__).parent / "fixtures" / "frameworks" / "valid.toml"
TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 27, 16, 30, tzinfo=TZ)


# --------------------------------------------------------------------------- section shares


def test_shares_follow_the_time_spent_and_add_up_to_the_meeting() -> None:
    # 5, 15 and 10 minutes typed; the 1:1 lasted 60: each section keeps its share
    assert section_seconds([300, 900, 600], 60) == [600, 1800, 1200]


def test_planned_minutes_share_a_logged_1on1() -> None:
    assert section_seconds([10, 15, 5], 45) == [900, 1350, 450]


def test_rounding_goes_to_the_largest_remainders() -> None:
    assert section_seconds([1, 1, 1], 1) == [20, 20, 20]
    assert section_seconds([1, 1, 1, 1, 1, 1, 1], 1) == [9, 9, 9, 9, 8, 8, 8]


def test_no_time_anywhere_shares_evenly_and_no_section_shares_nothing() -> None:
    assert section_seconds([0, 0], 3) == [90, 90]
    assert section_seconds([], 30) == []


@given(
    st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1, max_size=12),
    st.integers(min_value=1, max_value=MAX_MINUTES),
)
def test_shares_always_add_up_to_the_length(weights: list[float], minutes: int) -> None:
    shares = section_seconds(weights, minutes)
    assert sum(shares) == minutes * 60
    assert all(s >= 0 for s in shares)
    total = sum(weights)
    if total > 0:
        for weight, share in zip(weights, shares, strict=True):
            assert abs(share - weight * minutes * 60 / total) < 1


# --------------------------------------------------------------------------- a logged 1:1


def test_a_logged_1on1_starts_at_its_date_and_time() -> None:
    meeting = logged("2026-11-20", "14:00", 30, NOW)
    assert meeting.start == datetime(2026, 11, 20, 14, 0, tzinfo=TZ)
    assert meeting.minutes == 30


def test_without_a_time_it_ended_at_this_time_of_day() -> None:
    assert logged("2026-11-20", None, 30, NOW).start == datetime(2026, 11, 20, 16, 0, tzinfo=TZ)
    assert logged("2026-11-20", None, None, NOW).start == datetime(2026, 11, 20, 16, 30, tzinfo=TZ)
    early = NOW.replace(hour=0, minute=10)
    assert logged("2026-11-20", None, 30, early).start == datetime(2026, 11, 20, 0, 0, tzinfo=TZ)


def test_without_a_date_it_was_today_and_words_name_days() -> None:
    assert logged(None, "9:05", None, NOW).start == datetime(2026, 11, 27, 9, 5, tzinfo=TZ)
    assert logged("yesterday", "14", None, NOW).start == datetime(2026, 11, 26, 14, tzinfo=TZ)
    assert logged("Today", "08:00", None, NOW).start.date() == NOW.date()
    assert logged(date(2026, 11, 2), time(10, 15, 30), None, NOW).start == datetime(
        2026, 11, 2, 10, 15, tzinfo=TZ
    )


@pytest.mark.parametrize(
    ("day", "at", "message"),
    [
        ("2026-11-28", None, "--date: the 1:1 on 2026-11-28 has not happened yet"),
        ("2027-01-01", "09:00", "--date: the 1:1 on 2027-01-01 at 09:00 has not happened yet"),
        ("today", "17:00", "--date: the 1:1 on 2026-11-27 at 17:00 has not happened yet"),
        (None, "23:59", "has not happened yet"),
    ],
)
def test_a_1on1_still_to_come_is_refused(day: str | None, at: str | None, message: str) -> None:
    with pytest.raises(CoachError, match=message) as caught:
        logged(day, at, None, NOW)
    assert caught.value.hint == "Run coach start without --date when the 1:1 begins."


@pytest.mark.parametrize(
    "day", ["2026-13-01", "2026-02-30", "20/11/2026", "next week", "", "26-11-20"]
)
def test_a_date_that_is_not_one_is_refused(day: str) -> None:
    with pytest.raises(CoachError, match=f"--date: {day!r} is not a date; write the day"):
        logged(day, None, None, NOW)


@pytest.mark.parametrize("at", ["25:00", "14:60", "2pm", "noon", "14:5", "", "-1"])
def test_a_time_that_is_not_one_is_refused(at: str) -> None:
    with pytest.raises(CoachError, match=f"--time: {at!r} is not a time of day"):
        logged("2026-11-20", at, None, NOW)
    with pytest.raises(ValueError):
        parse_time(at)


@pytest.mark.parametrize("minutes", [0, -5, MAX_MINUTES + 1, 10_000])
def test_nonsense_minutes_are_refused(minutes: int) -> None:
    with pytest.raises(CoachError, match=f"--minutes: a 1:1 of {minutes} minutes\\? Give its"):
        logged("2026-11-20", None, minutes, NOW)


def test_minutes_must_be_a_whole_number() -> None:
    with pytest.raises(CoachError, match="minutes: True is not a number of minutes"):
        check_minutes(True, "minutes")
    with pytest.raises(CoachError, match=r"minutes: 1\.5 is not a number of minutes"):
        check_minutes(1.5, "minutes")
    assert check_minutes(MAX_MINUTES, "minutes") == MAX_MINUTES


def test_the_corpus_before_a_logged_1on1_holds_only_earlier_1on1s() -> None:
    def note(day: int) -> NoteRow:
        started = datetime(2026, 11, day, 10, tzinfo=TZ)
        return NoteRow(Path(f"{day}.md"), "alex", "Alex", started, "grow", "GROW", "coaching",
                       30, 30.0, 0.0, "")  # fmt: skip

    def action(day: int) -> ActionRow:
        return ActionRow(f"a{day}", "alex", "x", "rep", date(2026, 12, 1), date(2026, 11, day),
                         Path(f"{day}.md"), "open")  # fmt: skip

    review = ReviewRow("a10", "alex", date(2026, 11, 24), "done", "", Path("24.md"))
    corpus = Corpus(notes=[note(24), note(10)], actions=[action(10), action(24)], reviews=[review])
    earlier = analytics.before(corpus, datetime(2026, 11, 20, 9, tzinfo=TZ))
    assert [n.path.name for n in earlier.notes] == ["10.md"]
    assert [a.id for a in earlier.actions] == ["a10"]
    assert earlier.reviews == []
    assert [a.id for a in analytics.open_actions(earlier, date(2026, 11, 20))] == ["a10"]


# --------------------------------------------------------------------------- the engine's clock


@dataclass
class Clock:
    """A clock the test moves: each prompt of a section takes its minutes."""

    now: float = 1000.0
    per_prompt: dict[str, float] = field(default_factory=dict)

    def __call__(self) -> float:
        return self.now


@dataclass
class TimedAsker(ScriptedAsker):
    """A scripted asker in a meeting: answering takes time, and so does talking between prompts."""

    clock: Clock = field(default_factory=Clock)
    between: float = 0.0
    """Seconds of talk when a section begins, before its first prompt."""

    def ask(self, prompt: Prompt) -> Reply:
        self.clock.now += self.clock.per_prompt.get(prompt.section.id, 0.0)
        return super().ask(prompt)

    def begin_section(self, section: SectionInfo) -> None:
        self.clock.now += self.between
        super().begin_section(section)


def _draft(**kw: Any) -> Draft:
    framework = load_file(FIXTURE)
    return Draft(
        rep="Alex Kim", rep_slug="alex-kim", framework=framework.id,
        framework_version=framework.version, framework_ref=framework.id, started=NOW,
        today=NOW.date(), plan=plan_questions(framework, []), **kw,
    )  # fmt: skip


def _ids() -> Any:
    count = iter(range(100))
    return lambda: f"id{next(count)}"


def test_sections_count_wall_clock_time_and_their_shares_fill_the_confirmed_length() -> None:
    clock = Clock(per_prompt={"numbers": 120, "skills": 300, "wrap-up": 60, "_wrap-up": 10})
    draft = _draft()
    engine = Engine(load_file(FIXTURE), draft, save=lambda d: None, clock=clock)
    script = [*FULL[:-1], ("minutes", "60")]
    asker = TimedAsker(script, clock=clock, between=30)
    assert engine.run(asker) == "finished"
    asker.done()
    # the time between prompts (30 s of talk as each section begins) counts too
    assert draft.seconds == {
        "numbers": 30 + 3 * 120,
        "skills": 30 + 2 * 300,
        "wrap-up": 30 + 60,
        "_wrap-up": 30 + 17 * 10,
    }
    length = next(p for p in asker.prompts if p.key == "minutes")
    assert (length.text, length.unit, length.default) == ("How long was the 1:1?", "min", 22)
    assert length.context == "timed from the start of this session, pauses left out"

    session = engine.session(_ids())
    assert session.duration_minutes == 60
    assert session.ended == NOW + timedelta(minutes=60)
    # 390 : 630 : 90 seconds typed, scaled to the 60 minutes the 1:1 took
    assert [s.seconds for s in session.sections] == [1265, 2043, 292]
    assert sum(s.seconds for s in session.sections) == 3600


def test_enter_takes_the_time_since_the_session_started() -> None:
    clock = Clock(per_prompt={"numbers": 600, "skills": 600})
    draft = _draft(seconds={"_setup": 90.0})
    engine = Engine(load_file(FIXTURE), draft, save=lambda d: None, clock=clock)
    assert engine.run(TimedAsker(list(FULL), clock=clock)) == "finished"
    # 3 + 2 prompts of 10 minutes and a minute and a half before the first one
    assert engine.session(_ids()).duration_minutes == 52


def test_a_pause_does_not_count() -> None:
    clock = Clock(per_prompt={"numbers": 300})
    draft = _draft()
    framework = load_file(FIXTURE)
    first = Engine(framework, draft, save=lambda d: None, clock=clock)
    assert first.run(TimedAsker([*FULL[:2], ("q:slipped-deals", "/pause")], clock=clock)) == (
        "paused"
    )
    assert draft.seconds == {"numbers": 900}
    clock.now += 3 * 3600  # the rest is typed three hours later
    clock.per_prompt = {}
    resumed = Engine(framework, draft, save=lambda d: None, clock=clock)
    asker = TimedAsker(list(FULL[2:]), clock=clock)
    assert resumed.run(asker) == "finished"
    assert next(p for p in asker.prompts if p.key == "minutes").default == 15
    assert resumed.session(_ids()).duration_minutes == 15


def test_the_length_must_make_sense() -> None:
    clock = Clock(per_prompt={"numbers": 60})
    engine = Engine(load_file(FIXTURE), _draft(), save=lambda d: None, clock=clock)
    script = [*FULL[:-1], ("minutes", "0"), ("minutes", "601"), ("minutes", "half an hour"),
              ("minutes", "1.5"), ("minutes", "/skip"), ("minutes", "45")]  # fmt: skip
    asker = TimedAsker(script, clock=clock)
    assert engine.run(asker) == "finished"
    errors = [p.error for p in asker.prompts if p.key == "minutes"]
    assert errors[0] == ""
    assert all(errors[1:]), errors
    assert "This one is required" in errors[-1]
    assert engine.session(_ids()).duration_minutes == 45


def test_a_logged_1on1_with_its_length_is_shared_by_the_plan_and_not_asked() -> None:
    clock = Clock(per_prompt={"numbers": 999})
    engine = Engine(load_file(FIXTURE), _draft(logged=True, minutes=45), lambda d: None, clock)
    asker = TimedAsker(list(FULL[:-1]), clock=clock)
    assert engine.run(asker) == "finished"
    asker.done()
    session = engine.session(_ids())
    assert session.duration_minutes == 45
    # planned 10, 15 and 5 of 30 minutes, whatever the typing took
    assert [s.seconds for s in session.sections] == [900, 1350, 450]


def test_a_logged_1on1_without_its_length_offers_the_plan() -> None:
    engine = Engine(load_file(FIXTURE), _draft(logged=True), save=lambda d: None, clock=Clock())
    asker = ScriptedAsker(list(FULL))
    assert engine.run(asker) == "finished"
    length = asker.prompts[-1]
    assert (length.key, length.default) == ("minutes", 30)
    assert length.context == "Weekly pipeline 1:1 plans 30 min"
    assert engine.session(_ids()).duration_minutes == 30


# ---------------------------------------------------------------- as of the day it happened


def test_a_logged_1on1_sees_the_rep_as_of_its_day(coach_home: Home) -> None:
    """The brief, the commitments reviewed and the due dates are those of the day of the 1:1."""
    coach_home.frameworks_dir.mkdir(parents=True)
    shutil.copy(FIXTURE, coach_home.frameworks_dir / "weekly-pipeline.toml")

    def options(when: datetime, **kw: Any) -> StartOptions:
        return StartOptions(rep="Alex Kim", framework="weekly-pipeline", plan=first_plan,
                            yes=True, now=lambda: when, **kw)  # fmt: skip

    first = start_session(coach_home, options(NOW - timedelta(days=20)), ScriptedAsker(list(FULL)))
    assert first.session is not None
    kept, still_open = (a.id for a in first.session.actions)
    reviews = [(f"review:{kept}", "done"), (f"review:{still_open}", "")]
    start_session(coach_home, options(NOW - timedelta(days=2)), ScriptedAsker([*reviews, *FULL]))

    day = NOW - timedelta(days=10)
    asker = ScriptedAsker([(f"review:{still_open}", "not done"), *FULL[:-1]])
    outcome = start_session(coach_home, options(NOW, logged=Logged(day, 25)), asker)
    asker.done()
    (brief,) = asker.briefs
    assert brief.today == day.date()
    assert brief.last is not None and brief.last.date == (NOW - timedelta(days=20)).date()
    # done since: not reviewed again; agreed later: not yet agreed that day
    assert [a.id for a in brief.open_actions] == [still_open]
    assert outcome.session is not None
    assert outcome.session.started == day
    assert outcome.session.duration_minutes == 25
    assert [a.due for a in outcome.session.actions][1] == day.date() + timedelta(days=14)
    assert outcome.note is not None
    assert outcome.note.name == f"{day.date().isoformat()}-weekly-pipeline.md"
