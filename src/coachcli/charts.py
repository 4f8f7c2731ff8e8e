"""The review packet's charts as inline SVG: a rating or metric over time, the balance by month.

Why a small module of our own rather than a chart library (issue 12):

- pygal writes SVG whose default output references external JavaScript (its
  tooltips): a report that must open offline and fetch nothing would have to
  fight its defaults.
- matplotlib's SVG backend costs about half a second to import and writes
  large SVGs (every glyph as a path), tens of KB a chart.
- Vega-Lite through altair writes a spec that needs a script to render: the
  packet must read with no script at all.

A chart here is a few KB of plain SVG inside the HTML, drawn by the standard
library only, and nothing is imported until a report is laid out (the CLI's
start-up never pays for it).

Every chart has ``role="img"``, a ``<title>`` and a ``<desc>`` (the text
alternative, which lists the values) named by ``aria-labelledby``, a
``viewBox`` with ``width="100%"`` so it scales on screen and on paper, and
colours that still read when printed in grey: the parts are told apart by
pattern, dashes and labels too, never by colour alone. Each point is a
``<circle>`` with its own ``<title>`` (date and value on hover). The same
input gives the same bytes, and every piece of text is escaped. The SVG is
meant to sit inline in an HTML5 page (the HTML parser gives it its namespace).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from datetime import date
from html import escape

from coachcli.aims import target_wording
from coachcli.dates import date_span, month_label
from coachcli.report_view import MonthBalance, Series
from coachcli.wording import long_date, number, percent, printable, with_unit

WIDTH, HEIGHT = 640, 260
"""The balance chart's box: a packet shows one a rep, the page's width."""
LINE_WIDTH, LINE_HEIGHT = 480, 220
"""A line chart's box: narrower, so that two side by side keep their text readable."""
_LEFT, _RIGHT, _TOP, _BOTTOM = 56, 20, 30, 40
"""Room around the plot: tick labels on the left, date or month labels below, a legend above."""

INK = "#1f3a5f"
"""Lines, points and coaching bars: a dark blue that prints near black."""
GRID = "#d0d0d0"
TARGET = "#555555"
PERFORMANCE_INK, PERFORMANCE_PAPER = "#9a4a0f", "#f6dcc6"
NEUTRAL_INK, NEUTRAL_PAPER = "#7a7a7a", "#eeeeee"
FONT = 'font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" font-size="12"'

_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


_NOT_XML = re.compile("[\ufffe\uffff]")
"""The two characters XML refuses that :func:`~coachcli.wording.printable` leaves."""


def esc(text: str) -> str:
    """Text as SVG (or HTML) holds it: markup characters escaped, control characters shown."""
    return escape(_NOT_XML.sub("\ufffd", printable(text)), quote=True)


def _f(value: float) -> str:
    """A coordinate: one decimal place at most, the same text for the same number."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _value(series: Series, value: float) -> str:
    return with_unit(value, series.unit) if series.kind == "metric" else number(value)


def target_text(series: Series) -> str:
    """``target 4``, ``target 3× or lower``, ``target 40%–60%``; "" when there is no target."""
    aim = target_wording(series.aim, lambda value: _value(series, value))
    return f"target {aim}" if aim else ""


def _target_lines(series: Series) -> list[float]:
    """Where the target's dashed lines go: the target, or both ends of a band."""
    if not series.aim.has_target:
        return []
    if series.better == "within":
        return [v for v in (series.target_low, series.target_high) if v is not None]
    return [series.target] if series.target is not None else []


def series_title(series: Series) -> str:
    """A chart's title: the name, with "rating" or the metric's unit."""
    if series.kind == "rating":
        return f"{series.name} (rating)"
    return f"{series.name} ({series.unit})" if series.unit else series.name


def series_description(series: Series) -> str:
    """The text alternative of a series' chart: every value, the dates, the scale, the target."""
    values = ", ".join(
        _value(series, p.value) + (f" (imported from {p.source})" if p.imported else "")
        for p in series.points
    )
    verb = "rated" if series.kind == "rating" else "was"
    if not series.points:
        text = f"{series.name}: no value in this window"
    else:
        first, last = series.points[0].day, series.points[-1].day
        when = f"on {long_date(first)}" if first == last else f"from {date_span(first, last)}"
        text = f"{series.name} {verb} {values} {when}"
    if series.kind == "rating" and series.low is not None and series.high is not None:
        text += f", on a scale of {number(series.low)} to {number(series.high)}"
    if aim := target_text(series):
        text += f"; {aim}"
    return text + "."


