"""The optional compiled build (cablelib.compiled) gives exactly what pure Python gives.

mypyc compiles the per-cable modules of a *copy* of the package (this
checkout is never written to), and a child process that imports that copy
parses, lenient and strict:

* every file of the repository's real cables (tests/cables), through
  ``iter_corpus``, and every cable text taken out of them;
* the damaged seed cables (tests/damaged.py) and 300 mutations of real cable
  texts (characters dropped, doubled, swapped, replaced; a fixed seed), which
  reach the error and recovery paths where the compiled modules' type checks
  could differ;

and the results — each cable's JSON line, or the error's class and message — must be
the ones this process (pure Python) gets.  The child runs twice on one cache
directory, so that the second reads the parse tables the first wrote (a
fresh process's road).  Also: the files ``build`` writes, ``status``, the
warning for a compiled module older than its source, and ``clean``; and the
compiled wheel (``hatch_build.py``): built, installed with pip, and held to
the same results.

The build needs mypyc (``pip install 'cablelib[compile]'``, in the test
extra) and a C compiler; without them that test is skipped.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest

import cablelib
from cablelib import compiled
from cablelib.errors import CableError
from cablelib.export import cable_json
from cablelib.sources import unwrap
from cables import CABLES
from damaged import damaged_seed_texts

REPO = Path(__file__).resolve().parent.parent
REAL_FILES = sorted(p for p in CABLES.rglob("*") if p.is_file() and not p.name.startswith("."))


# ------------------------------------------------------------------ without a compiler


def _fake_package(tmp_path: Path, suffix: str) -> Path:
    """A package directory with every compiled module's source and a stand-in extension file.

    Under a directory with dots in its name, as site-packages is
    (``lib/python3.11/site-packages``).
    """
    package = tmp_path / "lib" / "python3.11" / "cablelib"
    for module in compiled.MODULES:
        source = package.joinpath(*module.split(".")).with_suffix(".py")
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text("x = 1\n")
        Path(str(source)[:-3] + suffix).write_bytes(b"not really an extension")
    (package / f"{compiled.GROUP}__mypyc{suffix}").write_bytes(b"nor this")
    (package / "unrelated.cpython-311-x86_64-linux-gnu.so").write_bytes(b"left alone")
    return package


def test_status_clean_and_the_stale_warning_on_a_package_s_files(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib.machinery import EXTENSION_SUFFIXES

    package = _fake_package(tmp_path, EXTENSION_SUFFIXES[0])
    assert set(compiled.status(package).values()) == {"compiled"}
    monkeypatch.setattr(compiled, "PACKAGE", str(package))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        compiled.warn_if_stale()  # nothing is stale: no warning

    # The source edited after the build: that module is stale, and said so.
    body = package / "fields" / "body.py"
    later = body.stat().st_mtime + 10
    os.utime(body, (later, later))
    assert compiled.status(package)["fields.body"] == "stale"
    assert list(compiled.status(package).values()).count("stale") == 1
    with pytest.warns(compiled.StaleCompiledWarning, match=r"fields\.body is older than the source"):
        compiled.warn_if_stale()

    body.unlink()  # an extension without its source has nothing to be older than
    assert compiled.status(package)["fields.body"] == "compiled"

    removed = compiled.clean(package)
    assert len(removed) == len(compiled.MODULES) + 1
    assert set(compiled.status(package).values()) == {"pure"}
    assert (package / "unrelated.cpython-311-x86_64-linux-gnu.so").exists()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        compiled.warn_if_stale()


def test_a_wheel_s_marker_makes_file_times_irrelevant_until_build_or_clean(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # A compiled wheel's installer sets file times as it writes the files: a
    # .py newer than its extension means nothing there.
    from importlib.machinery import EXTENSION_SUFFIXES

    package = _fake_package(tmp_path, EXTENSION_SUFFIXES[0])
    monkeypatch.setattr(compiled, "PACKAGE", str(package))
    body = package / "fields" / "body.py"
    os.utime(body, (body.stat().st_mtime + 10,) * 2)
    assert compiled.status(package)["fields.body"] == "stale"

    marker = compiled.mark_built_together(package)
    assert marker == package / compiled.BUILT_TOGETHER
    assert set(compiled.status(package).values()) == {"compiled"}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        compiled.warn_if_stale()

    compiled.clean(package)  # afterwards file times count again
    assert not marker.exists()


def test_no_compiled_library_costs_import_cablelib_no_more_than_a_few_stats(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # Extension files without the shared library (not a build of this
    # interpreter's): nothing is read, nothing is said.
    package = _fake_package(tmp_path, ".cpython-399-fake.so")
    monkeypatch.setattr(compiled, "PACKAGE", str(package))
    body = package / "fields" / "body.py"
    os.utime(body, (body.stat().st_mtime + 10,) * 2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        compiled.warn_if_stale()
    assert set(compiled.status(package).values()) == {"pure"}  # another interpreter's files
    assert len(compiled.clean(package)) == len(compiled.MODULES) + 1  # clean removes every interpreter's


def test_the_build_says_what_it_needs_without_mypyc(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "mypyc.build", None)  # import fails
    with pytest.raises(RuntimeError, match=r"pip install 'cablelib\[compile\]'"):
        compiled.build(tmp_path)


# ------------------------------------------------------------------ the real build


_CHILD = r"""
import json, sys
from importlib.machinery import EXTENSION_SUFFIXES
from cablelib import compiled

