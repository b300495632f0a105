"""WikiLeaks cable page copied as plain text (the seed document's layout).

A browser's "copy page text" flattens the page's metadata table into lines.
In the seed (``06PHNOMPENH2131``) the four column labels come first, one per
line, then their four values in the same order::

    Identifier
    Created
    Classification
    Origin
    06PHNOMPENH2131
    2006-12-04 08:08:00
    UNCLASSIFIED//FOR OFFICIAL USE ONLY
    Embassy Phnom Penh
    Cable title:\\xa0\\xa0

    CAMBODIA: TIP INTERIM ASSESSMENT REPORT

    Tags:\\xa0\\xa0 PHUM\\xa0 PREL\\xa0 KWMN\\xa0 CB\\xa0
    pdf\\xa0 how-to read a cable
    VZCZCXRO5044
    ...

so labels and values are paired by position, not by line.  The ``label:
value`` form (one pair per line) is read too, since other page exports write
it that way.  After the table come the optional ``Cable title:`` (value on the
same line or on the next non-blank lines), ``Tags:`` and the stray link text
``pdf how-to read a cable``.  Everything up to that point is the wrapper: it
is blanked (see :mod:`cablelib.sources._text`), the cable text after it is
left exactly as it is.
"""

from __future__ import annotations


from cablelib.model import Diagnostic, Wrapper

from ._text import blank_prefix, clean, iter_lines
from .dates import wrapper_date
from .unwrapped import Unwrapped

__all__ = ["CONTAINER", "sniff", "unwrap_wikileaks_text"]

CONTAINER = "wikileaks-text"

# Label as written on the page (lower-cased, no colon) -> Wrapper field.
_LABELS = {
    "identifier": "reference_id",
    "reference id": "reference_id",
    "reference": "reference_id",
    "created": "created",
    "date": "created",
    "released": "released",
    "classification": "classification",
    "origin": "origin",
}
_FIRST_LABELS = ("identifier", "reference id")

# Lines that belong to the page but come after the table.
_MAX_TITLE_LINES = 4
_MAX_WRAPPER_LINES = 40


def _words(line: str) -> str:
    """``line`` lower-cased with every run of blanks (NBSP included) made one space."""
    return " ".join(line.split()).lower()


def _label(line: str) -> str | None:
    """The label key if ``line`` is a bare label (``Created`` or ``Created:``)."""
    key = _words(line).rstrip(":").rstrip()
    return key if key in _LABELS else None


def _inline(line: str) -> tuple[str, str] | None:
    """``(label, value)`` if ``line`` is ``Label: value``."""
    head, sep, value = line.partition(":")
    if not sep:
        return None
    key = _words(head)
    if key not in _LABELS:
        return None
    return key, clean(value)


def sniff(head: str) -> bool:
    """True if the text opens with the flattened metadata table.

    The first non-blank line must be the identifier label, followed either by
    another label (labels-then-values layout) or by its value on the same line.
    """
    if not head.lstrip(" \t\r\n\xa0")[:10].lower().startswith(("identifier", "reference")):
        return False  # the cheap test that rejects every other container
    lines = iter_lines(head)
    first = None
    for start, end, _ in lines:
        if head[start:end].strip():
            first = head[start:end]
            break
    if first is None:
        return False
    key = _label(first)
    if key in _FIRST_LABELS:
        for start, end, _ in lines:
            return _label(head[start:end]) is not None
        return False
    pair = _inline(first)
    return pair is not None and pair[0] in _FIRST_LABELS and bool(pair[1])


def unwrap_wikileaks_text(text: str, name: str | None = None) -> Unwrapped:
    """Blank the page's metadata lines and read their values into a Wrapper."""
    diagnostics: list[Diagnostic] = []
    lines = [
        (s, e, nxt) for _, (s, e, nxt) in zip(range(_MAX_WRAPPER_LINES), iter_lines(text))
    ]
    i = 0

    def skip_blank() -> None:
        nonlocal i
        while i < len(lines) and not text[lines[i][0]:lines[i][1]].strip():
            i += 1

    def line(k: int) -> str:
        return text[lines[k][0]:lines[k][1]]

    values: dict[str, str] = {}
    skip_blank()
    # Layout 1: labels, then the values in the same order.
    labels: list[str] = []
    while i < len(lines) and (key := _label(line(i))) is not None:
        labels.append(key)
        i += 1
    if labels:
        for key in labels:
            if i >= len(lines) or _label(line(i)) is not None or _is_title(line(i)):
                diagnostics.append(Diagnostic(
                    "bad-wrapper-value",
                    f"page text has {len(labels)} metadata labels but fewer values",
                ))
                break
            values.setdefault(_LABELS[key], clean(line(i)))
            i += 1
    else:
        # Layout 2: "Label: value" on each line.
        while i < len(lines) and (pair := _inline(line(i))) is not None:
            values.setdefault(_LABELS[pair[0]], pair[1])
            i += 1
    end = lines[i - 1][2] if i else 0

    # "Cable title:" with the subject on the same line or on the next lines.
    subject: str | None = None
    j = i
    while j < len(lines) and not line(j).strip():
        j += 1
    if j < len(lines) and _is_title(line(j)):
        rest = clean(line(j).partition(":")[2])
        j += 1
        if rest:
            subject = rest
        else:
            while j < len(lines) and not line(j).strip():
                j += 1
            parts: list[str] = []
            while (j < len(lines) and len(parts) < _MAX_TITLE_LINES and line(j).strip()
                   and not _is_tags(line(j)) and not _is_pdf_link(line(j))):
                parts.append(clean(line(j)))
                j += 1
            subject = " ".join(parts) or None
        i = j
        end = lines[i - 1][2]

    tags: tuple[str, ...] = ()
    j = i
    while j < len(lines) and not line(j).strip():
        j += 1
    if j < len(lines) and _is_tags(line(j)):
        tags = tuple(clean(line(j).partition(":")[2]).split())
        i = j + 1
        end = lines[i - 1][2]

    j = i
    while j < len(lines) and not line(j).strip():
        j += 1
    if j < len(lines) and _is_pdf_link(line(j)):
        i = j + 1
        end = lines[i - 1][2]

    created = wrapper_date(values.get("created"), "Created", diagnostics)
    released = wrapper_date(values.get("released"), "Released", diagnostics)
    wrapper = Wrapper(
        container=CONTAINER,
        reference_id=values.get("reference_id") or None,
        created=created,
        released=released,
        classification=values.get("classification") or None,
        origin=values.get("origin") or None,
        subject=subject,
        tags=tags,
    )
    body = blank_prefix(text, end)
    if not text[end:].strip():
        diagnostics.append(Diagnostic("no-cable-text", "the page text holds only its metadata"))
    return Unwrapped(text=body, wrapper=wrapper, diagnostics=tuple(diagnostics), name=name,
                    original=text)


def _is_title(line: str) -> bool:
    return _words(line).startswith("cable title:")


def _is_tags(line: str) -> bool:
    return _words(line).startswith("tags:")


def _is_pdf_link(line: str) -> bool:
    return _words(line) == "pdf how-to read a cable"
