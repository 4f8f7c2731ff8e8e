"""key_lines / line_of: which line a key path stands on in a TOML document."""

from __future__ import annotations

import tomllib
from textwrap import dedent

import pytest

from coachcli.tomlpos import key_lines, line_of


def lines_of(source: str) -> dict[tuple[str | int, ...], int]:
    """key_lines of a dedented document, checked to be valid TOML first."""
    source = dedent(source)
    tomllib.loads(source)  # every document here is valid TOML, as in real use
    return key_lines(source)


def test_top_level_keys() -> None:
    lines = lines_of(
        """\
        schema = 1
        id = "grow"

        minutes = 30
        """
    )
    assert lines == {("schema",): 1, ("id",): 2, ("minutes",): 4}


def test_table_and_its_keys() -> None:
    lines = lines_of(
        """\
        name = "x"
        [closing]
        actions = true
        summary = false
        """
    )
    assert lines[("closing",)] == 2
    assert lines[("closing", "actions")] == 3
    assert lines[("closing", "summary")] == 4
    assert ("actions",) not in lines


def test_array_of_tables_counts_each_entry() -> None:
    lines = lines_of(
        """\
        [[sections]]
        id = "goal"

        [[sections]]
        id = "reality"

        [[sections]]
        id = "will"
        """
    )
    assert lines[("sections",)] == 1  # the array: its first header
    assert lines[("sections", 0)] == 1
    assert lines[("sections", 1)] == 4
    assert lines[("sections", 2)] == 7
    assert lines[("sections", 0, "id")] == 2
    assert lines[("sections", 1, "id")] == 5
    assert lines[("sections", 2, "id")] == 8


def test_nested_arrays_count_per_parent_entry() -> None:
    lines = lines_of(
        """\
        [[sections]]
        id = "a"
          [[sections.questions]]
          id = "a1"
          [[sections.questions]]
          id = "a2"
        [[sections]]
        id = "b"
          [[sections.questions]]
          id = "b1"
        """
    )
    assert lines[("sections", 0, "questions", 0, "id")] == 4
    assert lines[("sections", 0, "questions", 1, "id")] == 6
    # the count starts again in the second section
    assert lines[("sections", 1, "questions", 0, "id")] == 10
    assert lines[("sections", 1, "questions", 0)] == 9
    assert ("sections", 1, "questions", 1) not in lines
    assert ("sections", 0, "questions", 2) not in lines


def test_sub_table_of_an_array_entry() -> None:
    lines = lines_of(
        """\
        [[feedback]]
        id = "sbi"
        [[feedback]]
        id = "ask"
        [feedback.extra]
        colour = "red"
        """
    )
    assert lines[("feedback", 1, "extra")] == 5
    assert lines[("feedback", 1, "extra", "colour")] == 6


def test_dotted_keys() -> None:
    lines = lines_of(
        """\
        closing.actions = true
        [[sections]]
        meta.owner.name = "Dana"
        meta . team = "west"
        """
    )
    assert lines[("closing", "actions")] == 1
    assert lines[("sections", 0, "meta", "owner", "name")] == 3
    assert lines[("sections", 0, "meta", "team")] == 4


def test_quoted_keys() -> None:
    lines = lines_of(
        """\
        "my key" = 1
        'literal.key' = 2
        a."b.c" = 3
        [ "table name" ]
        x = 4
        [[ "quoted".list ]]
        y = 5
        """
    )
    assert lines[("my key",)] == 1
    assert lines[("literal.key",)] == 2  # the dot is part of the quoted name
    assert lines[("a", "b.c")] == 3
    assert lines[("table name", "x")] == 5
    assert lines[("quoted", "list", 0, "y")] == 7


def test_keys_inside_multi_line_strings_are_not_counted() -> None:
    lines = lines_of(
        '''\
        help = """
        id = "not-a-key"
        [not_a_table]
        """
        intro = \'\'\'
        minutes = 99
        \'\'\'
        id = "real"
        '''
    )
    assert lines[("help",)] == 1
    assert lines[("intro",)] == 5
    assert lines[("id",)] == 8
    assert ("minutes",) not in lines
    assert ("not_a_table",) not in lines


def test_multi_line_string_closed_after_text_and_before_a_comment() -> None:
    lines = lines_of(
        '''\
        help = """Let the rep
        set the goal.""" # a comment with """ in it
        prompt = "next"
        '''
    )
    assert lines[("prompt",)] == 3


