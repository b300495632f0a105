"""The cheap pre-check before reading entry points (cablelib.entry_point_scan).

It may answer "yes" too often (the registry then asks importlib.metadata),
never "no" when importlib.metadata would find an entry point of the group.
The end-to-end tests put a real distribution directory on ``sys.path`` and
let the default registry discover the Reykjavik test plugin through it.
"""

from __future__ import annotations

import sys
import zipfile
from importlib.metadata import distributions
from pathlib import Path

import pytest

import cablelib.registry
from cablelib.entry_point_scan import may_declare
from cablelib.registry import BUILTIN_VARIANTS, ENTRY_POINT_GROUP, Registry

PLUGIN_SRC = Path(__file__).resolve().parent / "variants" / "plugin" / "cablelib-reykjavik" / "src"
DECLARATION = f"[{ENTRY_POINT_GROUP}]\nreykjavik = cablelib_reykjavik:Reykjavik\n"
GENERIC_ONLY = {"generic": BUILTIN_VARIANTS["generic"]}


def _metadata_dir(root: Path, child: str, entry_points_txt: str | None) -> Path:
    folder = root / child
    folder.mkdir(parents=True)
    (folder / "METADATA").write_text("Metadata-Version: 2.1\nName: cablelib-reykjavik\nVersion: 1.0.0\n")
    if entry_points_txt is not None:
        (folder / "entry_points.txt").write_text(entry_points_txt)
    return folder


@pytest.fixture
def plugin_importable(monkeypatch):
    monkeypatch.syspath_prepend(str(PLUGIN_SRC))
    yield
    sys.modules.pop("cablelib_reykjavik", None)


@pytest.mark.parametrize("child", [
    "cablelib_reykjavik-1.0.0.dist-info",
    "CABLELIB_REYKJAVIK-1.0.0.DIST-INFO",
    "cablelib_reykjavik-1.0.0-py3.11.egg-info",
])
def test_a_declaring_distribution_is_seen_and_its_variant_found(tmp_path, monkeypatch, plugin_importable, child):
    _metadata_dir(tmp_path, child, DECLARATION)
    monkeypatch.syspath_prepend(str(tmp_path))
    assert may_declare(ENTRY_POINT_GROUP)
    # The real discovery, through importlib.metadata: the registry finds the plugin.
    assert Registry(builtins=GENERIC_ONLY).get("reykjavik").name == "reykjavik"


def test_a_group_named_anywhere_in_the_file_counts(tmp_path):
    """The bytes are searched, not parsed: any header importlib.metadata might accept is a yes."""
    for header in (f"[ {ENTRY_POINT_GROUP} ]", f"[{ENTRY_POINT_GROUP}]  ", f"# {ENTRY_POINT_GROUP}"):
        root = tmp_path / str(len(list(tmp_path.iterdir())))
        _metadata_dir(root, "cablelib_reykjavik-1.0.0.dist-info", f"{header}\nreykjavik = x:Y\n")
        assert may_declare(ENTRY_POINT_GROUP, [str(root)]), header


def test_an_egg_directory_on_the_path_is_read(tmp_path, monkeypatch, plugin_importable):
    egg = tmp_path / "cablelib_reykjavik-1.0.0-py3.11.egg"
    _metadata_dir(egg, "EGG-INFO", DECLARATION)
    assert may_declare(ENTRY_POINT_GROUP, [str(egg)])
    assert not may_declare(ENTRY_POINT_GROUP, [str(tmp_path)])  # EGG-INFO counts only inside an .egg
    monkeypatch.syspath_prepend(str(egg))
    assert "reykjavik" in Registry(builtins=GENERIC_ONLY).all()


def test_distributions_without_the_group_are_not_enough(tmp_path):
    _metadata_dir(tmp_path, "other-1.0.dist-info", "[console_scripts]\nother = other:main\n")
    _metadata_dir(tmp_path, "bare-1.0.dist-info", None)
    (tmp_path / "legacy-1.0.egg-info").write_text("Metadata-Version: 1.0\n")  # an .egg-info that is a file
    (tmp_path / "cablelib_reykjavik").mkdir()  # a package named like the group's owner is not a declaration
    _metadata_dir(tmp_path / "nested", "deep-1.0.dist-info", DECLARATION)  # not a child of a path entry
    assert not may_declare(ENTRY_POINT_GROUP, [str(tmp_path), str(tmp_path / "missing")])


def test_what_it_cannot_read_counts_as_yes(tmp_path, monkeypatch):
    archive = tmp_path / "plugins.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("empty.txt", "")
    assert may_declare(ENTRY_POINT_GROUP, [str(archive)])
    assert may_declare(ENTRY_POINT_GROUP, [Path(tmp_path)])  # type: ignore[list-item]

    class Finder:
        @staticmethod
        def find_distributions(context=None):
            return iter(())

    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, Finder])
    assert may_declare(ENTRY_POINT_GROUP, [])


def test_it_agrees_with_importlib_metadata_on_this_interpreter():
    """Every group an installed distribution declares is seen; an unknown one is not."""
    groups = {ep.group for dist in distributions() for ep in dist.entry_points}
    assert {"console_scripts", "pytest11"} <= groups  # the test environment declares these
    for group in groups:
        assert may_declare(group), group
    assert not may_declare("cablelib.no-such-group-anywhere")


def test_the_importlib_metadata_backport_finder_reads_the_same_places(monkeypatch):
    """Dask imports the backport, which adds its path finder to sys.meta_path."""
    backport = pytest.importorskip("importlib_metadata")
    finder = backport.MetadataPathFinder()
    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, finder])
    assert not may_declare("cablelib.no-such-group-anywhere")
    assert not may_declare(ENTRY_POINT_GROUP, [])
    groups = {ep.group for ep in backport.entry_points()}
    assert "console_scripts" in groups
    for group in groups:
        assert may_declare(group), group

    class MetadataPathFinder:  # the same name from another module is not trusted
        @staticmethod
        def find_distributions(context=None):
            return iter(())

    MetadataPathFinder.__qualname__ = "MetadataPathFinder"  # as if at the top of its module
    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, MetadataPathFinder()])
    assert may_declare(ENTRY_POINT_GROUP, [])


def test_no_declaration_means_importlib_metadata_is_not_asked(monkeypatch):
    monkeypatch.setattr(cablelib.registry, "may_declare", lambda group: False)
    monkeypatch.setitem(sys.modules, "importlib.metadata", None)  # importing it would fail
    assert cablelib.registry.entry_points(group=ENTRY_POINT_GROUP) == []
    assert list(Registry(builtins=GENERIC_ONLY).all()) == ["generic"]


def test_a_fresh_import_of_cablelib_does_not_import_importlib_metadata():
    import subprocess

    code = ("import sys, cablelib\n"
            "from cablelib.registry import default_registry\n"
            "default_registry.all()\n"
            "print('importlib.metadata' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    declared = may_declare(ENTRY_POINT_GROUP)  # a plugin installed here would need it
    assert result.stdout.strip() == str(declared)
