"""The fast forms of hot terminals match exactly what their plain forms match.

``CAPTION_TEXT`` (terminals.lark) and ``RECIPIENT_LINE`` (envelope.lark) used
to test a negative lookahead before every character.  Their current forms
consume runs of characters that cannot start what the lookahead looks for in
one possessive step, and test the lookahead only at the characters that can
(see the comments in the grammar).  ``SIGNATURE``, also tried at every body
line inside ``PARA`` and ``TEXT``, first checks that the line can start a
surname.  ``BODY_CONTINUATION`` refuses a line followed by a dash line
after taking it instead of reading it twice.  That is only a speed change if every
terminal built from them matches the same text as before, which these tests
check on the lines of every repository cable and on generated text, against
the plain forms written out here.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from lark.load_grammar import eval_escaping

import cablelib
from cablelib.grammar import grammar_dir
from cables import CABLES, texts_with_line_starts

# The plain forms.  CAPTION_TEXT: any character but a newline, as long as no
# CAPTION_STOP starts there.  RECIPIENT_LINE's repeated part: a run of blanks,
# or one addressee character where no glued classification line starts.
_RECIPIENT_PLAIN = r"(?:[ ]++|(?!C O N F|S E C R E T|UNCLAS)[A-Z0-9.,&'()\/:-])*"
_RECIPIENT_FAST = r"(?:[ ABD-RTV-Z0-9.,&'()\/:-]++|(?!C O N F|S E C R E T|UNCLAS)[CSU][ ABD-RTV-Z0-9.,&'()\/:-]*+)*"
# SIGNATURE (and its copy in BODY_CONTINUATION): a surname starts with a
# capital, or with the particle van, de, von, del, da, la or le; the fast
# form says so before trying the keyword lookahead at every body line.
_SIGNATURE_PLAIN = r"(?!(?i:END|BT|NNNN"
_SIGNATURE_FAST = r"(?=[A-Zdlv])(?!(?i:END|BT|NNNN"
# An underlined heading (HEADING, and its copy in BODY_CONTINUATION): a line
# then a dash line.  [^\n] cannot match the \n that follows, nor blanks the
# \S or the dash, so taking these runs possessively loses no match and saves
# giving the line back one character at a time when no dash line follows.
_HEADING_PLAIN = r"(?:---[- \t\r]*\n[ \t]*)?\S[^\n]*\n[ \t]*---"
_HEADING_FAST = r"(?:---[- \t\r]*+\n[ \t]*+)?\S[^\n]*+\n[ \t]*+---"
# BODY_CONTINUATION (in PARA and TEXT) looked for an underlined heading with
# a lookahead before taking each line; the line followed by a dash line is now
# refused after it is taken.  Plain: the lookahead alternative and the bare
# line; fast: the alternative for a dash line above only, and the line with a
# lookahead after it.
_CONTINUATION_HEADING_PLAIN = r"|(?:---[- \t\r]*\n[ \t]*)?\S[^\n]*\n[ \t]*---[- \t\r]*(?:\n|\Z)|"
_CONTINUATION_HEADING_FAST = r"|---[- \t\r]*+\n[ \t]*+\S[^\n]*+\n[ \t]*+---[- \t\r]*(?:\n|\Z)|"
# MAIL_HEADER and MEDIA_META, tried at every line start of an address list.
_MAIL_PLAIN = r"(?:[^\n]*?\[\d{5,}\])?(?:From|Sent):"
_MAIL_FAST = r"(?:(?=[^\n\[]*+\[)[^\n]*?\[\d{5,}\])?(?:From|Sent):"
_MEDIA_PLAIN = r"\S[^\n]*\r?\n[ \t]*Class:"
_MEDIA_FAST = r"\S[^\n]*+\r?\n[ \t]*Class:"
_CONTINUATION_LINE_PLAIN = r"\S[^\n]*"
_CONTINUATION_LINE_FAST = r"\S[^\n]*+(?!\n[ \t]*+---[- \t\r]*(?:\n|\Z))"
# SIGNATURE (and its copy in BODY_CONTINUATION): the loops over the second to
# fourth capitals word and the second and third capitalised name are
# possessive.  Each pass ends at the end of a maximal run of name characters,
# so fewer passes leave a separator or a name where only blanks, a dot, a
# backslash, a line end or the end of the text may follow: giving a pass back
# never lets the rest match.
_SIGNATURE_LOOPS = ((r"(?:[A-Z][A-Z'\-]++|X{4,}+)){0,3}+", r"(?:[A-Z][A-Z'\-]++|X{4,}+)){0,3}"),
                    (r"[A-Z][a-z][A-Za-z'\-]*+){0,2}+", r"[A-Z][a-z][A-Za-z'\-]*+){0,2}"))
# PAGE_LINE (also tried at every body and address line, as PAGE_LINE and
# ADDRESS_PAGE_LINE): the same check as in BODY_CONTINUATION before its new form.
_PAGE_GUARD = r"(?=[A-Z.'()\/ \t-]*+\d{8})"
# ATTENTION_LINE's up to four words before FOR or PASS: a word's run of
# characters and the blanks after it are taken possessively, since giving any
# back leaves a character where a blank or a letter must come.
_ATTENTION_PLAIN = r"(?:[A-Za-z][A-Za-z0-9\/&.'();,-]*[ \t]+){0,4}(?:FOR|For|for|PASS"
_ATTENTION_FAST = r"(?:[A-Za-z][A-Za-z0-9\/&.'();,-]*+[ \t]++){0,4}(?:FOR|For|for|PASS"
# BODY_CONTINUATION's page-line branch, tried at every body line: the
# fast form first checks, in one possessive run, that the line's leading
# capital words and blanks are followed by eight digits, which the branch
# needs there.
_CONTINUATION_PAGE_PLAIN = r"|[A-Z][A-Z.'()\/-]*+(?:[ \t]+[A-Z.'()\/-]++)*?[ \t]+\d{8}"
_CONTINUATION_PAGE_FAST = r"|(?=[A-Z.'()\/ \t-]*+\d{8})[A-Z][A-Z.'()\/-]*+(?:[ \t]+[A-Z.'()\/-]++)*?[ \t]+\d{8}"
# BODY_CONTINUATION's copy of SIGNATURE is only a condition (a branch of a
# negative lookahead), so its two parts can be checked in either order: the
# fast form matches the signature's shape up to the end of the text first
# (which fails within a word or two on prose) and only then the keyword
# lookahead of eleven case-insensitive words.
_SIGNATURE_KEYWORDS = r"(?!(?i:END|BT|NNNN|SIPDIS|NOFORN|COMMENT|SUMMARY|UNCLASSIFIED|CONFIDENTIAL|SECRET|UNCLAS)\b)"


def _continuation_signature(regexp: str) -> str:
    """The plain form of BODY_CONTINUATION's signature branch: keywords first, then the shape."""
    keywords = eval_escaping(_SIGNATURE_KEYWORDS)
    head = "|(?=[A-Zdlv])(?="
    start = regexp.find(head)
    if start < 0:
        return regexp
    end = regexp.index(keywords + ")", start)  # the branch ends the lookahead that holds it
    shape = regexp[start + len(head):end - 1]  # without the ")" that closes (?=
    return regexp[:start] + "|(?=[A-Zdlv])" + keywords + shape + regexp[end + len(keywords):]


