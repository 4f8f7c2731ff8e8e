"""Shared feedback templates: frameworks/feedback/*.toml, referenced with use_feedback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coachcli.home import Home
from coachcli.loader import FrameworkError, discover, feedback_library, resolve

from .helpers import Run

SKELETON = Path(__file__).resolve().parents[1] / "src" / "coachcli" / "data" / "skeleton.toml"

TEAM_LIBRARY = """schema = 1

[[feedback]]
id = "team-praise"
name = "Team praise"
style = "positive"
template = "When {situation}, you {behaviour}."

  [[feedback.slots]]
  name = "situation"
  prompt = "When?"

  [[feedback.slots]]
  name = "behaviour"
  prompt = "What did they do?"
"""


def _framework(home: Home, uses: str) -> Path:
    """The skeleton framework with a top-level use_feedback key (before any table)."""
    text = SKELETON.read_text().replace("__ID__", "team").replace("__NAME__", "Team")
    text = text.replace("minutes = 20 ", f"use_feedback = {uses}\nminutes = 20 ", 1)
    path = home.frameworks_dir / "team.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _library(home: Home, text: str = TEAM_LIBRARY) -> Path:
    path = home.frameworks_dir / "feedback" / "team.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_framework_offers_shared_templates_after_its_own(coach_home: Home) -> None:
    _library(coach_home)
    _framework(coach_home, '["team-praise"]')
    framework = resolve(coach_home, "team")
    assert [t.id for t in framework.feedback] == ["sbi", "team-praise"]
    library, sources = feedback_library(coach_home)
    assert "team-praise" in library
    assert any(s.origin == "user" and s.error is None for s in sources)


def test_unknown_shared_template_is_located_with_a_suggestion(coach_home: Home) -> None:
    _library(coach_home)
    path = _framework(coach_home, '["team-prais"]')
    with pytest.raises(FrameworkError) as error:
        resolve(coach_home, "team")
    problem = error.value.problems[0]
    assert problem.key == "use_feedback[0]"
    assert "did you mean 'team-praise'?" in problem.message
    line = next(
        n for n, text in enumerate(path.read_text().splitlines(), 1) if "use_feedback" in text
    )
    assert problem.line == line


def test_broken_library_is_listed_and_fails_validation(coach: Run, coach_home: Home) -> None:
    _library(coach_home, TEAM_LIBRARY.replace('style = "positive"', 'style = "nice"'))
    rows = json.loads(coach("frameworks", "list", "--json").stdout)["frameworks"]
    broken = [r for r in rows if r["id"] == "feedback/team"]
    assert broken and broken[0]["valid"] is False
    assert any("'positive'" in e and "got 'nice'" in e for e in broken[0]["errors"]), broken
    result = coach("frameworks", "validate", code=1)
    assert "feedback/team.toml" in result.stdout
    assert all(s.framework is not None or s.error is not None for s in discover(coach_home))
