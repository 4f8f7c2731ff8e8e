"""Mistakes in framework and config files become clear, located problems.

The promise to a sales leader editing a framework file: every mistake is
reported with the file, the line, the key path, what was expected and, for a
typo, the closest valid word -- all problems at once, never a traceback.

Line numbers are computed from the fixture text (the line holding the
offending text), so the tests stay right when a fixture is edited.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from textwrap import dedent

import pytest

from coachcli import config, loader
from coachcli.errors import CoachError
from coachcli.home import Home
from coachcli.loader import FrameworkError, check_files, discover, load_file, resolve
from coachcli.tomlfile import Problem, TomlFileError

FIXTURES = Path(__file__).parent / "fixtures" / "frameworks"
VALID = FIXTURES / "valid.toml"
INVALID = FIXTURES / "invalid"


# --------------------------------------------------------------------------- helpers


def line_with(text: str, needle: str) -> int:
    """The 1-based line of the only line containing ``needle``."""
    found = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(found) == 1, f"{needle!r} is on lines {found}, expected exactly one"
    return found[0]


def last_line_with(text: str, needle: str) -> int:
    found = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(found) >= 2, f"{needle!r} should appear at least twice"
    return found[-1]


def header_above(text: str, needle: str) -> int:
    """The line of the ``[table]`` / ``[[array]]`` header that holds ``needle``."""
    lines = text.splitlines()
    start = line_with(text, needle)
    for number in range(start, 0, -1):
        if lines[number - 1].lstrip().startswith("["):
            return number
    raise AssertionError(f"no header above {needle!r}")


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(FrameworkError) as info:
        load_file(path)
    return info.value.problems


def only_problem(path: Path) -> Problem:
    problems = problems_of(path)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dedent(text), encoding="utf-8")
    return path


MINIMAL = """\
schema = 1
id = "mini"
name = "Mini"
kind = "coaching"
summary = "A small framework."
when_to_use = "In tests."
minutes = 10

[[sections]]
id = "only"
title = "Only"
kind = "coaching"
minutes = 10

  [[sections.questions]]
  id = "q"
  type = "text"
  prompt = "How was your week?"
"""
"""A valid framework to add one mistake to."""
TOP = 'when_to_use = "In tests."\n'
"""The last top-level line of MINIMAL, to add top-level keys after."""


def minimal(tmp_path: Path, extra: str = "", replace: tuple[str, str] | None = None) -> Path:
    text = MINIMAL
    if replace is not None:
        assert text.count(replace[0]) == 1
        text = text.replace(*replace)
    return write(tmp_path, "mini.toml", text + dedent(extra))


def test_minimal_is_valid(tmp_path: Path) -> None:
    assert load_file(minimal(tmp_path)).id == "mini"


# --------------------------------------------------------------------------- the fixtures


def test_valid_fixture_loads() -> None:
    framework = load_file(VALID)
    assert framework.id == "weekly-pipeline"
    assert framework.kind == "mixed"
    assert [s.id for s in framework.sections] == ["numbers", "skills", "wrap-up"]
    assert framework.feedback[0].render({"situation": "the demo"}).startswith("In the demo, you")


@dataclass(frozen=True)
class Case:
    fixture: str
    key: str
    needle: str
    """Text on the line the problem should name."""
    words: tuple[str, ...]
    """Parts the message must contain."""
    where: str = "on"
    """``on`` the needle's only line, the ``header`` above it, or ``first``/``last`` of several."""
    count: int = 1


