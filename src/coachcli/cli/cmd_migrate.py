"""`coach migrate`: rewrite notes of the older format in the current one, with a backup."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from coachcli.cli.common import home
from coachcli.cli.render import echo, print_json, warn


def migrate(
    ctx: typer.Context,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would change; write nothing.")
    ] = False,
    delete_backup: Annotated[
        bool, typer.Option("--delete-backup", help="Delete the backups of earlier migrations.")
    ] = False,
    json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Rewrite format-1 notes (coachcli 0.1) in format 2, keeping a backup.

    Every answer, rating, metric, feedback statement and action item is kept;
    actions.toml changes become the notes' ticked boxes. A note that would
    not read back the same is left as it is and named.

    Example: coach migrate --dry-run
    """
    from coachcli.migrate import delete_backups
    from coachcli.migrate import migrate as run

    the_home = home(ctx)
    if delete_backup:
        removed = delete_backups(the_home)
        for folder in removed:
            echo(f"Deleted {folder}")
        if not removed:
            echo("No backups to delete.")
        return
    report = run(the_home, date.today(), dry_run=dry_run)
    if json:
        print_json(report.to_json())
        return
    for path, why in report.skipped:
        warn(f"{path}: left as it is: {why}")
    verb = "Would rewrite" if dry_run else "Rewrote"
    for path in report.migrated:
        echo(f"{verb} {path}")
    for path in report.folded:
        echo(f"{'Would fold' if dry_run else 'Folded'} {path} into the notes' task lines")
    if not report.migrated and not report.folded:
        from coachcli import wording

        current = report.current
        echo(
            f"Nothing to migrate: {wording.plural(current, 'note')} "
            f"{wording.verb(current, 'is', 'are')} in the current format."
        )
        return
    from coachcli.wording import plural

    if dry_run:
        echo(f"{plural(len(report.migrated), 'note')} would be rewritten; nothing was written.")
    else:
        echo(
            f"{plural(len(report.migrated), 'note')} rewritten; the originals are in "
            f"{report.backup} (coach migrate --delete-backup removes them)."
        )
