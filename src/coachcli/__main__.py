"""The ``coach`` command: ``python -m coachcli`` and the console script."""

from __future__ import annotations


def main() -> None:
    """Run the command line."""
    from coachcli.cli import app

    app(prog_name="coach")


if __name__ == "__main__":
    main()
