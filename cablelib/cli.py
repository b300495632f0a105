"""The ``cablelib`` command line.

``cablelib parse FILE...`` prints one JSON object per cable (JSON Lines):
exactly ``Cable.to_dict()``; ``-`` as a FILE reads standard input (a pasted
cable, ``cat cable.txt | cablelib parse -``).  A file that cannot be read or (with
``--strict``) parsed is reported on stderr as ``path: message`` and the exit
status is 1, but every other file is still printed.

``cablelib export SOURCE... --format jsonl|parquet --output PATH [--jobs N] [--rows-per-file N]``
writes a whole corpus to one file (JSON Lines identical to ``parse``, or
Parquet; with ``--rows-per-file``, a directory of Parquet part files:
:mod:`cablelib.parquet_parts`), with a progress bar on stderr and a summary at the end: cables,
errors, diagnostics by code, time.  Same exit status rule as ``parse``; an
output that cannot be written is refused before any input is read, with
exit status 2 (the file appears only when the run has finished:
:mod:`cablelib.output_file`).  Ctrl-C ends either command with status 130
and a one-line message, not a traceback.

argparse only: no dependency for a CLI this small.
"""

from __future__ import annotations

import argparse
import functools
import gc
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import NoReturn

from . import __version__
from .api import iter_corpus, parse_items
from .errors import CableError, CableInputError
from .export import FORMATS, cable_json
from .model import Cable
from .registry import describe_variants, get_variant

__all__ = ["main"]


STDIN = "-"
"""The file argument that means standard input (a pasted cable: ``cablelib parse -``)."""


def _stdin_cables(strict: bool, variant: str | None, report: Callable[[str, CableError], None]) -> Iterator[Cable]:
    """The cables of everything on standard input, read once, decoded like a file."""
    from .sources.files import unwrap_bytes

    items = unwrap_bytes(sys.stdin.buffer.read(), "<stdin>")
    return parse_items(items, "<stdin>", report, strict=strict, variant=variant)


def _json_texts(args: argparse.Namespace, report: Callable[[str, CableError], None]) -> Iterator[str]:
    """The JSON text of each cable of the file arguments, in order; ``-`` is standard input."""
    if args.files.count(STDIN) > 1:
        raise CableInputError("'-' (standard input) can be given only once")
    paths: list[str] = []
    for name in args.files:
        if name != STDIN:
            paths.append(name)
            continue
        if paths:
            yield from _files_json(paths, args, report)
            paths = []
        for cable in _stdin_cables(args.strict, args.variant, report):
            yield cable_json(cable, indent=args.indent)
    if paths:
        yield from _files_json(paths, args, report)


def _files_json(paths: list[str], args: argparse.Namespace,
                report: Callable[[str, CableError], None]) -> Iterator[str]:
    """The JSON texts of the cables in ``paths``.

    With ``--jobs`` the workers make the JSON, as ``cablelib export`` has
    them do: sending whole cables back for the parent to encode left it
    the bottleneck (×1.36 with two jobs on 2,552 cables, against ×1.77 for
    the export).
    """
    options = dict(strict=args.strict, variant=args.variant, on_error=report)
    if args.jobs == 1:
        for cable in iter_corpus(paths, jobs=1, **options):
            yield cable_json(cable, indent=args.indent)
        return
    from .corpus import run

    yield from run(paths, jobs=args.jobs, convert=functools.partial(cable_json, indent=args.indent), **options)


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
    for text in _json_texts(args, report):
        out.write(text)
        out.write("\n")
    out.flush()
    return 1 if failures else 0


def _export_format(args: argparse.Namespace) -> str:
    if args.format is not None:
        return str(args.format)
    if args.rows_per_file is not None:  # part files are Parquet's
        return "parquet"
    return "parquet" if str(args.output).lower().endswith((".parquet", ".pq")) else "jsonl"


