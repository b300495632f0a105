"""Which container a text came in, decided from its first 2 KB.

Why by content and never by file name: corpus files are renamed, copied out
of mirrors and concatenated, and the same cable is published as ``.txt`` in
three different layouts.  The opening of the text is what tells them apart.

Why only the head: detection runs once for every cable of a 251,287-cable
corpus, so it must cost a few microseconds whatever the size of the text.
Each container module offers a ``sniff(head)`` test that anchors its regex at
the start of the head; they are tried from the most specific to the least:

1. ``cablegate-html`` - the text starts with markup (``<?xml``, ``<!DOCTYPE``,
   ``<html``, or the ``<code><pre>`` of a fragment);
2. ``csv`` - a quoted row number, then an ``M/D/YYYY H:MM`` date;
3. ``wikileaks-text`` - the flattened metadata table (``Identifier`` ...);
4. ``extract-text`` - an id line, any line, then a Ruby timestamp line;
5. ``plusd-pdf-text`` - the first line ends in CR LF;
6. ``raw`` - anything else.
"""

from __future__ import annotations

from . import cables_csv, cablegate_html, extract_text, plusd, wikileaks_text

__all__ = ["detect_container", "CONTAINERS", "RAW", "HEAD_SIZE"]

RAW = "raw"
HEAD_SIZE = 2048

CONTAINERS: tuple[str, ...] = (
    RAW,
    cablegate_html.CONTAINER,
    cables_csv.CONTAINER,
    wikileaks_text.CONTAINER,
    extract_text.CONTAINER,
    plusd.CONTAINER,
)
"""Every container name :func:`detect_container` can return."""

def detect_container(text: str) -> str:
    """The name of the container ``text`` came in (one of :data:`CONTAINERS`).

    Looks at the first :data:`HEAD_SIZE` characters only, and never raises for
    a ``str``.

    Example:
        >>> detect_container("VZCZCXRO5044\\nPP RUEHCHI\\n")
        'raw'
        >>> detect_container("<code><pre>UNCLAS SECTION 01 OF 02</pre></code>")
        'cablegate-html'
    """
    head = text[:HEAD_SIZE]
    if head.startswith("\ufeff"):
        head = head[1:]
    stripped = head.lstrip()
    if not stripped:
        return RAW
    first = stripped[0]
    if first == "<":
        if cablegate_html.sniff(head):
            return cablegate_html.CONTAINER
    elif first == '"' or first.isdigit():
        if cables_csv.sniff(head):
            return cables_csv.CONTAINER
        if extract_text.sniff(head):
            return extract_text.CONTAINER
    elif wikileaks_text.sniff(head):
        return wikileaks_text.CONTAINER
    if plusd.sniff(head):
        return plusd.CONTAINER
    return RAW
