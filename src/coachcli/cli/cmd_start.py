"""`coach start`: run a 1:1 session with a rep."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from coachcli.cli.common import home
from coachcli.cli.render import print_markdown, show_warnings, stderr, stdout, text
from coachcli.wording import plural, start_command


def start(
    ctx: typer.Context,
    rep: Annotated[str, typer.Argument(metavar="REP", help="The rep's name (created if new).")],
    framework: Annotated[
        str | None,
        typer.Option(
            "--framework", "-f", metavar="ID", help="Framework id or .toml path (default: a menu)."
        ),
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            help="Run without questions, from a TOML answers file (see docs/sessions.md).",
            dir_okay=False,
        ),
    ] = None,
    subject: Annotated[
        str | None,
        typer.Option(
            "--subject",
            "-s",
            metavar="NAME",
            help="The deal or account the session is about (frameworks that ask for one).",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print what would be asked; change nothing.")
    ] = False,
    no_brief: Annotated[
        bool, typer.Option("--no-brief", help="Skip the brief on where the rep stands.")
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Create a new rep with default settings.")
    ] = False,
    quick: Annotated[
        bool,
        typer.Option(
            "--quick",
            help="Ask only the required questions, the commitments and the action items.",
        ),
    ] = False,
    day: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="YYYY-MM-DD",
            help="Log a 1:1 that already happened, on this day (also: today, yesterday).",
        ),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--time",
            metavar="HH:MM",
            help="When that 1:1 started (default: it ended at this time of day).",
        ),
    ] = None,
    minutes: Annotated[
        int | None,
        typer.Option("--minutes", metavar="N", help="How long that 1:1 lasted, in minutes."),
    ] = None,
    from_stdin: Annotated[
        bool,
        typer.Option(
            "--stdin", help="Read typed answers from standard input even if it is not a terminal."
        ),
    ] = False,
) -> None:
    """Run a 1:1 session: brief, questions, feedback, actions, ratings, note.

    Every answer is saved to a draft at once; Ctrl-C, a closed terminal or
    /pause keep it, and the next `coach start` with the same rep resumes.
    At any prompt: ? help and probes, /skip, /next (the rest of this part),
    /back, /edit, /pause. --quick: only what must be asked, for a short 1:1.
    At the end, confirm how long the 1:1 was; --date, --time and --minutes
    log one that already happened.

    Example: coach start "Alex Kim" -f grow

    Example: coach start "Alex Kim" -f deal-review --subject "Globex renewal"

    Example: coach start "Alex Kim" -f grow --date 2026-11-20 --time 14:00 --minutes 30
    """
    the_home = home(ctx)
    logged = None
    if answers is None and (day is not None or at is not None or minutes is not None):
        from coachcli.meeting import logged as logged_meeting
        from coachcli.meeting import now

        logged = logged_meeting(day, at, minutes, now())
    if dry_run:
        from coachcli.outline import plan_markdown
        from coachcli.start import dry_run_plan

        plan = dry_run_plan(the_home, rep, framework, quick=quick, logged=logged)
        print_markdown(plan_markdown(plan))
        return
    if answers is not None and quick:
        from coachcli.errors import CoachError

        raise CoachError(
            "--quick and --answers cannot be used together.",
            hint="An answers file already asks only the required questions and what it answers.",
        )
    if answers is not None:
        from coachcli.answers import start_from_file

        outcome = start_from_file(
            the_home, rep, answers, framework, False, subject, day, at, minutes
        )
    else:
        import sys

        from coachcli.errors import CoachError

        if not (sys.stdin.isatty() or from_stdin):
            raise CoachError(
                "coach start asks questions, but standard input is not a terminal.",
                hint="Run it in a terminal, use --answers FILE for a scripted session, "
                "or --stdin to read answers line by line.",
            )
        from coachcli.cli.asker import TerminalAsker
        from coachcli.start import SessionInterrupted, StartOptions, start_session

        if sys.stdin.isatty():
            import contextlib

            with contextlib.suppress(ImportError):
                import readline  # noqa: F401  (line editing and history for input())
        asker = TerminalAsker(stdout(), the_home.scratch_dir)
        options = StartOptions(
            rep=rep,
            framework=framework,
            brief=not no_brief,
            yes=yes,
            quick=quick,
            subject=subject,
            logged=logged,
        )
        try:
            outcome = start_session(the_home, options, asker)
        except SessionInterrupted as stop:
            stderr().print()
            if stop.kept:
                stderr().print(
                    text(f"Stopped. Your answers are kept; run {start_command(stop.rep.name)} "
                         "to resume.")
                )  # fmt: skip
            else:
                stderr().print(text("Stopped. The draft was discarded."))
            raise typer.Exit(130) from None
        except KeyboardInterrupt:
            # Ctrl-C before the first question (adding the rep, the resume
            # question, the framework menu): no draft was started yet.
            stderr().print()
            stderr().print(text("Stopped before the session started."))
            raise typer.Exit(130) from None
        except EOFError:
            raise CoachError(
                "The input ended before the session started.",
                hint="Run it again in a terminal, or use --answers FILE for a scripted session.",
            ) from None
    _report(outcome)
    if outcome.status == "finished":
        _auto_sync(the_home)


def _auto_sync(the_home: object) -> None:
    """With ``sync.auto`` on, sync now; the session is saved already, so a failure only warns."""
    from datetime import date

    from coachcli.home import Home
    from coachcli.sync import auto_sync

    assert isinstance(the_home, Home)
    result, failure = auto_sync(the_home, date.today())
    if failure:
        show_warnings([failure])
    elif result is not None:
        show_warnings(result.notes)
        said = f"Synced: {result.committed}" if result.committed else "Synced."
        stdout().print(text(said + (f" ({result.team})" if result.team else "")), soft_wrap=True)


def _report(outcome: object) -> None:

    from coachcli.self_review_ids import is_self_review_note
    from coachcli.start import Outcome

    assert isinstance(outcome, Outcome)
    console = stdout()
    show_warnings(outcome.warnings)
    if outcome.status == "paused":
        console.print()
        command = start_command(outcome.rep.name)
        if outcome.move_to is not None:
            said = (
                f"Paused. Your answers are saved in {outcome.draft}: move it to "
                f"{outcome.move_to}, then run {command} to resume."
            )
        else:
            said = f"Paused. Your answers are saved; run {command} to resume."
        console.print(text(said, "yellow"), soft_wrap=True)
        return
    session = outcome.session
    assert session is not None and outcome.note is not None
    answered = sum(1 for a in session.sections for x in a.answers if x.value is not None)
    asked = sum(len(s.answers) for s in session.sections)
    console.print()
    # soft_wrap: a long path is never folded onto two lines, so it can be copied
    console.print(text(f"Saved {outcome.note}", "bold green"), soft_wrap=True)
    parts = [
        f"{answered} of {plural(asked, 'question')} answered",
        plural(len(session.actions), "action item") if session.actions else "no action items",
        *([f"{plural(len(session.feedback), 'piece')} of feedback"] if session.feedback else []),
        f"{session.duration_minutes} min",
    ]
    line = f"{session.framework_name} with {session.rep}: {', '.join(parts)}."
    console.print(text(line))
    own = is_self_review_note(session.framework, session.metrics)  # all the manager's items
    for action in session.actions:
        whose = "" if own else f"{action.owner}, "
        console.print(text(f"  [ ] {action.text} ({whose}due {action.due.isoformat()})"))
    if session.summary:
        console.print(text(f"Summary: {session.summary}", "italic"))
