"""`coach pipeline`: whole transcripts on the known five weeks (tests/helpers.py), JSON, the
team table, and every kind of bad input."""

from __future__ import annotations

import json

from coachcli.home import Home

from .helpers import Run, write_pipeline_weeks, write_snapshot

AS_OF = ("--as-of", "2027-01-11")


def _alex(coach: Run, home: Home, *quota: str) -> None:
    coach("rep", "add", "Alex Kim", *quota)
    write_pipeline_weeks(home)


def test_a_reps_pipeline_transcript(coach: Run, coach_home: Home) -> None:
    _alex(coach, coach_home, "--quota", "200000")
    result = coach("pipeline", "alex", *AS_OF)
    assert result.stderr == ""
    assert [line.rstrip() for line in result.stdout.splitlines()] == [
        "Alex Kim: pipeline as of 2027-01-11",
        "5 snapshots since 2026-12-07",
        "",
        "Open pipeline       100,000 (3 deals)",
        "Closing in 2027 Q1  60,000",
        "Won in 2027 Q1      60,000 (1 deal)",
        "Quota remaining     140,000 of 200,000",
        "Coverage            0.4×",
        "",
        "Deals at risk: 3 of 3 open (stalled after 14 days without activity, the default until 3 "
        "won deals show the cycle; long",
        "in stage after 28)",
        "Umbrella  40,000  Qualification  close 2027-04-30  pipeline",
        "  · no activity in 71 days (since 2026-11-01)",
        "  · no next step",
        "  · in Qualification for at least 35 days",
        "Acme  50,000  Proposal  close 2027-01-31  pipeline",
        "  · close date pushed 2× (+47 days), last 2026-12-21: 2026-12-31 → 2027-01-31",
        "  · in Proposal for at least 35 days",
        "Stark  10,000  Proposal  close 2027-03-15  commit",
        "  · next step without a date: Send proposal",
        "",
        "No longer in the export (won, lost or removed? ask)",
        "  Hooli  25,000  last seen open 2026-12-14",
        "",
        "Forecast error: (forecast − won) ÷ won",
        "quarter  week  as of          commit  error  + best case  error",
        "2026 Q4    10  2026-12-07     50,000   +67%       75,000  +150%",
        "2026 Q4    11  2026-12-14     80,000  +167%      105,000  +250%",
        "2026 Q4    12  2026-12-21     30,000     0%       30,000     0%",
        "               won (final)    30,000",
        "2027 Q1     1  2027-01-04     70,000   +17%       70,000   +17%",
        "2027 Q1     2  2027-01-11     70,000   +17%       70,000   +17%",
        "               won (to date)  60,000",
        "2027 Q1 has not ended: its error is against what is won so far.",
    ]


def test_as_of_an_earlier_day_and_a_given_threshold(coach: Run, coach_home: Home) -> None:
    _alex(coach, coach_home)
    out = coach("pipeline", "Alex Kim", "--as-of", "2026-12-15", "--stalled-days", "10").stdout
    assert "Alex Kim: pipeline as of 2026-12-14\n2 snapshots since 2026-12-07\n" in out
    assert 'Quota               not set: coach rep edit "Alex Kim" --quota AMOUNT' in out
    assert "(stalled after 10 days without activity, as given; long in stage after 20)" in out
    assert "2027 Q1" not in out  # no snapshot of January yet


