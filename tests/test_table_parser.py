"""cablelib's parse loop over Lark's tables gives exactly what Lark gives.

``cablelib.table_parser`` runs a built parser's LALR tables, terminals,
regexes and callbacks with a loop of its own (one regex call a token instead
of two).  Its output must be Lark's to the last token position:

* every real cable in ``tests/cables``, through ``cablelib.iter_corpus``, with
  and without the loop (the reference is Lark's own loop, the engine cablelib
  uses otherwise);
* a parse *tree* of every real cable (Lark's default callbacks, pure Lark,
  plain ``re``), compared token by token — type, value, start and end
  offsets, lines and columns — so a position slip cannot hide behind a
  transformer that drops it;
* damaged, generated and mutated cables, lenient and strict: whatever the loop
  does not handle goes to Lark, so diagnostics and errors stay Lark's;
* parsers it must refuse (keyword terminals, two ignored terminals, a
  post-lexer) are refused, and cablelib parses with Lark.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import lark
import pytest

import cablelib
from cablelib import grammar, table_parser
from cablelib.normalize import normalize
from cablelib.registry import BASE_GRAMMAR, default_registry
from cablelib.sources import unwrap
from cables import CABLES
from damaged import damaged_seed_texts

TESTS = Path(__file__).resolve().parent
SEED = (TESTS.parent / "examples" / "06PHNOMPENH2131.txt").read_text(encoding="utf-8")
REAL_FILES = sorted(p for p in CABLES.rglob("*") if p.is_file() and not p.name.startswith("."))


@contextmanager
def lark_only() -> Iterator[None]:
    """Parse with Lark's own loop inside the block (the table parser refuses every parser)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(table_parser, "for_parser", lambda parser: None)
        yield


@contextmanager
def counting() -> Iterator[dict[str, int]]:
    """Count the texts the table parser finished and the ones it handed to Lark."""
    counts = {"handled": 0, "not handled": 0}
    real = table_parser.TableParser.parse

    def parse(self: table_parser.TableParser, text: str) -> Any:
        try:
            result = real(self, text)
        except table_parser.NotHandled:
            counts["not handled"] += 1
            raise
        counts["handled"] += 1
        return result

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(table_parser.TableParser, "parse", parse)
        yield counts


def _dicts(path: Path) -> list[dict[str, Any]]:
    return [cable.to_dict() for cable in cablelib.iter_corpus(path)]


@pytest.mark.parametrize("path", REAL_FILES, ids=[p.name for p in REAL_FILES])
def test_every_real_cable_parses_the_same(path: Path) -> None:
    with lark_only():
        expected = _dicts(path)
    with counting() as counts:
        got = _dicts(path)
    assert expected, f"{path.name}: no cable read"
    assert got == expected
    # The loop really ran: it handles every cable Lark reads without an error
    # (those with unexpected text go to Lark, which recovers).
    recovered = sum(any(d["code"] in ("unexpected-text", "incomplete") for d in c["diagnostics"])
                    for c in expected)
    assert counts["handled"] == len(expected) - recovered
    assert counts["not handled"] == recovered


def _tree_parser() -> lark.Lark:
    """The base grammar with Lark's default callbacks (trees), pure Lark, plain ``re``."""
    return lark.Lark(grammar.grammar_text(BASE_GRAMMAR), parser="lalr", lexer="contextual",
                     maybe_placeholders=False, import_paths=[str(grammar.grammar_dir())])


def _tokens(tree: Any) -> list[tuple[Any, ...]]:
    out = []
    for token in tree.scan_values(lambda v: isinstance(v, lark.Token)):
        out.append((token.type, token.value, token.start_pos, token.end_pos, token.line, token.column,
                    token.end_line, token.end_column))
    return out


def _prepared_texts() -> list[str]:
    texts = []
    for path in REAL_FILES:
        for cable in cablelib.iter_corpus(path):
            texts.append(normalize(unwrap(cable.source).text))
    return texts


