"""Session notes: Markdown files that are the truth (format 2, docs/notes.md).

A note is one file, ``<YYYY-MM-DD>-<framework-id>.md``: flat properties in
the front matter (:mod:`coachcli.properties`), and a body that holds
everything said, once: the summary, reviews of earlier actions, each
question with its answer below its hidden ``<!-- q: ID TYPE -->`` marker,
feedback, and the action items as Obsidian Tasks lines (:mod:`coachcli.tasks`).
What a person edits in the body is what coach reads.

An answer is written plainly whenever that reads back exactly; a line that
would otherwise be a heading, a setext underline or start raw HTML gets a
Markdown backslash escape, removed again on reading. Anything the plain form
cannot carry exactly goes in a ```` ```json ```` block, and the marker says
so. So every answer round-trips exactly, and ordinary answers stay readable.

Where each part lives:

- :mod:`coachcli.frontmatter`: splitting a note, loading and writing its YAML;
- :mod:`coachcli.properties`: the properties, written and checked (format 2);
  :mod:`coachcli.properties_v1`: the front matter of format-1 notes, read only;
- :mod:`coachcli.notes.body`: the Markdown rules of the body both sides follow;
- :mod:`coachcli.notes.scan`: reading a body (light: the index uses it);
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