# Every compiled module is the extension, not the .py beside it.
for module in compiled.MODULES:
    loaded = __import__("cablelib." + module, fromlist=["x"])
    assert loaded.__file__.endswith(tuple(EXTENSION_SUFFIXES)), loaded.__file__

sys.path.append(sys.argv[3])  # this test module, for the same _results the parent runs
from test_compiled import _results

files, texts = json.load(open(sys.argv[1], encoding="utf-8"))
json.dump(_results(files, texts), open(sys.argv[2], "w", encoding="utf-8"))
"""


def _mutations(texts: list[str], count: int) -> list[str]:
    """Real cable texts damaged at random spots (a fixed seed): dropped, doubled, swapped, replaced characters."""
    rng = random.Random(20261207)
    alphabet = "\n \t:./-()ABCZ0129#¶\\"
    out = []
    for _ in range(count):
        text = list(rng.choice(texts))
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(len(text)) if text else 0
            action = rng.randrange(4)
            if not text:
                text = [rng.choice(alphabet)]
            elif action == 0:
                del text[at]
            elif action == 1:
                text.insert(at, text[at])
            elif action == 2 and at + 1 < len(text):
                text[at], text[at + 1] = text[at + 1], text[at]
            else:
                text[at] = rng.choice(alphabet)
        out.append("".join(text))
    return out


def _results(files: list[str], texts: list[str]) -> dict[str, Any]:
    """Each file's cables and each text's cable, lenient and strict, as JSON lines or (error class, message).

    Run by this process (pure Python) and by the child (the compiled copy).
    """
    out: dict[str, Any] = {"files": [[cable_json(c) for c in cablelib.iter_corpus(f)] for f in files], "texts": []}
    for text in texts:
        row: list[Any] = []
        for strict in (False, True):
            try:
                row.append(cable_json(cablelib.parse(text, strict=strict)))
            except CableError as error:
                row.append([type(error).__name__, str(error)])
        out["texts"].append(row)
    return json.loads(json.dumps(out))  # lists where the child's JSON has them


def _compiler_missing() -> str | None:
    try:
        import mypyc.build  # noqa: F401
    except ImportError:
        return "mypyc is not installed (pip install 'cablelib[compile]')"
    if not (shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")):
        return "no C compiler"
    return None


class _Job:
    """The repository's cable files, their texts, the damaged seed cables and ``mutations`` mutated
    texts, with this process's (pure Python's) results, for a child process to match."""

    def __init__(self, tmp_path: Path, *, mutations: int) -> None:
        self.tmp_path = tmp_path
        files = [str(p) for p in REAL_FILES]
        sources = [cable.source for path in REAL_FILES for cable in cablelib.iter_corpus(path)]
        self.texts = ([unwrap(s).text for s in sources] + list(damaged_seed_texts().values())
                      + _mutations(sources, mutations))
        self.path = tmp_path / "job.json"
        self.path.write_text(json.dumps([files, self.texts]), encoding="utf-8")
        self.expected = _results(files, self.texts)

    def check_child(self, env: dict[str, str], run: str) -> None:
        """Run :data:`_CHILD` (compiled modules loaded, no stale warning) and compare its results."""
        result = self.tmp_path / f"{run}.json"
        done = subprocess.run([sys.executable, "-W", "error::cablelib.compiled.StaleCompiledWarning",
                               "-c", _CHILD, str(self.path), str(result), str(Path(__file__).parent)],
                              cwd=self.tmp_path, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]
        # Not only -W error: the warning comes while `-W` imports cablelib.compiled
        # to find the category, before its filter is in place.
        assert "StaleCompiledWarning" not in done.stderr, done.stderr[-3000:]
        got = json.loads(result.read_text(encoding="utf-8"))
        assert got["files"] == self.expected["files"]
        for text, mine, theirs in zip(self.texts, self.expected["texts"], got["texts"]):
            assert theirs == mine, text[:200]


@pytest.mark.skipif(_compiler_missing() is not None, reason=str(_compiler_missing()))
def test_a_compiled_copy_parses_exactly_as_pure_python(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(REPO / "cablelib", src / "cablelib", ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyd"))
    shutil.copytree(REPO / "grammars", src / "grammars")
    written = compiled.build(src / "cablelib")
    assert len(written) == len(compiled.MODULES) + 1
    assert set(compiled.status(src / "cablelib").values()) == {"compiled"}

    env = {**os.environ, "PYTHONPATH": str(src), "CABLELIB_CACHE_DIR": str(tmp_path / "cache")}
    job = _Job(tmp_path, mutations=300)
    for run in ("first", "second"):  # the second reads the tables the first wrote
        job.check_child(env, run)
        if run == "first":
            assert list((tmp_path / "cache").glob("*.tables")), "the compiled parse loop wrote no tables"
    # Without lark-cython the loop makes lark.Token objects through its own compiled
    # make_token, whose argument types mypyc checks (a BODY_REST token's end line is None).
    job.check_child({**env, "CABLELIB_ACCELERATOR": "none"}, "pure Lark engine")

    # A source edited after the build: `import cablelib` says the extension is stale.
    body = src / "cablelib" / "fields" / "body.py"
    built = max(path.stat().st_mtime for path in written)
    os.utime(body, (built + 10,) * 2)
    done = subprocess.run([sys.executable, "-c", "import cablelib"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "StaleCompiledWarning" in done.stderr and "fields.body" in done.stderr

    removed = compiled.clean(src / "cablelib")
    assert len(removed) == len(compiled.MODULES) + 1
    assert set(compiled.status(src / "cablelib").values()) == {"pure"}


def _build_missing() -> str | None:
    try:
        import build  # noqa: F401
        import hatchling  # noqa: F401
    except ImportError:
        return "the build and hatchling packages are needed (pip install -e '.[test]')"
    return _compiler_missing()


@pytest.mark.skipif(_build_missing() is not None, reason=str(_build_missing()))
def test_a_compiled_wheel_installs_the_extensions_with_their_sources(tmp_path: Path) -> None:
    # hatch_build.py, enabled: the wheel a cluster's workers install without a compiler.
    from importlib.machinery import EXTENSION_SUFFIXES

    checkout_extensions = sorted((REPO / "cablelib").rglob("*.so"))
    outdir = tmp_path / "dist"
    env = {**os.environ, "HATCH_BUILD_HOOK_ENABLE_CUSTOM": "true"}
    proc = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(outdir),
                           str(REPO)], env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, f"python -m build failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    assert sorted((REPO / "cablelib").rglob("*.so")) == checkout_extensions  # the checkout is not written to
    (wheel,) = outdir.glob("*.whl")
    version = f"{sys.version_info.major}{sys.version_info.minor}"
    assert f"-cp{version}-cp{version}-" in wheel.name and "none-any" not in wheel.name, wheel.name

    import zipfile

    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert "Root-Is-Purelib: false" in archive.read(f"cablelib-{cablelib.__version__}.dist-info/WHEEL").decode()
    suffix = EXTENSION_SUFFIXES[0]
    for module in compiled.MODULES:
        stem = "cablelib/" + module.replace(".", "/")
        assert stem + suffix in names and stem + ".py" in names, module
    assert f"cablelib/{compiled.GROUP}__mypyc{suffix}" in names
    assert f"cablelib/{compiled.BUILT_TOGETHER}" in names
    assert "cablelib/grammars/envelope.lark" in names

    site = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--target", str(site),
                           str(wheel)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    # An installer may write a .py after its extension: not stale, for this wheel.
    latest = max(p.stat().st_mtime for p in (site / "cablelib").rglob("*.so"))
    for module in compiled.MODULES:
        os.utime(compiled._source(site / "cablelib", module), (latest + 10,) * 2)

    env = {**os.environ, "PYTHONPATH": str(site), "CABLELIB_CACHE_DIR": str(tmp_path / "cache")}
    _Job(tmp_path, mutations=30).check_child(env, "wheel")


@pytest.mark.skipif(_compiler_missing() is not None, reason=str(_compiler_missing()))
def test_the_compiled_modules_type_check_without_lark_cython(tmp_path: Path) -> None:
    # mypyc stops at what mypy reports, so `pip install 'cablelib[compile]'` without
    # the [fast] extra (no lark-cython: pip's isolated build of the compiled wheel)
    # must type-check.  mypy is shown lark and attrs only, not the site-packages.
    import attr
    import attrs
    import lark

    shown = tmp_path / "shown"
    shown.mkdir()
    for module in (lark, attrs, attr):
        (shown / module.__name__).symlink_to(Path(module.__file__).parent)
    sources = [str(compiled._source(REPO / "cablelib", module)) for module in compiled.MODULES]
    proc = subprocess.run([sys.executable, "-m", "mypy", "--no-site-packages", "--follow-imports=silent",
                           "--cache-dir", str(tmp_path / "mypy-cache"), *sources],
                          cwd=REPO, env={**os.environ, "MYPYPATH": str(shown)}, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]


def test_the_command_line_shows_each_module_and_reports_a_failed_build(capsys: pytest.CaptureFixture[str],
                                                                      monkeypatch: pytest.MonkeyPatch,
                                                                      tmp_path: Path) -> None:
    from cablelib import cli

    monkeypatch.setattr(compiled, "PACKAGE", str(_fake_package(tmp_path, ".cpython-399-fake.so")))
    assert cli.main(["compiled", "status"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split() for line in lines] == [[module, "pure"] for module in compiled.MODULES]

    monkeypatch.setitem(sys.modules, "mypyc.build", None)
    assert cli.main(["compiled", "build"]) == 1
    assert "pip install 'cablelib[compile]'" in capsys.readouterr().err

    assert cli.main(["compiled", "clean"]) == 0  # removes every interpreter's files
    out = capsys.readouterr().out
    assert out.count("removed ") == len(compiled.MODULES) + 1
