"""The regular expressions of cablelib's modules, compiled once per interpreter and kept on disk.

Why: cablelib's modules compile about 110 patterns when they are imported,
and Python's ``re`` compiler (pure Python) spent ~11 ms of every fresh
process on them — a tenth of the time from a new interpreter to the first
parsed cable (``benchmarks/bench_startup.py``).  Each ``--jobs`` worker,
Dask worker and CLI call pays it.  The compiler's output for all of them
fits in one small file, which ``_sre.compile`` turns back into pattern
objects in microseconds.

How: a module writes ``PATTERN = module_patterns.compile(r"...", re.X)``
instead of ``re.compile``.  The first call reads ``module-patterns.bundle``
from the interpreter-specific regex directory of the cache
(:func:`cablelib.cache_files.cache_location`, the same directory and key as
:mod:`cablelib.regex_cache`); a pattern found there is rebuilt from its
opcodes, any other is compiled by ``re`` and checked to rebuild equal
before it is kept.  :func:`save` writes the bundle when something was
added: ``cablelib/__init__.py`` calls it once its imports are done, and an
``atexit`` hook catches modules imported later.  Writers go through
:func:`cablelib.cache_files.write_atomically`, so concurrent processes
never see half a file; the last complete one wins, and each holds correct
entries.  A missing, foreign or damaged bundle only means compiling again;
with the cache disabled (``CABLELIB_CACHE_DIR=``) or on an interpreter
whose compiler cannot be cached this is plain ``re.compile``.

The bundle is keyed by pattern text and flags, so an edited pattern is a
new entry; entries no module asked for are dropped when the bundle grows
past :data:`_KEEP_AT_MOST`, which keeps it from growing over upgrades.
"""

from __future__ import annotations

import atexit
import marshal
import os
import re
import threading
from typing import Any

from . import regex_cache
from .cache_files import cache_location, write_atomically

__all__ = ["compile", "save", "stats"]

_BUNDLE_NAME = "module-patterns.bundle"
_KEEP_AT_MOST = 1000
"""Entries kept from an earlier bundle when no module of this process asked for them."""

_lock = threading.Lock()
_loaded: dict[tuple[int, str], Any] | None = None
"""The bundle as read (``(flags, pattern)`` → compiler output); ``None`` before the first call."""
_added: dict[tuple[int, str], Any] = {}
_asked: set[tuple[int, str]] = set()
_path: str | None = None
_counts = {"hits": 0, "misses": 0}


def _bundle_path() -> str | None:
    if not regex_cache.supported():
        return None
    directory = cache_location()  # never raises: no cache is slower, not an import error
    return None if directory is None else os.path.join(directory, f"re-{regex_cache.interpreter_key()}", _BUNDLE_NAME)


def _load() -> dict[tuple[int, str], Any]:
    global _loaded, _path
    _path = _bundle_path()
    _loaded = {}
    if _path is not None:
        try:
            with open(_path, "rb") as handle:
                data = marshal.loads(handle.read())
            if isinstance(data, dict):
                _loaded = data
        except Exception:  # noqa: BLE001 - missing or damaged: compile again
            pass
    return _loaded


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:  # noqa: A001 - stands in for re.compile
    """``re.compile(pattern, flags)``, from the bundle when it holds the pattern."""
    flags = int(flags)
    key = (flags, pattern)
    with _lock:
        bundle = _loaded if _loaded is not None else _load()
        _asked.add(key)
        args = bundle.get(key)
        if args is not None:
            try:
                compiled = regex_cache.from_code(pattern, args)
                _counts["hits"] += 1
                return compiled
            except Exception:  # noqa: BLE001 - a foreign entry: compile it again
                del bundle[key]
        _counts["misses"] += 1
        if _path is None:
            return re.compile(pattern, flags)
        built = regex_cache.compile_with_code(pattern, flags)
        if built is None:
            return re.compile(pattern, flags)
        compiled, args = built
        _added[key] = args
        return compiled  # type: ignore[return-value]


def save() -> bool:
    """Write the bundle if patterns were added since it was read; whether a file was written."""
    with _lock:
        if not _added or _path is None or _loaded is None:
            return False
        bundle = dict(_loaded)
        if len(bundle) + len(_added) > _KEEP_AT_MOST:
            bundle = {key: args for key, args in bundle.items() if key in _asked}
        bundle.update(_added)
        data = marshal.dumps(bundle)
        if not write_atomically(_path, lambda handle: handle.write(data)):
            return False
        _loaded.update(_added)
        _added.clear()
        return True


def stats() -> dict[str, int]:
    """How many patterns came from the bundle (``hits``) and how many were compiled (``misses``)."""
    return dict(_counts)


atexit.register(save)
