"""Cable pages of cablegate.wikileaks.org, and bare ``<code><pre>`` fragments of them.

A page holds, near its end:

* an ``<h3>Viewing cable <ID>, <SUBJECT></h3>`` title;
* the metadata table ``<table class='cable'>``: Reference ID, Created,
  Released, Classification, Origin (first-release pages have four columns:
  no Released, and ``Date`` instead of ``Created``);
* two ``<code><pre>`` blocks: the header box (the envelope) and the body.
  Line breaks in them are written ``&#x000A;``, TAGS are links, and each
  paragraph starts with a pilcrow anchor ``<a id='parN' href='#parN'>¶</a>``.

The cable text is rebuilt, not copied: ``header + "\\n\\n" + body``, with
entities decoded, link text kept (``PGOV``) and the pilcrow anchors dropped.
Offsets in the result therefore refer to the rebuilt text, not to the page.

Why the stdlib :class:`html.parser.HTMLParser` and not regexes: the pages come
from five snapshots of the site with different templates (HTTrack comments,
relative links, an extra "Appears in these articles" row) and only a parser
copes with all of them without special cases.  To keep it fast enough for
the whole corpus the parser is fed only the ``<h3>`` title and the page from
the metadata table on; the 60 KB of navigation and help text before them is
skipped with a plain ``str.find``.

Two repairs are made before parsing, because the site wrote text that is
not well-formed:

* bare ampersands (``AT&T``, ``&Byzantine``) are escaped, so that only
  complete references ending in ``;`` are decoded - otherwise HTML5's legacy
  rules would turn ``&not`` or ``&para`` into ``¬`` and ``¶``;
* tags inside a ``<pre>`` other than links are HTML that was already in the
  cable's database text: ``<br>`` tags are dropped (a real line break follows
  each of them) and any other tag is kept as literal text, with an
  ``html-in-text`` diagnostic either way.
"""

from __future__ import annotations

import re
from cablelib.model import Diagnostic, Wrapper

from .. import module_patterns
from .dates import wrapper_date
from .unwrapped import Unwrapped

__all__ = ["CONTAINER", "sniff", "unwrap_cablegate_html"]

CONTAINER = "cablegate-html"

_START = module_patterns.compile(
    r"\s*<(?:\?xml|!doctype|!--|html|head|body|code|pre|div|span|p|table|meta|title|h[1-6])\b",
    re.IGNORECASE,
)

_TITLE = module_patterns.compile(r"\s*Viewing cable\s+(\S+?),?(?:\s+(.*?))?\s*\Z", re.DOTALL)

# Column label -> Wrapper field.
_COLUMNS = {
    "reference id": "reference_id",
    "reference": "reference_id",
    "identifier": "reference_id",
    "created": "created",
    "date": "created",
    "released": "released",
    "classification": "classification",
    "origin": "origin",
}
_POSITIONAL = {
    5: ("reference_id", "created", "released", "classification", "origin"),
    4: ("reference_id", "created", "classification", "origin"),
}



def sniff(head: str) -> bool:
    """True if the text starts with markup that a cable page or fragment starts with."""
    return _START.match(head) is not None


def _metadata(rows: list[tuple[list[str], bool]]) -> dict[str, str]:
    header: list[str] | None = None
    for cells, all_th in rows:
        if all_th and cells:
            header = [c.lower().rstrip(":") for c in cells]
            continue
        if header is not None and len(cells) == len(header):
            return {_COLUMNS[h]: v for h, v in zip(header, cells) if h in _COLUMNS}
        if header is None and len(cells) in _POSITIONAL:
            return dict(zip(_POSITIONAL[len(cells)], cells))
    return {}


def unwrap_cablegate_html(text: str, name: str | None = None) -> Unwrapped:
    """Read the metadata table and rebuild the cable text from the ``<pre>`` blocks."""
    from .cablegate_page import parse_page  # here: html.parser is ~2 ms of every fresh process

    diagnostics: list[Diagnostic] = []
    parser = parse_page(text)

    meta = _metadata(parser.rows)
    title_id = subject = None
    for title in parser.titles:
        m = _TITLE.match(title)
        if m:
            title_id, subject = m.group(1), (m.group(2) or None)
            break

    created = wrapper_date(meta.get("created"), "Created", diagnostics)
    released = wrapper_date(meta.get("released"), "Released", diagnostics)
    wrapper = Wrapper(
        container=CONTAINER,
        reference_id=meta.get("reference_id") or title_id,
        created=created,
        released=released,
        classification=meta.get("classification") or None,
        origin=meta.get("origin") or None,
        subject=subject,
        tags=tuple(dict.fromkeys(parser.tags)),
    )

    pres = parser.pres
    if not pres:
        diagnostics.append(Diagnostic(
            "not-a-cable-page", "the HTML holds no <pre> block with cable text"))
        body = ""
    elif len(pres) == 1:
        body = pres[0]  # a fragment: the body block only
    else:
        body = pres[0] + "\n\n" + "\n\n".join(pres[1:])
        if len(pres) > 2:
            diagnostics.append(Diagnostic(
                "extra-pre-block",
                f"the page has {len(pres)} <pre> blocks; blocks 2-{len(pres)} were joined"))
    if parser.unclosed_pre:
        diagnostics.append(Diagnostic(
            "unclosed-pre", "the last <pre> block is not closed; the text may be cut"))
    if parser.dropped_br or parser.kept_markup:
        parts = []
        if parser.dropped_br:
            parts.append(f"dropped {parser.dropped_br} <br> tag(s)")
        if parser.kept_markup:
            shown = ", ".join(dict.fromkeys(parser.kept_markup))
            parts.append(f"kept {len(parser.kept_markup)} other tag(s) as text: {shown}")
        diagnostics.append(Diagnostic(
            "html-in-text", "the cable text contains HTML markup: " + "; ".join(parts)))
    return Unwrapped(text=body, wrapper=wrapper, diagnostics=tuple(diagnostics), name=name)
