"""`coach team`'s figures on a hand-computed corpus of three managers (tests/helpers.team_corpus).

Today is 2026-12-02 and the window starts 2026-09-03 (90 days). Worked out by hand:

Morgan Lee (target 60%, cadence 7): in the window Cy's performance 1:1 (30 min, Sep), Alex's
coaching (30, Oct), Bo's performance (30, Oct), Alex's mixed (20 coaching, 15 performance,
5 neutral; Nov), Bo's coaching (30, Nov): coaching 80 of 160 minutes = 50%; by month Sep 0%,
Oct 30/60 = 50%, Nov 50/70 = 71%, Dec none. The August 1:1 is outside. Alex was last met
11-10, due 11-17: 15 days overdue; Bo (cadence 14) met 11-25, due 12-09; Cy is archived.
Commitments kept 0+1+2+1 = 4, missed 1: 80%. Everyone coached within 30 days. No suggestion.

Sam Rivera (target 50%, cadence 14): coaching 30 (Dee, Nov, estimated) of 30+45+30+30 = 135
minutes: 22%, 28 points under: coach the coach. Dee due 11-15 (17 days late), Eli due 11-19
(13), Fay never met (due today, not late). Kept 2, missed 5: 29%. No coaching in 30 days:
Fay (never met), Eli (never coached), Dee (31 days).

Jo Park (no manager.toml: the leader's 60% and 7 days): a broken row left out; coaching 20+30
of 90 minutes = 56%; Hal, Ivy and Gus all overdue (24, 10, 5 days): the cadence rule.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from coachcli.errors import CoachError
from coachcli.home import Home
from coachcli.team_files import read_published
from coachcli.team_list import add_source
from coachcli.team_view import ManagerFigures, manager_figures, suggest, team_view

from .helpers import team_corpus

TODAY = date(2026, 12, 2)
SINCE = date(2026, 9, 3)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return team_corpus(tmp_path / "team")


def figures(corpus: Path, slug: str, days: int = 30) -> ManagerFigures:
    return manager_figures(
        read_published(corpus / "managers" / slug),
        "West",
        TODAY,
        since=SINCE,
        no_coaching_days=days,
        target=0.6,
        cadence_days=7,
    )


def shares(m: ManagerFigures) -> list[float | None]:
    return [None if t.coaching_share is None else round(t.coaching_share, 4) for t in m.months]


def test_a_manager_who_balances(corpus: Path) -> None:
    m = figures(corpus, "morgan-lee")
    assert (m.name, m.target, m.cadence_days, m.published) == (
        "Morgan Lee",
        0.6,
        7,
        date(2026, 12, 1),
    )
    assert m.totals.total_sessions == 5
    assert (m.totals.coaching_minutes, m.totals.performance_minutes, m.totals.neutral_minutes) == (
        80,
        75,
        5,
    )
    assert m.share == 0.5 and m.gap == pytest.approx(-0.1)
    assert shares(m) == [0.0, 0.5, 0.7143, None]
    assert m.active_reps == 2
    assert [(r.slug, r.days_overdue, r.last_date) for r in m.overdue] == [
        ("alex-kim", 15, date(2026, 11, 10))
    ]
    assert (m.kept, m.missed, m.kept_ratio) == (4, 1, 0.8)
    assert (m.open_actions, m.overdue_actions) == (2, 1)
    assert m.uncoached == []
    assert m.suggestion is None


def test_a_manager_who_mostly_inspects(corpus: Path) -> None:
    m = figures(corpus, "sam-rivera")
    assert m.totals.estimated == 1
    assert round(m.share or 0, 4) == 0.2222 and m.target == 0.5
    assert shares(m) == [0.0, 0.0, 0.5, None]
    assert [(r.slug, r.days_overdue) for r in m.overdue] == [("dee-ng", 17), ("eli-fox", 13)]
    assert (m.kept, m.missed, round(m.kept_ratio or 0, 4)) == (2, 5, 0.2857)
    assert [(u.rep_slug, u.days) for u in m.uncoached] == [
        ("fay-ho", None),
        ("eli-fox", None),
        ("dee-ng", 31),
    ]
    assert m.suggestion is not None and m.suggestion.rule == "coach-the-coach"
    assert m.suggestion.text == (
        "coaching is 22% of 1:1 time against a target of 50% → coach the coach: "
        'a manager-self-review with Sam (coach start "Sam Rivera" -f manager-self-review)'
    )


def test_no_coaching_days_moves_the_line(corpus: Path) -> None:
    assert [u.rep_slug for u in figures(corpus, "sam-rivera", days=31).uncoached] == [
        "fay-ho",
        "eli-fox",
    ]


def test_a_manager_without_manager_toml_takes_the_leaders_settings(corpus: Path) -> None:
    m = figures(corpus, "jo-park")
    assert (m.name, m.target, m.cadence_days, m.published) == ("jo-park", 0.6, 7, None)
    assert m.totals.total_sessions == 3  # the broken row is left out
    assert round(m.share or 0, 4) == 0.5556
    assert [(r.slug, r.days_overdue) for r in m.overdue] == [
        ("hal-ma", 24),
        ("ivy-qu", 10),
        ("gus-li", 5),
    ]
    assert m.kept_ratio is None
    assert m.suggestion is not None and m.suggestion.rule == "cadence"
    assert m.suggestion.text.startswith("3 of 3 reps overdue for a 1:1")


def test_the_view_over_a_source_orders_managers_and_keeps_the_warnings(
    corpus: Path, coach_home: Home
) -> None:
    add_source(coach_home, "West", str(corpus), TODAY)
    view = team_view(coach_home, TODAY, since=SINCE)
    assert [m.slug for m in view.managers] == ["sam-rivera", "morgan-lee", "jo-park"]
    assert view.months == [
        date(2026, 9, 1),
        date(2026, 10, 1),
        date(2026, 11, 1),
        date(2026, 12, 1),
    ]
    assert view.trend(view.managers[1]) == "▁▅▆·"
    assert len(view.warnings) == 2 and "line 3: minutes" in view.warnings[1]
    data = view.to_json()
    sam = data["managers"][0]
    assert (sam["coaching_share"], sam["gap"], sam["commitments"]) == (
        0.2222,
        -0.2778,
        {"kept": 2, "missed": 5, "ratio": 0.2857},
    )
    assert [m["coaching_share"] for m in sam["months"]] == [0.0, 0.0, 0.5, None]
    assert sam["overdue_reps"][0] == {
        "rep": "Dee Ng",
        "slug": "dee-ng",
        "last_date": "2026-11-01",
        "cadence_days": 14,
        "days_overdue": 17,
    }


def test_the_window_looks_at_the_same_figures_as_all_the_sessions(corpus: Path) -> None:
    """Reading only the window and each rep's newest (coached) 1:1 before it changes nothing."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
    from generate_team import generate_team

    generate_team(corpus / "org", 3, 6, 1.5, TODAY)
    import coachcli.team_view as module

    for folder in sorted((corpus / "org" / "managers").iterdir()):
        published = read_published(folder)
        narrow = manager_figures(
            published, "Org", TODAY, since=SINCE, no_coaching_days=30, target=0.6, cadence_days=7
        )
        whole = module._looked_at
        try:
            module._looked_at = lambda p, s: p.sessions  # type: ignore[assignment]
            wide = manager_figures(
                published,
                "Org",
                TODAY,
                since=SINCE,
                no_coaching_days=30,
                target=0.6,
                cadence_days=7,
            )
        finally:
            module._looked_at = whole  # type: ignore[assignment]
        assert narrow.totals == wide.totals and narrow.months == wide.months
        assert [(r.slug, r.days_overdue) for r in narrow.overdue] == [
            (r.slug, r.days_overdue) for r in wide.overdue
        ]
        assert narrow.uncoached == wide.uncoached
        assert narrow.suggestion == wide.suggestion


