"""Due dates as a sales manager types them, and how they read back.

:func:`parse_due` turns what a person types into a date, relative to ``today``
(always passed in, so tests and imports are deterministic). Accepted forms,
case-insensitive, surrounding spaces ignored:

==========================  ===================================================
``2026-12-04``              an ISO date (``2026-12-4`` too)
``today``, ``tomorrow``
``+7d`` ``7d`` ``+2w`` ``2w``  days or weeks from today
``+1m`` ``1m``              months from today: the same day of the month,
                            clamped to the month's last day (Jan 31 + 1m = Feb 28/29)
``in 3 days``, ``in 2 weeks``, ``in 1 month``
``fri``, ``friday``         the next Friday *strictly after* today (on a Friday,
                            ``fri`` is a week away, never today). Any prefix of
                            a weekday name of three letters or more (``thurs``).
``next fri[day]``           the Friday of *next week*, weeks starting on Monday.
                            On Friday 27 Nov 2026 that is Friday 4 Dec; on
                            Monday 23 Nov it is also Friday 4 Dec (while plain
                            ``fri`` would be 27 Nov). Always after today.
==========================  ===================================================

A date before today is rejected (a due date in the past is almost certainly a
typo) unless ``allow_past=True`` (importing old sessions). Every rejection is
a :class:`DateError`: a :class:`~coachcli.errors.CoachError` (the CLI shows it
cleanly) that is also a :class:`ValueError` (prompt loops and validators catch
it). Only the standard library is used.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from coachcli.errors import CoachError
from coachcli.wording import MONTHS, WEEKDAY_ABBR, long_date, plural

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

FORMS_HINT = (
    "Use a date like 2026-12-04, a span like +7d, +2w, +1m or 'in 3 days', "
    "'today', 'tomorrow', a weekday like 'fri', or 'next fri'."
)

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_SPAN = re.compile(r"(?:\+\s*|in\s+)?(\d{1,5})\s*(d|days?|w|weeks?|m|months?)")
_IN_A = re.compile(r"in\s+(?:a|an|one)\s+(day|week|month)")
_SLASHED = re.compile(r"\d{1,4}[/.]\d{1,2}(?:[/.]\d{1,4})?")


class DateError(CoachError, ValueError):
    """A due date that cannot be used, with what to type instead."""

    def __init__(self, message: str, hint: str | None = FORMS_HINT) -> None:
        super().__init__(message, hint)


def parse_due(text: str, today: date, *, allow_past: bool = False) -> date:
    """The date ``text`` means, counted from ``today``; raise :class:`DateError` if none."""
    cleaned = " ".join(text.split()).lower()
    if not cleaned:
        raise DateError("The due date is empty.")
    due = _parse(cleaned, today)
    if due is None:
        shown = text.strip()
        if len(shown) > 40:
            shown = shown[:39] + "…"
        hint = FORMS_HINT
        if _SLASHED.fullmatch(cleaned):
            hint = (
                "Write dates as YEAR-MONTH-DAY (2026-12-04): "
                "04/12 is a different day in different countries."
            )
        raise DateError(f"Can't read {shown!r} as a due date.", hint)
    if due < today and not allow_past:
        days = (today - due).days
        ago = "yesterday" if days == 1 else f"{days} days ago"
        raise DateError(
            f"{due.isoformat()} is in the past ({ago}); a due date must be today or later.",
            "Check the year and month, or use a relative date like +7d or 'fri'.",
        )
    return due


def _parse(text: str, today: date) -> date | None:
    if match := _ISO.fullmatch(text):
        return _iso(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if text == "today":
        return today
    if text == "tomorrow":
        return today + timedelta(days=1)
    if match := _SPAN.fullmatch(text):
        return _add(today, int(match.group(1)), match.group(2)[0])
    if match := _IN_A.fullmatch(text):
        return _add(today, 1, match.group(1)[0])
    words = text.split(" ")
    if len(words) == 1 and (day := _weekday(words[0])) is not None:
        ahead = (day - today.weekday() - 1) % 7 + 1  # 1..7: strictly after today
        return today + timedelta(days=ahead)
    if len(words) == 2 and words[0] == "next" and (day := _weekday(words[1])) is not None:
        next_monday = today + timedelta(days=7 - today.weekday())
        return next_monday + timedelta(days=day)
    return None


def _iso(year: int, month: int, day: int) -> date:
    if year < 1:
        raise DateError(f"There is no year {year}.", "Write dates as YEAR-MONTH-DAY: 2026-12-04.")
    if not 1 <= month <= 12:
        raise DateError(
            f"There is no month {month}: months go from 01 to 12.",
            "Write dates as YEAR-MONTH-DAY: 2026-12-04.",
        )
    last = days_in_month(year, month)
    if not 1 <= day <= last:
        raise DateError(
            f"{MONTHS[month - 1]} {year} has no day {day}.",
            f"{MONTHS[month - 1]} {year} has {last} days.",
        )
    return date(year, month, day)


def _add(today: date, count: int, unit: str) -> date:
    try:
        if unit == "d":
            return today + timedelta(days=count)
        if unit == "w":
            return today + timedelta(weeks=count)
        return add_months(today, count)
    except OverflowError:
        raise DateError("That is too far in the future for a due date.") from None


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's last day; OverflowError past 9999."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    if not 1 <= year <= 9999:
        raise OverflowError("date out of range")
    return date(year, month, min(start.day, days_in_month(year, month)))


def days_in_month(year: int, month: int) -> int:
    """28 to 31: the number of days in ``month`` of ``year`` (Gregorian leap years)."""
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _weekday(word: str) -> int | None:
    """0 for Monday ... 6 for Sunday, from a weekday name or its prefix of 3+ letters."""
    if len(word) < 3:
        return None
    for index, name in enumerate(WEEKDAYS):
        if name.startswith(word):
            return index
    return None


def humanize_due(due: date, today: date) -> str:
    """How far off ``due`` is: ``today``, ``tomorrow``, ``in 5 days``, ``3 days overdue``...

    Dates a week or more away are shown as a day and month (``Fri 4 Dec``),
    with the year when it is not this year (``Mon 4 Jan 2027``).
    """
    days = (due - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days < 0:
        return f"{plural(-days, 'day')} overdue"
    if days < 7:
        return f"in {days} days"
    shown = f"{WEEKDAY_ABBR[due.weekday()]} {due.day} {MONTHS[due.month - 1][:3]}"
    return shown if due.year == today.year else f"{shown} {due.year}"


_AGO = re.compile(r"(\d{1,5})\s*(d|days?|w|weeks?|m|months?|y|years?)(?:\s+ago)?")


def parse_since(text: str, today: date) -> date:
    """The start of a window: ``90d``, ``12w``, ``6m``, ``1y`` back from today, or a date.

    ``2026-01-01`` (ISO), ``today`` and ``yesterday`` work too. A date after
    today is an error.
    """
    cleaned = " ".join(text.strip().casefold().split())
    if cleaned in ("today", "yesterday"):
        return today - timedelta(days=0 if cleaned == "today" else 1)
    if match := _AGO.fullmatch(cleaned):
        count, unit = int(match.group(1)), match.group(2)[0]
        try:
            if unit == "y":
                return add_months(today, -12 * count)
            if unit == "m":
                return add_months(today, -count)
            return today - timedelta(days=count * (7 if unit == "w" else 1))
        except (OverflowError, ValueError):
            raise DateError("That is too far back.", SINCE_HINT) from None
    if match := _ISO.fullmatch(cleaned):
        when = _iso(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if when > today:
            raise DateError(f"{when.isoformat()} is in the future.", SINCE_HINT)
        return when
    raise DateError(f"Cannot read {text.strip()!r} as a start date.", SINCE_HINT)


SINCE_HINT = "Use a span back from today like 90d, 12w, 6m or 1y, or a date like 2026-01-01."


def month_label(day: date) -> str:
    """The month ``day`` falls in: ``Sep 2026``."""
    return f"{MONTHS[day.month - 1][:3]} {day.year}"


def date_span(first: date, last: date) -> str:
    """``3 Sep to 26 Nov 2026``; the first year said too when the years differ; one day alone."""
    if first == last:
        return long_date(first)
    head = long_date(first) if first.year != last.year else long_date(first).rpartition(" ")[0]
    return f"{head} to {long_date(last)}"
