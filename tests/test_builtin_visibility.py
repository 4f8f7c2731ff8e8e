"""Who sees what in the built-in frameworks: visibility set on purpose, and the defaults.

Every built-in section, rating, metric, feedback template and closing says
``visibility`` (``summary_visibility``, ``actions_visibility``) itself, so a
change of default never changes what a built-in shares; a question says it
only where it differs from its section. Every built-in shares some answers,
so ``coach share`` gives the rep more than the summary and the actions. The
rules the built-ins follow (docs/frameworks.md, "Who sees what") are checked
here, and so is the table there: it is rendered from the files and must
match.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
import tomli_w

from coachcli.answers import start_from_file
from coachcli.feedback_templates import FeedbackLibrary, FeedbackTemplate
from coachcli.framework import Framework
from coachcli.home import Home
from coachcli.loader import FrameworkError, builtin_dir, discover, feedback_library, load_file
from coachcli.notes import from_markdown, to_markdown
from coachcli.session import ActionItem, Answer, Feedback, SectionRecord, Session
from coachcli.sharing import mark_visibility, shared_parts

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "frameworks.md"
BUILTIN_IDS = sorted(p.stem for p in builtin_dir().glob("*.toml"))

# A metric is shared when it is leading (an activity the rep controls) and private when
# it is lagging (a result); these depart from that rule, each for the reason in its file.
METRIC_EXCEPTIONS = {
    ("oskar", "scaling-score"): "shared",  # the rep's own score on their own scale
    ("role-play", "rubric-average"): "shared",  # the rubric scores are agreed with the rep
    ("deal-review", "meddpicc-confirmed"): "private",  # counts the private qualification
}

MINIMAL = """\
schema = 1
id = "bare"
name = "Bare"
kind = "coaching"
summary = "No visibility key anywhere."
when_to_use = "In a test."
minutes = 10

[[sections]]
id = "goal"
title = "Goal"
kind = "coaching"
minutes = 10

  [[sections.questions]]
  id = "goal-topic"
  type = "text"
  prompt = "What do you want to work on?"

[[ratings]]
id = "discovery"
name = "Discovery"
anchors = ["Pitches early.", "Asks open questions."]

[[metrics]]
id = "meetings"
name = "First meetings held"
indicator = "leading"

[[feedback]]
id = "praise"
name = "Praise"
template = "You {behaviour}."

  [[feedback.slots]]
  name = "behaviour"
  prompt = "What did they do?"
"""


@pytest.fixture(scope="module")
def builtins(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Framework]:
    """Every built-in framework, loaded as coach loads it (shared templates included)."""
    home = Home(tmp_path_factory.mktemp("visibility-home"))
    sources = discover(home)
    assert all(s.error is None for s in sources), [str(s.error) for s in sources if s.error]
    return {s.id: s.framework for s in sources if s.framework is not None}


# --------------------------------------------------------------------------- set on purpose


@pytest.mark.parametrize("framework_id", BUILTIN_IDS)
def test_every_part_of_a_builtin_sets_its_visibility(
    framework_id: str, builtins: dict[str, Framework]
) -> None:
    fw = builtins[framework_id]
    unset = [f"section {s.id}" for s in fw.sections if "visibility" not in s.model_fields_set]
    unset += [f"rating {r.id}" for r in fw.ratings if "visibility" not in r.model_fields_set]
    unset += [f"metric {m.id}" for m in fw.metrics if "visibility" not in m.model_fields_set]
    unset += [f"template {t.id}" for t in fw.feedback if "visibility" not in t.model_fields_set]
    unset += [
        f"closing {key}"
        for key in ("summary_visibility", "actions_visibility")
        if key not in fw.closing.model_fields_set
    ]
    assert unset == []
    assert "closing" in fw.model_fields_set


@pytest.mark.parametrize("framework_id", BUILTIN_IDS)
def test_a_question_sets_visibility_only_where_it_differs_from_its_section(
    framework_id: str, builtins: dict[str, Framework]
) -> None:
    fw = builtins[framework_id]
    same = [
        q.id
        for s in fw.sections
        for q in s.questions
        if q.visibility is not None and q.visibility == s.visibility
    ]
    assert same == [], "a question marked like its section says nothing: remove the key"


def test_every_template_of_the_feedback_library_sets_its_visibility() -> None:
    library, sources = feedback_library(None)
    assert library and all(s.error is None for s in sources)
    assert [t.id for t in library.values() if "visibility" not in t.model_fields_set] == []


@pytest.mark.parametrize("framework_id", BUILTIN_IDS)
def test_every_builtin_shares_answers_with_the_rep(
    framework_id: str, builtins: dict[str, Framework]
) -> None:
    """Besides the summary and the actions: some of the conversation is the rep's to keep."""
    fw = builtins[framework_id]
    shared = [
        q.id for s in fw.sections for q in s.questions if fw.question_visibility(s, q) == "shared"
    ]
    assert shared, f"{fw.id}: coach share would send the rep only the summary and actions"


# --------------------------------------------------------------------------- the rules they follow