def test_triple_quotes_inside_a_one_line_string_open_nothing() -> None:
    lines = lines_of(
        """\
        a = 'say \"\"\" here'
        b = "it's '''"
        c = 1
        """
    )
    assert lines[("c",)] == 3


def test_multi_line_string_ending_in_a_quote() -> None:
    lines = lines_of(
        '''\
        a = """
        She said "yes\""""
        b = 1
        '''
    )
    assert lines[("b",)] == 3


def test_escaped_triple_quote_does_not_close_the_string() -> None:
    lines = lines_of(
        '''\
        a = """
        x \\""" y
        c = 1
        """
        b = 1
        '''
    )
    assert ("c",) not in lines
    assert lines[("b",)] == 5


def test_multi_line_arrays() -> None:
    lines = lines_of(
        """\
        labels = [
          "Not at all",   # a comment with a [ bracket
          "A ] bracket in a string",
          'and a [ in a literal',
        ]
        default = 3
        anchors = [[1, 2],
                   [3, 4]]
        after = true
        """
    )
    assert lines[("labels",)] == 1
    assert lines[("default",)] == 6
    assert lines[("anchors",)] == 7
    assert lines[("after",)] == 9


def test_multi_line_array_of_inline_tables() -> None:
    lines = lines_of(
        """\
        questions = [
          { id = "a", type = "text" },
          { id = "b", type = "yesno" },
        ]
        id = "top"
        """
    )
    assert lines[("questions",)] == 1
    assert lines[("id",)] == 5  # not line 2 or 3: those ids are inside the array


def test_multi_line_string_inside_a_multi_line_array() -> None:
    lines = lines_of(
        '''\
        probes = [
          """
          ]
          c = 1
          """,
        ]
        b = 1
        '''
    )
    assert ("c",) not in lines
    assert lines[("b",)] == 7


def test_comments_are_ignored() -> None:
    lines = lines_of(
        """\
        # id = "commented-out"
        # [[sections]]
        id = "real"   # the real id
        [[sections]]  # first section
        id = "s"
        """
    )
    assert lines[("id",)] == 3
    assert lines[("sections", 0)] == 4
    assert lines[("sections", 0, "id")] == 5


def test_inline_table_is_one_key() -> None:
    lines = lines_of(
        """\
        closing = { actions = true, summary = false }
        name = "x"
        """
    )
    assert lines[("closing",)] == 1
    assert ("closing", "actions") not in lines
    assert lines[("name",)] == 2


def test_crlf_line_endings() -> None:
    source = 'schema = 1\r\n[[sections]]\r\nid = "a"\r\n'
    assert key_lines(source)[("sections", 0, "id")] == 3


def test_first_occurrence_of_an_array_is_kept() -> None:
    lines = lines_of(
        """\
        tags = ["a"]
        [[sections]]
        [[sections]]
        """
    )
    assert lines[("sections",)] == 2
    assert lines[("sections", 1)] == 3


# --------------------------------------------------------------------------- line_of

LINES = lines_of(
    """\
    schema = 1
    [[sections]]
    id = "a"
      [[sections.questions]]
      id = "a1"
    """
)


@pytest.mark.parametrize(
    ("path", "line"),
    [
        (("schema",), 1),
        (("sections", 0, "questions", 0, "id"), 5),
        # a key that is not written (missing): the table that should hold it
        (("sections", 0, "questions", 0, "prompt"), 4),
        (("sections", 0, "title"), 2),
        # an index pydantic reports inside an inline array: the array's key
        (("sections", 0, "questions", 0, "id", 3), 5),
    ],
)
def test_line_of_falls_back_to_the_closest_enclosing_key(
    path: tuple[str | int, ...], line: int
) -> None:
    assert line_of(LINES, path) == line


def test_line_of_unknown_top_level_key_is_none() -> None:
    assert line_of(LINES, ("summary",)) is None
    assert line_of(LINES, ()) is None


def test_quoted_keys_are_read_as_toml_reads_them() -> None:
    lines = key_lines('[reps]\n"say \\"hi\\"" = 1\n\'"quoted"\' = 2\n"caf\\u00e9" = 3\n')
    assert lines[("reps", 'say "hi"')] == 2
    assert lines[("reps", '"quoted"')] == 3  # a literal key's quotes are part of it
    assert lines[("reps", "café")] == 4
