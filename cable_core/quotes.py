"""Quoted speech and who said it: a speech verb and its subject in the quote's sentence
("Tokayev said", "he added", "said the Minister"), else the paragraph's speaker."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from cable_core.entities import SPEECH_VERBS, extract_entities, last_person_in, surname_of, words_pattern
from cable_core.models import Cable, Entity, Paragraph, Quote
from cable_core.summarize import clean_text, split_sentences

QUOTED = re.compile(r"\"([^\"]{2,}?)\"|“([^”]{2,}?)”")
PRONOUNS = ("he", "she")
VERBS = "|".join(SPEECH_VERBS)
SCARE_QUOTE_WORDS = 2  # quotes this short are speech only when a speech verb stands right by them
# A speech verb right before a short quote: `he said "won't do it"`, `what he termed "overwhelming"`.
VERB_JUST_BEFORE = re.compile(rf"\b(?:{VERBS})(?:\s+(?:it|them|this|that|as|of|us|we|him|her))?\s*[,:]?\s*$", re.I)


@dataclass(frozen=True)
class Speakers:
    """The cable's possible speakers and a pattern that finds them as the subject of a speech verb."""

    people: Sequence[Entity]
    organizations: Sequence[Entity]
    subject_before_verb: re.Pattern[str]
    verb_before_subject: re.Pattern[str]

    def resolve(self, subject: str, before: str) -> str | None:
        """The speaker's name for a subject found in the text ("he" from what comes before)."""
        lowered = subject.lower()
        if lowered in PRONOUNS:
            person = last_person_in(before, self.people)
            return person.name if person else None
        for entity in [*self.people, *self.organizations]:
            if any(m.text.lower() == lowered for m in entity.mentions) or surname_of(entity.name).lower() == lowered:
                return entity.name
        return None


def speakers_of(entities: Sequence[Entity]) -> Speakers:
    people = [e for e in entities if e.kind == "person"]
    organizations = [e for e in entities if e.kind == "organization"]
    names = {m.text for e in [*people, *organizations] for m in e.mentions} | {surname_of(p.name) for p in people}
    subject = rf"(?P<subject>{words_pattern([*names, *PRONOUNS]) or 'he|she'})"
    return Speakers(
        people,
        organizations,
        re.compile(rf"\b{subject}(?:['’]s)?\s+(?:\w+ly\s+|also\s+|then\s+|later\s+|again\s+)?(?:{VERBS})\b", re.I),
        re.compile(rf"\b(?:{VERBS})\s+{subject}\b", re.I),
    )


def extract_quotes(cable: Cable) -> list[Quote]:
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


def paragraph_quotes(paragraph: Paragraph, speakers: Speakers, previous_speaker: str | None,
                     previous_text: str) -> list[Quote]:
    text = clean_text(paragraph.text)
    if '"' not in text and "“" not in text:
        return []
    quotes: list[Quote] = []
    fallback = previous_speaker
    offset = 0
    for sentence in split_sentences(text):
        offset = text.find(sentence, offset)
        before_sentence = previous_text + " " + text[:offset]
        for match in QUOTED.finditer(sentence):
            quoted = (match.group(1) or match.group(2)).strip()
            speaker = attribute(sentence, match, speakers, before_sentence)
            if len(quoted.split()) <= SCARE_QUOTE_WORDS and not VERB_JUST_BEFORE.search(sentence[:match.start()]):
                continue
            speaker = speaker or fallback
            fallback = speaker or fallback
            quotes.append(Quote(speaker=speaker, text=quoted, paragraph=paragraph.number, marking=paragraph.marking))
    return quotes


def attribute(sentence: str, quote: re.Match[str], speakers: Speakers, before_sentence: str) -> str | None:
    """The speaker named by a speech verb in the sentence outside the quotes: the nearest one
    before the quote, else one after it (`"...," he said`)."""
    outside = QUOTED.sub(lambda m: " " * len(m.group(0)), sentence)
    left, right = outside[: quote.start()], outside[quote.end():]
    candidates = [m for m in speakers.subject_before_verb.finditer(left)]
    if candidates:
        chosen = candidates[-1]
        return speakers.resolve(chosen.group("subject"), before_sentence + " " + left[: chosen.start()])
    after = speakers.subject_before_verb.search(right) or speakers.verb_before_subject.search(right)
    if after:
        return speakers.resolve(after.group("subject"), before_sentence + " " + left)
    return None
