"""What a manager publishes to a team remote: figures per session, and what the rep was given.

A team remote is read by a sales leader (`coach team`): it must show whether
a manager coaches, never what the manager keeps to themselves. So the files
of ``managers/<slug>/`` (:mod:`coachcli.team_files`, docs/team-remote.md)
hold only

- per session, the figures: date, rep, framework, kind, minutes by kind,
  ratings, metrics, commitments reviewed as kept or missed (from the index,
  counted by the rules of `coach balance` and `coach history`);
- the reps' folders (name, cadence, archived, start date), never a profile's notes;
- the action items' dates and statuses, never their text;
- each note's shared parts, exactly as `coach share` renders them in Markdown
  (:func:`coachcli.share.message`): what the rep was given already.

No rule is defined here: this module only gathers what the index, the
settings, the reps and `coach share` already say. Nothing is written: the
caller (`coach sync`) writes the files into the team clone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from coachcli.errors import CoachError
from coachcli.home import Home
from coachcli.team_files import (
    ACTION_COLUMNS,
    ACTIONS_FILE,
    MANAGER_FILE,
    REP_COLUMNS,
    REPS_FILE,
    SESSION_COLUMNS,
    SESSIONS_FILE,
    ActionLine,
    ManagerCard,
    RepLine,
    SessionLine,
    csv_bytes,
    manager_slug,
    manager_toml,
    shared_path,
)

if TYPE_CHECKING:
    from coachcli.analytics.actions import ActionState
    from coachcli.records import Corpus, NoteRow, Owner


@dataclass(frozen=True)
class Publication:
    """A manager's folder as it would be published: its files, and what could not be read."""

    slug: str
    """The folder's name under ``managers/``."""
    files: dict[str, bytes]
    """Path relative to ``managers/<slug>/`` → the file's bytes."""
    warnings: list[str] = field(default_factory=list)
    """One line per note, profile or setting that could not be read (and so is not published)."""


def published_files(home: Home, manager_name: str, today: date) -> dict[str, bytes]:
    """The files of ``managers/<slug>/`` as of ``today`` (see :func:`publication`)."""
    return publication(home, manager_name, today).files


def publication(
    home: Home,
    manager_name: str,
    today: date,
    previous: Mapping[str, bytes] | None = None,
) -> Publication:
    """What ``home``'s manager publishes to a team remote, as of ``today``.

    The same notes give the same bytes. ``manager.toml`` says ``published =
    today``; given ``previous`` (the files as last published), a publication
    in which nothing else changed keeps the previous date, so republishing
    unchanged notes on another day changes no byte either.
    """
    from coachcli.settings import load_settings

    name = " ".join(manager_name.split())
    if not name:
        raise CoachError(
            "A team remote needs your name: it names your folder there.",
            hint='Set it, e.g. coach config set manager_name "Morgan Lee".',
        )
    slug = manager_slug(name)
    warnings: list[str] = []
    settings = load_settings(home, warnings)
    reps, corpus, states = _records(home, today, warnings)
    reps, corpus, states = _without_own(reps, corpus, states)
    names = {rep.rep_slug: rep.rep for rep in reps}
    files: dict[str, bytes] = {
        SESSIONS_FILE: csv_bytes(SESSION_COLUMNS, session_lines(home, corpus, states, names)),
        REPS_FILE: csv_bytes(REP_COLUMNS, reps),
        ACTIONS_FILE: csv_bytes(ACTION_COLUMNS, [action_line(s) for s in states]),
    }
    files.update(shared_files(home, corpus.notes, settings.manager_name, warnings))
    card = ManagerCard(name, slug, settings.coaching_target, settings.cadence_days, today)
    files[MANAGER_FILE] = manager_toml(card)
    before = _published_on(previous)
    if previous is not None and before is not None:
        again = {**files, MANAGER_FILE: manager_toml(replace(card, published=before))}
        if again == dict(previous):
            files = again
    return Publication(slug, dict(sorted(files.items())), warnings)


def _without_own(
    reps: list[RepLine], corpus: Corpus, states: list[ActionState]
) -> tuple[list[RepLine], Corpus, list[ActionState]]:
    """Everything but the manager's own folder: the one holding their self-reviews
    (:func:`coachcli.self_review_ids.is_self_review_note`). A self-review is the manager's
    reflection on their own coaching, not a 1:1 with a rep: none of it is published."""
    from coachcli.self_review_ids import is_self_review_note

    own = {n.rep_slug for n in corpus.notes if is_self_review_note(n.framework, n.metrics)}
    if not own:
        return reps, corpus, states
    return (
        [r for r in reps if r.rep_slug not in own],
        replace(
            corpus,
            notes=[n for n in corpus.notes if n.rep_slug not in own],
            actions=[a for a in corpus.actions if a.rep_slug not in own],
            reviews=[r for r in corpus.reviews if r.rep_slug not in own],
        ),
        [s for s in states if s.rep_slug not in own],
    )


