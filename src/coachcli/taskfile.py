"""Changing an action item's task line in a note file: the box, its date, a comment under it.

The line format is :mod:`coachcli.tasks`; this module finds the one line
with the action's block id in a note, changes it there, and writes the note
atomically with every other byte as it was.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Final

from coachcli.errors import CoachError
from coachcli.fsys import atomic_write, read_bytes
from coachcli.records import ChangeStatus
from coachcli.tasks import (
    BLANK,
    TASK_LINE,
    Task,
    block_id,
    parse_task,
    set_status,
    strip_cr,
    task_lines,
)

_COMMENT_WORDS: Final[dict[ChangeStatus, str]] = {
    "open": "reopened",
    "done": "done",
    "dropped": "dropped",
}


def rewrite_task_in_file(
    path: Path, action_id: str, status: ChangeStatus, today: date, comment: str = ""
) -> Task:
    """Set the status of the task ``^action_id`` in the note at ``path``; return the task.

    The task line (outside fenced code blocks) is changed by
    :func:`set_status`. A ``comment`` becomes one line right under the task
    and any lines already indented under it: ``    - 2026-12-02 done: …``.
    The note is written atomically; every other byte stays as it was (line
    ends, a missing final newline). Nothing is written when nothing changes.

    The caller holds the rep's lock (:func:`coachcli.fsys.rep_lock`): reading
    and writing the note here are not atomic together without it.

    CoachError naming the file when the id is not found, is found twice, or
    its line cannot be read or changed.
    """
    raw = read_bytes(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CoachError(
            f"{path} is not UTF-8 text (byte {exc.start + 1}).", hint="Save it as UTF-8."
        ) from None
    found = [number for number, line in task_lines(text) if block_id(line) == action_id]
    if not found:
        raise CoachError(
            f"No task with the id ^{action_id} in {path}.",
            hint=f"The action item's task line must end with ^{action_id}.",
        )
    if len(found) > 1:
        where = ", ".join(str(number) for number in found)
        raise CoachError(
            f"The id ^{action_id} is on {len(found)} task lines in {path} (lines {where}).",
            hint="Keep it on one task line only, then try again.",
        )
    lines = text.split("\n")
    index = found[0] - 1
    bom = "\ufeff" if index == 0 and lines[0].startswith("\ufeff") else ""
    body, cr = strip_cr(lines[index].removeprefix(bom))
    try:
        changed = set_status(body, status, today)
    except ValueError as exc:
        raise CoachError(
            f"{path}, line {found[0]}: {exc}.", hint="Correct the task line, then try again."
        ) from None
    lines[index] = bom + changed + cr
    note = " ".join(part.strip() for part in comment.splitlines() if part.strip())
    if note:
        _add_comment(lines, index, f"{today.isoformat()} {_COMMENT_WORDS[status]}: {note}")
    new_text = "\n".join(lines)
    if new_text != text:
        atomic_write(path, new_text.encode("utf-8"))
    task = parse_task(changed)
    assert task is not None  # set_status checked it
    return task


def _add_comment(lines: list[str], index: int, comment: str) -> None:
    """Insert ``- comment`` under the task on ``lines[index]``, after the lines under it."""
    task = TASK_LINE.match(strip_cr(lines[index])[0].removeprefix("\ufeff"))
    assert task is not None
    indent = task["indent"]
    column = _columns(indent)
    inside = _columns(task.group()[: task.start("box") - 1]) - column  # bullet and gap
    last = index
    for number in range(index + 1, len(lines)):
        line = strip_cr(lines[number])[0]
        if not line.strip(BLANK):
            continue
        if _columns(line[: len(line) - len(line.lstrip(BLANK))]) < column + inside:
            break
        last = number
    eol = strip_cr(lines[last])[1]
    new = f"{indent}{' ' * max(4, inside)}- {comment}"
    if last == len(lines) - 1:  # the last line of a file that does not end with a newline
        if "\r\n" in "\n".join(lines):
            lines[last] += "\r"
        lines.append(new)
    else:
        lines.insert(last + 1, new + eol)


def _columns(start: str) -> int:
    """The width of the start of a line, a tab going to the next multiple of 4 (as CommonMark)."""
    width = 0
    for char in start:
        width = width + 4 - width % 4 if char == "\t" else width + 1
    return width