def _terminal_regex(name: str) -> str:
    text = (grammar_dir() / "terminals.lark").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith(f"{name}: /"))
    return eval_escaping(line[len(name) + 3:-1])  # as Lark reads a /regexp/ literal


@cache
def _pairs() -> list[tuple[str, re.Pattern[str], re.Pattern[str]]]:
    """(terminal, plain regex, fast regex) for every parser terminal that uses a fast form."""
    caption_fast = _terminal_regex("CAPTION_TEXT")
    caption_plain = f"(?:(?!{_terminal_regex('CAPTION_STOP')})[^\\n])*"
    parser = cablelib.get_variant("generic").parser()
    flags = parser.lexer_conf.g_regex_flags
    pairs = []
    for terminal in parser.terminals:
        fast = terminal.pattern.to_regexp()
        plain = (_continuation_signature(fast)
                 .replace(eval_escaping(_CONTINUATION_PAGE_FAST), eval_escaping(_CONTINUATION_PAGE_PLAIN))
                 .replace(eval_escaping(_ATTENTION_FAST), eval_escaping(_ATTENTION_PLAIN))
                 .replace(eval_escaping(_PAGE_GUARD), "")
                 .replace(eval_escaping(_SIGNATURE_LOOPS[0][0]), eval_escaping(_SIGNATURE_LOOPS[0][1]))
                 .replace(eval_escaping(_SIGNATURE_LOOPS[1][0]), eval_escaping(_SIGNATURE_LOOPS[1][1]))
                 .replace(eval_escaping(_CONTINUATION_HEADING_FAST), eval_escaping(_CONTINUATION_HEADING_PLAIN))
                 .replace(eval_escaping(_MAIL_FAST), eval_escaping(_MAIL_PLAIN))
                 .replace(eval_escaping(_MEDIA_FAST), eval_escaping(_MEDIA_PLAIN))
                 .replace(eval_escaping(_CONTINUATION_LINE_FAST), eval_escaping(_CONTINUATION_LINE_PLAIN))
                 .replace(caption_fast, caption_plain)
                 .replace(eval_escaping(_RECIPIENT_FAST), eval_escaping(_RECIPIENT_PLAIN))
                 .replace(_SIGNATURE_FAST, _SIGNATURE_PLAIN)
                 .replace(eval_escaping(_HEADING_FAST), eval_escaping(_HEADING_PLAIN)))
        if plain != fast:
            pairs.append((terminal.name, re.compile(plain, flags), re.compile(fast, flags)))
    return pairs


