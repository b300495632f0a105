"""The variant registry: lookup, conflicts, plugins, automatic selection, and the
grammar namespacing that lets a variant grammar import the base grammar."""

from __future__ import annotations

import functools
import subprocess
import sys
import textwrap
import threading
import time
import warnings
from importlib.metadata import EntryPoint
from pathlib import Path

import lark
import pytest

import cablelib
from cablelib import registry as registry_module
from cablelib.errors import UnknownVariantError, VariantConflictError
from cablelib.grammar import GrammarLoadError
from cablelib.model import Wrapper
from cablelib.registry import (
    BUILTIN_VARIANTS,
    ENTRY_POINT_GROUP,
    Registry,
    Variant,
    VariantInfo,
    default_registry,
)
from cablelib.transform import CableTransformer
from cablelib.variants.generic import Generic
from cablelib.variants.namespaces import plain_name, unprefixed
from cablelib.variants.signals import signals

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "06PHNOMPENH2131.txt"
GENERIC_ONLY = {"generic": BUILTIN_VARIANTS["generic"]}


# Fake variants for the tests below (also loaded through EntryPoint objects by module name).

class Tokyo(Generic):
    name = "tokyo"
    aliases = ("japan",)
    description = "Embassy Tokyo (a test variant)."
    examples = ("07TOKYO5492",)

    @classmethod
    def score(cls, text: str) -> float:
        return 0.7 if signals(text).from_post("TOKYO") else 0.0


class AlsoTokyo(Tokyo):
    description = "Another variant called tokyo."


class ClaimsState(Generic):
    name = "usurper"
    aliases = ("state",)
    description = "Claims the alias of a built-in."
    examples = ("x",)


class Broken(Generic):
    name = "broken"
    description = "Its score raises."
    examples = ("x",)

    @classmethod
    def score(cls, text: str) -> float:
        raise RuntimeError("boom")


class FromOrigin(Generic):
    name = "from-origin"
    description = "Scores on the publisher's origin label only."
    examples = ("x",)

    @classmethod
    def score(cls, text: str) -> float:
        return 0.9 if signals(text).origin == "Embassy Tokyo" else 0.0


def _ep(name: str, attr: str) -> EntryPoint:
    return EntryPoint(name=name, value=f"{__name__}:{attr}", group=ENTRY_POINT_GROUP)


# ------------------------------------------------------------------ the built-in table


def test_every_builtin_is_importable_under_its_name():
    """The static table maps each name to the class that carries that name."""
    for name, target in BUILTIN_VARIANTS.items():
        module, _, attr = target.partition(":")
        cls = getattr(__import__(module, fromlist=[attr]), attr)
        assert issubclass(cls, Variant) and cls.name == name


