"""What is asked before a session starts: a new rep, which rep was meant, the framework, the deal.

None of these is part of the session's draft: each is asked (through the
:class:`~coachcli.prompts.Asker`) until it is valid, and ``/back`` or
``/skip`` mean nothing here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from coachcli import analytics
from coachcli.config import Config
from coachcli.errors import CoachError
from coachcli.framework import Framework
from coachcli.home import Home
from coachcli.loader import discover, resolve
from coachcli.prompts import Asker, Prompt, PromptSpec, SectionInfo, StepId
from coachcli.records import Corpus
from coachcli.reps import Rep, add_rep, matching_reps
from coachcli.session import Value
from coachcli.values import parse_value

SETUP = SectionInfo("_setup", "New session", "", 0, 0, 0)


def create_rep(
    home: Home,
    typed_name: str,
    asker: Asker,
    config: Config,
    today: date,
    *,
    yes: bool = False,
    typed: bool = True,
) -> Rep:
    """A new rep for ``typed_name``, or the existing one the manager meant.

    ``yes``: add them with default settings, asking nothing. ``typed``: the
    name was typed (not read from a file), so a close existing name is offered.
    """
    from coachcli.names import validate_name

    name = validate_name(typed_name)
    if yes:
        return add_rep(home, name, today=today)
    meant = _meant_rep(home, name, asker, today) if typed else None
    if meant is not None:
        return meant
    if not asker.confirm(f"{name} is not one of your reps yet. Add them?", True):
        raise CoachError(
            f"No rep named {name!r}; nothing was started.",
            hint="`coach rep list` shows your reps.",
        )
    role = ask_setup(
        asker,
        _setup(StepId("rep", part="role"), text=f"{name}'s role", type="text",
               context="e.g. Account Executive, SDR; Enter to skip"),
        today,
    )  # fmt: skip
    started = ask_setup(
        asker,
        _setup(StepId("rep", part="start"), text="Start date in the role", type="day",
               context="YYYY-MM-DD; Enter to skip"),
        today,
    )  # fmt: skip
    cadence = ask_setup(
        asker,
        _setup(StepId("rep", part="cadence"), text="Days between 1:1s", type="number",
               integer=True, minimum=1, maximum=365, default=config.cadence_days,
               context="your setting for every rep: coach config set cadence_days N"),
        today,
    )  # fmt: skip
    return add_rep(
        home,
        name,
        role=str(role or ""),
        start_date=date.fromisoformat(str(started)) if started else None,
        cadence_days=(
            int(cadence)
            if isinstance(cadence, int | float) and cadence != config.cadence_days
            else None
        ),
        today=today,
    )


def _meant_rep(home: Home, name: str, asker: Asker, today: date) -> Rep | None:
    """The rep a name typed in part, or mistyped, means (as the manager says); None: a new rep."""
    reps = matching_reps(home, name)
    if len(reps) == 1 and asker.confirm(f"No rep named {name}. Did you mean {reps[0].name}?", True):
        return reps[0]
    if len(reps) < 2:
        return None
    labels = (*[rep.name for rep in reps], f"Someone new: add {name}")
    which = _setup(StepId("rep", part="which"), text=f"No rep named {name}. Who did you mean?",
                   type="choice", options=labels, required=True)  # fmt: skip
    chosen = ask_setup(asker, which, today)
    return next((rep for rep in reps if rep.name == chosen), None)


def ask_setup(asker: Asker, prompt: Prompt, today: date) -> Value | None:
    """Ask a question outside the session (no back, no draft) until it is valid."""
    error = ""
    while True:
        reply = asker.ask(_with_error(prompt, error))
        if reply.command == "pause":
            raise CoachError("Stopped before the session started; nothing was saved.")
        if reply.command in ("skip", "back", "next") or reply.value in (None, "", []):
            if reply.command == "answer" and prompt.default is not None:
                return parse_value(prompt, prompt.default, today)
            if not prompt.required:
                return None
            error = "This one is required."
            continue
        try:
            return parse_value(prompt, reply.value, today)
        except ValueError as exc:
            error = str(exc)


def _setup(step: StepId, **spec: Any) -> Prompt:
    """A question asked before the session starts (a new rep's profile, the framework)."""
    return Prompt.of(PromptSpec(**spec), step, SETUP)


def _with_error(prompt: Prompt, error: str) -> Prompt:
    from dataclasses import replace

    return replace(prompt, error=error)


def session_subject(
    asker: Asker,
    framework: Framework,
    given: str | None,
    corpus: Corpus,
    today: date,
    at_risk: Sequence[str] = (),
) -> str:
    """The deal or account the session is about: ``given``, else asked ("" if none applies),
    offering the deals ``at_risk`` in the rep's pipeline snapshot first."""
    from coachcli.subjects import earlier_subjects, same_subject, subject_spec

    if framework.subject is None:
        if given:
            raise CoachError(
                f"The framework {framework.id!r} is not about a deal or an account.",
                hint="Leave out --subject, or choose a framework with subject = ... "
                "(`coach frameworks list`).",
            )
        return ""
    earlier = earlier_subjects(corpus.notes)
    if given and given.strip():
        given = " ".join(given.split())
        return next((s for s in earlier if same_subject(s, given)), given)
    spec = subject_spec(framework.subject, earlier, at_risk)
    return str(ask_setup(asker, Prompt.of(spec, StepId("subject"), SETUP), today))


def choose_framework(
    home: Home,
    given: str | None,
    asker: Asker,
    config: Config,
    corpus: Corpus,
    rep: Rep,
    today: date,
    *,
    about: bool = False,
) -> tuple[Framework, analytics.Targets]:
    """The framework for this session, and the metric targets the frameworks define.

    ``about``: the session is about a deal or account (``--subject``), so the
    menu offers the frameworks that ask for one.
    """
    if given:
        framework = resolve(home, given)
        return framework, analytics.metric_targets([framework])
    usable = [s.framework for s in discover(home) if s.framework is not None]
    if about:
        usable = [f for f in usable if f.subject] or usable
    if not usable:
        raise CoachError("No valid framework found.", hint="`coach frameworks validate` says why.")
    # the menu: coaching first, then mixed, then performance; by name within each
    order = {"coaching": 0, "mixed": 1, "performance": 2}
    usable.sort(key=lambda f: (order.get(f.kind, 3), f.name.casefold()))
    targets = analytics.metric_targets(usable)
    available = {f.id: f.kind for f in usable}
    suggestion = analytics.suggest(corpus, rep.slug, today, targets, available)
    default_id = suggestion.framework if suggestion else config.default_framework
    ids = [f.id for f in usable]
    default = usable[ids.index(default_id)] if default_id in ids else usable[0]
    # the id in each entry, so next time it can be given with -f (or typed here)
    labels = tuple(f"{f.name} ({f.kind}, {f.minutes} min) · -f {f.id}" for f in usable)
    context = f"Suggested: {suggestion.reason}" if suggestion else ""
    chosen = ask_setup(
        asker,
        _setup(StepId("framework"), text="Which framework?", type="choice", options=labels,
               aliases=tuple(ids), default=labels[ids.index(default.id)], required=True,
               context=context, help="Type its number or its id; -f ID skips this menu."),
        today,
    )  # fmt: skip
    return usable[labels.index(str(chosen))], targets
