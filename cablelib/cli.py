"""The ``cablelib`` command line.

``cablelib parse FILE...`` prints one JSON object per cable (JSON Lines):
exactly ``Cable.to_dict()``.  A file that cannot be read or (with
``--strict``) parsed is reported on stderr as ``path: message`` and the exit
status is 1, but every other file is still printed.  argparse only: no
dependency for a CLI this small.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from . import __version__
from .api import iter_corpus
from .errors import CableError
from .registry import get_variant, variants

__all__ = ["main"]


def _cmd_parse(args: argparse.Namespace) -> int:
    if args.variant is not None:
        get_variant(args.variant)  # an unknown name fails once, before any file
    failures = 0

    def report(name: str, error: CableError) -> None:
        nonlocal failures
        failures += 1
        print(f"cablelib: {error}" if str(error).startswith(name) else f"cablelib: {name}: {error}",
              file=sys.stderr)

    out = sys.stdout
    for cable in iter_corpus(args.files, strict=args.strict, variant=args.variant, on_error=report):
        out.write(json.dumps(cable.to_dict(), ensure_ascii=False, indent=args.indent))
        out.write("\n")
    out.flush()
    return 1 if failures else 0


def _cmd_variants(_args: argparse.Namespace) -> int:
    for name, variant in sorted(variants().items()):
        aliases = f" (aliases: {', '.join(variant.aliases)})" if variant.aliases else ""
        print(f"{name}{aliases}: {variant.description}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cablelib", description="Parse US diplomatic cables into JSON.")
    parser.add_argument("--version", action="version", version=f"cablelib {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="parse cable files and print one JSON object per cable")
    p.add_argument("files", nargs="+", help="cable files or directories (any container format)")
    p.add_argument("--strict", action="store_true",
                   help="fail a cable at the first deviation from the grammar")
    p.add_argument("--variant", default=None, help="force a variant by name (see 'cablelib variants')")
    p.add_argument("--indent", type=int, default=None, help="pretty-print the JSON")
    p.set_defaults(func=_cmd_parse)

    v = sub.add_parser("variants", help="list the registered variants")
    v.set_defaults(func=_cmd_variants)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except CableError as error:  # e.g. an unknown --variant
        print(f"cablelib: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
