"""Parallel corpus runs: parse many files in a process pool, in input order.

Why processes: parsing is pure Python and CPU-bound, so threads would share
one core.  Why this shape:

* **Work units are small chunks**, not whole files: a chunk of paths (each
  worker reads, unwraps and parses them itself, so the parent does no
  parsing), or a chunk of rows of a ``cables.csv`` (the parent streams the
  CSV, which is cheap, and ships the rows out; one file can hold all
  251,287 cables, so it cannot be one unit).
* **Bounded memory**: at most ``jobs * window`` chunks are in flight; the
  parent waits for the oldest before it submits more.  Directories are
  walked lazily, one directory listing at a time, in the same order as
  ``sorted(Path.rglob('*'))``, each listing packed into a few bytes a name
  (:mod:`cablelib.sorted_listing`).  So memory does not grow with the
  corpus, even when the corpus is one flat directory.
* **Ordered results**: chunks are yielded in submission order, so
  ``run(source, jobs=4)`` gives the same sequence as the serial run.
* **Work in the worker**: ``convert`` (for example ``Cable.to_dict`` plus
  ``json.dumps``) runs in the worker, so the parent receives small,
  cheap-to-unpickle results instead of whole model trees.
* **Errors never stop a run**: a file that cannot be read, or (strict mode)
  a cable that does not parse, comes back as an error and is passed to
  ``on_error(name, error)``; the run goes on.

:func:`cablelib.iter_corpus` uses this module when ``jobs`` is not 1.
"""

from __future__ import annotations

import collections
import os
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import CableError
from .model import Cable
from .sorted_listing import DIRECTORY, FILE, read_sorted
from .sources import Unwrapped, read_path
from .sources.archives import ArchiveMember
from .sources.files import UnreadableEntry, file_container, read_archive_member

if TYPE_CHECKING:
    import multiprocessing.context
    from concurrent.futures import Future

__all__ = ["run", "walk", "default_jobs", "Failure"]

T = TypeVar("T")

CHUNK_FILES = 8
"""Files per work unit: big enough to amortise a round trip, small enough to balance."""
CHUNK_ROWS = 32
"""CSV rows per work unit."""
WINDOW = 4
"""Chunks in flight per worker: keeps every worker busy while bounding memory."""
_THREAD_END_WAIT = 0.05
"""Seconds an extra thread of the process is given to end before workers are spawned instead of forked."""


class Failure:
    """A file or cable that produced an error instead of a result (picklable)."""

    __slots__ = ("name", "error_type", "error_args", "error_state", "size")

    def __init__(self, name: str, error: CableError, size: int = 0) -> None:
        self.name = name
        self.size = size
        self.error_type = type(error)
        self.error_args = error.args
        self.error_state = dict(getattr(error, "__dict__", {}))

    def error(self) -> CableError:
        """The original exception, rebuilt (CableSyntaxError has keyword-only arguments,
        so exceptions are not sent through pickle as they are)."""
        error = self.error_type.__new__(self.error_type)
        BaseException.__init__(error, *self.error_args)
        error.__dict__.update(self.error_state)
        return error


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))  # type: ignore[attr-defined]
    except AttributeError:
        return max(1, os.cpu_count() or 1)


# ------------------------------------------------------------------ walking


def walk(source: Any) -> Iterator[str]:
    """Every file of ``source`` (a path, a directory, or an iterable of them) in
    the order of ``sorted(Path(d).rglob('*'))``, skipping hidden names (files
    and directories: a ``.git`` beside the cables is not part of the corpus),
    lazily.

    A path given by name is yielded as it is, whatever it is (``/dev/stdin``
    works).  Inside a directory, what cannot be read as a cable file — a
    sub-directory that cannot be listed, a named pipe, socket or device —
    comes out as an :class:`~cablelib.sources.files.UnreadableEntry`, so the
    run reports it instead of skipping it unseen or waiting on a pipe.
    """
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        if os.path.isdir(path):
            yield from _walk_dir(path)
        else:
            yield path
    else:
        for item in source:
            yield from walk(item)


def _walk_dir(directory: str) -> Iterator[str]:
    # Path ordering compares components, so a depth-first walk that sorts
    # each directory's entries (files and sub-directories together) by name
    # gives the same order as sorting every path of the tree.
    # The listing is held packed (cablelib.sorted_listing): a flat directory
    # of the whole corpus must not make the run's memory grow with it.
    try:
        listing = read_sorted(directory)
    except OSError as error:
        yield UnreadableEntry(directory, f"cannot list this directory: {error.strerror or error}")
        return
    for name, kind in listing:
        path = os.path.join(directory, name)
        if kind == DIRECTORY:
            yield from _walk_dir(path)
        elif kind == FILE:
            yield path
        else:
            yield _special(path)


