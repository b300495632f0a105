"""cablelib.dask on a local distributed cluster of two worker processes:
the same cables as the serial run, and Parquet shards written by the workers.

Skipped when dask or distributed is not installed (they are in the test
extra).  One cluster serves the whole module: starting it takes a second.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import cablelib
from cablelib.export import cable_json, parquet_schema
from cables import CABLES, CONTAINER_SAMPLES, cable_path, cable_paths

distributed = pytest.importorskip("distributed")
pytest.importorskip("dask.bag")

from cablelib import dask as cdask  # noqa: E402 - after the skip

ROOT = Path(__file__).resolve().parent.parent
CONTAINERS = [str(p) for p in cable_paths(CONTAINER_SAMPLES)]
SHARED_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.fixture(scope="module")
def client():
    # Worker processes must import the cablelib under test (an editable
    # install does it; a bare checkout needs the path).
    saved = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), saved]))
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=40)
    client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()
        if saved is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = saved


def test_the_cluster_has_two_worker_processes(client) -> None:
    workers = client.scheduler_info()["workers"]
    assert len(workers) == 2
    pids = client.run(os.getpid)
    assert len(set(pids.values())) == 2 and os.getpid() not in pids.values()


def test_bag_on_the_cluster_equals_the_serial_run(client) -> None:
    serial = list(cablelib.iter_corpus(CONTAINERS))
    bag = cdask.read_cables(CONTAINERS, files_per_partition=4)
    assert bag.npartitions == 4  # 15 files in partitions of 4
    cables = client.compute(bag).result()
    assert cables == serial
    assert [c.to_dict() for c in cables] == [c.to_dict() for c in serial]


def test_json_lines_from_the_workers_equal_cablelib_parse(client, tmp_path: Path) -> None:
    lines = client.compute(cdask.read_cables(CONTAINERS, convert=cable_json, files_per_partition=5)).result()
    assert lines == [cable_json(c) for c in cablelib.iter_corpus(CONTAINERS)]


def test_glob_and_lists_expand_in_sorted_order() -> None:
    html = sorted(str(p) for p in (CABLES / "cablegate-html").glob("*.html"))
    assert cdask.expand_paths(str(CABLES / "cablegate-html" / "*.html")) == html
    assert cdask.expand_paths([CABLES / "csv", html[0]]) == [str(cable_path("cables_sample.csv")), html[0]]


def test_a_glob_that_matches_nothing_is_an_error_and_a_missing_path_is_reported(tmp_path: Path) -> None:
    pattern = str(tmp_path / "cable*.txt")
    with pytest.raises(cablelib.CableSourceError, match="no file matches this pattern"):
        cdask.read_cables(pattern)
    missing = str(tmp_path / "missing.txt")  # not a pattern: kept, and reported by the run
    assert cdask.expand_paths([missing]) == [missing]


def test_parquet_shards_written_by_the_workers(client, tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    pq = pytest.importorskip("pyarrow.parquet")
    shards = cdask.write_parquet(CONTAINERS, tmp_path / "out", files_per_partition=4, client=client)
    assert [Path(s["path"]).name for s in shards] == [f"part-0000{i}.parquet" for i in range(4)]
    assert sum(s["files"] for s in shards) == 15
    assert sum(s["rows"] for s in shards) == 16  # the CSV holds two cables
    for shard in shards:
        assert pq.read_schema(shard["path"]).equals(parquet_schema())
    serial = list(cablelib.iter_corpus(CONTAINERS))
    # Shards in name order, rows in file order: the serial order.
    rows = duckdb.connect().execute(
        'SELECT reference_id, len("references") FROM read_parquet(?, filename=true, file_row_number=true) '
        "ORDER BY filename, file_row_number", [str(tmp_path / "out" / "*.parquet")]).fetchall()
    assert rows == [(c.reference_id, len(c.references)) for c in serial]


def _samples_zip(path: Path) -> Path:
    """The real container samples in one zip, with a directory entry and a hidden file (17 records)."""
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("cables/", b"")
        for sample in cable_paths(CONTAINER_SAMPLES):
            archive.write(sample, f"cables/{sample.parent.name}/{sample.name}")
        archive.writestr("cables/.DS_Store", b"\x00\x01")
    return path


def test_a_zip_is_split_over_the_tasks_with_the_serial_results(client, tmp_path: Path) -> None:
    archive = _samples_zip(tmp_path / "cablegate.zip")
    sources = [CONTAINERS[0], str(archive), CONTAINERS[1]]
    serial = [c.to_dict() for c in cablelib.iter_corpus(sources)]
    assert len(serial) == 2 + 16  # the zip's CSV holds two cables
    bag = cdask.read_cables(sources, files_per_partition=4)
    # A file, the zip's 17 records in ranges of 4 (5 tasks), a file.
    assert bag.npartitions == 1 + 5 + 1
    assert [c.to_dict() for c in client.compute(bag).result()] == serial
    shards = cdask.write_parquet(sources, tmp_path / "out", files_per_partition=4, client=client)
    # Records in the zip's order: the directory entry, the 15 samples in
    # CONTAINER_SAMPLES order, the hidden file.  Ranges of four: the directory
    # and three pages; four files; a file, the CSV (two rows) and two files;
    # four files; the hidden file alone (no row).
    assert [s["rows"] for s in shards] == [1, 3, 4, 5, 4, 0, 1]
    # A zip named otherwise is not looked into by the client: one task, the same cables.
    renamed = tmp_path / "cablegate.bin"
    renamed.write_bytes(archive.read_bytes())
    bag = cdask.read_cables([CONTAINERS[0], str(renamed), CONTAINERS[1]], files_per_partition=4)
    assert bag.npartitions == 1
    assert [c.to_dict() for c in client.compute(bag).result()] == [
        c.to_dict() for c in cablelib.iter_corpus([CONTAINERS[0], renamed, CONTAINERS[1]])]
    duckdb = pytest.importorskip("duckdb")
    ids = duckdb.connect().execute(
        "SELECT reference_id FROM read_parquet(?, filename=true, file_row_number=true) "
        "ORDER BY filename, file_row_number", [str(tmp_path / "out" / "*.parquet")]).fetchall()
    assert [row[0] for row in ids] == [c["reference_id"] for c in serial]


def test_a_zip_whose_directory_cannot_be_read_is_one_task_as_in_the_serial_run(client, tmp_path: Path) -> None:
    data = bytearray(_samples_zip(tmp_path / "whole.zip").read_bytes())
    at = data.index(b"PK\x01\x02", data.index(b"PK\x01\x02") + 1)  # the second directory record
    data[at:at + 4] = b"PK\x09\x09"
    broken = tmp_path / "broken.zip"
    broken.write_bytes(bytes(data))
    serial = [c.to_dict() for c in cablelib.iter_corpus(broken)]
    assert [d["code"] for c in serial for d in c["diagnostics"]] == ["unwrap-failed"]
    bag = cdask.read_cables([str(broken)], files_per_partition=4)
    assert bag.npartitions == 1
    assert [c.to_dict() for c in client.compute(bag).result()] == serial


@pytest.mark.skipif(not SHARED_CORPUS.is_dir(), reason="shared corpus not found")
def test_whole_shared_corpus_on_the_cluster_equals_the_serial_run(client) -> None:
    folders = sorted(p for p in SHARED_CORPUS.iterdir() if p.is_dir())
    serial = [c.reference_id for c in cablelib.iter_corpus(folders)]
    on_cluster = client.compute(cdask.read_cables(folders, convert=_reference_id)).result()
    assert on_cluster == serial
    assert len(on_cluster) == 317


def _reference_id(cable: cablelib.Cable) -> str | None:
    return cable.reference_id


def test_without_dask_the_functions_say_how_to_get_it():
    code = ("import sys; sys.modules['dask'] = None\n"  # as if it were not installed
            "import cablelib.dask\n"
            "try:\n    cablelib.dask.read_cables([])\n"
            "except ModuleNotFoundError as e:\n    print(e.name, '|', e)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "dask | cablelib.dask needs dask: pip install 'cablelib[dask]'"


def test_a_broken_member_ends_its_range_and_the_later_ranges_are_read(client, tmp_path: Path) -> None:
    # The one documented difference from the serial run, which ends the archive there.
    data = bytearray(_samples_zip(tmp_path / "whole.zip").read_bytes())
    at = data.index(b"cables/cablegate-html/10STATE284.html") + 200  # the fifth record, in the second range
    data[at:at + 50] = b"\xff" * 50
    broken = tmp_path / "broken.zip"
    broken.write_bytes(bytes(data))
    serial = [_id_or_codes(c) for c in cablelib.iter_corpus(broken)]
    on_cluster = [_id_or_codes(c)
                  for c in client.compute(cdask.read_cables([str(broken)], files_per_partition=4)).result()]
    assert serial == ["06ANKARA4688", "08OTTAWA918", "09MALABO13", "unwrap-failed"]
    # The first range whole, the second ended at its first file, the last three whole.
    # (09PARIS848.txt, a fragment without its header, takes its id from its file name.)
    assert on_cluster == serial + [
        "09PARIS848", "66BUENOSAIRES2481", "72TEHRAN1164", "01PRETORIA1173", "06ANKARA4688",
        "66BUENOSAIRES2481", "07KINGSTON382", "09USEUBRUSSELS1177", "06PHNOMPENH2131"]


def _id_or_codes(cable: cablelib.Cable) -> str:
    return cable.reference_id or ",".join(d.code for d in cable.diagnostics)


def test_a_cables_csv_is_split_over_the_tasks_with_the_serial_results(client, tmp_path: Path) -> None:
    from test_csv_split import real_rows, write_rows

    # The repository's real cables as the rows of one cables.csv, 08MONTEVIDEO34
    # (whose text quotes a cables.csv row, a false row start) among them.
    rows = real_rows()
    path = write_rows(tmp_path / "cables.csv", rows)
    size = path.stat().st_size
    sources = [CONTAINERS[0], str(path), CONTAINERS[1]]
    serial = [c.to_dict() for c in cablelib.iter_corpus(sources)]
    assert len(serial) == len(rows) + 2
    bag = cdask.read_cables(sources, files_per_partition=4, csv_bytes_per_partition=20_000)
    assert bag.npartitions == 1 + -(-size // 20_000) + 1
    assert [c.to_dict() for c in client.compute(bag).result()] == serial
    # The default size (2 MiB) keeps a file this small whole, in a run of files.
    assert cdask.read_cables(sources, files_per_partition=4).npartitions == 1
    # A cables.csv named otherwise is not looked into: one task.
    renamed = tmp_path / "cables.txt"
    renamed.write_bytes(path.read_bytes())
    assert cdask.read_cables([str(renamed)], csv_bytes_per_partition=20_000).npartitions == 1

    # Cut just before the row 08MONTEVIDEO34 quotes: the first range does not end
    # at the second's start, so the first task's range takes the second's over.
    every = path.read_bytes().index(b"\n138710,1/25/2008 14:55,08MONTEVIDEO34") + 1 - 3
    shards = cdask.write_parquet([str(path)], tmp_path / "out", csv_bytes_per_partition=every, client=client)
    assert len(shards) == -(-size // every) >= 3
    assert shards[1]["rows"] == shards[1]["files"] == 0 and shards[0]["files"] == 1
    assert sum(s["rows"] for s in shards) == len(rows)
    duckdb = pytest.importorskip("duckdb")
    ids = duckdb.connect().execute(
        "SELECT reference_id FROM read_parquet(?, filename=true, file_row_number=true) "
        "ORDER BY filename, file_row_number", [str(tmp_path / "out" / "*.parquet")]).fetchall()
    assert [row[0] for row in ids] == [c["reference_id"] for c in serial[1:-1]]


def test_a_cables_csv_that_goes_away_is_reported_as_in_the_serial_run(client, tmp_path: Path) -> None:
    from test_csv_split import real_rows, write_rows

    path = write_rows(tmp_path / "cables.csv", real_rows()[:10])
    bag = cdask.read_cables([str(path), CONTAINERS[0]], csv_bytes_per_partition=20_000)
    assert bag.npartitions > 2
    path.unlink()  # after the client cut it, before the scans
    serial = [c.to_dict() for c in cablelib.iter_corpus([path, CONTAINERS[0]])]
    assert [d["code"] for d in serial[0]["diagnostics"]] == ["unreadable"] and len(serial) == 2
    assert [c.to_dict() for c in client.compute(bag).result()] == serial
