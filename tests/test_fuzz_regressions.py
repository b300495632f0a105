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


# file -> why it failed, for the ones still open (the envelope-span crashes
# were fixed in cablelib.transform.join_spans)
OPEN: dict[str, str] = {}
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
def test_a_crash_reduced(text):
    check(text)


def _parse_within(seconds: float, path: Path) -> None:
    code = ("import sys, cablelib; data = open(sys.argv[1], 'rb').read(); "
            "cablelib.parse(data[1:].decode('latin-1' if data[0] & 1 else 'utf-8', errors='replace'))")
    subprocess.run([sys.executable, "-c", code, str(path)], cwd=ROOT, timeout=seconds, check=True,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.mark.parametrize("path", TIMEOUTS, ids=lambda p: p.name[:16])
def test_a_timeout_input_parses_within_seconds(path):
    """A 6 KB cablegate page whose newlines are still \'&#x000A;\' entities: TAGS then a
    line of capitals ending in \'-\' took 11 s before TAG_CONTINUATION was made linear."""
    _parse_within(4, path)