def _nice_step(span: float, ticks: int = 4) -> float:
    """1, 2 or 5 times a power of ten, near ``span / ticks``."""
    raw = span / ticks
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10.0 * power  # pragma: no cover - the loop always returns


def _ticks(low: float, high: float) -> list[float]:
    """Tick values from ``low`` to ``high`` inclusive, at a nice step."""
    step = _nice_step(high - low)
    first = math.floor(low / step + 1e-9) * step
    count = round((math.ceil(high / step - 1e-9) * step - first) / step)
    return [round(first + i * step, 10) for i in range(count + 1)]


def _y_scale(series: Series) -> list[float]:
    """The y axis' ticks: a fixed scale (a rating's, a share's 0 to 100) whole; a metric's data
    and target with headroom."""
    values = [p.value for p in series.points]
    if series.low is not None and series.high is not None:
        low = min([series.low, *values])
        high = max([series.high, *values])
        if high - low <= 10 and low == int(low) and high == int(high):
            return [float(v) for v in range(int(low), int(high) + 1)] if high > low else [low]
        return _ticks(low, high) if high > low else [low - 1, low, low + 1]
    values.extend(_target_lines(series))
    low, high = min(values, default=0.0), max(values, default=1.0)
    span = high - low or abs(high) or 1.0
    low, high = low - span * 0.1, high + span * 0.1
    if min(values, default=0.0) >= 0 > low:
        low = 0.0
    return _ticks(low, high)


def _label(
    x: float | str, y: float | str, text: str, anchor: str = "start", fill: str = "#333"
) -> str:
    """A ``<text>``: ``text`` is escaped here."""
    return (
        f'<text x="{x if isinstance(x, str) else _f(x)}" y="{y if isinstance(y, str) else _f(y)}" '
        f'text-anchor="{anchor}" fill="{fill}">{esc(text)}</text>'
    )


def _svg_open(chart_id: str, title: str, desc: str, width: int, height: int) -> list[str]:
    cid = _ID_UNSAFE.sub("-", chart_id)
    return [
        f'<svg class="chart" role="img" aria-labelledby="{cid}-title {cid}-desc" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMidYMid meet" '
        f"{FONT}>",
        f'<title id="{cid}-title">{esc(title)}</title>',
        f'<desc id="{cid}-desc">{esc(desc)}</desc>',
    ]


def _y_axis(ticks: Sequence[float], y: Callable[[float], float], width: int) -> list[str]:
    """Grid lines and tick labels; ``y`` maps a value to its height."""
    out = []
    for tick in ticks:
        at = _f(y(tick))
        out.append(
            f'<line x1="{_LEFT}" x2="{width - _RIGHT}" y1="{at}" y2="{at}" stroke="{GRID}" '
            'stroke-width="1"/>'
        )
        out.append(
            f'<text x="{_LEFT - 6}" y="{at}" text-anchor="end" dominant-baseline="middle" '
            f'fill="#333">{esc(number(tick))}</text>'
        )
    return out


def _month_starts(first: date, last: date) -> list[date]:
    """The first days of the months after ``first`` up to ``last`` (none past 13 months)."""
    starts: list[date] = []
    day = date(first.year, first.month, 1)
    while len(starts) < 14:
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        if day > last:
            break
        starts.append(day)
    return starts if len(starts) <= 13 else []


