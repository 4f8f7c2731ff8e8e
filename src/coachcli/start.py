"""`coach start`: everything around the engine, from the rep to the note.

:func:`start_session` finds (or creates) the rep, takes the rep's lock,
offers to resume a draft, chooses the framework, shows the brief, runs the
:class:`~coachcli.engine.Engine` and writes the note. Every question goes
through the :class:`~coachcli.engine.Asker`; nothing here prints.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from coachcli import analytics
from coachcli.banks import plan_questions, quick_plan
from coachcli.before_session import SETUP, choose_framework, create_rep, session_subject
from coachcli.config import load_config
from coachcli.drafts import (
    Draft,
    DraftKeeper,
    OpenAction,
    discard_draft,
    draft_path,
    load_draft,
)
from coachcli.engine import Engine
from coachcli.errors import CoachError
from coachcli.framework import Framework
from coachcli.fsys import home_writing, rep_lock
from coachcli.home import Home
from coachcli.loader import discover, resolve
from coachcli.meeting import Logged
from coachcli.meeting import now as _now
from coachcli.notes import write_note
from coachcli.prompts import Asker
from coachcli.records import Corpus
from coachcli.reppage import write_page
from coachcli.reps import Rep, find_rep, rep_dir
from coachcli.session import Session
from coachcli.wording import plural, start_command

if TYPE_CHECKING:
    from coachcli.deal_picks import RiskOffer
    from coachcli.imports import MetricValue

ACTION_ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


@dataclass
class StartOptions:
    """What `coach start` was asked to do."""

    rep: str
    framework: str | None = None
    brief: bool = True
    yes: bool = False
    """Create an unknown rep with default settings, without asking."""
    now: Callable[[], datetime] = _now
    plan: Callable[[Framework], dict[str, list[str]]] | None = None
    """Choose the questions (default: rotate through the banks)."""
    resume: bool = True
    """Offer to resume a draft; when False, an existing draft is an error."""
    subject: str | None = None
    """The deal or account, for a framework with a ``subject`` (else it is asked)."""
    quick: bool = False
    """Ask only the required questions, the commitment review and the action items."""
    logged: Logged | None = None
    """A 1:1 that already happened (``--date``, ``--time``, ``--minutes``, an answers file)."""


@dataclass
class Outcome:
    """How a session ended."""

    status: Literal["finished", "paused"]
    rep: Rep
    framework: Framework
    note: Path | None = None
    session: Session | None = None
    draft: Path | None = None
    move_to: Path | None = None
    """Where the draft must go to be resumed, when the disk made it be saved elsewhere."""
    warnings: list[str] = field(default_factory=list)


class SessionInterrupted(Exception):
    """Ctrl-C during a session; ``kept`` says whether the draft was kept."""

    def __init__(self, kept: bool, rep: Rep) -> None:
        super().__init__("interrupted")
        self.kept = kept
        self.rep = rep


def start_session(home: Home, options: StartOptions, asker: Asker) -> Outcome:
    """Run (or resume) one session for ``options.rep``; return how it ended.

    Not while ``coach sync`` runs (:func:`coachcli.fsys.home_writing`): that is
    checked first, before a new rep's questions are asked.
    """
    with home_writing(home.root):
        return _session(home, options, asker)


def _session(home: Home, options: StartOptions, asker: Asker) -> Outcome:
    settings: list[str] = []  # a mistake in config.toml does not stop a 1:1: a warning
    config = load_config(home, settings)
    now = options.now()
    started = options.logged.start if options.logged else now
    today = started.date()  # a 1:1 logged afterwards is seen as of its day
    rep = find_rep(home, options.rep)
    if rep is None:
        # check what can be checked before a new rep is created, so a typo in
        # -f or in an answers file does not leave behind a rep nobody meant to add
        if options.framework:
            chosen = resolve(home, options.framework)
            if options.plan is not None:
                options.plan(chosen)
        rep = create_rep(
            home, options.rep, asker, config, now.date(), yes=options.yes, typed=options.resume
        )
    folder = rep_dir(home, rep)
    with rep_lock(folder, rep.name):
        draft, framework = _resume(home, folder, rep, options, asker)
        warnings: list[str] = []
        if draft is None:
            from coachcli.index import load_corpus

            corpus = load_corpus(home, rep.slug)
            warnings = list(corpus.warnings)
            if options.logged:
                corpus = analytics.before(corpus, started)
            from coachcli import imports

            kept = imports.metric_values(home)
            warnings += kept.warnings
            # what the CRM said by the day of the 1:1 (a 1:1 logged afterwards sees no later one)
            newest = imports.latest([v for v in kept.values if v.as_of <= today], rep.slug)
            if options.brief:  # first: where the rep stands, and what to talk about next
                from coachcli.prep import build_brief

                asker.brief(build_brief(home, corpus, rep, today, imported=newest))
            framework, _ = choose_framework(
                home, options.framework, asker, config, corpus, rep, today,
                about=bool(options.subject),
            )  # fmt: skip
            risky = _deals_at_risk(home, framework, rep, today, asker, bool(options.subject))
            subject = session_subject(
                asker, framework, options.subject, corpus, today,
                at_risk=[d.name for d in risky.deals] if risky else (),
            )  # fmt: skip
            offered = dict(newest)
            if not subject:  # a self-review: the manager's own figures, offered as imports are
                offered |= _self_review(home, framework, rep, today, options.logged, asker)
            if options.quick:
                asker.notice("A quick 1:1: the required questions, then the action items.")
            if options.plan is not None:
                plan = options.plan(framework)
            else:
                plan = plan_questions(framework, _asked(corpus))
            if options.quick:
                plan = quick_plan(framework, plan)
            draft = Draft(
                rep=rep.name,
                rep_slug=rep.slug,
                manager=config.manager_name,
                framework=framework.id,
                framework_version=framework.version,
                framework_ref=options.framework or framework.id,
                started=started,
                today=today,
                plan=plan,
                logged=options.logged is not None,
                minutes=options.logged.minutes if options.logged else None,
                open_actions=[
                    {
                        **vars(_open_action(a)),
                        "due": a.due.isoformat(),
                        "session_date": a.created.isoformat(),
                    }
                    for a in analytics.open_actions(corpus, today)
                ],
                # a deal's numbers compare with that deal's last session, not another's
                history=_history(_about(corpus, subject), framework, offered, bool(subject)),
                subject=subject,
                quick=options.quick,
            )
            if risky is not None:  # kept: a resumed session picks from the same deals
                from coachcli.deal_picks import DRAFT_KEY, to_draft

                draft.history[DRAFT_KEY] = to_draft(risky)
            if not draft.logged:  # the menu and the brief are part of the meeting
                draft.seconds[SETUP.id] = (options.now() - now).total_seconds()
        elif options.logged:
            asker.notice("Resuming the draft: it keeps the date and length it was started with.")
        if draft.logged:
            length = f", {draft.minutes} min" if draft.minutes else ""
            asker.notice(f"Logging the 1:1 of {draft.started:%a %d %b %Y, %H:%M}{length}.")
        keeper = DraftKeeper(folder, asker)
        keeper.save(draft)
        assert framework is not None
        engine = Engine(framework, draft, save=keeper.save)
        keeper.label = engine.label
        try:
            status = engine.run(asker)
        except KeyboardInterrupt:
            try:
                keep = asker.confirm("Keep your answers as a draft to resume later?", True)
            except (KeyboardInterrupt, EOFError):
                keep = True
            if keep:
                keeper.secure(draft)
            else:
                discard_draft(folder)
            raise SessionInterrupted(keep, rep) from None
        except CoachError:
            if not options.resume:
                # a non-interactive run that failed leaves nothing to resume
                discard_draft(folder)
            raise
        except EOFError:
            raise CoachError(
                "The input ended before the session was finished; your answers so far are saved.",
                hint=f"Run {start_command(rep.name)} to resume.",
            ) from None
        if status == "paused":
            keeper.secure(draft)
            moved = draft_path(folder) if keeper.moved else None
            return Outcome("paused", rep, framework, draft=keeper.path, move_to=moved)
        # finishing reads no other note, so it costs the same at 10 or 10,000 notes
        known: set[str] = set()
        session = engine.session(lambda: _new_action_id(known))
        try:
            note = write_note(folder, session, framework)
        except CoachError as exc:
            asker.notice(f"The note could not be written: {exc.message}")
            keeper.secure(draft)
            raise CoachError(
                f"The note could not be written ({exc.message}). Every answer is kept in the "
                f"draft {keeper.path}.",
                hint=f"Free some space, then run {start_command(rep.name)}: it offers to resume, "
                "and Enter at each question keeps your answer.",
            ) from None
        discard_draft(folder)
        discard_draft(keeper.folder)
        warnings += _close_reviewed(folder, draft, session)
        warnings += _refresh_page(home, rep)
        warnings = [*settings, *warnings]
        return Outcome("finished", rep, framework, note=note, session=session, warnings=warnings)


def _close_reviewed(folder: Path, draft: Draft, session: Session) -> list[str]:
    """Tick (or drop) the task lines of earlier actions reviewed as done (or dropped).

    The task line in the note that agreed an action is its status (format 2),
    so a review changes it there too; the rep's lock is held. Returns a
    warning for each line that could not be changed (the review in the new
    note still says what was decided).
    """
    from coachcli.taskfile import rewrite_task_in_file

    final = {a.id: a for a in draft.actions() if a.final}
    problems = []
    for review in session.reviews:
        action = final.get(review.action)
        if action is None or review.outcome == "not-done":
            continue
        status: Literal["done", "dropped"] = review.outcome
        try:
            rewrite_task_in_file(folder / action.note, action.id, status, session.date,
                                 review.comment)  # fmt: skip
        except CoachError as exc:
            problems.append(f"{exc.message} (the review of {action.id} is in the new note)")
    return problems


def _refresh_page(home: Home, rep: Rep) -> list[str]:
    """Write the rep's page with the new session; a warning if it cannot be (the note is safe)."""
    try:
        write_page(home, rep)
    except CoachError as exc:
        return [f"The note is saved, but {rep.name}'s page was not updated: {exc.message}"]
    return []


