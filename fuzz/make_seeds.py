"""Build the fuzzer's seed corpus from the shared corpus of real cables.

Each seed is one corpus file's bytes with a leading mode byte (even: decode
as UTF-8, odd: as latin-1; see fuzz_input.py), plus the seed cable of
``examples/`` and a few hand-written fragments.  Large files are also cut
into pieces of at most ``--max-bytes`` bytes, so the fuzzer starts with
inputs it can run quickly.

    python fuzz/make_seeds.py                 # ../shared/corpus -> fuzz/seeds
    python fuzz/make_seeds.py --corpus DIR --out DIR
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRAGMENTS = [
    b"REF: A. STATE 178111 B. PHNOM PENH 1646",
    b"P 040808Z DEC 06\nFM AMEMBASSY PHNOM PENH\nTO RUEHC/SECSTATE WASHDC PRIORITY 7672\n",
    b"UNCLAS SECTION 01 OF 02 PHNOM PENH 002131\n\nSIPDIS\n\nE.O. 12958: N/A\nTAGS: PHUM\n",
    b"1. (U) Text.\n\nPHNOM PENH 00002131 002 OF 002\n\nHeading\n-----\n\n2. (C) More.\n\nMUSSOMELI",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--out", type=Path, default=ROOT / "fuzz" / "seeds")
    parser.add_argument("--max-bytes", type=int, default=8192)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    inputs = [p.read_bytes() for p in sorted(args.corpus.rglob("*")) if p.is_file()
              and p.suffix in {".html", ".txt", ".csv"} and p.name != "README.md"]
    inputs.append((ROOT / "examples" / "06PHNOMPENH2131.txt").read_bytes())
    inputs += FRAGMENTS
    count = 0
    for data in inputs:
        pieces = [data] + [data[i:i + args.max_bytes] for i in range(0, len(data), args.max_bytes)
                           if len(data) > args.max_bytes]
        for piece in pieces:
            for mode in (b"\x00", b"\x01"):
                seed = mode + piece
                name = hashlib.sha1(seed).hexdigest()
                (args.out / name).write_bytes(seed)
                count += 1
    print(f"{count} seeds in {args.out}")


if __name__ == "__main__":
    main()
