"""The containers layer: detection, unwrapping, file reading (``cablelib.sources``).

The expected values below were read by eye from the container samples in
``tests/cables/`` (byte-identical copies of corpus files, named in
``tests/cables.py``) and checked against the corpus ``MANIFEST.tsv``; they are
not the code's output pasted in.
"""

from __future__ import annotations

import bz2
import csv
import datetime as dt
import gzip
import io
import lzma
import os
import time
from pathlib import Path

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import cablelib
from cablelib.errors import CableSourceError
from cablelib.model import Wrapper
from cablelib.sources.files import unwrap_bytes
from cablelib.sources import (
    CONTAINERS,
    cablegate_html,
    cablegate_page,
    Unwrapped,
    detect_container,
    iter_unwrap,
    read_path,
    unwrap,
)
from cables import CABLES, CONTAINER_SAMPLES, cable_path, cable_paths

UTC = dt.timezone.utc
ROOT = Path(__file__).resolve().parent.parent

VERBATIM = ("raw", "wikileaks-text", "extract-text", "plusd-pdf-text")


def _utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def _input_text(path: Path) -> str:
    """The file as the containers layer should see it (UTF-8, else cp1252)."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _one(path: Path) -> Unwrapped:
    items = list(read_path(path))
    assert len(items) == 1
    return items[0]


# ---------------------------------------------------------------------------
# Expected wrapper values, one row per copied file.
# (file, container, reference_id, created, released, classification, origin,
#  subject, tags, first line of the cable text)
# ---------------------------------------------------------------------------
EXPECTED = [
    pytest.param(
        "wikileaks-text/06PHNOMPENH2131.txt", "wikileaks-text", "06PHNOMPENH2131",
        _utc(2006, 12, 4, 8, 8), None, "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
        "Embassy Phnom Penh", "CAMBODIA: TIP INTERIM ASSESSMENT REPORT",
        ("PHUM", "PREL", "KWMN", "CB"), "VZCZCXRO5044", id="seed"),
    # April 2011 snapshot, five columns.
    pytest.param(
        "cablegate-html/06ANKARA4688.html", "cablegate-html", "06ANKARA4688",
        _utc(2006, 8, 11, 14, 2), _utc(2010, 11, 28, 18, 6), "CONFIDENTIAL//NOFORN",
        "Embassy Ankara", "TURKEY'S FOREIGN POLICY SPLIT - THE PM'S CIRCLE TO",
        ("PGOV", "PINR", "PREL", "TU"), "VZCZCXYZ0015", id="html-2011"),
    # December 2010 snapshot (chillicoder), with an "Appears in these articles" row.
    pytest.param(
        "cablegate-html/08OTTAWA918.html", "cablegate-html", "08OTTAWA918",
        _utc(2008, 7, 9, 18, 6), _utc(2010, 12, 1, 18, 6), "SECRET//NOFORN",
        "Embassy Ottawa", "COUNSELOR, CSIS DIRECTOR DISCUSS CT THREATS,",
        ("PREL", "PTER", "MOPS", "IR", "PK", "AF", "CA"), "VZCZCXRO3160", id="html-2010"),
    # heuer/cablemap fixture: the link title says 'unclassified', the text CONFIDENTIAL.
    pytest.param(
        "cablegate-html/10STATE284.html", "cablegate-html", "10STATE284",
        _utc(2010, 1, 4, 18, 6), _utc(2011, 1, 31, 21, 9), "CONFIDENTIAL",
        "Secretary of State", None,
        ("MASS", "MARR", "MCAP", "MOPS", "PARM", "PGOV"), "VZCZCXRO0379", id="html-cablemap"),
    # Full-release page, malformed id, empty subject in the <h3>.
    pytest.param(
        "cablegate-html/7575LIBREVILLE1895.html", "cablegate-html", "7575LIBREVILLE1895",
        _utc(1975, 11, 18, 12, 5), _utc(2011, 8, 30, 1, 44), "CONFIDENTIAL",
        "Embassy Libreville", None, ("PFOR", "UNGA", "GB", "KS", "KN"),
        "O R 181205Z NOV 75 ZFF4", id="html-1975"),
    # <br> tags inside the <pre> blocks.
    pytest.param(
        "cablegate-html/09MALABO13.html", "cablegate-html", "09MALABO13",
        _utc(2009, 2, 17, 8, 8), _utc(2011, 2, 10, 21, 9), "UNCLASSIFIED",
        "Embassy Malabo", "MALABO:  ATTACK IN THE VICINITY OF PRESIDENTIAL PALACE",
        ("PTER", "PREL", "EK", "CASC", "PGOV", "PINR"), "O 170859Z FEB 09", id="html-br"),
    # HTTrack mirror: four columns ("Date"), relative links.
    pytest.param(
        "cablegate-html-httrack/09PARIS1254.html", "cablegate-html", "09PARIS1254",
        _utc(2009, 9, 16, 7, 7), None, "SECRET//NOFORN", "Embassy Paris",
        "A/S GORDON'S MEETINGS WITH POLICY-MAKERS IN PARIS:",
        ("PREL", "PARM", "KNNP", "BH", "SM", "MK", "GR", "FR"), "VZCZCXRO6701",
        id="httrack"),
    # Bare <code><pre> fragments: no metadata, tags from the links only.
    pytest.param(
        "cablegate-pre-fragment/09PARIS848.txt", "cablegate-html", None, None, None, None,
        None, None, ("PREL", "PGOV", "PINS", "KDEM", "PINR", "MA", "FR"),
        "C O N F I D E N T I A L SECTION 01 OF 03 PARIS 000848 ", id="fragment-paris"),
    pytest.param(
        "cablegate-pre-fragment/08REYKJAVIK195.txt", "cablegate-html", None, None, None, None,
        None, None, ("MOPS", "KPKO", "MARR", "PGOV", "PREL", "AF", "IC"),
        "C O N F I D E N T I A L SECTION 01 OF 02 REYKJAVIK 000195 ", id="fragment-reykjavik"),
    # PlusD PDF text: no metadata at all.
    pytest.param(
        "plusd-pdf-text/09USEUBRUSSELS1177.txt", "plusd-pdf-text", None, None, None, None,
        None, None, (), "", id="plusd-brussels"),
    pytest.param(
        "plusd-pdf-text/07KINGSTON382.txt", "plusd-pdf-text", None, None, None, None,
        None, None, (), "", id="plusd-kingston"),
    # Extracts: Ruby dates converted to UTC (local midnight -> previous evening).
    pytest.param(
        "extract-text/01PRETORIA1173.txt", "extract-text", "01PRETORIA1173",
        _utc(2001, 2, 22, 23, 0), None, "CONFIDENTIAL", "Embassy Pretoria",
        "THIN-SKINNED MBEKI WILL REQUIRE DEFT HANDLING", (), "", id="extract-stub"),
    pytest.param(
        "extract-text/06ANKARA4688.txt", "extract-text", "06ANKARA4688",
        _utc(2006, 8, 10, 22, 0), None, "CONFIDENTIAL//NOFORN", "Embassy Ankara",
        "TURKEY'S FOREIGN POLICY SPLIT - THE PM'S CIRCLE TO", (), "", id="extract-envelope"),
    pytest.param(
        "extract-text/66BUENOSAIRES2481.txt", "extract-text", "66BUENOSAIRES2481",
        _utc(1966, 12, 28, 17, 6), None, "UNCLASSIFIED", "Embassy Buenos Aires",
        "EXTENDED NATIONAL JURISDICTIONS OVER HIGH SEAS", (), "", id="extract-1966"),
]


@pytest.mark.parametrize(
    "rel, container, ref_id, created, released, classification, origin, subject, tags, first",
    EXPECTED,
)
def test_wrapper_values(rel, container, ref_id, created, released, classification, origin,
                        subject, tags, first):
    """Each copied file is detected by content and its wrapper values are read."""
    path = cable_path(rel)
    assert detect_container(_input_text(path)) == container
    u = _one(path)
    w = u.wrapper
    assert w.container == container
    assert w.reference_id == ref_id
    assert w.created == created
    assert w.released == released
    assert w.classification == classification
    assert w.origin == origin
    assert w.subject == subject
    assert w.tags == tags
    assert u.name == str(path)
    if first:
        assert u.text.lstrip(" \r\n").startswith(first)


def test_created_is_aware_utc():
    """Every datetime in a wrapper carries tzinfo UTC."""
    for path in cable_paths(CONTAINER_SAMPLES):
        for u in read_path(path):
            for value in (u.wrapper.created, u.wrapper.released):
                if value is not None:
                    assert value.utcoffset() == dt.timedelta(0)


# ---------------------------------------------------------------------------
# Verbatim containers keep every offset.
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("rel, envelope", [
    ("wikileaks-text/06PHNOMPENH2131.txt", "VZCZCXRO5044\n"),
    ("extract-text/06ANKARA4688.txt", "VZCZCXYZ0015\n"),
    ("extract-text/66BUENOSAIRES2481.txt", "P R 281848Z DEC 66\n"),
    ("plusd-pdf-text/09USEUBRUSSELS1177.txt", "INFO  LOG-00"),
    ("plusd-pdf-text/07KINGSTON382.txt", "VZCZCXYZ0015\r\n"),
])
def test_verbatim_keeps_offsets(rel, envelope):
    """The wrapper is blanked in place: same length, same line breaks, same tail."""
    path = cable_path(rel)
    source = _input_text(path)
    u = _one(path)
    assert len(u.text) == len(source)
    assert u.original == source
    cut = source.index(envelope)
    assert u.text[cut:] == source[cut:]
    assert u.text[:cut].strip(" \r\n") == ""
    assert [i for i, c in enumerate(u.text[:cut]) if c in "\r\n"] == \
        [i for i, c in enumerate(source[:cut]) if c in "\r\n"]


def test_seed_blanks_exactly_the_wrapper_lines():
    """The 14 wrapper lines of the seed (NBSP padding included) become spaces."""
    source = cable_path("wikileaks-text/06PHNOMPENH2131.txt").read_text(encoding="utf-8")
    u = unwrap(source, name="seed")
    head = u.text[: source.index("VZCZCXRO5044")]
    assert head.count("\n") == 14
    assert set(head) <= {" ", "\n"}
    assert "\xa0" in source[: len(head)]  # the padding really was there
    assert u.text.splitlines()[14] == "VZCZCXRO5044"
    assert u.diagnostics == ()
    assert u.name == "seed"


def test_plusd_keeps_crlf():
    """PlusD text is passed on unchanged, CRLF and all."""
    path = cable_path("plusd-pdf-text/09USEUBRUSSELS1177.txt")
    source = path.read_bytes().decode("utf-8")
    u = unwrap(source)
    assert u.text == source
    assert u.text.count("\r\n") == source.count("\n")


def test_plusd_page_furniture_before_envelope_is_blanked():
    """Lines before the VZCZC line that are not cable text are blanked."""
    text = "\r\nUNCLASSIFIED  PAGE 1\r\nVZCZCXYZ0015\r\nPP RUEHWEB\r\n"
    u = unwrap(text)
    assert u.wrapper.container == "plusd-pdf-text"
    assert len(u.text) == len(text)
    assert u.text.endswith("VZCZCXYZ0015\r\nPP RUEHWEB\r\n")
    assert "UNCLASSIFIED" not in u.text


def test_extract_stub_has_no_cable_text():
    """A five-line stub yields blank text and a no-cable-text diagnostic."""
    u = _one(cable_path("extract-text/01PRETORIA1173.txt"))
    assert u.text.strip() == ""
    assert u.text.count("\n") == 5
    assert [d.code for d in u.diagnostics] == ["no-cable-text"]


def test_extract_glued_header_is_left_alone():
    """The header box glued onto the body is the grammar's problem, kept as is."""
    u = _one(cable_path("extract-text/06ANKARA4688.txt"))
    assert "RHEHAAA/NSC WASHDC PRIORITYC O N F I D E N T I A L ANKARA 004688" in u.text
    assert u.diagnostics == ()


