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

from coachcli.aims import target_wording
from coachcli.deal_picks import from_draft
from coachcli.drafts import Draft, OpenAction
from coachcli.feedback_templates import Slot
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
from coachcli.self_review_ids import is_self_review
from coachcli.session import Value
from coachcli.wording import number as _fmt
from coachcli.wording import with_unit

REVIEW_SECTION = "_review"
WRAP_UP_SECTION = "_wrap-up"
REVIEW_LABELS = ("done", "not done", "drop", "still open")
WORD_CHECK = "word-check"
"""The feedback step that questions judgement words (a hyphen: no slot can be named so)."""
REASON = ":reason"
"""After an action's id: the step asking why a due action was not done."""
SHARED_NOTE = "The rep receives this (coach share)."
PRIVATE_NOTE = "Private: kept in your note, never sent to the rep."
SELF_SHARED_NOTE = "Shareable: coach share prints it, to show your own manager if you choose."
SELF_PRIVATE_NOTE = "Private: kept for you, never in coach share."
"""In a self-review the rep is the manager: who reads a part is said without "the rep"."""


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
        self.self_review = is_self_review(framework)

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
            if self._needs_reason(action):
                out.append(Step(StepId("review", part=action.id + REASON), REVIEW_SECTION,
                                _bind(self._reason, action)))  # fmt: skip
        for section in self.fw.sections:
            for qid in self.draft.plan.get(section.id, []):
                if qid in self._questions and self.offered(qid):
                    out.append(Step(StepId("q", part=qid), section.id, _bind(self._question, qid)))
        quick = self.draft.quick  # --quick: no feedback, ratings, metrics or summary
        if self.fw.feedback and not quick:
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
                if self._checked(n) and str(feedback_step(n, WORD_CHECK)) not in self.draft.answers:
                    out.append(Step(feedback_step(n, WORD_CHECK), WRAP_UP_SECTION,
                                    _bind(self._fb_check, n)))  # fmt: skip
                out.append(Step(feedback_step(n, "ok"), WRAP_UP_SECTION, _bind(self._fb_ok, n)))
                n += 1
        for rating in [] if quick else self.fw.ratings:
            out.append(Step(StepId("rating", part=rating.id), WRAP_UP_SECTION,
                            _bind(self._rating, rating.id)))  # fmt: skip
        for metric in [] if quick else self.fw.metrics:
            if metric.compute is not None:
                continue  # computed from other answers, never asked
            out.append(Step(StepId("metric", part=metric.id), WRAP_UP_SECTION,
                            _bind(self._metric, metric.id)))  # fmt: skip
        if self.fw.closing.actions:
            n = 1
            while True:
                out.append(Step(action_step(n, "text"), WRAP_UP_SECTION, _bind(self._act_text, n)))
                if not self._get(action_step(n, "text")):
                    break
                if not self.self_review:  # its rep is the manager: every item is their own
                    out.append(
                        Step(action_step(n, "owner"), WRAP_UP_SECTION, _bind(self._act_owner, n))
                    )
                out.append(Step(action_step(n, "due"), WRAP_UP_SECTION, _bind(self._act_due, n)))
                n += 1
        if self.fw.closing.summary and not quick:
            out.append(Step(StepId("summary"), WRAP_UP_SECTION, self._summary))
        if self.draft.minutes is None:
            out.append(Step(StepId("minutes"), WRAP_UP_SECTION, self._length))
        return out

    def offered(self, qid: str) -> bool:
        """Whether a question is asked: one taking its options from the rep's deals at risk is
        not when the session started without any (no pipeline snapshot, or none at risk)."""
        _, q = self._questions[qid]
        if isinstance(q, MultiQuestion) and q.options_from is not None:
            return from_draft(self.draft.history) is not None
        return True

    def _review(self, action: OpenAction) -> PromptSpec:
        from coachcli.dates import humanize_due

        when = f"due {action.due.isoformat()}, {humanize_due(action.due, self.draft.today)}"
        if action.due > self.draft.today:
            return PromptSpec(
                text=action.text,
                type="review",
                options=REVIEW_LABELS,
                default="still open",
                context=self._agreed(action, when),
                help="Not due yet: Enter leaves it still open, and it is not counted as missed. "
                "Answer done or drop if it is, or 'not done' with a comment to note progress.",
            )
        return PromptSpec(
            text=action.text,
            type="review",
            options=REVIEW_LABELS,
            context=self._agreed(action, when),
            help="Answer done, not done or drop; add a comment after it, "
            "e.g. 'not done waiting on legal'. Enter leaves it open without an outcome "
            "(past its due date, it counts as missed).",
        )

    def _agreed(self, action: OpenAction, when: str) -> str:
        """Whose an open action is (not said in a self-review: all are the manager's), when."""
        agreed = f"agreed {action.session_date.isoformat()} · {when}"
        return agreed if self.self_review else f"{action.owner} · {agreed}"

    def _needs_reason(self, action: OpenAction) -> bool:
        """Reported "not done" without a comment, and it was due: ask why."""
        outcome = self._get(StepId("review", part=action.id))
        return (
            action.due <= self.draft.today
            and isinstance(outcome, list)
            and outcome[:1] == ["not-done"]
            and not "".join(outcome[1:]).strip()
        )

    def _reason(self, action: OpenAction) -> PromptSpec:
        return PromptSpec(
            text="What got in the way? (one line)",
            type="text",
            context=f"Not done: {action.text}",
            help="The reason is written in the note's review line, e.g. 'waiting on legal'. "
            "Enter leaves it without one.",
        )

    def _question(self, qid: str) -> PromptSpec:
        section, q = self._questions[qid]
        differs = q.visibility is not None and q.visibility != section.visibility
        seen = self._seen(q.visibility == "shared") if differs else ""
        base = PromptSpec(text=q.prompt, type=q.type, required=q.required, help=q.help,
                          probes=tuple(q.probes), context=seen)  # fmt: skip
        if isinstance(q, TextQuestion):
            return replace(base, multiline=q.multiline, default=q.default)
        if isinstance(q, ScaleQuestion):
            return replace(base, labels=tuple(q.labels), low=q.min, default=q.default)
        if isinstance(q, MultiQuestion) and q.options_from is not None:
            risky = from_draft(self.draft.history)
            assert risky is not None  # a question without its deals is not a step (offered)
            where = f"Deals at risk in {risky.where}"
            return replace(base, options=risky.options(), context=_joined(where, seen))
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
            context=template.blank(slot_name, self._fb_values(n)),
        )

    def _fb_values(self, n: int) -> dict[str, str]:
        """The slots of the n-th feedback statement, as answered so far."""
        template = self._templates[str(self._get(feedback_step(n, "template")))]
        return {s.name: str(self._get(feedback_step(n, s.name)) or "") for s in template.slots}

    def _checked(self, n: int) -> list[tuple[Slot, list[str]]]:
        """The slots of the n-th statement holding their template's check words."""
        template = self._templates[str(self._get(feedback_step(n, "template")))]
        return template.checks(self._fb_values(n))

    def first_checked_slot(self, n: int) -> str:
        """The first slot of the n-th statement that the word check questioned."""
        return self._checked(n)[0][0].name

    def _fb_check(self, n: int) -> PromptSpec:
        slot, words = self._checked(n)[0]
        others = [w for _, found in self._checked(n)[1:] for w in found]
        shown = ", ".join(f"'{w}'" for w in dict.fromkeys([*words, *others]))
        return PromptSpec(
            text=slot.check_message,
            type="yesno",
            default=True,
            preview=self._render_feedback(n),
            context=f"It says {shown}. Yes: rewrite it (Enter keeps each answer); no: keep it.",
        )

    def _fb_ok(self, n: int) -> PromptSpec:
        template = self._templates[str(self._get(feedback_step(n, "template")))]
        return PromptSpec(
            text="Keep this feedback? (no = write it again)",
            type="yesno",
            default=True,
            preview=self._render_feedback(n),
            context=" ".join(template.missing(self._fb_values(n))),
        )

    def _render_feedback(self, n: int) -> str:
        template = self._templates[str(self._get(feedback_step(n, "template")))]
        return template.render(self._fb_values(n))

    def _rating(self, rating_id: str) -> PromptSpec:
        rating = next(r for r in self.fw.ratings if r.id == rating_id)
        last = self.draft.history.get("ratings", {}).get(rating_id)
        # last time's level is what Enter keeps, while the scale still has it
        keep = int(last) if last is not None and last in range(rating.min, rating.max + 1) else None
        context = "first rating" if last is None else ""
        if last is not None and keep is None:
            context = f"last time: {_fmt(float(last))}"
        return PromptSpec(
            text=f"Rate: {rating.name}",
            type="scale",
            labels=tuple(rating.anchors),
            low=rating.min,
            help=rating.help,
            default=keep,
            default_note="last time" if keep is not None else "",
            context=context,
        )

    def _metric(self, metric_id: str) -> PromptSpec:
        metric = next(m for m in self.fw.metrics if m.id == metric_id)
        bits: list[str] = [metric.indicator]
        if aim := target_wording(metric.aim, lambda v: with_unit(v, metric.unit)):
            bits.append(f"target {aim}")
        last = self.draft.history.get("metrics", {}).get(metric_id)
        default, note = (float(last), "last time") if last is not None else (None, "")
        imported = self.draft.history.get("imported", {}).get(metric_id)
        if imported is not None:  # newer than the last session's: see docs/imports.md
            if last is not None:
                bits.append(f"last time {with_unit(float(last), metric.unit)}")
            default = float(imported["value"])
            note = f"imported from {imported['source']}, as of {imported['as_of']}"
        return PromptSpec(
            text=metric.name,
            type="number",
            unit=metric.unit,
            minimum=metric.min,
            maximum=metric.max,
            help=metric.help,
            context=" · ".join(bits),
            default=default,
            default_note=note,
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
        shared = self.fw.closing.summary_visibility == "shared"
        return PromptSpec(text=self.fw.closing.summary_prompt, type="text", multiline=True,
                          context=self._seen(shared))  # fmt: skip

    def _seen(self, shared: bool) -> str:
        """Said under a question or the summary whose answer is shared or private."""
        if self.self_review:
            return SELF_SHARED_NOTE if shared else SELF_PRIVATE_NOTE
        return SHARED_NOTE if shared else PRIVATE_NOTE

    # ----------------------------------------------------------------- blocks (/next)

    def block(self, step: Step) -> str:
        """The block /next finishes: a section, or one part of the wrap-up (ratings, metrics…)."""
        return f"{step.section}:{step.id.kind}" if step.section == WRAP_UP_SECTION else step.section

    def must_ask(self, step: Step) -> bool:
        """Whether /next still asks this step: a required one not yet answered.

        "Keep this feedback?" counts as required once a template is chosen, so
        /next in the middle of a statement finishes it rather than losing it.
        """
        if self._get(step.id) is not None:
            return False
        return step.id == feedback_step(step.id.number, "ok") or step.build().required

    def block_name(self, step: Step) -> str:
        """The block of ``step`` as a manager calls it, after "the rest of"."""
        if step.section == REVIEW_SECTION:
            return "the commitments (they stay open)"
        if step.section != WRAP_UP_SECTION:
            return self.section_info(step.section).title
        return {"fb": "the feedback", "rating": "the ratings", "metric": "the metrics",
                "act": "the action items"}.get(step.id.kind, "the summary")  # fmt: skip

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
            title = "Next steps" if self.draft.quick else "Feedback, ratings and next steps"
            return SectionInfo(section_id, title, "", 0, used, 0)
        for number, section in enumerate(self.fw.sections, start=1):
            if section.id == section_id:
                return SectionInfo(
                    section.id, section.title, section.kind, section.minutes, used, number,
                    section.intro, timed=not self.draft.logged,
                    shared=section.visibility == "shared", self_review=self.self_review,
                )  # fmt: skip
        raise KeyError(section_id)

    def prompt(self, steps: list[Step], index: int, error: str = "") -> Prompt:
        step = steps[index]
        spec = step.build()
        # "[2/3]" counts within the section; the wrap-up grows as actions are
        # added, so it shows no count rather than a total that keeps moving
        # (a review's follow-up "why not?" is part of that review: it shows no count)
        number, total = 0, 0
        if step.section != WRAP_UP_SECTION and not step.id.part.endswith(REASON):
            same = [i for i, s in enumerate(steps)
                    if s.section == step.section and not s.id.part.endswith(REASON)]  # fmt: skip
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


def _joined(*lines: str) -> str:
    """Context lines, the empty ones left out."""
    return " · ".join(line for line in lines if line)
