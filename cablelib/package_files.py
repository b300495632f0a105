"""Files shipped inside the package: the data tables, the seed cable and the installed grammars.

Why not :mod:`importlib.resources`: its first ``files()`` call imports the
zip-reader machinery (``zipfile`` and friends), 1.6 ms of every fresh
process, for a package that is always installed as plain files — the wheel
is unpacked, and Lark's ``%import`` needs real grammar paths anyway.  The
tables are tab-separated with a header line (``cablelib/data/SOURCES.md``
names the source of each).  Paths are strings here, and :mod:`pathlib`
is imported only when ``PACKAGE_DIR`` is asked for (see
:mod:`cablelib.cache_files`: ~4 ms of a fresh process).
"""

from __future__ import annotations

import csv
import os
from typing import Any

__all__ = ["PACKAGE_DIR", "PACKAGE_PATH", "data_rows", "data_text"]

PACKAGE_PATH = os.path.dirname(os.path.realpath(__file__))
"""The directory of the installed ``cablelib`` package, as a string."""


def __getattr__(name: str) -> Any:
    if name == "PACKAGE_DIR":  # PACKAGE_PATH as a Path, made on first use
        from pathlib import Path

        globals()["PACKAGE_DIR"] = found = Path(PACKAGE_PATH)
        return found
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def data_text(name: str) -> str:
    """The text of ``cablelib/data/<name>``."""
    with open(os.path.join(PACKAGE_PATH, "data", name), encoding="utf-8") as handle:
        return handle.read()


def data_rows(name: str) -> list[dict[str, str]]:
    """The rows of the tab-separated table ``cablelib/data/<name>``, by column name.

    What ``csv.DictReader(lines, delimiter="\\t", quoting=csv.QUOTE_NONE)``
    gives (:func:`_dict_reader_rows`), read with ``str.split``: that reader
    runs a Python method for every row, and the id tables a first parse
    reads (~650 rows) took ~1 ms of a fresh process through it.  With no
    quoting, a line that splits into as many fields as the header is one
    row, field for field; a blank line is no row; a table with any other
    line is left to the reader itself, so the result is always the same
    (tests/test_startup.py compares the two on every shipped table).
    """
    lines = data_text(name).splitlines()
    if not lines:
        return []
    header = lines[0].split("\t")
    width = len(header)
    rows = []
    for line in lines[1:]:
        if not line:
            continue
        fields = line.split("\t")
        if len(fields) != width:  # a short or long row: the reader's rules (restval, restkey)
            return _dict_reader_rows(lines)
        rows.append(dict(zip(header, fields)))
    return rows


def _dict_reader_rows(lines: list[str]) -> list[dict[str, str]]:
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
