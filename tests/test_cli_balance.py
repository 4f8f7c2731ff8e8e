"""`coach balance`: the coaching share of 1:1 minutes, neutral sections, estimates, the trend.

The corpus is written with the library's note writer, dated from this week's
Monday (the commands ask the clock for today), so weeks and months are known.
Every figure asserted is worked out by hand from the minutes written here.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from coachcli.home import Home
from coachcli.notes import write_note
from coachcli.reps import Rep, add_rep
from coachcli.session import Answer, SectionRecord, Session

from .helpers import Run

MONDAY = date.today() - timedelta(days=date.today().weekday())
SINCE = MONDAY - timedelta(days=21)


def on(days_before_monday: int) -> date:
    return MONDAY - timedelta(days=days_before_monday)


def write(
    home: Home,
    rep: Rep,
    day: date,
    framework: str,
    kind: str,
    minutes: dict[str, int],
    *,
    estimated: bool = False,
) -> Path:
    """A note of ``framework`` whose sections took ``minutes`` by kind (one section per kind).

    ``estimated``: the note is as coach wrote it before meetings were timed
    (no ``neutral_minutes`` property).
    """
    started = datetime.combine(day, time(9, 0)).astimezone()
    sections = [
        SectionRecord(
            id=f"part-{section_kind}",
            title=section_kind.capitalize(),
            kind=section_kind,  # type: ignore[arg-type]
            planned_minutes=length,
            seconds=length * 60,
            answers=[Answer(id=f"q-{section_kind}", prompt="What?", type="text", value="Notes")],
        )
        for section_kind, length in minutes.items()
    ]
    session = Session(
        rep=rep.name,
        rep_slug=rep.slug,
        started=started,
        ended=started + timedelta(minutes=sum(minutes.values())),
        framework=framework,
        framework_name=framework,
        framework_version="1",
        kind=kind,  # type: ignore[arg-type]
        sections=sections,
        summary=f"{framework} with {rep.name}",
    )
    path = write_note(home.reps_dir / rep.slug, session)
    if estimated:
        text = path.read_text("utf-8")
        assert "\nneutral_minutes: " in text
        path.write_text(re.sub(r"\nneutral_minutes: [^\n]*", "", text), "utf-8")
    return path


@pytest.fixture
def team(coach_home: Home) -> dict[str, Rep]:
    """Four reps; the window is the last three weeks and this one (from SINCE).

    - Ana, weekly 1:1s: 10 neutral + 12 performance + 8 coaching (3 weeks
      before Monday), 5 + 10 + 15 (last week): 23 coaching of 60 minutes.
    - Ben: a pipeline review, 30 performance (2 weeks before); this week a
      weekly 1:1 from before meetings were timed, which recorded 18 coaching +
      12 performance but counts by the weekly 1:1's plan (10 neutral, 12
      performance, 8 coaching): 8 coaching of 60 minutes, 1 estimate.
    - Cy: a GROW session 60 days before Monday, none in the window.
    - Dee: a pipeline review last week, 30 performance, never any coaching.

    The team: 31 coaching, 94 performance, 25 neutral = 150 minutes, 31/150.
    """
    home = coach_home
    reps = {
        n: add_rep(home, n, today=on(400)) for n in ("Ana Ruiz", "Ben Ode", "Cy Lam", "Dee Roy")
    }
    ana, ben, cy, dee = reps.values()
    write(
        home, ana, on(21), "weekly-1on1", "mixed", {"neutral": 10, "performance": 12, "coaching": 8}
    )
    write(
        home, ana, on(7), "weekly-1on1", "mixed", {"neutral": 5, "performance": 10, "coaching": 15}
    )
    write(home, ben, on(14), "pipeline-review", "performance", {"performance": 30})
    write(
        home,
        ben,
        on(0),
        "weekly-1on1",
        "mixed",
        {"coaching": 18, "performance": 12},
        estimated=True,
    )
    write(home, cy, on(60), "grow", "coaching", {"coaching": 30})
    write(home, dee, on(7), "pipeline-review", "performance", {"performance": 30})
    return reps


def as_json(result: Any) -> Any:
    return json.loads(result.stdout)


def _lines(output: str) -> list[str]:
    return [line.rstrip() for line in output.splitlines()]


def test_balance_figures_are_shares_of_the_meeting_minutes(
    coach: Run, team: dict[str, Rep]
) -> None:
    data = as_json(coach("balance", "--since", SINCE.isoformat(), "--json"))
    assert (data["since"], data["until"], data["target"], data["by"]) == (
        SINCE.isoformat(),
        date.today().isoformat(),
        0.6,
        "week",
    )
    periods = data["team"].pop("periods")
    assert data["team"] == {
        "sessions": {"coaching": 0, "performance": 2, "mixed": 3},
        "minutes": 150.0,
        "coaching_minutes": 31.0,
        "performance_minutes": 94.0,
        "neutral_minutes": 25.0,
        "coaching_share": round(31 / 150, 4),
        "estimated_sessions": 1,
        "gap": round(31 / 150 - 0.6, 4),
    }
    by_rep = {r["rep"]: r for r in data["reps"]}
    assert [r["rep"] for r in data["reps"]] == ["Dee Roy", "Ben Ode", "Ana Ruiz", "Cy Lam"]
    ana = by_rep["Ana Ruiz"]
    assert (ana["coaching_minutes"], ana["performance_minutes"], ana["neutral_minutes"]) == (
        23.0,
        22.0,
        15.0,
    )
    assert (ana["minutes"], ana["coaching_share"], ana["estimated_sessions"]) == (
        60.0,
        round(23 / 60, 4),
        0,
    )
    # Ben's old weekly 1:1 counts the weekly 1:1's plan (8 coaching, 12 performance,
    # 10 neutral), not the 18 coaching minutes it recorded by the old labels
    ben = by_rep["Ben Ode"]
    assert (ben["coaching_minutes"], ben["performance_minutes"], ben["neutral_minutes"]) == (
        8.0,
        42.0,
        10.0,
    )
    assert (ben["coaching_share"], ben["estimated_sessions"]) == (round(8 / 60, 4), 1)
    assert by_rep["Cy Lam"]["minutes"] == 0.0 and by_rep["Cy Lam"]["coaching_share"] is None
    assert by_rep["Dee Roy"]["last_coaching"] is None
    assert by_rep["Cy Lam"]["last_coaching"] == on(60).isoformat()
    # the trend: one entry per week from the window's Monday to this one
    starts = [on(21), on(14), on(7), on(0)]
    assert [p["start"] for p in periods] == [d.isoformat() for d in starts]
    assert [p["coaching_share"] for p in periods] == [
        round(8 / 30, 4),
        0.0,
        round(15 / 60, 4),
        round(8 / 30, 4),
    ]
    assert [p["estimated_sessions"] for p in periods] == [0, 0, 0, 1]
    assert [p["coaching_share"] for p in ana["periods"]] == [round(8 / 30, 4), None, 0.5, None]
    assert data["no_coaching_days"] == 30
    assert data["no_coaching"] == [
        {"rep": "Dee Roy", "slug": "dee-roy", "last_coaching": None, "days": None},
        {
            "rep": "Cy Lam",
            "slug": "cy-lam",
            "last_coaching": on(60).isoformat(),
            "days": (date.today() - on(60)).days,
        },
    ]


@pytest.mark.parametrize("width", ["80", "60"])
def test_balance_transcript(
    coach: Run, team: dict[str, Rep], monkeypatch: pytest.MonkeyPatch, width: str
) -> None:
    monkeypatch.setenv("COLUMNS", width)
    out = coach("balance", "--since", SINCE.isoformat()).stdout
    days = (date.today() - on(60)).days
    expected_top = [
        f"Coaching share of 1:1 time, since {SINCE.isoformat()} (target 60%)",
        "rep       1:1s  kinds   min  coaching  vs target  by week",
        "Dee Roy      1  0/1/0    30        0%    -60 pts  ··▁·",
        "Ben Ode      2  0/1/1   ~60      ~13%    -47 pts  ·▁·▃",
        "Ana Ruiz     2  0/0/2    60       38%    -22 pts  ▃·▅·",
        "Cy Lam       0  0/0/0     0         —          —  ····",
        "team         5  0/2/3  ~150      ~21%    -39 pts  ▃▁▃▃",
        "kinds: coaching/performance/mixed 1:1s; ~ counted by plan",
        "",
        "Team coaching share by week",
        f"{on(21).isoformat()}  █████░░░░░░░|░░░░░░░    27%  1 1:1",
        f"{on(14).isoformat()}  ░░░░░░░░░░░░|░░░░░░░     0%  1 1:1",
        f"{on(7).isoformat()}  █████░░░░░░░|░░░░░░░    25%  2 1:1s",
        f"{on(0).isoformat()}  █████░░░░░░░|░░░░░░░   ~27%  1 1:1",
        "",
        "No coaching conversation in 30 days",
        "• Dee Roy: never",
        f"• Cy Lam: last {on(60).isoformat()}, {days} days ago",
        "",
    ]
    lines = _lines(out)
    assert lines[: len(expected_top)] == expected_top
    assert all(len(line) <= int(width) for line in lines)
    rest = " ".join(" ".join(lines[len(expected_top) :]).split())
    assert rest == (
        f"• Coaching is 21% of your 1:1 time since {SINCE.isoformat()} (target 60%): "
        "39 points under; plan coaching first with Dee Roy 0%, Ben Ode 13%, Ana Ruiz 38%. "
        "• Dee Roy: no coaching session yet in 1 session: time to work on the how → "
        'coach start "Dee Roy" -f grow '
        f"• Cy Lam: no coaching session in {days} days: time to work on the how → "
        'coach start "Cy Lam" -f grow '
        "Which conversation when, and why: docs/choosing.md "
        "~ 1 of 5 sessions predate measured meeting time: "
        "counted by their framework's planned minutes (an estimate)."
    )


def test_balance_by_month(coach: Run, team: dict[str, Rep]) -> None:
    data = as_json(coach("balance", "--since", SINCE.isoformat(), "--by", "month", "--json"))
    assert data["by"] == "month"
    minutes: dict[date, list[float]] = {}  # month -> [coaching, all minutes], from the fixture
    for day, coaching, total in [(on(21), 8, 30), (on(14), 0, 30), (on(7), 15, 30),
                                 (on(7), 0, 30), (on(0), 8, 30)]:  # fmt: skip
        month = minutes.setdefault(day.replace(day=1), [0.0, 0.0])
        month[0], month[1] = month[0] + coaching, month[1] + total
    first, last = SINCE.replace(day=1), date.today().replace(day=1)
    months = [first] if first == last else [first, last]
    assert [p["start"] for p in data["team"]["periods"]] == [m.isoformat() for m in months]
    assert [p["coaching_share"] for p in data["team"]["periods"]] == [
        round(minutes[m][0] / minutes[m][1], 4) if m in minutes else None for m in months
    ]
    out = coach("balance", "--since", SINCE.isoformat(), "--by", "month").stdout
    assert "Team coaching share by month" in out
    assert f"{first:%Y-%m}  " in out and "by month" in _lines(out)[1]


def test_no_coaching_in_n_days(coach: Run, team: dict[str, Rep]) -> None:
    args = ("balance", "--since", SINCE.isoformat(), "--json")
    listed = as_json(coach(*args, "--no-coaching-days", "90"))["no_coaching"]
    assert [r["rep"] for r in listed] == ["Dee Roy"]  # Cy's coaching was under 90 days ago
    listed = as_json(coach(*args, "--no-coaching-days", "7"))["no_coaching"]
    # never first, then the longest ago; Ben's old weekly 1:1 this week had coaching
    assert [r["rep"] for r in listed] == ["Dee Roy", "Cy Lam", "Ana Ruiz"]
    out = coach("balance", "--since", SINCE.isoformat(), "--no-coaching-days", "90").stdout
    assert "No coaching conversation in 90 days\n• Dee Roy: never\n\n" in out


def test_one_rep(coach: Run, team: dict[str, Rep]) -> None:
    data = as_json(coach("balance", "Ana Ruiz", "--since", SINCE.isoformat(), "--json"))
    assert [r["rep"] for r in data["reps"]] == ["Ana Ruiz"]
    assert data["team"]["coaching_share"] == round(23 / 60, 4)
    assert data["no_coaching"] == []
    out = coach("balance", "Ana Ruiz", "--since", SINCE.isoformat()).stdout
    assert "~" not in out  # no estimate, no mark
    assert "predate" not in out


def test_estimates_from_format_1_notes_and_frameworks_gone(coach: Run, coach_home: Home) -> None:
    import shutil

    source = Path(__file__).parent / "fixtures" / "home_v1" / "reps" / "alex-haddad"
    folder = coach_home.reps_dir / "alex-haddad"
    folder.mkdir(parents=True)
    shutil.copy(source / "profile.toml", folder)
    # format 1 (coachcli 0.1): the new-hire framework's plan is 20 coaching,
    # 20 performance and its 5-minute checkpoint neutral
    shutil.copy(source / "2026-06-02-new-hire-30-60-90.md", folder)
    data = as_json(coach("balance", "--since", "2026-06-01", "--json"))
    (alex,) = data["reps"]
    assert (alex["coaching_minutes"], alex["performance_minutes"], alex["neutral_minutes"]) == (
        20.0,
        20.0,
        5.0,
    )
    assert alex["estimated_sessions"] == 1
    # a framework no longer found: what the note recorded, still an estimate
    ana = add_rep(coach_home, "Ana Ruiz", today=on(400))
    write(coach_home, ana, on(1), "retired-framework", "coaching", {"coaching": 25}, estimated=True)
    data = as_json(coach("balance", "Ana Ruiz", "--since", "30d", "--json"))
    (row,) = data["reps"]
    assert (row["coaching_minutes"], row["minutes"], row["estimated_sessions"]) == (25.0, 25.0, 1)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--by", "year"), "'year' is not one of 'week', 'month'"),
        (
            ("--no-coaching-days", "0"),
            "'--no-coaching-days': Input should be greater than or equal to 1",
        ),
        (("--no-coaching-days", "soon"), "'--no-coaching-days': Input should be a valid integer"),
    ],
)
def test_bad_options(coach: Run, args: tuple[str, ...], message: str) -> None:
    result = coach("balance", *args, code=2)
    assert message in " ".join(result.stderr.split())


def test_history_and_reps_count_neutral_minutes_in_the_share(
    coach: Run, team: dict[str, Rep]
) -> None:
    data = as_json(coach("history", "Ana Ruiz", "--json"))
    assert (data["neutral_minutes"], data["coaching_share"]) == (15.0, 0.3833)
    (ana,) = [r for r in as_json(coach("reps", "--json"))["reps"] if r["name"] == "Ana Ruiz"]
    assert ana["coaching_share_90d"] == 0.3833


def test_a_narrow_terminal_shortens_the_trend_never_a_name(
    coach: Run, team: dict[str, Rep], coach_home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    long = add_rep(coach_home, "Maximiliana Okonkwo-Lindqvist", today=on(400))
    write(coach_home, long, on(7), "grow", "coaching", {"coaching": 30})
    args = ("balance", "--since", SINCE.isoformat())
    monkeypatch.setenv("COLUMNS", "80")
    lines = _lines(coach(*args).stdout)
    assert lines[1].endswith("by week")  # 31 + 50 columns leave room for the 4 weeks
    (row,) = [line for line in lines if line.startswith("Maximiliana Okonkwo-Lindqvist ")]
    assert row.endswith("··█·")  # 30 coaching minutes of 30, last week
    monkeypatch.setenv("COLUMNS", "60")
    lines = _lines(coach(*args).stdout)
    assert "by week" not in lines[1]  # no room: the team's bars below still show every week
    assert any(line.startswith("Maximiliana Okonkwo-Lindqvist ") for line in lines)
    assert "Team coaching share by week" in lines
    assert all(len(line) <= 60 for line in lines)
