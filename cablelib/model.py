"""The cable model: frozen, slotted ``attrs`` classes built by the transformer.

Why attrs and not dicts: the model is the public contract of cablelib
(``docs/api-contract.md`` in the project's shared notes).  Frozen classes are
hashable and safe to share between threads and processes; tuples instead of
lists keep them so.  Every node that comes from the text carries a
:class:`Span`; spans take no part in equality, so a model rebuilt from JSON or
produced by a hypothesis strategy compares equal to a parsed one.

No ``lark.Tree`` or ``lark.Token`` is ever stored here: the converters below
turn every string into a plain ``str``.
"""

from __future__ import annotations

import datetime as _dt
import operator
from typing import Any

import attr
import attrs

__all__ = [
    "Span",
    "Diagnostic",
    "Recipient",
    "Envelope",
    "ClassificationLine",
    "ExecutiveOrder",
    "TagsLine",
    "SubjectLine",
    "Reference",
    "ClassifiedBy",
    "Caption",
    "Paragraph",
    "Artefact",
    "Wrapper",
    "Cable",
]


def _str_or_none(value: Any) -> str | None:
    """Plain ``str`` (never a Lark ``Token``) or ``None``."""
    return None if value is None else str(value)


def _str_tuple(values: Any) -> tuple[str, ...]:
    """A tuple of plain ``str`` (``map`` rather than a generator: it runs ~20 times a parse)."""
    return tuple(map(str, values))


def _tuple(values: Any) -> tuple[Any, ...]:
    """``tuple(values)``, as a Python function (see the converters below)."""
    return tuple(values)


# Why the converters are shared objects: attrs reads each converter's
# signature (for the annotations of ``__init__``) with ``inspect.signature``
# when it builds a class, once per field unless the field is given an
# ``attrs.Converter``, which keeps what it read.  That was 64 signatures at
# every import, and the one of the built-in ``tuple`` is parsed from its
# text signature through ``tokenize``, whose big regex is compiled on first
# use: ~4 ms of a fresh process (benchmarks/bench_startup.py).  A Python
# function has a plain signature, hence ``_tuple``.  attrs before 24.1 has
# no ``Converter``; there the plain functions are used as they are.  Not
# public API (not in ``__all__``); cablelib.sources.unwrapped uses them too.
_converter = getattr(attrs, "Converter", lambda function: function)
TO_STR = _converter(str)
TO_STR_OR_NONE = _converter(_str_or_none)
TO_STR_TUPLE = _converter(_str_tuple)
TO_TUPLE = _converter(_tuple)


# Why one shared ``__repr__``: attrs compiles a ``__repr__`` for each class
# when the class is made, 40 % of making a model class (~0.3 ms each; 20
# classes at every ``import cablelib``, benchmarks/bench_startup.py).  This
# function gives the same text for every class (tests/test_model.py
# compares it with attrs' own on every class); only attrs' guard against a
# repr that reaches itself is left out: model objects are frozen trees,
# built bottom-up, so they hold no cycles.
_REPR_FIELDS: dict[type, tuple[tuple[str, Any], ...]] = {}


def attrs_style_repr(self: Any) -> str:
    """``ClassName(field=value, ...)`` over the fields whose ``repr`` is not ``False``, as attrs writes it."""
    cls = type(self)
    shown = _REPR_FIELDS.get(cls)
    if shown is None:
        shown = _REPR_FIELDS[cls] = tuple((a.name, repr if a.repr is True else a.repr)
                                          for a in attrs.fields(cls) if a.repr is not False)
    fields = ", ".join([f"{name}={show(getattr(self, name, attrs.NOTHING))}" for name, show in shown])
    return f"{cls.__qualname__.rsplit('>.', 1)[-1]}({fields})"


def _span_field() -> Any:
    return attrs.field(default=None, eq=False, repr=False, kw_only=True)


