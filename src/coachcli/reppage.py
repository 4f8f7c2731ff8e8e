"""The rep's page (placeholder until the page lands): the link a note's ``rep`` property holds."""

from __future__ import annotations


def rep_link(display_name: str) -> str:
    """The wiki link for the ``rep`` property: ``[[Alex Kim]]``."""
    return f"[[{display_name}]]"
