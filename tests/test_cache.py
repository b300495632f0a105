"""The grammar cache: where it lives, when it goes stale, and that it is safe to share.

These tests check behaviour, not time: a second process must not build the
grammar again — it parses with the table parser's tables the first one
wrote (``grammar-<key>.tables``, :mod:`cablelib.lazy_parser`) and loads
Lark's cache file only when a text needs Lark itself; a change of lark,
cablelib, grammar or transformer must give a new file; and processes that
start together with an empty cache must all get a working parser and leave
exactly one complete file of each kind behind.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import lark
import pytest

import cablelib
from cablelib import grammar, regex_cache
from cablelib.transform import CableTransformer

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "06PHNOMPENH2131.txt"

# Parses the seed and reports whether the parser was built (and so saved) or
# loaded from the cache file.
PROBE = r"""
import json, sys
import lark
calls = {"built": 0, "loaded": 0}
original_init, original_load = lark.Lark.__init__, lark.Lark.load.__func__
def init(self, *args, **kwargs):
    calls["built"] += 1
    original_init(self, *args, **kwargs)
def load(cls, f):
    parser = original_load(cls, f)
    calls["loaded"] += 1
    return parser
lark.Lark.__init__, lark.Lark.load = init, classmethod(load)
import cablelib
from cablelib.regex_cache import CompiledRegexCache
compile_and_store = CompiledRegexCache._compile_and_store
regex = {"compiled": 0}
def counted(self, *args):
    regex["compiled"] += 1
    return compile_and_store(self, *args)
CompiledRegexCache._compile_and_store = counted
cable = cablelib.parse_file(sys.argv[1])
if len(sys.argv) > 2:  # a text only Lark's error path handles: the deferred parser loads
    cablelib.parse("VZCZCXRO5044\nDE RUEHPF #2131/01 3380808\nZNR UUUUU ZZH\nGarbage\n")
