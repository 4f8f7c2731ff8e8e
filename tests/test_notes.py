"""Notes: a session written as Markdown (format 2) reads back as the same session.

The promises: everything said survives the trip through a note exactly,
however odd the text, and display text (a title, a name, a label) comes back
as the one line a person reads; the front matter holds flat properties that
load in any YAML parser; a note edited by hand still reads (and the edit
counts); a broken note is a NoteError that names the file (and the line, for
the body), never a traceback.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachcli.errors import CoachError
from coachcli.framework import Framework
from coachcli.frontmatter import join_note, split_parts
from coachcli.names import validate_name
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
from coachcli.notes.scan import scan_body
from coachcli.properties import rep_link
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
V1_NOTE = (
    Path(__file__).parent / "fixtures" / "home_v1" / "reps" / "alex-haddad" / "2026-03-03-grow.md"
)
"""A format-1 note written by coachcli 0.1: coach still reads them (and writes only format 2)."""

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
    # what a format-2 body means by its own lines
    "## Action items",
    "- [ ] task 📅 2026-12-01 #owner/rep ^abc1234",
    "- [x] done ✅ 2026-12-01",
    "📅 2026-12-04",
    "#owner/manager",
    "^abc1234",
    "<!-- section: x coaching -->",
    "<!-- review: x -->",
    "<!-- feedback: sbi positive private -->",
    "<!-- summary: json -->",
    "**bold**",
    "a · b",
    "a — b",
    "a|b",
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
                closed_on=date(2026, 11, 30),
            ),
            ActionItem(
                id="z9z9z",
                text="Call the CFO",
                due=date(2026, 12, 2),
                status="dropped",
                closed_on=date(2026, 11, 29),
            ),
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


def line_of(text: str, part: str) -> int:
    """The file's line number of the one line holding ``part``."""
    found = [n for n, line in enumerate(text.split("\n"), start=1) if part in line]
    assert len(found) == 1, f"{part!r} is on lines {found}"
    return found[0]


def kept(session: Session) -> Session:
    """``session`` as far as its note keeps it (format 2, docs/notes.md).

    A note does not keep the rep's folder name (the folder is the rep), the
    seconds of the start (``start`` is to the minute), a feedback statement's
    slots (the statement is kept) or each section's own timing (the note keeps
    the minutes by kind: see the minutes test). Comparing ``kept`` of both
    sides compares everything else.
    """
    start = session.started.replace(second=0, microsecond=0)
    return session.model_copy(
        update={
            "rep_slug": "",
            "started": start,
            "ended": start + timedelta(minutes=session.duration_minutes),
            "sections": [
                s.model_copy(update={"planned_minutes": 0, "seconds": 0}) for s in session.sections
            ],
            "feedback": [f.model_copy(update={"slots": {}}) for f in session.feedback],
        }
    )


def one_line(text: str) -> str:
    """Display text as a note shows it on one line: breaks and control characters are spaces."""
    return re.sub(r"\r\n|[\x00-\x1f\x7f-\x9f\u2028\u2029]", " ", text).strip()


def task_text(text: str) -> str:
    """An action's text as its task line holds it: one line, no blanks around it."""
    return re.sub(r"\r\n|[\r\n]", " ", text).strip(" \t")


def is_name(text: str) -> bool:
    """Whether coach takes ``text`` as a rep's name as it is (it refuses or cleans up the rest)."""
    try:
        return validate_name(text) == text
    except CoachError:
        return False


# --------------------------------------------------------------------------- round trip


@pytest.mark.parametrize("with_framework", [False, True])
def test_a_rich_session_round_trips(with_framework: bool) -> None:
    session = rich_session()
    text = to_markdown(session, framework() if with_framework else None)
    assert kept(from_markdown(text, "alex.md")) == kept(session)


def test_reading_and_writing_again_gives_the_same_text() -> None:
    text = to_markdown(rich_session(), framework())
    assert to_markdown(from_markdown(text), framework()) == text


