"""Every ``--json`` output against docs/json.md: each documented field there, each field documented.

docs/json.md has one ``## `coach ... --json` `` heading per output, a table
whose first column names each field (``a.b`` inside an object, ``a[].b``
inside a list of objects, ``a.<id>`` for an object keyed by ids) and an
example. Here each command runs on one small home (real sessions from
answers files, as a manager logs them) and its fields are compared with the
table; the example may show no field the table does not name.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from coachcli.cli.render import SCHEMA_VERSION
from coachcli.home import Home

from .helpers import Run, team_corpus, write_snapshot

ROOT = Path(__file__).parent.parent
DOC = ROOT / "docs" / "json.md"
GROW = ROOT / "docs" / "examples" / "grow-answers.toml"
V1 = Path(__file__).parent / "fixtures" / "home_v1" / "reps"

PIPELINE = """\
minutes = 30
summary = "Coverage is thin for the quarter; Globex slipped to January."
[answers]
cov-quota-left = 300
cov-open-pipeline = 700
mov-advanced = ["Acme: discovery -> proposal, buyer booked the demo"]
slip-deals = ["Globex: Dec 1 -> Jan 15"]
next-top-deals = ["Acme: demo with the CFO on Friday"]
fc-commit = 120
fc-best-case = 200
fc-commit-deals = ["Acme", "Initech"]
[ratings]
pipeline-hygiene = 3
forecast-accuracy = 2
[metrics]
new-opportunities = 2
win-rate = 22.5
[[actions]]
text = "Requalify the Globex deal with the buyer"
owner = "rep"
due = "+7d"
"""

FEEDBACK = """\
[[feedback]]
template = "coin"
context = "the Globex forecast call"
observation = "the close date moved twice without a word from the buyer"
impact = "the commit was 50k too high for two weeks"
next = "you confirm each close date with the buyer before the Monday call"
"""

COMMANDS: dict[str, tuple[str, ...]] = {
    "coach actions --json": ("actions", "--all", "--json"),
    "coach balance --json": ("balance", "--json"),
    "coach brief REP --json": ("brief", "Alex Kim", "--json"),
    "coach config show --json": ("config", "show", "--json"),
    "coach frameworks list --json": ("frameworks", "list", "--json"),
    "coach frameworks show ID --json": ("frameworks", "show", "pipeline-review", "--json"),
    "coach frameworks feedback --json": ("frameworks", "feedback", "--json"),
    "coach history REP --json": ("history", "Alex Kim", "--json"),
    "coach migrate --json": ("migrate", "--dry-run", "--json"),
    "coach pipeline REP --json": ("pipeline", "Alex Kim", "--json"),
    "coach pipeline --json": ("pipeline", "--json"),
    "coach rep list --json": ("rep", "list", "--json"),
    "coach rep show REP --json": ("rep", "show", "Alex Kim", "--json"),
    "coach reps --json": ("reps", "--json"),
    "coach search TEXT --json": ("search", "Globex", "--json"),
    "coach show REP --json": ("show", "Alex Kim", "--json"),
    "coach team --json": ("team", "--json"),
    "coach team list --json": ("team", "list", "--json"),
}
"""Each documented output, and how it runs on the home built here."""

UNPOPULATED = {"coach migrate --json": {"skipped[].note", "skipped[].why"}}
"""Documented fields inside a list this home leaves empty (no note here fails to migrate)."""


def ago(days: int) -> str:
    return (date.today() - timedelta(days=days)).isoformat()


def build_home(coach: Run, home: Home, folder: Path) -> None:
    """Three reps: coaching and performance 1:1s, a reviewed action, a rep never coached;
    and format-1 notes for `coach migrate`."""
    pipeline = folder / "pipeline.toml"
    pipeline.write_text(PIPELINE, "utf-8")
    log = ("--yes", "--time", "10:00")
    coach("start", "Alex Kim", "-f", "grow", "--answers", str(GROW), "--date", ago(20), *log)
    coach("start", "Alex Kim", "-f", "pipeline-review", "--answers", str(pipeline),
          "--date", ago(13), *log)  # fmt: skip
    listed = json.loads(coach("actions", "Alex Kim", "--json").stdout)["actions"]
    reviewed = folder / "reviewed.toml"
    outcomes = "\n".join(
        f'{a["id"]} = "{"done" if i == 0 else "not done: waiting on legal"}"'
        for i, a in enumerate(listed)
    )
    reviewed.write_text(PIPELINE + FEEDBACK + "[review]\n" + outcomes + "\n", "utf-8")
    coach("start", "Alex Kim", "-f", "pipeline-review", "--answers", str(reviewed),
          "--date", ago(6), *log)  # fmt: skip
    coach("start", "Bo Diaz", "-f", "grow", "--answers", str(GROW), "--date", ago(3), *log)
    coach("start", "Cy Hart", "-f", "pipeline-review", "--answers", str(pipeline),
          "--date", ago(40), *log)  # fmt: skip
    from coachcli.imports import MetricValue, keep

    imported = MetricValue("alex-kim", "pipeline-coverage", date.fromisoformat(ago(2)), 2.8,
                           "Alex Kim", "crm.csv")  # fmt: skip
    keep(home, "crm.csv", [imported], date.today())
    coach("rep", "edit", "Alex Kim", "--quota", "250000")
    acme = {"deal": "Acme", "amount": "50000", "forecast": "commit", "last_activity": ago(30)}
    write_snapshot(
        home,
        "alex-kim",
        ago(14),
        [{**acme, "close_date": ago(-10)}, {"deal": "Hooli", "close_date": ago(-20)}],
    )
    write_snapshot(home, "alex-kim", ago(7), [{**acme, "close_date": ago(-30)}])
    coach("team", "add", "West", str(team_corpus(folder / "team")))
    shutil.copytree(V1 / "jo-brown", home.reps_dir / "jo-brown")
    shutil.copytree(V1 / "dana-cruz", home.reps_dir / "dana-cruz")


# --------------------------------------------------------------------------- the doc


def documented() -> dict[str, tuple[set[str], list[Any]]]:
    """Per heading command: the fields its table names, and its examples."""
    found: dict[str, tuple[set[str], list[Any]]] = {}
    for part in re.split(r"^## ", DOC.read_text("utf-8"), flags=re.M)[1:]:
        heading = part.splitlines()[0]
        command = re.fullmatch(r"`(coach [^`]+)`", heading.strip())
        if command is None:
            continue
        fields = set(re.findall(r"^\| `([^`]+)` \|", part, flags=re.M))
        examples = [json.loads(m) for m in re.findall(r"```json\n(.*?)```", part, flags=re.S)]
        found[command.group(1)] = (fields, examples)
    return found


def paths(data: Any, maps: set[str], prefix: str = "") -> set[str]:
    """Every field of ``data``: ``a``, ``a.b``, ``a[].b``; keys of an id-keyed object as ``<id>``.

    A list of plain values (or an empty list) is one field, as is a value
    that is sometimes text and sometimes a list (an answer).
    """
    found: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            name = "<id>" if prefix in maps else key
            path = f"{prefix}.{name}" if prefix else name
            found.add(path)
            found |= paths(value, maps, path)
    elif isinstance(data, list):
        for item in data:
            if isinstance(item, dict):
                found |= paths(item, maps, prefix + "[]")
    return found


def id_keyed(fields: set[str]) -> set[str]:
    return {f.rsplit(".", 1)[0] for f in fields if f.endswith(".<id>")}


@pytest.fixture
def outputs(coach: Run, coach_home: Home, tmp_path: Path) -> dict[str, Any]:
    build_home(coach, coach_home, tmp_path)
    return {name: json.loads(coach(*args).stdout) for name, args in COMMANDS.items()}


def test_every_json_output_is_documented() -> None:
    assert set(documented()) == set(COMMANDS)


def test_each_documented_field_is_in_the_output_and_each_field_is_documented(
    outputs: dict[str, Any],
) -> None:
    for name, (fields, _) in documented().items():
        shown = paths(outputs[name], id_keyed(fields))
        missing = fields - shown - UNPOPULATED.get(name, set())
        assert not missing, f"{name}: documented in docs/json.md but not in the output: {missing}"
        extra = shown - fields
        assert not extra, f"{name}: in the output but not documented in docs/json.md: {extra}"


def test_the_examples_show_only_documented_fields() -> None:
    for name, (fields, examples) in documented().items():
        assert examples, f"{name}: no example in docs/json.md"
        for example in examples:
            assert paths(example, id_keyed(fields)) <= fields, name
            assert example["schema_version"] == SCHEMA_VERSION


def test_every_output_starts_with_the_schema_version(outputs: dict[str, Any]) -> None:
    for name, data in outputs.items():
        assert isinstance(data, dict), name
        assert next(iter(data)) == "schema_version" and data["schema_version"] == 1, name


def test_shares_and_values_are_rounded(outputs: dict[str, Any]) -> None:
    """No float noise (0.3333333333333333, 0.30000000000000004) reaches a script."""

    def floats(data: Any) -> list[float]:
        if isinstance(data, dict):
            return [f for value in data.values() for f in floats(value)]
        if isinstance(data, list):
            return [f for value in data for f in floats(value)]
        return [data] if isinstance(data, float) else []

    for name, data in outputs.items():
        for value in floats(data):
            assert value == round(value, 4), (name, value)
    history = outputs["coach history REP --json"]
    assert history["coaching_share"] == 0.3333  # 30 of 90 minutes
    assert history["commitments"]["ratio"] is not None


def test_the_paths_of_a_document() -> None:
    data = {"a": 1, "b": [{"c": 2}, {"d": [1, 2]}], "m": {"x": 1, "y": 2}, "e": []}
    assert paths(data, {"m"}) == {"a", "b", "b[].c", "b[].d", "m", "m.<id>", "e"}
