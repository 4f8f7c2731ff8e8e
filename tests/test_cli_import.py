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


DEALS = (
    "Opportunity Owner,Opportunity Name,Stage,Amount,Close Date,Next Step,Forecast Category\n"
    'Alex Kim,"Acme, Inc.",Needs Analysis,"48,000",2026-12-15,Send MSA,Commit\n'
    "Alex Kim,Globex,Proposal,12500,2027-01-31,,Pipeline\n"
    "Priya Ramen,Umbrella,Proposal,5000,2027-02-15,,Best Case\n"
)


def _deals(tmp_path: Path) -> Path:
    path = tmp_path / "opps.csv"
    path.write_text(DEALS, encoding="utf-8")
    noon = (date(2026, 11, 28) - date(1970, 1, 1)).days * 86400 + 43200
    os.utime(path, (noon, noon))
    return path


def test_pipeline_dry_run_shows_the_deals_and_the_unmapped_stage(
    coach: Run, coach_home: Home, tmp_path: Path
) -> None:
    _reps(coach_home)
    result = coach("import", "pipeline", str(_deals(tmp_path)), "--dry-run")
    assert [line.rstrip() for line in result.stdout.splitlines()] == [
        "Columns: Opportunity Owner → rep, Opportunity Name → deal, Stage → stage, Amount → "
        "amount, Close Date → close-date, Next Step → next-step, Forecast Category → forecast.",
        "rep       deal        stage               amount  close       forecast",
        "Alex Kim  Acme, Inc.  Needs Analysis → ?   48000  2026-12-15  commit",
        "Alex Kim  Globex      Proposal → propose   12500  2027-01-31  pipeline",
        "Dry run: 2 deals for 1 rep as of 2026-11-28 would be kept; nothing was written.",
    ]
    assert result.stderr.splitlines() == [
        "Warning: opps.csv: no rep named 'Priya Ramen' (line 4); left out. Did you mean "
        "'Priya Raman'?",
        "Reps are never created by an import: add one with `coach rep add NAME`, or name them in "
        "the mapping's [reps].",
        "Warning: opps.csv: the stage 'Needs Analysis' (line 2) maps to no stage id; its deals "
        "are kept without one.",
        'Map a stage with --stage "Needs Analysis=STAGE-ID" (kept).',
    ]
    assert not (coach_home.root / "imports").exists()


def test_pipeline_import_keeps_files_remembers_stages_and_says_nothing_new(
    coach: Run, coach_home: Home, tmp_path: Path
) -> None:
    _reps(coach_home)
    path = _deals(tmp_path)
    kept = coach_home.root / "imports" / "pipeline"
    result = coach("import", "pipeline", str(path), "--stage", "Needs Analysis=discover")
    assert result.stdout.splitlines()[-2:] == [
        f"Kept 2 deals for 1 rep as of 2026-11-28 in {kept} (1 written).",
        "The columns and stages are remembered for the next export in "
        f"{coach_home.root / 'imports' / 'mapping.toml'}.",
    ]
    assert sorted(p.relative_to(kept).as_posix() for p in kept.rglob("*.csv")) == [
        "alex-kim/2026-11-28.csv"
    ]
    again = coach("import", "pipeline", str(path))
    assert again.stdout.splitlines()[-1] == (
        "Nothing new: the snapshots as of 2026-11-28 already hold these 2 deals for 1 rep."
    )
    assert "maps to no stage id" not in again.stderr


def test_pipeline_strict_exits_1_and_a_bad_stage_option_is_named(
    coach: Run, coach_home: Home, tmp_path: Path
) -> None:
    _reps(coach_home)
    path = _deals(tmp_path)
    strict = coach("import", "pipeline", str(path), "--strict", code=1)
    assert strict.stdout.splitlines()[-1] == (
        "Nothing was written (--strict): fix the rows above and import again."
    )
    wrong = coach("import", "pipeline", str(path), "--stage", "Needs Analysis=disco", code=1)
    assert "the stage library has no stage 'disco'. Did you mean 'discover'?" in wrong.stderr
    assert not (coach_home.root / "imports").exists()
