"""Find the grammar terminal whose regular expression makes parsing super-linear.

Why: the parser's cost is linear in the number of tokens only if every
terminal's regular expression runs in linear time on the text it is tried
on.  This compiles each terminal of a variant's parser on its own
(``cablelib.get_variant(name).parser().terminals``) and times ``match`` on
adversarial shapes — a keyword line as prefix, a unit repeated n times, a
suffix that makes the match fail late — doubling n until a match takes
50 ms.  A time that grows more than ``--ratio`` times per doubling is
printed: terminal, growth, sizes and the shape, which is enough to write a
failing test and to find the sub-pattern that backtracks.

    python fuzz/terminal_stress.py                 # the generic variant
    python fuzz/terminal_stress.py --variant state --ratio 3.5
"""

from __future__ import annotations

import argparse
import itertools
import re
import time

import cablelib

PREFIXES = ["", "TAGS: PREL\n", "SUBJECT: X\n", "REF: A. STATE 1\n", "FOR EUR/WE,\n", "1. (U) x\n",
            "UNCLAS ", "TO RUEHC/SECSTATE WASHDC\n", "Classified By: x\n", "E.O. 12958: DECL: 1\n",
            "INFO LOG-00\n", "x\n", "AMEMBASSY", "Mussomeli", "PAGE 02 STATE", "1. (U) x\n\n", "DE RUEHPF #",
            "P 040808Z DEC 06", "FM AMEMBASSY PARIS\n", "-----", "\u00b6", "(C)", "REF A", "TAGS PREL"]
UNITS = ["A", "A ", "Aa", "1", "-", " --- a", "(", "X", ". ", "/", "A,", "A-", "a ", " ", "\t", "A\n",
         "A \n", "1.", "(A)", "AB/", "A/"]
SUFFIXES = ["", "-", "\nx y z", " x", "."]


def _cost(pattern: re.Pattern[str], text: str) -> float:
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        pattern.match(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--variant", default="generic")
    parser.add_argument("--ratio", type=float, default=3.0, help="report growth above this per doubling")
    parser.add_argument("--max-chars", type=int, default=4096)
    args = parser.parse_args()
    for terminal in cablelib.get_variant(args.variant).parser().terminals:
        pattern = re.compile(terminal.pattern.to_regexp())
        for prefix, unit, suffix in itertools.product(PREFIXES, UNITS, SUFFIXES):
            n, times = max(1, 8 // len(unit)), []
            while n * len(unit) <= args.max_chars:
                cost = _cost(pattern, prefix + unit * n + suffix)
                times.append((n * len(unit), cost))
                if cost > 0.05:
                    break
                n *= 2
            measured = [(size, cost) for size, cost in times if cost > 2e-4]
            if len(measured) >= 2:
                (size1, cost1), (size2, cost2) = measured[-2], measured[-1]
                if cost2 / cost1 > args.ratio:
                    print(f"{terminal.name:22} x{cost2 / cost1:6.1f} per doubling, {size1}->{size2} chars "
                          f"{cost1 * 1e3:.2f}->{cost2 * 1e3:.2f} ms  prefix={prefix!r} unit={unit!r} "
                          f"suffix={suffix!r}", flush=True)


if __name__ == "__main__":
    main()
