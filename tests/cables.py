"""The real cables the tests read: one copy of each, in ``tests/cables/``.

``tests/cables/<folder>/<file>`` is a byte-identical copy of the shared
corpus's ``<folder>/<file>`` (``../shared/corpus``; its ``MANIFEST.tsv`` gives
each file's source).  The folder is the corpus's container folder
(``cablegate-html``, ``extract-text``, ``csv``...), so a copy keeps the path it
has in the corpus; ``tests/test_sources.py`` compares every copy with the
corpus byte for byte when the corpus is there.  ``.gitattributes`` keeps the
bytes as they are (CRLF, cp1252, no final newline).

File names are unique across the folders, so a test names a cable by its file
name and finds it with :func:`cable_path`::

    from cables import cable_path
    cablelib.parse_file(cable_path("73TEHRAN7005.html"))

To use another real cable, copy it here (under its corpus folder) and name it;
never keep a second copy elsewhere in ``tests/``.  The one exception is
``tests/variants/plugin/cablelib-reykjavik/tests/cables/``, which belongs to a
stand-alone example package.

The tuples below are the sets of copies that some tests read as a whole.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

CABLES = Path(__file__).resolve().parent / "cables"
"""The directory of the copies (``check_variant(corpus=CABLES)`` searches it)."""


@functools.lru_cache(maxsize=None)
def _by_name() -> dict[str, Path]:
    index: dict[str, Path] = {}
    for path in sorted(CABLES.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        if path.name in index:
            raise RuntimeError(f"two copies named {path.name} in {CABLES}: {index[path.name]} and {path}")
        index[path.name] = path
    return index


def cable_path(name: str) -> Path:
    """The copy of the real cable file ``name``: ``"09PARIS1254.html"``, or with its
    corpus folder, ``"cablegate-html-httrack/09PARIS1254.html"``."""
    path = _by_name().get(name.rsplit("/", 1)[-1])
    if path is None or ("/" in name and path != CABLES / name):
        raise FileNotFoundError(f"no real cable {name!r} in {CABLES} (copy the corpus file there, "
                                "in its corpus folder)")
    return path


def cable_paths(names: Iterable[str]) -> list[Path]:
    """:func:`cable_path` of each name, in the order given."""
    return [cable_path(name) for name in names]


CONTAINER_SAMPLES: tuple[str, ...] = (
    "cablegate-html/06ANKARA4688.html",
    "cablegate-html/08OTTAWA918.html",
    "cablegate-html/09MALABO13.html",
    "cablegate-html/10STATE284.html",
    "cablegate-html/7575LIBREVILLE1895.html",
    "cablegate-html-httrack/09PARIS1254.html",
    "cablegate-pre-fragment/08REYKJAVIK195.txt",
    "cablegate-pre-fragment/09PARIS848.txt",
    "csv/cables_sample.csv",
    "extract-text/01PRETORIA1173.txt",
    "extract-text/06ANKARA4688.txt",
    "extract-text/66BUENOSAIRES2481.txt",
    "plusd-pdf-text/07KINGSTON382.txt",
    "plusd-pdf-text/09USEUBRUSSELS1177.txt",
    "wikileaks-text/06PHNOMPENH2131.txt",
)
"""Real cables in every container format (15 files; the CSV holds two cables), in
sorted path order: the containers layer's tests (tests/test_sources.py), and the
small always-present corpus of the corpus-run, export, Dask, accuracy and
property tests."""

GOLDEN_INPUTS: tuple[str, ...] = (
    "01CAIRO3757.txt",
    "01HANOI3294.txt",
    "01STATE176819.html",
    "03KATHMANDU280.html",
    "05THEHAGUE3128.txt",
    "06ANKARA4688.txt",
    "06NEWDELHI5237.txt",
    "06PARAMARIBO343.html",
    "06PHNOMPENH2131.txt",
    "07USUNNEWYORK1149.html",
    "08BEIJING1373.html",
    "08KUALALUMPUR317.html",
    "08USNATO290.html",
    "09GENEVA203.html",
    "09PARIS1254.html",
    "09RIODEJANEIRO14.html",
    "09TRIPOLI950.txt",
    "09UNVIEVIENNA281.txt",
    "09UNVIEVIENNA9.html",
    "09USEUBRUSSELS1177.txt",
    "10RIYADH184.html",
    "10STATE284.html",
    "10STATE6451.html",
    "66BUENOSAIRES2481.txt",
    "73TEHRAN7005.html",
    "7575LIBREVILLE1895.html",
    "79TEHRAN8980.html",
    "85BEIRUT1725.html",
    "86MADRID5480.html",
    "96ANKARA12278.html",
    "97WELLINGTON1656.html",
    "cables_sample.csv",
)
"""The inputs of the golden tests (tests/test_goldens.py), sorted by file name: each
has ``tests/goldens/expected/<name>.json`` (a CSV file one per row, ``<name>#<row>``)."""

VARIANT_EXAMPLES: tuple[str, ...] = (
    "00HOCHIMINHCITY838.txt",
    "01CAIRO3757.txt",
    "01HANOI3294.txt",
    "01STATE176819.html",
    "06BRASILIA1365.txt",
    "06SAOPAULO465.html",
    "08STATE116943.html",
    "08TRIPOLI126.html",
    "08TRIPOLI982.html",
    "09BRASILIA1263.txt",
    "09HANOI809.html",
    "09TRIPOLI950.txt",
    "10BRASILIA108.html",
    "10STATE9565.txt",
    "66BUENOSAIRES2481.txt",
    "7575LIBREVILLE1895.html",
    "cables_sample.csv",
)
"""The example cables of the built-in variants (``Variant.examples``; the CSV holds
72TEHRAN1164 and 66BUENOSAIRES2481), sorted by file name: tests/variants/."""


def texts_with_line_starts(folder: str) -> Iterator[tuple[str, list[int]]]:
    """Each cable of ``tests/cables/<folder>`` as the grammar sees it (unwrapped,
    normalised), with the offsets where its lines start after their indentation:
    where the lexer tries its terminals, for tests that compare two forms of them."""
    from cablelib.normalize import normalize
    from cablelib.sources import read_path

    for path in sorted((CABLES / folder).iterdir()):
        for unwrapped in read_path(path):
            text = normalize(unwrapped.text)
            yield text, [0] + [m.end() for m in re.finditer(r"\n[ \t]*", text)]


def attrs_nodes(value: object) -> Iterator[object]:
    """Every attrs instance reachable from ``value`` (a cable, or any model object), itself first."""
    import attrs

    if attrs.has(type(value)):
        yield value
        for field in attrs.fields(type(value)):
            yield from attrs_nodes(getattr(value, field.name))
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from attrs_nodes(item)
