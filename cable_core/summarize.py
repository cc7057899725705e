"""One-line paragraph summaries and a 3–5 sentence extractive digest of a cable.

Everything is rule-based and statistical (no model): sentences are scored on position, centrality
in the cable, overlap with the subject line and cue words, and boilerplate is dropped. The digest
never draws on the author's own summary, so it can be checked against it (bench/bench_digest.py).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from itertools import chain, repeat
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Mapping, NamedTuple, Sequence

from cable_core.entities import extract_entities, last_person_in
from cable_core.models import Cable, Entity, Paragraph

MAX_SUMMARY_WORDS = 25

# Leading marking and labels that carry no content: "(C)", "(SBU) Summary:", "BEGIN SUMMARY".
LEADING_LABEL = re.compile(
    r"^\s*(?:\((?:[CSU]|SBU|S/NF|C/NF|S/REL[^)]*|[A-Z/ ]{1,12})\)\s*)?"
    r"(?:(?:BEGIN\s+|BEG\s+)?(?:SUMMARY(?:\s+AND\s+COMMENT)?|COMMENT|INTRODUCTION|BACKGROUND|NOTE"
    r"|ACTION\s+REQUEST|BEGIN\s+TEXT|TEXT)\s*(?:[:.\-]+|(?=\s+[A-Z]))\s*)?",
    re.I,
)
# "(Note: ... End Note.)", "Begin comment ... End comment." and closing labels.
INLINE_NOTE = re.compile(r"\(\s*(?:Note|Comment)\s*:.*?(?:End\s+(?:Note|Comment)\.?\s*)?\)", re.I | re.S)
CLOSING_LABEL = re.compile(r"\b(?:END\s+(?:SUMMARY(?:\s+AND\s+COMMENT)?|COMMENT|NOTE|TEXT))\s*[.:]?", re.I)
SUMMARY_MARK = re.compile(r"^\s*(?:\([A-Z/ ]{1,12}\)\s*)?(?:BEGIN\s+)?SUMMARY\b", re.I)
WHITESPACE = re.compile(r"\s+")

# A sentence ends at . ! ? (and closing quotes/brackets) before a space and an upper-case letter
# or opening quote, except after these abbreviations and initials.
# (The match starts at the stop itself, not at a look-behind: a pattern opening with a character
# class is scanned for in C, a look-behind is tried at every position.) See no_break_before.
SENTENCE_END = re.compile(r"[.!?]([\"'”’)\]]*)\s+(?=[\"'“‘(\[]?[A-Z0-9])")

WORD = re.compile(r"[a-z0-9]+")
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself said told says say according per one two three may might must shall
    well however since still yet us 1 2 3 4 5 6 7 8 9 10 s t""".split()
)

# Sentences that administer rather than report.
ADMIN_SENTENCE = re.compile(
    r"\b(?:classified\s+by|reasons?\s+1\.[45]|please\s+(?:advise|contact|pass)|(?:see|per)\s+ref(?:tel)?s?\b"
    r"|reftels?\b|septel|action\s+request|e-?mail|tel(?:ephone)?(?:\s+no\.?)?\s*:|fax\b|drafted\s+by"
    r"|cleared\s+by|visit\s+(?:our\s+)?(?:classified\s+)?(?:web\s*site|intelink)|minimize\s+considered"
    r"|this\s+(?:message|cable)\s+(?:was|has\s+been)\s+(?:cleared|coordinated)|sipdis|end\s+text)",
    re.I,
)
# Cue words of a cable's findings and judgements.
CUE_WORDS = frozenset(
    """agreed concluded believe believes warned urged announced decided refused rejected insisted
    stressed expects expected plans plan will reaffirmed confirmed committed concern concerned key
    important significant likely unlikely must need needs support oppose opposed""".split()
)
OPENING_CONNECTIVE = re.compile(
    r"^(?:However|Thus|Therefore|Moreover|Furthermore|In addition|Additionally|Meanwhile|Also|Still"
    r"|Nevertheless|Nonetheless|Indeed|Finally|Separately|Similarly|Likewise|Instead|Again|In short"
    r"|In any case|At the same time|For (?:his|her|its|their) part|That said|As a result),\s+",
    re.I,
)
# "Asked by Ambassador X for ..., Tokayev said" -> the main clause; only when a capitalised subject follows.
LEADING_PARTICIPLE = re.compile(r"^(?:Asked|Responding|Replying|Speaking|Turning|Referring|Commenting|Noting|"
                                r"When asked|In response to [^,]{0,80}|Pressed|According to [^,]{0,60})"
                                r"[^\"“]{0,160}?,\s+(?=[A-Z])")
