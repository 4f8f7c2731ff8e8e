"""Pipeline snapshots kept as plain files: the pinned format, the round trip, hand edits."""

from __future__ import annotations

import stat
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachcli.home import Home
from coachcli.pipeline_model import FORECASTS, STATUSES, Deal, Snapshot
from coachcli.pipeline_store import (
    all_snapshots,
    keep,
    pipeline_dir,
    snapshot_path,
    snapshots,
    to_csv,
)

TODAY = date(2026, 12, 2)
HEADER = (
    "deal_id,deal,stage,stage_id,status,amount,close_date,next_step,next_step_date,"
    "last_activity,forecast,rep,source,imported_on"
)
ACME = Deal("006A", "Acme, Inc. renewal", "Proposal", "propose", "open", 48000.5,
            date(2026, 12, 15), 'Send "redlines"', date(2026, 12, 3), date(2026, 11, 20),
            "commit")  # fmt: skip
GLOBEX = Deal("globex-pilot", "Globex pilot", "Discovery", "discover", "open", 0, None)


def _snapshot(*deals: Deal, day: date = date(2026, 11, 28)) -> Snapshot:
    return Snapshot("alex-kim", "Alex Kim", day, "opps.csv", deals)


def test_the_file_is_in_the_pinned_form(coach_home: Home) -> None:
    path, changed = keep(coach_home, _snapshot(ACME, GLOBEX), TODAY)
    assert changed and path == pipeline_dir(coach_home) / "alex-kim" / "2026-11-28.csv"
    assert path.read_bytes().decode("utf-8").splitlines() == [
        HEADER,
        '006A,"Acme, Inc. renewal",Proposal,propose,open,48000.5,2026-12-15,"Send ""redlines""",'
        "2026-12-03,2026-11-20,commit,Alex Kim,opps.csv,2026-12-02",
        "globex-pilot,Globex pilot,Discovery,discover,open,0,,,,,,Alex Kim,opps.csv,2026-12-02",
    ]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert snapshots(coach_home, "alex-kim") == ([_snapshot(ACME, GLOBEX)], [])


def test_the_same_deals_again_are_not_rewritten_a_changed_day_replaces(coach_home: Home) -> None:
    path, _ = keep(coach_home, _snapshot(ACME, GLOBEX), TODAY)
    before = path.stat().st_mtime_ns
    assert keep(coach_home, _snapshot(GLOBEX, ACME), date(2026, 12, 9)) == (path, False)
    assert path.stat().st_mtime_ns == before and "2026-12-02" in path.read_text()
    moved = Deal(**{**vars(GLOBEX), "close_date": date(2027, 1, 31)})
    assert keep(coach_home, _snapshot(ACME, moved), TODAY) == (path, True)
    assert snapshots(coach_home, "alex-kim")[0][0].deals == (ACME, moved)


def test_snapshots_are_oldest_first_and_deleting_a_file_removes_one(coach_home: Home) -> None:
    for day in (date(2026, 11, 28), date(2026, 11, 14), date(2026, 11, 21)):
        keep(coach_home, _snapshot(ACME, day=day), TODAY)
    kept, warnings = snapshots(coach_home, "alex-kim")
    assert [s.as_of.day for s in kept] == [14, 21, 28] and warnings == []
    snapshot_path(coach_home, "alex-kim", date(2026, 11, 21)).unlink()
    assert [s.as_of.day for s in snapshots(coach_home, "alex-kim")[0]] == [14, 28]
    assert snapshots(coach_home, "nobody") == ([], [])
    everyone, _ = all_snapshots(coach_home)
    assert list(everyone) == ["alex-kim"]


def test_a_hand_edited_file_is_read_tolerantly_and_broken_rows_named(coach_home: Home) -> None:
    path, _ = keep(coach_home, _snapshot(ACME), TODAY)
    folder = path.parent
    (folder / "2026-11-21.csv").write_bytes(
        "\ufeffdeal;amount;status;stage;close_date;forecast;Notes\n"  # BOM, semicolons, order
        "Initech;12.500,5;Open;Proposal;2026-12-01;Best Case;mine\n"
        "Broken date;100;open;Proposal;12/01/2026;;\n"
        "Bad status;100;maybe;Proposal;;;\n"
        "Bad amount;lots;open;Proposal;;;\n"
        ";100;open;Proposal;;;\n"
        "Bad forecast;100;open;Proposal;;sure thing;\n".encode()
    )
    (folder / "notes.csv").write_text("anything\n")
    (folder / "2026-11-14.csv").write_text("deal,stage\nAcme,Proposal\n")
    kept, warnings = snapshots(coach_home, "alex-kim")
    initech = kept[0].deals
    assert [s.as_of.isoformat() for s in kept] == ["2026-11-21", "2026-11-28"]
    assert initech == (Deal("initech", "Initech", "Proposal", "", "open", 12500.5,
                            date(2026, 12, 1), forecast="best-case"),)  # fmt: skip
    assert kept[0].rep == "alex-kim" and kept[0].source == ""
    name = str(folder / "2026-11-21.csv")
    assert warnings == [
        f"{folder / '2026-11-14.csv'}, line 1: no column status, amount; it is left out.",
        f"{name}, line 3: close_date '12/01/2026' is not a date like 2026-11-28; "
        "the deal is left out.",
        f"{name}, line 4: status 'maybe' is not one of open, won, lost; the deal is left out.",
        f"{name}, line 5: amount 'lots' is not a number; the deal is left out.",
        f"{name}, line 6: deal is empty; the deal is left out.",
        f"{name}, line 7: forecast 'sure thing' is not one of commit, best-case, pipeline, "
        "omitted; the deal is left out.",
        f"{folder / 'notes.csv'}: not a snapshot's name (YYYY-MM-DD.csv); it is left out.",
    ]


