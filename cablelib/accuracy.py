"""Score the parser against WikiLeaks' own annotations on cablegate pages.

Why this module exists: a cablegate.wikileaks.org page carries, next to the
cable text, what WikiLeaks' own software read from that text - the page id,
the ``Created`` time, a title with the subject, a link on every TAGS tag and
a pilcrow anchor ``<a id='parN'>`` on every numbered paragraph.  Those
annotations are an independent reading of the same text, made with other
code, so agreement with them measures cablelib without anyone writing
expected values by hand.  Disagreement is not always our error (WikiLeaks
cut long subjects, kept run-together tags, missed ``1.(C)`` paragraphs), so
every disagreement is listed for a person to judge.

The parser must never see the annotations.  :func:`read_page` rebuilds the
cable text itself - header ``<pre>`` + blank line + body ``<pre>``, entities
decoded, tag links replaced by their text, pilcrow anchors removed - and
:func:`score_page` passes that plain ``str`` to :func:`cablelib.parse` with no
wrapper, no ``reference_id`` and no ``year``, so even the reference id has to
be derived from the text (DTG year + classification-line post + serial).

The comparisons (one per field, per cable; see :data:`FIELDS`):

``reference_id``
    ours: ``Cable.reference_id`` derived from the text.  theirs: the page's
    Reference ID.  Agree if equal, or if ours equals ``canonical_id`` of the
    page id (a published id known to be malformed; noted).  Not applicable
    when the text holds no date-time group, since the year is then not in
    the text at all (partial records).
``created``
    ours: ``Cable.dtg``.  theirs: ``Created``.  Equal to the minute.  Not
    applicable when the text holds no date-time group (partial records:
    WikiLeaks' date then comes from its database, not from the text).
``subject``
    ours: ``Cable.subject``.  theirs: the ``<h3>Viewing cable ID, SUBJECT``
    title.  Both sides have runs of white space squeezed and the ends
    stripped; case and punctuation must match.  Not applicable when the title
    has no subject.
``tags``
    ours: ``Cable.tags``.  theirs: the texts of the tag links, in page order,
    repeats dropped, put through the shipped ``tag-repairs.tsv`` (our tags
    are defined as repaired; WikiLeaks' are as written).  Compared as
    sequences (order matters).  Where the TAGS list wraps, WikiLeaks linked
    the first line only: agreement on that line counts, with a note.  Not
    applicable when the page has no tag link.
``paragraphs``
    theirs: every ``parN`` anchor says "a paragraph numbered N starts here".
    Agree if, for every anchor, one of our paragraphs has number N and starts
    on the anchor's line.  Our numbered paragraphs without an anchor are not
    counted against us: WikiLeaks' anchoring missed ``1.(C)`` with no space.
    Anchors far out of sequence (``par2007`` on a wrapped line starting with
    a year) are not paragraph claims and are ignored, with a note.  Not
    applicable when the page has no anchor.
``transmission_id``
    ours: ``Cable.envelope.transmission_id``.  theirs: the first ``VZCZC...``
    word of the header block.  Not applicable when the header has none.
"""

from __future__ import annotations

import datetime as _dt
import functools
import html
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from . import module_patterns
from .api import parse
from .ids import canonical_id
from .model import Cable
from .package_files import data_rows

__all__ = [
    "FIELDS",
    "Annotations",
    "Page",
    "Comparison",
    "Report",
    "read_page",
    "score_page",
    "score_pages",
    "squeeze",
    "repair_tags",
]

FIELDS = ("reference_id", "created", "subject", "tags", "paragraphs", "transmission_id")
"""The fields scored, in report order."""

AGREE, DISAGREE, NOT_APPLICABLE = "agree", "disagree", "n/a"

