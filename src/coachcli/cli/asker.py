"""The terminal side of the Asker seam: shows prompts with rich, reads lines.

Typed commands, at any prompt:

  ?        help for this question, its probes and these commands
  /probe   show the follow-up questions
  /skip    skip this question
  /back    go back and change the previous answer
  /next    finish this part: skip the rest of the section (or ratings, metrics)
  /edit    write the answer in $EDITOR (as git commit does)
  /pause   save and stop; `coach start REP` resumes later

Multi-line answers end with an empty line. Enter on an empty prompt keeps the
current answer, takes the default, or skips an optional question.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.panel import Panel

from coachcli.cli.render import spans, text
from coachcli.prompts import BACK, NEXT, PAUSE, SKIP, Prompt, Reply, SectionInfo, answer
from coachcli.wording import plural, unit_for

if TYPE_CHECKING:
    from coachcli.analytics import Brief

COMMANDS = (
    ("?", "help for this question, its probes and these commands"),
    ("/probe", "show the follow-up questions"),
    ("/skip", "skip this question"),
    ("/back", "go back and change the previous answer"),
    ("/next", "finish this part: skip the rest of this section, the ratings or the metrics"),
    ("/edit", "write the answer in your editor ($EDITOR)"),
    ("/pause", "save and stop; run the same coach start to resume"),
)


def _clock(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)")
"""An answer typed as a plain number, which its unit may follow on the line."""


def _unit(prompt: Prompt) -> str:
    """`` k`` after a number with a unit; nothing for anything else."""
    return f" {prompt.unit}" if prompt.type == "number" and prompt.unit else ""


def _show_value(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) if value else "(none)"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_TYPED_BULLET = re.compile(r"[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+")


_PAUSE = ("/pause", "/q", "/quit")
_EDIT_MARK = "#>"
_EDIT_HELP = "Lines starting with #> are ignored. Save and close to continue."
_COMMANDS_FIRST_LINE = (
    "/skip",
    "/s",
    "/back",
    "/b",
    "/next",
    "/n",
    "/probe",
    "/p",
    "?",
    "/help",
    "/h",
    "/edit",
    "/e",
)


class _Paused(Exception):
    """/pause typed on a later line of a multi-line answer: the lines typed before it."""

    def __init__(self, partial: str | list[str]) -> None:
        super().__init__("paused")
        self.partial = partial


class TerminalAsker:
    """Asks in a terminal (or, with --stdin, reads answers line by line)."""

    def __init__(self, console: Console, scratch: Path, read: Callable[[str], str] = input) -> None:
        self.console = console
        self.scratch = scratch
        """Where an answer opened in $EDITOR is written (private, under the home)."""
        self._read = read

    # ----------------------------------------------------------------- protocol

    def begin_section(self, section: SectionInfo) -> None:
        if section.id == "_setup":
            return
        title = section.title
        if section.number:
            title = f"{section.number}. {title}"
        bits = [section.kind] if section.kind else []
        if section.planned_minutes:
            bits.append(f"{section.planned_minutes} min")
        if section.seconds_used and section.timed:
            bits.append(f"{_clock(section.seconds_used)} used")
        if section.shared is not None:
            if section.self_review:  # the rep is the manager: nobody else is in the room
                bits.append("shareable" if section.shared else "kept for you")
            else:
                bits.append("shared with the rep" if section.shared else "private")
        heading = title + (f"  ({', '.join(bits)})" if bits else "")
        self.console.print()
        self.console.rule(text(heading, "bold"), align="left")
        if section.intro:
            self.console.print(text(section.intro, "dim"))

    def notice(self, message: str) -> None:
        self.console.print(text(message, "yellow"))

    def confirm(self, question: str, default: bool) -> bool:
        choices = "[Y/n]" if default else "[y/N]"
        # The question is printed, not given to input(): readline cannot wrap a
        # prompt wider than the terminal (on TERM=dumb it shows only "<" and the
        # tail), while rich wraps it between words.
        self.console.print(text(question, "bold"))
        while True:
            reply = self._read_line(f"{choices} ").strip().casefold()
            if not reply:
                return default
            if reply in ("y", "yes"):
                return True
            if reply in ("n", "no"):
                return False
            self.console.print(text("Please answer y or n.", "red"))

    def brief(self, brief: Brief) -> None:
        from coachcli.cli.cmd_brief import render_brief

        shown = render_brief(brief, self.console.width - 4, commands=False)  # the panel's frame
        self.console.print(Panel(shown, title=text(f"Brief: {brief.rep.name}"),
                                 title_align="left", expand=False))  # fmt: skip

    def ask(self, prompt: Prompt) -> Reply:
        self._show(prompt)
        while True:
            line = self._read_line(self._marker(prompt))
            command = line.strip()
            if command in ("?", "/help", "/h"):
                self._help(prompt)
                continue
            if command in ("/probe", "/probes", "/p"):
                self._probes(prompt)
                continue
            if command in ("/skip", "/s"):
                return SKIP
            if command in ("/back", "/b"):
                return BACK
            if command in ("/next", "/n"):
                return NEXT
            if command in _PAUSE:
                return PAUSE
            if command in ("/edit", "/e"):
                edited = self._edit(prompt)
                if edited is None:
                    continue
                return answer(self._items(edited.splitlines()) if prompt.type == "list" else edited)
            # "/tmp/notes" is an answer (a folder), "/pasue" a mistyped command
            if command.startswith("/") and len(command) > 1 and not set(" /") & set(command[1:]):
                self.console.print(text(f"Unknown command {command}; type ? for help.", "red"))
                continue
            if (prompt.type == "list" or prompt.multiline) and command:
                try:
                    typed = self._more_lines(line, prompt)
                except _Paused as stop:  # /pause on a later line: keep what was typed
                    return Reply("pause", stop.partial)
                if prompt.type == "list":
                    return answer(self._items(typed if isinstance(typed, list) else [typed]))
                return answer(typed)
            self._redraw_with_unit(prompt, line)
            return answer(line)

    def _items(self, lines: list[str]) -> list[str]:
        """The items of a list as typed, one per line; a typed bullet is taken off, and said so.

        The note writes the list with its own bullets, so "- Acme" typed as a
        bullet would otherwise read "- - Acme". Blank lines are no items.
        """
        items, unbulleted = [], 0
        for line in lines:
            match = _TYPED_BULLET.match(line)
            if match:
                unbulleted += 1
                line = line[match.end() :]
            if line.strip():
                items.append(line)
        if unbulleted:
            self.notice(
                f"Took the typed bullet off {plural(unbulleted, 'item')}: the note makes the list."
            )
        return items

    # ----------------------------------------------------------------- showing

    def _show(self, prompt: Prompt) -> None:
        console = self.console
        if prompt.preview:
            console.print(Panel(text(prompt.preview), title="Preview", title_align="left"))
        head = spans()
        if prompt.steps:
            head.append(f"[{prompt.step}/{prompt.steps}] ", style="dim")
        section = prompt.section
        if section.planned_minutes and section.timed:
            # before the question, so a long question never splits the timer
            used = section.seconds_used
            over = used > section.planned_minutes * 60
            head.append(
                f"⏱ {_clock(used)}/{section.planned_minutes}:00  ",
                style="red" if over else "dim",
            )
        head.append(prompt.text, style="bold")
        # the unit is said with the question, and after the answer (see _redraw_with_unit)
        notes = [f"in {prompt.unit}"] if _unit(prompt) else []
        notes += ["y/n"] if prompt.type == "yesno" else []
        notes += ["required"] if prompt.required else []
        if notes:
            head.append(f"  ({', '.join(notes)})", style="dim")
        console.print()
        console.print(head)
        if prompt.type == "scale":
            for level, label in enumerate(prompt.labels, start=prompt.low):
                console.print(text(f"   {level}  {label}"))
        elif prompt.type in ("choice", "multi", "review", "name"):
            for number, option in enumerate(prompt.options, start=1):
                console.print(text(f"   {number}) {option}"))
            if prompt.type == "multi":
                console.print(text("   (several: 1,3)", "dim"))
        if prompt.context:
            console.print(text(f"   {prompt.context}", "dim"))
        if prompt.probes:
            console.print(text("   ? shows help and follow-up questions", "dim"))
        keep = prompt.current if prompt.current is not None else prompt.default
        if keep is not None:
            note = prompt.default_note if prompt.current is None else ""
            label = "keeps" if prompt.current is not None or note else "takes"
            unit = _unit(prompt)
            if unit and isinstance(keep, int | float) and not isinstance(keep, bool):
                unit = " " + unit_for(float(keep), prompt.unit)
            shown = _show_value(keep) + unit + (f", {note}" if note else "")
            console.print(text(f"   Enter {label}: {shown}", "dim"))
        if prompt.multiline or prompt.type == "list":
            what = "one item per line" if prompt.type == "list" else "several lines are fine"
            console.print(text(f"   ({what}; an empty line ends; /edit opens your editor)", "dim"))
        if prompt.error:
            console.print(text(f"   {prompt.error}", "red"))

    def _marker(self, prompt: Prompt) -> str:
        return "› "

    def _redraw_with_unit(self, prompt: Prompt, line: str) -> None:
        """Show a number's answer line as ``› 180 k``: the unit after the number, never before.

        input() cannot show text to the right of the cursor, so on a terminal
        that can move its cursor the line is written again once it is typed.
        """
        console = self.console
        if not _unit(prompt) or not console.is_terminal or console.is_dumb_terminal:
            return
        shown = line.strip()
        keep = prompt.current if prompt.current is not None else prompt.default
        if not shown and keep is not None:
            shown = _show_value(keep)
        # "lots" is asked again with the reason: only a number gets its unit
        number = _NUMBER.fullmatch(shown.replace(",", ""))
        if number is not None:
            unit = unit_for(float(number.group()), prompt.unit)
            console.file.write(f"\x1b[1A\r\x1b[2K{self._marker(prompt)}{shown} {unit}\n")

    def _help(self, prompt: Prompt) -> None:
        if prompt.help:
            self.console.print(text(prompt.help, "cyan"))
        self._probes(prompt, quiet=True)
        for command, meaning in COMMANDS:
            self.console.print(text(f"   {command:<7} {meaning}", "dim"))

    def _probes(self, prompt: Prompt, quiet: bool = False) -> None:
        if not prompt.probes:
            if not quiet:
                self.console.print(text("No follow-up questions for this one.", "dim"))
            return
        self.console.print(text("Follow-up questions:", "cyan"))
        for probe in prompt.probes:
            self.console.print(text(f"   • {probe}", "cyan"))

    # ----------------------------------------------------------------- reading

    def _read_line(self, marker: str) -> str:
        self.console.file.flush()
        try:
            return self._read(marker)
        except (KeyboardInterrupt, EOFError):
            # input() leaves the cursor after the marker: end that line, so the
            # question or message that follows does not start after "› ".
            self.console.print()
            raise

    def _more_lines(self, first: str, prompt: Prompt) -> str | list[str]:
        lines = [first]

        def value() -> str | list[str]:
            return lines if prompt.type == "list" else "\n".join(lines)

        while True:
            try:
                line = self._read_line("  ")
            except (KeyboardInterrupt, EOFError) as stop:
                # the lines typed so far go into the draft with the interruption
                setattr(stop, "partial", value())  # noqa: B010
                raise
            if not line.strip():
                break
            if line.strip() in _PAUSE:
                raise _Paused(value())
            if line.strip() in _COMMANDS_FIRST_LINE:
                self.console.print(
                    text("Commands work on an answer's first line; an empty line ends it.", "red")
                )
                continue
            lines.append(line)
        return value()

    def _edit(self, prompt: Prompt) -> str | None:
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not editor:
            self.console.print(
                text("Set $EDITOR (e.g. export EDITOR=nano) to write answers in an editor.",
                     "red")
            )  # fmt: skip
            return None
        current = prompt.current if isinstance(prompt.current, str) else ""
        header = f"{_EDIT_MARK} {prompt.text}\n{_EDIT_MARK} {_EDIT_HELP}\n"
        from coachcli.fsys import ensure_dir

        fd, name = tempfile.mkstemp(prefix="answer-", suffix=".md", dir=ensure_dir(self.scratch))
        path = Path(name)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(header + current)
            result = subprocess.run([*shlex.split(editor), str(path)], check=False)
            if result.returncode != 0:
                self.console.print(text("The editor failed; nothing was changed.", "red"))
                return None
            written = path.read_text(encoding="utf-8")
        finally:
            path.unlink(missing_ok=True)
        # only the two lines coach wrote are dropped: "#1 loss: Stark" is an answer
        kept = [line for line in written.splitlines() if not line.startswith(_EDIT_MARK + " ")]
        return "\n".join(kept).strip()
