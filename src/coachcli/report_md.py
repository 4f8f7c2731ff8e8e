"""The review packet as Markdown: a :class:`~coachcli.report_view.ReportView` laid out as text.

The first line is the notice (shared parts only, or private parts included),
then the title, the window and the manager; a team packet opens with an
overview table; then per rep: the 1:1s, the commitments and what became of
them, each rating and metric as a table of dated values with its target, the
balance by month, the feedback given as quotes. Nothing here reads a file.

Text from notes is Markdown the manager wrote, so it is kept as it is, except
what would break the packet's own structure: a ``|`` or a line break inside a
table cell, a line break in a heading, and HTML (``<`` is escaped, so a
``<script>`` in a note stays text).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from coachcli.charts import series_title, target_text
from coachcli.dates import date_span, month_label
from coachcli.report_view import ReportView, RepReport, Series
from coachcli.wording import long_date, number, percent, plural, with_unit

if TYPE_CHECKING:
    from coachcli.team_view import ManagerFigures, TeamView

OUTCOME_WORDS = {"kept": "kept", "missed": "missed", "dropped": "dropped", "open": "still open"}
"""A commitment's outcome as the packet says it."""

NO_SESSIONS = "No 1:1 in this window."
NO_COMMITMENTS = "No commitment came due in this window."
NO_SERIES = "No rating or metric recorded in this window."
NO_MONTHS = "No month in this window."
NO_QUOTES = "No feedback recorded in this window."
NO_REPS = "No rep in this packet."
BALANCE_INTRO = "Minutes of 1:1s by the kind of conversation; coaching target {target}."
ESTIMATED_NOTE = "Planned minutes: some notes of the month predate measured meeting time."
WARNINGS_HEADING = "Notes that could not be read"
MANAGERS_HEADING = "Managers"
MANAGERS_INTRO = (
    "From the managers' team publications (per-session aggregates, never a note): the coaching "
    "share of 1:1 minutes against each manager's target, reps overdue for a 1:1 by cadence, "
    "commitments kept, reps with no coaching conversation in {days} days (docs/team.md)."
)
MANAGERS_TREND = "Coaching share by month"
MANAGER_COLUMNS = ("Manager", "Reps", "1:1s", "Coaching share", "Target", "Overdue reps",
                   "Commitments kept", "No coaching")  # fmt: skip
SUGGESTIONS_HEADING = "Suggestions"


def inline(text: str) -> str:
    """Text from a note on one line of Markdown: no HTML, line breaks as spaces."""
    return " ".join(text.replace("\\", "\\\\").replace("<", "\\<").split())


def cell(text: str) -> str:
    """Text from a note in a table cell: ``|`` escaped, line breaks kept as ``<br>``."""
    lines = [inline(line).replace("|", "\\|") for line in text.splitlines()]
    return "<br>".join(line for line in lines if line)


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A Markdown table; cells are already escaped (:func:`cell`) or our own figures."""
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(c or " " for c in row) + " |" for row in rows]
    return out


def minutes(value: float) -> str:
    """Minutes as the packet shows them: ``32``, ``31.5``."""
    return number(round(value, 1))


def value_text(series: Series, value: float) -> str:
    """A value of ``series``: with the metric's unit, a rating bare."""
    return with_unit(value, series.unit) if series.kind == "metric" else number(value)


def outcome_counts(rep: RepReport) -> str:
    """``3 kept, 1 missed, 1 still open``: the outcomes that happened, in a fixed order."""
    said = [f"{n} {OUTCOME_WORDS[o]}" for o, n in rep.outcomes.items() if n]
    return ", ".join(said) if said else "none"


def window_line(view: ReportView) -> str:
    """``1 Sep to 30 Nov 2026 · manager Dana Lee · 2 reps``."""
    parts = [date_span(view.start, view.end)]
    if view.manager:
        parts.append(f"manager {view.manager}")
    if view.team and (view.reps or view.managers is None):
        parts.append(plural(len(view.reps), "rep"))
    if view.managers is not None:
        parts.append(plural(len(view.managers.managers), "manager"))
    return " · ".join(parts)


def manager_cells(m: ManagerFigures) -> tuple[str, ...]:
    """A manager's row of the packet's managers table (figures and words, not yet escaped)."""
    return (
        m.name,
        str(m.active_reps),
        str(m.totals.total_sessions),
        ("~" if m.totals.estimated else "") + percent(m.share),
        percent(m.target),
        f"{len(m.overdue)} of {m.active_reps}",
        percent(m.kept_ratio)
        + (f" ({m.kept} of {m.kept + m.missed})" if m.kept + m.missed else ""),
        str(len(m.uncoached)),
    )


def suggestions(team: TeamView) -> list[str]:
    """``Sam Rivera: coaching is 22% …``: one line per manager with a suggestion."""
    return [f"{m.name}: {m.suggestion.text}" for m in team.managers if m.suggestion is not None]


def _managers(team: TeamView) -> list[str]:
    out = [f"## {MANAGERS_HEADING}", "", MANAGERS_INTRO.format(days=team.no_coaching_days), ""]
    out += table(MANAGER_COLUMNS, ([cell(c) for c in manager_cells(m)] for m in team.managers))
    if said := suggestions(team):
        out += ["", f"### {SUGGESTIONS_HEADING}", ""]
        out += [f"- {inline(line)}" for line in said]
    out += ["", f"### {MANAGERS_TREND}", ""]
    out += table(
        ("Manager", *(month_label(m) for m in team.months), "Target"),
        (
            (cell(m.name), *(percent(t.coaching_share) for t in m.months), percent(m.target))
            for m in team.managers
        ),
    )
    return [*out, ""]


