"""Paragraph summaries and the digest (issue 4), on the seed cable and real corpus excerpts."""

from __future__ import annotations

import itertools
import math

import pytest

from cable_core.analysis import enrich_text_features
from cable_core.models import Cable, Paragraph, Source
from cable_core.pipeline import parse_bytes
from cable_core.summarize import (
    ADMIN_SENTENCE, CLOSING_LABEL, MAX_SUMMARY_WORDS, WORD, TermWeights, clean_text, digest, is_admin,
    prepared_paragraphs, sentence_words, single_spaced, split_sentences, summarize_cable,
)

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


# ---------------------------------------------------------------- one split per cable (issue 6)


def corpus_sample(corpus_dir, count: int) -> list[Cable]:
    import lzma

    data = lzma.decompress((corpus_dir / "cables_sample.csv.xz").read_bytes())[:400_000]
    return [c for c in parse_bytes(data, "cables.csv", enrich=False) if isinstance(c, Cable)][:count]


def test_a_cable_is_split_once_and_again_when_a_paragraph_changes(seed: Cable) -> None:
    first = prepared_paragraphs(seed)
    assert prepared_paragraphs(seed) is first  # summaries, digest and quotes share it
    copy = seed.model_copy(deep=True)
    assert prepared_paragraphs(copy) is not first  # another cable, even with the same text
    copy.paragraphs[1].text = "(C) The talks resumed."
    [sentence] = prepared_paragraphs(copy)[1].sentences
    assert sentence.text == "The talks resumed." and sentence.paragraph_index == 1


def test_sentence_offsets_point_into_the_cleaned_paragraph(corpus_dir) -> None:
    for cable in corpus_sample(corpus_dir, 40):
        for paragraph, prepared in zip(cable.paragraphs, prepared_paragraphs(cable)):
            assert prepared.text == clean_text(paragraph.text)
            assert [s.text for s in prepared.sentences] == list(split_sentences(prepared.text))
            for sentence in prepared.sentences:
                assert prepared.text[sentence.start:].startswith(sentence.text)


def test_admin_test_on_lower_case_ascii_agrees_with_the_case_insensitive_pattern(corpus_dir) -> None:
    sentences = [s.text for c in corpus_sample(corpus_dir, 60) for p in prepared_paragraphs(c) for s in p.sentences]
    sentences += ["Please CONTACT the Embassy.", "Drafted by: POLOFF İ. Aliyev.", "E-MAIL: x@state.gov"]
    admin = [is_admin(s) for s in sentences]
    assert admin == [ADMIN_SENTENCE.folding.search(s) is not None for s in sentences]
    assert admin[-3:] == [True, True, True]


def test_term_weights_are_the_log_damped_sentence_frequency() -> None:
    sentences = [frozenset({"oil", "pipeline"}), frozenset({"oil", "tender"}), frozenset({"oil"})]
    weights = TermWeights(sentences)
    assert weights.totals([frozenset({"oil", "tender"})]) == [math.log1p(3)]  # "tender" is in one sentence
    many = TermWeights([frozenset({"oil"})] * 400)  # beyond any table built so far
    assert many.totals([frozenset({"oil"})]) == [math.log1p(400)]


def test_a_sentence_weighs_the_same_whatever_the_order_of_its_terms() -> None:
    """A frozenset's order follows the run's string hashes (PYTHONHASHSEED): a plain float sum
    over it gave two runs scores a last bit apart, and once another digest sentence on a tie."""
    terms = ["iran", "nuclear", "talks", "oil", "deal", "visit"]
    weights = TermWeights([frozenset({"iran", "nuclear", "talks"}), frozenset({"iran", "oil"}),
                           frozenset({"nuclear", "oil", "deal", "iran"}), frozenset({"talks", "deal"}),
                           frozenset({"oil", "deal", "visit"}), frozenset({"visit", "iran"})])
    totals = {weights.totals([order])[0] for order in itertools.permutations(terms)}
    assert len(totals) == 1


