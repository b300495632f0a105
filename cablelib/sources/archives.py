"""Zip and tar archives: each file inside is read as a cable file.

Why: the Cablegate pages and their mirrors are passed around as archives —
a tree of HTML pages in a ``.zip`` or a ``.tar.gz`` — and a whole archive
used to be read as one undecodable cable.  :func:`cablelib.sources.files.read_path`
now reads an archive member by member, each as a file of its own (any
container, compressed or not, in any encoding), in the order the archive
stores them, named ``archive.zip/dir/06ANKARA4688.html``.  A tar archive is
read as a stream (``.tar.gz`` members decompressed as they come), a zip one
member at a time and its central directory a few thousand entries at a
time (:mod:`cablelib.sources.zip_windows`), so a large archive is never
held in memory, nor a list of all its members.  Directories,
hidden files (``.DS_Store``) and macOS resource forks (``__MACOSX/``) are
passed over, as a directory walk passes over hidden names; links and devices
in a tar are too.

An archive inside an archive is not opened: it becomes a diagnostic-only
item (``nested-archive``), not text read as a cable.  An archive that
breaks part-way (cut, corrupt) ends with an ``unwrap-failed`` item after the
members it gave, so a corpus run goes on.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO, Literal, overload

from cablelib.errors import CableError

from .unwrapped import Unwrapped, nothing

__all__ = ["ArchiveMember", "archive_kind", "iter_archive", "member_items"]

MemberReader = Callable[[bytes, str], Iterator[Unwrapped]]


def archive_kind(head: bytes) -> str | None:
    """``'zip'`` or ``'tar'`` when the first bytes are such an archive's (a tar's
    ``ustar`` mark is at byte 257), else ``None``."""
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head[257:262] == b"ustar":
        return "tar"
    return None


def _skipped(member: str) -> bool:
    parts = member.split("/")
    return any(part.startswith(".") for part in parts if part) or parts[0] == "__MACOSX"


def _members_zip(source: Any, name: str) -> Iterator[tuple[str, bytes]]:
    from .zip_windows import iter_members  # not the whole central directory at once

    for info, archive in iter_members(source):
        if not info.is_dir() and not _skipped(info.filename):
            yield f"{name}/{info.filename}", archive.read(info)


def _members_tar(stream: BinaryIO, name: str) -> Iterator[tuple[str, bytes]]:
    import tarfile

    with tarfile.open(fileobj=stream, mode="r|") as archive:  # a stream: no seeking back
        while (member := archive.next()) is not None:
            # tarfile keeps every member it has read (for getmembers()): ~470
            # bytes each, 117 MB for a tar of 249,008 members.  Only the current
            # one is needed, and it is held here.
            archive.members.clear()  # type: ignore[attr-defined]
            if member.isfile() and not _skipped(posixpath.normpath(member.name)):
                handle = archive.extractfile(member)
                if handle is not None:
                    yield f"{name}/{member.name}", handle.read()


class ArchiveMember:
    """An archive member's name and bytes, not yet read as a file.

    Why: with ``--jobs``, the parent reads an archive (it is one stream) and
    sends its members to the workers.  Reading a member as a file (decoding,
    finding the cable in its container) cost about as much as taking it out
    of the zip (0.19 against 0.18 ms a member of the shared corpus), so the
    parent sends the bytes and each worker reads them
    (:func:`cablelib.sources.files.read_archive_member`).
    """

    __slots__ = ("name", "data")

    def __init__(self, name: str, data: bytes) -> None:
        self.name = name
        self.data = data


def member_items(member: str, data: bytes, read_member: MemberReader,
                 inner_kind: Callable[[bytes], str | None]) -> list[Unwrapped]:
    """The cables of one member file: ``read_member(data, member)``, or a
    diagnostic when it is an archive itself or cannot be decompressed."""
    nested = inner_kind(data)
    if nested is not None:
        return [nothing("nested-archive", f"{member}: a {nested} archive inside an archive is not read", member)]
    try:
        return list(read_member(data, member))
    except CableError as error:  # a corrupt compressed member: that member only
        return [nothing("unreadable", str(error), member)]


@overload
def iter_archive(kind: str, source: Any, name: str, read_member: MemberReader,
                 inner_kind: Callable[[bytes], str | None], *,
                 defer: Literal[False] = False) -> Iterator[Unwrapped]: ...
@overload
def iter_archive(kind: str, source: Any, name: str, read_member: MemberReader,
                 inner_kind: Callable[[bytes], str | None], *,
                 defer: bool) -> Iterator[Unwrapped | ArchiveMember]: ...


def iter_archive(kind: str, source: Any, name: str, read_member: MemberReader,
                 inner_kind: Callable[[bytes], str | None], *,
                 defer: bool = False) -> Iterator[Unwrapped | ArchiveMember]:
    """The cables of every member file of an archive, in stored order.

    ``source`` is the archive's path (zip) or an open binary stream of it
    (tar, decompressed already); ``read_member(data, member_name)`` reads one
    member's bytes as a file; ``inner_kind(data)`` says whether a member is
    itself an archive (after decompression).  With ``defer``, each member
    comes as an :class:`ArchiveMember` to read later (:func:`member_items`).
    Never raises once started.
    """
    members = _members_zip(source, name) if kind == "zip" else _members_tar(source, name)
    count = 0
    try:
        for member, data in members:
            count += 1
            if defer:
                yield ArchiveMember(member, data)
            else:
                yield from member_items(member, data, read_member, inner_kind)
    except Exception as exc:  # noqa: BLE001 - a cut or corrupt archive ends the file, not the run
        yield nothing("unwrap-failed", f"{name}: reading the archive stopped after {count} file(s) "
                      f"({type(exc).__name__}: {exc})", name)
