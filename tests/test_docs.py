"""The documentation's examples work as written."""

from __future__ import annotations

import re
from pathlib import Path

from coachcli.answers import start_from_file
from coachcli.home import Home
from coachcli.notes import from_markdown

ROOT = Path(__file__).resolve().parent.parent


def test_example_answers_file_runs_against_grow(coach_home: Home) -> None:
    example = ROOT / "docs" / "examples" / "grow-answers.toml"
    outcome = start_from_file(coach_home, "Alex Kim", example, "grow")
    assert outcome.status == "finished" and outcome.note is not None
    session = from_markdown(outcome.note.read_text(encoding="utf-8"))
    assert session.ratings == {"objection-handling": 2}
    assert [a.owner for a in session.actions] == ["rep", "manager"]
    assert session.feedback[0].text.startswith("On the Acme call on Tuesday")


def test_readme_opens_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```\n(.*?)\n```", readme, flags=re.S)
    assert blocks[0].startswith("pip install . && coach start")
    assert blocks[1] == 'pip install ".[test]" && pytest'
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- test-command -->" in readme and "test-command" in ci
