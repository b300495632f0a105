"""Corpus runs with worker processes: --jobs 2 against --jobs 1, and peak memory.

    python benchmarks/bench_jobs.py                  # shared corpus, and ×16 (~5,000 cables)
    python benchmarks/bench_jobs.py --copies 64 --rounds 3
    python benchmarks/bench_jobs.py --copies 256 --memory-only --jobs 1 --consumers "export parquet" --rows-per-file 8192

What is timed is the whole corpus run as a user would start it, from the
files on disk: reading, unwrapping, parsing, and delivering the results in
order to the parent.  Two ways to consume:

``iter_corpus``
    ``sum(1 for _ in cablelib.iter_corpus(source, jobs=N))``: every
    :class:`~cablelib.model.Cable` is pickled in a worker and rebuilt in the
    parent.
``export jsonl``
    ``cablelib.export.export(source, 'jsonl', ...)``: the JSON line is made in
    the worker, so the parent only writes strings.
``export parquet``
    ``cablelib export SOURCE --format parquet`` as a command, in a fresh
    process each time (the process reports its own and its workers' CPU
    time): each worker turns its unit of 32 files into one Arrow record
    batch, sent as an IPC stream.  A fresh process, because once pyarrow has
    run in a process its threads stay, and a pool started there is spawned
    instead of forked (``cablelib.corpus._context``); the command imports
    pyarrow only after forking, as a user's run does.  Each worker still
    imports pyarrow itself (~0.25 s of CPU, once), but not pandas, and uses
    jemalloc's pool (``cablelib.arrow_setup``); so does the command itself.
    Its memory row is the same run set up the same way.

``--rows-per-file N`` runs the Parquet exports as a directory of part files
(:mod:`cablelib.parquet_parts`), to compare their memory with one file's over
a big repeated corpus.

The bigger corpus is the shared corpus repeated (a directory of symbolic
links, ``--copies`` times the 316 files): the same cables, so it measures
speed and memory at scale, not robustness.  Rounds alternate the job counts
in shuffled order; the speed-up is the median of per-round ratios.

On a shared machine the wall-clock ratio depends on what else runs; the CPU
columns do not: the parent's and the workers' CPU seconds (``getrusage``)
give the speed-up the same run would reach on otherwise idle cores
(serial CPU time over the larger of the parent's time and the workers'
time divided by their number).  Both are printed; quote the one measured
on an idle machine.

Peak memory: the run is repeated in a child process while this script samples
the resident set of that process and of all its workers (``/proc``, every
20 ms); the table gives the parent's peak, and the peak of the whole tree
both as a sum of RSS (which counts the pages a forked worker shares with
its parent once per process) and as a sum of PSS (which divides shared pages
among the processes sharing them: what the tree really occupies).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import corpus_texts  # noqa: E402

import cablelib  # noqa: E402
from cablelib import export as cexport  # noqa: E402


def repeated_corpus(corpus: Path, copies: int, where: Path) -> list[str]:
    """``copies`` directories of symlinks to the corpus's cable files (README/MANIFEST left out)."""
    files = corpus_texts.corpus_files(corpus)
    for i in range(copies):
        for path in files:
            link = where / f"copy{i:03d}" / path.relative_to(corpus)
            link.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(path, link)
    return [str(where)]


def _cpu() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its finished children."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime


def run_iter(source: list[str], jobs: int) -> int:
    return sum(1 for _ in cablelib.iter_corpus(source, jobs=jobs))


def run_export(source: list[str], jobs: int, out: Path, fmt: str = "jsonl") -> int:
    return cexport.export(source, fmt, out, jobs=jobs).cables


# The command's own entry point (cablelib.cli.run), so the process is set up
# as a user's `cablelib export` is; it ends by raising SystemExit.
COMMAND = r"""
import resource, sys
sys.path[:0] = [{root!r}]
from cablelib.cli import run
sys.argv[0] = "cablelib"
try:
    run()
except SystemExit as done:
    code = done.code
me, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(me.ru_utime + me.ru_stime, workers.ru_utime + workers.ru_stime, code)
"""


