"""Hostile and clumsy input, by class: every file the tool reads, every text it prints.

Each class of failure is generated for each kind of file rather than tried
once: deep nesting in every TOML, YAML and JSON file the tool reads, control
characters in every kind of text field of a framework, an unreadable version
of every file the tool rewrites. The assertions are the same everywhere: no
traceback, a message that names the file, the right exit code, nothing
overwritten, nothing printed that could drive the terminal.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from coachcli import drafts, fsys
from coachcli.answers import start_from_file
from coachcli.drafts import Draft, DraftKeeper
from coachcli.errors import CoachError
from coachcli.home import Home
from coachcli.layout import DRAFT_FILE
from coachcli.loader import builtin_dir, load_file
from coachcli.wording import printable

from .helpers import Run, notes_in
from .scripted import ScriptedAsker

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "docs" / "examples" / "grow-answers.toml"
HOME_V1 = Path(__file__).parent / "fixtures" / "home_v1"
DRIVES_THE_TERMINAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
HOSTILE = "\x1b]0;pwned\x07\x1b[2J\u202eevil"

DEEP_TOML = "x = " + "[" * 500 + "]" * 500 + "\n"
DEEP_YAML_FLOW = "x: " + "[" * 3000 + "]" * 3000 + "\n"
DEEP_YAML_BLOCK = "".join("  " * i + f"k{i}:\n" for i in range(300)) + "  " * 300 + "v\n"
DEEP_JSON = '{"x": ' + "[" * 5000 + "]" * 5000 + "}"


@pytest.fixture
def alex(coach_home: Home) -> Path:
    """A home with one session with Alex Kim (two open action items); Alex's folder."""
    start_from_file(coach_home, "Alex Kim", EXAMPLE, "grow")
    start_from_file(coach_home, "Bo Li", EXAMPLE, "grow")
    return coach_home.reps_dir / "alex-kim"


@pytest.fixture
def dana(coach_home: Home) -> Path:
    """A home of format-1 notes (written by coachcli 0.1); Dana Cruz's folder.

    Dana has an open action, and an actions.toml (where `coach actions done`
    records the changes of format-1 notes).
    """
    shutil.copytree(HOME_V1 / "reps", coach_home.reps_dir)
    folder = coach_home.reps_dir / "dana-cruz"
    assert (folder / "actions.toml").exists()
    assert all("\nschema: 1\n" in note.read_text() for note in folder.glob("*.md"))
    return folder


def notes_of(folder: Path) -> dict[Path, bytes]:
    return {note: note.read_bytes() for note in folder.glob("*.md")}


def clean(output: str) -> None:
    """No traceback, and nothing that could drive the terminal (NO_COLOR: no styling either)."""
    assert "Traceback" not in output
    found = DRIVES_THE_TERMINAL.findall(output)
    assert not found, f"printed control characters {found!r} in:\n{output}"


def run(coach: Run, *args: str, code: int) -> str:
    result = coach(*args, code=None)
    output = result.output
    clean(output)
    assert result.exit_code == code, output
    return output


# --------------------------------------------------------------------------- deep nesting


def test_a_deep_config_file_is_an_error_naming_it(coach: Run, coach_home: Home, alex: Path) -> None:
    coach_home.config_file.write_text(DEEP_TOML)
    out = run(coach, "config", "show", code=1)  # the settings themselves: an error
    assert str(coach_home.config_file) in out and "nested more than" in out
    for args in (("reps",), ("balance",), ("start", "Alex Kim", "--dry-run")):
        out = run(coach, *args, code=0)  # a reading command warns and goes on with the defaults
        assert str(coach_home.config_file) in out or args[0] == "start"
    before = coach_home.config_file.read_bytes()
    out = run(coach, "config", "set", "cadence_days", "7", code=1)
    assert str(coach_home.config_file) in out
    assert coach_home.config_file.read_bytes() == before


def test_a_deep_profile_skips_that_rep_only(coach: Run, alex: Path) -> None:
    profile = alex / "profile.toml"
    profile.write_text(DEEP_TOML)
    out = run(coach, "reps", code=0)
    assert str(profile) in out and "Bo Li" in out and "Alex Kim" not in out.split("Warning")[0]
    before = profile.read_bytes()
    out = run(coach, "rep", "edit", "alex-kim", "--cadence", "7", code=1)
    assert str(profile) in out
    assert profile.read_bytes() == before


