"""Full-text search over the notes: the query, the matching notes and lines, highlighting.

The index keeps each note's summary and body in an FTS5 table (unicode61
tokenizer, accents removed), so a search is case- and accent-blind. What
the user types is always text: every word or "phrase" becomes a quoted FTS5
string, so FTS5's operators lose their meaning.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from coachcli.home import Home
from coachcli.index.database import Db, with_index
from coachcli.index.files import Progress, RefreshStats, child_maker
from coachcli.layout import check_slug
from coachcli.search_terms import TERM, TOKEN, fts_query

_MARK_ON, _MARK_OFF = "\x02", "\x03"
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A note that matches a search, and its matching lines."""

    path: Path
    rep_slug: str
    rep: str
    started: datetime
    framework: str
    lines: list[tuple[int, str]]
    """(line number in the file, the line's text) of each line with a match.

    :func:`match_spans` says where in a line the matches are, to highlight them.
    """
    more: bool = False
    """More lines matched than the ``max_lines`` asked for."""


def search(
    home: Home,
    query: str,
    rep_slug: str | None = None,
    since: date | None = None,
    *,
    progress: Progress | None = None,
    max_lines: int | None = None,
    limit: int | None = None,
) -> tuple[list[SearchHit], RefreshStats]:
    """The notes :func:`search_each` finds, as a list (newest first), and the refresh's stats."""
    hits: list[SearchHit] = []
    stats, _ = search_each(home, query, hits.append, rep_slug, since,
                           progress=progress, max_lines=max_lines, limit=limit)  # fmt: skip
    return hits, stats


def search_each(
    home: Home,
    query: str,
    found: Callable[[SearchHit], None],
    rep_slug: str | None = None,
    since: date | None = None,
    *,
    progress: Progress | None = None,
    max_lines: int | None = None,
    limit: int | None = None,
) -> tuple[RefreshStats, bool]:
    """Each note matching every word (and "quoted phrase") of ``query``, newest first.

    ``found`` gets each matching note as soon as it is read, so a caller can
    show it at once; no list of them is kept here. At most ``limit`` notes
    (None: every one). Returns what the refresh before the search did (its
    ``broken`` says whether some notes could not be searched) and whether
    more notes matched than ``limit``.

    Case- and accent-blind. Each hit lists the lines of the note's body that
    hold a match; ``max_lines`` keeps at most that many per note (the hit's
    ``more`` says that there were others), which keeps a search for a common
    word light. ``since`` keeps notes of that day or later. Raises CoachError
    when ``query`` holds nothing to search for (only punctuation). The index
    is refreshed first, as by :func:`~coachcli.index.corpus.load_corpus`.
    """
    check_slug(rep_slug)
    match = fts_query(query)
    given = 0

    def deliver(hit: SearchHit) -> None:
        nonlocal given
        given += 1
        found(hit)

    def work(db: Db) -> tuple[RefreshStats, bool]:
        stats, _ = db.refresh(home, rep_slug, progress)
        # a rebuild after a corrupt row starts over: skip the notes already given
        more = _each_hit(db, home, match, deliver, rep_slug, since, max_lines, limit, given)
        return stats, more

    return with_index(home, work)


def _each_hit(
    db: Db,
    home: Home,
    match: str,
    found: Callable[[SearchHit], None],
    rep_slug: str | None,
    since: date | None,
    max_lines: int | None,
    limit: int | None,
    skip: int,
) -> bool:
    """Give ``found`` each hit, newest first; True when more notes matched than ``limit``."""
    # the order and the limit first, without the highlighted text: FTS5 would
    # highlight every matching note before SQLite sorts them
    sql = (
        "SELECT n.id, n.name, n.rep_slug, n.rep, n.started, n.framework, n.body_line "
        "FROM note_text JOIN notes n ON n.id = note_text.rowid WHERE note_text MATCH ?"
    )
    args: list[object] = [match]
    if rep_slug is not None:
        sql += " AND n.rep_slug = ?"
        args.append(rep_slug)
    if since is not None:
        sql += " AND n.day >= ?"
        args.append(since.isoformat())
    sql += " ORDER BY n.started_ts DESC, n.name DESC, n.rep_slug DESC"
    if limit is not None:
        sql += " LIMIT ?"
        args.append(limit + 1)  # one more: whether there are more
    marked_sql = (
        f"SELECT highlight(note_text, 1, '{_MARK_ON}', '{_MARK_OFF}') "
        "FROM note_text WHERE note_text MATCH ? AND rowid = ?"
    )
    children: dict[str, Callable[[str], Path]] = {}
    count = 0
    try:
        for row_id, name, slug, rep, started, framework, body_line in db.conn.execute(sql, args):
            count += 1
            if limit is not None and count > limit:
                return True
            if count <= skip:
                continue
            child = children.get(slug)
            if child is None:
                child = children[slug] = child_maker(home.reps_dir / slug)
            row = db.conn.execute(marked_sql, (match, row_id)).fetchone()
            lines = _matching_lines(row[0] if row else "", body_line, max_lines)
            more = max_lines is not None and len(lines) > max_lines
            when = datetime.fromisoformat(started)
            found(SearchHit(child(name), slug, rep, when, framework, lines[:max_lines], more))
    except (ValueError, TypeError) as exc:  # values no refresh wrote: rebuild
        raise sqlite3.DatabaseError(f"database disk image is malformed ({exc!r})") from None
    return False


