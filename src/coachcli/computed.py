"""Computed metrics in a framework: the names their formulas may use, the checks, the values.

A metric with ``compute = "..."`` is never asked: its value comes from other
numbers of the same session (:mod:`coachcli.formula` is the grammar). In a
formula an id is written with ``_`` for ``-`` (``cov-open-pipeline`` is
``cov_open_pipeline``), because ``-`` is minus. The names are:

- a number or scale question, a rating, or another metric of the framework:
  its number;
- a yes/no question, only as ``yes(q)``: 1 for yes, 0 for no;
- a choice question, only as ``chose(q, n)``: 1 when its n-th option was chosen;
- the session's commitment review, in :data:`SESSION_NAMES` (these names
  always mean the session's counts, even where an id is spelled the same).

A value is missing (and so is the metric's) when an input was skipped, not
asked or not known yet, when it divides by zero or when it is not a finite
number; a missing metric is not recorded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from coachcli.formula import (
    Call,
    FormulaError,
    Name,
    Node,
    Num,
    evaluate,
    parse,
    round_half_up,
    walk,
)
from coachcli.framework import ChoiceQuestion, Framework, Metric

SESSION_NAMES: dict[str, str] = {
    "commitments_reviewed": "the rep's earlier action items given an outcome in this session's "
    "review (done, not done or dropped); the manager's own items do not count",
    "commitments_kept": "of those, the ones reviewed as done",
    "commitments_missed": "of those, the ones missed: not done on or after their due date, "
    "or dropped after it (as `coach history` counts them)",
    "commitments_dropped": "of those, the ones dropped",
}
"""The numbers of the session itself a formula may use, and what each one counts."""

OUTCOMES = ("done", "not-done", "dropped")
"""The review outcomes a session records (``commitments_reviewed`` counts them)."""

RECORDED_DIGITS = 4
"""A computed value is recorded with at most this many decimals."""

RefKind = Literal["question", "rating", "metric", "session"]


@dataclass(frozen=True)
class Ref:
    """What one name of a formula stands for."""

    kind: RefKind
    id: str
    type: str
    """number, scale, yesno, choice, text, multi, list (questions); rating; metric; session."""
    options: tuple[str, ...] = ()


def formula_name(item_id: str) -> str:
    """How an id is written in a formula: ``cov-quota-left`` → ``cov_quota_left``."""
    return item_id.replace("-", "_")


def references(fw: Framework) -> dict[str, list[Ref]]:
    """Every name a formula of ``fw`` may use → what it stands for (two or more: ambiguous)."""
    refs: dict[str, list[Ref]] = {}
    for section in fw.sections:
        for q in section.questions:
            options = tuple(q.options) if isinstance(q, ChoiceQuestion) else ()
            refs.setdefault(formula_name(q.id), []).append(Ref("question", q.id, q.type, options))
    for rating in fw.ratings:
        refs.setdefault(formula_name(rating.id), []).append(Ref("rating", rating.id, "rating"))
    for metric in fw.metrics:
        refs.setdefault(formula_name(metric.id), []).append(Ref("metric", metric.id, "metric"))
    # the session's own names win: a metric may be called what it computes (commitments-kept)
    refs.update({name: [Ref("session", name, "session")] for name in SESSION_NAMES})
    return refs


def _tree(metric: Metric) -> Node | None:
    if metric.compute is None:
        return None
    try:
        return parse(metric.compute)
    except FormulaError:
        return None  # the model's own check reports it


# --------------------------------------------------------------------------- checks


def problems(fw: Framework) -> list[tuple[int, str]]:
    """What is wrong with the framework's formulas: (index of the metric, message)."""
    refs = references(fw)
    found: list[tuple[int, str]] = []
    for index, metric in enumerate(fw.metrics):
        tree = _tree(metric)
        if tree is None:
            continue
        hyphenated = _hyphenated(str(metric.compute), refs)
        found.extend((index, m) for m in hyphenated or _name_problems(tree, refs))
    for index, cycle in _cycles(fw):
        circle = " → ".join(cycle)
        found.append((index, f"{circle} is a circle: a computed metric cannot depend "
                      "on itself, directly or through another one"))  # fmt: skip
    return found


