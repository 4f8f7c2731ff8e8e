"""What the rep may read of a session: each part marked from its framework, and the shared parts.

A session's parts are marked when it is recorded (:func:`mark_visibility`,
from the framework's ``visibility`` settings); from then on the note's own
marks are the truth (docs/notes.md), so a part a manager marks shared or
private by hand is what :func:`shared_parts` gives. ``coach share`` and the
review packet take only what it gives: anything not marked shared stays out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coachcli.framework import Framework
from coachcli.properties import METRIC, RATING
from coachcli.session import ActionItem, Answer, Feedback, Review, Session
from coachcli.visibility import has_private_tag


def mark_visibility(session: Session, framework: Framework) -> Session:
    """``session`` with every part marked shared or private as ``framework`` says.

    A question, rating, metric or feedback template the framework no longer
    has is private; a reviewed action is shared when the action items are and
    its text carries no ``#private`` tag.
    """
    sections = {s.id: s for s in framework.sections}
    questions = {q.id: (s, q) for s in framework.sections for q in s.questions}
    templates = {t.id: t for t in framework.feedback}
    actions_shared = framework.closing.actions_visibility == "shared"

    def answer(item: Answer) -> Answer:
        found = questions.get(item.id)
        shared = found is not None and framework.question_visibility(*found) == "shared"
        return item.model_copy(update={"shared": shared})

    def section_shared(section_id: str) -> bool:
        section = sections.get(section_id)
        return section is not None and section.visibility == "shared"

    def feedback(item: Feedback) -> Feedback:
        template = templates.get(item.template)
        shared = template is not None and template.visibility == "shared"
        return item.model_copy(update={"shared": shared})

    def review(item: Review) -> Review:
        shared = actions_shared and not has_private_tag(item.text)
        return item.model_copy(update={"shared": shared})

    measures = [
        RATING + r.id
        for r in framework.ratings
        if r.visibility == "shared" and r.id in session.ratings
    ]
    measures += [METRIC + m.id for m in framework.metrics
                 if m.visibility == "shared" and m.id in session.metrics]  # fmt: skip
    return session.model_copy(
        update={
            "sections": [
                s.model_copy(
                    update={
                        "shared": section_shared(s.id),
                        "answers": [answer(a) for a in s.answers],
                    }
                )
                for s in session.sections
            ],
            "feedback": [feedback(f) for f in session.feedback],
            "reviews": [review(r) for r in session.reviews],
            "summary_shared": framework.closing.summary_visibility == "shared",
            "actions_shared": actions_shared,
            "shared_measures": measures,
        }
    )


@dataclass(frozen=True, slots=True)
class SharedAnswer:
    prompt: str
    answer: Answer


@dataclass(frozen=True, slots=True)
class SharedSection:
    title: str
    answers: tuple[SharedAnswer, ...]


@dataclass(frozen=True, slots=True)
class SharedParts:
    """The parts of one note the rep may read (all of it with ``include_private``)."""

    rep: str
    manager: str
    day: date
    framework_name: str
    subject: str
    subject_kind: str
    summary: str
    actions: tuple[ActionItem, ...]
    reviews: tuple[Review, ...]
    feedback: tuple[Feedback, ...]
    sections: tuple[SharedSection, ...]
    ratings: tuple[tuple[str, int], ...]
    """(rating id, level) of the shared ratings."""
    metrics: tuple[tuple[str, float], ...]
    """(metric id, value) of the shared metrics."""
    left_out: int
    """How many parts were private and left out."""
    self_review: bool = False
    """The note is the manager's self-review (:mod:`coachcli.self_review_ids`): its rep is the
    manager, so nothing in it was agreed with a rep."""


def shared_parts(session: Session, *, include_private: bool = False) -> SharedParts:
    """The parts of a note read back that the rep may read, as the note marks them."""
    left_out = 0

    def keep(shared: bool) -> bool:
        nonlocal left_out
        if shared or include_private:
            return True
        left_out += 1
        return False

    summary = session.summary if session.summary and keep(session.summary_shared) else ""
    actions = tuple(a for a in session.actions if keep(session.actions_shared and not a.private))
    reviews = tuple(r for r in session.reviews if keep(r.shared and not has_private_tag(r.text)))
    feedback = tuple(f for f in session.feedback if keep(f.shared))
    sections = []
    for section in session.sections:
        said = (a for a in section.answers if a.value is not None)  # a skip is not news
        answers = tuple(SharedAnswer(a.prompt, a) for a in said if keep(a.shared))
        if answers:
            sections.append(SharedSection(section.title or section.id, answers))
    measures = set(session.shared_measures)
    ratings = tuple(
        (k, v)
        for k, v in session.ratings.items()
        if keep(include_private or RATING + k in measures)
    )
    metrics = tuple(
        (k, v)
        for k, v in session.metrics.items()
        if keep(include_private or METRIC + k in measures)
    )
    return SharedParts(
        rep=session.rep,
        manager=session.manager,
        day=session.date,
        framework_name=session.framework_name,
        subject=session.subject,
        subject_kind=session.subject_kind or "",
        summary=summary,
        actions=actions,
        reviews=reviews,
        feedback=feedback,
        sections=tuple(sections),
        ratings=ratings,
        metrics=metrics,
        left_out=left_out,
    )