@attrs.frozen(repr=False)  # repr: attrs_style_repr, below
class Span:
    """Where a node came from in :attr:`Cable.source`.

    ``start`` and ``end`` are 0-based character offsets, ``end`` exclusive, so
    ``cable.source[span.start:span.end]`` is the node's text.  ``line`` and
    ``column`` are 1-based and give the position of ``start`` (Lark's
    convention, so they need no conversion).
    """

    start: int
    end: int
    line: int
    column: int

    def slice(self, text: str) -> str:
        """The text this span covers in ``text``."""
        return text[self.start : self.end]


def make_span(start: int, end: int, line: int, column: int) -> Span:
    """``Span(start, end, line, column)``, for the parser's hot paths (~47 a cable).

    attrs' ``__init__`` of a frozen class sets each field through a bound
    ``object.__setattr__``; ``Span`` has no defaults, converters, validators
    or hooks, so setting its four slots directly builds the same object in
    two thirds of the time.  tests/test_fast_paths.py checks that the fields
    stay that plain and that both give equal spans.
    """
    span = _new_object(Span)
    _set_start(span, start)
    _set_end(span, end)
    _set_line(span, line)
    _set_column(span, column)
    return span


def span_at(text: str, start: int, end: int) -> Span:
    """The span of ``text[start:end]``, its line and column counted from the start of ``text``.

    For nodes found after the parse (artefacts cut from a paragraph's text,
    a paragraph split in two), where no token carries the position.  It
    reads the text before ``start`` once: the loops that make many spans of
    one text count on from the previous one instead (``api._continuations``).
    """
    return make_span(start, end, text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start))


_new_object = object.__new__
_set_start, _set_end, _set_line, _set_column = (
    Span.__dict__[name].__set__ for name in ("start", "end", "line", "column"))


@attrs.frozen(repr=False)  # repr: attrs_style_repr, below
class Diagnostic:
    """Something the parser noticed but could not place, or a repair it made.

    ``code`` is a short stable identifier (``'unexpected-text'``,
    ``'duplicate-caption'``, ...) that tools can filter on; ``message`` is for
    people.  Lenient parsing turns every problem into one of these instead of
    raising.
    """

    code: str = attrs.field(converter=TO_STR)
    message: str = attrs.field(converter=TO_STR)
    span: Span | None = _span_field()


@attrs.frozen(repr=False)  # repr: attrs_style_repr, below
class Recipient:
    """One TO / INFO addressee line: ``RUEHC/SECSTATE WASHDC PRIORITY 7672``."""

    route: str | None = attrs.field(converter=TO_STR_OR_NONE)
    """Routing indicator before the slash, or ``None`` when none is written."""
    name: str = attrs.field(converter=TO_STR)
    """Plain-language address (``SECSTATE WASHDC``, ``ASEAN COLLECTIVE``)."""
    precedence: str | None = attrs.field(default=None, converter=TO_STR_OR_NONE)
    """``FLASH``, ``NIACT IMMEDIATE``, ``IMMEDIATE``, ``PRIORITY``, ``ROUTINE`` or ``None``."""
    serial: str | None = attrs.field(default=None, converter=TO_STR_OR_NONE)
    """Message continuity number as written, leading zeros kept (``'0872'``)."""
    excluded: tuple[str, ...] = attrs.field(default=(), converter=TO_STR_TUPLE)
    """Addressees excluded from this collective by the ``XMT`` lines after it."""
    span: Span | None = _span_field()

    @property
    def station_name(self) -> str | None:
        """The station of :attr:`route` in the shipped routing-indicator table, if known."""
        from .lookups import station_name

        return station_name(self.route)


