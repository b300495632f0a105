"""A hand-written, line-by-line regex pass over a cable: the speed yardstick.

Why it exists: "how fast can pure Python possibly read these fields?" needs
an answer measured on the same texts in the same process, so that the
parser's speed is quoted as a ratio that survives a noisy machine.  This is
the fastest honest way to pull the same envelope and caption fields out of a
cable in Python: one pass over the lines, a cheap first-character test, and
one small anchored regex per line kind.  It makes no attempt at the
parser's robustness (no spans, no diagnostics, no repairs, no REF id
resolution); it only has to do the same amount of *reading*.

Fields extracted: transmission line, precedence and routing indicators, DE
line (station, sequence, section, filed), security line, DTG (precedence,
date-time group as a datetime), FM, TO and INFO recipients (route, name,
precedence, serial), classification line (classification, section of
sections, post, serial), caveats, E.O. (order, declassification date), TAGS,
SUBJECT (with wrapped lines), REF items (letter, text), Classified By (name,
reasons), numbered paragraphs (number, marking, text) and the signature.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

__all__ = ["extract"]

_MONTHS = {m: i for i, m in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1)}

_TRANSMISSION = re.compile(r"(?i)VZCZC[A-Z0-9]*")
_ROUTING = re.compile(r"([ZOPRY]{1,2})\s+((?:R[A-Z]{3,6}\b\s*)+)$")
_STATION = re.compile(r"DE\s+(R[A-Z]{3,6})\s*#\s*(\d+)(?:/(\d+))?(?:\s+(\d+))?")
_SECURITY = re.compile(r"ZN[RY]\s+[A-Z]{5}(?:\s+Z[A-Z]{2})*")
_DTG = re.compile(r"((?:[ZOPRY]\s+){0,2})(\d\d)(\d\d)(\d\d)Z\s+([A-Z]{3})\s+(\d\d(?:\d\d)?)\b")
_RECIPIENT = re.compile(
    r"(?:([RQ][A-Z0-9]{3,7})/)?(.*?)(?:\s+(NIACT IMMEDIATE|IMMEDIATE|PRIORITY|ROUTINE|FLASH))?(?:\s+(\d{3,}))?\s*$")
_CLASSIFICATION = re.compile(
    r"(UNCLAS(?:SIFIED)?|C ?O ?N ?F ?I ?D ?E ?N ?T ?I ?A ?L|S ?E ?C ?R ?E ?T|LIMITED OFFICIAL USE)\b"
    r"(?:\s+(?:E F T O|EFTO))?(?:\s+SECTION\s+(\d+)\s+OF\s+(\d+))?\s+(.*?)\s*(\d+)?\s*$")
_CAVEAT = re.compile(r"(?:SIPDIS|SENSITIVE|NOFORN|EXDIS|NODIS|LIMDIS|EFTO)(?:[\s,/]+(?:SIPDIS|SENSITIVE|NOFORN|EXDIS|NODIS|LIMDIS|EFTO))*\s*$")
_EO = re.compile(r"(?i)E\.?\s?O\.?\s*:?\s*(\d{3,5})\b\s*:?\s*(.*)")
_DECL = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4}|\d\d)\b")
_TAGS = re.compile(r"(?i)TAGS?\s*:?\s*(.*)")
_SUBJECT = re.compile(r"(?i)SUBJ(?:ECT)?\s*:?\s*(.*)")
_REF = re.compile(r"(?i)REF(?:S|TELS?)?\s*:?\s*(.*)")
_REF_ITEM = re.compile(r"\(?([A-Z])[.)]\s+(.*)")
_CLASSIFIED_BY = re.compile(r"(?i)CLASSIFIED\s+BY\s*:?\s*(.*)")
_REASONS = re.compile(r"1\.[45]\s*\(?\s*([a-hA-H])\s*\)?((?:\s*(?:,|and|&)?\s*\(?\s*[a-hA-H]\s*\)?)*)")
_PARA = re.compile(r"¶?\s*(\d{1,2})\.\s*(?:\(([A-Z/ ]{1,12})\)\s*)?(.*)")
_SIGNATURE = re.compile(r"[A-Z][A-Z'\-]+(?:\s*(?:/|,|AND)?\s*[A-Z][A-Z'\-]+){0,3}\s*$")
_SPACES = re.compile(r"\s+")

_CLASS_NAMES = {"UNCLAS": "UNCLASSIFIED", "UNCLASSIFIED": "UNCLASSIFIED"}


def _dtg(m: re.Match[str]) -> dt.datetime | None:
    day, hour, minute, month, year = m.group(2, 3, 4, 5, 6)
    y = int(year)
    if len(year) == 2:
        y += 1900 if y >= 66 else 2000
    try:
        return dt.datetime(y, _MONTHS.get(month, 0), int(day), int(hour), int(minute), tzinfo=dt.timezone.utc)
    except ValueError:
        return None


def _recipient(line: str) -> dict[str, Any]:
    m = _RECIPIENT.match(line)
    assert m is not None  # matches any line
    return {"route": m.group(1), "name": m.group(2), "precedence": m.group(3), "serial": m.group(4)}


def extract(text: str) -> dict[str, Any]:
    """The envelope, caption and paragraph fields of one cable text, as a dict."""
    out: dict[str, Any] = {
        "transmission_id": None, "precedence": None, "routing_indicators": [],
        "station": None, "sequence": None, "section": None, "filed": None, "security": None,
        "dtg_precedence": None, "dtg": None, "sender": None, "recipients": [], "info_recipients": [],
        "classification": None, "sections": None, "post": None, "serial": None, "caveats": [],
        "executive_order": None, "declassify_on": None, "tags": [], "subject": None,
        "references": [], "classified_by": None, "reasons": [], "paragraphs": [], "signers": [],
    }
    target: list[dict[str, Any]] | None = None  # TO / INFO list being read
    wrapping: str | None = None                 # a caption field whose next line continues it
    paragraph: list[str] | None = None
    last_line = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            target, wrapping = None, None
            if paragraph is not None:
                paragraph = None
            continue
        last_line = line
        first = line[0]
        if wrapping is not None:
            if wrapping == "subject":
                out["subject"] += " " + line
                continue
            if wrapping == "ref" and (m := _REF_ITEM.match(line)):
                out["references"].append({"letter": m.group(1), "text": m.group(2)})
                continue
            wrapping = None
        if paragraph is not None and not (first.isdigit() or first == "¶"):
            paragraph.append(line)
            continue
        if first.isdigit() or first == "¶":
            m = _PARA.match(line)
            if m:
                paragraph = [m.group(3)]
                out["paragraphs"].append({"number": int(m.group(1)), "marking": m.group(2), "text": paragraph})
                continue
            m = _DTG.match(line)
            if m:
                out["dtg_precedence"] = m.group(1).strip() or None
                out["dtg"] = _dtg(m)
            continue
        if target is not None and first in "RQ" and "/" in line[:9]:
            target.append(_recipient(line))
            continue
        if first == "V" and (m := _TRANSMISSION.match(line)):
            out["transmission_id"] = m.group(0)
        elif first == "D" and (m := _STATION.match(line)):
            out["station"], seq, sec, out["filed"] = m.groups()
            out["sequence"], out["section"] = int(seq), int(sec) if sec else None
        elif first == "Z" and (m := _SECURITY.match(line)):
            out["security"] = m.group(0)
        elif first in "ZOPRY" and (m := _DTG.match(line)):
            out["dtg_precedence"] = m.group(1).strip() or None
            out["dtg"] = _dtg(m)
        elif first in "ZOPRY" and out["precedence"] is None and (m := _ROUTING.match(line)):
            out["precedence"], out["routing_indicators"] = m.group(1), m.group(2).split()
        elif line.startswith("FM "):
            out["sender"] = _SPACES.sub(" ", line[3:]).strip()
        elif line.startswith("TO "):
            target = out["recipients"]
            target.append(_recipient(line[3:].strip()))
        elif line.startswith("INFO "):
            target = out["info_recipients"]
            target.append(_recipient(line[5:].strip()))
        elif out["classification"] is None and first in "UCSL" and (m := _CLASSIFICATION.match(line)):
            word = m.group(1).replace(" ", "")
            out["classification"] = _CLASS_NAMES.get(word, word)
            out["section"] = int(m.group(2)) if m.group(2) else out["section"]
            out["sections"] = int(m.group(3)) if m.group(3) else None
            out["post"], out["serial"] = m.group(4) or None, int(m.group(5)) if m.group(5) else None
        elif first in "SNEL" and _CAVEAT.match(line):
            for word in re.split(r"[\s,/]+", line):
                if word and word not in out["caveats"]:
                    out["caveats"].append(word)
        elif first in "Ee" and (m := _EO.match(line)):
            if out["executive_order"] is None:
                out["executive_order"] = m.group(1)
                d = _DECL.search(m.group(2))
                if d:
                    month, day, year = int(d.group(1)), int(d.group(2)), int(d.group(3))
                    year += 2000 if year < 100 else 0
                    try:
                        out["declassify_on"] = dt.date(year, month, day)
                    except ValueError:
                        pass
        elif first in "Tt" and (m := _TAGS.match(line)):
            if not out["tags"]:
                out["tags"] = [t for t in re.split(r"[\s,]+", m.group(1)) if t]
        elif first in "Ss" and (m := _SUBJECT.match(line)):
            if out["subject"] is None:
                out["subject"] = m.group(1)
                wrapping = "subject"
        elif first in "Rr" and (m := _REF.match(line)):
            item = _REF_ITEM.match(m.group(1))
            if item:
                out["references"].append({"letter": item.group(1), "text": item.group(2)})
            elif m.group(1):
                out["references"].append({"letter": None, "text": m.group(1)})
            wrapping = "ref"
        elif first in "Cc" and (m := _CLASSIFIED_BY.match(line)):
            if out["classified_by"] is None:
                value = m.group(1)
                out["classified_by"] = value.split(",")[0].strip()
                for r in _REASONS.finditer(value):
                    out["reasons"].append("1.4(" + r.group(1).lower() + ")")
    for para in out["paragraphs"]:
        para["text"] = " ".join(para["text"])
    if _SIGNATURE.match(last_line):
        out["signers"] = [s for s in re.split(r"\s*(?:/|,|AND)\s*", last_line) if s]
    return out
