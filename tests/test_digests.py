"""The listings asked of the index equal the same listings worked out from every note.

`coach reps`, `coach actions` and `coach balance` no longer load every note:
they ask the index for kept action states, counts and windows
(:mod:`coachcli.digests`). Each test here works the answer out both ways on
a generated home (notes across reps, reviews, ticked tasks, future-dated
notes when "today" is in the past) and wants them equal, before and after
the notes change.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import sqlite3
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from coachcli import analytics, queries
from coachcli.config import load_config
from coachcli.home import Home
from coachcli.index import index_path, load_corpus, refresh
from coachcli.prep import framework_facts
from coachcli.reps import list_reps

from .helpers import generated_home

TODAY = date.today()
DAYS = [TODAY, TODAY - timedelta(days=200), TODAY + timedelta(days=45)]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Home:
    return generated_home(tmp_path_factory.mktemp("generated") / "home", 160, 5, seed=7)


@pytest.fixture
def home(generated: Home, tmp_path: Path) -> Iterator[Home]:
    copy = Home(tmp_path / "copy")
    shutil.copytree(generated.root, copy.root)
    an_hour_ago = time.time() - 3600  # not just written: no file is read again as racy
    for path in copy.root.rglob("*"):
        os.utime(path, (an_hour_ago, an_hour_ago))
    yield copy


def _reps(home: Home, today: date) -> None:
    config = load_config(home)
    whole = analytics.reps_overview(
        load_corpus(home), list_reps(home).reps, config.cadence_days, today, include_archived=True
    )
    assert queries.reps_view(home, today, include_archived=True).rows == whole


def _actions(home: Home, today: date) -> None:
    whole = [
        dataclasses.replace(s, history=())
        for s in sorted(
            analytics.action_states(load_corpus(home), today), key=lambda s: (s.due, s.id)
        )
    ]
    found = queries.actions_view(home, today, include_closed=True).actions
    assert found == whole
    assert queries.actions_view(home, today).actions == [s for s in whole if s.status == "open"]
    late = queries.actions_view(home, today, overdue=True, owner="rep").actions
    assert late == [s for s in whole if s.status == "open" and s.overdue and s.owner == "rep"]


def _balance(home: Home, today: date, since: date | None, by: analytics.Period) -> None:
    config = load_config(home)
    facts = framework_facts(home)
    whole = analytics.balance(
        load_corpus(home), today, config.coaching_target, since=since, targets=facts.targets,
        available=facts.available, plans=facts.plans, by=by,
    )  # fmt: skip
    found = queries.balance_view(home, today, since=since, by=by).balance
    assert found == whole


def _all(home: Home) -> None:
    for today in DAYS:
        _reps(home, today)
        _actions(home, today)
        for since in (None, today - timedelta(days=30), today - timedelta(days=90)):
            _balance(home, today, since, "week")
        _balance(home, today, today - timedelta(days=180), "month")


def test_every_listing_equals_the_whole_corpus_worked_out(home: Home) -> None:
    _all(home)


def test_listings_follow_the_notes_as_they_change(home: Home) -> None:
    _all(home)  # the index and its kept states, built
    state = next(s for s in analytics.open_actions(load_corpus(home), TODAY) if s.final)
    queries.set_action_status(home, state.id, "done", TODAY, "sent the recap")
    assert state.id not in {s.id for s in queries.actions_view(home, TODAY).actions}
    _all(home)
    folder = next(p for p in sorted(home.reps_dir.iterdir()) if p.is_dir())
    notes = sorted(folder.glob("*.md"))
    coached = [
        n for n in load_corpus(home).notes if n.rep_slug == folder.name and n.kind != "performance"
    ]
    for note in coached:  # a rep never coached: the balance reads all their notes
        note.path.unlink()
    notes[-1].unlink(missing_ok=True)
    _all(home)
    shutil.rmtree(home.reps_dir / sorted(p.name for p in home.reps_dir.iterdir())[-1])
    _all(home)


def test_kept_states_are_worked_out_again_only_for_changed_reps(home: Home) -> None:
    refresh(home)
    queries.actions_view(home, TODAY)
    with sqlite3.connect(index_path(home)) as conn:
        assert conn.execute("SELECT count(*) FROM stale").fetchone() == (0,)
        kept = conn.execute("SELECT count(*) FROM action_states").fetchone()[0]
        assert kept > 0
        # a state no rule would keep: only a stale rep is worked out again
        conn.execute("UPDATE action_states SET text = 'untouched'")
    folder = sorted(p for p in home.reps_dir.iterdir() if p.is_dir())[-1]
    note = sorted(folder.glob("20*.md"))[-1]  # a note, not the rep's page
    note.write_text(note.read_text(encoding="utf-8") + "\nAdded later.\n", encoding="utf-8")
    queries.actions_view(home, TODAY, include_closed=True)
    with sqlite3.connect(index_path(home)) as conn:
        texts = dict(
            conn.execute("SELECT rep_slug, min(text) FROM action_states GROUP BY rep_slug")
        )
    first = min(texts)
    assert texts[first] == "untouched"  # not re-read: kept as it was
    assert texts[folder.name] != "untouched"


def test_a_kept_state_no_refresh_would_write_rebuilds_the_index(home: Home) -> None:
    before = queries.actions_view(home, TODAY, include_closed=True).actions
    with sqlite3.connect(index_path(home)) as conn:
        conn.execute("UPDATE action_states SET status = 'lost'")
    assert queries.actions_view(home, TODAY, include_closed=True).actions == before


FIXTURE_V1 = Path(__file__).parent / "fixtures" / "home_v1"
"""Format-1 notes written by coachcli 0.1: their actions' states come from reviews and
``actions.toml``, not from task lines."""


def test_format_1_notes_and_their_actions_files_list_alike(tmp_path: Path) -> None:
    home = Home(tmp_path / "v1")
    shutil.copytree(FIXTURE_V1, home.root)
    _all(home)
    states = analytics.action_states(load_corpus(home), TODAY)
    assert any(not s.final for s in states)  # changes and reviews decide these
    opened = next(s for s in states if s.status == "open" and not s.final)
    queries.set_action_status(home, opened.id, "dropped", TODAY, "no longer needed")
    assert (home.reps_dir / opened.rep_slug / "actions.toml").read_text("utf-8").count(opened.id)
    _all(home)  # the actions file changed: that rep's kept states are worked out again
    dropped = [s for s in queries.actions_view(home, TODAY, include_closed=True).actions
               if s.id == opened.id]  # fmt: skip
    assert [(s.status, s.comment) for s in dropped] == [("dropped", "no longer needed")]
