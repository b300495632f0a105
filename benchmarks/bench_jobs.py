"""Corpus runs with worker processes: --jobs 2 against --jobs 1, and peak memory.

    python benchmarks/bench_jobs.py                  # shared corpus, and ×16 (~5,000 cables)
    python benchmarks/bench_jobs.py --copies 64 --rounds 3

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

The bigger corpus is the shared corpus repeated (a directory of symbolic
links, ``--copies`` times the 316 files): the same cables, so it measures
speed and memory at scale, not robustness.  Rounds alternate the job counts
in shuffled order; the speed-up is the median of per-round ratios.

Peak memory: the run is repeated in a child process while this script samples
the resident set of that process and of all its workers (``/proc``, every
20 ms); the table gives the parent's peak and the peak of the whole tree.
"""

from __future__ import annotations

import argparse
import os
import random
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


def run_iter(source: list[str], jobs: int) -> int:
    return sum(1 for _ in cablelib.iter_corpus(source, jobs=jobs))


def run_export(source: list[str], jobs: int, out: Path) -> int:
    return cexport.export(source, "jsonl", out, jobs=jobs).cables


CHILD = r"""
import sys
sys.path[:0] = [{root!r}]
import cablelib
from cablelib import export
mode, jobs, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
source = sys.argv[4:]
if mode == "iter":
    n = sum(1 for _ in cablelib.iter_corpus(source, jobs=jobs))
else:
    n = export.export(source, "jsonl", out, jobs=jobs).cables
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


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(c) for c in handle.read().split()]
    except OSError:
        pass
    return found


def peak_memory(mode: str, jobs: int, source: list[str], out: Path) -> tuple[float, float, int]:
    """(parent peak MB, whole-tree peak MB, cables) of one run in a child process."""
    proc = subprocess.Popen([sys.executable, "-c", CHILD.format(root=str(ROOT)), mode, str(jobs), str(out), *source],
                            stdout=subprocess.PIPE, text=True)
    parent = tree = 0
    while proc.poll() is None:
        pids = [proc.pid]
        for pid in pids:  # grows while walking: workers' children too
            pids.extend(c for c in _children(pid) if c not in pids)
        rss = [_rss_kib(pid) for pid in pids]
        parent, tree = max(parent, rss[0]), max(tree, sum(rss))
        time.sleep(0.02)
    cables = int(proc.stdout.read().strip() or 0) if proc.stdout else 0
    return parent / 1024, tree / 1024, cables


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=corpus_texts.DEFAULT_CORPUS)
    ap.add_argument("--copies", type=int, default=16, help="size of the repeated corpus, in copies")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--jobs", default="1,2")
    args = ap.parse_args()
    jobs_list = [int(j) for j in args.jobs.split(",")]
    tmp = Path(tempfile.mkdtemp(prefix="cablelib-jobs-"))
    try:
        corpora = {"shared corpus": [str(p) for p in sorted(args.corpus.iterdir()) if p.is_dir()]}
        if args.copies > 1:
            corpora[f"shared corpus ×{args.copies}"] = repeated_corpus(args.corpus, args.copies, tmp / "big")
        print(f"machine: {corpus_texts.machine()}\n")
        print("| corpus | consumer | cables | jobs | seconds | cables/s | × jobs 1 |")
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
        rng = random.Random(1)
        for label, source in corpora.items():
            for consumer in ("iter_corpus", "export jsonl"):
                def once(jobs: int) -> tuple[float, int]:
                    start = time.perf_counter()
                    n = run_iter(source, jobs) if consumer == "iter_corpus" else \
                        run_export(source, jobs, tmp / f"out-{jobs}.jsonl")
                    return time.perf_counter() - start, n
                once(max(jobs_list))  # warm: page cache, grammar and regex caches
                times: dict[int, list[float]] = {j: [] for j in jobs_list}
                counts = {}
                for _ in range(args.rounds):
                    order = list(jobs_list)
                    rng.shuffle(order)
                    for jobs in order:
                        seconds, counts[jobs] = once(jobs)
                        times[jobs].append(seconds)
                for jobs in jobs_list:
                    med = statistics.median(times[jobs])
                    ratio = statistics.median(a / b for a, b in zip(times[jobs_list[0]], times[jobs]))
                    print(f"| {label} | {consumer} | {counts[jobs]:,} | {jobs} | {med:.2f} | "
                          f"{counts[jobs] / med:,.0f} | ×{ratio:.2f} |")
        print("\n| run (child process) | parent peak RSS MB | peak RSS of parent + workers MB |")
        print("| --- | ---: | ---: |")
        for label, source in corpora.items():
            for mode in ("iter", "export"):
                for jobs in jobs_list:
                    parent, tree, n = peak_memory(mode, jobs, source, tmp / "mem.jsonl")
                    print(f"| {label}, {'iter_corpus' if mode == 'iter' else 'export jsonl'}, jobs {jobs} "
                          f"({n:,} cables) | {parent:.1f} | {tree:.1f} |")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
