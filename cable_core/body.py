"""The body: numbered paragraphs with their markings, headings between them, page breaks,
the author's summary, comments and notes, and the signer.

Copies of cables are messy: `¶5.` can read `15.` (the sign lost), a line of wrapped text can
start with `2007.`, a page break such as `ASTANA 00000280 002 OF 002` can sit mid-paragraph and
a blank line can split a sentence. Paragraph starts are therefore accepted by their sequence.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from string import ascii_lowercase

from cable_core.casefold import fold_case
from cable_core.header import MAY_START_NUMBERED, lines_opening_with
from cable_core.header.classification import match_classification_line
from cable_core.models import Heading, PageBreak, Paragraph

_MARK = (r"(?:TS|S|C|U|SBU|LOU|FOUO|CUI)(?:\s?(?:/{1,2}|-|\s)\s?"
         r"(?:NF|NOFORN|N|REL(?:\s?TO)?(?:\s?[A-Z]{2,5},?){0,6}|FOUO|SBU|ORCON|OC|PROPIN)){0,3}")
PARAGRAPH = re.compile(
    r"^\s*(?P<sign>\u00b6\s*)?(?P<number>\d{1,3})\s?(?P<delimiter>[.)])(?=\s|\(|$)\s*(?:\(\s?(?P<marking>" + _MARK + r")\s?\))?\s*"
)
PAGE_BREAK = re.compile(r"^\s*(?P<station>[A-Z][A-Z .'-]{1,40}?)\s+\d{5,8}\s+(?P<page>\d{3})\s+OF\s+(?P<of>\d{3})\s*$")
PLUSD_PAGE = re.compile(r"^\s*PAGE\s+(?P<page>\d{2,3})\s+[A-Z][A-Z ]{1,40}\s+\d{4,7}\s*$")
_TRAILER = re.compile(r"^\s*(?:NNNN?|BT|NMAFVVZCZ|\*{3}.*\*{3}.*|#+)\s*$")
_BANNER = re.compile(r"^\s*(?:UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE|C O N F I D E N T I A L|"
                     r"S E C R E T|TOP SECRET)\s*$")
_FURNITURE = re.compile(_TRAILER.pattern + "|" + _BANNER.pattern)
_DASHES = re.compile(r"^\s*[-=_*]{3}[-=_*\s]*$")
_SIGNER = re.compile(r"^\s*(?P<name>[A-Z][A-Za-z'-]+(?:\.?\s{1,3}[A-Z][A-Za-z'-]+){0,3}\.?)\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:--|-\s|\*|\u2022|\(?[a-zA-Z]\)|[a-zA-Z]\.\s|\(?\d{1,2}\)|\d{1,2}[a-z]?\.\s)")
_OWN_LINE = re.compile(_LIST_ITEM.pattern + "|" + _DASHES.pattern)
_END_OF_SENTENCE = re.compile(r"[.!?:;\"')\]]\s*$")


@dataclass
class Body:
    paragraphs: list[Paragraph] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    page_breaks: list[PageBreak] = field(default_factory=list)
    preamble: str = ""
    signed_by: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def strip_page_breaks(lines: list[str], body: Body) -> list[str]:
    """Remove page breaks (recorded), trailers (`NNNN`, `BT`) and lone banner lines."""
    kept: list[str] = []
    for line in lines:
        if not line.rstrip()[-1:].isdigit():
            if line.lstrip()[:1] not in _FURNITURE_INITIALS or not _is_furniture(line):
                kept.append(line)
            continue
        match = PAGE_BREAK.match(line) or PLUSD_PAGE.match(line)
        if match:
            page = int(match.group("page"))
            of = int(match.groupdict().get("of") or page)
            body.page_breaks.append(PageBreak(text=line.strip(), page=page, of=of))
        elif len(line) < 120 and match_classification_line(line):
            body.page_breaks.append(PageBreak(text=line.strip(), page=0, of=0))
        elif not _FURNITURE.match(line):
            kept.append(line)
    return kept


_FURNITURE_INITIALS = frozenset("NB*#UCSLT")  # what trailers and banners start with


def _is_furniture(line: str) -> bool:
    """A trailer or lone banner: short and upper case (the caller tests its first character,
    which rules out most lines at the cost of no function call)."""
    return len(line) <= 80 and line == line.upper() and _FURNITURE.match(line) is not None


def _expected_number(number: int, expected: int, has_sign: bool) -> tuple[int | None, str | None]:
    """The paragraph number this candidate stands for, or None when it is not a paragraph start."""
    if number == expected:
        return number, None
    if not has_sign and str(number) == f"1{expected}":
        return expected, f"paragraph {expected} written as {number} (its \u00b6 sign lost)"
    return None, None


def _list_item_of_another_style(candidate: re.Match[str], first: re.Match[str]) -> bool:
    """`3) 11/25 Bananero Bloc` in a cable whose paragraphs are `1.`, `2.`: an item of a list
    inside a paragraph (a portion marking still makes it a paragraph)."""
    return candidate.group("delimiter") != first.group("delimiter") and not candidate.group("marking")


def find_paragraph_starts(lines: list[str], body: Body) -> list[tuple[int, int, re.Match[str]]]:
    """(line index, number, match) of each accepted paragraph start."""
    starts: list[tuple[int, int, re.Match[str]]] = []
    expected = 1
    for index in lines_opening_with(lines, MAY_START_NUMBERED):
        match = PARAGRAPH.match(lines[index])
        if not match:
            continue
        if starts and _list_item_of_another_style(match, starts[0][2]):
            continue
        number = int(match.group("number"))
        accepted, note = _expected_number(number, expected, bool(match.group("sign")))
        after_break = index == 0 or not lines[index - 1].strip()
        if accepted is None and expected < number <= expected + 3 and (match.group("marking") or after_break):
            accepted = number
            note = f"paragraph numbers jump from {expected - 1} to {number}"
        if accepted is None and not starts and 1 < number <= 3 and match.group("marking"):
            accepted, note = number, f"paragraphs start at {number}"
        if accepted is None:
            continue
        if note:
            body.warnings.append(note)
        starts.append((index, accepted, match))
        expected = accepted + 1
    return starts


def blocks_of(lines: list[str]) -> list[list[str]]:
    """The runs of non-blank lines."""
    blocks: list[list[str]] = []
    block: list[str] = []
    for line in lines:
        if line.strip():
            block.append(line)
        elif block:
            blocks.append(block)
            block = []
    if block:
        blocks.append(block)
    return blocks


def unwrap(block: list[str]) -> str:
    """Hard-wrapped lines back into running text; list items keep their own lines."""
    texts = [line.strip() for line in block]
    if not _MAY_START_OWN_LINE.search("\n".join(block)):  # one search instead of a test per line
        return " ".join(texts)
    return texts[0] + "".join(("\n" if _OWN_LINE.match(line) else " ") + text
                              for line, text in zip(block[1:], texts[1:]))


# A line after the first that may start its own line (a list item or a rule starts with a mark, a
# digit, or a letter followed by `.` or `)`): none in most blocks, whose lines are then joined.
_MAY_START_OWN_LINE = re.compile(r"\n[^\S\n]*(?:[-*\u2022(=_\d]|[a-zA-Z][.)])")


def heading_text(block: list[str]) -> str | None:
    """A block that is a section heading: one short line (dashes around it allowed)."""
    if len(block) > 3:
        return None
    core = [l for l in block if not _is_rule(l)]
    if len(core) != 1:
        return None
    text = core[0].strip()
    if len(text) > 90 or len(text) < 3 or PARAGRAPH.match(text) or text[0].islower():
        return None
    if text[-1] in ".,;" and not _SUMMARY_OR_COMMENT.fullmatch(text):
        return None
    words = _WORD.findall(text)
    capitalised = sum(1 for w in words if w[0].isupper() or w.lower() in _SMALL_WORDS)
    return text if words and capitalised >= 0.7 * len(words) else None


def _is_rule(line: str) -> bool:
    """A line of dashes (`-----`, `=====`); its first character rules out most lines cheaply."""
    return line.lstrip()[:1] in _RULE_INITIALS and _DASHES.match(line) is not None


_RULE_INITIALS = frozenset("-=_*")
_SUMMARY_OR_COMMENT = re.compile(r"(?:END )?(?:SUMMARY|COMMENT)\.?", re.I)
_WORD = re.compile(r"[A-Za-z][\w'-]*")
_SMALL_WORDS = {"a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "but", "than", "with", "by",
                "at", "from", "as", "is", "not", "no", "vs", "vs.", "over", "into", "its", "be"}


def join_blocks(blocks: list[list[str]]) -> str:
    """One paragraph's blocks: a blank line that splits a sentence joins it again."""
    pieces: list[str] = []
    previous = ""
    for block in blocks:
        part = unwrap(block)
        if pieces:
            mid_sentence = not _END_OF_SENTENCE.search(previous[-8:]) and part[:1].islower()
            pieces.append(" " if mid_sentence else "\n\n")
        pieces.append(part)
        previous = part
    return "".join(pieces)


