"""The ``other-cable`` diagnostic: another message's envelope inside a cable's text.

Expected values were read off the cable files by eye: 07BERN881's page
holds a database record of Embassy Tbilisi's message 2290 (``DE RUEHSI
#2290/01 2541250`` on line 195, after the record row ``07TBILISI2290``);
90KHARTOUM10657's page is a 1990 Khartoum header followed by Embassy
Montevideo's 2008 message 404 (``DE RUEHMN #0404/01 1971651`` on line 24).
09QUITO1206 and 08MONTEVIDEO34 print their own header twice, which is not
another message.
"""

from __future__ import annotations

import pytest

import cablelib
from cablelib.model import Envelope
from cablelib.other_cables import other_cables
from cables import cable_path

SEED = cable_path("06PHNOMPENH2131.txt").read_text(encoding="utf-8")


def _others(cable: cablelib.Cable) -> list[cablelib.Diagnostic]:
    return [d for d in cable.diagnostics if d.code == "other-cable"]


def test_a_record_of_another_message_on_a_cablegate_page() -> None:
    cable = cablelib.parse_file(cable_path("07BERN881.html"))
    (found,) = _others(cable)
    assert found.message == ("another message's envelope at line 195: DE RUEHSI #2290, not this cable's "
                             "(RUEHSW #0881); its text is read as part of this cable")
    assert found.span is not None and (found.span.line, found.span.column) == (195, 1)
    assert cable.source[found.span.start:found.span.end] == "DE RUEHSI #2290/01 2541250\\"
    assert cable.source.count("\n", 0, found.span.start) == 194


def test_a_page_that_holds_two_cables() -> None:
    cable = cablelib.parse_file(cable_path("90KHARTOUM10657.html"))
    (found,) = _others(cable)
    assert "line 24: DE RUEHMN #0404, not this cable's (sequence 0657)" in found.message
    assert cable.source[found.span.start:found.span.end].startswith("DE RUEHMN #0404/01 1971651")


def test_a_cable_s_own_header_printed_again_is_not_another_message() -> None:
    for name in ("09QUITO1206.html", "08MONTEVIDEO34.html"):
        cable = cablelib.parse_file(cable_path(name))
        assert cable.source.count("VZCZC") == 2, name  # the header really is there twice
        assert not _others(cable), name


def test_two_real_cables_pasted_into_one_text() -> None:
    first = cable_path("06NEWDELHI5237.txt").read_text(encoding="cp1252")  # as the files are
    second = cable_path("07BOGOTA1165.txt").read_text(encoding="cp1252")
    alone = cablelib.parse(first)
    assert not _others(alone)
    cable = cablelib.parse(first + "\n\n" + second)
    (found,) = _others(cable)
    line = first.count("\n") + 2 + 5  # Bogota's DE line is its fifth line
    assert found.message.startswith(f"another message's envelope at line {line}: DE RUEHBO #1165, "
                                    "not this cable's (RUEHNE #5237)")
    assert cable.reference_id == alone.reference_id


def test_sections_of_one_message_and_mentions_in_prose_are_not_other_messages() -> None:
    section_2 = SEED.replace("#2131/01", "#2131/02")
    assert not _others(cablelib.parse(SEED + "\n" + section_2))
    mention = SEED.replace("SUBJECT: CAMBODIA:", "SUBJECT: DE RUEHC #1234 0010000 CAMBODIA:", 1)
    assert mention != SEED and not _others(cablelib.parse(mention))
    assert len(_others(cablelib.parse(SEED + "\n" + SEED.replace("#2131/01", "#2132/01")))) == 1


def test_without_an_envelope_the_reference_id_gives_the_sequence() -> None:
    fragment = "SUBJECT: A FRAGMENT\n\n1. Text.\n\nDE RUEHPF #{} 3380808\nZNR UUUUU ZZH\n"
    own = cablelib.parse(fragment.format("2131/02"), reference_id="06PHNOMPENH2131")
    assert own.envelope is None and not _others(own)
    other = cablelib.parse(fragment.format("2132"), reference_id="06PHNOMPENH2131")
    assert [d.message.split(";")[0] for d in _others(other)] == [
        "another message's envelope at line 5: DE RUEHPF #2132, not this cable's (sequence 2131)"]
    # State's serials run past four digits; the sequence is their last four.
    assert not other_cables("x\nDE RUEHC #3456 0010000\n", None, "09STATE123456")
    assert not other_cables("x\nDE RUEHC #123456 0010000\n", None, "09STATE123456")
    assert len(other_cables("x\nDE RUEHC #3457 0010000\n", None, "09STATE123456")) == 1
    # Without either, the first DE line is the cable's own.
    assert not other_cables("DE RUEHC #0001\nDE RUEHC #0001/02\n", None, None)
    assert len(other_cables("DE RUEHC #0001\nDE RUEHC #0002\nDE RUEHC #0002/02\n", None, None)) == 1
    # The same sequence from another station is another message.
    assert len(other_cables("DE RUEHC #0001\nDE RUEHBO #0001\n", None, None)) == 1


