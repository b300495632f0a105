"""The result of unwrapping one input: the cable text and the publisher's metadata.

Why a separate class and not a tuple: the containers layer hands three things
to the parser (the text to parse, the wrapper metadata, and what went wrong
while unwrapping) plus the name used in error messages.  Keeping them in one
frozen attrs object means the parser can copy ``text`` into
:attr:`cablelib.model.Cable.source` and ``wrapper`` into
:attr:`cablelib.model.Cable.wrapper` without guessing which element is which,
and the object is safe to pass between threads and processes.
"""

from __future__ import annotations

import attrs

from cablelib.model import TO_STR, TO_TUPLE, Diagnostic, Wrapper, attrs_style_repr

__all__ = ["Unwrapped", "nothing"]


@attrs.frozen(repr=False)  # repr: cablelib.model.attrs_style_repr
class Unwrapped:
    """One cable taken out of its container.

    For the *verbatim* containers (raw text, WikiLeaks page text, PlusD PDF
    text, extract-text) ``text`` has exactly the length of the input: the
    wrapper lines are blanked with spaces, line breaks kept, so every offset,
    line and column in ``text`` is the same as in the file.  For the
    *transformed* containers (cablegate HTML, ``cables.csv`` rows) ``text`` is
    rebuilt from the markup or the CSV fields and its offsets refer to
    ``text`` only.
    """

    text: str = attrs.field(converter=TO_STR, repr=False)
    """The cable text the grammar parses; it becomes ``Cable.source``."""
    wrapper: Wrapper
    """The publisher's metadata; ``wrapper.container`` names the container."""
    diagnostics: tuple[Diagnostic, ...] = attrs.field(default=(), converter=TO_TUPLE)
    """Problems met while reading or unwrapping (decode fallback, bad CSV row...)."""
    name: str | None = None
    """Where the text came from: a file path, or ``path#rowN`` for a CSV row."""
    original: str | None = attrs.field(default=None, repr=False, kw_only=True)
    """For the verbatim containers, the input exactly as it was read (wrapper
    lines not blanked; same length as ``text``, so every span fits both).
    ``None`` for the transformed containers, whose ``text`` is rebuilt."""
    __repr__ = attrs_style_repr


def nothing(code: str, message: str, name: str | None, container: str = "raw") -> Unwrapped:
    """An item with no cable text, only the diagnostic saying why: a CSV row
    that cannot be read, a CSV with no row, an archive member that is itself
    an archive, an archive or CSV that broke part-way."""
    return Unwrapped(text="", wrapper=Wrapper(container=container), diagnostics=(Diagnostic(code, message),),
                     name=name)
