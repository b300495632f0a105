"""A parse loop of cablelib's own over a built Lark parser's tables.

Why: a parse spends most of its time outside the transformer's real work —
in the engine's loop (lexer states, token objects, the LALR stack, the
reductions of repetition rules) and in a second regex call for every token,
because Lark matches the whitespace between tokens as a token of its own
(about 35 of a cable's 70 scanner calls).  This module runs the same
parse with one regex call per token and one plain Python loop:

* the **tables are Lark's**: the LALR states, shifts, reductions and gotos of
  the built parser (``parser.parser.parser._parse_table``), and for each
  state the terminals Lark's contextual lexer would try, in Lark's order
  (priority, width, length, name) — so the grammar files stay the one
  description of the format;
* the **regexes are Lark's** alternations, written by Lark's rule and compiled
  through the parser's own regex module (trailing marks, disk cache), with
  the ignored terminal as a possessive prefix: ``((?>(?:WS)?))(?:A|B|...)``.
  Lark tries the ignored terminal first in every state (it outranks every
  other terminal, which is checked), takes the whole run, and then tries
  the state's terminals at the next character; the prefix does exactly
  that in the same call, and the atomic group never gives blanks back;
* the **callbacks are the parser's**: a reduction calls
  ``parser._callbacks[rule]`` with the rule's children, as Lark does; a
  token is of the engine's own token class (made by :func:`token_maker`),
  with Lark's positions (line and column counted only for the terminals
  Lark counts them for).
  When every callback is one that :func:`cablelib.callbacks.shorten` made
  (cablelib's own transformers), each is run by its shape instead: the
  method called with the children, or, for the ~50 reductions a cable of
  inlined rules and repetitions (``_body_item``, ``__body_star_7``), the
  children kept in a plain list, appended to or extended in place — the
  same values without a call or a holder object for each.  A reduction of
  one child, and a repetition's next item, change the two stacks in place
  instead of slicing the children off them (~70 of a cable's ~80
  reductions; 2.9 % fewer instructions a parse).

One addition of the loop's own: a terminal the grammar **declares**
(``%declare``, no pattern, so Lark's lexer never makes it) can be given a
regexp here (``own``), tried first in every state that takes it.
``envelope.lark``'s ``BODY_REST`` is one: the rest of a body, which the
transformer lexes itself (:mod:`cablelib.body_lexer`), while Lark's loop
reads the same body token by token.  Lark has no position of its own for
such a token to match, so one that holds a line break and ends the text is
given no end line or column (``None``) and its line breaks are not counted:
no token follows that would need them, and its reader counts them anyway
(1.0 % of a parse's instructions, a pass over each body).

Anything the loop does not expect — a character no terminal of the state
matches, a token the state has no action for, text the grammar does not
accept at the end — raises :class:`NotHandled`, and the caller parses the
same text with Lark (:func:`cablelib.api._run_parser`), whose exception,
error recovery and diagnostics are therefore unchanged.  The rule callbacks
are pure functions of their children, so a parse given up half-way leaves
nothing behind.

A parser is taken only if it has the shape this loop was written for
(:func:`for_parser` returns ``None`` otherwise, and Lark parses alone):
LALR with the contextual lexer, one start symbol, no post-lexer or lexer
callbacks, one ignored terminal that outranks all others, no terminal
callbacks, and no keyword terminals that Lark would check against a
pattern after matching (``UnlessCallback``).

``tests/test_table_parser.py`` holds it to Lark's output (values and every
token position) on every cable of the corpus and on the property tests'
generated and mutated texts; ``benchmarks/bench_stages.py`` times it.
"""

from __future__ import annotations

import re
import threading
from typing import Any

import lark

try:  # Lark internals the loop reproduces; without them every parser is left to Lark
    from lark.lexer import _create_unless, _regexp_has_newline
    from lark.parsers.lalr_analysis import Shift
except ImportError:  # pragma: no cover - another Lark version
    _create_unless = _regexp_has_newline = Shift = None  # type: ignore[assignment,misc]

from .callbacks import inline_method, method_name, shape
from .trailing_marks import lark_piece

__all__ = ["NotHandled", "TableParser", "for_parser", "token_maker"]


