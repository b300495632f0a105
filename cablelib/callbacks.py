"""Direct rule callbacks: call cablelib's transformer methods without Lark's layers.

Why: with an inline transformer, Lark reaches a method through four Python
calls per rule reduction (its child filter, a visit-wrapper closure,
``_vargs_inline`` and the ``v_args`` wrapper), and builds a ``Tree`` for
every reduction of an inlined rule (``_body_item``, ``__body_star_7``) only
to take its children back out in the parent.  A cable has ~90 reductions, so
these layers are a measurable share of a parse (benchmarks/).

:func:`shorten` replaces, in a built parser's callback table, each callback
whose shape it recognises by one function that does the same work: the same
children kept (the child filter's own ``to_include`` list is reused, so which
tokens are filtered out and which inlined rules are expanded is Lark's
decision, not a copy of it), then the method called with them.  An inlined
rule gets a small holder of its children instead of a ``Tree``; its parent
reads ``.children`` from it as from a tree.  Anything it does not recognise
keeps Lark's callback, so an unexpected Lark version only loses the speed-up.

Each shortened callback carries what it does as attributes (``include``,
the kept children, or ``None`` for all; ``then``, the method, or ``None``
for an inlined rule's holder; :class:`Inlined` itself keeps all and calls
nothing), so that :mod:`cablelib.table_parser` can do the same work without
the call and without the holder objects (:func:`shape`).

Only cablelib's own transformers are shortened (see
``cablelib.grammar._takes_engine_tokens``): a third-party transformer may
use other ``v_args`` modes, ``__default__`` or tree-based callbacks, and
keeps Lark's machinery.  ``tests/test_grammar.py`` checks that a shortened
parser gives the same result as Lark's on every corpus cable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

try:  # Lark internals; without them nothing is shortened
    from lark.parse_tree_builder import ChildFilterLALR_NoPlaceholders
    from lark.visitors import _vargs_inline
except ImportError:  # pragma: no cover - another Lark version
    ChildFilterLALR_NoPlaceholders = None
    _vargs_inline = None

__all__ = ["shorten", "shape", "Inlined", "method_name", "inline_method"]


class Inlined:
    """The children of an inlined rule (``_rule``, Lark's ``__x_star_n``),
    held until the parent rule takes them; stands in for Lark's ``Tree``."""

    __slots__ = ("children",)

    def __init__(self, children: list[Any]) -> None:
        self.children = children

    def __repr__(self) -> str:
        return f"Inlined({self.children!r})"


def _kept(include: list[tuple[int, bool]], children: list[Any]) -> list[Any]:
    """The children ``include`` names, inlined ones expanded (Lark's child filter)."""
    kept: list[Any] = []
    for index, expand in include:
        if expand:
            if kept:
                kept += children[index].children
            else:
                # Take over the inlined rule's own list, as Lark's filter does:
                # a left-recursive repetition (x*) then appends to one list
                # instead of copying it at every step, which would make a long
                # repetition quadratic (tests/test_linear.py, 100,000 PAGE lines).
                kept = children[index].children
        else:
            kept.append(children[index])
    return kept


def _filtered(include: list[tuple[int, bool]], then: Callable[..., Any]) -> Callable[[list[Any]], Any]:
    """Keep the children ``include`` names, then call ``then(*kept)``."""

    def call(children: list[Any]) -> Any:
        return then(*_kept(include, children))

    call.include, call.then = include, then  # type: ignore[attr-defined]  # read by table_parser
    return call


def _filtered_inline(include: list[tuple[int, bool]]) -> Callable[[list[Any]], Any]:
    """Keep the children ``include`` names and hold them for the parent (no copy)."""

    def call(children: list[Any]) -> Any:
        return Inlined(_kept(include, children))

    call.include, call.then = include, None  # type: ignore[attr-defined]
    return call


def _direct(then: Callable[..., Any]) -> Callable[[list[Any]], Any]:
    def call(children: list[Any]) -> Any:
        return then(*children)

    call.include, call.then = None, then  # type: ignore[attr-defined]
    return call


def method_name(rule: Any) -> str:
    """The transformer attribute Lark looks up for ``rule`` (its alias, template or name)."""
    return str(rule.alias or rule.options.template_source or rule.origin.name)


def inline_method(transformer: Any, name: str) -> Any:
    """The function :func:`shorten` calls for ``name``: the inline method's own function,
    ``None`` if ``transformer`` has no such attribute, ``False`` if it is not an inline method."""
    method = getattr(transformer, name, None)
    if method is None:
        return None
    if getattr(method, "visit_wrapper", None) is not _vargs_inline:
        return False
    return method.base_func


def shorten(parser: Any) -> int:
    """Replace the callbacks of ``parser`` (a ``lark.Lark``) that it recognises; return how many."""
    if ChildFilterLALR_NoPlaceholders is None:  # pragma: no cover
        return 0
    transformer = parser.options.transformer
    callbacks = parser._callbacks  # the table the LALR parser calls, by rule
    replaced = 0
    for rule, callback in list(callbacks.items()):
        include = callback.to_include if isinstance(callback, ChildFilterLALR_NoPlaceholders) else None
        then = inline_method(transformer, method_name(rule))
        if then is False:
            continue  # not an inline method: leave it to Lark
        if then is not None:
            callbacks[rule] = _direct(then) if include is None else _filtered(include, then)
        elif rule.origin.name.startswith("_") and not rule.options.expand1:
            # An inlined rule with Lark's default callback (a Tree the parent expands).
            if include is None:
                callbacks[rule] = Inlined
            else:
                callbacks[rule] = _filtered_inline(include)
        else:
            continue
        replaced += 1
    return replaced


def shape(callback: Any) -> tuple[list[tuple[int, bool]] | None, Callable[..., Any] | None] | None:
    """``(include, then)`` of a callback :func:`shorten` made, or ``None`` for any other."""
    if callback is Inlined:
        return None, None
    include = getattr(callback, "include", _MISSING)
    then = getattr(callback, "then", _MISSING)
    if include is _MISSING or then is _MISSING or callback.__module__ != __name__:
        return None
    return include, then


_MISSING = object()
