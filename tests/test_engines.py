"""Both LALR engines give the same Cable, the same diagnostics and the same errors.

cablelib runs on pure Lark, or on lark-cython when the ``[fast]`` extra is
installed (``cablelib.grammar.accelerator``).  The two engines have their own
lexer loops, token classes and error objects, and cablelib adapts to each
(``grammar._adapt_to_lark_cython``, ``callbacks.shorten``, the error
recovery in ``api._run_parser``).  The published speed numbers are
lark-cython's, so it must be held to exactly the same output as the reference
engine: every real cable in ``tests/cables``, bad input in lenient and strict
mode, a third-party transformer (whose callbacks get ``lark.Token`` copies),
and generated cables.

Skipped when lark-cython is not installed; the ``test`` extra installs it, so
CI runs these.
"""

from __future__ import annotations

import copy
import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import lark.grammar
import pytest

import cablelib
from cablelib import grammar, registry
from cablelib.normalize import normalize
from cables import CABLES
from damaged import damaged_seed_texts

pytest.importorskip("lark_cython")

TESTS = Path(__file__).resolve().parent
SEED = (TESTS.parent / "examples" / "06PHNOMPENH2131.txt").read_text(encoding="utf-8")
REYKJAVIK = TESTS / "variants" / "plugin" / "cablelib-reykjavik"
REAL_FILES = sorted(p for p in CABLES.rglob("*") if p.is_file() and not p.name.startswith("."))
ENGINES = ("lark", "lark-cython")


@contextmanager
def engine(name: str) -> Iterator[None]:
    """Parse with ``name`` inside the block: the registry gets parsers built for it.

    ``build_parser`` and ``registry._parser_for`` are both cached per grammar,
    not per engine, so the block swaps in fresh caches (the on-disk grammar
    cache is per engine already).
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(grammar.ACCELERATOR_ENV, "none" if name == "lark" else name)
        patch.setattr(registry, "build_parser", grammar.build_parser.__wrapped__)
        patch.setattr(registry, "_parser_for", functools.cache(registry._parser_for.__wrapped__))
        yield


def test_the_engine_switch_really_switches() -> None:
    """Without this the comparisons below could compare one engine with itself."""
    kinds = {name: type(_fresh_parser(name).parser.parser.parser).__module__ for name in ENGINES}
    assert kinds["lark"].startswith("lark.")
    assert kinds["lark-cython"].startswith("lark_cython")


def _both(run: Callable[[], Any]) -> dict[str, Any]:
    out = {}
    for name in ENGINES:
        with engine(name):
            out[name] = run()
    return out


def _same(results: dict[str, Any]) -> None:
    pure, fast = results["lark"], results["lark-cython"]
    assert fast == pure


@pytest.mark.parametrize("path", REAL_FILES, ids=[p.name for p in REAL_FILES])
def test_every_real_cable_parses_the_same(path: Path) -> None:
    def run() -> list[dict[str, Any]]:
        return [cable.to_dict() for cable in cablelib.iter_corpus(path)]

    results = _both(run)
    assert results["lark"], f"{path.name}: no cable read"
    _same(results)


@pytest.mark.parametrize("label", sorted(damaged_seed_texts()))
def test_damaged_text_gives_the_same_cable_and_diagnostics(label: str) -> None:
    text = damaged_seed_texts()[label]
    results = _both(lambda: cablelib.parse(text).to_dict())
    _same(results)


def _strict_error(text: str) -> tuple[Any, ...] | None:
    try:
        cablelib.parse(text, strict=True)
    except cablelib.CableSyntaxError as error:
        return (str(error), error.message, error.line, error.column, error.offset, sorted(error.expected))
    return None


@pytest.mark.parametrize("label", sorted(damaged_seed_texts()))
def test_strict_mode_raises_the_same_error(label: str) -> None:
    text = damaged_seed_texts()[label]
    _same(_both(lambda: _strict_error(text)))


def test_the_damage_is_real() -> None:
    """The damaged texts do reach the error paths (diagnostics, strict errors)."""
    with engine("lark-cython"):
        damaged = damaged_seed_texts()
        assert _strict_error(damaged["garbage in the envelope"]) is not None
        codes = {d.code for d in cablelib.parse(damaged["garbage in the envelope"]).diagnostics}
        assert "unexpected-text" in codes
        assert _strict_error(SEED) is None


def test_a_third_party_transformer_gets_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    """A transformer from outside cablelib gets ``lark.Token`` copies under lark-cython."""
    from importlib.metadata import EntryPoint

    monkeypatch.syspath_prepend(str(REYKJAVIK / "src"))
    text = (REYKJAVIK / "tests" / "cables" / "08REYKJAVIK195.txt").read_text(encoding="utf-8")
    bare = text.replace("TAGS: ", "", 1)  # the plugin's grammar change is what reads these tags
    ep = EntryPoint(name="reykjavik", value="cablelib_reykjavik:Reykjavik", group="cablelib.variants")
    try:
        def run() -> dict[str, Any]:
            variant = registry.Registry(entry_points=[ep]).get("reykjavik")
            return cablelib.parse(bare, variant=variant).to_dict()

        results = _both(run)
        assert results["lark"]["tags"][:2] == ["MOPS", "KPKO"]
        _same(results)
    finally:
        sys.modules.pop("cablelib_reykjavik", None)


def test_generated_cables_parse_the_same() -> None:
    """Cables from cablelib's own hypothesis strategy, lenient and strict."""
    hypothesis = pytest.importorskip("hypothesis")
    from cablelib.strategies import cable_texts

    @hypothesis.settings(max_examples=60)
    @hypothesis.given(cable_texts())
    def check(text: str) -> None:
        _same(_both(lambda: (cablelib.parse(text).to_dict(), _strict_error(text))))

    check()