def take_signer(blocks: list[list[str]], body: Body) -> None:
    """The signer closes the text on a short line of its own: `ORDWAY`, `Paal`, `FORDEN.  PAAL`
    (drafter and chief of mission); a name may also end the last block after a full stop."""
    signers: list[str] = []
    for _ in range(2):
        if not blocks:
            break
        last = blocks[-1][-1]
        after_sentence = len(blocks[-1]) == 1 or bool(_END_OF_SENTENCE.search(blocks[-1][-2]))
        if not (_SIGNER.match(last) and after_sentence) or _BANNER.match(last):
            break
        signers = [n for n in re.split(r"\.\s+|\.$", last.strip()) if n] + signers
        blocks[-1].pop()
        if not blocks[-1]:
            blocks.pop()
    body.signed_by = list(dict.fromkeys(" ".join(n.split()) for n in signers))


def parse_body(lines: list[str]) -> Body:
    body = Body()
    lines = strip_page_breaks(lines, body)
    starts = find_paragraph_starts(lines, body)
    if not starts:
        _unnumbered(lines, body)
        return body
    preamble_blocks = blocks_of(lines[: starts[0][0]])
    _split_headings(preamble_blocks, body, before=0, preamble=True)
    for position, (index, number, match) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(lines)
        region = [lines[index][match.end():], *lines[index + 1 : end]]
        blocks = blocks_of(region)
        if position + 1 == len(starts):
            take_signer(blocks, body)
        else:
            _pop_trailing_headings(blocks, body, before=position + 1)
        body.paragraphs.append(Paragraph(number=number, marking=_marking(match.group("marking")),
                                         text=join_blocks(blocks)))
    body.headings.sort(key=lambda h: h.before)
    return body