CASES = [
    Case(
        "unknown-top-level-key",
        "autor",
        "autor =",
        ("unknown key 'autor'", "did you mean 'author'?"),
    ),
    Case(
        "unknown-question-key",
        "sections[0].questions[2].promt",
        "promt =",
        ("unknown key 'promt'", "did you mean 'prompt'?"),
        # the "prompt is missing" problem is folded into the typo's "did you mean"
    ),
    Case(
        "wrong-value-type",
        "sections[1].minutes",
        'minutes = "ten"',
        ("whole number", "got 'ten'"),
    ),
    Case(
        "bad-kind",
        "sections[1].kind",
        'kind = "coachng"',
        (
            "expected 'coaching', 'performance' or 'neutral'",
            "got 'coachng'",
            "did you mean 'coaching'?",
        ),
    ),
    Case(
        "unknown-question-type",
        "sections[1].questions[1].type",
        'type = "txt"',
        ("unknown type 'txt'", "text, scale, choice", "did you mean 'text'?"),
    ),
    Case(
        "question-without-type",
        "sections[1].questions[2].type",
        'id = "asked-for-help"',
        ("required", "text, scale, choice, multi, number, yesno or list"),
        where="header",
    ),
    Case(
        "missing-required-key",
        "sections[1].title",
        'id = "skills"',
        ("the key 'title' is required",),
        where="header",
    ),
    Case(
        "invalid-id",
        "sections[1].questions[1].id",
        'id = "Best Call"',
        ("'Best Call' is not a valid id", "lower-case letters, digits and hyphens"),
    ),
    Case(
        "scale-one-label",
        "sections[1].questions[0].labels",
        'labels = ["Fully"]',
        ("at least 2",),
    ),
    Case(
        "scale-default-out-of-range",
        "sections[1].questions[0].default",
        "default = 7",
        ("default 7 is outside the scale 1..5",),
    ),
    Case(
        "choice-default-not-an-option",
        "sections[0].questions[1].default",
        'default = "On trak"',
        ("'On trak' is not one of the options",),
    ),
    Case(
        "number-min-above-max",
        "sections[0].questions[0].min",
        "min = 500",
        ("min 500 is greater than max 0",),
    ),
    Case(
        "pick-more-than-questions",
        "sections[1].pick",
        "pick = 5",
        ("pick = 5", "only 4 questions"),
    ),
    Case(
        "required-more-than-pick",
        "sections[1].pick",
        "pick = 1",
        ("pick = 1", "2 questions are required"),
    ),
    Case(
        "minutes-do-not-add-up",
        "minutes",
        "minutes = 45",
        ("add up to 30", "minutes = 45"),
    ),
    Case(
        "coaching-with-performance-section",
        "kind",
        'kind = "coaching"',
        ("kind = 'coaching'", "section 'numbers' is 'performance'", "'mixed'"),
        where="first",  # the framework's kind, above the sections' ones
    ),
    Case(
        "mixed-with-one-kind",
        "kind",
        'kind = "mixed"',
        ("kind = 'mixed'", "every section is 'coaching'"),
    ),
    Case(
        "duplicate-question-id",
        "sections[2].questions[0].id",
        'id = "confidence"',
        ("two questions have the id 'confidence'",),
        where="last",
    ),
    Case(
        "feedback-unknown-placeholder",
        "feedback[0].template",
        "template =",
        ("{impakt}", "no slot named 'impakt'"),
    ),
    Case(
        "feedback-unused-slot",
        "feedback[0].slots[2].name",
        'name = "impact"',
        ("slot 'impact' does not appear in the template",),
    ),
    Case(
        "feedback-attribute-access",
        "feedback[0].template",
        "template =",
        ("brace that is not a {slot} placeholder",),
    ),
    Case(
        "schema-2",
        "schema",
        "schema = 2",
        ("this file is format 2", "reads format 1", "upgrade coachcli"),
    ),
]


def _expected_line(text: str, case: Case) -> int:
    if case.where == "first":
        return text.count("\n", 0, text.index(case.needle)) + 1
    if case.where == "header":
        return header_above(text, case.needle)
    if case.where == "last":
        return last_line_with(text, case.needle)
    return line_with(text, case.needle)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.fixture}:{c.key}")
