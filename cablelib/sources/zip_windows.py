"""A zip archive's members, read a part of its central directory at a time.

Why: :class:`zipfile.ZipFile` reads the whole central directory when it
opens an archive and keeps a ``ZipInfo`` for every member, with a dict of
them by name: 160 MB for a zip of 249,008 files (measured: 22.6 MB before
opening, 162 MB after), before the first cable is read.  A corpus run's
memory must not grow with the corpus, and Cablegate's pages are passed
around as one archive of about 251,000 files.

So the central directory is read here in windows of :data:`WINDOW_ENTRIES`
records, and each window is opened by ``zipfile`` itself, through a
:class:`_Window`: a read-only view of the archive whose bytes are the real
ones up to the central directory, then that window's records, then end
records (ZIP64 form, which always holds the size and offset) that describe
only them.  ``zipfile`` therefore still does all the reading of members:
local headers, ZIP64 fields, compression methods, CRC checks, encryption
errors.  The directory's place (with data prepended to the archive, as in a
self-extracting one) is found by ``zipfile``'s own end-record search, so
the offsets it computes are the ones it computes for the whole archive.
Members come out in central-directory order, as ``infolist()`` gives them.

The end-record search is ``zipfile._EndRecData``, a private function (in
every Python this package supports).  Without it, or when a window cannot
be opened while the whole archive can, the archive is opened whole, as
before.
"""

from __future__ import annotations

import os
import struct
import zipfile
from collections.abc import Iterator
from typing import Any, BinaryIO

from .zip_range import ZipRange

__all__ = ["WINDOW_ENTRIES", "ZipRange", "iter_members", "zip_ranges"]

WINDOW_ENTRIES = 2048
"""Central-directory records opened together: 2.8 MB at the peak with their
``ZipInfo`` objects and zipfile's copies of the records (traced, 66,000 members)."""

_CENTRAL_RECORD = struct.Struct("<4s24xHHH12x")  # signature; name, extra and comment lengths
_CENTRAL_SIGNATURE = b"PK\x01\x02"
_END64 = struct.Struct("<4sQ2H2L4Q")  # ZIP64 end of central directory record (56 bytes)
_LOCATOR64 = struct.Struct("<4sLQL")  # ZIP64 end of central directory locator (20 bytes)
_END = struct.Struct("<4s4H2LH")  # end of central directory record (22 bytes)
_END64_SIGNATURE, _LOCATOR64_SIGNATURE, _END_SIGNATURE = b"PK\x06\x06", b"PK\x06\x07", b"PK\x05\x06"


def iter_members(source: str | os.PathLike[str] | BinaryIO) -> Iterator[tuple[zipfile.ZipInfo, Any]]:
    """``(info, archive)`` for every member of a zip, in central-directory order.

    ``source`` is the archive's path or a seekable binary file of it (left
    open).  ``archive.read(info)`` reads the member; it is valid until the
    next item.  Raises ``zipfile.BadZipFile`` (or ``OSError``) for an archive
    that cannot be read, before the first item or after the members it gave.
    """
    if isinstance(source, ZipRange):
        with open(str(source), "rb") as handle:
            yield from _range_members(handle, source)
    elif isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as handle:
            yield from _members(handle)
    else:
        yield from _members(source)


def _members(handle: BinaryIO) -> Iterator[tuple[zipfile.ZipInfo, Any]]:
    place = _directory(handle)
    if place is None:
        yield from _whole(handle)
        return
    start, size, offset = place
    first = True
    for records, count in _windows(handle, start, size):
        try:
            archive = _open_window(handle, start, offset, records, count)
        except zipfile.BadZipFile:
            if not first:
                raise
            # A layout this module did not foresee: the whole archive, as zipfile reads it.
            yield from _whole(handle)
            return
        first = False
        yield from _infos(archive)


def _whole(handle: BinaryIO) -> Iterator[tuple[zipfile.ZipInfo, Any]]:
    yield from _infos(zipfile.ZipFile(handle))


def _infos(archive: zipfile.ZipFile) -> Iterator[tuple[zipfile.ZipInfo, Any]]:
    """``(info, archive)`` for each member of an opened archive, which is closed at the end."""
    with archive:
        for info in archive.infolist():
            yield info, archive


def _open_window(handle: BinaryIO, start: int, offset: int, records: bytes, count: int) -> zipfile.ZipFile:
    """zipfile opened on ``count`` directory records as if they were the whole directory (:class:`_Window`)."""
    return zipfile.ZipFile(_Window(handle, start, records + _end_records(start, len(records), count, offset)))


def _directory(handle: BinaryIO) -> tuple[int, int, int] | None:
    """(where the central directory starts in the file, its size, the offset its end record gives),
    or ``None`` when zipfile's end-record search is not there to ask."""
    find_end = getattr(zipfile, "_EndRecData", None)
    if find_end is None:  # pragma: no cover - present in Python 3.11 to 3.14
        return None
    end = find_end(handle)
    if not end:
        raise zipfile.BadZipFile("File is not a zip file")
    # The list's items, by zipfile's own _ECD_* positions: the record's
    # signature, the directory's size and offset, where the record was found.
    signature, size, offset, location = end[0], end[5], end[6], end[9]
    prepended = location - size - offset
    if signature == _END64_SIGNATURE:
        prepended -= _END64.size + _LOCATOR64.size
    if prepended < 0:
        raise zipfile.BadZipFile("Bad offset for central directory")
    return offset + prepended, size, offset


