"""The rest of a cable's body lexed in one loop, outside the LALR parser.

Why: a body is about 15 of a cable's 36 tokens (paragraph chunks, page-break
lines, headings, the signature), and each one costs the parse loop a token
object, a shift and a reduction or two (``paragraph``'s repetition, the body's
items) before the transformer reads it back.  ``envelope.lark`` therefore
gives the body two roads.  The fine one, token by token, is Lark's: Lark's
lexer never makes the declared ``BODY_REST``.  cablelib's parse loop
(:mod:`cablelib.table_parser`) takes the coarse one where it can: after the
body's first item it makes the rest of the text one ``BODY_REST`` token,
and the transformer hands it to :meth:`BodyLexer.lex`, which matches the
terminals the fine road would match there, in the same order, and groups
them as the fine rules do (in :class:`cablelib.transform.CableTransformer`).

Exactness rests on three facts, each checked by ``tests/test_body_lexer.py``:

* after a body's first item, every parser state of the fine road accepts the
  same terminals (``PARA``, ``TEXT``, ``PAGE_LINE``, ``HEADING``,
  ``SIGNATURE``, and the end of the text), so one alternation stands for
  all of them; the lexer is that state's own (:func:`from_table_parser`:
  Lark's order, the parser's regex module, the same ignored-blanks prefix);
* where nothing matches (a character that is blank to ``\\s`` but not to
  ``WHITESPACE``, such as U+3000, opening a line), :meth:`BodyLexer.lex`
  raises :class:`~cablelib.table_parser.NotHandled` and the whole text goes
  to Lark, whose fine road stops there with its diagnostic, as before;
* ``SIGNATURE`` ends at the end of the text, so it can only come last.

The loop makes ``BODY_REST`` only for a transformer that reads it (one with
a ``body_lexer``: :func:`own_terminals`) and only once that transformer has
the body state's lexer (:func:`give_lexer`); both are asked by
:func:`cablelib.table_parser.for_parser`.  Every real cable and the property
tests' generated cables parse to the same values on both roads.
"""

from __future__ import annotations

from typing import Any

from . import body_tail
from .body_tail import tail_start
from .table_parser import NotHandled
from .variants.namespaces import plain_name

__all__ = ["BODY_KINDS", "REST", "REST_PATTERN", "BodyLexer", "LexedToken", "end_of", "from_table_parser",
           "own_terminals", "give_lexer"]

BODY_KINDS = frozenset({"PARA", "TEXT", "PAGE_LINE", "HEADING", "SIGNATURE"})
"""The terminals a body's fine road accepts after its first item (plain names)."""

REST = "BODY_REST"
"""The terminal of the coarse road: the rest of the text after the body's first item."""

REST_PATTERN = r"(?s:.+)"
"""What the parse loop matches as ``BODY_REST``, after the blanks it skips: everything."""

LexedToken = tuple[str, str, int, int, int, int]
"""kind (plain name), value, start, end, line, column: a chunk as
:func:`cablelib.fields.body.segment` reads it.  Where a token's end line and
column are wanted (the fine road's ``Token``), they follow from its value
(:func:`end_of`): every body terminal may hold a line break, so Lark counts
the breaks in each."""


def end_of(line: int, column: int, value: str) -> tuple[int, int]:
    """The end line and end column of a body token, as Lark counts them."""
    breaks = value.count("\n")
    if breaks:
        return line + breaks, len(value) - value.rfind("\n")
    return line, column + len(value)


_NOT_YET = object()