@pytest.mark.parametrize("where", ["frameworks/deep.toml", "frameworks/feedback/deep.toml"])
def test_a_deep_framework_leaves_the_others_usable(
    coach: Run, coach_home: Home, alex: Path, where: str
) -> None:
    path = coach_home.root / where
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(DEEP_TOML)
    out = run(coach, "frameworks", "list", code=0)
    assert "grow" in out and "pipeline-review" in out
    assert "nested more than" in out
    run(coach, "frameworks", "show", "grow", code=0)
    out = run(coach, "frameworks", "validate", str(path), code=1)
    assert str(path) in out and "line 1: tables or arrays are nested more than 20 deep" in out
    start_from_file(coach_home, "Cy Doe", EXAMPLE, "grow")  # a session still runs


def test_a_deep_answers_file_is_an_error_naming_it(
    coach: Run, coach_home: Home, tmp_path: Path
) -> None:
    answers = tmp_path / "answers.toml"
    answers.write_text(DEEP_TOML)
    out = run(coach, "start", "Dee Ray", "-f", "grow", "--answers", str(answers), code=1)
    assert str(answers) in out
    assert not (coach_home.reps_dir / "dee-ray").exists()


@pytest.mark.parametrize("deep", [DEEP_YAML_FLOW, DEEP_YAML_BLOCK], ids=["flow", "block"])
def test_a_deep_note_warns_and_the_rest_is_listed(coach: Run, alex: Path, deep: str) -> None:
    (note,) = notes_in(alex)
    broken = alex / "2026-01-05-grow.md"
    broken.write_text(note.read_text().replace("---\n", "---\n" + deep, 1))
    for args in (("reps",), ("history", "Alex Kim"), ("actions",), ("balance",)):
        out = run(coach, *args, code=0)
        assert "Alex Kim" in out or "alex" in out
    out = run(coach, "search", "discount", "--json", code=0)
    assert str(note) in out


def test_deep_actions_file_warns_and_is_never_replaced(coach: Run, dana: Path) -> None:
    actions = dana / "actions.toml"
    notes = notes_of(dana)
    actions.write_text(DEEP_TOML)
    out = run(coach, "actions", code=0)
    assert out.count(str(actions)) == 1  # warned once
    before = actions.read_bytes()
    listed = json.loads(coach("actions", "Dana Cruz", "--json").stdout)["actions"]
    out = run(coach, "actions", "done", listed[0]["id"], code=1)
    assert str(actions) in out and "nothing was changed" in out
    assert actions.read_bytes() == before
    assert notes_of(dana) == notes  # a format-1 note is never rewritten for a status change


def test_a_deep_draft_is_set_aside(coach_home: Home, alex: Path) -> None:
    (alex / DRAFT_FILE).write_text(DEEP_JSON)
    draft, problem = drafts.load_draft(alex)
    assert draft is None and "kept as" in problem
    (aside,) = alex.glob(f"{DRAFT_FILE}.unreadable-*")
    assert aside.read_text() == DEEP_JSON


# --------------------------------------------------------------------------- control characters


