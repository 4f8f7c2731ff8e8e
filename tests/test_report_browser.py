"""The review packet's HTML rendered in a real browser (headless Chromium, tests/browser.py).

The page is built from the hand-made two-rep packet of tests/sample_report.py,
written to a file and opened by file://. What is asserted is what the browser
made of it: the charts drawn with a point per value, the tables' figures, the
accessible names, the text on the page, the requests made (only the file
itself), and a PDF printed from the print stylesheet.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from coachcli.dates import month_label
from coachcli.report_html import report_html
from coachcli.report_md import minutes
from coachcli.report_view import ReportView
from coachcli.wording import long_date, percent

from .browser import browser_or_skip, open_file
from .sample_report import team_view

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

    from .browser import Requests

ROOT = Path(__file__).resolve().parent.parent
NOT_IN_THE_VIEW = "Privately: thinks Alex is a flight risk"
"""A manager's private observation: the view was built without it, so the page must not hold it."""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One browser for the whole module: starting Chromium is the slow part."""
    with browser_or_skip() as started:
        yield started


@pytest.fixture(scope="module")
def view() -> ReportView:
    return team_view()


@pytest.fixture(scope="module")
def packet(
    browser: Browser, view: ReportView, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Page, Requests]]:
    path = tmp_path_factory.mktemp("report") / "team.html"
    path.write_text(report_html(view), encoding="utf-8")
    page, requests = open_file(browser, path.as_uri())
    yield page, requests
    page.close()


@pytest.fixture(scope="module")
def page(packet: tuple[Page, Requests]) -> Page:
    return packet[0]


