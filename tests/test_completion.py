"""Shell completion: rep names, framework ids, action ids and settings, in bash, zsh and fish.

The completion functions are called directly, and through click's protocol
(``_COACH_COMPLETE`` with the words typed so far), as the installed shell
script calls ``coach``. A broken home gives no candidates, never a traceback.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from coachcli.cli import app
from coachcli.cli.completion import COMPLETERS
from coachcli.home import Home
from coachcli.notes import write_note
from coachcli.reps import add_rep
from coachcli.session import ActionItem, Answer, SectionRecord, Session

CET = timezone(timedelta(hours=1))


def note(home: Home, name: str, slug: str, actions: list[ActionItem]) -> None:
    started = datetime(2026, 3, 2, 10, 0, tzinfo=CET)
    section = SectionRecord(
        id="goal", title="Goal", kind="coaching", planned_minutes=10, seconds=600,
        answers=[Answer(id="goal-topic", prompt="What?", type="text", value="Discovery.")],
    )  # fmt: skip
    session = Session(
        rep=name, rep_slug=slug, started=started, ended=started + timedelta(minutes=30),
        framework="grow", framework_name="GROW", framework_version="1", kind="coaching",
        sections=[section], actions=actions,
    )  # fmt: skip
    write_note(home.reps_dir / slug, session)


@pytest.fixture
def team(coach_home: Home) -> Home:
    add_rep(coach_home, "Alex Kim")
    add_rep(coach_home, "Alexandra Okafor")
    add_rep(coach_home, "Bo Diaz")
    due = date(2026, 3, 9)
    note(coach_home, "Alex Kim", "alex-kim", [
        ActionItem(id="k3f9qz7", text="Send the CFO one-pager", due=due),
        ActionItem(id="k3aaaaa", text="Book the demo", due=due, status="done", closed_on=due),
    ])  # fmt: skip
    note(coach_home, "Bo Diaz", "bo-diaz", [ActionItem(id="b7x2m4p", text="Call Globex", due=due)])
    coach_home.frameworks_dir.mkdir(parents=True, exist_ok=True)
    (coach_home.frameworks_dir / "my-grow.toml").write_text("not even TOML [")
    return coach_home


def complete(shell: str, words: str, **env: str) -> list[str]:
    """What ``coach`` answers the ``shell``'s completion script for ``words`` (as typed)."""
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    environ = {"_COACH_COMPLETE": f"complete_{shell}", **env}
    if shell == "bash":
        environ.update(COMP_WORDS=words, COMP_CWORD=str(cword))
    else:
        environ.update(_TYPER_COMPLETE_ARGS=words, _TYPER_COMPLETE_FISH_ACTION="get-args")
    result = CliRunner().invoke(app, [], env=environ, prog_name="coach")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return [line for line in result.stdout.splitlines() if line]


def test_rep_names_complete_with_their_spaces_in_every_shell(team: Home) -> None:
    assert complete("bash", "coach history Al") == ["Alex\\ Kim", "Alexandra\\ Okafor"]
    assert complete("bash", "coach history alexandra") == ["Alexandra\\ Okafor"]
    assert complete("bash", "coach actions list --rep B") == ["Bo\\ Diaz"]
    assert complete("bash", "coach show ") == ["Alex\\ Kim", "Alexandra\\ Okafor", "Bo\\ Diaz"]
    assert complete("fish", "coach balance Alex ") == []  # a new word: no rep starts with it
    assert complete("fish", "coach start Alex") == ["Alex Kim", "Alexandra Okafor"]
    (zsh,) = complete("zsh", "coach rep show B")
    assert zsh == """_arguments '*: :(("Bo Diaz"))'"""


def test_framework_ids_complete_built_in_and_own(team: Home) -> None:
    assert complete("bash", "coach frameworks show pi") == ["pipeline-review"]
    assert complete("bash", "coach start Bo -f my") == ["my-grow"]  # even a broken file
    assert complete("bash", "coach frameworks new x --from gr") == ["grow"]
    assert "weekly-1on1" in complete("fish", "coach history Bo --framework ")


def test_action_ids_complete_with_their_text(team: Home) -> None:
    assert complete("bash", "coach actions done ") == ["b7x2m4p", "k3f9qz7"]
    assert complete("bash", "coach actions done k3") == ["k3f9qz7"]
    assert complete("bash", "coach actions reopen k3") == ["k3aaaaa"]  # closed ones
    assert complete("fish", "coach actions drop b") == ["b7x2m4p\tBo Diaz: Call Globex"]


def test_setting_keys_complete_with_their_meaning(team: Home) -> None:
    assert complete("bash", "coach config set c") == ["cadence_days", "coaching_target"]
    assert complete("bash", "coach config unset pa") == ["pager"]
    (line,) = complete("fish", "coach config set man")
    assert line.startswith("manager_name\tYour name")


def test_a_broken_home_gives_no_candidates(coach_home: Home, tmp_path: Any) -> None:
    coach_home.reps_dir.mkdir(parents=True)
    (coach_home.reps_dir / "alex-kim").mkdir()
    (coach_home.reps_dir / "alex-kim" / "profile.toml").write_text("name = [")
    assert complete("bash", "coach history A") == []
    assert complete("bash", "coach actions done ") == []
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    assert complete("bash", f"coach --home {not_a_folder} history ") == []
    assert complete("bash", "coach actions done ", COACH_HOME=str(not_a_folder)) == []


def test_the_home_option_is_the_one_completed_from(team: Home, tmp_path: Any) -> None:
    other = Home(tmp_path / "other")
    add_rep(other, "Cy Ng")
    assert complete("bash", f"coach --home {other.root} history ") == ["Cy\\ Ng"]


def test_a_quote_already_typed_is_not_escaped_again(team: Home) -> None:
    assert complete("bash", 'coach history "Bo') == ["Bo Diaz"]


def test_every_parameter_of_those_names_completes() -> None:
    command = get_command(app)
    named: list[str] = []

    def walk(cmd: Any, path: str) -> None:
        for param in cmd.params:
            if param.name in COMPLETERS:
                named.append(f"{path} {param.name}")
                assert param._custom_shell_complete is COMPLETERS[param.name], (path, param.name)
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, f"{path} {name}")

    walk(command, "coach")
    for expected in ("coach history rep", "coach start framework", "coach search rep",
                     "coach actions done action_id", "coach config set key",
                     "coach rep rename rep"):  # fmt: skip
        assert expected in named