def test_raw_text_is_unchanged():
    """A bare cable comes back as it is, in the raw container."""
    source = cable_path("wikileaks-text/06PHNOMPENH2131.txt").read_text(encoding="utf-8")
    raw = source[source.index("VZCZC"):]
    u = unwrap(raw)
    assert u.text == raw
    assert u.wrapper == Wrapper(container="raw")
    assert u.diagnostics == ()
    assert u.name is None
    assert u.original is raw


# ---------------------------------------------------------------------------
# HTML is rebuilt from the <pre> blocks.
# ---------------------------------------------------------------------------
HTML_FILES = [
    "cablegate-html/06ANKARA4688.html",
    "cablegate-html/08OTTAWA918.html",
    "cablegate-html/10STATE284.html",
    "cablegate-html/7575LIBREVILLE1895.html",
    "cablegate-html/09MALABO13.html",
    "cablegate-html-httrack/09PARIS1254.html",
    "cablegate-pre-fragment/09PARIS848.txt",
    "cablegate-pre-fragment/08REYKJAVIK195.txt",
]


@pytest.mark.parametrize("rel", HTML_FILES)
def test_html_text_has_no_markup(rel):
    """No pilcrow, no link, no character reference is left in the text."""
    u = _one(cable_path(rel))
    for junk in ("\u00b6", "<a", "&#x000A;", "&amp;", "<pre>", "<br"):
        assert junk not in u.text
    assert "\n" in u.text
    assert u.original is None  # rebuilt text: no position maps back to the page


def test_html_header_and_body_joined_by_blank_line():
    """text == header <pre> + blank line + body <pre>, links reduced to their text."""
    u = _one(cable_path("cablegate-html/08OTTAWA918.html"))
    assert u.text.startswith("VZCZCXRO3160\nOO RUEHGA RUEHHA RUEHMT RUEHQU RUEHVC\n")
    assert "RHMFISS/HQ USNORTHCOM  PRIORITY\n\nS E C R E T SECTION 01 OF 03 OTTAWA 000918\n" \
        in u.text
    assert "\nTAGS: PREL PTER MOPS IR PK AF CA\n" in u.text
    assert "\nREF: A. OTTAWA 360\nB. OTTAWA 808\nC. OTTAWA 850\nD. OTTAWA 878\n" in u.text
    assert "\n1.  (S/NF) Summary.  Canadian Security Intelligence Service\n" in u.text
    assert u.text.endswith("\nWILKINS")


