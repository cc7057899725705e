"""Quoted speech and who said it: a speech verb and its subject in the quote's sentence
("Tokayev said", "he added", "said the Minister"), else the paragraph's speaker."""

from __future__ import annotations

import re
from functools import cached_property
from operator import attrgetter
from typing import NamedTuple, Sequence

from cable_core.entities import NOT_NAME, SPEECH_VERBS, last_person_in, place_names, surname_of, words_pattern
from cable_core.models import Cable, Entity, Paragraph, Quote
from cable_core.summarize import CaseFreePattern, ParagraphText, entities_of, prepared_paragraphs

# A quotation in straight or curly quotes, its text the last group matched. The repeats are greedy:
# no closing mark is inside a quotation, so the first one ends it (a lazy repeat tests each character).
QUOTED = re.compile(r"\"([^\"]{2,})\"|“([^”]{2,})”")
# The same in a sentence without curly quotes (most): opening with a literal, it is scanned for in C.
STRAIGHT_QUOTED = re.compile(r"\"([^\"]{2,})\"")
PRONOUNS = ("he", "she")
VERBS = words_pattern(SPEECH_VERBS)  # a prefix tree: a flat list of verbs is tried verb by verb at every position
SCARE_QUOTE_WORDS = 2  # quotes this short are speech only when a speech verb stands right by them
# A speech verb right before a short quote: `he said "won't do it"`, `what he termed "overwhelming"`.
VERB_JUST_BEFORE = CaseFreePattern(rf"\b(?:{VERBS})(?:\s+(?:it|them|this|that|as|of|us|we|him|her))?\s*[,:]?\s*$")


SPEECH_VERB = CaseFreePattern(rf"\b(?:{VERBS})\b")
POSSESSIVE = re.compile(r"['’]s$")
ADVERB = re.compile(r"^(?:also|then|later|again|further|\w+ly)$", re.I)
SUBJECT_WORDS = 4  # a speaker's name as the cable writes it: "Deputy Foreign Minister Aliyev"
VERB_WINDOW = 200  # characters before a quote searched for its speech verb
NEAREST_VERBS = 3  # speech verbs before a quote tried for its speaker, nearest first
SUBJECT_CONTEXT = 400  # characters before a speech verb read for its subject (and for whom "he" means)
MENTION_TEXT = attrgetter("text")


class Speakers:
    """Who may speak in the cable: every way the cable names a person or an organisation,
    lower-cased, with the name to report. Built on first use: a fifth of the cables with quote
    marks hold only scare quotes, which need no speaker."""

    def __init__(self, cable: Cable) -> None:
        self.cable = cable

    @cached_property
    def entities(self) -> list[Entity]:
        return entities_of(self.cable)

    @cached_property
    def people(self) -> list[Entity]:
        return [e for e in self.entities if e.kind == "person"]

    @cached_property
    def organization_names(self) -> frozenset[str]:
        return frozenset(e.name for e in self.entities if e.kind == "organization")

    @cached_property
    def names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        # Last entity first, each overwriting: a form two entities share keeps the first one's name.
        for entity in reversed(self.entities):
            if entity.kind == "place":
                continue
            if entity.kind == "person":
                names[surname_of(entity.name).lower()] = entity.name
            names.update(dict.fromkeys(map(str.lower, map(MENTION_TEXT, entity.mentions)), entity.name))
        return names

    def subject_ending(self, text: str, current_speaker: str | None = None) -> str | None:
        """The speaker whose name (or "he") ends `text`: the subject of the verb that follows. "He"
        is the speaker of the quotes just before, else the person last named."""
        text = without_aside(text[-SUBJECT_CONTEXT:])  # the subject and the sentences "he" may look back to
        words = [w.strip(",;:") for w in text.rsplit(None, SUBJECT_WORDS + 1)[-SUBJECT_WORDS - 1:]]
        while words and ADVERB.match(words[-1]):
            words.pop()
        if not words:
            return None
        # Lower-cased once, the possessive taken off the last word (where every candidate ends).
        lower = " ".join(words).lower().split(" ")
        lower[-1] = POSSESSIVE.sub("", lower[-1])
        for length in range(min(SUBJECT_WORDS, len(words)), 0, -1):
            candidate = " ".join(lower[-length:])
            if candidate in self.names:
                return self.names[candidate]
            if length == 1 and candidate in PRONOUNS:
                if current_speaker and current_speaker not in self.organization_names:  # "he" is no committee
                    return current_speaker
                person = last_person_in(text[: text.rfind(words[-1])], self.people)
                return person.name if person else None
        return unknown_name(words[-1])

    def subject_starting(self, text: str) -> str | None:
        """The speaker named right after a verb: `said the Minister`."""
        words = [w.strip(",;:.") for w in text.split()[:SUBJECT_WORDS]]
        for length in range(len(words), 0, -1):
            candidate = " ".join(words[:length]).lower()
            if candidate in self.names:
                return self.names[candidate]
        return None


# What stands between a subject and its verb: a relative clause set off by commas ("Tomac, who
# chairs the Foreign Affairs Committee, said") and a bracket after the name ("Thomas Burn (Protect)").
RELATIVE_CLAUSE = re.compile(r",\s*(?:who|whom|whose)\b[^,;:.\"“”]{1,160},\s*$", re.I)
BRACKET_AFTER_NAME = re.compile(r"\s*\([^()]{1,30}\)\s*$")
CLAUSE_REACH, BRACKET_REACH = 170, 34  # characters the two patterns can span (with their commas and spaces)


