"""The containers layer: from a file or a string to the cable text and its wrapper.

Cables reach cablelib inside a *container* - whatever the publisher wrapped
around the telegram.  This package finds out which container a text is in
(by content, never by file name) and takes the cable out of it, so that the
grammar only ever sees cable text:

========================  =====================================================
container                 what it is, and how the cable text is obtained
========================  =====================================================
``raw``                   a bare cable; the text is passed on unchanged
``wikileaks-text``        a WikiLeaks cable page copied as text (the seed);
                          metadata lines blanked, the rest verbatim
``extract-text``          alx/cablegate extracts: 5 metadata lines blanked,
                          the rest verbatim
``plusd-pdf-text``        Tika text of the cable PDFs, CRLF kept; verbatim
``cablegate-html``        a cablegate.wikileaks.org page or a bare
                          ``<code><pre>`` fragment; text rebuilt from the
                          ``<pre>`` blocks
``csv``                   one row of ``cables.csv``; text rebuilt as
                          header + blank line + content
========================  =====================================================

For the verbatim containers ``len(unwrapped.text) == len(input)`` and every
position in the text is the position in the file, because the wrapper is
blanked with spaces instead of being cut (see :mod:`cablelib.sources._text`);
``unwrapped.original`` keeps the input as read, so a caller may show spans
against either.

Public API::

    unwrap(text, name=None) -> Unwrapped            # one cable; never raises
    iter_unwrap(text, name=None) -> Iterator[Unwrapped]  # every CSV row
    read_path(path) -> Iterator[Unwrapped]          # decode a file, then iter_unwrap
    detect_container(text) -> str                   # the container name, from the head

To add a container: write a module with ``CONTAINER``, ``sniff(head)`` and
an unwrap function returning :class:`Unwrapped`, then add it to
:func:`detect_container`'s order and to ``dispatch._UNWRAPPERS``.
"""

from __future__ import annotations

from .detect import CONTAINERS, detect_container
from .dispatch import iter_unwrap, unwrap
from .files import read_path
from .unwrapped import Unwrapped

__all__ = [
    "Unwrapped",
    "unwrap",
    "iter_unwrap",
    "read_path",
    "detect_container",
    "CONTAINERS",
]