@attrs.frozen(repr=False)  # repr: attrs_style_repr, below
class Envelope:
    """The ACP-127 transmission envelope (format lines 1-8).

    Old headers that start at the date-time group leave the FL1-FL4 fields
    ``None``; the DTG, sender and recipients live on :class:`Cable`.
    """

    transmission_id: str | None = attrs.field(default=None, converter=TO_STR_OR_NONE)
    """FL1 as written: ``VZCZCXRO5044``."""
    precedence: str | None = attrs.field(default=None, converter=TO_STR_OR_NONE)
    """FL2 precedence prosigns as written: ``PP``."""
    routing_indicators: tuple[str, ...] = attrs.field(default=(), converter=TO_STR_TUPLE)
    """FL2 routing indicators in order."""
    station: str | None = attrs.field(default=None, converter=TO_STR_OR_NONE)
    """FL3 originating station routing indicator: ``RUEHPF``."""
    sequence: int | None = None
    """FL3 station serial after ``#``."""
    section: int | None = None
    """FL3 section number after the slash."""
    filed: str | None = attrs.field(default=None, converter=TO_STR_OR_NONE)
    """FL3 julian day-and-time of file, as written (``3380808``)."""
    security: str | None = attrs.field(default=None, converter=TO_STR_OR_NONE)
    """FL4 as written: ``ZNR UUUUU ZZH``."""
    dtg_precedence: str | None = attrs.field(default=None, converter=TO_STR_OR_NONE)
    """FL5 precedence letters before the date-time group: ``P`` or ``P R``."""
    dtg_raw: str | None = attrs.field(default=None, converter=TO_STR_OR_NONE)
    """FL5 date-time group as written: ``040808Z DEC 06``."""
    span: Span | None = _span_field()

    @property
    def station_name(self) -> str | None:
        """The originating station's name (:attr:`station` looked up), if known."""
        from .lookups import station_name

        return station_name(self.station)


@attrs.frozen(repr=False)  # repr: attrs_style_repr, below
class ClassificationLine:
    """The first caption line: ``UNCLAS SECTION 01 OF 02 PHNOM PENH 002131``."""

    classification: str | None = attrs.field(converter=TO_STR_OR_NONE)
    """Spelled out: ``UNCLASSIFIED``, ``CONFIDENTIAL``, ``SECRET``, ..."""
    section: int | None = None
    sections: int | None = None
    post: str | None = attrs.field(default=None, converter=TO_STR_OR_NONE)
    """Post name as written, with spaces: ``PHNOM PENH``."""
    serial: int | None = None
    caveats: tuple[str, ...] = attrs.field(default=(), converter=TO_STR_TUPLE)
    """Caveats written on the classification line itself (``NOFORN``, ``EFTO``)."""
    raw: str = attrs.field(default="", converter=TO_STR)
    span: Span | None = _span_field()


@attrs.frozen(repr=False)  # repr: attrs_style_repr, below
class ExecutiveOrder:
    """The ``E.O. 12958: DECL: 01/26/2019`` line."""

    order: str | None = attrs.field(converter=TO_STR_OR_NONE)
    declassify_on: _dt.date | None = None
    instruction: str | None = attrs.field(default=None, converter=TO_STR_OR_NONE)
    """Everything after the order number, as written (``N/A``, ``DECL: OADR``)."""
    raw: str = attrs.field(default="", converter=TO_STR)
    span: Span | None = _span_field()


@attrs.frozen(repr=False)  # repr: attrs_style_repr, below
class TagsLine:
    """The TAGS line as written, with its split tags."""

    tags: tuple[str, ...] = attrs.field(converter=TO_STR_TUPLE)
    raw: str = attrs.field(default="", converter=TO_STR)
    span: Span | None = _span_field()


@attrs.frozen(repr=False)  # repr: attrs_style_repr, below
class SubjectLine:
    """The SUBJECT line(s): ``text`` is clean, ``raw`` keeps a leading marking."""

    text: str = attrs.field(converter=TO_STR)
    raw: str = attrs.field(converter=TO_STR)
    marking: str | None = attrs.field(default=None, converter=TO_STR_OR_NONE)
    span: Span | None = _span_field()