_PRE = module_patterns.compile(r"<pre>(.*?)</pre>", re.S | re.I)
_TAG = module_patterns.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)([^>]*)>")
_ATTR = module_patterns.compile(r"""([A-Za-z_:-]+)\s*=\s*(?:'([^']*)'|"([^"]*)")""")
# Only complete references ending in ';' are decoded (``AT&T``, ``&para`` stay).
_ENTITY = module_patterns.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")
_TITLE = module_patterns.compile(r"<h3>\s*Viewing cable\s+(.*?)</h3>", re.S | re.I)
_TITLE_PARTS = module_patterns.compile(r"(\S+?),?(?:\s+(.*))?\Z", re.S)
_CABLE_TABLE = module_patterns.compile(r"<table class=['\"]cable['\"]>(.*?)</table>", re.S | re.I)
_CELL = module_patterns.compile(r"<(t[hd])[^>]*>(.*?)</t[hd]>", re.S | re.I)
_ROW = module_patterns.compile(r"<tr[^>]*>(.*?)</tr>", re.S | re.I)
_VZCZC = module_patterns.compile(r"\bVZCZC[A-Z0-9]*")
# A date-time group: day-hour-minute, Z, month, two-digit year (``040808Z DEC 06``).
_DTG = module_patterns.compile(r"\b[0-3]\d[0-2]\d[0-5]\dZ ?(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC) ?\d\d\b")
_SPACE = module_patterns.compile(r"\s+")


def squeeze(text: str | None) -> str | None:
    """Runs of white space (no-break spaces too) as one space, ends stripped."""
    if text is None:
        return None
    return _SPACE.sub(" ", text.replace("\xa0", " ")).strip()


def _unescape(text: str) -> str:
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)


def _strip_tags(fragment: str) -> str:
    return _unescape(_TAG.sub("", fragment))


@attrs.frozen
class Annotations:
    """What WikiLeaks' page says about the cable, outside the cable text."""

    page_id: str | None
    """The Reference ID of the metadata table (or of the title)."""
    created: _dt.datetime | None
    """The Created (first release: Date) column, UTC."""
    subject: str | None
    """The subject part of the ``<h3>Viewing cable ID, SUBJECT</h3>`` title."""
    tags: tuple[str, ...]
    """Link texts of the tag links, page order, repeats dropped."""
    anchors: tuple[tuple[int, int], ...]
    """``(N, offset)`` for every ``parN`` anchor; offset into :attr:`Page.text`."""
    transmission_id: str | None
    """The first ``VZCZC...`` word of the header block."""


@attrs.frozen
class Page:
    """One cablegate page: its name, the rebuilt cable text and the annotations."""

    name: str
    text: str
    annotations: Annotations


def _pre_text(block: str, offset: int, tags: list[str],
              anchors: list[tuple[int, int]]) -> str:
    """The text of one ``<pre>`` block; records tag links and pilcrow anchors.

    ``offset`` is where the block starts in the rebuilt text, so anchor
    offsets index the text the parser gets.
    """
    out: list[str] = []
    length = offset
    pos = 0
    link: str | None = None  # 'tag', 'par' or 'other' while inside <a>
    link_text: list[str] = []
    for m in _TAG.finditer(block):
        piece = _unescape(block[pos:m.start()])
        pos = m.end()
        if link == "par":
            piece = piece.replace("\u00b6", "")
        if link == "tag":
            link_text.append(piece)
        out.append(piece)
        length += len(piece)
        closing, name, rest = m.group(1), m.group(2).lower(), m.group(3)
        if name == "a" and not closing:
            attrs_ = {k.lower(): (v1 or v2) for k, v1, v2 in _ATTR.findall(rest)}
            ident, href = attrs_.get("id", ""), attrs_.get("href", "")
            label = re.fullmatch(r"par(\w+)", ident) or re.fullmatch(r"#par(\w+)", href)
            if label:
                # Numbered anchors claim a paragraph; lettered ones (``parB``,
                # on REF items and sub-items) are removed but claim nothing.
                if label.group(1).isdigit():
                    anchors.append((int(label.group(1)), length))
                link = "par"
            elif "tag/" in href:
                link, link_text = "tag", []
            else:
                link = "other"
        elif name == "a" and closing:
            if link == "tag":
                tag = "".join(link_text).strip()
                if tag and tag not in tags:
                    tags.append(tag)
            link = None
        elif name == "br":
            pass  # a real line break follows every <br> in these pages
        else:
            raw = m.group(0)  # markup that was already in the cable's text
            out.append(raw)
            length += len(raw)
    tail = _unescape(block[pos:])
    out.append(tail)
    return "".join(out)


