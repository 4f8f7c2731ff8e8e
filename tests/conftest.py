"""Shared fixtures: every test gets its own empty home; none touches a real one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from coachcli.home import Home

from .helpers import Run


@pytest.fixture(autouse=True)
def coach_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Home]:
    """Point COACH_HOME (and the platform folders, as a guard) at a temporary folder."""
    root = tmp_path / "home"
    monkeypatch.setenv("COACH_HOME", str(root))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    yield Home(root)


@pytest.fixture
def coach() -> Run:
    """Run ``coach ARGS`` in-process; fail on any traceback; return the result.

    Through ``app_for``, as the ``coach`` script runs it: the root holding only
    the command named (or the whole app when none is named plainly).
    """
    from coachcli.cli import app_for

    runner = CliRunner()

    def run(*args: str, input: str | None = None, code: int | None = 0) -> Result:
        result = runner.invoke(app_for(list(args)), list(args), input=input, prog_name="coach")
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        assert "Traceback" not in result.output
        if code is not None:
            assert result.exit_code == code, (result.exit_code, result.output, result.stderr)
        return result

    return run


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Property tests (hypothesis) are slow by nature: mark them so `-m "not slow"` is quick."""
    for item in items:
        if getattr(getattr(item, "obj", None), "is_hypothesis_test", False):
            item.add_marker(pytest.mark.slow)
