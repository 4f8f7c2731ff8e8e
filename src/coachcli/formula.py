"""The arithmetic of computed metrics (``compute = "..."``): parsing, printing, evaluating.

A formula is parsed by hand, by a small recursive-descent parser, into a
tree of five kinds of node, and evaluated by walking that tree. Nothing else
can be written: there is no ``eval``, no Python ``ast``, no attribute or item
access, no strings, no power operator. The grammar, lowest precedence first::

    formula := sum
    sum     := product (("+" | "-" | "−") product)*
    product := unary (("*" | "/" | "×" | "÷") unary)*
    unary   := ("-" | "−") unary | atom
    atom    := NUMBER | NAME | NAME "(" sum ("," sum)* ")" | "(" sum ")"
    NUMBER  := digits, optionally "." digits       (12, 0.5; at most 1e15)
    NAME    := a lower-case letter, then letters, digits or "_"

The functions are ``min(a, b, ...)``, ``max(a, b, ...)``, ``round(x)``,
``round(x, digits)`` (digits a whole number 0..6 written as it is; halves
round away from zero), ``yes(q)`` (1 when the yes/no question ``q`` was
answered yes, 0 for no) and ``chose(q, n)`` (1 when the choice question
``q`` was answered with its n-th option, else 0). Which names exist is the
framework's business (:mod:`coachcli.computed`); this module only parses,
prints and evaluates. A formula is at most :data:`MAX_LENGTH` characters and
:data:`MAX_DEPTH` levels deep, so no input can exhaust the stack.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MAX_LENGTH = 500
MAX_DEPTH = 30
MAX_LITERAL = 1e15
ROUND_DIGITS = 6

FUNCTIONS = ("min", "max", "round", "yes", "chose")
_OPERATORS = {"+": "+", "-": "-", "−": "-", "*": "*", "×": "*", "/": "/", "÷": "/"}
_TOKEN = re.compile(r"\s*(?:([0-9]+(?:\.[0-9]+)?)|([a-z][a-z0-9_]*)|([-+−*×/÷(),]))")


class FormulaError(ValueError):
    """A formula that cannot be parsed or used; ``column`` is 1-based (0: the whole formula)."""

    def __init__(self, message: str, column: int = 0) -> None:
        super().__init__(message + (f" (at character {column})" if column else ""))
        self.message = message
        self.column = column


# --------------------------------------------------------------------------- the tree


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Name:
    name: str


@dataclass(frozen=True)
class Neg:
    operand: Node


@dataclass(frozen=True)
class BinOp:
    op: str  # one of + - * /
    left: Node
    right: Node


@dataclass(frozen=True)
class Call:
    func: str
    args: tuple[Node, ...]


Node = Num | Name | Neg | BinOp | Call


# --------------------------------------------------------------------------- parsing


def parse(text: str) -> Node:
    """The tree of ``text``; :class:`FormulaError` naming what is wrong and where."""
    if len(text) > MAX_LENGTH:
        raise FormulaError(
            f"the formula is too long ({len(text)} characters; at most {MAX_LENGTH})"
        )
    if not text.strip():
        raise FormulaError("the formula is empty")
    parser = _Parser(text)
    node = parser.sum(0)
    if parser.pos < len(parser.tokens):
        token, column = parser.tokens[parser.pos]
        if token == "(":
            raise FormulaError("'(' follows something that is not a function", column)
        if token == ")":
            raise FormulaError("')' has no '(' to close", column)
        raise FormulaError(f"expected an operator (+ - * /) before {token!r}", column)
    _check_calls(node)
    return node


def _tokens(text: str) -> list[tuple[str, int]]:
    tokens: list[tuple[str, int]] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            rest = text[pos:].lstrip()
            if not rest:
                break
            column = len(text) - len(rest) + 1
            char = rest[0]
            if char.isupper():
                raise FormulaError(f"{char!r}: names are written in lower case", column)
            raise FormulaError(f"{char!r} is not allowed in a formula", column)
        token = match.group(1) or match.group(2) or match.group(3)
        tokens.append((token, match.start(match.lastindex or 0) + 1))
        pos = match.end()
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.pos = 0

    def _peek(self) -> str | None:
        return self.tokens[self.pos][0] if self.pos < len(self.tokens) else None

    def _column(self) -> int:
        if self.pos < len(self.tokens):
            return self.tokens[self.pos][1]
        return len(self.text.rstrip()) + 1

    def _operator(self, allowed: str) -> str | None:
        token = self._peek()
        if token is not None and _OPERATORS.get(token, "") in allowed and token in _OPERATORS:
            self.pos += 1
            return _OPERATORS[token]
        return None

    def sum(self, depth: int) -> Node:
        node = self.product(depth)
        while (op := self._operator("+-")) is not None:
            node = BinOp(op, node, self.product(depth))
        return node

    def product(self, depth: int) -> Node:
        node = self.unary(depth)
        while (op := self._operator("*/")) is not None:
            if self._peek() in ("*", "×"):
                raise FormulaError(
                    "'**' is not allowed: there is no power operator", self._column()
                )
            node = BinOp(op, node, self.unary(depth))
        return node

    def unary(self, depth: int) -> Node:
        if depth >= MAX_DEPTH:
            raise FormulaError(f"the formula is nested too deeply (at most {MAX_DEPTH} levels)",
                               self._column())  # fmt: skip
        if self._peek() in ("-", "−"):
            self.pos += 1
            return Neg(self.unary(depth + 1))
        return self.atom(depth)

    def atom(self, depth: int) -> Node:
        column = self._column()
        token = self._peek()
        if token is None:
            raise FormulaError("the formula ends too early: expected a number, a name or '('",
                               column)  # fmt: skip
        self.pos += 1
        if token[0].isdigit():
            value = float(token)
            if value > MAX_LITERAL:
                raise FormulaError(f"the number {token} is too large (at most 1e15)", column)
            return Num(value)
        if token[0].isalpha():
            if self._peek() != "(":
                return Name(token)
            if token not in FUNCTIONS:
                raise FormulaError(f"there is no function {token!r}; the functions are "
                                   + ", ".join(FUNCTIONS), column)  # fmt: skip
            self.pos += 1
            args = [self.sum(depth + 1)]
            while self._peek() == ",":
                self.pos += 1
                args.append(self.sum(depth + 1))
            self._close(column)
            return Call(token, tuple(args))
        if token == "(":
            node = self.sum(depth + 1)
            self._close(column)
            return node
        raise FormulaError(f"expected a number, a name or '(' where {token!r} is", column)

    def _close(self, opened: int) -> None:
        if self._peek() != ")":
            found = self._peek()
            raise FormulaError(
                f"the '(' at character {opened} is not closed"
                + (f": found {found!r}" if found else ""),
                self._column(),
            )
        self.pos += 1


def _check_calls(node: Node) -> None:
    """Each function's arguments, and a division by a constant zero."""
    for item in walk(node):
        if isinstance(item, BinOp) and item.op == "/" and constant(item.right) == 0:
            raise FormulaError(f"division by zero: {to_text(item)}")
        if not isinstance(item, Call):
            continue
        args = item.args
        if item.func in ("min", "max") and len(args) < 2:
            raise FormulaError(f"{item.func}(...) needs at least two values")
        if item.func == "round":
            if len(args) > 2:
                raise FormulaError("round(x) or round(x, digits): at most two values")
            if len(args) == 2 and not _whole_literal(args[1], 0, ROUND_DIGITS):
                raise FormulaError(
                    f"round(x, digits): digits is a whole number from 0 to {ROUND_DIGITS}, "
                    "written as it is"
                )
        if item.func == "yes" and (len(args) != 1 or not isinstance(args[0], Name)):
            raise FormulaError("yes(q) takes one name: a yes/no question")
        if item.func == "chose" and (
            len(args) != 2 or not isinstance(args[0], Name) or not _whole_literal(args[1], 1, 99)
        ):
            raise FormulaError(
                "chose(q, n) takes the name of a choice question and an option number (1 = first)"
            )


