"""Analytics on hand-built corpora whose right answers are known.

Nothing here touches a file: every Corpus is built from records, so each
expected number can be checked by reading the test.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from coachcli import analytics as an
from coachcli.analytics import MetricTarget
from coachcli.errors import CoachError
from coachcli.framework import Framework
from coachcli.records import ActionChange, ActionRow, ChangeStatus, Corpus, NoteRow, ReviewRow
from coachcli.reps import Rep

TZ = timezone(timedelta(hours=1))
ALEX = "alex-kim"
JO = "jo-park"
HOME = Path("/coach/reps")


def d(month_day: str) -> date:
    """``d("11-02")`` is 2 November 2026."""
    return date.fromisoformat(f"2026-{month_day}")


def note(
    day: str,
    *,
    rep: str = ALEX,
    framework: str = "grow",
    kind: str = "coaching",
    coaching: float | None = None,
    performance: float | None = None,
    ratings: dict[str, int] | None = None,
    metrics: dict[str, float] | None = None,
    hour: int = 10,
    questions: tuple[str, ...] = (),
) -> NoteRow:
    """A 30-minute note; its minutes follow its kind unless given."""
    if coaching is None:
        coaching = 30.0 if kind == "coaching" else 15.0 if kind == "mixed" else 0.0
    if performance is None:
        performance = 30.0 if kind == "performance" else 15.0 if kind == "mixed" else 0.0
    when = datetime.combine(d(day), datetime.min.time(), TZ).replace(hour=hour)
    suffix = "" if hour == 10 else f"-{hour}"
    return NoteRow(
        path=HOME / rep / f"2026-{day}-{framework}{suffix}.md",
        rep_slug=rep,
        rep=rep.replace("-", " ").title(),
        started=when,
        framework=framework,
        framework_name=framework.title(),
        kind=kind,
        duration_minutes=30,
        coaching_minutes=coaching,
        performance_minutes=performance,
        summary=f"summary {day}",
        ratings=ratings or {},
        metrics=metrics or {},
        questions_asked=questions,
    )


def action(
    id: str,
    agreed_in: NoteRow,
    due: str,
    *,
    text: str = "",
    status: ChangeStatus = "open",
    owner: str = "rep",
) -> ActionRow:
    return ActionRow(
        id=id,
        rep_slug=agreed_in.rep_slug,
        text=text or f"do {id}",
        owner=owner,
        due=d(due),
        created=agreed_in.date,
        note=agreed_in.path,
        status=status,
    )


def review(id: str, reviewed_in: NoteRow, outcome: str, comment: str = "") -> ReviewRow:
    assert outcome in ("done", "not-done", "dropped")
    return ReviewRow(
        action_id=id,
        rep_slug=reviewed_in.rep_slug,
        date=reviewed_in.date,
        outcome=outcome,  # type: ignore[arg-type]
        comment=comment,
        note=reviewed_in.path,
    )


def change(
    id: str, day: str, status: ChangeStatus, comment: str = "", rep: str = ALEX
) -> ActionChange:
    return ActionChange(action_id=id, rep_slug=rep, status=status, date=d(day), comment=comment)


def corpus(
    notes: list[NoteRow],
    actions: list[ActionRow] | None = None,
    reviews: list[ReviewRow] | None = None,
    changes: list[ActionChange] | None = None,
) -> Corpus:
    return Corpus(
        notes=sorted(notes, key=lambda n: n.started, reverse=True),
        actions=actions or [],
        reviews=reviews or [],
        changes=changes or [],
    )


def rep(slug: str, *, cadence: int | None = None, archived: bool = False) -> Rep:
    return Rep(
        name=slug.replace("-", " ").title(),
        slug=slug,
        created=d("01-05"),
        cadence_days=cadence,
        archived=archived,
    )


def state(c: Corpus, id: str, today: str) -> an.ActionState:
    (found,) = [s for s in an.action_states(c, d(today)) if s.id == id]
    return found


# --------------------------------------------------------------------------- action status


N1 = note("11-02")
N2 = note("11-09")
N3 = note("11-16")


def test_an_agreed_action_is_open_and_overdue_only_after_its_due_date() -> None:
    c = corpus([N1], [action("aaa1111", N1, "11-09")])
    on_due_day = state(c, "aaa1111", "11-09")
    assert (on_due_day.status, on_due_day.overdue, on_due_day.days_overdue) == ("open", False, 0)
    day_after = state(c, "aaa1111", "11-12")
    assert (day_after.status, day_after.overdue, day_after.days_overdue) == ("open", True, 3)
    assert day_after.closed_on is None
    assert day_after.missed == 0
    assert [(e.source, e.outcome, e.date) for e in day_after.history] == [
        ("agreed", "open", d("11-02"))
    ]


def test_a_review_closes_an_action_or_counts_a_miss() -> None:
    c = corpus(
        [N1, N2, N3],
        [action("aaa1111", N1, "11-06"), action("bbb2222", N1, "11-06")],
        [
            review("aaa1111", N2, "done", "sent it"),
            review("bbb2222", N2, "not-done", "waiting on legal"),
            review("bbb2222", N3, "dropped", "deal lost"),
        ],
    )
    done = state(c, "aaa1111", "11-20")
    assert (done.status, done.closed_on, done.comment, done.overdue) == (
        "done",
        d("11-09"),
        "sent it",
        False,
    )
    dropped = state(c, "bbb2222", "11-20")
    assert (dropped.status, dropped.closed_on, dropped.missed) == ("dropped", d("11-16"), 1)
    assert [e.outcome for e in dropped.history] == ["open", "not-done", "dropped"]
    assert dropped.comment == "deal lost"


def test_not_done_keeps_an_action_open_and_counts_every_miss() -> None:
    c = corpus(
        [N1, N2, N3],
        [action("aaa1111", N1, "11-06")],
        [review("aaa1111", N2, "not-done", "busy"), review("aaa1111", N3, "not-done")],
    )
    s = state(c, "aaa1111", "11-16")
    assert (s.status, s.missed, s.overdue, s.days_overdue) == ("open", 2, True, 10)
    assert s.comment == ""  # the latest event had none


@pytest.mark.parametrize(
    ("review_outcome", "change_status", "expected"),
    [
        ("done", "open", "open"),  # reopened by hand the day of the review
        ("not-done", "done", "done"),  # done by hand the day the review said not done
        ("done", "dropped", "dropped"),
    ],
)
def test_on_the_same_day_a_change_wins_over_a_review(
    review_outcome: str, change_status: ChangeStatus, expected: str
) -> None:
    # the change comes first in the lists: the order of events, not of input, decides
    c = corpus(
        [N1, N2],
        [action("aaa1111", N1, "11-30")],
        [review("aaa1111", N2, review_outcome)],
        [change("aaa1111", "11-09", change_status)],
    )
    s = state(c, "aaa1111", "11-10")
    assert s.status == expected
    assert [e.source for e in s.history] == ["agreed", "review", "change"]


def test_a_later_review_wins_over_an_earlier_change() -> None:
    c = corpus(
        [N1, N2, N3],
        [action("aaa1111", N1, "11-30")],
        [review("aaa1111", N3, "not-done")],
        [change("aaa1111", "11-10", "done")],
    )
    s = state(c, "aaa1111", "11-17")
    assert s.status == "open"
    assert [e.source for e in s.history] == ["agreed", "change", "review"]


def test_reopen_then_drop_by_hand() -> None:
    c = corpus(
        [N1, N2],
        [action("aaa1111", N1, "11-06")],
        [review("aaa1111", N2, "done")],
        [change("aaa1111", "11-12", "open", "not really")],
    )
    reopened = state(c, "aaa1111", "11-13")
    assert (reopened.status, reopened.closed_on, reopened.overdue) == ("open", None, True)
    assert reopened.comment == "not really"
    c.changes.append(change("aaa1111", "11-12", "dropped", "never mind"))
    dropped = state(c, "aaa1111", "11-13")  # same date: the file's order decides
    assert (dropped.status, dropped.closed_on, dropped.comment) == (
        "dropped",
        d("11-12"),
        "never mind",
    )


def test_two_reviews_the_same_day_count_in_session_order() -> None:
    morning, afternoon = note("11-09", hour=9), note("11-09", hour=15)
    c = corpus(
        [N1, morning, afternoon],
        [action("aaa1111", N1, "11-30")],
        # listed afternoon first: the sessions' times decide
        [review("aaa1111", afternoon, "done"), review("aaa1111", morning, "not-done")],
    )
    assert state(c, "aaa1111", "11-10").status == "done"


def test_a_status_written_in_the_note_is_the_starting_status() -> None:
    c = corpus([N1], [action("aaa1111", N1, "11-06", status="done")])
    s = state(c, "aaa1111", "11-10")
    assert (s.status, s.closed_on, s.overdue) == ("done", d("11-02"), False)


def test_reviews_and_changes_of_unknown_actions_or_other_reps_are_ignored() -> None:
    j1 = note("11-02", rep=JO)
    c = corpus(
        [N1, N2, j1],
        [action("aaa1111", N1, "11-30"), action("aaa1111", j1, "11-30")],
        [review("zzz9999", N2, "done")],
        [change("aaa1111", "11-05", "done", rep=JO), change("nope123", "11-05", "done")],
    )
    states = an.action_states(c, d("11-10"))
    assert [(s.rep_slug, s.status) for s in states] == [(ALEX, "open"), (JO, "done")]


def test_an_action_agreed_twice_for_one_rep_counts_once_as_first_agreed() -> None:
    copied = note("11-09", hour=11)  # a note copied by hand keeps the action's id
    c = corpus([N1, copied], [action("aaa1111", copied, "11-30"), action("aaa1111", N1, "11-20")])
    (only,) = an.action_states(c, d("11-10"))
    assert (only.created, only.due, only.note) == (d("11-02"), d("11-20"), N1.path)


def test_open_actions_are_sorted_by_due_date_then_id() -> None:
    c = corpus(
        [N1, N2],
        [
            action("ccc3333", N1, "11-20"),
            action("bbb2222", N1, "11-20"),
            action("aaa1111", N1, "11-25"),
            action("ddd4444", N1, "11-01"),
        ],
        [review("ddd4444", N2, "done")],
    )
    assert [s.id for s in an.open_actions(c, d("11-10"))] == ["bbb2222", "ccc3333", "aaa1111"]


# --------------------------------------------------------------------------- finding an action


ID_CORPUS = corpus(
    [N1, note("11-02", rep=JO)],
    [
        action("k3f9qz7", N1, "11-09"),
        action("k3fa222", N1, "11-09"),
        action("m8r2x4p", N1, "11-09"),
        action("p7w2n5c", note("11-02", rep=JO), "11-09"),
        action("m8r2x4p", note("11-02", rep=JO), "11-09"),
    ],
)


def test_find_action_takes_a_full_id_or_a_unique_prefix() -> None:
    assert an.find_action(ID_CORPUS, "k3f9qz7", d("11-10")).id == "k3f9qz7"
    assert an.find_action(ID_CORPUS, " K3F9 ", d("11-10")).id == "k3f9qz7"
    found = an.find_action(ID_CORPUS, "p7w", d("11-10"))
    assert (found.id, found.rep_slug, found.overdue) == ("p7w2n5c", JO, True)


def test_an_ambiguous_prefix_lists_the_candidates() -> None:
    with pytest.raises(CoachError) as err:
        an.find_action(ID_CORPUS, "k3f", d("11-10"))
    assert "'k3f' matches 2 action items" in err.value.message
    assert "k3f9qz7" in err.value.message and "k3fa222" in err.value.message
    assert err.value.hint is not None and "more of the id" in err.value.hint


def test_the_same_full_id_in_two_reps_is_ambiguous() -> None:
    with pytest.raises(CoachError) as err:
        an.find_action(ID_CORPUS, "m8r2x4p", d("11-10"))
    assert f"m8r2x4p  {ALEX}" in err.value.message and f"m8r2x4p  {JO}" in err.value.message


def test_a_too_short_prefix_is_refused_even_when_unique() -> None:
    with pytest.raises(CoachError, match="too short"):
        an.find_action(ID_CORPUS, "p7", d("11-10"))
    with pytest.raises(CoachError, match="Give its id"):
        an.find_action(ID_CORPUS, "  ", d("11-10"))


def test_an_unknown_id_suggests_the_nearest() -> None:
    with pytest.raises(CoachError) as err:
        an.find_action(ID_CORPUS, "k3f9qz8", d("11-10"))
    assert "Did you mean 'k3f9qz7'?" in err.value.message
    assert err.value.hint is not None and "coach actions" in err.value.hint


# --------------------------------------------------------------------------- commitments kept


def _commitment_corpus() -> Corpus:
    """One action per case; due 11-06 unless said otherwise; today is 11-16."""
    return corpus(
        [N1, N2, N3],
        [
            action("kept001", N1, "11-06"),  # done at the next review: kept
            action("kept002", N1, "11-06"),  # done by hand after its due date: kept
            action("miss001", N1, "11-06"),  # not done, then done: missed
            action("miss002", N1, "11-06"),  # still open after its due date: missed
            action("miss003", N1, "11-06"),  # dropped after its due date: missed
            action("open001", N1, "11-20"),  # open, not yet due: still open
            action("open002", N1, "11-16"),  # open, due today: still open
            action("open003", N1, "11-20"),  # "not done" before its due date: still open
            action("miss004", N1, "11-09"),  # "not done" on its due date: missed
            action("none003", N1, "11-09"),  # dropped on its due date: not counted
            action("none004", N1, "11-30"),  # dropped before its due date: not counted
        ],
        [
            review("kept001", N2, "done"),
            review("miss001", N2, "not-done"),
            review("miss001", N3, "done"),
            review("miss003", N3, "dropped"),
            review("open003", N2, "not-done", "halfway"),
            review("miss004", N2, "not-done"),
            review("none003", N2, "dropped"),
            review("none004", N2, "dropped"),
        ],
        [change("kept002", "11-12", "done")],
    )


def test_commitments_kept_counts_each_action_once() -> None:
    c = _commitment_corpus()
    verdicts = {s.id: an.commitment(s) for s in an.action_states(c, d("11-16"))}
    assert verdicts == {
        "kept001": "kept",
        "kept002": "kept",
        "miss001": "missed",
        "miss002": "missed",
        "miss003": "missed",
        "miss004": "missed",
        "open001": "open",
        "open002": "open",
        "open003": "open",
        "none003": None,
        "none004": None,
    }
    result = an.commitments_kept(c, d("11-16"))
    assert (result.kept, result.missed, result.open) == (2, 4, 3)
    assert result.ratio == pytest.approx(2 / 6)
    assert result.summary() == "2 kept, 4 missed, 3 still open"
    assert result.count_text() == "9 commitments: 2 kept, 4 missed, 3 still open"
    assert an.Commitments(1, 0, 0).count_text() == "1 commitment: 1 kept, 0 missed, 0 still open"
    states = {s.id: s for s in an.action_states(c, d("11-16"))}
    assert (states["open003"].missed, states["miss004"].missed) == (0, 1)


def test_commitments_kept_is_none_when_nothing_counts_and_filters_by_agreement_date() -> None:
    c = _commitment_corpus()
    c.actions.append(action("late001", N2, "11-10"))  # agreed 11-09, open and overdue
    assert an.commitments_kept(c, d("11-16"), since=d("11-09")).ratio == 0.0
    assert an.commitments_kept(c, d("11-16"), until=d("11-08")).missed == 4
    assert an.commitments_kept(c, d("11-16"), since=d("11-10")).ratio is None
    assert an.commitments_kept(corpus([]), d("11-16")) == an.Commitments(0, 0)


# --------------------------------------------------------------------------- history


def _history_corpus() -> Corpus:
    h1 = note("10-01", kind="performance", framework="pipeline-review",
              metrics={"calls": 40, "win-rate": 10})  # fmt: skip
    h2 = note("10-15", ratings={"discovery": 2}, metrics={"talk-time": 60})
    h3 = note("11-01", kind="mixed", framework="call-debrief", ratings={"discovery": 3})
    h4 = note("11-15", ratings={"discovery": 4, "closing": 2}, metrics={"talk-time": 40})
    h5 = note("12-01", kind="performance", framework="pipeline-review",
              metrics={"calls": 55, "win-rate": 20})  # fmt: skip
    return corpus(
        [h1, h2, h3, h4, h5],
        [
            action("a1aaaaa", h1, "10-08"),
            action("a2aaaaa", h2, "10-22"),
            action("a3aaaaa", h4, "11-22"),
        ],
        [review("a1aaaaa", h2, "done"), review("a2aaaaa", h3, "not-done")],
    )


def dates(h: an.History) -> list[str]:
    return [s.date.isoformat()[5:] for s in h.sessions]


def test_history_lists_sessions_oldest_first_with_their_actions() -> None:
    h = an.history(_history_corpus(), d("12-02"))
    assert dates(h) == ["10-01", "10-15", "11-01", "11-15", "12-01"]
    second = h.sessions[1]
    assert (second.actions_created, second.actions_closed) == (("a2aaaaa",), ("a1aaaaa",))
    assert h.sessions[2].actions_not_done == ("a2aaaaa",)
    assert h.sessions[2].kind == "mixed"
    assert (h.coaching_minutes, h.performance_minutes) == (75.0, 75.0)
    assert h.coaching_share == 0.5
    # a1 kept; a2 reported not done; a3 open and overdue on 12-02
    assert (h.commitments.kept, h.commitments.missed) == (1, 2)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"since": d("10-15")}, ["10-15", "11-01", "11-15", "12-01"]),
        ({"until": d("11-01")}, ["10-01", "10-15", "11-01"]),
        ({"since": d("10-02"), "until": d("11-14")}, ["10-15", "11-01"]),
        ({"framework": "pipeline-review"}, ["10-01", "12-01"]),
        ({"kind": "coaching"}, ["10-15", "11-15"]),
        ({"kind": "mixed"}, ["11-01"]),
        ({"last": 2}, ["11-15", "12-01"]),
        ({"kind": "coaching", "last": 1}, ["11-15"]),
        ({"last": 10}, ["10-01", "10-15", "11-01", "11-15", "12-01"]),
        ({"framework": "nope"}, []),
    ],
)
def test_history_filters(filters: dict[str, object], expected: list[str]) -> None:
    assert dates(an.history(_history_corpus(), d("12-02"), **filters)) == expected  # type: ignore[arg-type]


def test_history_trends_and_commitments_follow_the_filters() -> None:
    targets = {
        "talk-time": MetricTarget(45, "leading", "lower"),
        "win-rate": MetricTarget(25, "lagging", "higher"),
    }
    h = an.history(_history_corpus(), d("12-02"), targets=targets)
    by_id = {t.id: t for t in h.metrics}
    assert list(by_id) == ["calls", "win-rate", "talk-time"]  # the newest note's order first
    talk = by_id["talk-time"]
    assert talk.points == (an.Point(d("10-15"), 60.0), an.Point(d("11-15"), 40.0))
    assert (talk.first, talk.last, talk.change, talk.target, talk.better) == (
        60.0,
        40.0,
        -20.0,
        45,
        "lower",
    )
    assert talk.on_target is True
    assert by_id["win-rate"].on_target is False
    assert by_id["calls"].target is None and by_id["calls"].on_target is None
    discovery = next(t for t in h.ratings if t.id == "discovery")
    assert discovery.values == [2.0, 3.0, 4.0]
    assert discovery.target is None
    coaching_only = an.history(_history_corpus(), d("12-02"), kind="coaching", targets=targets)
    assert [t.id for t in coaching_only.metrics] == ["talk-time"]
    # only a2 (agreed 10-15, reported not done) and a3 (overdue) were agreed in these sessions
    assert (coaching_only.commitments.kept, coaching_only.commitments.missed) == (0, 2)


def test_history_refuses_impossible_filters() -> None:
    c = _history_corpus()
    with pytest.raises(CoachError, match="Did you mean 'coaching'"):
        an.history(c, d("12-02"), kind="coachng")
    with pytest.raises(CoachError, match="1 or more"):
        an.history(c, d("12-02"), last=0)
    with pytest.raises(CoachError, match="after the end date"):
        an.history(c, d("12-02"), since=d("11-02"), until=d("11-01"))


def test_trend_properties_with_one_point() -> None:
    t = an.Trend("calls", (an.Point(d("11-01"), 5.0),), target=8)
    assert (t.first, t.last, t.previous, t.change, t.when, t.on_target) == (
        5.0,
        5.0,
        None,
        None,
        d("11-01"),
        False,
    )


# --------------------------------------------------------------------------- sparkline


@pytest.mark.parametrize(
    ("values", "width", "expected"),
    [
        ([1, 2, 3, 4, 5, 6, 7, 8], None, "▁▂▃▄▅▆▇█"),
        ([5, 10], None, "▁█"),
        ([10, 5, 10], None, "█▁█"),
        ([-3, 0, 4], None, "▁▄█"),
        ([2, 2, 2], None, "▄▄▄"),
        ([7], None, "▄"),
        ([], None, ""),
        ([1, 100, 1, 2, 3], 3, "▁▅█"),  # 3.5 rounds up
        ([0, 1, 14], None, "▁▂█"),  # 0.5 rounds up (not to even)
        ([0, 1, 15], None, "▁▁█"),  # below 0.5 rounds down
        ([1, 2], 0, ""),
    ],
)
def test_sparkline(values: list[float], width: int | None, expected: str) -> None:
    assert an.sparkline(values, width) == expected


# --------------------------------------------------------------------------- reps overview


def test_reps_overview_orders_by_lateness_with_cadence_from_profile_or_default() -> None:
    today = d("11-30")
    c = corpus(
        [
            note("11-10", rep="late-lee"),  # +7 = 11-17: 13 days overdue
            note("11-20", rep="fortnight-fay"),  # own cadence 14: due 12-04, not overdue
            note("11-22", rep="weekly-wu", kind="performance"),  # +7 = 11-29: 1 day overdue
            note("11-23", rep="exact-eve"),  # +7 = 11-30: due today, not overdue
            note("11-01", rep="weekly-wu"),
        ],
        [
            action("wu00001", note("11-22", rep="weekly-wu"), "11-25"),
            action("wu00002", note("11-22", rep="weekly-wu"), "12-05"),
        ],
    )
    reps = [
        rep("fortnight-fay", cadence=14),
        rep("weekly-wu"),
        rep("exact-eve"),
        rep("new-ned"),
        rep("late-lee"),
        rep("gone-gus", archived=True),
    ]
    rows = an.reps_overview(c, reps, 7, today)
    assert [(r.slug, r.next_due, r.overdue, r.days_overdue) for r in rows] == [
        ("late-lee", d("11-17"), True, 13),
        ("weekly-wu", d("11-29"), True, 1),
        ("exact-eve", d("11-30"), False, 0),
        ("new-ned", d("11-30"), False, 0),
        ("fortnight-fay", d("12-04"), False, 0),
    ]
    wu = rows[1]
    assert (wu.sessions, wu.last_date, wu.last_kind, wu.last_framework) == (
        2,
        d("11-22"),
        "performance",
        "grow",
    )
    assert (wu.cadence_days, wu.open_actions, wu.overdue_actions) == (7, 2, 1)
    assert wu.coaching_share == 0.5
    assert rows[4].cadence_days == 14
    ned = rows[3]
    assert (ned.sessions, ned.last_date, ned.last_kind, ned.coaching_share) == (0, None, None, None)
    with_archived = an.reps_overview(c, reps, 7, today, include_archived=True)
    assert [r.slug for r in with_archived][2:5] == ["exact-eve", "gone-gus", "new-ned"]
    assert len(with_archived) == 6 and with_archived[3].archived


def test_reps_overview_coaching_share_counts_the_last_90_days() -> None:
    today = d("11-30")
    in_window = today - timedelta(days=90)
    c = corpus(
        [
            note(in_window.isoformat()[5:], kind="performance"),  # exactly 90 days ago: counts
            note((in_window - timedelta(days=1)).isoformat()[5:]),  # 91 days ago: does not
            note("11-20", kind="mixed", coaching=10, performance=30),
        ]
    )
    (row,) = an.reps_overview(c, [rep(ALEX)], 7, today)
    assert row.coaching_share == pytest.approx(10 / 70)
    (older,) = an.reps_overview(
        corpus([note((in_window - timedelta(days=1)).isoformat()[5:])]), [rep(ALEX)], 7, today
    )
    assert older.coaching_share is None and older.sessions == 1


# --------------------------------------------------------------------------- suggestions

AVAILABLE = {"grow": "coaching", "pipeline-review": "performance", "qbr": "mixed"}
TARGETS = {
    "calls": MetricTarget(50, "leading", "higher"),
    "talk-time": MetricTarget(45, "leading", "lower"),
    "win-rate": MetricTarget(25, "lagging", "higher"),
    "deal-size": MetricTarget(None, "lagging", "higher"),
}


def suggestion(c: Corpus, today: str = "11-20", **kw: object) -> an.Suggestion | None:
    available = kw.pop("available", AVAILABLE)
    targets = kw.pop("targets", TARGETS)
    return an.suggest(c, ALEX, d(today), targets, available)  # type: ignore[arg-type]


def _overdue(n: int) -> Corpus:
    """A rep coached on 11-16 with ``n`` actions agreed on 11-02, due 11-09, still open."""
    return corpus([N1, N3], [action(f"od{i:05d}", N1, "11-09") for i in range(n)])


def test_no_session_no_suggestion() -> None:
    assert suggestion(corpus([])) is None
    assert suggestion(corpus([note("11-02", rep=JO, kind="performance")])) is None


def test_two_overdue_commitments_suggest_an_accountability_check_in() -> None:
    assert suggestion(_overdue(1)) is None
    found = suggestion(_overdue(2))
    assert found is not None
    assert (found.framework, found.rule) == ("pipeline-review", "accountability")
    assert found.reason.startswith("2 commitments slipping (2 overdue, 0 reported not done")
    assert "\n" not in found.reason
    preferred = suggestion(_overdue(2), available={**AVAILABLE, "accountability-check-in": "x"})
    assert preferred is not None and preferred.framework == "accountability-check-in"


def done_since(row: ActionRow) -> ActionRow:
    """The action with its task line ticked since (format 2: the line is the status)."""
    return dataclasses.replace(row, status="done", final=True)


def test_not_done_in_the_last_three_sessions_counts_as_slipping() -> None:
    n = [note(f"11-{day:02d}") for day in (2, 4, 6, 8, 10)]
    # due 11-05, reported not done after that, done since: missed, though no longer overdue
    actions = [done_since(action("aaa1111", n[0], "11-05")),
               done_since(action("bbb2222", n[0], "11-05"))]  # fmt: skip

    def with_misses(first: int, second: int) -> Corpus:
        reviews = [
            review("aaa1111", n[first], "not-done"),
            review("bbb2222", n[second], "not-done"),
        ]
        return corpus(n, actions, reviews)

    fired = suggestion(with_misses(2, 4))  # 11-06 and 11-10: both in the last three
    assert fired is not None and fired.rule == "accountability"
    assert suggestion(with_misses(1, 4)) is None  # 11-04 is the fourth newest session


def test_an_action_overdue_and_reported_not_done_counts_once() -> None:
    c = corpus([N1, N2], [action("aaa1111", N1, "11-05")], [review("aaa1111", N2, "not-done")])
    assert suggestion(c, "11-10") is None
    c.actions.append(done_since(action("bbb2222", N1, "11-03")))
    c.reviews.append(review("bbb2222", N2, "not-done"))
    fired = suggestion(c, "11-10")
    assert fired is not None and fired.reason.startswith("2 commitments slipping (1 overdue, 2 ")


def test_not_done_before_the_due_date_is_not_slipping() -> None:
    n = [note(f"11-{day:02d}") for day in (2, 4, 6)]
    actions = [action("aaa1111", n[0], "11-30"), action("bbb2222", n[0], "11-30")]
    reviews = [review("aaa1111", n[1], "not-done"), review("bbb2222", n[2], "not-done")]
    assert suggestion(corpus(n, actions, reviews)) is None  # "not yet" with weeks to go


def test_work_done_but_results_low_suggests_coaching_the_how() -> None:
    c = corpus(
        [
            note("11-02", kind="performance", metrics={"calls": 60, "win-rate": 10}),
            note("11-09", metrics={"talk-time": 40}),
            note("11-16", kind="performance", metrics={"calls": 50, "deal-size": 3}),
        ]
    )
    found = suggestion(c)
    assert found is not None
    assert (found.framework, found.rule) == ("grow", "conversion")
    assert "activity on target (calls, talk-time)" in found.reason
    assert "win-rate 10 vs target 25" in found.reason
    assert "coach the how" in found.reason


@pytest.mark.parametrize(
    "metrics",
    [
        {"calls": 49, "win-rate": 10},  # a leading metric just under target
        {"calls": 60, "talk-time": 46, "win-rate": 10},  # lower is better: 46 > 45 is off
        {"calls": 60, "win-rate": 25},  # results on target (boundary)
        {"calls": 60, "deal-size": 1},  # a lagging metric without a target says nothing
        {"win-rate": 10},  # no activity measured
        {"calls": 60, "other": 0},  # a metric no framework knows
    ],
)
def test_conversion_rule_does_not_fire(metrics: dict[str, float]) -> None:
    c = corpus([note("11-16", metrics=metrics)])
    assert suggestion(c) is None


def test_conversion_uses_the_latest_value_in_the_last_three_sessions() -> None:
    old = note("10-20", kind="performance", metrics={"win-rate": 5})  # fourth newest
    recent = [note("11-02", metrics={"calls": 60})] + [note(f"11-{x}") for x in ("09", "16")]
    assert suggestion(corpus([old, *recent])) is None
    newer_good = note("11-10", kind="performance", metrics={"calls": 60, "win-rate": 30})
    older_bad = note("11-09", metrics={"win-rate": 10})
    assert suggestion(corpus([older_bad, newer_good, recent[2]])) is None
    swapped = corpus([note("11-09", metrics={"calls": 60, "win-rate": 30}),
                      note("11-10", metrics={"win-rate": 10}), recent[2]])  # fmt: skip
    fired = suggestion(swapped)
    assert fired is not None and fired.rule == "conversion"


def test_no_coaching_for_more_than_30_days() -> None:
    coached = note("10-21")
    checked = note("11-18", kind="performance")
    assert suggestion(corpus([coached, checked]), "11-20") is None  # 30 days
    found = suggestion(corpus([coached, checked]), "11-21")  # 31 days
    assert found is not None
    assert (found.framework, found.rule) == ("grow", "coaching-gap")
    assert found.reason == "no coaching session in 31 days: time to work on the how"
    mixed = note("10-25", kind="mixed", coaching=5, performance=25)
    assert suggestion(corpus([coached, mixed, checked]), "11-21") is None  # mixed time counts


def test_never_coached_says_so() -> None:
    c = corpus([note("11-02", kind="performance"), note("11-16", kind="performance")])
    found = suggestion(c)
    assert found is not None
    assert found.reason == "no coaching session yet in 2 sessions: time to work on the how"


def test_slipping_commitments_come_before_coaching() -> None:
    c = _overdue(2)
    c.notes.insert(0, note("11-18", metrics={"calls": 60, "win-rate": 10}))
    first = suggestion(c)
    assert first is not None and first.rule == "accountability"
    no_performance = suggestion(c, available={"grow": "coaching"})
    assert no_performance is not None and no_performance.rule == "conversion"


def test_the_framework_falls_back_to_any_of_the_right_kind() -> None:
    c = corpus([note("11-02", kind="performance")])
    found = suggestion(c, available={"zeta": "coaching", "alpha": "coaching", "grow-m": "mixed"})
    assert found is not None and found.framework == "alpha"
    assert suggestion(c, available={"pipeline-review": "performance", "qbr": "mixed"}) is None
    preferred = suggestion(c, available={"skill-will": "coaching", "alpha": "coaching"})
    assert preferred is not None and preferred.framework == "skill-will"


def test_sessions_after_today_are_left_out_of_suggestions() -> None:
    c = corpus([note("10-01"), note("11-25")])
    found = suggestion(c, "11-20")
    assert found is not None and found.reason.startswith("no coaching session in 50 days")


# --------------------------------------------------------------------------- balance


def _team() -> Corpus:
    return corpus(
        [
            note("10-20"),  # before the window
            note("11-02"),
            note("11-09", kind="mixed", coaching=20, performance=10),
            note("11-16", kind="performance"),
            note("11-03", rep=JO, kind="performance"),
            note("11-10", rep=JO, kind="performance", performance=40),
            note("11-17", rep=JO, kind="mixed", coaching=10, performance=20),
            note("12-01", rep=JO),  # after today
        ]
    )


def test_balance_counts_sessions_and_minutes_by_kind_per_rep_and_team() -> None:
    b = an.balance(_team(), d("11-20"), 0.6, since=d("11-02"))
    assert [r.rep_slug for r in b.reps] == [JO, ALEX]  # least coached first
    jo, alex = b.reps
    assert alex.totals.sessions == {"coaching": 1, "performance": 1, "mixed": 1}
    assert (alex.totals.coaching_minutes, alex.totals.performance_minutes) == (50.0, 40.0)
    assert alex.totals.coaching_share == pytest.approx(50 / 90)
    assert alex.gap == pytest.approx(50 / 90 - 0.6)
    assert jo.totals.sessions == {"coaching": 0, "performance": 2, "mixed": 1}
    assert (jo.totals.coaching_minutes, jo.totals.performance_minutes) == (10.0, 90.0)
    assert jo.last_coaching == d("11-17")
    assert b.team.total_sessions == 6
    assert (b.team.coaching_minutes, b.team.performance_minutes) == (60.0, 130.0)
    assert b.gap == pytest.approx(60 / 190 - 0.6)
    assert b.suggestions == [
        "Coaching is 32% of your 1:1 time since 2026-11-02 (target 60%): 28 points under; "
        "plan coaching first with Jo Park 10%, Alex Kim 56%."
    ]


def test_balance_since_is_inclusive_and_rep_filter_narrows() -> None:
    b = an.balance(_team(), d("11-20"), 0.5, since=d("11-03"), rep_slug=JO)
    (jo,) = b.reps
    assert jo.totals.total_sessions == 3
    assert b.team == jo.totals
    all_time = an.balance(_team(), d("11-20"), 0.5, rep_slug=ALEX)
    assert all_time.team.total_sessions == 4
    assert all_time.suggestions[0] == (
        "Coaching is 67% of your 1:1 time over all sessions (target 50%): on target."
    )
    assert an.balance(_team(), d("11-20"), 0.5, rep_slug="nobody").reps == []


def test_balance_exactly_on_target_and_with_no_minutes() -> None:
    c = corpus([note("11-02"), note("11-09", kind="performance")])
    assert an.balance(c, d("11-20"), 0.5).suggestions[0].endswith("(target 50%): on target.")
    assert (
        an.balance(c, d("11-20"), 0.51)
        .suggestions[0]
        .endswith("1 point under; plan coaching first with Alex Kim 50%.")
    )
    empty = an.balance(corpus([]), d("11-20"), 0.6, since=d("11-01"))
    assert empty.suggestions == ["No session time recorded since 2026-11-01."]
    assert empty.gap is None


def test_balance_lists_each_reps_suggestion() -> None:
    c = _team()
    c.actions += [action(f"jo{i:05d}", note("11-03", rep=JO), "11-05") for i in range(2)]
    b = an.balance(c, d("11-20"), 0.6, since=d("11-02"), targets=TARGETS, available=AVAILABLE)
    jo, alex = b.reps
    assert jo.suggestion is not None and jo.suggestion.rule == "accountability"
    assert alex.suggestion is None  # coached 11-09
    assert b.suggestions[1:] == [
        f'Jo Park: {jo.suggestion.reason} → coach start "Jo Park" -f pipeline-review'
    ]
    # a rep with no session in the window is listed when there is something to suggest
    quiet = an.balance(_team(), d("12-30"), 0.6, since=d("12-20"), available=AVAILABLE)
    # (Jo was coached on 12-01, 29 days before: nothing to suggest, so not listed)
    assert [(r.rep_slug, r.totals.total_sessions) for r in quiet.reps] == [(ALEX, 0)]
    assert quiet.reps[0].suggestion is not None
    assert quiet.reps[0].suggestion.reason.startswith("no coaching session in 51 days")


# --------------------------------------------------------------------------- brief


def test_brief_shows_where_one_rep_stands() -> None:
    n1 = note("10-01", kind="performance", metrics={"calls": 40})
    n2 = note("10-20", ratings={"discovery": 2}, metrics={"calls": 45})
    n3 = note("11-02", kind="performance", ratings={"discovery": 3}, metrics={"calls": 45})
    other = note("11-10", rep=JO, metrics={"calls": 99})
    c = corpus(
        [n1, n2, n3, other],
        [
            action("aaa1111", n2, "10-27"),
            action("bbb2222", n3, "11-09"),
            action("ccc3333", other, "11-11"),
        ],
        [review("aaa1111", n3, "done")],
    )
    b = an.brief(c, rep(ALEX), d("11-12"), targets={"calls": MetricTarget(50, "leading")})
    assert (b.sessions, b.last) == (3, n3)
    assert [a.id for a in b.open_actions] == ["bbb2222"]
    assert b.open_actions[0].overdue and b.open_actions[0].days_overdue == 3
    calls = b.metrics[0]
    assert (calls.id, calls.last, calls.previous, calls.change, calls.when) == (
        "calls",
        45.0,
        45.0,
        0.0,
        d("11-02"),
    )
    assert calls.target == 50 and calls.on_target is False
    assert [(t.id, t.last, t.change) for t in b.ratings] == [("discovery", 3.0, 1.0)]
    assert (b.days_since_coaching, b.days_since_performance) == (23, 10)


def test_brief_lists_the_last_three_sessions_the_most_overdue_first_and_what_next() -> None:
    n1 = note("09-01", metrics={"calls": 40})
    n2 = note("09-20", kind="performance", metrics={"calls": 45})
    n3 = note("10-01", kind="performance")
    n4 = note("10-05", kind="performance", ratings={"discovery": 2})
    c = corpus(
        [n1, n2, n3, n4],
        [action("bbb2222", n3, "11-10"), action("aaa1111", n4, "10-20"),
         action("ccc3333", n4, "11-20")],
    )  # fmt: skip
    words = an.Glossary(
        ratings={"discovery": an.Label("Discovery", "1–5")},
        metrics={"calls": an.Label("Calls made", "calls")},
    )
    b = an.brief(c, rep(ALEX), d("11-12"), glossary=words, available={"grow": "coaching"})
    assert b.recent == [n4, n3, n2] and b.last == n4 and b.sessions == 4
    assert [a.id for a in b.open_actions] == ["aaa1111", "bbb2222", "ccc3333"]
    assert [b.due_phrase(a) for a in b.open_actions] == [
        "23 days overdue", "2 days overdue", "Fri 20 Nov",
    ]  # fmt: skip
    assert [(t.label, t.unit) for t in b.metrics] == [("Calls made", "calls")]
    assert [(t.label, t.unit) for t in b.ratings] == [("Discovery", "1–5")]
    assert b.suggestion is not None and b.suggestion.framework == "grow"
    assert b.suggestion.rule == "coaching-gap"
    # without the frameworks: ids for names, and no suggestion
    bare = an.brief(c, rep(ALEX), d("11-12"))
    assert [t.label for t in bare.metrics] == ["calls"] and bare.suggestion is None
    assert bare.to_json()["metrics"][0]["name"] == ""


def test_brief_for_a_new_rep() -> None:
    b = an.brief(corpus([note("11-02", rep=JO)]), rep(ALEX), d("11-12"))
    assert (b.sessions, b.last, b.open_actions, b.ratings, b.metrics) == (0, None, [], [], [])
    assert (b.days_since_coaching, b.days_since_performance) == (None, None)


def test_last_values_are_the_newest_of_each() -> None:
    c = corpus(
        [
            note("11-02", ratings={"discovery": 2}, metrics={"calls": 40, "win-rate": 10}),
            note("11-09", ratings={"discovery": 4}, metrics={"calls": 55}),
        ]
    )
    assert an.last_values(c) == {
        "ratings": {"discovery": 4},
        "metrics": {"calls": 55, "win-rate": 10},
    }
    assert an.last_values(Corpus()) == {"ratings": {}, "metrics": {}}


def test_metric_targets_come_from_the_frameworks_first_one_wins() -> None:
    from coachcli.framework import Metric
    from coachcli.loader import load_file

    base = load_file(Path(__file__).parent / "fixtures" / "frameworks" / "valid.toml")

    def framework(*metrics: dict[str, object]) -> Framework:
        return base.model_copy(update={"metrics": [Metric.model_validate(m) for m in metrics]})

    one = framework(
        {"id": "talk-time", "name": "Talk", "indicator": "leading", "target": 45.0,
         "better": "lower"},
        {"id": "win-rate", "name": "Win", "indicator": "lagging", "target": 25.0},
    )  # fmt: skip
    two = framework(
        {"id": "win-rate", "name": "Win", "indicator": "lagging", "target": 30.0},
        {"id": "closed-won", "name": "Won", "indicator": "lagging"},
    )
    targets = an.metric_targets([one, two])
    assert targets == {
        "talk-time": MetricTarget(45, "leading", "lower"),
        "win-rate": MetricTarget(25, "lagging", "higher"),
        "closed-won": MetricTarget(None, "lagging", "higher"),
    }
    assert an.metric_targets([two, one])["win-rate"].target == 30
    assert an.on_target(45, targets["talk-time"]) is True
    assert an.on_target(46, targets["talk-time"]) is False
    assert an.on_target(25, targets["win-rate"]) is True
    assert an.on_target(24.9, targets["win-rate"]) is False
    assert an.on_target(1, targets["closed-won"]) is None


def test_no_commitment_of_the_reps_is_said_in_words() -> None:
    """Reviewing only the manager's own items counted nothing: "0 kept, 0 missed, 0 still
    open" read as if the rep had failed at something; the summary says why nothing counts."""
    from coachcli.analytics.actions import review_counts

    mine_only = review_counts([("done", date(2026, 3, 1), "manager")], date(2026, 3, 9))
    assert mine_only == an.Commitments(0, 0, 0)
    assert mine_only.summary() == "none of the rep's to count"
    assert an.Commitments(0, 0, 1).summary() == "0 kept, 0 missed, 1 still open"
