"""Notes of the index tests (and of the workers' tests, which must read the same): one
1:1 a day in March 2026, written with a modification time long past; every row of an index."""

from __future__ import annotations

import os
import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from coachcli.home import Home
from coachcli.notes import write_note
from coachcli.session import ActionItem, Answer, SectionRecord, Session

CET = timezone(timedelta(hours=1))
OLD = 1_700_000_000  # a time long past, for files that must not look freshly written


def session(
    rep: str = "Alex Kim",
    slug: str = "alex-kim",
    day: int = 1,
    *,
    framework: str = "grow",
    kind: str = "coaching",
    answer: str = "Better discovery calls with the economic buyer.",
    summary: str = "Worked on discovery.",
    **changes: Any,
) -> Session:
    started = datetime(2026, 3, day, 10, 0, tzinfo=CET)
    fields: dict[str, Any] = {
        "rep": rep,
        "rep_slug": slug,
        "manager": "Sam Rivera",
        "started": started,
        "ended": started + timedelta(minutes=30),
        "framework": framework,
        "framework_name": framework.upper(),
        "framework_version": "1",
        "kind": kind,
        "sections": [
            SectionRecord(
                id="goal",
                title="Goal",
                kind="coaching",
                planned_minutes=10,
                seconds=600,
                answers=[
                    Answer(id="goal-topic", prompt="What to work on?", type="text", value=answer)
                ],
            ),
            SectionRecord(
                id="numbers",
                title="Numbers",
                kind="performance",
                planned_minutes=5,
                seconds=300,
                answers=[Answer(id="calls", prompt="Calls made?", type="number", value=42)],
            ),
        ],
        "ratings": {"discovery": 3},
        "metrics": {"calls": 42.0},
        "actions": [ActionItem(id=f"a{day}", text=f"Action of day {day}", due=date(2026, 4, day))],
        "summary": summary,
    }
    fields.update(changes)
    return Session(**fields)


def write(home: Home, note: Session, when: int = OLD) -> Path:
    """Write ``note`` into its rep's folder, dated ``when`` (seconds since the epoch)."""
    path = write_note(home.reps_dir / note.rep_slug, note)
    os.utime(path, (when, when))
    return path


def dump_index(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table of the index at ``path`` (the full-text one's too), but ``meta``."""
    conn = sqlite3.connect(path)
    try:
        tables = ["files", "notes", "actions", "reviews", "changes", "note_text"]
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
    finally:
        conn.close()
