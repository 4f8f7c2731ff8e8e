"""Action items as task lines: what a line says, the line coach writes, the one it changes.

The promises: a task line reads the same however a person orders its
signifiers; any task coach writes reads back as the same task, whatever its
text holds; ticking, dropping or reopening a task changes only the box and
the ✅/❌ date, and every other byte of the note stays as it was.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from coachcli.errors import CoachError
from coachcli.records import ChangeStatus
from coachcli.taskfile import rewrite_task_in_file
from coachcli.tasks import (
    Task,
    format_task,
    parse_task,
    set_status,
    task_lines,
)

TODAY = date(2026, 12, 6)
PROPERTIES = settings(
    max_examples=400,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

NOTE = """\
---
schema: 2
date: 2026-11-27
start: 2026-11-27T10:00
rep: "[[Alex Kim]]"
manager: Sam Rivera
framework: grow
tags:
  - coaching
  - grow
---

# Alex Kim · GROW coaching conversation · 27 Nov 2026

## Summary

Alex drops the price at the first push-back; practise the comparison question.

## Commitments from last time

- done · Send the pricing one-pager · sent on Tuesday <!-- review: k3f9qz7 -->
- not done · Book the CFO call · waiting on legal <!-- review: m2x7pa4 -->

## Goal · coaching
<!-- section: goal coaching -->

### What do you want to work on today?
<!-- q: goal-topic text -->
Holding price when a buyer says we are too expensive.
The task format looks like this:

```markdown
- [ ] Ask the comparison question 📅 2026-12-04 #owner/rep ^ubckxa4
```