def _cmd_export(args: argparse.Namespace) -> int:
    from .export import export, input_bytes
    from .progress import make_progress

    if args.variant is not None:
        get_variant(args.variant)
    fmt = _export_format(args)
    if args.rows_per_file is not None and (fmt != "parquet" or args.rows_per_file < 1):
        why = "must be at least 1" if fmt == "parquet" else "is for --format parquet (JSON Lines is one file)"
        print(f"cablelib: --rows-per-file {why}", file=sys.stderr)
        return 2

    def report(name: str, error: CableError) -> None:
        message = str(error)
        print(f"cablelib: {message}" if message.startswith(name) else f"cablelib: {name}: {message}",
              file=sys.stderr)

    style = args.progress
    if style == "auto" and not sys.stderr.isatty():
        style = "none"
    progress = None if style == "none" else make_progress(input_bytes(args.sources), kind=style)
    try:
        summary = export(args.sources, fmt, args.output, jobs=args.jobs, progress=progress,
                         on_error=report, strict=args.strict, variant=args.variant,
                         rows_per_file=args.rows_per_file)
    except ImportError as exc:  # pyarrow missing for --format parquet
        print(f"cablelib: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"cablelib: interrupted; nothing was written to {args.output}", file=sys.stderr)
        return 130
    print(summary.report(), file=sys.stderr)
    return 1 if summary.errors else 0


def _cmd_variants(_args: argparse.Namespace) -> int:
    for info in sorted(describe_variants(), key=lambda i: i.name):
        aliases = f" (aliases: {', '.join(info.aliases)})" if info.aliases else ""
        examples = f" e.g. {', '.join(info.examples[:3])}" if info.examples else ""
        print(f"{info.name}{aliases} [{info.source}]: {info.description}{examples}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cablelib", description="Parse US diplomatic cables into JSON.")
    parser.add_argument("--version", action="version", version=f"cablelib {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="parse cable files and print one JSON object per cable")
    p.add_argument("files", nargs="+",
                   help="cable files or directories (any container format); - reads standard input")
    p.add_argument("--strict", action="store_true",
                   help="fail a cable at the first deviation from the grammar")
    p.add_argument("--variant", default=None, help="force a variant by name (see 'cablelib variants')")
    p.add_argument("--indent", type=int, default=None, help="pretty-print the JSON")
    p.add_argument("--jobs", "-j", type=int, default=1,
                   help="worker processes (0: one per CPU); output order is unchanged")
    p.set_defaults(func=_cmd_parse)

    e = sub.add_parser("export", help="parse a whole corpus into one JSON Lines or Parquet file "
                                        "(or a directory of Parquet part files)")
    e.add_argument("sources", nargs="+", metavar="SOURCE",
                   help="cable files, directories (recursively) or cables.csv files")
    e.add_argument("--output", "-o", required=True,
                   help="the file to write (with --rows-per-file, the directory of part files)")
    e.add_argument("--format", "-f", choices=FORMATS, default=None,
                   help="jsonl (same lines as 'cablelib parse') or parquet; "
                        "default: from the output's suffix, else jsonl")
    e.add_argument("--jobs", "-j", type=int, default=1,
                   help="worker processes (0: one per CPU); output order is unchanged")
    e.add_argument("--rows-per-file", type=int, default=None, metavar="N",
                   help="Parquet as a directory of part files (part-00000.parquet, ...) of at most N "
                        "rows each, so that memory stays flat however many cables (one Parquet file "
                        "holds ~95 KB for each 1,024 rows until it is closed)")
    e.add_argument("--strict", action="store_true",
                   help="fail a cable at the first deviation from the grammar (it is reported, not written)")
    e.add_argument("--variant", default=None, help="force a variant by name")
    e.add_argument("--progress", choices=("auto", "tqdm", "rich", "plain", "none"), default="auto",
                   help="progress display on stderr (auto: tqdm or rich if installed, "
                        "a plain line otherwise; none when stderr is not a terminal)")
    e.set_defaults(func=_cmd_export)

    v = sub.add_parser("variants", help="list the registered variants")
    v.set_defaults(func=_cmd_variants)

    c = sub.add_parser("compiled", help="build, remove or show the optional compiled build (mypyc; "
                                        "pip install 'cablelib[compile]')")
    c.add_argument("action", choices=("build", "clean", "status"))
    c.set_defaults(func=_cmd_compiled)
    return parser


def _cmd_compiled(args: argparse.Namespace) -> int:
    from . import compiled

    return compiled.run(args.action)


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
    except KeyboardInterrupt:  # Ctrl-C: the shell's status for SIGINT, no traceback
        print("cablelib: interrupted", file=sys.stderr)
        return 130


def run() -> NoReturn:
    """The ``cablelib`` command and ``python -m cablelib``: :func:`main`, then exit with its status.

    Why not ``sys.exit(main())`` alone: when the interpreter shuts down it
    runs one last garbage collection over every object the imports made
    (lark's and cablelib's modules, classes and parse tables), ~20 ms of a
    ~140 ms call.  :func:`gc.freeze` moves them out of the collector's reach
    first, so that walk is skipped (~5 ms left).  Only here, where the
    process ends: a program that calls :func:`main` keeps its collector as
    it was.  Nothing is lost: every output file is closed by the command
    before it returns, and the standard streams are flushed at exit as
    always.

    For the same reason (the process is the command's alone), pyarrow is
    set up here as in a corpus run's workers (:mod:`cablelib.arrow_setup`):
    Parquet rows are converted without it importing pandas, and it
    allocates from jemalloc's pool.
    """
    from .arrow_setup import own_this_process

    own_this_process()
    status = main()
    gc.freeze()
    sys.exit(status)
