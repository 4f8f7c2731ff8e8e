"""The fast reading of a flat front matter gives exactly what PyYAML gives, or steps aside."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from coachcli.flatyaml import read_flat
from coachcli.frontmatter import join_note

SCALARS = (
    st.text(max_size=20)
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False, width=32)
    | st.booleans()
    | st.dates()
    | st.sampled_from(["yes", "No", "null", "~", "0x1F", "1e3", ".5", "12:30", "1-1",
                       "2026-11-27T10:00", "2026-11-27 10:00:00", "a #b", "a: b", "[[Alex]]",
                       "0\x1f", "x\x85y", "'x\x85y'", "x\u2028y", '"x\ry"', "x\ry", "\ufeffx"])
)  # fmt: skip
KEYS = st.from_regex(r"[a-z][a-z0-9_-]{0,15}", fullmatch=True)


@given(st.dictionaries(KEYS, SCALARS | st.lists(st.text(max_size=10), max_size=4), max_size=8))
def test_what_coach_writes_reads_the_same_as_yaml(values: dict[str, Any]) -> None:
    front = join_note(values, "").split("---\n")[1]
    fast = read_flat(front)
    if fast is not None:
        assert fast == yaml.safe_load(front)


LINES = st.lists(
    st.tuples(KEYS, SCALARS.map(str) | st.text(max_size=12)).map(lambda kv: f"{kv[0]}: {kv[1]}")
    | st.sampled_from(["tags:", "- a", "  - b", "- 1", "# a comment", "", "x:", "  y: 1"]),
    max_size=10,
).map("\n".join)


@given(LINES)
def test_what_a_person_types_reads_the_same_as_yaml_or_goes_to_yaml(front: str) -> None:
    try:
        expected = yaml.safe_load(front)
    except (yaml.YAMLError, ValueError):
        expected = "not YAML"
    fast = read_flat(front)
    if fast is not None:
        assert fast == expected


@pytest.mark.parametrize(
    "front",
    ["tags: []", "tags: []\nx: 1", "manager: Émilie O'Neill", "manager: Ünï", "manager: 李雷",
     "rep: Zoë d'Arc", "x: a'"],
)  # fmt: skip
def test_names_with_accents_and_apostrophes_are_read_without_yaml(front: str) -> None:
    assert read_flat(front) == yaml.safe_load(front)


@pytest.mark.parametrize("front", ["x: 'a", "x: _a", "x: ½", "x: ²"])
def test_what_yaml_might_read_otherwise_is_left_to_it(front: str) -> None:
    fast = read_flat(front)
    assert fast is None or fast == yaml.safe_load(front)


@pytest.mark.parametrize(
    "front",
    ["manager: yes", "x: 0x1F", "x: a #b", "x: [1]", "x: [ ]", "x: []\n- a", "a: 1\na: 2",
     "x: 12:30", "# c\nx: 1", "tags:\n- a\n  - b", "x: 'it''s'x'",
     'x: "a\\tb"', "x: a b ", "a: 0\x08", "a: b\u2028c"],
)  # fmt: skip
def test_anything_unusual_is_left_to_yaml(front: str) -> None:
    assert read_flat(front) is None


def test_a_note_coach_writes_is_read_fast() -> None:
    front = """schema: 2
date: 2026-12-01
start: 2026-12-01T18:38
rep: '[[Priya Raman]]'
manager: ''
framework_version: '1.1'
minutes: 30
coaching_minutes: 22.5
rating-discovery: 3
tags:
- coaching
- 1-1"""
    assert read_flat(front) == yaml.safe_load(front)
