"""A third-party variant package, built and installed for real.

``tests/variants/plugin/cablelib-reykjavik`` is a complete plugin package (it
is also the worked example of docs/variants.md): a pyproject entry point in
the ``cablelib.variants`` group, its own grammar file that ``%import``s the
base grammar and ``%override``s the base rule ``tags``, and a transformer
subclass.  The module fixture builds it with pip (hatchling, offline) into a
temporary target directory — the shared environment is never touched — and
the tests run a fresh interpreter with that directory on its path, where the
registry must discover the plugin through ``importlib.metadata`` exactly as
after a ``pip install``.  A last test loads the same class through an
``EntryPoint`` object on a fresh in-process ``Registry``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

import cablelib
from cablelib.registry import Registry
from cablelib.sources import unwrap
from cables import VARIANT_EXAMPLES, cable_paths

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PLUGIN = HERE / "plugin" / "cablelib-reykjavik"
EXAMPLE_COPIES = [str(p) for p in cable_paths(VARIANT_EXAMPLES)]  # the built-in variants' examples
REYKJAVIK = PLUGIN / "tests" / "cables" / "08REYKJAVIK195.txt"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plugin installed with pip into a directory of its own."""
    pytest.importorskip("hatchling")
    work = tmp_path_factory.mktemp("plugin")
    source = work / "cablelib-reykjavik"
    shutil.copytree(PLUGIN, source)  # pip builds in the source tree; keep the repo clean
    target = work / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "--disable-pip-version-check", "--target", str(target), str(source)],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, f"pip install failed:\n{proc.stdout}\n{proc.stderr}"
    assert (target / "cablelib_reykjavik" / "reykjavik.lark").is_file()
    assert list(target.glob("cablelib_reykjavik-1.0.0.dist-info/entry_points.txt"))
    return target


def _run(site: Path, script: str) -> dict:
    """Run ``script`` in a fresh interpreter that sees the installed plugin; return its JSON."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(site), str(ROOT), env.get("PYTHONPATH", "")])
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], capture_output=True,
                          text=True, timeout=300, env=env, cwd=str(site))
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_the_installed_plugin_is_discovered(site: Path) -> None:
    """After installation the entry point is found and listed with its distribution."""
    out = _run(site, """
        import json, cablelib
        from cablelib.registry import describe_variants
        info = {i.name: i for i in describe_variants()}
        print(json.dumps({
            "names": sorted(cablelib.variants()),
            "source": info["reykjavik"].source,
            "alias": cablelib.get_variant("iceland").name,
            "module": cablelib.get_variant("reykjavik").__module__,
        }))
    """)
    assert "reykjavik" in out["names"] and "generic" in out["names"]
    assert out["source"] == "entry point reykjavik (cablelib-reykjavik 1.0.0)"
    assert out["alias"] == "reykjavik"
    assert out["module"] == "cablelib_reykjavik"


def test_it_is_chosen_for_its_post_and_only_there(site: Path) -> None:
    """Automatic selection picks the plugin for Reykjavik and never for another cable."""
    out = _run(site, f"""
        import json, cablelib
        from pathlib import Path
        picks = {{p.name: [c.variant for c in cablelib.iter_corpus(p)]
                  for p in map(Path, {EXAMPLE_COPIES!r})}}
        picks["seed"] = [cablelib.parse_file({str(ROOT / "examples" / "06PHNOMPENH2131.txt")!r}).variant]
        picks["reykjavik"] = [cablelib.parse_file({str(REYKJAVIK)!r}).variant]
        print(json.dumps(picks))
    """)
    assert out.pop("reykjavik") == ["reykjavik"]
    assert out.pop("seed") == ["generic"]
    others = {name: picks for name, picks in out.items() if "reykjavik" in picks}
    assert others == {}
    assert len(out) == len(EXAMPLE_COPIES)


def test_it_changes_exactly_the_parse_it_should(site: Path) -> None:
    """On the real cable nothing changes; without the TAGS keyword only tags (and the
    attention line generic made of them) change."""
    out = _run(site, f"""
        import json, cablelib
        from pathlib import Path
        from cablelib.testing import compare_with_generic
        text = Path({str(REYKJAVIK)!r}).read_text(encoding="utf-8")
        assert text.count("TAGS: ") == 1
        bare = text.replace("TAGS: ", "", 1)
        result = {{}}
        for label, t in (("real", text), ("bare", bare)):
            mine, base = cablelib.parse(t), cablelib.parse(t, variant="generic")
            result[label] = {{
                "variant": mine.variant,
                "tags": list(mine.tags), "generic_tags": list(base.tags),
                "attention": list(mine.attention), "generic_attention": list(base.attention),
                "same_except_tags": compare_with_generic(mine, base, ("tags", "attention", "captions")),
                "identical": compare_with_generic(mine, base, ()),
            }}
        print(json.dumps(result))
    """)
    tags = ["MOPS", "KPKO", "MARR", "PGOV", "PREL", "AF", "IC"]  # line 11 of the cable
    real, bare = out["real"], out["bare"]
    assert real["variant"] == bare["variant"] == "reykjavik"
    assert real["tags"] == real["generic_tags"] == tags
    assert real["identical"] == []
    assert bare["generic_tags"] == []
    assert bare["tags"] == tags
    assert "MOPS KPKO MARR PGOV PREL AF IC" in bare["generic_attention"]
    assert bare["attention"] == [a for a in bare["generic_attention"] if a != "MOPS KPKO MARR PGOV PREL AF IC"]
    assert bare["same_except_tags"] == []


def test_the_plugin_passes_its_own_tests_with_cablelib_testing(site: Path, tmp_path: Path) -> None:
    """The plugin's test suite (check_variant from cablelib.testing) passes against the install."""
    tests = tmp_path / "tests"
    shutil.copytree(PLUGIN / "tests", tests)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(site), str(ROOT), env.get("PYTHONPATH", "")])
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(tmp_path),
         str(tests / "test_reykjavik.py")],
        capture_output=True, text=True, timeout=300, env=env, cwd=str(tmp_path),
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "3 passed" in proc.stdout


def test_an_entry_point_object_registers_the_plugin_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without installing anything: an EntryPoint on a fresh Registry, as importlib.metadata yields it."""
    monkeypatch.syspath_prepend(str(PLUGIN / "src"))
    ep = EntryPoint(name="reykjavik", value="cablelib_reykjavik:Reykjavik", group="cablelib.variants")
    registry = Registry(entry_points=[ep])
    try:
        variant = registry.get("reykjavik")
        text = REYKJAVIK.read_text(encoding="utf-8")
        assert registry.guess(unwrap(text).text) is variant  # parse() scores the unwrapped text
        seed = (ROOT / "examples" / "06PHNOMPENH2131.txt").read_text(encoding="utf-8")
        assert registry.guess(unwrap(seed).text).name == "generic"
        bare = text.replace("TAGS: ", "", 1)
        assert cablelib.parse(bare, variant=variant).tags[:2] == ("MOPS", "KPKO")
        assert cablelib.parse(bare).tags == ()  # the default registry does not know the plugin
    finally:
        sys.modules.pop("cablelib_reykjavik", None)
