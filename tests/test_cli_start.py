"""`coach start` and `coach rep` through the command line (CliRunner transcripts).

Typed sessions use ``--stdin`` (CliRunner's standard input is not a terminal)
and the fixture framework ``weekly-pipeline``; the lines below follow the
prompt order of ``FULL`` in test_engine.py.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from coachcli.home import Home
from coachcli.notes import from_markdown
from coachcli.reppage import rep_link

from .helpers import Run, notes_in

FIXTURE = Path(__file__).parent / "fixtures" / "frameworks" / "valid.toml"
START = ("start", "Alex Kim", "-f", "weekly-pipeline", "--yes", "--stdin")

# Every line a manager types in a whole weekly-pipeline session, in prompt order.
NUMBERS = [
    "lots",  # not a number: asked again with the reason
    "42",  # calls made
    "2",  # forecast: the second option, On track
    "Acme renewal",  # slipped deals: a list, ended by an empty line
    "Globex pilot",
    "",
]
SKILLS = [
    "4",  # confidence: Mostly
    "?",  # help and follow-up questions for the best call
    "The Initech discovery call.",  # a multi-line answer, ended by an empty line
    "They opened up about budget.",
    "",
    "Ask for the economic buyer earlier",  # the one thing
]
WRAP_UP = [
    "sbi",  # feedback template, by id
    "the Initech call",
    "paused after asking about budget",
    "the buyer told you the real number",
    "y",  # keep this feedback
    "",  # no more feedback
    "3",  # rating: discovery
    "6 meetings",  # metric
    "Book a call with the CFO",
    "",  # owner: rep (the default)
    "+7d",
    "Share the pricing deck",
    "manager",
    "+14d",
    "",  # no more action items
    "Good week; next, reach the economic buyer.",  # summary (multi-line)
    "",
    "45",  # how long the 1:1 was
]


def typed(*groups: list[str]) -> str:
    return "".join(line + "\n" for group in groups for line in group)


@pytest.fixture
def home(coach_home: Home) -> Home:
    coach_home.frameworks_dir.mkdir(parents=True)
    shutil.copy(FIXTURE, coach_home.frameworks_dir / "weekly-pipeline.toml")
    return coach_home


def front_matter(note: Path) -> dict[str, Any]:
    text = note.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    head, _, _ = text[4:].partition("\n---\n")
    data = yaml.safe_load(head)
    assert isinstance(data, dict)
    return data


def body(note: Path) -> str:
    return note.read_text(encoding="utf-8").split("\n---\n", 1)[1]


def questions_asked(note: Path) -> list[str]:
    """The ids of the questions in the body, in order (their hidden ``<!-- q: ID TYPE -->``)."""
    return re.findall(r"^<!-- q: (\S+) \S+ -->$", body(note), re.MULTILINE)


TASK = re.compile(r"^- \[(.)\] (.+) 📅 (\S+) #owner/(\S+) \^([a-z0-9]{7})$", re.MULTILINE)


def tasks(note: Path) -> list[tuple[str, str, str, str]]:
    """Each action item's Tasks line in the body: (box, text, due, owner); the id is checked."""
    found = TASK.findall(body(note))
    assert len({task[4] for task in found}) == len(found)  # one id per action
    return [task[:4] for task in found]


def saved_note(output: str) -> Path:
    """The note named by the "Saved <path>" line (one line, however long the path)."""
    match = re.search(r"^Saved (\S+\.md)$", output, re.MULTILINE)
    assert match, output
    return Path(match.group(1))


def flat(text: str) -> str:
    """Text without panel borders and with whitespace collapsed (panels wrap long lines)."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


def files_under(root: Path) -> set[Path]:
    return {p.relative_to(root) for p in root.rglob("*")} if root.exists() else set()


def outside_the_home(tmp_path: Path) -> set[Path]:
    """What is under the test's folder, but not in the home or the XDG folders (caches)."""
    return {
        p
        for p in tmp_path.rglob("*")
        if not p.relative_to(tmp_path).parts[0].startswith(("home", "xdg-"))
    }


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL_ANSWERS = """\
[answers]
calls-made = 12
one-thing = "Ask for the budget earlier"
"""


# --------------------------------------------------------------------------- a typed session


