"""Feedback that reads well: answers fitted into their sentences, blanks, check words."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachcli.home import Home
from coachcli.loader import FrameworkError, feedback_library
from coachcli.phrasing import blank, fill, fit_answer, is_common_word, words_found

REDIRECT = (
    "On {situation}, I noticed you {behaviour}. The impact was {impact}. "
    "I'm raising it because {intent}. How do you see it?"
)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (  # the natural answers of a live 1:1
            {"situation": "On the Globex call", "behaviour": "Talked over the CFO",
             "impact": "The CFO stopped asking questions", "intent": "I want you to land it"},
            "On the Globex call, I noticed you talked over the CFO. The impact was the CFO "
            "stopped asking questions. I'm raising it because I want you to land it. "
            "How do you see it?",
        ),
        (  # the template's words typed again, three of them; a full stop before its comma
            {"situation": "the Acme demo.", "behaviour": "I noticed you skipped the agenda",
             "impact": "was a lost hour", "intent": "i care about your quarter"},
            "On the Acme demo, I noticed you skipped the agenda. The impact was a lost hour. "
            "I'm raising it because I care about your quarter. How do you see it?",
        ),
        (  # names, acronyms and "I" keep their capitals mid-sentence
            {"situation": "Tuesday's Initech call", "behaviour": "CFO questions went unanswered",
             "impact": "Priya left early", "intent": "I think you can do better"},
            "On Tuesday's Initech call, I noticed you CFO questions went unanswered. The "
            "impact was Priya left early. I'm raising it because I think you can do better. "
            "How do you see it?",
        ),
    ],
)  # fmt: skip
def test_natural_answers_are_repaired(values: dict[str, str], expected: str) -> None:
    assert fill(REDIRECT, values, ["impact"]) == expected


def test_you_typed_after_you_is_said_once() -> None:
    assert fill("When {situation}, you {action}.", {"situation": "X", "action": "you said no"}) == (
        "When X, you said no."
    )


def test_an_echo_is_kept_when_nothing_else_would_be_left_or_after_punctuation() -> None:
    assert fit_answer("On ", "On", ", I").casefold() == "on"
    assert fit_answer("The result: ", "result was good", ".") == "result was good"
    assert fit_answer("On ", "Online demo", ",") == "Online demo"  # a word, not an echo


@pytest.mark.parametrize(
    ("word", "common"),
    [("talked", True), ("asked", True), ("interrupted", True), ("stopped", True),
     ("quoted", True), ("replies", True), ("sent", True), ("said", True), ("the", True),
     ("globex", False), ("will", False),
     ("tuesday", False), ("priya", False)],
)  # fmt: skip
def test_common_words_and_their_regular_forms(word: str, common: bool) -> None:
    assert is_common_word(word) is common


def test_a_capital_is_lowered_only_mid_sentence_and_given_at_a_sentence_start() -> None:
    assert fit_answer("Keep doing that. ", "try it on Acme", "") == "Try it on Acme"
    assert fit_answer("", "the demo", ".") == "The demo"
    assert fit_answer("you ", "McKinsey-style framing", ".") == "McKinsey-style framing"
    assert fit_answer("you ", "A great opener", ".") == "a great opener"


def test_the_slot_shows_its_sentence_with_the_blank() -> None:
    assert blank(REDIRECT, "situation", {}) == "On ___, I noticed you …"
    assert blank(REDIRECT, "behaviour", {}) == "On …, I noticed you ___."
    assert blank(REDIRECT, "behaviour", {"situation": "On the Globex call"}) == (
        "On the Globex call, I noticed you ___."
    )
    assert blank(REDIRECT, "impact", {}) == "The impact was ___."


def test_an_empty_optional_slot_takes_its_sentence_with_it() -> None:
    values = {"situation": "the demo", "behaviour": "paused", "intent": "it works"}
    assert fill(REDIRECT, values, ["impact"]) == (
        "On the demo, I noticed you paused. I'm raising it because it works. How do you see it?"
    )
    assert "[impact]" in fill(REDIRECT, values)  # required: stays visible


def test_check_words_match_whole_words_ignoring_case() -> None:
    words = ["lazy", "always", "bad", "good job"]
    assert words_found("You ALWAYS send it late, lazy", words) == ["lazy", "always"]
    assert words_found("a badge, not-so-always-on", ["bad"]) == []
    assert words_found("Good job on the call", words) == ["good job"]


_answer = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=200, deadline=None)
@given(before=st.sampled_from(["On ", ", I noticed you ", "The result: ", "", "Next. "]),
       answer=_answer, after=st.sampled_from([", I", ".", "", " so"]))  # fmt: skip
def test_fitting_only_ever_removes_echoes_and_final_stops(before: str, answer: str,
                                                          after: str) -> None:  # fmt: skip
    fitted = fit_answer(before, answer, after)
    assert fitted == fit_answer(before, fitted, after) or before.strip()  # stable or an echo
    assert len(fitted) <= len(answer.strip())
    # the words kept are the answer's own, in order, only a first letter's case changed
    assert (
        fitted.casefold() in answer.strip().casefold()
        or fitted[:1].swapcase() + fitted[1:] in answer
    )


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["situation", "behaviour", "impact", "intent"]), _answer))
def test_every_non_empty_answer_appears_in_the_statement(values: dict[str, str]) -> None:
    text = fill(REDIRECT, values, ["impact"])
    assert "{" not in text.replace("{", "", sum(v.count("{") for v in values.values()))
    for value in values.values():
        words = value.split()
        if len(words) > 4:  # beyond any echo: the tail of the answer is always there
            assert " ".join(words[-1:]).rstrip(".,;:").casefold() in text.casefold()


# --------------------------------------------------------------------------- template data

LIBRARY = """schema = 1

