"""A note's front matter: split one way, checked one way, by every reader.

The promises: the body starts at the line the split says (whatever the line
ends and the odd first lines); splitting needs no YAML parser; a note the
index warns about is one the note reader rejects, with the same words; the
check is lenient where hand edits are harmless and names the key where they
are not.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml

from coachcli.frontmatter import NOTE_SCHEMA, NoteError, read_note
from coachcli.index import rows_from_front_matter
from coachcli.notes import from_markdown, to_markdown
from coachcli.properties import check_properties
from coachcli.session import ActionItem, Answer, Feedback, Review, SectionRecord, Session

CET = timezone(timedelta(hours=1))

NOTE_PIECES = {
    "start": ["---\n", "---  \n", "\ufeff---\n", "--- x\n", "", "---"],
    "front": [
        "schema: 1\nrep: A\n",
        "schema: 1\r\nrep: 'B: c'\r\n",
        "schema: 2\n",
        "schema: '1'\n",
        "rep: A\n",
        "schema: 1\nrep: [A\n",
        "- a\n",
        "",
        "schema: 1\ndate: 2026-13-45\n",
        "schema: 1\n---x: 1\n",
    ],
    "end": ["---\n", "...\n", "---", "--- \n", "", "----\n"],
    "body": ["\n# Title\nline\n", "# Title\n", "", "\n\n\nx", "---\nmore\n"],
}


@pytest.mark.parametrize("start", NOTE_PIECES["start"])
@pytest.mark.parametrize("front", NOTE_PIECES["front"])
def test_the_body_starts_at_the_line_the_split_says(start: str, front: str) -> None:
    for end in NOTE_PIECES["end"]:
        for body_text in NOTE_PIECES["body"]:
            text = start + front + end + body_text
            try:
                data, body, line = read_note(text, "n.md")
            except NoteError as exc:
                assert exc.message.startswith("n.md: "), text
                assert exc.path == "n.md"
                continue
            assert isinstance(data, dict) and 1 <= data["schema"] <= NOTE_SCHEMA, text
            lines = text.removeprefix("\ufeff").replace("\r\n", "\n").split("\n")
            if body:
                assert "\n".join(lines[line - 1 :]) == body, text


def test_splitting_needs_no_yaml_parser() -> None:
    code = (
        "import sys\n"
        "from coachcli.frontmatter import split_note\n"
        "assert split_note('---\\nrep: A\\n---\\nbody') == ('rep: A\\n', 'body')\n"
        "print('yaml' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split() == ["False"], result.stderr


# --------------------------------------------------------------------------- one check


def session(**changes: Any) -> Session:
    started = datetime(2026, 3, 1, 10, 0, tzinfo=CET)
    fields: dict[str, Any] = {
        "rep": "Alex Kim",
        "rep_slug": "alex-kim",
        "manager": "Sam Rivera",
        "started": started,
        "ended": started + timedelta(minutes=30),
        "framework": "grow",
        "framework_name": "GROW",
        "framework_version": "1",
        "kind": "mixed",
        "sections": [
            SectionRecord(
                id="goal",
                title="Goal",
                kind="coaching",
                planned_minutes=10,
                seconds=600,
                answers=[Answer(id="goal-topic", prompt="What?", type="text", value="Discovery")],
            )
        ],
        "ratings": {"discovery": 3},
        "metrics": {"calls": 42.0},
        "feedback": [Feedback(template="sbi", name="SBI", slots={"s": "x"}, text="Well done.")],
        "actions": [ActionItem(id="a1", text="Send it", due=date(2026, 3, 8))],
        "reviews": [Review(action="a0", text="Call", outcome="done")],
        "tags": ["mixed", "grow"],
    }
    fields.update(changes)
    return Session(**fields)


def edited(changes: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The note of ``session()`` with its front matter changed (``...``: key removed)."""
    data, body, _ = read_note(to_markdown(session()), "n.md")
    data.update(changes)
    data = {k: v for k, v in data.items() if v is not ...}
    text = "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True) + "---\n\n" + body
    return text, data


@pytest.mark.parametrize(
    "changes",
    [
        {"rep": ...},
        {"kind": "chat"},
        {"started": "yesterday"},
        {"ratings": {"discovery": "high"}},
        {"metrics": [1]},
        {"sections": [{"id": "goal", "kind": "coaching", "questions": "goal-topic"}]},
        {"actions": [{"id": "a1", "text": "t", "due": "soon"}]},
        {"reviews": [{"action": "a0", "outcome": "maybe"}]},
        {"feedback": [{"name": "SBI", "slots": {"s": 1}}]},
        {"tags": [["grow"]]},
        {"tags": {"grow": 1}},
        {"manager": ["Sam"]},
        {"framework_version": [1]},
    ],
)
def test_the_index_and_the_note_reader_reject_a_note_in_the_same_words(
    changes: dict[str, Any],
) -> None:
    text, data = edited(changes)
    with pytest.raises(NoteError) as by_index:
        rows_from_front_matter(data, Path("n.md"), "alex-kim")
    with pytest.raises(NoteError) as by_reader:
        from_markdown(text, "n.md")
    assert by_index.value.message == by_reader.value.message
    assert by_index.value.message.startswith("n.md: ")


def test_hand_edits_that_harm_nothing_still_read() -> None:
    text, _ = edited(
        {
            "ended": ...,
            "duration_minutes": 45,
            "framework_version": 2.1,  # re-typed as a number
            "framework_name": None,  # emptied in Obsidian
            "manager": None,
            "tags": 2026,  # a single tag, typed as a number
            "aliases": ["Alex 1 Mar"],  # a property added in Obsidian
            "feedback": [{"text": "Well done.", "colour": "green"}],
        }
    )
    note = from_markdown(text, "n.md")
    assert note.ended == note.started + timedelta(minutes=45)
    assert note.duration_minutes == 45
    assert (note.framework_version, note.framework_name, note.manager) == ("2.1", "", "")
    assert note.tags == ["2026"]
    for tags, read in [("grow", ["grow"]), (["q4", 2026], ["q4", "2026"]), (None, [])]:
        text, _ = edited({"tags": tags})
        assert from_markdown(text, "n.md").tags == read
    assert note.feedback == [Feedback(template="", name="", text="Well done.")]
    assert note.sections == session().sections


def test_the_check_names_the_section_and_the_feedback_slot() -> None:
    _, data = edited({"feedback": [{"slots": {"situation": ["a"]}}]})
    with pytest.raises(NoteError, match=r"feedback\.0\.slots\.situation: expected text"):
        check_properties(data, "n.md")
    _, data = edited({"sections": [{"kind": "coaching", "title": 7}]})
    with pytest.raises(NoteError, match=r"sections\.0\.title: expected text, found 7"):
        check_properties(data, "n.md")
