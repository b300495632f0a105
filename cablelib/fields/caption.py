"""Splitting caption fields: classification line, caveats, E.O., TAGS, SUBJECT,
Classified By."""

from __future__ import annotations

import functools
import re

from .. import module_patterns
from ..package_files import data_rows
from .envelope import squeeze

__all__ = [
    "normalise_classification",
    "split_classification_line",
    "split_caveats",
    "split_executive_order",
    "split_tags",
    "split_subject",
    "split_classified_by",
    "strip_keyword",
    "CLASSIFICATION_WORD",
]

_LETTERS = module_patterns.compile(r"[^A-Za-z]")


def normalise_classification(word: str) -> str:
    """``C O N F I D E N T I A L`` → ``CONFIDENTIAL``; ``UNCLAS`` → ``UNCLASSIFIED``."""
    key = _LETTERS.sub("", word).upper()
    if key == "ONFIDENTIAL":  # letter-spaced, first letter lost (09LAGOS14)
        key = "CONFIDENTIAL"
    if key.startswith("UNCLAS"):
        return "UNCLASSIFIED"
    if key == "LIMITEDOFFICIALUSE":
        return "LIMITED OFFICIAL USE"
    if key == "TOPSECRET":
        return "TOP SECRET"
    return key


# A classification word opening a line, as grammars/terminals.lark's CLASSIFICATION_WORD
# reads it on squeezed text (also cablelib.truncated_copy's test of a copy's start).
CLASSIFICATION_WORD = module_patterns.compile(
    r"(?i:UNCLAS(?:SIFIED)?|U N C L A S|C ?O ?N ?F ?I ?D ?E ?N ?T ?I ?A ?L|O N F I D E N T I A L|S ?E ?C ?R ?E ?T"
    r"|T ?O ?P +S ?E ?C ?R ?E ?T|LIMITED +OFFICIAL +USE)(?![A-Za-z])")
_SECTION_RE = module_patterns.compile(r"(?i)\bSECTION\s+(\d+)\s+OF\s+(\d+)\b")
_LINE_CAVEATS = module_patterns.compile(
    r"(?i)\b(E\s?F\s?T\s?O|NOFORN|NOFORM|EXDIS|NODIS|LIMDIS|STADIS|SIPDIS|CORRECTED COPY)\b")
_BLANK = module_patterns.compile(r"\s")  # inside a caveat: "E F T O"
_EFTO_LOWER = module_patterns.compile(r"e\s?f\s?t\s?o")


def _may_name_caveats(text: str) -> bool:
    r"""False only where ``_LINE_CAVEATS`` cannot match ``text``.

    That pattern opens with ``(?i)\b``, so ``re`` tries it at every character
    of every classification line (~1.6 µs a line).  In ASCII text only ASCII
    letters fold to its letters, so each match is, lowered, a match of one
    of these literals or of ``e\s?f\s?t\s?o`` (searched from its literal
    ``e``); other text (``ſ`` folds to ``s``, ``ı`` to ``i``) is not judged
    here.  tests/test_fast_paths.py compares the results.
    """
    if not text.isascii():
        return True
    lowered = text.lower()
    return ("dis" in lowered or "nofor" in lowered or "corrected copy" in lowered
            or _EFTO_LOWER.search(lowered) is not None)

# The post and the zero-padded serial: the last run of words before a 3-7
# digit number.  Text can follow the serial when the caption was run
# together ("UNCLAS TALLINN 000128 SIPDIS PARIS PASS USOECD").
_POST_SERIAL_RE = module_patterns.compile(r"^(?:\d{2}\s+(?=\D))?(?P<post>.*?)\s*(?P<serial>\d{2,7})(?=[\s\\/]|[A-Z]|$)")
_LONG_POST_SERIAL_RE = module_patterns.compile(
    r"^(?:\d{2}\s+(?=\D))?(?P<post>.*?)\s*(?P<serial>\d{3,7})(?=[\s\\/]|[A-Z]|$)"
)


