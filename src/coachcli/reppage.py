"""The rep's page: ``reps/<slug>/<page name>.md``, written by coach and kept current.

What Obsidian shows for a rep: a few properties (role, cadence, start date,
archived), a Tasks query of the rep's open action items and a link to every
session, newest first. Session notes of format 2 link to the page through
their ``rep`` property (:func:`rep_link`), so Obsidian's graph and backlinks
show each rep with their 1:1s.

The page is generated: it is rewritten after every session and every change
to the rep, and a comment at its top says so. A file is coach's page when its
front matter says ``type: rep`` *and* its body opens with that comment
(:func:`is_coach_page`); coach replaces or removes only such a file, never a
Markdown file a person wrote. The sessions are the rep folder's notes by file
name (:func:`coachcli.layout.is_note_name`); no note is read.

Standard library only at import time: PyYAML, the settings and the
frameworks are loaded by the functions that need them.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Protocol

from coachcli.errors import CoachError
from coachcli.fsys import atomic_write
from coachcli.home import Home
from coachcli.layout import (
    NOTE_SUFFIX,
    is_note_name,
    is_windows_device_name,
    note_framework,
    note_order,
    rep_folder,
    starts_with_date,
)
from coachcli.wording import long_date, plural

GENERATED_MARK = "<!-- Written by coach"
"""How the page's body opens; with ``type: rep`` in its properties, it marks coach's page."""
GENERATED = (
    f"{GENERATED_MARK}: this page is rewritten after every 1:1 and every change to the rep, "
    "so edits made here are replaced. Keep your own notes in another file of this folder. -->"
)
PAGE_TYPE = "rep"
PAGE_NAME_BYTES = 200
"""The longest page name in UTF-8 bytes: with ``.md`` and a temporary file's affixes, under 255."""
NAME_PREFIX = "Rep "
"""Put before a page name that would start with a date (a note's name) or be a device's."""
PAGE_SIZE_LIMIT = 1 << 20
"""A bigger Markdown file is never coach's page: it is not even read to check."""

_NOT_IN_NAMES = frozenset('/\\:*?"<>|#^[]')
"""Not in a file name on Windows, macOS or Linux, or breaks an Obsidian link."""
_CONTROLS = frozenset(["Cc", "Cs", "Zl", "Zp"])
"""Unicode categories of control characters, lone surrogates and line or paragraph breaks."""
_LINK = re.compile(r"\s*\[\[([^\[\]|]*)(?:\|([^\[\]]*))?\]\]\s*")
_MARKDOWN = re.compile(r"([\\`*_\[\]<>#|^~=$%&])")
"""Characters that Markdown or Obsidian read as formatting, a link, a tag or a block id."""