class NotHandled(Exception):
    """The text needs Lark itself: an error, or a case the loop does not take."""


def _sort_key(terminal: Any) -> tuple[int, int, int, str]:
    """Lark's order of a state's terminals (lark/lexer.py, ``BasicLexer.__init__``)."""
    return (-terminal.priority, -terminal.pattern.max_width, -len(terminal.pattern.value), terminal.name)


class TableParser:
    """One Lark parser's tables, run by :meth:`parse`."""

    def __init__(self, parser: lark.Lark | None, token_type: type,
                 snapshot: tuple[dict[str, Any], Any, Any] | None = None, own: dict[str, str] | None = None) -> None:
        """``own``: terminals the grammar declares (``%declare``, no pattern, so Lark's lexer
        never makes them) that this loop matches itself, name -> regexp, tried first
        in every state that takes them (:mod:`cablelib.body_lexer`'s ``BODY_REST``)."""
        if parser is None:  # from_snapshot's road: the tables without Lark
            if snapshot is None:
                raise TypeError("TableParser needs a parser or a snapshot")
            self._restore(*snapshot, token_type)
            return
        table = parser.parser.parser._parse_table
        conf = parser.lexer_conf
        callbacks = parser._callbacks
        (ignored,) = conf.ignore
        self._token = token_maker(token_type)
        self._re = conf.re_module
        self._flags = conf.g_regex_flags
        self._terminals = {t.name: t for t in conf.terminals}
        self._own = {name: regexp for name, regexp in (own or {}).items() if name not in self._terminals}
        self._ignored = self._terminals[ignored]
        self._ignore_regexp = self._ignored.pattern.to_regexp()
        self._start = table.start_states["start"]
        self._end = table.end_states["start"]
        self._accepts: dict[int, frozenset[str]] = {}
        self._actions: dict[int, dict[str, Any]] = {}
        self._gotos: dict[int, dict[str, int]] = {}
        rules: dict[Any, tuple[Any, ...]] = {}
        # cablelib's own callbacks (callbacks.shorten) are run by their shape,
        # with plain lists for inlined rules; any other callback table is
        # called as Lark calls it.
        shapes = {rule: shape(callback) for rule, callback in callbacks.items()}
        by_shape = all(found is not None for found in shapes.values())
        # For :meth:`snapshot`, which names each reduction's method instead of
        # holding it: the rule of each reduction, and where its methods live.
        self._rule_of: dict[int, Any] | None = {} if by_shape else None
        self._transformer = getattr(parser.options, "transformer", None)
        for state, entries in table.states.items():
            actions: dict[str, Any] = {}
            gotos: dict[str, int] = {}
            for name, (action, arg) in entries.items():
                if name in self._terminals or name == "$END" or name in self._own:
                    if action is Shift:
                        actions[name] = arg
                    else:
                        reduction = rules.get(arg)
                        if reduction is None:
                            # tuple() of a list, not a tuple display: a fixed-length tuple is
                            # a C struct in mypyc's compiled code (cablelib.compiled), boxed
                            # anew wherever it is stored, and the snapshot finds each
                            # reduction by its id().
                            # str(): Lark may name a rule with one of its Token objects,
                            # whose __eq__ (Python) the gotos' lookups would then call.
                            reduction = tuple([len(arg.expansion), str(arg.origin.name),
                                               *_reduction(callbacks[arg], shapes[arg] if by_shape else None)])
                            rules[arg] = reduction
                            if self._rule_of is not None:
                                self._rule_of[id(reduction)] = arg
                        actions[name] = reduction
                elif action is Shift:
                    gotos[name] = arg
                else:  # pragma: no cover - Lark only shifts on rule names
                    raise NotHandled(f"reduce on {name}")
            self._actions[state] = actions
            self._gotos[state] = gotos
            self._accepts[state] = frozenset(n for n in entries if n in self._terminals or n in self._own) | {ignored}
        # Each state's terminals in Lark's order, checked now (cheap) so that
        # a parser the loop cannot run is refused before its first parse; the
        # alternations are compiled on first use, like Lark's.
        self._plans: dict[frozenset[str], list[tuple[str, str]]] = {}
        for accepts in set(self._accepts.values()):
            self._plans[accepts] = self._plan(accepts)
        # Lark counts lines only in the terminals whose regex may hold a newline.
        # str(): Lark may name a terminal with one of its Token objects, whose
        # __eq__ (Python) the loop's ``kind in newline_kinds`` would then call.
        self._newline_kinds = frozenset(
            [str(t.name) for t in conf.terminals if _regexp_has_newline(t.pattern.to_regexp())]
            + [name for name, regexp in self._own.items() if _regexp_has_newline(regexp)])
        self._ready()

    def _ready(self) -> None:
        """What both constructors derive from the tables, and the parts built on first use."""
        self._skip = re.compile(f"(?:{self._ignore_regexp})*").match
        self._matchers = _Matchers(self._matcher)
        self._by_accepts: dict[frozenset[str], Any] = {}
        self._lock = threading.Lock()

    # ------------------------------------------------------------ snapshots
    #
    # Why: a fresh process spends ~8 ms in ``Lark.load`` (rules, terminals
    # and 160 parse-table states deserialised in Python) before its first
    # cable, and the table parser then re-reads those tables into its own.
    # When every callback is one of cablelib's shortened ones, the loop needs
    # nothing of Lark but its tables and the transformer's methods, so its
    # own tables are written once (plain data, ``marshal``) and read instead;
    # ``cablelib.lazy_parser`` loads Lark itself only when a text needs it.

    def snapshot(self) -> dict[str, Any] | None:
        """This parser's tables as plain data (see :meth:`from_snapshot`), or ``None`` when a
        callback is not one that can be found again by name (Lark's own, a third party's)."""
        if self._rule_of is None:
            return None
        rules: dict[int, int] = {}
        named: list[tuple[Any, ...]] = []

        def encode(action: Any) -> Any:
            if action.__class__ is int:
                return action
            index = rules.get(id(action))
            if index is None:
                index = rules[id(action)] = len(named)
                named.append(self._named(action))
            return (index,)  # a one-item tuple: a reduction, not a shift

        try:
            actions = {state: {name: encode(a) for name, a in actions.items()}
                       for state, actions in self._actions.items()}
        except LookupError:  # a method not found again under its rule's name
            return None

        return {
            "start": self._start, "end": self._end, "flags": self._flags,
            "ignore_regexp": self._ignore_regexp,
            "actions": actions,
            "gotos": self._gotos,
            "accepts": {state: tuple(sorted(map(str, names))) for state, names in self._accepts.items()},
            # str(): Lark's names and regexps may be str subclasses, which marshal refuses
            "plans": [(tuple(sorted(map(str, accepts))), tuple((str(name), str(regexp)) for name, regexp in plan))
                      for accepts, plan in self._plans.items()],
            "newline_kinds": tuple(sorted(map(str, self._newline_kinds))),
            "own": {str(name): str(regexp) for name, regexp in self._own.items()},
            "rules": named,
        }

    def _named(self, reduction: tuple[Any, ...]) -> tuple[Any, ...]:
        """``reduction`` with its method's name in place of the method, in plain types
        (a freshly built grammar names rules with Lark Tokens, str subclasses that
        marshal refuses); ``LookupError`` if the name does not lead back to the method."""
        size, origin, how, then, include = reduction
        name = None
        if then is not None:
            name = method_name(self._rule_of[id(reduction)])  # type: ignore[index]
            if inline_method(self._transformer, name) != then:
                raise LookupError(name)
        return (int(size), str(origin), how, name,
                None if include is None else [(int(index), bool(expand)) for index, expand in include])

    @classmethod
    def from_snapshot(cls, data: dict[str, Any], transformer: Any, re_module: Any, token_type: type) -> TableParser:
        """The parser :meth:`snapshot` described, calling ``transformer``'s methods.

        Raises (``KeyError``, ``TypeError``, ``ValueError``, ``AttributeError``)
        on data of another shape or a transformer without those methods; the
        caller then loads Lark as usual.
        """
        # Through __init__: mypyc, which can compile this module (cablelib.compiled),
        # makes its objects only by calling the class.
        return cls(None, token_type, (data, transformer, re_module))

    def _restore(self, data: dict[str, Any], transformer: Any, re_module: Any, token_type: type) -> None:
        """Set this parser up from a :meth:`snapshot` (see :meth:`from_snapshot`)."""
        self._token = token_maker(token_type)
        self._re = re_module
        self._flags = data["flags"]
        self._ignore_regexp = data["ignore_regexp"]
        self._start, self._end = data["start"], data["end"]
        reductions = []
        for size, origin, how, name, include in data["rules"]:
            then = None
            if name is not None:
                then = inline_method(transformer, name)
                if not then:
                    raise AttributeError(f"the transformer has no inline method {name!r}")
            if how not in _HOWS:
                raise ValueError(f"unknown reduction {how!r}")
            reductions.append((size, origin, _HOWS[how], then, include))
        self._actions = {state: {name: a if a.__class__ is int else reductions[a[0]] for name, a in actions.items()}
                         for state, actions in data["actions"].items()}
        self._gotos = data["gotos"]
        sets = {names: frozenset(names) for names in {*data["accepts"].values()}}
        self._accepts = {state: sets[names] for state, names in data["accepts"].items()}
        self._plans = {sets.get(names, frozenset(names)): [tuple(piece) for piece in plan]
                       for names, plan in data["plans"]}
        self._newline_kinds = frozenset(data["newline_kinds"])
        self._own = dict(data["own"])
        self._rule_of = None
        self._ready()

    # ------------------------------------------------------------ lexers

    def _matcher(self, state: int) -> Any:
        """The ``match`` of ``state``'s prefixed alternation, built on first use."""
        return self._matcher_of(self._accepts[state])

    @property
    def skip(self) -> Any:
        """``match`` of any run of the ignored terminal, empty included."""
        return self._skip

    @property
    def own_terminals(self) -> frozenset[str]:
        """The declared terminals this loop matches itself (see ``__init__``)."""
        return frozenset(self._own)

    def matcher_for(self, kinds: frozenset[str], plain: Any) -> tuple[Any, list[str]] | None:
        """The ``match`` of the state whose terminals are ``kinds`` (besides the ignored one),
        names read through ``plain`` (a namespace remover), and its terminals in group order;
        ``None`` if no state has exactly those.  For :mod:`cablelib.body_lexer`."""
        found = self._accepts_of(kinds, plain)
        if found is None:
            return None
        return self._matcher_of(found), [name for name, _regexp in self._plans[found][1:]]

    def plan_for(self, kinds: frozenset[str], plain: Any) -> list[tuple[str, str]] | None:
        """``(name, regexp)`` of the terminals :meth:`matcher_for` matches, in its order."""
        found = self._accepts_of(kinds, plain)
        return None if found is None else list(self._plans[found][1:])

    def _accepts_of(self, kinds: frozenset[str], plain: Any) -> frozenset[str] | None:
        for accepts in sorted(self._plans, key=sorted):
            names = [name for name, _regexp in self._plans[accepts][1:]]
            if len(names) == len(kinds) and {plain(name) for name in names} == kinds:
                return accepts
        return None

    @property
    def flags(self) -> int:
        """The ``re`` flags every terminal is compiled with."""
        return self._flags

    def _matcher_of(self, accepts: frozenset[str]) -> Any:
        with self._lock:
            built = self._by_accepts.get(accepts)
            if built is None:
                built = self._by_accepts[accepts] = self._build(accepts)
        return built

    def _plan(self, accepts: frozenset[str]) -> list[tuple[str, str]]:
        """(name, regexp) of the terminals Lark's lexer tries in a state with these terminals,
        in its order, with this loop's own terminals right after the ignored one."""
        terminals = sorted((self._terminals[name] for name in accepts if name not in self._own), key=_sort_key)
        terminals, unless = _create_unless(terminals, self._flags, re, False)
        if unless:  # keyword terminals checked after the match: Lark's job
            raise NotHandled("keyword terminals")
        if terminals[0] is not self._ignored:  # pragma: no cover - _shape_ok checks the priority
            raise NotHandled("the ignored terminal is not tried first")
        plan = [(t.name, t.pattern.to_regexp()) for t in terminals]
        return plan[:1] + [(name, self._own[name]) for name in sorted(accepts) if name in self._own] + plan[1:]

    def _build(self, accepts: frozenset[str]) -> Any:
        return self.compile_plan(self._plans[accepts][1:])

    def compile_plan(self, terminals: list[tuple[str, str]]) -> Any:
        """The ``match`` of these ``(name, regexp)`` as a state's alternation: the ignored
        blanks' prefix in group 1, then the terminals in this order, named groups last."""
        # A state that takes only the end of the text matches nothing (Lark's
        # lexer there has the ignored terminal alone).
        prefix = f"((?>(?:{self._ignore_regexp})?))"
        compile_terminals = getattr(self._re, "compile_terminals", None)
        if compile_terminals is not None:
            compiled = compile_terminals(prefix, terminals, self._flags)
        else:
            alternation = "|".join(lark_piece(name, regexp) for name, regexp in terminals) or "(?!)"
            compiled = self._re.compile(f"{prefix}(?:{alternation})", self._flags)
        if list(compiled.groupindex) != [name for name, _ in terminals]:  # pragma: no cover
            raise RuntimeError(f"unexpected groups in {compiled.pattern[:60]!r}...")
        return compiled.match

    # ------------------------------------------------------------ the loop

    def parse(self, text: str) -> Any:
        """What ``parser.parse(text)`` returns, or :class:`NotHandled`."""
        Token = self._token
        actions = self._actions
        gotos = self._gotos
        matchers = self._matchers
        newline_kinds = self._newline_kinds
        own = self._own
        length = len(text)
        count = text.count
        rfind = text.rfind
        states = [self._start]
        values: list[Any] = []
        pos = 0
        line = 1
        last_newline = -1  # the offset of the last "\n" before pos, for columns
        while True:
            state = states[-1]
            m = matchers[state](text, pos)
            if m is None:
                blanks = self._skip(text, pos)  # (?:WS)* always matches
                if blanks is not None and blanks.end() == length:
                    break
                raise NotHandled(pos)
            start = m.end(1)
            if start != pos:
                if start == pos + 1 and text[pos] == "\n":  # the blanks of most tokens: one line break
                    line += 1
                    last_newline = pos
                else:
                    found = count("\n", pos, start)
                    if found:
                        line += found
                        last_newline = rfind("\n", pos, start)
            end = m.end()
            kind = m.lastgroup
            lexeme = text[start:end]
            # Most tokens of a kind that may hold a line break hold none: ``in``
            # answers that without a method call.
            if kind in newline_kinds and "\n" in lexeme:
                start_line, start_column = line, start - last_newline
                if kind in own and end == length:  # BODY_REST: see the module's docstring
                    token = Token(kind, lexeme, start, start_line, start_column, None, None, end)
                else:
                    line += lexeme.count("\n")
                    last_newline = start + lexeme.rfind("\n")
                    token = Token(kind, lexeme, start, start_line, start_column, line, end - last_newline, end)
            else:  # a token on one line
                token = Token(kind, lexeme, start, line, start - last_newline, line, end - last_newline, end)
            pos = end
            table = actions[state]
            while True:
                try:  # no cost where the lookup succeeds (zero-cost exception handling)
                    action = table[kind]
                except KeyError:
                    raise NotHandled(start) from None
                if action.__class__ is int:
                    states.append(action)
                    values.append(token)
                    break
                size, origin, how, then, include = action
                # The shapes of callbacks.shorten, inlined (what _reduce does, without the call).
                # One child (~50 reductions a cable) or a repetition's next item (~20): the
                # stacks change in place, without a list of the children.
                if size == 1:
                    state = gotos[states[-2]][origin]
                    states[-1] = state
                    if how is _CALL:
                        values[-1] = then(values[-1])
                    elif how is _HOLD:
                        values[-1] = [values[-1]]
                    elif how is not _FIRST:
                        values[-1] = _reduce(how, then, include, [values[-1]])
                    table = actions[state]
                    continue
                if size == 2 and (how is _EXTEND or how is _APPEND):
                    item = values.pop()
                    if how is _EXTEND:
                        values[-1] += item
                    else:
                        values[-1].append(item)
                    del states[-1]
                    state = gotos[states[-2]][origin]
                    states[-1] = state
                    table = actions[state]
                    continue
                if size:
                    children = values[-size:]
                    del values[-size:]
                    del states[-size:]
                else:
                    children = []
                if how is _CALL:
                    value = then(*children)
                elif how is _EXTEND:
                    value = children[0]
                    value += children[1]
                elif how is _HOLD:
                    value = children
                elif how is _APPEND:
                    value = children[0]
                    value.append(children[1])
                else:
                    value = _reduce(how, then, include, children)
                state = gotos[states[-1]][origin]
                states.append(state)
                values.append(value)
                table = actions[state]
        end_state = self._end
        while True:
            action = actions[states[-1]].get("$END")
            if action is None or action.__class__ is int:
                raise NotHandled(len(text))
            size, origin, how, then, include = action
            children = _pop(states, values, size)
            state = gotos[states[-1]][origin]
            states.append(state)
            values.append(_reduce(how, then, include, children))
            if state == end_state:
                return values[-1]


