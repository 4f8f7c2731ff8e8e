"""`coach report`: the packet's figures against a known corpus, and what stays private."""

from __future__ import annotations

import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coachcli.cli import app
from coachcli.home import Home
from coachcli.notes import write_note
from coachcli.report import build_report
from coachcli.report_html import report_html
from coachcli.report_md import report_markdown
from coachcli.report_view import OWN_PRIVATE_NOTICE, PRIVATE_NOTICE, SHARED_NOTICE
from coachcli.reps import add_rep
from coachcli.session import ActionItem, Answer, Feedback, Review, SectionRecord, Session

TODAY = date(2026, 11, 30)
SINCE = date(2026, 9, 1)

PRIVATE = ("PRIVATE-SUMMARY-OCT", "PRIVATE-FEEDBACK-9q", "PRIVATE-TASK-7x", "PRIVATE-ANSWER-3k")


def _session(
    day: date,
    *,
    rep: str = "Alex Kim",
    slug: str = "alex-kim",
    summary: str,
    summary_shared: bool = True,
    ratings: dict[str, int] | None = None,
    metrics: dict[str, float] | None = None,
    shared_measures: tuple[str, ...] = (),
    feedback: tuple[tuple[str, bool], ...] = (),
    actions: tuple[ActionItem, ...] = (),
    reviews: tuple[Review, ...] = (),
    minutes: int = 30,
) -> Session:
    started = datetime(day.year, day.month, day.day, 10, 0, tzinfo=UTC)
    return Session(
        rep=rep,
        rep_slug=slug,
        manager="Sam Rivera",
        started=started,
        ended=started + timedelta(minutes=minutes),
        framework="grow",
        framework_name="GROW coaching conversation",
        framework_version="2",
        kind="coaching",
        sections=[
            SectionRecord(
                id="goal",
                title="Goal",
                kind="coaching",
                planned_minutes=20,
                seconds=minutes * 40,
                shared=True,
                answers=[
                    Answer(
                        id="goal-topic",
                        prompt="Topic?",
                        type="text",
                        value="Holding price",
                        shared=True,
                    )
                ],
            ),
            SectionRecord(
                id="reality",
                title="Reality",
                kind="performance",
                planned_minutes=10,
                seconds=minutes * 20,
                answers=[
                    Answer(
                        id="reality-replay", prompt="What happened?", type="text", value=PRIVATE[3]
                    )
                ],
            ),
        ],
        ratings=ratings or {},
        metrics=metrics or {},
        shared_measures=list(shared_measures),
        feedback=[
            Feedback(template="sbi", name="Reinforce (SBI)", text=text, shared=shared)
            for text, shared in feedback
        ],
        actions=list(actions),
        actions_shared=True,
        reviews=list(reviews),
        summary=summary,
        summary_shared=summary_shared,
    )


def _write(home: Home, session: Session) -> Path:
    return write_note(home.reps_dir / session.rep_slug, session)


@pytest.fixture
def corpus(coach_home: Home) -> Home:
    """Alex Kim: three 1:1s (Sep, Oct, Nov) and one before the window; Bo Diaz: one in Nov."""
    home = coach_home
    add_rep(home, "Alex Kim", role="Account Executive", today=date(2026, 1, 5))
    add_rep(home, "Bo Diaz", role="SDR", today=date(2026, 1, 5))
    _write(home, _session(date(2026, 8, 20), summary="Before the window", ratings={"discovery": 1},
                          shared_measures=("rating-discovery",)))  # fmt: skip
    _write(
        home,
        _session(
            date(2026, 9, 10),
            summary="Discovery is the focus.",
            ratings={"discovery": 2, "objection-handling": 2},
            metrics={"practice-reps": 1},
            shared_measures=("rating-discovery", "metric-practice-reps"),
            feedback=(("You asked about budget early.", True), (PRIVATE[1], False)),
            actions=(
                ActionItem(
                    id="keptaa1",
                    text="Ask the comparison question",
                    due=date(2026, 9, 17),
                    status="done",
                    closed_on=date(2026, 9, 16),
                ),
                ActionItem(id="missbb2", text="Book the CFO call", due=date(2026, 9, 24)),
                ActionItem(id="privcc3", text=f"{PRIVATE[2]} #private", due=date(2026, 9, 24)),
                ActionItem(
                    id="mgrdd44",
                    text="Send the Globex story",
                    owner="manager",
                    due=date(2026, 9, 12),
                ),
            ),
        ),
    )
    _write(
        home,
        _session(
            date(2026, 10, 8),
            summary=PRIVATE[0],
            summary_shared=False,
            ratings={"discovery": 3},
            metrics={"practice-reps": 3},
            shared_measures=("rating-discovery", "metric-practice-reps"),
            reviews=(
                Review(
                    action="missbb2",
                    text="Book the CFO call",
                    outcome="not-done",
                    comment="waiting on legal",
                    shared=True,
                ),
            ),
        ),
    )
    _write(home, _session(date(2026, 11, 12), summary="Held price on Acme.",
                          ratings={"discovery": 4}, metrics={"practice-reps": 4},
                          shared_measures=("rating-discovery",)))  # fmt: skip
    _write(home, _session(date(2026, 11, 3), rep="Bo Diaz", slug="bo-diaz", summary="Bo's week."))
    return home


