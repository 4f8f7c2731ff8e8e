"""`coach share`: what the rep receives holds every shared part and never a private one.

The test that matters most is the first: for every built-in framework (as it
ships, and with its visibility turned around so that every kind of part is
tried both ways), a session answering everything, each private part holding
a unique private token and each shared part a shared one, is written as a
note and shared in every format; no private token may appear, every shared
one must.
"""

from __future__ import annotations

import html
import os
import re
import stat
import tempfile
from datetime import date
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachcli.framework import Framework
from coachcli.home import Home
from coachcli.loader import builtin_dir
from coachcli.notes import write_note
from coachcli.reps import add_rep
from coachcli.session import ActionItem, Answer, Review
from coachcli.share import share_note
from coachcli.share_render import FORMATS, ShareFormat
from coachcli.sharing import mark_visibility

from .helpers import Run
from .tokens import (
    BUILT_INS,
    LINES,
    Tokens,
    edit,
    marked_session,
    session_for,
    turned_around,
    with_distinct,
    write_marked,
)


def _plain_numbers(text: str) -> str:
    """The output with thousands separators taken out of numbers."""
    return re.sub(r"(?<=\d)[,\u202f\u00a0 ](?=\d{3})", "", text)


def assert_shares_only_shared(framework: Framework, random: list[list[str]]) -> None:
    tokens = Tokens(random)
    session = mark_visibility(session_for(framework, tokens), framework)
    source = (builtin_dir() / f"{framework.id}.toml").read_text(encoding="utf-8")
    # the labels come from the framework given, not found again among 14 files each time
    found = mock.patch("coachcli.share.framework_or_none", lambda home, ref: framework)
    with tempfile.TemporaryDirectory() as root, found:
        home = Home(Path(root) / "home")
        note = write_note(home.reps_dir / "alex-kim", session, framework)
        for fmt in FORMATS:
            out = share_note(home, "Alex Kim", str(note), fmt).text
            numbers = _plain_numbers(out)
            for token in tokens.private:
                assert token not in out, (fmt, token, out)
            assert "987654" not in numbers and "9.87654" not in numbers, (fmt, out)
            for token in tokens.shared:
                assert token in out, (fmt, token, out)
            for value in tokens.shared_numbers:
                assert str(value) in numbers, (fmt, value, out)
            shared_text = "\n".join(tokens.shared_text)
            for text in tokens.private_text:
                if with_distinct(text) and text not in shared_text and text not in source:
                    assert text not in out, (fmt, text, out)
                    assert html.escape(text) not in out, (fmt, text, out)


@pytest.mark.parametrize("framework_id", sorted(BUILT_INS))
@pytest.mark.parametrize("way", ["as-shipped", "turned-around"])
@settings(max_examples=15, deadline=None)
@given(random=st.lists(LINES, min_size=1, max_size=40))
def test_share_never_leaks_a_private_part(
    framework_id: str, way: str, random: list[list[str]]
) -> None:
    framework = BUILT_INS[framework_id]
    if way == "turned-around":
        framework = turned_around(framework)
    assert_shares_only_shared(framework, random)


def test_every_built_in_is_tried() -> None:
    names = {p.stem for p in builtin_dir().glob("*.toml") if p.stem != "schema"}
    assert set(BUILT_INS) == names


# =========================================================================== hand edits


def shared_text(home: Home, fmt: ShareFormat = "md") -> str:
    return share_note(home, "Alex Kim", None, fmt).text


def test_what_the_note_marks_shared_is_shared_and_nothing_else(coach_home: Home) -> None:
    write_marked(coach_home)
    out = shared_text(coach_home)
    assert "Holding price when a buyer pushes back" in out
    assert "Send the pricing one-pager" in out and "sent on Tuesday" in out
    assert "On the Acme call you paused after the price." in out
    assert "Practice" in out or "practice-reps" in out
    for private in ("GOAL-PRIVATE-ANSWER", "REALITY-PRIVATE-ANSWER", "What happened", "objection"):
        assert private not in out