~~~~
- [ ] Send the story ^wmrvuph
```
- [ ] still inside the tilde fence ^ubckxa4
~~~~

## Feedback

**Redirect (Situation–Behaviour–Impact–Intent)**
<!-- feedback: sbii-redirect redirecting -->
> On the Acme call on Tuesday, I noticed you offered 15% off before asking
> what they compared us to.

## Action items

- [ ] Ask the comparison question on the Acme follow-up 📅 2026-12-04 #owner/rep ^ubckxa4
    - 2026-11-30 reopened: the follow-up moved
      to next week
    - a sub-point

  more about it
- [x] Send Alex the Globex customer story 📅 2026-12-03 ✅ 2026-12-02 #owner/manager ^wmrvuph
* [ ]   Practise   with Jo ⏫ #deal/acme 📅 2026-12-10   ^p4ctice
  - [ ] A nested task #owner/rep ^n3st3d

Written by hand after the 1:1.
"""


# ------------------------------------------------------------------ reading a line


@pytest.mark.parametrize(
    ("box", "status"),
    [
        (" ", "open"),
        ("x", "done"),
        ("X", "done"),
        ("-", "dropped"),
        ("/", "open"),  # Tasks' custom statuses
        (">", "open"),
        ("?", "open"),
        ("!", "open"),
    ],
)
def test_the_box_is_the_status(box: str, status: ChangeStatus) -> None:
    task = parse_task(f"- [{box}] Call the CFO")
    assert task == Task("Call the CFO", status)


@pytest.mark.parametrize(
    ("line", "indent"),
    [
        ("- [ ] Call", ""),
        ("* [ ] Call", ""),
        ("+ [ ] Call", ""),
        ("    - [ ] Call", "    "),
        ("\t\t- [ ] Call", "\t\t"),
        ("-   [ ] Call", ""),
        ("- [ ]\tCall", ""),
        ("- [ ] Call\n", ""),
        ("- [ ] Call\r\n", ""),
    ],
)
def test_task_lines_of_every_shape(line: str, indent: str) -> None:
    assert parse_task(line) == Task("Call", "open", indent=indent)


@pytest.mark.parametrize(
    "line",
    [
        "",
        "Call the CFO",
        "- Call the CFO",
        "-[ ] Call",
        "- [ ]Call",
        "- [] Call",
        "- [xx] Call",
        "1. [ ] Call",
        "> - [ ] Call",
        "# [ ] Call",
        "- [ ] Call\nthe CFO",
        "- done · Send the pricing one-pager <!-- review: k3f9qz7 -->",
    ],
)
def test_lines_that_are_not_tasks(line: str) -> None:
    assert parse_task(line) is None


def test_an_empty_task() -> None:
    assert parse_task("- [ ]") == Task("", "open")
    assert parse_task("- [x]   ") == Task("", "done")


SIGNS = ["📅 2026-12-08", "✅ 2026-12-02", "#owner/manager"]


@pytest.mark.parametrize("order", list(itertools.permutations(SIGNS)))
def test_signifiers_in_any_order(order: tuple[str, ...]) -> None:
    line = "- [x] Send the one-pager " + " ".join(order) + " ^a7k2p9q"
    assert parse_task(line) == Task(
        "Send the one-pager",
        "done",
        due=date(2026, 12, 8),
        owner="manager",
        id="a7k2p9q",
        closed_on=date(2026, 12, 2),
    )


def test_signifiers_in_the_middle_of_the_text() -> None:
    task = parse_task("- [ ] Call #owner/rep the CFO 📅 2026-12-08 about #deal/acme ^x1")
    assert task == Task(
        "Call the CFO about #deal/acme", "open", due=date(2026, 12, 8), owner="rep", id="x1"
    )
    assert parse_task("- [ ] #owner/rep Call") == Task("Call", "open", owner="rep")


@pytest.mark.parametrize(
    "signs",
    [
        "⏫ 🔁 every week when done ⏳ 2026-12-01 🛫 2026-11-30 ➕ 2026-11-27",
        "🔺 🆔 abc123 ⛔ def456 #deal/acme #owner/rep/assist #owner/reps",
        "🔼 🔽 ⏬ [[Alex Kim]] #owner #owner/ 📅 next friday ✅ yesterday",
    ],
)
def test_other_tasks_signifiers_stay_in_the_text(signs: str) -> None:
    line = f"- [ ] Call the CFO {signs} 📅 2026-12-08 #owner/rep ^k3f9qz7"
    task = parse_task(line)
    assert task is not None
    assert task.text == f"Call the CFO {signs}"
    assert (task.due, task.owner, task.id) == (date(2026, 12, 8), "rep", "k3f9qz7")


@pytest.mark.parametrize(
    "due",
    [
        "📅 2026-12-08",
        "📆 2026-12-08",
        "🗓 2026-12-08",
        "🗓\ufe0f 2026-12-08",
        "📅2026-12-08",
        "📅\t 2026-12-08",
    ],
)
def test_due_date_signifiers(due: str) -> None:
    assert parse_task(f"- [ ] Call {due}") == Task("Call", "open", due=date(2026, 12, 8))


@pytest.mark.parametrize(
    ("tag", "owner"),
    [
        ("#owner/rep", "rep"),
        ("#owner/manager", "manager"),
        ("#Owner/Rep", "rep"),
        ("#owner/rep,", "rep"),  # Obsidian ends a tag at a comma
        ("#owner/reps", None),
        ("#owner/rep/assist", None),
        ("#owner/rep-x", None),
        ("x#owner/rep", None),  # not a tag: it does not start a word
    ],
)
def test_owner_tags(tag: str, owner: str | None) -> None:
    task = parse_task(f"- [ ] Call {tag}")
    assert task is not None
    assert task.owner == owner


def test_the_block_id_is_only_at_the_very_end() -> None:
    assert parse_task("- [ ] Call ^abc-12 ") == Task("Call", "open", id="abc-12")
    assert parse_task("- [ ] Call ^abc then") == Task("Call ^abc then", "open")
    assert parse_task("- [ ] Pay 2^10") == Task("Pay 2^10", "open")
    assert parse_task("- [ ] Call ^a_b") == Task("Call ^a_b", "open")


def test_closing_dates() -> None:
    assert parse_task("- [-] Call ❌ 2026-12-05") == Task(
        "Call", "dropped", closed_on=date(2026, 12, 5)
    )
    # unticked in an editor: the date stays, and is still the task's
    assert parse_task("- [ ] Call ✅ 2026-12-05") == Task(
        "Call", "open", closed_on=date(2026, 12, 5)
    )
    both = "- [{}] Call ✅ 2026-12-05 ❌ 2026-12-04"
    assert parse_task(both.format("x")) == Task("Call", "done", closed_on=date(2026, 12, 5))
    assert parse_task(both.format("-")) == Task("Call", "dropped", closed_on=date(2026, 12, 4))


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("- [ ] Call 📅 2026-13-45", "the due date 2026-13-45 is not a date"),
        ("- [ ] Call 📅 2026-02-30 ^x", "the due date 2026-02-30 is not a date"),
        ("- [ ] Call 📅 2026-12-8", "the due date 2026-12-8 is not a date"),
        ("- [ ] Call 📅 12/08/2026", "the due date 12/08/2026 is not a date"),
        ("- [x] Call ✅ 2026-00-01", "the done date 2026-00-01 is not a date"),
        ("- [-] Call ❌ 2026-1-1", "the drop date 2026-1-1 is not a date"),
        ("- [ ] Call 📅 2026-12-08 📆 2026-12-09", "two due dates: 2026-12-08 and 2026-12-09"),
        ("- [ ] Call #owner/rep #owner/manager", "two owners"),
    ],
)
def test_a_wrong_signifier_is_a_value_error_a_manager_understands(line: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as caught:
        parse_task(line)
    assert "YYYY-MM-DD" in str(caught.value) or "two" in str(caught.value)


def test_the_same_signifier_twice_is_fine() -> None:
    task = parse_task("- [ ] Call 📅 2026-12-08 #owner/rep 📅 2026-12-08 #owner/rep")
    assert task == Task("Call", "open", due=date(2026, 12, 8), owner="rep")


# ------------------------------------------------------------------ writing a line


def test_the_canonical_lines() -> None:
    assert (
        format_task(
            Task("Send the CFO one-pager", "open", date(2026, 12, 8), "rep", "a7k2p9q", indent="  ")
        )
        == "  - [ ] Send the CFO one-pager 📅 2026-12-08 #owner/rep ^a7k2p9q"
    )
    assert (
        format_task(
            Task(
                "Send the story", "done", date(2026, 12, 3), "manager", "wmrvuph", date(2026, 12, 2)
            )
        )
        == "- [x] Send the story 📅 2026-12-03 ✅ 2026-12-02 #owner/manager ^wmrvuph"
    )
    assert (
        format_task(Task("Book it", "dropped", closed_on=date(2026, 12, 5)))
        == "- [-] Book it ❌ 2026-12-05"
    )
    assert format_task(Task("", "open")) == "- [ ]"


@pytest.mark.parametrize(
    ("text", "written", "end"),
    [
        ("Put 📅 2026-12-08 in the invite", r"Put \📅 2026-12-08 in the invite", " ^x"),
        ("✅ 2026-12-02 was the demo", r"\✅ 2026-12-02 was the demo", " ^x"),
        ("Ask #owner/rep, then #owner/manager", r"Ask \#owner/rep, then \#owner/manager", ""),
        ("Tag it #owner/representative", "Tag it #owner/representative", ""),
        ("Read section ^intro", r"Read section \^intro", ""),
        ("Read section ^intro", "Read section ^intro", " ^x"),
        (r"Save to C:\Users\alex", r"Save to C:\Users\alex", ""),
        (r"A \#owner/rep", r"A \\\#owner/rep", ""),
        ("Due 📅 tomorrow, ✅ soon", "Due 📅 tomorrow, ✅ soon", ""),
        ("2^10 rows", "2^10 rows", ""),
    ],
)
def test_text_that_looks_like_a_signifier_is_escaped(text: str, written: str, end: str) -> None:
    task = Task(text, "open", id="x" if end else None)
    assert format_task(task) == f"- [ ] {written}{end}"
    assert parse_task(format_task(task)) == task


@pytest.mark.parametrize(
    "task",
    [
        Task("Two\nlines", "open"),
        Task("Cr\ronly", "open"),
        Task(" padded", "open"),
        Task("padded\t", "open"),
        Task("Call", "open", id="a b"),
        Task("Call", "open", id="^abc"),
        Task("Call", "open", indent="> "),
        Task("Call", "later"),  # type: ignore[arg-type]
    ],
)
def test_a_task_no_line_can_hold_is_refused(task: Task) -> None:
    with pytest.raises(ValueError):
        format_task(task)


def test_a_formatted_line_is_a_markdown_task_list_item() -> None:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    for task in [
        Task("Send the CFO one-pager", "open", date(2026, 12, 8), "rep", "a7k2p9q"),
        Task("# not a heading", "done", closed_on=date(2026, 12, 2), owner="manager"),
        Task("[link]: /not-a-definition", "open", id="x"),
        Task("> not a quote, 📅 2026-12-08 escaped", "open"),
        Task("", "open"),
    ]:
        tokens = md.parse(format_task(task))
        kinds = [token.type for token in tokens]
        assert kinds[:3] == ["bullet_list_open", "list_item_open", "paragraph_open"], task
        inline = tokens[3]
        assert inline.type == "inline"
        box = "[x]" if task.status == "done" else "[ ]"
        assert inline.content.startswith(box), (task, inline.content)
        assert kinds.count("list_item_open") == 1


# The pieces people (and hypothesis) build tricky text from.
FRAGMENTS = [
    "📅", "📆", "🗓", "✅", "❌", "\ufe0f", " ", "\t", "\\", "\\\\", "#", "^", "-", "/",
    "#owner/rep", "#owner/manager", "#OWNER/Rep", "#owner/reps", "^abc", "^a-1",
    "2026-12-08", "2026-13-45", "12/08/2026", "0001-01-01", ",", "x", "[ ]", "⏫", "🔁",
]  # fmt: skip
texts = (
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=10)
    .map("".join)
    .map(lambda text: text.replace("\n", " ").replace("\r", " ").strip(" \t"))
)
tasks = st.builds(
    Task,
    text=texts,
    status=st.sampled_from(["open", "done", "dropped"]),
    due=st.none() | st.dates(),
    owner=st.none() | st.sampled_from(["rep", "manager"]),
    id=st.none() | st.from_regex(r"[A-Za-z0-9-]{1,12}", fullmatch=True),
    closed_on=st.none() | st.dates(),
    indent=st.text(alphabet=" \t", max_size=6),
)


@PROPERTIES
@given(tasks)
@example(Task("x 📅 2026-12-08", "open"))
@example(Task("\\", "done", owner="rep"))
@example(Task("a ^b", "open"))
def test_every_task_reads_back_as_written(task: Task) -> None:
    line = format_task(task)
    assert "\n" not in line
    assert parse_task(line) == task


lines = st.builds(
    lambda indent, bullet, box, rest: f"{indent}{bullet} [{box}] {rest}",
    st.text(alphabet=" \t", max_size=3),
    st.sampled_from("-*+"),
    st.sampled_from([" ", "x", "X", "-", "/"]),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3)), max_size=12)
    .map(" ".join)
    .map(lambda text: text.replace("\n", " ").replace("\r", " ")),
)


@PROPERTIES
@given(lines)
def test_every_task_a_person_writes_is_rewritten_the_same(line: str) -> None:
    try:
        task = parse_task(line)
    except ValueError:
        return
    assert task is not None
    assert parse_task(format_task(task)) == task


# ------------------------------------------------------------------ changing a line


@pytest.mark.parametrize(
    ("line", "status", "changed"),
    [
        (
            "- [ ] Send it 📅 2026-12-08 #owner/rep ^a7",
            "done",
            "- [x] Send it 📅 2026-12-08 ✅ 2026-12-06 #owner/rep ^a7",
        ),
        (
            "- [ ] Send it 📅 2026-12-08 #owner/rep ^a7",
            "dropped",
            "- [-] Send it 📅 2026-12-08 ❌ 2026-12-06 #owner/rep ^a7",
        ),
        (
            "- [x] Send it 📅 2026-12-08 ✅ 2026-12-02 #owner/rep ^a7",
            "open",
            "- [ ] Send it 📅 2026-12-08 #owner/rep ^a7",
        ),
        (  # already done: the day it was done stays
            "- [x] Send it ✅ 2026-12-02 ^a7",
            "done",
            "- [x] Send it ✅ 2026-12-02 ^a7",
        ),
        (  # dropped, then done after all: the ❌ becomes a ✅ where it stands
            "- [-] Send it ❌  2026-12-02 ⏫ ^a7",
            "done",
            "- [x] Send it ✅  2026-12-06 ⏫ ^a7",
        ),
        (  # a stale done date on an open task is replaced
            "- [ ] Send it ✅ 2026-11-02 ^a7",
            "done",
            "- [x] Send it ✅ 2026-12-06 ^a7",
        ),
        (
            "  *   [/]\tCall  #owner/rep  the CFO   ⏫ 🔁 every week\t📅 2026-12-08   ^abc  ",
            "done",
            "  *   [x]\tCall  #owner/rep  the CFO   ⏫ 🔁 every week\t📅 2026-12-08 "
            "✅ 2026-12-06   ^abc  ",
        ),
        ("- [/] In progress", "open", "- [/] In progress"),
        ("- [X] Big X ✅ 2026-12-01", "done", "- [X] Big X ✅ 2026-12-01"),
        ("- [X] Big X ✅ 2026-12-01 ❌ 2026-12-01", "done", "- [X] Big X ✅ 2026-12-01"),
        ("- [x] ✅ 2026-12-01  Done first", "open", "- [ ] Done first"),
        ("- [x] Done ✅ 2026-12-01\tthen more", "open", "- [ ] Done\tthen more"),
        ("- [x] Done\t✅ 2026-12-01 then more", "open", "- [ ] Done then more"),
        ("- [x] ✅ 2026-12-01", "open", "- [ ]"),
        ("- [ ]", "dropped", "- [-] ❌ 2026-12-06"),
        ("- [ ] #owner/rep ^a7", "done", "- [x] ✅ 2026-12-06 #owner/rep ^a7"),
        ("- [ ] Call \\^notanid", "done", "- [x] Call ✅ 2026-12-06 \\^notanid"),
        ("- [x] Call ^notanid ✅ 2026-12-01", "open", "- [ ] Call \\^notanid"),
        ("- [x] Call \\\\✅ 2026-12-01 x", "open", "- [ ] Call \\ x"),
        ("- [ ] Call\r\n", "done", "- [x] Call ✅ 2026-12-06\r\n"),
        ("- [ ] Call\n", "done", "- [x] Call ✅ 2026-12-06\n"),
    ],
)
def test_set_status_changes_only_what_it_must(
    line: str, status: ChangeStatus, changed: str
) -> None:
    assert set_status(line, status, TODAY) == changed
    before, after = parse_task(line), parse_task(changed)
    assert before is not None
    assert after is not None
    assert (after.text, after.due, after.owner, after.id) == (
        before.text,
        before.due,
        before.owner,
        before.id,
    )


def test_set_status_refuses_what_it_cannot_read() -> None:
    with pytest.raises(ValueError, match="not a task line"):
        set_status("Call the CFO", "done", TODAY)
    with pytest.raises(ValueError, match="the due date 2026-13-45 is not a date"):
        set_status("- [ ] Call 📅 2026-13-45", "done", TODAY)


open_lines = lines.filter(lambda line: "✅" not in line and "❌" not in line).map(
    lambda line: line.replace("[x]", "[ ]").replace("[X]", "[ ]").replace("[-]", "[ ]")
)


@PROPERTIES
@given(open_lines, st.sampled_from(["done", "dropped"]), st.dates())
def test_closing_then_reopening_gives_the_line_back(
    line: str, status: ChangeStatus, today: date
) -> None:
    try:
        task = parse_task(line)
    except ValueError:
        return
    assume(task is not None and task.status == "open" and task.closed_on is None)
    assert task is not None
    closed = set_status(line, status, today)
    assert parse_task(closed) == replace(task, status=status, closed_on=today)
    reopened = set_status(closed, "open", today)
    assert parse_task(reopened) == task
    if re.match(r"[ \t]*[-*+] \[ \] *\S", line):  # a "[/]" comes back "[ ]"; "- [ ] " is "- [ ]"
        assert reopened == line


@PROPERTIES
@given(tasks, st.sampled_from(["open", "done", "dropped"]), st.dates())
def test_set_status_on_a_canonical_line_gives_the_canonical_line(
    task: Task, status: ChangeStatus, today: date
) -> None:
    assume((task.status == "open" and task.closed_on is None) or status == "open")
    closed_on = None if status == "open" else today
    changed = replace(task, status=status, closed_on=closed_on)
    assert parse_task(set_status(format_task(task), status, today)) == changed
    # a text ending like a block id (escaped, as it ends the line) stays last when a ✅ comes
    if task.id or task.owner or task.due or not re.search(r"(^|[ \t])\^[\w-]+$", task.text):
        assert set_status(format_task(task), status, today) == format_task(changed)


# ------------------------------------------------------------------ finding task lines


def test_task_lines_skip_fenced_code() -> None:
    found = list(task_lines(NOTE))
    assert [line.split("^")[-1] for _, line in found] == [
        "ubckxa4",
        "wmrvuph",
        "p4ctice",
        "n3st3d",
    ]
    for number, line in found:
        assert NOTE.split("\n")[number - 1] == line


def test_task_lines_of_a_windows_file_with_a_byte_order_mark() -> None:
    text = "\ufeff- [ ] First\r\n```\r\n- [ ] code\r\n```\r\n  - [x] Second\r\n- no"
    assert list(task_lines(text)) == [(1, "- [ ] First"), (5, "  - [x] Second")]


@pytest.mark.parametrize(
    ("fenced", "inside"),
    [
        ("```\n{}\n```", False),
        ("```python\n{}\n```", False),
        ("````\n{}\n```\n````", False),  # a shorter fence does not close
        ("~~~\n{}\n```\n~~~", False),  # nor one of the other character
        ("   ```\n{}\n   ```", False),
        ("  - item\n\n    ```\n{}\n    ```", False),
        ("``` not `a fence`\n{}", True),  # backticks in the info string: not a fence
        ("```\n```still open\n{}\n```", False),  # a closing fence has no info string
        ("```\nnever closed\n\n{}", False),
    ],
)
def test_fences(fenced: str, inside: bool) -> None:
    text = fenced.format("- [ ] Look-alike ^abc") + "\n- [ ] After ^def\n"
    found = [line for _, line in task_lines(text)]
    expected = (["- [ ] Look-alike ^abc"] if inside else []) + (
        [] if "never closed" in fenced else ["- [ ] After ^def"]
    )
    assert found == expected


