"""Shared stage definitions: the sales stages a team's deals move through, each with exit criteria
the buyer can verify, kept once in ``frameworks/stages/library.toml``.

Frameworks name the stages by the library (a choice question with
``options_from = "stages"`` offers the open stages' names, and its help lists
their exit criteria); ``coach import pipeline`` maps a CRM's stage names to
their ids, and a stage's ``status`` says whether its deals are open, won or
lost. A team replaces the built-in file with its own,
``<home>/frameworks/stages/library.toml`` (the whole list: stages are an
ordered set, not templates to add one by one). Its shape::

    schema = 1

    [[stages]]
    id = "discover"
    name = "Discovery"
    order = 2
    probability = 20
    exit_criteria = ["The buyer described the impact of the problem in their own words"]
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import ConfigDict, Field, model_validator

from coachcli.home import Home, builtin_dir
from coachcli.modeltypes import Id, Text, _Model, unique
from coachcli.pipeline_model import Status
from coachcli.tomlfile import TomlFileError

if TYPE_CHECKING:
    from coachcli.framework import Framework

STAGES_DIR = "stages"
LIBRARY_FILE = "library.toml"
OPTIONS_FROM = "stages"
"""The value of a choice question's ``options_from`` that offers the library's open stages."""


class StageLibraryError(TomlFileError):
    what = "stage library"
    hint_text = (
        "A stage library holds schema = 1 and [[stages]] with id, name, order and exit_criteria "
        '(docs/frameworks.md, "Shared stage definitions").'
    )


class Stage(_Model):
    """One stage of a deal, with what the buyer must have done to leave it."""

    id: Id
    name: Text = Field(description="The stage as people say it, e.g. 'Discovery'.")
    order: int = Field(ge=1, description="Its place in the sale: 1 first; closed stages last.")
    status: Status = Field(
        "open", description="'open', or for a closed stage 'won' or 'lost' (its deals' status)."
    )
    probability: int | None = Field(
        None, ge=0, le=100, description="The typical chance, in %, that a deal here is won."
    )
    exit_criteria: list[Text] = Field(
        default_factory=list,
        description="What the buyer has done or confirmed before a deal leaves this stage, "
        "each checkable by asking the buyer (e.g. 'The economic buyer confirmed the budget').",
    )
    help: str = ""

    @model_validator(mode="after")
    def _open_has_exit(self) -> Stage:
        if self.status == "open" and not self.exit_criteria:
            raise ValueError(
                "an open stage needs exit_criteria: what the buyer has done or confirmed "
                "before a deal leaves it"
            )
        return self


class StageLibrary(_Model):
    """A stage library file: ``frameworks/stages/library.toml``."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=True)

    schema_version: Literal[1] = Field(alias="schema", description="The format version: 1.")
    stages: list[Stage] = Field(min_length=2)

    @model_validator(mode="after")
    def _consistent(self) -> StageLibrary:
        unique("stage", [s.id for s in self.stages])
        names: dict[str, str] = {}
        orders: dict[int, str] = {}
        for stage in self.stages:
            if stage.name.casefold() in names:
                raise ValueError(
                    f"stage {stage.id!r} has the name {stage.name!r} of stage "
                    f"{names[stage.name.casefold()]!r}; names must be unique"
                )
            if stage.order in orders:
                raise ValueError(
                    f"stage {stage.id!r} has order = {stage.order}, like stage "
                    f"{orders[stage.order]!r}; give each stage its own place"
                )
            names[stage.name.casefold()] = stage.id
            orders[stage.order] = stage.id
        if not any(s.status == "open" for s in self.stages):
            raise ValueError("every stage is closed (won or lost); add the open stages")
        return self

    def ordered(self) -> list[Stage]:
        """The stages in the order of the sale."""
        return sorted(self.stages, key=lambda s: s.order)

    def open_stages(self) -> list[Stage]:
        return [s for s in self.ordered() if s.status == "open"]

    def by_id(self) -> dict[str, Stage]:
        return {s.id: s for s in self.stages}

    def to_json(self) -> dict[str, object]:
        """What ``coach frameworks stages --json`` says of the library."""
        return {"stages": [s.model_dump() for s in self.ordered()]}


def library_paths(home: Home | None) -> list[Path]:
    """Where a stage library may be: the built-in one, then the user's (which replaces it)."""
    paths = [builtin_dir() / STAGES_DIR / LIBRARY_FILE]
    if home is not None:
        paths.append(home.frameworks_dir / STAGES_DIR / LIBRARY_FILE)
    return paths


def library_path(home: Home | None) -> Path:
    """The stage library in use: the user's file when there is one, else the built-in."""
    found = [p for p in library_paths(home) if p.is_file()]
    return found[-1] if found else library_paths(None)[0]


def read_library(path: Path) -> StageLibrary:
    """One stage library file, validated; StageLibraryError naming each problem's line and key."""
    from coachcli.tomlmodel import read_model

    return read_model(path, StageLibrary, StageLibraryError)


def criteria_help(stages: list[Stage]) -> str:
    """The stages and their exit criteria as a question's help shows them (one paragraph: the
    help of a question is one in the outline too)."""

    def lower(text: str) -> str:
        first = text.split(" ", 1)[0]
        acronym = len(first) > 1 and first.isupper()  # "CFO signed": kept as written
        return text if acronym else text[:1].lower() + text[1:]

    parts = [f"{s.name} — {'; '.join(lower(c) for c in s.exit_criteria)}." for s in stages]
    return "Exit criteria (what the buyer has done or confirmed): " + " ".join(parts)


Key = tuple[str | int, ...]


def stage_questions(framework: Framework) -> list[Key]:
    """The key paths (to ``options_from``) of the questions that take their options from the
    stage library."""
    return [
        ("sections", i, "questions", j, "options_from")
        for i, section in enumerate(framework.sections)
        for j, q in enumerate(section.questions)
        if q.type == "choice" and q.options_from is not None
    ]


def with_stages(
    framework: Framework, library: StageLibrary
) -> tuple[Framework, list[tuple[Key, str]]]:
    """``framework`` with each ``options_from = "stages"`` question's options filled from the
    library's open stages, in order (and their exit criteria added to its help); the problems
    found (a default that is no open stage), each with its key path."""
    from coachcli.framework import ChoiceQuestion

    stages = library.open_stages()
    names = [s.name for s in stages]
    problems: list[tuple[Key, str]] = []
    sections = []
    for i, section in enumerate(framework.sections):
        questions = []
        for j, q in enumerate(section.questions):
            if isinstance(q, ChoiceQuestion) and q.options_from == OPTIONS_FROM:
                if q.default is not None and q.default not in names:
                    problems.append((("sections", i, "questions", j, "default"),
                                     f"default {q.default!r} is not an open stage of the stage "
                                     f"library ({', '.join(names)})"))  # fmt: skip
                help_text = " ".join(t for t in (q.help, criteria_help(stages)) if t)
                q = q.model_copy(update={"options": names, "help": help_text})
            questions.append(q)
        sections.append(section.model_copy(update={"questions": questions}))
    return framework.model_copy(update={"sections": sections}), problems
