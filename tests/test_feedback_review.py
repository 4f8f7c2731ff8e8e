"""Feedback in a session (blanks, write again, the gentle checks) and the commitment review."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from coachcli import analytics
from coachcli.home import Home
from coachcli.index import load_corpus
from coachcli.notes import from_markdown
from coachcli.reps import find_rep, rep_dir
from coachcli.start import StartOptions, start_session

from .helpers import FULL, first_plan, notes_in
from .scripted import ScriptedAsker

FIXTURE = Path(__file__).parent / "fixtures" / "frameworks" / "valid.toml"
TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=TZ)  # a Friday
FB = 6  # FULL[6:11] is the first feedback statement; FULL[11] ends the feedback


@pytest.fixture
def home(coach_home: Home) -> Home:
    coach_home.frameworks_dir.mkdir(parents=True)
    shutil.copy(FIXTURE, coach_home.frameworks_dir / "weekly-pipeline.toml")
    return coach_home


def options(**kw: Any) -> StartOptions:
    kw.setdefault("framework", "weekly-pipeline")
    kw.setdefault("plan", first_plan)
    kw.setdefault("yes", True)
    kw.setdefault("now", lambda: NOW)
    return StartOptions(rep="Alex Kim", **kw)


def _session(home: Home, feedback: list[tuple[str, Any]]) -> tuple[ScriptedAsker, Any]:
    asker = ScriptedAsker([*FULL[:FB], *feedback, *FULL[FB + 5 :]])
    outcome = start_session(home, options(), asker)
    asker.done()
    return asker, outcome


# --------------------------------------------------------------------------- feedback


def test_each_slot_shows_its_sentence_with_the_blank(home: Home) -> None:
    asker, _ = _session(home, FULL[FB : FB + 5])
    contexts = {p.key: p.context for p in asker.prompts if p.key.startswith("fb:1:")}
    assert contexts["fb:1:situation"] == "In ___, you …"
    assert contexts["fb:1:behaviour"] == "In the Initech call, you ___."
    assert contexts["fb:1:impact"] == "The impact was ___."


def test_natural_answers_are_repaired_in_the_note(home: Home) -> None:
    _, outcome = _session(home, [
        ("fb:1:template", "sbi"),
        ("fb:1:situation", "In the Globex call."),
        ("fb:1:behaviour", "you Talked over the CFO"),
        ("fb:1:impact", "The CFO stopped asking questions"),
        ("fb:1:ok", ""),
    ])  # fmt: skip
    expected = (
        "In the Globex call, you talked over the CFO. "
        "The impact was the CFO stopped asking questions."
    )
    assert [f.text for f in outcome.session.feedback] == [expected]
    assert from_markdown(outcome.note.read_text()).feedback[0].text == expected


def test_write_again_keeps_each_answer_as_the_default(home: Home) -> None:
    asker, outcome = _session(home, [
        ("fb:1:template", "sbi"),
        ("fb:1:situation", "the Initech call"),
        ("fb:1:behaviour", "paused after the budget question"),
        ("fb:1:impact", "they named a number"),
        ("fb:1:ok", "no"),
        ("fb:1:situation", ""),  # Enter takes the earlier answer again
        ("fb:1:behaviour", "paused, then asked who else decides"),
        ("fb:1:impact", ""),
        ("fb:1:ok", ""),
    ])  # fmt: skip
    again = [p for p in asker.prompts if p.key in ("fb:1:situation", "fb:1:impact")][2:]
    assert [p.current for p in again] == ["the Initech call", "they named a number"]
    ok = [p for p in asker.prompts if p.key == "fb:1:ok"]
    assert ok[1].current is None  # "keep it?" is asked anew, Enter keeps it
    assert outcome.session.feedback[0].slots == {
        "situation": "the Initech call",
        "behaviour": "paused, then asked who else decides",
        "impact": "they named a number",
    }


def test_judgement_words_are_questioned_once_and_a_restatement_accepted(home: Home) -> None:
    asker, outcome = _session(home, [
        ("fb:1:template", "sbi"),
        ("fb:1:situation", "the Acme call"),
        ("fb:1:behaviour", "were lazy about the follow-up, as always"),
        ("fb:1:impact", "the buyer went quiet"),
        ("fb:1:word-check", ""),  # Enter: yes, restate it
        ("fb:1:behaviour", "sent the recap four days later"),
        ("fb:1:impact", ""),
        ("fb:1:ok", ""),
    ])  # fmt: skip
    (check,) = [p for p in asker.prompts if p.key == "fb:1:word-check"]
    assert check.text == "Restate it as behaviour you saw or heard?"
    assert "'lazy', 'always'" in check.context
    assert "lazy" in check.preview
    restated = [p for p in asker.prompts if p.key == "fb:1:behaviour"][1]
    assert restated.current == "were lazy about the follow-up, as always"
    assert outcome.session.feedback[0].slots["behaviour"] == "sent the recap four days later"


def test_judgement_words_kept_on_purpose_are_not_asked_again(home: Home) -> None:
    _, outcome = _session(home, [
        ("fb:1:template", "sbi"),
        ("fb:1:situation", "the Acme call"),
        ("fb:1:behaviour", "never asked about budget"),
        ("fb:1:impact", "we priced blind"),
        ("fb:1:word-check", "no"),
        ("fb:1:ok", "no"),  # write it again: the check is not asked a second time
        ("fb:1:situation", ""),
        ("fb:1:behaviour", "never asked about budget, twice"),
        ("fb:1:impact", ""),
        ("fb:1:ok", "y"),
    ])  # fmt: skip
    assert outcome.session.feedback[0].slots["behaviour"] == "never asked about budget, twice"


def test_a_missing_impact_is_flagged_before_saving(home: Home) -> None:
    asker, outcome = _session(home, [
        ("fb:1:template", "sbi"),
        ("fb:1:situation", "the Acme call"),
        ("fb:1:behaviour", "asked for the next meeting"),
        ("fb:1:impact", ""),
        ("fb:1:ok", ""),
    ])  # fmt: skip
    (ok,) = [p for p in asker.prompts if p.key == "fb:1:ok"]
    assert ok.context == "No impact given: say what it led to."
    assert ok.preview == "In the Acme call, you asked for the next meeting."
    assert outcome.session.feedback[0].text == ok.preview


def test_an_answers_file_is_never_stopped_by_the_check(home: Home, tmp_path: Path) -> None:
    from coachcli.answers import start_from_file

    answers = tmp_path / "a.toml"
    answers.write_text(
        'framework = "weekly-pipeline"\n[answers]\ncalls-made = 3\nforecast-call = "On track"\n'
        'one-thing = "Ask earlier"\n'
        '[[feedback]]\ntemplate = "sbi"\nsituation = "the demo"\nbehaviour = "was lazy"\n'
    )
    outcome = start_from_file(home, "Alex Kim", answers)
    assert outcome.session is not None
    assert outcome.session.feedback[0].text == "In the demo, you was lazy."


# --------------------------------------------------------------------------- the review


def _second_session(home: Home, days: int, reviews: list[tuple[str, Any]]) -> tuple[
    ScriptedAsker, Any, list[str]
]:  # fmt: skip
    """A second 1:1 ``days`` after the first; ``reviews`` use "A" and "B" for the two actions.

    The first session agrees A due Friday 2026-12-04 and B due 2026-12-11.
    """
    start_session(home, options(), ScriptedAsker(list(FULL)))
    rep = find_rep(home, "Alex Kim")
    assert rep is not None
    (note,) = notes_in(rep_dir(home, rep))
    ids = [a.id for a in from_markdown(note.read_text()).actions]
    named = {"A": ids[0], "B": ids[1]}
    script = [(k.replace("<A>", named["A"]).replace("<B>", named["B"]), v) for k, v in reviews]
    asker = ScriptedAsker([*script, *FULL])
    outcome = start_session(home, options(now=lambda: NOW + timedelta(days=days)), asker)
    asker.done()
    return asker, outcome, ids


def test_an_action_not_yet_due_defaults_to_still_open_and_is_never_missed(home: Home) -> None:
    asker, outcome, ids = _second_session(home, 3, [
        ("review:<A>", ""),
        ("review:<B>", "not done: half the deck"),
    ])  # fmt: skip
    prompts = [p for p in asker.prompts if p.key.startswith("review:")]
    assert [p.default for p in prompts] == ["still open", "still open"]
    assert "still open" in prompts[0].options
    # B is the manager's own item: not the rep's to keep, so not counted
    assert "Commitments: 0 kept, 0 missed, 1 still open" in asker.notices
    # Enter (still open) records nothing; the early "not done" is progress, asked no reason
    assert [(r.action, r.outcome, r.comment) for r in outcome.session.reviews] == [
        (ids[1], "not-done", "half the deck")
    ]
    later = NOW.date() + timedelta(days=3)
    counts = analytics.commitments_kept(load_corpus(home, "alex-kim"), later)
    assert (counts.kept, counts.missed, counts.open) == (0, 0, 2)  # and the rep's agreed today


def test_not_done_on_a_due_action_asks_why_and_the_note_keeps_it(home: Home) -> None:
    asker, outcome, ids = _second_session(home, 14, [
        ("review:<A>", "not done"),
        ("review:<A>:reason", "waiting on legal"),
        ("review:<B>", "done"),
    ])  # fmt: skip
    review_prompts = [p for p in asker.prompts if p.key.startswith("review:")]
    assert review_prompts[0].default is None  # overdue: no default outcome
    assert review_prompts[1].text == "What got in the way? (one line)"
    steps = [(p.step, p.steps) for p in review_prompts]
    assert steps == [(1, 2), (0, 0), (2, 2)]  # the follow-up does not change the count
    assert "Commitments: 0 kept, 1 missed, 0 still open" in asker.notices  # B: the manager's
    note = outcome.note.read_text()
    marker = f"<!-- review: {ids[0]} shared -->"
    line = f"- not done · Book a call with the CFO — waiting on legal {marker}"
    assert line in note
    back = from_markdown(note)
    assert [(r.outcome, r.comment) for r in back.reviews] == [
        ("not-done", "waiting on legal"),
        ("done", ""),
    ]
    today = NOW.date() + timedelta(days=14)
    history = analytics.history(load_corpus(home, "alex-kim"), today)
    assert history.commitments.summary() == "0 kept, 1 missed, 1 still open"  # + the rep's new


def test_a_reason_given_with_the_answer_is_not_asked_again(home: Home) -> None:
    _, outcome, _ = _second_session(home, 7, [
        ("review:<A>", "not done waiting on legal"),
        ("review:<B>", "/skip"),
    ])  # fmt: skip
    assert [(r.outcome, r.comment) for r in outcome.session.reviews] == [
        ("not-done", "waiting on legal")
    ]


def test_still_open_takes_no_comment(home: Home) -> None:
    asker, _, _ = _second_session(home, 3, [
        ("review:<A>", "still open nearly there"),
        ("review:<A>", "still open"),
        ("review:<B>", "4"),
    ])  # fmt: skip
    flagged = [p.error for p in asker.prompts if p.error]
    assert flagged and "takes no comment" in flagged[0] and "not done nearly there" in flagged[0]


def test_the_brief_counts_kept_missed_and_still_open(home: Home) -> None:
    asker, _, _ = _second_session(home, 7, [("review:<A>", "done"), ("review:<B>", "")])
    brief = asker.briefs[-1]
    assert brief.commitments.summary() == "0 kept, 0 missed, 1 still open"  # the rep's own only