def _sentence(text: str) -> str:
    """``text`` begun with a capital and ended with a full stop."""
    return text[:1].upper() + text[1:] + "."


def report_markdown(view: ReportView) -> str:
    """The whole packet as Markdown; its first line is ``view.notice``."""
    out = [view.notice, "", f"# {inline(view.title)}", "", inline(window_line(view)), ""]
    if view.managers is not None:
        out += _managers(view.managers)
    if view.team and (view.reps or view.managers is None):
        out += ["## Team overview", ""]
        out += table(
            ("Rep", "1:1s", "Coaching share", "Kept", "Missed"),
            (
                (
                    cell(rep.rep),
                    str(len(rep.sessions)),
                    percent(rep.coaching_share),
                    str(rep.kept),
                    str(rep.missed),
                )
                for rep in view.reps
            ),
        )
        out.append("")
    if not view.reps and view.managers is None:
        out += [f"_{NO_REPS}_", ""]
    for rep in view.reps:
        out += _rep(rep)
    if view.warnings:
        out += [f"## {WARNINGS_HEADING}", ""]
        out += [f"- {inline(w)}" for w in view.warnings]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _rep(rep: RepReport) -> list[str]:
    out = [f"## {inline(rep.rep)}", ""]
    facts = [inline(rep.role)] if rep.role.strip() else []
    facts.append(plural(len(rep.sessions), "1:1"))
    facts.append(
        f"coaching share {percent(rep.coaching_share)} (target {percent(rep.coaching_target)})"
    )
    out += [" · ".join(facts), ""]
    out += _sessions(rep)
    out += _commitments(rep)
    out += _series(rep.series)
    out += _months(rep)
    out += _quotes(rep)
    return out


def _sessions(rep: RepReport) -> list[str]:
    out = ["### 1:1s", ""]
    if not rep.sessions:
        return [*out, f"_{NO_SESSIONS}_", ""]
    out += table(
        ("Date", "Framework", "Kind", "Minutes", "Subject", "Summary"),
        (
            (
                long_date(s.day),
                cell(s.framework),
                cell(s.kind),
                str(s.minutes),
                cell(s.subject),
                cell(s.summary),
            )
            for s in rep.sessions
        ),
    )
    return [*out, ""]


def _commitments(rep: RepReport) -> list[str]:
    out = ["### Commitments", ""]
    if not rep.commitments:
        return [*out, f"_{NO_COMMITMENTS}_", ""]
    out += [_sentence(outcome_counts(rep)), ""]
    out += table(
        ("Due", "Commitment", "Agreed", "Outcome", "Reason"),
        (
            (
                long_date(c.due),
                cell(c.text),
                long_date(c.agreed),
                OUTCOME_WORDS[c.outcome],
                cell(c.reason),
            )
            for c in rep.commitments
        ),
    )
    return [*out, ""]


def _series(series: Sequence[Series]) -> list[str]:
    out = ["### Ratings and metrics", ""]
    if not series:
        return [*out, f"_{NO_SERIES}_", ""]
    for one in series:
        out += [f"#### {inline(series_title(one))}", ""]
        facts = []
        if one.kind == "rating" and one.low is not None and one.high is not None:
            facts.append(f"scale {number(one.low)} to {number(one.high)}")
        facts.append(target_text(one) or "no target")
        out += [_sentence(inline(" · ".join(facts))), ""]
        if any(p.imported for p in one.points):  # where each value came from
            out += table(
                ("Date", "Value", "Source"),
                (
                    (long_date(p.day), value_text(one, p.value), cell(_source(p.source)))
                    for p in one.points
                ),
            )
        else:
            out += table(
                ("Date", "Value"),
                ((long_date(p.day), value_text(one, p.value)) for p in one.points),
            )
        out.append("")
    return out


def _source(source: str) -> str:
    return "1:1" if source == "session" else f"CRM export {source}"


def _months(rep: RepReport) -> list[str]:
    months, target = rep.months, rep.coaching_target
    out = ["### Coaching and performance by month", ""]
    if not months:
        return [*out, f"_{NO_MONTHS}_", ""]
    out += [BALANCE_INTRO.format(target=percent(target)), ""]
    rows = [
        (
            month_label(m.month) + ("\\*" if m.estimated else ""),
            str(m.sessions),
            minutes(m.coaching),
            minutes(m.performance),
            minutes(m.neutral),
            percent(m.coaching_share),
        )
        for m in months
    ]
    rows.append(
        (
            "**Window**",
            str(sum(m.sessions for m in months)),
            minutes(sum(m.coaching for m in months)),
            minutes(sum(m.performance for m in months)),
            minutes(sum(m.neutral for m in months)),
            percent(rep.coaching_share),
        )
    )
    out += table(
        ("Month", "1:1s", "Coaching min", "Performance min", "Neutral min", "Coaching share"), rows
    )
    if any(m.estimated for m in months):
        out += ["", "\\* " + ESTIMATED_NOTE]
    return [*out, ""]


def _quotes(rep: RepReport) -> list[str]:
    out = ["### Feedback given", ""]
    if not rep.quotes:
        return [*out, f"_{NO_QUOTES}_", ""]
    for quote in rep.quotes:
        lines = [inline(line) for line in quote.text.splitlines()]
        out += [f"> {line}" if line else ">" for line in lines]
        out += [">", f"> — {long_date(quote.day)}, {inline(quote.name)}", ""]
    return out
