"""Parsing speed on the shared corpus, side by side with a regex pass and plain decoding.

    python benchmarks/bench_parse.py                 # the 317 cables, 5 rounds
    python benchmarks/bench_parse.py --repeat-to 5000 --rounds 7
    python benchmarks/bench_parse.py --json results.json

What runs (all in this one process, texts already in memory, each round in a
new shuffled order so that drift and noise hit every approach alike):

``decode``
    ``bytes.decode('utf-8')`` of each cable text: the floor.
``regex``
    :mod:`regex_baseline`: a hand-written line-by-line pass extracting the
    envelope, caption, paragraph and signature fields into a dict.
``cablelib (lark)``, ``cablelib (lark-cython)``
    ``cablelib.parse(text)`` with every field, pure Lark and (when
    installed) lark-cython.  The engine is switched by giving the registry a
    parser built for it; everything else is the public ``parse()`` path.

Timed with the process's CPU time by default (``--clock wall`` for wall
time): on a shared machine other work preempts this process, which inflates
wall time but not CPU time.  Reported: cables/s and MB/s (median round), and ratios against the regex
pass as the **median of per-round ratios** (robust to a noisy machine).
Peak memory is measured in child processes that stream the corpus
(``VmHWM``), and the time from a fresh process to its first parsed cable
with a warm cache is measured last (``bench_startup.py`` has the details).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import corpus_texts  # noqa: E402
import regex_baseline  # noqa: E402

import cablelib  # noqa: E402
from cablelib import grammar, registry  # noqa: E402


def engine_parsers(engine: str) -> Callable[[str, type], object]:
    """A stand-in for ``registry._parser_for`` that builds parsers for ``engine``."""

    @functools.cache
    def parser_for(grammar_name: str, transformer: type) -> object:
        old = os.environ.get(grammar.ACCELERATOR_ENV)
        os.environ[grammar.ACCELERATOR_ENV] = engine
        try:
            path = Path(grammar_name)
            if path.is_absolute():
                return grammar.build_parser.__wrapped__(path.read_text(encoding="utf-8"), transformer,
                                                        (str(path.parent),))
            return grammar.build_parser.__wrapped__(grammar.grammar_text(grammar_name), transformer)
        finally:
            if old is None:
                os.environ.pop(grammar.ACCELERATOR_ENV, None)
            else:
                os.environ[grammar.ACCELERATOR_ENV] = old

    return parser_for


def approaches(texts: list[str], data: list[bytes]) -> dict[str, Callable[[], None]]:
    parse = cablelib.parse
    extract = regex_baseline.extract

    def decode() -> None:
        for raw in data:
            raw.decode("utf-8")

    def regex() -> None:
        for text in texts:
            extract(text)

    def with_engine(engine: str) -> Callable[[], None]:
        parser_for = engine_parsers(engine)

        def run() -> None:
            registry._parser_for = parser_for  # the registry looks this name up per call
            for text in texts:
                parse(text)

        return run

    found = {"decode": decode, "regex": regex, "cablelib (lark)": with_engine("none")}
    try:
        import lark_cython  # noqa: F401

        found["cablelib (lark-cython)"] = with_engine("lark-cython")
    except ImportError:
        pass
    return found


def measure(runs: dict[str, Callable[[], None]], rounds: int, seed: int,
            clock: Callable[[], float] = time.process_time) -> dict[str, list[float]]:
    for run in runs.values():  # warm-up: build parsers, compile every lexer state
        run()
    times: dict[str, list[float]] = {name: [] for name in runs}
    rng = random.Random(seed)
    for _ in range(rounds):
        order = list(runs)
        rng.shuffle(order)
        for name in order:
            start = clock()
            runs[name]()
            times[name].append(clock() - start)
    return times


CHILD = r"""
import resource, sys
sys.path[:0] = [{here!r}, {root!r}]
import corpus_texts
kind = sys.argv[1]
paths = corpus_texts.corpus_files(corpus_texts.Path({corpus!r}))
if kind == "import":
    import cablelib
elif kind == "regex":
    import regex_baseline
    from cablelib.sources import read_path
    for _ in range({passes}):
        for p in paths:
            for u in read_path(p):
                regex_baseline.extract(u.text)
else:
    import cablelib
    for _ in range({passes}):
        for cable in cablelib.iter_corpus(paths):
            pass
