"""A manager's publication read back (team_files): the pinned layout, and every kind of bad file.

Fixtures are written by tests/helpers.py in the pinned format, headers spelt out there.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from coachcli import team_files
from coachcli.team_files import manager_folders, read_published

from .helpers import TEAM_HEADERS, team_corpus, write_publication


def test_the_column_definitions_are_the_pinned_headers() -> None:
    assert ",".join(team_files.SESSIONS_COLUMNS) == TEAM_HEADERS["sessions.csv"]
    assert ",".join(team_files.REPS_COLUMNS) == TEAM_HEADERS["reps.csv"]
    assert ",".join(team_files.ACTIONS_COLUMNS) == TEAM_HEADERS["actions.csv"]


def test_a_publication_reads_back_row_by_row(tmp_path: Path) -> None:
    root = team_corpus(tmp_path)
    assert [f.name for f in manager_folders(root)] == ["jo-park", "morgan-lee", "sam-rivera"]
    found = read_published(root / "managers" / "morgan-lee")
    assert found.warnings == []
    assert found.manager == team_files.Manager(
        "morgan-lee", "Morgan Lee", 0.6, 7, date(2026, 12, 1)
    )
    assert len(found.sessions) == 6
    mixed = found.sessions[4]
    assert (mixed.note, mixed.date, mixed.kind, mixed.minutes) == (
        "2026-11-10-weekly-1-1.md",
        date(2026, 11, 10),
        "mixed",
        40.0,
    )
    assert (mixed.coaching_minutes, mixed.performance_minutes, mixed.neutral_minutes) == (20, 15, 5)
    assert (mixed.kept, mixed.missed, mixed.estimated) == (2, 0, False)
    assert found.sessions[2].ratings == {"discovery": 3.0, "listening": 4.0}
    assert found.sessions[1].metrics == {"win-rate": 22.5}
    assert [(r.rep_slug, r.cadence_days, r.archived) for r in found.reps] == [
        ("alex-kim", None, False),
        ("bo-diaz", 14, False),
        ("cy-hart", None, True),
    ]
    assert found.reps[0].start_date == date(2025, 1, 6)
    done = found.actions[2]
    assert (done.id, done.owner, done.status, done.closed) == (
        "g7h8i9",
        "manager",
        "done",
        date(2026, 10, 26),
    )
    assert found.actions[0].closed is None


def test_a_missing_manager_toml_and_a_broken_row_warn_and_the_rest_is_read(tmp_path: Path) -> None:
    folder = team_corpus(tmp_path) / "managers" / "jo-park"
    found = read_published(folder)
    assert found.manager == team_files.Manager("jo-park", "jo-park")
    assert found.warnings == [
        f"{folder / 'manager.toml'}: missing; the folder's name stands for the manager",
        f"{folder / 'sessions.csv'}: line 3: minutes: expected a number, 0 or more, got 'abc'; "
        "the row is left out",
    ]
    assert [s.note for s in found.sessions] == [
        "2026-11-01-pipeline-review.md",
        "2026-11-15-weekly-1-1.md",
        "2026-11-20-grow.md",
    ]


BAD_ROWS = {
    "x.md,2026-13-01,a,A,grow,coaching,30,30,0,0,0,,,0,0": "date: expected a date YYYY-MM-DD",
    "x.md,2026-11-01,a,A,grow,coachng,30,30,0,0,0,,,0,0": "kind: expected coaching or "
    "performance or mixed",
    "x.md,2026-11-01,a,A,grow,coaching,30,-3,0,0,0,,,0,0": "coaching_minutes: expected a number",
    "x.md,2026-11-01,a,A,grow,coaching,30,30,0,0,yes,,,0,0": "estimated: expected 1 or 0",
    "x.md,2026-11-01,a,A,grow,coaching,30,30,0,0,0,discovery,,0,0": "ratings: expected id=value",
    "x.md,2026-11-01,a,A,grow,coaching,30,30,0,0,0,,,1.5,0": "kept: expected a whole number",
    ",2026-11-01,a,A,grow,coaching,30,30,0,0,0,,,0,0": "note: expected a value",
    "x.md,2026-11-01,,A,grow,coaching,30,30,0,0,0,,,0,0": "rep_slug: expected a value",
    "x.md,2026-11-01,a,A,grow,coaching,30,nan,0,0,0,,,0,0": "coaching_minutes: expected",
    "x.md,2026-11-01,a,A": "4 cells, expected 15",
}


def test_each_kind_of_broken_session_row_is_named_by_file_line_and_column(tmp_path: Path) -> None:
    good = "ok.md,2026-11-02,a,A,grow,coaching,30,30,0,0,0,,,0,0"
    folder = write_publication(tmp_path, "m", manager='name = "M"\n', sessions=[good, *BAD_ROWS])
    found = read_published(folder)
    assert [s.note for s in found.sessions] == ["ok.md"]
    for line, (warning, said) in enumerate(
        zip(found.warnings, BAD_ROWS.values(), strict=True), start=3
    ):
        assert warning.startswith(f"{folder / 'sessions.csv'}: line {line}: {said}"), warning
    assert len(found.warnings) == len(BAD_ROWS)


def test_bad_rep_and_action_rows(tmp_path: Path) -> None:
    folder = write_publication(
        tmp_path,
        "m",
        manager='name = "M"\n',
        reps=["a,A,7,0,", "b,B,weekly,0,", "c,C,,maybe,"],
        actions=[
            "k1,a,rep,2026-11-01,2026-11-08,open,",
            "k2,a,boss,2026-11-01,2026-11-08,open,",
            "k3,a,rep,2026-11-01,2026-11-08,closed,",
            "k4,a,rep,2026-11-01,soon,open,",
        ],
    )
    found = read_published(folder)
    assert [r.rep_slug for r in found.reps] == ["a"]
    assert [a.id for a in found.actions] == ["k1"]
    reps, actions = folder / "reps.csv", folder / "actions.csv"
    assert found.warnings == [
        f"{reps}: line 3: cadence_days: expected a whole number, 0 or more, got 'weekly'; "
        "the row is left out",
        f"{reps}: line 4: archived: expected 1 or 0, got 'maybe'; the row is left out",
        f"{actions}: line 3: owner: expected rep or manager, got 'boss'; the row is left out",
        f"{actions}: line 4: status: expected open or done or dropped, got 'closed'; "
        "the row is left out",
        f"{actions}: line 5: due: expected a date YYYY-MM-DD, got 'soon'; the row is left out",
    ]


def test_missing_files_missing_columns_and_a_quote_never_closed(tmp_path: Path) -> None:
    folder = write_publication(tmp_path, "m", manager='name = "M"\n')
    (folder / "reps.csv").unlink()
    (folder / "actions.csv").write_text("id,rep_slug,owner\nk1,a,rep\n", "utf-8")
    (folder / "sessions.csv").write_text(
        TEAM_HEADERS["sessions.csv"] + '\n"x.md,2026-11-01,a\n', "utf-8"
    )
    found = read_published(folder)
    assert (found.sessions, found.reps, found.actions) == ([], [], [])
    assert found.warnings == [
        f"{folder / 'sessions.csv'}: line 2: 1 cells, expected 15; the row is left out",
        f"{folder / 'reps.csv'}: missing; read as empty",
        f"{folder / 'actions.csv'}: line 1: no column created, due, status, closed; "
        "the file is left out",
    ]


def test_columns_in_another_order_or_extra_ones_are_read_by_name(tmp_path: Path) -> None:
    folder = write_publication(tmp_path, "m", manager='name = "M"\n')
    (folder / "reps.csv").write_text(
        "archived,rep,rep_slug,cadence_days,start_date,team\n0,Ann,ann,14,,east\n", "utf-8"
    )
    found = read_published(folder)
    assert [(r.rep_slug, r.rep, r.cadence_days) for r in found.reps] == [("ann", "Ann", 14)]


def test_a_bad_manager_toml_value_is_named_by_line_and_key(tmp_path: Path) -> None:
    folder = write_publication(
        tmp_path,
        "m",
        manager='format = 1\nname = "M"\ncoaching_target = 60\ncadence_days = 7\n',
    )
    found = read_published(folder)
    assert found.manager == team_files.Manager("m", "M", None, 7)
    assert found.warnings == [
        f"{folder / 'manager.toml'}: line 3, coaching_target: expected a share from 0 to 1, "
        "got 60; left out"
    ]
    (folder / "manager.toml").write_text('name = "M\n', "utf-8")
    assert read_published(folder).warnings[0].startswith(f"{folder / 'manager.toml'}: cannot be")


CELLS = st.sampled_from(
    [
        "",
        "0",
        "1",
        "2",
        "30",
        "-1",
        "1.5",
        "nan",
        "x",
        "2026-11-01",
        "2026-02-30",
        "coaching",
        "rep",
        "open",
        "a=1",
        "a=1;b=2",
        "a",
        " ",
    ]
)


@given(st.lists(CELLS, min_size=15, max_size=15))
def test_the_fast_row_readers_agree_with_the_readers_that_explain(cells: list[str]) -> None:
    """A row is refused by the inlined checks exactly when one of the explaining readers refuses
    a cell, and an accepted row reads as the readers read it."""
    for make, readers in (
        (team_files._session, team_files.SESSIONS_READERS),
        (team_files._rep, team_files.REPS_READERS),
        (team_files._action, team_files.ACTIONS_READERS),
    ):
        row = tuple(cells[: len(readers)])
        try:
            expected = [read(cell) for read, cell in zip(readers, row, strict=True)]
        except ValueError:
            expected = None
        try:
            made = make(row)
        except ValueError:
            made = None
        if expected is None:
            assert made is None, (make.__name__, row)
        else:
            assert (
                made is not None
                and list(
                    made.__dict__.values()
                    if hasattr(made, "__dict__")
                    else [getattr(made, f) for f in made.__slots__]
                )
                == expected
            ), (make.__name__, row)
