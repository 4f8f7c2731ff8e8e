"""What every read command's answer carries: warnings, and the reps' names by folder.

Kept apart from :mod:`coachcli.queries` so that a view that needs only this
(`coach search`'s) does not load every other command's question with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Result:
    """Warnings (one line per file that could not be read) and rep names by folder."""

    warnings: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)

    def name(self, slug: str) -> str:
        return self.names.get(slug, slug)
