"""A cut-off first copy of the cable, and what follows it before the whole text: set aside before the grammar.

Why: some cablegate pages hold the cable twice.  First comes the caption (and
perhaps the start of the first paragraph), cut off with ``...`` after some 250
characters; then, in most of them, the database record of the cable; then
the whole text again.  Read as it stands, the cut-off copy was the caption and
all the rest body prose: 08CURACAO82 lost its REF items, its Classified By
line and four paragraphs (run into the first one), and 09QUITO1206,
08VILNIUS668 and five more pages had a first paragraph holding the record and
the caption.  Two forms are recognised:

* **a record after the cut**: ``159478`` / ``2008-06-24`` / ``08CURACAO82`` /
  ``Consulate Curacao`` / ``CONFIDENTIAL`` / ``08CARACAS695|08HAVANA462``, or
  the labelled ``id:`` / ``date:`` / ``refid:`` ... ``header:`` form.  The copy
  must occur again within :data:`_WINDOW` characters after the record
  (09QUITO1206 prints the envelope again before it, which is left to the
  grammar);
* **the whole text soon after the cut**, with at most :data:`_GAP` characters
  between (nothing, a date and time, a ``cables.csv`` row's fields): the copy
  must be at least :data:`_MIN_COPY_ALONE` characters, and its repeat must not
  be cut off at the same place (a subject that ends in ``...`` in each
  section's caption is no cut-off copy).

In both the copy is taken for one only if it is one: squeezed (runs of
whitespace as one space), its text before the ``...`` must occur again after
it.  It starts at the earliest line start for which that holds, within
:data:`_LOOK_BACK` lines.  The copy and what lies between it and the whole
text (or the record's end) are then blanked in the text the grammar reads
(line breaks kept, so every offset and line number is unchanged) and kept as
artefacts, with their spans in ``Cable.source``: ``truncated-copy`` (the
copy, or the part of it the cut is in where its other lines are read),
``record`` and ``copy-repeat`` (the whole text's run-together repeat of the
copy's lines that were read).  Nothing of the text is dropped.  The record's reference id
is the cable's when neither the caller nor the publisher's wrapper gives
one: a page that is only the ``<pre>`` block (10THEHAGUE117) has no
date-time group, and the id gives the year its REF items need.
"""

from __future__ import annotations

from typing import NamedTuple

from . import module_patterns
from .fields.caption import CLASSIFICATION_WORD
from .fields.envelope import squeeze
from .ids import canonical_id

__all__ = ["TruncatedCopy", "find_truncated_copy", "blank"]

# "..." at a line end, then a record's first line: an "id:" label or a row number.
_CUT = module_patterns.compile(r"\.\.\.[ \t]*\r?\n\s*(?=(?i:id):|\d{3,7}[ \t]*\r?\n)")
_RECORD = module_patterns.compile(
    # id: 240720 / date: 12/18/2009 19:19 / refid: ... / destination: ... / header: (the
    # header itself, which follows the label, is the envelope printed again: left to the grammar)
    r"(?i:id):[ \t]*\d+(?:[ \t]*\r?\n[ \t]*(?i:date|refid|origin|classification|destination):[^\n]*)*"
    r"(?:[ \t]*\r?\n[ \t]*(?i:header):)?"
    # 159478 / 2008-06-24 / 08CURACAO82 / Consulate Curacao / CONFIDENTIAL / 08CARACAS695|08HAVANA462,
    # one field a line, blank lines between them or not
    r"|\d{3,7}[ \t]*\r?\n\s*\d{1,4}[/-]\d{1,2}[/-]\d{1,4}(?:[ \t]+\d{1,2}:\d\d(?::\d\d)?)?[ \t]*\r?\n"
    r"\s*\d{2}[A-Z]+\d+[ \t]*\r?\n\s*\S[^\n]*\r?\n\s*(?:UNCLASSIFIED|CONFIDENTIAL|SECRET)[^\n]*"
    r"(?:\r?\n\s*\d{2}[A-Z]+\d+(?:\|\d{2}[A-Z]+\d+)*[ \t]*(?=\r?\n|\Z))?"
)
# The record's reference id: the "refid:" field, or the unlabelled form's third line.
_REFID = module_patterns.compile(r"(?im)^[ \t]*(?:refid:[ \t]*)?(\d{2}[A-Z]+\d+)[ \t]*$")

