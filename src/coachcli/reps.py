"""Reps: their display names, their folders and their profiles.

A rep has a display name, any Unicode a person's name can hold (``José Núñez``,
``李雷``, ``Zoë O'Brien-Smith``), and a *slug* naming their folder
``<home>/reps/<slug>/``, which holds their ``profile.toml``, their notes and
their drafts. The slug comes from :func:`coachcli.layout.slugify`, so it is
``[a-z0-9-]`` only and can never climb out of ``reps/``, whatever the name;
when two names slug alike the second rep gets ``<slug>-2`` (then ``-3``...).

**Names** follow :mod:`coachcli.names`.

**Finding a rep** (:func:`find_rep`): a display name case-insensitively (NFC,
whitespace collapsed, casefolded), then a slug exactly, then a former name
(:func:`rename_rep`). Names first, because people type names; scripts use the
slug, which only a contrived name (``alex-kim`` beside ``Alex Kim``) shadows.

**The folder is the identity.** A profile's ``slug`` key is informational: the
folder's name wins when they disagree, and the next save corrects the file. A
folder with a slug-shaped name but no ``profile.toml`` (made by hand, by an
older version, or a profile deleted by mistake) is still a rep: its profile is
synthesized from the folder name (``alex-kim`` → ``Alex Kim``, created on the
folder's modification date) and written out on the first edit, so notes kept
in it are never hidden. A folder whose name is not a slug (``Alex Kim/``), or
whose profile is broken, is skipped by :func:`list_reps` with a warning that
names the folder or file; hidden entries (``.something``) and plain files in
``reps/`` are ignored.

**The id outlives a rename.** A rep's id (:attr:`Rep.identity`) is their
folder's name until the first rename, which writes it to the profile as
``id``; every later rename keeps it, so what is named by it (the calendar's
events) stays the same. :func:`add_rep` never gives a new rep the id of
another: a new ``Alex Kim`` in the ``alex-kim`` folder a rename left empty
gets the id ``alex-kim-2``.
"""

from __future__ import annotations

import contextlib
import errno
import os
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from coachcli.checked_cache import settled
from coachcli.errors import CoachError, did_you_mean
from coachcli.fsys import atomic_write, ensure_dir, home_writing
from coachcli.home import Home
from coachcli.layout import (
    PROFILE_FILE,
    is_slug,
    rep_folder,
    slug_candidates,
    slugify,
    slugs_for,
)
from coachcli.names import name_key, names_begun, quote, validate_name
from coachcli.rep_record import CheckedProfiles, Rep

if TYPE_CHECKING:
    from coachcli.rep_profiles import RepProfileError

__all__ = ["Rep", "RepListing", "RepProfileError", "add_rep", "any_rep_folder", "edit_rep",
           "find_rep", "get_rep", "list_reps", "matching_reps", "profile_path", "rename_rep",
           "rep_dir"]  # fmt: skip
NOT_FOUND_HINT = "`coach rep list` shows your reps; `coach start NAME` creates one"
EDITABLE = ("role", "start_date", "cadence_days", "archived", "notes", "quota")

_HEADER = (
    "# A rep's profile for coachcli. You may edit it by hand; keep it valid TOML.\n"
    "# Optional keys: start_date = 2026-01-05, cadence_days = 14 (days between 1:1s;\n"
    "# without it, the `cadence_days` setting applies), quota = 250000 (for a calendar\n"
    "# quarter, in your CRM exports' currency; `coach pipeline` measures coverage against it).\n"
    "# `id`, when there is one, names the rep for good (their calendar events): keep it as is.\n"
)


# --------------------------------------------------------------------------- the profile


class RepListing(NamedTuple):
    """What :func:`list_reps` found: the reps, and one warning per folder it had to skip."""

    reps: list[Rep]
    warnings: list[str]


def rep_dir(home: Home, rep: Rep) -> Path:
    """The rep's folder, ``<home>/reps/<slug>``; CoachError if the slug is not a safe slug."""
    return rep_folder(home, rep.slug)


def profile_path(home: Home, rep: Rep) -> Path:
    """``<home>/reps/<slug>/profile.toml`` (which may not exist: see the module's doc)."""
    return rep_dir(home, rep) / PROFILE_FILE


def __getattr__(name: str) -> Any:
    if name == "RepProfileError":  # loaded with the profile rules, which only a check needs
        from coachcli.rep_profiles import RepProfileError

        return RepProfileError
    raise AttributeError(f"module 'coachcli.reps' has no attribute {name!r}")