def _tables(page: Page) -> dict[str, list[list[str]]]:
    """Each table by its caption: the rows of body and foot, each cell's text as shown."""
    found: dict[str, list[list[str]]] = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('table')].map(t => [
            t.caption.innerText,
            [...t.querySelectorAll('tbody tr, tfoot tr')].map(r =>
                [...r.cells].map(c => c.innerText.trim()))
        ]))"""
    )
    return found


def test_nothing_but_the_file_itself_was_requested(packet: tuple[Page, Requests]) -> None:
    page, requests = packet
    page.wait_for_load_state("networkidle")
    assert requests.seen == [requests.document]
    assert requests.refused == []


def test_the_notice_is_the_first_thing_on_the_page(page: Page, view: ReportView) -> None:
    first = page.evaluate("() => document.body.firstElementChild.innerText")
    assert first == view.notice
    assert page.evaluate("() => document.body.innerText").split("\n")[0] == view.notice
    assert page.title().endswith(view.notice)


def test_each_chart_is_drawn_with_a_point_per_value(page: Page, view: ReportView) -> None:
    charts: list[dict[str, Any]] = page.evaluate(
        """() => [...document.querySelectorAll('svg[role=img]')].map(svg => {
            const box = svg.getBoundingClientRect();
            const inside = [...svg.querySelectorAll('circle')].filter(c => {
                const r = c.getBoundingClientRect();
                return r.width > 0 && r.left >= box.left && r.right <= box.right
                    && r.top >= box.top && r.bottom <= box.bottom;
            });
            return {id: svg.getAttribute('aria-labelledby'), circles: inside.length,
                    width: box.width, height: box.height};
        })"""
    )
    expected = []
    for r, rep in enumerate(view.reps, start=1):
        expected += [(f"r{r}-s{s}", len(series.points)) for s, series in enumerate(rep.series, 1)]
        expected.append((f"r{r}-balance", 0))
    assert [(c["id"].split()[0].removesuffix("-title"), c["circles"]) for c in charts] == expected
    assert all(c["width"] > 300 and c["height"] > 100 for c in charts)


def test_every_chart_has_a_title_and_a_text_alternative(page: Page, view: ReportView) -> None:
    alternatives: list[list[str]] = page.evaluate(
        """() => [...document.querySelectorAll('svg')].map(svg => {
            const ids = (svg.getAttribute('aria-labelledby') || '').split(' ');
            return [svg.getAttribute('role'), svg.querySelector(':scope > title')?.textContent,
                    svg.querySelector(':scope > desc')?.textContent,
                    ...ids.map(id => svg.contains(document.getElementById(id)) ? id : '')];
        })"""
    )
    assert len(alternatives) == sum(len(rep.series) + 1 for rep in view.reps)
    for role, title, desc, title_id, desc_id in alternatives:
        assert role == "img" and title and desc and title_id and desc_id
    # Chromium's accessibility tree names the image by its title and description
    images = page.get_by_role("img")
    assert images.count() == len(alternatives)
    named = page.get_by_role("img", name="Discovery questions (rating)")
    assert named.count() == 1
    assert "rated 2, 3, 3, 4 from 3 Sep to 26 Nov 2026" in alternatives[0][2]


def test_every_table_has_column_headers_and_a_caption(page: Page) -> None:
    counts = page.evaluate(
        """() => [document.querySelectorAll('table').length, document.querySelectorAll(
                  'table:has(thead th[scope=col]):has(caption)').length]"""
    )
    assert counts[0] == counts[1] == 9


def test_the_figures_in_the_tables_match_the_view(page: Page, view: ReportView) -> None:
    tables = _tables(page)
    overview = tables["Each rep's 1:1s, coaching share and commitments, 1 Sep to 30 Nov 2026"]
    assert overview == [
        [
            rep.rep,
            str(len(rep.sessions)),
            percent(rep.coaching_share),
            str(rep.kept),
            str(rep.missed),
        ]
        for rep in view.reps
    ]
    for rep in view.reps:
        sessions = tables[f"1:1s with {rep.rep}, oldest first"]
        assert sessions == [
            [long_date(s.day), s.framework, s.kind, str(s.minutes), s.subject, s.summary]
            for s in rep.sessions
        ]
        commitments = tables[f"Commitments {rep.rep} made, by due date"]
        assert [(row[0], row[1], row[3], row[4]) for row in commitments] == [
            (
                long_date(c.due),
                c.text,
                "still open" if c.outcome == "open" else c.outcome,
                c.reason,
            )
            for c in rep.commitments
        ]
        months = tables[f"Minutes of {rep.rep}'s 1:1s by month"]
        assert months[:-1] == [
            [
                month_label(m.month) + ("*" if m.estimated else ""),
                str(m.sessions),
                minutes(m.coaching),
                minutes(m.performance),
                minutes(m.neutral),
                percent(m.coaching_share),
            ]
            for m in rep.months
        ]
        assert months[-1][0] == "Window" and months[-1][-1] == percent(rep.coaching_share)
        measures = tables[
            f"Ratings and metrics of {rep.rep}: every value is in each chart's description"
        ]
        assert [int(row[1]) for row in measures] == [len(s.points) for s in rep.series]


def test_the_quotes_and_summaries_are_on_the_page(page: Page, view: ReportView) -> None:
    text = page.evaluate("() => document.body.innerText")
    for rep in view.reps:
        for quote in rep.quotes:
            assert quote.text in text
            assert f"— {long_date(quote.day)}, {quote.name}" in text
    assert "Role-played the CFO objection twice.\nNext: price anchoring." in text


def test_text_that_is_not_in_the_view_is_not_on_the_page(page: Page) -> None:
    assert NOT_IN_THE_VIEW not in page.evaluate("() => document.body.innerText")
    assert NOT_IN_THE_VIEW not in page.content()


def test_the_charts_fit_a_narrow_window(browser: Browser, tmp_path: Path) -> None:
    path = tmp_path / "team.html"
    path.write_text(report_html(team_view()), encoding="utf-8")
    page, _ = open_file(browser, path.as_uri(), width=420)
    try:
        widths = page.evaluate(
            """() => [...document.querySelectorAll('svg')].map(
                s => s.getBoundingClientRect().right)"""
        )
        assert max(widths) <= 420
    finally:
        page.close()


def test_it_prints_a_rep_a_page(page: Page, view: ReportView) -> None:
    page.emulate_media(media="print")
    try:
        breaks = page.evaluate(
            """() => [...document.querySelectorAll('section.rep')].map(
                s => getComputedStyle(s).breakBefore)"""
        )
        assert breaks == ["page"] * len(view.reps)
        backgrounds = page.evaluate(
            "() => getComputedStyle(document.querySelector('thead th')).backgroundColor"
        )
        assert backgrounds in ("rgba(0, 0, 0, 0)", "transparent")
        pdf = page.pdf(format="A4")
    finally:
        page.emulate_media(media="screen")
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages >= 1 + len(view.reps)  # the overview, then a page (or more) per rep


def test_the_screenshot_script_writes_the_sample(browser: Browser, tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "report_screenshot", ROOT / "scripts" / "report_screenshot.py"
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    html, png = script.write_sample(tmp_path, browser)
    assert html.read_text(encoding="utf-8") == (ROOT / "docs" / html.name).read_text(
        encoding="utf-8"
    )
    assert png.read_bytes().startswith(b"\x89PNG")
    assert 20_000 < png.stat().st_size < 400_000