def test_two_extract_text_cables_pasted_together_the_second_without_a_station_line() -> None:
    """01CAIRO3757's old header has no DE line: its DTG line and FM line say it is another message."""
    ankara = cable_path("06ANKARA4688.txt").read_text(encoding="utf-8")
    cairo = cable_path("01CAIRO3757.txt").read_text(encoding="utf-8")
    assert cairo.splitlines()[5:7] == ["P 211120Z JUN 01", "FM AMEMBASSY CAIRO"]
    assert not _others(cablelib.parse(ankara)) and not _others(cablelib.parse(cairo))
    cable = cablelib.parse(ankara + "\n\n" + cairo)
    (found,) = _others(cable)
    line = ankara.count("\n") + 2 + 6  # Cairo's DTG line is its sixth
    assert found.message == (f"another message's envelope at line {line}: 211120Z JUN 01 FM AMEMBASSY CAIRO, "
                             "not this cable's (111453Z AUG 06 FM AMEMBASSY ANKARA); its text is read as part "
                             "of this cable")
    assert cable.source[found.span.start:found.span.end] == "P 211120Z JUN 01"
    assert [p.number for p in cable.paragraphs][:9] == [1, 2, 3, 4, 5, 6, 7, 1, 2]  # what the diagnostic warns of


def test_the_date_time_group_and_sender_compare_as_written_differently() -> None:
    own = Envelope(dtg_raw="211120Z JUN 01")
    # The same message: a four-digit year, a database dump's line-end backslash, other blanks.
    assert not other_cables("P 211120Z JUN 2001\\\nFM  AMEMBASSY   CAIRO \\\n", own, None, "AMEMBASSY CAIRO")
    # Another sender, or another date-time group.
    assert len(other_cables("P 211120Z JUN 01\nFM AMEMBASSY ROME\n", own, None, "AMEMBASSY CAIRO")) == 1
    assert len(other_cables("P 221120Z JUN 01\nFM AMEMBASSY CAIRO\n", own, None, "AMEMBASSY CAIRO")) == 1
    # Without the cable's own, the first pair in the text is its own.
    text = "P 211120Z JUN 01\nFM AMEMBASSY CAIRO\nx\n" * 2
    assert not other_cables(text, None, None, None)
    assert len(other_cables(text + "\n" * 20 + "O 010000Z JAN 02\nFM AMEMBASSY ROME\n", None, None, None)) == 1


def test_a_header_over_another_message_s_text() -> None:
    """88BAGHDAD28's page: a 1988 Baghdad header over a 2008 Department cable
    (read by eye: 'S e c r e t state 068250', E.O. 12958, DECL 2034)."""
    cable = cablelib.parse_file(cable_path("88BAGHDAD28.html"))
    (found,) = _others(cable)
    assert found.message == ("the envelope is from AMEMBASSY BAGHDAD but the classification line names "
                             "STATE 068250: the header and the text may belong to two messages")
    assert cable.source[found.span.start:found.span.end] == "S e c r e t state 068250"


def test_senders_and_posts_that_name_one_station_are_not_two_messages() -> None:
    from cablelib.model import ClassificationLine

    def check(sender: str, post: str) -> list[str]:
        line = ClassificationLine("CONFIDENTIAL", post=post, serial=1)
        return [d.message for d in other_cables("", None, None, sender, line)]

    assert check("SECSTATE WASHDC", "STATE") == []
    assert check("USEU BRUSSELS", "BRUSSELS") == []  # a mission writes its host city
    assert check("REO BASRAH", "BASRAH") == []
    assert check("AMEMBASSY BISHKEK", "SECTION 01 GF 02 BISHIEK 00Q") == []  # OCR-garbled: not a station
    assert check("AMCONSUL SHENYANG", "XXXXXXXXXXXX") == []  # redacted
    assert len(check("SECSTATE WASHDC", "BAGHDAD")) == 1  # the Department is STATE
    assert check("AMEMBASSY ROME", "PARIS") == [
        "the envelope is from AMEMBASSY ROME but the classification line names PARIS 000001: the header and "
        "the text may belong to two messages"]


