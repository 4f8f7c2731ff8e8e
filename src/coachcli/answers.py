"""Answers files: a whole session in TOML, for scripts, tests and imports.

``coach start REP -f ID --answers FILE`` runs the same engine as a terminal
session, with :class:`FileAsker` answering from the file::

    framework = "grow"            # optional when -f is given
    subject = "Globex renewal"    # the deal or account, for a framework with a subject
    date = 2026-11-20             # the day of the 1:1 (default: today)
    time = "14:00"                # when it started (default: it ended just now)
    minutes = 30                  # how long it lasted (default: the framework's plan)
    summary = "Agreed to run discovery with the CFO."

    [answers]                     # by question id
    goal-outcome = "Close the Acme renewal this quarter"
    reality-confidence = 3

    [ratings]
    discovery = 3

    [metrics]
    meetings = 6

    [[feedback]]
    template = "sbi"
    situation = "On Tuesday's Acme call"
    behaviour = "you asked about the budget before the problem"
    impact = "the buyer went quiet"

    [[actions]]
    text = "Send the recap"
    owner = "rep"                 # rep or manager
    due = "+7d"                   # or fri, next friday, 2026-12-04

    [review]                      # outcomes of open actions, by action id
    k3f9qz = "done"
    m2x7pa = "not done: waiting on legal"

    [rep]                         # only used when the rep is new
    role = "Account Executive"
    start_date = 2025-03-01
    cadence_days = 7

A session from a file is a 1:1 logged afterwards: each section's time is
its share of the meeting by the framework's plan.

Unknown ids and missing required answers are all reported at once, before
anything is asked; a bad value is reported with its key as it is reached.
Either way nothing is written.
"""

from __future__ import annotations

from datetime import date, time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from coachcli.aims import bounds_wording, outside_bounds
from coachcli.errors import CoachError, did_you_mean
from coachcli.framework import Framework
from coachcli.home import Home
from coachcli.meeting import MAX_MINUTES, now, parse_day, parse_time
from coachcli.meeting import logged as logged_meeting
from coachcli.prompts import SKIP, Prompt, Reply, SectionInfo, StepId, answer
from coachcli.self_review_ids import is_self_review
from coachcli.session import Value
from coachcli.tomlfile import TomlFileError
from coachcli.tomlmodel import read_model

if TYPE_CHECKING:
    from coachcli.analytics import Brief
    from coachcli.start import Outcome


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ActionSpec(_Strict):
    text: str
    owner: Literal["rep", "manager"] = "rep"
    due: str | date | None = None


class RepSpec(_Strict):
    role: str = ""
    start_date: date | None = None
    cadence_days: int | None = Field(None, ge=1, le=365)


class AnswersFile(_Strict):
    """The shape of an answers file."""

    framework: str | None = None
    subject: str | None = None
    day: date | str | None = Field(None, alias="date")
    at: time | str | None = Field(None, alias="time")
    minutes: int | None = Field(None, ge=1, le=MAX_MINUTES, strict=True)
    summary: str | None = None
    answers: dict[str, Value] = Field(default_factory=dict)
    ratings: dict[str, int] = Field(default_factory=dict)
    metrics: dict[str, float] = Field(default_factory=dict)
    feedback: list[dict[str, str]] = Field(default_factory=list)
    actions: list[ActionSpec] = Field(default_factory=list)
    review: dict[str, str] = Field(default_factory=dict)
    rep: RepSpec | None = None

    @field_validator("day")
    @classmethod
    def _a_day(cls, value: date | str | None) -> date | None:
        return None if value is None else parse_day(value, date.today())

    @field_validator("at")
    @classmethod
    def _a_time(cls, value: time | str | None) -> time | None:
        return None if value is None else parse_time(value)


class AnswersError(TomlFileError):
    what = "answers file"
    hint_text = "The answers file format is described in docs/sessions.md."


def load_answers(path: Path) -> AnswersFile:
    """Read and validate an answers file."""
    return read_model(path, AnswersFile, AnswersError)


def check_answers(data: AnswersFile, framework: Framework, source: str) -> None:
    """Raise one CoachError listing every id in ``data`` that ``framework`` does not have
    and every required question without an answer."""
    problems: list[str] = []

    def unknown(what: str, given: list[str], known: list[str]) -> None:
        for item in given:
            if item not in known:
                hint = did_you_mean(item, known)
                problems.append(
                    f"{what} {item!r} is not in {framework.id}"
                    + (f"; did you mean {hint!r}?" if hint else "")
                )

    questions = [q for s in framework.sections for q in s.questions]
    unknown("question", list(data.answers), [q.id for q in questions])
    unknown("rating", list(data.ratings), [r.id for r in framework.ratings])
    unknown("metric", list(data.metrics), [m.id for m in framework.metrics])
    for metric in framework.metrics:
        if metric.compute is not None and metric.id in data.metrics:
            problems.append(
                f"metric {metric.id!r} is computed (compute = {metric.compute!r}), "
                "never answered: leave it out"
            )
        elif metric.id in data.metrics and (
            wrong := outside_bounds(data.metrics[metric.id], metric.aim)
        ):
            problems.append(
                f"metrics.{metric.id} = {data.metrics[metric.id]:g} is {wrong} for "
                f"{metric.name!r} ({bounds_wording(metric.aim)})"
            )
    templates = {t.id: t for t in framework.feedback}
    for number, item in enumerate(data.feedback, start=1):
        template = templates.get(item.get("template", ""))
        if template is None:
            unknown(f"feedback[{number}] template", [item.get("template", "")], list(templates))
            continue
        slots = [s.name for s in template.slots]
        unknown(f"feedback[{number}] slot", [k for k in item if k != "template"], slots)
    if is_self_review(framework):  # its rep is the manager: every item is theirs, owner "rep"
        problems += [
            f"actions[{number}].owner = 'manager': a self-review's action items are all your "
            "own (recorded as its rep's, that is yours): leave owner out"
            for number, item in enumerate(data.actions, start=1)
            if item.owner == "manager"
        ]
    missing = [q.id for q in questions if q.required and q.id not in data.answers]
    if missing:
        problems.append("required questions without an answer: " + ", ".join(missing))
    if framework.subject and not (data.subject or "").strip():
        problems.append(f"subject: the {framework.subject} this session is about is missing")
    if data.subject is not None and framework.subject is None:
        problems.append(f"subject: {framework.id} is not about a deal or an account")
    if problems:
        listed = "\n".join(f"  {p}" for p in problems)
        raise CoachError(f"{source} does not fit the framework {framework.id!r}:\n{listed}")


