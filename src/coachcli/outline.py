"""A framework as a readable Markdown outline (``coach frameworks show``), or as data (``--json``).

The same text is printed in the terminal and, with ``--markdown``, kept as
the documentation page of each built-in framework.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coachcli.aims import bounds_wording, target_wording
from coachcli.framework import (
    BaseQuestion,
    ChoiceQuestion,
    Framework,
    MultiQuestion,
    NumberQuestion,
    Question,
    ScaleQuestion,
    Section,
    TextQuestion,
)
from coachcli.self_review_ids import is_self_review
from coachcli.visibility import PRIVATE_TAG
from coachcli.wording import json_value, plural

if TYPE_CHECKING:
    from coachcli.start import Plan


WHO_SEES_WHAT = (
    "**Who sees what:** the parts marked *shared* go to the rep (`coach share`); "
    "those marked *private* stay in your notes."
)
SELF_REVIEW_WHO_SEES_WHAT = (
    "**Who sees what:** a self-review is yours alone (you run it with yourself as the rep): "
    "the parts marked *shared* are what `coach share` prints, to show your own manager if "
    "you choose; those marked *private* are kept for you."
)


def to_markdown(fw: Framework) -> str:
    """Render ``fw`` as Markdown: identity, sections and questions, measures, feedback."""
    out: list[str] = [f"# {fw.name}", ""]
    out += [
        f"`{fw.id}` · version {fw.version} · **{fw.kind}** · {plural(fw.minutes, 'minute')}",
        "",
        fw.summary,
        "",
        f"**When to use it:** {fw.when_to_use}",
        "",
    ]
    if fw.when_not_to_use:
        out += [f"**When not to:** {fw.when_not_to_use}", ""]
    if fw.subject:
        out += [f"**About one {fw.subject}:** the session asks which first; the note keeps it "
                f"(`coach history REP --subject NAME` lists its sessions).", ""]  # fmt: skip
    self_review = is_self_review(fw)
    out += [SELF_REVIEW_WHO_SEES_WHAT if self_review else WHO_SEES_WHAT, ""]
    out += ["## Sections", ""]
    for number, section in enumerate(fw.sections, start=1):
        asked = (
            f" · asks {section.pick} of {len(section.questions)}"
            if section.pick is not None and section.pick < len(section.questions)
            else ""
        )
        out += [
            f"### {number}. {section.title} ({section.minutes} min, {section.kind}{asked})"
            f" · {section.visibility}",
            "",
        ]
        if section.intro:
            out += [section.intro, ""]
        for question in section.questions:
            out += _question(
                question,
                fw.question_kind(section, question) != section.kind,
                fw.question_visibility(section, question) != section.visibility,
            )
        out.append("")
    if fw.ratings:
        out += ["## Skill ratings", ""]
        for rating in fw.ratings:
            out += [
                f"**{rating.name}** (`{rating.id}`, {rating.visibility})"
                + (f": {rating.help}" if rating.help else "")
            ]
            out += [""]
            out += [
                f"{level}. {anchor}"
                for level, anchor in enumerate(rating.anchors, start=rating.min)
            ]
            out.append("")
    if fw.metrics:
        out += [
            "## Metrics",
            "",
            "| metric | unit | target | indicator | better | possible values | visibility |",
            "|---|---|---|---|---|---|---|",
        ]
        for metric in fw.metrics:
            # the better column says "lower": the target column gives the number (or band) only
            aim = metric.aim._replace(better="higher") if metric.better == "lower" else metric.aim
            target = target_wording(aim, lambda value: f"{value:g}") or "—"
            out.append(
                f"| {metric.name} (`{metric.id}`) | {metric.unit or '—'} | {target} "
                f"| {metric.indicator} | {metric.better} | {bounds_wording(metric.aim) or '—'} "
                f"| {metric.visibility} |"
            )
        out.append("")
        computed = [m for m in fw.metrics if m.compute is not None]
        if computed:
            out += ["Computed from the session's answers, never asked:", ""]
            out += [f"- `{m.id}` = `{m.compute}`" for m in computed]
            out.append("")
    if fw.feedback:
        out += ["## Feedback templates", ""]
        for template in fw.feedback:
            out += [
                f"**{template.name}** (`{template.id}`, {template.style}, {template.visibility})",
                "",
            ]
            if template.help:
                out += [template.help, ""]
            out += [f"> {template.template}", ""]
            out += [f"- `{slot.name}`: {slot.prompt}" for slot in template.slots]
            out.append("")
    closing = fw.closing
    out += ["## Closing", ""]
    if closing.actions:
        due = f"due in {plural(closing.default_due_days, 'day')} by default"
        seen = _closing_seen(closing.actions_visibility == "shared", self_review, items=True)
        out.append(f"- Action items: {closing.actions_prompt} ({due}; {seen})")
    if closing.summary:
        seen = _closing_seen(closing.summary_visibility == "shared", self_review)
        out.append(f"- Summary: {closing.summary_prompt} ({seen})")
    return "\n".join(out).rstrip() + "\n"


def _closing_seen(shared: bool, self_review: bool, items: bool = False) -> str:
    """Who reads the closing's action items (``items``) or its summary."""
    if not shared:
        return "private: kept for you" if self_review else "private: kept from the rep"
    seen = "shared: in coach share" if self_review else "shared: the rep receives "
    if not self_review:
        seen += "them" if items else "it"
    return f"{seen}, except an item tagged {PRIVATE_TAG}" if items else seen


