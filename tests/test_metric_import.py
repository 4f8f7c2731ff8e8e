"""`coach import metrics` in the library: realistic exports, mapping, reps, checks, idempotency."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

import pytest

from coachcli.errors import CoachError
from coachcli.home import Home
from coachcli.import_mapping import MappingError, mapping_path, pattern_for
from coachcli.imports import metric_values, metrics_dir
from coachcli.metric_import import ImportRequest, ImportResult, check_value, import_metrics
from coachcli.reps import add_rep

from .helpers import export_file

TODAY = date(2026, 12, 2)

SALESFORCE = (
    b'\xef\xbb\xbf"Opportunity Owner","Win Rate %","Pipeline Coverage","Region"\r\n'
    b'"Alex Kim","28%","2.8x","West, North"\r\n'
    b'"jose nunez","31 %","3.1",""\r\n'
    b'"Priya Ramen","25%","1.9","South"\r\n'
    b'"Sam Doe","20%","1.0","South"\r\n'
)
EU = (
    "Vertriebler;Datum;Abschlussquote;Pipeline-Abdeckung;Termine\n"
    "Alex Kim;28.11.2026;27,5%;1.234,5;12\n"
    "José Núñez;28.11.2026;31%;2,8;\n"
    "Alex Kim;21.11.2026;26%;2,1;9\n"
)
HUBSPOT = (
    "Deal owner,Deal owner email,Meetings booked,Win rate,Deals created,Owner team\n"
    "Alex Kim,alex@example.com,14,0.28,9,West\n"
    "José Núñez,jose@example.com,,0.31,4,East\n"
)


@pytest.fixture
def reps(coach_home: Home) -> Home:
    for name in ("Alex Kim", "José Núñez", "Priya Raman"):
        add_rep(coach_home, name, today=TODAY)
    return coach_home


_file = export_file


def _run(home: Home, path: Path, **options: object) -> ImportResult:
    return import_metrics(home, ImportRequest(path, **options), TODAY)  # type: ignore[arg-type]


def _rows(result: ImportResult) -> list[tuple[str, str, float, str]]:
    return [(v.rep, v.metric, v.value, v.as_of.isoformat()) for v in result.values]


def test_a_salesforce_export_with_a_bom_and_quoted_fields(reps: Home, tmp_path: Path) -> None:
    path = _file(tmp_path, "Win Rates 2026-11-28.csv", SALESFORCE)
    result = _run(reps, path)
    assert result.columns == {"Win Rate %": "win-rate", "Pipeline Coverage": "pipeline-coverage"}
    assert result.ignored == ["Region"]
    assert _rows(result) == [
        ("Alex Kim", "pipeline-coverage", 2.8, "2026-11-28"),  # as of the day the file was saved
        ("Alex Kim", "win-rate", 28, "2026-11-28"),  # "28%" is 28 for a metric in %
        ("José Núñez", "pipeline-coverage", 3.1, "2026-11-28"),  # accents dropped by the CRM
        ("José Núñez", "win-rate", 31, "2026-11-28"),
    ]
    assert [(u.name, u.lines, u.maybe) for u in result.unknown_reps] == [
        ("Priya Ramen", [4], "Priya Raman"),  # a close match suggested, never taken
        ("Sam Doe", [5], None),  # unknown, listed, never created
    ]
    assert result.outcome == "written" and result.problems == []
    assert result.kept == metrics_dir(reps) / "2026-11-28-win-rates-2026-11-28.csv"
    assert not (reps.reps_dir / "sam-doe").exists()


def test_a_semicolon_eu_file_with_thousands_and_dd_mm_yyyy(reps: Home, tmp_path: Path) -> None:
    path = _file(tmp_path, "abschluss.csv", EU)
    maps = (
        "Abschlussquote=win-rate",
        "Pipeline-Abdeckung=pipeline-coverage",
        "Termine=meetings-booked",
    )
    result = _run(reps, path, maps=maps, rep_column="Vertriebler", date_column="Datum",
                  date_format="dd.mm.yyyy")  # fmt: skip
    assert _rows(result) == [
        ("Alex Kim", "meetings-booked", 9, "2026-11-21"),
        ("Alex Kim", "meetings-booked", 12, "2026-11-28"),
        ("Alex Kim", "pipeline-coverage", 2.1, "2026-11-21"),
        ("Alex Kim", "pipeline-coverage", 1234.5, "2026-11-28"),
        ("Alex Kim", "win-rate", 26, "2026-11-21"),
        ("Alex Kim", "win-rate", 27.5, "2026-11-28"),
        ("José Núñez", "pipeline-coverage", 2.8, "2026-11-28"),  # the empty cell: no value
        ("José Núñez", "win-rate", 31, "2026-11-28"),
    ]
    assert result.kept is not None and result.kept.name == "2026-11-28-abschluss.csv"


def test_a_hubspot_file_with_extra_columns_lists_them(reps: Home, tmp_path: Path) -> None:
    path = _file(tmp_path, "hubspot.csv", HUBSPOT)
    result = _run(reps, path, dry_run=True)
    assert result.columns == {"Meetings booked": "meetings-booked", "Win rate": "win-rate"}
    assert result.ignored == ["Deal owner email", "Deals created", "Owner team"]
    assert ("Alex Kim", "win-rate", 0.28, "2026-11-28") in _rows(result)  # a fraction stays one
    assert result.outcome == "dry-run"


def test_the_mapping_is_kept_so_the_next_export_needs_no_options(
    reps: Home, tmp_path: Path
) -> None:
    first = _file(tmp_path, "abschluss-2026-11-28.csv", EU)
    maps = ("Abschlussquote=win-rate", "Pipeline-Abdeckung=pipeline-coverage")
    result = _run(reps, first, maps=maps, rep_column="Vertriebler", date_column="Datum",
                  date_format="dd.mm.yyyy")  # fmt: skip
    assert result.mapping_saved == mapping_path(reps)
    kept = mapping_path(reps).read_text()
    assert '[files."abschluss-*.csv"]' in kept and 'date_format = "dd.mm.yyyy"' in kept
    assert stat.S_IMODE(mapping_path(reps).stat().st_mode) == 0o600
    second = _file(tmp_path, "abschluss-2026-12-05.csv", EU.replace("28.11", "05.12"), "2026-12-05")
    again = _run(reps, second)
    assert again.columns == {
        "Abschlussquote": "win-rate",
        "Pipeline-Abdeckung": "pipeline-coverage",
    }
    assert again.mapping_saved is None
    assert {v.as_of.isoformat() for v in again.values} == {"2026-11-21", "2026-12-05"}
    assert pattern_for("Report (3) 2026_11_28.csv") == "Report (*) *.csv"


def test_a_hand_edited_mapping_with_a_wrong_metric_names_its_line(
    reps: Home, tmp_path: Path
) -> None:
    mapping_path(reps).parent.mkdir(parents=True)
    mapping_path(reps).write_text('[columns]\n"Win" = "win-rat"\n\n[reps]\n"005X" = "Alex Kim"\n')
    with pytest.raises(MappingError) as caught:
        _run(reps, _file(tmp_path, "a.csv", "Rep,Win\nAlex Kim,3\n"))
    assert "mapping.toml: line 2, columns.Win: no framework has a metric 'win-rat'; did you " \
        "mean 'win-rate'?" in str(caught.value)  # fmt: skip
    mapping_path(reps).write_text('[colums]\n"Win" = "win-rate"\n')
    with pytest.raises(MappingError, match=r"line 1"):
        _run(reps, _file(tmp_path, "a.csv", "Rep,Win\nAlex Kim,3\n"))


def test_reps_by_an_id_the_mapping_names(reps: Home, tmp_path: Path) -> None:
    mapping_path(reps).parent.mkdir(parents=True)
    mapping_path(reps).write_text(
        '[reps]\n"005X01" = "Alex Kim"\n"jose@example.com" = "José Núñez"\n'
    )
    path = _file(tmp_path, "ids.csv", "Owner ID,win-rate\n005x01,30\nJOSE@example.com,20\n")
    result = _run(reps, path, rep_column="Owner ID")
    assert [(v.rep_slug, v.value) for v in result.values] == [("alex-kim", 30), ("jose-nunez", 20)]


def test_importing_the_same_file_again_changes_nothing(reps: Home, tmp_path: Path) -> None:
    path = _file(tmp_path, "sf.csv", SALESFORCE)
    first = _run(reps, path)
    assert first.kept is not None
    before = first.kept.read_bytes()
    mtime = first.kept.stat().st_mtime_ns
    later = import_metrics(reps, ImportRequest(path), date(2026, 12, 9))  # even a week later
    assert later.outcome == "unchanged" and later.kept == first.kept
    assert first.kept.read_bytes() == before and first.kept.stat().st_mtime_ns == mtime
    assert stat.S_IMODE(first.kept.stat().st_mode) == 0o600
    assert stat.S_IMODE(metrics_dir(reps).stat().st_mode) == 0o700
    assert stat.S_IMODE(metrics_dir(reps).parent.stat().st_mode) == 0o700


def test_a_corrected_export_replaces_its_values(reps: Home, tmp_path: Path) -> None:
    path = _file(tmp_path, "sf.csv", SALESFORCE)
    _run(reps, path)
    fixed = _file(tmp_path, "sf.csv", SALESFORCE.replace(b'"28%"', b'"29%"'))
    result = _run(reps, fixed)
    assert result.outcome == "written"
    values = metric_values(reps).values
    assert [v.value for v in values if v.rep_slug == "alex-kim" and v.metric == "win-rate"] == [29]


def test_bad_cells_name_file_line_and_column_and_good_ones_are_kept(
    reps: Home, tmp_path: Path
) -> None:
    text = (
        "Rep,Date,win-rate,pipeline-coverage,meetings-booked\n"
        "Alex Kim,2026-11-28,abc,2.5,3\n"
        "José Núñez,28/11/2026,30,1,1\n"
        "Priya Raman,2026-11-28,40%,-1,2.5\n"
        ",2026-11-28,1,1,1\n"
        "Alex Kim,2026-11-28,1,2.5,3,extra\n"
        "Priya Raman,2026-11-28,,50%,\n"
    )
    result = _run(reps, _file(tmp_path, "bad.csv", text))
    assert result.problems == [
        "bad.csv, line 2, column C (win-rate): 'abc' is not a number.",
        "bad.csv, line 3, column B (Date): '28/11/2026' — it is not a date like 2026-11-28 "
        "(give --date-format for others); the row is left out.",
        "bad.csv, line 4, column D (pipeline-coverage): '-1' is below 0 (× cannot be negative).",
        "bad.csv, line 4, column E (meetings-booked): '2.5' is not a whole number of meetings.",
        "bad.csv, line 5, column A (Rep): no rep; the row is left out.",
        "bad.csv, line 6: 6 cells but the header has 5; the row is left out.",
        "bad.csv, line 7, column D (pipeline-coverage): '50%' has a % sign, but the metric "
        "is in ×.",
    ]
    assert _rows(result) == [
        ("Alex Kim", "meetings-booked", 3, "2026-11-28"),
        ("Alex Kim", "pipeline-coverage", 2.5, "2026-11-28"),
        ("Priya Raman", "win-rate", 40, "2026-11-28"),
    ]
    assert result.outcome == "written"


def test_the_same_rep_metric_and_day_twice_with_two_values(reps: Home, tmp_path: Path) -> None:
    text = "Rep,win-rate\nAlex Kim,30\nalex kim,30\nALEX KIM,31\n"
    result = _run(reps, _file(tmp_path, "twice.csv", text))
    assert result.problems == [
        "twice.csv, line 4, column B (win-rate): Alex Kim's win-rate as of 2026-11-28 is 30 on "
        "an earlier line; this one is left out."
    ]
    assert _rows(result) == [("Alex Kim", "win-rate", 30, "2026-11-28")]


def test_strict_writes_nothing_when_a_row_is_bad(reps: Home, tmp_path: Path) -> None:
    path = _file(tmp_path, "sf.csv", SALESFORCE)
    result = _run(reps, path, strict=True)  # two unknown reps
    assert result.outcome == "strict" and len(result.values) == 4
    assert not metrics_dir(reps).exists() and not mapping_path(reps).exists()
    good = _file(tmp_path, "good.csv", "Rep,win-rate\nAlex Kim,30\n")
    assert _run(reps, good, strict=True).outcome == "written"


def test_a_dry_run_writes_nothing(reps: Home, tmp_path: Path) -> None:
    result = _run(reps, _file(tmp_path, "sf.csv", SALESFORCE), dry_run=True,
                  maps=("Region=win-rate",), as_of=date(2026, 11, 1))  # fmt: skip
    assert result.outcome == "dry-run" and result.kept is None
    assert {v.as_of for v in result.values} == {date(2026, 11, 1)}
    assert not (reps.root / "imports").exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"maps": ("Win Rate %=win-rat",)},
         "no framework has a metric 'win-rat'. Did you mean 'win-rate'?"),
        ({"maps": ("Win Rate %",)}, "is not COLUMN=metric"),
        ({"maps": ("Win Rte=win-rate",)},
         "sf.csv has no column 'Win Rte' (--map). Did you mean 'Win Rate %'?"),
        ({"rep_column": "Owner"}, "sf.csv has no column 'Owner' (--rep-column)."),
        ({"date_column": "Dat"}, "has no column 'Dat' (--date-column)"),
        ({"date_format": "yyyy"}, "does not say where the day, month and year are"),
        ({"maps": ("Region=win-rate", "Win Rate %=win-rate")}, "both map to 'win-rate'"),
    ],
)  # fmt: skip
def test_mistakes_in_the_options_stop_before_anything_is_read(
    reps: Home, tmp_path: Path, options: dict[str, object], message: str
) -> None:
    with pytest.raises(CoachError) as caught:
        _run(reps, _file(tmp_path, "sf.csv", SALESFORCE), **options)
    assert message in caught.value.message
    assert not (reps.root / "imports" / "metrics").exists()


def test_a_file_without_a_rep_or_metric_column_says_how_to_name_it(
    reps: Home, tmp_path: Path
) -> None:
    with pytest.raises(CoachError, match="no column names the rep") as caught:
        _run(reps, _file(tmp_path, "x.csv", "Seller,win-rate\nAlex Kim,3\n"))
    assert "--rep-column" in (caught.value.hint or "")
    with pytest.raises(CoachError, match="no column maps to a metric"):
        _run(reps, _file(tmp_path, "x.csv", "Rep,Quota\nAlex Kim,3\n"))
    with pytest.raises(CoachError, match=r"No file at"):
        _run(reps, tmp_path / "missing.csv")


@pytest.mark.parametrize(
    ("cell", "unit", "value"),
    [("28%", "%", 28), ("28 %", "%", 28), ("2.8×", "×", 2.8), ("2.8X", "×", 2.8),
     ("12 calls", "calls", 12), ("1,204", "calls", 1204), ("-5%", "%", -5), ("3.5", "points", 3.5)],
)  # fmt: skip
def test_values_checked_against_their_unit(cell: str, unit: str, value: float) -> None:
    assert check_value(cell, unit, ".") == value
