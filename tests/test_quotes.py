"""Quoted speech and its speaker (issue 4)."""

from __future__ import annotations

import pytest

from cable_core.models import Cable, Paragraph, Quote, Source
from cable_core.pipeline import parse_bytes
from cable_core.quotes import extract_quotes, unknown_name


@pytest.fixture(scope="module")
def seed_quotes(seed_text: bytes) -> list[Quote]:
    [cable] = parse_bytes(seed_text, "06ASTANA280.txt")
    return cable.quotes


def cable_of(*texts: str) -> Cable:
    paragraphs = [Paragraph(number=i, marking="C", text=t) for i, t in enumerate(texts, start=1)]
    return Cable(source=Source(path="test"), paragraphs=paragraphs)


@pytest.mark.parametrize(("words", "paragraphs"), [
    ("would embarrass us", {1, 2}),
    ("only the U.S.", {1, 4}),
    ("we need a consensus", {6}),
    ("the best decision is no decision", {6}),
    ("we are not interested in creating fault lines", {7}),
])
def test_seed_quotes_by_tokayev(seed_quotes: list[Quote], words: str, paragraphs: set[int]) -> None:
    found = [q for q in seed_quotes if words in q.text]
    assert {q.paragraph for q in found} == paragraphs
    assert all(q.speaker == "Tokayev" and q.marking == "C" for q in found)


def test_seed_scare_quotes_are_not_speech(seed_quotes: list[Quote]) -> None:
    texts = {q.text for q in seed_quotes}
    assert not {"non paper", "majority", "pre-conditions"} & texts


def test_speaker_after_the_quote_and_pronoun_from_the_paragraph() -> None:
    # 09ASTANA95: `Nazarbayev told General Petraeus, "..."` and a following `he said`.
    cable = cable_of(
        "(S) Nazarbayev told General Petraeus, \u201cYou\u2019re aware of Afghan history; no foreign country ever "
        "succeeded in invasion.\u201d \u201cKarzai is weak, but it\u2019s better to keep him on,\u201d he said.",
        "(S) \"We will send more troops next year,\" said General Petraeus.",
    )
    quotes = extract_quotes(cable)
    assert [(q.paragraph, q.speaker) for q in quotes] == [(1, "Nazarbayev"), (1, "Nazarbayev"), (2, "Petraeus")]
    assert quotes[1].text == "Karzai is weak, but it\u2019s better to keep him on"


def test_scare_quotes_alone_need_no_speaker_table(monkeypatch) -> None:
    import cable_core.summarize as summarize

    def fail(cable: Cable) -> list:
        raise AssertionError("extract_entities called")

    monkeypatch.setattr(summarize, "extract_entities", fail)
    cable = cable_of('(C) The ministry called the draft a "non paper" and the vote a "formality".')
    assert extract_quotes(cable) == []


def test_quotes_read_the_sentences_summaries_split(seed_text: bytes) -> None:
    # The quote's sentence and its offset come from the cable's one split; a changed paragraph is split again.
    [cable] = parse_bytes(seed_text, "06ASTANA280.txt")
    before = extract_quotes(cable)
    assert before == cable.quotes
    cable.paragraphs[5].text = '(C) "We will wait," Tokayev said.'
    after = [q for q in extract_quotes(cable) if q.paragraph == cable.paragraphs[5].number]
    assert [(q.speaker, q.text) for q in after] == [("Tokayev", "We will wait")]


def test_quotations_are_found_as_by_the_lazy_pattern() -> None:
    import re

    from cable_core.quotes import QUOTED, STRAIGHT_QUOTED

    lazy = re.compile(r"\"([^\"]{2,}?)\"|“([^”]{2,}?)”")
    for text in ['He said "no" and "we will see," then "a"', '“One” and "two" and “x” "y"', '"unclosed', '""""ab"']:
        expected = [(m.span(), m.group(1) or m.group(2)) for m in lazy.finditer(text)]
        assert [(m.span(), m[m.lastindex]) for m in QUOTED.finditer(text)] == expected
        if "“" not in text:
            assert [(m.span(), m[m.lastindex]) for m in STRAIGHT_QUOTED.finditer(text)] == expected


