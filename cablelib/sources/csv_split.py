"""Cutting a ``cables.csv`` into ranges of rows that cluster tasks read on their own.

Why: the Cablegate release is one ``cables.csv`` of 1.7 GB.  Given to one
cluster task, it is parsed by one worker, however many the cluster has
(:mod:`cablelib.dask`).  A CSV cannot simply be cut at a byte offset: a
quoted field may hold any text, line breaks included, so whether a line
starts a row depends on everything before it.  And a reading of the whole
file names each cable by its row number (``cables.csv#row1234``), which a
task reading the middle of the file cannot know.

How, in two rounds of tasks:

1. The client cuts the file every ``size`` bytes, without reading it
   (:func:`cuts`).
2. One scan task per cut (:func:`scan`): its range starts at the first *row
   head* at or after its cut — a line that starts like a row,
   ``"N","M/D/YYYY H:MM",`` (:func:`row_start`) — and ends at the next
   cut's.  It reads the range's rows with the reader and the counting of a
   whole-file reading (:func:`cablelib.sources.cables_csv.csv_records`),
   and says how many rows and lines it read and whether its last row ended
   exactly at the range's end.
3. :func:`plan`, one task: a range that starts where a whole-file reading
   starts a row reads the same rows as that reading (the reader keeps
   nothing from one row to the next), and if its last row ends exactly at
   its end, that end is a row start too.  So, from offset 0 on, each range
   that ended at its end is taken, and one that did not (a line inside a
   quoted field that looks like a row: real cables quote cables.csv rows,
   08MONTEVIDEO34 for one) is joined with the next and read again, until
   it does.  The ranges, numbered from the counts, then give exactly the
   rows, names and diagnostics of the whole-file reading.

Only a file that :func:`cablelib.sources.read_path` reads as a plain byte
stream is cut (:func:`splittable_size`): not compressed (a compressed stream
cannot be entered in the middle), not UTF-16 or UTF-32.
"""

from __future__ import annotations

import io
import os
import re
from typing import NamedTuple

from .cables_csv import CONTAINER, csv_reader, csv_records
from .csv_range import CsvRange, decode_range

__all__ = ["Scan", "cuts", "plan", "piece_paths", "row_start", "scan", "splittable_size"]

# A row's head at the start of a line (the shape of cables_csv.sniff, in bytes):
# after a "\n", or after a "\r" that is not part of "\r\n" (a digit, a quote or a
# blank follows, never "\n").
_ROW_HEAD = re.compile(
    rb'(?<=[\r\n])[ \t]*"?\d+"?[ \t]*,[ \t]*"?\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}(?::\d{2})?"?[ \t]*,')
_BLOCK = 1 << 16
_OVERLAP = 256  # longer than any row head with its blanks; a longer one is only missed, alike by both neighbours


class Scan(NamedTuple):
    """What a scan task found in its range."""

    start: int
    """The range's first byte: the first row head at or after its cut."""
    end: int
    """Just past its last byte: the next range's start, or the end of the file."""
    rows: int
    """Rows read, as a whole-file reading counts them (blank lines not, unreadable rows too)."""
    lines: int
    """Lines read (the csv reader's ``line_num``)."""
    complete: bool
    """The last row ended exactly at ``end``, and the reader read to it."""
    failed: bool = False
    """The file could not be read (it went away after the client cut it, say)."""


def splittable_size(path: str) -> int | None:
    """The size of the file at ``path`` if it is a ``cables.csv`` that can be cut, else ``None``.

    As :func:`cablelib.sources.read_path` decides: the first bytes are not
    compressed, not an archive, not UTF-16 or UTF-32, and look like a CSV
    row.  ``None`` for anything else, an unreadable file included (the task
    that reads it whole reports it).
    """
    from .archives import archive_kind
    from .detect import detect_container
    from .files import _HEAD_BYTES, _compression, _head_text, wide_encoding

    try:
        with open(path, "rb") as handle:
            head = handle.read(_HEAD_BYTES)
            size = os.fstat(handle.fileno()).st_size
    except OSError:
        return None
    if _compression(head) is not None or archive_kind(head) is not None or wide_encoding(head) is not None:
        return None
    if detect_container(_head_text(head, None)) != CONTAINER:
        return None
    return size


def cuts(size: int, every: int) -> list[int]:
    """Offsets ``0, every, 2 * every, ...`` below ``size`` (``[0]`` for an empty file)."""
    return list(range(0, max(size, 1), max(1, every)))


