"""`coach report`: the packet's figures against a known corpus, and what stays private."""

from __future__ import annotations

import stat
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coachcli.cli import app
from coachcli.home import Home
from coachcli.report import build_report
from coachcli.report_html import report_html
from coachcli.report_md import report_markdown
from coachcli.report_view import OWN_PRIVATE_NOTICE, PRIVATE_NOTICE, SHARED_NOTICE
from coachcli.reps import add_rep

from .report_corpus import PRIVATE, SINCE, TODAY, corpus, report_session, write_report_note

__all__ = ["corpus"]  # the fixture, imported for the tests here


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
    own = report_session(
        date(2026, 11, 2), rep="Sam Rivera", slug="sam-rivera", summary="Book slots."
    )
    write_report_note(corpus, own.model_copy(update={"framework": "manager-self-review"}))
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
