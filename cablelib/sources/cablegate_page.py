"""Reading a cable page of cablegate.wikileaks.org: the title, the metadata table, the ``<pre>`` blocks.

:mod:`cablelib.sources.cablegate_html` decides that a text is such a page
(or a bare ``<code><pre>`` fragment) and builds the cable from what this
module reads; it imports this module only when a page comes, because
:mod:`html.parser` costs ~2 ms of every fresh process that never sees one.

Why the stdlib :class:`html.parser.HTMLParser` and not regexes, and the two
repairs made before parsing, are told in :mod:`cablelib.sources.cablegate_html`.
The fast roads below read what is simple (``<pre>`` blocks of text and
links, the tail of the page, plain markup) without ``HTMLParser``'s
tokenizer; ``tests/test_sources.py`` checks that they read every real page
and generated markup exactly as ``HTMLParser`` alone does.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from .. import module_patterns
from ._text import clean

__all__ = ["parse_page"]

# An '&' that does not start a complete, ';'-terminated character reference.
_BARE_AMP = module_patterns.compile(
    r"&(?!(?:[A-Za-z][A-Za-z0-9]{0,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});)"
)


_TABLE_MARKERS = ("<table class='cable'", '<table class="cable"')
_TITLE_MARKER = "<h3>Viewing cable"


class _CablePageParser(HTMLParser):
    """Collects the title, the metadata table and the ``<pre>`` blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.titles: list[str] = []
        self.rows: list[tuple[list[str], bool]] = []  # (cells, all cells are <th>)
        self.pres: list[str] = []
        self.tags: list[str] = []
        self.dropped_br = 0
        self.kept_markup: list[str] = []
        self.unclosed_pre = False
        self._title: list[str] | None = None
        self._table_depth = 0
        self._row: list[str] | None = None
        self._row_all_th = True
        self._cell: list[str] | None = None
        self._pre: list[str] | None = None
        self._in_pilcrow = False
        self._link_href: str | None = None
        self._link_text: list[str] = []

    # -- tags ---------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._pre is not None:
            self._pre_starttag(tag, attrs)
        elif tag == "pre":
            self._pre = []
        elif tag == "table":
            if self._table_depth or any(
                k == "class" and v and "cable" in v.split() for k, v in attrs
            ):
                self._table_depth += 1
        elif self._table_depth:
            if tag == "tr":
                self._row, self._row_all_th = [], True
            elif tag in ("td", "th") and self._row is not None:
                self._cell = []
                self._row_all_th = self._row_all_th and tag == "th"
        elif tag == "h3":
            self._title = []

    def _pre_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            a = dict(attrs)
            ident, href = a.get("id") or "", a.get("href") or ""
            if ident.startswith("par") or href.startswith("#par"):
                self._in_pilcrow = True
            else:
                self._link_href, self._link_text = href, []
        elif tag == "br":
            self.dropped_br += 1
        else:
            raw = self.get_starttag_text() or f"<{tag}>"
            self.kept_markup.append(raw)
            self._pre.append(raw)  # type: ignore[union-attr]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._pre is not None and tag not in ("a", "br"):
            raw = self.get_starttag_text() or f"<{tag}/>"
            self.kept_markup.append(raw)
            self._pre.append(raw)
        elif self._pre is not None and tag == "br":
            self.dropped_br += 1
        # An empty <a/> or <td/> carries no text: nothing to record.

    def handle_endtag(self, tag: str) -> None:
        if self._pre is not None:
            if tag == "pre":
                self.pres.append("".join(self._pre))
                self._pre = None
                self._in_pilcrow = False
                self._link_href = None
            elif tag == "a":
                if self._in_pilcrow:
                    self._in_pilcrow = False
                elif self._link_href is not None:
                    if "/tag/" in self._link_href or self._link_href.startswith("tag/"):
                        tag_text = "".join(self._link_text).strip()
                        if tag_text:
                            self.tags.append(tag_text)
                    self._link_href = None
            elif tag == "br":
                self.dropped_br += 1
            else:
                self.kept_markup.append(f"</{tag}>")
                self._pre.append(f"</{tag}>")
        elif self._table_depth:
            if tag in ("td", "th") and self._cell is not None and self._row is not None:
                self._row.append(clean("".join(self._cell)))
                self._cell = None
            elif tag == "tr" and self._row is not None:
                self.rows.append((self._row, self._row_all_th))
                self._row = None
            elif tag == "table":
                self._table_depth -= 1
        elif tag == "h3" and self._title is not None:
            self.titles.append(clean("".join(self._title)))
            self._title = None

    # -- text ---------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        if self._pre is not None:
            if self._in_pilcrow:
                data = data.replace("\u00b6", "")
                if not data:
                    return
            elif self._link_href is not None:
                self._link_text.append(data)
            self._pre.append(data)
        elif self._cell is not None:
            self._cell.append(data)
        elif self._title is not None:
            self._title.append(data)

    def close(self) -> None:
        super().close()
        if self._pre is not None:
            self.pres.append("".join(self._pre))
            self._pre = None
            self.unclosed_pre = True


