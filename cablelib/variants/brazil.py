"""The ``brazil`` variant: Embassy Brasilia and the consulates in Sao Paulo, Rio and Recife.

The Mission in Brazil marked sensitive-but-unclassified cables with a
handling notice written as prose — ``(U) THIS CABLE IS SENSITIVE BUT
UNCLASSIFIED AND NOT FOR INTERNET DISTRIBUTION.`` on a line of its own
(10BRASILIA108), or ``SENSITIVE BUT UNCLASSIFIED - PLEASE PROTECT
ACCORDINGLY.`` run into the last REF item (06SAOPAULO465).  Both are the
SENSITIVE caveat; in the base grammar the first becomes a REF item ``U`` and
the second part of the text of REF item F.  The Mission's mixed-case REF
keywords (``Refs:``, ``Ref(s):``), four-digit REF years and REF lists on the
SUBJECT line the base grammar already reads.
"""

from __future__ import annotations

import re
from typing import Any

import attrs
from lark import Token, v_args

from ..assemble import sub_span
from ..transform import CableTransformer, RefBlock, span_of
from .generic import Generic
from .signals import signals

__all__ = ["Brazil", "BrazilTransformer", "POSTS"]

POSTS = ("BRASILIA", "SAO PAULO", "RIO DE JANEIRO", "RECIFE")
"""Post names as FM lines and classification lines write them."""

STATIONS = ("RUEHBR", "RUEHSO", "RUEHRI", "RUEHRG")
"""Their DE-line routing indicators (cablelib/data/stations.tsv)."""

_RUN_IN_NOTICE = re.compile(
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


@v_args(inline=True)
class BrazilTransformer(CableTransformer):
    """The base transformer, plus the Mission's SBU handling notice as a caveat."""

    def sbu_notice(self, token: Token) -> tuple[str, Any, Any]:
        return "caveats", ("SENSITIVE",), span_of(token)

    def caption(self, line: Any, *items: Any) -> Any:
        return super().caption(line, *self._notices_out_of_refs(items))

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
    description = ("The Mission in Brazil: its 'SENSITIVE BUT UNCLASSIFIED' handling notices are "
                   "the SENSITIVE caveat, not REF items.")
    grammar = "variants/brazil.lark"
    transformer = BrazilTransformer
    examples = ("10BRASILIA108", "06SAOPAULO465", "09BRASILIA1263", "06BRASILIA1365")
    changes = ("references", "caveats", "attention", "captions")

    @classmethod
    def score(cls, text: str) -> float:
        s = signals(text)
        if s.from_post(*POSTS) or s.station in STATIONS:
            return 0.8
        return 0.0