def test_a_file_that_is_not_text_is_a_warning(coach_home: Home) -> None:
    path, _ = keep(coach_home, _snapshot(ACME), TODAY)
    (path.parent / "2026-11-21.csv").write_bytes(b"\xff\xfe\x00\xd8")
    kept, warnings = snapshots(coach_home, "alex-kim")
    assert len(kept) == 1 and len(warnings) == 1 and "2026-11-21.csv" in warnings[0]


# Text as the importer keeps it: no leading or trailing spaces (cells are stripped), no NUL.
TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=40
).map(str.strip)
DAYS = st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2099, 12, 31)))
DEALS = st.builds(
    Deal,
    deal_id=TEXT.filter(bool),
    name=TEXT.filter(bool),
    stage=TEXT,
    stage_id=st.sampled_from(["", "discover", "propose"]),
    status=st.sampled_from(STATUSES),
    amount=st.floats(0, 1e12, allow_nan=False) | st.integers(0, 10**9).map(float),
    close_date=DAYS,
    next_step=TEXT | st.sampled_from(["Send *the* MSA, then:\n- [ ] call", 'He said "yes", ok']),
    next_step_date=DAYS,
    last_activity=DAYS,
    forecast=st.sampled_from(FORECASTS),
)


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(deals=st.lists(DEALS, max_size=5, unique_by=lambda d: d.deal_id), rep=TEXT.filter(bool))
def test_every_deal_comes_back_as_it_was_kept(deals: list[Deal], rep: str) -> None:
    coach_home = Home(Path(tempfile.mkdtemp()))
    snapshot = Snapshot("alex-kim", rep, date(2026, 11, 28), 'crm, "export".csv', tuple(deals))
    path, _ = keep(coach_home, snapshot, TODAY)
    kept, warnings = snapshots(coach_home, "alex-kim")
    assert warnings == []
    assert kept[0].deals == snapshot.deals
    if deals:
        assert (kept[0].rep, kept[0].source) == (rep, snapshot.source)
    assert path.read_bytes().decode("utf-8") == to_csv(snapshot, TODAY)
    assert keep(coach_home, snapshot, TODAY)[1] is False


def test_a_renamed_rep_keeps_their_snapshots_and_imported_values(coach_home: Home) -> None:
    """`coach rep rename` moves what the CRM's exports kept under the rep's folder name."""
    from datetime import date as day

    from coachcli.imports import MetricValue, metric_values
    from coachcli.imports import keep as keep_values
    from coachcli.pipeline_store import snapshots as read
    from coachcli.reps import add_rep, rename_rep

    from .helpers import write_snapshot

    add_rep(coach_home, "Alex Kim", today=day(2026, 11, 1))
    add_rep(coach_home, "Dana Fox", today=day(2026, 11, 1))
    write_snapshot(coach_home, "alex-kim", "2026-11-28", [{"deal_id": "1", "deal": "Acme"}])
    keep_values(coach_home, "crm.csv", [
        MetricValue("alex-kim", "win-rate", day(2026, 11, 28), 28, "Alex Kim", "crm.csv"),
        MetricValue("dana-fox", "win-rate", day(2026, 11, 28), 31, "Dana Fox", "crm.csv"),
    ], day(2026, 11, 30))  # fmt: skip
    renamed = rename_rep(coach_home, "Alex Kim", "Alex Kim-Lee")
    assert renamed.slug == "alex-kim-lee"
    kept, warnings = read(coach_home, "alex-kim-lee")
    assert warnings == [] and [d.name for d in kept[0].deals] == ["Acme"]
    assert read(coach_home, "alex-kim") == ([], [])
    values = {(v.rep_slug, v.value) for v in metric_values(coach_home).values}
    assert values == {("alex-kim-lee", 28), ("dana-fox", 31)}
    # renamed back, onto a folder that already has a snapshot of that day: nothing overwritten
    write_snapshot(coach_home, "alex-kim", "2026-11-28", [{"deal_id": "2", "deal": "Other"}])
    rename_rep(coach_home, "Alex Kim-Lee", "Alex Kim")
    kept, _ = read(coach_home, "alex-kim")
    assert [d.name for d in kept[0].deals] == ["Other"]
    assert (coach_home.root / "imports" / "pipeline" / "alex-kim-lee" / "2026-11-28.csv").exists()
