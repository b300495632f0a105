"""Writing parsed cables to JSON Lines and Parquet, for whole-corpus runs.

Why two formats: JSON Lines is exactly what ``cablelib parse`` prints
(``Cable.to_dict()``, one object a line), lossless and greppable; Parquet is
what data people load into DuckDB, pandas, Polars or Spark, columnar and
compressed, with the nested parts of a cable (recipients, references,
paragraphs, ...) as list-of-struct columns instead of JSON strings.

The Parquet schema (:data:`PARQUET_SCHEMA`, documented in
``docs/corpus-runs.md``) has one row per cable and every field of
:class:`~cablelib.model.Cable` except ``captions`` (the per-copy caption
blocks; their values are already in the cable-level columns, and the JSON
Lines output keeps them).  Spans are kept as ``struct<start, end, line,
column>`` so that ``source[start:end]`` still finds each node.

Rows are converted in the worker processes (:func:`cable_row`), each
worker's chunk of rows into one Arrow record batch (:meth:`ParquetWriter.combine`)
that travels to the parent as an Arrow IPC stream (:class:`ArrowBatch`),
and the parent writes row groups of about :data:`BATCH_ROWS` rows, so the
rows held at once do not grow with the corpus and the parent does no
per-cable work.  One Parquet file still grows by ~95 KB a row group (Arrow
keeps their metadata until the file is closed); ``rows_per_file`` writes
part files instead (:mod:`cablelib.parquet_parts`).
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

from .arrow_setup import import_pyarrow, record_batch
from .extras import import_extra, require_extra
from .model import Cable, plain_data

if TYPE_CHECKING:
    from pathlib import Path

    from .output_file import OutputFile
    from .parquet_parts import ParquetParts

__all__ = [
    "cable_json",
    "cable_row",
    "parquet_schema",
    "JsonlWriter",
    "ParquetWriter",
    "ArrowBatch",
    "open_writer",
    "FORMATS",
    "BATCH_ROWS",
    "ExportSummary",
    "export",
    "input_bytes",
]

FORMATS = ("jsonl", "parquet")
BATCH_ROWS = 1024
"""Rows per Parquet record batch (and row group): about 10 MB of cables."""


# ``to_dict`` gives a tree (no object twice), so the encoder's check for
# circular references (a dict entry per container) can be skipped: the same
# text, 10 % sooner.
_ENCODE_LINE = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


def cable_json(cable: Cable, indent: int | None = None) -> str:
    """One cable as ``cablelib parse`` prints it (without the newline)."""
    if indent is None:
        return _ENCODE_LINE(cable.to_dict())
    return json.dumps(cable.to_dict(), ensure_ascii=False, indent=indent)


# ------------------------------------------------------------------ Parquet schema


@functools.cache
def parquet_schema() -> Any:
    """The pyarrow schema of the Parquet output (pyarrow is imported here, lazily)."""
    import pyarrow as pa

    span = pa.struct([("start", pa.int64()), ("end", pa.int64()),
                      ("line", pa.int32()), ("column", pa.int32())])
    ts = pa.timestamp("us", tz="UTC")
    strings = pa.list_(pa.string())
    recipient = pa.struct([
        ("route", pa.string()), ("name", pa.string()), ("precedence", pa.string()),
        ("serial", pa.string()), ("excluded", strings), ("span", span)])
    return pa.schema([
        ("reference_id", pa.string()),
        ("created", ts),
        ("classification", pa.string()),
        ("origin", pa.string()),
        ("envelope", pa.struct([
            ("transmission_id", pa.string()), ("precedence", pa.string()),
            ("routing_indicators", strings), ("station", pa.string()),
            ("sequence", pa.int64()), ("section", pa.int64()), ("filed", pa.string()),
            ("security", pa.string()), ("dtg_precedence", pa.string()), ("dtg_raw", pa.string()),
            ("span", span)])),
        ("dtg", ts),
        ("sender", pa.string()),
        ("recipients", pa.list_(recipient)),
        ("info_recipients", pa.list_(recipient)),
        ("classification_line", pa.struct([
            ("classification", pa.string()), ("section", pa.int64()), ("sections", pa.int64()),
            ("post", pa.string()), ("serial", pa.int64()), ("caveats", strings),
            ("raw", pa.string()), ("span", span)])),
        ("caveats", strings),
        ("attention", strings),
        ("executive_order", pa.string()),
        ("declassify_on", pa.date32()),
        ("tags", strings),
        ("subject", pa.string()),
        ("subject_raw", pa.string()),
        ("references", pa.list_(pa.struct([
            ("letter", pa.string()), ("kind", pa.string()), ("text", pa.string()),
            ("canonical_id", pa.string()), ("span", span)]))),
        ("classified_by", pa.struct([
            ("names", strings), ("title", pa.string()), ("reasons", strings),
            ("raw", pa.string()), ("span", span)])),
        ("paragraphs", pa.list_(pa.struct([
            ("number", pa.int64()), ("marking", pa.string()), ("heading", pa.string()),
            ("text", pa.string()), ("span", span)]))),
        ("summary", pa.string()),
        ("signers", strings),
        ("variant", pa.string()),
        ("diagnostics", pa.list_(pa.struct([
            ("code", pa.string()), ("message", pa.string()), ("span", span)]))),
        ("artefacts", pa.list_(pa.struct([
            ("kind", pa.string()), ("text", pa.string()), ("span", span)]))),
        ("wrapper", pa.struct([
            ("container", pa.string()), ("reference_id", pa.string()), ("created", ts),
            ("released", ts), ("classification", pa.string()), ("origin", pa.string()),
            ("subject", pa.string()), ("tags", strings), ("references", strings)])),
        ("source", pa.large_string()),
    ])


def cable_row(cable: Cable) -> dict[str, Any]:
    """A cable as a row of :func:`parquet_schema`: plain Python values, no captions.

    Built from the model, not from JSON, so dates stay ``date``/``datetime``
    and Arrow stores them as typed columns.
    """
    row = plain_data(cable)
    del row["captions"]
    return row


# ------------------------------------------------------------------ writers


def _as_path(value: str | os.PathLike[str]) -> Path:
    """``Path(value)``; :mod:`pathlib` is imported here, not with the module, because
    ``cablelib parse`` imports this module for :func:`cable_json` alone and reads
    its file through ``os`` (see :mod:`cablelib.cache_files`: ~4 ms a call)."""
    from pathlib import Path

    return Path(value)


def _output_file(path: Path) -> OutputFile:
    """A :class:`cablelib.output_file.OutputFile` for ``path`` (imported with the first writer)."""
    from .output_file import OutputFile

    return OutputFile(path)


class JsonlWriter:
    """JSON Lines: a line of :func:`cable_json` a cable, UTF-8.

    The workers make the bytes: each cable's line is encoded in the worker
    (:meth:`convert`) and a chunk's lines are joined there
    (:meth:`combine`), so the parent, which shares the cores with them,
    only writes one block a chunk.  Encoding the lines in the parent through
    a text file, and handing it results one by one, was two thirds of its
    work in an ``--jobs 2`` run.
    """

    chunk_files: int | None = None
    """Files per work unit of a corpus run: ``None``, the runner's default."""
    chunk_rows: int | None = None
    """Rows of a ``cables.csv`` per work unit: ``None``, the runner's default."""

    def __init__(self, path: str | Path) -> None:
        self.path = _as_path(path)
        self._output = _output_file(self.path)
        self._handle: IO[bytes] = os.fdopen(self._output.fd, "wb")

    @staticmethod
    def convert(cable: Cable) -> bytes:
        """Runs in the worker: the line to write, encoded, with its newline."""
        return (cable_json(cable) + "\n").encode("utf-8")

    @staticmethod
    def combine(lines: list[bytes]) -> bytes:
        """Runs in the worker: consecutive lines of a chunk as one block."""
        return b"".join(lines)

    def write_batch(self, block: bytes) -> None:
        """Write a block of encoded lines (see :meth:`combine`)."""
        self._handle.write(block)

    def close(self) -> None:
        """Finish the file and put it in place of ``path``."""
        self._handle.close()
        self._output.commit()

    def abort(self) -> None:
        """Drop the unfinished file; ``path`` keeps what it held before."""
        self._handle.close()
        self._output.discard()


