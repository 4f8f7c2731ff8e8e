"""A TOML file a person wrote, changed in place: what changed is written in, every other byte
stays (comments, blank lines, quoting, line ends); a layout that cannot be kept says so."""

from __future__ import annotations

import tomllib
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from coachcli.tomlkeep import merged

HAND = """\
# My CRM mapping. Ask Dana before changing the stages.
[columns]                        # any export
"Win Rate %" = "win-rate"

[reps]                           # a CRM's user id or email -> the rep's name
'005Dn000001' = "Alex Kim"
# "old@example.com" = "Gone Rep"

# the German export
[files."abschluss-*.csv"]        # exports whose file name matches
rep_column = "Vertriebler"
date_column = "Datum"            # the report date
columns = { "Abschlussquote" = "win-rate" }  # more to come
"""


def _with(text: str, *changes: tuple[tuple[str, ...], str]) -> dict[str, Any]:
    data = tomllib.loads(text)
    for path, value in changes:
        table = data
        for part in path[:-1]:
            table = table.setdefault(part, {})
        table[path[-1]] = value
    return data


def test_nothing_to_change_leaves_the_text_as_it_is() -> None:
    assert merged(HAND, tomllib.loads(HAND)) == HAND
    assert merged(HAND, {"columns": {"Win Rate %": "win-rate"}}) == HAND  # nothing is removed


def test_a_new_key_goes_at_the_end_of_its_section_before_the_comments() -> None:
    out = merged(HAND, _with(HAND, (("reps", "dana@example.com"), "Dana Fox")))
    assert out == HAND.replace(
        '"Alex Kim"\n# "old', '"Alex Kim"\n"dana@example.com" = "Dana Fox"\n# "old'
    )


def test_a_changed_value_is_replaced_on_its_line_with_its_comment() -> None:
    out = merged(HAND, _with(HAND, (("files", "abschluss-*.csv", "date_column"), "Stichtag")))
    assert out == HAND.replace('date_column = "Datum"', 'date_column = "Stichtag"')


def test_a_new_column_joins_its_inline_table() -> None:
    change = (("files", "abschluss-*.csv", "columns", "Termine"), "meetings-booked")
    out = merged(HAND, _with(HAND, change))
    assert out == HAND.replace(
        '{ "Abschlussquote" = "win-rate" }', '{ "Abschlussquote" = "win-rate", Termine = '
        '"meetings-booked" }'
    )  # fmt: skip


def test_new_tables_are_added_at_the_end() -> None:
    out = merged(HAND, _with(HAND, (("stages", "Needs Analysis"), "discover"),
                             (("files", "win-*.csv", "rep_column"), "Owner"),
                             (("files", "win-*.csv", "columns", "Win"), "win-rate")))  # fmt: skip
    assert out == HAND + (
        '\n[files."win-*.csv"]\nrep_column = "Owner"\n\n[files."win-*.csv".columns]\n'
        'Win = "win-rate"\n\n[stages]\n"Needs Analysis" = "discover"\n'
    )


def test_windows_line_ends_and_a_missing_last_one_are_kept() -> None:
    text = HAND.replace("\n", "\r\n").removesuffix("\r\n")
    out = merged(text, _with(text, (("stages", "Won"), "won"), (("reps", "x"), "Xi")))
    assert out is not None and "\n" not in out.replace("\r\n", "")
    assert out.startswith(text[: text.index('# "old')].replace('Alex Kim"\r\n', ""))
    assert tomllib.loads(out) == _with(HAND, (("stages", "Won"), "won"), (("reps", "x"), "Xi"))


def test_a_layout_that_cannot_be_kept_says_so() -> None:
    dotted = '[files]\n"a.csv".rep_column = "Owner"\n'
    assert merged(dotted, _with(dotted, (("files", "a.csv", "date_column"), "Day"))) is None
    several = 'name = """\nAlex\n"""\n'
    assert merged(several, {"name": "Sam"}) is None  # a key at the top is not ours to write
    assert merged("[reps\n", {"reps": {"a": "b"}}) is None  # not TOML
    assert merged('[reps]\na = "b"  # \x85\n', {"reps": {"c": "d"}}) is None  # another line end
    assert merged('[reps]\na = "b"\n', {"reps": {"a": {"b": "c"}}}) is None  # a table for a value


# Keys and values as people and CRMs write them: quotes, dots, spaces, accents, brackets, '#'.
NAMES = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Zl", "Zp"), exclude_characters="\x85"),
    min_size=1,
    max_size=12,
) | st.sampled_from(["a", "Win Rate %", "x.y", "it's", 'say "hi"', "# no", "[t]", "=", "{ }"])
TABLE = st.dictionaries(NAMES, NAMES, max_size=4)
TOP = st.sampled_from(["columns", "reps", "stages", "forecast"])


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A mapping-like file as a person might lay it out (headers, inline tables, comments,
    blank lines), and the data it holds."""
    data: dict[str, Any] = {}
    out: list[str] = [draw(st.sampled_from(["", "# kept by hand\n", "\n\n"]))]
    for top in draw(st.lists(TOP, unique=True, max_size=3)):
        data[top] = draw(TABLE)
        out.append(f"[{top}]  # {top}\n" if draw(st.booleans()) else f"[{top}]\n")
        for key, value in data[top].items():
            out.append(f"{_quoted(key)} = {_quoted(value)}\n")
            out.append(draw(st.sampled_from(["", "\n", "# between\n"])))
    if draw(st.booleans()):
        inline = draw(TABLE)
        data["files"] = {"a-*.csv": {"rep_column": "Owner", "columns": inline}}
        entries = ", ".join(f"{_quoted(k)} = {_quoted(v)}" for k, v in inline.items())
        out.append(f'[files."a-*.csv"]\nrep_column = "Owner"  # who\ncolumns = {{ {entries} }}\n')
    return "".join(out), data


def _quoted(text: str) -> str:
    import tomli_w

    return tomli_w.dumps({"k": text}).removeprefix("k = ").removesuffix("\n")


@st.composite
def additions(draw: st.DrawFn) -> list[tuple[tuple[str, ...], str]]:
    where = st.one_of(
        st.tuples(TOP, NAMES),
        st.tuples(st.just("files"), st.sampled_from(["a-*.csv", "b.csv"]),
                  st.just("columns"), NAMES),
        st.tuples(st.just("files"), st.sampled_from(["a-*.csv", "b.csv"]),
                  st.sampled_from(["rep_column", "date_format"])),
    )  # fmt: skip
    return draw(st.lists(st.tuples(where, NAMES), min_size=1, max_size=5))


@settings(max_examples=300, deadline=None)
@given(documents(), additions())
def test_the_text_holds_what_was_wanted_and_keeps_every_comment(
    document: tuple[str, dict[str, Any]], changes: list[tuple[tuple[str, ...], str]]
) -> None:
    text, data = document
    assert tomllib.loads(text) == data  # the strategy writes what it says
    wanted = _with(text, *changes)
    out = merged(text, wanted)
    assert out is not None  # every layout here is one that can be kept
    assert tomllib.loads(out) == wanted
    assert [line for line in out.split("\n") if line.startswith("#")] == [
        line for line in text.split("\n") if line.startswith("#")
    ]  # every comment line, in order; none added
    assert out.count("  # ") >= text.count("  # ")  # and the comments after a header or a key
