"""Parameters read without pydantic: what typer 0.29+ does for them, without its start-up cost.

Since 0.29 typer checks every parameter's value through a pydantic
``TypeAdapter`` (``typer._adapters``), built the first time the parameter is
processed, even for an option left out (its value None) or a plain ``str``.
That import and those adapters were most of the start-up of every command
but ``--help`` at the root, and there is no documented option to avoid them
(``parser=`` goes through the same adapter). This module gives each
parameter a lazy coercion: a value that is None, a ``str`` for a ``str``
parameter, a ``bool`` for a flag, a tuple of ``str`` for a ``list[str]``
(given back as a list) and an option's own declared default are what
typer's adapter returns for them (the test suite compares the two);
anything else is handed to typer's own coercion, built then, so every
check typer makes is still made.

:func:`install` is guarded: with a typer that does not have these internals
it does nothing, and coach only starts more slowly.
"""

from __future__ import annotations

import types
from typing import Any, Union, get_args, get_origin

_SIMPLE = (str, bool)
_WORDS = list[str]


def _plain(annotation: Any) -> type | None:
    """``str``, ``bool`` or ``list`` for ``str``, ``str | None``, ``bool``, ``list[str]``...;
    None for anything else."""
    if annotation == _WORDS:
        return list
    if annotation in _SIMPLE:
        return annotation  # type: ignore[no-any-return]
    if get_origin(annotation) in (Union, types.UnionType):
        rest = [a for a in get_args(annotation) if a is not type(None)]
        if len(rest) == 1 and rest[0] in _SIMPLE:
            return rest[0]  # type: ignore[no-any-return]
    return None


def install() -> bool:
    """Give typer's parameters the lazy coercion; False when this typer has no such internals."""
    try:
        from typer import _coercion
        from typer.core import _TyperParameter
    except ImportError:
        return False
    if not all(
        hasattr(x, y)
        for x, y in (
            (_TyperParameter, "get_runtime_param"),
            (_coercion, "RuntimeParam"),
            (_coercion, "build_runtime_param"),
        )
    ):
        return False
    if getattr(_TyperParameter, "_coach_light", False):
        return True

    class Lazy(_coercion.RuntimeParam):
        """typer's coercion, built only for a value it must check."""

        descriptor: Any
        plain: type | None
        built: Any

        def __init__(self, descriptor: Any) -> None:
            super().__init__(parameter_info=descriptor.parameter_info,
                             annotation=descriptor.annotation)  # fmt: skip
            object.__setattr__(self, "descriptor", descriptor)
            object.__setattr__(self, "plain", _plain(descriptor.annotation))
            object.__setattr__(self, "built", None)

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            info = self.descriptor.parameter_info
            if self.plain in _SIMPLE and type(value) is self.plain and info.parser is None:
                return value
            if (
                self.plain is list
                and type(value) in (tuple, list)
                and all(type(word) is str for word in value)
                and info.parser is None
            ):
                return list(value)  # what typer's adapter makes of a str argument given N times
            default = getattr(param, "default", None)
            if not callable(default) and type(value) is type(default) and value == default:
                return value  # the declared default, valid by construction (tests hold it)
            if self.built is None:
                object.__setattr__(self, "built", _coercion.build_runtime_param(self.descriptor))
            return self.built._coerce_value(value, param=param, ctx=ctx)

    def get_runtime_param(self: Any) -> Any:
        if self._runtime_param is None:
            descriptor = self.type_descriptor
            if descriptor.file_annotation is None and descriptor.parameter_info.parser is None:
                self._runtime_param = Lazy(descriptor)
        return original(self)

    original = _TyperParameter.get_runtime_param
    _TyperParameter.get_runtime_param = get_runtime_param  # type: ignore[method-assign]
    setattr(_TyperParameter, "_coach_light", True)  # noqa: B010 - not an attribute typer has
    return True