@attrs.frozen(repr=False)  # repr: attrs_style_repr, below
class Reference:
    """One item of a REF list."""

    letter: str | None = attrs.field(converter=TO_STR_OR_NONE)
    kind: str = attrs.field(converter=TO_STR)
    """``cable``, ``email``, ``telcon``, ``report``, ``book``, ``fax``, ``memo``,
    ``meeting``, ``web`` or ``other``."""
    text: str = attrs.field(converter=TO_STR)
    """The item as written, without its letter."""
    canonical_id: str | None = attrs.field(default=None, converter=TO_STR_OR_NONE)
    span: Span | None = _span_field()


@attrs.frozen(repr=False)  # repr: attrs_style_repr, below
class ClassifiedBy:
    """The classification authority: ``Classified By: ... Reasons 1.4 (b) and (d)``."""

    names: tuple[str, ...] = attrs.field(converter=TO_STR_TUPLE)
    title: str | None = attrs.field(default=None, converter=TO_STR_OR_NONE)
    reasons: tuple[str, ...] = attrs.field(default=(), converter=TO_STR_TUPLE)
    raw: str = attrs.field(default="", converter=TO_STR)
    span: Span | None = _span_field()


@attrs.frozen(repr=False)  # repr: attrs_style_repr, below
class Caption:
    """One copy of the caption block.

    Cables often carry the caption twice (the seed does); each copy is kept
    here in text order so that tools can see which copy a field came from.
    The cable-level fields take each value from the first copy that has it.
    """

    classification_line: ClassificationLine | None = None
    caveats: tuple[str, ...] = attrs.field(default=(), converter=TO_STR_TUPLE)
    attention: tuple[str, ...] = attrs.field(default=(), converter=TO_STR_TUPLE)
    executive_order: ExecutiveOrder | None = None
    tags: TagsLine | None = None
    subject: SubjectLine | None = None
    references: tuple[Reference, ...] = attrs.field(default=(), converter=TO_TUPLE)
    classified_by: ClassifiedBy | None = None
    span: Span | None = _span_field()


@attrs.frozen(repr=False)  # repr: attrs_style_repr, below
class Paragraph:
    """A body paragraph: ``7. (SBU) Although Cambodia ...``."""

    number: int | None
    marking: str | None = attrs.field(converter=TO_STR_OR_NONE)
    heading: str | None = attrs.field(converter=TO_STR_OR_NONE)
    text: str = attrs.field(converter=TO_STR)
    span: Span | None = _span_field()


@attrs.frozen(repr=False)  # repr: attrs_style_repr, below
class Artefact:
    """A piece of layout that carries no field of its own but is kept, with its span.

    ``kind`` is one of ``notice`` (partial-extract notice, media-partner date
    line, inbox header, 'Cable dated:' stamp), ``distribution`` (a
    receiving-side distribution block), ``ccy`` (a correction note after the
    security line), ``corrected`` (a corrected-copy banner), ``page-break``
    (a printed page header), ``heading`` (an underlined heading; its title is
    also on the next :class:`Paragraph`), ``record`` (a database row or block
    a publisher put before a second copy of the header), ``declassification``
    (a systematic-review stamp or archive note), ``envelope-copy`` (a second
    copy of the envelope, whose values only fill gaps in the first),
    ``caption-copy`` (the classification line and caption again, run together
    on one line after a paragraph, as in a cut-off body),
    ``section-header`` (a later section's header repeated in a printout's
    body: distribution block, envelope, section line and caption, in pieces
    around its page lines: :mod:`cablelib.section_headers`),
    ``underline`` (the rest of a heading's underline after a page break cut
    it, 06KABUL2862), ``line-continuation`` (a line-end backslash of a database dump, read as a
    space), ``truncated-copy`` (a first copy of the caption, and perhaps of the
    body's start, cut off with ``...`` before a database record or the whole
    text: :mod:`cablelib.truncated_copy`), ``copy-repeat`` (the whole text's
    run-together repeat of the lines of such a copy that were read instead)
    and ``signature`` (the
    signature line(s) and any trailer after them).  Keeping them means nothing in the
    text is silently dropped.
    """

    kind: str = attrs.field(converter=TO_STR)
    text: str = attrs.field(converter=TO_STR)
    span: Span | None = _span_field()