def run_command(source: list[str], jobs: int, out: Path, fmt: str,
                rows_per_file: int | None = None) -> tuple[int, float, float]:
    """``cablelib export`` in a fresh process: (cables, its CPU seconds, its workers' CPU seconds)."""
    parts = ["--rows-per-file", str(rows_per_file)] if rows_per_file else []
    done = subprocess.run([sys.executable, "-c", COMMAND.format(root=str(ROOT)), "export", *source,
                           "--format", fmt, "--output", str(out), "--jobs", str(jobs), "--progress", "none",
                           *parts],
                          capture_output=True, text=True, check=True)
    parent, workers, code = done.stdout.split()
    if code != "0":
        raise RuntimeError(done.stderr)
    cables = int(done.stderr.split("exported ", 1)[1].split()[0].replace(",", ""))
    return cables, float(parent), float(workers)


CHILD = r"""
import sys
sys.path[:0] = [{root!r}]
import cablelib
from cablelib import export
mode, jobs, out, rows = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]) or None
source = sys.argv[5:]
if mode == "iter":
    n = sum(1 for _ in cablelib.iter_corpus(source, jobs=jobs))
else:
    if mode == "parquet":  # as the `cablelib export` command runs it (cablelib.cli.run)
        from cablelib.arrow_setup import own_this_process
        own_this_process()
    n = export.export(source, mode, out, jobs=jobs, rows_per_file=rows if mode == "parquet" else None).cables
print(n)
"""


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _pss_kib(pid: int) -> int:
    """Proportional set size: shared pages (a forked worker shares most of its
    parent's) are divided among the processes that share them, so the sum over
    a process tree is what the tree really occupies."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(c) for c in handle.read().split()]
    except OSError:
        pass
    return found


def peak_memory(mode: str, jobs: int, source: list[str], out: Path,
                rows_per_file: int | None = None) -> tuple[float, float, float, int]:
    """(parent peak RSS, whole-tree peak RSS, whole-tree peak PSS, in MB; cables) of one run."""
    proc = subprocess.Popen([sys.executable, "-c", CHILD.format(root=str(ROOT)), mode, str(jobs), str(out),
                             str(rows_per_file or 0), *source],
                            stdout=subprocess.PIPE, text=True)
    parent = tree = pss = 0
    while proc.poll() is None:
        pids = [proc.pid]
        for pid in pids:  # grows while walking: workers' children too
            pids.extend(c for c in _children(pid) if c not in pids)
        rss = [_rss_kib(pid) for pid in pids]
        parent, tree = max(parent, rss[0]), max(tree, sum(rss))
        pss = max(pss, sum(_pss_kib(pid) for pid in pids))
        time.sleep(0.02)
    cables = int(proc.stdout.read().strip() or 0) if proc.stdout else 0
    return parent / 1024, tree / 1024, pss / 1024, cables


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=corpus_texts.DEFAULT_CORPUS)
    ap.add_argument("--copies", type=int, default=16, help="size of the repeated corpus, in copies")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--jobs", default="1,2")
    ap.add_argument("--memory-only", action="store_true", help="skip the timings")
    ap.add_argument("--consumers", default="iter_corpus,export jsonl,export parquet",
                    help="comma-separated: iter_corpus, export jsonl, export parquet")
    ap.add_argument("--rows-per-file", type=int, default=None, metavar="N",
                    help="Parquet exports write a directory of part files of N rows (cablelib.parquet_parts)")
    args = ap.parse_args()
    parquet_label = f"export parquet, parts of {args.rows_per_file:,} rows" if args.rows_per_file else "export parquet"
    consumers = args.consumers.split(",")
    unknown = set(consumers) - {"iter_corpus", "export jsonl", "export parquet"}
    if unknown:
        ap.error(f"unknown consumers: {', '.join(sorted(unknown))}")
    jobs_list = [int(j) for j in args.jobs.split(",")]
    tmp = Path(tempfile.mkdtemp(prefix="cablelib-jobs-"))
    try:
        name = "shared corpus" if args.corpus == corpus_texts.DEFAULT_CORPUS else args.corpus.name
        corpora = {name: [str(p) for p in sorted(args.corpus.iterdir()) if p.is_dir()]}
        if args.copies > 1:
            corpora[f"{name} ×{args.copies}"] = repeated_corpus(args.corpus, args.copies, tmp / "big")
        print(f"machine: {corpus_texts.machine()}\n")
        print("| corpus | consumer | cables | jobs | seconds | cables/s | × jobs 1 | CPU s parent / workers "
              "| × jobs 1 on idle cores (from CPU time) |")
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        rng = random.Random(1)
        runs = [(label, source, consumer) for consumer in consumers for label, source in corpora.items()]
        for label, source, consumer in runs if not args.memory_only else ():
            def once(jobs: int) -> tuple[float, int]:
                before = _cpu()
                start = time.perf_counter()
                if consumer == "iter_corpus":
                    n = run_iter(source, jobs)
                elif consumer == "export parquet":
                    n, parent, workers = run_command(source, jobs, tmp / f"out-{jobs}.parquet", "parquet",
                                                     args.rows_per_file)
                    cpu[jobs].append((parent, workers))
                    return time.perf_counter() - start, n
                else:
                    fmt = consumer.removeprefix("export ")
                    n = run_export(source, jobs, tmp / f"out-{jobs}.{fmt}", fmt)
                wall = time.perf_counter() - start
                after = _cpu()
                cpu[jobs].append((after[0] - before[0], after[1] - before[1]))
                return wall, n
            # warm-up (below): page cache, grammar and regex caches
            cpu: dict[int, list[tuple[float, float]]] = {j: [] for j in jobs_list}
            once(max(jobs_list))
            cpu = {j: [] for j in jobs_list}
            times: dict[int, list[float]] = {j: [] for j in jobs_list}
            counts = {}
            for _ in range(args.rounds):
                order = list(jobs_list)
                rng.shuffle(order)
                for jobs in order:
                    seconds, counts[jobs] = once(jobs)
                    times[jobs].append(seconds)
            serial_cpu = statistics.median(p + w for p, w in cpu[jobs_list[0]])
            for jobs in jobs_list:
                med = statistics.median(times[jobs])
                ratio = statistics.median(a / b for a, b in zip(times[jobs_list[0]], times[jobs]))
                parent = statistics.median(p for p, _ in cpu[jobs])
                workers = statistics.median(w for _, w in cpu[jobs])
                # What the run would take on otherwise idle cores: the parent and
                # the workers run at once, the workers share the work evenly.
                bound = max(parent, workers / jobs) if jobs > 1 else parent
                shown = parquet_label if consumer == "export parquet" else consumer
                print(f"| {label} | {shown} | {counts[jobs]:,} | {jobs} | {med:.2f} | "
                      f"{counts[jobs] / med:,.0f} | ×{ratio:.2f} | {parent:.2f} / {workers:.2f} | "
                      f"×{serial_cpu / bound:.2f} |")
        print("\n| run (child process) | parent peak RSS MB | parent + workers: peak RSS sum MB "
              "| parent + workers: peak PSS sum MB |")
        print("| --- | ---: | ---: | ---: |")
        for label, source in corpora.items():
            modes = {"iter_corpus": "iter", "export jsonl": "jsonl", "export parquet": "parquet"}
            for mode in (modes[consumer] for consumer in consumers):
                for jobs in jobs_list:
                    parent, tree, pss, n = peak_memory(mode, jobs, source, tmp / f"mem.{mode}", args.rows_per_file)
                    shown = {"iter": "iter_corpus", "jsonl": "export jsonl", "parquet": parquet_label}[mode]
                    print(f"| {label}, {shown}, jobs {jobs} "
                          f"({n:,} cables) | {parent:.1f} | {tree:.1f} | {pss:.1f} |")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
