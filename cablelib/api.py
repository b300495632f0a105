"""The public verbs: parse, parse_file, iter_corpus.

Pipeline: :mod:`cablelib.sources` unwraps the container (WikiLeaks page,
cablegate HTML, CSV row, ...) → the variant's Lark parser runs with the
inline :class:`~cablelib.transform.CableTransformer` → :mod:`cablelib.assemble`
settles the cross-field values → a :class:`~cablelib.model.Cable`.

Lenient (default) and strict parsing use the same grammar.  Strict raises
:class:`CableSyntaxError` at the first text the grammar cannot take.
Lenient skips the rest of that line, records it as a ``Diagnostic`` with its
span (so nothing is lost silently) and resumes in the same parser state.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs
import lark
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from . import table_parser
from .assemble import assemble
from .errors import CableError, CableInputError, CableSourceError, CableSyntaxError
from .model import Artefact, Cable, Diagnostic, Span, Wrapper, make_artefact, make_span, span_at
from .normalize import backslash_positions, normalize
from .registry import Variant, default_registry
from .sources import Unwrapped, read_path, unwrap
from .sources.input_fixes import fix_input
from .transform import Parsed
from .truncated_copy import blank, find_truncated_copy

__all__ = ["parse", "parse_file", "iter_corpus", "parse_unwrapped", "describe_terminal"]

# What each terminal is, for people reading an error message.
_TERMINALS = {
    "TRANSMISSION_LINE": "a transmission line (VZCZC...)",
    "ROUTING_LINE": "a precedence and routing-indicator line (PP RUEH...)",
    "STATION_LINE": "a DE line (DE RUEHxx #nnnn/nn ddddddd)",
    "SECURITY_LINE": "a security line (ZNR UUUUU ZZH)",
    "CCY_LINE": "a (CCY ...) note",
    "DTG_LINE": "a date-time group line (P 040808Z DEC 06)",
    "FM_LINE": "an FM line",
    "TO_LINE": "a TO line",
    "INFO_LINE": "an INFO line",
    "XMT_LINE": "an XMT line",
    "RECIPIENT_LINE": "an addressee line (RUEHxx/NAME [PRECEDENCE] [serial])",
    "CLASSIFICATION_LINE": "a classification line (UNCLAS / C O N F I D E N T I A L ...)",
    "CAVEAT_LINE": "a caveat line (SIPDIS, SENSITIVE, NOFORN ...)",
    "ATTENTION_LINE": "an attention line (... FOR ...)",
    "EO_LINE": "an E.O. line",
    "TAGS_LINE": "a TAGS line",
    "SUBJECT_LINE": "a SUBJECT line",
    "REF_LINE": "a REF line",
    "REF_ITEM": "a lettered REF item",
    "CLASSIFIED_BY_LINE": "a Classified By line",
    "PAGE_LINE": "a page-break line",
    "PARA": "a numbered paragraph",
    "TEXT": "prose",
    "HEADING": "an underlined heading",
    "SIGNATURE": "the signature",
    "PARTIAL_NOTICE": "a partial-extract notice",
    "MEDIA_DATE": "a media-partner date line",
    "CORRECTED_NOTICE": "a corrected-copy banner",
    "CAPTION_NOTE": "a short upper-case caption line (G/TIP, AIDAC ...)",
    "CABLE_DATED": "a 'Cable dated:' stamp",
    "INBOX_LINE": "an inbox header line",
    "DISTRIBUTION": "a receiving-side distribution block (ACTION/INFO LOG-00 ...)",
    "$END": "the end of the text",
}


def describe_terminal(name: str) -> str:
    """A human description of a grammar terminal (``DTG_LINE`` → 'a date-time group line ...').

    Names a variant grammar imported from the base come namespaced
    (``envelope__DTG_LINE``); the namespace is dropped first.
    """
    name = name.rsplit("__", 1)[-1] if "__" in name.strip("_") else name
    return _TERMINALS.get(name, name)


def _expected(names: Iterable[str]) -> str:
    described = sorted({describe_terminal(str(n)) for n in names if not str(n).startswith("__")})
    return ", ".join(described) if described else "nothing"


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _syntax_error(exc: UnexpectedInput, text: str, name: str | None) -> CableSyntaxError:
    if isinstance(exc, UnexpectedCharacters):
        offset = exc.pos_in_stream
        allowed = exc.allowed or set()
        end = text.find("\n", offset)
        snippet = text[offset: end if end >= 0 else len(text)][:40]
        message = f"unexpected text {snippet!r}; expected {_expected(allowed)}"
    else:
        assert isinstance(exc, UnexpectedToken)
        allowed = exc.expected or set()
        if exc.token.type == "$END":
            offset = max(len(text.rstrip()) - 1, 0)
            message = f"unexpected end of text; expected {_expected(allowed)}"
        else:
            offset = exc.token.start_pos or 0
            end = text.find("\n", offset)
            snippet = text[offset: end if end >= 0 else len(text)][:40]
            message = f"unexpected text {snippet!r}; expected {_expected(allowed)}"
    line, column = _position(text, offset)
    return CableSyntaxError(message, line=line, column=column, offset=offset,
                            expected={str(a) for a in allowed}, source_name=name)


def _skip_line(state: Any, text: str, start: int) -> int:
    """Move the lexer to the end of the line holding ``start``; return that offset."""
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    if end == start:  # nothing left on this line: step over one character
        end = min(start + 1, len(text))
    counter = state.line_ctr
    counter.char_pos = end
    counter.line = text.count("\n", 0, end) + 1
    counter.line_start_pos = text.rfind("\n", 0, end) + 1
    counter.column = end - counter.line_start_pos + 1
    return end


def _run_parser(parser: lark.Lark, text: str, strict: bool, name: str | None,
                diagnostics: list[Diagnostic]) -> Parsed | None:
    # cablelib's own loop over the parser's tables when it takes the parser;
    # any text it does not handle is parsed by Lark below, errors included.
    tables = table_parser.for_parser(parser)
    if tables is not None:
        try:
            return tables.parse(text)  # type: ignore[no-any-return]
        except table_parser.NotHandled:
            pass
    if strict:
        try:
            return parser.parse(text)
        except UnexpectedInput as exc:
            raise _syntax_error(exc, text, name) from None

    def recover(exc: UnexpectedInput) -> bool:
        # Skip the rest of the offending line, keep it as a diagnostic, and
        # resume in the same parser state.
        if isinstance(exc, UnexpectedToken) and exc.token.type == "$END":
            return False
        error = _syntax_error(exc, text, name)
        state = exc.interactive_parser.lexer_thread.state
        start = error.offset
        end = _skip_line(state, text, start)
        code = "unexpected-text"
        diagnostics.append(Diagnostic(code, error.message, span=Span(start, end, error.line, error.column)))
        return True

    try:
        return parser.parse(text, on_error=recover)
    except UnexpectedInput as exc:
        error = _syntax_error(exc, text, name)
        diagnostics.append(Diagnostic(
            "incomplete", error.message,
            span=Span(error.offset, len(text), error.line, error.column)))
        return None


def _continuations(text: str, positions: list[int]) -> list[Artefact]:
    """``line-continuation`` artefacts at ``positions`` (ascending), in one pass.

    Each line number counts only the newlines since the previous position, and
    each column looks back only to its own line's start: :func:`_position` at
    every one counted from the start of the text, which was 1.6 % of a parse
    on the corpus (1,224 continuations in 317 cables) and quadratic in a long
    text of continued lines (tests/test_fast_paths.py compares the two).
    """
    artefacts = []
    line, counted = 1, 0
    for pos in positions:
        line += text.count("\n", counted, pos)
        counted = pos
        column = pos - text.rfind("\n", 0, pos)
        artefacts.append(make_artefact("line-continuation", "\\", make_span(pos, pos + 1, line, column)))
    return artefacts


def _artefact_at(text: str, kind: str, start: int, end: int) -> Artefact:
    """An artefact of ``text[start:end]``, its position counted from the start of the text."""
    return make_artefact(kind, text[start:end].strip(), span_at(text, start, end))


def _choose(variant: str | type[Variant] | None, text: str, wrapper: Wrapper | None = None) -> type[Variant]:
    if variant is None:
        return default_registry.guess(text, wrapper=wrapper)
    if isinstance(variant, type) and issubclass(variant, Variant):
        return variant
    return default_registry.get(str(variant))


def parse_unwrapped(
    unwrapped: Unwrapped,
    *,
    variant: str | type[Variant] | None = None,
    strict: bool = False,
    reference_id: str | None = None,
    year: int | None = None,
    original: str | None = None,
) -> Cable:
    """Parse text already taken out of its container (see :mod:`cablelib.sources`).

    ``original`` is the text as it was before the container's wrapper lines
    were blanked; when it has the same length as the unwrapped text (the
    verbatim containers) it becomes ``Cable.source``, so spans index the input.
    """
    text = unwrapped.text
    parse_text = normalize(text)
    # A cut-off first copy of the text, and a record after it: blanked for the grammar, kept as artefacts.
    copy = find_truncated_copy(parse_text)
    if copy is not None:
        parse_text = blank(parse_text, copy)
    chosen = _choose(variant, parse_text, unwrapped.wrapper)
    diagnostics = list(unwrapped.diagnostics)
    parsed = _run_parser(chosen.parser(), parse_text, strict, unwrapped.name, diagnostics)
    if parsed is None:
        parsed = Parsed()
    continuations = backslash_positions(text)
    if continuations or copy is not None:
        extra = _continuations(text, continuations) if continuations else []
        if copy is not None:
            extra += [_artefact_at(text, kind, start, end) for kind, start, end in copy.parts]
        parsed = attrs.evolve(parsed, artefacts=tuple(sorted(
            (*parsed.artefacts, *extra),
            key=lambda a: a.span.start if a.span else 0)))
    if original is None:
        original = unwrapped.original
    if original is not None and len(original) == len(text):
        source = original
    else:
        source = text
    if reference_id is None and copy is not None and not (unwrapped.wrapper and unwrapped.wrapper.reference_id):
        reference_id = copy.reference_id  # the publisher's record of this very text
    return assemble(
        parsed,
        source=source,
        wrapper=unwrapped.wrapper,
        diagnostics=diagnostics,
        variant=chosen.name,
        reference_id=reference_id,
        year=year,
        name=unwrapped.name,
    )


_RUN_OPTIONS = frozenset({"strict", "variant", "reference_id", "year"})


def check_run_options(function: str, jobs: Any, options: dict[str, Any]) -> None:
    """A corpus run's arguments, checked once before the first file.

    Without this a mistyped option reached the parser of every file: an
    unknown variant became an ``unreadable`` cable for each input, a
    ``reference_id`` of the wrong type was taken as it was, and ``jobs="2"``
    failed with a bare comparison error.
    """
    if jobs is not None and (not isinstance(jobs, int) or isinstance(jobs, bool)):
        raise CableInputError(f"{function}(): jobs must be an int or None, not {type(jobs).__name__}")
    unknown = sorted(set(options) - _RUN_OPTIONS)
    if unknown:
        raise CableInputError(f"{function}() got an unexpected option {unknown[0]!r} "
                              f"(the options are {', '.join(sorted(_RUN_OPTIONS))})")
    _check_options(**options)
    variant = options.get("variant")
    if variant is not None:
        _choose(variant, "")  # UnknownVariantError now, not once per file


def _check_options(*, reference_id: Any = None, year: Any = None, **_: Any) -> None:
    """Arguments of the wrong type fail here, clearly, not deep in the parser."""
    if reference_id is not None and not isinstance(reference_id, str):
        raise CableInputError(f"reference_id must be a str or None, not {type(reference_id).__name__}")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        raise CableInputError(f"year must be an int or None, not {type(year).__name__}")


def parse(
    text: str,
    *,
    variant: str | type[Variant] | None = None,
    strict: bool = False,
    reference_id: str | None = None,
    year: int | None = None,
) -> Cable:
    """Parse a cable, or any fragment of one, into a :class:`Cable`.

    Lenient by default: for any ``str`` it returns a ``Cable`` and never
    raises; what it could not place is in ``cable.diagnostics``.  With
    ``strict=True`` it raises :class:`CableSyntaxError` at the first text the
    grammar does not allow.  ``reference_id`` and ``year`` are what the
    caller already knows (a ``cables.csv`` row, say); ``year`` gives the year
    of REF items that carry none when the text has no date-time group.
    ``variant`` forces a registered variant by name.
    """
    if not isinstance(text, str):
        raise CableInputError(f"parse() needs a str, not {type(text).__name__}; "
                              "decode bytes first or use parse_file()")
    _check_options(reference_id=reference_id, year=year)
    text, repairs = fix_input(text)
    unwrapped = unwrap(text)
    if repairs:
        unwrapped = attrs.evolve(unwrapped, diagnostics=(*repairs, *unwrapped.diagnostics))
    return parse_unwrapped(unwrapped, variant=variant, strict=strict,
                           reference_id=reference_id, year=year, original=text)


def parse_file(path: str | os.PathLike[str], **options: Any) -> Cable:
    """Parse the first cable in a file; the container is detected by content.

    Raises :class:`CableSourceError` when the file cannot be read.  A
    ``cables.csv`` file holds many cables: use :func:`iter_corpus` for those.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise CableInputError(f"parse_file() needs a path (str or os.PathLike), not {type(path).__name__}")
    _check_options(**options)
    for unwrapped in read_path(path):
        return parse_unwrapped(unwrapped, **options)
    raise CableSourceError(f"{os.fspath(path)}: no cable in this file")


