"""A parser whose Lark body is loaded on first use (``cablelib.lazy_parser``).

The second process to need the ``generic`` grammar reads the table parser's
own tables (``grammar-<key>.tables``) instead of loading Lark's parser.  The
table parser built from them must be the one built from Lark, to the last
span, on every real cable and on damaged text; the ``DeferredLark`` it comes
in must be a ``lark.Lark`` in every other respect, loaded once however many
threads ask; and only parsers whose callbacks can be found again by name
(cablelib's own, shortened) get tables.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import attrs
import lark
import pytest

from cablelib import grammar, lazy_parser, registry, table_parser
from cablelib.normalize import normalize
from cablelib.sources import read_path, unwrap
from cablelib.transform import CableTransformer
from cables import CABLES
from damaged import damaged_seed_texts

TESTS = Path(__file__).resolve().parent
SEED = (TESTS.parent / "examples" / "06PHNOMPENH2131.txt").read_text(encoding="utf-8")
REAL_FILES = sorted(p for p in CABLES.rglob("*") if p.is_file() and not p.name.startswith("."))


def _parsers(cache: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[lark.Lark, lark.Lark]:
    """The generic parser built with an empty cache (which writes the tables), then again from it."""
    monkeypatch.setenv("CABLELIB_CACHE_DIR", str(cache))
    text = grammar.grammar_text(registry.BASE_GRAMMAR)
    transformer = registry.default_registry.get("generic").transformer
    first = grammar.build_parser.__wrapped__(text, transformer)
    second = grammar.build_parser.__wrapped__(text, transformer)
    assert type(first) is lark.Lark
    assert isinstance(second, lazy_parser.DeferredLark) and not second.loaded
    return first, second


def _plain(value: Any) -> Any:
    """``value`` as plain data, spans included (attrs equality leaves them out)."""
    if attrs.has(type(value)):
        return {a.name: _plain(getattr(value, a.name)) for a in attrs.fields(type(value))}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _run(parser: lark.Lark, text: str) -> Any:
    try:
        return _plain(table_parser.for_parser(parser).parse(text))
    except table_parser.NotHandled as handed_back:
        return ("not handled", handed_back.args)


def test_the_tables_give_the_table_parser_built_from_lark(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = _parsers(tmp_path, monkeypatch)
    texts = [normalize(item.text) for path in REAL_FILES for item in read_path(path)]
    texts += [normalize(unwrap(text).text) for text in damaged_seed_texts().values()]
    assert len(texts) > 50
    handed_back = 0
    for text in texts:
        expected = _run(first, text)
        assert _run(second, text) == expected
        handed_back += isinstance(expected, tuple)
    assert handed_back > 0  # the damaged texts reach the path that needs Lark
    assert not second.loaded  # and none of that loaded it


def test_a_deferred_parser_is_a_lark_parser_once_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = _parsers(tmp_path, monkeypatch)
    assert isinstance(second, lark.Lark)
    assert [t.name for t in second.terminals] == [t.name for t in first.terminals]  # loads it
    assert second.loaded
    assert table_parser.for_parser(second) is second.__dict__["_cablelib_table_parser"]  # still the one from the tables
    damaged = normalize(unwrap(damaged_seed_texts()["garbage in the envelope"]).text)
    with pytest.raises(lark.exceptions.UnexpectedInput) as a:
        first.parse(damaged)
    with pytest.raises(lark.exceptions.UnexpectedInput) as b:
        second.parse(damaged)
    assert (type(a.value), a.value.line, a.value.column) == (type(b.value), b.value.line, b.value.column)
    seed = normalize(unwrap(SEED).text)
    assert _plain(second.parse(seed)) == _plain(first.parse(seed))
    with pytest.raises(AttributeError):
        second.no_such_attribute  # noqa: B018


def test_threads_asking_together_load_it_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _first, second = _parsers(tmp_path, monkeypatch)
    loads = []
    real_load = second.__dict__["_cablelib_load"]

    def counted_load() -> lark.Lark:
        loads.append(1)
        return real_load()

    second.__dict__["_cablelib_load"] = counted_load
    start = threading.Barrier(8)
    seen: list[Any] = []

    def ask() -> None:
        start.wait()
        seen.append(second.parser)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(loads) == 1
    assert len(seen) == 8 and all(found is seen[0] for found in seen)


def test_a_failed_load_is_tried_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _first, second = _parsers(tmp_path, monkeypatch)
    real_load = second.__dict__["_cablelib_load"]
    calls = []

    def flaky() -> lark.Lark:
        calls.append(1)
        if len(calls) == 1:
            raise OSError("disk gone for a moment")
        return real_load()

    second.__dict__["_cablelib_load"] = flaky
    with pytest.raises(OSError):
        second.terminals  # noqa: B018
    assert not second.loaded
    assert second.terminals and second.loaded and len(calls) == 2


class ThirdPartyTransformer(CableTransformer):
    """A transformer from outside cablelib (this test module): its callbacks keep Lark's shape."""


def test_only_parsers_with_cablelibs_own_callbacks_get_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CABLELIB_CACHE_DIR", str(tmp_path))
    text = grammar.grammar_text(registry.BASE_GRAMMAR)
    hanoi = registry.default_registry.get("hanoi").transformer  # cablelib's own, per-method v_args
    for transformer, gets_tables in ((CableTransformer, True), (hanoi, True), (ThirdPartyTransformer, False)):
        built = grammar.build_parser.__wrapped__(text, transformer)
        found = table_parser.for_parser(built)
        assert found is not None  # the loop runs all three
        assert (found.snapshot() is not None) is gets_tables, transformer.__name__
        again = grammar.build_parser.__wrapped__(text, transformer)
        assert isinstance(again, lazy_parser.DeferredLark) is gets_tables, transformer.__name__
    assert len(list(tmp_path.glob("*.tables"))) == 2
    assert len(list(tmp_path.glob("*.lark-cache"))) == 3


def test_a_grammar_cache_file_gone_since_the_tables_were_read_is_built_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = _parsers(tmp_path, monkeypatch)
    (cache_file,) = tmp_path.glob("*.lark-cache")
    cache_file.unlink()  # a cache cleaner ran between the start and Lark's first use
    assert [t.name for t in second.terminals] == [t.name for t in first.terminals]
    assert cache_file.is_file()  # built and saved again
    seed = normalize(unwrap(SEED).text)
    assert _plain(second.parse(seed)) == _plain(first.parse(seed))