def _metadata(page: str) -> dict[str, str]:
    table = _CABLE_TABLE.search(page)
    if not table:
        return {}
    header: list[str] | None = None
    for row in _ROW.findall(table.group(1)):
        cells = _CELL.findall(row)
        if cells and all(kind.lower() == "th" for kind, _ in cells):
            header = [squeeze(_strip_tags(c)).lower().rstrip(":") for _, c in cells]  # type: ignore[union-attr]
        elif header and len(cells) == len(header):
            return {h: squeeze(_strip_tags(c)) or "" for h, (_, c) in zip(header, cells)}
    return {}


def _created(value: str | None) -> _dt.datetime | None:
    if not value:
        return None
    try:
        parsed = _dt.datetime.strptime(value[:16], "%Y-%m-%d %H:%M")
    except ValueError:
        return None
    return parsed.replace(tzinfo=_dt.timezone.utc)


def read_page(page: str, name: str = "") -> Page:
    """Split a cablegate page into the cable text and WikiLeaks' annotations."""
    tags: list[str] = []
    anchors: list[tuple[int, int]] = []
    blocks = _PRE.findall(page)
    parts: list[str] = []
    offset = 0
    for i, block in enumerate(blocks):
        if i:
            parts.append("\n\n")
            offset += 2
        text = _pre_text(block, offset, tags, anchors)
        parts.append(text)
        offset += len(text)
    text = "".join(parts)

    meta = _metadata(page)
    title_id = subject = None
    title = _TITLE.search(page)
    if title:
        m = _TITLE_PARTS.match(squeeze(_strip_tags(title.group(1))) or "")
        if m:
            title_id, subject = m.group(1), squeeze(m.group(2)) or None
    header = _pre_text(blocks[0], 0, [], []) if len(blocks) > 1 else ""
    vz = _VZCZC.search(header)
    annotations = Annotations(
        page_id=meta.get("reference id") or title_id,
        created=_created(meta.get("created") or meta.get("date")),
        subject=subject,
        tags=tuple(tags),
        anchors=tuple(anchors),
        transmission_id=vz.group(0) if vz else None,
    )
    return Page(name=name, text=text, annotations=annotations)


@attrs.frozen
class Comparison:
    """One field of one cable: ours against theirs."""

    cable: str
    field: str
    status: str
    """``agree``, ``disagree`` or ``n/a``."""
    ours: Any = None
    theirs: Any = None
    note: str = ""


def _show(value: Any) -> Any:
    if isinstance(value, _dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, tuple):
        return [_show(v) for v in value]
    return value


def _compare(cable: str, field: str, ours: Any, theirs: Any, *, agree: bool | None = None,
             note: str = "") -> Comparison:
    if agree is None:
        agree = ours == theirs
    return Comparison(cable, field, AGREE if agree else DISAGREE, _show(ours), _show(theirs), note)


def _same_minute(ours: _dt.datetime | None, theirs: _dt.datetime) -> tuple[bool, str]:
    """Whether the DTG and the Created time agree, allowing for the garbled minute.

    In the cablegate pages the minute of Created is the hour on a 12-hour
    clock (DTG ``131503Z MAR 08`` is shown as ``2008-03-13 15:03``; ``041820Z``
    as ``18:06``), a bug of the site's template.  So the date and hour must
    match, and the minute must match unless it is exactly that garbled value.
    """
    if ours is None:
        return False, ""
    if ours.replace(second=0, microsecond=0) == theirs:
        return True, ""
    clock12 = ours.hour % 12 or 12
    if ours.replace(minute=0, second=0, microsecond=0) == theirs.replace(minute=0) \
            and theirs.minute == clock12:
        return True, "page minute is the 12-hour clock hour"
    return False, ""


