"""The commit message of a ``coach sync``: what the staged changes mean to a sales manager.

``2 sessions: Alex Kim (grow, 2026-12-01), Dana Fox (pipeline-review, 2026-12-02); 3 action
changes; 1 other file``, so ``git log`` in the home reads like a diary.

A rep renamed here (``coach rep rename``) moved their folder: git's own rename detection
(``--find-renames``) on the staged changes pairs the old folder's files with the new one's,
so the move reads ``Alex Kim renamed Alex Kim-Lee (3 notes moved)``, not as new sessions and a
new rep. A folder move is kept only when the rep in the new folder has the id the old one's
had (a rename keeps it), and only a file that keeps its place is moved: anything else git
calls a rename (a note renamed by hand in its folder, a new session much like a deleted one)
reads as the deletion and the addition it is, so a new session is always named. In an
encrypted backup git sees ciphertext and pairs nothing; there the rep's id alone joins each
file gone from the old folder with the one at its place in the new.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coachcli.layout import PROFILE_FILE, is_note_name

if TYPE_CHECKING:
    from coachcli.gitrepo import Repo
    from coachcli.home import Home
    from coachcli.rep_record import Rep


@dataclass
class _Move:
    """A rep folder moved by a rename: the rep's names, what went with it (not the profile)."""

    was: str
    now: str
    notes: int = 0
    others: int = 0


NAMED_SESSIONS = 5
"""Sessions named in the message's first line; more are counted there and listed below it."""


def commit_message(home: Home, repo: Repo) -> str:
    """``Alex Kim renamed Alex Kim-Lee (3 notes moved); 1 session: Dana Fox (grow, 2026-12-01);
    3 action changes; 1 other file``, from what is staged.

    Past :data:`NAMED_SESSIONS` sessions (a home synced the first time, a week offline) the
    first line counts them (``60 sessions with 3 reps``) and the body lists them, one a line,
    so ``git log --oneline`` stays readable."""
    from coachcli.layout import note_framework
    from coachcli.reps import list_reps
    from coachcli.tasks import parse_task

    known = _framework_ids(home)
    sessions: list[str] = []
    with_reps: set[str] = set()
    changed_notes: list[str] = []
    new_reps: set[str] = set()
    others, settings = 0, False
    reps = {rep.slug: rep for rep in list_reps(home).reps}
    moved = rep_moves(repo, staged(repo), reps)
    for change, file in moved.rest:
        parts = file.split("/")
        in_rep = len(parts) == 3 and parts[0] == "reps"
        is_note = in_rep and is_note_name(parts[2])
        if is_note and change in "AC":
            rep = reps.get(parts[1])  # a broken profile: the folder's name
            stem = parts[2][: -len(".md")]
            framework = note_framework(stem, known) or stem[11:]
            name = rep.name if rep else parts[1]
            sessions.append(f"{name} ({framework}, {stem[:10]})")
            with_reps.add(name)
        elif is_note and change == "M":
            changed_notes.append(file)
        elif in_rep and parts[2] == PROFILE_FILE and change == "A":
            new_reps.add(parts[1])
        elif file == "config.toml":
            settings = True
        elif file not in (".gitignore", ".gitattributes"):
            others += 1
    actions = 0
    if changed_notes or moved.notes:
        diff = repo.run("diff", "--cached", "--find-renames", "-U0", "--no-color", "--",
                        *changed_notes, *moved.notes).out  # fmt: skip
        actions = sum(1 for line in diff.splitlines()
                      if line.startswith("+") and not line.startswith("+++")
                      and parse_task(line[1:]) is not None)  # fmt: skip
    from coachcli.wording import plural

    said = list(moved.said)
    listed = sessions if len(sessions) > NAMED_SESSIONS else []
    if listed:
        said.append(f"{plural(len(sessions), 'session')} with {plural(len(with_reps), 'rep')}")
    elif sessions:
        said.append(f"{plural(len(sessions), 'session')}: {', '.join(sessions)}")
    if new_reps:
        said.append(plural(len(new_reps), "new rep"))
    if actions:
        said.append(plural(actions, "action change"))
    edited = len(changed_notes) if not actions else 0
    if edited:
        said.append(f"{plural(edited, 'note')} edited")
    if settings:
        said.append("settings")
    if others:
        said.append(plural(others, "other file"))
    subject = "; ".join(said) or "coach sync"
    return "\n\n".join([subject, "\n".join(listed)]) if listed else subject


def staged(repo: Repo) -> list[tuple[str, str, str]]:
    """Each staged change as ``(status letter, path before, path after)``, renames found by git
    (the two paths differ only for a rename or a copy)."""
    listed = repo.run("diff", "--cached", "--name-status", "--find-renames", "-z").out
    fields = iter(listed.split("\0"))
    found = []
    for status in fields:
        if not status:
            break
        before = next(fields, "")
        after = next(fields, "") if status[0] in "RC" else before
        found.append((status[0], before, after))
    return found


@dataclass
class RepMoves:
    """What the rep folders moved by a rename account for among some changes."""

    said: list[str]
    """One line per rename: ``Alex Kim renamed Alex Kim-Lee (3 notes moved)``."""
    rest: list[tuple[str, str]]
    """Every other change as ``(status letter, path)``: a rename git found that is no folder
    move is the deletion and the addition it is; a moved rep's profile is left out."""
    notes: list[str] = field(default_factory=list)
    """The moved notes' paths, old and new, whose diff git can read (not joined by id alone)."""


