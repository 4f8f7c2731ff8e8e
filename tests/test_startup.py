"""`coach --help` and `coach --version` stay cheap: they import none of the heavy modules.

These tests do not time anything (timing is ``benchmarks/startup.py``'s job).
They run the CLI in a fresh interpreter with ``python -X importtime`` and read
which modules it imported, so a top-level import of a heavy module anywhere on
the start-up path fails here, with the chain of modules that pulled it in.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachcli import __version__

from .helpers import piped_output

# Neither `coach --help` nor `coach --version` may import these (nor their submodules).
FORBIDDEN = (
    "pydantic",
    "pydantic_core",
    "coachcli.framework",
    "coachcli.loader",
    "coachcli.config",
    "tomllib",
    "yaml",
    "sqlite3",
    "rich.table",
    "prompt_toolkit",
    "icalendar",
)


@dataclass(frozen=True)
class Imported:
    """One line of ``-X importtime`` output."""

    depth: int
    name: str


def parse_importtime(stderr: str) -> list[Imported]:
    """The modules in ``import time: self | cumulative | name`` lines, in output order.

    The name is indented two spaces per level of nesting; a module is listed
    before the module that imported it.
    """
    imported: list[Imported] = []
    for line in stderr.splitlines():
        if not line.startswith("import time:"):
            continue
        fields = line.split("|")
        if len(fields) != 3 or not fields[0].split(":")[1].strip().isdigit():
            continue  # the header line
        raw = fields[2].rstrip()
        name = raw.lstrip(" ")
        depth = (len(raw) - len(name) - 1) // 2
        imported.append(Imported(depth, name))
    return imported


def importer_chain(imported: list[Imported], index: int) -> list[str]:
    """The module at ``index`` followed by the modules that (transitively) imported it."""
    chain = [imported[index].name]
    depth = imported[index].depth
    for later in imported[index + 1 :]:
        if later.depth < depth:
            chain.append(later.name)
            depth = later.depth
    return chain


def is_forbidden(name: str) -> bool:
    return any(name == module or name.startswith(module + ".") for module in FORBIDDEN)


def run_coach(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -X importtime -m coachcli ARGS`` in a fresh interpreter."""
    env = dict(os.environ)
    env["COACH_HOME"] = str(home)
    env["XDG_CACHE_HOME"] = str(home.parent / "xdg-cache")  # the index and caches: not the user's
    env["NO_COLOR"] = "1"
    env["COLUMNS"] = "120"
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    return subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "coachcli", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["--version"], ["-V"]])
def test_start_up_imports_no_heavy_module(args: list[str], tmp_path: Path) -> None:
    result = run_coach(args, tmp_path / "home")
    assert result.returncode == 0, result.stderr
    imported = parse_importtime(result.stderr)
    names = {entry.name for entry in imported}
    # Guard against a parse that finds nothing and so passes vacuously.
    assert {"coachcli", "coachcli.cli", "typer"} <= names, result.stderr[-2000:]

    offenders = [
        " <- ".join(importer_chain(imported, i))
        for i, entry in enumerate(imported)
        if is_forbidden(entry.name)
    ]
    assert not offenders, f"`coach {' '.join(args)}` imported heavy modules:\n" + "\n".join(
        offenders
    )


