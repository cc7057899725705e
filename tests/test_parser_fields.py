"""One table per header field, each row a real excerpt with the cable it comes from."""

from __future__ import annotations

from datetime import date

import pytest

from cable_core.header.classification import classification_label, match_classification_line, split_caption_runs
from cable_core.header.fields import (
    parse_classified_by,
    parse_executive_order,
    parse_references,
    parse_tags,
    split_name_title,
)
from cable_core.header.origin import origin_of
from cable_core.header.routing import DTG_LINE, dtg_datetime, parse_addressee


def _unique(rows: list[tuple]) -> list[tuple]:
    assert len(rows) == len(set(rows)), "duplicate rows in a table"
    return rows


CLASSIFICATION_LINES = _unique([
    ("06ASTANA280", "C O N F I D E N T I A L SECTION 01 OF 02 ASTANA 000280", "CONFIDENTIAL", "ASTANA", "000280", 1, 2),
    ("04TAIPEI3050", "UNCLAS TAIPEI 003050", "UNCLASSIFIED", "TAIPEI", "003050", None, None),
    ("92ZAGREB2532", "UNCLASSIFIED LIMITED OFFICIAL USE SECTION 01 OF 04 ZAGREB  02532", "UNCLASSIFIED", "ZAGREB", "02532", 1, 4),
    ("78KABUL3619", "CONFIDENTIAL KABUL 3619 ", "CONFIDENTIAL", "KABUL", "3619", None, None),
    ("1973STATE097844", "LIMITED OFFICIAL USE STATE 097844", "LIMITED OFFICIAL USE", "STATE", "097844", None, None),
    ("07DAMASCUS389", "C o n f i d e n t i a l section 01 of 03 damascus 000389", "CONFIDENTIAL", "DAMASCUS", "000389", 1, 3),
    ("06SANJOSE612", "UNCLAS SECTION 01 OF 04 SAN JOSE 000612", "UNCLASSIFIED", "SAN JOSE", "000612", 1, 4),
    ("05BOGOTA1775", "S E C R E T SECTION 01 OF 02 BOGOTA 001775", "SECRET", "BOGOTA", "001775", 1, 2),
])


@pytest.mark.parametrize("cable,line,level,station,number,section,of", CLASSIFICATION_LINES)
def test_classification_line(cable, line, level, station, number, section, of) -> None:
    parsed = match_classification_line(line)
    assert (parsed.level, parsed.station, parsed.number, parsed.section, parsed.of) == (
        level, station, number, section, of), cable


@pytest.mark.parametrize("line", ["Tokayev met the Ambassador on October 23.", "SECRET", "PAGE 02 STATE 097844"])
def test_not_a_classification_line(line: str) -> None:
    assert match_classification_line(line) is None


@pytest.mark.parametrize("level,caveats,year,label", _unique([
    ("CONFIDENTIAL", ("SIPDIS", "NOFORN"), 2006, "CONFIDENTIAL//NOFORN"),
    ("SECRET", ("NOFORN",), 2009, "SECRET//NOFORN"),
    ("UNCLASSIFIED", ("SIPDIS", "SENSITIVE"), 2004, "UNCLASSIFIED//FOR OFFICIAL USE ONLY"),
    ("UNCLASSIFIED", ("SIPDIS",), 2004, "UNCLASSIFIED"),
    ("CONFIDENTIAL", ("SIPDIS",), 2004, "CONFIDENTIAL"),
    # the publisher's labels of CONFIDENTIAL + SENSITIVE: NOFORN up to 2008, not after
    ("CONFIDENTIAL", ("SENSITIVE", "SIPDIS"), 2008, "CONFIDENTIAL//NOFORN"),
    ("CONFIDENTIAL", ("SENSITIVE", "SIPDIS"), 2009, "CONFIDENTIAL"),
    ("CONFIDENTIAL", ("SENSITIVE", "SIPDIS"), None, "CONFIDENTIAL"),
]))
def test_classification_label(level, caveats, year, label) -> None:
    assert classification_label(level, list(caveats), year) == label


