"""Where things live inside the home: slugs, rep folders and the names of the files in them.

Light on purpose (standard library only): the index reads it on every warm
listing, before anything heavy is imported.

A rep's folder is ``<home>/reps/<slug>/``; a slug is ``[a-z0-9-]`` only, so
it can never climb out of ``reps/``, whatever the rep's name. In a folder:
``profile.toml``, the notes ``YYYY-MM-DD-<framework-id>.md``, the draft of an
unfinished session, ``actions.toml`` (status changes of action items), the
rep's page (:mod:`coachcli.reppage`) and the lock file that keeps two
sessions with one rep apart. Only the Markdown files whose names start with
a date are notes (:func:`is_note_name`): any other ``.md`` file there is the
rep's page or the manager's own, and is never read as a note.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from coachcli.errors import CoachError

if TYPE_CHECKING:
    from coachcli.home import Home

SLUG_MAX = 48
SUBJECT_IN_NAME = 40
"""At most this many characters of a deal or account go into a note's file name."""
"""The longest slug :func:`slugify` makes."""
SLUG_LIMIT = 100
"""The longest folder name accepted as a slug (hand-made folders may be longer than 48)."""
SLUG_PATTERN = r"[a-z0-9][a-z0-9-]*"
SLUG_RE = re.compile(SLUG_PATTERN)
DATE_PREFIX_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
"""A note's name starts with its date, ``YYYY-MM-DD`` (shaped like one: a bad date still warns)."""

PROFILE_FILE = "profile.toml"
DRAFT_FILE = "draft.json"
ACTIONS_FILE = "actions.toml"
LOCK_FILE = ".lock"
HOME_LOCK_FILE = LOCK_FILE
"""The home's own lock, ``<home>/.lock`` (:func:`coachcli.fsys.sync_lock`): named as the reps'
locks are, so the ``.gitignore`` every synced home already has keeps it out of git."""
NOTE_SUFFIX = ".md"
CONFLICT_MARK = ".conflict-"
"""In the name of the other machine's copy of a file `coach sync` could not merge (never a note)."""
_NOTE_NAME_RE = re.compile(
    DATE_PREFIX_RE.pattern + "(?!.*" + re.escape(CONFLICT_MARK) + ").*"
    + re.escape(NOTE_SUFFIX) + r"\Z", re.S
)  # fmt: skip
"""A note's name, in one match (the index checks every file's name on every read)."""

_WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{i}" for i in range(10)] + [f"lpt{i}" for i in range(10)]
)


def is_slug(name: str) -> bool:
    """Whether ``name`` can be a rep folder's name (or a framework id in a file name)."""
    return len(name) <= SLUG_LIMIT and SLUG_RE.fullmatch(name) is not None


def check_slug(slug: str | None) -> None:
    """CoachError unless ``slug`` is None or a safe folder name."""
    if slug is not None and not is_slug(slug):
        raise CoachError(f"{slug!r} is not a valid rep folder name.")


def rep_folder(home: Home, slug: str) -> Path:
    """``<home>/reps/<slug>``; CoachError if the slug is not a safe folder name."""
    check_slug(slug)
    return home.reps_dir / slug


def home_of(folder: Path) -> Path:
    """The home a rep's folder (:func:`rep_folder`: ``<home>/reps/<slug>``) is in."""
    return folder.parent.parent


def slugify(name: str) -> str:
    """A folder-safe form of ``name``: ``[a-z0-9]`` runs joined by ``-``, at most 48 characters.

    The name is decomposed (NFKD) and reduced to ASCII, so ``José Núñez`` gives
    ``jose-nunez``; anything else becomes a hyphen. A long slug is cut at a
    hyphen in its second half, else hard at 48. A name with no ASCII letters
    or digits left (``李雷``, ``..``) gets ``rep-`` and 8 hex digits of the
    SHA-256 of its NFC form, so it is stable. A Windows device name (``con``,
    ``lpt1``...) gets a ``-rep`` suffix. The result always matches
    :data:`SLUG_PATTERN`: it cannot hold a path separator or a dot.
    """
    import unicodedata

    slug = _ascii_words(name)
    if len(slug) > SLUG_MAX:
        cut = slug.rfind("-", 0, SLUG_MAX + 1)
        slug = slug[:cut] if cut >= SLUG_MAX // 2 else slug[:SLUG_MAX].rstrip("-")
    if not slug:
        import hashlib

        digest = hashlib.sha256(unicodedata.normalize("NFC", name).encode("utf-8", "surrogatepass"))
        slug = "rep-" + digest.hexdigest()[:8]
    if slug in _WINDOWS_RESERVED:
        slug += "-rep"
    return slug


