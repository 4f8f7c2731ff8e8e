"""The manager self-review fed by `coach balance` (issue 15): the figures, worked out by the
functions behind `coach balance`, `coach reps` and `coach actions` with the manager's own
folder left out, shown when the session starts and offered as its metrics' defaults."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest
import tomli_w

from coachcli.answers import start_from_file
from coachcli.framework import (
    ChoiceQuestion,
    Framework,
    ListQuestion,
    MultiQuestion,
    NumberQuestion,
    ScaleQuestion,
    YesNoQuestion,
)
from coachcli.home import Home
from coachcli.loader import resolve
from coachcli.meeting import Logged
from coachcli.notes import from_markdown
from coachcli.queries import actions_view, balance_view, reps_view
from coachcli.self_review import SOURCE, figures
from coachcli.self_review_ids import FIGURES, is_self_review
from coachcli.start import StartOptions, start_session

from . import helpers
from .helpers import Run
from .scripted import ScriptedAsker

TODAY = date.today()
MANAGER = "Sam Rivera"


def _required(fw: Framework) -> dict[str, Any]:
    """An answer to each required question of ``fw``."""
    found: dict[str, Any] = {}
    for section in fw.sections:
        for q in section.questions:
            if not q.required:
                continue
            if isinstance(q, ScaleQuestion):
                found[q.id] = q.min
            elif isinstance(q, ChoiceQuestion):
                found[q.id] = q.options[0]
            elif isinstance(q, MultiQuestion):
                found[q.id] = q.options[:1]
            elif isinstance(q, NumberQuestion):
                found[q.id] = int(q.min or 1) if q.integer else float(q.min or 1)
            elif isinstance(q, YesNoQuestion):
                found[q.id] = True
            elif isinstance(q, ListQuestion):
                found[q.id] = ["Acme"]
            else:
                found[q.id] = f"About {q.id}."
    return found


def _log(home: Home, tmp_path: Path, rep: str, framework: str, days_ago: int,
         actions: list[dict[str, str]]) -> None:  # fmt: skip
    """A 30-minute 1:1 with ``rep`` on ``framework``, ``days_ago`` days before today."""
    data = {
        "framework": framework,
        "date": (TODAY - timedelta(days=days_ago)).isoformat(),
        "time": "09:00",
        "minutes": 30,
        "summary": "Logged for the test.",
        "answers": _required(resolve(home, framework)),
        "actions": actions,
        "rep": {"cadence_days": 7},
    }
    path = tmp_path / f"{rep}-{framework}.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    assert start_from_file(home, rep, path).status == "finished"


@pytest.fixture
def team(coach_home: Home, tmp_path: Path) -> Home:
    """Alex: coached 3 days ago, a rep's item overdue. Jo: a pipeline review 10 days ago
    (overdue for a 1:1, never coached), a manager's item overdue. The manager's own
    self-review 5 days ago, with an overdue item: left out of every figure."""
    _log(coach_home, tmp_path, "Alex Kim", "grow", 3,
         [{"text": "Try the new opener", "owner": "rep", "due": "+1d"}])  # fmt: skip
    _log(coach_home, tmp_path, "Jo Park", "pipeline-review", 10,
         [{"text": "Send Jo the pricing sheet", "owner": "manager", "due": "+2d"}])  # fmt: skip
    _log(coach_home, tmp_path, MANAGER, "manager-self-review", 5,
         [{"text": "Book coaching with Jo", "owner": "rep", "due": "+1d"}])  # fmt: skip
    return coach_home


def test_only_a_framework_asking_for_a_figure_is_a_self_review(coach_home: Home) -> None:
    assert is_self_review(resolve(coach_home, "manager-self-review"))
    assert not is_self_review(resolve(coach_home, "grow"))
    metrics = {m.id for m in resolve(coach_home, "manager-self-review").metrics}
    assert metrics == set(FIGURES)


def test_the_figures_leave_the_manager_out(team: Home) -> None:
    found, warnings = figures(team, TODAY, "sam-rivera")
    assert warnings == []
    assert found.coaching_share == 0.5  # Alex's 30 coaching minutes of 60; not the manager's
    assert found.sessions == 2
    assert found.active_reps == 2
    assert found.overdue_reps == [("Jo Park", 3)]
    assert found.uncoached == [("Jo Park", None)]
    assert (found.manager_overdue, found.rep_overdue) == (1, 1)
    assert found.values() == {
        "coaching-share": 50,
        "reps-on-cadence": 50,
        "reps-uncoached": 1,
        "manager-actions-overdue": 1,
        "rep-actions-overdue": 1,
    }
    text = found.text()
    assert "Coaching share of your 1:1 time, last 30 days: 50% (target 60%), 2 1:1s" in text
    assert "Reps whose next 1:1 is not overdue: 1 of 2; overdue: Jo Park 3 days" in text
    assert "Reps with no coaching conversation in 30 days: 1 (Jo Park, never)" in text


def test_the_figures_are_the_listings_own(team: Home) -> None:
    """The same counts as `coach reps`, `coach actions --overdue` and `coach balance` give,
    once the manager's own folder is set aside."""
    found, _ = figures(team, TODAY, "sam-rivera")
    rows = [r for r in reps_view(team, TODAY).rows if r.slug != "sam-rivera"]
    assert [(r.name, r.days_overdue) for r in rows if r.overdue] == found.overdue_reps
    overdue = [a for a in actions_view(team, TODAY, overdue=True).actions
               if a.rep_slug != "sam-rivera"]  # fmt: skip
    assert sorted(a.owner for a in overdue) == ["manager", "rep"]
    alone = balance_view(team, TODAY, "Alex Kim", since=TODAY - timedelta(days=30)).balance
    assert alone is not None and alone.team.coaching_share == 1.0
    # with the manager's folder the share differs: the self-review has coaching minutes
    everyone = balance_view(team, TODAY, since=TODAY - timedelta(days=30)).balance
    assert everyone is not None and everyone.team.coaching_share != found.coaching_share