def _asked(corpus: Corpus) -> list[list[str]]:
    """The questions asked in each earlier session, newest first (for bank rotation)."""
    notes = sorted(corpus.notes, key=lambda n: n.started.timestamp(), reverse=True)
    return [list(n.questions_asked) for n in notes]


def _open_action(state: analytics.ActionState) -> OpenAction:
    return OpenAction(
        id=state.id,
        text=state.text,
        owner=state.owner,
        due=state.due,
        note=state.note.name,
        session_date=state.created,
        final=state.final,
    )


def _new_action_id(known: set[str]) -> str:
    """A short id a person can type: 7 characters without look-alikes (0/o, 1/l/i).

    31**7 ids make a clash unlikely even across tens of thousands of actions;
    `coach actions done` asks for the rep when an id is ever ambiguous.
    """
    while True:
        candidate = "".join(secrets.choice(ACTION_ID_ALPHABET) for _ in range(7))
        if candidate not in known:
            known.add(candidate)
            return candidate


def _resume(
    home: Home, folder: Path, rep: Rep, options: StartOptions, asker: Asker
) -> tuple[Draft | None, Framework | None]:
    draft, problem = load_draft(folder)
    if problem:
        asker.notice(problem)
    if draft is None:
        return None, None
    if not options.resume:
        raise CoachError(
            f"There is an unfinished session with {rep.name} (a draft from "
            f"{draft.started:%Y-%m-%d %H:%M}).",
            hint=f"Resume or discard it first: {start_command(rep.name)}",
        )
    answered = plural(sum(1 for v in draft.answers.values() if v is not None), "answer")
    when = draft.started.strftime("%a %d %b %H:%M")
    if not asker.confirm(
        f"You have an unfinished {draft.framework} session with {rep.name} from {when} "
        f"({answered}). Resume it?",
        True,
    ):
        if not asker.confirm(f"Discard the draft and its {answered} for good?", False):
            raise CoachError(
                "Nothing was started; the draft is kept.",
                hint=f"Run {start_command(rep.name)} again to resume it.",
            )
        discard_draft(folder)
        asker.notice("The draft was discarded.")
        return None, None
    framework = resolve(home, draft.framework_ref)
    if framework.version != draft.framework_version:
        asker.notice(
            f"The framework {framework.id!r} changed since this draft was started "
            f"(version {draft.framework_version} → {framework.version}); "
            "questions that no longer exist are left out."
        )
    if options.framework and options.framework not in (draft.framework, draft.framework_ref):
        asker.notice(f"Resuming the {draft.framework} draft; -f {options.framework} is ignored.")
    if options.quick and not draft.quick:
        asker.notice("Resuming the draft as it was started; --quick is ignored.")
    return draft, framework


