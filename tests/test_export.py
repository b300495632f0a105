"""``cablelib export``: JSON Lines identical to ``cablelib parse``, Parquet that DuckDB
and pandas read, a summary, and errors that never stop the run.

Row counts are checked against MANIFEST.tsv (316 files, the CSV holds two
cables: 317), not against the parser's own output.  The seed's values
(two references, 06STATE178111 and 06PHNOMPENH1646; TO RUEHC/SECSTATE WASHDC
PRIORITY 7672) were read off examples/06PHNOMPENH2131.txt.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from typing import Any
from pathlib import Path

import pytest

import cablelib
from cablelib import export as cexport
from cablelib.cli import main
from cablelib.progress import Progress
from interrupting import StopAfter
from cables import CONTAINER_SAMPLES, cable_path, cable_paths

ROOT = Path(__file__).resolve().parent.parent
CONTAINERS = [str(p) for p in cable_paths(CONTAINER_SAMPLES)]
SEED = ROOT / "examples" / "06PHNOMPENH2131.txt"
SHARED_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _cable_folders(corpus: Path) -> list[str]:
    """The format folders: every cable file, without README.md and MANIFEST.tsv."""
    return sorted(str(p) for p in corpus.iterdir() if p.is_dir())


def _manifest_cables(corpus: Path) -> int:
    rows = list(csv.DictReader(io.StringIO((corpus / "MANIFEST.tsv").read_text(encoding="utf-8")),
                               delimiter="\t"))
    return len(rows) + sum(1 for r in rows if r["format"] == "csv")  # the CSV file holds 2 cables


def _lines(text: str) -> list[str]:
    """JSON Lines split on \\n only: str.splitlines() would also split inside a
    string holding U+2028 or U+0085, which JSON keeps unescaped (ensure_ascii=False)."""
    return text[:-1].split("\n") if text.endswith("\n") else text.split("\n") if text else []


def _parse_output(capsys: pytest.CaptureFixture[str], sources: list[str]) -> str:
    assert main(["parse", *sources]) == 0
    return capsys.readouterr().out


@pytest.fixture(scope="module")
def shared_exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if not SHARED_CORPUS.is_dir():
        pytest.skip("shared corpus not found")
    out = tmp_path_factory.mktemp("export")
    paths = {"jsonl": out / "corpus.jsonl", "parquet": out / "corpus.parquet"}
    folders = _cable_folders(SHARED_CORPUS)
    assert main(["export", *folders, "--format", "jsonl", "--output", str(paths["jsonl"]),
                 "--jobs", "2", "--progress", "none"]) == 0
    assert main(["export", *folders, "-o", str(paths["parquet"]), "--progress", "none"]) == 0
    return paths


def test_shared_corpus_jsonl_has_one_line_per_cable_and_equals_parse(
        shared_exports: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    lines = _lines(shared_exports["jsonl"].read_text(encoding="utf-8"))
    assert len(lines) == _manifest_cables(SHARED_CORPUS) == 317
    expected = _parse_output(capsys, _cable_folders(SHARED_CORPUS))
    assert shared_exports["jsonl"].read_text(encoding="utf-8") == expected


def test_shared_corpus_parquet_reads_back_in_duckdb(shared_exports: dict[str, Path]) -> None:
    duckdb = pytest.importorskip("duckdb")
    path = str(shared_exports["parquet"])
    con = duckdb.connect()
    (rows, refs), = con.execute(
        'SELECT count(*), sum(len("references")) FROM read_parquet(?)', [path]).fetchall()
    assert rows == 317
    # The same number of references as the JSON Lines export holds.
    lines = [json.loads(x) for x in _lines(shared_exports["jsonl"].read_text(encoding="utf-8"))]
    assert refs == sum(len(d["references"]) for d in lines)
    seed = con.execute(
        'SELECT r.letter, r.canonical_id FROM (SELECT unnest("references") AS r FROM read_parquet(?) '
        "WHERE reference_id = '06PHNOMPENH2131' AND wrapper.container = 'wikileaks-text')", [path]).fetchall()
    assert seed == [("A", "06STATE178111"), ("B", "06PHNOMPENH1646")]
    (to,), = con.execute(
        "SELECT recipients[1] FROM read_parquet(?) WHERE reference_id = '06PHNOMPENH2131' "
        "AND wrapper.container = 'wikileaks-text'", [path]).fetchall()
    assert (to["route"], to["name"], to["precedence"], to["serial"]) == ("RUEHC", "SECSTATE WASHDC", "PRIORITY", "7672")


def test_parquet_schema_is_the_documented_one_and_pandas_reads_it(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "c.parquet"
    summary = cexport.export([SEED, cable_path("cables_sample.csv")], "parquet", out)
    assert summary.cables == 3 and summary.errors == []
    table = pq.read_table(out)
    assert table.schema.equals(cexport.parquet_schema())
    assert "captions" not in table.schema.names
    assert str(table.schema.field("paragraphs").type).startswith("list<element: struct<number: int64")
    assert str(table.schema.field("dtg").type) == "timestamp[us, tz=UTC]"
    pandas = pytest.importorskip("pandas")
    frame = table.to_pandas()
    assert isinstance(frame, pandas.DataFrame)
    seed = frame.iloc[0]
    assert seed["reference_id"] == "06PHNOMPENH2131"
    assert str(seed["dtg"]) == "2006-12-04 08:08:00+00:00"  # DTG 040808Z DEC 06
    assert [p["marking"] for p in seed["paragraphs"]] == ["U", "SBU", "SBU", "SBU", "U", "SBU", "SBU", "SBU"]
    # Spans survive: the paragraph's span slices its text out of the source column.
    first = seed["paragraphs"][0]
    assert seed["source"][first["span"]["start"]:first["span"]["end"]].startswith("1. (U)")
    assert list(frame["reference_id"][1:]) == ["66BUENOSAIRES2481", "72TEHRAN1164"]


def test_jsonl_export_equals_parse_output_for_any_jobs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sources = CONTAINERS
    expected = _parse_output(capsys, sources)
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}.jsonl"
        assert main(["export", *sources, "-o", str(out), "-j", jobs, "--progress", "none"]) == 0
        assert out.read_text(encoding="utf-8") == expected
    assert len(_lines(expected)) == 16  # 15 files, the CSV holds two cables


def test_bad_files_are_reported_counted_and_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("VZCZCXRO5044\nDE RUEHPF #2131/01 3380808\nZNR UUUUU ZZH\nGarbage\n", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    out = tmp_path / "out.jsonl"
    status = main(["export", str(SEED), str(missing), str(bad), str(SEED), "--strict", "-o", str(out),
                   "-j", "2", "--progress", "none"])
    assert status == 1
    err = capsys.readouterr().err
    assert f"cablelib: {missing}: no such file" in err
    assert f"cablelib: {bad}:4:1: unexpected text 'Garbage'" in err
    assert "exported 2 cables to" in err
    assert "errors: 2" in err
    assert len(_lines(out.read_text(encoding="utf-8"))) == 2


def test_summary_counts_diagnostics_by_code(tmp_path: Path) -> None:
    garbled = tmp_path / "garbled.txt"
    text = SEED.read_text(encoding="utf-8").replace("ZNR UUUUU ZZH\n", "ZNR UUUUU ZZH\nGarbage here\n")
    garbled.write_text(text, encoding="utf-8")
    summary = cexport.export([garbled, SEED], "jsonl", tmp_path / "o.jsonl")
    assert summary.cables == 2
    expected = cablelib.parse_file(garbled).diagnostics
    assert len(expected) >= 1
    codes: dict[str, int] = {}
    for d in (*expected, *cablelib.parse_file(SEED).diagnostics):
        codes[d.code] = codes.get(d.code, 0) + 1
    assert summary.diagnostics == codes
    report = summary.report()
    assert report.startswith("exported 2 cables to ")
    assert "errors: 0" in report
    assert "diagnostics by code: " + ", ".join(f"{c} {n}" for c, n in sorted(codes.items(), key=lambda kv: (-kv[1], kv[0]))) in report


def test_format_comes_from_the_suffix_unless_given(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    out = tmp_path / "x.parquet"
    assert main(["export", str(SEED), "-o", str(out), "--progress", "none"]) == 0
    assert out.read_bytes()[:4] == b"PAR1"
    out = tmp_path / "x.data"
    assert main(["export", str(SEED), "-o", str(out), "--progress", "none"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["reference_id"] == "06PHNOMPENH2131"


def test_plain_progress_line_shows_rate_and_eta() -> None:
    stream = io.StringIO()
    progress = Progress(total_bytes=1000, stream=stream)
    progress.start -= 10.0  # as if it had run for ten seconds
    progress.update(50, 250)
    line = progress.line()
    assert line.startswith("50 cables  5.0 cables/s")
    assert " 25% ETA 00:30" in line  # a quarter of the bytes in 10 s: 30 s to go
    progress.close()
    assert stream.getvalue().endswith("\n")


@pytest.mark.parametrize("kind", ["tqdm", "rich"])
def test_library_progress_bars_run(kind: str, tmp_path: Path) -> None:
    pytest.importorskip(kind)
    from cablelib.progress import make_progress

    stream = io.StringIO()
    progress = make_progress(SEED.stat().st_size, stream=stream, kind=kind)
    assert type(progress).__name__.lower().startswith("_" + kind)
    summary = cexport.export([SEED], "jsonl", tmp_path / "o.jsonl", progress=progress)
    assert summary.cables == 1
    assert "cables" in stream.getvalue()


def test_parquet_from_two_workers_equals_one_and_keeps_row_groups_whole(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    tables = []
    for jobs in (1, 2):
        out = tmp_path / f"j{jobs}.parquet"
        summary = cexport.export([*CONTAINERS, SEED], "parquet", out, jobs=jobs)
        assert summary.cables == 17 and summary.errors == []
        tables.append(pq.read_table(out))
        assert pq.ParquetFile(out).metadata.num_row_groups == 1  # 17 rows < BATCH_ROWS
    assert tables[0].equals(tables[1])
    assert tables[0].column("reference_id").to_pylist()[-1] == "06PHNOMPENH2131"


def test_a_json_line_is_json_dumps_of_to_dict() -> None:
    """cable_json's own encoder (no circular-reference check) writes what json.dumps writes."""
    cables = [cable for path in CONTAINER_SAMPLES for cable in cablelib.iter_corpus([cable_path(path)])]
    assert len(cables) >= 10
    for cable in cables:
        assert cexport.cable_json(cable) == json.dumps(cable.to_dict(), ensure_ascii=False)
        assert cexport.cable_json(cable, indent=2) == json.dumps(cable.to_dict(), ensure_ascii=False, indent=2)