def _load(folder: Path, checked: CheckedProfiles | None = None) -> Rep:
    """The rep kept in ``folder``; CoachError (located, for a broken profile) if there is none."""
    if not is_slug(folder.name):
        raise CoachError(
            f"{folder}: not a rep folder name (lower-case letters, digits and hyphens); "
            f"rename the folder to {slugify(folder.name)!r} to see this rep."
        )
    profile = folder / PROFILE_FILE
    try:
        st = profile.stat()
    except FileNotFoundError:
        return _synthesize(folder)
    except OSError:
        st = None
    sig = [st.st_mtime_ns, st.st_size, st.st_ino] if st is not None else []
    rep = checked.get(folder.name, sig) if checked is not None and sig else None
    if rep is None:
        from coachcli.rep_profiles import read_profile

        rep = read_profile(profile)
        if checked is not None and sig and settled(sig[0]):
            checked.put(folder.name, sig, rep)
    return rep if rep.slug == folder.name else replace(rep, slug=folder.name)


def _synthesize(folder: Path) -> Rep:
    """A profile for a folder that has none: the name from the slug, created when the folder was."""
    name = " ".join(part.capitalize() for part in folder.name.split("-") if part)
    try:
        created = date.fromtimestamp(folder.stat().st_mtime)
    except (OSError, ValueError, OverflowError):
        created = date.today()
    return Rep(name=name, slug=folder.name, created=created)


def _folders(home: Home) -> list[Path]:
    try:
        entries = sorted(os.scandir(home.reps_dir), key=lambda e: e.name)
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise CoachError(f"Cannot read {home.reps_dir}: {exc.strerror}.") from None
    folders = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir():
                folders.append(Path(entry.path))
        except OSError:
            continue
    return folders


def any_rep_folder(home: Home) -> bool:
    """Whether ``reps/`` holds a folder at all: without one there is no note to read."""
    return bool(_folders(home))


def list_reps(home: Home) -> RepListing:
    """Every rep, archived ones included, sorted by name (casefolded), then slug.

    A folder that cannot be read as a rep (a broken ``profile.toml``, a folder
    name that is not a slug) is left out and described in ``warnings``, naming
    the file and the first problem, so a listing can warn and carry on.
    """
    reps: list[Rep] = []
    warnings: list[str] = []
    folders = _folders(home)
    checked = CheckedProfiles(home if folders else None)
    for folder in folders:
        try:
            reps.append(_load(folder, checked))
        except CoachError as exc:
            warnings.append(_skipped(exc, folder.name))
    checked.save({folder.name for folder in folders})
    reps.sort(key=lambda r: (name_key(r.name), r.slug))
    return RepListing(reps, warnings)


def _skipped(exc: CoachError, slug: str) -> str:
    """The warning for a rep folder left out of a listing: a broken profile names its file and
    first problem (tomlfile is imported only then: a listing that reads well never loads it)."""
    from coachcli.tomlfile import TomlFileError

    if isinstance(exc, TomlFileError):
        return f"{exc.path}: {exc.summary} (rep {slug!r} skipped)"
    return exc.message


def find_rep(home: Home, ref: str) -> Rep | None:
    """The rep ``ref`` names (display name, else slug, else a former name), or None.

    Raises CoachError when two reps share the name (a hand-edited profile), or
    when ``ref`` is the slug of a folder whose profile is broken (the error
    says where), rather than pretending the rep does not exist.
    """
    key = name_key(ref)
    if not key:
        return None
    reps = list_reps(home).reps
    named = [rep for rep in reps if name_key(rep.name) == key]
    if len(named) > 1:
        folders = ", ".join(rep.slug for rep in named)
        raise CoachError(
            f"{len(named)} reps are named {quote(named[0].name)} (folders {folders}).",
            hint=f"Use the folder name instead, e.g. `coach start {named[0].slug}`, "
            "or rename one with `coach rep rename`.",
        )
    if named:
        return named[0]
    slug = ref.strip()
    for rep in reps:
        if rep.slug == slug:
            return rep
    if is_slug(slug) and (home.reps_dir / slug).is_dir():
        return _load(home.reps_dir / slug)  # only a broken profile gets here: raise its error
    former = [rep for rep in reps if any(name_key(n) == key for n in rep.former_names)]
    return former[0] if len(former) == 1 else None


def get_rep(home: Home, ref: str, *, begun: bool = False) -> Rep:
    """The rep ``ref`` names; CoachError with the reps it may mean when there is none.

    ``begun`` (read commands): the only name ``ref`` begins is enough (``alex``).
    """
    rep = find_rep(home, ref)
    if rep is not None:
        return rep
    if begun:
        reps = list_reps(home).reps
        names = names_begun(ref, [r.name for r in reps])
        if len(names) == 1:
            return next(r for r in reps if r.name == names[0])
    message = f"No rep named {quote(ref.strip())}."
    maybe = [quote(rep.name) for rep in matching_reps(home, ref)]
    if maybe:
        message += f" Did you mean {' or '.join(maybe[:5])}?"
    raise CoachError(message, hint=NOT_FOUND_HINT)


