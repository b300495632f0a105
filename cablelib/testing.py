"""Checks for variant authors: the contract every variant must keep.

Run :func:`check_variant` from your own test suite (it needs neither pytest
nor hypothesis)::

    from cablelib.testing import check_variant
    from my_variant import Reykjavik

    def test_reykjavik_keeps_the_variant_contract():
        check_variant(Reykjavik, corpus="tests/cables")

It raises :class:`VariantContractError` (an ``AssertionError``, so test
runners show it as a failure) listing every broken rule:

* **metadata** — a lower-case name, aliases that differ from it, a one-line
  description, at least one example id, a transformer derived from
  :class:`~cablelib.transform.CableTransformer`, and ``changes`` naming real
  :class:`~cablelib.model.Cable` fields;
* **grammar** — it compiles; every rule reaches a transformer callback (no
  ``lark.Tree`` can leak into a result); it ignores the same whitespace as
  the base grammar; the transformer's own callbacks take their children
  inline, like the base's (``@v_args(inline=True)`` on the class);
* **example cables** — each one is found (in ``cables`` or under
  ``corpus``), the variant claims it (scores above ``generic``), and its
  parse is at least as complete as the ``generic`` parse: every field
  ``generic`` fills is filled, no diagnostic is added, every field not in
  ``changes`` is equal, and no Lark object survives in the result;
* **the seed cable** (06PHNOMPENH2131, shipped with cablelib) — every field
  not in ``changes`` comes out as ``generic`` reads it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
import lark

from . import module_patterns
from .api import parse_unwrapped
from .model import Cable
from .package_files import PACKAGE_DIR
from .registry import BASE_GRAMMAR, Variant
from .sources import Unwrapped, read_path, unwrap
from .transform import CableTransformer
from .variants.generic import Generic
from .variants.namespaces import plain_name

__all__ = [
    "check_variant",
    "compare_with_generic",
    "VariantCheck",
    "VariantContractError",
    "COMPARED_FIELDS",
    "seed_text",
]

SEED_ID = "06PHNOMPENH2131"

COMPARED_FIELDS: tuple[str, ...] = tuple(
    f.name for f in attrs.fields(Cable) if f.name not in ("variant", "diagnostics", "source", "wrapper")
)
"""The :class:`~cablelib.model.Cable` fields a variant's parse is compared on
(``variant`` differs by design; ``source`` and ``wrapper`` come from the
container; diagnostics are checked separately)."""

_NAME = module_patterns.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


class VariantContractError(AssertionError):
    """A variant breaks the contract; ``problems`` lists every broken rule."""

    def __init__(self, variant: type[Variant], problems: list[str]) -> None:
        self.variant = variant
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"variant {variant.name or variant.__qualname__!r} breaks the contract:\n{lines}")


@attrs.frozen
class VariantCheck:
    """What :func:`check_variant` checked, for a report or a test's own assertions."""

    name: str
    examples: tuple[str, ...]
    """Example ids parsed and compared with ``generic`` (a CSV id once per row found)."""
    changed_fields: tuple[str, ...]
    """Fields in which the variant's parse of some example differs from ``generic``."""


def seed_text() -> str:
    """The seed cable 06PHNOMPENH2131, as shipped inside cablelib (WikiLeaks page text)."""
    return (PACKAGE_DIR / "seed" / f"{SEED_ID}.txt").read_text(encoding="utf-8")


def _filled(value: Any) -> bool:
    return value not in (None, "", ())


def _diagnostic_keys(cable: Cable) -> set[tuple[str, int | None, int | None]]:
    return {(d.code, d.span.start if d.span else None, d.span.end if d.span else None)
            for d in cable.diagnostics}


def compare_with_generic(cable: Cable, generic: Cable, changes: tuple[str, ...] | list[str]) -> list[str]:
    """Why ``cable`` (a variant's parse) is worse than, or strays from, ``generic``'s parse.

    Empty when the variant filled every field ``generic`` filled, added no
    diagnostic, and differs only in the fields named in ``changes``.
    """
    problems: list[str] = []
    for name in COMPARED_FIELDS:
        mine, base = getattr(cable, name), getattr(generic, name)
        if _filled(base) and not _filled(mine):
            problems.append(f"{name}: generic reads {_short(base)}, the variant reads nothing")
        elif mine != base and name not in changes:
            problems.append(f"{name} differs from generic but is not in `changes`: "
                            f"generic {_short(base)}, variant {_short(mine)}")
    added = _diagnostic_keys(cable) - _diagnostic_keys(generic)
    if added:
        problems.append(f"diagnostics generic does not give: {sorted(added, key=str)}")
    return problems


