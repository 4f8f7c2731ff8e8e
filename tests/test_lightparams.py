"""Parameters read without pydantic give what typer's own coercion gives."""

from __future__ import annotations

from typing import Any

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st

from coachcli.cli import app
from coachcli.cli.lightparams import install


def _params() -> list[Any]:
    found: list[Any] = []

    def walk(command: Any) -> None:
        found.extend(p for p in getattr(command, "params", []) if hasattr(p, "type_descriptor"))
        for child in getattr(command, "commands", {}).values():
            walk(child)

    walk(typer.main.get_command(app))
    return found


def test_it_is_installed_on_this_typer() -> None:
    assert install() is True  # a newer typer without these internals would make coach slower


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=40), flag=st.booleans())
def test_every_parameter_coerces_as_typer_does(text: str, flag: bool) -> None:
    from typer._coercion import build_runtime_param

    ctx = typer.main.get_command(app).make_context("coach", ["--help"], resilient_parsing=True)
    params = _params()
    assert len(params) > 40
    checked = 0
    for param in params:
        param._runtime_param = None  # each example starts afresh
        light = param.get_runtime_param()
        typer_own = build_runtime_param(param.type_descriptor)
        for value in (None, text, flag, param.default, (text, text), [text], (), (text, 1)):
            try:
                expected: Any = ("ok", typer_own.coerce(value, param=param, ctx=ctx))
            except Exception as exc:  # a refusal must be the same refusal
                expected = ("error", type(exc).__name__, str(exc))
            try:
                got: Any = ("ok", light.coerce(value, param=param, ctx=ctx))
            except Exception as exc:
                got = ("error", type(exc).__name__, str(exc))
            assert got == expected, (param.name, value)
            checked += 1
    assert checked == 8 * len(params)


@pytest.mark.parametrize("args", [["reps"], ["--no-pager", "reps"]])
def test_a_command_on_an_empty_home_builds_no_adapter(args: list[str], tmp_path: Any) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg-cache")}  # not the user's cache
    home = str(tmp_path / "home")
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "coachcli", "--home", home, *args],
        capture_output=True, text=True, timeout=60, check=False, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "typer._adapters" not in result.stderr