def test_each_mistake_is_located_and_explained(case: Case) -> None:
    path = INVALID / f"{case.fixture}.toml"
    text = path.read_text(encoding="utf-8")
    problems = problems_of(path)
    assert len(problems) == case.count, [str(p) for p in problems]
    by_key = {p.key: p for p in problems}
    assert case.key in by_key, f"no problem at {case.key}: {[str(p) for p in problems]}"
    problem = by_key[case.key]
    assert problem.line == _expected_line(text, case)
    for word in case.words:
        assert word in problem.message


def test_every_invalid_fixture_has_a_test() -> None:
    tested = {c.fixture for c in CASES} | {"syntax-error", "not-utf8", "several-mistakes"}
    assert {p.stem for p in INVALID.glob("*.toml")} == tested


@pytest.mark.parametrize("path", sorted(INVALID.glob("*.toml")), ids=lambda p: p.stem)
def test_every_problem_names_a_line_and_no_internals(path: Path) -> None:
    with pytest.raises(FrameworkError) as info:
        load_file(path)
    error = info.value
    text = str(error)
    for problem in error.problems:
        assert problem.line is not None, str(problem)
        assert f"{path.name}: line {problem.line}" in text
    for internal in (
        "pydantic",
        "Traceback",
        "Input should",
        "Value error",
        "[type=",
        "input_value",
    ):
        assert internal not in text
    assert error.hint is not None and "coach frameworks validate" in error.hint


def test_syntax_error_names_line_and_column() -> None:
    path = INVALID / "syntax-error.toml"
    text = path.read_text(encoding="utf-8")
    problem = only_problem(path)
    bad = 'name = "Weekly pipeline 1:1'
    line = line_with(text, bad)
    assert problem.line == line
    # the string runs to the end of the line: the column just after its last character
    assert problem.column == len(text.splitlines()[line - 1]) + 1
    assert problem.message.startswith("TOML syntax error")
    assert problem.key == ""
    assert str(problem).startswith(f"line {line}, column {problem.column}: TOML syntax error")


def test_not_utf8_names_the_line_of_the_first_bad_byte() -> None:
    path = INVALID / "not-utf8.toml"
    raw = path.read_bytes()
    line = raw[: raw.index("é".encode("latin-1"))].count(b"\n") + 1
    assert b"autor" not in raw  # the only mistake is the encoding
    problem = only_problem(path)
    assert problem.line == line
    assert "not UTF-8" in problem.message
    assert "save it as UTF-8" in problem.message


def test_several_mistakes_are_all_listed_at_once_in_file_order() -> None:
    path = INVALID / "several-mistakes.toml"
    text = path.read_text(encoding="utf-8")
    with pytest.raises(FrameworkError) as info:
        load_file(path)
    error = info.value
    expected = [
        ("autor", line_with(text, "autor ="), "did you mean 'author'?"),
        ("sections[1].kind", line_with(text, 'kind = "coachng"'), "did you mean 'coaching'?"),
        ("sections[1].questions[0].default", line_with(text, "default = 7"), "outside the scale"),
        ("sections[1].questions[1].type", line_with(text, 'type = "txt"'), "did you mean 'text'?"),
        ("metrics[0].indicator", line_with(text, 'indicator = "lead"'), "'leading'?"),
        ("feedback[0].template", line_with(text, "template ="), "no slot named 'impakt'"),
    ]
    assert [(p.key, p.line) for p in error.problems] == [(k, n) for k, n, _ in expected]
    for problem, (_, _, words) in zip(error.problems, expected, strict=True):
        assert words in problem.message
    message = str(error)
    assert f"{path} is not a valid framework (6 problems):" in message
    assert message.count(f"  {path.name}: line ") == 6
    assert error.summary == f"{error.problems[0]} (+5 more)"


# --------------------------------------------------------------------------- small cases


