"""Hypothesis strategies for US diplomatic cables: models, texts and their parts.

Why this module exists: projects that consume cablelib (search indexes,
databases, analysis pipelines) test their own code with property-based
tests, and they need realistic cables to feed it.  Hypothesis is an optional
dependency: ``import cablelib`` never imports this module; import it
yourself (``from cablelib import strategies as cst``) with hypothesis
installed (``pip install 'cablelib[hypothesis]'``).

Two families of strategies:

Models
    :func:`cables` draws a :class:`~cablelib.model.Cable` exactly as
    :func:`cablelib.parse` returns it for the text :func:`cablelib.render`
    writes: ``cablelib.parse(cablelib.render(c)) == c`` holds for every
    drawn ``c`` (``Cable.source`` is that text; spans are ``None``, and spans
    take no part in equality).  :func:`envelopes`, :func:`recipients`,
    :func:`captions`, :func:`ref_lists` and :func:`paragraphs` draw the parts.

Texts
    :func:`cable_texts` draws cable text that the grammar accepts, driven by
    the variant's own grammar (:func:`hypothesis.extra.lark.from_lark`):
    the grammar decides which lines follow which, and every terminal gets a
    realistic strategy (:func:`terminal_strategies`) instead of text drawn
    from its regular expression.  :func:`envelope_texts`,
    :func:`caption_texts`, :func:`ref_list_texts` and :func:`body_texts`
    start from one rule of the grammar.

Values are drawn from the tables cablelib ships (``cablelib/data``: posts,
routing indicators, TAGS) and from small vocabularies of cable prose, and
they avoid the few shapes the format itself makes ambiguous (an addressee
named ``... FOR ...`` would be an attention line), so that a drawn model
has exactly one reading.  Arguments are keyword-only and checked:
a bad one raises :class:`hypothesis.errors.InvalidArgument`.

``st.from_type(cablelib.Cable)`` (and the other model classes) work in any
project where cablelib is installed: the package registers
:func:`cablelib.hypothesis_hook.setup_hook` as a ``hypothesis`` entry point.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from . import module_patterns
from .extras import import_extra
from .fields.references import repeat_key

if TYPE_CHECKING:  # type checkers see the real names
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
else:  # hypothesis is an optional dependency: without it, the error names the extra
    st = import_extra("hypothesis.strategies", "hypothesis", "cablelib.strategies")
    InvalidArgument = import_extra("hypothesis.errors", "hypothesis", "cablelib.strategies").InvalidArgument

from .model import (
    Artefact,
    Cable,
    Caption,
    ClassificationLine,
    ClassifiedBy,
    Envelope,
    ExecutiveOrder,
    Paragraph,
    Recipient,
    Reference,
    SubjectLine,
    TagsLine,
    Wrapper,
)
from .package_files import data_rows as _rows
from .package_files import data_text

__all__ = [
    "cables",
    "envelopes",
    "recipients",
    "captions",
    "ref_lists",
    "paragraphs",
    "cable_texts",
    "envelope_texts",
    "caption_texts",
    "ref_list_texts",
    "body_texts",
    "terminal_strategies",
]

# ---------------------------------------------------------------- argument checks


def _check_bool_or_none(name: str, value: object) -> None:
    if value is not None and not isinstance(value, bool):
        raise InvalidArgument(f"{name}={value!r} must be True, False or None")


def _check_count(name: str, value: object, *, minimum: int = 0, maximum: int = 1000) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgument(f"{name}={value!r} must be an int")
    if not minimum <= value <= maximum:
        raise InvalidArgument(f"{name}={value!r} must be between {minimum} and {maximum}")


def _check_variant(variant: object) -> str:
    if variant is None:
        return "generic"
    if not isinstance(variant, str):
        raise InvalidArgument(f"variant={variant!r} must be a variant name (str) or None")
    from .errors import UnknownVariantError
    from .registry import get_variant

    try:
        return get_variant(variant).name
    except UnknownVariantError as exc:
        raise InvalidArgument(str(exc)) from None


# ---------------------------------------------------------------- shipped facts


@attrs.frozen
class _Post:
    """A post as the tables know it: ``PHNOMPENH``, written ``PHNOM PENH``."""

    station: str
    written: str
    kind: str  # AMEMBASSY, AMCONSUL or USMISSION
    routing: str  # the DE routing indicator


@functools.cache
def _aliased() -> frozenset[str]:
    """Station names that the alias tables rewrite somewhere (never drawn)."""
    names: set[str] = set()
    for row in _rows("station-aliases.tsv"):
        names.update(v for v in (row["alias"], row["canonical_c14n"], row["canonical_reader"]) if v)
    return frozenset(names)


@functools.cache
def _bad_ids() -> frozenset[str]:
    """Published ids that cablelib's correction table rewrites (never drawn)."""
    return frozenset(r["published_id"] for r in _rows("id-corrections.tsv"))


_KINDS = {"Embassy": "AMEMBASSY", "Consulate": "AMCONSUL", "Mission": "USMISSION"}


@functools.cache
def _posts() -> tuple[_Post, ...]:
    """Posts whose written name reads back as their station, with a DE routing indicator."""
    posts = []
    aliased = _aliased()
    for row in _rows("stations.tsv"):
        origin = row["cablegate_origin"]
        first, _, place = origin.partition(" ")
        kind = _KINDS.get(first)
        routing = (row["de_routing_indicators"].split(":")[0] or row["acp_routing_indicators"].split(" ")[0])
        written = place.upper()
        if (kind is None or not routing or row["station"] in aliased
                or not written.replace(" ", "").isalpha() or written.replace(" ", "") != row["station"]
                or not 3 <= len(written) <= 20):
            continue
        posts.append(_Post(row["station"], written, kind, routing))
    return tuple(posts)


_STATE = _Post("STATE", "STATE", "SECSTATE", "RUEHC")


@functools.cache
def _routing_indicators() -> tuple[str, ...]:
    return tuple(r["routing_indicator"] for r in _rows("routing-indicators.tsv")
                 if r["routing_indicator"].isalpha() and 5 <= len(r["routing_indicator"]) <= 7
                 and r["routing_indicator"][0] in "RQ")


@functools.cache
def _subject_tags() -> tuple[str, ...]:
    text = data_text("tags-subject.txt")
    repaired = {r["written"] for r in _rows("tag-repairs.tsv")}
    return tuple(t for t in text.split() if t.isalpha() and t.isupper() and t not in repaired)


# Two-letter country tags (the FIPS codes cables use), a realistic handful.
_COUNTRY_TAGS = ("CB", "FR", "IZ", "IR", "CH", "RS", "UK", "JA", "GM", "IT", "SP", "TU", "EG",
                 "IS", "PK", "AF", "IN", "BR", "MX", "VE", "CU", "KN", "KS", "NI", "SF", "ZI")

# ---------------------------------------------------------------- prose

