"""Header fields after the classification line: E.O./DECL, TAGS, SUBJECT, REF, Classified By.

One small function per field, each with its pattern beside it (after heuer/cablemap).
"""

from __future__ import annotations

import re
from datetime import date

from cable_core.conventions import reason_categories
from cable_core.header.origin import known_station
from cable_core.models import ClassifiedBy

# `E.O. 12958: DECL: 10/23/2015`, `E. O. 11652:  N/ A`, `EO 12958 DECL 1.6X1`
_EO_OPENING = r"E\.?\s?O\.?\s*(?P<order>\d{5})"
EXECUTIVE_ORDER = re.compile(rf"^\s*{_EO_OPENING}\s*:?\s*(?P<rest>.*?)\s*$", re.I)
_DECL_DATE = re.compile(r"(?P<a>\d{1,4})\s?[/.-]\s?(?P<b>\d{1,2})\s?[/.-]\s?(?P<c>\d{2,4})")
_TAGS_OPENING = r"(?:TAGS?|TAGE|TAS|TABS|TGS|AGS)\s*(?:[:;]\s*|\s+)"
TAGS_LINE = re.compile(rf"^\s*{_TAGS_OPENING}(?P<rest>.*?)\s*$", re.I)
_TAG = re.compile(r"\([^)]{0,60}\)|\(?[A-Z][A-Z0-9-]{1,9}\)?")
_SUBJECT_OPENING = r"SUBJ(?:ECT)?\s*:"
SUBJECT_LINE = re.compile(rf"^\s*{_SUBJECT_OPENING}\s*(?P<rest>.*?)\s*$", re.I)
_REF_OPENING = r"REF(?:TELS?|S|ERENCES?)?(?:\s+[A-Z])?\s*:"
REF_LINE = re.compile(rf"^\s*{_REF_OPENING}\s*(?P<rest>.*?)\s*$", re.I)
# `A. 04 BERLIN 988`; also glued (`01VATICAN 4258`, `00ACCRA7799`). `6 811 0045 05` is an
# intelligence report's number (`USDAO SOFIA 6 811 0045 05`) and `241348Z` a date-time group
# (`FBIS BANGKOK 241348Z APR 92`), not a cable's.
_REF_ITEM = re.compile(
    r"(?:(?<![A-Z0-9])(?P<year>\d{4}|\d{2})\s*|(?<![A-Z0-9/]))(?P<station>[A-Z][A-Z']*+(?:\s[A-Z][A-Z']*+){0,3})"
    r"\s*(?P<number>\d{1,7})(?!\d|Z\b|\s\d{3}\s+\d{4})(?P<date>[/.-]\d)?"
)
_NOT_STATIONS = {"PARA", "PARAS", "PARAGRAPH", "NO", "NUMBER", "SECTION", "PAGE", "PAGES", "OF", "AND",
                 "USC", "UNSCR", "RES", "RESOLUTION", "TEL", "TELCON", "FAX", "EMAIL", "MAIL", "MEMCON",
                 "ON", "DATED", "IN", "AT", "THE", "FY", "ARTICLE", "LAW", "EO", "DECL", "CFR", "PL",
                 "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R",
                 "S", "T", "U", "V", "W", "X", "Y", "Z", "PLUS", "NOTAL", "SEPTEL", "ALL", "TO", "FROM",
                 "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "SEPT", "OCT", "NOV", "DEC",
                 "JANUARY", "FEBRUARY", "MARCH", "APRIL", "JUNE", "JULY", "AUGUST", "SEPTEMBER", "OCTOBER",
                 "NOVEMBER", "DECEMBER",
                 # numbered documents that are not cables: intelligence reports, notes, manuals, e-mails
                 "IIR", "IIRG", "NOTE", "DIPNOTE", "DTG", "FAM", "FAH", "MEMO", "LETTER", "REPORT", "TODAY"}
