"""Fast paths in the field code give exactly what their plain forms give.

Each function here replaced a simpler expression for speed (measured in
docs/corpus-runs.md); the plain expression is written out in the test as the
reference, and both run on real text from the repository cables and on
generated text, including the Unicode characters that make case folding and
whitespace splitting subtle.
"""

from __future__ import annotations

import datetime as dt
import pickle
import re
import sys
from functools import cache

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import cablelib
from cablelib.fields.body import SUMMARY_END, SUMMARY_START, is_begin_summary, search_summary_end, search_summary_start
from cablelib.fields.dates import decl_date_of_any_year, parse_decl_date
from cablelib.fields.envelope import split_recipient, squeeze
from cablelib.model import Span, make_span
from cables import CABLES, attrs_nodes, cable_path


@cache
def _repository_texts() -> list[str]:
    """Every repository cable's text and its paragraphs' texts."""
    texts = []
    for path in sorted(p for p in CABLES.rglob("*") if p.is_file() and not p.name.startswith(".")):
        for cable in cablelib.iter_corpus([path]):
            texts.append(cable.source)
            texts.extend(p.text for p in cable.paragraphs)
    return texts


def _span(m: re.Match[str] | None) -> tuple[int, int] | None:
    return m.span() if m is not None else None


def test_search_summary_end_on_the_repository_cables():
    texts = _repository_texts()
    found = [t for t in texts if SUMMARY_END.search(t)]
    assert len(found) >= 40  # 46 texts (sources and paragraphs) end a summary, in several spellings
    for text in texts:
        assert _span(search_summary_end(text)) == _span(SUMMARY_END.search(text))


def test_only_ascii_letters_fold_to_e_n_d():
    # search_summary_end looks for "end" in text.lower(): sound only if every
    # character re matches to E, N or D under IGNORECASE lowers to it.
    folds = re.compile(r"(?i)[end]")
    assert [c for c in map(chr, range(sys.maxunicode + 1)) if folds.match(c)] == list("DENden")


@given(st.lists(st.sampled_from(["END", "end", "End ", " SUMMARY", "summary", "SUMARY", " OF ", " AND COMMENT",
                                 ".", ":", " ", "\n", "x", "lend", "_", "\u0130", "\u017f", "\u212a", "ENDS"]),
                max_size=12))
@example(["END", " SUMMARY", "."])
@example(["\u0130", "END", " SUMMARY"])
@example(["lend", " SUMMARY", "END", " SUMMARY"])
def test_search_summary_end_on_generated_text(pieces):
    text = "".join(pieces)
    assert _span(search_summary_end(text)) == _span(SUMMARY_END.search(text))


def test_search_summary_start_on_the_repository_cables():
    texts = _repository_texts()
    found = [t for t in texts if SUMMARY_START.search(t[:200])]
    assert len(found) >= 15  # 19 texts (sources and paragraphs) open a summary, in several spellings
    for text in texts:
        assert _span(search_summary_start(text)) == _span(SUMMARY_START.search(text[:200]))


@given(st.lists(st.sampled_from(["BEGIN", "begin", "Begin ", " SUMMARY", "summary", "SUMARY", "Sumry", " AND COMMENT",
                                 " AND ACTION REQUEST", ".", ":", "-", " ", "\n", "x", "xsum", "_", "\u0130", "\u017f",
                                 "\u0131", "BEGıN", "ſummary", "sum", "beginsum", "SUMMARY:"]),
                max_size=12), st.integers(0, 220))