# Cable prose, chosen so that no word can start a construct of its own at
# the start of a line: no "for"/"pass" (attention lines), no "summary",
# "comment", "classified", "end", "begin" (section labels and markers).
_WORDS = tuple("""
the of to in that is was on with as by at from has have had will would said officials government
minister ministry police court law new first last year month week meeting agreement support
cooperation progress report cases issue problem action plan draft process local national political
economic security military trade energy human rights elections party opposition president
parliament council reform budget program assistance visit delegation talks relations border water
health education press media public private sector companies investment bank market prices oil
gas region province capital district officers staff judges victims investigations arrests
convictions sentences training funding donors projects representatives authorities leaders
recently also however still further only several many most both other this these their its our
we they he she it which who not no more less than very about after before during since until
between among under over into through against without within across toward strong weak clear
difficult important significant possible likely available current previous next senior junior
""".split())
_CAPITALISED = ("Embassy", "Post", "Ministry", "Washington", "Minister", "Government", "Parliament",
                "Ambassador", "UN", "EU", "MFA", "NGO", "MOU", "Council", "Smith", "Jones",
                "Garcia", "Nguyen", "Sihanoukville", "Geneva")
_STARTERS = ("The", "Post", "Officials", "Embassy", "Local", "Several", "Most", "This", "During",
             "Police", "Ministry", "Both", "Many", "Our", "Their", "We", "In", "After", "Since")
_TITLE_WORDS = ("Criminal", "Investigations", "Prosecutions", "Improved", "Courts", "Progress",
                "Cooperation", "Government", "NGOs", "Status", "Law", "Concerns", "Political",
                "Economic", "Outlook", "Next", "Steps", "Reform", "Elections", "Security", "Trade",
                "Energy", "Visit", "Human", "Rights", "Military", "Relations", "Regional", "Issues",
                "Budget", "Closing", "Establishments", "Protection", "Prevention", "Victims")
_TITLE_JOINERS = ("and", "of", "the", "in", "between", "on")
_SUBJECT_WORDS = ("TIP", "INTERIM", "ASSESSMENT", "REPORT", "MINISTER", "DISCUSSES", "ELECTIONS",
                  "REFORM", "TRADE", "TALKS", "VISIT", "PRESIDENT", "OPPOSITION", "SECURITY",
                  "COOPERATION", "BUDGET", "ENERGY", "HUMAN", "RIGHTS", "UPDATE", "NEW", "GOVERNMENT",
                  "PARLIAMENT", "BORDER", "POLICE", "COURT", "DEMARCHE", "RESPONSE", "REQUEST",
                  "MEETING", "WITH", "ON", "THE", "OF", "AND", "IN", "TO")
_COUNTRIES = ("CAMBODIA", "FRANCE", "IRAQ", "IRAN", "CHINA", "RUSSIA", "TURKEY", "EGYPT", "BRAZIL",
              "MEXICO", "CUBA", "JAPAN", "GERMANY", "ITALY", "SPAIN", "PAKISTAN", "INDIA", "NIGERIA")
_SURNAMES = ("MUSSOMELI", "RICE", "CLINTON", "KEEGAN", "PAAL", "BOUCHER", "HILL", "NEGROPONTE",
             "RICCIARDONE", "MCCORMICK", "O'DONNELL", "ELY-RAPHEL", "WALL", "YOUNG", "STEVENS")
_GIVEN = ("Marc", "Andrew", "Chris", "Leigh", "Joseph", "Maria", "Anne", "David", "Helen", "Robert")
_FAMILY = ("Wall", "Young", "Stevens", "Carter", "Moore", "Keegan", "Rorvig", "Huggins", "Baker")
_CLASSIFIER_TITLES = ("Ambassador", "Acting DCM", "Political Counselor", "Economic Counselor",
                      "Charge d'Affaires a.i.", "DCM", "Pol/Econ Counselor", "Consul General")
_OFFICES = ("EAP/MLS", "EAP/RSP", "G/TIP", "INR/B", "NEA/ELA", "EUR/WE", "AF/S", "WHA/AND", "DRL",
            "EEB/ESC", "OES/PCI", "ISN/MTR", "S/CT", "PM/RSAT")
_AGENCIES = ("USTR", "USAID", "USDOC", "TREASURY", "DHS", "DOJ", "NSC", "USDA")
_PRECEDENCES = ("PRIORITY", "IMMEDIATE", "ROUTINE", "NIACT IMMEDIATE", "FLASH")
_COLLECTIVES = ("ASEAN COLLECTIVE", "EU MEMBER STATES COLLECTIVE", "ARAB ISRAELI COLLECTIVE",
                "GULF COOPERATION COUNCIL COLLECTIVE", "SOUTHERN AFRICAN DEVELOPMENT COMMUNITY COLLECTIVE")
_WASHINGTON = ("SECSTATE WASHDC", "SECDEF WASHDC", "CIA WASHDC", "NSC WASHDC", "JOINT STAFF WASHDC",
               "DEPT OF TREASURY WASHDC", "USMISSION USUN NEW YORK")
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_PARA_MARKINGS = ("U", "SBU", "C", "S", "C/NF", "S/NF", "S//NF", "SBU/NF", "TS")
_LEAD_MARKINGS = ("U", "SBU", "C", "S", "S//NF", "C//NF", "S/NF", "C/NF")
_CAVEATS = ("SIPDIS", "SENSITIVE", "NOFORN", "EXDIS", "NODIS", "LIMDIS", "NOTAL")
_LINE_CAVEATS = ("NOFORN", "EXDIS", "NODIS", "LIMDIS", "SIPDIS")
_CLASSIFICATIONS = {  # as written -> spelled out
    "UNCLAS": "UNCLASSIFIED", "UNCLASSIFIED": "UNCLASSIFIED", "LIMITED OFFICIAL USE": "LIMITED OFFICIAL USE",
    "CONFIDENTIAL": "CONFIDENTIAL", "C O N F I D E N T I A L": "CONFIDENTIAL",
    "SECRET": "SECRET", "S E C R E T": "SECRET",
}
_NOTICES = (
    ("notice", "This record is a partial extract of the original cable. "
               "The full text of the original cable is not available."),
    ("notice", "Wednesday, 29 November 2000, 13:59"),
    ("notice", "Friday, 23 February 2001, 15:53"),
    ("notice", "Cable dated:2002-11-15T12:40:00"),
    ("distribution", "ACTION AF-00"),
)
_NON_CABLE_REFS = (
    ("email", "EMAIL FROM EAP/MLS"), ("email", "E-MAIL EXCHANGE WITH THE DESK"),
    ("telcon", "TELCON WITH DESK OFFICER"), ("fax", "FAX FROM THE MINISTRY"),
    ("memo", "MEMO OF CONVERSATION"), ("meeting", "MEETING WITH THE DEPUTY MINISTER"),
    ("report", "OSC REPORT ON THE ELECTIONS"), ("other", "PREVIOUS EMBASSY REPORTING"),
)


# Words for prose, weighted: mostly lower-case words, some names and numbers.
_VOCABULARY = _WORDS * 6 + _CAPITALISED * 3 + tuple(str(n) for n in (2, 5, 12, 24, 40, 58, 111, 2005, 2006,
                                                                      2009, 1996, 300, 75, 18))


