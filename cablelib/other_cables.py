"""Another cable's envelope inside this cable's text: the ``other-cable`` diagnostic.

Why: texts are pasted together, and publishers' pages carry database records
of other messages (07BERN881's page holds a record of Embassy Tbilisi's
message 2290 after Bern's own text).  The grammar reads one cable a text:
the second message's header, caption and paragraphs become lines of the
first one's paragraphs, its numbering starting again at 1 — a silent misread
unless it is said.  Repeats of the cable's *own* header are common and
harmless (database dumps print the header twice: 09QUITO1206,
08MONTEVIDEO34; multi-section cables number their sections ``#0881/01``,
``#0881/02``), so the evidence is what names a message:

* the ACP-127 **station line** (``DE RUEHSI #2290/01 2541250``, format line
  3): the originating station and the message's sequence number.  Another
  station or sequence than the cable's own is another message.  The own
  ones are the envelope's; without an envelope the sequence is the serial
  of the reference id (a station's sequence is the serial's last four
  digits: ``09STATE123456`` is ``RUEHC #3456``);
* the **date-time group line followed by the FM line** (format lines 5 and
  6: ``P 211120Z JUN 01`` / ``FM AMEMBASSY CAIRO``), which old headers and
  extract-text copies have without a station line: another date-time group
  or another sender than the cable's own is another message.

Each is looked for only at the start of a line; without the cable's own
value, the first one found in the text is taken as its own.  A third kind
of evidence is the header against the caption: the FM line's sender and
the classification line's post naming two different known stations (a
publisher's page that put one message's header over another's text).

Some pages hold another message without its envelope: a cut-off copy of the
cable followed by another cable's caption (73TEHRAN8233: ``S E C R E T THE
HAGUE 000174`` under Tehran's paragraph 1) or by its database row
(73TEHRAN2077: ``50133  2006-01-19  06THEHAGUE131 ...``).  So two more
kinds of evidence are read, only where another message's start shows in
the body's numbering (between the caption and the first numbered
paragraph, and before a paragraph 1 that follows numbered ones): a
classification line that ends with a post and a serial other than the
cable's own, and a database row naming another reference id.  Evidence for
one message — its DE line and, two lines below, its date-time group and FM
line — is reported once, at the first of them (a message's header is well
under 12 lines to its FM line).  Nothing is moved: the text stays where the
grammar put it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import module_patterns
from .fields.caption import CLASSIFICATION_WORD
from .fields.dates import parse_dtg
from .ids import _stations, canonical_id, station_key
from .model import ClassificationLine, Diagnostic, Envelope, Paragraph, Span

__all__ = ["other_cables"]

# As the grammar's STATION_LINE (grammars/envelope.lark), from its start.
_STATION_LINE = module_patterns.compile(r"DE[ \t]+([RQ][A-Z]{3,6})\b[ \t]*#[ \t]*(\d{2,6})")
# An FM line, and the DTG line (optional precedence letters) right above it.
_FM_LINE = module_patterns.compile(r"FM[ \t]+([^\n]+)")
_DTG_LINE = module_patterns.compile(r"[ \t]*((?:[ZOPRY][ \t]+){0,2}(\d{6}Z)[ \t]+([A-Za-z]{3})[ \t]+(\d{2,4})[^\n]*)\n")
_SERIAL = module_patterns.compile(r"(\d+)$")
_SAME_MESSAGE_LINES = 12
# A caption's first line that names its post and serial and ends there:
# "S E C R E T THE HAGUE 000174", "UNCLAS SECTION 01 OF 02 STATE 100153".
# (Not a printout's "CONFIDENTIAL     PTQ1859": no blank before its number.)
_CAPTION_LINE = module_patterns.compile(
    rf"[ \t]*(?:{CLASSIFICATION_WORD.pattern})(?:[ \t]+(?i:SECTION)[ \t]+\d+[ \t]+(?i:OF)[ \t]+\d+)?"
    r"[ \t]+([A-Za-z][A-Za-z .'-]*?)[ \t]+(\d{3,7})[ \t]*$")
# A database row (cables.csv's columns, tabs or runs of blanks between them):
# row number, date (and time), reference id.
_RECORD_ROW = module_patterns.compile(
    r"[ \t]*\d+(?:\t|[ \t]{2,})\d{4}-\d\d-\d\d(?:[ \t]\d\d:\d\d(?::\d\d)?)?(?:\t|[ \t]{2,})"
    r"(\d{2}[A-Z][A-Z0-9]*?\d+)(?![A-Za-z0-9])")


def _sender_key(sender: str) -> str:
    """The sender as compared: squeezed, upper case, without a line-end backslash (database dumps)."""
    return " ".join(sender.upper().split()).rstrip(" \\")


_FIRST_WORD = module_patterns.compile(r"[ \t]*")


class _LineStarts:
    """Whether offsets, asked in increasing order, stand first on their line (after blanks).

    Each question reads only the text since the previous one: reading each
    line back from its start made a long line with many candidates
    quadratic (tests/test_linear.py).
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.scanned = 0
        self.line_start = 0
        self.first = 0  # where the current line's first non-blank character is

    def line_of(self, at: int) -> int | None:
        """The offset of the line holding ``at`` if only blanks come before ``at`` there."""
        newline = self.source.rfind("\n", self.scanned, at)
        if newline >= 0 or self.scanned == 0:
            self.line_start = newline + 1 if newline >= 0 else self.source.rfind("\n", 0, at) + 1
            self.first = _FIRST_WORD.match(self.source, self.line_start).end()  # type: ignore[union-attr]  # [ \t]* always matches
        self.scanned = at
        return self.line_start if self.first == at else None


