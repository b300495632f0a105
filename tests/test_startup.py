"""What a fresh process does before its first cable: nothing it does not need.

``benchmarks/bench_startup.py`` times a new interpreter up to its first
parsed cable (the target is 100 ms with warm caches).  Time is not tested
here; the causes of time that was removed are, so they do not come back:
``importlib.resources`` (~1 ms to import) and the zip-reader machinery it
imports on its first call (1.6 ms): cablelib reads its package files
directly (``cablelib.package_files``); only a plugin's ``package:file.lark``
grammar is found through it; and :mod:`html.parser` (~2 ms), which only a
Cablegate page needs (``cablelib.sources.cablegate_page``, imported when one
comes); :mod:`pathlib` with the ``urllib.parse`` and ``ipaddress`` it
imports (~4 ms; the start-up path works with ``os.path`` strings,
``cablelib.cache_files``); and the signatures attrs reads from field converters (one per
converter object, not one per field; none parsed through ``tokenize``,
whose regex costs ~2 ms to compile: ``cablelib.model``'s shared converters).
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

from cablelib import package_files

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "06PHNOMPENH2131.txt"

PROBE = r"""
import json, sys
import cablelib
cable = cablelib.parse_file(sys.argv[1])
print(json.dumps({"id": cable.reference_id, "variant": cable.variant,
                  "modules": sorted(name for name in ("zipfile", "importlib.readers", "importlib.resources", "html.parser",
                                                 "pathlib", "urllib.parse", "ipaddress")
                                    if name in sys.modules)}))
"""


def test_a_fresh_parse_of_a_text_file_does_not_import_what_it_does_not_use() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE, str(SEED)], capture_output=True, text=True, check=True)
    report = json.loads(done.stdout)
    assert report["id"] == "06PHNOMPENH2131"
    assert report["modules"] == []


def test_package_files_reads_what_importlib_resources_reads() -> None:
    data = resources.files("cablelib").joinpath("data")
    names = sorted(entry.name for entry in data.iterdir() if entry.is_file())
    assert "stations.tsv" in names and "id-corrections.tsv" in names
    for name in names:
        assert package_files.data_text(name) == data.joinpath(name).read_text(encoding="utf-8"), name
    assert package_files.data_rows("stations.tsv")[0].keys() >= {"station"}
    assert (package_files.PACKAGE_DIR / "grammars").is_dir() or (ROOT / "grammars" / "envelope.lark").is_file()


def test_a_cablegate_page_still_gets_its_reader() -> None:
    page = ROOT / "tests" / "cables"
    pages = sorted(page.rglob("*.html"))
    assert pages, "tests/cables holds Cablegate pages"
    code = ("import sys, cablelib\n"
            "cable = cablelib.parse_file(sys.argv[1])\n"
            "print(cable.reference_id, 'html.parser' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code, str(pages[0])], capture_output=True, text=True, check=True)
    reference_id, imported = done.stdout.split()
    assert reference_id == pages[0].stem and imported == "True"


def test_a_one_job_cli_run_does_not_import_the_process_pool() -> None:
    """``cablelib parse FILE`` (one job) never starts a pool: multiprocessing is ~9 ms it need not pay."""
    code = ("import sys\n"
            "from cablelib.cli import main\n"
            "sys.argv = ['cablelib', 'parse', sys.argv[1]]\n"
            "main()\n"
            "print(sorted(m for m in ('multiprocessing', 'concurrent.futures') if m in sys.modules), "
            "file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code, str(SEED)], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout)["reference_id"] == "06PHNOMPENH2131"
    assert done.stderr.strip() == "[]"


SIGNATURES = r"""
import inspect, json, sys, tokenize
calls = []
real = inspect.signature
def counting(obj, *args, **kwargs):
    calls.append(getattr(obj, "__name__", repr(obj)))
    return real(obj, *args, **kwargs)
inspect.signature = counting
import cablelib
cable = cablelib.parse_file(sys.argv[1])
print(json.dumps({"id": cable.reference_id, "calls": calls,
                  "tokenize_regex": tokenize._compile.cache_info().currsize}))
"""


def test_attrs_reads_each_converter_signature_once_and_never_through_tokenize() -> None:
    done = subprocess.run([sys.executable, "-c", SIGNATURES, str(SEED)], capture_output=True, text=True, check=True)
    report = json.loads(done.stdout)
    assert report["id"] == "06PHNOMPENH2131"
    # one per shared converter (str, _str_or_none, _str_tuple, _tuple), not 64 (one per field)
    assert len(report["calls"]) <= 6, report["calls"]
    assert "tuple" not in report["calls"]  # the built-in's signature is parsed with tokenize
    assert report["tokenize_regex"] == 0


def test_every_model_converter_is_one_of_the_shared_ones() -> None:
    import attrs

    from cablelib import model
    from cablelib.sources import Unwrapped

    shared = {id(c) for c in (model.TO_STR, model.TO_STR_OR_NONE, model.TO_STR_TUPLE, model.TO_TUPLE)}
    classes = [getattr(model, name) for name in model.__all__] + [Unwrapped]
    converters = [(cls.__name__, f.name, f.converter) for cls in classes for f in attrs.fields(cls)
                  if f.converter is not None]
    assert len(converters) > 60
    assert [(c, f) for c, f, conv in converters if id(conv) not in shared] == []


CLI_PROBE = r"""
import json, sys
from cablelib.cli import main
status = main(["parse", sys.argv[1]])
sys.stderr.write(json.dumps({"status": status, "modules": sorted(
    name for name in ("pathlib", "urllib.parse", "ipaddress", "html.parser", "importlib.resources")
    if name in sys.modules)}))
"""


def test_cablelib_parse_of_a_text_file_does_not_import_pathlib_either() -> None:
    """The command imports :mod:`cablelib.export` for its JSON; the writers' imports wait for a writer."""
    done = subprocess.run([sys.executable, "-c", CLI_PROBE, str(SEED)], capture_output=True, text=True, check=True)
    report = json.loads(done.stderr)
    assert report == {"status": 0, "modules": []}
    assert json.loads(done.stdout)["reference_id"] == "06PHNOMPENH2131"


def test_data_rows_reads_every_table_as_the_csv_reader_does(tmp_path: Path, monkeypatch) -> None:
    data = Path(package_files.PACKAGE_PATH) / "data"
    names = sorted(p.name for p in data.glob("*.tsv"))
    assert len(names) >= 5
    for name in names:
        lines = package_files.data_text(name).splitlines()
        assert package_files.data_rows(name) == package_files._dict_reader_rows(lines), name
    # Lines the split cannot read as the reader does: a short row, a long one, a blank one.
    odd = "a\tb\tc\n1\t2\t3\n\n4\t5\n6\t7\t8\t9\n"
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "odd.tsv").write_text(odd, encoding="utf-8")
    monkeypatch.setattr(package_files, "PACKAGE_PATH", str(tmp_path))
    rows = package_files.data_rows("odd.tsv")
    assert rows == package_files._dict_reader_rows(odd.splitlines())
    assert rows[1] == {"a": "4", "b": "5", "c": None} and rows[2][None] == ["9"]
