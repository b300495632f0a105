"""Where parsing time goes: per-terminal lexing cost and a cProfile by layer.

    python benchmarks/profile_parse.py                  # the real grammar
    python benchmarks/profile_parse.py --rewrites       # with grammar_experiments' rewrites
    python benchmarks/profile_parse.py --top 40

Pure Lark's token class (lark-cython's parsers differ only in it: both run
cablelib's own parse loop).  Two views of the same corpus run, both after a
warm-up pass:

1. **Lexing by terminal**: every regex call of the parse loop
   (:mod:`cablelib.table_parser`, one call a token: the blanks before it and
   the state's alternation) is timed and charged to the terminal it
   returned (``FAIL`` when none matched: the end of the text, or a text left
   to Lark), so the table says which terminal's regex costs what, per match
   and per character of the token.  Texts that Lark parses itself (errors,
   recovery) are not in it.
2. **Time by layer** (cProfile, total time of each function summed by the
   file it lives in): the parse loop, Lark (only for texts it parses), the
   ``re`` engine, cablelib's transformer, field splitters, assembly, model
   classes.  cProfile inflates the cost of Python-level calls, so read the
   shares, not the absolute numbers.
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

import cablelib  # noqa: E402
from cablelib import table_parser  # noqa: E402


def _loops() -> list[table_parser.TableParser]:
    """The table parsers built so far (one per parser that the warm-up used)."""
    import gc

    return [obj for obj in gc.get_objects() if isinstance(obj, table_parser.TableParser)]


def lexing_by_terminal(parse_all) -> tuple[float, float, collections.Counter, collections.Counter, collections.Counter]:
    cost: collections.Counter = collections.Counter()
    count: collections.Counter = collections.Counter()
    chars: collections.Counter = collections.Counter()
    clock = time.perf_counter

    def timed(match):
        def call(text, pos):
            start = clock()
            m = match(text, pos)
            elapsed = clock() - start
            kind = m.lastgroup if m is not None else "FAIL"
            cost[kind] += elapsed
            count[kind] += 1
            chars[kind] += m.end() - m.end(1) if m is not None else 0
            return m
        return call

    start = clock()
    parse_all()
    plain = clock() - start
    # Every state's matcher was built by the warm-up; a state first met now
    # is built by the loop's own dict and stays untimed.
    saved = []
    for loop in _loops():
        saved.append((loop, dict(loop._matchers)))
        for state, match in list(loop._matchers.items()):
            loop._matchers[state] = timed(match)
    try:
        parse_all()
    finally:
        for loop, matchers in saved:
            loop._matchers.update(matchers)
    return plain, sum(cost.values()), cost, count, chars


LAYERS = (
    ("cablelib parse loop (tokens, LALR stacks)", ("cablelib/table_parser",)),
    ("lark parser (texts Lark parses itself)", ("lark/parsers", "lark/parse_tree_builder", "lark/visitors", "lark/lark.py", "lark/parser_frontends")),
    ("lark lexer (texts Lark parses itself)", ("lark/lexer",)),
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
    for label, _needles in LAYERS:  # every layer gets a row, 0 % when cProfile saw none of it
        totals.setdefault(label, 0.0)
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
        from cablelib.compiled import status

        compiled = [module for module, state in status().items() if state != "pure"]
        if compiled:  # their functions are C calls that cProfile does not see
            print(f"\ncompiled (cablelib.compiled; cProfile counts their functions as built-ins): {', '.join(compiled)}")
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
