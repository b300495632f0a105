"""An optional compiled build: the modules that run for every cable, compiled by mypyc.

Why: a parse is pure Python, and what is left of its time is the
interpreter running cablelib's own code, spread over some sixty functions
(docs/corpus-runs.md, "Throughput").  mypyc compiles the modules where
much of it runs — the parse loop over Lark's tables, the field splitters,
the search for another message's envelope — unchanged, into C extensions
(×1.06–1.14 a parse).  Python imports an extension in preference to the
``.py`` file of the same name, so nothing else changes, and the output is
the same (tests/test_compiled.py compares every repository cable's).  It is optional: it needs a C compiler and mypy,
and a checkout without it is the reference.

Use::

    pip install 'cablelib[compile]'        # mypy, which carries mypyc, and setuptools
    cablelib compiled build        # an extension beside each module's .py
    cablelib compiled status
    cablelib compiled clean        # back to pure Python

It writes into the package directory it is run on, a checkout (editable
install) or an installed copy that may be written to.  An extension older
than its ``.py`` (the source edited after a build) is stale: it would keep
running the old code, so ``import cablelib`` warns (:class:`StaleCompiledWarning`)
and ``status`` names it; build again or clean.

A wheel that carries the compiled modules, for machines without a
compiler (a cluster's workers), is built by the build hook in
``hatch_build.py``::

    HATCH_BUILD_HOOK_ENABLE_CUSTOM=true python -m build --wheel

Its extensions were compiled from the very ``.py`` files beside them, but
an installer gives the files whatever times it writes them at, so the
wheel also carries :data:`BUILT_TOGETHER`, which tells the stale check
that file times mean nothing there.

What mypyc changes, beyond speed: the compiled modules check their
functions' annotated argument types (a ``str`` parameter given an ``int``
raises ``TypeError`` there), their classes cannot be given new attributes
or methods at run time (monkeypatching), and a profiler sees their
functions as one C call.
"""

from __future__ import annotations

import os
import sys
import warnings
from importlib.machinery import EXTENSION_SUFFIXES
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["BUILT_TOGETHER", "MODULES", "StaleCompiledWarning", "build", "clean", "mark_built_together", "status",
           "warn_if_stale", "run"]

MODULES = (
    "table_parser",
    "fields.body",
    "fields.caption",
    "fields.envelope",
    "fields.references",
    "fields.dates",
    "other_cables",
    "variants.signals",
    "normalize",
    "assemble",
)
"""The modules compiled, relative to the package: the per-cable hot path that mypyc takes as it is.

Not ``ids``: its functions check their arguments' types themselves, with
a clear error, which a compiled function would pre-empt with mypyc's own
``TypeError``.  Not ``transform``: its methods are given lark-cython's
tokens, which are no ``lark.Token`` that compiled code would accept, and
with those annotations loosened mypyc 2.4.1 writes C that does not
compile (``CPyModule_lark___visitors`` undeclared); past that, the
variants' transformers, Python subclasses of it, fail the compiled
methods' check of ``self``; and compiled, on the cables that do not use
a variant, it was no faster within the noise (docs/corpus-runs.md,
nineteenth session).  ``assemble``, alone no faster within the noise, is
compiled with the variant signals and ``normalize``, which run once a
cable too: the three together are ~3 % of a compiled parse (medians of
2,107 against 2,051 cables/s, Debian's interpreter).
"""

GROUP = "_compiled"
"""The shared library mypyc puts the modules' code in (``cablelib/_compiled__mypyc.*.so``)."""

PACKAGE = os.path.dirname(os.path.abspath(__file__))
"""This package's directory (a string: ``import cablelib`` checks it, and pathlib costs a fresh process ~5 ms)."""

BUILT_TOGETHER = "_compiled_with_sources.txt"
"""The file, in the package directory, that a compiled wheel carries (``hatch_build.py``).

Its presence says that the extensions were compiled from the ``.py``
files installed with them, so their file times, which the installer set,
say nothing about staleness: :func:`status` calls such extensions
``compiled`` and :func:`warn_if_stale` stays quiet.  :func:`build` and
:func:`clean` remove it: after them the file times mean what they say again.
"""


class StaleCompiledWarning(RuntimeWarning):
    """A compiled module is older than its source: the old code runs."""


def _source(package: Path, module: str) -> Path:
    return package.joinpath(*module.split(".")).with_suffix(".py")


def _extensions(package: Path, module: str) -> list[Path]:
    """The extension files of ``module`` in ``package`` (any interpreter's)."""
    source = _source(package, module)
    stem = source.stem
    return sorted(p for p in source.parent.glob(f"{stem}.*") if p.name != source.name and _is_extension(p))


def _is_extension(path: Path) -> bool:
    return path.suffix in (".so", ".pyd") and path.name.split(".", 1)[0] != "__init__"


def _group_files(package: Path) -> list[Path]:
    return sorted(p for p in package.glob(f"{GROUP}__mypyc.*") if _is_extension(p))


def _current(package: str | os.PathLike[str], module: str) -> str | None:
    """The extension this interpreter would import for ``module``, if there is one."""
    base = os.path.join(package, *module.split("."))
    for suffix in EXTENSION_SUFFIXES:
        if os.path.exists(base + suffix):
            return base + suffix
    return None


