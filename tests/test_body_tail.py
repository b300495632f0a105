"""The body lexer's early plan (cablelib/body_tail.py) lexes every body as the full plan does.

Before the offset where a signature may start, the rest of a body is lexed
with the continuation's signature check taken out; a chunk that reaches that
offset is matched again with the state's own alternation.  These tests hold
the two parts of that argument against the repository's real cables (the
signature check never holds before the offset; both plans give the same
tokens) and against hand-made endings, and check the conservative walks
that decide whether an early plan is made at all.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

import cablelib
from cablelib import body_lexer, body_tail, grammar, table_parser
from cablelib.body_tail import early_plan, may_take_newline, tail_start
from cablelib.registry import default_registry
from cablelib.transform import CableTransformer
from cablelib.variants.namespaces import plain_name, unprefixed
from test_body_lexer import SEED_TEXT, VARIANTS, _roads, _texts


def _lexer(name: str = "generic") -> body_lexer.BodyLexer:
    loop = table_parser.for_parser(default_registry.get(name).parser())
    assert loop is not None
    lexer = body_lexer.from_table_parser(loop)
    assert lexer is not None
    return lexer


def _full_only(lexer: body_lexer.BodyLexer) -> body_lexer.BodyLexer:
    """The same lexer without an early plan: every token matched with the full alternation."""
    return body_lexer.BodyLexer(lexer.match, lexer.kinds, lexer.skip)


def _plan(name: str = "generic") -> body_tail.EarlyPlan:
    loop = table_parser.for_parser(default_registry.get(name).parser())
    assert loop is not None
    plan = loop.plan_for(body_lexer.BODY_KINDS, plain_name)
    assert plan is not None
    made = early_plan(plan, plain_name, loop.flags)
    assert made is not None
    return made


@pytest.fixture(scope="module")
def rests() -> list[str]:
    """The text of every BODY_REST token the repository's real cables give."""
    found: list[str] = []
    lex = body_lexer.BodyLexer.lex

    def keep(self: Any, text: str, *args: Any) -> Any:
        found.append(text)
        return lex(self, text, *args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(body_lexer.BodyLexer, "lex", keep)
        for text in _texts():
            cablelib.parse(text)
    assert len(found) >= 50
    return found


@pytest.mark.parametrize("name, variant", VARIANTS, ids=[name for name, _ in VARIANTS])
def test_every_built_in_body_state_has_an_early_plan(name: str, variant: Any) -> None:
    assert _lexer(name).early is not None


def _grammar_lexer(text: str) -> tuple[Any, body_lexer.BodyLexer]:
    parser = grammar.build_parser(text, unprefixed(CableTransformer))
    loop = table_parser.for_parser(parser)
    assert loop is not None
    lexer = body_lexer.from_table_parser(loop)
    assert lexer is not None
    return parser, lexer


def test_a_grammar_that_imports_the_base_has_the_early_plan_under_its_namespace() -> None:
    _parser, lexer = _grammar_lexer("%import envelope (start, WHITESPACE)\n%ignore WHITESPACE\n")
    assert lexer.early is not None
    assert lexer.lex(SEED_TEXT, 0, 1, 1) == _full_only(lexer).lex(SEED_TEXT, 0, 1, 1)


def test_a_grammar_whose_signature_is_another_has_no_early_plan_and_the_same_values() -> None:
    """An overridden SIGNATURE no longer matches the copy in the continuation: no early plan,
    and both roads still agree on the repository's cables."""
    parser, lexer = _grammar_lexer("%import envelope (start, WHITESPACE, SIGNATURE)\n"
                                   "%override SIGNATURE.2: /[A-Z][A-Z]+[ \\t]*\\Z/\n%ignore WHITESPACE\n")
    assert lexer.early is None
    coarse, fine = _roads(parser)
    for text in _texts()[:20]:
        assert coarse(text) == fine(text)


def test_the_signature_check_never_holds_before_the_tail_start(rests: list[str]) -> None:
    made = _plan()
    branch = re.compile(made.branch).match
    held_in_tail = 0
    for text in rests:
        tail = tail_start(text, made.trailers)
        line_start = 0
        while True:
            first = len(text) - len(text[line_start:].lstrip(" \t"))  # after [ \t]*+, where it is tried
            if branch(text, first):
                assert line_start >= tail, (text[line_start:line_start + 60], tail)
                held_in_tail += 1
            newline = text.find("\n", line_start)
            if newline < 0:
                break
            line_start = newline + 1
    # The check does hold where signatures are: the offset is not trivially past them.
    assert held_in_tail >= 0.5 * len(rests)


def test_the_early_and_the_full_plan_give_the_same_tokens(rests: list[str]) -> None:
    lexer = _lexer()
    full = _full_only(lexer)
    for text in rests:
        assert lexer.lex(text, 100, 7, 3) == full.lex(text, 100, 7, 3)


@pytest.mark.parametrize("ending", [
    "5. (C) The talks went on.\nMUSSOMELI",  # the name straight after prose: the chunk is matched again
    "5. (C) The talks went on.\n\nMUSSOMELI\n\nNNNN\n",
    "5. (C) The talks went on.\nKEEGAN/PAAL\nUNCLASSIFIED\n\n",
    "5. (C) The talks went on.\nVan Voorst\n=====CABLE ENDS=====",
    "5. (C) The talks went on.\nSMITH\nNNNN\nJONES\n",  # a name-like line, then trailers, then prose
    "MUSSOMELI\nNNNN",  # nothing but the signature block: the tail starts at 0
    "5. (C) The talks went on.",  # no line break at all
    "5. (C) Names in prose:\nSMITH\nare not signatures.\n6. (U) More.\nBOYCE",
])
def test_hand_made_endings_lex_alike(ending: str) -> None:
    body = SEED_TEXT[SEED_TEXT.index("\n1. ("):].rsplit("\n", 3)[0]
    lexer = _lexer()
    for text in (ending, body + "\n" + ending):
        expected = _full_only(lexer).lex(text, 0, 1, 1)
        assert lexer.lex(text, 0, 1, 1) == expected
    assert _full_only(lexer).lex("x\n" + ending, 0, 1, 1)[-1][0] in ("SIGNATURE", "PARA", "TEXT")


def test_the_tail_starts_at_the_last_line_that_is_not_a_trailer() -> None:
    trailers = _plan().trailers
    assert tail_start("Prose.\nMUSSOMELI\nNNNN\n", trailers) == len("Prose.\n")
    assert tail_start("Prose.\nMUSSOMELI", trailers) == len("Prose.\n")
    assert tail_start("MUSSOMELI\n\nUNCLASSIFIED", trailers) == 0
    assert tail_start("Prose.\nMore prose.", trailers) == len("Prose.\n")
    assert tail_start("one line", trailers) == 0


@pytest.mark.parametrize("regexp, takes", [
    (r"[ \t]+", False), (r"[^\n]*", False), (r"\S+", False), (r"\d", False), (r"\w", False), (r".", False),
    (r"(?=\n)x", False), (r"(?!\n)x", False), (r"\bA\Z", False), (r"(?>[ \t]++)", False), (r"[ \t\\\r]*+", False),
    (r"\n", True), (r"[^x]", True), (r"\s", True), (r"\D", True), (r"\W", True), (r"(?s:.)", True),
    (r"(?:a|\n)", True), (r"[\x00-\x7f]", True), (r"(a)\1", True), (r"x{0,3}\n?", True), ("\n", True),
    (r"(?s).", True), (r"(?s:(?-s:.))", False), (r"(", True), (r"[^xy]", True), (r"[^\nx]", False),
    (r"[\s\d]", True), (r"[^\s]", False),
])
def test_may_take_newline(regexp: str, takes: bool) -> None:
    assert may_take_newline(regexp) is takes


GUARD, KEYWORDS, SHAPE = r"(?=[A-Z])", r"(?!END\b)", r"[A-Z]+[ \t]*(?:\n[ \t]*(?:NNNN)?)*\Z"


def _terminals(guard: str = GUARD, keywords: str = KEYWORDS, shape: str = SHAPE,
               stops: str = "(?!\\d\\.|{branch})") -> list[tuple[str, str]]:
    """PARA, SIGNATURE and TEXT of a small grammar built as envelope.lark builds its own."""
    branch = f"{guard}(?={shape}){keywords}"
    continuation = r"\S[^\n]*(?:\n[ \t]*+" + stops.format(branch=branch) + r"\S[^\n]*)*"
    return [("PARA", r"\d\." + continuation), ("SIGNATURE", f"{guard}{keywords}{shape}"), ("TEXT", continuation)]


def test_an_early_plan_is_made_from_a_grammar_s_own_terminals() -> None:
    made = early_plan(_terminals(), str)
    assert made is not None
    assert made.branch == r"(?=[A-Z])(?=[A-Z]+[ \t]*(?:\n[ \t]*(?:NNNN)?)*\Z)(?!END\b)"
    # The stop left, behind a test of the line's first character: an ASCII digit, or beyond ASCII.
    digits = "".join(f"\\x{code:02x}" for code in range(0x30, 0x3a))
    assert digits == r"\x30\x31\x32\x33\x34\x35\x36\x37\x38\x39"
    assert made.plan == _terminals(stops=rf"(?>(?![{digits}\x80-\U0010ffff])|(?!\d\.))")
    assert made.trailers("SMITH\nNNNN\n", 5) and not made.trailers("SMITH\nNNNN\nx", 5)


@pytest.mark.parametrize("terminals", [
    _terminals(shape=SHAPE.replace(r"[A-Z]+", r"[A-Z\n]+")),  # the name may take a line break
    _terminals(shape=SHAPE.replace(r"\n[ \t]*", r"\n\s*")),  # so may a trailer
    _terminals(shape=SHAPE.replace(r"(?:NNNN)?)*", r"(?:NNNN)?|X)*")),  # a trailer iteration without its \n
    _terminals(shape=SHAPE.replace(r"[A-Z]+[ \t]*(?:", r"[A-Z]+|[ \t]*(?:")),  # the trailers in one alternative
    _terminals(shape=SHAPE.replace(r"(?:\n", r"(?:(?:\n").replace(")*", ")*)")),  # the repetition in a group
    _terminals(shape=SHAPE.replace(r"\Z", r"$")),  # not anchored at the end of the text
    _terminals(keywords=""),  # no keyword lookahead
    _terminals(guard=""),  # no guard
    _terminals(stops="(?!\\d\\.|{branch}|Z)"),  # the branch is not the last one
    _terminals(stops="(?:\\d\\.|{branch})"),  # not in a negative lookahead
    _terminals(stops="(?!\\d\\.|{branch})(?!x|{branch})"),  # twice
    _terminals(stops="x?(?!\\d\\.|{branch})"),  # not tried where a line's blanks end
    [(name, regexp.replace("(?=[A-Z]+", "(?=[A-Z]*") if name != "SIGNATURE" else regexp)
     for name, regexp in _terminals()],  # the continuation checks another condition
])
def test_no_early_plan_where_a_check_fails(terminals: list[tuple[str, str]]) -> None:
    assert early_plan(terminals, str) is None


def test_no_early_plan_without_a_signature_terminal() -> None:
    assert early_plan([(name, regexp) for name, regexp in _terminals() if name != "SIGNATURE"], str) is None


def test_the_real_early_plan_tests_a_line_s_first_character_before_the_stops() -> None:
    """On a line that opens with a lower-case letter, no stop condition can hold: one class test."""
    made = _plan()
    for name, regexp in made.plan:
        if plain_name(name) in ("PARA", "TEXT"):
            start = regexp.index("(?>(?![")
            test = regexp[start + len("(?>(?!"):regexp.index("])", start) + 1]
            assert re.fullmatch(test, "1") and re.fullmatch(test, "P") and re.fullmatch(test, "-")
            assert re.fullmatch(test, "\u00b6")  # the pilcrow before a paragraph number
            assert not re.fullmatch(test, "t") and not re.fullmatch(test, "(")


def test_no_first_character_test_under_inline_flags() -> None:
    """Flags set before the stops would be lost reading the stops alone: no test is made."""
    terminals = [(name, "(?i)" + regexp if name != "SIGNATURE" else regexp) for name, regexp in _terminals()]
    made = early_plan(terminals, str)
    assert made is not None
    assert all("(?>" not in regexp for _name, regexp in made.plan)
