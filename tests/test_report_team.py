"""`coach report --team` with the managers' view (a leader's team sources): Markdown, and the HTML
in a real headless Chromium (tests/browser.py), on the hand-computed corpus of
tests/helpers.team_corpus (figures in tests/test_team_view.py), as of 2026-12-02.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from coachcli.home import Home
from coachcli.report import build_report
from coachcli.report_html import report_html
from coachcli.report_md import report_markdown
from coachcli.report_view import ReportView
from coachcli.team_list import add_source

from .browser import browser_or_skip, open_file
from .helpers import Run, team_corpus

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

    from .browser import Requests

TODAY = date(2026, 12, 2)
SINCE = date(2026, 9, 3)


def leader_view(home: Home, folder: Path) -> ReportView:
    add_source(home, "West", str(team_corpus(folder)), TODAY)
    return build_report(home, TODAY, SINCE)


def test_a_leader_without_reps_of_their_own_gets_the_managers(
    coach_home: Home, tmp_path: Path
) -> None:
    view = leader_view(coach_home, tmp_path / "share")
    assert view.reps == () and view.managers is not None
    text = report_markdown(view)
    assert text.splitlines()[:6] == [
        view.notice,
        "",
        "# Team review packet",
        "",
        "3 Sep to 2 Dec 2026 · 3 managers",
        "",
    ]
    section = text[text.index("## Managers") : text.index("## Notes that could not be read")]
    assert section.splitlines()[4:10] == [
        "| Manager | Reps | 1:1s | Coaching share | Target | Overdue reps | Commitments kept "
        "| No coaching |",
        "|---|---|---|---|---|---|---|---|",
        "| Sam Rivera | 3 | 4 | ~22% | 50% | 2 of 3 | 29% (2 of 7) | 3 |",
        "| Morgan Lee | 2 | 5 | 50% | 60% | 1 of 2 | 80% (4 of 5) | 0 |",
        "| jo-park | 3 | 3 | 56% | 60% | 3 of 3 | — | 1 |",
        "",
    ]
    assert "- Sam Rivera: coaching is 22% of 1:1 time against a target of 50% → coach" in section
    assert "| Morgan Lee | 0% | 50% | 71% | — | 60% |" in section
    assert "## Team overview" not in text and "No rep in this packet" not in text
    assert "line 3: minutes" in text  # the broken row, in the list of files not read


def test_a_packet_without_team_sources_is_as_before(coach: Run, coach_home: Home) -> None:
    from coachcli.errors import CoachError

    with pytest.raises(CoachError, match="There are no reps yet"):
        build_report(coach_home, TODAY, SINCE)


def test_coach_report_team_writes_the_managers_view(
    coach: Run, coach_home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class December(date):
        @classmethod
        def today(cls) -> December:
            return cls(2026, 12, 2)

    monkeypatch.setattr("coachcli.cli.cmd_report.date", December)
    coach("team", "add", "West", str(team_corpus(tmp_path / "share")))
    done = coach("report", "--team", "--since", "2026-09-03", "--html", str(tmp_path / "t.html"))
    page = (tmp_path / "t.html").read_text("utf-8")
    assert '<section class="managers" aria-labelledby="managers">' in page
    assert "Wrote" in done.stderr


# --------------------------------------------------------------------------- in Chromium


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with browser_or_skip() as started:
        yield started


@pytest.fixture(scope="module")
def packet(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Page, Requests, ReportView]]:
    folder = tmp_path_factory.mktemp("team")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COACH_HOME", str(folder / "home"))
        view = leader_view(Home(folder / "home"), folder / "share")
    path = folder / "team.html"
    path.write_text(report_html(view), encoding="utf-8")
    page, requests = open_file(browser, path.as_uri())
    yield page, requests, view
    page.close()


def test_in_chromium_nothing_is_fetched_and_the_managers_table_shows_the_figures(
    packet: tuple[Page, Requests, ReportView],
) -> None:
    page, requests, _ = packet
    page.wait_for_load_state("networkidle")
    assert requests.seen == [requests.document] and requests.refused == []
    rows: list[list[str]] = page.evaluate(
        """() => [...document.querySelectorAll('section.managers table')].map(t =>
            [t.caption.innerText, ...[...t.querySelectorAll('tbody tr')].map(r =>
                [...r.cells].map(c => c.innerText.trim()).join(' | '))])"""
    )
    assert rows == [
        [
            "Each manager's coaching, cadence and commitments, 3 Sep to 2 Dec 2026",
            "Sam Rivera | 3 | 4 | ~22% | 50% | 2 of 3 | 29% (2 of 7) | 3",
            "Morgan Lee | 2 | 5 | 50% | 60% | 1 of 2 | 80% (4 of 5) | 0",
            "jo-park | 3 | 3 | 56% | 60% | 3 of 3 | — | 1",
        ],
        [
            "Coaching share of 1:1 minutes by month, per manager",
            "Sam Rivera | 0% | 0% | 50% | — | 50%",
            "Morgan Lee | 0% | 50% | 71% | — | 60%",
            "jo-park | — | — | 56% | — | 60%",
        ],
    ]
    text = page.evaluate("() => document.querySelector('section.managers').innerText")
    assert "Sam Rivera: coaching is 22% of 1:1 time against a target of 50% → coach" in text


def test_in_chromium_each_manager_has_a_trend_chart_with_a_point_per_month_of_1_1s(
    packet: tuple[Page, Requests, ReportView],
) -> None:
    page, _, view = packet
    charts: list[dict[str, Any]] = page.evaluate(
        """() => [...document.querySelectorAll('section.managers svg[role=img]')].map(svg => {
            const box = svg.getBoundingClientRect();
            const inside = [...svg.querySelectorAll('circle')].filter(c => {
                const r = c.getBoundingClientRect();
                return r.width > 0 && r.left >= box.left - 1 && r.right <= box.right + 1
                    && r.top >= box.top && r.bottom <= box.bottom;
            });
            return {title: svg.querySelector(':scope > title').textContent,
                    desc: svg.querySelector(':scope > desc').textContent,
                    circles: inside.length, width: box.width,
                    target: svg.querySelectorAll('line.target').length};
        })"""
    )
    assert view.managers is not None
    assert [(c["title"], c["circles"], c["target"]) for c in charts] == [
        ("Sam Rivera: coaching share (%)", 3, 1),
        ("Morgan Lee: coaching share (%)", 3, 1),
        ("jo-park: coaching share (%)", 1, 1),
    ]
    assert all(c["width"] > 300 for c in charts)
    assert charts[1]["desc"] == (
        "Morgan Lee: coaching share was 0%, 50%, 71.4% from 1 Sep to 1 Nov 2026; target 60%."
    )
    named = page.get_by_role("img", name="Morgan Lee: coaching share (%)")
    assert named.count() == 1