def _station_line_matches(source: str) -> Iterator[re.Match[str]]:
    """``_STATION_LINE.finditer(source)``, without reading the text between DE lines.

    Every match holds one ``#`` and no line break, so the next match after
    ``pos`` starts on the line of the first ``#`` after ``pos``: the search
    starts there (``str.find`` skips the rest).  finditer looked at every
    "DE" of the text (DEPARTMENT, DECL ...): ~4 µs a cable, most of them with
    one DE line at the top.  tests/test_fast_paths.py compares both.
    """
    pos = 0
    while True:
        mark = source.find("#", pos)
        if mark < 0:
            return
        # The line's start, or pos if the line began before it: rfind reads
        # no further back than pos (a long line with many marks stays linear).
        m = _STATION_LINE.search(source, max(pos, source.rfind("\n", pos, mark) + 1))
        if m is None:
            return
        yield m
        pos = m.end()


def _station_lines(source: str, envelope: Envelope | None,
                   reference_id: str | None) -> Iterator[tuple[int, int, int, str]]:
    """(start, end, line start, description) of each DE line naming another message."""
    if "#" not in source:  # every station line has one
        return
    own: tuple[str | None, int] | None = None
    if envelope is not None and envelope.station and envelope.sequence is not None:
        own = envelope.station, envelope.sequence % 10000
    elif reference_id:
        m = _SERIAL.search(reference_id)
        if m is not None:
            own = None, int(m.group(1)) % 10000
    lines = _LineStarts(source)
    for m in _station_line_matches(source):
        line_start = lines.line_of(m.start())
        if line_start is None:
            continue  # prose that mentions a DE line
        station, sequence = m.group(1), int(m.group(2)) % 10000
        if own is None:
            own = station, sequence
            continue
        if sequence == own[1] and (own[0] is None or station == own[0]):
            continue
        own_name = f"{own[0]} #{own[1]:04d}" if own[0] else f"sequence {own[1]:04d}"
        yield m.start(), m.end(), line_start, f"DE {station} #{sequence:04d}, not this cable's ({own_name})"


def _when(dtg: str) -> object:
    """A date-time group as compared: its moment (``JUN 01`` and ``Jun 2001``
    alike), or its squeezed text when it names no real moment."""
    return parse_dtg(dtg) or " ".join(dtg.upper().split())


_UNREAD = object()  # the cable's own date-time group, not read yet


