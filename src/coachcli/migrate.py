"""``coach migrate``: rewrite format-1 notes in format 2, keeping a backup (docs/notes.md).

A format-1 note kept everything in its front matter and the action items'
later changes in the rep's ``actions.toml``. Migrating a rep folder reads
each format-1 note whole, gives every action item the status it has today
(reviews in later notes and ``actions.toml`` included) as the box of its task
line, writes the note in format 2, and checks that the new text reads back
to the same answers, ratings, metrics, feedback, reviews and action items
before it replaces the old one. A note that would not read back the same is
left as it is and reported: a person's file is never rewritten from a
reading coach is unsure of.

The originals (and ``actions.toml``, whose changes now live in the notes) are
copied to ``<home>/backup-<date>/`` first; every rewrite is atomic and made
under the rep's lock. ``--dry-run`` reports without writing anything.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from coachcli.errors import CoachError
from coachcli.home import Home

if TYPE_CHECKING:
    from coachcli.framework import Framework

BACKUP_PREFIX = "backup-"


@dataclass
class Migration:
    """What ``coach migrate`` did (or, with ``--dry-run``, would do)."""

    dry_run: bool
    backup: Path | None = None
    migrated: list[Path] = field(default_factory=list)
    current: int = 0
    """Notes already in format 2."""
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    """Notes left as they are, and why."""
    folded: list[Path] = field(default_factory=list)
    """``actions.toml`` files whose changes are now in the notes' task lines."""

    def to_json(self) -> dict[str, object]:
        return {
            "dry_run": self.dry_run,
            "backup": str(self.backup) if self.backup else None,
            "migrated": [str(p) for p in self.migrated],
            "already_current": self.current,
            "skipped": [{"note": str(p), "why": why} for p, why in self.skipped],
            "actions_files": [str(p) for p in self.folded],
        }


def migrate(home: Home, today: date, *, dry_run: bool = False) -> Migration:
    """Rewrite every format-1 note under ``home`` in format 2 (see the module's doc)."""
    if dry_run:
        return _migrate(home, today, dry_run)
    from coachcli.fsys import home_writing

    with home_writing(home.root):  # the whole home at once: no coach sync halfway through
        return _migrate(home, today, dry_run)


def _migrate(home: Home, today: date, dry_run: bool) -> Migration:
    from coachcli.layout import is_note_name, rep_folder
    from coachcli.reps import list_reps

    report = Migration(dry_run=dry_run)
    backup = home.root / f"{BACKUP_PREFIX}{today.isoformat()}"
    for rep in list_reps(home).reps:
        folder = rep_folder(home, rep.slug)
        if not folder.is_dir():
            continue
        names = sorted(p.name for p in folder.iterdir() if is_note_name(p.name))
        _migrate_rep(home, rep.name, rep.slug, folder, names, backup, today, report)
        if not dry_run and (folder / "profile.toml").exists():
            from coachcli.reppage import write_page

            try:  # the notes link to the rep's page: make sure it is there
                write_page(home, rep)
            except CoachError as exc:
                report.skipped.append((folder, f"the rep's page was not written: {exc.message}"))
    if report.migrated or report.folded:
        report.backup = backup
    return report


def delete_backups(home: Home) -> list[Path]:
    """Delete the backup folders ``coach migrate`` left; return them."""
    found = sorted(p for p in home.root.glob(f"{BACKUP_PREFIX}*") if p.is_dir())
    for folder in found:
        shutil.rmtree(folder)
    return found


def _migrate_rep(
    home: Home,
    rep_name: str,
    slug: str,
    folder: Path,
    names: list[str],
    backup: Path,
    today: date,
    report: Migration,
) -> None:
    from coachcli import analytics
    from coachcli.fsys import rep_lock
    from coachcli.index import load_corpus

    states = {s.id: s for s in analytics.action_states(load_corpus(home, slug), today)}
    plans: list[tuple[Path, str]] = []
    for name in names:
        path = folder / name
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            report.skipped.append((path, f"cannot be read ({exc})"))
            continue
        try:
            new = _format_2(home, text, str(path), slug, states)
        except CoachError as exc:
            report.skipped.append((path, exc.message))
            continue
        if new is None:
            report.current += 1
            continue
        plans.append((path, new))
    actions_file = folder / "actions.toml"
    fold = actions_file.exists() and not any(p.parent == folder for p, _ in report.skipped)
    if report.dry_run:
        report.migrated += [p for p, _ in plans]
        if fold:
            report.folded.append(actions_file)
        return
    if not plans and not fold:
        return
    with rep_lock(folder, rep_name):
        for path, new in plans:
            _backup(home, path, backup)
            from coachcli.fsys import atomic_write

            atomic_write(path, new)
            report.migrated.append(path)
        if fold:
            _backup(home, actions_file, backup)
            actions_file.unlink()
            report.folded.append(actions_file)


def _backup(home: Home, path: Path, backup: Path) -> None:
    from coachcli.fsys import atomic_write

    target = backup / path.relative_to(home.root)
    if not target.exists():
        atomic_write(target, path.read_bytes())


def _format_2(
    home: Home, text: str, source: str, slug: str, states: Mapping[str, object]
) -> str | None:
    """The note in format 2, or None when it is already; CoachError when it cannot be."""
    from coachcli.frontmatter import read_front_matter
    from coachcli.notes import from_markdown, to_markdown
    from coachcli.sharing import mark_visibility

    if read_front_matter(text, source).get("schema") != 1:
        return None
    session = from_markdown(text, source)
    actions = []
    for action in session.actions:
        state = states.get(action.id)
        status = getattr(state, "status", action.status)
        closed = getattr(state, "closed_on", None) if status != "open" else None
        actions.append(action.model_copy(update={"status": status, "closed_on": closed}))
    session = session.model_copy(update={"actions": actions, "rep_slug": slug})
    framework = _framework(home, session.framework)
    if framework is not None:  # format 1 marked nothing: its framework says what is shared
        session = mark_visibility(session, framework)
    new = to_markdown(session, framework)
    _check_same(session, from_markdown(new, source), source)
    return new


def _framework(home: Home, framework_id: str) -> Framework | None:
    from coachcli.loader import resolve

    try:
        return resolve(home, framework_id)
    except CoachError:
        return None  # the note reads back the same without it (labels only)


def _check_same(before: object, after: object, source: str) -> None:
    """CoachError unless ``after`` (the new note, read back) says what ``before`` said."""
    from coachcli.session import Session

    assert isinstance(before, Session) and isinstance(after, Session)

    def answers(session: Session) -> list[tuple[str, str, object]]:
        return [(s.id, a.id, a.value) for s in session.sections for a in s.answers]

    def actions(session: Session) -> list[tuple[object, ...]]:
        return [(a.id, a.text, a.owner, a.due, a.status, a.closed_on) for a in session.actions]

    checks = {
        "answers": (answers(before), answers(after)),
        "ratings": (before.ratings, after.ratings),
        "metrics": (before.metrics, after.metrics),
        "action items": (actions(before), actions(after)),
        "feedback": ([f.text for f in before.feedback], [f.text for f in after.feedback]),
        "reviews": (
            [(r.action, r.outcome, r.comment) for r in before.reviews],
            [(r.action, r.outcome, r.comment) for r in after.reviews],
        ),
        "summary": (before.summary, after.summary),
        "framework": (before.framework, after.framework),
    }
    for what, (old, new) in checks.items():
        if old != new:
            raise CoachError(f"{source}: its {what} would not read back the same in format 2")
