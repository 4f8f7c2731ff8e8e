"""Drafts: an unfinished session, saved after every answer so that nothing typed is lost.

The draft is ``<home>/reps/<slug>/draft.json``: the questions picked, the
answers so far (keyed by step), the cursor and the time per section. The next
``coach start`` with the rep offers to resume it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from coachcli.errors import CoachError
from coachcli.fsys import atomic_write, leftovers, set_aside
from coachcli.layout import DRAFT_FILE
from coachcli.prompts import Asker, Prompt, PromptSpec, SectionInfo, StepId

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
    final: bool = False
    """That note's task line is its status (format 2): a review ticks it there too."""


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
    """Section id -> wall-clock seconds spent in it, pauses left out ("_setup": before any)."""
    logged: bool = False
    """A 1:1 logged afterwards: ``started`` is when it happened; sections' time is planned."""
    minutes: int | None = None
    """The 1:1's length when given up front (``--minutes``, an answers file); else asked."""
    history: dict[str, Any] = Field(default_factory=dict)
    """Last values of ratings and metrics, offered as defaults."""
    quick: bool = False
    """``coach start --quick``: required questions, the review and the action items only."""
    skipping: str = ""
    """The block (see ``SessionSteps.block``) whose rest /next passes over."""
    passed: list[str] = Field(default_factory=list)
    """Questions /next passed over: not asked, so not in the note either."""
    partial: list[str] = Field(default_factory=list)
    """Answers cut short (Ctrl-C, /pause in a list): what is typed next is added to them."""
    subject: str = ""
    """The deal or account the session is about (asked before it starts)."""

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
    A newer draft that a killed process wrote but never renamed into place
    is taken instead (see :func:`recover`).
    """
    recover(folder)
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
        try:
            aside = set_aside(path)
        except CoachError as exc:
            return None, f"A draft could not be read, nor set aside: {exc.message}"
        return None, f"A draft could not be read; it was kept as {aside} and a new session starts."


def recover(folder: Path) -> None:
    """Put the newest complete leftover draft in place, if newer than the draft; drop the rest.

    Called under the rep's lock, so no other process is writing the draft. A
    leftover that parses as a whole draft was fully written: only its rename
    was lost.
    """
    path = draft_path(folder)
    current = _mtime(path)
    mine = [p for target, p in leftovers(folder) if target == DRAFT_FILE]
    for leftover in sorted(mine, key=_mtime, reverse=True):
        with contextlib.suppress(OSError, ValidationError):
            if _mtime(leftover) > current:
                Draft.model_validate_json(leftover.read_bytes())
                leftover.replace(path)
                current = _mtime(path)
                continue
        with contextlib.suppress(OSError):
            leftover.unlink()


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1


def discard_draft(folder: Path) -> None:
    """Delete the rep's draft (after the note is written, or when asked to)."""
    with contextlib.suppress(FileNotFoundError):
        draft_path(folder).unlink()


_WHERE = SectionInfo("_draft", "Saving the draft", "", 0, 0, 0)
_FOLDER = Prompt.of(
    PromptSpec(
        text="Save the draft in which folder? (Enter: keep it in memory for now)",
        type="text",
        context="e.g. a USB stick or another disk: /media/usb",
    ),
    StepId("draft", part="folder"),
    _WHERE,
)
_BEFORE_STOPPING = Prompt.of(
    PromptSpec(
        text="The draft must be saved before coach stops. Free some space and press Enter "
        "to try again, or type another folder:",
        type="text",
        context="e.g. a USB stick or another disk: /media/usb",
    ),
    StepId("draft", part="folder"),
    _WHERE,
)


def _shown(value: object) -> str:
    return "\n".join(value) if isinstance(value, list) else str(value)


class DraftKeeper:
    """Saves the draft after every answer; when the disk refuses, nothing typed is lost.

    On the first failed save (a full disk, a read-only home), the manager is
    told why, shown the answer just typed, and asked whether to go on with
    the answers in memory (every later answer tries the save again, and says
    whether it worked) or to save the draft in another folder. Before the
    session stops without a note, :meth:`secure` makes sure the draft is on
    disk somewhere: it tries again for as long as the manager asks.
    """

    def __init__(
        self, folder: Path, asker: Asker, label: Callable[[str], str] | None = None
    ) -> None:
        self.folder = folder
        self.home_folder = folder
        self.asker = asker
        self.failing: CoachError | None = None
        self.label = label or (lambda key: key)
        """The question a draft key answers, for showing answers back (set by the engine)."""

    @property
    def path(self) -> Path:
        return draft_path(self.folder)

    @property
    def moved(self) -> bool:
        """The draft was saved outside the rep's folder (the disk there refused)."""
        return self.folder != self.home_folder

    def save(self, draft: Draft) -> None:
        """Save ``draft``; on failure keep it in memory (and ask, the first time)."""
        try:
            save_draft(self.folder, draft)
        except CoachError as exc:
            first = self.failing is None
            self.failing = exc
            if first:
                self._first_failure(exc, draft)
            else:
                self.asker.notice("Not saved yet (the disk still refuses); kept in memory.")
            return
        if self.failing is not None:
            self.failing = None
            self.asker.notice(f"The draft is saved again: {self.path}")

    def secure(self, draft: Draft) -> None:
        """Make sure the draft is on disk before the session stops; CoachError if it cannot be."""
        if self.failing is None:
            return
        self.save(draft)
        while self.failing is not None:
            try:
                reply = self.asker.ask(_BEFORE_STOPPING)
            except (KeyboardInterrupt, EOFError):
                typed = [f"{self.label(k)}\n  {_shown(v)}" for k, v in draft.answers.items() if v]
                self.asker.notice("Your answers, to copy:\n" + "\n".join(typed))
                raise CoachError(
                    f"{self.failing.message} The draft was not saved.",
                    hint="Your answers are printed above: copy them before closing this terminal.",
                ) from None
            where = str(reply.value or "").strip() if reply.command == "answer" else ""
            self._save_in(Path(where).expanduser() if where else self.folder, draft)

    def _first_failure(self, exc: CoachError, draft: Draft) -> None:
        self.asker.notice(f"{exc.message} Nothing is lost: your answers are kept in memory.")
        if draft.answers:
            key, value = list(draft.answers.items())[-1]
            self.asker.notice(f"Your last answer ({self.label(key)}), to copy:\n{_shown(value)}")
        if self.asker.confirm("Keep going, and try to save again after each answer?", True):
            return
        while self.failing is not None:
            reply = self.asker.ask(_FOLDER)
            if reply.command != "answer" or not str(reply.value or "").strip():
                return
            self._save_in(Path(str(reply.value).strip()).expanduser(), draft)

    def _save_in(self, folder: Path, draft: Draft) -> None:
        """Try to save the draft in ``folder``; say how it went."""
        try:
            save_draft(folder, draft)
        except CoachError as exc:
            self.asker.notice(exc.message)
            return
        self.folder, self.failing = folder, None
        if self.moved:
            self.asker.notice(
                f"The draft is saved in {self.path}. To resume it, move it to "
                f"{draft_path(self.home_folder)} and run coach start again."
            )
        else:
            self.asker.notice(f"The draft is saved: {self.path}")
