"""Note format 2 (docs/notes.md): one copy of everything, native in Obsidian, read as edited."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from coachcli.answers import start_from_file
from coachcli.frontmatter import split_parts
from coachcli.home import Home
from coachcli.notes import from_markdown, to_markdown
from coachcli.notes.scan import scan_body

from .helpers import MARKDOWNISH, Run, md_session

FRAMEWORK = Path(__file__).parent / "fixtures" / "frameworks" / "valid.toml"
ANSWERS = """
summary = "Strong week.\\n\\nNext: the **economic buyer**."
[answers]
calls-made = 42
forecast-call = "Behind"
slipped-deals = ["Acme renewal", "Globex pilot"]
confidence = 4
best-call = "The Initech call.\\nThey named the budget."
asked-for-help = true
skills-to-work-on = ["Discovery", "Closing"]
one-thing = "Ask for the economic buyer earlier"
[ratings]
discovery = 3
[metrics]
meetings = 6.5
[[feedback]]
template = "sbi"
situation = "the Initech call"
behaviour = "paused after asking about budget"
impact = "the buyer told you the real number"
[[actions]]
text = "Book a call with the CFO"
owner = "rep"
due = "+7d"
[[actions]]
text = "Share the pricing deck"
owner = "manager"
due = "+14d"
"""


@pytest.fixture
def home(coach_home: Home, tmp_path: Path) -> Home:
    coach_home.frameworks_dir.mkdir(parents=True)
    shutil.copy(FRAMEWORK, coach_home.frameworks_dir / "weekly-pipeline.toml")
    return coach_home


@pytest.fixture
def note(home: Home, tmp_path: Path) -> Path:
    answers = tmp_path / "answers.toml"
    answers.write_text(ANSWERS)
    outcome = start_from_file(home, "Alex Kim", answers, "weekly-pipeline")
    assert outcome.note is not None and outcome.session is not None
    return outcome.note


# --------------------------------------------------------------------------- the file


def test_every_property_is_one_obsidian_shows(note: Path) -> None:
    front = yaml.safe_load(split_parts(note.read_text(), str(note)).front)
    assert front["schema"] == 2
    assert isinstance(front["date"], date)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", front["start"])
    assert front["rep"] == "[[Alex Kim]]"
    assert front["rating-discovery"] == 3
    assert front["metric-meetings"] == 6.5
    assert front["minutes"] >= 0
    assert front["tags"] == ["mixed", "weekly-pipeline", "weekly", "pipeline"]
    for key, value in front.items():
        if isinstance(value, list):
            assert all(isinstance(item, str) for item in value), key  # a list of text
        else:  # text, number, checkbox, date
            assert isinstance(value, str | int | float | bool | date), key
    for word in ("Acme renewal", "Initech", "economic buyer", "Book a call"):
        assert word not in split_parts(note.read_text(), str(note)).front  # said once: in the body


def test_the_note_reads_back_as_themd_session(note: Path, home: Home) -> None:
    session = from_markdown(note.read_text(), str(note))
    values = {a.id: a.value for s in session.sections for a in s.answers}
    assert values == {
        "calls-made": 42,
        "forecast-call": "Behind",
        "slipped-deals": ["Acme renewal", "Globex pilot"],
        "confidence": 4,
        "best-call": "The Initech call.\nThey named the budget.",
        "asked-for-help": True,
        "skills-to-work-on": ["Discovery", "Closing"],
        "one-thing": "Ask for the economic buyer earlier",
    }
    assert session.summary == "Strong week.\n\nNext: the **economic buyer**."
    assert session.ratings == {"discovery": 3} and session.metrics == {"meetings": 6.5}
    assert [(a.text, a.owner, a.status) for a in session.actions] == [
        ("Book a call with the CFO", "rep", "open"),
        ("Share the pricing deck", "manager", "open"),
    ]
    assert session.feedback[0].text.startswith("In the Initech call, you paused")


def test_markdown_parsers_see_the_headings_and_the_tasks(note: Path) -> None:
    body = split_parts(note.read_text(), str(note)).body
    tokens = MarkdownIt("commonmark").parse(body)
    headings = [
        (t.tag, tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open"
    ]
    assert headings[0][0] == "h1"
    h2 = [text for tag, text in headings if tag == "h2"]
    assert h2 == ["Summary", "Numbers · performance", "Skills · coaching", "Wrap-up · coaching",
                  "Feedback", "Action items"]  # fmt: skip
    assert len([tag for tag, _ in headings if tag == "h3"]) == 8  # one per question
    items = [t.content for t in tokens if t.type == "inline" and t.content.startswith("[ ] ")]
    assert len(items) == 2 and all("📅" in item and "#owner/" in item for item in items)


# ------------------------------------------------------------------------ answers holding Markdown


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MARKDOWNISH, st.lists(MARKDOWNISH.filter(lambda s: "\n" not in s), max_size=4),
       MARKDOWNISH, MARKDOWNISH)  # fmt: skip
def test_answers_holding_markdown_never_break_the_note(
    text: str, items: list[str], summary: str, said: str
) -> None:
    session = md_session(text, items, summary, said)
    written = to_markdown(session)
    back = from_markdown(written)
    assert [a.value for s in back.sections for a in s.answers] == [text, items]
    assert back.summary == summary
    assert [f.text for f in back.feedback] == [said]
    assert [a.id for a in back.actions] == ["abc1234"]
    assert [(r.action, r.outcome) for r in back.reviews] == [("zzz9999", "not-done")]
    assert len(back.sections) == 1
    parts = split_parts(written, "<note>")
    assert scan_body(parts.body, parts.body_line).problems == []
    assert _task_items(parts.body) == 1  # as Markdown parsers and Obsidian Tasks see it


def _task_items(body: str) -> int:
    """List items a Markdown parser shows as tasks (text starting with a box)."""
    tokens = MarkdownIt("commonmark").parse(body)
    boxes = re.compile(r"\[[^\]]?\] ")
    return sum(
        1
        for i, t in enumerate(tokens)
        if t.type == "inline" and boxes.match(t.content) and i >= 2
        and tokens[i - 2].type == "list_item_open"
    )  # fmt: skip


def test_task_like_lines_in_answers_are_not_tasks() -> None:
    session = md_session(
        "- [ ] not a task\n* [x] nor this\n1. [ ] nor this", ["[ ] an item", "- [ ] another"],
        "- [-] a summary line", "- [ ] said in feedback",
    )  # fmt: skip
    written = to_markdown(session)
    parts = split_parts(written, "<note>")
    assert _task_items(parts.body) == 1
    back = from_markdown(written)
    assert [a.value for s in back.sections for a in s.answers] == [
        "- [ ] not a task\n* [x] nor this\n1. [ ] nor this",
        ["[ ] an item", "- [ ] another"],
    ]


# --------------------------------------------------------------------------- hand edits


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def test_a_corrected_answer_is_what_search_history_and_show_see(coach: Run, note: Path) -> None:
    _edit(note, "Ask for the economic buyer earlier", "Map the whole buying committee")
    assert "buying committee" in coach("search", "committee").stdout
    assert coach("search", "earlier", code=1).exit_code == 1
    assert "Map the whole buying committee" in coach("show", "Alex Kim").stdout


def test_a_date_corrected_in_the_properties_moves_the_session(coach: Run, note: Path) -> None:
    day = re.search(r"^date: (\S+)$", note.read_text(), re.MULTILINE)
    assert day is not None
    _edit(note, f"date: {day.group(1)}", "date: 2026-10-05")
    (listed,) = json.loads(coach("history", "Alex Kim", "--json").stdout)["sessions"]
    assert listed["date"] == "2026-10-05"
    _edit(note, "date: 2026-10-05", "date: next tuesday")
    result = coach("history", "Alex Kim")
    assert f"{note.name}: date: expected a date like 2026-11-27, found 'next tuesday'" in (
        " ".join(result.stderr.split())
    )


def _actions(coach: Run, *args: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(coach("actions", *args, "--json").stdout)["actions"]
    return found


def test_a_box_ticked_by_hand_is_done_and_a_dropped_one_dropped(coach: Run, note: Path) -> None:
    first, second = _actions(coach)
    _edit(note, f"- [ ] {first['text']}", f"- [x] {first['text']}")
    _edit(note, f"- [ ] {second['text']}", f"- [-] {second['text']}")
    assert _actions(coach) == []
    closed = {a["id"]: a["status"] for a in _actions(coach, "--all")}
    assert closed == {first["id"]: "done", second["id"]: "dropped"}


def test_a_due_date_edited_in_the_line_is_the_new_due_date(coach: Run, note: Path) -> None:
    first = _actions(coach)[0]
    _edit(note, f"📅 {first['due']}", "📅 2030-01-31")
    assert {a["id"]: a["due"] for a in _actions(coach)}[first["id"]] == "2030-01-31"


def test_actions_done_changes_exactly_that_task_line(coach: Run, note: Path) -> None:
    before = note.read_text().split("\n")
    first = _actions(coach)[0]
    coach("actions", "done", first["id"], "-m", "booked for Tuesday")
    after = note.read_text().split("\n")
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b]
    (index,) = changed[:1]
    assert before[index].startswith("- [ ] ") and after[index].startswith("- [x] ")
    assert "✅ " in after[index] and f"^{first['id']}" in after[index]
    assert after[:index] == before[:index]
    assert after[index + 1].strip().endswith("done: booked for Tuesday")
    assert after[index + 2 :] == before[index + 1 :]
    done = {a["id"]: a for a in _actions(coach, "--all")}[first["id"]]
    assert done["status"] == "done" and done["comment"] == "booked for Tuesday"
    coach("actions", "reopen", first["id"])
    assert "- [ ] " + first["text"] in note.read_text()


def test_a_mangled_task_line_warns_with_file_and_line_and_the_rest_is_read(
    coach: Run, note: Path
) -> None:
    first, second = _actions(coach)
    _edit(note, f"📅 {first['due']}", "📅 2026-13-45")
    result = coach("actions")
    line = next(
        i for i, text in enumerate(note.read_text().split("\n"), start=1) if "2026-13-45" in text
    )
    assert f"{note}: line {line}:" in result.stderr
    assert second["id"] in result.stdout
