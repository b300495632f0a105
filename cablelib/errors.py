"""The error hierarchy.  Every exception cablelib raises derives from CableError.

Lark's own exceptions never reach a user: :mod:`cablelib.api` converts them
into :class:`CableSyntaxError`, which states the position in the compiler
convention (``source:line:column: message``) so editors and grep can jump to it.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "CableError",
    "CableSyntaxError",
    "CableInputError",
    "CableSourceError",
    "CableOutputError",
    "UnknownVariantError",
    "VariantConflictError",
]


class CableError(Exception):
    """Root of every cablelib error."""


class CableSyntaxError(CableError, ValueError):
    """A strict parse met text that the grammar does not allow.

    ``line`` and ``column`` are 1-based, ``offset`` is 0-based, all pointing at
    the first character the grammar could not take.  ``expected`` names what
    the grammar would have accepted there.
    """

    def __init__(
        self,
        message: str,
        *,
        line: int,
        column: int,
        offset: int,
        expected: Iterable[str] = (),
        source_name: str | None = None,
    ) -> None:
        self.message = message
        self.line = line
        self.column = column
        self.offset = offset
        self.expected = frozenset(expected)
        self.source_name = source_name
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.source_name or '<text>'}:{self.line}:{self.column}"
        return f"{where}: {self.message}"

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only arguments: rebuild through a helper so the error can
        # cross a process boundary (iter_corpus(jobs=N), Dask workers).
        return (_rebuild_syntax_error, (self.message, self.line, self.column, self.offset,
                                        tuple(sorted(self.expected)), self.source_name))

    def get_context(self, text: str, span: int = 40) -> str:
        """The offending line around the error, with a caret under the column."""
        start = text.rfind("\n", 0, self.offset) + 1
        end = text.find("\n", self.offset)
        end = len(text) if end < 0 else end
        lo = max(start, self.offset - span)
        hi = min(end, self.offset + span)
        return text[lo:hi] + "\n" + " " * (self.offset - lo) + "^"


def _rebuild_syntax_error(message: str, line: int, column: int, offset: int,
                          expected: tuple[str, ...], source_name: str | None) -> CableSyntaxError:
    return CableSyntaxError(message, line=line, column=column, offset=offset,
                            expected=expected, source_name=source_name)


class CableInputError(CableError, TypeError):
    """An argument of the wrong type (``bytes`` or ``None`` where a ``str`` belongs)."""


class CableSourceError(CableError, OSError):
    """A file or container could not be read (missing, unreadable, not a cable)."""


class CableOutputError(CableError, OSError):
    """An output file (``cablelib export``, Dask shards) could not be written."""


class UnknownVariantError(CableError, LookupError):
    """No variant is registered under that name."""


class VariantConflictError(CableError, ValueError):
    """Two variants claim the same name or alias."""
