"""Where in a body's text a signature can start, and the body terminals without that check.

Why: ``BODY_CONTINUATION`` (``envelope.lark``) ends a prose chunk before a
line where the signature starts, so every body line that opens with a
capital or a name particle runs a copy of ``SIGNATURE`` (the signer's
name, then trailer lines up to the end of the text) before it is taken.
That check can only hold on the last lines of a text, yet it is about 2 %
of a parse's instructions (``benchmarks/bench_instructions.py``).

:mod:`cablelib.body_lexer` therefore lexes the text before :func:`tail_start`
with an early plan: the same terminals, with the signature branch taken out
of the continuation's stop conditions.  That branch only stops chunks, so
without it a chunk can only run longer; a chunk of the early plan that ends
before the tail start has every line start before it, where the branch
cannot hold, and is the chunk the full plan gives.  A chunk that reaches
the tail start is matched again with the full plan.

Everything here is read from the grammar's own terminals, as Lark renders
them, and checked; where a check fails (another grammar's ``SIGNATURE``,
say) there is no early plan and every chunk is matched with the full one:

* ``SIGNATURE`` is ``(?=G)(?!K)S``, and ``S`` is ``X(?:\\nT)*\\Z`` where
  neither ``X`` nor ``T`` can take a line break (:func:`may_take_newline`);
* the continuation in ``PARA`` and ``TEXT`` holds the branch
  ``(?=G)(?=S)(?!K)`` (the same condition) once, as the last alternative
  of the negative lookahead it tries where a line's blanks end
  (``\\n[ \\t]*+(?!...)``), which is what is taken out.

Then the branch holds at a line only if ``(?:\\nT)*\\Z`` matches at the
line break that ends it (or it is the last line), and if that fails at one
line break it fails at every earlier one (a match from there would pass
through it).  :func:`tail_start` steps back over line breaks from the end
until the trailers fail: the signature cannot start before the line after.

In the early plan the stop conditions left, ``(?!X)``, are also written
``(?>(?!C)|(?!X))``, ``C`` a class of every character ``X`` can start with
(:func:`cablelib.regex_facts.starting_class`, which gives none where ``X``
may match empty or holds something it does not know): where the line's
first character is not in ``C``, ``X`` cannot match, so both forms succeed;
elsewhere the second is ``(?!X)`` itself.  A line of mixed-case prose is
then passed after one test instead of every stop condition.
"""

from __future__ import annotations

import re
from typing import Any

from . import module_patterns
from .regex_facts import may_take_newline, starting_class

__all__ = ["EarlyPlan", "early_plan", "may_take_newline", "tail_start"]

Plan = list[tuple[str, str]]
"""(terminal name, regexp) in the order a state's lexer tries them."""


class EarlyPlan:
    """A body state's terminals without the signature branch, and the signature's trailers."""

    def __init__(self, plan: Plan, branch: str, trailers: Any) -> None:
        self.plan = plan
        self.branch = branch  # the signature branch taken out, (?=G)(?=S)(?!K)
        self.trailers = trailers  # match of (?:\nT)*\Z at a line break


def _class_end(regexp: str, i: int, end: int) -> int:
    """The offset of the ``]`` that closes the character class opened at ``i``."""
    i += 1
    if i < end and regexp[i] == "^":
        i += 1
    if i < end and regexp[i] == "]":  # a "]" first in a class is a literal
        i += 1
    while i < end and regexp[i] != "]":
        i += 2 if regexp[i] == "\\" else 1
    return i


