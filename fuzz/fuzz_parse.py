"""Coverage-guided fuzzing of ``cablelib.parse`` with atheris (libFuzzer).

Why: the property tests draw inputs from strategies that we wrote; a
coverage-guided fuzzer mutates real cables byte by byte and keeps whatever
reaches new code in the parser, the container layer and the field
splitters, so it finds inputs nobody thought of.  See fuzz/README.md.

Each input is decoded (UTF-8 with replacement, or latin-1, chosen by the
first byte) and parsed.  The harness fails on:

* any exception from lenient ``parse`` (the contract: it never raises);
* a span outside ``cable.source`` (every span must index the source);
* in strict mode, an exception that is not ``CableSyntaxError``, or one
  whose offset/line/column do not point into the text.

A run that takes longer than libFuzzer's ``-timeout`` is reported as a
timeout: that is how super-linear parsing shows up.

    python fuzz/fuzz_parse.py fuzz/seeds -max_total_time=600
"""

from __future__ import annotations


import atheris
from fuzz_input import fuzz

with atheris.instrument_imports():
    import cablelib
    from cablelib.model import Cable


def _spans(cable: Cable):
    """Every span a cable carries, with the node it belongs to."""
    nodes = [cable.envelope, cable.classification_line, cable.classified_by,
             *cable.recipients, *cable.info_recipients, *cable.references,
             *cable.paragraphs, *cable.artefacts, *cable.diagnostics]
    for caption in cable.captions:
        nodes += [caption, caption.classification_line, caption.executive_order, caption.tags,
                  caption.subject, caption.classified_by, *caption.references]
    for node in nodes:
        span = getattr(node, "span", None) if node is not None else None
        if span is not None:
            yield node, span


def check(text: str) -> None:
    cable = cablelib.parse(text)
    n = len(cable.source)
    for node, span in _spans(cable):
        if not (0 <= span.start <= span.end <= n):
            raise AssertionError(f"span {span} of {type(node).__name__} outside a source of {n}")
    try:
        cablelib.parse(text, strict=True)
    except cablelib.CableSyntaxError as err:
        if not (0 <= err.offset <= len(text) and err.line >= 1 and err.column >= 1):
            raise AssertionError(f"strict error position outside the text: {err!r}") from None


if __name__ == "__main__":
    fuzz(check)