def _paths(source: Any) -> Iterator[str]:
    # Lazily, in sorted order: a directory of 251,287 files is never held in memory.
    from .corpus import walk

    if isinstance(source, (bytes, bytearray)) or not isinstance(source, (str, os.PathLike, Iterable)):
        raise CableInputError("iter_corpus() needs a path, a directory, a cables.csv or an "
                              f"iterable of paths, not {type(source).__name__}")
    for name in walk(source):
        # As it is: a str, or an UnreadableEntry that read_path reports.
        yield name


def error_cable(name: str, error: Exception) -> Cable:
    """The diagnostic-only ``Cable`` that stands in a corpus run for an input
    that could not be read (serial and parallel runs alike)."""
    from .sources.files import display_path

    name = display_path(name)
    message = str(error)
    return Cable(
        # A CableSourceError names its file already ("x.txt: no such file").
        diagnostics=(Diagnostic("unreadable", message if message.startswith(name) else f"{name}: {message}"),),
        wrapper=Wrapper(container="raw"),
    )


def iter_corpus(
    source: Any,
    *,
    jobs: int | None = 1,
    on_error: Callable[[str, CableError], Any] | None = None,
    **options: Any,
) -> Iterator[Cable]:
    """Parse every cable in a file, a directory (recursively), a ``cables.csv``
    or an iterable of paths, in input order.

    A file that cannot be read never stops the run: it is passed to
    ``on_error(name, error)`` if given, else yielded as a diagnostic-only
    ``Cable``.  ``jobs`` other than 1 parses in that many worker processes
    (``0`` or ``None``: one per CPU) with the same results in the same order;
    see :mod:`cablelib.corpus`.
    """
    check_run_options("iter_corpus", jobs, options)
    if jobs != 1:
        from .corpus import run

        yield from run(source, jobs=jobs, on_error=on_error, **options)
        return
    for path in _paths(source):
        try:
            items = read_path(path)  # streams: a cables.csv is read row by row
        except CableError as error:
            if on_error is not None:
                on_error(str(path), error)
            else:
                yield error_cable(str(path), error)
            continue
        yield from parse_items(items, str(path), on_error, **options)


def parse_items(items: Iterable[Unwrapped], name: str, on_error: Callable[[str, CableError], Any] | None,
                **options: Any) -> Iterator[Cable]:
    """The cables of one input's unwrapped items (a file's, a CSV's rows, stdin's).

    A strict-mode failure goes to ``on_error(name, error)``, else it is
    yielded as a diagnostic-only cable; ``name`` stands for items without
    their own (a CSV row has ``path#rowN``).
    """
    for unwrapped in items:
        try:
            yield parse_unwrapped(unwrapped, **options)
        except CableError as error:  # strict mode
            if on_error is not None:
                on_error(unwrapped.name or name, error)
            else:
                yield error_cable(unwrapped.name or name, error)