def _regions(text: str) -> list[str]:
    """The parts of a page worth parsing: the ``<h3>`` title, and the table onwards.

    Skipping the navigation and help text (about 60 KB and 40 tags before the
    table) halves the parsing time.  Fragments and unknown pages are parsed
    whole.
    """
    table = text.find(_TABLE_MARKERS[0])
    if table < 0:
        table = text.find(_TABLE_MARKERS[1])
    if table < 0:
        title = text.find(_TITLE_MARKER)
        return [text[title:] if title >= 0 else text]
    parts = []
    title = text.rfind(_TITLE_MARKER, 0, table)
    if title >= 0:
        end = text.find("</h3>", title, table)
        if end >= 0:
            parts.append(text[title:end + len("</h3>")])
    parts.append(text[table:])
    return parts


# A line break as the pages write it inside <pre> (decoded by str.replace in
# a simple block: about 100 a page, which HTMLParser decodes with a Python call
# each), and the only tags a simple <pre> block holds: <a ...> links whose
# attribute values are quoted and hold no "<", ">" or "&", and </a>.  Each
# holds one "<" and one ">", so equal counts prove a block simple.
_LINE_BREAK_REF = "&#x000A;"
_SIMPLE_TAG = module_patterns.compile(r"<a(?:[ \t\n]+[a-z]+=(?:'[^'<>&]*'|\"[^\"<>&]*\"))*[ \t\n]*>|</a>")
_PRE_TOKEN = module_patterns.compile(r"(<a(?:[ \t\n][^>]*)?>)|(</a>)|([^<]+)")
# An attribute as simple tags write it (name='value' or name="value"); also
# read by _feed_simple, whose tags allow any HTML attribute name.
_ATTRIBUTE = module_patterns.compile(r"([a-zA-Z][a-zA-Z0-9_-]*)=(?:'([^']*)'|\"([^\"]*)\")")


def _read_simple_pre(content: str) -> tuple[str, list[str]]:
    """The text and TAGS links of a simple ``<pre>`` block, as :class:`_CablePageParser` reads them.

    ``content`` holds only text, complete references and simple link tags
    (:data:`_SIMPLE_TAG`); this walks them with the parser's own rules for a
    ``<pre>``: text decoded a run between tags at a time, a pilcrow anchor's
    text without its pilcrows, a link's text kept, and the text of a link to
    a tag page recorded as a tag.
    """
    parts: list[str] = []
    tags: list[str] = []
    in_pilcrow = False
    link_href: str | None = None
    link_text: list[str] = []
    for m in _PRE_TOKEN.finditer(content.replace(_LINE_BREAK_REF, "\n")):
        start_tag, data = m.group(1), m.group(3)
        if data is not None:
            if "&" in data:
                data = unescape(data)
            if in_pilcrow:
                data = data.replace("\u00b6", "")
                if not data:
                    continue
            elif link_href is not None:
                link_text.append(data)
            parts.append(data)
        elif start_tag is not None:
            attributes = {name: single or double for name, single, double in _ATTRIBUTE.findall(start_tag)}
            ident, href = attributes.get("id") or "", attributes.get("href") or ""
            if ident.startswith("par") or href.startswith("#par"):
                in_pilcrow = True
            else:
                link_href, link_text = href, []
        elif in_pilcrow:  # </a>
            in_pilcrow = False
        elif link_href is not None:
            if "/tag/" in link_href or link_href.startswith("tag/"):
                tag_text = "".join(link_text).strip()
                if tag_text:
                    tags.append(tag_text)
            link_href = None
    return "".join(parts), tags