@dataclass
class Plan:
    """What a session would ask, for ``coach start --dry-run``."""

    rep: str
    known_rep: bool
    framework: Framework
    questions: dict[str, list[str]]
    open_actions: list[analytics.ActionState]
    suggestion: analytics.Suggestion | None
    quick: bool = False


def dry_run_plan(
    home: Home,
    rep_ref: str,
    framework_ref: str | None,
    quick: bool = False,
    logged: Logged | None = None,
) -> Plan:
    """What ``coach start`` would ask this rep now (or for a 1:1 ``logged`` afterwards, as of
    its day, as the session itself would); nothing is created or changed."""
    config = load_config(home, [])
    rep = find_rep(home, rep_ref)
    if rep is not None:
        from coachcli.index import load_corpus

        corpus = load_corpus(home, rep.slug)
    else:
        corpus = Corpus()
    today = _now().date()
    if logged is not None:
        corpus, today = analytics.before(corpus, logged.start), logged.start.date()
    usable = [s.framework for s in discover(home) if s.framework is not None]
    suggestion = (
        analytics.suggest(
            corpus,
            rep.slug,
            today,
            analytics.metric_targets(usable),
            {f.id: f.kind for f in usable},
        )
        if rep is not None
        else None
    )
    if framework_ref:
        framework = resolve(home, framework_ref)
    else:
        ids = {f.id for f in usable}
        wanted = suggestion.framework if suggestion else config.default_framework
        framework = resolve(home, wanted if wanted in ids else config.default_framework)
    questions = plan_questions(framework, _asked(corpus))
    return Plan(
        rep=rep.name if rep is not None else rep_ref,
        known_rep=rep is not None,
        framework=framework,
        questions=quick_plan(framework, questions) if quick else questions,
        open_actions=analytics.open_actions(corpus, today),
        suggestion=suggestion,
        quick=quick,
    )


