"""Variants: per-post and per-period formats, and the registry that finds them.

A :class:`Variant` names a grammar and a transformer, says which cables it is
for (:meth:`Variant.score`) and which fields of the result it reads
differently from the base grammar (:attr:`Variant.changes`).  The base
grammar (``envelope.lark``) with :class:`~cablelib.transform.CableTransformer`
is the ``generic`` variant; the others subclass a variant and override only
what differs, in the grammar (``%import envelope (...)`` + ``%override``) and
in the transformer (a subclass overriding the callbacks of the overridden
rules).  sqlglot's dialects and pygments' lexers are the model.

The registry looks names up in three places: variants registered at run
time (:func:`register_variant`), the static table of built-ins
(:data:`BUILTIN_VARIANTS`, imported only when first needed), and the
``cablelib.variants`` entry-point group of installed packages.  Parsers are
built on first use and cached (in memory, and on disk by
:func:`cablelib.grammar.build_parser`), so registering many variants costs
nothing at start-up.
"""

from __future__ import annotations

import functools
import os
import threading
import warnings
from collections.abc import Mapping
from importlib import import_module
from typing import TYPE_CHECKING, Any, ClassVar

import attrs
import lark

from .entry_point_scan import may_declare
from .errors import UnknownVariantError, VariantConflictError
from .grammar import GrammarLoadError, build_parser, grammar_text
from .model import attrs_style_repr
from .transform import CableTransformer
from .variants.namespaces import unprefixed
from .variants.signals import read_signals

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

    from .model import Wrapper
    from .variants.generic import Generic

__all__ = [
    "ENTRY_POINT_GROUP",
    "BASE_GRAMMAR",
    "BUILTIN_VARIANTS",
    "Variant",
    "Generic",
    "VariantInfo",
    "Registry",
    "default_registry",
    "variants",
    "register_variant",
    "get_variant",
    "describe_variants",
    "own_aliases",
]

ENTRY_POINT_GROUP = "cablelib.variants"
"""The entry-point group third-party packages list their variants in."""

BASE_GRAMMAR = "envelope.lark"
"""The grammar every variant grammar imports from."""


class Variant:
    """A cable format: a grammar, a transformer, and which cables it fits.

    Subclass :class:`~cablelib.variants.generic.Generic` (or another variant)
    and set the class attributes; override :meth:`score`.  Every attribute is
    read by the registry, the contract test (:func:`cablelib.testing.check_variant`)
    or the ``cablelib variants`` listing, so all of them are required except
    ``aliases``.
    """

    name: ClassVar[str] = ""
    """Unique lower-case name (letters, digits, ``-``): ``'state'``."""

    aliases: ClassVar[tuple[str, ...]] = ()
    """Other names :func:`get_variant` and ``parse(variant=...)`` accept.  Not
    inherited: a subclass has only the aliases it declares itself."""

    description: ClassVar[str] = ""
    """One line: which cables, and what is different about them."""

    grammar: ClassVar[str] = BASE_GRAMMAR
    """The grammar: a file name under cablelib's ``grammars/`` directory
    (``'variants/<name>.lark'``), an absolute path, or ``'package:file.lark'``
    for a grammar shipped inside a package.  Its own directory is put on
    the import path too, so it can ``%import envelope (...)`` and its
    neighbours by name."""

    transformer: ClassVar[type[CableTransformer]] = CableTransformer
    """The transformer class; subclass the parent variant's and override only
    the callbacks of the rules the grammar overrides or adds."""

    examples: ClassVar[tuple[str, ...]] = ()
    """Reference ids of real cables this variant is for; the contract test
    parses each of them with this variant and with ``generic``."""

    changes: ClassVar[tuple[str, ...]] = ()
    """The :class:`~cablelib.model.Cable` fields this variant may read
    differently from ``generic`` on its example cables (``'references'``,
    ``'tags'``...).  Every other field must come out the same, which is how
    the contract test proves a variant changes only what it says it does."""

    @classmethod
    def score(cls, text: str) -> float:
        """How well ``text`` fits this variant, from 0 (not at all) to 1.

        Called for every cable and every variant during automatic selection,
        so it must be cheap: use :func:`cablelib.variants.signals.signals`
        (facts from the first few kilobytes, computed once per cable), not a
        search through the whole text.  The highest score wins; ``generic``
        scores 0.01.
        """
        return 0.0

    @classmethod
    def parser(cls) -> lark.Lark:
        """The variant's LALR parser, built once and cached.

        Built once per process even when threads ask for it together: they
        wait for the first one's parser instead of each building their own.
        """
        with _PARSER_LOCK:
            return _parser_for(cls.grammar, cls.transformer)


