"""The session engine: walks a framework with a manager, one prompt at a time.

The engine never touches the terminal: it talks to whoever answers through
the :class:`~coachcli.prompts.Asker` seam.

State lives in a :class:`~coachcli.drafts.Draft`: the questions picked for
this session, the answers given so far (keyed by step), the cursor and the
time per section. The list of steps is derived from the framework and the
answers, so "back", "pause" and "resume" are just moves of the cursor, and
the draft is saved atomically after every reply.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Literal

from coachcli.drafts import Draft, OpenAction
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
from coachcli.prompts import Asker, Prompt, PromptSpec, Reply, SectionInfo, StepId
from coachcli.session import (
    ActionItem,
    Answer,
    Feedback,
    Review,
    SectionRecord,
    Session,
    Value,
)
from coachcli.values import parse_value
from coachcli.wording import number as _fmt

REVIEW_SECTION = "_review"
WRAP_UP_SECTION = "_wrap-up"
REVIEW_LABELS = ("done", "not done", "drop")


# --------------------------------------------------------------------------- steps


@dataclass(frozen=True)
class Step:
    id: StepId
    section: str
    build: Callable[[], PromptSpec] = field(compare=False)


def _fb(n: int, part: str) -> StepId:
    return StepId("fb", n, part)


def _act(n: int, part: str) -> StepId:
    return StepId("act", n, part)


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

    def _get(self, step: StepId) -> Value | None:
        """The answer given to ``step`` so far, if any."""
        value: Value | None = self.draft.answers.get(str(step))
        return value

    # ----------------------------------------------------------------- building steps

    def steps(self) -> list[Step]:
        """Every step of the session, given the answers so far."""
        out: list[Step] = []
        for action in self.draft.actions():
            out.append(Step(StepId("review", part=action.id), REVIEW_SECTION,
                            _bind(self._review, action)))  # fmt: skip
        for section in self.fw.sections:
            for qid in self.draft.plan.get(section.id, []):
                if qid in self._questions:
                    out.append(Step(StepId("q", part=qid), section.id, _bind(self._question, qid)))
        if self.fw.feedback:
            n = 1
            while True:
                out.append(Step(_fb(n, "template"), WRAP_UP_SECTION, _bind(self._fb_template, n)))
                template = self._templates.get(str(self._get(_fb(n, "template")) or ""))
                if template is None:
                    break
                for slot in template.slots:
                    out.append(Step(_fb(n, slot.name), WRAP_UP_SECTION,
                                    _bind(self._fb_slot, n, slot.name)))  # fmt: skip
                out.append(Step(_fb(n, "ok"), WRAP_UP_SECTION, _bind(self._fb_ok, n)))
                n += 1
        for rating in self.fw.ratings:
            out.append(Step(StepId("rating", part=rating.id), WRAP_UP_SECTION,
                            _bind(self._rating, rating.id)))  # fmt: skip
        for metric in self.fw.metrics:
            out.append(Step(StepId("metric", part=metric.id), WRAP_UP_SECTION,
                            _bind(self._metric, metric.id)))  # fmt: skip
        if self.fw.closing.actions:
            n = 1
            while True:
                out.append(Step(_act(n, "text"), WRAP_UP_SECTION, _bind(self._act_text, n)))
                if not self._get(_act(n, "text")):
                    break
                out.append(Step(_act(n, "owner"), WRAP_UP_SECTION, _bind(self._act_owner, n)))
                out.append(Step(_act(n, "due"), WRAP_UP_SECTION, _bind(self._act_due, n)))
                n += 1
        if self.fw.closing.summary:
            out.append(Step(StepId("summary"), WRAP_UP_SECTION, self._summary))
        return out

    def _review(self, action: OpenAction) -> PromptSpec:
        from coachcli.dates import humanize_due

        when = f"due {action.due.isoformat()}, {humanize_due(action.due, self.draft.today)}"
        return PromptSpec(
            text=action.text,
            type="review",
            options=REVIEW_LABELS,
            context=f"{action.owner} · agreed {action.session_date.isoformat()} · {when}",
            help="Answer done, not done or drop; add a comment after it, "
            "e.g. 'not done waiting on legal'. Enter leaves it open without an outcome.",
        )

    def _question(self, qid: str) -> PromptSpec:
        _, q = self._questions[qid]
        base = PromptSpec(text=q.prompt, type=q.type, required=q.required, help=q.help,
                          probes=tuple(q.probes))  # fmt: skip
        if isinstance(q, TextQuestion):
            return replace(base, multiline=q.multiline, default=q.default)
        if isinstance(q, ScaleQuestion):
            return replace(base, labels=tuple(q.labels), low=q.min, default=q.default)
        if isinstance(q, ChoiceQuestion | MultiQuestion):
            return replace(base, options=tuple(q.options), default=q.default or None)
        if isinstance(q, NumberQuestion):
            return replace(base, minimum=q.min, maximum=q.max, integer=q.integer, unit=q.unit,
                           default=q.default)  # fmt: skip
        if isinstance(q, YesNoQuestion):
            return replace(base, default=q.default)
        assert isinstance(q, ListQuestion)
        return replace(base, default=list(q.default) or None)

    def _fb_template(self, n: int) -> PromptSpec:
        return PromptSpec(
            text="Give feedback?" if n == 1 else "Any more feedback?",
            type="choice",
            options=tuple(t.name for t in self.fw.feedback),
            aliases=tuple(t.id for t in self.fw.feedback),
            context="Choose a template, or press Enter for none.",
            help="\n".join(f"{t.name}: {t.help}" for t in self.fw.feedback if t.help),
        )

    def _fb_slot(self, n: int, slot_name: str) -> PromptSpec:
        template = self._templates[str(self._get(_fb(n, "template")))]
        slot = next(s for s in template.slots if s.name == slot_name)
        return PromptSpec(
            text=slot.prompt,
            type="text",
            required=slot.required,
            help=slot.help or template.help,
            context=f"{template.name}: {template.render({})}",
        )

    def _fb_ok(self, n: int) -> PromptSpec:
        return PromptSpec(
            text="Keep this feedback? (no = write it again)",
            type="yesno",
            default=True,
            preview=self._render_feedback(n),
        )

    def _render_feedback(self, n: int) -> str:
        template = self._templates[str(self._get(_fb(n, "template")))]
        values = {s.name: str(self._get(_fb(n, s.name)) or "") for s in template.slots}
        return template.render(values)

    def _rating(self, rating_id: str) -> PromptSpec:
        rating = next(r for r in self.fw.ratings if r.id == rating_id)
        last = self.draft.history.get("ratings", {}).get(rating_id)
        return PromptSpec(
            text=f"Rate: {rating.name}",
            type="scale",
            labels=tuple(rating.anchors),
            low=rating.min,
            help=rating.help,
            context=f"last time: {last}" if last is not None else "first rating",
        )

    def _metric(self, metric_id: str) -> PromptSpec:
        metric = next(m for m in self.fw.metrics if m.id == metric_id)
        bits: list[str] = [metric.indicator]
        if metric.target is not None:
            bits.append(f"target {_fmt(metric.target)}{(' ' + metric.unit) if metric.unit else ''}")
        last = self.draft.history.get("metrics", {}).get(metric_id)
        if last is not None:
            bits.append(f"last {_fmt(float(last))}")
        return PromptSpec(
            text=metric.name,
            type="number",
            unit=metric.unit,
            help=metric.help,
            context=" · ".join(bits),
        )

    def _act_text(self, n: int) -> PromptSpec:
        return PromptSpec(
            text=self.fw.closing.actions_prompt if n == 1 else "Another action item?",
            type="text",
            context=f"Action item {n}; press Enter when there are no more.",
        )

    def _act_owner(self, n: int) -> PromptSpec:
        return PromptSpec(
            text="Who owns it?",
            type="choice",
            options=("rep", "manager"),
            default="rep",
            required=True,
        )

    def _act_due(self, n: int) -> PromptSpec:
        default = self.draft.today + timedelta(days=self.fw.closing.default_due_days)
        return PromptSpec(
            text="Due when?",
            type="date",
            default=default.isoformat(),
            required=True,
            context="e.g. 2026-12-04, +7d, fri, next friday",
        )

    def _summary(self) -> PromptSpec:
        return PromptSpec(text=self.fw.closing.summary_prompt, type="text", multiline=True)

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
        return Prompt.of(
            spec,
            step.id,
            self.section_info(step.section),
            current=self._get(step.id),
            error=error,
            step=number,
            steps=total,
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
            self._store(step.id, value)
            self.save(self.draft)
            change = self._change(step.id, value)
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

    def _change(self, step: StepId, value: Value | None) -> str:
        """For a rating or metric: the change since last time, and the target."""
        kind, item = step.kind, step.part
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

    def _store(self, step: StepId, value: Value | None) -> None:
        answers = self.draft.answers
        if step == _fb(step.number, "template") and value is not None:
            value = next(t.id for t in self.fw.feedback if value in (t.name, t.id))
        answers[str(step)] = value
        if step == _fb(step.number, "ok") and value is False:
            # write this feedback again: clear its slots and go back to the first one
            def is_slot(other: StepId) -> bool:
                return (other.kind, other.number) == ("fb", step.number) and (
                    other.part != "template"
                )

            for key, other in _answered(answers):
                if is_slot(other):
                    del answers[key]
            self.draft.cursor = next(i for i, s in enumerate(self.steps()) if is_slot(s.id))
            return
        if step in (_fb(step.number, "template"), _act(step.number, "text")) and not value:
            # no more feedback / actions: forget anything typed for later ones
            for key, other in _answered(answers):
                if other.kind == step.kind and other.number > step.number:
                    del answers[key]
        self.draft.cursor += 1

    # ----------------------------------------------------------------- the record

    def session(self, ended: datetime, new_id: Callable[[], str]) -> Session:
        """The finished session's record."""
        sections = []
        for section in self.fw.sections:
            recorded = []
            for qid in self.draft.plan.get(section.id, []):
                if qid not in self._questions:
                    continue
                _, q = self._questions[qid]
                recorded.append(
                    Answer(
                        id=q.id,
                        prompt=q.prompt,
                        type=q.type,
                        value=self._get(StepId("q", part=qid)),
                    )
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
            template := self._templates.get(str(self._get(_fb(n, "template")) or ""))
        ) is not None:
            if self._get(_fb(n, "ok")) is True:
                slots = {s.name: str(self._get(_fb(n, s.name)) or "") for s in template.slots}
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
        while text := self._get(_act(n, "text")):
            due = self._get(_act(n, "due"))
            actions.append(
                ActionItem(
                    id=new_id(),
                    text=str(text),
                    owner=self._get(_act(n, "owner")) or "rep",
                    due=date.fromisoformat(str(due)) if due else self.draft.today,
                )
            )
            n += 1
        reviews = []
        for action in self.draft.actions():
            outcome = self._get(StepId("review", part=action.id))
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
            if isinstance(v := self._get(StepId("rating", part=r.id)), int | float)
        }
        metrics = {
            m.id: float(v)
            for m in self.fw.metrics
            if isinstance(v := self._get(StepId("metric", part=m.id)), int | float)
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
            summary=str(self._get(StepId("summary")) or ""),
            tags=_tags([self.fw.kind, self.fw.id, *self.fw.tags]),
        )


def _tags(words: list[str]) -> list[str]:
    """Tags that Obsidian and other tools accept: letters, digits, - and _, unique."""
    cleaned = [re.sub(r"[^\w-]+", "-", w.strip().casefold()).strip("-") for w in words]
    return list(dict.fromkeys(t for t in cleaned if t and not t.isdigit()))


def _answered(answers: dict[str, object]) -> list[tuple[str, StepId]]:
    """The draft's answer keys with the steps they name (keys that name none are left out)."""
    found = []
    for key in answers:
        try:
            found.append((key, StepId.parse(key)))
        except ValueError:
            continue
    return found


def _bind(fn: Callable[..., PromptSpec], *args: object) -> Callable[[], PromptSpec]:
    return lambda: fn(*args)


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
