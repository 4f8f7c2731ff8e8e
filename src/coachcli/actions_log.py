"""Status changes of action items made outside a session.

`coach actions done ID` (and `drop`, `reopen`) never rewrite a note: the note
keeps the text as agreed. The change is appended to the rep's
``<home>/reps/<slug>/actions.toml``::

    # Status changes of action items, newest last (coach actions done/drop/reopen).
    change = [
        { action = "k3f9qz7", status = "done", date = 2026-11-27, comment = "Sent" },
    ]

The status of an action is the latest of: the note that agreed it ("open"),
reviews in later sessions, and these changes (by date; on the same date a
change here wins over a review). The file is plain TOML: it can be read,
edited and versioned like the notes.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from coachcli.errors import CoachError
from coachcli.layout import ACTIONS_FILE
from coachcli.records import STATUSES, ActionChange

HEADER = "# Status changes of action items, newest last (coach actions done/drop/reopen).\n"


def changes_path(rep_folder: Path) -> Path:
    return rep_folder / ACTIONS_FILE


def read_changes(path: Path, rep_slug: str) -> list[ActionChange]:
    """The changes in one rep's ``actions.toml``; CoachError naming the file when broken."""
    data = _read(path)
    entries = data.get("change", [])
    if not isinstance(entries, list):
        raise CoachError(f"{path}: 'change' must be a list of [[change]] tables")
    changes = []
    for number, entry in enumerate(entries, start=1):
        changes.append(_change(entry, rep_slug, path, number))
    return changes


def _read(path: Path) -> dict[str, Any]:
    """What the file holds ({} when there is none); CoachError naming the file if unreadable."""
    from coachcli.tomlfile import TomlFileError, load_toml

    if not path.exists():
        return {}
    try:
        return load_toml(path)[1]
    except TomlFileError as exc:
        raise CoachError(f"{path}: cannot be read ({exc.summary})") from None


def _change(entry: Any, rep_slug: str, path: Path, number: int) -> ActionChange:
    where = f"{path}: change {number}"
    if not isinstance(entry, dict):
        raise CoachError(f"{where} is not a table")
    action, status, when = entry.get("action"), entry.get("status"), entry.get("date")
    comment = entry.get("comment", "")
    if not isinstance(action, str) or not action:
        raise CoachError(f"{where}: 'action' must be the action's id")
    if status not in STATUSES:
        raise CoachError(f"{where}: 'status' must be one of {', '.join(STATUSES)}")
    if not isinstance(when, date):
        raise CoachError(f"{where}: 'date' must be a date like 2026-11-27 (no quotes)")
    if not isinstance(comment, str):
        raise CoachError(f"{where}: 'comment' must be text")
    return ActionChange(action, rep_slug, status, when, comment)


def append_change(rep_folder: Path, change: ActionChange) -> Path:
    """Add ``change`` to the rep's file (the whole file is rewritten atomically)."""
    import tomli_w

    from coachcli.fsys import atomic_write

    path = changes_path(rep_folder)
    unchanged = "Fix or remove that file by hand: it only holds status changes."
    try:
        data = _read(path)
    except CoachError as exc:
        raise CoachError(f"{exc.message}; nothing was changed.", hint=unchanged) from None
    entries = data.get("change", [])
    if not isinstance(entries, list):
        raise CoachError(
            f"{path}: 'change' must be a list of [[change]] tables; nothing was changed.",
            hint=unchanged,
        )
    entry: dict[str, Any] = {
        "action": change.action_id,
        "status": change.status,
        "date": change.date,
    }
    if change.comment:
        entry["comment"] = change.comment
    entries.append(entry)
    atomic_write(path, HEADER + tomli_w.dumps({**data, "change": entries}))
    return path
