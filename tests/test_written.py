"""The index's fast path reads a note as coach writes it exactly as the full reading does.

``index.rows.written_params`` reads a note in the shape coach's writer gives
straight to the index's rows; anything else it declines (None) and the full
reading (``read_note_rows``) runs. These tests hold the two equal on notes
written through the real writer from random sessions, and on those notes
edited by hand: either the fast path gives the same rows (and the note has
no warning), or it declines.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachcli.flatyaml import read_flat
from coachcli.frontmatter import NoteError, split_parts, split_plain
from coachcli.index.rows import NoteParams, read_note_params, read_note_rows, written_params
from coachcli.notes import to_markdown
from coachcli.notes.lean import scan_structure, scan_written
from coachcli.properties import check_properties, written_properties
from coachcli.session import ActionItem, Answer, Feedback, Review, SectionRecord, Session
from coachcli.tasks import Task, parse_task, written_tasks

from .helpers import MARKDOWNISH, generated_home, md_session

PATH = Path("/home/reps/alex-kim/2026-11-27-weekly.md")
SLUG = "alex-kim"

# --------------------------------------------------------------------------- sessions

TRICKY_LINES = [
    "## Summary", "## Action items", "### q", "# heading", "<!-- q: x text -->",
    "<!-- section: x coaching -->", "<!-- review: abc1234 shared -->",
    "- [ ] task 📅 2026-12-01 ^abc1234",
    "- done · x <!-- review: a1 shared -->", "  - 2026-12-02 done: sent", "\\# escaped",
    "#tag", "    <!-- q: deep text -->", "---", "...", "> quote", "- item", "1. one", "**bold**",
    " · ", "a — b", "Zoë 📅 ✅ #owner/rep ^id", "\\", "  ", "",
]  # fmt: skip
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20)
LINE = st.sampled_from(TRICKY_LINES) | TEXT.filter(lambda s: "\n" not in s)
MULTILINE = st.lists(LINE, max_size=4).map("\n".join)
WORDS = st.sampled_from(["Alex Kim", "Sam", "Zoë O'Brien", "a: b", "x · y", "no", "12", "Ünï"])
PLAIN_ID = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)
ODD_IDS = ["odd id", "x<y", "ünï"]
"""Ids a marker writes as JSON strings: the fast path leaves their notes to the full reading."""
ID = PLAIN_ID | st.sampled_from(ODD_IDS)
DAY = st.dates(date(2020, 1, 1), date(2030, 12, 31))


@st.composite
def answers(draw: st.DrawFn) -> Answer:
    kind = draw(st.sampled_from(["text", "list", "multi", "number", "scale", "yesno", "choice"]))
    value: Any
    if kind in ("text", "choice"):
        value = draw(st.none() | MULTILINE | WORDS)
    elif kind in ("list", "multi"):
        value = draw(st.lists(LINE, max_size=3))
    elif kind == "number":
        value = draw(st.none() | st.integers(-100, 10**6) | st.floats(-1e6, 1e6))
    elif kind == "scale":
        value = draw(st.none() | st.integers(1, 5))
    else:
        value = draw(st.none() | st.booleans())
    prompt = draw(WORDS | LINE)
    return Answer(id=draw(ID), prompt=prompt, type=kind, value=value, shared=draw(st.booleans()))


@st.composite
def sessions(draw: st.DrawFn, plain: bool = False) -> Session:
    """A random session; ``plain``: ids and texts the fast path always reads."""
    ids = PLAIN_ID if plain else ID
    sections = [
        SectionRecord(
            id=draw(ids), title=draw(WORDS | LINE),
            kind=draw(st.sampled_from(["coaching", "performance", "neutral"])),
            planned_minutes=draw(st.integers(0, 30)), seconds=draw(st.integers(0, 900)),
            answers=draw(st.lists(answers(), max_size=3)), shared=draw(st.booleans()),
        )
        for _ in range(draw(st.integers(0, 3)))
    ]  # fmt: skip
    if plain:
        sections = [
            s.model_copy(update={"answers": [
                a.model_copy(update={"id": draw(PLAIN_ID), "type": "text",
                                     "value": draw(st.none() | WORDS)})
                for a in s.answers]})
            for s in sections
        ]  # fmt: skip
    actions = [
        ActionItem(
            id=action_id,
            text=draw(WORDS if plain else WORDS | LINE).strip() or "x",
            owner=draw(st.sampled_from(["rep", "manager"])), due=draw(DAY),
            status=(status := draw(st.sampled_from(["open", "done", "dropped"]))),
            closed_on=None if status == "open" else draw(DAY),
        )
        for action_id in draw(
            st.lists(st.from_regex(r"[a-z0-9]{7}", fullmatch=True), unique=True, max_size=3)
        )
    ]  # fmt: skip
    reviews = [
        Review(
            action=draw(PLAIN_ID if plain else ID), text=draw(WORDS if plain else WORDS | LINE),
            outcome=draw(st.sampled_from(["done", "not-done", "dropped"])),
            comment=draw(st.just("") | WORDS | (st.just("") if plain else LINE)),
            shared=draw(st.booleans()),
        )
        for _ in range(draw(st.integers(0, 3)))
    ]  # fmt: skip
    feedback = [
        Feedback(template=draw(PLAIN_ID), name=draw(WORDS),
                 text=draw(WORDS if plain else MULTILINE), shared=draw(st.booleans()))
        for _ in range(draw(st.integers(0, 2)))
    ]  # fmt: skip
    zone = timezone(timedelta(hours=draw(st.integers(-8, 9))))
    moment = datetime(2026, 11, 27, 10, 0, tzinfo=zone)
    ratings = draw(st.dictionaries(PLAIN_ID, st.integers(1, 5), max_size=3))
    amounts = st.floats(0, 1e4).map(lambda x: round(x, 2) if plain else x)
    metrics = draw(st.dictionaries(PLAIN_ID, st.integers(0, 99) | amounts, max_size=3))
    subject = draw(st.just("") | WORDS)
    return Session(
        rep=draw(WORDS), rep_slug=SLUG, manager=draw(st.just("") | WORDS), started=moment,
        ended=moment + timedelta(minutes=draw(st.integers(0, 90))),
        framework=draw(PLAIN_ID), framework_name=draw(WORDS | (st.just("") if plain else LINE)),
        framework_version=draw(st.sampled_from(["1", "1.1", "2.0.1"])),
        kind=draw(st.sampled_from(["coaching", "performance", "mixed"])),
        sections=sections, ratings=ratings, metrics=metrics, feedback=feedback, actions=actions,
        reviews=reviews, summary=draw(st.just("") | WORDS | (st.just("") if plain else MULTILINE)),
        summary_shared=draw(st.booleans()), actions_shared=draw(st.booleans()),
        shared_measures=[f"rating-{k}" for k in ratings][:1], tags=["1:1", draw(PLAIN_ID)],
        subject=subject,
        subject_kind=draw(st.sampled_from(["deal", "account"])) if subject else None,
    )  # fmt: skip


# --------------------------------------------------------------------------- the comparison


def full_reading(text: str) -> tuple[NoteParams, tuple[str, ...]] | None:
    """What the full reading gives (rows and warnings), or None when the note is broken."""
    try:
        note = read_note_rows(text, PATH, SLUG)
    except NoteError:
        return None
    return note.params(), note.problems


def assert_same(text: str) -> NoteParams | None:
    """The fast path gives the full reading's rows without a warning, or declines."""
    fast = written_params(text, PATH, SLUG)
    full = full_reading(text)
    if fast is not None:
        assert full is not None, "the fast path read a note the full reading refuses"
        assert repr(fast) == repr(full[0])  # the same values, of the same types (12, not 12.0)
        assert full[1] == ()
    if full is not None:
        assert read_note_params(text, PATH, SLUG) == full
    return fast


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sessions())
def test_a_note_coach_writes_reads_the_same_on_the_fast_path(session: Session) -> None:
    text = to_markdown(session)
    fast = assert_same(text)
    front, body = split_parts(text, "x")[:2]
    if "```" not in body and "~~~" not in body and read_flat(front) is not None:
        ids = [a.id for s in session.sections for a in s.answers]
        ids += [s.id for s in session.sections] + [r.action for r in session.reviews]
        if not set(ids) & set(ODD_IDS):
            assert fast is not None, "a note as coach writes it went the slow way"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sessions(plain=True))