def _same_tree_as_lark(texts: list[str]) -> int:
    """Parse each text with the tree parser and with its table parser; how many Lark accepted.

    Equal trees and equal tokens to the last position where Lark accepts the
    text; NotHandled where it does not.
    """
    parser = _tree_parser()
    tables = table_parser.for_parser(parser)
    assert tables is not None
    accepted = 0
    for text in texts:
        try:
            expected = parser.parse(text)
        except lark.exceptions.UnexpectedInput:
            with pytest.raises(table_parser.NotHandled):
                tables.parse(text)
            continue
        got = tables.parse(text)
        assert got == expected
        assert _tokens(got) == _tokens(expected)
        accepted += 1
    return accepted


def test_trees_and_every_token_position_are_lark_s() -> None:
    texts = _prepared_texts()
    assert _same_tree_as_lark(texts) == len(texts) >= 50  # every real cable in tests/cables is accepted


def test_blank_runs_of_every_kind_and_the_text_s_ends() -> None:
    """Lines and columns across the blanks Lark ignores (tabs, CR, NBSP, U+2028), at both ends."""
    texts = [SEED, "\n \t\r\n\u00a0" + SEED, SEED.replace("\n\n", "\n\u2028\n \t\n"), SEED + "\n\n  ",
             SEED.rstrip(), "", "  \n\n", "UNCLAS\u00a0SECTION 01 OF 02"]
    assert _same_tree_as_lark(texts) >= 5


def _strict(text: str) -> tuple[Any, ...] | None:
    try:
        cablelib.parse(text, strict=True)
    except cablelib.CableSyntaxError as error:
        return (str(error), error.line, error.column, error.offset, sorted(error.expected))
    return None


@pytest.mark.parametrize("label", sorted(damaged_seed_texts()))
def test_damaged_text_gives_lark_s_cable_diagnostics_and_errors(label: str) -> None:
    text = damaged_seed_texts()[label]
    with lark_only():
        expected = (cablelib.parse(text).to_dict(), _strict(text))
    assert (cablelib.parse(text).to_dict(), _strict(text)) == expected


def test_the_damage_reaches_lark() -> None:
    """The damaged texts are not handled by the loop: they exercise the hand-over."""
    with counting() as counts:
        cablelib.parse(damaged_seed_texts()["garbage in the envelope"])
    assert counts == {"handled": 0, "not handled": 1}


def test_generated_and_mutated_cables_parse_the_same() -> None:
    hypothesis = pytest.importorskip("hypothesis")
    from cablelib.strategies import cable_texts
    from test_properties import mutated_cables

    @hypothesis.settings(max_examples=80, deadline=None)
    @hypothesis.given(hypothesis.strategies.one_of(cable_texts(), mutated_cables()))
    def check(text: str) -> None:
        with lark_only():
            expected = (cablelib.parse(text).to_dict(), _strict(text))
        assert (cablelib.parse(text).to_dict(), _strict(text)) == expected

    check()


def test_every_built_in_variant_is_taken() -> None:
    for name, variant in default_registry.all().items():
        assert table_parser.for_parser(variant.parser()) is not None, name


def test_cablelib_s_own_callbacks_are_run_by_their_shape() -> None:
    """The base parser's callbacks (callbacks.shorten) run without their closures and holders."""
    tables = table_parser.for_parser(default_registry.get("generic").parser())
    assert tables is not None
    hows = {action[2] for actions in tables._actions.values() for action in actions.values()
            if isinstance(action, tuple)}
    assert hows == {"call", "hold", "append", "extend", "first", "call kept", "kept"}
    # A parser with Lark's own callbacks (trees) is called as Lark calls them.
    lark_tables = table_parser.for_parser(_tree_parser())
    assert lark_tables is not None
    assert {action[2] for actions in lark_tables._actions.values() for action in actions.values()
            if isinstance(action, tuple)} == {"lark"}


def test_threads_building_the_lexers_at_once_get_the_same_results() -> None:
    parser = default_registry.get("generic").parser()
    texts = [normalize(unwrap(c.source).text) for p in REAL_FILES[:40] for c in cablelib.iter_corpus(p)]
    with lark_only():
        expected = [repr(parser.parse(t)) for t in texts]
    fresh = table_parser.TableParser(parser, table_parser._token_type(parser))  # no lexer built yet
    results: list[list[str]] = [[] for _ in range(6)]

    def run(index: int) -> None:
        for text in texts:
            try:
                results[index].append(repr(fresh.parse(text)))
            except table_parser.NotHandled:
                results[index].append(repr(parser.parse(text)))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(r == expected for r in results)


