"""One-line paragraph summaries and a 3–5 sentence extractive digest of a cable.

Everything is rule-based and statistical (no model): sentences are scored on position, centrality
in the cable, overlap with the subject line and cue words, and boilerplate is dropped. The digest
never draws on the author's own summary, so it can be checked against it (bench/bench_digest.py).
Each paragraph of a cable is cleaned and split into sentences once (prepared_paragraphs); the
summaries, the digest and quotes.py all read that one split.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import cached_property, partial
from itertools import chain, count, repeat
from operator import is_
from typing import Iterable, Iterator, NamedTuple, Sequence

from cable_core.entities import extract_entities, last_person_in
from cable_core.models import Cable, Entity, Paragraph

MAX_SUMMARY_WORDS = 25

# The characters that are white space (\s) to a pattern in Unicode mode and not in ASCII mode.
UNICODE_ONLY_SPACES = "\x1c\x1d\x1e\x1f"


class CaseFreePattern:
    r"""A case-insensitive pattern, written in lower case. On an ASCII text it runs case-sensitively
    on the lower-cased text (the same offsets): folding case at every position is what makes a
    case-insensitive search slow, and in ASCII lower-casing is exactly that folding. There it also
    runs in ASCII mode (\b and \w tested by table, not by Unicode look-up), which matches as the
    Unicode mode does on ASCII text but for UNICODE_ONLY_SPACES: a text with one of them is searched
    as a non-ASCII one."""

    def __init__(self, pattern: str) -> None:
        self.folding = re.compile(pattern, re.I)
        self.lower_case = re.compile(pattern, re.ASCII)

    def on(self, text: str) -> tuple[re.Pattern[str], str]:
        """The compiled pattern to run and the text to run it on."""
        if text.isascii() and not any(map(text.__contains__, UNICODE_ONLY_SPACES)):
            return self.lower_case, text.lower()
        return self.folding, text

    def sub(self, replacement: str, text: str) -> str:
        """`text` with every match (none of them empty) replaced by `replacement`."""
        pattern, searched = self.on(text)
        parts, end = [], 0
        for match in pattern.finditer(searched):
            parts += (text[end:match.start()], replacement)
            end = match.end()
        parts.append(text[end:])
        return "".join(parts)


# Leading marking and labels that carry no content: "(C)", "(SBU) Summary:", "BEGIN SUMMARY".
LEADING_LABEL = re.compile(
    r"^\s*(?:\((?:[CSU]|SBU|S/NF|C/NF|S/REL[^)]*|[A-Z/ ]{1,12})\)\s*)?"
    r"(?:(?:BEGIN\s+|BEG\s+)?(?:SUMMARY(?:\s+AND\s+COMMENT)?|COMMENT|INTRODUCTION|BACKGROUND|NOTE"
    r"|ACTION\s+REQUEST|BEGIN\s+TEXT|TEXT)\s*(?:[:.\-]+|(?=\s+[A-Z]))\s*)?",
    re.I,
)
# "(Note: ... End Note.)", "Begin comment ... End comment." and closing labels.
INLINE_NOTE = re.compile(r"\(\s*(?:Note|Comment)\s*:.*?(?:End\s+(?:Note|Comment)\.?\s*)?\)", re.I | re.S)
# "End" at the start of a word ("weekend note" is none). The look-behind follows the literal start:
# a pattern opening with a literal is scanned for in C, one opening with \b is tried at every position.
CLOSING_LABEL = CaseFreePattern(r"end(?<!\wend)\s+(?:summary(?:\s+and\s+comment)?|comment|note|text)\s*[.:]?")
# Found in the lower-cased text of every paragraph CLOSING_LABEL matches: only there is that tried.
CLOSING_HINT = re.compile(r"end\s+(?:summary|comment|note|text)")
SUMMARY_MARK = re.compile(r"^\s*(?:\([A-Z/ ]{1,12}\)\s*)?(?:BEGIN\s+)?SUMMARY\b", re.I)

# A sentence ends at . ! ? (and closing quotes/brackets) before a space and an upper-case letter
# or opening quote, except after these abbreviations and initials.
# (The match starts at the stop itself, not at a look-behind: a pattern opening with a character
# class is scanned for in C, a look-behind is tried at every position.) See no_break_before.
SENTENCE_END = re.compile(r"[.!?]([\"'”’)\]]*)\s+(?=[\"'“‘(\[]?[A-Z0-9])")
# The same for a text without "!" or "?" (most paragraphs): opening with a literal, it is scanned for
# by a plain character loop in C instead of a character-class test at every position.
PERIOD_END = re.compile(SENTENCE_END.pattern.replace("[.!?]", r"\.", 1))

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
ADMIN_SENTENCE = CaseFreePattern(
    r"\b(?:classified\s+by|reasons?\s+1\.[45]|please\s+(?:advise|contact|pass)|(?:see|per)\s+ref(?:tel)?s?\b"
    r"|reftels?\b|septel|action\s+request|e-?mail|tel(?:ephone)?(?:\s+no\.?)?\s*:|fax\b|drafted\s+by"
    r"|cleared\s+by|visit\s+(?:our\s+)?(?:classified\s+)?(?:web\s*site|intelink)|minimize\s+considered"
    r"|this\s+(?:message|cable)\s+(?:was|has\s+been)\s+(?:cleared|coordinated)|sipdis|end\s+text)"
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


class Sentence(NamedTuple):
    """A sentence of a cleaned paragraph, prepared once per cable for summaries, digest and quotes."""

    text: str
    paragraph_index: int  # index of the paragraph in the cable
    position: int  # index of the sentence within its paragraph
    terms: frozenset[str]
    admin: bool
    start: int  # offset in the cleaned paragraph text


class ParagraphText(NamedTuple):
    """A paragraph's cleaned text and its sentences."""

    text: str
    sentences: tuple[Sentence, ...]


