"""Whether any installed package could declare an entry point of a group, cheaply.

Why: reading the ``cablelib.variants`` entry-point group through
:mod:`importlib.metadata` costs a fresh process about 20 ms before its
first cable — 12 ms to import the module (it pulls in the ``email``
package) and 9 ms to find and read every installed distribution — and on
almost every machine the answer is "none".  :func:`may_declare` answers the
cheaper question "could any distribution declare this group?" by looking
where ``importlib.metadata`` looks, and reading only the raw bytes of each
``entry_points.txt``; the registry asks ``importlib.metadata`` (and so gets
its exact rules: name normalisation, the first of two same-named
distributions winning) only when the answer is yes.

The answer must never be "no" when ``importlib.metadata`` would find an
entry point, so every case this module does not read itself counts as
"yes": a ``sys.meta_path`` finder of its own that can find distributions,
a ``sys.path`` entry that is a file (a zip archive) or not a string.  The
one finder it knows is the ``importlib_metadata`` backport's
``MetadataPathFinder`` (Dask imports it, and importing it adds the finder
to ``sys.meta_path``): it reads the same path entries by the same rules,
so it finds nothing the scan below does not.
Within a directory it mirrors CPython 3.11's ``importlib.metadata.Lookup``:
children named ``*.dist-info`` or ``*.egg-info`` (any case), and
``EGG-INFO`` inside a ``*.egg`` directory; a group named in a file is
found by its bytes, so a section header with spaces inside the brackets
still counts.
"""

from __future__ import annotations

import os
import sys
from importlib.machinery import PathFinder

__all__ = ["may_declare"]

_METADATA_DIRS = (".dist-info", ".egg-info")

# Finders whose find_distributions reads sys.path the way PathFinder does,
# by (module, qualified class name).
_PATH_LIKE_FINDERS = frozenset({("importlib_metadata", "MetadataPathFinder")})


def may_declare(group: str, path: list[str] | None = None) -> bool:
    """False only if no distribution on ``path`` (``sys.path``) can declare ``group``."""
    if any(_finds_elsewhere(finder) for finder in sys.meta_path):
        return True
    needle = group.encode("utf-8")
    for root in sys.path if path is None else path:
        if not isinstance(root, str):
            return True
        if _directory_may_declare(root, needle):
            return True
    return False


def _finds_elsewhere(finder: object) -> bool:
    """Whether a meta-path finder may find distributions the path scan does not."""
    if finder is PathFinder or not hasattr(finder, "find_distributions"):
        return False
    cls = finder if isinstance(finder, type) else type(finder)
    return (cls.__module__, cls.__qualname__) not in _PATH_LIKE_FINDERS


def _directory_may_declare(root: str, needle: bytes) -> bool:
    try:
        children = os.listdir(root or ".")
    except OSError:
        # importlib.metadata reads a path entry that is a file as a zip archive.
        return os.path.isfile(root)
    in_egg = os.path.basename(root).lower().endswith(".egg")
    for child in children:
        low = child.lower()
        if low.endswith(_METADATA_DIRS) or (in_egg and low == "egg-info"):
            try:
                with open(os.path.join(root or ".", child, "entry_points.txt"), "rb") as handle:
                    if needle in handle.read():
                        return True
            except OSError:  # no entry points, or an .egg-info that is a file
                continue
    return False
