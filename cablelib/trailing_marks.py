"""Lexer alternations with each terminal's group mark moved to its end.

Why: Lark's lexer matches one alternation per parser state,
``(?P<TO_LINE>...)|(?P<INFO_LINE>...)|...``, and reads the terminal from
``match.lastgroup``.  In CPython's ``re`` engine, entering a named group sets
a mark, and from then on every repeat or branch inside that alternative that
may backtrack saves a copy of all marks set so far.  The copies grow with the
terminal's place in the alternation, and they are a measurable share of
lexing: ``memmove`` inside ``sre_match`` was 8 % of a perf profile of the
lark-cython tree parse.

The rewrite turns each ``(?P<NAME>X)`` into ``(?:X)(?P<NAME>)``: the same
regex, tried in the same order, so the same text is matched; the empty group
closes last, so ``lastgroup`` names the same terminal; but no mark is set
while ``X`` runs, so nothing is copied.  Measured on the shared corpus: the
lexer's regex matching 0.26 -> 0.20 ms a cable, a whole parse 8.9 % fewer
instructions (``benchmarks/bench_instructions.py``).

Only a pattern that is exactly Lark's form — top-level named groups joined by
``|`` — is rewritten, and the result is checked to have the same group names
in the same order; anything else is compiled as it is.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["TrailingMarks", "rewrite", "split_alternatives"]

_NAMED_GROUP = re.compile(r"\(\?P<([A-Za-z_][A-Za-z0-9_]*)>")


def split_alternatives(pattern: str) -> list[str] | None:
    """``pattern`` cut at its top-level ``|``; ``None`` if its parentheses do not balance.

    Escapes and character classes are skipped, so a ``|`` or a parenthesis
    inside ``[...]`` or after a backslash does not count.
    """
    pieces: list[str] = []
    depth = 0
    start = 0
    i = 0
    n = len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i += 1
            if i < n and pattern[i] == "^":
                i += 1
            if i < n and pattern[i] == "]":  # a "]" first in a class is a literal
                i += 1
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
            i += 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth < 0:
                return None
        elif c == "|" and depth == 0:
            pieces.append(pattern[start:i])
            start = i + 1
        i += 1
    if depth != 0 or i > n:
        return None
    pieces.append(pattern[start:])
    return pieces


def rewrite(pattern: str) -> str | None:
    """Lark's ``(?P<A>x)|(?P<B>y)`` as ``(?:x)(?P<A>)|(?:y)(?P<B>)``; ``None`` if it is not that form."""
    pieces = split_alternatives(pattern)
    if not pieces:
        return None
    out = []
    for piece in pieces:
        head = _NAMED_GROUP.match(piece)
        if head is None or not piece.endswith(")"):
            return None
        inner = piece[head.end():-1]
        if split_alternatives(inner) is None:  # the group closes before the piece ends
            return None
        out.append(f"(?:{inner})(?P<{head.group(1)}>)")
    return "|".join(out)


class TrailingMarks:
    """Stands in for the ``re`` module in Lark's lexers; ``compile`` rewrites alternations.

    ``module`` is what compiles (``re`` itself, or a
    :class:`cablelib.regex_cache.CompiledRegexCache`).
    """

    def __init__(self, module: Any = re) -> None:
        self.module = module

    def __getattr__(self, name: str) -> Any:  # match, error, ... as in the wrapped module
        return getattr(self.module, name)

    def compile(self, pattern: Any, flags: int = 0) -> re.Pattern[Any]:
        if isinstance(pattern, str) and pattern.startswith("(?P<"):
            rewritten = rewrite(pattern)
            if rewritten is not None:
                try:
                    compiled = self.module.compile(rewritten, flags)
                except re.error:
                    compiled = None
                if compiled is not None and list(compiled.groupindex) == _NAMED_GROUP.findall(pattern):
                    return compiled
        return self.module.compile(pattern, flags)