def matching_reps(home: Home, ref: str) -> list[Rep]:
    """The reps ``ref`` may mean when it names none, as commands are matched: the same folder
    name; else every rep whose name it begins (``alex``, ``kim`` for ``Alex Kim-Lee``); else the
    name a typo away (``jose nunez`` for ``José Núñez``, ``Priya Ramen`` for ``Priya Raman``)."""
    reps = list_reps(home).reps
    same = [rep for rep in reps if rep.slug == slugify(ref)]
    if same:
        return same[:1]
    names = names_begun(ref, [rep.name for rep in reps]) or [n for n in [_closest(ref, reps)] if n]
    return [rep for name in names for rep in reps if rep.name == name]


def _closest(ref: str, reps: list[Rep]) -> str | None:
    names: dict[str, str] = {}
    for rep in reps:
        names.setdefault(rep.slug, rep.name)
        names[name_key(rep.name)] = rep.name
    match = did_you_mean(name_key(ref), names)
    return names[match] if match else None


def _same_name(home: Home, name: str) -> Rep | None:
    key = name_key(name)
    return next((rep for rep in list_reps(home).reps if name_key(rep.name) == key), None)


def _validated(data: dict[str, Any]) -> Rep:
    from coachcli.rep_profiles import validated

    return validated(data)


def _save(home: Home, rep: Rep) -> None:
    import tomli_w

    from coachcli.rep_profiles import profile_values

    data = profile_values(rep)
    if not data["former_names"]:
        del data["former_names"]
    if data.get("id") in ("", rep.slug):  # the folder's name is the id: nothing to keep
        data.pop("id", None)
    atomic_write(profile_path(home, rep), _HEADER + tomli_w.dumps(data, multiline_strings=True))


# --------------------------------------------------------------------------- changes


def _os_failure(action: str, exc: OSError) -> CoachError:
    return CoachError(
        f"Could not {action}: {exc.strerror or exc}.",
        hint="Check the folder's permissions, and close programs using it "
        "(an editor, a sync client).",
    )


def add_rep(
    home: Home,
    name: str,
    role: str = "",
    start_date: date | None = None,
    cadence_days: int | None = None,
    today: date | None = None,
    quota: float | str | None = None,
) -> Rep:
    """Create a rep: a folder named by a free slug and its ``profile.toml``; return the profile.

    ``quota`` may be given as typed (``"250000"``); the profile's rules check it.
    CoachError if the name is unusable, a value is bad, or a rep of that name
    (compared as :func:`name_key` does) exists. The folder is claimed with
    ``mkdir``, which fails if it exists, so two reps can never share one.
    """
    clean = validate_name(name)
    draft = _validated(
        {
            "name": clean,
            "slug": slugify(clean),
            "role": role,
            "start_date": start_date,
            "cadence_days": cadence_days,
            "created": today or date.today(),
            "quota": quota,
        }
    )  # a bad value stops here, before anything is written
    with home_writing(home.root):  # not while coach sync pulls
        return _create(home, draft)


def _create(home: Home, draft: Rep) -> Rep:
    """The new rep's folder (a free slug) and profile, and their page."""
    existing = _same_name(home, draft.name)
    if existing is not None:
        raise CoachError(
            f"There is already a rep named {quote(existing.name)}.",
            hint=f"`coach start {existing.slug}` works with them; for another person, "
            "add something that tells them apart (a last initial, a team).",
        )
    ensure_dir(home.reps_dir)
    for slug in slug_candidates(draft.slug):
        folder = home.reps_dir / slug
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            continue
        except OSError as exc:
            raise _os_failure(f"create {folder}", exc) from None
        break
    else:  # pragma: no cover - 100,000 reps of one name
        raise CoachError(f"Too many reps named like {quote(draft.name)}.")
    taken = {other.identity for other in list_reps(home).reps if other.slug != slug}
    rep_id = next(s for s in slug_candidates(slug) if s not in taken)  # never a renamed rep's
    rep = replace(draft, slug=slug, id="" if rep_id == slug else rep_id)
    try:
        _save(home, rep)
    except CoachError:
        with contextlib.suppress(OSError):
            folder.rmdir()
        raise
    _write_page(home, rep, f"{rep.name} was added")
    return rep