def _fresh_parser(name: str) -> Any:
    with engine(name):
        return registry._parser_for(registry.BASE_GRAMMAR, registry.default_registry.get("generic").transformer)


def test_lark_cython_rules_are_compared_by_identity() -> None:
    """``grammar._rules_by_identity``: C-level equality and hashing of the table's rules."""
    fast = _fresh_parser("lark-cython")
    assert {type(rule) for rule in fast._callbacks} == {grammar._IdentityRule}
    table = fast.parser.parser._parse_table
    reduced = {id(arg) for actions in table.states.values() for _act, arg in actions.values()
               if isinstance(arg, lark.grammar.Rule)}
    assert reduced and reduced <= {id(rule) for rule in fast._callbacks}
    rule = next(iter(fast._callbacks))
    assert rule == rule and rule != 0 and hash(rule) == object.__hash__(rule)
    # pure Lark keeps Lark's own rules
    assert {type(rule) for rule in _fresh_parser("lark")._callbacks} == {lark.grammar.Rule}


def test_rules_are_left_alone_when_the_table_holds_a_rule_the_callbacks_do_not() -> None:
    with engine("lark-cython"):
        text = grammar.grammar_text(registry.BASE_GRAMMAR)
        transformer = registry.default_registry.get("generic").transformer
        patch = pytest.MonkeyPatch()
        patch.setattr(grammar, "_rules_by_identity", lambda parser: False)  # build without the swap
        try:
            parser = grammar.build_parser.__wrapped__(text, transformer)
            parser.parser  # noqa: B018 - a deferred parser (cablelib.lazy_parser) loads Lark here, unswapped
        finally:
            patch.undo()
    table = parser.parser.parser._parse_table
    state, actions = next((s, a) for s, a in table.states.items()
                          if any(isinstance(arg, lark.grammar.Rule) for _act, arg in a.values()))
    token, (action, rule) = next((t, v) for t, v in actions.items() if isinstance(v[1], lark.grammar.Rule))
    actions[token] = (action, copy.copy(rule))  # equal to a key, but not the same object
    assert grammar._rules_by_identity(parser) is False
    assert {type(r) for r in parser._callbacks} == {lark.grammar.Rule}
    actions[token] = (action, rule)
    assert grammar._rules_by_identity(parser) is True
    text = normalize(SEED)
    assert parser.parse(text) == _fresh_parser("lark").parse(text)
