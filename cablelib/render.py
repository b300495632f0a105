"""``render(cable)``: write a :class:`~cablelib.model.Cable` back as cable text.

Why a renderer: it closes the loop for property-based testing.  A strategy
draws a model, :func:`render` writes it out, :func:`cablelib.parse` reads it
back, and the two models must be equal (``docs/testing.md`` defines that
equality).  It is also how a tool writes out a cable it has built or edited.

The output is the *canonical layout*, modelled on the seed cable
(``examples/06PHNOMPENH2131.txt``) but with every choice fixed:

* the envelope lines one per line, without blank lines (``VZCZC...``,
  ``PP RUEH...``, ``DE RUEHxx #nnnn/nn ddddddd``, ``ZNR UUUUU ZZH``, the
  date-time group, ``FM``, ``TO`` with the first addressee on its line,
  further addressees and ``XMT`` lines one per line, ``INFO`` likewise);
* then each caption copy: classification line, one caveat per line,
  attention lines, ``E.O.``, ``TAGS``, ``SUBJECT:``, ``REF:`` with one
  lettered item per line, ``Classified By:``;
* then the body: underlined headings, numbered paragraphs
  (``7. (SBU) Text``) wrapped at 70 columns, page-break lines, the signature.

Every block is followed by a blank line, so no line can be read as the
continuation of the one before (a wrapped SUBJECT or attention line).
Fields that keep the text as written (``ClassificationLine.raw``,
``ExecutiveOrder.raw``, ``TagsLine.raw``, ``SubjectLine.raw``,
``ClassifiedBy.raw``, ``Envelope.security``, every ``Artefact.text``) are
written as they are; the others are written from their parts.

Spans are not used: the layout comes from the model alone, so rendering is
deterministic and ``render(parse(render(parse(t)))) == render(parse(t))``.
Where the model carries nothing for an element (a paragraph heading with no
``heading`` artefact, signers with no ``signature`` artefact, cable-level
caption fields with no :class:`Caption`), the canonical form is written.
What the canonical layout cannot hold — diagnostics, the publication
wrapper, the spans — is not written, nor is a second copy of the cable
(a cut-off first copy, the database record after it and the run-together
repeat of its lines: :mod:`cablelib.truncated_copy`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence

from . import module_patterns
from .fields.body import SUMMARY_END, heading_text, is_title, search_summary_start
from .model import Artefact, Cable, Caption, Paragraph, Recipient, Reference
from .wrapping import WIDTH, reads_as_one, variant_terminal, wrap

__all__ = ["render", "WIDTH", "HEADING_UNDERLINE", "recipient_line", "address_lines", "station_line",
           "paragraph_head", "reference_lines", "heading_block", "artefact_text", "wrap"]

HEADING_UNDERLINE = "-" * 14
"""The underline written below a heading that has no artefact of its own."""

# Where each kind of layout artefact may stand, in text order.  An artefact
# goes to the first slot at or after the previous artefact's slot that takes
# its kind, so the order of ``Cable.artefacts`` is kept.
_LEAD, _CCY, _AFTER_HEAD, _ADDRESS, _AFTER_ADDRESS, _CAPTION, _BODY = range(7)
_NOTICE_KINDS = frozenset({"notice", "distribution", "record"})
# A repeated envelope (a database dump gives the header twice) reads back as
# a copy only after the envelope itself.
_COPY_KINDS = _NOTICE_KINDS | {"envelope-copy"}
# Line-end marks (the backslashes of a database dump) belong to the lines
# they ended; the canonical layout has no such lines, so they are not written.
# Nor are a cut-off first copy and the whole text's repeat of what of it was
# read (cablelib.truncated_copy): the layout writes the cable once.
# Nor is the rest of an underline that a page break cut (``underline``): each
# heading is written with its whole underline.
_UNWRITTEN_KINDS = frozenset({"line-continuation", "truncated-copy", "copy-repeat", "underline"})
_SLOT_KINDS: dict[int, frozenset[str]] = {
    _LEAD: _NOTICE_KINDS,
    _CCY: frozenset({"ccy"}),
    _AFTER_HEAD: _COPY_KINDS,
    _ADDRESS: frozenset({"page-break"}),
    _AFTER_ADDRESS: _COPY_KINDS,
    _CAPTION: frozenset({"page-break", "corrected", "declassification"}),
    _BODY: frozenset({"page-break", "heading", "signature", "caption-copy", "section-header"}),
}

# The line that opens a summary; the transform keeps no node for it.
_BEGIN_SUMMARY = "BEGIN SUMMARY"

# A notice that reads as one only with more text after it on its line: the
# inbox header "TelegramRestricted by caption." (INBOX_LINE in
# grammars/envelope.lark) before the print header.
_RUNS_ON = module_patterns.compile(r"Telegram(?:[ \t]*Restricted by caption\.)?$")

_PRECEDENCE_OF_DTG = module_patterns.compile(r"^[ZOPRY](?: [ZOPRY])?$")


def render(cable: Cable) -> str:
    """``cable`` as cable text in the canonical layout (see the module docstring).

    >>> import cablelib
    >>> cable = cablelib.parse("TAGS: PHUM PREL\\nSUBJECT: CAMBODIA: TIP REPORT\\n")
    >>> print(render(cable), end="")
    TAGS: PHUM PREL
    SUBJECT: CAMBODIA: TIP REPORT
    >>> cablelib.parse(render(cable)).subject
    'CAMBODIA: TIP REPORT'
    """
    if not isinstance(cable, Cable):
        from .errors import CableInputError

        raise CableInputError(f"render() needs a cablelib.Cable, not {type(cable).__name__}")
    return _Renderer(cable).text()


# ---------------------------------------------------------------- pieces


def recipient_line(recipient: Recipient) -> str:
    """``RUEHC/SECSTATE WASHDC PRIORITY 7672``."""
    parts = [f"{recipient.route}/{recipient.name}" if recipient.route else recipient.name]
    if recipient.precedence:
        parts.append(recipient.precedence)
    if recipient.serial:
        parts.append(recipient.serial)
    return " ".join(parts)


def _bare(recipient: Recipient) -> bool:
    return recipient.route is None and recipient.precedence is None and recipient.serial is None


def address_lines(keyword: str, recipients: Sequence[Recipient],
                  collectives_above: bool = False) -> list[str]:
    """A TO or INFO list: the keyword with the first addressee, one per line,
    and each addressee's ``XMT`` exemptions.

    An ``XMT`` line belongs to the last ``COLLECTIVE`` above it (in its own
    list, then in the TO list), else to the addressee just above it, and a
    bare name right after an ``XMT`` line continues the exemptions.  So the
    exemptions of a collective are written after the first addressee of its
    group (the collective and those below it, up to the next collective)
    that is followed by one with a routing indicator, a precedence or a
    serial.  Exemptions that no place would give back to their addressee
    (on a plain addressee below a collective, say) are not written.
    ``collectives_above`` says whether the TO list above holds a collective.
    """
    after: dict[int, list[str]] = {}
    for index, recipient in enumerate(recipients):
        if not recipient.excluded:
            continue
        if "COLLECTIVE" in recipient.name:
            end = next((j for j in range(index + 1, len(recipients)) if "COLLECTIVE" in recipients[j].name),
                       len(recipients))
            where = next((k for k in range(index, end) if k + 1 == len(recipients) or not _bare(recipients[k + 1])),
                         None)
        else:
            above = collectives_above or any("COLLECTIVE" in r.name for r in recipients[:index])
            follows_bare = index + 1 < len(recipients) and _bare(recipients[index + 1])
            where = None if above or follows_bare else index
        if where is not None:
            after.setdefault(where, []).extend(f"XMT {name}" for name in recipient.excluded)
    lines = []
    for index, recipient in enumerate(recipients):
        line = recipient_line(recipient)
        lines.append(f"{keyword} {line}" if index == 0 else line)
        lines.extend(after.get(index, ()))
    return lines


def station_line(station: str, sequence: int, section: int | None, filed: str | None) -> str:
    """``DE RUEHPF #2131/01 3380808``."""
    line = f"DE {station} #{sequence:04d}"
    if section is not None:
        line += f"/{section:02d}"
    if filed:
        line += f" {filed}"
    return line