@pytest.mark.parametrize("framework_id", BUILTIN_IDS)
def test_builtins_follow_the_documented_rules(
    framework_id: str, builtins: dict[str, Framework]
) -> None:
    """Ratings private; feedback, summary, actions shared; leading metrics shared, lagging not."""
    fw = builtins[framework_id]
    assert {r.visibility for r in fw.ratings} <= {"private"}
    assert {t.visibility for t in fw.feedback} <= {"shared"}
    assert (fw.closing.summary_visibility, fw.closing.actions_visibility) == ("shared", "shared")
    for metric in fw.metrics:
        rule = "shared" if metric.indicator == "leading" else "private"
        expected = METRIC_EXCEPTIONS.get((fw.id, metric.id), rule)
        assert metric.visibility == expected, f"{fw.id}: metric {metric.id}"
    for key in METRIC_EXCEPTIONS:
        if key[0] == fw.id:
            metric = next(m for m in fw.metrics if m.id == key[1])
            rule = "shared" if metric.indicator == "leading" else "private"
            assert metric.visibility != rule, f"{key}: no longer an exception; remove it"


@pytest.mark.parametrize("framework_id", BUILTIN_IDS)
def test_a_question_that_departs_from_its_section_says_why(framework_id: str) -> None:
    """A comment above the question's key, or above its section's, or above an earlier one's."""
    lines = (builtin_dir() / f"{framework_id}.toml").read_text(encoding="utf-8").splitlines()
    explained = False  # in the current section, some visibility key has a comment above it
    for number, line in enumerate(lines):
        if line == "[[sections]]" or (line.startswith("[") and "sections" not in line):
            explained = False
        if re.match(r"^ *visibility = ", line) and lines[number - 1].strip().startswith("#"):
            explained = True
        if re.match(r"^ +visibility = ", line):  # a question's own key (indented)
            assert explained, f"{framework_id}.toml line {number + 1}: say why in a comment"


def test_the_guide_table_matches_the_builtins(builtins: dict[str, Framework]) -> None:
    """docs/frameworks.md lists what each built-in shares; rendered here, it must be the same."""
    expected = render_table(builtins)
    assert expected in GUIDE.read_text(encoding="utf-8"), "update the table:\n\n" + expected


