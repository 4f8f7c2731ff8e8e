"""A note's front matter: split one way, checked one way, by every reader.

The promises: the body starts at the line the split says (whatever the line
ends and the odd first lines); splitting needs no YAML parser; a note the
index warns about is one the note reader rejects, with the same words, in
format 2 (coachcli.properties, and the body's parts) and in format 1
(coachcli.properties_v1); each check is lenient where hand edits are
harmless and names the key where they are not.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml

from coachcli import properties_v1
from coachcli.frontmatter import NOTE_SCHEMA, NoteError, read_note
from coachcli.index.rows import read_note_rows
from coachcli.notes import from_markdown, to_markdown
from coachcli.properties import check_properties
from coachcli.session import ActionItem, Answer, Feedback, Review, SectionRecord, Session

CET = timezone(timedelta(hours=1))
V1_NOTE = (
    Path(__file__).parent / "fixtures" / "home_v1" / "reps" / "alex-haddad" / "2026-03-03-grow.md"
)
"""A format-1 note written by coachcli 0.1 (coach writes only format 2 now)."""

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


def _edit(text: str, changes: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    data, body, _ = read_note(text, "n.md")
    data.update(changes)
    data = {k: v for k, v in data.items() if v is not ...}
    text = "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True) + "---\n\n" + body
    return text, data


def edited(changes: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The (format-2) note of ``session()`` with its properties changed (``...``: key removed)."""
    return _edit(to_markdown(session()), changes)


