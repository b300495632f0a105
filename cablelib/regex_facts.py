"""Facts about a regex read from its parsed form: can a match take a line break, what can it start with.

Why: the body lexer's early plan (:mod:`cablelib.body_tail`) is exact only
if no part of the signature can take a line break, and it tries the
continuation's stop conditions, at every line of a body, only where the
line's first character can start one of them (:func:`starting_class`).

Both walk the regex as CPython's own parser reads it (``re._parser``, the
module ``re.compile`` uses; Python 3.11+) and answer conservatively:
whatever the walk does not know (a backreference, a conditional group, a
node of a later Python) counts as "anything", so an answer can only be too
wide, never too narrow.  Which ASCII characters a one-character node takes
is asked of ``re`` itself (the node written alone, compiled with the flags
in force there), so case folding is ``re``'s own; a character beyond ASCII
always counts as a possible start.
"""

from __future__ import annotations

import functools
import re
from re import _parser as sre_parser  # the parsed form of a regex (CPython's own, Python 3.11+)
from typing import Any

__all__ = ["may_take_newline", "first_ascii_chars", "starting_class"]

# ------------------------------------------------------------------ line breaks

_CONSUMES_NEWLINE_CATEGORIES = {"CATEGORY_NOT_DIGIT", "CATEGORY_SPACE", "CATEGORY_NOT_WORD", "CATEGORY_LINEBREAK"}
_NO_NEWLINE_CATEGORIES = {"CATEGORY_DIGIT", "CATEGORY_NOT_SPACE", "CATEGORY_WORD", "CATEGORY_NOT_LINEBREAK"}


def _class_takes_newline(items: list[tuple[Any, Any]]) -> bool:
    negate = False
    member = False
    for op, av in items:
        name = op.name
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            member = member or av == 10
        elif name == "RANGE":
            member = member or av[0] <= 10 <= av[1]
        elif name == "CATEGORY" and av.name in _NO_NEWLINE_CATEGORIES:
            pass
        elif name == "CATEGORY" and av.name in _CONSUMES_NEWLINE_CATEGORIES:
            member = True
        else:
            return True  # something this walk does not know: assume it can
    return member != negate


def _items_take_newline(items: Any, dotall: bool) -> bool:
    for op, av in items:
        name = op.name
        if name == "LITERAL":
            if av == 10:
                return True
        elif name == "NOT_LITERAL":
            if av != 10:
                return True
        elif name == "ANY":
            if dotall:
                return True
        elif name == "IN":
            if _class_takes_newline(av):
                return True
        elif name == "CATEGORY":
            if _class_takes_newline([(op, av)]):
                return True
        elif name == "SUBPATTERN":
            _group, add_flags, del_flags, inner = av
            inner_dotall = (dotall or bool(add_flags & re.DOTALL)) and not del_flags & re.DOTALL
            if _items_take_newline(inner, inner_dotall):
                return True
        elif name == "BRANCH":
            if any(_items_take_newline(alternative, dotall) for alternative in av[1]):
                return True
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            if av[1] > 0 and _items_take_newline(av[2], dotall):
                return True
        elif name == "ATOMIC_GROUP":
            if _items_take_newline(av, dotall):
                return True
        elif name in ("ASSERT", "ASSERT_NOT", "AT"):
            continue  # takes nothing (a lookahead may look past a line break: that is fine)
        else:
            return True  # a backreference, a conditional, anything else: assume it can
    return False


def may_take_newline(regexp: str, flags: int = 0) -> bool:
    """Whether a match of ``regexp`` can take a ``"\\n"`` (conservative: ``True`` when unsure)."""
    try:
        parsed = sre_parser.parse(regexp, flags)
    except re.error:
        return True
    return _items_take_newline(parsed, bool(parsed.state.flags & re.DOTALL))


# ------------------------------------------------------------------ first characters

_CATEGORY_TEXT = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
                  "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}
_ASCII = [chr(code) for code in range(128)]
_FLAGS_THAT_MATTER = re.IGNORECASE | re.ASCII | re.DOTALL

_USEFUL_AT_MOST = 96
"""A regex that can start with this many ASCII characters or more gets no class: the test
would let nearly every character through."""


class _Unknown(Exception):
    """A node the walk does not know: the answer is "anything"."""


def _escaped(code: int) -> str:
    return f"\\U{code:08x}"