# How a reduction builds its value (the third item of a rule's action).
_CALL = "call"  # then(*children): a method that takes every child
_HOLD = "hold"  # the children list itself: an inlined rule, kept whole for its parent
_APPEND = "append"  # children[0] + [children[1]], in place: a repetition's next item
_EXTEND = "extend"  # children[0] + children[1], in place: a repetition's next inlined item
_FIRST = "first"  # children[0]: an inlined rule that passes its one inlined child on
_CALL_KEPT = "call kept"  # then(*kept children)
_KEPT = "kept"  # the kept children: an inlined rule that filters
_LARK = "lark"  # then(children): a callback of Lark's (or any other), called as Lark does


_HOWS = {how: how for how in (_CALL, _HOLD, _APPEND, _EXTEND, _FIRST, _CALL_KEPT, _KEPT)}
"""The shapes a snapshot may name, mapped to the constants the loop compares by identity."""


def _reduction(callback: Any, found: tuple[Any, Any] | None) -> tuple[str, Any, Any]:
    """``(how, then, include)`` for a rule's callback; ``found`` is its :func:`shape`."""
    if found is None:
        return _LARK, callback, None
    include, then = found
    if include is None:
        return (_HOLD, None, None) if then is None else (_CALL, then, None)
    if then is None:
        # The frequent shapes of Lark's child filter, as _kept computes them:
        if include == [(0, True), (1, False)]:
            return _APPEND, None, None
        if include == [(0, True), (1, True)]:  # ~18 reductions a cable
            return _EXTEND, None, None
        if include == [(0, True)]:
            return _FIRST, None, None
        return _KEPT, None, include
    return _CALL_KEPT, then, include


