"""What the rep receives after a 1:1, laid out as Markdown, plain text or HTML.

Only :class:`coachcli.sharing.SharedParts` comes in, so nothing private can
reach these functions: the parts were chosen before. The Markdown has no
front matter and no hidden markers, good to paste into an email or Slack;
the text has no Markdown at all; the HTML is one small self-contained page
(inline style, no script, nothing fetched).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from coachcli.session import ActionItem, Answer
from coachcli.sharing import SharedParts
from coachcli.visibility import without_private_tag
from coachcli.wording import long_date, with_unit

ShareFormat = Literal["md", "text", "html"]
FORMATS: tuple[ShareFormat, ...] = ("md", "text", "html")
_OUTCOMES = {"done": "Done", "not-done": "Not done yet", "dropped": "Dropped"}


@dataclass(frozen=True, slots=True)
class Labels:
    """Names and units from the session's framework (empty when it is gone: ids are shown)."""

    ratings: Mapping[str, tuple[str, int | None]] = field(default_factory=dict)
    """Rating id -> (name, top of the scale)."""
    metrics: Mapping[str, tuple[str, str, str]] = field(default_factory=dict)
    """Metric id -> (name, unit, its target as worded by :func:`coachcli.aims.target_wording`)."""
    scales: Mapping[str, tuple[int, tuple[str, ...]]] = field(default_factory=dict)
    """Scale question id -> (its lowest level, its labels)."""
    units: Mapping[str, str] = field(default_factory=dict)
    """Number question id -> unit."""


@dataclass(frozen=True, slots=True)
class _Block:
    """One part of the message: a heading and its items, each a list of lines."""

    heading: str
    items: list[tuple[str, list[str]]]
    """(label, lines): a label in bold (may be ""), then its lines."""
    bullets: bool = False
    quotes: bool = False
    """Each item is a quote: feedback, in the manager's own words."""


def _answer_lines(answer: Answer, labels: Labels) -> list[str]:
    value = answer.value
    if value is None:
        return ["(skipped)"]
    if isinstance(value, bool):
        return ["Yes" if value else "No"]
    if isinstance(value, list):
        return [f"• {item}" for item in value] or ["(none)"]
    if isinstance(value, int | float):
        if answer.type == "scale" and answer.id in labels.scales:
            low, names = labels.scales[answer.id]
            if isinstance(value, int) and low <= value < low + len(names):
                return [f"{value} — {names[value - low]}"]
        return [with_unit(float(value), labels.units.get(answer.id, ""))]
    return str(value).split("\n")


def _owner(action: ActionItem, parts: SharedParts) -> str:
    if action.owner == "rep":
        return parts.rep
    return parts.manager or "Manager"


def _blocks(parts: SharedParts, labels: Labels) -> list[_Block]:
    blocks: list[_Block] = []
    if parts.summary:
        blocks.append(_Block("Summary", [("", parts.summary.split("\n"))]))
    if parts.actions:
        items = []
        for action in parts.actions:
            done = {"done": " (done)", "dropped": " (dropped)"}.get(action.status, "")
            due = long_date(action.due, weekday=True)
            text = without_private_tag(action.text)
            items.append(("", [f"{text} — {_owner(action, parts)}, by {due}{done}"]))
        agreed = "Commitments" if parts.self_review else "What we agreed"
        blocks.append(_Block(agreed, items, bullets=True))
    if parts.reviews:
        items = []
        for review in parts.reviews:
            comment = f" — {review.comment}" if review.comment else ""
            items.append(("", [f"{_OUTCOMES[review.outcome]}: {review.text}{comment}"]))
        blocks.append(_Block("Last time's commitments", items, bullets=True))
    if parts.feedback:
        # the template's name (SBI, COIN...) is the manager's tool, not news for the rep
        items = [("", f.text.split("\n")) for f in parts.feedback]
        blocks.append(_Block("Feedback", items, quotes=True))
    for section in parts.sections:
        items = [(a.prompt, _answer_lines(a.answer, labels)) for a in section.answers]
        blocks.append(_Block(section.title, items))
    measures = []
    for rating_id, level in parts.ratings:
        name, top = labels.ratings.get(rating_id, (rating_id, None))
        measures.append(("", [f"{name}: {level}" + (f" of {top}" if top else "")]))
    for metric_id, amount in parts.metrics:
        name, unit, target = labels.metrics.get(metric_id, (metric_id, "", ""))
        aim = f" (target {target})" if target else ""
        measures.append(("", [f"{name}: {with_unit(amount, unit)}{aim}"]))
    if measures:
        blocks.append(_Block("Numbers", measures, bullets=True))
    return blocks


