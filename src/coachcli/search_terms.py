"""What a person types into `coach search`, as an FTS5 query (:func:`fts_query`).

Apart from :mod:`coachcli.index.search` so that a search that has nothing to
read (a home without a rep folder) checks the words as every search does,
without loading the index and SQLite.
"""

from __future__ import annotations

import re

from coachcli.errors import CoachError

TERM = re.compile(r'"([^"]*)"?|([^\s"]+)')
TOKEN = re.compile(r"[^\W_]+")  # what FTS5's unicode61 tokenizer keeps: letters and digits


def fts_query(query: str) -> str:
    """``query`` as an FTS5 query: each word or "phrase" a quoted FTS5 string, ANDed.

    Anything the user types is text: FTS5 operators (``OR``, ``NEAR``, ``*``,
    ``-``, ``^``, column filters) lose their meaning inside a string.
    CoachError when no word is left.
    """
    terms = []
    for phrase, word in TERM.findall(query):
        tokens = TOKEN.findall(phrase or word)
        if tokens:
            terms.append('"' + " ".join(tokens).replace('"', '""') + '"')
    if not terms:
        raise CoachError(
            f"Nothing to search for in {query.strip()!r}: search looks for words and numbers.",
            hint='Type one or more words, e.g. coach search discovery "next step".',
        )
    return " ".join(terms)