def test_a_section_marked_shared_by_hand_is_shared(coach_home: Home) -> None:
    note = write_marked(coach_home)
    assert "REALITY-PRIVATE-ANSWER" not in shared_text(coach_home)
    edit(
        note,
        "<!-- section: reality coaching private -->",
        "<!-- section: reality coaching shared -->",
    )
    out = shared_text(coach_home)
    assert "## Reality" in out and "REALITY-PRIVATE-ANSWER" in out
    # a question that says private in a shared section stays private
    assert "GOAL-PRIVATE-ANSWER" not in out


def test_a_question_marked_by_hand_follows_its_own_marker(coach_home: Home) -> None:
    note = write_marked(coach_home)
    edit(note, "<!-- q: goal-why text private -->", "<!-- q: goal-why text shared -->")
    edit(note, "<!-- q: goal-topic text -->", "<!-- q: goal-topic text private -->")
    out = shared_text(coach_home)
    assert "GOAL-PRIVATE-ANSWER" in out
    assert "Holding price" not in out


@pytest.mark.parametrize(
    "marker",
    [
        "<!-- section: goal coaching -->",  # the word deleted
        "<!-- section: goal coaching sharde -->",  # a typo
        "<!-- section: goal coaching SHARED -->",  # not the word coach writes
        "<!-- section: goal coaching shared private -->",  # the last word counts
    ],
)
def test_a_section_not_plainly_marked_shared_is_private(coach_home: Home, marker: str) -> None:
    note = write_marked(coach_home)
    edit(note, "<!-- section: goal coaching shared -->", marker)
    out = shared_text(coach_home)
    assert "Holding price" not in out and "## Goal" not in out
    assert "Send the pricing one-pager" in out  # the rest is still shared


def test_a_section_added_by_hand_without_a_marker_is_private(coach_home: Home) -> None:
    note = write_marked(coach_home)
    edit(note, "## Feedback\n", "## My own notes\n\nALEX-SEEMS-TIRED\n\n## Feedback\n")
    out = shared_text(coach_home)
    assert "ALEX-SEEMS-TIRED" not in out and "My own notes" not in out
    # with a section marker but no visibility word: still the manager's
    edit(note, "## My own notes\n", "## My own notes · coaching\n<!-- section: mine coaching -->\n")
    assert "ALEX-SEEMS-TIRED" not in shared_text(coach_home)


@pytest.mark.parametrize(
    ("old", "new", "gone"),
    [
        ("<!-- summary: shared -->", "<!-- summary: -->", "Alex drops the price"),
        ("<!-- summary: shared -->\n", "", "Alex drops the price"),
        ("<!-- feedback: sbi positive shared -->", "<!-- feedback: sbi positive private -->",
         "paused after the price"),
        ("<!-- feedback: sbi positive shared -->", "<!-- feedback: sbi positive -->",
         "paused after the price"),
        ("<!-- review: k3f9qz7 shared -->", "<!-- review: k3f9qz7 -->", "pricing one-pager"),
        ("Send the pricing one-pager", "Send the pricing one-pager #private", "pricing one-pager"),
        ("<!-- actions: shared -->", "<!-- actions: private -->", "Acme follow-up"),
        ("<!-- actions: shared -->\n", "", "Globex customer story"),
        ("Send Alex the Globex customer story", "Send Alex the Globex customer story #private",
         "Globex customer story"),
        ("Send Alex the Globex customer story", "#Private Send Alex the Globex customer story",
         "Globex customer story"),
        ("shared:\n- metric-practice-reps\n", "", "Practice"),
    ],
)  # fmt: skip
def test_a_part_made_private_by_hand_is_left_out(
    coach_home: Home, old: str, new: str, gone: str
) -> None:
    note = write_marked(coach_home)
    for fmt in FORMATS:
        assert gone in shared_text(coach_home, fmt) or gone == "Practice"
    edit(note, old, new)
    for fmt in FORMATS:
        out = shared_text(coach_home, fmt)
        assert gone not in out and "#private" not in out.casefold()


def test_a_rating_listed_shared_by_hand_is_shared(coach_home: Home) -> None:
    note = write_marked(coach_home)
    edit(note, "- metric-practice-reps\n", "- metric-practice-reps\n- rating-objection-handling\n")
    out = shared_text(coach_home)
    assert "- Objection handling: 2" in out or "- objection-handling: 2" in out