_CLASSIFIED_BY_OPENING = r"(?:\(U\)\s*)?CLASSIFIED\s+BY"
CLASSIFIED_BY = re.compile(rf"^\s*{_CLASSIFIED_BY_OPENING}\s*:?\s*(?P<rest>.*?)\s*$", re.I)
_REASONS_WORD = re.compile(r"[;,.]?(?<!\s)\s*\bREASONS?\b\s*:?\s*|[;,]\s*(?=1\.[4-6])", re.I)
_REASON_SECTION = re.compile(r"\b1\s?\.\s?([4-6])")
_REASON_LETTERS = re.compile(r"\(\s*([a-hA-H](?:\s*[,/&]\s*[a-hA-H])*)\s*\)|(?<![A-Za-z])([a-hA-H])(?![A-Za-z])")
_TITLE_WORDS = {
    "ambassador", "charge", "chargé", "d'affaires", "dcm", "deputy", "chief", "of", "mission", "counselor",
    "political", "economic", "pol", "econ", "polecon", "officer", "consul", "general", "principal",
    "section", "head", "acting", "minister", "director", "assistant", "secretary", "affairs", "public",
    "management", "regional", "security", "military", "defense", "attache", "poloff", "econoff",
    "pol/econ", "a/dcm", "cg", "pao", "rso", "office", "for", "and", "the", "ait", "usnato", "usun",
    "ops", "center", "senior", "advisor", "adviser", "coordinator", "permanent", "representative",
    "ambassador-at-large", "under", "a/s", "das", "s/ct", "s/p", "spokesman", "team", "leader",
    "commercial", "consular", "labor", "environment", "science", "pol-mil", "polmil", "deputy,",
    "interim", "chief,", "a.i.", "a.i", "ai", "u.s.", "us", "embassy", "consulate", "usec", "usoas", "usmission",
}
_TRAILING_CONNECTOR = re.compile(r"(?<!\s)(?:\s+(?:for|under|per|based\s+on|due\s+to|e\.?o\.?|with))+\s*$", re.I)
_NAME_TOKEN = re.compile(r"^[A-Z][A-Za-z'.-]*$|^[A-Z]\.$")


def parse_executive_order(rest: str) -> tuple[date | None, str | None, str | None]:
    """(declassify-on date, other rule such as OADR/N/A/X1, the unreadable remainder if any)."""
    text = re.sub(r"^DECL\s*:?\s*", "", rest.strip(), flags=re.I).strip()
    match = _DECL_DATE.search(text)
    if match:
        parsed = _decl_date(match.group("a"), match.group("b"), match.group("c"))
        return (parsed, None, None) if parsed else (None, None, text)
    rule = re.sub(r"\s+", " ", text.replace("N/ A", "N/A")).strip(" .") or None
    return None, rule, None


def _decl_date(a: str, b: str, c: str) -> date | None:
    """`MM/DD/YYYY` mostly; `YYYY/MM/DD` and two-digit years occur."""
    try:
        if len(a) == 4:
            return date(int(a), int(b), int(c))
        year = int(c) + (2000 if len(c) == 2 and int(c) < 66 else 1900 if len(c) == 2 else 0)
        return date(year, int(a), int(b))
    except ValueError:
        return None


def parse_tags(text: str) -> list[str]:
    """TAG codes; personal tags such as `OVIP (KISSINGER, HENRY A.)` keep only the code."""
    tags: list[str] = []
    if text.islower():  # a cable copied in lower case; otherwise mixed-case words are free text
        text = text.upper()
    for token in _TAG.findall(text):
        if token.startswith("("):
            continue
        token = token.strip("()")
        if token not in tags:
            tags.append(token)
    return tags


def parse_subject(text: str) -> str:
    """The subject as written, its portion marking (`(C)`) kept: it is part of the line."""
    return " ".join(text.split()).strip()


def parse_references(text: str, cable_year: int | None) -> list[str]:
    """Reference ids of a REF block: `A. BERLIN 988` → `09BERLIN988` in a cable of 2009."""
    refs: list[str] = []
    for match in _REF_ITEM.finditer(text.upper()):
        station = _station_words(match.group("station"))
        if not station or (match.group("date") and len(match.group("number")) <= 2):
            continue  # `E-MAIL 2/23/04` is a date; `WARSAW 2016/2015` two cables
        year = match.group("year")
        if year is None:
            if cable_year is None:
                continue
            year = str(cable_year)
        ref = f"{year[-2:]}{station}{int(match.group('number'))}"
        if ref not in refs:
            refs.append(ref)
    return refs


