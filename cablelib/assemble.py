"""From what the grammar found to a :class:`~cablelib.model.Cable`.

A few fields depend on the whole cable, not on one grammar rule: the year
that REF items without a year take (from the DTG, the wrapper or the
caller), two-digit DECL years, the cable's own id (to drop self-references),
and which caption copy each cable-level field comes from.  They are settled
here, once per cable, after the inline transformer has run.
"""

from __future__ import annotations

import re
from typing import Any

from . import module_patterns
from .fields import body as fbody
from .fields import dates as fdates
from .fields import references as frefs
from .fields.caption import CLASSIFIED_BY_KEYWORD, split_classified_by, strip_keyword
from .ids import _stations, canonical_id, station_key
from .inline_pages import cut_inline_pages
from .model import (Artefact, Cable, Caption, ClassifiedBy, Diagnostic, Envelope, Reference, Span, Wrapper, evolve,
                    make_span)
from .other_cables import other_cables
from .run_together import split_run_together
from .transform import Parsed, RefBlock, join_spans

__all__ = ["assemble", "sub_span"]

_REF_KEYWORD = module_patterns.compile(r"(?i)(?:PROGRAM\s+)?REF(?:S|TELS?|\(S\))?(?![A-Za-z])\s*[:.]?")


def sub_span(text: str, span: Span, start: int, end: int) -> Span:
    """The span of ``text[start:end]`` where ``text`` is the text of ``span``."""
    before = text[:start]
    newlines = before.count("\n")
    column = start - before.rfind("\n") if newlines else span.column + start
    return make_span(span.start + start, span.start + end, span.line + newlines, column)


def _first(captions: tuple[Caption, ...], name: str) -> Any:
    for caption in captions:
        value = getattr(caption, name)
        if value:
            return value
    return None


def _resolve_decl(caption: Caption, cable_year: int | None) -> Caption:
    """Fill ``declassify_on`` where the transformer could not: a two-digit DECL year
    needs the cable's year (:func:`~cablelib.fields.dates.decl_date_of_any_year`)."""
    eo = caption.executive_order
    if eo is None or eo.declassify_on is not None or not eo.instruction:
        return caption
    date = fdates.parse_decl_date(eo.instruction, cable_year)
    if date is None:
        return caption
    return evolve(caption, executive_order=evolve(eo, declassify_on=date))


# The 1990s form: "1. (U) CLASSIFIED BY ROBERT P. FINN, DEPUTY CHIEF OF
# MISSION. REASON: 1.5 (D)" or "1. CONFIDENTIAL - ENTIRE TEXT. CLASSIFIED BY: ..."
_PARA_CLASSIFIED = module_patterns.compile(
    r"^(?:(?:UNCLASSIFIED|CONFIDENTIAL|SECRET)\s*-\s*ENTIRE\s+TEXT\.?\s*)?(CLAS+I?F?I?E?D\s*BY\b.*?)"
    r"(?:(?<=\))\.|(?<=\)\.)|$)", re.IGNORECASE | re.DOTALL)


def _classified_in_paragraph(paragraph: Any) -> ClassifiedBy | None:
    m = _PARA_CLASSIFIED.match(paragraph.text)
    if m is None:
        return None
    raw = m.group(1)
    names, title, reasons = split_classified_by(strip_keyword(raw, CLASSIFIED_BY_KEYWORD))
    if not reasons:
        return None
    return ClassifiedBy(names, title, reasons, raw=raw, span=paragraph.span)


def _references(blocks: tuple[RefBlock, ...], year: int | None, own_id: str | None) -> list[Reference]:
    refs: list[Reference] = []
    for block in blocks:
        letter: str | None = None
        for index, (text, span) in enumerate(block.pieces):
            offset = 0
            if index == 0:
                value = strip_keyword(text, _REF_KEYWORD)
                offset = len(text) - len(value)
                items = list(frefs.split_items(value))
            else:
                value = text
                items = list(frefs.split_items(value, first_letter=letter or "A"))
            for letter, entry, start, _end in items:
                lead = value[start:].find(entry)
                for index, (item, sub_start) in enumerate(frefs.sub_items(entry, year)):
                    item_begin = offset + start + lead + sub_start
                    # The first part's span starts at its bullet ("B. PHNOM PENH 1646").
                    span_begin = offset + start if index == 0 else item_begin
                    item_span = sub_span(text, span, span_begin, item_begin + len(item))
                    ids = frefs.cite_ids(item, year, own_id)
                    clean = frefs.clean_item_text(item)
                    if not ids:
                        refs.append(Reference(letter, frefs.item_kind(item, False), clean, None, span=item_span))
                        continue
                    for cid in ids:
                        if cid is None or cid != own_id:
                            refs.append(Reference(letter, "cable", clean, cid, span=item_span))
    return refs