def test_a_reps_packet_holds_the_figures_of_the_notes(corpus: Home) -> None:
    view = build_report(corpus, TODAY, SINCE, rep_ref="Alex Kim")
    assert (view.title, view.manager, view.start, view.end) == (
        "Alex Kim · review packet", "", SINCE, TODAY)  # fmt: skip
    assert not view.include_private and view.notice == SHARED_NOTICE
    (alex,) = view.reps
    assert (alex.rep, alex.role) == ("Alex Kim", "Account Executive")
    assert [(s.day, s.minutes, s.summary) for s in alex.sessions] == [
        (date(2026, 9, 10), 30, "Discovery is the focus."),
        (date(2026, 10, 8), 30, ""),  # its summary is private
        (date(2026, 11, 12), 30, "Held price on Acme."),
    ]
    series = {s.id: s for s in alex.series}
    assert sorted(series) == ["discovery", "practice-reps"]  # objection-handling is private
    discovery = series["discovery"]
    assert (discovery.name, discovery.kind, discovery.low, discovery.high) == (
        "Discovery", "rating", 1, 5)  # fmt: skip
    assert [(p.day, p.value) for p in discovery.points] == [
        (date(2026, 9, 10), 2.0), (date(2026, 10, 8), 3.0), (date(2026, 11, 12), 4.0)]  # fmt: skip
    practice = series["practice-reps"]
    assert (practice.unit, practice.target, practice.better) == ("reps", 3, "higher")
    # the November note does not share it: two points, not three
    assert [p.value for p in practice.points] == [1.0, 3.0]
    assert [(c.text, c.outcome, c.reason) for c in alex.commitments] == [
        ("Ask the comparison question", "kept", ""),
        ("Book the CFO call", "missed", "waiting on legal"),
    ]
    assert (alex.kept, alex.missed) == (1, 1)
    assert [(q.day, q.text) for q in alex.quotes] == [
        (date(2026, 9, 10), "You asked about budget early.")]  # fmt: skip
    assert [(m.month, m.sessions, m.coaching, m.performance) for m in alex.months] == [
        (date(2026, 9, 1), 1, 20.0, 10.0),
        (date(2026, 10, 1), 1, 20.0, 10.0),
        (date(2026, 11, 1), 1, 20.0, 10.0),
    ]


def test_no_private_part_reaches_the_markdown_or_the_html(corpus: Home) -> None:
    view = build_report(corpus, TODAY, SINCE, rep_ref="Alex Kim")
    markdown, page = report_markdown(view), report_html(view)
    assert markdown.split("\n", 1)[0].endswith(SHARED_NOTICE)
    for token in PRIVATE:
        assert token not in markdown
        assert token not in page
    assert "Discovery is the focus." in markdown and "Discovery is the focus." in page


def test_include_private_puts_everything_in_and_says_so_first(corpus: Home) -> None:
    view = build_report(corpus, TODAY, SINCE, rep_ref="Alex Kim", include_private=True)
    assert view.notice == PRIVATE_NOTICE
    markdown = report_markdown(view)
    assert markdown.split("\n", 1)[0].endswith(PRIVATE_NOTICE)
    (alex,) = view.reps
    assert PRIVATE[0] in markdown and PRIVATE[1] in markdown
    assert {s.id for s in alex.series} == {"discovery", "objection-handling", "practice-reps"}
    assert [p.value for p in next(s for s in alex.series if s.id == "practice-reps").points] == [
        1.0, 3.0, 4.0]  # fmt: skip
    assert any(PRIVATE[2] in c.text for c in alex.commitments)