def test_importing_cablelib_imports_no_variant_and_builds_no_parser():
    """Built-ins are imported on first use: ``import cablelib`` stays light."""
    code = textwrap.dedent("""
        import sys, cablelib, cablelib.grammar as g
        loaded = sorted(m for m in sys.modules if m.startswith("cablelib.variants.")
                        and m not in ("cablelib.variants.namespaces", "cablelib.variants.signals"))
        print(loaded, g.build_parser.cache_info().currsize)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         check=True, timeout=120).stdout.strip()
    assert out == "[] 0"


def test_the_old_import_of_generic_still_works():
    from cablelib.registry import Generic as FromRegistry

    assert FromRegistry is Generic is cablelib.get_variant("generic")


# ------------------------------------------------------------------ lookup


def test_lookup_by_name_alias_and_any_case():
    assert cablelib.get_variant("state").name == "state"
    assert cablelib.get_variant("secstate").name == "state"
    assert cablelib.get_variant("Old-Header").name == "old-header"
    assert cablelib.get_variant("acp126").name == "old-header"


def test_a_typo_suggests_the_closest_name():
    with pytest.raises(UnknownVariantError, match="Did you mean 'tripoli'") as info:
        cablelib.get_variant("tripolli")
    assert isinstance(info.value, LookupError)
    assert "registered: " in str(info.value) and "hanoi" in str(info.value)
    with pytest.raises(UnknownVariantError):
        cablelib.parse("UNCLAS", variant="no-such-variant-at-all")


def test_variants_lists_every_builtin_in_table_order():
    assert list(cablelib.variants())[: len(BUILTIN_VARIANTS)] == list(BUILTIN_VARIANTS)


def test_describe_says_where_each_variant_comes_from():
    registry = Registry(builtins=GENERIC_ONLY, entry_points=[_ep("tokyo", "Tokyo")])
    registry.register(FromOrigin)
    info = {i.name: i for i in registry.describe()}
    assert info["generic"].source == "built-in"
    assert info["tokyo"].source == "entry point tokyo"
    assert info["tokyo"].aliases == ("japan",) and info["tokyo"].variant is Tokyo
    assert info["from-origin"].aliases == ()  # not inherited from Generic
    assert info["from-origin"].source == "registered at run time"
    assert all(isinstance(i, VariantInfo) for i in info.values())
    assert {i.name for i in cablelib.registry.describe_variants()} >= set(BUILTIN_VARIANTS)


# ------------------------------------------------------------------ registration and conflicts


def test_register_at_run_time_and_as_a_decorator():
    registry = Registry(builtins=GENERIC_ONLY, entry_points=())
    assert registry.register(Tokyo) is Tokyo
    assert registry.get("japan") is Tokyo

    @registry.register
    class Osaka(Generic):
        name = "osaka"
        description = "x"
        examples = ("x",)

    assert registry.get("osaka") is Osaka


def test_two_variants_claiming_one_name_is_an_error():
    registry = Registry(builtins=GENERIC_ONLY, entry_points=())
    registry.register(Tokyo)
    with pytest.raises(VariantConflictError, match="two variants are called 'tokyo'"):
        registry.register(AlsoTokyo)
    registry.register(AlsoTokyo, replace=True)
    assert registry.get("tokyo") is AlsoTokyo
    with pytest.raises(UnknownVariantError):  # aliases are not inherited: the old one is gone
        registry.get("japan")


def test_an_alias_taken_by_a_builtin_is_an_error():
    with pytest.raises(VariantConflictError, match="claims the name 'state', already taken by 'state'"):
        Registry(entry_points=()).register(ClaimsState)


def test_an_entry_point_claiming_a_builtin_name_is_an_error_at_first_use():
    registry = Registry(entry_points=[_ep("usurper", "ClaimsState")])
    with pytest.raises(VariantConflictError, match="entry point usurper"):
        registry.get("generic")


def test_an_entry_point_that_is_not_a_variant_is_an_error():
    registry = Registry(builtins=GENERIC_ONLY, entry_points=[_ep("junk", "SEED")])
    with pytest.raises(VariantConflictError, match="not a named Variant subclass"):
        registry.all()


def test_a_plugin_that_cannot_be_imported_is_skipped_with_a_warning():
    ep = EntryPoint(name="gone", value="no_such_module_anywhere:Gone", group=ENTRY_POINT_GROUP)
    registry = Registry(builtins=GENERIC_ONLY, entry_points=[ep])
    with pytest.warns(RuntimeWarning, match="cannot load variant plugin 'gone'"):
        assert list(registry.all()) == ["generic"]


def test_the_default_registry_reads_the_installed_entry_point_group(monkeypatch):
    """With no explicit list, the registry asks importlib.metadata for the group."""
    asked = []

    def fake_entry_points(*, group):
        asked.append(group)
        return [_ep("tokyo", "Tokyo")]

    monkeypatch.setattr(cablelib.registry, "entry_points", fake_entry_points)
    assert Registry(builtins=GENERIC_ONLY).get("tokyo") is Tokyo
    assert asked == [ENTRY_POINT_GROUP]
    assert "tokyo" not in Registry(builtins=GENERIC_ONLY, use_entry_points=False).all()


# ------------------------------------------------------------------ automatic selection


def test_the_highest_score_wins_and_generic_is_the_fallback():
    registry = Registry(builtins=GENERIC_ONLY, entry_points=[_ep("tokyo", "Tokyo")])
    tokyo = "R 070702Z DEC 07\nFM AMEMBASSY TOKYO\nTO RUEHC/SECSTATE WASHDC 1234\n"
    assert registry.guess(tokyo) is Tokyo
    assert registry.guess(SEED.read_text(encoding="utf-8")) is Generic
    assert registry.guess("") is Generic


def test_ties_go_to_the_variant_registered_first():
    class TokyoToo(Tokyo):
        name = "tokyo-too"
        aliases = ()

    registry = Registry(builtins=GENERIC_ONLY, entry_points=())
    registry.register(Tokyo)
    registry.register(TokyoToo)
    assert registry.guess("FM AMEMBASSY TOKYO\n") is Tokyo


def test_a_score_that_raises_is_skipped_with_a_warning():
    registry = Registry(builtins=GENERIC_ONLY, entry_points=[_ep("broken", "Broken")])
    with pytest.warns(RuntimeWarning, match="'broken' failed to score"):
        assert registry.guess("FM AMEMBASSY TOKYO\n") is Generic


def test_scores_can_use_the_wrappers_origin():
    registry = Registry(builtins=GENERIC_ONLY, entry_points=[_ep("from-origin", "FromOrigin")])
    wrapper = Wrapper(container="cablegate-html", origin="Embassy Tokyo")
    assert registry.guess("UNCLAS TOKYO 001234\n", wrapper=wrapper) is FromOrigin
    assert registry.guess("UNCLAS TOKYO 001234\n") is Generic


def test_the_chosen_variant_is_recorded_and_can_be_forced():
    seed = SEED.read_text(encoding="utf-8")
    assert cablelib.parse(seed).variant == "generic"
    assert cablelib.parse(seed, variant="tripoli").variant == "tripoli"
    assert cablelib.parse(seed, variant=cablelib.get_variant("hanoi")).variant == "hanoi"


def test_selection_costs_microseconds_not_a_parse():
    """Scoring looks at the head of the text only: a cable a hundred times longer
    (a repeated body) scores the same."""
    seed = SEED.read_text(encoding="utf-8")
    assert default_registry.guess(seed + "x" * 1_000_000) is default_registry.guess(seed)


# ------------------------------------------------------------------ parsers


def test_parsers_are_built_once_per_variant():
    for variant in cablelib.variants().values():
        assert variant.parser() is variant.parser()
    assert cablelib.get_variant("brazil").parser() is not cablelib.get_variant("generic").parser()


def test_a_grammar_in_a_package_is_found_by_resource_name(tmp_path, monkeypatch):
    """``grammar = 'package:file.lark'`` reads the file from the installed package,
    whose directory also goes on the import path."""
    package = tmp_path / "cablelib_test_pkg_grammar"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "mine.lark").write_text(
        "%import envelope (start)\n%ignore /[ \\t\\r\\n\\f\\v\\u00a0\\u2028\\u2029\\u0085]+/\n",
        encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))

    class InPackage(Generic):
        name = "in-package"
        grammar = "cablelib_test_pkg_grammar:mine.lark"

    try:
        cable = cablelib.parse(SEED.read_text(encoding="utf-8"), variant=InPackage)
        assert cable.subject == "CAMBODIA: TIP INTERIM ASSESSMENT REPORT"
    finally:
        sys.modules.pop("cablelib_test_pkg_grammar", None)


# ------------------------------------------------------------------ namespacing (real Lark)


@pytest.mark.parametrize("name,plain", [
    ("caption", "caption"), ("envelope__caption", "caption"), ("state__envelope__PARA", "PARA"),
    ("_envelope__rest", "rest"), ("__start_star_0", "__start_star_0"), ("__ANON_3", "__ANON_3"),
])
def test_plain_names(name, plain):
    assert plain_name(name) == plain


def _variant_with(grammar_text: str, tmp_path: Path, transformer: type = CableTransformer) -> type[Variant]:
    path = tmp_path / "variant.lark"
    path.write_text(grammar_text, encoding="utf-8")

    class Scratch(Generic):
        name = "scratch"
        grammar = str(path)

    Scratch.transformer = transformer  # type: ignore[misc]
    return Scratch


IGNORE = "%ignore /[ \\t\\r\\n\\f\\v\\u00a0\\u2028\\u2029\\u0085]+/\n"


def test_unlisted_base_rules_are_namespaced_and_still_reach_their_callbacks(tmp_path):
    """``%import envelope (start)`` renames every other rule (envelope__caption) and
    terminal (envelope__PARA); the parse still builds the same model as generic."""
    scratch = _variant_with("%import envelope (start)\n" + IGNORE, tmp_path)
    parser = scratch.parser()
    names = {str(r.origin.name) for r in parser.rules}
    assert "envelope__caption" in names and "caption" not in names
    assert "envelope__PARA" in {t.name for t in parser.terminals}
    seed = SEED.read_text(encoding="utf-8")
    mine, base = cablelib.parse(seed, variant=scratch), cablelib.parse(seed)
    assert mine.paragraphs == base.paragraphs and mine.paragraphs[0].number == 1
    assert mine.references == base.references and mine.signers == ("MUSSOMELI",)
    assert [a.kind for a in mine.artefacts] == [a.kind for a in base.artefacts]


def test_override_of_an_imported_rule_reaches_inside_the_base_grammar(tmp_path):
    """``%override`` replaces the rule for every reference to it, also from the base's
    own (namespaced) rules — here ``_caption_items`` loses ``tags``."""
    grammar = ("%import envelope (start, _caption_items, caveats, attention, executive_order, subject,"
               " ref_list, classified_by, caption_page, corrected, caption_note, declassification)\n"
               "%override _caption_items: (caveats | attention | executive_order | subject | ref_list"
               " | classified_by | caption_page | corrected | caption_note | declassification)+\n" + IGNORE)
    scratch = _variant_with(grammar, tmp_path)
    seed = SEED.read_text(encoding="utf-8")
    cable = cablelib.parse(seed, variant=scratch)
    assert cablelib.parse(seed).tags == ("PHUM", "PREL", "KWMN", "CB")
    assert cable.tags == ()
    assert cable.subject == "CAMBODIA: TIP INTERIM ASSESSMENT REPORT"


def test_override_of_a_terminal_changes_every_rule_that_uses_it(tmp_path):
    """``%override SIGNATURE`` also changes the base rule ``signature`` that refers to it."""
    grammar = "%import envelope (start, SIGNATURE)\n%override SIGNATURE: /NEVER-A-SIGNATURE/\n" + IGNORE
    seed = SEED.read_text(encoding="utf-8")
    cable = cablelib.parse(seed, variant=_variant_with(grammar, tmp_path))
    assert [a.text for a in cablelib.parse(seed).artefacts if a.kind == "signature"] == ["MUSSOMELI"]
    assert [a for a in cable.artefacts if a.kind == "signature"] == []


def test_a_name_must_be_imported_to_be_overridden(tmp_path):
    grammar = "%import envelope (start)\n%override tags: TAGS_LINE\n" + IGNORE
    with pytest.raises((GrammarLoadError, lark.exceptions.GrammarError)):
        _variant_with(grammar, tmp_path).parser()


def test_ignore_is_not_imported(tmp_path):
    """Without repeating the base's %ignore, whitespace is an error (check_variant says so)."""
    scratch = _variant_with("%import envelope (start)\n", tmp_path)
    seed = SEED.read_text(encoding="utf-8")
    with pytest.raises(cablelib.CableSyntaxError, match="^<text>:1:1: unexpected text"):
        cablelib.parse(seed, variant=scratch, strict=True)
    cablelib.parse(seed, variant=scratch, strict=False)  # lenient still gives a Cable


def test_the_adapter_keeps_missing_callbacks_missing():
    """A rule without a callback must stay visible (Lark's fallback), not be papered over."""
    adapted = unprefixed(CableTransformer)()
    assert callable(adapted.envelope__caption)
    with pytest.raises(AttributeError):
        adapted.envelope__no_such_rule  # noqa: B018
    with pytest.raises(AttributeError):
        adapted.envelope__PARA  # terminals have no callbacks  # noqa: B018
    assert unprefixed(CableTransformer) is unprefixed(CableTransformer)
    assert unprefixed(CableTransformer).__qualname__ == "CableTransformer[unprefixed]"


def test_a_lark_warning_free_build_of_every_builtin():
    """Every built-in variant grammar compiles (shift/reduce choices resolved as documented)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for variant in cablelib.variants().values():
            assert isinstance(variant.parser(), lark.Lark)


# ---------------------------------------------------------------- threads


def test_threads_asking_a_cold_registry_wait_for_every_variant(tmp_path, monkeypatch):
    """A thread that asks while another is still importing the variants used to
    find a half-filled registry (parses from a cold start got 'generic')."""
    (tmp_path / "slow_variant_for_test.py").write_text(textwrap.dedent("""
        import time
        from cablelib.registry import Variant
        time.sleep(0.3)  # a plugin with a slow import

        class Slow(Variant):
            name = "slow"
        """), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    registry = Registry(builtins={"generic": BUILTIN_VARIANTS["generic"],
                                  "slow": "slow_variant_for_test:Slow"}, use_entry_points=False)
    seen: list[list[str]] = []
    first = threading.Thread(target=lambda: seen.append(sorted(registry.all())))
    first.start()
    time.sleep(0.1)  # the first thread is inside the slow import now
    seen.append(sorted(registry.all()))
    first.join()
    assert seen == [["generic", "slow"], ["generic", "slow"]]


def test_threads_asking_for_a_parser_together_get_one_built_once(monkeypatch):
    builds: list[str] = []
    made = object()

    def slow_build(grammar, transformer):
        builds.append(grammar)
        time.sleep(0.2)
        return made
    monkeypatch.setattr(registry_module, "_parser_for", functools.cache(slow_build))
    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(Generic.parser())) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert got == [made] * 4
    assert builds == [Generic.grammar]


def test_threads_parsing_from_a_cold_start_agree_with_a_serial_parse():
    """The user-level promise behind the two tests above, in a fresh
    interpreter (nothing loaded yet): eight threads parse every repository
    cable four times over, then the same process parses them one by one.
    It exercises the whole cold path (registry, parser cache, lexer scanners
    built on first use) under threads; a race shows only sometimes here (one
    run in five with the registry's old flag-first loading), so the two
    deterministic tests above are the guard for the known races."""
    code = textwrap.dedent("""
        import sys
        from concurrent.futures import ThreadPoolExecutor
        from pathlib import Path
        import cablelib
        texts = [p.read_text(encoding="utf-8", errors="replace")
                 for p in sorted(Path(sys.argv[1]).rglob("*")) if p.is_file()] * 4
        with ThreadPoolExecutor(8) as pool:
            together = list(pool.map(cablelib.parse, texts))
        alone = [cablelib.parse(t) for t in texts]
        print(len(texts), sum(a != b for a, b in zip(together, alone)))
        """)
    out = subprocess.run([sys.executable, "-c", code, str(Path(__file__).parent / "cables")],
                         capture_output=True, text=True, check=True)
    count, mismatches = map(int, out.stdout.split())
    assert count >= 200 and mismatches == 0


def test_a_conflicting_plugin_raises_at_first_use_only_and_the_rest_stays_usable():
    registry = Registry(entry_points=[_ep("usurper", "ClaimsState")])
    with pytest.raises(VariantConflictError):
        registry.get("generic")
    assert registry.get("state").name == "state"  # the built-ins were all loaded before the plugin