def test_no_reps_and_no_time_gives_what_can_be_worked_out(coach_home: Home) -> None:
    found, _ = figures(coach_home, TODAY, "sam-rivera")
    assert found.values() == {
        "reps-uncoached": 0, "manager-actions-overdue": 0, "rep-actions-overdue": 0,
    }  # fmt: skip
    assert "no 1:1 time recorded" in found.text() and "no reps yet" in found.text()


def test_a_rep_never_met_has_had_no_coaching_either(team: Home) -> None:
    """A rep added but never met is not in `coach balance`'s list (it lists reps with sessions),
    and is still one with no coaching conversation."""
    from coachcli.reps import add_rep

    add_rep(team, "Lee Wong", today=TODAY - timedelta(days=2))
    found, _ = figures(team, TODAY, "sam-rivera")
    assert ("Lee Wong", None) in found.uncoached
    assert found.values()["reps-uncoached"] == len(found.uncoached) == 2
    assert "Lee Wong, never" in found.text()


def _required_plan(fw: Framework) -> dict[str, list[str]]:
    return {s.id: [q.id for q in s.questions if q.required] for s in fw.sections}


def test_a_self_review_shows_the_figures_and_offers_them_as_defaults(team: Home) -> None:
    fw = resolve(team, "manager-self-review")
    (earlier,) = actions_view(team, TODAY, MANAGER).actions
    script: list[tuple[str, Any]] = [(f"review:{earlier.id}", "done")]
    script += [(f"q:{qid}", value) for qid, value in _required(fw).items()]
    script += [("fb:1:template", "")]
    script += [(f"rating:{r.id}", "3") for r in fw.ratings]
    script += [(f"metric:{m.id}", "") for m in fw.metrics]  # Enter keeps each figure
    script += [("act:1:text", ""), ("summary", "Coaching share at half."), ("minutes", "")]
    asker = ScriptedAsker(script)
    options = StartOptions(rep=MANAGER, framework=fw.id, plan=_required_plan, brief=False)
    outcome = start_session(team, options, asker)
    asker.done()

    shown = next(n for n in asker.notices if n.startswith("Your figures as of"))
    assert "Reps whose next 1:1 is not overdue: 1 of 2" in shown
    prompt = next(p for p in asker.prompts if p.key == "metric:coaching-share")
    assert (prompt.default, prompt.default_note) == (
        50, f"imported from {SOURCE}, as of {TODAY.isoformat()}"
    )  # fmt: skip
    assert outcome.note is not None
    session = from_markdown(outcome.note.read_text(encoding="utf-8"), str(outcome.note))
    assert session.metrics == {
        "coaching-share": 50,
        "reps-on-cadence": 50,
        "reps-uncoached": 1,
        "manager-actions-overdue": 1,
        "rep-actions-overdue": 1,
    }