def test_a_whole_typed_session(coach: Run, home: Home) -> None:
    result = coach(*START, input=typed(NUMBERS, SKILLS, WRAP_UP))
    out = result.stdout
    assert result.stderr == ""

    # what the manager sees, in order
    headings = [
        "1. Numbers  (performance, 10 min, private)",
        "2. Skills  (coaching, 15 min, private)",
        "3. Wrap-up  (coaching, 5 min, private)",
        "Feedback, ratings and next steps",
    ]
    positions = [out.index(h) for h in headings]
    assert positions == sorted(positions)
    assert "Look at the facts before opinions." in out
    assert "Brief: Alex Kim" in out and "First session with this rep." in out
    assert "[1/3] ⏱ 0:00/10:00  How many calls did you make this week?  (in calls, required)" in out
    assert "Enter a number (in calls), e.g. 12 or 12.5." in out
    assert "   1) Ahead\n   2) On track\n   3) Behind\n   Enter takes: On track\n" in out
    assert "(one item per line; an empty line ends; /edit opens your editor)" in out
    scale = "".join(
        f"   {n}  {label}\n"
        for n, label in enumerate(["Not at all", "A little", "Somewhat", "Mostly", "Fully"], 1)
    )
    assert scale + "   Enter takes: 3\n" in out
    assert "Follow-up questions:\n   • What did the buyer say that surprised you?\n" in out
    assert "   /back   go back and change the previous answer" in out
    assert "   1) Situation-Behaviour-Impact\n   Choose a template, or press Enter for none." in out
    assert "In ___, you …" in out
    preview = out[out.index("Preview") : out.index("Keep this feedback?")]
    assert flat(preview) == (
        "Preview In the Initech call, you paused after asking about budget. "
        "The impact was the buyer told you the real number."
    )
    assert "   1  Pitches early.\n   2  Asks scripted questions.\n   3  Follows up on pain." in out
    assert "leading · target 8 meetings" in out

    # the end: where the note is, and what it holds
    note = saved_note(out)
    session_date = date.fromisoformat(note.name[:10])
    assert note == home.reps_dir / "alex-kim" / f"{session_date.isoformat()}-weekly-pipeline.md"
    assert re.search(
        r"^Weekly pipeline 1:1 with Alex Kim: 6 of 6 questions answered, 2 action items, "
        r"1 piece of feedback, \d+ min\.$",
        out,
        re.MULTILINE,
    )
    week, fortnight = session_date + timedelta(days=7), session_date + timedelta(days=14)
    assert f"  [ ] Book a call with the CFO (rep, due {week})" in out
    assert f"  [ ] Share the pricing deck (manager, due {fortnight})" in out
    assert out.rstrip().endswith("Summary: Good week; next, reach the economic buyer.")

    assert (note.stat().st_mode & 0o777) == 0o600
    assert not (note.parent / "draft.json").exists()
    meta = front_matter(note)  # flat properties only; the rep's folder is the note's folder
    assert list(meta) == [
        "schema", "date", "start", "rep", "manager", "framework", "framework_version", "kind",
        "minutes", "coaching_minutes", "performance_minutes", "neutral_minutes", "rating-discovery",
        "metric-meetings", "tags",
    ]  # fmt: skip
    assert meta["schema"] == 2
    assert meta["rep"] == "[[Alex Kim]]"
    assert meta["date"] == session_date
    assert re.fullmatch(rf"{session_date.isoformat()}T\d\d:\d\d", meta["start"])
    assert (meta["framework"], meta["framework_version"], meta["kind"]) == (
        "weekly-pipeline",
        "1.2",
        "mixed",
    )
    assert type(meta["minutes"]) is int and meta["minutes"] >= 0
    for key in ("coaching_minutes", "performance_minutes"):
        assert type(meta[key]) in (int, float) and meta[key] >= 0, key
    assert meta["rating-discovery"] == 3
    assert meta["metric-meetings"] == 6
    assert meta["tags"] == ["mixed", "weekly-pipeline", "weekly", "pipeline"]
    assert questions_asked(note) == [
        "calls-made",
        "forecast-call",
        "slipped-deals",
        "confidence",
        "best-call",
        "one-thing",
    ]
    assert tasks(note) == [
        (" ", "Book a call with the CFO", week.isoformat(), "rep"),
        (" ", "Share the pricing deck", fortnight.isoformat(), "manager"),
    ]
    text = body(note)
    summary = "Good week; next, reach the economic buyer."
    assert f"## Summary\n<!-- summary: shared -->\n\n{summary}\n" in text
    assert (
        "## Feedback\n\n**Situation-Behaviour-Impact**\n<!-- feedback: sbi any shared -->\n"
        "> In the Initech call, you paused after asking about budget. "
        "The impact was the buyer told you the real number.\n"
    ) in text
    for expected in [
        "42 calls",
        "On track",
        "- Acme renewal\n- Globex pilot",
        "4 — Mostly",
        "The Initech discovery call.\nThey opened up about budget.",
        "Ask for the economic buyer earlier",
    ]:
        assert expected in text


