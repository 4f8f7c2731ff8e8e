"""What several test modules share: the CLI runner's type, and a whole scripted session.

Test modules import from here (or from scripted.py), never from each other or
from conftest.py.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from typer.testing import Result

from coachcli.banks import plan_questions
from coachcli.layout import is_note_name

Run = Callable[..., Result]
"""The ``coach`` fixture: run ``coach ARGS`` in-process and return the result."""


def notes_in(folder: Path) -> list[Path]:
    """The session notes in a folder and the folders under it (not the rep's page), sorted."""
    return sorted(p for p in folder.rglob("*.md") if is_note_name(p.name))


def first_plan(framework: Any) -> dict[str, list[str]]:
    """The questions of a first session, whatever was asked before (keeps scripts short)."""
    return plan_questions(framework, [])


# The whole session for the fixture framework, answered as a person types.
FULL = [
    ("q:calls-made", "42"),
    ("q:forecast-call", "2"),  # the second option, by number
    ("q:slipped-deals", ["Acme renewal", "Globex pilot"]),
    ("q:confidence", "4"),
    ("q:best-call", "The Initech discovery call.\nThey opened up about budget."),
    ("q:one-thing", "Ask for the economic buyer earlier"),
    ("fb:1:template", "sbi"),
    ("fb:1:situation", "the Initech call"),
    ("fb:1:behaviour", "paused after asking about budget"),
    ("fb:1:impact", "the buyer told you the real number"),
    ("fb:1:ok", "y"),
    ("fb:2:template", ""),
    ("rating:discovery", "3"),
    ("metric:meetings", "6 meetings"),
    ("act:1:text", "Book a call with the CFO"),
    ("act:1:owner", ""),  # default: rep
    ("act:1:due", "fri"),
    ("act:2:text", "Share the pricing deck"),
    ("act:2:owner", "manager"),
    ("act:2:due", "+14d"),
    ("act:3:text", ""),
    ("summary", "Good week; next, reach the economic buyer."),
    ("minutes", ""),  # Enter: the length offered
]