def clean_text(text: str) -> str:
    """The paragraph's text without markings, labels, inline notes and closing labels."""
    lower = text.lower()  # the case-insensitive patterns run only where their words are
    if "(" in text and ("note" in lower or "comment" in lower):
        text = INLINE_NOTE.sub(" ", text)
    if CLOSING_HINT.search(lower):
        text = CLOSING_LABEL.sub(" ", text)
    text = single_spaced(text)
    while True:  # "(C) Summary:" is two labels
        rest = text[LEADING_LABEL.match(text).end():].lstrip(" :.-")
        if rest == text:
            return text
        text = rest


# The white space characters of ASCII other than the space.
ASCII_BREAKS = "\t\n\x0b\x0c\r" + UNICODE_ONLY_SPACES


def single_spaced(text: str) -> str:
    """`text` with each run of white space made one space, and none at either end. An ASCII text is
    not split into words for it (an object per word): each of its other white space characters is
    replaced by a space, and runs of spaces halved until none is left (searches in C)."""
    if not text.isascii():
        return " ".join(text.split())
    for space in ASCII_BREAKS:
        text = text.replace(space, " ")
    while "  " in text:
        text = text.replace("  ", " ")
    return text.strip(" ")


def split_sentences(text: str) -> tuple[str, ...]:
    return tuple(filter(None, [text[start:end].strip() for start, end in sentence_spans(text)]))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Start and end of each sentence of `text`. In a cleaned text (single spaces, none at either
    end) no sentence has white space around it, and only an empty text has an empty one."""
    spans = []
    start = 0
    ends = SENTENCE_END if "!" in text or "?" in text else PERIOD_END
    for match in ends.finditer(text):
        stop = match.start()
        if text[stop] == "." and no_break_before(text, start, stop):
            continue
        spans.append((start, match.end(1)))
        start = match.end()
    spans.append((start, len(text)))
    return spans


# A period after one of these words (or after any single letter: initials, "U.S.", "e.g.") ends no sentence.
NO_BREAK_WORDS = frozenset(
    "mr mrs ms dr gen lt col maj capt sen rep gov amb prof st no nos jan feb mar apr jun jul aug sep sept "
    "oct nov dec inc corp co ltd jr sr vs approx adm sgt cdr ref para paras".split()
)


LONGEST_NO_BREAK = max(map(len, NO_BREAK_WORDS))


def no_break_before(text: str, start: int, stop: int) -> bool:
    """The period at `stop` follows an abbreviation or an initial (the whole word before it, looked
    up in a set: no pattern tried at every stop)."""
    window = stop - LONGEST_NO_BREAK - 1
    if window >= start and text[window:stop].isalnum():
        return False  # a word longer than any abbreviation: most sentences end so
    begin = stop
    while begin > start and text[begin - 1].isalnum():
        begin -= 1
    word = text[begin:stop]
    return len(word) == 1 and word.isalpha() or word.lower() in NO_BREAK_WORDS


# Single letters and digits are no content either; with them in the set, a term set is one C-level
# filter (no per-word Python test).
NOT_TERMS = STOPWORDS | frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def content_terms(text: str) -> frozenset[str]:
    return terms_of(WORD.findall(text.lower()))


def terms_of(words: Iterable[str]) -> frozenset[str]:
    return frozenset(words).difference(NOT_TERMS)


def is_admin(sentence: str) -> bool:
    pattern, text = ADMIN_SENTENCE.on(sentence)
    return pattern.search(text) is not None


def prepare_paragraph(text: str, index: int) -> ParagraphText:
    """The paragraph (the `index`th of its cable) cleaned and split: each sentence with its content
    terms and whether it is administrative. Each step runs over all the sentences in C (maps), not
    in a Python loop per sentence; the admin pattern (case-insensitive, tried at every position)
    runs only on a sentence that has one of its trigger words."""
    clean = clean_text(text)
    if not clean:
        return ParagraphText(clean, ())
    starts, ends = zip(*sentence_spans(clean))
    spans = list(map(slice, starts, ends))
    texts = list(map(clean.__getitem__, spans))
    words = list(map(frozenset, sentence_words(clean, spans)))
    admin = [not free and is_admin(sentence) for free, sentence in zip(map(ADMIN_TRIGGERS.isdisjoint, words), texts)]
    terms = map(frozenset.difference, words, repeat(NOT_TERMS))
    return ParagraphText(clean, tuple(map(new_sentence, zip(texts, repeat(index), count(), terms, admin, starts))))


# A Sentence from its fields, built in C (what Sentence._make does, without a Python call per sentence).
new_sentence = partial(tuple.__new__, Sentence)

# An ASCII text folded so that its words are what WORD finds in its lower-cased form, at the same
# offsets: letters to lower case, everything but letters and digits to a space.
WORD_FOLD = bytes(ord(c.lower()) if c.isascii() and c.isalnum() else ord(" ") for c in map(chr, range(256)))


def sentence_words(text: str, spans: Iterable[slice]) -> Iterator[list[str]]:
    """The words (WORD in the lower-cased text) of each span of `text`. An ASCII text is folded once
    and each span of it split at spaces: no pattern runs per sentence."""
    if text.isascii():
        folded = text.encode().translate(WORD_FOLD).decode()
        return map(str.split, map(folded.__getitem__, spans))
    return map(WORD.findall, map(str.lower, map(text.__getitem__, spans)))


# One of these words is in every text ADMIN_SENTENCE matches.
ADMIN_TRIGGERS = frozenset(
    "classified reason reasons please ref refs reftel reftels septel septels action e email emails "
    "emailed tel telephone fax drafted cleared visit minimize message cable sipdis end".split()
)


class PreparedCable:
    """The cleaned, split paragraphs of the cable last asked for. Summaries, digest and quotes of a
    cable run one after another and share one split; only the last cable is kept (nothing is
    shared between cables), and a cable whose paragraph texts changed is prepared again."""

    def __init__(self) -> None:
        self.last: tuple[Cable, list[str], list[ParagraphText]] | None = None

    def __call__(self, cable: Cable) -> list[ParagraphText]:
        texts = [p.text for p in cable.paragraphs]
        last = self.last  # one read: the three parts always belong together
        if last and last[0] is cable and len(last[1]) == len(texts) and all(map(is_, last[1], texts)):
            return last[2]
        prepared = [prepare_paragraph(text, index) for index, text in enumerate(texts)]
        self.last = (cable, texts, prepared)
        return prepared


prepared_paragraphs = PreparedCable()


def entities_of(cable: Cable) -> list[Entity]:
    """The cable's entities, found here only for a cable that has none yet."""
    return cable.entities or extract_entities(cable)


