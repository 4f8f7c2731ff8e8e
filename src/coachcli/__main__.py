"""The ``coach`` command: ``python -m coachcli`` and the console script."""

from __future__ import annotations


def main() -> None:
    """Run the command line."""
    import sys

    from coachcli.cli import app_for

    app_for(sys.argv[1:])(prog_name="coach")


if __name__ == "__main__":
    main()
