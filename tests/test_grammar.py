"""The grammars: they compile, every rule has a transformer method, and the
terminals file does not shadow Lark's own ``common`` grammar."""

from __future__ import annotations

import lark
import pytest

import cablelib
from cablelib.grammar import grammar_dir
from cablelib.transform import CableTransformer


@pytest.fixture(scope="module")
def parser() -> lark.Lark:
    return cablelib.get_variant("generic").parser()


def test_grammar_files_are_found():
    assert (grammar_dir() / "envelope.lark").is_file()
    assert (grammar_dir() / "terminals.lark").is_file()
    assert not (grammar_dir() / "common.lark").exists()


def test_parser_is_lalr_with_the_contextual_lexer(parser):
    assert parser.options.parser == "lalr"
    assert parser.options.lexer == "contextual"


def test_every_rule_has_a_transformer_method(parser):
    # Rules whose name starts with "_" are inlined by Lark and never reach
    # the transformer; every other rule (or alias) must have a callback, or a
    # lark.Tree would leak into the model.
    names = {str(rule.alias or rule.origin.name) for rule in parser.rules}
    missing = sorted(n for n in names if not n.startswith("_") and not hasattr(CableTransformer, n))
    assert missing == []


def test_the_parser_is_built_once_per_variant():
    variant = cablelib.get_variant("generic")
    assert variant.parser() is variant.parser()


def test_no_tree_or_token_survives_on_the_corpus_sample(seed_cable):
    import attrs

    def walk(value):
        assert not isinstance(value, (lark.Tree, lark.Token))
        if attrs.has(type(value)):
            for field in attrs.fields(type(value)):
                walk(getattr(value, field.name))
        elif isinstance(value, tuple):
            for item in value:
                walk(item)

    walk(seed_cable)
