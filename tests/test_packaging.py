"""Packaging: what a user gets from ``pip install`` must contain the grammars.

The grammars live in the top-level ``grammars/`` directory of the checkout,
outside the ``cablelib`` package; ``pyproject.toml`` force-includes them into
the wheel as ``cablelib/grammars/``. A mistake there gives a wheel that
imports fine and fails at the first parse, so these tests build the real
distributions (sdist, then a wheel from the sdist, as pip does for a source
release) and look inside.

The build runs offline (``--no-isolation``) with the ``build`` and
``hatchling`` packages from the ``test`` extra; it takes a few seconds and
runs once per session.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import textwrap
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GRAMMARS = ROOT / "grammars"
SEED = ROOT / "examples" / "06PHNOMPENH2131.txt"


def _require(module: str) -> None:
    """Skip when a build tool is missing, except in CI, where it is a failure."""
    try:
        __import__(module)
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{module} is not installed; CI installs '.[test]', which must bring it")
        pytest.skip(f"{module} is not installed (pip install -e '.[test]')")


def checkout_grammars() -> dict[str, bytes]:
    """Every ``grammars/**/*.lark`` of the checkout, by path relative to ``grammars/``."""
    return {
        path.relative_to(GRAMMARS).as_posix(): path.read_bytes()
        for path in sorted(GRAMMARS.rglob("*.lark"))
    }


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Build the sdist and, from it, the wheel; return both paths."""
    _require("build")
    _require("hatchling")
    outdir = tmp_path_factory.mktemp("dist")
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(outdir), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, f"python -m build failed:\n{proc.stdout}\n{proc.stderr}"
    wheels = sorted(outdir.glob("cablelib-*.whl"))
    sdists = sorted(outdir.glob("cablelib-*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1, sorted(p.name for p in outdir.iterdir())
    return {"wheel": wheels[0], "sdist": sdists[0]}


@pytest.fixture(scope="module")
def wheel_files(dists: dict[str, Path]) -> dict[str, bytes]:
    with zipfile.ZipFile(dists["wheel"]) as zf:
        return {name: zf.read(name) for name in zf.namelist() if not name.endswith("/")}


def test_checkout_has_the_base_grammar() -> None:
    """The base grammar ``grammars/envelope.lark`` is in the checkout."""
    assert "envelope.lark" in checkout_grammars(), f"no envelope.lark under {GRAMMARS}"


def test_wheel_contains_every_grammar_byte_for_byte(wheel_files: dict[str, bytes]) -> None:
    """Each ``grammars/**/*.lark`` is in the wheel as ``cablelib/grammars/**``, unchanged."""
    expected = checkout_grammars()
    assert expected, "the checkout has no grammars/**/*.lark"
    missing = [rel for rel in expected if f"cablelib/grammars/{rel}" not in wheel_files]
    assert not missing, f"grammars missing from the wheel: {missing}"
    changed = [rel for rel, data in expected.items() if wheel_files[f"cablelib/grammars/{rel}"] != data]
    assert not changed, f"grammars whose bytes differ in the wheel: {changed}"


def test_wheel_has_no_stray_grammar_copies(wheel_files: dict[str, bytes]) -> None:
    """Grammars appear only under ``cablelib/grammars/`` (no top-level ``grammars/``)."""
    stray = [n for n in wheel_files if n.endswith(".lark") and not n.startswith("cablelib/grammars/")]
    assert not stray


def test_wheel_is_typed(wheel_files: dict[str, bytes]) -> None:
    """The PEP 561 marker ``cablelib/py.typed`` ships in the wheel."""
    assert "cablelib/py.typed" in wheel_files


def test_wheel_metadata(wheel_files: dict[str, bytes]) -> None:
    """The wheel declares the ``cablelib`` console script and the runtime dependencies."""
    dist_info = {n.split("/", 1)[0] for n in wheel_files if ".dist-info/" in n}
    assert len(dist_info) == 1, dist_info
    (info,) = dist_info
    entry_points = wheel_files[f"{info}/entry_points.txt"].decode()
    assert "cablelib = cablelib.cli:run" in entry_points
    metadata = wheel_files[f"{info}/METADATA"].decode()
    requires = [line.split(":", 1)[1].strip() for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    runtime = [r for r in requires if "extra ==" not in r]
    assert sorted(r.split(">")[0].split("<")[0].split("=")[0].strip() for r in runtime) == ["attrs", "lark"]


def test_sdist_can_rebuild_everything(dists: dict[str, Path]) -> None:
    """The sdist carries the grammars, tests, docs and example a rebuild needs."""
    with tarfile.open(dists["sdist"]) as tf:
        names = {name.split("/", 1)[1] for name in tf.getnames() if "/" in name}
    for rel in checkout_grammars():
        assert f"grammars/{rel}" in names
    for needed in ("pyproject.toml", "README.md", "cablelib/py.typed", "examples/06PHNOMPENH2131.txt",
                   "docs/conf.py", "tests/test_packaging.py"):
        assert needed in names, needed


# A probe run in a separate interpreter, outside the checkout, so that what it
# imports is the installed (or unpacked) package and nothing else.
_PROBE = textwrap.dedent(
    """
    import importlib.resources, json, sys
    from pathlib import Path
    import cablelib

    pkg_dir = Path(list(cablelib.__path__)[0])
    try:  # the real loader, once it exists
        from cablelib.grammar import grammar_dir
    except ImportError:  # the documented lookup: installed copy, then the checkout
        def grammar_dir():
            resource = importlib.resources.files("cablelib") / "grammars"
            if (resource / "envelope.lark").is_file():
                return Path(str(resource))
            if (pkg_dir.parent / "grammars" / "envelope.lark").is_file():
                return pkg_dir.parent / "grammars"
            raise LookupError("no envelope.lark")
    try:
        found = Path(grammar_dir()).resolve()
    except Exception as exc:
        used, data = None, repr(exc).encode()
    else:
        if found == (pkg_dir / "grammars").resolve():
            used = "package"
        elif found == (pkg_dir.parent / "grammars").resolve():
            used = "checkout"
        else:
            used = str(found)
        data = (found / "envelope.lark").read_bytes()
    report = {"package_dir": str(pkg_dir), "grammars": used, "envelope": data.decode("utf-8", "replace")}
    parse = getattr(cablelib, "parse", None)
    if parse is not None:
        cable = parse(Path(sys.argv[1]).read_text(encoding="utf-8"))
        report["station"] = cable.envelope.station if cable.envelope else None
    print(json.dumps(report))
    """
)


def _probe(python_path: str | None, cwd: Path) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if python_path is not None:
        env["PYTHONPATH"] = python_path
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, str(SEED)],
        capture_output=True, text=True, cwd=cwd, env=env, timeout=120,
    )
    assert proc.returncode == 0, f"probe failed:\n{proc.stdout}\n{proc.stderr}"
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _api_landed() -> bool:
    return (ROOT / "cablelib" / "__init__.py").is_file()


def test_unpacked_wheel_loads_its_own_grammars(dists: dict[str, Path], tmp_path: Path) -> None:
    """From the wheel alone (no checkout around), the grammars come from the package."""
    site = tmp_path / "site"
    with zipfile.ZipFile(dists["wheel"]) as zf:
        zf.extractall(site)
    work = tmp_path / "elsewhere"
    work.mkdir()
    report = _probe(str(site), work)
    assert Path(str(report["package_dir"])).resolve() == (site / "cablelib").resolve()
    assert report["grammars"] == "package", report
    assert report["envelope"] == (GRAMMARS / "envelope.lark").read_text(encoding="utf-8")
    if _api_landed():
        assert report.get("station") == "RUEHPF", report.get("station")


def test_installed_package_finds_current_grammars(tmp_path: Path) -> None:
    """The package installed in this environment (editable in CI) finds the checkout's grammars.

    An editable install imports ``cablelib`` from the checkout, where there is
    no ``cablelib/grammars/``, so the loader must fall back to the top-level
    ``grammars/`` directory. (Hatchling also copies the grammars into
    site-packages at install time; that copy goes stale as soon as a grammar
    is edited, and is only reached if ``cablelib`` is not a regular package.)
    """
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        distribution("cablelib")
    except PackageNotFoundError:
        if os.environ.get("CI") == "true":
            pytest.fail("cablelib is not installed in the CI environment")
        pytest.skip("cablelib is not installed in this environment")
    if not _api_landed():
        pytest.skip("cablelib/__init__.py does not exist yet")
    report = _probe(None, tmp_path)
    assert report["grammars"] is not None, f"no envelope.lark reachable from {report['package_dir']}"
    assert report["envelope"] == (GRAMMARS / "envelope.lark").read_text(encoding="utf-8"), (
        f"the installed cablelib ({report['package_dir']}, grammars from the {report['grammars']}) "
        "sees a different envelope.lark than this checkout: reinstall with pip install -e '.[test]'"
    )
    assert report.get("station") == "RUEHPF", report.get("station")


def test_a_checkout_s_compiled_modules_stay_out_of_the_wheel_and_the_sdist(tmp_path: Path) -> None:
    # `cablelib compiled build` writes extensions for this machine's interpreter
    # beside the sources; a wheel tagged for any Python must not carry them.
    _require("build")
    _require("hatchling")
    import shutil

    copy = tmp_path / "checkout"
    copy.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, copy / name)
    for name in ("cablelib", "grammars", "examples", "docs", "tests"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__", "_build"))
    fakes = [copy / "cablelib" / "table_parser.cpython-311-x86_64-linux-gnu.so",
             copy / "cablelib" / "fields" / "body.cpython-311-x86_64-linux-gnu.so",
             copy / "cablelib" / "_compiled__mypyc.cpython-311-x86_64-linux-gnu.so"]
    for fake in fakes:
        fake.write_bytes(b"\x7fELF not a real extension")
    outdir = tmp_path / "dist"
    proc = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(outdir), str(copy)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"python -m build failed:\n{proc.stdout}\n{proc.stderr}"
    (wheel,) = outdir.glob("cablelib-*.whl")
    (sdist,) = outdir.glob("cablelib-*.tar.gz")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
    assert "cablelib/compiled.py" in names
    assert not [n for n in names if n.endswith((".so", ".pyd"))]
    assert wheel.name.endswith("-py3-none-any.whl")
    with tarfile.open(sdist) as tf:
        assert not [n for n in tf.getnames() if n.endswith((".so", ".pyd"))]
