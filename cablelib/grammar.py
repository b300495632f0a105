"""Locating, compiling and caching the Lark grammars.

Grammars live in the repository's top-level ``grammars/`` and are shipped in
the wheel as ``cablelib/grammars/``.  :func:`grammar_dir` finds whichever is
there (the installed copy first, then the source checkout), and every parser
gets that directory on its import path, so grammars — cablelib's and third
parties' — import each other by name: ``%import envelope (start, ...)``.

Parsers are LALR(1) with the contextual lexer and an inline transformer, built
once per (grammar, transformer) and kept in memory.

Why a file cache: analysing the grammar (LALR tables, terminal checks) costs
tens of milliseconds, and every process pays it — each CLI call, each
``--jobs`` worker, each Dask worker.  Lark can save the analysed parser; we
keep that file in the user's cache directory (:func:`cache_dir`) under a name
that is a hash of everything the tables depend on (:func:`cache_key`), so an
upgrade of lark or cablelib, or an edit of any grammar file or of the
transformer's module, simply gives a new file name and the old file is never
read again.  The file is written with Lark's own ``Lark.save`` and read with
``Lark.load``; a file that cannot be read is rebuilt and replaced, never
trusted.  Several processes may build the same grammar at once (a process
pool starting up): each writes its own temporary file in the cache directory
and renames it into place, which is atomic on POSIX and Windows, so a reader
sees either no file or a complete one.

Why a second cache, of compiled regexes: Lark compiles the lexer's big
per-state patterns lazily, and that, not the grammar, dominates the first
parse of a fresh process; :mod:`cablelib.regex_cache` keeps the compiled
opcodes next to the grammar cache.  Those patterns are also rewritten so
that each terminal's group mark comes at the end of its alternative
(:mod:`cablelib.trailing_marks`): the same matches, with less copying inside
the regex engine.

Why an optional accelerator: ``lark-cython`` (``pip install 'cablelib[fast]'``)
runs Lark's LALR loop and lexer loop in C.  Its tokens are not ``str``
subclasses and its exceptions cannot be formatted with ``str()``; the
transformer expects ``lark.Token`` (a ``str``), so :func:`build_parser`
converts the tokens handed to each rule callback.  Set
``CABLELIB_ACCELERATOR=none`` to force pure Lark, ``lark-cython`` to require it.
A lark-cython parser's rules are also given identity equality and hashing
(:class:`_IdentityRule`), which its reduction loop would otherwise run in
Python.  ``tests/test_engines.py`` holds both engines to the same output.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import lark
import lark.grammar

from . import body_lexer, callbacks, lazy_parser, table_parser
from .cache_files import CACHE_ENV, cache_dir, cache_location, write_atomically
from .errors import CableError
from .package_files import PACKAGE_PATH
from .regex_cache import CompiledRegexCache
from .trailing_marks import TrailingMarks

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "grammar_dir",
    "grammar_location",
    "grammar_text",
    "build_parser",
    "cache_dir",
    "cache_key",
    "cache_path",
    "accelerator",
    "GrammarLoadError",
]

ACCELERATOR_ENV = "CABLELIB_ACCELERATOR"
"""``auto`` (default), ``none`` or ``lark-cython``."""


class GrammarLoadError(CableError):
    """A grammar file is missing or does not compile."""


@functools.cache
def grammar_location() -> str:
    """The directory holding ``envelope.lark`` (installed copy first), as a string.

    Strings, not ``Path``: this runs in every fresh process, which then need
    not import :mod:`pathlib` (see :mod:`cablelib.cache_files`).
    """
    installed = os.path.join(PACKAGE_PATH, "grammars")
    if os.path.isfile(os.path.join(installed, "envelope.lark")):
        return installed
    checkout = os.path.join(os.path.dirname(PACKAGE_PATH), "grammars")
    if os.path.isfile(os.path.join(checkout, "envelope.lark")):
        return checkout
    raise GrammarLoadError(f"cannot find envelope.lark in {installed} or {checkout}")


def grammar_dir() -> Path:
    """:func:`grammar_location` as a ``Path``."""
    from pathlib import Path

    return Path(grammar_location())


def grammar_text(name: str) -> str:
    """The text of a grammar by resource name (``'envelope.lark'``, ``'variants/state.lark'``)."""
    try:
        with open(os.path.join(grammar_location(), name), encoding="utf-8") as handle:
            return handle.read()
    except OSError as exc:
        raise GrammarLoadError(f"cannot read grammar {name!r}: {exc}") from exc


def _lark_files(directory: str) -> list[tuple[str, str]]:
    """Every ``.lark`` file under ``directory``: (path relative to it, with ``/``; full path), sorted."""
    found = []
    for root, _dirs, files in os.walk(directory):
        for name in files:
            if name.endswith(".lark"):
                full = os.path.join(root, name)
                found.append((os.path.relpath(full, directory).replace(os.sep, "/"), full))
    return sorted(found)


# ------------------------------------------------------------------ cache


def cache_key(grammar: str, transformer_cls: type, import_dirs: tuple[str, ...], *, engine: str = "lark") -> str:
    """A hash of everything a cached parser depends on.

    The lark and cablelib versions, the Python version, the grammar text,
    every ``.lark`` file on the import path, and the transformer (its
    qualified name and the source of its module), and the LALR engine
    (``lark`` or ``lark-cython``).  Any change gives a new key, so a stale
    cache file is never read.
    """
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}:{len(data)}:".encode())
        digest.update(data)

    add("lark", lark.__version__.encode())
    add("engine", engine.encode())
    add("cablelib", str(getattr(sys.modules.get("cablelib"), "__version__", "?")).encode())
    add("python", ".".join(map(str, sys.version_info[:2])).encode())
    add("grammar", grammar.encode("utf-8"))
    for directory in import_dirs:
        for relative, path in _lark_files(directory):
            with open(path, "rb") as handle:
                add(relative, handle.read())
    add("transformer", f"{transformer_cls.__module__}.{transformer_cls.__qualname__}".encode())
    module = sys.modules.get(transformer_cls.__module__)
    source = getattr(module, "__file__", None)
    if source and os.path.isfile(source):
        with open(source, "rb") as handle:
            add("transformer-source", handle.read())
    return digest.hexdigest()[:32]


def cache_path(grammar: str, transformer_cls: type, extra_import_dirs: tuple[str, ...] = (),
               *, engine: str | None = None) -> Path | None:
    """The cache file :func:`build_parser` uses for this grammar, or ``None``.

    ``engine`` defaults to :func:`accelerator`; the pure-Lark and lark-cython
    parsers are saved separately (the saved options name the engine).
    """
    found = _cache_file(grammar, transformer_cls, extra_import_dirs, engine or accelerator())
    if found is None:
        return None
    from pathlib import Path

    return Path(found)


def _cache_file(grammar: str, transformer_cls: type, extra_import_dirs: tuple[str, ...], engine: str) -> str | None:
    """:func:`cache_path` as a string."""
    directory = cache_location()
    if directory is None:
        return None
    key = cache_key(grammar, transformer_cls, (grammar_location(), *extra_import_dirs), engine=engine)
    return os.path.join(directory, f"grammar-{key}.lark-cache")


# ------------------------------------------------------------------ accelerator


@functools.cache
def _lark_cython() -> Any | None:
    try:
        import lark_cython
    except ImportError:
        return None
    return lark_cython


def accelerator() -> str:
    """The LALR engine :func:`build_parser` uses: ``'lark-cython'`` or ``'lark'``."""
    wanted = os.environ.get(ACCELERATOR_ENV, "auto").strip().lower() or "auto"
    if wanted in ("none", "lark", "pure", "off", "0"):
        return "lark"
    if wanted not in ("auto", "lark-cython", "lark_cython", "cython"):
        raise GrammarLoadError(f"{ACCELERATOR_ENV}={wanted!r}: use auto, none or lark-cython")
    if _lark_cython() is not None:
        return "lark-cython"
    if wanted != "auto":
        raise GrammarLoadError(f"{ACCELERATOR_ENV}={wanted!r} but lark-cython is not installed "
                               "(pip install 'cablelib[fast]')")
    return "lark"


def _plain_tokens(callback: Callable[[list[Any]], Any], token_type: type) -> Callable[[list[Any]], Any]:
    """Wrap a rule callback so that lark-cython tokens reach it as ``lark.Token``."""
    Token = lark.Token

    def call(children: list[Any]) -> Any:
        return callback([
            Token(c.type, c.value, c.start_pos, c.line, c.column, c.end_line, c.end_column, c.end_pos)
            if type(c) is token_type else c
            for c in children
        ])

    return call


def _takes_engine_tokens(transformer: Any) -> bool:
    """Whether every callback of ``transformer`` is cablelib's own code.

    cablelib's transformers read tokens through ``.type``, ``.value`` and the
    position attributes only, which lark-cython's tokens have too, so they
    get them as they are.  A transformer with any class from elsewhere (a
    third-party variant) may treat tokens as ``str``: its callbacks get
    ``lark.Token`` copies, which costs ~10 % of a parse.
    """
    from .transform import CableTransformer

    if not isinstance(transformer, CableTransformer):
        return False
    for cls in type(transformer).__mro__:
        if cls is CableTransformer:
            return True
        if not cls.__module__.startswith("cablelib."):
            return False
    return False


def _adapt_to_lark_cython(parser: lark.Lark) -> None:
    """Make every rule callback of a lark-cython parser receive ``lark.Token``,
    unless the transformer is cablelib's own (see :func:`_takes_engine_tokens`)."""
    module = _lark_cython()
    assert module is not None
    if _takes_engine_tokens(parser.options.transformer):
        return
    token_type = module.lark_cython.Token
    callbacks = parser._callbacks  # the dict the parser calls (built, or loaded from the cache)
    for rule, callback in list(callbacks.items()):
        callbacks[rule] = _plain_tokens(callback, token_type)