@example(["BEGIN", " SUMMARY", "."], 0)
@example(["ſummary", ":"], 0)
@example(["xsum", " SUMMARY", ":"], 0)
def test_search_summary_start_on_generated_text(pieces, pad):
    text = "x " * (pad // 2) + "".join(pieces)  # matches near and past the 200th character
    assert _span(search_summary_start(text)) == _span(SUMMARY_START.search(text[:200]))


def _split_squeeze(text: str) -> str:
    return " ".join(text.split())


def test_the_only_printable_whitespace_character_is_the_space():
    # squeeze's long-text road relies on it.
    assert [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() and c.isprintable()] == [" "]


def test_the_ascii_whitespace_characters_are_the_ones_squeeze_looks_for():
    # On ASCII text, squeeze's long-text road checks for these instead of isprintable().
    assert [c for c in map(chr, range(128)) if c.isspace()] == list("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f ")


@pytest.mark.parametrize("blank", list("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u2003\u3000"))
def test_squeeze_takes_every_whitespace_character_in_a_long_text(blank):
    text = "a" * 90 + blank + "b  c" + blank
    assert squeeze(text) == "a" * 90 + " b c"
    assert squeeze(text + "\u00e9") == "a" * 90 + " b c \u00e9"  # the non-ASCII road


def test_squeeze_on_the_repository_cables():
    for text in _repository_texts():
        assert squeeze(text) == _split_squeeze(text)
        for line in text.split("\n"):
            assert squeeze(line) == _split_squeeze(line)


_BLANKS = st.sampled_from([" ", "  ", "\n", "\r\n", "\t", "\u00a0", "\u2003", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e",
                          "\x1f", "\u0085", "\u3000"])


@given(st.lists(_BLANKS | st.text(alphabet="ab.\u00b6\u2019\x00", min_size=1, max_size=30), max_size=20))
@example(["a" * 90, "\u00a0", "b"])
@example([" ", "a" * 90, "   ", "b", "\t"])
@example(["a" * 90, "\x00", "  b"])
@example(["a" * 90, "\x1f", "  b"])
@example(["a" * 90, "\x0c", "b"])
def test_squeeze_on_generated_text(pieces):
    text = "".join(pieces)
    assert squeeze(text) == _split_squeeze(text)


def test_only_b_upper_cases_to_a_string_starting_with_b():
    # is_begin_summary rejects a chunk by its first non-blank character.
    assert [c for c in map(chr, range(sys.maxunicode + 1)) if c.upper().startswith("B")] == ["B", "b"]


def _plain_begin_summary(text: str) -> bool:
    return squeeze(text).upper().rstrip(".:") == "BEGIN SUMMARY"


@given(st.lists(st.sampled_from(["BEGIN", "begin", "Begin", "SUMMARY", "summary", " ", "\n", "\t", "\u00a0", ".", ":",
                                 "x", "BEGINS"]), max_size=8))
@example(["BEGIN", " ", "SUMMARY", "."])
@example(["\u00a0", "begin", "\n", "summary", ":", ".."])
def test_is_begin_summary_on_generated_text(pieces):
    text = "".join(pieces)
    assert is_begin_summary(text) == _plain_begin_summary(text)


def test_is_begin_summary_on_the_repository_cables():
    texts = [line for text in _repository_texts() for line in text.split("\n")]
    assert sum(map(_plain_begin_summary, texts)) >= 1  # "BEGIN SUMMARY" lines occur
    for text in texts:
        assert is_begin_summary(text) == _plain_begin_summary(text)


# split_recipient's plain form: one regex with a lazy name on the squeezed line.
_RECIPIENT_PLAIN = re.compile(
    r"^(?:(?P<route>[RQ][A-Z0-9]{3,7})\s*/\s*)?(?P<name>.*?)"
    r"(?:\s+(?P<prec>NIACT\s+IMMEDIATE|IMMEDIATE|PRIORITY|PIORITY|ROUTINE|FLASH))?"
    r"(?:\s+(?P<serial>\d{3,}))?\s*$"
)


def _plain_split_recipient(line: str) -> tuple[str | None, str, str | None, str | None]:
    m = _RECIPIENT_PLAIN.match(squeeze(line))
    assert m is not None
    prec = m.group("prec")
    if prec is not None:
        prec = squeeze(prec)
        prec = "PRIORITY" if prec == "PIORITY" else prec
    return m.group("route"), m.group("name"), prec, m.group("serial")


def test_split_recipient_on_every_line_of_the_repository_cables():
    lines = [line for text in _repository_texts() for line in text.split("\n")]
    assert sum(1 for line in lines if _plain_split_recipient(line)[2]) > 100  # lines with a precedence
    for line in lines:
        assert split_recipient(line) == _plain_split_recipient(line), line


def _plain_split_classification_line(line: str) -> dict[str, object]:
    """split_classification_line as it was, the caveats substituted away whether or not there are any."""
    from cablelib.fields import caption as c

    text = line.strip()
    m = c.CLASSIFICATION_WORD.match(text)
    word = m.group(0) if m else ""
    rest = text[m.end():] if m else text
    section = sections = None
    sm = c._SECTION_RE.search(rest)
    if sm:
        section, sections = int(sm.group(1)), int(sm.group(2))
        rest = rest[: sm.start()] + " " + rest[sm.end():]
    caveats = []
    for cm in c._LINE_CAVEATS.finditer(rest):
        caveat = c._BLANK.sub("", cm.group(1)).upper()
        caveats.append("NOFORN" if caveat == "NOFORM" else caveat)
    rest = squeeze(c._LINE_CAVEATS.sub(" ", rest)).strip(" -/,\\")
    post = serial = None
    pm = c._POST_SERIAL_RE.match(rest)
    if pm and len(pm.group("serial")) < 3:
        pm = c._LONG_POST_SERIAL_RE.match(rest) or pm
    if pm:
        post = pm.group("post").strip(" -/,") or None
        serial = int(pm.group("serial"))
    elif rest:
        post = rest
    return {"classification": c.normalise_classification(word) if word else None, "section": section,
            "sections": sections, "post": post, "serial": serial, "caveats": tuple(caveats)}


def test_a_classification_line_loses_its_caveats_before_the_post_is_read():
    """split_classification_line substitutes the caveats away only when it found one.
    09STATE119085's line is "SECRET//NOFORN": once NOFORN goes, no post is left."""
    from cablelib.fields.caption import split_classification_line

    assert split_classification_line("SECRET//NOFORN") == {
        "classification": "SECRET", "section": None, "sections": None, "post": None, "serial": None,
        "caveats": ("NOFORN",)}
    # 08STATE116943's: the caveat between the other markings becomes a blank.
    assert split_classification_line("SECRET//FGI//NOFORN//MR")["post"] == "FGI// //MR"
    assert split_classification_line("SECRET NOFORN ROME 001234")["post"] == "ROME"


def test_split_classification_line_on_the_repository_cables():
    from cablelib.fields.caption import split_classification_line

    lines = [cap.classification_line.raw
             for path in sorted(p for p in CABLES.rglob("*") if p.is_file() and not p.name.startswith("."))
             for cable in cablelib.iter_corpus([path]) for cap in cable.captions if cap.classification_line]
    assert len(lines) >= 50
    # 08STATE116943's "SECRET//FGI//NOFORN//MR" and 10STATE284's "... STATE 000284 SIPDIS"
    assert sum(1 for line in lines if _plain_split_classification_line(line)["caveats"]) >= 2
    for line in lines:
        assert split_classification_line(line) == _plain_split_classification_line(line), line


@given(st.lists(st.sampled_from(["SECRET", "UNCLAS", "C O N F I D E N T I A L", "//", "/", " ", "  ", "NOFORN",
                                 "NOFORM", "E F T O", "SIPDIS", "SECTION 01 OF 02", "ROME", "PHNOM PENH", "001234",
                                 "12", "-", ",", "\\", "\u017f", "x", "\u017fIPDIS", "nod\u0131s", "e f t o",
                                 "Corrected Copy", "exdis"]), max_size=8))
@example(["SECRET", "//", "NOFORN"])
@example(["SECRET", " ", "NOFORN", " ", "ROME", " ", "001234"])
def test_split_classification_line_on_generated_lines(pieces):
    from cablelib.fields.caption import split_classification_line

    line = "".join(pieces)
    assert split_classification_line(line) == _plain_split_classification_line(line)


_ADDRESS_WORDS = st.sampled_from(["RUEHC/", "RUEHC /", "RQHQ/ ", "SECSTATE", "WASHDC", "AMEMBASSY", "NIACT", "IMMEDIATE",
                                  "PRIORITY", "PIORITY", "ROUTINE", "FLASH", "7672", "0872", "12", "123", "4567",
                                  "\u0661\u0662\u0663", "\u00b9\u00b2\u00b3", "1\u00b23", "X", "/", "R", "PRIORITY123", ""])


def test_str_isdecimal_is_re_s_digit():
    # split_recipient reads a serial with str.isdecimal where the plain form has \d{3,}.
    digit = re.compile(r"\d")
    assert [c for c in map(chr, range(sys.maxunicode + 1)) if digit.fullmatch(c)] == \
        [c for c in map(chr, range(sys.maxunicode + 1)) if c.isdecimal()]


@given(st.lists(_ADDRESS_WORDS, max_size=7), st.sampled_from([" ", "  ", "\t", " \n "]))
@example(["NIACT", "IMMEDIATE"], " ")
@example(["X", "NIACT", "IMMEDIATE", "123"], " ")
@example(["RUEHC/", "PRIORITY"], " ")
@example(["RUEHC/", "SECSTATE", "\u00b9\u00b2\u00b3"], " ")  # superscripts: digits, not decimal
def test_split_recipient_on_generated_lines(words, blank):
    line = blank.join(words)
    assert split_recipient(line) == _plain_split_recipient(line)


def test_span_fields_stay_plain_enough_for_make_span():
    # make_span sets Span's slots directly, skipping attrs' __init__: valid only
    # while the fields have no defaults, converters, validators or hooks.
    fields = attrs.fields(Span)
    assert [f.name for f in fields] == ["start", "end", "line", "column"]
    for f in fields:
        assert (f.default, f.converter, f.validator, f.on_setattr) == (attrs.NOTHING, None, None, None), f.name
        assert f.alias == f.name and f.init
    assert not hasattr(Span, "__attrs_post_init__") and not hasattr(Span, "__attrs_pre_init__")


@given(st.integers(0, 10**9), st.integers(0, 10**9), st.integers(1, 10**6), st.integers(1, 10**4))
def test_make_span_builds_what_span_builds(start, end, line, column):
    fast, plain = make_span(start, end, line, column), Span(start, end, line, column)
    assert type(fast) is Span
    assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
    assert pickle.loads(pickle.dumps(fast)) == plain
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        fast.start = 0  # type: ignore[misc]


# ---------------------------------------------------------------- tokens of the parse loop

_TOKEN_ATTRIBUTES = ("type", "value", "start_pos", "line", "column", "end_line", "end_column", "end_pos")


@given(st.text(max_size=30), st.text(min_size=1, max_size=20), st.integers(0, 10**9), st.integers(1, 10**6),
       st.integers(1, 10**4), st.integers(1, 10**6), st.integers(1, 10**4), st.integers(0, 10**9))
def test_the_loop_s_token_maker_builds_what_lark_token_builds(value, kind, start, line, column, end_line,
                                                              end_column, end):
    import lark

    from cablelib.table_parser import token_maker

    make = token_maker(lark.Token)
    assert make is not lark.Token  # the fast maker is the one in use with this Lark
    fast = make(kind, value, start, line, column, end_line, end_column, end)
    plain = lark.Token(kind, value, start, line, column, end_line, end_column, end)
    assert type(fast) is lark.Token
    assert fast == plain and str(fast) == value and repr(fast) == repr(plain)
    assert [getattr(fast, a) for a in _TOKEN_ATTRIBUTES] == [getattr(plain, a) for a in _TOKEN_ATTRIBUTES]
    assert pickle.loads(pickle.dumps(fast)) == plain


def test_a_token_class_other_than_lark_s_own_is_called_as_it_is():
    import lark

    from cablelib.table_parser import token_maker

    class Mine(lark.Token):
        __slots__ = ()

    assert token_maker(Mine) is Mine
    assert token_maker(str) is str


# ---------------------------------------------------------------- line-continuation artefacts


def _continuations_plain(text: str, positions: list[int]) -> list[tuple[object, ...]]:
    """Each artefact's line and column counted from the start of the text."""
    from cablelib.api import _position

    return [("line-continuation", "\\", (pos, pos + 1, *_position(text, pos))) for pos in positions]


def _continuations_fast(text: str, positions: list[int]) -> list[tuple[object, ...]]:
    """:func:`cablelib.api._continuations` with the spans written out (a span is not part of ``==``)."""
    from cablelib.api import _continuations

    return [(a.kind, a.text, attrs.astuple(a.span)) for a in _continuations(text, positions)]


def test_continuations_on_the_repository_cables():
    from cablelib.normalize import backslash_positions

    texts = [t for t in _repository_texts() if backslash_positions(t)]
    assert sum(len(backslash_positions(t)) for t in texts) > 50  # the path is exercised
    for text in texts:
        positions = backslash_positions(text)
        assert _continuations_fast(text, positions) == _continuations_plain(text, positions)


@given(st.lists(st.sampled_from(["\\", "\n", "\r\n", " ", "x", "\\\n", "\\ \n", "\u2028", "¶"]), max_size=40))
@example(["\\", "\n", "x", "\\"])
@example(["x", "\\\n", "\\\n", "\n", "ab", "\\"])
def test_continuations_on_generated_text(pieces):
    from cablelib.normalize import backslash_positions

    text = "".join(pieces)
    for positions in (backslash_positions(text), [i for i, c in enumerate(text) if c == "\\"]):
        assert _continuations_fast(text, positions) == _continuations_plain(text, positions)


def test_the_continuation_artefacts_of_a_parse_are_at_their_backslashes():
    # 07BERN881 (a database dump on a cablegate page) ends 641 lines with a backslash.
    hits = 0
    for text in _repository_texts():
        cable = cablelib.parse(text)
        for artefact in cable.artefacts:
            if artefact.kind == "line-continuation":
                hits += 1
                span = artefact.span
                assert cable.source[span.start:span.end] == "\\"
                assert span.line == cable.source.count("\n", 0, span.start) + 1
                assert span.column == span.start - cable.source.rfind("\n", 0, span.start)
    assert hits > 50


# ---------------------------------------------------------------- REF citations, line separators


def test_cite_words_taken_possessively_match_as_before():
    from cablelib.fields import references

    plain = re.compile(references._CITE.pattern.replace("[A-Za-z'.-]*+", "[A-Za-z'.-]*"))
    assert plain.pattern != references._CITE.pattern
    texts = [r.text for path in sorted(p for p in CABLES.rglob("*") if p.is_file())
             for cable in cablelib.iter_corpus([path]) for r in cable.references]
    texts.append("NEW DELHI 420Q QA\"z_1in on July 24, the Left parties " * 5)  # 06NEWDELHI5138's kind
    assert len(texts) > 100
    for text in texts:
        for pos in range(len(text) + 1):
            a, b = plain.search(text, pos), references._CITE.search(text, pos)
            assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict()))


