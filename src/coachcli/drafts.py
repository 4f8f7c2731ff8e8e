"""Drafts: an unfinished session, saved after every answer so that nothing typed is lost.

The draft is ``<home>/reps/<slug>/draft.json``: the questions picked, the
answers so far (keyed by step), the cursor and the time per section. The next
``coach start`` with the rep offers to resume it.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from coachcli.fsys import atomic_write
from coachcli.layout import DRAFT_FILE

DRAFT_VERSION = 1


@dataclass(frozen=True)
class OpenAction:
    """An action item from an earlier session that is still open, as the draft keeps it."""

    id: str
    text: str
    owner: str
    due: date
    note: str
    """The note it was agreed in (file name)."""
    session_date: date


class Draft(BaseModel):
    """Everything needed to resume a session exactly where it stopped."""

    model_config = ConfigDict(extra="forbid")

    version: int = DRAFT_VERSION
    rep: str
    rep_slug: str
    manager: str = ""
    framework: str
    framework_version: str
    framework_ref: str
    """What the session was started with: an id or a path."""
    started: datetime
    today: date
    plan: dict[str, list[str]]
    """Section id -> the ids of the questions picked for this session."""
    open_actions: list[dict[str, Any]] = Field(default_factory=list)
    answers: dict[str, Any] = Field(default_factory=dict)
    """Step key (see :class:`coachcli.prompts.StepId`) -> the answer given."""
    cursor: int = 0
    seconds: dict[str, float] = Field(default_factory=dict)
    history: dict[str, Any] = Field(default_factory=dict)
    """Last values of ratings and metrics, for context lines."""

    def actions(self) -> list[OpenAction]:
        return [OpenAction(**{**a, "due": date.fromisoformat(str(a["due"])),
                              "session_date": date.fromisoformat(str(a["session_date"]))})
                for a in self.open_actions]  # fmt: skip


def draft_path(folder: Path) -> Path:
    """Where a rep's unfinished session is kept."""
    return folder / DRAFT_FILE


def save_draft(folder: Path, draft: Draft) -> None:
    """Save the draft atomically (called after every answer)."""
    atomic_write(draft_path(folder), draft.model_dump_json(indent=1))


def load_draft(folder: Path) -> tuple[Draft | None, str]:
    """The rep's draft, if any, and a message when one exists but cannot be read.

    An unreadable draft is renamed aside (never deleted) so nothing is lost.
    """
    path = draft_path(folder)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, ""
    except OSError as exc:
        return None, f"Cannot read the draft {path}: {exc.strerror}."
    try:
        return Draft.model_validate_json(raw), ""
    except ValidationError:
        aside = path.with_name(f"{DRAFT_FILE}.unreadable-{int(time.time())}")
        with contextlib.suppress(OSError):
            path.rename(aside)
        return None, f"A draft could not be read; it was kept as {aside} and a new session starts."


def discard_draft(folder: Path) -> None:
    """Delete the rep's draft (after the note is written, or when asked to)."""
    with contextlib.suppress(FileNotFoundError):
        draft_path(folder).unlink()
