"""Peak memory of reading a whole corpus in the forms it comes in, by size.

    python benchmarks/bench_inputs.py                       # 249,008 entries (the corpus ×788)
    python benchmarks/bench_inputs.py --entries 20000 --against /tmp/base

A corpus run must not grow with the corpus, and the inputs are where it
did: a flat directory of every file (its sorted listing), a tar archive
(tarfile's list of members read) and a zip archive (zipfile's central
directory).  For each input and each size, a child process reads it the
way a corpus run does — ``cablelib.corpus.walk`` for the directory,
``cablelib.sources.read_path`` for an archive (every member unwrapped, not
parsed) — and reports its peak RSS (``VmHWM``) and its RSS before reading,
so the table shows what reading cost on top of the imports.  Nothing is
parsed: the parse's own memory is ``bench_jobs.py``'s.

The inputs are built in a temporary directory: the flat directory as links
to the corpus's files (``--entries`` of them, the corpus's files over and
over, each link named ``NNNNNN-<folder>__<file>``); the archives with
small members of the same names (one corpus line each), because what
costs is the count of members, not their size.  ``--against DIR`` runs the
same children with another checkout's cablelib (a ``git worktree`` of an
earlier commit), one after the other with this one.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus_texts  # noqa: E402

CHILD = r"""
import sys, time
sys.path[:0] = [{root!r}]
def status(key):
    with open("/proc/self/status") as handle:
        return next(int(line.split()[1]) for line in handle if line.startswith(key)) / 1024
kind, path = sys.argv[1], sys.argv[2]
from cablelib.corpus import walk
from cablelib.sources import read_path
items = walk(path) if kind == "directory" else read_path(path)
before = status("VmRSS")
start = time.perf_counter()
count = sum(1 for _ in items)
print(count, before, status("VmHWM"), time.perf_counter() - start)
"""


def build_inputs(corpus: Path, entries: int, where: Path) -> dict[str, Path]:
    """A flat directory of ``entries`` links to the corpus's files, and a tar.gz and a zip of as many members."""
    files = corpus_texts.corpus_files(corpus)
    names = []
    flat = where / "flat"
    flat.mkdir()
    for index in range(entries):
        path = files[index % len(files)]
        name = f"{index:06d}-{path.parent.name}__{path.name}"
        os.symlink(path, flat / name)
        names.append(name)
    line = b"UNCLASSIFIED\n"
    tar_path = where / "corpus.tar.gz"
    with tarfile.open(tar_path, "w:gz", compresslevel=1) as archive:
        for name in names:
            info = tarfile.TarInfo(f"cables/{name}")
            info.size = len(line)
            archive.addfile(info, io.BytesIO(line))
    zip_path = where / "corpus.zip"
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_STORED) as archive:
        for name in names:
            archive.writestr(f"cables/{name}", line)
    return {"directory": flat, "tar.gz": tar_path, "zip": zip_path}


def measure(root: Path, kind: str, path: Path) -> tuple[int, float, float, float]:
    """(items, RSS MB before reading, peak RSS MB, seconds) of reading ``path`` in a fresh process."""
    done = subprocess.run([sys.executable, "-c", CHILD.format(root=str(root)), kind, str(path)],
                          capture_output=True, text=True, check=True)
    count, before, peak, seconds = done.stdout.split()
    return int(count), float(before), float(peak), float(seconds)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=corpus_texts.DEFAULT_CORPUS)
    ap.add_argument("--entries", type=int, default=249_008, help="files in the directory, members in each archive")
    ap.add_argument("--against", type=Path, default=None, help="another checkout, measured after this one")
    args = ap.parse_args()
    checkouts = {"this checkout": ROOT}
    if args.against is not None:
        checkouts[f"{args.against}"] = args.against.resolve()
    where = Path(tempfile.mkdtemp(prefix="cablelib-inputs-"))
    try:
        start = time.perf_counter()
        inputs = build_inputs(args.corpus, args.entries, where)
        built = time.perf_counter() - start
        print(f"machine: {corpus_texts.machine()}")
        print(f"inputs: {args.entries:,} entries each, built in {built:.1f} s\n")
        print("| input | checkout | items | RSS before MB | peak RSS MB | reading added MB | seconds |")
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
        for kind, path in inputs.items():
            for label, root in checkouts.items():
                count, before, peak, seconds = measure(root, kind, path)
                print(f"| {kind} | {label} | {count:,} | {before:.1f} | {peak:.1f} | {peak - before:.1f} "
                      f"| {seconds:.2f} |")
    finally:
        shutil.rmtree(where, ignore_errors=True)


if __name__ == "__main__":
    main()
