"""The seed cable broken in the ways the lenient parser recovers from (or gives up on).

Shared by the tests that hold two parse paths to the same diagnostics and
errors on bad text: the two LALR engines (``tests/test_engines.py``) and
cablelib's table parser against Lark's own loop
(``tests/test_table_parser.py``).
"""

from __future__ import annotations

from pathlib import Path

SEED = (Path(__file__).resolve().parent.parent / "examples" / "06PHNOMPENH2131.txt").read_text(encoding="utf-8")


def damaged_seed_texts() -> dict[str, str]:
    """Label -> damaged text."""
    envelope_end = SEED.index("UNCLAS SECTION")
    return {
        "garbage in the envelope": SEED.replace("ZNR UUUUU ZZH\n", "ZNR UUUUU ZZH\nGarbage here\n"),
        "garbage after the DTG": SEED.replace("FM AMEMBASSY", "@@ not a line\nFM AMEMBASSY"),
        "envelope only": SEED[:envelope_end],
        "cut mid-caption": SEED[:envelope_end + 60],
        "lower-case junk lines": SEED.replace("\n\n", "\n%%% ~~~ %%%\n", 3),
        "empty": "",
        "one word": "UNCLAS",
        "binary-ish": "\x00\x01 VZCZC \x7f\n\ufeff" * 3,
    }
