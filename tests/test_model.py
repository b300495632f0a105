"""The model: frozen, slotted attrs classes; tuples; spans out of equality."""

from __future__ import annotations

import datetime as dt
import json

import attrs
import lark
import pytest
from hypothesis import given

import cablelib
from cablelib import model
from cablelib import strategies as cablelib_strategies
from cables import attrs_nodes


@pytest.mark.parametrize("cls", [getattr(model, n) for n in model.__all__])
def test_frozen_and_slotted(cls):
    assert attrs.has(cls)
    assert "__slots__" in cls.__dict__
    assert cls.__setattr__ is not object.__setattr__  # frozen


def test_assignment_is_refused(seed_cable):
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        seed_cable.subject = "x"  # type: ignore[misc]


def test_sequences_are_tuples_and_no_lark_object_leaks(seed_cable):
    for node in attrs_nodes(seed_cable):
        for field in attrs.fields(type(node)):
            value = getattr(node, field.name)
            assert not isinstance(value, (list, lark.Tree, lark.Token)), (type(node), field.name)
            if isinstance(value, str):
                assert type(value) is str, (type(node), field.name)
            if isinstance(value, tuple):
                assert all(not isinstance(v, (lark.Tree, lark.Token)) for v in value)


def test_spans_take_no_part_in_equality():
    a = cablelib.Recipient("RUEHC", "SECSTATE WASHDC", "PRIORITY", "7672", span=cablelib.Span(0, 5, 1, 1))
    b = cablelib.Recipient("RUEHC", "SECSTATE WASHDC", "PRIORITY", "7672")
    assert a == b and hash(a) == hash(b)


def test_to_dict_is_plain_json(seed_cable):
    data = seed_cable.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["dtg"] == "2006-12-04T08:08:00+00:00"
    assert isinstance(data["tags"], list)
    assert data["references"][0]["span"] == {"start": 624, "end": 639, "line": 36, "column": 6}


def test_dates_are_timezone_aware_utc(seed_cable):
    assert seed_cable.created.tzinfo is dt.timezone.utc
    assert seed_cable.dtg.tzinfo is dt.timezone.utc


# ------------------------------------------------------------------ pickling
# The model's own pickling (cablelib/model.py, end): a tuple state read in C,
# restored through the slots; a Span rebuilt by make_span.


@pytest.mark.parametrize("cls", [getattr(model, n) for n in model.__all__])
def test_every_model_class_has_the_fast_state(cls):
    assert cls in model._MODEL_CLASSES
    assert cls.__getstate__.__module__ == "cablelib.model"
    assert cls.__setstate__.__module__ == "cablelib.model"


def _real_cables():
    from cables import CABLES

    paths = sorted(p for p in CABLES.rglob("*") if p.is_file() and not p.name.startswith("."))
    return [cable for path in paths for cable in cablelib.iter_corpus([path])]


def test_every_repository_cable_comes_back_from_pickle_the_same():
    import pickle

    cables = _real_cables()
    assert len(cables) >= 50  # every cable kept in tests/cables
    for cable in cables:
        for protocol in (2, pickle.HIGHEST_PROTOCOL):
            back = pickle.loads(pickle.dumps(cable, protocol=protocol))
            assert back == cable
            assert back.to_dict() == cable.to_dict()  # spans included
            assert [type(n) for n in attrs_nodes(back)] == [type(n) for n in attrs_nodes(cable)]


def test_the_state_is_every_field_in_order_and_a_dict_state_still_restores(seed_cable):
    seen = set()
    for node in attrs_nodes(seed_cable):
        cls = type(node)
        seen.add(cls)
        values = tuple(getattr(node, field.name) for field in attrs.fields(cls))
        assert node.__getstate__() == values
        # attrs' own format, which pickles made before these methods hold
        restored = cls.__new__(cls)
        restored.__setstate__({field.name: getattr(node, field.name) for field in attrs.fields(cls)})
        assert restored == node and attrs.asdict(restored) == attrs.asdict(node)
        restored = cls.__new__(cls)
        restored.__setstate__(values)
        assert attrs.asdict(restored) == attrs.asdict(node)
    assert {model.Cable, model.Span, model.Paragraph, model.Recipient, model.Caption} <= seen


# ---------------------------------------------------------------------------
# plain data: Cable.to_dict and the Parquet rows, held to attr.asdict
# ---------------------------------------------------------------------------
def _by_attrs(value, dates_as_text):
    import attr

    return attr.asdict(value, recurse=True, retain_collection_types=False,
                       value_serializer=model._json_value if dates_as_text else None)


def _same_plain_data(value) -> None:
    for dates_as_text in (False, True):
        mine, theirs = model.plain_data(value, dates_as_text=dates_as_text), _by_attrs(value, dates_as_text)
        assert mine == theirs
        assert repr(mine) == repr(theirs)  # the same types (list, not tuple; datetime kept) in the same order
    assert value.to_dict() == _by_attrs(value, True)


