"""Where parsing time goes: per-terminal lexing cost and a cProfile by layer.

    python benchmarks/profile_parse.py                  # the real grammar
    python benchmarks/profile_parse.py --rewrites       # with grammar_experiments' rewrites
    python benchmarks/profile_parse.py --top 40

Pure Lark (the lark-cython lexer cannot be instrumented from Python).  Two
views of the same corpus run, both after a warm-up pass:

1. **Lexing by terminal**: every call of Lark's ``Scanner.match`` is timed and
   charged to the terminal it returned (``FAIL`` when none matched), so the
   table says which terminal's regex costs what, per match and per character.
2. **Time by layer** (cProfile, total time of each function summed by the
   file it lives in): Lark's parser loop, Lark's lexer loop, the ``re``
   engine, cablelib's transformer, field splitters, assembly, model classes.
   cProfile inflates the cost of Python-level calls, so read the shares, not
   the absolute numbers.
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
os.environ["CABLELIB_ACCELERATOR"] = "none"

import corpus_texts  # noqa: E402
import grammar_experiments  # noqa: E402
import lark.lexer  # noqa: E402

import cablelib  # noqa: E402


def lexing_by_terminal(parse_all) -> tuple[float, float, collections.Counter, collections.Counter, collections.Counter]:
    cost: collections.Counter = collections.Counter()
    count: collections.Counter = collections.Counter()
    chars: collections.Counter = collections.Counter()
    original = lark.lexer.Scanner.match
    clock = time.perf_counter

    def timed(self, text, pos):
        start = clock()
        result = original(self, text, pos)
        elapsed = clock() - start
        kind = result[1] if result else "FAIL"
        cost[kind] += elapsed
        count[kind] += 1
        chars[kind] += len(result[0]) if result else 0
        return result

    start = clock()
    parse_all()
    plain = clock() - start
    lark.lexer.Scanner.match = timed
    try:
        parse_all()
    finally:
        lark.lexer.Scanner.match = original
    return plain, sum(cost.values()), cost, count, chars


LAYERS = (
    ("lark parser (LALR loop, callbacks plumbing)", ("lark/parsers", "lark/parse_tree_builder", "lark/visitors", "lark/lark.py", "lark/parser_frontends")),
    ("lark lexer loop (tokens, line counting)", ("lark/lexer",)),
    ("cablelib transformer", ("cablelib/transform",)),
    ("cablelib field splitters", ("cablelib/fields",)),
    ("cablelib assembly", ("cablelib/assemble",)),
    ("cablelib api + registry + normalise", ("cablelib/api", "cablelib/registry", "cablelib/normal")),
    ("cablelib sources (unwrap)", ("cablelib/sources",)),
    ("attrs model classes", ("attrs generated", "cablelib/model")),
)


def by_layer(stats: pstats.Stats) -> list[tuple[str, float]]:
    totals: collections.Counter = collections.Counter()
    for (filename, _line, name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        where = filename.replace("\\", "/")
        for label, needles in LAYERS:
            if any(n in where for n in needles):
                totals[label] += tottime
                break
        else:
            if name.startswith("<method 'match'") or name.startswith("<method 'search'") or name.startswith("<method 'sub'") \
                    or name.startswith("<method 'finditer'") or name.startswith("<method 'findall'") or name.startswith("<method 'split' of 're"):
                totals["re engine (all regex calls)"] += tottime
            else:
                totals["other builtins"] += tottime
    return totals.most_common()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=corpus_texts.DEFAULT_CORPUS)
    ap.add_argument("--rewrites", action="store_true", help="apply grammar_experiments.REWRITES to a copy")
    ap.add_argument("--top", type=int, default=25, help="functions to list by own time")
    args = ap.parse_args()
    texts = [e.text for e in corpus_texts.load(args.corpus)]
    tmp = Path(tempfile.mkdtemp(prefix="cablelib-profile-"))
    try:
        variant = None
        if args.rewrites:
            directory, missing = grammar_experiments.prototype_dir(grammar_experiments.REWRITES, tmp)
            variant = grammar_experiments.variant_for(directory, "profile")
            print(f"grammar: real grammar + rewrites (not applicable: {missing or 'none'})")

        def parse_all() -> None:
            for text in texts:
                cablelib.parse(text, variant=variant) if variant else cablelib.parse(text)

        parse_all()  # warm-up: build the parser, compile every lexer state
        plain, lexing, cost, count, chars = lexing_by_terminal(parse_all)
        print(f"{len(texts)} cables: parse {plain * 1e3:.0f} ms ({len(texts) / plain:,.0f} cables/s); "
              f"regex matching in the lexer {lexing * 1e3:.0f} ms of the instrumented run\n")
        print("| terminal | ms | matches | µs/match | chars/match | ns/char |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for kind, seconds in cost.most_common(15):
            n = count[kind]
            print(f"| {kind} | {seconds * 1e3:.1f} | {n} | {seconds / n * 1e6:.1f} | "
                  f"{chars[kind] / n:.0f} | {seconds * 1e9 / max(chars[kind], 1):.0f} |")

        profile = cProfile.Profile()
        profile.enable()
        parse_all()
        profile.disable()
        stats = pstats.Stats(profile)
        total = sum(v[2] for v in stats.stats.values())  # type: ignore[attr-defined]
        print("\n| layer (cProfile own time) | share |")
        print("| --- | ---: |")
        for label, seconds in by_layer(stats):
            print(f"| {label} | {seconds / total:.0%} |")
        print()
        stats.sort_stats("tottime").print_stats(args.top)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
