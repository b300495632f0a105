"""The on-disk caches: where they live, and writing a file so that no reader sees half of it.

:func:`cache_dir` is here rather than in :mod:`cablelib.grammar` because
the module-pattern cache (:mod:`cablelib.module_patterns`) needs it while
``import cablelib`` runs, before anything imports Lark.

Why one writing helper: the grammar cache (:mod:`cablelib.grammar`) and the regex
cache (:mod:`cablelib.regex_cache`) are written by any number of processes
at once (``iter_corpus(jobs=N)``, Dask workers).  Each writer writes a
temporary file in the same directory and renames it into place, which is
atomic; concurrent writers rename complete files of the same content.  A
cache that cannot be written (read-only directory, full disk) only costs
the next process a rebuild, so failure is reported, never raised.

Why strings and :mod:`os.path`: this module runs in every fresh process,
and :mod:`pathlib` (with the ``urllib.parse`` and ``ipaddress`` it
imports) costs ~4 ms to import there.  :func:`cache_location` is the
string form; :func:`cache_dir` gives the same directory as a ``Path`` to
callers that want one, importing :mod:`pathlib` only then.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["CACHE_ENV", "cache_dir", "cache_location", "write_atomically"]

CACHE_ENV = "CABLELIB_CACHE_DIR"
"""Environment variable naming the cache directory (overrides the default)."""


def write_atomically(path: str | os.PathLike[str], write: Callable[[BinaryIO], object]) -> bool:
    """Create ``path`` with what ``write(handle)`` writes; ``False`` if it could not."""
    path = os.fspath(path)
    directory, name = os.path.split(path)
    try:
        os.makedirs(directory or ".", exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=name + ".", suffix=".tmp", dir=directory or ".")
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.replace(tmp, path)
    except Exception:  # noqa: BLE001 - a cache write never fails the caller
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False
    return True


def _home() -> str:
    """The user's home directory; ``RuntimeError`` when there is none (as ``Path.home()``)."""
    home = os.path.expanduser("~")
    if home == "~" or not os.path.isabs(home):
        raise RuntimeError("no home directory")
    return home


def _default_cache_root() -> str:
    """The per-user cache directory of the platform, without platformdirs."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return base if base else os.path.join(_home(), "AppData", "Local")
    if sys.platform == "darwin":
        return os.path.join(_home(), "Library", "Caches")
    base = os.environ.get("XDG_CACHE_HOME")
    return base if base and os.path.isabs(base) else os.path.join(_home(), ".cache")


def cache_location() -> str | None:
    """The directory for cablelib's caches, as a string, or ``None`` when caching is off.

    ``$CABLELIB_CACHE_DIR`` if set (an empty value disables the cache), else
    ``cablelib`` under the platform's user cache directory
    (``$XDG_CACHE_HOME`` or ``~/.cache`` on Linux).  When that cannot be
    created (a read-only home in a container), or there is no home
    directory at all, a directory under the system temporary directory is
    used instead.  It never raises: ``import cablelib`` asks for it.
    """
    override = os.environ.get(CACHE_ENV)
    if override is not None:
        if not override.strip():
            return None
        candidates = [override]
    else:
        try:
            candidates = [os.path.join(_default_cache_root(), "cablelib")]
        except (RuntimeError, KeyError, OSError):  # no home directory (a bare container user)
            candidates = []
    try:
        candidates.append(os.path.join(tempfile.gettempdir(), f"cablelib-cache-{_user_tag()}"))
    except OSError:  # no usable temporary directory either: no cache
        pass
    for path in candidates:
        try:
            os.makedirs(path, exist_ok=True)
        except OSError:
            continue
        if os.access(path, os.W_OK):
            return path
    return None


def cache_dir() -> Path | None:
    """:func:`cache_location` as a ``Path`` (the directory for the grammar and regex caches)."""
    location = cache_location()
    if location is None:
        return None
    from pathlib import Path  # here: see the module's docstring

    return Path(location)


def _user_tag() -> str:
    getuid = getattr(os, "getuid", None)
    return str(getuid()) if getuid is not None else "user"
