"""Who may read a part of a note: the manager only (private) or the rep too (shared).

One copy of the words and marks every side uses: the framework format's
``visibility = "private" | "shared"``, the token a note's hidden markers end
with (``<!-- q: goal-topic text shared -->``), the ``#private`` tag that keeps
one action item to the manager, and the ``shared`` property that lists the
ratings and metrics the rep may see (docs/notes.md). A part that is not
marked shared is private: a marker typed over by hand, a section added in an
editor or a note from before parts were marked never leaks. Standard
library only: the index and ``coach share`` read every mark through here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final, Literal

Visibility = Literal["private", "shared"]
"""Who may read a part: the manager only, or the rep too."""
SHARED: Final = "shared"
PRIVATE: Final = "private"
WORDS: Final = (PRIVATE, SHARED)

SHARED_PROPERTY: Final = "shared"
"""The note property listing the shared ratings and metrics: ``[rating-x, metric-y]``."""

PRIVATE_TAG: Final = "#private"
"""The tag that keeps one action item to the manager, in a shared ``## Action items``."""
_PRIVATE_TAG: Final = re.compile(
    rf"(?:^|(?<=[ \t])){re.escape(PRIVATE_TAG)}(?=[ \t!,.?;:)]|\Z)", re.IGNORECASE
)


def is_shared(tokens: Iterable[str]) -> bool:
    """Whether a marker's tokens mark its part shared (the last visibility word counts)."""
    return visibility_of(tokens) == SHARED


def visibility_of(tokens: Iterable[str]) -> Visibility | None:
    """The visibility word among a marker's tokens (the last one), or None when it has none."""
    found = [t for t in tokens if t in WORDS]
    if not found:
        return None
    return "shared" if found[-1] == SHARED else "private"


def word(shared: bool) -> Visibility:
    """The token written in a marker."""
    return "shared" if shared else "private"


def has_private_tag(text: str) -> bool:
    """Whether an action item's text holds the ``#private`` tag."""
    return _PRIVATE_TAG.search(text) is not None


def without_private_tag(text: str) -> str:
    """An action item's text as the rep would read it: the tag taken out."""
    return " ".join(_PRIVATE_TAG.sub("", text).split())
