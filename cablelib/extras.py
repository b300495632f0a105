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

__all__ = ["import_extra", "require_extra"]


def import_extra(module: str, extra: str, feature: str) -> ModuleType:
    """``module``, or ``ModuleNotFoundError("FEATURE needs PACKAGE: pip install 'cablelib[EXTRA]'")``."""
    package = module.split(".")[0]
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as missing:
        if missing.name is None or missing.name.split(".")[0] != package:
            raise
        raise _missing(package, extra, feature) from missing


def require_extra(module: str, extra: str, feature: str) -> None:
    """Raise :func:`import_extra`'s error now if ``module`` is not installed, without importing it.

    Why: importing pyarrow starts threads of its own, and a corpus run forks
    its workers only from a process without other threads
    (``cablelib.corpus._other_threads``); the Parquet writer checks for
    pyarrow before reading any input but imports it only when the first
    batch comes back, after the workers are forked.
    """
    import importlib.util

    package = module.split(".")[0]
    if package != module:
        raise ValueError(f"require_extra takes a top-level package, not {module!r}: "
                         "finding a submodule imports its package")
    try:
        found = importlib.util.find_spec(module)
    except ValueError:  # in sys.modules without a spec
        found = None
    if found is None:
        raise _missing(package, extra, feature)


def _missing(package: str, extra: str, feature: str) -> ModuleNotFoundError:
    """The error that names the extra bringing ``package``."""
    return ModuleNotFoundError(f"{feature} needs {package}: pip install 'cablelib[{extra}]'", name=package)
