"""A ``cables.csv`` cut into ranges that tasks read on their own
(:mod:`cablelib.sources.csv_split`, :class:`~cablelib.sources.csv_range.CsvRange`).

The promise: the ranges of a plan, each read by :func:`cablelib.read_path`
alone, give exactly the rows of a whole-file reading — the same cables,
names (``#rowN``) and diagnostics, row and line numbers in them included —
also where a cut finds a line inside a quoted field that looks like a row.
Each test compares with the whole-file reading of the same file, for many
ways of cutting it.  The files are the real ``cables_sample.csv`` and
``cables.csv`` files written from the repository's real cables.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

import cablelib
from cablelib.api import parse_unwrapped
from cablelib.sources import csv_split, read_path
from cablelib.sources.csv_range import CsvRange
from cables import CABLES, cable_path, cable_paths

SAMPLE = cable_path("cables_sample.csv")


def real_rows(paths: list[Path] | None = None) -> list[list[str]]:
    """One cables.csv row for each real cable in the repository (not CSV itself), or
    for each of ``paths``: the header box is the text before the first blank line,
    the message the rest."""
    rows = []
    for path in sorted(CABLES.rglob("*")) if paths is None else paths:
        if not path.is_file() or path.name.startswith(".") or path.suffix == ".csv":
            continue
        for unwrapped in read_path(path):
            head, _, body = unwrapped.text.strip().partition("\n\n")
            n = len(rows) + 1
            rows.append([str(n), f"1/2/2003 10:{n % 60:02d}", f"03EMBASSY{n}", "Embassy X", "UNCLASSIFIED",
                         "", head, body])
    return rows


def write_rows(path: Path, rows: list[list[str]], newline: str = "\n", prefix: bytes = b"") -> Path:
    """``rows`` as the dump writes them: every field quoted, quotes escaped with a backslash."""
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_ALL, escapechar="\\", doublequote=False,
               lineterminator=newline).writerows(rows)
    text = buffer.getvalue()
    if newline != "\n":  # line breaks inside the fields too
        text = text.replace("\n", newline) if newline == "\r" else text.replace("\r\n", "\n").replace("\n", "\r\n")
    path.write_bytes(prefix + text.encode("utf-8"))
    return path


@pytest.fixture(scope="module")
def rows() -> list[list[str]]:
    return real_rows()


def whole(path: Path) -> list[dict]:
    return [parse_unwrapped(u).to_dict() | {"name": u.name, "unwrapped": u.diagnostics}
            for u in read_path(path)]


def split(path: Path, cuts: list[int]) -> tuple[list[dict] | None, list[csv_split.Scan]]:
    """The rows of ``path`` read range by range as cut at ``cuts``, or ``None`` without a plan."""
    edges = [*cuts[1:], None]
    scans = [csv_split.scan(str(path), cut, next_cut) for cut, next_cut in zip(cuts, edges)]
    ranges = csv_split.plan(str(path), scans)
    if ranges is None:
        return None, scans
    out = []
    for index in range(len(cuts)):
        for piece in csv_split.piece_paths(str(path), ranges, index):
            assert isinstance(piece, CsvRange)
            out.extend(parse_unwrapped(u).to_dict() | {"name": u.name, "unwrapped": u.diagnostics}
                       for u in read_path(piece))
    return out, scans


def test_ranges_of_the_real_sample_read_as_the_whole_file_at_every_cut() -> None:
    expected = whole(SAMPLE)
    assert [c["name"] for c in expected] == [f"{SAMPLE}#row1", f"{SAMPLE}#row2"]
    size = SAMPLE.stat().st_size
    second = SAMPLE.read_bytes().index(b'\n"2","') + 1  # where the second row starts
    planned = 0
    for cut in range(1, size, 7):
        got, scans = split(SAMPLE, [0, cut])
        assert got == expected, cut
        # The second range starts at the second row whenever the cut is at or before it.
        assert scans[1].start == (second if cut <= second else size)
        planned += 1
    assert planned > 1000


def test_ranges_of_real_cables_read_as_the_whole_file(tmp_path: Path, rows) -> None:
    path = write_rows(tmp_path / "cables.csv", rows)
    expected = whole(path)
    assert len(expected) == len(rows) > 50
    data = path.read_bytes()
    size = len(data)
    for every in (997, 4096, 20_000, 65_537, size // 2, size):
        got, scans = split(path, csv_split.cuts(size, every))
        assert got == expected, every
        # Each range's numbers: its first row's, and the line it starts on in the file.
        for piece in filter(None, csv_split.plan(str(path), scans)):
            before = data[:piece.start].decode("utf-8")
            assert piece.first_line == len(io.StringIO(before, newline="").readlines()) + 1
            assert expected[piece.first_row - 1]["name"] == f"{path}#row{piece.first_row}"
            assert expected[piece.first_row - 1]["reference_id"] == rows[piece.first_row - 1][2]


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_windows_and_old_mac_line_ends(tmp_path: Path, rows, newline: str) -> None:
    path = write_rows(tmp_path / "cables.csv", rows[:20], newline=newline)
    data = path.read_bytes()
    assert (b"\r\n" in data) == (newline == "\r\n") and b"\r" in data
    expected = whole(path)
    for every in (1_000, 3_001, 10_000):
        got, _ = split(path, csv_split.cuts(len(data), every))
        assert got == expected, every
    second = data.index(newline.encode() + b'"2","') + len(newline)
    with path.open("rb") as handle:
        assert csv_split.row_start(handle, second - 1) == second
        assert csv_split.row_start(handle, second) == second
        assert csv_split.row_start(handle, second + 1) == data.index(newline.encode() + b'"3","') + len(newline)


def test_byte_order_mark_blank_lines_bad_rows_and_bytes_that_are_not_utf8(tmp_path: Path, rows) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, escapechar="\\", doublequote=False, lineterminator="\n")
    for index, row in enumerate(rows[:24]):
        if index % 5 == 2:
            row = row[:5]  # a row with five columns: a bad-csv-row diagnostic
        writer.writerow(row)
        if index % 4 == 1:
            buffer.write("\n\n")  # blank lines between rows, not counted
    data = b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")
    data = data.replace(b"Embassy X", b"Embassy \xe9", 1)  # one row in cp1252
    path = tmp_path / "cables.csv"
    path.write_bytes(data)
    expected = whole(path)
    codes = [d.code for c in expected for d in c["unwrapped"]]
    assert codes.count("bad-csv-row") == 5 and codes.count("decode-fallback") == 1
    fallback = next(c for c in expected if "decode-fallback" in str(c["unwrapped"]))
    assert fallback["name"].endswith("#row1") and "row 1 is not valid UTF-8" in str(fallback["unwrapped"])
    for every in (1_500, 7_000, 30_000):
        got, _ = split(path, csv_split.cuts(len(data), every))
        assert got == expected, every


def test_a_row_head_inside_a_quoted_field_joins_two_ranges(tmp_path: Path, rows) -> None:
    # A line of a message that starts like a row: a cut before it finds it as
    # a range's start, and the range before it does not end there.
    # (A quote inside a field is written \", so a forged row is unquoted, as in 08MONTEVIDEO34.)
    forged = [*rows[0][:7], rows[0][7] + "\n77,1/2/2003 10:00,03X1,E,U,,h,t\nmore text"]
    path = write_rows(tmp_path / "cables.csv", [forged, *rows[1:6]])
    data = path.read_bytes()
    at = data.index(b"\n77,1/2/2003") + 1
    second = data.index(b'\n"2","') + 1
    cuts = [0, at - 10, second - 5, second + 5]
    got, scans = split(path, cuts)
    assert [s.start for s in scans] == [0, at, second, data.index(b'\n"3","') + 1]
    assert [s.complete for s in scans] == [False, True, True, True]
    ranges = csv_split.plan(str(path), scans)
    # The first two ranges joined, read by the first piece; the second reads nothing.
    assert [(r.start, r.end, r.first_row) if r else None for r in ranges] == [
        (0, second, 1), None, (second, scans[3].start, 2), (scans[3].start, len(data), 3)]
    assert got == whole(path)


def test_the_real_cable_that_quotes_a_cables_csv_row(tmp_path: Path, rows) -> None:
    # 08MONTEVIDEO34's text ends with a cables.csv row, unquoted: a row head.
    row = next(r for r in rows if "138710,1/25/2008 14:55,08MONTEVIDEO34" in r[7])
    path = write_rows(tmp_path / "cables.csv", [rows[0], row, rows[1]])
    data = path.read_bytes()
    at = data.index(b"\n138710,1/25/2008") + 1
    got, scans = split(path, [0, at - 3])
    assert scans[1].start == at and not scans[0].complete
    assert got == whole(path)


def test_a_row_cut_short_by_the_end_of_the_file(tmp_path: Path, rows) -> None:
    path = write_rows(tmp_path / "cables.csv", rows[:6])
    data = path.read_bytes()
    path.write_bytes(data + b'"7","1/2/2003 10:00","03X7","E","UNCLASSIFIED","","header","an open quote\n')
    expected = whole(path)
    assert len(expected) == 7
    got, scans = split(path, [0, len(data) - 100, len(data)])
    assert got == expected and scans[-1].rows == 1
    # No line end after the last row, and a last cut that finds no row start:
    # the range before it runs to the end of the file.
    path.write_bytes(data.rstrip(b"\n"))
    expected = whole(path)
    got, scans = split(path, [0, len(data) - 100, len(data) - 5])
    assert got == expected and scans[1].end == scans[2].start == len(data) - 1


def test_no_plan_for_a_file_without_rows_and_a_read_range_checks_its_length(tmp_path: Path) -> None:
    path = tmp_path / "cables.csv"
    path.write_bytes(b"\n\n\n")
    assert csv_split.plan(str(path), [csv_split.scan(str(path), 0, None)]) is None
    assert csv_split.piece_paths(str(path), None, 0) == [str(path)]
    assert csv_split.piece_paths(str(path), None, 1) == []
    with pytest.raises(cablelib.CableSourceError, match="shorter than when it was split"):
        read_path(CsvRange(str(path), 0, 10, 1, 1))
    with pytest.raises(cablelib.CableSourceError, match="no such file"):
        read_path(CsvRange(str(tmp_path / "gone.csv"), 0, 10, 1, 1))


def test_a_row_head_across_the_scan_blocks(tmp_path: Path, rows, monkeypatch) -> None:
    monkeypatch.setattr(csv_split, "_BLOCK", 64)
    path = write_rows(tmp_path / "cables.csv", rows[:8])
    data = path.read_bytes()
    # A row head is a line that starts like a row (the docstring's shape), also inside
    # a quoted field: 04THEHAGUE1903's text quotes a cables.csv row, with its number
    # and date unquoted ("19205,7/29/2004 5:59,04THEHAGUE1903,...").  plan() sorts
    # those out; row_start only finds them.
    shape = re.compile(rb'[ \t]*"?\d+"?[ \t]*,[ \t]*"?\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}')
    heads = [i + 1 for i in range(len(data)) if data[i:i + 1] == b"\n" and shape.match(data, i + 1)]
    assert any(data[h:h + 1] != b'"' for h in heads)  # the quoted row among them
    with path.open("rb") as handle:
        for at in range(1, len(data), 13):
            expected = next((h for h in heads if h >= at), len(data))
            assert csv_split.row_start(handle, at) == expected, at


def test_what_is_split(tmp_path: Path) -> None:
    import gzip

    assert csv_split.splittable_size(str(SAMPLE)) == SAMPLE.stat().st_size
    packed = tmp_path / "cables.csv"
    packed.write_bytes(gzip.compress(SAMPLE.read_bytes()))
    wide = tmp_path / "wide.csv"
    wide.write_bytes(SAMPLE.read_bytes().decode("utf-8").encode("utf-16"))
    page = tmp_path / "page.csv"
    page.write_bytes(cable_path("06PHNOMPENH2131.txt").read_bytes())
    for path in (packed, wide, page, tmp_path / "missing.csv"):
        assert csv_split.splittable_size(str(path)) is None, path.name
    assert csv_split.cuts(10, 4) == [0, 4, 8] and csv_split.cuts(0, 4) == [0]


def test_a_range_pickles_with_its_offsets() -> None:
    import pickle

    piece = CsvRange("/data/cables.csv", 10, 20, 3, 40)
    back = pickle.loads(pickle.dumps(piece))
    assert type(back) is CsvRange and back == "/data/cables.csv"
    assert (back.start, back.end, back.first_row, back.first_line) == (10, 20, 3, 40)
    assert "first_row=3" in repr(back)


def test_a_row_the_csv_module_cannot_read_is_numbered_as_in_the_whole_file(monkeypatch) -> None:
    # No text makes this dialect raise csv.Error on CPython 3.11 (strict=False),
    # so a reader that fails on the second row stands in for one that does.
    import cablelib.sources.cables_csv as cables_csv

    class Failing:
        def __init__(self, lines) -> None:
            self.lines, self.line_num, self.calls = iter(lines), 0, 0

        def __next__(self) -> list[str]:
            line = next(self.lines)
            self.line_num += 1
            self.calls += 1
            if self.calls == 2:
                raise csv.Error("unexpected end of data")
            return line.rstrip("\n").split(",")

    monkeypatch.setattr(cables_csv, "csv_reader", Failing)
    lines = ["1,2/25/1972 9:30,72TEHRAN1164,a,b,c,d,e\n", "broken\n", "3,2/25/1972 9:30,72X,a,b,c,d,e\n"]
    items = list(cables_csv.iter_csv_lines(lines, "cables.csv", first_row=41, first_line=900))
    assert [u.name for u in items] == ["cables.csv#row41", "cables.csv#row42", "cables.csv#row43"]
    assert items[1].diagnostics[0].message == "row 42 (line 901) cannot be read as CSV: unexpected end of data"
    assert items[2].wrapper.reference_id == "72X"


# The cables whose rows the test below lays out: which cuts find a long head
# depends on the lengths of the rows before it, so they are named, not the
# first files of tests/cables (which grows).
_OVERLAP_ROWS = ("01STATE176819.html", "03KATHMANDU280.html", "04THEHAGUE1903.html", "05MINSK851.html",
                 "06ANKARA4688.html", "06PARAMARIBO343.html")


def test_row_heads_longer_than_the_scan_overlap(tmp_path: Path, monkeypatch) -> None:
    # A head with 260 blanks before its first comma is found from some cuts and
    # missed from others (it fits in a block with its overlap only when it
    # starts early in the block); a scan's start may then lie past its end, and
    # the plan still reads the rows of the whole file.
    rows = real_rows(cable_paths(_OVERLAP_ROWS))
    monkeypatch.setattr(csv_split, "_BLOCK", 64)
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, escapechar="\\", doublequote=False, lineterminator="\n")
    for row in rows[:6]:
        writer.writerow(row)
    text = buffer.getvalue().replace('\n"3",', '\n"3"' + " " * 260 + ",").replace('\n"5",', '\n"5"' + " " * 700 + ",")
    path = tmp_path / "cables.csv"
    path.write_bytes(text.encode("utf-8"))
    expected = whole(path)
    assert [c["reference_id"] for c in expected] == [row[2] for row in rows[:6]]
    third = text.index('\n"3"') + 1
    found = set()
    for cut in range(third - 200, third + 40, 3):
        got, _ = split(path, [0, cut - 150, cut, cut + 500])
        assert got == expected, cut
        with path.open("rb") as handle:
            found.add(csv_split.row_start(handle, cut - 150) == third)
    assert found == {True, False}


def test_a_file_that_cannot_be_read_is_left_to_a_whole_reading(tmp_path: Path, rows) -> None:
    path = write_rows(tmp_path / "cables.csv", rows[:4])
    scans = [csv_split.scan(str(path), cut, after) for cut, after in ((0, 5000), (5000, None))]
    assert csv_split.plan(str(path), scans) is not None
    path.unlink()  # gone after the client cut it
    lost = csv_split.scan(str(path), 5000, None)
    assert lost.failed and lost.rows == 0
    assert csv_split.plan(str(path), [scans[0], lost]) is None
    assert csv_split.plan(str(path), scans) is None  # the plan reads the file too
    assert csv_split.piece_paths(str(path), None, 0) == [str(path)]