def _name_problems(tree: Node, refs: dict[str, list[Ref]]) -> list[str]:
    out: list[str] = []
    as_argument: dict[int, str] = {}
    for node in walk(tree):
        if isinstance(node, Call) and node.func in ("yes", "chose"):
            as_argument[id(node.args[0])] = node.func
    for node in walk(tree):
        if not isinstance(node, Name):
            continue
        found = refs.get(node.name, [])
        if not found:
            out.append(_unknown(node.name, refs))
            continue
        if len(found) > 1:
            kinds = " and a ".join(r.kind for r in found)
            out.append(f"{node.name!r} names both a {kinds}; give one of them another id")
            continue
        ref = found[0]
        wanted = as_argument.get(id(node))
        if wanted == "yes" and ref.type != "yesno":
            out.append(f"yes({node.name}) needs a yes/no question; {node.name!r} is {_what(ref)}")
        elif wanted == "chose" and ref.type != "choice":
            out.append(f"chose({node.name}, n) needs a choice question; "
                       f"{node.name!r} is {_what(ref)}")  # fmt: skip
        elif wanted is None and ref.type == "yesno":
            out.append(f"{node.name!r} is a yes/no question: write yes({node.name}) "
                       "to count yes as 1 and no as 0")  # fmt: skip
        elif wanted is None and ref.type == "choice":
            out.append(f"{node.name!r} is a choice question: write chose({node.name}, 1) "
                       "to count its first option as 1 and any other as 0")  # fmt: skip
        elif wanted is None and ref.type in ("text", "multi", "list"):
            out.append(f"{node.name!r} is {_what(ref)}: a formula uses numbers only")
    for node in walk(tree):
        if isinstance(node, Call) and node.func == "chose":
            name, number = node.args
            refs_of = refs.get(name.name, []) if isinstance(name, Name) else []
            if len(refs_of) == 1 and refs_of[0].type == "choice" and isinstance(number, Num):
                count = len(refs_of[0].options)
                if number.value > count:
                    out.append(f"chose({refs_of[0].id.replace('-', '_')}, {int(number.value)}): "
                               f"the question has only {count} options")  # fmt: skip
    return list(dict.fromkeys(out))


def _hyphenated(text: str, refs: dict[str, list[Ref]]) -> list[str]:
    """An id written with its hyphens, which the formula would read as subtractions."""
    out = []
    for name, found in refs.items():
        item_id = found[0].id
        if "-" in item_id and re.search(rf"(?<![\w-]){re.escape(item_id)}(?![\w-])", text):
            out.append(f"write {name} for the id {item_id!r}: in a formula - is minus")
    return out


def _unknown(name: str, refs: dict[str, list[Ref]]) -> str:
    from coachcli.errors import did_you_mean

    message = f"{name!r} is not a number of this framework"
    longer = sorted(n for n in refs if n.startswith(name + "_"))
    suggestion = did_you_mean(name, list(refs))
    if "_" not in name and longer:
        message += f"; in a formula - is minus: write an id's hyphens as _, e.g. {longer[0]}"
    elif suggestion:
        message += f"; did you mean {suggestion!r}?"
    else:
        message += ("; use the ids of questions, ratings and metrics (with _ for -) "
                    "or " + ", ".join(SESSION_NAMES))  # fmt: skip
    return message


def _what(ref: Ref) -> str:
    if ref.kind == "question":
        kind = {"yesno": "yes/no", "multi": "multiple-choice"}.get(ref.type, ref.type)
        return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} question"
    return f"a {ref.kind}"


def _depends(fw: Framework) -> dict[str, list[str]]:
    """Computed metric id → the computed metrics its formula uses."""
    computed = {
        formula_name(m.id): m.id
        for m in fw.metrics
        if m.compute is not None and formula_name(m.id) not in SESSION_NAMES
    }
    out: dict[str, list[str]] = {}
    for metric in fw.metrics:
        tree = _tree(metric)
        if tree is not None:
            used = [n.name for n in walk(tree) if isinstance(n, Name)]
            out[metric.id] = list(dict.fromkeys(computed[n] for n in used if n in computed))
    return out


