"""What variants cost: automatic selection per cable, start-up, and parsing through a variant.

    python benchmarks/bench_variants.py               # shared corpus, 5 rounds, 9 start-up runs
    python benchmarks/bench_variants.py --rounds 7 --runs 15 --json variants.json

Three measurements, each against a baseline run in the same process (or, for
start-up, interleaved with it):

``selection``
    ``default_registry.guess(text)`` — what ``parse()`` does to choose a
    variant — on every corpus text, against ``cablelib.parse(text)`` of the
    same texts.  Reported in microseconds per cable and as a share of a parse.
``start-up``
    A fresh interpreter that imports cablelib and parses the seed cable,
    with the registry holding only ``generic`` versus all built-ins (warm
    grammar cache, so what is compared is the registry, not Lark's build).
    The children also report where their time went: importing cablelib,
    loading the registry (built-in modules, entry points), the first parse.
``variant parse``
    Each built-in variant with its own grammar or transformer, parsing its
    example cables, against ``generic`` parsing the same texts: the cost of
    the namespacing adapter and of the variant's own callbacks.

Medians of per-round ratios; rounds shuffle the order so drift hits all rows.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "tests"))  # tests/cables.py: the real cables the tests keep

import cablelib  # noqa: E402
from cablelib.api import parse_unwrapped  # noqa: E402
from cablelib.registry import BASE_GRAMMAR, default_registry  # noqa: E402
from cablelib.sources import read_path  # noqa: E402
from cables import VARIANT_EXAMPLES, cable_paths  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
SEED = ROOT / "examples" / "06PHNOMPENH2131.txt"


def corpus_unwrapped(root: Path) -> list:
    items = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in {".html", ".txt", ".csv"} and path.name != "README.md":
            items.extend(read_path(path))
    return items


def _time(fn, items) -> float:
    start = time.perf_counter()
    for item in items:
        fn(item)
    return time.perf_counter() - start


def bench_selection(items, rounds: int) -> dict:
    texts = [u.text for u in items]
    default_registry.guess(texts[0])
    for u in items[:20]:
        parse_unwrapped(u)  # warm the parsers
    guess_us, parse_us, shares = [], [], []
    for _ in range(rounds):
        order = list(range(len(items)))
        random.shuffle(order)
        t_guess = _time(default_registry.guess, [texts[i] for i in order])
        t_parse = _time(parse_unwrapped, [items[i] for i in order])
        guess_us.append(t_guess / len(items) * 1e6)
        parse_us.append(t_parse / len(items) * 1e6)
        shares.append(t_guess / t_parse)
    return {
        "cables": len(items),
        "variants": len(cablelib.variants()),
        "guess_us_per_cable": statistics.median(guess_us),
        "parse_us_per_cable": statistics.median(parse_us),
        "guess_share_of_parse": statistics.median(shares),
    }


CHILD = """
import sys, time, json
t0 = time.perf_counter()
import cablelib, cablelib.api, cablelib.registry as r
t1 = time.perf_counter()
if {only_generic}:
    reg = r.Registry(builtins={{"generic": r.BUILTIN_VARIANTS["generic"]}})
    r.default_registry = cablelib.api.default_registry = reg
r.default_registry.all()  # import the built-in modules, read the entry points
t2 = time.perf_counter()
cable = cablelib.parse_file({seed!r})
t3 = time.perf_counter()
print(json.dumps({{"import": t1 - t0, "registry": t2 - t1, "first_parse": t3 - t2, "variant": cable.variant}}))
"""


def bench_startup(runs: int) -> dict:
    """Wall time of a fresh process to its first cable, and where the child's time went."""
    rows = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "generic only": [sys.executable, "-c", CHILD.format(only_generic=True, seed=str(SEED))],
        "all built-ins": [sys.executable, "-c", CHILD.format(only_generic=False, seed=str(SEED))],
    }
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for cmd in rows.values():  # warm the grammar and regex caches
        subprocess.run(cmd, env=env, check=True, capture_output=True)
    wall: dict[str, list[float]] = {name: [] for name in rows}
    inside: dict[str, dict[str, list[float]]] = {name: {} for name in rows}
    for _ in range(runs):
        names = list(rows)
        random.shuffle(names)
        for name in names:
            start = time.perf_counter()
            proc = subprocess.run(rows[name], env=env, check=True, capture_output=True, text=True)
            wall[name].append(time.perf_counter() - start)
            if proc.stdout.strip():
                for key, value in json.loads(proc.stdout).items():
                    if isinstance(value, float):
                        inside[name].setdefault(key, []).append(value)
    out = {}
    for name in rows:
        out[name] = {"wall_ms": statistics.median(wall[name]) * 1000}
        out[name].update({f"{k}_ms": statistics.median(v) * 1000 for k, v in inside[name].items()})
    return {"runs": runs, "rows": out,
            "registry_ms_all_minus_generic": out["all built-ins"].get("registry_ms", 0)
            - out["generic only"].get("registry_ms", 0)}


def bench_variant_parse(rounds: int) -> dict:
    copies = cable_paths(VARIANT_EXAMPLES)  # the built-in variants' example cables
    result = {}
    for name, variant in cablelib.variants().items():
        if variant.grammar == BASE_GRAMMAR and variant.transformer is cablelib.get_variant("generic").transformer:
            continue  # same parser as generic: nothing to measure
        items = [u for p in copies for u in read_path(p)
                 if variant.score(u.text) > 0.01]
        generic = cablelib.get_variant("generic")
        for u in items:
            parse_unwrapped(u, variant=variant)
            parse_unwrapped(u, variant=generic)
        ratios = []
        for _ in range(rounds):
            t_v = _time(lambda u: parse_unwrapped(u, variant=variant), items * 5)
            t_g = _time(lambda u: parse_unwrapped(u, variant=generic), items * 5)
            ratios.append(t_v / t_g)
        result[name] = {"cables": len(items), "time_vs_generic": statistics.median(ratios)}
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=SHARED)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    random.seed(1)
    results = {
        "python": sys.version.split()[0],
        "engine": __import__("cablelib.grammar", fromlist=["accelerator"]).accelerator(),
        "selection": bench_selection(corpus_unwrapped(args.corpus), args.rounds),
        "startup": bench_startup(args.runs),
        "variant_parse": bench_variant_parse(args.rounds),
    }
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