class AuthorSummary:
    """The author's summary, its white space normalised once per cable. A paragraph is (part of)
    it when it opens with "Summary" or its text is found in the summary the parser extracted."""

    def __init__(self, summary: str | None) -> None:
        self.text = single_spaced(summary) if summary else ""

    def holds(self, paragraph: Paragraph, clean: str) -> bool:
        """`clean`: the paragraph's cleaned text (single spaces only)."""
        if SUMMARY_MARK.match(paragraph.text):
            return True
        if not self.text:
            return False
        probe = clean[:80]
        return len(probe) >= 20 and probe in self.text


def body_indexes(cable: Cable) -> list[int]:
    """The indexes of the paragraphs after the author's summary (all of them where the cable has none)."""
    summary = AuthorSummary(cable.summary)
    prepared = prepared_paragraphs(cable)
    return [i for i, paragraph in enumerate(cable.paragraphs) if not summary.holds(paragraph, prepared[i].text)]


def body_paragraphs(cable: Cable) -> list[Paragraph]:
    """The paragraphs after the author's summary (all of them where the cable has none)."""
    return [cable.paragraphs[i] for i in body_indexes(cable)]


class TermWeights:
    """Document frequency of each term across a set of sentences, log-damped (0 for a term of one
    sentence only): terms the cable keeps returning to carry its topic."""

    def __init__(self, term_sets: Sequence[frozenset[str]], base: TermWeights | None = None) -> None:
        """`base`: the weights of more sentences, whose count is taken over (copied in C, not redone)."""
        self.counts = Counter(base.counts) if base else Counter()
        self.counts.update(chain.from_iterable(term_sets))
        self.sentences = len(term_sets) + (base.sentences if base else 0)
        grow_log_weights(self.sentences)  # no term is in more sentences than there are

    def totals(self, term_sets: Iterable[frozenset[str]]) -> list[float]:
        """The summed weight of each set's terms, all in C (maps of maps: a count and a table
        look-up per term, no Python call per set or term, no dict of weights built per cable).
        `math.fsum`, exactly rounded, because a set's order follows the run's string hashes: with
        `sum` two runs could score a sentence a last bit apart and break a tie the other way."""
        counts = map(map, repeat(self.counts.__getitem__), term_sets)
        return list(map(math.fsum, map(map, repeat(LOG_WEIGHT.__getitem__), counts)))


