"""The body's two roads (grammars/envelope.lark, cablelib/body_lexer.py) give the same values.

Lark's own loop always takes the fine road, token by token; cablelib's parse
loop makes the rest of a body after its first item one ``BODY_REST`` token,
which the transformer lexes and groups itself.  Every real cable of the
repository, and the property tests' generated and mutated cables, must come
out the same on both, spans included, for every built-in variant's
transformer (the Tripoli one reads paragraphs its own way, through
``CableTransformer.fine_body_items``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import attrs
import lark
import pytest

import cablelib
from cablelib import body_lexer, grammar, table_parser
from cablelib.normalize import normalize
from cablelib.registry import BASE_GRAMMAR, default_registry
from cablelib.sources import unwrap
from cablelib.transform import CableTransformer
from cablelib.variants.namespaces import unprefixed
from cables import CABLES

REAL_FILES = sorted(p for p in CABLES.rglob("*") if p.is_file() and not p.name.startswith("."))
VARIANTS = sorted(default_registry.all().items())
SEED_TEXT = (CABLES.parent.parent / "examples" / "06PHNOMPENH2131.txt").read_text(encoding="utf-8")


def _texts() -> list[str]:
    return [normalize(unwrap(cable.source).text) for path in REAL_FILES for cable in cablelib.iter_corpus(path)]


@contextmanager
def counting_roads() -> Iterator[dict[str, int]]:
    """How often the transformer read a BODY_REST token, itself or through the fine road's values."""
    counts = {"coarse": 0, "fine items": 0}
    coarse = CableTransformer._coarse_body
    fine_items = CableTransformer.fine_body_items

    def count_coarse(self: Any, *args: Any) -> Any:
        counts["coarse"] += 1
        return coarse(self, *args)

    def count_fine_items(self: Any, *args: Any) -> Any:
        counts["fine items"] += 1
        return fine_items(self, *args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(CableTransformer, "_coarse_body", count_coarse)
        patch.setattr(CableTransformer, "fine_body_items", count_fine_items)
        yield counts


def _roads(parser: lark.Lark) -> tuple[Any, Any]:
    """(cablelib's loop, Lark's loop) of ``parser``, each giving every value of the parse,
    spans included (``Parsed``'s ``==`` leaves spans out)."""
    loop = table_parser.for_parser(parser)
    assert loop is not None and loop.own_terminals
    return (lambda text: attrs.asdict(loop.parse(text)), lambda text: attrs.asdict(parser.parse(text)))


@pytest.mark.parametrize("name, variant", VARIANTS, ids=[name for name, _ in VARIANTS])
def test_every_real_cable_gives_the_same_values_on_both_roads(name: str, variant: Any) -> None:
    coarse, fine = _roads(variant.parser())
    texts = _texts()
    with counting_roads() as counts:
        for text in texts:
            assert coarse(text) == fine(text)
    # The coarse road was taken: by CableTransformer's own methods, or through
    # the fine road's values for a transformer that reads paragraphs itself.
    assert counts["coarse"] + counts["fine items"] >= 0.9 * len(texts) >= 50, counts
    assert (counts["fine items"] > 0) == (name == "tripoli"), counts


def test_generated_and_mutated_cables_give_the_same_values_on_both_roads() -> None:
    hypothesis = pytest.importorskip("hypothesis")
    from cablelib.strategies import cable_texts
    from test_properties import mutated_cables

    roads = [_roads(variant.parser()) for _name, variant in VARIANTS]

    @hypothesis.settings(deadline=None)  # the profile's example count (conftest.py)
    @hypothesis.given(hypothesis.strategies.one_of(cable_texts(), mutated_cables()))
    def check(text: str) -> None:
        text = normalize(text)
        for coarse, fine in roads:
            try:
                expected = fine(text)
            except lark.exceptions.UnexpectedInput:  # damaged: Lark's error road, for both
                continue
            assert coarse(text) == expected

    check()


def test_after_a_body_s_first_item_every_state_takes_the_same_terminals() -> None:
    """The fact that lets one alternation stand for every state of the fine road."""
    tables = table_parser.for_parser(default_registry.get("generic").parser())
    assert tables is not None
    body = set(body_lexer.BODY_KINDS)
    found = set()
    for accepts in tables._plans:
        names = set(accepts) - {"WHITESPACE"}
        if names and names <= body | {body_lexer.REST}:  # a state before a body or inside one
            found.add(frozenset(names))
    # Inside a body every state takes a page-break line, which cannot open one;
    # after the first item the loop's own BODY_REST comes first; after a first
    # item that is the signature, only BODY_REST, for which SIGNATURE (it runs
    # to the end of the text) leaves nothing.
    assert found == {frozenset(body), frozenset(body - {"PAGE_LINE"}), frozenset(body | {body_lexer.REST}),
                     frozenset({body_lexer.REST})}
    for accepts, plan in tables._plans.items():
        if body_lexer.REST in accepts:
            assert [name for name, _ in plan[:2]] == ["WHITESPACE", body_lexer.REST]


@pytest.mark.parametrize("line", ["2. (SBU) During the first nine months of 2006, the Cambodian",
                                  "interim assessment of Cambodia's progress in fighting Trafficking in"])
@pytest.mark.parametrize("blank", ["\u3000", "\u2003", "\x1c"])
def test_a_body_line_no_terminal_takes_goes_to_lark(blank: str, line: str) -> None:
    """A blank that WHITESPACE does not cover, opening a body line: the rest does not lex,
    and the text gets Lark's fine road, its diagnostic and its strict error."""
    assert SEED_TEXT.count(line) == 1
    text = SEED_TEXT.replace(line, blank + line)
    tables = table_parser.for_parser(default_registry.get("generic").parser())
    assert tables is not None
    with pytest.raises(table_parser.NotHandled):
        tables.parse(normalize(unwrap(text).text))
    cable = cablelib.parse(text)
    assert [d.code for d in cable.diagnostics] == ["unexpected-text"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(table_parser, "for_parser", lambda parser: None)
        assert cablelib.parse(text).to_dict() == cable.to_dict()
    with pytest.raises(cablelib.CableSyntaxError, match="unexpected text"):
        cablelib.parse(text, strict=True)


def test_a_lark_parser_of_one_s_own_takes_the_fine_road() -> None:
    parser = lark.Lark(grammar.grammar_text(BASE_GRAMMAR), parser="lalr", lexer="contextual",
                       transformer=CableTransformer(), import_paths=[str(grammar.grammar_dir())],
                       maybe_placeholders=False)
    text = normalize(unwrap(SEED_TEXT).text)
    with counting_roads() as counts:
        assert attrs.asdict(parser.parse(text)) == attrs.asdict(default_registry.get("generic").parser().parse(text))
    assert counts == {"coarse": 0, "fine items": 0}


def test_a_grammar_that_imports_the_base_takes_the_coarse_road_under_its_namespace() -> None:
    text = "%import envelope (start, WHITESPACE)\n%ignore WHITESPACE\n"
    parser = grammar.build_parser(text, unprefixed(CableTransformer))
    coarse, fine = _roads(parser)
    assert table_parser.for_parser(parser).own_terminals == {"envelope__BODY_REST"}  # type: ignore[union-attr]
    with counting_roads() as counts:
        texts = _texts()[:20]
        for cable in texts:
            assert coarse(cable) == fine(cable)
    assert counts["coarse"] >= 15


def test_no_body_lexer_no_coarse_road() -> None:
    """A transformer without a body lexer (any other class) keeps the loop on the fine road."""
    tree_parser = lark.Lark(grammar.grammar_text(BASE_GRAMMAR), parser="lalr", lexer="contextual",
                            import_paths=[str(grammar.grammar_dir())], maybe_placeholders=False)
    loop = table_parser.for_parser(tree_parser)
    assert loop is not None and not loop.own_terminals
    text = normalize(unwrap(SEED_TEXT).text)
    assert loop.parse(text) == tree_parser.parse(text)
    assert body_lexer.own_terminals(tree_parser) == {}


def test_the_names_the_loops_compare_are_plain_str() -> None:
    """Lark names some terminals with its Token objects (PAGE_LINE, which the grammar imports);
    a Token among the body lexer's kinds or the loop's line-counting kinds made every comparison
    with it run Token.__eq__ in Python.  (The action tables' keys come from Lark's parse table,
    plain str.)  A parser built here, not read from the snapshot, and one as parse() gets it."""
    text = "%import envelope (start, WHITESPACE)\n%ignore WHITESPACE\n"
    fresh = grammar.build_parser(text, unprefixed(CableTransformer))
    for parser in (fresh, default_registry.get("generic").parser()):
        loop = table_parser.for_parser(parser)
        assert loop is not None
        lexer = body_lexer.from_table_parser(loop)
        assert lexer is not None
        assert {type(name) for pair in lexer.kinds.items() for name in pair} == {str}
        assert {type(name) for name in loop._newline_kinds} == {str}
        assert {type(name) for actions in loop._actions.values() for name in actions} == {str}
        # A reduction's rule name, looked up in the gotos after every reduction.
        assert {type(action[1]) for actions in loop._actions.values() for action in actions.values()
                if action.__class__ is not int} == {str}
    assert any(type(t.name) is not str for t in fresh.terminals)  # what the test is about


def _position(text: str, offset: int, line: int, column: int) -> tuple[int, int]:
    """Line and column of ``offset`` in ``text``, which starts at ``line``, ``column``."""
    before = text.count("\n", 0, offset)
    if before:
        return line + before, offset - text.rfind("\n", 0, offset)
    return line, column + offset


def test_every_body_token_s_positions_are_the_ones_its_text_gives() -> None:
    """Each token's start line and column, and the end that ``end_of`` gives the fine road's
    Token, against a count over the text itself; on every repository cable's body."""
    calls: list[tuple[Any, str, int, int, int]] = []
    lex = body_lexer.BodyLexer.lex

    def keep(self: Any, text: str, start_pos: int, line: int, column: int) -> Any:
        calls.append((self, text, start_pos, line, column))
        return lex(self, text, start_pos, line, column)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(body_lexer.BodyLexer, "lex", keep)
        for text in _texts():
            cablelib.parse(text)
    assert len(calls) >= 100
    tokens = 0
    for lexer, text, start_pos, line, column in calls:
        for kind, value, start, end, token_line, token_column in lex(lexer, text, start_pos, line, column):
            local = start - start_pos
            assert text[local:end - start_pos] == value
            assert (token_line, token_column) == _position(text, local, line, column), (kind, value[:30])
            assert body_lexer.end_of(token_line, token_column, value) == _position(text, end - start_pos, line,
                                                                                  column)
            tokens += 1
    assert tokens >= 1000


def test_a_real_cable_s_body_rest_ends_its_text_with_no_end_line() -> None:
    """The loop leaves BODY_REST's line breaks uncounted (the body lexer counts them): the
    token ends the text, so no later token needs them, and it has no end line or column."""
    loop = table_parser.for_parser(default_registry.get("generic").parser())
    assert loop is not None
    rests: list[Any] = []
    coarse = CableTransformer._coarse_body

    def keep(self: Any, head: Any, rest: Any) -> Any:
        rests.append(rest)
        return coarse(self, head, rest)

    checked = 0
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(CableTransformer, "_coarse_body", keep)
        for text in _texts():
            rests.clear()
            loop.parse(text)
            for rest in rests:
                assert rest.end_pos == len(text)
                assert (rest.line, rest.column) == _position(text, rest.start_pos, 1, 1)
                if "\n" in rest.value:
                    assert (rest.end_line, rest.end_column) == (None, None)
                    checked += 1
                else:  # one line (08USNATO290's caption copy): nothing to count
                    assert (rest.end_line, rest.end_column) == (rest.line, rest.column + len(rest.value))
    assert checked >= 50
