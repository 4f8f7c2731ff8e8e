"""The session engine: walks a framework with a manager, one prompt at a time.

The engine never touches the terminal. It talks to the outside through one
seam, the :class:`Asker` protocol: a terminal asker (``coachcli.cli.asker``),
an answers file (:mod:`coachcli.answers`) and the tests' scripted asker all
drive the same engine.

State lives in a :class:`Draft`: the questions picked for this session, the
answers given so far (keyed by step), the cursor and the time per section.
The list of steps is derived from the framework and the answers, so "back",
"pause" and "resume" are just moves of the cursor, and the draft is saved
atomically after every reply.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from coachcli.analytics import Brief
from coachcli.framework import (
    ChoiceQuestion,
    Framework,
    ListQuestion,
    MultiQuestion,
    NumberQuestion,
    ScaleQuestion,
    TextQuestion,
    YesNoQuestion,
)
from coachcli.session import (
    ActionItem,
    Answer,
    Feedback,
    Review,
    SectionRecord,
    Session,
    Value,
)

DRAFT_VERSION = 1
REVIEW_SECTION = "_review"
WRAP_UP_SECTION = "_wrap-up"
REVIEW_OUTCOMES = ("done", "not-done", "dropped")
REVIEW_LABELS = ("done", "not done", "drop")

PromptType = Literal[
    "text", "scale", "choice", "multi", "number", "yesno", "list", "date", "day", "review"
]
"""Question types, plus: date = a due date (today or later, "+7d", "fri");
day = any calendar date (YYYY-MM-DD); review = the outcome of an earlier action."""


# --------------------------------------------------------------------------- the seam


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


@dataclass(frozen=True)
class Prompt:
    """One thing to ask, with everything an asker needs to show and check it."""

    key: str
    text: str
    type: PromptType
    section: SectionInfo
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
    current: Value | None = None
    """The answer already given (after "back" or on resume)."""
    context: str = ""
    """One line shown with the prompt, e.g. "target 8 · last 6 (+2)"."""
    preview: str = ""
    """Text to show before the prompt, e.g. the rendered feedback statement."""
    error: str = ""
    """Why the last reply to this prompt was not accepted."""
    step: int = 0
    steps: int = 0

    @property
    def high(self) -> int:
        return self.low + len(self.labels) - 1


Command = Literal["answer", "skip", "back", "pause"]


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


# --------------------------------------------------------------------------- the draft


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
    cursor: int = 0
    seconds: dict[str, float] = Field(default_factory=dict)
    history: dict[str, Any] = Field(default_factory=dict)
    """Last values of ratings and metrics, for context lines."""

    def actions(self) -> list[OpenAction]:
        return [OpenAction(**{**a, "due": date.fromisoformat(str(a["due"])),
                              "session_date": date.fromisoformat(str(a["session_date"]))})
                for a in self.open_actions]  # fmt: skip


# --------------------------------------------------------------------------- steps


@dataclass(frozen=True)
class Step:
    key: str
    section: str
    build: Callable[[], dict[str, Any]] = field(compare=False)


class Engine:
    """Runs one session: builds the steps, asks them, keeps the draft current."""

    def __init__(
        self,
        framework: Framework,
        draft: Draft,
        save: Callable[[Draft], None],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.fw = framework
        self.draft = draft
        self.save = save
        self.clock = clock
        self._questions = {q.id: (s, q) for s in framework.sections for q in s.questions}
        self._templates = {t.id: t for t in framework.feedback}

    # ----------------------------------------------------------------- building steps

    def steps(self) -> list[Step]:
        """Every step of the session, given the answers so far."""
        out: list[Step] = []
        answers = self.draft.answers
        for action in self.draft.actions():
            out.append(Step(f"review:{action.id}", REVIEW_SECTION, _bind(self._review, action)))
        for section in self.fw.sections:
            for qid in self.draft.plan.get(section.id, []):
                if qid in self._questions:
                    out.append(Step(f"q:{qid}", section.id, _bind(self._question, qid)))
        if self.fw.feedback:
            n = 1
            while True:
                key = f"fb:{n}"
                out.append(Step(f"{key}:template", WRAP_UP_SECTION, _bind(self._fb_template, n)))
                template = self._templates.get(str(answers.get(f"{key}:template") or ""))
                if template is None:
                    break
                for slot in template.slots:
                    out.append(
                        Step(
                            f"{key}:{slot.name}",
                            WRAP_UP_SECTION,
                            _bind(self._fb_slot, n, slot.name),
                        )
                    )
                out.append(Step(f"{key}:ok", WRAP_UP_SECTION, _bind(self._fb_ok, n)))
                n += 1
        for rating in self.fw.ratings:
            out.append(Step(f"rating:{rating.id}", WRAP_UP_SECTION, _bind(self._rating, rating.id)))
        for metric in self.fw.metrics:
            out.append(Step(f"metric:{metric.id}", WRAP_UP_SECTION, _bind(self._metric, metric.id)))
        if self.fw.closing.actions:
            n = 1
            while True:
                out.append(Step(f"act:{n}:text", WRAP_UP_SECTION, _bind(self._act_text, n)))
                if not answers.get(f"act:{n}:text"):
                    break
                out.append(Step(f"act:{n}:owner", WRAP_UP_SECTION, _bind(self._act_owner, n)))
                out.append(Step(f"act:{n}:due", WRAP_UP_SECTION, _bind(self._act_due, n)))
                n += 1
        if self.fw.closing.summary:
            out.append(Step("summary", WRAP_UP_SECTION, self._summary))
        return out

    def _review(self, action: OpenAction) -> dict[str, Any]:
        from coachcli.dates import humanize_due

        when = f"due {action.due.isoformat()}, {humanize_due(action.due, self.draft.today)}"
        return {
            "text": f"{action.text}",
            "type": "review",
            "options": REVIEW_LABELS,
            "context": f"{action.owner} · agreed {action.session_date.isoformat()} · {when}",
            "help": "Answer done, not done or drop; add a comment after it, "
            "e.g. 'not done waiting on legal'. Enter leaves it open without an outcome.",
        }

    def _question(self, qid: str) -> dict[str, Any]:
        _, q = self._questions[qid]
        spec: dict[str, Any] = {
            "text": q.prompt,
            "type": q.type,
            "required": q.required,
            "help": q.help,
            "probes": tuple(q.probes),
        }
        if isinstance(q, TextQuestion):
            spec.update(multiline=q.multiline, default=q.default)
        elif isinstance(q, ScaleQuestion):
            spec.update(labels=tuple(q.labels), low=q.min, default=q.default)
        elif isinstance(q, ChoiceQuestion | MultiQuestion):
            default: Value | None = q.default if q.default else None
            spec.update(options=tuple(q.options), default=default)
        elif isinstance(q, NumberQuestion):
            spec.update(
                minimum=q.min, maximum=q.max, integer=q.integer, unit=q.unit, default=q.default
            )
        elif isinstance(q, YesNoQuestion):
            spec.update(default=q.default)
        elif isinstance(q, ListQuestion):
            spec.update(default=list(q.default) or None)
        return spec

    def _fb_template(self, n: int) -> dict[str, Any]:
        names = tuple(t.name for t in self.fw.feedback)
        return {
            "text": "Give feedback?" if n == 1 else "Any more feedback?",
            "type": "choice",
            "options": names,
            "aliases": tuple(t.id for t in self.fw.feedback),
            "context": "Choose a template, or press Enter for none.",
            "help": "\n".join(f"{t.name}: {t.help}" for t in self.fw.feedback if t.help),
        }

    def _fb_slot(self, n: int, slot_name: str) -> dict[str, Any]:
        template = self._templates[str(self.draft.answers[f"fb:{n}:template"])]
        slot = next(s for s in template.slots if s.name == slot_name)
        return {
            "text": slot.prompt,
            "type": "text",
            "required": slot.required,
            "help": slot.help or template.help,
            "context": f"{template.name}: {template.render({})}",
        }

    def _fb_ok(self, n: int) -> dict[str, Any]:
        return {
            "text": "Keep this feedback? (no = write it again)",
            "type": "yesno",
            "default": True,
            "preview": self._render_feedback(n),
        }

    def _render_feedback(self, n: int) -> str:
        template = self._templates[str(self.draft.answers[f"fb:{n}:template"])]
        values = {
            s.name: str(self.draft.answers.get(f"fb:{n}:{s.name}") or "") for s in template.slots
        }
        return template.render(values)

    def _rating(self, rating_id: str) -> dict[str, Any]:
        rating = next(r for r in self.fw.ratings if r.id == rating_id)
        last = self.draft.history.get("ratings", {}).get(rating_id)
        return {
            "text": f"Rate: {rating.name}",
            "type": "scale",
            "labels": tuple(rating.anchors),
            "low": rating.min,
            "help": rating.help,
            "context": f"last time: {last}" if last is not None else "first rating",
        }

    def _metric(self, metric_id: str) -> dict[str, Any]:
        metric = next(m for m in self.fw.metrics if m.id == metric_id)
        bits: list[str] = [metric.indicator]
        if metric.target is not None:
            bits.append(f"target {_fmt(metric.target)}{(' ' + metric.unit) if metric.unit else ''}")
        last = self.draft.history.get("metrics", {}).get(metric_id)
        if last is not None:
            bits.append(f"last {_fmt(float(last))}")
        return {
            "text": metric.name,
            "type": "number",
            "unit": metric.unit,
            "help": metric.help,
            "context": " · ".join(bits),
        }

    def _act_text(self, n: int) -> dict[str, Any]:
        return {
            "text": self.fw.closing.actions_prompt if n == 1 else "Another action item?",
            "type": "text",
            "context": f"Action item {n}; press Enter when there are no more.",
        }

    def _act_owner(self, n: int) -> dict[str, Any]:
        return {
            "text": "Who owns it?",
            "type": "choice",
            "options": ("rep", "manager"),
            "default": "rep",
            "required": True,
        }

    def _act_due(self, n: int) -> dict[str, Any]:
        default = self.draft.today + timedelta(days=self.fw.closing.default_due_days)
        return {
            "text": "Due when?",
            "type": "date",
            "default": default.isoformat(),
            "required": True,
            "context": "e.g. 2026-12-04, +7d, fri, next friday",
        }

    def _summary(self) -> dict[str, Any]:
        return {"text": self.fw.closing.summary_prompt, "type": "text", "multiline": True}

    # ----------------------------------------------------------------- prompts

    def section_info(self, section_id: str) -> SectionInfo:
        used = int(self.draft.seconds.get(section_id, 0))
        if section_id == REVIEW_SECTION:
            return SectionInfo(section_id, "Commitments from last time", "", 0, used, 0)
        if section_id == WRAP_UP_SECTION:
            return SectionInfo(section_id, "Feedback, ratings and next steps", "", 0, used, 0)
        for number, section in enumerate(self.fw.sections, start=1):
            if section.id == section_id:
                return SectionInfo(
                    section.id, section.title, section.kind, section.minutes, used, number,
                    section.intro,
                )  # fmt: skip
        raise KeyError(section_id)

    def prompt(self, steps: list[Step], index: int, error: str = "") -> Prompt:
        step = steps[index]
        spec = step.build()
        # "[2/3]" counts within the section; the wrap-up grows as actions are
        # added, so it shows no count rather than a total that keeps moving
        number, total = 0, 0
        if step.section != WRAP_UP_SECTION:
            same = [i for i, s in enumerate(steps) if s.section == step.section]
            number, total = same.index(index) + 1, len(same)
        return Prompt(
            key=step.key,
            section=self.section_info(step.section),
            current=self.draft.answers.get(step.key),
            error=error,
            step=number,
            steps=total,
            **spec,
        )

    # ----------------------------------------------------------------- running

    def run(self, asker: Asker) -> Literal["finished", "paused"]:
        """Ask every remaining step; return when finished or paused.

        KeyboardInterrupt and EOFError from the asker propagate after the
        draft has been saved (it is saved after every reply anyway).
        """
        shown_section = ""
        error = ""
        while True:
            steps = self.steps()
            if self.draft.cursor >= len(steps):
                return "finished"
            step = steps[self.draft.cursor]
            if step.section != shown_section:
                asker.begin_section(self.section_info(step.section))
                shown_section = step.section
            prompt = self.prompt(steps, self.draft.cursor, error)
            error = ""
            asked_at = self.clock()
            try:
                reply = asker.ask(prompt)
            except (KeyboardInterrupt, EOFError) as stop:
                self._keep_partial(prompt, getattr(stop, "partial", None))
                raise
            elapsed = self.clock() - asked_at
            self.draft.seconds[step.section] = self.draft.seconds.get(step.section, 0.0) + elapsed
            if reply.command == "pause":
                self.save(self.draft)
                return "paused"
            if reply.command == "back":
                if self.draft.cursor == 0:
                    asker.notice("This is the first question.")
                else:
                    self.draft.cursor -= 1
                    shown_section = ""
                self.save(self.draft)
                continue
            try:
                value = self._accept(prompt, reply)
            except ValueError as exc:
                error = str(exc)
                continue
            self._store(step.key, value)
            self.save(self.draft)
            change = self._change(step.key, value)
            if change:
                asker.notice(change)

    def _keep_partial(self, prompt: Prompt, partial: object) -> None:
        """Save the part of a multi-line answer typed before Ctrl-C or the end of input.

        It becomes the question's current answer (the cursor stays), so the
        resumed session shows it and Enter keeps it.
        """
        if partial in (None, "", []):
            return
        try:
            value = parse_value(prompt, partial, self.draft.today)
        except ValueError:
            return
        self.draft.answers[prompt.key] = value
        self.save(self.draft)

    def _change(self, key: str, value: Value | None) -> str:
        """For a rating or metric: the change since last time, and the target."""
        kind, _, item = key.partition(":")
        if kind not in ("rating", "metric") or not isinstance(value, int | float):
            return ""
        last = self.draft.history.get(kind + "s", {}).get(item)
        parts = []
        if last is not None:
            delta = float(value) - float(last)
            parts.append(
                "no change since last time" if delta == 0 else f"{delta:+g} since last time"
            )
        if kind == "metric":
            metric = next(m for m in self.fw.metrics if m.id == item)
            if metric.target is not None:
                met = (
                    value >= metric.target if metric.better == "higher" else value <= metric.target
                )
                parts.append(f"{'on' if met else 'off'} target ({_fmt(metric.target)})")
        return f"{_fmt(float(value))}: " + ", ".join(parts) if parts else ""

    def _accept(self, prompt: Prompt, reply: Reply) -> Value | None:
        if reply.command == "skip":
            if prompt.required:
                raise ValueError("This one is required; it cannot be skipped.")
            return None
        raw = reply.value
        if raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []:
            if prompt.current is not None:
                return prompt.current
            if prompt.default is not None:
                return parse_value(prompt, prompt.default, self.draft.today)
            if prompt.required:
                raise ValueError("This one is required; please answer it.")
            return None
        return parse_value(prompt, raw, self.draft.today)

    def _store(self, key: str, value: Value | None) -> None:
        answers = self.draft.answers
        if key.startswith("fb:") and key.endswith(":template") and value is not None:
            value = next(t.id for t in self.fw.feedback if value in (t.name, t.id))
        answers[key] = value
        if key.startswith("fb:") and key.endswith(":ok") and value is False:
            # write this feedback again: clear its slots and go back to the first one
            prefix = f"fb:{_number(key)}:"
            for k in [k for k in answers if k.startswith(prefix) and not k.endswith(":template")]:
                del answers[k]
            self.draft.cursor = next(
                i
                for i, s in enumerate(self.steps())
                if s.key.startswith(prefix) and not s.key.endswith(":template")
            )
            return
        for group, ends in (("fb", ":template"), ("act", ":text")):
            if key.startswith(group + ":") and key.endswith(ends) and not value:
                # no more feedback / actions: forget anything typed for later ones
                later = [
                    k for k in answers if k.startswith(group + ":") and _number(k) > _number(key)
                ]
                for k in later:
                    del answers[k]
        self.draft.cursor += 1

    # ----------------------------------------------------------------- the record

    def session(self, ended: datetime, new_id: Callable[[], str]) -> Session:
        """The finished session's record."""
        answers = self.draft.answers
        sections = []
        for section in self.fw.sections:
            recorded = []
            for qid in self.draft.plan.get(section.id, []):
                if qid not in self._questions:
                    continue
                _, q = self._questions[qid]
                recorded.append(
                    Answer(id=q.id, prompt=q.prompt, type=q.type, value=answers.get(f"q:{qid}"))
                )
            sections.append(
                SectionRecord(
                    id=section.id,
                    title=section.title,
                    kind=section.kind,
                    planned_minutes=section.minutes,
                    seconds=round(self.draft.seconds.get(section.id, 0.0)),
                    answers=recorded,
                )
            )
        feedback = []
        n = 1
        while (
            template := self._templates.get(str(answers.get(f"fb:{n}:template") or ""))
        ) is not None:
            if answers.get(f"fb:{n}:ok") is True:
                slots = {s.name: str(answers.get(f"fb:{n}:{s.name}") or "") for s in template.slots}
                feedback.append(
                    Feedback(
                        template=template.id,
                        name=template.name,
                        style=template.style,
                        slots=slots,
                        text=template.render(slots),
                    )
                )
            n += 1
        actions = []
        n = 1
        while text := answers.get(f"act:{n}:text"):
            due = answers.get(f"act:{n}:due")
            actions.append(
                ActionItem(
                    id=new_id(),
                    text=str(text),
                    owner=answers.get(f"act:{n}:owner") or "rep",
                    due=date.fromisoformat(str(due)) if due else self.draft.today,
                )
            )
            n += 1
        reviews = []
        for action in self.draft.actions():
            outcome = answers.get(f"review:{action.id}")
            if isinstance(outcome, list) and outcome:
                reviews.append(
                    Review(
                        action=action.id,
                        text=action.text,
                        outcome=outcome[0],
                        comment=outcome[1] if len(outcome) > 1 else "",
                    )
                )
        ratings = {
            r.id: int(v)
            for r in self.fw.ratings
            if (v := answers.get(f"rating:{r.id}")) is not None
        }
        metrics = {
            m.id: float(v)
            for m in self.fw.metrics
            if (v := answers.get(f"metric:{m.id}")) is not None
        }
        return Session(
            rep=self.draft.rep,
            rep_slug=self.draft.rep_slug,
            manager=self.draft.manager,
            started=self.draft.started,
            ended=ended,
            framework=self.fw.id,
            framework_name=self.fw.name,
            framework_version=self.fw.version,
            kind=self.fw.kind,
            sections=sections,
            ratings=ratings,
            metrics=metrics,
            feedback=feedback,
            actions=actions,
            reviews=reviews,
            summary=str(answers.get("summary") or ""),
            tags=_tags([self.fw.kind, self.fw.id, *self.fw.tags]),
        )


