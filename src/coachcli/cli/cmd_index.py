"""`coach index`: the rebuildable cache behind listings and search."""

from __future__ import annotations

import typer

from coachcli.cli.common import home
from coachcli.cli.progress import progress_bar
from coachcli.cli.render import show_warnings

app = typer.Typer(
    help="The index of your notes: a cache, rebuilt by itself when needed.", no_args_is_help=True
)


@app.command()
def rebuild(ctx: typer.Context) -> None:
    """Rebuild the index from every note (safe at any time; nothing is lost).

    Example: coach index rebuild
    """
    from coachcli import index
    from coachcli.wording import plural

    the_home = home(ctx)
    with progress_bar("Rebuilding the index") as progress:
        count, stats = index.rebuild(the_home, progress)
    if stats.broken:  # name the files that could not be read
        show_warnings(index.load_corpus(the_home).warnings)
    typer.echo(f"Indexed {plural(count, 'note')}.")


@app.command()
def path(ctx: typer.Context) -> None:
    """Print where the index lives (in your cache folder, not with your notes).

    Example: coach index path
    """
    from coachcli.index import index_path

    typer.echo(str(index_path(home(ctx))))
