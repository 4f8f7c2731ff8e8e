"""What the listings need per rep, asked of the index instead of worked out from every note.

`coach reps`, `coach actions` and `coach balance` used to load every note of
every rep and resolve every action item again on each call, so their time
grew with the notes. Now:

- **Action states are kept.** Where each action item stands (its status,
  when it closed, how often it was missed) depends on the rep's notes,
  reviews and ``actions.toml``, never on the day; the index keeps it in
  ``action_states`` and works it out again, with
  :func:`coachcli.analytics.action_states` (the one rule), only for the
  reps whose files a refresh re-read (the ``stale`` table). Whether an open
  one is overdue is the day's question, answered when asked
  (:func:`coachcli.days_overdue`).
- **Windows are applied in the query.** A rep's sessions are counted by
  SQLite; the newest session and the minutes of the coaching-share window
  come from the notes of that window only; the balance reads each rep's
  notes newest first and stops once it has the window and what the
  suggestions look at.

The rules themselves stay in :mod:`coachcli.analytics`; this module only
chooses which records they are given. Tests hold every listing equal to the
same listing worked out from the whole corpus.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TypeVar

from coachcli.analytics.actions import ActionState, action_states, days_overdue
from coachcli.analytics.balances import CountedRow, Period, Plans, Window, window_totals
from coachcli.analytics.corpus import has_time
from coachcli.analytics.overview import Activity, share_window
from coachcli.analytics.suggestions import RECENT_SESSIONS
from coachcli.home import Home
from coachcli.index.corpus import (
    NEWEST_FIRST,
    decode_detail,
    file_problems,
    note_rows,
    read_corpus,
    review_rows,
)
from coachcli.index.database import Db, slugs_in, with_index
from coachcli.index.files import Progress, child_maker
from coachcli.layout import check_slug
from coachcli.records import OWNERS, STATUSES, ChangeStatus, Corpus

_T = TypeVar("_T")
_STATUS: dict[str, ChangeStatus] = {status: status for status in STATUSES}
_OWNER = {owner: owner for owner in OWNERS}


def answer(
    home: Home, rep_slug: str | None, progress: Progress | None, work: Callable[[Db], _T]
) -> tuple[list[str], _T]:
    """``work`` on the index once it is up to date (every rep, or one); (warnings, its answer).

    The warnings are the scan's, then one per file that cannot be read, as
    :func:`coachcli.index.load_corpus` gives them.
    """
    check_slug(rep_slug)

    def run(db: Db) -> tuple[list[str], _T]:
        _, warnings = db.refresh(home, rep_slug, progress)
        keep_states(db, home)
        found = work(db)
        warnings += file_problems(db, home, rep_slug)
        return list(dict.fromkeys(warnings)), found

    return with_index(home, run)


def keep_states(db: Db, home: Home) -> None:
    """Work out again the action states of the reps a refresh marked stale."""
    conn = db.conn
    if conn.execute("SELECT 1 FROM stale LIMIT 1").fetchone() is None:
        return
    with db.writing():
        for (slug,) in conn.execute("SELECT rep_slug FROM stale").fetchall():
            corpus = read_corpus(db, home, slug, details=False)
            conn.execute("DELETE FROM action_states WHERE rep_slug = ?", (slug,))
            rows = [
                (s.rep_slug, s.id, s.text, s.owner, s.due.isoformat(), s.created.isoformat(),
                 s.note.name, s.status, s.closed_on.isoformat() if s.closed_on else None,
                 s.comment, s.missed, int(s.final))
                for s in action_states(corpus, date.min)  # where each stands: no day in it
            ]  # fmt: skip
            conn.executemany(
                "INSERT INTO action_states VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
            )
        conn.execute("DELETE FROM stale")


def kept_states(
    db: Db, home: Home, today: date, rep_slug: str | None = None, *, closed: bool = False,
    ids: list[str] | None = None,
) -> list[ActionState]:  # fmt: skip
    """The kept action states as of ``today``: open ones (and closed ones if asked).

    ``ids`` adds those of the rep ``rep_slug``'s actions whatever their status. Ordered
    as :func:`coachcli.analytics.action_states` orders them.
    """
    one = " AND rep_slug = ?" if rep_slug is not None else ""
    args: list[str] = [rep_slug] if rep_slug is not None else []
    # the open ones by their index: SQLite would otherwise walk all of a rep's by the key
    status = "" if closed else " INDEXED BY states_by_status WHERE status = 'open'"
    sql = f"SELECT * FROM action_states{status or ' WHERE 1'}{one}"
    if ids and not closed and rep_slug is not None:  # by the primary key, not a scan
        marks = ", ".join("?" * len(ids))
        sql += f" UNION SELECT * FROM action_states WHERE rep_slug = ? AND id IN ({marks})"
        args += [rep_slug, *ids]
    folders: dict[str, Callable[[str], Path]] = {}
    states = []
    day = date.fromisoformat
    try:
        for (slug, action_id, text, owner, due_text, created, note, status, closed_on, comment,
             missed, final) in db.conn.execute(sql, args):  # fmt: skip
            child = folders.get(slug)
            if child is None:
                child = folders[slug] = child_maker(home.reps_dir / slug)
            due = day(due_text)
            late = days_overdue(status, due, today)
            state = ActionState(
                id=action_id, rep_slug=slug, text=text, owner=_OWNER[owner], due=due,
                created=day(created), note=child(note), status=_STATUS[status],
                overdue=late > 0, days_overdue=late,
                closed_on=day(closed_on) if closed_on else None, comment=comment,
                missed=int(missed), history=(), final=bool(final),
            )  # fmt: skip
            states.append(state)
    except (KeyError, ValueError, TypeError) as exc:  # values no refresh wrote: rebuild
        raise sqlite3.DatabaseError(f"database disk image is malformed ({exc!r})") from None
    states.sort(key=lambda s: (s.due, s.id, s.rep_slug))
    return states


def own_folders(db: Db, rep_slug: str | None = None) -> set[str]:
    """The manager's own folders (of every rep, or of one): those holding a self-review
    (:func:`coachcli.self_review_ids.is_self_review_note`), whose action items are the manager's."""
    from coachcli.index.tables import MAYBE_SELF_REVIEW
    from coachcli.self_review_ids import is_self_review_note

    # only the notes that may be one, through their partial index: a few rows, not every note
    one = " AND rep_slug = ?" if rep_slug is not None else ""
    found = set()
    for slug, framework, detail in db.conn.execute(
        "SELECT rep_slug, framework, detail FROM notes INDEXED BY notes_maybe_self_review "
        f"WHERE ({MAYBE_SELF_REVIEW}){one}",
        (rep_slug,) if rep_slug is not None else (),
    ):
        if slug not in found and is_self_review_note(framework, decode_detail(detail)[1]):
            found.add(slug)
    return found


