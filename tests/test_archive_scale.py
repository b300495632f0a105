"""Archives of a whole corpus read in memory that does not grow with them:
a zip's central directory a window at a time (cablelib.sources.zip_windows),
a tar's members not kept by tarfile (cablelib.sources.archives).

The archives are built here from the repository's real container samples
(tests/cables.py) in the layouts zip and tar writers produce: every
compression method, comments, a directory entry, data prepended, data
descriptors, ZIP64 records.  What ``zipfile`` reads from the whole archive
is the reference for every member's name and bytes.
"""

from __future__ import annotations

import gzip
import io
import json
import tarfile
import tracemalloc
import zipfile
from pathlib import Path

import pytest

import cablelib
from cablelib.sources import archives, read_path, zip_windows
from cables import CONTAINER_SAMPLES, cable_paths

SAMPLES = [(f"cables/{p.parent.name}/{p.name}", p.read_bytes()) for p in cable_paths(CONTAINER_SAMPLES)]


class _Unseekable(io.RawIOBase):
    """A write-only stream: zipfile then writes each member's sizes in a data descriptor."""

    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b: bytes) -> int:  # type: ignore[override]
        self.data += b
        return len(b)


def _zip_bytes(compression: int = zipfile.ZIP_DEFLATED, *, comments: bool = False, force_zip64: bool = False,
               unseekable: bool = False, members: list[tuple[str, bytes]] | None = None) -> bytes:
    out: io.BytesIO | _Unseekable = _Unseekable() if unseekable else io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:  # type: ignore[arg-type]
        if comments:
            archive.comment = b"the shared corpus, 15 files"
        archive.writestr("cables/", b"")
        for index, (name, data) in enumerate(members or SAMPLES):
            info = zipfile.ZipInfo(name, date_time=(2010, 11, 28, 12, 0, 0))
            info.compress_type = compression
            if comments:
                info.comment = f"member {index}".encode()
            with archive.open(info, "w", force_zip64=force_zip64) as member:
                member.write(data)
    return bytes(out.data) if isinstance(out, _Unseekable) else out.getvalue()


