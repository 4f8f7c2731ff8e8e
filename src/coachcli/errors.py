"""The one user-facing error type.

Anything a person can fix (a bad framework file, an unknown rep, a wrong
option value) is raised as :class:`CoachError`. The CLI catches it at one
place and prints the message in red on stderr with the hint below it, then
exits with status 1. Everything else is a bug and gets a traceback (without
local variables: answers are personal data).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


class CoachError(Exception):
    """An error the user can act on: a message and an optional hint."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n{self.hint}"


def unknown_choice(what: str, value: str, choices: Sequence[str]) -> CoachError:
    """``Unknown kind 'x'. Did you mean 'y'?``, with every choice in the hint (``Kinds: …``)."""
    close = did_you_mean(value, choices)
    return CoachError(
        f"Unknown {what} {value!r}." + (f" Did you mean {close!r}?" if close else ""),
        hint=f"{what.capitalize()}s: {', '.join(choices)}.",
    )


def did_you_mean(word: str, choices: Iterable[object]) -> str | None:
    """Return the closest of ``choices`` to ``word``, or None when none is close."""
    import difflib

    options = [str(c) for c in choices]
    match = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return match[0] if match else None