def _sentence(draw: Any) -> str:
    """A sentence of cable prose: a capitalised opener, words, a final
    lower-case word and a full stop (so no sentence ends in a name that
    could be taken for a signature)."""
    words = draw(st.lists(st.sampled_from(_VOCABULARY), min_size=2, max_size=14))
    comma = draw(st.integers(0, 2 * len(words)))
    if comma < len(words) - 1:
        words[comma] += ","
    return " ".join((draw(st.sampled_from(_STARTERS)), *words, draw(st.sampled_from(_WORDS)))) + "."


@st.composite
def _prose(draw: Any, *, min_sentences: int = 1, max_sentences: int = 5) -> str:
    count = draw(st.integers(min_sentences, max_sentences))
    return " ".join(_sentence(draw) for _ in range(count))


# ---------------------------------------------------------------- line formats

_DTG_FORMAT = "{:%d%H%M}Z {} {:%y}"


def _dtg_raw(when: dt.datetime) -> str:
    return _DTG_FORMAT.format(when, _MONTHS[when.month - 1], when)


def _recipient_line(recipient: Recipient) -> str:
    from .render import recipient_line

    return recipient_line(recipient)


# ---------------------------------------------------------------- envelope


@st.composite
def _dates(draw: Any) -> dt.datetime:
    day = draw(st.dates(dt.date(1966, 1, 1), dt.date(2010, 12, 31)))
    hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 59))
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=dt.timezone.utc)


@st.composite
def _recipient(draw: Any, *, may_exclude: bool) -> Recipient:
    post = draw(st.sampled_from(_posts()))
    name = draw(st.one_of(st.just(f"{post.kind} {post.written}"), st.sampled_from(_WASHINGTON),
                          st.sampled_from(_COLLECTIVES)))
    route = draw(st.one_of(st.none(), st.just(post.routing), st.sampled_from(_routing_indicators())))
    precedence = draw(st.one_of(st.none(), st.sampled_from(_PRECEDENCES)))
    serial = draw(st.one_of(st.none(), st.integers(1, 9999).map("{:04d}".format)))
    excluded: tuple[str, ...] = ()
    if may_exclude and name.endswith("COLLECTIVE"):
        excluded = tuple(draw(st.lists(
            st.sampled_from(_posts()).map(lambda p: f"{p.kind} {p.written}"), max_size=2, unique=True)))
    return Recipient(route, name, precedence, serial, excluded)


def recipients(*, excluded: bool = True) -> st.SearchStrategy[Recipient]:
    """One TO or INFO addressee: ``RUEHC/SECSTATE WASHDC PRIORITY 7672``.

    ``excluded=True`` lets a ``COLLECTIVE`` carry ``XMT`` exemptions.
    """
    if not isinstance(excluded, bool):
        raise InvalidArgument(f"excluded={excluded!r} must be a bool")
    return _recipient(may_exclude=excluded)


@st.composite
def _address_list(draw: Any, *, min_size: int, max_size: int) -> tuple[Recipient, ...]:
    """Addressees in order; after one with XMT lines, the next has a routing
    indicator (a bare name there would continue the exemptions)."""
    size = draw(st.integers(min_size, max_size))
    out: list[Recipient] = []
    for _ in range(size):
        recipient = draw(_recipient(may_exclude=True))
        if out and out[-1].excluded and recipient.route is None:
            recipient = attrs.evolve(recipient, route=draw(st.sampled_from(_routing_indicators())))
        out.append(recipient)
    return tuple(out)


@attrs.frozen
class _EnvelopeDraw:
    """An envelope and what the rest of the cable needs to know about it."""

    envelope: Envelope
    sender: str
    to: tuple[Recipient, ...]
    info: tuple[Recipient, ...]
    dtg: dt.datetime
    sender_post: _Post
    own_id_from_station: str | None


@st.composite
def _envelope(draw: Any, *, post: _Post, serial: int, max_recipients: int,
              page_breaks: bool) -> tuple[_EnvelopeDraw, list[Artefact]]:
    when = draw(_dates())
    head = draw(st.booleans())
    sender = f"{post.kind} {post.written}" if post is not _STATE else "SECSTATE WASHDC"
    to = draw(_address_list(min_size=1, max_size=max(1, min(3, max_recipients))))
    info = draw(_address_list(min_size=0, max_size=max_recipients))
    dtg_precedence = draw(st.sampled_from(("P", "O", "R", "Z", "P R", "O O", "R R")))
    fields: dict[str, Any] = {"dtg_precedence": dtg_precedence, "dtg_raw": _dtg_raw(when)}
    own_id = None
    artefacts: list[Artefact] = []
    if head:
        indicators = tuple(draw(st.lists(st.sampled_from(_routing_indicators()), min_size=1, max_size=4)))
        section = draw(st.one_of(st.none(), st.integers(1, 9)))
        filed = f"{when.timetuple().tm_yday:03d}{when:%H%M}"
        fields.update(
            transmission_id="VZCZC" + draw(st.sampled_from(("XRO", "XYZ", "XRA", ""))) + f"{draw(st.integers(0, 9999)):04d}",
            precedence=draw(st.sampled_from(("PP", "OO", "RR", "ZZ", "P", "O"))),
            routing_indicators=indicators,
            station=post.routing,
            sequence=serial,
            section=section,
            filed=filed,
            security=draw(st.sampled_from(("ZNR UUUUU ZZH", "ZNY CCCCC ZZH", "ZNY SSSSS ZZH"))),
        )
        if draw(st.integers(0, 9)) == 0:
            artefacts.append(Artefact("ccy", "(CCY - ADDED NOFORN CAPTION)"))
        if post.routing != "RUEHC" and "SECSTATE" not in sender:
            own_id = f"{when:%y}{post.station}{serial}"
    if page_breaks and (to or info) and draw(st.integers(0, 9)) == 0:
        artefacts.append(Artefact("page-break", _page_line(draw, post, serial, 2, 3)))
    envelope = Envelope(**fields)
    return _EnvelopeDraw(envelope, sender, to, info, when, post, own_id), artefacts


def envelopes(*, max_recipients: int = 6) -> st.SearchStrategy[Envelope]:
    """The transmission envelope of a cable (FL1-FL5), as :func:`cables` draws it.

    About half have the full ACP-127 head (``VZCZC``, routing indicators,
    ``DE`` line, ``ZNR UUUUU ZZH``); the others start at the date-time group,
    like the pre-2003 cables.  ``max_recipients`` bounds the INFO list of the
    cable the envelope belongs to.
    """
    _check_count("max_recipients", max_recipients, minimum=1, maximum=100)

    @st.composite
    def one(draw: Any) -> Envelope:
        post = draw(st.sampled_from(_posts()))
        drawn, _ = draw(_envelope(post=post, serial=draw(st.integers(1, 9999)),
                                  max_recipients=max_recipients, page_breaks=False))
        return drawn.envelope

    return one()