_SUBJECT_KEYWORD = module_patterns.compile(r"^\W*[A-Z]*SUBJ[A-Z]*\W*?:?\s*", re.I)


def _first_subject_line(cable: Cable) -> str | None:
    """The first source line of the SUBJECT that gave ``cable.subject_raw``, keyword removed."""
    for caption in cable.captions:
        node = caption.subject
        if node is not None and node.raw == cable.subject_raw and node.span is not None:
            text = node.span.slice(cable.source)
            return squeeze(_SUBJECT_KEYWORD.sub("", text.split("\n", 1)[0], count=1))
    return None


def _subject_source_line(cable: Cable) -> str | None:
    """The whole source line the subject starts on (keyword removed)."""
    for caption in cable.captions:
        node = caption.subject
        if node is not None and node.raw == cable.subject_raw and node.span is not None:
            end = cable.source.find("\n", node.span.start)
            line = cable.source[node.span.start: end if end >= 0 else len(cable.source)]
            return squeeze(_SUBJECT_KEYWORD.sub("", line, count=1))
    return None


def _compare_subject(name: str, cable: Cable, title: str) -> Comparison:
    """``subject_raw`` against the page title.

    WikiLeaks built the title from the first line of the SUBJECT only, and
    dropped a leading bracket or quote (``(C) CHIRAC VISIT`` is titled ``C)
    CHIRAC VISIT``).  So the title agrees when it is our whole subject, or
    when it is the first line of our subject in the text and our subject
    starts with that line; the bracket is restored first.
    """
    theirs = squeeze(title) or ""
    ours = squeeze(cable.subject_raw)
    notes = []
    if ours and ours[:1] in "([{\"'" and ours[1:].startswith(theirs) and theirs:
        theirs = ours[0] + theirs
        notes.append("title lost the leading bracket or quote")
    if ours == theirs:
        return _compare(name, "subject", ours, theirs, agree=True, note="; ".join(notes))
    first = _first_subject_line(cable)
    # A database dump ends every line with a backslash, the title's too.
    first, theirs = (first or "").rstrip(" \\") or None, theirs.rstrip(" \\")
    if ours and first and first == theirs and ours.startswith(first + " "):
        notes.append("title is the first subject line")
        return _compare(name, "subject", ours, theirs, agree=True, note="; ".join(notes))
    whole = _subject_source_line(cable)
    if ours and whole and whole == theirs and theirs.startswith(ours) and re.match(r"\s*REF", theirs[len(ours):]):
        notes.append("title is the whole source line, where the REF list runs on after the subject")
        return _compare(name, "subject", ours, theirs, agree=True, note="; ".join(notes))
    return _compare(name, "subject", ours, squeeze(title), agree=False)


def _paragraph_claims(anchors: Sequence[tuple[int, int]]) -> tuple[list[tuple[int, int]], list[int]]:
    """Split the anchors into paragraph claims and out-of-sequence ones.

    WikiLeaks anchored any line that starts with digits and a dot, so a
    wrapped sentence whose next line starts ``2007. ...`` got ``par2007``.
    An anchor more than 10 above every number anchored before it is such a
    line, not a paragraph claim: it is ignored (and named in the note).
    """
    claims: list[tuple[int, int]] = []
    ignored: list[int] = []
    highest = 0
    for number, offset in anchors:
        if number > highest + 10:
            ignored.append(number)
            continue
        claims.append((number, offset))
        highest = max(highest, number)
    return claims, ignored


@functools.cache
def _tag_repairs() -> dict[str, tuple[str, ...]]:
    """The shipped ``tag-repairs.tsv`` (data, not parser code): written -> repaired tags."""
    return {r["written"]: tuple(r["repaired"].split("|")) for r in data_rows("tag-repairs.tsv")}


