"""A run of a ``cables.csv``'s rows: one cluster task's share of the file (:class:`CsvRange`).

Its own module, without the scan: :func:`cablelib.sources.read_path` must
recognise a range at no import cost.  Ranges are found and checked by
:mod:`cablelib.sources.csv_split`.
"""

from __future__ import annotations

from typing import Any

__all__ = ["CsvRange", "decode_range"]


class CsvRange(str):
    """Rows of a ``cables.csv`` between two byte offsets: one task's share of the file.

    Why: the whole Cablegate release comes as one ``cables.csv`` of 1.7 GB;
    a cluster task that got the whole file would parse its 251,287 rows
    alone (:mod:`cablelib.dask`).  A range is a ``str``, the file's path, so
    every step of a corpus run passes it on as a path;
    :func:`cablelib.sources.read_path` then reads only its rows, numbered and
    named as a reading of the whole file numbers them.  Its offsets are
    where rows of that reading start, which :mod:`cablelib.sources.csv_split`
    checks before it makes a range.
    """

    start: int
    """The byte offset of the range's first row (0, or the start of a line)."""
    end: int
    """The byte offset just past its last row: the start of the next range's first row, or the file's size."""
    first_row: int
    """The number of its first row in the whole file (rows count from 1)."""
    first_line: int
    """The number of the line its first row starts on (lines count from 1)."""

    def __new__(cls, path: str, start: int, end: int, first_row: int, first_line: int) -> CsvRange:
        piece = super().__new__(cls, path)
        piece.start, piece.end, piece.first_row, piece.first_line = start, end, first_row, first_line
        return piece

    def __reduce__(self) -> tuple[Any, tuple[str, int, int, int, int]]:
        return CsvRange, (str(self), self.start, self.end, self.first_row, self.first_line)

    def __repr__(self) -> str:
        return (f"CsvRange({str(self)!r}, start={self.start}, end={self.end}, "
                f"first_row={self.first_row}, first_line={self.first_line})")


def decode_range(data: bytes, start: int) -> str:
    """The bytes of a range that starts at byte ``start``, decoded as a whole-file
    reading decodes them (``utf-8-sig``, undecodable bytes kept as lone
    surrogates): a range starts at a line start, never inside a UTF-8 sequence,
    and the byte-order mark can only be at offset 0."""
    return data.decode("utf-8-sig" if start == 0 else "utf-8", "surrogateescape")