class ArrowBatch:
    """A record batch that crosses the process pool as one Arrow IPC stream.

    Why: pickle takes a ``pyarrow.RecordBatch`` apart array by array (the
    schema's 142 arrays, nested ones counted, each with its buffers), which for a chunk
    of 8 cables cost the worker 171 µs a cable to dump and the parent 119
    µs a cable to load, more than converting the rows; as one IPC stream it
    is 21 and 11 µs (docs/corpus-runs.md, "Thirteenth session").  In a run
    without workers it is never pickled and costs nothing.
    """

    __slots__ = ("batch",)

    def __init__(self, batch: Any) -> None:
        self.batch = batch

    def __reduce__(self) -> tuple[Any, tuple[bytes]]:
        import pyarrow as pa

        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, self.batch.schema) as stream:
            stream.write_batch(self.batch)
        return _batch_from_ipc, (sink.getvalue().to_pybytes(),)


def _batch_from_ipc(data: bytes) -> ArrowBatch:
    """The :class:`ArrowBatch` an IPC stream of one record batch holds (unpickling)."""
    return ArrowBatch(import_pyarrow().ipc.open_stream(data).read_next_batch())


class ParquetWriter:
    """Parquet through pyarrow, one record batch (and row group) per :data:`BATCH_ROWS` rows."""

    chunk_files: int | None = 32
    """Files per work unit of a corpus run (``cablelib.corpus.run``), four times its default.

    Why: :meth:`combine` runs once a unit, and Arrow's conversion of rows
    has a cost per call (a converter for each of the schema's nested
    columns, ~0.3 ms): 8-row batches cost 77–275 µs a cable to build, 32-row
    ones 63–129, 64-row ones 48–93 (the spread is the machine's).  32 keeps
    units small enough to spread a few hundred files over the workers.
    """
    chunk_rows: int | None = 128
    """Rows of a ``cables.csv`` per work unit: four times the default, as for files."""

    def __init__(self, path: str | Path, *, batch_rows: int = BATCH_ROWS, compression: str = "zstd") -> None:
        # pyarrow is looked for now, so that a run without it stops before any
        # input is read, but imported only with the first rows or batch: its
        # threads would make a corpus run spawn its workers instead of forking
        # them (each spawned worker imports cablelib and pyarrow afresh).
        require_extra("pyarrow", "parquet", "Parquet output")
        self.path = _as_path(path)
        self._compression = compression
        self._output = _output_file(self.path)
        os.close(self._output.fd)  # pyarrow opens the file by name
        self._pa: Any = None
        self._writer: Any = None
        self._rows: list[dict[str, Any]] = []
        self._batches: list[Any] = []
        self._batched = 0
        self._batch_rows = batch_rows

    @staticmethod
    def convert(cable: Cable) -> dict[str, Any]:
        """Runs in the worker: the row to write."""
        return cable_row(cable)

    @staticmethod
    def combine(rows: list[dict[str, Any]]) -> ArrowBatch:
        """Runs in the worker: a chunk's rows as one Arrow record batch.

        Converting Python rows to Arrow costs about as much as unpickling
        them; done here, the parent only receives Arrow buffers and
        concatenates them, so it does not become the bottleneck when many
        workers feed it.
        """
        return ArrowBatch(record_batch(rows, parquet_schema()))

    def write(self, item: dict[str, Any]) -> None:
        """Add one row (see :meth:`convert`)."""
        self._rows.append(item)
        if len(self._rows) >= self._batch_rows:
            self._flush_rows()

    def write_all(self, items: Iterable[dict[str, Any]]) -> None:
        for item in items:
            self.write(item)

    def write_batch(self, batch: Any) -> None:
        """Add a record batch (see :meth:`combine`); row groups stay about :data:`BATCH_ROWS` rows."""
        if isinstance(batch, ArrowBatch):
            batch = batch.batch
        self._flush_rows()
        self._batches.append(batch)
        self._batched += batch.num_rows
        if self._batched >= self._batch_rows:
            self._flush_batches()

    @property
    def schema(self) -> Any:
        """The Arrow schema of the file (:func:`parquet_schema`)."""
        return parquet_schema()

    def _open(self) -> Any:
        """pyarrow's writer, made (and pyarrow imported) on first use."""
        if self._writer is None:
            import_extra("pyarrow", "parquet", "Parquet output")
            self._pa = import_pyarrow()
            pq = import_extra("pyarrow.parquet", "parquet", "Parquet output")
            try:
                self._writer = pq.ParquetWriter(str(self._output.write_path), self.schema,
                                                compression=self._compression)
            except OSError as error:  # pragma: no cover - the name was just created
                self._output.discard()
                raise self._output.cannot_write(error) from error
        return self._writer

    def _flush_rows(self) -> None:
        if self._rows:
            self._open()
            self._batches.append(record_batch(self._rows, self.schema))
            self._batched += len(self._rows)
            self._rows = []
            if self._batched >= self._batch_rows:
                self._flush_batches()

    def _flush_batches(self) -> None:
        if self._batches:
            writer = self._open()
            # The batches are written as they are: a row group is cut by rows, not
            # by chunks (concatenating them first held them twice: 22 MB more of
            # Arrow memory, 16 MB more at the process's peak, corpus ×8).
            table = self._pa.Table.from_batches(self._batches, schema=self.schema)
            writer.write_table(table, row_group_size=max(self._batch_rows, table.num_rows))
            self._batches = []
            self._batched = 0

    def close(self) -> None:
        """Write what is buffered, finish the file and put it in place of ``path``."""
        try:
            self._flush_rows()
            self._flush_batches()
            writer = self._open()  # an export of no cables still writes the schema
        except BaseException:
            self.abort()
            raise
        writer.close()
        self._output.commit()

    def abort(self) -> None:
        """Drop the unfinished file; ``path`` keeps what it held before."""
        try:
            if self._writer is not None:
                self._writer.close()
        finally:
            self._output.discard()


