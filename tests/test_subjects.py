"""A session about one deal or account: asked first, kept in the note, listed by history."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from coachcli.errors import CoachError
from coachcli.frontmatter import read_note
from coachcli.home import Home
from coachcli.layout import note_filenames, note_framework
from coachcli.notes import from_markdown
from coachcli.prompts import PromptSpec
from coachcli.values import parse_value

from .helpers import Run, notes_in

DEAL_FRAMEWORK = """\
schema = 1
id = "one-deal"
name = "One deal"
kind = "performance"
summary = "One deal, one question."
when_to_use = "For one deal."
minutes = 10
subject = "deal"

[[sections]]
id = "deal"
title = "The deal"
kind = "performance"
minutes = 10

  [[sections.questions]]
  id = "next-step"
  type = "text"
  prompt = "What is the next step?"
  required = true

[[metrics]]
id = "stakeholders"
name = "Stakeholders engaged"
indicator = "leading"
target = 3
"""


@pytest.fixture
def home(coach_home: Home) -> Home:
    coach_home.frameworks_dir.mkdir(parents=True)
    (coach_home.frameworks_dir / "one-deal.toml").write_text(DEAL_FRAMEWORK, encoding="utf-8")
    return coach_home


def typed_session(coach: Run, subject_lines: list[str], *extra: str) -> str:
    """A whole one-deal session typed in; the subject prompt gets ``subject_lines``."""
    lines = [*subject_lines, "Book the CFO meeting", "", "", "", ""]
    result = coach("start", "Alex Kim", "-f", "one-deal", "--yes", "--stdin", "--no-brief",
                   *extra, input="".join(f"{line}\n" for line in lines))  # fmt: skip
    return result.stdout


def answers(
    tmp_path: Path, subject: str | None, name: str = "answers.toml", stakeholders: int = 2
) -> Path:
    path = tmp_path / name
    line = f"subject = {json.dumps(subject)}\n" if subject is not None else ""
    path.write_text(
        f'{line}[answers]\nnext-step = "Send the proposal"\n'
        f"[metrics]\nstakeholders = {stakeholders}\n",
        encoding="utf-8",
    )
    return path


def properties(note: Path) -> dict[str, object]:
    data, _, _ = read_note(note.read_text(encoding="utf-8"), str(note))
    return dict(data)


# --------------------------------------------------------------------------- asking


def test_the_deal_is_asked_first_and_kept_in_the_note_and_its_name(coach: Run, home: Home) -> None:
    out = typed_session(coach, ["Globex  renewal"])
    assert "Which deal is this session about?" in out
    assert "its name as in the CRM, so its sessions can be found later" in out
    (note,) = notes_in(home.reps_dir / "alex-kim")
    assert note.name == f"{date.today().isoformat()}-one-deal-globex-renewal.md"
    assert properties(note)["deal"] == "Globex renewal"
    assert from_markdown(note.read_text(encoding="utf-8")).subject == "Globex renewal"


def test_earlier_deals_are_offered_by_number_newest_first(
    coach: Run, home: Home, tmp_path: Path
) -> None:
    coach(
        "start",
        "Alex Kim",
        "-f",
        "one-deal",
        "--yes",
        "--answers",
        str(answers(tmp_path, "Acme pilot")),
    )
    coach(
        "start",
        "Alex Kim",
        "-f",
        "one-deal",
        "--answers",
        str(answers(tmp_path, "Globex renewal", "b.toml")),
    )
    out = typed_session(coach, ["7", "2"])  # out of range, then the second: the older one
    assert "   1) Globex renewal\n   2) Acme pilot\n" in out
    assert "a number picks one; or type a new deal's name" in out
    assert "Choose 1 to 2, or type a new name." in out
    notes = notes_in(home.reps_dir / "alex-kim")
    assert sorted(properties(n)["deal"] for n in notes) == [
        "Acme pilot",
        "Acme pilot",
        "Globex renewal",
    ]


def test_a_deal_typed_in_another_case_is_the_same_deal(
    coach: Run, home: Home, tmp_path: Path
) -> None:
    coach(
        "start",
        "Alex Kim",
        "-f",
        "one-deal",
        "--yes",
        "--answers",
        str(answers(tmp_path, "Acme Pilot")),
    )
    typed_session(coach, ["acme   pilot"])
    notes = notes_in(home.reps_dir / "alex-kim")
    assert [properties(n)["deal"] for n in notes] == ["Acme Pilot", "Acme Pilot"]


def test_the_subject_option_skips_the_question(coach: Run, home: Home) -> None:
    result = coach("start", "Alex Kim", "-f", "one-deal", "--yes", "--stdin", "--no-brief",
                   "--subject", "Initech expansion", input="Send it\n\n\n\n\n")  # fmt: skip
    assert "Which deal" not in result.stdout
    (note,) = notes_in(home.reps_dir / "alex-kim")
    assert properties(note)["deal"] == "Initech expansion"


def test_a_subject_for_a_framework_without_one_is_refused(coach: Run, home: Home) -> None:
    result = coach("start", "Alex Kim", "-f", "grow", "--yes", "--subject", "Acme", "--stdin",
                   input="", code=1)  # fmt: skip
    assert "The framework 'grow' is not about a deal or an account." in result.stderr
    assert not notes_in(home.reps_dir / "alex-kim")


# --------------------------------------------------------------------------- answers files


def test_an_answers_file_without_the_deal_says_so(coach: Run, home: Home, tmp_path: Path) -> None:
    result = coach("start", "Alex Kim", "-f", "one-deal", "--yes", "--answers",
                   str(answers(tmp_path, None)), code=1)  # fmt: skip
    assert "subject: the deal this session is about is missing" in result.stderr
    assert not (home.reps_dir / "alex-kim").exists() or not notes_in(home.reps_dir / "alex-kim")


def test_an_answers_file_with_a_subject_for_grow_says_so(
    coach: Run, home: Home, tmp_path: Path
) -> None:
    path = tmp_path / "grow.toml"
    path.write_text('subject = "Acme"\nframework = "grow"\n', encoding="utf-8")
    result = coach("start", "Alex Kim", "--yes", "--answers", str(path), code=1)
    assert "subject: grow is not about a deal or an account" in result.stderr


# --------------------------------------------------------------------------- history


def test_history_lists_the_sessions_about_one_deal(coach: Run, home: Home, tmp_path: Path) -> None:
    for number, deal in enumerate(["Acme pilot", "Globex renewal", "acme  PILOT"]):
        coach("start", "Alex Kim", "-f", "one-deal", "--yes", "--answers",
              str(answers(tmp_path, deal, f"{number}.toml")))  # fmt: skip
    found = json.loads(coach("history", "Alex Kim", "--subject", "Acme pilot", "--json").stdout)
    assert len(found["sessions"]) == 2
    result = coach("history", "Alex Kim", "--subject", "Acme pilt", code=1)
    assert "No session with Alex Kim is about 'Acme pilt'. Did you mean 'acme PILOT'?" in (
        " ".join(result.stderr.split())
    ) or "Did you mean 'Acme pilot'?" in " ".join(result.stderr.split())
    assert "sessions are about: " in result.stderr


def test_a_deal_renamed_in_obsidian_is_what_history_finds(
    coach: Run, home: Home, tmp_path: Path
) -> None:
    coach(
        "start", "Alex Kim", "-f", "one-deal", "--yes", "--answers", str(answers(tmp_path, "Acme"))
    )
    (note,) = notes_in(home.reps_dir / "alex-kim")
    note.write_text(note.read_text(encoding="utf-8").replace("deal: Acme", "deal: Acme Corp"))
    found = json.loads(coach("history", "Alex Kim", "--subject", "acme corp", "--json").stdout)
    assert len(found["sessions"]) == 1


def test_a_note_about_a_deal_and_an_account_warns(coach: Run, home: Home, tmp_path: Path) -> None:
    coach(
        "start", "Alex Kim", "-f", "one-deal", "--yes", "--answers", str(answers(tmp_path, "Acme"))
    )
    (note,) = notes_in(home.reps_dir / "alex-kim")
    note.write_text(
        note.read_text(encoding="utf-8").replace("deal: Acme", "deal: Acme\naccount: Acme")
    )
    result = coach("history", "Alex Kim")
    assert "a session is about one deal or one account" in result.stderr


# --------------------------------------------------------------------------- names


def test_a_file_name_carries_the_deal_in_ascii() -> None:
    day = date(2026, 11, 27)
    assert next(note_filenames(day, "deal-review", "Globex — Renewal (EMEA)")) == (
        "2026-11-27-deal-review-globex-renewal-emea.md"
    )
    assert next(note_filenames(day, "deal-review", "李雷")) == "2026-11-27-deal-review.md"
    long = next(note_filenames(day, "deal-review", "word " * 30))
    assert re.fullmatch(r"2026-11-27-deal-review-[a-z-]{1,40}\.md", long) and "--" not in long
    assert (
        note_framework("2026-11-27-deal-review-globex-2", {"deal", "deal-review"}) == "deal-review"
    )
    assert note_framework("2026-11-27-deal-review-3", {"deal-review"}) == "deal-review"
    assert note_framework("2026-11-27-other", {"deal-review"}) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", "Globex renewal"), ("ACME pilot", "Acme pilot"), ("  New  deal ", "New deal")],
)
def test_a_name_is_picked_by_number_or_name_or_typed_new(raw: str, expected: str) -> None:
    spec = PromptSpec(text="Which deal?", type="name", options=("Globex renewal", "Acme pilot"))
    assert parse_value(spec, raw) == expected


@pytest.mark.parametrize("raw", ["", "   ", "3", "0"])
def test_a_name_that_is_no_name_is_refused(raw: str) -> None:
    spec = PromptSpec(text="Which deal?", type="name", options=("Globex renewal", "Acme pilot"))
    with pytest.raises(ValueError):
        parse_value(spec, raw)


def test_a_framework_subject_must_be_deal_or_account(tmp_path: Path) -> None:
    from coachcli.loader import load_file

    path = tmp_path / "x.toml"
    path.write_text(DEAL_FRAMEWORK.replace('subject = "deal"', 'subject = "opportunity"'))
    with pytest.raises(CoachError) as caught:
        load_file(path)
    assert "line 8" in caught.value.message and "subject" in caught.value.message


def test_a_deals_numbers_offer_that_deals_last_values(
    coach: Run, home: Home, tmp_path: Path
) -> None:
    from coachcli.start import StartOptions, start_session
    from tests.scripted import ScriptedAsker

    coach("start", "Alex Kim", "-f", "one-deal", "--yes", "--date", "yesterday",
          "--answers", str(answers(tmp_path, "Acme pilot", stakeholders=4)))  # fmt: skip
    coach("start", "Alex Kim", "-f", "one-deal", "--answers",
          str(answers(tmp_path, "Globex renewal", "b.toml", stakeholders=1)))  # fmt: skip
    asker = ScriptedAsker([("subject", "Acme pilot"), ("q:next-step", "Send it"),
                           ("metric:stakeholders", ""), ("act:1:text", ""), ("summary", ""),
                           ("minutes", "")])  # fmt: skip
    start_session(home, StartOptions(rep="Alex Kim", framework="one-deal", brief=False), asker)
    asker.done()
    (metric,) = [p for p in asker.prompts if p.key == "metric:stakeholders"]
    assert metric.default == 4  # Acme's last value, not Globex's (the newest session)
    show = coach("show", "Alex Kim").stdout
    shown = "Globex renewal" if "-one-deal-globex-renewal.md" in show else "Acme pilot"
    assert f"about {shown} · " in show  # the deal of the note shown, among its facts


def test_a_subject_without_a_framework_offers_the_frameworks_about_one(
    coach: Run, home: Home
) -> None:
    result = coach("start", "Alex Kim", "--yes", "--stdin", "--no-brief", "--subject", "Acme",
                   input="", code=1)  # fmt: skip
    menu = result.stdout[result.stdout.index("Which framework?") :]
    assert "-f one-deal" in menu and "-f deal-review" in menu
    assert "-f grow" not in menu  # GROW is not about a deal