def _page_line(draw: Any, post: _Post, serial: int, page: int, pages: int) -> str:
    if draw(st.booleans()):
        return f"{post.written} {serial:08d} {page:03d} OF {pages:03d}"
    day = draw(st.integers(1, 28))
    return f"PAGE {page:02d} {post.written} {serial:05d} {1:02d} OF {pages:02d} {day:02d}1200Z"


# ---------------------------------------------------------------- captions


@st.composite
def _classification_line(draw: Any, *, post: _Post, serial: int) -> ClassificationLine:
    written = draw(st.sampled_from(sorted(_CLASSIFICATIONS)))
    sections = draw(st.one_of(st.none(), st.integers(2, 9)))
    section = draw(st.integers(1, sections)) if sections else None
    caveats = tuple(draw(st.lists(st.sampled_from(_LINE_CAVEATS), max_size=2, unique=True)))
    parts = [written]
    if sections:
        parts.append(f"SECTION {section:02d} OF {sections:02d}")
    parts += [post.written, f"{serial:06d}", *caveats]
    return ClassificationLine(_CLASSIFICATIONS[written], section, sections if sections else None,
                              post.written, serial, caveats, raw=" ".join(parts))


def _attention(draw: Any, *, notes: bool = True) -> str:
    """An attention line (``FOR G/TIP, EAP/MLS``) or, with ``notes``, a caption note (``AIDAC``)."""
    form = draw(st.integers(0, 4 if notes else 3))
    office = draw(st.sampled_from(_OFFICES))
    if form == 0:
        others = draw(st.lists(st.sampled_from(_OFFICES), max_size=2, unique=True))
        return "FOR " + ", ".join(dict.fromkeys([office, *others]))
    if form == 1:
        return f"STATE FOR {office}"
    if form == 2:
        return f"DEPT PASS TO {draw(st.sampled_from(_AGENCIES))}"
    if form == 3:
        return f"{draw(st.sampled_from(_AGENCIES))} FOR {office}"
    return draw(st.sampled_from(("AIDAC", "TERREP", "G/TIP", "USAID/W")))


def _decl_instruction(draw: Any, year: int | None) -> tuple[str, dt.date | None]:
    form = draw(st.integers(0, 4))
    if form == 0:
        return "N/A", None
    if form == 1:
        return "DECL: OADR", None
    base = year or 2000
    date = draw(st.dates(dt.date(max(base, 1970), 1, 1), dt.date(min(base + 25, 2040), 12, 31)))
    if form == 2 and year is not None and date.year < year + 100:
        # A two-digit year is the first such year not before the cable's own.
        return f"DECL: {date:%m/%d/%y}", date
    return f"DECL: {date:%m/%d/%Y}", date


@st.composite
def _executive_order(draw: Any, *, year: int | None) -> ExecutiveOrder:
    order = draw(st.sampled_from(("12958", "12356", "13526", "11652")))
    instruction, date = _decl_instruction(draw, year)
    return ExecutiveOrder(order, date, instruction, raw=f"E.O. {order}: {instruction}")


@st.composite
def _tags_line(draw: Any) -> TagsLine:
    tags = draw(st.lists(st.sampled_from(_subject_tags()), min_size=1, max_size=5, unique=True))
    tags += draw(st.lists(st.sampled_from(_COUNTRY_TAGS), max_size=2, unique=True))
    tags = list(dict.fromkeys(tags))
    separator = draw(st.sampled_from((" ", ", ")))
    return TagsLine(tuple(tags), raw="TAGS: " + separator.join(tags))


@st.composite
def _subject_line(draw: Any) -> SubjectLine:
    country = draw(st.sampled_from(_COUNTRIES))
    words = draw(st.lists(st.sampled_from(_SUBJECT_WORDS), min_size=1, max_size=9))
    text = f"{country}: {' '.join(words)}"
    marking = draw(st.one_of(st.none(), st.sampled_from(("U", "C", "S", "SBU"))))
    raw = f"({marking}) {text}" if marking else text
    return SubjectLine(text, raw, marking)


@st.composite
def _classified_by(draw: Any) -> ClassifiedBy:
    name = f"{draw(st.sampled_from(_GIVEN))} {draw(st.sampled_from(_FAMILY))}"
    title = draw(st.sampled_from(_CLASSIFIER_TITLES))
    section = draw(st.sampled_from(("1.4", "1.4", "1.5")))
    letters = draw(st.lists(st.sampled_from("abcdefgh"), min_size=1, max_size=3, unique=True))
    letters.sort()
    spelled = " and ".join(f"({x})" for x in letters) if len(letters) <= 2 else \
        ", ".join(f"({x})" for x in letters[:-1]) + f" and ({letters[-1]})"
    if draw(st.booleans()):
        raw = f"Classified By: {title} {name} for reasons {section} {spelled}"
    else:
        raw = f"Classified By: {name}, {title}, for reasons {section} {spelled}."
    return ClassifiedBy((name,), title, tuple(f"{section}({x})" for x in letters), raw=raw)


@attrs.frozen
class _Citation:
    """A REF item as written and the cables it names."""

    text: str
    kind: str
    ids: tuple[str | None, ...]


@st.composite
def _citation(draw: Any, *, year: int | None, own_id: str | None) -> _Citation:
    if draw(st.integers(0, 4)) == 0:
        kind, text = draw(st.sampled_from(_NON_CABLE_REFS))
        return _Citation(text, kind, ())
    post = draw(st.one_of(st.sampled_from(_posts()), st.just(_STATE)))
    serials = draw(st.lists(st.integers(1, 999999), min_size=1, max_size=3, unique=True))
    cited_year = draw(st.one_of(st.none(), st.integers(1966, 2010)))
    text = f"{post.written} {serials[0]}"
    if cited_year is not None:
        text = f"{cited_year % 100:02d} {text}"
    if len(serials) > 1:
        text += "".join(f" AND {s}" for s in serials[1:-1]) + f" AND {serials[-1]}"
        text = text.replace(" AND ", ", ", len(serials) - 2)
    ids = tuple(_cited_id(post.station, s, cited_year, year, own_id) for s in serials)
    if any(i is not None and (i == own_id or i in _bad_ids()) for i in ids):
        kind, text = draw(st.sampled_from(_NON_CABLE_REFS))
        return _Citation(text, kind, ())
    return _Citation(text, "cable", ids)


def _cited_id(station: str, serial: int, cited_year: int | None, year: int | None,
              own_id: str | None) -> str | None:
    """The id a citation names.  Without a year of its own it takes the
    citing cable's year, except that a cable cannot cite a later serial of
    its own post from the same year: that one is from the year before."""
    if cited_year is not None:
        return f"{cited_year % 100:02d}{station}{serial}"
    if year is None:
        return None
    own = _OWN_ID.match(own_id or "")
    if own is not None and own.group(1) == station and serial > int(own.group(2)):
        year -= 1
    return f"{year % 100:02d}{station}{serial}"


_OWN_ID = module_patterns.compile(r"^\d{2}([A-Z]+?)(\d+)$")


