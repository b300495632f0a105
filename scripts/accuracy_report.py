#!/usr/bin/env python3
"""Accuracy report: cablelib against WikiLeaks' own annotations on cablegate pages.

Usage (from the repository root)::

    python scripts/accuracy_report.py                 # table + every disagreement
    python scripts/accuracy_report.py --json          # the same as one JSON object
    python scripts/accuracy_report.py --markdown      # the tables of docs/accuracy.md
    python scripts/accuracy_report.py PATH...         # other pages or folders

By default it reads ``../shared/corpus/cablegate-html`` and
``../shared/corpus/cablegate-html-httrack`` next to the checkout.  What is
compared, and how, is documented in :mod:`cablelib.accuracy` and
``docs/accuracy.md``; each disagreement that a person has looked at is
explained in ``scripts/accuracy_explanations.tsv`` (cable, field, verdict,
explanation), which ``--markdown`` joins in.

The exit status is 0 when no page raised, 1 otherwise: agreement below 100 %
is a measurement, not a failure of the script.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cablelib.accuracy import Report, score_pages  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
DEFAULT_PATHS = (CORPUS / "cablegate-html", CORPUS / "cablegate-html-httrack")
EXPLANATIONS = Path(__file__).resolve().parent / "accuracy_explanations.tsv"


def load_explanations(path: Path = EXPLANATIONS) -> dict[tuple[str, str], tuple[str, str]]:
    """``(cable, field) -> (verdict, explanation)`` from the TSV, if it exists."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")),
                              delimiter="\t", quoting=csv.QUOTE_NONE)
        return {(r["cable"], r["field"]): (r["verdict"], r["explanation"]) for r in rows}


def _short(value: Any, width: int = 70) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= width else text[: width - 1] + "…"


def print_text(report: Report, seconds: float) -> None:
    print(f"{report.pages} pages, {len(report.errors)} exceptions, {seconds:.1f} s\n")
    print(f"{'field':<16} {'applicable':>10} {'agree':>6} {'%':>7}")
    for row in report.table():
        pct = "-" if row["percent"] is None else f"{row['percent']:.2f}"
        print(f"{row['field']:<16} {row['applicable']:>10} {row['agree']:>6} {pct:>7}")
    for page, error in report.errors:
        print(f"\nEXCEPTION {page}: {error}")
    disagreements = report.disagreements()
    print(f"\n{len(disagreements)} disagreements (cable, field, ours, theirs):")
    for c in disagreements:
        print(f"- {c.cable}  {c.field}")
        print(f"    ours:   {_short(c.ours, 200)}")
        print(f"    theirs: {_short(c.theirs, 200)}")
        if c.note:
            print(f"    note:   {c.note}")


def _cell(text: Any) -> str:
    return _short(text, 90).replace("|", "\\|").replace("\n", " ")


def print_markdown(report: Report) -> None:
    """The two tables of docs/accuracy.md: agreement per field, then each disagreement."""
    explanations = load_explanations()
    print(f"{report.pages} pages, {len(report.errors)} exceptions.\n")
    print("| field | applicable | agree | % |")
    print("|---|---:|---:|---:|")
    for row in report.table():
        pct = "–" if row["percent"] is None else f"{row['percent']:.2f}"
        print(f"| `{row['field']}` | {row['applicable']} | {row['agree']} | {pct} |")
    print()
    print("| cable | field | ours | theirs | verdict | explanation |")
    print("|---|---|---|---|---|---|")
    for c in report.disagreements():
        verdict, why = explanations.get((c.cable, c.field), ("?", "not looked at yet"))
        print(f"| {c.cable} | `{c.field}` | {_cell(c.ours)} | {_cell(c.theirs)} | "
              f"{verdict} | {_cell(why) if len(why) <= 90 else why.replace('|', '/')} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path,
                        help="cablegate pages or folders (default: the shared corpus)")
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print one JSON object")
    out.add_argument("--markdown", action="store_true",
                     help="print the tables for docs/accuracy.md")
    args = parser.parse_args(argv)
    paths = args.paths or [p for p in DEFAULT_PATHS if p.exists()]
    if not paths:
        parser.error(f"no pages given and {CORPUS} does not exist")
    start = time.perf_counter()
    report = score_pages(paths)
    seconds = time.perf_counter() - start
    if args.json:
        data = report.to_json()
        data["seconds"] = round(seconds, 2)
        explanations = load_explanations()
        for d in data["disagreements"]:
            verdict, why = explanations.get((d["cable"], d["field"]), (None, None))
            d["verdict"], d["explanation"] = verdict, why
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        print()
    elif args.markdown:
        print_markdown(report)
    else:
        print_text(report, seconds)
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