def test_sensitive_confidential_labels_follow_the_publishers_dates(corpus_dir) -> None:
    """The rule above, checked on every CONFIDENTIAL + SENSITIVE page of the corpus with a date."""
    import tarfile

    from cable_core.pipeline import parse_bytes

    agree = total = 0
    with tarfile.open(corpus_dir / "wikileaks_html.tar.xz") as archive:
        for member in archive:
            if not member.name.endswith(".html"):
                continue
            (cable,) = parse_bytes(archive.extractfile(member).read(), member.name, enrich=False)
            if cable.classification == "CONFIDENTIAL" and "SENSITIVE" in cable.caveats and cable.created:
                total += 1
                computed = classification_label(cable.classification, cable.caveats, cable.created.year)
                agree += computed == cable.publisher.classification
    assert total >= 25 and agree / total >= 0.9


@pytest.mark.parametrize("cable,line,prosign,iso", _unique([
    ("06ASTANA280", "P 240734Z OCT 06 ZDK", "P", "2006-10-24T07:34:00+00:00"),
    ("1973STATE097844", "P R 221828 Z MAY 73", "P R", "1973-05-22T18:28:00+00:00"),
    ("78KABUL3619", "061601Z MAY 78", None, "1978-05-06T16:01:00+00:00"),
    ("85BEIRUT1014", "O 191322Z FEB 85", "O", "1985-02-19T13:22:00+00:00"),
]))
def test_date_time_group(cable, line, prosign, iso) -> None:
    match = DTG_LINE.match(line)
    assert match.group("prosign") == prosign, cable
    assert dtg_datetime(match).isoformat() == iso


@pytest.mark.parametrize("cable,rest,declassify_on,rule", _unique([
    ("06ASTANA280", "DECL: 10/23/2015", date(2015, 10, 23), None),
    ("1973STATE097844", " N/ A", None, "N/A"),
    ("85BEIRUT1014", "DECL: OADR", None, "OADR"),
    ("78KABUL3619", "GDS", None, "GDS"),
    ("04TAIPEI3051", "DECL: 07/19/2014", date(2014, 7, 19), None),
]))
def test_executive_order(cable, rest, declassify_on, rule) -> None:
    parsed, parsed_rule, bad = parse_executive_order(rest)
    assert (parsed, parsed_rule, bad) == (declassify_on, rule, None), cable


@pytest.mark.parametrize("cable,text,tags", _unique([
    ("06ASTANA280", "OSCE PREL PHUM PGOV KZ", ("OSCE", "PREL", "PHUM", "PGOV", "KZ")),
    ("04TAIPEI3050", "EAGR, ETRD, TW", ("EAGR", "ETRD", "TW")),
    ("78KABUL3619", "PGOV, PTER, PINT, AF, US", ("PGOV", "PTER", "PINT", "AF", "US")),
    ("1973STATE097844", "  SPOP  IT", ("SPOP", "IT")),
    ("1976STATE187673", "OVIP (KISSINGER, HENRY A.) PFOR", ("OVIP", "PFOR")),
]))
def test_tags(cable, text, tags) -> None:
    assert tuple(parse_tags(text)) == tags, cable


