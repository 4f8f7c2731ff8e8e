"""The documentation's examples work as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coachcli.answers import start_from_file
from coachcli.home import Home
from coachcli.notes import from_markdown

from .helpers import Run, team_corpus, write_pipeline_weeks

ROOT = Path(__file__).resolve().parent.parent


def test_example_answers_file_runs_against_grow(coach_home: Home) -> None:
    example = ROOT / "docs" / "examples" / "grow-answers.toml"
    outcome = start_from_file(coach_home, "Alex Kim", example, "grow")
    assert outcome.status == "finished" and outcome.note is not None
    session = from_markdown(outcome.note.read_text(encoding="utf-8"))
    assert session.ratings == {"objection-handling": 2}
    assert [a.owner for a in session.actions] == ["rep", "manager"]
    assert session.feedback[0].text.startswith("On the Acme call on Tuesday")


def test_readme_opens_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```\n(.*?)\n```", readme, flags=re.S)
    assert blocks[0].startswith("pip install . && coach start")
    assert blocks[1] == 'pip install ".[test]" && pytest'
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- test-command -->" in readme and "test-command" in ci


NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "twenty-one": 21, "twenty-two": 22, "twenty-three": 23,
    "twenty-four": 24, "twenty-five": 25, "twenty-six": 26, "twenty-seven": 27,
    "twenty-eight": 28, "twenty-nine": 29, "thirty": 30,
}  # fmt: skip


def test_the_readme_counts_the_built_in_frameworks_right() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"([\w-]+) ship built in", readme)
    assert found, "README.md no longer says how many frameworks ship built in"
    built_in = len(list((ROOT / "frameworks").glob("*.toml")))
    assert NUMBER_WORDS[found.group(1).lower()] == built_in
    guide = (ROOT / "docs" / "frameworks.md").read_text(encoding="utf-8")
    said = re.search(r"coachcli comes with ([\w-]+),", guide)
    assert said and NUMBER_WORDS[said.group(1).lower()] == built_in
    for path in (ROOT / "frameworks").glob("*.toml"):
        assert (ROOT / "docs" / "frameworks" / f"{path.stem}.md").exists()


def _commands() -> list[str]:
    """Every command path of the CLI: ``start``, ``actions done``, ``frameworks list``..."""
    import typer.main

    from coachcli.cli import app

    def walk(command: object, prefix: str) -> list[str]:
        subcommands = getattr(command, "commands", None)
        if not subcommands:
            return [prefix]
        found = [prefix] if prefix and getattr(command, "invoke_without_command", False) else []
        for name, sub in sorted(subcommands.items()):
            if not getattr(sub, "hidden", False):
                found += walk(sub, f"{prefix} {name}".strip())
        return found

    return walk(typer.main.get_command(app), "")


def test_every_command_is_documented() -> None:
    docs = (ROOT / "README.md").read_text(encoding="utf-8") + "".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md")
    )
    commands = _commands()
    assert "start" in commands and "frameworks validate" in commands
    missing = [c for c in commands if f"coach {c}" not in docs]
    assert not missing, "not in README.md or docs/*.md: " + ", ".join(missing)


def _readme_examples() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = []
    for block in re.findall(r"```\n(.*?)\n```", readme, flags=re.S):
        lines += [line for line in block.splitlines() if line.startswith("coach ")]
    return lines


def test_the_readme_examples_run(
    coach: Run, coach_home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shlex

    import shellingham

    # a report the examples write lands here, not in the checkout; completion is
    # installed for bash in a home of the test's own, never the real ~/.bashrc
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "user-home"))
    (tmp_path / "user-home").mkdir()
    monkeypatch.setattr(shellingham, "detect_shell", lambda: ("bash", "/bin/bash"))

    example = ROOT / "docs" / "examples" / "grow-answers.toml"
    start_from_file(coach_home, "Alex Kim", example, "grow")
    export = ROOT / "docs" / "examples" / "win-rates.csv"  # `coach import metrics`'s example
    (tmp_path / export.name).write_bytes(export.read_bytes())
    deals = ROOT / "docs" / "examples" / "opportunities.csv"  # `coach import pipeline`'s
    (tmp_path / deals.name).write_bytes(deals.read_bytes())
    # weeks of what `coach import pipeline` keeps, for `coach pipeline`: the README's
    # `coach rep rename` moves them to Alex's new folder
    write_pipeline_weeks(coach_home, "alex-kim")
    team_corpus(tmp_path / "sales-west-team")  # the team publications `coach team add` reads
    examples = _readme_examples()
    assert len(examples) >= 15
    ran = 0
    for line in examples:
        if line.split()[1] == "start":
            continue  # interactive: tests/test_terminal.py runs it in a real terminal
        line = line.replace("$(coach frameworks path)", str(coach_home.frameworks_dir))
        result = coach(*shlex.split(line, comments=True)[1:], code=None)
        assert result.exit_code == 0, (line, result.output)
        ran += 1
    assert ran == len(examples) - 1


def _anchors(markdown: str) -> set[str]:
    """The anchors of a page's headings, as GitHub makes them."""
    headings = re.findall(r"^#+ (.+)$", markdown, flags=re.M)
    return {re.sub(r"[^\w\- ]", "", h).strip().lower().replace(" ", "-") for h in headings}


def test_choosing_names_every_framework_and_explains_every_suggestion() -> None:
    """docs/choosing.md: every built-in framework has its situation, linked to its page, and
    every rule of `coach balance` points at a section that exists."""
    from coachcli.analytics.suggestions import GUIDE, RULE_SECTIONS

    page = (ROOT / GUIDE).read_text(encoding="utf-8")
    for path in (ROOT / "frameworks").glob("*.toml"):
        assert f"[`{path.stem}`](frameworks/{path.stem}.md)" in page, path.stem
    linked = set(re.findall(r"\(frameworks/([\w-]+)\.md\)", page))
    assert linked <= {p.stem for p in (ROOT / "frameworks").glob("*.toml")}
    for fid, kind in re.findall(r"\[`([\w-]+)`\]\(frameworks/[\w-]+\.md\)[^|]*\| (\w+) \|", page):
        found = re.search(r'^kind = "(\w+)"', (ROOT / "frameworks" / f"{fid}.toml").read_text(
            encoding="utf-8"), flags=re.M)  # fmt: skip
        assert found and found.group(1) == kind, fid
    anchors = _anchors(page)
    assert set(RULE_SECTIONS.values()) <= anchors
    for rule in ("accountability", "conversion", "coaching-gap"):
        assert rule in RULE_SECTIONS
