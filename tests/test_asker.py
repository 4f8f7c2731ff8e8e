"""The terminal asker, fed lines as a person types them (no terminal needed)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console

from coachcli.cli.asker import TerminalAsker
from coachcli.prompts import Prompt, PromptSpec, SectionInfo, StepId

SECTION = SectionInfo("s", "Section", "coaching", 5, 0, 1)


def typed(*lines: str) -> Callable[[str], str]:
    it = iter(lines)
    return lambda _marker: next(it)


def asker(tmp_path: Path, *lines: str) -> tuple[TerminalAsker, io.StringIO]:
    out = io.StringIO()
    return TerminalAsker(Console(file=out, width=100), tmp_path, read=typed(*lines)), out


def prompt(kind: str = "text", **spec: object) -> Prompt:
    return Prompt.of(PromptSpec(text="Where?", type=kind, **spec), StepId("q", part="x"), SECTION)  # type: ignore[arg-type]


def test_a_path_is_an_answer_and_a_mistyped_command_is_not(tmp_path: Path) -> None:
    ask, out = asker(tmp_path, "/pasue", "/media/usb")
    reply = ask.ask(prompt())
    assert (reply.command, reply.value) == ("answer", "/media/usb")
    assert "Unknown command /pasue" in out.getvalue()


def test_pause_on_a_later_line_of_a_list_keeps_the_lines_typed(tmp_path: Path) -> None:
    ask, _ = asker(tmp_path, "Acme renewal", "Globex pilot", "/pause")
    reply = ask.ask(prompt("list"))
    assert (reply.command, reply.value) == ("pause", ["Acme renewal", "Globex pilot"])


def test_other_commands_on_a_later_line_are_not_answers(tmp_path: Path) -> None:
    ask, out = asker(tmp_path, "Acme renewal", "/skip", "Globex pilot", "")
    reply = ask.ask(prompt("list"))
    assert reply.value == ["Acme renewal", "Globex pilot"]
    assert "Commands work on an answer's first line" in out.getvalue()


def test_typed_bullets_of_any_kind_are_taken_off_and_counted(tmp_path: Path) -> None:
    ask, out = asker(
        tmp_path, "- Acme", "* Globex", "1. Initech", "2) Wayne", "• Stark", "Hooli", ""
    )
    reply = ask.ask(prompt("list"))
    assert reply.value == ["Acme", "Globex", "Initech", "Wayne", "Stark", "Hooli"]
    assert "Took the typed bullet off 5 items" in out.getvalue()


def _terminal(tmp_path: Path, *lines: str, dumb: bool = False) -> tuple[TerminalAsker, io.StringIO]:
    out = io.StringIO()
    console = Console(file=out, width=100, force_terminal=True, color_system=None)
    if dumb:
        console = Console(file=out, width=100, force_terminal=False)
    return TerminalAsker(console, tmp_path, read=typed(*lines)), out


def test_a_number_shows_its_unit_after_the_answer_never_before(tmp_path: Path) -> None:
    ask, out = _terminal(tmp_path, "180")
    reply = ask.ask(prompt("number", unit="k"))
    assert reply.value == "180"
    screen = out.getvalue()
    assert "Where?  (in k)" in screen
    assert screen.endswith("\x1b[1A\r\x1b[2K› 180 k\n")  # the typed line, written again

    ask, out = _terminal(tmp_path, "")
    ask.ask(prompt("number", unit="meetings", default=6.0, default_note="last time"))
    assert "Enter keeps: 6 meetings, last time" in out.getvalue()
    assert out.getvalue().endswith("› 6 meetings\n")  # Enter took it: shown with its unit


@pytest.mark.parametrize("typed_line", ["180 k", "lots", "/skip"])
def test_a_unit_is_not_written_twice_nor_after_words(tmp_path: Path, typed_line: str) -> None:
    ask, out = _terminal(tmp_path, typed_line)
    ask.ask(prompt("number", unit="k"))
    assert "\x1b[1A" not in out.getvalue()


def test_a_dumb_terminal_gets_the_unit_with_the_question_only(tmp_path: Path) -> None:
    ask, out = _terminal(tmp_path, "180", dumb=True)
    ask.ask(prompt("number", unit="k"))
    assert "Where?  (in k)" in out.getvalue() and "\x1b" not in out.getvalue()


def test_a_yes_no_question_says_how_to_answer_it(tmp_path: Path) -> None:
    ask, out = _terminal(tmp_path, "y")
    assert ask.ask(prompt("yesno")).value == "y"
    assert "Where?  (y/n)" in out.getvalue()


@pytest.mark.parametrize(
    ("self_review", "shared", "said"),
    [(False, True, "shared with the rep"), (False, False, "private"),
     (True, True, "shareable"), (True, False, "kept for you")],
)  # fmt: skip
def test_a_sections_heading_says_who_reads_it(
    tmp_path: Path, self_review: bool, shared: bool, said: str
) -> None:
    """In a self-review the rep is the manager: nothing there is "shared with the rep"."""
    ask, out = asker(tmp_path)
    ask.begin_section(SectionInfo("s", "Section", "coaching", 5, 0, 1, shared=shared,
                                  self_review=self_review))  # fmt: skip
    heading = out.getvalue()
    assert f"(coaching, 5 min, {said})" in heading
    assert "the rep" not in heading or not self_review