@pytest.mark.parametrize(
    "template",
    [
        "In {0}, you {situation}.",
        "In {}, you {situation}.",
        "In {situation.__class__}.",
        "In {situation!r}.",
        "In {situation:>10}.",
        "In {{situation}}.",
        "In {situation}}.",
        "In {Situation}.",
        "In {situation[0]}.",
    ],
)
def test_template_braces_other_than_placeholders_are_refused(tmp_path: Path, template: str) -> None:
    path = minimal(
        tmp_path,
        f"""
        [[feedback]]
        id = "fb"
        name = "Feedback"
        template = "{template}"

          [[feedback.slots]]
          name = "situation"
          prompt = "Where?"
        """,
    )
    problem = only_problem(path)
    assert problem.key == "feedback[0].template"
    assert problem.line == line_with(path.read_text(), "template =")
    assert "brace that is not a {slot} placeholder" in problem.message


def test_a_good_template_renders_by_plain_substitution(tmp_path: Path) -> None:
    path = minimal(
        tmp_path,
        """
        [[feedback]]
        id = "fb"
        name = "Feedback"
        template = "In {situation}, {situation} again."

          [[feedback.slots]]
          name = "situation"
          prompt = "Where?"
        """,
    )
    template = load_file(path).feedback[0]
    assert template.render({"situation": "{0.__class__}"}) == (
        "In {0.__class__}, {0.__class__} again."
    )
    assert template.render({}) == "In [situation], [situation] again."


def test_utf8_with_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    # Windows Notepad saved UTF-8 with a BOM until 2019; it is still UTF-8.
    path = tmp_path / "bom.toml"
    path.write_bytes(MINIMAL.encode("utf-8-sig"))
    assert load_file(path).id == "mini"


def test_utf16_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "utf16.toml"
    path.write_bytes(MINIMAL.encode("utf-16"))
    problem = only_problem(path)
    assert problem.line == 1
    assert "not UTF-8" in problem.message


def test_a_key_written_twice_is_a_syntax_error_on_the_second(tmp_path: Path) -> None:
    path = minimal(tmp_path, replace=('name = "Mini"\n', 'name = "Mini"\nname = "Again"\n'))
    problem = only_problem(path)
    assert problem.line == line_with(path.read_text(), 'name = "Again"')
    assert problem.column is not None
    assert "TOML syntax error" in problem.message


def test_missing_equals_sign_is_a_syntax_error_with_column(tmp_path: Path) -> None:
    path = minimal(tmp_path, replace=('title = "Only"', 'title "Only"'))
    problem = only_problem(path)
    assert problem.line == line_with(path.read_text(), 'title "Only"')
    assert problem.column == len("title ") + 1


@pytest.mark.parametrize(
    ("tail", "reason"),
    [
        ('probes = ["Why?",\n', "Invalid value"),
        ('help = """Open\nand never closed\n\n', "Unterminated string"),
    ],
)
def test_syntax_error_at_end_of_file_names_the_last_line(
    tmp_path: Path, tail: str, reason: str
) -> None:
    # tomllib says only "at end of document" here, with no line
    path = minimal(tmp_path, tail)
    text = path.read_text()
    last = text.rstrip().splitlines()
    problem = only_problem(path)
    assert problem.line == len(last)
    assert problem.column == len(last[-1]) + 1
    assert reason in problem.message
    assert "end of the file" in problem.message


def test_missing_file_and_folder_are_coach_errors(tmp_path: Path) -> None:
    with pytest.raises(CoachError, match="No file at") as info:
        load_file(tmp_path / "nope.toml")
    assert not isinstance(info.value, FrameworkError)
    (tmp_path / "folder.toml").mkdir()
    with pytest.raises(CoachError, match="is a folder, not a file"):
        load_file(tmp_path / "folder.toml")