def without_aside(text: str) -> str:
    """`text` (ending right before a speech verb) without a relative clause and a bracket at its end:
    the verb's subject is the name before them, not the committee or office the clause names."""
    if "," not in text[-CLAUSE_REACH:]:
        return text  # no clause to take off: the patterns, tried from every comma, are not run
    clause = RELATIVE_CLAUSE.search(text, max(0, len(text) - CLAUSE_REACH))
    if clause:
        text = text[:clause.start()]
        bracket = BRACKET_AFTER_NAME.search(text, max(0, len(text) - BRACKET_REACH))
        if bracket:
            text = text[:bracket.start()]
    return text


def unknown_name(word: str) -> str | None:
    """A capitalised word before a speech verb names a speaker the entity rules missed ("Nazarbayev said")."""
    word = POSSESSIVE.sub("", word)
    if (word[:1].isupper() and word[1:].islower() and word not in NOT_NAME and len(word) > 2
            and word.lower() not in place_names(True)):  # "..., Asia Pacific, who ... affirmed" names no speaker
        return word
    return None


def extract_quotes(cable: Cable) -> list[Quote]:
    quoting = [index for index, paragraph in enumerate(cable.paragraphs) if has_quote_mark(paragraph.text)]
    if not quoting:
        return []  # a third of the cables quote no one: no speaker table for them
    speakers = Speakers(cable)
    prepared = prepared_paragraphs(cable)
    quotes: list[Quote] = []
    previous_speaker: str | None = None
    for index in quoting:  # only a paragraph with a quote mark quotes anyone or changes the speaker
        previous_text = prepared[index - 1].text if index else ""
        found = paragraph_quotes(cable.paragraphs[index], prepared[index], speakers, previous_speaker, previous_text)
        quotes.extend(found)
        previous_speaker = next((q.speaker for q in reversed(found) if q.speaker), previous_speaker)
    return quotes


def has_quote_mark(text: str) -> bool:
    return '"' in text or "“" in text


def paragraph_quotes(paragraph: Paragraph, prepared: ParagraphText, speakers: Speakers,
                     previous_speaker: str | None, previous_text: str) -> list[Quote]:
    """The quotes of `paragraph` (`prepared`: its cleaned text and sentences)."""
    text = prepared.text
    if not has_quote_mark(text):
        return []
    quotes: list[Quote] = []
    fallback = previous_speaker
    for parts in prepared.sentences:
        sentence, offset = parts.text, parts.start
        if not has_quote_mark(sentence):
            continue  # most sentences quote no one: no context to build for them
        matches = list((QUOTED if "“" in sentence else STRAIGHT_QUOTED).finditer(sentence))
        speech = [(match, quoted) for match, quoted in zip(matches, map(quotation, matches))
                  if not is_scare_quote(quoted, sentence, match.start())]
        if not speech:
            continue  # scare quotes only: no speaker to look for
        before_sentence = (previous_text[-SUBJECT_CONTEXT:] + " " + text[max(0, offset - SUBJECT_CONTEXT):offset])
        unquoted = Unquoted.of(sentence, matches)
        for match, quoted in speech:
            speaker = attribute(unquoted, match, speakers, before_sentence, fallback) or fallback
            fallback = speaker
            quotes.append(Quote(speaker=speaker, text=quoted, paragraph=paragraph.number, marking=paragraph.marking))
    return quotes


def quotation(match: re.Match[str]) -> str:
    """The quoted words of a QUOTED match, without the white space and clause marks at their ends."""
    return match[match.lastindex].strip().rstrip(",;")


def is_scare_quote(quoted: str, sentence: str, start: int) -> bool:
    """A quotation (at `start` in `sentence`) of at most SCARE_QUOTE_WORDS words with no speech verb
    right before it."""
    if len(quoted.split()) > SCARE_QUOTE_WORDS:
        return False
    pattern, searched = VERB_JUST_BEFORE.on(sentence)
    return pattern.search(searched, max(0, start - 40), start) is None


class Unquoted(NamedTuple):
    """A sentence with its quotations blanked out (offsets kept), and the speech-verb pattern with
    the text to run it on (prepared once per sentence, not per quote)."""

    text: str
    verbs: re.Pattern[str]
    searched: str

    @classmethod
    def of(cls, sentence: str, quotes: Sequence[re.Match[str]]) -> Unquoted:
        parts, end = [], 0
        for quote in quotes:
            parts += (sentence[end:quote.start()], " " * (quote.end() - quote.start()))
            end = quote.end()
        parts.append(sentence[end:])
        text = "".join(parts)
        return cls(text, *SPEECH_VERB.on(text))


def attribute(unquoted: Unquoted, quote: re.Match[str], speakers: Speakers, before_sentence: str,
              current_speaker: str | None) -> str | None:
    """The speaker named by a speech verb in the sentence outside the quotes: the subject of the
    nearest verb before the quote, else of a verb right after it (`"...," he said`). Only a window
    around the quote is read, so a sentence full of quotes stays linear."""
    outside, verbs, searched = unquoted
    start = max(0, quote.start() - VERB_WINDOW)
    for verb in list(verbs.finditer(searched, start, quote.start()))[-NEAREST_VERBS:][::-1]:
        speaker = speakers.subject_ending(_text_before(outside, verb.start(), before_sentence), current_speaker)
        if speaker:
            return speaker
    verb = verbs.search(searched, quote.end(), quote.end() + 40)
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