def test_html_fragment_is_the_body_only():
    """A <code><pre> fragment gives its body text, without the wrapper markup."""
    u = _one(cable_path("cablegate-pre-fragment/09PARIS848.txt"))
    assert u.text.startswith("C O N F I D E N T I A L SECTION 01 OF 03 PARIS 000848 \n")
    assert "\nTAGS: PREL PGOV PINS KDEM PINR MA FR\n" in u.text
    assert "\n1. (C/NF) SUMMARY: France continues" in u.text
    assert u.text.endswith("\nBERRY")
    assert u.diagnostics == ()


def test_html_br_tags_are_dropped_and_reported():
    """<br> inside <pre> is database HTML: dropped, with an html-in-text diagnostic."""
    u = _one(cable_path("cablegate-html/09MALABO13.html"))
    assert "<br" not in u.text
    assert "\nSIPDIS \n \nDEPT FOR DS COMMAND CENTER/ JERMAINE WALKER \n" in u.text
    assert [d.code for d in u.diagnostics] == ["html-in-text"]


def test_html_bare_ampersands_are_not_entities():
    """'&not' and '&para' without ';' stay text; complete references are decoded."""
    page = ("<code><pre>AT&T &notice &para1 &amp; &quot;x&quot;&#x000A;"
            "<a id='par2' href='#par2'>\u00b6</a>2. done</pre></code>")
    u = unwrap(page)
    assert u.text == 'AT&T &notice &para1 & "x"\n2. done'


def test_html_that_is_not_a_cable_page():
    """An HTML page without <pre> blocks yields empty text and a diagnostic."""
    page = ("<!DOCTYPE html><html><head><title>News</title></head>"
            "<body><h1>Hello</h1><p>Nothing to see.</p></body></html>")
    u = unwrap(page, name="news.html")
    assert u.wrapper.container == "cablegate-html"
    assert u.text == ""
    assert [d.code for d in u.diagnostics] == ["not-a-cable-page"]
    assert u.name == "news.html"


def test_html_unclosed_pre_is_kept():
    """A page cut inside its body block keeps what it has and says so."""
    u = unwrap("<html><body><code><pre>UNCLAS&#x000A;SIPDIS")
    assert u.text == "UNCLAS\nSIPDIS"
    assert "unclosed-pre" in [d.code for d in u.diagnostics]


def _plain_road(page: str, monkeypatch, *, lift: bool = False, tail: bool = False,
                simple: bool = False) -> Unwrapped:
    """A page unwrapped with only the named fast paths; none: the parser reads everything."""
    with monkeypatch.context() as patch:
        if not lift:
            patch.setattr(cablegate_page, "_lift_simple_pres", lambda region: None)
        if not tail:
            patch.setattr(cablegate_page, "_without_tail", lambda region: region)
        if not simple:
            patch.setattr(cablegate_page, "_feed_simple", lambda parser, text: False)
        return cablegate_html.unwrap_cablegate_html(page)


def _both_roads(page: str, monkeypatch) -> tuple[Unwrapped, Unwrapped]:
    """A page unwrapped with every fast path, and by the parser alone."""
    return cablegate_html.unwrap_cablegate_html(page), _plain_road(page, monkeypatch)


def test_html_fast_paths_give_the_same_pages(monkeypatch):
    paths = sorted(p for p in CABLES.glob("cablegate*/*") if p.is_file())
    assert len(paths) >= 35
    read_by_the_parser = []
    tokenized_by_the_parser = []
    for path in paths:
        page = path.read_text(encoding="utf-8")
        fast, plain = _both_roads(page, monkeypatch)
        assert fast == plain, path.name
        assert _plain_road(page, monkeypatch, lift=True) == plain, path.name
        assert _plain_road(page, monkeypatch, lift=True, tail=True) == plain, path.name
        regions = [cablegate_page._BARE_AMP.sub("&amp;", r) for r in cablegate_page._regions(page)]
        lifted = [cablegate_page._lift_simple_pres(r) for r in regions]
        if not all(item is not None for item in lifted):
            read_by_the_parser.append(path.name)
        elif not cablegate_page._feed_simple(cablegate_page._CablePageParser(), "".join(
                [item[0] for item in lifted[:-1]] + [cablegate_page._without_tail(lifted[-1][0])])):
            tokenized_by_the_parser.append(path.name)
    # The only pages whose <pre> holds more than the simple tags: 09MALABO13's <br>
    # tags, 08KINSHASA189's database record opening with a bare "<<142612>>", and
    # the bare ">" line after the signature of 00HARARE6677 and 01VATICAN5693.
    assert read_by_the_parser == ["00HARARE6677.html", "01VATICAN5693.html", "08KINSHASA189.html",
                                  "09MALABO13.html"]
    # The 1-2 KB left around the lifted blocks is simple markup on every other page.
    assert tokenized_by_the_parser == []


_PAGE_PIECES = st.sampled_from([
    "<pre>", "</pre>", "&#x000A;", "&#x000A;&#x000A;", "UNCLAS ", "text", " ", "\n", "<a href='/tag/PGOV_0.html'>",
    "PGOV", "</a>", "<a id='par1' href='#par1'>\u00b6</a>", "<br>", "<br/>", "<b>", "</b>", "<b x=\"&#x000A;\">",
    "<a title=x&#x000A;y href='/tag/X'>", "<a title='a>b' href=&#x000A;>", "<a title='<pre>'>", "<!--", "-->",
    "<script>", "</script>", "<SCRIPT>", "<style>", "</style>", "<noscript>", "</noscript>", "<xmp>", "</xmp>", "<", ">", "'", '"', "&amp;", "&#x000A", "&",
    "<pre x='1'>", "</PRE>", "<td>", "</td>", "<tr>", "</tr>", "<h3>Viewing cable 09X1, S</h3>", "<h3>", "</h3>",
    "<table class='cable'>", "</table>", "<th>", "<a id='par2'>x\u00b6y</a>", "&para;", "<a href='tag/Y'>", " Y ",
    "<a href='/tag/Z' id='q'>", "<a id=\"par3\" href='#par3'>", "<div>", "</div>", "&#182;", "<a>", "<A href='/tag/W'>",
])


@given(st.lists(_PAGE_PIECES, max_size=30), st.booleans())
@example(["<pre>", "a", "&#x000A;", "<a title='a>b' href=&#x000A;>", "x", "</a>", "</pre>"], True)
@example(["<script>", "<pre>", "a&#x000A;b", "</pre>", "</script>", "<pre>", "&#x000A;", "</pre>"], True)
@example(["<pre>", "<a title=x&#x000A;y href='/tag/X'>", "X", "</a>", "&#x000A;", "</pre>"], False)
@example(["<table class='cable'><tr><th>Reference ID</th></tr><tr><td>", "<script>", "<pre>", "a&#x000A;b", "</pre>",
          "</script>", "</td></tr></table>", "<pre>", "x", "</pre>"], False)  # script text is not decoded