# ------------------------------------------------------------------ changing a note


def write(path: Path, text: str, newline: str = "\n") -> Path:
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


def test_rewrite_changes_only_the_task_line(tmp_path: Path) -> None:
    note = write(tmp_path / "2026-11-27-grow.md", NOTE)
    task = rewrite_task_in_file(note, "ubckxa4", "done", TODAY)
    assert task == Task(
        "Ask the comparison question on the Acme follow-up",
        "done",
        date(2026, 12, 4),
        "rep",
        "ubckxa4",
        TODAY,
    )
    old = "- [ ] Ask the comparison question on the Acme follow-up 📅 2026-12-04 #owner/rep"
    new = "- [x] Ask the comparison question on the Acme follow-up 📅 2026-12-04 ✅ 2026-12-06 #owner/rep"  # noqa: E501
    assert note.read_text(encoding="utf-8") == NOTE.replace(f"{old} ^ubckxa4", f"{new} ^ubckxa4")
    assert NOTE.count(f"{old} ^ubckxa4") == 1
    assert (note.stat().st_mode & 0o777) == 0o600


def test_rewrite_keeps_the_odd_spacing_of_a_line_typed_by_hand(tmp_path: Path) -> None:
    note = write(tmp_path / "2026-11-27-grow.md", NOTE)
    rewrite_task_in_file(note, "p4ctice", "dropped", TODAY)
    assert note.read_text(encoding="utf-8") == NOTE.replace(
        "* [ ]   Practise   with Jo ⏫ #deal/acme 📅 2026-12-10   ^p4ctice",
        "* [-]   Practise   with Jo ⏫ #deal/acme 📅 2026-12-10 ❌ 2026-12-06   ^p4ctice",
    )


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("final", [True, False])
def test_rewrite_keeps_line_ends_and_a_missing_final_newline(
    tmp_path: Path, newline: str, final: bool
) -> None:
    text = NOTE if final else NOTE.removesuffix("\n")
    note = write(tmp_path / "note.md", text, newline)
    rewrite_task_in_file(note, "wmrvuph", "open", TODAY, comment="not sent after all")
    expected = text.replace(
        "📅 2026-12-03 ✅ 2026-12-02 #owner/manager ^wmrvuph",
        "📅 2026-12-03 #owner/manager ^wmrvuph\n    - 2026-12-06 reopened: not sent after all",
    ).replace("- [x] Send Alex", "- [ ] Send Alex")
    assert note.read_bytes() == expected.replace("\n", newline).encode("utf-8")


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_comment_on_the_last_line_of_a_file_without_a_final_newline(
    tmp_path: Path, newline: str
) -> None:
    note = write(tmp_path / "note.md", "## Action items\n\n- [ ] Call ^a1", newline)
    rewrite_task_in_file(note, "a1", "done", TODAY, comment="called")
    expected = "## Action items\n\n- [x] Call ✅ 2026-12-06 ^a1\n    - 2026-12-06 done: called"
    assert note.read_bytes() == expected.replace("\n", newline).encode("utf-8")


