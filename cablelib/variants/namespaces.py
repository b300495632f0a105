"""Let a transformer written for ``envelope.lark`` serve a grammar that imports it.

Why this exists: Lark's ``%import envelope (start, notice, ...)`` keeps the
listed names as they are, but renames every *other* rule and terminal of the
imported grammar into its namespace: ``caption`` becomes
``envelope__caption``, the terminal ``PARA`` becomes ``envelope__PARA``, and a
grammar that imports a variant grammar gets ``state__envelope__caption``.  The
inline transformer looks its callbacks up by rule name, and
:class:`~cablelib.transform.CableTransformer` reads token types (``PARA``,
``PAGE_LINE``, ``HEADING``), so without help a variant would have to list
every base name in its ``%import`` — and break whenever the base grammar
gains a rule.

:func:`unprefixed` wraps a transformer class so that Lark finds
``envelope__caption`` under ``caption`` and every token reaches the callbacks
with its plain type.  Variant grammars then import only the names they
override, as Lark intends.  One consequence for grammar authors: a rule a
variant *adds* must not reuse the name of a base rule it did not import (the
two would share one callback); import the base rule and ``%override`` it
instead.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from lark import Token

__all__ = ["unprefixed", "plain_name"]


def plain_name(name: str) -> str:
    """``envelope__caption`` → ``caption``; ``state__envelope__PARA`` → ``PARA``.

    Lark's own generated names (``__start_plus_0``, ``__ANON_1``,
    ``__IGNORE_0``) and names without a namespace come back unchanged.
    """
    if name.startswith("__") or "__" not in name:
        return name
    return name.rsplit("__", 1)[1]


def _plain_tokens(callback: Callable[..., Any], wrapper: Callable[..., Any] | None,
                  name: str) -> Callable[[list[Any]], Any]:
    """A rule callback that gives namespaced tokens their plain type first."""

    def call(children: list[Any]) -> Any:
        for child in children:
            if isinstance(child, Token) and "__" in child.type and not child.type.startswith("__"):
                child.type = plain_name(child.type)
        if wrapper is not None:  # v_args(inline=True) and friends
            return wrapper(callback, name, children, None)
        return callback(children)

    return call


@functools.cache
def unprefixed(transformer_cls: type) -> type:
    """A stand-in for ``transformer_cls`` that answers to namespaced names.

    Instances hold a real ``transformer_cls()`` and hand Lark, for every rule
    name it asks about (``caption``, ``envelope__caption``), that instance's
    callback for the plain name, wrapped so that token types are plain too.
    Names the transformer has no callback for stay missing, so Lark's
    fallback (and the contract test that forbids it) still apply.  The class
    is cached per transformer, and named after it so that the grammar cache
    key stays readable and stable.
    """

    class Unprefixed:
        __slots__ = ("inner",)

        def __init__(self) -> None:
            self.inner = transformer_cls()

        def __getattr__(self, name: str) -> Any:
            if name.startswith("__") and name.endswith("__") and name != "__default__":
                raise AttributeError(name)
            plain = plain_name(name)
            if plain[:1].isupper():  # a terminal: cablelib transformers have no token callbacks
                raise AttributeError(name)
            callback = getattr(self.inner, plain)  # AttributeError when there is none
            if name == "__default__":
                return callback
            return _plain_tokens(callback, getattr(callback, "visit_wrapper", None), plain)

    Unprefixed.__module__ = transformer_cls.__module__
    Unprefixed.__qualname__ = f"{transformer_cls.__qualname__}[unprefixed]"
    Unprefixed.__name__ = f"{transformer_cls.__name__}[unprefixed]"
    Unprefixed.__doc__ = f"{transformer_cls.__qualname__}, answering to namespaced rule names."
    return Unprefixed
