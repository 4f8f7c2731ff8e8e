"""The pager: chosen as git chooses it, used only on a terminal, skipped when asked.

The choice is a pure function (tested directly); the rest runs ``coach`` in
a real pseudo-terminal with a fake pager on PATH that records what it got.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect  # type: ignore[import-untyped]
import pytest

from coachcli.cli.render import DEFAULT_PAGER, pager_command
from coachcli.home import Home

from .helpers import Run

FAKE_PAGER = """#!/bin/sh
cat > "{record}"
echo "{name} ran: $*" >> "{record}"
"""


@pytest.mark.parametrize(
    ("environ", "setting", "expected"),
    [
        ({}, "", DEFAULT_PAGER),
        ({"PAGER": "more"}, "", "more"),
        ({"PAGER": "more", "COACH_PAGER": "most -s"}, "", "most -s"),
        ({"PAGER": "more"}, "bat --paging=always", "bat --paging=always"),
        ({"PAGER": "more", "COACH_PAGER": "most"}, "bat", "most"),  # as GIT_PAGER
        ({"PAGER": "more"}, "true", "more"),  # `true`: the default choice
        ({"PAGER": "more"}, "false", None),
        ({}, "off", None),
        ({"PAGER": ""}, "", None),  # as git: set but empty means none
        ({"PAGER": "cat"}, "", None),
        ({"COACH_PAGER": ""}, "less", None),
        ({"COACH_PAGER": "  cat "}, "", None),
    ],
)
def test_the_pager_is_chosen_as_git_chooses(
    environ: dict[str, str], setting: str, expected: str | None
) -> None:
    assert pager_command(environ, setting) == expected


@pytest.fixture
def fake_pagers(tmp_path: Path) -> Path:
    """A folder on PATH with two fake pagers, ``fakepager`` and ``otherpager``."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for name in ("fakepager", "otherpager"):
        script = folder / name
        script.write_text(FAKE_PAGER.format(record=tmp_path / f"{name}.txt", name=name))
        script.chmod(0o755)
    return folder


def run_in_terminal(home: Home, bin_dir: Path, *args: str, **env: str) -> str:
    """Run ``coach ARGS`` in a pty with ``bin_dir`` first on PATH; what the terminal showed."""
    environ = {k: v for k, v in os.environ.items() if k not in ("PAGER", "COACH_PAGER", "LESS")}
    environ.update(COACH_HOME=str(home.root), NO_COLOR="1", TERM="dumb",
                   PATH=f"{bin_dir}{os.pathsep}{environ['PATH']}", **env)  # fmt: skip
    child = pexpect.spawn(sys.executable, ["-m", "coachcli", *args], env=environ,
                          encoding="utf-8", timeout=20, dimensions=(10, 100))  # fmt: skip
    shown = child.read()
    child.close()
    assert child.exitstatus == 0, shown
    return str(shown)


def recorded(folder: Path, name: str = "fakepager") -> str | None:
    path = folder.parent / f"{name}.txt"
    return path.read_text() if path.exists() else None


def test_pager_gets_the_output_on_a_terminal(coach_home: Home, fake_pagers: Path) -> None:
    shown = run_in_terminal(coach_home, fake_pagers, "frameworks", "list", PAGER="fakepager -x")
    got = recorded(fake_pagers)
    assert got is not None
    assert "pipeline-review" in got  # the whole list went to the pager...
    assert got.endswith("fakepager ran: -x\n")  # ...which ran with its arguments
    assert "pipeline-review" not in shown  # and not to the terminal


def test_coach_pager_comes_before_pager(coach_home: Home, fake_pagers: Path) -> None:
    run_in_terminal(coach_home, fake_pagers, "frameworks", "list",
                    PAGER="fakepager", COACH_PAGER="otherpager")  # fmt: skip
    assert recorded(fake_pagers) is None
    assert "grow" in (recorded(fake_pagers, "otherpager") or "")


def test_no_pager_option_prints_to_the_terminal(coach_home: Home, fake_pagers: Path) -> None:
    shown = run_in_terminal(coach_home, fake_pagers, "--no-pager", "frameworks", "list",
                            PAGER="fakepager", COACH_PAGER="fakepager")  # fmt: skip
    assert recorded(fake_pagers) is None
    assert "pipeline-review" in shown


def test_the_setting_turns_the_pager_off_or_picks_one(
    coach: Run, coach_home: Home, fake_pagers: Path
) -> None:
    assert coach("config", "set", "pager", "false").stdout == "pager = 'false'\n"
    shown = run_in_terminal(coach_home, fake_pagers, "frameworks", "list", PAGER="fakepager")
    assert recorded(fake_pagers) is None
    assert "pipeline-review" in shown
    coach("config", "set", "pager", "otherpager")
    run_in_terminal(coach_home, fake_pagers, "frameworks", "list", PAGER="fakepager")
    assert recorded(fake_pagers) is None
    assert "pipeline-review" in (recorded(fake_pagers, "otherpager") or "")


def test_a_pager_that_is_not_installed_is_skipped(coach_home: Home, fake_pagers: Path) -> None:
    shown = run_in_terminal(coach_home, fake_pagers, "frameworks", "list",
                            PAGER="no-such-pager-here -R")  # fmt: skip
    assert "pipeline-review" in shown


def test_never_a_pager_when_stdout_is_not_a_terminal(
    coach: Run, fake_pagers: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", f"{fake_pagers}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("COACH_PAGER", "fakepager")
    assert "pipeline-review" in coach("frameworks", "list").stdout
    assert recorded(fake_pagers) is None


def test_quitting_the_pager_early_ends_the_command_quietly(
    coach_home: Home, fake_pagers: Path
) -> None:
    quitter = fake_pagers / "quitter"
    quitter.write_text("#!/bin/sh\nhead -c 10 > /dev/null\n")  # reads a little, then quits
    quitter.chmod(0o755)
    shown = run_in_terminal(coach_home, fake_pagers, "frameworks", "show", "grow",
                            PAGER="quitter")  # fmt: skip
    assert "Traceback" not in shown
    assert "Error" not in shown


def test_output_stops_when_the_pager_quits(
    fake_pagers: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from coachcli.cli.render import paging

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    quitter = fake_pagers / "quitter"
    quitter.write_text("#!/bin/sh\nhead -c 10 > /dev/null\n")
    quitter.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake_pagers}{os.pathsep}{os.environ['PATH']}")
    screen = Terminal()
    monkeypatch.setattr(sys, "stdout", screen)
    printed = 0
    with paging("quitter"):
        while printed < 1_000_000:  # far more than a pipe holds
            print("a line of a long listing")
            printed += 1
    assert printed < 1_000_000  # stopped once the pager had quit
    assert sys.stdout is screen
    assert screen.getvalue() == ""