def _kept(include: list[tuple[int, bool]], children: list[Any]) -> list[Any]:
    """The children ``include`` names, inlined ones (lists here) expanded.

    As :func:`cablelib.callbacks._kept`, with lists where it has ``Inlined``
    holders; the first expanded list is taken over, not copied, for the same
    reason (a long repetition stays linear).
    """
    kept: list[Any] = []
    for index, expand in include:
        if expand:
            if kept:
                kept += children[index]
            else:
                kept = children[index]
        else:
            kept.append(children[index])
    return kept


def _pop(states: list[int], values: list[Any], size: int) -> list[Any]:
    """The last ``size`` values, taken off both stacks (the parse loop inlines this)."""
    if not size:
        return []
    children = values[-size:]
    del values[-size:]
    del states[-size:]
    return children


def _reduce(how: str, then: Any, include: Any, children: list[Any]) -> Any:
    """The value of one reduction (the parse loop inlines the frequent shapes)."""
    if how is _CALL:
        return then(*children)
    if how is _HOLD:
        return children
    if how is _APPEND:
        children[0].append(children[1])
        return children[0]
    if how is _EXTEND:
        children[0].extend(children[1])
        return children[0]
    if how is _FIRST:
        return children[0]
    if how is _CALL_KEPT:
        return then(*_kept(include, children))
    if how is _KEPT:
        return _kept(include, children)
    return then(children)