def test_a_tagged_action_leaves_the_others_shared(coach_home: Home) -> None:
    session = marked_session()
    hidden = ActionItem(id="hid0001", text="Talk to HR about Alex #private", owner="manager",
                        due=date(2026, 12, 5))  # fmt: skip
    write_marked(coach_home, session.model_copy(update={"actions": [*session.actions, hidden]}))
    for fmt in FORMATS:
        out = shared_text(coach_home, fmt)
        assert "Talk to HR" not in out
        assert "Ask the comparison question on the Acme follow-up" in out


def test_a_note_with_nothing_shared(coach: Run, coach_home: Home) -> None:
    session = marked_session()
    private = session.model_copy(
        update={
            "sections": [s.model_copy(update={"shared": False, "answers": [
                a.model_copy(update={"shared": False}) for a in s.answers]})
                for s in session.sections],
            "feedback": [], "reviews": [], "summary_shared": False, "actions_shared": False,
            "shared_measures": [],
        }
    )  # fmt: skip
    assert private.framework == "grow"
    note = write_marked(coach_home, private)
    result = share_note(coach_home, "Alex Kim", None, "md")
    assert result.empty and result.left_out > 0
    failed = coach("share", "Alex Kim", code=1)
    assert failed.stdout == ""
    assert f"{note}: nothing in this note is shared with the rep." in failed.stderr


def test_a_self_review_is_shared_without_a_rep_to_agree_with(coach: Run, coach_home: Home) -> None:
    """A self-review (the manager runs it with themselves as the rep) is nobody's 1:1: no "1:1
    with", no "What we agreed", no "shared with the rep" when nothing is shared."""
    write_marked(coach_home)
    one_to_one = coach("share", "Alex Kim").stdout
    assert one_to_one.startswith("# 1:1 · Alex Kim and ") and "## What we agreed\n" in one_to_one
    own = marked_session().model_copy(update={"framework": "manager-self-review"})
    note = write_note(coach_home.reps_dir / "alex-kim", own)
    out = coach("share", "Alex Kim", str(note)).stdout
    assert out.startswith("# Self-review · Alex Kim · ")
    assert "## Commitments\n\n- Ask the comparison question" in out and "1:1" not in out
    assert "What we agreed" not in coach("share", "Alex Kim", str(note), "-f", "html").stdout
    kept = own.model_copy(update={
        "sections": [s.model_copy(update={"shared": False, "answers": [
            a.model_copy(update={"shared": False}) for a in s.answers]}) for s in own.sections],
        "feedback": [], "reviews": [], "summary_shared": False, "actions_shared": False,
        "shared_measures": [],
    })  # fmt: skip
    note = write_note(coach_home.reps_dir / "alex-kim", kept)
    failed = coach("share", "Alex Kim", str(note), code=1)
    assert f"{note}: nothing in this note is marked shared." in failed.stderr
    assert "the rep" not in failed.stderr


# =========================================================================== the command


@pytest.fixture
def two_notes(coach_home: Home) -> tuple[Path, Path]:
    """Alex Kim's 1:1s of 20 and 27 November; the newer says so in its summary."""
    older = write_marked(coach_home, marked_session(date(2026, 11, 20)).model_copy(
        update={"summary": "The older one."}))  # fmt: skip
    newer = write_note(coach_home.reps_dir / "alex-kim", marked_session())
    return older, newer


def test_share_prints_the_newest_note_as_markdown(coach: Run, two_notes: tuple[Path, Path]) -> None:
    result = coach("share", "Alex Kim")
    assert (
        result.stdout
        == share_note(Home(Path(os.environ["COACH_HOME"])), "Alex Kim", None, "md").text
    )
    lines = result.stdout.splitlines()
    assert lines[0] == "# 1:1 · Alex Kim and Sam Rivera · 27 Nov 2026"
    assert "practise the comparison question" in result.stdout
    assert "The older one." not in result.stdout
    assert result.stderr == "Left out 3 items marked private.\n"
    # nothing of the note's machinery: front matter, markers, tags, block ids
    assert lines[0] != "---" and "<!--" not in result.stdout
    assert "#owner/" not in result.stdout and "^ubckxa4" not in result.stdout
    assert "📅" not in result.stdout and "schema" not in result.stdout