def test_pipeline_json(coach: Run, coach_home: Home) -> None:
    _alex(coach, coach_home, "--quota", "200000")
    data = json.loads(coach("pipeline", "Alex Kim", *AS_OF, "--json").stdout)
    assert {k: data[k] for k in ("snapshots", "as_of", "quarter", "open_pipeline", "this_quarter",
                                 "won", "quota_remaining", "coverage", "stalled_days",
                                 "threshold_source")} == {
        "snapshots": 5, "as_of": "2027-01-11", "quarter": "2027 Q1", "open_pipeline": 100000.0,
        "this_quarter": 60000.0, "won": 60000.0, "quota_remaining": 140000.0,
        "coverage": 0.4286, "stalled_days": 14, "threshold_source": "default",
    }  # fmt: skip
    assert [(d["deal"], [r["kind"] for r in d["risks"]]) for d in data["at_risk"]] == [
        ("Umbrella", ["no-activity", "no-next-step", "long-in-stage"]),
        ("Acme", ["pushed", "long-in-stage"]),
        ("Stark", ["next-step-undated"]),
    ]
    assert data["moves"][0] == {
        "deal_id": "A-1", "deal": "Acme", "pushed": 2, "pulled": 0, "days_moved": 47,
        "latest": {"on": "2026-12-21", "before": "2026-12-31", "after": "2027-01-31", "days": 31},
    }  # fmt: skip
    q4 = data["forecast"][0]
    assert (q4["quarter"], q4["ended"], q4["won"]) == ("2026 Q4", True, 30000.0)
    assert [(p["week"], p["commit_error"], p["best_case_error"]) for p in q4["points"]] == [
        (10, 66.7, 150.0), (11, 166.7, 250.0), (12, 0.0, 0.0),
    ]  # fmt: skip
    assert data["gone"] == [
        {"deal_id": "E-5", "deal": "Hooli", "amount": 25000.0, "last_seen": "2026-12-14"}
    ]


def test_the_team_table(coach: Run, coach_home: Home) -> None:
    _alex(coach, coach_home, "--quota", "200000")
    coach("rep", "add", "Bo Diaz")  # no snapshots: not listed
    coach("rep", "add", "Cy Hart")
    write_snapshot(coach_home, "cy-hart", "2027-01-08", [
        {"deal": "Soylent", "amount": "12500.5", "close_date": "2027-02-01"},
    ], rep="Cy Hart")  # fmt: skip
    result = coach("pipeline", *AS_OF)
    assert [line.rstrip() for line in result.stdout.splitlines()] == [
        "rep       as of            open    closing     won    to go  coverage  at risk",
        "Alex Kim  2027-01-11    100,000     60,000  60,000  140,000      0.4×   3 of 3",
        "Cy Hart   2027-01-08  12,500.50  12,500.50       0        —         —   0 of 1",
    ]
    rows = json.loads(coach("pipeline", *AS_OF, "--json").stdout)["reps"]
    assert [(r["rep"], r["open_pipeline"], r["coverage"], r["at_risk"]) for r in rows] == [
        ("Alex Kim", 100000.0, 0.4286, 3), ("Cy Hart", 12500.5, None, 0),
    ]  # fmt: skip


def test_a_rep_without_snapshots_is_told_how_to_import(coach: Run, coach_home: Home) -> None:
    coach("rep", "add", "Alex Kim")
    result = coach("pipeline", "Alex Kim", code=1)
    assert result.stderr == (
        "Error: No pipeline snapshots of Alex Kim.\n"
        "Import a deal-level CRM export first: coach import pipeline FILE.csv\n"
    )
    team = coach("pipeline", code=1)
    assert team.stderr.startswith("Error: No pipeline snapshots yet.\n")
    write_pipeline_weeks(coach_home)
    early = coach("pipeline", "Alex Kim", "--as-of", "2026-12-01", code=1)
    assert "Error: No pipeline snapshots of Alex Kim on or before 2026-12-01." in early.stderr


def test_bad_input(coach: Run, coach_home: Home) -> None:
    _alex(coach, coach_home)
    bad_day = coach("pipeline", "Alex Kim", "--as-of", "2026-02-30", code=1)
    assert bad_day.stderr.startswith(
        "Error: Bad --as-of '2026-02-30': expected a day as YYYY-MM-DD."
    )
    assert "No rep named 'Nobody'" in coach("pipeline", "Nobody", code=1).stderr
    assert "--stalled-days" in coach("pipeline", "Alex Kim", "--stalled-days", "0", code=2).stderr
    broken = coach_home.root / "imports" / "pipeline" / "alex-kim" / "2027-01-11.csv"
    text = broken.read_text(encoding="utf-8").splitlines()
    text[2] = text[2].replace("40000", "forty thousand")  # Umbrella's row
    broken.write_text("\n".join(text) + "\n", encoding="utf-8")
    result = coach("pipeline", "Alex Kim", *AS_OF)
    assert result.stderr.startswith(
        f"Warning: {broken}, line 3: amount 'forty thousand' is not a number; the deal is left out."
    )
    assert "Umbrella" not in result.stdout.split("No longer")[0]