LOG_WEIGHT = [0.0, 0.0]  # weight of a term by the number of sentences it is in


def grow_log_weights(count: int) -> None:
    """Make LOG_WEIGHT reach `count` sentences (a table grown once, by the longest cable so far)."""
    if count >= len(LOG_WEIGHT):
        LOG_WEIGHT.extend(math.log1p(n) for n in range(len(LOG_WEIGHT), count + 1))


# ---------------------------------------------------------------- paragraph summaries


class CableContext:
    """What a paragraph summary may draw on beyond the paragraph: the cable's term weights (for
    picking the sentence that carries the point) and its people (for a pronoun that opens the
    line; looked up only then)."""

    def __init__(self, cable: Cable, weights: TermWeights) -> None:
        self.cable = cable
        self.weights = weights

    @cached_property
    def people(self) -> list[Entity]:
        return [e for e in entities_of(self.cable) if e.kind == "person"]


def summarize_paragraph(paragraph: ParagraphText, previous: ParagraphText | None, context: CableContext) -> str:
    """One line of at most about 25 words stating the paragraph's point."""
    sentences = paragraph.sentences
    if not sentences:
        return ""
    best = best_sentence(sentences, context.weights)
    line = compress(sentences[best].text)  # only the chosen sentence is compressed
    if OPENING_PRONOUN.match(line):
        before = " ".join(s.text for s in sentences[:best]) or (previous.text if previous else "")
        line = replace_opening_pronoun(line, before, context.people)
    return shorten(line, MAX_SUMMARY_WORDS)