def _short(value: Any, limit: int = 160) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _leaks(value: Any) -> Iterator[str]:
    if isinstance(value, (lark.Tree, lark.Token)):
        yield f"{type(value).__name__} {str(value)[:40]!r}"
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            yield from _leaks(getattr(value, field.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from _leaks(item)


# ------------------------------------------------------------------ metadata and grammar


def _check_metadata(variant: Any, problems: list[str]) -> bool:
    if not (isinstance(variant, type) and issubclass(variant, Variant)):
        problems.append(f"{variant!r} is not a subclass of cablelib.Variant")
        return False
    if not isinstance(variant.name, str) or not _NAME.match(variant.name):
        problems.append(f"name {variant.name!r}: use lower-case letters, digits and '-'")
    for alias in variant.aliases:
        if not isinstance(alias, str) or not _NAME.match(alias) or alias == variant.name:
            problems.append(f"alias {alias!r}: lower-case, and different from the name")
    if len(set(variant.aliases)) != len(variant.aliases):
        problems.append(f"aliases repeat a name: {variant.aliases!r}")
    description = variant.description
    if not isinstance(description, str) or not description.strip() or "\n" in description.strip():
        problems.append("description: one non-empty line saying which cables and what differs")
    if not variant.examples or not all(isinstance(e, str) and e for e in variant.examples):
        problems.append("examples: name at least one real cable by its reference id")
    if not (isinstance(variant.transformer, type) and issubclass(variant.transformer, CableTransformer)):
        problems.append(f"transformer {variant.transformer!r} does not derive from CableTransformer")
        return False
    unknown = [c for c in variant.changes if c not in COMPARED_FIELDS]
    if unknown:
        problems.append(f"changes names no Cable field: {unknown} (fields: {', '.join(COMPARED_FIELDS)})")
    return True


def _ignored(parser: lark.Lark) -> set[str]:
    conf = parser.lexer_conf
    return {t.pattern.value for t in conf.terminals if t.name in conf.ignore}


def _check_grammar(variant: type[Variant], problems: list[str]) -> lark.Lark | None:
    try:
        parser = variant.parser()
    except Exception as exc:  # GrammarLoadError, or Lark's own on a broken grammar
        problems.append(f"grammar {variant.grammar!r} does not load: {exc}")
        return None
    transformer = variant.transformer
    missing = sorted({
        plain_name(str(rule.alias or rule.origin.name))
        for rule in parser.rules
        if not str(rule.alias or rule.origin.name).startswith("_")
        and not plain_name(str(rule.alias or rule.origin.name)).startswith("_")
        and not hasattr(transformer, plain_name(str(rule.alias or rule.origin.name)))
    })
    if missing:
        problems.append(f"rules without a transformer callback (a lark.Tree would leak): {missing}")
    if variant.grammar != BASE_GRAMMAR:
        base = Generic.parser()
        if _ignored(parser) != _ignored(base):
            problems.append(f"grammar ignores {sorted(_ignored(parser))} between tokens, the base grammar "
                            f"{sorted(_ignored(base))}: repeat the base's %ignore (Lark does not import it)")
    for cls in transformer.__mro__:
        if cls is CableTransformer or not issubclass(cls, CableTransformer):
            break
        for name, value in vars(cls).items():
            if name.startswith("_") or not callable(value):
                continue
            if not hasattr(getattr(cls, name), "visit_wrapper"):
                problems.append(f"{cls.__qualname__}.{name} takes its children as a list: decorate "
                                f"{cls.__qualname__} with @lark.v_args(inline=True) like CableTransformer")
    return parser


# ------------------------------------------------------------------ example cables


def _find_examples(ids: tuple[str, ...], corpus: Path) -> dict[str, list[Unwrapped]]:
    """Unwrapped example cables under ``corpus``: files named by the id, and CSV rows."""
    wanted = set(ids)
    found: dict[str, list[Unwrapped]] = {}
    for path in sorted(p for p in corpus.rglob("*") if p.is_file()):
        if path.suffix.lower() == ".csv":
            for unwrapped in read_path(path):
                rid = unwrapped.wrapper.reference_id if unwrapped.wrapper else None
                if rid in wanted:
                    found.setdefault(rid, []).append(unwrapped)
        elif path.stem in wanted:
            found.setdefault(path.stem, []).extend(read_path(path))
    return found


def _example_cables(variant: type[Variant], cables: Mapping[str, str] | None,
                    corpus: str | os.PathLike[str] | None, problems: list[str]) -> dict[str, list[Unwrapped]]:
    texts: dict[str, list[Unwrapped]] = {}
    for rid, text in (cables or {}).items():
        texts.setdefault(rid, []).append(unwrap(text))
    if SEED_ID in variant.examples and SEED_ID not in texts:
        texts[SEED_ID] = [unwrap(seed_text())]
    lacking = tuple(e for e in variant.examples if e not in texts)
    if lacking:
        root = corpus if corpus is not None else os.environ.get("CABLELIB_CORPUS")
        if root is not None and Path(root).is_dir():
            for rid, items in _find_examples(lacking, Path(root)).items():
                texts.setdefault(rid, []).extend(items)
    for rid in variant.examples:
        if rid not in texts:
            problems.append(f"example {rid} not found: pass cables={{'{rid}': text}} or a corpus "
                            "directory holding a file named after it")
    return texts


def _check_example(variant: type[Variant], rid: str, unwrapped: Unwrapped, problems: list[str],
                   changed: set[str]) -> None:
    where = f"example {rid}"
    if variant is not Generic and variant.score(unwrapped.text) <= Generic.score(unwrapped.text):
        problems.append(f"{where}: the variant does not claim it (score {variant.score(unwrapped.text)!r}"
                        f" is not above generic's {Generic.score(unwrapped.text)!r})")
    try:
        mine = parse_unwrapped(unwrapped, variant=variant)
    except Exception as exc:
        problems.append(f"{where}: lenient parse raised {exc!r}")
        return
    base = parse_unwrapped(unwrapped, variant=Generic)
    if mine.variant != variant.name:
        problems.append(f"{where}: Cable.variant is {mine.variant!r}, not {variant.name!r}")
    for leak in _leaks(mine):
        problems.append(f"{where}: a {leak} survived in the result")
        break
    try:
        json.dumps(mine.to_dict())
    except (TypeError, ValueError) as exc:
        problems.append(f"{where}: to_dict() is not plain JSON: {exc}")
    problems.extend(f"{where}: {p}" for p in compare_with_generic(mine, base, variant.changes))
    changed.update(n for n in COMPARED_FIELDS if getattr(mine, n) != getattr(base, n))


def _check_seed(variant: type[Variant], seed: str | None, problems: list[str]) -> None:
    unwrapped = unwrap(seed if seed is not None else seed_text())
    try:
        mine = parse_unwrapped(unwrapped, variant=variant)
    except Exception as exc:
        problems.append(f"seed {SEED_ID}: lenient parse raised {exc!r}")
        return
    base = parse_unwrapped(unwrapped, variant=Generic)
    problems.extend(f"seed {SEED_ID}: {p}" for p in compare_with_generic(mine, base, variant.changes))


def check_variant(
    variant: type[Variant],
    *,
    cables: Mapping[str, str] | None = None,
    corpus: str | os.PathLike[str] | None = None,
    seed: str | None = None,
) -> VariantCheck:
    """Check ``variant`` against the variant contract; raise :class:`VariantContractError` if broken.

    Args:
        variant: the :class:`~cablelib.registry.Variant` subclass to check.
        cables: example cable texts by reference id (any container cablelib
            reads: raw text, a cablegate HTML page...).  Examples not given
            here are looked up under ``corpus``.
        corpus: a directory holding the example cables as files named after
            their id (``08TRIPOLI126.html``), or ``cables.csv``-style files
            whose rows carry the id; default ``$CABLELIB_CORPUS``.
        seed: the text to use as the seed cable instead of the copy shipped
            with cablelib.

    Returns the :class:`VariantCheck` of what was compared.
    """
    problems: list[str] = []
    checked: list[str] = []
    changed: set[str] = set()
    if _check_metadata(variant, problems):
        if _check_grammar(variant, problems) is not None:
            for rid, items in _example_cables(variant, cables, corpus, problems).items():
                for unwrapped in items:
                    _check_example(variant, rid, unwrapped, problems, changed)
                    checked.append(rid)
            _check_seed(variant, seed, problems)
    if problems:
        raise VariantContractError(variant, problems)
    return VariantCheck(variant.name, tuple(checked), tuple(sorted(changed)))

