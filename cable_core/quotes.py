"""Quoted speech and who said it: a speech verb and its subject in the quote's sentence
("Tokayev said", "he added", "said the Minister"), else the paragraph's speaker."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from cable_core.entities import NOT_NAME, SPEECH_VERBS, extract_entities, last_person_in, surname_of
from cable_core.models import Cable, Entity, Paragraph, Quote
from cable_core.summarize import clean_text, split_sentences

QUOTED = re.compile(r"\"([^\"]{2,}?)\"|“([^”]{2,}?)”")
PRONOUNS = ("he", "she")
VERBS = "|".join(SPEECH_VERBS)
SCARE_QUOTE_WORDS = 2  # quotes this short are speech only when a speech verb stands right by them
# A speech verb right before a short quote: `he said "won't do it"`, `what he termed "overwhelming"`.
VERB_JUST_BEFORE = re.compile(rf"\b(?:{VERBS})(?:\s+(?:it|them|this|that|as|of|us|we|him|her))?\s*[,:]?\s*$", re.I)


SPEECH_VERB = re.compile(rf"\b(?:{VERBS})\b", re.I)
ADVERB = re.compile(r"^(?:also|then|later|again|further|\w+ly)$", re.I)
SUBJECT_WORDS = 4  # a speaker's name as the cable writes it: "Deputy Foreign Minister Aliyev"
VERB_WINDOW = 200  # characters before a quote searched for its speech verb
NEAREST_VERBS = 3  # speech verbs before a quote tried for its speaker, nearest first
SUBJECT_CONTEXT = 400  # characters before a speech verb read for its subject (and for whom "he" means)


@dataclass(frozen=True)
class Speakers:
    """Who may speak in the cable: every way the cable names a person or an organisation,
    lower-cased, with the name to report."""

    people: Sequence[Entity]
    names: dict[str, str]

    def subject_ending(self, text: str, current_speaker: str | None = None) -> str | None:
        """The speaker whose name (or "he") ends `text`: the subject of the verb that follows. "He"
        is the speaker of the quotes just before, else the person last named."""
        text = text[-SUBJECT_CONTEXT:]  # the subject and the sentences that "he" may look back to
        words = [w.strip(",;:") for w in text.split()[-SUBJECT_WORDS - 1:]]
        while words and ADVERB.match(words[-1]):
            words.pop()
        for length in range(min(SUBJECT_WORDS, len(words)), 0, -1):
            candidate = re.sub(r"['’]s$", "", " ".join(words[-length:]).lower())
            if candidate in self.names:
                return self.names[candidate]
            if length == 1 and candidate in PRONOUNS:
                if current_speaker:
                    return current_speaker
                person = last_person_in(text[: text.rfind(words[-1])], self.people)
                return person.name if person else None
        return unknown_name(words[-1]) if words else None

    def subject_starting(self, text: str) -> str | None:
        """The speaker named right after a verb: `said the Minister`."""
        words = [w.strip(",;:.") for w in text.split()[:SUBJECT_WORDS]]
        for length in range(len(words), 0, -1):
            candidate = " ".join(words[:length]).lower()
            if candidate in self.names:
                return self.names[candidate]
        return None


def unknown_name(word: str) -> str | None:
    """A capitalised word before a speech verb names a speaker the entity rules missed ("Nazarbayev said")."""
    word = re.sub(r"['’]s$", "", word)
    if word[:1].isupper() and word[1:].islower() and word not in NOT_NAME and len(word) > 2:
        return word
    return None


def speakers_of(entities: Sequence[Entity]) -> Speakers:
    names: dict[str, str] = {}
    for entity in entities:
        if entity.kind == "place":
            continue
        for mention in entity.mentions:
            names.setdefault(mention.text.lower(), entity.name)
        if entity.kind == "person":
            names.setdefault(surname_of(entity.name).lower(), entity.name)
    return Speakers([e for e in entities if e.kind == "person"], names)


def extract_quotes(cable: Cable) -> list[Quote]:
    if not any(has_quote_mark(p.text) for p in cable.paragraphs):
        return []  # a third of the cables quote no one: no speaker table for them
    speakers = speakers_of(cable.entities or extract_entities(cable))
    quotes: list[Quote] = []
    previous_speaker: str | None = None
    previous_text = ""
    for paragraph in cable.paragraphs:
        found = paragraph_quotes(paragraph, speakers, previous_speaker, previous_text)
        quotes.extend(found)
        previous_speaker = next((q.speaker for q in reversed(found) if q.speaker), previous_speaker)
        previous_text = clean_text(paragraph.text)
    return quotes


def has_quote_mark(text: str) -> bool:
    return '"' in text or "“" in text


def paragraph_quotes(paragraph: Paragraph, speakers: Speakers, previous_speaker: str | None,
                     previous_text: str) -> list[Quote]:
    text = clean_text(paragraph.text)
    if not has_quote_mark(text):
        return []
    quotes: list[Quote] = []
    fallback = previous_speaker
    offset = 0
    for sentence in split_sentences(text):
        offset = text.find(sentence, offset)
        if not has_quote_mark(sentence):
            continue  # most sentences quote no one: no context to build for them
        before_sentence = (previous_text[-SUBJECT_CONTEXT:] + " " + text[max(0, offset - SUBJECT_CONTEXT):offset])
        outside = QUOTED.sub(lambda m: " " * len(m.group(0)), sentence)  # the sentence without its quotes
        for match in QUOTED.finditer(sentence):
            quoted = (match.group(1) or match.group(2)).strip().rstrip(",;")
            if len(quoted.split()) <= SCARE_QUOTE_WORDS and not VERB_JUST_BEFORE.search(
                    sentence, max(0, match.start() - 40), match.start()):
                continue
            speaker = attribute(outside, match, speakers, before_sentence, fallback) or fallback
            fallback = speaker
            quotes.append(Quote(speaker=speaker, text=quoted, paragraph=paragraph.number, marking=paragraph.marking))
    return quotes


def attribute(outside: str, quote: re.Match[str], speakers: Speakers, before_sentence: str,
              current_speaker: str | None) -> str | None:
    """The speaker named by a speech verb in the sentence outside the quotes (`outside`: the
    sentence with its quotes blanked): the subject of the nearest verb before the quote, else of a
    verb right after it (`"...," he said`). Only a window around the quote is read, so a
    sentence full of quotes stays linear."""
    start = max(0, quote.start() - VERB_WINDOW)
    for verb in list(SPEECH_VERB.finditer(outside, start, quote.start()))[-NEAREST_VERBS:][::-1]:
        speaker = speakers.subject_ending(_text_before(outside, verb.start(), before_sentence), current_speaker)
        if speaker:
            return speaker
    verb = SPEECH_VERB.search(outside, quote.end(), quote.end() + 40)
    if verb:
        between = outside[quote.end():verb.start()]
        if between.strip(" ,"):
            return speakers.subject_ending(_text_before(outside, verb.start(), before_sentence), current_speaker)
        return speakers.subject_starting(outside[verb.end():verb.end() + SUBJECT_CONTEXT])
    return None


def _text_before(outside: str, end: int, before_sentence: str) -> str:
    """The SUBJECT_CONTEXT characters before `end`, reaching back into the previous sentences."""
    text = outside[max(0, end - SUBJECT_CONTEXT):end]
    return before_sentence + " " + text if end < SUBJECT_CONTEXT else text
