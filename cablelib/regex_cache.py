"""A disk cache of compiled regular expressions for Lark's lexers.

Why: the contextual lexer compiles one big alternation of terminal regexes
per parser state, lazily, the first time that state is met.  For cablelib's
grammar that is a dozen patterns of 3,000-11,000 characters for a typical
cable, and Python's ``re`` compiler (pure Python) spends ~25 ms on each: the
first cable of every process — each CLI call, each ``--jobs`` worker, each
Dask worker — pays ~300 ms before it is parsed.  ``re`` cannot pickle a
compiled pattern (pickling recompiles it), so this module keeps what the
compiler *produces*: the list of opcodes that CPython's ``_sre.compile``
turns into a pattern object in microseconds.

Safety: the cache directory is specific to the exact interpreter (its
version, build and ``_sre.MAGIC``), each file is named by a hash of the
pattern and flags, and a new entry is written only after checking that the
pattern rebuilt from it compares equal to ``re.compile``'s (CPython's
pattern equality compares the opcodes).  Anything unexpected — another
Python implementation, a future ``re`` internals change, an unreadable
file — falls back to plain ``re.compile``.  Files are written through a
temporary file and an atomic rename, like the grammar cache.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import sys
import threading
from array import array
from typing import Any

from .cache_files import write_atomically

__all__ = ["CompiledRegexCache", "compile_with_code", "from_code", "supported"]

try:  # CPython 3.11+: the regex compiler is re._parser / re._compiler
    import _sre
    from re import _compiler as _re_compiler
    from re import _parser as _re_parser
except ImportError:  # pragma: no cover - other interpreters, Python 3.10
    _sre = None  # type: ignore[assignment]
    _re_compiler = _re_parser = None  # type: ignore[assignment]


def supported() -> bool:
    """Whether this interpreter's regex compiler can be cached (CPython 3.11+)."""
    return (sys.implementation.name == "cpython" and _sre is not None
            and hasattr(_re_compiler, "_code") and hasattr(_re_parser, "parse")
            and _sre.CODESIZE == array("I").itemsize == 4)


CompiledCode = tuple[int, bytes, int, dict[str, int], tuple[Any, ...]]
"""What ``_sre.compile`` takes after the pattern — flags, opcodes, groups, groupindex,
indexgroup — with the opcodes as the bytes of an ``array('I')``.

Why bytes: a state alternation of the lexer runs to ~36,000 opcodes, and
``marshal`` reads a list of ints one object at a time; reading bytes and
``array.tolist()`` rebuilds the list in half the time (11 alternations meet
the first cable of every process: 3.9 ms → 2.3 ms).  The format is part of
:func:`interpreter_key`, so files of the earlier format are never read.
"""

_FORMAT = "opcodes-array-I"


def compile_with_code(pattern: str, flags: int) -> tuple[re.Pattern[Any], CompiledCode] | None:
    """``re.compile(pattern, flags)`` and the compiler's output that rebuilds it; ``None`` if
    that output does not rebuild an equal pattern (then nothing may be cached)."""
    if not supported():
        return None
    try:
        parsed = _re_parser.parse(pattern, flags)
        code = _re_compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        args: CompiledCode = (int(flags | parsed.state.flags), array("I", code).tobytes(),
                              int(parsed.state.groups - 1),
                              {str(k): int(v) for k, v in groupindex.items()}, tuple(indexgroup))
        compiled = from_code(pattern, args)
    except Exception:  # noqa: BLE001 - anything unexpected: not cached
        return None
    if compiled != re.compile(pattern, flags):  # same opcodes, or we do not keep it
        return None
    return compiled, args


def from_code(pattern: str, args: Any) -> re.Pattern[Any]:
    """The pattern :func:`compile_with_code` gave ``args`` for (raises on foreign data)."""
    final_flags, code, groups, groupindex, indexgroup = args
    opcodes = array("I")
    opcodes.frombytes(code)
    compiled = _sre.compile(pattern, final_flags, opcodes.tolist(), groups, groupindex, indexgroup)
    return compiled  # type: ignore[no-any-return]


def interpreter_key() -> str:
    """Names the cache files this interpreter (and this file format) may read."""
    digest = hashlib.sha256(
        f"{sys.version}|{getattr(_sre, 'MAGIC', '')}|{sys.implementation.cache_tag}|{_FORMAT}".encode())
    return digest.hexdigest()[:16]


class CompiledRegexCache:
    """Stands in for the ``re`` module in Lark's lexers; only ``compile`` differs.

    ``directory`` ``None`` (or an interpreter that is not supported) makes it
    a plain pass-through to :mod:`re`.
    """

    def __init__(self, directory: str | os.PathLike[str] | None) -> None:
        self.directory = (os.path.join(os.fspath(directory), f"re-{interpreter_key()}")
                          if directory is not None and supported() else None)
        self.hits = 0
        self.misses = 0
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:  # error, match, ... as in re
        return getattr(re, name)

    def _path(self, pattern: str, flags: int) -> str:
        assert self.directory is not None
        key = hashlib.sha256(f"{flags}\0{pattern}".encode("utf-8", "surrogatepass")).hexdigest()[:32]
        return os.path.join(self.directory, f"{key}.re")

    def compile(self, pattern: Any, flags: int = 0) -> re.Pattern[Any]:
        """``re.compile(pattern, flags)``, from the disk cache when possible."""
        if self.directory is None or not isinstance(pattern, str) or not isinstance(flags, int):
            return re.compile(pattern, flags)
        path = self._path(pattern, flags)
        try:
            with open(path, "rb") as handle:
                data = handle.read()  # one read: marshal.load(file) reads piecemeal
            compiled = from_code(pattern, marshal.loads(data))
            self.hits += 1
            return compiled
        except FileNotFoundError:
            pass
        except Exception:  # unreadable or foreign: rebuild it below
            pass
        self.misses += 1
        return self._compile_and_store(pattern, flags, path)

    def _compile_and_store(self, pattern: str, flags: int, path: str) -> re.Pattern[Any]:
        built = compile_with_code(pattern, flags)
        if built is None:
            return re.compile(pattern, flags)
        compiled, args = built
        self._store(path, marshal.dumps(args))
        return compiled

    def _store(self, path: str, data: bytes) -> None:
        with self._lock:
            write_atomically(path, lambda handle: handle.write(data))
