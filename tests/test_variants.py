"""The variant contract (cablelib.testing.check_variant), run over every registered
variant, and shown to catch the mistakes it is there to catch."""

from __future__ import annotations

from pathlib import Path

import pytest
from lark import Token, v_args

import cablelib
from cablelib.grammar import grammar_dir
from cablelib.registry import BASE_GRAMMAR, BUILTIN_VARIANTS, own_aliases
from cablelib.testing import VariantContractError, check_variant, seed_text
from cablelib.transform import CableTransformer
from cablelib.variants.brazil import Brazil, BrazilTransformer
from cablelib.variants.generic import Generic
from cables import CABLES, cable_path

ROOT = Path(__file__).resolve().parent.parent
IGNORE = "%ignore /[ \\t\\r\\n\\f\\v\\u00a0\\u2028\\u2029\\u0085]+/\n"


@pytest.mark.parametrize("name", list(cablelib.variants()))
def test_every_registered_variant_keeps_the_contract(name):
    """Metadata, grammar, its own example cables (copies in tests/cables) and the seed."""
    variant = cablelib.get_variant(name)
    report = check_variant(variant, corpus=CABLES)
    assert sorted(set(report.examples)) == sorted(variant.examples)
    assert set(report.changed_fields) <= set(variant.changes)


def test_names_and_aliases_are_unique_across_variants():
    seen: dict[str, str] = {}
    for name, variant in cablelib.variants().items():
        for label in (name, *own_aliases(variant)):
            assert label not in seen, f"{label!r} claimed by {seen.get(label)} and {name}"
            seen[label] = name


def test_every_variant_grammar_file_belongs_to_a_builtin():
    """grammars/variants/*.lark: each is some built-in's grammar (no orphans)."""
    used = {cablelib.get_variant(n).grammar for n in BUILTIN_VARIANTS}
    files = {f"variants/{p.name}" for p in (grammar_dir() / "variants").glob("*.lark")}
    assert files <= used
    for grammar in used - {BASE_GRAMMAR}:
        assert (grammar_dir() / grammar).is_file()


def test_the_seed_ships_with_cablelib_byte_for_byte():
    assert seed_text() == (ROOT / "examples" / "06PHNOMPENH2131.txt").read_text(encoding="utf-8")


# ------------------------------------------------------------------ the contract catches mistakes


def _problems(variant, **kwargs) -> str:
    with pytest.raises(VariantContractError) as info:
        check_variant(variant, corpus=CABLES, **kwargs)
    return "\n".join(info.value.problems)


def test_it_catches_undeclared_changes():
    """Brazil with ``changes = ()``: its reading of 06SAOPAULO465's references is undeclared."""
    class Quiet(Brazil):
        name = "quiet-brazil"
        examples = ("06SAOPAULO465",)
        changes = ()

    problems = _problems(Quiet)
    assert "example 06SAOPAULO465: references differs from generic but is not in `changes`" in problems


def test_it_catches_a_variant_worse_than_generic():
    """A transformer that loses the signers of the seed."""
    @v_args(inline=True)
    class Forgetful(CableTransformer):
        def signature(self, token: Token):
            name, _signers, artefact = super().signature(token)
            return name, (), artefact

    class Worse(Generic):
        name = "worse"
        description = "Forgets signers."
        examples = ("06PHNOMPENH2131",)
        transformer = Forgetful
        changes = ("signers",)

    assert "signers: generic reads ('MUSSOMELI',), the variant reads nothing" in _problems(Worse)


def test_it_catches_a_transformer_without_v_args():
    class Listy(BrazilTransformer):
        def tags(self, token):  # children as a list: Lark calls it with one argument
            return super().tags(token)

    class Careless(Brazil):
        name = "careless"
        examples = ("06SAOPAULO465",)
        transformer = Listy

    assert "Listy.tags takes its children as a list" in _problems(Careless)


def test_it_catches_a_grammar_without_the_base_ignore(tmp_path):
    path = tmp_path / "noignore.lark"
    path.write_text("%import envelope (start)\n", encoding="utf-8")

    class NoIgnore(Generic):
        name = "no-ignore"
        description = "Forgot %ignore."
        examples = ("06PHNOMPENH2131",)
        grammar = str(path)

    assert "repeat the base's %ignore" in _problems(NoIgnore)


def test_it_catches_a_rule_without_a_callback(tmp_path):
    path = tmp_path / "extra.lark"
    path.write_text("%import envelope (start, notice)\n%extend notice: stray\nstray: STRAY\n"
                    "STRAY.9: /STRAY-NOTICE/\n" + IGNORE, encoding="utf-8")

    class Stray(Generic):
        name = "stray"
        description = "A rule nobody handles."
        examples = ("06PHNOMPENH2131",)
        grammar = str(path)

    assert "rules without a transformer callback (a lark.Tree would leak): ['stray']" in _problems(Stray)


def test_it_catches_bad_metadata_and_missing_examples():
    class Sloppy(Generic):
        name = "Sloppy Name"
        aliases = ("Sloppy Name",)
        description = ""
        examples = ("99NOWHERE1",)
        changes = ("no_such_field",)

    problems = _problems(Sloppy)
    assert "name 'Sloppy Name'" in problems
    assert "description: one non-empty line" in problems
    assert "changes names no Cable field: ['no_such_field']" in problems
    assert "example 99NOWHERE1 not found" in problems


def test_examples_can_be_given_as_text():
    text = cable_path("06SAOPAULO465.html").read_text(encoding="utf-8")

    class OneExample(Brazil):
        name = "one-example"
        examples = ("06SAOPAULO465",)

    report = check_variant(OneExample, cables={"06SAOPAULO465": text})
    assert report.examples == ("06SAOPAULO465",)
    assert report.changed_fields and set(report.changed_fields) <= set(Brazil.changes)


def test_the_reference_page_lists_every_builtin_with_its_examples():
    """docs/variant-reference.md has a section per built-in naming each example cable."""
    page = (ROOT / "docs" / "variant-reference.md").read_text(encoding="utf-8")
    for name in BUILTIN_VARIANTS:
        variant = cablelib.get_variant(name)
        assert f"## `{name}`" in page, name
        section = page.split(f"## `{name}`", 1)[1].split("\n## ", 1)[0]
        for example in variant.examples:
            assert example in section, (name, example)
        for alias in own_aliases(variant):
            assert f"`{alias}`" in page, (name, alias)