def paragraph_head(paragraph: Paragraph) -> str:
    """``7. (SBU) `` — the number and marking that start a paragraph.

    A numbered paragraph without a mark whose text opens with a figure is
    written behind a pilcrow (``¶6. 103 ELECTION ...``, as 02ADANA386 has it):
    ``6. 103`` at a line's start reads as prose, the pilcrow form as a head.
    """
    head = ""
    if paragraph.number is not None:
        pilcrow = "¶" if paragraph.marking is None and paragraph.text[:1].isdigit() else ""
        head += f"{pilcrow}{paragraph.number}. "
    if paragraph.marking is not None:
        head += f"({paragraph.marking}) "
    return head


def reference_lines(references: Sequence[Reference]) -> list[str]:
    """The REF block: ``REF: A. STATE 178111`` then ``B. PHNOM PENH 1646``.

    An item that cites several cables is one ``Reference`` per cable with the
    same letter and text; it is written once.  Unlettered items share the
    ``REF:`` line, separated by semicolons.
    """
    items: list[tuple[str | None, str]] = []
    for ref in references:
        key = (ref.letter, ref.text)
        if not items or items[-1] != key:
            items.append(key)
    unlettered = [text for letter, text in items if letter is None]
    lettered = [(letter, text) for letter, text in items if letter is not None]
    first = "; ".join(unlettered)
    lines = []
    if lettered:
        letter, text = lettered[0]
        lines.append(f"REF: {first + ' ' if first else ''}{letter}. {text}")
        lines.extend(f"{letter}. {text}" for letter, text in lettered[1:])
    else:
        lines.append(f"REF: {first}")
    return lines


