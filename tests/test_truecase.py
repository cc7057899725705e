"""Event titles out of ALL-CAPS cables in the case mixed-case cables write their words
(cable_core/truecase.py), and the table behind it rebuilt from the corpus."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from cable_core.models import Cable
from cable_core.pipeline import parse_paths
from cable_core.truecase import truecase

from .conftest import PROJECT

GOLD = PROJECT / "tests" / "gold" / "events"
TABLE = PROJECT / "cable_core" / "conventions" / "word_cases.txt"


@pytest.mark.parametrize(("capitals", "expected"), [
    # the sentences of real ALL-CAPS cables (88BAGHDAD1369, 85RIYADH5470, 95BANDARSERIBEGAWAN430,
    # 03ZAGREB1037, 92DAMASCUS8839, 85ATHENS12991, 94KHARTOUM6366)
    ("ZIHAWI CALLED IN AMBASSADORS OF FIVE PERMANENT MEMBERS AT 1330", "Zihawi called in"),
    ("THE SAG WAS ANNOYED AND PUZZLED BY IRAQI ATTACKS IN THE VICINITY",
     "The SAG was annoyed and puzzled by Iraqi attacks in the vicinity"),
    ("FOREIGN MINISTER VALYATI WILL VISIT BRUNEI TO HEAD THE IRANIAN TEAM",
     "Foreign Minister Valyati will visit Brunei to head the Iranian team"),
    ("HE TOLD US HE CALLED DEL PONTE TO EXPRESS HIS RESERVATIONS", "He told us he called"),
    ("TAWHID LEADER SAID SHA'BAN WHICH WAS AN IRRITANT", "Tawhid leader said Sha'ban which was an irritant"),
    ("USN DIVER ROBERT STETHEM WAS MURDERED BY THE HIJACKERS", "USN"),
    ("SINCE THE GOS/NIF SEIZED POWER IT HAS BECOME INCREASINGLY CLEAR",
     "Since the GOS/NIF seized power it has become increasingly clear"),
])
def test_words_take_the_case_of_mixed_case_cables(capitals: str, expected: str) -> None:
    assert truecase(capitals).startswith(expected)


def test_the_us_is_the_country_unless_an_object() -> None:
    assert truecase("THE US EMBASSY TOLD US") == "The US Embassy told us"


def test_every_sentence_opens_with_a_capital_and_offsets_of_non_letters_stay() -> None:
    text = "IT WAS LATE. HE LEFT FOR CAIRO ON 12/3 AT 1:00 A.M., BY AIR (THE U.S. EMBASSY SAID)"
    cased = truecase(text)
    assert cased == "It was late. He left for Cairo on 12/3 at 1:00 a.m., by air (the U.S. Embassy said)"
    assert [c for c in cased if not c.isalpha()] == [c for c in text if not c.isalpha()]


def test_unknown_words_are_names_or_acronyms() -> None:
    # a long word the table lacks is a name, a short one or one without a vowel an acronym
    assert truecase("QWERTYVILLE AND XQZ") == "Qwertyville and XQZ"
    assert truecase("MCQWERTY AND O'QWERTY") == "McQwerty and O'Qwerty"


@pytest.mark.parametrize("name", ["88BAGHDAD1369", "92DAMASCUS8839", "88IZMIR740", "92IZMIR819"])
def test_titles_of_all_caps_cables_are_not_in_capitals(name: str) -> None:
    (cable,) = [c for c in parse_paths([GOLD / f"{name}.txt"]) if isinstance(c, Cable)]
    titles = [e.title for e in cable.events if e.kind not in ("cable", "declassification")]
    assert titles
    for title in titles:
        assert re.search(r"[a-z]{3}", title), title
        assert title[0].isupper() or not title[0].isalpha(), title
    sentences = [m.sentence for e in cable.events for m in e.mentions]
    assert all(not re.search(r"[a-z]", s) for s in sentences)  # the cable's own words stay as written


def test_the_table_is_rebuilt_the_same_from_the_corpus(corpus_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "word_cases.txt"
    subprocess.run([sys.executable, "-m", "cable_core.conventions.build_word_cases", str(corpus_dir), "--out", str(out)],
                   cwd=PROJECT, check=True, capture_output=True, timeout=600)
    assert out.read_text(encoding="utf-8") == TABLE.read_text(encoding="utf-8")
