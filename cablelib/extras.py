"""Importing an optional dependency, with an error that names the extra bringing it.

Why one function: hypothesis (``cablelib.strategies``), dask
(``cablelib.dask``) and pyarrow (Parquet output) are optional, and a user
without one should read which ``pip install 'cablelib[...]'`` gives it,
not a bare ``No module named ...``.  An import that fails for another
reason (a module *inside* the dependency missing a dependency of its own)
keeps its own error.
"""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["import_extra"]


def import_extra(module: str, extra: str, feature: str) -> ModuleType:
    """``module``, or ``ModuleNotFoundError("FEATURE needs PACKAGE: pip install 'cablelib[EXTRA]'")``."""
    package = module.split(".")[0]
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as missing:
        if missing.name is None or missing.name.split(".")[0] != package:
            raise
        raise ModuleNotFoundError(f"{feature} needs {package}: pip install 'cablelib[{extra}]'",
                                  name=package) from missing