def _text_fields(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _text_fields(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _text_fields(value, (*path, index))
    elif isinstance(data, str):
        yield path, data


def _shape(path: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple("*" if isinstance(p, int) else p for p in path)


GROW = tomllib.loads((builtin_dir() / "grow.toml").read_text(encoding="utf-8"))
IDS = {"id", "use_feedback", "tags"}  # names on disk and references: their own rules apply
TEXT_FIELDS: dict[tuple[Any, ...], tuple[Any, ...]] = {}
for _path, _ in _text_fields(GROW):
    if _path[-1] not in IDS and not (len(_path) > 1 and _path[-2] in IDS):
        TEXT_FIELDS.setdefault(_shape(_path), _path)


def _set(data: Any, path: tuple[Any, ...], value: str) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


@pytest.mark.parametrize("path", list(TEXT_FIELDS.values()), ids=lambda p: ".".join(map(str, p)))
def test_control_characters_in_any_framework_text_never_reach_the_terminal(
    coach: Run, coach_home: Home, path: tuple[Any, ...]
) -> None:
    data = json.loads(json.dumps(GROW))
    data["id"] = "evil"
    original = GROW
    for part in path:
        original = original[part]
    _set(data, path, f"{original} {HOSTILE}")
    framework = coach_home.frameworks_dir / "evil.toml"
    framework.parent.mkdir(parents=True, exist_ok=True)
    framework.write_text(tomli_w.dumps(data), encoding="utf-8")
    try:  # a field with a fixed set of values (kind, type...) makes the file invalid
        load_file(framework)
        valid = 0
    except CoachError:
        valid = 1
    run(coach, "frameworks", "list", code=0)
    run(coach, "frameworks", "show", "evil", code=valid)
    out = run(coach, "frameworks", "validate", str(framework), code=valid)
    assert "U+001B" in out or "\\x1b" in out  # the warning (or the error) names the character
    run(coach, "start", "Alex Kim", "-f", "evil", "--dry-run", code=valid)
    result = coach("start", "Alex Kim", "-f", "evil", "--answers", str(EXAMPLE), code=None)
    clean(result.output)


def test_an_invalid_value_with_control_characters_is_shown_harmlessly(
    coach: Run, coach_home: Home
) -> None:
    data = json.loads(json.dumps(GROW))
    data["kind"] = "coach\x1b[2J"
    framework = coach_home.frameworks_dir / "evil.toml"
    framework.parent.mkdir(parents=True, exist_ok=True)
    framework.write_text(tomli_w.dumps(data), encoding="utf-8")
    out = run(coach, "frameworks", "validate", str(framework), code=1)
    assert "kind" in out
    run(coach, "frameworks", "list", code=0)


def test_rep_names_answers_and_notes_with_control_characters(
    coach: Run, coach_home: Home, tmp_path: Path
) -> None:
    answers = tmp_path / "answers.toml"
    data = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["summary"] += HOSTILE
    data["answers"]["goal-topic"] += HOSTILE
    data["actions"][1]["text"] = f"Send \x1b[31m the Globex story {HOSTILE}"
    answers.write_text(tomli_w.dumps(data), encoding="utf-8")
    run(coach, "start", "Alex Kim", "-f", "grow", "--answers", str(answers), code=0)
    for args in (
        ("reps",), ("history", "Alex Kim"), ("show", "Alex Kim"),
        ("actions",), ("balance",), ("search", "Globex"), ("rep", "list"),
        ("rep", "show", "alex-kim"), ("history", "Alex Kim", "--json"),
        ("search", "evil", "--json"), ("show", "Alex Kim", "--json"),
    ):  # fmt: skip
        run(coach, *args, code=0)
    out = run(coach, "actions", "--json", code=0)
    assert "\\u001b" in out  # JSON escapes them: scripts get the text as written
    assert any(
        HOSTILE in a["text"] for a in json.loads(coach("actions", "--json").stdout)["actions"]
    )


def test_raw_output_is_byte_exact_to_a_pipe_and_harmless_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io
    import sys

    from coachcli.cli.render import echo_raw

    class Stream(io.TextIOWrapper):
        def __init__(self, tty: bool) -> None:
            super().__init__(io.BytesIO(), encoding="utf-8")
            self.tty = tty

        def isatty(self) -> bool:
            return self.tty

    for tty, expected in ((False, HOSTILE), (True, printable(HOSTILE))):
        stream = Stream(tty)
        monkeypatch.setattr(sys, "stdout", stream)
        echo_raw(HOSTILE.encode())
        stream.flush()
        assert stream.buffer.getvalue().decode() == expected  # type: ignore[attr-defined]


def test_printable_makes_every_dangerous_character_visible() -> None:
    assert printable("a\x1b[2Jb\x07\u202e\x85\rc\r\nd\te") == (
        "a<U+001B>[2Jb<U+0007><U+202E><U+0085><U+000D>c\r\nd\te"
    )
    assert printable("José Núñez 李雷 ✓") == "José Núñez 李雷 ✓"


# ------------------------------------------------------------------------ files the tool rewrites

UNREADABLE = {
    "syntax": b"this is = = not toml\n",
    "not utf-8": b'name = "caf\xe9"\n',
    "deep": DEEP_TOML.encode(),
}


@pytest.mark.parametrize("bad", UNREADABLE, ids=list(UNREADABLE))
@pytest.mark.parametrize("case", ["config set", "config unset", "rep edit", "rep rename"])
def test_a_file_that_cannot_be_understood_is_never_overwritten(
    coach: Run, coach_home: Home, alex: Path, case: str, bad: str
) -> None:
    target, args = {
        "config set": (coach_home.config_file, ("config", "set", "cadence_days", "7")),
        "config unset": (coach_home.config_file, ("config", "unset", "cadence_days")),
        "rep edit": (alex / "profile.toml", ("rep", "edit", "alex-kim", "--cadence", "7")),
        "rep rename": (alex / "profile.toml", ("rep", "rename", "alex-kim", "Alex Kim-Lee")),
    }[case]
    target.write_bytes(UNREADABLE[bad])
    out = run(coach, *args, code=1)
    assert target.name in out
    assert target.read_bytes() == UNREADABLE[bad]


@pytest.mark.parametrize("bad", UNREADABLE, ids=list(UNREADABLE))
def test_actions_done_never_overwrites_an_actions_file_it_cannot_understand(
    coach: Run, dana: Path, bad: str
) -> None:
    """A format-1 note's status changes go to actions.toml: an unreadable one stays as it is."""
    action_id = json.loads(coach("actions", "Dana Cruz", "--json").stdout)["actions"][0]["id"]
    target, notes = dana / "actions.toml", notes_of(dana)
    target.write_bytes(UNREADABLE[bad])
    out = run(coach, "actions", "done", action_id, code=1)
    assert target.name in out
    assert target.read_bytes() == UNREADABLE[bad]
    assert notes_of(dana) == notes


def _mangled_task_line(note: bytes, action: dict[str, Any]) -> bytes:
    return note.replace(f"📅 {action['due']}".encode(), "📅 2026-13-45".encode(), 1)


def _two_task_lines(note: bytes, action: dict[str, Any]) -> bytes:
    (line,) = [line for line in note.split(b"\n") if line.endswith(f"^{action['id']}".encode())]
    return note.replace(line, line + b"\n" + line, 1)


def _not_utf8(note: bytes, action: dict[str, Any]) -> bytes:
    task = f"- [ ] {action['text']}".encode()
    return note.replace(task, task.replace(b"- [ ] ", b"- [ ] Caf\xe9: "), 1)  # saved as Latin-1


def _deep_front_matter(note: bytes, action: dict[str, Any]) -> bytes:
    return note.replace(b"---\n", b"---\n" + DEEP_YAML_FLOW.encode(), 1)


BROKEN_NOTES: dict[str, Callable[[bytes, dict[str, Any]], bytes]] = {
    "task line": _mangled_task_line,  # the task line cannot be read
    "two task lines": _two_task_lines,  # which one is the action?
    "not utf-8": _not_utf8,
    "deep": _deep_front_matter,
}


@pytest.mark.parametrize("broken", BROKEN_NOTES, ids=list(BROKEN_NOTES))
def test_actions_done_never_rewrites_a_note_it_cannot_understand(
    coach: Run, alex: Path, broken: str
) -> None:
    """A format-2 note's task line is the action: a note coach cannot read stays byte for byte."""
    action = json.loads(coach("actions", "Alex Kim", "--json").stdout)["actions"][0]
    (note,) = notes_in(alex)
    bad = BROKEN_NOTES[broken](note.read_bytes(), action)
    assert bad != note.read_bytes()
    note.write_bytes(bad)
    out = run(coach, "actions", "done", action["id"], "-m", "sent", code=1)
    assert str(note) in out  # the error names the note
    if broken in ("task line", "two task lines"):
        (number, *_) = [
            n for n, line in enumerate(bad.split(b"\n"), 1) if action["id"].encode() in line
        ]
        assert re.search(rf"line {number}\b|lines {number}\b", out), out
    assert note.read_bytes() == bad
    assert not (alex / "actions.toml").exists()


def test_two_unreadable_drafts_in_one_second_are_both_kept(alex: Path) -> None:
    kept = []
    for content in ("first {", "second {"):
        (alex / DRAFT_FILE).write_text(content)
        draft, problem = drafts.load_draft(alex)
        assert draft is None and "kept as" in problem
        kept.append(content)
    asides = sorted(alex.glob(f"{DRAFT_FILE}.unreadable-*"))
    assert sorted(p.read_text() for p in asides) == sorted(kept)


# --------------------------------------------------------------------------- nothing half-done


def _a_draft(alex: Path) -> Draft:
    from datetime import datetime

    return Draft(
        rep="Alex Kim", rep_slug="alex-kim", framework="grow", framework_version="1",
        framework_ref="grow", started=datetime(2026, 12, 1, 9, 0).astimezone(),
        today=datetime(2026, 12, 1).date(), plan={"goal": ["goal-topic"]},
        answers={"q:goal-topic": "Holding price"},
    )  # fmt: skip


def test_a_complete_leftover_draft_newer_than_the_draft_is_recovered(alex: Path) -> None:
    older = _a_draft(alex)
    drafts.save_draft(alex, older)
    newer = older.model_copy(update={"answers": {**older.answers, "q:more": "typed last"}})
    leftover = alex / f".{DRAFT_FILE}.k3j9x2ab.tmp"
    leftover.write_text(newer.model_dump_json())
    half = alex / f".{DRAFT_FILE}.zz81qq0c.tmp"
    half.write_text(newer.model_dump_json()[:40])
    os.utime(half, (leftover.stat().st_mtime + 5,) * 2)
    draft, problem = drafts.load_draft(alex)
    assert problem == ""
    assert draft is not None and draft.answers["q:more"] == "typed last"
    assert not leftover.exists() and not half.exists()


def test_the_rep_lock_removes_a_killed_note_write(alex: Path) -> None:
    leftover = alex / ".2026-12-01-grow.md.a1b2c3d4.tmp"
    leftover.write_text("---\nhalf a no")
    young_profile = alex / ".profile.toml.e5f6g7h8.tmp"
    young_profile.write_text("role = ")
    with fsys.rep_lock(alex, "Alex Kim"):
        pass
    assert not leftover.exists()
    assert young_profile.exists()  # another process may be writing it right now
    os.utime(young_profile, (1, 1))
    with fsys.rep_lock(alex, "Alex Kim"):
        pass
    assert not young_profile.exists()


def test_a_note_name_is_claimed_once(tmp_path: Path) -> None:
    names = ["a.md", "a-2.md", "a-3.md"]
    first = fsys.create_new(tmp_path, names, "one")
    second = fsys.create_new(tmp_path, names, "two")
    assert (first.name, second.name) == ("a.md", "a-2.md")
    assert first.read_text() == "one" and second.read_text() == "two"
    assert (second.stat().st_mode & 0o777) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-2.md", "a.md"]


# --------------------------------------------------------------------------- private from the top


@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_the_home_itself_is_private_under_any_umask(
    tmp_path: Path, umask: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "deep" / "er" / "home"
    old = os.umask(umask)
    try:
        start_from_file(Home(root), "Alex Kim", EXAMPLE, "grow")
    finally:
        os.umask(old)
    for folder in (root.parent.parent, root.parent, root, root / "reps", root / "reps/alex-kim"):
        assert (folder.stat().st_mode & 0o777) == 0o700, folder
    for path in root.rglob("*"):
        if path.is_file():
            assert (path.stat().st_mode & 0o777) == 0o600, path
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "coachcli"
    assert (cache.stat().st_mode & 0o777) == 0o700


def test_no_note_text_is_written_to_tmpdir(
    coach: Run, alex: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmpdir = tmp_path / "tmpdir"
    tmpdir.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmpdir))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "coachcli"
    cache.chmod(0o500)  # the cache cannot be written: search builds a throwaway index
    try:
        run(coach, "search", "discount", code=0)
    finally:
        cache.chmod(0o700)
    assert list(tmpdir.iterdir()) == []


# --------------------------------------------------------------------------- a full disk


class FullDisk:
    """save_draft that fails (ENOSPC) while ``full`` is true."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import errno

        self.full = True
        real = drafts.save_draft

        def save(folder: Path, draft: Draft) -> None:
            if self.full and folder.name == "alex-kim":
                raise fsys.write_error(OSError(errno.ENOSPC, "No space"), folder / DRAFT_FILE)
            real(folder, draft)

        monkeypatch.setattr(drafts, "save_draft", save)


def _keeper(alex: Path, script: list[tuple[str, object]]) -> tuple[DraftKeeper, ScriptedAsker]:
    asker = ScriptedAsker(script)
    return DraftKeeper(alex, asker), asker


def test_a_full_disk_keeps_answers_in_memory_and_saves_when_it_can(
    alex: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = FullDisk(monkeypatch)
    keeper, asker = _keeper(alex, [("confirm:Keep going", True)])
    draft = _a_draft(alex)
    keeper.save(draft)
    assert keeper.failing is not None
    assert any("The disk is full" in n for n in asker.notices)
    assert any("Holding price" in n for n in asker.notices)  # the answer, to copy
    keeper.save(draft)  # a second failure asks nothing
    disk.full = False
    keeper.save(draft)
    assert keeper.failing is None
    assert any("saved again" in n for n in asker.notices)
    assert drafts.load_draft(alex)[0] == draft
    asker.done()


def test_a_full_disk_can_save_the_draft_elsewhere(
    alex: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    FullDisk(monkeypatch)
    usb = tmp_path / "usb"
    keeper, asker = _keeper(alex, [("confirm:Keep going", False), ("draft:folder", str(usb))])
    keeper.save(_a_draft(alex))
    assert keeper.failing is None and keeper.folder == usb
    assert Draft.model_validate_json((usb / DRAFT_FILE).read_text()) == _a_draft(alex)
    asker.done()


def test_pausing_on_a_full_disk_insists_on_a_place_for_the_draft(
    alex: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = FullDisk(monkeypatch)
    keeper, asker = _keeper(
        alex,
        [
            ("confirm:Keep going", True),
            ("draft:folder", ""),  # Enter: try again here (still full)
            ("draft:folder", str(tmp_path / "usb")),  # another folder: saved there
        ],
    )
    keeper.label = {"q:goal-topic": "What do you want to work on today?"}.get  # type: ignore[assignment]
    draft = _a_draft(alex)
    keeper.save(draft)
    keeper.save(draft)
    assert asker.notices.count("Not saved yet (the disk still refuses); kept in memory.") == 1
    keeper.secure(draft)
    assert keeper.moved and keeper.path == tmp_path / "usb" / DRAFT_FILE
    assert any("move it to" in n and str(alex / DRAFT_FILE) in n for n in asker.notices)
    asker.done()
    disk.full = True


def test_giving_up_on_saving_prints_every_answer_by_its_question(
    alex: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    FullDisk(monkeypatch)
    keeper, asker = _keeper(
        alex, [("confirm:Keep going", True), ("draft:folder", KeyboardInterrupt())]
    )
    keeper.label = {"q:goal-topic": "What do you want to work on today?"}.get  # type: ignore[assignment]
    keeper.save(_a_draft(alex))
    with pytest.raises(CoachError, match="The draft was not saved"):
        keeper.secure(_a_draft(alex))
    printed = asker.notices[-1]
    assert "What do you want to work on today?\n  Holding price" in printed
    assert "q:goal-topic" not in printed


def test_a_read_only_file_system_is_called_that(tmp_path: Path) -> None:
    import errno

    error = fsys.write_error(OSError(errno.EROFS, "Read-only file system"), tmp_path / "x")
    assert "read-only" in error.message and "Permission" not in error.message


def test_a_mistake_in_the_config_never_stops_a_reading_command_or_a_1_1(
    coach: Run, coach_home: Home, alex: Path
) -> None:
    coach_home.config_file.write_text("coaching_targt = 0.5\ncadence_days = 14\n")
    out = run(coach, "reps", code=0)
    assert "coaching_targt" in out and "did you mean 'coaching_target'" in out
    assert "until it is fixed, that setting takes its default" in out
    result = coach("start", "Alex Kim", "-f", "grow", "--answers", str(EXAMPLE))
    assert "coaching_targt" in result.output
    out = run(coach, "config", "set", "cadence_days", "10", code=1)  # the file must be fixed first
    assert "coach config unset KEY" in out
    run(coach, "config", "unset", "coaching_targt", code=0)
    assert "cadence_days = 14" in coach_home.config_file.read_text()  # the rest is kept
    coach_home.config_file.write_text('coaching_target = "0.5\n')
    out = run(coach, "config", "show", code=1)
    assert "Fix that line by hand" in out and "unset" not in out
