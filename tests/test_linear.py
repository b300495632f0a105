"""Parsing cost grows linearly on pathological inputs.

Not timings (CI machines differ): each test parses an input of size ``n``
and of size ``4n`` and checks the *ratio* of the two times, best of three
runs in the same process.  Linear growth gives about 4; the limit is 8
(under 3 per doubling, the noise margin); quadratic growth gives 16 and
exponential far more.  Sizes are chosen so that the small input takes at
least a few milliseconds.  ``CABLELIB_LINEAR_FULL=1`` (or the ``fuzz``
hypothesis profile) runs the sizes of the issue: 200,000 REF items,
100,000 page-break lines.

An input found not to be linear is pinned as a strict xfail naming the
terminal whose regular expression backtracks (found by timing each terminal
of ``cablelib.get_variant('generic').parser().terminals`` alone on the
input, see fuzz/terminal_stress.py).  The three found so far (blanks after a
paragraph line, ``---`` runs in a caption line, TAGS then a long capitalised
word) are fixed in the grammar and are plain tests now.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import cablelib

FULL = os.environ.get("CABLELIB_LINEAR_FULL") == "1" or os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"
LIMIT = 8.0  # t(4n) / t(n); linear is ~4, quadratic ~16
ROOT = Path(__file__).resolve().parent.parent


def _best(text: str, repeat: int = 3) -> float:
    """Best CPU time of ``repeat`` parses: CPU time, not wall time, so that
    other processes on a busy machine (a parallel test run, a fuzzer) do not
    inflate one of the two measurements of a ratio.

    The garbage collector is off while a parse is timed: its full
    collections walk every object the *test process* holds, so in a full
    test run (a few hundred thousand live objects by then) the larger input,
    which triggers more of them, was slowed by the suite's heap, not by the
    parser — test_page_break_lines read ×5 alone and over ×8 in the suite.
    Cost that grows with the input itself is what this measures."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = time.process_time()
            cablelib.parse(text)
            best = min(best, time.process_time() - start)
        finally:
            gc.enable()
    return best


def growth(make: Callable[[int], str], n: int) -> tuple[float, float, float]:
    """(t(n), t(4n), ratio) for the input ``make`` builds, best of three each."""
    cablelib.parse(make(16))  # warm the parser
    small, large = _best(make(n)), _best(make(4 * n))
    return small, large, large / small


def assert_linear(make: Callable[[int], str], n: int) -> None:
    small, large, ratio = growth(make, n)
    assert ratio < LIMIT, f"t(n)={small * 1e3:.1f} ms, t(4n)={large * 1e3:.1f} ms: x{ratio:.1f} for 4x the input"


# ---------------------------------------------------------------- the inputs


