"""Shared pytest configuration for the cablelib test suite."""

from __future__ import annotations

import os
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


# ---------------------------------------------------------------- hypothesis profiles
#
# "cablelib-ci" (the default) keeps the property tests fast enough for CI:
# hypothesis' usual 100 examples, no per-example deadline (CI machines are
# slow and noisy; parse cost is checked by tests/test_linear.py instead).
# "fuzz" is the long run: HYPOTHESIS_PROFILE=fuzz python -m pytest
# tests/test_properties.py -k never_raises (see docs/testing.md).  Tests
# that scale their example count read settings().max_examples, so the
# profile reaches them too.
try:
    from hypothesis import HealthCheck, settings
except ImportError:  # hypothesis is an optional test dependency
    pass
else:
    settings.register_profile(
        "cablelib-ci", deadline=None, print_blob=True,
        suppress_health_check=[HealthCheck.too_slow])
    settings.register_profile(
        "fuzz", deadline=None, max_examples=100_000, print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.filter_too_much])
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "cablelib-ci"))
