"""The steps of a session: what each one asks, built from the framework and the answers so far.

A session is a list of steps, derived afresh from the framework and the
draft's answers: the review of open actions, the planned questions section by
section, then the wrap-up (feedback, ratings, metrics, action items, summary).
Each step is named by a :class:`~coachcli.prompts.StepId` and builds a typed
:class:`~coachcli.prompts.PromptSpec`; :mod:`coachcli.engine` walks them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta

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
from coachcli.meeting import MAX_MINUTES
from coachcli.prompts import Prompt, PromptSpec, SectionInfo, StepId
from coachcli.session import Value
from coachcli.wording import number as _fmt

REVIEW_SECTION = "_review"
WRAP_UP_SECTION = "_wrap-up"
REVIEW_LABELS = ("done", "not done", "drop")


@dataclass(frozen=True)
class Step:
    id: StepId
    section: str
    build: Callable[[], PromptSpec] = field(compare=False)


def feedback_step(n: int, part: str) -> StepId:
    """Part of the n-th feedback statement: "template", a slot name, or "ok"."""
    return StepId("fb", n, part)


def action_step(n: int, part: str) -> StepId:
    """Part of the n-th action item: "text", "owner" or "due"."""
    return StepId("act", n, part)


class SessionSteps:
    """The steps of one session and the prompt each one shows."""

    def __init__(self, framework: Framework, draft: Draft) -> None:
        self.fw = framework
        self.draft = draft
        self._questions = {q.id: (s, q) for s in framework.sections for q in s.questions}
        self._templates = {t.id: t for t in framework.feedback}

    def label(self, key: str) -> str:
        """What the step a draft key names asks, for showing an answer back to a person."""
        for step in self.steps():
            if str(step.id) == key:
                return step.build().text
        return key

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
                out.append(
                    Step(feedback_step(n, "template"), WRAP_UP_SECTION, _bind(self._fb_template, n))
                )
                template = self._templates.get(str(self._get(feedback_step(n, "template")) or ""))
                if template is None:
                    break
                for slot in template.slots:
                    out.append(Step(feedback_step(n, slot.name), WRAP_UP_SECTION,
                                    _bind(self._fb_slot, n, slot.name)))  # fmt: skip
                out.append(Step(feedback_step(n, "ok"), WRAP_UP_SECTION, _bind(self._fb_ok, n)))
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
                out.append(Step(action_step(n, "text"), WRAP_UP_SECTION, _bind(self._act_text, n)))
                if not self._get(action_step(n, "text")):
                    break
                out.append(
                    Step(action_step(n, "owner"), WRAP_UP_SECTION, _bind(self._act_owner, n))
                )
                out.append(Step(action_step(n, "due"), WRAP_UP_SECTION, _bind(self._act_due, n)))
                n += 1
        if self.fw.closing.summary:
            out.append(Step(StepId("summary"), WRAP_UP_SECTION, self._summary))
        if self.draft.minutes is None:
            out.append(Step(StepId("minutes"), WRAP_UP_SECTION, self._length))
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
        template = self._templates[str(self._get(feedback_step(n, "template")))]
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
        template = self._templates[str(self._get(feedback_step(n, "template")))]
        values = {s.name: str(self._get(feedback_step(n, s.name)) or "") for s in template.slots}
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

    def meeting_seconds(self) -> float:
        """Wall-clock seconds of the session so far, pauses left out."""
        return sum(self.draft.seconds.values())

    def default_minutes(self) -> int:
        """The length offered at the end: the time since the session started, or the plan."""
        if self.draft.logged:
            return self.fw.minutes
        return min(MAX_MINUTES, max(1, round(self.meeting_seconds() / 60)))

    def _length(self) -> PromptSpec:
        if self.draft.logged:
            context = f"{self.fw.name} plans {self.fw.minutes} min"
        else:
            context = "timed from the start of this session, pauses left out"
        return PromptSpec(
            text="How long was the 1:1?",
            type="number",
            unit="min",
            integer=True,
            minimum=1,
            maximum=MAX_MINUTES,
            default=self.default_minutes(),
            required=True,
            context=context,
            help="The length of the meeting, in minutes. Each section's time is its share of it, "
            "so the coaching and performance minutes add up to it.",
        )

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


def _bind(fn: Callable[..., PromptSpec], *args: object) -> Callable[[], PromptSpec]:
    return lambda: fn(*args)
