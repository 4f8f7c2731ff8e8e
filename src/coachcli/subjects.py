"""What a session is about: the deal or account of frameworks that declare a ``subject``.

A framework with ``subject = "deal"`` (or ``"account"``) asks for it before
the session starts, offering the rep's earlier ones, newest first; the note
keeps it as a ``deal`` (or ``account``) property and in its file name, and
``coach history REP --subject NAME`` lists its sessions. Names are matched
without regard to case or repeated spaces.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from coachcli.errors import CoachError, did_you_mean
from coachcli.records import Corpus, NoteRow

if TYPE_CHECKING:  # the brief reads a rep's deals: it must not load the session's models
    from coachcli.framework import Subject
    from coachcli.prompts import PromptSpec

OFFERED = 9
"""At most this many earlier subjects are offered by number."""


def same_subject(a: str, b: str) -> bool:
    """Whether two names are the same deal or account: case and spacing aside."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def earlier_subjects(notes: Iterable[NoteRow]) -> list[str]:
    """The subjects of ``notes``, newest first, each once (as last written)."""
    found: list[str] = []
    for note in sorted(notes, key=lambda n: n.started.timestamp(), reverse=True):
        if note.subject and not any(same_subject(note.subject, s) for s in found):
            found.append(note.subject)
    return found


def subject_spec(kind: Subject, earlier: list[str], at_risk: Sequence[str] = ()) -> PromptSpec:
    """The question asked before a session about a deal or an account: the deals at risk in the
    rep's pipeline snapshot first (:mod:`coachcli.deal_picks`), then the earlier subjects."""
    from coachcli.prompts import PromptSpec

    rest = [s for s in earlier if not any(same_subject(s, r) for r in at_risk)]
    offered = tuple([*at_risk, *rest][: max(OFFERED, len(at_risk) + 3)])
    risky = (
        f"1–{len(at_risk)} at risk in the CRM export, as listed above; "
        if len(at_risk) > 1
        else "1 at risk in the CRM export, as above; "
        if at_risk
        else ""
    )
    return PromptSpec(
        text=f"Which {kind} is this session about?",
        type="name",
        required=True,
        options=offered,
        context=(
            f"{risky}a number picks one; or type a new {kind}'s name"
            if offered
            else "its name as in the CRM, so its sessions can be found later"
        ),
        help=f"The {kind} is kept in the note and its file name; "
        f"`coach history REP --subject NAME` lists every session about it.",
    )


def sessions_about(notes: Iterable[NoteRow], name: str) -> list[NoteRow]:
    """The notes about the deal or account ``name``."""
    return [note for note in notes if note.subject and same_subject(note.subject, name)]


def corpus_about(corpus: Corpus, subject: str, rep_name: str) -> Corpus:
    """The part of a rep's ``corpus`` about ``subject`` (its notes and their actions).

    CoachError when no session is about it, with the rep's subjects as a hint.
    """
    notes = sessions_about(corpus.notes, subject)
    if not notes:
        known = earlier_subjects(corpus.notes)
        close = did_you_mean(subject, known)
        raise CoachError(
            f"No session with {rep_name} is about {subject!r}."
            + (f" Did you mean {close!r}?" if close else ""),
            hint=f"{rep_name}'s sessions are about: {', '.join(known)}."
            if known
            else 'Only frameworks with subject = "deal" or "account" record one.',
        )
    paths = {note.path for note in notes}
    return replace(
        corpus,
        notes=notes,
        actions=[a for a in corpus.actions if a.note in paths],
        reviews=[r for r in corpus.reviews if r.note in paths],
    )