[[feedback]]
id = "team-redirect"
name = "Team redirect"
template = "On {situation}, you {behaviour}. The impact was {impact}."

  [[feedback.slots]]
  name = "situation"
  prompt = "When?"

  [[feedback.slots]]
  name = "behaviour"
  prompt = "What did they do?"
  check_words = ["lazy", "always"]
  check_message = "Restate it as behaviour?"

  [[feedback.slots]]
  name = "impact"
  prompt = "What did it lead to?"
  required = false
  missing_message = "No impact given."
"""


def _library(home: Home, text: str) -> Path:
    path = home.frameworks_dir / "feedback" / "team.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _line(path: Path, needle: str) -> int:
    return next(n for n, t in enumerate(path.read_text().splitlines(), 1) if needle in t)


def test_check_data_is_read_from_the_template(coach_home: Home) -> None:
    _library(coach_home, LIBRARY)
    library, _ = feedback_library(coach_home)
    template = library["team-redirect"]
    values = {"situation": "x", "behaviour": "was lazy, as always", "impact": ""}
    ((slot, words),) = template.checks(values)
    assert (slot.name, words, slot.check_message) == (
        "behaviour", ["lazy", "always"], "Restate it as behaviour?"
    )  # fmt: skip
    assert template.missing(values) == ["No impact given."]
    assert template.missing({**values, "impact": "we lost a week"}) == []


@pytest.mark.parametrize(
    ("broken", "needle", "key", "message"),
    [
        ('  check_message = "Restate it as behaviour?"\n', 'name = "behaviour"',
         "feedback[0].slots[1].check_message", "check_message is missing"),
        ('  check_words = ["lazy", "always"]\n', "check_message",
         "feedback[0].slots[1].check_message", "check_words is empty"),
        ('["lazy", "always"]', 'check_words = ["lazy", "Lazy"]',
         "feedback[0].slots[1].check_words", "'Lazy' is listed twice"),
        ("  required = false\n", "missing_message",
         "feedback[0].slots[2].missing_message", "a required slot is never left empty"),
        ('["lazy", "always"]', 'check_words = ["lazy", "{x}"]',
         "feedback[0].slots[1].check_words", "a check word is plain text"),
    ],
)  # fmt: skip
def test_bad_check_data_is_rejected_with_file_line_and_key(
    coach_home: Home, broken: str, needle: str, key: str, message: str
) -> None:
    if broken.startswith("["):  # replace the word list
        text = LIBRARY.replace(broken, needle.split(" = ", 1)[1])
    else:  # remove the line
        text = LIBRARY.replace(broken, "")
    path = _library(coach_home, text)
    _, sources = feedback_library(coach_home)
    (source,) = [s for s in sources if s.origin == "user"]
    assert isinstance(source.error, FrameworkError)
    (problem,) = source.error.problems
    assert problem.key == key
    assert message in problem.message
    assert str(path) in str(source.error) or path.name in str(source.error)
    # a missing key is placed on its table's header, the line before the slot's name
    expected = _line(path, needle) - (1 if needle.startswith("name") else 0)
    assert problem.line == expected


@pytest.mark.parametrize(
    ("before", "answer", "after", "fitted"),
    [
        ("Next, ", "Next, update every close date by Friday", ".",
         "update every close date by Friday"),
        ("In the demo, you ", "You Listed six features in a row", ", and",
         "listed six features in a row"),
        ("In the demo, you ", "Rushed the pricing slide", ".", "rushed the pricing slide"),
        ("On ", "Globex's renewal call", ", I", "Globex's renewal call"),
        ("", "wait...", ",", "Wait..."),
    ],
)  # fmt: skip
def test_answers_a_manager_typed_in_a_1on1(
    before: str, answer: str, after: str, fitted: str
) -> None:
    assert fit_answer(before, answer, after) == fitted