def heading_block(title: str) -> str:
    """A heading in the canonical form: the title, underlined."""
    return f"{title}\n{HEADING_UNDERLINE}"


def artefact_text(item: Artefact) -> str:
    """An artefact as written: its text, except that a heading found on one
    line (``WHY A SUBMARINE? -------`` run onto a paragraph, a bare title
    line) or with a blank line in it (a title, a blank line and the underline
    glued to the next paragraph's number, 09STATE118094) is written in the
    canonical underlined form, the only one that reads back as a heading
    wherever it stands."""
    if item.kind == "heading" and ("\n" not in item.text.strip() or _BLANK_LINE.search(item.text.strip())):
        title = heading_text(item.text)
        if title:
            return heading_block(title)
    if item.kind == "record":
        row = _RECORD_ROW.match(item.text)
        if row is not None and row.group(1).count("\t") <= 4:
            # The row's last tab (and empty fields before it) were stripped
            # with the text that ran on after it: the grammar's RECORD needs
            # four fields each ended by a tab.
            return item.text + "\t" * (5 - row.group(1).count("\t"))
    return item.text


_BLANK_LINE = module_patterns.compile(r"\n[ \t\r]*\n")

# A database record row: [row number] date and time, then tab-separated fields.
_RECORD_ROW = module_patterns.compile(r"(?:\d+\t)?\d{4}-\d\d-\d\d \d\d:\d\d(?::\d\d)?((?:\t[^\t\n]*)*)$")


def _reads_as_signature(text: str, variant: str) -> bool:
    pattern = variant_terminal(variant, "SIGNATURE")
    return pattern is None or reads_as_one(pattern, text)



# ---------------------------------------------------------------- the layout


