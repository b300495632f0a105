"""Text extracted from the PlusD / cablegate cable PDFs (Apache Tika output).

These files carry no publisher metadata at all: the converter kept only the
cable text, with CRLF line ends and a leading blank line, after cutting
everything before the ``vzczc`` transmission line.  So the container is told
apart from a raw cable by its line ends only: text whose first line ends in
CR LF is taken as PlusD PDF text.  (A raw cable saved with CRLF cannot be
told apart, and need not be: both are verbatim and keep every character.)

The text is kept verbatim, CRLF included.  If a few lines of PDF page
furniture come before the envelope (a title or a page header that the
converter did not cut), they are blanked; only lines before a clear envelope
opener are touched - the ``VZCZC`` line, a receiving-side ``INFO LOG-00``
block, or a date-time group followed by an ``FM`` line - and only within the
first few lines, so no cable text is ever blanked by a guess.
"""

from __future__ import annotations

import re

from cablelib.model import Wrapper

from .. import module_patterns
from ._text import blank_prefix, iter_lines
from .unwrapped import Unwrapped

__all__ = ["CONTAINER", "sniff", "unwrap_plusd_text"]

CONTAINER = "plusd-pdf-text"

_WRAPPER = Wrapper(container=CONTAINER)
_LOOKAHEAD_LINES = 8

_OPENER = module_patterns.compile(r"[ \t]*(?:VZCZC|INFO[ \t]+LOG-\d)", re.IGNORECASE)
_DTG = module_patterns.compile(r"[ \t]*(?:[A-Z][ \t]+){1,3}\d{6}Z[ \t]+[A-Z]{3}[ \t]+\d{2}\b")
_FM = module_patterns.compile(r"[ \t]*FM[ \t]")


def sniff(head: str) -> bool:
    """True if the first line break is CR LF."""
    nl = head.find("\n")
    return nl > 0 and head[nl - 1] == "\r"


def unwrap_plusd_text(text: str, name: str | None = None) -> Unwrapped:
    """Keep the text verbatim; blank PDF page furniture before the envelope."""
    lines = []
    for k, line in enumerate(iter_lines(text)):
        if k > _LOOKAHEAD_LINES:
            break
        lines.append(line)
    envelope = None
    for k, (start, end, _) in enumerate(lines):
        row = text[start:end]
        if _OPENER.match(row) or (
            _DTG.match(row) and k + 1 < len(lines)
            and _FM.match(text[lines[k + 1][0]:lines[k + 1][1]])
        ):
            envelope = start
            break
    body = text
    if envelope and text[:envelope].strip():
        body = blank_prefix(text, envelope)
    return Unwrapped(text=body, wrapper=_WRAPPER, name=name, original=text)
