"""Framework format v1: the pydantic models behind a framework TOML file.

A framework is a question bank and a conversation structure that a sales
leader writes in TOML and a manager walks through with a rep. Every model
forbids unknown keys, so a typo in a key name is an error, never silently
ignored. ``docs/frameworks.md`` documents the format for people;
``frameworks/schema.json`` is generated from these models for editors.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from coachcli.phrasing import PLACEHOLDER, blank, fill, words_found

Kind = Literal["coaching", "performance", "mixed"]
"""What a whole framework is for: the how, the what, or both."""

SectionKind = Literal["coaching", "performance"]
"""What one section (and each question in it) counts as in the balance."""

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


# --------------------------------------------------------------------------- questions


class BaseQuestion(_Model):
    id: Id = Field(description="Unique within the framework; answers are keyed by it.")
    prompt: Text = Field(description="The question as the manager asks it.")
    help: str = Field("", description="Guidance for the manager, shown on `?`.")
    probes: list[Text] = Field(
        default_factory=list,
        description="Follow-up questions the manager can reveal when the answer is thin.",
    )
    required: bool = Field(False, description="A required question cannot be skipped.")
    kind: SectionKind | None = Field(
        None, description="Counts this question as coaching or performance; default: the section's."
    )


class TextQuestion(BaseQuestion):
    """Free text; ``multiline`` for longer answers (or `$EDITOR`)."""

    type: Literal["text"]
    multiline: bool = False
    default: str | None = None


class ScaleQuestion(BaseQuestion):
    """A number on a scale, each level with a label (e.g. 1 = not at all ... 5 = fully)."""

    type: Literal["scale"]
    min: int = Field(1, description="The lowest level; `labels` go upward from it.")
    labels: list[Text] = Field(min_length=2, max_length=11, description="One label per level.")
    default: int | None = None

    @property
    def max(self) -> int:
        return self.min + len(self.labels) - 1

    @model_validator(mode="after")
    def _default_in_range(self) -> ScaleQuestion:
        if self.default is not None and not self.min <= self.default <= self.max:
            raise ValueError(f"default {self.default} is outside the scale {self.min}..{self.max}")
        return self


class _Options(BaseQuestion):
    options: list[Text] = Field(min_length=2, description="The answers to choose from.")

    @model_validator(mode="after")
    def _unique_options(self) -> _Options:
        seen: set[str] = set()
        for option in self.options:
            if option.casefold() in seen:
                raise ValueError(f"option {option!r} is listed twice")
            seen.add(option.casefold())
        return self


class ChoiceQuestion(_Options):
    """Exactly one of ``options``."""

    type: Literal["choice"]
    default: str | None = None

    @model_validator(mode="after")
    def _default_is_option(self) -> ChoiceQuestion:
        if self.default is not None and self.default not in self.options:
            raise ValueError(f"default {self.default!r} is not one of the options")
        return self


class MultiQuestion(_Options):
    """Any number of ``options``."""

    type: Literal["multi"]
    default: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _defaults_are_options(self) -> MultiQuestion:
        for value in self.default:
            if value not in self.options:
                raise ValueError(f"default {value!r} is not one of the options")
        return self


class NumberQuestion(BaseQuestion):
    """A number, with a unit and optional bounds."""

    type: Literal["number"]
    unit: str = ""
    min: float | None = None
    max: float | None = None
    integer: bool = Field(False, description="Only whole numbers.")
    default: float | None = None

    @model_validator(mode="after")
    def _bounds(self) -> NumberQuestion:
        if self.integer:
            for name in ("min", "max", "default"):
                value = getattr(self, name)
                if value is not None and not float(value).is_integer():
                    raise ValueError(f"{name} {value:g} is not a whole number but integer = true")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min:g} is greater than max {self.max:g}")
        if self.default is not None:
            if self.min is not None and self.default < self.min:
                raise ValueError(f"default {self.default:g} is below min {self.min:g}")
            if self.max is not None and self.default > self.max:
                raise ValueError(f"default {self.default:g} is above max {self.max:g}")
        return self


class YesNoQuestion(BaseQuestion):
    """Yes or no."""

    type: Literal["yesno"]
    default: bool | None = None


class ListQuestion(BaseQuestion):
    """Several short items, one per line (e.g. the deals that slipped)."""

    type: Literal["list"]
    default: list[str] = Field(default_factory=list)


Question = Annotated[
    TextQuestion
    | ScaleQuestion
    | ChoiceQuestion
    | MultiQuestion
    | NumberQuestion
    | YesNoQuestion
    | ListQuestion,
    Field(discriminator="type"),
]


# --------------------------------------------------------------------------- sections


class Section(_Model):
    """One stage of the conversation, e.g. Goal, Reality, Options, Will."""

    id: Id
    title: Text
    kind: SectionKind = Field(description="Whether this stage develops the how or checks the what.")
    minutes: int = Field(ge=1, le=240, description="The timebox for this section.")
    intro: str = Field("", description="What the manager should aim for in this section.")
    pick: int | None = Field(
        None,
        ge=1,
        description="Ask this many of the questions (a bank); required ones are always asked.",
    )
    questions: list[Question] = Field(min_length=1)

    @model_validator(mode="after")
    def _pick_fits(self) -> Section:
        if self.pick is not None:
            if self.pick > len(self.questions):
                raise ValueError(
                    f"pick = {self.pick} but the section has only {len(self.questions)} questions"
                )
            required = sum(1 for q in self.questions if q.required)
            if required > self.pick:
                raise ValueError(
                    f"pick = {self.pick} but {required} questions are required "
                    "(required questions are always asked)"
                )
        return self


# --------------------------------------------------------------------------- measures


class Metric(_Model):
    """A number recorded every session, e.g. calls made or pipeline coverage."""

    id: Id
    name: Text
    unit: str = ""
    indicator: Literal["leading", "lagging"] = Field(
        description="leading = an activity the rep controls; lagging = a result."
    )
    target: float | None = None
    better: Literal["higher", "lower"] = Field(
        "higher", description="Whether a higher or a lower value is better."
    )
    help: str = ""


class Rating(_Model):
    """A skill rated on a scale, with the behaviour that earns each level."""

    id: Id
    name: Text
    help: str = ""
    min: int = 1
    anchors: list[Text] = Field(
        min_length=2, max_length=10, description="What the rep does at each level, lowest first."
    )

    @property
    def max(self) -> int:
        return self.min + len(self.anchors) - 1


class Slot(_Model):
    """A blank in a feedback template that the manager fills in."""

    name: SlotName
    prompt: Text
    help: str = ""
    required: bool = True
    check_words: list[CheckWord] = Field(
        default_factory=list,
        description="Words that judge rather than describe (e.g. 'lazy', 'always'): an answer "
        "holding one is questioned once, with `check_message`, before the feedback is saved.",
    )
    check_message: str = Field("", validate_default=True, description="The yes/no question "
                               "asked then, e.g. 'Restate it as behaviour you saw?'")  # fmt: skip
    missing_message: str = Field("", validate_default=True, description="Shown before saving "
                                 "when this optional slot is empty, e.g. 'No impact.'")  # fmt: skip

    @field_validator("check_words")
    @classmethod
    def _words_unique(cls, words: list[str]) -> list[str]:
        seen: set[str] = set()
        for word in words:
            if set(word) & set("{}\n"):
                raise ValueError(f"{word!r}: a check word is plain text, without braces")
            if word.casefold() in seen:
                raise ValueError(f"{word!r} is listed twice")
            seen.add(word.casefold())
        return words

    @field_validator("check_message")
    @classmethod
    def _message_with_words(cls, message: str, info: ValidationInfo) -> str:
        words = info.data.get("check_words")
        if words and not message.strip():  # (None: check_words is wrong, and reported)
            raise ValueError(
                "check_words is set but check_message is missing: "
                "write the question to ask, e.g. 'Restate it as behaviour you saw?'"
            )
        if message.strip() and words == []:
            raise ValueError("check_message is set but check_words is empty: list the words")
        return message.strip()

    @field_validator("missing_message")
    @classmethod
    def _missing_on_optional(cls, message: str, info: ValidationInfo) -> str:
        if message.strip() and info.data.get("required") is True:
            raise ValueError(
                "a required slot is never left empty, so missing_message is never shown; "
                "set required = false or remove missing_message"
            )
        return message.strip()


class FeedbackTemplate(_Model):
    """Structured feedback, e.g. Situation-Behaviour-Impact.

    ``template`` is plain text with ``{slot}`` placeholders. Rendering is plain
    substitution: nothing in a template can run code or reach attributes.
    """

    id: Id
    name: Text
    style: Literal["positive", "redirecting", "any"] = "any"
    help: str = ""
    slots: list[Slot] = Field(min_length=1)
    template: Text

    @model_validator(mode="after")
    def _placeholders_match_slots(self) -> FeedbackTemplate:
        names = [slot.name for slot in self.slots]
        if len(set(names)) != len(names):
            raise ValueError("two slots have the same name")
        stray = re.sub(PLACEHOLDER, "", self.template)
        if "{" in stray or "}" in stray:
            raise ValueError(
                "template has a brace that is not a {slot} placeholder; "
                "placeholders are {name} with lower-case letters, digits and _"
            )
        used = set(PLACEHOLDER.findall(self.template))
        unknown = sorted(used - set(names))
        if unknown:
            raise ValueError(
                f"template uses {{{unknown[0]}}} but there is no slot named {unknown[0]!r}"
            )
        unused = [n for n in names if n not in used]
        if unused:
            raise ValueError(f"slot {unused[0]!r} does not appear in the template")
        return self

    def to_json(self) -> dict[str, object]:
        """What ``coach frameworks feedback --json`` says of this template."""
        return {"id": self.id, "name": self.name, "style": self.style, "template": self.template,
                "slots": [slot.name for slot in self.slots]}  # fmt: skip

    def render(self, values: dict[str, str]) -> str:
        """The statement, each slot's answer fitted into its sentence (:func:`phrasing.fill`).

        An empty required slot stays visible as ``[slot]``; an empty optional
        slot disappears (with its sentence when it is alone in it).
        """
        optional = [slot.name for slot in self.slots if not slot.required]
        return fill(self.template, values, optional)

    def blank(self, slot: str, values: dict[str, str]) -> str:
        """The sentence ``slot`` sits in, with its blank: "On ___, I noticed you …"."""
        return blank(self.template, slot, values)

    def checks(self, values: dict[str, str]) -> list[tuple[Slot, list[str]]]:
        """The slots whose answers hold any of their ``check_words``, with the words found."""
        found = []
        for slot in self.slots:
            words = words_found(values.get(slot.name) or "", slot.check_words)
            if words:
                found.append((slot, words))
        return found

    def missing(self, values: dict[str, str]) -> list[str]:
        """The ``missing_message`` of each optional slot left empty."""
        return [
            slot.missing_message
            for slot in self.slots
            if slot.missing_message and not (values.get(slot.name) or "").strip()
        ]


class Closing(_Model):
    """How the session ends: agreed actions and a summary."""

    actions: bool = Field(True, description="Agree action items (text, owner, due date).")
    actions_prompt: Text = "What will each of you do, and by when?"
    default_due_days: int = Field(7, ge=0, le=365)
    summary: bool = True
    summary_prompt: Text = "Sum up the session in a sentence or two."


# --------------------------------------------------------------------------- framework


class Framework(_Model):
    """One framework file."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        strict=True,
        populate_by_name=True,
        json_schema_extra={"title": "coachcli framework (format v1)"},
    )

    schema_version: Literal[1] = Field(alias="schema", description="The format version: 1.")
    id: Id
    name: Text
    version: str = Field("1", description="This framework's own version, e.g. 1.2.")
    kind: Kind
    summary: Text
    when_to_use: Text
    when_not_to_use: str = ""
    minutes: int = Field(
        ge=1, le=480, description="Planned length; the sections' minutes add up to it."
    )
    author: str = ""
    tags: list[str] = Field(default_factory=list)
    sections: list[Section] = Field(min_length=1)
    ratings: list[Rating] = Field(default_factory=list)
    metrics: list[Metric] = Field(default_factory=list)
    feedback: list[FeedbackTemplate] = Field(default_factory=list)
    use_feedback: list[Id] = Field(
        default_factory=list,
        description="Ids of shared templates from the feedback library to offer as well, "
        "e.g. ['sbi', 'coin'] (`coach frameworks feedback` lists them).",
    )
    closing: Closing = Field(default_factory=Closing)

    @model_validator(mode="after")
    def _consistent(self) -> Framework:
        _unique("section", [s.id for s in self.sections])
        _unique("question", [q.id for s in self.sections for q in s.questions])
        _unique("rating", [r.id for r in self.ratings])
        _unique("metric", [m.id for m in self.metrics])
        _unique("feedback template", [f.id for f in self.feedback])
        planned = sum(s.minutes for s in self.sections)
        if planned != self.minutes:
            raise ValueError(
                f"the sections' minutes add up to {planned} but minutes = {self.minutes}; "
                "make them agree"
            )
        kinds = {s.kind for s in self.sections}
        if self.kind != "mixed" and kinds != {self.kind}:
            other = next(s for s in self.sections if s.kind != self.kind)
            raise ValueError(
                f"kind = {self.kind!r} but section {other.id!r} is {other.kind!r}; "
                f"make the framework 'mixed' or the section {self.kind!r}"
            )
        if self.kind == "mixed" and len(kinds) < 2:
            raise ValueError(
                f"kind = 'mixed' but every section is {next(iter(kinds))!r}; "
                "use that kind for the framework"
            )
        return self

    def question_kind(self, section: Section, question: BaseQuestion) -> SectionKind:
        """The balance kind of one question: its own, else its section's."""
        return question.kind or section.kind


class FeedbackLibrary(_Model):
    """A file of shared feedback templates (``frameworks/feedback/*.toml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=True)

    schema_version: Literal[1] = Field(alias="schema", description="The format version: 1.")
    feedback: list[FeedbackTemplate] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> FeedbackLibrary:
        _unique("feedback template", [f.id for f in self.feedback])
        return self


def _unique(what: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise ValueError(f"two {what}s have the id {item!r}; ids must be unique")
        seen.add(item)


def json_schema() -> dict[str, object]:
    """The JSON Schema of a framework file, for editors (``frameworks/schema.json``)."""
    schema = Framework.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