@given(st.text(alphabet="\u2028\u2029\\\n x\u00e9\u4e00", max_size=30))
def test_normalize_replaces_separators_as_translate_did(text):
    from cablelib.normalize import normalize

    table = str.maketrans({"\u2028": " ", "\u2029": " "})
    assert normalize(text) == normalize(text.translate(table))
    assert "\u2028" not in normalize(text) and len(normalize(text)) == len(text)


@given(st.text(alphabet="\\ \t\r\nx\u2028", max_size=30))
@example("a \\  \nb")
@example("a \\\t\r\nb")
@example("\\\u2028\n")
def test_normalize_turns_exactly_the_reported_backslashes_into_spaces(text):
    from cablelib.normalize import backslash_positions, normalize

    out = normalize(text)
    changed = [i for i, (a, b) in enumerate(zip(text, out)) if a != b and a == "\\"]
    assert changed == backslash_positions(text)
    assert out == re.sub(r"\\(?=[ \t]*\r?\n)", " ", text.replace("\u2028", " "))


@pytest.mark.parametrize("gap", ["", " ", "  ", "\t", " \t ", "\r"])
def test_a_line_end_backslash_leaves_the_paragraph_text_whatever_blanks_follow_it(gap):
    text = f"UNCLAS SECTION 01 OF 02 PHNOM PENH 002131\n\n1. (U) Foo bar \\{gap}\nbaz qux.\n"
    cable = cablelib.parse(text)
    assert cable.paragraphs[0].text == "Foo bar baz qux."
    assert [(a.kind, a.span.start) for a in cable.artefacts] == [("line-continuation", text.index("\\"))]