def best_sentence(sentences: Sequence[Sentence], weights: TermWeights) -> int:
    """The index of the sentence that states the paragraph's point (the first of the best), scored
    on its own terms: their mean weight (the line should be dense in the cable's topic, not merely
    long), its position and a cue word. A sentence without terms or an administrative one scores -1."""
    if len(sentences) == 1:
        return 0
    term_sets = [s.terms for s in sentences]
    scores = [
        total / len(terms) + 0.3 / (1 + s.position) + 0.2 * (not CUE_WORDS.isdisjoint(terms))
        if terms and not s.admin else -1.0
        for s, terms, total in zip(sentences, term_sets, weights.totals(term_sets))
    ]
    return scores.index(max(scores))


def compress(sentence: str) -> str:
    """Drop what a one-liner can lose: parentheticals outside quotes, opening connectives and an
    opening participial clause."""
    if "(" in sentence:  # the pattern opens with \s*: tried at every position
        sentence = PARENTHETICAL.sub("", sentence)
    if "," in sentence:  # each of the others ends its clause with one
        sentence = OPENING_CONNECTIVE.sub("", sentence)
        sentence = LEADING_PARTICIPLE.sub("", sentence)
        sentence = SIDE_CLAUSE.sub(drop_unless_quoting, sentence)
    return sentence[:1].upper() + sentence[1:]


def drop_unless_quoting(match: re.Match[str]) -> str:
    """An empty string, unless dropping the clause would split a quotation."""
    clause = match.group(0)
    return clause if quote_marks(clause) % 2 else ""


