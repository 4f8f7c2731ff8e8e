"""The terminal asker, fed lines as a person types them (no terminal needed)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

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
