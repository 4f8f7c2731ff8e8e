"""`coach import pipeline` in the library: realistic deal exports, stages, mapping, reps, errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from coachcli.errors import CoachError
from coachcli.home import Home
from coachcli.import_mapping import MappingError, mapping_path
from coachcli.pipeline_import import PipelineRequest, PipelineResult, import_pipeline
from coachcli.pipeline_model import Deal
from coachcli.pipeline_store import all_snapshots, pipeline_dir, snapshots
from coachcli.reps import add_rep
from coachcli.stages import StageLibraryError

from .helpers import export_file

TODAY = date(2026, 12, 2)

SALESFORCE = (
    b'\xef\xbb\xbf"Opportunity Owner","Opportunity Name","Opportunity ID","Stage","Amount",'
    b'"Close Date","Next Step","Last Activity","Forecast Category","Account Name"\r\n'
    b'"Alex Kim","Acme, Inc. Renewal","0065g01","Proposal/Price Quote","$48,000.00",'
    b'"12/15/2026","Send MSA ""redlines""\nto legal","11/20/2026","Commit","Acme"\r\n'
    b'"Alex Kim","Globex pilot","0065g02","Needs Analysis","12,500","01/31/2027","","",'
    b'"Pipeline","Globex"\r\n'
    b'"jose nunez","Initech expansion","0065g03","Closed Won","30,000","11/25/2026","",'
    b'"11/25/2026","Closed","Initech"\r\n'
    b'"Priya Ramen","Umbrella","0065g04","Qualification","5,000","02/15/2027","Call CFO","",'
    b'"Best Case","Umbrella"\r\n'
)
HUBSPOT = (
    "Deal Name;Deal owner;Deal Stage;Amount;Close Date;Next Activity Date;Last Activity Date;"
    "Forecast category;Pipeline\n"
    "Hooli Cloud;Alex Kim;Discovery;1.234.567,50;28.02.2027;;03.12.2026;Most likely;Sales\n"
    "Stark **big** deal;Alex Kim;Negotiation;;15.01.2027;10.12.2026;;;Sales\n"
    "Wayne Corp;José Núñez;Closed lost;9.000;20.11.2026;;;Not forecasted;Sales\n"
)


@pytest.fixture
def reps(coach_home: Home) -> Home:
    for name in ("Alex Kim", "José Núñez", "Priya Raman"):
        add_rep(coach_home, name, today=TODAY)
    return coach_home


_file = export_file


def _run(home: Home, path: Path, **options: object) -> PipelineResult:
    return import_pipeline(home, PipelineRequest(path, **options), TODAY)  # type: ignore[arg-type]


SF_STAGES = ("Proposal/Price Quote=propose", "Needs Analysis=discover", "Qualification=qualify")


def test_a_salesforce_opportunity_report_with_a_bom_and_quoted_fields(
    reps: Home, tmp_path: Path
) -> None:
    path = _file(tmp_path, "opps 2026-11-28.csv", SALESFORCE)
    result = _run(reps, path, date_format="MM/DD/YYYY", stage_maps=SF_STAGES)
    assert result.columns == {
        "Opportunity Owner": "rep", "Opportunity Name": "deal", "Opportunity ID": "deal-id",
        "Stage": "stage", "Amount": "amount", "Close Date": "close-date",
        "Next Step": "next-step", "Last Activity": "last-activity",
        "Forecast Category": "forecast",
    }  # fmt: skip
    assert result.ignored == ["Account Name"]
    assert [(u.name, u.lines, u.maybe) for u in result.unknown_reps] == [
        ("Priya Ramen", [6], "Priya Raman")  # line 2's next step spans two lines
    ]
    assert result.problems == [] and result.unmapped_stages == []
    assert result.outcome == "written" and result.as_of == date(2026, 11, 28)  # the file's day
    alex, jose = result.snapshots
    assert alex.deals == (
        Deal("0065g01", "Acme, Inc. Renewal", "Proposal/Price Quote", "propose", "open", 48000,
             date(2026, 12, 15), 'Send MSA "redlines"\nto legal', None, date(2026, 11, 20),
             "commit"),
        Deal("0065g02", "Globex pilot", "Needs Analysis", "discover", "open", 12500,
             date(2027, 1, 31), forecast="pipeline"),
    )  # fmt: skip
    assert (jose.rep, jose.deals[0].stage_id, jose.deals[0].status) == ("José Núñez", "won", "won")
    assert jose.deals[0].forecast == "commit"  # Salesforce's "Closed" counts in the commit
    assert snapshots(reps, "alex-kim") == ([alex], [])
    assert not (pipeline_dir(reps) / "priya-raman").exists()


def test_a_hubspot_export_with_semicolons_eu_numbers_and_dates(reps: Home, tmp_path: Path) -> None:
    path = _file(tmp_path, "hubspot-deals.csv", HUBSPOT)
    result = _run(reps, path, date_format="dd.mm.yyyy", as_of=date(2026, 12, 1))
    assert result.ignored == ["Pipeline"] and result.problems == []
    assert [(s.name, s.maybe) for s in result.unmapped_stages] == []
    alex, jose = result.snapshots
    assert alex.deals == (
        Deal("hooli-cloud", "Hooli Cloud", "Discovery", "discover", "open", 1234567.5,
             date(2027, 2, 28), last_activity=date(2026, 12, 3), forecast="best-case"),
        Deal("stark-big-deal", "Stark **big** deal", "Negotiation", "negotiate", "open", 0,
             date(2027, 1, 15), next_step_date=date(2026, 12, 10)),  # an empty amount is 0
    )  # fmt: skip
    assert jose.deals[0].status == "lost"  # "Closed lost" is the library's name: mapped itself
    assert jose.deals[0].forecast == "omitted" and jose.as_of == date(2026, 12, 1)


def test_the_mapping_is_kept_and_the_next_export_needs_no_options(
    reps: Home, tmp_path: Path
) -> None:
    renamed = SALESFORCE.replace(b'"Opportunity Name"', b'"Deal"').replace(b'"Stage"', b'"Phase"')
    first = _file(tmp_path, "opps-2026-11-28.csv", renamed)
    options = {"maps": ("Deal=deal", "Phase=stage"), "stage_maps": SF_STAGES}
    result = _run(reps, first, date_format="MM/DD/YYYY", **options)
    assert result.mapping_saved == mapping_path(reps)
    kept = mapping_path(reps).read_text()
    assert '"Needs Analysis" = "discover"' in kept and 'date_format = "MM/DD/YYYY"' in kept
    assert '[files."opps-*.csv"]' in kept and 'Phase = "stage"' in kept
    second = _file(tmp_path, "opps-2026-12-05.csv", renamed, day="2026-12-05")
    again = _run(reps, second)
    assert again.problems == [] and again.unmapped_stages == []
    assert [len(s.deals) for s in again.snapshots] == [2, 1] and again.mapping_saved is None
    assert [s.as_of for s in snapshots(reps, "alex-kim")[0]] == [date(2026, 11, 28),
                                                                  date(2026, 12, 5)]  # fmt: skip


def test_importing_the_same_file_again_changes_nothing(reps: Home, tmp_path: Path) -> None:
    path = _file(tmp_path, "opps.csv", SALESFORCE)
    _run(reps, path, date_format="MM/DD/YYYY", stage_maps=SF_STAGES)
    files = sorted(pipeline_dir(reps).rglob("*.csv"))
    stamps = [p.stat().st_mtime_ns for p in files]
    mapping = mapping_path(reps).read_text()
    again = import_pipeline(reps, PipelineRequest(path), date(2026, 12, 9))
    assert again.outcome == "unchanged" and again.changed == [] and again.kept == files
    assert [p.stat().st_mtime_ns for p in files] == stamps
    assert mapping_path(reps).read_text() == mapping


def test_a_second_export_of_the_day_replaces_its_reps_snapshots_only(
    reps: Home, tmp_path: Path
) -> None:
    _run(reps, _file(tmp_path, "opps.csv", SALESFORCE), date_format="MM/DD/YYYY",
         stage_maps=SF_STAGES)  # fmt: skip
    corrected = (
        "Opportunity Owner,Opportunity Name,Stage,Amount,Close Date\n"
        "Alex Kim,Acme Renewal,Negotiation/Review,50000,2026-12-20\n"
    )
    result = _run(reps, _file(tmp_path, "fix.csv", corrected))
    assert [(u.name, u.maybe) for u in result.unmapped_stages] == [
        ("Negotiation/Review", "negotiate")  # the stage whose name it holds
    ]
    kept, _ = all_snapshots(reps)
    assert [d.name for d in kept["alex-kim"][0].deals] == ["Acme Renewal"]
    assert kept["alex-kim"][0].deals[0].stage_id == ""  # kept, without a stage id
    assert [d.name for d in kept["jose-nunez"][0].deals] == ["Initech expansion"]  # untouched


def test_every_bad_cell_is_named_and_the_good_rows_kept(reps: Home, tmp_path: Path) -> None:
    text = (
        "Owner,Deal Name,Deal ID,Stage,Amount,Close Date,Forecast,Next step date\n"
        "Alex Kim,Good,1,Discovery,100,2026-12-01,Commit,\n"  # line 2
        "Alex Kim,Bad amount,2,Discovery,lots,2026-12-01,,\n"
        "Alex Kim,Negative,3,Discovery,-5,2026-12-01,,\n"
        "Alex Kim,Bad date,4,Discovery,100,12/01/2026,,2026-13-01\n"
        "Alex Kim,Bad forecast,5,Discovery,100,,Sure thing,\n"
        ",Nobody's,6,Discovery,100,,,\n"
        "Alex Kim,,7,Discovery,100,,,\n"
        "Alex Kim,Too many,8,Discovery,100,,,,extra\n"
        "Alex Kim,Good again,1,Discovery,200,,,\n"  # the same deal id as line 2
        "Alex Kim,Odd stage,9,Closed Lost - No Budget,100,,,\n"
    )
    result = _run(reps, _file(tmp_path, "deals.csv", text))
    assert result.problems == [
        "deals.csv, line 3, column E (Amount): 'lots' is not a number; the row is left out.",
        "deals.csv, line 4, column E (Amount): '-5' is below 0 (a deal's amount cannot be "
        "negative); the row is left out.",
        "deals.csv, line 5, column F (Close Date): '12/01/2026' — it is not a date like "
        "2026-11-28 (give --date-format for others); left empty.",
        "deals.csv, line 5, column H (Next step date): '2026-13-01' — there is no such day; "
        "left empty.",
        "deals.csv, line 6, column G (Forecast): 'Sure thing' is not a forecast category "
        "(commit, best case, pipeline, omitted); left empty.",
        "deals.csv, line 7, column A (Owner): no rep; the row is left out.",
        "deals.csv, line 8, column B (Deal Name): no deal name; the row is left out.",
        "deals.csv, line 9: 9 cells but the header has 8; the row is left out.",
        "deals.csv, line 10, column C (Deal ID): Alex Kim's deal '1' is on an earlier line too; "
        "this one is left out.",
    ]
    deals = {d.name: d for d in result.snapshots[0].deals}
    assert list(deals) == ["Good", "Bad date", "Bad forecast", "Odd stage"]
    assert deals["Bad date"].close_date is None and deals["Bad forecast"].forecast == ""
    assert (deals["Odd stage"].stage_id, deals["Odd stage"].status) == ("", "lost")
    assert [(u.name, u.lines) for u in result.unmapped_stages] == [
        ("Closed Lost - No Budget", [11])
    ]
    assert result.outcome == "written"


def test_strict_writes_nothing_and_dry_run_writes_nothing(reps: Home, tmp_path: Path) -> None:
    path = _file(tmp_path, "opps.csv", SALESFORCE)
    strict = _run(reps, path, date_format="MM/DD/YYYY", strict=True)
    assert strict.outcome == "strict" and strict.unmapped_stages  # Needs Analysis…
    dry = _run(reps, path, date_format="MM/DD/YYYY", stage_maps=SF_STAGES, dry_run=True)
    assert dry.outcome == "dry-run" and len(dry.snapshots) == 2
    assert not pipeline_dir(reps).exists() and not mapping_path(reps).exists()


def test_a_rep_named_by_a_crm_id_in_the_mapping(reps: Home, tmp_path: Path) -> None:
    mapping_path(reps).parent.mkdir(parents=True, exist_ok=True)
    mapping_path(reps).write_text(
        '[reps]\n"005Dn01" = "Priya Raman"\n[forecast]\nUpside = "best-case"\n'
    )
    text = "Owner ID,Name,Stage,Amount,Forecast\n005Dn01,Umbrella,Proposal,5000,Upside\n"
    result = _run(reps, _file(tmp_path, "d.csv", text), maps=("Owner ID=rep",))
    assert result.columns["Name"] == "deal"  # in a deal export, "Name" is the deal's
    assert result.snapshots[0].rep == "Priya Raman"
    assert result.snapshots[0].deals[0].forecast == "best-case"


@pytest.mark.parametrize(
    ("options", "text", "message"),
    [
        (
            {"maps": ("Deal=dael",)},
            "",
            "--map 'Deal=dael': 'dael' is not a column of a deal export. Did you mean 'deal'?",
        ),
        ({"maps": ("Deal",)}, "", "--map 'Deal' is not COLUMN=role."),
        (
            {"maps": ("Deal Nam=deal",)},
            "",
            "deals.csv has no column 'Deal Nam' (--map). Did you mean 'Deal Name'?",
        ),
        (
            {"stage_maps": ("Needs Analysis=discovery",)},
            "",
            "--stage 'Needs Analysis=discovery'"
            ": the stage library has no stage 'discovery'. Did you mean 'discover'?",
        ),
        ({"stage_maps": ("=discover",)}, "", "is not CRM-STAGE=stage-id"),
        (
            {},
            "Owner,Deal Name,Amount\nAlex Kim,A,1\n",
            "deals.csv: no column holds the stage of each deal.",
        ),
        ({"date_format": "yyyy"}, "", "does not say where the day, month and year are"),
        ({}, "", "deals.csv is empty"),
    ],
)
def test_mistakes_in_the_options_or_the_file_stop_the_import(
    reps: Home, tmp_path: Path, options: dict[str, object], text: str, message: str
) -> None:
    default = "Owner,Deal Name,Stage,Amount\nAlex Kim,A,Discovery,1\n"
    body = text or (default if options else "")  # no options: an empty file
    path = _file(tmp_path, "deals.csv", body)
    with pytest.raises(CoachError) as error:
        _run(reps, path, **options)
    assert message in error.value.message
    assert not pipeline_dir(reps).exists()


def test_a_mapping_naming_an_unknown_stage_is_located(reps: Home, tmp_path: Path) -> None:
    mapping_path(reps).parent.mkdir(parents=True, exist_ok=True)
    mapping_path(reps).write_text('[stages]\n"Needs Analysis" = "discover"\nDemo = "dmeo"\n')
    path = _file(tmp_path, "deals.csv", "Owner,Deal Name,Stage,Amount\nAlex Kim,A,Demo,1\n")
    with pytest.raises(MappingError) as error:
        _run(reps, path)
    problem = error.value.problems[0]
    assert (problem.line, problem.key) == (3, "stages.Demo")
    assert problem.message == "the stage library has no stage 'dmeo'."


def test_a_broken_stage_library_stops_the_import(reps: Home, tmp_path: Path) -> None:
    library = reps.frameworks_dir / "stages" / "library.toml"
    library.parent.mkdir(parents=True)
    library.write_text("schema = 1\n[[stages]]\nid = 'a'\n")
    path = _file(tmp_path, "deals.csv", "Owner,Deal Name,Stage,Amount\nAlex Kim,A,Demo,1\n")
    with pytest.raises(StageLibraryError) as error:
        _run(reps, path)
    assert "library.toml is not a valid stage library" in error.value.message
    assert error.value.problems[0].key == "stages[0].name"  # the first missing key