def _tags(words: list[str]) -> list[str]:
    """Tags that Obsidian and other tools accept: letters, digits, - and _, unique."""
    cleaned = [re.sub(r"[^\w-]+", "-", w.strip().casefold()).strip("-") for w in words]
    return list(dict.fromkeys(t for t in cleaned if t and not t.isdigit()))


def _number(key: str) -> int:
    """The running number in a step key such as ``act:2:text``."""
    return int(key.split(":")[1])


def _bind(fn: Callable[..., dict[str, Any]], *args: Any) -> Callable[[], dict[str, Any]]:
    return lambda: fn(*args)


def _fmt(number: float) -> str:
    return f"{number:g}" if abs(number) < 1e15 else str(number)


# --------------------------------------------------------------------------- banks


def plan_questions(framework: Framework, recent: list[list[str]]) -> dict[str, list[str]]:
    """Pick the questions for a session: in each bank, those asked least recently.

    ``recent`` holds the question ids asked in this rep's earlier sessions,
    newest first. Required questions are always asked; the rest of a
    section's ``pick`` goes to questions never asked, then to those asked
    longest ago. The picked questions keep the framework's order.
    """
    last_asked: dict[str, int] = {}
    for age, asked in enumerate(recent):
        for qid in asked:
            last_asked.setdefault(qid, age)
    plan: dict[str, list[str]] = {}
    for section in framework.sections:
        questions = list(section.questions)
        if section.pick is None or section.pick >= len(questions):
            plan[section.id] = [q.id for q in questions]
            continue
        chosen = {q.id for q in questions if q.required}
        never = len(recent) + 1
        ranked = sorted(
            (q for q in questions if not q.required),
            key=lambda q: (-last_asked.get(q.id, never), questions.index(q)),
        )
        for q in ranked[: section.pick - len(chosen)]:
            chosen.add(q.id)
        plan[section.id] = [q.id for q in questions if q.id in chosen]
    return plan


