"""The bundle of module patterns (cablelib/module_patterns.py): read, not recompiled, and never trusted blindly.

Each test runs fresh interpreters with their own ``CABLELIB_CACHE_DIR``, as
a user's processes would: the first compiles cablelib's patterns and writes
the bundle, the next rebuilds every one of them from it.  What they report
is compared with ``re.compile`` in this process, pattern by pattern.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cablelib import regex_cache

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "06PHNOMPENH2131.txt"

pytestmark = pytest.mark.skipif(not regex_cache.supported(), reason="needs CPython 3.11+ regex internals")

# Imports cablelib, parses the seed, and reports the bundle's counts, every
# pattern a cablelib module holds, and those that differ from re.compile's
# (CPython's pattern equality compares the compiled code).
PROBE = r"""
import json, re, sys
import cablelib
from cablelib import module_patterns
stats = module_patterns.stats()
cable = cablelib.parse_file(sys.argv[1])
held, unequal = [], []
for name, module in sorted(sys.modules.items()):
    if name.startswith("cablelib"):
        for attr, value in sorted(vars(module).items()):
            if isinstance(value, re.Pattern):
                held.append([name + "." + attr, value.pattern, value.flags, value.groups, dict(value.groupindex)])
                if value != re.compile(value.pattern, value.flags):  # CPython compares the compiled code
                    unequal.append(name + "." + attr)
print(json.dumps({"stats": stats, "id": cable.reference_id, "held": held, "unequal": unequal}))
"""


def _probe(cache: Path | str) -> dict:
    env = dict(os.environ, CABLELIB_CACHE_DIR=str(cache))
    done = subprocess.run([sys.executable, "-c", PROBE, str(SEED)], env=env, capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout)


def _bundle(cache: Path) -> Path:
    return cache / f"re-{regex_cache.interpreter_key()}" / "module-patterns.bundle"


def test_second_process_rebuilds_every_module_pattern_from_the_bundle(tmp_path: Path) -> None:
    first = _probe(tmp_path)
    assert first["stats"]["hits"] == 0 and first["stats"]["misses"] > 80  # ~100 patterns at import
    assert _bundle(tmp_path).is_file()

    second = _probe(tmp_path)
    assert second["stats"] == {"hits": first["stats"]["misses"], "misses": 0}
    assert second["id"] == first["id"] == "06PHNOMPENH2131"
    assert second["held"] == first["held"]


def test_patterns_from_the_bundle_equal_re_compile(tmp_path: Path) -> None:
    _probe(tmp_path)
    probe = _probe(tmp_path)
    assert probe["stats"]["misses"] == 0 and len(probe["held"]) > 80
    assert probe["unequal"] == []
    for name, pattern, flags, groups, groupindex in probe["held"]:
        fresh = re.compile(pattern, flags)
        assert (fresh.flags, fresh.groups, dict(fresh.groupindex)) == (flags, groups, groupindex), name


def test_a_damaged_bundle_is_compiled_again_and_replaced(tmp_path: Path) -> None:
    _probe(tmp_path)
    _bundle(tmp_path).write_bytes(b"\x00not a marshal stream")
    damaged = _probe(tmp_path)
    assert damaged["stats"]["hits"] == 0 and damaged["id"] == "06PHNOMPENH2131"
    assert _probe(tmp_path)["stats"]["misses"] == 0  # the damaged file was written over


def test_a_foreign_entry_is_not_trusted(tmp_path: Path) -> None:
    """An entry whose opcodes do not fit its pattern is compiled again, not used."""
    import marshal

    _probe(tmp_path)
    bundle = marshal.loads(_bundle(tmp_path).read_bytes())
    key = next(iter(bundle))
    flags, code, groups, groupindex, indexgroup = bundle[key]
    bundle[key] = (flags, code[:3], groups, groupindex, indexgroup)  # cut short: _sre refuses it
    _bundle(tmp_path).write_bytes(marshal.dumps(bundle))
    probe = _probe(tmp_path)
    assert probe["stats"]["misses"] == 1
    assert _probe(tmp_path)["stats"]["misses"] == 0


def test_without_a_cache_directory_it_is_plain_re(tmp_path: Path) -> None:
    probe = _probe("")
    assert probe["stats"]["hits"] == 0 and probe["id"] == "06PHNOMPENH2131"
    assert not any(tmp_path.iterdir())
