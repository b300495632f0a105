"""The ``generic`` variant: the base grammar, and the fallback for every cable."""

from __future__ import annotations

from ..registry import BASE_GRAMMAR, Variant
from ..transform import CableTransformer

__all__ = ["Generic"]


class Generic(Variant):
    """The base envelope grammar with the base transformer.

    Every other built-in variant derives from it.  It scores a token 0.01 so
    that any variant that recognises a cable at all wins over it.
    """

    name = "generic"
    aliases = ("base", "default")
    description = "The base envelope grammar; the fallback for every cable."
    grammar = BASE_GRAMMAR
    transformer = CableTransformer
    examples = ("06PHNOMPENH2131",)
    changes = ()

    @classmethod
    def score(cls, text: str) -> float:
        return 0.01
