"""Build hook: a wheel that carries cablelib's compiled modules, when asked for.

    HATCH_BUILD_HOOK_ENABLE_CUSTOM=true python -m build --wheel

Why: the compiled build (``cablelib/compiled.py``) needs mypyc and a C
compiler on the machine that runs it.  The machines of a cluster often have
neither, and building on each is slow; a wheel built once, on a machine like
them (the same interpreter version, platform and C library), installs the
extensions with the package.  Such a wheel is tagged for that interpreter
and platform (``cp311-cp311-linux_x86_64``), not ``py3-none-any``.

Off by default (``enable-by-default = false`` in ``pyproject.toml``): a
plain ``python -m build`` or ``pip install .`` gives the pure wheel, and
never asks for mypy.  Enabled, the hook's ``dependencies`` (mypy, which
carries mypyc, and setuptools) and cablelib's own (mypyc reads lark's and
attrs' types) join the build requirements.

The checkout is not written to: :func:`cablelib.compiled.build` compiles
the package and puts the extensions in a temporary directory, from which
they are added to the wheel beside the ``.py`` files they were compiled
from, with :data:`cablelib.compiled.BUILT_TOGETHER` (installers set file
times as they please, so the stale check must not read them).
"""

from __future__ import annotations

import importlib.util
import shutil
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def _compiled_module(root: Path) -> ModuleType:
    """``cablelib/compiled.py`` loaded by itself: importing the package would need lark and attrs."""
    spec = importlib.util.spec_from_file_location("_cablelib_compiled_for_wheel", root / "cablelib" / "compiled.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class CompiledWheelHook(BuildHookInterface):  # type: ignore[type-arg]
    """Adds the compiled modules to a wheel (see the module's docstring)."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return  # an editable install compiles in place: `cablelib compiled build`
        root = Path(self.root)
        compiled = _compiled_module(root)
        self._work = tempfile.mkdtemp(prefix="cablelib-wheel-")
        out = Path(self._work)
        built = [*compiled.build(root / "cablelib", into=out), compiled.mark_built_together(out)]
        for path in built:
            build_data["force_include"][str(path)] = f"cablelib/{path.relative_to(out).as_posix()}"
        build_data["pure_python"] = False
        build_data["infer_tag"] = True

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        work = getattr(self, "_work", None)
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
