"""Loading the records back from the index: every rep's notes, actions, reviews and changes.

A warm :func:`load_corpus` of 10,000 notes builds ~60,000 records in
~0.25 s and imports neither pydantic nor PyYAML: the rows are read as they
were stored, and values no refresh would write are taken as a corrupt index
(which is then rebuilt).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import sys
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from coachcli.home import Home
from coachcli.index.database import Db, with_index
from coachcli.index.files import Progress, child_maker, collector_paused
from coachcli.layout import check_slug
from coachcli.records import (
    OUTCOMES,
    OWNERS,
    STATUSES,
    ActionChange,
    ActionRow,
    ChangeStatus,
    Corpus,
    NoteRow,
    ReviewOutcome,
    ReviewRow,
)

# What the index may hold in these columns (anything else is a corrupt index).
_OWNER: Mapping[str, str] = {owner: owner for owner in OWNERS}
_STATUS: Mapping[str, ChangeStatus] = {status: status for status in STATUSES}
_OUTCOME: Mapping[str, ReviewOutcome] = {outcome: outcome for outcome in OUTCOMES}
_NO_DETAIL: tuple[dict[str, int], dict[str, float], list[str]] = ({}, {}, [])


def load_corpus(
    home: Home, rep_slug: str | None = None, *, progress: Progress | None = None
) -> Corpus:
    """Refresh the index, then return the notes of every rep (or one), newest first.

    Notes started at the same moment are ordered by rep folder, then file
    name descending. ``actions`` and ``reviews`` follow the notes' order
    (newest note first), then their order in the note; ``changes`` are per
    rep (by folder name), in file order; ``warnings`` has one line per file
    that cannot be read, naming it. ``progress(done, total)`` is called when
    more than :data:`~coachcli.index.files.PROGRESS_MIN` files have to be read.
    """
    check_slug(rep_slug)

    def work(db: Db) -> Corpus:
        _, scan_warnings = db.refresh(home, rep_slug, progress)
        corpus = read_corpus(db, home, rep_slug)
        corpus.warnings[:0] = scan_warnings
        return corpus

    return with_index(home, work)


def read_corpus(db: Db, home: Home, rep_slug: str | None, details: bool = True) -> Corpus:
    """The records the index holds (of every rep, or one), as :func:`load_corpus` orders them."""
    with collector_paused():  # tens of thousands of acyclic records
        return _read_corpus(db, home, rep_slug, details)


def _read_corpus(db: Db, home: Home, rep_slug: str | None, details: bool) -> Corpus:
    conn = db.conn
    one = rep_slug is not None
    args: tuple[str, ...] = (rep_slug,) if rep_slug is not None else ()
    where = " WHERE n.rep_slug = ?" if one else ""
    # Notes, their actions and their reviews come in the same order (newest
    # first; the rows of one note in PRIMARY KEY order, i.e. as in the
    # note), so they are merged as they stream, never all held at once.
    order = " ORDER BY n.started_ts DESC, n.rep_slug, n.name DESC"
    corpus = Corpus()
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")  # one snapshot of every table
    try:
        action_rows = conn.execute(
            "SELECT a.note, a.id, a.text, a.owner, a.due, a.status, a.closed_on, a.final, "
            "a.comment "
            "FROM notes n JOIN actions a ON a.note = n.id" + where + order,
            args,
        )
        review_rows = conn.execute(
            "SELECT r.note, r.action_id, r.outcome, r.comment "
            "FROM notes n JOIN reviews r ON r.note = n.id" + where + order,
            args,
        )
        action = next(action_rows, None)
        review = next(review_rows, None)

        # Repeated strings (ids of questions, ratings and metrics; names) are
        # shared rather than copied per note: a third less memory.
        canon: dict[str, str] = {}
        same = canon.setdefault
        intern = sys.intern
        decode = decode_detail
        fromiso = datetime.fromisoformat
        day = date.fromisoformat
        children: dict[str, Callable[[str], Path]] = {}
        notes = corpus.notes
        for (
            note_id,
            slug,
            name,
            rep,
            started_text,
            framework,
            framework_name,
            kind,
            duration,
            coaching,
            performance,
            summary,
            detail,
            subject,
            neutral,
            estimated,
        ) in conn.execute(
            "SELECT n.id, n.rep_slug, n.name, n.rep, n.started, n.framework, "
            "n.framework_name, n.kind, n.duration_minutes, n.coaching_minutes, "
            "n.performance_minutes, n.summary, n.detail, n.subject, n.neutral_minutes, "
            "n.estimated FROM notes n" + where + order,
            args,
        ):
            child = children.get(slug)
            if child is None:
                child = children[slug] = child_maker(home.reps_dir / slug)
            path = child(name)
            slug = same(slug, slug)
            started = fromiso(started_text)
            ratings, metrics, questions = decode(detail) if details else _NO_DETAIL
            notes.append(
                NoteRow(
                    path,
                    slug,
                    same(rep, rep),
                    started,
                    same(framework, framework),
                    same(framework_name, framework_name),
                    same(kind, kind),
                    duration,
                    coaching,
                    performance,
                    summary,
                    {intern(k): v for k, v in ratings.items()} if ratings else {},
                    {intern(k): v for k, v in metrics.items()} if metrics else {},
                    tuple(map(intern, questions)),
                    subject,
                    neutral,
                    bool(estimated),
                )
            )
            created = started.date()
            while action is not None and action[0] == note_id:
                _, action_id, text, owner, due, status, closed_on, final, comment = action
                corpus.actions.append(
                    ActionRow(
                        action_id,
                        slug,
                        text,
                        _OWNER[owner],
                        day(due),
                        created,
                        path,
                        _STATUS[status],
                        day(closed_on) if closed_on else None,
                        bool(final),
                        comment,
                    )
                )
                action = next(action_rows, None)
            while review is not None and review[0] == note_id:
                _, action_id, outcome, comment = review
                corpus.reviews.append(
                    ReviewRow(action_id, slug, created, _OUTCOME[outcome], comment, path)
                )
                review = next(review_rows, None)
        if action is not None or review is not None:  # the orders disagree: never lose rows
            raise sqlite3.DatabaseError("database disk image is malformed (row order)")
        for slug, action_id, status, when, comment in conn.execute(
            "SELECT rep_slug, action_id, status, day, comment FROM changes"
            + (" WHERE rep_slug = ?" if one else "")
            + " ORDER BY rep_slug, file, pos",
            args,
        ):
            corpus.changes.append(
                ActionChange(action_id, slug, _STATUS[status], day(when), comment)
            )
        corpus.warnings += file_problems(db, home, rep_slug)
    except (KeyError, ValueError, TypeError) as exc:  # values no refresh wrote: rebuild
        raise sqlite3.DatabaseError(f"database disk image is malformed ({exc!r})") from None
    finally:
        if own:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("COMMIT")
    return corpus


def file_problems(db: Db, home: Home, rep_slug: str | None = None) -> list[str]:
    """One warning per file (of every rep, or one) that cannot be read, or per part of one."""
    warnings = []
    for slug, name, problem in db.conn.execute(
        "SELECT rep_slug, name, problem FROM files WHERE problem IS NOT NULL"
        + (" AND rep_slug = ?" if rep_slug is not None else "")
        + " ORDER BY rep_slug, name",
        (rep_slug,) if rep_slug is not None else (),
    ):
        for line in problem.split("\n"):  # a note read in part: one warning per part
            warnings.append(f"{home.reps_dir / slug / name}: {line}")
    return warnings


NEWEST_FIRST = "ORDER BY day DESC, started_ts DESC, name DESC"
"""One rep's notes in the order analyses count them, newest first (the ``notes_by_day``
index): their date, then start time, then file name
(:func:`coachcli.analytics.corpus.newest_first`)."""


def note_rows(
    db: Db, home: Home, rep_slug: str, *, details: bool = True, ids: list[int] | None = None
) -> Iterator[tuple[int, NoteRow]]:
    """One rep's notes (or those of ``ids``) as (id, record), newest first; read as needed.

    The order is the notes' date, then start time, then file name, each
    newest first (:func:`coachcli.analytics.corpus.newest_first`).
    ``details=False`` leaves ratings, metrics and questions asked empty.
    """
    only = f" AND id IN ({', '.join('?' * len(ids))})" if ids is not None else ""
    path = child_maker(home.reps_dir / rep_slug)
    fromiso = datetime.fromisoformat
    try:
        for (
            note_id, name, rep, started, framework, framework_name, kind, duration, coaching,
            performance, summary, detail, subject, neutral, estimated,
        ) in db.conn.execute(
            "SELECT id, name, rep, started, framework, framework_name, kind, duration_minutes, "
            "coaching_minutes, performance_minutes, summary, detail, subject, neutral_minutes, "
            f"estimated FROM notes WHERE rep_slug = ?{only} {NEWEST_FIRST}",
            (rep_slug, *(ids or ())),
        ):  # fmt: skip
            ratings, metrics, questions = decode_detail(detail) if details else _NO_DETAIL
            yield note_id, NoteRow(
                path(name), rep_slug, rep, fromiso(started), framework, framework_name, kind,
                duration, coaching, performance, summary, ratings, metrics, tuple(questions),
                subject, neutral, bool(estimated),
            )  # fmt: skip
    except (ValueError, TypeError) as exc:  # values no refresh wrote: rebuild
        raise sqlite3.DatabaseError(f"database disk image is malformed ({exc!r})") from None


def review_rows(db: Db, home: Home, rep_slug: str, note_ids: list[int]) -> list[ReviewRow]:
    """The reviews in the notes ``note_ids`` (of one rep), in each note's order."""
    marks = ", ".join("?" * len(note_ids))
    child = child_maker(home.reps_dir / rep_slug)
    found = []
    try:
        for name, started, action_id, outcome, comment in db.conn.execute(
            "SELECT n.name, n.started, r.action_id, r.outcome, r.comment "
            f"FROM reviews r JOIN notes n ON n.id = r.note WHERE r.note IN ({marks}) "
            "ORDER BY n.day DESC, n.started_ts DESC, n.name DESC, r.pos",
            note_ids,
        ):
            day = datetime.fromisoformat(started).date()
            found.append(
                ReviewRow(action_id, rep_slug, day, _OUTCOME[outcome], comment, child(name))
            )
    except (KeyError, ValueError, TypeError) as exc:
        raise sqlite3.DatabaseError(f"database disk image is malformed ({exc!r})") from None
    return found


_scan_json: Callable[[str, int], tuple[Any, int]] = vars(json.JSONDecoder())["scan_once"]
"""json.loads without its checks (a quarter faster on 10,000 small values)."""


def decode_detail(text: str) -> tuple[dict[str, int], dict[str, float], list[str]]:
    """A note's ``detail`` column: (ratings, metrics, question ids)."""
    try:
        ratings, metrics, questions = _scan_json(text, 0)[0]
    except (ValueError, TypeError, StopIteration):
        raise sqlite3.DatabaseError("database disk image is malformed (detail)") from None
    return ratings, metrics, questions
