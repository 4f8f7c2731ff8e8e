"""The flat front matter coach writes, read without a YAML parser: the fast path of the index.

A format-2 note's front matter is a handful of ``key: value`` lines and one
block list (``tags``). :func:`read_flat` reads exactly the shapes coach's
own writer produces and people keep when they edit a value by hand; for
anything else (a comment, a flow list but the empty one, a nested value, an escape, a word
YAML would read as a boolean, a duplicate key) it returns None and the
caller uses PyYAML, so the result is always what YAML itself would give.
``tests/test_flatyaml.py`` checks that against PyYAML on generated input.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from typing import Any

_KEY = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_.-]*):(?: (.*))?$")
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MINUTE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}")
# characters YAML refuses in a document, and the line breaks it knows besides "\n"
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
# a plain scalar that YAML could read as text: no character that starts or
# ends a YAML construct; whether it *is* text, YAML's own resolver decides
_PLAIN = re.compile(r"[^\W_][^:#\[\]{},&*!|>\"%@`\t]*")  # a letter or digit, then ' allowed


def read_flat(front: str) -> dict[str, Any] | None:
    """The front matter's values, or None when it is not in the simple flat shape."""
    if _NOT_PRINTABLE.search(front):
        return None  # YAML refuses these characters: let it say so
    data: dict[str, Any] = {}
    items: list[Any] | None = None
    indent = ""
    lists: list[str] = []
    for line in front.split("\n"):
        if items is not None and line.startswith(("- ", "  - ")):
            at = line.index("- ")
            if items and line[:at] != indent:
                return None  # a deeper item continues the one above in YAML
            indent = line[:at]
            value = _scalar(line[at + 2 :])
            if value is _NO:
                return None
            items.append(value)
            continue
        items, indent = None, ""
        if not line:
            continue
        entry = _entry(line)
        if entry is None or entry[0] in data:
            return None
        key, value = entry
        if value is _LIST:
            data[key] = items = []  # a block list follows, or nothing (YAML: null)
            lists.append(key)
            continue
        data[key] = [] if value is _EMPTY else value
    if not data:
        return None  # nothing but blank lines: YAML says null, and the caller explains
    for key in lists:
        if not data[key] and not _has_items(front, key):
            data[key] = None  # "key:" with nothing under it is null in YAML
    return data


@functools.lru_cache(maxsize=8192)  # most lines repeat note after note: kind, manager, ratings
def _entry(line: str) -> tuple[str, Any] | None:
    """A ``key: value`` line's key and value (:data:`_LIST` when none), or None when not simple."""
    found = _KEY.match(line)
    if found is None:
        return None
    key, text = found.group(1), found.group(2)
    if text is None or text == "":
        return key, _LIST
    if text == "[]":
        return key, _EMPTY  # an empty list (a new one for each note)
    value = _scalar(text)
    return None if value is _NO else (key, value)


def _has_items(front: str, key: str) -> bool:
    lines = front.split("\n")
    at = lines.index(f"{key}:") if f"{key}:" in lines else -1
    return 0 <= at < len(lines) - 1 and lines[at + 1].startswith(("- ", "  - "))


class _No:
    pass


_NO = _No()
_LIST = _No()
_EMPTY = _No()


@functools.lru_cache(maxsize=8192)  # values repeat note after note: names, kinds, minutes
def _scalar(text: str) -> Any:
    if text != text.strip(" "):
        return _NO
    if text.startswith("'"):
        if len(text) < 2 or not text.endswith("'"):
            return _NO
        inner = text[1:-1]
        if "'" in inner.replace("''", ""):
            return _NO
        return inner.replace("''", "'")
    if text.startswith('"'):
        inner = text[1:-1]
        if len(text) < 2 or not text.endswith('"') or "\\" in inner or '"' in inner:
            return _NO
        return inner
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    if _DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return _NO
    if _PLAIN.fullmatch(text) and not text.endswith(" ") and _resolves_to_text(text):
        return text
    if _MINUTE.fullmatch(text):
        return text  # 2026-11-27T10:00: no seconds, so YAML 1.1 reads text, not a timestamp
    return _NO


@functools.lru_cache(maxsize=4096)  # the same names, ids and tags come back note after note
def _resolves_to_text(text: str) -> bool:
    """Whether YAML reads the plain scalar ``text`` as a string (not a number, date, boolean)."""
    tag = _resolver().resolve(_node(), text, (True, False))
    return bool(tag == "tag:yaml.org,2002:str")


@functools.cache
def _resolver() -> Any:
    from yaml.resolver import Resolver

    return Resolver()


@functools.cache
def _node() -> Any:
    from yaml import ScalarNode

    return ScalarNode