_REDACTED = module_patterns.compile(r"^X{4,}$")
_PRINT_HEADER = module_patterns.compile(
    r"^\s*[A-Z](?:\s?[A-Z])+\s{2,}(?P<post>[A-Z][A-Z .]*?)\s+(?P<serial>\d{5}|\d{8})\s*$", re.M
)


def _id_from_station_line(parsed: Parsed, year: int) -> str | None:
    """Last resort without a classification line: FM post + the DE line's serial.

    A post's DE sequence number equals its message serial in 171 of the 172
    cablegate pages of the shared corpus that show both (the other one's
    classification line is OCR-garbled and its DE line is the right one);
    the Department's (RUEHC) does not, since its six-digit serials are cut
    to four digits there.
    """
    station, sequence, _section, _filed = parsed.envelope.get("station", (None, None, None, None))
    sender = parsed.addressing.get("sender")
    if station is None or sequence is None or sender is None or station == "RUEHC" or "SECSTATE" in sender:
        return None
    return canonical_id(f"{year % 100:02d}{station_key(sender)}{sequence}")


def _id_from_print_header(parsed: Parsed, year: int) -> str | None:
    """The post and serial of a printout header ("C O N F I D E N T I A L   TEL AVIV 04032")."""
    for item in parsed.artefacts:
        if item.kind == "notice":
            m = _PRINT_HEADER.match(item.text.split("\n", 1)[0])
            if m:
                return canonical_id(f"{year % 100:02d}{station_key(m.group('post'))}{int(m.group('serial'))}")
    return None


# A file named by a reference id, as tathagata/reveal names its body
# fragments (cables/05THEHAGUE3128.txt): the last part of the path, a PlusD
# suffix and file extensions aside.
_ID_NAMED = module_patterns.compile(r"(?:^|[/\\:])(\d{2}(?:\d{2})?[A-Z][A-Z0-9]*?\d{1,7})(?:_[A-Za-z])?(?:\.[A-Za-z]{2,5})*$")


def _id_from_name(parsed: Parsed, name: str) -> str | None:
    """The reference id a file is named by, for a text that gives no year (a body fragment).

    Taken only where the classification line names the same station and
    serial: the name then adds the year alone, and a file named after
    another cable (or not after one) gives nothing.
    """
    m = _ID_NAMED.search(name)
    if m is None:
        return None
    line = _first(parsed.captions, "classification_line")
    if line is None or not line.post or line.serial is None:
        return None
    named = canonical_id(m.group(1))
    return named if canonical_id(f"{named[:2]}{station_key(line.post)}{line.serial}") == named else None


def _derive_id(parsed: Parsed, year: int | None) -> str | None:
    """DTG year + station of the classification line + serial.

    A redacted post (``XXXXXXXXXXXX``, 10SHENYANG4) is taken from the FM
    line instead (``AMCONSUL SHENYANG`` → ``SHENYANG``).
    """
    line = _first(parsed.captions, "classification_line")
    if year is None:
        return None
    if line is None or line.serial is None:
        return _id_from_print_header(parsed, year) or _id_from_station_line(parsed, year)
    post = line.post
    if post is None or _REDACTED.match(post.replace(" ", "")):
        post = parsed.addressing.get("sender")
        if post is None:
            return None
    elif station_key(post) not in _stations():
        # An OCR-garbled post ("SECTION 01 GF 02 BISHIEK 00Q"): the envelope knows better.
        fallback = _id_from_station_line(parsed, year)
        if fallback is not None:
            return fallback
    return canonical_id(f"{year % 100:02d}{station_key(post)}{line.serial}")


