"""Paragraphs run together on one line, split where the next number stands.

Read by eye: 08TRIPOLI982's page holds its body on one line (line 29):
"... Post accordingly requests a waiver of the AL boycott certification.
2. (SBU) In 2007, the Ministry of Trade and Economy informed Post ...".
08BUDAPEST807's whole text, after its cut-off first copy, runs paragraphs
1 to 4 together on line 28: "... Foreign Minister Kinga Goncz. 2. (C)
Hamikus said that Russia was ...", "... their accession aspirations. 3. (C)
Hamikus agreed ...", "... than other EU members. 4. (C) The GoH has not
been contacted ...".
"""

from __future__ import annotations

import cablelib
from cablelib.run_together import split_run_together
from cables import cable_path

SEED = cable_path("06PHNOMPENH2131.txt").read_text(encoding="utf-8")


def _heads(cable: cablelib.Cable) -> list[tuple[int | None, str | None]]:
    return [(p.number, p.marking) for p in cable.paragraphs]


def test_a_body_on_one_line() -> None:
    cable = cablelib.parse_file(cable_path("08TRIPOLI982.html"))
    assert _heads(cable) == [(1, "U"), (2, "SBU")]
    first, second = cable.paragraphs
    assert first.text.endswith("Post accordingly requests a waiver of the AL boycott certification.")
    assert second.text.startswith("In 2007, the Ministry of Trade and Economy informed Post")
    assert cable.source[first.span.end - 14:first.span.end] == "certification."
    assert cable.source[second.span.start:second.span.start + 16] == "2. (SBU) In 2007"
    assert (second.span.line, second.span.column) == (29, 422)
    # The second part keeps the end of the paragraph it came from (the signer CRETZ, glued to it, included).
    assert cable.source[:second.span.end].endswith("Israeli visas or entry/exit stamps.  CRETZ")


def test_four_paragraphs_run_together() -> None:
    cable = cablelib.parse_file(cable_path("08BUDAPEST807.html"))
    assert _heads(cable) == [(1, "C"), (2, "C"), (3, "C"), (4, "C")]
    assert cable.paragraphs[0].text.endswith("may be attended by GoH Foreign Minister Kinga Goncz.")
    assert cable.paragraphs[1].text.startswith('Hamikus said that Russia was "smart enough to go far enough,"')
    assert cable.paragraphs[2].text.startswith("Hamikus agreed that the Russian response")
    assert cable.paragraphs[3].text.startswith("The GoH has not been contacted")
    for paragraph in cable.paragraphs[1:]:
        assert cable.source[paragraph.span.start:].startswith(f"{paragraph.number}. (C) ")
        assert paragraph.span.line == 28


_BREAK = "\n\nImproved Courts\n--------------\n\n\n3. (SBU)"  # the seed's paragraph 3 and the heading above it


def _seed(joint: str) -> cablelib.Cable:
    """The seed with its paragraph 3's heading dropped and ``joint`` in place of the break."""
    assert SEED.count(_BREAK) == 1
    return cablelib.parse(SEED.replace(_BREAK, joint))


def test_only_a_missing_number_with_its_mark_after_a_blank_is_a_head() -> None:
    plain = _seed("\n\n3. (SBU)")
    assert [p.number for p in plain.paragraphs] == [1, 2, 3, 4, 5, 6, 7, 8]
    joined = _seed(" 3. (SBU)")  # paragraph 3 run onto the end of paragraph 2's last line
    assert [(p.number, p.marking, p.text) for p in joined.paragraphs] == [
        (p.number, p.marking, p.text) for p in plain.paragraphs]
    third = joined.paragraphs[2]
    assert joined.source[third.span.start:third.span.end] == plain.source[
        plain.paragraphs[2].span.start:plain.paragraphs[2].span.end]
    # No mark, or a mark that is no classification: text.
    for head in (" 3. During", " 3. (see below)"):
        assert [p.number for p in _seed(head).paragraphs] == [1, 2, 4, 5, 6, 7, 8], head
    # Not after a blank: text.
    assert [p.number for p in _seed("/3. (SBU)").paragraphs] == [1, 2, 4, 5, 6, 7, 8]
    # A number the numbering has is not looked for: "2. (SBU)" quoted in paragraph 1.
    quoted = SEED.replace("Embassy Phnom Penh submits", "Embassy Phnom Penh (see 2. (SBU) below) submits", 1)
    assert quoted != SEED
    assert [p.number for p in cablelib.parse(quoted).paragraphs] == [1, 2, 3, 4, 5, 6, 7, 8]


def test_nothing_to_split() -> None:
    assert split_run_together((), "") == ()
    plain = cablelib.parse(SEED)
    assert split_run_together(plain.paragraphs, plain.source) == plain.paragraphs
