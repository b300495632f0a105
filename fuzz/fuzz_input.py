"""What the atheris harnesses share: how the fuzzer's bytes become a text, and the entry point.

The first byte picks the decoding (odd: latin-1, so every byte is a
character; even: UTF-8 with replacement characters), so that the fuzzer can
reach both the texts a file decodes to and arbitrary code points; an empty
input is the empty text.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import atheris


def text_of(data: bytes) -> str:
    """The text an input stands for."""
    if not data:
        return ""
    encoding = "latin-1" if data[0] & 1 else "utf-8"
    return data[1:].decode(encoding, errors="replace")


def fuzz(check: Callable[[str], None]) -> None:
    """Run libFuzzer (its flags from ``sys.argv``) on ``check`` of each input's text."""
    atheris.Setup(sys.argv, lambda data: check(text_of(data)))
    atheris.Fuzz()