@pytest.mark.parametrize("which", [["2026-11-20"], ["2"], ["--last"], ["FILE"]])
def test_share_chooses_a_note_as_coach_show_does(
    coach: Run, two_notes: tuple[Path, Path], which: list[str]
) -> None:
    older, _ = two_notes
    args = [str(older) if w == "FILE" else w for w in which]
    out = coach("share", "Alex Kim", *args).stdout
    if which == ["--last"]:
        assert "# 1:1 · Alex Kim and Sam Rivera · 27 Nov 2026" in out
    else:
        assert out.startswith("# 1:1 · Alex Kim and Sam Rivera · 20 Nov 2026\n")
        assert "The older one." in out


def test_share_formats(coach: Run, two_notes: tuple[Path, Path]) -> None:
    text = coach("share", "Alex Kim", "--format", "text").stdout
    assert text.startswith("1:1 · Alex Kim and Sam Rivera · 27 Nov 2026\n===")
    assert "#" not in text and "**" not in text and "<" not in text
    assert (
        "• Ask the comparison question on the Acme follow-up — Alex Kim, by Fri 4 Dec 2026" in text
    )
    page = coach("share", "Alex Kim", "-f", "HTML").stdout
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>\n")
    assert "<h1>1:1 · Alex Kim and Sam Rivera · 27 Nov 2026</h1>" in page
    assert "<script" not in page and "http" not in page
    assert "<blockquote>On the Acme call you paused after the price.</blockquote>" in page
    assert coach("share", "Alex Kim", "--format", "md").stdout.startswith("# 1:1")


def test_share_refuses_a_format_it_does_not_have(coach: Run, two_notes: tuple[Path, Path]) -> None:
    result = coach("share", "Alex Kim", "--format", "pdf", code=2)
    assert result.stdout == ""
    assert "'pdf' is not one of md, text, html." in result.stderr


def test_share_refuses_last_with_a_date(coach: Run, two_notes: tuple[Path, Path]) -> None:
    result = coach("share", "Alex Kim", "--last", "2026-11-20", code=1)
    assert result.stdout == ""
    assert result.stderr == "Error: Give either --last or a date, number or file, not both.\n"


def test_share_writes_a_file_only_its_owner_reads(
    coach: Run, two_notes: tuple[Path, Path], tmp_path: Path
) -> None:
    target = tmp_path / "out" / "recap.html"
    result = coach("share", "Alex Kim", "--format", "html", "-o", str(target))
    assert result.stdout == ""
    assert result.stderr == f"Wrote {target}\nLeft out 3 items marked private.\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_share_for_a_rep_without_notes(coach: Run, coach_home: Home) -> None:
    add_rep(coach_home, "Bo Lee")
    result = coach("share", "Bo Lee", code=1)
    assert (
        result.stderr == 'Error: Bo Lee has no notes yet.\nStart one with: coach start "Bo Lee"\n'
    )
    assert "No rep named 'Nobody'." in coach("share", "Nobody", code=1).stderr


def test_share_a_missing_file(coach: Run, two_notes: tuple[Path, Path], tmp_path: Path) -> None:
    missing = tmp_path / "gone.md"
    result = coach("share", "Alex Kim", str(missing), code=1)
    assert result.stderr.startswith(f"Error: {missing}: there is no such note file.\n")


def test_share_a_note_that_is_not_utf8(coach: Run, two_notes: tuple[Path, Path]) -> None:
    older, _ = two_notes
    older.write_bytes(older.read_bytes().replace(b"The older one.", "Caf\xe9".encode("latin-1")))
    for which in ("2026-11-20", str(older)):
        result = coach("share", "Alex Kim", which, code=1)
        assert result.stdout == ""
        assert result.stderr.startswith(f"Error: {older}: not UTF-8 text.\n"), result.stderr


def test_share_a_broken_note_names_its_file_and_line(
    coach: Run, two_notes: tuple[Path, Path]
) -> None:
    older, _ = two_notes
    edit(older, "### Why does it matter to you?\n", "")
    line = older.read_text(encoding="utf-8").splitlines().index("<!-- q: goal-why text private -->")
    for which in ("2026-11-20", str(older)):
        result = coach("share", "Alex Kim", which, code=1)
        assert result.stdout == ""
        assert result.stderr.startswith(
            f"Error: {older}: line {line + 1}: the answer to 'goal-why' has lost its question "
        ), result.stderr


