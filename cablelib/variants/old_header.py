"""The ``old-header`` variant: cables of 1966-2002 whose header starts at the date-time group.

These cables have no FL1-FL4 envelope (no VZCZC, DE or ZNR line): the text
starts with the date-time group and FM/TO/INFO (cable2graph's "ACP-126"
headers).  Their other habits the base grammar reads and would read the same
way in any cable: the systematic-review declassification stamps and NARA
archive notes of the 1960s-70s cables, the year some classification lines
put before the post (``75 LIBREVILLE``), REF items separated by colons or
semicolons (``REF: TEHRAN 1091: TEHRAN 263: MOSCOW 1603``), receiving-side
printouts with ``PAGE nn`` headers and distribution blocks.  So this variant
changes nothing in the grammar or the transformer: it exists so that
automatic selection names the period (``Cable.variant == 'old-header'``),
and as the place for a reading that only holds for these decades.
"""

from __future__ import annotations

from ..registry import BASE_GRAMMAR
from ..transform import CableTransformer
from .generic import Generic
from .signals import signals

__all__ = ["OldHeader"]


class OldHeader(Generic):
    """Cables dated 1966-2002 whose header starts at the date-time group."""

    name = "old-header"
    aliases = ("acp126", "dtg-header")
    description = ("Cables of 1966-2002 whose header starts at the date-time group (no VZCZC/DE "
                   "lines); the base grammar reads their stamps, notes and REF lists.")
    grammar = BASE_GRAMMAR
    transformer = CableTransformer
    examples = ("72TEHRAN1164", "66BUENOSAIRES2481", "7575LIBREVILLE1895", "01CAIRO3757")
    changes = ()

    LAST_YEAR = 2002
    """Cables after this year that start at the date-time group (a few 2007-2009
    ones do) are left to ``generic``: this variant is about the period."""

    @classmethod
    def score(cls, text: str) -> float:
        s = signals(text)
        if s.starts_at_dtg and s.year is not None and s.year <= cls.LAST_YEAR:
            return 0.5
        return 0.0
