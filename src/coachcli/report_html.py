"""The review packet as one self-contained HTML file: inline CSS, inline SVG charts, no script.

It opens offline and fetches nothing: no script, no web font, no image or
link by URL. The notice (shared parts only, or private parts included) is the
first thing in the body and in the page's title; every table has column
headers and a caption; every chart is an image with a title and a text
alternative (:mod:`coachcli.charts`). Every piece of text is escaped. The
wording is the Markdown packet's (:mod:`coachcli.report_md`): one copy of each
phrase and figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from coachcli.charts import balance_chart, esc, line_chart, series_title, target_text
from coachcli.dates import date_span, month_label
from coachcli.report_css import CSS
from coachcli.report_md import (
    BALANCE_INTRO,
    ESTIMATED_NOTE,
    MANAGER_COLUMNS,
    MANAGERS_HEADING,
    MANAGERS_INTRO,
    MANAGERS_TREND,
    NO_COMMITMENTS,
    NO_MONTHS,
    NO_QUOTES,
    NO_REPS,
    NO_SERIES,
    NO_SESSIONS,
    OUTCOME_WORDS,
    SUGGESTIONS_HEADING,
    WARNINGS_HEADING,
    manager_cells,
    minutes,
    outcome_counts,
    suggestions,
    value_text,
    window_line,
)
from coachcli.report_view import Point, ReportView, RepReport, Series
from coachcli.wording import long_date, number, percent, plural

if TYPE_CHECKING:
    from coachcli.team_view import ManagerFigures, TeamView

Cell = tuple[str, str]
"""A table cell as ``(class, html)``: the html already escaped; the class "" for plain
text, "num" for a figure, "date" for a date, "row" for the row's header."""


def text(value: str) -> str:
    """Text from a note as HTML: escaped, its line breaks kept."""
    return "<br>".join(esc(line) for line in value.strip("\n").splitlines())


def _table(
    caption: str, headers: Sequence[Cell], rows: Iterable[Sequence[Cell]], foot: Sequence[Cell] = ()
) -> list[str]:
    """A table with a caption and column headers; a row's "row" cell is its header."""
    out = ["<table>", f"<caption>{esc(caption)}</caption>", "<thead><tr>"]
    out += [f'<th scope="col"{_class(kind)}>{esc(name)}</th>' for kind, name in headers]
    out.append("</tr></thead>")
    out.append("<tbody>")
    for row in rows:
        out.append("<tr>" + "".join(_cell(kind, html) for kind, html in row) + "</tr>")
    out.append("</tbody>")
    if foot:
        out.append("<tfoot><tr>" + "".join(_cell(k, h) for k, h in foot) + "</tr></tfoot>")
    out.append("</table>")
    return out


def _class(kind: str) -> str:
    return f' class="{kind}"' if kind and kind != "row" else ""


def _cell(kind: str, html: str) -> str:
    if kind == "row":
        return f'<th scope="row">{html}</th>'
    return f"<td{_class(kind)}>{html}</td>"


def _none(sentence: str) -> list[str]:
    return [f'<p class="none">{esc(sentence)}</p>']


def report_html(view: ReportView) -> str:
    """The whole packet as one HTML5 document; the notice is the body's first element."""
    notice_class = "notice private" if view.include_private else "notice"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(view.title)} · {esc(view.notice)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        f'<body class="{"team" if view.team else "rep"}">',
        f'<p class="{notice_class}" role="note">{esc(view.notice)}</p>',
        "<header>",
        f"<h1>{esc(view.title)}</h1>",
        f'<p class="window">{esc(window_line(view))}</p>',
        "</header>",
        "<main>",
    ]
    if view.managers is not None:
        out += _managers(view.managers)
    if view.team and (view.reps or view.managers is None):
        out += _overview(view)
    if not view.reps and view.managers is None:
        out += _none(NO_REPS)
    for index, rep in enumerate(view.reps, start=1):
        out += _rep(view, rep, f"r{index}")
    if view.warnings:
        out += ['<section class="warnings">', f"<h2>{esc(WARNINGS_HEADING)}</h2>", "<ul>"]
        out += [f"<li>{esc(w)}</li>" for w in view.warnings]
        out += ["</ul>", "</section>"]
    out += ["</main>", "</body>", "</html>", ""]
    return "\n".join(out)


