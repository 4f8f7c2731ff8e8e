"""Another machine's changes brought in: ``git rebase`` onto the remote, the conflicts two
machines make in normal use resolved, and a real conflict stopped with both versions kept.

What git would call a conflict but is not one here:

- **Edits of different lines, even next to each other** (an action ticked on each machine,
  two task lines one under the other): :func:`merge_lines` takes both, where git's own
  merge stops at touching lines.
- **Two sessions given the same file name** (two machines, the same rep, day and
  framework): both are notes; the one from this machine moves to the next free name
  (``-2``), as a second session that day would have been named.
- **A file deleted on one side and changed on the other**: the changed one is kept.

Anything else (the same lines of one note changed on both machines) is a real conflict:
the rebase is aborted, so the local notes are exactly as they were; the other machine's
version is written beside each file as ``<name>.conflict-<date>.md``
(:func:`coachcli.layout.conflict_copy_name`, never read as a note, never committed) and
:class:`ConflictStop` says what to do. Once the person has merged by hand and deleted the
copy, the next sync takes their version of that file (the list lives in
``.git/coach-conflicts.json``). Nothing is overwritten silently.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from coachcli.errors import CoachError
from coachcli.fsys import atomic_write
from coachcli.gitrepo import Repo
from coachcli.layout import NOTE_SUFFIX, conflict_copy_name, is_note_name

MARKER = "coach-conflicts.json"
"""In ``.git/``: the files of the last real conflict and their copies."""


@dataclass(frozen=True)
class Conflict:
    """A file changed on both sides, and the copy of the other machine's version beside it."""

    path: str
    copy: str | None


class ConflictStop(CoachError):
    """A real conflict: nothing pulled or pushed, both versions kept, what to do in the hint."""

    def __init__(self, root: Path, conflicts: list[Conflict], again: bool = False) -> None:
        lines = []
        for c in conflicts:
            beside = (
                f"the other machine's version is beside it as {Path(c.copy).name}"
                if c.copy
                else "the other machine deleted it"
            )
            lines.append(f"  {c.path}: {beside}")
        head = (
            "The last sync stopped on files changed on both machines, and they still have their "
            "copies:"
            if again
            else "Some files were changed both here and on another machine:"
        )
        super().__init__(
            head + "\n" + "\n".join(lines),
            hint=f"Nothing was pulled or pushed; your files in {root} are as they were. Copy "
            "what you want to keep from each .conflict file into the file beside it, delete the "
            ".conflict file, then run coach sync again.",
        )
        self.conflicts = conflicts


def merge_lines(base: list[str], ours: list[str], theirs: list[str]) -> list[str] | None:
    """A three-way merge by lines that allows changes next to each other; None on a conflict.

    Each side's changes against ``base`` (difflib's opcodes) are applied together when the
    base lines they replace do not overlap and they do not both insert at one place. The
    same change on both sides counts once.
    """
    import difflib

    def changes(side: list[str]) -> list[tuple[int, int, tuple[str, ...]]]:
        matcher = difflib.SequenceMatcher(None, base, side, autojunk=False)
        return [
            (i1, i2, tuple(side[j1:j2]))
            for tag, i1, i2, j1, j2 in matcher.get_opcodes()
            if tag != "equal"
        ]

    mine, other = changes(ours), changes(theirs)
    for i1, i2, lines in mine:
        for j1, j2, other_lines in other:
            if (i1, i2, lines) == (j1, j2, other_lines):
                continue  # the same change on both sides
            if i1 < j2 and j1 < i2:
                return None  # both change the same base lines
            if i1 == i2 == j1 == j2 or (i1 == i2 and j1 < i1 < j2) or (j1 == j2 and i1 < j1 < i2):
                return None  # both insert at one place, or one inserts inside the other's change
    merged = sorted(set(mine) | set(other), key=lambda c: (c[0], c[1]))
    result: list[str] = []
    at = 0
    for i1, i2, lines in merged:
        result.extend(base[at:i1])
        result.extend(lines)
        at = i2
    result.extend(base[at:])
    return result


