"""The team remote's files read back: what was written comes back, a broken row is a warning."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from coachcli.team_files import (
    ACTION_COLUMNS,
    SESSION_COLUMNS,
    ActionLine,
    ManagerCard,
    SessionLine,
    csv_bytes,
    manager_slug,
    read_published,
)


def _write(folder: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def test_rows_are_written_sorted_whatever_their_order() -> None:
    day = date(2026, 12, 1)
    rows = [
        ActionLine("b", "zed", "rep", day, day, "open", None),
        ActionLine("c", "amy", "manager", day, day, "done", day),
        ActionLine("a", "zed", "rep", day, day, "dropped", day),
    ]
    text = csv_bytes(ACTION_COLUMNS, rows).decode()
    assert [line.split(",")[:2] for line in text.splitlines()[1:]] == [
        ["c", "amy"], ["a", "zed"], ["b", "zed"],
    ]  # fmt: skip
    line = SessionLine("n.md", day, "amy", 'Amy "A", Jr', "grow", "coaching", 30, 12.25, 1e-05,
                       0.0, False, {"b": 2, "a": 1}, {"m": 1234567.0})  # fmt: skip
    text = csv_bytes(SESSION_COLUMNS, [line]).decode()
    # quoted as CSV quotes; no exponent, no point on a whole number; pairs sorted by id
    assert text.splitlines()[1] == (
        'n.md,2026-12-01,amy,"Amy ""A"", Jr",grow,coaching,30,12.25,0.00001,0,0,'
        "a=1;b=2,m=1234567,0,0"
    )


def test_a_broken_row_is_a_warning_naming_its_file_and_line(tmp_path: Path) -> None:
    header = ",".join(SESSION_COLUMNS)
    good = "a.md,2026-12-01,amy,Amy,grow,coaching,30,10,20,0,0,,,0,0"
    rows = [
        good,
        "b.md,2026-13-01,amy,Amy,grow,coaching,30,10,20,0,0,,,0,0",  # line 3: no such month
        "c.md,2026-12-01,amy,Amy,grow,chat,30,10,20,0,0,,,0,0",  # line 4: no such kind
        "d.md,2026-12-01,amy,Amy,grow,coaching,thirty,10,20,0,0,,,0,0",  # 5
        "e.md,2026-12-01,amy,Amy,grow,coaching,30,10,20,0,yes,,,0,0",  # 6
        "f.md,2026-12-01,amy,Amy,grow,coaching,30,10,20,0,0,discovery,,0,0",  # 7
        "g.md,2026-12-01,amy,Amy,grow,coaching,30,10,nan,0,0,,,0,0",  # 8
        "h.md,2026-12-01,amy",  # 9: too short
        "",  # a blank line is nothing
        good.replace("a.md", "z.md"),
    ]
    _write(tmp_path, {"sessions.csv": "\n".join([header, *rows, ""]).encode()})
    back = read_published(tmp_path)
    assert [s.note for s in back.sessions] == ["a.md", "z.md"]
    where = tmp_path / "sessions.csv"
    bad = [w for w in back.warnings if w.startswith(f"{where}, line")]
    assert bad == [
        f"{where}, line 3: date: '2026-13-01' is not a date (YYYY-MM-DD); row left out.",
        f"{where}, line 4: kind: 'chat' is not one of coaching, performance, mixed; row left out.",
        f"{where}, line 5: minutes: 'thirty' is not a whole number; row left out.",
        f"{where}, line 6: estimated: 'yes' is neither 1 nor 0; row left out.",
        f"{where}, line 7: ratings: 'discovery' is not id=value; row left out.",
        f"{where}, line 8: performance_minutes: 'nan' is not a number; row left out.",
        f"{where}, line 9: 3 cells where the header has 15; row left out.",
    ]
    # the three files not there are a warning each, naming them
    for name in ("manager.toml", "reps.csv", "actions.csv"):
        assert f"{tmp_path / name}: missing." in back.warnings


def test_columns_may_come_in_any_order_and_new_ones_are_ignored(tmp_path: Path) -> None:
    text = (
        "closed,status,due,created,owner,rep_slug,id,colour\n"
        ",open,2026-12-08,2026-12-01,rep,amy,x1,blue\n"
        "2026-12-02,done,2026-12-08,2026-12-01,boss,amy,x2,red\n"
    )
    _write(tmp_path, {"actions.csv": text.encode()})
    back = read_published(tmp_path)
    assert back.actions == [
        ActionLine("x1", "amy", "rep", date(2026, 12, 1), date(2026, 12, 8), "open", None)
    ]
    assert f"{tmp_path / 'actions.csv'}, line 3: owner: 'boss' is not one of rep, manager; " \
        "row left out." in back.warnings  # fmt: skip


def test_a_file_without_its_columns_is_left_out(tmp_path: Path) -> None:
    _write(tmp_path, {"reps.csv": b"rep_slug,rep\namy,Amy\n", "actions.csv": b""})
    back = read_published(tmp_path)
    assert back.reps == [] and back.actions == []
    assert f"{tmp_path / 'reps.csv'}, line 1: the header lacks cadence_days, archived, " \
        "start_date." in back.warnings  # fmt: skip
    assert any(w.startswith(f"{tmp_path / 'actions.csv'}, line 1: the header lacks id")
               for w in back.warnings)  # fmt: skip


def test_a_file_that_is_not_utf8_is_a_warning(tmp_path: Path) -> None:
    _write(tmp_path, {"reps.csv": b"rep_slug,rep\n\xff\xfe\n"})
    assert f"{tmp_path / 'reps.csv'}: not UTF-8 text." in read_published(tmp_path).warnings


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('format = 1\nname = "M"\n', "published is missing."),
        ("name = [", "cannot be read"),
        ('name = "M"\ncoaching_target = "lots"\ncadence_days = 7\npublished = 2026-12-01\n',
         "coaching_target: 'lots' is not a number."),
        ('name = "M"\ncoaching_target = 0.5\ncadence_days = 7.5\npublished = 2026-12-01\n',
         "cadence_days: 7.5 is not a whole number."),
        ('name = "M"\ncoaching_target = 0.5\ncadence_days = 7\npublished = "yesterday"\n',
         "published: 'yesterday' is not a date (YYYY-MM-DD)."),
    ],
)  # fmt: skip
def test_a_broken_manager_file_is_a_warning(tmp_path: Path, text: str, problem: str) -> None:
    _write(tmp_path, {"manager.toml": text.encode()})
    back = read_published(tmp_path)
    assert back.manager is None
    assert any(w.startswith(f"{tmp_path / 'manager.toml'}: ") and problem in w
               for w in back.warnings), back.warnings  # fmt: skip


def test_a_manager_file_may_give_its_day_as_a_toml_date(tmp_path: Path) -> None:
    text = 'name = "Morgan Lee"\ncoaching_target = 1\ncadence_days = 14\npublished = 2026-12-01\n'
    _write(tmp_path / "morgan-lee", {"manager.toml": text.encode()})
    card = read_published(tmp_path / "morgan-lee").manager
    assert card == ManagerCard("Morgan Lee", "morgan-lee", 1.0, 14, date(2026, 12, 1))


def test_a_manager_slug_is_a_folder_name() -> None:
    assert manager_slug("Morgan Lee") == "morgan-lee"
    assert manager_slug("José Núñez") == "jose-nunez"
    assert manager_slug("../../etc") == "etc"
