"""An export's output file: written under a temporary name, renamed into place when complete.

Why: a whole-corpus export runs for minutes, and a run can stop half way —
Ctrl-C, a full disk, a worker killed by the system.  Written in place, the
output would then be a shorter file that looks finished (the Parquet writer
closes with a valid footer even on the way out of an exception), and a
previous complete export under the same name would already be gone.  So the
writers write a hidden sibling, ``.NAME.PID-RANDOM.partial`` in the same
directory, and :meth:`OutputFile.commit` renames it over ``NAME`` (atomic on
POSIX and Windows) only when the run has finished; :meth:`OutputFile.discard`
removes it otherwise.  A file left by a process killed outright keeps the
``.partial`` suffix, so it is never mistaken for output.  A path that
exists and is not a regular file (``/dev/stdout``, a named pipe) cannot be
renamed into, and is written directly, as it goes.

The file is created with mode 0o666 less the umask, like ``open(..., "w")``
(``tempfile.mkstemp`` would make it private, 0o600), or gets the mode of
the file it replaces.  A path that cannot be
written raises :class:`~cablelib.errors.CableOutputError` with the reason,
before any cable is parsed.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from .errors import CableOutputError

__all__ = ["OutputFile", "cannot_write", "sibling_name"]

_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY
_ATTEMPTS = 100


def cannot_write(path: str | os.PathLike[str], why: str | OSError) -> CableOutputError:
    """The error that says ``path`` cannot be written, and why."""
    reason = (why.strerror or str(why)) if isinstance(why, OSError) else why
    return CableOutputError(f"cannot write {path}: {reason}")


def sibling_name(target: Path, suffix: str) -> Path:
    """A fresh hidden name beside ``target``: ``.NAME.PID-RANDOM.suffix`` (32 random bits;
    the caller creates it exclusively and draws again if it is taken)."""
    return target.parent / f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.{suffix}"


class OutputFile:
    """The temporary file behind ``path``; ``fd`` is open for writing."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        if self.path.is_dir():
            raise self.cannot_write("it is a directory")
        self.temp: Path | None = None
        if self.path.exists() and not self.path.is_file():
            # /dev/stdout, a named pipe: written as it goes, since it cannot
            # be renamed into (a run stopped half way has sent what it had).
            try:
                self.fd = os.open(self.path, os.O_WRONLY | _BINARY)
            except OSError as error:
                raise self.cannot_write(error) from error
            return
        # A symbolic link is written through, as open() would: the finished
        # file replaces the link's target, and the link stays.
        self._target = Path(os.path.realpath(self.path)) if self.path.is_symlink() else self.path
        for _attempt in range(_ATTEMPTS):
            temp = sibling_name(self._target, "partial")
            try:
                self.fd = os.open(temp, _FLAGS, 0o666)
            except FileExistsError:  # 32 random bits already taken: draw again
                continue
            except OSError as error:
                raise self.cannot_write(error) from error
            self.temp = temp
            return
        raise self.cannot_write(f"no free temporary name in {_ATTEMPTS} attempts")

    def cannot_write(self, why: str | OSError) -> CableOutputError:
        """The error that says ``path`` cannot be written, and why."""
        return cannot_write(self.path, why)

    @property
    def write_path(self) -> Path:
        """The name to write to: the temporary file, or ``path`` itself for a stream."""
        return self.temp if self.temp is not None else self.path

    def commit(self) -> None:
        """Put the finished file in place of ``path`` (the caller has closed ``fd``)."""
        if self.temp is None:
            return
        try:
            try:  # an existing file keeps its mode, as when open() overwrote it
                os.chmod(self.temp, stat.S_IMODE(os.stat(self._target).st_mode))
            except FileNotFoundError:
                pass
            os.replace(self.temp, self._target)
        except OSError as error:
            self.discard()
            raise self.cannot_write(error) from error

    def discard(self) -> None:
        """Remove the unfinished file; ``path`` keeps whatever it held before."""
        if self.temp is None:
            return
        try:
            os.unlink(self.temp)
        except OSError:
            pass
