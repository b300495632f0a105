"""The ``hanoi`` variant: Embassy Hanoi and Consulate Ho Chi Minh City.

Hanoi's drafters (2009) listed references without letters, each followed by
the cited cable's subject in parentheses, two spaces or a line break
between them::

    REF: HANOI 60 (FEW CHANGES AT THE 9TH PARTH PLENUM)  HANOI 330 (IDEOLOGY
    RESURGENT? ...)  HANOI 413 (IN VIETNAM, CHINA AND BAUXITE DON'T MIX) ...

(09HANOI809).  The base splitter only knows letter bullets, so it keeps the
list as one item and every cited id gets the whole list as its text.  This
variant ends an item after its parenthesised title when the next citation
follows, so each reference keeps its own title.
"""

from __future__ import annotations

from typing import Any

from lark import Token, v_args

from .. import module_patterns
from ..registry import BASE_GRAMMAR
from ..transform import CableTransformer
from .generic import Generic
from .ref_pieces import cut_pieces, top_level_cuts
from .signals import signals

__all__ = ["Hanoi", "HanoiTransformer"]

# After ")" : whitespace, then [year] POST SERIAL — the next citation.
_AFTER_TITLE = module_patterns.compile(
    r"(?<=\))[ \t\r\n]+(?=(?:(?:19|20)?\d{2}[ \t]+)?[A-Z][A-Za-z.'-]*(?:[ \t]+[A-Z][A-Za-z.'-]*){0,3}[ \t]+\d{1,6}\b)")


def _after_titles(text: str, start: int) -> list[tuple[int, int]]:
    return top_level_cuts(text, _AFTER_TITLE, start)


# v_args on each method, not on the class: a class decorator wraps every inherited
# member again (inspect.getmembers), ~1 ms of each fresh process for each variant.
class HanoiTransformer(CableTransformer):
    """The base transformer, with a REF item also ending after its parenthesised title."""

    @v_args(inline=True)
    def ref_list(self, head: Token, *items: Any) -> tuple[str, Any, Any]:
        name, block, span = super().ref_list(head, *items)
        return name, cut_pieces(block, _after_titles), span


class Hanoi(Generic):
    """Cables from Hanoi and Ho Chi Minh City."""

    name = "hanoi"
    aliases = ("vietnam",)
    description = ("Embassy Hanoi: unlettered REF items, each followed by its title in "
                   "parentheses, are separate references.")
    grammar = BASE_GRAMMAR
    transformer = HanoiTransformer
    examples = ("09HANOI809", "01HANOI3294", "00HOCHIMINHCITY838")
    changes = ("references", "captions")

    @classmethod
    def score(cls, text: str) -> float:
        s = signals(text)
        if s.from_post("HANOI", "HO CHI MINH CITY") or s.station in ("RUEHHI", "RUEHHM"):
            return 0.8
        return 0.0
