"""A ``lark.Lark`` that is loaded on first use, with cablelib's table parser ready before it.

Why: every fresh process — each ``cablelib`` call, each ``--jobs`` worker,
each Dask worker — loaded the analysed parser from the grammar cache
(``Lark.load``: ~8 ms, 12–15 ms on a slow machine) before its first cable,
though the text of almost every cable is parsed by cablelib's own loop
(:mod:`cablelib.table_parser`), which needs only the parse tables and the
transformer's methods.  So the first process that builds or loads a parser
also writes the table parser's tables next to the grammar cache
(``grammar-<key>.tables``, plain data in ``marshal``), and the next ones
read that instead: :func:`build_parser <cablelib.grammar.build_parser>`
then returns a :class:`DeferredLark`, a ``lark.Lark`` whose own contents
are loaded, exactly as before, the first time anything other than the
table parser is asked of it — Lark's error path for a text the loop does
not take, ``parser.parse``, ``parser.terminals``, ...

The tables file is only read when its header names this interpreter, this
table format and the same source of the modules that wrote it (the table
parser, the callbacks and the regex rewriting), so an upgrade or an edit
writes a new one; a file that cannot be read or does not fit the
transformer only costs the full load.  Only parsers whose callbacks are all
cablelib's shortened ones (the built-in ``generic`` grammar; see
:meth:`TableParser.snapshot <cablelib.table_parser.TableParser.snapshot>`)
get one.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import sys
import threading
from collections.abc import Callable
from typing import Any

import lark

from .cache_files import write_atomically

__all__ = ["DeferredLark", "read_tables", "tables_path", "write_tables"]

_FORMAT = "cablelib-tables-1"


class DeferredLark(lark.Lark):
    """A ``lark.Lark`` whose contents come from ``load()`` on first use.

    The table parser (``_cablelib_table_parser``, which
    :func:`cablelib.table_parser.for_parser` reads) is there from the start;
    any other attribute loads the real parser, under a lock, and takes its
    attributes over, so that every method of ``lark.Lark`` then works on
    this object as on the loaded one.
    """

    def __init__(self, load: Callable[[], lark.Lark], table_parser: Any) -> None:  # noqa: D107
        # Not Lark's __init__: nothing is built until it is needed.
        state = self.__dict__
        state["_cablelib_table_parser"] = table_parser
        state["_cablelib_load"] = load
        state["_cablelib_lock"] = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        state = self.__dict__
        if name.startswith("__") and name.endswith("__"):  # pickle, copy, ...: not a reason to load
            raise AttributeError(name)
        with state["_cablelib_lock"]:
            load = state.pop("_cablelib_load", None)
            if load is not None:
                try:
                    loaded = load()
                except BaseException:
                    state["_cablelib_load"] = load  # the next access tries again
                    raise
                for key, value in loaded.__dict__.items():
                    state.setdefault(key, value)  # the table parser already here stays
        try:
            return state[name]
        except KeyError:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}") from None

    @property
    def loaded(self) -> bool:
        """Whether Lark's own parser has been loaded into this object."""
        return "_cablelib_load" not in self.__dict__


@functools.cache  # the sources do not change under a running process
def _source_digest() -> str:
    """The modules whose code decides what the tables mean, hashed."""
    digest = hashlib.sha256(f"{_FORMAT}|{sys.version}|{lark.__version__}".encode())
    for module in ("cablelib.table_parser", "cablelib.callbacks", "cablelib.trailing_marks", "cablelib.body_lexer"):
        source = getattr(sys.modules.get(module), "__file__", None)
        if not source:
            return ""
        with open(source, "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()[:32]


def tables_path(cache_file: str) -> str:
    """Where the tables of the parser cached in ``cache_file`` are kept."""
    base, _ = os.path.splitext(cache_file)
    return base + ".tables"


def read_tables(path: str) -> dict[str, Any] | None:
    """The tables written at ``path`` by this code, or ``None``."""
    try:
        with open(path, "rb") as handle:
            header, data = marshal.loads(handle.read())
    except Exception:  # noqa: BLE001 - missing, damaged or foreign: load Lark instead
        return None
    if header != _source_digest() or not header or not isinstance(data, dict):
        return None
    return data


def write_tables(path: str, data: dict[str, Any]) -> bool:
    """Write ``data`` (a table parser's snapshot) at ``path`` for later processes."""
    header = _source_digest()
    if not header:
        return False
    try:
        blob = marshal.dumps((header, data))
    except ValueError:  # something marshal cannot write: no file, no harm
        return False
    return write_atomically(path, lambda handle: handle.write(blob))