def split_classification_line(line: str) -> dict[str, object]:
    """``UNCLAS SECTION 01 OF 02 PHNOM PENH 002131`` → its parts."""
    text = line.strip()
    m = CLASSIFICATION_WORD.match(text)
    word = m.group(0) if m else ""
    rest = text[m.end():] if m else text
    section = sections = None
    sm = _SECTION_RE.search(rest)
    if sm:
        section, sections = int(sm.group(1)), int(sm.group(2))
        rest = rest[: sm.start()] + " " + rest[sm.end():]
    caveats = []
    for cm in _LINE_CAVEATS.finditer(rest) if _may_name_caveats(rest) else ():
        caveat = _BLANK.sub("", cm.group(1)).upper()
        caveats.append("NOFORN" if caveat == "NOFORM" else caveat)
    if caveats:  # most lines have none, and the substitution would scan the line again
        rest = _LINE_CAVEATS.sub(" ", rest)
    rest = squeeze(rest).strip(" -/,\\")
    post = serial = None
    pm = _POST_SERIAL_RE.match(rest)
    if pm and len(pm.group("serial")) < 3:
        # "SECTION 01 GF 02 BISHIEK ...": a two-digit number is a serial only
        # when no longer one follows.
        longer = _LONG_POST_SERIAL_RE.match(rest)
        pm = longer or pm
    if pm:
        post = pm.group("post").strip(" -/,") or None
        serial = int(pm.group("serial"))
    elif rest:
        post = rest
    return {
        "classification": normalise_classification(word) if word else None,
        "section": section,
        "sections": sections,
        "post": post,
        "serial": serial,
        "caveats": tuple(caveats),
    }


_CAVEAT_SPLIT = module_patterns.compile(r"[\s,/]+")


def split_caveats(line: str) -> tuple[str, ...]:
    """``SIPDIS NOFORN`` → ``('SIPDIS', 'NOFORN')``; the SBU sentence → SENSITIVE."""
    text = squeeze(line).upper().rstrip(".")
    if text.startswith("SENSITIVE BUT UNCLASSIFIED"):
        return ("SENSITIVE",)
    return tuple(w for w in _CAVEAT_SPLIT.split(text) if w)


def strip_keyword(text: str, keyword: re.Pattern[str]) -> str:
    """The field value after its keyword (``TAGS:``, ``SUBJECT:``...)."""
    m = keyword.match(text.lstrip())
    return text.lstrip()[m.end():] if m else text


_EO_RE = module_patterns.compile(r"(?i)E\.?\s?O\.?\s*:?\s*(\d{3,5})\b\s*:?\s*")


def split_executive_order(line: str) -> tuple[str | None, str | None]:
    """``E.O. 12958: DECL: 11/22/2012`` → ``('12958', 'DECL: 11/22/2012')``."""
    text = squeeze(line)
    m = _EO_RE.match(text)
    if m is None:
        return None, text or None
    return m.group(1), text[m.end():].strip() or None


TAGS_KEYWORD = module_patterns.compile(r"(?i)(?:TAGS?|TAGES|TAS|TABS|TGS)(?![A-Za-z])\s*[:,]?")
_TAG_ITEMS = module_patterns.compile(r"\(([^)]*)\)|([^\s,;()]+)")
_NOT_TAGS = frozenset({"SIPDIS", "NOFORN", "AND", "UNCLASSIFIED", "CONFIDENTIAL", "SECRET"})
# The page header of sections 2..n that old printouts splice into TAGS:
# "... EFIN, IT UNCLASSIFIED PAGE 02 ROME 01059 01 OF 04 281501Z ECON, IT"
_SPLICED_PAGE = module_patterns.compile(
    r"(?:\b(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)\s+)?\bPAGE\s+\d{2,3}\s+[A-Z][A-Z .]*?\s+\d{3,6}"
    r"(?:\s+\d{1,2}\s+OF\s+\d{1,2})?\s+\d{6}Z\b")