def test_without_a_terminal_it_asks_for_stdin_or_answers(coach: Run, home: Home) -> None:
    result = coach("start", "Alex Kim", "-f", "weekly-pipeline", input="42\n", code=1)
    assert result.stdout == ""
    assert result.stderr.startswith(
        "Error: coach start asks questions, but standard input is not a terminal."
    )
    hint = " ".join(result.stderr.split())
    assert "use --answers FILE for a scripted session, or --stdin" in hint
    assert not home.reps_dir.exists()


def test_input_ending_before_the_session_starts_is_a_clear_error(coach: Run, home: Home) -> None:
    result = coach("start", "Jo Park", "-f", "weekly-pipeline", "--stdin", input="", code=1)
    assert "Jo Park is not one of your reps yet. Add them?\n[Y/n] " in result.stdout
    assert "Error: The input ended before the session started." in result.stderr
    assert "Aborted" not in result.output
    assert not home.reps_dir.exists()


def test_a_new_rep_is_set_up_by_typed_answers(coach: Run, home: Home) -> None:
    setup = ["", "SDR", "2026-02-30", "2026-02-01", "14"]
    result = coach(
        "start",
        "Jo Park",
        "-f",
        "weekly-pipeline",
        "--stdin",
        input=typed(setup, NUMBERS, SKILLS, WRAP_UP),
    )
    assert "Jo Park's role" in result.stdout
    assert "Enter a date as YYYY-MM-DD, e.g. 2025-03-01." in result.stdout
    profile = json.loads(coach("rep", "show", "Jo Park", "--json").stdout)
    assert (profile["role"], profile["start_date"], profile["cadence_days"]) == (
        "SDR",
        "2026-02-01",
        14,
    )
    assert saved_note(result.stdout).parent == home.reps_dir / "jo-park"


# --------------------------------------------------------------------------- pause, resume, EOF


def test_pause_then_resume_finishes_the_session(coach: Run, home: Home) -> None:
    first = coach(*START, input=typed(["42", "3", "/pause"]))
    assert 'Paused. Your answers are saved; run coach start "Alex Kim" to resume.' in first.stdout
    draft = json.loads((home.reps_dir / "alex-kim" / "draft.json").read_text())
    assert draft["answers"] == {"q:calls-made": 42, "q:forecast-call": "Behind"}
    assert not notes_in(home.reps_dir / "alex-kim")

    second = coach(*START, input=typed(["y"], NUMBERS[3:], SKILLS, WRAP_UP))
    out = second.stdout
    assert "You have an unfinished weekly-pipeline session with Alex Kim from" in flat(out)
    assert "(2 answers). Resume it? [Y/n]" in flat(out)
    assert "\n[Y/n] " in out  # the answer goes on a short line of its own
    assert "How many calls" not in out  # it continues where it stopped
    assert out.index("Resume it?") < out.index("Which deals slipped?")
    assert questions_asked(saved_note(out))[:3] == ["calls-made", "forecast-call", "slipped-deals"]
    text = body(saved_note(out))
    assert "42 calls" in text and "Behind" in text and "- Globex pilot" in text
    assert not (home.reps_dir / "alex-kim" / "draft.json").exists()


def test_input_running_out_keeps_the_draft(coach: Run, home: Home) -> None:
    result = coach(*START, input=typed(NUMBERS[:3]), code=1)
    assert result.stderr.startswith(
        "Error: The input ended before the session was finished; your answers so far are saved."
    )
    assert 'Run coach start "Alex Kim" to resume.' in result.stderr
    draft = json.loads((home.reps_dir / "alex-kim" / "draft.json").read_text())
    assert draft["answers"] == {"q:calls-made": 42, "q:forecast-call": "On track"}
    assert draft["cursor"] == 2
    assert not notes_in(home.reps_dir / "alex-kim")


def test_a_draft_can_be_discarded_and_a_new_session_started(coach: Run, home: Home) -> None:
    coach(*START, input=typed(["7", "/pause"]))
    kept = coach(*START, input=typed(["n", ""]), code=1)
    assert "Nothing was started; the draft is kept." in kept.stderr
    result = coach(*START, input=typed(["n", "y"], NUMBERS, SKILLS, WRAP_UP))
    assert "Discard the draft and its 1 answer for good?" in result.stdout
    assert "The draft was discarded." in result.stdout
    assert "42 calls" in body(saved_note(result.stdout))


# --------------------------------------------------------------------------- --answers


