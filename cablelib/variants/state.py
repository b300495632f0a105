"""The ``state`` variant: outgoing Department of State cables (FM SECSTATE WASHDC).

What marks a Department cable — long TO/INFO lists of posts without routing
indicators, collectives (``ALL DIPLOMATIC AND CONSULAR POSTS COLLECTIVE``)
with XMT exemption lines after them (format line 9, 5 FAH-2 H-321.9),
``PAGE nn STATE serial DTG`` lines inside the address lists, six-digit
serials, the drafting and clearance block of the receiving-side printouts —
the base grammar reads, and reads the same way in post cables (posts
address collectives and exempt posts too).  So this variant changes nothing
in the grammar or the transformer: it exists so that automatic selection
names the family (``Cable.variant == 'state'``), so that ``parse(...,
variant='state')`` and ``cablelib variants`` know it, and as the place for a
rule that only holds for the Department's own cables.
"""

from __future__ import annotations

from ..registry import BASE_GRAMMAR
from ..transform import CableTransformer
from .generic import Generic
from .signals import signals

__all__ = ["State"]


class State(Generic):
    """Cables from the Department: FM SECSTATE WASHDC, DE RUEHC, or a ``STATE`` classification line."""

    name = "state"
    aliases = ("secstate", "department")
    description = ("Outgoing Department of State cables (FM SECSTATE WASHDC); the base grammar "
                   "reads their address lists, XMT exemptions and drafting blocks.")
    grammar = BASE_GRAMMAR
    transformer = CableTransformer
    examples = ("08STATE116943", "01STATE176819", "10STATE9565")
    changes = ()

    @classmethod
    def score(cls, text: str) -> float:
        s = signals(text)
        if s.sender is not None:
            return 0.6 if s.sender.startswith("SECSTATE") else 0.0
        if s.station == "RUEHC" or (s.origin or "").lower() == "secretary of state":
            return 0.6
        return 0.5 if s.post == "STATE" else 0.0