@attrs.frozen(repr=False)  # repr: attrs_style_repr, below
class Wrapper:
    """Metadata a publisher put around the cable (WikiLeaks page, CSV row...)."""

    container: str = attrs.field(converter=TO_STR)
    """Which container the text came in: ``raw``, ``wikileaks-text``,
    ``cablegate-html``, ``plusd-pdf-text``, ``extract-text``, ``csv``."""
    reference_id: str | None = attrs.field(default=None, converter=TO_STR_OR_NONE)
    created: _dt.datetime | None = None
    released: _dt.datetime | None = None
    classification: str | None = attrs.field(default=None, converter=TO_STR_OR_NONE)
    origin: str | None = attrs.field(default=None, converter=TO_STR_OR_NONE)
    subject: str | None = attrs.field(default=None, converter=TO_STR_OR_NONE)
    tags: tuple[str, ...] = attrs.field(default=(), converter=TO_STR_TUPLE)
    references: tuple[str, ...] = attrs.field(default=(), converter=TO_STR_TUPLE)


@attrs.frozen(repr=False)  # repr: attrs_style_repr, below
class Cable:
    """A parsed cable.  See the API contract for the meaning of each field."""

    reference_id: str | None = None
    created: _dt.datetime | None = None
    classification: str | None = None
    origin: str | None = None
    envelope: Envelope | None = None
    dtg: _dt.datetime | None = None
    sender: str | None = None
    recipients: tuple[Recipient, ...] = attrs.field(default=(), converter=TO_TUPLE)
    info_recipients: tuple[Recipient, ...] = attrs.field(default=(), converter=TO_TUPLE)
    classification_line: ClassificationLine | None = None
    caveats: tuple[str, ...] = attrs.field(default=(), converter=TO_STR_TUPLE)
    attention: tuple[str, ...] = attrs.field(default=(), converter=TO_STR_TUPLE)
    executive_order: str | None = None
    declassify_on: _dt.date | None = None
    tags: tuple[str, ...] = attrs.field(default=(), converter=TO_STR_TUPLE)
    subject: str | None = None
    subject_raw: str | None = None
    references: tuple[Reference, ...] = attrs.field(default=(), converter=TO_TUPLE)
    classified_by: ClassifiedBy | None = None
    paragraphs: tuple[Paragraph, ...] = attrs.field(default=(), converter=TO_TUPLE)
    summary: str | None = None
    signers: tuple[str, ...] = attrs.field(default=(), converter=TO_STR_TUPLE)
    variant: str = "generic"
    diagnostics: tuple[Diagnostic, ...] = attrs.field(default=(), converter=TO_TUPLE)
    captions: tuple[Caption, ...] = attrs.field(default=(), converter=TO_TUPLE)
    """Every copy of the caption block, in text order."""
    artefacts: tuple[Artefact, ...] = attrs.field(default=(), converter=TO_TUPLE)
    """Layout pieces (page breaks, notices, headings, signature block) in text order."""
    wrapper: Wrapper | None = None
    """The publication wrapper's metadata, when the text came in one."""
    source: str = attrs.field(default="", repr=False)
    """The exact text that was parsed; every span indexes into it."""

    @property
    def comments(self) -> tuple[str, ...]:
        """The post's comments (``COMMENT: ... END COMMENT``, ``Comment`` headings).

        Computed from :attr:`paragraphs` when asked, so it is not part of
        equality or of :meth:`to_dict`.
        """
        from .fields.body import find_comments

        return find_comments([(p.heading, p.text) for p in self.paragraphs])

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types: dates as ISO 8601 strings, tuples as lists.

        The same dict as ``attr.asdict(cable, recurse=True,
        retain_collection_types=False)`` with dates serialised, built by
        :func:`plain_data` in half the time.
        """
        return plain_data(self, dates_as_text=True)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Cable:
        """The cable that :meth:`to_dict` made ``data`` from: typed, spans and all.

        ``Cable.from_dict(json.loads(line))`` reads a line of ``cablelib
        export`` or ``cablelib parse`` output back without parsing the cable
        again.  An unknown key or a value of the wrong shape raises
        :class:`~cablelib.errors.CableInputError` naming where it is; a
        missing field takes its default.  See :mod:`cablelib.from_data`.
        """
        from .from_data import from_data

        return from_data(cls, data)  # type: ignore[no-any-return]


def _json_value(_inst: Any, _field: Any, value: Any) -> Any:
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    return value


# ------------------------------------------------------------------ pickling
#
# Why: ``iter_corpus(jobs=N)`` sends every Cable from a worker process to the
# parent through pickle, about 90 model objects a cable (46 of them Spans),
# at about 200 us a cable each way, on both cores at once.  attrs pickles a
# slotted class as a dict built by a comprehension and restores it field by
# field through ``object.__setattr__``.  Here the state is a tuple of the
# field values read by ``operator.attrgetter`` in C, restored through the
# slots' own descriptors, and a Span is rebuilt by :func:`make_span` from its
# four numbers.  Validators and converters do not run on unpickling, as with
# attrs' own methods; a dict state (a pickle made before this) still goes to
# attrs' ``__setstate__`` (tests/test_model.py).

_MODEL_CLASSES = (Span, Diagnostic, Recipient, Envelope, ClassificationLine, ExecutiveOrder, TagsLine,
                  SubjectLine, Reference, ClassifiedBy, Caption, Paragraph, Artefact, Wrapper, Cable)


def _field_reader(cls: type) -> tuple[tuple[str, ...], Any]:
    """The field names of ``cls`` and an ``attrgetter`` of their values, read in C, as a tuple."""
    names = tuple(field.name for field in attrs.fields(cls))
    return names, operator.attrgetter(*names)  # every model class has several fields, so a tuple


# Used by the pickling below and by plain_data.
_FIELDS_OF = {cls: _field_reader(cls) for cls in _MODEL_CLASSES}
# The slots' member descriptors' setters, in field order: what the pickling,
# evolve and the hot-path constructors below set fields with, bypassing the
# frozen class's ``__setattr__``.
_SETTERS = {cls: tuple(cls.__dict__[name].__set__ for name in _FIELDS_OF[cls][0]) for cls in _MODEL_CLASSES}


def _fast_state(cls: type) -> None:
    """Give ``cls`` a tuple ``__getstate__`` read in C and a ``__setstate__`` through its slots."""
    _names, getter = _FIELDS_OF[cls]
    setters = _SETTERS[cls]
    attrs_setstate = cls.__setstate__

    def __getstate__(self: Any) -> tuple[Any, ...]:
        return getter(self)

    def __setstate__(self: Any, state: Any) -> None:
        if type(state) is not tuple:
            attrs_setstate(self, state)
            return
        for set_slot, value in zip(setters, state):
            set_slot(self, value)

    cls.__getstate__ = __getstate__  # type: ignore[attr-defined]
    cls.__setstate__ = __setstate__  # type: ignore[attr-defined]


def _reduce_span(span: Span) -> tuple[Any, tuple[int, int, int, int]]:
    return make_span, (span.start, span.end, span.line, span.column)


for _cls in _MODEL_CLASSES:
    _fast_state(_cls)
    _cls.__repr__ = attrs_style_repr  # type: ignore[method-assign]
Span.__reduce__ = _reduce_span  # type: ignore[method-assign]


# ------------------------------------------------------------------ evolve
#
# Why: ``attrs.evolve`` reads every field, then calls the class with all of
# them, so every converter runs again and every slot is set through
# ``object.__setattr__``: 6.5 us for a Caption, 5.9 us for an
# ExecutiveOrder, and assembly evolves ~2.8 objects a cable (the DECL date
# and the REF items go into captions the transformer made).  The fields that do
# not change are already converted, and the model's converters return their
# own output unchanged (or equal), so only the changed fields need them.

def _evolve_plan(cls: type) -> tuple[Any, tuple[Any, ...], dict[str, tuple[int, Any]]]:
    """The getter of every field, their setters, and each field's index and converter function."""
    converters = {field.name: (index, getattr(field.converter, "converter", field.converter))
                  for index, field in enumerate(attrs.fields(cls))}
    return _FIELDS_OF[cls][1], _SETTERS[cls], converters