def _marking(raw: str | None) -> str | None:
    """The portion marking in one spelling: `(S//NF)`, `(S/NOFORN)` and `(S - NF)` are all `S/NF`,
    the form Cablegate's texts use most, so that counts of markings do not split one marking."""
    if not raw:
        return None
    marking = "".join(raw.split()).upper().replace("//", "/").replace("NOFORN", "NF")
    level, dash, rest = marking.partition("-")
    return f"{level}/{rest}" if dash and level in _LEVELS_BEFORE_DASH else marking


_LEVELS_BEFORE_DASH = frozenset({"TS", "SBU", "LOU", "S", "C", "U"})  # `S-NF` is `S/NF`


def _pop_trailing_headings(blocks: list[list[str]], body: Body, before: int) -> None:
    found: list[Heading] = []
    while len(blocks) > 1 and (text := heading_text(blocks[-1])):
        found.insert(0, Heading(text=text, before=before))
        blocks.pop()
    body.headings.extend(found)


def _split_headings(blocks: list[list[str]], body: Body, before: int, preamble: bool) -> None:
    rest: list[str] = []
    for block in blocks:
        text = heading_text(block)
        if text:
            body.headings.append(Heading(text=text, before=before))
        else:
            rest.append(unwrap(block))
    if preamble:
        body.preamble = "\n\n".join(rest)


def _unnumbered(lines: list[str], body: Body) -> None:
    """A cable without paragraph numbers is split at blank lines."""
    blocks = blocks_of(lines)
    take_signer(blocks, body)
    for block in blocks:
        text = heading_text(block)
        if text:
            body.headings.append(Heading(text=text, before=len(body.paragraphs)))
        elif not all(_is_rule(l) for l in block):
            body.paragraphs.append(Paragraph(number=None, marking=_leading_marking(block[0]), text=unwrap(block)))


