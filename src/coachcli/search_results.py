"""What `coach search` answers: the notes found, newest first, with the reps' names.

The search itself is the index's (:mod:`coachcli.index.search`); this adds
the rep chosen by name, the names to show and the warnings, as the other read
commands do in :mod:`coachcli.queries`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from coachcli.home import Home
from coachcli.reps import any_rep_folder, get_rep, list_reps
from coachcli.view import Result

if TYPE_CHECKING:
    from coachcli.index import SearchHit


@dataclass
class SearchView(Result):
    query: str = ""
    """The query as searched (what matched lines are highlighted against)."""
    hits: list[SearchHit] = field(default_factory=list)
    """The notes found, newest first (none kept when they were given to a ``found`` callback)."""
    count: int = 0
    """How many notes were found."""
    limit: int | None = None
    """At most this many notes were looked for (None: every one)."""
    more: bool = False
    """More notes match than ``limit``."""

    def to_json(self) -> dict[str, Any]:
        """What `coach search --json` prints: the notes, newest first; were there more."""
        return {"notes": [hit_json(self.name(h.rep_slug), h) for h in self.hits], **self.tail()}

    def tail(self) -> dict[str, Any]:
        """The fields after the notes (known when the last note is found)."""
        return {"limit": self.limit, "more_notes": self.more}


def hit_json(name: str, hit: SearchHit) -> dict[str, Any]:
    """One note found, as `coach search --json` gives it."""
    return {
        "rep": name,
        "slug": hit.rep_slug,
        "date": hit.started.date().isoformat(),
        "framework": hit.framework,
        "path": str(hit.path),
        "lines": [{"line": n, "text": t} for n, t in hit.lines],
        "more_lines": hit.more,
    }


def search_query(terms: list[str]) -> str:
    """The words a person typed as one query.

    An argument with spaces is a phrase (the shell took its quotes away),
    unless it holds quotes of its own: ``coach search '"economic buyer" pricing'``.
    """
    return " ".join(t if '"' in t or not any(c.isspace() for c in t) else f'"{t}"' for t in terms)


def search_view(
    home: Home,
    terms: list[str],
    rep_ref: str | None = None,
    *,
    since: date | None = None,
    max_lines: int | None = None,
    limit: int | None = None,
    found: Callable[[str, SearchHit], None] | None = None,
) -> SearchView:
    """Notes matching every word and "quoted phrase" of ``terms``, newest first.

    At most ``limit`` notes (None: every one). With ``found``, each note is
    given to it as soon as it is read, with the rep's name, and not kept in
    the view (for a long result shown as it comes).
    """
    text = search_query(terms)
    rep = get_rep(home, rep_ref, begun=True) if rep_ref else None
    warnings: list[str] = []
    if rep is not None:
        names = {rep.slug: rep.name}
    else:
        listing = list_reps(home)
        warnings += listing.warnings
        names = {r.slug: r.name for r in listing.reps}
    view = SearchView(warnings=warnings, names=names, query=text, limit=limit)
    if rep is None and not any_rep_folder(home):  # no rep folder, so no note: no index
        from coachcli.search_terms import fts_query

        fts_query(text)  # the words checked as for any search
        return view
    from coachcli.index import load_corpus, search_each

    def keep(hit: SearchHit) -> None:
        view.count += 1
        if found is None:
            view.hits.append(hit)
        else:
            found(view.name(hit.rep_slug), hit)

    slug = rep.slug if rep else None
    stats, view.more = search_each(home, text, keep, slug, since, max_lines=max_lines,
                                   limit=limit)  # fmt: skip
    if stats.broken:  # rare: name the notes the search could not read
        warnings += load_corpus(home, slug).warnings
    return view