@example(["<pre>", "x", '<b x="&#x000A;">', "y", "</b>", "&#x000A;", "</pre>"], False)  # kept as written
@example(["<pre>", "a", "</pre>", "<h3>Viewing cable 09X1, S</h3>"], True)           # a title after the blocks
@example(["<!--", "<pre>", "</pre>", "-->", "<pre x='1'>", "abc", "</pre>"], False)  # a block the search missed
@example(["<pre>", "<a href='tag/Y'>", " Y ", "</a>", "&#x000A;", "</pre>"], False)  # a relative tag link
@example(["<pre>", "<a id='par2'>x\u00b6y</a>", "&para;", "</pre>"], False)
@example(["<pre>", "<a>", "x", "</a>", "y", "&#x000A;", "</pre>"], False)          # a link without attributes
@example(["<pre>", "<a href=''>", "x", "</a>", "<a href=\"\" id='par1'>", "\u00b6", "</a>", "</pre>"], False)
def test_html_fast_paths_on_generated_pages(pieces, table):
    head = "<table class='cable'><tr><th>Reference ID</th></tr><tr><td>09X1</td></tr></table>" if table else ""
    page = head + "".join(pieces)
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, plain = _both_roads(page, monkeypatch)
        assert fast == plain
        assert _plain_road(page, monkeypatch, lift=True) == plain
        assert _plain_road(page, monkeypatch, lift=True, tail=True) == plain


# Markup around the <pre> blocks: what _feed_simple takes and what it must refuse.
_MARKUP_PIECES = st.sampled_from([
    "text", " ", "\n", "\r\n", "\t", ">", "a > b", "x<y", "<", "</", "<3", "&amp;", "&lt;td&gt;", "&para;", "&#182;",
    "&#x000A;", "&quot;", "<tr>", "</tr>", "<TR>", "</TD >", "<td>", "</td>", "<th>", "</th>", "<th class='x'>",
    "<td colspan='4'>", "<td colspan=4>", "<td nowrap>", "<td\ncolspan=\"4\" >", "<td x='a&amp;b'>", "<td x=''>",
    "<table class='cable'>", "<table class=\"cable other\">", "<TABLE CLASS='cable'>", "<table>", "</table>",
    "<table class='x&#32;cable'>", "<table class=\"&#99;able\">",
    "<h3>", "</h3>", "<h3>Viewing cable 09X1, S&amp;T</h3>", "<a href='/tag/PGOV_0.html'>", "</a>", "<a id='par1'>",
    "<pre>", "</pre>", "<pre/>", "<br>", "<br/>", "<br />", "<img src='x'/>", "<b>", "</b>", "<code>", "</code>",
    "<div id='x' class='y'>", "</div>", "<!-- c -->", "<!--", "-->", "<!DOCTYPE html>", "<?xml x?>", "<script>",
    "</script>", "<Script src='a.js'>", "<style>", "</style>", "<title>", "</title>", "<textarea>", "<scripts>",
    "<a title='a>b'>", "<a title=\"x<y\">", "<a href=x>", "<a data-x='1' HREF='/tag/Q'>", "Q", "<p/>",
])


@given(st.lists(_MARKUP_PIECES, max_size=40))
@example(["<table class='cable'>", "<tr>", "<th>", "text", "</th>", "</tr>", "<tr>", "<td>", "&amp;", "</td>", "</tr>"])
@example(["<h3>", "x", "<scripts>", "y", "</h3>"])                   # not <script>: simple
@example(["<h3>", "<script>", "</h3>", "</script>", "x", "</h3>"])   # raw text: refused
@example(["<h3>", "x<y", "</h3>"])                                   # a bare "<": refused
@example(["<pre>", "<div id='x' class='y'>"])                        # kept as text: the count agrees
@example(["<table class='x&#32;cable'>", "<tr>", "<td>", "Q", "</td>", "</tr>"])  # attribute values decoded
@example(["<TABLE CLASS='cable'>", "<TR>", "<td colspan='4'>", "&lt;td&gt;", "</TD >", "</tr>", "</table>"])
def test_simple_markup_gives_the_parsers_events(pieces):
    """_feed_simple hands the handlers what HTMLParser would, or refuses without handing anything."""
    text = "".join(pieces)
    by_parser = cablegate_page._CablePageParser()
    by_parser.feed(text)
    by_parser.close()
    fed = cablegate_page._CablePageParser()
    before = dict(vars(fed))
    if cablegate_page._feed_simple(fed, text):
        fed.close()
        for name in ("titles", "rows", "tags", "dropped_br", "unclosed_pre"):
            assert getattr(fed, name) == getattr(by_parser, name), name
        # A tag kept as text inside a <pre> is written from its name (the
        # parser keeps it as written); such a page is read again by the
        # parser (parse_page), so only the count must agree.
        assert len(fed.kept_markup) == len(by_parser.kept_markup)
        if not by_parser.kept_markup:
            assert fed.pres == by_parser.pres
    else:
        assert vars(fed) == before  # refused before any event
        assert "<" in text


def test_simple_markup_refuses_what_the_parser_reads_otherwise():
    simple = "<table class='cable'><tr><td>x</td></tr></table>"
    assert cablegate_page._feed_simple(cablegate_page._CablePageParser(), simple)
    for odd in ("<!-- <td> -->", "<script>a<b</script>", "<STYLE>", "<td nowrap>", "<td x=1>", "a < b", "<title>",
                "<a title='a>b'>"):
        assert not cablegate_page._feed_simple(cablegate_page._CablePageParser(), simple + odd), odd


# What a simple <pre> block can hold: text, complete references, link tags.
_SIMPLE_PRE_PIECES = st.sampled_from([
    "text", " ", "\n", "&#x000A;", "&amp;", "&para;", "&#182;", "&quot;", "\u00b6", "PGOV", " x ", "&lt;b&gt;",
    "<a>", "</a>", "<a href='/tag/PGOV_0.html'>", "<a href=\"tag/X\">", "<a href=''>", "<a href='/cable/1.html'>",
    "<a id='par1' href='#par1'>", "<a id=\"par2\">", "<a href='#par3'>", "<a id='x' href='/tag/Q'>",
    "<a  href='/tag/S'  id='y' >", "<a\nhref='/tag/T'>",
])


@given(st.lists(st.lists(_SIMPLE_PRE_PIECES, max_size=25).map("".join), min_size=1, max_size=3), st.booleans())
@example(["<a>x</a>y&#x000A;"], True)
@example(["<a href='/tag/A'><a id='par1'>\u00b6</a>B</a>C</a>"], False)      # links inside links
def test_html_simple_pre_blocks_read_as_the_parser_reads_them(blocks, table):
    head = "<table class='cable'><tr><th>Reference ID</th></tr><tr><td>09X1</td></tr></table>" if table else ""
    page = head + "".join(f"<code><pre>{block}</pre></code>\n" for block in blocks) + "<div>footer</div>"
    assert all(cablegate_page._lift_simple_pres(region) is not None for region in cablegate_page._regions(page))
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, plain = _both_roads(page, monkeypatch)
    assert fast == plain


# ---------------------------------------------------------------------------
# cables.csv
# ---------------------------------------------------------------------------
CSV_PATH = cable_path("csv/cables_sample.csv")