def _structure(regexp: str, start: int = 0, end: int | None = None) -> Any:
    """``(offset, character)`` of every ``(``, ``)`` and ``|`` in ``regexp[start:end]``
    that is not escaped or inside a character class."""
    end = len(regexp) if end is None else end
    i = start
    while i < end:
        char = regexp[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = _class_end(regexp, i, end)
        elif char in "()|":
            yield i, char
        i += 1


def _pairs(regexp: str) -> dict[int, int]:
    """Offsets of each group's ``(`` mapped to its ``)``."""
    pairs: dict[int, int] = {}
    opened: list[int] = []
    for i, char in _structure(regexp):
        if char == "(":
            opened.append(i)
        elif char == ")":
            if not opened:
                raise ValueError("unbalanced")
            pairs[opened.pop()] = i
    if opened:
        raise ValueError("unbalanced")
    return pairs


def _top_level_bar(regexp: str, start: int, end: int) -> bool:
    """Whether ``regexp[start:end]`` (balanced) has a ``|`` outside its groups."""
    depth = 0
    for _i, char in _structure(regexp, start, end):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0:
            return True
    return False


def _signature_parts(signature: str, flags: int) -> tuple[str, str, str, str] | None:
    """``(guard, keywords, shape, trailers)`` of ``(?=G)(?!K)S`` with ``S = X(?:\\nT)*\\Z``, or ``None``."""
    try:
        pairs = _pairs(signature)
    except ValueError:
        return None
    if not signature.startswith("(?=") or 0 not in pairs:
        return None
    guard_end = pairs[0] + 1
    if not signature.startswith("(?!", guard_end):
        return None
    keywords_end = pairs[guard_end] + 1
    shape = signature[keywords_end:]
    if not shape.endswith(")*\\Z"):
        return None
    close = len(signature) - 4
    opening = next((o for o, c in pairs.items() if c == close), None)
    if opening is None or opening < keywords_end:
        return None
    head = next((h for h in ("(?:\n", "(?:\\n") if signature.startswith(h, opening)), None)
    if head is None:
        return None
    if _top_level_bar(signature, keywords_end, len(signature)) \
            or _top_level_bar(signature, opening + len(head), close):
        return None
    names = signature[keywords_end:opening]
    trailer = signature[opening + len(head):close]
    if may_take_newline(names, flags) or may_take_newline(trailer, flags):
        return None
    return signature[:guard_end], signature[guard_end:keywords_end], shape, signature[opening:]


_LINE_START = ("\n[ \t]*+", "\\n[ \\t]*+")
"""What comes right before the continuation's stop conditions: a line break and the line's
blanks, taken possessively (as Lark renders the grammar's ``\\n[ \\t]*+``, or as written)."""


def _without_branch(regexp: str, branch: str, flags: int = 0) -> str | None:
    """``regexp`` with ``|branch`` taken out of the negative lookahead it ends (and the rest
    of that lookahead behind a first-character test); ``None`` if the branch is not there."""
    cut = "|" + branch
    at = regexp.find(cut + ")")
    if at < 0 or regexp.find(cut + ")", at + 1) >= 0:
        return None
    try:
        pairs = _pairs(regexp)
        _pairs(branch)
    except ValueError:
        return None
    if at + 1 not in pairs:  # the branch's "(" is not a group's (inside a class, escaped)
        return None
    close = at + len(cut)
    opening = next((o for o, c in pairs.items() if c == close), None)
    if opening is None or not regexp.startswith("(?!", opening):
        return None
    if not regexp[:opening].endswith(_LINE_START):  # not tried where a line's blanks end
        return None
    return _first_character_test(regexp[:at] + regexp[close:], opening, at, flags)


_INLINE_FLAGS = module_patterns.compile(r"\(\?[aiLmsux-]")


def _first_character_test(regexp: str, opening: int, close: int, flags: int) -> str:
    """``regexp`` with the negative lookahead from ``opening`` to ``close`` (the stop
    conditions left) written ``(?>(?!C)|(?!X))``, ``C`` the characters ``X`` can start with.

    The stop conditions are tried at every line of a body, each alternative in
    turn; a line whose first character can start none of them (most lines of
    mixed-case prose) is then passed after one test (:func:`starting_class`).
    Not done where inline flags come before the lookahead (``X`` alone would
    be read without them).
    """
    if _INLINE_FLAGS.search(regexp, 0, opening):
        return regexp
    stops = regexp[opening + 3:close]
    starts = starting_class(stops, flags)
    if starts is None:
        return regexp
    return f"{regexp[:opening]}(?>(?!{starts})|(?!{stops})){regexp[close + 1:]}"


def early_plan(plan: Plan, plain: Any, flags: int = 0) -> EarlyPlan | None:
    """The body state's ``plan`` without the signature branch in ``PARA`` and ``TEXT``
    (names read through ``plain``), or ``None`` where the checks in the module doc fail."""
    by_kind = {plain(name): regexp for name, regexp in plan}
    signature = by_kind.get("SIGNATURE")
    if signature is None:
        return None
    parts = _signature_parts(signature, flags)
    if parts is None:
        return None
    guard, keywords, shape, trailers = parts
    branch = f"{guard}(?={shape}){keywords}"
    early: Plan = []
    for name, regexp in plan:
        if plain(name) in ("PARA", "TEXT"):
            cut = _without_branch(regexp, branch, flags)
            if cut is None:
                return None
            regexp = cut
        early.append((name, regexp))
    try:
        compiled = re.compile(trailers, flags)
    except re.error:  # pragma: no cover - a part of a regex that compiles
        return None
    return EarlyPlan(early, branch, compiled.match)


def tail_start(text: str, trailers: Any) -> int:
    """The first offset of ``text`` where the signature may start: the line after the last
    line break (from the end) at which the trailers do not run to the end; 0 if none."""
    end = len(text)
    while True:
        newline = text.rfind("\n", 0, end)
        if newline < 0:
            return 0
        if trailers(text, newline) is None:
            return newline + 1
        end = newline