def _matching_lines(
    marked: str, first_line: int, limit: int | None = None
) -> list[tuple[int, str]]:
    """The lines of a highlighted body that hold a match, without the marks.

    Only the lines around each mark are looked at (a body has ~100 lines, a
    word is in a few); a phrase can run over a line break.
    """
    lines: list[tuple[int, str]] = []
    find, count = marked.find, marked.count
    number, counted = first_line, 0
    mark = find(_MARK_ON)
    start = marked.rfind("\n", 0, mark) + 1 if mark != -1 else -1
    while start != -1:
        end = find("\n", start)
        if end == -1:
            end = len(marked)
        number += count("\n", counted, start)
        counted = start
        line = marked[start:end]
        shown = line.replace(_MARK_ON, "").replace(_MARK_OFF, "").rstrip()
        lines.append((number, shown))  # the index holds no hidden marker: rows.searchable
        if end == len(marked) or (limit is not None and len(lines) > limit):
            break
        if line.rfind(_MARK_ON) > line.rfind(_MARK_OFF):  # a phrase goes on in the next line
            start = end + 1
        else:
            mark = find(_MARK_ON, end)
            start = -1 if mark == -1 else marked.rfind("\n", 0, mark) + 1
    return lines


def match_spans(query: str, line: str) -> list[tuple[int, int]]:
    """Where the words and phrases of ``query`` are in ``line``: (start, end) offsets.

    For highlighting the lines of a :class:`SearchHit`: case- and accent-blind
    like the search (a close approximation of FTS5's tokenizer).
    """
    pattern = _line_pattern(query)
    if pattern is None:
        return []
    folded = _fold(line)
    if len(folded) != len(line):  # a letter that folds to several: no offsets to give
        return []
    return [match.span() for match in pattern.finditer(folded)]


def excerpt(
    line: str, spans: list[tuple[int, int]], width: int
) -> tuple[str, list[tuple[int, int]]]:
    """``line`` (stripped) in at most ``width`` characters, cut around its first match.

    Where the line is cut, ``…`` says so; about a third of the room is left
    for the words before the match. ``spans`` are :func:`match_spans` offsets
    in ``line``; the spans returned are offsets in the excerpt (only the
    parts that show).
    """
    stripped = line.strip()
    offset = len(line) - len(line.lstrip())
    spans = [(a - offset, b - offset) for a, b in spans]
    if len(stripped) <= width:
        return stripped, spans
    if width <= 2:
        return "…"[:width], []
    room = width - 2  # both ends may be cut
    first_start, first_end = spans[0] if spans else (0, 0)
    size = first_end - first_start
    start = first_start - (room - size) // 3 if size < room else first_start
    start = max(0, min(start, len(stripped) - room))
    if start > 0 and not stripped[start - 1].isspace():  # begin with a whole word
        space = stripped.find(" ", start, max(start, first_start))
        start = start if space == -1 else space + 1
    end = start + room
    if start == 0:
        end += 1  # no … before: one more character after
    elif end >= len(stripped) - 1:
        start, end = len(stripped) - room - 1, len(stripped)
    before = "…" if start > 0 else ""
    after = "…" if end < len(stripped) else ""
    shift = len(before) - start
    shown = before + stripped[start:end] + after
    kept = [
        (max(a + shift, len(before)), min(b + shift, len(shown) - len(after)))
        for a, b in spans
        if b > start and a < end
    ]
    return shown, kept


@functools.lru_cache(maxsize=16)  # one query highlights thousands of lines
def _line_pattern(query: str) -> re.Pattern[str] | None:
    phrases = []
    for phrase, word in TERM.findall(query):
        tokens = TOKEN.findall(_fold(phrase or word))
        if tokens:
            phrases.append(r"[\W_]+".join(re.escape(t) for t in tokens))
    if not phrases:
        return None
    phrases.sort(key=len, reverse=True)
    return re.compile(r"(?<![^\W_])(?:" + "|".join(phrases) + r")(?![^\W_])")


def _fold(text: str) -> str:
    """Lower case without accents (as FTS5's unicode61 tokenizer compares), per character."""
    if text.isascii():
        return text.lower()
    import unicodedata

    return "".join(
        _COMBINING.sub("", unicodedata.normalize("NFD", char)).lower() or char for char in text
    )
