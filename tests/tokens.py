"""Sessions for the tests that prove a private part is never given away.

`coach share` and what a manager publishes to a team remote
(:mod:`coachcli.team_publish`) must both leave out every part a note does not
mark shared: these build the sessions they are tried on. :func:`session_for`
answers everything of a framework, each private part with a unique private
token (and random text full of Markdown and HTML signs), each shared part
with a shared one; :func:`turned_around` flips every visibility so each kind
of part is tried both ways; :func:`marked_session` is a 1:1 whose parts say
themselves whether they are shared, for hand edits.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from hypothesis import strategies as st

from coachcli.framework import (
    ChoiceQuestion,
    Framework,
    MultiQuestion,
    NumberQuestion,
    ScaleQuestion,
    YesNoQuestion,
)
from coachcli.home import Home
from coachcli.loader import discover
from coachcli.notes import write_note
from coachcli.reps import add_rep
from coachcli.session import ActionItem, Answer, Feedback, Review, SectionRecord, Session

BUILT_INS: dict[str, Framework] = {
    s.id: s.framework
    for s in discover(Home(Path(tempfile.gettempdir()) / "coach-share-test-no-home"))
    if s.origin == "built-in" and s.framework is not None
}
DAY = date(2026, 11, 27)
PRIVATE_NUMBER = 987654.321
"""Every private number: shown, it would read 987654 (or 987,654), which nothing else holds."""
SHARED_NUMBER = 4242
"""Shared numbers are SHARED_NUMBER + n: each must be found."""

# Markdown and HTML have their say in what a line means: the random text is
# made of their signs as much as of letters.
ALPHABET = st.sampled_from(
    [*"abcXYZ019 #*_-+>`<![]()|\\~=:^{}\"'&;/.,%", "é", "中", "—", "·", "📅", "\t"]
)
LINE = st.text(ALPHABET, min_size=1, max_size=24)
LINES = st.lists(LINE, min_size=1, max_size=3)


def with_distinct(text: str) -> bool:
    return len(set(text)) >= 5 and any(c.isalnum() for c in text)


@dataclass
class Tokens:
    """The tokens handed out for one session, and the random text of its private parts."""

    random: list[list[str]]
    private: list[str] = field(default_factory=list)
    shared: list[str] = field(default_factory=list)
    shared_numbers: list[int] = field(default_factory=list)
    private_text: list[str] = field(default_factory=list)
    shared_text: list[str] = field(default_factory=list)

    def token(self, shared: bool) -> str:
        n = len(self.private) + len(self.shared)
        token = f"SHARED-9c1d-{n:04d}" if shared else f"PRIVATE-7f3a-{n:04d}"
        (self.shared if shared else self.private).append(token)
        return token

    def lines(self, shared: bool) -> list[str]:
        """Lines each holding the same new token, then random text."""
        token = self.token(shared)
        extra = self.random[(len(self.private) + len(self.shared)) % len(self.random)]
        lines = [f"{token} {line}".strip() for line in extra]
        (self.shared_text if shared else self.private_text).extend(extra)
        return lines

    def text(self, shared: bool) -> str:
        return "\n".join(self.lines(shared))

    def line(self, shared: bool) -> str:
        """One line (a task's, a review's): the random part made one line."""
        return " ".join(" ".join(self.lines(shared)).split())

    def number(self, shared: bool) -> float:
        if not shared:
            return PRIVATE_NUMBER
        value = SHARED_NUMBER + len(self.shared_numbers)
        self.shared_numbers.append(value)
        return float(value)


def answer_value(question: object, shared: bool, tokens: Tokens) -> object:
    if isinstance(question, ScaleQuestion):
        return question.max
    if isinstance(question, YesNoQuestion):
        return True
    if isinstance(question, NumberQuestion):
        return tokens.number(shared)
    if isinstance(question, MultiQuestion):
        return tokens.lines(shared)
    if isinstance(question, ChoiceQuestion):
        return tokens.line(shared)  # a choice corrected by hand in the note: any text
    if getattr(question, "type", "") == "list":
        return tokens.lines(shared)
    return tokens.text(shared)


def session_for(framework: Framework, tokens: Tokens) -> Session:
    """Everything of ``framework`` answered; each part's token as its framework marks it."""
    sections = []
    for section in framework.sections:
        answers = []
        for question in section.questions:
            shared = framework.question_visibility(section, question) == "shared"
            # the prompt as asked carries a token too: a private scale or yes/no answer
            # is known by it
            prompt = f"{question.prompt} {tokens.token(shared)}"
            value = answer_value(question, shared, tokens)
            answers.append(
                Answer.model_validate(
                    {"id": question.id, "prompt": prompt, "type": question.type, "value": value}
                )
            )
        sections.append(
            SectionRecord(
                id=section.id,
                title=section.title,
                kind=section.kind,
                planned_minutes=section.minutes,
                answers=answers,
            )
        )
    feedback = [
        Feedback(
            template=t.id,
            name=t.name,
            style=t.style,
            text=tokens.text(t.visibility == "shared"),
        )
        for t in framework.feedback
    ]
    # a statement from a template the framework no longer has is the manager's
    feedback.append(Feedback(template="gone-template", name="Gone", text=tokens.text(False)))
    actions_shared = framework.closing.actions_visibility == "shared"
    actions = [
        ActionItem(id="rep0001", text=tokens.line(actions_shared), owner="rep", due=DAY),
        ActionItem(id="mgr0001", text=tokens.line(actions_shared), owner="manager", due=DAY),
        ActionItem(id="priv001", text=f"#private {tokens.line(False)}", owner="rep", due=DAY),
        ActionItem(id="priv002", text=f"{tokens.line(False)} #private", owner="manager", due=DAY),
    ]
    reviews = [
        Review(action="old0001", text=tokens.line(actions_shared), outcome="done"),
        Review(
            action="old0002",
            text=tokens.line(actions_shared),
            outcome="not-done",
            comment=tokens.line(actions_shared),
        ),
        Review(action="old0003", text=f"{tokens.line(False)} #private", outcome="dropped"),
    ]
    return Session(
        rep="Alex Kim",
        rep_slug="alex-kim",
        manager="Sam Rivera",
        started=datetime(2026, 11, 27, 10, 0),
        ended=datetime(2026, 11, 27, 10, 30),
        framework=framework.id,
        framework_name=framework.name,
        framework_version=framework.version,
        kind=framework.kind,
        sections=sections,
        ratings={r.id: int(tokens.number(r.visibility == "shared")) for r in framework.ratings},
        metrics={m.id: tokens.number(m.visibility == "shared") for m in framework.metrics},
        feedback=feedback,
        actions=actions,
        reviews=reviews,
        summary=tokens.text(framework.closing.summary_visibility == "shared"),
        subject="Acme renewal" if framework.subject else "",
        subject_kind=framework.subject,
    )


