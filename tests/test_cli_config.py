"""`coach config ...` and home resolution."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coachcli.home import Home, resolve_home

from .helpers import Run


def test_defaults_without_a_file(coach: Run, coach_home: Home) -> None:
    data = json.loads(coach("config", "show", "--json").stdout)
    assert data == {
        "schema_version": 1,
        "home": str(coach_home.root),
        "manager_name": "",
        "default_framework": "grow",
        "cadence_days": 7,
        "coaching_target": 0.6,
        "pager": "",
        "sync": {"auto": False, "name": ""},
    }
    assert not coach_home.config_file.exists()


def test_a_table_key_is_set_shown_and_unset(coach: Run, coach_home: Home) -> None:
    assert coach("config", "set", "sync.auto", "true").stdout.strip() == "sync.auto = True"
    assert "[sync]\nauto = true" in coach_home.config_file.read_text()
    coach("config", "set", "sync.name", "Morgan Lee")
    assert json.loads(coach("config", "show", "--json").stdout)["sync"] == {
        "auto": True,
        "name": "Morgan Lee",
    }
    assert "sync.auto" in coach("config", "show").stdout
    coach("config", "unset", "sync.auto")
    coach("config", "unset", "sync.name")
    assert "sync" not in coach_home.config_file.read_text().split("\n", 1)[1]
    bad = coach("config", "set", "sync.auto", "often", code=1)
    assert "Bad value for sync.auto" in bad.stderr
    typo = coach("config", "set", "sync.autp", "true", code=1)
    assert "Did you mean 'sync.auto'?" in typo.stderr


def test_set_writes_toml_and_show_reads_it(coach: Run, coach_home: Home) -> None:
    assert coach("config", "set", "cadence_days", "14").stdout.strip() == "cadence_days = 14"
    coach("config", "set", "manager_name", "Sam Rivera")
    coach("config", "set", "coaching_target", "0.5")
    text = coach_home.config_file.read_text()
    assert "cadence_days = 14" in text
    assert 'manager_name = "Sam Rivera"' in text
    assert (coach_home.config_file.stat().st_mode & 0o777) == 0o600
    shown = coach("config", "show").stdout
    assert "Sam Rivera" in shown
    assert "14" in shown
    data = json.loads(coach("config", "show", "--json").stdout)
    assert data["coaching_target"] == 0.5


def test_unset_returns_to_default(coach: Run, coach_home: Home) -> None:
    coach("config", "set", "cadence_days", "21")
    coach("config", "unset", "cadence_days")
    assert "cadence_days" not in coach_home.config_file.read_text()
    assert json.loads(coach("config", "show", "--json").stdout)["cadence_days"] == 7


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("cadense_days", "7", "Did you mean 'cadence_days'?"),
        ("cadence_days", "weekly", "valid integer"),
        ("cadence_days", "0", "greater than or equal to 1"),
        ("coaching_target", "1.5", "less than or equal to 1"),
        ("default_framework", "My Framework", "default_framework"),
    ],
)
def test_bad_settings_are_clear_errors(coach: Run, key: str, value: str, expected: str) -> None:
    result = coach("config", "set", key, value, code=1)
    assert expected in result.stderr
    assert result.stdout == ""


def test_hand_broken_config_names_file_line_and_key(coach: Run, coach_home: Home) -> None:
    coach_home.root.mkdir(parents=True)
    coach_home.config_file.write_text('manager_name = "Sam"\ncadence = 7\n')
    result = coach("config", "show", code=1)
    assert str(coach_home.config_file) in result.stderr
    assert "line 2" in result.stderr
    assert "unknown key 'cadence'; did you mean 'cadence_days'?" in result.stderr


def test_config_path(coach: Run, coach_home: Home) -> None:
    assert coach("config", "path").stdout.strip() == str(coach_home.config_file)


def test_home_resolution_order(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("COACH_HOME", str(tmp_path / "env"))
    assert resolve_home(str(tmp_path / "opt")).root == tmp_path / "opt"
    assert resolve_home(None).root == tmp_path / "env"
    monkeypatch.delenv("COACH_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert resolve_home(None).root == tmp_path / "xdg" / "coachcli"


def test_version_and_help(coach: Run) -> None:
    from coachcli import __version__

    assert coach("--version").stdout.strip() == f"coach {__version__}"
    text = coach("--help").stdout
    for group in ("frameworks", "config", "--home"):
        assert group in text


def test_unset_removes_a_mistyped_key(coach: Run, coach_home: Home) -> None:
    coach_home.root.mkdir(parents=True)
    coach_home.config_file.write_text('cadence = 7\nmanager_name = "Sam"\n')
    coach("config", "set", "cadence_days", "7", code=1)
    coach("config", "unset", "cadence")
    assert "cadence =" not in coach_home.config_file.read_text()
    assert json.loads(coach("config", "show", "--json").stdout)["manager_name"] == "Sam"