def test_the_cable_s_own_date_time_group_when_it_names_no_real_moment() -> None:
    """The own date-time group is read only when a pair's differs from it as written;
    an unreadable one leaves the date unknown, as before that shortcut."""
    pair = "P {dtg}\nFM AMEMBASSY {post}\nx\n"
    gap = "\n" * 20
    unreadable = Envelope(dtg_raw="211120Z XYZ 01")  # no such month
    # Unknown date and no sender: the first pair in the text is the cable's own.
    text = pair.format(dtg="211120Z JUN 01", post="CAIRO") + gap + pair.format(dtg="221120Z JUN 01", post="CAIRO")
    (found,) = other_cables(text, unreadable, None, None)
    assert "221120Z JUN 01 FM AMEMBASSY CAIRO, not this cable's (211120Z JUN 01 FM AMEMBASSY CAIRO)" in found.message
    # ... also when that pair is written as the unreadable one: it gives the sender.
    text = pair.format(dtg="211120Z XYZ 01", post="CAIRO") + gap + pair.format(dtg="211120Z XYZ 01", post="ROME")
    (found,) = other_cables(text, unreadable, None, None)
    assert "FM AMEMBASSY ROME, not this cable's (211120Z XYZ 01 FM AMEMBASSY CAIRO)" in found.message
    # Unknown date, known sender: any date-time group will do, the sender decides.
    assert not other_cables(pair.format(dtg="221120Z JUN 01", post="CAIRO"), unreadable, None, "AMEMBASSY CAIRO")
    assert len(other_cables(pair.format(dtg="211120Z XYZ 01", post="ROME"), unreadable, None, "AMEMBASSY CAIRO")) == 1
    # A readable one written the same is the same; another sender is still another message.
    own = Envelope(dtg_raw="211120Z JUN 01")
    assert not other_cables(pair.format(dtg="211120Z JUN 01", post="CAIRO"), own, None, "AMEMBASSY CAIRO")
    assert len(other_cables(pair.format(dtg="211120Z JUN 01", post="ROME"), own, None, "AMEMBASSY CAIRO")) == 1
    # Taken from the text, an impossible date compares as written.
    text = (pair.format(dtg="321120Z JUN 01", post="CAIRO") + gap + pair.format(dtg="321120Z JUN 01", post="CAIRO")
            + gap + pair.format(dtg="321120Z JUN 2001", post="CAIRO"))
    (found,) = other_cables(text, None, None, None)
    assert "321120Z JUN 2001 FM AMEMBASSY CAIRO, not this cable's (321120Z JUN 01" in found.message


def test_a_cut_off_cable_followed_by_another_cable_s_caption() -> None:
    """73TEHRAN8233's page (read by eye): Tehran's paragraph 1 is cut off at 'I ASKED TO
    ST...'; line 18 is '08STATE15228', line 19 The Hague's caption 'S E C R E T THE HAGUE
    000174', and its paragraphs 1 and 2 follow, signed Schofer."""
    cable = cablelib.parse_file(cable_path("73TEHRAN8233.html"))
    assert [p.number for p in cable.paragraphs] == [1, 1, 2]  # what the diagnostic warns of
    (found,) = _others(cable)
    assert found.message == ("another message's caption at line 19: S E C R E T THE HAGUE 000174, not this "
                             "cable's (S E C R E T TEHRAN 8233); its text is read as part of this cable")
    assert found.span is not None and (found.span.line, found.span.column) == (19, 1)
    assert cable.source[found.span.start:found.span.end] == "S E C R E T THE HAGUE 000174"


def test_a_cut_off_cable_followed_by_another_cable_s_database_row() -> None:
    """73TEHRAN2077's page (read by eye): Tehran's caption is cut off at its subject
    (' ...' on line 15); line 18 is The Hague's database row '50133  2006-01-19
    06THEHAGUE131  Embassy The Hague  CONFIDENTIAL ...' and its text follows."""
    cable = cablelib.parse_file(cable_path("73TEHRAN2077.html"))
    (found,) = _others(cable)
    assert found.message == ("another message's database row at line 18: a record of 06THEHAGUE131, not this "
                             "cable's (73TEHRAN2077); its text is read as part of this cable")
    assert found.span is not None and (found.span.line, found.span.column) == (18, 1)
    assert cable.source[found.span.start:found.span.end].startswith("50133  2006-01-19  06THEHAGUE131  Embassy")


