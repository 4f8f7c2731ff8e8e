"""Lines that fit the terminal: rows whose free text is cut first, ratings and metrics as lines.

The rule of `coach brief` and `coach history`: dates, names and figures are
never cut; free text (a summary, an action item) takes the room left and is
cut with "…"; when too little room is left it goes on a line of its own. A
rating's or metric's full name that leaves no room for its figures puts them
on the next line. Everything returned is plain text (:class:`~coachcli.cli.render.Line`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from coachcli.aims import target_wording
from coachcli.cli.render import Line
from coachcli.wording import number

if TYPE_CHECKING:
    from coachcli.analytics import Point, Trend

GAP = "  "
MIN_TEXT = 16
"""Free text narrower than this goes on a line of its own."""
SPARK_WIDTH = {"history": 12, "brief": 8}
"""How many of the latest values a sparkline shows."""


def width_of(value: str) -> int:
    """The cells ``value`` takes on a terminal (a wide character takes two)."""
    from rich.cells import cell_len

    return cell_len(value)


def cut(value: str, width: int) -> str:
    """``value`` on one line (its spaces and line breaks as single spaces), cut to ``width``.

    The cut falls between words when a space is near the end, else within one.
    """
    from rich.cells import set_cell_size

    flat = " ".join(value.split())
    if width_of(flat) <= width:
        return flat
    if width <= 1:
        return "…"[:width]
    kept = set_cell_size(flat, width - 1)
    space = kept.rfind(" ")
    mid_word = flat[len(kept) : len(kept) + 1] != " "
    if mid_word and space > len(kept) * 2 // 3:  # a whole word, if a space is close
        kept = kept[:space]
    return kept.rstrip() + "…"


def fill(value: str, width: int, indent: int = 0, hanging: int = 2) -> str:
    """``value`` folded between words to ``width``, its later lines ``hanging`` further in.

    A word is never broken: one longer than the line stays whole.
    """
    import textwrap

    lines = textwrap.wrap(
        " ".join(value.split()), max(width, 20), initial_indent=" " * indent,
        subsequent_indent=" " * (indent + hanging), break_long_words=False, break_on_hyphens=False,
    )  # fmt: skip
    return "\n".join(lines)


def pad(value: str, width: int, right: bool = False) -> str:
    room = " " * max(0, width - width_of(value))
    return room + value if right else value + room


def rows(
    cells: Sequence[Sequence[str]],
    free: Sequence[str],
    width: int,
    *,
    indent: int = 0,
    right: frozenset[int] = frozenset(),
    styles: Sequence[str] = (),
) -> list[Line]:
    """Rows of aligned ``cells`` (never cut), each ending in its ``free`` text cut to fit.

    ``right``: the columns aligned right; ``styles``: one style per row ("" for none).
    """
    widths = [max(width_of(row[i]) for row in cells) for i in range(len(cells[0]))] if cells else []
    lines = []
    for n, (row, text) in enumerate(zip(cells, free, strict=True)):
        style = styles[n] if n < len(styles) else ""
        head = " " * indent + GAP.join(
            pad(c, w, i in right) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )
        line = Line()
        line.append(head.rstrip() if not text else head, style=style)
        if text:
            room = width - width_of(head) - len(GAP)
            if room >= MIN_TEXT or room >= width_of(" ".join(text.split())):
                line.append(GAP + cut(text, room), style=style)
            else:
                line.append("\n" + " " * (indent + 4) + cut(text, width - indent - 4), style=style)
        lines.append(line)
    return lines


def trend_lines(
    trends: Sequence[Trend], width: int, view: Literal["history", "brief"]
) -> list[Line]:
    """One line per rating or metric: full name and unit, sparkline, figures, target.

    ``history``: the first value → the last and the change between them;
    ``brief``: the last value and its change since the one before.
    """
    from coachcli.analytics import sparkline

    labels = [f"{t.label} ({t.unit})" if t.unit else t.label for t in trends]
    table: list[list[tuple[str, str]]] = []
    for t in trends:
        over_time = view == "history" and len(t.points) > 1
        change = t.overall if over_time else t.change
        oldest, newest = _marked(t.points[0]), _marked(t.points[-1])
        values = f"{oldest} → {newest}" if over_time else newest
        target = ""
        if t.on_target is not None:
            target = f"target {target_wording(t.aim, number)} " + ("✓" if t.on_target else "✗")
        table.append([
            (sparkline(t.values, SPARK_WIDTH[view]), ""),
            (values, ""),
            (_signed(change), ""),
            (target, "green" if t.on_target else "red"),
            (_aside(t), "dim"),
        ])  # fmt: skip
    widths = [max((width_of(row[i][0]) for row in table), default=0) for i in range(5)]
    used = [i for i, w in enumerate(widths) if w]
    figures_width = sum(widths[i] for i in used) + len(GAP) * (len(used) - 1)
    name_width = max((width_of(label) for label in labels), default=0)
    one_line = 2 + name_width + len(GAP) + figures_width <= width
    lines = []
    for label, row in zip(labels, table, strict=True):
        line = Line()
        if one_line:
            line.append("  " + pad(label, name_width) + GAP)
        else:  # a long name on a line (or more) of its own, the figures under it
            line.append(fill(label, width, indent=2) + "\n    ")
        for n, i in enumerate(used):
            value, style = row[i]
            last = n == len(used) - 1 or not any(row[j][0] for j in used[n + 1 :])
            shown = value if last else pad(value, widths[i], right=i in (1, 2))
            line.append(shown, style=style if value else "")
            if last:
                break
            line.append(GAP)
        line.rstrip()
        lines.append(line)
    return lines


IMPORTED_MARK = "*"
"""After a value imported from a CRM export: plain text, so it survives no colour and a pipe."""


def _marked(point: Point) -> str:
    return number(point.value) + (IMPORTED_MARK if point.imported else "")


def imported_note(trends: Sequence[Trend]) -> str:
    """The footnote of :data:`IMPORTED_MARK`: the exports shown; "" when no value is imported."""
    sources = sorted({p.source for t in trends for p in t.points if p.imported})
    if not sources:
        return ""
    return f"  {IMPORTED_MARK} imported from a CRM export: {', '.join(sources)}"


def _aside(trend: Trend) -> str:
    """``(lagging)``, ``(lagging · 2 of 5 imported)``: how many of the line's values came from
    an import, as the first and last value alone carry the mark."""
    imported = sum(p.imported for p in trend.points)
    parts = [trend.indicator or ""]
    if imported:
        parts.append(f"{imported} of {len(trend.points)} imported")
    shown = " · ".join(p for p in parts if p)
    return f"({shown})" if shown else ""


def _signed(change: float | None) -> str:
    """``+2``, ``-1.5``, ``±0``; nothing for no change to show."""
    if change is None:
        return ""
    if change == 0:
        return "±0"
    return ("+" if change > 0 else "-") + number(abs(change))