def _class_text(items: list[tuple[Any, Any]]) -> str:
    """A parsed character class written back as regex text."""
    parts: list[str] = []
    for op, av in items:
        name = op.name
        if name == "NEGATE":
            parts.insert(0, "^")
        elif name == "LITERAL":
            parts.append(_escaped(av))
        elif name == "RANGE":
            parts.append(f"{_escaped(av[0])}-{_escaped(av[1])}")
        elif name == "CATEGORY" and av.name in _CATEGORY_TEXT:
            parts.append(_CATEGORY_TEXT[av.name])
        else:
            raise _Unknown(name)
    return "[" + "".join(parts) + "]"


def _one_char_text(op: Any, av: Any) -> str:
    """A one-character node written back as regex text."""
    name = op.name
    if name == "LITERAL":
        return _escaped(av)
    if name == "NOT_LITERAL":
        return f"[^{_escaped(av)}]"
    if name == "ANY":
        return "."
    if name == "IN":
        return _class_text(av)
    if name == "CATEGORY" and av.name in _CATEGORY_TEXT:
        return _CATEGORY_TEXT[av.name]
    raise _Unknown(name)


@functools.lru_cache(maxsize=512)
def _ascii_taken(text: str, flags: int) -> frozenset[str]:
    """The ASCII characters the one-character regex ``text`` matches under ``flags``."""
    match = re.compile(text, flags).fullmatch
    return frozenset(char for char in _ASCII if match(char))


def _first(items: Any, flags: int) -> tuple[set[str], bool]:
    """(ASCII characters a match of ``items`` can start with, whether it can match empty)."""
    found: set[str] = set()
    for op, av in items:
        chars, nullable = _first_of_node(op, av, flags)
        found |= chars
        if not nullable:
            return found, False
    return found, True


def _first_of_node(op: Any, av: Any, flags: int) -> tuple[set[str], bool]:
    name = op.name
    if name in ("LITERAL", "NOT_LITERAL", "ANY", "IN", "CATEGORY"):
        return set(_ascii_taken(_one_char_text(op, av), flags & _FLAGS_THAT_MATTER)), False
    if name == "SUBPATTERN":
        _group, add_flags, del_flags, inner = av
        return _first(inner, (flags | add_flags) & ~del_flags)
    if name == "BRANCH":
        found: set[str] = set()
        nullable = False
        for alternative in av[1]:
            chars, empty = _first(alternative, flags)
            found |= chars
            nullable = nullable or empty
        return found, nullable
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, high, inner = av
        if high == 0:
            return set(), True
        chars, empty = _first(inner, flags)
        return chars, empty or low == 0
    if name == "ATOMIC_GROUP":
        return _first(av, flags)
    if name in ("ASSERT", "ASSERT_NOT", "AT"):
        return set(), True  # takes nothing: what follows takes the first character
    raise _Unknown(name)


def first_ascii_chars(regexp: str, flags: int = 0) -> frozenset[str] | None:
    """The ASCII characters a match of ``regexp`` can start with; ``None`` when a match may be
    empty or the walk meets a node it does not know (then it can start anywhere)."""
    try:
        parsed = sre_parser.parse(regexp, flags)
        chars, nullable = _first(parsed, parsed.state.flags)
    except (re.error, ValueError, _Unknown, RecursionError):  # ValueError: flags a str regex refuses
        return None
    return None if nullable else frozenset(chars)


@functools.lru_cache(maxsize=64)
def starting_class(regexp: str, flags: int = 0) -> str | None:
    """A character class (regex text) of every character a match of ``regexp`` can start
    with: those ASCII characters and every character beyond ASCII.  ``None`` where there is
    none to give (a match may be empty, the walk does not know a node) or it would let nearly
    every ASCII character through.

    Where the character at a position is not in the class, ``regexp`` cannot match there:
    ``(?!X)`` is ``(?>(?!C)|(?!X))`` for ``C = starting_class(X)``, and the second
    form tests one character where ``X``'s alternatives would each be tried.
    """
    chars = first_ascii_chars(regexp, flags)
    if chars is None or len(chars) >= _USEFUL_AT_MOST:
        return None
    return "[" + "".join(f"\\x{ord(char):02x}" for char in sorted(chars)) + "\\x80-\\U0010ffff]"