# --------------------------------------------------------------------------- values


def parse_value(prompt: Prompt, raw: object, today: date | None = None) -> Value:
    """Turn what was typed (or given in an answers file) into a checked value.

    Raise ValueError with a reason a manager can act on. ``today`` anchors
    relative due dates such as ``+7d`` or ``fri``.
    """
    kind = prompt.type
    if kind == "text":
        if not isinstance(raw, str):
            raise ValueError("Expected text.")
        return raw.strip("\n").rstrip()
    if kind == "scale":
        return _parse_scale(prompt, raw)
    if kind == "choice":
        return _parse_option(prompt.options, raw, prompt.aliases)
    if kind == "multi":
        items = raw if isinstance(raw, list) else re.split(r"\s*[,;]\s*", str(raw).strip())
        chosen: list[str] = []
        for item in items:
            if str(item).strip():
                option = _parse_option(prompt.options, item, prompt.aliases)
                if option not in chosen:
                    chosen.append(option)
        return chosen
    if kind == "number":
        return _parse_number(prompt, raw)
    if kind == "yesno":
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().casefold()
        if text in ("y", "yes", "true", "1"):
            return True
        if text in ("n", "no", "false", "0"):
            return False
        raise ValueError("Answer yes or no (y/n).")
    if kind == "list":
        items = raw if isinstance(raw, list) else str(raw).splitlines()
        cleaned = [re.sub(r"^\s*[-*]\s+", "", str(i)).strip() for i in items]
        return [i for i in cleaned if i]
    if kind == "date":
        from coachcli.dates import parse_due

        if isinstance(raw, date):
            return raw.isoformat()
        return parse_due(str(raw), today or date.today()).isoformat()
    if kind == "day":
        if isinstance(raw, date):
            return raw.isoformat()
        text = str(raw).strip()
        if text.casefold() == "today":
            return (today or date.today()).isoformat()
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError("Enter a date as YYYY-MM-DD, e.g. 2025-03-01.") from None
    if kind == "review":
        return _parse_review(raw)
    raise ValueError(f"Unknown prompt type {kind!r}.")


