"""Reading cable files from disk: bytes to text, then :func:`iter_unwrap`.

Decoding policy (why it never fails): the corpus was scraped by many tools
and a few files are not UTF-8.  Text is decoded as UTF-8 (a byte-order mark
is dropped); if that fails, as cp1252 (the usual culprit: curly quotes from
Windows tools), and if even that fails, as latin-1, which accepts any byte.
The fallback is reported as a ``decode-fallback`` diagnostic naming the
encoding used and the offset of the first byte that was not UTF-8.  A file
that starts with a UTF-16 or UTF-32 byte-order mark is decoded so, and one
without a mark whose NUL bytes show UTF-16 or UTF-32 (see
:func:`wide_encoding`) too, with a ``decode-fallback`` diagnostic.

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
import importlib
import io
import os
import sys
from collections.abc import Iterator
from typing import Any, BinaryIO, Literal, overload

import attrs

from cablelib.errors import CableSourceError
from cablelib.model import Diagnostic

from .. import module_patterns
from . import cables_csv
from .archives import ArchiveMember, archive_kind, iter_archive, member_items
from .csv_range import CsvRange, decode_range
from .zip_range import ZipRange
from .detect import HEAD_SIZE, detect_container
from .dispatch import guarded_rows, iter_unwrap
from .input_fixes import fix_input
from .unwrapped import Unwrapped

__all__ = ["read_path", "unwrap_bytes", "decode_bytes", "wide_encoding", "file_container", "display_path",
           "UnreadableEntry"]

_HEAD_BYTES = 4 * HEAD_SIZE  # enough bytes for HEAD_SIZE characters of UTF-8
_SURROGATE = module_patterns.compile("[\udc80-\udcff]")


# Compressed files, by their magic bytes, and the standard-library module
# that reads each (imported when a file needs it: they cost start-up time).
# Corpora are kept compressed (cables.csv is 1.7 GB); such a file used to be
# read as one undecodable cable.
_COMPRESSED = {"gzip": (b"\x1f\x8b", "gzip"), "bzip2": (b"BZh", "bz2"), "xz": (b"\xfd7zXZ\x00", "lzma")}


def _compression(head: bytes) -> str | None:
    """``'gzip'``, ``'bzip2'`` or ``'xz'`` when ``head`` starts with that format's magic bytes."""
    for kind, (magic, _module) in _COMPRESSED.items():
        if head.startswith(magic):
            return kind
    return None


def _codec(kind: str) -> Any:
    return importlib.import_module(_COMPRESSED[kind][1])


def _decompression_errors() -> tuple[type[BaseException], ...]:
    """What a cut or corrupt archive raises while it is read (beyond OSError)."""
    errors: list[type[BaseException]] = [EOFError]
    for module, name in (("zlib", "error"), ("lzma", "LZMAError")):
        loaded = sys.modules.get(module)
        if loaded is not None:
            errors.append(getattr(loaded, name))
    return tuple(errors)


_WIDE_SAMPLE = 4096


def wide_encoding(data: bytes) -> tuple[str, bool] | None:
    """The UTF-16 or UTF-32 form of text in ``data``, and whether a byte-order mark says so.

    With a byte-order mark: ``utf-32`` (checked first: its little-endian mark
    starts with UTF-16's) or ``utf-16``.  Without one, text that is mostly
    ASCII — a cable — shows its form in its NUL bytes: in UTF-16-LE every
    odd byte is NUL and no even one, and so on (at least 90 % of the first
    4 KB's bytes at those places, at most 10 % elsewhere).  Such bytes are
    valid UTF-8 too (NUL is a character), so without this a cable saved as
    UTF-16 without a mark was read as text with a NUL after every letter:
    nothing found, and, when it was all ASCII, no diagnostic.  ``None`` for
    anything else.
    """
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32", True
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", True
    sample = data[:_WIDE_SAMPLE]
    sample = sample[: len(sample) - len(sample) % 4]
    if len(sample) < 8 or b"\x00" not in sample:
        return None

    def nul_share(start: int, step: int) -> float:
        part = sample[start::step]
        return part.count(0) / len(part)

    fours = [nul_share(k, 4) for k in range(4)]
    if fours[0] < 0.1 and min(fours[1:]) > 0.9:
        return "utf-32-le", False
    if fours[3] < 0.1 and min(fours[:3]) > 0.9:
        return "utf-32-be", False
    even, odd = nul_share(0, 2), nul_share(1, 2)
    if even < 0.1 and odd > 0.9:
        return "utf-16-le", False
    if odd < 0.1 and even > 0.9:
        return "utf-16-be", False
    return None


def _wide_note(where: str, encoding: str) -> Diagnostic:
    return Diagnostic(
        "decode-fallback",
        f"{where}no byte-order mark, but the NUL bytes fall where {encoding.upper()} puts them "
        f"in ASCII text: decoded as {encoding.upper()}")