# ------------------------------------------------------------------ the output file


@pytest.fixture(params=["jsonl", "parquet"])
def earlier_output(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, Path]:
    """A format, and an output file of it that an earlier export left."""
    fmt = request.param
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    out = tmp_path / f"cables.{fmt}"
    out.write_bytes(b"an earlier export")
    return fmt, out


def test_an_interrupted_export_leaves_the_earlier_output_and_no_partial_file(
        earlier_output: tuple[str, Path], tmp_path: Path) -> None:
    fmt, out = earlier_output
    # 16 cables in 15 files: the interrupt comes after some were written.
    with pytest.raises(KeyboardInterrupt):
        cexport.export(CONTAINERS, fmt, out, progress=StopAfter(3))
    assert out.read_bytes() == b"an earlier export"
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


def test_a_finished_export_replaces_the_output_with_the_usual_permissions(
        earlier_output: tuple[str, Path], tmp_path: Path) -> None:
    fmt, out = earlier_output
    summary = cexport.export([str(SEED)], fmt, out)
    assert summary.cables == 1 and not summary.errors
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]
    if fmt == "jsonl":
        assert json.loads(out.read_text(encoding="utf-8"))["reference_id"] == "06PHNOMPENH2131"
    else:
        assert out.read_bytes()[:4] == b"PAR1"
    # The mode open() gives a new file here (0o666 less the umask), not mkstemp's 0o600.
    plain = tmp_path / "plain"
    with open(plain, "wb"):
        pass
    assert out.stat().st_mode & 0o777 == plain.stat().st_mode & 0o777