def row_start(handle: io.BufferedIOBase, at: int) -> int:
    """The offset of the first row head at a line start at or after ``at``
    (``0`` for ``at == 0``), or the end of the file if there is none.

    A function of ``at`` and the file alone: the scans on both sides of a
    cut find the same offset, one as its end, the other as its start.
    """
    if at <= 0:
        return 0
    size = os.fstat(handle.fileno()).st_size
    pos = at - 1  # from the byte before: is ``at`` itself a line start?
    while pos < size:
        handle.seek(pos)
        block = handle.read(_BLOCK + _OVERLAP)
        found = _ROW_HEAD.search(block, 1)
        if found is not None:
            return pos + found.start()
        pos += _BLOCK
    return size


# A last line after a range's text: read as a row of its own when the range's
# last row ended at the range's end, taken into that row when it did not (an
# open quoted field).  A lone surrogate that no decoding of bytes gives
# (surrogateescape makes U+DC80-U+DCFF only), so no text can hold it.
_SENTINEL = "\ud800 the end of the range"


def scan(path: str, cut: int, next_cut: int | None) -> Scan:
    """Read the range that starts at the first row head from ``cut`` on and
    ends at the first from ``next_cut`` on (the end of the file for the last
    cut, ``next_cut=None``); runs in a cluster task.  A file that cannot be
    read gives a ``failed`` scan, not an exception: the plan then has the file
    read whole, which reports it as the serial run does, instead of failing
    the cluster's computation."""
    try:
        with open(path, "rb") as handle:
            start = row_start(handle, cut)
            if next_cut is None:
                end = os.fstat(handle.fileno()).st_size
            else:
                end = max(start, row_start(handle, next_cut))
            return _scan_range(handle, start, end, next_cut is None)
    except OSError:
        return Scan(cut, cut, 0, 0, False, failed=True)


def _scan_range(handle: io.BufferedIOBase, start: int, end: int, last: bool) -> Scan:
    handle.seek(start)
    # (A joined range's end may lie before its start when scans disagreed on a
    # row head they could not both see; read(-n) would read the whole rest.)
    data = handle.read(max(0, end - start))
    text = decode_range(data, start)
    if not last:  # (a range cut at a row start ends with a line end; one at the end of the file is read again)
        text += _SENTINEL + "\n"
    reader = csv_reader(io.StringIO(text, newline=""))
    rows = 0
    ended = False
    for record in csv_records(reader):
        if record == [_SENTINEL]:
            ended = True
            break
        rows += 1
    # The last range ends where the file does: a row cut short there, or a
    # reader that gives up, is what a whole-file reading meets too.
    lines = reader.line_num - (1 if ended else 0)
    return Scan(start, start + len(data), rows, lines, last or ended)


def plan(path: str, scans: list[Scan]) -> list[CsvRange | None] | None:
    """The ranges of ``path`` to read, one per scan (``None`` for one that has
    nothing to read), numbered as a whole-file reading numbers rows and lines;
    ``None`` if the file must be read whole, by one task, as the serial run
    reads it: it holds no row (a whole-file reading says so in a
    diagnostic), or it could not be read (which that reading reports).

    A range that did not end where the next one starts — its last row goes
    on past the next start, which was a line inside a quoted field that
    looks like a row (real cables quote cables.csv rows) — is joined with the
    next and the two are read again here, until the joined range ends at a
    start; the pieces it took over read nothing.  So a false start costs one
    more reading of a few megabytes, not the split of the file.
    """
    if not scans or sum(s.rows for s in scans) == 0 or any(s.failed for s in scans):
        return None
    try:
        return _numbered(path, scans)
    except OSError:
        return None


def _numbered(path: str, scans: list[Scan]) -> list[CsvRange | None]:
    ranges: list[CsvRange | None] = [None] * len(scans)
    row = line = 1
    index = 0
    with open(path, "rb") as handle:
        while index < len(scans):
            found, joined = scans[index], index
            while not found.complete or (joined + 1 < len(scans) and found.end != scans[joined + 1].start):
                joined += 1
                found = _scan_range(handle, found.start, scans[joined].end, joined == len(scans) - 1)
            if found.end > found.start:
                ranges[index] = CsvRange(path, found.start, found.end, row, line)
            row += found.rows
            line += found.lines
            index = joined + 1
    return ranges


def piece_paths(path: str, ranges: list[CsvRange | None] | None, index: int) -> list[str]:
    """What the task of piece ``index`` reads: its range, or nothing; without
    a plan, the whole file for the first piece and nothing for the others."""
    if ranges is None:
        return [path] if index == 0 else []
    piece = ranges[index]
    return [] if piece is None else [piece]