def _reference(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def _windowed(source: object) -> list[tuple[str, bytes]]:
    return [(info.filename, archive.read(info)) for info, archive in zip_windows.iter_members(source)]


LAYOUTS = {
    "deflated": lambda: _zip_bytes(),
    "stored": lambda: _zip_bytes(zipfile.ZIP_STORED),
    "bzip2": lambda: _zip_bytes(zipfile.ZIP_BZIP2),
    "lzma": lambda: _zip_bytes(zipfile.ZIP_LZMA),
    "comments": lambda: _zip_bytes(comments=True),
    "zip64 local headers": lambda: _zip_bytes(force_zip64=True),
    "data descriptors": lambda: _zip_bytes(unseekable=True),
    "data prepended": lambda: b"#!/bin/sh\nexec unzip \"$0\"\n" + b"\x00" * 1000 + _zip_bytes(),
}


@pytest.fixture
def no_whole_archive(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail if the reader falls back to opening the whole archive: the windows must serve."""
    def whole(handle: object) -> None:
        raise AssertionError("opened the whole archive")
    monkeypatch.setattr(zip_windows, "_whole", whole)


@pytest.mark.usefixtures("no_whole_archive")
@pytest.mark.parametrize("window", [1, 2, 7, 4096])
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_member_as_zipfile_reads_it_whatever_the_window(
        layout: str, window: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = LAYOUTS[layout]()
    monkeypatch.setattr(zip_windows, "WINDOW_ENTRIES", window)
    expected = _reference(data)
    assert len(expected) == len(SAMPLES) + 1  # and the directory entry
    assert expected[1:] == SAMPLES
    path = tmp_path / "corpus.zip"
    path.write_bytes(data)
    assert _windowed(str(path)) == expected
    assert _windowed(io.BytesIO(data)) == expected  # piped in: cablelib parse - < corpus.zip


@pytest.mark.usefixtures("no_whole_archive")
def test_a_zip_of_real_cables_parses_as_the_files_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zip_windows, "WINDOW_ENTRIES", 4)
    path = tmp_path / "corpus.zip"
    path.write_bytes(_zip_bytes())
    # The same cables, the file's name in diagnostics read as the member's.
    from_files = [json.dumps(c.to_dict()).replace(str(p), f"{path}/cables/{p.parent.name}/{p.name}")
                  for p in cable_paths(CONTAINER_SAMPLES) for c in cablelib.iter_corpus(p)]
    from_zip = [json.dumps(c.to_dict()) for c in cablelib.iter_corpus(path)]
    assert len(from_zip) == len(SAMPLES) + 1  # the CSV holds two
    assert from_zip == from_files


def test_a_corrupt_directory_record_ends_the_archive_after_the_members_before_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zip_windows, "WINDOW_ENTRIES", 4)
    data = bytearray(_zip_bytes())
    # The sixth central-directory record (the directory entry is the first):
    # its signature broken, so the second window cannot be read.
    start = data.index(b"PK\x01\x02")
    for _ in range(5):
        start = data.index(b"PK\x01\x02", start + 1)
    data[start:start + 4] = b"PK\x09\x09"
    path = tmp_path / "broken.zip"
    path.write_bytes(bytes(data))
    items = list(read_path(str(path)))
    assert [u.name for u in items[:-1]] == [f"{path}/{name}" for name, _ in SAMPLES[:3]]
    (last,) = items[-1].diagnostics
    assert last.code == "unwrap-failed"
    assert last.message == (f"{path}: reading the archive stopped after 3 file(s) "
                            "(BadZipFile: Bad magic number for central directory)")
    with pytest.raises(zipfile.BadZipFile):  # zipfile itself reads none of it
        zipfile.ZipFile(path)


def test_not_a_zip_is_said_as_zipfile_says_it(tmp_path: Path) -> None:
    path = tmp_path / "not.zip"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)  # a zip's first bytes, no directory
    with pytest.raises(zipfile.BadZipFile, match="File is not a zip file"):
        _windowed(str(path))
    empty = io.BytesIO()
    zipfile.ZipFile(empty, "w").close()
    assert _windowed(empty) == []


def _traced_growth(items: object) -> tuple[int, int]:
    """(items, the peak of memory traced while reading them, less memory traced before).

    The peak, not the memory at the end: once the items are all read the
    archive is closed, and what it held is freed.
    """
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        count = sum(1 for _ in items)  # type: ignore[attr-defined]
        return count, tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


def test_a_zip_with_more_members_than_a_zip_end_record_counts_is_read_in_flat_memory(tmp_path: Path) -> None:
    # 66,000 members: past 65,535, so zipfile writes ZIP64 end records.  Real
    # cables at both ends, one-byte members between (the count is what costs).
    last = [(f"end/{name}", data) for name, data in SAMPLES]
    members = SAMPLES + [(f"filler/{i:05d}.txt", b"x") for i in range(66_000 - 2 * len(SAMPLES))] + last
    path = tmp_path / "big.zip"
    path.write_bytes(_zip_bytes(zipfile.ZIP_STORED, members=members))
    items = ((info.filename, archive.read(info)) for info, archive in zip_windows.iter_members(str(path)))
    count, growth = _traced_growth(items)
    assert count == len(members) + 1
    # The whole directory at once (zipfile's ZipInfo for every member, its dict
    # by name, the records read) peaks at 55 MB here; a window at 2.8 MB.
    assert growth < 6_000_000
    ends = [(info.filename, archive.read(info)) for info, archive in zip_windows.iter_members(str(path))]
    assert ends[1:len(SAMPLES) + 1] == SAMPLES and ends[-len(SAMPLES):] == last


def test_a_tar_of_many_members_is_read_in_flat_memory(tmp_path: Path) -> None:
    path = tmp_path / "corpus.tar.gz"
    with tarfile.open(path, "w:gz", compresslevel=1) as archive:
        for copy in range(200):
            for name, data in SAMPLES:
                info = tarfile.TarInfo(f"{copy:03d}/{name}")
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
    with gzip.open(path, "rb") as stream:
        count, growth = _traced_growth(archives._members_tar(stream, "corpus.tar.gz"))
    assert count == 200 * len(SAMPLES)
    # tarfile's own list of members held ~470 bytes for each: 1.9 MB at the
    # peak, against 0.5 MB without it (a member read, the decompressor's buffers).
    assert growth < 1_000_000


def test_a_window_zipfile_refuses_is_read_whole_if_first_else_ends_the_archive(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zip_windows, "WINDOW_ENTRIES", 4)
    path = tmp_path / "corpus.zip"
    path.write_bytes(_zip_bytes())
    expected = _reference(path.read_bytes())
    real_end_records = zip_windows._end_records
    windows: list[int] = []

    def refused_at(bad: int) -> object:
        def end_records(*args: int) -> bytes:
            windows.append(len(windows))
            return b"no end record" if len(windows) == bad else real_end_records(*args)
        return end_records

    # A layout zipfile refuses in the first window: the whole archive, as zipfile reads it.
    monkeypatch.setattr(zip_windows, "_end_records", refused_at(1))
    assert _windowed(str(path)) == expected
    # In a later window: the members before it, then zipfile's error.
    windows.clear()
    monkeypatch.setattr(zip_windows, "_end_records", refused_at(2))
    got = []
    with pytest.raises(zipfile.BadZipFile):
        for info, archive in zip_windows.iter_members(str(path)):
            got.append((info.filename, archive.read(info)))
    assert got == expected[:4]


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_ranges_of_a_zip_read_together_are_the_whole_zip(layout: str, tmp_path: Path) -> None:
    import pickle

    path = tmp_path / "corpus.zip"
    path.write_bytes(LAYOUTS[layout]())
    ranges = zip_windows.zip_ranges(str(path), 3)
    assert [piece.records for piece in ranges] == [3] * 5 + [1]  # 16 records: the directory entry, 15 files
    ranges = [pickle.loads(pickle.dumps(piece)) for piece in ranges]  # as a task receives them
    assert ranges[0] == str(path) and ranges[0].count("/") == str(path).count("/")  # a str, whole
    assert [(info.filename, archive.read(info)) for piece in ranges
            for info, archive in zip_windows.iter_members(piece)] == _reference(path.read_bytes())
    # read_path names a range's members as it names the whole archive's (a
    # file that starts with other data is not read as an archive: no ranges
    # are made of it, see cablelib.dask).
    if layout != "data prepended":
        assert [u.name for piece in ranges for u in read_path(piece)] == [u.name for u in read_path(str(path))]