# ---------------------------------------------------------------- strip_page_foot


def _plain_strip_page_foot(text: str) -> str:
    from cablelib.fields.body import _PAGE_FOOT

    return _PAGE_FOOT.sub("", text)


def test_strip_page_foot_on_the_repository_cables():
    from cablelib.fields.body import strip_page_foot

    texts = _repository_texts()
    changed = 0
    for text in texts:
        for variant in (text, text + " SECRET", text + "\nLIMITED OFFICIAL USE \n"):
            assert strip_page_foot(variant) == _plain_strip_page_foot(variant)
            changed += strip_page_foot(variant) != variant
    assert changed >= len(texts)  # the appended words were taken off


def test_re_s_and_str_strip_agree_on_what_is_blank():
    """The shortcut's premise, for every code point."""
    blank = re.compile(r"\s")
    assert all((blank.match(chr(c)) is not None) == chr(c).isspace() for c in range(sys.maxunicode + 1))


@given(st.lists(_BLANKS | st.sampled_from(["SECRET", "CONFIDENTIAL", "UNCLASSIFIED", "LIMITED OFFICIAL USE",
                                           "SECRETS", "x.", "word"]), max_size=10))
def test_strip_page_foot_on_generated_text(pieces):
    from cablelib.fields.body import strip_page_foot

    text = "".join(pieces)
    assert strip_page_foot(text) == _plain_strip_page_foot(text)


