"""Writing a file of the on-disk caches so that no reader ever sees half of it.

Why one helper: the grammar cache (:mod:`cablelib.grammar`) and the regex
cache (:mod:`cablelib.regex_cache`) are written by any number of processes
at once (``iter_corpus(jobs=N)``, Dask workers).  Each writer writes a
temporary file in the same directory and renames it into place, which is
atomic; concurrent writers rename complete files of the same content.  A
cache that cannot be written (read-only directory, full disk) only costs
the next process a rebuild, so failure is reported, never raised.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

__all__ = ["write_atomically"]


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