def framework_json(fw: Framework) -> dict[str, Any]:
    """What ``coach frameworks show --json`` prints: the framework as data (docs/json.md).

    Every question has the same fields, whatever its type: those a type does
    not use are empty (``options``, ``labels``) or null (``min``, ``max``).
    Each question's ``kind`` is the one it counts as (its own, else its section's),
    and its ``visibility`` the one it has (its own, else its section's).
    """

    def question(section: Section, q: Question) -> dict[str, Any]:
        low: float | None = None
        high: float | None = None
        if isinstance(q, ScaleQuestion):
            low, high = q.min, q.max
        elif isinstance(q, NumberQuestion):
            low, high = json_value(q.min), json_value(q.max)
        return {
            "id": q.id, "prompt": q.prompt, "type": q.type, "kind": fw.question_kind(section, q),
            "visibility": fw.question_visibility(section, q),
            "required": q.required, "help": q.help, "probes": list(q.probes),
            "options": list(q.options) if isinstance(q, ChoiceQuestion | MultiQuestion) else [],
            "labels": list(q.labels) if isinstance(q, ScaleQuestion) else [],
            "min": low, "max": high, "unit": q.unit if isinstance(q, NumberQuestion) else "",
        }  # fmt: skip

    return {
        "id": fw.id, "name": fw.name, "version": fw.version, "kind": fw.kind,
        "summary": fw.summary, "when_to_use": fw.when_to_use,
        "when_not_to_use": fw.when_not_to_use, "minutes": fw.minutes, "subject": fw.subject,
        "tags": list(fw.tags),
        "sections": [
            {"id": s.id, "title": s.title, "kind": s.kind, "minutes": s.minutes, "intro": s.intro,
             "pick": s.pick, "visibility": s.visibility,
             "questions": [question(s, q) for q in s.questions]}
            for s in fw.sections
        ],
        "ratings": [
            {"id": r.id, "name": r.name, "help": r.help, "min": r.min, "max": r.max,
             "anchors": list(r.anchors), "visibility": r.visibility}
            for r in fw.ratings
        ],
        "metrics": [
            {"id": m.id, "name": m.name, "unit": m.unit, "indicator": m.indicator,
             "target": json_value(m.target), "better": m.better,
             "target_low": json_value(m.target_low), "target_high": json_value(m.target_high),
             "min": json_value(m.min), "max": json_value(m.max), "help": m.help,
             "compute": m.compute, "visibility": m.visibility}
            for m in fw.metrics
        ],
        "feedback": [t.to_json() for t in fw.feedback],
        "closing": {
            "actions": fw.closing.actions, "actions_prompt": fw.closing.actions_prompt,
            "default_due_days": fw.closing.default_due_days,
            "actions_visibility": fw.closing.actions_visibility,
            "summary": fw.closing.summary, "summary_prompt": fw.closing.summary_prompt,
            "summary_visibility": fw.closing.summary_visibility,
        },
    }  # fmt: skip


