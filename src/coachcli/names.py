"""People's names as typed: what a rep's name (or role) may hold, and when two names match.

Surrounding whitespace is stripped, inner runs of whitespace become one
space, and a name is stored in Unicode NFC. It must not be empty, longer than
100 characters, or hold a line break, a tab or an invisible character
(Unicode Cc, Cs and Cf, except the joiners U+200C and U+200D that Persian and
Indic scripts need). Two names are the same rep when they match casefolded.
A name typed in part is matched as commands are: by what it begins with.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from coachcli.errors import CoachError

NAME_MAX = 100

_JOINERS = frozenset("\u200c\u200d")  # ZWNJ, ZWJ: needed to spell some names
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_CONTROL_NAMES = {0x00: "NUL", 0x1B: "ESC", 0x7F: "DEL"}


def name_problem(name: str, what: str = "A rep's name", limit: int = NAME_MAX) -> str | None:
    """Why ``name`` (stripped, NFC) cannot be used, or None; the length counts after collapsing."""
    for char in name:
        if char in _LINE_BREAKS:
            return f"{what} must fit on one line: it contains a line break."
        if char == "\t":
            return f"{what} can't contain a tab."
        category = unicodedata.category(char)
        if category in ("Cc", "Cs") or (category == "Cf" and char not in _JOINERS):
            code = ord(char)
            label = _CONTROL_NAMES.get(code) or unicodedata.name(char, "")
            shown = f"U+{code:04X}" + (f" ({label})" if label else "")
            return f"{what} can't contain the invisible character {shown}."
    length = len(" ".join(name.split()))
    if length > limit:
        return f"{what} can be at most {limit} characters; this one has {length}."
    return None


_NAME_HINTS = {
    "line": "Type the name again on one line.",
    "tab": "Use a space between the parts of the name.",
    "invisible": "Type the name rather than pasting it: the pasted text carries hidden characters.",
    "at most": "Use the name you call them by; put anything else in their role or notes.",
}


def clean(name: str) -> str:
    """Stripped, in Unicode NFC."""
    return unicodedata.normalize("NFC", name.strip())


def validate_name(name: str) -> str:
    """The name as stored (stripped, inner whitespace collapsed, NFC); CoachError if unusable."""
    cleaned = clean(name)
    if not cleaned:
        raise CoachError(
            "A rep needs a name.",
            hint='Type the name you call them by, e.g. coach start "Alex Kim".',
        )
    problem = name_problem(cleaned)
    if problem is not None:
        hint = next((h for word, h in _NAME_HINTS.items() if word in problem), None)
        raise CoachError(problem, hint=hint)
    return " ".join(cleaned.split())


def name_key(text: str) -> str:
    """What two names must share to be the same rep: NFC, whitespace collapsed, casefolded."""
    collapsed = " ".join(unicodedata.normalize("NFC", text).split())
    return unicodedata.normalize("NFC", collapsed.casefold())


def quote(text: str, limit: int = 60) -> str:
    """A name or value in a message: in quotes, cut at ``limit``, escaped if not printable."""
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return f"'{shown}'" if shown.isprintable() and "'" not in shown else repr(shown)


def names_begun(typed: str, names: Iterable[str]) -> list[str]:
    """The names ``typed`` begins, or begins a word of (``alex``, ``kim`` → ``Alex Kim-Lee``)."""
    key = name_key(typed)
    if not key:
        return []
    found = []
    for name in names:
        words = re.split(r"[\s-]+", name_key(name))
        if name_key(name).startswith(key) or any(w.startswith(key) for w in words):
            found.append(name)
    return sorted(found, key=name_key)
