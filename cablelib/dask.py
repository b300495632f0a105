"""Parsing on a Dask cluster: a bag of cables, and Parquet shards written by the workers.

Why Dask (the ``[dask]`` extra): one file in, one record out, no shuffle —
the work is embarrassingly parallel, and Dask runs the same Python function
on a laptop (``LocalCluster``) or on many machines, starts in a fraction of
a second and needs no JVM.  ``--jobs`` (:mod:`cablelib.corpus`) is enough for
one machine; this module is for more than one.

Two entry points:

* :func:`read_cables` — a ``dask.bag.Bag`` of :class:`~cablelib.model.Cable`
  (or of whatever ``convert`` makes of each cable, in the worker: pass
  :func:`cablelib.export.cable_json` and ``.to_textfiles()`` writes JSON Lines
  shards).  The bag keeps the input order, so ``bag.compute()`` equals
  ``list(cablelib.iter_corpus(paths))``.
* :func:`write_parquet` — each task parses its files and writes one Parquet
  shard (``part-00000.parquet``, ...) with the schema of
  :func:`cablelib.export.parquet_schema`, so no cable travels back to the
  client; DuckDB reads the directory with ``read_parquet('dir/*.parquet')``.

Paths are local (or on a file system every worker mounts at the same
place): a directory, a glob pattern, a file, or a list of them.  One big
file is split so that it keeps every worker busy:

* a zip archive (named ``*.zip``) into ranges of its members
  (``files_per_partition`` each), one task a range;
* a ``cables.csv`` (named ``*.csv``, not compressed) into ranges of about
  ``csv_bytes_per_partition`` bytes, one task a range.  Where the rows
  start is not known before the file is read, so the ranges are found by
  a first round of tasks that read the file in parallel
  (:mod:`cablelib.sources.csv_split`) and checked, so the tasks give the
  cables, names and diagnostics of the serial run; for :func:`read_cables`
  that round runs with the bag, when it is computed.

A compressed ``cables.csv``, a tar archive or a compressed zip is parsed,
streamed, by the one task that gets it; unpack it first for more
parallelism.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .corpus import run, walk
from .errors import CableSourceError
from .extras import import_extra
from .model import Cable

__all__ = ["CSV_BYTES_PER_PARTITION", "FILES_PER_PARTITION", "expand_paths", "read_cables", "write_parquet"]

FILES_PER_PARTITION = 64
"""Files per Dask partition: a few hundred milliseconds of work per task."""

CSV_BYTES_PER_PARTITION = 2 << 20
"""Bytes of a ``cables.csv`` per Dask partition: about 300 cables of the
release (6.8 KB a row on average), a few hundred milliseconds of work."""


def expand_paths(paths_or_glob: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[str]:
    """Every input file, in order: directories walked (sorted), globs expanded (sorted).

    A glob that matches nothing raises :class:`~cablelib.errors.CableSourceError`
    (a mistyped pattern would otherwise give an empty bag, as if the corpus
    were empty), as ``dask.bag.read_text`` does; a path that does not exist is
    kept and reported by the run, like :func:`cablelib.iter_corpus` does.
    """
    items = [paths_or_glob] if isinstance(paths_or_glob, (str, os.PathLike)) else list(paths_or_glob)
    out: list[str] = []
    for item in items:
        text = os.fspath(item)
        if glob.has_magic(text) and not os.path.exists(text):
            matches = sorted(glob.glob(text, recursive=True))
            if not matches:
                raise CableSourceError(f"{text}: no file matches this pattern")
            for match in matches:
                out.extend(walk(match))
        else:
            out.extend(walk(text))
    return out


class _CsvSplit:
    """A ``cables.csv`` to be split: its path and where the client cut it."""

    __slots__ = ("cuts", "path")

    def __init__(self, path: str, cuts: list[int]) -> None:
        self.path, self.cuts = path, cuts


def _partitions(paths: list[str], files_per_partition: int,
                csv_bytes_per_partition: int = CSV_BYTES_PER_PARTITION) -> list[list[str] | _CsvSplit]:
    """Runs of ``files_per_partition`` files, in order; a zip archive is split into
    ranges of as many members, each a partition of its own (:func:`_zip_ranges`),
    and a ``cables.csv`` is cut for :func:`_csv_tasks`."""
    size = max(1, files_per_partition)
    parts: list[list[str] | _CsvSplit] = []
    files: list[str] = []
    for path in paths:
        csv = _csv_split(path, csv_bytes_per_partition)
        ranges = _zip_ranges(path, size) if csv is None else None
        if csv is None and ranges is None:
            files.append(path)
            if len(files) >= size:
                parts.append(files)
                files = []
            continue
        if files:
            parts.append(files)
            files = []
        if csv is not None:
            parts.append(csv)
        else:
            parts.extend([piece] for piece in ranges or ())
    if files:
        parts.append(files)
    return parts


def _csv_split(path: str, every: int) -> _CsvSplit | None:
    """``path`` cut every ``every`` bytes, or ``None`` to keep it whole: not named
    ``*.csv`` (only those are looked into, as with zips), or not a ``cables.csv``
    that can be cut (:func:`~cablelib.sources.csv_split.splittable_size`), or
    no bigger than one partition."""
    from .sources.csv_split import cuts, splittable_size
    from .sources.files import UnreadableEntry

    if isinstance(path, UnreadableEntry) or not path.lower().endswith(".csv"):
        return None
    size = splittable_size(path)
    if size is None or size <= every:
        return None
    return _CsvSplit(path, cuts(size, every))


def _csv_tasks(split: _CsvSplit) -> list[Any]:
    """One delayed list of paths per piece of ``split``: its range (a
    :class:`~cablelib.sources.csv_range.CsvRange`), nothing, or — when the scans
    found no plan — the whole file for the first piece."""
    from dask import delayed

    from .sources.csv_split import piece_paths, plan, scan

    edges = [*split.cuts[1:], None]
    scans = [delayed(scan, pure=True)(split.path, cut, next_cut) for cut, next_cut in zip(split.cuts, edges)]
    ranges = delayed(plan, pure=True)(split.path, scans)
    return [delayed(piece_paths, pure=True)(split.path, ranges, index) for index in range(len(split.cuts))]


def _partition_paths(parts: list[list[str] | _CsvSplit]) -> list[Any]:
    """Each partition's paths: a list, or a delayed list for the pieces of a ``cables.csv``."""
    out: list[Any] = []
    for part in parts:
        out.extend(_csv_tasks(part) if isinstance(part, _CsvSplit) else [part])
    return out