def _references_of(letters: Sequence[str | None], cites: Sequence[_Citation]) -> tuple[Reference, ...]:
    out: list[Reference] = []
    for letter, cite in zip(letters, cites):
        if not cite.ids:
            out.append(Reference(letter, cite.kind, cite.text, None))
        else:
            out.extend(Reference(letter, "cable", cite.text, cid) for cid in cite.ids)
    return tuple(out)


@st.composite
def _ref_list(draw: Any, *, year: int | None, own_id: str | None, max_items: int) -> tuple[Reference, ...]:
    cites = draw(st.lists(_citation(year=year, own_id=own_id), min_size=1, max_size=max(1, max_items)))
    if len(cites) == 1 and draw(st.booleans()):
        return _references_of([None], cites)
    return _references_of([chr(ord("A") + i) for i in range(len(cites))], cites)


def ref_lists(*, year: int | None = None, max_items: int = 6) -> st.SearchStrategy[tuple[Reference, ...]]:
    """The references of one REF list (``REF: A. STATE 178111 ...``).

    ``year`` is the cable's year: items that carry no year of their own get
    it, and without it their ``canonical_id`` is ``None``, as in
    :func:`cablelib.parse`.  An item naming several cables
    (``PARIS 1234 AND 1256``) gives one :class:`Reference` per cable.
    """
    if year is not None:
        _check_count("year", year, minimum=1900, maximum=2099)
    _check_count("max_items", max_items, minimum=1, maximum=26)
    return _ref_list(year=year, own_id=None, max_items=max_items)


@st.composite
def _caption(draw: Any, *, post: _Post, serial: int, year: int | None, own_id: str | None,
             loose: bool, max_references: int) -> Caption:
    line = None if loose else draw(_classification_line(post=post, serial=serial))
    caveats = tuple(draw(st.lists(st.sampled_from(_CAVEATS), max_size=3, unique=True)))
    attention = tuple(dict.fromkeys(_attention(draw) for _ in range(draw(st.integers(0, 2)))))
    eo = draw(st.one_of(st.none(), _executive_order(year=year)))
    tags = draw(st.one_of(st.none(), _tags_line()))
    subject = draw(st.one_of(st.none(), _subject_line()))
    refs: tuple[Reference, ...] = ()
    if max_references and draw(st.booleans()):
        refs = draw(_ref_list(year=year, own_id=own_id, max_items=max_references))
    classified = draw(st.one_of(st.none(), _classified_by()))
    caption = Caption(line, caveats, attention, eo, tags, subject, refs, classified)
    if loose and caption == Caption():
        caption = attrs.evolve(caption, subject=draw(_subject_line()))
    return caption


def captions(*, year: int | None = None, loose: bool | None = None,
             max_references: int = 6) -> st.SearchStrategy[Caption]:
    """One copy of a caption block: classification line, caveats, attention
    lines, E.O., TAGS, SUBJECT, REF list, Classified By.

    ``loose=True`` draws a caption without its classification line (a
    fragment); ``False`` always has one; ``None`` either.  ``year`` is the
    cable's year, for REF items and two-digit DECL years.
    """
    _check_bool_or_none("loose", loose)
    if year is not None:
        _check_count("year", year, minimum=1900, maximum=2099)
    _check_count("max_references", max_references, minimum=0, maximum=26)

    @st.composite
    def one(draw: Any) -> Caption:
        post = draw(st.sampled_from(_posts()))
        is_loose = draw(st.booleans()) if loose is None else loose
        return draw(_caption(post=post, serial=draw(st.integers(1, 99999)), year=year, own_id=None,
                             loose=is_loose, max_references=max_references))

    return one()


# ---------------------------------------------------------------- body


@st.composite
def _paragraph_text(draw: Any, *, summary: bool) -> tuple[str, str | None]:
    text = draw(_prose())
    if not summary:
        return text, None
    inner = draw(_prose(max_sentences=3))
    after = draw(st.one_of(st.just(""), _prose(max_sentences=2)))
    return f"Summary: {inner} End summary.{' ' + after if after else ''}", inner


def _title(draw: Any) -> str:
    words = [draw(st.sampled_from(_TITLE_WORDS))]
    for _ in range(draw(st.integers(0, 4))):
        if draw(st.integers(0, 3)) == 0:
            words.append(draw(st.sampled_from(_TITLE_JOINERS)))
        words.append(draw(st.sampled_from(_TITLE_WORDS)))
    return " ".join(words)


@functools.cache
def _ref_item_match() -> Callable[[str], Any]:
    """``match`` of the base grammar's ``REF_ITEM`` terminal, as its parser has it."""
    from .registry import get_variant

    terminal = next(t for t in get_variant("generic").parser().terminals if t.name == "REF_ITEM")
    return module_patterns.compile(terminal.pattern.to_regexp()).match


def _lead_marking(draw: Any, text: str) -> str | None:
    """The marking of an unnumbered paragraph: none, or one that does not make it a REF item.

    Right after a REF list, ``(C) The Embassy said ...`` reads as the list's
    item C: the grammar takes ``(C)``/``(S)`` for a paragraph's marking only
    before a sentence's opening words (a capitalised word and two lower-case
    ones, grammars/envelope.lark).  Such a paragraph is drawn without a
    marking, wherever it stands, so that every drawn cable reads back.
    """
    marking = draw(st.one_of(st.none(), st.sampled_from(_LEAD_MARKINGS)))
    if marking is not None and _ref_item_match()(f"({marking}) {text}"):
        return None
    return marking


@attrs.frozen
class _BodyDraw:
    paragraphs: tuple[Paragraph, ...]
    artefacts: tuple[Artefact, ...]
    signers: tuple[str, ...]
    summary: str | None


@st.composite
def _body(draw: Any, *, post: _Post, serial: int, max_paragraphs: int, page_breaks: bool,
          min_paragraphs: int = 1) -> _BodyDraw:
    from .render import heading_block

    count = draw(st.integers(min_paragraphs, max(min_paragraphs, max_paragraphs)))
    numbered = draw(st.integers(0, 4)) != 0
    first_number = draw(st.sampled_from((1, 1, 1, 2)))
    lead_unnumbered = numbered and draw(st.integers(0, 5)) == 0
    with_summary = draw(st.integers(0, 3)) == 0
    paragraphs: list[Paragraph] = []
    artefacts: list[Artefact] = []
    summary = None
    pages = draw(st.integers(2, 5))
    page = 2
    for index in range(count):
        heading = None
        if draw(st.integers(0, 3)) == 0:
            heading = _title(draw)
            artefacts.append(Artefact("heading", heading_block(heading)))
        text, inner = draw(_paragraph_text(summary=with_summary and index == 0))
        if inner is not None:
            summary = inner
        if numbered and not (lead_unnumbered and index == 0):
            number = first_number + index - (1 if lead_unnumbered else 0)
            marking = draw(st.one_of(st.none(), st.sampled_from(_PARA_MARKINGS)))
        else:
            number = None
            marking = _lead_marking(draw, text)
        paragraphs.append(Paragraph(number, marking, heading, text))
        if page_breaks and page <= pages and draw(st.integers(0, 5)) == 0:
            artefacts.append(Artefact("page-break", _page_line(draw, post, serial, page, pages)))
            page += 1
    signers: tuple[str, ...] = ()
    if paragraphs and draw(st.integers(0, 3)) != 0:
        names = tuple(draw(st.lists(st.sampled_from(_SURNAMES), min_size=1, max_size=2, unique=True)))
        signers = names
        artefacts.append(Artefact("signature", "/".join(names)))
    return _BodyDraw(tuple(paragraphs), tuple(artefacts), signers, summary)


