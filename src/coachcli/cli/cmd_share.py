"""`coach share`: what the rep receives after a 1:1, with nothing private in it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from coachcli.cli.common import RepArgument, home


def share(
    ctx: typer.Context,
    rep: RepArgument,
    which: Annotated[
        str | None,
        typer.Argument(
            metavar="DATE|N|FILE",
            help="A date (2026-11-27), N (1 = newest), a note's path, or nothing for the newest.",
        ),
    ] = None,
    last: Annotated[bool, typer.Option("--last", help="The newest note (the default).")] = False,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", metavar="md|text|html", help="Markdown (default), plain text or HTML."
        ),
    ] = "md",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", dir_okay=False, help="Write it to this file (0600)."
        ),
    ] = None,
) -> None:
    """Print what to send the rep after a 1:1: summary, agreements, feedback, shared answers.

    Anything the note marks private (your ratings, your observations) is never in it.

    Example: coach share "Alex Kim" --format text | pbcopy
    """
    from coachcli.cli.render import echo_raw, stderr, text
    from coachcli.errors import CoachError
    from coachcli.share import share_note
    from coachcli.share_render import FORMATS
    from coachcli.wording import plural

    if last and which is not None:
        raise CoachError("Give either --last or a date, number or file, not both.")
    chosen = next((f for f in FORMATS if f == fmt.strip().casefold()), None)
    if chosen is None:
        raise typer.BadParameter(
            f"{fmt!r} is not one of {', '.join(FORMATS)}.", param_hint="--format"
        )
    result = share_note(home(ctx), rep, "last" if last else which, chosen)
    if result.empty:
        shared = "marked shared" if result.self_review else "shared with the rep"
        raise CoachError(
            f"{result.note}: nothing in this note is {shared}.",
            hint="Mark a part shared in the note (<!-- section: ID KIND shared -->, "
            "docs/notes.md), or set visibility in its framework for the next 1:1s.",
        )
    if output is not None:
        from coachcli.fsys import atomic_write

        atomic_write(output, result.text)
        stderr().print(text(f"Wrote {output}", "dim"), soft_wrap=True)
    else:
        echo_raw(result.text)
    if result.left_out:
        left_out = f"Left out {plural(result.left_out, 'item')} marked private."
        stderr().print(text(left_out, "dim"))
