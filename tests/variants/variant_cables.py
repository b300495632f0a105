"""Helpers of the per-variant tests: the copies of real cables they read."""

from __future__ import annotations

import cablelib
from cablelib.testing import compare_with_generic
from cables import cable_path


def parse_copy(name: str, variant: str | None = None, row: int = 0) -> cablelib.Cable:
    """Cable number ``row`` of the copy ``name`` in tests/cables (a CSV file holds several)."""
    return list(cablelib.iter_corpus(cable_path(name), variant=variant))[row]


def assert_not_worse_than_generic(name: str, row: int = 0) -> cablelib.Cable:
    """Parse with automatic selection; the result keeps every generic field it does not change."""
    cable = parse_copy(name, row=row)
    generic = parse_copy(name, "generic", row=row)
    variant = cablelib.get_variant(cable.variant)
    assert compare_with_generic(cable, generic, variant.changes) == []
    return cable
