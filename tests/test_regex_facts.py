"""What cablelib/regex_facts.py says a regex can start with is never too narrow.

The body lexer's early plan tests a line's first character against
``starting_class`` of the continuation's stop conditions before it tries them
(cablelib/body_tail.py): a class that missed a character some stop condition
can start with would let a chunk run on where the full plan ends it.  The
expected sets below are written out by hand; the generated regexes check the
one property the lexer relies on.
"""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from cablelib.regex_facts import first_ascii_chars, starting_class


@pytest.mark.parametrize("regexp, chars", [
    (r"abc", "a"),
    (r"a|b|c", "abc"),
    (r"[a-c]x", "abc"),
    (r"\d\.", string.digits),
    (r"¶?[ \t]*\d", " \t" + string.digits),  # the pilcrow is beyond ASCII: always let through
    (r"(?=[A-Z]*\d)[A-Z]", string.ascii_uppercase),  # a lookahead takes nothing: what follows decides
    (r"(?!x)y", "y"),
    (r"\bEND", "E"),
    (r"(?i:k)", "Kk"),  # re's own case folding (the Kelvin sign is beyond ASCII)
    (r"(?i)se", "Ss"),
    (r"x*y", "xy"),
    (r"x{0}y", "y"),
    (r"(?:ab)+", "a"),
    (r"(?>-{3,})", "-"),
    (r"a*?b", "ab"),
    (r"\s", " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"),
    (r"(?a:\w)", string.ascii_letters + string.digits + "_"),
])
def test_first_ascii_chars(regexp: str, chars: str) -> None:
    assert first_ascii_chars(regexp) == frozenset(chars)


@pytest.mark.parametrize("regexp", [
    r"x?",  # may match empty
    r"(?:a|)",
    r"\b",
    r"(a)?\1",  # a backreference first: unknown
    r"(?(1)a|b)",
    r"(",  # not a regex
])
def test_no_first_characters_where_the_walk_cannot_tell(regexp: str) -> None:
    assert first_ascii_chars(regexp) is None
    assert starting_class(regexp) is None


def test_no_class_where_nearly_any_character_can_start() -> None:
    assert starting_class(r"[^\n]") is None
    assert starting_class(r".") is None
    assert starting_class(r"\S") is None  # 94 of 128: still too wide to save anything
    assert starting_class(r"[a-z]") is not None


def test_the_class_lets_every_character_beyond_ascii_through() -> None:
    test = starting_class(r"\d")
    assert test is not None
    for char in ("5", "\u0663", "\u00b6", "\U0010ffff", "\x80"):
        assert re.fullmatch(test, char)
    for char in ("a", " ", "\n", "\x7f"):
        assert not re.fullmatch(test, char)


_PIECES = st.sampled_from([
    "a", "b", "A", "k", "K", "-", r"\d", r"\s", r"\w", r"[a-c]", r"[^a]", ".", " ", r"\n", "¶",
    "a?", "b*", "[A-Z]+", r"\d{2}", "(?:a|b)", "(?:a|)", "(?=a)", "(?!b)", r"\b", "(?i:a)", "(?i:k)",
    "(?>a+)", "x*+", "(?:ab)?", "(?:-{3,}|c)",
])


@given(st.lists(_PIECES, min_size=1, max_size=5), st.lists(_PIECES, max_size=5),
       st.text(alphabet="abcAkK-1 \n\u00b6\u212ax.", max_size=6))
@example(["(?i:k)"], [], "\u212a")  # KELVIN SIGN folds to k: beyond ASCII, let through
@example(["¶?", r"\d"], [], "1")
def test_a_regex_never_matches_where_its_class_says_it_cannot_start(first: list[str], second: list[str],
                                                                     text: str) -> None:
    regexp = "".join(first) + ("|" + "".join(second) if second else "")
    try:
        compiled = re.compile(regexp)
    except re.error:
        return
    test = starting_class(regexp)
    if test is None:
        return
    if not text or not re.fullmatch(test, text[0]):
        assert compiled.match(text) is None, (regexp, text)


def test_flags_a_str_regex_refuses_give_no_answer_not_an_error() -> None:
    assert first_ascii_chars("a", re.LOCALE) is None
    assert starting_class("a", re.LOCALE) is None