def _parse_scale(prompt: Prompt, raw: object) -> int:
    span = f"{prompt.low} to {prompt.high}"
    if isinstance(raw, bool):
        raise ValueError(f"Enter a number from {span}.")
    if isinstance(raw, int):
        level = raw
    else:
        text = str(raw).strip()
        match = re.match(r"^(-?\d+)\b", text)
        if match:
            level = int(match.group(1))
        else:
            found = [
                i for i, label in enumerate(prompt.labels, start=prompt.low)
                if label.casefold().startswith(text.casefold())
            ]  # fmt: skip
            if len(found) != 1:
                raise ValueError(f"Enter a number from {span}.")
            level = found[0]
    if not prompt.low <= level <= prompt.high:
        raise ValueError(f"{level} is outside the scale; enter a number from {span}.")
    return level


def _parse_option(options: tuple[str, ...], raw: object, aliases: tuple[str, ...] = ()) -> str:
    text = str(raw).strip()
    for option, alias in zip(options, aliases, strict=False):
        if alias.casefold() == text.casefold():
            return option
    if text.isdigit():
        index = int(text)
        if 1 <= index <= len(options):
            return options[index - 1]
        raise ValueError(f"Choose a number from 1 to {len(options)}.")
    for option in options:
        if option.casefold() == text.casefold():
            return option
    starts = [o for o in options if o.casefold().startswith(text.casefold())]
    if len(starts) == 1:
        return starts[0]
    listed = ", ".join(f"{i} {o}" for i, o in enumerate(options, start=1))
    raise ValueError(f"Choose one of: {listed}.")


