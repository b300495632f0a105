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


# ---------------------------------------------------------------- direct callbacks

def _lark_only_parser() -> lark.Lark:
    """The generic grammar with Lark's own callbacks (pure Lark, nothing shortened)."""
    from cablelib.grammar import grammar_text

    return lark.Lark(grammar_text("envelope.lark"), parser="lalr", lexer="contextual",
                     transformer=CableTransformer(), import_paths=[str(grammar_dir())],
                     maybe_placeholders=False)


def test_the_parser_calls_the_transformer_directly(parser):
    """cablelib.callbacks.shorten replaced Lark's callback layers (if this fails,
    a Lark upgrade changed their shape and the speed-up is lost, not the result)."""
    from cablelib.callbacks import _direct, _filtered, Inlined

    kinds = {getattr(cb, "__qualname__", type(cb).__name__).split(".")[0] for cb in parser._callbacks.values()}
    assert {"_direct", "_filtered", "Inlined"} <= kinds, kinds
    assert _direct and _filtered and Inlined


def test_direct_callbacks_give_what_lark_gives_on_every_repository_cable():
    from cables import CABLES
    from cablelib.normalize import normalize
    from cablelib.sources import read_path

    plain = _lark_only_parser()
    generic = cablelib.get_variant("generic").parser()
    checked = 0
    for path in sorted(p for p in CABLES.rglob("*") if p.is_file() and not p.name.startswith(".")):
        for item in read_path(path):
            text = normalize(item.text)
            try:
                expected = repr(plain.parse(text))
            except lark.exceptions.UnexpectedInput:
                with pytest.raises(lark.exceptions.UnexpectedInput):
                    generic.parse(text)
                continue
            assert repr(generic.parse(text)) == expected, path.name
            checked += 1
    assert checked >= 45
