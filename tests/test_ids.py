"""canonical_id: one canonicaliser for published ids and REF items.

Expected values come from the shipped correction table (cablemap's
MALFORMED/INVALID_CABLE_IDS) and from the id rules of cable-format.md §5.
"""

from __future__ import annotations

import pytest

from cablelib import canonical_id
from cablelib.ids import station_key


@pytest.mark.parametrize("published, expected", [
    ("08ECTION01OF02MANAMA492", "08MANAMA492"),      # contract example
    ("06PHNOMPENH2131", "06PHNOMPENH2131"),          # already canonical
    ("06ANOI582", "06HANOI582"),                     # table: station misspelt
    ("10SHANGHAI60_a", "10SHANGHAI60"),              # PlusD suffix
    ("1975DACCA00292_b", "75DACCA292"),              # PlusD 1970s form
    ("06STATE0178111", "06STATE178111"),             # zero-padded serial
    ("08 hcmc 196", "08HOCHIMINHCITY196"),           # alias, spaces, case
    ("02TAIPEI12", "02TAIPEI12"),                    # a real station is never rewritten
    ("02BRUSSELS12", "02BRUSSELS12"),
    ("not an id", "NOTANID"),
])
def test_canonical_id(published, expected):
    assert canonical_id(published) == expected


@pytest.mark.parametrize("post, key", [
    ("PHNOM PENH", "PHNOMPENH"), ("Phnom Penh", "PHNOMPENH"), ("AMEMBASSY VIENNA", "VIENNA"),
    ("EMBASSY VIENNA", "VIENNA"), ("UNVIE", "UNVIEVIENNA"), ("HCMC", "HOCHIMINHCITY"),
    ("THE HAGUE", "THEHAGUE"), ("USUN NEW YORK", "USUNNEWYORK"),
])
def test_station_key(post, key):
    assert station_key(post) == key