def repair_tags(tags: Sequence[str]) -> tuple[str, ...]:
    """WikiLeaks' link texts put in the form ``Cable.tags`` promises.

    ``Cable.tags`` is defined as the tags repaired with the shipped table
    (``ECONEFIN`` -> ``ECON``, ``EFIN``; ``RU`` -> ``RS``; ``RICE CONDOLEEZZA``
    -> ``RICE, CONDOLEEZZA``), so the same table is applied to WikiLeaks'
    tags, which are as written: single links, and two neighbouring links that
    form a person entry.  Repeats are dropped, first-seen order kept.
    """
    table = _tag_repairs()
    out: list[str] = []
    i = 0
    while i < len(tags):
        pair = f"{tags[i]} {tags[i + 1]}" if i + 1 < len(tags) else None
        if pair is not None and pair in table:
            out.extend(table[pair])
            i += 2
            continue
        out.extend(table.get(tags[i], (tags[i],)))
        i += 1
    return tuple(dict.fromkeys(out))


def _first_tags_line(cable: Cable) -> str | None:
    for caption in cable.captions:
        node = caption.tags
        if node is not None and node.span is not None:
            return node.span.slice(cable.source).split("\n", 1)[0]
    return None


def _compare_tags(name: str, cable: Cable, links: tuple[str, ...]) -> Comparison:
    """``Cable.tags`` against the tag links, as sequences.

    The links are first put through the shipped repair table (see
    :func:`repair_tags`).  WikiLeaks linked only the first line of a TAGS
    list that wraps (``TAGS: ... SCUL VE`` / ``NS``), so when its tags are
    exactly ours up to the end of the first TAGS line, they agree (noted).
    """
    ours = tuple(cable.tags)
    theirs = repair_tags(links)
    notes = ["after the shipped repair table"] if theirs != links else []
    if ours == theirs:
        return _compare(name, "tags", ours, links, agree=True, note="; ".join(notes))
    first = _first_tags_line(cable)
    if first is not None and len(theirs) < len(ours) and ours[:len(theirs)] == theirs:
        words = set(re.findall(r"[A-Z][A-Z0-9]*", first.upper()))
        if all(t in words for t in links) and not any(t in words for t in ours[len(theirs):]):
            notes.append("WikiLeaks linked the first TAGS line only")
            return _compare(name, "tags", ours, links, agree=True, note="; ".join(notes))
    if set(ours) == set(theirs):
        notes.append("same tags, other order")
    return _compare(name, "tags", ours, links, agree=False, note="; ".join(notes))


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset)