def test_plain_data_is_attrs_asdict_on_every_repository_cable():
    cables = _real_cables()
    assert len(cables) >= 50
    for cable in cables:
        _same_plain_data(cable)
        assert json.dumps(cable.to_dict()) == json.dumps(_by_attrs(cable, True))


@given(cablelib_strategies.cables())
def test_plain_data_is_attrs_asdict_on_generated_cables(cable):
    _same_plain_data(cable)


def test_plain_data_follows_attrs_for_other_values():
    """Values a model class does not hold when cablelib builds it still come out as attrs gives them."""

    @attrs.frozen
    class Other:
        when: dt.date
        items: frozenset

    class Key(str):
        pass

    cable = model.Cable(
        reference_id=lark.Token("ID", "06X1"),                       # a str subclass: kept as it is
        sender={"a": (1, dt.date(2006, 1, 2)), Key("b"): [Other(dt.date(2000, 1, 1), frozenset({3}))]},
        summary=frozenset({dt.date(2001, 1, 1)}),                      # a set: a list, its dates converted
        executive_order=Other(dt.datetime(2001, 2, 3, tzinfo=dt.timezone.utc), frozenset()),
        declassify_on=dt.date(2016, 12, 4),
        dtg=dt.datetime(2006, 12, 4, 8, 8, tzinfo=dt.timezone.utc),
    )
    _same_plain_data(cable)
    assert cable.to_dict()["executive_order"] == {"when": "2001-02-03T00:00:00+00:00", "items": []}
    assert model.plain_data(cable)["declassify_on"] == dt.date(2016, 12, 4)


# ---------------------------------------------------------------------------
# Cable.from_dict: JSON Lines back to cables
# ---------------------------------------------------------------------------
def _through_json(cable: cablelib.Cable) -> cablelib.Cable:
    from cablelib.export import cable_json

    return cablelib.Cable.from_dict(json.loads(cable_json(cable)))


def _same_cable(back: cablelib.Cable, cable: cablelib.Cable) -> None:
    assert back == cable
    assert back.to_dict() == cable.to_dict()  # spans included (they take no part in ==)
    assert [type(n) for n in attrs_nodes(back)] == [type(n) for n in attrs_nodes(cable)]


def test_every_repository_cable_comes_back_from_its_json_line():
    cables = _real_cables()
    assert len(cables) >= 50
    for cable in cables:
        _same_cable(_through_json(cable), cable)


@given(cablelib_strategies.cables())
def test_generated_cables_come_back_from_their_json_line(cable):
    _same_cable(_through_json(cable), cable)


def test_an_exported_file_reads_back_as_the_cables_of_the_run(tmp_path):
    from cables import CABLES

    from cablelib import export as cexport

    sources = sorted(str(p) for p in CABLES.rglob("*") if p.is_file() and not p.name.startswith("."))
    out = tmp_path / "corpus.jsonl"
    cexport.export(sources, "jsonl", out)
    with out.open(encoding="utf-8") as lines:
        back = [cablelib.Cable.from_dict(json.loads(line)) for line in lines]
    expected = list(cablelib.iter_corpus(sources))
    assert len(back) == len(expected) >= 50
    for mine, theirs in zip(back, expected):
        _same_cable(mine, theirs)


def test_from_dict_fills_missing_fields_with_defaults_and_reads_the_dates():
    cable = cablelib.Cable.from_dict({"reference_id": "06PHNOMPENH2131", "dtg": "2006-12-04T08:08:00+00:00",
                                      "declassify_on": "2016-12-04",
                                      "paragraphs": [{"number": 1, "marking": "U", "heading": None,
                                                      "text": "Hello."}]})
    assert cable == cablelib.Cable(
        reference_id="06PHNOMPENH2131", dtg=dt.datetime(2006, 12, 4, 8, 8, tzinfo=dt.timezone.utc),
        declassify_on=dt.date(2016, 12, 4), paragraphs=(cablelib.Paragraph(1, "U", None, "Hello."),))
    assert cable.paragraphs[0].span is None


_PARAGRAPH = {"number": 1, "marking": None, "heading": None, "text": "x"}