def decode_bytes(data: bytes, name: str | None = None) -> tuple[str, Diagnostic | None]:
    """``data`` as text, and a ``decode-fallback`` diagnostic if it was not UTF-8."""
    where = f"{name}: " if name else ""
    wide = wide_encoding(data)
    if wide is not None:
        encoding, marked = wide
        try:
            text = data.decode(encoding)  # "utf-16" and "utf-32" drop their mark
        except UnicodeDecodeError:
            pass  # not really UTF-16/32: fall through to UTF-8 and the 8-bit fallback
        else:
            if marked:
                return text, None
            return text, _wide_note(where, encoding)
    skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    body = data[skip:] if skip else data
    try:
        return body.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    text, encoding = _decode_8bit(body)
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


def _head_text(head: bytes, wide: tuple[str, bool] | None) -> str:
    """The first bytes as text, good enough for :func:`detect_container`;
    ``wide`` is their :func:`wide_encoding`."""
    if wide is not None:
        return head.decode(wide[0], errors="replace")
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8):]
    return head.decode("utf-8", errors="replace")


def _through_compression(handle: BinaryIO, real: str) -> tuple[BinaryIO, bytes]:
    """``handle`` (just opened on ``real``) and its first bytes; for a
    compressed file that can be reopened, a decompressing handle (which owns
    its file) and the first decompressed bytes instead."""
    head = handle.read(_HEAD_BYTES)
    compression = _compression(head)
    if compression is not None and handle.seekable():
        handle.close()
        handle = _codec(compression).open(real, "rb")
        try:
            head = handle.read(_HEAD_BYTES)
        except BaseException:
            handle.close()
            raise
    return handle, head


def file_container(path: str) -> str | None:
    """The container of the file at ``path``, from its first bytes read as
    :func:`read_path` reads them (through compression, in UTF-16/32);
    ``'archive'`` for a zip or tar archive.

    Raises ``OSError`` (or a decompressor's error) when it cannot be read.
    """
    handle = open(path, "rb")  # noqa: SIM115 - closed below
    try:
        handle, head = _through_compression(handle, path)
    finally:
        handle.close()
    if archive_kind(head) is not None:
        return "archive"
    return detect_container(_head_text(head, wide_encoding(head)))


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


@overload
def read_path(path: str | os.PathLike[str], *, defer_members: Literal[False] = False) -> Iterator[Unwrapped]: ...
@overload
def read_path(path: str | os.PathLike[str], *, defer_members: bool) -> Iterator[Unwrapped | ArchiveMember]: ...


def read_path(path: str | os.PathLike[str], *, defer_members: bool = False) -> Iterator[Any]:
    """The cables in the file at ``path``: one, or one per row of a ``cables.csv``.

    Args:
        path: a ``str`` or ``os.PathLike``.
        defer_members: give each member of an archive as an
            :class:`~cablelib.sources.archives.ArchiveMember`, to be read by
            :func:`read_archive_member` (in a corpus run's worker).

    Returns:
        An iterator of :class:`Unwrapped`, each named ``str(path)`` (CSV rows:
        ``f"{path}#row{n}"``).

    Raises:
        CableSourceError: the path does not exist, is a directory, or cannot
            be read.  Content problems never raise; they become diagnostics.
    """
    if isinstance(path, UnreadableEntry):
        raise CableSourceError(f"{display_path(path)}: {path.reason}")
    if isinstance(path, ZipRange):  # a share of a zip (cablelib.dask): its members only
        return iter_archive("zip", path, display_path(str(path)), unwrap_bytes, _inner_archive,
                            defer=defer_members)
    if isinstance(path, CsvRange):  # a share of a cables.csv (cablelib.dask): its rows only
        return _read_csv_range(path)
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
        handle, head = _through_compression(handle, real)  # a compressed file is read streaming
        archive = archive_kind(head)
        if archive is not None and handle.seekable():  # each member a file of its own
            handle.seek(0)
            stream, handle = handle, None
            return _archive_items(archive, stream, real, name, defer_members)
        wide = wide_encoding(head)
        if detect_container(_head_text(head, wide)) == cables_csv.CONTAINER and handle.seekable():
            handle.seek(0)
            stream, handle = handle, None
            return _stream_csv(stream, name, wide)
        data = head + handle.read()
    except OSError as exc:  # gzip's BadGzipFile is one
        raise CableSourceError(f"{name}: cannot read: {exc.strerror or exc}") from exc
    except _decompression_errors() as exc:  # a cut or corrupt archive
        raise CableSourceError(f"{name}: cannot decompress: {exc}") from exc
    finally:
        if handle is not None:
            handle.close()

    return unwrap_bytes(data, name)


