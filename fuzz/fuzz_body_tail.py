"""Differential fuzzing of the body lexer's early plan (``cablelib.body_tail``) with atheris.

Why: the early plan lexes the text before a body's tail without the
signature check, and matches a chunk that reaches the tail again with the
full plan; its exactness is an argument (the module docstring) checked on
the repository's cables and generated endings.  Here a coverage-guided
fuzzer mutates real cables and asks, for every input read as the rest of a
body, that the lexer with its early plan and the same lexer without one give
the same tokens, or both refuse the text.  See fuzz/README.md.

    python fuzz/fuzz_body_tail.py fuzz/seeds -max_total_time=600
"""

from __future__ import annotations

from typing import Any

import atheris
from fuzz_input import fuzz

with atheris.instrument_imports():
    from cablelib import body_lexer, table_parser
    from cablelib.registry import default_registry


def _lexers() -> tuple[Any, Any]:
    loop = table_parser.for_parser(default_registry.get("generic").parser())
    lexer = body_lexer.from_table_parser(loop)
    if lexer is None or lexer.early is None:
        raise SystemExit("the generic variant's body lexer has no early plan: nothing to compare")
    return lexer, body_lexer.BodyLexer(lexer.match, lexer.kinds, lexer.skip)


EARLY, FULL = _lexers()


def _tokens(lexer: Any, text: str) -> Any:
    try:
        return lexer.lex(text, 0, 1, 1)
    except table_parser.NotHandled as refused:
        return ("refused", refused.args)


def check(text: str) -> None:
    early, full = _tokens(EARLY, text), _tokens(FULL, text)
    if early != full:
        raise AssertionError(f"the early plan lexes {text[:80]!r}... differently:\n{early!r}\n{full!r}")


if __name__ == "__main__":
    fuzz(check)
