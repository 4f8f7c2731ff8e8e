"""`<home>/imports/mapping.toml` kept after an import: what the import adds is written in, and
what the manager wrote by hand (comments, blank lines, layout) stays byte for byte."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any, get_args

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachcli.home import Home
from coachcli.import_mapping import (
    DEAL_ROLES,
    FileRule,
    Mapping,
    load_mapping,
    mapping_path,
    pattern_for,
    remember,
)
from coachcli.metric_import import ImportRequest, import_metrics
from coachcli.pipeline_model import Forecast
from coachcli.reps import add_rep

from .helpers import export_file

TODAY = date(2026, 12, 2)

HAND = """\
# Our CRM exports. Dana keeps this file; ask before changing the [reps].

[columns]                        # any export
"Win Rate %" = "win-rate"

[reps]                           # a CRM's user id or email -> the rep's name
"005Dn000001" = "Alex Kim"
# "005Dn000002" = "Gone Rep"     (left in March)

# The German export, every Friday.
[files."abschluss-*.csv"]
rep_column = "Vertriebler"
date_column = "Datum"
date_format = "dd.mm.yyyy"
columns = { "Abschlussquote" = "win-rate" }  # Termine: from January
"""

EU = "Vertriebler;Datum;Abschlussquote;Termine\nAlex Kim;28.11.2026;27,5%;12\n"


def test_an_import_keeps_the_comments_and_blank_lines_of_a_hand_written_mapping(
    coach_home: Home, tmp_path: Path
) -> None:
    add_rep(coach_home, "Alex Kim", today=TODAY)
    path = mapping_path(coach_home)
    path.parent.mkdir(parents=True)
    path.write_bytes(HAND.encode())
    export = export_file(tmp_path, "abschluss-2026-11-28.csv", EU)
    request = ImportRequest(export, maps=("Termine=meetings-booked",))
    result = import_metrics(coach_home, request, TODAY)
    assert result.outcome == "written" and result.mapping_saved == path
    assert path.read_bytes().decode() == HAND.replace(
        '{ "Abschlussquote" = "win-rate" }',
        '{ "Abschlussquote" = "win-rate", Termine = "meetings-booked" }',
    )
    again = import_metrics(coach_home, ImportRequest(export), TODAY)
    assert again.columns == {"Abschlussquote": "win-rate", "Termine": "meetings-booked"}
    assert again.mapping_saved is None


def test_a_new_report_and_new_stage_names_are_added_below_what_was_there(
    coach_home: Home,
) -> None:
    path = mapping_path(coach_home)
    path.parent.mkdir(parents=True)
    path.write_bytes(HAND.replace("\n", "\r\n").encode("utf-8-sig"))  # Notepad's way
    mapping = load_mapping(coach_home, None)
    saved = remember(coach_home, mapping, "win-rates-2026-11-28.csv", {"Win": "win-rate"},
                     "Owner", None, None, stages={"Needs Analysis": "discover"})  # fmt: skip
    assert saved == path
    text = path.read_bytes()
    original = HAND.replace("\n", "\r\n").encode("utf-8-sig")
    assert text.startswith(original)
    assert text[len(original) :].decode() == (
        '\r\n[files."win-rates-*.csv"]\r\nrep_column = "Owner"\r\n'
        '\r\n[files."win-rates-*.csv".columns]\r\nWin = "win-rate"\r\n'
        '\r\n[stages]\r\n"Needs Analysis" = "discover"\r\n'
    )
    assert load_mapping(coach_home, None).rule_for("win-rates-2026-12-05.csv")[1] == FileRule(
        columns={"Win": "win-rate"}, rep_column="Owner"
    )


def test_a_layout_that_cannot_be_kept_is_written_whole(coach_home: Home) -> None:
    """Dotted keys make a table coach cannot add a line to: the file is written again whole
    (as before), holding everything it held."""
    path = mapping_path(coach_home)
    path.parent.mkdir(parents=True)
    path.write_text('# dotted\n[files]\n"a-*.csv".rep_column = "Owner"\n')
    mapping = load_mapping(coach_home, None)
    remember(coach_home, mapping, "a-1.csv", {}, None, "Day", None)
    text = path.read_text()
    assert text.startswith("# How CRM exports' columns map")
    assert load_mapping(coach_home, None).files == {
        "a-*.csv": FileRule(rep_column="Owner", date_column="Day")
    }


def test_a_first_save_writes_the_mapping_under_a_comment(coach_home: Home) -> None:
    remember(coach_home, Mapping(), "x.csv", {"A": "win-rate"}, None, None, None)
    text = mapping_path(coach_home).read_text()
    assert text.startswith("# How CRM exports' columns map")
    assert '[files."x.csv".columns]\nA = "win-rate"\n' in text


# ----------------------------------------------------------------------- save, then load

NAMES = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Zl", "Zp"), exclude_characters="\x85"),
    min_size=1,
    max_size=10,
) | st.sampled_from(["Win Rate %", "a.b", "it's", 'say "hi"', "# no", "[x]", "=", "Termine"])
FILES = st.sampled_from(["abschluss-2026-11-28.csv", "win rates 3.csv", "x.csv", "Report.csv"])
ROLES = st.sampled_from(DEAL_ROLES)
FORECASTS = st.sampled_from([f for f in get_args(Forecast) if f])
MAYBE = st.none() | NAMES


@st.composite
def mappings(draw: st.DrawFn) -> Mapping:
    names = draw(st.lists(FILES, unique=True, max_size=2))
    return Mapping(
        columns=draw(st.dictionaries(NAMES, NAMES, max_size=3)),
        reps=draw(st.dictionaries(NAMES, NAMES, max_size=3)),
        stages=draw(st.dictionaries(NAMES, NAMES, max_size=3)),
        forecast=draw(st.dictionaries(NAMES, FORECASTS, max_size=2)),
        files={
            pattern_for(name): FileRule(
                columns=draw(st.dictionaries(NAMES, NAMES, max_size=3)),
                rep_column=draw(MAYBE),
                date_column=draw(MAYBE),
                date_format=draw(MAYBE),
                deal_columns=draw(st.dictionaries(NAMES, ROLES, max_size=2)),
            )
            for name in names
        },
    )


def _as_a_person_keeps_it(mapping: Mapping) -> str:
    """The mapping as coach wrote it before, with a person's comments and blank lines in it."""
    text = tomli_w.dumps(mapping.model_dump(exclude_none=True, exclude_defaults=True))
    lines = ["# kept by hand", ""]
    for line in text.split("\n"):
        if line.startswith("["):
            lines += ["", f"# about {line}"]
        lines.append(line + ("  # checked" if line.startswith("[") else ""))
    return "\n".join(lines)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    mappings(), FILES, st.dictionaries(NAMES, NAMES, max_size=3), MAYBE, MAYBE, MAYBE,
    st.dictionaries(NAMES, ROLES, max_size=2), st.dictionaries(NAMES, NAMES, max_size=2),
)  # fmt: skip
def test_saving_then_loading_gives_the_mapping_back(
    coach_home: Home, mapping: Mapping, file_name: str, columns: dict[str, str],
    rep_column: str | None, date_column: str | None, date_format: str | None,
    deal_columns: dict[str, Any], stages: dict[str, str],
) -> None:  # fmt: skip
    path = mapping_path(coach_home)
    path.parent.mkdir(parents=True, exist_ok=True)
    before = _as_a_person_keeps_it(mapping)
    path.write_text(before, encoding="utf-8")
    assert load_mapping(coach_home, None) == mapping
    remember(coach_home, mapping, file_name, columns, rep_column, date_column, date_format,
             deal_columns, stages)  # fmt: skip

    pattern, rule = mapping.rule_for(file_name)
    merged = FileRule(
        columns={**rule.columns, **columns},
        rep_column=rep_column or rule.rep_column,
        date_column=date_column or rule.date_column,
        date_format=date_format or rule.date_format,
        deal_columns={**rule.deal_columns, **deal_columns},
    )
    files = {**mapping.files}
    if merged != rule:
        files[pattern or pattern_for(file_name)] = merged
    expected = mapping.model_copy(update={"files": files, "stages": {**mapping.stages, **stages}})
    assert load_mapping(coach_home, None) == expected
    after = path.read_text(encoding="utf-8")
    whole = tomli_w.dumps(expected.model_dump(exclude_none=True, exclude_defaults=True))
    assert Mapping.model_validate(tomllib.loads(after)) == Mapping.model_validate(
        tomllib.loads(whole)
    )  # the same data as the whole file written again would hold
    comments = [line for line in before.split("\n") if line.startswith("#")]
    assert [line for line in after.split("\n") if line.startswith("#")] == comments
