"""Where to put something inside a paragraph of a drawn cable, for the property tests.

Why a helper module: the tests of text that interrupts a paragraph (a later
section's header, ``tests/test_section_headers.py``; a page line run into a
sentence, ``tests/test_inline_pages.py``) each insert it at the first line
break inside a paragraph of a rendered cable, and read the result against
the same text without it.
"""

from __future__ import annotations

import cablelib


def first_line_break_in_a_paragraph(text: str, cable: cablelib.Cable) -> int | None:
    """The offset in ``text`` of the first line break inside a paragraph of ``cable``
    (``cablelib.parse(text)``) that another line of that paragraph follows; ``None``
    if no paragraph has two lines."""
    for paragraph in cable.paragraphs:
        if paragraph.span is None:
            continue
        block = text[paragraph.span.start:paragraph.span.end]
        cut = block.find("\n")
        if cut > 0 and block[cut + 1:cut + 2].strip():
            return paragraph.span.start + cut
    return None
