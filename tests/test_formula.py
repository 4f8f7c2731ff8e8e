"""The grammar of computed metrics: parsing, precedence, printing, evaluating, hostile input."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from coachcli.formula import (
    MAX_DEPTH,
    MAX_LENGTH,
    BinOp,
    Call,
    FormulaError,
    Name,
    Neg,
    Node,
    Num,
    constant,
    evaluate,
    names,
    parse,
    round_half_up,
    to_text,
)

VALUES = {"a": 6.0, "b": 3.0, "c": 2.0, "zero": 0.0, "yes_q": 1.0, "no_q": 0.0}


def value(text: str) -> float | None:
    return evaluate(parse(text), VALUES.get, {"status": 2}.get)


# --------------------------------------------------------------------------- valid


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a / b", 2.0),
        ("1 + 2 * 3", 7.0),  # * before +
        ("(1 + 2) * 3", 9.0),
        ("a - b - c", 1.0),  # left to right
        ("a / b / c", 1.0),
        ("a - (b - c)", 5.0),
        ("-a + b", -3.0),  # unary minus binds tighter than +
        ("-a * -b", 18.0),
        ("--a", 6.0),
        ("a ÷ b × c − 1", 3.0),  # the signs people write
        ("a−b", 3.0),
        ("min(a, b, c)", 2.0),
        ("max(a, b) * 2", 12.0),
        ("round(a / 4)", 2.0),  # 1.5 rounds up, as people round
        ("round(2.5)", 3.0),
        ("round(-2.5)", -3.0),
        ("round(a / 7, 2)", 0.86),
        ("round(100 * b / (b + c))", 60.0),
        ("yes(yes_q) + yes(no_q)", 1.0),
        ("chose(status, 2) + chose(status, 1)", 1.0),
        ("0.5 * a", 3.0),
        ("  a  /  b  ", 2.0),
        ("1" + "+1" * 200, 201.0),  # long, but flat
        ("-" * (MAX_DEPTH - 1) + "a", -6.0),
    ],
)
def test_valid_formulas_and_their_values(text: str, expected: float) -> None:
    assert value(text) == pytest.approx(expected)


def test_the_tree_of_a_formula() -> None:
    assert parse("a + b * -c") == BinOp("+", Name("a"), BinOp("*", Name("b"), Neg(Name("c"))))
    assert parse("round(a, 1)") == Call("round", (Name("a"), Num(1.0)))
    assert names(parse("a + max(b, a) + chose(s, 1)")) == ["a", "b", "s"]


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("a÷b", "a / b"),
        ("(a * b) + c", "a * b + c"),
        ("a - (b + c)", "a - (b + c)"),
        ("(a - b) - c", "a - b - c"),
        ("a / (b * c)", "a / (b * c)"),
        ("-(a + b)", "-(a + b)"),
        ("0.00001 * a", "0.00001 * a"),
        ("round( a ,1 )", "round(a, 1)"),
    ],
)
def test_printed_back_with_the_parentheses_it_needs(text: str, printed: str) -> None:
    assert to_text(parse(text)) == printed


# --------------------------------------------------------------------------- missing values


def test_a_missing_input_or_a_division_by_zero_leaves_it_empty() -> None:
    assert value("a / missing") is None
    assert value("max(a, missing)") is None
    assert value("a / zero") is None
    assert value("a / (b - b)") is None
    assert value("chose(other, 1)") is None
    assert value("a + b") == 9.0


def test_overflow_is_empty_not_infinite() -> None:
    huge = " * ".join(["999999999999999"] * 25)
    assert evaluate(parse(huge), VALUES.get) is None
    assert evaluate(parse("a * a"), {"a": 1e200}.get) is None
    assert evaluate(parse("a + 1"), {"a": math.inf}.get) is None
    assert evaluate(parse("a + 1"), {"a": math.nan}.get) is None
    assert evaluate(parse("round(a, 6)"), {"a": 1e300}.get) is None


def test_rounding_is_half_away_from_zero() -> None:
    assert round_half_up(0.125, 2) == 0.13
    assert round_half_up(2.675, 2) == 2.68  # a float a little under 2.675, rounded as written
    assert round_half_up(-0.5, 0) == -1.0


# --------------------------------------------------------------------------- invalid


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the formula is empty"),
        ("   ", "the formula is empty"),
        ("a +", "the formula ends too early: expected a number, a name or '(' (at character 4)"),
        ("a b", "expected an operator (+ - * /) before 'b' (at character 3)"),
        ("(a + b", "the '(' at character 1 is not closed (at character 7)"),
        ("min(a, b", "the '(' at character 1 is not closed (at character 9)"),
        ("a)", "')' has no '(' to close (at character 2)"),
        ("* a", "expected a number, a name or '(' where '*' is (at character 1)"),
        ("a / 0", "division by zero: a / 0"),
        ("a / (2 - 2)", "division by zero: a / (2 - 2)"),
        ("a / round(0.2)", "division by zero: a / round(0.2)"),
        ("Open", "'O': names are written in lower case (at character 1)"),
        ("a % b", "'%' is not allowed in a formula (at character 3)"),
        ("a = b", "'=' is not allowed in a formula (at character 3)"),
        ("1e5", "expected an operator (+ - * /) before 'e5' (at character 2)"),
        ("1.", "'.' is not allowed in a formula (at character 2)"),
        (
            "sqrt(a)",
            "there is no function 'sqrt'; the functions are min, max, round, yes, chose "
            "(at character 1)",
        ),
        ("min(a)", "min(...) needs at least two values"),
        ("max(a)", "max(...) needs at least two values"),
        ("round(a, b)", "round(x, digits): digits is a whole number from 0 to 6, written as it is"),
        ("round(a, 7)", "round(x, digits): digits is a whole number from 0 to 6, written as it is"),
        ("round(a, 1, 2)", "round(x) or round(x, digits): at most two values"),
        ("yes(a + b)", "yes(q) takes one name: a yes/no question"),
        (
            "chose(s, 0)",
            "chose(q, n) takes the name of a choice question and an option number (1 = first)",
        ),
        (
            "chose(s)",
            "chose(q, n) takes the name of a choice question and an option number (1 = first)",
        ),
        ("2 (b)", "'(' follows something that is not a function (at character 3)"),
        (
            "a (b)",
            "there is no function 'a'; the functions are min, max, round, yes, chose "
            "(at character 1)",
        ),
    ],
)
def test_every_invalid_form_says_what_and_where(text: str, message: str) -> None:
    with pytest.raises(FormulaError) as caught:
        parse(text)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("__import__('os')", "'_' is not allowed in a formula (at character 1)"),
        ("a.b", "'.' is not allowed in a formula (at character 2)"),
        ("a.__class__", "'.' is not allowed in a formula (at character 2)"),
        ("x[0]", "'[' is not allowed in a formula (at character 2)"),
        ("lambda: 1", "':' is not allowed in a formula (at character 7)"),
        ("lambda x: x", "':' is not allowed in a formula (at character 9)"),
        ("9**9**9", "'**' is not allowed: there is no power operator (at character 3)"),
        ("'a' + 1", '"\'" is not allowed in a formula (at character 1)'),
        ("a; b", "';' is not allowed in a formula (at character 2)"),
        ("a\nimport os", "expected an operator (+ - * /) before 'import' (at character 3)"),
        ("9" * 30, f"the number {'9' * 30} is too large (at most 1e15) (at character 1)"),
        (
            "1000000000000001",
            "the number 1000000000000001 is too large (at most 1e15) (at character 1)",
        ),
        (
            "a" * (MAX_LENGTH + 1),
            f"the formula is too long ({MAX_LENGTH + 1} characters; at most {MAX_LENGTH})",
        ),
        (
            "(" * 100_000 + "a" + ")" * 100_000,
            f"the formula is too long (200001 characters; at most {MAX_LENGTH})",
        ),
        (
            "(" * 40 + "a" + ")" * 40,
            f"the formula is nested too deeply (at most {MAX_DEPTH} "
            f"levels) (at character {MAX_DEPTH + 1})",
        ),
        (
            "-" * 200 + "a",
            f"the formula is nested too deeply (at most {MAX_DEPTH} levels) "
            f"(at character {MAX_DEPTH + 1})",
        ),
        (
            "min(" * 40 + "a",
            f"the formula is nested too deeply (at most {MAX_DEPTH} levels) (at character 121)",
        ),
        ("٣ + 1", "'٣' is not allowed in a formula (at character 1)"),  # digits are 0-9 only
    ],
)
def test_hostile_input_is_refused_by_the_grammar(text: str, message: str) -> None:
    with pytest.raises(FormulaError) as caught:
        parse(text)
    assert str(caught.value) == message


def test_a_name_is_only_a_name() -> None:
    # words Python would act on are plain names here; the framework check refuses unknown ones
    assert parse("lambda") == Name("lambda")
    assert parse("import + os") == BinOp("+", Name("import"), Name("os"))
    assert value("open") is None


def test_constant_parts() -> None:
    assert constant(parse("2 * (3 - 1)")) == 4.0
    assert constant(parse("2 * a")) is None


# --------------------------------------------------------------------------- properties

_NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
_NUMBERS = st.one_of(
    st.integers(0, 10**15).map(float),
    st.decimals(0, 10**6, places=4, allow_nan=False, allow_infinity=False).map(float),
)


def _trees() -> st.SearchStrategy[Node]:
    leaves: st.SearchStrategy[Node] = st.one_of(_NUMBERS.map(Num), _NAMES.map(Name))

    def extend(inner: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
        return st.one_of(
            inner.map(Neg),
            st.tuples(st.sampled_from("+-*/"), inner, inner).map(lambda t: BinOp(*t)),
            st.tuples(st.sampled_from(["min", "max"]), st.lists(inner, min_size=2, max_size=3)).map(
                lambda t: Call(t[0], tuple(t[1]))
            ),
            inner.map(lambda x: Call("round", (x,))),
            st.tuples(inner, st.integers(0, 6)).map(
                lambda t: Call("round", (t[0], Num(float(t[1]))))
            ),
            _NAMES.map(lambda n: Call("yes", (Name(n),))),
            st.tuples(_NAMES, st.integers(1, 9)).map(
                lambda t: Call("chose", (Name(t[0]), Num(float(t[1]))))
            ),
        )

    return st.recursive(leaves, extend, max_leaves=10)


@given(_trees())
def test_any_printed_formula_parses_to_the_same_tree(tree: Node) -> None:
    text = to_text(tree)
    try:
        parsed = parse(text)
    except FormulaError as exc:
        # the only refusals of a well-formed tree: a constant zero divisor, or too big to read
        assume(not exc.message.startswith(("division by zero", "the formula is")))
        raise
    assert parsed == tree
    assert to_text(parsed) == text


_SOUP = st.text(
    alphabet=st.sampled_from(
        [*list("ab_z09.,()+-*/×÷− \n'\"[]:;=<>%^!&|~`@#$\\{}"), "é", "٣", "\x00"]
    ),
    max_size=80,
)


@given(st.one_of(_SOUP, st.text(max_size=80)))
def test_random_text_raises_nothing_but_the_parsers_own_error(text: str) -> None:
    try:
        tree = parse(text)
    except FormulaError:
        return
    result = evaluate(tree, lambda name: {"a": 0.0, "b": 1e308}.get(name, 2.0), lambda n: 1)
    assert result is None or math.isfinite(result)


@given(_trees(), st.dictionaries(_NAMES, st.floats(allow_nan=True, allow_infinity=True)))
def test_evaluating_never_raises(tree: Node, values: dict[str, float]) -> None:
    result = evaluate(tree, values.get, lambda name: 1)
    assert result is None or math.isfinite(result)