def test_a_comment_goes_under_the_lines_already_under_the_task(tmp_path: Path) -> None:
    note = write(tmp_path / "note.md", NOTE)
    rewrite_task_in_file(note, "ubckxa4", "dropped", TODAY, comment="  no longer\nneeded ")
    text = note.read_text(encoding="utf-8")
    assert (
        "    - a sub-point\n\n  more about it\n    - 2026-12-06 dropped: no longer needed\n"
        "- [x] Send Alex" in text
    )
    rewrite_task_in_file(note, "n3st3d", "done", TODAY, comment="done")
    assert (
        "  - [x] A nested task ✅ 2026-12-06 #owner/rep ^n3st3d\n"
        "      - 2026-12-06 done: done\n\nWritten by hand" in note.read_text(encoding="utf-8")
    )


def test_a_comment_under_a_task_with_a_wide_gap_stays_under_it(tmp_path: Path) -> None:
    note = write(tmp_path / "note.md", "-      [ ] Call ^a1\n- [ ] Next ^a2\n")
    rewrite_task_in_file(note, "a1", "done", TODAY, comment="ok")
    assert note.read_text(encoding="utf-8") == (
        "-      [x] Call ✅ 2026-12-06 ^a1\n       - 2026-12-06 done: ok\n- [ ] Next ^a2\n"
    )


