"""The benchmark scripts still run and still print what they are for.

Why: they are scripts, not tests, so nothing ran them between sessions, and
one of them broke without failing: ``profile_parse.py`` printed an empty
per-terminal table for several sessions after cablelib's own parse loop
replaced the Lark scanner it timed.  Here each script runs once on the
repository's own cables (``tests/cables``: 70 files, the CSV holds two
cables, 71 in all) with the fewest rounds, and the test checks the rows it
exists to print.  No timing is checked: these are smoke runs, and the
numbers on a CI machine mean nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
CABLES = ROOT / "tests" / "cables"
CABLE_COUNT = 106  # 104 cable files besides the CSV, and its two rows (tests/cables/csv)


def _run(script: str, *args: str, timeout: int = 300) -> str:
    done = subprocess.run([sys.executable, str(BENCH / script), *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": "0"})
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _rows(output: str, first_cell: str) -> list[list[str]]:
    """The cells of the Markdown table rows whose first cell matches ``first_cell`` (a regex)."""
    rows = []
    for line in output.splitlines():
        if line.startswith("|") and not line.startswith("| ---"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if re.fullmatch(first_cell, cells[0]):
                rows.append(cells)
    return rows


def _number(cell: str) -> float:
    return float(cell.lstrip("×").replace(",", ""))


def test_the_cable_count_is_the_files_and_the_csv_rows() -> None:
    files = [p for p in CABLES.rglob("*") if p.is_file() and p.suffix in (".html", ".txt")]
    assert len(files) + 2 == CABLE_COUNT
    assert [p.name for p in CABLES.rglob("*.csv")] == ["cables_sample.csv"]


def test_bench_parse_prints_every_approach() -> None:
    out = _run("bench_parse.py", "--corpus", str(CABLES), "--rounds", "1", "--no-memory", "--no-startup")
    assert f"input: {CABLE_COUNT} cables" in out
    for approach in ("decode", "regex", r"cablelib \(lark\)"):
        (row,) = _rows(out, approach)
        assert _number(row[2]) > 0  # cables/s


def test_profile_parse_times_the_lexer_by_terminal() -> None:
    out = _run("profile_parse.py", "--corpus", str(CABLES), "--top", "3")
    terminals = _rows(out, r"[A-Z_]+")
    assert len(terminals) >= 10, out[:2000]
    assert {"PARA", "SUBJECT_LINE", "TAGS_LINE"} <= {row[0] for row in terminals}
    assert all(int(row[2]) > 0 for row in terminals)  # matches
    (loop,) = _rows(out, r"cablelib parse loop.*")
    assert loop[1].endswith("%")


def test_bench_stages_prints_each_stage() -> None:
    out = _run("bench_stages.py", "--corpus", str(CABLES), "--rounds", "1")
    for stage in ("tree", "transform", "full", "unwrap", "normalize", "guess", "assemble", "engine loop"):
        (row,) = _rows(out, stage)
        assert _number(row[1]) > 0


def test_bench_startup_reaches_a_first_cable() -> None:
    out = _run("bench_startup.py", "--runs", "1", "--warm-only", "--engines", "none")
    (row,) = _rows(out, "cablelib, none, warm cache")
    assert _number(row[1]) > 0


def test_bench_jobs_counts_every_cable_with_one_and_two_jobs() -> None:
    out = _run("bench_jobs.py", "--corpus", str(CABLES), "--copies", "1", "--rounds", "1",
               "--consumers", "iter_corpus,export jsonl")
    timed = _rows(out, "cables")
    assert [(row[1], row[3]) for row in timed] == [
        ("iter_corpus", "1"), ("iter_corpus", "2"), ("export jsonl", "1"), ("export jsonl", "2")]
    assert {row[2] for row in timed} == {str(CABLE_COUNT)}
    memory = _rows(out, r"cables, .*")
    assert len(memory) == 4
    assert all(f"({CABLE_COUNT} cables)" in row[0] for row in memory)


def test_bench_jobs_measures_a_parquet_export_in_part_files() -> None:
    pytest.importorskip("pyarrow")
    out = _run("bench_jobs.py", "--corpus", str(CABLES), "--copies", "1", "--memory-only", "--jobs", "1",
               "--consumers", "export parquet", "--rows-per-file", "50")
    (row,) = _rows(out, r"cables, .*")
    assert f"export parquet, parts of 50 rows, jobs 1 ({CABLE_COUNT} cables)" in row[0]
    assert _number(row[3]) > 0


def test_bench_jobs_refuses_an_unknown_consumer() -> None:
    done = subprocess.run([sys.executable, str(BENCH / "bench_jobs.py"), "--corpus", "no-such-corpus",
                           "--consumers", "export csv"],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 2 and "unknown consumers: export csv" in done.stderr


def test_grammar_experiments_compare_with_the_real_grammar() -> None:
    out = _run("grammar_experiments.py", "--corpus", str(CABLES), "--rounds", "1")
    (real,) = _rows(out, "real grammar")
    assert real[-1] == "×1.00"


@pytest.mark.skipif(shutil.which("valgrind") is None, reason="needs valgrind")
def test_bench_instructions_counts_both_approaches() -> None:
    out = _run("bench_instructions.py", "--corpus", str(ROOT / "examples"))
    (regex,) = _rows(out, "regex")
    (cablelib,) = _rows(out, "cablelib")
    assert _number(regex[1]) > 100_000 and _number(cablelib[1]) > _number(regex[1])


def test_bench_inputs_reads_each_input_whole() -> None:
    out = _run("bench_inputs.py", "--corpus", str(CABLES), "--entries", "500")
    rows = _rows(out, r"directory|tar\.gz|zip")
    assert [row[0] for row in rows] == ["directory", "tar.gz", "zip"]
    assert all(row[2] == "500" and _number(row[4]) > 0 for row in rows)  # items, peak RSS


def test_bench_dask_reads_one_file_whole_and_split() -> None:
    pytest.importorskip("distributed")
    out = _run("bench_dask.py", "--corpus", str(CABLES), "--copies", "2", "--rounds", "1", "--csv-bytes", "100000")
    rows = _rows(out, r"cables\.csv|zip")
    assert [(row[0], row[2]) for row in rows] == [
        ("cables.csv", "whole"), ("cables.csv", "split"), ("zip", "whole"), ("zip", "split")]
    assert all(row[1] == str(2 * CABLE_COUNT) for row in rows)
    assert [row[3] for row in rows][::2] == ["1", "1"]  # whole: one partition
    assert int(rows[1][3]) > 5 and int(rows[3][3]) > 1  # the CSV in ranges of 100 KB, the zip of 64 members
    assert "the scan round alone" in out