def status(package: str | os.PathLike[str] | None = None) -> dict[str, str]:
    """Each module's state: ``compiled``, ``stale`` (older than its source) or ``pure``.

    With plain ``os`` calls (a few stats a module): ``import cablelib``
    runs it through :func:`warn_if_stale`.
    """
    package = PACKAGE if package is None else package
    together = os.path.exists(os.path.join(package, BUILT_TOGETHER))
    states = {}
    for module in MODULES:
        extension = _current(package, module)
        if extension is None:
            states[module] = "pure"
            continue
        try:
            stale = not together and (os.stat(extension).st_mtime
                                      < os.stat(os.path.join(package, *module.split(".")) + ".py").st_mtime)
        except OSError:  # no source beside it: nothing to be older than
            stale = False
        states[module] = "stale" if stale else "compiled"
    return states


def warn_if_stale() -> None:
    """Warn, naming them, when compiled modules are older than their source (``import cablelib`` calls it).

    Reads only file times: a module imported later, on first use, is
    checked here too.
    """
    library = os.path.join(PACKAGE, f"{GROUP}__mypyc")
    if not any(os.path.exists(library + suffix) for suffix in EXTENSION_SUFFIXES):
        return  # not compiled for this interpreter: one to three stats
    stale = [module for module, state in status().items() if state == "stale"]
    if stale:
        names = ", ".join(stale)
        warnings.warn(f"cablelib: the compiled {names} {'is' if len(stale) == 1 else 'are'} older than the "
                      "source and would run the old code; run 'cablelib compiled build' (or 'clean')",
                      StaleCompiledWarning, stacklevel=3)


def clean(package: str | os.PathLike[str] | None = None) -> list[Path]:
    """Remove the compiled modules (every interpreter's) and their shared library; the files removed."""
    from pathlib import Path

    package = Path(PACKAGE if package is None else package)
    removed = []
    for path in [*(p for module in MODULES for p in _extensions(package, module)), *_group_files(package)]:
        path.unlink()
        removed.append(path)
    (package / BUILT_TOGETHER).unlink(missing_ok=True)  # file times count again
    return removed


def mark_built_together(package: str | os.PathLike[str]) -> Path:
    """Write :data:`BUILT_TOGETHER` into ``package`` (whose extensions were just built from its sources); its path."""
    from pathlib import Path

    marker = Path(package) / BUILT_TOGETHER
    marker.write_text("cablelib's compiled modules here were built from the .py files beside them "
                      f"(a compiled wheel, {sys.implementation.cache_tag}); see cablelib/compiled.py.\n",
                      encoding="utf-8")
    return marker


_SETUP = """
import sys
from setuptools import setup
from mypyc.build import mypycify
setup(name="cablelib-compiled", packages=[], script_args=["build_ext", "--inplace"],
      ext_modules=mypycify(["--follow-imports=silent", *sys.argv[1:]], group_name={group!r}, opt_level="3"))
"""


def build(package: str | os.PathLike[str] | None = None, *, into: str | os.PathLike[str] | None = None,
          quiet: bool = True) -> list[Path]:
    """Compile :data:`MODULES` of ``package`` (this one by default); the files written.

    The package's ``.py`` files are copied to a temporary directory and
    compiled there (mypyc reads the whole package for its types), and only
    the extensions are copied back: into ``package`` itself, or into the
    directory ``into`` (laid out as the package is; ``hatch_build.py``
    collects a wheel's extensions there without writing to the checkout).
    Raises ``RuntimeError`` with mypyc's or the compiler's output when the
    build fails; the target is then left as it was.
    """
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    try:
        import mypyc.build  # noqa: F401
    except ImportError:
        raise RuntimeError("the compiled build needs mypyc: pip install 'cablelib[compile]'") from None
    package = Path(PACKAGE if package is None else package)
    with tempfile.TemporaryDirectory(prefix="cablelib-mypyc-") as work:
        copy = Path(work) / "cablelib"
        shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyd", "data",
                                                                     "grammars"))
        sources = [str(_source(Path("cablelib"), module)) for module in MODULES]
        done = subprocess.run([sys.executable, "-c", _SETUP.format(group=f"cablelib.{GROUP}"), *sources],
                              cwd=work, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": ""})
        if done.returncode != 0:
            raise RuntimeError(f"mypyc failed (exit {done.returncode}):\n{done.stdout[-4000:]}{done.stderr[-4000:]}")
        built = [*(p for module in MODULES for p in _extensions(copy, module)), *_group_files(copy)]
        if len(built) != len(MODULES) + 1:
            raise RuntimeError(f"mypyc built {[p.name for p in built]}, not one extension a module and a library")
        out = package if into is None else Path(into)
        clean(out)
        written = []
        for path in built:
            target = out / path.relative_to(copy)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            written.append(target)
    if not quiet:
        for path in written:
            print(path)
    return written


def run(action: str) -> int:
    """``cablelib compiled build|clean|status``: do it, then print each module's state."""
    if action == "build":
        try:
            build(quiet=False)
        except RuntimeError as error:
            print(f"cablelib compiled: {error}", file=sys.stderr)
            return 1
    elif action == "clean":
        for path in clean():
            print(f"removed {path}")
    for module, state in status().items():
        print(f"{module:20} {state}")
    return 0