def _drop_spliced_pages(value: str) -> str:
    """``_SPLICED_PAGE.sub(" ", value)``, looked for only where it can be.

    The pattern opens with an optional word, so ``re`` tries it at every
    character of every subject and TAGS line (~1.7 µs a line); each match
    holds the literal ``PAGE``, which ``str`` finds at C speed
    (tests/test_fast_paths.py).
    """
    if "PAGE" not in value:
        return value
    return _SPLICED_PAGE.sub(" ", value)


@functools.cache
def _tag_repairs() -> dict[str, tuple[str, ...]]:
    """Run-together and misspelt TAGS (``ECONEFIN`` → ``ECON``, ``EFIN``), from
    the shipped ``tag-repairs.tsv`` (facts from heuer/cablemap)."""
    return {row["written"]: tuple(row["repaired"].split("|")) for row in data_rows("tag-repairs.tsv")}


@functools.cache
def _person_repairs() -> tuple[tuple[str, str], ...]:
    """Person tags written without parentheses (``RICE CONDOLEEZZA``)."""
    return tuple((w, r[0]) for w, r in _tag_repairs().items() if " " in w and len(r) == 1 and ", " in r[0])


def split_tags(value: str) -> tuple[str, ...]:
    """``PHUM PREL, KWMN CB`` → ``('PHUM', 'PREL', 'KWMN', 'CB')``.

    Person tags in parentheses stay whole (``CLINTON, HILLARY``); run-together
    tags are repaired from the shipped table; spliced page headers and
    SIPDIS are dropped; order is first-seen and repeats are dropped.
    """
    repairs = _tag_repairs()
    value = _drop_spliced_pages(value)
    upper = value.upper()
    for written, fixed in _person_repairs():
        if written in upper:  # "OVIP RICE CONDOLEEZZA" -> "OVIP (RICE, CONDOLEEZZA)"
            upper = re.sub(r"(?<![A-Z(,])" + re.escape(written) + r"(?![A-Z])", f"({fixed})", upper)
            value = upper
    seen: dict[str, None] = {}
    for person, word in _TAG_ITEMS.findall(value):
        tag = squeeze(person).upper() if person else word.strip(".").upper()
        if not tag or tag in _NOT_TAGS:
            continue
        for fixed in repairs.get(tag, (tag,)):
            seen.setdefault(fixed, None)
    return tuple(seen)


SUBJECT_KEYWORD = module_patterns.compile(r"(?i)(?:SUBJ(?:ECT)?|UBJECT)\s*:?")
_MARKING_RE = module_patterns.compile(r"^\((U|C|S|TS|SBU|[CSU]\s*/+\s*[A-Z]+(?:\s+[A-Z]+)*|SBU\s*/+\s*[A-Z]+)\)\s*")


def split_subject(value: str) -> tuple[str, str, str | None]:
    """Raw subject (marking kept), clean subject, marking."""
    raw = squeeze(_drop_spliced_pages(value.replace("\\\n", " ").replace("\\\r\n", " ")))
    raw = raw.rstrip("\\").strip()
    m = _MARKING_RE.match(raw)
    if m:
        return raw, raw[m.end():].strip(), squeeze(m.group(1)).upper()
    return raw, raw, None


CLASSIFIED_BY_KEYWORD = module_patterns.compile(r"(?i)(?:\((?:U|C|S|SBU)\)\s*)?CLAS+I?F?I?E?D\s*BY(?![A-Za-z])\s*:?")
_REASON_SPLIT = module_patterns.compile(r"(?i)[;,.]?\s*(?:\bfor\s+)?\b(?:reas\s?ons?|reason|resons?)\b\s*:?")
_SECTION_LETTERS = module_patterns.compile(
    r"(1\.[45])[.\s]*((?:\(?\s*[a-hA-H]\s*\)?(?![A-Za-z])(?:(?:\s*(?:,|/|&|\band\b|\bAND\b|\bor\b))*\s*)?)+)")
_LETTER = module_patterns.compile(r"(?<![A-Za-z])[a-hA-H](?![A-Za-z])")