def test_the_minutes_by_kind_are_kept_and_shared_by_the_sections_of_each_kind() -> None:
    session = rich_session()  # coaching: Goal 320 s, Wrap-up 0 s; performance: Numbers 601 s
    text = to_markdown(session)
    data = front(text)
    assert (data["minutes"], data["coaching_minutes"], data["performance_minutes"]) == (31, 5.3, 10)
    back = from_markdown(text)
    assert back.duration_minutes == 31
    seconds = {
        kind: sum(s.seconds for s in back.sections if s.kind == kind)
        for kind in ("coaching", "performance")
    }
    assert seconds == {"coaching": 318, "performance": 600}


@pytest.mark.parametrize("tricky", TRICKY)
def test_tricky_text_round_trips_everywhere(tricky: str) -> None:
    some_id = tricky or "x"  # ids are never empty: frameworks and coach make them
    rep = tricky if is_name(tricky) else "Alex Kim"  # coach takes no other name
    session = rich_session(
        rep=rep,
        manager=tricky,
        framework_version=tricky,
        summary=tricky,
        tags=[tricky, "grow"],
        ratings={some_id: 3},
        metrics={some_id: 1.5},
        sections=[
            SectionRecord(
                id=some_id,
                title=tricky,
                kind="coaching",
                planned_minutes=5,
                answers=[
                    Answer(id="t", prompt=tricky, type="text", value=tricky),
                    Answer(id="c", prompt="Choice", type="choice", value=tricky),
                    Answer(id="l", prompt="List", type="list", value=[tricky, "plain"]),
                    Answer(id="m", prompt="Multi", type="multi", value=[tricky]),
                    Answer(id=some_id, prompt="Odd id", type=tricky or "t", value=tricky),
                ],
            )
        ],
        actions=[ActionItem(id="k3f9q", text=tricky, due=date(2026, 12, 4))],
        reviews=[Review(action=some_id, text=tricky, outcome="not-done", comment=tricky)],
        feedback=[
            Feedback(
                template=some_id,
                name=tricky,
                style=tricky or "any",
                slots={"s": tricky},
                text=tricky,
            )
        ],
    )
    text = to_markdown(session)
    parts = split_parts(text, "<note>")
    assert scan_body(parts.body, parts.body_line).problems == []
    # display text comes back as the line a person reads (a section's title, a
    # template's name, a review's label and comment), an action's text as one task line
    shown = one_line(tricky)
    expected = session.model_copy(
        update={
            "sections": [
                s.model_copy(update={"title": shown or some_id}) for s in session.sections
            ],
            "feedback": [f.model_copy(update={"name": shown or some_id}) for f in session.feedback],
            "reviews": [
                r.model_copy(update={"text": shown.replace(" — ", " - "), "comment": shown})
                for r in session.reviews
            ],
            "actions": [a.model_copy(update={"text": task_text(a.text)}) for a in session.actions],
        }
    )
    assert kept(from_markdown(text)) == kept(expected)
    data = front(text)
    # a link to the rep's page; plain text when the name holds what ends a link
    assert data["rep"] == rep_link(rep)  # a link to the page, or the name as written
    assert data["manager"] == tricky
    assert data["framework_version"] == tricky
    assert data["tags"] == [tricky, "grow"]
    assert (data[f"rating-{some_id}"], data[f"metric-{some_id}"]) == (3, 1.5)


def test_every_front_matter_value_is_on_one_line() -> None:
    session = rich_session(manager="two\nlines", framework_version="a\n\n  b\n", tags=["c\nd"])
    frontmatter, _ = split_note(to_markdown(session))
    assert 'manager: "two\\nlines"' in frontmatter.splitlines()
    assert '- "c\\nd"' in frontmatter.splitlines()
    assert all(re.match(r"( *- | *)[\w-]+:|- ", line) for line in frontmatter.splitlines())


@pytest.mark.parametrize(
    "word", ["1e3", "0o17", "0x1F", ".5", "+.inf", "12", "y", "N", "yes", "No", "null", "~"]
)
def test_text_properties_a_yaml_parser_could_read_as_a_number_or_boolean_are_quoted(
    word: str,
) -> None:
    text = to_markdown(rich_session(manager=word, framework_version=word, tags=[word]))
    lines = split_note(text)[0].splitlines()
    assert f"manager: '{word}'" in lines
    assert f"framework_version: '{word}'" in lines
    assert f"- '{word}'" in lines
    data = front(text)
    assert (data["manager"], data["framework_version"], data["tags"]) == (word, word, [word])