print(json.dumps({
    "loaded": calls["loaded"] == 1,
    "saved": calls["built"] == 1,
    "regexes_compiled": regex["compiled"],
    "cache": str(cablelib.grammar.cache_path(cablelib.grammar.grammar_text("envelope.lark"),
                                             cablelib.transform.CableTransformer)),
    "reference_id": cable.reference_id,
    "paragraphs": len(cable.paragraphs),
    "deferred": type(cablelib.registry.default_registry.get("generic").parser()).__name__ == "DeferredLark",
}))
"""


def _env(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["CABLELIB_CACHE_DIR"] = str(cache)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def _probe(cache: Path, *, lark_needed: bool = False) -> dict[str, object]:
    args = [str(SEED), "error"] if lark_needed else [str(SEED)]
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], env=_env(cache), cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _cache_files(cache: Path) -> list[Path]:
    """The grammar cache files; fails if any temporary file was left anywhere."""
    assert not [p for p in cache.rglob("*") if p.name.endswith(".tmp")]
    return sorted(p for p in cache.iterdir() if p.is_file())


def test_second_process_reads_the_cache_files_written_by_the_first(tmp_path: Path) -> None:
    first = _probe(tmp_path)
    assert first["saved"] and not first["loaded"] and not first["deferred"]
    written, tables = _cache_files(tmp_path)
    assert written == Path(first["cache"])
    assert written.name.startswith("grammar-") and written.suffix == ".lark-cache"
    assert tables.name == written.name.replace(".lark-cache", ".tables")
    before = [f.stat() for f in (written, tables)]

    # The second process parses with the tables alone: Lark is neither built nor loaded.
    second = _probe(tmp_path)
    assert second["deferred"] and not second["loaded"] and not second["saved"]
    # The lexer regexes the first process compiled come from the cache too.
    assert first["regexes_compiled"] > 0
    if regex_cache.supported():
        assert second["regexes_compiled"] == 0
    # A text that needs Lark's error path loads Lark's cache file (and builds nothing).
    third = _probe(tmp_path, lark_needed=True)
    assert third["deferred"] and third["loaded"] and not third["saved"]
    after = [f.stat() for f in (written, tables)]
    assert [(a.st_ino, a.st_mtime_ns, a.st_size) for a in after] == \
        [(b.st_ino, b.st_mtime_ns, b.st_size) for b in before]
    # Same cable every way: 06PHNOMPENH2131 has eight numbered paragraphs.
    assert first["reference_id"] == second["reference_id"] == third["reference_id"] == "06PHNOMPENH2131"
    assert first["paragraphs"] == second["paragraphs"] == third["paragraphs"] == 8


def test_processes_starting_together_share_one_complete_cache_file(tmp_path: Path) -> None:
    procs = [subprocess.Popen([sys.executable, "-c", PROBE, str(SEED)], env=_env(tmp_path), cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(6)]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        results.append(json.loads(out))
    assert {r["reference_id"] for r in results} == {"06PHNOMPENH2131"}
    # No temporary file left behind, one file of each kind, and both are
    # complete: a later process parses from the tables and loads Lark's file
    # when it needs it, instead of building.
    grammar_file, tables = _cache_files(tmp_path)
    assert grammar_file.suffix == ".lark-cache" and tables.suffix == ".tables"
    later = _probe(tmp_path, lark_needed=True)
    assert later["deferred"] and later["loaded"] and not later["saved"]


def test_a_corrupt_cache_file_is_rebuilt_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CABLELIB_CACHE_DIR", str(tmp_path))
    text = grammar.grammar_text("envelope.lark")
    path = grammar.cache_path(text, CableTransformer)
    assert path is not None
    path.write_bytes(b"not a lark cache\n")
    parser = grammar.build_parser.__wrapped__(text, CableTransformer)
    parsed = parser.parse(cablelib.sources.unwrap(SEED.read_text(encoding="utf-8")).text)
    assert parsed.captions[0].tags.tags == ("PHUM", "PREL", "KWMN", "CB")
    assert path.read_bytes() != b"not a lark cache\n"  # rebuilt and replaced
    assert _probe(tmp_path, lark_needed=True)["loaded"]


@pytest.mark.parametrize("damage", ["garbage", "another header", "another transformer"])
def test_tables_that_do_not_fit_are_not_used_and_are_replaced(tmp_path: Path, damage: str) -> None:
    import marshal

    first = _probe(tmp_path)
    _grammar_file, tables = _cache_files(tmp_path)
    header, data = marshal.loads(tables.read_bytes())
    if damage == "garbage":
        tables.write_bytes(b"\x00not tables")
    elif damage == "another header":  # written by another version of the table parser's code
        tables.write_bytes(marshal.dumps(("0" * 32, data)))
    else:  # names a method the transformer does not have
        data["rules"] = [(size, origin, how, "no_such_method" if name else name, include)
                         for size, origin, how, name, include in data["rules"]]
        tables.write_bytes(marshal.dumps((header, data)))
    second = _probe(tmp_path)
    assert not second["deferred"] and second["loaded"] and not second["saved"]  # Lark, as without tables
    assert second["reference_id"] == first["reference_id"] and second["paragraphs"] == first["paragraphs"]
    # The full load wrote them again, and the next process runs on them.
    rewritten_header, rewritten = marshal.loads(tables.read_bytes())
    assert rewritten_header == header
    assert all(rule[3] != "no_such_method" for rule in rewritten["rules"])
    assert _probe(tmp_path)["deferred"]


def test_key_changes_with_lark_cablelib_grammar_and_transformer(monkeypatch: pytest.MonkeyPatch) -> None:
    text = grammar.grammar_text("envelope.lark")
    dirs = (str(grammar.grammar_dir()),)
    base = grammar.cache_key(text, CableTransformer, dirs)
    assert grammar.cache_key(text, CableTransformer, dirs) == base  # stable

    class OtherTransformer(CableTransformer):
        pass

    assert grammar.cache_key(text + "\n// edited\n", CableTransformer, dirs) != base
    assert grammar.cache_key(text, OtherTransformer, dirs) != base
    monkeypatch.setattr(lark, "__version__", "0.0.0-test")
    assert grammar.cache_key(text, CableTransformer, dirs) != base
    monkeypatch.undo()
    monkeypatch.setattr(cablelib, "__version__", "99.0")
    assert grammar.cache_key(text, CableTransformer, dirs) != base


def test_key_changes_when_an_imported_grammar_file_changes(tmp_path: Path) -> None:
    (tmp_path / "extra.lark").write_text("X: /x/\n", encoding="utf-8")
    text = "%import extra (X)\nstart: X\n"
    before = grammar.cache_key(text, CableTransformer, (str(tmp_path),))
    (tmp_path / "extra.lark").write_text("X: /xx/\n", encoding="utf-8")
    assert grammar.cache_key(text, CableTransformer, (str(tmp_path),)) != before


def test_cache_dir_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CABLELIB_CACHE_DIR", str(tmp_path / "explicit"))
    assert grammar.cache_dir() == tmp_path / "explicit"
    assert (tmp_path / "explicit").is_dir()

    monkeypatch.setenv("CABLELIB_CACHE_DIR", "")
    assert grammar.cache_dir() is None  # empty value: no file cache
    assert grammar.cache_path("start: X\nX: /x/\n", CableTransformer) is None

    monkeypatch.delenv("CABLELIB_CACHE_DIR")
    if sys.platform.startswith("linux"):
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
        assert grammar.cache_dir() == tmp_path / "xdg" / "cablelib"


def test_unwritable_cache_dir_falls_back_to_the_temp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file, so no directory can be made under it", encoding="utf-8")
    monkeypatch.setenv("CABLELIB_CACHE_DIR", str(blocker / "cache"))
    found = grammar.cache_dir()
    assert found is not None and found.is_dir()
    assert not str(found).startswith(str(blocker))


def test_accelerator_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CABLELIB_ACCELERATOR", "none")
    assert grammar.accelerator() == "lark"
    monkeypatch.setenv("CABLELIB_ACCELERATOR", "warp-drive")
    with pytest.raises(grammar.GrammarLoadError, match="CABLELIB_ACCELERATOR"):
        grammar.accelerator()
    monkeypatch.setenv("CABLELIB_ACCELERATOR", "auto")
    try:
        import lark_cython  # noqa: F401
    except ImportError:
        assert grammar.accelerator() == "lark"
        monkeypatch.setenv("CABLELIB_ACCELERATOR", "lark-cython")
        with pytest.raises(grammar.GrammarLoadError, match="not installed"):
            grammar.accelerator()
    else:
        assert grammar.accelerator() == "lark-cython"


# ------------------------------------------------------------------ compiled regexes


BIG = r"(?P<A>(?:[A-Z][A-Z'\-]+|X{4,})(?:[ \t]*(?:/|,|AND)?[ \t]*[A-Z][A-Z'\-]+){0,3}\Z)|(?P<B>\d{1,2}\.[^\n]*)"


@pytest.mark.skipif(not regex_cache.supported(), reason="needs CPython 3.11+ regex internals")
def test_regex_cache_gives_the_same_pattern_from_disk(tmp_path: Path) -> None:
    first = regex_cache.CompiledRegexCache(tmp_path)
    compiled = first.compile(BIG, 0)
    assert (first.hits, first.misses) == (0, 1)
    (stored,) = list(tmp_path.glob("re-*/*.re"))
    second = regex_cache.CompiledRegexCache(tmp_path)
    again = second.compile(BIG, 0)
    assert (second.hits, second.misses) == (1, 0)
    import re

    assert again == compiled == re.compile(BIG)  # CPython compares flags, pattern and opcodes
    for text in ("MUSSOMELI", "SMITH / JONES", "7. (SBU) Although", "not a match", "X" * 6):
        a, b = again.match(text), re.match(BIG, text)
        assert (a and (a.lastgroup, a.group(0))) == (b and (b.lastgroup, b.group(0)))
    # A damaged file is recompiled and replaced, never trusted.
    stored.write_bytes(b"\x00garbage")
    third = regex_cache.CompiledRegexCache(tmp_path)
    assert third.compile(BIG, 0) == re.compile(BIG)
    assert (third.hits, third.misses) == (0, 1)
    assert stored.read_bytes() != b"\x00garbage"


def test_regex_cache_without_a_directory_is_plain_re(tmp_path: Path) -> None:
    import re

    cache = regex_cache.CompiledRegexCache(None)
    assert cache.compile(BIG) == re.compile(BIG)
    assert cache.error is re.error and cache.match is re.match  # the rest of re, for Lark
    assert list(tmp_path.iterdir()) == []


def test_no_home_directory_falls_back_to_the_temp_dir_and_import_still_works(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A container user without a home directory (``~`` does not expand, so ``Path.home()``
    would raise): the cache goes to the temporary directory, and a fresh ``import cablelib``
    (which reads the module-pattern bundle) works."""
    from cablelib import cache_files

    monkeypatch.delenv("CABLELIB_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    monkeypatch.setattr(cache_files.os.path, "expanduser", lambda path: path)  # what it does without a home
    monkeypatch.setattr(cache_files.tempfile, "gettempdir", lambda: str(tmp_path))
    found = grammar.cache_dir()
    assert found is not None and found.parent == tmp_path

    def no_temp() -> str:
        raise FileNotFoundError("No usable temporary directory found")

    monkeypatch.setattr(cache_files.tempfile, "gettempdir", no_temp)
    assert grammar.cache_dir() is None

    env = {k: v for k, v in os.environ.items() if k not in ("HOME", "CABLELIB_CACHE_DIR", "XDG_CACHE_HOME")}
    code = ("import os.path, sys\n"
            "os.path.expanduser = lambda path: path\n"
            "import cablelib\n"
            "print(cablelib.parse_file(sys.argv[1]).reference_id)")
    done = subprocess.run([sys.executable, "-c", code, str(SEED)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "06PHNOMPENH2131"
