"""Body fields on real cables: comments, doubled paragraph numbers, signers.

Expected values were read off the cable texts (tests/cables/), not taken
from parser output.
"""

from __future__ import annotations

import cablelib
from cables import cable_path


def test_comment_paragraph_of_an_old_cable():
    # 73TEHRAN7005: "COMMENT: NO INDICATION OF DATE ARREST TOOK PLACE. WILL
    # REPORT FURTHER DEVELOPMENTS." closes the body, then "HELMS".
    cable = cablelib.parse_file(cable_path("73TEHRAN7005.html"))
    assert cable.comments == ("NO INDICATION OF DATE ARREST TOOK PLACE. WILL REPORT FURTHER DEVELOPMENTS.",)
    assert cable.signers == ("HELMS",)


def test_doubled_paragraph_numbers():
    # 09LAPAZ1784 writes "1. 1. Summary and comment: Bolivian ..." and
    # "2. 2. The Department of Cochabamba ...".
    cable = cablelib.parse_file(cable_path("09LAPAZ1784.html"))
    assert [p.number for p in cable.paragraphs[:3]] == [1, 2, 3]
    assert cable.paragraphs[0].text.startswith("Summary and comment: Bolivian Counternarcotics")
    assert cable.paragraphs[1].text.startswith("The Department of Cochabamba has become")
    assert cable.paragraphs[1].heading == "Proliferation Of Cocaine Laboratories"


def test_comments_are_not_part_of_equality_or_json(seed_cable):
    assert seed_cable.comments == ()
    assert "comments" not in seed_cable.to_dict()