_SPECIAL_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
                  (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def _special(path: str) -> str:
    """A directory entry that is neither a file nor a directory."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return path  # a dangling link: reading it reports "no such file"
    for test, kind in _SPECIAL_KINDS:
        if test(mode):
            return UnreadableEntry(path, f"{kind}, not a cable file")
    return path  # pragma: no cover - nothing else is neither file nor directory


# ------------------------------------------------------------------ work units


CABLE_SUFFIXES = (".html", ".htm", ".txt")
SNIFF_ABOVE = 1 << 20
"""A regular file with one of ``CABLE_SUFFIXES`` in its name is looked into
(:func:`_read_here`) only when it is bigger than this (1 MiB; the largest
cablegate page is ~200 KB).  Why: opening and sniffing every file cost the
parent of a ``--jobs`` run ~57 µs a file of the ~0.2 ms a cable it spends in
all (2,536 opens of the corpus ×8), the parent being the one process every
cable passes through.  A small ``cables.csv`` or archive so named is sent to
a worker whole, which gives the same cables (read as the serial run reads
them), only on one worker."""


def _read_here(path: str) -> bool:
    """Whether the parent reads ``path`` itself instead of sending it to a worker.

    A ``cables.csv`` or an archive (sniffed from its first bytes as
    read_path reads them, compressed or in UTF-16 too), so that its rows or
    member files are spread over the workers; and a path given by name that is
    not a regular file — ``/dev/stdin``, a pipe, ``<(...)`` — which can be
    read only once, only by this process (a worker started with ``spawn``
    does not share its stdin), and must not lose its first bytes to a sniff.
    A small file named like a cable file is not looked into (``SNIFF_ABOVE``).
    """
    if isinstance(path, UnreadableEntry):
        return False  # the worker reports it
    try:
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode):
            return not os.path.isdir(path)
        if status.st_size <= SNIFF_ABOVE and path.lower().endswith(CABLE_SUFFIXES):
            return False
        return file_container(path) in ("csv", "archive")
    except Exception:  # noqa: BLE001 - unreadable, a corrupt archive: the worker reports it
        return False


def _units(source: Any, chunk_files: int = CHUNK_FILES,
           chunk_rows: int = CHUNK_ROWS) -> Iterator[tuple[str, list[Any]]]:
    """Chunks of work: ``("paths", [path, ...])`` and ``("rows", [Unwrapped or ArchiveMember, ...])``."""
    paths: list[str] = []
    for path in walk(source):
        if not _read_here(path):
            paths.append(path)
            if len(paths) >= chunk_files:
                yield "paths", paths
                paths = []
            continue
        if paths:
            yield "paths", paths
            paths = []
        try:
            # An archive's members come unread: the workers read them (ArchiveMember).
            rows = read_path(path, defer_members=True)
        except CableError as error:
            yield "failed", [Failure(path, error, 0)]
            continue
        chunk: list[Unwrapped | ArchiveMember] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= chunk_rows:
                yield "rows", chunk
                chunk = []
        if chunk:
            yield "rows", chunk
    if paths:
        yield "paths", paths


# ------------------------------------------------------------------ the worker side


def _parse_unit(kind: str, items: list[Any], options: dict[str, Any],
                convert: Callable[[Cable], Any] | None, details: bool,
                combine: Callable[[list[Any]], Any] | None = None) -> list[Any]:
    """Parse one chunk; runs in a worker (or in-process for ``jobs=1``).

    With ``details`` each result is ``(converted, diagnostic codes, input
    bytes)``: what a progress bar and an end-of-run summary need, computed
    here so that the parent only adds numbers.  With ``combine`` too, each run
    of consecutive results becomes one ``(combine(values), codes, bytes,
    count)``.
    """
    from .api import parse_unwrapped

    out: list[Any] = []

    def parse_one(unwrapped: Unwrapped, fallback: str, size: int) -> None:
        try:
            cable = parse_unwrapped(unwrapped, **options)
        except CableError as error:  # strict mode
            out.append(Failure(unwrapped.name or fallback, error, size))
            return
        result = convert(cable) if convert is not None else cable
        if details:
            result = (result, tuple(d.code for d in cable.diagnostics), size)
        out.append(result)

    if kind == "failed":
        return items
    if kind == "rows":
        for row in items:
            if isinstance(row, ArchiveMember):
                size = len(row.data)
                for unwrapped in read_archive_member(row):
                    parse_one(unwrapped, row.name, size)
                    size = 0  # the member's bytes count once, with its first cable
            else:
                parse_one(row, "<csv row>", len(row.text))
    else:
        _parse_paths(items, parse_one, out)
    return _combined(out, combine) if combine is not None else out


def _parse_paths(paths: list[str], parse_one: Callable[[Unwrapped, str, int], None], out: list[Any]) -> None:
    for path in paths:
        try:
            unwrapped_items = read_path(path)
        except CableError as error:
            out.append(Failure(path, error, 0))
            continue
        try:
            size = os.path.getsize(path)
        except OSError:
            size = 0
        for unwrapped in unwrapped_items:
            parse_one(unwrapped, path, size)
            size = 0  # the file's bytes count once, with its first cable


def _combined(results: list[Any], combine: Callable[[list[Any]], Any]) -> list[Any]:
    """Runs of ``(value, codes, size)`` results as ``(combine(values), codes, size, count)``."""
    out: list[Any] = []
    run: list[tuple[Any, tuple[str, ...], int]] = []

    def close() -> None:
        if run:
            codes = tuple(code for _, item_codes, _ in run for code in item_codes)
            out.append((combine([value for value, _, _ in run]), codes, sum(size for _, _, size in run), len(run)))
            run.clear()

    for result in results:
        if isinstance(result, Failure):
            close()
            out.append(result)
        else:
            run.append(result)
    close()
    return out


def _warm_worker() -> None:
    """Load the default parser once per worker, before the first chunk arrives."""
    from .registry import default_registry

    try:
        default_registry.get("generic").parser()
    except CableError:
        pass  # the first parse reports it properly


PARENT_CHECK_SECONDS = 1.0
"""How often a worker looks whether the process that started it is still there."""


def _exit_with_parent(parent: int) -> None:
    """End this worker soon after ``parent`` is gone, however it went.

    Why: a pool's workers wait for work on a pipe that they hold open
    themselves, so when the parent is killed outright (``kill -9``, the
    system's out-of-memory killer) nothing tells them: they wait forever,
    each holding its memory (~100 MB with pyarrow), and, in a pipeline,
    the parent's standard output, so that the next command never sees its
    input end.  A daemon thread looks at the parent process id once a
    second (``PARENT_CHECK_SECONDS``); when the worker has been handed to
    another process (init, or a sub-reaper), it ends the worker at once,
    without clean-up: there is no one left to send results to.
    ``prctl(PR_SET_PDEATHSIG)`` would do it without a thread, but on Linux
    only, and it fires when the *thread* that started the worker ends,
    which may be long before the run does.
    """
    def watch() -> None:
        while True:
            time.sleep(PARENT_CHECK_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="cablelib-parent-watch", daemon=True).start()


def _start_worker(parent: int) -> None:
    """The pool's initializer: :func:`_warm_worker`, in a process that runs only cablelib's code.

    So pyarrow, if its Parquet rows need it, is set up for a process of
    cablelib's own (:mod:`cablelib.arrow_setup`: no pandas, jemalloc's
    pool).  Not part of :func:`_warm_worker`, which the parent also calls,
    in the user's process.  ``parent`` is the process id of the run's
    process: the worker ends when it is gone (:func:`_exit_with_parent`).
    """
    from .arrow_setup import own_this_process

    _exit_with_parent(parent)
    own_this_process()
    _warm_worker()


def _other_threads() -> bool:
    """Whether this process runs a thread besides the calling one, native threads included.

    ``threading`` sees only the threads Python started.  Libraries start
    their own (importing pyarrow starts two, which is why the Parquet
    writer imports it only after the pool is started), and a child forked
    beside them may find one of their locks held forever.  Linux lists
    every thread of the process under ``/proc/self/task``, as CPython 3.12
    reads it for its own warning about forking there.
    """
    if threading.active_count() > 1:
        return True
    # A thread that has just ended (the previous pool's manager and queue
    # feeder threads, joined when its run finished) can still be listed for
    # a moment after Python's join returns; a later run in the same process
    # then spawned its workers now and then (2 of 5 processes, on the third
    # of three runs of 280 files; tests/test_parallel.py).  So an extra task
    # is looked at again for up to 50 ms before it counts: a library's own
    # threads stay, an ending thread goes.
    deadline = time.monotonic() + _THREAD_END_WAIT
    while True:
        try:
            if len(os.listdir("/proc/self/task")) <= 1:
                return False
        except OSError:  # no /proc: Python's own count is all that is known
            return False
        if time.monotonic() >= deadline:
            return True
        time.sleep(0.001)


def _context() -> multiprocessing.context.BaseContext:
    # fork starts workers in milliseconds and shares the loaded parser; it
    # is only safe while this process has no other threads.
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.platform != "darwin" and not _other_threads():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


# ------------------------------------------------------------------ the parent side


def run(
    source: Any,
    *,
    jobs: int | None = None,
    convert: Callable[[Cable], T] | None = None,
    on_error: Callable[[str, CableError], Any] | None = None,
    details: bool = False,
    combine: Callable[[list[Any]], Any] | None = None,
    chunk_files: int | None = None,
    chunk_rows: int | None = None,
    **options: Any,
) -> Iterator[Any]:
    """Parse every cable of ``source`` and yield results in input order.

    Args:
        source: a file, a directory (recursively), or an iterable of them.
        jobs: worker processes; ``None`` or ``0`` means one per CPU, ``1``
            parses in this process (no pool).
        convert: applied to each :class:`Cable` in the worker; the parent
            gets what it returns (must be picklable).  ``None`` yields cables.
        on_error: called in the parent as ``on_error(name, error)`` for each
            unreadable file or (strict mode) each cable that failed; the run
            goes on.  Without it such an input is yielded as a
            diagnostic-only :class:`Cable` (passed through ``convert``), as
            :func:`cablelib.iter_corpus` does.
        details: yield ``(result, diagnostic_codes, input_bytes)`` instead
            of ``result`` (for progress bars and summaries).
        combine: with ``details``, applied in the worker to each run of
            converted results of a chunk (for example, rows into one Arrow
            record batch, so the parent does no per-cable work); yields
            ``(combined, diagnostic_codes, input_bytes, count)``.
        chunk_files, chunk_rows: files, or rows of a ``cables.csv``, per
            work unit; ``None`` for :data:`CHUNK_FILES`, :data:`CHUNK_ROWS`.
            Larger units suit a ``combine`` with a cost per call (Arrow's).
        **options: passed to :func:`cablelib.api.parse_unwrapped`
            (``strict``, ``variant``, ...).
    """
    from .api import check_run_options, error_cable  # not at the top: cablelib.api imports this module on first use

    check_run_options("run", jobs, options)
    if jobs is None or jobs <= 0:
        jobs = default_jobs()
    if combine is not None and not details:
        raise ValueError("combine needs details=True")
    chunk_files = CHUNK_FILES if chunk_files is None else chunk_files
    chunk_rows = CHUNK_ROWS if chunk_rows is None else chunk_rows
    if chunk_files < 1 or chunk_rows < 1:
        raise ValueError("chunk_files and chunk_rows must be at least 1")

    def deliver(results: list[Any]) -> Iterator[Any]:
        for result in results:
            if isinstance(result, Failure):
                error = result.error()
                if on_error is not None:
                    on_error(result.name, error)
                else:
                    cable = error_cable(result.name, error)
                    value = convert(cable) if convert is not None else cable
                    if combine is not None:
                        yield combine([value]), ("unreadable",), result.size, 1
                    else:
                        yield (value, ("unreadable",), result.size) if details else value
            else:
                yield result

    if jobs == 1:
        for kind, items in _units(source, chunk_files, chunk_rows):
            yield from deliver(_parse_unit(kind, items, options, convert, details, combine))
        return

    # Imported here: multiprocessing and the pool are ~9 ms of a fresh process
    # (each CLI call), which a run with one job never uses.
    from concurrent.futures import ProcessPoolExecutor

    _warm_worker()  # forked workers inherit the loaded parser
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context(),
                             initializer=_start_worker, initargs=(os.getpid(),)) as pool:
        pending: collections.deque[Future[list[Any]]] = collections.deque()
        try:
            for kind, items in _units(source, chunk_files, chunk_rows):
                pending.append(pool.submit(_parse_unit, kind, items, options, convert, details, combine))
                while len(pending) >= jobs * WINDOW:
                    yield from deliver(pending.popleft().result())
            while pending:
                yield from deliver(pending.popleft().result())
        finally:
            for future in pending:
                future.cancel()



