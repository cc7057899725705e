"""The classification line and the captions under it.

    C O N F I D E N T I A L SECTION 01 OF 02 ASTANA 000280
    SIPDIS
    NOFORN

The line gives the level (spaced out or abbreviated), section numbering, and the station and
number from which the reference id is built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cable_core.conventions import caption_meanings


def _spaced(word: str) -> str:
    """`CONFIDENTIAL` also written `C O N F I D E N T I A L`."""
    return r"\s?".join(re.escape(ch) for ch in word)


_LEVELS = {
    "TOP SECRET": r"TOP\s+SECRET|T\s?O\s?P\s+S\s?E\s?C\s?R\s?E\s?T",
    "LIMITED OFFICIAL USE": r"LIMITED\s+OFFICIAL\s+USE",
    "CONFIDENTIAL": _spaced("CONFIDENTIAL"),
    "SECRET": _spaced("SECRET"),
    "UNCLASSIFIED": _spaced("UNCLASSIFIED") + "|" + _spaced("UNCLAS"),
}
_LEVEL = "|".join(f"(?:{p})" for p in _LEVELS.values())
_QUALIFIER = (r"E\s?F\s?T\s?O|SENSITIVE|NOFORN|SIPDIS|NODIS|EXDIS|LIMDIS|STADIS|FOR\s+OFFICIAL\s+USE\s+ONLY|"
              r"LIMITED\s+OFFICIAL\s+USE|PART\s+\d+\s+OF\s+\d+")
_CAPTION_RUN = r"(?:SIPDIS|NOFORN|SENSITIVE|NODIS|EXDIS|LIMDIS|STADIS)"
_CLASSIFICATION = (
    # a stray doubled first letter (`SS E C R E T`) is a common typing slip
    rf"^[\s\"',]*(?:(?P<stray>[CSU])(?=(?P=stray)))?(?P<level>{_LEVEL})(?P<qualifiers>(?:\s+(?:{_QUALIFIER}))*)"
    r"(?:\s+SECTION\s+(?P<section>\d{1,3})\s+OF\s+(?P<of>\d{1,3}))?"
    r"\s+(?P<station>[A-Z][A-Z'.-]*(?:\s[A-Z][A-Z'.-]*){0,4}?)\s+(?P<number>\d{1,7})"
    rf"(?P<captions>(?:\s*{_CAPTION_RUN})*)"
)
CLASSIFICATION_LINE = re.compile(_CLASSIFICATION + r"\s*$", re.I)
BARE_LEVEL = re.compile(rf"^\s*(?:{_LEVEL})\s*$", re.I)
"""A level alone on its line, its `SECTION 01 OF 02 BAKU 000687` on the next (some copies)."""
CLASSIFICATION_PREFIX = re.compile(_CLASSIFICATION + r"(?=\s|[A-Z])", re.I)
"""The classification line at the start of a header whose line breaks were lost."""
_QUALIFIER_WORD = re.compile(_QUALIFIER, re.I)
_CAPTION_PUNCTUATION = re.compile(r"[\s,/()-]")
_CAPTION_WORD = re.compile(r"[A-Z]{2,12}")
_CAPTION_EXTRA = {"BUT", "UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "ONLY", "FOR", "OFFICIAL", "USE", "DISTRIBUTE", "AS", "EYES", "CHANNEL", "HANDLE",
                  "SPECAT", "EXCLUSIVE", "DISSEM", "REL", "TO", "AND"}


@dataclass
class ClassificationLine:
    level: str
    station: str
    number: str
    section: int | None = None
    of: int | None = None
    qualifiers: list[str] = field(default_factory=list)
    raw: str = ""


def normalize_level(raw: str) -> str:
    """`C O N F I D E N T I A L` → CONFIDENTIAL, `UNCLAS` → UNCLASSIFIED."""
    squeezed = "".join(raw.split()).upper()
    for level in _LEVELS:
        if squeezed == level.replace(" ", ""):
            return level
    return "UNCLASSIFIED" if squeezed.startswith("UNCLAS") else squeezed


LEVEL_INITIALS = frozenset("CSUTLcsutl\"',")
"""What a classification line can start with: a cheap test before its pattern."""


def match_classification_line(line: str) -> ClassificationLine | None:
    if line.lstrip()[:1] not in LEVEL_INITIALS:
        return None
    match = CLASSIFICATION_LINE.match(line)
    if not match:
        return None
    found = match.group("qualifiers") + match.group("captions")
    qualifiers = ["".join(q.split()).upper() if q.upper().replace(" ", "") == "EFTO" else " ".join(q.split()).upper()
                  for q in _QUALIFIER_WORD.findall(found)]
    return ClassificationLine(
        level=normalize_level(match.group("level")),
        station=" ".join(match.group("station").upper().split()),
        number=match.group("number"),
        section=int(match.group("section")) if match.group("section") else None,
        of=int(match.group("of")) if match.group("of") else None,
        qualifiers=qualifiers,
        raw=line.strip(),
    )


def caption_line(line: str) -> list[str] | None:
    """The captions on a caption line (`NOFORN`, `SENSITIVE SIPDIS`), or None if it is not one."""
    if len(line) > 120 or line != line.upper():  # caption lines are short and upper case
        return None
    words = _CAPTION_WORD.findall(line)
    stripped = _CAPTION_PUNCTUATION.sub("", line)
    if not words or len("".join(words)) != len(stripped):
        return None
    known = caption_meanings()
    captions = [w for w in words if w in known]
    if not captions or any(w not in known and w not in _CAPTION_EXTRA for w in words):
        return None
    return captions


_LEADING_CAPTIONS = re.compile(rf"^\s*+((?:{_CAPTION_RUN}\s++)+)(?=\S)")
_TRAILING_CAPTIONS = re.compile(rf"(?<=\S)((?:\s++{_CAPTION_RUN})+)\s*$")


_INSTRUCTION_WORD = re.compile(r"\b(?:FOR|PASS)\b")


def split_caption_runs(line: str) -> tuple[list[str], str]:
    """Captions run together with passing instructions on one line (`SIPDIS NOFORN STATE FOR
    NEA/IR`, `USDA FOR FAS/OA SIPDIS SENSITIVE`): (the captions at either end, the rest). Prose
    such as `BUSINESS SENSITIVE` or `SENSITIVE BUT UNCLASSIFIED--PLEASE HANDLE` has no captions."""
    if not _INSTRUCTION_WORD.search(line):
        return [], line.strip()
    captions: list[str] = []
    if (lead := _LEADING_CAPTIONS.match(line)) is not None:
        captions += lead.group(1).split()
        line = line[lead.end():]
    if (trail := _TRAILING_CAPTIONS.search(line)) is not None:
        captions += trail.group(1).split()
        line = line[:trail.start()]
    return captions, line.strip()


# Before 2009 the publisher also labels a CONFIDENTIAL cable NOFORN when its only caveat is
# SENSITIVE (16 of 18 such cables of 2003-2008 in the development corpus; none of 19 from 2009-2010).
_SENSITIVE_MEANS_NOFORN_UNTIL = 2008


def classification_label(level: str | None, caveats: list[str], year: int | None = None) -> str | None:
    """The publisher's combined label (observed rule, see the corpus README): NOFORN on a
    CONFIDENTIAL or SECRET cable, SENSITIVE/SBU/FOUO on an UNCLASSIFIED one."""
    if level is None:
        return None
    if level in ("CONFIDENTIAL", "SECRET", "TOP SECRET") and "NOFORN" in caveats:
        return f"{level}//NOFORN"
    if (level == "CONFIDENTIAL" and "SENSITIVE" in caveats and year is not None
            and year <= _SENSITIVE_MEANS_NOFORN_UNTIL):
        return "CONFIDENTIAL//NOFORN"
    if level == "UNCLASSIFIED" and {"SENSITIVE", "SBU", "FOUO"} & set(caveats):
        return "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
    return level