REFERENCES = _unique([
    # The publisher's list for 04TAIPEI3051 holds only the first: its REF names both.
    ("04TAIPEI3051", "A. A) TAIPEI 3001 B. B) TAIPEI 3019", 2004, ("04TAIPEI3001", "04TAIPEI3019")),
    ("05TAIPEI43", "A. 04 TAIPEI 2320 B. 04 TAIPEI 3523 C. 05 BEIJING 323", 2005,
     ("04TAIPEI2320", "04TAIPEI3523", "05BEIJING323")),
    ("05TAIPEI61", "A. 2004 TAIPEI 02879 B. 2002 TAIPEI 03912", 2005, ("04TAIPEI2879", "02TAIPEI3912")),
    ("04BRUSSELS2498", "USEU BRUSSELS 1338", 2004, ("04USEUBRUSSELS1338",)),
    ("04NEWDELHI5734", "A. DHAKA 3127 B. NEW DELHI 5486 C. CALCUTTA 350", 2004,
     ("04DHAKA3127", "04NEWDELHI5486", "04CALCUTTA350")),
    ("06SANJOSE612", "STATE 26123", 2006, ("06STATE26123",)),
    ("01VATICAN6619", "01VATICAN 4258", 2001, ("01VATICAN4258",)),
    ("04ACCRA1930", "00ACCRA7799", 2004, ("00ACCRA7799",)),
    ("04BRUSSELS3116", "ADDIS ABAB 2288", 2004, ("04ADDISABAB2288",)),
    # intelligence reports, diplomatic notes and dated e-mails are not cables
    ("04BRUSSELS4843", "A. BRUSSELS 4082 B. BRUSSELS 4295 C. IIR 6 917 0014 05", 2004,
     ("04BRUSSELS4082", "04BRUSSELS4295")),
    ("05SOFIA27", "(A) USDAO SOFIA 6 811 0045 05 (B) 04 SOFIA 2261", 2005, ("04SOFIA2261",)),
    ("04DJIBOUTI1142", "A) DJIBOUTI DIP NOTE 041 B) DJIBOUTI MFA DIP NOTE 1145/04/MAECI C) STATE 180215", 2004,
     ("04STATE180215",)),
    ("04BRUSSELS1510", "A. USEU TODAY 04/06/04 B. BRUSSELS 1464 C. STATE 68263", 2004,
     ("04BRUSSELS1464", "04STATE68263")),
    ("03SANAA2839", "A. MISENHEIMER 12/03 E-MAIL B. SANAA 2754", 2003, ("03SANAA2754",)),
    ("92RANGOON2310", "(A) RANGOON 2308, - (B) FBIS BANGKOK 241348Z APR 92", 1992, ("92RANGOON2308",)),
    ("03TEGUCIGALPA1243", "A. WARSAW 2016/2015 B. TEGUCIGALPA 1075 (ALL NOTAL)", 2003,
     ("03WARSAW2016", "03TEGUCIGALPA1075")),
])


@pytest.mark.parametrize("cable,text,year,refs", REFERENCES)
def test_references(cable, text, year, refs) -> None:
    assert tuple(parse_references(text, year)) == refs, cable


@pytest.mark.parametrize("cable,text,name,title,reasons", _unique([
    ("06ASTANA280", "DCM Kevin Milas; Reasons 1.5(b) and (d).", "Kevin Milas", "DCM", ("1.5(b)", "1.5(d)")),
    ("07BOGOTA1232", "Political Counselor John S. Creamer Reasons: 1.4 (b) and (d)", "John S. Creamer",
     "Political Counselor", ("1.4(b)", "1.4(d)")),
    ("03ZAGREB284", "AMBASSADOR LAWRENCE ROSSIN FOR REASONS 1.5 (B,D)", "LAWRENCE ROSSIN", "AMBASSADOR",
     ("1.5(b)", "1.5(d)")),
    ("01VATICAN2531", "CHARGE D'AFFAIRES A.I. JOSEPH MERANTE. REASONS 1.5 (B) AND (D).", "JOSEPH MERANTE",
     "CHARGE D'AFFAIRES A.I.", ("1.5(b)", "1.5(d)")),
    ("07MOSCOW5399", "Econ MC Eric Schultz for Reasons 1.4 (b/d)", "Eric Schultz", "Econ MC", ("1.4(b)", "1.4(d)")),
    ("10STATE9939", "(U) CLASSIFIED BY EAP DAS DAVID B. SHEAR, REASON: 1.4 (C).", "DAVID B. SHEAR", "EAP DAS",
     ("1.4(c)",)),  # the page's "Classified By:" label before the cable's own caption
]))
def test_classified_by(cable, text, name, title, reasons) -> None:
    parsed = parse_classified_by(text)
    assert (parsed.name, parsed.title, tuple(parsed.reasons)) == (name, title, reasons), cable


def test_name_before_title() -> None:
    assert split_name_title("CATHERINE BROWN, DAS IPC") == ("CATHERINE BROWN", "DAS IPC")


