"""Model objects back from plain data: the inverse of ``Cable.to_dict()``.

Why: a whole-corpus run is parsed once and kept as JSON Lines (``cablelib
export``, ``cablelib parse``); reading those lines back as typed
:class:`~cablelib.model.Cable` objects, spans included, should not mean
parsing every cable again.  ``Cable.from_dict(cable.to_dict()) == cable``,
and its ``to_dict()`` is the same dict, spans and all (spans are not part of
model equality, so the tests compare both).

How: each model class's fields are read once from its type annotations
(``str | None``, ``tuple[Recipient, ...]``, ``datetime | None``, ``Span |
None``...) into a small decoder per field, so that loading a line is a walk
over the dict, not a type analysis.  A key the class does not have, or a
value of the wrong shape, raises :class:`~cablelib.errors.CableInputError`
naming where it is (``paragraphs[3].span``); a field that is missing takes
the class's default, so lines written before a field was added still load
(a field without a default, a span's ``column`` say, must be there).

Speed: the walk is made first without tracking where it is, and again with
paths only when something is wrong (building ``paragraphs[3].span`` for
every value was half of the time), and a span of four ints is built
directly (:func:`~cablelib.model.make_span`): 0.24 -> 0.16 ms a corpus cable.
"""

from __future__ import annotations

import datetime as _dt
import functools
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs

from . import model
from .errors import CableInputError

__all__ = ["from_data"]

_Decoder = Callable[[Any, str], Any]


def _fail(where: str | None, expected: str, value: Any) -> CableInputError:
    return CableInputError(f"{where or 'the data'}: expected {expected}, got {type(value).__name__} {value!r:.60}")


def _scalar(kind: type) -> _Decoder:
    name = {str: "a string", int: "an integer"}.get(kind, kind.__name__)

    def decode(value: Any, where: str) -> Any:
        # bool is an int, but never a field's value
        if type(value) is not kind and not (kind is int and isinstance(value, int) and not isinstance(value, bool)):
            raise _fail(where, name, value)
        return value

    return decode


def _moment(kind: type) -> _Decoder:
    def decode(value: Any, where: str) -> Any:
        if isinstance(value, kind):
            return value
        if not isinstance(value, str):
            raise _fail(where, f"an ISO 8601 {kind.__name__}", value)
        try:
            return kind.fromisoformat(value)
        except ValueError:
            raise _fail(where, f"an ISO 8601 {kind.__name__}", value) from None

    return decode


def _optional(inner: _Decoder) -> _Decoder:
    def decode(value: Any, where: str) -> Any:
        return None if value is None else inner(value, where)

    return decode


def _sequence(inner: _Decoder) -> _Decoder:
    def decode(value: Any, where: str | None) -> tuple[Any, ...]:
        if not isinstance(value, (list, tuple)):
            raise _fail(where, "a list", value)
        if where is None:  # the quick pass: no paths
            return tuple([inner(item, None) for item in value])
        return tuple(inner(item, f"{where}[{index}]") for index, item in enumerate(value))

    return decode


def _model(cls: type) -> _Decoder:
    def decode(value: Any, where: str | None) -> Any:
        return _decode_object(cls, value, where)

    return decode


def _span(value: Any, where: str | None) -> Any:
    """A :class:`~cablelib.model.Span` (~35 a cable): four ints, built by ``make_span``."""
    if type(value) is dict and len(value) == 4:
        start, end, line, column = value.get("start"), value.get("end"), value.get("line"), value.get("column")
        if type(start) is int and type(end) is int and type(line) is int and type(column) is int:
            return model.make_span(start, end, line, column)
    return _decode_object(model.Span, value, where)  # the general road, and its errors


def _decoder(hint: Any) -> _Decoder:
    """The decoder for one field annotation of a model class."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) != 1:  # pragma: no cover - no model field is a wider union
            raise TypeError(f"unsupported annotation {hint!r}")
        return _optional(_decoder(args[0]))
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) != 2 or args[1] is not Ellipsis:  # pragma: no cover - the model uses tuple[X, ...]
            raise TypeError(f"unsupported annotation {hint!r}")
        return _sequence(_decoder(args[0]))
    if hint is _dt.datetime or hint is _dt.date:
        return _moment(hint)
    if hint is str or hint is int:
        return _scalar(hint)
    if hint is model.Span:
        return _span
    if attrs.has(hint):
        return _model(hint)
    raise TypeError(f"unsupported annotation {hint!r}")  # pragma: no cover - a new kind of field


@functools.cache
def _required(cls: type) -> tuple[str, ...]:
    """The fields of ``cls`` without a default (only ``Span``'s four, today)."""
    return tuple(field.name for field in attrs.fields(cls) if field.default is attrs.NOTHING)


@functools.cache
def _fields(cls: type) -> dict[str, _Decoder]:
    """Field name -> decoder, from the class's annotations (resolved once)."""
    hints = typing.get_type_hints(cls, vars(model))
    return {field.name: _decoder(hints[field.name]) for field in attrs.fields(cls)}


def _decode_object(cls: type, value: Any, where: str | None) -> Any:
    if isinstance(value, cls):
        return value
    if not isinstance(value, dict):
        raise _fail(where, f"an object for {cls.__name__}", value)
    decoders = _fields(cls)
    if where is None:  # the quick pass
        try:
            arguments = {name: decoders[name](item, None) for name, item in value.items()}
            return cls(**arguments)
        except (KeyError, TypeError):  # an unknown key; a required field missing
            raise _Retry from None
    unknown = [key for key in value if key not in decoders]
    if unknown:
        raise CableInputError(f"{where or 'the data'}: {cls.__name__} has no field {unknown[0]!r}")
    missing = [name for name in _required(cls) if name not in value]
    if missing:  # a Span without its column, say
        raise CableInputError(f"{where or 'the data'}: {cls.__name__} needs the field {missing[0]!r}")
    prefix = f"{where}." if where else ""
    arguments = {name: decoders[name](item, prefix + name) for name, item in value.items()}
    return cls(**arguments)


class _Retry(Exception):
    """The quick pass met something wrong: decode again with paths, for the message."""


def from_data(cls: type, data: Any) -> Any:
    """An instance of the model class ``cls`` from what ``plain_data``/``to_dict`` made of one.

    A quick pass first, with no record of where it is (building a path such
    as ``paragraphs[3].span`` for every value was half of the time); if
    anything is wrong, the data is decoded again with paths, and that pass
    raises the error that names the place.
    """
    if cls not in model._FIELDS_OF:
        raise CableInputError(f"{cls!r} is not a cablelib model class")
    try:
        return _decode_object(cls, data, None)
    except (CableInputError, _Retry):
        return _decode_object(cls, data, "")