class _Renderer:
    """Builds the text of one cable, block by block."""

    def __init__(self, cable: Cable) -> None:
        self.cable = cable
        self.blocks: list[str] = []
        envelope = cable.envelope
        self.has_head = envelope is not None and envelope.transmission_id is not None
        self.has_addressing = bool(
            (envelope is not None and envelope.dtg_raw) or cable.dtg or cable.sender
            or cable.recipients or cable.info_recipients)
        self.has_lists = bool(cable.recipients or cable.info_recipients)
        self.captions = cable.captions or _captions_from_fields(cable)
        self.dropped: list[Artefact] = []
        self.run_on: set[int] = set()  # blocks the next one follows on the same line
        self.verbatim: set[int] = set()  # blocks of source text, line-end marks included
        self.slots = self._assign_slots(cable.artefacts)

    def _accepts(self, slot: int, kind: str, slots: dict[int, list[Artefact]]) -> bool:
        """Whether ``slot`` can hold one more artefact of ``kind`` and read it back as one."""
        if kind not in _SLOT_KINDS[slot]:
            return False
        if slot == _CCY:
            return self.has_head and not slots[_CCY]  # one correction note per head
        if slot == _AFTER_HEAD:
            return self.has_head and not self.has_addressing
        if slot == _ADDRESS:
            return self.has_lists
        if slot == _AFTER_ADDRESS:
            return self.has_addressing
        if slot == _CAPTION:
            # A correction banner or declassification stamp opens a caption
            # of its own; a page-break line needs one to stand in.
            return kind != "page-break" or bool(self.captions) or bool(slots[_CAPTION])
        if slot == _BODY and kind in ("page-break", "signature"):
            # Neither can open a body: alone, a signature line reads as a
            # caption note and a page-break line as nothing at all.
            return bool(self.cable.paragraphs) or any(a.kind == "heading" for a in slots[_BODY])
        return True

    def _assign_slots(self, artefacts: Iterable[Artefact]) -> dict[int, list[Artefact]]:
        """Each artefact's place: the first slot at or after the previous
        artefact's that can hold it (so their order is kept), else the last
        one before it; an artefact no slot can hold is not written."""
        slots: dict[int, list[Artefact]] = {slot: [] for slot in _SLOT_KINDS}
        current = _LEAD
        artefacts = list(artefacts)
        previous = None
        for item in artefacts:
            follows, previous = previous, item.kind
            if item.kind in _UNWRITTEN_KINDS or _inside_another(item, artefacts):
                continue
            if item.kind == "record" and follows == "truncated-copy":
                continue  # the database record after a cut-off copy goes with it
            kind = item.kind if item.kind in _ALL_KINDS else "notice"
            later = [s for s in range(current, _BODY + 1) if self._accepts(s, kind, slots)]
            if later:
                current = later[0]
                slots[current].append(item)
                continue
            earlier = [s for s in range(_LEAD, current) if self._accepts(s, kind, slots)]
            if earlier:
                slots[earlier[-1]].append(item)
            else:
                self.dropped.append(item)
        return slots

    def text(self) -> str:
        self._notices(_LEAD)
        self._envelope_head()
        self._addressing()
        self._captions()
        self._body()
        blocks = [block if index in self.verbatim else _mark_line_ends(block)
                  for index, block in enumerate(self.blocks)]
        text = "".join(
            block + (" " if index in self.run_on and index + 1 < len(blocks) and blocks[index + 1][:1].isupper()
                     else "\n\n")
            for index, block in enumerate(blocks)).rstrip("\n")
        return "\n".join(_strip_line(line) for line in text.split("\n")) + "\n" if self.blocks else ""

    def _notices(self, slot: int) -> None:
        for item in self.slots[slot]:
            if _RUNS_ON.match(item.text):
                self.run_on.add(len(self.blocks))
            if item.kind == "envelope-copy":
                self.verbatim.add(len(self.blocks))
            self.blocks.append(artefact_text(item))

    # ------------------------------------------------------------ envelope

    def _envelope_head(self) -> None:
        envelope = self.cable.envelope
        if envelope is None or not self.has_head:
            return
        lines = [str(envelope.transmission_id)]
        if envelope.precedence and envelope.routing_indicators:
            lines.append(" ".join((envelope.precedence, *envelope.routing_indicators)))
        if envelope.station and envelope.sequence is not None:
            lines.append(station_line(envelope.station, envelope.sequence, envelope.section, envelope.filed))
        if envelope.security:
            lines.append(envelope.security)
        lines.extend(artefact_text(item) for item in self.slots[_CCY])
        self.blocks.append("\n".join(lines))
        self._notices(_AFTER_HEAD)

    def _addressing(self) -> None:
        if not self.has_addressing:
            return
        cable, envelope = self.cable, self.cable.envelope
        lines: list[str] = []
        dtg_raw = envelope.dtg_raw if envelope is not None else None
        if dtg_raw is None and cable.dtg is not None:
            dtg_raw = cable.dtg.strftime("%d%H%MZ %b %y").upper()
        if dtg_raw:
            precedence = envelope.dtg_precedence if envelope is not None else None
            lines.append(f"{precedence} {dtg_raw}" if precedence else dtg_raw)
        if cable.sender:
            lines.append(f"FM {cable.sender}")
        lines.extend(address_lines("TO", cable.recipients))
        lines.extend(address_lines("INFO", cable.info_recipients,
                                   collectives_above=any("COLLECTIVE" in r.name for r in cable.recipients)))
        lines.extend(artefact_text(item) for item in self.slots[_ADDRESS])
        if self.has_head and self.blocks:  # FL1-FL9 are one block, as in the seed
            self.blocks[-1] += "\n" + "\n".join(lines)
        else:
            self.blocks.append("\n".join(lines))
        self._notices(_AFTER_ADDRESS)

    # ------------------------------------------------------------ captions

    def _captions(self) -> None:
        if not self.captions and self.slots[_CAPTION]:
            self.blocks.extend(artefact_text(item) for item in self.slots[_CAPTION])
            return
        for caption in self.captions:
            self._caption(caption)
        self.blocks.extend(artefact_text(item) for item in self.slots[_CAPTION])

    def _caption(self, caption: Caption) -> None:
        blocks = self.blocks
        line = caption.classification_line
        if line is not None:
            blocks.append(line.raw or _classification_raw(line))
        blocks.extend(caption.caveats)
        blocks.extend(caption.attention)
        fields = []
        eo = caption.executive_order
        if eo is not None:
            fields.append(eo.raw or f"E.O. {eo.order}: {eo.instruction or 'N/A'}")
        if caption.tags is not None:
            fields.append(caption.tags.raw or "TAGS: " + " ".join(_tag_text(t) for t in caption.tags.tags))
        if caption.subject is not None:
            fields.append(_caption_value(f"SUBJECT: {caption.subject.raw}"))
        if fields:
            blocks.append("\n".join(fields))
        if caption.references:
            blocks.append("\n".join(reference_lines(caption.references)))
        if caption.classified_by is not None:
            blocks.append(_caption_value(caption.classified_by.raw or _classified_by_raw(caption.classified_by)))

    # ------------------------------------------------------------ body

    def _body(self) -> None:
        cable = self.cable
        pending = deque(self.slots[_BODY])
        started = False
        for index, paragraph in enumerate(cable.paragraphs):
            if not started and self._needs_begin_summary(paragraph):
                self.blocks.append(_BEGIN_SUMMARY)
            if paragraph.heading is not None:
                # A last paragraph that is one short title-like line is read as
                # a paragraph only with no heading after it.
                last = (index == len(cable.paragraphs) - 1 and paragraph.number is None
                        and paragraph.marking is None and is_title(paragraph.text))
                started = self._heading_for(paragraph.heading, pending, started, last=last)
            elif started:
                while pending and pending[0].kind == "page-break":
                    self.blocks.append(artefact_text(pending.popleft()))
            self.blocks.append(wrap(paragraph_head(paragraph), paragraph.text, cable.variant))
            started = True
        last_paragraph = len(self.blocks) - 1 if cable.paragraphs else None
        while pending:
            item = pending.popleft()
            text = artefact_text(item)
            if (item.kind == "signature" and last_paragraph == len(self.blocks) - 1
                    and not _reads_as_signature(text, cable.variant)):
                # A signature line only the variant knows ("STEVENS 0
                # 02/18/2008"): it reads it as the last line of the last
                # paragraph, so it is written there.
                self.blocks[-1] += "\n" + text
            else:
                self.blocks.append(text)
        if cable.signers and not any(a.kind == "signature" for a in self.slots[_BODY]):
            self.blocks.append("/".join(cable.signers))

    def _needs_begin_summary(self, paragraph: Paragraph) -> bool:
        """Whether the body opens with a summary whose ``BEGIN SUMMARY`` line
        must be written back: an unnumbered, unmarked paragraph ending its
        summary (``... END SUMMARY``) right after a caption.  The marker line
        has no node (the transform drops it and starts the paragraph after
        it), and without it an upper-case paragraph there is read as caption
        lines.  Written back, it is dropped again: the model does not change."""
        if (paragraph.number is not None or paragraph.marking is not None or paragraph.heading is not None
                or not (self.captions or self.slots[_CAPTION])):
            return False
        return (SUMMARY_END.search(paragraph.text) is not None
                and search_summary_start(paragraph.text) is None)

    def _heading_for(self, title: str, pending: deque[Artefact], started: bool, last: bool = False) -> bool:
        """Write what comes before a paragraph with heading ``title``: page
        breaks, overwritten headings and the heading itself.

        The heading is the first one with that title in the run of headings
        and page breaks ahead, or, for the last paragraph when it is a short
        title-like line (``last``), the last one: the transform reads such a
        line as a paragraph only when no heading follows it, so it stands
        after the headings that repeat its own (08ALGIERS1328's doubled
        cancellation notice), where the source had it."""
        found = None
        for index, item in enumerate(pending):
            if item.kind == "heading" and heading_text(item.text) == title:
                found = index
                if not last:
                    break
            elif item.kind not in ("page-break", "heading"):
                break
        if found is None:
            while started and pending and pending[0].kind == "page-break":
                self.blocks.append(artefact_text(pending.popleft()))
            self.blocks.append(heading_block(title))
            return True
        deferred = []  # a page-break line cannot open the body: it follows the heading
        for _ in range(found + 1):
            item = pending.popleft()
            if item.kind == "page-break" and not started:
                deferred.append(artefact_text(item))
                continue
            self.blocks.append(artefact_text(item))
            started = True
        self.blocks.extend(deferred)
        return True


