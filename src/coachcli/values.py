"""Answers as typed, turned into checked values: numbers, dates, scales, choices, lists.

One function, :func:`parse_value`, for every question type; the terminal
asker, answers files and the engine's defaults all go through it. A reply
that does not fit raises ValueError with a reason a manager can act on.
"""

from __future__ import annotations

import re
from datetime import date

from coachcli.prompts import PromptSpec
from coachcli.session import Value
from coachcli.wording import number as _fmt

REVIEW_OUTCOMES = ("done", "not-done", "dropped", "open")
"""What a review answer means; "open" (still open) records nothing."""


def parse_value(prompt: PromptSpec, raw: object, today: date | None = None) -> Value:
    """Turn what was typed (or given in an answers file) into a checked value.

    Raise ValueError with a reason a manager can act on. ``today`` anchors
    relative due dates such as ``+7d`` or ``fri``.
    """
    kind = prompt.type
    if kind == "text":
        if not isinstance(raw, str):
            raise ValueError("Expected text.")
        return _trim_blank_lines(raw)
    if kind == "scale":
        return _parse_scale(prompt, raw)
    if kind == "choice":
        return _parse_option(prompt.options, raw, prompt.aliases)
    if kind == "multi":
        items = raw if isinstance(raw, list) else re.split(r"\s*[,;]\s*", str(raw).strip())
        chosen: list[str] = []
        for item in items:
            if str(item).strip():
                option = _parse_option(prompt.options, item, prompt.aliases)
                if option not in chosen:
                    chosen.append(option)
        return chosen
    if kind == "number":
        return _parse_number(prompt, raw)
    if kind == "yesno":
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().casefold()
        if text in ("y", "yes", "true", "1"):
            return True
        if text in ("n", "no", "false", "0"):
            return False
        raise ValueError("Answer yes or no (y/n).")
    if kind == "list":
        if isinstance(raw, list):  # items as given: "- x", "" and trailing spaces are kept
            return [str(item) for item in raw]
        return _trim_blank_lines(str(raw)).splitlines()
    if kind == "date":
        from coachcli.dates import parse_due

        if isinstance(raw, date):
            return raw.isoformat()
        return parse_due(str(raw), today or date.today()).isoformat()
    if kind == "day":
        if isinstance(raw, date):
            return raw.isoformat()
        text = str(raw).strip()
        if text.casefold() == "today":
            return (today or date.today()).isoformat()
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError("Enter a date as YYYY-MM-DD, e.g. 2025-03-01.") from None
    if kind == "review":
        return _parse_review(raw)
    if kind == "name":
        return _parse_name(prompt.options, raw)
    raise ValueError(f"Unknown prompt type {kind!r}.")


def _trim_blank_lines(text: str) -> str:
    """``text`` as typed, without the blank lines before and after it."""
    lines = text.splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


def _parse_scale(prompt: PromptSpec, raw: object) -> int:
    span = f"{prompt.low} to {prompt.high}"
    if isinstance(raw, bool):
        raise ValueError(f"Enter a number from {span}.")
    if isinstance(raw, int):
        level = raw
    else:
        text = str(raw).strip()
        if re.match(r"^-?\d*[.,]\d", text):
            raise ValueError(f"Enter a whole number from {span}.")
        match = re.match(r"^(-?\d+)\b", text)
        if match:
            level = int(match.group(1))
        else:
            found = [
                i for i, label in enumerate(prompt.labels, start=prompt.low)
                if label.casefold().startswith(text.casefold())
            ]  # fmt: skip
            if len(found) != 1:
                raise ValueError(f"Enter a number from {span}.")
            level = found[0]
    if not prompt.low <= level <= prompt.high:
        raise ValueError(f"{level} is outside the scale; enter a number from {span}.")
    return level


def _parse_option(options: tuple[str, ...], raw: object, aliases: tuple[str, ...] = ()) -> str:
    text = str(raw).strip()
    for option, alias in zip(options, aliases, strict=False):
        if alias.casefold() == text.casefold():
            return option
    if text.isdigit():
        index = int(text)
        if 1 <= index <= len(options):
            return options[index - 1]
        raise ValueError(f"Choose a number from 1 to {len(options)}.")
    for option in options:
        if option.casefold() == text.casefold():
            return option
    starts = [o for o in options if o.casefold().startswith(text.casefold())]
    if len(starts) == 1:
        return starts[0]
    listed = ", ".join(f"{i} {o}" for i, o in enumerate(options, start=1))
    raise ValueError(f"Choose one of: {listed}.")


def _parse_number(prompt: PromptSpec, raw: object) -> float | int:
    if isinstance(raw, bool):
        raise ValueError("Enter a number.")
    if isinstance(raw, int | float):
        number = float(raw)
    else:
        text = str(raw).strip()
        if prompt.unit and text.casefold().endswith(prompt.unit.casefold()):
            text = text[: -len(prompt.unit)].strip()
        text = text.rstrip("%").strip() if prompt.unit == "%" else text
        if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text):
            text = text.replace(",", "")
        try:
            number = float(text)
        except ValueError:
            unit = f" (in {prompt.unit})" if prompt.unit else ""
            raise ValueError(f"Enter a number{unit}, e.g. 12 or 12.5.") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError("Enter a finite number.")
    if prompt.integer and not number.is_integer():
        raise ValueError("Enter a whole number.")
    if prompt.minimum is not None and number < prompt.minimum:
        raise ValueError(f"Enter at least {_fmt(prompt.minimum)}.")
    if prompt.maximum is not None and number > prompt.maximum:
        raise ValueError(f"Enter at most {_fmt(prompt.maximum)}.")
    return int(number) if prompt.integer else number


def _parse_review(raw: object) -> list[str]:
    if isinstance(raw, list):
        parts = [str(p) for p in raw]
        outcome, comment = parts[0], " ".join(parts[1:])
    else:
        text = str(raw).strip()
        lowered = text.casefold()
        outcome, comment = "", ""
        for label, value in (
            ("not done", "not-done"), ("not-done", "not-done"), ("done", "done"),
            ("dropped", "dropped"), ("drop", "dropped"), ("still open", "open"),
            ("open", "open"), ("2", "not-done"), ("1", "done"), ("3", "dropped"),
            ("4", "open"), ("n", "not-done"), ("d", "done"), ("x", "dropped"), ("o", "open"),
        ):  # fmt: skip
            if (
                lowered == label
                or lowered.startswith(label + " ")
                or lowered.startswith(label + ":")
            ):
                outcome = value
                comment = text[len(label) :].lstrip(" :").strip()
                break
        if not outcome:
            raise ValueError(
                "Answer done, not done, drop or still open (optionally followed by a comment)."
            )
    outcome = {"not done": "not-done", "drop": "dropped", "still open": "open"}.get(
        outcome, outcome
    )
    if outcome not in REVIEW_OUTCOMES:
        raise ValueError("Answer done, not done, drop or still open.")
    if outcome == "open" and comment.strip():
        raise ValueError(
            "'still open' records nothing, so it takes no comment; "
            f"to note progress, answer 'not done {comment.strip()}'."
        )
    return [outcome, comment]


def _parse_name(options: tuple[str, ...], raw: object) -> str:
    """One of ``options`` by its number or name (any case), else the new name as typed."""
    text = " ".join(str(raw).split())
    if not text:
        raise ValueError("Type a name, or the number of one above.")
    if text.isdigit() and options:
        if 1 <= int(text) <= len(options):
            return options[int(text) - 1]
        raise ValueError(f"Choose 1 to {len(options)}, or type a new name.")
    return next((o for o in options if o.casefold() == text.casefold()), text)
