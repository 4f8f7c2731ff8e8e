"""Shared stage definitions: frameworks/stages/library.toml, replaced by a team's own, named by
frameworks with options_from = "stages"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coachcli.home import Home, builtin_dir
from coachcli.loader import FrameworkError, discover, resolve, stage_library
from coachcli.stages import StageLibrary, StageLibraryError, library_path, read_library

from .helpers import Run

SKELETON = Path(__file__).resolve().parents[1] / "src" / "coachcli" / "data" / "skeleton.toml"

TEAM = """schema = 1

[[stages]]
id = "intro"
name = "Intro call"
order = 1
exit_criteria = ["The buyer booked a second meeting"]

[[stages]]
id = "trial"
name = "Trial"
order = 2
probability = 50
exit_criteria = ["The buyer's users ran the trial on their own data"]

[[stages]]
id = "signed"
name = "Signed"
order = 3
status = "won"
"""

STAGE_QUESTION = """
  [[sections.questions]]
  id = "stage"
  type = "choice"
  prompt = "Which stage?"
  options_from = "stages"
"""


def _team_library(home: Home, text: str = TEAM) -> Path:
    path = home.frameworks_dir / "stages" / "library.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _framework(home: Home, question: str = STAGE_QUESTION) -> Path:
    """The skeleton framework with one more question in its first section."""
    text = SKELETON.read_text().replace("__ID__", "team").replace("__NAME__", "Team")
    marker = "  [[sections.questions]]"
    at = text.index(marker)
    text = text[:at] + question.lstrip("\n") + "\n" + text[at:]
    path = home.frameworks_dir / "team.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _line(path: Path, needle: str, occurrence: int = 1) -> int:
    lines = [n for n, t in enumerate(path.read_text().splitlines(), 1) if needle in t]
    return lines[occurrence - 1]


def test_the_built_in_library_is_in_order_with_buyer_exit_criteria() -> None:
    library = read_library(builtin_dir() / "stages" / "library.toml")
    ordered = library.ordered()
    assert [s.id for s in ordered] == [
        "qualify", "discover", "solution", "propose", "negotiate", "commit", "won", "lost",
    ]  # fmt: skip
    assert [s.status for s in ordered][-2:] == ["won", "lost"]
    for stage in library.open_stages():
        assert stage.exit_criteria  # each something the buyer's side did or confirmed
        for criterion in stage.exit_criteria:
            assert any(w in criterion for w in ("buyer", "champion", "signer")), criterion
    probabilities = [s.probability for s in ordered if s.status == "open"]
    assert probabilities == sorted(probabilities)


def test_deal_review_offers_the_library_s_open_stages_with_their_criteria(
    coach_home: Home,
) -> None:
    framework = resolve(coach_home, "deal-review")
    question = next(q for s in framework.sections for q in s.questions if q.id == "deal-stage")
    assert question.type == "choice"
    assert question.options == [
        "Qualifying", "Discovery", "Solution and demo", "Proposal", "Negotiation", "Verbal commit",
    ]  # fmt: skip
    assert "Proposal — the economic buyer met us and confirmed the budget" in question.help
    assert question.help.startswith("The stage in the CRM.")


def test_a_team_library_replaces_the_built_in_one_everywhere(coach_home: Home) -> None:
    path = _team_library(coach_home)
    assert library_path(coach_home) == path
    for framework_id in ("deal-review", "pipeline-review"):
        framework = resolve(coach_home, framework_id)
        asked = [q for s in framework.sections for q in s.questions
                 if q.type == "choice" and q.options_from == "stages"]  # fmt: skip
        assert asked and all(q.options == ["Intro call", "Trial"] for q in asked)
    _framework(coach_home)
    team = resolve(coach_home, "team")
    assert team.sections[0].questions[0].options == ["Intro call", "Trial"]
    library, source = stage_library(coach_home)
    assert isinstance(library, StageLibrary) and source.origin == "user"


@pytest.mark.parametrize(
    ("edit", "key", "line_of", "message"),
    [
        (
            ('id = "trial"', 'id = "intro"'),
            "stages[1].id",
            ('id = "intro"', 2),
            "two stages have the id 'intro'",
        ),
        (
            ('name = "Trial"', 'name = "intro call"'),
            "stages[1].id",
            ('id = "trial"', 1),
            "has the name 'intro call' of stage 'intro'",
        ),
        (
            ("order = 2", "order = 1"),
            "stages[1].id",
            ('id = "trial"', 1),
            "stage 'trial' has order = 1, like stage 'intro'",
        ),
        (
            ('exit_criteria = ["The buyer booked a second meeting"]', ""),
            "stages[0]",
            ("[[stages]]", 1),
            "an open stage needs exit_criteria",
        ),
        (
            ('status = "won"', 'status = "closed"'),
            "stages[2].status",
            ('status = "closed"', 1),
            "got 'closed'",
        ),
        (
            ("probability = 50", "probability = 150"),
            "stages[1].probability",
            ("probability = 150", 1),
            "must be at most 100",
        ),
        (("order = 3", "ordre = 3"), "stages[2].ordre", ("ordre = 3", 1), "did you mean 'order'?"),
        (
            ('id = "signed"', 'id = "Signed!"'),
            "stages[2].id",
            ('id = "Signed!"', 1),
            "is not a valid id",
        ),
    ],
)
def test_library_mistakes_are_located(
    coach_home: Home, edit: tuple[str, str], key: str, line_of: tuple[str, int], message: str
) -> None:
    path = _team_library(coach_home, TEAM.replace(*edit))
    with pytest.raises(StageLibraryError) as error:
        read_library(path)
    problem = error.value.problems[0]
    assert message in problem.message and problem.key == key, problem
    assert problem.line == _line(path, *line_of), problem


def test_a_library_of_closed_stages_only_is_refused(coach_home: Home) -> None:
    text = 'schema = 1\n[[stages]]\nid = "won"\nname = "Won"\norder = 1\nstatus = "won"\n'
    text += '[[stages]]\nid = "lost"\nname = "Lost"\norder = 2\nstatus = "lost"\n'
    with pytest.raises(StageLibraryError, match="every stage is closed"):
        read_library(_team_library(coach_home, text))


def test_a_broken_library_is_listed_fails_validation_and_names_who_needs_it(
    coach: Run, coach_home: Home
) -> None:
    _team_library(coach_home, TEAM.replace("order = 2", 'order = "2"'))
    rows = json.loads(coach("frameworks", "list", "--json").stdout)["frameworks"]
    broken = {r["id"]: r for r in rows if not r["valid"]}
    assert broken["stages/library"]["errors"] == [
        "line 12, stages[1].order: expected a whole number (without quotes), got '2'"
    ]
    assert 'options_from = "stages" needs the stage library' in broken["deal-review"]["errors"][0]
    assert broken["deal-review"]["errors"][0].startswith(
        "line 48, sections[0].questions[1].options_from"
    )
    result = coach("frameworks", "validate", code=1)
    assert "stages/library.toml" in result.stdout
    assert all(s.framework is not None or s.error is not None for s in discover(coach_home))
    assert "Verbal commit" not in result.stdout


def test_validate_checks_a_library_file_by_its_folder(coach: Run, tmp_path: Path) -> None:
    folder = tmp_path / "team-frameworks" / "stages"
    folder.mkdir(parents=True)
    (folder / "library.toml").write_text(TEAM.replace('status = "won"', 'status = "wn"'))
    result = coach("frameworks", "validate", str(folder / "library.toml"), code=1)
    assert "stages[2].status" in result.stdout and "did you mean 'won'?" in result.stdout


def test_a_framework_checked_in_a_team_repository_uses_the_library_beside_it(
    coach: Run, coach_home: Home, tmp_path: Path
) -> None:
    source = _framework(coach_home)
    repo = tmp_path / "repo"
    (repo / "stages").mkdir(parents=True)
    (repo / "stages" / "library.toml").write_text(TEAM.replace("order = 2", "order = 1"))
    (repo / "team.toml").write_text(source.read_text())
    source.unlink()
    result = coach("frameworks", "validate", str(repo / "team.toml"), code=1)
    assert "needs the stage library" in result.stdout


@pytest.mark.parametrize(
    ("question", "key", "line", "message"),
    [
        (
            STAGE_QUESTION.replace('options_from = "stages"', 'options_from = "stage"'),
            ".options_from",
            29,
            "did you mean 'stages'?",
        ),
        (
            STAGE_QUESTION + '  options = ["a", "b"]\n',
            ".options",
            30,
            "options and options_from are both given",
        ),
        (
            STAGE_QUESTION.replace('options_from = "stages"', ""),
            "",
            25,
            "options needs at least 2 entries",
        ),
        (
            STAGE_QUESTION + '  default = "Negotiations"\n',
            ".default",
            30,
            "default 'Negotiations' is not an open stage of the stage library",
        ),
    ],
)
def test_stage_question_mistakes_are_located(
    coach_home: Home, question: str, key: str, line: int, message: str
) -> None:
    path = _framework(coach_home, question)
    assert path.read_text().splitlines()[24] == "  [[sections.questions]]"
    with pytest.raises(FrameworkError) as error:
        resolve(coach_home, "team")
    problem = error.value.problems[0]
    assert message in problem.message, problem
    assert (problem.key, problem.line) == (f"sections[0].questions[0]{key}", line), problem


def test_a_stage_default_that_is_an_open_stage_is_kept(coach_home: Home) -> None:
    _framework(coach_home, STAGE_QUESTION + '  default = "Proposal"\n')
    question = resolve(coach_home, "team").sections[0].questions[0]
    assert question.type == "choice" and question.default == "Proposal"


def test_pipeline_review_deal_review_and_forecast_refer_to_the_stages_by_the_library() -> None:
    """Issue 15, fix 4: the three frameworks that talk about a deal's stage take it from the
    shared stage definitions, never from a list of their own."""
    import tomllib

    from coachcli.loader import builtin_dir

    for fid in ("pipeline-review", "deal-review", "forecast"):
        data = tomllib.loads((builtin_dir() / f"{fid}.toml").read_text(encoding="utf-8"))
        questions = [q for s in data["sections"] for q in s["questions"]]
        staged = [q["id"] for q in questions if q.get("options_from") == "stages"]
        assert staged, fid
        own = [q["id"] for q in questions if "Qualifying" in q.get("options", [])]
        assert own == [], fid
