"""The seed cable 06ASTANA280 parses to exactly what its text says (issue 2's acceptance list)."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from cable_core.models import Cable
from cable_core.pipeline import parse_bytes


@pytest.fixture(scope="module")
def seed(seed_text: bytes) -> Cable:
    (cable,) = parse_bytes(seed_text, "06ASTANA280.txt", enrich=False)
    assert isinstance(cable, Cable)
    return cable


def test_identity_and_routing(seed: Cable) -> None:
    assert seed.ref_id == "06ASTANA280"
    assert seed.created == datetime(2006, 10, 24, 7, 34, tzinfo=timezone.utc)
    assert seed.precedence == "PRIORITY"
    assert seed.origin == "Embassy Astana"
    assert seed.transmission_id == "VZCZCXRO8076"
    assert [(a.route, a.name, a.precedence, a.mcn) for a in seed.to] == [
        ("RUEHC", "SECSTATE WASHDC", "PRIORITY", "7411")]
    assert [a.name for a in seed.info] == [
        "CIS COLLECTIVE", "OSCE POST COLLECTIVE", "USMISSION USOSCE", "CIA WASHDC"]
    assert seed.info[2].mcn == "1636"


def test_classification(seed: Cable) -> None:
    assert seed.classification == "CONFIDENTIAL"
    assert set(seed.caveats) == {"NOFORN", "SIPDIS"}
    assert seed.classification_label == "CONFIDENTIAL//NOFORN"
    assert (seed.section.number, seed.section.of) == (1, 2)


def test_header_fields(seed: Cable) -> None:
    assert seed.executive_order == "12958"
    assert seed.declassify_on == date(2015, 10, 23)
    assert seed.tags == ["OSCE", "PREL", "PHUM", "PGOV", "KZ"]
    assert seed.tag_meanings["KZ"] == "Kazakhstan"
    assert seed.subject == "KAZAKHSTAN: FOREIGN MINISTER KEEPS COURSE FOR 2009 OSCE CIO"
    assert seed.passing_instructions == ["DEPT FOR SCA/FO (A/S BOUCHER), SCA/CEN (SPRATLEN, O'MARA)"]
    assert seed.classified_by.name == "Kevin Milas"
    assert seed.classified_by.title == "DCM"
    assert seed.classified_by.reasons == ["1.5(b)", "1.5(d)"]
    assert seed.signed_by == ["ORDWAY"]


def test_paragraphs(seed: Cable) -> None:
    assert [p.number for p in seed.paragraphs] == list(range(1, 9))
    assert {p.marking for p in seed.paragraphs} == {"C"}
    fourth = seed.paragraphs[3].text
    assert "The Executive Secretariat of the CIS, he mentioned" in fourth  # joined across its blank line
    assert "supported in 2009" in fourth and "renounce our application" in fourth
    assert not any("00000280" in p.text or "002 OF 002" in p.text for p in seed.paragraphs)
    assert [b.text for b in seed.page_breaks] == ["ASTANA 00000280 002 OF 002"]
    assert seed.paragraphs[7].text.endswith('"changing the function of Deputies."')


def test_headings_and_summary(seed: Cable) -> None:
    assert [(h.text, h.before) for h in seed.headings] == [
        ('Non-Paper Approach "Embarrassing" to Kazakhstan', 1),
        ('Tokayev: "Only the U.S." Has Proposed 2011', 3),
        ("Tokayev to Address Non-Paper in Vienna", 4),
        ("December OSCE Ministerial: Better to Defer than Disagree?", 5),
        ("GOK Will Not Veto Another Country's Candidacy", 6),
        ("Affirming the Need to Implement Political Reform", 7),
    ]
    assert seed.summary.startswith("On October 23, Foreign Minister Tokayev told Ambassador Ordway")
    assert seed.summary.endswith('"only the U.S." had proposed 2011 as an alternative.')
    assert seed.notes == ["Tokayev plans to depart Kazakhstan for Vienna on October 26."]


def test_lost_paragraph_signs_are_reported(seed: Cable) -> None:
    assert "paragraph 5 written as 15 (its \u00b6 sign lost)" in seed.warnings