FULL_ANSWERS = """\
summary = "Solid week."

[answers]
calls-made = 42
forecast-call = "Behind"
slipped-deals = ["Acme renewal"]
confidence = 2
best-call = \"\"\"
The Initech call.
They named the budget.\"\"\"
one-thing = "Ask for the economic buyer earlier"

[ratings]
discovery = 2

[metrics]
meetings = 5

[[feedback]]
template = "sbi"
situation = "the Initech call"
behaviour = "waited after the budget question"
impact = "they named a number"

[[actions]]
text = "Send the recap"
owner = "manager"
due = "2099-01-15"

[rep]
role = "Account Executive"
cadence_days = 14
"""


def test_answers_file_writes_a_note(coach: Run, home: Home, tmp_path: Path) -> None:
    answers = write(tmp_path / "answers.toml", FULL_ANSWERS)
    result = coach("start", "Jo Park", "-f", "weekly-pipeline", "--answers", str(answers))
    note = saved_note(result.stdout)
    assert note.parent == home.reps_dir / "jo-park"
    assert "Weekly pipeline 1:1 with Jo Park: 6 of 6 questions answered, 1 action item," in (
        result.stdout
    )
    meta = front_matter(note)
    assert {k: v for k, v in meta.items() if k.startswith(("rating-", "metric-"))} == {
        "rating-discovery": 2,
        "metric-meetings": 5,
    }
    assert meta["rep"] == "[[Jo Park]]"
    assert tasks(note) == [(" ", "Send the recap", "2099-01-15", "manager")]
    text = body(note)
    assert "## Summary\n<!-- summary: shared -->\n\nSolid week.\n" in text
    assert (
        "\n> In the Initech call, you waited after the budget question. "
        "The impact was they named a number.\n"
    ) in text
    assert "The Initech call.\nThey named the budget." in text
    assert "2 — A little" in text
    profile = json.loads(coach("rep", "show", "Jo Park", "--json").stdout)
    assert (profile["role"], profile["cadence_days"]) == ("Account Executive", 14)


def test_answers_file_missing_required_answers_lists_them_all(
    coach: Run, home: Home, tmp_path: Path
) -> None:
    coach("rep", "add", "Alex Kim")
    answers = write(tmp_path / "answers.toml", '[answers]\nforecast-call = "Ahead"\n')
    result = coach("start", "Alex Kim", "-f", "weekly-pipeline", "--answers", str(answers), code=1)
    error = flat(result.stderr)
    assert f"Error: {answers} does not fit the framework 'weekly-pipeline':" in error
    assert "required questions without an answer: calls-made, one-thing" in error
    assert files_under(home.reps_dir / "alex-kim") == {
        Path("profile.toml"),
        Path("Alex Kim.md"),  # the rep's page, from `coach rep add`
        Path(".lock"),
    }


def test_answers_file_unknown_id_suggests_the_closest(
    coach: Run, home: Home, tmp_path: Path
) -> None:
    answers = write(
        tmp_path / "answers.toml",
        MINIMAL_ANSWERS + "calls-mad = 3\n[ratings]\ndiscovry = 2\n",
    )
    result = coach("start", "Alex Kim", "-f", "weekly-pipeline", "--answers", str(answers), code=1)
    assert (
        "question 'calls-mad' is not in weekly-pipeline; did you mean 'calls-made'?"
        in result.stderr
    )
    assert "rating 'discovry' is not in weekly-pipeline; did you mean 'discovery'?" in (
        result.stderr
    )
    assert not notes_in(home.reps_dir)


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            "confidence = 9\n",
            "answers.confidence: 9 is outside the scale; enter a number from 1 to 5.",
        ),
        (
            'forecast-call = "Sideways"\n',
            "answers.forecast-call: Choose one of: 1 Ahead, 2 On track",
        ),
        ("[ratings]\ndiscovery = 7\n", "ratings.discovery: 7 is outside the scale"),
    ],
)
def test_answers_file_bad_value_names_the_key(
    coach: Run, home: Home, tmp_path: Path, extra: str, expected: str
) -> None:
    answers = write(tmp_path / "answers.toml", MINIMAL_ANSWERS + extra)
    result = coach("start", "Alex Kim", "-f", "weekly-pipeline", "--answers", str(answers), code=1)
    assert f"Error: {answers}: {expected}" in flat(result.stderr)
    assert not notes_in(home.reps_dir)


def test_answers_file_can_be_fixed_and_run_again(coach: Run, home: Home, tmp_path: Path) -> None:
    answers = write(tmp_path / "answers.toml", MINIMAL_ANSWERS + "confidence = 9\n")
    coach("start", "Alex Kim", "-f", "weekly-pipeline", "--answers", str(answers), code=1)
    write(answers, MINIMAL_ANSWERS + "confidence = 4\n")
    result = coach("start", "Alex Kim", "-f", "weekly-pipeline", "--answers", str(answers))
    assert "4 — Mostly" in body(saved_note(result.stdout))