def test_another_framework_is_offered_no_figures(team: Home) -> None:
    plan = resolve(team, "grow")
    script: list[tuple[str, Any]] = [(f"q:{q}", v) for q, v in _required(plan).items()]
    script += [("fb:1:template", "")]
    script += [(f"rating:{r.id}", "") for r in plan.ratings]
    script += [(f"metric:{m.id}", "/skip") for m in plan.metrics]
    script += [("act:1:text", ""), ("summary", "x"), ("minutes", "")]
    (open_item,) = actions_view(team, TODAY, "Alex Kim").actions
    asker = ScriptedAsker([(f"review:{open_item.id}", "still open"), *script])
    options = StartOptions(rep="Alex Kim", framework="grow", plan=_required_plan, brief=False)
    start_session(team, options, asker)
    assert not any(n.startswith("Your figures") for n in asker.notices)


def test_a_self_review_logged_afterwards_is_offered_none(team: Home) -> None:
    """The figures are as of now: a 1:1 logged for an earlier day is not offered them."""
    fw = resolve(team, "manager-self-review")
    (earlier,) = actions_view(team, TODAY, MANAGER).actions
    script: list[tuple[str, Any]] = [(f"review:{earlier.id}", "done")]
    script += [(f"q:{qid}", value) for qid, value in _required(fw).items()]
    script += [("fb:1:template", "")]
    script += [(f"rating:{r.id}", "") for r in fw.ratings]
    script += [(f"metric:{m.id}", "") for m in fw.metrics]
    script += [("act:1:text", ""), ("summary", "Logged.")]  # its length was given
    asker = ScriptedAsker(script)
    when = Logged(datetime.combine(TODAY - timedelta(days=1), time(9, 0)).astimezone(), 30)
    options = StartOptions(rep=MANAGER, framework=fw.id, plan=_required_plan, brief=False,
                           logged=when)  # fmt: skip
    outcome = start_session(team, options, asker)
    asker.done()
    assert any("logged afterwards is not offered your figures" in n for n in asker.notices)
    assert not any(n.startswith("Your figures") for n in asker.notices)
    prompt = next(p for p in asker.prompts if p.key == "metric:coaching-share")
    assert prompt.default is None
    assert outcome.session is not None and outcome.session.metrics == {}


OWN_SELF_REVIEW = """\
schema = 1
id = "my-self-review"
name = "My monthly check"
kind = "performance"
summary = "A team's own, shorter self-review."
when_to_use = "Once a month."
minutes = 10

[[sections]]
id = "figures"
title = "Figures"
kind = "performance"
minutes = 10

  [[sections.questions]]
  id = "reps-count"
  type = "number"
  prompt = "How many reps do you manage?"
  required = true

[[metrics]]
id = "coaching-share"
name = "Coaching share, last 30 days"
unit = "%"
indicator = "leading"
target = 60

[[metrics]]
id = "manager-actions-overdue"
name = "My overdue items"
indicator = "leading"
target = 0
better = "lower"

[closing]
actions = false
"""


def test_a_teams_own_self_review_gets_the_figures_at_the_command_line(
    team: Home, coach: Run
) -> None:
    """Matched by metric id, so a copy under another id keeps them; Enter keeps each."""
    team.frameworks_dir.mkdir(parents=True, exist_ok=True)
    (team.frameworks_dir / "my-self-review.toml").write_text(OWN_SELF_REVIEW, encoding="utf-8")
    (open_item,) = actions_view(team, TODAY, MANAGER).actions
    typed = ["done", "2", "", "", "Half the time coaching.", "", "25"]
    result = coach("start", MANAGER, "-f", "my-self-review", "--no-brief", "--stdin",
                   input="".join(line + "\n" for line in typed))  # fmt: skip
    out = result.output
    assert "Your figures as of" in out
    assert "Coaching share of your 1:1 time, last 30 days: 50% (target 60%), 2 1:1s" in out
    assert "Your own action items overdue: 1" in out
    assert f"imported from coach balance, as of {TODAY.isoformat()}" in out
    (note,) = sorted((team.reps_dir / "sam-rivera").glob(f"{TODAY.isoformat()}-my-self-review*.md"))
    session = from_markdown(note.read_text(encoding="utf-8"), str(note))
    assert session.metrics == {"coaching-share": 50, "manager-actions-overdue": 1}
    assert open_item.id in note.read_text(encoding="utf-8")  # the commitment reviewed


