"""Instructions per cable, counted by valgrind: a yardstick noise cannot move.

    python benchmarks/bench_instructions.py                    # this checkout
    python benchmarks/bench_instructions.py --repo /tmp/base   # another checkout, for A/B

Why: on this shared machine, times of the same code move by ±20 % from run
to run and by a few per cent between rounds of one run, so a change that
saves 2 % of a parse cannot be told from noise with ``bench_parse.py``.
Cachegrind (``valgrind --tool=cachegrind --cache-sim=no``) counts the
instructions a process executes; with ``PYTHONHASHSEED`` fixed the count is
the same on every run, whatever else the machine is doing.  Between states
of the checkout the count of unchanged code can still move by about 1 %
(memory layout, caches), so read smaller differences as noise.

For each approach (``cablelib.parse`` and the regex pass of
``regex_baseline.py``) two child processes run under cachegrind: one loads
the corpus and parses it once (warm-up: imports, grammar cache, compiled
regexes), the other does the same and then parses it ``--loops`` more
times.  The difference, divided by the cables parsed, is the instructions
per cable of a warm parse.  The four children run two at a time.

Instructions are not time: the regex pass runs mostly in C and executes
more instructions per cycle than Python bytecode does, so the instruction
ratio is lower than the time ratio (``bench_parse.py``).  Use this script
to tell whether a change makes the parser do less work, by how much, and
quote speeds from ``bench_parse.py``.  To compare with an older commit::

    git worktree add /tmp/base d17389e
    python benchmarks/bench_instructions.py --repo /tmp/base
    git worktree remove /tmp/base

The other checkout runs with this checkout's interpreter and packages, and
its own ``cablelib`` and ``grammars/`` (it goes first on ``sys.path``).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
APPROACHES = ("regex", "cablelib")


def child(repo: str, approach: str, loops: int, corpus: Path | None) -> None:
    """Runs under valgrind: warm up on the corpus, then parse it ``loops`` more times."""
    sys.path.insert(0, repo)  # before corpus_texts imports cablelib: the measured checkout's
    sys.path.insert(1, str(HERE))
    import corpus_texts

    texts = [e.text for e in corpus_texts.load(corpus or corpus_texts.DEFAULT_CORPUS)]
    if approach == "cablelib":
        import cablelib

        parse = cablelib.parse
        assert Path(cablelib.__file__).resolve().is_relative_to(Path(repo).resolve()), cablelib.__file__
    else:
        import regex_baseline

        parse = regex_baseline.extract
    for text in texts:
        parse(text)
    for _ in range(loops):
        for text in texts:
            parse(text)
    print(f"cables={len(texts)}")


def instructions(repo: Path, approach: str, loops: int, corpus: Path) -> tuple[int, int]:
    """(instructions executed, cables per pass) of one child under cachegrind."""
    cmd = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
           sys.executable, str(Path(__file__).resolve()), "--child", approach, str(loops),
           "--repo", str(repo), "--corpus", str(corpus)]
    env = dict(os.environ, PYTHONHASHSEED="0")
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    refs = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    cables = re.search(r"cables=(\d+)", done.stdout)
    if done.returncode != 0 or refs is None or cables is None:
        raise SystemExit(f"child failed ({' '.join(cmd)}):\n{done.stdout}\n{done.stderr[-2000:]}")
    return int(refs.group(1).replace(",", "")), int(cables.group(1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repo", type=Path, default=REPO, help="checkout whose cablelib is measured (default: this one)")
    ap.add_argument("--corpus", type=Path, default=None, help="cable corpus (default: the shared corpus)")
    ap.add_argument("--loops", type=int, default=1, help="measured passes over the corpus (default 1)")
    ap.add_argument("--child", nargs=2, metavar=("APPROACH", "LOOPS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:  # before anything imports cablelib from this checkout
        child(str(args.repo), args.child[0], int(args.child[1]), args.corpus)
        return
    sys.path.insert(0, str(HERE))
    import corpus_texts

    corpus = args.corpus or corpus_texts.DEFAULT_CORPUS
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt install valgrind)")
    # Fill the grammar and regex caches first: the children run two at a time,
    # and one that finds a cold cache while its pair finds a warm one would
    # count the grammar build in the difference.
    subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", "cablelib", "0",
                    "--repo", str(args.repo), "--corpus", str(corpus)], check=True, capture_output=True)
    runs = [(approach, loops) for approach in APPROACHES for loops in (0, args.loops)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        counts = dict(zip(runs, pool.map(lambda run: instructions(args.repo, run[0], run[1], corpus), runs)))
    print(corpus_texts.machine())
    engine = os.environ.get("CABLELIB_ACCELERATOR", "auto")
    print(f"checkout: {args.repo.resolve()}; CABLELIB_ACCELERATOR={engine}; PYTHONHASHSEED=0; "
          f"{args.loops} measured pass(es)\n")
    print("| approach | instructions a cable | × regex pass |")
    print("| --- | ---: | ---: |")
    per_cable = {}
    for approach in APPROACHES:
        (warm, cables), (measured, _) = counts[(approach, 0)], counts[(approach, args.loops)]
        per_cable[approach] = (measured - warm) / (cables * args.loops)
    for approach in APPROACHES:
        value = per_cable[approach]
        print(f"| {approach} | {value:,.0f} | {value / per_cable['regex']:.2f} |")


if __name__ == "__main__":
    main()
