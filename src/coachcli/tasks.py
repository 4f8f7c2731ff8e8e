"""Action items as task lines: the one place that knows the Obsidian Tasks line format.

A note's action items are Markdown tasks, in the format of the Obsidian Tasks
plugin, so that Tasks queries find them and a box ticked in any editor is
what coach reads::

    - [ ] Send the CFO one-pager 📅 2026-12-08 #owner/rep ^a7k2p9q
    - [x] Send Alex the customer story 📅 2026-12-03 ✅ 2026-12-02 #owner/manager ^wmrvuph
    - [-] Book the pilot 📅 2026-12-10 ❌ 2026-12-05 #owner/rep ^k3f9qz7

**Reading.** A task line is a list item (``-``, ``*`` or ``+``, indented by
any spaces or tabs) whose text starts with a box ``[c]`` followed by a blank
or the end of the line. The box is the status: ``x``/``X`` done, ``-``
dropped, anything else (a space, Tasks' custom ``/``, ``>``) open. The
signifiers coach knows are taken out of the text, wherever they stand and in
any order: ``📅`` (or ``📆``, ``🗓``) the due date, ``✅`` the day it was
done, ``❌`` the day it was dropped, the tag ``#owner/rep`` or
``#owner/manager``, and the block id ``^id`` (letters, digits, hyphens) at the
very end. Each starts the line's text or follows a blank; a date is written
``YYYY-MM-DD``. Everything else - other tags, Tasks' ``⏳ 🛫 ➕ 🔁 ⏫ 🔼 🔽 ⏬ 🔺
🆔`` - stays in the text as written. Tasks in block quotes or numbered lists
are not read.

**Escaping.** Text that would read as a signifier is written with a backslash
before it: ``\\📅 2026-12-08``, ``\\#owner/rep``, and ``\\^abc`` when it ends
the line. Backslashes mean something only in the run right before such a
signifier, as in Markdown: two stand for one, and an odd run makes the
signifier plain text (``\\\\#owner/rep`` is a backslash, then the tag). Every
other backslash is kept as typed, so ``C:\\Users`` needs nothing.

Standard library only: the index reads every note's tasks on its warm path.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Final, NamedTuple

from coachcli.records import OWNERS, STATUSES, ChangeStatus, Owner

BLANK: Final = " \t"
TASK_LINE: Final = re.compile(
    r"(?P<indent>[ \t]*)[-*+][ \t]+\[(?P<box>.)\](?:(?P<sep>[ \t]+)(?P<rest>.*))?"
)
_BOXES: Final[dict[ChangeStatus, str]] = {"open": " ", "done": "x", "dropped": "-"}
_DUE_MARKS: Final = "📅📆🗓"
_DONE: Final = "✅"
_DROPPED: Final = "❌"
_KINDS: Final = {**dict.fromkeys(_DUE_MARKS, "due"), _DONE: "done", _DROPPED: "dropped"}
_WHAT: Final = {"due": "due date", "done": "done date", "dropped": "drop date"}

# Every signifier starts the text or follows a blank, then an optional run of
# backslashes (the escape), then its core. A date is anything date-shaped, so
# that 2026-13-45 or 12/08/2026 is reported rather than read as text.
_START: Final = r"(?:^|(?<=[ \t]))(?P<bs>\\*)"
_DATE_SIGN: Final = re.compile(
    _START + r"(?P<mark>[📅📆🗓✅❌])\uFE0F?[ \t]*"
    r"(?P<date>[0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{1,4})(?=[ \t]|\Z)"
)
_OWNER_SIGN: Final = re.compile(
    _START + r"#owner/(?P<owner>rep|manager)(?=[ \t!@#$%^&*(),.?\":{}|<>]|\Z)", re.IGNORECASE
)
"""An owner tag ends where Obsidian ends a tag: ``#owner/rep,`` is one, ``#owner/reps`` is not."""
_ID_SIGN: Final = re.compile(_START + r"\^(?P<id>[A-Za-z0-9-]+)\Z")
_ISO_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# A task line as coach writes it, text free of anything a signifier or an
# escape could start with: read by one match (a property test holds it equal
# to the general reading)
_PLAIN_CHAR: Final = r"[^\\📅📆🗓✅❌#^\uFE0F]"
_AS_WRITTEN: Final = re.compile(
    rf"- \[(?P<box>[ xX-])\] (?P<text>(?![ \t]){_PLAIN_CHAR}(?:{_PLAIN_CHAR}*(?<![ \t]))?)"
    r" 📅 (?P<due>[0-9]{4}-[0-9]{2}-[0-9]{2})"
    r"(?: (?P<mark>[✅❌]) (?P<closed>[0-9]{4}-[0-9]{2}-[0-9]{2}))?"
    r" #owner/(?P<owner>rep|manager) \^(?P<id>[A-Za-z0-9-]+)"
)
_FENCE: Final = re.compile(r"[ \t]*(?P<fence>`{3,}|~{3,})(?P<info>.*)")


