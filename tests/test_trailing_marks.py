"""The lexer's alternations with trailing group marks lex exactly as Lark's own.

:mod:`cablelib.trailing_marks` rewrites Lark's ``(?P<NAME>X)|...`` into
``(?:X)(?P<NAME>)|...`` for speed.  That is only allowed if, at every
position, the rewritten alternation matches the same text and names the same
terminal.  Checked here against Lark's form, written out, for every lexer
state of the real grammar at every line start of every repository cable, and
on generated alternations; and the splitter that finds the alternatives is
checked on the regex syntax that could fool it.
"""

from __future__ import annotations

import functools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cablelib import grammar, registry
from cablelib.normalize import normalize
from cablelib.sources import read_path
from cablelib.trailing_marks import TrailingMarks, rewrite, split_alternatives
from cables import CABLES


def _lark_form(terminals) -> str:
    """The alternation as Lark's ``Scanner`` writes it (lark/lexer.py, ``_build_mres``)."""
    return "|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in terminals)


@functools.cache
def _pure_lark_states() -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    """(Lark's alternation, the parser's own compiled alternation) for every lexer state.

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
        states.append((re.compile(_lark_form(lexer.terminals), flags), scanner._mres[0]))
    return states


def test_the_parser_lexes_with_the_rewritten_alternations():
    states = _pure_lark_states()
    assert len(states) > 20
    for lark_form, used in states:
        assert used.pattern != lark_form.pattern
        assert used.pattern == rewrite(lark_form.pattern)
        assert list(used.groupindex) == list(lark_form.groupindex)


def _lexes_alike(text: str, positions) -> None:
    for lark_form, used in _pure_lark_states():
        for pos in positions:
            a, b = lark_form.match(text, pos), used.match(text, pos)
            assert (a and (a.group(0), a.lastgroup)) == (b and (b.group(0), b.lastgroup)), (pos, text[pos:pos + 60])


@pytest.mark.parametrize("folder", sorted(p.name for p in CABLES.iterdir() if p.is_dir()))
def test_same_token_at_every_line_start_of_the_repository_cables(folder):
    for path in sorted((CABLES / folder).iterdir()):
        for unwrapped in read_path(path):
            text = normalize(unwrapped.text)
            starts = [0] + [m.end() for m in re.finditer(r"\n[ \t]*", text)]
            _lexes_alike(text, starts)


@pytest.mark.parametrize(("pattern", "pieces"), [
    ("a|b", ["a", "b"]),
    ("(?P<A>x|y)|(?P<B>z)", ["(?P<A>x|y)", "(?P<B>z)"]),
    (r"(?P<A>[|)(])|(?P<B>\|\))", ["(?P<A>[|)(])", r"(?P<B>\|\))"]),
    ("(?P<A>[]|])|(?P<B>[^]|])", ["(?P<A>[]|])", "(?P<B>[^]|])"]),
    (r"(?P<A>[\]|])|(?P<B>b)", [r"(?P<A>[\]|])", "(?P<B>b)"]),
    ("(?P<A>x", None),
    ("x)|(y", None),
])
def test_split_alternatives(pattern, pieces):
    assert split_alternatives(pattern) == pieces


@pytest.mark.parametrize("pattern", [
    "abc",                       # no groups
    "(?:a)|(?P<B>b)",            # an alternative that is not a named group
    "(?P<A>a)(b)|(?P<B>b)",      # the group closes before the alternative ends
    "(?P<A>a)b|(?P<B>b)",
    "(?P<A>a(?P<C>c))|(?P<B>b)",  # a named group inside: the names would change order
])
def test_other_patterns_are_compiled_as_they_are(pattern):
    assert TrailingMarks().compile(pattern).pattern == pattern


_ATOMS = st.sampled_from(["a", "b", "ab", "a*", "b+?", "(?:a|b)", "[ab]", "a{1,2}", "(?=a)", "(?!b)",
                          "(a)", "(?:ab)*+", r"\b", "$", ".", "[^a]", "(?i:A)"])
_TERMINAL = st.lists(_ATOMS, min_size=1, max_size=4).map("".join)


@given(st.lists(_TERMINAL, min_size=1, max_size=5), st.text(alphabet="abAB \n", max_size=12))
def test_same_match_and_terminal_on_generated_alternations(terminals, text):
    lark_form = "|".join(f"(?P<T{i}>{t})" for i, t in enumerate(terminals))
    used = TrailingMarks().compile(lark_form)
    assert used.pattern == rewrite(lark_form)
    original = re.compile(lark_form)
    for pos in range(len(text) + 1):
        a, b = original.match(text, pos), used.match(text, pos)
        assert (a and (a.group(0), a.lastgroup)) == (b and (b.group(0), b.lastgroup))
