"""Every input the fuzzers ever failed on, pinned.

``tests/data/fuzz/`` holds the inputs exactly as atheris wrote them
(``crash-*``, ``timeout-*``: a mode byte, then the text; see
fuzz/fuzz_parse.py); below each is also reduced by hand to the smallest
text that shows the same failure.  A bug still open is a strict xfail that
says what is wrong; when it is fixed the xfail passes, strict mode fails
it, and the marker goes — the input stays as a regression test.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import cablelib
from span_checks import spans

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
FUZZ = TESTS / "data" / "fuzz"


def decode(data: bytes) -> str:
    """The harness's decoding: the first byte picks UTF-8 (even) or latin-1 (odd)."""
    if not data:
        return ""
    return data[1:].decode("latin-1" if data[0] & 1 else "utf-8", errors="replace")


def check(text: str) -> None:
    """What fuzz/fuzz_parse.py checks, without atheris."""
    cable = cablelib.parse(text)
    for node, span in spans(cable):
        assert 0 <= span.start <= span.end <= len(cable.source), (type(node).__name__, span)
    try:
        cablelib.parse(text, strict=True)
    except cablelib.CableSyntaxError as error:
        assert 0 <= error.offset <= len(text) and error.line >= 1 and error.column >= 1


_ENVELOPE_SPAN = (
    "an envelope head (VZCZC) after the date-time group or FM line gives Envelope.span an end before "
    "its start ('P 040808Z DEC 06\\nVZCZC' -> Span(start=17, end=16)); cablelib/assemble.py joins the "
    "head's span and the addressing's assuming the head comes first")

# file -> why it failed, for the ones still open
OPEN = {
    "crash-4d6581e21c0fb92d907a263e8662ae5990a9b3b2": _ENVELOPE_SPAN,
    "crash-7c1e20ef3989389b2c017ef2ce3c880866290212": _ENVELOPE_SPAN,
    "crash-adb4cdcd42355e42a746c06b351faf85c7839739": _ENVELOPE_SPAN,
}
CRASHES = sorted(p for p in FUZZ.glob("crash-*"))
TIMEOUTS = sorted(p for p in FUZZ.glob("timeout-*"))


@pytest.mark.parametrize("path", CRASHES, ids=lambda p: p.name[:14])
def test_a_crash_input(path, request):
    if path.name in OPEN:
        request.applymarker(pytest.mark.xfail(strict=True, raises=AssertionError, reason=OPEN[path.name]))
    check(decode(path.read_bytes()))


@pytest.mark.parametrize("text", [
    "P 040808Z DEC 06\nVZCZC",
    "02\n\nMon Feb 04 00:00:00 +0100 2002\n\n\nFM A\nVZCZC",
], ids=["dtg-then-head", "fm-then-head"])
@pytest.mark.xfail(strict=True, raises=AssertionError, reason=_ENVELOPE_SPAN)
def test_a_crash_reduced(text):
    check(text)


def _parse_within(seconds: float, path: Path) -> None:
    code = ("import sys, cablelib; data = open(sys.argv[1], 'rb').read(); "
            "cablelib.parse(data[1:].decode('latin-1' if data[0] & 1 else 'utf-8', errors='replace'))")
    subprocess.run([sys.executable, "-c", code, str(path)], cwd=ROOT, timeout=seconds, check=True,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.mark.parametrize("path", TIMEOUTS, ids=lambda p: p.name[:16])
@pytest.mark.xfail(strict=True, raises=subprocess.TimeoutExpired, reason=(
    "a 6 KB cablegate page whose newlines are still '&#x000A;' entities has 'TAGS: <a ...>PREL</a> ...' "
    "followed by a line of capitals ending in '-' ('DICTION ARGENTINA ... OTHER-'): TAG_CONTINUATION "
    "backtracks exponentially (11 s here); reduced case and cause in "
    "tests/test_linear.py::test_a_tags_line_followed_by_a_long_capitalised_word"))
def test_a_timeout_input_parses_within_seconds(path):
    _parse_within(4, path)
