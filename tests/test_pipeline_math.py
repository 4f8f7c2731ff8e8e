"""The pipeline arithmetic on a known sequence of snapshots, computed by hand, and its properties.

The sequence is tests/helpers.py's five weekly snapshots (2026-12-07 .. 2027-01-11), written as
`coach import pipeline` keeps them and read back through pipeline_store. Quota 200,000.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachcli import pipeline_forecast as pf
from coachcli import pipeline_math as pm
from coachcli.home import Home
from coachcli.pipeline_model import Deal, Snapshot
from coachcli.pipeline_store import snapshots as read_snapshots

from .helpers import write_pipeline_weeks, write_snapshot

D = date.fromisoformat
TODAY = D("2027-01-11")


@pytest.fixture
def home(coach_home: Home) -> Home:
    return coach_home


@pytest.fixture
def weeks(home: Home) -> list[Snapshot]:
    write_pipeline_weeks(home)
    found, warnings = read_snapshots(home, "alex-kim")
    assert warnings == []
    assert [s.as_of for s in found] == [D(d) for d in ("2026-12-07", "2026-12-14", "2026-12-21",
                                                       "2027-01-04", "2027-01-11")]  # fmt: skip
    return found


def test_quarters_and_their_weeks() -> None:
    q4 = pm.quarter_of(D("2026-12-07"))
    assert (q4.label, q4.start, q4.end) == ("2026 Q4", D("2026-10-01"), D("2026-12-31"))
    assert pm.quarter_of(D("2027-01-01")).label == "2027 Q1"
    assert pm.quarter_of(D("2024-02-29")).end == D("2024-03-31")
    assert pm.quarter_of(D("2026-05-01")).end == D("2026-06-30")
    assert [q4.week(D(d)) for d in ("2026-10-01", "2026-10-07", "2026-10-08", "2026-12-07")] == [
        1, 1, 2, 10,
    ]  # fmt: skip


def test_the_latest_numbers(weeks: list[Snapshot]) -> None:
    n = pm.numbers(weeks, 200000.0)
    assert n.quarter.label == "2027 Q1"
    assert n.open_deals == 3  # Acme, Umbrella, Stark
    assert n.open_pipeline == Decimal(100000)
    assert n.this_quarter == Decimal(60000)  # Umbrella closes in April: next quarter
    assert (n.won, n.won_deals) == (Decimal(60000), 1)  # Wayne; Globex was won in Q4
    assert n.quota_remaining == Decimal(140000)
    assert n.coverage == Decimal(60000) / Decimal(140000)
    assert pm.numbers(weeks, None).coverage is None
    assert pm.numbers(weeks, 50000.0).quota_remaining == 0  # more won than the quota
    assert pm.numbers(weeks, 50000.0).coverage is None  # nothing remains to cover
    # as of the third week: Q4, with Globex won and Hooli gone
    q4 = pm.numbers(weeks[:3], 100000.0)
    assert (q4.quarter.label, q4.won, q4.open_deals) == ("2026 Q4", Decimal(30000), 3)
    assert q4.open_pipeline == Decimal(50000 + 40000 + 10000)
    assert q4.this_quarter == 0  # Acme slipped into January
    assert q4.coverage == 0


def test_money_adds_up_exactly(home: Home) -> None:
    deals = [{"deal": f"D{i}", "amount": "0.1", "close_date": "2026-12-20"} for i in range(3)]
    write_snapshot(home, "alex-kim", "2026-12-01", deals)
    [snapshot], _ = read_snapshots(home, "alex-kim")
    n = pm.numbers([snapshot], 0.3)
    assert n.open_pipeline == Decimal("0.3") and n.quota_remaining == Decimal("0.3")
    assert n.coverage == 1


def test_close_date_moves(weeks: list[Snapshot]) -> None:
    moved = {m.name: m for m in pm.close_date_moves(weeks)}
    assert list(moved) == ["Acme", "Globex", "Wayne"]
    acme = moved["Acme"]
    assert [(m.on, m.before, m.after, m.days) for m in acme.moves] == [
        (D("2026-12-14"), D("2026-12-15"), D("2026-12-31"), 16),
        (D("2026-12-21"), D("2026-12-31"), D("2027-01-31"), 31),
    ]
    assert (acme.pushed, acme.pulled, acme.days_moved) == (2, 0, 47)
    assert acme.latest == acme.moves[-1]
    globex = moved["Globex"]  # pulled in from January to 18 December, then won on that day
    assert (globex.pushed, globex.pulled, globex.days_moved) == (0, 1, -33)
    wayne = moved["Wayne"]  # won on 9 January, earlier than the 15 February it said
    assert (wayne.pushed, wayne.pulled, wayne.days_moved) == (0, 1, -37)
    assert [m.name for m in pm.slipped(weeks)] == ["Acme"]


def test_stage_aging(weeks: list[Snapshot]) -> None:
    found = pm.histories(weeks)
    first = weeks[0].as_of
    acme = pm.stage_age(found["A-1"], first, TODAY)
    assert (acme.stage, acme.since, acme.days, acme.at_least) == (
        "Proposal", D("2026-12-07"), 35, True,
    )  # fmt: skip
    stark = pm.stage_age(found["F-6"], first, TODAY)  # Discovery, then Proposal from 4 January
    assert (stark.stage, stark.since, stark.days, stark.at_least) == (
        "Proposal", D("2027-01-04"), 7, False,
    )  # fmt: skip


def test_thresholds_scale_with_the_cycle(home: Home) -> None:
    # Default: no won deal first seen after the first snapshot gives a cycle yet.
    assert pm.thresholds([]) == pm.Thresholds(14, 28, None, 0, "default")
    assert pm.thresholds([], stalled_days=5) == pm.Thresholds(5, 10, None, 0, "given")
    # Three deals seen new and won after 40, 60 and 100 days: median 60, a quarter is 15.
    days = ["2026-01-05", "2026-02-02", "2026-02-14", "2026-03-04", "2026-03-16", "2026-04-23"]
    rows: dict[str, list[dict[str, str]]] = {day: [{"deal": "Old"}] for day in days}
    for name, seen, won in (("X", 1, 2), ("Y", 1, 3), ("Z", 2, 5)):
        won_on = D(days[seen]) + timedelta(days={"X": 40, "Y": 60, "Z": 100}[name])
        for index in range(seen, len(days)):
            deal = {"deal": name, "close_date": won_on.isoformat()}
            rows[days[index]].append({**deal, "status": "won"} if index >= won else deal)
    for day, deals in rows.items():
        write_snapshot(home, "bo", day, deals)
    kept, warnings = read_snapshots(home, "bo")
    assert warnings == []
    assert pm.sales_cycle(kept) == (60, 3)
    assert pm.thresholds(kept) == pm.Thresholds(15, 30, 60, 3, "cycle")
    assert pm.thresholds(kept, stalled_days=10).stalled_days == 10
    # A quarter of the cycle, bounded to a week and a month.
    assert [pm.stalled_for_cycle(d) for d in (10, 30, 60, 90, 120, 365)] == [7, 8, 15, 22, 30, 30]


def test_deals_at_risk_with_why(weeks: list[Snapshot]) -> None:
    found = pm.deals_at_risk(weeks, TODAY)
    assert [(d.deal.name, [(r.kind, r.why) for r in d.risks]) for d in found] == [
        ("Umbrella", [
            ("no-activity", "no activity in 71 days (since 2026-11-01)"),
            ("no-next-step", "no next step"),
            ("long-in-stage", "in Qualification for at least 35 days"),
        ]),
        ("Acme", [
            ("pushed", "close date pushed 2× (+47 days), last 2026-12-21: 2026-12-31 → 2027-01-31"),
            ("long-in-stage", "in Proposal for at least 35 days"),
        ]),
        ("Stark", [("next-step-undated", "next step without a date: Send proposal")]),
    ]  # fmt: skip
    # A longer threshold: Umbrella is still silent for 71 days, no one is long in stage.
    later = pm.deals_at_risk(weeks, TODAY, stalled_days=40)
    assert [(d.deal.name, [r.kind for r in d.risks]) for d in later] == [
        ("Umbrella", ["no-activity", "no-next-step"]),
        ("Acme", ["pushed"]),
        ("Stark", ["next-step-undated"]),
    ]
    assert pm.deals_at_risk([], TODAY) == []


def test_close_dates_passed_and_next_steps_overdue(home: Home) -> None:
    write_snapshot(home, "alex-kim", "2026-11-30", [
        {"deal": "Late", "amount": "1", "close_date": "2026-11-20", "next_step": "Call",
         "next_step_date": "2026-11-25", "last_activity": "2026-11-29"},
        {"deal": "Undated", "amount": "2", "next_step": "Call", "next_step_date": "2026-12-09",
         "last_activity": "2026-11-29"},
        {"deal": "Fine", "amount": "3", "close_date": "2026-12-20", "next_step": "Call",
         "next_step_date": "2026-12-02", "last_activity": "2026-11-29"},
        {"deal": "Closed", "amount": "4", "close_date": "2026-11-01", "status": "lost"},
    ])  # fmt: skip
    kept, _ = read_snapshots(home, "alex-kim")
    found = pm.deals_at_risk(kept, D("2026-12-02"))
    assert [(d.deal.name, [r.why for r in d.risks]) for d in found] == [
        ("Late", ["close date 2026-11-20 passed 12 days ago",
                  "next step was due 2026-11-25 (7 days ago): Call"]),
        ("Undated", ["no close date"]),
    ]  # fmt: skip


def test_a_check_runs_only_on_what_the_export_carries(home: Home) -> None:
    write_snapshot(home, "alex-kim", "2026-11-30", [
        {"deal": "Bare", "amount": "1", "close_date": "2026-12-20"},
        {"deal": "Also bare", "amount": "2", "close_date": "2026-12-21"},
    ])  # fmt: skip
    kept, _ = read_snapshots(home, "alex-kim")
    assert pm.deals_at_risk(kept, D("2026-12-02")) == []  # no activity, no next steps exported


def test_forecast_error_by_quarter(weeks: list[Snapshot]) -> None:
    q4, q1 = pf.forecast_error(weeks)
    assert (q4.quarter.label, q4.ended, q4.actual) == ("2026 Q4", True, Decimal(30000))
    third = Decimal(200) / 3  # (50,000 − 30,000) ÷ 30,000 in %
    assert [(p.week, p.commit, p.best_case, p.commit_error, p.best_case_error)
            for p in q4.points] == [
        (10, Decimal(50000), Decimal(75000), third, Decimal(150)),  # Acme commit; Hooli best case
        (11, Decimal(80000), Decimal(105000), Decimal(500) / 3, Decimal(250)),  # + Globex
        (12, Decimal(30000), Decimal(30000), Decimal(0), Decimal(0)),  # Globex won; Acme slipped
    ]  # fmt: skip
    assert (q1.quarter.label, q1.ended, q1.actual) == ("2027 Q1", False, Decimal(60000))
    assert [(p.week, p.commit, p.commit_error) for p in q1.points] == [
        (1, Decimal(70000), Decimal(100) / 6),  # Stark and Wayne called commit
        (2, Decimal(70000), Decimal(100) / 6),  # Wayne won, Stark still commit
    ]
    assert pf.forecast_error([]) == []


def test_nothing_won_gives_no_error(home: Home) -> None:
    write_snapshot(home, "alex-kim", "2026-11-30", [
        {"deal": "Hope", "amount": "5", "close_date": "2026-12-20", "forecast": "commit"},
    ])  # fmt: skip
    kept, _ = read_snapshots(home, "alex-kim")
    [quarter] = pf.forecast_error(kept)
    assert quarter.actual == 0 and quarter.points[0].commit_error is None


def test_deals_gone_from_the_export(weeks: list[Snapshot]) -> None:
    gone = pm.gone_from_export(weeks)
    assert [(g.deal.name, g.last_seen) for g in gone] == [("Hooli", D("2026-12-14"))]


def test_the_store_skips_a_bad_row_naming_file_and_line(home: Home) -> None:
    path = write_snapshot(home, "alex-kim", "2026-11-30", [
        {"deal": "Good", "amount": "5"},
        {"deal": "Bad amount", "amount": "lots"},
        {"deal": "Bad status", "amount": "1", "status": "maybe"},
        {"deal": "Bad date", "amount": "1", "close_date": "2026-02-30"},
    ])  # fmt: skip
    (path.parent / "notes.csv").write_text("not a snapshot\n")
    kept, warnings = read_snapshots(home, "alex-kim")
    assert [d.name for d in kept[0].deals] == ["Good"]
    assert [w.split(": ")[0] for w in warnings] == [
        f"{path}, line 3", f"{path}, line 4", f"{path}, line 5",
        f"{path.parent / 'notes.csv'}",
    ]  # fmt: skip
    assert all(w.endswith("left out.") for w in warnings)
    assert read_snapshots(home, "nobody") == ([], [])


# --------------------------------------------------------------------------- properties

days = st.dates(date(2025, 1, 1), date(2028, 12, 31))


@st.composite
def histories_of_one_deal(draw: st.DrawFn) -> list[Snapshot]:
    """One deal over several weekly snapshots: its close date changes (or is missing) at will;
    open throughout but maybe won or lost at the end."""
    start = draw(days)
    closes = draw(st.lists(st.one_of(st.none(), days), min_size=1, max_size=8))
    ending = draw(st.sampled_from(["open", "won", "lost"]))
    found = []
    for index, close in enumerate(closes):
        status = ending if index == len(closes) - 1 else "open"
        deal = Deal("x", "X", "Proposal", "", status, 10.0, close)  # type: ignore[arg-type]
        found.append(Snapshot("r", "R", start + timedelta(weeks=index), "t", (deal,)))
    return found


@given(histories_of_one_deal())
@settings(max_examples=200, deadline=None)
def test_moved_days_add_up_to_the_first_and_last_close_dates(kept: list[Snapshot]) -> None:
    moved = pm.deal_moves(pm.histories(kept)["x"])
    known = [s.deals[0].close_date for s in kept if s.deals[0].close_date is not None]
    assert moved.days_moved == sum(m.days for m in moved.moves)
    assert moved.pushed + moved.pulled == len(moved.moves) <= max(0, len(known) - 1)
    # each move starts where the last one ended: the net days telescope
    net = (known[-1] - known[0]).days if known else 0
    assert moved.days_moved == net
    assert all(m.before != m.after for m in moved.moves)


amounts = st.floats(0, 1e9, allow_nan=False).map(lambda x: round(x, 2))


@given(
    st.lists(st.tuples(amounts, st.sampled_from(["open", "won", "lost"]), days), max_size=12),
    st.one_of(st.none(), amounts),
    days,
)
@settings(max_examples=200, deadline=None)
def test_coverage_is_never_negative_and_the_totals_add_up(
    deals: list[tuple[float, str, date]], quota: float | None, as_of: date
) -> None:
    kept = [Snapshot("r", "R", as_of, "t", tuple(
        Deal(f"d{i}", f"D{i}", "S", "", status, amount, close)  # type: ignore[arg-type]
        for i, (amount, status, close) in enumerate(deals)
    ))]  # fmt: skip
    n = pm.numbers(kept, quota)
    assert n.coverage is None or n.coverage >= 0
    assert n.quota_remaining is None or n.quota_remaining >= 0
    assert 0 <= n.this_quarter <= n.open_pipeline
    assert n.open_pipeline == sum(
        (pm.money(a) for a, status, _ in deals if status == "open"), Decimal(0)
    )
    if quota is not None:
        assert n.quota_remaining == max(Decimal(0), pm.money(quota) - n.won)
