"""Measured grammar rewrites: same output, less time.  A prototype bench, not a patch.

    python benchmarks/grammar_experiments.py            # all rewrites, 5 rounds
    python benchmarks/grammar_experiments.py --rounds 7 --list

The grammar files belong to the grammar engineer; this script never edits
them.  It copies ``grammars/`` to a temporary directory, applies each
rewrite below to the copy (text substitutions, so it keeps working while the
grammar evolves; a rewrite whose text is no longer there is reported as
"not applicable"), builds a parser from the copy, and then:

1. **checks** that every cable of the shared corpus gives exactly the same
   ``Cable.to_dict()`` as with the real grammar (a rewrite that changes any
   output is reported and not timed);
2. **times** the real grammar and the cumulative rewrites side by side, in
   shuffled order per round, and reports cables/s and the median of the
   per-round ratios against the real grammar.

Rewrites are cumulative in the order listed: each row includes the ones
above it.  A rewrite marked ``changes_output`` is an upper bound: it is
timed on its own and the fields it changes are listed.  :data:`PATCHES` are
the same idea for Python functions of the parser (field splitters and the
like): applied in-process around each timed run, on top of every rewrite.
Pure Lark (``CABLELIB_ACCELERATOR=none``) unless ``--engine``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import corpus_texts  # noqa: E402

import cablelib  # noqa: E402
from cablelib import grammar  # noqa: E402
from cablelib.registry import Generic  # noqa: E402


@dataclass(frozen=True)
class Rewrite:
    name: str
    why: str
    edits: tuple[tuple[str | re.Pattern[str], str], ...]  # (old, new): str.replace, or re.sub for a pattern
    changes_output: bool = False        # timed on its own, never cumulative
    proposal: bool = True               # False: only a bound on what a change could gain


@dataclass(frozen=True)
class Patch:
    """A change to a Python function of the parser, applied in-process while timed."""

    name: str
    why: str
    module_attr: str                    # "cablelib.fields.envelope:squeeze"
    replacement: Callable[..., Any]


def _squeeze_split(text: str) -> str:
    """``squeeze`` without a regex: str.split() splits on exactly the characters
    ``\\s`` matches in a str pattern (both use Py_UNICODE_ISSPACE; checked for
    every code point), and drops the ends as ``.strip()`` does."""
    return " ".join(text.split())


PATCHES = (
    Patch(
        "squeeze-split",
        "cablelib.fields.envelope.squeeze is `_SPACES.sub(' ', text).strip()` with "
        "`_SPACES = re.compile(r'\\s+')`; it runs on every paragraph (join_lines) and most "
        "fields.  `' '.join(text.split())` gives the same string for every input (the same "
        "whitespace set, verified for all code points) about 3x faster.",
        "cablelib.fields.envelope:squeeze",
        _squeeze_split,
    ),
)


@contextlib.contextmanager
def patched(patches: tuple[Patch, ...]) -> Iterator[None]:
    """Apply ``patches`` to every cablelib module that holds the original function."""
    undo: list[tuple[Any, str, Any]] = []
    for patch in patches:
        module_name, attr = patch.module_attr.split(":")
        original = getattr(importlib.import_module(module_name), attr)
        for module in list(sys.modules.values()):
            if getattr(module, "__name__", "").startswith("cablelib") and getattr(module, attr, None) is original:
                undo.append((module, attr, original))
                setattr(module, attr, patch.replacement)
    try:
        yield
    finally:
        for module, attr, original in reversed(undo):
            setattr(module, attr, original)


REWRITES = (
    Rewrite(
        "signature-separators",
        "In the signature pattern (the SIGNATURE terminal and the end-of-text check inside "
        "BODY_CONTINUATION's lookahead) the separator between surnames is optional AND the "
        "spaces around it are optional, so `[A-Z][A-Z'\\-]+` pieces can split one word in many "
        "ways: on an all-caps line that is not a signature the regex engine tries them all "
        "before failing.  Requiring a separator or at least one space removes the ambiguity "
        "(the matched language is the same: two pieces glued together are one piece).",
        (
            (r"(?:[ \t]*(?:\/|,|AND|&)?[ \t]*", r"(?:(?:[ \t]*(?:\/|,|AND|&)[ \t]*|[ \t]+)"),
            (r"(?:[ \t]*(?:\/|,|and|&)?[ \t]*", r"(?:(?:[ \t]*(?:\/|,|and|&)[ \t]*|[ \t]+)"),
        ),
    ),
    Rewrite(
        "heading-no-cr",
        "In the heading check (HEADING and BODY_CONTINUATION's lookahead), `\\S[^\\n]*\\r?\\n` "
        "backtracks through the whole line trying `\\r?` at every character when the next "
        "line is not a dash line; `[^\\n]` already matches `\\r`, so `\\S[^\\n]*\\n` is the "
        "same language without the backtracking.",
        ((r"\S[^\n]*\r?\n[ \t]*---", r"\S[^\n]*\n[ \t]*---"),),
    ),
    Rewrite(
        "possessive-words (Python >= 3.11)",
        "Possessive quantifiers on the surname words of the signature pattern: once a word is "
        "read it is never given back.  Needs Python 3.11's `re` (pyproject says >= 3.10).",
        (
            (r"(?:[A-Z][A-Z'\-]+|X{4,})", r"(?:[A-Z][A-Z'\-]++|X{4,}+)"),
            (r"[A-Z][a-z][A-Za-z'\-]*", r"[A-Z][a-z][A-Za-z'\-]*+"),
        ),
    ),
    Rewrite(
        "body-minimal (upper bound)",
        "Not a proposal: BODY_CONTINUATION reduced to 'a non-blank line that does not start with a "
        "paragraph number', i.e. without the page-break, heading and signature checks that run at "
        "the start of every body line.  What it gains bounds what any cheaper formulation of those "
        "checks (for example finding page breaks, headings and the signature in the transformer, "
        "with string methods on the paragraph text) could gain.",
        ((re.compile(r"^BODY_CONTINUATION: .*$", re.M),
          r"BODY_CONTINUATION: /\\r?\\n[ \\t]*(?!¶?[ \\t]*\\d{1,2}\\.)\\S[^\\n]*/"),),
        changes_output=True,
        proposal=False,
    ),
)


def prototype_dir(rewrites: tuple[Rewrite, ...], root: Path) -> tuple[Path, list[str]]:
    """A copy of grammars/ with ``rewrites`` applied; the names that did not apply."""
    target = root / "_".join(r.name.split()[0] for r in rewrites) if rewrites else root / "real"
    shutil.copytree(grammar.grammar_dir(), target)
    path = target / "envelope.lark"
    text = path.read_text(encoding="utf-8")
    missing = []
    for rewrite in rewrites:
        changed = text
        for old, new in rewrite.edits:
            changed = old.sub(new, changed) if isinstance(old, re.Pattern) else changed.replace(old, new)
        if changed == text:
            missing.append(rewrite.name)
        text = changed
    path.write_text(text, encoding="utf-8")
    return target, missing


def variant_for(directory: Path, label: str) -> type:
    return type(f"Proto_{abs(hash(label))}", (Generic,), {
        "name": f"proto-{label}", "aliases": (), "grammar": str(directory / "envelope.lark")})


def outputs(variant: type | None, texts: list[str]) -> list[dict]:
    result = []
    for text in texts:
        d = cablelib.parse(text, variant=variant).to_dict() if variant else cablelib.parse(text).to_dict()
        d.pop("variant")
        result.append(d)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=corpus_texts.DEFAULT_CORPUS)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--engine", default="none", help="CABLELIB_ACCELERATOR for every parser (default: none)")
    ap.add_argument("--list", action="store_true", help="print the rewrites and why, then stop")
    args = ap.parse_args()
    if args.list:
        for r in REWRITES:
            print(f"{r.name}\n  {r.why}\n" + "".join(f"  - {getattr(old, 'pattern', old)}\n  + {new}\n"
                                                  for old, new in r.edits))
        for p in PATCHES:
            print(f"{p.name} ({p.module_attr})\n  {p.why}\n")
        return
    os.environ[grammar.ACCELERATOR_ENV] = args.engine
    texts = [e.text for e in corpus_texts.load(args.corpus)]

    tmp = Path(tempfile.mkdtemp(prefix="cablelib-grammar-exp-"))
    try:
        real_dir, _ = prototype_dir((), tmp)
        candidates: dict[str, type] = {"real grammar": variant_for(real_dir, "real")}
        expected = outputs(candidates["real grammar"], texts)
        print(f"machine: {corpus_texts.machine()}")
        print(f"input: {len(texts)} cables; engine {args.engine}; {args.rounds} rounds, shuffled; CPU time; "
              f"load average {os.getloadavg()[0]:.1f}\n")
        applied: list[Rewrite] = []
        contexts: dict[str, tuple[Patch, ...]] = {"real grammar": ()}
        for rewrite in REWRITES:
            trial = (rewrite,) if rewrite.changes_output else (*applied, rewrite)
            directory, missing = prototype_dir(tuple(trial), tmp)
            if rewrite.name in missing:
                print(f"- {rewrite.name}: not applicable (text not found in envelope.lark)")
                continue
            variant = variant_for(directory, rewrite.name)
            try:
                got = outputs(variant, texts)
            except Exception as exc:  # a rewrite that breaks the grammar
                print(f"- {rewrite.name}: fails ({type(exc).__name__}: {exc})"[:300])
                continue
            differing = [i for i, (a, b) in enumerate(zip(expected, got)) if a != b]
            if rewrite.changes_output:
                fields = sorted({k for i in differing for k in expected[i] if expected[i][k] != got[i][k]})
                print(f"- {rewrite.name}: changes {len(differing)} of {len(texts)} cables "
                      f"(fields: {', '.join(fields) or 'none'}); timed alone, as an upper bound")
                candidates[f"real grammar + {rewrite.name.split()[0]} (CHANGES OUTPUT)"] = variant
                contexts[f"real grammar + {rewrite.name.split()[0]} (CHANGES OUTPUT)"] = ()
                continue
            if differing:
                print(f"- {rewrite.name}: CHANGES the output of {len(differing)} cables; not timed")
                continue
            applied.append(rewrite)
            label = " + ".join(r.name.split()[0] for r in applied)
            candidates[label] = variant
            contexts[label] = ()
            print(f"- {rewrite.name}: same output for all {len(texts)} cables")
        best = candidates[" + ".join(r.name.split()[0] for r in applied)] if applied else candidates["real grammar"]
        done: list[Patch] = []
        for patch in PATCHES:
            with patched((*done, patch)):
                got = outputs(best, texts)
            if got != expected:
                print(f"- {patch.name}: CHANGES the output; not timed")
                continue
            done.append(patch)
            label = " + ".join([*(r.name.split()[0] for r in applied), *(p.name for p in done)])
            candidates[label] = best
            contexts[label] = tuple(done)
            print(f"- {patch.name}: same output for all {len(texts)} cables")
        changing = tuple(r for r in REWRITES if r.changes_output and r.proposal)
        if changing:
            directory, missing = prototype_dir((*applied, *changing), tmp)
            if not missing:
                label = "all rewrites and patches + " + " + ".join(r.name.split()[0] for r in changing) + " (CHANGES OUTPUT)"
                candidates[label] = variant_for(directory, "everything")
                contexts[label] = tuple(done)

        times: dict[str, list[float]] = {name: [] for name in candidates}
        rng = random.Random(1)
        for _ in range(args.rounds):
            order = list(candidates)
            rng.shuffle(order)
            for name in order:
                variant = candidates[name]
                with patched(contexts[name]):
                    start = time.process_time()
                    for text in texts:
                        cablelib.parse(text, variant=variant)
                    times[name].append(time.process_time() - start)
        base = times["real grammar"]
        print("\n| grammar | ms/cable | cables/s | × real grammar |")
        print("| --- | ---: | ---: | ---: |")
        for name, ts in times.items():
            med = statistics.median(ts)
            ratio = statistics.median(b / t for b, t in zip(base, ts))
            print(f"| {name} | {1e3 * med / len(texts):.3f} | {len(texts) / med:,.0f} | ×{ratio:.2f} |")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