def test_csv_rows():
    """Both rows of the sample, with their metadata, references and rebuilt text."""
    rows = list(read_path(CSV_PATH))
    assert [u.name for u in rows] == [f"{CSV_PATH}#row1", f"{CSV_PATH}#row2"]
    first, second = rows
    assert first.wrapper == Wrapper(
        container="csv", reference_id="66BUENOSAIRES2481", created=_utc(1966, 12, 28, 18, 48),
        classification="UNCLASSIFIED", origin="Embassy Buenos Aires",
        references=("66STATE106206",))
    assert second.wrapper == Wrapper(
        container="csv", reference_id="72TEHRAN1164", created=_utc(1972, 2, 25, 9, 30),
        classification="UNCLASSIFIED", origin="Embassy Tehran",
        references=("72MOSCOW1603", "72TEHRAN1091", "72TEHRAN263"))
    assert first.text.startswith("P R 281848Z DEC 66\nFM AMEMBASSY BUENOS AIRES\n")
    assert "\nSTATE GRNC\n\nUNCLASSIFIED BUENOS AIRES 2481 \n" in first.text
    assert second.text.startswith("R 250930Z FEB 72 \nFM AMEMBASSY TEHRAN\n")
    assert second.text.endswith("\nHECK \n")
    for u in rows:
        assert u.diagnostics == ()
        assert u.original is None


def test_csv_backslash_quotes_are_unescaped():
    """'\\"' in the file is a quote in the text; doublequote=True and False agree here."""
    first = next(read_path(CSV_PATH))
    assert 'OF \\"PREFERENTIAL JURISDICTION\\" FOR' not in first.text
    assert 'OF "PREFERENTIAL JURISDICTION" FOR FISHING PURPOSES' in first.text
    raw = CSV_PATH.read_text(encoding="utf-8")
    for doublequote in (True, False):
        parsed = list(csv.reader(raw.splitlines(keepends=True), escapechar="\\",
                                 doublequote=doublequote))
        assert parsed[0][6] + "\n\n" + parsed[0][7] == first.text


def test_csv_text_unwrap_gives_first_row_iter_gives_all():
    """unwrap() on a CSV text returns row 1; iter_unwrap() every row."""
    text = CSV_PATH.read_text(encoding="utf-8")
    assert detect_container(text) == "csv"
    assert unwrap(text, name="c.csv").wrapper.reference_id == "66BUENOSAIRES2481"
    assert unwrap(text, name="c.csv").name == "c.csv#row1"
    assert [u.wrapper.reference_id for u in iter_unwrap(text)] == \
        ["66BUENOSAIRES2481", "72TEHRAN1164"]


def test_csv_broken_row_is_reported_and_reading_goes_on():
    """A row with the wrong column count gets bad-csv-row; the next row is read."""
    text = (
        '"1","1/2/2003 4:05","03ROME1","Embassy Rome","SECRET","","HDR","BODY"\n'
        '"2","1/2/2003 4:06","03ROME2","Embassy Rome"\n'
        '"3","1/2/2003 4:07","03ROME3","Embassy Rome","SECRET","03ROME1","H3","B3"\n'
    )
    rows = list(iter_unwrap(text, name="x.csv"))
    assert [u.wrapper.reference_id for u in rows] == ["03ROME1", "03ROME2", "03ROME3"]
    assert rows[0].diagnostics == () and rows[0].text == "HDR\n\nBODY"
    assert [d.code for d in rows[1].diagnostics] == ["bad-csv-row"]
    assert rows[1].text == ""
    assert rows[1].name == "x.csv#row2"
    assert rows[2].diagnostics == () and rows[2].wrapper.references == ("03ROME1",)


def test_csv_row_with_bad_date_keeps_the_rest():
    """An unreadable date is None with a diagnostic; the other values stay."""
    text = '"1","13/45/2003 4:05","03ROME1","Embassy Rome","SECRET","","H","B"\n'
    u = unwrap(text)
    assert u.wrapper.created is None
    assert u.wrapper.reference_id == "03ROME1"
    assert [d.code for d in u.diagnostics] == ["bad-wrapper-value"]


def test_csv_file_with_cp1252_row(tmp_path):
    """A streamed CSV re-decodes only the row that is not UTF-8."""
    path = tmp_path / "cables.csv"
    path.write_bytes(
        b'"1","1/2/2003 4:05","03ROME1","Embassy Rome","SECRET","","H","caf\xc3\xa9"\n'
        b'"2","1/2/2003 4:06","03ROME2","Embassy Rome","SECRET","","H","\x93quoted\x94"\n')
    first, second = read_path(path)
    assert first.text == "H\n\ncaf\u00e9" and first.diagnostics == ()
    assert second.text == "H\n\n\u201cquoted\u201d"
    (diag,) = second.diagnostics
    assert diag.code == "decode-fallback"
    assert "cp1252" in diag.message and "0x93" in diag.message


# ---------------------------------------------------------------------------
# Files, decoding and errors.
# ---------------------------------------------------------------------------
def test_cp1252_file_falls_back_with_diagnostic(tmp_path):
    """Bytes that are not UTF-8 are decoded as cp1252 and the offset is reported."""
    path = tmp_path / "cable.txt"
    path.write_bytes(b"UNCLAS ROME 000001\n\nSUBJECT: \x93QUOTED\x94\n")
    (u,) = read_path(path)
    assert u.text == "UNCLAS ROME 000001\n\nSUBJECT: \u201cQUOTED\u201d\n"
    (diag,) = u.diagnostics
    assert diag.code == "decode-fallback"
    assert "cp1252" in diag.message
    assert "0x93" in diag.message and "offset 29" in diag.message


def test_latin1_is_the_last_resort(tmp_path):
    """A byte that cp1252 does not define (0x81) makes the decoder use latin-1."""
    path = tmp_path / "cable.txt"
    path.write_bytes(b"UNCLAS \x81 ROME\n")
    (u,) = read_path(path)
    assert u.text == "UNCLAS \x81 ROME\n"
    assert "latin-1" in u.diagnostics[0].message


def test_plusd_corpus_files_are_cp1252(tmp_path):
    """The Tika output writes the pilcrow as the single byte 0xB6."""
    (u,) = read_path(cable_path("plusd-pdf-text/07KINGSTON382.txt"))
    assert "\r\n\u00b61.  Post requests" in u.text
    assert [d.code for d in u.diagnostics] == ["decode-fallback"]


def test_bom_is_stripped(tmp_path):
    """A UTF-8 byte-order mark is not part of the text."""
    path = tmp_path / "cable.txt"
    path.write_bytes(b"\xef\xbb\xbfVZCZCXRO5044\nPP RUEHCHI\n")
    (u,) = read_path(path)
    assert u.text == "VZCZCXRO5044\nPP RUEHCHI\n"
    assert u.diagnostics == ()


def test_detection_ignores_the_file_name(tmp_path):
    """The seed saved as .html is still WikiLeaks page text."""
    path = tmp_path / "cable.html"
    path.write_bytes(cable_path("wikileaks-text/06PHNOMPENH2131.txt").read_bytes())
    (u,) = read_path(path)
    assert u.wrapper.container == "wikileaks-text"
    assert u.wrapper.reference_id == "06PHNOMPENH2131"


def test_read_path_accepts_str_and_pathlike():
    """str and os.PathLike paths give the same result, named str(path)."""
    path = cable_path("extract-text/06ANKARA4688.txt")
    (a,) = read_path(str(path))
    (b,) = read_path(path)
    assert a == b
    assert a.name == str(path)


def test_missing_path_raises(tmp_path):
    """A path that does not exist raises CableSourceError naming it, at once."""
    missing = tmp_path / "nope.txt"
    with pytest.raises(CableSourceError, match="nope.txt"):
        read_path(missing)