def _zip_ranges(path: str, members: int) -> list[str] | None:
    """``path`` as :class:`~cablelib.sources.zip_range.ZipRange` pieces of ``members``
    members, or ``None`` to keep it whole: not a zip file (a compressed one is
    read as a stream), or one whose directory cannot be read, which the task
    that reads it whole then reports as the serial run does.

    Only a name ending in ``.zip`` is opened to be looked at: the client
    would otherwise open every file of the corpus once more before the
    cluster starts (251,287 opens, slow on a network file system).  A zip
    named otherwise is still read, by one task, as the serial run reads it.
    """
    from .sources.archives import archive_kind
    from .sources.files import UnreadableEntry

    if isinstance(path, UnreadableEntry) or not path.lower().endswith(".zip"):
        return None
    try:
        with open(path, "rb") as handle:
            if archive_kind(handle.read(4)) != "zip":
                return None
        from .sources.zip_windows import zip_ranges

        return list(zip_ranges(path, members))
    except Exception:  # noqa: BLE001 - unreadable or corrupt: the task reading it reports it
        return None


def _parse_partition(paths: list[str], options: dict[str, Any],
                     convert: Callable[[Cable], Any] | None) -> list[Any]:
    """One task: parse its files in this worker (no nested process pool)."""
    return list(run(paths, jobs=1, convert=convert, **options))


def read_cables(
    paths_or_glob: Any,
    *,
    files_per_partition: int = FILES_PER_PARTITION,
    csv_bytes_per_partition: int = CSV_BYTES_PER_PARTITION,
    convert: Callable[[Cable], Any] | None = None,
    **options: Any,
) -> Any:
    """A ``dask.bag.Bag`` of the cables in ``paths_or_glob``, in input order.

    ``options`` go to the parser (``strict``, ``variant``); as in
    :func:`cablelib.iter_corpus`, an unreadable file becomes a
    diagnostic-only cable rather than a failed task.  Nothing runs until the
    bag is computed (the client only lists the files, reads the central
    directory of each ``*.zip`` and the first bytes of each ``*.csv``).
    """
    db = import_extra("dask.bag", "dask", "cablelib.dask")
    from dask import delayed

    parts = _partitions(expand_paths(paths_or_glob), files_per_partition, csv_bytes_per_partition)
    if not parts:
        return db.from_sequence([], npartitions=1)
    return db.from_delayed([delayed(_parse_partition)(paths, options, convert)
                            for paths in _partition_paths(parts)])


def _write_shard(item: tuple[int, list[str]], directory: str, options: dict[str, Any]) -> dict[str, Any]:
    """One task: parse its files and write ``part-NNNNN.parquet``; return what it wrote."""
    from .export import ParquetWriter, cable_row

    index, paths = item
    path = os.path.join(directory, f"part-{index:05d}.parquet")
    writer = ParquetWriter(path)
    rows = 0
    codes: dict[str, int] = {}
    try:
        for cable in run(paths, jobs=1, **options):
            writer.write(cable_row(cable))
            rows += 1
            for diagnostic in cable.diagnostics:
                codes[diagnostic.code] = codes.get(diagnostic.code, 0) + 1
    except BaseException:
        writer.abort()  # a failed task leaves no short shard behind (cablelib.output_file)
        raise
    writer.close()
    return {"path": path, "rows": rows, "files": len(paths), "diagnostics": codes}


def write_parquet(
    paths_or_glob: Any,
    directory: str | os.PathLike[str],
    *,
    files_per_partition: int = FILES_PER_PARTITION,
    csv_bytes_per_partition: int = CSV_BYTES_PER_PARTITION,
    client: Any = None,
    **options: Any,
) -> list[dict[str, Any]]:
    """Parse on the cluster and write one Parquet shard per partition into ``directory``.

    Runs now (on ``client``, or Dask's current scheduler) and returns one
    record per shard: ``path``, ``rows``, ``files``, ``diagnostics`` (counts
    by code).  Shards are numbered in input order, so reading the directory
    sorted by name gives the cables in input order.  A piece of a
    ``cables.csv`` counts as one file (none when its range holds no row).
    """
    import_extra("dask.bag", "dask", "cablelib.dask")
    import dask
    from dask import delayed

    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    parts = _partitions(expand_paths(paths_or_glob), files_per_partition, csv_bytes_per_partition)
    if not parts:
        return []
    tasks = [delayed(_write_shard)((index, paths), str(target), options)
             for index, paths in enumerate(_partition_paths(parts))]
    if client is not None:
        return list(client.gather(client.compute(tasks)))
    return list(dask.compute(*tasks))