def _overview(view: ReportView) -> list[str]:
    out = [
        '<section class="overview" aria-labelledby="overview">',
        '<h2 id="overview">Team overview</h2>',
    ]
    out += _table(
        f"Each rep's 1:1s, coaching share and commitments, {date_span(view.start, view.end)}",
        (
            ("", "Rep"),
            ("num", "1:1s"),
            ("num", "Coaching share"),
            ("num", "Kept"),
            ("num", "Missed"),
        ),
        (
            (
                ("row", esc(rep.rep)),
                ("num", str(len(rep.sessions))),
                ("num", percent(rep.coaching_share)),
                ("num", str(rep.kept)),
                ("num", str(rep.missed)),
            )
            for rep in view.reps
        ),
    )
    return [*out, "</section>"]


def share_series(manager: ManagerFigures, months: Sequence[date]) -> Series:
    """A manager's coaching share by month as a chart's series: a point on the first of each
    month with 1:1 minutes, in percent, the target dashed."""
    points = tuple(
        Point(start, round(t.coaching_share * 100, 1))
        for start, t in zip(months, manager.months, strict=True)
        if t.coaching_share is not None
    )
    return Series(f"{manager.slug}-share", f"{manager.name}: coaching share", "metric", "%",
                  points, target=round(manager.target * 100, 1), low=0.0, high=100.0)  # fmt: skip


def _managers(team: TeamView) -> list[str]:
    out = [
        '<section class="managers" aria-labelledby="managers">',
        f'<h2 id="managers">{esc(MANAGERS_HEADING)}</h2>',
        f'<p class="note">{esc(MANAGERS_INTRO.format(days=team.no_coaching_days))}</p>',
    ]
    kinds = ("row", "num", "num", "num", "num", "num", "num", "num")
    out += _table(
        f"Each manager's coaching, cadence and commitments, {date_span(team.since, team.until)}",
        tuple(zip(("", *kinds[1:]), MANAGER_COLUMNS, strict=True)),
        (
            tuple((k, esc(c)) for k, c in zip(kinds, manager_cells(m), strict=True))
            for m in team.managers
        ),
    )
    said = suggestions(team)
    if said:
        out.append(f"<h3>{esc(SUGGESTIONS_HEADING)}</h3>")
        out += ["<ul>", *(f"<li>{esc(line)}</li>" for line in said), "</ul>"]
    out.append(f"<h3>{esc(MANAGERS_TREND)}</h3>")
    out.append('<div class="charts">')
    for index, manager in enumerate(team.managers, start=1):
        series = share_series(manager, team.months)
        out.append('<figure class="chart">')
        out.append(f"<figcaption>{esc(series_title(series))} <span>· "
                   f"{esc(target_text(series))}</span></figcaption>")  # fmt: skip
        out.append(line_chart(series, f"m{index}-share", team.since, team.until))
        out.append("</figure>")
    out.append("</div>")
    out += _table(
        "Coaching share of 1:1 minutes by month, per manager",
        (("", "Manager"), *(("num", month_label(m)) for m in team.months), ("num", "Target")),
        (
            (
                ("row", esc(m.name)),
                *(("num", percent(t.coaching_share)) for t in m.months),
                ("num", percent(m.target)),
            )
            for m in team.managers
        ),
    )
    return [*out, "</section>"]


def _rep(view: ReportView, rep: RepReport, rid: str) -> list[str]:
    facts = [rep.role.strip()] if rep.role.strip() else []
    facts.append(plural(len(rep.sessions), "1:1"))
    facts.append(
        f"coaching share {percent(rep.coaching_share)} (target {percent(rep.coaching_target)})"
    )
    facts.append(f"commitments: {outcome_counts(rep)}")
    out = [
        f'<section class="rep" aria-labelledby="{rid}">',
        f'<h2 id="{rid}">{esc(rep.rep)}</h2>',
        f'<p class="facts">{esc(" · ".join(facts))}</p>',
    ]
    out += _sessions(rep)
    out += _commitments(rep)
    out += _series(view, rep, rid)
    out += _months(rep, rid)
    out += _quotes(rep)
    return [*out, "</section>"]


def _sessions(rep: RepReport) -> list[str]:
    out = ["<h3>1:1s</h3>"]
    if not rep.sessions:
        return out + _none(NO_SESSIONS)
    return out + _table(
        f"1:1s with {rep.rep}, oldest first",
        (
            ("", "Date"),
            ("", "Framework"),
            ("", "Kind"),
            ("num", "Minutes"),
            ("", "Subject"),
            ("", "Summary"),
        ),
        (
            (
                ("date", long_date(s.day)),
                ("", esc(s.framework)),
                ("", esc(s.kind)),
                ("num", str(s.minutes)),
                ("", text(s.subject)),
                ("", text(s.summary)),
            )
            for s in rep.sessions
        ),
    )