def load_marker(repo: Repo) -> list[Conflict]:
    path = repo.root / ".git" / MARKER
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [Conflict(str(item["path"]), item.get("copy")) for item in data["conflicts"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def _save_marker(repo: Repo, conflicts: list[Conflict]) -> None:
    data = {"conflicts": [{"path": c.path, "copy": c.copy} for c in conflicts]}
    atomic_write(repo.root / ".git" / MARKER, json.dumps(data, indent=1) + "\n")


def clear_marker(repo: Repo) -> None:
    (repo.root / ".git" / MARKER).unlink(missing_ok=True)


def unresolved(repo: Repo) -> list[Conflict]:
    """The conflicts of the last stop whose copies are still there."""
    return [c for c in load_marker(repo) if c.copy and (repo.root / c.copy).exists()]


def rebase_onto(repo: Repo, upstream: str, today: date) -> list[str]:
    """Replay the local commits onto ``upstream``; return what was resolved on the way.

    Raises :class:`ConflictStop` (the rebase aborted, copies written) on a real conflict.
    """
    settled = {c.path for c in load_marker(repo) if not (c.copy and (repo.root / c.copy).exists())}
    said: list[str] = []
    ran = repo.run("rebase", upstream, check=False)
    while ran.code != 0:
        stuck = _unmerged(repo)
        if not stuck:
            repo.run("rebase", "--abort", check=False)
            raise repo.failure(("rebase",), ran)
        real = []
        for path, stages in sorted(stuck.items()):
            outcome = _resolve(repo, path, stages, path in settled)
            if outcome is None:
                real.append(path)
            elif outcome:
                said.append(outcome)
        if real:
            repo.run("rebase", "--abort", check=False)
            conflicts = [keep_theirs(repo, upstream, path, today) for path in real]
            _save_marker(repo, conflicts)
            raise ConflictStop(repo.root, conflicts)
        step = "--skip" if repo.ok("diff", "--cached", "--quiet") else "--continue"
        ran = repo.run("rebase", step, check=False)
    clear_marker(repo)
    return said


def _unmerged(repo: Repo) -> dict[str, dict[int, str]]:
    """Each unmerged path with its stages' blobs (1 base, 2 the remote's side, 3 this machine's)."""
    found: dict[str, dict[int, str]] = {}
    for entry in repo.run("ls-files", "-u", "-z").out.split("\0"):
        if "\t" in entry:
            info, path = entry.split("\t", 1)
            _mode, blob, stage = info.split()
            found.setdefault(path, {})[int(stage)] = blob
    return found


def _content(repo: Repo, path: str, blob: str) -> bytes:
    """A blob as the working copy holds it (an encryption filter's smudge applied)."""
    return repo.raw("cat-file", "--filters", f"--path={path}", blob)


def _put(repo: Repo, path: str, data: bytes) -> None:
    atomic_write(repo.root / path, data)
    repo.run("add", "--", path)


def _resolve(repo: Repo, path: str, stages: dict[int, str], settled: bool) -> str | None:
    """Resolve one path if no one's change is lost; the note of what was done, else None."""
    base, theirs, mine = stages.get(1), stages.get(2), stages.get(3)
    if settled:  # merged by hand after the last stop: this machine's version is the one
        if mine:
            _put(repo, path, _content(repo, path, mine))
        else:
            repo.run("rm", "-q", "--cached", "--ignore-unmatch", "--", path)
        return f"{path}: your merged version kept"
    if mine and theirs:
        mine_data, their_data = _content(repo, path, mine), _content(repo, path, theirs)
        if mine_data == their_data:
            _put(repo, path, mine_data)
            return ""
        if base is None:
            return _two_notes(repo, path, mine_data, their_data)
        merged = _merged(_content(repo, path, base), mine_data, their_data)
        if merged is None:
            return None
        _put(repo, path, merged)
        return ""
    if mine:
        _put(repo, path, _content(repo, path, mine))
        return f"{path}: deleted on the other machine, changed here: kept"
    if theirs:
        _put(repo, path, _content(repo, path, theirs))
        return f"{path}: deleted here, changed on the other machine: kept"
    return None


def _merged(base: bytes, mine: bytes, theirs: bytes) -> bytes | None:
    try:
        texts = [data.decode("utf-8") for data in (base, theirs, mine)]
    except UnicodeDecodeError:
        return None
    lines = [text.splitlines(keepends=True) for text in texts]
    merged = merge_lines(*lines)
    return None if merged is None else "".join(merged).encode("utf-8")


def _two_notes(repo: Repo, path: str, mine: bytes, theirs: bytes) -> str | None:
    """Two new notes with one name: the other machine's keeps it, this one's takes the next."""
    where = Path(path)
    if not is_note_name(where.name):
        return None
    stem = where.name[: -len(NOTE_SUFFIX)]
    for number in range(2, 1000):
        other = where.with_name(f"{stem}-{number}{NOTE_SUFFIX}")
        if not (repo.root / other).exists() and not repo.out("ls-files", "--", other.as_posix()):
            _put(repo, other.as_posix(), mine)
            _put(repo, path, theirs)
            return (
                f"{path}: a session of the same name came from the other machine; "
                f"yours is now {other.name}"
            )
    return None


def keep_theirs(repo: Repo, upstream: str, path: str, today: date) -> Conflict:
    """Write the remote's version of ``path`` beside it (never over a file); the Conflict."""
    ran = repo.run("rev-parse", "--verify", "-q", f"{upstream}:{path}", check=False)
    if ran.code != 0:
        return Conflict(path, None)
    where = Path(path)
    copy = where.with_name(conflict_copy_name(where.name, today))
    number = 2
    while (repo.root / copy).exists():
        copy = where.with_name(conflict_copy_name(where.name, today).replace(
            f"{today.isoformat()}", f"{today.isoformat()}-{number}", 1))  # fmt: skip
        number += 1
    atomic_write(repo.root / copy, _content(repo, path, ran.out.strip()))
    return Conflict(path, copy.as_posix())
