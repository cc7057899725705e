"""The parser's fast paths give the same answers as the plain rules they stand in for.

Cheap tests run before the patterns (a first character, one character searched for instead of a
pair) and the pieces a collapsed header is cut into are checked here against the slow forms, on
real excerpts of the development corpus."""

from __future__ import annotations

import lzma
import re
from pathlib import Path

import pytest

from cable_core.body import (Body, _marking, comments_and_notes, find_paragraph_starts, paired_spans,
                             strip_page_breaks, unwrap, _NOTE_END, _NOTE_START)
from cable_core.formats import cables_csv, read_bytes
from cable_core.formats.binary import binary_kind
from cable_core.formats.text import normalize_text
from cable_core.header import _FIELD_NAME, _field_kind, _split_before_field_names, split_collapsed_header
from cable_core.header import fields
from cable_core.models import Paragraph, ParseFailure

# Header lines whose line breaks were lost, as the development corpus has them.
COLLAPSED_LINES = [
    ("02VATICAN3692", "E.O. 12958: DECL: 07/25/2012 TAGS: PREL PGOV PHUM KIRF RS IN IS UP VT"),
    ("03BRASILIA3122", "SUBJECT: NEW DECREE TO FACILITATE IMPORTATION OF COPIED DRUGS THROUGH COMPULSORY "
                       "LICENSING REF: SAO PAULO 1467 "),
    ("04BRASILIA1503", "REF: A. BEIJING 9600 B. BEIJING 9152 Classified By: SCI/C Daniel Rubinstein. Reasons 1.4 (b,d). "),
    ("05BRASILIA1471", "SIPDIS E.O. 12958: DECL: 05/31/2015 "),
    ("05BRASILIA2692", "TIP SUBJECT: BRAZIL'S LANDLESS MOVEMENT INVADES AMERICAN-OWNED FARM "),
    ("05BRASILIA3150", "REF: BRASILIA 03103 AND PREVIOUS Classified By: Classified By: POLITICAL COUNSELOR "
                       "DENNIS HEARNE. REASON S: 1.4 (B) (D). "),
    ("05BRASILIA437", "CA/OCS/ACS, WHA/BSC E.O. 12958: N/A "),
    ("made up", "  \tTAGS :PREL\tSUBJECT:X classified by: Y"),
]


@pytest.mark.parametrize("cable,line", COLLAPSED_LINES)
def test_split_before_field_names_is_the_split_at_spaces_before_each_name(cable, line) -> None:
    """The same pieces as a regex split at the spaces before each name, without its empty pieces
    (a blank line made before a field would end the block above it)."""
    spaces_before_a_name = re.compile(r"(?<!\s)\s*(?=" + _FIELD_NAME.pattern + ")")
    assert _split_before_field_names(line) == [piece for piece in spaces_before_a_name.split(line) if piece]


def test_collapsed_header_gets_one_field_a_line() -> None:
    lines = ["C O N F I D E N T I A L BRASILIA 002798", COLLAPSED_LINES[1][1], "", "1. (C) Summary."]
    assert [l.strip() for l in split_collapsed_header(lines) if l.strip()] == [
        "C O N F I D E N T I A L BRASILIA 002798",
        "SUBJECT: NEW DECREE TO FACILITATE IMPORTATION OF COPIED DRUGS THROUGH COMPULSORY LICENSING",
        "REF: SAO PAULO 1467",
        "1. (C) Summary.",
    ]


def test_lines_without_a_field_name_are_left_alone() -> None:
    lines = ["Refugees: 300", "Subjects discussed: trade", "TAGS PREL PGOV", "E.O. 12958 DECL: 1/1/2015"]
    assert split_collapsed_header(lines) == lines


def test_page_furniture_is_dropped_and_prose_that_starts_like_it_is_kept() -> None:
    # 00HARARE6677: a lone banner between pages; trailers; page breaks
    lines = [" CONFIDENTIAL", "NNNN", "BT", "HARARE 00006677 002 OF 003", "Secretary Powell said the",
             "Confidential talks went on", "SECRET TALKS WENT ON", "CONFIDENTIAL" + " " * 80, "Note the date 2007"]
    body = Body()
    assert strip_page_breaks(lines, body) == lines[4:]
    assert [b.text for b in body.page_breaks] == ["HARARE 00006677 002 OF 003"]


def test_comments_and_notes_fold_the_text_once_with_the_same_answer() -> None:
    paragraphs = [Paragraph(number=1, text="Note: a first note. End note. Comment: We doubt it. End comment."),
                  Paragraph(number=2, text="NOTE: second. END NOTE. comment-free text; no end here")]
    comments, notes = comments_and_notes(paragraphs)
    assert comments == ["We doubt it."]
    assert notes == ["a first note.", "second."]
    text = "\n\n".join(p.text for p in paragraphs)
    assert paired_spans(text, _NOTE_START, _NOTE_END) == notes
    assert paired_spans("no markers at all, end", _NOTE_START, _NOTE_END) == []