def turned_around(framework: Framework) -> Framework:
    """``framework`` with every visibility the other way: each part is tried both ways."""

    def flip(word: str | None) -> str:
        return "private" if word == "shared" else "shared"

    sections = []
    for section in framework.sections:
        own = flip(section.visibility)
        questions = [
            q.model_copy(update={"visibility": flip(own) if i % 2 else None})
            for i, q in enumerate(section.questions)
        ]
        sections.append(section.model_copy(update={"visibility": own, "questions": questions}))
    closing = framework.closing.model_copy(
        update={
            "summary_visibility": flip(framework.closing.summary_visibility),
            "actions_visibility": flip(framework.closing.actions_visibility),
        }
    )
    return framework.model_copy(
        update={
            "sections": sections,
            "ratings": [
                r.model_copy(update={"visibility": flip(r.visibility)}) for r in framework.ratings
            ],
            "metrics": [
                m.model_copy(update={"visibility": flip(m.visibility)}) for m in framework.metrics
            ],
            "feedback": [
                t.model_copy(update={"visibility": flip(t.visibility)}) for t in framework.feedback
            ],
            "closing": closing,
        }
    )


def marked_session(day: date = DAY) -> Session:
    """A 1:1 whose parts say themselves whether they are shared (no framework needed)."""
    goal = SectionRecord(
        id="goal", title="Goal", kind="coaching", planned_minutes=6, shared=True,
        answers=[
            Answer(id="goal-topic", prompt="What do you want to work on today?", type="text",
                   value="Holding price when a buyer pushes back", shared=True),
            Answer(id="goal-why", prompt="Why does it matter to you?", type="text",
                   value="GOAL-PRIVATE-ANSWER", shared=False),
        ],
    )  # fmt: skip
    reality = SectionRecord(
        id="reality", title="Reality", kind="coaching", planned_minutes=10,
        answers=[Answer(id="reality-replay", prompt="What happened on the last call?",
                        type="text", value="REALITY-PRIVATE-ANSWER")],
    )  # fmt: skip
    started = datetime(day.year, day.month, day.day, 10)
    return Session(
        rep="Alex Kim", rep_slug="alex-kim", manager="Sam Rivera",
        started=started, ended=started + timedelta(minutes=30),
        framework="grow", framework_name="GROW coaching conversation", framework_version="1",
        kind="coaching", sections=[goal, reality],
        ratings={"objection-handling": 2}, metrics={"practice-reps": 3.0},
        shared_measures=["metric-practice-reps"],
        feedback=[Feedback(template="sbi", name="Situation–Behaviour–Impact", style="positive",
                           text="On the Acme call you paused after the price.", shared=True)],
        actions=[
            ActionItem(id="ubckxa4", text="Ask the comparison question on the Acme follow-up",
                       due=date(2026, 12, 4)),
            ActionItem(id="wmrvuph", text="Send Alex the Globex customer story", owner="manager",
                       due=date(2026, 12, 3)),
        ],
        actions_shared=True,
        reviews=[Review(action="k3f9qz7", text="Send the pricing one-pager", outcome="done",
                        comment="sent on Tuesday", shared=True)],
        summary="Alex drops the price at the first push-back; practise the comparison question.",
        summary_shared=True,
    )  # fmt: skip


def write_marked(home: Home, session: Session | None = None) -> Path:
    add_rep(home, "Alex Kim", today=date(2026, 1, 1))
    return write_note(home.reps_dir / "alex-kim", session or marked_session())


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
