"""Shared pytest configuration for the cablelib test suite."""

from __future__ import annotations

from pathlib import Path

import pytest

import cablelib

SEED = Path(__file__).resolve().parent.parent / "examples" / "06PHNOMPENH2131.txt"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help=(
            "tests/test_goldens.py: rewrite tests/goldens/expected/*.json from the "
            "parser's output (goldens listed in KNOWN_WRONG are left alone). "
            "Regenerated goldens must be reviewed by eye against the cable text "
            "before they are committed."
        ),
    )


@pytest.fixture(scope="session")
def seed_cable() -> cablelib.Cable:
    """The seed cable 06PHNOMPENH2131, parsed leniently (used by test_model.py)."""
    return cablelib.parse_file(SEED)