def test_empty_file_lists_every_required_key(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.toml", "")
    problems = problems_of(path)
    assert [p.key for p in problems] == [
        "schema",
        "id",
        "name",
        "kind",
        "summary",
        "when_to_use",
        "minutes",
        "sections",
    ]
    assert all("is required" in p.message for p in problems)


def test_unknown_key_without_a_close_match_lists_the_allowed_keys(tmp_path: Path) -> None:
    path = minimal(tmp_path, replace=('name = "Mini"\n', 'name = "Mini"\ncolour = "red"\n'))
    problem = only_problem(path)
    assert problem.key == "colour"
    assert problem.line == line_with(path.read_text(), "colour =")
    assert "unknown key 'colour'; expected one of: schema, id, name," in problem.message


def test_unknown_key_in_a_typed_question_lists_that_types_keys(tmp_path: Path) -> None:
    # multiline belongs to text questions, not to scale questions
    path = minimal(
        tmp_path,
        replace=(
            'type = "text"\n',
            'type = "scale"\n  labels = ["Low", "High"]\n  multiline = true\n',
        ),
    )
    problem = only_problem(path)
    assert problem.key == "sections[0].questions[0].multiline"
    assert problem.line == line_with(path.read_text(), "multiline")
    assert "labels" in problem.message.split("expected one of:")[1]
    assert "multiline" not in problem.message.split("expected one of:")[1]


@pytest.mark.parametrize(
    ("top", "extra", "key", "needle"),
    [
        ("", "\n[closing]\ndefault_due_day = 3\n", "closing.default_due_day", "default_due_day ="),
        ("closing = { action = true }\n", "", "closing.action", "closing ="),
    ],
)
def test_unknown_key_in_a_table(
    tmp_path: Path, top: str, extra: str, key: str, needle: str
) -> None:
    path = minimal(tmp_path, extra, replace=(TOP, TOP + top))
    problem = only_problem(path)
    assert problem.key == key
    assert problem.line == line_with(path.read_text(), needle)
    assert "did you mean" in problem.message


def test_dotted_key_typo(tmp_path: Path) -> None:
    path = minimal(tmp_path, replace=(TOP, TOP + "closing.actons = true\n"))
    problem = only_problem(path)
    assert problem.key == "closing.actons"
    assert problem.line == line_with(path.read_text(), "closing.actons")
    assert "did you mean 'actions'?" in problem.message


def test_question_kind_typo(tmp_path: Path) -> None:
    path = minimal(tmp_path, replace=('type = "text"\n', 'type = "text"\n  kind = "coachng"\n'))
    problem = only_problem(path)
    assert problem.key == "sections[0].questions[0].kind"
    assert problem.line == line_with(path.read_text(), 'kind = "coachng"')
    assert "did you mean 'coaching'?" in problem.message


def test_questions_written_as_a_single_table(tmp_path: Path) -> None:
    path = minimal(tmp_path, replace=("[[sections.questions]]", "[sections.questions]"))
    problem = only_problem(path)
    assert problem.key == "sections[0].questions"
    assert problem.line == line_with(path.read_text(), "[sections.questions]")
    assert "list" in problem.message


@pytest.mark.parametrize(
    ("replace", "key", "needle", "words"),
    [
        (
            ('type = "text"\n', 'type = "number"\n  max = 10\n  default = 12\n'),
            "sections[0].questions[0].default",
            "default = 12",
            "default 12 is above max 10",
        ),
        (
            ('type = "text"\n', 'type = "multi"\n  options = ["A", "B"]\n  default = ["C"]\n'),
            "sections[0].questions[0].default",
            "default = [",
            "'C' is not one of the options",
        ),
        (
            ('type = "text"\n', 'type = "choice"\n  options = ["Yes", "yes"]\n'),
            "sections[0].questions[0].options",
            "options =",
            "option 'yes' is listed twice",
        ),
    ],
)
def test_question_checks_point_at_the_key(
    tmp_path: Path, replace: tuple[str, str], key: str, needle: str, words: str
) -> None:
    path = minimal(tmp_path, replace=replace)
    problem = only_problem(path)
    assert problem.key == key
    assert problem.line == line_with(path.read_text(), needle)
    assert words in problem.message


def test_duplicate_section_id_points_at_the_second(tmp_path: Path) -> None:
    path = minimal(
        tmp_path,
        replace=("minutes = 10\n\n[[sections]]", "minutes = 15\n\n[[sections]]"),
        extra="""
        [[sections]]
        id = "only"
        title = "Again"
        kind = "coaching"
        minutes = 5

          [[sections.questions]]
          id = "q2"
          type = "yesno"
          prompt = "Done?"
        """,
    )
    problem = only_problem(path)
    assert problem.key == "sections[1].id"
    assert problem.line == last_line_with(path.read_text(), 'id = "only"')
    assert "two sections have the id 'only'" in problem.message


def test_duplicate_feedback_template_id_points_at_the_second(tmp_path: Path) -> None:
    template = """
        [[feedback]]
        id = "fb"
        name = "Feedback {n}"
        template = "{{a}}"
          [[feedback.slots]]
          name = "a"
          prompt = "A?"
        """
    path = minimal(tmp_path, extra=template.format(n=1) + template.format(n=2))
    problem = only_problem(path)
    assert problem.key == "feedback[1].id"
    assert problem.line == last_line_with(path.read_text(), 'id = "fb"')
    assert "two feedback templates have the id 'fb'" in problem.message


def test_problem_text() -> None:
    assert str(Problem("bad", key="a.b", line=3, column=4)) == "line 3, column 4, a.b: bad"
    assert str(Problem("bad", key="a.b", line=3)) == "line 3, a.b: bad"
    assert str(Problem("bad", key="a.b")) == "a.b: bad"
    assert str(Problem("bad")) == "bad"


def test_one_problem_is_singular(tmp_path: Path) -> None:
    path = minimal(tmp_path, replace=("schema = 1", "schema = 2"))
    with pytest.raises(TomlFileError) as info:
        load_file(path)
    assert "(1 problem):" in str(info.value)
    assert info.value.summary == str(info.value.problems[0])


# --------------------------------------------------------------------------- loader


@pytest.fixture
def builtins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A built-in folder holding the valid fixture."""
    folder = tmp_path / "builtin"
    folder.mkdir()
    shutil.copy(VALID, folder / "weekly-pipeline.toml")
    monkeypatch.setattr(loader, "builtin_dir", lambda: folder)
    return folder


@pytest.fixture
def fake_home(tmp_path: Path) -> Home:
    home = Home(tmp_path / "home")
    home.frameworks_dir.mkdir(parents=True)
    return home


def user_copy(home: Home, filename: str, source: Path = VALID, **changes: str) -> Path:
    """Copy ``source`` into the user's folder, replacing ``key = "value"`` lines."""
    text = source.read_text(encoding="utf-8")
    for key, value in changes.items():
        old = f'\n{key} = "'
        assert old in text
        start = text.index(old) + len(old)
        end = text.index('"', start)
        text = text[:start] + value + text[end:]
    path = home.frameworks_dir / filename
    path.write_text(text, encoding="utf-8")
    return path


def test_builtin_is_found(builtins: Path, fake_home: Home) -> None:
    (source,) = discover(fake_home)
    assert (source.id, source.origin, source.overrides) == ("weekly-pipeline", "built-in", None)
    assert source.framework is not None and source.error is None


def test_user_file_overrides_builtin(builtins: Path, fake_home: Home) -> None:
    mine = user_copy(fake_home, "ours.toml", name="Our pipeline 1:1")
    (source,) = discover(fake_home)
    assert source.id == "weekly-pipeline"
    assert source.origin == "user"
    assert source.path == mine
    assert source.overrides == builtins / "weekly-pipeline.toml"
    assert resolve(fake_home, "weekly-pipeline").name == "Our pipeline 1:1"


def test_invalid_user_file_is_listed_never_raised(builtins: Path, fake_home: Home) -> None:
    shutil.copy(INVALID / "several-mistakes.toml", fake_home.frameworks_dir / "broken.toml")
    shutil.copy(INVALID / "not-utf8.toml", fake_home.frameworks_dir / "latin.toml")
    (fake_home.frameworks_dir / "folder.toml").mkdir()
    sources = {s.id: s for s in discover(fake_home)}
    assert set(sources) == {"weekly-pipeline", "broken", "latin", "folder"}
    broken = sources["broken"]
    assert broken.framework is None and broken.error is not None
    assert len(broken.error.problems) == 6
    assert broken.error.summary.startswith("line ")
    assert broken.error.summary.endswith("(+5 more)")
    assert sources["latin"].error is not None
    assert "not UTF-8" in sources["latin"].error.summary
    assert sources["folder"].error is not None
    assert "is a folder, not a file" in sources["folder"].error.summary
    assert sources["weekly-pipeline"].error is None
    with pytest.raises(FrameworkError) as info:
        resolve(fake_home, "broken")
    assert info.value.problems == broken.error.problems


def test_two_user_files_with_the_same_id(builtins: Path, fake_home: Home) -> None:
    user_copy(fake_home, "a.toml", id="team", name="First")
    second = user_copy(fake_home, "b.toml", id="team", name="Second")
    sources = [s for s in discover(fake_home) if s.id == "team"]
    assert len(sources) == 2
    good, dup = sources
    assert good.framework is not None and good.framework.name == "First"
    assert dup.path == second and dup.error is not None
    (problem,) = dup.error.problems
    assert problem.message == "the id 'team' is already used by a.toml"
    assert problem.key == "id"
    assert problem.line == line_with(second.read_text(), 'id = "team"')
    assert resolve(fake_home, "team").name == "First"


@pytest.mark.parametrize("valid_name", ["aa.toml", "zz.toml"])
def test_broken_file_named_like_an_id_keeps_its_own_problems(
    builtins: Path, fake_home: Home, valid_name: str
) -> None:
    # team.toml is broken, so its id is only guessed from its name
    shutil.copy(INVALID / "syntax-error.toml", fake_home.frameworks_dir / "team.toml")
    user_copy(fake_home, valid_name, id="team")
    by_path = {s.path.name: s for s in discover(fake_home)}
    assert by_path[valid_name].error is None
    broken = by_path["team.toml"].error
    assert broken is not None
    assert "TOML syntax error" in broken.summary
    assert resolve(fake_home, "team").id == "team"


def test_resolve_unknown_id_suggests(builtins: Path, fake_home: Home) -> None:
    with pytest.raises(CoachError) as info:
        resolve(fake_home, "weekly-pipline")
    assert not isinstance(info.value, FrameworkError)
    assert info.value.message == (
        "No framework with the id 'weekly-pipline'. Did you mean 'weekly-pipeline'?"
    )
    assert info.value.hint is not None and "coach frameworks list" in info.value.hint
    with pytest.raises(CoachError) as far:
        resolve(fake_home, "quarterly")
    assert "Did you mean" not in far.value.message


def test_resolve_by_path(builtins: Path, fake_home: Home, tmp_path: Path) -> None:
    assert resolve(fake_home, str(VALID)).id == "weekly-pipeline"
    plain = tmp_path / "no-suffix"
    shutil.copy(VALID, plain)
    assert resolve(fake_home, str(plain)).id == "weekly-pipeline"
    with pytest.raises(FrameworkError):
        resolve(fake_home, str(INVALID / "schema-2.toml"))
    with pytest.raises(CoachError, match="No file at"):
        resolve(fake_home, str(tmp_path / "missing.toml"))


def test_check_files(builtins: Path, fake_home: Home) -> None:
    results = check_files(fake_home, [VALID, INVALID / "schema-2.toml"])
    assert [(r.path.name, r.error is None) for r in results] == [
        ("valid.toml", True),
        ("schema-2.toml", False),
    ]
    shutil.copy(INVALID / "bad-kind.toml", fake_home.frameworks_dir / "mine.toml")
    everything = check_files(fake_home, [])
    assert [(r.path.name, r.error is None) for r in everything] == [
        ("weekly-pipeline.toml", True),
        ("mine.toml", False),
        ("library.toml", True),  # the stage library in use (the package's: none in builtins)
    ]


# --------------------------------------------------------------------------- config.toml


def test_config_defaults_without_a_file(tmp_path: Path) -> None:
    assert config.load_config(Home(tmp_path)) == config.Config()


def test_config_unknown_key_suggests(tmp_path: Path) -> None:
    home = Home(tmp_path)
    home.config_file.write_text('manager_name = "Dana"\ncadense_days = 14\n', encoding="utf-8")
    with pytest.raises(config.ConfigError) as info:
        config.load_config(home)
    (problem,) = info.value.problems
    assert problem.key == "cadense_days"
    assert problem.line == 2
    assert "did you mean 'cadence_days'?" in problem.message
    assert "is not a valid config file" in str(info.value)
    assert info.value.hint is not None and "coach config unset" in info.value.hint


def test_config_bad_values_all_listed(tmp_path: Path) -> None:
    home = Home(tmp_path)
    home.config_file.write_text(
        'cadence_days = 0\ncoaching_target = "most"\ndefault_framework = "My GROW"\n',
        encoding="utf-8",
    )
    with pytest.raises(config.ConfigError) as info:
        config.load_config(home)
    problems = {p.key: p for p in info.value.problems}
    assert set(problems) == {"cadence_days", "coaching_target", "default_framework"}
    assert problems["cadence_days"].line == 1
    assert "must be at least 1" in problems["cadence_days"].message
    assert problems["coaching_target"].line == 2
    assert "got 'most'" in problems["coaching_target"].message
    assert problems["default_framework"].line == 3
    assert "'My GROW' is not a valid id" in problems["default_framework"].message


def test_config_syntax_error(tmp_path: Path) -> None:
    home = Home(tmp_path)
    home.config_file.write_text('manager_name = "Dana\n', encoding="utf-8")
    with pytest.raises(config.ConfigError) as info:
        config.load_config(home)
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == (1, len('manager_name = "Dana') + 1)


def test_set_value_unknown_key_suggests(tmp_path: Path) -> None:
    home = Home(tmp_path)
    with pytest.raises(CoachError) as info:
        config.set_value(home, "cadense_days", "14")
    assert info.value.message == "Unknown setting 'cadense_days'. Did you mean 'cadence_days'?"
    assert not home.config_file.exists()
    with pytest.raises(CoachError, match="Did you mean 'manager_name'"):
        config.unset_value(home, "manager_nam")


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("cadence_days", "often", "integer"),
        ("cadence_days", "0", "greater than or equal to 1"),
        ("coaching_target", "1.5", "less than or equal to 1"),
        ("default_framework", "My GROW", "string should match pattern"),
    ],
)
def test_set_value_bad_value(tmp_path: Path, key: str, value: str, words: str) -> None:
    home = Home(tmp_path)
    with pytest.raises(CoachError) as info:
        config.set_value(home, key, value)
    assert info.value.message.startswith(f"Bad value for {key}: {value!r}; ")
    assert words in info.value.message
    assert info.value.hint == config.Config.model_fields[key].description
    assert not home.config_file.exists()


def test_set_and_unset_value(tmp_path: Path) -> None:
    home = Home(tmp_path)
    assert config.set_value(home, "cadence_days", "14").cadence_days == 14
    assert config.set_value(home, "manager_name", "Dana").manager_name == "Dana"
    assert config.load_config(home).cadence_days == 14
    assert config.unset_value(home, "cadence_days").cadence_days == 7
    text = home.config_file.read_text(encoding="utf-8")
    assert "cadence_days" not in text
    assert 'manager_name = "Dana"' in text


def test_unset_repairs_a_broken_config(tmp_path: Path) -> None:
    home = Home(tmp_path)
    home.config_file.write_text("cadence_days = 0\n", encoding="utf-8")
    assert config.unset_value(home, "cadence_days").cadence_days == 7
