"""Another cable's envelope inside this cable's text: the ``other-cable`` diagnostic.

Why: texts are pasted together, and publishers' pages carry database records
of other messages (07BERN881's page holds a record of Embassy Tbilisi's
message 2290 after Bern's own text).  The grammar reads one cable a text:
the second message's header, caption and paragraphs become lines of the
first one's paragraphs, its numbering starting again at 1 — a silent misread
unless it is said.  Repeats of the cable's *own* header are common and
harmless (database dumps print the header twice: 09QUITO1206,
08MONTEVIDEO34; multi-section cables number their sections ``#0881/01``,
``#0881/02``), so the test is the ACP-127 station line (``DE RUEHSI
#2290/01 2541250``, format line 3), which names the originating station and
the message's sequence number: a DE line at the start of a line that names
another station or another sequence than the cable's own is another message.

The cable's own station and sequence are its envelope's; without an
envelope, the sequence is the serial of its reference id (a station's
sequence is the serial's last four digits: ``09STATE123456`` is ``RUEHC
#3456``); without either, the first DE line of the text is taken as its own.
Each other message is reported once, at its first DE line, and nothing is
moved: its text stays where the grammar put it.
"""

from __future__ import annotations

import re

from .model import Diagnostic, Envelope, Span

__all__ = ["other_cables"]

# As the grammar's STATION_LINE (grammars/envelope.lark), from its start.
_STATION_LINE = re.compile(r"DE[ \t]+([RQ][A-Z]{3,6})\b[ \t]*#[ \t]*(\d{2,6})")
_SERIAL = re.compile(r"(\d+)$")


def _own(envelope: Envelope | None, reference_id: str | None) -> tuple[str | None, int] | None:
    if envelope is not None and envelope.station and envelope.sequence is not None:
        return envelope.station, envelope.sequence % 10000
    if reference_id:
        m = _SERIAL.search(reference_id)
        if m is not None:
            return None, int(m.group(1)) % 10000
    return None


def other_cables(source: str, envelope: Envelope | None, reference_id: str | None) -> list[Diagnostic]:
    """An ``other-cable`` diagnostic for each other message whose DE line is in ``source``."""
    if "#" not in source:  # every station line has one
        return []
    own = _own(envelope, reference_id)
    reported: set[tuple[str, int]] = set()
    found: list[Diagnostic] = []
    for m in _STATION_LINE.finditer(source):
        line_start = source.rfind("\n", 0, m.start()) + 1
        if source[line_start:m.start()].strip(" \t"):
            continue  # not at the start of a line: prose that mentions a DE line
        station, sequence = m.group(1), int(m.group(2)) % 10000
        if own is None:
            own = station, sequence
            continue
        if sequence == own[1] and (own[0] is None or station == own[0]):
            continue
        if (station, sequence) in reported:
            continue
        reported.add((station, sequence))
        end = source.find("\n", m.end())
        end = len(source) if end < 0 else end
        line = source.count("\n", 0, line_start) + 1
        own_name = f"{own[0]} #{own[1]:04d}" if own[0] else f"sequence {own[1]:04d}"
        found.append(Diagnostic(
            "other-cable",
            f"another message's envelope at line {line}: DE {station} #{sequence:04d}, not this cable's "
            f"({own_name}); its text is read as part of this cable",
            span=Span(m.start(), end, line, m.start() - line_start + 1)))
    return found
