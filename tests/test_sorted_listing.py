"""A directory's listing held packed (cablelib.sorted_listing): the walk's order
and kinds unchanged, and a flat directory of the whole corpus costing a few
bytes a name instead of a tuple and a string object each.

The corpus here is the repository's real container samples (tests/cables.py),
linked many times over into one flat directory, as a user keeps
``cables/*.html``.
"""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import pytest

import cablelib
from cablelib import corpus, sorted_listing
from cables import CONTAINER_SAMPLES, cable_paths

SAMPLES = cable_paths(CONTAINER_SAMPLES)


def _flat_corpus(where: Path, copies: int) -> list[Path]:
    """``copies`` links to each real container sample, in one directory; their sorted paths."""
    where.mkdir()
    links = []
    for i in range(copies):
        for path in SAMPLES:
            link = where / f"{i:05d}-{path.parent.name}-{path.name}"
            os.symlink(path, link)
            links.append(link)
    return sorted(links)


@pytest.mark.parametrize("run_entries", [1, 2, 3, 5, 1000])
def test_names_and_kinds_in_sorted_order_across_any_number_of_runs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_entries: int) -> None:
    # Names that are prefixes of others ("a" < "a\x01b" < "a-b" < "a.txt" <
    # "ab" only if the packing's "\0" sorts first; a control character is
    # legal in a name, "\0" is not), upper case before lower, non-ASCII after
    # ASCII, a long name, hidden names, links.
    files = ["a", "a\x01b", "a-b", "a.txt", "ab", "B", "b", "é.txt", "中.txt", "z" * 200, "0", "a b"]
    dirs = ["a.d", "c", "Z"]
    for name in files:
        (tmp_path / name).write_text("x", encoding="utf-8")
    for name in dirs:
        (tmp_path / name).mkdir()
    (tmp_path / ".hidden").write_text("x", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    os.symlink(tmp_path / "c", tmp_path / "link-to-c")
    os.symlink(tmp_path / "a", tmp_path / "link-to-a")
    os.symlink(tmp_path / "gone", tmp_path / "dangling")
    os.mkfifo(tmp_path / "pipe")
    monkeypatch.setattr(sorted_listing, "RUN_ENTRIES", run_entries)

    got = list(sorted_listing.read_sorted(str(tmp_path)))

    kinds = {**dict.fromkeys(files + ["link-to-a"], "f"), **dict.fromkeys(dirs + ["link-to-c"], "d"),
             "dangling": "o", "pipe": "o"}
    assert got == sorted(kinds.items())
    assert [name for name, _ in got] == sorted(n for n in os.listdir(tmp_path) if not n.startswith("."))


def test_an_unlistable_directory_raises_at_the_call(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        sorted_listing.read_sorted(str(tmp_path / "missing"))
    assert list(sorted_listing.read_sorted(str(tmp_path))) == []


def test_a_flat_corpus_directory_runs_in_sorted_order_with_its_real_cables(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    links = _flat_corpus(tmp_path / "cables", 7)
    monkeypatch.setattr(sorted_listing, "RUN_ENTRIES", 10)  # 105 entries: eleven runs merged
    assert list(corpus.walk(tmp_path / "cables")) == [str(p) for p in links]
    walked = [(c.reference_id, c.source) for c in cablelib.iter_corpus(tmp_path / "cables")]
    one_by_one = [(c.reference_id, c.source) for p in links for c in cablelib.iter_corpus(p)]
    assert walked == one_by_one
    assert len(walked) == 7 * (len(SAMPLES) + 1)  # the samples' cables.csv holds two


def test_a_flat_directory_of_many_cables_is_listed_in_a_few_bytes_a_name(tmp_path: Path) -> None:
    copies = 4000  # 60,000 links
    links = _flat_corpus(tmp_path / "cables", copies)
    names = sum(len(p.name) for p in links)  # ~39 characters each
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        listing = sorted_listing.read_sorted(str(tmp_path / "cables"))
        held = tracemalloc.get_traced_memory()[0] - before
        first = next(listing)
        walk_peak = 0
        tracemalloc.reset_peak()
        count = 1 + sum(1 for _ in listing)
        walk_peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    assert first == (links[0].name, "f")
    assert count == len(links)
    # Packed: the names' characters and three more each, nothing per entry
    # besides (a tuple and a string object per name took ~100 bytes more
    # each: held would be over 8 MB here).
    assert held < names + 3 * len(links) + 256 * 1024
    assert walk_peak < held + 64 * 1024