_LEADING_MARK = re.compile(r"^\s*\(\s?(" + _MARK + r")\s?\)")


def _leading_marking(line: str) -> str | None:
    match = _LEADING_MARK.match(line)
    return _marking(match.group(1)) if match else None


# The author's summary, comments and notes: start and end markers paired in one linear pass,
# so that a text full of "COMMENT:" without ends cannot make the search quadratic. The markers
# are matched on the lower-cased text (much faster than re.IGNORECASE) at the same offsets, and
# each pattern opens with its literal word so that the regex engine can skip ahead to it.
_SUMMARY_START = re.compile(r"summary(?<![a-z0-9]summary)(?:\s+and\s+comment)?\s*(?:[:.]|--|-)\s*")
_BEGIN = re.compile(r"(?:begin\s+)?")
_SUMMARY_END = re.compile(r"end(?<![a-z0-9]end)\s+(?:of\s+)?summary(?:\s+and\s+comment)?\b\.?\)?")
_COMMENT_START = re.compile(r"comment(?<![a-z0-9]comment)\s*(?::|--|\.)\s*")
_COMMENT_END = re.compile(r"end(?<![a-z0-9]end)\s+(?:of\s+)?comment\b\.?")
_NOTE_START = re.compile(r"note(?<![a-z0-9]note)\s*:\s*")
_NOTE_END = re.compile(r"end(?<![a-z0-9]end)\s+note\b\.?\)?")


def paired_spans(text: str, start: re.Pattern[str], end: re.Pattern[str], folded: str | None = None) -> list[str]:
    """The texts between each start marker and the next end marker; `folded` is `fold_case(text)`
    where the caller has it already. The end markers are only looked for after a start marker."""
    folded = fold_case(text) if folded is None else folded
    first = _first_marker(folded, start)
    if first is None or "end" not in folded:
        return []
    ends = [(m.start(), m.end()) for m in end.finditer(folded, first.end())]
    end_starts = [e[0] for e in ends]
    spans: list[str] = []
    position = 0
    for match in start.finditer(folded, first.start()):
        if match.start() < position:
            continue
        k = bisect.bisect_left(end_starts, match.end())
        if k == len(ends):
            break
        spans.append(" ".join(text[match.end() : ends[k][0]].split()))
        position = ends[k][1]
    return [s for s in spans if s]


def _first_marker(folded: str, start: re.Pattern[str]) -> re.Match[str] | None:
    """`start.search(folded)`, tried only where the pattern's opening word occurs: `str.find`
    skips ahead to the word several times faster than the regex engine's scan."""
    word = start.pattern[: len(start.pattern) - len(start.pattern.lstrip(ascii_lowercase))]
    position = folded.find(word)
    while position >= 0:
        if match := start.match(folded, position):
            return match
        position = folded.find(word, position + 1)
    return None


def author_summary(paragraphs: list[Paragraph], headings: list[Heading], preamble: str) -> str | None:
    text = "\n\n".join([preamble, *(p.text for p in paragraphs[:6])])
    spans = paired_spans(text, _SUMMARY_START, _SUMMARY_END)
    if spans:
        return spans[0]
    if paragraphs:
        opening = paragraphs[0].text.lstrip()
        folded = fold_case(opening)
        skip = len(_BEGIN.match(folded).group(0))
        first = _SUMMARY_START.match(folded, skip)
        if first:
            return " ".join(opening[first.end():].split()) or None
        if any(h.before == 0 and re.fullmatch(r"\W*summary\W*", h.text, re.I) for h in headings):
            return " ".join(paragraphs[0].text.split())
    return None


def comments_and_notes(paragraphs: list[Paragraph]) -> tuple[list[str], list[str]]:
    text = "\n\n".join(p.text for p in paragraphs)
    folded = fold_case(text)
    return (paired_spans(text, _COMMENT_START, _COMMENT_END, folded),
            paired_spans(text, _NOTE_START, _NOTE_END, folded))
