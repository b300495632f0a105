"""Reading cable files from disk: bytes to text, then :func:`iter_unwrap`.

Decoding policy (why it never fails): the corpus was scraped by many tools
and a few files are not UTF-8.  Text is decoded as UTF-8 (a byte-order mark
is dropped); if that fails, as cp1252 (the usual culprit: curly quotes from
Windows tools), and if even that fails, as latin-1, which accepts any byte.
The fallback is reported as a ``decode-fallback`` diagnostic naming the
encoding used and the offset of the first byte that was not UTF-8.  A file
that starts with a UTF-16 byte-order mark is decoded as UTF-16.

A ``cables.csv`` is 1.7 GB, so it is *streamed*, row by row, instead of being
read into one string: the file is opened as UTF-8 with ``surrogateescape``
so that reading never stops, and a row that holds an undecodable byte is
decoded again, on its own, with the cp1252 / latin-1 fallback and gets the
diagnostic.  So for CSV files the fallback is decided per row, not per file.

Errors: a path that does not exist, is a directory or cannot be read raises
:class:`~cablelib.errors.CableSourceError` with the path in its message, as
soon as :func:`read_path` is called (not at the first ``next()``).
"""

from __future__ import annotations

import codecs
import io
import os
import re
from collections.abc import Iterator
from typing import BinaryIO

import attrs

from cablelib.errors import CableSourceError
from cablelib.model import Diagnostic

from . import cables_csv
from .detect import HEAD_SIZE, detect_container
from .dispatch import guarded_rows, iter_unwrap
from .input_fixes import fix_input
from .unwrapped import Unwrapped

__all__ = ["read_path", "unwrap_bytes", "decode_bytes", "display_path", "UnreadableEntry"]

_HEAD_BYTES = 4 * HEAD_SIZE  # enough bytes for HEAD_SIZE characters of UTF-8
_SURROGATE = re.compile("[\udc80-\udcff]")


def decode_bytes(data: bytes, name: str | None = None) -> tuple[str, Diagnostic | None]:
    """``data`` as text, and a ``decode-fallback`` diagnostic if it was not UTF-8."""
    skip = 0
    if data.startswith(codecs.BOM_UTF8):
        skip = len(codecs.BOM_UTF8)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            pass  # not really UTF-16: fall through to the 8-bit fallback
    body = data[skip:] if skip else data
    try:
        return body.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    text, encoding = _decode_8bit(body)
    where = f"{name}: " if name else ""
    return text, Diagnostic(
        "decode-fallback",
        f"{where}not valid UTF-8 (first bad byte 0x{body[first_bad]:02X} at byte offset "
        f"{first_bad + skip}); decoded as {encoding}",
    )