@pytest.mark.parametrize("plad,station,origin", _unique([
    ("AMEMBASSY ASTANA", "ASTANA", "Embassy Astana"),
    ("SECSTATE WASHDC", "STATE", "Secretary of State"),
    ("AMCONSUL ADANA", "ADANA", "Consulate Adana"),
    ("USMISSION USUN NEW YORK", "USUN NEW YORK", "USUN New York"),
    ("AIT TAIPEI", "TAIPEI", "American Institute Taiwan, Taipei"),
    ("USEU BRUSSELS", "BRUSSELS", "USEU Brussels"),
    ("AMEMBASSY BRUSSELS", "BRUSSELS", "Embassy Brussels"),
    (None, "HO CHI MINH CITY", "Consulate Ho Chi Minh City"),
    (None, "SAN JOSE", "Embassy San Jose"),
    ("AMEMBASSY NEVERLAND", "NEVERLAND", "Embassy Neverland"),
]))
def test_origin(plad, station, origin) -> None:
    assert origin_of(plad, station) == origin


@pytest.mark.parametrize("line,route,name,precedence,mcn", _unique([
    ("RUEHC/SECSTATE WASHDC PRIORITY 7411", "RUEHC", "SECSTATE WASHDC", "PRIORITY", "7411"),
    ("RUEHVEN/USMISSION USOSCE 1636", "RUEHVEN", "USMISSION USOSCE", None, "1636"),
    ("AMEMBASSY LUXEMBOURG PRIORITY", None, "AMEMBASSY LUXEMBOURG", "PRIORITY", None),
    ("SECSTATE WASHDC IMMEDIATE 1806", None, "SECSTATE WASHDC", "IMMEDIATE", "1806"),
]))
def test_addressee(line, route, name, precedence, mcn) -> None:
    parsed = parse_addressee(line)
    assert (parsed.route, parsed.name, parsed.precedence, parsed.mcn) == (route, name, precedence, mcn)


@pytest.mark.parametrize("cable,line,level,station,captions", _unique([
    ("05PARIS1699", "SS E C R E T SECTION 01 OF 02 PARIS 001699", "SECRET", "PARIS", ()),
    ("08TOKYO2993", "C O N F I D E N T I A L TOKYO 002993SIPDIS", "CONFIDENTIAL", "TOKYO", ("SIPDIS",)),
    ("10LONDON255", "C O N F I D E N T I A L LONDON 000255NOFORNSIPDIS", "CONFIDENTIAL", "LONDON", ("NOFORN", "SIPDIS")),
]))
def test_classification_line_slips(cable, line, level, station, captions) -> None:
    parsed = match_classification_line(line)
    assert (parsed.level, parsed.station, tuple(parsed.qualifiers)) == (level, station, captions), cable


def test_free_text_in_tags_is_not_a_tag() -> None:
    # 03HALIFAX27: "TAGS: PGOV, PREL, PTER, PBTS, ETRD, EFIS, EAGR, CA, US, Border Patrol"
    assert parse_tags("PGOV, PREL, PTER, CA, US, Border Patrol") == ["PGOV", "PREL", "PTER", "CA", "US"]
    # 07DAMASCUS389 was copied in lower case: "Tags: prel, pgov, sy"
    assert parse_tags("prel, pgov, sy") == ["PREL", "PGOV", "SY"]


def test_publisher_ids_that_are_wrong_are_not_copied(tmp_path) -> None:
    """The publisher's metadata names 09LONDON2240 `09EFTOLONDON2240` (it read `E F T O` as part of
    the station); from the text the parser builds the id the cable itself gives."""
    from cable_core.pipeline import parse_bytes

    text = (b"P 011200Z JUL 09\nFM AMEMBASSY LONDON\nTO RUEHC/SECSTATE WASHDC PRIORITY 2840\n\n"
            b"UNCLAS E F T O LONDON 002240\n\nSIPDIS\n\nE.O. 12958: N/A\nTAGS: PREL UK\n"
            b"SUBJECT: TEST\n\n1. (U) Text.\n")
    (cable,) = parse_bytes(text, "09LONDON2240.txt", enrich=False)
    assert cable.ref_id == "09LONDON2240" and "EFTO" in cable.caveats


