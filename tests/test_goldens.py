"""Golden tests: real cables from the corpus, every expected value checked by eye.

Each ``tests/goldens/expected/<input>.json`` holds a curated view of one cable
(see ``tests/goldens/view.py``): ids, dates, addressees, the caption, the start
of each paragraph, the summary and the signers.  The inputs are the real
cables named in ``tests/cables.py:GOLDEN_INPUTS`` (byte-identical copies of
corpus files in ``tests/cables/``); a CSV file is addressed row by row as
``cables_sample.csv#0``, ``#1``...

Project rule: no expected value is copied from the parser's output without
being checked against the cable text by eye.  Where the parser is wrong, the
golden holds the CORRECT value and the golden is listed in :data:`KNOWN_WRONG`
(an ``xfail(strict=True)``): the test stays red-but-expected until the parser
is fixed, then XPASSes, which fails the run and asks for the entry to be
removed.  ``tests/goldens/REVIEW.md`` records what was checked.

Regenerate with ``python -m pytest tests/test_goldens.py --update-goldens``
(goldens in KNOWN_WRONG are never overwritten) and review every changed value
by eye (``git diff tests/goldens/expected``) before committing.
"""

from __future__ import annotations

import csv
import functools
import json
from pathlib import Path
from typing import Any

import pytest

import cablelib

from cables import GOLDEN_INPUTS, cable_path
from goldens.view import FIELDS, build_view

GOLDENS = Path(__file__).resolve().parent / "goldens"
EXPECTED = GOLDENS / "expected"

#: Goldens whose expected values are correct but the parser's are not.
#: golden name -> which field is wrong and how.  Remove an entry once the
#: parser is fixed (the strict xfail turns into a failing XPASS to remind you).
KNOWN_WRONG: dict[str, str] = {}


# --------------------------------------------------------------------------
# Inputs and goldens


def _csv_rows(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle, escapechar="\\"))


def input_names() -> list[str]:
    """Every input cable (GOLDEN_INPUTS): file names, CSV files expanded to ``name#row``."""
    names: list[str] = []
    for path in map(cable_path, GOLDEN_INPUTS):
        if path.suffix == ".csv":
            names.extend(f"{path.name}#{row}" for row in range(_csv_rows(path)))
        else:
            names.append(path.name)
    return names


def golden_names() -> list[str]:
    expected = {p.name[: -len(".json")] for p in EXPECTED.glob("*.json")}
    return sorted(expected | set(input_names()))


def expected_path(name: str) -> Path:
    return EXPECTED / f"{name}.json"


@functools.lru_cache(maxsize=None)
def _csv_cables(file_name: str) -> tuple[cablelib.Cable, ...]:
    return tuple(cablelib.iter_corpus(cable_path(file_name)))


def parse_input(name: str) -> cablelib.Cable:
    if "#" in name:
        file_name, row = name.rsplit("#", 1)
        return _csv_cables(file_name)[int(row)]
    return cablelib.parse_file(cable_path(name))


# --------------------------------------------------------------------------
# Reading, writing and comparing goldens


