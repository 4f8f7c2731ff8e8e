"""During a session the manager sees what the rep will receive; the note marks it."""

from __future__ import annotations

from pathlib import Path

import pytest

from coachcli.home import Home
from coachcli.notes import from_markdown
from coachcli.sharing import shared_parts
from coachcli.start import start_session
from coachcli.steps import PRIVATE_NOTE, SELF_PRIVATE_NOTE, SELF_SHARED_NOTE, SHARED_NOTE

from .helpers import FIXTURE, FULL, options
from .scripted import ScriptedAsker


@pytest.fixture
def home(coach_home: Home) -> Home:
    text = FIXTURE.read_text("utf-8")
    text = text.replace('id = "skills"\n', 'id = "skills"\nvisibility = "shared"\n', 1)
    text = text.replace('  id = "best-call"\n', '  id = "best-call"\n  visibility = "private"\n', 1)
    coach_home.frameworks_dir.mkdir(parents=True)
    (coach_home.frameworks_dir / "weekly-pipeline.toml").write_text(text, "utf-8")
    return coach_home


def test_the_session_says_what_the_rep_receives_and_the_note_marks_it(home: Home) -> None:
    asker = ScriptedAsker(list(FULL))
    outcome = start_session(home, options(), asker)
    asker.done()
    shared = {s.title: s.shared for s in asker.sections if s.shared is not None}
    assert shared == {"Numbers": False, "Skills": True, "Wrap-up": False}
    assert not any(s.self_review for s in asker.sections)
    contexts = {p.key: p.context for p in asker.prompts}
    assert contexts["q:best-call"] == PRIVATE_NOTE  # private in a shared section: said
    assert contexts["q:confidence"] == ""  # as its section: nothing to say
    assert contexts["summary"] == SHARED_NOTE

    assert outcome.note is not None
    text = outcome.note.read_text("utf-8")
    assert "<!-- section: skills coaching shared -->" in text
    assert "<!-- q: best-call text private -->" in text
    assert "<!-- q: confidence scale -->" in text
    parts = shared_parts(from_markdown(text, str(outcome.note)))
    assert [(s.title, [a.answer.id for a in s.answers]) for s in parts.sections] == [
        ("Skills", ["confidence"])
    ]
    assert parts.summary == "Good week; next, reach the economic buyer."


# A figure the self-review is offered makes any framework one (coachcli.self_review_ids).
FIGURE = """
[[metrics]]
id = "coaching-share"
name = "Coaching share, last 30 days"
unit = "%"
indicator = "leading"
target = 60
"""


def test_a_self_review_says_who_reads_it_without_the_rep(home: Home) -> None:
    """The manager runs a self-review with themselves as the rep: its parts are shareable or
    kept for them, never "shared with the rep"; a 1:1's (above) keep their wording."""
    path = home.frameworks_dir / "weekly-pipeline.toml"
    path.write_text(path.read_text("utf-8") + FIGURE, "utf-8")
    script = [(k, v) for k, v in FULL if not k.endswith(":owner")]  # every item is theirs
    at = script.index(("metric:meetings", "6 meetings")) + 1
    script[at:at] = [("metric:coaching-share", "")]  # Enter keeps the figure offered
    asker = ScriptedAsker(script)
    outcome = start_session(home, options(), asker)
    asker.done()
    assert any(n.startswith("Your figures as of") for n in asker.notices)
    sections = [s for s in asker.sections if s.shared is not None]
    assert sections and all(s.self_review for s in sections)
    contexts = {p.key: p.context for p in asker.prompts}
    assert contexts["q:best-call"] == SELF_PRIVATE_NOTE
    assert contexts["summary"] == SELF_SHARED_NOTE
    assert not any("the rep" in c for c in contexts.values())
    assert outcome.note is not None  # the note's marks are the same words as a 1:1's
    assert "<!-- section: skills coaching shared -->" in outcome.note.read_text("utf-8")


def test_a_section_marked_shared_by_hand_is_shared(home: Home, tmp_path: Path) -> None:
    asker = ScriptedAsker(list(FULL))
    outcome = start_session(home, options(), asker)
    assert outcome.note is not None
    text = outcome.note.read_text("utf-8")
    text = text.replace("<!-- section: numbers performance private -->",
                        "<!-- section: numbers performance shared -->")  # fmt: skip
    parts = shared_parts(from_markdown(text))
    assert [s.title for s in parts.sections] == ["Numbers", "Skills"]