@dataclass(frozen=True, slots=True)
class Task:
    """One action item as its task line says it."""

    text: str
    """The words, signifiers taken out and escapes undone (one line, no blanks around it)."""
    status: ChangeStatus
    due: date | None = None
    owner: Owner | None = None
    id: str | None = None
    """The block id, without its ``^``: the action item's id."""
    closed_on: date | None = None
    """The ✅ or ❌ date (the one that matches the box when a line holds both)."""
    indent: str = ""
    """The spaces and tabs before the bullet."""


class _Sign(NamedTuple):
    """A signifier found in a line's text, by position in that text."""

    kind: str
    """due, done, dropped, owner or id."""
    start: int
    """Where its backslash run starts (the core follows the run)."""
    end: int
    value: str
    slashes: int
    mark_end: int = 0
    """For dates: where the emoji ends; the date is ``[end - len(value), end)``."""

    @property
    def escaped(self) -> bool:
        return self.slashes % 2 == 1


def parse_task(line: str) -> Task | None:
    """The task on ``line``; None when it is not a task line.

    ``line`` may end with its line end. ValueError, with a message a manager
    understands, when a signifier is wrong: ``the due date 2026-13-45 is not
    a date: write it as YYYY-MM-DD``, or two different due dates or owners.
    """
    line = _strip_ending(line)[0]
    written = _AS_WRITTEN.fullmatch(line)
    if written is not None:
        return _task_as_written(written)
    match = TASK_LINE.fullmatch(line)
    if match is None:
        return None
    return _task(match)


def format_task(task: Task) -> str:
    """The canonical line for ``task``: ``- [ ] TEXT 📅 DUE ✅ CLOSED #owner/OWNER ^ID``.

    ``parse_task(format_task(task)) == task``. Text that would read as a
    signifier is escaped (see the module's doc). ValueError for a task no
    line can hold: text over several lines or with blanks around it, an id
    other than letters, digits and hyphens, an indent other than blanks.
    """
    text = task.text
    if "\n" in text or "\r" in text:
        raise ValueError(f"a task is one line: {text!r}")
    if text != text.strip(BLANK):
        raise ValueError(f"a task's text has no spaces or tabs around it: {text!r}")
    if task.id is not None and not re.fullmatch(r"[A-Za-z0-9-]+", task.id):
        raise ValueError(f"a block id holds only letters, digits and hyphens: {task.id!r}")
    if task.indent.strip(BLANK):
        raise ValueError(f"an indent is spaces and tabs: {task.indent!r}")
    if task.status not in STATUSES or (task.owner is not None and task.owner not in OWNERS):
        raise ValueError(f"unknown status or owner: {task.status!r}, {task.owner!r}")
    signs = []
    if task.due is not None:
        signs.append(f"{_DUE_MARKS[0]} {task.due.isoformat()}")
    if task.closed_on is not None:
        mark = _DROPPED if task.status == "dropped" else _DONE
        signs.append(f"{mark} {task.closed_on.isoformat()}")
    if task.owner is not None:
        signs.append(f"#owner/{task.owner}")
    if task.id is not None:
        signs.append(f"^{task.id}")
    content = " ".join(part for part in (_escape(text, at_end=not signs), *signs) if part)
    line = f"{task.indent}- [{_BOXES[task.status]}]"
    return f"{line} {content}" if content else line


def set_status(line: str, status: ChangeStatus, today: date) -> str:
    """``line`` with its task's status changed, and nothing else.

    The box becomes ``[x]``, ``[-]`` or ``[ ]`` (kept when it already says
    so: an ``X`` stays, a ``/`` stays open). Done gets a ``✅ today`` (dropped
    a ``❌ today``): the date of one already there is kept when the status
    does not change and replaced when it does, a ``❌`` becomes a ``✅`` in
    place, and a new one goes before the owner tag and block id at the end.
    Reopening removes them (with the blanks before them). The rest - the
    text, spacing, other signifiers, their order, the line end - stays byte
    for byte.

    ValueError when ``line`` is not a task line or :func:`parse_task` refuses it.
    """
    body, ending = _strip_ending(line)
    match = TASK_LINE.fullmatch(body)
    if match is None:
        raise ValueError("this is not a task line")
    old = _task(match)
    rest = match["rest"] or ""
    content = rest.rstrip(BLANK)
    trailing = rest[len(content) :]
    signs, _ = _scan(content)
    closing = [s for s in signs if s.kind in ("done", "dropped")]
    keep = old.status == status and any(s.kind == status for s in closing)
    closed_on = None if status == "open" else old.closed_on if keep else today
    new = _close(content, signs, status, today, keep)

    box = match["box"]
    if _status(box) != status:
        box = _BOXES[status]
    sep = match["sep"] or ""
    if new and not sep:
        sep = " "
    elif not new and content:
        sep = ""
    result = f"{body[: match.start('box')]}{box}]{sep}{new}{trailing}"
    if parse_task(result) != replace(old, status=status, closed_on=closed_on):
        raise ValueError("coach cannot change this line without changing what it says")
    return result + ending


