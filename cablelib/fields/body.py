"""Splitting body tokens: paragraph heads, headings, the signature, the summary."""

from __future__ import annotations

import re

from .. import module_patterns
from .envelope import squeeze

# The patterns and the title test are public because the renderer
# (cablelib.render) must write text that these same rules read back.
__all__ = ["split_para_head", "join_lines", "heading_text", "split_signers", "find_summary", "is_caption_copy",
           "is_title", "search_summary_start", "search_summary_end", "SUMMARY_START", "SUMMARY_END",
           "INLINE_HEADING_AT_END", "title_at_end", "sub_chunk", "SPACED_CLASSIFICATION", "ends_sentence"]

_HEAD = module_patterns.compile(r"^¶?\s*(\d{1,2})(?: (?=\.\s+\())?\.(?:\s*\d{1,2}\.(?=\s))?\s*(?:\(([^)\n]{1,20})\)\s*)?")
_MARK_OK = module_patterns.compile(r"^[A-Z]{1,4}(?:\s*/{1,2}\s*[A-Z]+(?:\s+[A-Z]+)*)*$")


def split_para_head(text: str) -> tuple[int, str | None, str]:
    """``7. (SBU) Although ...`` → ``(7, 'SBU', 'Although ...')``."""
    m = _HEAD.match(text)
    if m is None:  # the grammar only hands over paragraph heads
        return 0, None, text
    marking = m.group(2)
    if marking is not None:
        if len(marking) <= 4 and marking.isascii() and marking.isalpha():
            # "U", "SBU": squeeze keeps it and _MARK_OK takes it (tests/test_fast_paths.py)
            marking = marking.upper()
        else:
            marking = squeeze(marking).upper()
            if not _MARK_OK.match(marking):
                return int(m.group(1)), None, text[m.start(2) - 1:].lstrip()
    return int(m.group(1)), marking, text[m.end():]


# "S E C R E T USNATO 000290 NOFORN SIPDIS E.O. 12958: DECL: 01/05/2017 TAGS: NATO ..."
# (08USNATO290): the classification line and the caption again, run together
# on one line after a cut-off body.  A classification word (spaced or not),
# a post and a six-digit serial, then an E.O. or TAGS field on the same
# line: prose does not look like that.
SPACED_CLASSIFICATION = (r"S[ ]?E[ ]?C[ ]?R[ ]?E[ ]?T|C[ ]?O[ ]?N[ ]?F[ ]?I[ ]?D[ ]?E[ ]?N[ ]?T[ ]?I[ ]?A[ ]?L"
                         r"|U[ ]?N[ ]?C[ ]?L[ ]?A[ ]?S(?:[ ]?S[ ]?I[ ]?F[ ]?I[ ]?E[ ]?D)?")
"""A classification word as a classification line writes it, spaced or not
(``S E C R E T``, ``CONFIDENTIAL``, ``UNCLAS``): a regex alternation, shared
with :mod:`cablelib.section_headers`."""
_CAPTION_COPY = module_patterns.compile(
    r"[ \t]*(?:" + SPACED_CLASSIFICATION + r")(?![A-Za-z])"
    r"[ \t]+(?:SECTION[ \t]+\d+[ \t]+OF[ \t]+\d+[ \t]+)?[A-Z][A-Z .]{1,40}?[ \t]+\d{6}\b"
    r"[^\n]*?(?:\bE\.[ \t]?O\.[ \t]?\d{4,5}|\bTAGS?[ \t]*:)[^\n]*")


def is_caption_copy(text: str) -> bool:
    """Whether a one-line prose chunk is a run-together copy of the caption.

    The pattern is tried first: it fails at once on prose that does not open
    with a classification word, so a long chunk is not copied to be checked.
    """
    m = _CAPTION_COPY.match(text)
    return m is not None and not text[m.end():].strip()


_PAGE_FOOT = module_patterns.compile(r"\s+(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)\s*$")