def paragraphs(*, numbered: bool | None = None) -> st.SearchStrategy[Paragraph]:
    """A body paragraph: ``7. (SBU) Although Cambodia ...``.

    ``numbered=True`` always has a number, ``False`` never (an unnumbered
    paragraph may still open with a marking, ``(U) Text``), ``None`` either.
    The text is cable prose of one to five sentences, its lines joined by
    single spaces as :func:`cablelib.parse` gives it.
    """
    _check_bool_or_none("numbered", numbered)

    @st.composite
    def one(draw: Any) -> Paragraph:
        is_numbered = draw(st.booleans()) if numbered is None else numbered
        text = draw(_prose())
        if is_numbered:
            if draw(st.integers(0, 9)) == 0:  # a text that opens with a figure: "103 people applied ..."
                text = f"{draw(st.integers(2, 999))} {text[0].lower()}{text[1:]}"
            return Paragraph(draw(st.integers(1, 99)), draw(st.one_of(st.none(), st.sampled_from(_PARA_MARKINGS))),
                             None, text)
        return Paragraph(None, draw(st.one_of(st.none(), st.sampled_from(_LEAD_MARKINGS))), None, text)

    return one()


# ---------------------------------------------------------------- whole cables


def _first(items: Sequence[Caption], name: str) -> Any:
    for item in items:
        value = getattr(item, name)
        if value:
            return value
    return None


@st.composite
def _cable(draw: Any, *, variant: str | None, with_envelope: bool | None, with_captions: bool | None,
           with_body: bool | None, page_breaks: bool, max_paragraphs: int, max_references: int,
           max_recipients: int) -> Cable:
    from .render import render

    has_envelope = draw(st.booleans()) if with_envelope is None else with_envelope
    has_captions = draw(st.booleans()) if with_captions is None else with_captions
    has_body = (draw(st.booleans()) if with_body is None else with_body) and max_paragraphs > 0
    post = draw(st.one_of(st.sampled_from(_posts()), st.just(_STATE)))
    serial = draw(st.integers(1, 9999))
    artefacts: list[Artefact] = []
    if draw(st.integers(0, 7)) == 0:
        artefacts.append(Artefact(*draw(st.sampled_from(_NOTICES))))

    env = None
    if has_envelope:
        env, found = draw(_envelope(post=post, serial=serial, max_recipients=max_recipients,
                                    page_breaks=page_breaks))
        artefacts.extend(found)
    year = env.dtg.year if env else None

    caption_list: list[Caption] = []
    own_id = None
    if has_captions:
        loose = not has_envelope and draw(st.integers(0, 3)) == 0
        if not loose and year is not None:
            own_id = f"{year % 100:02d}{post.station}{serial}"
        elif loose and env is not None:
            own_id = env.own_id_from_station
        first = draw(_caption(post=post, serial=serial, year=year, own_id=own_id, loose=loose,
                              max_references=max_references))
        caption_list.append(first)
        if not loose and draw(st.integers(0, 3)) == 0:
            caption_list.append(first)  # the caption written twice, as in the seed
        extra = []
        if draw(st.integers(0, 9)) == 0:
            extra.append(Artefact("corrected", "C O R R E C T E D COPY - ADDED NOFORN CAPTION"))
        if page_breaks and draw(st.integers(0, 9)) == 0:
            extra.append(Artefact("page-break", _page_line(draw, post, serial, 2, 3)))
        artefacts.extend(extra)
    elif env is not None:
        own_id = env.own_id_from_station
    if own_id is not None and own_id in _bad_ids():
        own_id = None  # never drawn in practice; the correction table would rewrite it

    body_draw = None
    if has_body:
        body_draw = draw(_body(post=post, serial=serial, max_paragraphs=max_paragraphs,
                               page_breaks=page_breaks))
        artefacts.extend(body_draw.artefacts)

    line = _first(caption_list, "classification_line")
    caveats: dict[str, None] = {}
    attention: dict[str, None] = {}
    references: dict[tuple[str | None, str, str | None], Reference] = {}
    for caption in caption_list:
        if caption.classification_line is not None:
            caveats.update(dict.fromkeys(caption.classification_line.caveats))
        caveats.update(dict.fromkeys(caption.caveats))
        attention.update(dict.fromkeys(caption.attention))
        for ref in caption.references:
            references.setdefault(repeat_key(ref.letter, ref.text, ref.canonical_id), ref)
    eo = _first(caption_list, "executive_order")
    tags = _first(caption_list, "tags")
    subject = _first(caption_list, "subject")
    cable = Cable(
        reference_id=own_id,
        classification=line.classification if line else None,
        envelope=env.envelope if env else None,
        dtg=env.dtg if env else None,
        sender=env.sender if env else None,
        recipients=env.to if env else (),
        info_recipients=env.info if env else (),
        classification_line=line,
        caveats=tuple(caveats),
        attention=tuple(attention),
        executive_order=eo.order if eo else None,
        declassify_on=eo.declassify_on if eo else None,
        tags=tags.tags if tags else (),
        subject=subject.text if subject else None,
        subject_raw=subject.raw if subject else None,
        references=tuple(references.values()),
        classified_by=_first(caption_list, "classified_by"),
        paragraphs=body_draw.paragraphs if body_draw else (),
        summary=body_draw.summary if body_draw else None,
        signers=body_draw.signers if body_draw else (),
        variant=variant or "generic",
        captions=tuple(caption_list),
        artefacts=tuple(artefacts),
        wrapper=Wrapper(container="raw"),
    )
    text = render(cable)
    if variant is None:  # the variant cablelib.parse chooses for this text
        from .registry import default_registry

        cable = attrs.evolve(cable, variant=default_registry.guess(text).name)
    return attrs.evolve(cable, source=text)