def test_header_that_lost_its_line_breaks() -> None:
    """07MOSCOW5399 as published: the header runs on one line and SUBJECT, REF and Classified By
    share another. The publisher's page title is that whole line ("MFA ON RUSSIAN-EU ENERGY
    RELATIONS REF: A. MOSCOW 5266 ..."); the subject is only its first part, and the REF and
    classifier are fields of their own. 104 of the 113 page titles that disagree with our subjects
    in the development corpus run on into REF or Classified By like this (or keep `SUBJECT:`)."""
    from cable_core.pipeline import parse_bytes

    text = (
        "P 151349Z NOV 07\nFM AMEMBASSY MOSCOW\nTO RUEHC/SECSTATE WASHDC PRIORITY 5380\n\n"
        "C O N F I D E N T I A L SECTION 01 OF 02 MOSCOW 005399 SIPDIS SIPDIS DEPT FOR EUR/RUS, FOR "
        "EEB/ESC/IEC GALLOGLY AND WRIGHT EUR/CARC, SCA (GALLAGHER, SUMAR) DOE FOR HARBERT, HEGBORG, "
        "EKIMOFF DOC FOR 4231/IEP/EUR/JBROUGHER NSC FOR MCKIBBEN E.O. 12958: DECL: 11/02/2017 TAGS: "
        "[EPET](#) [ENRG](#) [ECON](#) [PREL](#) [RS](#)\n\n"
        "SUBJECT: MFA ON RUSSIAN-EU ENERGY RELATIONS REF: A. MOSCOW 5266 B. MOSCOW 4932 Classified By: "
        "Econ MC Eric Schultz for Reasons 1.4 (b/d) \n\n1. (C) Summary: text. End summary.\n"
    )
    (cable,) = parse_bytes(text.encode(), "07MOSCOW5399.txt", enrich=False)
    assert cable.ref_id == "07MOSCOW5399" and cable.classification == "CONFIDENTIAL"
    assert cable.subject == "MFA ON RUSSIAN-EU ENERGY RELATIONS"
    assert cable.references == ["07MOSCOW5266", "07MOSCOW4932"]
    assert cable.tags == ["EPET", "ENRG", "ECON", "PREL", "RS"]
    assert cable.declassify_on == date(2017, 11, 2)
    assert (cable.classified_by.name, cable.classified_by.reasons) == ("Eric Schultz", ["1.4(b)", "1.4(d)"])


@pytest.mark.parametrize("cable,text,subject,ref_id", [
    # a field run onto the end of the line before it
    ("05BRASILIA2692", "C O N F I D E N T I A L SECTION 01 OF 02 BRASILIA 002692\n\nE.O. 12958: DECL: 10/10/2015\n"
     "TAGS: PGOV PREL SOCI BR TIP\nTIP SUBJECT: BRAZIL'S LANDLESS MOVEMENT INVADES AMERICAN-OWNED FARM\n\n"
     "REF: BRASILIA 1317 Classified By: Political Counselor Dennis Hearne for reasons 1.4 (B) an d (D).\n\n"
     "1. (U) Summary. Text.\n", "BRAZIL'S LANDLESS MOVEMENT INVADES AMERICAN-OWNED FARM", None),
    ("09CAIRO549", "O 311444Z MAR 09\nFM AMEMBASSY CAIRO\nTO SECSTATE WASHDC IMMEDIATE 2058\n\n"
     "S E C R E T CAIRO 000549E.O. 12958: DECL: 03/29/2019\n\nTAGS: [PREL](#) [EG](#)\n\n"
     "SUBJECT: SCENESETTER FOR GENERAL SCHWARTZ\n\n1. Key Points\n", "SCENESETTER FOR GENERAL SCHWARTZ",
     "09CAIRO549"),
    # the level on a line of its own
    ("09BAKU687", "R 010538Z SEP 09\nFM AMEMBASSY BAKU\nTO RUEHC/SECSTATE WASHDC 1658\n\nC O N F I D E N T I A L \n"
     "SECTION 01 OF 02 BAKU 000687 SIPDIS E.O. 12958: DECL: 08/31/2019 \nTAGS: [PGOV](#) [AJ](#)\n"
     "SUBJECT: X\n\n1. (C) Text.\n", "X", "09BAKU687"),
    # the publisher's page title is "LIBYA: 2009 COUNTRY REPORTS ON TERRORISM REF: STATE 109980"
    ("09TRIPOLI1030", "UNCLAS TRIPOLI 001030\n\nE.O. 12958: N/A\nTAGS: PTER LY\n"
     "SUBJECT: LIBYA: 2009 COUNTRY REPORTS ON TERRORISM REF: STATE 109980\n\n1. Text.\n",
     "LIBYA: 2009 COUNTRY REPORTS ON TERRORISM", None),
])
def test_field_run_onto_another_line(cable, text, subject, ref_id) -> None:
    from cable_core.pipeline import parse_bytes

    (parsed,) = parse_bytes(text.encode(), cable + ".txt", enrich=False)
    assert parsed.subject == subject
    assert parsed.ref_id == ref_id


