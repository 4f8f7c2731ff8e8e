"""A rep as the read commands use it: a plain record, read without pydantic.

The rules of a profile (what a name, a slug, a role, a cadence may be) live
in :class:`coachcli.rep_profiles.RepProfile`, which checks every profile
file when it is new or changed and every edit before it is saved; a
:class:`Rep` is what such a check gives. Read commands get theirs from the
checked profiles kept beside the index (:mod:`coachcli.reps`), so listing
reps imports no validation library. Standard library only.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from coachcli import __version__
from coachcli.fsys import atomic_write
from coachcli.home import Home, cache_dir

CACHE_FILE = "reps.json"
CACHE_FORMAT = 3


@dataclass(frozen=True)
class Rep:
    """A rep's profile, stored as ``<home>/reps/<slug>/profile.toml``.

    ``slug`` is the folder's name; it is written to the file for people to
    read, may be left out of a hand-written profile, and is always replaced by
    the real folder name on loading (``""`` only in a record not yet placed).
    ``cadence_days`` None means the ``cadence_days`` setting applies.
    ``former_names`` lists the names the rep had before a rename, oldest first:
    their notes still say ``rep = "<old name>"``, and ``find_rep`` still finds
    them by it. ``quota`` is the rep's quota for a calendar quarter, in the
    currency of their CRM exports (None: not given); `coach pipeline` measures
    coverage against what of it remains. ``id`` names the rep for good: the
    folder's name before their first rename, kept by every rename (``""``: the
    rep was never renamed, and the folder's name is their id; see :attr:`identity`).
    """

    name: str
    created: date
    slug: str = ""
    role: str = ""
    start_date: date | None = None
    cadence_days: int | None = None
    archived: bool = False
    notes: str = ""
    former_names: list[str] = field(default_factory=list)
    quota: float | None = None
    id: str = ""

    @property
    def identity(self) -> str:
        """What names the rep whatever their name or folder becomes (the calendar's event ids):
        ``id`` when the profile keeps one, else the folder's name."""
        return self.id or self.slug

    def to_json(self) -> dict[str, object]:
        """The profile for ``--json``: dates as ISO text."""
        return {
            "name": self.name,
            "slug": self.slug,
            "role": self.role,
            "start_date": self.start_date.isoformat() if self.start_date else None,
            "cadence_days": self.cadence_days,
            "created": self.created.isoformat(),
            "archived": self.archived,
            "former_names": self.former_names,
            "quota": self.quota,
        }

    def values(self) -> dict[str, Any]:
        """Every field by name (dates as dates): what a profile file holds."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def rep_to_cache(rep: Rep) -> dict[str, Any]:
    """A checked rep as JSON values, to keep beside the index."""
    return {**rep.to_json(), "notes": rep.notes, "id": rep.id}


def rep_from_cache(data: dict[str, Any]) -> Rep:
    """A rep kept by :func:`rep_to_cache`; KeyError, TypeError or ValueError when it is not one."""
    start = data["start_date"]
    return Rep(
        name=str(data["name"]),
        created=date.fromisoformat(data["created"]),
        slug=str(data["slug"]),
        role=str(data["role"]),
        start_date=date.fromisoformat(start) if start is not None else None,
        cadence_days=None if data["cadence_days"] is None else int(data["cadence_days"]),
        archived=bool(data["archived"]),
        notes=str(data["notes"]),
        former_names=[str(n) for n in data["former_names"]],
        quota=None if data["quota"] is None else float(data["quota"]),
        id=str(data["id"]),
    )


class CheckedProfiles:
    """Profiles already checked, by folder and the file's signature (beside the index).

    Like the index, a cache: deleted or unreadable, the profiles are checked again.
    """

    def __init__(self, home: Home | None) -> None:
        self.path = cache_dir(home) / CACHE_FILE if home is not None else None
        self.found: dict[str, Any] = {}
        self.changed = False
        if self.path is None:
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("format") == [CACHE_FORMAT, __version__]:
            found = data.get("profiles")
            self.found = found if isinstance(found, dict) else {}

    def get(self, slug: str, sig: list[int]) -> Rep | None:
        entry = self.found.get(slug)
        if not isinstance(entry, dict) or entry.get("sig") != sig:
            return None
        try:
            return rep_from_cache(entry["rep"])
        except (KeyError, TypeError, ValueError, AttributeError):
            return None

    def put(self, slug: str, sig: list[int], rep: Rep) -> None:
        self.found[slug] = {"sig": sig, "rep": rep_to_cache(rep)}
        self.changed = True

    def save(self, slugs: set[str]) -> None:
        if self.path is None or not (self.changed or set(self.found) - slugs):
            return
        kept = {slug: entry for slug, entry in self.found.items() if slug in slugs}
        data = {"format": [CACHE_FORMAT, __version__], "profiles": kept}
        with contextlib.suppress(Exception):  # an optimisation: never a reason to fail
            atomic_write(self.path, json.dumps(data, ensure_ascii=False))