def cables(
    *,
    variant: str | None = None,
    envelope: bool | None = None,
    captions: bool | None = None,
    body: bool | None = None,
    page_breaks: bool = True,
    max_paragraphs: int = 6,
    max_references: int = 4,
    max_recipients: int = 4,
) -> st.SearchStrategy[Cable]:
    """Cables as :func:`cablelib.parse` returns them.

    Each drawn ``cable`` satisfies ``cablelib.parse(cablelib.render(cable))
    == cable``: its ``source`` is the rendered text, its ``wrapper`` is the
    ``raw`` container's, it has no diagnostics, and every cable-level field
    (``reference_id``, ``subject``, ``caveats``, ``references``, ``summary``,
    ``signers``...) is derived from its parts by the rules of the API
    contract.  Spans are ``None``.

    Args:
        variant: the name of a registered variant the cable is for
            (``'generic'`` by default).
        envelope: ``True`` always draws a transmission envelope (date-time
            group, FM, TO, INFO, and about half the time the ACP-127 head),
            ``False`` never, ``None`` sometimes.
        captions: the same for the caption block (drawn once or, like the
            seed, twice; without an envelope sometimes without its
            classification line).
        body: the same for the body (paragraphs, underlined headings, the
            signature).
        page_breaks: whether page-break lines may appear (in the address
            lists, the caption, between paragraphs).
        max_paragraphs: at most this many paragraphs (``0``: no body).
        max_references: at most this many items in a REF list (``0``: none).
        max_recipients: at most this many INFO addressees (TO has 1-3).
    """
    name = None if variant is None else _check_variant(variant)
    for flag, value in (("envelope", envelope), ("captions", captions), ("body", body)):
        _check_bool_or_none(flag, value)
    if not isinstance(page_breaks, bool):
        raise InvalidArgument(f"page_breaks={page_breaks!r} must be a bool")
    _check_count("max_paragraphs", max_paragraphs, maximum=200)
    _check_count("max_references", max_references, maximum=26)
    _check_count("max_recipients", max_recipients, maximum=200)
    return _cable(variant=name, with_envelope=envelope, with_captions=captions, with_body=body,
                  page_breaks=page_breaks, max_paragraphs=max_paragraphs,
                  max_references=max_references, max_recipients=max_recipients)


# ---------------------------------------------------------------- grammar-driven texts