def _decode_8bit(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _head_text(head: bytes) -> str:
    """The first bytes as text, good enough for :func:`detect_container`."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", errors="replace")
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8):]
    return head.decode("utf-8", errors="replace")


def display_path(name: str) -> str:
    """``name`` as text that can be written out: a file name that is not valid
    UTF-8 (a Latin-1 name on an old disk) is decoded by Python with lone
    surrogates (``caf\\udce9.txt``), which no UTF-8 output accepts, so one
    such name in a diagnostic or an error stopped a whole export.  Those bytes
    are shown as ``\\xe9`` escapes instead (``caf\\xe9.txt``); any other
    name comes back unchanged.
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # a surrogate that no byte decoded to
            return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return name


class UnreadableEntry(str):
    """A path that a corpus walk found but will not open, and why.

    A sub-directory that cannot be listed, or a named pipe, socket or device
    inside a corpus directory (opening a pipe would wait for a writer for
    ever).  It is a ``str``, so every step of a run passes it on as a path,
    and :func:`read_path` raises its :attr:`reason` as a
    :class:`~cablelib.errors.CableSourceError` instead of opening it: the run
    reports it like any unreadable file rather than dropping it unseen.
    """

    reason: str

    def __new__(cls, path: str, reason: str) -> UnreadableEntry:
        entry = super().__new__(cls, path)
        entry.reason = reason
        return entry

    def __reduce__(self) -> tuple[object, ...]:  # to the worker processes with its reason
        return (UnreadableEntry, (str(self), self.reason))


def read_path(path: str | os.PathLike[str]) -> Iterator[Unwrapped]:
    """The cables in the file at ``path``: one, or one per row of a ``cables.csv``.

    Args:
        path: a ``str`` or ``os.PathLike``.

    Returns:
        An iterator of :class:`Unwrapped`, each named ``str(path)`` (CSV rows:
        ``f"{path}#row{n}"``).

    Raises:
        CableSourceError: the path does not exist, is a directory, or cannot
            be read.  Content problems never raise; they become diagnostics.
    """
    if isinstance(path, UnreadableEntry):
        raise CableSourceError(f"{display_path(path)}: {path.reason}")
    real = os.fspath(path)
    name = display_path(os.fsdecode(real))
    if os.path.isdir(real):
        raise CableSourceError(f"{name}: is a directory, not a cable file")
    try:
        handle = open(real, "rb")  # noqa: SIM115 - closed below or by the CSV stream
    except FileNotFoundError as exc:
        raise CableSourceError(f"{name}: no such file") from exc
    except OSError as exc:
        raise CableSourceError(f"{name}: cannot open: {exc.strerror or exc}") from exc
    try:
        head = handle.read(_HEAD_BYTES)
        if detect_container(_head_text(head)) == cables_csv.CONTAINER and handle.seekable():
            handle.seek(0)
            stream, handle = handle, None
            return _stream_csv(stream, name)
        data = head + handle.read()
    except OSError as exc:
        raise CableSourceError(f"{name}: cannot read: {exc.strerror or exc}") from exc
    finally:
        if handle is not None:
            handle.close()

    return unwrap_bytes(data, name)


def unwrap_bytes(data: bytes, name: str) -> Iterator[Unwrapped]:
    """The cables in ``data``, the bytes of a whole file (or of stdin), decoded
    as :func:`decode_bytes` does and unwrapped as :func:`iter_unwrap` does."""
    text, problem = decode_bytes(data, name)
    text, repairs = fix_input(text)
    items = list(iter_unwrap(text, name))
    notes = (problem, *repairs) if problem is not None else repairs
    if notes:
        items = [attrs.evolve(u, diagnostics=(*notes, *u.diagnostics)) for u in items]
    return iter(items)


def _stream_csv(handle: BinaryIO, name: str) -> Iterator[Unwrapped]:
    stream = io.TextIOWrapper(handle, encoding="utf-8-sig", errors="surrogateescape",
                              newline="")

    def fix_row(row: list[str], n: int) -> tuple[list[str], Diagnostic | None]:
        if all(field.isascii() for field in row):  # O(1) per field in CPython
            return row, None
        for column, field in enumerate(row, start=1):
            m = None if field.isascii() else _SURROGATE.search(field)
            if m:
                break
        else:
            return row, None
        k = m.start()
        byte = ord(field[k]) - 0xDC00
        offset = len(field[:k].encode("utf-8", "surrogateescape"))
        raw = [f.encode("utf-8", "surrogateescape") for f in row]
        try:
            decoded, encoding = [f.decode("cp1252") for f in raw], "cp1252"
        except UnicodeDecodeError:
            decoded, encoding = [f.decode("latin-1") for f in raw], "latin-1"
        return decoded, Diagnostic(
            "decode-fallback",
            f"{name}: row {n} is not valid UTF-8 (first bad byte 0x{byte:02X} at byte "
            f"offset {offset} of column {column}); the row was decoded as {encoding}",
        )

    try:
        yield from guarded_rows(cables_csv.iter_csv_lines(stream, name, fix_row), name)
    except CableSourceError:
        raise
    except OSError as exc:
        raise CableSourceError(f"{name}: cannot read: {exc.strerror or exc}") from exc
    finally:
        stream.close()
