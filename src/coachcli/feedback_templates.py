"""Feedback templates: the statements a manager fills in (e.g. Situation-Behaviour-Impact).

A framework's own ``[[feedback]]`` and the shared library files
(``frameworks/feedback/*.toml``) hold these models; rendering and the
checks before saving are plain text work (:mod:`coachcli.phrasing`).
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import ConfigDict, Field, ValidationInfo, field_validator, model_validator

from coachcli.modeltypes import CheckWord, Id, SlotName, Text, _Model, unique
from coachcli.phrasing import PLACEHOLDER, blank, fill, words_found
from coachcli.visibility import Visibility


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
    visibility: Visibility = Field(
        "shared",
        description="'shared' (the default): feedback is given to the rep, so `coach share` "
        "includes it; 'private' keeps the statement in the manager's note only.",
    )

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
                "slots": [slot.name for slot in self.slots],
                "visibility": self.visibility}  # fmt: skip

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


class FeedbackLibrary(_Model):
    """A file of shared feedback templates (``frameworks/feedback/*.toml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=True)

    schema_version: Literal[1] = Field(alias="schema", description="The format version: 1.")
    feedback: list[FeedbackTemplate] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> FeedbackLibrary:
        unique("feedback template", [f.id for f in self.feedback])
        return self