def _same_matches(text: str, positions: list[int] | range) -> None:
    for name, plain, fast in _pairs():
        for pos in positions:
            a, b = plain.match(text, pos), fast.match(text, pos)
            assert (a and a.span()) == (b and b.span()), (name, pos, text[pos:pos + 80])


def test_the_fast_forms_are_in_use():
    names = {name for name, _, _ in _pairs()}
    assert {"RECIPIENT_LINE", "SUBJECT_LINE", "CLASSIFICATION_LINE", "TAGS_LINE", "REF_LINE", "EO_LINE",
            "CLASSIFIED_BY_LINE", "ATTENTION_LINE", "SIGNATURE", "PARA", "TEXT", "HEADING", "MAIL_HEADER", "PAGE_LINE",
            "ADDRESS_PAGE_LINE",
            "MEDIA_META"} <= names


def test_the_continuation_rewrite_is_in_para_and_text():
    parser = cablelib.get_variant("generic").parser()
    for terminal in parser.terminals:
        if terminal.name in ("PARA", "TEXT"):
            regexp = terminal.pattern.to_regexp()
            assert eval_escaping(_CONTINUATION_HEADING_FAST) in regexp
            assert eval_escaping(_CONTINUATION_LINE_FAST) in regexp
            assert eval_escaping(_CONTINUATION_PAGE_FAST) in regexp
            plain = _continuation_signature(regexp)
            assert plain != regexp and "(?=[A-Zdlv])" + eval_escaping(_SIGNATURE_KEYWORDS) + "(?:(?:[A-Z]" in plain
            # the plain signature branch is SIGNATURE's own pattern, as the grammar's comment says
            signature = next(t for t in parser.terminals if t.name == "SIGNATURE").pattern.to_regexp()
            assert signature in plain


def test_the_run_characters_cannot_start_a_caption_stop():
    # The characters the fast CAPTION_TEXT takes without the lookahead are
    # those that are none of the stop's first characters, in any case
    # folding re applies (U+017F, long s, matches "S" under IGNORECASE).
    run = re.compile(_terminal_regex("CAPTION_TEXT").split("++|", 1)[0][3:])  # the [^...] class
    first = re.compile(r"(?i:[SPRTEC])|[ \t\n]")
    assert run.pattern.startswith("[^")
    leaked = [hex(c) for c in range(0x110000) if run.fullmatch(chr(c)) and first.match(chr(c))]
    assert leaked == []
    stop_branches = re.sub(r"\(\?<!\[A-Za-z\]\)", "", _terminal_regex("CAPTION_STOP"))
    assert stop_branches.startswith("(?i:SUBJ") and "|(?:PROGRAM" in stop_branches
    for keyword in ("REF", "TAGS", "E\\.", "CLASSIFIED", "[ \t]\\d", "[ \t]-"):
        assert f"|{keyword}" in stop_branches or f"|(?:PROGRAM[ \t]+)?{keyword}" in stop_branches, keyword


@pytest.mark.parametrize("folder", sorted(p.name for p in CABLES.iterdir() if p.is_dir()))
def test_same_matches_at_every_line_start_of_the_repository_cables(folder):
    for text, starts in texts_with_line_starts(folder):
        _same_matches(text, starts)


