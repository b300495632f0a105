"""One big file on a local Dask cluster: read by one task, or split over many.

    python benchmarks/bench_dask.py                     # the corpus ×8, 2 workers, 2 rounds
    python benchmarks/bench_dask.py --copies 32 --rounds 3

The release comes as one file — ``cables.csv`` (1.7 GB) or a zip of the
cablegate pages — and a cluster task that gets a file whole parses it
alone.  :mod:`cablelib.dask` splits both kinds.  This script builds them
from the corpus ``--copies`` times over in a temporary directory (a
``cables.csv`` of its cable texts, each row written as the dump writes
them, and a zip of its files), starts a ``LocalCluster`` of ``--workers``
worker processes (one thread each), and times
``read_cables(file, convert=cable_json).count()`` with the file whole (a
partition size bigger than the file) and split (the default sizes), in
alternated rounds after a warm-up (``--csv-bytes`` sets the CSV's range
size).  It also prints how long the client
took to build each bag (the zip's directory read, the CSV's first bytes
looked at) and, for the CSV, the CPU time of the scan round that finds
where rows start, measured alone.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import corpus_texts  # noqa: E402


def build_csv(entries: list[corpus_texts.Entry], copies: int, path: Path) -> int:
    """The cable texts as cables.csv rows: header box before the first blank line, message after."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, escapechar="\\", doublequote=False, lineterminator="\n")
    n = 0
    for _ in range(copies):
        for entry in entries:
            n += 1
            head, _, body = entry.text.strip().partition("\n\n")
            writer.writerow([str(n), f"1/2/2003 10:{n % 60:02d}", f"03EMBASSY{n}", "Embassy", "UNCLASSIFIED",
                             "", head, body])
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return n


def build_zip(corpus: Path, copies: int, path: Path) -> None:
    """The corpus's files, ``copies`` times over, in one zip (deflated)."""
    files = corpus_texts.corpus_files(corpus)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for copy in range(copies):
            for file in files:
                archive.write(file, f"copy{copy:03d}/{file.parent.name}/{file.name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=corpus_texts.DEFAULT_CORPUS)
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--csv-bytes", type=int, default=None,
                        help="csv_bytes_per_partition of the split reading (default: cablelib's, 2 MiB)")
    args = parser.parse_args()

    import distributed

    import cablelib
    from cablelib import dask as cdask
    from cablelib.export import cable_json
    from cablelib.sources import csv_split

    print(corpus_texts.machine())
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    with tempfile.TemporaryDirectory() as tmp:
        csv_path, zip_path = Path(tmp) / "cables.csv", Path(tmp) / "cablegate.zip"
        entries = corpus_texts.load(args.corpus)
        build_zip(args.corpus, args.copies, zip_path)  # a CSV file of the corpus gives several cables
        inputs = {"cables.csv": (csv_path, build_csv(entries, args.copies, csv_path)),
                  "zip": (zip_path, args.copies * len(entries))}
        whole = {"files_per_partition": 10**9, "csv_bytes_per_partition": 10**12}
        every = args.csv_bytes or cdask.CSV_BYTES_PER_PARTITION
        split = {"csv_bytes_per_partition": every}

        # The scan round alone, in this process: what splitting a CSV costs in CPU.
        size = csv_path.stat().st_size
        cuts = csv_split.cuts(size, every)
        started = time.process_time()
        scans = [csv_split.scan(str(csv_path), cut, after) for cut, after in zip(cuts, [*cuts[1:], None])]
        csv_split.plan(str(csv_path), scans)
        scan_cpu = time.process_time() - started

        cluster = distributed.LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                                           dashboard_address=None, silence_logs=40)
        client = distributed.Client(cluster)
        try:
            results: dict[tuple[str, str], list[float]] = {}
            shape: dict[tuple[str, str], tuple[int, float]] = {}
            for round_ in range(args.rounds + 1):  # the first is a warm-up
                for name, (path, count) in inputs.items():
                    for how, options in (("whole", whole), ("split", split)):
                        started = time.perf_counter()
                        bag = cdask.read_cables(str(path), convert=cable_json, **options)
                        built = time.perf_counter() - started
                        got = client.compute(bag.count()).result()
                        elapsed = time.perf_counter() - started
                        if got != count:
                            raise SystemExit(f"{name} {how}: {got} cables, expected {count}")
                        if round_:
                            results.setdefault((name, how), []).append(elapsed)
                            shape[(name, how)] = (bag.npartitions, built)
        finally:
            client.close()
            cluster.close()

    print(f"corpus ×{args.copies}; {args.workers} worker processes; CSV ranges of {every:,} bytes; "
          f"{args.rounds} rounds after a warm-up; `read_cables(file, convert=cable_json).count()`; "
          f"load average {os.getloadavg()[0]:.1f}")
    print()
    print("| input | cables | read | partitions | bag built (s) | wall (s), rounds | cables/s (median) | × whole |")
    print("| --- | ---: | --- | ---: | ---: | --- | ---: | ---: |")
    for name, (path, count) in inputs.items():
        base = statistics.median(results[(name, "whole")])
        for how in ("whole", "split"):
            times = results[(name, how)]
            partitions, built = shape[(name, how)]
            print(f"| {name} | {count:,} | {how} | {partitions} | {built:.3f} | "
                  f"{'–'.join(f'{t:.2f}' for t in (min(times), max(times)))} | "
                  f"{count / statistics.median(times):,.0f} | ×{base / statistics.median(times):.2f} |")
    print()
    print(f"cables.csv: {size / 1e6:.1f} MB; the scan round alone ({len(cuts)} ranges, one process): "
          f"{scan_cpu:.2f} s CPU, {scan_cpu / inputs['cables.csv'][1] * 1000:.3f} ms a row "
          f"(cablelib {cablelib.__version__})")


if __name__ == "__main__":
    main()
