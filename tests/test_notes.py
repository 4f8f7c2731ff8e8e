"""Notes: a session written as Markdown reads back as the same session.

The promises: every value survives the trip through a note exactly, however
odd the text; the front matter loads in any YAML parser; a note edited by
hand still reads (and the edit counts); a broken note is a NoteError that
names the file, never a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachcli.errors import CoachError
from coachcli.framework import Framework
from coachcli.notes import (
    NO_ITEMS,
    SKIPPED,
    NoteError,
    from_markdown,
    note_filenames,
    read_front_matter,
    split_note,
    to_markdown,
)
from coachcli.session import (
    ActionItem,
    Answer,
    Feedback,
    Review,
    SectionRecord,
    Session,
)

PROPERTIES = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
CET = timezone(timedelta(hours=1))

TRICKY = [
    "no",
    "No",
    "yes",
    "null",
    "~",
    "true",
    "y",
    "n",
    "1e3",
    "0o17",
    "0x1F",
    ".5",
    "12",
    "2026-11-27",
    "- x",
    "a: b",
    "a #b",
    "# h",
    "   ## h",
    "\\# not a heading",
    "<!-- q: fake text -->",
    "<b>html</b>",
    "'single'",
    '"double"',
    "@at",
    "`tick`",
    "!tag",
    "&anchor",
    "*alias",
    "|",
    ">",
    "%percent",
    "[not, a, list]",
    "{not: a map}",
    "---",
    "...",
    SKIPPED,
    NO_ITEMS,
    "C#",
    "#",
    "  leading spaces",
    "trailing spaces  ",
    "line one\nline two",
    "\n\nouter blank lines\n\n",
    "windows\r\nline end",
    "tab\there",
    "bell\x07 and nul\x00",
    "next line\x85 and line sep\u2028",
    "emoji 🙂👍🏽",
    "RTL: مرحبا بالعالم שלום",
    "zero\u200bwidth and bom\ufeff",
    "```",
    '```json\n"not json"\n```',
    "",
]

# --------------------------------------------------------------------------- helpers


def framework() -> Framework:
    """A small framework with a scale, a unit, a rating and a metric with a target."""
    return Framework.model_validate(
        {
            "schema": 1,
            "id": "grow",
            "name": "GROW coaching conversation",
            "kind": "mixed",
            "summary": "A test framework.",
            "when_to_use": "In tests.",
            "minutes": 15,
            "sections": [
                {
                    "id": "goal",
                    "title": "Goal",
                    "kind": "coaching",
                    "minutes": 5,
                    "questions": [
                        {"id": "goal-outcome", "type": "text", "prompt": "What do you want?"},
                        {
                            "id": "goal-confidence",
                            "type": "scale",
                            "prompt": "How confident are you?",
                            "labels": ["Not at all", "A bit", "Somewhat", "Mostly", "Fully"],
                        },
                    ],
                },
                {
                    "id": "numbers",
                    "title": "Numbers",
                    "kind": "performance",
                    "minutes": 10,
                    "questions": [
                        {
                            "id": "meetings",
                            "type": "number",
                            "prompt": "Meetings booked?",
                            "unit": "meetings",
                        }
                    ],
                },
            ],
            "ratings": [
                {
                    "id": "discovery",
                    "name": "Discovery",
                    "anchors": [
                        "Never asks",
                        "Rarely",
                        "Sometimes",
                        "Asks open questions",
                        "Always",
                    ],
                }
            ],
            "metrics": [
                {
                    "id": "calls",
                    "name": "Calls made",
                    "unit": "calls",
                    "indicator": "leading",
                    "target": 50,
                }
            ],
        }
    )


def rich_session(**changes: Any) -> Session:
    """A session using every answer type and every part of the record."""
    sections = [
        SectionRecord(
            id="goal",
            title="Goal",
            kind="coaching",
            planned_minutes=5,
            seconds=320,
            answers=[
                Answer(
                    id="goal-outcome",
                    prompt="What do you want?",
                    type="text",
                    value="Better discovery calls.\n\nEspecially with CFOs: they say 'no'.",
                ),
                Answer(
                    id="goal-confidence", prompt="How confident are you?", type="scale", value=4
                ),
                Answer(id="goal-skill", prompt="Which stage?", type="choice", value="Discovery"),
                Answer(
                    id="goal-areas",
                    prompt="Which areas?",
                    type="multi",
                    value=["Discovery", "Closing"],
                ),
                Answer(id="goal-ready", prompt="Ready to practise?", type="yesno", value=True),
                Answer(id="goal-blocked", prompt="Blocked?", type="yesno", value=False),
                Answer(id="goal-skipped", prompt="Anything else?", type="text", value=None),
            ],
        ),
        SectionRecord(
            id="numbers",
            title="Numbers",
            kind="performance",
            planned_minutes=10,
            seconds=601,
            answers=[
                Answer(id="meetings", prompt="Meetings booked?", type="number", value=12.5),
                Answer(id="deals", prompt="Deals open?", type="number", value=7),
                Answer(
                    id="slipped",
                    prompt="Which deals slipped?",
                    type="list",
                    value=["Acme Corp", "Globex: renewal", "Ünïcödé GmbH"],
                ),
                Answer(id="nothing", prompt="Lost deals?", type="list", value=[]),
                Answer(id="no-number", prompt="Pipeline?", type="number", value=None),
            ],
        ),
        SectionRecord(id="empty", title="Wrap-up", kind="coaching", planned_minutes=0),
    ]
    fields: dict[str, Any] = {
        "rep": "Zoë O'Brien-Ångström",
        "rep_slug": "zoe-obrien-angstrom",
        "manager": "Sam Rivera",
        "started": datetime(2026, 11, 27, 10, 2, 13, tzinfo=CET),
        "ended": datetime(2026, 11, 27, 10, 33, 40, tzinfo=CET),
        "framework": "grow",
        "framework_name": "GROW coaching conversation",
        "framework_version": "1",
        "kind": "mixed",
        "sections": sections,
        "ratings": {"discovery": 4},
        "metrics": {"calls": 42.0, "coverage": 2.75},
        "feedback": [
            Feedback(
                template="sbi",
                name="Situation-Behaviour-Impact",
                style="positive",
                slots={"situation": "In the Acme call", "behaviour": "you paused", "impact": "x"},
                text="In the Acme call, you paused.\nThe buyer opened up.",
            )
        ],
        "actions": [
            ActionItem(id="k3f9q", text="Send the proposal", due=date(2026, 12, 4)),
            ActionItem(
                id="m2x7p",
                text="Review call notes",
                owner="manager",
                due=date(2026, 12, 1),
                status="done",
            ),
            ActionItem(id="z9z9z", text="Call the CFO", due=date(2026, 12, 2), status="dropped"),
        ],
        "reviews": [
            Review(action="ab12c", text="Book the demo", outcome="done"),
            Review(
                action="cd34e",
                text="Send the case study",
                outcome="not-done",
                comment="waiting for legal",
            ),
            Review(action="ef56g", text="Call the CFO", outcome="dropped"),
        ],
        "summary": "Discovery is the focus.\nPractise on two calls.",
        "tags": ["mixed", "grow", "1:1"],
    }
    fields.update(changes)
    return Session(**fields)


def session_with_answer(answer: Answer) -> Session:
    return rich_session(
        sections=[
            SectionRecord(id="s", title="S", kind="coaching", planned_minutes=5, answers=[answer])
        ]
    )


def front(text: str) -> dict[str, Any]:
    """The front matter through plain PyYAML, as any other tool would read it."""
    match = re.match(r"---\n(.*?)\n---\n", text, re.DOTALL)
    assert match, "the note does not start with a front matter block"
    data = yaml.safe_load(match.group(1))
    assert isinstance(data, dict)
    return data


def answer_of(session: Session, qid: str) -> Answer:
    return next(a for s in session.sections for a in s.answers if a.id == qid)


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


# --------------------------------------------------------------------------- round trip


@pytest.mark.parametrize("with_framework", [False, True])
def test_a_rich_session_round_trips(with_framework: bool) -> None:
    session = rich_session()
    text = to_markdown(session, framework() if with_framework else None)
    assert from_markdown(text, "alex.md") == session


def test_reading_and_writing_again_gives_the_same_text() -> None:
    text = to_markdown(rich_session(), framework())
    assert to_markdown(from_markdown(text), framework()) == text


@pytest.mark.parametrize("tricky", TRICKY)
def test_tricky_text_round_trips_everywhere(tricky: str) -> None:
    session = rich_session(
        rep=tricky,
        manager=tricky,
        summary=tricky,
        tags=[tricky, "grow"],
        ratings={tricky: 3},
        metrics={tricky: 1.5},
        sections=[
            SectionRecord(
                id=tricky,
                title=tricky,
                kind="coaching",
                planned_minutes=5,
                answers=[
                    Answer(id="t", prompt=tricky, type="text", value=tricky),
                    Answer(id="c", prompt="Choice", type="choice", value=tricky),
                    Answer(id="l", prompt="List", type="list", value=[tricky, "plain"]),
                    Answer(id="m", prompt="Multi", type="multi", value=[tricky]),
                    Answer(id=tricky or "e", prompt="Odd id", type=tricky or "t", value=tricky),
                ],
            )
        ],
        actions=[ActionItem(id=tricky, text=tricky, due=date(2026, 12, 4))],
        reviews=[Review(action=tricky, text=tricky, outcome="not-done", comment=tricky)],
        feedback=[
            Feedback(template=tricky, name=tricky, style=tricky, slots={"s": tricky}, text=tricky)
        ],
    )
    text = to_markdown(session)
    assert from_markdown(text) == session
    data = front(text)
    assert data["rep"] == tricky
    assert data["summary"] == tricky
    assert data["tags"] == [tricky, "grow"]


def test_every_front_matter_value_is_on_one_line() -> None:
    session = rich_session(rep="two\nlines", summary="a\n\n  b\n")
    frontmatter, _ = split_note(to_markdown(session))
    assert 'rep: "two\\nlines"' in frontmatter.splitlines()
    assert all(re.match(r"( *- | *)[\w-]+:|- ", line) for line in frontmatter.splitlines())


@pytest.mark.parametrize("word", ["1e3", "0o17", "y", "N", ".5", "+.inf"])
def test_values_a_yaml_1_2_parser_would_read_as_numbers_are_quoted(word: str) -> None:
    frontmatter, _ = split_note(to_markdown(rich_session(rep=word)))
    assert f"rep: '{word}'" in frontmatter.splitlines()


# --------------------------------------------------------------------------- front matter


def test_front_matter_loads_with_plain_yaml_and_has_what_tools_need() -> None:
    data = front(to_markdown(rich_session()))
    assert list(data)[:14] == [
        "schema",
        "rep",
        "rep_slug",
        "manager",
        "date",
        "started",
        "ended",
        "duration_minutes",
        "framework",
        "framework_name",
        "framework_version",
        "kind",
        "tags",
        "summary",
    ]
    assert data["schema"] == 1
    assert data["rep"] == "Zoë O'Brien-Ångström"
    assert data["date"] == date(2026, 11, 27)
    assert data["started"] == "2026-11-27T10:02:13+01:00"
    assert data["ended"] == "2026-11-27T10:33:40+01:00"
    assert data["duration_minutes"] == 31
    assert data["framework"] == "grow"
    assert data["framework_version"] == "1"
    assert data["kind"] == "mixed"
    assert data["tags"] == ["mixed", "grow", "1:1"]
    assert data["summary"] == "Discovery is the focus.\nPractise on two calls."
    assert data["sections"][0] == {
        "id": "goal",
        "title": "Goal",
        "kind": "coaching",
        "planned_minutes": 5,
        "seconds": 320,
        "questions": [
            "goal-outcome",
            "goal-confidence",
            "goal-skill",
            "goal-areas",
            "goal-ready",
            "goal-blocked",
            "goal-skipped",
        ],
    }
    assert data["questions_asked"][:2] == ["goal-outcome", "goal-confidence"]
    assert len(data["questions_asked"]) == 12
    assert data["ratings"] == {"discovery": 4}
    assert data["metrics"] == {"calls": 42, "coverage": 2.75}
    assert data["actions"][0] == {
        "id": "k3f9q",
        "text": "Send the proposal",
        "owner": "rep",
        "due": date(2026, 12, 4),
        "status": "open",
    }
    assert data["reviews"][1] == {
        "action": "cd34e",
        "text": "Send the case study",
        "outcome": "not-done",
        "comment": "waiting for legal",
    }
    assert data["feedback"][0]["slots"]["behaviour"] == "you paused"
    assert data["feedback"][0]["style"] == "positive"
    # the answers themselves are in the body only
    assert "Better discovery calls" not in split_note(to_markdown(rich_session()))[0]


def test_read_front_matter_matches_plain_yaml() -> None:
    text = to_markdown(rich_session())
    assert read_front_matter(text, "alex.md") == front(text)


def test_front_matter_has_no_yaml_anchors_or_aliases() -> None:
    today = date(2026, 12, 4)  # one date object shared by two actions, as the engine does
    session = rich_session(
        actions=[
            ActionItem(id="a1", text="One", due=today),
            ActionItem(id="a2", text="Two", due=today),
        ]
    )
    assert session.actions[0].due is session.actions[1].due
    frontmatter, _ = split_note(to_markdown(session))
    assert frontmatter.count("due: 2026-12-04") == 2
    assert "&id" not in frontmatter
    assert "*id" not in frontmatter


def test_the_front_matter_is_read_with_a_safe_loader() -> None:
    text = to_markdown(rich_session()).replace(
        "manager: Sam Rivera", "manager: !!python/object/apply:os.getcwd []"
    )
    with pytest.raises(NoteError, match=r"^evil\.md: the front matter is not valid YAML"):
        read_front_matter(text, "evil.md")


# --------------------------------------------------------------------------- body


def test_body_is_written_for_people() -> None:
    text = to_markdown(rich_session(), framework())
    _, body = split_note(text)
    lines = body.splitlines()
    assert lines[0] == ""  # the blank line after the closing ---
    lines = lines[1:]
    assert lines[0] == "# Zoë O'Brien-Ångström · GROW coaching conversation · 27 Nov 2026"
    assert "> Discovery is the focus." in lines
    assert "> Practise on two calls." in lines
    assert "## Commitments from last time" in lines
    assert "- [x] Book the demo — done" in lines
    assert "- [ ] Send the case study — not done: waiting for legal" in lines
    assert "- ~~Call the CFO~~ — dropped" in lines
    assert "## 1. Goal · coaching · 5 min planned, 5:20 used" in lines
    assert "## 2. Numbers · performance · 10 min planned, 10:01 used" in lines
    assert "## 3. Wrap-up · coaching · 0 min planned, 0:00 used" in lines
    at = lines.index("### How confident are you?")
    assert lines[at + 1 : at + 3] == ["<!-- q: goal-confidence scale -->", "4 — Mostly"]
    at = lines.index("### What do you want?")
    assert lines[at + 1 : at + 5] == [
        "<!-- q: goal-outcome text -->",
        "Better discovery calls.",
        "",
        "Especially with CFOs: they say 'no'.",
    ]
    assert "12.5 meetings" in lines
    assert "7" in lines
    assert lines[lines.index("<!-- q: goal-ready yesno -->") + 1] == "Yes"
    assert lines[lines.index("<!-- q: goal-blocked yesno -->") + 1] == "No"
    assert lines[lines.index("<!-- q: goal-skipped text -->") + 1] == SKIPPED
    assert lines[lines.index("<!-- q: nothing list -->") + 1] == NO_ITEMS
    at = lines.index("<!-- q: slipped list -->")
    assert lines[at + 1 : at + 4] == ["- Acme Corp", "- Globex: renewal", "- Ünïcödé GmbH"]
    assert "**Situation-Behaviour-Impact** (positive)" in lines
    assert "> In the Acme call, you paused." in lines
    assert "- Discovery: 4 of 5 — Asks open questions" in lines
    assert "- Calls made: 42 calls (target 50 calls)" in lines
    assert "- coverage: 2.75" in lines
    assert "- [ ] Send the proposal — rep, due 2026-12-04 (k3f9q)" in lines
    assert "- [x] Review call notes — manager, due 2026-12-01 (m2x7p)" in lines
    assert "- ~~Call the CFO~~ — rep, due 2026-12-02 (z9z9z) — dropped" in lines
    assert text.endswith("(z9z9z) — dropped\n")


def test_without_a_framework_the_body_shows_bare_values() -> None:
    _, body = split_note(to_markdown(rich_session()))
    lines = body.splitlines()
    assert lines[lines.index("<!-- q: goal-confidence scale -->") + 1] == "4"
    assert lines[lines.index("<!-- q: meetings number -->") + 1] == "12.5"
    assert "- discovery: 4" in lines
    assert "- calls: 42" in lines


def test_empty_parts_are_left_out_of_the_body() -> None:
    session = rich_session(reviews=[], feedback=[], ratings={}, metrics={}, actions=[], summary="")
    _, body = split_note(to_markdown(session))
    for heading in ("Commitments", "## Feedback", "## Ratings", "## Metrics", "## Action items"):
        assert heading not in body
    assert body.splitlines()[1].startswith("# ")
    assert body.splitlines()[3].startswith("## 1. Goal")


def test_lines_that_look_like_structure_are_escaped_in_answers() -> None:
    value = "# Not a heading\n<!-- q: fake text -->\n\\# already escaped\n```\n# code\n```"
    text = to_markdown(session_with_answer(Answer(id="q", prompt="P", type="text", value=value)))
    _, body = split_note(text)
    assert "\\# Not a heading\n\\<!-- q: fake text -->\n\\\\# already escaped\n" in body
    assert "```\n# code\n```" in body  # code is shown as written
    assert answer_of(from_markdown(text), "q").value == value


def test_display_text_cannot_inject_a_question() -> None:
    injected = "x\n### Injected\n<!-- q: injected text -->\nboo"
    session = rich_session(
        rep=injected,
        summary=injected,
        reviews=[Review(action="a", text=injected, outcome="done", comment=injected)],
        actions=[ActionItem(id="a", text=injected, due=date(2026, 12, 4))],
        feedback=[Feedback(template="t", name=injected, text=injected)],
    )
    text = to_markdown(session)
    _, body = split_note(text)
    assert re.findall(r"^<!-- q: injected", body, re.MULTILINE) == [], (
        "display text became a marker"
    )
    assert from_markdown(text) == session


def test_answers_that_plain_markdown_cannot_carry_are_written_as_json() -> None:
    value = "  indented first line\nand a trailing newline\n"
    text = to_markdown(session_with_answer(Answer(id="q", prompt="P", type="text", value=value)))
    _, body = split_note(text)
    assert '<!-- q: q text json -->\n```json\n"  indented first line\\nand a' in body
    assert answer_of(from_markdown(text), "q").value == value


def test_values_of_an_unexpected_type_survive() -> None:
    answers = [
        Answer(id="a", prompt="A", type="text", value=5),
        Answer(id="b", prompt="B", type="scale", value="four"),
        Answer(id="c", prompt="C", type="yesno", value="maybe"),
        Answer(id="d", prompt="D", type="number", value=True),
        Answer(id="e", prompt="E", type="list", value="one"),
        Answer(id="f", prompt="F", type="scale", value=2.5),
        Answer(id="g", prompt="G", type="custom-type", value=["x"]),
    ]
    session = rich_session(
        sections=[
            SectionRecord(id="s", title="S", kind="coaching", planned_minutes=1, answers=answers)
        ]
    )
    back = from_markdown(to_markdown(session))
    for before, after in zip(session.sections[0].answers, back.sections[0].answers, strict=True):
        assert after.value == before.value
        assert type(after.value) is type(before.value)


def test_a_question_asked_twice_keeps_both_answers_in_order() -> None:
    session = rich_session(
        sections=[
            SectionRecord(
                id="s",
                title="S",
                kind="coaching",
                planned_minutes=1,
                answers=[
                    Answer(id="q", prompt="First", type="text", value="one"),
                    Answer(id="q", prompt="Second", type="text", value="two"),
                ],
            )
        ]
    )
    assert from_markdown(to_markdown(session)) == session


# --------------------------------------------------------------------------- hand edits


def test_editing_an_answer_by_hand_is_read_back() -> None:
    text = to_markdown(rich_session(), framework())
    text = replace_once(text, "Better discovery calls.\n", "Sharper discovery calls.\n")
    text = replace_once(
        text,
        "they say 'no'.\n",
        "they say 'no'.\n\nA paragraph added later,\nover two lines.\n",
    )
    text = replace_once(text, "4 — Mostly", "2")
    text = replace_once(text, "12.5 meetings", "1,200 meetings")
    text = replace_once(text, "- Globex: renewal\n", "- Globex: renewal\n* Initech\n")
    text = replace_once(
        text, "<!-- q: goal-ready yesno -->\nYes", "<!-- q: goal-ready yesno -->\nno"
    )
    text = replace_once(
        text, "<!-- q: goal-skipped text -->\n_(skipped)_", "<!-- q: goal-skipped text -->\nLater."
    )
    text = replace_once(text, "### Which stage?", "### Which stage of the sale?")
    back = from_markdown(text, "alex.md")
    assert answer_of(back, "goal-outcome").value == (
        "Sharper discovery calls.\n\nEspecially with CFOs: they say 'no'.\n\n"
        "A paragraph added later,\nover two lines."
    )
    assert answer_of(back, "goal-confidence").value == 2
    assert answer_of(back, "meetings").value == 1200
    assert answer_of(back, "slipped").value == [
        "Acme Corp",
        "Globex: renewal",
        "Initech",
        "Ünïcödé GmbH",
    ]
    assert answer_of(back, "goal-ready").value is False
    assert answer_of(back, "goal-skipped").value == "Later."
    assert answer_of(back, "goal-skill").prompt == "Which stage of the sale?"
    # everything else is untouched
    assert back.ratings == {"discovery": 4}
    assert back.actions == rich_session().actions


def test_deleting_an_answer_makes_it_skipped() -> None:
    text = to_markdown(rich_session())
    text = replace_once(
        text, "<!-- q: goal-skill choice -->\nDiscovery\n", "<!-- q: goal-skill choice -->\n"
    )
    assert answer_of(from_markdown(text), "goal-skill").value is None


def test_rewriting_a_json_answer_as_prose_is_read_as_prose() -> None:
    session = session_with_answer(Answer(id="q", prompt="P", type="text", value=" odd\n"))
    text = to_markdown(session)
    text = replace_once(text, '```json\n" odd\\n"\n```', "Plain words now.")
    assert answer_of(from_markdown(text), "q").value == "Plain words now."


def test_reordered_keys_new_properties_and_emptied_values_still_read() -> None:
    text = to_markdown(rich_session())
    frontmatter, body = split_note(text)
    data = yaml.safe_load(frontmatter)
    data["summary"] = None  # Obsidian writes `summary:` when a property is cleared
    data["aliases"] = ["Zoë 27 Nov"]  # a property added in Obsidian
    data["framework_version"] = 1  # re-typed as a number
    reordered = dict(reversed(list(data.items())))
    edited = "---\n" + yaml.safe_dump(reordered, sort_keys=False, allow_unicode=True)
    edited += "---\n" + body
    back = from_markdown(edited)
    assert back == rich_session(summary="", framework_version="1")


def test_windows_line_endings_and_a_byte_order_mark_are_read() -> None:
    text = to_markdown(rich_session())
    assert from_markdown("\ufeff" + text.replace("\n", "\r\n")) == rich_session()


def test_moving_a_question_block_in_the_body_keeps_the_front_matter_order() -> None:
    text = to_markdown(rich_session())
    block = "### Which stage?\n<!-- q: goal-skill choice -->\nDiscovery\n\n"
    text = replace_once(text, block, "")
    text = text.rstrip("\n") + "\n\n" + block
    assert from_markdown(text) == rich_session()


# --------------------------------------------------------------------------- broken notes


def good() -> str:
    return to_markdown(rich_session())


BROKEN = {
    "no front matter": ("# Just a heading\n\nSome text.\n", "no front matter"),
    "unclosed front matter": ("---\nrep: Alex\n\n# Body\n", "not closed"),
    "bad yaml": (
        good().replace("rep_slug: zoe-obrien-angstrom", "rep_slug: [unclosed"),
        "not valid YAML",
    ),
    "bad date": (good().replace("date: 2026-11-27", "date: 2026-13-45"), "not valid YAML"),
    "not a mapping": ("---\n- a\n- b\n---\n", "not a list"),
    "empty front matter": ("---\n---\nbody\n", "empty"),
    "missing rep": (good().replace("rep: Zoë O'Brien-Ångström\n", ""), "'rep' is missing"),
    "missing started": (
        good().replace("started: '2026-11-27T10:02:13+01:00'\n", ""),
        "'started' is missing",
    ),
    "ratings not a mapping": (
        good().replace("ratings:\n  discovery: 4", "ratings: high"),
        "ratings: expected 'name: value' entries, found 'high'",
    ),
    "rating not a number": (
        good().replace("  discovery: 4", "  discovery: great"),
        "ratings.discovery: expected a whole number, found 'great'",
    ),
    "unknown kind": (
        good().replace("kind: mixed", "kind: social"),
        "kind: expected coaching, performance",
    ),
    "bad action status": (
        good().replace("status: open", "status: maybe"),
        "actions.0.status",
    ),
    "schema 2": (good().replace("schema: 1", "schema: 2"), "note format 2"),
    "no schema": (good().replace("schema: 1\n", ""), "no 'schema' key"),
    "schema not a number": (good().replace("schema: 1", "schema: one"), "schema: expected"),
    "question list not a list": (
        good()
        .replace("questions: [goal-outcome,", "questions: {goal-outcome: 1,")
        .replace("goal-skipped]", "goal-skipped: 2}"),
        "sections.0.questions: expected a list of question ids",
    ),
    "answer block removed": (
        good().replace("<!-- q: goal-skill choice -->", ""),
        "question 'goal-skill' has no answer",
    ),
    "answer not in front matter": (
        good().replace("questions: [goal-outcome, ", "questions: ["),
        "no section in the front matter lists it",
    ),
    "bad number answer": (
        good().replace("<!-- q: meetings number -->\n12.5", "<!-- q: meetings number -->\ntwelve"),
        "the answer to 'meetings' should be a number",
    ),
    "bad scale answer": (
        good().replace(
            "<!-- q: goal-confidence scale -->\n4", "<!-- q: goal-confidence scale -->\nhigh"
        ),
        "should be a whole number",
    ),
    "bad yesno answer": (
        good().replace(
            "<!-- q: goal-ready yesno -->\nYes", "<!-- q: goal-ready yesno -->\nperhaps"
        ),
        "should be Yes or No",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_note_is_a_note_error_naming_the_file(case: str) -> None:
    text, expected = BROKEN[case]
    assert text != good()
    with pytest.raises(NoteError) as info:
        from_markdown(text, "reps/alex/2026-11-27-grow.md")
    error = info.value
    assert isinstance(error, CoachError)
    assert error.path == "reps/alex/2026-11-27-grow.md"
    assert error.message.startswith("reps/alex/2026-11-27-grow.md: ")
    assert expected in error.message


def test_a_newer_note_asks_to_upgrade() -> None:
    with pytest.raises(NoteError) as info:
        read_front_matter(good().replace("schema: 1", "schema: 2"), "new.md")
    assert info.value.hint is not None
    assert "Upgrade coachcli" in info.value.hint


def test_a_yaml_error_gives_the_line_in_the_file() -> None:
    text = good().replace("rep_slug: zoe-obrien-angstrom", "rep_slug: [unclosed")
    with pytest.raises(NoteError) as info:
        read_front_matter(text, "x.md")
    numbers = [int(n) for n in re.findall(r"line (\d+)", info.value.message)]
    assert numbers, info.value.message
    assert 3 <= numbers[0] <= 5  # rep_slug is on line 4; the parser may notice a line later


def test_an_answer_error_gives_the_line_of_its_marker() -> None:
    text = good().replace("<!-- q: meetings number -->\n12.5", "<!-- q: meetings number -->\nlots")
    line = text.splitlines().index("<!-- q: meetings number -->") + 1
    with pytest.raises(NoteError, match=rf"^x\.md: line {line}: the answer to 'meetings'"):
        from_markdown(text, "x.md")


@pytest.mark.parametrize(
    "text", ["", "---", "no front matter at all", "---\nrep: x\n", "---\n[1, 2]\n---\n"]
)
def test_read_front_matter_rejects_what_is_not_a_note(text: str) -> None:
    with pytest.raises(NoteError, match=r"^n\.md: "):
        read_front_matter(text, "n.md")


def test_split_note() -> None:
    assert split_note("---\na: 1\nb: 2\n---\n\n# Body\n") == ("a: 1\nb: 2\n", "\n# Body\n")
    assert split_note("---\r\na: 1\r\n---\r\nbody") == ("a: 1\n", "body")
    assert split_note("---\na: 1\n...\nbody\n") == ("a: 1\n", "body\n")
    with pytest.raises(NoteError, match=r"^<note>: no front matter"):
        split_note("# no front matter\n")


# --------------------------------------------------------------------------- file names


def note_filename(day: date, framework: str, taken: Callable[[str], bool]) -> str:
    return next(n for n in note_filenames(day, framework) if not taken(n))


def test_note_filename_is_date_and_framework() -> None:
    assert note_filename(date(2026, 11, 27), "grow", lambda name: False) == "2026-11-27-grow.md"


def test_note_filename_adds_a_suffix_when_taken() -> None:
    taken = {"2026-11-27-grow.md", "2026-11-27-grow-2.md", "2026-11-27-other.md"}
    asked: list[str] = []

    def is_taken(name: str) -> bool:
        asked.append(name)
        return name in taken

    assert note_filename(date(2026, 11, 27), "grow", is_taken) == "2026-11-27-grow-3.md"
    assert asked == ["2026-11-27-grow.md", "2026-11-27-grow-2.md", "2026-11-27-grow-3.md"]
    assert note_filename(date(2026, 11, 27), "other", is_taken) == "2026-11-27-other-2.md"


@pytest.mark.parametrize("bad", ["", "../grow", "a/b", "Grow", "-x"])
def test_note_filename_refuses_a_framework_id_that_is_not_safe(bad: str) -> None:
    with pytest.raises(ValueError):
        note_filename(date(2026, 11, 27), bad, lambda name: False)


# --------------------------------------------------------------------------- properties


@PROPERTIES
@given(st.text())
def test_any_text_answer_round_trips(value: str) -> None:
    session = session_with_answer(Answer(id="q", prompt="P", type="text", value=value))
    assert answer_of(from_markdown(to_markdown(session)), "q").value == value


@PROPERTIES
@given(st.text(), st.text(), st.lists(st.text(), max_size=4))
def test_any_prompt_choice_and_list_round_trip(prompt: str, choice: str, items: list[str]) -> None:
    session = rich_session(
        sections=[
            SectionRecord(
                id="s",
                title="S",
                kind="coaching",
                planned_minutes=1,
                answers=[
                    Answer(id="c", prompt=prompt, type="choice", value=choice),
                    Answer(id="l", prompt=prompt, type="list", value=items),
                ],
            )
        ]
    )
    assert from_markdown(to_markdown(session)) == session


@PROPERTIES
@given(
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
)
def test_any_number_scale_and_yesno_round_trip(level: int, number: float, yes: bool) -> None:
    answers = [
        Answer(id="goal-confidence", prompt="Scale", type="scale", value=level),
        Answer(id="meetings", prompt="Number", type="number", value=number),
        Answer(id="y", prompt="Yes?", type="yesno", value=yes),
    ]
    session = rich_session(
        sections=[
            SectionRecord(id="s", title="S", kind="coaching", planned_minutes=1, answers=answers)
        ]
    )
    assert from_markdown(to_markdown(session, framework())) == session


@PROPERTIES
@given(
    st.text(),
    st.text(),
    st.lists(st.text(), max_size=3),
    st.dictionaries(st.text(), st.integers(), max_size=3),
)
def test_any_front_matter_text_round_trips(
    name: str, summary: str, tags: list[str], ratings: dict[str, int]
) -> None:
    session = rich_session(rep=name, summary=summary, tags=tags, ratings=ratings)
    text = to_markdown(session)
    assert from_markdown(text) == session
    data = front(text)
    assert (data["rep"], data["summary"], data["tags"]) == (name, summary, tags)


@PROPERTIES
@given(st.data())
def test_a_damaged_note_reads_or_is_a_note_error(data: st.DataObject) -> None:
    text = to_markdown(rich_session(), framework())
    start = data.draw(st.integers(min_value=0, max_value=len(text)))
    end = data.draw(st.integers(min_value=start, max_value=min(len(text), start + 40)))
    damaged = text[:start] + data.draw(st.text(max_size=10)) + text[end:]
    try:
        from_markdown(damaged, "damaged.md")
    except NoteError as exc:
        assert exc.message.startswith("damaged.md: ")
