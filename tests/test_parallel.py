"""Parallel corpus runs (cablelib.corpus, iter_corpus(jobs=N)): same cables, same order,
every bad file reported, bounded work in flight.

The always-present corpus is the container samples of tests/cables.py (15 real
cables in every container format, byte-identical copies from the shared corpus,
the two-row cables.csv among them); the whole shared corpus is used when it is there.
"""

from __future__ import annotations

import csv
import io
import json
import operator
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import cablelib
from cablelib import corpus
from cables import CABLES, CONTAINER_SAMPLES, cable_path, cable_paths

ROOT = Path(__file__).resolve().parent.parent
CONTAINERS = [str(p) for p in cable_paths(CONTAINER_SAMPLES)]
NEEDS_PROC = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads through Linux's /proc")


def _script_output(code: str, *args: str, timeout: int = 300) -> str:
    """The standard output of ``python -c CODE ARGS...`` in a fresh interpreter, which must succeed."""
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout


SEED = ROOT / "examples" / "06PHNOMPENH2131.txt"
SHARED_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

reference_id = operator.attrgetter("reference_id")  # picklable, so it can run in a worker


def _same(a: list[cablelib.Cable], b: list[cablelib.Cable]) -> None:
    assert len(a) == len(b)
    for x, y in zip(a, b):
        assert x == y
        assert x.source == y.source  # equality ignores spans; the JSON does not
        assert x.to_dict() == y.to_dict()


def test_jobs_2_gives_the_serial_results_in_the_same_order() -> None:
    serial = list(cablelib.iter_corpus(CONTAINERS))
    parallel = list(cablelib.iter_corpus(CONTAINERS, jobs=2))
    _same(serial, parallel)
    # 15 files, the CSV holds two cables: 16 in all, in sorted path order.
    assert len(parallel) == 16
    ids = [c.reference_id for c in parallel]
    assert ids[:2] == ["06ANKARA4688", "08OTTAWA918"]  # cablegate-html/ sorted by file name
    assert ids.count("66BUENOSAIRES2481") == 2  # the CSV row and the extract-text file


@pytest.mark.skipif(not SHARED_CORPUS.is_dir(), reason="shared corpus not found")
def test_whole_shared_corpus_in_two_processes_equals_the_serial_run() -> None:
    errors: list[str] = []
    serial = list(cablelib.iter_corpus(SHARED_CORPUS))
    parallel = list(cablelib.iter_corpus(SHARED_CORPUS, jobs=2, on_error=lambda n, e: errors.append(n)))
    _same(serial, parallel)
    assert errors == []