_PIECES = st.sampled_from([
    "SUBJECT: ", "SUBJ:", "subj :", "REF: ", "REFTEL:", "PROGRAM REF:", "TAGS: ", "tag:", "E.O. 1", "E. O.12958",
    "CLASSIFIED BY", "xCLASSIFIED BY", " 2. (C) ", " 12.(SBU)", " --- Summary ---", " ----", "C O N F", "S E C R E T",
    "UNCLAS", "CONFIDENTIAL", "SECRET", "PRIORITY", "SECSTATE WASHDC", "RUEHC/", " ", "  ", "\t", "\n", "\r\n",
    "\u017f", "Reason", "1.4", "AMEMBASSY", "cs", "Ts", "ept", "-", "/", "&", ".",
    "MUSSOMELI", "KEEGAN/PAAL", "van Voorst", "de la Cruz", "le ", "Danilovich", "NNNN", "BT", "1. (U) ",
    "---", "-----\n", " --- ", "Title",
    "From:", "Sent:", "[12345]", "[1234]", "[", "]", "Class:", "\r\n Class: x", "Date:",
])


@given(st.lists(_PIECES | st.text(alphabet="ACEPRSTUcepstx0129 .:-\t\n\u017f", max_size=6), max_size=14))
@example(["SUBJECT: ", "SECSTATE WASHDC", " --- Summary ---", "\n"])
@example(["SUBJECT: x", "\u017f", "CLASSIFIED BY", " x"])        # long s folds to a letter before the C
@example(["SUBJECT: x", "\u212a", "CLASSIFIED BY", " x"])        # so does the Kelvin sign
@example(["SUBJECT: x ", "\u017f", "ubj: y"])                     # long s starts SUBJ:
@example(["TAGS: x E.O. 1", "2 Reason", " y"])
@example(["SUBJECT: x ", "tag:", " y"])
@example(["SUBJECT: x PROGRAM", "\t", "REF: y"])
@example(["SECSTATE WASHDC", "PRIORITY", "C O N F"])
@example(["RUEHC/", "SECSTATE WASHDC", "  ", "UNCLAS"])           # blanks, then a glued classification
@example(["SECSTATE WASHDC", "PRIORITY", "\t", "S E C R E T"])
@example(["RUEHC/", "cs", " ", "C", "  ", "\r\n"])                  # a C and blanks at the end of the line
@example(["SECSTATE WASHDC", " ", "C", " ", "x"])
@example(["1. (U) ", "x", "\n", "van Voorst", "\n", "NNNN"])
@example(["1. (U) ", "x", "\n", "Title", "\n", "---", "\n", "x"])     # a heading under prose
@example(["x", "\r\n", "Title", "\r\n", "  ", "----", "\r\n"])
@example(["x", "\n", "---", "\n", "Title", "\n", "---"])            # dash lines above and below
@example(["x", "\n", "Title", "\n", "-- -"])
@example(["Jane Doe ", "[12345]", "From:", " a", "\n", "To: b"])       # a forwarded mail's header
@example(["x ", "[1234]", " y ", "[12345]", "Sent:", " b", "\n", "To: c"])
@example(["Title of it", "\r\n Class: x", "\n", "Date:", " 1"])       # a media partner's title block
@example(["Title", " ", "\n", "Class:"])
@example(["1. (U) ", "x", "\n", "PHNOM\tPENH 00002131 002 OF 002", "\n", "y"])  # a page line, tab-separated
@example(["1. (U) ", "x", "\n", "SECRET", "\n"])                   # a keyword where a signature could end the text
@example(["1. (U) ", "x", "\n", "Smith", "\n"])                    # a signature that does
@example(["1. (U) ", "x", "\n", "KEEGAN AND PAAL", "\n", "NNNN"])     # separators between capitals words
@example(["1. (U) ", "x", "\n", "van Voorst and de Smith", " \\", "\n"])
@example(["1. (U) ", "x", "\n", "A B C D E", "\n"])                # five capitals words: prose
@example(["TAGS: x", "\n", "ACTION ", "FOR ", "X", "\n"])                # FOR found after backing off a word
@example(["SUBJECT: x", "\n", "EAP/MLS, ", "AND\t", "PLEASE PASS TO", " USTR", "\n"])
@example(["SUBJECT: x", "\n", "A B C D E ", "FOR ", "X"])              # five words before FOR: no attention line
def test_same_matches_on_generated_text(pieces):
    text = "".join(pieces)
    _same_matches(text, range(len(text) + 1))