def _title(parts: SharedParts) -> str:
    """Both names: the rep reads it, and may file it. A self-review has one person in it."""
    if parts.self_review:
        return f"Self-review · {parts.rep} · {long_date(parts.day)}"
    if parts.manager:
        return f"1:1 · {parts.rep} and {parts.manager} · {long_date(parts.day)}"
    return f"1:1 with {parts.rep} · {long_date(parts.day)}"


def _subtitle(parts: SharedParts) -> str:
    about = f" · {parts.subject_kind or 'deal'}: {parts.subject}" if parts.subject else ""
    return f"{parts.framework_name}{about}"


def render(parts: SharedParts, labels: Labels, fmt: ShareFormat) -> str:
    """The message in ``fmt``; ends with one newline."""
    if fmt == "html":
        return _html(parts, labels)
    if fmt == "text":
        return _text(parts, labels)
    return _markdown(parts, labels)


def _md_escape_line(line: str) -> str:
    """A line of someone's text kept as it reads: a leading heading mark is escaped, and so is
    an HTML comment's opening, which a Markdown viewer would hide with all that follows."""
    line = line.replace("<!--", "\\<!--")
    stripped = line.lstrip()
    if stripped.startswith("#"):
        return line.replace("#", "\\#", 1)
    return line


def _md_item(line: str) -> str:
    """A list answer's item as a Markdown list item; any other line as it is."""
    return f"- {line[2:]}" if line.startswith("• ") else line


def _markdown(parts: SharedParts, labels: Labels) -> str:
    out = [f"# {_title(parts)}", "", f"*{_subtitle(parts)}*", ""]
    for block in _blocks(parts, labels):
        out += [f"## {block.heading}", ""]
        for label, lines in block.items:
            if block.bullets:
                out += [f"- {line}" for line in lines]
                continue
            if label:  # a paragraph of its own, or Markdown runs it into the answer
                out += [f"**{label}**", ""]
            if block.quotes:
                out += [f"> {line}" if line else ">" for line in lines]
            else:
                out += [_md_escape_line(_md_item(line)) for line in lines]
            out.append("")
        if block.bullets:
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _text(parts: SharedParts, labels: Labels) -> str:
    title = _title(parts)
    out = [title, "=" * len(title), _subtitle(parts), ""]
    for block in _blocks(parts, labels):
        out += [block.heading, "-" * len(block.heading)]
        for label, lines in block.items:
            if block.bullets:
                out += [f"• {line}" for line in lines]
                continue
            if label:
                out.append(label)
            out += [f"  {line}" if line else "" for line in lines]
            out.append("")
        if block.bullets:
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


_STYLE = (
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:42rem;"
    "margin:2rem auto;padding:0 1rem;line-height:1.5;color:#222}"
    "h1{font-size:1.4rem;margin-bottom:0}h2{font-size:1.1rem;margin-top:1.6rem;"
    "border-bottom:1px solid #ccc}p.sub{color:#555;margin-top:.2rem}"
    "blockquote{margin:.4rem 0;padding-left:.8rem;border-left:3px solid #999}"
    "p.q{margin:1rem 0 .2rem}.q+p,.q+ul{margin-top:0}"
)


def _html(parts: SharedParts, labels: Labels) -> str:
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(_title(parts))}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{e(_title(parts))}</h1>",
        f'<p class="sub">{e(_subtitle(parts))}</p>',
    ]
    for block in _blocks(parts, labels):
        out.append(f"<h2>{e(block.heading)}</h2>")
        if block.bullets:
            items = "".join(f"<li>{e(line)}</li>" for _, lines in block.items for line in lines)
            out.append(f"<ul>{items}</ul>")
            continue
        for label, lines in block.items:
            if label:
                out.append(f'<p class="q"><strong>{e(label)}</strong></p>')
            if lines and all(line.startswith("• ") for line in lines):
                out.append("<ul>" + "".join(f"<li>{e(x[2:])}</li>" for x in lines) + "</ul>")
                continue
            body = "<br>".join(e(line) for line in lines)
            tag = "blockquote" if block.quotes else "p"
            out.append(f"<{tag}>{body}</{tag}>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