def one_line(n: int) -> str:
    """A single line of prose n characters long (a paragraph never wrapped)."""
    words = "the embassy reported that police arrested 58 suspects in 2006 and "
    return "1. (U) " + (words * (n // len(words) + 1))[:n] + "\n"


def ref_items(n: int) -> str:
    """A REF list of n lettered items, one per line."""
    return "REF: A. STATE 178111\n" + "".join(f"{chr(66 + i % 25)}. PHNOM PENH {i + 1}\n" for i in range(n))


def nested_parentheses(n: int) -> str:
    return "1. (U) The talks " + "(" * n + "went well" + ")" * n + ".\n"


def underline_dashes(n: int) -> str:
    """A paragraph, then a line of n underline dashes (a heading underline gone wild)."""
    return "1. (U) Post reports progress.\n" + "-" * n + "\n\n2. (U) More.\n"


def page_lines(n: int) -> str:
    """n page-break lines, both forms, between two paragraphs."""
    pages = "".join("PHNOM PENH 00002131 002 OF 002\n" if i % 2 else "PAGE 02 ROME 01196 01 OF 02 082030Z\n"
                    for i in range(n))
    return "1. (U) Text before the page breaks.\n" + pages + "2. (U) Text after them.\n"


def test_a_single_line_of_a_megabyte():
    assert_linear(one_line, 256 * 1024)  # 256 KB and 1 MB


def test_ref_items():
    assert_linear(ref_items, 50_000 if FULL else 2_000)  # FULL: 50,000 and 200,000 items


def test_deeply_nested_parentheses():
    assert_linear(nested_parentheses, 64 * 1024)  # 256 K parentheses deep


def test_a_megabyte_of_underline_dashes():
    assert_linear(underline_dashes, 256 * 1024)  # 256 KB and 1 MB


def test_page_break_lines():
    # 8,000 and 32,000 lines in CI: a quadratic list copy in the callbacks
    # (aeaed13) showed only from about 10,000 lines on.
    assert_linear(page_lines, 25_000 if FULL else 8_000)  # FULL: 25,000 and 100,000 lines


# ---------------------------------------------------------------- more shapes


@pytest.mark.parametrize("make", [
    lambda n: "1. (U) Text.\n" + ("a" * 69 + "\n") * (n // 70),          # many lines of prose
    lambda n: "1. (U) Text.\n" + "A" * n + "\nmore text follows.\n",     # one long capitalised word
    lambda n: "1. (U) Text.\n" + "X" * n + "\nmore text follows.\n",     # a redaction mark gone wild
    lambda n: "\n" * n,                                                   # blank lines
    lambda n: "1. (U) Text.\r\n" * (n // 14),                            # CRLF lines
    lambda n: "\x00" * n,                                                 # NUL characters
    lambda n: "UNCLAS PARIS 000001\n" + "SIPDIS\n" * (n // 7),            # caveat lines
    lambda n: "P 040808Z DEC 06\nFM AMEMBASSY PARIS\nTO " + "RUEHC/SECSTATE WASHDC\n" * (n // 22),
], ids=["prose-lines", "capital-word", "redaction", "blank-lines", "crlf", "nul", "caveats", "addressees"])
def test_other_long_inputs(make):
    assert_linear(make, 16 * 1024)


def test_a_long_run_of_blanks_inside_the_body():
    assert_linear(lambda n: "1. (U) x\n" + " " * n + "\nmore text here.\n", 1_000)


def test_a_caption_line_full_of_dashes():
    assert_linear(lambda n: "SUBJECT: X" + " --- a" * (n // 6) + "\n", 12_000)


def test_the_tags_continuation_is_not_exponential():
    # Run in a subprocess so that a catastrophic case cannot hang the suite.
    code = "import cablelib; cablelib.parse('TAGS: PREL\\n' + 'A' * 26 + '-\\n')"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, timeout=60, check=True,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_a_tags_line_followed_by_a_long_capitalised_word():
    """Found by the atheris harness (fuzz/runs: timeout-0abf5f38...): it took minutes
    before TAG_CONTINUATION required a separator between tag words."""
    code = "import cablelib; cablelib.parse('TAGS: PREL\\n' + 'A' * 44 + '-\\n')"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, timeout=5, check=True,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})


# ---------------------------------------------------------------- found after the first fixes


@pytest.mark.parametrize("keyword", ["SUBJECT: X", "REF: A. STATE 1", "Classified By: x", "FOR EUR/WE",
                                     "FOR EUR/WE,"])
def test_a_caption_line_followed_by_a_line_of_blanks(keyword):
    """Was O(n^2) (8,000 blanks: 0.6-1.6 s): the caption fields' wrapped-line
    piece /\\r?\\n[ \\t]*/ gave blanks back one at a time and
    CAPTION_CONTINUATION's lookahead scanned the rest of the run each time.
    The blanks are now possessive ([ \\t]*+), as in BODY_CONTINUATION."""
    assert_linear(lambda n: keyword + "\n" + " " * n + "\n", 1_000)


def test_a_capitalised_word_followed_by_blanks_in_the_body():
    """Was O(n^2) (8,000 blanks: 0.5 s): PAGE_LINE's post name was a lazy
    [A-Z][A-Z .'()\\/-]*? with blanks in its class, followed by [ \\t]+.  The
    name is now words separated by blank runs, each word possessive, in every
    terminal that recognises a page line."""
    assert_linear(lambda n: "1. (U) x\n\nUNCLAS" + " " * n + "x\n", 1_000)


@pytest.mark.parametrize("make", [
    lambda n: "SUBJECT: X\nUNCLAS" + " " * n + "x\n",          # the page-line lookahead in a caption
    lambda n: "1. (U) x\nPAGE 02 STATE" + " " * n + "x\n",      # an old printout page header
    lambda n: "SUBJECT: X\nPAGE 02 STATE" + " " * n + "x\n",    # ... splicing a subject
], ids=["caption-lookahead", "page-header", "spliced-page"])
def test_a_page_line_name_followed_by_blanks(make):
    assert_linear(make, 1_000)


@pytest.mark.parametrize("make", [
    lambda n: "P 040808Z DEC 06\nFM AMEMBASSY PARIS\nTO RUEHC/SECSTATE WASHDC\nAMEMBASSY" + " " * n + "x\n",
    lambda n: "P 040808Z DEC 06\nFM AMEMBASSY PARIS\nTO RUEHC/SECSTATE WASHDC\nRUEHFR/AMEMBASSY PARIS" + " " * n + "\tx\n",
], ids=["word", "addressee-then-tab"])
def test_an_addressee_line_followed_by_blanks(make):
    """Was O(n^2) (16,000 blanks: 6 s), found with fuzz/terminal_stress.py's
    'AMEMBASSY' prefix: SIGNATURE and ADDRESS_FRAGMENT gave blanks back
    between two adjacent blank quantifiers, RECIPIENT_LINE tried every blank
    of the run as its end.  Now possessive blanks, and RECIPIENT_LINE takes a
    run of blanks whole."""
    assert_linear(make, 2_000)


# Another message's envelope (cablelib.other_cables) is looked for at every
# "FM" and "DE ... #" of the text; deciding whether each stands at a line
# start must not read the line back from its start every time.
@pytest.mark.parametrize("make", [
    lambda n: "SUBJECT: X\n\n1. " + "WORDS FM RADIO " * (n // 15),
    lambda n: "SUBJECT: X\n\n1. " + "SEE DE RUEHC #1234 " * (n // 19),
], ids=["fm-on-one-line", "station-lines-on-one-line"])
def test_many_envelope_words_on_one_long_line(make):
    assert_linear(make, 200_000)