def _archive_items(kind: str, stream: BinaryIO, real: str, name: str, defer: bool = False) -> Iterator[Any]:
    """The items of an archive file; ``stream`` (at its start) is closed at the end."""
    try:
        if kind == "zip":
            stream.close()  # the zip is opened again by its path: it needs to seek
            yield from iter_archive(kind, real, name, unwrap_bytes, _inner_archive, defer=defer)
        else:
            yield from iter_archive(kind, stream, name, unwrap_bytes, _inner_archive, defer=defer)
    finally:
        stream.close()


def read_archive_member(member: ArchiveMember) -> list[Unwrapped]:
    """The cables of an archive member that :func:`read_path` gave unread (``defer_members``)."""
    return member_items(member.name, member.data, unwrap_bytes, _inner_archive)


def _inner_archive(data: bytes) -> str | None:
    """Whether a member's bytes are an archive themselves (compressed or not)."""
    compression = _compression(data)
    if compression is not None:
        try:
            with _codec(compression).open(io.BytesIO(data), "rb") as inner:
                data = inner.read(_HEAD_BYTES)
        except Exception:  # noqa: BLE001 - a corrupt member: unwrap_bytes reports it
            return None
    return archive_kind(data)


def unwrap_bytes(data: bytes, name: str) -> Iterator[Unwrapped]:
    """The cables in ``data``, the bytes of a whole file (or of stdin), decoded
    as :func:`decode_bytes` does and unwrapped as :func:`iter_unwrap` does;
    gzip, bzip2 and xz data is decompressed first, and a zip or tar archive
    gives the cables of its member files (:mod:`cablelib.sources.archives`)."""
    compression = _compression(data)
    if compression is not None:
        try:
            data = _codec(compression).decompress(data)
        except (OSError, *_decompression_errors()) as exc:
            raise CableSourceError(f"{name}: cannot decompress: {exc}") from exc
    archive = archive_kind(data)
    if archive is not None:
        return iter_archive(archive, io.BytesIO(data), name, unwrap_bytes, _inner_archive)
    text, problem = decode_bytes(data, name)
    text, repairs = fix_input(text)
    items = list(iter_unwrap(text, name))
    notes = (problem, *repairs) if problem is not None else repairs
    if notes:
        items = [attrs.evolve(u, diagnostics=(*notes, *u.diagnostics)) for u in items]
    return iter(items)


def _stream_csv(handle: BinaryIO, name: str, wide: tuple[str, bool] | None = None) -> Iterator[Unwrapped]:
    # A UTF-16/32 file (Excel's "Unicode text") is read in its own form
    # (``wide``, from wide_encoding; a guess without a byte-order mark is said
    # on every row); a byte that does not decode becomes a lone surrogate, as
    # in UTF-8, and its row gets the 8-bit fallback below.
    stream = io.TextIOWrapper(handle, encoding=wide[0] if wide else "utf-8-sig", errors="surrogateescape",
                              newline="")
    guess = _wide_note(f"{name}: ", wide[0]) if wide is not None and not wide[1] else None
    return _csv_items(stream, name, guess)


def _read_csv_range(piece: CsvRange) -> Iterator[Unwrapped]:
    """The rows of one range of a ``cables.csv`` (found by :mod:`cablelib.sources.csv_split`),
    numbered and named as a reading of the whole file numbers them."""
    name = display_path(str(piece))
    try:
        with open(str(piece), "rb") as handle:
            handle.seek(piece.start)
            data = handle.read(piece.end - piece.start)
    except FileNotFoundError as exc:
        raise CableSourceError(f"{name}: no such file") from exc
    except OSError as exc:
        raise CableSourceError(f"{name}: cannot read: {exc.strerror or exc}") from exc
    if len(data) != piece.end - piece.start:
        raise CableSourceError(f"{name}: shorter than when it was split ({piece.start + len(data)} bytes, "
                               f"a range to byte {piece.end})")
    return _csv_items(io.StringIO(decode_range(data, piece.start), newline=""), name, None, piece)


def _csv_items(stream: io.TextIOBase, name: str, guess: Diagnostic | None,
               piece: CsvRange | None = None) -> Iterator[Unwrapped]:
    """The rows of a CSV text stream: the whole file, or the range ``piece`` of it."""

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

    if piece is None:
        rows = cables_csv.iter_csv_lines(stream, name, fix_row)
        before = None
    else:
        rows = cables_csv.iter_csv_lines(stream, name, fix_row, first_row=piece.first_row,
                                         first_line=piece.first_line)
        before = piece.first_row - 1
    try:
        for row in guarded_rows(rows, name, before):
            yield row if guess is None else attrs.evolve(row, diagnostics=(guess, *row.diagnostics))
    except CableSourceError:
        raise
    except OSError as exc:
        raise CableSourceError(f"{name}: cannot read: {exc.strerror or exc}") from exc
    finally:
        stream.close()