def _whole_literal(node: Node, low: int, high: int) -> bool:
    return isinstance(node, Num) and node.value.is_integer() and low <= node.value <= high


# --------------------------------------------------------------------------- reading the tree


def walk(node: Node) -> list[Node]:
    """Every node of the tree, ``node`` first."""
    out: list[Node] = []
    stack = [node]
    while stack:
        item = stack.pop()
        out.append(item)
        if isinstance(item, Neg):
            stack.append(item.operand)
        elif isinstance(item, BinOp):
            stack.extend((item.right, item.left))
        elif isinstance(item, Call):
            stack.extend(reversed(item.args))
    return out


def names(node: Node) -> list[str]:
    """The names a formula uses, in order, once each."""
    return list(dict.fromkeys(n.name for n in walk(node) if isinstance(n, Name)))


def constant(node: Node) -> float | None:
    """The value of a formula that uses no name (None when it uses one or cannot be computed)."""
    if any(isinstance(n, Name) for n in walk(node)):
        return None
    return evaluate(node, lambda name: None)


_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


def to_text(node: Node) -> str:
    """The formula written back with ASCII operators and only the parentheses it needs."""
    if isinstance(node, Num):
        if node.value.is_integer():
            return str(int(node.value))
        text = repr(node.value)
        return format(Decimal(text), "f") if "e" in text else text
    if isinstance(node, Name):
        return node.name
    if isinstance(node, Neg):
        inner = to_text(node.operand)
        return f"-({inner})" if isinstance(node.operand, BinOp) else f"-{inner}"
    if isinstance(node, Call):
        return f"{node.func}({', '.join(to_text(a) for a in node.args)})"
    level = _PRECEDENCE[node.op]
    left = to_text(node.left)
    if isinstance(node.left, BinOp) and _PRECEDENCE[node.left.op] < level:
        left = f"({left})"
    right = to_text(node.right)
    if isinstance(node.right, BinOp) and _PRECEDENCE[node.right.op] <= level:
        right = f"({right})"
    return f"{left} {node.op} {right}"