def _lift_simple_pres(region: str) -> tuple[str, list[tuple[str, list[str]]]] | None:
    """``region`` with every ``<pre>`` block emptied, and each block read; ``None`` unless all are simple."""
    out: list[str] = []
    blocks: list[tuple[str, list[str]]] = []
    done = search = 0
    while True:
        start = region.find("<pre>", search)
        if start < 0:
            break
        content_start = start + len("<pre>")
        end = region.find("</pre>", content_start)
        if end < 0:
            return None
        content = region[content_start:end]
        tags = len(_SIMPLE_TAG.findall(content))
        if content.count("<") != tags or content.count(">") != tags:
            return None
        blocks.append(_read_simple_pre(content))
        out.append(region[done:content_start])
        done = search = end
    out.append(region[done:])
    return "".join(out), blocks


# What the part of a page after its last <pre> block must not hold to be
# skipped: anything the parser reads (a block, a title, the metadata table).
_READ_TAGS = module_patterns.compile(r"</?(?:pre|h3|table|tr|td|th)\b", re.IGNORECASE)


def _without_tail(region: str) -> str:
    """``region`` up to the end of its last ``<pre>`` block, if what follows holds nothing the parser reads.

    The footer, scripts and closing tags after the cable are a fifth of the
    tags of a page.  ``region`` itself when there is no block or the rest has
    a block, a title or table markup.
    """
    end = region.rfind("</pre>")
    if end < 0:
        return region
    end += len("</pre>")
    if _READ_TAGS.search(region, end) is not None:
        return region
    return region[:end]


# Markup the parser's tokenizer can be spared: text, start tags whose
# attributes are all name='value' or name="value" (no "<" or ">" inside),
# self-closing tags and end tags.  Every tag holds exactly one "<", so a text
# is all simple markup when it has as many "<" as simple tags.  Anything else
# - a comment, a declaration, a bare "<", an unquoted or valueless attribute -
# and the page goes to the parser.
_TAG = (r"<([a-zA-Z][a-zA-Z0-9]*)((?:[ \t\n\r\f]+[a-zA-Z][a-zA-Z0-9_-]*=(?:'[^'<>]*'|\"[^\"<>]*\"))*)"
        r"[ \t\n\r\f]*(/?)>|</([a-zA-Z][a-zA-Z0-9]*)[ \t\n\r\f]*>")
_SIMPLE_TAG_ANY = module_patterns.compile(_TAG)
_SIMPLE_MARKUP = module_patterns.compile(r"([^<]+)|" + _TAG)
# Elements whose content the parser reads as raw text: ("script", "style")
# in Python 3.11 (HTMLParser.CDATA_CONTENT_ELEMENTS); later versions add some
# of the others.  A page with any of them goes to the parser.
_RAW_TEXT_TAG = module_patterns.compile(
    r"<(?i:script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext"
    + "".join(f"|{re.escape(name)}" for name in HTMLParser.CDATA_CONTENT_ELEMENTS)
    + r")(?![a-zA-Z0-9])")


