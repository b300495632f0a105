"""Files shipped inside the package: the data tables, the seed cable and the installed grammars.

Why not :mod:`importlib.resources`: its first ``files()`` call imports the
zip-reader machinery (``zipfile`` and friends), 1.6 ms of every fresh
process, for a package that is always installed as plain files — the wheel
is unpacked, and Lark's ``%import`` needs real grammar paths anyway.  The
tables are tab-separated with a header line (``cablelib/data/SOURCES.md``
names the source of each).
"""

from __future__ import annotations

import csv
from pathlib import Path

__all__ = ["PACKAGE_DIR", "data_rows", "data_text"]

PACKAGE_DIR = Path(__file__).resolve().parent
"""The directory of the installed ``cablelib`` package."""


def data_text(name: str) -> str:
    """The text of ``cablelib/data/<name>``."""
    return (PACKAGE_DIR / "data" / name).read_text(encoding="utf-8")


def data_rows(name: str) -> list[dict[str, str]]:
    """The rows of the tab-separated table ``cablelib/data/<name>``, by column name."""
    return list(csv.DictReader(data_text(name).splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))
