"""Paragraph summaries and the digest (issue 4), on the seed cable and real corpus excerpts."""

from __future__ import annotations

import pytest

from cable_core.analysis import enrich_text_features
from cable_core.models import Cable, Paragraph, Source
from cable_core.pipeline import parse_bytes
from cable_core.summarize import MAX_SUMMARY_WORDS, digest, split_sentences, summarize_cable

BOILERPLATE = ("Summary:", "End Summary", "(C)", "(Note:", "End Note", "Comment:")


@pytest.fixture(scope="module")
def seed(seed_text: bytes) -> Cable:
    [cable] = parse_bytes(seed_text, "06ASTANA280.txt")
    return cable


def cable_of(*texts: str, summary: str | None = None, subject: str | None = None) -> Cable:
    paragraphs = [Paragraph(number=i, marking="C", text=t) for i, t in enumerate(texts, start=1)]
    return Cable(source=Source(path="test"), paragraphs=paragraphs, summary=summary, subject=subject)


def test_every_seed_paragraph_has_a_short_line_without_boilerplate(seed: Cable) -> None:
    for paragraph in seed.paragraphs:
        assert paragraph.summary
        assert len(paragraph.summary.split()) <= MAX_SUMMARY_WORDS + 3
        assert not any(mark in paragraph.summary for mark in BOILERPLATE), paragraph.summary


def test_seed_paragraph_2_says_tokayev_found_the_preconditions_unacceptable(seed: Cable) -> None:
    line = seed.paragraphs[1].summary
    assert line.startswith("Tokayev")  # "He termed ..." with the pronoun resolved
    assert "unacceptable" in line and "embarrass us" in line


def test_quotes_in_a_summary_stay_exact(seed: Cable) -> None:
    text = " ".join(p.text for p in seed.paragraphs)
    for paragraph in seed.paragraphs:
        for i, part in enumerate(paragraph.summary.split('"')):
            if i % 2:  # inside quotation marks
                assert part in text


def test_seed_digest_has_three_to_five_sentences_none_from_the_author_summary(seed: Cable) -> None:
    sentences = split_sentences(seed.digest)
    assert 3 <= len(sentences) <= 5
    assert all(sentence not in seed.summary for sentence in sentences)


def test_note_and_comment_labels_are_removed() -> None:
    # Constructed text in the cables' style: the (Note: ... End Note.) aside is dropped from the line.
    cable = cable_of('(C) Comment: The ministry will (Note: as reported septel. End Note.) publish the draft law in May.')
    summarize_cable(cable)
    assert cable.paragraphs[0].summary == "The ministry will publish the draft law in May."


def test_an_opening_pronoun_is_replaced_from_the_previous_paragraph() -> None:
    people = cable_of(
        "(C) Foreign Minister Tokayev told the Ambassador that the talks would resume.",
        "(C) He added that Kazakhstan expected a decision in December on the chairmanship bid.",
    )
    enrich_text_features(people)
    assert people.paragraphs[1].summary.startswith("Tokayev added")


def test_digest_skips_the_summary_paragraph_and_admin_sentences() -> None:
    cable = cable_of(
        "(C) Summary: The minister rejected the proposal. End Summary.",
        "(C) The minister met the delegation on Monday to discuss the energy pipeline proposal in detail.",
        "(C) The pipeline proposal would move oil from the Caspian fields to European markets by 2012.",
        "(C) Officials said the energy ministry would publish the pipeline tender rules next spring.",
        "(U) Please contact the energy officer by e-mail for the full text of the proposal.",
        summary="The minister rejected the proposal.",
        subject="MINISTER REJECTS PIPELINE PROPOSAL",
    )
    text = digest(cable)
    assert "rejected" not in text and "e-mail" not in text
    assert len(split_sentences(text)) == 3


# Constructed in the style of the corpus's Tashkent cables (not copied from one): a titled person,
# then "He said" with a quotation.
REAL_EXCERPT = (
    "(C) Summary: Uzbek officials told Poloff that the government would not register the party. End summary.",
    "(C) On October 3, Deputy Foreign Minister Nematov told Poloff that the registration of the opposition "
    "party was \"not on the agenda.\" He said the government \"has no intention\" of revisiting the decision.",
)


def test_a_real_excerpt_gets_a_resolved_one_line_summary() -> None:
    cable = cable_of(*REAL_EXCERPT, summary="Uzbek officials told Poloff that the government would not register the party.")
    enrich_text_features(cable)
    assert "Nematov" in cable.paragraphs[1].summary
    assert len(cable.paragraphs[1].summary.split()) <= MAX_SUMMARY_WORDS + 3


def test_corpus_cables_get_summaries_and_digests(corpus_dir) -> None:
    import lzma

    data = lzma.decompress((corpus_dir / "cables_sample.csv.xz").read_bytes())[:400_000]
    cables = [c for c in parse_bytes(data, "cables.csv") if isinstance(c, Cable)][:50]
    assert cables
    for cable in cables:
        for paragraph in cable.paragraphs:
            assert len(paragraph.summary.split()) <= MAX_SUMMARY_WORDS + 3
        if len(cable.paragraphs) >= 4:
            assert 1 <= len(split_sentences(cable.digest)) <= 5