# ", with OSCE member support conditional upon reforms," and other side clauses between commas.
SIDE_CLAUSE = re.compile(r",\s+(?:with|including|which|whose|where|despite|notwithstanding|although|though|as well as"
                         r"|in addition to|particularly|especially)\b[^,]*,")
PARENTHETICAL = re.compile(r"\s*\((?![^()]*[\"“])[^()]*\)")
OPENING_PRONOUN = re.compile(r"^(He|She|His|Her)\b")


@dataclass(frozen=True)
class ParagraphContext:
    """What a paragraph summary may draw on beyond the paragraph: the previous paragraph (for a
    pronoun that opens it), the cable's people and the cable's term weights (for picking the
    sentence that carries the point)."""

    previous: Paragraph | None = None
    people: Sequence[Entity] = ()
    term_weights: Mapping[str, float] = field(default_factory=dict)


class Sentence(NamedTuple):
    text: str
    paragraph_index: int
    position: int  # index of the sentence within its paragraph
    terms: frozenset[str]
    admin: bool = False


@lru_cache(maxsize=8192)  # summaries, digest and quotes all read the same paragraphs
def clean_text(text: str) -> str:
    """The paragraph's text without markings, labels, inline notes and closing labels."""
    lower = text.lower()  # the case-insensitive patterns run only where their words are
    if "(" in text and ("note" in lower or "comment" in lower):
        text = INLINE_NOTE.sub(" ", text)
    if "end" in lower:
        text = CLOSING_LABEL.sub(" ", text)
    text = " ".join(text.split())
    previous = None
    while text != previous:  # "(C) Summary:" is two labels
        previous, text = text, LEADING_LABEL.sub("", text, count=1).lstrip(" :.-")
    return text


@lru_cache(maxsize=8192)
def split_sentences(text: str) -> tuple[str, ...]:
    sentences: list[str] = []
    start = 0
    for match in SENTENCE_END.finditer(text):
        stop = match.start()
        if text[stop] == "." and no_break_before(text, start, stop):
            continue
        sentences.append(text[start:match.end(1)].strip())
        start = match.end()
    sentences.append(text[start:].strip())
    return tuple(s for s in sentences if s)


# A period after one of these words (or after any single letter: initials, "U.S.", "e.g.") ends no sentence.
NO_BREAK_WORDS = frozenset(
    "mr mrs ms dr gen lt col maj capt sen rep gov amb prof st no nos jan feb mar apr jun jul aug sep sept "
    "oct nov dec inc corp co ltd jr sr vs approx adm sgt cdr ref para paras".split()
)


def no_break_before(text: str, start: int, stop: int) -> bool:
    """The period at `stop` follows an abbreviation or an initial (the whole word before it, looked
    up in a set: no pattern tried at every stop)."""
    begin = stop
    while begin > start and text[begin - 1].isalnum():
        begin -= 1
    word = text[begin:stop]
    return len(word) == 1 and word.isalpha() or word.lower() in NO_BREAK_WORDS


# Single letters and digits are no content either; with them in the set, a term set is one C-level
# set difference (no per-word Python test).
NOT_TERMS = STOPWORDS | frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def content_terms(text: str) -> frozenset[str]:
    return frozenset(WORD.findall(text.lower())).difference(NOT_TERMS)


def is_admin(sentence: str) -> bool:
    return ADMIN_SENTENCE.search(sentence) is not None


@lru_cache(maxsize=8192)
def paragraph_sentences(text: str) -> tuple[tuple[str, frozenset[str], bool], ...]:
    """The paragraph split once, shared by summaries, digest and quotes: each sentence of the
    cleaned text with its content terms and whether it is administrative. The words of a sentence
    are found once; the admin pattern (case-insensitive, tried at every position) runs only on a
    sentence that has one of its trigger words."""
    prepared = []
    for sentence in split_sentences(clean_text(text)):
        words = frozenset(WORD.findall(sentence.lower()))
        admin = not words.isdisjoint(ADMIN_TRIGGERS) and is_admin(sentence)
        prepared.append((sentence, words.difference(NOT_TERMS), admin))
    return tuple(prepared)


# One of these words is in every text ADMIN_SENTENCE matches.
ADMIN_TRIGGERS = frozenset(
    "classified reason reasons please ref refs reftel reftels septel septels action e email emails "
    "emailed tel telephone fax drafted cleared visit minimize message cable sipdis end".split()
)


