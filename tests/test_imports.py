"""The kept files of imports: written privately, read back (hand-edited ones too), removed."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from coachcli.home import Home
from coachcli.imports import (
    MetricValue,
    keep,
    kept_name,
    metric_values,
    metrics_dir,
    read_kept,
    to_csv,
)

DAY = date(2026, 11, 28)


def _value(slug: str = "alex-kim", metric: str = "win-rate", value: float = 28.0,
           day: date = DAY, source: str = "sf.csv") -> MetricValue:  # fmt: skip
    return MetricValue(slug, metric, day, value, "Alex Kim", source)


def test_kept_values_read_back_and_a_deleted_file_removes_them(coach_home: Home) -> None:
    values = [_value(source="Win Rates.csv"),
              _value(metric="pipeline-coverage", value=2.8, source="Win Rates.csv")]  # fmt: skip
    path, changed = keep(coach_home, "Win Rates.csv", values, date(2026, 12, 2))
    assert changed and path.name == "2026-11-28-win-rates.csv"
    assert path.read_text().splitlines() == [
        "rep_slug,rep,metric,value,as_of,source,imported_on",
        "alex-kim,Alex Kim,pipeline-coverage,2.8,2026-11-28,Win Rates.csv,2026-12-02",
        "alex-kim,Alex Kim,win-rate,28,2026-11-28,Win Rates.csv,2026-12-02",
    ]
    kept = metric_values(coach_home)
    assert kept.warnings == []
    assert [(v.rep_slug, v.metric, v.value, v.as_of, v.source) for v in kept.values] == [
        ("alex-kim", "pipeline-coverage", 2.8, DAY, "Win Rates.csv"),
        ("alex-kim", "win-rate", 28, DAY, "Win Rates.csv"),
    ]
    path.unlink()
    assert metric_values(coach_home).values == []


def test_no_imports_folder_means_no_values(coach_home: Home) -> None:
    assert metric_values(coach_home).values == [] and metric_values(coach_home).warnings == []


def test_the_newest_import_wins_for_the_same_rep_metric_and_day(coach_home: Home) -> None:
    keep(coach_home, "a.csv", [_value(value=20, source="a.csv")], date(2026, 12, 2))
    keep(coach_home, "b.csv", [_value(value=30, source="b.csv")], date(2026, 12, 3))
    keep(coach_home, "0.csv", [_value(value=10, source="0.csv")], date(2026, 12, 1))
    assert [(v.value, v.source) for v in metric_values(coach_home).values] == [(30, "b.csv")]


def test_a_hand_edited_file_is_read_with_located_warnings(coach_home: Home) -> None:
    folder = metrics_dir(coach_home)
    folder.mkdir(parents=True)
    (folder / "2026-11-28-edited.csv").write_bytes(
        "\ufeffrep;rep_slug;metric;value;as_of;note\r\n"  # Excel: BOM, semicolons, reordered
        "Alex Kim;alex-kim;win-rate;27,5;2026-11-28;fixed by hand\r\n"
        "Alex Kim;alex-kim;pipeline-coverage;lots;2026-11-28;\r\n"
        "Alex Kim;alex-kim;meetings-booked;4;28.11.2026;\r\n"
        ";;win-rate;4;2026-11-28;\r\n".encode()
    )
    (folder / "2026-11-29-broken.csv").write_text("who,what\nx,y\n")
    (folder / "notes.txt").write_text("not a kept file")
    kept = metric_values(coach_home)
    assert [(v.metric, v.value, v.source) for v in kept.values] == [
        ("win-rate", 27.5, "2026-11-28-edited.csv")  # no source column: the file's name
    ]
    assert [w.replace(str(folder) + "/", "") for w in kept.warnings] == [
        "2026-11-28-edited.csv, line 3: value 'lots' is not a number; the row is left out.",
        "2026-11-28-edited.csv, line 4: as_of '28.11.2026' is not a date like 2026-11-28; "
        "the row is left out.",
        "2026-11-28-edited.csv, line 5: rep_slug and metric must not be empty; the row is "
        "left out.",
        "2026-11-29-broken.csv, line 1: no column rep_slug, rep, metric, value, as_of; its "
        "values are left out.",
    ]


def test_the_name_of_a_kept_file() -> None:
    values = [_value(day=date(2026, 11, 21)), _value(day=DAY)]
    assert kept_name(values, "Pipeline Report (3).CSV") == "2026-11-28-pipeline-report-3.csv"
    assert re.fullmatch(r"2026-11-28-[a-z0-9-]+\.csv", kept_name(values, "李雷 %%.csv"))


cell = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=200, deadline=None)
@given(rep=cell, source=cell, value=st.floats(allow_nan=False, allow_infinity=False))
def test_any_cell_text_round_trips_through_the_kept_csv(
    rep: str, source: str, value: float
) -> None:
    import tempfile
    from pathlib import Path

    original = MetricValue("alex-kim", "win-rate", DAY, value, rep, source or "x.csv")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "kept.csv"
        path.write_bytes(to_csv([original], DAY).encode())
        values, warnings = read_kept(path)
    assert warnings == []
    assert len(values) == 1
    back = values[0]
    assert (back.rep, back.source, back.value) == (original.rep, original.source, value)
