"""The ``hanoi`` variant on real cables from Hanoi and Ho Chi Minh City."""

from __future__ import annotations

import pytest

from variant_cables import assert_not_worse_than_generic, parse_copy


@pytest.mark.parametrize("name", ["09HANOI809.html", "01HANOI3294.txt", "00HOCHIMINHCITY838.txt"])
def test_vietnam_cables_are_read_by_hanoi(name):
    assert assert_not_worse_than_generic(name).variant == "hanoi"


def test_each_reference_keeps_its_own_title_09hanoi809():
    """The REF line lists five Hanoi cables, each followed by its subject in parentheses."""
    cable = parse_copy("09HANOI809.html")
    assert [(r.letter, r.kind, r.text, r.canonical_id) for r in cable.references] == [
        (None, "cable", "HANOI 60 (FEW CHANGES AT THE 9TH PARTH PLENUM)", "09HANOI60"),
        (None, "cable", "HANOI 330 (IDEOLOGY RESURGENT? THE GENERAL SECRETARY\u2019S NEW CONCEPT AND ITS "
                        "IMPLICATIONS)", "09HANOI330"),
        (None, "cable", "HANOI 413 (IN VIETNAM, CHINA AND BAUXITE DON\u2019T MIX)", "09HANOI413"),
        (None, "cable", "HANOI 537 (BAUXITE CONTROVERSY SPURS LEADERSHIP DIVISIONS, VIBRANT NATIONAL "
                        "ASSEMBLY DEBATE)", "09HANOI537"),
        (None, "cable", "HANOI 672 (BEHIND VIETNAM\u2019S LATEST CRACKDOWN)", "09HANOI672"),
    ]
    for ref in cable.references:
        written = cable.source[ref.span.start:ref.span.end]
        assert " ".join(written.split()) == ref.text
