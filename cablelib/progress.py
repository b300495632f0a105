"""A progress display for long corpus runs: tqdm, then rich, then a plain stderr line.

Why three: a progress bar is a nicety, not a dependency.  ``tqdm`` (the
``[progress]`` extra) and ``rich`` are used when installed; otherwise a
single line on stderr is rewritten at most a few times a second.  All three
show cables done, cables per second, and an ETA computed from the input
bytes read so far (a ``cables.csv`` row and an HTML page differ a lot in
size, so bytes predict the remaining time better than counts).
"""

from __future__ import annotations

import sys
import time
from typing import IO, Any

__all__ = ["Progress", "make_progress"]


def _eta(seconds: float | None) -> str:
    if seconds is None or seconds != seconds or seconds < 0:
        return "--:--"
    minutes, secs = divmod(int(seconds + 0.5), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class Progress:
    """The plain stderr line; also the interface of the other two."""

    def __init__(self, total_bytes: int, stream: IO[str] | None = None, interval: float = 0.25) -> None:
        self.total_bytes = max(total_bytes, 0)
        self.stream = stream if stream is not None else sys.stderr
        self.interval = interval
        self.cables = 0
        self.bytes = 0
        self.start = time.perf_counter()
        self._last = 0.0

    def update(self, cables: int, nbytes: int) -> None:
        self.cables += cables
        self.bytes += nbytes
        now = time.perf_counter()
        if now - self._last >= self.interval:
            self._last = now
            self._draw(now)

    def line(self, now: float | None = None) -> str:
        """``1,234 cables  812.3 cables/s  45% ETA 00:12``."""
        now = time.perf_counter() if now is None else now
        elapsed = max(now - self.start, 1e-9)
        rate = self.cables / elapsed
        text = f"{self.cables:,} cables  {rate:,.1f} cables/s"
        if self.total_bytes:
            done = min(self.bytes / self.total_bytes, 1.0)
            remaining = elapsed * (1 - done) / done if done > 0 else None
            text += f"  {done:4.0%} ETA {_eta(remaining)}"
        return text

    def _draw(self, now: float) -> None:
        self.stream.write("\r" + self.line(now) + "\x1b[K")
        self.stream.flush()

    def close(self) -> None:
        self.bytes = max(self.bytes, self.total_bytes)
        self._draw(time.perf_counter())
        self.stream.write("\n")
        self.stream.flush()


class _TqdmProgress(Progress):
    def __init__(self, total_bytes: int, stream: IO[str] | None = None) -> None:
        super().__init__(total_bytes, stream)
        from tqdm import tqdm

        self._bar = tqdm(total=total_bytes or None, unit="B", unit_scale=True, file=self.stream,
                         desc="cablelib export", dynamic_ncols=True, mininterval=0.25)

    def update(self, cables: int, nbytes: int) -> None:
        self.cables += cables
        self.bytes += nbytes
        self._bar.update(nbytes)
        now = time.perf_counter()
        if now - self._last >= self.interval:
            self._last = now
            rate = self.cables / max(now - self.start, 1e-9)
            self._bar.set_postfix_str(f"{self.cables:,} cables, {rate:,.0f} cables/s", refresh=False)

    def close(self) -> None:
        rate = self.cables / max(time.perf_counter() - self.start, 1e-9)
        self._bar.set_postfix_str(f"{self.cables:,} cables, {rate:,.0f} cables/s", refresh=False)
        if self.total_bytes and self._bar.n < self.total_bytes:
            self._bar.update(self.total_bytes - self._bar.n)
        self._bar.close()


class _RichProgress(Progress):
    def __init__(self, total_bytes: int, stream: IO[str] | None = None) -> None:
        super().__init__(total_bytes, stream)
        from rich.console import Console
        from rich.progress import BarColumn, Progress as RichBar, TextColumn, TimeRemainingColumn

        self._bar = RichBar(TextColumn("cablelib export"), BarColumn(), TextColumn("{task.fields[info]}"),
                            TimeRemainingColumn(), console=Console(file=self.stream), transient=False)
        self._task = self._bar.add_task("export", total=total_bytes or None, info="")
        self._bar.start()

    def update(self, cables: int, nbytes: int) -> None:
        self.cables += cables
        self.bytes += nbytes
        rate = self.cables / max(time.perf_counter() - self.start, 1e-9)
        self._bar.update(self._task, advance=nbytes, info=f"{self.cables:,} cables {rate:,.0f}/s")

    def close(self) -> None:
        self._bar.update(self._task, completed=self.total_bytes or self.bytes)
        self._bar.stop()


def make_progress(total_bytes: int, *, stream: IO[str] | None = None, kind: str = "auto") -> Progress:
    """The best available display: ``kind`` is ``auto``, ``tqdm``, ``rich`` or ``plain``."""
    order = {"auto": ("tqdm", "rich", "plain"), "tqdm": ("tqdm",), "rich": ("rich",), "plain": ("plain",)}
    for name in order.get(kind, ("plain",)):
        if name == "plain":
            return Progress(total_bytes, stream)
        try:
            return _PROGRESS_CLASSES[name](total_bytes, stream)
        except ImportError:
            continue
    return Progress(total_bytes, stream)


_PROGRESS_CLASSES: dict[str, Any] = {"tqdm": _TqdmProgress, "rich": _RichProgress}