# Words that make up titles and offices before a classifier's name:
# "Acting Deputy Chief of Mission Marc Wall", "AMBASSADOR DELANO E. LEWIS",
# "Pol/Econ Counselor Bill Mozdzierz", "Charge d'Affaires a.i. Leigh Carter".
_TITLE_WORDS = frozenset("""
acting deputy chief of mission p/e mincouns polmincouns econcouns polcounselor political economic econ pol pol/econ polecon counselor counsellor
section ambassador amb amb. charge charge' chargé d'affaires d’affaires affaires a.i. a.i cda dcm com
emin poloff polcouns polchief econoff minister consul general cg principal officer regional security rso
a/s assistant secretary director head office affairs attache attaché defense defence mincons ecmin
pmo the us u.s. embassy consulate interim deputy-chief pao public diplomacy management counselor,
senior advisor adviser special envoy coordinator legal labor labour military senior-advisor
""".split())


_OFFICE_WORD = module_patterns.compile(r"^(?:[A-Za-z]+/[A-Za-z/]+|[A-Za-z]*(?:Couns|COUNS|couns)[A-Za-z]*)$")


def _is_title_word(word: str) -> bool:
    key = word.replace("\u2019", "'").lower().strip(",:;.")
    return key in _TITLE_WORDS or bool(_OFFICE_WORD.match(word.strip(",:;.")))


def _split_title(who: str) -> tuple[str, str | None]:
    """``Acting DCM Marc Wall`` → ``('Marc Wall', 'Acting DCM')``.

    Leading title words (a fixed vocabulary), office symbols with a slash
    (``P/E``, ``ISN/MTR``) and ``...Couns`` abbreviations count as title.
    """
    words = CLASSIFIED_BY_KEYWORD.sub("", who, count=1).split() if CLASSIFIED_BY_KEYWORD.match(who) else who.split()
    cut = 0
    while cut < len(words) and _is_title_word(words[cut]):
        cut += 1
    title = " ".join(words[:cut]) or None
    return " ".join(words[cut:]), title


_INITIALS_AT_END = module_patterns.compile(r"(?:^|[\s.])[A-Za-z]\.[A-Za-z]\.$")  # "a.i."
_EO_AFTER_NAME = module_patterns.compile(r"\.?\s+E\.\s?O\.\s?\d")


def _trim_title(text: str) -> str:
    """Drop the sentence period after a title, but not the one that closes an
    abbreviation such as ``a.i.`` (``Charge d'Affaires a.i.``)."""
    text = text.rstrip(" ")
    if _INITIALS_AT_END.search(text):
        return text
    return text.rstrip(" .")


def split_classified_by(value: str) -> tuple[tuple[str, ...], str | None, tuple[str, ...]]:
    """Names, title/office and normalised reasons (``1.4(b)``) of Classified By.

    ``Political Counselor Andrew R. Young for reasons 1.4 (b) and (d)`` →
    ``(('Andrew R. Young',), 'Political Counselor', ('1.4(b)', '1.4(d)'))``;
    ``Chris Stevens, CDA, U.S. Embassy - Tripoli, Dept of State. REASON: 1.4 (b), (d)``
    → ``(('Chris Stevens',), 'CDA, U.S. Embassy - Tripoli, Dept of State', ...)``.
    """
    text = squeeze(value)
    parts = _REASON_SPLIT.split(text, maxsplit=1)
    who = _EO_AFTER_NAME.split(parts[0])[0].strip(" ;,")
    who = _trim_title(who).strip(" ;,")
    reason_text = parts[1] if len(parts) > 1 else text
    reasons: list[str] = []
    for m in _SECTION_LETTERS.finditer(reason_text):
        for letter in _LETTER.findall(m.group(2)):
            code = f"{m.group(1)}({letter.lower()})"
            if code not in reasons:
                reasons.append(code)
    after = None
    if "," in who:
        who, after = (p.strip() for p in who.split(",", 1))
    elif ";" in who:
        who, after = (p.strip() for p in who.split(";", 1))
    name, before = _split_title(who)
    titles = [t for t in (before, _trim_title(after) if after else None) if t]
    title = ", ".join(titles) or None
    return ((name,) if name else ()), title, tuple(reasons)
