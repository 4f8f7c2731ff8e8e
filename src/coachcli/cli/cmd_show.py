"""`coach show`: one session note, rendered in the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from coachcli.cli.common import (
    RepArgument,
    home,
)
from coachcli.cli.render import echo_raw, show_warnings, stdout

if TYPE_CHECKING:
    pass


def show(
    ctx: typer.Context,
    rep: RepArgument,
    which: Annotated[
        str | None,
        typer.Argument(
            metavar="DATE|N",
            help="A date (2026-11-27), N (1 = newest) or nothing for the newest.",
        ),
    ] = None,
    last: Annotated[bool, typer.Option("--last", help="The newest note (the default).")] = False,
    raw: Annotated[bool, typer.Option("--raw", help="Print the file as it is.")] = False,
    json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Show one session note in the terminal.

    Example: coach show "Alex Kim" 2026-11-20
    """
    from coachcli.cli.render import print_markdown, warn
    from coachcli.queries import pick_note

    if last and which is not None:
        from coachcli.errors import CoachError

        raise CoachError("Give either --last or a date/number, not both.")
    if raw and json:
        from coachcli.errors import CoachError

        raise CoachError("Give either --raw or --json, not both.")
    choice = pick_note(home(ctx), rep, "last" if last else which)
    show_warnings(choice.warnings)
    if json:
        from coachcli.cli.render import print_json
        from coachcli.queries import note_json

        print_json(note_json(choice))
        return
    data = choice.path.read_bytes()
    if raw:  # byte for byte: line ends, encoding and all
        echo_raw(data)
        return
    from coachcli.cli.render import text
    from coachcli.frontmatter import NoteError, split_note

    content = data.decode("utf-8", errors="replace")
    try:
        _, body = split_note(content, str(choice.path))
    except NoteError:  # a note broken by hand is still shown, as it is
        body = content
    print_markdown(body.lstrip("\n"))
    if choice.position:
        where = f"{choice.path} · note {choice.position} of {choice.total}"
    else:
        where = f"{choice.path} · cannot be read as a note, shown as it is"
    if choice.facts:
        stdout().print(text(choice.facts, "dim"), soft_wrap=True)
    stdout().print(text(where, "dim"), soft_wrap=True)
    for other in choice.same_day:
        warn(f"another note the same day: {other.name}")
