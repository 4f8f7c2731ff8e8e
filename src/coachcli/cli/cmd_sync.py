"""`coach sync`: the notes kept in git, on your own remote and (shared parts only) a team's."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from coachcli.cli.common import home
from coachcli.cli.render import echo, show_warnings, stdout, text

app = typer.Typer(
    help="Sync your notes through git: commit what changed, pull, push.\n\n"
    "coach sync syncs now; coach sync init REMOTE --backup sets it up (docs/sync.md).\n\n"
    "Example: coach sync",
    invoke_without_command=True,
)


@app.callback()
def sync(ctx: typer.Context) -> None:
    """Sync your notes through git: commit what changed, pull, push.

    Commits the sessions and changes since the last sync (the message names
    them), replays them on what the remote holds, pushes, then publishes to
    the team remote if one is set up. A file changed on both machines stops
    the sync with both versions kept.

    Example: coach sync
    """
    if ctx.invoked_subcommand is not None:
        return
    from coachcli.sync import sync as run_sync

    result = run_sync(home(ctx), date.today())
    show_warnings(result.notes)
    echo(f"Committed: {result.committed}" if result.committed else "Nothing new to commit.")
    if result.pulled:
        echo(f"Pulled {result.pulled} commit{'s' if result.pulled != 1 else ''} from the remote.")
    echo("Pushed." if result.pushed else "The remote was already up to date.")
    if result.team:
        echo(result.team[:1].upper() + result.team[1:] + ".")


@app.command()
def init(
    ctx: typer.Context,
    remote: Annotated[
        str,
        typer.Argument(metavar="REMOTE", help="A git remote: URL, or path to a bare repository."),
    ],
    backup: Annotated[
        bool, typer.Option("--backup", help="Your own remote: everything in your home.")
    ] = False,
    team: Annotated[
        bool, typer.Option("--team", help="A team remote: only what you share, and aggregates.")
    ] = False,
    encrypt: Annotated[
        bool, typer.Option("--encrypt", help="With --backup: the remote holds ciphertext only.")
    ] = False,
    identity: Annotated[
        Path | None,
        typer.Option(
            "--identity",
            metavar="FILE",
            help="With --encrypt: your existing key (a second machine).",
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option("--as", metavar="NAME", help="With --team: your name in the team remote."),
    ] = None,
) -> None:
    """Set sync up: your own remote (--backup) or your team's (--team).

    --backup makes your home a git repository synced with REMOTE; if REMOTE
    already holds a home (a second machine), it is joined, nothing lost.
    --team publishes only the shared parts of notes and per-session figures,
    under managers/<your name>/, at every coach sync.

    Example: coach sync init git@github.com:morgan/coaching-notes.git --backup

    Example: coach sync init ../team.git --team --as "Morgan Lee"
    """
    from coachcli.errors import CoachError

    if backup == team:
        raise CoachError(
            "Say which remote this is: --backup (your own) or --team (your team's).",
            hint="Example: coach sync init git@example.com:me/notes.git --backup",
        )
    if (encrypt or identity) and not backup:
        raise CoachError("--encrypt and --identity go with --backup (a team remote is never "
                         "encrypted: it only ever holds what you share).")  # fmt: skip
    if name is not None and not team:
        raise CoachError("--as goes with --team.")
    the_home = home(ctx)
    if team:
        from coachcli.config import load_config
        from coachcli.team_sync import init_team

        chosen = name if name is not None else load_config(the_home, []).manager_name
        root = init_team(the_home, remote, chosen)
        echo(f"Team remote {remote} cloned into {root}.")
        echo("coach sync now publishes there what you share, and per-session figures.")
        return
    from coachcli.sync import backup_key, init_backup

    encrypt = encrypt or identity is not None  # a key given: the backup is an encrypted one
    if encrypt:  # before anything is pushed: losing the key loses the backup
        from coachcli.crypt_filter import key_warning

        stdout().print(text(key_warning(backup_key(the_home, identity)), "bold"), soft_wrap=True)
    result = init_backup(the_home, remote, date.today(), encrypt, identity)
    show_warnings(result.notes)
    if result.new_key:
        echo(f"Your new backup key: {result.new_key}.")
    said = "joined the home it holds" if result.joined else "pushed your home there"
    echo(f"{result.root} now syncs with {remote}: {said}.")
    echo("Run coach sync to sync again (or: coach config set sync.auto true).")


@app.command()
def status(ctx: typer.Context) -> None:
    """Show what the next sync would commit, and the remotes.

    Example: coach sync status
    """
    from coachcli.sync import status as sync_status

    found = sync_status(home(ctx))
    echo(f"home: {found.root}")
    echo(f"remote: {found.remote or 'none (coach sync init REMOTE --backup)'}")
    echo(f"team remote: {found.team or 'none'}")
    for path in found.conflicts:
        echo(f"conflict: {path} (see its .conflict copy)")
    if not found.changes and not found.renamed:
        echo("Nothing to commit.")
    for renamed in found.renamed:
        echo(f"  {renamed}")
    for change, path in found.changes:
        echo(f"  {change}: {path}")
    if found.ahead:
        echo(f"{found.ahead} commit{'s' if found.ahead != 1 else ''} not pushed yet.")
