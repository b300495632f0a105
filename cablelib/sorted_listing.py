"""One directory's entries in name order, held in a few bytes an entry.

Why: a corpus is often one flat directory, all of Cablegate's 251,287 files
in ``cables/``, and a corpus run walks its input in sorted order, so the
names must all be read before the first is given out.  Held as a sorted
list of ``(name, is_dir, is_file)`` tuples, 249,008 entries took 41 MB (a
tuple, a string object and a list slot: ~140 bytes an entry for a
20-character name), on top of everything else the run holds, and for the
two million documents of PlusD it would be ~300 MB: the run's memory grew
with the corpus.

Here the entries are read in runs of :data:`RUN_ENTRIES`; each run is
sorted and packed into one string, ``"name\\0k\\0name\\0k..."`` (``k`` the
entry's kind), about ``len(name) + 3`` bytes an entry, and the runs are
merged lazily with :func:`heapq.merge` as the walk goes on.  A name cannot
hold ``"\\0"`` on any system, so the packing is unambiguous; and since
``"\\0"`` sorts before every other character, the keys ``name + "\\0" + k``
sort as the names themselves do, so the order is exactly ``sorted()``'s.
"""

from __future__ import annotations

import heapq
import os
from collections.abc import Iterator

__all__ = ["DIRECTORY", "FILE", "OTHER", "RUN_ENTRIES", "read_sorted"]

DIRECTORY, FILE, OTHER = "d", "f", "o"
"""Kinds of entry: a directory, a regular file, anything else (a pipe, a socket, a device)."""

RUN_ENTRIES = 16384
"""Entries sorted and packed together (~1.3 MB of Python strings while a run is built)."""


def _kind(entry: os.DirEntry[str]) -> str:
    # follow_symlinks: a link to a directory is walked, a link to a file read
    if entry.is_dir(follow_symlinks=True):
        return DIRECTORY
    if entry.is_file(follow_symlinks=True):
        return FILE
    return OTHER


def _pack(keys: list[str]) -> str:
    keys.sort()
    return "\0".join(keys)


def _unpack(packed: str) -> Iterator[tuple[str, str]]:
    find = packed.find
    start, end = 0, len(packed)
    while start < end:
        cut = find("\0", start)
        yield packed[start:cut], packed[cut + 1]
        start = cut + 3  # past the kind and the "\0" after it


def read_sorted(directory: str) -> Iterator[tuple[str, str]]:
    """``(name, kind)`` of every entry of ``directory`` not starting with ``"."``, in name order.

    The directory is read now, whole, so an ``OSError`` (it cannot be listed)
    is raised by this call, not later by the iterator.
    """
    runs: list[str] = []
    keys: list[str] = []
    with os.scandir(directory) as entries:
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            keys.append(f"{name}\0{_kind(entry)}")
            if len(keys) >= RUN_ENTRIES:
                runs.append(_pack(keys))
                keys = []
    if keys:
        runs.append(_pack(keys))
    if len(runs) == 1:
        return _unpack(runs[0])
    # Names are unique within a directory, so the tuples compare by name alone.
    return heapq.merge(*map(_unpack, runs))