def test_help_lists_the_command_groups(tmp_path: Path) -> None:
    from coachcli.cli import app

    groups = {group.name for group in app.registered_groups}
    assert {"frameworks", "config"} <= groups

    result = run_coach(["--help"], tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: coach ")
    commands = result.stdout.split("Commands:", 1)
    assert len(commands) == 2, result.stdout
    listed = {line.split()[0] for line in commands[1].splitlines() if line.strip()}
    assert groups <= listed, result.stdout


def test_version_prints_the_version(tmp_path: Path) -> None:
    result = run_coach(["--version"], tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"coach {__version__}"


def test_parse_importtime_finds_the_importer_chain() -> None:
    stderr = (
        "import time: self [us] | cumulative | imported package\n"
        "import time:       100 |        100 |     pydantic_core\n"
        "import time:       200 |        300 |   pydantic\n"
        "import time:        50 |        350 | coachcli.framework\n"
        "import time:        10 |         10 | rich.text\n"
    )
    imported = parse_importtime(stderr)
    assert [entry.name for entry in imported] == [
        "pydantic_core",
        "pydantic",
        "coachcli.framework",
        "rich.text",
    ]
    assert importer_chain(imported, 0) == ["pydantic_core", "pydantic", "coachcli.framework"]
    assert [is_forbidden(entry.name) for entry in imported] == [True, True, True, False]
    assert not is_forbidden("coachcli.frameworks")
    assert not is_forbidden("coachcli.configuration")


def _command_paths() -> list[list[str]]:
    import typer

    from coachcli.cli import app

    found: list[list[str]] = []

    def walk(group: object, prefix: list[str]) -> None:
        for name, command in sorted(getattr(group, "commands", {}).items()):
            found.append([*prefix, name])
            walk(command, [*prefix, name])

    walk(typer.main.get_command(app), [])
    return found


@pytest.mark.parametrize("path", _command_paths(), ids=" ".join)
def test_every_commands_help_imports_no_heavy_module(path: list[str], tmp_path: Path) -> None:
    """typer 0.29 checks parameters with pydantic; coach's help must not pay for it."""
    result = run_coach([*path, "--help"], tmp_path / "home")
    assert result.returncode == 0, result.stderr
    imported = parse_importtime(result.stderr)
    assert {"coachcli", "coachcli.cli", "typer"} <= {e.name for e in imported}
    offenders = [
        " <- ".join(importer_chain(imported, i))
        for i, entry in enumerate(imported)
        if is_forbidden(entry.name) or entry.name == "typer._adapters"
    ]
    assert not offenders, f"`coach {' '.join(path)} --help` imported:\n" + "\n".join(offenders)


def test_read_commands_on_a_warm_home_load_no_pydantic(tmp_path: Path) -> None:
    """Profiles, settings and the frameworks' facts come checked from beside the index."""
    from coachcli.answers import start_from_file
    from coachcli.home import Home

    home = Home(tmp_path / "home")
    example = Path(__file__).parent.parent / "docs" / "examples" / "grow-answers.toml"
    start_from_file(home, "Alex Kim", example, "grow")
    home.config_file.write_text('manager_name = "Sam Rivera"\n', "utf-8")
    old = time.time() - 60  # settled: a file changed a moment ago is checked every time
    for path in [home.config_file, *home.reps_dir.rglob("*")]:
        os.utime(path, (old, old))
    for args in (["reps"], ["history", "Alex Kim"], ["balance"], ["brief", "Alex Kim"]):
        run_coach(["--no-pager", *args], home.root)  # the first run checks and keeps
        result = run_coach(["--no-pager", *args], home.root)
        assert result.returncode == 0, result.stderr
        imported = parse_importtime(result.stderr)
        offenders = [
            " <- ".join(importer_chain(imported, i))
            for i, entry in enumerate(imported)
            if entry.name in ("pydantic", "typer._adapters", "coachcli.framework", "yaml",
                              "hashlib",  # (the index's digest without OpenSSL)
                              "coachcli.index.build")  # a rebuild's
        ]  # fmt: skip
        assert not offenders, f"coach {' '.join(args)}:\n" + "\n".join(offenders)


@pytest.mark.parametrize("args", [["reps"], ["actions"], ["rep", "list"], ["balance"]])
def test_a_listing_on_an_empty_home_opens_no_index(args: list[str], tmp_path: Path) -> None:
    """No rep folder means no note: nothing to index, and nothing heavy to load (the settings'
    defaults come checked from the cache after the first run)."""
    run_coach(["--no-pager", *args], tmp_path / "home")
    result = run_coach(["--no-pager", *args], tmp_path / "home")
    assert result.returncode == 0, result.stderr
    imported = {e.name for e in parse_importtime(result.stderr)}
    assert not {"sqlite3", "pydantic", "coachcli.index"} & imported
    assert not (tmp_path / "home").exists()  # a listing writes nothing into the home


_FIND_NOTHING = [["reps"], ["actions"], ["rep", "list"], ["search", "pricing"], ["balance"]]


@pytest.mark.parametrize("args", _FIND_NOTHING, ids=" ".join)
def test_a_listing_on_an_empty_home_loads_neither_index_nor_rich(
    args: list[str], tmp_path: Path
) -> None:
    """Nothing to read: answered before the index, the analytics or a rich console is loaded;
    a search does not even load `coach search`'s question's neighbours in queries.py."""
    run_coach(["--no-pager", *args], tmp_path / "home")
    result = run_coach(["--no-pager", *args], tmp_path / "home")
    assert result.returncode == (1 if args[0] == "search" else 0), result.stderr
    assert result.stdout.strip() in (
        'No reps yet. Start with: coach start "Alex Kim"',
        "No action items match.",
        'No reps yet. Add one with: coach rep add "Alex Kim"',
        "No note matches.",
    )
    imported = parse_importtime(result.stderr)
    heavy = ("sqlite3", "pydantic", "typer._adapters", "coachcli.index", "rich.console",
             "coachcli.analytics.balances", "coachcli.analytics.overview",
             "coachcli.analytics.briefing")  # fmt: skip
    if args[0] == "search":
        heavy += ("coachcli.queries", "coachcli.analytics")
    offenders = [
        " <- ".join(importer_chain(imported, i))
        for i, entry in enumerate(imported)
        if any(entry.name == m or entry.name.startswith(m + ".") for m in heavy)
    ]
    assert not offenders, f"coach {' '.join(args)}:\n" + "\n".join(offenders)


def test_history_with_notes_loads_only_the_analytics_it_shows(tmp_path: Path) -> None:
    from coachcli.answers import start_from_file
    from coachcli.home import Home

    home = Home(tmp_path / "home")
    example = Path(__file__).parent.parent / "docs" / "examples" / "grow-answers.toml"
    start_from_file(home, "Alex Kim", example, "grow")
    old = time.time() - 60  # settled: a file changed a moment ago is checked every time
    for path in home.reps_dir.rglob("*"):
        os.utime(path, (old, old))
    run_coach(["--no-pager", "history", "Alex Kim"], home.root)
    result = run_coach(["--no-pager", "history", "Alex Kim"], home.root)
    assert result.returncode == 0, result.stderr
    assert "Alex Kim: 1 session" in result.stdout
    imported = parse_importtime(result.stderr)
    names = {e.name for e in imported}
    assert "coachcli.analytics.sessions" in names  # the parse found the import lines
    unwanted = ("coachcli.analytics.balances", "coachcli.analytics.overview",
                "coachcli.analytics.briefing", "pydantic", "typer._adapters", "yaml",
                "rich.markdown", "rich.progress", "tomllib",
                # printed to a pipe as plain lines; the index's digest without OpenSSL; no
                # profile to report as broken
                "rich.text", "rich.console", "hashlib", "_hashlib",
                "coachcli.tomlfile")  # fmt: skip
    offenders = [
        " <- ".join(importer_chain(imported, i))
        for i, entry in enumerate(imported)
        if entry.name in unwanted
        or (entry.name.startswith("coachcli.cli.cmd_") and entry.name != "coachcli.cli.cmd_history")
    ]  # (nor the other commands' modules)
    assert not offenders, "coach history:\n" + "\n".join(offenders)


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["history", "Jo"], "history"),
        (["--no-pager", "--home", "/x", "search", "a"], "search"),
        (["--home=/x", "rep", "list"], "rep"),
        (["--no-pager", "actions", "done", "ab12"], "actions"),
        (["calendar", "-o", "x.ics"], "calendar"),
        (["import", "metrics", "x.csv", "--dry-run"], "import"),
        (["pipeline", "Jo", "--json"], "pipeline"),
        (["--help"], None),
        (["-V"], None),
        ([], None),
        (["--home"], None),
        (["histroy"], None),
        (["--bogus", "reps"], None),
    ],
)
def test_app_for_holds_only_the_command_named(argv: list[str], named: str | None) -> None:
    from coachcli.cli import app, app_for

    chosen = app_for(argv)
    if named is None:
        assert chosen is app
        return
    assert chosen is not app
    held = [c.name for c in chosen.registered_commands] + [g.name for g in chosen.registered_groups]
    assert held == [named]