class _IdentityRule(lark.grammar.Rule):
    """A parse-table rule that is equal only to itself, hashed by identity.

    lark-cython looks up ``callbacks[rule]`` and checks ``rule != end_state``
    at every reduction, about 90 times a cable; with ``Rule``'s own methods
    that is two calls into Python each time (``__hash__``, and ``__eq__``
    against an int).  One parser's table holds each rule once, and the
    callbacks table is keyed by those very objects (checked before the swap),
    so identity gives the same answers, from C.
    """

    __slots__ = ()
    __eq__ = object.__eq__
    __hash__ = object.__hash__


def _rules_by_identity(parser: lark.Lark) -> bool:
    """Give a lark-cython parser's rules :class:`_IdentityRule`; whether it was done.

    Left alone (``False``) unless every rule in the parse table is a key of
    the callbacks table by identity, so lookups cannot start missing.  Run
    after the parser is saved: the cache file holds plain ``Rule`` objects.
    """
    callbacks = parser._callbacks
    table = getattr(getattr(parser.parser, "parser", None), "_parse_table", None)
    if table is None:
        return False
    keys = {id(rule) for rule in callbacks}
    for actions in table.states.values():
        for _action, arg in actions.values():
            if isinstance(arg, lark.grammar.Rule) and id(arg) not in keys:
                return False
    items = list(callbacks.items())
    callbacks.clear()  # the parser holds this dict: rebuild it in place with the new hashes
    for rule, _callback in items:
        if type(rule) is lark.grammar.Rule:
            rule.__class__ = _IdentityRule
    callbacks.update(items)
    return True