_REACH = 8192
"""Where the ``...`` is looked for: the first 8,192 characters of a text.  The copy
opens the text after the header and is short (some 250 characters in the nine
pages of the shared corpus that have one), and the latest caption start in the
shared corpus is at 3,354 (07BERN881, a database dump).  Scanning the whole of
every text for ``...`` cost 0.65 % of a parse's instructions."""
_TRIED = 4
"""Cuts tried at most: each reads (squeezes) up to :data:`_WINDOW` characters after
it, and a text of many cuts would be read once for each."""
_LOOK_BACK = 200
"""Line starts tried before the ``...``: a caption and a paragraph's start are far fewer lines."""
_MIN_COPY = 40
"""Characters (squeezed) a copy before a record must have: a shorter match proves nothing."""
_MIN_COPY_ALONE = 100
"""Characters (squeezed) a copy must have where no record follows it: the repeat is then the only evidence."""
_MAX_COPY = 800
"""Characters before the ``...`` a copy without a record may start at (the copies are 250-350)."""
_GAP = 600
"""Characters (squeezed) at most between a copy without a record and the whole text
(the longest in the shared corpus: a ``cables.csv`` row's fields, ~230)."""
_WINDOW = 2 * _MAX_COPY + _GAP
"""Characters after the ``...`` (or after the record) read for the repeat of the copy."""


# What every classification word (fields.caption.CLASSIFICATION_WORD) holds once blanks
# are dropped and the text is upper-cased (str.upper folds as re's IGNORECASE does:
# U+017F to S, U+0131 to I).  A search for the case-insensitive regex itself, with no
# literal to look for, took ~30 us a "...".
_CLASSIFICATION_CORES = ("UNCLAS", "ONFID", "SECRET", "LIMITEDOFFICIALUSE")


class TruncatedCopy(NamedTuple):
    """What to blank (``blank_start`` to ``blank_end``), the artefacts that keep it
    (``parts``: kind, start, end of each non-blank piece, in order), and the
    reference id a record gives, if any."""

    blank_start: int
    blank_end: int
    parts: tuple[tuple[str, int, int], ...]
    reference_id: str | None


def find_truncated_copy(text: str) -> TruncatedCopy | None:
    """The first cut-off copy in ``text`` that the text after it repeats, or ``None``."""
    # str.find, not a regex's finditer: re reads every character of every text for the
    # literal "...", at about seven machine instructions each (1.5 % of a parse).
    at = text.find("...", 0, _REACH)
    tried = 0
    while at >= 0 and tried < _TRIED:
        dots, at = at, text.find("...", at + 1, _REACH)
        cut = _CUT.match(text, dots)
        record = _RECORD.match(text, cut.end()) if cut is not None else None
        tried += 1
        if record is not None:
            found = _before_record(text, dots, record.start(), record.end())
        else:
            found = _before_whole_text(text, dots)
        if found is not None:
            return found
    return None


def _before_record(text: str, dots: int, record_start: int, record_end: int) -> TruncatedCopy | None:
    rest = squeeze(text[record_end:record_end + _WINDOW])
    found = _earliest_copy(text, _line_starts_before(text, dots), dots, rest)
    if found is None or len(found[1]) < _MIN_COPY:
        return None
    start = found[0]
    refid = _REFID.search(text, record_start, record_end)
    return TruncatedCopy(start, record_end, (("truncated-copy", start, dots + 3), ("record", record_start, record_end)),
                         canonical_id(refid.group(1)) if refid else None)


def _before_whole_text(text: str, dots: int) -> TruncatedCopy | None:
    after = dots + 3
    # The whole text opens with its classification line, and so does the copy.  Most
    # "..." are prose with none after them: a few C-speed scans, then nothing more.
    near = text[after:after + 2 * _GAP].replace(" ", "").replace("\t", "").upper()
    if not any(word in near for word in _CLASSIFICATION_CORES):
        return None
    window = squeeze(text[after:after + _WINDOW])
    starts = [s for s in _line_starts_before(text, dots) if dots - s <= _MAX_COPY]
    if not starts or squeeze(text[starts[-1]:dots]) not in window:
        return None
    earliest = _earliest_copy(text, starts, dots, window)
    if earliest is None:
        return None
    start, copy = earliest
    found = window.find(copy)
    end = found + len(copy)
    if (len(copy) < _MIN_COPY_ALONE or found > _GAP or window.startswith(("...", " ..."), end)
            or not CLASSIFICATION_WORD.match(copy)):
        return None  # too short to tell, too far, the repeat cut off too, or no caption's start
    whole = _offset_of(text, after, found)
    # The copy's lines before the part the cut is in (_resume_line) are kept, and their
    # repeat blanked instead: the whole text has its caption lines run together
    # (08VILNIUS668: "UNCLAS VILNIUS 000668 SENSITIVE SIPDIS AMEMBASSY MINSK SENDS
    # E.O. ..." on one line), the copy has them line by line.  The whole text is read
    # from where that part starts again in it.
    cut_line = max(start, _resume_line(text, start, dots))
    kept = len(squeeze(text[start:cut_line]))
    resume = _offset_of(text, after, found + kept + 1) if kept else whole
    parts = [("truncated-copy", cut_line, after)]
    refid = None
    for kind, begin, end in (("record", after, whole), ("copy-repeat", whole, resume)):
        piece = text[begin:end]
        if piece.strip():
            begin, end = begin + len(piece) - len(piece.lstrip()), begin + len(piece.rstrip())
            parts.append((kind, begin, end))
            if kind == "record":
                found_id = _REFID.search(text, begin, end)
                refid = canonical_id(found_id.group(1)) if found_id else None
    return TruncatedCopy(cut_line, resume, tuple(parts), refid)


