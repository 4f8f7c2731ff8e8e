"""`coach config`: where data lives and the defaults you choose."""

from __future__ import annotations

from typing import Annotated

import typer

from coachcli.cli.common import home
from coachcli.cli.render import echo, print_json, stdout

app = typer.Typer(help="Show and change your settings (config.toml).", no_args_is_help=True)


@app.command()
def path(ctx: typer.Context) -> None:
    """Print the path of the config file (it may not exist yet).

    Example: coach config path
    """
    typer.echo(str(home(ctx).config_file))


@app.command()
def show(
    ctx: typer.Context,
    json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Show every setting, its value and what it means.

    Example: coach config show
    """
    from coachcli.config import Config, describe, load_config, value_of

    the_home = home(ctx)
    config = load_config(the_home)
    values = config.model_dump()
    if json:
        print_json({"home": str(the_home.root), **values})
        return
    from coachcli.cli.render import table, text

    defaults = Config()
    shown = table("key", "value", "meaning")
    for key, meaning in describe().items():
        now = value_of(config, key)
        value = text(repr(now) if isinstance(now, str) else str(now))
        if now == value_of(defaults, key):
            value += text(" (default)", "dim")
        shown.add_row(key, value, text(meaning, "dim"))
    console = stdout()
    console.print(text(f"home: {the_home.root}"))
    console.print(shown)


@app.command("set")
def set_(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(metavar="KEY", help="The setting, e.g. cadence_days.")],
    value: Annotated[str, typer.Argument(metavar="VALUE", help="Its new value.")],
) -> None:
    """Change a setting.

    Example: coach config set cadence_days 14

    Example: coach config set sync.auto true
    """
    from coachcli.config import set_value, value_of

    updated = set_value(home(ctx), key, value)
    echo(f"{key} = {value_of(updated, key)!r}")


@app.command()
def unset(
    ctx: typer.Context,
    key: Annotated[
        str, typer.Argument(metavar="KEY", help="The setting to return to its default.")
    ],
) -> None:
    """Return a setting to its default.

    Example: coach config unset coaching_target
    """
    from coachcli.config import KEYS, unset_value, value_of

    updated = unset_value(home(ctx), key)
    if key in KEYS:
        echo(f"{key} = {value_of(updated, key)!r} (default)")
    else:
        echo(f"Removed {key!r}, which is not a setting, from the config file.")
