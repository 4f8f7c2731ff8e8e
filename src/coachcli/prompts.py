"""The seam between the session engine and whoever answers: prompts, replies, the Asker.

The engine never touches the terminal. It builds a :class:`Prompt` for each
step and hands it to an :class:`Asker`: the terminal asker
(``coachcli.cli.asker``), an answers file (:mod:`coachcli.answers`) and the
tests' scripted asker all drive the same engine.

A step is named by a :class:`StepId` (kind, running number, part). Its
string form (``q:goal``, ``fb:2:situation``, ``act:1:due``) is the key under
which the draft keeps the answer; it is built and parsed here only.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Literal, Protocol, get_args

from coachcli.session import Value

if TYPE_CHECKING:
    from coachcli.analytics import Brief

PromptType = Literal[
    "text", "scale", "choice", "multi", "number", "yesno", "list", "date", "day", "review", "name"
]
"""Question types, plus: date = a due date (today or later, "+7d", "fri");
day = any calendar date (YYYY-MM-DD); review = the outcome of an earlier action;
name = one of ``options`` (by number or name) or a new one typed (one line)."""

StepKind = Literal[
    "review",
    "q",
    "fb",
    "rating",
    "metric",
    "act",
    "summary",
    "minutes",
    "rep",
    "framework",
    "draft",
    "subject",
]
"""review: an earlier action's outcome (part = its id); q: a question (part = its id);
fb: feedback number N (part = "template", a slot name or "ok"); rating, metric
(part = the id); act: action item N (part = "text", "owner" or "due"); summary;
minutes: the length of the 1:1, confirmed at the end;
rep: a new rep's profile (part = "role", "start" or "cadence"), or which rep a name
typed in part means (part = "which"); framework: the choice;
subject: the deal or account the session is about;
draft: where to keep the draft when its folder cannot be written (part = "folder")."""

_NUMBERED: tuple[StepKind, ...] = ("fb", "act")
_WHOLE: tuple[StepKind, ...] = ("summary", "minutes", "framework", "subject")


@dataclass(frozen=True)
class StepId:
    """What a step asks for: its kind, the running number (feedback, actions) and the part."""

    kind: StepKind
    number: int = 0
    part: str = ""

    def __str__(self) -> str:
        if self.kind in _WHOLE:
            return self.kind
        if self.kind in _NUMBERED:
            return f"{self.kind}:{self.number}:{self.part}"
        return f"{self.kind}:{self.part}"

    @classmethod
    def parse(cls, key: str) -> StepId:
        """The step a draft key names; ValueError if it names none."""
        kind, _, rest = key.partition(":")
        if kind not in get_args(StepKind):
            raise ValueError(f"not a step: {key!r}")
        if kind in _WHOLE:
            if rest:
                raise ValueError(f"not a step: {key!r}")
            return cls(kind)
        if kind in _NUMBERED:
            number, _, part = rest.partition(":")
            if not (number.isdigit() and part):
                raise ValueError(f"not a step: {key!r}")
            return cls(kind, int(number), part)
        if not rest:
            raise ValueError(f"not a step: {key!r}")
        return cls(kind, 0, rest)  # type: ignore[arg-type]

    def sibling(self, part: str) -> StepId:
        """Another part of the same feedback or action item."""
        return StepId(self.kind, self.number, part)


@dataclass(frozen=True)
class SectionInfo:
    """The part of the session a prompt belongs to."""

    id: str
    title: str
    kind: str
    """coaching, performance, or "" for the review and the wrap-up."""
    planned_minutes: int
    seconds_used: int
    number: int
    """1-based among the framework's sections; 0 for the review and the wrap-up."""
    intro: str = ""
    timed: bool = True
    """False for a 1:1 logged afterwards: the time at the prompts is not the meeting's."""
    shared: bool | None = None
    """Whether the rep receives this section's answers (``coach share``); None: not a section."""
    self_review: bool = False
    """The session is a self-review (:mod:`coachcli.self_review_ids`): the rep is the manager,
    so a shared part is not "shared with the rep"."""


@dataclass(frozen=True, kw_only=True)
class PromptSpec:
    """What one step asks and how an answer is checked, before it is placed in the session."""

    text: str
    type: PromptType
    required: bool = False
    multiline: bool = False
    help: str = ""
    probes: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    """Other accepted names for ``options``, position by position (e.g. ids)."""
    labels: tuple[str, ...] = ()
    """For a scale: one label per level, from ``low`` upward."""
    low: int = 1
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False
    unit: str = ""
    default: Value | None = None
    default_note: str = ""
    """Where the default comes from, shown beside it ("last time"): Enter keeps it."""
    context: str = ""
    """One line shown with the prompt, e.g. "target 8 · last 6 (+2)"."""
    preview: str = ""
    """Text to show before the prompt, e.g. the rendered feedback statement."""

    @property
    def high(self) -> int:
        return self.low + len(self.labels) - 1


@dataclass(frozen=True, kw_only=True)
class Prompt(PromptSpec):
    """One thing to ask, with everything an asker needs to show and check it."""

    id: StepId
    section: SectionInfo
    current: Value | None = None
    """The answer already given (after "back" or on resume)."""
    error: str = ""
    """Why the last reply to this prompt was not accepted."""
    step: int = 0
    steps: int = 0

    @property
    def key(self) -> str:
        """The step's key, as the draft and the tests name it (``q:goal``)."""
        return str(self.id)

    @classmethod
    def of(
        cls,
        spec: PromptSpec,
        id: StepId,
        section: SectionInfo,
        *,
        current: Value | None = None,
        error: str = "",
        step: int = 0,
        steps: int = 0,
    ) -> Prompt:
        """Place ``spec`` in the session: which step it is, in which section."""
        values = {f.name: getattr(spec, f.name) for f in fields(PromptSpec)}
        return cls(
            **values, id=id, section=section, current=current, error=error, step=step, steps=steps
        )


Command = Literal["answer", "skip", "back", "pause", "next"]
"""next: finish the current block (the rest of a section, of the ratings, of the metrics)."""


@dataclass(frozen=True)
class Reply:
    """What came back: an answer (raw text or a typed value) or a command."""

    command: Command = "answer"
    value: object = None


def answer(value: object) -> Reply:
    return Reply("answer", value)


SKIP = Reply("skip")
BACK = Reply("back")
PAUSE = Reply("pause")
NEXT = Reply("next")


class Asker(Protocol):
    """The one seam between the engine and whoever answers."""

    def ask(self, prompt: Prompt) -> Reply:
        """Ask one prompt; raise KeyboardInterrupt or EOFError if the person stops."""
        ...

    def confirm(self, question: str, default: bool) -> bool:
        """A yes/no decision about the session itself (resume, keep the draft)."""
        ...

    def begin_section(self, section: SectionInfo) -> None:
        """A new part of the session starts."""
        ...

    def notice(self, text: str) -> None:
        """Something to tell the manager (not a question)."""
        ...

    def brief(self, brief: Brief) -> None:
        """Where the rep stands, shown before the session starts."""
        ...
