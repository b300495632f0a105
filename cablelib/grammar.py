"""Locating, compiling and caching the Lark grammars.

Grammars live in the repository's top-level ``grammars/`` and are shipped in
the wheel as ``cablelib/grammars/``.  :func:`grammar_dir` finds whichever is
there (the installed copy first, then the source checkout), and every parser
gets that directory on its import path, so grammars — cablelib's and third
parties' — import each other by name: ``%import envelope (start, ...)``.

Parsers are LALR(1) with the contextual lexer and an inline transformer
(measured ×2 faster than Earley-free alternatives, see
docs/architecture.md), built once per (grammar, transformer) and cached in
memory; Lark's grammar cache (a file in the user's cache directory, keyed by
the grammar text and the lark version) makes the first build in a fresh
process cheap.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from importlib import resources
from pathlib import Path

import lark

from .errors import CableError

__all__ = ["grammar_dir", "grammar_text", "build_parser", "GrammarLoadError"]


class GrammarLoadError(CableError):
    """A grammar file is missing or does not compile."""


@functools.cache
def grammar_dir() -> Path:
    """The directory holding ``envelope.lark`` (installed copy first)."""
    installed = Path(str(resources.files("cablelib"))) / "grammars"
    if (installed / "envelope.lark").is_file():
        return installed
    checkout = Path(__file__).resolve().parent.parent / "grammars"
    if (checkout / "envelope.lark").is_file():
        return checkout
    raise GrammarLoadError(f"cannot find envelope.lark in {installed} or {checkout}")


def grammar_text(name: str) -> str:
    """The text of a grammar by resource name (``'envelope.lark'``, ``'variants/state.lark'``)."""
    path = grammar_dir() / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise GrammarLoadError(f"cannot read grammar {name!r}: {exc}") from exc


def _cache_dir() -> Path | None:
    base = os.environ.get("CABLELIB_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    root = Path(base) if base else Path.home() / ".cache"
    path = root / "cablelib" if not os.environ.get("CABLELIB_CACHE_DIR") else root
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        try:
            path = Path(tempfile.gettempdir()) / "cablelib-cache"
            path.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
    return path


def _grammar_fingerprint(text: str, import_dirs: tuple[str, ...]) -> str:
    digest = hashlib.sha256(text.encode())
    digest.update(lark.__version__.encode())
    for directory in import_dirs:
        for path in sorted(Path(directory).rglob("*.lark")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


@functools.cache
def build_parser(grammar: str, transformer_cls: type, extra_import_dirs: tuple[str, ...] = ()) -> lark.Lark:
    """A cached LALR parser for ``grammar`` (text) with an inline transformer."""
    import_dirs = (str(grammar_dir()), *extra_import_dirs)
    cache: str | bool = False
    cache_dir = _cache_dir()
    if cache_dir is not None:
        name = f"{transformer_cls.__module__}.{transformer_cls.__qualname__}"
        key = _grammar_fingerprint(grammar + name, import_dirs)
        cache = str(cache_dir / f"grammar-{key}.lark-cache")
    try:
        return lark.Lark(
            grammar,
            parser="lalr",
            lexer="contextual",
            transformer=transformer_cls(),
            import_paths=list(import_dirs),
            maybe_placeholders=False,
            cache=cache,
        )
    except lark.exceptions.GrammarError as exc:
        raise GrammarLoadError(f"grammar does not compile: {exc}") from exc