def _dtg_fm_lines(source: str, envelope: Envelope | None,
                  sender: str | None) -> Iterator[tuple[int, int, int, str]]:
    """(start, end, line start, description) of each DTG + FM pair naming another message."""
    own_raw = envelope.dtg_raw if envelope is not None and envelope.dtg_raw else None
    own_dtg: object = _UNREAD if own_raw else None  # None: not known; read when first compared
    own_sender = _sender_key(sender) if sender else None
    # Each "FM" is looked at (a few a cable), not every character: a regex
    # search for the DTG line took 0.25 ms a cable, as it cannot start
    # from a literal.
    lines = _LineStarts(source)
    # The envelope's own FM line names the cable itself once its date-time group
    # and sender are both known: it is not read again (3 of 4 us a cable here).
    own_from = own_to = -1
    if own_raw and own_sender and envelope is not None and envelope.span is not None:
        own_from, own_to = envelope.span.start, envelope.span.end
    at = source.find("FM", 1)
    while at >= 0:
        here, at = at, source.find("FM", at + 2)
        if source[here - 1] not in " \t\n":  # inside a word ("AFM"); "FMLN" is left to the match
            continue
        if own_from <= here < own_to:
            continue
        fm_line = lines.line_of(here)
        if not fm_line:  # not first on its line, or on the first line: no DTG line above
            continue
        fm = _FM_LINE.match(source, here)
        dtg_line = source.rfind("\n", 0, fm_line - 1) + 1
        m = _DTG_LINE.match(source, dtg_line) if fm is not None else None
        if fm is None or m is None or m.end() != fm_line:  # m is None whenever fm is
            continue
        written = f"{m.group(2)} {m.group(3).upper()} {m.group(4)}"
        from_ = _sender_key(fm.group(1))
        if own_dtg is _UNREAD and (own_sender is None or written != own_raw):
            own_dtg = parse_dtg(own_raw)  # type: ignore[arg-type]
        if own_dtg is None and own_sender is None:
            own_raw, own_dtg, own_sender = written, _when(written), from_
            continue
        # The same text is the same moment: most pairs found are the cable's own
        # header, whose date-time group then needs no reading.
        same_dtg = own_dtg is None or written == own_raw or _when(written) == own_dtg
        if same_dtg and (own_sender is None or from_ == own_sender):
            continue
        yield (m.start(1), fm.end(), dtg_line,
               f"{written} FM {from_}, not this cable's ({own_raw or '?'} FM {own_sender or '?'})")


def _header_and_caption(sender: str | None, line: ClassificationLine | None) -> Diagnostic | None:
    """The envelope's sender and the classification line's post naming two known stations.

    A publisher's page may pair one message's header with another's text
    (88BAGHDAD28: a 1988 Baghdad header over a 2008 Department cable, whose
    classification line reads ``S e c r e t state 068250``), and a
    reference id derived from the text then follows the text.  Both must be
    stations of the Cablegate list and neither name may hold the other
    (``USEU BRUSSELS`` sends ``BRUSSELS`` cables, ``REO BASRAH`` ``BASRAH``
    ones; the station aliases make ``SECSTATE WASHDC`` ``STATE``).  A
    garbled or redacted post is not a known station, so it is not taken for
    another message.
    """
    if not sender or line is None or not line.post:
        return None
    sent, posted = station_key(sender), station_key(line.post)  # SECSTATE WASHDC is STATE
    stations = _stations()
    if sent in posted or posted in sent or sent not in stations or posted not in stations:
        return None
    serial = f" {line.serial:06d}" if line.serial is not None else ""
    return Diagnostic(
        "other-cable",
        f"the envelope is from {' '.join(sender.split())} but the classification line names "
        f"{line.post.upper()}{serial}: the header and the text may belong to two messages",
        span=line.span)


def _starts_in_body(caption_end: int | None, paragraphs: tuple[Paragraph, ...]) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of the stretches of the body where another message may begin: from
    the caption to the first numbered paragraph, and from a numbered paragraph to a
    paragraph 1 after it (the numbering starting again)."""
    previous: int | None = None  # where the numbered paragraph before this one starts
    for paragraph in paragraphs:
        if paragraph.number is None or paragraph.span is None:
            continue
        start = paragraph.span.start
        if previous is None:
            if caption_end is not None and caption_end < start:
                yield caption_end, start
        elif paragraph.number == 1 and previous < start:
            yield previous, start
        previous = start


def _own_serial(reference_id: str | None, line_of_caption: ClassificationLine | None) -> tuple[int | None, str]:
    """The cable's serial (its classification line's, or its reference id's) and how it is named."""
    if line_of_caption is not None and line_of_caption.serial is not None:
        return line_of_caption.serial, " ".join(line_of_caption.raw.split())
    m = _SERIAL.search(reference_id) if reference_id else None
    if m is None:
        return None, ""
    return int(m.group(1)), f"serial {int(m.group(1))}"


