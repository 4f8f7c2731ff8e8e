"""A scripted Asker for tests: answers from a script and fails on any unexpected prompt."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coachcli.analytics import Brief
from coachcli.prompts import BACK, NEXT, PAUSE, SKIP, Prompt, Reply, SectionInfo, answer

COMMANDS = {"/skip": SKIP, "/back": BACK, "/pause": PAUSE, "/next": NEXT}


class UnexpectedPrompt(AssertionError):
    pass


@dataclass
class ScriptedAsker:
    """Each script entry is ``(key, reply)``; ``key`` must equal the prompt's key.

    A reply is a value (typed or text), one of "/skip", "/back", "/pause", "/next", or an
    exception instance to raise (KeyboardInterrupt(), EOFError()). Confirm
    entries are ``("confirm:<words in the question>", bool)``.
    """

    script: list[tuple[str, Any]]
    prompts: list[Prompt] = field(default_factory=list)
    sections: list[SectionInfo] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    briefs: list[Brief] = field(default_factory=list)

    def _next(self, kind: str) -> tuple[str, Any]:
        if not self.script:
            raise UnexpectedPrompt(f"unexpected {kind}: the script is finished")
        return self.script.pop(0)

    def ask(self, prompt: Prompt) -> Reply:
        self.prompts.append(prompt)
        key, reply = self._next(f"prompt {prompt.key!r} ({prompt.text!r})")
        if key != prompt.key:
            raise UnexpectedPrompt(f"expected prompt {key!r}, got {prompt.key!r}: {prompt.text!r}")
        if isinstance(reply, BaseException):
            raise reply
        if isinstance(reply, str) and reply in COMMANDS:
            return COMMANDS[reply]
        return answer(reply)

    def confirm(self, question: str, default: bool) -> bool:
        key, reply = self._next(f"confirm {question!r}")
        words = key.removeprefix("confirm:")
        if not key.startswith("confirm:") or words not in question:
            raise UnexpectedPrompt(f"expected {key!r}, got confirm {question!r}")
        if isinstance(reply, BaseException):
            raise reply
        return bool(reply)

    def begin_section(self, section: SectionInfo) -> None:
        self.sections.append(section)

    def notice(self, text: str) -> None:
        self.notices.append(text)

    def brief(self, brief: Brief) -> None:
        self.briefs.append(brief)

    def done(self) -> None:
        assert not self.script, f"script not used up: {self.script}"