def rep_moves(repo: Repo, changes: list[tuple[str, str, str]], reps: dict[str, Rep]) -> RepMoves:
    """The reps renamed among ``changes`` (``(status letter, path before, path after)``, as
    :func:`staged` gives them, or a deletion and an addition for a file not staged yet), and
    the changes no rename accounts for. ``reps`` by folder, as :func:`coachcli.reps.list_reps`
    reads them. `coach sync`'s message and `coach sync status` both ask this."""
    moves = _moves(repo, changes, reps)
    changes, unseen = _joined(changes, moves)
    found = RepMoves([], [])
    for code, before, path in changes:
        move = moves.get(_moved(before, path) or ("", "")) if code == "R" else None
        if move is not None:
            name = path.rpartition("/")[2]
            if path.count("/") == 2 and is_note_name(name):
                move.notes += 1
                if path not in unseen:  # an action ticked before the move still counts
                    found.notes += [before, path]
            elif path.count("/") > 2 or name != PROFILE_FILE:
                move.others += 1
            continue
        # a rename that is no folder move, or a copy: the deletion and the addition it is
        for change, file in [("D", before), ("A", path)] if code == "R" else [(code, path)]:
            parts = file.split("/")
            in_rep = len(parts) == 3 and parts[0] == "reps"
            if in_rep and parts[2] == PROFILE_FILE and any(parts[1] in pair for pair in moves):
                continue  # the moved rep's profile, paired by git with another file
            found.rest.append((change, file))
    found.said = [_renamed(move) for _, move in sorted(moves.items())]
    return found


def _moves(
    repo: Repo, changes: list[tuple[str, str, str]], reps: dict[str, Rep]
) -> dict[tuple[str, str], _Move]:
    """The rep folders moved, by old and new folder: a rename git found from one rep folder to
    another (or a profile gone from one and new in another), kept when the rep in the new folder
    has the id the old folder's rep had (a rename keeps it: :func:`coachcli.reps.rename_rep`),
    so a new rep git pairs a file with is not one."""
    pairs = {_moved(before, after) for code, before, after in changes if code == "R"}
    gone = [_rep_of(path) for code, path, _ in changes if code == "D"]
    new_profiles = [_rep_of(path) for code, _, path in changes if code == "A"]
    pairs |= {(old, new) for old in gone for new in new_profiles if old and new and old != new}
    committed = {old: _committed_profile(repo, old) for old, _ in filter(None, pairs)}
    found = {}
    for pair in filter(None, pairs):
        old, new = pair
        rep = reps.get(new)  # a broken profile: no move said, the files as they are
        if rep is None or rep.identity != (_text(committed[old], "id") or old):
            continue
        former = rep.former_names[-1] if rep.former_names else old
        found[pair] = _Move(_text(committed[old], "name") or former, rep.name)
    return found


def _rep_of(profile: str) -> str:
    """The rep folder of a path that is a rep's profile ('' for any other path)."""
    parts = profile.split("/")
    return parts[1] if len(parts) == 3 and parts[0] == "reps" and parts[2] == PROFILE_FILE else ""


def _joined(
    changes: list[tuple[str, str, str]], moves: dict[tuple[str, str], _Move]
) -> tuple[list[tuple[str, str, str]], set[str]]:
    """``changes`` with a file deleted from a moved rep's old folder and added at the same place
    in the new one joined as the rename it is, and the paths so joined.

    git pairs files by their likeness; an encrypted backup's are ciphertext, which a one-line
    change (the note's link to the renamed rep) makes wholly different, so git sees none.
    Their action changes are not counted: that would take decrypting both versions."""
    added = {path for code, _, path in changes if code == "A"}
    joined: dict[str, str] = {}
    for code, before, _ in changes:
        parts = before.split("/")
        if code != "D" or len(parts) < 3 or parts[0] != "reps":
            continue
        for old, new in moves:
            target = "/".join(["reps", new, *parts[2:]])
            if old == parts[1] and target in added and target not in joined:
                joined[target] = before
                break
    left = set(joined.values())
    kept = []
    for code, before, path in changes:
        if code == "A" and path in joined:
            kept.append(("R", joined[path], path))
        elif not (code == "D" and before in left):
            kept.append((code, before, path))
    return kept, set(joined)


def _moved(before: str, after: str) -> tuple[str, str] | None:
    """The old and the new rep folder when a file kept its place in a rep folder that moved."""
    old, new = before.split("/"), after.split("/")
    if len(old) >= 3 and old[0] == new[0] == "reps" and old[1] != new[1] and old[2:] == new[2:]:
        return old[1], new[1]
    return None


def _renamed(move: _Move) -> str:
    """``Alex Kim renamed Alex Kim-Lee (3 notes moved)``."""
    from coachcli.wording import plural

    went = [plural(move.notes, "note")] if move.notes else []
    went += [plural(move.others, "other file")] if move.others else []
    return f"{move.was} renamed {move.now}" + (f" ({' and '.join(went)} moved)" if went else "")


def _committed_profile(repo: Repo, slug: str) -> dict[str, object]:
    """The rep's profile as the last commit holds it (empty when it cannot be read);
    ``--textconv``: an encrypted backup's profile is read decrypted."""
    import tomllib

    ran = repo.run("cat-file", "--textconv", f"HEAD:reps/{slug}/{PROFILE_FILE}", check=False)
    try:
        return tomllib.loads(ran.out) if ran.code == 0 else {}
    except tomllib.TOMLDecodeError:
        return {}


def _text(values: dict[str, object], key: str) -> str:
    value = values.get(key)
    return value.strip() if isinstance(value, str) else ""


def _framework_ids(home: Home) -> set[str]:
    """The ids of the frameworks by their files' names (no file is read)."""
    from coachcli.home import builtin_dir

    folders = [builtin_dir(), home.frameworks_dir]
    return {p.stem for folder in folders if folder.is_dir() for p in folder.glob("*.toml")}
