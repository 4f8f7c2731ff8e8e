"""`coach frameworks ...` through the CLI: transcripts, files written, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from coachcli.home import Home
from coachcli.loader import builtin_dir

from .helpers import Run

BUILTIN_IDS = sorted(p.stem for p in builtin_dir().glob("*.toml"))


def test_builtins_are_listed(coach: Run) -> None:
    result = coach("frameworks", "list")
    assert "grow" in result.stdout
    assert "pipeline-review" in result.stdout
    assert "built-in" in result.stdout


def test_list_json_shape(coach: Run) -> None:
    rows = json.loads(coach("frameworks", "list", "--json").stdout)["frameworks"]
    assert sorted(r["id"] for r in rows) == BUILTIN_IDS
    grow = next(r for r in rows if r["id"] == "grow")
    assert grow["kind"] == "coaching"
    assert grow["source"] == "built-in"
    assert grow["valid"] is True
    assert grow["errors"] == []
    assert isinstance(grow["minutes"], int)


def test_new_skeleton_validates_and_is_listed(coach: Run, coach_home: Home) -> None:
    result = coach("frameworks", "new", "my-coaching")
    path = coach_home.frameworks_dir / "my-coaching.toml"
    assert path.is_file()
    assert str(path) in result.stdout
    assert (path.stat().st_mode & 0o777) == 0o600
    assert 'id = "my-coaching"' in path.read_text()
    coach("frameworks", "validate", str(path))
    listed = coach("frameworks", "list").stdout
    assert "my-coaching" in listed
    assert "user" in listed


def test_new_skeleton_shows_every_visibility_key(coach: Run, coach_home: Home) -> None:
    """An author sees each key, with a comment, and the skeleton shares something."""
    coach("frameworks", "new", "my-coaching")
    text = (coach_home.frameworks_dir / "my-coaching.toml").read_text()
    for key in ("visibility", "actions_visibility", "summary_visibility"):
        lines = [line for line in text.splitlines() if line.strip().startswith(f"{key} =")]
        assert lines and all("#" in line for line in lines), key
    data = json.loads(coach("frameworks", "show", "my-coaching", "--json").stdout)
    assert [s["visibility"] for s in data["sections"]] == ["shared", "private"]
    questions = {q["id"]: q["visibility"] for s in data["sections"] for q in s["questions"]}
    assert questions == {
        "goal-outcome": "shared",
        "reflect-confidence": "private",
        "reflect-learned": "shared",  # its own: differs from its section
    }
    assert [r["visibility"] for r in data["ratings"]] == ["private"]
    assert [m["visibility"] for m in data["metrics"]] == ["shared"]
    assert [t["visibility"] for t in data["feedback"]] == ["shared"]


def test_new_from_copies_and_overrides_nothing(coach: Run, coach_home: Home) -> None:
    coach("frameworks", "new", "my-grow", "--from", "grow")
    text = (coach_home.frameworks_dir / "my-grow.toml").read_text()
    assert 'id = "my-grow"' in text
    rows = json.loads(coach("frameworks", "list", "--json").stdout)["frameworks"]
    ids = [r["id"] for r in rows]
    assert "grow" in ids and "my-grow" in ids


def test_a_copy_gets_its_own_name_so_no_two_entries_are_the_same(
    coach: Run, coach_home: Home
) -> None:
    coach("frameworks", "new", "my-grow", "--from", "grow")
    coach("frameworks", "new", "team-grow", "--from", "grow")
    coach("frameworks", "new", "grow", "--from", "grow")  # an override keeps the name
    names = {
        r["id"]: r["name"]
        for r in json.loads(coach("frameworks", "list", "--json").stdout)["frameworks"]
    }
    assert names["my-grow"] == "GROW coaching conversation (copy)"
    assert names["team-grow"] == "GROW coaching conversation (copy 2)"
    assert names["grow"] == "GROW coaching conversation"
    assert len(set(names.values())) == len(names)
    text = (coach_home.frameworks_dir / "my-grow.toml").read_text()
    assert text.count('name = "GROW coaching conversation (copy)"') == 1
    # only the framework's own name changed: ratings, metrics and templates keep theirs
    source = (builtin_dir() / "grow.toml").read_text()
    assert text.count("\nname = ") + text.count(" name = ") == source.count(
        "\nname = "
    ) + source.count(" name = ")


def test_a_copy_of_a_name_with_quotes_stays_valid_toml(coach: Run, coach_home: Home) -> None:
    coach("frameworks", "new", "ours", "--from", "grow")
    path = coach_home.frameworks_dir / "ours.toml"
    path.write_text(path.read_text().replace('name = "GROW coaching conversation (copy)"',
                                             "name = 'The \"best\" GROW \\ ours'", 1))  # fmt: skip
    coach("frameworks", "new", "ours-too", "--from", "ours")
    names = {
        r["id"]: r["name"]
        for r in json.loads(coach("frameworks", "list", "--json").stdout)["frameworks"]
    }
    assert names["ours-too"] == 'The "best" GROW \\ ours (copy)'


def test_new_refuses_existing_and_bad_ids(coach: Run) -> None:
    coach("frameworks", "new", "mine")
    again = coach("frameworks", "new", "mine", code=1)
    assert "already exists" in again.stderr
    bad = coach("frameworks", "new", "My Framework", code=1)
    assert "not a valid framework id" in bad.stderr
    unknown = coach("frameworks", "new", "x", "--from", "grwo", code=1)
    assert "Did you mean 'grow'?" in unknown.stderr


def test_user_file_overrides_builtin(coach: Run, coach_home: Home) -> None:
    source = (builtin_dir() / "grow.toml").read_text()
    target = coach_home.frameworks_dir / "grow.toml"
    target.parent.mkdir(parents=True)
    target.write_text(source.replace('name = "', 'name = "Our ', 1))
    rows = json.loads(coach("frameworks", "list", "--json").stdout)["frameworks"]
    grow = [r for r in rows if r["id"] == "grow"]
    assert len(grow) == 1
    assert grow[0]["source"] == "user"
    assert grow[0]["overrides"] == str(builtin_dir() / "grow.toml")
    assert grow[0]["name"].startswith("Our ")
    assert "overrides built-in" in coach("frameworks", "list").stdout
    assert "Our " in coach("frameworks", "show", "grow").stdout


def test_invalid_user_file_is_listed_not_fatal(coach: Run, coach_home: Home) -> None:
    broken = coach_home.frameworks_dir / "broken.toml"
    broken.parent.mkdir(parents=True)
    broken.write_text('schema = 1\nid = "broken"\nkind = "coachng"\n')
    result = coach("frameworks", "list")
    assert "broken" in result.stdout
    assert "invalid" in result.stdout
    assert "grow" in result.stdout
    rows = json.loads(coach("frameworks", "list", "--json").stdout)["frameworks"]
    row = next(r for r in rows if r["id"] == "broken")
    assert row["valid"] is False
    assert any("did you mean 'coaching'" in e for e in row["errors"])


def test_validate_default_set_passes(coach: Run) -> None:
    result = coach("frameworks", "validate")
    for framework_id in BUILTIN_IDS:
        assert f"{framework_id}.toml" in result.stdout
    assert "invalid" not in result.stdout


def test_validate_reports_every_problem_and_exits_1(coach: Run, tmp_path: Path) -> None:
    bad = tmp_path / "team.toml"
    bad.write_text(
        (builtin_dir() / "grow.toml")
        .read_text()
        .replace('kind = "coaching"', 'kind = "coachng"', 1)
        .replace("prompt =", "promt =", 1)
    )
    good = builtin_dir() / "pipeline-review.toml"
    result = coach("frameworks", "validate", str(good), str(bad), code=1)
    assert f"ok      {good}" in result.stdout
    assert f"invalid {bad}" in result.stdout
    assert "did you mean 'coaching'?" in result.stdout
    assert "did you mean 'prompt'?" in result.stdout
    assert "1 of 2 framework files is invalid" in result.stderr


def test_validate_missing_file(coach: Run, tmp_path: Path) -> None:
    result = coach("frameworks", "validate", str(tmp_path / "nope.toml"), code=1)
    assert "nope.toml" in result.output


def test_show_outline(coach: Run) -> None:
    result = coach("frameworks", "show", "grow", "--markdown")
    text = result.stdout
    assert text.startswith("# ")
    assert "## Sections" in text
    assert "## Skill ratings" in text
    assert "## Metrics" in text
    assert "## Feedback templates" in text
    # piped (not a terminal): the Markdown source itself, ready to save or grep
    piped = coach("frameworks", "show", "grow").stdout
    assert piped == text


def test_show_json_is_the_framework_as_data(coach: Run) -> None:
    data = json.loads(coach("frameworks", "show", "pipeline-review", "--json").stdout)
    assert (data["schema_version"], data["id"], data["kind"], data["minutes"]) == (
        1,
        "pipeline-review",
        "performance",
        30,
    )
    assert data["name"] == "Weekly pipeline review"
    coverage = data["sections"][0]
    assert (coverage["id"], coverage["kind"], coverage["minutes"], coverage["pick"]) == (
        "coverage",
        "performance",
        7,
        3,
    )
    first = coverage["questions"][0]
    assert (first["id"], first["type"], first["required"], first["unit"]) == (
        "cov-quota-left",
        "number",
        True,
        "k",
    )
    assert (first["min"], first["max"], first["options"], first["labels"]) == (0.0, None, [], [])
    questions = {q["id"]: q for s in data["sections"] for q in s["questions"]}
    assert questions["next-crm"]["labels"][0] == "Weeks out of date"
    assert (questions["next-crm"]["min"], questions["next-crm"]["max"]) == (1, 5)
    assert "Inbound leads" in questions["cov-sources"]["options"]
    assert questions["slip-lesson"]["kind"] == "coaching"  # its own kind, not its section's
    metrics = {m["id"]: m for m in data["metrics"]}
    assert metrics["pipeline-coverage"]["compute"] == "round(cov_open_pipeline / cov_quota_left, 1)"
    assert (metrics["win-rate"]["target"], metrics["win-rate"]["compute"]) == (25, None)
    assert [r["id"] for r in data["ratings"]] == [
        "pipeline-hygiene",
        "forecast-accuracy",
        "qualification",
    ]
    assert len(data["ratings"][0]["anchors"]) == 5
    templates = {t["id"]: t for t in data["feedback"]}
    assert templates["coin"]["slots"] == ["context", "observation", "impact", "next"]
    result = coach("frameworks", "show", "grow", "--json", "--markdown", code=1)
    assert "Give either --markdown or --json, not both." in result.stderr


def test_show_says_who_sees_each_part(coach: Run) -> None:
    text = coach("frameworks", "show", "pipeline-review", "--markdown").stdout
    assert "**Who sees what:** the parts marked *shared* go to the rep (`coach share`)" in text
    assert "### 1. Coverage (7 min, performance · asks 3 of 6) · shared\n" in text
    assert "### 2. Stage movement (7 min, performance · asks 3 of 8) · private\n" in text
    # a question marked only where it differs from its section
    assert "_(text, coaching)_ `slip-lesson` · shared\n" in text
    assert "`next-crm` · private\n" in text
    assert "`next-top-deals`\n" in text  # like its section: no mark
    assert "**Pipeline hygiene** (`pipeline-hygiene`, private): " in text
    assert "| leading | higher | at least 0 | shared |" in text
    assert "| lagging | lower | at least 0 | private |" in text
    assert "**Recognise (Situation–Behaviour–Impact)** (`recognise`, positive, shared)" in text
    assert "by default; shared: the rep receives them, except an item tagged #private)\n" in text
    assert "this week. (shared: the rep receives it)\n" in text


def test_show_says_who_sees_a_self_review_without_the_rep(coach: Run) -> None:
    """The manager runs a self-review with themselves as the rep: no part goes "to the rep"."""
    text = coach("frameworks", "show", "manager-self-review", "--markdown").stdout
    assert "**Who sees what:** a self-review is yours alone" in text
    assert (
        "(due in 7 days by default; shared: in coach share, except an item tagged #private)\n"
        in text
    )
    assert "next month. (shared: in coach share)\n" in text
    assert "the rep receives" not in text and "go to the rep" not in text


def test_show_marks_a_private_closing(coach: Run, tmp_path: Path) -> None:
    path = tmp_path / "quiet.toml"
    text = (builtin_dir() / "grow.toml").read_text()
    text = text.replace('id = "grow"', 'id = "quiet"', 1)
    text = text.replace('summary_visibility = "shared"', 'summary_visibility = "private"')
    text = text.replace('actions_visibility = "shared"', 'actions_visibility = "private"')
    path.write_text(text)
    shown = coach("frameworks", "show", str(path), "--markdown").stdout
    assert "by default; private: kept from the rep)\n" in shown
    assert "worked. (private: kept from the rep)\n" in shown
    data = json.loads(coach("frameworks", "show", str(path), "--json").stdout)
    assert data["closing"]["summary_visibility"] == "private"
    assert data["closing"]["actions_visibility"] == "private"


def test_show_json_says_who_sees_each_part(coach: Run) -> None:
    data = json.loads(coach("frameworks", "show", "pipeline-review", "--json").stdout)
    sections = {s["id"]: s["visibility"] for s in data["sections"]}
    assert (sections["coverage"], sections["movement"], sections["forecast"]) == (
        "shared",
        "private",
        "private",
    )
    questions = {q["id"]: q["visibility"] for s in data["sections"] for q in s["questions"]}
    assert questions["slip-lesson"] == "shared"  # its own, in a private section
    assert questions["next-crm"] == "private"  # its own, in a shared section
    assert questions["slip-deals"] == "private"  # its section's
    assert {r["visibility"] for r in data["ratings"]} == {"private"}
    metrics = {m["id"]: m["visibility"] for m in data["metrics"]}
    assert (metrics["meetings-booked"], metrics["win-rate"]) == ("shared", "private")
    assert {t["visibility"] for t in data["feedback"]} == {"shared"}
    assert data["closing"] == {
        "actions": True,
        "actions_prompt": "Which deal actions are you each committing to, and by which date?",
        "default_due_days": 7,
        "actions_visibility": "shared",
        "summary": True,
        "summary_prompt": "The commit, the coverage against what the win rate needs, and the one "
        "risk we are watching this week.",
        "summary_visibility": "shared",
    }
    library = json.loads(coach("frameworks", "feedback", "--json").stdout)
    assert {t["id"]: t["visibility"] for t in library["templates"]} == {
        "sbi": "shared",
        "coin": "shared",
        "star": "shared",
        "star-ar": "shared",
    }


def test_show_unknown_framework(coach: Run) -> None:
    result = coach("frameworks", "show", "grwo", code=1)
    assert "No framework with the id 'grwo'. Did you mean 'grow'?" in result.stderr
    assert "coach frameworks list" in result.stderr
    assert "Traceback" not in result.output


def test_show_invalid_file_names_problem(coach: Run, tmp_path: Path) -> None:
    bad = tmp_path / "x.toml"
    bad.write_text("schema = 1\nid = 'x'\nname = [\n")
    result = coach("frameworks", "show", str(bad), code=1)
    assert "x.toml" in result.stderr
    assert "line 3" in result.stderr
    assert "TOML syntax error" in result.stderr


def test_path_commands(coach: Run, coach_home: Home) -> None:
    assert coach("frameworks", "path").stdout.strip() == str(coach_home.frameworks_dir)
    assert coach("frameworks", "path", "--builtin").stdout.strip() == str(builtin_dir())


def test_home_option_beats_environment(coach: Run, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    result = coach("--home", str(other), "frameworks", "path")
    assert result.stdout.strip() == str(other / "frameworks")


def test_schema_file_is_current() -> None:
    from coachcli.framework import json_schema

    shipped = json.loads((builtin_dir() / "schema.json").read_text())
    assert shipped == json_schema(), "run: coach frameworks schema > frameworks/schema.json"