def _cycles(fw: Framework) -> list[tuple[int, list[str]]]:
    """Each computed metric that is part of a circle, with that circle (reported once each)."""
    graph = _depends(fw)
    index = {m.id: i for i, m in enumerate(fw.metrics)}
    reported: set[str] = set()
    out: list[tuple[int, list[str]]] = []
    for start in graph:
        path = _circle(start, graph)
        if path is not None and start not in reported:
            reported.update(path)
            out.append((index[start], path))
    return out


def _circle(start: str, graph: dict[str, list[str]]) -> list[str] | None:
    """A path start → ... → start, if there is one (depth-first, without recursion)."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for nxt in graph.get(node, []):
            if nxt == start:
                return [*path, start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return None


# --------------------------------------------------------------------------- values

Answer = Callable[[Ref], object]
"""The answer this session gave for a question, rating or metric (None if none)."""


def computed_metrics(fw: Framework) -> list[Metric]:
    """The framework's computed metrics, each after the ones its formula uses."""
    graph = _depends(fw)
    done: list[str] = []
    pending = [m.id for m in fw.metrics if m.compute is not None]
    while pending:
        ready = [m for m in pending if all(d in done for d in graph.get(m, []))]
        if not ready:
            break  # a circle: the loader refuses such a file
        done.extend(ready)
        pending = [m for m in pending if m not in ready]
    by_id = {m.id: m for m in fw.metrics}
    return [by_id[m] for m in done]


def values(
    fw: Framework, answer: Answer, counts: Mapping[str, int] | None
) -> dict[str, float | None]:
    """Each computed metric's value in this session (None: missing), in dependency order.

    ``counts`` holds :data:`SESSION_NAMES` once the commitment review is over
    (None before: formulas using them are not known yet).
    """
    refs = references(fw)
    known: dict[str, float | None] = {}

    def number(name: str) -> float | None:
        found = refs.get(name, [])
        if len(found) != 1:
            return None
        ref = found[0]
        if ref.kind == "session":
            return None if counts is None else float(counts.get(name, 0))
        if ref.kind == "metric" and ref.id in known:
            return known[ref.id]
        value = answer(ref)
        if isinstance(value, bool):
            return 1.0 if value else 0.0
        return float(value) if isinstance(value, int | float) else None

    def option(name: str) -> int | None:
        found = refs.get(name, [])
        if len(found) != 1 or found[0].type != "choice":
            return None
        value = answer(found[0])
        options = found[0].options
        return options.index(value) + 1 if isinstance(value, str) and value in options else None

    for metric in computed_metrics(fw):
        tree = _tree(metric)
        value = evaluate(tree, number, option) if tree is not None else None
        known[metric.id] = None if value is None else _recorded(value)
    return known


def _recorded(value: float) -> float | None:
    try:
        return round_half_up(value, RECORDED_DIGITS)
    except ArithmeticError:
        return None


def session_counts(reviewed: list[tuple[str, date, str]], today: date) -> dict[str, int]:
    """:data:`SESSION_NAMES` from this session's review: each (outcome, due date, owner).

    Kept and missed follow the rule of ``coach history``
    (:func:`coachcli.analytics.actions.standing`): "not done" before the due
    date is not missed yet, a drop after it is; only the rep's own action
    items count, not the manager's.
    """
    from coachcli.analytics.actions import standing

    counts = dict.fromkeys(SESSION_NAMES, 0)
    for outcome, due, owner in reviewed:
        if outcome not in OUTCOMES or owner != "rep":
            continue  # still open: no outcome
        counts["commitments_reviewed"] += 1
        verdict = standing(outcome, due, today)
        if verdict == "kept":
            counts["commitments_kept"] += 1
        elif verdict == "missed":
            counts["commitments_missed"] += 1
        if outcome == "dropped":
            counts["commitments_dropped"] += 1
    return counts