def assemble(
    parsed: Parsed,
    *,
    source: str,
    wrapper: Wrapper | None,
    diagnostics: list[Diagnostic],
    variant: str,
    reference_id: str | None = None,
    year: int | None = None,
    name: str | None = None,
) -> Cable:
    """Build the :class:`Cable` for one parse (``name``: where the text came from, a file path)."""
    addressing = parsed.addressing
    dtg_info = addressing.get("dtg")
    dtg = dtg_precedence = dtg_raw = None
    if dtg_info is not None:
        (dtg_precedence, dtg_raw), _span = dtg_info
        dtg = fdates.parse_dtg(dtg_raw)
    created = wrapper.created if wrapper else None

    own_id = reference_id or (wrapper.reference_id if wrapper else None)
    cable_year = (dtg.year if dtg else None) or (created.year if created else None) or year
    if own_id is None and cable_year is None and name is not None:
        own_id = _id_from_name(parsed, name)  # a body fragment: its file name gives the year
    if cable_year is None and own_id and own_id[:2].isdigit():
        cable_year = fdates.century_year(int(own_id[:2]))
    if own_id is None:
        own_id = _derive_id(parsed, cable_year)

    envelope = None
    head = parsed.envelope
    if head or addressing:
        precedence, indicators = head.get("routing", (None, ()))
        station, sequence, section, filed = head.get("station", (None, None, None, None))
        envelope = Envelope(
            transmission_id=head.get("transmission_id"),
            precedence=precedence,
            routing_indicators=indicators,
            station=station,
            sequence=sequence,
            section=section,
            filed=filed,
            security=head.get("security"),
            dtg_precedence=dtg_precedence,
            dtg_raw=dtg_raw,
            span=join_spans(head.get("span"), addressing.get("span")),
        )

    captions = tuple(_resolve_decl(c, cable_year) for c in parsed.captions)
    eo = _first(captions, "executive_order")

    all_refs: list[Reference] = []
    seen: set[tuple[str | None, str, str | None]] = set()
    with_refs: list[Caption] = []
    own_canonical = canonical_id(own_id) if own_id else None
    for caption, blocks in zip(captions, parsed.ref_blocks):
        refs = _references(blocks, cable_year, own_canonical)
        # The transformer leaves Caption.references at its default, (): a caption
        # without REF items is kept as it is instead of copied.
        with_refs.append(evolve(caption, references=tuple(refs)) if refs else caption)
        for ref in refs:
            key = frefs.repeat_key(ref.letter, ref.text, ref.canonical_id)
            if key not in seen:
                seen.add(key)
                all_refs.append(ref)
    captions = tuple(with_refs)

    caveats: dict[str, None] = {}
    attention: dict[str, None] = {}
    for caption in captions:
        if caption.classification_line is not None:
            for caveat in caption.classification_line.caveats:
                caveats.setdefault(caveat, None)
        for caveat in caption.caveats:
            caveats.setdefault(caveat, None)
        for attention_line in caption.attention:  # not `line`: that name is the classification line below
            attention.setdefault(attention_line, None)

    paragraphs, signers = parsed.paragraphs, parsed.signers
    found_artefacts: list[Artefact] = []  # page lines and headings found in paragraphs' text
    paragraphs = cut_inline_pages(paragraphs, source, _first(captions, "classification_line"), parsed.artefacts,
                                  found_artefacts)
    if not signers and paragraphs:
        found = fbody.trailing_signer(paragraphs[-1].text)
        if found is not None:
            signers, cut = found
            last = paragraphs[-1]
            paragraphs = (*paragraphs[:-1], evolve(last, text=last.text[:cut].rstrip()))

    paragraphs = split_run_together(paragraphs, source, found_artefacts)

    classified_by = _first(captions, "classified_by")
    if classified_by is None and paragraphs:
        classified_by = _classified_in_paragraph(paragraphs[0])

    line = _first(captions, "classification_line")
    tags = _first(captions, "tags")
    subject = _first(captions, "subject")
    classification = wrapper.classification if wrapper and wrapper.classification else None
    if classification is None and line is not None:
        classification = line.classification

    # Another message's envelope inside the text is read as this cable's prose: say so.
    caption_end = captions[0].span.end if captions and captions[0].span is not None else None
    diagnostics = [*diagnostics, *other_cables(source, envelope, own_id, addressing.get("sender"), line,
                                               caption_end, paragraphs)]

    return Cable(
        reference_id=own_id,
        created=created,
        classification=classification,
        origin=wrapper.origin if wrapper else None,
        envelope=envelope,
        dtg=dtg,
        sender=addressing.get("sender"),
        recipients=tuple(addressing.get("to", ())),
        info_recipients=tuple(addressing.get("info", ())),
        classification_line=line,
        caveats=tuple(caveats),
        attention=tuple(attention),
        executive_order=eo.order if eo else None,
        declassify_on=eo.declassify_on if eo else None,
        tags=tags.tags if tags else (),
        subject=subject.text if subject else None,
        subject_raw=subject.raw if subject else None,
        references=tuple(all_refs),
        classified_by=classified_by,
        paragraphs=paragraphs,
        summary=fbody.find_summary([(p.heading, p.text) for p in paragraphs]),
        signers=signers,
        variant=variant,
        diagnostics=tuple(diagnostics),
        captions=captions,
        artefacts=tuple(
            evolve(a, text=source[a.span.start:a.span.end]) if not a.text and a.span else a
            for a in (parsed.artefacts if not found_artefacts else sorted(
                (*parsed.artefacts, *found_artefacts), key=lambda a: a.span.start if a.span else 0))),
        wrapper=wrapper,
        source=source,
    )