def _captions_and_rows(source: str, reference_id: str | None, line_of_caption: ClassificationLine | None,
                       caption_end: int | None,
                       paragraphs: tuple[Paragraph, ...]) -> Iterator[tuple[int, int, int, str, str]]:
    """(start, end, line start, description, what) of each caption line or database row,
    first on its line in a stretch of :func:`_starts_in_body`, that names another message:
    another serial than the cable's own (its classification line's, or its reference
    id's), another reference id."""
    own: tuple[int | None, str] | None = None  # the cable's serial and its name, read at a first caption line
    own_id: str | None = None
    for start, end in _starts_in_body(caption_end, paragraphs):
        if not source[start:end].strip():  # most cables: blank lines between caption and paragraph 1
            continue
        pos = start
        while pos < end:
            line_end = source.find("\n", pos, end)
            if line_end < 0:
                line_end = end
            caption = _CAPTION_LINE.match(source, pos, line_end)
            # A line is a caption line or a row (a classification word or a number first), never both.
            row = _RECORD_ROW.match(source, pos, line_end) if caption is None and reference_id else None
            if caption is not None:
                if own is None:
                    own = _own_serial(reference_id, line_of_caption)
                if own[0] is not None and int(caption.group(2)) != own[0]:
                    yield (_first_character(caption), line_end, pos,
                           f"{' '.join(caption.group(0).split())}, not this cable's ({own[1]})", "caption")
            elif row is not None:
                if own_id is None:
                    own_id = canonical_id(reference_id)  # type: ignore[arg-type]
                if canonical_id(row.group(1)) != own_id:
                    yield (_first_character(row), line_end, pos,
                           f"a record of {row.group(1)}, not this cable's ({reference_id})", "database row")
            pos = line_end + 1


def _first_character(m: re.Match[str]) -> int:
    """Where a line's match starts once the blanks it took at the line's start are passed."""
    return m.end() - len(m.group(0).lstrip())


def other_cables(source: str, envelope: Envelope | None, reference_id: str | None,
                 sender: str | None = None, line_of_caption: ClassificationLine | None = None,
                 caption_end: int | None = None, paragraphs: tuple[Paragraph, ...] = ()) -> list[Diagnostic]:
    """An ``other-cable`` diagnostic for each other message whose envelope is in ``source``,
    or whose caption line or database row starts one of the body's stretches where
    another message may begin (``caption_end``: where the cable's caption ends), and
    for an envelope and a classification line that name two stations."""
    evidence = sorted((*_station_lines(source, envelope, reference_id), *_dtg_fm_lines(source, envelope, sender)))
    items = [(*item, "envelope") for item in evidence]
    if paragraphs:
        # Reported only away from an envelope's evidence: a record row just above
        # another message's DE line (07BERN881) is that message.
        near = [source.count("\n", 0, line_start) for _s, _e, line_start, _d in evidence]
        for item in _captions_and_rows(source, reference_id, line_of_caption, caption_end, paragraphs):
            line = source.count("\n", 0, item[2])
            if all(abs(line - other) > _SAME_MESSAGE_LINES for other in near):
                items.append(item)
        items.sort()
    found: list[Diagnostic] = []
    reported: set[str] = set()
    last_line = -_SAME_MESSAGE_LINES - 1
    for start, end, line_start, description, what in items:
        line = source.count("\n", 0, line_start) + 1
        if line - last_line <= _SAME_MESSAGE_LINES:  # the same message's DE and DTG/FM lines
            last_line = line
            continue
        last_line = line
        name = description.split(", not")[0]
        if name in reported:  # a later section of a message already reported
            continue
        reported.add(name)
        line_end = source.find("\n", start)
        found.append(Diagnostic(
            "other-cable",
            f"another message's {what} at line {line}: {description}; its text is read as part of this cable",
            span=Span(start, len(source) if line_end < 0 else line_end, line, start - line_start + 1)))
    mismatch = _header_and_caption(sender, line_of_caption)
    if mismatch is not None:
        found.append(mismatch)
    return found