def _resolve_grammar(grammar: str) -> tuple[str, tuple[str, ...]]:
    """The grammar's text and the extra directories to put on its import path.

    Paths are strings (:mod:`os.path`): the built-in grammars are resolved in
    every fresh process, which then need not import :mod:`pathlib`.
    """
    if ":" in grammar and not os.path.isabs(grammar):
        from importlib import resources  # here: a plugin's grammar only (its import costs ~1 ms)

        package, _, resource = grammar.partition(":")
        path = str(resources.files(package).joinpath(resource))
    else:
        path = grammar
    if os.path.isabs(path):
        try:
            with open(path, encoding="utf-8") as handle:
                return handle.read(), (os.path.dirname(path),)
        except OSError as exc:
            raise GrammarLoadError(f"cannot read grammar {grammar!r}: {exc}") from exc
    text = grammar_text(grammar)
    if grammar == BASE_GRAMMAR:
        return text, ()
    # A built-in variant grammar: its directory is on the path for its neighbours.
    from .grammar import grammar_location

    return text, (os.path.dirname(os.path.join(grammar_location(), grammar)),)


# Reentrant: a grammar's build may ask for another variant's parser.
_PARSER_LOCK = threading.RLock()


@functools.cache
def _parser_for(grammar: str, transformer: type[CableTransformer]) -> lark.Lark:
    text, extra_dirs = _resolve_grammar(grammar)
    if grammar == BASE_GRAMMAR:
        return build_parser(text, transformer)
    # A variant grammar sees the base's rules under namespaced names
    # (envelope__caption); the adapter lets the transformer answer to them.
    return build_parser(text, unprefixed(transformer), extra_dirs)


# name -> "module:Class"; imported only when first needed, in this order.
BUILTIN_VARIANTS: dict[str, str] = {
    "generic": "cablelib.variants.generic:Generic",
    "state": "cablelib.variants.state:State",
    "old-header": "cablelib.variants.old_header:OldHeader",
    "tripoli": "cablelib.variants.tripoli:Tripoli",
    "brazil": "cablelib.variants.brazil:Brazil",
    "hanoi": "cablelib.variants.hanoi:Hanoi",
}


def entry_points(*, group: str) -> list[EntryPoint]:
    """The installed entry points of ``group``, through :mod:`importlib.metadata`.

    That module is imported (~12 ms) and asked (~9 ms) only when
    :func:`~cablelib.entry_point_scan.may_declare` finds a distribution that
    could declare the group: on a machine without plugins a fresh process
    pays neither.
    """
    if not may_declare(group):
        return []
    from importlib.metadata import entry_points as installed

    return list(installed(group=group))


def own_aliases(variant: type[Variant]) -> tuple[str, ...]:
    """The aliases ``variant`` declares itself (a subclass does not inherit its parent's)."""
    return tuple(vars(variant).get("aliases", ()))


def _load(target: str) -> type[Variant]:
    module, _, attr = target.partition(":")
    return getattr(import_module(module), attr)


@attrs.frozen(repr=False)  # repr: cablelib.model.attrs_style_repr
class VariantInfo:
    """One line of ``cablelib variants``: a variant and where it comes from."""

    name: str
    aliases: tuple[str, ...]
    description: str
    source: str
    """``'built-in'``, ``'entry point <name> (<distribution> <version>)'`` or
    ``'registered at run time'``."""
    examples: tuple[str, ...]
    variant: type[Variant] = attrs.field(eq=False, repr=False)
    __repr__ = attrs_style_repr