def plan_from_answers(data: AnswersFile, framework: Framework) -> dict[str, list[str]]:
    """The questions to ask: the required ones and the ones the file answers."""
    return {
        s.id: [q.id for q in s.questions if q.required or q.id in data.answers]
        for s in framework.sections
    }


class FileAsker:
    """An Asker that answers every prompt from an answers file."""

    def __init__(self, data: AnswersFile, source: str) -> None:
        self.data = data
        self.source = source
        self.notices: list[str] = []

    def ask(self, prompt: Prompt) -> Reply:
        if prompt.error:
            raise CoachError(f"{self.source}: {_describe(prompt.id)}: {prompt.error}")
        value = self._lookup(prompt.id)
        if value is None and prompt.id.kind == "minutes":
            return answer("")  # Enter: the length offered
        return SKIP if value is None else answer(value)

    def _lookup(self, step: StepId) -> Any:
        data = self.data
        kind, part = step.kind, step.part
        if kind == "q":
            return data.answers.get(part)
        if kind == "rating":
            return data.ratings.get(part)
        if kind == "metric":
            return data.metrics.get(part)
        if kind == "review":
            return data.review.get(part)
        if kind == "summary":
            return data.summary
        if kind == "minutes":
            return data.minutes
        if kind == "fb":
            index = step.number - 1
            if index >= len(data.feedback):
                return None
            if part == "ok":
                return True
            return data.feedback[index].get(part)
        if kind == "act":
            index = step.number - 1
            if index >= len(data.actions):
                return "" if part == "text" else None
            return getattr(data.actions[index], part)
        if kind == "framework":
            return data.framework
        if kind == "subject":
            return data.subject
        if kind == "rep" and data.rep is not None:
            field = {"role": "role", "start": "start_date", "cadence": "cadence_days"}[part]
            return getattr(data.rep, field)
        return None

    def confirm(self, question: str, default: bool) -> bool:
        return default

    def begin_section(self, section: SectionInfo) -> None:
        return None

    def notice(self, text: str) -> None:
        self.notices.append(text)

    def brief(self, brief: Brief) -> None:
        return None


def _describe(step: StepId) -> str:
    """Where in the answers file the answer to ``step`` is written."""
    if step.kind == "q":
        return f"answers.{step.part}"
    if step.kind in ("rating", "metric"):
        return f"{step.kind}s.{step.part}"
    if step.kind in ("fb", "act"):
        table = "feedback" if step.kind == "fb" else "actions"
        return f"{table}[{step.number}].{step.part}"
    return step.kind


def start_from_file(
    home: Home,
    rep: str,
    path: Path,
    framework: str | None = None,
    brief: bool = False,
    subject: str | None = None,
    day: str | None = None,
    at: str | None = None,
    minutes: int | None = None,
) -> Outcome:
    """Run a whole session for ``rep`` from the answers file at ``path``.

    ``subject``, ``day``, ``at`` and ``minutes`` (``--subject``, ``--date``,
    ``--time``, ``--minutes``) win over the file's ``subject``, ``date``,
    ``time`` and ``minutes``.
    """
    from coachcli.start import StartOptions, start_session

    data = load_answers(path)
    if subject is not None:
        data = data.model_copy(update={"subject": subject})
    where = tuple(
        option if given is not None else f"{path}: {key}"
        for option, given, key in (("--date", day, "date"), ("--time", at, "time"),
                                   ("--minutes", minutes, "minutes"))
    )  # fmt: skip
    logged = logged_meeting(
        data.day if day is None else day,
        data.at if at is None else at,
        data.minutes if minutes is None else minutes,
        now(),
        (where[0], where[1], where[2]),
    )
    ref = framework or data.framework
    if not ref:
        raise CoachError(
            f"{path} does not say which framework to use.",
            hint='Pass -f ID, or put framework = "ID" at the top of the file.',
        )

    def plan(fw: Framework) -> dict[str, list[str]]:
        check_answers(data, fw, str(path))
        return plan_from_answers(data, fw)

    options = StartOptions(
        rep=rep,
        framework=ref,
        brief=brief,
        yes=False,
        plan=plan,
        resume=False,
        logged=logged,
        subject=data.subject,
    )
    return start_session(home, options, FileAsker(data, str(path)))