# --------------------------------------------------------------------------- front matter


def test_front_matter_loads_with_plain_yaml_and_has_what_tools_need() -> None:
    session = rich_session()
    text = to_markdown(session)
    data = front(text)
    assert list(data) == [
        "schema",
        "date",
        "start",
        "rep",
        "manager",
        "framework",
        "framework_version",
        "kind",
        "minutes",
        "coaching_minutes",
        "performance_minutes",
        "neutral_minutes",
        "rating-discovery",
        "metric-calls",
        "metric-coverage",
        "tags",
    ]
    assert data["schema"] == 2
    assert data["date"] == date(2026, 11, 27)
    # local time, to the minute, as Obsidian writes a date-time property
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d", data["start"])
    assert datetime.fromisoformat(data["start"]).astimezone() == datetime(
        2026, 11, 27, 10, 2, tzinfo=CET
    )
    assert data["rep"] == "[[Zoë O'Brien-Ångström]]"
    assert data["manager"] == "Sam Rivera"
    assert data["framework"] == "grow"
    assert data["framework_version"] == "1"
    assert data["kind"] == "mixed"
    assert data["minutes"] == 31
    assert data["rating-discovery"] == 4
    assert (data["metric-calls"], data["metric-coverage"]) == (42, 2.75)
    assert data["tags"] == ["mixed", "grow", "1:1"]
    for key, value in data.items():  # flat: text, number, date or a list of text
        if isinstance(value, list):
            assert all(isinstance(item, str) for item in value), key
        else:
            assert isinstance(value, str | int | float | date), key
    # what was said is in the body only
    frontmatter = split_note(text)[0]
    for said in ("Better discovery", "Discovery is the focus", "Acme Corp", "In the Acme call",
                 "Send the proposal", "Book the demo", "waiting for legal"):  # fmt: skip
        assert said not in frontmatter


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
    frontmatter, body = split_note(to_markdown(session))
    assert body.count("📅 2026-12-04") == 2
    assert "&id" not in frontmatter
    assert "*id" not in frontmatter
    # nor does the writer of front matter, whatever objects the properties share
    tags = ["q4", "grow"]
    note = join_note({"date": today, "due": today, "tags": tags, "labels": tags}, "")
    assert "&" not in note and "*" not in note
    assert front(note) == {"date": today, "due": today, "tags": tags, "labels": tags}


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
    assert [line for line in lines if line.startswith("## ")] == [
        "## Summary",
        "## Commitments from last time",
        "## Goal · coaching",
        "## Numbers · performance",
        "## Wrap-up · coaching",
        "## Feedback",
        "## Action items",
    ]
    at = lines.index("## Summary")
    assert lines[at + 1 : at + 6] == [
        "<!-- summary: private -->",
        "",
        "Discovery is the focus.",
        "Practise on two calls.",
        "",
    ]
    at = lines.index("## Commitments from last time")
    assert lines[at + 1 : at + 5] == [
        "",
        "- done · Book the demo <!-- review: ab12c private -->",
        "- not done · Send the case study — waiting for legal <!-- review: cd34e private -->",
        "- dropped · Call the CFO <!-- review: ef56g private -->",
    ]
    assert lines[lines.index("## Goal · coaching") + 1] == "<!-- section: goal coaching private -->"
    at = lines.index("## Numbers · performance")
    assert lines[at + 1] == "<!-- section: numbers performance private -->"
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
    at = lines.index("**Situation-Behaviour-Impact**")
    assert lines[at + 1 : at + 4] == [
        "<!-- feedback: sbi positive private -->",
        "> In the Acme call, you paused.",
        "> The buyer opened up.",
    ]
    at = lines.index("## Action items")
    assert lines[at + 1 :] == [
        "<!-- actions: private -->",
        "",
        "- [ ] Send the proposal 📅 2026-12-04 #owner/rep ^k3f9q",
        "- [x] Review call notes 📅 2026-12-01 ✅ 2026-11-30 #owner/manager ^m2x7p",
        "- [-] Call the CFO 📅 2026-12-02 ❌ 2026-11-29 #owner/rep ^z9z9z",
    ]
    assert text.endswith(" ^z9z9z\n")
    # ratings and metrics are properties (numbers Obsidian shows), not body text
    frontmatter = split_note(text)[0].splitlines()
    assert "rating-discovery: 4" in frontmatter
    assert "metric-calls: 42" in frontmatter
    assert "metric-coverage: 2.75" in frontmatter
    assert "Discovery: 4" not in body and "Calls made" not in body


