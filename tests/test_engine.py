"""The session engine and `start_session`, driven by a scripted Asker."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from coachcli import drafts, fsys
from coachcli.banks import plan_questions
from coachcli.drafts import Draft
from coachcli.engine import Engine
from coachcli.errors import CoachError
from coachcli.home import Home
from coachcli.loader import load_file
from coachcli.notes import from_markdown
from coachcli.notes import writer as note_writer
from coachcli.reps import add_rep, find_rep, rep_dir
from coachcli.start import SessionInterrupted, start_session

from .helpers import FIXTURE, FULL, NOW, home, notes_in, options, with_reviews
from .scripted import ScriptedAsker, UnexpectedPrompt

__all__ = ["home"]  # the fixture, imported for the tests here


def test_full_session_writes_a_note(home: Home) -> None:
    asker = ScriptedAsker(list(FULL))
    outcome = start_session(home, options(), asker)
    asker.done()
    assert outcome.status == "finished"
    assert outcome.note is not None
    assert outcome.note.name == "2026-11-27-weekly-pipeline.md"
    assert outcome.note.parent == home.reps_dir / "alex-kim"
    assert (outcome.note.stat().st_mode & 0o777) == 0o600
    assert not drafts.draft_path(outcome.note.parent).exists()

    session = from_markdown(outcome.note.read_text(), str(outcome.note))
    assert session.rep == "Alex Kim"
    assert session.framework == "weekly-pipeline"
    assert session.kind == "mixed"
    values = {a.id: a.value for s in session.sections for a in s.answers}
    assert values == {
        "calls-made": 42,
        "forecast-call": "On track",
        "slipped-deals": ["Acme renewal", "Globex pilot"],
        "confidence": 4,
        "best-call": "The Initech discovery call.\nThey opened up about budget.",
        "one-thing": "Ask for the economic buyer earlier",
    }
    assert session.ratings == {"discovery": 3}
    assert session.metrics == {"meetings": 6}
    assert [f.text for f in session.feedback] == [
        "In the Initech call, you paused after asking about budget. "
        "The impact was the buyer told you the real number."
    ]
    assert [(a.text, a.owner, a.due) for a in session.actions] == [
        ("Book a call with the CFO", "rep", date(2026, 12, 4)),
        ("Share the pricing deck", "manager", date(2026, 12, 11)),
    ]
    assert len({a.id for a in session.actions}) == 2
    assert session.summary == "Good week; next, reach the economic buyer."
    assert [s.title for s in asker.sections][:3] == ["Numbers", "Skills", "Wrap-up"]


def test_bad_input_is_asked_again_with_the_reason(home: Home) -> None:
    script = [
        ("q:calls-made", "lots"),
        ("q:calls-made", "501"),
        ("q:calls-made", "4.5"),
        ("q:calls-made", "40"),
        ("q:forecast-call", "maybe"),
        ("q:forecast-call", "on track"),
        *FULL[2:16],
        ("act:1:due", "2026-02-30"),
        ("act:1:due", "2020-01-01"),
        *FULL[16:],
    ]
    asker = ScriptedAsker(script)
    start_session(home, options(), asker)
    asker.done()
    errors = {p.key: [] for p in asker.prompts}  # type: dict[str, list[str]]
    for p in asker.prompts:
        if p.error:
            errors[p.key].append(p.error)
    assert errors["q:calls-made"] == [
        "Enter a number (in calls), e.g. 12 or 12.5.",
        "Enter at most 500.",
        "Enter a whole number.",
    ]
    assert "Choose one of: 1 Ahead, 2 On track, 3 Behind" in errors["q:forecast-call"][0]
    assert "February 2026 has no day 30" in errors["act:1:due"][0]
    assert "in the past" in errors["act:1:due"][1]


def test_required_question_cannot_be_skipped(home: Home) -> None:
    script = [("q:calls-made", "/skip"), ("q:calls-made", ""), ("q:calls-made", "3"), *FULL[1:]]
    asker = ScriptedAsker(script)
    start_session(home, options(), asker)
    asker.done()
    first, second = asker.prompts[1], asker.prompts[2]
    assert first.error == "This one is required; it cannot be skipped."
    assert second.error == "This one is required; please answer it."


def test_back_changes_the_previous_answer(home: Home) -> None:
    script = [
        ("q:calls-made", "42"),
        ("q:forecast-call", "/back"),
        ("q:calls-made", "43"),
        *FULL[1:],
    ]
    asker = ScriptedAsker(script)
    outcome = start_session(home, options(), asker)
    asker.done()
    back_prompt = asker.prompts[2]
    assert back_prompt.key == "q:calls-made"
    assert back_prompt.current == 42
    assert outcome.session is not None
    assert outcome.session.sections[0].answers[0].value == 43


def test_enter_keeps_the_current_answer_after_back(home: Home) -> None:
    script = [("q:calls-made", "42"), ("q:forecast-call", "/back"), ("q:calls-made", ""), *FULL[1:]]
    asker = ScriptedAsker(script)
    outcome = start_session(home, options(), asker)
    assert outcome.session is not None
    assert outcome.session.sections[0].answers[0].value == 42


def test_feedback_can_be_written_again(home: Home) -> None:
    redo = [
        ("fb:1:template", "Situation-Behaviour-Impact"),
        ("fb:1:situation", "x"),
        ("fb:1:behaviour", "y"),
        ("fb:1:impact", "z"),
        ("fb:1:ok", "no"),
        ("fb:1:situation", "the demo"),
        ("fb:1:behaviour", "showed the ROI"),
        ("fb:1:impact", "the CFO joined"),
        ("fb:1:ok", ""),
    ]
    script = [*FULL[:6], *redo, *FULL[11:]]
    asker = ScriptedAsker(script)
    outcome = start_session(home, options(), asker)
    asker.done()
    ok_prompts = [p for p in asker.prompts if p.key == "fb:1:ok"]
    assert ok_prompts[0].preview == "In x, you y. The impact was z."
    assert (
        ok_prompts[1].preview == "In the demo, you showed the ROI. The impact was the CFO joined."
    )
    assert outcome.session is not None
    assert [f.slots["situation"] for f in outcome.session.feedback] == ["the demo"]


def test_empty_required_slot_is_flagged(home: Home) -> None:
    script = [*FULL[:7], ("fb:1:situation", ""), *FULL[7:]]
    asker = ScriptedAsker(script)
    start_session(home, options(), asker)
    asker.done()
    flagged = [p for p in asker.prompts if p.key == "fb:1:situation" and p.error]
    assert flagged and "required" in flagged[0].error


def test_pause_and_resume_exactly_where_it_stopped(home: Home) -> None:
    first = ScriptedAsker([*FULL[:4], ("q:best-call", "/pause")])
    outcome = start_session(home, options(), first)
    first.done()
    assert outcome.status == "paused"
    folder = home.reps_dir / "alex-kim"
    draft = Draft.model_validate_json(drafts.draft_path(folder).read_text())
    assert draft.answers["q:calls-made"] == 42
    assert (drafts.draft_path(folder).stat().st_mode & 0o777) == 0o600

    second = ScriptedAsker([("confirm:Resume it?", True), *FULL[4:]])
    resumed = start_session(home, options(), second)
    second.done()
    assert resumed.status == "finished"
    assert resumed.session is not None
    values = {a.id: a.value for s in resumed.session.sections for a in s.answers}
    assert values["calls-made"] == 42
    assert values["confidence"] == 4
    assert not drafts.draft_path(folder).exists()


def test_a_draft_can_be_discarded(home: Home) -> None:
    start_session(
        home, options(), ScriptedAsker([("q:calls-made", "7"), ("q:forecast-call", "/pause")])
    )
    asker = ScriptedAsker(
        [("confirm:Resume it?", False), ("confirm:Discard the draft and its 1 answer", True), *FULL]
    )
    outcome = start_session(home, options(), asker)
    asker.done()
    assert outcome.session is not None
    assert outcome.session.sections[0].answers[0].value == 42
    assert "The draft was discarded." in asker.notices


def test_ctrl_c_keeps_the_draft_by_default(home: Home) -> None:
    asker = ScriptedAsker(
        [*FULL[:3], ("q:confidence", KeyboardInterrupt()), ("confirm:Keep your answers", True)]
    )
    with pytest.raises(SessionInterrupted) as stopped:
        start_session(home, options(), asker)
    assert stopped.value.kept
    draft = Draft.model_validate_json(drafts.draft_path(home.reps_dir / "alex-kim").read_text())
    assert draft.answers["q:slipped-deals"] == ["Acme renewal", "Globex pilot"]
    assert draft.cursor == 3


def test_ctrl_c_can_discard_and_second_ctrl_c_keeps(home: Home) -> None:
    asker = ScriptedAsker([("q:calls-made", KeyboardInterrupt()), ("confirm:Keep", False)])
    with pytest.raises(SessionInterrupted):
        start_session(home, options(), asker)
    assert not drafts.draft_path(home.reps_dir / "alex-kim").exists()

    asker = ScriptedAsker(
        [
            ("q:calls-made", "5"),
            ("q:forecast-call", KeyboardInterrupt()),
            ("confirm:Keep", KeyboardInterrupt()),
        ]
    )
    with pytest.raises(SessionInterrupted) as stopped:
        start_session(home, options(), asker)
    assert stopped.value.kept
    assert drafts.draft_path(home.reps_dir / "alex-kim").exists()


def test_eof_keeps_the_draft_and_says_how_to_resume(home: Home) -> None:
    asker = ScriptedAsker([("q:calls-made", "5"), ("q:forecast-call", EOFError())])
    with pytest.raises(CoachError) as error:
        start_session(home, options(), asker)
    assert "saved" in error.value.message
    assert 'coach start "Alex Kim"' in (error.value.hint or "")
    assert drafts.draft_path(home.reps_dir / "alex-kim").exists()


def test_a_second_session_for_the_same_rep_is_refused(home: Home) -> None:
    add_rep(home, "Alex Kim", today=NOW.date())
    folder = home.reps_dir / "alex-kim"
    with fsys.rep_lock(folder, "Alex Kim"), pytest.raises(CoachError) as error:
        start_session(home, options(), ScriptedAsker([]))
    assert "Another session with Alex Kim is in progress" in error.value.message
    assert "pid" in error.value.message
    # released: a session can start now
    asker = ScriptedAsker(list(FULL))
    assert start_session(home, options(), asker).status == "finished"


def test_new_rep_is_created_after_asking(home: Home) -> None:
    script = [
        ("confirm:Jo Park is not one of your reps yet", True),
        ("rep:role", "SDR"),
        ("rep:start", "2026-13-01"),
        ("rep:start", "2026-03-01"),
        ("rep:cadence", "14"),
        *FULL,
    ]
    asker = ScriptedAsker(script)
    start_session(home, options("Jo Park", yes=False), asker)
    asker.done()
    rep = find_rep(home, "Jo Park")
    assert rep is not None
    assert (rep.role, rep.start_date, rep.cadence_days) == ("SDR", date(2026, 3, 1), 14)
    assert [p.error for p in asker.prompts if p.key == "rep:start"][1].startswith("Enter a date")


def test_declining_a_new_rep_starts_nothing(home: Home) -> None:
    with pytest.raises(CoachError, match="nothing was started"):
        start_session(
            home, options("Jo Park", yes=False), ScriptedAsker([("confirm:Add them?", False)])
        )
    assert find_rep(home, "Jo Park") is None


def test_open_actions_are_reviewed_next_time(home: Home) -> None:
    start_session(home, options(), ScriptedAsker(list(FULL)))
    later = lambda: NOW + timedelta(days=14)  # noqa: E731
    rep = find_rep(home, "Alex Kim")
    assert rep is not None
    (note,) = notes_in(rep_dir(home, rep))
    ids = [a.id for a in from_markdown(note.read_text(encoding="utf-8")).actions]
    script = [
        (f"review:{ids[0]}", "done"),
        (f"review:{ids[1]}", "not done: waiting on legal"),
        *FULL,
    ]
    asker = ScriptedAsker(script)
    outcome = start_session(home, options(now=later), asker)
    asker.done()
    brief = asker.briefs[0]
    assert [a.text for a in brief.open_actions] == [
        "Book a call with the CFO",
        "Share the pricing deck",
    ]
    assert "overdue" in asker.prompts[0].context
    assert outcome.session is not None
    assert [(r.outcome, r.comment) for r in outcome.session.reviews] == [
        ("done", ""),
        ("not-done", "waiting on legal"),
    ]
    assert outcome.note is not None
    assert outcome.note.name == "2026-12-11-weekly-pipeline.md"


def test_two_sessions_the_same_day_get_a_suffix(home: Home) -> None:
    start_session(home, options(), ScriptedAsker(list(FULL)))
    second = start_session(home, options(brief=False), ScriptedAsker(with_reviews(home, FULL)))
    assert second.note is not None
    assert second.note.name == "2026-11-27-weekly-pipeline-2.md"


def test_bank_rotation_prefers_questions_not_asked_recently() -> None:
    framework = load_file(FIXTURE)
    history: list[list[str]] = []
    picked_skills = []
    for _ in range(4):
        plan = plan_questions(framework, history)
        picked_skills.append(plan["skills"])
        history.insert(0, [q for qs in plan.values() for q in qs])
    assert picked_skills[0] == ["confidence", "best-call"]
    assert picked_skills[1] == ["asked-for-help", "skills-to-work-on"]
    assert picked_skills[2] == ["confidence", "best-call"]
    assert plan_questions(framework, [])["numbers"] == [
        "calls-made",
        "forecast-call",
        "slipped-deals",
    ]


def test_engine_saves_the_draft_after_every_reply(home: Home, tmp_path: Path) -> None:
    framework = load_file(FIXTURE)
    saved: list[dict[str, Any]] = []
    draft = Draft(
        rep="A", rep_slug="a", framework=framework.id, framework_version=framework.version,
        framework_ref=framework.id, started=NOW, today=NOW.date(),
        plan=plan_questions(framework, []),
    )  # fmt: skip
    engine = Engine(framework, draft, save=lambda d: saved.append(dict(d.answers)))
    asker = ScriptedAsker(
        [
            ("q:calls-made", "1"),
            ("q:forecast-call", "/back"),
            ("q:calls-made", "2"),
            ("q:forecast-call", "/pause"),
        ]
    )
    assert engine.run(asker) == "paused"
    assert saved == [
        {"q:calls-made": 1},
        {"q:calls-made": 1},
        {"q:calls-made": 2},
        {"q:calls-made": 2},
    ]


def test_scripted_asker_fails_on_an_unexpected_prompt(home: Home) -> None:
    with pytest.raises(UnexpectedPrompt, match="expected prompt 'q:nope'"):
        start_session(home, options(), ScriptedAsker([("q:nope", "x")]))


def test_rep_folder_stays_inside_home_for_hostile_names(home: Home) -> None:
    for name in ["../x", "/etc/x", "a/b", "..", "-rf", "CON"]:
        asker = ScriptedAsker(list(FULL))
        outcome = start_session(home, options(name), asker)
        assert outcome.note is not None
        assert outcome.note.resolve().is_relative_to(home.reps_dir.resolve())
        assert rep_dir(home, outcome.rep).parent == home.reps_dir


def test_metric_and_rating_changes_are_shown(home: Home) -> None:
    start_session(home, options(), ScriptedAsker(list(FULL)))
    later = lambda: NOW + timedelta(days=7)  # noqa: E731
    script = with_reviews(home, FULL)
    script = [("metric:meetings", "9") if k == "metric:meetings" else (k, v) for k, v in script]
    asker = ScriptedAsker(script)
    start_session(home, options(now=later, brief=False), asker)
    asker.done()
    assert "9 meetings: +3 since last time, on target (8)" in asker.notices
    assert "3: no change since last time" in asker.notices
    metric_prompt = next(p for p in asker.prompts if p.key == "metric:meetings")
    assert "target 8 meetings" in metric_prompt.context
    assert (metric_prompt.default, metric_prompt.default_note) == (6, "last time")
    rating_prompt = next(p for p in asker.prompts if p.key == "rating:discovery")
    assert (rating_prompt.default, rating_prompt.default_note) == (3, "last time")


def test_a_full_disk_keeps_the_draft(home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    def full_disk(folder: Path, names: object, data: str | bytes) -> Path:
        raise fsys.write_error(OSError(errno.ENOSPC, "No space left on device"), folder)

    monkeypatch.setattr(note_writer, "create_new", full_disk)
    with pytest.raises(CoachError, match="The disk is full"):
        start_session(home, options(), ScriptedAsker(list(FULL)))
    folder = home.reps_dir / "alex-kim"
    draft = Draft.model_validate_json(drafts.draft_path(folder).read_text())
    assert draft.answers["summary"] == "Good week; next, reach the economic buyer."
    assert notes_in(folder) == []


def test_a_half_typed_answer_survives_ctrl_c(home: Home) -> None:
    stop = KeyboardInterrupt()
    stop.partial = "The Initech call.\nThey opened up"  # type: ignore[attr-defined]
    asker = ScriptedAsker([*FULL[:4], ("q:best-call", stop), ("confirm:Keep your answers", True)])
    with pytest.raises(SessionInterrupted):
        start_session(home, options(), asker)
    folder = home.reps_dir / "alex-kim"
    draft = Draft.model_validate_json(drafts.draft_path(folder).read_text())
    assert draft.answers["q:best-call"] == "The Initech call.\nThey opened up"
    resumed = ScriptedAsker([("confirm:Resume it?", True), ("q:best-call", ""), *FULL[5:]])
    outcome = start_session(home, options(), resumed)
    assert resumed.prompts[0].current == "The Initech call.\nThey opened up"
    assert outcome.session is not None
    values = {a.id: a.value for s in outcome.session.sections for a in s.answers}
    assert values["best-call"] == "The Initech call.\nThey opened up"


def test_typing_on_after_a_resume_adds_to_what_was_cut_short(home: Home) -> None:
    stop = KeyboardInterrupt()
    stop.partial = ["Acme renewal"]  # type: ignore[attr-defined]
    asker = ScriptedAsker(
        [*FULL[:2], ("q:slipped-deals", stop), ("confirm:Keep your answers", True)]
    )
    with pytest.raises(SessionInterrupted):
        start_session(home, options(), asker)
    resumed = ScriptedAsker(
        [("confirm:Resume it?", True), ("q:slipped-deals", ["Globex pilot"]), *FULL[3:]]
    )
    outcome = start_session(home, options(), resumed)
    assert "added to it" in resumed.prompts[0].context
    assert outcome.session is not None
    values = {a.id: a.value for s in outcome.session.sections for a in s.answers}
    assert values["slipped-deals"] == ["Acme renewal", "Globex pilot"]  # nothing lost


@pytest.mark.parametrize("typed", ["Alex Kimm", "Alex Kim!", "ALEX  kim"])
def test_a_near_miss_rep_name_asks_whether_it_meant_the_rep(home: Home, typed: str) -> None:
    add_rep(home, "Alex Kim")
    if typed == "ALEX  kim":  # the same name as people write it: no question
        outcome = start_session(home, options(rep=typed, yes=False), ScriptedAsker(list(FULL)))
        assert outcome.rep.slug == "alex-kim"
        return
    asker = ScriptedAsker([("confirm:Did you mean Alex Kim?", True), *FULL])
    outcome = start_session(home, options(rep=typed, yes=False), asker)
    asker.done()
    assert outcome.rep.slug == "alex-kim"
    assert [p.name for p in home.reps_dir.iterdir()] == ["alex-kim"]


def test_saying_no_to_the_near_miss_adds_a_new_rep(home: Home) -> None:
    add_rep(home, "Alex Kim")
    asker = ScriptedAsker(
        [("confirm:Did you mean Alex Kim?", False), ("confirm:Add them?", True),
         ("rep:role", ""), ("rep:start", ""), ("rep:cadence", ""), *FULL]
    )  # fmt: skip
    outcome = start_session(home, options(rep="Alex Kimm", yes=False), asker)
    assert outcome.rep.slug == "alex-kimm"


@pytest.mark.parametrize("typed", ["2.6", "2,5", ".5", 2.5])
def test_a_scale_takes_whole_levels_only(typed: object) -> None:
    from coachcli.prompts import PromptSpec
    from coachcli.values import parse_value

    scale = PromptSpec(text="How confident?", type="scale", labels=("a", "b", "c", "d", "e"))
    with pytest.raises(ValueError, match="whole number from 1 to 5"):
        parse_value(scale, typed)
    assert parse_value(scale, "3 — c") == 3


# --------------------------------------------------------------------------- fewer keystrokes


def test_enter_keeps_last_times_rating_and_metric(home: Home) -> None:
    start_session(home, options(), ScriptedAsker(list(FULL)))
    later = lambda: NOW + timedelta(days=7)  # noqa: E731
    script = [(k, "" if k in ("rating:discovery", "metric:meetings") else v)
              for k, v in with_reviews(home, FULL)]  # fmt: skip
    asker = ScriptedAsker(script)
    outcome = start_session(home, options(now=later, brief=False), asker)
    asker.done()
    assert outcome.session is not None
    assert outcome.session.ratings == {"discovery": 3}
    assert outcome.session.metrics == {"meetings": 6}
    assert "6 meetings: no change since last time, off target (8)" in asker.notices


def test_a_first_rating_offers_no_default(home: Home) -> None:
    asker = ScriptedAsker(list(FULL))
    start_session(home, options(), asker)
    rating = next(p for p in asker.prompts if p.key == "rating:discovery")
    metric = next(p for p in asker.prompts if p.key == "metric:meetings")
    assert (rating.default, rating.default_note, rating.context) == (None, "", "first rating")
    assert (metric.default, metric.default_note) == (None, "")


def test_last_times_rating_outside_the_scale_is_not_offered(home: Home) -> None:
    start_session(home, options(), ScriptedAsker(list(FULL)))
    folder = home.reps_dir / "alex-kim"
    (note,) = notes_in(folder)
    note.write_text(note.read_text().replace("discovery: 3", "discovery: 5"))
    asker = ScriptedAsker(with_reviews(home, FULL))
    start_session(home, options(now=lambda: NOW + timedelta(days=7), brief=False), asker)
    rating = next(p for p in asker.prompts if p.key == "rating:discovery")
    assert (rating.default, rating.context) == (None, "last time: 5")


def _values(outcome: Any) -> dict[str, Any]:
    return {a.id: a.value for s in outcome.session.sections for a in s.answers}


def test_next_finishes_each_block_but_asks_what_is_required(home: Home) -> None:
    asker = ScriptedAsker([
        ("q:calls-made", "/next"),  # required: still asked, then the rest of Numbers is not
        ("q:calls-made", "42"),
        ("q:confidence", "/next"),
        ("q:one-thing", "Ask for the economic buyer earlier"),
        ("fb:1:template", "/next"),
        ("rating:discovery", "/next"),
        ("metric:meetings", "/next"),
        ("act:1:text", "Book a call with the CFO"),
        ("act:1:owner", "/next"),  # the item is finished: owner and due are required
        ("act:1:owner", ""),
        ("act:1:due", "fri"),  # and no "Another action item?"
        ("summary", "/next"),
        ("minutes", ""),  # how long it was: required, so asked
    ])  # fmt: skip
    outcome = start_session(home, options(), asker)
    asker.done()
    assert outcome.session is not None
    assert _values(outcome) == {  # what /next passed over is not in the note
        "calls-made": 42, "one-thing": "Ask for the economic buyer earlier",
    }  # fmt: skip
    assert outcome.note is not None and "_(skipped)_" not in outcome.note.read_text()
    session = outcome.session
    assert (session.ratings, session.metrics, session.feedback, session.summary) == ({}, {}, [], "")
    assert [(a.text, a.owner) for a in session.actions] == [("Book a call with the CFO", "rep")]
    assert asker.notices[:2] == [
        "Skipping the rest of Numbers. Still to answer (required): "
        "“How many calls did you make this week?”",
        "Skipping the rest of Skills.",
    ]
    assert "Skipping the rest of the ratings." in asker.notices
    assert "Skipping the rest of the metrics." in asker.notices
    assert any(n.startswith("Skipping the rest of the action items. Still to answer (required): "
                            "“Who owns it?”; “Due when?”") for n in asker.notices)  # fmt: skip


def test_next_in_the_middle_of_feedback_finishes_that_statement(home: Home) -> None:
    fb = [
        ("fb:1:template", "sbi"),
        ("fb:1:situation", "the Initech call"),
        ("fb:1:behaviour", "/next"),
        ("fb:1:behaviour", "paused after asking about budget"),
        ("fb:1:ok", ""),  # the impact is optional in SBI: /next passes over it
    ]
    script = [*FULL[:6], *fb, *FULL[12:]]
    asker = ScriptedAsker(script)
    outcome = start_session(home, options(), asker)
    asker.done()
    assert outcome.session is not None
    assert [f.slots["behaviour"] for f in outcome.session.feedback] == [
        "paused after asking about budget"
    ]
    assert (
        "Still to answer (required): “What did they do?”; "
        "“Keep this feedback? (no = write it again)”" in asker.notices[0]
    )


def test_next_at_the_review_leaves_every_commitment_open(home: Home) -> None:
    start_session(home, options(), ScriptedAsker(list(FULL)))
    first, _ = with_reviews(home, [])
    asker = ScriptedAsker([(first[0], "/next"), *FULL])
    outcome = start_session(home, options(now=lambda: NOW + timedelta(days=7)), asker)
    asker.done()
    assert outcome.session is not None and outcome.session.reviews == []
    assert asker.notices[0] == "Skipping the rest of the commitments (they stay open)."


def test_back_after_next_asks_the_question_passed_over(home: Home) -> None:
    asker = ScriptedAsker([
        *FULL[:1],
        ("q:forecast-call", "/next"),
        ("q:confidence", "/back"),
        ("q:slipped-deals", ["Acme renewal"]),
        *FULL[3:],
    ])  # fmt: skip
    outcome = start_session(home, options(), asker)
    asker.done()
    assert _values(outcome)["slipped-deals"] == ["Acme renewal"]
    assert "forecast-call" not in _values(outcome)  # passed over by /next: not in the note


def test_next_survives_a_pause(home: Home) -> None:
    asker = ScriptedAsker([("q:calls-made", "/next"), ("q:calls-made", "/pause")])
    assert start_session(home, options(), asker).status == "paused"
    resumed = ScriptedAsker([("confirm:Resume it?", True), ("q:calls-made", "42"), *FULL[3:]])
    outcome = start_session(home, options(), resumed)
    resumed.done()
    assert "forecast-call" not in _values(outcome)  # passed over by /next: not in the note


def test_quick_asks_required_questions_the_review_and_the_actions(home: Home) -> None:
    start_session(home, options(), ScriptedAsker(list(FULL)))
    reviews = with_reviews(home, [])
    asker = ScriptedAsker([
        (reviews[0][0], "done"), reviews[1],
        ("q:calls-made", "40"),
        ("q:one-thing", "Ask for the budget earlier"),
        ("act:1:text", "Send the recap"), ("act:1:owner", ""), ("act:1:due", "+7d"),
        ("act:2:text", ""),
        ("minutes", ""),  # how long it was: asked in a quick 1:1 too
    ])  # fmt: skip
    later = lambda: NOW + timedelta(days=7)  # noqa: E731
    outcome = start_session(home, options(now=later, quick=True, plan=None), asker)
    asker.done()
    assert outcome.session is not None and outcome.note is not None
    read = from_markdown(outcome.note.read_text(), str(outcome.note))
    assert {a.id: a.value for s in read.sections for a in s.answers} == {
        "calls-made": 40,
        "one-thing": "Ask for the budget earlier",
    }
    assert (read.ratings, read.metrics, read.feedback, read.summary) == ({}, {}, [], "")
    assert [r.outcome for r in read.reviews] == ["done"]
    assert [a.text for a in read.actions] == ["Send the recap"]
    assert asker.notices[0] == "A quick 1:1: the required questions, then the action items."
    assert asker.sections[-1].title == "Next steps"


def test_quick_is_kept_by_the_draft(home: Home) -> None:
    asker = ScriptedAsker([("q:calls-made", "/pause")])
    start_session(home, options(quick=True), asker)
    resumed = ScriptedAsker([("confirm:Resume it?", True), ("q:calls-made", "40"),
                             ("q:one-thing", "x"), ("act:1:text", ""),
                             ("minutes", "")])  # fmt: skip
    outcome = start_session(home, options(), resumed)
    resumed.done()
    assert outcome.status == "finished"
    again = ScriptedAsker([("q:calls-made", "/pause")])
    start_session(home, options(), again)
    noticed = ScriptedAsker([("confirm:Resume it?", True), ("q:calls-made", "/pause")])
    start_session(home, options(quick=True), noticed)
    assert noticed.notices == ["Resuming the draft as it was started; --quick is ignored."]


# --------------------------------------------------------------------------- rep names in part


@pytest.mark.parametrize("typed", ["alex", "Kim", "alex kim-l", "lee", "Alex Kim-Leee"])
def test_a_prefix_or_a_close_name_offers_the_rep(home: Home, typed: str) -> None:
    add_rep(home, "Alex Kim-Lee")
    add_rep(home, "Bo Diaz")
    asker = ScriptedAsker([("confirm:No rep named", True), *FULL])
    outcome = start_session(home, options(rep=typed, yes=False), asker)
    asker.done()
    assert outcome.rep.name == "Alex Kim-Lee"
    assert asker.script == [] and sorted(p.name for p in home.reps_dir.iterdir()) == [
        "alex-kim-lee", "bo-diaz"
    ]  # fmt: skip


def test_the_confirm_names_the_rep_it_offers(home: Home) -> None:
    add_rep(home, "Alex Kim-Lee")
    asker = ScriptedAsker([("confirm:No rep named alex. Did you mean Alex Kim-Lee?", True), *FULL])
    start_session(home, options(rep="alex", yes=False), asker)
    asker.done()


def test_an_ambiguous_prefix_asks_which_rep_or_someone_new(home: Home) -> None:
    add_rep(home, "Alex Kim")
    add_rep(home, "Alan Wu")
    asker = ScriptedAsker([("rep:which", "2"), *FULL])
    outcome = start_session(home, options(rep="Al", yes=False), asker)
    asker.done()
    which = asker.prompts[0]
    assert which.text == "No rep named Al. Who did you mean?"
    assert which.options == ("Alan Wu", "Alex Kim", "Someone new: add Al")
    assert outcome.rep.name == "Alex Kim"

    script = [("rep:which", "someone"), ("confirm:Add them?", True), ("rep:role", ""),
              ("rep:start", ""), ("rep:cadence", ""), *FULL]  # fmt: skip
    asker = ScriptedAsker(script)
    outcome = start_session(home, options(rep="Al", yes=False), asker)
    asker.done()
    assert outcome.rep.name == "Al"


def test_an_ambiguous_prefix_needs_an_answer(home: Home) -> None:
    add_rep(home, "Alex Kim")
    add_rep(home, "Alan Wu")
    asker = ScriptedAsker([("rep:which", ""), ("rep:which", "alex kim"), *FULL])
    outcome = start_session(home, options(rep="al", yes=False), asker)
    asker.done()
    assert asker.prompts[1].error == "This one is required."
    assert outcome.rep.name == "Alex Kim"


def test_a_name_matching_nobody_offers_to_add_them(home: Home) -> None:
    add_rep(home, "Alex Kim")
    asker = ScriptedAsker([("confirm:Jo Park is not one of your reps yet. Add them?", False)])
    with pytest.raises(CoachError, match="nothing was started"):
        start_session(home, options(rep="Jo Park", yes=False), asker)