class BodyLexer:
    """A body state's ``match`` (blanks prefix in group 1), and its groups' plain kinds.

    ``early`` makes, at the first :meth:`lex`, the match of the state's early
    plan and the trailers' match (:mod:`cablelib.body_tail`), or ``None``: it
    is not made while a process starts, where a text may never need it.
    """

    def __init__(self, match: Any, kinds: dict[str, str], skip: Any, early: Any = None) -> None:
        self.match = match
        self.kinds = kinds
        self.skip = skip  # matches the blanks the grammar ignores, or nothing
        self._make_early = early
        self._early: Any = _NOT_YET if early is not None else None

    @property
    def early(self) -> tuple[Any, Any] | None:
        """``(match of the early plan, match of the signature's trailers)``, or ``None``."""
        early = self._early
        if early is _NOT_YET:
            early = self._early = self._make_early()
        return early  # type: ignore[no-any-return]

    def lex(self, text: str, start_pos: int, line: int, column: int) -> list[LexedToken]:
        """The tokens of ``text``, a ``BODY_REST`` token's value that starts at ``start_pos``
        (line ``line``, column ``column``) of the cable, with the cable's positions.

        Positions are counted as :class:`cablelib.table_parser.TableParser`
        and Lark count them (every body terminal may hold a line break): the
        loop's token step is repeated here inline, as a call a token is what
        this module saves.  A token's end line and column are left out
        (:func:`end_of` gives them).
        Raises :class:`~cablelib.table_parser.NotHandled` where nothing
        matches: Lark then parses the text, on the fine road.

        Before the offset where the signature may start, tokens are matched
        with the early plan (:mod:`cablelib.body_tail`); one that reaches that
        offset is matched again with the state's own alternation.
        """
        full = self.match
        early = self.early
        if early is None:
            cheap, tail = full, 0
        else:
            cheap, trailers = early
            tail = tail_start(text, trailers)
        kinds = self.kinds
        count = text.count
        rfind = text.rfind
        tokens: list[LexedToken] = []
        size = len(text)
        pos = 0
        counted = 0  # line breaks are counted up to here: the last token's start
        last_newline = -column  # local offset of the last "\n" before it
        while pos < size:
            m = cheap(text, pos) if pos < tail else None
            if m is None or m.end() >= tail:
                m = full(text, pos)
            if m is None:
                if self.skip(text, pos).end() != size:
                    raise NotHandled(start_pos + pos)
                break
            start = m.end(1)
            # One count from the last token's start over its text and the
            # blanks after it (line breaks only matter where a token starts).
            found = count("\n", counted, start)
            if found:
                line += found
                last_newline = rfind("\n", counted, start)
            counted = start
            end = m.end()
            tokens.append((kinds[m.lastgroup], text[start:end], start_pos + start, start_pos + end,
                           line, start - last_newline))
            pos = end
        return tokens


def from_table_parser(tables: Any) -> BodyLexer | None:
    """The lexer of the body state in ``tables`` (a :class:`~cablelib.table_parser.TableParser`),
    or ``None`` if its grammar has no state that accepts exactly :data:`BODY_KINDS`."""
    found = tables.matcher_for(BODY_KINDS, plain_name)
    if found is None:
        return None
    match, names = found

    def early() -> tuple[Any, Any] | None:
        plan = tables.plan_for(BODY_KINDS, plain_name)
        made = body_tail.early_plan(plan, plain_name, tables.flags) if plan is not None else None
        return None if made is None else (tables.compile_plan(made.plan), made.trailers)

    # str(): a terminal's name may be one of Lark's Token objects (a name the
    # grammar imported, such as PAGE_LINE), and the lookup of ``m.lastgroup``
    # here and every ``kind == "PAGE_LINE"`` downstream would then run
    # Token.__eq__, in Python (~0.3 µs each, ~18 a cable).
    return BodyLexer(match, {str(name): str(plain_name(name)) for name in names}, tables.skip, early)


def own_terminals(parser: Any) -> dict[str, str]:
    """``{name: regexp}`` of the ``BODY_REST`` terminal the parse loop may make for ``parser``:
    declared (no pattern of its own) and read by a transformer that has a ``body_lexer``;
    empty otherwise, and the loop keeps to the fine road."""
    transformer = getattr(parser.options, "transformer", None)
    if not hasattr(getattr(transformer, "inner", transformer), "body_lexer"):
        return {}
    defined = {terminal.name for terminal in parser.terminals}
    return {symbol.name: REST_PATTERN
            for rule in parser.rules for symbol in rule.expansion
            if symbol.is_term and plain_name(symbol.name) == REST and symbol.name not in defined}


def give_lexer(tables: Any, transformer: Any) -> bool:
    """Give ``transformer`` (or the one a namespace adapter holds) the body lexer of
    ``tables``; whether there was one to give."""
    target = getattr(transformer, "inner", transformer)
    if not hasattr(target, "body_lexer"):
        return False
    lexer = from_table_parser(tables)
    if lexer is None:
        return False
    target.body_lexer = lexer
    return True