_EVOLVE_PLANS = {cls: _evolve_plan(cls) for cls in _MODEL_CLASSES}


def evolve(inst: Any, **changes: Any) -> Any:
    """``attrs.evolve(inst, **changes)`` for the model's classes, converters run on the changed fields only.

    An object of any other class goes to ``attrs.evolve``.  tests/test_fast_paths.py
    compares both on every field of up to 60 objects of each class from the
    repository cables.
    """
    plan = _EVOLVE_PLANS.get(inst.__class__)
    if plan is None:
        return attrs.evolve(inst, **changes)
    getter, setters, converters = plan
    values = list(getter(inst))
    for name, value in changes.items():
        found = converters.get(name)
        if found is None:
            raise TypeError(f"{inst.__class__.__name__}.__init__() got an unexpected keyword argument {name!r}")
        index, converter = found
        values[index] = value if converter is None else converter(value)
    new = _new_object(inst.__class__)
    for set_slot, value in zip(setters, values):
        set_slot(new, value)
    return new


# ------------------------------------------------------------------ hot-path constructors
#
# Why: attrs' ``__init__`` calls each field's converter and sets each slot
# through a bound ``object.__setattr__`` (1.5-1.8 us for a Recipient, about
# 1 us for a Paragraph, 0.9 us for an Artefact), and the parser builds ~5
# recipients, ~8 paragraphs and ~8 artefacts a cable from values that are
# already what the converters return: exact ``str`` or ``None`` (``str(s)``
# of an exact ``str`` is ``s`` itself).  For those values the slots are set
# directly; any other value (a Lark ``Token``, a number) goes through the
# class as usual.
# tests/test_fast_paths.py checks that the fields stay as these functions
# assume and that both roads build equal objects.  Each sets its slots one
# by one rather than through a shared loop over ``_SETTERS[cls]``: that
# helper cost 1.8 % more instructions a parse, most of what these save.