@pytest.mark.parametrize("raw,expected", [
    ("A\r\nB\rC", "A\nB\nC"),
    ("A\x00B\nC", "AB\nC"),
    ("line one\\\nline two\\\nthree\\\nfour\\\nfive", "line one\nline two\nthree\nfour\nfive"),
    ("UNCLAS STATE 1\\nSUBJECT: X\\nTEXT\\nMORE", "UNCLAS STATE 1\nSUBJECT: X\nTEXT\nMORE"),
    ("TAGS: [OSCE](#) [PREL](/tag/PREL.html)\nbody [not a link] here", "TAGS: OSCE PREL\nbody [not a link] here"),
    ("a path C:\\temp\\new and [b] (c)\n", "a path C:\\temp\\new and [b] (c)\n"),
    # 05PARIS7777: the copy's date stamp runs into the classification line
    ("Cable dated:2005-11-16T09:53:00 C O N F I D E N T I A L SECTION 01 OF 02 PARIS 007777",
     "Cable dated:2005-11-16T09:53:00\nC O N F I D E N T I A L SECTION 01 OF 02 PARIS 007777"),
    ("Cable dated:2009-03-31T14:44:00S E C R E T CAIRO 000549", "Cable dated:2009-03-31T14:44:00\nS E C R E T CAIRO 000549"),
])
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize("data", [b"", b"  \r\n\t\x0b\x0c "])
def test_blank_file_is_an_empty_file(data: bytes) -> None:
    [failure] = read_bytes(data, "blank.txt")
    assert isinstance(failure, ParseFailure) and failure.error == "empty file"


def test_binary_kind_tells_utf16_from_binary() -> None:
    assert binary_kind("UNCLAS STATE 000123\nSUBJECT: X\n".encode("utf-16-le")) is None
    assert binary_kind("UNCLAS STATE 000123\nSUBJECT: X\n".encode("utf-16-be")) is None
    assert binary_kind(bytes(range(256)) * 4) == "binary data"
    assert binary_kind(b"\x00" * 100 + b"text") == "binary data"
    assert binary_kind(b"UNCLAS STATE 000123\n") is None


# --- cables.csv rows: scanned with str.find instead of one regex over the whole row -----------

_FIELD = r'"([^"\\]*(?:\\.[^"\\]*)*)"'
_ROW_AS_ONE_PATTERN = re.compile(r"\A" + r",".join([_FIELD] * 8) + r"\s*\Z", re.S)  # the former rule
_UNESCAPE = re.compile(r"\\(.)", re.S)


def _fields_by_pattern(row: str) -> list[str] | None:
    match = _ROW_AS_ONE_PATTERN.match(row.strip("\n"))
    if not match:
        return None
    return [_UNESCAPE.sub(lambda m: cables_csv._ESCAPES.get(m.group(1), m.group(1)), f) for f in match.groups()]


@pytest.mark.parametrize("row", [
    '"1","10/1/2004 9:09","04TAIPEI3050","AIT","UNCLASSIFIED","","","UNCLAS TAIPEI 003050 \\"quoted\\" it\\\'s"\n',
    '"2","1/2/2003 1:00","03X1","x","C","a|b","hdr\\\\","body with \\\\\\" and \\n and \\Z end"  \n',
    '"3","d","r","o","c","refs","header","body ends in a backslash\\"',  # the last quote is escaped
    '"4","d","r","o","c","refs","header","body" trailing',  # text after the last field
    '"5","d","r","o","c","refs","header"',  # seven columns
    '"6","d","r","o","c","refs","header","a","b"',  # nine columns
    '"7","d","r","o","c","refs","header","unbalanced "quote" inside"',
    '"8","é","r","o","c","","","\\\\\\\\"\t\n',
])
def test_csv_row_fields_are_those_of_the_row_pattern(row: str) -> None:
    assert cables_csv.parse_row(row, 0).fields == _fields_by_pattern(row)


def test_csv_rows_of_the_corpus_sample_read_as_the_row_pattern_reads_them(corpus_dir: Path) -> None:
    data = lzma.open(corpus_dir / "cables_sample.csv.xz").read()
    rows = cables_csv.split_rows(data)
    assert len(rows) > 2000
    for raw in rows:
        row = raw.decode("utf-8", "replace")
        assert cables_csv.parse_row(row, 0).fields == _fields_by_pattern(row)


