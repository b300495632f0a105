"""pyarrow set up for a process that runs only cablelib's code: no pandas, jemalloc's memory pool.

Why: a Parquet export's processes hold more memory than its data needs,
for two reasons that are pyarrow's defaults, not cablelib's work.  Measured
on the shared corpus ×8 (2,552 cables), ``cablelib export --format parquet
--jobs 1``, peak RSS:

* **pandas.**  ``pyarrow.array`` (under ``RecordBatch.from_pylist``) asks,
  for every Python list it converts, whether it is a pandas object, and the
  first time it asks it imports pandas if pandas is installed: ~45 MB and
  0.3–0.5 s of CPU in each process that converts rows.  193 MB → 151–155
  without it.
* **the memory pool.**  pyarrow's default pool (mimalloc in the Linux
  wheels) kept 61 MB of anonymous memory, 26 MB of it in huge pages, where
  jemalloc kept 38 and the C library's allocator 47–52; without pandas,
  the run peaks at 119–121 MB with jemalloc against 154–162 with mimalloc,
  at the same CPU time (within the machine's noise).

Cablelib's rows are plain ``dict``, ``list``, ``str``, ``int`` and
``datetime`` values, converted the same way with or without pandas, and the
pool changes where memory comes from, not what is written: the Parquet file
is byte-identical.

pyarrow looks for pandas once per process and remembers the answer for
those checks (``pyarrow/pandas-shim.pxi``, ``_have_pandas_internal``);
what needs pandas itself (``Table.to_pandas``) imports it again and works.
:func:`import_pyarrow` makes that first look while an import hook refuses
pandas, then removes the hook, so ``import pandas`` keeps working.

Both change how pyarrow behaves for other code in the process (a pandas
object given to ``pyarrow.array`` later is read as a plain sequence; the
default pool is another), so they are done only where no code but
cablelib's runs: the ``cablelib`` command (``cablelib.cli.run``) and the
worker processes a corpus run starts (``cablelib.corpus``'s pool
initializer), both of which call :func:`own_this_process`.  Never in a
program that calls :func:`cablelib.export.export` itself, nor in a worker
of the user's own pool; not once pandas is imported; and the pool is left
alone when ``ARROW_DEFAULT_MEMORY_POOL`` already names one.
"""

from __future__ import annotations

import os
import sys
from typing import Any

__all__ = ["own_this_process", "import_pyarrow", "record_batch"]

_owned = False
_prepared = False


def own_this_process() -> None:
    """Declare that only cablelib's code runs in this process, before pyarrow is imported.

    The pool is chosen through ``ARROW_DEFAULT_MEMORY_POOL``, which Arrow
    reads when it loads, so it is set here, before the import:
    ``pyarrow.set_memory_pool`` after the import changes only what
    pyarrow's Python calls allocate from, and the Parquet writer's own
    buffers stayed in mimalloc (152 MB peak instead of 119).  Only on
    Linux, where pyarrow's wheels are built with jemalloc; child processes
    inherit it.  A pyarrow built without jemalloc keeps its default pool
    and prints one line about it on stderr (it reads the variable before
    anything could ask which pools it has).
    """
    global _owned
    _owned = True
    if sys.platform.startswith("linux") and "pyarrow" not in sys.modules:
        os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "jemalloc")


def import_pyarrow() -> Any:
    """``pyarrow``; when cablelib owns the process, first kept from looking for pandas (once)."""
    import pyarrow as pa

    if _owned and not _prepared:
        _prepare(pa)
    return pa


def record_batch(rows: list[dict[str, Any]], schema: Any) -> Any:
    """``pyarrow.RecordBatch.from_pylist(rows, schema=schema)``, through :func:`import_pyarrow`."""
    return import_pyarrow().RecordBatch.from_pylist(rows, schema=schema)


class _RefusePandas:
    """An import hook under which ``import pandas`` fails."""

    @staticmethod
    def find_spec(name: str, path: Any = None, target: Any = None) -> None:
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError("pandas is kept out of this process by cablelib.arrow_setup", name=name)
        return None


def _prepare(pa: Any) -> None:
    global _prepared
    _prepared = True
    if "pandas" not in sys.modules:
        hook = _RefusePandas()
        sys.meta_path.insert(0, hook)
        try:
            pa.array([])  # the first conversion of a list is where pyarrow looks for pandas
        finally:
            sys.meta_path.remove(hook)