def _published_on(previous: Mapping[str, bytes] | None) -> date | None:
    """The ``published`` day of the previous ``manager.toml`` (None when there is none to read)."""
    import tomllib

    if previous is None or MANAGER_FILE not in previous:
        return None
    try:
        said = tomllib.loads(previous[MANAGER_FILE].decode("utf-8"))["published"]
        return said if isinstance(said, date) else date.fromisoformat(str(said))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, ValueError):
        return None


def _records(
    home: Home, today: date, warnings: list[str]
) -> tuple[list[RepLine], Corpus, list[ActionState]]:
    """The reps' lines, every note's records and every action's state, from the index."""
    from coachcli.records import Corpus
    from coachcli.reps import any_rep_folder, list_reps

    listing = list_reps(home)
    warnings += listing.warnings
    reps = [RepLine(r.slug, r.name, r.cadence_days, r.archived, r.start_date) for r in listing.reps]
    if not any_rep_folder(home):  # no rep folder, so no note: nothing to index
        return reps, Corpus(), []
    from coachcli.digests import answer, kept_states
    from coachcli.index.corpus import read_corpus

    found, (corpus, states) = answer(
        home, None, None,
        lambda db: (read_corpus(db, home, None), kept_states(db, home, today, closed=True)),
    )  # fmt: skip
    warnings += found
    return reps, corpus, states


def session_lines(
    home: Home, corpus: Corpus, states: list[ActionState], names: Mapping[str, str]
) -> list[SessionLine]:
    """One line per note: its figures, the minutes as `coach balance` counts them, and the rep's
    commitments reviewed in it as kept or missed (as `coach start` counts them when it records
    the reviews, by the rule of `coach history`'s commitments kept)."""
    from coachcli.analytics.actions import Commitments, review_counts
    from coachcli.analytics.balances import counted_minutes

    plans = _plans(home) if any(n.estimated for n in corpus.notes) else {}
    agreed = {(s.rep_slug, s.id): s for s in states}
    reviewed: dict[Path, list[tuple[str, date, str]]] = defaultdict(list)
    for review in corpus.reviews:
        action = agreed.get((review.rep_slug, review.action_id))
        if action is not None:  # an action no note agrees any more: as `coach history`, none
            reviewed[review.note].append((review.outcome, action.due, action.owner))
    lines = []
    nothing = Commitments(0, 0)
    for note in corpus.notes:
        coaching, performance, neutral = counted_minutes(note, plans)
        counts = review_counts(reviewed[note.path], note.date) if note.path in reviewed else nothing
        lines.append(
            SessionLine(
                note=note.path.name, date=note.date, rep_slug=note.rep_slug,
                rep=names.get(note.rep_slug, note.rep), framework=note.framework,
                kind=note.kind, minutes=note.duration_minutes, coaching_minutes=coaching,
                performance_minutes=performance, neutral_minutes=neutral,
                estimated=note.estimated, ratings=note.ratings, metrics=note.metrics,
                kept=counts.kept, missed=counts.missed,
            )
        )  # fmt: skip
    return lines


def _plans(home: Home) -> dict[str, dict[str, float]]:
    from coachcli.prep import framework_facts

    return {k: dict(v) for k, v in framework_facts(home).plans.items()}


def action_line(state: ActionState) -> ActionLine:
    """An action item as published: who owns it, its dates and status; never its text."""
    owner: Owner = "manager" if state.owner == "manager" else "rep"
    return ActionLine(
        state.id, state.rep_slug, owner, state.created, state.due, state.status, state.closed_on
    )


def shared_files(
    home: Home, notes: list[NoteRow], manager_name: str, warnings: list[str]
) -> dict[str, bytes]:
    """``shared/<rep>/<note>``: each note's shared parts as `coach share` gives them in Markdown;
    no file for a note with nothing shared, or one that cannot be read (a warning says why)."""
    from coachcli.team_shared import shared_markdown

    found = shared_markdown(home, ((n.rep_slug, n.path) for n in notes), manager_name, warnings)
    return {shared_path(slug, name): text.encode("utf-8") for (slug, name), text in found.items()}