def test_walk_order_is_sorted_rglob_order(tmp_path: Path) -> None:
    for name in ("b/2.txt", "b/10.txt", "a.txt", "a/z.txt", "a-b/c.txt", "B.txt", "a/.hidden", "c"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    expected = [str(p) for p in sorted(tmp_path.rglob("*")) if p.is_file() and not p.name.startswith(".")]
    assert list(corpus.walk(tmp_path)) == expected
    assert list(corpus.walk([tmp_path / "c", tmp_path / "b"])) == [str(tmp_path / "c"), *expected[-3:-1]]


def test_every_bad_file_goes_to_on_error_and_the_run_goes_on(tmp_path: Path) -> None:
    missing = [str(tmp_path / f"missing-{i}.txt") for i in range(3)]
    sources = [missing[0], SEED, missing[1], tmp_path, SEED, missing[2]]  # tmp_path: an empty directory
    seen: list[tuple[str, type]] = []
    cables = list(cablelib.iter_corpus(sources, jobs=2, on_error=lambda n, e: seen.append((n, type(e)))))
    assert [c.reference_id for c in cables] == ["06PHNOMPENH2131", "06PHNOMPENH2131"]
    assert seen == [(m, cablelib.CableSourceError) for m in missing]


def test_without_on_error_bad_files_become_diagnostic_cables_in_place(tmp_path: Path) -> None:
    missing = str(tmp_path / "gone.txt")
    serial = list(cablelib.iter_corpus([SEED, missing, SEED]))
    parallel = list(cablelib.iter_corpus([SEED, missing, SEED], jobs=2))
    _same(serial, parallel)
    assert [d.code for d in parallel[1].diagnostics] == ["unreadable"]
    assert "gone.txt" in parallel[1].diagnostics[0].message


def test_strict_failures_come_back_from_the_workers_with_their_position(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("VZCZCXRO5044\nDE RUEHPF #2131/01 3380808\nZNR UUUUU ZZH\nGarbage\n", encoding="utf-8")
    errors: list[cablelib.CableSyntaxError] = []
    cables = list(cablelib.iter_corpus([SEED, bad, SEED], jobs=2, strict=True,
                                       on_error=lambda n, e: errors.append(e)))
    assert len(cables) == 2
    (error,) = errors
    assert isinstance(error, cablelib.CableSyntaxError)
    # "Garbage" is the first character of line 4 (counted in the text above).
    assert (error.line, error.column) == (4, 1)
    assert str(error).startswith(f"{bad}:4:1: unexpected text 'Garbage'")


def _many_row_csv(path: Path, copies: int) -> list[str]:
    """The real two-row cables.csv sample repeated ``copies`` times, row numbers renumbered."""
    text = cable_path("cables_sample.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text), escapechar="\\", doublequote=False))
    assert len(rows) == 2
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, escapechar="\\", doublequote=False, lineterminator="\n")
    ids = []
    for i in range(copies):
        for row in rows:
            writer.writerow([str(len(ids) + 1), *row[1:]])
            ids.append(row[2])
    path.write_text(out.getvalue(), encoding="utf-8")
    return ids


def test_a_big_csv_is_split_into_row_chunks_and_stays_in_order(tmp_path: Path) -> None:
    path = tmp_path / "cables.csv"
    ids = _many_row_csv(path, copies=40)  # 80 rows: more than two chunks of CHUNK_ROWS
    assert len(ids) > 2 * corpus.CHUNK_ROWS
    units = list(corpus._units(path))
    assert [kind for kind, _ in units] == ["rows"] * 3
    serial = list(cablelib.iter_corpus(path))
    parallel = list(cablelib.iter_corpus(path, jobs=2))
    _same(serial, parallel)
    assert [c.reference_id for c in parallel] == ids


def test_the_runner_streams_instead_of_reading_the_whole_source_first() -> None:
    pulled = 0

    def paths():
        nonlocal pulled
        for _ in range(400):
            pulled += 1
            yield str(SEED)

    results = corpus.run(paths(), jobs=2, convert=reference_id)
    assert next(results) == "06PHNOMPENH2131"
    # At most jobs * WINDOW chunks are submitted before the first result is
    # taken, plus the chunk being filled.
    assert pulled <= (2 * corpus.WINDOW + 1) * corpus.CHUNK_FILES < 400
    assert sum(1 for _ in results) == 399


def test_convert_runs_in_the_worker_and_details_count_bytes() -> None:
    items = list(corpus.run([SEED, cable_path("cables_sample.csv")], jobs=2,
                            convert=reference_id, details=True))
    assert [i[0] for i in items] == ["06PHNOMPENH2131", "66BUENOSAIRES2481", "72TEHRAN1164"]
    assert items[0][2] == SEED.stat().st_size  # a file's bytes count with its first cable
    assert all(isinstance(code, str) for _, codes, _ in items for code in codes)


def test_jobs_zero_means_one_worker_per_cpu() -> None:
    assert corpus.default_jobs() >= 1
    assert [c.reference_id for c in cablelib.iter_corpus([SEED], jobs=0)] == ["06PHNOMPENH2131"]


def test_cli_parse_with_jobs_prints_the_serial_output(capsys) -> None:
    from cablelib.cli import main

    assert main(["parse", *CONTAINERS]) == 0
    serial = capsys.readouterr().out
    assert main(["parse", *CONTAINERS, "--jobs", "2"]) == 0
    assert capsys.readouterr().out == serial
    assert serial.count("\n") == 16


def test_cli_parse_with_jobs_and_indent_prints_the_serial_output_with_stdin_between(capsys, monkeypatch) -> None:
    import io

    from cablelib.cli import main

    seed = cable_path("06PHNOMPENH2131.txt")
    pasted = seed.read_text(encoding="utf-8")
    outputs = []
    for jobs in ("1", "2"):
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(pasted.encode("utf-8"))))
        assert main(["parse", *CONTAINERS[:3], "-", *CONTAINERS[3:5], "--indent", "2", "--jobs", jobs]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    assert outputs[0].count('\n  "reference_id": ') == 6
    assert '"reference_id": "06PHNOMPENH2131"' in outputs[0]


_JSON_IN_WORKERS = """
import json, os, sys
from cablelib import cli

parent = os.getpid()
made_in = []
encode = cli.cable_json

def recorded(cable, indent=None):
    with open(sys.argv[2], "a") as log:  # workers write here too
        log.write(f"{os.getpid()}\\n")
    return encode(cable, indent=indent)

cli.cable_json = recorded
status = cli.main(["parse", *json.loads(sys.argv[1]), "--jobs", "2"])
pids = open(sys.argv[2]).read().split()
print(json.dumps([status, len(pids), str(parent) in pids]))
"""


def test_cli_parse_with_jobs_makes_the_json_in_the_workers(tmp_path: Path) -> None:
    """As ``cablelib export`` does: the parent only writes text (x1.36 -> x1.65 with two jobs)."""
    out = _script_output(_JSON_IN_WORKERS, json.dumps(CONTAINERS), str(tmp_path / "pids"))
    status, encoded, in_parent = json.loads(out.splitlines()[-1])
    assert (status, encoded, in_parent) == (0, 16, False)


_START_METHODS = """
import _thread, json, sys, threading
import cablelib
from cablelib import corpus

paths = json.loads(sys.argv[1])
serial = [c.to_dict() for c in cablelib.iter_corpus(paths)]
chosen = []
original = corpus._context
corpus._context = lambda: chosen.append(original().get_start_method()) or original()

def run_in_two():
    assert [c.to_dict() for c in cablelib.iter_corpus(paths, jobs=2)] == serial

run_in_two()  # no other thread yet
# A thread that threading does not list, as a library's native thread pool
# (pyarrow's) is not listed: the same as one started in C.
started, release = _thread.allocate_lock(), _thread.allocate_lock()
started.acquire(); release.acquire()
def native():
    started.release()
    release.acquire()
_thread.start_new_thread(native, ())
started.acquire()
assert threading.active_count() == 1
run_in_two()
release.release()
print(json.dumps(chosen))
"""


_ENDING_THREAD = """
import _thread, json, os, time
from cablelib import corpus

def tasks():
    return len(os.listdir("/proc/self/task"))

# A thread still listed by the system while it ends, as the previous pool's
# threads are for a moment after the pool has shut down.
go = _thread.allocate_lock()
go.acquire()
def ending():
    go.acquire()
    time.sleep(0.01)
_thread.start_new_thread(ending, ())
while tasks() < 2:
    time.sleep(0.001)
go.release()
seen = tasks()
corpus._THREAD_END_WAIT = 5.0  # room for a loaded machine: the check returns as soon as the thread is gone
started = time.monotonic()
ending_counts = corpus._other_threads()
assert time.monotonic() - started < 4.0
corpus._THREAD_END_WAIT = 0.05
# One that stays: a library's own thread.
staying = _thread.allocate_lock()
staying.acquire()
_thread.start_new_thread(staying.acquire, ())
while tasks() < 2:
    time.sleep(0.001)
print(json.dumps([seen, ending_counts, corpus._other_threads()]))
staying.release()
"""


@NEEDS_PROC
def test_a_thread_that_is_ending_does_not_count_but_one_that_stays_does() -> None:
    """After a run, its pool's threads may still be listed for a moment; the next run forked
    or spawned at random (2 of 5 processes spawned on their third run of 280 files)."""
    assert json.loads(_script_output(_ENDING_THREAD, timeout=60)) == [2, False, True]


_RUNS_IN_A_ROW = """
import json, operator, sys
from cablelib import corpus

paths = json.loads(sys.argv[1])
chosen = []
original = corpus._context
corpus._context = lambda: chosen.append(original().get_start_method()) or original()
for _ in range(3):
    list(corpus.run(paths * 5, jobs=2, convert=operator.attrgetter("reference_id")))
print(json.dumps(chosen))
"""


@NEEDS_PROC
def test_runs_one_after_another_all_fork_their_workers() -> None:
    """Three runs of 280 files in one process: every pool is forked.  (Before the wait for
    ending threads, this failed in about two of five processes: the check is a race.)"""
    paths = sorted(str(p) for p in CABLES.rglob("*") if p.is_file() and not p.name.startswith("."))
    assert json.loads(_script_output(_RUNS_IN_A_ROW, json.dumps(paths))) == ["fork"] * 3


@NEEDS_PROC
def test_workers_are_forked_only_while_the_process_has_no_other_thread_native_ones_included() -> None:
    """Forking a process whose other threads hold locks (pyarrow's pool during a Parquet export)
    can leave a worker waiting forever; with any other thread, workers are spawned instead,
    and both give the serial run's cables."""
    assert json.loads(_script_output(_START_METHODS, json.dumps(CONTAINERS[:4]))) == ["fork", "spawn"]


_KILLED_PARENT = """
import json, os, sys, time
from cablelib import corpus

run = corpus.run(json.loads(sys.argv[1]) * 50, jobs=2)
next(run)  # both workers have started and done work
print(os.getpid(), flush=True)
time.sleep(300)  # the test kills this process long before
"""


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc/PID/stat: the fourth field)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended while listed
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie nobody has reaped yet has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@NEEDS_PROC
def test_workers_end_soon_after_their_parent_is_killed_outright() -> None:
    """``kill -9`` (or the out-of-memory killer) gives the workers no word: they waited on
    their pipe forever, holding their memory and the parent's standard output."""
    proc = subprocess.Popen([sys.executable, "-c", _KILLED_PARENT, json.dumps(CONTAINERS)],
                            stdout=subprocess.PIPE, text=True, cwd=ROOT)
    workers: list[int] = []
    try:
        assert proc.stdout is not None
        assert int(proc.stdout.readline()) == proc.pid
        workers = _children(proc.pid)
        assert len(workers) == 2
        proc.kill()
        proc.wait(timeout=30)
        deadline = time.monotonic() + 10 * corpus.PARENT_CHECK_SECONDS
        while any(map(_running, workers)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(map(_running, workers))
        assert proc.stdout.read() == ""  # the pipe is closed: no worker holds it any more
    finally:
        proc.kill()
        for pid in workers:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
