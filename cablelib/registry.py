"""Variants: per-post and per-period formats, and the registry that finds them.

A :class:`Variant` names a grammar and a transformer.  The base grammar
(``envelope.lark``) with :class:`~cablelib.transform.CableTransformer` is the
``generic`` variant; others subclass it and override only what differs
(sqlglot's dialects and pygments' lexers are the model).  The registry looks
names up in: explicitly registered variants, the static table of built-ins
(imported lazily), and the ``cablelib.variants`` entry-point group.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Mapping
from importlib import import_module
from importlib.metadata import entry_points
from typing import ClassVar

import lark

from .errors import UnknownVariantError, VariantConflictError
from .grammar import build_parser, grammar_text
from .transform import CableTransformer

__all__ = [
    "ENTRY_POINT_GROUP",
    "BUILTIN_VARIANTS",
    "Variant",
    "Generic",
    "Registry",
    "default_registry",
    "variants",
    "register_variant",
    "get_variant",
]

ENTRY_POINT_GROUP = "cablelib.variants"


class Variant:
    """A cable format: a grammar, a transformer and a fitness score.

    Subclasses set the class attributes and may override :meth:`score`.
    ``grammar`` is a resource name under cablelib's ``grammars/`` directory,
    or an absolute path to a third party's grammar file (whose directory is
    put on the import path, so it can ``%import envelope (...)``).
    """

    name: ClassVar[str] = ""
    aliases: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str] = ""
    grammar: ClassVar[str] = "envelope.lark"
    transformer: ClassVar[type[CableTransformer]] = CableTransformer
    examples: ClassVar[tuple[str, ...]] = ()
    """Reference ids of real cables this variant is for (used by the contract test)."""

    @classmethod
    def score(cls, text: str) -> float:
        """How well ``text`` fits this variant, from 0 (not at all) to 1."""
        return 0.0

    @classmethod
    def parser(cls) -> lark.Lark:
        """The variant's LALR parser, built once and cached."""
        return _parser_for(cls.grammar, cls.transformer)


@functools.cache
def _parser_for(grammar: str, transformer: type[CableTransformer]) -> lark.Lark:
    from pathlib import Path

    path = Path(grammar)
    if path.is_absolute():
        return build_parser(path.read_text(encoding="utf-8"), transformer, (str(path.parent),))
    return build_parser(grammar_text(grammar), transformer)


class Generic(Variant):
    """The base grammar: every cable the other variants do not claim."""

    name = "generic"
    aliases = ("base", "default")
    description = "The base envelope grammar; the fallback for every cable."
    examples = ("06PHNOMPENH2131",)

    @classmethod
    def score(cls, text: str) -> float:
        return 0.01


# name -> "module:Class"; imported only when first needed.
BUILTIN_VARIANTS: dict[str, str] = {
    "generic": "cablelib.registry:Generic",
}


def _load(target: str) -> type[Variant]:
    module, _, attr = target.partition(":")
    return getattr(import_module(module), attr)


class Registry:
    """Variants by name and alias.  Tests make their own instead of mutating the default."""

    def __init__(self, *, builtins: Mapping[str, str] = BUILTIN_VARIANTS, use_entry_points: bool = True) -> None:
        self._builtins = dict(builtins)
        self._use_entry_points = use_entry_points
        self._classes: dict[str, type[Variant]] = {}
        self._aliases: dict[str, str] = {}
        self._loaded = False

    def _load_all(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        for target in self._builtins.values():
            self._add(_load(target), replace=False)
        if self._use_entry_points:
            for ep in entry_points(group=ENTRY_POINT_GROUP):
                self._add(ep.load(), replace=False)

    def _add(self, variant: type[Variant], *, replace: bool) -> None:
        if not (isinstance(variant, type) and issubclass(variant, Variant)) or not variant.name:
            raise VariantConflictError(f"{variant!r} is not a named Variant subclass")
        names = (variant.name, *variant.aliases)
        for name in names:
            owner = self._aliases.get(name)
            if owner is not None and owner != variant.name and not replace:
                raise VariantConflictError(
                    f"variant {variant.name!r} claims the name {name!r}, already taken by {owner!r}"
                )
        self._classes[variant.name] = variant
        for name in names:
            self._aliases[name] = variant.name

    def register(self, variant: type[Variant], *, replace: bool = False) -> type[Variant]:
        """Add a variant; a name or alias already taken raises VariantConflictError."""
        self._load_all()
        self._add(variant, replace=replace)
        return variant

    def get(self, name: str) -> type[Variant]:
        """The variant called ``name`` (or an alias); UnknownVariantError with a suggestion."""
        self._load_all()
        key = self._aliases.get(name)
        if key is not None:
            return self._classes[key]
        close = difflib.get_close_matches(name, list(self._aliases), n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise UnknownVariantError(f"Unknown variant {name!r}.{hint}")

    def all(self) -> dict[str, type[Variant]]:
        self._load_all()
        return dict(self._classes)

    def guess(self, text: str) -> type[Variant]:
        """The best-scoring variant for ``text``; ``generic`` when none fits better."""
        self._load_all()
        best = self._classes["generic"] if "generic" in self._classes else Generic
        best_score = best.score(text)
        for variant in self._classes.values():
            score = variant.score(text)
            if score > best_score:
                best, best_score = variant, score
        return best


default_registry = Registry()


def variants() -> Mapping[str, type[Variant]]:
    """Every registered variant by name."""
    return default_registry.all()


def register_variant(variant: type[Variant], *, replace: bool = False) -> type[Variant]:
    """Register a variant at run time (also usable as a class decorator)."""
    return default_registry.register(variant, replace=replace)


def get_variant(name: str) -> type[Variant]:
    """Look a variant up by name or alias."""
    return default_registry.get(name)
