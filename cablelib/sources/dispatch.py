"""``unwrap`` and ``iter_unwrap``: detect the container, then hand over to its module.

Why the blanket ``except`` in :func:`unwrap`: the API contract says that
lenient parsing returns a ``Cable`` for *any* ``str`` and never raises.  The
container modules are written not to raise, but a corpus of 251,287 cables
from a dozen scrapers will find inputs nobody thought of; if one of them
trips a bug, the caller still gets the text back unchanged as a ``raw``
container, with an ``unwrap-failed`` diagnostic that names the error, instead
of losing the cable or the whole run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from cablelib.model import Diagnostic, Wrapper

from . import cables_csv
from .cablegate_html import unwrap_cablegate_html
from .detect import RAW, detect_container
from .extract_text import unwrap_extract_text
from .plusd import unwrap_plusd_text
from .unwrapped import Unwrapped, nothing
from .wikileaks_text import unwrap_wikileaks_text

__all__ = ["unwrap", "iter_unwrap"]

_RAW_WRAPPER = Wrapper(container=RAW)

_UNWRAPPERS: dict[str, Callable[[str, str | None], Unwrapped]] = {
    "cablegate-html": unwrap_cablegate_html,
    "wikileaks-text": unwrap_wikileaks_text,
    "extract-text": unwrap_extract_text,
    "plusd-pdf-text": unwrap_plusd_text,
}


def _check(text: object) -> None:
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}; "
                        "use read_path() for files and bytes")


def _without_bom(text: str) -> str:
    """A leading byte order mark as a space.

    A text read with ``encoding="utf-8"`` from a file saved with a BOM keeps
    it as U+FEFF; it is not part of the cable, but it is not whitespace
    either, so the container readers would not see their first line and the
    grammar not its first token (a WikiLeaks page lost its id and every
    field).  A space keeps the length, so spans still index the caller's
    text (:func:`cablelib.parse` keeps that text as ``Cable.source``).
    File reading drops the BOM while decoding (:mod:`cablelib.sources.files`).
    """
    return " " + text[1:] if text.startswith("\ufeff") else text


def _failed(text: str, name: str | None, exc: BaseException) -> Unwrapped:
    return Unwrapped(
        text=text,
        wrapper=_RAW_WRAPPER,
        original=text,
        diagnostics=(Diagnostic(
            "unwrap-failed",
            f"could not unwrap the container ({type(exc).__name__}: {exc}); "
            "the text is passed on unchanged"),),
        name=name,
    )


def _empty_csv(name: str | None) -> Unwrapped:
    return nothing("bad-csv-row", "the CSV text holds no row", name, cables_csv.CONTAINER)


def unwrap(text: str, name: str | None = None) -> Unwrapped:
    """Take one cable out of whatever container ``text`` is in.

    The container is detected from the content (see
    :func:`~cablelib.sources.detect_container`).  For a ``cables.csv`` text
    the first row is returned; use :func:`iter_unwrap` for all of them.

    Args:
        text: a whole file's content, or any other string.
        name: where it came from, for messages (a path).

    Returns:
        An :class:`Unwrapped`.  Never raises for a ``str``: input that is not
        a recognisable container comes back as ``raw``, and problems are
        reported in ``diagnostics``.

    Example:
        >>> u = unwrap("VZCZCXRO5044\\nPP RUEHCHI\\n")
        >>> u.wrapper.container, u.text == "VZCZCXRO5044\\nPP RUEHCHI\\n"
        ('raw', True)
    """
    _check(text)
    text = _without_bom(text)
    try:
        container = detect_container(text)
        if container == RAW:
            return Unwrapped(text=text, wrapper=_RAW_WRAPPER, name=name, original=text)
        if container == cables_csv.CONTAINER:
            for row in cables_csv.iter_csv_rows(text, name):
                return row
            return _empty_csv(name)
        return _UNWRAPPERS[container](text, name)
    except Exception as exc:  # noqa: BLE001 - the never-raise contract, see module doc
        return _failed(text, name, exc)


def iter_unwrap(text: str, name: str | None = None) -> Iterator[Unwrapped]:
    """Every cable in ``text``: each row of a ``cables.csv``, else exactly one.

    Never raises for a ``str``; a CSV row that cannot be read is yielded with
    a ``bad-csv-row`` diagnostic and the iteration goes on.
    """
    _check(text)
    text = _without_bom(text)
    try:
        is_csv = detect_container(text) == cables_csv.CONTAINER
    except Exception as exc:  # noqa: BLE001
        yield _failed(text, name, exc)
        return
    if not is_csv:
        yield unwrap(text, name)
        return
    yield from guarded_rows(cables_csv.iter_csv_rows(text, name), name)


def guarded_rows(rows: Iterator[Unwrapped], name: str | None, before: int | None = None) -> Iterator[Unwrapped]:
    """``rows``, but an unexpected error ends the iteration with a diagnostic.

    An ``OSError`` (the file became unreadable while it was streamed) is not a
    container problem and propagates; the file reader turns it into a
    :class:`~cablelib.errors.CableSourceError`.  ``before`` is the number of
    rows before these when they are one range of a file
    (:class:`~cablelib.sources.csv_range.CsvRange`): the count in a message
    is the file's, and a range without rows is not an empty file.
    """
    count = before or 0
    try:
        for row in rows:
            count += 1
            yield row
    except OSError:
        raise
    except Exception as exc:  # noqa: BLE001
        yield nothing("unwrap-failed", f"reading the CSV stopped after {count} row(s) ({type(exc).__name__}: {exc})",
                      name, cables_csv.CONTAINER)
        return
    if count == 0 and before is None:
        yield _empty_csv(name)