def task_lines(text: str) -> Iterator[tuple[int, str]]:
    """The line number (from 1) and line (without its end) of each task line in a note.

    Lines inside fenced code blocks (``` or ~~~, at any indent) are not
    tasks. The lines are not parsed: :func:`parse_task` may still refuse one.
    """
    fence = ""
    for number, raw in enumerate(text.split("\n"), 1):
        line = strip_cr(raw)[0]
        if number == 1:
            line = line.removeprefix("\ufeff")
        opening = _FENCE.match(line) if "`" in line or "~" in line else None
        if fence:
            if (
                opening
                and opening["fence"][0] == fence[0]
                and len(opening["fence"]) >= len(fence)
                and not opening["info"].strip(BLANK)
            ):
                fence = ""
        elif opening and not (opening["fence"][0] == "`" and "`" in opening["info"]):
            fence = opening["fence"]
        elif "[" in line and TASK_LINE.fullmatch(line):
            yield number, line


# ---------------------------------------------------------------- reading a line


def _task(match: re.Match[str]) -> Task:
    status = _status(match["box"])
    signs, text = _scan((match["rest"] or "").strip(BLANK))
    found: dict[str, set[str]] = {}
    for sign in signs:
        found.setdefault(sign.kind, set()).add(sign.value)
    dates = {kind: _date(kind, found.get(kind, set())) for kind in ("due", "done", "dropped")}
    owners = {owner.lower() for owner in found.get("owner", ())}
    if len(owners) > 1:
        raise ValueError("the task has two owners: #owner/rep and #owner/manager")
    first, second = ("dropped", "done") if status == "dropped" else ("done", "dropped")
    return Task(
        text=text,
        status=status,
        due=dates["due"],
        owner="rep" if owners == {"rep"} else "manager" if owners else None,
        id=next(iter(found.get("id", ())), None),
        closed_on=dates[first] or dates[second],
        indent=match["indent"],
    )


_WRITTEN_LINE: Final = re.compile(rf"^{_AS_WRITTEN.pattern}$", re.MULTILINE)


class WrittenTask(NamedTuple):
    """A task line as coach writes it: :class:`Task`'s values (``Task(*written)`` is the task)."""

    text: str
    status: ChangeStatus
    due: date
    owner: Owner
    id: str
    closed_on: date | None


def written_tasks(text: str) -> list[WrittenTask] | None:
    """``[parse_task(line) for line in text.split("\n")]`` when every line is a task line
    as coach writes it (:func:`format_task`, text free of signifiers); else None."""
    try:
        tasks = [_written(match) for match in _WRITTEN_LINE.finditer(text)]
    except ValueError:  # a date-shaped due date that is not a date
        return None
    return tasks if len(tasks) == text.count("\n") + 1 else None


def _task_as_written(match: re.Match[str]) -> Task:
    closed = match["closed"]
    return Task(
        text=match["text"],
        status=_status(match["box"]),
        due=_date("due", {match["due"]}),
        owner="rep" if match["owner"] == "rep" else "manager",
        id=match["id"],
        closed_on=_date(_KINDS[match["mark"]], {closed}) if closed else None,
    )


def _written(match: re.Match[str]) -> WrittenTask:
    box, text, due, _, closed, owner, block_id = match.groups()
    return WrittenTask(  # the dates are YYYY-MM-DD here: a wrong one is a ValueError
        text,
        _status(box),
        date.fromisoformat(due),
        "rep" if owner == "rep" else "manager",
        block_id,
        date.fromisoformat(closed) if closed else None,
    )


def _status(box: str) -> ChangeStatus:
    return "done" if box in ("x", "X") else "dropped" if box == "-" else "open"


def _date(kind: str, values: set[str]) -> date | None:
    if not values:
        return None
    if len(values) > 1:
        raise ValueError(f"the task has two {_WHAT[kind]}s: {' and '.join(sorted(values))}")
    (value,) = values
    try:
        if _ISO_DATE.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise ValueError(f"the {_WHAT[kind]} {value} is not a date: write it as YYYY-MM-DD")


