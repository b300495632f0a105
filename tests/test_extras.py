"""Optional dependencies: a missing one names the extra that brings it; any other
import error stays what it is."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cablelib.extras import import_extra

SEED = Path(__file__).resolve().parent.parent / "examples" / "06PHNOMPENH2131.txt"


def test_a_missing_package_names_its_extra(monkeypatch):
    for name in ("pyarrow", "pyarrow.parquet"):  # as if it were not installed
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(ModuleNotFoundError) as caught:
        import_extra("pyarrow.parquet", "parquet", "Parquet output")
    assert (caught.value.name, str(caught.value)) == (
        "pyarrow", "Parquet output needs pyarrow: pip install 'cablelib[parquet]'")


def test_a_package_that_is_there_but_misses_a_dependency_keeps_its_own_error(tmp_path, monkeypatch):
    (tmp_path / "half_installed_for_test").mkdir()
    (tmp_path / "half_installed_for_test" / "__init__.py").write_text("import no_such_dependency_anywhere\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModuleNotFoundError) as caught:
        import_extra("half_installed_for_test", "x", "A feature")
    assert caught.value.name == "no_such_dependency_anywhere"


def test_export_to_parquet_without_pyarrow_says_how_to_get_it(tmp_path):
    out = tmp_path / "cables.parquet"
    code = ("import sys; sys.modules['pyarrow'] = None\n"
            "from cablelib.cli import main\n"
            f"sys.exit(main(['export', {str(SEED)!r}, '-o', {str(out)!r}, '--progress', 'none']))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr == "cablelib: Parquet output needs pyarrow: pip install 'cablelib[parquet]'\n"
    assert list(tmp_path.iterdir()) == []


def test_require_extra_looks_without_importing(monkeypatch):
    from cablelib.extras import require_extra

    require_extra("pytest", "test", "Testing")  # installed: nothing raised
    with pytest.raises(ModuleNotFoundError) as caught:
        require_extra("no_such_package_for_cablelib", "parquet", "Parquet output")
    assert (caught.value.name, str(caught.value)) == (
        "no_such_package_for_cablelib", "Parquet output needs no_such_package_for_cablelib: pip install 'cablelib[parquet]'")
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as the CLI test makes it missing
    with pytest.raises(ModuleNotFoundError):
        require_extra("pyarrow", "parquet", "Parquet output")
    with pytest.raises(ValueError, match="top-level package"):
        require_extra("pyarrow.parquet", "parquet", "Parquet output")


def test_require_extra_does_not_import_the_package():
    code = ("import sys; from cablelib.extras import require_extra\n"
            "require_extra('pyarrow', 'parquet', 'Parquet output'); print('pyarrow' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
