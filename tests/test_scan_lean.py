"""The index's lean reading of a body is exactly the line-by-line reading, or steps aside.

The index reads a body with ``notes.lean.scan_structure``: whole-text
searches when the body holds no fenced code. These tests hold it equal to
the line-by-line ``scan_body(values=False)`` on every shape of line a person
or coach writes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachcli.frontmatter import read_note, split_parts
from coachcli.notes import lean, to_markdown
from coachcli.notes.lean import _FENCE_LINE, scan_structure
from coachcli.notes.scan import scan_body

from .helpers import MARKDOWNISH, md_session

FIXTURES = Path(__file__).parent / "fixtures"

PIECES = st.sampled_from(
    [
        "",
        " ",
        "\t",
        "\r",
        "text",
        "  indented",
        "# Alex Kim · GROW · 1 Dec 2026",
        "# Alex",
        "# A · B",
        "## Summary",
        "## Commitments from last time",
        "## Feedback",
        "## Action items",
        "## Goal · coaching",
        "## Numbers · performance",
        "## Odd",
        "##",
        "## ",
        "### Question?",
        "### ",
        "###",
        "#### Deeper",
        "<!-- section: goal coaching -->",
        "<!-- section: numbers performance -->",
        "<!-- section: x weird -->",
        "<!-- section: -->",
        "<!-- q: goal text -->",
        "<!-- q: n number json -->",
        '<!-- q: "odd id" scale -->',
        "  <!-- q: goal text -->",
        "<!-- q: broken",
        "<!-- a comment -->",
        "<!--",
        "<!-- summary: json -->",
        "<!-- feedback: sbi any -->",
        "**SBI**",
        "> quoted",
        "- done · Sent it <!-- review: a1b2c3d -->",
        "- maybe · x <!-- review: a1b2c3d -->",
        "- a review without marker",
        "- [ ] Send it 📅 2026-12-08 #owner/rep ^a7k2p9q",
        "- [x] Sent 📅 2026-12-08 ✅ 2026-12-09 ^a7k2p9q",
        "- [-] Dropped 📅 2026-12-08 ^b7k2p9q",
        "- [ ] No id 📅 2026-12-08",
        "- [ ] No due ^c7k2p9q",
        "- [?] odd ^d7k2p9q",
        "### Question?\n<!-- q: goal text -->",
        "### Q #\n<!-- q: n number json -->",
        "```",
        "~~~",
        "  - 2026-12-02 done: sent on Tuesday",
        "\t- [ ] sub ^e7k2p9q",
        "---",
        "===",
        "\\## escaped",
        "\\<!-- q: x text -->",
    ]
)
BODIES = st.lists(PIECES | st.text(max_size=12), max_size=40).map("\n".join)


SECTION = "## Goal · coaching\n<!-- section: goal coaching -->\n"


def assert_same(body: str, first_line: int = 1) -> None:
    assert scan_structure(body, first_line) == scan_body(body, first_line, values=False)


@settings(max_examples=400)
@given(BODIES, st.integers(1, 30))
def test_the_lean_reading_is_the_line_by_line_reading(body: str, first_line: int) -> None:
    assert_same(body, first_line)


@pytest.mark.parametrize(
    "body",
    ["", "\n", "## Goal · coaching", "## Goal · coaching\n", "## A\n## B", "## A\n\n## B",
     SECTION + "### Q\n\ntext\n### R\n<!-- q: r text -->",
     SECTION + "<!-- q: r text -->\nx\n<!-- q: s text -->",
     "## Odd\n<!-- q: r text -->\n## Action items\n<!-- q: s text -->\n- [ ] a 📅 2026-01-02"],
)  # fmt: skip
def test_edges_of_parts_and_sections(body: str) -> None:
    assert_same(body, 7)


def test_every_fixture_note_reads_the_same_both_ways() -> None:
    notes = sorted(FIXTURES.rglob("*.md"))
    assert notes
    for path in notes:
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---"):
            continue
        try:
            _, body, body_line = read_note(text, str(path))
        except Exception:  # a fixture of a broken note: nothing to compare
            continue
        assert_same(body, body_line)


def test_a_body_with_fenced_code_is_read_line_by_line() -> None:
    body = SECTION + '### Q\n<!-- q: q text json -->\n```json\n"## not a part"\n```'
    assert _FENCE_LINE.search(body)
    assert scan_structure(body) == scan_body(body, values=False)
    assert [a.id for s in scan_structure(body).sections for a in s.answers] == ["q"]


def test_a_section_marker_emptied_by_hand_is_a_warning_not_a_crash() -> None:
    body = "## Goal · coaching\n<!-- section: -->\n### Q\n<!-- q: q text -->\nanswer"
    for found in (scan_body(body, 3), scan_structure(body, 3)):
        assert found.problems == ["line 3: a section's kind should be coaching or performance"]
        assert [a.id for s in found.sections for a in s.answers] == ["q"]


EDITS = st.lists(
    st.tuples(
        st.sampled_from(["drop", "double", "insert", "indent"]), st.integers(0, 10**6), PIECES
    ),
    max_size=4,
)


@settings(max_examples=200, deadline=None)
@given(MARKDOWNISH, MARKDOWNISH, EDITS)
def test_notes_coach_writes_and_people_edit_read_the_same_both_ways(
    text: str, summary: str, edits: list[tuple[str, int, str]]
) -> None:
    parts = split_parts(to_markdown(md_session(text, ["one", "two"], summary, "said")), "<note>")
    lines = parts.body.split("\n")
    for how, where, piece in edits:
        at = where % (len(lines) + 1)
        if how == "insert":
            lines.insert(at, piece)
        elif at < len(lines):
            lines[at : at + 1] = {"drop": [], "double": [lines[at]] * 2}.get(
                how, ["  " + lines[at]]
            )
    assert_same("\n".join(lines), parts.body_line)


def test_a_section_as_coach_writes_it_is_read_in_one_search(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    taken: list[bool] = []
    real = lean._questions_as_written
    monkeypatch.setattr(
        lean, "_questions_as_written", lambda *a: taken.append(real(*a)) or taken[-1]
    )
    parts = split_parts(to_markdown(md_session("words", ["one"], "sum", "said")), "<note>")
    assert_same(parts.body, parts.body_line)
    assert taken == [True]
    assert [a.id for s in scan_structure(parts.body).sections for a in s.answers] == [
        "best-call",
        "deals",
    ]
