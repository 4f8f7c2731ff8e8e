"""Small helpers for text people read: plurals and the command to type."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from decimal import Decimal

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
WEEKDAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def long_date(day: date, *, weekday: bool = False) -> str:
    """A day as people read it, the same in every locale: ``27 Nov 2026`` (``Fri 27 Nov 2026``)."""
    text = f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"
    return f"{WEEKDAY_ABBR[day.weekday()]} {text}" if weekday else text


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 answer``, ``2 answers`` (``many`` for irregular plurals)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def verb(count: int, one: str, many: str) -> str:
    """The verb that agrees with ``count``: ``verb(1, "is", "are")`` is ``is``."""
    return one if count == 1 else many


def days_ago(days: int) -> str:
    """``today``, ``yesterday``, ``3 days ago``."""
    return "today" if days == 0 else "yesterday" if days == 1 else f"{days} days ago"


def start_command(rep_name: str) -> str:
    """The command that starts (or resumes) a session with this rep, ready to copy."""
    escaped = rep_name.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$")
    return f'coach start "{escaped}"'


def number(value: float) -> str:
    """A number as people write it: ``8``, ``2.5``, ``0.35``, ``1250000`` (never ``1.25e+06``)."""
    if not abs(value) < 1e15:
        return str(value)
    text = f"{value:g}"
    # six significant digits, but a million is never 1e+06: whole units at least
    return f"{value:.0f}" if "e+" in text else text


def amount(value: float | Decimal) -> str:
    """Money as people read it: ``250,000``, ``12,500.50`` (rounded to cents for display only)."""
    from decimal import Decimal

    cents = round(Decimal(repr(value)) if isinstance(value, float) else value, 2)
    return f"{cents:,.0f}" if cents == cents.to_integral_value() else f"{cents:,.2f}"


def with_unit(value: float, unit: str) -> str:
    """``3×``, ``85%``, ``6 meetings``, ``1 meeting``: a sign sticks to the number, a word not."""
    if not unit:
        return number(value)
    return (
        number(value)
        + ("" if len(unit) == 1 and not unit.isalnum() else " ")
        + unit_for(value, unit)
    )


def unit_for(value: float, unit: str) -> str:
    """A framework's unit as it reads after ``value``: ``1 deal``, ``2 deals``, ``1 opportunity``.

    Units are written in the plural (``deals``, ``opportunities``, ``times``);
    after exactly 1 a plural English noun loses its ending. A unit of several
    words changes its last word (``1 first meeting``); signs and
    abbreviations (``k``, ``%``, ``min``) never change.
    """
    if value != 1 or not unit or not unit[-1:].isalpha() or len(unit.split()[-1]) < 3:
        return unit
    head, _, word = unit.rpartition(" ")
    lower = word.casefold()
    if lower.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif lower.endswith(("sses", "shes", "ches", "xes")):
        word = word[:-2]
    elif lower.endswith("s") and not lower.endswith(("ss", "us", "is")):
        word = word[:-1]
    return f"{head} {word}" if head else word


def percent(share: float | None) -> str:
    """A share as a whole percentage, ``62%``; an em dash when there is none.

    Rounded half to even, as ``f"{share:.0%}"`` does, but never ``-0%``.
    """
    return "—" if share is None else f"{round(share * 100)}%"


_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)")


def printable(text: str) -> str:
    """``text`` with every character that could drive a terminal made visible.

    Text from a file or a person (a framework's title, a rep's name, an
    answer) may hold escape sequences that retitle or clear the terminal, or
    bidirectional overrides that make it read differently from what it is.
    Each such character becomes ``<U+XXXX>``: the C0 controls (line breaks and
    tabs excepted), DEL, the C1 range, and the bidi embeddings, overrides and
    isolates.
    """
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def json_escaped(text: str) -> str:
    """JSON text with the characters :func:`printable` shows escaped as ``\\uXXXX`` too.

    ``json.dumps`` escapes the C0 controls but leaves DEL, the C1 range and
    the bidi overrides as they are; in a string they may be written either
    way, so scripts read the same text.
    """
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


SHARE_PLACES = 4
"""Decimal places of a share or ratio (0..1) in JSON: 0.3333, a hundredth of a percent."""
MINUTES_PLACES = 1
"""Decimal places of minutes in JSON: six seconds."""
VALUE_PLACES = 4
"""Decimal places of a rating's or metric's value (and its change) in JSON."""


def json_share(share: float | None) -> float | None:
    """A share or ratio as ``--json`` gives it: 4 places, None kept."""
    return None if share is None else round(share, SHARE_PLACES)


def json_minutes(minutes: float) -> float:
    """Minutes as ``--json`` gives them: 1 place."""
    return round(minutes, MINUTES_PLACES)


def json_value(value: float | None) -> float | None:
    """A rating's or metric's value as ``--json`` gives it: no float noise (2.3 - 2.0 is 0.3)."""
    return None if value is None else round(value, VALUE_PLACES)


def unsafe_characters(text: str) -> list[str]:
    """The characters :func:`printable` would make visible, as ``U+XXXX``, once each."""
    return list(dict.fromkeys(f"U+{ord(c):04X}" for c in _UNSAFE.findall(text)))
