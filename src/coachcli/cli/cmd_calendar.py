"""`coach calendar`: the 1:1s due and the action items, as a file to import into a calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from coachcli.cli.common import home


class Owner(StrEnum):
    rep = "rep"
    manager = "manager"


def calendar(
    ctx: typer.Context,
    rep: Annotated[
        str | None, typer.Argument(metavar="REP", help="One rep (default: every active rep).")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            dir_okay=False,
            help="Write it to this file (0600) instead of printing it.",
        ),
    ] = None,
    actions: Annotated[
        bool, typer.Option("--actions/--no-actions", help="Include the action items' due dates.")
    ] = True,
    owner: Annotated[
        Owner | None,
        typer.Option("--owner", metavar="rep|manager", help="Only the rep's actions or yours."),
    ] = None,
) -> None:
    """Print an iCalendar (.ics) file of each rep's next 1:1 and the action items' due dates.

    Import it into Google Calendar or Outlook; importing a newer file updates the
    events instead of adding them twice. It holds your action items' text: keep it private.

    Example: coach calendar -o ~/coach.ics
    """
    from coachcli.calendar_feed import calendar_feed
    from coachcli.cli.progress import progress_bar
    from coachcli.cli.render import echo_raw, show_warnings, stderr, text
    from coachcli.wording import plural

    if output is not None:
        output = output.expanduser()  # "~/coach.ics" in quotes, as a shell would
    if output is not None and not output.parent.is_dir():
        from coachcli.errors import CoachError

        raise CoachError(
            f"No folder {output.parent}: could not write {output}.",
            hint="Create the folder first, or give a file in a folder that exists.",
        )
    with progress_bar() as progress:
        feed = calendar_feed(
            home(ctx), date.today(), rep, actions=actions,
            owner=owner.value if owner else None, progress=progress,
        )  # fmt: skip
    show_warnings(feed.warnings)
    data = feed.to_ics(datetime.now(UTC))
    if output is None:
        echo_raw(data)
        return
    from coachcli.fsys import atomic_write

    atomic_write(output, data)
    written = f"Wrote {output}: {plural(len(feed.events), 'event')}."
    stderr().print(text(written, "dim"), soft_wrap=True)