def test_a_packet_of_the_managers_own_self_reviews_is_for_them(corpus: Home) -> None:
    """The manager's own folder holds their self-reviews: its private packet is not "not for
    the rep", the rep being the manager; a rep's packet keeps its notice."""
    add_rep(corpus, "Sam Rivera", role="Sales manager", today=date(2026, 1, 5))
    own = _session(date(2026, 11, 2), rep="Sam Rivera", slug="sam-rivera", summary="Book slots.")
    _write(corpus, own.model_copy(update={"framework": "manager-self-review"}))
    view = build_report(corpus, TODAY, SINCE, rep_ref="Sam Rivera", include_private=True)
    assert view.notice == OWN_PRIVATE_NOTICE and "rep" not in view.notice
    assert report_markdown(view).split("\n", 1)[0].endswith(OWN_PRIVATE_NOTICE)
    shared = build_report(corpus, TODAY, SINCE, rep_ref="Sam Rivera")
    assert shared.notice == SHARED_NOTICE
    alex = build_report(corpus, TODAY, SINCE, rep_ref="Alex Kim", include_private=True)
    assert alex.notice == PRIVATE_NOTICE


def test_the_team_packet_has_every_rep(corpus: Home) -> None:
    view = build_report(corpus, TODAY, SINCE)
    assert view.team and view.title == "Team review packet"
    assert [(r.rep, len(r.sessions)) for r in view.reps] == [("Alex Kim", 3), ("Bo Diaz", 1)]


def test_a_window_starting_after_today_is_refused(corpus: Home) -> None:
    from coachcli.errors import CoachError

    with pytest.raises(CoachError, match="after today"):
        build_report(corpus, TODAY, TODAY + timedelta(days=1), rep_ref="Alex Kim")


def test_the_command_prints_or_writes_the_packet(corpus: Home, tmp_path: Path) -> None:
    runner = CliRunner()
    shown = runner.invoke(app, ["report", "Alex Kim", "--since", "2000-01-01"])
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.split("\n", 1)[0] == SHARED_NOTICE
    assert all(token not in shown.stdout for token in PRIVATE)

    page, text = tmp_path / "alex.html", tmp_path / "alex.md"
    wrote = runner.invoke(
        app, ["report", "Alex Kim", "--since", "2000-01-01", "--html", str(page), "--md", str(text)]
    )
    assert wrote.exit_code == 0, wrote.output
    assert wrote.stdout == ""
    assert f"Wrote {page}" in wrote.stderr and f"Wrote {text}" in wrote.stderr
    assert stat.S_IMODE(page.stat().st_mode) == 0o600
    assert page.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert text.read_text("utf-8").split("\n", 1)[0] == SHARED_NOTICE

    private = runner.invoke(app, ["report", "--team", "--since", "2000-01-01", "--include-private"])
    assert private.exit_code == 0, private.output
    assert private.stdout.split("\n", 1)[0] == PRIVATE_NOTICE
    assert PRIVATE[0] in private.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ([], "Give a rep's name or --team."),
        (["Alex Kim", "--team"], "Give a rep's name or --team, not both."),
    ],
)
def test_rep_or_team_one_of_the_two(corpus: Home, args: list[str], words: str) -> None:
    result = CliRunner().invoke(app, ["report", *args])
    assert result.exit_code == 2
    assert words in result.stderr


def test_an_unknown_rep_and_a_bad_since_are_one_red_line(corpus: Home) -> None:
    runner = CliRunner()
    unknown = runner.invoke(app, ["report", "Nobody Here"])
    assert unknown.exit_code == 1 and "Traceback" not in unknown.output
    bad = runner.invoke(app, ["report", "Alex Kim", "--since", "soon"])
    assert bad.exit_code == 1
    assert "Cannot read 'soon' as a start date." in bad.stderr


def test_a_packet_from_the_notes_in_a_real_browser(corpus: Home, tmp_path: Path) -> None:
    """Built from notes, opened in Chromium: a point per shared value, nothing private, no fetch."""
    from tests.browser import browser_or_skip, open_file

    view = build_report(corpus, TODAY, SINCE, rep_ref="Alex Kim")
    path = tmp_path / "alex.html"
    path.write_text(report_html(view), encoding="utf-8")
    with browser_or_skip() as browser:
        page, requests = open_file(browser, path.as_uri())
        page.wait_for_load_state("networkidle")
        shown = page.evaluate("() => document.body.innerText")
        circles = page.evaluate(
            """() => Object.fromEntries([...document.querySelectorAll('svg[role=img]')].map(
                svg => [svg.querySelector('title').textContent,
                        svg.querySelectorAll('circle').length]))"""
        )
        page.close()
    assert requests.seen == [requests.document] and requests.refused == []
    assert shown.split("\n")[0] == SHARED_NOTICE
    assert all(token not in shown for token in PRIVATE)
    assert "Discovery is the focus." in shown and "waiting on legal" in shown
    by_name = {title.split(":")[0].split(" over")[0]: n for title, n in circles.items()}
    counts = sorted(n for n in circles.values() if n)
    assert counts == [2, 3], by_name  # practice repetitions: 2 shared values; discovery: 3
