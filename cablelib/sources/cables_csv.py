"""Rows of the unofficial ``cables.csv`` dump, one cable per row.

The file has no header row and eight quoted columns::

    "2","2/25/1972 9:30","72TEHRAN1164","Embassy Tehran","UNCLASSIFIED",
    "72MOSCOW1603|72TEHRAN1091|72TEHRAN263","<header box>","<message text>"

row number, creation time (``M/D/YYYY H:MM``, UTC), reference id, origin,
classification, the ids this cable refers to joined with ``|``, the header
box and the message text.  Quotes inside fields are escaped with a backslash
(``\\"``), not doubled, so the reader needs ``escapechar='\\\\'``.  With that
escape character set, ``doublequote`` makes no difference on the real file
(it never doubles a quote inside a field); it is left on, so that a doubled
quote written by another tool still reads as one quote.

The cable text is rebuilt as ``header + "\\n\\n" + content``, the same shape as
a cablegate page, so offsets refer to the rebuilt text.

A row that does not have eight columns, or that the ``csv`` module cannot
read, is reported as an :class:`~cablelib.sources.Unwrapped` with a
``bad-csv-row`` diagnostic and whatever text it has; reading goes on with the
next row.  Rows are numbered from 1 in file order (``path#row1``), which is
also the dump's own numbering.

Note on ``csv.field_size_limit``: the ``csv`` module refuses fields longer
than 131,072 characters by default, and some cables are longer.  The limit
is global to the interpreter; it is raised once (never lowered) the first
time a CSV is read.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from cablelib.model import Diagnostic, Wrapper

from .. import module_patterns
from .dates import parse_csv_time
from .line_ends import plain_line_ends
from .unwrapped import Unwrapped, nothing

__all__ = ["CONTAINER", "sniff", "iter_csv_rows", "iter_csv_lines", "csv_reader", "csv_records"]

CONTAINER = "csv"
COLUMNS = 8

_HEAD = module_patterns.compile(r'[ \t]*"?\d+"?[ \t]*,[ \t]*"?\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}(?::\d{2})?"?[ \t]*,')

_FIELD_LIMIT = min(sys.maxsize, 2**31 - 1)

RowFixer = Callable[[list[str], int], tuple[list[str], Diagnostic | None]]


def sniff(head: str) -> bool:
    """True if the text starts like a cables.csv row: a number, then a M/D/YYYY date."""
    return _HEAD.match(head) is not None


def _raise_field_limit() -> None:
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(_FIELD_LIMIT)


def iter_csv_rows(text: str, name: str | None = None) -> Iterator[Unwrapped]:
    """Every row of a cables.csv text, as one :class:`Unwrapped` each."""
    return iter_csv_lines(io.StringIO(text, newline=""), name)


def iter_csv_lines(lines: Iterable[str], name: str | None = None,
                   fix_row: RowFixer | None = None, *, first_row: int = 1,
                   first_line: int = 1) -> Iterator[Unwrapped]:
    """Every row read from ``lines`` (a text stream opened with ``newline=''``).

    ``fix_row(row, n)`` may replace a row's fields and add a diagnostic; the
    file reader uses it to re-decode rows that are not valid UTF-8.
    ``first_row`` and ``first_line`` are the number of the first row and of
    the first line of ``lines`` in the whole file, when ``lines`` is one
    piece of it (:mod:`cablelib.sources.csv_split`).
    """
    reader = csv_reader(lines)
    n = first_row - 1
    for row in csv_records(reader):
        n += 1
        if isinstance(row, csv.Error):
            line = reader.line_num + first_line - 1
            yield nothing("bad-csv-row", f"row {n} (line {line}) cannot be read as CSV: {row}",
                          _row_name(name, n), CONTAINER)
            continue
        extra: Diagnostic | None = None
        if fix_row is not None:
            row, extra = fix_row(row, n)
        yield row_to_unwrapped(row, n, name, extra)


def csv_reader(lines: Iterable[str]) -> Any:
    """The ``csv`` module's reader with the dump's dialect (see the module doc)."""
    _raise_field_limit()
    return csv.reader(lines, delimiter=",", quotechar='"', escapechar="\\",
                      doublequote=True, strict=False)


def csv_records(reader: Any) -> Iterator[list[str] | csv.Error]:
    """The rows ``reader`` gives, each numbered one more than the last: a row's
    fields, or the ``csv.Error`` of a row it could not read.

    Blank lines between rows are left out.  The iteration ends at the end of
    the text, or after an error that consumed no line (reading on would only
    repeat it).  One loop for the reader of rows and for the scan that counts
    them (:mod:`cablelib.sources.csv_split`), so that both number alike.
    """
    while True:
        line_before = reader.line_num
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield exc
            if reader.line_num == line_before:  # nothing consumed: give up
                return
            continue
        if not row or (len(row) == 1 and not row[0].strip()):
            continue  # blank line between or after rows
        yield row


def _row_name(name: str | None, n: int) -> str | None:
    return f"{name}#row{n}" if name is not None else None


def row_to_unwrapped(row: list[str], n: int, name: str | None = None,
                     extra: Diagnostic | None = None) -> Unwrapped:
    """One parsed CSV row as an :class:`Unwrapped`; never raises."""
    diagnostics: list[Diagnostic] = [extra] if extra is not None else []
    if len(row) != COLUMNS:
        diagnostics.append(Diagnostic(
            "bad-csv-row",
            f"row {n} has {len(row)} column(s), expected {COLUMNS}"
            + ("; the text is the header and the remaining columns" if len(row) > COLUMNS
               else "")))

    def col(i: int) -> str:
        return row[i].strip() if i < len(row) else ""

    created = parse_csv_time(col(1)) if col(1) else None
    if col(1) and created is None:
        diagnostics.append(Diagnostic(
            "bad-wrapper-value", f"row {n}: date {col(1)!r} is not M/D/YYYY H:MM"))
    references = tuple(r.strip() for r in col(5).split("|") if r.strip())
    wrapper = Wrapper(
        container=CONTAINER,
        reference_id=col(2) or None,
        created=created,
        classification=col(4) or None,
        origin=col(3) or None,
        references=references,
    )
    parts: list[str] = []
    if len(row) > 6:
        parts.append(row[6])
    if len(row) > 7:
        parts.append(",".join(row[7:]))
    # A file written with old Mac line ends has CR-only lines inside its
    # fields; the header and text are joined with "\n" below, so the repair
    # of a whole text (which only touches a text without "\n") must be made
    # on each field, or the cable is read as two long lines.
    line_ends: Diagnostic | None = None
    for index, part in enumerate(parts):
        parts[index], note = plain_line_ends(part)
        line_ends = line_ends or note
    if line_ends is not None:
        diagnostics.append(line_ends)
    return Unwrapped(text="\n\n".join(parts), wrapper=wrapper,
                     diagnostics=tuple(diagnostics), name=_row_name(name, n))
