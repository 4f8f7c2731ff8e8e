"""The rules of a rep's profile: the pydantic model that checks a profile file and every edit.

A profile file new or changed since it was last read, and every change made
with ``coach rep``, is checked here; what passes becomes a plain
:class:`coachcli.rep_record.Rep`. A file that fails gives a located error
(:class:`RepProfileError`: file, line, key). Only :mod:`coachcli.reps`
imports this module, and only when it has something to check.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from coachcli.errors import CoachError
from coachcli.layout import SLUG_LIMIT, SLUG_PATTERN
from coachcli.names import clean, name_problem, quote, validate_name
from coachcli.rep_record import Rep
from coachcli.tomlfile import TomlFileError
from coachcli.tomlmodel import read_model

ROLE_MAX = 100


class RepProfile(BaseModel):
    """A rep's profile, stored as ``<home>/reps/<slug>/profile.toml``.

    ``slug`` is the folder's name; it is written to the file for people to
    read, may be left out of a hand-written profile, and is always replaced by
    the real folder name on loading (``""`` only in a model not yet placed).
    ``cadence_days`` None means the ``cadence_days`` setting applies.
    ``former_names`` lists the names the rep had before a rename, oldest first:
    their notes still say ``rep = "<old name>"``, and :func:`find_rep` still
    finds them by it. ``quota`` is for a calendar quarter (None: not given).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    slug: Annotated[
        str, StringConstraints(pattern=rf"^({SLUG_PATTERN})?$", max_length=SLUG_LIMIT)
    ] = ""
    id: Annotated[
        str, StringConstraints(pattern=rf"^({SLUG_PATTERN})?$", max_length=SLUG_LIMIT)
    ] = ""
    """The rep's folder name before their first rename, kept by every rename (``""``: never
    renamed, the folder's name is their id); the calendar's event ids are built from it."""
    role: str = ""
    start_date: date | None = None
    cadence_days: int | None = Field(None, ge=1, le=365)
    created: date
    archived: bool = False
    notes: str = ""
    former_names: list[str] = Field(default_factory=list)
    quota: float | None = Field(None, ge=0, allow_inf_nan=False)
    """For a calendar quarter, in the CRM exports' currency; TOML's ``inf`` and ``nan`` refused."""

    def to_rep(self) -> Rep:
        """The checked profile as the plain record read commands use."""
        return Rep(**self.model_dump())

    @field_validator("name")
    @classmethod
    def _check_name(cls, value: str) -> str:
        try:
            return validate_name(value)
        except CoachError as exc:
            raise ValueError(exc.message) from None

    @field_validator("role")
    @classmethod
    def _check_role(cls, value: str) -> str:
        cleaned = clean(value)
        problem = name_problem(cleaned, "A role", ROLE_MAX)
        if problem is not None:
            raise ValueError(problem)
        return " ".join(cleaned.split())


class RepProfileError(TomlFileError):
    what = "rep profile"
    hint_text = "Fix the line it names by hand; the rep's notes are not affected."


def read_profile(path: Path) -> Rep:
    """The rep a profile file holds; RepProfileError naming the line and key when it is wrong."""
    return read_model(path, RepProfile, RepProfileError).to_rep()


def validated(data: dict[str, Any]) -> Rep:
    """``data`` as a Rep, or a CoachError naming the first bad field and what it expects."""
    try:
        return RepProfile.model_validate(data).to_rep()
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"]) or "profile"
        reason = str(error["msg"]).removeprefix("Value error, ")
        reason = reason.replace("Input should be", "expected")
        given = error.get("input")
        if isinstance(given, str | int | float | date) and not isinstance(given, bool):
            message = f"Bad {field} {quote(str(given))}: {reason[0].lower()}{reason[1:]}"
        else:
            message = f"Bad {field}: {reason[0].lower()}{reason[1:]}"
        raise CoachError(message.rstrip(".") + ".") from None


def profile_values(rep: Rep) -> dict[str, Any]:
    """What a profile file holds, in the order the model gives its keys (None left out); a whole
    quota as a whole number (``quota = 250000``, as a person writes it)."""
    data = RepProfile.model_validate(rep.values()).model_dump(exclude_none=True)
    if isinstance(data.get("quota"), float) and data["quota"].is_integer():
        data["quota"] = int(data["quota"])
    return data