class _Matchers(dict):  # type: ignore[type-arg]
    """State -> ``match`` function, each built the first time a parse needs it."""

    __slots__ = ("build",)

    def __init__(self, build: Any) -> None:
        super().__init__()
        self.build = build

    def __missing__(self, state: int) -> Any:
        match = self[state] = self.build(state)
        return match


_NOT_TAKEN = object()
_BUILD_LOCK = threading.Lock()


def _shape_ok(parser: lark.Lark) -> bool:
    if _create_unless is None:  # pragma: no cover - another Lark version
        return False
    options = parser.options
    conf = parser.lexer_conf
    if options.parser != "lalr" or options.lexer != "contextual" or options.postlex is not None:
        return False
    if options.lexer_callbacks or conf.callbacks or conf.use_bytes or list(options.start) != ["start"]:
        return False
    if len(conf.ignore) != 1 or any(isinstance(key, str) for key in parser._callbacks):
        return False
    by_name = {t.name: t for t in conf.terminals}
    ignored = by_name.get(next(iter(conf.ignore)))
    if ignored is None:
        return False
    return all(t.priority < ignored.priority for t in conf.terminals if t is not ignored)


def _token_type(parser: lark.Lark) -> type:
    """The engine's own token class: lark-cython's for its parsers, else ``lark.Token``."""
    engine = type(parser.parser.parser)
    if engine.__module__.startswith("lark_cython"):
        import lark_cython  # type: ignore[import-untyped,import-not-found,unused-ignore]

        return lark_cython.lark_cython.Token  # type: ignore[no-any-return]
    return lark.Token


