"""Session notes: Markdown with YAML front matter.

A note is one file, ``<YYYY-MM-DD>-<framework-id>.md``::

    ---
    schema: 1                 # the note format; a newer one asks you to upgrade
    rep: Alex Kim
    date: 2026-11-27          # a YAML date (Obsidian shows it as a date)
    started: '2026-11-27T10:02:13+01:00'
    ...                       # everything tools need: see coachcli.properties
    ---

    # Alex Kim · GROW coaching conversation · 27 Nov 2026
    ...
    ### What do you want to get out of this conversation?
    <!-- q: goal-outcome text -->
    The answer, as typed.

The front matter is the record of everything except the answers; ``date``,
``duration_minutes`` and ``questions_asked`` are derived copies for tools and
are not trusted when a note is read. The answers live only in the body: each
one is the text after its ``<!-- q: ID TYPE -->`` marker, up to the next
heading, and the heading above the marker is the question's prompt. Editing
an answer by hand is therefore reflected when the note is read back.

An answer is written plainly whenever that reads back exactly; a line that
would otherwise be a heading or start raw HTML (``# ...``, ``<...``) gets a
Markdown backslash escape (``\\# ...``), which is removed again on reading.
Anything the plain form cannot carry exactly (outer blank lines or
whitespace, control characters, carriage returns, an unclosed code fence, a
value of an unexpected type) is written as a JSON literal in a ```` ```json ````
block and the marker says so: ``<!-- q: ID TYPE json -->``. So every answer
round-trips exactly, and ordinary answers stay plain, readable Markdown.

Where each part lives:

- :mod:`coachcli.frontmatter`: splitting a note, loading and writing its YAML;
- :mod:`coachcli.properties`: the front matter's keys, written and checked
  (the one check, shared with the index);
- :mod:`coachcli.notes.body`: the Markdown rules of the body both sides follow;
- :mod:`coachcli.notes.writer`: a session's note (:func:`to_markdown`,
  :func:`write_note`);
- :mod:`coachcli.notes.reader`: a note back into a session (:func:`from_markdown`).

Only :func:`write_note` touches files (see :mod:`coachcli.fsys`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coachcli.frontmatter import NoteError, read_front_matter, split_note
    from coachcli.layout import note_filenames
    from coachcli.notes.body import NO_ITEMS, SKIPPED
    from coachcli.notes.reader import from_markdown
    from coachcli.notes.writer import to_markdown, write_note

__all__ = [
    "NO_ITEMS",
    "SKIPPED",
    "NoteError",
    "from_markdown",
    "note_filenames",
    "read_front_matter",
    "split_note",
    "to_markdown",
    "write_note",
]

# Loaded on first use: the index reads bodies through coachcli.notes.scan,
# which must not pull the writer or the reader (and pydantic) in with it.
_HOMES = {
    "NoteError": "coachcli.frontmatter",
    "read_front_matter": "coachcli.frontmatter",
    "split_note": "coachcli.frontmatter",
    "note_filenames": "coachcli.layout",
    "NO_ITEMS": "coachcli.notes.body",
    "SKIPPED": "coachcli.notes.body",
    "from_markdown": "coachcli.notes.reader",
    "to_markdown": "coachcli.notes.writer",
    "write_note": "coachcli.notes.writer",
}


def __getattr__(name: str) -> Any:
    import importlib

    if name not in _HOMES:
        raise AttributeError(f"module 'coachcli.notes' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)
