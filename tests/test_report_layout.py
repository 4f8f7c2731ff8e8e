"""The review packet laid out, without a browser: the SVG charts and the Markdown."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from coachcli.charts import balance_chart, line_chart, series_description
from coachcli.report_html import report_html
from coachcli.report_md import report_markdown
from coachcli.report_view import (
    PRIVATE_NOTICE,
    SHARED_NOTICE,
    MonthBalance,
    Point,
    ReportView,
    RepReport,
    Series,
    SessionEntry,
)

from .sample_report import END, START, rep_view, team_view

HOSTILE = "<script>alert('x')</script> & Q&A"


def _svg(text: str) -> ET.Element:
    """The chart parsed as XML: it must be well-formed, whatever text it holds."""
    return ET.fromstring(text)


def _rating(points: tuple[Point, ...], **changes: object) -> Series:
    series = Series("discovery", "Discovery questions", "rating", "", points, 4, low=1, high=5)
    return replace(series, **changes)  # type: ignore[arg-type]


FOUR = (
    Point(date(2026, 9, 3), 2),
    Point(date(2026, 10, 1), 3),
    Point(date(2026, 11, 5), 3),
    Point(date(2026, 11, 26), 4),
)


# --- line charts -------------------------------------------------------------------------


def test_a_line_chart_has_a_circle_per_point_each_with_its_date_and_value() -> None:
    svg = _svg(line_chart(_rating(FOUR), "c1"))
    circles = svg.findall("circle")
    assert len(circles) == 4
    assert [c.findtext("title") for c in circles] == [
        "3 Sep 2026: 2",
        "1 Oct 2026: 3",
        "5 Nov 2026: 3",
        "26 Nov 2026: 4",
    ]


def test_a_chart_is_an_image_with_a_text_alternative_listing_the_values() -> None:
    svg = _svg(line_chart(_rating(FOUR), "rep-1-discovery"))
    assert svg.get("role") == "img"
    assert svg.get("width") == "100%"
    assert svg.get("viewBox") == "0 0 480 220"
    title, desc = svg.find("title"), svg.find("desc")
    assert title is not None and desc is not None
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert desc.text == (
        "Discovery questions rated 2, 3, 3, 4 from 3 Sep to 26 Nov 2026, "
        "on a scale of 1 to 5; target 4."
    )


def test_the_target_is_a_labelled_dashed_line() -> None:
    text = line_chart(_rating(FOUR), "c1")
    target = _svg(text).find("line[@class='target']")
    assert target is not None and target.get("stroke-dasharray")
    assert ">target 4</text>" in text


def test_a_rating_chart_spans_the_whole_scale() -> None:
    svg = _svg(line_chart(_rating((Point(date(2026, 9, 3), 3),)), "c1"))
    ticks = [t.text for t in svg.findall("text") if t.get("dominant-baseline") == "middle"]
    assert ticks == ["1", "2", "3", "4", "5"]


def test_a_metric_chart_spans_its_data_and_target_with_headroom() -> None:
    series = Series(
        "coverage",
        "Pipeline coverage",
        "metric",
        "×",
        (Point(date(2026, 9, 3), 2.4), Point(date(2026, 11, 5), 2.9)),
        target=3,
    )
    svg = _svg(line_chart(series, "c1"))
    ticks = [float(t.text or "") for t in svg.findall("text") if t.get("dominant-baseline")]
    assert ticks[0] < 2.4 and ticks[-1] > 3
    assert ticks == sorted(ticks)
    assert "3×" in (svg.findtext("desc") or "")


def test_a_metric_that_never_goes_below_zero_has_no_negative_axis() -> None:
    series = Series(
        "m",
        "Meetings",
        "metric",
        "meetings",
        (Point(date(2026, 9, 3), 0), Point(date(2026, 9, 10), 10)),
    )
    svg = _svg(line_chart(series, "c1"))
    ticks = [float(t.text or "") for t in svg.findall("text") if t.get("dominant-baseline")]
    assert min(ticks) == 0


def test_points_sit_in_proportion_to_their_dates() -> None:
    points = (Point(date(2026, 9, 1), 1), Point(date(2026, 9, 11), 2), Point(date(2026, 10, 1), 3))
    circles = _svg(line_chart(_rating(points), "c1")).findall("circle")
    xs = [float(c.get("cx") or "") for c in circles]
    assert abs((xs[1] - xs[0]) * 3 - (xs[2] - xs[0])) < 0.5  # coordinates have one decimal


def test_the_window_gives_the_time_axis() -> None:
    text = line_chart(_rating(FOUR), "c1", START, END)
    assert ">1 Sep 2026</text>" in text and ">30 Nov 2026</text>" in text
    first = _svg(text).find("circle")
    assert first is not None and float(first.get("cx") or "") > 56  # 3 Sep is after the axis


def test_one_point_and_no_target() -> None:
    series = Series("r", "Reply rate", "metric", "%", (Point(date(2026, 9, 10), 6.5),))
    text = line_chart(series, "c1")
    svg = _svg(text)
    assert len(svg.findall("circle")) == 1
    assert svg.find("polyline") is None
    assert svg.find("line[@class='target']") is None
    assert svg.findtext("desc") == "Reply rate was 6.5% on 10 Sep 2026."


def test_a_lower_is_better_target_says_so() -> None:
    series = Series(
        "c",
        "Cycle time",
        "metric",
        "days",
        (Point(date(2026, 9, 10), 40),),
        target=30,
        better="lower",
    )
    assert series_description(series).endswith("target 30 days or lower.")


def test_text_in_a_chart_is_escaped() -> None:
    text = line_chart(_rating(FOUR, name=HOSTILE), "c1")
    assert "<script>" not in text
    svg = _svg(text)
    assert svg.findtext("title") == HOSTILE + " (rating)"
    assert svg.findtext("desc", "").startswith(HOSTILE + " rated 2, 3, 3, 4")


def test_an_id_that_is_not_safe_is_made_safe() -> None:
    svg = _svg(line_chart(_rating(FOUR), 'a "b" <c>'))
    assert svg.get("aria-labelledby") == "a--b---c--title a--b---c--desc"


def test_charts_are_deterministic() -> None:
    view = team_view()
    for rep in view.reps:
        for series in rep.series:
            assert line_chart(series, "x", START, END) == line_chart(series, "x", START, END)
        assert balance_chart(rep.months, "b", 0.6) == balance_chart(rep.months, "b", 0.6)


@given(st.text(max_size=40))
def test_any_name_makes_a_well_formed_chart(name: str) -> None:
    svg = _svg(line_chart(_rating(FOUR, name=name), "c1"))
    assert svg.findtext("title", "").endswith(" (rating)")
    assert len(svg.findall("circle")) == 4


# --- the balance chart -------------------------------------------------------------------


MONTHS = (
    MonthBalance(date(2026, 9, 1), 26, 31.5, 2.5, 2, estimated=True),
    MonthBalance(date(2026, 10, 1), 0, 0, 0, 0),
    MonthBalance(date(2026, 11, 1), 44, 17, 4, 2),
)


def test_the_balance_chart_stacks_the_minutes_of_each_month() -> None:
    svg = _svg(balance_chart(MONTHS, "b1", 0.6))
    assert svg.get("role") == "img"
    assert len(svg.findall("rect[@class='coaching']")) == 2  # the empty month has no bar
    assert len(svg.findall("rect[@class='performance']")) == 2
    shares = [t.text for t in svg.findall("text[@class='share']")]
    assert shares == ["43%*", "no 1:1", "68%"]  # neutral minutes counted, as coach balance does
    assert svg.findtext("desc") == (
        "Minutes of 1:1s by month: Sep 2026 26 coaching, 31.5 performance, 2.5 neutral "
        "(43% coaching) (planned minutes); Oct 2026 no 1:1; Nov 2026 44 coaching, "
        "17 performance, 4 neutral (68% coaching); coaching target 60%."
    )


def test_performance_and_neutral_minutes_differ_by_pattern_not_colour_alone() -> None:
    text = balance_chart(MONTHS, "b1", 0.6)
    assert 'fill="url(#b1-performance)"' in text and 'fill="url(#b1-neutral)"' in text
    assert ">Coaching</text>" in text and ">Performance</text>" in text


def test_a_month_of_minutes_only_neutral_has_no_coaching_and_one_without_minutes_no_share() -> None:
    """The share is coach balance's: coaching over all the meeting's minutes, neutral ones too."""
    only_neutral = MonthBalance(date(2026, 9, 1), 0, 0, 12, 1)
    nothing = MonthBalance(date(2026, 10, 1), 0, 0, 0, 0)
    svg = _svg(balance_chart((only_neutral, nothing), "b1"))
    assert [t.text for t in svg.findall("text[@class='share']")] == ["0%", "no 1:1"]
    assert only_neutral.coaching_share == 0.0 and nothing.coaching_share is None


def test_the_packet_s_share_is_the_balance_s_share() -> None:
    from coachcli.analytics.balances import KindTotals

    month = MonthBalance(date(2026, 9, 1), 26, 31.5, 2.5, 2)
    totals = KindTotals({}, 26, 31.5, 2.5)
    assert month.coaching_share == totals.coaching_share


# --- Markdown ----------------------------------------------------------------------------


def test_the_first_line_is_the_notice() -> None:
    assert report_markdown(team_view()).splitlines()[0] == SHARED_NOTICE
    assert report_markdown(rep_view()).splitlines()[0] == PRIVATE_NOTICE


def test_the_team_packet_opens_with_an_overview() -> None:
    text = report_markdown(team_view())
    overview = text[text.index("## Team overview") : text.index("## Alex Kim")]
    assert "| Alex Kim | 5 | 65% | 2 | 1 |" in overview
    assert "| Priya Nair | 3 | 53% | 2 | 1 |" in overview
    assert "## Team overview" not in report_markdown(rep_view())


def test_the_packet_holds_every_figure_of_the_view() -> None:
    text = report_markdown(rep_view())
    assert "| 5 Nov 2026 | Deal review | mixed | 35 | Globex renewal |" in text
    assert "| 1 Oct 2026 | Book the Globex exec sponsor meeting | 24 Sep 2026 | missed |" in text
    assert "Sponsor on leave until mid-October" in text
    assert "2 kept, 1 missed, 1 dropped, 1 still open." in text
    assert "| 24 Sep 2026 | 2.4× |" in text
    assert "| Sep 2026\\* | 2 | 26 | 31.5 | 2.5 | 43% |" in text
    assert "| **Window** | 5 | 107.5 | 48.5 | 10 | 65% |" in text
    assert "> — 15 Oct 2026, Reinforce (SBI)" in text


def _view(rep: RepReport) -> ReportView:
    return ReportView("Alex Kim · review packet", "", START, END, False, (rep,))


def test_pipes_and_line_breaks_in_notes_do_not_break_a_table() -> None:
    rep = replace(
        rep_view().reps[0],
        sessions=(
            SessionEntry(date(2026, 9, 3), "GROW", "coaching", 30, "A|B", "one | two\nthree"),
        ),
    )
    text = report_markdown(_view(rep))
    row = next(line for line in text.splitlines() if line.startswith("| 3 Sep 2026"))
    assert row == "| 3 Sep 2026 | GROW | coaching | 30 | A\\|B | one \\| two<br>three |"


def test_html_in_notes_stays_text() -> None:
    rep = replace(rep_view().reps[0], rep=HOSTILE, quotes=())
    text = report_markdown(_view(rep))
    assert re.search(r"(?<!\\)<(?!br>)", text) is None  # our own line breaks in cells aside
    assert "## \\<script>alert('x')\\</script> & Q&A" in text


def test_a_rep_with_nothing_in_the_window() -> None:
    months = (MonthBalance(date(2026, 9, 1), 0, 0, 0, 0),)
    rep = RepReport("Sam Ortiz", "", (), (), (), months, (), 0.6)
    text = report_markdown(_view(rep))
    assert "_No 1:1 in this window._" in text
    assert "_No commitment came due in this window._" in text
    assert "_No rating or metric recorded in this window._" in text
    assert "| Sep 2026 | 0 | 0 | 0 | 0 | — |" in text
    assert "_No feedback recorded in this window._" in text
    assert "0 1:1s · coaching share — (target 60%)" in text


def test_a_quote_of_several_lines_stays_one_quote() -> None:
    rep = replace(
        rep_view().reps[0],
        quotes=(replace(rep_view().reps[0].quotes[0], text="First line.\n\nSecond line."),),
    )
    text = report_markdown(_view(rep))
    assert "> First line.\n>\n> Second line.\n>\n> — 15 Oct 2026, Reinforce (SBI)" in text


def test_the_markdown_is_deterministic() -> None:
    assert report_markdown(team_view()) == report_markdown(team_view())


def test_warnings_close_the_packet() -> None:
    text = report_markdown(team_view())
    assert text.rstrip().endswith(
        "- reps/sam-ortiz/2026-10-02-grow.md: line 3: the front matter is not closed"
    )


@given(st.text(max_size=60))
def test_any_summary_keeps_the_sessions_table_whole(summary: str) -> None:
    rep = replace(
        rep_view().reps[0],
        sessions=(SessionEntry(date(2026, 9, 3), "GROW", "coaching", 30, "", summary),),
    )
    lines = report_markdown(_view(rep)).splitlines()
    header = lines.index("| Date | Framework | Kind | Minutes | Subject | Summary |")
    row = lines[header + 2]
    assert len(re.findall(r"(?<!\\)\|", row)) == 7
    assert lines[header + 3] == ""
    for word in summary.replace("|", " ").replace("\\", " ").replace("<", " ").split():
        assert word in row


# --- HTML (the page as a browser shows it: tests/test_report_browser.py) -----------------


def test_the_html_is_one_file_that_loads_nothing() -> None:
    page = report_html(team_view())
    lowered = page.lower()
    assert "<script" not in lowered
    assert "http" not in lowered  # no URL of any kind, not even a namespace
    assert "src=" not in lowered and "href=" not in lowered and "@import" not in lowered
    urls = re.findall(r"url\(([^)]*)\)", page)
    assert urls and all(u.startswith("#") for u in urls)  # the patterns of the balance chart


def test_the_notice_comes_first_in_the_body_and_in_the_title() -> None:
    page = report_html(rep_view())
    body = page[page.index("<body") :]
    assert body.split("\n")[1] == f'<p class="notice private" role="note">{PRIVATE_NOTICE}</p>'
    assert f"<title>Alex Kim · review packet · {PRIVATE_NOTICE}</title>" in page
    shared = report_html(team_view())
    assert f'<p class="notice" role="note">{html.escape(SHARED_NOTICE)}</p>' in shared


def test_text_from_notes_is_escaped_in_the_html() -> None:
    rep = replace(
        rep_view().reps[0],
        rep=HOSTILE,
        sessions=(
            SessionEntry(date(2026, 9, 3), HOSTILE, "coaching", 30, "", f"{HOSTILE}\nline two"),
        ),
    )
    page = report_html(_view(rep))
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Q&amp;A<br>line two" in page


def test_every_table_has_a_caption_and_column_headers() -> None:
    page = report_html(team_view())
    tables = re.findall(r"<table>.*?</table>", page, flags=re.S)
    assert len(tables) == 1 + 2 * 4  # the overview; per rep 1:1s, commitments, measures, months
    for one in tables:
        assert "<caption>" in one and '<th scope="col"' in one


def test_the_html_is_deterministic() -> None:
    assert report_html(team_view()) == report_html(team_view())


def test_an_empty_rep_in_html() -> None:
    rep = RepReport("Sam Ortiz", "", (), (), (), (), (), 0.6)
    page = report_html(_view(rep))
    for sentence in (
        "No 1:1 in this window.",
        "No commitment came due in this window.",
        "No rating or metric recorded in this window.",
        "No month in this window.",
        "No feedback recorded in this window.",
    ):
        assert f'<p class="none">{sentence}</p>' in page
    assert "<svg" not in page


def test_the_sample_in_the_docs_is_what_the_code_renders() -> None:
    sample = Path(__file__).resolve().parent.parent / "docs" / "report-sample.html"
    assert sample.read_text(encoding="utf-8") == report_html(rep_view()), (
        "docs/report-sample.html is out of date: run python scripts/report_screenshot.py"
    )
