"""Table-driven fidelity cases: real fragments of corpus cables and their values, checked by eye.

Each ``cases/*.json`` file holds a list of cases, one per item of issue 3
(references, canonical ids, recipients, TAGS, SUBJECT, Classified By, E.O.
line, body).  A case is::

    {"id": "ref-A-dot-06PHNOMPENH2131",     # names the cable it comes from
     "cable": "06PHNOMPENH2131",
     "source": "wikileaks-text/06PHNOMPENH2131.txt",   # where in the shared corpus
     "call": "parse",          # parse(text, year=...), parse_file(data/FILE) or canonical_id(text)
     "year": 2006,             # the year= argument (fragments carry no DTG)
     "text": "REF: A. STATE 178111\\n...",   # copied from the cable, lines as written
     "field": "references[].canonical_id",  # what is compared (see ``extract``)
     "expected": ["06STATE178111", "06PHNOMPENH1646"],
     "xfail": "precise bug"}   # only for a value the parser gets wrong today (strict)

``text`` is a verbatim run of lines of the cable as cablelib.sources hands it
on (for cablegate pages: the rebuilt text, entities decoded, anchors removed;
for PlusD PDF text: CR LF as LF).  ``expected`` was written from the cable
text by a person, never copied from the parser's output.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

import cablelib

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
DATA = HERE / "data"


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def extract(obj: Any, path: str) -> Any:
    """Follow ``path`` through the model.

    ``a.b`` reads attributes, ``a[]`` maps the rest of the path over a tuple,
    ``a[0]`` indexes; a ``None`` on the way gives ``None``.  Tuples come back as
    lists and dates as ISO strings, the types the JSON files hold.
    """
    if not path:
        return _plain(obj)
    head, _, rest = path.partition(".")
    if head.endswith("[]"):
        seq = getattr(obj, head[:-2])
        return [extract(item, rest) for item in seq]
    if head.endswith("]"):
        name, _, index = head[:-1].partition("[")
        seq = getattr(obj, name)
        i = int(index)
        if i >= len(seq):
            return None
        return extract(seq[i], rest)
    value = getattr(obj, head)
    if value is None:
        return None
    return extract(value, rest)


def _load() -> list[Any]:
    params = []
    for file in sorted(CASES.glob("*.json")):
        for case in json.loads(file.read_text(encoding="utf-8")):
            marks = []
            if case.get("xfail"):
                marks.append(pytest.mark.xfail(strict=True, reason=case["xfail"]))
            params.append(pytest.param(case, id=case["id"], marks=marks))
    return params


ALL = _load()


def _run(case: dict[str, Any]) -> Any:
    call = case.get("call", "parse")
    if call == "canonical_id":
        return cablelib.canonical_id(case["text"])
    if call == "parse_file":
        cable = cablelib.parse_file(DATA / case["file"])
    else:
        cable = cablelib.parse(case["text"], year=case.get("year"))
    return extract(cable, case["field"])


@pytest.mark.parametrize("case", ALL)
def test_fidelity(case: dict[str, Any]) -> None:
    """The parser's value for the case's field equals the value read off the cable by eye."""
    assert _run(case) == case["expected"]


def test_enough_cases_and_unique_ids() -> None:
    """At least 150 cases, ids unique, every case names its cable and its place in the corpus."""
    cases = [p.values[0] for p in ALL]
    assert len(cases) >= 150
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids))
    for c in cases:
        assert c["cable"] in c["id"], c["id"]
        assert c.get("source"), c["id"]
        assert "expected" in c, c["id"]
        if c.get("call") == "parse_file":
            assert (DATA / c["file"]).is_file(), c["id"]
