"""A Parquet export cut into part files: ``DIR/part-00000.parquet``, ... of at most N rows each.

Why: Arrow's Parquet writer keeps the metadata of every row group it has
written until the file is closed, about 95 KB a row group of this schema
(105 leaf columns; measured by writing row groups of the shared corpus's
cables into one file: the process grew by that much for each).  One file of
the whole Cablegate corpus, 246 row groups of 1,024 rows, ends ~23 MB
bigger than it started; the 2 million PlusD documents would add ~190 MB.
Closing a file every N rows lets that go, so a run's memory stays flat
whatever the number of cables.  DuckDB (``read_parquet('DIR/*.parquet')``),
pyarrow and pandas (``read_parquet('DIR')``), Polars and Spark read such a
directory as one table; the rows keep the input order across the parts.

The directory is finished or absent, as a single output file is
(:mod:`cablelib.output_file`): the parts are written into a hidden sibling,
``.NAME.PID-RANDOM.partial``, which is renamed to ``NAME`` when the run has
finished and removed when it fails.  A directory already at ``NAME`` is
replaced only when it holds nothing but part files (an earlier export into
it); anything else there, or a file at ``NAME``, stops the export before it
reads any input, so that it never deletes files it did not write.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from . import module_patterns
from .errors import CableOutputError
from .export import BATCH_ROWS, ParquetWriter
from .extras import require_extra
from .output_file import cannot_write, sibling_name

__all__ = ["ParquetParts", "OutputDirectory", "part_name"]

_PART = module_patterns.compile(r"part-\d{5,}\.parquet")
_ATTEMPTS = 100


def part_name(index: int) -> str:
    """``part-00000.parquet`` for 0: five digits at least, so the names sort in row order
    up to 100,000 parts."""
    return f"part-{index:05d}.parquet"


class OutputDirectory:
    """The temporary directory behind ``path``, renamed into place by :meth:`commit`."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        # A symbolic link is followed, as for a file: the link stays and its
        # target becomes the directory of parts.
        self._target = Path(os.path.realpath(self.path)) if self.path.is_symlink() else self.path
        if self._target.exists():
            if not self._target.is_dir():
                raise self.cannot_write("it exists and is not a directory (--rows-per-file writes a directory "
                                        "of part files)")
            others = self._not_parts()
            if others:
                raise self.cannot_write(f"the directory holds files that are not part files of an export "
                                        f"({', '.join(others[:3])}{', ...' if len(others) > 3 else ''}); "
                                        "choose an empty or new directory")
        self.temp = self._new_temp()

    def _not_parts(self) -> list[str]:
        """The names in the existing target directory that are not part files, sorted."""
        return sorted(p.name for p in self._target.iterdir() if not _PART.fullmatch(p.name))

    def _new_temp(self) -> Path:
        """A new hidden directory next to the target (:func:`cablelib.output_file.sibling_name`)."""
        for _attempt in range(_ATTEMPTS):
            candidate = sibling_name(self._target, "partial")
            try:
                candidate.mkdir()
            except FileExistsError:  # 32 random bits already taken: draw again
                continue
            except OSError as error:
                raise self.cannot_write(error) from error
            return candidate
        raise self.cannot_write(f"no free temporary name in {_ATTEMPTS} attempts")

    def cannot_write(self, why: str | OSError) -> CableOutputError:
        """The error that says ``path`` cannot be written, and why."""
        return cannot_write(self.path, why)

    def commit(self) -> None:
        """Put the finished directory in place of ``path``; an earlier one of parts is removed.

        If something other than part files took ``path`` during the run, nothing
        is replaced and the parts stay where they were written, which the error
        names: a long run's output is not thrown away for it.
        """
        if self._target.exists() and (not self._target.is_dir() or self._not_parts()):
            raise self.cannot_write("something other than part files of an export took its place during "
                                    f"the run; the parts are left in {self.temp}")
        earlier: Path | None = None
        try:
            if self._target.exists():
                earlier = sibling_name(self._target, "old")
                os.rename(self._target, earlier)
            try:
                os.rename(self.temp, self._target)
            except OSError:
                if earlier is not None:
                    os.rename(earlier, self._target)
                    earlier = None
                raise
        except OSError as error:
            self.discard()
            raise self.cannot_write(error) from error
        if earlier is not None:
            shutil.rmtree(earlier, ignore_errors=True)

    def discard(self) -> None:
        """Remove the unfinished directory; ``path`` keeps whatever it held before."""
        shutil.rmtree(self.temp, ignore_errors=True)


class ParquetParts:
    """A directory of Parquet files of at most ``rows_per_file`` rows each, in input order.

    The same interface as :class:`cablelib.export.ParquetWriter` (the workers
    convert and combine rows alike); each part is written by one, with row
    groups of ``batch_rows`` rows.  A run without cables leaves one part
    with the schema and no rows, as the single file does.
    """

    def __init__(self, path: str | os.PathLike[str], rows_per_file: int, *,
                 batch_rows: int = BATCH_ROWS, compression: str = "zstd") -> None:
        if isinstance(rows_per_file, bool) or not isinstance(rows_per_file, int) or rows_per_file < 1:
            raise ValueError(f"rows_per_file must be a whole number of at least 1, not {rows_per_file!r}")
        require_extra("pyarrow", "parquet", "Parquet output")
        self.path = Path(path)
        self.rows_per_file = rows_per_file
        self._batch_rows = batch_rows
        self._compression = compression
        self._output = OutputDirectory(self.path)
        self._part: Any = None
        self._in_part = 0
        self.files = 0
        """Part files begun so far (all of them, once the export has finished)."""

    # The workers make the same rows and batches as for one file, in units of the same size.
    chunk_files = ParquetWriter.chunk_files
    chunk_rows = ParquetWriter.chunk_rows
    convert = staticmethod(ParquetWriter.convert)
    combine = staticmethod(ParquetWriter.combine)

    def write_batch(self, batch: Any) -> None:
        """Add a record batch; it is split where a part reaches ``rows_per_file`` rows."""
        batch = getattr(batch, "batch", batch)  # an ArrowBatch from a worker
        done, total = 0, batch.num_rows
        while done < total:
            if self._part is None:
                self._open_part()
            take = min(total - done, self.rows_per_file - self._in_part)
            self._part.write_batch(batch if take == total else batch.slice(done, take))
            self._in_part += take
            done += take
            if self._in_part == self.rows_per_file:
                self._close_part()

    def _open_part(self) -> None:
        self._part = ParquetWriter(self._output.temp / part_name(self.files),
                                   batch_rows=self._batch_rows, compression=self._compression)
        self.files += 1
        self._in_part = 0

    def _close_part(self) -> None:
        part, self._part = self._part, None
        part.close()

    def close(self) -> None:
        """Finish the last part and put the directory in place of ``path``."""
        try:
            if self._part is None and self.files == 0:
                self._open_part()  # no cables: one part with the schema
            if self._part is not None:
                self._close_part()
        except BaseException:
            self.abort()
            raise
        self._output.commit()

    def abort(self) -> None:
        """Drop the unfinished parts; ``path`` keeps what it held before."""
        try:
            if self._part is not None:
                part, self._part = self._part, None
                part.abort()
        finally:
            self._output.discard()