_TOKEN_FIELDS = ("type", "start_pos", "value", "line", "column", "end_line", "end_column", "end_pos")


def token_maker(token_type: type) -> Any:
    """What the loop calls to make a token: ``token_type`` itself, or for ``lark.Token`` a faster equal.

    Why: ``lark.Token(...)`` runs two Python functions, ``__new__`` (which
    packs the arguments to look for the deprecated ``type_`` keyword) and
    ``_future_new``, ~550 ns a token against ~200 for one function that
    sets the same eight slots; ~36 tokens a cable, 3.2 % fewer instructions
    a parse with the pure-Lark engine (benchmarks/bench_instructions.py;
    lark-cython's ``Token`` is a C type, called as it is).
    The result is a ``lark.Token`` equal in value, type and every position
    (tests/test_fast_paths.py).  Only for a ``lark.Token`` whose slots are
    the ones set here; a subclass or another Lark's class is called.
    """
    if token_type is not lark.Token or tuple(getattr(lark.Token, "__slots__", ())) != _TOKEN_FIELDS:
        return token_type
    new = str.__new__
    token_class = lark.Token

    # end_line and end_column may be None: the loop's own terminals (see the module's docstring).
    def make_token(kind: str, value: str, start_pos: int, line: int, column: int,
                   end_line: int | None, end_column: int | None, end_pos: int) -> Any:
        token = new(token_class, value)
        token.type = kind
        token.start_pos = start_pos
        token.value = value
        token.line = line
        token.column = column
        token.end_line = end_line
        token.end_column = end_column
        token.end_pos = end_pos
        return token

    return make_token