def test_weights_over_more_sentences_take_over_the_count_of_fewer() -> None:
    fewer = [frozenset({"oil", "pipeline"}), frozenset({"oil"})]
    more = [frozenset({"pipeline", "tender"}), frozenset({"oil"})]
    extended = TermWeights(more, TermWeights(fewer))
    assert extended.counts == TermWeights(fewer + more).counts
    assert extended.totals([frozenset({"oil", "tender"})]) == [math.log1p(3)]


def test_white_space_is_closed_up_as_split_and_join_do() -> None:
    texts = ["  a\n\tb  c \x0b\x1cd\r\n", "x" + " " * 9 + "y", "", " ", "caf\u00e9\u00a0 au\u2003lait "]
    for text in texts:
        assert single_spaced(text) == " ".join(text.split())


def test_sentence_words_of_ascii_and_other_text_are_what_the_word_pattern_finds() -> None:
    for text in ["Tokayev's U.S.-backed plan (2006): 5 points, e-mail.", "Caf\u00e9 AU LAIT, na\u00efve 1.4"]:
        spans = [slice(0, 20), slice(20, len(text))]
        assert list(sentence_words(text, spans)) == [WORD.findall(text[s].lower()) for s in spans]


def test_closing_labels_go_only_at_the_start_of_a_word() -> None:
    text = "The weekend note stays. END SUMMARY. The legend text stays, end\ncomment: goes."
    assert CLOSING_LABEL.sub(" ", text) == "The weekend note stays.   The legend text stays,   goes."
    assert CLOSING_LABEL.sub(" ", "Weekend note. \u00c9nd note.") == "Weekend note. \u00c9nd note."  # not ASCII
    assert clean_text("(C) Summary: Talks resumed. End Summary.") == "Talks resumed."


def test_entities_are_looked_up_only_for_a_pronoun_and_only_where_the_cable_has_none(seed: Cable, monkeypatch) -> None:
    import cable_core.summarize as summarize

    def fail(cable: Cable) -> list:
        raise AssertionError("extract_entities called")

    monkeypatch.setattr(summarize, "extract_entities", fail)
    cable = seed.model_copy(deep=True)  # has its entities
    summarize_cable(cable)
    assert cable.paragraphs[1].summary == seed.paragraphs[1].summary and cable.digest == seed.digest
    summarize_cable(cable_of("(C) The ministry will publish the draft law in May."))  # no line opens with "He"


def test_the_digest_leaves_out_records_of_labelled_fields() -> None:
    # 07BOGOTA1903 (Visas Viper): each case is "Name: ... DOB: ... Cedula Number: ... Gender: ..."; the
    # digest read one as a sentence. It keeps the cases' prose ("Post's Visas Viper Committee submits").
    from cable_core.summarize import is_form
    from tests.conftest import SAMPLES
    [cable] = [c for c in parse_bytes((SAMPLES / "07BOGOTA1903.txt").read_bytes(), "07BOGOTA1903.txt")
               if isinstance(c, Cable)]
    assert "DOB:" not in cable.digest and "Cedula Number:" not in cable.digest
    assert "Visas Viper Committee submits" in cable.digest
    assert is_form("Name: Campo Escobar, Alfonso Antonio Francisco DOB: 05-DEC-1966 Gender: Male")
    assert not is_form("Tokayev told the Ambassador: \"we need a consensus.\"")


def test_digest_candidates_are_the_plain_body_sentences_of_the_right_length(corpus_dir) -> None:
    # partition_sentences skips the author's summary whole and tests a sentence's admin flag before
    # its length and form: the split must be the one the rule states, sentence by sentence.
    from cable_core.summarize import MAX_WORDS, MIN_WORDS, body_indexes, is_form, partition_sentences

    checked = 0
    for cable in corpus_sample(corpus_dir, 60):
        prepared, body = prepared_paragraphs(cable), body_indexes(cable)
        candidates, others = partition_sentences(prepared, body)
        rule = [s for i in body for s in prepared[i].sentences
                if MIN_WORDS <= s.text.count(" ") + 1 <= MAX_WORDS and not s.admin and not is_form(s.text)]
        every = [s for p in prepared for s in p.sentences]
        assert candidates == rule
        assert others == [s for s in every if s not in rule]
        checked += len(body) < len(prepared)
    assert checked  # some of the cables have an author's summary