def line_chart(
    series: Series, chart_id: str, start: date | None = None, end: date | None = None
) -> str:
    """``series`` over time as SVG: a line, a circle per point, the target dashed.

    The x axis runs from ``start`` to ``end`` (the report's window, so every
    chart of a packet shares its time axis), by default the first and last
    points; a point's position is proportional to its date, and each month
    begun in between is marked. ``chart_id`` makes the ids of the title and
    description unique in the page.
    """
    days = [p.day for p in series.points]
    first = start or min(days, default=end or date.min)
    last = end or max(days, default=first)
    span = max((last - first).days, 0)
    ticks = _y_scale(series)
    low, high = ticks[0], ticks[-1]
    plot_w = LINE_WIDTH - _LEFT - _RIGHT
    bottom = LINE_HEIGHT - _BOTTOM
    plot_h = bottom - _TOP

    def x(day: date) -> float:
        if span == 0:
            return _LEFT + plot_w / 2
        return _LEFT + plot_w * min(max((day - first).days / span, 0.0), 1.0)

    def y(value: float) -> float:
        if high == low:
            return _TOP + plot_h / 2
        return _TOP + plot_h * (1 - (min(max(value, low), high) - low) / (high - low))

    out = _svg_open(
        chart_id, series_title(series), series_description(series), LINE_WIDTH, LINE_HEIGHT
    )
    out += _y_axis(ticks, y, LINE_WIDTH)
    if series.kind == "metric" and series.unit:
        out.append(_label(_LEFT, 16, series.unit))
    out.append(f'<line x1="{_LEFT}" x2="{_LEFT}" y1="{_TOP}" y2="{bottom}" stroke="#333"/>')
    out.append(_label(_LEFT, bottom + 18, long_date(first)))
    if span:
        out.append(_label(LINE_WIDTH - _RIGHT, bottom + 18, long_date(last), "end"))
        for month in _month_starts(first, last):
            at = x(month)
            out.append(
                f'<line x1="{_f(at)}" x2="{_f(at)}" y1="{bottom}" y2="{bottom + 5}" stroke="#333"/>'
            )
            if _LEFT + 80 < at < LINE_WIDTH - _RIGHT - 80:
                out.append(_label(at, bottom + 18, month_label(month).partition(" ")[0], "middle"))
    if lines := _target_lines(series):
        for line_at in lines:  # a band: its two ends
            at_y = _f(y(line_at))
            out.append(
                f'<line class="target" x1="{_LEFT}" x2="{LINE_WIDTH - _RIGHT}" y1="{at_y}" '
                f'y2="{at_y}" stroke="{TARGET}" stroke-width="1.5" stroke-dasharray="6 4"/>'
            )
        # the label in the margin above the plot, with a sample of the dashes: never on a point
        label = target_text(series)
        out.append(
            f'<line x1="{LINE_WIDTH - _RIGHT - 30}" x2="{LINE_WIDTH - _RIGHT}" y1="12" y2="12" '
            f'stroke="{TARGET}" stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
        out.append(_label(LINE_WIDTH - _RIGHT - 36, 16, label, "end", TARGET))
    if len(series.points) > 1:
        line = " ".join(f"{_f(x(p.day))},{_f(y(p.value))}" for p in series.points)
        out.append(f'<polyline points="{line}" fill="none" stroke="{INK}" stroke-width="2"/>')
    for point in series.points:
        px, py = x(point.day), y(point.value)
        tip = f"{long_date(point.day)}: {esc(_value(series, point.value))}"
        if point.imported:
            out.append(_diamond(px, py, f"{tip}, imported from {esc(point.source)}"))
            continue
        out.append(
            f'<circle cx="{_f(px)}" cy="{_f(py)}" r="4.5" fill="{INK}" '
            f'stroke="#fff" stroke-width="1.5"><title>{tip}</title></circle>'
        )
    if any(p.imported for p in series.points):  # the legend, left of the target's
        out.append(_diamond(_LEFT + 60, 12))
        out.append(_label(_LEFT + 70, 16, "imported from the CRM"))
    out.append("</svg>")
    return "\n".join(out)


def _diamond(at_x: float, at_y: float, tip: str = "") -> str:
    """An imported value's mark: a hollow diamond (a session's is a filled circle), told apart
    by shape as well as fill, so it reads in grey print."""
    points = " ".join(
        f"{_f(at_x + dx)},{_f(at_y + dy)}" for dx, dy in ((0, -6), (6, 0), (0, 6), (-6, 0))
    )
    title = f"<title>{tip}</title>" if tip else ""
    return (
        f'<polygon class="imported" points="{points}" fill="#fff" stroke="{INK}" '
        f'stroke-width="2">{title}</polygon>'
    )


def balance_description(months: Sequence[MonthBalance], target: float | None) -> str:
    """The text alternative of the balance chart: each month's minutes and coaching share."""
    parts = []
    for month in months:
        label = month_label(month.month)
        if not month.coaching + month.performance + month.neutral:
            parts.append(f"{label} no 1:1")
            continue
        share = month.coaching_share
        part = (
            f"{label} {number(round(month.coaching, 1))} coaching, "
            f"{number(round(month.performance, 1))} performance, "
            f"{number(round(month.neutral, 1))} neutral"
        )
        if share is not None:
            part += f" ({percent(share)} coaching)"
        if month.estimated:
            part += " (planned minutes)"
        parts.append(part)
    text = "Minutes of 1:1s by month: " + ("; ".join(parts) if parts else "no month")
    if target is not None:
        text += f"; coaching target {percent(target)}"
    return text + "."


def _defs(cid: str) -> str:
    """The hatching of performance minutes and the dots of neutral ones (they print in grey)."""
    return (
        f'<defs><pattern id="{cid}-performance" width="6" height="6" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{PERFORMANCE_PAPER}"/>'
        f'<rect width="2.5" height="6" fill="{PERFORMANCE_INK}"/></pattern>'
        f'<pattern id="{cid}-neutral" width="5" height="5" patternUnits="userSpaceOnUse">'
        f'<rect width="5" height="5" fill="{NEUTRAL_PAPER}"/>'
        f'<rect x="1.5" y="1.5" width="2" height="2" fill="{NEUTRAL_INK}"/></pattern></defs>'
    )


def balance_chart(
    months: Sequence[MonthBalance], chart_id: str, target: float | None = None
) -> str:
    """Minutes by month as stacked bars (coaching, performance, neutral), the coaching share
    written over each bar; the target share said in the legend (a share has no place on a
    minutes axis, so it is written rather than drawn)."""
    cid = _ID_UNSAFE.sub("-", chart_id)
    estimated = any(m.estimated for m in months)
    height = HEIGHT + (14 if estimated else 0)
    totals = [m.coaching + m.performance + m.neutral for m in months]
    ticks = _ticks(0.0, max([*totals, 30.0]) * 1.12)
    top = ticks[-1]
    plot_w = WIDTH - _LEFT - _RIGHT
    bottom = HEIGHT - _BOTTOM
    plot_h = bottom - _TOP

    def y(value: float) -> float:
        return bottom - plot_h * value / top

    title = "Coaching and performance minutes by month"
    out = _svg_open(chart_id, title, balance_description(months, target), WIDTH, height)
    out.append(_defs(cid))
    out += _y_axis(ticks, y, WIDTH)
    at = float(_LEFT)
    for name, fill in (
        ("Coaching", INK),
        ("Performance", f"url(#{cid}-performance)"),
        ("Neutral", f"url(#{cid}-neutral)"),
    ):
        out.append(
            f'<rect x="{_f(at)}" y="6" width="12" height="12" fill="{fill}" stroke="#333" '
            'stroke-width="0.5"/>'
        )
        out.append(_label(at + 16, 16, name))
        at += 16 + 7.2 * len(name) + 14
    note = "minutes; % coaching share"
    if target is not None:
        note += f" (target {percent(target)})"
    out.append(_label(WIDTH - _RIGHT, 16, note, "end"))
    if estimated:
        out.append(_label(WIDTH - _RIGHT, height - 4, "* planned minutes: older notes", "end"))
    slot = plot_w / max(len(months), 1)
    bar = min(56.0, slot * 0.6)
    for index, month in enumerate(months):
        left = _LEFT + slot * index + (slot - bar) / 2
        middle = left + bar / 2
        label = month_label(month.month)
        level = 0.0
        for name, minutes, fill in (
            ("coaching", month.coaching, INK),
            ("performance", month.performance, f"url(#{cid}-performance)"),
            ("neutral", month.neutral, f"url(#{cid}-neutral)"),
        ):
            if minutes <= 0:
                continue
            out.append(
                f'<rect class="{name}" x="{_f(left)}" y="{_f(y(level + minutes))}" '
                f'width="{_f(bar)}" height="{_f(plot_h * minutes / top)}" fill="{fill}" '
                f'stroke="#333" stroke-width="0.5"><title>{label}: '
                f"{number(round(minutes, 1))} {name} minutes</title></rect>"
            )
            level += minutes
        shown = percent(month.coaching_share) if totals[index] else "no 1:1"
        if month.estimated:
            shown += "*"
        out.append(
            f'<text class="share" x="{_f(middle)}" y="{_f(y(level) - 6)}" text-anchor="middle" '
            f'font-weight="bold" fill="#111">{esc(shown)}</text>'
        )
        name, _, year = label.partition(" ")
        out.append(_label(middle, bottom + 16, name, "middle"))
        if index == 0 or month.month.month == 1:
            out.append(_label(middle, bottom + 30, year, "middle"))
    out.append(
        f'<line x1="{_LEFT}" x2="{WIDTH - _RIGHT}" y1="{bottom}" y2="{bottom}" stroke="#333"/>'
    )
    out.append("</svg>")
    return "\n".join(out)
