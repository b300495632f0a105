"""The ``brazil`` variant: Embassy Brasilia and the consulates in Sao Paulo, Rio and Recife.

The Mission in Brazil marked sensitive-but-unclassified cables with a
handling notice written as prose.  Where it stands alone — ``(U) THIS CABLE
IS SENSITIVE BUT UNCLASSIFIED AND NOT FOR INTERNET DISTRIBUTION.``, an
unmarked-number paragraph (10BRASILIA108) or paragraph 1 (08BRASILIA1568) —
the base grammar reads it as the paragraph it is.  Run into the last REF item
— ``F) 05 BRASILIA 1602 SENSITIVE BUT UNCLASSIFIED - PLEASE PROTECT
ACCORDINGLY.`` (06SAOPAULO465) — it becomes part of that item's text; this
variant cuts it off the item and reads it as the SENSITIVE caveat.  The
Mission's mixed-case REF keywords (``Refs:``, ``Ref(s):``), four-digit REF
years and REF lists on the SUBJECT line the base grammar already reads.
"""

from __future__ import annotations

from typing import Any

import attrs
from lark import v_args

from .. import module_patterns
from ..assemble import sub_span
from ..registry import BASE_GRAMMAR
from ..transform import CableTransformer, RefBlock
from .generic import Generic
from .signals import signals

__all__ = ["Brazil", "BrazilTransformer", "POSTS"]

POSTS = ("BRASILIA", "SAO PAULO", "RIO DE JANEIRO", "RECIFE")
"""Post names as FM lines and classification lines write them."""

STATIONS = ("RUEHBR", "RUEHSO", "RUEHRI", "RUEHRG")
"""Their DE-line routing indicators (cablelib/data/stations.tsv)."""

_RUN_IN_NOTICE = module_patterns.compile(
    r"[ \t]+SENSITIVE[ \t]+BUT[ \t]+UNCLASSIFIED\b[^\n]*?(?:ACCORDINGLY|DISTRIBUTION)\.?[ \t]*\Z")


def _without_run_in_notice(block: RefBlock) -> tuple[RefBlock, Any]:
    """The REF block with a notice cut off its last piece, and the notice's span (or None)."""
    if not block.pieces:
        return block, None
    text, span = block.pieces[-1]
    m = _RUN_IN_NOTICE.search(text)
    if m is None:
        return block, None
    kept = text[: m.start()]
    pieces = (*block.pieces[:-1], (kept, sub_span(text, span, 0, len(kept))))
    notice_start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
    return attrs.evolve(block, pieces=pieces), sub_span(text, span, notice_start, len(text.rstrip()))


# v_args on each method, not on the class: a class decorator wraps every inherited
# member again (inspect.getmembers), ~1 ms of each fresh process for each variant.
class BrazilTransformer(CableTransformer):
    """The base transformer; a handling notice run into a REF item is the SENSITIVE caveat."""

    @v_args(inline=True)
    def caption(self, line: Any, *items: Any) -> Any:
        return super().caption(line, *self._notices_out_of_refs(items))

    @v_args(inline=True)
    def loose_caption(self, *items: Any) -> Any:
        return super().loose_caption(*self._notices_out_of_refs(items))

    @staticmethod
    def _notices_out_of_refs(items: tuple[Any, ...]) -> list[Any]:
        out: list[Any] = []
        for item in items:
            if item[0] == "references":
                block, notice_span = _without_run_in_notice(item[1])
                if notice_span is not None:
                    out.append(("references", block, item[2]))
                    out.append(("caveats", ("SENSITIVE",), notice_span))
                    continue
            out.append(item)
        return out


class Brazil(Generic):
    """Cables from Brasilia, Sao Paulo, Rio de Janeiro and Recife."""

    name = "brazil"
    aliases = ("brasilia", "sao-paulo", "rio-de-janeiro", "recife")
    description = ("The Mission in Brazil: a 'SENSITIVE BUT UNCLASSIFIED' handling notice run into "
                   "the last REF item is the SENSITIVE caveat, not part of the item.")
    grammar = BASE_GRAMMAR
    transformer = BrazilTransformer
    examples = ("06SAOPAULO465", "10BRASILIA108", "09BRASILIA1263", "06BRASILIA1365")
    changes = ("references", "caveats", "captions")

    @classmethod
    def score(cls, text: str) -> float:
        s = signals(text)
        if s.from_post(*POSTS) or s.station in STATIONS:
            return 0.8
        return 0.0
