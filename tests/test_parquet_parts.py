"""``--rows-per-file``: a Parquet export as a directory of part files, in input order.

The parts must hold exactly the rows of the single-file export, in the same
order, cut every N rows (17 cables: the 15 container samples, whose CSV holds
two cables, and the seed once more); each part is closed as soon as it is
full, which is what keeps memory flat (cablelib/parquet_parts.py says why);
and the directory is finished or absent, like a single output file, never
deleting files an export did not write.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import cablelib
from cablelib import export as cexport
from cablelib.cli import main
from cablelib.parquet_parts import ParquetParts, part_name
from interrupting import StopAfter
from cables import CONTAINER_SAMPLES, cable_path, cable_paths

pq = pytest.importorskip("pyarrow.parquet")

SEED = cable_path("wikileaks-text/06PHNOMPENH2131.txt")
SOURCES = [*map(str, cable_paths(CONTAINER_SAMPLES)), str(SEED)]
CABLES = 17  # 15 files, the CSV holds two cables, and the seed again


def _parts(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def _siblings(directory: Path) -> list[str]:
    """What else the export left next to its output: nothing, when it is done."""
    return sorted(p.name for p in directory.parent.iterdir() if p != directory)


@pytest.fixture(scope="module")
def single_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("single") / "cables.parquet"
    assert cexport.export(SOURCES, "parquet", out).cables == CABLES
    return out


def test_parts_hold_the_single_files_rows_in_order_cut_every_n_rows(single_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "parts"
    summary = cexport.export(SOURCES, "parquet", out, rows_per_file=5)
    assert summary.cables == CABLES and summary.errors == [] and summary.files == 4
    assert "(parquet, 4 part files)" in summary.report()
    assert _parts(out) == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet", "part-00003.parquet"]
    assert [pq.ParquetFile(out / name).metadata.num_rows for name in _parts(out)] == [5, 5, 5, 2]
    whole = pq.read_table(single_file)
    for name in _parts(out):
        assert pq.read_schema(out / name).equals(cexport.parquet_schema())
    # pyarrow reads the directory as one table: the same rows, in the same order.
    assert pq.read_table(out).equals(whole)
    assert _siblings(out) == []


def test_duckdb_reads_the_directory_as_the_single_file(single_file: Path, tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    out = tmp_path / "parts"
    cexport.export(SOURCES, "parquet", out, rows_per_file=4)
    # Files are read in parallel: the input order is the order of file names and rows.
    query = ('SELECT count(*), sum(len("references")), list(reference_id ORDER BY filename, file_row_number) '
             "FROM read_parquet(?, filename = true, file_row_number = true)")
    con = duckdb.connect()
    (parts,) = con.execute(query, [str(out / "*.parquet")]).fetchall()
    (single,) = con.execute(query, [str(single_file)]).fetchall()
    assert parts[0] == CABLES and parts == single
    assert parts[2][-1] == "06PHNOMPENH2131"


def test_the_parts_are_the_same_for_one_and_two_jobs(tmp_path: Path) -> None:
    made = []
    for jobs in (1, 2):
        out = tmp_path / f"jobs{jobs}"
        assert cexport.export(SOURCES, "parquet", out, jobs=jobs, rows_per_file=6).cables == CABLES
        made.append({name: (out / name).read_bytes() for name in _parts(out)})
    assert list(made[0]) == [part_name(i) for i in range(3)]
    assert made[0] == made[1]


def test_a_workers_batch_is_split_where_a_part_fills_and_full_parts_are_closed_at_once(tmp_path: Path) -> None:
    """Batches of 3 rows into parts of 4: the part boundary falls inside batches.  A part is
    a finished file as soon as it is full, before the export ends (that is what frees its
    row groups' metadata)."""
    paths = [SEED, cable_path("06ANKARA4688.txt"), cable_path("08OTTAWA918.html")]
    rows = [cexport.cable_row(cablelib.parse_file(path)) for path in paths]
    out = tmp_path / "parts"
    writer = ParquetParts(out, 4)
    for _ in range(3):
        writer.write_batch(cexport.ParquetWriter.combine(rows))
    # 9 rows written: two full parts are finished files already; the third is open.
    written = writer._output.temp
    finished = [p for p in _parts(written) if not p.startswith(".")]
    assert finished == ["part-00000.parquet", "part-00001.parquet"]
    assert pq.ParquetFile(written / "part-00001.parquet").metadata.num_rows == 4
    writer.write_batch(cexport.ParquetWriter.combine(rows))
    writer.close()
    assert writer.files == 3
    assert [pq.ParquetFile(out / name).metadata.num_rows for name in _parts(out)] == [4, 4, 4]
    ids = pq.read_table(out).column("reference_id").to_pylist()
    assert ids == ["06PHNOMPENH2131", "06ANKARA4688", "08OTTAWA918"] * 4


def test_no_cables_give_one_part_with_the_schema(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    out = tmp_path / "parts"
    summary = cexport.export([str(tmp_path / "empty")], "parquet", out, rows_per_file=10)
    assert summary.cables == 0 and summary.files == 1
    table = pq.read_table(out / "part-00000.parquet")
    assert table.num_rows == 0 and table.schema.equals(cexport.parquet_schema())


def test_an_earlier_directory_of_parts_is_replaced(tmp_path: Path) -> None:
    out = tmp_path / "parts"
    out.mkdir()
    for index in range(7):  # an earlier export with more parts than this one makes
        (out / part_name(index)).write_bytes(b"an earlier part")
    cexport.export(SOURCES, "parquet", out, rows_per_file=9)
    assert _parts(out) == ["part-00000.parquet", "part-00001.parquet"]
    assert pq.read_table(out).num_rows == CABLES
    assert _siblings(out) == []


def test_an_interrupted_export_leaves_the_earlier_directory_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "parts"
    out.mkdir()
    (out / "part-00000.parquet").write_bytes(b"an earlier part")
    with pytest.raises(KeyboardInterrupt):
        # One file per unit of work here would be too fine; 32-file units: the
        # interrupt comes with the first unit, after its rows were written.
        cexport.export(SOURCES * 3, "parquet", out, rows_per_file=5, progress=StopAfter(1))
    assert _parts(out) == ["part-00000.parquet"]
    assert (out / "part-00000.parquet").read_bytes() == b"an earlier part"
    assert _siblings(out) == []


@pytest.mark.parametrize("kind", ["other files", "a file", "a missing parent"])
def test_an_output_holding_other_files_is_refused_before_any_input_is_read(kind: str, tmp_path: Path) -> None:
    out = tmp_path / "parts"
    if kind == "a missing parent":
        out = tmp_path / "missing" / "parts"
    elif kind == "a file":
        out.write_bytes(b"not a directory")
    else:
        out.mkdir()
        (out / "part-00000.parquet").write_bytes(b"a part")
        (out / "notes.txt").write_text("a user's notes", encoding="utf-8")
    read: list[str] = []

    def sources() -> Iterator[str]:
        read.append(str(SEED))
        yield str(SEED)

    with pytest.raises(cablelib.CableOutputError, match=f"cannot write {out}") as caught:
        cexport.export(sources(), "parquet", out, rows_per_file=5)
    assert read == []
    assert ("notes.txt" in str(caught.value)) == (kind == "other files")
    if kind == "other files":
        assert _parts(out) == ["notes.txt", "part-00000.parquet"]
    elif kind == "a file":
        assert out.read_bytes() == b"not a directory"
    else:
        assert not out.parent.exists()
        out = tmp_path / "missing"
    assert _siblings(out) == []


def test_a_name_taken_during_the_run_is_not_replaced_and_the_parts_are_kept(tmp_path: Path) -> None:
    out = tmp_path / "parts"
    writer = ParquetParts(out, 10)
    writer.write_batch(cexport.ParquetWriter.combine([cexport.cable_row(cablelib.parse_file(SEED))]))
    out.mkdir()
    (out / "notes.txt").write_text("a user's notes", encoding="utf-8")
    with pytest.raises(cablelib.CableOutputError, match="took its place during the run") as caught:
        writer.close()
    assert _parts(out) == ["notes.txt"]
    kept = writer._output.temp
    assert str(kept) in str(caught.value)
    assert pq.read_table(kept / "part-00000.parquet").column("reference_id").to_pylist() == ["06PHNOMPENH2131"]


def test_the_command_writes_parts_and_refuses_them_for_json_lines(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "parts"  # no suffix: --rows-per-file alone means Parquet
    assert main(["export", *SOURCES, "-o", str(out), "--rows-per-file", "8", "--progress", "none"]) == 0
    assert f"exported {CABLES} cables to {out} (parquet, 3 part files)" in capsys.readouterr().err
    assert [pq.ParquetFile(out / name).metadata.num_rows for name in _parts(out)] == [8, 8, 1]
    for argv, message in ((["-f", "jsonl", "--rows-per-file", "8"], "is for --format parquet"),
                          (["--rows-per-file", "0"], "must be at least 1")):
        assert main(["export", str(SEED), "-o", str(tmp_path / "other"), *argv, "--progress", "none"]) == 2
        assert f"cablelib: --rows-per-file {message}" in capsys.readouterr().err
    assert not (tmp_path / "other").exists()
    with pytest.raises(ValueError, match="for Parquet output"):
        cexport.export([str(SEED)], "jsonl", tmp_path / "other.jsonl", rows_per_file=3)
    with pytest.raises(ValueError, match="at least 1"):
        cexport.export([str(SEED)], "parquet", tmp_path / "other", rows_per_file=0)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["parts"]


def test_part_names_sort_in_row_order() -> None:
    names = [part_name(i) for i in (0, 1, 9, 10, 99_999)]
    assert names == ["part-00000.parquet", "part-00001.parquet", "part-00009.parquet", "part-00010.parquet",
                     "part-99999.parquet"]
    assert sorted(names) == names