def test_malformed_answers_file_names_file_and_line(coach: Run, home: Home, tmp_path: Path) -> None:
    answers = write(tmp_path / "answers.toml", '[answers]\ncalls-made = 4\none-thing = "open\n')
    result = coach("start", "Alex Kim", "-f", "weekly-pipeline", "--answers", str(answers), code=1)
    assert f"Error: {answers} is not a valid answers file" in result.stderr
    assert "answers.toml: line 3" in result.stderr
    assert not home.reps_dir.exists()


def test_missing_answers_file_is_a_clear_error(coach: Run, home: Home, tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    result = coach("start", "Alex Kim", "-f", "weekly-pipeline", "--answers", str(missing), code=1)
    assert str(missing) in result.stderr
    assert not home.reps_dir.exists()


# --------------------------------------------------------------------------- dry run, frameworks


def test_dry_run_prints_the_plan_and_writes_nothing(coach: Run, home: Home) -> None:
    before = files_under(home.root)
    result = coach("start", "New Person", "-f", "weekly-pipeline", "--dry-run")
    out = flat(result.stdout)
    assert "Dry run: Weekly pipeline 1:1 with New Person" in out
    assert "New Person is a new rep: you would be asked to add them first." in out
    for question in [
        "How many calls did you make this week?",
        "Where is your forecast for the quarter?",
        "How confident are you in your discovery calls?",
        "What is the one thing you will do differently next week?",
    ]:
        assert question in out
    assert "Did you ask anyone on the team for help?" not in out  # not picked from the bank
    assert files_under(home.root) == before
    assert not home.reps_dir.exists()


def test_dry_run_for_a_known_rep_lists_open_commitments(
    coach: Run, home: Home, tmp_path: Path
) -> None:
    answers = write(tmp_path / "a.toml", FULL_ANSWERS)
    coach("start", "Alex Kim", "-f", "weekly-pipeline", "--answers", str(answers))
    before = files_under(home.root)
    out = flat(coach("start", "alex kim", "-f", "weekly-pipeline", "--dry-run").stdout)
    assert "with Alex Kim" in out
    assert "Commitments from last time" in out and "Send the recap" in out
    assert files_under(home.root) == before


def test_quick_asks_only_what_must_be_asked(coach: Run, home: Home) -> None:
    lines = ["42", "Ask for the economic buyer earlier", "Send the recap", "", "+7d", "", "20"]
    result = coach(*START, "--quick", input=typed(lines))
    out = result.stdout
    for left_out in ("forecast", "Give feedback?", "Rate: Discovery", "First meetings held",
                     "Sum up the session"):  # fmt: skip
        assert left_out not in out
    note = saved_note(out)
    assert questions_asked(note) == ["calls-made", "one-thing"]
    data = front_matter(note)
    assert "discovery" not in data and "meetings" not in data
    assert "2 of 2 questions answered, 1 action item, 20 min." in out
    assert data["minutes"] == 20


def test_quick_dry_run_and_quick_with_an_answers_file(
    coach: Run, home: Home, tmp_path: Path
) -> None:
    out = flat(coach("start", "New Person", "-f", "weekly-pipeline", "--dry-run", "--quick").stdout)
    assert "How many calls did you make this week?" in out
    assert "Where is your forecast for the quarter?" not in out
    assert "Ratings" not in out and "Summary" not in out and "Action items" in out
    answers = write(tmp_path / "a.toml", MINIMAL_ANSWERS)
    result = coach(*START[:-1], "--answers", str(answers), "--quick", code=1)
    assert result.stderr.startswith("Error: --quick and --answers cannot be used together.\n")
    assert not home.reps_dir.exists()


def test_the_framework_menu_shows_each_id_and_takes_one(coach: Run, home: Home) -> None:
    from coachcli.loader import discover

    result = coach("start", "Jo Park", "--yes", "--stdin", input="weekly-pipeline\n", code=1)
    menu = [line for line in result.stdout.splitlines() if re.match(r"   \d+\) ", line)]
    ids = [s.id for s in discover(home) if s.framework is not None]
    assert len(menu) == len(ids)
    assert sorted(line.rpartition(" · -f ")[2] for line in menu) == sorted(ids)
    assert any(line.endswith(") Weekly pipeline 1:1 (mixed, 30 min) · -f weekly-pipeline")
               for line in menu)  # fmt: skip
    draft = json.loads((home.reps_dir / "jo-park" / "draft.json").read_text())
    assert draft["framework"] == "weekly-pipeline"  # the id typed at the menu chose it


def test_next_typed_at_a_prompt_finishes_the_section(coach: Run, home: Home) -> None:
    numbers = ["42", "/next"]  # forecast and slipped deals passed over
    result = coach(*START, input=typed(numbers, SKILLS, WRAP_UP))
    assert "Skipping the rest of Numbers." in result.stdout
    assert "   /next   finish this part" in result.stdout  # in the ? help
    note = saved_note(result.stdout)
    # what /next passed over was not asked, so it is not in the note
    assert questions_asked(note)[:2] == ["calls-made", "confidence"]
    assert "_(skipped)_" not in note.read_text()


def test_unknown_framework_suggests_the_closest(coach: Run, home: Home) -> None:
    result = coach("start", "Alex Kim", "-f", "grwo", "--yes", "--stdin", input="", code=1)
    assert "No framework with the id 'grwo'. Did you mean 'grow'?" in result.stderr
    assert not list(home.root.rglob("*.md"))  # not even a rep's page: no rep was added
    result = coach("start", "Alex Kim", "-f", "grwo", "--dry-run", code=1)
    assert "Did you mean 'grow'?" in result.stderr


# --------------------------------------------------------------------------- hostile names


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("../x", "x"),
        ("/etc/x", "etc-x"),
        ("a/b", "a-b"),
        ("..", None),  # no letters left: rep-<hash>
        ("CON", "con-rep"),
        ("-rf", "rf"),
        ("../../../../tmp/escape", "tmp-escape"),
    ],
)
def test_hostile_names_stay_inside_the_home(
    coach: Run,
    home: Home,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    slug: str | None,
) -> None:
    answers = write(tmp_path / "answers.toml", MINIMAL_ANSWERS)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    outside_before = outside_the_home(tmp_path)
    etc_x_before = Path("/etc/x").exists()
    result = coach("start", "-f", "weekly-pipeline", "--yes", "--answers", str(answers), "--", name)
    note = saved_note(result.stdout)
    assert note.resolve().is_relative_to(home.reps_dir.resolve())
    assert note.parent.parent == home.reps_dir
    if slug is None:
        assert re.fullmatch(r"rep-[0-9a-f]{8}", note.parent.name)
    else:
        assert note.parent.name == slug
    assert f"with {name}:" in result.stdout
    assert front_matter(note)["rep"] == rep_link(name)  # a link to the rep's page
    assert from_markdown(note.read_text(encoding="utf-8"), str(note)).rep == name
    assert outside_the_home(tmp_path) == outside_before
    assert list(cwd.iterdir()) == []
    assert Path("/etc/x").exists() == etc_x_before


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a\x07b", "A rep's name can't contain the invisible character U+0007."),
        ("Alex\nKim", "A rep's name must fit on one line"),
        ("  ", "A rep needs a name."),
        pytest.param(
            "a" * 500,
            "A rep's name can be at most 100 characters; this one has 500.",
        ),
    ],
    ids=["control", "newline", "blank", "500-chars"],
)
def test_unusable_names_are_clear_errors(
    coach: Run, home: Home, tmp_path: Path, name: str, expected: str
) -> None:
    coach("rep", "add", "Jo Park")  # a manager with reps: <home>/reps exists
    answers = write(tmp_path / "answers.toml", MINIMAL_ANSWERS)
    result = coach(
        "start", "-f", "weekly-pipeline", "--yes", "--answers", str(answers), "--", name, code=1
    )
    assert f"Error: {expected}" in result.stderr
    assert not notes_in(home.root)
    result = coach("start", "-f", "weekly-pipeline", "--yes", "--stdin", "--", name, code=1)
    assert f"Error: {expected}" in result.stderr
    assert [p.name for p in home.reps_dir.iterdir()] == ["jo-park"]