def score_page(page: Page, cable: Cable | None = None) -> list[Comparison]:
    """Compare the parse of ``page.text`` with the page's annotations, field by field."""
    if cable is None:
        cable = parse(page.text)
    a = page.annotations
    name = a.page_id or page.name
    out: list[Comparison] = []

    has_dtg = cable.dtg is not None or _DTG.search(page.text) is not None

    # reference_id
    if a.page_id and not has_dtg:
        out.append(Comparison(name, "reference_id", NOT_APPLICABLE, ours=cable.reference_id,
                              theirs=a.page_id, note="the text holds no date-time group (no year)"))
    elif a.page_id:
        ours = cable.reference_id
        if ours == a.page_id:
            out.append(_compare(name, "reference_id", ours, a.page_id))
        else:
            fixed = canonical_id(a.page_id)
            ok = ours is not None and fixed != a.page_id and ours == fixed
            out.append(_compare(name, "reference_id", ours, a.page_id, agree=ok,
                                note=f"page id is malformed; canonical {fixed}" if ok else ""))
    else:
        out.append(Comparison(name, "reference_id", NOT_APPLICABLE, note="page has no id"))

    # created
    if a.created is None:
        out.append(Comparison(name, "created", NOT_APPLICABLE, note="page has no Created date"))
    elif not has_dtg:
        out.append(Comparison(name, "created", NOT_APPLICABLE, theirs=_show(a.created),
                              note="the text holds no date-time group"))
    else:
        ours = cable.dtg
        ok, note = _same_minute(ours, a.created)
        out.append(_compare(name, "created", ours, a.created, agree=ok, note=note))

    # subject
    if a.subject is None:
        out.append(Comparison(name, "subject", NOT_APPLICABLE, ours=cable.subject,
                              note="page title has no subject"))
    else:
        out.append(_compare_subject(name, cable, a.subject))

    # tags
    if not a.tags:
        out.append(Comparison(name, "tags", NOT_APPLICABLE, ours=list(cable.tags),
                              note="page has no tag link"))
    else:
        out.append(_compare_tags(name, cable, a.tags))

    # paragraphs
    if not a.anchors:
        out.append(Comparison(name, "paragraphs", NOT_APPLICABLE, note="page has no parN anchor"))
    else:
        starts: dict[int, set[int]] = {}
        for p in cable.paragraphs:
            if p.number is not None and p.span is not None:
                starts.setdefault(p.number, set()).add(_line_of(cable.source, p.span.start))
        claims, ignored = _paragraph_claims(a.anchors)
        missing = [n for n, off in claims
                   if _line_of(page.text, off) not in starts.get(n, set())]
        theirs_numbers = tuple(n for n, _ in claims)
        ours_numbers = tuple(p.number for p in cable.paragraphs if p.number is not None)
        notes = []
        if missing:
            notes.append(f"anchored paragraphs we miss: {missing}")
        if ignored:
            notes.append(f"out-of-sequence anchors ignored: {ignored}")
        if not claims:
            out.append(Comparison(name, "paragraphs", NOT_APPLICABLE, note="; ".join(notes)))
        else:
            out.append(_compare(name, "paragraphs", ours_numbers, theirs_numbers,
                                agree=not missing, note="; ".join(notes)))

    # transmission_id
    if a.transmission_id is None:
        out.append(Comparison(name, "transmission_id", NOT_APPLICABLE,
                              note="header has no VZCZC line"))
    else:
        ours = cable.envelope.transmission_id if cable.envelope else None
        out.append(_compare(name, "transmission_id", ours, a.transmission_id))
    return out


@attrs.frozen
class Report:
    """Every comparison of a run, and the pages that raised."""

    comparisons: tuple[Comparison, ...]
    errors: tuple[tuple[str, str], ...] = ()
    """``(page, exception)`` for every page whose parse raised (should be none)."""
    pages: int = 0

    def table(self) -> list[dict[str, Any]]:
        """Per field: applicable, agree, percent."""
        rows = []
        for field in FIELDS:
            mine = [c for c in self.comparisons if c.field == field]
            applicable = [c for c in mine if c.status != NOT_APPLICABLE]
            agree = sum(c.status == AGREE for c in applicable)
            pct = 100.0 * agree / len(applicable) if applicable else None
            rows.append({"field": field, "applicable": len(applicable), "agree": agree,
                         "percent": None if pct is None else round(pct, 2)})
        return rows

    def disagreements(self) -> list[Comparison]:
        return [c for c in self.comparisons if c.status == DISAGREE]

    def to_json(self) -> dict[str, Any]:
        return {
            "pages": self.pages,
            "exceptions": [{"page": p, "error": e} for p, e in self.errors],
            "fields": self.table(),
            "disagreements": [attrs.asdict(c) for c in self.disagreements()],
            "notes": [attrs.asdict(c) for c in self.comparisons
                      if c.status == AGREE and c.note],
        }


def iter_pages(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The ``.html`` files under each path (a file or a directory), sorted."""
    for item in paths:
        path = Path(item)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.html") if p.is_file())
        elif path.is_file():
            yield path


def score_pages(paths: Sequence[str | Path]) -> Report:
    """Read, parse and score every page under ``paths``."""
    comparisons: list[Comparison] = []
    errors: list[tuple[str, str]] = []
    count = 0
    for path in iter_pages(paths):
        count += 1
        text = path.read_bytes().decode("utf-8", errors="replace")
        try:
            page = read_page(text, path.stem)
            comparisons.extend(score_page(page))
        except Exception as exc:  # noqa: BLE001 - the report counts exceptions
            errors.append((path.stem, f"{type(exc).__name__}: {exc}"))
    return Report(tuple(comparisons), tuple(errors), count)