def test_app_for_is_the_whole_app_for_shell_completion(monkeypatch: pytest.MonkeyPatch) -> None:
    from coachcli.cli import app, app_for

    monkeypatch.setenv("_COACH_COMPLETE", "complete_bash")
    assert app_for(["history", "Jo"]) is app


@pytest.mark.parametrize(
    "args",
    [[*path, "--help"] for path in _command_paths()]
    + [["history"], ["rep", "bogus"], ["search"], ["actions", "done"], ["start", "--kind", "x"]],
    ids=" ".join,
)
def test_one_command_app_says_what_the_whole_app_says(args: list[str]) -> None:
    """Help, usage errors and exit codes are the same through app_for as through app."""
    from typer.testing import CliRunner

    from coachcli.cli import app, app_for

    runner = CliRunner()
    whole = runner.invoke(app, args, prog_name="coach")
    one = runner.invoke(app_for(args), args, prog_name="coach")
    assert (one.exit_code, one.stdout, one.stderr) == (whole.exit_code, whole.stdout, whole.stderr)


@settings(max_examples=80, deadline=None)
@given(
    message=st.text(st.characters(min_codepoint=32, max_codepoint=126), min_size=1, max_size=40),
    columns=st.sampled_from([None, "8", "20", "80", "abc"]),
    style=st.sampled_from(["", "green", "yellow"]),
)
def test_a_plain_line_is_what_rich_prints(message: str, columns: str | None, style: str) -> None:
    """print_line writes without rich only what rich itself would write, byte for byte."""
    from coachcli.cli import render

    ours = piped_output(lambda: render.print_line(message, style), columns)
    rich = piped_output(lambda: render.stdout().print(render.text(message, style)), columns)
    assert ours == rich