class AuthorSummary:
    """The author's summary, its white space normalised once per cable. A paragraph is (part of)
    it when it opens with "Summary" or its text is found in the summary the parser extracted."""

    def __init__(self, summary: str | None) -> None:
        self.text = WHITESPACE.sub(" ", summary) if summary else ""

    def holds(self, paragraph: Paragraph) -> bool:
        if SUMMARY_MARK.match(paragraph.text):
            return True
        if not self.text:
            return False
        probe = clean_text(paragraph.text)[:80]  # clean_text leaves single spaces only
        return len(probe) >= 20 and probe in self.text


def body_paragraphs(cable: Cable) -> list[Paragraph]:
    """The paragraphs after the author's summary (all of them where the cable has none)."""
    summary = AuthorSummary(cable.summary)
    return [p for p in cable.paragraphs if not summary.holds(p)]


def cable_sentences(paragraphs: Iterable[Paragraph]) -> list[Sentence]:
    return [Sentence(text, index, position, terms, admin)
            for index, paragraph in enumerate(paragraphs)
            for position, (text, terms, admin) in enumerate(paragraph_sentences(paragraph.text))]


def term_weights(sentences: Iterable[Sentence]) -> dict[str, float]:
    """Document frequency of each term across the cable's sentences, log-damped: terms the cable
    keeps returning to carry its topic."""
    return weights_of(s.terms for s in sentences)


def weights_of(term_sets: Iterable[frozenset[str]]) -> dict[str, float]:
    counts = Counter(chain.from_iterable(term_sets))
    return {term: LOG1P[n] if n < len(LOG1P) else math.log1p(n) for term, n in counts.items() if n > 1}


LOG1P = [math.log1p(n) for n in range(256)]


def weight_sum(weights: Mapping[str, float], terms: frozenset[str]) -> float:
    """The summed weight of the terms (0 for a term without one), in C: no intersection with the
    cable's whole vocabulary, no generator."""
    return sum(map(weights.get, terms, ZEROS))


ZEROS = repeat(0.0)


# ---------------------------------------------------------------- paragraph summaries


def summarize_paragraph(p: Paragraph, context: ParagraphContext = ParagraphContext()) -> str:
    """One line of at most about 25 words stating the paragraph's point."""
    prepared = paragraph_sentences(p.text)
    if not prepared:
        return ""
    sentences = [s for s, _, _ in prepared]
    # Scored on the sentence's own terms; only the chosen one is compressed.
    best = max(range(len(prepared)), key=lambda i: paragraph_sentence_score(prepared[i], i, context))
    line = compress(sentences[best])
    if OPENING_PRONOUN.match(line):
        before = " ".join(sentences[:best]) or (clean_text(context.previous.text) if context.previous else "")
        line = replace_opening_pronoun(line, before, context.people)
    return shorten(line, MAX_SUMMARY_WORDS)


def paragraph_sentence_score(sentence: tuple[str, frozenset[str], bool], position: int,
                             context: ParagraphContext) -> float:
    _, terms, admin = sentence
    if not terms or admin:
        return -1.0
    # Mean weight, not sum: the line should be dense in the cable's topic, not merely long.
    weights = context.term_weights
    centrality = weight_sum(weights, terms) / len(terms)
    return centrality + 0.3 / (1 + position) + 0.2 * bool(terms & CUE_WORDS)


def compress(sentence: str) -> str:
    """Drop what a one-liner can lose: parentheticals outside quotes, opening connectives and an
    opening participial clause."""
    sentence = PARENTHETICAL.sub("", sentence)
    sentence = OPENING_CONNECTIVE.sub("", sentence)
    sentence = LEADING_PARTICIPLE.sub("", sentence)
    sentence = SIDE_CLAUSE.sub(drop_unless_quoting, sentence)
    return sentence[:1].upper() + sentence[1:]


def drop_unless_quoting(match: re.Match[str]) -> str:
    """An empty string, unless dropping the clause would split a quotation."""
    clause = match.group(0)
    return match.group(0) if (clause.count('"') + clause.count("“") + clause.count("”")) % 2 else ""


def replace_opening_pronoun(line: str, before: str, people: Sequence[Entity]) -> str:
    person = last_person_in(before, people)
    if person is None:
        return line
    pronoun = OPENING_PRONOUN.match(line).group(1)
    name = person.name.split()[-1] if person.title else person.name
    replacement = name if pronoun in ("He", "She") else f"{name}'s"
    return replacement + line[len(pronoun):]