def dump_golden(name: str, view: dict[str, Any]) -> str:
    """JSON with one field per line and one list item (addressee, REF, paragraph) per line."""

    def compact(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = ["{", f'  "input": {compact(name)},']
    for i, key in enumerate(FIELDS):
        value = view[key]
        comma = "," if i < len(FIELDS) - 1 else ""
        if isinstance(value, list) and value and isinstance(value[0], list):
            items = ",\n".join(f"    {compact(item)}" for item in value)
            lines.append(f'  "{key}": [\n{items}\n  ]{comma}')
        else:
            lines.append(f'  "{key}": {compact(value)}{comma}')
    lines.append("}")
    return "\n".join(lines) + "\n"


def load_golden(name: str) -> dict[str, Any]:
    data = json.loads(expected_path(name).read_text(encoding="utf-8"))
    assert data.pop("input") == name, f"{expected_path(name)}: 'input' must be {name!r}"
    return data


def diff_views(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """One line per difference, naming the field (and list index)."""
    out: list[str] = []
    for key in FIELDS:
        want, got = expected.get(key, "<missing from golden>"), actual[key]
        if want == got:
            continue
        if isinstance(want, list) and isinstance(got, list):
            for i in range(max(len(want), len(got))):
                w = want[i] if i < len(want) else "<absent>"
                g = got[i] if i < len(got) else "<absent>"
                if w != g:
                    out.append(f"  {key}[{i}]:\n      expected {w!r}\n      parser   {g!r}")
            if len(want) != len(got):
                out.append(f"  {key}: expected {len(want)} items, parser gave {len(got)}")
        elif isinstance(want, dict) and isinstance(got, dict):
            for sub in sorted(set(want) | set(got)):
                if want.get(sub) != got.get(sub):
                    out.append(f"  {key}.{sub}:\n      expected {want.get(sub)!r}\n"
                               f"      parser   {got.get(sub)!r}")
        else:
            out.append(f"  {key}:\n      expected {want!r}\n      parser   {got!r}")
    extra = sorted(set(expected) - set(FIELDS))
    if extra:
        out.append(f"  golden has unknown fields: {extra}")
    return out


def _how_to_regenerate(name: str) -> str:
    return (
        "If the parser is right and the golden is out of date, regenerate it with\n"
        f"    python -m pytest 'tests/test_goldens.py::test_golden[{name}]' --update-goldens\n"
        "and then REVIEW EVERY CHANGED VALUE BY EYE against the cable text in\n"
        f"{cable_path(name.split('#')[0]).relative_to(GOLDENS.parent.parent)}"
        f" (git diff {expected_path(name).relative_to(GOLDENS.parent.parent)})"
        " before committing.\nRegenerated goldens are reviewed, not blessed: if the "
        "parser is wrong, keep the correct value\nin the golden and add the case to "
        "KNOWN_WRONG in tests/test_goldens.py instead."
    )


# --------------------------------------------------------------------------
# Tests


def _params() -> list[Any]:
    params = []
    for name in golden_names():
        marks = []
        if name in KNOWN_WRONG:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_WRONG[name]))
        params.append(pytest.param(name, id=name, marks=marks))
    return params


@pytest.mark.parametrize("name", _params())
def test_golden(name: str, request: pytest.FixtureRequest) -> None:
    update = request.config.getoption("--update-goldens")
    in_inputs = name in input_names()
    assert in_inputs, f"golden {name} has no input: add the cable to tests/cables.py:GOLDEN_INPUTS"
    actual = build_view(parse_input(name))
    path = expected_path(name)

    if update and name not in KNOWN_WRONG:
        path.write_text(dump_golden(name, actual), encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"no golden for {name}.\n{_how_to_regenerate(name)}", pytrace=False)

    differences = diff_views(load_golden(name), actual)
    if differences:
        pytest.fail(
            f"golden {name}: the parser's values differ from the reviewed golden\n"
            + "\n".join(differences) + "\n\n" + _how_to_regenerate(name),
            pytrace=False,
        )


def test_known_wrong_entries_name_existing_goldens() -> None:
    unknown = sorted(set(KNOWN_WRONG) - set(golden_names()))
    assert not unknown, f"KNOWN_WRONG lists goldens that do not exist: {unknown}"


def test_golden_files_are_written_in_canonical_form() -> None:
    """Hand edits keep the layout the update switch writes, so diffs stay readable."""
    for path in sorted(EXPECTED.glob("*.json")):
        name = path.name[: -len(".json")]
        data = load_golden(name)
        assert list(data) == list(FIELDS), f"{path.name}: fields missing or out of order"
        assert path.read_text(encoding="utf-8") == dump_golden(name, data), (
            f"{path.name} is not in canonical layout; rewrite it with "
            "tests/test_goldens.py:dump_golden"
        )