# --------------------------------------------------------------------------- coach rep


def test_rep_commands(coach: Run, home: Home, tmp_path: Path) -> None:
    assert coach("rep", "list").stdout == 'No reps yet. Add one with: coach rep add "Alex Kim"\n'
    assert json.loads(coach("rep", "list", "--json").stdout) == {"schema_version": 1, "reps": []}
    added = coach(
        "rep", "add", "Alex Kim", "--role", "Account Executive", "--cadence", "7",
        "--start-date", "2025-03-01",
    )  # fmt: skip
    assert added.stdout == "Added Alex Kim (alex-kim)\n"
    assert coach("rep", "add", "Jo Park").stdout == "Added Jo Park (jo-park)\n"
    duplicate = coach("rep", "add", "alex  kim", code=1)
    assert "There is already a rep named 'Alex Kim'." in duplicate.stderr

    rows = [line.split() for line in coach("rep", "list").stdout.splitlines()]
    assert rows == [
        ["name", "folder", "role", "since", "cadence"],
        ["Alex", "Kim", "alex-kim", "Account", "Executive", "2025-03-01", "7", "d"],
        ["Jo", "Park", "jo-park", "default"],
    ]
    shown = coach("rep", "show", "alex kim").stdout
    assert "         name: Alex Kim\n" in shown
    assert "         role: Account Executive\n" in shown
    assert f"       folder: {home.reps_dir / 'alex-kim'}\n" in shown

    assert coach("rep", "edit", "Alex Kim", "--cadence", "14").stdout == "Updated Alex Kim\n"
    nothing = coach("rep", "edit", "Alex Kim", code=1)
    assert "Error: Nothing to change." in nothing.stderr
    assert "Give --role, --start-date, --cadence, --quota or --archive." in nothing.stderr

    # a session, then a rename: the folder moves and the note comes along
    answers = write(tmp_path / "answers.toml", MINIMAL_ANSWERS)
    note = saved_note(
        coach("start", "Alex Kim", "-f", "weekly-pipeline", "--answers", str(answers)).stdout
    )
    written, properties = body(note), front_matter(note)
    assert properties["rep"] == "[[Alex Kim]]"
    renamed = coach("rep", "rename", "Alex Kim", "Alex Kim-Lee")
    assert renamed.stdout == "Renamed to Alex Kim-Lee (alex-kim-lee)\n"
    assert not (home.reps_dir / "alex-kim").exists()
    moved = home.reps_dir / "alex-kim-lee" / note.name
    assert body(moved) == written
    moved_properties = front_matter(moved)
    # the rep's link may follow the rename (docs/notes.md: the rep's page); it still finds them
    linked = re.fullmatch(r"\[\[(.+)\]\]", moved_properties.pop("rep"))
    assert linked and linked.group(1) in ("Alex Kim", "Alex Kim-Lee")
    assert moved_properties == {k: v for k, v in properties.items() if k != "rep"}
    by_link = json.loads(coach("rep", "show", linked.group(1), "--json").stdout)
    assert by_link["folder"] == str(home.reps_dir / "alex-kim-lee")

    listing = json.loads(coach("rep", "list", "--json").stdout)["reps"]
    assert [(r["name"], r["slug"], r["cadence_days"], r["former_names"]) for r in listing] == [
        ("Alex Kim-Lee", "alex-kim-lee", 14, ["Alex Kim"]),
        ("Jo Park", "jo-park", None, []),
    ]
    # the former name still finds the rep, and the moved note is still theirs
    by_old_name = json.loads(coach("rep", "show", "Alex Kim", "--json").stdout)
    assert by_old_name["folder"] == str(home.reps_dir / "alex-kim-lee")
    out = flat(coach("start", "Alex Kim-Lee", "-f", "weekly-pipeline", "--dry-run").stdout)
    assert "with Alex Kim-Lee" in out and "is a new rep" not in out


