"""A run of a zip's members: one cluster task's share of an archive (:class:`ZipRange`).

Its own module, without ``zipfile``: :func:`cablelib.sources.read_path`
must recognise a range, and importing ``zipfile`` with it would cost every
fresh process ~4 ms before its first cable.  Ranges are made and read by
:mod:`cablelib.sources.zip_windows`.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ZipRange"]


class ZipRange(str):
    """A run of a zip's members, by their central-directory records: one task's share of an archive.

    Why: a cluster task that gets a whole archive reads all of it alone
    (:mod:`cablelib.dask`), so one ``cablegate.zip`` would use one worker.
    A range is a ``str``, the archive's path, so every step of a corpus run
    passes it on as a path; :func:`cablelib.sources.read_path` then reads
    only its members, named as a reading of the whole archive names them.
    """

    start: int
    """Where the central directory starts in the file."""
    offset: int
    """The directory's offset as the end record gives it (``start - offset`` bytes are prepended)."""
    first: int
    """Where the range's first record is in the file."""
    records: int
    """How many records (not ``count``, which would hide ``str.count``)."""

    def __new__(cls, path: str, start: int, offset: int, first: int, records: int) -> ZipRange:
        piece = super().__new__(cls, path)
        piece.start, piece.offset, piece.first, piece.records = start, offset, first, records
        return piece

    def __reduce__(self) -> tuple[Any, tuple[str, int, int, int, int]]:
        return ZipRange, (str(self), self.start, self.offset, self.first, self.records)