# ------------------------------------------------------------------ building


def _load_cached(path: str) -> lark.Lark | None:
    """The parser saved at ``path``, or ``None`` if there is none or it is unreadable."""
    try:
        with open(path, "rb") as handle:
            return lark.Lark.load(handle)
    except FileNotFoundError:
        return None
    except Exception:  # a truncated or foreign file: rebuild it, never trust it
        return None


def _save_atomically(parser: lark.Lark, path: str) -> None:
    """Write ``parser`` to ``path`` (see :func:`cablelib.cache_files.write_atomically`)."""
    write_atomically(path, parser.save)


_RE_PATCH_LOCK = threading.Lock()


@contextlib.contextmanager
def _lexer_regexes_from(module: Any) -> Any:
    """Make the Lark objects built or loaded inside this block compile their lexer
    regexes with ``module.compile`` (see :mod:`cablelib.regex_cache`).

    Lark hands its lexers the ``re`` module it imported (``lark.lark.re``) when
    it creates or loads a parser; there is no option for it, so the name is
    swapped for the duration of the call.  Both the pure-Lark and the
    lark-cython lexers take it from there.
    """
    lark_module = sys.modules["lark.lark"]
    with _RE_PATCH_LOCK:
        saved = lark_module.re
        lark_module.re = module
        try:
            yield
        finally:
            lark_module.re = saved