def for_parser(parser: lark.Lark) -> TableParser | None:
    """The :class:`TableParser` of ``parser`` (built once), or ``None`` if it is not taken.

    Where the grammar declares ``BODY_REST`` and the transformer reads it
    (:mod:`cablelib.body_lexer`), the loop makes that token itself, and the
    transformer is given the lexer of its text; if no such lexer can be
    made, the loop keeps to the fine road, as Lark does.
    """
    found = parser.__dict__.get("_cablelib_table_parser", _NOT_TAKEN)
    if found is not _NOT_TAKEN:
        return found  # type: ignore[no-any-return]
    with _BUILD_LOCK:
        found = parser.__dict__.get("_cablelib_table_parser", _NOT_TAKEN)
        if found is _NOT_TAKEN:
            try:
                found = _build(parser) if _shape_ok(parser) else None
            except (AttributeError, KeyError, ValueError, NotHandled):  # another Lark's internals
                found = None
            parser.__dict__["_cablelib_table_parser"] = found
    return found  # type: ignore[no-any-return]


def _build(parser: lark.Lark) -> TableParser:
    from . import body_lexer

    token_type = _token_type(parser)
    own = body_lexer.own_terminals(parser)
    if own:
        tables = TableParser(parser, token_type, own=own)
        if body_lexer.give_lexer(tables, parser.options.transformer):
            return tables
    return TableParser(parser, token_type)