def test_a_byte_order_mark_is_kept(tmp_path: Path) -> None:
    note = write(tmp_path / "note.md", "\ufeff- [ ] Call ^a1\n")
    rewrite_task_in_file(note, "a1", "done", TODAY)
    assert note.read_text(encoding="utf-8") == "\ufeff- [x] Call ✅ 2026-12-06 ^a1\n"


def test_nothing_is_written_when_nothing_changes(tmp_path: Path) -> None:
    note = write(tmp_path / "note.md", NOTE)
    before = note.stat()
    task = rewrite_task_in_file(note, "wmrvuph", "done", TODAY)
    assert task.closed_on == date(2026, 12, 2)
    after = note.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_an_id_not_found_names_the_file(tmp_path: Path) -> None:
    note = write(tmp_path / "note.md", NOTE)
    with pytest.raises(CoachError, match=r"No task with the id \^zzzzzzz in .*note\.md"):
        rewrite_task_in_file(note, "zzzzzzz", "done", TODAY)
    # only in the text of a task, not at the end of a line
    with pytest.raises(CoachError, match="No task with the id"):
        rewrite_task_in_file(write(note, "- [ ] Call ^a1 again\n"), "a1", "done", TODAY)
    assert note.read_text(encoding="utf-8") == "- [ ] Call ^a1 again\n"


