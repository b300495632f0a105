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
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

__all__ = ["CACHE_ENV", "cache_dir", "write_atomically"]

CACHE_ENV = "CABLELIB_CACHE_DIR"
"""Environment variable naming the cache directory (overrides the default)."""


def write_atomically(path: Path, write: Callable[[BinaryIO], object]) -> bool:
    """Create ``path`` with what ``write(handle)`` writes; ``False`` if it could not."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
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


def _default_cache_root() -> Path:
    """The per-user cache directory of the platform, without platformdirs."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) if base else Path.home() / "AppData" / "Local"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches"
    base = os.environ.get("XDG_CACHE_HOME")
    return Path(base) if base and os.path.isabs(base) else Path.home() / ".cache"


def cache_dir() -> Path | None:
    """Where the caches are kept, created if needed; ``None`` disables caching.

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
        candidates = [Path(override)]
    else:
        try:
            candidates = [_default_cache_root() / "cablelib"]
        except (RuntimeError, KeyError, OSError):  # no home directory (a bare container user)
            candidates = []
    try:
        candidates.append(Path(tempfile.gettempdir()) / f"cablelib-cache-{_user_tag()}")
    except OSError:  # no usable temporary directory either: no cache
        pass
    for path in candidates:
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(path, os.W_OK):
            return path
    return None


def _user_tag() -> str:
    getuid = getattr(os, "getuid", None)
    return str(getuid()) if getuid is not None else "user"
