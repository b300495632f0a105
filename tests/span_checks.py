"""Checks on the spans of a parsed cable, shared by the property tests.

Why a helper module: the same two questions are asked of strategy-drawn
texts, mutated real cables, fuzzer finds and every file of the shared
corpus — does each node's span point at the text the node came from, and do
the spans together account for every non-blank character of the cable text
(so that nothing is dropped without a diagnostic)?
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cablelib.model import (
    Artefact,
    Cable,
    Caption,
    ClassificationLine,
    ClassifiedBy,
    Diagnostic,
    Envelope,
    ExecutiveOrder,
    Paragraph,
    Recipient,
    Reference,
    Span,
    SubjectLine,
    TagsLine,
)

_SPACES = re.compile(r"\s+")


def squeeze(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def nodes(cable: Cable) -> Iterator[object]:
    """Every node of the model that can carry a span."""
    yield cable.envelope
    yield from cable.recipients
    yield from cable.info_recipients
    yield cable.classification_line
    yield cable.classified_by
    yield from cable.references
    for caption in cable.captions:
        yield caption
        yield caption.classification_line
        yield caption.executive_order
        yield caption.tags
        yield caption.subject
        yield caption.classified_by
        yield from caption.references
    yield from cable.paragraphs
    yield from cable.artefacts
    yield from cable.diagnostics


def spans(cable: Cable) -> Iterator[tuple[object, Span]]:
    for node in nodes(cable):
        span = getattr(node, "span", None) if node is not None else None
        if span is not None:
            yield node, span


def _words(text: str) -> list[str]:
    return squeeze(text.replace("¶", " ")).split()


def words_in_order(part: str, whole: str) -> bool:
    """Every word of ``part`` occurs in ``whole``, in the same order."""
    remaining = iter(_words(whole))
    return all(any(word == candidate or word in candidate for candidate in remaining)
               for word in _words(part))


def node_text(node: object) -> str | None:
    """The text a node says it came from, as far as the model keeps it."""
    if isinstance(node, (ClassificationLine, ExecutiveOrder, TagsLine, ClassifiedBy)):
        return node.raw
    if isinstance(node, SubjectLine):
        return node.raw
    if isinstance(node, Reference):
        return node.text
    if isinstance(node, Recipient):
        return node.name
    if isinstance(node, Paragraph):
        return node.text
    if isinstance(node, Artefact):
        return node.text
    if isinstance(node, Envelope):
        return None  # several lines in either order: checked part by part in span_problems
    if isinstance(node, Caption):
        return node.classification_line.raw if node.classification_line else ""
    return None


def span_problems(cable: Cable) -> list[str]:
    """Spans outside the source, or whose text is not the node's text."""
    problems = []
    source = cable.source
    for node, span in spans(cable):
        name = type(node).__name__
        if not (0 <= span.start <= span.end <= len(source)):
            problems.append(f"{name} span {span} outside a source of {len(source)} characters")
            continue
        line = source.count("\n", 0, span.start) + 1
        column = span.start - (source.rfind("\n", 0, span.start) + 1) + 1
        if (span.line, span.column) != (line, column):
            problems.append(f"{name} span {span}: start is at line {line}, column {column}")
        if isinstance(node, Diagnostic):
            continue
        text = source[span.start:span.end]
        expected = node_text(node)
        if isinstance(node, Envelope):
            for part in (node.transmission_id, node.dtg_raw, node.security):
                if part and not words_in_order(part, text):
                    problems.append(f"Envelope span text {squeeze(text)[:80]!r} does not hold {part!r}")
        elif expected and not words_in_order(expected, text):
            problems.append(f"{name} span text {squeeze(text)[:80]!r} does not hold {expected[:80]!r}")
    return problems


def uncovered(cable: Cable, text: str | None = None) -> list[tuple[int, str]]:
    """Runs of non-blank characters of the cable text that no span covers.

    ``text`` is the cable text the grammar saw (for the verbatim containers,
    the input with the publication wrapper blanked, which is the wrapper's
    and not the grammar's); by default ``cable.source``.
    """
    text = cable.source if text is None else text
    covered = bytearray(len(text))
    for _node, span in spans(cable):
        start, end = min(max(span.start, 0), len(text)), min(max(span.end, 0), len(text))
        covered[start:end] = b"\x01" * (end - start)
    gaps = []
    i, n = 0, len(text)
    while i < n:
        if covered[i] or text[i].isspace():
            i += 1
            continue
        j = i
        while j < n and not covered[j] and text[j] != "\n":
            j += 1
        gaps.append((i, text[i:j].strip()))
        i = j
    return gaps
