"""CableTransformer: one method per rule of ``grammars/envelope.lark``.

The transformer runs *inline* (``Lark(..., transformer=CableTransformer())``),
so no parse tree is built: each callback receives the tokens and the values
its sub-rules returned, and returns model objects (or, for the few values that
need the whole cable — the year for REF items, the cable's own id — small
intermediate records that :mod:`cablelib.assemble` finishes).

Callbacks are pure: the transformer instance is shared by every parse that
uses its parser, so it keeps no per-parse state.  Methods appear in grammar
order.  A rule without a method would leak a ``lark.Tree``; the test suite
checks that every rule of every variant grammar has one.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from typing import Any

import attrs
from lark import Token, Transformer, v_args

from .body_lexer import REST as BODY_REST
from .body_lexer import BodyLexer, LexedToken, end_of
from .fields import body as fbody
from .fields import caption as fcap
from .fields import dates as fdates
from .fields import envelope as fenv
from .section_headers import SECTION_HEADER, split_section_headers
from .model import (
    Artefact,
    Caption,
    ClassificationLine,
    ClassifiedBy,
    ExecutiveOrder,
    Paragraph,
    Recipient,
    Span,
    SubjectLine,
    TagsLine,
    attrs_style_repr,
    make_artefact,
    make_paragraph,
    make_recipient,
    make_span,
)

__all__ = ["CableTransformer", "Parsed", "RefBlock", "span_of", "join_spans", "artefact"]


def span_of(token: Token) -> Span:
    """The :class:`Span` of one token."""
    return make_span(token.start_pos, token.end_pos, token.line, token.column)


_ARTEFACT_KINDS = {
    "PARTIAL_NOTICE": "notice", "MEDIA_DATE": "notice", "CABLE_DATED": "notice",
    "INBOX_LINE": "notice", "PRINT_HEADER": "notice", "DISTRIBUTION": "distribution", "CCY_LINE": "ccy",
    "CORRECTED_NOTICE": "corrected", "PAGE_LINE": "page-break", "REF_PAGE_LINE": "page-break",
    "ADDRESS_PAGE_LINE": "page-break",
    "HEADING": "heading", "CAPTION_COPY": "caption-copy", SECTION_HEADER: "section-header",
    "RECORD": "record", "DECLASSIFIED_NOTE": "declassification", "MAIL_HEADER": "notice",
    "MEDIA_META": "notice", "ADDRESS_FRAGMENT": "notice",
    "SIGNATURE": "signature",
}


def artefact(token: Token) -> Artefact:
    """An :class:`Artefact` for a layout token, its kind named by the token type."""
    return make_artefact(_ARTEFACT_KINDS.get(token.type) or token.type.lower(), token.value.strip(), span_of(token))


def lexed_artefact(token: LexedToken) -> Artefact:
    """:func:`artefact` of a lexed token (:data:`cablelib.body_lexer.LexedToken`)."""
    kind, value, start, end, line, column = token
    return make_artefact(_ARTEFACT_KINDS.get(kind) or kind.lower(), value.strip(), make_span(start, end, line, column))


def join_spans(first: Span | None, last: Span | None) -> Span | None:
    """The span covering both ``first`` and ``last``.

    Usually ``first`` comes first, but not always: a fragment may put the
    envelope head (``VZCZC``) after its date-time group, so the cover is taken
    from whichever starts earlier (found by the atheris harness).
    """
    if first is None:
        return last
    if last is None:
        return first
    if last.start < first.start:
        first, last = last, first
    return make_span(first.start, max(first.end, last.end), first.line, first.column)


@attrs.frozen(repr=False)  # repr: cablelib.model.attrs_style_repr
class RefBlock:
    """A REF list as written: its pieces of text with their spans.

    Items become :class:`~cablelib.model.Reference` objects in
    :mod:`cablelib.assemble`, which knows the cable's year and own id.
    """

    pieces: tuple[tuple[str, Span], ...]
    span: Span
    pages: tuple[Artefact, ...] = ()
    __repr__ = attrs_style_repr


@attrs.frozen(repr=False)  # repr: cablelib.model.attrs_style_repr
class Parsed:
    """What the grammar found, before wrapper metadata and cross-field rules."""

    artefacts: tuple[Artefact, ...] = ()
    envelope: dict[str, Any] = attrs.Factory(dict)
    addressing: dict[str, Any] = attrs.Factory(dict)
    captions: tuple[Caption, ...] = ()
    ref_blocks: tuple[tuple[RefBlock, ...], ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    signers: tuple[str, ...] = ()
    __repr__ = attrs_style_repr


@attrs.frozen(repr=False)  # repr: cablelib.model.attrs_style_repr
class _Exclusion:
    """An XMT line's name, with the line's span (for the address list's extent)."""

    name: str
    span: Span
    __repr__ = attrs_style_repr


def _apply_xmt(values: dict[str, Any], name: str, entries: list[tuple[str, Any]]) -> None:
    """Add an address list's recipients, attaching XMT exemptions.

    An ``XMT`` line excludes posts from the collective it follows — the last
    recipient named COLLECTIVE in the TO or INFO lists so far, else the last
    recipient.  Bare name lines right after an XMT line (no routing
    indicator, precedence or serial) continue the exemption list
    (5 FAH-2 H-321.9; 08STATE116943).
    """
    in_xmt = False
    for kind, value in entries:
        if kind == "xmt" or (in_xmt and value.route is None and value.precedence is None
                             and value.serial is None):
            excluded = value.name
            in_xmt = True
            for list_name in (name, "to") if name == "info" else (name,):
                target = values[list_name]
                for i in range(len(target) - 1, -1, -1):
                    if "COLLECTIVE" in target[i].name:
                        if excluded not in target[i].excluded:
                            target[i] = attrs.evolve(target[i], excluded=(*target[i].excluded, excluded))
                        break
                else:
                    continue
                break
            else:
                own = values[name] or values["to"]
                if own:
                    own[-1] = attrs.evolve(own[-1], excluded=(*own[-1].excluded, excluded))
            continue
        in_xmt = False
        values[name].append(value)


def _completes(first: dict[str, Any], more: dict[str, Any]) -> bool:
    """Whether a second FM/TO/INFO block supplies a field the first lacks.

    Such a block is the rest of the envelope, not a copy of it: a receiving
    printout's DTG line comes first and its FM/TO/INFO after the distribution
    block (00HARARE6677), and a pasted header can give FM before the DTG.  Its
    span then joins the envelope's, so that every envelope value lies inside
    ``Envelope.span``.  A block that only repeats fields (a database dump's
    second header) is an ``envelope-copy`` artefact.
    """
    return any(more.get(name) and not first.get(name) for name in ("dtg", "sender", "to", "info"))


def _merge_addressing(into: dict[str, Any], more: dict[str, Any]) -> None:
    """Fold a second FM/TO/INFO block into the first.

    A receiving-side printout gives the DTG first and FM/TO/INFO after its
    distribution block; a database dump repeats the whole block.  Fields the
    first block lacks are taken from the second; a repeated address list is
    not added twice.
    """
    for name, value in more.items():
        if name in ("to", "info"):
            if not into.get(name):
                into[name] = list(value)
        elif name == "span":
            into["span"] = join_spans(into.get("span"), value)
        else:
            into.setdefault(name, value)


@v_args(inline=True)
class CableTransformer(Transformer):
    """Builds model objects from ``envelope.lark`` rules, inline during the parse."""

    # ------------------------------------------------------------ start

    def start(self, *parts: Any) -> Parsed:
        artefacts: list[Artefact] = []
        envelope: dict[str, Any] = {}
        addressing: dict[str, Any] = {}
        captions: list[Caption] = []
        ref_blocks: list[tuple[RefBlock, ...]] = []
        body: dict[str, Any] = {}
        for kind, value in parts:
            if kind == "notice":
                artefacts.append(value)
            elif kind == "envelope":
                artefacts.extend(value.pop("artefacts"))
                if envelope and value.get("span") is not None:
                    # A repeated envelope fills gaps only; its text is kept as an artefact.
                    artefacts.append(Artefact("envelope-copy", "", span=value["span"]))
                for name, field in value.items():
                    envelope.setdefault(name, field)
            elif kind == "addressing":
                artefacts.extend(value.pop("artefacts"))
                if addressing and value.get("span") is not None and not _completes(addressing, value):
                    artefacts.append(Artefact("envelope-copy", "", span=value["span"]))
                    value["span"] = None
                _merge_addressing(addressing, value)
            elif kind == "captions":
                for caption, refs, found in value:
                    captions.append(caption)
                    ref_blocks.append(refs)
                    artefacts.extend(found)
            elif kind == "body":
                body = value
                artefacts.extend(value["artefacts"])
        artefacts.sort(key=lambda a: a.span.start if a.span else 0)
        return Parsed(
            artefacts=tuple(artefacts),
            envelope=envelope,
            addressing=addressing,
            captions=tuple(captions),
            ref_blocks=tuple(ref_blocks),
            paragraphs=body.get("paragraphs", ()),
            signers=body.get("signers", ()),
        )

    # ------------------------------------------------------------ notices

    def notice(self, token: Token) -> tuple[str, Any]:
        return "notice", artefact(token)

    def address_fragment(self, token: Token) -> tuple[str, Any]:
        return "notice", artefact(token)

    # ------------------------------------------------------------ envelope

    def envelope_head(self, *fields: tuple[str, Any, Span]) -> tuple[str, Any]:
        values: dict[str, Any] = {name: value for name, value, _ in fields if name != "ccy"}
        values["artefacts"] = [value for name, value, _ in fields if name == "ccy"]
        values["span"] = join_spans(fields[0][2], fields[-1][2])
        return "envelope", values

    def transmission(self, token: Token) -> tuple[str, Any, Span]:
        return "transmission_id", token.value.strip(), span_of(token)

    def routing(self, token: Token) -> tuple[str, Any, Span]:
        return "routing", fenv.split_routing(token.value), span_of(token)

    def station(self, token: Token) -> tuple[str, Any, Span]:
        return "station", fenv.split_station(token.value), span_of(token)

    def security(self, token: Token) -> tuple[str, Any, Span]:
        return "security", fenv.squeeze(token.value), span_of(token)

    def ccy(self, token: Token) -> tuple[str, Any, Span]:
        return "ccy", artefact(token), span_of(token)

    def addressing(self, *fields: tuple[str, Any, Span]) -> tuple[str, Any]:
        values: dict[str, Any] = {"to": [], "info": [], "artefacts": []}
        for name, value, _span in fields:
            if name in ("to", "info"):
                entries, pages = value
                values["artefacts"].extend(pages)
                _apply_xmt(values, name, entries)
            else:
                values[name] = value
        values["span"] = join_spans(fields[0][2], fields[-1][2])
        return "addressing", values

    def dtg(self, token: Token) -> tuple[str, Any, Span]:
        span = span_of(token)
        return "dtg", (fenv.split_dtg_line(token.value), span), span

    def from_line(self, token: Token) -> tuple[str, Any, Span]:
        text = token.value
        value = text[5:] if text.startswith("From:") else text[2:]
        return "sender", fenv.squeeze(value), span_of(token)

    def _address_list(self, keyword: str, head: Token, items: tuple[Any, ...]) -> tuple[list[tuple[str, Any]], list[Artefact]]:
        entries: list[tuple[str, Any]] = []
        pages: list[Artefact] = []
        first = head.value[len(keyword):].strip()
        if first:
            entries.append(("recipient", self._recipient(first, span_of(head))))
        for kind, value in items:
            if kind == "page":
                pages.append(value)
            else:
                entries.append((kind, value))
        return entries, pages

    @staticmethod
    def _list_span(head: Token, items: tuple[Any, ...]) -> Span | None:
        """From the TO/INFO line to the end of the list's last line."""
        first = last = span_of(head)
        for _kind, value in items:
            span = getattr(value, "span", None)
            if span is not None and span.end > last.end:
                last = span
        return join_spans(first, last)

    def to_list(self, head: Token, *items: Any) -> tuple[str, Any, Span]:
        return "to", self._address_list("TO", head, items), self._list_span(head, items)

    def info_list(self, head: Token, *items: Any) -> tuple[str, Any, Span]:
        return "info", self._address_list("INFO", head, items), self._list_span(head, items)

    @staticmethod
    def _recipient(text: str, span: Span) -> Recipient:
        route, name, precedence, serial = fenv.split_recipient(text)
        return make_recipient(route, name, precedence, serial, span)

    def recipient(self, token: Token) -> tuple[str, Any]:
        return "recipient", self._recipient(token.value, span_of(token))

    def xmt(self, token: Token) -> tuple[str, Any]:
        return "xmt", _Exclusion(fenv.squeeze(token.value[3:].lstrip(" \t/")), span_of(token))

    def address_page(self, token: Token) -> tuple[str, Any]:
        return "page", artefact(token)

    # ------------------------------------------------------------ caption

    _CaptionResult = tuple[Caption, tuple[RefBlock, ...], tuple[Artefact, ...]]

    def captions(self, *blocks: _CaptionResult) -> tuple[str, Any]:
        return "captions", blocks

    def loose_caption(self, *items: tuple[str, Any, Span]) -> _CaptionResult:
        return self._caption(None, items)

    def caption(self, line: tuple[str, Any, Span], *items: tuple[str, Any, Span]) -> _CaptionResult:
        return self._caption(line, items)

    @staticmethod
    def _caption(line: tuple[str, Any, Span] | None, items: tuple[tuple[str, Any, Span], ...]) -> _CaptionResult:
        fields: dict[str, Any] = {}
        caveats: list[str] = []
        attention: list[str] = []
        refs: list[RefBlock] = []
        found: list[Artefact] = []
        spans = [s for _, _, s in items]
        if line is not None:
            fields["classification_line"] = line[1]
            spans.insert(0, line[2])
        for name, value, _span in items:
            if name == "caveats":
                caveats.extend(c for c in value if c not in caveats)
            elif name == "attention":
                attention.append(value)
            elif name == "references":
                refs.append(value)
                found.extend(value.pages)
            elif name == "artefact":
                found.append(value)
            elif name == "classified_by" and name in fields and not (fields[name].names or fields[name].reasons):
                fields[name] = value  # "Classified By: Classified by X ...": the keyword twice
            else:
                fields.setdefault(name, value)
        caption = Caption(
            caveats=tuple(caveats),
            attention=tuple(attention),
            span=join_spans(spans[0], spans[-1]) if spans else None,
            **fields,
        )
        return caption, tuple(refs), tuple(found)

    def classification_line(self, token: Token) -> tuple[str, Any, Span]:
        span = span_of(token)
        parts = fcap.split_classification_line(token.value)
        return "classification_line", ClassificationLine(raw=fenv.squeeze(token.value), span=span, **parts), span

    def caveats(self, token: Token) -> tuple[str, Any, Span]:
        return "caveats", fcap.split_caveats(token.value), span_of(token)

    def attention(self, token: Token) -> tuple[str, Any, Span]:
        return "attention", fenv.squeeze(token.value), span_of(token)

    def executive_order(self, token: Token) -> tuple[str, Any, Span]:
        span = span_of(token)
        order, instruction = fcap.split_executive_order(token.value)
        # A date that does not depend on the cable's year is read now; assembly reads the rest.
        date = fdates.decl_date_of_any_year(instruction) if instruction else None
        node = ExecutiveOrder(order, date, instruction, raw=fenv.squeeze(token.value), span=span)
        return "executive_order", node, span

    def tags(self, token: Token) -> tuple[str, Any, Span]:
        span = span_of(token)
        value = fcap.strip_keyword(token.value, fcap.TAGS_KEYWORD)
        return "tags", TagsLine(fcap.split_tags(value), raw=token.value.strip(), span=span), span

    def subject(self, token: Token) -> tuple[str, Any, Span]:
        span = span_of(token)
        raw, clean, marking = fcap.split_subject(fcap.strip_keyword(token.value, fcap.SUBJECT_KEYWORD))
        return "subject", SubjectLine(clean, raw, marking, span=span), span

    def ref_list(self, head: Token, *items: Any) -> tuple[str, Any, Span]:
        pieces = [(head.value, span_of(head))]
        pages: list[Artefact] = []
        for item in items:
            if not isinstance(item, tuple):  # a token (lark's or lark-cython's)
                pieces.append((item.value, span_of(item)))
            else:  # a caption_page inside the list
                pages.append(item[1])
        span = join_spans(pieces[0][1], pieces[-1][1])
        assert span is not None
        return "references", RefBlock(tuple(pieces), span, tuple(pages)), span

    def classified_by(self, token: Token) -> tuple[str, Any, Span]:
        span = span_of(token)
        value = fcap.strip_keyword(token.value, fcap.CLASSIFIED_BY_KEYWORD)
        names, title, reasons = fcap.split_classified_by(value)
        node = ClassifiedBy(names, title, reasons, raw=fenv.squeeze(token.value), span=span)
        return "classified_by", node, span

    def caption_page(self, token: Token) -> tuple[str, Any, Span]:
        return "artefact", artefact(token), span_of(token)

    def ref_page(self, token: Token) -> tuple[str, Any, Span]:
        return "artefact", artefact(token), span_of(token)

    def corrected(self, token: Token) -> tuple[str, Any, Span]:
        return "artefact", artefact(token), span_of(token)

    def declassification(self, token: Token) -> tuple[str, Any, Span]:
        return "artefact", artefact(token), span_of(token)

    def caption_note(self, token: Token) -> tuple[str, Any, Span]:
        return "attention", fenv.squeeze(token.value), span_of(token)

    # ------------------------------------------------------------ body

    body_lexer: BodyLexer | None = None
    """What lexes a ``BODY_REST`` token; set by :func:`cablelib.body_lexer.give_lexer`."""

    def body(self, *items: Any) -> tuple[str, Any]:
        # The coarse road (envelope.lark): the first item's token and BODY_REST.
        rest = items[-1]
        if rest.__class__ is not tuple and rest.type == BODY_REST:
            if not _reads_body_alone(type(self)):
                # A subclass reads paragraphs, headings or the body its own way:
                # it gets the fine road's values.
                return self.body(*self.fine_body_items(items[0], rest))  # type: ignore[no-any-return]
            runs, found, signers = self._coarse_body(items[0], rest)
        else:
            runs, found, signers = self._fine_body(items)
        headings: list[fbody.Chunk] = []
        paragraphs = tuple(
            make_paragraph(p["number"], p["marking"], p["heading"], p["text"],
                           make_span(p["start"], p["end"], p["line"], p["column"]))
            for p in fbody.segment(runs, headings)
        )
        # Headings found in the prose (title lines, headings run onto a line's end),
        # and the rest of an underline that a page break cut.
        found.extend(make_artefact("underline" if kind == "UNDERLINE" else "heading", text,
                                   make_span(start, end, line, column))
                     for kind, text, start, end, line, column in headings)
        return "body", {"paragraphs": paragraphs, "signers": signers, "artefacts": found}

    @staticmethod
    def _fine_body(items: tuple[Any, ...]) -> tuple[list[list[fbody.Chunk]], list[Artefact], tuple[str, ...]]:
        """Paragraph runs, artefacts and signers from the fine road's values."""
        runs: list[list[fbody.Chunk]] = []
        found: list[Artefact] = []
        signers: tuple[str, ...] = ()
        for item in items:
            if not isinstance(item, tuple):  # a PAGE_LINE token between paragraphs
                found.append(artefact(item))
            elif item[0] == "heading":
                title, art = item[1], item[2]
                runs.append([("HEADING", title, art.span.start, art.span.end, art.span.line, art.span.column)])
                found.append(art)
            elif item[0] == "paragraph":
                runs.append(item[1])
                found.extend(item[2])
            elif item[0] == "signature":
                signers = item[1]
                found.append(item[2])
        return runs, found, signers

    def _body_groups(self, head: Token, rest: Token) -> list[Any]:
        """The body's tokens (the first item's and ``rest`` lexed) grouped as the fine rules
        group them: a list of tokens for each ``paragraph`` (``PARA``, or ``TEXT`` where none
        is open, then ``TEXT`` and ``PAGE_LINE``), a lone token for a heading, the signature
        and a ``PAGE_LINE`` between paragraphs.  Tokens are :data:`LexedToken` tuples."""
        lexer = self.body_lexer
        if lexer is None:  # pragma: no cover - the parse loop makes BODY_REST only after giving it one
            raise RuntimeError("a BODY_REST token reached a CableTransformer without a body lexer")
        groups: list[Any] = []
        paragraph: list[LexedToken] | None = None
        for token in [lexed(head), *lexer.lex(rest.value, rest.start_pos, rest.line, rest.column)]:
            kind = token[0]
            if kind == "PARA" or (kind == "TEXT" and paragraph is None):
                paragraph = [token]
                groups.append(paragraph)
            elif paragraph is not None and (kind == "TEXT" or kind == "PAGE_LINE"):
                paragraph.append(token)
            else:  # HEADING, SIGNATURE, or a PAGE_LINE after a heading
                if kind != "PAGE_LINE":
                    paragraph = None
                groups.append(token)
        return groups

    def _coarse_body(self, head: Token, rest: Token) -> tuple[list[list[fbody.Chunk]], list[Artefact],
                                                              tuple[str, ...]]:
        """What :meth:`_fine_body` gives for the fine road's values of the same text: what
        ``paragraph``, ``heading`` and ``signature`` make of :meth:`_body_groups`, made
        here from the tuples, without token objects."""
        runs: list[list[fbody.Chunk]] = []
        found: list[Artefact] = []
        signers: tuple[str, ...] = ()
        for group in self._body_groups(head, rest):
            if group.__class__ is list:
                run, artefacts = _paragraph_run(group)
                runs.append(run)
                found.extend(artefacts)
                continue
            kind, value, start, end, line, column = group
            if kind == "HEADING":
                runs.append([("HEADING", fbody.heading_text(value), start, end, line, column)])
            elif kind == "SIGNATURE":  # which ends the text
                signers = fbody.split_signers(value)
            found.append(lexed_artefact(group))  # and a PAGE_LINE between paragraphs
        return runs, found, signers

    def fine_body_items(self, head: Token, rest: Token) -> list[Any]:
        """The values the fine road's rules give ``body`` for the same text: this
        transformer's ``paragraph``, ``heading`` and ``signature`` of the tokens,
        and the ``PAGE_LINE`` tokens between paragraphs."""
        def token(lexed: LexedToken) -> Token:
            kind, value, start, end, line, column = lexed
            end_line, end_column = end_of(line, column, value)
            return Token(kind, value, start, line, column, end_line, end_column, end)

        items: list[Any] = []
        for group in self._body_groups(head, rest):
            if group.__class__ is list:
                items.append(self.paragraph(*map(token, group)))
            elif group[0] == "HEADING":
                items.append(self.heading(token(group)))
            elif group[0] == "SIGNATURE":
                items.append(self.signature(token(group)))
            else:
                items.append(token(group))
        return items

    def paragraph(self, *tokens: Token) -> tuple[str, Any, list[Artefact]]:
        chunks, found = _paragraph_run(map(lexed, tokens))
        return "paragraph", chunks, found

    def heading(self, token: Token) -> tuple[str, Any, Artefact]:
        return "heading", fbody.heading_text(token.value), artefact(token)

    def signature(self, token: Token) -> tuple[str, Any, Artefact]:
        return "signature", fbody.split_signers(token.value), artefact(token)


def lexed(token: Token) -> LexedToken:
    """A token as the body lexer gives its tokens (:data:`cablelib.body_lexer.LexedToken`)."""
    return token.type, token.value, token.start_pos, token.end_pos, token.line, token.column


def _paragraph_run(tokens: Iterable[LexedToken]) -> tuple[list[fbody.Chunk], list[Artefact]]:
    """A paragraph's chunks, as :func:`cablelib.fields.body.segment` reads them, and the
    artefacts among them: its page-break lines, and a TEXT run onto it that is a copy of
    the caption.  What ``paragraph`` makes on both of the body's roads."""
    chunks: list[fbody.Chunk] = []
    found: list[Artefact] = []
    has_section = False
    for index, token in enumerate(tokens):
        kind = token[0]
        if kind == "TEXT" and index > 0 and fbody.is_caption_copy(token[1]):
            # Run onto a paragraph (08USNATO290).  Opening a run of its own,
            # the same line may be a caption the grammar could not place: that
            # stays prose (tests/test_body.py).
            token = ("CAPTION_COPY", *token[1:])
            kind = "CAPTION_COPY"
        elif kind == "TEXT" and "SECTION" in token[1]:
            has_section = True
        if kind == "PAGE_LINE" or kind == "CAPTION_COPY":
            found.append(lexed_artefact(token))
        chunks.append(token)  # a lexed token is a chunk
    if has_section:  # a later section's header, repeated in a printout (cablelib.section_headers)
        chunks = split_section_headers(chunks)
        found = [lexed_artefact(chunk) for chunk in chunks
                 if chunk[0] == "PAGE_LINE" or chunk[0] == "CAPTION_COPY" or chunk[0] == SECTION_HEADER]
    return chunks, found


_READS_BODY_ALONE: dict[type, bool] = {}


def _reads_body_alone(cls: type) -> bool:
    """Whether ``cls`` has CableTransformer's own body methods, which the coarse road
    stands in for; a subclass with its own gets the fine road's values instead."""
    found = _READS_BODY_ALONE.get(cls)
    if found is None:
        found = _READS_BODY_ALONE[cls] = all(
            _function(cls, name) is _function(CableTransformer, name) for name in ("body", "paragraph", "heading", "signature"))
    return found


def _function(cls: type, name: str) -> Any:
    """The function behind method ``name`` of ``cls``, under Lark's ``v_args`` wrappers
    (which a decorated subclass puts around every method it inherits, too)."""
    found = inspect.getattr_static(cls, name)
    while hasattr(found, "base_func"):
        found = found.base_func
    return found
