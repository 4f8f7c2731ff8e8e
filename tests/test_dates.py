"""Due dates as typed by a sales manager, and how they read back."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachcli.dates import WEEKDAYS, DateError, add_months, humanize_due, parse_due
from coachcli.errors import CoachError

TODAY = date(2026, 11, 27)  # a Friday
MONDAY = date(2026, 11, 23)
SUNDAY = date(2026, 11, 29)


def test_today_is_a_friday() -> None:
    assert TODAY.weekday() == 4
    assert MONDAY.weekday() == 0
    assert SUNDAY.weekday() == 6


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ISO dates
        ("2026-12-04", date(2026, 12, 4)),
        ("  2026-12-4  ", date(2026, 12, 4)),
        ("2026-11-27", TODAY),  # today is allowed
        ("2027-01-01", date(2027, 1, 1)),
        ("2028-02-29", date(2028, 2, 29)),  # leap year
        # words
        ("today", TODAY),
        ("TODAY", TODAY),
        ("  Today ", TODAY),
        ("tomorrow", date(2026, 11, 28)),
        ("Tomorrow", date(2026, 11, 28)),
        # spans of days and weeks
        ("+7d", date(2026, 12, 4)),
        ("7d", date(2026, 12, 4)),
        ("+0d", TODAY),
        ("+3d", date(2026, 11, 30)),  # end of November
        ("+4d", date(2026, 12, 1)),  # month boundary
        ("+35d", date(2027, 1, 1)),  # year boundary
        ("+2w", date(2026, 12, 11)),
        ("2w", date(2026, 12, 11)),
        ("+5w", date(2027, 1, 1)),
        ("+7 days", date(2026, 12, 4)),
        ("+ 7d", date(2026, 12, 4)),
        ("7D", date(2026, 12, 4)),
        # months: same day, clamped
        ("+1m", date(2026, 12, 27)),
        ("1m", date(2026, 12, 27)),
        ("+2m", date(2027, 1, 27)),
        ("+3m", date(2027, 2, 27)),
        ("+12m", date(2027, 11, 27)),
        # "in N units"
        ("in 3 days", date(2026, 11, 30)),
        ("in 1 day", date(2026, 11, 28)),
        ("in 2 weeks", date(2026, 12, 11)),
        ("in 1 week", date(2026, 12, 4)),
        ("in 2 months", date(2027, 1, 27)),
        ("IN  5   DAYS", date(2026, 12, 2)),
        ("in a week", date(2026, 12, 4)),
        ("in a day", date(2026, 11, 28)),
        ("in a month", date(2026, 12, 27)),
        # weekdays: strictly after today (a Friday)
        ("fri", date(2026, 12, 4)),
        ("friday", date(2026, 12, 4)),
        ("FRI", date(2026, 12, 4)),
        ("sat", date(2026, 11, 28)),
        ("saturday", date(2026, 11, 28)),
        ("sun", date(2026, 11, 29)),
        ("mon", date(2026, 11, 30)),
        ("tue", date(2026, 12, 1)),
        ("tues", date(2026, 12, 1)),
        ("wed", date(2026, 12, 2)),
        ("wednesday", date(2026, 12, 2)),
        ("thu", date(2026, 12, 3)),
        ("thurs", date(2026, 12, 3)),
        # next <weekday>: that day of next week (Monday 30 Nov to Sunday 6 Dec)
        ("next fri", date(2026, 12, 4)),
        ("next friday", date(2026, 12, 4)),
        ("Next   Friday", date(2026, 12, 4)),
        ("next mon", date(2026, 11, 30)),
        ("next monday", date(2026, 11, 30)),
        ("next thu", date(2026, 12, 3)),
        ("next sat", date(2026, 12, 5)),
        ("next sun", date(2026, 12, 6)),
    ],
)
def test_parse_due_from_a_friday(text: str, expected: date) -> None:
    assert parse_due(text, TODAY) == expected


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        # From a Monday, "fri" is this week's and "next fri" next week's.
        (MONDAY, "fri", date(2026, 11, 27)),
        (MONDAY, "next fri", date(2026, 12, 4)),
        (MONDAY, "mon", date(2026, 11, 30)),
        (MONDAY, "next mon", date(2026, 11, 30)),
        (MONDAY, "tue", date(2026, 11, 24)),
        (MONDAY, "next tue", date(2026, 12, 1)),
        # From a Sunday, next week starts tomorrow.
        (SUNDAY, "mon", date(2026, 11, 30)),
        (SUNDAY, "next mon", date(2026, 11, 30)),
        (SUNDAY, "sun", date(2026, 12, 6)),
        (SUNDAY, "next sun", date(2026, 12, 6)),
        (SUNDAY, "next fri", date(2026, 12, 4)),
        # Weekdays across a year boundary (Thu 31 Dec 2026).
        (date(2026, 12, 31), "fri", date(2027, 1, 1)),
        (date(2026, 12, 31), "thu", date(2027, 1, 7)),
        (date(2026, 12, 31), "next mon", date(2027, 1, 4)),
        (date(2026, 12, 31), "tomorrow", date(2027, 1, 1)),
        # Months clamp to the last day, leap years included.
        (date(2027, 1, 31), "+1m", date(2027, 2, 28)),
        (date(2028, 1, 31), "+1m", date(2028, 2, 29)),
        (date(2028, 1, 30), "in 1 month", date(2028, 2, 29)),
        (date(2026, 3, 31), "+1m", date(2026, 4, 30)),
        (date(2026, 8, 31), "+1m", date(2026, 9, 30)),
        (date(2026, 12, 31), "+1m", date(2027, 1, 31)),
        (date(2026, 12, 15), "+13m", date(2028, 1, 15)),
        (date(2028, 2, 29), "+12m", date(2029, 2, 28)),
        (date(2028, 2, 29), "+48m", date(2032, 2, 29)),
        (date(2099, 12, 31), "+2m", date(2100, 2, 28)),  # 2100 is not a leap year
        (date(2099, 12, 31), "+1d", date(2100, 1, 1)),
        # Leap days by days.
        (date(2028, 2, 28), "tomorrow", date(2028, 2, 29)),
        (date(2027, 2, 28), "tomorrow", date(2027, 3, 1)),
    ],
)
def test_parse_due_relative_to_other_days(today: date, text: str, expected: date) -> None:
    assert parse_due(text, today) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-02-30", "February 2026 has no day 30."),
        ("2027-02-29", "February 2027 has no day 29."),
        ("2100-02-29", "February 2100 has no day 29."),
        ("2026-04-31", "April 2026 has no day 31."),
        ("2026-12-00", "December 2026 has no day 0."),
        ("2026-13-01", "There is no month 13: months go from 01 to 12."),
        ("2026-00-10", "There is no month 0: months go from 01 to 12."),
        ("0000-01-01", "There is no year 0."),
    ],
)
def test_impossible_dates_say_why(text: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_due(text, TODAY)
    assert caught.value.message == message
    assert caught.value.hint


def test_impossible_date_hint_gives_the_month_length() -> None:
    with pytest.raises(DateError) as caught:
        parse_due("2028-02-30", TODAY)
    assert caught.value.hint == "February 2028 has 29 days."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-11-26", "2026-11-26 is in the past (yesterday); a due date must be today or later."),
        (
            "2026-11-20",
            "2026-11-20 is in the past (7 days ago); a due date must be today or later.",
        ),
        (
            "2025-11-27",
            "2025-11-27 is in the past (365 days ago); a due date must be today or later.",
        ),
    ],
)
def test_past_dates_are_rejected(text: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_due(text, TODAY)
    assert caught.value.message == message


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026-11-26", date(2026, 11, 26)), ("2000-02-29", date(2000, 2, 29))],
)
def test_past_dates_are_allowed_when_importing(text: str, expected: date) -> None:
    assert parse_due(text, TODAY, allow_past=True) == expected


def test_an_impossible_past_date_is_still_impossible_when_importing() -> None:
    with pytest.raises(DateError, match="February 2001 has no day 29"):
        parse_due("2001-02-29", TODAY, allow_past=True)


@pytest.mark.parametrize(
    "text",
    [
        "asap",
        "next",
        "next week",
        "friday next",
        "next next friday",
        "fr",  # too short to be a weekday
        "fridays",
        "frida y",
        "7",
        "+7",
        "-7d",  # backwards
        "+1y",
        "in days",
        "in 3",
        "yesterday",
        "2026-12",
        "26-12-04",
        "2026-12-04T10:00",
        "+999999d",  # more digits than any due date needs
        "tomorrow tomorrow",
    ],
)
def test_unknown_text_lists_the_accepted_forms(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_due(text, TODAY)
    assert caught.value.message == f"Can't read {text!r} as a due date."
    hint = caught.value.hint or ""
    for form in ("2026-12-04", "+7d", "+2w", "+1m", "in 3 days", "today", "tomorrow", "fri"):
        assert form in hint


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_empty_text_is_rejected(text: str) -> None:
    with pytest.raises(DateError, match="The due date is empty"):
        parse_due(text, TODAY)


@pytest.mark.parametrize("text", ["12/04", "04/12/2026", "2026/12/04", "4.12.2026"])
def test_slashed_dates_are_refused_as_ambiguous(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_due(text, TODAY)
    assert "YEAR-MONTH-DAY" in (caught.value.hint or "")


def test_a_long_unreadable_text_is_shortened_in_the_message() -> None:
    with pytest.raises(DateError) as caught:
        parse_due("x" * 500, TODAY)
    assert len(caught.value.message) < 80
    assert "…" in caught.value.message


def test_spans_past_year_9999_are_refused_cleanly() -> None:
    with pytest.raises(DateError, match="too far in the future"):
        parse_due("+99999m", TODAY)
    with pytest.raises(DateError, match="too far in the future"):
        parse_due("+60d", date(9999, 12, 1))


def test_date_error_is_both_a_coach_error_and_a_value_error() -> None:
    with pytest.raises(CoachError):
        parse_due("nope", TODAY)
    with pytest.raises(ValueError):
        parse_due("nope", TODAY)
    error = DateError("bad")
    assert str(error).startswith("bad\n")  # the hint follows the message


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (TODAY, "today"),
        (date(2026, 11, 28), "tomorrow"),
        (date(2026, 11, 29), "in 2 days"),
        (date(2026, 12, 2), "in 5 days"),
        (date(2026, 12, 3), "in 6 days"),
        (date(2026, 12, 4), "Fri 4 Dec"),
        (date(2026, 12, 31), "Thu 31 Dec"),
        (date(2027, 1, 4), "Mon 4 Jan 2027"),
        (date(2027, 11, 27), "Sat 27 Nov 2027"),
        (date(2028, 2, 29), "Tue 29 Feb 2028"),
        (date(2026, 11, 26), "1 day overdue"),
        (date(2026, 11, 24), "3 days overdue"),
        (date(2025, 11, 27), "365 days overdue"),
    ],
)
def test_humanize_due(due: date, expected: str) -> None:
    assert humanize_due(due, TODAY) == expected


def test_humanize_due_at_the_turn_of_the_year() -> None:
    new_year = date(2027, 1, 1)
    assert humanize_due(date(2026, 12, 31), new_year) == "1 day overdue"
    assert humanize_due(date(2027, 1, 8), new_year) == "Fri 8 Jan"
    assert humanize_due(date(2027, 1, 7), new_year) == "in 6 days"


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 5, 15), 0, date(2026, 5, 15)),
        (date(2026, 5, 31), -1, date(2026, 4, 30)),
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_add_months_past_year_9999_overflows() -> None:
    with pytest.raises(OverflowError):
        add_months(date(9999, 12, 1), 1)


days_ahead = st.integers(min_value=0, max_value=5000)
todays = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))


@given(todays, days_ahead)
def test_iso_dates_round_trip(today: date, ahead: int) -> None:
    due = today + timedelta(days=ahead)
    assert parse_due(due.isoformat(), today) == due
    assert parse_due(f"+{ahead}d", today) == due
    assert parse_due(f"in {ahead} days", today) == due


@given(todays, st.sampled_from(WEEKDAYS))
def test_weekdays_are_the_next_one_strictly_after_today(today: date, name: str) -> None:
    due = parse_due(name[:3], today)
    assert due.weekday() == WEEKDAYS.index(name)
    assert 1 <= (due - today).days <= 7
    assert parse_due(name, today) == due


@given(todays, st.sampled_from(WEEKDAYS))
def test_next_weekday_is_in_next_week(today: date, name: str) -> None:
    due = parse_due(f"next {name}", today)
    this_monday = today - timedelta(days=today.weekday())
    assert due.weekday() == WEEKDAYS.index(name)
    assert 7 <= (due - this_monday).days <= 13
    assert due > today


@given(todays, st.integers(min_value=0, max_value=240))
def test_months_keep_the_day_or_clamp_to_the_month_end(today: date, months: int) -> None:
    due = parse_due(f"+{months}m", today)
    assert (due.year - today.year) * 12 + due.month - today.month == months
    assert due.day == today.day or (due.day < today.day and (due + timedelta(days=1)).day == 1)


@given(todays, st.integers(min_value=-3000, max_value=3000))
def test_humanize_never_empty_and_overdue_only_in_the_past(today: date, offset: int) -> None:
    text = humanize_due(today + timedelta(days=offset), today)
    assert text
    assert ("overdue" in text) == (offset < 0)


def test_report_dates_read_as_people_write_them() -> None:
    from coachcli.dates import date_span, long_date, month_label

    assert long_date(date(2026, 9, 3)) == "3 Sep 2026"
    assert month_label(date(2026, 9, 1)) == "Sep 2026"
    assert date_span(date(2026, 9, 3), date(2026, 11, 26)) == "3 Sep to 26 Nov 2026"
    assert date_span(date(2025, 12, 3), date(2026, 1, 6)) == "3 Dec 2025 to 6 Jan 2026"
    assert date_span(date(2026, 9, 3), date(2026, 9, 3)) == "3 Sep 2026"