def render_table(builtins: dict[str, Framework]) -> str:
    """The table of docs/frameworks.md, "Who sees what": per framework, what the rep receives."""
    rows = ["| framework | sections shared | sections private | questions that differ |"]
    rows.append("|---|---|---|---|")
    for fw_id in sorted(builtins):
        fw = builtins[fw_id]
        shared = [s.title for s in fw.sections if s.visibility == "shared"]
        private = [s.title for s in fw.sections if s.visibility == "private"]
        differ = [
            f"`{q.id}` {q.visibility}"
            for s in fw.sections
            for q in s.questions
            if q.visibility is not None and q.visibility != s.visibility
        ]
        cells = [", ".join(part) or "—" for part in (shared, private, differ)]
        rows.append(f"| `{fw.id}` | " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n"


# --------------------------------------------------------------------------- in the note


def _every_question_answered(fw: Framework) -> Session:
    """A session of ``fw`` in which every question was asked and answered, unmarked."""
    return Session(
        rep="Alex Kim",
        rep_slug="alex-kim",
        started=datetime(2026, 11, 20, 14, 0),
        ended=datetime(2026, 11, 20, 14, fw.minutes),
        framework=fw.id,
        framework_name=fw.name,
        framework_version=fw.version,
        kind=fw.kind,
        sections=[
            SectionRecord(
                id=s.id,
                title=s.title,
                kind=s.kind,
                planned_minutes=s.minutes,
                answers=[
                    Answer(id=q.id, prompt=q.prompt, type="text", value=f"<{q.id}>")
                    for q in s.questions
                ],
            )
            for s in fw.sections
        ],
        ratings={r.id: r.min for r in fw.ratings},
        metrics={m.id: 1.0 for m in fw.metrics},
        feedback=[
            Feedback(template=t.id, name=t.name, style=t.style, text=f"feedback-{t.id}")
            for t in fw.feedback
        ],
        actions=[ActionItem(id="a1b2c3d", text="Book the CFO meeting", due=date(2026, 11, 27))],
        summary="summary-text",
    )


@pytest.mark.parametrize("framework_id", BUILTIN_IDS)
def test_the_note_of_a_builtin_marks_each_part_as_the_framework_says(
    framework_id: str, builtins: dict[str, Framework]
) -> None:
    fw = builtins[framework_id]
    note = to_markdown(mark_visibility(_every_question_answered(fw), fw), fw)
    back = from_markdown(note, "note.md")
    sections = {s.id: s for s in fw.sections}
    questions = {q.id: (s, q) for s in fw.sections for q in s.questions}
    assert {s.id: s.shared for s in back.sections} == {
        s.id: s.visibility == "shared" for s in fw.sections
    }
    assert {a.id: a.shared for s in back.sections for a in s.answers} == {
        qid: fw.question_visibility(*found) == "shared" for qid, found in questions.items()
    }
    assert [f.shared for f in back.feedback] == [t.visibility == "shared" for t in fw.feedback]
    assert (back.summary_shared, back.actions_shared) == (True, True)
    assert sorted(back.shared_measures) == sorted(
        [f"rating-{r.id}" for r in fw.ratings if r.visibility == "shared"]
        + [f"metric-{m.id}" for m in fw.metrics if m.visibility == "shared"]
    )
    # what coach share would send: no private answer, every shared one
    parts = shared_parts(back)
    sent = {a.answer.id for section in parts.sections for a in section.answers}
    assert sent == {
        qid for qid, found in questions.items() if fw.question_visibility(*found) == "shared"
    }
    assert all(f"<{q}>" in str(parts) for q in sent)
    assert all(f"<{q}>" not in str(parts) for q in set(questions) - sent)
    assert set(sections) >= {s.id for s in back.sections}


def test_a_grow_session_from_an_answers_file_shares_goal_and_will_not_reality(
    coach_home: Home, tmp_path: Path
) -> None:
    answers = {
        "goal-topic": "Asking for the CFO meeting",
        "reality-replay": "I let the champion set the agenda",
        "options-list": ["Ask on the next call"],
        "will-commit": "Ask Globex for the CFO on Tuesday",
        "will-calls": 3,
    }
    path = tmp_path / "grow.toml"
    data = {"framework": "grow", "summary": "CFO access.", "answers": answers}
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    outcome = start_from_file(coach_home, "Alex Kim", path)
    assert outcome.note is not None
    text = outcome.note.read_text(encoding="utf-8")
    assert "<!-- section: goal coaching shared -->" in text
    assert "<!-- section: reality coaching private -->" in text
    assert "<!-- section: will coaching shared -->" in text
    back = from_markdown(text, "note.md")
    shared = {a.id for s in back.sections for a in s.answers if a.shared}
    assert {"goal-topic", "options-list", "will-commit", "will-calls"} <= shared
    assert "reality-replay" not in shared


# --------------------------------------------------------------------------- the defaults


def test_the_defaults_of_a_file_without_visibility(tmp_path: Path) -> None:
    """As docs/frameworks.md says: sections, ratings, metrics private; the rest shared."""
    path = tmp_path / "bare.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    fw = load_file(path)
    (section,) = fw.sections
    (question,) = section.questions
    assert section.visibility == "private"
    assert question.visibility is None
    assert fw.question_visibility(section, question) == "private"  # the section's
    assert [r.visibility for r in fw.ratings] == ["private"]
    assert [m.visibility for m in fw.metrics] == ["private"]
    assert [t.visibility for t in fw.feedback] == ["shared"]
    assert (fw.closing.summary_visibility, fw.closing.actions_visibility) == ("shared", "shared")


def test_a_question_overrides_its_section(tmp_path: Path) -> None:
    path = tmp_path / "bare.toml"
    section = 'kind = "coaching"\nminutes = 10\n'
    text = MINIMAL.replace(section, section.replace("minutes", 'visibility = "shared"\nminutes'), 1)
    text = text.replace('type = "text"\n', 'type = "text"\n  visibility = "private"\n', 1)
    path.write_text(text, encoding="utf-8")
    fw = load_file(path)
    (section,) = fw.sections
    assert section.visibility == "shared"
    assert fw.question_visibility(section, section.questions[0]) == "private"


def test_a_library_template_without_visibility_is_shared() -> None:
    slots = [{"name": "x", "prompt": "What?"}]
    template = {"id": "t", "name": "T", "template": "You {x}.", "slots": slots}
    library = FeedbackLibrary.model_validate({"schema": 1, "feedback": [template]})
    assert library.feedback[0].visibility == "shared"
    assert FeedbackTemplate.model_validate(template).to_json()["visibility"] == "shared"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'kind = "coaching"\nminutes = 10\n',
            'kind = "coaching"\nvisibility = "public"\nminutes = 10\n',
            "line 13, sections[0].visibility: expected 'private' or 'shared', got 'public'",
        ),
        (
            'type = "text"\n',
            'type = "text"\n  visibility = "Shared"\n',
            "sections[0].questions[0].visibility: expected 'private' or 'shared', got 'Shared'",
        ),
        (
            'indicator = "leading"\n',
            'indicator = "leading"\nvisibility = true\n',
            "metrics[0].visibility",
        ),
        (
            "[[feedback]]\n",
            "[closing]\nsummary_visibilty = 'private'\n\n[[feedback]]\n",
            "closing.summary_visibilty: unknown key 'summary_visibilty'; "
            "did you mean 'summary_visibility'?",
        ),
    ],
)
def test_a_wrong_visibility_names_file_line_and_key(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    path = tmp_path / "bare.toml"
    path.write_text(MINIMAL.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(FrameworkError) as caught:
        load_file(path)
    text = str(caught.value)
    assert "bare.toml" in text
    assert message in text
    assert re.search(r"line \d+", text)
