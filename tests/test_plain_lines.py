"""Lines written without rich are what rich prints, byte for byte; history and brief keep theirs.

`coach history` (and the brief's rows and trend lines) build plain
:class:`~coachcli.cli.render.Line` objects and print them through
:func:`~coachcli.cli.render.print_lines`, which writes a line itself where
rich would print it unchanged (a pipe or a file) and hands rich the rest. The
property tests hold the two ways equal for any text; the command tests run
`history`, `brief` and `balance` on a generated home both ways.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachcli.cli import render
from coachcli.home import Home, sha256_hex

from .helpers import Run, generated_home, piped_output

# Words of every kind a line may hold: wide characters (two cells), marks of
# no width, spaces at either end, line breaks, tabs, a CR before a LF, controls.
_PIECES = st.lists(
    st.sampled_from(
        [*"ab Z·→✓▄…", "é", "漢", "e\u0301", "  ", "\n", "\t", "\r\n", "\r", "\x1b", "\u202e"]
    ),
    max_size=30,
).map("".join)
_STYLES = st.sampled_from(["", "bold", "dim", "red", "green"])
_PARTS = st.lists(st.tuples(_PIECES, _STYLES), max_size=6)


def _line(parts: list[tuple[str, str]], base: str) -> render.Line:
    line = render.Line(style=base)
    for part, style in parts:
        line.append(part, style)
    return line


@settings(max_examples=150, deadline=None)
@given(
    lines=st.lists(st.tuples(_PARTS, _STYLES, st.booleans()), min_size=1, max_size=4),
    columns=st.sampled_from([None, "1", "8", "20", "80"]),
)
def test_plain_lines_are_what_rich_prints(
    lines: list[tuple[list[tuple[str, str]], str, bool]], columns: str | None
) -> None:
    shown = []
    for parts, base, stripped in lines:
        line = _line(parts, base)
        if stripped:
            line.rstrip()
        shown.append(line)
    ours = piped_output(lambda: render.print_lines(shown), columns)
    rich = piped_output(
        lambda: [render.stdout().print(line.to_text()) for line in shown], columns
    )  # fmt: skip
    assert ours == rich


@settings(max_examples=150, deadline=None)
@given(parts=_PARTS, stripped=st.booleans())
def test_a_line_is_the_text_spans_makes(parts: list[tuple[str, str]], stripped: bool) -> None:
    """Line(...).to_text() is the Text that spans() (parts) or text() (a whole) makes."""
    ours = _line(parts, "").to_text()
    theirs = render.spans()
    for part, style in parts:
        theirs.append(part, style)
    if stripped:
        line = _line(parts, "")
        line.rstrip()
        ours = line.to_text()
        theirs.rstrip()
    assert (ours.plain, ours.spans, str(ours.style)) == (theirs.plain, theirs.spans, "")
    whole = "".join(part for part, _ in parts)
    assert render.Line(whole, "bold").to_text() == render.text(whole, "bold")


@pytest.mark.parametrize(
    "layout",
    [{"justify": "right"}, {"justify": "center"}, {"no_wrap": True, "overflow": "ellipsis"},
     {"overflow": "crop"}, {"end": ""}, {"end": " <\n"}, {"style": "bold"}],
)  # fmt: skip
def test_a_text_with_a_layout_of_its_own_is_printed_as_rich_prints_it(
    layout: dict[str, object],
) -> None:
    from rich.text import Text

    lines = [Text(words, **layout) for words in ("right", "x" * 30, "a b " * 8, "")]  # type: ignore[arg-type]
    ours = piped_output(lambda: render.print_lines(lines), "20")
    rich = piped_output(lambda: [render.stdout().print(line) for line in lines], "20")
    assert ours == rich


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=300))
def test_sha256_hex_is_hashlibs(data: bytes) -> None:
    assert sha256_hex(data) == hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- the commands


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Home:
    return generated_home(tmp_path_factory.mktemp("generated") / "home", 60, 3, seed=11)


@pytest.fixture
def home(generated: Home, coach_home: Home) -> Iterator[Home]:
    shutil.copytree(generated.root, coach_home.root)
    yield coach_home


@pytest.mark.parametrize("columns", ["40", "60", "80", "200"])
@pytest.mark.parametrize("command", ["history", "history --last 2", "brief", "balance"])
def test_a_command_prints_what_rich_alone_printed(
    coach: Run, home: Home, command: str, columns: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a generated home, at several widths: the output through print_lines is the output
    with every line printed by rich (as before it), byte for byte."""
    monkeypatch.setenv("COLUMNS", columns)
    rep = sorted(p.name for p in home.reps_dir.iterdir())[0]
    words, *rest = command.split()
    args = [words, *([] if words == "balance" else [rep]), *rest]
    ours = coach(*args).stdout
    with monkeypatch.context() as forced:
        forced.setattr(render, "_plain_stdout", lambda: None)  # every line through rich
        theirs = coach(*args).stdout
    assert ours == theirs
    assert len(ours.splitlines()) > 5  # the home gave the command something to show