def test_a_plain_note_is_always_read_on_the_fast_path(session: Session) -> None:
    assert assert_same(to_markdown(session)) is not None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MARKDOWNISH, st.lists(MARKDOWNISH.filter(lambda s: "\n" not in s), max_size=4),
       MARKDOWNISH, MARKDOWNISH)  # fmt: skip
def test_answers_holding_markdown_read_the_same(
    text: str, items: list[str], summary: str, said: str
) -> None:
    assert_same(to_markdown(md_session(text, items, summary, said)))


# --------------------------------------------------------------------------- edited by hand

PIECES = [
    "", " ", "text", "## Summary", "## Summary ", "## Action items", "## Feedback",
    "## Commitments from last time", "## Goal · coaching", "## Odd", "### Question?", "###",
    "<!-- section: goal coaching -->", "<!-- section: x weird -->", "<!-- q: goal text -->",
    "  <!-- q: goal text -->", "<!-- summary: shared -->", "<!-- actions: private -->",
    "<!-- a comment -->", "- done · Sent it <!-- review: a1b2c3d -->",
    "- maybe · x <!-- review: a1b2c3d shared -->", "- a review without marker",
    "- [ ] Send it 📅 2026-12-08 #owner/rep ^a7k2p9q",
    "- [ ] Send it 📅 2026-13-08 #owner/rep ^a7k2p9q",
    "- [x] Sent 📅 2026-12-08 ✅ 2026-12-09 #owner/manager ^abc1234", "- [ ] No id 📅 2026-12-08",
    "  - 2026-12-02 done: sent on Tuesday", "\t- [ ] sub ^e7k2p9q", "```", "~~~", "---", "...",
    "# Alex · Other · 1 Dec", "# A", "\\## escaped", "rating-x: 4", "metric-y: 2.5", "kind: weird",
    "minutes: 12.0", "rating-z: '3'", "deal: Acme", "account: Globex", "date: 2026-12-01",
    "start: 2026-11-27T10:00:00+01:00", "start: soon", "tags: solo", "shared: rating-x",
    "manager:", "schema: 1", "schema: 3", "framework_version: 1.1", "rep: '[[page|Alex]]'",
    "- extra-tag", "- 1", "- 2026-01-01", "unknown: value", "neutral_minutes: 2",
]  # fmt: skip
EDITS = st.lists(
    st.tuples(
        st.sampled_from(["drop", "double", "insert", "indent", "replace", "trail", "swap"]),
        st.integers(0, 10**6),
        st.sampled_from(PIECES) | TEXT,
    ),
    min_size=1,
    max_size=4,
)