def test_directory_path_raises(tmp_path):
    """A directory is not a cable file."""
    with pytest.raises(CableSourceError, match="directory"):
        read_path(tmp_path)
    assert issubclass(CableSourceError, OSError)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="needs a POSIX user that file permissions apply to")
def test_unreadable_file_raises(tmp_path):
    """A file without read permission raises CableSourceError."""
    path = tmp_path / "secret.txt"
    path.write_text("UNCLAS\n")
    path.chmod(0)
    try:
        with pytest.raises(CableSourceError, match="secret.txt"):
            read_path(path)
    finally:
        path.chmod(0o600)


def test_open_error_raises_source_error(tmp_path, monkeypatch):
    """Any OSError from open() (here: permission denied) becomes CableSourceError."""
    path = tmp_path / "locked.txt"
    path.write_text("UNCLAS\n")

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("cablelib.sources.files.open", refuse, raising=False)
    with pytest.raises(CableSourceError, match=r"locked\.txt: cannot open: Permission denied"):
        read_path(path)


def test_unwrap_rejects_bytes():
    """unwrap() takes str; bytes are a programming error, not a bad container."""
    with pytest.raises(TypeError):
        unwrap(b"VZCZC")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# Odd input never raises.
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "", " ", "\n\n", "\r\n", "\x00", "\x00" * 100, "VZCZC\x00XRO\n", "\ufeff", "<", "<<142612",
    "Identifier\n", "Identifier\nCreated\n", "Identifier: \n", "00X1\n\nMon Foo 1 1:00:00 +0100 2000",
    '"1","1/1/2000 1:00",', '"1","1/1/2000 1:00","x\\', "<html>", "<pre>", "</pre>",
    "<table class='cable'><tr><td>", "\ud800", "<pre>\ud800</pre>", "Identifier\ud800\nCreated\n",
])
def test_odd_input_never_raises(text):
    """unwrap and iter_unwrap return a value for any str."""
    u = unwrap(text)
    assert isinstance(u, Unwrapped)
    assert u.wrapper.container in CONTAINERS
    items = list(iter_unwrap(text))
    assert len(items) >= 1
    if u.wrapper.container in VERBATIM:
        assert len(u.text) == len(text)


def test_empty_string_is_raw():
    """The empty string is an empty raw cable."""
    u = unwrap("")
    assert (u.text, u.wrapper.container, u.diagnostics) == ("", "raw", ())


def test_nul_characters_are_kept(tmp_path):
    """NUL is just a character: kept in the text, in memory and from a file."""
    text = "VZCZCXRO5044\x00\nPP RUEHCHI\n"
    assert unwrap(text).text == text
    path = tmp_path / "nul.txt"
    path.write_bytes(text.encode())
    (u,) = read_path(path)
    assert u.text == text


def test_huge_single_line_is_fast():
    """A 1 MB line without a line break is detected and unwrapped in no time."""
    text = "A" * 1_000_000
    start = time.perf_counter()
    for _ in range(100):
        u = unwrap(text)
    elapsed = (time.perf_counter() - start) / 100
    assert u.text is text
    assert elapsed < 0.005  # measured ~2 us; the head is the only part looked at
    csv_like = '"1","1/1/2000 1:00","X","O","C","","H","' + "B" * 1_000_000 + '"\n'
    start = time.perf_counter()
    (row,) = iter_unwrap(csv_like)
    assert time.perf_counter() - start < 1.0
    assert row.text == "H\n\n" + "B" * 1_000_000  # beyond csv's default field limit


def test_raw_unwrap_costs_microseconds():
    """Detection looks at the head only, so a raw cable costs a few microseconds."""
    source = cable_path("wikileaks-text/06PHNOMPENH2131.txt").read_text(encoding="utf-8")
    raw = source[source.index("VZCZC"):] * 20
    n = 2000
    start = time.perf_counter()
    for _ in range(n):
        unwrap(raw)
    per_call = (time.perf_counter() - start) / n
    assert per_call < 100e-6  # measured ~3 us; generous for slow CI machines


def test_unwrapped_is_frozen():
    """Unwrapped is immutable, like the model classes."""
    u = unwrap("UNCLAS")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        u.text = "x"  # type: ignore[misc]


def test_detect_container_looks_at_the_head_only():
    """What follows the first 2 KB cannot change the answer."""
    assert detect_container("VZCZC\n" + "x" * 5000 + "\r\n") == "raw"
    assert detect_container(" " * 3000 + "<html>") == "raw"


try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # hypothesis is an optional test dependency
    given = None

if given is not None:
    _PREFIXES = st.sampled_from([
        "", "<code><pre>", "<html><table class='cable'>", "Identifier\nCreated\n",
        "Identifier: 01X1\n", "01X1\nSUBJ\nWed Dec 28 18:06:00 +0100 1966\n",
        '"1","12/28/1966 18:48","66X1","E","U","","', "\r\nVZCZC\r\n",
    ])

    @settings(max_examples=300, deadline=None)
    @given(prefix=_PREFIXES, rest=st.text())
    def test_property_never_raises_and_verbatim_keeps_length(prefix, rest):
        """For any text behind any container opening: a result, and offsets kept."""
        text = prefix + rest
        u = unwrap(text)
        assert u.wrapper.container in CONTAINERS
        if u.wrapper.container in VERBATIM:
            assert len(u.text) == len(text)
        assert all(isinstance(x, Unwrapped) for x in iter_unwrap(text))
else:
    @pytest.mark.skip(reason="hypothesis is not installed")
    def test_property_never_raises_and_verbatim_keeps_length():
        """Placeholder so the skipped property test shows in the report."""


# ---------------------------------------------------------------------------
# The whole shared corpus (skipped when it is not checked out next to the repo).
# ---------------------------------------------------------------------------
def _corpus_dir() -> Path | None:
    for candidate in (os.environ.get("CABLELIB_CORPUS"),
                      ROOT.parent / "shared" / "corpus",
                      ROOT / "shared" / "corpus"):
        if candidate and (Path(candidate) / "MANIFEST.tsv").is_file():
            return Path(candidate)
    return None


CORPUS = _corpus_dir()
_MANIFEST: dict[str, dict[str, str]] = {}
if CORPUS is not None:
    with open(CORPUS / "MANIFEST.tsv", encoding="utf-8", newline="") as fh:
        for record in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            _MANIFEST[record["file"]] = record
CORPUS_FILES = sorted(
    p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*")
    if p.is_file() and p.parent != CORPUS
) if CORPUS is not None else []

# Corpus folder -> the container its files must be detected as.
FOLDER_CONTAINER = {
    "cablegate-html": "cablegate-html",
    "cablegate-html-httrack": "cablegate-html",
    "cablegate-pre-fragment": "cablegate-html",
    "plusd-pdf-text": "plusd-pdf-text",
    "extract-text": "extract-text",
    "csv": "csv",
    "wikileaks-text": "wikileaks-text",
}
# Folders whose container carries no metadata at all.
NO_METADATA = {"cablegate-pre-fragment", "plusd-pdf-text"}