_set_artefact, _set_paragraph, _set_recipient = _SETTERS[Artefact], _SETTERS[Paragraph], _SETTERS[Recipient]


def make_artefact(kind: str, text: str, span: Span | None) -> Artefact:
    """``Artefact(kind, text, span=span)``, for the transformer's hot path (~8 a cable)."""
    if kind.__class__ is str and text.__class__ is str:
        artefact = _new_object(Artefact)
        set_kind, set_text, set_span = _set_artefact
        set_kind(artefact, kind)
        set_text(artefact, text)
        set_span(artefact, span)
        return artefact
    return Artefact(kind, text, span=span)


def make_paragraph(number: int | None, marking: str | None, heading: str | None, text: str,
                   span: Span | None) -> Paragraph:
    """``Paragraph(number, marking, heading, text, span=span)``, for the transformer's hot path."""
    if (text.__class__ is str and (marking is None or marking.__class__ is str)
            and (heading is None or heading.__class__ is str)):
        paragraph = _new_object(Paragraph)
        set_number, set_marking, set_heading, set_text, set_span = _set_paragraph
        set_number(paragraph, number)
        set_marking(paragraph, marking)
        set_heading(paragraph, heading)
        set_text(paragraph, text)
        set_span(paragraph, span)
        return paragraph
    return Paragraph(number, marking, heading, text, span=span)