def _scan(content: str) -> tuple[list[_Sign], str]:
    """The live signifiers of a line's text (without the box), and the text without them.

    From the right, so that what is left of a signifier keeps its positions:
    an escaped one loses half its backslashes, a live one is taken out by
    :func:`_take_out`, the same rule that takes a ✅ or ❌ out of a line.
    """
    signs = sorted(_find(content, at_end=True), key=_start)
    text = content
    for sign in reversed(signs):
        if sign.escaped:
            core = sign.start + sign.slashes
            text = text[: sign.start] + "\\" * (sign.slashes // 2) + text[core:]
        else:
            text = _take_out(text, sign)
    return [sign for sign in signs if not sign.escaped], text.strip(BLANK)


def _take_out(text: str, sign: _Sign) -> str:
    """``text`` without a live signifier and the blanks before it (after it, when it is first).

    The backslashes it stood after stay, as the text they were.
    """
    left, after = text[: sign.start] + "\\" * (sign.slashes // 2), text[sign.end :]
    if sign.slashes:
        return left + after
    if left.strip(BLANK):
        return left.rstrip(BLANK) + after
    return after.lstrip(BLANK)


def _find(text: str, *, at_end: bool) -> Iterator[_Sign]:
    """Every signifier in ``text``, escaped or not (``^id`` only if ``text`` ends the line)."""
    for m in _DATE_SIGN.finditer(text):
        slashes = len(m["bs"])
        kind = _KINDS[m["mark"]]
        yield _Sign(kind, m.start(), m.end(), m["date"], slashes, m.end("mark"))
    for m in _OWNER_SIGN.finditer(text):
        yield _Sign("owner", m.start(), m.end(), m["owner"], len(m["bs"]))
    if at_end and (last := _ID_SIGN.search(text)):
        yield _Sign("id", last.start(), last.end(), last["id"], len(last["bs"]))


def _start(sign: _Sign) -> int:
    return sign.start


def block_id(line: str) -> str | None:
    """The block id of a task line, read without the rest of the line."""
    match = _ID_SIGN.search(line.rstrip(BLANK))
    return match["id"] if match and len(match["bs"]) % 2 == 0 else None


def _escape(text: str, *, at_end: bool) -> str:
    """``text`` with a backslash run before each would-be signifier, so it reads as text."""
    out = []
    position = 0
    for sign in sorted(_find(text, at_end=at_end), key=_start):
        out += [text[position : sign.start], "\\" * (2 * sign.slashes + 1)]
        position = sign.start + sign.slashes
    out.append(text[position:])
    return "".join(out)


def _strip_ending(line: str) -> tuple[str, str]:
    for ending in ("\r\n", "\n", "\r"):
        if line.endswith(ending):
            return line[: -len(ending)], ending
    return line, ""


def strip_cr(line: str) -> tuple[str, str]:
    return (line[:-1], "\r") if line.endswith("\r") else (line, "")


# ---------------------------------------------------------------- changing a line


def _close(content: str, signs: list[_Sign], status: ChangeStatus, today: date, keep: bool) -> str:
    """A line's text (without the box) with the ✅/❌ signifiers ``status`` needs."""
    iso = today.isoformat()
    closing = [s for s in signs if s.kind in ("done", "dropped")]
    mine = [s for s in closing if s.kind == status]
    removed = [s for s in closing if s.kind != status]
    edits: list[tuple[int, int, str]] = []  # (start, end, new text), none overlapping
    if status != "open":
        mark = _DONE if status == "done" else _DROPPED
        if mine:
            if not keep:
                edits += [(s.end - len(s.value), s.end, iso) for s in mine]
        elif removed:
            swapped = removed.pop(0)
            edits.append((swapped.end - len(swapped.value), swapped.end, iso))
            edits.append((swapped.start + swapped.slashes, swapped.mark_end, mark))
        else:
            # before the owner tags and block id that end the line, after the blanks there
            at = len(content[: _tail_start(content, signs)].rstrip(BLANK))
            sign = f"{mark} {iso}"
            edits.append((at, at, f" {sign}" if at else f"{sign} " if content else sign))
    ended_with_id = _ID_SIGN.search(content) is not None
    edits += [(s.start, s.end, "") for s in removed]
    # from the right, so that what is left of an edit keeps its positions
    for start, end, new in sorted(edits, reverse=True):
        if new:
            content = content[:start] + new + content[end:]
        else:
            content = _take_out(content, next(s for s in removed if s.start == start))
    if not ended_with_id and (exposed := _ID_SIGN.search(content)):
        # taking the last signifier away left a block-id look-alike at the end: keep it text
        slashes = len(exposed["bs"])
        content = content[: exposed.start()] + "\\" * (slashes + 1) + content[exposed.start() :]
    return content


def _tail_start(content: str, signs: list[_Sign]) -> int:
    """Where the owner tags and block id that end a line's text begin (its end if none)."""
    end = len(content)
    if last := _ID_SIGN.search(content):  # an escaped look-alike too: it must stay last
        end = last.start()
    owners = {s.end: s for s in signs if s.kind == "owner"}
    while (owner := owners.get(len(content[:end].rstrip(BLANK)))) is not None:
        end = owner.start
    return end