def edit_rep(home: Home, ref: str, **changes: Any) -> Rep:
    """Change some of the fields in :data:`EDITABLE` (role, start date, cadence, archived, notes,
    quota); save.

    Values are validated as the profile file is (``"2026-01-05"`` is taken as a
    date, ``cadence_days=None`` returns to the setting). The name changes only
    through :func:`rename_rep`, since it moves the folder.
    """
    for key in changes:
        if key == "name":
            raise CoachError(
                "A rep's name is changed by renaming, which also moves their folder.",
                hint="`coach rep rename OLD NEW`",
            )
        if key not in EDITABLE:
            suggestion = did_you_mean(key, EDITABLE)
            raise CoachError(
                f"A rep has no field {key!r}."
                + (f" Did you mean {suggestion!r}?" if suggestion else ""),
                hint=f"Fields you can change: {', '.join(EDITABLE)}.",
            )
    with home_writing(home.root):  # not while coach sync pulls
        rep = get_rep(home, ref)
        updated = _validated({**rep.values(), **changes})
        _save(home, updated)
        _write_page(home, updated, f"{updated.name} was updated")
    return updated


def _write_page(home: Home, rep: Rep, done: str) -> None:
    """Write the rep's page (:mod:`coachcli.reppage`); a failure says ``done`` all the same."""
    from coachcli.reppage import write_page

    try:
        write_page(home, rep)
    except CoachError as exc:
        raise CoachError(
            f"{done}, but their page was not written: {exc.message}", exc.hint
        ) from None


def rename_rep(home: Home, ref: str, new_name: str) -> Rep:
    """Give a rep a new name, moving their folder (notes, drafts) to the new slug; save.

    The old name goes to ``former_names``. A change of case or spacing only
    (``alex kim`` → ``Alex Kim``), or a name whose slug the folder already has,
    keeps the folder. CoachError if another rep has the new name, or if a
    session with the rep is in progress (it holds the rep's lock).

    Under the rep's lock, the folder is moved (one ``os.rename``: all or
    nothing), the ``rep`` link of each format-2 note is pointed at the new
    page (:func:`coachcli.reppage.relink_notes`), the profile is rewritten,
    then the page under its new name, and the values and pipeline snapshots
    kept from CRM exports follow the new folder name. If a note or the profile cannot be
    written the folder is moved back; notes already relinked keep the new
    link, and running the rename again finishes it. A crash after the move
    leaves the moved folder with the old profile, which still loads (the
    folder name wins over the profile's ``slug``) under the old name.
    """
    rep = get_rep(home, ref)
    clean = validate_name(new_name)
    if clean == rep.name:
        return rep
    if name_key(clean) != name_key(rep.name):
        other = _same_name(home, clean)
        if other is not None and other.slug != rep.slug:
            raise CoachError(
                f"There is already a rep named {quote(other.name)}.",
                hint="Choose a name that tells them apart (a last initial, a team).",
            )
    former = [n for n in rep.former_names if name_key(n) != name_key(clean)]
    if name_key(rep.name) != name_key(clean) and all(
        name_key(n) != name_key(rep.name) for n in former
    ):
        former.append(rep.name)
    source = rep_dir(home, rep)
    base = slugify(clean)
    updated = _validated(
        {**rep.values(), "name": clean, "former_names": former, "id": rep.identity}
    )  # the id stays: the calendar's events keep theirs
    from coachcli.fsys import rep_lock

    with contextlib.ExitStack() as stack:
        # A session with this rep holds the lock; moving its folder under it
        # would scatter its draft and note. Windows cannot rename a folder
        # holding an open file, so there the lock is only a check.
        stack.enter_context(rep_lock(source, rep.name))
        if rep.slug not in slugs_for(base, rep.slug):
            if os.name == "nt":  # pragma: no cover
                stack.close()
            updated = replace(updated, slug=_move(home, source, base))
        from coachcli.reppage import relink_notes

        try:
            relink_notes(rep_dir(home, updated), [rep.name, *rep.former_names], clean)
            _save(home, updated)
        except CoachError:
            if updated.slug != rep.slug:
                with contextlib.suppress(OSError):  # the folder still loads: see above
                    rep_dir(home, updated).rename(source)
            raise
        _write_page(home, updated, f"{rep.name} was renamed {clean}")
        if updated.slug != rep.slug:  # what the CRM's exports kept for them comes along
            from coachcli import imports, pipeline_store

            imports.follow_rename(home, rep.slug, updated.slug)
            pipeline_store.follow_rename(home, rep.slug, updated.slug)
    return updated


def _move(home: Home, source: Path, base: str) -> str:
    """Rename ``source`` to the first free slug from ``base``; return that slug."""
    for slug in slug_candidates(base):
        target = home.reps_dir / slug
        if os.path.lexists(target):
            continue
        try:
            source.rename(target)  # os.rename: one atomic move of the whole folder
        except OSError as exc:
            if exc.errno in (errno.EEXIST, errno.ENOTEMPTY):
                continue  # taken between the check and the move
            raise _os_failure(f"move {source} to {target}", exc) from None
        return slug
    raise CoachError(f"Too many reps named like {base!r}.")  # pragma: no cover