def open_writer(fmt: str, path: str | Path, *,
                rows_per_file: int | None = None) -> JsonlWriter | ParquetWriter | ParquetParts:
    """The writer for ``fmt`` (``'jsonl'`` or ``'parquet'``).

    With ``rows_per_file``, Parquet goes to a directory of part files of at
    most that many rows each (:class:`cablelib.parquet_parts.ParquetParts`).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    if rows_per_file is not None:
        if fmt != "parquet":
            raise ValueError("rows_per_file is for Parquet output: JSON Lines is one file")
        from .parquet_parts import ParquetParts

        return ParquetParts(path, rows_per_file)
    if fmt == "jsonl":
        return JsonlWriter(path)
    return ParquetWriter(path)


# ------------------------------------------------------------------ a whole run


class ExportSummary:
    """What an export did: counts, errors, diagnostics by code, time."""

    def __init__(self, fmt: str, output: Path) -> None:
        self.format = fmt
        self.output = output
        self.cables = 0
        self.errors: list[tuple[str, str]] = []
        self.diagnostics: dict[str, int] = {}
        self.seconds = 0.0
        self.files: int | None = None
        """Part files written (``rows_per_file``); ``None`` for one output file."""

    def add(self, codes: tuple[str, ...], cables: int = 1) -> None:
        self.cables += cables
        for code in codes:
            self.diagnostics[code] = self.diagnostics.get(code, 0) + 1

    def report(self) -> str:
        """The end-of-run summary, several lines of plain text."""
        rate = self.cables / self.seconds if self.seconds > 0 else 0.0
        files = "" if self.files is None else f", {self.files:,} part file{'s' if self.files != 1 else ''}"
        lines = [
            f"exported {self.cables:,} cables to {self.output} ({self.format}{files}) "
            f"in {self.seconds:.2f} s ({rate:,.0f} cables/s)",
            f"errors: {len(self.errors)}",
        ]
        lines += [f"  {name}: {message}" for name, message in self.errors[:20]]
        if len(self.errors) > 20:
            lines.append(f"  ... and {len(self.errors) - 20} more")
        if self.diagnostics:
            ranked = sorted(self.diagnostics.items(), key=lambda kv: (-kv[1], kv[0]))
            lines.append("diagnostics by code: " + ", ".join(f"{code} {n:,}" for code, n in ranked))
        else:
            lines.append("diagnostics by code: none")
        return "\n".join(lines)


def export(
    source: Any,
    fmt: str,
    output: str | Path,
    *,
    jobs: int | None = 1,
    progress: Any = None,
    on_error: Any = None,
    rows_per_file: int | None = None,
    **options: Any,
) -> ExportSummary:
    """Parse every cable of ``source`` and write them to ``output`` as ``fmt``.

    ``progress`` is a :class:`cablelib.progress.Progress` (or ``None`` for
    none); ``on_error(name, error)`` is called for each unreadable file or
    failed strict parse, which is also listed in the summary.  ``options``
    go to the parser (``strict``, ``variant``).  Results come back in input
    order, so the output is the same for any ``jobs``.  ``output`` is put in
    place only when the run finishes (:mod:`cablelib.output_file`); one that
    cannot be written raises :class:`~cablelib.errors.CableOutputError`
    before any input is read.

    ``rows_per_file`` (Parquet only) makes ``output`` a directory of part
    files, ``part-00000.parquet``, ..., of at most that many rows each, in
    input order (:mod:`cablelib.parquet_parts`).  Memory then stays flat
    however many cables there are; one file grows by ~95 KB a row group.
    """
    import time

    from .corpus import run

    summary = ExportSummary(fmt, _as_path(output))

    def failed(name: str, error: Exception) -> None:
        summary.errors.append((name, str(error)))
        if on_error is not None:
            on_error(name, error)

    writer = open_writer(fmt, output, rows_per_file=rows_per_file)
    start = time.perf_counter()
    try:
        # Both writers combine a worker's run of results into one block.
        for block, codes, size, count in run(source, jobs=jobs, convert=writer.convert, on_error=failed,
                                             details=True, combine=writer.combine,
                                             chunk_files=writer.chunk_files, chunk_rows=writer.chunk_rows,
                                             **options):
            writer.write_batch(block)
            summary.add(codes, count)
            if progress is not None:
                progress.update(count, size)
    except BaseException:
        # Interrupted or failed: no shorter file that looks finished
        # (cablelib.output_file); an earlier output under the name stays.
        writer.abort()
        raise
    else:
        writer.close()
        summary.files = getattr(writer, "files", None)
    finally:
        summary.seconds = time.perf_counter() - start
        if progress is not None:
            progress.close()
    return summary


def input_bytes(source: Any) -> int:
    """Total size of the input files (the progress bar's 100 %)."""
    from .corpus import walk

    total = 0
    for path in walk(source):
        try:
            total += os.path.getsize(path)
        except OSError:
            pass
    return total
