"""alx/cablegate plain-text extracts: five metadata lines, then the cable.

Layout::

    06ANKARA4688                                  <- reference id
    TURKEY'S FOREIGN POLICY SPLIT - THE PM'S ...  <- subject (may be cut, empty)
    Fri Aug 11 00:00:00 +0200 2006                <- Ruby Time#to_s
    CONFIDENTIAL//NOFORN                          <- classification
    Embassy Ankara                                <- origin
    VZCZCXYZ0015                                  <- the cable text starts here
    ...

The five lines are blanked (see :mod:`cablelib.sources._text`) and the rest is
left exactly as it is.  Two things the extractor did are *not* repaired here
because they belong to the cable text, which the grammar owns:

* the header box is glued onto the body with no line break
  (``...RHEHAAA/NSC WASHDC PRIORITYC O N F I D E N T I A L ANKARA 004688``);
* pilcrows (``¶``) mark paragraphs and sometimes sit in odd places.

The date is converted to UTC as written.  Most extracts store a date only,
as local midnight of the extractor's time zone (``00:00:00 +0100``), so the
UTC value falls on the evening of the previous day; callers that want the
calendar date should prefer another source (the DTG, or the HTML twin).
Seven extracts are stubs with only the five lines; they get a
``no-cable-text`` diagnostic.
"""

from __future__ import annotations


from cablelib.model import Diagnostic, Wrapper

from .. import module_patterns
from ._text import blank_prefix, clean, iter_lines
from .dates import parse_ruby_time
from .unwrapped import Unwrapped

__all__ = ["CONTAINER", "sniff", "unwrap_extract_text"]

CONTAINER = "extract-text"

# Line 1 an id (two digits first), line 2 anything, line 3 a Ruby timestamp.
_HEAD = module_patterns.compile(
    r"[ \t]*\d{2}[0-9A-Za-z_.-]*[ \t]*\r?\n"
    r"[^\n]*\n"
    r"[ \t]*(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[ \t]+[A-Z][a-z]{2}[ \t]+\d{1,2}[ \t]+"
    r"\d{1,2}:\d{2}:\d{2}[ \t]+[+-]\d{2}:?\d{2}[ \t]+\d{4}[ \t]*\r?(?:\n|\Z)"
)

_FIELDS = ("reference_id", "subject", "created", "classification", "origin")


def sniff(head: str) -> bool:
    """True if line 1 looks like an id and line 3 like a Ruby timestamp."""
    return _HEAD.match(head) is not None


def unwrap_extract_text(text: str, name: str | None = None) -> Unwrapped:
    """Blank the five metadata lines and read them into a Wrapper."""
    diagnostics: list[Diagnostic] = []
    values: dict[str, str] = {}
    end = 0
    for field, (start, stop, nxt) in zip(_FIELDS, iter_lines(text)):
        values[field] = clean(text[start:stop])
        end = nxt
    if len(values) < len(_FIELDS):
        diagnostics.append(Diagnostic(
            "bad-wrapper-value",
            f"extract has {len(values)} of its {len(_FIELDS)} metadata lines"))
    created = parse_ruby_time(values.get("created"))
    if values.get("created") and created is None:
        diagnostics.append(Diagnostic(
            "bad-wrapper-value", f"date line {values['created']!r} is not a Ruby timestamp"))
    wrapper = Wrapper(
        container=CONTAINER,
        reference_id=values.get("reference_id") or None,
        created=created,
        classification=values.get("classification") or None,
        origin=values.get("origin") or None,
        subject=values.get("subject") or None,
    )
    if not text[end:].strip():
        diagnostics.append(Diagnostic(
            "no-cable-text", "the extract holds only its five metadata lines"))
    return Unwrapped(text=blank_prefix(text, end), wrapper=wrapper,
                     diagnostics=tuple(diagnostics), name=name, original=text)