def _feed_simple(parser: _CablePageParser, text: str) -> bool:
    """Give ``parser`` the events of ``text`` without its tokenizer; ``False`` (and no event) unless simple.

    Why: once the ``<pre>`` blocks are lifted out, what the parser still
    reads of a page is the metadata table, the title and a few wrappers -
    some 40 tags, at several Python calls each in ``HTMLParser``'s
    tokenizer, which was most of the time left in reading a page.  When all
    of ``text`` is simple markup (see :data:`_SIMPLE_MARKUP`), its tags and
    text are handed to the parser's own ``handle_*`` methods as
    ``HTMLParser`` would hand them: tag and attribute names in lower case,
    attribute values and text with their character references decoded.
    Text may reach ``handle_data`` in other pieces than the parser's, which
    the handlers only join.
    """
    if len(_SIMPLE_TAG_ANY.findall(text)) != text.count("<") or _RAW_TEXT_TAG.search(text) is not None:
        return False
    handle_data, handle_endtag = parser.handle_data, parser.handle_endtag
    for data, start, attributes, closing, end in _SIMPLE_MARKUP.findall(text):
        if data:
            handle_data(unescape(data) if "&" in data else data)
        elif end:
            handle_endtag(end.lower())
        else:
            pairs = [(name.lower(), unescape(single or double))
                     for name, single, double in _ATTRIBUTE.findall(attributes)]
            if closing:
                parser.handle_startendtag(start.lower(), pairs)
            else:
                parser.handle_starttag(start.lower(), pairs)
    return True


def parse_page(text: str) -> _CablePageParser:
    """The page read by :class:`_CablePageParser`, its ``<pre>`` blocks read without it when they are simple.

    Why: after the table, a page is mostly its two ``<pre>`` blocks, with a
    pilcrow anchor per paragraph and a link per tag, and the parser's
    per-tag Python work was most of the time of reading a page.  When every
    ``<pre>`` block of a region is simple (:func:`_lift_simple_pres`), the
    parser is given the page with the blocks emptied, and the blocks' text
    and tags are read by :func:`_read_simple_pre`.  The parser must then
    find exactly those blocks, all empty, and nothing else in them: a block
    inside a comment, a script or an attribute, or one the parser would end
    elsewhere, breaks that, and the page is read by the parser whole.  What
    follows the last block is not parsed when it holds nothing the parser
    reads (:func:`_without_tail`): a title or a table row is only recorded
    when its end tag is read, so one left open there is lost either way.
    What is left (the title, the table, the emptied blocks: about 700
    characters and 45 tags) is handed to the parser's handlers by
    :func:`_feed_simple` when it is simple markup, and fed to the parser
    otherwise.  Reading a page: 0.65 -> 0.47 ms with the lifted blocks (the
    shared corpus's 254 pages; 247 of them take this road), then
    0.29-0.31 -> 0.22-0.24 ms with ``_feed_simple`` on a faster machine.
    tests/test_sources.py compares both roads on the repository's pages and
    on generated ones.
    """
    regions = [_BARE_AMP.sub("&amp;", region) for region in _regions(text)]
    lifted = [_lift_simple_pres(region) for region in regions]
    if all(item is not None for item in lifted):
        blocks = [block for item in lifted for block in item[1]]  # type: ignore[index]
        parser = _CablePageParser()
        rest = [item[0] for item in lifted[:-1]] + [_without_tail(lifted[-1][0])]  # type: ignore[index]
        if not _feed_simple(parser, "".join(rest)):
            for part in rest:
                parser.feed(part)
        parser.close()
        if (parser.pres == [""] * len(blocks) and not parser.tags and not parser.kept_markup
                and not parser.dropped_br and not parser.unclosed_pre):
            parser.pres = [block_text for block_text, _ in blocks]
            parser.tags = [tag for _, block_tags in blocks for tag in block_tags]
            return parser
    parser = _CablePageParser()
    for region in regions:
        parser.feed(region)
    parser.close()
    return parser
