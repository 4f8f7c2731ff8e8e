"""`coach import metrics`: the transcripts a manager reads, and the files it writes."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from coachcli.home import Home
from coachcli.reps import add_rep

from .helpers import Run

EXPORT = (
    '"Opportunity Owner","Win Rate %","Pipeline Coverage","Region"\n'
    '"Alex Kim","28%","2.8x","West"\n'
    '"Dana Fox","n/a","3.1","East"\n'
    '"Priya Ramen","25%","1.9","South"\n'
)


def _export(tmp_path: Path, text: str = EXPORT) -> Path:
    path = tmp_path / "win-rates.csv"
    path.write_text(text, encoding="utf-8")
    noon = (date(2026, 11, 28) - date(1970, 1, 1)).days * 86400 + 43200
    os.utime(path, (noon, noon))
    return path


def _reps(home: Home) -> None:
    for name in ("Alex Kim", "Dana Fox", "Priya Raman"):
        add_rep(home, name)


def test_a_dry_run_shows_the_table_and_writes_nothing(
    coach: Run, coach_home: Home, tmp_path: Path
) -> None:
    _reps(coach_home)
    result = coach("import", "metrics", str(_export(tmp_path)), "--dry-run")
    assert [line.rstrip() for line in result.stdout.splitlines()] == [
        "Columns: Win Rate % → win-rate, Pipeline Coverage → pipeline-coverage.",
        "Not imported (no metric): Region.",
        "rep       metric             value  as of",
        "Alex Kim  pipeline-coverage    2.8  2026-11-28",
        "Alex Kim  win-rate              28  2026-11-28",
        "Dana Fox  pipeline-coverage    3.1  2026-11-28",
        "Dry run: 3 values for 2 reps would be recorded; nothing was written.",
    ]
    assert result.stderr.splitlines() == [
        "Warning: win-rates.csv, line 3, column B (Win Rate %): 'n/a' is not a number.",
        "Warning: win-rates.csv: no rep named 'Priya Ramen' (line 4); left out. Did you mean "
        "'Priya Raman'?",
        "Reps are never created by an import: add one with `coach rep add NAME`, or name them in "
        "the mapping's [reps].",
    ]
    assert not (coach_home.root / "imports").exists()


def test_an_import_then_the_same_again_says_nothing_new(
    coach: Run, coach_home: Home, tmp_path: Path
) -> None:
    _reps(coach_home)
    path = _export(tmp_path, EXPORT.replace('"n/a"', '"31%"').replace("Ramen", "Raman"))
    kept = coach_home.root / "imports" / "metrics" / "2026-11-28-win-rates.csv"
    first = coach("import", "metrics", str(path))
    assert first.stdout.splitlines()[-1] == f"Recorded 6 values for 3 reps in {kept}."
    before = kept.read_bytes()
    again = coach("import", "metrics", str(path))
    assert again.stdout.splitlines()[-1] == f"Nothing new: {kept} already holds these 6 values."
    assert kept.read_bytes() == before


def test_strict_exits_1_and_a_mistake_names_its_option(
    coach: Run, coach_home: Home, tmp_path: Path
) -> None:
    _reps(coach_home)
    path = _export(tmp_path)
    strict = coach("import", "metrics", str(path), "--strict", code=1)
    assert strict.stdout.splitlines()[-1] == (
        "Nothing was written (--strict): fix the rows above and import again."
    )
    assert not (coach_home.root / "imports").exists()
    wrong = coach("import", "metrics", str(path), "--map", "Win Rate %=winrate", code=1)
    assert wrong.stderr.splitlines()[0] == (
        "Error: --map 'Win Rate %=winrate': no framework has a metric 'winrate'. Did you mean "
        "'win-rate'?"
    )
    bad_day = coach("import", "metrics", str(path), "--date", "28.11.2026", code=1)
    assert "--date '28.11.2026' is not a date like 2026-11-28." in bad_day.stderr


def test_the_map_is_remembered(coach: Run, coach_home: Home, tmp_path: Path) -> None:
    _reps(coach_home)
    path = _export(tmp_path, "Seller;Quote\nAlex Kim;27,5%\n")
    result = coach("import", "metrics", str(path), "--rep-column", "Seller",
                   "--map", "Quote=win-rate")  # fmt: skip
    mapping = coach_home.root / "imports" / "mapping.toml"
    assert result.stdout.splitlines()[-1] == (
        f"The columns are remembered for the next export in {mapping}."
    )
    assert coach("import", "metrics", str(path)).stdout.splitlines()[-1].startswith("Nothing new")
