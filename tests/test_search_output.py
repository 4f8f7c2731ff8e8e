"""`coach search` printed without rich per line, and --json written as found: the same bytes."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rich.console import Console

from coachcli.cli import render
from coachcli.cli.cmd_search import hit_line, hit_parts
from coachcli.index import SearchHit

WORDS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(
    name=WORDS,
    framework=st.sampled_from(["grow", "accountability-check-in", "weekly-1on1", "x" * 40]),
    line=WORDS.map(lambda t: f"We spoke about the champion {t} and pricing 📅 2026-12-04"),
    width=st.integers(min_value=10, max_value=160),
)
def test_a_line_for_a_pipe_is_what_rich_would_print(
    name: str, framework: str, line: str, width: int
) -> None:
    hit = SearchHit(Path("n.md"), "alex", name, datetime(2026, 11, 27, 10), framework, [(9, line)])
    parts = hit_parts(width, "champion", name, hit)
    rich_out = io.StringIO()
    Console(file=rich_out, width=width, highlight=False, soft_wrap=False).print(
        hit_line(parts), no_wrap=True, overflow="crop"
    )
    plain_out = io.StringIO()
    plain = "".join(part for part, _, _ in parts)
    assume("\t" not in plain)  # a line with a tab is printed by rich (cmd_search.show)
    with contextlib.redirect_stdout(plain_out):
        render.plain_writer(width)(plain)
    assert plain_out.getvalue() == rich_out.getvalue()


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(
    items=st.lists(JSONISH, max_size=4),
    rest=st.dictionaries(st.text(max_size=8), JSONISH, max_size=3),
)
def test_a_json_stream_is_what_print_json_prints(items: list[Any], rest: dict[str, Any]) -> None:
    rest = {k: v for k, v in rest.items() if k not in ("schema_version", "notes")}
    whole = io.StringIO()
    with contextlib.redirect_stdout(whole):
        render.print_json({"notes": items, **rest})
    streamed = io.StringIO()
    with contextlib.redirect_stdout(streamed):
        stream = render.JsonStream("notes")
        for item in items:
            stream.add(item)
        stream.close(rest)
    assert streamed.getvalue() == whole.getvalue()
    assert json.loads(streamed.getvalue())["notes"] == items