# =========================================================================== older notes

FIXTURE_REP = Path(__file__).parent / "fixtures" / "home_v1" / "reps" / "alex-haddad"


def test_a_migrated_note_shares_what_its_framework_shares(coach: Run, coach_home: Home) -> None:
    """Format 1 marked nothing: `coach migrate` marks each part as the framework says."""
    import shutil

    from coachcli.notes import from_markdown

    shutil.copytree(FIXTURE_REP, coach_home.reps_dir / "alex-haddad")
    original = from_markdown((FIXTURE_REP / "2026-03-03-grow.md").read_text(encoding="utf-8"))
    coach("migrate")
    grow = BUILT_INS["grow"]
    out = coach("share", "Alex Haddad", "2026-03-03").stdout
    page = coach("share", "Alex Haddad", "2026-03-03", "--format", "html").stdout
    expected: list[tuple[str, bool]] = []
    questions = {q.id: (s, q) for s in grow.sections for q in s.questions}
    for section in original.sections:
        for answer in section.answers:
            if answer.type == "text":
                shared = grow.question_visibility(*questions[answer.id]) == "shared"
                expected.append((str(answer.value), shared))
    expected.append((original.summary, grow.closing.summary_visibility == "shared"))
    templates = {t.id: t for t in grow.feedback}
    for item in original.feedback:
        template = templates.get(item.template)
        expected.append((item.text, template is not None and template.visibility == "shared"))
    for action in original.actions:
        expected.append((action.text, grow.closing.actions_visibility == "shared"))
    for review in original.reviews:
        expected.append((review.text, grow.closing.actions_visibility == "shared"))
    assert any(shared for _, shared in expected)
    for text, shared in expected:
        assert (text in out) is shared, (text, shared, out)
        assert (html.escape(text) in page) is shared, (text, shared)
    for rating in grow.ratings:
        if rating.visibility == "private":
            assert f"{rating.name}:" not in out


def test_a_format_1_note_is_not_shared_before_it_is_migrated(coach: Run, coach_home: Home) -> None:
    import shutil

    shutil.copytree(FIXTURE_REP, coach_home.reps_dir / "alex-haddad")
    result = coach("share", "Alex Haddad", "2026-03-03", code=1)
    note = coach_home.reps_dir / "alex-haddad" / "2026-03-03-grow.md"
    assert result.stderr == (
        f"Error: {note}: written by coachcli 0.1, before notes said what is shared.\n"
        "Run `coach migrate`: it marks each part as the note's framework says.\n"
    )


# =========================================================================== how it reads


def test_the_markdown_reads_as_a_message(coach_home: Home) -> None:
    session = marked_session()
    goal = session.sections[0]
    answers = [
        goal.answers[0].model_copy(update={"value": "Pricing • legal • the DPA\n# not a heading"}),
        Answer(id="goal-list", prompt="Which deals?", type="list", value=["Acme", "Globex"],
               shared=True),
    ]  # fmt: skip
    sections = [goal.model_copy(update={"answers": answers}), session.sections[1]]
    missed = Review(action="m2x7pa4", text="Book the CFO call", outcome="not-done",
                    comment="waiting on legal", shared=True)  # fmt: skip
    reviews = [*session.reviews, missed]
    write_marked(coach_home, session.model_copy(update={"sections": sections, "reviews": reviews}))
    out = shared_text(coach_home)
    assert (
        "## Last time's commitments\n\n- Done: Send the pricing one-pager — sent on Tuesday\n"
        "- Not done yet: Book the CFO call — waiting on legal\n"
    ) in out
    # a question is a paragraph of its own, its answer the next; a list is a list
    assert (
        "**What do you want to work on today?**\n\nPricing • legal • the DPA\n\\# not a heading\n"
    ) in out
    assert "**Which deals?**\n\n- Acme\n- Globex\n" in out
    # feedback is the manager's words to the rep, without the template's name
    assert "## Feedback\n\n> On the Acme call you paused after the price.\n" in out
    assert "Situation–Behaviour–Impact" not in out
    text = shared_text(coach_home, "text")
    assert "What do you want to work on today?\n  Pricing • legal • the DPA\n" in text
    assert "Which deals?\n  • Acme\n  • Globex\n" in text