def _history(
    corpus: Corpus, framework: Framework, newest: dict[str, MetricValue], about: bool
) -> dict[str, Any]:
    """The last values the session compares with, and under "imported" the metrics whose
    imported value is newer than the session's (none for a session about a deal or account:
    the imports are the rep's numbers, not the deal's)."""
    from coachcli.imports import session_defaults

    history: dict[str, Any] = dict(analytics.last_values(corpus))
    if about or not newest:
        return history
    recorded: dict[str, date] = {}
    for note in corpus.notes:
        for metric_id in note.metrics:
            if metric_id not in recorded or note.date > recorded[metric_id]:
                recorded[metric_id] = note.date
    asked = [m.id for m in framework.metrics if m.compute is None]
    imported = session_defaults(newest, recorded, asked)
    if imported:
        history["imported"] = imported
    return history


def _self_review(
    home: Home, framework: Framework, rep: Rep, today: date, logged: Logged | None, asker: Asker
) -> dict[str, MetricValue]:
    """For a self-review (:func:`coachcli.self_review_ids.is_self_review`): show the manager's
    figures and return them to offer as the metrics' defaults; nothing for another framework.
    A 1:1 logged afterwards is offered none: the figures are as of now, not of its day."""
    from coachcli.self_review import figures
    from coachcli.self_review_ids import is_self_review

    if not is_self_review(framework):
        return {}
    if logged is not None:
        asker.notice("A self-review logged afterwards is not offered your figures: they are "
                     "as of today (coach balance --since 30d shows them).")  # fmt: skip
        return {}
    found, warnings = figures(home, today, rep.slug)
    for warning in warnings:
        asker.notice(warning)
    asker.notice(found.text())
    return found.offered(rep.slug, rep.name)


def _deals_at_risk(
    home: Home, framework: Framework, rep: Rep, today: date, asker: Asker, given: bool
) -> RiskOffer | None:
    """The deals at risk in the rep's pipeline snapshot, for a framework that offers them
    (:mod:`coachcli.deal_picks`); listed with why before a deal review asks which deal."""
    from coachcli.deal_picks import offer, wanted

    if not wanted(framework):
        return None
    found, warnings = offer(home, rep.slug, today)
    for warning in warnings:
        asker.notice(warning)
    if found is not None and framework.subject == "deal" and not given:
        lines = [f"Deals at risk in {found.where}:"]
        lines += [f"  {n}. {d.label}" for n, d in enumerate(found.deals, 1)]
        asker.notice("\n".join(lines))
    return found


def _about(corpus: Corpus, subject: str) -> Corpus:
    """The part of ``corpus`` about ``subject`` (all of it when the session has none)."""
    if not subject:
        return corpus
    from dataclasses import replace

    from coachcli.subjects import sessions_about

    return replace(corpus, notes=sessions_about(corpus.notes, subject))