@functools.cache
def build_parser(grammar: str, transformer_cls: type, extra_import_dirs: tuple[str, ...] = ()) -> lark.Lark:
    """A cached LALR parser for ``grammar`` (text) with an inline transformer.

    Kept in memory per arguments, and on disk in :func:`cache_dir`: read if
    present and readable, otherwise built and saved (temporary file, then an
    atomic rename).  The lexers' compiled regexes are cached there too
    (:mod:`cablelib.regex_cache`).  Uses lark-cython when :func:`accelerator`
    says so.
    """
    import_dirs = (grammar_location(), *extra_import_dirs)
    engine = accelerator()
    path = _cache_file(grammar, transformer_cls, extra_import_dirs, engine)
    regexes = TrailingMarks(CompiledRegexCache(os.path.dirname(path) if path is not None else None))

    def load() -> lark.Lark:
        with _lexer_regexes_from(regexes):
            parser = _build_or_load(grammar, transformer_cls, import_dirs, engine, path)
        regexes.learn(parser.terminals)  # before the first parse compiles the lexers' alternations
        if engine == "lark-cython":
            _adapt_to_lark_cython(parser)
        if _takes_engine_tokens(parser.options.transformer):
            callbacks.shorten(parser)
        if engine == "lark-cython":
            _rules_by_identity(parser)
        return parser

    # The table parser's own tables, when an earlier process wrote them: Lark
    # itself is then loaded only if something needs it (cablelib.lazy_parser).
    tables_file = lazy_parser.tables_path(path) if path is not None else None
    if tables_file is not None:
        deferred = _deferred(lazy_parser.read_tables(tables_file), load, transformer_cls, regexes, engine)
        if deferred is not None:
            return deferred
    parser = load()
    if tables_file is not None:
        found = table_parser.for_parser(parser)
        snapshot = found.snapshot() if found is not None else None
        if snapshot is not None:
            lazy_parser.write_tables(tables_file, snapshot)
    return parser


def _deferred(tables: dict[str, Any] | None, load: Callable[[], lark.Lark], transformer_cls: type,
              regexes: TrailingMarks, engine: str) -> lazy_parser.DeferredLark | None:
    """A :class:`~cablelib.lazy_parser.DeferredLark` running ``tables``, or ``None`` to load Lark now."""
    if tables is None:
        return None
    try:
        transformer = transformer_cls()
        if not _takes_engine_tokens(transformer):
            return None
        token_type = _lark_cython().lark_cython.Token if engine == "lark-cython" else lark.Token  # type: ignore[union-attr]
        runner = table_parser.TableParser.from_snapshot(tables, transformer, regexes, token_type)
        if runner.own_terminals and not body_lexer.give_lexer(runner, transformer):
            return None  # tables that make BODY_REST need the lexer of its text
    except Exception:  # noqa: BLE001 - tables that do not fit: the full load, as without them
        return None
    return lazy_parser.DeferredLark(load, runner)


def _build_or_load(grammar: str, transformer_cls: type, import_dirs: tuple[str, ...], engine: str,
                   path: str | None) -> lark.Lark:
    parser = _load_cached(path) if path is not None else None
    if parser is None:
        options: dict[str, Any] = dict(
            parser="lalr",
            lexer="contextual",
            transformer=transformer_cls(),
            import_paths=list(import_dirs),
            maybe_placeholders=False,
        )
        if engine == "lark-cython":
            options["_plugins"] = _lark_cython().plugins  # type: ignore[union-attr]
        try:
            parser = lark.Lark(grammar, **options)
        except lark.exceptions.GrammarError as exc:
            raise GrammarLoadError(f"grammar does not compile: {exc}") from exc
        if path is not None:
            _save_atomically(parser, path)
    return parser
