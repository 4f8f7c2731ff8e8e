"""`coach team` and `coach team add/list/remove` as a leader types them (CliRunner transcripts).

The corpus is tests/helpers.team_corpus (figures worked out in tests/test_team_view.py); the
commands run as of 2026-12-02.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from coachcli.home import Home

from .helpers import Run, team_corpus


class _December(date):
    @classmethod
    def today(cls) -> _December:
        return cls(2026, 12, 2)


@pytest.fixture(autouse=True)
def december(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("coachcli.cli.cmd_team.date", _December)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return team_corpus(tmp_path / "share")


def test_the_leaders_view(coach: Run, corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # a suggestion on one line
    added = coach("team", "add", "West", str(corpus))
    assert added.stdout == (
        f"Added West (folder {corpus}): 3 managers: jo-park, morgan-lee, sam-rivera.\n"
    )
    shown = coach("team")
    jo = corpus / "managers" / "jo-park"
    assert shown.stderr == (
        f"Warning: {jo / 'manager.toml'}: missing.\n"
        f"Warning: {jo / 'sessions.csv'}, line 3: minutes: 'abc' is not a whole number; "
        "row left out.\n"
    )
    assert [line.rstrip() for line in shown.stdout.splitlines()] == [
        "Coaching across managers since 2026-09-03 (3 managers, 1 source)",
        "manager     reps  1:1s  coaching  target  by month  overdue  kept  uncoached",
        "Sam Rivera     3     4      ~22%     50%  ▁▁▅·      2 of 3    29%          3",
        "Morgan Lee     2     5       50%     60%  ▁▅▆·      1 of 2    80%          0",
        "jo-park        3     3       56%     60%  ··▅·      3 of 3      —          1",
        "by month: Sep Oct Nov Dec (▁ no coaching … █ all coaching, · no 1:1); uncoached: reps "
        "with no coaching conversation in 30 days",
        "",
        "Suggestions",
        "• Sam Rivera: coaching is 22% of 1:1 time against a target of 50% → coach the coach: a "
        'manager-self-review with Sam (coach start "Sam Rivera" -f manager-self-review)',
        "• jo-park: 3 of 3 reps overdue for a 1:1 → agree with jo-park a fixed slot per rep "
        "(cadence 7 days)",
        "",
        "Overdue for a 1:1",
        "• Sam Rivera: Dee Ng (17 days late), Eli Fox (13 days late)",
        "• Morgan Lee: Alex Kim (15 days late)",
        "• jo-park: Hal Ma (24 days late), Ivy Qu (10 days late), Gus Li (5 days late)",
        "",
        "No coaching conversation in 30 days",
        "• Sam Rivera: Fay Ho (never), Eli Fox (never), Dee Ng (31 days)",
        "• jo-park: Hal Ma (never)",
        "",
        "How each figure is worked out, and the rules: docs/team.md",
    ]


def test_options_and_json(coach: Run, corpus: Path) -> None:
    coach("team", "add", "West", str(corpus))
    data = json.loads(
        coach("team", "--since", "2026-11-01", "--no-coaching-days", "31", "--json").stdout
    )
    assert (data["since"], data["until"], data["no_coaching_days"]) == (
        "2026-11-01",
        "2026-12-02",
        31,
    )
    assert data["months"] == ["2026-11-01", "2026-12-01"]
    sam = next(m for m in data["managers"] if m["slug"] == "sam-rivera")
    assert (sam["coaching_share"], sam["sessions"]) == (
        0.5,
        {"coaching": 1, "performance": 1, "mixed": 0},
    )
    assert [u["slug"] for u in sam["no_coaching"]] == ["fay-ho", "eli-fox"]
    coach("team", "--no-coaching-days", "0", code=2)
    coach("team", "--since", "soon", code=1)


def test_add_list_remove_and_their_errors(coach: Run, corpus: Path, tmp_path: Path) -> None:
    assert coach("team", "list").stdout == (
        "No team source yet. Add one: coach team add NAME REMOTE|PATH\n"
    )
    none = coach("team", code=1)
    assert none.stderr == (
        "Error: No team source yet: add the managers' team remote or folder first.\n"
        "coach team add West git@github.com:acme/sales-west-team.git\n"
    )
    coach("team", "add", "West", str(corpus))
    again = coach("team", "add", "west", str(corpus), code=1)
    assert again.stderr == (
        f"Error: There is already a team source named 'West' ({corpus}).\n"
        "Choose another name, or `coach team remove West` first.\n"
    )
    (tmp_path / "plain").mkdir()
    plain = coach("team", "add", "East", str(tmp_path / "plain"), code=1)
    assert plain.stderr.startswith(f"Error: {tmp_path / 'plain'} holds no managers/ folder")
    from .helpers import write_publication

    for n in range(5):
        write_publication(tmp_path / "big", f"manager-{n}", manager=None)
    assert coach("team", "add", "Big", str(tmp_path / "big")).stdout.endswith(
        ": 5 managers: manager-0, manager-1, manager-2, manager-3, manager-4.\n"
    )
    for n in range(7):
        write_publication(tmp_path / "more", f"m-{n}", manager=None)
    assert coach("team", "add", "More", str(tmp_path / "more")).stdout.endswith(
        ": 7 managers: m-0, m-1, m-2, m-3, m-4, m-5, 1 more.\n"
    )
    coach("team", "remove", "Big")
    coach("team", "remove", "More")
    assert coach("team", "list").stdout == f"West  folder  {corpus}\n"
    listed = json.loads(coach("team", "list", "--json").stdout)
    assert listed == {
        "schema_version": 1,
        "sources": [{"name": "West", "remote": None, "path": str(corpus), "added": "2026-12-02"}],
    }
    wrong = coach("team", "remove", "Wets", code=1)
    assert wrong.stderr == (
        "Error: No team source is named 'Wets'. Did you mean 'West'?\n"
        "`coach team list` shows them.\n"
    )
    assert coach("team", "remove", "West").stdout == f"Removed West ({corpus}).\n"
    coach("team", code=1)


def test_a_broken_team_list_is_a_located_error(coach: Run, coach_home: Home) -> None:
    coach_home.root.mkdir(parents=True)
    (coach_home.root / "team.toml").write_text('[[source]]\nname = "West"\n', "utf-8")
    failed = coach("team", "list", code=1)
    assert failed.stderr == (
        f"Error: {coach_home.root / 'team.toml'} is not a valid team list (1 problem):\n"
        "  team.toml: line 1, source[0]: expected either remote or path, one of the two\n"
        "Fix the file, or remove it and add the sources again with `coach team add`.\n"
    )
