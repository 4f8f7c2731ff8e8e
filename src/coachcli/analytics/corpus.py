"""The small rules every analysis shares: session kinds and order, one rep's part, time by kind.

Notes count in the order of their date, then start time, then file, so that
two notes of one day always come out the same way round.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime

from coachcli.errors import unknown_choice
from coachcli.records import Corpus, NoteRow

KINDS = ("coaching", "performance", "mixed")


def check_kind(kind: str) -> None:
    """CoachError unless ``kind`` is one of :data:`KINDS`."""
    if kind not in KINDS:
        raise unknown_choice("kind", kind, KINDS)


def _order(note: NoteRow) -> tuple[date, float, str]:
    return (note.date, note.started.timestamp(), str(note.path))


def oldest_first(notes: Iterable[NoteRow]) -> list[NoteRow]:
    return sorted(notes, key=_order)


def newest_first(notes: Iterable[NoteRow], until: date | None = None) -> list[NoteRow]:
    """``notes`` newest first; only those dated ``until`` or before, when given."""
    if until is not None:
        notes = (n for n in notes if n.date <= until)
    return sorted(notes, key=_order, reverse=True)


def rep_corpus(corpus: Corpus, rep_slug: str) -> Corpus:
    """The part of ``corpus`` about one rep."""
    return Corpus(
        notes=[n for n in corpus.notes if n.rep_slug == rep_slug],
        actions=[a for a in corpus.actions if a.rep_slug == rep_slug],
        reviews=[r for r in corpus.reviews if r.rep_slug == rep_slug],
        changes=[c for c in corpus.changes if c.rep_slug == rep_slug],
        warnings=list(corpus.warnings),
    )


def before(corpus: Corpus, moment: datetime) -> Corpus:
    """``corpus`` as it stood when a 1:1 logged afterwards began: the notes of earlier 1:1s.

    Their action items and reviews come with them; an action closed since
    stays closed (its note says so), so it is never reviewed twice.
    """
    notes = [n for n in corpus.notes if n.started < moment]
    paths = {n.path for n in notes}
    return Corpus(
        notes=notes,
        actions=[a for a in corpus.actions if a.note in paths],
        reviews=[r for r in corpus.reviews if r.note in paths],
        changes=list(corpus.changes),
        warnings=list(corpus.warnings),
    )


def by_rep(corpus: Corpus) -> dict[str, Corpus]:
    """``corpus`` split by rep, in one pass."""
    parts: dict[str, Corpus] = defaultdict(Corpus)
    for note in corpus.notes:
        parts[note.rep_slug].notes.append(note)
    for action in corpus.actions:
        parts[action.rep_slug].actions.append(action)
    for review in corpus.reviews:
        parts[review.rep_slug].reviews.append(review)
    for change in corpus.changes:
        parts[change.rep_slug].changes.append(change)
    return dict(parts)


def has_time(note: NoteRow, kind: str) -> bool:
    """Whether the session spent time on ``kind`` (its own kind when no minutes are known)."""
    minutes = note.coaching_minutes if kind == "coaching" else note.performance_minutes
    if minutes > 0:
        return True
    return note.coaching_minutes == 0 and note.performance_minutes == 0 and note.kind == kind


def latest_with(notes: Iterable[NoteRow], kind: str) -> NoteRow | None:
    """The first of ``notes`` (newest first) that spent time on ``kind``, if any."""
    return next((n for n in notes if has_time(n, kind)), None)


def share_of_coaching(coaching: float, performance: float, neutral: float = 0.0) -> float | None:
    """The coaching share of the meeting's minutes, neutral ones included (None without any)."""
    total = coaching + performance + neutral
    return None if total <= 0 else coaching / total
