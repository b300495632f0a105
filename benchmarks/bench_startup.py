"""Fresh process to first parsed cable: cold and warm grammar cache.

    python benchmarks/bench_startup.py              # 9 runs of each
    python benchmarks/bench_startup.py --runs 15 --cable path/to/cable.txt
    python benchmarks/bench_startup.py --engines auto --warm-only --against ../base   # A/B two checkouts

Every run is a new interpreter (``python -c``), so interpreter start-up
counts.  Two wall times: **start → first cable**, what the target of issue 6
names (the parent reads ``time.time()`` just before it starts the child, the
child reads it right after its first parse: one system clock), and **start →
exit**, timed with ``perf_counter`` around ``subprocess.run``, which adds the
interpreter's shutdown (its final garbage collection over every object the
imports made: ~20 ms).  The child also reports where its own time went:
importing cablelib, getting the parser (built, or loaded from the cache
file), and the first parse (which also loads the compiled regular
expressions of each lexer state it meets).

The CPU time of the child (user + system, from ``getrusage``) is printed
next to the wall time: on a busy machine the wall time includes waiting for
a core, the CPU time does not.

Rows: ``python -c pass`` and ``python -c "import lark, attrs"`` (the
floors: the interpreter, and the dependencies cablelib cannot do without), then cablelib with a cold cache (an
empty ``CABLELIB_CACHE_DIR`` each run) and a warm one, for each engine.
Medians of ``--runs``, runs of the rows interleaved.

``--against DIR`` adds the warm-cache rows of another checkout (a
``git worktree`` of an earlier commit, say), run in turn with this one's,
and prints the median of the per-run ratios of the two: on a machine whose
load changes from minute to minute, two separate runs of this script
differ by more than most start-up changes do.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
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

CHILD = r"""
import sys, time
t0 = time.perf_counter()
import cablelib
from cablelib.registry import default_registry
t1 = time.perf_counter()
default_registry.get("generic").parser()
t2 = time.perf_counter()
cable = cablelib.parse_file(sys.argv[1])
t3 = time.perf_counter()
parsed_at = time.time()
assert cable.reference_id, "the benchmark cable must parse"
import json  # after the clock readings: the harness's own import is not cablelib's time
print(json.dumps({"import": t1 - t0, "parser": t2 - t1, "first_parse": t3 - t2, "parsed_at": parsed_at}))
"""


def run_once(cmd: list[str], env: dict[str, str], cwd: Path = ROOT) -> tuple[float, float, dict[str, float]]:
    """Wall seconds to the child's exit, CPU seconds (user + system) of the child, and what it
    reported; ``to_first_cable`` is added: from just before the start to the child's clock
    reading right after its first parse (both ``time.time()``, one system clock)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started_at = time.time()
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=cwd)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    inner = json.loads(proc.stdout) if proc.stdout.strip() else {}
    if "parsed_at" in inner:
        inner["to_first_cable"] = inner.pop("parsed_at") - started_at
    return wall, cpu, inner


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--cable", type=Path, default=ROOT / "examples" / "06PHNOMPENH2131.txt")
    ap.add_argument("--engines", default="none,auto", help="CABLELIB_ACCELERATOR values to compare")
    ap.add_argument("--warm-only", action="store_true", help="leave out the cold-cache rows")
    ap.add_argument("--against", type=Path, help="another checkout whose warm-cache rows run in turn with these")
    args = ap.parse_args()

    # An installed package has its bytecode compiled; a checkout run with
    # PYTHONDONTWRITEBYTECODE=1 (as some sandboxes set) would otherwise
    # compile every module edited since its last .pyc at each start, and the
    # import column would measure the compiler.
    compileall.compile_dir(str(ROOT / "cablelib"), quiet=1)
    base_env = dict(os.environ)
    base_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), base_env.get("PYTHONPATH")]))
    child = [sys.executable, "-c", CHILD, str(args.cable.resolve())]
    rows: dict[str, tuple[list[str], dict[str, str] | None, str | None, Path]] = {
        "python -c pass": ([sys.executable, "-c", "pass"], base_env, None, ROOT),
        # what cablelib cannot go below: its two dependencies' imports
        "python -c 'import lark, attrs'": ([sys.executable, "-c", "import lark, attrs"], base_env, None, ROOT)}
    pairs: list[tuple[str, str]] = []  # (this checkout's row, the other's)
    other = args.against.resolve() if args.against else None
    if other is not None:
        compileall.compile_dir(str(other / "cablelib"), quiet=1)
        other_env = dict(os.environ)
        other_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(other), other_env.get("PYTHONPATH")]))
    for engine in args.engines.split(","):
        env = dict(base_env, CABLELIB_ACCELERATOR=engine, CABLELIB_CACHE_DIR=tempfile.mkdtemp(prefix="cablelib-warm-"))
        run_once(child, env)  # fill the warm cache
        rows[f"cablelib, {engine}, warm cache"] = (child, env, None, ROOT)
        if other is not None:
            env = dict(other_env, CABLELIB_ACCELERATOR=engine,
                       CABLELIB_CACHE_DIR=tempfile.mkdtemp(prefix="cablelib-warm-"))
            run_once(child, env, other)
            rows[f"{other.name}, {engine}, warm cache"] = (child, env, None, other)
            pairs.append((f"cablelib, {engine}, warm cache", f"{other.name}, {engine}, warm cache"))
        if not args.warm_only:
            rows[f"cablelib, {engine}, cold cache"] = (child, None, engine, ROOT)

    walls: dict[str, list[float]] = {name: [] for name in rows}
    cpus: dict[str, list[float]] = {name: [] for name in rows}
    parts: dict[str, list[dict[str, float]]] = {name: [] for name in rows}
    for _ in range(args.runs):
        for name, (cmd, env, cold_engine, cwd) in rows.items():
            if env is None:  # cold: a new, empty cache directory for this run
                env = dict(base_env, CABLELIB_ACCELERATOR=cold_engine or "auto",
                           CABLELIB_CACHE_DIR=tempfile.mkdtemp(prefix="cablelib-cold-"))
            wall, cpu, inner = run_once(cmd, env, cwd)
            walls[name].append(wall)
            cpus[name].append(cpu)
            if inner:
                parts[name].append(inner)

    print(f"machine: {corpus_texts.machine()}")
    print(f"cable: {args.cable.name}; {args.runs} runs each, interleaved; medians; "
          f"load average {os.getloadavg()[0]:.1f}\n")
    print("| run | wall ms, start → first cable | wall ms, start → exit | CPU ms of the process | import ms "
          "| parser ms | first parse ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name in rows:
        wall = statistics.median(walls[name]) * 1e3
        cpu = statistics.median(cpus[name]) * 1e3
        if parts[name]:
            med = {k: statistics.median(p[k] for p in parts[name]) * 1e3 for k in parts[name][0]}
            print(f"| {name} | {med['to_first_cable']:.0f} | {wall:.0f} | {cpu:.0f} | {med['import']:.0f} "
                  f"| {med['parser']:.1f} | {med['first_parse']:.0f} |")
        else:
            print(f"| {name} | | {wall:.0f} | {cpu:.0f} | | | |")
    for mine, theirs in pairs:
        first = statistics.median(a["to_first_cable"] / b["to_first_cable"]
                                  for a, b in zip(parts[mine], parts[theirs]))
        exit_ = statistics.median(a / b for a, b in zip(walls[mine], walls[theirs]))
        cpu = statistics.median(a / b for a, b in zip(cpus[mine], cpus[theirs]))
        print(f"\n{mine} / {theirs}: start → first cable ×{first:.3f}, start → exit ×{exit_:.3f}, "
              f"CPU ×{cpu:.3f} (medians of per-run ratios)")


if __name__ == "__main__":
    main()
