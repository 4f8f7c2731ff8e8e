"""Small helpers for text people read: plurals and the command to type."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 answer``, ``2 answers`` (``many`` for irregular plurals)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def start_command(rep_name: str) -> str:
    """The command that starts (or resumes) a session with this rep, ready to copy."""
    escaped = rep_name.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$")
    return f'coach start "{escaped}"'


def number(value: float) -> str:
    """A number as people write it: ``8``, ``2.5``, ``0.35`` (no trailing ``.0``)."""
    return f"{value:g}" if abs(value) < 1e15 else str(value)


def percent(share: float | None) -> str:
    """A share as a whole percentage, ``62%``; an em dash when there is none.

    Rounded half to even, as ``f"{share:.0%}"`` does, but never ``-0%``.
    """
    return "—" if share is None else f"{round(share * 100)}%"