def edit(text: str, edits: list[tuple[str, int, str]]) -> str:
    lines = text.split("\n")
    for how, where, piece in edits:
        at = where % (len(lines) + 1)
        if how == "insert":
            lines.insert(at, piece)
        elif at >= len(lines):
            continue
        elif how == "drop":
            del lines[at]
        elif how == "double":
            lines.insert(at, lines[at])
        elif how == "indent":
            lines[at] = "  " + lines[at]
        elif how == "replace":
            lines[at] = piece
        elif how == "trail":
            lines[at] += " "
        elif at + 1 < len(lines):  # swap with the next line (reordering properties)
            lines[at], lines[at + 1] = lines[at + 1], lines[at]
    return "\n".join(lines)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sessions(plain=True), EDITS)
def test_a_note_edited_by_hand_reads_the_same_or_goes_the_full_way(
    session: Session, edits: list[tuple[str, int, str]]
) -> None:
    assert_same(edit(to_markdown(session), edits))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sessions(plain=True), st.sampled_from(["crlf", "bom", "cr", "both"]))
def test_line_ends_and_a_byte_order_mark_go_the_full_way(session: Session, how: str) -> None:
    text = to_markdown(session)
    changed = {
        "crlf": text.replace("\n", "\r\n"),
        "bom": "\ufeff" + text,
        "cr": text.replace(" · ", " ·\r ", 1),  # a lone carriage return in the title
        "both": "\ufeff" + text.replace("\n", "\r\n"),
    }[how]
    assert written_params(changed, PATH, SLUG) is None
    assert full_reading(changed) is not None
    if how != "cr":  # the full reading drops them: the same rows as the note without them
        assert full_reading(changed) == full_reading(text)


