"""The lexer's alternations with trailing group marks lex exactly as Lark's own.

:mod:`cablelib.trailing_marks` rewrites Lark's ``(?P<NAME>X)|...`` into
``(?:X)(?P<NAME>)|...`` for speed.  That is only allowed if, at every
position, the rewritten alternation matches the same text and names the same
terminal.  Checked here against Lark's form, written out, for every lexer
state of the real grammar at every line start of every repository cable, and
on generated alternations that hold the regex syntax a text-level rewrite
could misread (bars and parentheses in classes and escapes).
"""

from __future__ import annotations

import functools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lark.lexer import PatternRE, TerminalDef

from cablelib import grammar, registry
from cablelib.trailing_marks import TrailingMarks, lark_piece, rewrite
from cables import CABLES, texts_with_line_starts


def _lark_form(terminals) -> str:
    """The alternation as Lark's ``Scanner`` writes it (lark/lexer.py, ``_build_mres``), written out."""
    return "|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in terminals)


def _trailing_form(terminals) -> str:
    """The same alternation with each terminal's mark at its end, written out."""
    return "|".join(f"(?:{t.pattern.to_regexp()})(?P<{t.name}>)" for t in terminals)


@functools.cache
def _pure_lark_states() -> list[tuple[re.Pattern[str], re.Pattern[str], str]]:
    """(Lark's alternation, the parser's own compiled alternation, the trailing form) for every lexer state.

    Built with pure Lark, whose lexers can be looked into (lark-cython's
    cannot); both engines get their regexes from the same ``re`` stand-in.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(grammar.ACCELERATOR_ENV, "none")
        patch.setattr(registry, "build_parser", grammar.build_parser.__wrapped__)
        parser = registry._parser_for.__wrapped__(registry.BASE_GRAMMAR, registry.default_registry.get("generic").transformer)
    states = []
    for lexer in parser.parser.lexer.lexers.values():
        scanner = lexer.scanner
        assert len(scanner._mres) == 1  # one alternation a state: fewer than 100 terminals
        flags = scanner.g_regex_flags
        states.append((re.compile(_lark_form(lexer.terminals), flags), scanner._mres[0], _trailing_form(lexer.terminals)))
    return states


def test_the_parser_lexes_with_the_rewritten_alternations():
    states = _pure_lark_states()
    assert len(states) > 20
    for lark_form, used, trailing_form in states:
        assert used.pattern == trailing_form
        assert list(used.groupindex) == list(lark_form.groupindex)


def _lexes_alike(text: str, positions) -> None:
    for lark_form, used, _ in _pure_lark_states():
        for pos in positions:
            a, b = lark_form.match(text, pos), used.match(text, pos)
            assert (a and (a.group(0), a.lastgroup)) == (b and (b.group(0), b.lastgroup)), (pos, text[pos:pos + 60])


@pytest.mark.parametrize("folder", sorted(p.name for p in CABLES.iterdir() if p.is_dir()))
def test_same_token_at_every_line_start_of_the_repository_cables(folder):
    for text, starts in texts_with_line_starts(folder):
        _lexes_alike(text, starts)


def _terminals(regexps: dict[str, str]) -> list[TerminalDef]:
    return [TerminalDef(name, PatternRE(regexp)) for name, regexp in regexps.items()]


_AB = {"A": "a|[|)]", "B": r"b\)"}


def test_rewrite_moves_each_mark_to_the_end_of_its_alternative():
    pieces = TrailingMarks(terminals=_terminals(_AB)).pieces
    assert rewrite(r"(?P<A>a|[|)])|(?P<B>b\))", pieces) == r"(?:a|[|)])(?P<A>)|(?:b\))(?P<B>)"
    assert rewrite("(?P<B>b\\))", pieces) == "(?:b\\))(?P<B>)"


@pytest.mark.parametrize("pattern", [
    "abc",                          # no groups
    "(?P<A>a|[|)])",                # ... but one piece is enough: rewritten (checked below)
    "(?P<C>c)",                     # not one of the parser's terminals
    "(?P<A>a)|(?P<B>b\\))",         # A's text is not A's regexp
    "(?P<A>a|[|)])(?P<B>b\\))",      # no bar between the pieces
    "(?P<A>a|[|)])|(?P<B>b\\))x",    # something after the last piece
    "(?P<A>a|[|)])|",               # a bar and nothing after it
])
def test_only_lark_alternations_of_known_terminals_are_rewritten(pattern):
    regexes = TrailingMarks(terminals=_terminals(_AB))
    compiled = regexes.compile(pattern)
    if pattern == "(?P<A>a|[|)])":
        assert compiled.pattern == "(?:a|[|)])(?P<A>)"
    else:
        assert compiled.pattern == pattern


def test_nothing_is_rewritten_before_the_terminals_are_known():
    assert TrailingMarks().compile(r"(?P<A>a|[|)])|(?P<B>b\))").pattern == r"(?P<A>a|[|)])|(?P<B>b\))"


_ATOMS = st.sampled_from(["a", "b", "ab", "a*", "b+?", "(?:a|b)", "[ab]", "a{1,2}", "(?=a)", "(?!b)",
                          "(a)", "(?:ab)*+", r"\b", "$", ".", "[^a]", "(?i:A)",
                          # regex syntax that a text-level rewrite could misread
                          "[|]", "[]|]", "[^]|()]", r"\|", r"\(", r"\)", r"\\", r"[\]|]", "(?:a|[|])"])
_TERMINAL = st.lists(_ATOMS, min_size=1, max_size=4).map("".join)


@given(st.lists(_TERMINAL, min_size=1, max_size=5), st.text(alphabet="abAB |()\\\n", max_size=12))
def test_same_match_and_terminal_on_generated_alternations(terminals, text):
    regexps = {f"T{i}": t for i, t in enumerate(terminals)}
    lark_form = "|".join(lark_piece(name, regexp) for name, regexp in regexps.items())
    used = TrailingMarks(terminals=_terminals(regexps)).compile(lark_form)
    assert used.pattern == "|".join(f"(?:{regexp})(?P<{name}>)" for name, regexp in regexps.items())
    original = re.compile(lark_form)
    for pos in range(len(text) + 1):
        a, b = original.match(text, pos), used.match(text, pos)
        assert (a and (a.group(0), a.lastgroup)) == (b and (b.group(0), b.lastgroup))