_FOOT_WORDS = ("UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "LIMITED OFFICIAL USE")


def strip_page_foot(chunk: str) -> str:
    r"""A prose chunk without the classification word that ends a printed page.

    The pattern starts with ``\s+``, so ``re`` tries it at every blank of
    the chunk (7 µs a cable for the last paragraph alone); it can match only
    if the chunk, trailing blanks stripped, ends with one of the words
    (``\s`` and ``str.strip`` agree on what is blank), which is checked first.
    """
    if not chunk.rstrip().endswith(_FOOT_WORDS):
        return chunk
    return _PAGE_FOOT.sub("", chunk)


def join_lines(text: str) -> str:
    """Lines joined by one space, runs of spaces squeezed, pilcrows dropped."""
    return squeeze(text.replace("¶", " "))


_DASHES = module_patterns.compile(r"^[\s-]*$")


def heading_text(token: str) -> str:
    """The title of a heading token: its lines that are not all dashes, without
    the dash runs at their ends.

    ``Improved Courts / -----``, ``----- / SUMMARY / -----``, the inline
    ``-------- Training --------``, ``Opening Remarks ------ ---`` and a title
    of two lines in a frame of dash lines all give their title.  A SIPDIS
    line the software put in the frame is no part of it (00HARARE6677), nor
    a page line glued to its end.
    """
    lines = [line for line in token.split("\n") if not _DASHES.match(line)]
    if len(lines) > 1:
        lines = [line for line in lines if line.strip() != "SIPDIS"] or lines
    title = squeeze(" ".join(line.strip(" \t\r-") for line in lines))
    if title[-1:].isdigit():
        # A page line that a lost line break glued into the title: "U.S.-India
        # Civilian Nuclear Cooperation TOKYO 00005492 007.2 OF 010 -----" (07TOKYO5492).
        page = _PAGE_AT_TITLE_END.search(title)
        if page is not None:  # (a title that is only a page line has no blank before it: kept)
            title = title[:page.start()]
    return title


# The new form of a page line (PAGE_LINE in grammars/terminals.lark): post,
# eight-digit serial, page "OF" pages.
_PAGE_AT_TITLE_END = module_patterns.compile(r" [A-Z][A-Z.'()/-]*(?: [A-Z.'()/-]+)*? \d{8} \d{3}(?:\.\d+)? OF \d{3}$")


_SIGNER_SPLIT = module_patterns.compile(r"\s*(?:/|,|&|\bAND\b|\s{2,})\s*")


def split_signers(token: str) -> tuple[str, ...]:
    """Surnames on the signature line, upper case.

    ``MUSSOMELI`` → ``('MUSSOMELI',)``; ``KEEGAN/PAAL`` → two names;
    ``van Voorst`` → ``('VAN VOORST',)``.
    """
    first = token.strip().split("\n", 1)[0].strip().rstrip("\\ .")
    names: dict[str, None] = {}
    for name in _SIGNER_SPLIT.split(first.upper()):
        if name:
            names.setdefault(name, None)
    words = first.upper().split()
    if len(words) == 2 and words[0] == words[1]:  # "SHANNON Shannon": one signer written twice
        return (words[0],)
    return tuple(names)


# "... END COMMENT. NICHOLSON" — media-partner copies put the signature on
# the last line of the last paragraph; also after a row of asterisks, which
# closes the embassy's "Visit ... Classified Website" banner ("... ********
# HENZEL", 08MANAMA287).
_INLINE_SIGNER = module_patterns.compile(
    r"(?:(?<=[.!?\"'”)\]/*])|(?<=\bComment)|(?<=\bCOMMENT))\s+((?:[A-Z][A-Z'\-]{2,}(?:\s+(?:/\s*)?[A-Z][A-Za-z'\-]{2,})?)|[A-Z][a-z][A-Za-z'\-]+)[\s\\.]*$")
_NOT_NAMES = frozenset({"END", "COMMENT", "SUMMARY", "SIPDIS", "NOFORN", "BT", "NNNN", "UNCLASSIFIED",
                        "CONFIDENTIAL", "SECRET", "THANKS", "REGARDS"})


def trailing_signer(text: str) -> tuple[tuple[str, ...], int] | None:
    """A signature run on at the end of a paragraph's text: the names and where they start."""
    text = strip_page_foot(text)  # "... PATTERSON SECRET": the classification word trails
    m = _INLINE_SIGNER.search(text[-80:])
    if m is None:
        return None
    names = split_signers(m.group(1))
    if not names or any(n in _NOT_NAMES for n in names):
        return None
    return names, len(text) - 80 + m.start() if len(text) > 80 else m.start()


_COMMENT = module_patterns.compile(
    r"(?is)\b(?:BEGIN\s+)?COMMENT\s*[:.\-]+\s*(.*?)\s*(?:\bEND\s+(?:OF\s+)?COMMENT\b[.:]?|$)")


def find_comments(paragraphs: list[tuple[str | None, str]]) -> tuple[str, ...]:
    """The post's comments: ``COMMENT: ... END COMMENT`` inside or across
    paragraphs, and whole paragraphs headed ``COMMENT:`` or under a
    ``Comment`` heading."""
    found: list[str] = []
    for heading, text in paragraphs:
        if heading is not None and heading.strip(" :-").lower() == "comment":
            found.append(squeeze(SUMMARY_END.sub("", text)))
            continue
        for m in _COMMENT.finditer(text):
            body = squeeze(m.group(1))
            if body:
                found.append(body)
    return tuple(found)


SUMMARY_START = module_patterns.compile(
    r"(?i)\b(?:BEGIN\s+SUMM?A?RY\b[:.\-]*|SUMM?A?RY(?:\s+AND\s+(?:COMMENT|ACTION\s+REQUEST|INTRODUCTION))?\s*[:.\-]+)")
SUMMARY_END = module_patterns.compile(r"(?i)\bEND\s+(?:OF\s+)?SUMM?A?RY\b(?:\s+AND\s+COMMENT)?[.:]?")


def search_summary_end(text: str) -> re.Match[str] | None:
    """``SUMMARY_END.search(text)``, about five times faster on prose.

    The pattern starts with a word boundary under IGNORECASE, so ``re`` tries
    it at every character (about 20 ns each; 0.14 ms for a cable's
    paragraphs, measured on the corpus).  A match starts at "end" in some
    case, and only ASCII letters fold to E, N or D, so it is tried only where
    ``text.lower()`` has "end" (C-speed ``str.find``).  If lowering changed
    the length (U+0130 lowers to two characters) the offsets would not line
    up, and the plain search is used.  tests/test_fast_paths.py compares both.
    """
    lowered = text.lower()
    if len(lowered) != len(text):
        return SUMMARY_END.search(text)
    at = lowered.find("end")
    while at >= 0:
        m = SUMMARY_END.match(text, at)
        if m is not None:
            return m
        at = lowered.find("end", at + 1)
    return None


def search_summary_start(text: str) -> re.Match[str] | None:
    """``SUMMARY_START.search(text[:200])``, without trying every character.

    Like :func:`search_summary_end`: under IGNORECASE with a leading word
    boundary, ``re`` tries the pattern at each of the 200 characters, and
    :func:`find_summary` asks for every paragraph of every cable.  A match
    starts with "begin" or "sum" in some case; in ASCII text only ASCII
    letters can be those, so the pattern is tried only where the lowered text
    has one of them, leftmost first.  Other text (where U+017F, long s,
    matches S, and U+0131, dotless i, matches I) takes the plain search.
    tests/test_fast_paths.py compares both.
    """
    head = text[:200]
    if not head.isascii():
        return SUMMARY_START.search(head)
    lowered = head.lower()
    starts = []
    for word in ("sum", "begin"):
        at = lowered.find(word)
        while at >= 0:
            starts.append(at)
            at = lowered.find(word, at + 1)
    for at in sorted(starts):
        m = SUMMARY_START.match(head, at)
        if m is not None:
            return m
    return None


_SUMMARY_HEADING = module_patterns.compile(r"(?i)^summ?a?ry\b")
_PARA_MARK = module_patterns.compile(r"\s\d{1,2}\.\s*\([A-Z/ ]{1,12}\)\s*")
# Every match of _PARA_MARK holds a match of this, which starts with a literal
# full stop: ``re`` jumps from one "." to the next instead of trying the
# mark's leading ``\s`` at every blank of a summary (~10 µs a summary, and no
# summary of the corpus has a mark left in it; tests/test_fast_paths.py).
_PARA_MARK_CORE = module_patterns.compile(r"\.\s*\([A-Z/ ]{1,12}\)")


def _drop_paragraph_marks(text: str) -> str:
    """``_PARA_MARK.sub(" ", text)``: paragraph marks (`` 2. (C) ``) become a space."""
    if _PARA_MARK_CORE.search(text) is None:
        return text
    return _PARA_MARK.sub(" ", text)


def find_summary(paragraphs: list[tuple[str | None, str]]) -> str | None:
    """The summary: from ``SUMMARY:`` / ``BEGIN SUMMARY`` / a ``SUMMARY``
    heading to ``END SUMMARY``, joined and squeezed, markers removed.

    ``paragraphs`` are (heading, text) pairs.  A summary may span several
    paragraphs; without an END SUMMARY it is the paragraph it starts in (or,
    under a heading, the paragraphs up to the next heading).
    """
    for index, (heading, text) in enumerate(paragraphs):
        start = search_summary_start(text)
        under_heading = heading is not None and _SUMMARY_HEADING.match(heading)
        if start is None and not under_heading:
            continue
        begin = start.end() if start else 0
        parts: list[str] = []
        for offset, (next_heading, next_text) in enumerate(paragraphs[index:]):
            if offset and next_heading is not None:
                break
            chunk = next_text[begin:] if offset == 0 else next_text
            end = search_summary_end(chunk)
            if end is not None:
                parts.append(chunk[: end.start()])
                break
            parts.append(chunk)
            if not under_heading:
                # Without a heading a summary runs on only until END SUMMARY.
                if not any(search_summary_end(t) for _, t in paragraphs[index + offset + 1: index + 4]):
                    break
        summary = squeeze(_drop_paragraph_marks(" " + " ".join(parts)))
        return summary or None
    # "END SUMMARY" with no start: the paragraph it ends, up to it.
    for _heading, text in paragraphs[:3]:
        end = search_summary_end(text)
        if end is not None:
            return squeeze(text[: end.start()]) or None
    return None


# ---------------------------------------------------------------- segmentation
#
# The grammar gives each paragraph as its first chunk (numbered or not) and
# the prose chunks and page-break lines that follow it up to the next
# numbered paragraph or underlined heading.  Three things are only visible
# with the chunks side by side, so they are decided here:
#
# * a short title line standing alone before a numbered paragraph is a
#   heading even without an underline ("HEU CASKS SECURE, UNCHANGED");
# * a chunk that starts with a section label ("COMMENT:", "ACTION REQUESTED:") after
#   a finished sentence starts an unnumbered paragraph; in a cable without
#   numbered paragraphs every chunk after a finished sentence does;
# * a "paragraph number" out of sequence after an unfinished sentence
#   ("... on July" / "24. Khobargade") is the wrapped sentence, not a new
#   paragraph; so is one a little out of sequence whose paragraph would
#   hold no text at all ("please see para" / "4." / "2. On September",
#   09CAIRO1778; a number a little out of sequence is otherwise a
#   paragraph: numbers are skipped).

Chunk = tuple[str, str, int, int, int, int]  # kind (PARA, TEXT, PAGE_LINE or a piece), text, start, end, line, column

# A sentence's end: a stop (and closing marks), "END SUMMARY", or a stop and a
# reference in parentheses after it ("... TO THE FULLEST EXTENT POSSIBLE. (REF E)",
# 01HAVANA4690).
_SENTENCE_END = module_patterns.compile(
    r"(?:[.!?][\"'”)\]]*|[.!?][\"'”]?[ \t]+\((?:REFS?|REFTELS?)\b[^()\n]{0,20}\)|\bEND\s+(?:OF\s+)?(?:SUMMARY|COMMENT))\s*$",
    re.IGNORECASE)


def is_begin_summary(text: str) -> bool:
    """Whether a prose chunk is only the marker ``BEGIN SUMMARY`` (any case, any blanks).

    The same as ``squeeze(text).upper().rstrip(".:") == "BEGIN SUMMARY"``,
    which squeezed and upper-cased every prose chunk of a body: only "b" and
    "B" upper-case to a string that starts with "B", so a chunk whose first
    non-blank character is another one is rejected first
    (tests/test_fast_paths.py).
    """
    return text.lstrip()[:1] in ("B", "b") and squeeze(text).upper().rstrip(".:") == "BEGIN SUMMARY"


_CLOSERS = "\"'”)]"


def _ends_sentence(text: str) -> bool:
    """Whether ``text`` ends a sentence (looks only at its last 40 characters).

    ``_SENTENCE_END.search`` over the last 40 characters, decided by the last
    one that is not blank where it can be: the regex tries every one of the
    40 starting points (3.2 µs a call, ~4 calls a cable).  ``\\s`` and
    ``str.rstrip`` agree on what is blank, and only ASCII letters fold to
    the ``T`` of ``COMMENT`` and the ``Y`` of ``SUMMARY``, so a window whose
    last character is none of those nor a stop or a closing mark cannot
    match, nor one ending with another closing mark than ``)`` after no stop
    (tests/test_fast_paths.py).
    """
    window = text[-40:].rstrip()
    last = window[-1:]
    if last in (".", "!", "?"):
        return True
    if last and last in _CLOSERS:
        if window.rstrip(_CLOSERS)[-1:] in (".", "!", "?"):
            return True
        return last == ")" and _SENTENCE_END.search(text, max(0, len(text) - 40)) is not None
    if last and last in "TtYy":
        return _SENTENCE_END.search(text, max(0, len(text) - 40)) is not None
    return False


ends_sentence = _ends_sentence
"""Whether a text ends a sentence (:func:`_ends_sentence`), for :mod:`cablelib.run_together`."""


_LABEL = module_patterns.compile(
    r"^(?i:COMMENT|SUMMARY(?: AND COMMENT)?|ACTION REQUEST(?:ED)?|BACKGROUND|NOTE|BEGIN TEXT)\s*:"
)
# "... End comment.  ------ U.S. Additional Protocol EIF ------": a heading
# that the publisher ran onto the end of the previous paragraph's last line;
# its dash lines may come in two runs ("----------- ---- Syria and Iran ...
# ----------- ----", the wrapped dash lines of 09UNVIEVIENNA9).
INLINE_HEADING_AT_END = module_patterns.compile(r"\s-{3,}(?:[ \t]+-{3,})*[ \t]+([^\s-][^\n]*?)[ \t]+---[- \t\r]*$")
# The underline at the end of a chunk, and a sentence's end before a title.
_DASH_LINE_AT_END = module_patterns.compile(r"\n[ \t]*-{3,}[- \t\r]*$")
_UNDERLINE_AT_END = module_patterns.compile(r"[ \t]+-{3,}[- \t\r]*$")
_STOP_BEFORE_TITLE = module_patterns.compile(r"[.!?][\"'”)\]]?[ \t]+(?=[A-Z0-9\"'(])")


# An end marker without its stop, then an upper-case title at the chunk's end.
_TITLE_AFTER_END_MARK = module_patterns.compile(
    r"\b(?i:END[ \t]+(?:OF[ \t]+)?(?:SUMMARY|COMMENT|NOTE|INTRODUCTION|INTRO|BACKGROUND))[ \t]+"
    r"([A-Z][A-Z0-9 ,&'/().:-]{2,60}?)[ \t\r]*$")


def title_at_end(text: str) -> tuple[int, str] | None:
    """``(offset, title)`` of a title and its underline run onto the end of
    ``text`` after its last sentence ("... according to Ibrahim. Nuclear
    Energy Policy ---------------------", 09CAIRO2348, 08GUATEMALA867), or
    ``None``.  The title is at most 80 characters and reads as one
    (:func:`is_title`).  Found from the end: the underline by an anchored
    pattern, then the last stop in the 82 characters before it, so a chunk
    costs a few short scans (one regex over the whole window was quadratic:
    ~25 µs a chunk).
    """
    underline = _UNDERLINE_AT_END.search(text, max(0, len(text) - 200))
    if underline is None:
        return None
    end = underline.start()
    stop = None
    for stop in _STOP_BEFORE_TITLE.finditer(text, max(0, end - 82), end):
        pass
    if stop is None or "\n" in text[stop.end():end]:
        return None
    title = text[stop.end():end]
    return (stop.end(), title) if len(title) <= 80 and is_title(title) else None


# The rest of a paragraph head's line (group 1), then a line of dashes under it.
_UNDERLINED_FIRST_LINE = module_patterns.compile(r"[ \t]*(\S[^\n]*?)[ \t\r]*\n[ \t]*-{3,}[- \t\r]*(?:\n|$)")
_LEAD_MARKING = module_patterns.compile(r"^\((U|C|S|SBU|TS|S//NF|C//NF|S/NF|C/NF|SBU/NF|U//FOUO)\)\s+")
_TITLE_WORD = module_patterns.compile(
    r"^[A-Z0-9(\"'][\w'’\".()/-]*$|^(?:and|of|the|in|on|for|to|a|an|with|at|by|or|vs\.?)$"
)


def is_title(text: str) -> bool:
    """A one-line heading: short, no closing punctuation (but a question mark), capitalised words."""
    line = text.strip()
    # An upper-case question is a heading ("WHO IS FUNDING LOCAL OPPOSITION?",
    # 08CURACAO82); in any other case its last word is no title word.
    if "\n" in line or not 3 <= len(line) <= 80 or line[-1] in ".,;!":
        return False
    if line[-1] == ":" and (len(line.split()) > 4 or not line.isupper()):
        return False  # "BACKGROUND:" is a heading, "The points follow:" is not
    words = line.split()
    if len(words) > 12:
        return False
    return line.isupper() or all(_TITLE_WORD.match(w) for w in words)


def _heads_title(line: str) -> bool:
    """Whether the rest of a paragraph head's line, over a dash line, is a title: one
    (:func:`is_title`), or any short line that ends no clause ("[Content removed]",
    WikiLeaks' redaction of one, 09ASMARA429); "The talks went on." is prose."""
    return is_title(line) or (3 <= len(line) <= 80 and len(line.split()) <= 12 and line[-1] not in ".,;:!?")


def sub_chunk(chunk: Chunk, start: int, end: int, kind: str = "HEADING") -> Chunk:
    """The part ``start:end`` of a chunk's text as a chunk of ``kind``, with its own position."""
    text = chunk[1]
    before = text[:start]
    newlines = before.count("\n")
    column = start - before.rfind("\n") if newlines else chunk[5] + start
    return (kind, text[start:end], chunk[2] + start, chunk[2] + end, chunk[4] + newlines, column)


def segment(paragraphs: list[list[Chunk]], headings: list[Chunk] | None = None) -> list[dict[str, object]]:
    """Paragraphs (number, marking, heading, text, start, end, line, column) from chunk runs.

    ``paragraphs`` are the grammar's paragraphs in order, each a list of
    chunks; ``heading`` entries for underlined headings are passed in as a
    run holding a single ``("HEADING", title, ...)`` chunk.  Headings found
    here in the prose are appended to ``headings`` (title and position), so
    that the caller can keep them with their spans.
    """
    found_headings = headings if headings is not None else []
    has_numbers = any(run and run[0][0] == "PARA" for run in paragraphs)
    out: list[dict[str, object]] = []
    pending_heading: str | None = None
    last_number = 0

    def start_paragraph(chunk: Chunk, number: int | None, marking: str | None, text: str) -> dict[str, object]:
        nonlocal pending_heading
        para: dict[str, object] = {"number": number, "marking": marking, "heading": pending_heading, "parts": [text],
                "start": chunk[2], "end": chunk[3], "line": chunk[4], "column": chunk[5]}
        pending_heading = None
        out.append(para)
        return para

    begin_marker: Chunk | None = None
    for index, run in enumerate(paragraphs):
        if run and run[0][0] == "HEADING":
            pending_heading = run[0][1]
            continue
        next_run = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        next_is_numbered = next_run is not None and bool(next_run) and next_run[0][0] == "PARA"
        current: dict[str, object] | None = None
        for position, chunk in enumerate(run):
            kind, text = chunk[0], chunk[1]
            if kind == "CAPTION_COPY" or kind == "SECTION_HEADER":  # artefacts: not paragraph text
                continue
            if kind == "PAGE_LINE":
                if current is not None:
                    parts: list[str] = current["parts"]  # type: ignore[assignment]
                    # The page foot alone, a chunk of its own after the paragraph's text
                    # (00HARARE2271): dropped too.
                    parts[-1] = "" if len(parts) > 1 and parts[-1].strip() in _FOOT_WORDS else strip_page_foot(parts[-1])
                    current["end"] = chunk[3]
                continue
            last_chunk = position == len(run) - 1
            tail: tuple[int, int, str] | None = None  # heading's start, the text's new end, title
            if "---" in text[-200:]:  # one check a chunk for both endings (most have neither)
                inline = INLINE_HEADING_AT_END.search(text, max(0, len(text) - 200))
                if inline is not None:
                    tail = (inline.start() + 1, inline.start(), inline.group(1))
                else:
                    run_on = title_at_end(text)
                    tail = None if run_on is None else (run_on[0], run_on[0], run_on[1])
                    if tail is None and not last_chunk and run[position + 1][0] == "PAGE_LINE":
                        # A heading's overline before a page break, its title after it
                        # (08RIYADH1619: "... USG representation." / "-----" / the page
                        # line / the title and its underline): kept as an underline.
                        overline = _DASH_LINE_AT_END.search(text, max(0, len(text) - 200))
                        if overline is not None:
                            found_headings.append(sub_chunk(chunk, overline.start() + 1, len(text.rstrip()),
                                                            "UNDERLINE"))
                            text = text[:overline.start()]
            elif last_chunk and next_is_numbered and text.rstrip()[-1:].isupper():
                # "... End introduction VENEZUELA" over "2. (S)" (05BRASILIA715): an
                # upper-case title run onto an end marker, before the next number.
                marked = _TITLE_AFTER_END_MARK.search(text, max(0, len(text) - 120))
                if marked is not None and is_title(marked.group(1)):  # (the pattern takes capitals only)
                    tail = (marked.start(1), marked.start(1), marked.group(1))
            if tail is not None and (next_run is not None or not last_chunk):
                found_headings.append(sub_chunk(chunk, tail[0], len(text.rstrip())))
                text = text[:tail[1]]
                trailing_heading: str | None = squeeze(tail[2])
            else:
                trailing_heading = None
            if kind == "PARA":
                number, marking, rest = split_para_head(text)
                previous = out[-1] if out else None
                if (previous is not None and previous["number"] is not None and number != last_number + 1
                        and (number > last_number + 3 or (last_chunk and not rest.strip()))
                        and not _ends_sentence(str(previous["parts"][-1]))):  # type: ignore[index]
                    previous["parts"].append(text.lstrip("¶ \t"))  # type: ignore[attr-defined]
                    previous["end"] = chunk[3]
                    current = previous
                    continue
                last_number = number
                # "2. (C) THE DEFENSE MINISTER AND THE COLONELS" over a dash line
                # (09ASMARA429): the rest of the head's line is the paragraph's
                # heading, as the same line without the number would be.  Checked
                # first with a find and a slice: the next line must open with "---".
                newline = rest.find("\n")
                if (newline > 0 and pending_heading is None
                        and rest[newline + 1:newline + 40].lstrip(" \t")[:3] == "---"):
                    underlined = _UNDERLINED_FIRST_LINE.match(rest)
                    if underlined is not None and _heads_title(underlined.group(1)):
                        offset = len(text) - len(rest)  # where the rest starts in the chunk
                        found_headings.append(sub_chunk(chunk, offset + underlined.start(1),
                                                        offset + len(underlined.group(0).rstrip())))
                        pending_heading = squeeze(underlined.group(1))
                        rest = rest[underlined.end():]
                current = start_paragraph(chunk, number, marking, rest)
                if trailing_heading is not None:
                    pending_heading, current = trailing_heading, None
                continue
            # A prose chunk.
            if not text.strip():
                pending_heading = trailing_heading or pending_heading
                continue
            if text[:1] == "-" and _DASHES.match(text) and len(text.strip()) >= 3:
                # The rest of an underline that a page break cut (06KABUL2862:
                # the heading, its dashes, the page line, "-----"): kept as an
                # artefact, no paragraph of its own; the heading waits.
                found_headings.append(("UNDERLINE", *chunk[1:]))
                continue
            if is_begin_summary(text):
                begin_marker = chunk  # the summary starts with the next chunk
                current = None
                continue
            if current is not None and last_chunk and next_is_numbered and is_title(text):
                pending_heading = squeeze(text)
                found_headings.append(chunk)
                continue
            if (not has_numbers and not last_chunk and text.strip().isupper() and is_title(text)
                    and (current is None or _ends_sentence(str(current["parts"][-1])))):  # type: ignore[index]
                pending_heading = squeeze(text)  # "BACKGROUND:" over the next paragraph
                found_headings.append(chunk)
                current = None
                continue
            if current is None and is_title(text) and len(run) == 1 and next_run is not None:
                pending_heading = squeeze(text)
                found_headings.append(chunk)
                continue
            previous_text = str(current["parts"][-1]) if current is not None else ""  # type: ignore[index]
            new = current is None or (
                _ends_sentence(previous_text)
                and (not has_numbers or _LABEL.match(text.lstrip()) is not None))
            if new:
                marking = None
                m = _LEAD_MARKING.match(text.lstrip())
                if m:
                    marking, text = m.group(1), text.lstrip()[m.end():]
                current = start_paragraph(begin_marker or chunk, None, marking, text)
                current["end"] = chunk[3]
                begin_marker = None
            else:
                assert current is not None  # not new: a paragraph is open
                current["parts"].append(text)  # type: ignore[attr-defined]
                current["end"] = chunk[3]
            if trailing_heading is not None:
                pending_heading = trailing_heading
                current = None
    for para in out:
        para["text"] = join_lines(" ".join(para.pop("parts")))  # type: ignore[arg-type]
    return out