def states_starting(
    db: Db, home: Home, today: date, wanted: str, rep_slug: str | None = None
) -> tuple[list[ActionState], list[str]]:
    """The kept states whose id starts with ``wanted`` (any case), and every kept id.

    What :func:`coachcli.analytics.pick_action` needs to find one action by
    its id or a prefix of it, without the states of all the others.
    """
    one = " WHERE rep_slug = ?" if rep_slug is not None else ""
    args = (rep_slug,) if rep_slug is not None else ()
    ids = db.conn.execute(f"SELECT rep_slug, id FROM action_states{one}", args).fetchall()
    keys = {(slug, i) for slug, i in ids if wanted and i.lower().startswith(wanted)}
    found = []
    for slug in sorted({slug for slug, _ in keys}):
        mine = [i for each, i in keys if each == slug]
        found += [s for s in kept_states(db, home, today, slug, ids=mine) if (slug, s.id) in keys]
    found.sort(key=lambda s: (s.due, s.id, s.rep_slug))
    return found, [i for _, i in ids]


def activities(db: Db, today: date, rep_slug: str | None = None) -> dict[str, Activity]:
    """Each rep's :class:`~coachcli.Activity` (reps with a note or an open action)."""
    conn = db.conn
    first, last_day = share_window(today)
    one = " WHERE rep_slug = ?" if rep_slug is not None else ""
    args = (rep_slug,) if rep_slug is not None else ()
    counts = dict(
        conn.execute(f"SELECT rep_slug, count(*) FROM notes{one} GROUP BY rep_slug", args)
    )
    open_count: dict[str, int] = {}
    overdue_count: dict[str, int] = {}
    for slug, due in conn.execute(
        "SELECT rep_slug, due FROM action_states WHERE status = 'open'"
        + (" AND rep_slug = ?" if rep_slug is not None else ""),
        args,
    ):
        open_count[slug] = open_count.get(slug, 0) + 1
        late = days_overdue("open", date.fromisoformat(due), today)
        overdue_count[slug] = overdue_count.get(slug, 0) + (late > 0)
    found = {}
    for slug in sorted(counts.keys() | open_count.keys()):
        newest = conn.execute(
            f"SELECT day, kind, framework FROM notes WHERE rep_slug = ? {NEWEST_FIRST} LIMIT 1",
            (slug,),
        ).fetchone()
        coaching = performance = neutral = 0.0
        for c, p, n in conn.execute(  # summed in the order analyses sum them
            "SELECT coaching_minutes, performance_minutes, neutral_minutes FROM notes "
            f"WHERE rep_slug = ? AND day BETWEEN ? AND ? {NEWEST_FIRST}",
            (slug, first.isoformat(), last_day.isoformat()),
        ):
            coaching, performance, neutral = coaching + c, performance + p, neutral + n
        found[slug] = Activity(
            sessions=counts.get(slug, 0),
            last=(date.fromisoformat(newest[0]), newest[1], newest[2]) if newest else None,
            minutes=(coaching, performance, neutral),
            open_actions=open_count.get(slug, 0),
            overdue_actions=overdue_count.get(slug, 0),
        )
    return found


