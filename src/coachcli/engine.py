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

import dataclasses
import re
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Literal

from coachcli.aims import on_target, outside_bounds, target_wording
from coachcli.analytics.actions import review_counts
from coachcli.computed import session_counts
from coachcli.computed import values as computed_values
from coachcli.drafts import Draft
from coachcli.framework import Framework
from coachcli.meeting import section_seconds
from coachcli.prompts import Asker, Prompt, Reply, StepId, StepKind
from coachcli.session import (
    ActionItem,
    Answer,
    Feedback,
    Review,
    SectionRecord,
    Session,
    Value,
)
from coachcli.sharing import mark_visibility
from coachcli.steps import (
    REASON,
    REVIEW_SECTION,
    WORD_CHECK,
    SessionSteps,
    Step,
    action_step,
    feedback_step,
)
from coachcli.values import parse_value
from coachcli.wording import number as _fmt
from coachcli.wording import with_unit


class Engine(SessionSteps):
    """Runs one session: asks the steps in turn, keeps the draft current."""

    def __init__(
        self,
        framework: Framework,
        draft: Draft,
        save: Callable[[Draft], None],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(framework, draft)
        self.save = save
        self.clock = clock
        self._shown: dict[str, float] = {}
        """Computed metrics already shown to the manager, with the value shown."""
        self._mark: float | None = None
        """When time was last counted (None: not running, e.g. between a pause and a resume)."""

    # ----------------------------------------------------------------- running

    def run(self, asker: Asker) -> Literal["finished", "paused"]:
        """Ask every remaining step; return when finished or paused.

        KeyboardInterrupt and EOFError from the asker propagate after the
        draft has been saved (it is saved after every reply anyway).
        """
        shown_section = ""
        error = ""
        self._shown = {k: v for k, v in self.computed().items() if v is not None}
        self._mark = self.clock()
        while True:
            steps = self.steps()
            if self.draft.cursor >= len(steps):
                self._mark = None
                return "finished"
            step = steps[self.draft.cursor]
            if self.draft.skipping:
                if self.block(step) != self.draft.skipping:
                    self.draft.skipping = ""  # the block is finished
                elif not self.must_ask(step):
                    self.draft.cursor += 1  # passed over: not recorded
                    unanswered = self._get(step.id) is None
                    if step.id.kind == "q" and unanswered and str(step.id) not in self.draft.passed:
                        self.draft.passed.append(str(step.id))
                    continue
            if step.section != shown_section:
                asker.begin_section(self.section_info(step.section))
                shown_section = step.section
            prompt = self.prompt(steps, self.draft.cursor, error)
            if prompt.key in self.draft.partial and prompt.current not in (None, "", []):
                added = "what you type now is added to it"
                context = f"{prompt.context} · {added}" if prompt.context else added
                prompt = dataclasses.replace(prompt, context=context)
            error = ""
            try:
                reply = asker.ask(prompt)
            except (KeyboardInterrupt, EOFError) as stop:
                self._count(step.section)
                self._mark = None
                self._keep_partial(prompt, getattr(stop, "partial", None))
                raise
            self._count(step.section)
            if reply.command == "pause":
                self._mark = None
                self._keep_partial(prompt, reply.value)  # lines typed before /pause
                self.save(self.draft)
                return "paused"
            if reply.command == "next":
                asker.notice(self._finish_block(steps, self.draft.cursor))
                self.save(self.draft)
                continue
            if reply.command == "back":
                self.draft.skipping = ""
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
            for notice in self._computed_notices():
                asker.notice(notice)
            if step.section == REVIEW_SECTION and self._review_ended():
                asker.notice(self.review_summary())

    def _review_ended(self) -> bool:
        steps = self.steps()
        cursor = self.draft.cursor
        return cursor >= len(steps) or steps[cursor].section != REVIEW_SECTION

    def review_summary(self) -> str:
        """ "Commitments: 2 kept, 1 missed, 1 still open" for the actions just reviewed."""
        reviewed = []
        for action in self.draft.actions():
            given = self._get(StepId("review", part=action.id))
            outcome = str(given[0]) if isinstance(given, list) and given else "open"
            reviewed.append((outcome, action.due, action.owner))
        return "Commitments: " + review_counts(reviewed, self.draft.today).summary()

    def _finish_block(self, steps: list[Step], cursor: int) -> str:
        """/next: pass over the rest of the block at ``cursor``; say what is still asked."""
        block = self.block(steps[cursor])
        self.draft.skipping = block
        rest = [s for s in steps[cursor:] if self.block(s) == block]
        still = [s.build().text for s in rest if self.must_ask(s)]
        said = f"Skipping the rest of {self.block_name(steps[cursor])}."
        if still:
            listed = "; ".join(f"“{text}”" for text in still)
            said += f" Still to answer (required): {listed}"
        return said

    def _count(self, section: str) -> None:
        """Add the wall-clock time since it was last counted to ``section``.

        Everything from entering a section until leaving it counts (talking
        between prompts too); the time between a pause and a resume does not.
        """
        if self._mark is None:
            return
        now = self.clock()
        seconds = self.draft.seconds
        seconds[section] = seconds.get(section, 0.0) + max(0.0, now - self._mark)
        self._mark = now

    def meeting_seconds(self) -> float:
        pending = 0.0 if self._mark is None else max(0.0, self.clock() - self._mark)
        return super().meeting_seconds() + pending

    def minutes(self) -> int:
        """The 1:1's length: given up front, confirmed at the end, or else the default."""
        confirmed = self.draft.minutes or self._get(StepId("minutes"))
        if isinstance(confirmed, int | float) and not isinstance(confirmed, bool) and confirmed:
            return int(confirmed)
        return self.default_minutes()

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
        if prompt.key not in self.draft.partial:
            self.draft.partial.append(prompt.key)
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
        shown = _fmt(float(value))
        if kind == "metric":
            metric = next(m for m in self.fw.metrics if m.id == item)
            shown = with_unit(float(value), metric.unit)
            met = on_target(float(value), metric.aim)
            if met is not None:
                aim = target_wording(metric.aim, _fmt)
                parts.append(f"{'on' if met else 'off'} target ({aim})")
        return f"{shown}: " + ", ".join(parts) if parts else ""

    def computed(self, final: bool = False) -> dict[str, float | None]:
        """The computed metrics' values so far (None: an input is missing or not known yet).

        The commitment-review counts are known once every review step has
        been answered (or, ``final``, at the end of the session).
        """
        kinds: dict[str, StepKind] = {"question": "q", "rating": "rating", "metric": "metric"}
        reviews = [StepId("review", part=a.id) for a in self.draft.actions()]
        counts = None
        if final or all(str(r) in self.draft.answers for r in reviews):
            given = [(self._get(r), a) for r, a in zip(reviews, self.draft.actions(), strict=True)]
            counts = session_counts(
                [(str(o[0]), a.due, a.owner) for o, a in given if isinstance(o, list) and o],
                self.draft.today,
            )
        return computed_values(
            self.fw, lambda ref: self._get(StepId(kinds[ref.kind], part=ref.id)), counts
        )

    def _computed_notices(self) -> list[str]:
        """A line for each computed metric whose value became known or changed."""
        out = []
        for metric_id, value in self.computed().items():
            if value is None:
                self._shown.pop(metric_id, None)
                continue
            if self._shown.get(metric_id) == value:
                continue
            self._shown[metric_id] = value
            metric = next(m for m in self.fw.metrics if m.id == metric_id)
            change = self._change(StepId("metric", part=metric_id), value).partition(": ")[2]
            if wrong := outside_bounds(value, metric.aim):
                # a formula cannot be re-asked: say so, and which answers to look at again
                change = f"{wrong}: check the answers it is computed from"
            out.append(f"Computed: {metric.name} = {with_unit(value, metric.unit)}"
                       + (f"; {change}" if change else ""))  # fmt: skip
        return out

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
        value = parse_value(prompt, raw, self.draft.today)
        if prompt.key in self.draft.partial:  # the rest of an answer cut short: added to it
            if isinstance(prompt.current, list) and isinstance(value, list):
                return [*prompt.current, *value]
            if prompt.multiline and isinstance(prompt.current, str) and isinstance(value, str):
                return f"{prompt.current}\n{value}"
        return value

    def _store(self, step: StepId, value: Value | None) -> None:
        answers = self.draft.answers
        for kept in (self.draft.partial, self.draft.passed):
            if str(step) in kept:
                kept.remove(str(step))
        if step == feedback_step(step.number, "template") and value is not None:
            value = next(t.id for t in self.fw.feedback if value in (t.name, t.id))
        answers.pop(str(step), None)  # the latest answer last: the draft keeper shows it
        answers[str(step)] = value
        if step == feedback_step(step.number, "ok") and value is False:
            # write this feedback again: back to the first slot, each answer kept
            # as the current one (Enter takes it again); only the "keep?" is asked anew
            del answers[str(step)]
            self.draft.skipping = ""  # written again in full, even after /next
            self.draft.cursor = next(
                i for i, s in enumerate(self.steps())
                if (s.id.kind, s.id.number) == ("fb", step.number) and s.id.part != "template"
            )  # fmt: skip
            return
        if step == feedback_step(step.number, WORD_CHECK):
            # asked once: the step is gone now; yes goes back to the slot it questioned
            wanted = (
                feedback_step(step.number, self.first_checked_slot(step.number))
                if value is True
                else feedback_step(step.number, "ok")
            )
            self.draft.cursor = next(i for i, s in enumerate(self.steps()) if s.id == wanted)
            return
        if (
            step in (feedback_step(step.number, "template"), action_step(step.number, "text"))
            and not value
        ):
            # no more feedback / actions: forget anything typed for later ones
            for key, other in _answered(answers):
                if other.kind == step.kind and other.number > step.number:
                    del answers[key]
        self.draft.cursor += 1

    # ----------------------------------------------------------------- the record

    def session(self, new_id: Callable[[], str]) -> Session:
        """The finished session's record.

        It ends the confirmed length after it started; each section's time is
        its share of that length, by the wall-clock time spent in it (by the
        framework's plan for a 1:1 logged afterwards, or when none was spent).
        """
        minutes = self.minutes()
        spent = [self.draft.seconds.get(s.id, 0.0) for s in self.fw.sections]
        if self.draft.logged or not any(spent):
            spent = [float(s.minutes) for s in self.fw.sections]
        shares = section_seconds(spent, minutes)
        sections = []
        for section, share in zip(self.fw.sections, shares, strict=True):
            recorded = []
            for qid in self.draft.plan.get(section.id, []):
                value = self._get(StepId("q", part=qid))
                passed = f"q:{qid}" in self.draft.passed and value is None
                if qid not in self._questions or passed or not self.offered(qid):
                    continue  # not in this framework any more, passed over with /next, or
                    # without its options (no deal at risk to pick from): never asked
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
                    seconds=share,
                    answers=recorded,
                )
            )
        feedback = []
        n = 1
        while (
            template := self._templates.get(str(self._get(feedback_step(n, "template")) or ""))
        ) is not None:
            if self._get(feedback_step(n, "ok")) is True:
                slots = {
                    s.name: str(self._get(feedback_step(n, s.name)) or "") for s in template.slots
                }
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
        while text := self._get(action_step(n, "text")):
            due = self._get(action_step(n, "due"))
            actions.append(
                ActionItem(
                    id=new_id(),
                    text=str(text),
                    owner=self._get(action_step(n, "owner")) or "rep",
                    due=date.fromisoformat(str(due)) if due else self.draft.today,
                )
            )
            n += 1
        reviews = []
        for action in self.draft.actions():
            outcome = self._get(StepId("review", part=action.id))
            if isinstance(outcome, list) and outcome and outcome[0] != "open":
                comment = outcome[1] if len(outcome) > 1 else ""
                reason = self._get(StepId("review", part=action.id + REASON))
                reviews.append(
                    Review(
                        action=action.id,
                        text=action.text,
                        outcome=outcome[0],
                        comment=comment.strip() or str(reason or "").strip(),
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
        for metric_id, computed in self.computed(final=True).items():
            if computed is not None:
                metrics[metric_id] = computed
        metrics = {m.id: metrics[m.id] for m in self.fw.metrics if m.id in metrics}
        record = Session(
            rep=self.draft.rep,
            rep_slug=self.draft.rep_slug,
            manager=self.draft.manager,
            started=self.draft.started,
            ended=self.draft.started + timedelta(minutes=minutes),
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
            subject=self.draft.subject if self.fw.subject else "",
            subject_kind=self.fw.subject if self.draft.subject else None,
        )
        return mark_visibility(record, self.fw)


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
