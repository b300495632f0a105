"""A cable quoted in an e-mail: every line begins with ``>`` (or ``> >``, ``>>``).

Why: a cable forwarded and quoted, then pasted, has a quote mark before
each line, so no line starts the way the grammar expects it to: the result
had no envelope, caption or paragraphs, and no diagnostic.  Indented text
already parses (leading blanks are ignored), so the marks are turned into
blanks, one character for one: offsets and line numbers do not move, the
text parsed (``Cable.source``) is the unquoted one, and a ``quoted``
diagnostic says so.

Only a text in which every non-blank line (at least two of them) begins
with a quote mark is changed: a cable with a line that starts with ``>``
(``> 100 KM``) is not.  An ordinary text is rejected by one anchored regex
that looks at its first non-blank character.
"""

from __future__ import annotations

import re

from cablelib.model import Diagnostic
from .. import module_patterns

__all__ = ["unquote"]

# A byte order mark may come first (unwrap() blanks it later, for the readers).
_STARTS_QUOTED = module_patterns.compile(r"[\s\ufeff]*>")
_QUOTE_PREFIX = module_patterns.compile(r"^\ufeff?[ \t]*>(?:[ \t]*>)*", re.MULTILINE)
_NON_BLANK_LINE = module_patterns.compile(r"^[ \t]*\S", re.MULTILINE)


def unquote(text: str) -> tuple[str, Diagnostic | None]:
    """``text`` with its e-mail quote marks as blanks if every line has one, and the diagnostic."""
    if _STARTS_QUOTED.match(text) is None:
        return text, None
    prefixes = len(_QUOTE_PREFIX.findall(text))
    lines = len(_NON_BLANK_LINE.findall(text))
    if lines < 2 or prefixes < lines:
        return text, None
    unquoted = _QUOTE_PREFIX.sub(lambda m: m.group(0).replace(">", " "), text)
    return unquoted, Diagnostic(
        "quoted", "every line began with an e-mail quote mark ('>'); the marks were read as blanks "
                  "(Cable.source has them as blanks)")