class Registry:
    """Variants by name and alias.  Tests make their own instead of mutating the default.

    ``builtins`` is the static table (name → ``'module:Class'``);
    ``entry_points`` is ``None`` to read the installed ``cablelib.variants``
    group, or an explicit list of :class:`importlib.metadata.EntryPoint`
    objects (a test's fake plugin), or ``()`` for none.
    """

    def __init__(
        self,
        *,
        builtins: Mapping[str, str] = BUILTIN_VARIANTS,
        use_entry_points: bool = True,
        entry_points: tuple[EntryPoint, ...] | list[EntryPoint] | None = None,
    ) -> None:
        self._builtins = dict(builtins)
        self._entry_points = entry_points if use_entry_points else ()
        self._classes: dict[str, type[Variant]] = {}
        self._aliases: dict[str, str] = {}
        self._sources: dict[str, str] = {}
        self._loaded = False
        self._loading = False
        self._lock = threading.RLock()

    # ---------------------------------------------------------------- loading

    def _load_all(self) -> None:
        """Import the built-in variants and the plugins, once.

        ``_loaded`` is set only when the loading is over, under a lock:
        another thread that asks meanwhile waits, instead of finding a
        half-filled registry (threads parsing from a cold start got
        ``generic`` for cables of other variants).  A plugin whose import registers a
        variant re-enters from the same thread and finds ``_loading`` set.
        """
        if self._loaded:
            return
        with self._lock:
            if self._loaded or self._loading:
                return
            self._loading = True
            try:
                self._load_everything()
            finally:
                # Also after a VariantConflictError from a plugin: as before,
                # the first use raises it and later ones use what was loaded.
                self._loaded = True
                self._loading = False

    def _load_everything(self) -> None:
        for target in self._builtins.values():
            self._add(_load(target), source="built-in", replace=False)
        points = self._entry_points
        if points is None:
            points = sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name)
        for ep in points:
            try:
                variant = ep.load()
            except Exception as exc:  # a broken plugin must not stop every parse
                warnings.warn(f"cablelib: cannot load variant plugin {ep.name!r} ({ep.value}): {exc}",
                              RuntimeWarning, stacklevel=3)
                continue
            dist = getattr(ep, "dist", None)
            where = f" ({dist.name} {dist.version})" if dist is not None else ""
            self._add(variant, source=f"entry point {ep.name}{where}", replace=False)

    def _add(self, variant: Any, *, source: str, replace: bool) -> None:
        if not (isinstance(variant, type) and issubclass(variant, Variant)) or not variant.name:
            raise VariantConflictError(f"{variant!r} is not a named Variant subclass")
        names = (variant.name, *own_aliases(variant))
        for name in names:
            owner = self._aliases.get(name)
            if owner is not None and owner != variant.name and not replace:
                raise VariantConflictError(
                    f"variant {variant.name!r} ({source}) claims the name {name!r}, already taken "
                    f"by {owner!r} ({self._sources[owner]}); rename one of them"
                )
        old = self._classes.get(variant.name)
        if old is not None and old is not variant and not replace:
            raise VariantConflictError(
                f"two variants are called {variant.name!r}: {old.__module__}.{old.__qualname__} "
                f"({self._sources[variant.name]}) and {variant.__module__}.{variant.__qualname__} "
                f"({source})"
            )
        if old is not None:
            for name in (old.name, *own_aliases(old)):
                if self._aliases.get(name) == old.name:
                    del self._aliases[name]
        self._classes[variant.name] = variant
        self._sources[variant.name] = source
        for name in names:
            self._aliases[name] = variant.name

    # ---------------------------------------------------------------- lookup

    def register(self, variant: type[Variant], *, replace: bool = False) -> type[Variant]:
        """Add a variant; a name or alias already taken raises VariantConflictError.

        With ``replace=True`` the new class takes over the names it claims.
        Returns the class, so it also works as a decorator.
        """
        self._load_all()
        self._add(variant, source="registered at run time", replace=replace)
        return variant

    def get(self, name: str) -> type[Variant]:
        """The variant called ``name`` (or an alias); UnknownVariantError with a suggestion."""
        self._load_all()
        key = self._aliases.get(name)
        if key is None:
            key = self._aliases.get(name.lower())
        if key is not None:
            return self._classes[key]
        import difflib  # only for the error message: not on every import

        close = difflib.get_close_matches(name.lower(), list(self._aliases), n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        known = ", ".join(sorted(self._classes))
        raise UnknownVariantError(f"Unknown variant {name!r}.{hint} (registered: {known})")

    def all(self) -> dict[str, type[Variant]]:
        """Every variant by name, built-ins first, in registration order."""
        self._load_all()
        return dict(self._classes)

    def describe(self) -> list[VariantInfo]:
        """Every variant with its aliases, description and where it comes from."""
        self._load_all()
        return [
            VariantInfo(name, own_aliases(cls), cls.description, self._sources[name],
                        tuple(cls.examples), cls)
            for name, cls in self._classes.items()
        ]

    def guess(self, text: str, *, wrapper: Wrapper | None = None) -> type[Variant]:
        """The best-scoring variant for ``text``; ``generic`` when none fits better.

        Ties go to the variant registered first.  A variant whose ``score``
        raises is skipped with a warning, so one broken plugin cannot stop a
        corpus run.  ``wrapper`` (the container's metadata, when the caller
        has it) lets scores use the publisher's origin label through
        :func:`~cablelib.variants.signals.signals`.  An ``api.parse`` call
        does not pass it yet: scores must work from the text alone.
        """
        self._load_all()
        read_signals(text, wrapper.origin if wrapper is not None else None)  # shared by every score
        best = self._classes.get("generic") or _load(BUILTIN_VARIANTS["generic"])
        best_score = -1.0
        for variant in self._classes.values():
            try:
                score = variant.score(text)
            except Exception as exc:
                warnings.warn(f"cablelib: variant {variant.name!r} failed to score a cable: {exc!r}",
                              RuntimeWarning, stacklevel=2)
                continue
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


def describe_variants() -> list[VariantInfo]:
    """Every registered variant with where it comes from (for ``cablelib variants``)."""
    return default_registry.describe()


def __getattr__(name: str) -> Any:
    # ``Generic`` lives in cablelib.variants.generic (it imports this module);
    # the old ``from cablelib.registry import Generic`` keeps working.
    if name == "Generic":
        return _load(BUILTIN_VARIANTS["generic"])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