def test_without_a_framework_the_body_shows_bare_values() -> None:
    text = to_markdown(rich_session())
    frontmatter, body = split_note(text)
    lines = body.splitlines()
    assert lines[lines.index("<!-- q: goal-confidence scale -->") + 1] == "4"
    assert lines[lines.index("<!-- q: meetings number -->") + 1] == "12.5"
    assert "rating-discovery: 4" in frontmatter.splitlines()
    assert "metric-calls: 42" in frontmatter.splitlines()
    assert frontmatter == split_note(to_markdown(rich_session(), framework()))[0]


def test_empty_parts_are_left_out_of_the_body() -> None:
    session = rich_session(reviews=[], feedback=[], ratings={}, metrics={}, actions=[], summary="")
    frontmatter, body = split_note(to_markdown(session))
    for heading in ("## Summary", "## Commitments", "## Feedback", "## Action items"):
        assert heading not in body
    assert [
        key for key in front(to_markdown(session)) if key.startswith(("rating-", "metric-"))
    ] == []
    assert "tags:" in frontmatter
    assert body.splitlines()[1].startswith("# ")
    assert body.splitlines()[3] == "## Goal · coaching"


def test_lines_that_look_like_structure_are_escaped_in_answers() -> None:
    value = "# Not a heading\n<!-- q: fake text -->\n\\# already escaped\n```\n# code\n```"
    text = to_markdown(session_with_answer(Answer(id="q", prompt="P", type="text", value=value)))
    _, body = split_note(text)
    assert "\\# Not a heading\n\\<!-- q: fake text -->\n\\\\# already escaped\n" in body
    assert "```\n# code\n```" in body  # code is shown as written
    assert answer_of(from_markdown(text), "q").value == value


def test_display_text_cannot_inject_a_question_a_section_or_a_task() -> None:
    injected = (
        "x\n## Action items\n- [ ] fake 📅 2026-12-01 #owner/rep ^fake1\n### Injected\n"
        "<!-- q: injected text -->\n<!-- section: injected coaching -->\nboo"
    )
    session = rich_session(
        rep=injected,
        summary=injected,
        sections=[
            SectionRecord(
                id="s",
                title=injected,
                kind="coaching",
                planned_minutes=1,
                answers=[Answer(id="q", prompt=injected, type="text", value=injected)],
            )
        ],
        reviews=[Review(action="a", text=injected, outcome="done", comment=injected)],
        actions=[ActionItem(id="a", text=injected, due=date(2026, 12, 4))],
        feedback=[Feedback(template="t", name=injected, text=injected)],
    )
    text = to_markdown(session)
    _, body = split_note(text)
    for made_up in (r"<!-- q: injected", r"<!-- section: injected", r"### Injected"):
        assert re.findall(rf"^{made_up}", body, re.MULTILINE) == [], made_up
    assert re.findall(r"^## Action items$", body, re.MULTILINE) == ["## Action items"]
    parts = split_parts(text, "<note>")
    scanned = scan_body(parts.body, parts.body_line)
    assert scanned.problems == []
    assert [t.task.id for t in scanned.tasks] == ["a"]  # the fake task line is no action item
    shown = one_line(injected)
    expected = session.model_copy(
        update={
            "sections": [s.model_copy(update={"title": shown}) for s in session.sections],
            "reviews": [
                r.model_copy(update={"text": shown, "comment": shown}) for r in session.reviews
            ],
            "actions": [a.model_copy(update={"text": task_text(a.text)}) for a in session.actions],
            "feedback": [f.model_copy(update={"name": shown}) for f in session.feedback],
        }
    )
    assert kept(from_markdown(text)) == kept(expected)


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
    assert kept(from_markdown(to_markdown(session))) == kept(session)


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
    data["manager"] = None  # Obsidian writes `manager:` when a property is cleared
    data["metric-coverage"] = None  # a metric emptied in the Properties panel
    data["aliases"] = ["Zoë 27 Nov"]  # a property added in Obsidian
    data["framework_version"] = 1  # re-typed as a number
    reordered = dict(reversed(list(data.items())))
    changed = "---\n" + yaml.safe_dump(reordered, sort_keys=False, allow_unicode=True)
    changed += "---\n" + body
    back = from_markdown(changed)
    expected = rich_session(manager="", framework_version="1", metrics={"calls": 42.0})
    assert kept(back) == kept(expected)


