"""cablelib — parse US diplomatic cables into exact, typed, positioned data.

>>> import cablelib
>>> cable = cablelib.parse(open("examples/06PHNOMPENH2131.txt").read())  # doctest: +SKIP
>>> cable.reference_id, cable.subject                                     # doctest: +SKIP
('06PHNOMPENH2131', 'CAMBODIA: TIP INTERIM ASSESSMENT REPORT')

The public surface is listed in ``__all__``; ``cablelib.strategies``
(hypothesis) and ``cablelib.testing`` are separate imports so that
``import cablelib`` stays light.
"""

from . import module_patterns as _module_patterns
from .api import iter_corpus, parse, parse_file
from .errors import (
    CableError,
    CableInputError,
    CableOutputError,
    CableSourceError,
    CableSyntaxError,
    UnknownVariantError,
    VariantConflictError,
)
from .ids import canonical_id
from .lookups import canonical_surname, station_name, tag_kind, title_case
from .model import (
    Artefact,
    Cable,
    Caption,
    ClassificationLine,
    ClassifiedBy,
    Diagnostic,
    Envelope,
    ExecutiveOrder,
    Paragraph,
    Recipient,
    Reference,
    Span,
    SubjectLine,
    TagsLine,
    Wrapper,
)
from .registry import Variant, get_variant, register_variant, variants
from .render import render

__version__ = "0.1.0"

# Every module above has compiled its patterns: keep any new ones for the next process.
_module_patterns.save()

__all__ = [
    "parse",
    "parse_file",
    "render",
    "iter_corpus",
    "canonical_id",
    "station_name",
    "tag_kind",
    "title_case",
    "canonical_surname",
    "variants",
    "register_variant",
    "get_variant",
    "Variant",
    "Cable",
    "Envelope",
    "Recipient",
    "ClassificationLine",
    "ExecutiveOrder",
    "TagsLine",
    "SubjectLine",
    "Reference",
    "ClassifiedBy",
    "Caption",
    "Paragraph",
    "Artefact",
    "Span",
    "Diagnostic",
    "Wrapper",
    "CableError",
    "CableSyntaxError",
    "CableInputError",
    "CableSourceError",
    "CableOutputError",
    "UnknownVariantError",
    "VariantConflictError",
    "__version__",
]

from .compiled import warn_if_stale as _warn_if_stale

_warn_if_stale()  # an optional compiled build older than the source (cablelib.compiled)
