"""The building blocks of coachcli's file formats: a strict model, ids, text, uniqueness.

Frameworks (:mod:`coachcli.framework`) and feedback templates
(:mod:`coachcli.feedback_templates`) are pydantic models built from these.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", min_length=1, max_length=64),
    Field(description="Lower-case letters, digits and hyphens, e.g. `goal-outcome`."),
]
SlotName = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", min_length=1, max_length=40),
    Field(description="Lower-case letters, digits and underscores, e.g. `situation`."),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
CheckWord = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=40),
    Field(description="A word or short phrase, matched as a whole word, ignoring case."),
]


class _Model(BaseModel):
    # strict: TOML has real types, so "10" for a number is a mistake to report, not to coerce
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


def unique(what: str, ids: list[str]) -> None:
    """ValueError naming the first id given twice."""
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise ValueError(f"two {what}s have the id {item!r}; ids must be unique")
        seen.add(item)