def _plain_ends_sentence(text: str) -> bool:
    from cablelib.fields.body import _SENTENCE_END

    return _SENTENCE_END.search(text, max(0, len(text) - 40)) is not None


def test_only_ascii_letters_fold_to_the_last_letters_of_comment_and_summary():
    # _ends_sentence leaves a window to the regex only when it ends in T, t, Y or y.
    folds = re.compile(r"(?i)[ty]")
    assert [c for c in map(chr, range(sys.maxunicode + 1)) if folds.match(c)] == list("TYty")


def test_ends_sentence_on_the_repository_cables():
    from cablelib.fields.body import _ends_sentence

    texts = _repository_texts()
    chunks = [line for text in texts for line in text.split("\n")] + texts
    ends = [_plain_ends_sentence(t) for t in chunks]
    assert sum(ends) >= 1000 and len(ends) - sum(ends) >= 1000  # both answers are common
    for text, expected in zip(chunks, ends):
        assert _ends_sentence(text) == expected, text[-40:]


@given(st.lists(_BLANKS | st.sampled_from([".", "!", "?", "\"", "'", "\u201d", ")", "]", "(", "END", "end", " OF ",
                                           " SUMMARY", "comment", "SUMMARY", "x", "lend", "T", "y", "\u017f",
                                           "a" * 30, "ab. ", "(REF", "(reftels", " E", "\t"]), max_size=14))
@example(["END", " ", "COMMENT", ")"])
@example(["ab. ", "(REF", " E", ")"])
@example(["a" * 30, "!", "\u201d", "\t", "(reftels", ")", "\n"])
@example(["a" * 30, ".", "\"", "a" * 9, " "])
@example(["x", ".", ")", " ", ")", "\n"])
@example(["end", " OF ", " SUMMARY", "\u2003"])
@example(["a" * 30, " ", "END", " ", "comment", "\n"])
def test_ends_sentence_on_generated_text(pieces):
    from cablelib.fields.body import _ends_sentence

    text = "".join(pieces)
    assert _ends_sentence(text) == _plain_ends_sentence(text)


def _plain_split_para_head(text: str) -> tuple[int, str | None, str]:
    from cablelib.fields.body import _HEAD, _MARK_OK

    m = _HEAD.match(text)
    if m is None:
        return 0, None, text
    marking = m.group(2)
    if marking is not None:
        marking = squeeze(marking).upper()
        if not _MARK_OK.match(marking):
            return int(m.group(1)), None, text[m.start(2) - 1:].lstrip()
    return int(m.group(1)), marking, text[m.end():]


def test_split_para_head_on_the_repository_cables():
    from cablelib.fields.body import split_para_head

    heads = [line for text in _repository_texts() for line in text.split("\n") if line.lstrip("¶ \t")[:1].isdigit()]
    assert len(heads) >= 500
    marked = [h for h in heads if _plain_split_para_head(h)[1] is not None]
    assert len(marked) >= 300  # "1. (U) ...", "2. (SBU) ...", "3. (C/NF) ..."
    for text in heads:
        assert split_para_head(text) == _plain_split_para_head(text)


@given(st.sampled_from(["1.", "12. ", "3. 3.", "\u00b67."]),
       st.text(alphabet="USBCNFsbuc/ \t\u00dfi\u0131\u017f\u212a\u00e91", min_size=1, max_size=6),
       st.sampled_from([" Text", "", " (U) more"]))
@example("1. ", "sbu", " Text")
@example("1. ", "\u00df", " Text")  # upper-cases to SS
@example("1. ", "\u0131", " x")  # dotless i: not ASCII
@example("1. ", "C\u00e9", " x")  # upper-cases to a letter outside A-Z
@example("1. ", "ABCDE", " x")  # five letters: no marking
@example("1. ", "S B", " x")
def test_split_para_head_on_generated_heads(number, marking, rest):
    from cablelib.fields.body import split_para_head

    text = f"{number}({marking}){rest}"
    assert split_para_head(text) == _plain_split_para_head(text)


# ---------------------------------------------------------------- make_paragraph, make_recipient

_HOT_FIELDS = {
    "Artefact": [("kind", "TO_STR", attrs.NOTHING), ("text", "TO_STR", attrs.NOTHING), ("span", None, None)],
    "Paragraph": [("number", None, attrs.NOTHING), ("marking", "TO_STR_OR_NONE", attrs.NOTHING),
                  ("heading", "TO_STR_OR_NONE", attrs.NOTHING), ("text", "TO_STR", attrs.NOTHING), ("span", None, None)],
    "Recipient": [("route", "TO_STR_OR_NONE", attrs.NOTHING), ("name", "TO_STR", attrs.NOTHING),
                  ("precedence", "TO_STR_OR_NONE", None), ("serial", "TO_STR_OR_NONE", None),
                  ("excluded", "TO_STR_TUPLE", ()), ("span", None, None)],
}


def _assert_nothing_else_in_init(cls: type) -> None:
    """No validator, setattr hook, alias or init=False field, and no pre- or post-init hook:
    ``__init__`` does no more than convert and set each field."""
    for f in attrs.fields(cls):
        assert (f.validator, f.on_setattr) == (None, None) and f.alias == f.name and f.init, (cls, f.name)
    assert not hasattr(cls, "__attrs_post_init__") and not hasattr(cls, "__attrs_pre_init__"), cls


