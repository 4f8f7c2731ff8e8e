"""Framework format v1: the pydantic models behind a framework TOML file.

A framework is a question bank and a conversation structure that a sales
leader writes in TOML and a manager walks through with a rep. Every model
forbids unknown keys, so a typo in a key name is an error, never silently
ignored. ``docs/frameworks.md`` documents the format for people;
``frameworks/schema.json`` is generated from these models for editors.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from coachcli.aims import Better, MetricTarget
from coachcli.feedback_templates import FeedbackTemplate
from coachcli.formula import FormulaError, parse
from coachcli.modeltypes import Id, Text, _Model, unique
from coachcli.visibility import Visibility
from coachcli.wording import plural, verb

Kind = Literal["coaching", "performance", "mixed"]
"""What a whole framework is for: the how, the what, or both."""

SectionKind = Literal["coaching", "performance", "neutral"]
"""What one section (and each question in it) counts as in the balance: neutral
(logistics, the rep's own agenda, admin) counts in the meeting's length only."""

Subject = Literal["deal", "account"]
"""What a framework's sessions are about, when each is about one thing."""

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
        None,
        description="Marks this question as coaching, performance or neutral when it differs from "
        "its section (shown in the outline; the balance counts minutes by section).",
    )
    visibility: Visibility | None = Field(
        None,
        description="'shared' when the rep may read this answer (`coach share`), 'private' when "
        "only the manager may; unset, the section's visibility.",
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
    """Exactly one of ``options``, or of the stage library's stages (``options_from``)."""

    type: Literal["choice"]
    options: list[Text] = Field(
        default_factory=list,
        description="The answers to choose from (at least 2), unless options_from is given.",
    )
    options_from: Literal["stages"] | None = Field(
        None,
        description="'stages': the options are the open stages of the shared stage library "
        "(frameworks/stages/library.toml), in order, with their exit criteria in the help.",
    )
    default: str | None = None

    @model_validator(mode="after")
    def _default_is_option(self) -> ChoiceQuestion:
        if self.options_from is not None:
            if self.options:
                raise ValueError(
                    "options and options_from are both given; keep one (options_from takes "
                    "the options from the stage library)"
                )
            return self  # the default is checked once the stages are known (loader)
        if len(self.options) < 2:
            raise ValueError(
                'options needs at least 2 entries (or options_from = "stages" for the '
                "stage library's stages)"
            )
        if self.default is not None and self.default not in self.options:
            raise ValueError(f"default {self.default!r} is not one of the options")
        return self


class MultiQuestion(_Options):
    """Any number of ``options``, or of the rep's deals at risk (``options_from``)."""

    type: Literal["multi"]
    options: list[Text] = Field(default_factory=list, description="The answers to choose from "
                                "(at least 2), unless options_from is given.")  # fmt: skip
    options_from: Literal["deals-at-risk"] | None = Field(None, description="'deals-at-risk': "
        "the deals at risk in the rep's latest pipeline snapshot, each with why; with none, the "
        "question is not asked (coachcli.deal_picks).")  # fmt: skip
    default: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _defaults_are_options(self) -> MultiQuestion:
        if self.options_from is not None:
            if self.options or self.default:
                raise ValueError("options_from takes the options from the rep's pipeline "
                                 "snapshot: leave out options and default")  # fmt: skip
            return self
        if len(self.options) < 2:
            raise ValueError('options needs at least 2 entries (or options_from = "deals-at-risk"'
                             " for the deals at risk in a pipeline snapshot)")  # fmt: skip
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
    kind: SectionKind = Field(
        description="Whether this stage develops the how (coaching), checks the what "
        "(performance), or is neither (neutral: logistics, the rep's own agenda, admin)."
    )
    minutes: int = Field(ge=1, le=240, description="The timebox for this section.")
    intro: str = Field("", description="What the manager should aim for in this section.")
    pick: int | None = Field(
        None,
        ge=1,
        description="Ask this many of the questions (a bank); required ones are always asked.",
    )
    questions: list[Question] = Field(min_length=1)
    visibility: Visibility = Field(
        "private",
        description="'shared' when the rep may read this section's answers (`coach share`, "
        "reports without --include-private); 'private' (the default) keeps them to the manager.",
    )

    @model_validator(mode="after")
    def _pick_fits(self) -> Section:
        if self.pick is not None:
            if self.pick > len(self.questions):
                raise ValueError(
                    f"pick = {self.pick} but the section has only "
                    f"{plural(len(self.questions), 'question')}"
                )
            required = sum(1 for q in self.questions if q.required)
            if required > self.pick:
                raise ValueError(
                    f"pick = {self.pick} but {plural(required, 'question')} "
                    f"{verb(required, 'is', 'are')} required "
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
    target: float | None = Field(
        None, description="The value to reach (or stay under, for better = 'lower')."
    )
    better: Better = Field(
        "higher",
        description="Whether a higher or a lower value is better, or 'within': a value inside "
        "target_low..target_high, where too low is as bad as too high (e.g. talk time).",
    )
    target_low: float | None = Field(
        None, description="The bottom of the target band (better = 'within'), included."
    )
    target_high: float | None = Field(
        None, description="The top of the target band (better = 'within'), included."
    )
    min: float | None = Field(
        None, description="The lowest possible value (e.g. 0 for a count); a lower one is refused."
    )
    max: float | None = Field(
        None,
        description="The highest possible value (e.g. 100 for a share in %); a higher one is "
        "refused.",
    )
    help: str = ""
    compute: str | None = Field(
        None,
        description="Compute it from this session's numbers instead of asking, e.g. "
        "'round(cov_open_pipeline / cov_quota_left, 1)': + - * / ( ) min max round yes chose "
        "over question, rating and metric ids (with _ for -); see docs/frameworks.md.",
    )

    @field_validator("compute")
    @classmethod
    def _formula_parses(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                parse(value)
            except FormulaError as exc:
                raise ValueError(str(exc)) from None
        return value

    visibility: Visibility = Field(
        "private",
        description="'shared' when the rep may see this metric's value (`coach share`, reports); "
        "'private' (the default) keeps it to the manager.",
    )

    @model_validator(mode="after")
    def _aim_fits(self) -> Metric:
        # each message starts with the key it is about: the loader points at that key's line
        band = (self.target_low, self.target_high)
        if self.better == "within":
            if self.target is not None:
                raise ValueError(
                    f"target = {self.target:g} is one number, but better = 'within' judges a "
                    "band: write target_low and target_high instead"
                )
            if None in band:
                raise ValueError(
                    "better = 'within' needs both target_low and target_high, the ends of the band"
                )
        elif band != (None, None):
            key = "target_low" if self.target_low is not None else "target_high"
            raise ValueError(
                f"{key} is one end of a band: set better to 'within' and give both ends, "
                "or give a single target"
            )
        low, high = band
        if low is not None and high is not None and low >= high:
            raise ValueError(
                f"target_low {low:g} is not below target_high {high:g}; "
                "the band goes from low to high"
            )
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min:g} is above max {self.max:g}")
        for key in ("target", "target_low", "target_high"):
            value = getattr(self, key)
            if value is None:
                continue
            if self.min is not None and value < self.min:
                raise ValueError(f"{key} {value:g} is below min {self.min:g}")
            if self.max is not None and value > self.max:
                raise ValueError(f"{key} {value:g} is above max {self.max:g}")
        return self

    @property
    def aim(self) -> MetricTarget:
        """Its target or band, which way is better, its bounds (:mod:`coachcli.aims`)."""
        return MetricTarget(
            self.target, self.indicator, self.better, self.target_low, self.target_high,
            self.min, self.max,
        )  # fmt: skip


class Rating(_Model):
    """A skill rated on a scale, with the behaviour that earns each level."""

    id: Id
    name: Text
    help: str = ""
    min: int = 1
    anchors: list[Text] = Field(
        min_length=2, max_length=10, description="What the rep does at each level, lowest first."
    )
    visibility: Visibility = Field(
        "private",
        description="'private' (the default): the manager's judgement stays with the manager; "
        "'shared' when the rep sees the rating (`coach share`, reports).",
    )

    @property
    def max(self) -> int:
        return self.min + len(self.anchors) - 1


class Closing(_Model):
    """How the session ends: agreed actions and a summary."""

    actions: bool = Field(True, description="Agree action items (text, owner, due date).")
    actions_prompt: Text = "What will each of you do, and by when?"
    default_due_days: int = Field(7, ge=0, le=365)
    summary: bool = True
    summary_prompt: Text = "Sum up the session in a sentence or two."
    summary_visibility: Visibility = Field(
        "shared", description="Whether the rep receives the summary (`coach share`)."
    )
    actions_visibility: Visibility = Field(
        "shared",
        description="Whether the rep receives the agreed action items and the review of last "
        "time's (`coach share`); one item is kept private by the tag #private in its text.",
    )


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
    subject: Subject | None = Field(
        None,
        description="What each session is about: 'deal' or 'account'. The session asks for it "
        "first (offering the rep's earlier ones); it is kept in the note and its file name, "
        "and `coach history REP --subject NAME` lists its sessions.",
    )

    @model_validator(mode="after")
    def _consistent(self) -> Framework:
        unique("section", [s.id for s in self.sections])
        unique("question", [q.id for s in self.sections for q in s.questions])
        unique("rating", [r.id for r in self.ratings])
        unique("metric", [m.id for m in self.metrics])
        unique("feedback template", [f.id for f in self.feedback])
        planned = sum(s.minutes for s in self.sections)
        if planned != self.minutes:
            raise ValueError(
                f"the sections' minutes add up to {planned} but minutes = {self.minutes}; "
                "make them agree"
            )
        kinds = {s.kind for s in self.sections} - {"neutral"}
        if not kinds:
            raise ValueError(
                "every section is 'neutral'; make at least one section 'coaching' or 'performance'"
            )
        if self.kind != "mixed" and kinds != {self.kind}:
            other = next(s for s in self.sections if s.kind not in (self.kind, "neutral"))
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

    def planned_by_kind(self) -> dict[str, float]:
        """Planned minutes by section kind: what a note without measured time counts."""
        planned = dict.fromkeys(("coaching", "performance", "neutral"), 0.0)
        for section in self.sections:
            planned[section.kind] += section.minutes
        return planned

    def question_kind(self, section: Section, question: BaseQuestion) -> SectionKind:
        """The balance kind of one question: its own, else its section's."""
        return question.kind or section.kind

    def question_visibility(self, section: Section, question: BaseQuestion) -> Visibility:
        """Who may read one answer: the question's own visibility, else its section's."""
        return question.visibility or section.visibility


def json_schema() -> dict[str, object]:
    """The JSON Schema of a framework file, for editors (``frameworks/schema.json``)."""
    schema = Framework.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