def quote_marks(text: str) -> int:
    return text.count('"') + text.count("“") + text.count("”")


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
    head = words[: max_words + 1]
    if quote_marks(line):
        cut, best_boundary = cut_outside_quotes(head, max_words)
    else:  # every word is outside quotes: only the boundary is looked for
        cut, best_boundary = len(head), last_boundary(head, max_words // 2)
    cut = best_boundary or cut or max_words
    return " ".join(words[:cut]).rstrip(",;:") + ("…" if cut < len(words) else "")


def cut_outside_quotes(head: Sequence[str], max_words: int) -> tuple[int, int]:
    """The word count up to the last word outside quotes and up to the last clause boundary
    outside quotes (0 where there is none)."""
    cut, inside_quote, best_boundary = 0, False, 0
    for i, word in enumerate(head):
        inside_quote ^= quote_marks(word) % 2 == 1
        if not inside_quote:
            cut = i + 1
            if word.endswith(CLAUSE_ENDS) and i >= max_words // 2:
                best_boundary = i + 1
    return cut, best_boundary


def last_boundary(head: Sequence[str], first: int) -> int:
    """The word count up to the last word from index `first` on that ends a clause (0 where none does)."""
    for i in range(len(head) - 1, first - 1, -1):
        if head[i].endswith(CLAUSE_ENDS):
            return i + 1
    return 0


CLAUSE_ENDS = (",", ";", ":")


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
    body = body_indexes(cable)
    sentences = digest_candidates(cable, body)
    return digest_of(cable, body, sentences, TermWeights([s.terms for s in sentences]))


def digest_of(cable: Cable, body: Sequence[int], sentences: Sequence[Sentence], weights: TermWeights) -> str:
    """The digest from the body's paragraph indexes, its candidate sentences and their term weights."""
    if not sentences:
        return ""
    # Paragraphs by their place in the body (the earlier, the more central) and comment paragraphs.
    body_position = {index: 1 - rank / max(1, len(body)) for rank, index in enumerate(body)}
    comment_paragraphs = {index for index in body if COMMENT_OPENING.match(cable.paragraphs[index].text)}
    scores = digest_scores(sentences, weights, content_terms(cable.subject or ""), body_position, comment_paragraphs)
    ranked = [sentences[i] for i in sorted(range(len(sentences)), key=scores.__getitem__, reverse=True)]
    chosen = select_non_redundant(ranked, digest_length(sentences))
    return " ".join(s.text for s in sorted(chosen, key=lambda s: (s.paragraph_index, s.position)))


def digest_candidates(cable: Cable, body: Sequence[int] | None = None) -> list[Sentence]:
    """The sentences of the body (`body`: its paragraph indexes, found when not given) a digest may take."""
    return partition_sentences(prepared_paragraphs(cable), body_indexes(cable) if body is None else body)[0]


def partition_sentences(prepared: Sequence[ParagraphText], body: Sequence[int]) -> tuple[list[Sentence], list[Sentence]]:
    """The sentences of the body (`body`: its paragraph indexes) a digest may take, and all others,
    each in cable order."""
    in_body = set(body)
    candidates: list[Sentence] = []
    others: list[Sentence] = []
    for index, paragraph in enumerate(prepared):
        if index not in in_body:  # the author's summary: no sentence of it is tested
            others += paragraph.sentences
            continue
        for sentence in paragraph.sentences:
            (candidates if is_digest_candidate(sentence) else others).append(sentence)
    return candidates, others


def is_digest_candidate(sentence: Sentence) -> bool:
    if sentence.admin:
        return False
    words = sentence.text.count(" ") + 1
    return MIN_WORDS <= words <= MAX_WORDS and not is_form(sentence.text)


# "Name: Ibanez Alonso, Rosa Stella DOB: 29-AUG-1969 Colombian Cedula Number: 32828433": a label
# is one to three capitalised words and a colon; prose has at most one.
FORM_LABEL = re.compile(r"(?:^|\s)(?:[A-Z][\w/.-]*\s){0,2}[A-Z][\w/.-]*:\s")


def is_form(text: str) -> bool:
    """A record of labelled fields (a visa case, a biography's data), not a sentence to digest."""
    return text.count(":") > 1 and len(FORM_LABEL.findall(text)) > 1


def digest_length(sentences: Sequence[Sentence]) -> int:
    """Three sentences for a short cable, up to five for a long one."""
    return max(3, min(5, 2 + len(sentences) // 12))


def digest_scores(
    sentences: Sequence[Sentence], weights: TermWeights, subject_terms: frozenset[str],
    paragraph_positions: dict[int, float], comment_paragraphs: set[int],
) -> list[float]:
    """Each sentence's score (0 without terms): its centrality (summed term weight over the square
    root of the term count; `weights`: those of the candidate sentences), its overlap with the subject, its paragraph's place
    (`paragraph_positions`: 1 for the body's first paragraph, falling towards 0 for its last), first
    in its paragraph, its cue words, in a comment paragraph."""
    term_sets = [s.terms for s in sentences]
    subject_share = 1 + len(subject_terms)
    return [
        WEIGHT_CENTRALITY * (total / math.sqrt(len(terms)))
        + WEIGHT_SUBJECT * (len(terms & subject_terms) / subject_share) * 5
        + WEIGHT_PARAGRAPH_POSITION * paragraph_positions[s.paragraph_index]
        + WEIGHT_FIRST_SENTENCE * (s.position == 0)
        + WEIGHT_CUE * len(terms & CUE_WORDS)
        + WEIGHT_COMMENT * (s.paragraph_index in comment_paragraphs)
        if terms else 0.0
        for s, terms, total in zip(sentences, term_sets, weights.totals(term_sets))
    ]


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
    """Fill `summary` of every paragraph and the cable's `digest`. The summaries weigh terms over
    all sentences, the digest over its candidates (most of them): the candidates are counted once."""
    prepared = prepared_paragraphs(cable)
    body = body_indexes(cable)
    candidates, others = partition_sentences(prepared, body)
    candidate_weights = TermWeights([s.terms for s in candidates])
    context = CableContext(cable, TermWeights([s.terms for s in others], candidate_weights))
    previous = None
    for paragraph, text in zip(cable.paragraphs, prepared):
        paragraph.summary = summarize_paragraph(text, previous, context)
        previous = text
    cable.digest = digest_of(cable, body, candidates, candidate_weights)
