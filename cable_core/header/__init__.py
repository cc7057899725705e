"""Header parsing: split a cable's text into routing header, header fields and body lines.

Each field has its own module (routing, classification, fields, origin); this module only walks
the lines in order and hands each to the field it belongs to.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from cable_core.header import fields as f
from cable_core.header.classification import (
    BARE_LEVEL,
    CLASSIFICATION_PREFIX,
    LEVEL_INITIALS,
    ClassificationLine,
    caption_line,
    match_classification_line,
    split_caption_runs,
)
from cable_core.header.routing import (
    DTG_LINE,
    FROM_LINE,
    TRANSMISSION_ID,
    dtg_datetime,
    parse_addressees,
)
from cable_core.models import Addressee, ClassifiedBy

_CAVEAT_QUALIFIERS = frozenset({"SENSITIVE", "NOFORN", "SIPDIS", "NODIS", "EXDIS", "LIMDIS", "STADIS", "EFTO", "FOUO"})
_CABLE_DATED = re.compile(r"^\s*(?:ID:\s?\d+\s+)?Cable dated:\s?(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)")
# First characters of the lines each pattern can match: a set test skips most lines cheaply.
_PARAGRAPH_INITIALS = frozenset("0123456789\u00b6")
_DTG_INITIALS = frozenset("ZOPR0123456789")
_ROUTING_INITIALS = _DTG_INITIALS | frozenset("VFCI")  # VZCZC…, FM, Cable dated / ID:
_DIGIT = re.compile(r"\d")
PARAGRAPH_START = re.compile(r"^\s*(?:\u00b6\s*)?\d{1,3}\s?[.)]\s")
# Lines whose first character may open PARAGRAPH_START (`\d` takes any script's digits), and those
# that may open a numbered paragraph of the body (ASCII digits, as _PARAGRAPH_INITIALS)
_MAY_START_PARAGRAPH = re.compile(r"\n[^\S\n]*[\d\u00b6]")
MAY_START_NUMBERED = re.compile(r"\n[^\S\n]*[0-9\u00b6]")
_SEARCH_LIMIT = 400  # the classification line sits near the top; never scan a whole 50 MB text


def lines_opening_with(lines: list[str], opening: re.Pattern[str]) -> Iterator[int]:
    """Indices of the lines whose start `opening` (a pattern that begins with the newline before a
    line) matches: one search over the joined lines in place of a test per line."""
    text = "\n" + "\n".join(lines)
    index, counted = -1, 0
    for match in opening.finditer(text):
        index += text.count("\n", counted, match.start() + 1)
        counted = match.start() + 1
        yield index


def first_paragraph(lines: list[str]) -> int:
    """The index of the first line after the first that opens a numbered paragraph, looked for in
    the first `_SEARCH_LIMIT` lines (their number when there is none)."""
    head = lines[:_SEARCH_LIMIT]
    candidates = lines_opening_with(head, _MAY_START_PARAGRAPH)
    return next((i for i in candidates if i and PARAGRAPH_START.match(head[i])), len(head))


@dataclass
class Header:
    transmission_id: str | None = None
    prosign: str | None = None
    dtg: str | None = None
    created: datetime | None = None
    stamped: datetime | None = None
    """The `Cable dated:` stamp some mirrors put above a cable that lost its routing header."""
    originator: str | None = None
    to: list[Addressee] = field(default_factory=list)
    info: list[Addressee] = field(default_factory=list)
    classification: ClassificationLine | None = None
    caveats: list[str] = field(default_factory=list)
    passing_instructions: list[str] = field(default_factory=list)
    executive_order: str | None = None
    declassify_on: date | None = None
    declassify_rule: str | None = None
    eo_raw: str | None = None
    tags: list[str] = field(default_factory=list)
    tags_raw: str | None = None
    subject: str | None = None
    subject_raw: str | None = None
    references_raw: str | None = None
    classified_by: ClassifiedBy | None = None
    body_start: int = 0
    warnings: list[str] = field(default_factory=list)


def find_classification_line(lines: list[str]) -> tuple[int, ClassificationLine] | None:
    """The classification line and its index: the first after the date-time group where there is
    one (a copy printed from an e-mail client can carry another classification line above the header)."""
    candidates: list[tuple[int, ClassificationLine]] = []
    dtg_index = None
    for index, line in enumerate(lines[:_SEARCH_LIMIT]):
        first = line.lstrip()[:1]
        if index > 0 and first in _PARAGRAPH_INITIALS and PARAGRAPH_START.match(line):
            break
        if dtg_index is None and first in _DTG_INITIALS and "Z" in line and DTG_LINE.match(line):
            dtg_index = index
        elif first in LEVEL_INITIALS and len(line) < 120 and _DIGIT.search(line) and (
                found := match_classification_line(line)):
            candidates.append((index, found))
    after = [c for c in candidates if dtg_index is not None and c[0] > dtg_index]
    return (after or candidates or [None])[0]


def parse_routing(lines: list[str], header: Header) -> None:
    from_index = None
    for index, line in enumerate(lines):
        first = line.lstrip()[:1]
        if first not in _ROUTING_INITIALS:
            continue
        # each `in` test is a literal its pattern needs: far cheaper than a failed match
        if header.transmission_id is None and (match := TRANSMISSION_ID.match(line)):
            header.transmission_id = match.group(1)
        elif header.dtg is None and "Z" in line and (match := DTG_LINE.match(line)):
            header.prosign = " ".join((match.group("prosign") or "").split()) or None
            header.dtg = match.group(0).strip()
            header.created = dtg_datetime(match)
            if header.created is None:
                header.warnings.append(f"unreadable date-time group {header.dtg!r}")
        elif header.stamped is None and "Cable dated:" in line and (match := _CABLE_DATED.match(line)):
            header.stamped = datetime(*(int(g) for g in match.groups()), tzinfo=timezone.utc)
        elif header.originator is None and "FM" in line and (match := FROM_LINE.match(line)):
            header.originator = " ".join(match.group("plad").split())
            from_index = index
    if from_index is not None:
        header.to, header.info = parse_addressees(lines[from_index + 1 :])


def _continuation(lines: list[str], start: int, stop_at_captions: bool = False) -> tuple[list[str], int]:
    """Lines from `start` up to the next blank line or field line (or caption line, for passing
    instructions, which captions may follow without a blank line); returns them and the next index."""
    taken: list[str] = []
    index = start
    while index < len(lines):
        line = lines[index]
        if not line.strip() or _field_kind(line) or PARAGRAPH_START.match(line):
            break
        if stop_at_captions and caption_line(line) is not None:
            break
        taken.append(line.strip())
        index += 1
    return taken, index


_FIELD_INITIALS = frozenset("EeTtAaSsRrCc(")  # E.O., TAGS/TAS/AGS, SUBJECT, REF, Classified By, (U) Classified


def _add_caveats(header: Header, captions: list[str]) -> None:
    """Captions not yet among the caveats, once each (the test sees the list as it grows)."""
    header.caveats.extend(c for c in captions if c not in header.caveats)


def _field_kind(line: str) -> str | None:
    if line.lstrip()[:1] not in _FIELD_INITIALS:
        return None
    match = f.FIELD_OPENING.match(line)
    return match.lastgroup if match else None


_REF_ITEM_START = re.compile(r"^\s*(?:\(?[A-Z]\)|[A-Z][.)]|\d{2,4}\s+[A-Z]|[A-Z]{3,}\s+\d)")


def _reference_block(lines: list[str], start: int, first: str) -> tuple[str, int]:
    """A REF block runs over its items, which blank lines may separate."""
    taken = [first]
    index = start
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            nxt = next((lines[j] for j in range(index + 1, min(index + 3, len(lines))) if lines[j].strip()), "")
            if not _REF_ITEM_START.match(nxt) or _field_kind(nxt) or PARAGRAPH_START.match(nxt):
                break
            index += 1
            continue
        if _field_kind(line) or PARAGRAPH_START.match(line):
            break
        taken.append(line.strip())
        index += 1
    return " ".join(taken), index


def parse_fields(lines: list[str], start: int, header: Header, has_classification_line: bool) -> None:
    index = start
    seen_subject = False
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1
            continue
        kind = _field_kind(line)
        if kind is None and _is_page_furniture(line):
            index += 1
        elif kind == "eo":
            match = f.EXECUTIVE_ORDER.match(line)
            header.executive_order = match.group("order")
            header.eo_raw = line.strip()
            header.declassify_on, header.declassify_rule, bad = f.parse_executive_order(match.group("rest"))
            if bad:
                header.warnings.append(f"unreadable declassification date {bad!r}")
            index += 1
        elif kind == "tags":
            more, index = _continuation(lines, index + 1)
            raw = " ".join([f.TAGS_LINE.match(line).group("rest"), *more])
            header.tags_raw = raw
            header.tags = f.parse_tags(raw)
        elif kind == "subject":
            more, index = _continuation(lines, index + 1)
            raw = " ".join([f.SUBJECT_LINE.match(line).group("rest"), *more])
            header.subject_raw = raw
            header.subject = f.parse_subject(raw)
            seen_subject = True
        elif kind == "ref":
            block, index = _reference_block(lines, index + 1, f.REF_LINE.match(line).group("rest"))
            # `Reftel A: ...` / `Reftel B: ...`: one REF line per reference
            header.references_raw = f"{header.references_raw} {block}" if header.references_raw else block
        elif kind == "classified_by":
            more, index = _continuation(lines, index + 1)
            header.classified_by = f.parse_classified_by(" ".join([f.CLASSIFIED_BY.match(line).group("rest"), *more]))
        elif (captions := caption_line(line)) is not None:
            _add_caveats(header, captions)
            index += 1
        elif not seen_subject and has_classification_line and not PARAGRAPH_START.match(line) and len(line) < 400:
            more, index = _continuation(lines, index + 1, stop_at_captions=True)
            captions, instructions = split_caption_runs(" ".join([line.strip(), *more]))
            _add_caveats(header, captions)
            if instructions:
                header.passing_instructions.append(instructions)
        else:
            break
    header.body_start = index


_PAGE_FURNITURE = re.compile(
    r"^\s*(?:PAGE\s+\d{2,3}\s+[A-Z].*\d|UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE|"
    r"C O N F I D E N T I A L|S E C R E T)\s*$")


_PAGE_FURNITURE_INITIALS = frozenset("PUCSL")


def _is_page_furniture(line: str) -> bool:
    """Page headers of printed copies (`PAGE 02 ZAGREB 00284 01 OF 05 060851Z`, a lone banner);
    the first character rules out most lines before the pattern is tried."""
    return line.lstrip()[:1] in _PAGE_FURNITURE_INITIALS and _PAGE_FURNITURE.match(line) is not None


# A field name (`TAGS:`, `Classified By:`, ...). Each branch opens with a literal letter (the
# spellings of Classified are branches, not a `[Cc]` class) so that the regex engine skips ahead
# to the letters that can start one instead of trying every position of every header line.
_SECTION_START = re.compile(r"^\s*+SECTION\s++\d{1,3}\s++OF\s++\d{1,3}\s++[A-Z]")
_FIELD_NAME = re.compile(
    r"(?:E\.\s?O\.\s?\d{5}|TAGS|SUBJECT|REF|Classified\s+[Bb]y|classified\s+[Bb]y|CLASSIFIED\s+BY)\s*:")


def split_collapsed_header(lines: list[str]) -> list[str]:
    """Copies whose header lost its line breaks run E.O., TAGS, SUBJECT, REF and Classified By
    together on one line, or onto the line before (`TAGS: PGOV BR TIP SUBJECT: ...`,
    `S E C R E T CAIRO 000549E.O. 12958: ...`): give each its own line again."""
    end = first_paragraph(lines)
    if _has_no_collapsed_field(lines[:end]):
        return lines
    out: list[str] = []
    for line in lines[:end]:
        if out and _SECTION_START.match(line) and BARE_LEVEL.match(out[-1]):
            line = f"{out.pop().strip()} {line.strip()}"  # `C O N F I D E N T I A L` / `SECTION 01 OF 02 BAKU 000687`
        if ":" in line and _FIELD_NAME.search(line):  # `in` is a fast test that rules out most lines
            if prefix := CLASSIFICATION_PREFIX.match(line):
                out.append(prefix.group(0))
                line = line[prefix.end():]
            out.extend(_split_before_field_names(line))
        else:
            out.append(line)
    return out + lines[end:]


def _has_no_collapsed_field(lines: list[str]) -> bool:
    """True when every field name opens its line (where the classification line cannot start) and
    no line starts with SECTION: the lines need no change, which holds for most cables. (No field
    name can start inside another, so a name found after a line's first character is a second one
    or one after other text.)"""
    return not any(":" in line and _FIELD_NAME.search(line, 1) or "SECTION" in line and _SECTION_START.match(line)
                   for line in lines)


def _split_before_field_names(line: str) -> list[str]:
    """The line cut before each field name, the spaces before the name dropped (a line that
    starts with its only field name stays as it is: no blank line is made before it)."""
    pieces: list[str] = []
    start = 0
    for match in _FIELD_NAME.finditer(line):
        if piece := line[start : len(line[: match.start()].rstrip())]:
            pieces.append(piece)
        start = match.start()
    pieces.append(line[start:])
    return pieces


def parse_header(lines: list[str]) -> Header:
    header = Header()
    found = find_classification_line(lines)
    routing_end = found[0] if found else _routing_end(lines)
    parse_routing(lines[:routing_end], header)
    if found:
        class_index, header.classification = found
        for qualifier in header.classification.qualifiers:
            caveat = "FOUO" if qualifier == "FOR OFFICIAL USE ONLY" else qualifier
            if caveat in _CAVEAT_QUALIFIERS and caveat not in header.caveats:
                header.caveats.append(caveat)
        parse_fields(lines, class_index + 1, header, True)
    else:
        parse_fields(lines, routing_end, header, False)
    return header


def _routing_end(lines: list[str]) -> int:
    """Without a classification line, the routing header (if any) ends at its last known line."""
    end = 0
    for index, line in enumerate(lines[:60]):
        if TRANSMISSION_ID.match(line) or DTG_LINE.match(line) or FROM_LINE.match(line):
            end = index + 1
        elif end and re.match(r"^\s*(?:TO|INFO)\s|^\s*[A-Z]{5,8}/", line):
            end = index + 1
    return end