def test_the_reps_page_lists_each_session_and_is_never_read_as_a_note(
    coach: Run, home: Home, tmp_path: Path
) -> None:
    answers = write(tmp_path / "answers.toml", MINIMAL_ANSWERS)
    run = ("start", "Alex Kim", "-f", "weekly-pipeline", "--yes", "--answers", str(answers))
    first = saved_note(coach(*run).stdout)
    page = home.reps_dir / "alex-kim" / "Alex Kim.md"
    assert f"- [[{first.stem}]] · Weekly pipeline 1:1\n" in page.read_text(encoding="utf-8")
    assert page.stat().st_mode & 0o777 == 0o600
    second = saved_note(coach(*run).stdout)
    sessions = page.read_text(encoding="utf-8").split("## Sessions\n\n")[1]
    assert sessions == (
        f"- [[{second.stem}]] · Weekly pipeline 1:1\n- [[{first.stem}]] · Weekly pipeline 1:1\n"
    )
    for args in (("history", "Alex Kim"), ("reps",), ("actions",), ("show", "Alex Kim")):
        assert coach(*args).stderr == "", args  # the page is not a note, broken or not
    assert len(json.loads(coach("history", "Alex Kim", "--json").stdout)["sessions"]) == 2


def test_a_session_is_saved_when_the_page_cannot_be(coach: Run, home: Home, tmp_path: Path) -> None:
    coach("rep", "add", "Alex Kim")
    page = home.reps_dir / "alex-kim" / "Alex Kim.md"
    page.write_text("My own notes on Alex.\n")  # the comment is gone: a person's file now
    answers = write(tmp_path / "answers.toml", MINIMAL_ANSWERS)
    result = coach("start", "Alex Kim", "-f", "weekly-pipeline", "--answers", str(answers))
    assert saved_note(result.stdout).exists()
    assert "The note is saved, but Alex Kim's page was not updated: " in flat(result.stderr)
    assert page.read_text() == "My own notes on Alex.\n"
    result = coach("rep", "edit", "Alex Kim", "--cadence", "14", code=1)
    assert "Error: Alex Kim was updated, but their page was not written:" in flat(result.stderr)
    assert "Rename or move that file" in flat(result.stderr)