def edited_v1(changes: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The format-1 note :data:`V1_NOTE` with its front matter changed (``...``: key removed)."""
    return _edit(V1_NOTE.read_text(encoding="utf-8"), changes)


def rejected_alike(text: str) -> str:
    """The words the index and the note reader both reject ``text`` (the file n.md) in."""
    with pytest.raises(NoteError) as by_index:
        read_note_rows(text, Path("n.md"), "alex-kim")
    with pytest.raises(NoteError) as by_reader:
        from_markdown(text, "n.md")
    assert by_index.value.message == by_reader.value.message
    assert by_index.value.message.startswith("n.md: ")
    return by_index.value.message


# Every key the format-2 check reads, with a wrong value, and the words that say so.
WRONG_PROPERTIES = [
    ({"rep": ...}, "the key 'rep' is missing"),
    ({"rep": ["Alex Kim"]}, "rep: expected text, found a list"),
    ({"start": ...}, "the key 'start' is missing"),
    ({"start": "yesterday"}, "start: expected a date and time like 2026-11-27T10:00"),
    ({"start": 1030}, "start: expected a date and time like 2026-11-27T10:00, found 1030"),
    ({"manager": ["Sam"]}, "manager: expected text, found a list"),
    ({"framework": ...}, "the key 'framework' is missing"),
    ({"framework": 7}, "framework: expected text, found 7"),
    ({"framework_version": [1]}, "framework_version: expected text, found a list"),
    ({"kind": ...}, "the key 'kind' is missing"),
    ({"kind": "chat"}, "kind: expected coaching, performance or mixed, found 'chat'"),
    ({"minutes": "long"}, "minutes: expected a whole number, found 'long'"),
    ({"minutes": 30.5}, "minutes: expected a whole number, found 30.5"),
    ({"coaching_minutes": "most"}, "coaching_minutes: expected a number, found 'most'"),
    ({"performance_minutes": [1]}, "performance_minutes: expected a number, found a list"),
    ({"rating-discovery": "high"}, "rating-discovery: expected a whole number, found 'high'"),
    ({"rating-discovery": 2.5}, "rating-discovery: expected a whole number, found 2.5"),
    ({"metric-calls": "many"}, "metric-calls: expected a number, found 'many'"),
    ({"metric-calls": True}, "metric-calls: expected a number, found True"),  # a checkbox
    ({"tags": [["grow"]]}, "tags: expected a list of tags, found a list"),
    ({"tags": {"grow": 1}}, "tags: expected a list of tags, found 'key: value' entries"),
    ({"schema": "two"}, "schema: expected a whole number such as 2, found 'two'"),
]


@pytest.mark.parametrize(("changes", "words"), WRONG_PROPERTIES)
def test_every_property_with_a_wrong_value_is_named_alike_by_the_index_and_the_reader(
    changes: dict[str, Any], words: str
) -> None:
    text, data = edited(changes)
    (key,) = changes
    message = rejected_alike(text)
    assert message.startswith(f"n.md: {words}"), message
    assert f"{key}: " in message or f"'{key}'" in message
    if key != "schema":  # checked as the note is loaded, before the properties
        with pytest.raises(NoteError) as checked:
            check_properties(data, "n.md")
        assert checked.value.message == message


# A body part broken by hand: (what, made into, a text on the line the words name, the words)
BROKEN_PARTS = {
    "mangled task line": (
        "📅 2026-03-08",
        "📅 2026-03-45",
        "2026-03-45",
        "the due date 2026-03-45",
    ),
    "task without its id": (" ^a1\n", "\n", "Send it", "a task without an id"),
    "task without a due date": (" 📅 2026-03-08", "", "Send it", "the action a1 has no due date"),
    "review marker removed": (
        " <!-- review: a0 private -->",
        "",
        "- done · Call",
        "a review without",
    ),
    "review of no outcome": ("- done · Call", "- sort of · Call", "- sort of", "a review should"),
    "section marker removed": (
        "<!-- section: goal coaching private -->\n",
        "",
        "## Goal · coaching",
        "answers under a heading without its <!-- section: ID KIND --> marker",
    ),
    "section of no kind": (
        "<!-- section: goal coaching private -->",
        "<!-- section: goal chat private -->",
        "## Goal · coaching",
        "a section's kind should be coaching or performance",
    ),
    "answer marker removed": (
        "<!-- q: goal-topic text -->\n",
        "",
        "### What?",
        "the question 'What?' has lost its <!-- q: ID TYPE --> marker",
    ),
    "answer below the action items": (
        "### What?\n<!-- q: goal-topic text -->\nDiscovery\n",
        "",
        "<!-- q: goal-topic text -->",
        "the answer to 'goal-topic' is not under a section",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN_PARTS))
def test_the_index_warns_about_a_broken_body_part_in_the_words_the_reader_refuses_it(
    case: str,
) -> None:
    old, new, at, words = BROKEN_PARTS[case]
    good = to_markdown(session())
    assert good.count(old) == 1, old
    text = good.replace(old, new)
    if case == "answer below the action items":
        text += "\n" + old
    line = next(n for n, line in enumerate(text.split("\n"), start=1) if at in line)
    indexed = read_note_rows(text, Path("n.md"), "alex-kim")
    assert len(indexed.problems) == 1, indexed.problems
    (problem,) = indexed.problems
    assert problem.startswith(f"line {line}: {words}"), problem
    assert indexed.row.rep == "Alex Kim"  # the rest of the note is read
    with pytest.raises(NoteError) as by_reader:
        from_markdown(text, "n.md")
    assert by_reader.value.message == f"n.md: {problem}."


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
def test_the_index_and_the_note_reader_reject_a_format_1_note_in_the_same_words(
    changes: dict[str, Any],
) -> None:
    text, data = edited_v1(changes)
    message = rejected_alike(text)
    (key,) = changes
    assert key in message
    with pytest.raises(NoteError) as checked:
        properties_v1.check_properties(data, "n.md")
    assert checked.value.message == message


def test_hand_edits_that_harm_nothing_still_read() -> None:
    text, _ = edited(
        {
            "rep": "[[people/alex-kim|Alex Kim]]",  # a link with a display name
            "start": "2026-03-01T10:00",  # as written: local time
            "minutes": 45.0,  # a whole number typed with a point
            "framework_version": 2.1,  # re-typed as a number
            "manager": None,  # emptied in Obsidian
            "coaching_minutes": None,
            "rating-discovery": 3.0,
            "rating-listening": None,  # an emptied rating is no rating
            "tags": 2026,  # a single tag, typed as a number
            "aliases": ["Alex 1 Mar"],  # a property added in Obsidian
            "date": None,
        }
    )
    note = from_markdown(text, "n.md")
    assert note.rep == "Alex Kim"
    assert note.started == datetime(2026, 3, 1, 10, 0).astimezone()
    assert note.ended == note.started + timedelta(minutes=45)
    assert note.duration_minutes == 45
    assert (note.framework_version, note.manager) == ("2.1", "")
    assert note.ratings == {"discovery": 3}
    assert note.tags == ["2026"]
    assert [a.value for s in note.sections for a in s.answers] == ["Discovery"]
    assert [f.text for f in note.feedback] == ["Well done."]
    row = read_note_rows(text, Path("n.md"), "alex-kim").row  # and the index reads the same
    assert (row.rep, row.started, row.duration_minutes) == ("Alex Kim", note.started, 45)
    assert (row.coaching_minutes, row.ratings) == (0.0, {"discovery": 3})
    for tags, read in [("grow", ["grow"]), (["q4", 2026], ["q4", "2026"]), (None, [])]:
        text, _ = edited({"tags": tags})
        assert from_markdown(text, "n.md").tags == read
    for rep in ("Alex Kim", "[[Alex Kim]]", " [[ Alex Kim ]] "):
        text, _ = edited({"rep": rep})
        assert from_markdown(text, "n.md").rep == "Alex Kim"
    for start, read in [
        (datetime(2026, 3, 1, 10, 0, tzinfo=CET), datetime(2026, 3, 1, 10, 0, tzinfo=CET)),
        ("2026-03-01T10:00:00+01:00", datetime(2026, 3, 1, 10, 0, tzinfo=CET)),
        (date(2026, 3, 1), datetime(2026, 3, 1).astimezone()),  # a date alone: its midnight
    ]:
        text, _ = edited({"start": start})
        assert from_markdown(text, "n.md").started == read


def test_hand_edits_that_harm_nothing_still_read_in_a_format_1_note() -> None:
    before = from_markdown(V1_NOTE.read_text(encoding="utf-8"), "n.md")
    text, _ = edited_v1(
        {
            "ended": ...,
            "duration_minutes": 45,
            "framework_version": 2.1,  # re-typed as a number
            "framework_name": None,  # emptied in Obsidian
            "manager": None,
            "tags": 2026,  # a single tag, typed as a number
            "aliases": ["Alex 3 Mar"],  # a property added in Obsidian
            "feedback": [{"text": "Well done.", "colour": "green"}],
        }
    )
    note = from_markdown(text, "n.md")
    assert note.ended == note.started + timedelta(minutes=45)
    assert note.duration_minutes == 45
    assert (note.framework_version, note.framework_name, note.manager) == ("2.1", "", "")
    assert note.tags == ["2026"]
    for tags, read in [("grow", ["grow"]), (["q4", 2026], ["q4", "2026"]), (None, [])]:
        text, _ = edited_v1({"tags": tags})
        assert from_markdown(text, "n.md").tags == read
    assert note.feedback == [Feedback(template="", name="", text="Well done.")]
    assert note.sections == before.sections


def test_the_format_1_check_names_the_section_and_the_feedback_slot() -> None:
    _, data = edited_v1({"feedback": [{"slots": {"situation": ["a"]}}]})
    with pytest.raises(NoteError, match=r"feedback\.0\.slots\.situation: expected text"):
        properties_v1.check_properties(data, "n.md")
    _, data = edited_v1({"sections": [{"kind": "coaching", "title": 7}]})
    with pytest.raises(NoteError, match=r"sections\.0\.title: expected text, found 7"):
        properties_v1.check_properties(data, "n.md")
