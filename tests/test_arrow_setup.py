"""pyarrow set up in the processes cablelib owns (:mod:`cablelib.arrow_setup`), and only there.

Each test runs in a fresh interpreter: what is checked (which modules a
process imported, which memory pool pyarrow chose) is decided once per
process.  The cables are the repository's real container samples.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cables import CONTAINER_SAMPLES, cable_paths

pytest.importorskip("pyarrow")
# Without pandas installed there is nothing to keep out, and these tests could not fail.
pytest.importorskip("pandas")

ROOT = Path(__file__).resolve().parent.parent
CONTAINERS = [str(p) for p in cable_paths(CONTAINER_SAMPLES)]
LINUX = sys.platform.startswith("linux")


def _python(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    environ.update(env or {})
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=300,
                          cwd=ROOT, env=environ)
    assert done.returncode == 0, done.stderr
    return done


def _imported(importtime: str) -> set[str]:
    """The modules ``python -X importtime`` reported (every process that wrote to the stream)."""
    found = set()
    for line in importtime.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            found.add(line.rsplit("|", 1)[1].strip())
    return found


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_export_command_and_its_workers_convert_rows_without_importing_pandas(tmp_path: Path, jobs: str) -> None:
    """``-X importtime`` is inherited by the workers, whose imports come to the same stderr."""
    out = tmp_path / "cables.parquet"
    done = _python(["-X", "importtime", "-m", "cablelib", "export", *CONTAINERS, "--format", "parquet",
                    "--output", str(out), "--jobs", jobs, "--progress", "none"])
    imported = _imported(done.stderr)
    assert "pyarrow.lib" in imported  # rows were converted ...
    # ... and pandas stayed out.  A refused import is listed too (as a bare
    # "pandas", the hook's doing); an import that happened lists pandas's
    # own modules, pandas.core and the rest.
    assert not {m for m in imported if m.startswith("pandas.")}
    assert "exported 16 cables" in done.stderr


_WORKER_PROBE = """
import json, os, sys
from cablelib.corpus import run
from cablelib.arrow_setup import record_batch
from cablelib.export import cable_row, parquet_schema

def probe(cable):
    batch = record_batch([cable_row(cable)], parquet_schema())
    import pyarrow as pa
    return [cable.reference_id, batch.num_rows, "pandas" in sys.modules,
            pa.default_memory_pool().backend_name, os.getpid()]

if __name__ == "__main__":
    found = list(run(json.loads(sys.argv[1]), jobs=int(sys.argv[2]), convert=probe))
    print(json.dumps([found, os.getpid(), "pandas" in sys.modules,
                      os.environ.get("ARROW_DEFAULT_MEMORY_POOL")]))
"""


def _probe(tmp_path: Path, jobs: int, env: dict[str, str] | None = None) -> tuple[list, int, bool, str | None]:
    script = tmp_path / "probe.py"
    script.write_text(_WORKER_PROBE, encoding="utf-8")
    done = _python([str(script), json.dumps(CONTAINERS[:6]), str(jobs)], env)
    found, parent, parent_pandas, parent_pool = json.loads(done.stdout)
    assert [row[1] for row in found] == [1] * 6
    return found, parent, parent_pandas, parent_pool


def test_a_corpus_runs_workers_are_set_up_and_the_users_process_is_not(tmp_path: Path) -> None:
    found, parent, parent_pandas, parent_pool = _probe(tmp_path, 2)
    assert all(row[4] != parent for row in found)  # every row converted in a worker
    assert [row[2] for row in found] == [False] * 6  # no worker imported pandas
    if LINUX:
        assert {row[3] for row in found} == {"jemalloc"}
    # The user's process (the script) is left as pyarrow would have it: its
    # environment unchanged, and pyarrow free to import pandas there.
    assert parent_pool is None and parent_pandas is False


def test_a_users_own_process_is_left_to_pyarrows_defaults(tmp_path: Path) -> None:
    found, parent, parent_pandas, parent_pool = _probe(tmp_path, 1)
    assert {row[4] for row in found} == {parent}  # converted in the user's process
    assert [row[2] for row in found] == [True] * 6  # pyarrow imported pandas, as it does
    assert parent_pool is None
    assert found[0][3] == _default_pool()


def _default_pool() -> str:
    done = _python(["-c", "import pyarrow as pa; print(pa.default_memory_pool().backend_name)"])
    return done.stdout.strip()


def test_a_pool_the_user_names_is_kept(tmp_path: Path) -> None:
    found, *_ = _probe(tmp_path, 2, {"ARROW_DEFAULT_MEMORY_POOL": "system"})
    assert {row[3] for row in found} == {"system"}
    assert [row[2] for row in found] == [False] * 6


_OWNED_THEN_PANDAS = """
import sys
from cablelib.arrow_setup import own_this_process
from cablelib.arrow_setup import record_batch
from cablelib.export import cable_row, parquet_schema
import cablelib
from cablelib.corpus import run
own_this_process()
batch = record_batch([cable_row(cablelib.parse_file(sys.argv[1]))], parquet_schema())
assert "pandas" not in sys.modules
hooks = [type(h).__name__ for h in sys.meta_path if "cablelib" in type(h).__module__]
import pyarrow as pa
frame = pa.Table.from_batches([batch]).to_pandas()
print(hooks, frame.loc[0, "reference_id"], type(frame).__module__.split(".")[0])
"""


def test_pandas_can_still_be_imported_and_used_after_the_set_up() -> None:
    done = _python(["-c", _OWNED_THEN_PANDAS, CONTAINERS[0]])
    hooks, reference_id, module = done.stdout.split()
    assert hooks == "[]"  # the import hook is gone once pyarrow has looked
    assert module == "pandas"
    assert reference_id == Path(CONTAINERS[0]).name.split(".")[0]


def test_the_commands_parquet_file_is_the_same_as_the_python_apis(tmp_path: Path) -> None:
    """Set up or not, the same rows become the same bytes."""
    command, api = tmp_path / "command.parquet", tmp_path / "api.parquet"
    _python(["-m", "cablelib", "export", *CONTAINERS, "--output", str(command), "--progress", "none"])
    code = ("import sys, json; from cablelib.export import export; "
            "export(json.loads(sys.argv[1]), 'parquet', sys.argv[2]); import sys; assert 'pandas' in sys.modules")
    _python(["-c", code, json.dumps(CONTAINERS), str(api)])
    assert command.read_bytes() == api.read_bytes()


_SCRIPT_OPTS_IN = """
import json, sys
from cablelib.arrow_setup import own_this_process
own_this_process()  # as docs/corpus-runs.md tells a script that does nothing else
from cablelib.export import export
summary = export(json.loads(sys.argv[1]), "parquet", sys.argv[2])
import pyarrow as pa
print(json.dumps([summary.cables, "pandas" in sys.modules, pa.default_memory_pool().backend_name]))
"""


def test_a_script_can_ask_for_the_set_up_for_its_own_export(tmp_path: Path) -> None:
    done = _python(["-c", _SCRIPT_OPTS_IN, json.dumps(CONTAINERS), str(tmp_path / "cables.parquet")])
    cables, pandas_imported, pool = json.loads(done.stdout)
    assert cables == 16 and pandas_imported is False
    if LINUX:
        assert pool == "jemalloc"