@pytest.mark.skipif(CORPUS is None, reason="shared corpus not found (set CABLELIB_CORPUS)")
@pytest.mark.parametrize("rel", CORPUS_FILES or ["<none>"])
def test_corpus_file(rel):
    """read_path never raises, and the wrapper agrees with MANIFEST.tsv.

    Ids are compared as written, so the malformed ``7575LIBREVILLE1895`` is
    expected as such; the CSV file lists its two cables joined by ``;``.
    """
    assert CORPUS is not None
    record = _MANIFEST.get(rel)
    assert record is not None, f"{rel} is not in MANIFEST.tsv"
    folder = rel.split("/", 1)[0]
    items = list(read_path(CORPUS / rel))
    assert items
    assert {u.wrapper.container for u in items} == {FOLDER_CONTAINER[folder]}
    if folder in NO_METADATA:
        assert all(u.wrapper.reference_id is None for u in items)
        return
    assert ";".join(u.wrapper.reference_id or "" for u in items) == record["reference_id"]
    assert ";".join(u.wrapper.classification or "" for u in items) == record["classification"]
    for u, year in zip(items, record["year"].split(";")):
        if u.wrapper.created is not None:
            assert str(u.wrapper.created.year) == year
    if folder != "wikileaks-text":  # the seed's 'post' column is the station name
        assert items[0].wrapper.origin == record["post"].split(";")[0]
    for u in items:
        assert not [d for d in u.diagnostics if d.code in ("unwrap-failed", "bad-csv-row")]


@pytest.mark.skipif(CORPUS is None, reason="shared corpus not found (set CABLELIB_CORPUS)")
def test_corpus_manifest_is_complete():
    """Every manifest row has a file, so the parametrized test covers them all."""
    assert CORPUS is not None
    assert set(_MANIFEST) == set(CORPUS_FILES)
    entries = sum(len(list(read_path(CORPUS / rel))) for rel in CORPUS_FILES)
    assert entries == 317  # 316 files, the CSV holds 2 cables (README)


@pytest.mark.skipif(CORPUS is None, reason="shared corpus not found (set CABLELIB_CORPUS)")
def test_test_data_is_byte_identical_to_the_corpus():
    """tests/cables holds unmodified copies of corpus files, each at its corpus path."""
    assert CORPUS is not None
    for path in CABLES.rglob("*"):
        if path.is_file() and not path.name.startswith("."):
            rel = path.relative_to(CABLES).as_posix()
            assert path.read_bytes() == (CORPUS / rel).read_bytes(), rel


# ---------------------------------------------------------------- compressed files

_COMPRESSIONS = {"gz": gzip.compress, "bz2": bz2.compress, "xz": lzma.compress}


@pytest.mark.parametrize("suffix", sorted(_COMPRESSIONS))
@pytest.mark.parametrize("name", ["06PHNOMPENH2131.txt", "06ANKARA4688.html", "cables_sample.csv"])
def test_a_compressed_file_reads_as_the_file_itself(name, suffix, tmp_path):
    """Corpora are kept compressed; a .gz, .bz2 or .xz file used to be read as
    one undecodable cable (decode-fallback, unexpected-text, nothing found)."""
    source = cable_path(name)
    expected = [c.to_dict() for c in cablelib.iter_corpus(source)]
    path = tmp_path / f"{name}.{suffix}"
    path.write_bytes(_COMPRESSIONS[suffix](source.read_bytes()))
    assert [c.to_dict() for c in cablelib.iter_corpus(path)] == expected
    assert [c.to_dict() for c in cablelib.iter_corpus(path, jobs=2)] == expected
    assert len(expected) == (2 if name.endswith(".csv") else 1) and expected[0]["reference_id"]
    # Piped in (cablelib parse -): the bytes are decompressed in memory.
    piped = [cablelib.api.parse_unwrapped(u).to_dict()
             for u in unwrap_bytes(path.read_bytes(), str(source))]
    assert [d["reference_id"] for d in piped] == [d["reference_id"] for d in expected]


