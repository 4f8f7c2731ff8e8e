"""The shared parts a manager publishes: each note's `coach share` Markdown, kept while unchanged.

A note's shared parts are only known by reading the note whole and laying
them out (:func:`coachcli.share.message`): about a millisecond a note, too
slow to do for 10,000 notes at every `coach sync`. So what each note gave is
kept beside the index (:mod:`coachcli.checked_cache`), by the note file's
signature (time, size, inode), and a note is read again only when it changed,
or when the frameworks (their names and units are in the text), the manager's
name or the coachcli version did. Like the index, the file may be deleted at
any time; a note changed a moment ago is never trusted by its signature.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachcli.checked_cache import file_signature, load, settled, signature, store
from coachcli.errors import CoachError
from coachcli.home import Home

if TYPE_CHECKING:
    from coachcli.framework import Framework

FILE_NAME = "team-shared.json"
FORMAT = 1


def shared_markdown(
    home: Home, notes: Iterable[tuple[str, Path]], manager_name: str, warnings: list[str]
) -> dict[tuple[str, str], str]:
    """(rep slug, note file name) → the note's shared parts as `coach share` gives them in
    Markdown, for each of ``notes`` (rep slug, path) with anything shared. A note that cannot
    be read has none, and a warning says why."""
    from coachcli import __version__

    expected: list[Any] = [FORMAT, __version__, manager_name, signature(home)]
    kept = load(home, expected, FILE_NAME) or {}
    fresh: dict[str, list[Any]] = {}
    frameworks: dict[str, Framework] | None = None
    found = {}
    for slug, path in notes:
        key = f"{slug}/{path.name}"
        sig = file_signature(path)
        entry = kept.get(key)
        if (
            sig
            and isinstance(entry, list)
            and len(entry) == 3
            and entry[0] == sig
            and isinstance(entry[1], str | None)
            and isinstance(entry[2], str)
        ):
            text, problem = entry[1], entry[2]
        else:
            if frameworks is None:
                frameworks = _usable_frameworks(home)
            text, problem = _render(home, path, frameworks, manager_name)
        if sig and settled(sig[0]):
            fresh[key] = [sig, text, problem]
        if problem:
            warnings.append(problem)
        elif text is not None:
            found[(slug, path.name)] = text
    if fresh != kept:
        store(home, expected, fresh, FILE_NAME)
    return found


def _render(
    home: Home, path: Path, frameworks: dict[str, Framework], manager_name: str
) -> tuple[str | None, str]:
    """(the note's shared Markdown or None when nothing in it is shared, "") or, when the note
    cannot be read, (None, why): a note `coach share` refuses publishes nothing as shared."""
    from coachcli.share import message, read_note

    try:
        session = read_note(path)
        # as `coach share` finds the framework: by its id, None when it is gone or broken
        framework = frameworks.get(session.framework)
        shared = message(home, session, path, "md", framework, manager_name)
    except CoachError as exc:
        hint = f" {exc.hint}" if exc.hint else ""
        return None, f"{exc.message} Nothing of it is published as shared.{hint}"
    return (None if shared.empty else shared.text), ""


def _usable_frameworks(home: Home) -> dict[str, Framework]:
    """Every framework that loads, by id: read once, not once per note."""
    from coachcli.loader import discover

    return {s.id: s.framework for s in discover(home) if s.framework is not None}
