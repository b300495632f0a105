"""The ``hypothesis`` entry point: ``st.from_type`` for cablelib's model classes.

Why a module of its own, apart from :mod:`cablelib.strategies`: hypothesis
runs its entry points while it is itself being imported.  A program that
imports ``cablelib.strategies`` before hypothesis starts that import from
the middle of ``cablelib.strategies`` (its ``from hypothesis import
strategies``), so a hook defined in that half-initialised module cannot be
found, and the program's first import failed with a circular-import
``AttributeError``.  This module needs nothing from ``cablelib.strategies``
to register the types: each strategy is looked up there only when
``from_type`` first asks for it, long after both imports have finished.
"""

from __future__ import annotations

from typing import Any

__all__ = ["setup_hook"]

# Model class name -> the cablelib.strategies function that draws one.
_STRATEGIES = {
    "Cable": "cables",
    "Envelope": "envelopes",
    "Recipient": "recipients",
    "Caption": "captions",
    "Paragraph": "paragraphs",
}


def _deferred(name: str) -> Any:
    def strategy(_type: type) -> Any:
        from . import strategies

        return getattr(strategies, name)()

    return strategy


def setup_hook() -> None:
    """Register the model strategies with :func:`hypothesis.strategies.from_type`."""
    # hypothesis calls this at the end of its own __init__, when its
    # strategies module is loaded.
    from hypothesis import strategies as st

    from . import model

    for class_name, strategy_name in _STRATEGIES.items():
        st.register_type_strategy(getattr(model, class_name), _deferred(strategy_name))