def shorten(line: str, max_words: int) -> str:
    """Cut a long line at the last clause boundary outside quotes within the limit, else at the last
    word outside quotes; a line that is one long quotation is cut at the limit, and the "…" marks
    that what stands is the quotation's exact beginning."""
    words = line.split()
    if len(words) <= max_words + 3:
        return line
    cut, inside_quote, best_boundary = 0, False, 0
    for i, word in enumerate(words[: max_words + 1]):
        inside_quote ^= (word.count('"') + word.count("“") + word.count("”")) % 2 == 1
        if not inside_quote:
            cut = i + 1
            if word.endswith((",", ";", ":")) and i >= max_words // 2:
                best_boundary = i + 1
    cut = best_boundary or cut or max_words
    return " ".join(words[:cut]).rstrip(",;:") + ("…" if cut < len(words) else "")


# ---------------------------------------------------------------- digest

# Weights set by hand and checked with bench/bench_digest.py on the development corpus (not grid-searched).
WEIGHT_CENTRALITY = 1.0
WEIGHT_SUBJECT = 0.6
WEIGHT_PARAGRAPH_POSITION = 0.8
WEIGHT_FIRST_SENTENCE = 0.4
WEIGHT_CUE = 0.2
WEIGHT_COMMENT = 0.3
REDUNDANCY_LIMIT = 0.5
MIN_WORDS, MAX_WORDS = 6, 60
COMMENT_OPENING = re.compile(r"^\s*(?:\([A-Z/ ]{1,12}\)\s*)?(?:BEGIN\s+)?COMMENT\b", re.I)


def digest(cable: Cable) -> str:
    """Three to five sentences of the cable's body, in cable order, that best cover it."""
    paragraphs = body_paragraphs(cable)
    sentences = [s for s in cable_sentences(paragraphs) if is_digest_candidate(s)]
    if not sentences:
        return ""
    weights = term_weights(sentences)
    subject_terms = content_terms(cable.subject or "")
    comment_paragraphs = {i for i, p in enumerate(paragraphs) if COMMENT_OPENING.match(p.text)}
    scores = [digest_score(s, weights, subject_terms, len(paragraphs), s.paragraph_index in comment_paragraphs)
              for s in sentences]
    ranked = [sentences[i] for i in sorted(range(len(sentences)), key=scores.__getitem__, reverse=True)]
    chosen = select_non_redundant(ranked, digest_length(sentences))
    return " ".join(s.text for s in sorted(chosen, key=lambda s: (s.paragraph_index, s.position)))


def is_digest_candidate(sentence: Sentence) -> bool:
    words = sentence.text.count(" ") + 1
    return MIN_WORDS <= words <= MAX_WORDS and not sentence.admin


def digest_length(sentences: Sequence[Sentence]) -> int:
    """Three sentences for a short cable, up to five for a long one."""
    return max(3, min(5, 2 + len(sentences) // 12))


def digest_score(
    sentence: Sentence, weights: Mapping[str, float], subject_terms: frozenset[str], paragraph_count: int,
    in_comment: bool,
) -> float:
    terms = sentence.terms
    if not terms:
        return 0.0
    centrality = weight_sum(weights, terms) / math.sqrt(len(terms))
    subject = len(terms & subject_terms) / (1 + len(subject_terms))
    paragraph_position = 1 - sentence.paragraph_index / max(1, paragraph_count)
    return (
        WEIGHT_CENTRALITY * centrality
        + WEIGHT_SUBJECT * subject * 5
        + WEIGHT_PARAGRAPH_POSITION * paragraph_position
        + WEIGHT_FIRST_SENTENCE * (sentence.position == 0)
        + WEIGHT_CUE * len(terms & CUE_WORDS)
        + WEIGHT_COMMENT * in_comment
    )


def select_non_redundant(ranked: Sequence[Sentence], count: int) -> list[Sentence]:
    chosen: list[Sentence] = []
    for sentence in ranked:
        if all(overlap(sentence.terms, other.terms) < REDUNDANCY_LIMIT for other in chosen):
            chosen.append(sentence)
            if len(chosen) == count:
                break
    return chosen


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


# ---------------------------------------------------------------- the cable


def summarize_cable(cable: Cable) -> None:
    """Fill `summary` of every paragraph and the cable's `digest`."""
    people = [e for e in (cable.entities or extract_entities(cable)) if e.kind == "person"]
    weights = weights_of(terms for p in cable.paragraphs for _, terms, _ in paragraph_sentences(p.text))
    previous = None
    for paragraph in cable.paragraphs:
        paragraph.summary = summarize_paragraph(paragraph, ParagraphContext(previous, people, weights))
        previous = paragraph
    cable.digest = digest(cable)
