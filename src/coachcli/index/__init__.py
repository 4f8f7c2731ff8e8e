"""The index: a rebuildable cache of the notes, so that reading stays fast.

Notes are the source of truth. The index keeps, per note, the small flat
records of :mod:`coachcli.records` and the note's text for search, in one
SQLite file in the platform's cache folder::

    <user cache>/coachcli/<16 hex of sha256(home path)>/index.sqlite3

so a synced or shared notes folder never carries a cache, and two homes never
share one. Deleting it at any time loses nothing: the next read rebuilds it.
Every read first brings it up to date with the files, reading again only the
notes that changed; a note that cannot be read is one warning naming it.
Checking costs one ``stat`` per note; a rep folder whose listing adds up to
the digest kept from the index's own rows is then not compared file by file.
Each rep's action states are kept too, and worked out again only for the
reps whose files were re-read (:mod:`coachcli.digests`).

The rooms:

- :mod:`~coachcli.index.files`: the rep folders, each file's signature,
  reading a changed file (and remembering why one cannot be read);
- :mod:`~coachcli.index.rows`: a note's records, from its checked properties
  (:mod:`coachcli.properties`);
- :mod:`~coachcli.index.database`: the SQLite file (tables, opening, rebuilt
  when stale or corrupt, a throwaway when unusable) and the refresh;
- :mod:`~coachcli.index.build`: ``coach index rebuild``, in a new file
  renamed over the old one when complete;
- :mod:`~coachcli.index.workers` and :mod:`~coachcli.index.shards`: many
  files read on every core, each worker's rows handed back as a small
  database of its own;
- :mod:`~coachcli.index.corpus`: loading the records back, for one rep or all;
- :mod:`~coachcli.index.search`: full-text search and highlighting.

**Speed** (10,000 notes across 50 reps; benchmarks/read_index.py): a warm
:func:`load_corpus` of every rep builds ~60,000 records in ~0.25 s; checking
10,000 files for changes takes ~50 ms (one ``stat`` each: about 2–4 µs on
the machines measured, the floor of noticing an edit); a warm load never imports pydantic
or PyYAML, and reading an edited note imports only PyYAML.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coachcli.index.corpus import load_corpus
from coachcli.index.database import INDEX_FORMAT, index_path, refresh
from coachcli.index.files import PROGRESS_MIN, Progress, RefreshStats
from coachcli.index.search import SearchHit, excerpt, match_spans, search, search_each
from coachcli.search_terms import fts_query

if TYPE_CHECKING:
    from coachcli.index.build import rebuild
    from coachcli.index.rows import rows_from_front_matter

__all__ = [
    "INDEX_FORMAT",
    "PROGRESS_MIN",
    "Progress",
    "RefreshStats",
    "SearchHit",
    "excerpt",
    "fts_query",
    "index_path",
    "load_corpus",
    "match_spans",
    "rebuild",
    "refresh",
    "rows_from_front_matter",
    "search",
    "search_each",
]


def __getattr__(name: str) -> Any:
    # Rebuilding is only `coach index rebuild`'s: no other command imports it.
    if name == "rebuild":
        from coachcli.index.build import rebuild

        return rebuild
    # Checking a note's properties is only needed when a note is read again:
    # a warm read never imports it.
    if name == "rows_from_front_matter":
        from coachcli.index.rows import rows_from_front_matter

        return rows_from_front_matter
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
