"""Length-preserving clean-up of cable text before the grammar sees it.

Two publication artefacts break the line structure the grammar relies on:

* Unicode line and paragraph separators (U+2028, U+2029) used as line ends
  on some cablegate pages (08MEXICO2187);
* a backslash at the end of every line, left by database dumps on the
  cablegate pages (07BERN881, 07BOGOTA4029, 10BERN48).

Both are replaced character for character by a space, so every offset into
the normalised text is the same offset into the original, and so is every
line number (a separator is not counted as a line end, as ``str.count("\\n")``
does not): spans index ``Cable.source`` unchanged.  The
checks are plain substring tests, so a clean cable costs three scans.
"""

from __future__ import annotations

from . import module_patterns

__all__ = ["normalize", "backslash_positions"]

# Blanks between the backslash and the line end may include the separators,
# which normalize() has turned into spaces by the time it looks for backslashes:
# backslash_positions() reads the original text and must find the same ones.
_TRAILING_BACKSLASH = module_patterns.compile(r"\\(?=[ \t\u2028\u2029]*\r?\n)")


def normalize(text: str) -> str:
    """``text`` with line separators and line-end backslashes as spaces."""
    if "\u2028" in text or "\u2029" in text:
        # Two str.replace calls, not str.translate: translate looks every character
        # up in its table, 2 ms for 08MEXICO2187's 17 KB; replace copies runs.
        text = text.replace("\u2028", " ").replace("\u2029", " ")
    if "\\" in text:
        # One scan for any backslash, then the regex.  (Checking for backslash +
        # newline, backslash + space + newline and backslash + CRLF missed a
        # backslash followed by a tab or two spaces, which backslash_positions
        # reported as a line-continuation artefact all the same.)
        text = _TRAILING_BACKSLASH.sub(" ", text)
    return text


def backslash_positions(text: str) -> list[int]:
    """Offsets of the line-end backslashes :func:`normalize` turns into spaces.

    They are kept as ``line-continuation`` artefacts, so that no character of
    the source is dropped without a span.
    """
    if "\\" not in text:
        return []
    return [m.start() for m in _TRAILING_BACKSLASH.finditer(text)]