# VmHWM: the peak RSS of this process image (ru_maxrss can carry the
# parent's peak over the fork that started us).
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        print(int(line.split()[1]))
"""


def peak_rss(corpus: Path, passes: int, engine: str) -> dict[str, float]:
    """Peak RSS (MB) of child processes streaming the corpus ``passes`` times (Linux only)."""
    code = CHILD.format(here=str(HERE), root=str(HERE.parent), corpus=str(corpus), passes=passes)
    env = dict(os.environ, **{grammar.ACCELERATOR_ENV: engine})
    out = {}
    for kind in ("import", "regex", "cablelib"):
        proc = subprocess.run([sys.executable, "-c", code, kind], capture_output=True, text=True, env=env,
                              check=True)
        out[kind] = int(proc.stdout.strip()) / 1024  # VmHWM is in KiB
    return out


def first_cable_latency(runs: int) -> dict[str, float]:
    """Median wall and CPU ms of fresh processes parsing the seed cable, warm cache."""
    import bench_startup

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE.parent), env.get("PYTHONPATH")]))
    seed = str(HERE.parent / "examples" / "06PHNOMPENH2131.txt")
    child = [sys.executable, "-c", bench_startup.CHILD, seed]
    bench_startup.run_once(child, env)  # make sure the cache is warm
    walls, cpus, pass_walls, pass_cpus = [], [], [], []
    for _ in range(runs):
        wall, cpu, _ = bench_startup.run_once(child, env)
        walls.append(wall)
        cpus.append(cpu)
        wall, cpu, _ = bench_startup.run_once([sys.executable, "-c", "pass"], env)
        pass_walls.append(wall)
        pass_cpus.append(cpu)
    med = statistics.median
    return {"wall": med(walls) * 1e3, "cpu": med(cpus) * 1e3,
            "pass_wall": med(pass_walls) * 1e3, "pass_cpu": med(pass_cpus) * 1e3}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=corpus_texts.DEFAULT_CORPUS)
    ap.add_argument("--repeat-to", type=int, default=0, help="cycle the cables to this many (e.g. 5000)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-memory", action="store_true", help="skip the peak-memory child processes")
    ap.add_argument("--no-startup", action="store_true", help="skip the fresh-process start-up runs")
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--clock", choices=("cpu", "wall"), default="cpu",
                    help="cpu: this process's CPU time (default; a busy machine preempts the process, "
                         "which inflates wall time but not CPU time); wall: perf_counter")
    args = ap.parse_args()

    entries = corpus_texts.load(args.corpus)
    if args.repeat_to:
        entries = corpus_texts.repeat(entries, args.repeat_to)
    texts = [e.text for e in entries]
    data = [e.text.encode("utf-8") for e in entries]
    megabytes = sum(len(d) for d in data) / 1e6
    runs = approaches(texts, data)
    times = measure(runs, args.rounds, args.seed, time.process_time if args.clock == "cpu" else time.perf_counter)

    print(f"machine: {corpus_texts.machine()}")
    print(f"input: {len(texts)} cables, {megabytes:.2f} MB of cable text; {args.rounds} rounds, shuffled; "
          f"{args.clock} time; load average {os.getloadavg()[0]:.1f}\n")
    base = times["regex"]
    print(f"| approach | ms/cable | cables/s | MB/s | × regex speed | regex is ×N faster |")
    print(f"| --- | ---: | ---: | ---: | ---: | ---: |")
    results = {}
    for name, ts in times.items():
        med = statistics.median(ts)
        ratio = statistics.median(b / t for b, t in zip(base, ts))  # >1: faster than regex
        slower = statistics.median(t / b for b, t in zip(base, ts))
        spread = (max(ts) - min(ts)) / med
        results[name] = {"seconds": med, "cables_per_s": len(texts) / med, "mb_per_s": megabytes / med,
                         "vs_regex": ratio, "regex_times_faster": slower, "spread": spread}
        print(f"| {name} | {1e3 * med / len(texts):.3f} | {len(texts) / med:,.0f} | {megabytes / med:,.1f} | "
              f"{ratio:.3f} | {slower:.2f} | ")
    if "cablelib (lark-cython)" in times:
        gain = statistics.median(a / b for a, b in zip(times["cablelib (lark)"], times["cablelib (lark-cython)"]))
        results["cython_gain"] = gain
        print(f"\nlark-cython vs pure Lark: ×{gain:.2f} (median of per-round ratios)")
    print(f"spread (max-min)/median per approach: "
          + ", ".join(f"{k} {v['spread']:.0%}" for k, v in results.items() if isinstance(v, dict)))

    if not args.no_memory:
        passes = max(1, (args.repeat_to or len(texts)) // len(corpus_texts.corpus_files(args.corpus)))
        rss = peak_rss(args.corpus, passes, "auto")
        results["peak_rss_mb"] = rss
        print(f"\npeak RSS streaming the corpus ×{passes} from disk (child processes): "
              f"interpreter + cablelib import {rss['import']:.1f} MB, regex pass {rss['regex']:.1f} MB, "
              f"cablelib.iter_corpus {rss['cablelib']:.1f} MB")
    print(f"this process (all texts held in memory): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MB")
    if not args.no_startup:
        startup = first_cable_latency(runs=7)
        results["startup_warm_ms"] = startup
        print(f"\nfresh process to first parsed cable, warm cache (median of 7; bench_startup.py has the split): "
              f"wall {startup['wall']:.0f} ms, CPU {startup['cpu']:.0f} ms; 'python -c pass': "
              f"wall {startup['pass_wall']:.0f} ms, CPU {startup['pass_cpu']:.0f} ms")
    if args.json:
        args.json.write_text(json.dumps({"machine": corpus_texts.machine(), "cables": len(texts),
                                         "megabytes": megabytes, "results": results}, indent=2))


if __name__ == "__main__":
    main()