def test_row_starts_are_found_after_newlines_only() -> None:
    data = b'"1","d","r","x"\n"body line","not a row"\n"2","d","r","y"\n'
    assert [r[:4] for r in cables_csv.split_rows(data)] == [b'"1",', b'"2",']


# --- header and body fast paths ----------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "E.O. 12958: DECL: 10/23/2015", "EO 12958 DECL 1.6X1", "TAGS: PREL", "tags prel", "TAGS", "TAGSX: Y",
    "AGS; PGOV", "SUBJECT: X", "subj : x", "SUBJECTS", "REF: A. STATE 1", "REFTELS B: X", "REF A", "REFERENCE: X",
    "Classified By: DCM X", "(U) CLASSIFIED BY X", "classified  by", "Cable dated", "The end", "  TAGS:\tPREL",
])
def test_field_kind_is_the_first_field_pattern_that_matches(line: str) -> None:
    patterns = [("eo", fields.EXECUTIVE_ORDER), ("tags", fields.TAGS_LINE), ("subject", fields.SUBJECT_LINE),
                ("ref", fields.REF_LINE), ("classified_by", fields.CLASSIFIED_BY)]
    assert _field_kind(line) == next((kind for kind, pattern in patterns if pattern.match(line)), None)


def test_a_header_without_collapsed_fields_is_returned_as_it_is(seed_text: bytes) -> None:
    # 06ASTANA280's header: every field opens its line, SECTION only inside the classification line
    lines = seed_text.decode().split("\n")
    assert split_collapsed_header(lines) is lines


def test_section_line_after_a_bare_level_is_joined_to_it() -> None:
    lines = ["C O N F I D E N T I A L", "SECTION 01 OF 02 BAKU 000687", "TAGS: PREL", "", "1. (C) Text."]
    assert split_collapsed_header(lines)[:2] == ["C O N F I D E N T I A L SECTION 01 OF 02 BAKU 000687", "TAGS: PREL"]


@pytest.mark.parametrize("block,expected", [
    (["The minister said", "  that the talks", "went well."], "The minister said that the talks went well."),
    (["Three points:", "-- first", "- second", "a) third", "(2) fourth", "----"],
     "Three points:\n-- first\n- second\na) third\n(2) fourth\n----"),
    (["A line", "-", "2007. was a year", "e.g. this"], "A line - 2007. was a year e.g. this"),
    (["Items", "-  ", "b. next"], "Items\n-\nb. next"),  # `- ` keeps its line before the strip
])
def test_unwrap_joins_lines_and_keeps_list_items(block: list[str], expected: str) -> None:
    assert unwrap(block) == expected


@pytest.mark.parametrize("raw,expected", [
    ("S//NF", "S/NF"), ("S - NF", "S/NF"), ("TS-NOFORN", "TS/NF"), ("SBU-x", "SBU/X"), ("C", "C"),
    ("REL-TO", "REL-TO"), ("S/NF-REL", "S/NF-REL"), (None, None),
])
def test_marking_spellings_are_one(raw: str | None, expected: str | None) -> None:
    assert _marking(raw) == expected


def test_paragraph_starts_are_found_on_lines_opening_with_a_number_only() -> None:
    lines = ["Preamble", " 1. (C) First.", "text 2. not a start", "", "\u00b62. Second.", "3) list item", "3. Third."]
    assert [(i, n) for i, n, _ in find_paragraph_starts(lines, Body())] == [(1, 1), (4, 2), (6, 3)]


@pytest.mark.parametrize("text", [
    "", "noted: no marker. denote: none. note: the first.", "a comment-free text. comment: here. comment: again",
    "summary-level words, then summary: the real one", "notes and anote: none at all", "note :spaced"])
def test_first_start_marker_found_by_its_word_is_the_regex_search(text: str) -> None:
    from cable_core.body import _COMMENT_START, _SUMMARY_START, _first_marker
    for start in (_SUMMARY_START, _COMMENT_START, _NOTE_START):
        found, expected = _first_marker(text, start), start.search(text)
        assert (found and found.span()) == (expected and expected.span())


def test_addressee_lists_end_at_a_routing_stop_line() -> None:
    from cable_core.header.routing import parse_addressees
    to, info = parse_addressees(["TO RUEHC/SECSTATE WASHDC IMMEDIATE 4423", "RUEHBS/USEU BRUSSELS 0222", " BT ",
                                 "RUEHZL/EUROPEAN POLITICAL COLLECTIVE", "INFO RUEHZL/NATO COLLECTIVE PRIORITY"])
    assert [a.name for a in to] == ["SECSTATE WASHDC", "USEU BRUSSELS"]
    assert [(a.name, a.precedence) for a in info] == [("NATO COLLECTIVE", "PRIORITY")]