def test_a_name_two_entities_share_is_the_first_ones() -> None:
    from cable_core.models import Entity, EntityMention
    from cable_core.quotes import Speakers

    cable = cable_of("(C) Aliyev spoke.")
    cable.entities = [
        Entity(id="person:aliyev", name="Ilham Aliyev", kind="person", mentions=[EntityMention(paragraph=1, text="Aliyev")]),
        Entity(id="person:h-aliyev", name="Heydar Aliyev", kind="person", mentions=[EntityMention(paragraph=1, text="ALIYEV")]),
        Entity(id="place:baku", name="Baku", kind="place", mentions=[EntityMention(paragraph=1, text="Baku")]),
    ]
    names = Speakers(cable).names
    assert names["aliyev"] == "Ilham Aliyev" and "baku" not in names


def test_a_sentence_of_scare_quotes_only_is_not_read_for_speakers(monkeypatch) -> None:
    import cable_core.quotes as quotes

    read = []
    original = quotes.Unquoted.of
    monkeypatch.setattr(quotes.Unquoted, "of", lambda sentence, matches: read.append(sentence) or original(sentence, matches))
    cable = cable_of('(C) The ministry called the draft a "non paper". "We will sign it in May," Tokayev said.')
    assert [(q.speaker, q.text) for q in extract_quotes(cable)] == [("Tokayev", "We will sign it in May")]
    assert read == ['"We will sign it in May," Tokayev said.']


def test_paragraphs_without_quotes_still_name_the_speaker_and_keep_the_last_one() -> None:
    # Only quoting paragraphs are read, but "he" still looks back into the paragraph before, and the
    # speaker of paragraph 1 carries over a paragraph that quotes no one.
    cable = cable_of("(C) Foreign Minister Tokayev met the Ambassador on May 3.",
                     '(C) "We will wait for the final text of the agreement," he said.')
    assert [(q.speaker, q.paragraph) for q in extract_quotes(cable)] == [("Tokayev", 2)]
    cable = cable_of('(C) "We will wait for the final text," Tokayev said.', "(C) The talks resumed in June.",
                     '(C) "We will sign it in May," he added.')
    assert [(q.speaker, q.paragraph) for q in extract_quotes(cable)] == [("Tokayev", 1), ("Tokayev", 3)]


def test_he_is_never_an_organisation_that_spoke_before() -> None:
    # 08WARSAW1409, shortened: the committee is read as the subject of "described", but the "he"
    # of the next quote is a person (Tusk, named in its sentence), not the committee.
    cable = cable_of(
        "(C) Robert Tyszkiewicz, the Deputy Chair of the Sejm's Foreign Relations Committee, described "
        "Poland's assistance as \"modest, but useful and credible, because we struggled with many of the same "
        "post-Communist challenges.\"",
        "(C) Immediately after Russia's invasion of Georgia, Tusk emphasized Poland's sense of vulnerability "
        "when he asked high-level U.S. officials, \"Now do you see why we wanted the Patriot missiles?\"",
    )
    quotes = extract_quotes(cable)
    assert [q.paragraph for q in quotes] == [1, 2]
    assert quotes[1].speaker == "Tusk"


def test_the_speaker_before_a_relative_clause() -> None:
    # 09LONDON2569 and 04TAIPEI4103: the subject of "said"/"told" is the person before ", who ...,",
    # not the office or party the clause names.
    cable = cable_of(
        "(SBU) Thomas Burn (Protect), who covers external Pakistan political issues in the FCO, said the U.S. "
        "could play a positive role in persuading the incoming Spanish EU Presidency to \"focus on Afghanistan.\"",
        "(C) Wang Jin-pyng, who recently has gone out of his way demonstrating loyalty to Party Chairman Lien "
        "Chan, told AIT \"any KMT member who cooperates with Chen Shui-bian will be expelled.\"",
    )
    assert [q.speaker for q in extract_quotes(cable)] == ["Thomas Burn", "Wang Jin-pyng"]


def test_a_place_before_a_speech_verb_names_no_speaker() -> None:
    # "... Afghanistan and Pakistan," said ...: 55 corpus quotes had a country or city as speaker.
    assert unknown_name("Nazarbayev") == "Nazarbayev"
    assert unknown_name("Pakistan") is None and unknown_name("Tripoli") is None and unknown_name("Pacific") is None