class RepProfile(Protocol):
    """What the page shows of a rep (:class:`coachcli.reps.Rep` is one)."""

    @property
    def name(self) -> str: ...
    @property
    def slug(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def start_date(self) -> date | None: ...
    @property
    def cadence_days(self) -> int | None: ...
    @property
    def archived(self) -> bool: ...


# --------------------------------------------------------------------------- names and links


def page_name(display_name: str) -> str:
    """The page's file name without ``.md``: the display name, made safe on every system.

    Characters that cannot be in a file name on Windows, macOS or Linux, or
    in an Obsidian link (``/ \\ : * ? " < > | # ^ [ ]``, control characters),
    become ``-``; leading dots and surrounding spaces are trimmed (and
    trailing dots, which Windows drops); the name is cut to 200 UTF-8 bytes.
    A name that would start with a date (coach reads such files as notes) or
    be a Windows device name gets ``Rep `` before it; an empty one is ``Rep``.
    """
    name = "".join(
        "-" if char in _NOT_IN_NAMES or unicodedata.category(char) in _CONTROLS else char
        for char in unicodedata.normalize("NFC", display_name)
    )
    name = _trimmed(name)
    limit = PAGE_NAME_BYTES - len(NAME_PREFIX)
    name = _trimmed(name.encode("utf-8")[:limit].decode("utf-8", "ignore"))
    if not name:
        return NAME_PREFIX.strip()
    if starts_with_date(name) or is_windows_device_name(name):
        return NAME_PREFIX + name
    return name


def _trimmed(name: str) -> str:
    return re.sub(r"^[\s.]+|[\s.]+$", "", name)


def rep_link(display_name: str) -> str:
    """A note's ``rep`` property: ``[[Alex Kim]]``, or ``[[A-B|A/B]]`` when the page name differs.

    In the shown name, ``[``, ``]`` and ``|`` (which would end or split the
    link) become ``-``.
    """
    page = page_name(display_name)
    if page == display_name:
        return f"[[{page}]]"
    shown = "".join("-" if char in "[]|" else char for char in display_name)
    return f"[[{page}|{shown}]]"


def rep_property(display_name: str) -> str:
    """The ``rep`` property a note holds: :func:`rep_link`, or the name as written when no
    link can show it exactly (``[``, ``]`` or ``|`` in it, or blanks around it)."""
    if set(display_name) & set("[]|") or display_name != display_name.strip():
        return display_name
    return rep_link(display_name)


def link_target(value: str) -> str | None:
    """The page a wiki link points to (``[[page|shown]]`` -> ``page``), or None if not a link."""
    match = _LINK.fullmatch(value)
    if match is None:
        return None
    target = match.group(1).partition("#")[0].strip()  # [[page#heading]]: page names hold no '#'
    return target or None


def _same_page(one: str, other: str) -> bool:
    """Whether two page names are one page to Obsidian, which ignores case in links."""
    return (
        unicodedata.normalize("NFC", one).casefold()
        == unicodedata.normalize("NFC", other).casefold()
    )


def page_path(home: Home, rep: RepProfile) -> Path:
    """``<home>/reps/<slug>/<page name>.md``."""
    return rep_folder(home, rep.slug) / f"{page_name(rep.name)}{NOTE_SUFFIX}"


# --------------------------------------------------------------------------- the page


def list_sessions(folder: Path) -> list[str]:
    """The file names (without ``.md``) of the notes in ``folder``, newest first."""
    try:
        with os.scandir(folder) as entries:
            names = [e.name for e in entries if is_note_name(e.name) and _is_file(e)]
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as exc:
        raise CoachError(f"Cannot read {folder}: {exc.strerror or exc}.") from None
    stems = [name.removesuffix(NOTE_SUFFIX) for name in names]
    return sorted(stems, key=note_order, reverse=True)


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def render_page(rep: RepProfile, sessions: Sequence[str], home: Home) -> str:
    """The page's Markdown: properties, the generated comment, facts, open actions, sessions.

    ``sessions`` are the notes' file names without ``.md``, newest first
    (:func:`list_sessions`). The settings (the cadence a rep without their
    own follows) and the framework names (each session's label) come from
    ``home``; when they cannot be read, the defaults and the bare links do.
    """
    from coachcli.frontmatter import Flow, join_note

    cadence, own = _cadence(rep, home)
    properties: dict[str, object] = {"type": PAGE_TYPE}
    if rep.role:
        properties["role"] = rep.role
    properties["cadence_days"] = cadence
    if rep.start_date is not None:
        properties["start_date"] = rep.start_date
    properties["archived"] = rep.archived
    properties["tags"] = Flow([PAGE_TYPE])

    every = "every day" if cadence == 1 else f"every {plural(cadence, 'day')}"
    facts = []
    if rep.role:
        facts.append(f"- Role: {_md(rep.role)}")
    if rep.start_date is not None:
        facts.append(f"- In the role since {long_date(rep.start_date)}")
    facts.append(f"- A 1:1 {every}" + ("" if own else " (your `cadence_days` setting)"))
    if rep.archived:
        facts.append("- Archived: left out of `coach reps`, and no 1:1 is due")
    lines = [GENERATED, "", f"# {_md(rep.name)}", "", *facts, ""]
    lines += ["## Open action items", "", "```tasks", "not done"]
    lines += [f"path includes reps/{rep.slug}/", "sort by due", "```", ""]
    lines += ["## Sessions", ""]
    names = _framework_names(home) if sessions else {}
    for stem in sessions:
        framework = note_framework(stem, names)
        label = f" · {_md(names[framework])}" if framework is not None else ""
        lines.append(f"- [[{stem}]]{label}")
    if not sessions:
        lines.append("No sessions yet.")
    return join_note(properties, "\n".join(lines) + "\n")


def _cadence(rep: RepProfile, home: Home) -> tuple[int, bool]:
    """Days between 1:1s, and whether they are the rep's own (else the setting's)."""
    if rep.cadence_days is not None:
        return rep.cadence_days, True
    from coachcli.config import Config, load_config

    try:
        return load_config(home).cadence_days, False
    except CoachError:  # a broken config.toml: every listing says so; the page carries on
        return Config().cadence_days, False


def _framework_names(home: Home) -> dict[str, str]:
    from coachcli.loader import discover

    try:
        sources = discover(home)
    except CoachError:
        return {}
    return {s.framework.id: s.framework.name for s in sources if s.framework is not None}


def _md(text: str) -> str:
    """``text`` shown as typed in Markdown: no emphasis, link, tag, block id or HTML."""
    return _MARKDOWN.sub(r"\\\1", text)


def is_coach_page(text: str) -> bool:
    """Whether ``text`` is a page coach wrote: ``type: rep``, and the comment opening the body."""
    import yaml

    from coachcli.frontmatter import split_parts

    try:
        front, body, _ = split_parts(text, "<page>")
        data = yaml.safe_load(front)
    except (CoachError, yaml.YAMLError, ValueError, RecursionError):
        return False
    return (
        isinstance(data, dict)
        and data.get("type") == PAGE_TYPE
        and body.lstrip().startswith(GENERATED_MARK)
    )


def _is_coach_file(path: Path) -> bool:
    """Whether ``path`` is a regular file (not a link) holding a page coach wrote."""
    try:
        st = path.lstat()
        if not stat.S_ISREG(st.st_mode) or st.st_size > PAGE_SIZE_LIMIT:
            return False
        return is_coach_page(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError):
        return False


def write_page(home: Home, rep: RepProfile) -> Path:
    """Write the rep's page (atomically, 0600) and remove their page under an older name.

    CoachError, and nothing written, when a file of that name exists that
    coach did not write: a person's file is never replaced.
    """
    path = page_path(home, rep)
    if os.path.lexists(path) and not _is_coach_file(path):
        raise CoachError(
            f"{path} was not written by coach, so coach did not replace it with {rep.name}'s page.",
            hint="Rename or move that file; coach writes the page again after the next 1:1 "
            "or `coach rep edit`.",
        )
    folder = path.parent
    atomic_write(path, render_page(rep, list_sessions(folder), home))
    _remove_stale_pages(folder, path)
    return path


def _remove_stale_pages(folder: Path, page: Path) -> None:
    """Remove coach's pages in ``folder`` other than ``page`` (left by a rename)."""
    try:
        with os.scandir(folder) as entries:
            names = [e.name for e in entries if e.name.endswith(NOTE_SUFFIX)]
    except OSError:
        return
    for name in names:
        path = folder / name
        if name == page.name or name.startswith(".") or is_note_name(name):
            continue
        try:
            if path.samefile(page):  # a file system that ignores case: the same file
                continue
        except OSError:
            continue
        if _is_coach_file(path):
            # kept if it cannot be removed: a stale page is harmless, the next write tries again
            with contextlib.suppress(OSError):
                path.unlink()


# --------------------------------------------------------------------------- notes' links


def relink_notes(folder: Path, old_names: Iterable[str], new_name: str) -> list[Path]:
    """Point the ``rep`` property of the notes in ``folder`` at the page of ``new_name``.

    Only notes of format 2 or later whose ``rep`` links to the page of one of
    ``old_names`` are changed, and in them only the ``rep:`` line of the
    front matter, atomically: every other byte stays as it was. Format-1
    notes (``rep`` is the plain name), notes linking elsewhere and notes
    that cannot be read are left alone. Returns the notes changed.
    """
    old_pages = [page_name(name) for name in old_names]
    new_link = rep_property(new_name)
    changed = []
    for stem in list_sessions(folder):
        path = folder / f"{stem}{NOTE_SUFFIX}"
        try:
            raw = path.read_bytes()
            text = raw.decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        updated = _relinked(text, old_pages, new_link)
        if updated is not None:
            atomic_write(path, updated.encode("utf-8"))
            changed.append(path)
    return changed


def _relinked(text: str, old_pages: list[str], new_link: str) -> str | None:
    """``text`` with its front matter's ``rep:`` line linking ``new_link``, or None to leave it."""
    import json

    import yaml

    from coachcli.frontmatter import split_parts

    located = _rep_line(text)
    if located is None:
        return None
    start, end, front = located
    try:
        if front.replace("\r\n", "\n") != split_parts(text, "<note>").front:
            return None  # not the front matter every reader sees: do not guess
        data = yaml.safe_load(front)
        line = yaml.safe_load(text[start:end])
    except (CoachError, yaml.YAMLError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or line != {"rep": data.get("rep")}:
        return None  # the value goes on over more lines, or the key appears twice
    schema, value = data.get("schema"), data.get("rep")
    if type(schema) is not int or schema < 2 or not isinstance(value, str):
        return None  # format 1: the plain name, rewritten by `coach migrate`
    target = link_target(value)
    if value == new_link or target is None or not any(_same_page(target, p) for p in old_pages):
        return None
    new_line = f"rep: {json.dumps(new_link, ensure_ascii=False)}"
    if yaml.safe_load(new_line) != {"rep": new_link}:  # pragma: no cover - names are one line
        return None
    return text[:start] + new_line + text[end:]


def _rep_line(text: str) -> tuple[int, int, str] | None:
    """Where the front matter's one top-level ``rep:`` line is (without its line end).

    Returns (start, end, the front matter's text) or None when the note has
    no closed front matter or not exactly one such line.
    """
    pos = 1 if text.startswith("\ufeff") else 0
    first = True
    front_start = 0
    found: list[tuple[int, int]] = []
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end].removesuffix("\r")
        if first:
            if re.fullmatch(r"---[ \t]*", line) is None:
                return None
            first, front_start = False, end + 1
        elif re.fullmatch(r"(?:---|\.\.\.)[ \t]*", line):
            if len(found) != 1:
                return None
            return found[0][0], found[0][1], text[front_start:pos]
        elif re.match(r"rep[ \t]*:", line):
            found.append((pos, pos + len(line)))
        pos = end + 1
    return None