def _ascii_words(name: str) -> str:
    """``José Núñez`` -> ``jose-nunez``: ASCII letters and digits, runs joined by ``-``."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def suffixed_slug(base: str, suffix: str) -> str:
    """``base`` with ``suffix`` (e.g. ``-2``) appended, cut so the whole fits in 48."""
    return base[: SLUG_MAX - len(suffix)].rstrip("-") + suffix


def starts_with_date(name: str) -> bool:
    """Whether ``name`` starts with ``YYYY-MM-DD``, as every note's name does."""
    return DATE_PREFIX_RE.match(name) is not None


def is_note_name(name: str) -> bool:
    """Whether a file in a rep folder is a note: ``YYYY-MM-DD….md``, not hidden, not a
    conflict copy (:func:`conflict_copy_name`).

    The one rule for every place that lists notes (the index, ``coach show``,
    the rep's page): the rep's page and any other Markdown file of the
    manager's in the folder are not notes.
    """
    return _NOTE_NAME_RE.match(name) is not None  # a name that starts with a date is not hidden


def note_names(names: Iterable[str]) -> list[str]:
    """The notes among ``names`` (:func:`is_note_name`), filtered without a call per name."""
    return list(filter(_NOTE_NAME_RE.match, names))


def conflict_copy_name(name: str, day: date) -> str:
    """The name of another machine's version of ``name`` kept beside it after a conflict.

    ``2026-12-01-grow.md`` -> ``2026-12-01-grow.conflict-2026-12-02.md``: Obsidian still
    opens it, but it is not a note (:func:`is_note_name`), so no session counts twice.
    """
    stem, dot, suffix = name.rpartition(".")
    if not stem:
        stem, dot, suffix = name, "", ""
    return f"{stem}{CONFLICT_MARK}{day.isoformat()}{dot}{suffix}"


def note_order(name: str) -> tuple[str | int, ...]:
    """Sorts note names oldest first: by date, then ``-2`` after the first, ``-10`` after ``-9``."""
    parts = re.split(r"([0-9]+)", name)  # text, digits, text, digits...: alike types line up
    return tuple(int(part) if i % 2 else part for i, part in enumerate(parts))


def note_framework(stem: str, known: Container[str]) -> str | None:
    """The framework id a note's file name (without ``.md``) carries, if it is one of ``known``.

    ``2026-11-27-grow`` and ``2026-11-27-grow-2`` both give ``grow``; the
    note itself is not read.
    """
    rest = stem[len("YYYY-MM-DD-") :] if starts_with_date(stem) else ""
    if rest in known:
        return rest
    base, _, number = rest.rpartition("-")
    if number.isascii() and number.isdigit() and base in known:
        return base
    # a deal or account after the id (2026-11-27-deal-review-globex): the longest id that fits
    fits = [rest[:at] for at, char in enumerate(rest) if char == "-" and rest[:at] in known]
    return max(fits, key=len) if fits else None


def slug_candidates(base: str) -> Iterator[str]:
    """``base``, ``base-2``, ``base-3``... each kept within 48 characters."""
    yield base
    for number in range(2, 100_000):
        yield suffixed_slug(base, f"-{number}")


def slugs_for(base: str, current: str) -> set[str]:
    """The slugs a rep with slug ``current`` could already have for a name slugged ``base``."""
    slugs = {base}
    match = re.fullmatch(r".+-(\d+)", current)
    if match and int(match.group(1)) >= 2:
        slugs.add(suffixed_slug(base, f"-{int(match.group(1))}"))
    return slugs


def is_windows_device_name(name: str) -> bool:
    """Whether Windows reserves ``name`` for a device (``CON``, ``nul.txt``, ``LPT1``...)."""
    return name.split(".")[0].rstrip(" ").casefold() in _WINDOWS_RESERVED


def note_filenames(session_date: date, framework_id: str, subject: str = "") -> Iterator[str]:
    """The names a note may take, in order: ``YYYY-MM-DD-<framework-id>.md``, then ``-2.md``...

    A session about a deal or account carries it too:
    ``2026-11-27-deal-review-globex-renewal.md``.
    """
    if not SLUG_RE.fullmatch(framework_id):
        raise ValueError(f"not a framework id: {framework_id!r}")
    base = f"{session_date.isoformat()}-{framework_id}"
    about = _ascii_words(subject)[:SUBJECT_IN_NAME].rstrip("-")
    if about:  # a name without ASCII letters or digits stays out of the file name
        base = f"{base}-{about}"
    yield f"{base}{NOTE_SUFFIX}"
    for n in range(2, 100_000):
        yield f"{base}-{n}{NOTE_SUFFIX}"
