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

Only a pattern that is exactly Lark's form — the pieces ``(?P<NAME>regexp)``
of the parser's own terminals joined by ``|`` — is rewritten, and the result
must have the same group names in the same order; anything else is compiled
as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from . import module_patterns

__all__ = ["TrailingMarks", "lark_piece", "trailing_piece", "rewrite"]

_NAMED_GROUP = module_patterns.compile(r"\(\?P<([A-Za-z_][A-Za-z0-9_]*)>")


def lark_piece(name: str, regexp: str) -> str:
    """A terminal's alternative as Lark's ``Scanner`` writes it (lark/lexer.py, ``_build_mres``)."""
    return f"(?P<{name}>{regexp})"


def trailing_piece(name: str, regexp: str) -> str:
    """The same alternative with its group mark at its end: ``(?:regexp)(?P<name>)``."""
    return f"(?:{regexp})(?P<{name}>)"


def rewrite(pattern: str, pieces: dict[str, str]) -> str | None:
    """Lark's ``(?P<A>x)|(?P<B>y)`` as ``(?:x)(?P<A>)|(?:y)(?P<B>)``; ``None`` if it is not that form.

    ``pieces`` maps each terminal's name to its :func:`lark_piece`.  The
    pattern must be exactly such pieces joined by ``|``.  Each ``regexp`` is
    a regex of its own (Lark compiles every terminal alone when it builds a
    lexer), so each piece is a closed group and the bars between pieces are
    the top-level ones: the alternatives are found by comparing text, not by
    parsing the regex.  That matters because the patterns run to 11,000
    characters and every fresh process meets a dozen of them (a scan in
    Python cost 30 ms of start-up).
    """
    out: list[str] = []
    i = 0
    end = len(pattern)
    while True:
        head = _NAMED_GROUP.match(pattern, i)
        if head is None:
            return None
        name = head.group(1)
        piece = pieces.get(name)
        if piece is None or not pattern.startswith(piece, i):
            return None
        out.append(trailing_piece(name, pattern[head.end():i + len(piece) - 1]))
        i += len(piece)
        if i == end:
            return "|".join(out)
        if pattern[i] != "|":
            return None
        i += 1


class TrailingMarks:
    """Stands in for the ``re`` module in Lark's lexers; ``compile`` rewrites alternations.

    ``module`` is what compiles (``re`` itself, or a
    :class:`cablelib.regex_cache.CompiledRegexCache`).  Lark compiles the
    alternations lazily, at the first parse that needs each state, so the
    parser's terminals can be given after it is built (:meth:`learn`); until
    then nothing is rewritten.
    """

    def __init__(self, module: Any = re, terminals: Iterable[Any] = ()) -> None:
        self.module = module
        self.pieces: dict[str, str] = {}
        self.learn(terminals)

    def learn(self, terminals: Iterable[Any]) -> None:
        """Take the pieces of these terminals (Lark ``TerminalDef`` objects)."""
        for terminal in terminals:
            self.pieces[terminal.name] = lark_piece(terminal.name, terminal.pattern.to_regexp())

    def __getattr__(self, name: str) -> Any:  # match, error, ... as in the wrapped module
        return getattr(self.module, name)

    def compile_terminals(self, prefix: str, terminals: list[tuple[str, str]], flags: int = 0) -> re.Pattern[Any]:
        """``prefix`` then the alternation of these ``(name, regexp)`` in the trailing form, compiled.

        For :mod:`cablelib.table_parser`, which puts the ignored terminal in
        front of a state's alternation.  The alternation is built from the
        terminals, not rewritten from Lark's form: a plan may hold regexps
        that Lark never compiles (:mod:`cablelib.body_tail`'s early plan),
        whose pieces this object has not learned.
        """
        inner = "|".join(trailing_piece(name, regexp) for name, regexp in terminals) or "(?!)"
        return self.module.compile(f"{prefix}(?:{inner})", flags)

    def compile(self, pattern: Any, flags: int = 0) -> re.Pattern[Any]:
        """``re.compile(pattern, flags)``, with Lark's alternations in the trailing form
        when the rewrite keeps their group names; anything else as it is."""
        if isinstance(pattern, str) and pattern.startswith("(?P<"):
            rewritten = rewrite(pattern, self.pieces)
            if rewritten is not None:
                try:
                    compiled = self.module.compile(rewritten, flags)
                except re.error:
                    compiled = None
                if compiled is not None and list(compiled.groupindex) == _NAMED_GROUP.findall(pattern):
                    return compiled
        return self.module.compile(pattern, flags)