# --------------------------------------------------------------------------- the pieces


def test_fenced_code_in_an_answer_goes_the_full_way() -> None:
    """Inside fenced code coach escapes nothing: a question written there is an answer's text."""
    text = to_markdown(md_session("```\n### Fake?\n<!-- q: fake text -->\n```", ["a"], "s", "x"))
    assert "\n### Fake?\n<!-- q: fake text -->\n" in text
    assert written_params(text, PATH, SLUG) is None
    full = full_reading(text)
    assert full is not None and "fake" not in str(full[0].note)


def test_hand_edits_that_keep_the_shape_stay_on_the_fast_path() -> None:
    text = to_markdown(md_session("words", ["one", "two"], "sum", "said"))
    assert assert_same(text) is not None
    for old, new in [
        ("Book the CFO", "Book the CFO and the CEO"),  # a task's text
        ("- [ ] Book", "- [x] Book"),  # a box ticked without a done date
        ("rep: '[[Alex Kim]]'", "rep: Alex Kim"),  # a plain name instead of a link
        ("kind: mixed", "kind: coaching"),
        ("\ntags:", "\nunknown: kept out\ntags:"),  # a property coach does not know
        ("## Skills · coaching", "## Skills, renamed · coaching"),
        ("Send recap", "Send the recap"),  # a review's label
        ("- [ ] Book", "- [?] Book"),  # a box of Tasks' own: read by the general task reading
        ("^abc1234", "^abc1234\n  - 2026-12-05 done: sent"),  # coach actions done -m
        ("Book the CFO", "Book the CFO #private"),  # a signifier-like text, read the general way
    ]:
        changed = text.replace(old, new, 1)
        assert changed != text
        assert assert_same(changed) is not None, (old, new)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("<!-- section: skills coaching private -->", "<!-- section: skills coaching  -->"),
        ("<!-- q: deals list -->", "<!-- q: deals  list -->"),
        ("## Skills · coaching", "## Summary"),
        ("### Deals?", "### Deals?\nsomething typed here"),
        ("## Feedback", "## Feedback\n<!-- q: stray text -->"),
        ("- [ ] Book the CFO", "- [ ] Book the CFO\n  - a note under it"),  # its id lost
        ("^abc1234", "^abc1234\n- [ ] Again 📅 2026-12-04 #owner/rep ^abc1234"),  # its id twice
        ("- not done · Send recap", "- maybe · Send recap"),
        ("kind: mixed", "kind: 'mixed'\nkind: mixed"),
        ("minutes: 0", "minutes: zero"),
        ("\nschema: 2", "\nschema: 2 # the format"),
        ("### Best call?", "## Odd\n### Best call?"),  # questions under a heading of no section
        ("### Deals?", "## Summary \n### Deals?"),  # a second summary, its title with a blank
        ("<!-- section: skills coaching private -->", "<!-- section: skills weird private -->"),
        ("minutes: 0", "minutes: 0.0"),
        ("\ntags: []", "\ntags:\n- 2026-01-01"),
    ],
)
def test_an_edit_the_fast_path_cannot_be_sure_of_goes_the_full_way(old: str, new: str) -> None:
    text = to_markdown(md_session("words", ["one", "two"], "sum", "said"))
    changed = text.replace(old, new, 1)
    assert changed != text
    assert written_params(changed, PATH, SLUG) is None
    assert_same(changed)