_ALL_KINDS = frozenset().union(*_SLOT_KINDS.values())


def _inside_another(item: Artefact, artefacts: Sequence[Artefact]) -> bool:
    """Whether ``item``'s text is already part of a larger artefact's (a page
    break inside a repeated envelope): it is written once, with that one."""
    span = item.span
    if span is None:
        return False
    return any(other is not item and other.span is not None and other.kind not in _UNWRITTEN_KINDS
               and other.span.start <= span.start and span.end <= other.span.end
               and (other.span.start, other.span.end) != (span.start, span.end)
               for other in artefacts)


# A heading run onto the end of a caption line (CAPTION_STOP in
# grammars/terminals.lark ends the field's text before it).
_CAPTION_HEADING_AT_END = module_patterns.compile(r"[ \t]-{3,}[ \t]+[^\s-][^\n]{0,80}?[ \t]+-{3,}[ \t\r]*$")


def _caption_value(raw: str) -> str:
    """A caption field (SUBJECT, Classified By) whose text, as joined from its
    lines, ends in what reads as an inline heading on one line
    (``... (d). ------- SUMMARY -------``, where the source had the heading
    on the lines below): that part goes on a continuation line of its own,
    which the field's token reads as its own again."""
    m = _CAPTION_HEADING_AT_END.search(raw)
    if m is None or "\n" in raw:
        return raw
    return raw[:m.start()] + "\n" + raw[m.start():].strip()