def _station_words(words: str) -> str | None:
    """The station at the end of a word run (`AND LONDON` → `LONDON`, `TEL AVIV` stays)."""
    parts = words.split()
    for start in range(len(parts)):
        candidate = "".join(parts[start:])
        if known_station(candidate) and not (set(parts[start:]) & {"AND", "OF"} - {"PORT"}):
            return candidate
    # An unknown station keeps its words up to the nearest word that cannot be part of one
    # (`NEW YORK` → `NEWYORK`, `ADDIS ABAB` → `ADDISABAB`, `DIP NOTE` → none).
    start = len(parts)
    while start and parts[start - 1] not in _NOT_STATIONS:
        start -= 1
    candidate = "".join(parts[start:])
    return candidate if len(candidate) >= 3 else None


# The caption, or its "By", written again before the classifier ("Classified By: (U) CLASSIFIED BY
# EAP DAS DAVID B. SHEAR", "Classified By: By Charge d'Affaires Robert S. Ford").
_CAPTION_AGAIN = re.compile(r"^\s*(?:\(U\)\s*)?(?:CLASSIFIED\s+)?BY\b\s*:?\s*", re.I)


def parse_classified_by(text: str) -> ClassifiedBy:
    """`DCM Kevin Milas; Reasons 1.5(b) and (d).` → name, title, reasons. The caption written twice
    (`Classified By: (U) CLASSIFIED BY EAP DAS DAVID B. SHEAR`, the page's label before the cable's
    own line) is read once."""
    text = _CAPTION_AGAIN.sub("", text, count=1)
    parts = _REASONS_WORD.split(text, maxsplit=1)
    who = _TRAILING_CONNECTOR.sub("", parts[0].strip(" ;,.:"))
    reasons = parse_reasons(parts[1]) if len(parts) > 1 else parse_reasons(text)
    name, title = split_name_title(who)
    categories = reason_categories()
    return ClassifiedBy(
        name=name,
        title=title,
        reasons=reasons,
        reason_meanings=[categories.get(r[-2], "") for r in reasons],
        raw=text.strip(),
    )


def parse_reasons(text: str) -> list[str]:
    """`1.4 (b) and (d)`, `1.4(B/D)`, `1.5 b and d` → `["1.4(b)", "1.4(d)"]`."""
    section = _REASON_SECTION.search(text)
    if not section:
        return []
    tail = text[section.end():]
    letters: list[str] = []
    for group, single in _REASON_LETTERS.findall(tail):
        for letter in re.findall(r"[a-hA-H]", group or single):
            if letter.lower() not in letters:
                letters.append(letter.lower())
    return [f"1.{section.group(1)}({letter})" for letter in letters]


def split_name_title(who: str) -> tuple[str | None, str | None]:
    """`DCM Kevin Milas` → (Kevin Milas, DCM); `CATHERINE BROWN, DAS IPC` → (CATHERINE BROWN, DAS IPC)."""
    who = " ".join(who.split()).strip(" ;,.:")
    if not who:
        return None, None
    if "," in who:
        head, tail = (s.strip() for s in who.split(",", 1))
        if _looks_like_name(head):
            return head, tail or None
        if _looks_like_name(tail):
            return tail, head or None
    tokens = who.split()
    name_tokens: list[str] = []
    mixed_case = any(t[1:].islower() for t in tokens if len(t) > 1)
    for token in reversed(tokens):
        if token.lower() in _TITLE_WORDS or not _NAME_TOKEN.match(token) or len(name_tokens) == 4:
            break
        if mixed_case and len(token) > 1 and token.isupper() and not token.endswith("."):
            break  # `Econ MC Eric Schultz`: an abbreviation among mixed-case words is a title
        name_tokens.insert(0, token)
    if not name_tokens:
        return None, who
    title = " ".join(tokens[: len(tokens) - len(name_tokens)]) or None
    return " ".join(name_tokens), title


def _looks_like_name(text: str) -> bool:
    tokens = text.split()
    return 1 < len(tokens) <= 4 and all(_NAME_TOKEN.match(t) and t.lower() not in _TITLE_WORDS for t in tokens)


# Which of the fields above a line opens, in one match (the group named after the field): the
# openings of their patterns, whose tails match any line; the field's own pattern then reads it.
FIELD_OPENING = re.compile(
    rf"^\s*(?:(?P<eo>{_EO_OPENING})|(?P<tags>{_TAGS_OPENING})|(?P<subject>{_SUBJECT_OPENING})"
    rf"|(?P<ref>{_REF_OPENING})|(?P<classified_by>{_CLASSIFIED_BY_OPENING}))", re.I)
