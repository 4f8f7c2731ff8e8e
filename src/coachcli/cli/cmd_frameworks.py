"""`coach frameworks`: browse, check and scaffold framework files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from coachcli.cli.common import home, paged
from coachcli.cli.render import echo, echo_raw, print_json, print_markdown, stdout

app = typer.Typer(
    help="Browse, check and create frameworks (TOML question banks).",
    no_args_is_help=True,
)


@app.command("list")
@paged
def list_(
    ctx: typer.Context,
    json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """List the frameworks you can use: built-in and your own.

    An invalid file is listed with its first problem.

    Example: coach frameworks list
    """
    from coachcli.loader import discover

    sources = discover(home(ctx))
    if json:
        print_json({"frameworks": [s.to_json() for s in sources]})
        return
    from coachcli.cli.render import table, text

    shown = table("id", "name", "kind", "min", "source", right=("min",))
    for s in sources:
        origin = text(s.origin + (" (overrides built-in)" if s.overrides else ""))
        if s.framework is not None:
            fw = s.framework
            shown.add_row(text(fw.id), text(fw.name), fw.kind, str(fw.minutes), origin)
        else:
            summary = s.error.summary if s.error else "unreadable"
            shown.add_row(text(s.id), text(f"invalid: {summary}", "red"), "", "", origin)
    stdout().print(shown)


@app.command()
@paged
def show(
    ctx: typer.Context,
    framework: Annotated[
        str, typer.Argument(metavar="FRAMEWORK", help="Framework id or path to a .toml file.")
    ],
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the outline as Markdown source.")
    ] = False,
    json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Show a framework's outline: sections, questions, ratings, metrics, feedback.

    Example: coach frameworks show grow
    """
    from coachcli.loader import resolve
    from coachcli.outline import framework_json, to_markdown

    if markdown and json:
        from coachcli.errors import CoachError

        raise CoachError("Give either --markdown or --json, not both.")
    found = resolve(home(ctx), framework)
    if json:
        print_json(framework_json(found))
        return
    text = to_markdown(found)
    if markdown:
        echo_raw(text)
        return
    print_markdown(text)


@app.command()
def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="FILE",
            help="Files to check (default: built-ins and your folder).",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Check framework files; exit 1 if any is invalid (use it in CI).

    Example: coach frameworks validate my-team/*.toml
    """
    from coachcli.cli.render import text
    from coachcli.errors import CoachError
    from coachcli.loader import check_files

    results = check_files(home(ctx), paths or [])
    console = stdout()
    for path, error, warnings in results:
        if error is None:
            console.print(text("ok", "green") + text(f"      {path}"))
        else:
            console.print(text("invalid", "red") + text(f" {path}"))
            for problem in error.problems:
                console.print(text(f"        {problem}"), soft_wrap=True)
        for warning in warnings:
            console.print(text("        warning: ", "yellow") + text(str(warning)), soft_wrap=True)
    bad = sum(1 for result in results if result.error is not None)
    if bad:
        from coachcli.wording import plural, verb

        raise CoachError(
            f"{bad} of {plural(len(results), 'framework file')} {verb(bad, 'is', 'are')} invalid."
        )


@app.command()
def new(
    ctx: typer.Context,
    framework_id: Annotated[str, typer.Argument(metavar="ID", help="The new framework's id.")],
    copy_from: Annotated[
        str | None,
        typer.Option("--from", metavar="ID", help="Copy this framework instead of the skeleton."),
    ] = None,
) -> None:
    """Create a framework in your folder from a commented skeleton or a copy.

    Example: coach frameworks new my-grow --from grow
    """
    from coachcli.scaffold import new_framework

    path = new_framework(home(ctx), framework_id, copy_from)
    echo(f"Created {path}")
    echo(f"Edit it, then check it: coach frameworks validate {path}")


@app.command()
def path(
    ctx: typer.Context,
    builtin: Annotated[
        bool, typer.Option("--builtin", help="Print the built-in frameworks' folder instead.")
    ] = False,
) -> None:
    """Print the folder where your own frameworks live.

    Example: cd "$(coach frameworks path)"
    """
    if builtin:
        from coachcli.home import builtin_dir

        typer.echo(str(builtin_dir()))
    else:
        typer.echo(str(home(ctx).frameworks_dir))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the framework format, for editors.

    Example: coach frameworks schema > schema.json
    """
    import json

    from coachcli.framework import json_schema

    typer.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


@app.command()
def feedback(
    ctx: typer.Context,
    json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """List the shared feedback templates a framework can name in use_feedback.

    Example: coach frameworks feedback
    """
    from coachcli.loader import feedback_library

    library, sources = feedback_library(home(ctx))
    for source in sources:
        if source.error is not None:
            from coachcli.cli.render import warn

            warn(f"{source.path}: {source.error.summary}")
    if json:
        print_json({"templates": [t.to_json() for t in library.values()]})
        return
    from coachcli.cli.render import table, text

    shown = table("id", "name", "style", "template")
    for t in library.values():
        shown.add_row(text(t.id), text(t.name), text(t.style), text(t.render({})))
    stdout().print(shown)