def test_windows_line_endings_and_a_byte_order_mark_are_read() -> None:
    text = to_markdown(rich_session())
    assert kept(from_markdown("\ufeff" + text.replace("\n", "\r\n"))) == kept(rich_session())


def test_a_question_block_moved_in_the_body_is_read_where_it_now_stands() -> None:
    text = to_markdown(rich_session())
    block = "### Which stage?\n<!-- q: goal-skill choice -->\nDiscovery\n\n"
    text = replace_once(text, block, "")
    moved = replace_once(text, "## Wrap-up · coaching\n", block + "## Wrap-up · coaching\n")
    goal, numbers, _ = from_markdown(moved).sections
    assert "goal-skill" not in [a.id for a in goal.answers]
    assert numbers.answers[-1] == answer_of(rich_session(), "goal-skill")
    # below the action items it is under no section: said, with its line, never lost in silence
    at_end = text.rstrip("\n") + "\n\n" + block
    line = line_of(at_end, "<!-- q: goal-skill choice -->")
    with pytest.raises(NoteError, match=rf"^x\.md: line {line}: the answer to 'goal-skill' is not"):
        from_markdown(at_end, "x.md")


# --------------------------------------------------------------------------- broken notes


def good() -> str:
    return to_markdown(rich_session())


def edited(old: str, new: str, text: str | None = None) -> str:
    """``good()`` (or ``text``) with ``old``, a regular expression matching once, made ``new``."""
    text = good() if text is None else text
    assert len(re.findall(old, text, re.MULTILINE)) == 1, old
    return re.sub(old, new, text, flags=re.MULTILINE)


def broken_body(old: str, new: str, at: str, problem: str) -> tuple[str, str]:
    """A body part broken by hand, and the words (with the line of ``at``) that say so."""
    text = edited(old, new)
    return text, f"line {line_of(text, at)}: {problem}"