_BACKSLASH_AT_LINE_END = module_patterns.compile(r"\\(?=[ \t]*(?:\n|$))")


def _mark_line_ends(block: str) -> str:
    """``block`` with one more backslash on each line that ends in one.

    A backslash at the end of a line is read as a database dump's line-end
    mark (cablelib/normalize.py: a line continuation, not text), so a text
    that ends a line with a backslash of its own ("\\\\ZFR IMI ZFR\\\\",
    "BEYER \\") would lose it on every reading; the extra one is the mark.
    Text copied from the source with its marks (an envelope copy) is left
    as it is."""
    if "\\" not in block:
        return block
    return _BACKSLASH_AT_LINE_END.sub(r"\\\\", block)


def _strip_line(line: str) -> str:
    """A line without trailing blanks, except the tabs that end a record row."""
    stripped = line.rstrip()
    if stripped != line and _RECORD_ROW.match(stripped):
        return line.rstrip(" \r")
    return stripped


def _tag_text(tag: str) -> str:
    return f"({tag})" if " " in tag or "," in tag else tag


def _classification_raw(line: object) -> str:
    """A classification line written from its parts."""
    parts = [getattr(line, "classification") or "UNCLASSIFIED"]
    if getattr(line, "section") is not None and getattr(line, "sections") is not None:
        parts.append(f"SECTION {line.section:02d} OF {line.sections:02d}")  # type: ignore[attr-defined]
    if getattr(line, "post"):
        parts.append(str(line.post))  # type: ignore[attr-defined]
    if getattr(line, "serial") is not None:
        parts.append(f"{line.serial:06d}")  # type: ignore[attr-defined]
    parts.extend(getattr(line, "caveats"))
    return " ".join(parts)


def _classified_by_raw(node: object) -> str:
    who = ", ".join(p for p in (*getattr(node, "names"), getattr(node, "title")) if p)
    reasons = getattr(node, "reasons")
    text = f"Classified By: {who}"
    if reasons:
        text += " for reasons " + ", ".join(r.replace("(", " (") for r in reasons)
    return text


def _captions_from_fields(cable: Cable) -> tuple[Caption, ...]:
    """One caption built from the cable-level fields, for a hand-made Cable."""
    from .model import ExecutiveOrder, SubjectLine, TagsLine

    if not (cable.classification_line or cable.caveats or cable.attention or cable.executive_order
            or cable.tags or cable.subject_raw or cable.subject or cable.references or cable.classified_by):
        return ()
    eo = None
    if cable.executive_order:
        instruction = f"DECL: {cable.declassify_on:%m/%d/%Y}" if cable.declassify_on else "N/A"
        eo = ExecutiveOrder(cable.executive_order, cable.declassify_on, instruction)
    subject = cable.subject_raw or cable.subject
    return (Caption(
        classification_line=cable.classification_line,
        caveats=cable.caveats,
        attention=cable.attention,
        executive_order=eo,
        tags=TagsLine(cable.tags) if cable.tags else None,
        subject=SubjectLine(cable.subject or subject, subject) if subject else None,
        references=cable.references,
        classified_by=cable.classified_by,
    ),)