def test_a_team_publication_leaves_the_managers_own_folder_out(team: Home) -> None:
    """The self-review is the manager's reflection, not a 1:1 with a rep: neither its figures,
    its action items nor its shared parts reach the team remote; the reps' 1:1s do."""
    from coachcli.team_publish import published_files

    files = published_files(team, MANAGER, TODAY)
    everything = b"".join(data for path, data in files.items() if path != "manager.toml")
    assert b"sam-rivera" not in everything and b"manager-self-review" not in everything
    assert not any(path.startswith("shared/sam-rivera/") for path in files)
    assert b"alex-kim" in files["sessions.csv"] and b"jo-park" in files["reps.csv"]


# --------------------------------------------------------------------------- whose action items


def _wrap_up(fw: Framework, actions: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """The required answers, no feedback, Enter on each rating and metric, then ``actions``."""
    script: list[tuple[str, Any]] = [(f"q:{qid}", value) for qid, value in _required(fw).items()]
    script += [("fb:1:template", "")]
    script += [(f"rating:{r.id}", "") for r in fw.ratings]
    script += [(f"metric:{m.id}", "" if m.id in FIGURES else "/skip") for m in fw.metrics]
    return [*script, *actions, ("summary", "Done."), ("minutes", "")]


def test_a_self_review_never_asks_whose_an_action_item_is(team: Home, coach: Run) -> None:
    """The rep is the manager: every item is their own, recorded as the rep's (#owner/rep), so
    `coach history` counts it kept or missed and `coach share` names the manager."""
    fw = resolve(team, "manager-self-review")
    (earlier,) = actions_view(team, TODAY, MANAGER).actions
    actions = [("act:1:text", "Book coaching with Jo"), ("act:1:due", "+3d"),
               ("act:2:text", "Close my two overdue items"), ("act:2:due", "+7d"),
               ("act:3:text", "")]  # fmt: skip
    asker = ScriptedAsker([(f"review:{earlier.id}", "done"), *_wrap_up(fw, actions)])
    options = StartOptions(rep=MANAGER, framework=fw.id, plan=_required_plan, brief=False)
    outcome = start_session(team, options, asker)
    asker.done()  # no act:N:owner was asked: the script would have failed on it

    assert not any(p.id.part == "owner" for p in asker.prompts)
    review = next(p for p in asker.prompts if p.key == f"review:{earlier.id}")
    assert review.context.startswith("agreed ")  # not "rep · agreed …"
    assert outcome.note is not None
    text = outcome.note.read_text(encoding="utf-8")
    items = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    assert [line.split(" 📅 ")[0] for line in items] == [
        "- [ ] Book coaching with Jo", "- [ ] Close my two overdue items"
    ]  # fmt: skip
    assert all(" #owner/rep ^" in line for line in items)
    shared = coach("share", MANAGER, "--last").stdout
    assert "Book coaching with Jo — Sam Rivera, by" in shared


def test_a_1on1_with_a_rep_still_asks_whose_an_action_item_is(team: Home) -> None:
    fw = resolve(team, "grow")
    (open_item,) = actions_view(team, TODAY, "Alex Kim").actions
    actions = [("act:1:text", "Send Alex the case study"), ("act:1:owner", "manager"),
               ("act:1:due", "+7d"), ("act:2:text", "")]  # fmt: skip
    asker = ScriptedAsker([(f"review:{open_item.id}", "still open"), *_wrap_up(fw, actions)])
    options = StartOptions(rep="Alex Kim", framework="grow", plan=_required_plan, brief=False)
    outcome = start_session(team, options, asker)
    asker.done()

    owner = next(p for p in asker.prompts if p.key == "act:1:owner")
    assert (owner.text, owner.options, owner.default) == ("Who owns it?", ("rep", "manager"), "rep")
    review = next(p for p in asker.prompts if p.key == f"review:{open_item.id}")
    assert review.context.startswith("rep · agreed ")
    assert outcome.note is not None
    (item,) = [
        line for line in outcome.note.read_text("utf-8").splitlines() if "case study" in line
    ]
    assert item.startswith("- [ ] Send Alex the case study 📅 ") and " #owner/manager ^" in item


def _answers(tmp_path: Path, home: Home, actions: list[dict[str, str]]) -> Path:
    data = {
        "framework": "manager-self-review",
        "minutes": 30,
        "summary": "From a file.",
        "answers": _required(resolve(home, "manager-self-review")),
        "actions": actions,
    }
    path = tmp_path / "self-review.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


def test_a_self_review_from_a_file_prints_the_items_without_an_owner(
    team: Home, coach: Run, tmp_path: Path
) -> None:
    items = [{"text": "Book coaching with Jo", "due": "2030-01-04"},
             {"text": "Plan the QBR", "owner": "rep", "due": "2030-01-11"}]  # fmt: skip
    path = _answers(tmp_path, team, items)
    out = coach("start", MANAGER, "--answers", str(path)).stdout
    assert (
        "  [ ] Book coaching with Jo (due 2030-01-04)\n  [ ] Plan the QBR (due 2030-01-11)\n" in out
    )
    note = team.reps_dir / "sam-rivera" / f"{TODAY.isoformat()}-manager-self-review.md"
    assert note.read_text("utf-8").count(" #owner/rep ^") == 2


def test_a_self_review_file_giving_an_item_to_the_manager_is_refused(
    team: Home, coach: Run, tmp_path: Path
) -> None:
    """Its rep is the manager: "manager" would split one person's items in two."""
    items = [{"text": "Book coaching with Jo", "due": "+3d"},
             {"text": "Plan the QBR", "owner": "manager", "due": "+7d"}]  # fmt: skip
    path = _answers(tmp_path, team, items)
    before = sorted((team.reps_dir / "sam-rivera").iterdir())
    result = coach("start", MANAGER, "--answers", str(path), code=1)
    assert result.stderr == (
        f"Error: {path} does not fit the framework 'manager-self-review':\n"
        "  actions[2].owner = 'manager': a self-review's action items are all your own (recorded "
        "as its rep's, that is yours): leave owner out\n"
    )
    assert sorted((team.reps_dir / "sam-rivera").iterdir()) == before


def test_the_dry_run_of_a_self_review_asks_no_owner(team: Home, coach: Run) -> None:
    own = coach("start", MANAGER, "-f", "manager-self-review", "--dry-run").stdout
    assert "- Action items (text, due date)" in own
    assert "- Book coaching with Jo (due " in own  # last month's, reviewed first
    with_rep = coach("start", "Alex Kim", "-f", "grow", "--dry-run").stdout
    assert "- Action items (text, owner, due date)" in with_rep
    assert "- Try the new opener (rep, due " in with_rep


# --------------------------------------------------------------------------- the manager's own


def test_coach_actions_says_a_self_reviews_items_are_yours(team: Home, coach: Run) -> None:
    """A self-review's items are recorded as the rep's (#owner/rep), the rep being the manager:
    the table says "you"; a rep's 1:1 still says whose each item is; the JSON keeps "rep"."""
    items = {a.rep_slug: a for a in actions_view(team, TODAY).actions}
    rows = [
        (items[slug], name, whose)
        for slug, name, whose in [
            ("sam-rivera", "Sam Rivera", "you"), ("alex-kim", "Alex Kim", "rep"),
            ("jo-park", "Jo Park", "manager"),
        ]
    ]  # fmt: skip
    rows.sort(key=lambda row: (row[0].due, row[0].id))
    table = [
        f"{a.id}  {name:<10}  {whose:<7}  {a.due.isoformat()} ({a.days_overdue}d late)  {a.text}"
        for a, name, whose in rows
    ]
    width = max(len(line) for line in table)
    header = f"{'id':<7}  {'rep':<10}  {'owner':<7}  {'due':<20}  action"
    assert helpers.lines_of(coach("actions").stdout) == [
        line.ljust(width).rstrip() for line in [header, *table]
    ] + ["3 listed, 3 overdue. Close one: coach actions done ID"]
    mine = coach("actions", MANAGER, "--json").stdout
    assert [a["owner"] for a in json.loads(mine)["actions"]] == ["rep"]  # as docs/json.md says


def test_coach_calendar_says_a_self_reviews_items_are_yours(team: Home, coach: Run) -> None:
    events = icalendar.Calendar.from_ical(coach("calendar").stdout).walk("VEVENT")
    owners = {
        str(e["SUMMARY"]): str(e["DESCRIPTION"]).splitlines()[0]
        for e in events
        if not str(e["SUMMARY"]).startswith("1:1 with")
    }
    assert owners == {
        "Sam Rivera: Book coaching with Jo": "Owner: you (your own commitment).",
        "Alex Kim: Try the new opener": "Owner: Alex Kim (the rep).",
        "Jo Park: Send Jo the pricing sheet": "Owner: you (the manager).",
    }
