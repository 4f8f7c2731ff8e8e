"""`coach migrate`: a corpus of format-1 notes (written by coachcli 0.1) rewritten in format 2.

tests/fixtures/home_v1 was written by coachcli 0.1 itself: 26 notes of 12
frameworks across four reps, reviews of earlier actions, two actions.toml
files, and answers full of Markdown. Everything they say must survive.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from coachcli import analytics
from coachcli.frontmatter import read_front_matter
from coachcli.home import Home
from coachcli.index import load_corpus
from coachcli.migrate import delete_backups, migrate
from coachcli.notes import from_markdown
from coachcli.session import Session

from .helpers import Run

FIXTURE = Path(__file__).parent / "fixtures" / "home_v1"
FRAMEWORK = Path(__file__).parent / "fixtures" / "frameworks" / "valid.toml"
TODAY = date(2026, 12, 1)


@pytest.fixture
def v1(coach_home: Home) -> Home:
    shutil.copytree(FIXTURE / "reps", coach_home.reps_dir)
    coach_home.frameworks_dir.mkdir(parents=True)
    shutil.copy(FRAMEWORK, coach_home.frameworks_dir / "weekly-pipeline.toml")
    return coach_home


def notes(home: Home) -> list[Path]:
    return sorted(home.reps_dir.glob("*/[0-9]*.md"))


def said(session: Session) -> dict[str, Any]:
    """Everything a session says that a migration must keep."""
    return {
        "answers": [(s.id, s.kind, a.id, a.value) for s in session.sections for a in s.answers],
        "ratings": session.ratings,
        "metrics": session.metrics,
        "summary": session.summary,
        "feedback": [f.text for f in session.feedback],
        "reviews": [(r.action, r.outcome, r.comment) for r in session.reviews],
        "actions": [(a.id, a.text, a.owner, a.due) for a in session.actions],
        "framework": (session.framework, session.framework_version, session.kind),
        "rep": session.rep,
        "minutes": session.duration_minutes,
    }


def states(home: Home) -> dict[str, tuple[object, ...]]:
    return {
        s.id: (s.status, s.closed_on, s.due, s.text, s.missed)
        for s in analytics.action_states(load_corpus(home), TODAY)
    }


def test_every_note_action_and_change_survives_the_migration(v1: Home) -> None:
    before = {p: said(from_markdown(p.read_text(), str(p))) for p in notes(v1)}
    originals = {p: p.read_bytes() for p in notes(v1)}
    actions_before = states(v1)
    assert len(before) == 26
    assert any(s[0] == "dropped" for s in actions_before.values())
    assert any(s[0] == "done" for s in actions_before.values())

    report = migrate(v1, TODAY)
    assert sorted(report.migrated) == sorted(before)
    assert report.skipped == []
    assert sorted(p.name for p in report.folded) == ["actions.toml", "actions.toml"]
    assert not list(v1.reps_dir.glob("*/actions.toml"))

    for path, was in before.items():
        text = path.read_text()
        assert read_front_matter(text, str(path))["schema"] == 2
        assert said(from_markdown(text, str(path))) == was, path
        kept = report.backup / path.relative_to(v1.root) if report.backup else None
        assert kept is not None and kept.read_bytes() == originals[path]
        assert (path.stat().st_mode & 0o777) == 0o600
    assert states(v1) == actions_before

    again = migrate(v1, TODAY)
    assert again.migrated == [] and again.current == 26


def test_a_dry_run_writes_nothing(v1: Home) -> None:
    originals = {p: p.read_bytes() for p in v1.reps_dir.rglob("*") if p.is_file()}
    report = migrate(v1, TODAY, dry_run=True)
    assert len(report.migrated) == 26
    assert {p: p.read_bytes() for p in v1.reps_dir.rglob("*") if p.is_file()} == originals
    assert not list(v1.root.glob("backup-*"))


def test_a_note_that_would_not_read_back_the_same_is_left_alone(v1: Home) -> None:
    path = notes(v1)[0]
    text = path.read_text()
    broken = text.replace("<!-- q: ", "<!-- x: ", 1)  # an answer whose marker was mangled
    path.write_text(broken)
    report = migrate(v1, TODAY)
    assert [p for p, _ in report.skipped] == [path]
    assert path.read_text() == broken
    assert len(report.migrated) == 25


def test_the_command(coach: Run, v1: Home) -> None:
    before = json.loads(coach("actions", "--all", "--json").stdout)["actions"]
    dry = coach("migrate", "--dry-run")
    assert "26 notes would be rewritten; nothing was written." in dry.stdout
    done = coach("migrate")
    assert "26 notes rewritten; the originals are in" in done.stdout
    after = json.loads(coach("actions", "--all", "--json").stdout)["actions"]
    keys = ("id", "text", "owner", "due", "status", "closed_on", "missed")
    assert [{k: a[k] for k in keys} for a in after] == [{k: a[k] for k in keys} for a in before]
    assert "Nothing to migrate: 26 notes" in coach("migrate").stdout
    assert "Deleted" in coach("migrate", "--delete-backup").stdout
    assert delete_backups(v1) == []
