"""A progress display that stops an export part way, as Ctrl-C would.

Shared by the tests of single output files (tests/test_export.py) and of
part files (tests/test_parquet_parts.py), which check what an interrupted
run leaves behind.
"""

from __future__ import annotations

import io

from cablelib.progress import Progress


class StopAfter(Progress):
    """Raises ``KeyboardInterrupt`` at its ``count``-th update, after that unit's rows were written."""

    def __init__(self, count: int) -> None:
        super().__init__(0, stream=io.StringIO())
        self.left = count

    def update(self, cables: int, nbytes: int) -> None:
        self.left -= 1
        if self.left <= 0:
            raise KeyboardInterrupt