def test_rep_show_unknown_rep(coach: Run, home: Home) -> None:
    coach("rep", "add", "Alex Kim")
    nobody = coach("rep", "show", "nobody", code=1)
    assert nobody.stderr.startswith("Error: No rep named 'nobody'.\n")
    assert "`coach rep list` shows your reps" in nobody.stderr
    close = coach("rep", "show", "Alx Kim", code=1)
    assert "Error: No rep named 'Alx Kim'. Did you mean 'Alex Kim'?" in close.stderr
    assert coach("rep", "edit", "Alx Kim", "--cadence", "3", code=1).stderr.count("Did you mean")


def test_a_reps_quota_is_added_edited_shown_and_checked(coach: Run, home: Home) -> None:
    added = coach("rep", "add", "Alex Kim", "--quota", "250000")
    assert added.stdout == "Added Alex Kim (alex-kim)\n"
    assert "        quota: 250,000 a quarter\n" in coach("rep", "show", "Alex Kim").stdout
    assert "quota = 250000\n" in (home.reps_dir / "alex-kim" / "profile.toml").read_text()
    assert coach("rep", "edit", "Alex Kim", "--quota", "120000.5").stdout == "Updated Alex Kim\n"
    assert json.loads(coach("rep", "show", "Alex Kim", "--json").stdout)["quota"] == 120000.5
    assert "quota = 120000.5\n" in (home.reps_dir / "alex-kim" / "profile.toml").read_text()
    for typed, why in (
        ("-5", "Bad quota '-5': expected greater than or equal to 0."),
        ("inf", "Bad quota 'inf': expected a finite number."),
        ("nan", "Bad quota 'nan': expected a finite number."),
        ("lots", "Bad quota 'lots': expected a valid number"),
    ):
        failed = coach("rep", "edit", "Alex Kim", "--quota", typed, code=1)
        assert failed.stderr.startswith("Error: " + why), typed
    assert "Bad quota '-1'" in coach("rep", "add", "Bo Diaz", "--quota", "-1", code=1).stderr
    assert not (home.reps_dir / "bo-diaz").exists()
    assert json.loads(coach("rep", "show", "Alex Kim", "--json").stdout)["quota"] == 120000.5


def test_an_answer_can_be_written_in_the_editor(
    coach: Run, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = write(
        tmp_path / "fake_editor.py",
        "import sys\n"
        "path = sys.argv[1]\n"
        "text = open(path, encoding='utf-8').read()\n"
        "assert text.startswith('#> Tell me about your best call')\n"
        "open(path, 'a', encoding='utf-8').write("
        "'Written in the editor.\\n#1 loss: Stark Industries\\nSecond line.\\n"
        "# Next steps\\n## Pricing\\n')\n",
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    skills = ["4", "/edit", "Ask for the economic buyer earlier"]
    result = coach(*START, input=typed(NUMBERS, skills, WRAP_UP))
    written = body(saved_note(result.stdout))
    assert "Written in the editor.\n#1 loss: Stark Industries\nSecond line." in written
    assert "are ignored" not in written
    # a Markdown heading typed in the editor is answer text: kept, and read back
    note = saved_note(result.stdout)
    answers = {a.id: a.value for s in from_markdown(note.read_text(), str(note)).sections
               for a in s.answers}  # fmt: skip
    assert answers["best-call"] == (
        "Written in the editor.\n#1 loss: Stark Industries\nSecond line.\n# Next steps\n## Pricing"
    )


def test_edit_without_an_editor_says_how_to_set_one(coach: Run, home: Home) -> None:
    skills = ["4", "/edit", "The Initech call.", "", "Ask for the economic buyer earlier"]
    result = coach(*START, input=typed(NUMBERS, skills, WRAP_UP))
    assert "Set $EDITOR (e.g. export EDITOR=nano) to write answers in an editor." in result.stdout
    assert "The Initech call." in body(saved_note(result.stdout))
