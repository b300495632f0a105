"""Lookups against the shipped tables: routing indicators, tag kinds, title case.

Expected station names were read off cablelib/data/routing-indicators.tsv;
the seed's indicators are the ones in examples/06PHNOMPENH2131.txt.
"""

from __future__ import annotations

import pytest

import cablelib


def test_station_name_of_the_seeds_routes(seed_cable):
    assert seed_cable.envelope.station == "RUEHPF"
    assert seed_cable.envelope.station_name == "AMEMBASSY PHNOM PENH"
    assert seed_cable.recipients[0].route == "RUEHC"
    assert seed_cable.recipients[0].station_name == "DEPT OF STATE WASHINGTON DC"
    # RUEHZS (ASEAN COLLECTIVE) is not in the table: unknown, not a guess.
    assert seed_cable.info_recipients[0].station_name is None
    assert cablelib.station_name(None) is None


@pytest.mark.parametrize("tag, kind", [
    ("CB", "geo"), ("PHUM", "subject"), ("PREL", "subject"), ("KWMN", "program"),
    ("NATO", "organisation"), ("CLINTON, HILLARY", "person"), ("ZZZZZ", "unknown"),
])
def test_tag_kind(tag, kind):
    assert cablelib.tag_kind(tag) == kind


def test_tag_kinds_of_the_seed(seed_cable):
    assert [cablelib.tag_kind(t) for t in seed_cable.tags] == ["subject", "subject", "program", "geo"]


@pytest.mark.parametrize("subject, expected", [
    ("CAMBODIA: TIP INTERIM ASSESSMENT REPORT", "Cambodia: TIP Interim Assessment Report"),
    ("U.S.-FRENCH MEETING WITH NATO", "U.S.-French Meeting With NATO"),
])
def test_title_case_keeps_acronyms(subject, expected):
    assert cablelib.title_case(subject) == expected


def test_canonical_surname_repairs_known_misspellings_only():
    assert cablelib.canonical_surname("BRADKTE") == "BRADTKE"
    assert cablelib.canonical_surname("MUSSOMELI") == "MUSSOMELI"


@pytest.mark.parametrize("function", [cablelib.canonical_id, cablelib.tag_kind, cablelib.title_case,
                                      cablelib.canonical_surname, cablelib.station_name])
@pytest.mark.parametrize("value", [123, b"06PHNOMPENH2131", ["PHUM"]], ids=["int", "bytes", "list"])
def test_the_lookups_refuse_what_is_not_text_with_a_clear_error(function, value):
    # str() would have made 'B'06PHNOMPENH2131'' or '123' of them, silently.
    with pytest.raises(cablelib.CableInputError, match=f"{function.__name__}\\(\\) needs a str"):
        function(value)


def test_none_is_an_error_except_for_a_routing_indicator_which_may_be_missing():
    with pytest.raises(cablelib.CableInputError, match="canonical_id"):
        cablelib.canonical_id(None)  # used to give 'NONE'
    with pytest.raises(cablelib.CableInputError, match="canonical_surname"):
        cablelib.canonical_surname(None)  # used to be an AttributeError
    assert cablelib.station_name(None) is None
