"""What a variant's ``score`` looks at: cheap facts from the top of a cable.

Why a shared object: automatic selection asks every registered variant for a
score on every cable, so scoring must cost microseconds, not a parse.  The
facts a variant needs — the FM line, the DE station, the post on the
classification line, the year of the date-time group, whether the header
starts at the date-time group — all sit in the first few kilobytes.
:func:`signals` reads them from that head only, with ``str.find`` where a
regular expression would scan every position, and the registry computes
them once per cable for all variants.

>>> s = signals("P 040808Z DEC 06\\nFM AMEMBASSY PHNOM PENH\\nTO RUEHC/SECSTATE WASHDC\\n")
>>> s.sender, s.year, s.starts_at_dtg
('AMEMBASSY PHNOM PENH', 2006, True)
"""

from __future__ import annotations

import re
from .. import module_patterns

__all__ = ["Signals", "signals", "read_signals", "HEAD_CHARS"]

HEAD_CHARS = 3000
"""How much of the text scoring looks at.  Long INFO lists can push the
classification line further down; the FM line and DE line come first."""

_DE_RI = module_patterns.compile(r"[ \t]*([RQ][A-Z]{3,6})\b")
_DTG_AT = module_patterns.compile(r"\d{6}Z[ \t]+([A-Za-z]{3})[ \t]+(\d{4}|\d{2})\b")
_CLASSIFICATION_LINE = module_patterns.compile(
    r"(?m)^[ \t]*(?:UNCLAS(?:SIFIED)?(?:[ \t]+EFTO)?|C[ \t]?O[ \t]?N[ \t]?F[ \t]?I[ \t]?D[ \t]?E[ \t]?N[ \t]?T[ \t]?I[ \t]?A[ \t]?L"
    r"|S[ \t]?E[ \t]?C[ \t]?R[ \t]?E[ \t]?T|LIMITED[ \t]+OFFICIAL[ \t]+USE)"
    r"(?:[ \t]+SECTION[ \t]+\d+[ \t]+OF[ \t]+\d+)?[ \t]+([A-Za-z][A-Za-z .'-]*?)[ \t]+\d{2,8}[ \t\r]*$"
)
_SPACES = module_patterns.compile(r"\s+")


def _squeeze(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _line_starting(head: str, keyword: str, end: int | None = None) -> int:
    """Offset just after ``keyword`` at the start of a line, or -1.

    ``str.find`` instead of a multi-line regular expression: scoring runs on
    every cable, and this is an order of magnitude faster.
    """
    if head.startswith(keyword):
        return len(keyword)
    i = head.find("\n" + keyword, 0, len(head) if end is None else end)
    return -1 if i < 0 else i + 1 + len(keyword)


class Signals:
    """Facts from the head of one cable text.

    ``origin`` is the publisher's origin label (``'Embassy Tripoli'``) when
    the caller knows the wrapper, else ``None``.  The FM line, DE line and
    date-time group are read when the object is made (a few ``str.find``
    calls); the classification line, a regular-expression search, only when
    :attr:`post` is first asked for.
    """

    __slots__ = ("head", "origin", "sender", "station", "year", "starts_at_dtg", "_post")

    head: str
    origin: str | None
    sender: str | None
    """The FM line without ``FM``, spaces squeezed, upper case: ``'AMEMBASSY TRIPOLI'``."""
    station: str | None
    """The routing indicator of the DE line: ``'RUEHTRO'``."""
    year: int | None
    """The four-digit year of the first date-time group (``66`` → 1966)."""
    starts_at_dtg: bool
    """A date-time group with no FL1-FL4 envelope (VZCZC, DE) before it."""

    def __init__(self, text: str, origin: str | None = None) -> None:
        head = self.head = text[:HEAD_CHARS]
        self.origin = origin
        self._post: str | None | bool = False  # False: not looked for yet

        fm = _line_starting(head, "FM ")
        self.sender = None
        if fm >= 0:
            end = head.find("\n", fm)
            self.sender = " ".join((head[fm:] if end < 0 else head[fm:end]).split()).upper() or None

        de = _line_starting(head, "DE ")
        m = _DE_RI.match(head, de) if de >= 0 else None
        self.station = m.group(1) if m else None

        dtg = self._dtg(head, fm if fm >= 0 else len(head))
        if dtg is None:
            self.year, self.starts_at_dtg = None, False
        else:
            year = int(dtg.group(2))
            if year < 100:
                year += 1900 if year >= 66 else 2000
            self.year = year
            before = head[: dtg.start()]
            self.starts_at_dtg = ("VZCZC" not in before and "vzczc" not in before
                                  and _line_starting(before, "DE ") < 0)

    @staticmethod
    def _dtg(head: str, limit: int) -> re.Match[str] | None:
        # The date-time group comes before the FM line: look only there.
        i = head.find("Z", 6, limit)
        while i != -1:
            if head[i - 6:i].isdigit() and (i == 6 or not head[i - 7].isalnum()):
                m = _DTG_AT.match(head, i - 6)
                if m is not None:
                    return m
            i = head.find("Z", i + 1, limit)
        return None

    @property
    def post(self) -> str | None:
        """The post named on the first classification line, upper case: ``'SAO PAULO'``."""
        if self._post is False:
            m = _CLASSIFICATION_LINE.search(self.head)
            self._post = _squeeze(m.group(1)).upper() if m else None
        return self._post  # type: ignore[return-value]

    def from_post(self, *names: str) -> bool:
        """Whether the FM line, the origin or the classification line names one of ``names``.

        ``names`` are upper-case post names as FM lines write them (``'SAO
        PAULO'``): the FM line must end with one (``AMCONSUL SAO PAULO``);
        without an FM line, the origin must end with one (``Consulate Sao
        Paulo``) or the classification line's post must be one.
        """
        if self.sender is not None:
            return self.sender.endswith(names)
        if self.origin is not None and self.origin.upper().endswith(names):
            return True
        return self.post in names


_last: tuple[str, Signals] | None = None


def signals(text: str) -> Signals:
    """The :class:`Signals` of ``text``, shared by every variant scoring it.

    The registry reads them once per cable (:func:`read_signals`); a
    variant's ``score`` calling this for the same string gets that object
    back (an identity check, not a hash of the text), origin included.
    """
    last = _last
    if last is not None and last[0] is text:
        return last[1]
    return read_signals(text)


def read_signals(text: str, origin: str | None = None) -> Signals:
    """Read the signals of ``text`` afresh and keep them for the scores that follow."""
    global _last
    found = Signals(text, origin)
    _last = (text, found)
    return found