@pytest.mark.parametrize(("data", "message"), [
    ({"refrence_id": "x"}, "the data: Cable has no field 'refrence_id'"),
    ([], "the data: expected an object for Cable, got list []"),
    ({"recipients": {}}, "recipients: expected a list, got dict {}"),
    ({"dtg": "yesterday"}, "dtg: expected an ISO 8601 datetime, got str 'yesterday'"),
    ({"paragraphs": [{"number": True, "marking": None, "heading": None, "text": "x"}]},
     "paragraphs[0].number: expected an integer, got bool True"),
    ({"envelope": {"span": {"start": "0", "end": 1, "line": 1, "column": 1}}},
     "envelope.span.start: expected an integer, got str '0'"),
    ({"wrapper": {"container": "raw", "tags": "PHUM"}}, "wrapper.tags: expected a list, got str 'PHUM'"),
    # Spans take a quicker road when they are four ints; anything else takes the general one.
    ({"paragraphs": [{**_PARAGRAPH, "span": {"start": 0, "end": 1, "line": 1}}]},
     "paragraphs[0].span: Span needs the field 'column'"),
    ({"paragraphs": [_PARAGRAPH, {**_PARAGRAPH, "span": {"start": 0, "end": 1, "line": 1, "column": True}}]},
     "paragraphs[1].span.column: expected an integer, got bool True"),
    ({"paragraphs": [{**_PARAGRAPH, "span": {"start": 0, "end": 1, "line": 1, "column": 1, "page": 2}}]},
     "paragraphs[0].span: Span has no field 'page'"),
    ({"paragraphs": [{"text": "x"}]}, "paragraphs[0]: Paragraph needs the field 'number'"),
    ({"captions": [{"span": [0, 1, 1, 1]}]}, "captions[0].span: expected an object for Span, got list [0, 1, 1, 1]"),
], ids=["unknown-key", "not-an-object", "not-a-list", "bad-date", "bool-for-int", "nested-span", "string-for-list",
        "span-without-column", "span-bool", "span-extra-key", "paragraph-without-number", "span-not-an-object"])
def test_from_dict_says_where_the_data_is_wrong(data, message):
    with pytest.raises(cablelib.CableInputError) as caught:
        cablelib.Cable.from_dict(data)
    assert str(caught.value) == message


# ---------------------------------------------------------------- repr
#
# cablelib's attrs classes share one __repr__ (model.attrs_style_repr) instead
# of one compiled by attrs for each class at import.  Each is held to the repr
# attrs itself generates, through a twin class that attrs builds with the same
# fields and repr settings, holding the same values.


def _attrs_repr(obj) -> str:
    cls = type(obj)
    fields = attrs.fields(cls)
    twin = attrs.make_class(cls.__name__, {a.name: attrs.field(repr=a.repr) for a in fields},
                            frozen=True, slots=True)
    copy = object.__new__(twin)
    for a in fields:
        object.__setattr__(copy, a.name, getattr(obj, a.name))
    return repr(copy)


def _instances():
    from pathlib import Path

    from cablelib import registry
    from cablelib.api import parse_unwrapped
    from cablelib.normalize import normalize
    from cablelib.sources import read_path
    from cablelib.table_parser import for_parser

    cables_dir = Path(__file__).resolve().parent / "cables"
    paths = sorted(p for p in cables_dir.rglob("*") if p.suffix in (".txt", ".html", ".csv"))
    assert len(paths) > 40
    parser = registry.default_registry.get("generic").parser()
    for path in paths:
        for unwrapped in read_path(path):
            yield unwrapped
            cable = parse_unwrapped(unwrapped)
            yield from attrs_nodes(cable)
            parsed = for_parser(parser).parse(normalize(unwrapped.text)) if cable.variant == "generic" else None
            if parsed is not None:
                yield parsed
                yield from (block for blocks in parsed.ref_blocks for block in blocks)
    yield from registry.describe_variants()


def test_every_class_has_the_repr_attrs_would_give_it() -> None:
    seen: dict[type, int] = {}
    for obj in _instances():
        assert repr(obj) == _attrs_repr(obj), type(obj).__name__
        seen[type(obj)] = seen.get(type(obj), 0) + 1
    names = {cls.__name__ for cls in seen}
    assert set(model.__all__) - names == set(), set(model.__all__) - names
    assert {"Unwrapped", "Parsed", "RefBlock", "VariantInfo"} <= names


def test_the_shared_repr_is_the_one_every_class_uses() -> None:
    from cablelib import registry, transform
    from cablelib.sources import Unwrapped

    classes = [getattr(model, n) for n in model.__all__] + [
        Unwrapped, transform.Parsed, transform.RefBlock, transform._Exclusion, registry.VariantInfo]
    assert [c.__name__ for c in classes if c.__repr__ is not model.attrs_style_repr] == []
    # a field with a repr function of its own, and one left out, as attrs has them
    shown = attrs.make_class("Shown", {"a": attrs.field(repr=lambda v: f"<{v}>"), "b": attrs.field(repr=False),
                                       "c": attrs.field()}, frozen=True, slots=True, repr=False)
    shown.__repr__ = model.attrs_style_repr
    assert repr(shown(1, 2, "x")) == "Shown(a=<1>, c='x')" == _attrs_repr(shown(1, 2, "x"))