def _windows(handle: BinaryIO, start: int, size: int) -> Iterator[tuple[bytes, int]]:
    """The central directory's records, :data:`WINDOW_ENTRIES` at a time: (their bytes, how many)."""
    handle.seek(start)
    left = size
    records: list[bytes] = []
    while left > 0:
        record = _read_record(handle)
        left -= len(record)
        records.append(record)
        if len(records) >= WINDOW_ENTRIES:
            yield b"".join(records), len(records)
            records = []
            handle.seek(start + size - left)  # zipfile moved the handle meanwhile
    if records:
        yield b"".join(records), len(records)


def _record_head(handle: BinaryIO) -> tuple[bytes, int]:
    """The fixed part of the central-directory record at the handle's position,
    and the length of the rest (name, extra field, comment), not read."""
    head = handle.read(_CENTRAL_RECORD.size)
    if len(head) < _CENTRAL_RECORD.size:
        raise zipfile.BadZipFile("Truncated central directory")
    signature, name, extra, comment = _CENTRAL_RECORD.unpack(head)
    if signature != _CENTRAL_SIGNATURE:
        raise zipfile.BadZipFile("Bad magic number for central directory")
    return head, name + extra + comment


def _read_record(handle: BinaryIO) -> bytes:
    """The central-directory record at the handle's position (the handle moves past it)."""
    head, rest = _record_head(handle)
    return head + handle.read(rest)


# ------------------------------------------------------------------ ranges


def zip_ranges(path: str, records: int) -> list[ZipRange]:
    """The zip at ``path`` as ranges of ``records`` central-directory records, in order.

    Only the records' fixed parts are read (the names are skipped).  Raises
    ``zipfile.BadZipFile`` or ``OSError`` when the directory cannot be read
    whole; the caller then leaves the archive in one piece, to be reported
    as a reading of it reports it.
    """
    with open(path, "rb") as handle:
        place = _directory(handle)
        if place is None:  # pragma: no cover - see _directory
            raise zipfile.BadZipFile("no end-record search to split the archive by")
        start, size, offset = place
        ranges = []
        handle.seek(start)
        position, end, first, count = start, start + size, start, 0
        while position < end:
            position = handle.seek(_record_head(handle)[1], 1)  # past the name: not needed here
            count += 1
            if count == records:
                ranges.append(ZipRange(path, start, offset, first, count))
                first, count = position, 0
        if count:
            ranges.append(ZipRange(path, start, offset, first, count))
    return ranges


def _range_members(handle: BinaryIO, piece: ZipRange) -> Iterator[tuple[zipfile.ZipInfo, Any]]:
    handle.seek(piece.first)
    records = b"".join(_read_record(handle) for _ in range(piece.records))
    yield from _infos(_open_window(handle, piece.start, piece.offset, records, piece.records))


def _end_records(start: int, size: int, count: int, offset: int) -> bytes:
    """ZIP64 end records for ``count`` records of ``size`` bytes placed at ``start``.

    The directory's offset is the archive's own, so zipfile finds the same
    prepended length (``start - offset``) as for the whole archive.
    """
    end64_at = start + size
    end64 = _END64.pack(_END64_SIGNATURE, _END64.size - 12, 45, 45, 0, 0, count, count, size, offset)
    locator = _LOCATOR64.pack(_LOCATOR64_SIGNATURE, 0, end64_at, 1)
    end = _END.pack(_END_SIGNATURE, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return end64 + locator + end


class _Window:
    """The archive's bytes before ``split``, then ``tail`` (in memory): a read-only, seekable file."""

    def __init__(self, handle: BinaryIO, split: int, tail: bytes) -> None:
        self._handle = handle
        self._split = split
        self._tail = tail
        self._size = split + len(tail)
        self._pos = 0

    def seekable(self) -> bool:
        return True

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = 0) -> int:
        base = (0, self._pos, self._size)[whence]
        if base + offset < 0:
            raise OSError(22, "Invalid argument")  # as a real file says (zipfile's end-record search expects it)
        self._pos = base + offset
        return self._pos

    def read(self, n: int | None = -1) -> bytes:
        stop = self._size if n is None or n < 0 else min(self._size, self._pos + n)
        if self._pos >= stop:
            return b""
        pieces = []
        if self._pos < self._split:
            self._handle.seek(self._pos)
            data = self._handle.read(min(stop, self._split) - self._pos)
            self._pos += len(data)
            pieces.append(data)
            if self._pos < min(stop, self._split):  # the file ended early (cut since it was opened)
                return b"".join(pieces)
        if self._pos < stop:
            pieces.append(self._tail[self._pos - self._split : stop - self._split])
            self._pos = stop
        return b"".join(pieces)

    def close(self) -> None:
        pass  # the handle belongs to iter_members
