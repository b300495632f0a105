"""The ``tripoli`` variant: Embassy Tripoli (and the US Liaison Office before it).

In 2008 the Embassy kept copies of its own cables from the EACT e-mail
service: an e-mail header above the envelope (``Sent:`` / ``To:
EACTTripoli`` / ``Subject: TRIPOLI 00000126 R UN 18-FEB-08 ... [7039621]``)
and, at the foot, the signer followed by a ``0`` and the date the copy was
printed: ``STEVENS 0 02/18/2008`` (08TRIPOLI126).  The base grammar reads
the e-mail header (a notice) and the run-together REF / paragraph lines of
these cables; it does not know the dated signature line, which it leaves at
the end of the last paragraph.  This variant takes that line off the
paragraph and reads it as the signature.
"""

from __future__ import annotations

from typing import Any

from lark import Token, v_args

from .. import module_patterns
from ..assemble import sub_span
from ..model import Artefact
from ..registry import BASE_GRAMMAR
from ..transform import CableTransformer, span_of
from .generic import Generic
from .signals import signals

__all__ = ["Tripoli", "TripoliTransformer"]

# The last line of a paragraph token: "STEVENS 0 02/18/2008".
_DATED_SIGNATURE = module_patterns.compile(
    r"\r?\n[ \t]*(?P<line>(?P<name>[A-Z][A-Z'\-]+(?:[ \t]+[A-Z][A-Z'\-]+)?)[ \t]+0[ \t]+\d{1,2}/\d{1,2}/\d{4})[ \t\r]*\Z")


def _cut_token(token: Token, end: int) -> Token:
    """``token`` shortened to its first ``end`` characters (positions kept right)."""
    value = token.value[:end]
    lines = value.count("\n")
    end_column = len(value) - (value.rfind("\n") + 1) + 1 if lines else (token.column or 1) + len(value)
    return Token(token.type, value, token.start_pos, token.line, token.column,
                 (token.line or 1) + lines, end_column, (token.start_pos or 0) + len(value))


# v_args on each method, not on the class: a class decorator wraps every inherited
# member again (inspect.getmembers), ~1 ms of each fresh process for each variant.
class TripoliTransformer(CableTransformer):
    """The base transformer; a last paragraph line ``NAME 0 MM/DD/YYYY`` is the signature."""

    @v_args(inline=True)
    def paragraph(self, first: Token, *rest: Token) -> Any:
        tokens = [first, *rest]
        last = tokens[-1]
        m = _DATED_SIGNATURE.search(last.value) if last.type in ("TEXT", "PARA") else None
        if m is None:
            return super().paragraph(first, *rest)
        whole = super().paragraph(first, *rest)
        tokens[-1] = _cut_token(last, m.start())
        cut = super().paragraph(*tokens)
        span = sub_span(last.value, span_of(last), m.start("line"), m.end("line"))
        signature = ("signature", (m.group("name").upper(),),
                     Artefact("signature", m.group("line"), span=span))
        # One callback returns one value: ``body`` decides which reading holds.
        return "paragraph+signature", cut, signature, whole

    @v_args(inline=True)
    def body(self, *items: Any) -> tuple[str, Any]:
        # Only the last paragraph of the body can end with the signature.
        paragraphs = [i for i, item in enumerate(items)
                      if isinstance(item, tuple) and item and item[0] in ("paragraph", "paragraph+signature")]
        last = paragraphs[-1] if paragraphs else -1
        expanded: list[Any] = []
        for i, item in enumerate(items):
            if isinstance(item, tuple) and item and item[0] == "paragraph+signature":
                expanded.extend(item[1:3] if i == last else item[3:4])
            else:
                expanded.append(item)
        return super().body(*expanded)


class Tripoli(Generic):
    """Cables from Embassy Tripoli (FM AMEMBASSY TRIPOLI / USLO TRIPOLI, DE RUEHTRO)."""

    name = "tripoli"
    aliases = ("libya",)
    description = ("Embassy Tripoli: the signer and print date at the foot of the 2008 EACT "
                   "e-mail copies ('STEVENS 0 02/18/2008') is the signature.")
    grammar = BASE_GRAMMAR
    transformer = TripoliTransformer
    examples = ("08TRIPOLI126", "08TRIPOLI982", "09TRIPOLI950")
    changes = ("paragraphs", "signers", "artefacts", "summary")

    @classmethod
    def score(cls, text: str) -> float:
        s = signals(text)
        if s.from_post("TRIPOLI") or s.station == "RUEHTRO":
            return 0.8
        return 0.0