def _commitments(rep: RepReport) -> list[str]:
    out = ["<h3>Commitments</h3>"]
    if not rep.commitments:
        return out + _none(NO_COMMITMENTS)
    out.append(f'<p class="note">{esc(outcome_counts(rep))}.</p>')
    return out + _table(
        f"Commitments {rep.rep} made, by due date",
        (("", "Due"), ("", "Commitment"), ("", "Agreed"), ("", "Outcome"), ("", "Reason")),
        (
            (
                ("date", long_date(c.due)),
                ("", text(c.text)),
                ("date", long_date(c.agreed)),
                (f"outcome-{c.outcome}", esc(OUTCOME_WORDS[c.outcome])),
                ("", text(c.reason)),
            )
            for c in rep.commitments
        ),
    )


def _series(view: ReportView, rep: RepReport, rid: str) -> list[str]:
    out = ["<h3>Ratings and metrics</h3>"]
    if not rep.series:
        return out + _none(NO_SERIES)
    out.append('<div class="charts">')
    for index, series in enumerate(rep.series, start=1):
        target = target_text(series)
        out.append('<figure class="chart">')
        out.append(
            f"<figcaption>{esc(series_title(series))}"
            + (f" <span>· {esc(target)}</span>" if target else "")
            + "</figcaption>"
        )
        out.append(line_chart(series, f"{rid}-s{index}", view.start, view.end))
        out.append("</figure>")
    out.append("</div>")
    return out + _table(
        f"Ratings and metrics of {rep.rep}: every value is in each chart's description",
        (
            ("", "Rating or metric"),
            ("num", "Values"),
            ("", "First"),
            ("", "Latest"),
            ("", "Target"),
        ),
        (
            (
                ("row", esc(series_title(s))),
                ("num", str(len(s.points))),
                ("", _dated(s, 0)),
                ("", _dated(s, -1)),
                ("", esc(_target_cell(s))),
            )
            for s in rep.series
        ),
    )


def _dated(series: Series, index: int) -> str:
    if not series.points:
        return "—"
    point = series.points[index]
    when = long_date(point.day) + (f", imported from {point.source}" if point.imported else "")
    return f"{esc(value_text(series, point.value))} <small>({esc(when)})</small>"


def _target_cell(series: Series) -> str:
    target = target_text(series).removeprefix("target ")
    if series.kind == "rating" and series.low is not None and series.high is not None:
        scale = f"scale {number(series.low)} to {number(series.high)}"
        return f"{target} ({scale})" if target else scale
    return target or "—"


def _months(rep: RepReport, rid: str) -> list[str]:
    months = rep.months
    # the heading, its sentence and the chart stay on one page
    out = ['<div class="keep">', "<h3>Coaching and performance by month</h3>"]
    if not months:
        return [*out, *_none(NO_MONTHS), "</div>"]
    intro = BALANCE_INTRO.format(target=percent(rep.coaching_target))
    out.append(f'<p class="note">{esc(intro)}</p>')
    out.append('<figure class="chart">')
    out.append(balance_chart(months, f"{rid}-balance", rep.coaching_target))
    out.append("</figure>")
    out.append("</div>")
    out += _table(
        f"Minutes of {rep.rep}'s 1:1s by month",
        (
            ("", "Month"),
            ("num", "1:1s"),
            ("num", "Coaching min"),
            ("num", "Performance min"),
            ("num", "Neutral min"),
            ("num", "Coaching share"),
        ),
        (
            (
                ("row", month_label(m.month) + ("*" if m.estimated else "")),
                ("num", str(m.sessions)),
                ("num", minutes(m.coaching)),
                ("num", minutes(m.performance)),
                ("num", minutes(m.neutral)),
                ("num", percent(m.coaching_share)),
            )
            for m in months
        ),
        foot=(
            ("row", "Window"),
            ("num", str(sum(m.sessions for m in months))),
            ("num", minutes(sum(m.coaching for m in months))),
            ("num", minutes(sum(m.performance for m in months))),
            ("num", minutes(sum(m.neutral for m in months))),
            ("num", percent(rep.coaching_share)),
        ),
    )
    if any(m.estimated for m in months):
        out.append(f'<p class="note">* {esc(ESTIMATED_NOTE)}</p>')
    return out


def _quotes(rep: RepReport) -> list[str]:
    out = ["<h3>Feedback given</h3>"]
    if not rep.quotes:
        return out + _none(NO_QUOTES)
    for quote in rep.quotes:
        paragraphs = [p for p in quote.text.split("\n\n") if p.strip()]
        out.append('<figure class="quote"><blockquote>')
        out += [f"<p>{text(p)}</p>" for p in paragraphs]
        out.append(
            f"</blockquote><figcaption>— {long_date(quote.day)}, {esc(quote.name)}"
            "</figcaption></figure>"
        )
    return out