@pytest.mark.parametrize("name", ["missing-dir/cables.jsonl", "missing-dir/cables.parquet", "."])
def test_an_output_that_cannot_be_written_fails_clearly_before_parsing(
        name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if name.endswith(".parquet"):
        pytest.importorskip("pyarrow")
    out = tmp_path / name
    fmt = "parquet" if name.endswith(".parquet") else "jsonl"
    read: list[str] = []

    def sources() -> Iterator[str]:
        read.append(str(SEED))
        yield str(SEED)
    with pytest.raises(cablelib.CableOutputError, match="cannot write") as caught:
        cexport.export(sources(), fmt, out)
    assert read == []  # refused before the first input was read
    assert isinstance(caught.value, OSError)
    assert str(out) in str(caught.value)
    status = main(["export", str(SEED), "-o", str(out), "--format", fmt, "--progress", "none"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith(f"cablelib: cannot write {out}: ")
    assert "Traceback" not in err and "exported" not in err  # failed before any cable was parsed
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_failed_dask_shard_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pyarrow")
    from cablelib import dask as cdask

    def out_of_memory(cable: cablelib.Cable) -> dict[str, object]:
        raise MemoryError
    with monkeypatch.context() as patch:  # the task fails on its first row
        patch.setattr(cexport, "cable_row", out_of_memory)
        with pytest.raises(MemoryError):
            cdask._write_shard((0, [str(SEED), str(SEED)]), str(tmp_path), {})
    assert list(tmp_path.iterdir()) == []
    written = cdask._write_shard((1, [str(SEED)]), str(tmp_path), {})
    assert written["rows"] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["part-00001.parquet"]


def test_an_export_never_takes_over_another_runs_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cablelib import output_file

    draws = iter(["0000", "1111"])
    monkeypatch.setattr(output_file.secrets, "token_hex", lambda _n: next(draws))
    out = tmp_path / "cables.jsonl"
    other = tmp_path / f".cables.jsonl.{os.getpid()}-0000.partial"  # a concurrent run's, same name drawn
    other.write_bytes(b"another run")
    cexport.export([str(SEED)], "jsonl", out)
    assert other.read_bytes() == b"another run"
    assert json.loads(out.read_text(encoding="utf-8"))["reference_id"] == "06PHNOMPENH2131"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([out.name, other.name])


def test_parquet_rows_read_back_as_the_cables_without_their_caption_copies(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    import attrs

    out = tmp_path / "cables.parquet"
    cexport.export(CONTAINERS, "parquet", out)
    back = [cablelib.Cable.from_dict(row) for row in pq.read_table(out).to_pylist()]
    expected = [attrs.evolve(c, captions=()) for c in cablelib.iter_corpus(CONTAINERS)]
    assert len(back) == len(expected) == 16
    for mine, theirs in zip(back, expected):
        assert mine == theirs
        assert mine.to_dict() == theirs.to_dict()  # spans included


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_an_output_that_is_a_symbolic_link_is_written_through_it(tmp_path: Path) -> None:
    elsewhere = tmp_path / "big-disk"
    elsewhere.mkdir()
    target = elsewhere / "cables.jsonl"
    target.write_bytes(b"an earlier export")
    link = tmp_path / "cables.jsonl"
    link.symlink_to(target)
    cexport.export([str(SEED)], "jsonl", link)
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert json.loads(target.read_text(encoding="utf-8"))["reference_id"] == "06PHNOMPENH2131"
    assert sorted(p.name for p in elsewhere.iterdir()) == ["cables.jsonl"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_an_output_that_is_a_pipe_is_written_as_it_goes(tmp_path: Path) -> None:
    """'-o /dev/stdout' or a named pipe: nothing to rename into, so written directly."""
    import threading

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    cexport.export([str(SEED)], "jsonl", pipe)
    reader.join(30)
    plain = tmp_path / "plain.jsonl"
    cexport.export([str(SEED)], "jsonl", plain)
    assert received == [plain.read_bytes()]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe", "plain.jsonl"]


def test_a_replaced_output_keeps_its_mode(tmp_path: Path) -> None:
    out = tmp_path / "cables.jsonl"
    out.write_bytes(b"an earlier export")
    out.chmod(0o640)
    cexport.export([str(SEED)], "jsonl", out)
    assert out.stat().st_mode & 0o777 == 0o640
    assert json.loads(out.read_text(encoding="utf-8"))["reference_id"] == "06PHNOMPENH2131"


_FORKED_PARQUET = """
import json, sys
from cablelib import corpus
from cablelib.export import export
paths, out = json.loads(sys.argv[1]), sys.argv[2]
chosen = []
original = corpus._context
corpus._context = lambda: chosen.append([original().get_start_method(), "pyarrow" in sys.modules]) or original()
summary = export(paths, "parquet", out, jobs=2)
import pyarrow.parquet
print(json.dumps([chosen, summary.cables, pyarrow.parquet.read_table(out).num_rows]))
"""


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads through Linux's /proc")
def test_a_parquet_export_forks_its_workers_before_pyarrow_starts_its_threads(tmp_path: Path) -> None:
    """The Parquet writer looks for pyarrow at once but imports it with the first batch,
    after the pool is forked: spawned workers would each import cablelib and pyarrow afresh."""
    import subprocess
    import sys

    out = tmp_path / "cables.parquet"
    done = subprocess.run([sys.executable, "-c", _FORKED_PARQUET, json.dumps(CONTAINERS), str(out)],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    chosen, cables, rows = json.loads(done.stdout)
    assert chosen == [["fork", False]]
    assert cables == rows == 16  # the container samples: 15 files, the CSV holds two cables


def test_a_parquet_export_of_no_cables_is_a_file_with_the_schema_and_no_rows(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    (tmp_path / "empty").mkdir()
    out = tmp_path / "none.parquet"
    summary = cexport.export([str(tmp_path / "empty")], "parquet", out)
    assert summary.cables == 0
    table = pq.read_table(out)
    assert table.num_rows == 0 and table.schema.equals(cexport.parquet_schema())


def _combined_sizes(fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many values each call of the writer's ``combine`` got in a serial export of 40 files."""
    writer_class = {"jsonl": cexport.JsonlWriter, "parquet": cexport.ParquetWriter}[fmt]
    sizes: list[int] = []
    original = writer_class.combine

    def counting(values: list[Any]) -> Any:
        sizes.append(len(values))
        return original(values)

    monkeypatch.setattr(writer_class, "combine", staticmethod(counting))
    summary = cexport.export([str(SEED)] * 40, fmt, tmp_path / f"out.{fmt}", jobs=1)
    assert summary.cables == 40
    return sizes


def test_parquet_runs_in_units_of_32_files_and_json_lines_in_units_of_8(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Arrow's conversion costs ~0.3 ms a call, so Parquet asks the runner for bigger units."""
    pytest.importorskip("pyarrow")
    assert _combined_sizes("parquet", tmp_path, monkeypatch) == [32, 8]
    assert _combined_sizes("jsonl", tmp_path, monkeypatch) == [8] * 5


def test_the_runner_takes_unit_sizes_and_refuses_empty_units() -> None:
    from cablelib import corpus

    units = list(corpus._units([*CONTAINERS, str(SEED)], chunk_files=4, chunk_rows=1))
    # 8 files before the CSV, its 2 rows one by one, 6 files after it and the seed.
    assert [(kind, len(items)) for kind, items in units] == [
        ("paths", 4), ("paths", 4), ("rows", 1), ("rows", 1), ("paths", 4), ("paths", 3)]
    with pytest.raises(ValueError, match="at least 1"):
        next(corpus.run([str(SEED)], jobs=1, chunk_files=0))


def test_an_arrow_batch_is_pickled_as_one_ipc_stream() -> None:
    """A RecordBatch pickled by pyarrow goes array by array; an ArrowBatch goes as IPC bytes
    (the parent of a ``--jobs`` Parquet export loads it ten times sooner)."""
    import pickle

    pa = pytest.importorskip("pyarrow")
    rows = [cexport.cable_row(cablelib.parse_file(path)) for path in (SEED, CONTAINERS[0], CONTAINERS[-3])]
    batch = cexport.ParquetWriter.combine(rows)
    assert isinstance(batch, cexport.ArrowBatch)
    rebuild, (data,) = batch.__reduce__()
    assert pa.ipc.open_stream(data).read_all().to_batches()[0].equals(batch.batch)
    back = pickle.loads(pickle.dumps(batch))
    assert isinstance(back, cexport.ArrowBatch) and back.batch.equals(batch.batch)
    assert back.batch.schema.equals(cexport.parquet_schema())
    assert back.batch.column("reference_id").to_pylist() == [
        "06PHNOMPENH2131", "06ANKARA4688", "07KINGSTON382"]


def test_parquet_row_groups_are_cut_by_rows_not_by_the_workers_batches(tmp_path: Path) -> None:
    """Batches of 3 rows flushed once 5 are waiting: row groups of 6, however the batches were cut."""
    pq = pytest.importorskip("pyarrow.parquet")
    paths = [SEED, *map(Path, CONTAINERS[:2])]
    rows = [cexport.cable_row(cablelib.parse_file(path)) for path in paths]
    out = tmp_path / "groups.parquet"
    writer = cexport.ParquetWriter(out, batch_rows=5)
    for _ in range(4):
        writer.write_batch(cexport.ParquetWriter.combine(rows))
    writer.close()
    meta = pq.ParquetFile(out).metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [6, 6]
    assert pq.read_table(out).column("reference_id").to_pylist() == [
        "06PHNOMPENH2131", "06ANKARA4688", "08OTTAWA918"] * 4