def make_recipient(route: str | None, name: str, precedence: str | None, serial: str | None,
                   span: Span | None) -> Recipient:
    """``Recipient(route, name, precedence, serial, span=span)``, for the transformer's hot path."""
    if (name.__class__ is str and (route is None or route.__class__ is str)
            and (precedence is None or precedence.__class__ is str) and (serial is None or serial.__class__ is str)):
        recipient = _new_object(Recipient)
        set_route, set_name, set_precedence, set_serial, set_excluded, set_span = _set_recipient
        set_route(recipient, route)
        set_name(recipient, name)
        set_precedence(recipient, precedence)
        set_serial(recipient, serial)
        set_excluded(recipient, ())
        set_span(recipient, span)
        return recipient
    return Recipient(route, name, precedence, serial, span=span)


# ------------------------------------------------------------------ plain data
#
# Why: ``cablelib export`` and ``cablelib parse`` turn every Cable into plain
# data, about 90 model objects a cable.  ``attr.asdict`` works that out for
# each value at run time (is it an attrs class? which collection? a filter?
# a serializer?) and took 0.18 ms a cable, a fifth of a parse.  Here the
# field names and an ``operator.attrgetter`` of each model class are looked
# up once (``_FIELDS_OF``, shared with the pickling), and a value's exact
# type picks its road.  Anything that is not a
# model class, a tuple or list, a date or a plain scalar (a subclass, a set,
# a dict) follows attrs' own rules.  tests/test_model.py holds the result to
# ``attr.asdict``'s on every corpus cable and on generated ones.

_SCALARS = frozenset({str, int, bool, float, type(None)})


def _attrs_rules(value: Any, dates_as_text: bool) -> Any:
    """What ``attr.asdict(..., retain_collection_types=False)`` makes of a value of another type."""
    if attrs.has(type(value)):
        return attr.asdict(value, recurse=True, retain_collection_types=False,
                           value_serializer=_json_value if dates_as_text else None)
    if isinstance(value, (tuple, list, set, frozenset)):
        return [plain_data(item, dates_as_text=dates_as_text) for item in value]
    if isinstance(value, dict):
        return {plain_data(key, dates_as_text=dates_as_text): plain_data(item, dates_as_text=dates_as_text)
                for key, item in value.items()}
    if dates_as_text and isinstance(value, _dt.date):
        return value.isoformat()
    return value


def _plain_maker(dates_as_text: bool) -> Any:
    """The converter for one setting of ``dates_as_text`` (a closure: no argument passing on the way down)."""
    fields_of, scalars = _FIELDS_OF, _SCALARS

    def plain(value: Any) -> Any:
        kind = type(value)
        entry = fields_of.get(kind)
        if entry is not None:
            names, getter = entry
            return {name: item if type(item) in scalars else plain(item)
                    for name, item in zip(names, getter(value))}
        if kind is tuple or kind is list:
            return [item if type(item) in scalars else plain(item) for item in value]
        if kind in scalars:
            return value
        if dates_as_text and (kind is _dt.datetime or kind is _dt.date):
            return value.isoformat()
        return _attrs_rules(value, dates_as_text)

    return plain


_PLAIN = {False: _plain_maker(False), True: _plain_maker(True)}


def plain_data(value: Any, *, dates_as_text: bool = False) -> Any:
    """A model object (or a value of one) as dicts, lists and scalars, as ``attr.asdict`` gives it.

    Dicts keep the field order; tuples become lists.  With ``dates_as_text``
    dates and datetimes become ISO 8601 strings (:meth:`Cable.to_dict`);
    without, they stay as they are (the Parquet rows of ``cablelib.export``).
    """
    return _PLAIN[bool(dates_as_text)](value)