# --------------------------------------------------------------------------- evaluating

Lookup = Callable[[str], float | None]
"""A name's value in this session; None when it has none (skipped, not asked, not known yet)."""


def evaluate(
    node: Node, value_of: Lookup, choice_of: Callable[[str], int | None] | None = None
) -> float | None:
    """The formula's value, or None when an input is missing, a division is by zero,
    or the result is not a finite number. Never raises for any input.

    ``value_of`` gives a name's number (a yes/no answer as 1 or 0, for ``yes``);
    ``choice_of`` the 1-based option a choice question was answered with.
    """
    try:
        result = _eval(node, value_of, choice_of or (lambda name: None))
    except (ZeroDivisionError, OverflowError, InvalidOperation, _Missing):
        return None
    return result if math.isfinite(result) else None


class _Missing(Exception):
    pass


def _eval(node: Node, value_of: Lookup, choice_of: Callable[[str], int | None]) -> float:
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Name):
        value = value_of(node.name)
        if value is None or not math.isfinite(value):
            raise _Missing
        return float(value)
    if isinstance(node, Neg):
        return -_eval(node.operand, value_of, choice_of)
    if isinstance(node, BinOp):
        left = _eval(node.left, value_of, choice_of)
        right = _eval(node.right, value_of, choice_of)
        result = {"+": left + right, "-": left - right, "*": left * right}.get(node.op)
        if result is None:
            result = left / right  # ZeroDivisionError is a missing value
        if not math.isfinite(result):
            raise OverflowError
        return result
    if node.func == "chose":
        assert isinstance(node.args[0], Name) and isinstance(node.args[1], Num)
        chosen = choice_of(node.args[0].name)
        if chosen is None:
            raise _Missing
        return 1.0 if chosen == int(node.args[1].value) else 0.0
    if node.func == "yes":
        return _eval(node.args[0], value_of, choice_of)
    values = [_eval(a, value_of, choice_of) for a in node.args]
    if node.func == "min":
        return min(values)
    if node.func == "max":
        return max(values)
    digits = int(values[1]) if len(values) > 1 else 0
    return round_half_up(values[0], digits)


def round_half_up(value: float, digits: int) -> float:
    """``value`` to ``digits`` decimals, halves away from zero (2.5 → 3), as people round."""
    exact = Decimal(repr(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return float(exact)