def test_big_numbers_read_as_people_write_them(coach_home: Home) -> None:
    session = marked_session().model_copy(update={"metrics": {"practice-reps": 1250000.0}})
    write_marked(coach_home, session)
    for fmt in FORMATS:
        out = shared_text(coach_home, fmt)
        assert "1250000 reps" in out and "e+06" not in out


def test_the_framework_is_named_by_its_file_not_by_the_title_typed_over(coach_home: Home) -> None:
    note = write_marked(coach_home)
    edit(note, "# Alex Kim · GROW coaching conversation ·", "# Alex Kim · GROW · ON A PIP ·")
    for fmt in FORMATS:
        out = shared_text(coach_home, fmt)
        assert "ON A PIP" not in out
        assert BUILT_INS["grow"].name in out


def test_a_question_skipped_in_the_1on1_is_not_in_the_message(coach_home: Home) -> None:
    session = marked_session()
    goal = session.sections[0]
    skipped = Answer(id="goal-skip", prompt="Anything else?", type="text", shared=True)
    goal = goal.model_copy(update={"answers": [*goal.answers, skipped]})
    write_marked(coach_home, session.model_copy(update={"sections": [goal, session.sections[1]]}))
    for fmt in FORMATS:
        out = shared_text(coach_home, fmt)
        assert "Anything else?" not in out and "skipped" not in out
        assert "Holding price when a buyer pushes back" in out


# =========================================================================== the docs

ROOT = Path(__file__).resolve().parent.parent


def test_the_example_note_in_the_docs_shares_what_the_docs_say(
    coach: Run, coach_home: Home
) -> None:
    docs = (ROOT / "docs" / "notes.md").read_text(encoding="utf-8")
    example = re.search(r"```markdown\n(.*?)```", docs, flags=re.S)
    assert example is not None
    add_rep(coach_home, "Alex Kim", today=date(2026, 1, 1))
    (coach_home.reps_dir / "alex-kim" / "2026-11-27-grow.md").write_text(
        example.group(1), encoding="utf-8"
    )
    result = coach("share", "Alex Kim")
    out = result.stdout
    for shared in (
        "Alex drops the price at the first push-back",
        "Done: Send the pricing one-pager — sent on Tuesday",
        "Not done yet: Book the CFO call — waiting on legal",
        "Holding price when a buyer says we are too expensive",
        "- Ask what they are comparing us to",
        "you offered 15% off before asking",
        "Ask the comparison question on the Acme follow-up",
        "Send Alex the Globex customer story",
        "3 reps",
    ):
        assert shared in out, shared
    for private in ("Offered 15% off as soon", "How ready", "Hit and miss", "Ask HR", "Objection"):
        assert private not in out, private
    assert result.stderr == "Left out 4 items marked private.\n"


def test_a_note_given_by_its_path_must_be_the_named_reps(
    coach: Run, coach_home: Home, two_notes: tuple[Path, Path]
) -> None:
    from coachcli.reps import add_rep

    add_rep(coach_home, "Bo Lee", today=date(2026, 1, 5))
    _, alex_note = two_notes
    result = coach("share", "Bo Lee", str(alex_note), code=1)
    assert result.stdout == ""
    assert f"Error: {alex_note} is Alex Kim's note, not Bo Lee's." in result.stderr
    assert f'coach share "Alex Kim" {alex_note}' in result.stderr


def test_an_answer_holding_an_html_comment_is_not_hidden_in_the_markdown() -> None:
    from coachcli.share_render import Labels, render
    from coachcli.sharing import shared_parts

    session = marked_session()
    section = session.sections[0].model_copy(update={"shared": True})
    answer = section.answers[0].model_copy(
        update={"value": "before <!-- the rest --> after", "shared": True}
    )
    section = section.model_copy(update={"answers": [answer]})
    parts = shared_parts(session.model_copy(update={"sections": [section]}))
    text = render(parts, Labels(), "md")
    assert "before \\<!-- the rest --> after" in text