# A caption field's first line: its wrapped lines are read again from here.
_FIELD_LINE = module_patterns.compile(r"[ \t]*(?i:SUBJ(?:ECT)?|REF(?:S|TELS?)?|TAGS?|E\.[ \t]?O\.|CLASSIFIED[ \t]+BY)\b")
# A paragraph's first line: a number or a classification mark.
_PARAGRAPH_LINE = module_patterns.compile(r"[ \t]*(?:¶?[ \t]*\d{1,2}\.|\((?:U|C|S|TS|SBU)(?:/[^)\n]{0,12})?\))")


# A heading's underline, a whole line of dashes, and the start of one (cut off).
_UNDERLINE = module_patterns.compile(r"(?m)^[ \t]*-{3,}[- \t]*$")
_DASHES = module_patterns.compile(r"[ \t]*-[- \t]*")


def _resume_line(text: str, start: int, dots: int) -> int:
    """Where the copy stops being kept, and the whole text is read from: the start of
    the line of the cut, of the caption field it wraps (08BUDAPEST807's subject:
    "SUBJECT: ... STRONG NAC" / "STATEMENT ..."), or of the paragraph it is in
    (08HELSINKI374's "(SBU) Poloff delivered ..." / "... on Aug...", or lines of
    prose), or of the underlined heading.  These are read whole from the whole
    text: kept in part, their lines would be parted from the rest by the blank
    lines of what is set aside.  Lines of one-line fields (attention lines)
    before the cut line are kept."""
    cut_line = text.rfind("\n", 0, dots) + 1
    if not text[cut_line:dots].strip() and cut_line > start:
        cut_line = text.rfind("\n", 0, cut_line - 1) + 1  # "..." alone: the copy's last line is the one above
    line = cut_line
    while line > start:
        if _FIELD_LINE.match(text, line):
            return line
        previous = text.rfind("\n", 0, line - 1) + 1
        if not text[previous:line].strip():  # a blank line: the block starts at `line`
            break
        line = previous
    line = max(line, start)
    if (_FIELD_LINE.match(text, line) or _PARAGRAPH_LINE.match(text, line) or _prose(text[line:dots])
            or _UNDERLINE.search(text, line, cut_line + 1) or _DASHES.fullmatch(text, cut_line, dots)):
        return line  # a field, a paragraph, or an underlined heading: read whole
    return cut_line


def _prose(lines: str) -> bool:
    """Whether lines are prose, not caption notes: a fifth of their letters or more in lower case.

    A caption's attention lines are upper case ("HHS PLEASE PASS TO NIH and CDC",
    09MOSCOW2932); an unnumbered paragraph is not, and it is read whole."""
    letters = [c for c in lines if c.isalpha()]
    return bool(letters) and sum(c.islower() for c in letters) * 5 >= len(letters)


def _offset_of(text: str, start: int, squeezed: int) -> int:
    """The offset in ``text`` of the character at ``squeezed`` in ``squeeze(text[start:...])``."""
    count = 0
    for word in _WORD.finditer(text, start):
        if count + len(word.group()) > squeezed:
            return word.start() + squeezed - count
        count += len(word.group()) + 1  # the word and the one space after it
        if count > squeezed:
            return word.end()  # the space: the blanks after the word
    return len(text)


_WORD = module_patterns.compile(r"\S+")


def _line_starts_before(text: str, end: int) -> list[int]:
    """The starts of the lines before ``end`` (the last :data:`_LOOK_BACK`), earliest first."""
    starts = [end]
    at = end
    while len(starts) <= _LOOK_BACK and at > 0:
        at = text.rfind("\n", 0, at - 1) + 1 if at > 1 else 0
        starts.append(at)
        if at == 0:
            break
    starts.reverse()
    return starts[:-1]


def _earliest_copy(text: str, starts: list[int], dots: int, rest: str) -> tuple[int, str] | None:
    """The earliest of ``starts`` whose text up to ``dots``, squeezed, occurs in ``rest``,
    with that squeezed text; ``None`` if none does.

    A binary search: if the text from a line start occurs in ``rest``, so does the
    text from every later one (a part of it), so the starts that hold are the
    last ones of the list.
    """
    low, high = 0, len(starts)  # starts[high:] hold; starts[:low] do not
    held = None
    while low < high:
        middle = (low + high) // 2
        copy = squeeze(text[starts[middle]:dots])
        if copy in rest:
            high, held = middle, copy
        else:
            low = middle + 1
    return None if held is None else (starts[high], held)


def blank(text: str, found: TruncatedCopy) -> str:
    """``text`` from ``blank_start`` to ``blank_end`` as spaces, line breaks kept."""
    start, end = found.blank_start, found.blank_end
    part = text[start:end]
    blanked = "".join(c if c in "\r\n" else " " for c in part)
    return text[:start] + blanked + text[end:]