def test_no_source_and_a_future_window_are_errors(coach_home: Home, corpus: Path) -> None:
    with pytest.raises(CoachError, match="No team source yet"):
        team_view(coach_home, TODAY, since=SINCE)
    add_source(coach_home, "West", str(corpus), TODAY)
    with pytest.raises(CoachError, match="after today"):
        team_view(coach_home, TODAY, since=date(2027, 1, 1))


def test_a_source_with_nothing_published_yet_is_a_warning(coach_home: Home, tmp_path: Path) -> None:
    (tmp_path / "empty" / "managers").mkdir(parents=True)
    add_source(coach_home, "East", str(tmp_path / "empty"), TODAY)
    view = team_view(coach_home, TODAY, since=SINCE)
    assert view.managers == []
    assert view.warnings == [f"East: no manager has published yet ({tmp_path / 'empty'})."]


# --------------------------------------------------------------------------- the rules


def test_each_rule_fires_in_its_order(corpus: Path) -> None:
    base = figures(corpus, "morgan-lee")
    assert suggest(base, TODAY, 30) is None

    def rule(m: ManagerFigures) -> str | None:
        found = suggest(m, TODAY, 30)
        return found.rule if found else None

    assert rule(replace(base, published=date(2026, 11, 17))) == "stale"  # 15 days
    assert rule(replace(base, published=date(2026, 11, 18))) is None  # 14 days
    assert rule(replace(base, target=0.65)) == "coach-the-coach"  # 15 points under
    assert rule(replace(base, target=0.64)) is None
    overdue = [base.overdue[0], base.overdue[0]]
    assert rule(replace(base, overdue=overdue)) == "cadence"  # 2 of 2
    assert rule(replace(base, overdue=overdue, active_reps=7)) is None  # 2 of 7 < a third
    assert rule(replace(base, kept=2, missed=3)) == "commitments"  # 40% of 5
    assert rule(replace(base, kept=1, missed=3)) is None  # only 4 counted
    gone = figures(corpus, "sam-rivera").uncoached
    assert rule(replace(base, uncoached=gone[:1], active_reps=3)) == "coaching-reach"
    assert rule(replace(base, uncoached=gone[:1], active_reps=4)) is None
    assert rule(replace(base, published=date(2026, 1, 1), target=0.9)) == "stale"  # the first wins
