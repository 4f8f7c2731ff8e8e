"""Full-text search over the notes: the query, the matching notes and lines, highlighting.

The index keeps each note's summary and body in an FTS5 table (unicode61
tokenizer, accents removed), so a search is case- and accent-blind. What
the user types is always text: every word or "phrase" becomes a quoted FTS5
string, so FTS5's operators lose their meaning.
"""

from __future__ import annotations

import gc
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from coachcli.errors import CoachError
from coachcli.home import Home
from coachcli.index.database import Db, with_index
from coachcli.index.files import Progress, RefreshStats, child_maker
from coachcli.layout import check_slug

_TERM = re.compile(r'"([^"]*)"?|([^\s"]+)')
_TOKEN = re.compile(r"[^\W_]+")  # what FTS5's unicode61 tokenizer keeps: letters and digits
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
) -> tuple[list[SearchHit], RefreshStats]:
    """Notes matching every word (and "quoted phrase") of ``query``, case- and accent-blind.

    Returns the hits and what the refresh before the search did (its
    ``broken`` says whether some notes could not be searched).

    ``max_lines`` keeps at most that many matching lines per note (the hit's
    ``more`` says that there were others), which keeps a search for a common
    word light.

    Sorted by rep (name, then folder), newest first within a rep. Each hit
    lists the lines of the note's body that hold a match. ``since`` keeps
    notes of that day or later. Raises CoachError when ``query`` holds nothing
    to search for (only punctuation). The index is refreshed first, as by
    :func:`~coachcli.index.corpus.load_corpus`.
    """
    check_slug(rep_slug)
    match = fts_query(query)

    def work(db: Db) -> tuple[list[SearchHit], RefreshStats]:
        stats, _ = db.refresh(home, rep_slug, progress)
        return _hits(db, home, match, rep_slug, since, max_lines), stats

    return with_index(home, work)


def fts_query(query: str) -> str:
    """``query`` as an FTS5 query: each word or "phrase" a quoted FTS5 string, ANDed.

    Anything the user types is text: FTS5 operators (``OR``, ``NEAR``, ``*``,
    ``-``, ``^``, column filters) lose their meaning inside a string.
    CoachError when no word is left.
    """
    terms = []
    for phrase, word in _TERM.findall(query):
        tokens = _TOKEN.findall(phrase or word)
        if tokens:
            terms.append('"' + " ".join(tokens).replace('"', '""') + '"')
    if not terms:
        raise CoachError(
            f"Nothing to search for in {query.strip()!r}: search looks for words and numbers.",
            hint='Type one or more words, e.g. coach search discovery "next step".',
        )
    return " ".join(terms)


def _hits(
    db: Db,
    home: Home,
    match: str,
    rep_slug: str | None,
    since: date | None,
    max_lines: int | None = None,
) -> list[SearchHit]:
    sql = (
        "SELECT n.name, n.rep_slug, n.rep, n.started, n.framework, "
        f"n.body_line, highlight(note_text, 1, '{_MARK_ON}', '{_MARK_OFF}') "
        "FROM note_text JOIN notes n ON n.id = note_text.rowid WHERE note_text MATCH ?"
    )
    args: list[object] = [match]
    if rep_slug is not None:
        sql += " AND n.rep_slug = ?"
        args.append(rep_slug)
    if since is not None:
        sql += " AND n.day >= ?"
        args.append(since.isoformat())
    sql += " ORDER BY n.rep_slug, n.started_ts DESC, n.name DESC"
    groups: dict[str, list[SearchHit]] = {}  # by rep folder, newest first
    children: dict[str, Callable[[str], Path]] = {}
    collecting = gc.isenabled()
    gc.disable()  # as in loading the corpus: many small acyclic objects
    try:
        for name, slug, rep, started, framework, body_line, marked in db.conn.execute(sql, args):
            child = children.get(slug)
            if child is None:
                child = children[slug] = child_maker(home.reps_dir / slug)
                groups[slug] = []
            lines = _matching_lines(marked, body_line, max_lines)
            more = max_lines is not None and len(lines) > max_lines
            when = datetime.fromisoformat(started)
            hit = SearchHit(child(name), slug, rep, when, framework, lines[:max_lines], more)
            groups[slug].append(hit)
    except (ValueError, TypeError) as exc:  # values no refresh wrote: rebuild
        raise sqlite3.DatabaseError(f"database disk image is malformed ({exc!r})") from None
    finally:
        if collecting:
            gc.enable()
    # by the rep's current name (their newest note's), then folder
    order = sorted(groups, key=lambda slug: (groups[slug][0].rep.casefold(), slug))
    return [hit for slug in order for hit in groups[slug]]


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
        lines.append((number, line.replace(_MARK_ON, "").replace(_MARK_OFF, "")))
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


def _line_pattern(query: str) -> re.Pattern[str] | None:
    phrases = []
    for phrase, word in _TERM.findall(query):
        tokens = _TOKEN.findall(_fold(phrase or word))
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