SPLIT_LINES = st.sampled_from(["---", "--- ", "...", "-", "a: b", "", "\r", "\ufeff---", "x"])


@settings(max_examples=500, deadline=None)
@given(st.lists(SPLIT_LINES, max_size=8).map("\n".join))
def test_the_plain_split_is_the_split(text: str) -> None:
    assert split_plain("---\n---\n") == split_parts("---\n---\n", "x")
    plain = split_plain(text)
    if plain is not None:
        assert plain == split_parts(text, "x")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sessions(), EDITS)
def test_the_written_properties_are_the_checked_properties(
    session: Session, edits: list[tuple[str, int, str]]
) -> None:
    front = split_parts(to_markdown(session), "x").front
    for text in (front, edit(front, edits)):
        data = read_flat(text)
        if data is None:
            continue
        fast = written_properties(data, "x")
        try:
            full = check_properties(data, "x")
        except NoteError:
            assert fast is None
            continue
        assert fast is None or repr(fast) == repr(full)
    data = read_flat(front)
    if data is not None:
        assert written_properties(data, "x") is not None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES[20:30]) | LINE, max_size=5).map("\n".join))
def test_written_tasks_are_the_task_lines(text: str) -> None:
    tasks = written_tasks(text)
    if tasks is not None:
        assert [Task(*task) for task in tasks] == [parse_task(line) for line in text.split("\n")]


def test_written_tasks_read_what_format_task_writes() -> None:
    text = (
        "- [ ] Send it 📅 2026-12-08 #owner/rep ^a7k2p9q\n"
        "- [-] B 📅 2026-12-08 ❌ 2026-12-09 #owner/manager ^b"
    )
    assert [Task(*t) for t in written_tasks(text) or []] == [
        parse_task(line) for line in text.split("\n")
    ]
    assert written_tasks(text + "\n") is None  # a blank line is not a task
    assert written_tasks(text.replace("2026-12-08", "2026-13-08", 1)) is None


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sessions(), EDITS)
def test_the_written_body_is_the_lean_reading(
    session: Session, edits: list[tuple[str, int, str]]
) -> None:
    body = split_parts(to_markdown(session), "x").body
    for text in (body, edit(body, edits)):
        written = scan_written(text)
        if written is None:
            continue
        lean = scan_structure(text, 3)
        assert lean.problems == []
        assert written.framework_name == lean.framework_name
        assert written.summary == lean.summary
        assert written.questions_asked == lean.questions_asked
        assert written.reviews == lean.reviews
        tasks = [(t if isinstance(t, Task) else Task(*t), c) for t, c in written.tasks]
        assert tasks == [(t.task, t.comment) for t in lean.tasks]


def test_a_generated_home_reads_on_the_fast_path(tmp_path: Path) -> None:
    """benchmarks/generate.py writes its notes through coach's writer: every one is fast."""
    home = generated_home(tmp_path / "home", 40, 3)
    notes = sorted(home.reps_dir.glob("*/2*.md"))
    assert len(notes) == 40
    for path in notes:
        text = path.read_text(encoding="utf-8")
        fast = written_params(text, path, path.parent.name)
        assert fast is not None, path.name
        note = read_note_rows(text, path, path.parent.name)
        assert fast == note.params()
        assert note.problems == ()
