"""cablelib-reykjavik: a cablelib variant for Embassy Reykjavik.

Some copies of the Embassy's cables lost the ``TAGS:`` keyword, leaving the
index terms alone on a line (``MOPS KPKO MARR PGOV PREL AF IC``).  The
variant reads that line as the TAGS line; everything else is cablelib's
base grammar.
"""

from __future__ import annotations

from typing import Any

from lark import Token, v_args

from cablelib.fields.caption import split_tags
from cablelib.model import TagsLine
from cablelib.transform import CableTransformer, span_of
from cablelib.variants.generic import Generic
from cablelib.variants.signals import signals

__all__ = ["Reykjavik", "ReykjavikTransformer"]


@v_args(inline=True)  # like CableTransformer: callbacks take their children as arguments
class ReykjavikTransformer(CableTransformer):
    """CableTransformer, plus the callback of the new rule."""

    def unlabelled_tags(self, token: Token) -> tuple[str, Any, Any]:
        span = span_of(token)
        return "tags", TagsLine(split_tags(str(token)), raw=str(token).strip(), span=span), span

    def tags(self, item: Any) -> Any:
        # The overridden rule: a TAGS_LINE token as before, or what
        # unlabelled_tags already built.
        if isinstance(item, Token):
            return super().tags(item)
        return item


class Reykjavik(Generic):
    """Cables from Embassy Reykjavik."""

    name = "reykjavik"
    aliases = ("iceland",)
    description = "Embassy Reykjavik: a line of index terms without the TAGS keyword is the TAGS line."
    grammar = "cablelib_reykjavik:reykjavik.lark"  # a file inside this package
    transformer = ReykjavikTransformer
    examples = ("08REYKJAVIK195",)
    changes = ("tags", "attention", "captions")

    @classmethod
    def score(cls, text: str) -> float:
        s = signals(text)
        return 0.8 if s.from_post("REYKJAVIK") or s.station == "RUEHRK" else 0.0
