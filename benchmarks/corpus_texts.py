"""Loading the shared corpus for the benchmarks, and describing the machine.

The benchmarks measure parsing, not disk: every text is read and unwrapped
once, up front, and kept in memory.  "Cable text" is what the grammar sees
(:attr:`cablelib.sources.Unwrapped.text`: the cable out of its HTML page,
CSV row or WikiLeaks page); the regex baseline and ``cablelib.parse`` both
get exactly these strings.
"""

from __future__ import annotations

import os
import platform
import sys
from dataclasses import dataclass
from pathlib import Path

from cablelib.sources import read_path

__all__ = ["DEFAULT_CORPUS", "Entry", "load", "repeat", "machine"]

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SUFFIXES = {".html", ".txt", ".csv"}


@dataclass(frozen=True)
class Entry:
    """One cable of the corpus, in memory."""

    path: str        # the file it came from (a CSV file gives several entries)
    text: str        # the cable text the grammar sees
    size: int        # UTF-8 bytes of ``text``


def corpus_files(corpus: Path) -> list[Path]:
    """The corpus's cable files (README.md and MANIFEST.tsv are not cables)."""
    return sorted(p for p in corpus.rglob("*")
                  if p.is_file() and p.suffix in SUFFIXES and p.name != "README.md")


def load(corpus: Path = DEFAULT_CORPUS) -> list[Entry]:
    """Every cable of the corpus (317 for the shared corpus), in file order."""
    if not corpus.is_dir():
        raise SystemExit(f"corpus not found: {corpus} (use --corpus)")
    entries = []
    for path in corpus_files(corpus):
        for unwrapped in read_path(path):
            entries.append(Entry(str(path), unwrapped.text, len(unwrapped.text.encode("utf-8"))))
    return entries


def repeat(entries: list[Entry], count: int) -> list[Entry]:
    """``entries`` cycled to ``count`` items (the speed of a bigger corpus; not robustness)."""
    if count <= len(entries):
        return entries[:count]
    return [entries[i % len(entries)] for i in range(count)]


def machine() -> str:
    """One line about the machine, for the record next to the numbers."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        cores = len(os.sched_getaffinity(0))  # type: ignore[attr-defined]
    except AttributeError:
        cores = os.cpu_count() or 0
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
        mem = f", {memory:.0f} GiB RAM"
    except (ValueError, OSError, AttributeError):
        mem = ""
    import lark

    try:
        import lark_cython

        cython = f", lark-cython {getattr(lark_cython, '__version__', 'installed')}"
    except ImportError:
        cython = ", no lark-cython"
    from cablelib.compiled import status

    states = set(status().values())
    build = "pure Python" if states == {"pure"} else "compiled" if states == {"compiled"} else "partly compiled"
    return (f"{cpu}, {cores} cores{mem}; {platform.system()} {platform.release()}; "
            f"CPython {platform.python_version()} ({interpreter_build()}) at {sys.executable}; "
            f"lark {lark.__version__}{cython}; cablelib {build} (cablelib.compiled); "
            f"argv: {' '.join(sys.argv[1:]) or '(defaults)'}")


def interpreter_build() -> str:
    """How this interpreter was built, as far as it can tell: the same Python code runs
    ×1.2–1.3 faster on a build with profile-guided optimisation and LTO, statically linked
    (docs/corpus-runs.md, "Fifteenth session"), so a speed means little without it.

    ``sysconfig`` does not always say: Debian builds its static ``/usr/bin/python3.X``
    with PGO and LTO but keeps those flags out of ``_sysconfigdata``, whose
    ``CONFIG_ARGS`` are its shared-library build's ("Enable LTO/PGO builds on some
    architectures", "Don't propagate lto flags to the _sysconfigdata module":
    ``/usr/share/doc/python3.11/changelog.Debian.gz``).  So the linkage is read from the
    running process's own mappings (``/proc/self/maps``), and the configure flags are
    given only for a shared one.
    """
    import sysconfig

    try:
        shared = "libpython" in Path("/proc/self/maps").read_text()
    except OSError:
        return "linkage unknown"
    if not shared:
        return "libpython static"
    args = sysconfig.get_config_var("CONFIG_ARGS") or ""
    flags = [flag for flag in ("--enable-optimizations", "--with-lto") if flag in args]
    return f"libpython shared, {' '.join(flags) if flags else 'no --enable-optimizations'}"