def _parse_number(prompt: Prompt, raw: object) -> float | int:
    if isinstance(raw, bool):
        raise ValueError("Enter a number.")
    if isinstance(raw, int | float):
        number = float(raw)
    else:
        text = str(raw).strip()
        if prompt.unit and text.casefold().endswith(prompt.unit.casefold()):
            text = text[: -len(prompt.unit)].strip()
        text = text.rstrip("%").strip() if prompt.unit == "%" else text
        if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text):
            text = text.replace(",", "")
        try:
            number = float(text)
        except ValueError:
            unit = f" (in {prompt.unit})" if prompt.unit else ""
            raise ValueError(f"Enter a number{unit}, e.g. 12 or 12.5.") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError("Enter a finite number.")
    if prompt.integer and not number.is_integer():
        raise ValueError("Enter a whole number.")
    if prompt.minimum is not None and number < prompt.minimum:
        raise ValueError(f"Enter at least {_fmt(prompt.minimum)}.")
    if prompt.maximum is not None and number > prompt.maximum:
        raise ValueError(f"Enter at most {_fmt(prompt.maximum)}.")
    return int(number) if prompt.integer else number


def _parse_review(raw: object) -> list[str]:
    if isinstance(raw, list):
        parts = [str(p) for p in raw]
        outcome, comment = parts[0], " ".join(parts[1:])
    else:
        text = str(raw).strip()
        lowered = text.casefold()
        outcome, comment = "", ""
        for label, value in (
            ("not done", "not-done"), ("not-done", "not-done"), ("done", "done"),
            ("dropped", "dropped"), ("drop", "dropped"), ("2", "not-done"), ("1", "done"),
            ("3", "dropped"), ("n", "not-done"), ("d", "done"), ("x", "dropped"),
        ):  # fmt: skip
            if (
                lowered == label
                or lowered.startswith(label + " ")
                or lowered.startswith(label + ":")
            ):
                outcome = value
                comment = text[len(label) :].lstrip(" :").strip()
                break
        if not outcome:
            raise ValueError("Answer done, not done or drop (optionally followed by a comment).")
    outcome = {"not done": "not-done", "drop": "dropped"}.get(outcome, outcome)
    if outcome not in REVIEW_OUTCOMES:
        raise ValueError("Answer done, not done or drop.")
    return [outcome, comment]