# ---------------------------------------------------------------- refused parsers

_KEYWORD_GRAMMAR = r"""
start: (WORD | "IF")+
WORD: /[A-Z]+/
WS.9: /\s+/
%ignore WS
"""


def test_a_keyword_terminal_is_lark_s_job() -> None:
    parser = lark.Lark(_KEYWORD_GRAMMAR, parser="lalr", lexer="contextual", keep_all_tokens=True)
    assert table_parser.for_parser(parser) is None
    assert [t.type for t in parser.parse("IF ELSE").children] == ["IF", "WORD"]


def test_two_ignored_terminals_or_a_low_ranking_one_are_refused() -> None:
    two = lark.Lark('start: "A"+\nWS.9: /[ ]+/\nNL.9: /\\n+/\n%ignore WS\n%ignore NL', parser="lalr",
                    lexer="contextual")
    low = lark.Lark('start: A+\nA.5: /A+/\nWS: /[ ]+/\n%ignore WS', parser="lalr", lexer="contextual")
    assert table_parser.for_parser(two) is None
    assert table_parser.for_parser(low) is None


def test_a_post_lexer_is_refused() -> None:
    class Identity:
        always_accept = ()

        def process(self, stream: Any) -> Any:
            return stream

    parser = lark.Lark('start: "A"+\nWS.9: /[ ]+/\n%ignore WS', parser="lalr", lexer="contextual",
                       postlex=Identity())
    assert table_parser.for_parser(parser) is None


def test_a_small_grammar_parses_as_lark_parses_it() -> None:
    parser = lark.Lark('start: item+\nitem: A | B\nA: /a+/\nB: /b[\\n b]*b/\nWS.9: /[ \\n]+/\n%ignore WS',
                       parser="lalr", lexer="contextual")
    tables = table_parser.for_parser(parser)
    assert tables is not None
    text = "aa b\n b\n\n  a"
    got, expected = tables.parse(text), parser.parse(text)
    assert got == expected and _tokens(got) == _tokens(expected)
    assert [t[4:] for t in _tokens(got)] == [(1, 1, 1, 3), (1, 4, 2, 3), (4, 3, 4, 4)]
    with pytest.raises(table_parser.NotHandled):
        tables.parse("aa c")


def test_an_own_terminal_that_ends_the_text_has_no_end_line_and_one_before_others_is_counted() -> None:
    """A declared terminal the loop matches itself (as BODY_REST): Lark has no position for it.
    Ending the text, it gets no end line or column and its line breaks are not counted;
    anywhere else they are, for the tokens that follow it."""
    parser = lark.Lark('start: A* (REST | BLOCK A*)\nA: /a+/\n%declare REST BLOCK\nWS.9: /[ \\n]+/\n%ignore WS',
                       parser="lalr", lexer="contextual")
    tables = table_parser.TableParser(parser, lark.Token, own={"REST": r"(?s:#.+)", "BLOCK": r"%[^%]*%"})
    ends = tables.parse("aa\n a\n#rest\nof\nit\n")
    assert [t[4:] for t in _tokens(ends)] == [(1, 1, 1, 3), (2, 2, 2, 3), (3, 1, None, None)]
    assert _tokens(ends)[-1][:4] == ("REST", "#rest\nof\nit\n", 6, 18)
    followed = tables.parse("aa\n%block\nof\n%\n  aaa")
    assert [t[4:] for t in _tokens(followed)] == [(1, 1, 1, 3), (2, 1, 4, 2), (5, 3, 5, 6)]
    # One line, ending the text: counted or not, nothing changes.
    assert [t[4:] for t in _tokens(tables.parse("a #rest"))] == [(1, 1, 1, 2), (1, 3, 1, 8)]


def test_without_the_lark_internals_it_needs_every_parser_is_left_to_lark(monkeypatch: pytest.MonkeyPatch) -> None:
    """Another Lark version without ``_create_unless``: parsers are refused, not broken."""
    monkeypatch.setattr(table_parser, "_create_unless", None)
    parser = _tree_parser()  # a fresh parser: not taken yet
    assert table_parser.for_parser(parser) is None
    assert parser.parse(SEED).data == "start"