def _seed_with(insert: str, paragraph: str = "1. (U) Another text.\n") -> cablelib.Cable:
    """The seed cable with ``insert`` and ``paragraph`` after its last paragraph."""
    return cablelib.parse(SEED.replace("MUSSOMELI", "MUSSOMELI\n\n" + insert + "\n" + paragraph, 1))


def test_caption_lines_and_rows_name_another_message_only_where_the_numbering_starts_again() -> None:
    assert not _others(cablelib.parse(SEED))
    # Another serial, then a paragraph 1: another message.
    found = _others(_seed_with("UNCLAS PHNOM PENH 002132"))
    assert [d.message.split(";")[0] for d in found] == [
        "another message's caption at line 189: UNCLAS PHNOM PENH 002132, not this cable's "
        "(UNCLAS SECTION 01 OF 02 PHNOM PENH 002131)"]
    assert len(_others(_seed_with("C O N F I D E N T I A L SECTION 02 OF 03 THE HAGUE 000174"))) == 1
    assert len(_others(_seed_with("12345\t2006-01-19 10:00:00\t06THEHAGUE131\tEmbassy The Hague"))) == 1
    assert len(_others(_seed_with("12345  2006-01-19  06THEHAGUE131  Embassy The Hague"))) == 1
    # The cable's own caption line or record again (a section, a database dump) is not.
    assert not _others(_seed_with("UNCLAS SECTION 02 OF 02 PHNOM PENH 002131"))
    assert not _others(_seed_with("UNCLAS PHNOM PENH 2131"))
    assert not _others(_seed_with("12345\t2006-12-04 08:08:00\t06PHNOMPENH2131\tEmbassy Phnom Penh"))
    # Not a caption line: a printout's number, text after the serial, no post.
    assert not _others(_seed_with("CONFIDENTIAL     PTQ1859"))
    assert not _others(_seed_with("UNCLAS PHNOM PENH 002132 SIPDIS PASS TO AID"))
    assert not _others(_seed_with("UNCLASSIFIED 002132"))
    # Without a paragraph 1 after it, the numbering goes on: nothing is said.
    assert not _others(_seed_with("UNCLAS PHNOM PENH 002132", "9. (U) More text.\n"))


def test_a_drawn_cable_followed_by_another_cable_s_caption_and_paragraph_1() -> None:
    """Property: whatever a drawn cable holds, another caption line (another serial, the
    post and serial ending the line) and a paragraph 1 after its numbered paragraphs are
    said once, at that line; the cable alone, and its own caption line again, are not."""
    hypothesis = pytest.importorskip("hypothesis")
    from hypothesis import strategies as st

    from cablelib import strategies as cst

    @hypothesis.given(cst.cables(envelope=True, captions=True, body=True), st.sampled_from(["S E C R E T", "CONFIDENTIAL", "UNCLAS", "LIMITED OFFICIAL USE"]),
                      st.sampled_from(["THE HAGUE", "STATE", "PHNOM PENH", "USNATO"]))
    @hypothesis.settings(deadline=None, suppress_health_check=[hypothesis.HealthCheck.filter_too_much])
    def check(drawn: cablelib.Cable, word: str, post: str) -> None:
        line = drawn.classification_line
        hypothesis.assume(line is not None and line.serial is not None)
        hypothesis.assume(any(p.number is not None for p in drawn.paragraphs))
        assert not _others(drawn)
        tail = "\n\n1. (U) Another text.\n"
        own = cablelib.parse(drawn.source + f"\n\n{word} {line.post} {line.serial:06d}" + tail)
        assert not _others(own)
        other_serial = line.serial + 1
        text = drawn.source + f"\n\n{word} {post} {other_serial:06d}" + tail
        cable = cablelib.parse(text)
        (found,) = _others(cable)
        assert found.span is not None
        assert cable.source[found.span.start:found.span.end] == f"{word} {post} {other_serial:06d}"
        assert found.message.startswith(f"another message's caption at line {drawn.source.count(chr(10)) + 3}: ")

    check()
