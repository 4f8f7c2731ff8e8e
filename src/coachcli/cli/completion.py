"""Shell completion for what people type most: rep names, framework ids, action ids, settings.

Typer's ``coach --install-completion`` installs the script (bash, zsh, fish);
the script runs ``coach`` with ``_COACH_COMPLETE`` set, and click asks each
parameter for its candidates. :func:`attach` gives every parameter named in
:data:`COMPLETERS` (in every command, including ones added later) its
function here. A completion never fails out loud: a broken home or file
means no candidates, not a traceback in the middle of a command line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Any

Candidates = list[Any]  # click CompletionItems (typer vendors click: not named here)


def _safe(find: Callable[[Any, str], Candidates]) -> Callable[[Any, Any, str], Candidates]:
    def complete(ctx: Any, param: Any, incomplete: str) -> Candidates:
        try:
            return find(ctx, incomplete)
        except Exception:
            return []

    complete.__doc__ = find.__doc__
    complete.__name__ = find.__name__
    return complete


def _home(ctx: Any) -> Any:
    """The home the command line names (--home or COACH_HOME), as the command would use it."""
    from coachcli.home import resolve_home

    return resolve_home(ctx.find_root().params.get("home"))


def _item(value: str, help: str | None = None) -> Any:
    from typer._click.shell_completion import CompletionItem

    return CompletionItem(_for_bash(value), help=help)


def _for_bash(value: str) -> str:
    """``value`` as bash must insert it: typer's bash script passes candidates as they are.

    Spaces and other special characters are escaped with a backslash. After a
    quote the person opened, bash quotes the value its own way (wrongly, with
    backslashes inside the quotes): the docs say to type a name unquoted.
    zsh and fish quote candidates themselves.
    """
    if os.environ.get("_COACH_COMPLETE") != "complete_bash" or not _SPECIAL.search(value):
        return value
    typed = os.environ.get("COMP_WORDS", "").rsplit(" ", 1)[-1]
    if typed[:1] in ("'", '"'):
        return value
    return _SPECIAL.sub(r"\\\g<0>", value)


_SPECIAL = re.compile(r"[^\w.,:@%+=/-]")
"""What bash would read as more than a character of a word: a space, a quote, ``$``..."""


def _starts(value: str, incomplete: str) -> bool:
    return value.casefold().startswith(incomplete.casefold())


def reps(ctx: Any, incomplete: str) -> Candidates:
    """Rep names (with their spaces), archived reps too, by name."""
    from coachcli.reps import list_reps

    found = list_reps(_home(ctx)).reps
    return [_item(r.name) for r in found if _starts(r.name, incomplete) or r.slug == incomplete]


def frameworks(ctx: Any, incomplete: str) -> Candidates:
    """Framework ids, built-in and your own."""
    from coachcli.loader import framework_ids

    return [_item(i) for i in framework_ids(_home(ctx)) if _starts(i, incomplete)]


def actions(ctx: Any, incomplete: str) -> Candidates:
    """Action ids with their text: open ones (closed ones for ``reopen``); --rep's only."""
    from datetime import date

    from coachcli.queries import actions_view

    reopening = ctx.info_name == "reopen"
    view = actions_view(_home(ctx), date.today(), ctx.params.get("rep"), include_closed=reopening)
    return [
        _item(a.id, f"{view.name(a.rep_slug)}: {a.text}")
        for a in view.actions
        if a.id.startswith(incomplete.lower()) and (not reopening or a.status != "open")
    ]


def settings(ctx: Any, incomplete: str) -> Candidates:
    """The keys of config.toml, with what each means."""
    from coachcli.config import describe

    return [_item(k, meaning) for k, meaning in describe().items() if _starts(k, incomplete)]


COMPLETERS: dict[str, Callable[[Any, Any, str], Candidates]] = {
    "rep": _safe(reps),
    "framework": _safe(frameworks),
    "copy_from": _safe(frameworks),
    "action_id": _safe(actions),
    "key": _safe(settings),
}
"""Parameter name → its completion, in every command that has a parameter of that name."""


def attach(command: Any) -> None:
    """Give each parameter of ``command`` and its subcommands named in COMPLETERS its completion.

    click's ``shell_complete=`` argument stores the function where this puts
    it; doing it here, once, covers every command without repeating it in
    each parameter's declaration.
    """
    for param in command.params:
        complete = COMPLETERS.get(param.name or "")
        if complete is not None and getattr(param, "_custom_shell_complete", None) is None:
            param._custom_shell_complete = complete
    for sub in getattr(command, "commands", {}).values():
        attach(sub)