def balance_parts(
    db: Db, home: Home, today: date, since: date | None, plans: Plans, by: Period,
    rep_slug: str | None = None,
) -> dict[str, tuple[Corpus, list[ActionState], Window]]:  # fmt: skip
    """Per rep with notes: what :func:`coachcli.analytics.rep_balance` needs, and no more.

    The window's totals (from ``since``, all notes when None, to ``today``),
    added up from the index's rows without making a record of each note; the
    rep's notes newest first, down to the newest :data:`RECENT_SESSIONS` up
    to ``today`` and the newest with coaching time (all of them when there is
    none); the reviews of those newest sessions; the open action items, and
    those the reviews name.
    """
    slugs = slugs_in(db.conn, "notes")
    if rep_slug is not None:
        slugs = [rep_slug] if rep_slug in slugs else []
    parts = {}
    for slug in slugs:
        part = Corpus()
        ids: list[int] = []
        recent: list[int] = []
        coached = False
        for note_id, note in note_rows(db, home, slug, details=False):
            part.notes.append(note)
            ids.append(note_id)
            if note.date > today:
                continue
            if len(recent) < RECENT_SESSIONS:
                recent.append(note_id)
            coached = coached or has_time(note, "coaching")
            if len(recent) == RECENT_SESSIONS and coached:
                break
        # ratings and metrics: the suggestions look at the newest sessions' only
        detailed = dict(note_rows(db, home, slug, ids=recent))
        part.notes = [detailed.get(i, n) for i, n in zip(ids, part.notes, strict=True)]
        part.reviews = review_rows(db, home, slug, recent)
        reviewed = sorted({r.action_id for r in part.reviews})
        window = window_totals(_counted_rows(db, slug, since, today), plans, by)
        parts[slug] = (part, kept_states(db, home, today, slug, ids=reviewed), window)
    return parts


def _counted_rows(db: Db, rep_slug: str, since: date | None, today: date) -> Iterator[CountedRow]:
    """What the balance counts of each of one rep's notes from ``since`` to ``today``, newest
    first (:data:`coachcli.analytics.balances.CountedRow`, read from the index)."""
    days: dict[str, date] = {}
    after = " AND day >= ?" if since is not None else ""
    args = (rep_slug, today.isoformat(), *([since.isoformat()] if since is not None else []))
    try:
        for when, kind, framework, estimated, coaching, performance, neutral in db.conn.execute(
            "SELECT day, kind, framework, estimated, coaching_minutes, performance_minutes, "
            f"neutral_minutes FROM notes WHERE rep_slug = ? AND day <= ?{after} {NEWEST_FIRST}",
            args,
        ):
            day = days.get(when) or days.setdefault(when, date.fromisoformat(when))
            yield day, kind, framework, bool(estimated), coaching, performance, neutral
    except (ValueError, TypeError) as exc:  # values no refresh wrote: rebuild
        raise sqlite3.DatabaseError(f"database disk image is malformed ({exc!r})") from None