def _line(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A terminal's text on a line of its own."""
    return strategy.map(lambda text: text + "\n")


def _of(make: Callable[[Any], str]) -> st.SearchStrategy[str]:
    @st.composite
    def build(draw: Any) -> str:
        return make(draw)

    return build()


def _draw_post(draw: Any) -> _Post:
    return draw(st.sampled_from(_posts()))


def terminal_strategies() -> dict[str, st.SearchStrategy[str]]:
    """Realistic text for each terminal of the base grammar, by terminal name.

    These are the ``explicit`` strategies :func:`cable_texts` passes to
    :func:`hypothesis.extra.lark.from_lark`.  Each draws the terminal's text
    followed by a line break, so that consecutive terminals stay on lines of
    their own.  A variant grammar that adds terminals can extend the dict.
    """
    def recipient_text(draw: Any) -> str:
        return _recipient_line(attrs.evolve(draw(_recipient(may_exclude=False)), excluded=()))

    def dtg_text(draw: Any) -> str:
        return f"{draw(st.sampled_from(('P', 'O', 'R', 'P R')))} {_dtg_raw(draw(_dates()))}"

    def station_text(draw: Any) -> str:
        from .render import station_line

        when = draw(_dates())
        return station_line(_draw_post(draw).routing, draw(st.integers(1, 9999)),
                            draw(st.one_of(st.none(), st.integers(1, 9))),
                            f"{when.timetuple().tm_yday:03d}{when:%H%M}")

    def classification_text(draw: Any) -> str:
        return draw(_classification_line(post=_draw_post(draw), serial=draw(st.integers(1, 99999)))).raw

    def ref_text(draw: Any) -> str:
        return draw(_citation(year=None, own_id=None)).text

    def page_text(draw: Any) -> str:
        return _page_line(draw, _draw_post(draw), draw(st.integers(1, 99999)), 2, 3)

    def para_text(draw: Any) -> str:
        from .render import paragraph_head, wrap

        paragraph = draw(paragraphs(numbered=True))
        head = paragraph_head(paragraph)
        if paragraph.marking is not None and draw(st.integers(0, 9)) == 0:
            head = head.replace(".", " .", 1)  # "2 . (U) ", as some of 08CURACAO82's heads are written
        if draw(st.integers(0, 9)) == 0:  # a title on the number's line over a dash line (09ASMARA429)
            title = _title(draw)
            return f"{head}{title}\n{'-' * len(title)}\n{wrap('', draw(_prose()))}"
        return wrap(head, draw(_prose()))

    def prose_text(draw: Any) -> str:
        from .render import wrap

        return wrap("", draw(_prose()))

    def heading_text(draw: Any) -> str:
        from .render import heading_block

        title = _title(draw)
        layout = draw(st.integers(0, 9))
        if layout == 1:  # title and underline on one line (07TOKYO5492)
            return f"{title} ---------------"
        if layout == 2:  # a title of two lines in a frame (06PARTO9)
            words = title.split(" ")
            if len(words) > 1:
                half = len(words) // 2
                return f"----------\n{' '.join(words[:half])}\n{' '.join(words[half:])}\n----------"
        if layout == 3:  # blank lines in the frame (06SAOPAULO465)
            return f"----------\n\n{title}\n\n----------"
        return heading_block(title)

    def signature_text(draw: Any) -> str:
        return "/".join(draw(st.lists(st.sampled_from(_SURNAMES), min_size=1, max_size=2, unique=True)))

    def body_rest_text(draw: Any) -> str:
        # BODY_REST (declared; cablelib's parse loop makes it): what may follow a body's first item.
        items = st.one_of(_of(para_text), _of(prose_text), _of(heading_text), _of(page_text))
        return "\n\n".join(draw(st.lists(items, min_size=1, max_size=3)))

    def routing_text(draw: Any) -> str:
        indicators = draw(st.lists(st.sampled_from(_routing_indicators()), min_size=1, max_size=4))
        return " ".join((draw(st.sampled_from(("PP", "OO", "RR"))), *indicators))

    def ref_item_text(draw: Any) -> str:
        return f"{draw(st.sampled_from('BCDEFGH'))}. {ref_text(draw)}"

    return {
        "PARTIAL_NOTICE": _line(st.just(_NOTICES[0][1])),
        "MEDIA_DATE": _line(st.sampled_from((_NOTICES[1][1], _NOTICES[2][1]))),
        "CABLE_DATED": _line(st.just(_NOTICES[3][1])),
        "INBOX_LINE": _line(st.just("Cable Text:")),
        "DISTRIBUTION": _line(st.sampled_from(("ACTION AF-00", "ORIGIN DS-00", "TED8265"))),
        "PRINT_HEADER": _line(st.sampled_from(("S E C R E T   STATE   00119085",
                                                "UNCLASSIFIED   TRIPOLI   00000641"))),
        "RECORD": _line(st.just("=====CABLE ENDS=====")),
        # (a blank line ends it: the lines after a Subject: line wrap it)
        "MAIL_HEADER": _line(st.just("From: Doe, Jane\nSent: Monday, May 05, 2008 10:12 AM\n"
                                     "To: Smith, John\nSubject: TRIPOLI 126\n")),
        "MEDIA_META": _line(st.just("US embassy cable - 08AMMAN872\nClass: CONFIDENTIAL")),
        "ADDRESS_FRAGMENT": _line(_of(lambda d: f"{_draw_post(d).kind} {_draw_post(d).written} PRIORITY")),
        "TRANSMISSION_LINE": _line(st.integers(0, 9999).map("VZCZCXRO{:04d}".format)),
        "ROUTING_LINE": _line(_of(routing_text)),
        "STATION_LINE": _line(_of(station_text)),
        "SECURITY_LINE": _line(st.sampled_from(("ZNR UUUUU ZZH", "ZNY CCCCC ZZH"))),
        "CCY_LINE": _line(st.just("(CCY - ADDED NOFORN CAPTION)")),
        "DTG_LINE": _line(_of(dtg_text)),
        "FM_LINE": _line(_of(lambda d: f"FM {_draw_post(d).kind} {_draw_post(d).written}")),
        "TO_LINE": _line(_of(lambda d: f"TO {recipient_text(d)}")),
        "INFO_LINE": _line(_of(lambda d: f"INFO {recipient_text(d)}")),
        "RECIPIENT_LINE": _line(_of(recipient_text)),
        # An addressee line: the media partner's date line that this form needs glued
        # after it is a notice, which the grammar does not put between addressees.
        "DATED_RECIPIENT_LINE": _line(_of(recipient_text)),
        "XMT_LINE": _line(_of(lambda d: f"XMT {_draw_post(d).kind} {_draw_post(d).written}")),
        "ADDRESS_PAGE_LINE": _line(_of(page_text)),
        "CLASSIFICATION_LINE": _line(_of(classification_text)),
        "CAVEAT_LINE": _line(st.sampled_from(_CAVEATS + ("SENSITIVE BUT UNCLASSIFIED",))),
        "ATTENTION_LINE": _line(_of(lambda d: _attention(d, notes=False))),
        "EO_LINE": _line(_of(lambda d: d(_executive_order(year=2006)).raw)),
        "TAGS_LINE": _line(_of(lambda d: d(_tags_line()).raw)),
        "SUBJECT_LINE": _line(_of(lambda d: "SUBJECT: " + d(_subject_line()).raw)),
        "REF_LINE": _line(_of(lambda d: f"REF: A. {ref_text(d)}")),
        "REF_ITEM": _line(_of(ref_item_text)),
        "REF_PAGE_LINE": _line(_of(page_text)),
        "CLASSIFIED_BY_LINE": _line(_of(lambda d: d(_classified_by()).raw)),
        "PAGE_LINE": _line(_of(page_text)),
        "CORRECTED_NOTICE": _line(st.just("C O R R E C T E D COPY - ADDED NOFORN CAPTION")),
        "DECLASSIFIED_NOTE": _line(st.just(
            "Declassified/Released US Department of State EO Systematic Review 30 JUN 2005")),
        "CAPTION_NOTE": _line(st.sampled_from(("AIDAC", "TERREP", "USAID/W"))),
        "PARA": _line(_of(para_text)),
        "TEXT": _line(_of(prose_text)),
        "HEADING": _line(_of(heading_text)),
        "SIGNATURE": _line(_of(signature_text)),
        "BODY_REST": _line(_of(body_rest_text)),
    }


_IGNORED = st.sampled_from(("\n", "\n\n", "\n\n\n", " \n", "\n  \n", "\t\n"))


@functools.cache
def _text_grammar(variant: str) -> Any:
    """The variant's grammar as a plain Lark object (no transformer, no cache)."""
    import lark

    from .grammar import grammar_dir, grammar_text
    from .registry import get_variant

    grammar = get_variant(variant).grammar
    path = Path(grammar)
    if path.is_absolute():
        text, dirs = path.read_text(encoding="utf-8"), [str(grammar_dir()), str(path.parent)]
    else:
        text, dirs = grammar_text(grammar), [str(grammar_dir())]
    return lark.Lark(text, parser="lalr", lexer="contextual", import_paths=dirs,
                     start=["start", "envelope_head", "addressing", "captions", "ref_list", "body"],
                     maybe_placeholders=False)


@functools.cache
def _grammar_terminals(variant: str, start: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """The terminals reachable from ``start`` and the ignored ones (as from_lark sees them)."""
    grammar = _text_grammar(variant)
    terminals, rules, ignore = grammar.grammar.compile([start], ())
    names = {t.name for t in terminals} | set(ignore)
    for rule in rules:
        names.update(s.name for s in rule.expansion if s.is_term)
    return frozenset(names), tuple(ignore)


_STARTS = ("start", "envelope_head", "addressing", "captions", "ref_list", "body")


def cable_texts(*, variant: str | None = None, start: str = "start",
                explicit: dict[str, st.SearchStrategy[str]] | None = None) -> st.SearchStrategy[str]:
    """Cable texts that the variant's grammar accepts (``cablelib.parse(text,
    strict=True)`` succeeds), drawn from the grammar itself.

    The grammar allows the envelope to repeat (database dumps print it
    twice), and repeats are drawn independently: when two DE lines name
    different messages the cable has an ``other-cable`` diagnostic, as a
    real text pasted together from two messages would.

    Args:
        variant: a registered variant name (``'generic'`` by default).
        start: the grammar rule to start from: ``'start'`` (a whole cable)
            or a part (``'envelope_head'``, ``'addressing'``, ``'captions'``,
            ``'ref_list'``, ``'body'``).  Every part is itself a text that
            :func:`cablelib.parse` accepts.
        explicit: strategies for terminals, by name, that replace or add to
            :func:`terminal_strategies` (for a variant's own terminals).
    """
    name = _check_variant(variant)
    if start not in _STARTS:
        raise InvalidArgument(f"start={start!r} must be one of {_STARTS}")
    if explicit is not None and not (isinstance(explicit, dict) and all(
            isinstance(k, str) and isinstance(v, st.SearchStrategy) for k, v in explicit.items())):
        raise InvalidArgument("explicit must be a dict of terminal names to strategies")
    from hypothesis.extra.lark import from_lark

    known, ignored = _grammar_terminals(name, start)
    strategies = {k: v for k, v in terminal_strategies().items() if k in known}
    for ignore in ignored:
        strategies[ignore] = _IGNORED
    if explicit:
        strategies.update({k: v for k, v in explicit.items() if k in known})
    return from_lark(_text_grammar(name), start=start, explicit=strategies)


def envelope_texts(*, variant: str | None = None) -> st.SearchStrategy[str]:
    """The ACP-127 head of a cable (``VZCZC`` ... ``ZNR UUUUU ZZH``), from the grammar."""
    return cable_texts(variant=variant, start="envelope_head")


def caption_texts(*, variant: str | None = None) -> st.SearchStrategy[str]:
    """Caption blocks (classification line ... Classified By), from the grammar."""
    return cable_texts(variant=variant, start="captions")


def ref_list_texts(*, variant: str | None = None) -> st.SearchStrategy[str]:
    """A REF list alone (``REF: A. STATE 178111`` and item lines), from the grammar."""
    return cable_texts(variant=variant, start="ref_list")


def body_texts(*, variant: str | None = None) -> st.SearchStrategy[str]:
    """Cable bodies (paragraphs, headings, page breaks, signature), from the grammar."""
    return cable_texts(variant=variant, start="body")