def test_an_id_only_in_a_code_block_is_not_found(tmp_path: Path) -> None:
    note = write(tmp_path / "note.md", "```\n- [ ] Call ^a1\n```\n")
    with pytest.raises(CoachError, match="No task with the id"):
        rewrite_task_in_file(note, "a1", "done", TODAY)


def test_an_id_found_twice_names_the_file_and_lines(tmp_path: Path) -> None:
    note = write(tmp_path / "note.md", NOTE + "- [ ] Copied ^wmrvuph\n")
    with pytest.raises(CoachError) as caught:
        rewrite_task_in_file(note, "wmrvuph", "open", TODAY)
    assert "note.md" in caught.value.message
    first = next(i for i, line in enumerate(NOTE.split("\n")) if line.startswith("- [x] Send"))
    assert f"lines {first + 1}, {NOTE.count(chr(10)) + 1}" in caught.value.message
    assert caught.value.hint
    assert note.read_text(encoding="utf-8") == NOTE + "- [ ] Copied ^wmrvuph\n"


def test_an_unreadable_task_line_names_the_file_and_line(tmp_path: Path) -> None:
    note = write(tmp_path / "note.md", "# Actions\n\n- [ ] Call 📅 2026-13-45 ^a1\n")
    with pytest.raises(CoachError) as caught:
        rewrite_task_in_file(note, "a1", "done", TODAY)
    assert caught.value.message == (
        f"{note}, line 3: the due date 2026-13-45 is not a date: write it as YYYY-MM-DD."
    )