def test_a_cut_archive_is_an_unreadable_file_and_the_run_goes_on(tmp_path):
    data = gzip.compress(cable_path("06PHNOMPENH2131.txt").read_bytes())
    cut = tmp_path / "cut.txt.gz"
    cut.write_bytes(data[: len(data) // 2])
    whole = tmp_path / "whole.txt.gz"
    whole.write_bytes(data)
    cables = list(cablelib.iter_corpus([cut, whole]))
    assert [(d.code, d.message) for d in cables[0].diagnostics] == [
        ("unreadable", f"{cut}: cannot decompress: Compressed file ended before the end-of-stream marker "
                       "was reached")]
    assert cables[1].reference_id == "06PHNOMPENH2131"
    with pytest.raises(cablelib.CableSourceError, match="cannot decompress"):
        list(unwrap_bytes(data[: len(data) // 2], "<stdin>"))


def test_a_compressed_cables_csv_is_streamed_not_read_whole(tmp_path, monkeypatch):
    """The 1.7 GB cables.csv compressed: rows come from the decompressing stream,
    never from the whole file decompressed in memory."""
    from cablelib.sources import files

    path = tmp_path / "cables.csv.gz"
    path.write_bytes(gzip.compress(cable_path("cables_sample.csv").read_bytes()))

    def whole(data, name):
        raise AssertionError("read whole")

    monkeypatch.setattr(files, "unwrap_bytes", whole)
    assert [c.reference_id for c in cablelib.iter_corpus(path)] == ["66BUENOSAIRES2481", "72TEHRAN1164"]


def test_the_parent_of_a_parallel_run_streams_a_compressed_or_utf16_cables_csv(tmp_path):
    """With --jobs, a cables.csv is read by the parent and its rows spread over
    the workers; a compressed or UTF-16 one was sent whole to one worker, which
    held every result of the file before returning them (the whole corpus, for
    the 1.7 GB file)."""
    from cablelib import corpus

    raw = cable_path("cables_sample.csv").read_bytes()
    seed = cable_path("06PHNOMPENH2131.txt").read_bytes()
    cases = {"plain.csv": raw, "c.csv.gz": gzip.compress(raw), "c.csv.xz": lzma.compress(raw),
             "u.csv": raw.decode("utf-8").encode("utf-16"), "seed.txt.gz": gzip.compress(seed),
             "cut.csv.gz": gzip.compress(raw)[:10]}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    read_here = {name: corpus._read_here(str(tmp_path / name)) for name in cases}
    assert read_here == {"plain.csv": True, "c.csv.gz": True, "c.csv.xz": True, "u.csv": True,
                         "seed.txt.gz": False, "cut.csv.gz": False}


def test_a_small_file_named_like_a_cable_file_is_not_looked_into(tmp_path, monkeypatch):
    """The parent of a --jobs run opened every file to sniff it (~57 us of its
    ~0.2 ms a cable); a small .html/.htm/.txt file now goes to a worker
    unopened, and a cables.csv so named is read there whole, with the same cables."""
    from cablelib import corpus

    opened = []
    real_container = corpus.file_container
    monkeypatch.setattr(corpus, "file_container", lambda path: opened.append(path) or real_container(path))
    page = cable_path("06ANKARA4688.html")
    rows = tmp_path / "rows.TXT"
    rows.write_bytes(cable_path("cables_sample.csv").read_bytes())
    assert not corpus._read_here(str(page)) and not corpus._read_here(str(rows))
    assert opened == []
    sources = [page, rows, cable_path("06PHNOMPENH2131.txt")]
    serial = [c.to_dict() for c in cablelib.iter_corpus(sources)]
    assert [c["reference_id"] for c in serial] == ["06ANKARA4688", "66BUENOSAIRES2481", "72TEHRAN1164",
                                                   "06PHNOMPENH2131"]
    assert [c.to_dict() for c in cablelib.iter_corpus(sources, jobs=2)] == serial
    # Bigger than SNIFF_ABOVE, or named otherwise: looked into, and read here.
    monkeypatch.setattr(corpus, "SNIFF_ABOVE", 1000)
    assert corpus._read_here(str(rows)) and opened == [str(rows)]
    monkeypatch.setattr(corpus, "SNIFF_ABOVE", 1 << 20)
    renamed = tmp_path / "rows.dat"
    renamed.write_bytes(rows.read_bytes())
    assert corpus._read_here(str(renamed))


# ---------------------------------------------------------------- archives

_MEMBERS = ["06PHNOMPENH2131.txt", "06ANKARA4688.html", "cables_sample.csv"]


def _archive(tmp_path, kind: str, extra: dict[str, bytes] | None = None):
    """An archive of three real cable files (in that order), plus ``extra`` members."""
    import tarfile
    import zipfile

    members = [(f"cables/{name}", cable_path(name).read_bytes()) for name in _MEMBERS]
    members += [("cables/.DS_Store", b"\x00\x01"), ("__MACOSX/cables/._x.txt", b"\x00\x05")]
    members += list((extra or {}).items())
    path = tmp_path / f"corpus.{kind}"
    if kind == "zip":
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("cables/", b"")
            for name, data in members:
                archive.writestr(name, data)
    else:
        mode = {"tar": "w", "tar.gz": "w:gz", "tar.xz": "w:xz"}[kind]
        with tarfile.open(path, mode) as archive:
            for name, data in members:
                info = tarfile.TarInfo(name)
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
    return path


@pytest.mark.parametrize("kind", ["zip", "tar", "tar.gz", "tar.xz"])
def test_an_archive_reads_as_its_files(kind, tmp_path):
    """The Cablegate pages travel as archives; one used to be read as a single
    undecodable cable.  Each member file is read as the file itself, in stored
    order; hidden files and macOS resource forks are passed over."""
    expected = [c.to_dict() for name in _MEMBERS for c in cablelib.iter_corpus(cable_path(name))]
    path = _archive(tmp_path, kind)
    assert [c.to_dict() for c in cablelib.iter_corpus(path)] == expected
    assert [c.to_dict() for c in cablelib.iter_corpus(path, jobs=2)] == expected
    names = [u.name for u in read_path(path)]
    assert names == [f"{path}/cables/06PHNOMPENH2131.txt", f"{path}/cables/06ANKARA4688.html",
                     f"{path}/cables/cables_sample.csv#row1", f"{path}/cables/cables_sample.csv#row2"]
    from cablelib import corpus

    assert corpus._read_here(str(path))  # the parent spreads the members over the workers
    piped = list(unwrap_bytes(path.read_bytes(), "<stdin>"))  # cablelib parse - < corpus.zip
    assert [u.name for u in piped] == [n.replace(str(path), "<stdin>") for n in names]


def test_a_nested_archive_and_a_corrupt_member_are_said_and_the_rest_is_read(tmp_path):
    import zipfile

    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("x.txt", b"UNCLAS")
    sub = tmp_path / "sub"
    sub.mkdir()
    inner_tar = gzip.compress(_archive(sub, "tar").read_bytes())
    cut = gzip.compress(cable_path("06PHNOMPENH2131.txt").read_bytes())[:200]
    path = _archive(tmp_path, "zip", {"inner.zip": inner.getvalue(), "inner.tar.gz": inner_tar, "cut.txt.gz": cut})
    cables = list(cablelib.iter_corpus(path))
    assert [c.reference_id for c in cables[:4]] == ["06PHNOMPENH2131", "06ANKARA4688", "66BUENOSAIRES2481",
                                                     "72TEHRAN1164"]
    assert [(d.code, d.message) for c in cables[4:] for d in c.diagnostics] == [
        ("nested-archive", f"{path}/inner.zip: a zip archive inside an archive is not read"),
        ("nested-archive", f"{path}/inner.tar.gz: a tar archive inside an archive is not read"),
        ("unreadable", f"{path}/cut.txt.gz: cannot decompress: Compressed file ended before the "
                       "end-of-stream marker was reached")]


def test_a_cut_archive_ends_with_a_diagnostic_and_the_run_goes_on(tmp_path):
    whole = _archive(tmp_path, "tar.gz").read_bytes()
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    cables = list(cablelib.iter_corpus([cut, cable_path("06PHNOMPENH2131.txt")]))
    assert cables[-1].reference_id == "06PHNOMPENH2131"
    failed = [d for c in cables[:-1] for d in c.diagnostics if d.code == "unwrap-failed"]
    assert len(failed) == 1 and failed[0].message.startswith(f"{cut}: reading the archive stopped after ")


@pytest.mark.parametrize("kind", ["zip", "tar.gz"])
def test_a_corpus_run_reads_archive_members_in_its_workers_with_the_same_results(kind, tmp_path):
    """With jobs, the parent sends an archive's members unread (ArchiveMember)
    and the workers read them: the same cables and diagnostics as the serial
    reading, nested archives, a corrupt member and a cut archive included."""
    import pickle

    from cablelib import corpus
    from cablelib.sources.archives import ArchiveMember

    inner = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("x.txt", b"UNCLAS")
    cut_member = gzip.compress(cable_path("06PHNOMPENH2131.txt").read_bytes())[:200]
    path = _archive(tmp_path, kind, {"inner.zip": inner.getvalue(), "cut.txt.gz": cut_member})
    whole = bytearray(path.read_bytes())
    cut = tmp_path / f"cut.{kind}"
    if kind == "tar.gz":
        cut.write_bytes(whole[: len(whole) * 2 // 3])  # the stream ends part-way
    else:  # the third member's compressed bytes broken: zipfile stops there
        at = whole.index(b"cables/cables_sample.csv") + 100
        whole[at:at + 50] = b"\xff" * 50
        cut.write_bytes(whole)
    for source in (path, cut):
        serial = [c.to_dict() for c in cablelib.iter_corpus(source)]
        assert [c.to_dict() for c in cablelib.iter_corpus(source, jobs=2)] == serial
        units = list(corpus._units(str(source)))
        items = [item for unit_kind, chunk in units if unit_kind == "rows" for item in chunk]
        members = [item for item in items if isinstance(item, ArchiveMember)]
        assert [m.name for m in members] == [f"{source}/{name}" for name in (
            "cables/06PHNOMPENH2131.txt", "cables/06ANKARA4688.html", "cables/cables_sample.csv",
            "inner.zip", "cut.txt.gz")][:len(members)]
        assert members and len(members) + (source == cut) == len(items)  # a cut one ends: unwrap-failed
        assert pickle.loads(pickle.dumps(members[0])).data == members[0].data
    assert "unwrap-failed" in [d["code"] for c in serial for d in c["diagnostics"]]  # the cut archive's
    assert [d.code for c in cablelib.iter_corpus(path) for d in c.diagnostics if d.code != "decode-fallback"] == [
        "nested-archive", "unreadable"]
