"""The 1:1 as a meeting: when it started, how long it lasted, each section's share of it.

A session run live starts when ``coach start`` does; its length is
confirmed at the end (the default is the wall-clock time of the session,
pauses left out). A 1:1 logged afterwards (``--date``, ``--time``,
``--minutes``, or an answers file) gets its start from the date and time
given, and its sections' time from the framework's plan. Either way each
section's time is its share of the meeting, scaled so the sections add up
to the meeting's length (:func:`section_seconds`).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Final

from coachcli.errors import CoachError

MAX_MINUTES: Final = 600
"""The longest 1:1 coach records: ten hours. Anything longer is a typo."""
_CLOCK = re.compile(r"(\d{1,2})(?::(\d{2}))?")


@dataclass(frozen=True)
class Logged:
    """A 1:1 that already happened: when it started, and its length when it was given."""

    start: datetime
    minutes: int | None = None


def now() -> datetime:
    """The local time now, to the second: when a session run live starts."""
    return datetime.now().astimezone().replace(microsecond=0)


def check_minutes(value: object, where: str) -> int:
    """A meeting's length in whole minutes, from 1 to :data:`MAX_MINUTES`; CoachError if not."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise CoachError(
            f"{where}: {value!r} is not a number of minutes.", hint="Give whole minutes, e.g. 30."
        )
    if not 1 <= value <= MAX_MINUTES:
        raise CoachError(
            f"{where}: a 1:1 of {value} minutes? Give its length from 1 to {MAX_MINUTES} minutes.",
            hint="e.g. --minutes 30",
        )
    return value


def parse_day(value: str | date, today: date) -> date:
    """The meeting's date: ``2026-11-20``, ``today`` or ``yesterday``; ValueError if not one."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = value.strip().casefold()
    if text in ("today", "yesterday"):
        return today - timedelta(days=int(text == "yesterday"))
    if text == "tomorrow":
        raise ValueError(
            "the 1:1 tomorrow has not happened yet; coach logs 1:1s that already took place"
        )
    with contextlib.suppress(ValueError):
        if len(text) == 10:
            return date.fromisoformat(text)
    raise ValueError(f"{value!r} is not a date; write the day of the 1:1 as 2026-11-20")


def parse_time(value: str | time) -> time:
    """The time of day the meeting started: ``14:00``, ``9:30`` or ``14``; ValueError if not."""
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    found = _CLOCK.fullmatch(value.strip())
    if found is not None:
        hour, minute = int(found.group(1)), int(found.group(2) or 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise ValueError(f"{value!r} is not a time of day; write when the 1:1 started as 14:00")


def logged(
    day: str | date | None,
    at: str | time | None,
    minutes: int | None,
    now: datetime,
    where: tuple[str, str, str] = ("--date", "--time", "--minutes"),
) -> Logged:
    """A 1:1 logged afterwards: its start and length, checked; CoachError naming the option.

    Without a date it was today; without a time it ended at the current time
    of day (it started ``minutes`` earlier, never before midnight). A start
    still to come is refused: coach records 1:1s that happened.
    """
    if minutes is not None:
        minutes = check_minutes(minutes, where[2])
    try:
        the_day = now.date() if day is None else parse_day(day, now.date())
    except ValueError as exc:
        raise CoachError(f"{where[0]}: {exc}.", hint="e.g. --date 2026-11-20") from None
    try:
        clock = None if at is None else parse_time(at)
    except ValueError as exc:
        raise CoachError(f"{where[1]}: {exc} (24-hour).", hint="e.g. --time 9:30") from None
    if clock is not None:
        start = datetime.combine(the_day, clock, now.tzinfo)
    else:
        ended = datetime.combine(the_day, now.time().replace(second=0, microsecond=0), now.tzinfo)
        midnight = datetime.combine(the_day, time(0), now.tzinfo)
        start = max(midnight, ended - timedelta(minutes=minutes or 0))
    if start > now:
        said = the_day.isoformat() + (f" at {start:%H:%M}" if clock is not None else "")
        raise CoachError(
            f"{where[0]}: the 1:1 on {said} has not happened yet; "
            "coach logs 1:1s that already took place.",
            hint="Run coach start without --date when the 1:1 begins."
            if where[0] == "--date"
            else "Correct the date in the answers file: a 1:1 that already took place.",
        )
    return Logged(start, minutes)


def section_seconds(weights: Sequence[float], minutes: int) -> list[int]:
    """Each section's share of a meeting of ``minutes``, in seconds that add up to it exactly.

    ``weights`` are the wall-clock seconds spent in each section, or its
    planned minutes; all zero shares the meeting evenly. Rounding goes to
    the largest remainders, so the shares always add up to the length.
    """
    if not weights:
        return []
    total_seconds = minutes * 60
    weight = [max(0.0, float(w)) for w in weights]
    total = sum(weight)
    if total <= 0:
        weight, total = [1.0] * len(weights), float(len(weights))
    exact = [w * total_seconds / total for w in weight]
    shares = [int(e) for e in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: exact[i] - shares[i], reverse=True)
    for i in by_remainder[: total_seconds - sum(shares)]:
        shares[i] += 1
    return shares