@pytest.mark.parametrize("name", sorted(_HOT_FIELDS))
def test_the_fields_stay_as_the_hot_path_constructors_assume(name):
    # make_paragraph and make_recipient set the slots directly when each value is
    # what its converter returns unchanged (an exact str, or None where allowed):
    # valid only while the fields, converters and defaults are these, with no
    # validators or hooks.
    from cablelib import model

    cls = getattr(model, name)
    fields = attrs.fields(cls)
    expected = [(n, None if c is None else getattr(model, c), d) for n, c, d in _HOT_FIELDS[name]]
    assert [(f.name, f.converter, f.default) for f in fields] == expected
    _assert_nothing_else_in_init(cls)
    assert model.TO_STR_OR_NONE.converter("x") == "x" and model.TO_STR_TUPLE.converter(()) == ()


def _same_object(fast: object, plain: object) -> None:
    assert type(fast) is type(plain)
    assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
    for f in attrs.fields(type(plain)):
        a, b = getattr(fast, f.name), getattr(plain, f.name)
        assert type(a) is type(b) and a == b, f.name  # span included, and plain str, not a Token
    assert pickle.loads(pickle.dumps(fast)) == plain


def _token(value: str) -> object:
    import lark

    return lark.Token("TEXT", value)


# A field's value as the transformer may pass it: a str, or a Lark Token (a str
# subclass, which the converters turn into an exact str); or None where allowed.
_TOKENS = st.builds(_token, st.text(max_size=8))
_STRINGS = st.one_of(st.text(max_size=8), _TOKENS)
_TEXTS = st.one_of(st.none(), _STRINGS)
_SPANS = st.one_of(st.none(), st.builds(make_span, st.integers(0, 99), st.integers(0, 99), st.integers(1, 9),
                                        st.integers(1, 9)))


@given(st.one_of(st.none(), st.integers(0, 99)), _TEXTS, _TEXTS, _STRINGS, _SPANS)
@example(1, "U", None, "text", None)
@example(None, None, None, "", make_span(0, 1, 1, 1))
def test_make_paragraph_builds_what_paragraph_builds(number, marking, heading, text, span):
    from cablelib.model import Paragraph, make_paragraph

    _same_object(make_paragraph(number, marking, heading, text, span),
                 Paragraph(number, marking, heading, text, span=span))


@given(_TEXTS, _STRINGS, _TEXTS, _TEXTS, _SPANS)
@example("RUEHC", "SECSTATE WASHDC", "PRIORITY", "7672", make_span(0, 1, 1, 1))
@example(None, "ASEAN COLLECTIVE", None, None, None)
def test_make_recipient_builds_what_recipient_builds(route, name, precedence, serial, span):
    from cablelib.model import Recipient, make_recipient

    _same_object(make_recipient(route, name, precedence, serial, span),
                 Recipient(route, name, precedence, serial, span=span))


@given(st.one_of(st.sampled_from(["page-break", "heading"]), _TOKENS), _STRINGS, _SPANS)
@example("page-break", "PHNOM PENH 00002131 002 OF 002", make_span(0, 1, 1, 1))
def test_make_artefact_builds_what_artefact_builds(kind, text, span):
    from cablelib.model import Artefact, make_artefact

    _same_object(make_artefact(kind, text, span), Artefact(kind, text, span=span))


# ---------------------------------------------------------------- model.evolve


@cache
def _model_objects() -> dict[type, list[object]]:
    """Every model object of the repository cables, by class."""
    from cablelib.model import _MODEL_CLASSES

    found: dict[type, list[object]] = {cls: [] for cls in _MODEL_CLASSES}
    for path in sorted(p for p in CABLES.rglob("*") if p.is_file() and not p.name.startswith(".")):
        for cable in cablelib.iter_corpus([path]):
            for node in attrs_nodes(cable):
                found[type(node)].append(node)
    return found


def test_the_model_has_no_validators_or_hooks_for_evolve_to_skip():
    # evolve runs only the changed fields' converters, as attrs.evolve would run
    # them all: the same object while there is nothing else in __init__.
    from cablelib.model import _MODEL_CLASSES

    for cls in _MODEL_CLASSES:
        _assert_nothing_else_in_init(cls)


def test_evolve_gives_what_attrs_evolve_gives_on_every_field_of_every_repository_object():
    from cablelib.model import evolve

    objects = _model_objects()
    assert sum(map(len, objects.values())) >= 1000 and all(objects.values())
    for cls, instances in objects.items():
        others = instances[::-1]
        for inst, other in zip(instances[:60], others[:60]):
            _same_object(evolve(inst), attrs.evolve(inst))
            for f in attrs.fields(cls):
                for value in (getattr(inst, f.name), getattr(other, f.name)):
                    _same_object(evolve(inst, **{f.name: value}), attrs.evolve(inst, **{f.name: value}))


def test_evolve_converts_the_changed_fields_and_refuses_unknown_ones():
    from cablelib.model import Caption, Paragraph, Recipient, evolve

    paragraph = Paragraph(1, "U", None, "text", span=make_span(0, 4, 1, 1))
    token = _token("new text")
    _same_object(evolve(paragraph, text=token, marking=_token("C")),
                 attrs.evolve(paragraph, text=token, marking=_token("C")))
    recipient = Recipient("RUEHC", "SECSTATE WASHDC")
    _same_object(evolve(recipient, excluded=[_token("RUEHXX")]), attrs.evolve(recipient, excluded=[_token("RUEHXX")]))
    caption = Caption()
    _same_object(evolve(caption, references=[]), attrs.evolve(caption, references=[]))
    with pytest.raises(TypeError, match="unexpected keyword argument 'nope'"):
        evolve(paragraph, nope=1)
    with pytest.raises(TypeError):
        attrs.evolve(paragraph, nope=1)