@pytest.mark.parametrize("cable,line,captions,rest", [
    ("07LONDON4328", "SIPDIS NOFORN SIPDIS STATE FOR NEA/IR, EEB A/S SULLIVAN", ["SIPDIS", "NOFORN", "SIPDIS"],
     "STATE FOR NEA/IR, EEB A/S SULLIVAN"),
    ("08TRIPOLI368", " SENSITIVE DEPT FOR NEA/MAG; COMMERCE FOR NATE MASON ", ["SENSITIVE"],
     "DEPT FOR NEA/MAG; COMMERCE FOR NATE MASON"),
    ("09BUENOSAIRES548", "USDA FOR FAS/OA/OCRA/ONA/OGA/OFSO SIPDIS SENSITIVE", ["SIPDIS", "SENSITIVE"],
     "USDA FOR FAS/OA/OCRA/ONA/OGA/OFSO"),
    ("06ASTANA280", "DEPT FOR SCA/CEN, EUR/RUS", [], "DEPT FOR SCA/CEN, EUR/RUS"),
    ("made up", "PASS TO SENSITIVE PROGRAMS OFFICE", [], "PASS TO SENSITIVE PROGRAMS OFFICE"),
    ("04ADANA56", "BUSINESS SENSITIVE", [], "BUSINESS SENSITIVE"),
    ("03LAGOS813", "SENSITIVE BUT UNCLASSIFIED--PLEASE HANDLE", [], "SENSITIVE BUT UNCLASSIFIED--PLEASE HANDLE"),
])
def test_captions_run_together_with_passing_instructions(cable, line, captions, rest) -> None:
    assert split_caption_runs(line) == (captions, rest), cable


def test_a_page_header_stamp_is_not_a_date() -> None:
    """95BERLIN2558 as a partial extract: its only date-time-like text is the page header's
    `200832Z` (day and time, no month), above a holiday list that starts `NOV 11`."""
    from cable_core.pipeline import parse_bytes

    text = ("UNCLAS BERLIN 002558\n\nSIPDIS\n\nE.O. 12356:  N/A\nTAGS: AINF\nSUBJECT:  TELEPHONE DIRECTORY\n\n"
            "1.  FOLLOWING IS REVISED LISTING OF EMBASSY OFFICE\n\n"
            "PAGE 03        BERLIN  02558  200832Z\nNOV 11    MONDAY    VETERANS DAY        AMERICAN\n")
    (cable,) = parse_bytes(text.encode(), "95BERLIN2558.txt", enrich=False)
    assert cable.created is None and cable.ref_id is None
    assert not any("estimated" in w for w in cable.warnings)


def test_country_tags_are_named_by_their_fips_code() -> None:
    # 10TEGUCIGALPA... carries the tag HO: the TAGS table has no row for it, the country list has.
    from cable_core.conventions import tag_meanings
    meanings = tag_meanings()
    assert meanings["HO"] == "Honduras"
    assert meanings["KZ"] == "Kazakhstan"
    assert meanings["PREL"] == "Political Affairs--External Political Relations"  # the TAGS table keeps its rows


def test_the_captions_by_written_again_is_no_part_of_the_title() -> None:
    """04MANAMA378: "Classified By: By Charge d'Affaires Robert S. Ford for reasons 1.4 (b) and (d)";
    a name that opens with the letters "By" stays whole."""
    doubled = parse_classified_by("By Charge d'Affaires Robert S. Ford for reasons 1.4 (b) and (d)")
    assert (doubled.title, doubled.name, doubled.reasons) == ("Charge d'Affaires", "Robert S. Ford", ["1.4(b)", "1.4(d)"])
    assert parse_classified_by("Byrne Smith, DCM, reasons 1.4 (b)").name == "Byrne Smith"
