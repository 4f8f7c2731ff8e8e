"""Question banks: which of a section's questions this session asks.

A section may hold more questions than it asks (``pick``); the session asks
the required ones and, for the rest, those this rep was asked longest ago.
"""

from __future__ import annotations

from coachcli.framework import Framework


def plan_questions(framework: Framework, recent: list[list[str]]) -> dict[str, list[str]]:
    """Pick the questions for a session: in each bank, those asked least recently.

    ``recent`` holds the question ids asked in this rep's earlier sessions,
    newest first. Required questions are always asked, and so are those
    whose options come from the rep's data (the deals at risk: asked only
    when there are some, :mod:`coachcli.deal_picks`); the rest of a
    section's ``pick`` goes to questions never asked, then to those asked
    longest ago. The picked questions keep the framework's order.
    """
    last_asked: dict[str, int] = {}
    for age, asked in enumerate(recent):
        for qid in asked:
            last_asked.setdefault(qid, age)
    plan: dict[str, list[str]] = {}
    for section in framework.sections:
        questions = list(section.questions)
        if section.pick is None or section.pick >= len(questions):
            plan[section.id] = [q.id for q in questions]
            continue
        chosen = {q.id for q in questions if q.required or _from_data(q)}
        never = len(recent) + 1
        ranked = sorted(
            (q for q in questions if q.id not in chosen),
            key=lambda q: (-last_asked.get(q.id, never), questions.index(q)),
        )
        for q in ranked[: section.pick - len(chosen)]:
            chosen.add(q.id)
        plan[section.id] = [q.id for q in questions if q.id in chosen]
    return plan


def quick_plan(framework: Framework, plan: dict[str, list[str]]) -> dict[str, list[str]]:
    """``coach start --quick``: only the plan's required questions (a bank always asks those)."""
    required = {q.id for s in framework.sections for q in s.questions if q.required}
    return {section: [q for q in asked if q in required] for section, asked in plan.items()}


def _from_data(question: object) -> bool:
    """A question whose options are the rep's deals at risk: planned whenever its bank runs."""
    return getattr(question, "type", None) == "multi" and bool(
        getattr(question, "options_from", None)
    )