# ---------------------------------------------------------------- regex substitutions tried only where they can match


def test_drop_paragraph_marks_on_the_repository_cables():
    from cablelib.fields.body import _PARA_MARK, _drop_paragraph_marks

    texts = _repository_texts()
    # The cable texts still carry their paragraph marks ("\n2. (C) "): the guard must let those through.
    changed = [t for t in texts if _PARA_MARK.search(t)]
    assert len(changed) >= 30
    for text in texts:
        for piece in (text, " " + text, text[:400]):
            assert _drop_paragraph_marks(piece) == _PARA_MARK.sub(" ", piece)


@given(st.lists(_BLANKS | st.sampled_from(["1", "12", "123", ".", "(", ")", "C", "SBU", "/", "NF", "c", "x",
                                          "(C)", "2.", " (S//NF) "]), max_size=25))
@example([" ", "2.", " ", "(C)", " text"])
@example(["\n", "12", ".", "\t", "(", "S", "/", "NF", ")", "\n", "x"])
@example([" ", "1", ".", "(", "c", ")"])  # lower case: no mark
@example([" ", "2.", " ", "(C)", " ", "3.", " ", "(S)", " x"])  # two marks, one blank between
def test_drop_paragraph_marks_on_generated_text(pieces):
    from cablelib.fields.body import _PARA_MARK, _drop_paragraph_marks

    text = "".join(pieces)
    assert _drop_paragraph_marks(text) == _PARA_MARK.sub(" ", text)


def test_drop_spliced_pages_on_the_repository_cables():
    from cablelib.fields.caption import _SPLICED_PAGE, _drop_spliced_pages

    lines = [line for text in _repository_texts() for line in text.split("\n")]
    pages = [line for line in lines if _SPLICED_PAGE.search(line)]
    assert pages  # the old printouts' "PAGE 02 ROME 01059 01 OF 04 281501Z"
    for line in lines:
        assert _drop_spliced_pages(line) == _SPLICED_PAGE.sub(" ", line)
    # The one the pattern was written for, spliced into a TAGS line.
    spliced = "EFIN, IT UNCLASSIFIED PAGE 02 ROME 01059 01 OF 04 281501Z ECON, IT"
    assert _drop_spliced_pages(spliced) == "EFIN, IT   ECON, IT"


@given(st.lists(_BLANKS | st.sampled_from(["PAGE", "page", "PAG", "E", "02", "ROME", "01059", "01", "OF", "04",
                                          "281501Z", "SECRET", "UNCLASSIFIED"]), max_size=25))
@example(["UNCLASSIFIED", " ", "PAGE", " ", "02", " ", "ROME", " ", "01059", " ", "281501Z"])
@example(["PAG", "E", " ", "02", " ", "ROME", " ", "01059", " ", "281501Z"])
@example(["x", " ", "PAGE", "\t", "02", "\n", "ROME", " ", "01059", "\r\n", "281501Z"])
def test_drop_spliced_pages_on_generated_text(pieces):
    from cablelib.fields.caption import _SPLICED_PAGE, _drop_spliced_pages

    text = "".join(pieces)
    assert _drop_spliced_pages(text) == _SPLICED_PAGE.sub(" ", text)


def test_may_name_caveats_on_the_repository_cables():
    from cablelib.fields.caption import _LINE_CAVEATS, _may_name_caveats

    lines = [line for text in _repository_texts() for line in text.split("\n")]
    named = [line for line in lines if _LINE_CAVEATS.search(line)]
    assert len(named) >= 50  # SIPDIS, NOFORN ... lines
    assert sum(1 for line in lines if not _may_name_caveats(line)) >= len(lines) // 2  # it does spare the search
    for line in named:
        assert _may_name_caveats(line), line


@given(st.lists(_BLANKS | st.sampled_from(["E", "e", "F", "f", "T", "t", "O", "o", "NOFOR", "N", "M", "dis", "DIS",
                                          "EX", "NO", "LIM", "STA", "SIP", "\u017fIP", "D\u0131S", "CORRECTED",
                                          "copy", "x"]), max_size=12))
@example(["E", " ", "F", "t", "\t", "O"])
@example(["n", "o", "F", "o", "R", "n"])
@example(["\u017fIP", "DIS"])
@example(["CORRECTED", " ", "copy"])
def test_may_name_caveats_on_generated_text(pieces):
    from cablelib.fields.caption import _LINE_CAVEATS, _may_name_caveats

    text = "".join(pieces)
    assert _may_name_caveats(text) or _LINE_CAVEATS.search(text) is None


def test_compact_citations_are_looked_for_where_their_core_is():
    from cablelib.fields.references import _COMPACT, _COMPACT_CORE

    texts = [r.text for path in sorted(p for p in CABLES.rglob("*") if p.is_file())
             for cable in cablelib.iter_corpus([path]) for r in cable.references]
    texts += [line for text in _repository_texts() for line in text.split("\n")]
    assert sum(1 for t in texts if _COMPACT.search(t)) >= 20
    for text in texts:
        assert _COMPACT_CORE.search(text) or _COMPACT.search(text) is None