def test_a_note_that_is_not_utf8_or_not_there(tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    note.write_bytes(b"- [ ] Caf\xe9 ^a1\n")
    with pytest.raises(CoachError, match="not UTF-8 text"):
        rewrite_task_in_file(note, "a1", "done", TODAY)
    with pytest.raises(CoachError, match="No file at"):
        rewrite_task_in_file(tmp_path / "gone.md", "a1", "done", TODAY)


# ------------------------------------------------------------ the line as coach writes it

WORDS = st.sampled_from(
    ["Send", "the", "CFO", "one-pager", "#tag", "#owner/rep", "^abc", "\\", "📅", "✅", "❌",
     "2026-12-08", "2026-13-45", "\ufe0f", " ", "\t", "", "x", "C:\\Users", "⏳", "[ ]", "-"]
) | st.text(max_size=6)  # fmt: skip
AS_WRITTEN_LINES = st.tuples(
    st.sampled_from(["- [ ] ", "- [x] ", "- [X] ", "- [-] ", "- [/] ", "* [ ] ", "  - [ ] ",
                     "- [ ]  "]),
    st.lists(WORDS, max_size=5).map(" ".join),
    st.sampled_from([" 📅 2026-12-08", " 📅 2026-02-30", " 📆 2026-12-08", "", " 📅  2026-12-08"]),
    st.sampled_from(["", " ✅ 2026-12-09", " ❌ 2026-12-09", " ✅ 2026-1-9",
                     " ✅ 2026-12-09 ❌ 2026-12-10"]),
    st.sampled_from([" #owner/rep", " #owner/manager", " #owner/Rep", "", " #owner/reps"]),
    st.sampled_from([" ^a7k2p9q", " ^a7-k2", "", " ^a7k2p9q ", " \\^a7k2p9q", "^x"]),
).map("".join)  # fmt: skip


def _read_in_general(line: str) -> Task | None:
    from coachcli import tasks

    match = tasks.TASK_LINE.fullmatch(line)
    return None if match is None else tasks._task(match)


@PROPERTIES
@given(AS_WRITTEN_LINES)
@example("- [ ] Send the CFO one-pager 📅 2026-12-08 #owner/rep ^a7k2p9q")
@example("- [x] a 📅 2026-12-08 ✅ 2026-12-09 #owner/manager ^a7k2p9q")
def test_a_line_as_coach_writes_it_reads_as_in_general(line: str) -> None:
    try:
        expected: object = _read_in_general(line)
    except ValueError as exc:
        expected = str(exc)
    try:
        found: object = parse_task(line)
    except ValueError as exc:
        found = str(exc)
    assert found == expected


def test_every_task_coach_formats_is_read_as_written() -> None:
    from coachcli import tasks

    task = Task("Send the CFO one-pager", "done", date(2026, 12, 8), "rep", "a7k2p9q",
                date(2026, 12, 9))  # fmt: skip
    assert tasks._AS_WRITTEN.fullmatch(format_task(task))
    assert parse_task(format_task(task)) == task