BROKEN = {
    "no front matter": ("# Just a heading\n\nSome text.\n", "no front matter"),
    "unclosed front matter": ("---\nrep: Alex\n\n# Body\n", "not closed"),
    "bad yaml": (edited("^manager: Sam Rivera$", "manager: [unclosed"), "not valid YAML"),
    "bad date": (edited("^date: 2026-11-27$", "date: 2026-13-45"), "not valid YAML"),
    "not a mapping": ("---\n- a\n- b\n---\n", "not a list"),
    "empty front matter": ("---\n---\nbody\n", "empty"),
    "missing rep": (edited("^rep: .*\n", ""), "'rep' is missing"),
    "missing start": (edited("^start: .*\n", ""), "'start' is missing"),
    "start not a time": (
        edited("^start: .*$", "start: after lunch"),
        "start: expected a date and time like 2026-11-27T10:00, found 'after lunch'",
    ),
    "minutes not a number": (
        edited("^minutes: 31$", "minutes: half an hour"),
        "minutes: expected a whole number, found 'half an hour'",
    ),
    "rating not a number": (
        edited("^rating-discovery: 4$", "rating-discovery: great"),
        "rating-discovery: expected a whole number, found 'great'",
    ),
    "rating not a whole number": (
        edited("^rating-discovery: 4$", "rating-discovery: 4.5"),
        "rating-discovery: expected a whole number, found 4.5",
    ),
    "metric not a number": (
        edited("^metric-calls: 42$", "metric-calls: lots"),
        "metric-calls: expected a number, found 'lots'",
    ),
    "unknown kind": (
        edited("^kind: mixed$", "kind: social"),
        "kind: expected coaching, performance",
    ),
    "tags not text": (edited("^- mixed$", "- [mixed]"), "tags: expected a list of tags"),
    "schema 3": (edited("^schema: 2$", "schema: 3"), "note format 3"),
    "no schema": (edited("^schema: 2\n", ""), "no 'schema' key"),
    "schema not a number": (edited("^schema: 2$", "schema: two"), "schema: expected"),
    "mangled task line": broken_body(
        "📅 2026-12-04",
        "📅 2026-12-45",
        "2026-12-45",
        "the due date 2026-12-45 is not a date: write it as YYYY-MM-DD",
    ),
    "task without its id": broken_body(
        " \\^k3f9q$", "", "Send the proposal", "a task without an id (^abc1234) is not tracked"
    ),
    "review marker removed": broken_body(
        " <!-- review: ab12c private -->",
        "",
        "Book the demo",
        "a review without its <!-- review: ID --> marker",
    ),
    "section marker removed": broken_body(
        "^<!-- section: goal coaching private -->\n",
        "",
        "## Goal · coaching",
        "answers under a heading without its <!-- section: ID KIND --> marker are not read",
    ),
    "section of no kind": broken_body(
        "<!-- section: goal coaching private -->",
        "<!-- section: goal chat private -->",
        "## Goal · coaching",
        "a section's kind should be coaching or performance",
    ),
    "answer marker removed": broken_body(
        "^<!-- q: goal-skill choice -->\n",
        "",
        "### Which stage?",
        "the question 'Which stage?' has lost its <!-- q: ID TYPE --> marker",
    ),
    "answer under no section": broken_body(  # the block moved below the action items
        "^(### Which stage\\?\n<!-- q: goal-skill choice -->\nDiscovery\n\n)([\\s\\S]*)",
        "\\2\n\\1",
        "<!-- q: goal-skill choice -->",
        "the answer to 'goal-skill' is not under a section",
    ),
    "bad number answer": broken_body(
        "^<!-- q: meetings number -->\n12.5$",
        "<!-- q: meetings number -->\ntwelve",
        "<!-- q: meetings number -->",
        "the answer to 'meetings' should be a number",
    ),
    "bad scale answer": broken_body(
        "^<!-- q: goal-confidence scale -->\n4$",
        "<!-- q: goal-confidence scale -->\nhigh",
        "<!-- q: goal-confidence scale -->",
        "the answer to 'goal-confidence' should be a whole number",
    ),
    "bad yesno answer": broken_body(
        "^<!-- q: goal-ready yesno -->\nYes$",
        "<!-- q: goal-ready yesno -->\nperhaps",
        "<!-- q: goal-ready yesno -->",
        "the answer to 'goal-ready' should be Yes or No",
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


def v1_note(old: str = "", new: str = "") -> str:
    """:data:`V1_NOTE`, with ``old`` (once in it) made ``new``."""
    text = V1_NOTE.read_text(encoding="utf-8")
    assert text.count(old) == 1 or not old, old
    return text.replace(old, new) if old else text


BROKEN_V1 = {
    "missing started": (
        "started: '2026-03-03T14:00:00+01:00'\n",
        "",
        "'started' is missing",
    ),
    "ratings not a mapping": (
        "ratings:\n  discovery: 2\n  objection-handling: 5\n  self-assessment: 3\n",
        "ratings: high\n",
        "ratings: expected 'name: value' entries, found 'high'",
    ),
    "rating not a number": (
        "  discovery: 2\n",
        "  discovery: great\n",
        "ratings.discovery: expected a whole number, found 'great'",
    ),
    "bad action status": ("  status: open", "  status: maybe", "actions.0.status"),
    "question list not a list": (
        "questions: [goal-topic, goal-skill]",
        "questions: {goal-topic: 1, goal-skill: 2}",
        "sections.0.questions: expected a list of question ids",
    ),
    "answer block removed": (
        "<!-- q: goal-skill choice -->",
        "",
        "question 'goal-skill' has no answer",
    ),
    "answer not in front matter": (
        "questions: [goal-topic, goal-skill]",
        "questions: [goal-topic]",
        "no section in the front matter lists it",
    ),
    "bad number answer": (
        "<!-- q: will-calls number -->\n22 calls",
        "<!-- q: will-calls number -->\nlots",
        "the answer to 'will-calls' should be a number",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN_V1))
def test_a_broken_format_1_note_is_a_note_error_naming_the_file(case: str) -> None:
    old, new, expected = BROKEN_V1[case]
    from_markdown(v1_note(), "2026-03-03-grow.md")  # it reads, unbroken
    with pytest.raises(NoteError) as info:
        from_markdown(v1_note(old, new), "reps/alex/2026-03-03-grow.md")
    assert info.value.path == "reps/alex/2026-03-03-grow.md"
    assert info.value.message.startswith("reps/alex/2026-03-03-grow.md: ")
    assert expected in info.value.message


def test_an_answer_edited_in_a_format_1_note_is_read_back() -> None:
    text = v1_note("<!-- q: will-calls number -->\n22 calls", "<!-- q: will-calls number -->\n25")
    text = text.replace("Email coverage voicemail", "Email the CFO, coverage voicemail")
    back = from_markdown(text, "n.md")
    assert answer_of(back, "will-calls").value == 25
    assert str(answer_of(back, "will-commit").value).startswith("Email the CFO, coverage")
    assert back.ratings == from_markdown(v1_note(), "n.md").ratings


def test_a_newer_note_asks_to_upgrade() -> None:
    with pytest.raises(NoteError) as info:
        read_front_matter(edited("^schema: 2$", "schema: 3"), "new.md")
    assert info.value.hint is not None
    assert "Upgrade coachcli" in info.value.hint


def test_a_yaml_error_gives_the_line_in_the_file() -> None:
    text = edited("^manager: Sam Rivera$", "manager: [unclosed")
    with pytest.raises(NoteError) as info:
        read_front_matter(text, "x.md")
    numbers = [int(n) for n in re.findall(r"line (\d+)", info.value.message)]
    assert numbers, info.value.message
    line = line_of(text, "manager: [unclosed")
    assert line <= numbers[0] <= line + 1  # the parser may notice a line later


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
    assert kept(from_markdown(to_markdown(session))) == kept(session)


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
    assert kept(from_markdown(to_markdown(session, framework()))) == kept(session)


NAMES = (
    st.text(st.characters(exclude_categories=("Cc", "Cs", "Cf", "Zl", "Zp")), max_size=100)
    .map(lambda text: unicodedata.normalize("NFC", " ".join(text.split())))
    .filter(is_name)
)
"""Rep names as coach takes them (any other is refused before a note is written)."""


@PROPERTIES
@given(
    NAMES,
    st.text(),
    st.text(),
    st.text(),
    st.lists(st.text(), max_size=3),
    st.dictionaries(st.text(min_size=1), st.integers(), max_size=3),
)
def test_any_property_text_round_trips(
    name: str, manager: str, version: str, summary: str, tags: list[str], ratings: dict[str, int]
) -> None:
    session = rich_session(
        rep=name,
        manager=manager,
        framework_version=version,
        summary=summary,
        tags=tags,
        ratings=ratings,
    )
    text = to_markdown(session)
    assert kept(from_markdown(text)) == kept(session)
    data = front(text)
    assert (data["manager"], data["framework_version"], data["tags"]) == (manager, version, tags)
    assert {k: v for k, v in data.items() if k.startswith("rating-")} == {
        f"rating-{key}": level for key, level in ratings.items()
    }


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