@given(st.lists(st.sampled_from(["0", "6", "19", "2006", "-", "STATE", "ST", "A", "a", " ", "123", "x"]), max_size=10))
@example(["06", "STATE", "123"])
@example(["2006", "-", "STATE", "-", "123"])
def test_compact_core_on_generated_text(pieces):
    from cablelib.fields.references import _COMPACT, _COMPACT_CORE

    text = "".join(pieces)
    assert _COMPACT_CORE.search(text) or _COMPACT.search(text) is None


def test_glued_pages_are_looked_for_where_their_core_is():
    from cablelib.fields.references import _GLUED_PAGE, _GLUED_PAGE_CORE

    lines = [line for text in _repository_texts() for line in text.split("\n")]
    assert sum(1 for line in lines if _GLUED_PAGE.search(line)) >= 20  # the page-break lines themselves
    for line in lines:
        assert _GLUED_PAGE_CORE.search(line) or _GLUED_PAGE.search(line) is None
    glued = "STATE 123456 BRUSSELS 00001639 001.5 OF 002 AND STATE 7"
    assert _GLUED_PAGE_CORE.search(glued) and _GLUED_PAGE.sub(" ", glued) == "STATE 123456   AND STATE 7"


def _station_spans(matches):
    return [(m.span(), m.groups()) for m in matches]


def test_station_line_matches_on_the_repository_cables():
    from cablelib.other_cables import _STATION_LINE, _station_line_matches

    sources = [t for t in _repository_texts() if "#" in t]
    found = 0
    for source in sources:
        expected = _station_spans(_STATION_LINE.finditer(source))
        found += len(expected)
        assert _station_spans(_station_line_matches(source)) == expected
    assert found >= 30


@given(st.lists(st.sampled_from(["DE", "D", "E", " ", "\t", "\n", "#", "RUEHPF", "QEHX", "R", "ABCDEFG", "12", "2131",
                                 "/01", "x", "CODE"]), max_size=25))
@example(["DE", " ", "RUEHAA", " ", "#", "12", "DE", " ", "RUEHBB", "#", "34"])
@example(["#", "\n", "DE", " ", "RUEHAA", " ", "#", "12"])
@example(["DE", "\t", "\t", " ", " ", " ", "RUEHPF", " ", " ", " ", " ", "#", "2131"])  # far from its line's start
@example(["DE", " ", "RUEHAA", "\n", "#", "12", "\n", "DE", " ", "RUEHBB", "#", "34"])
def test_station_line_matches_on_generated_text(pieces):
    from cablelib.other_cables import _STATION_LINE, _station_line_matches

    text = "".join(pieces)
    assert _station_spans(_station_line_matches(text)) == _station_spans(_STATION_LINE.finditer(text))


@cache
def _repository_cables() -> list[cablelib.Cable]:
    return [cable for path in sorted(p for p in CABLES.rglob("*") if p.is_file() and not p.name.startswith("."))
            for cable in cablelib.iter_corpus([path])]


def test_decl_dates_read_before_the_cable_year_is_known():
    """The transformer reads a DECL date only where every cable year gives the same one
    (``decl_date_of_any_year``); assembly reads the others with the cable's year."""
    instructions = {caption.executive_order.instruction for cable in _repository_cables()
                    for caption in cable.captions
                    if caption.executive_order is not None and caption.executive_order.instruction}
    assert len(instructions) >= 35  # 37 in the repository cables
    early = 0
    for text in instructions:
        found = decl_date_of_any_year(text)
        if found is not None:
            early += 1
            assert all(parse_decl_date(text, year) == found for year in (None, 1966, 1999, 2000, 2010, 2090))
        elif any(parse_decl_date(text, year) is not None for year in (None, 1999)):
            # left to assembly: a two-digit year
            assert {parse_decl_date(text, 1990), parse_decl_date(text, 2090)} != {None}
    assert early >= 25  # 27 of the 37


def test_a_two_digit_decl_year_is_resolved_with_the_cables_year():
    # 96ANKARA12278, "E.O. 12958: DECL:11/15/17", date-time group 181142Z NOV 96.
    text = cable_path("96ANKARA12278.html").read_text(encoding="utf-8")
    eo = _transformed_executive_order(text)
    assert eo.instruction == "DECL:11/15/17" and eo.declassify_on is None  # left to assembly
    assert cablelib.parse(text).declassify_on == dt.date(2017, 11, 15)
    # The same line, the cable's date-time group moved to 2020: the first year
    # ending in 17 that is not before 2020.
    later = text.replace("181142Z NOV 96", "181142Z NOV 20")
    assert cablelib.parse(later).declassify_on == dt.date(2117, 11, 15)


def test_a_four_digit_decl_year_is_read_by_the_transformer():
    # 03KATHMANDU280: "E.O. 12958: DECL: 02/13/2013".
    text = cable_path("03KATHMANDU280.html").read_text(encoding="utf-8")
    eo = _transformed_executive_order(text)
    assert eo.declassify_on == dt.date(2013, 2, 13)
    assert cablelib.parse(text).declassify_on == dt.date(2013, 2, 13)


def _transformed_executive_order(text: str) -> cablelib.ExecutiveOrder:
    from cablelib.normalize import normalize
    from cablelib.registry import default_registry
    from cablelib.sources import unwrap

    unwrapped = unwrap(text)
    parser = default_registry.guess(unwrapped.text, wrapper=unwrapped.wrapper).parser()
    parsed = parser.parse(normalize(unwrapped.text))
    # The first caption's: a later one may repeat it (a section's caption copy).
    return next(c.executive_order for c in parsed.captions if c.executive_order is not None)