def _question(q: Question, own_kind: bool, own_visibility: bool) -> list[str]:
    flags = [describe_type(q)]
    if q.required:
        flags.append("required")
    if own_kind and q.kind:
        flags.append(q.kind)
    seen = f" · {q.visibility}" if own_visibility and q.visibility else ""
    lines = [f"- **{q.prompt}** _({', '.join(flags)})_ `{q.id}`{seen}"]
    if q.help:
        lines.append(f"  - Help: {q.help}")
    lines += [f"  - Probe: {probe}" for probe in q.probes]
    return lines


def describe_type(q: BaseQuestion) -> str:
    """A short description of a question's answer type, e.g. ``scale 1-5``."""
    if isinstance(q, ScaleQuestion):
        return f"scale {q.min}–{q.max}: " + " · ".join(
            f"{level} {label}" for level, label in enumerate(q.labels, start=q.min)
        )
    if isinstance(q, ChoiceQuestion):
        return "one of: " + " · ".join(q.options)
    if isinstance(q, MultiQuestion):
        if q.options_from is not None:
            return "any of the deals at risk in the rep's latest pipeline snapshot"
        return "any of: " + " · ".join(q.options)
    if isinstance(q, NumberQuestion):
        if q.min is not None and q.max is not None:
            bounds = f" {q.min:g}–{q.max:g}"
        elif q.min is not None:
            bounds = f" ≥ {q.min:g}"
        elif q.max is not None:
            bounds = f" ≤ {q.max:g}"
        else:
            bounds = ""
        kind = "whole number" if q.integer else "number"
        unit = f" ({q.unit})" if q.unit else ""
        return f"{kind}{bounds}{unit}"
    if isinstance(q, TextQuestion):
        return "long text" if q.multiline else "text"
    return {"yesno": "yes/no", "list": "list"}.get(getattr(q, "type", ""), "answer")


def plan_markdown(plan: Plan) -> str:
    """What a session would ask (``coach start --dry-run``), as Markdown."""
    fw = plan.framework
    own = is_self_review(fw)  # its rep is the manager: no owner is asked or said
    out = [f"# Dry run: {fw.name} with {plan.rep}", ""]
    if not plan.known_rep:
        out += [f"{plan.rep} is a new rep: you would be asked to add them first.", ""]
    if plan.suggestion:
        out += [f"Suggested next conversation: {plan.suggestion.reason}.", ""]
    if plan.open_actions:
        out += ["## Commitments from last time", ""]
        for a in plan.open_actions:
            whose = "" if own else f"{a.owner}, "
            out.append(f"- {a.text} ({whose}due {a.due.isoformat()})")
        out.append("")
    questions = {q.id: q for s in fw.sections for q in s.questions}
    for number, section in enumerate(fw.sections, start=1):
        out += [f"## {number}. {section.title} ({section.minutes} min, {section.kind})", ""]
        for qid in plan.questions.get(section.id, []):
            q = questions[qid]
            out.append(f"- {q.prompt} _({describe_type(q)})_")
        out.append("")
    out += ["## Wrap-up", ""]
    full = not plan.quick  # --quick: only the action items
    if fw.feedback and full:
        out.append("- Feedback: " + ", ".join(t.name for t in fw.feedback))
    if fw.ratings and full:
        out.append("- Ratings: " + ", ".join(r.name for r in fw.ratings))
    if fw.metrics and full:
        asked = [m.name for m in fw.metrics if m.compute is None]
        if asked:
            out.append("- Metrics: " + ", ".join(asked))
        computed = [m.name for m in fw.metrics if m.compute is not None]
        if computed:
            out.append("- Computed, not asked: " + ", ".join(computed))
    if fw.closing.actions:
        out.append(
            "- Action items (text, due date)" if own else "- Action items (text, owner, due date)"
        )
    if fw.closing.summary and full:
        out.append("- Summary")
    return "\n".join(out).rstrip() + "\n"
