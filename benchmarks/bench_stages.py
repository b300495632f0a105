"""How a parse's time splits between its stages, each timed alone.

    python benchmarks/bench_stages.py               # 9 rounds
    python benchmarks/bench_stages.py --rounds 15

Every stage runs on the previous stage's output, held in memory, so that its
own cost is measured without cProfile's overhead (which inflates Python
calls and hides lark-cython's):

``tree``
    lexing and LALR parsing of the normalised text with Lark's default
    callbacks (a ``lark.Tree``): the floor for this grammar and engine.
``transform``
    the variant's real parser, as ``cablelib.parse`` runs it: cablelib's loop
    over the parser's tables (:mod:`cablelib.table_parser`), with cablelib's
    transformer building field values.
``engine loop``
    the same parser run by the engine's own loop (``parser.parse``), as
    before the table parser and still for texts it hands back.
``full``
    ``cablelib.parse`` on the cable text: also unwrapping, normalising,
    choosing the variant, assembling the ``Cable``.
``unwrap``, ``normalize``, ``guess``, ``assemble``
    those steps alone.

The engine is whatever :func:`cablelib.grammar.accelerator` picks
(``CABLELIB_ACCELERATOR=none`` for pure Lark).  CPU time, medians of
interleaved rounds, milliseconds a cable.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import corpus_texts  # noqa: E402
import lark  # noqa: E402

import cablelib  # noqa: E402
from cablelib import grammar, table_parser  # noqa: E402
from cablelib.trailing_marks import TrailingMarks  # noqa: E402
from cablelib.assemble import assemble  # noqa: E402
from cablelib.normalize import normalize  # noqa: E402
from cablelib.registry import default_registry  # noqa: E402
from cablelib.sources import unwrap  # noqa: E402


def tree_parser() -> lark.Lark:
    """The base grammar with Lark's default callbacks; its lexers compile their
    alternations as cablelib's parsers do (:mod:`cablelib.trailing_marks`)."""
    options: dict[str, object] = dict(parser="lalr", lexer="contextual", maybe_placeholders=False,
                                      import_paths=[str(grammar.grammar_dir())])
    if grammar.accelerator() == "lark-cython":
        import lark_cython

        options["_plugins"] = lark_cython.plugins
    regexes = TrailingMarks()
    with grammar._lexer_regexes_from(regexes):
        parser = lark.Lark(grammar.grammar_text("envelope.lark"), **options)
    regexes.learn(parser.terminals)
    return parser


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--corpus", type=Path, default=corpus_texts.DEFAULT_CORPUS)
    args = parser.parse_args()

    texts = [entry.text for entry in corpus_texts.load(args.corpus)]
    unwrapped = [unwrap(text) for text in texts]
    prepared = [normalize(u.text) for u in unwrapped]
    variants = [default_registry.guess(p, wrapper=u.wrapper) for p, u in zip(prepared, unwrapped)]
    parsers = [v.parser() for v in variants]
    parsed = [p.parse(text) for p, text in zip(parsers, prepared)]
    tables = [table_parser.for_parser(p) for p in parsers]
    assert all(t is not None for t in tables)
    assert [repr(t.parse(text)) for t, text in zip(tables, prepared)] == [repr(p) for p in parsed]
    tree = tree_parser()

    stages: dict[str, Callable[[], object]] = {
        "tree": lambda: [tree.parse(p) for p in prepared],
        "transform": lambda: [t.parse(text) for t, text in zip(tables, prepared)],
        "full": lambda: [cablelib.parse(text) for text in texts],
        "unwrap": lambda: [unwrap(text) for text in texts],
        "normalize": lambda: [normalize(u.text) for u in unwrapped],
        "guess": lambda: [default_registry.guess(p, wrapper=u.wrapper) for p, u in zip(prepared, unwrapped)],
        "assemble": lambda: [assemble(result, source=text, wrapper=u.wrapper, diagnostics=[],
                                      variant=v.name, reference_id=None, year=None)
                             for result, text, u, v in zip(parsed, texts, unwrapped, variants)],
        # Last, so that the stages before it run as they did before it existed.
        "engine loop": lambda: [p.parse(text) for p, text in zip(parsers, prepared)],
    }
    times: dict[str, list[float]] = {name: [] for name in stages}
    for _ in range(args.rounds):
        for name, run in stages.items():
            start = time.process_time()
            run()
            times[name].append((time.process_time() - start) / len(texts) * 1e3)

    print(corpus_texts.machine())
    print(f"{len(texts)} cables, engine {grammar.accelerator()}, {args.rounds} interleaved rounds, CPU time\n")
    print("| stage | ms a cable (median) | min | max |")
    print("| --- | ---: | ---: | ---: |")
    for name, values in times.items():
        print(f"| {name} | {statistics.median(values):.3f} | {min(values):.3f} | {max(values):.3f} |")


if __name__ == "__main__":
    main()
