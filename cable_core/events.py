"""Events on a timeline: every dated mention in a cable's paragraphs, plus the cable's own date
and its declassification date. Exports to CSV and TimelineJS JSON."""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from datetime import date, datetime
from pathlib import Path

from .models import Cable, Event, EventMention
from .summarize import no_break_before
from .timex import Timex, tag, value_span
from .timex import vocabulary as timex_vocabulary
from .timex.patterns import trie_pattern

# Trigger words of each kind, nearest to the expression wins; the order breaks ties.
KIND_TRIGGERS: dict[str, tuple[str, ...]] = {
    "agreement": ("agreement", "treaty", "accord", "memorandum", "mou", "signed", "signing", "protocol"),
    "election": ("election", "elections", "elected", "vote", "voting", "ballot", "candidacy", "chairmanship", "bid", "campaign", "referendum", "polls"),
    "deadline": ("deadline", "due", "expire", "expires", "expiry"),
    "travel": ("visit", "visits", "visited", "trip", "travel", "travels", "traveled", "depart", "departs", "departed", "departure", "arrive", "arrives", "arrived", "arrival", "fly", "flew"),
    "meeting": ("meeting", "meet", "met", "meets", "talks", "conversation", "call", "called", "dinner", "lunch", "breakfast", "ceremony", "conference", "summit", "ministerial", "session", "consultations", "discussed", "negotiations", "council", "briefing", "appointment"),
    "statement": ("statement", "speech", "address", "remarks", "said", "told", "tells", "stated", "announced", "announcement", "declared", "interview", "appeal", "letter", "informed", "non", "memo", "delivered", "press", "reported", "reports"),
    "decision": ("decision", "decided", "decree", "law", "laws", "ruling", "ruled", "order", "ordered", "approved", "adopted", "postponed", "pardon", "pardoned", "verdict", "sentenced", "passed", "resolution"),
}
TRIGGER_KINDS = {word: kind for kind, words in reversed(KIND_TRIGGERS.items()) for word in words}
# Words naming happenings of kind other (attacks, unrest, arrests, offices taken, deliveries: the
# guidelines' "other"). Nearer the expression than any trigger, they make the event's kind other
# once merging is done: merging compares the kinds of the triggers alone.
HAPPENING_WORDS = ("attack", "attacks", "attacked", "bombing", "bombed", "explosion", "killed", "killing", "murdered",
                   "war", "fighting", "clashes", "riots", "rebellion", "uprising", "coup", "strike", "demonstration",
                   "demonstrations", "protest", "protests", "arrested", "arrest", "arrests", "detained", "captured",
                   "appointed", "resigned", "resignation", "founded", "formed", "established", "delivered",
                   "delivery", "shipment", "training", "flood", "floods", "earthquake", "accident", "crash", "died",
                   "death", "overthrow")
SHOWN_KINDS = {**TRIGGER_KINDS, **dict.fromkeys(HAPPENING_WORDS, "other")}
KIND_REACH = 150
# A trie (a flat alternation is tried word by word), after the non-word character that stands
# for \b: a pattern opening with \b cannot be skipped to fast. Group 1 is the trigger or happening word.
TRIGGER = re.compile(rf"\W({trie_pattern(SHOWN_KINDS)})\b")
LONGEST_TRIGGER = max(map(len, SHOWN_KINDS))
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def _every_case(*groups: Iterable[str]) -> frozenset[str]:
    """The words of the groups in lower case, capitalised and in capitals: a title's words are
    looked up as written, since a str.lower() of each costs more than the lookup."""
    return frozenset(form for group in groups for word in group for form in (word, word.capitalize(), word.upper()))


PREPOSITIONS = ("on", "in", "at", "during", "until", "till", "by", "since", "from", "for", "before", "after", "o/a", "of", "to", "around")
DETERMINERS = ("the", "his", "her", "its", "their", "a", "an", "this", "that", "our", "your")
# Function words by what they open. A title is cut before a phrase opener, never ends with one,
# and drops a phrase fronted before its subject (up to its comma) that opens with a fronted opener.
# The sets hold every case of their words (_every_case).
PHRASE_PREPOSITIONS = ("with", "without", "into", "onto", "upon", "under", "through", "toward", "towards", "against",
                       "among", "between", "within", "via", "per", "despite", "regarding", "including", "following",
                       "according", "than", "as", "about", "across", "along", "amid", "behind", "beyond", "near",
                       "like", "unlike", "concerning", "except", "throughout")
SUBORDINATORS = ("although", "though", "because", "while", "whereas", "when", "if", "unless", "once", "since",
                 "after", "before", "until", "as", "even")
CONNECTORS = ("however", "thus", "meanwhile", "moreover", "furthermore", "nevertheless", "also", "still", "instead",
              "finally", "then", "again", "indeed", "therefore", "likewise", "otherwise")
RELATIVES = ("which", "who", "whom", "whose", "that", "where", "when", "what", "why", "how", "whether")
CONJUNCTIONS = ("and", "or", "but", "nor")
PHRASE_OPENERS = _every_case(PREPOSITIONS, PHRASE_PREPOSITIONS, SUBORDINATORS, RELATIVES, CONJUNCTIONS)
FRONTED_OPENERS = _every_case(PREPOSITIONS, PHRASE_PREPOSITIONS, SUBORDINATORS, CONNECTORS)
SUBORDINATOR_WORDS = _every_case(SUBORDINATORS)
PREPOSITION_WORDS = _every_case(PREPOSITIONS)
DETERMINER_WORDS = _every_case(DETERMINERS)
# The words that lead to a date ("on", "the", "at least", "as of", "either on") and those that
# join it to another date ("1979 or 1980").
DATE_LEADERS = _every_case(PREPOSITIONS, DETERMINERS, timex_vocabulary.WEEKDAYS,
                           (month for month in timex_vocabulary.MONTHS if month != "may"),  # not the modal
                           ("as", "least", "either", "approximately", "about", "within", "through", "throughout",
                            "over", "between", "night", "morning", "evening", "afternoon", "today", "yesterday",
                            "tomorrow"))
# Words a title does not open with: conjunctions, relative words, pure subordinators.
LEADING_LINKS = _every_case(CONJUNCTIONS, ("which", "who", "that", "although", "though", "because", "while",
                                           "whereas", "if", "unless", "once", ",", "-", "--"))
PARENTHETICALS = _every_case(f"{word}," for word in CONNECTORS)
DATE_COORDINATORS = _every_case(("or", "and", "to", "through"))
# A word after which a phrase starts: where a title of a long clause may start near its date.
CLAUSE_LINKS = _every_case(("that", "who", "which", "whom", "and", "but", "while", "whereas", "because"))
# Words that may open a clause's subject, after a fronted phrase.
SUBJECT_OPENERS = _every_case(DETERMINERS, ("another", "some", "many", "most", "both", "all", "several", "each", "he",
                                             "she", "they", "we", "it", "i", "there", "no"))
REPORTING_VERBS = (*timex_vocabulary.REPORTING_VERBS, "says", "tells", "notes", "adds", "claims", "states")
REPORTING = _every_case(REPORTING_VERBS)
REPORTING_WORDS = _every_case(REPORTING_VERBS, (f"{verb}," for verb in REPORTING_VERBS))
THAT = _every_case(("that", "that,"))
WHO = _every_case(("who",))
TITLE_WORDS = 12  # at most, cut at a phrase boundary (two more to reach one)
MIN_TITLE_WORDS = 5  # a cut at a phrase boundary leaves at least these
NEAR_DATE = 10  # words before the date a title keeps when the clause's subject is further
MIN_PHRASE_WORDS = 3  # before the date, in a title that starts near it
FRONTED_REACH = 12  # words of a fronted phrase or an apposition, up to its comma
FRAME_REACH = 6  # from a reporting verb to its "that"
AFTER_WORDS = 40  # of the clause after the date: more than the rules below read past a fronted phrase
APPOSITION_SUBJECT = 6  # words of a subject before the comma of its apposition
APPOSITION_REACH = 16  # words of an apposition or a relative clause after the subject, up to its comma
NAME_WORDS = 4  # of a name a relative clause is about
NOT_NOUNS = PHRASE_OPENERS | _every_case(("over", "up", "out", "off", "down", "would", "will", "could", "should",
                                          "is", "was", "were", "had", "has", "have", "be"))
# Words a title does not end with.
DANGLING = PHRASE_OPENERS | DETERMINER_WORDS | _every_case((
    "were", "was", "is", "are", "be", "been", "has", "have", "had", "would", "will", "could", "should", "may", "might",
    "can", "not", "rpt", "perhaps", "probably", "possibly", ""))  # "": a punctuation mark alone
# Capitalised words that are not names (sentence starts, function words, form labels).
NOT_NAMES = frozenset({
    "The", "A", "An", "On", "In", "At", "As", "If", "He", "She", "We", "They", "It", "This", "That",
    "However", "Summary", "End", "Note", "Comment", "Thus", "Asked", "Several", "No", "Only",
    "Toward", "Summing", "While", "Although", "But", "And", "During", "After", "Before", "Since",
    "Despite", "His", "Her", "Their", "Our", "Its", "Such", "Some", "Other", "Both", "Begin",
    "Key", "Though", "Better", "Barring", "Trying", "Whatever", "Whoever", "According", "Also",
    "Additionally", "Meanwhile", "Following", "Given", "Post", "Embassy", "Reftel", "Ref", "Name",
    "Occupation", "Gender", "Unit", "Date", "Type", "Travel", "Training", "Starts", "Passport", "Service",
    "Male", "Female", "Former", "Further", "Regarding", "Under", "With", "Without", "For", "From", "To",
    "Of", "By", "Then", "There", "Here", "What", "When", "Where", "Why", "How", "Who", "Whether", "All",
    "Many", "Most", "Any", "Each", "Every", "Neither", "Nor", "Either", "Yes", "Not", "Mr", "Mrs", "Ms",
    "Dr", "TV", "XXXXXXXXXXXX", "RPT", "REFTEL", "REFTELS", "COMMENT", "NOTE", "SUMMARY", "END",
    *(m.capitalize() for m in timex_vocabulary.MONTHS), *(d.capitalize() for d in timex_vocabulary.WEEKDAYS),
})
NOT_NAMES_LOWER = frozenset(w.lower() for w in NOT_NAMES)
# The lookbehind stands after the first letter so that the engine can skip to capitals fast.
NAME_RUN = re.compile(r"[A-Z](?<![A-Za-z0-9_][A-Z])(?:[a-z]+|[A-Z]+[a-z]?)(?:[\s-]+(?:(?:of|de|van|al|the|for)\s+)?(?:[A-Z][a-z]+|[A-Z]{2,}))*")
# In all-capitals text names cannot be told by their case: a participant is a titled person
# ("PRESIDENT HRAWI", "FM BUWAYZ") there.
CAPS_TITLES = ("PRESIDENT", "PRIME MINISTER", "FOREIGN MINISTER", "MINISTER", "AMBASSADOR", "GENERAL", "KING",
               "PRINCE", "SPEAKER", "LEADER", "SECRETARY", "CHAIRMAN", "DIRECTOR", "GOVERNOR", "SENATOR",
               "FM", "PM", "DCM", "MR.", "MRS.", "MS.", "DR.", "CHIEF EXECUTIVE", "CORRESPONDENT", "AMB.")
CAPS_TITLED = re.compile(r"\b" + trie_pattern(CAPS_TITLES) + r"(?:\s+(?!(?:OF|THE|AND|TO|IN|ON|WAS|IS|WILL|HAS|HAD|WHO|SAID|TOLD)\b)[A-Z][A-Z'’-]+){1,3}")
LOWER_CASE = re.compile(r"[a-z]")
CLOSING_MARKS = "\"'”’)"
SENTENCE_END = re.compile(rf"[.!?]+[{CLOSING_MARKS}]*(?=\s|$)")
# No leading \s*: a pattern that starts with its punctuation is searched for fast, and the
# space before a break is dropped when the clause is split into words anyway.
# Each alternative opens with a plain character (no class) for the same reason.
CLAUSE_BREAK = re.compile(r"(?:;|:(?!\d)|\[|\]|--|\.\.\.|,\s+(?:but|and|while|which|although|when)\b)\s*")
LEADERS = re.compile(r"^\s*(?:\(\w+\)\s*)?(?:summary|comment|note|begin summary|end summary)\s*[:.]\s*|^\W+", re.I)
LEADER_STARTS = "sScCnNbBeE"  # the first letters of LEADERS' words
DATE_WORDS = frozenset({*timex_vocabulary.MONTHS, *timex_vocabulary.WEEKDAYS, *timex_vocabulary.DAY_WORDS, "night", "morning", "evening", "afternoon"})
DATE_WORD_FORMS = _every_case(DATE_WORDS)
# Between the two ends of a range ("March 27-28", "October 1 - May 31", "May 3 to May 5").
RANGE_GAP = re.compile(r"\s*(?:-|–|—|to|through|thru|until|till)\s*", re.IGNORECASE)
RANGE_AND = re.compile(r"\s*(?:and|&)\s*", re.IGNORECASE)
# Anaphoric expressions that need a date mentioned before them.
ANAPHORIC = re.compile(r"(?:that|the\s+(?:same|previous|following|preceding|prior))\s+(?:day|week|month|year|morning|afternoon|evening|night)", re.IGNORECASE)
# Birth dates are not happenings: in vetting lists, DPOB fields, and in brackets after a name in a
# biography list ("Prime Minister Ghannouchi: (8/18/1941)").
BIRTH_DATE = re.compile(r"\b(?:DOB|DPOB|born|birth)\b[^.;\n]{0,20}$|[A-Za-z]:\s*\($", re.IGNORECASE)
HEDGED_AGO = re.compile(r"\b(?:ago|earlier|later|before|after|back)\b", re.IGNORECASE)
ABSOLUTE = re.compile(r"\b(?:1[89]|20)\d\d\b|\d{1,2}/\d{1,2}/\d{2,4}")
# Body text before the first numbered paragraph counts when it starts with a paragraph marking.
MARKED_BLOCK = re.compile(r"^\((?P<marking>[A-Z]{1,4}(?:/[A-Z]{1,4})?)\)\s+(?P<text>\S.*)", re.S)
STOP_WORDS = frozenset("""a an the and or but of to in on at by for from with as is was were be been are has have had
will would could should may might can this that these those it its his her their our we they he she said told
also which who whom when where while not no rpt than then there here into about after before during since
until over under more most very such other some any all each both only just own same new""".split())
CONTENT_WORD = re.compile(r"[a-z][a-z'’-]{2,}")
NOT_CONTENT = STOP_WORDS | DATE_WORDS
# Words that name too many happenings to tell two of them apart.
GENERIC_WORDS = frozenset({
    *KIND_TRIGGERS["statement"], "meeting", "meet", "met", "meets", "talks", "call", "called", "discussed",
    "visit", "visits", "visited", "travel", "trip", "conversation", "session", "decision", "plan", "plans",
    *timex_vocabulary.REPORTING_VERBS,
}) - {"speech", "address", "appeal", "interview", "letter", "press", "memo", "non"}


_REF_ID_YEAR = re.compile(r"(\d\d)[A-Z]+\d+")
_BLANK_LINE = re.compile(r"\n\s*\n")
_WORD_DOT = re.compile(r"[A-Za-z]+\.?")
_DTG_DIGITS = re.compile(r"\d{6}Z")
_LOWER_WORD = re.compile(r"[a-z][a-z-]+")
_SPACES = re.compile(r"\s+")
_QUOTES_SPACE = re.compile(r"[\"“”]|\s+(?=[,.])")
_RANGE_END_AFTER = re.compile(r"^\s*(?:-|–|(?i:to|through|and|or))\s*(?:(?:[A-Z][a-z]{2,8}\.?\s+)?(?:\d{1,2}|(?:1[89]|20)\d\d)\b"
                              rf"|(?=[A-Z])(?i:{trie_pattern(timex_vocabulary.MONTHS)})\b\.?)(?:,?\s*(?:1[89]|20)\d\d\b)?")
_BRACKETED = re.compile(r"\([^()]*\)")
RANGE_STARTS = "-–tTaAoO"  # the first characters of _RANGE_END_AFTER's matches after spaces
GLUE = "-–/"  # a word glued to the expression by one of these (or by no space) is part of the date: "March-June"
_LETTER = re.compile(r"[A-Za-z]")


@dataclass
class _Mention:
    """A dated mention: the expression, where it stands and what surrounds it."""
    timex: Timex
    value: str
    paragraph: int
    marking: str | None
    sentence: str
    position: int  # of the expression in the sentence
    _found_kinds: tuple[str, str] | None = field(default=None, init=False, repr=False)

    @property
    def kind(self) -> str:
        """The kind of the nearest trigger, which merging compares. Found when asked: a mention
        merged into an event of a known kind may need none. (Not a functools.cached_property: in
        Python 3.11 that takes a lock at every first access.)"""
        if self._found_kinds is None:
            self._found_kinds = _kinds(self.sentence, self.position, len(self.timex.text))
        return self._found_kinds[0]

    @property
    def names_other_happening(self) -> bool:
        """A word naming a happening of kind other ("strike", "war") stands nearer the expression
        than any trigger of another kind."""
        return self.kind != "other" and self._found_kinds is not None and self._found_kinds[1] == "other"


def extract_events(cable: Cable) -> list[Event]:
    """The cable's dated happenings, merged by date and happening, after its two header events."""
    events = _header_events(cable)
    dct, absolute_only = _reference_time(cable)
    if dct is None:
        return events
    timeline = _Timeline(_TopicWords(cable))
    anchor: str | None = None
    for number, marking, text in _body_texts(cable):
        timexes = tag(text, dct, anchor, dates_only=True)
        if not timexes:
            continue
        anchor = _last_anchor(timexes) or anchor
        for mention in _mentions(text, timexes, number, marking, absolute_only, anchored=anchor is not None):
            timeline.add(mention)
    return events + timeline.events()


class _TopicWords:
    """Words of a cable's topic: in many of its paragraphs (at least 3 and 40 %)."""

    def __init__(self, cable: Cable):
        self._cable = cable
        self._texts: list[str] | None = None
        self._known: dict[str, bool] = {}  # the answer for each word asked (the count scans every paragraph)

    def __contains__(self, word: str) -> bool:
        if word not in self._known:
            self._known[word] = self._in_many_paragraphs(word)
        return self._known[word]

    def _in_many_paragraphs(self, word: str) -> bool:
        if self._texts is None:
            self._texts = [text.lower() for _, _, text in _body_texts(self._cable)]
        count = sum(word in text for text in self._texts)
        return count >= 3 and count >= 0.4 * len(self._texts)


class _Timeline:
    """The events of one cable, built mention by mention. Keeps what merging asks again and
    again within the cable: the events of each date, the words and the participants of each
    sentence, the words of each event."""

    def __init__(self, topics: _TopicWords):
        self._topics = topics
        self._events: list[Event] = []  # in the order they were found: ties of the final sort keep it
        self._by_date: dict[tuple[str, str | None], list[Event]] = {}
        self._words: dict[str, frozenset[str]] = {}
        self._participants: dict[str, list[str]] = {}
        # The sentences of each event (by id) as found, and their words: an event's words are asked
        # for at every later mention of its date, and change only when a mention joins it.
        self._sentences: dict[int, list[str]] = {}
        self._event_words: dict[int, frozenset[str]] = {}
        self._happenings_named: list[Event] = []  # events whose first mention names a happening of kind other

    def add(self, mention: _Mention) -> None:
        """A new event for the mention, or the mention added to the event of its happening."""
        same_date = self._by_date.setdefault((mention.value, mention.timex.mod), [])
        event = self._same_happening(same_date, mention)
        participants = self._participants_of(mention.sentence)
        if event is None:
            event = _new_event(mention, participants)
            if mention.names_other_happening:
                self._happenings_named.append(event)
            same_date.append(event)
            self._events.append(event)
            self._sentences[id(event)] = [mention.sentence]
        else:
            _add_mention(event, mention, participants)
            self._sentences[id(event)].append(mention.sentence)
            self._event_words.pop(id(event), None)

    def events(self) -> list[Event]:
        for event in self._happenings_named:
            event.kind = "other"
        return sorted(self._events, key=lambda e: (e.date_start, e.paragraphs[:1], e.title))

    def _same_happening(self, same_date: list[Event], mention: _Mention) -> Event | None:
        """The event of `same_date` (the events of the mention's value and mod) the mention
        belongs to. A year or coarser names one happening per cable whatever the wording.
        Mentions of one day, week or month are one happening when a content word next to the
        new mention occurs in a sentence of the event (the "December 1 amnesty" after the
        "amnesty ... announced on December 1"), or when they stand in one paragraph and are not
        of two different kinds ("on September 17 ... the September 17 incident"). Words of the
        cable's topic (in many of its paragraphs: "Kazakhstan" in the seed) tell nothing."""
        if not same_date:
            return None
        if same_date[0].precision not in ("minute", "day", "week", "month"):
            return same_date[0]
        # Words that name too many happenings ("meeting", "said") tell nothing either.
        cues = self._content_words(mention.sentence) - GENERIC_WORDS
        for event in same_date:
            if any(word not in self._topics for word in cues & self._words_of(event)):
                return event
        for event in same_date:
            if mention.paragraph in event.paragraphs and (
                    event.kind == mention.kind or "other" in (event.kind, mention.kind)):
                return event
        return None

    def _words_of(self, event: Event) -> frozenset[str]:
        found = self._event_words.get(id(event))
        if found is None:
            sentences = self._sentences[id(event)]
            found = self._event_words[id(event)] = frozenset().union(*map(self._content_words, sentences))
        return found

    def _content_words(self, sentence: str) -> frozenset[str]:
        """The words of three letters or more, lower case, without stop words and date words."""
        found = self._words.get(sentence)
        if found is None:
            found = self._words[sentence] = frozenset(CONTENT_WORD.findall(sentence.lower())) - NOT_CONTENT
        return found

    def _participants_of(self, sentence: str) -> list[str]:
        found = self._participants.get(sentence)
        if found is None:
            found = self._participants[sentence] = _participants(sentence)
        return found


def _reference_time(cable: Cable) -> tuple[datetime | None, bool]:
    """The creation time to resolve dates against, and whether only dates written with their
    year may be kept (no creation time known: the year of the reference id stands in)."""
    if cable.created is not None:
        return cable.created, False
    published = cable.publisher.created if cable.publisher else None
    if published:
        try:
            return datetime.fromisoformat(published.strip().replace("Z", "")[:19]), False
        except ValueError:
            pass
    ref_id = cable.ref_id or Path(cable.source.path).stem
    year = _REF_ID_YEAR.fullmatch(ref_id)
    if year:
        two = int(year[1])
        return datetime(2000 + two if two < 70 else 1900 + two, 7, 1), True
    return None, True


def _body_texts(cable: Cable) -> Iterator[tuple[int, str | None, str]]:
    """(paragraph number, marking, text) of the body: marked prose before the first numbered
    paragraph (number 0), then the paragraphs."""
    for block in _BLANK_LINE.split(cable.preamble or ""):
        found = MARKED_BLOCK.match(block.strip())
        if found:
            yield 0, found["marking"], found["text"]
    for paragraph in cable.paragraphs:
        yield (paragraph.number if paragraph.number is not None else 0), paragraph.marking, paragraph.text


def _last_anchor(timexes: list[Timex]) -> str | None:
    """The last calendar value the text mentions explicitly: the focus of the next paragraph."""
    for timex in reversed(timexes):
        if timex.type in ("DATE", "TIME") and timex.value[:1].isdigit() and not ANAPHORIC.fullmatch(timex.text):
            return timex.value
    return None


def _mentions(text: str, timexes: list[Timex], number: int, marking: str | None, absolute_only: bool,
              anchored: bool) -> Iterator[_Mention]:
    """The timexes of a text that date a happening, with their sentences."""
    previous: Timex | None = None
    seen_date = anchored
    for timex in timexes:
        before, previous = previous, timex
        if not _on_timeline(timex):
            continue
        if before is not None and _is_range_end(text, before, timex):
            continue
        if ANAPHORIC.fullmatch(timex.text) and (not seen_date or _date_follows(text, timexes, timex)):
            continue
        if timex.mod and HEDGED_AGO.search(timex.text):
            continue  # "over a year ago" is vague
        seen_date = True
        if absolute_only and not ABSOLUTE.search(timex.text):
            continue
        if _after_birth_label(text, timex.start):
            continue
        sentence, position = _sentence_around(text, timex)
        yield _Mention(timex=timex, value=_day_value(timex.value), paragraph=number, marking=marking,
                       sentence=sentence, position=position)


def _after_birth_label(text: str, start: int) -> bool:
    """BIRTH_DATE in the 30 characters before `start`. Every match of it holds a "b" (DOB, born…)
    or a bracket, which most windows lack: a search at each of their positions is spared."""
    window_start = max(0, start - 30)
    window = text[window_start:start]
    if "b" not in window and "B" not in window and "(" not in window:
        return False
    return BIRTH_DATE.search(text, window_start, start) is not None


def _date_follows(text: str, timexes: list[Timex], timex: Timex) -> bool:
    """'that year on October 1, 1991': the date an anaphoric expression refers to follows it."""
    later = [t for t in timexes if t.start >= timex.end]
    return bool(later) and later[0].start - timex.end <= 25 and "." not in text[timex.end:later[0].start]


def _is_range_end(text: str, before: Timex, timex: Timex) -> bool:
    """The second end of a range: "March 27-28", "October 1 - May 31", "November 18 and 19"."""
    gap_start, gap_end = before.end, timex.start
    if gap_end - gap_start > 12 or not before.value[:4].isdigit():
        return False
    if RANGE_GAP.fullmatch(text, gap_start, gap_end):
        return True
    return bool(RANGE_AND.fullmatch(text, gap_start, gap_end)) and timex.text.isdigit()


def _day_value(value: str) -> str:
    """Event values stop at the day: '1993-01-12TMO' → '1993-01-12'."""
    return value[:10] if len(value) > 10 and value[10] == "T" and value[:4].isdigit() else value


def _sentence_around(text: str, timex: Timex) -> tuple[str, int]:
    """The sentence holding the expression and the expression's offset inside it: from the last
    sentence end before it to the first one at or after its start. The full stop of an
    abbreviation or an initial ("U.S.", "Oct. 5", "Amb.") ends no sentence."""
    start = _last_sentence_end(text, timex.start)
    after = SENTENCE_END.search(text, timex.start)
    while after and _abbreviation_stop(text, after.start()):
        after = SENTENCE_END.search(text, after.end())
    return text[start:after.end() if after else len(text)], timex.start - start


def _last_sentence_end(text: str, position: int) -> int:
    """Where the last sentence that ends at or before `position` ends (0: none does). The stops
    are looked for backwards with str.rfind: a regular expression searches forwards only."""
    probe = position
    while (stop := max(text.rfind(".", 0, probe), text.rfind("!", 0, probe), text.rfind("?", 0, probe))) >= 0:
        end = _sentence_end_at(text, stop)
        if end is not None and end <= position and not _abbreviation_stop(text, stop):
            return end
        probe = stop
    return 0


def _abbreviation_stop(text: str, stop: int) -> bool:
    """A lone full stop at `stop` that closes an abbreviation or an initial, as the summaries
    read it (`summarize.no_break_before`)."""
    return text[stop] == "." and (stop == 0 or text[stop - 1] != ".") and no_break_before(text, 0, stop)


def _sentence_end_at(text: str, stop: int) -> int | None:
    """The end of a sentence whose [.!?] is at `stop`, past its closing marks, as SENTENCE_END
    finds it; None when no white space or end of text follows them (the dots of "U.S.", "1.5")."""
    end = stop + 1
    while end < len(text) and text[end] in CLOSING_MARKS:
        end += 1
    return end if end == len(text) or text[end].isspace() else None


def _header_events(cable: Cable) -> list[Event]:
    events = []
    if cable.created is not None:
        created = cable.created
        has_time = (created.hour, created.minute) != (0, 0)
        value = created.isoformat(timespec="minutes")[:16] if has_time else created.date().isoformat()
        events.append(Event(value=value, precision="minute" if has_time else "day", date_start=created.date(),
                            date_end=created.date(), title=f"Cable {cable.ref_id or ''} sent".replace("  ", " "),
                            kind="cable", participants=[p for p in [cable.origin] if p]))
    if cable.declassify_on is not None:
        day = cable.declassify_on
        events.append(Event(value=day.isoformat(), precision="day", date_start=day, date_end=day,
                            title="Declassification date", kind="declassification"))
    return events


def _on_timeline(timex: Timex) -> bool:
    """Calendar dates only: no durations, sets, *_REF values, centuries (too wide to place a
    happening: "a traditional 20th century type of threat" would stretch the timeline over 1900-1999)
    or clock times without a day word."""
    if timex.type in ("DURATION", "SET") or not timex.value[:1].isdigit():
        return False
    span = value_span(timex.value, timex.mod)
    if span is None or span[2] == "century":
        return False
    if timex.type == "TIME":
        words = {w.lower().rstrip(".") for w in _WORD_DOT.findall(timex.text)}
        return bool(words & DATE_WORDS) or bool(_DTG_DIGITS.search(timex.text))
    return True


def _kinds(sentence: str, position: int, length: int) -> tuple[str, str]:
    """The kind whose trigger word stands nearest the expression in its sentence (within
    KIND_REACH characters; one before it wins a tie), and the same with the happening words
    (SHOWN_KINDS). The nearest trigger after it is searched first, so that only as much text
    before it as may hold a nearer one is scanned."""
    window_start = max(0, position - KIND_REACH)
    window = " " + sentence[window_start:position + length + KIND_REACH].lower()  # the space: a word at its start
    start = position - window_start + 1  # of the expression in the window
    end = start + length
    kind = shown = "other"
    kind_distance = shown_distance = len(window)
    after = TRIGGER.search(window, end - 1)  # the non-word character before a trigger may end the expression
    if after is not None:
        shown, shown_distance = SHOWN_KINDS[after[1]], after.start(1) - end
    while after is not None and after[1] not in TRIGGER_KINDS:  # a happening word: the trigger is further
        after = TRIGGER.search(window, after.end())
    if after is not None:
        kind, kind_distance = TRIGGER_KINDS[after[1]], after.start(1) - end
    # Every match starts with the only non-word character it holds, so a scan started anywhere
    # finds the same triggers as one started at the beginning; it stops at the expression, which
    # a trigger before it ends at the latest (its \b there reads the expression's first character).
    for trigger in TRIGGER.finditer(window, max(0, start - kind_distance - LONGEST_TRIGGER - 1), start + 1):
        distance = start - trigger.end()
        if distance < 0:
            break
        word = trigger[1]
        if distance <= shown_distance:
            shown, shown_distance = SHOWN_KINDS[word], distance
        if distance <= kind_distance and word in TRIGGER_KINDS:
            kind, kind_distance = TRIGGER_KINDS[word], distance
    return kind, shown


def _title(sentence: str, position: int, length: int, whole: bool = False) -> str:
    """A short phrase of what happens: the clause around the expression without the date's phrase,
    from the clause's subject, cut at a phrase boundary; when the expression qualifies a noun
    ("his October 27th address to…"), that noun phrase. `whole`: from the whole sentence, for an
    expression whose clause holds nothing else."""
    before, after, determined = _clause_around(sentence, position, length, whole)
    # The expression qualifies the noun after it ("his October 27th address", "the October 4 USG non
    # paper", "March 3 elections were held": a lower-case word, not a function word), unless it
    # stands in brackets ("the Act (2001) provides").
    if after and after[0] not in NOT_NOUNS and sentence[position - 1:position] != "(" and (
            determined or (len(after) >= 3 and _LOWER_WORD.fullmatch(after[0]) is not None)):
        words = after
    else:
        words = _main_clause(before, after)
    if len(words) > TITLE_WORDS + 2:
        words = _cut_at_phrase_boundary(words)
    while words and words[-1].strip(",;:.!?\"'“”‘’") in DANGLING:
        words.pop()
    while words and words[0].strip(",;:") in LEADING_LINKS and not _is_acronym(words):
        words.pop(0)
    if not PARENTHETICALS.isdisjoint(words):
        words = _without_parentheticals(words)
    title = _tidy(" ".join(words))
    if not title:
        return _title(sentence, position, length, whole=True) if not whole else sentence.strip()[:80]
    return title[:1].upper() + title[1:]


def _is_acronym(words: list[str]) -> bool:
    """The first word is in capitals in mixed-case text ("WHO Geneva sent…"): no relative word."""
    return len(words) > 1 and words[0].isupper() and not words[1].isupper()


def _without_parentheticals(words: list[str]) -> list[str]:
    """Without connectors set off by commas ("the GOK, however, would…"): they say nothing of what happens."""
    kept: list[str] = []
    for word in words:
        if word in PARENTHETICALS:
            if kept:
                kept[-1] = kept[-1].rstrip(",")
        else:
            kept.append(word)
    return kept


def _clause_around(sentence: str, position: int, length: int, whole: bool) -> tuple[list[str], list[str], bool]:
    """The words of the expression's clause before and after it, without asides in brackets
    (the whole aside when the expression stands in one), the rest of a range, the parts of a word
    the expression is glued to ("post-December", "March-June") and the words that lead to it;
    and whether a determiner stands right before it ("the October 4 non-paper")."""
    clause_start, clause_end = 0, len(sentence)
    for cut in () if whole else CLAUSE_BREAK.finditer(sentence):
        if cut.end() <= position:
            clause_start = cut.end()
        elif cut.start() >= position + length:
            clause_end = cut.start()
            break
    before = sentence[clause_start:position]
    after = sentence[position + length:clause_end]
    if after[:8].lstrip()[:1] in RANGE_STARTS:
        after = _without_range_end(after)
    if "(" in before or ")" in before or "(" in after or ")" in after:
        before, after = _without_asides(before, after)
    before_words, after_words = before.split(), after.split(None, AFTER_WORDS)
    if len(after_words) > AFTER_WORDS:
        after_words.pop()  # the rest of the clause, unsplit
    if before_words and (before[-1].isalnum() or before[-1] in GLUE):
        before_words.pop()
    if after_words and (after[0].isalnum() or after[0] in GLUE):
        after_words.pop(0)
    if len(after_words) > 1 and after_words[0] == "of" and _is_date_word(after_words[1]):
        after_words = after_words[1:]  # "the weekend of January 7": the rest of the date
        while after_words and _is_date_word(after_words[0]):
            after_words.pop(0)
    determined = bool(before_words) and before_words[-1] in DETERMINER_WORDS
    return _without_date_leaders(before_words), after_words, determined


def _without_asides(before: str, after: str) -> tuple[str, str]:
    """The text before and after the expression without asides in brackets. An aside holding the
    expression with other words is its clause; an aside of the expression alone ("the Act (2001)
    provides") goes."""
    before = _without_brackets(before)
    after = _without_brackets(after)
    opened, closed = before.rfind("("), after.find(")")
    if opened >= 0 and closed >= 0 and not before[opened + 1:].strip() and not after[:closed].strip(" ,.;:"):
        return before[:opened], after[closed + 1:]
    ends = [end for end in (closed, after.find("(")) if end >= 0]
    return before[max(opened, before.rfind(")")) + 1:], after[:min(ends)] if ends else after


def _without_brackets(text: str) -> str:
    """The text without its asides in brackets and the spaces and commas they leave ("Abuja (…), to")."""
    if "(" not in text:
        return text  # an unclosed ")" at most: _without_asides cuts there
    text = _BRACKETED.sub("", text).replace(" ,", ",")
    while ",," in text:
        text = text.replace(",,", ",")
    return text


def _without_date_leaders(before: list[str]) -> list[str]:
    """`before` (changed in place) without the words that lead to the expression ("on", "the", "at least", "as of") and
    the other date of a coordination ("in 1979 or [1980]")."""
    words = before
    while words:
        word = words[-1]
        if word in DATE_LEADERS:
            words.pop()
        elif word in DATE_COORDINATORS and len(words) > 1 and _is_date_word(words[-2]):
            words.pop()
            while words and _is_date_word(words[-1]):
                words.pop()
        else:
            break
    return words


def _is_date_word(word: str) -> bool:
    """A number, a month or day word, or a range of them ("March-June")."""
    return all(part.isdigit() or part in DATE_WORD_FORMS for part in word.strip(",.").split("-"))


def _main_clause(before: list[str], after: list[str]) -> list[str]:
    """The clause's words without the date's phrase, from the subject of the clause the date stands
    in: without fronted phrases ("In a related development,"), the reporting frame ("X told PolOff
    that") when the date is in what was said, an apposition to the subject, and words too far
    before the date. Each rule is tried where a test cheaper than a call says it may apply: most
    clauses need none. A comma that closed the date's phrase still closes what precedes it, unless
    the date stood between two commas after the subject ("X, on May 5, met Y")."""
    words = before + after
    at = len(before)  # where the date stood
    if after and after[0].startswith(","):
        words[at] = after[0][1:]
        if not words[at]:
            del words[at]
        if before and before[-1].endswith(",") and not _opens_fronted_phrase(before[0]):
            words[at - 1] = before[-1][:-1]
        elif before and not before[-1].endswith(","):
            words[at - 1] = before[-1] + ","
    if 0 < at < len(words) and words[at - 1].endswith(","):  # "RETU, formed in December 2008,"
        participle = _participle_of_date(words, at)
        if participle:
            return participle
    if words and _opens_fronted_phrase(words[0]):
        words, at = _without_fronted_phrases(words, at)
    if not REPORTING_WORDS.isdisjoint(words[:at + FRAME_REACH]):
        words, at = _without_reporting_frame(words, at)
        if words and _opens_fronted_phrase(words[0]):
            words, at = _without_fronted_phrases(words, at)
    if "," in "".join(words[:APPOSITION_SUBJECT]):
        words, at = _without_apposition(words, at)
    if not WHO.isdisjoint(words[1:at]):
        words, at = _relative_clause(words, at)
    if at > TITLE_WORDS:
        words = words[_phrase_start_near(words, at):]
    return words


def _participle_of_date(words: list[str], at: int) -> list[str]:
    """'RETU, formed in December 2008, has…' and 'Appointed January 3, Transport Minister Fahmy
    is…': a past participle the date follows, set off by commas next to its subject, is the
    happening: "RETU formed", "Transport Minister Fahmy appointed". [] for none. `words[at - 1]`
    ends with the comma after the date."""
    if not _is_participle(words[at - 1]):
        return []
    participle = words[at - 1].rstrip(",")
    participle = participle if participle.isupper() else participle.lower()
    if at == 1:  # fronted: the subject follows the comma, up to its first lower-case word
        subject = list(itertools.takewhile(lambda word: word[:1].isupper(), words[1:1 + NAME_WORDS]))
    elif words[at - 2].endswith(",") and words[at - 2][:1].isupper():  # in apposition to a name before the comma
        subject = words[max(0, at - 2 - NAME_WORDS + 1):at - 2] + [words[at - 2][:-1]]
    else:
        return []
    return [*subject, participle] if subject else []


def _is_participle(word: str) -> bool:
    word = word.rstrip(",")
    return len(word) > 4 and (word.endswith("ed") and word[1:].islower() or word.endswith("ED") and word.isupper())


def _opens_fronted_phrase(word: str) -> bool:
    return word.rstrip(",") in FRONTED_OPENERS or word.endswith(("ly,", "LY,"))  # "Separately,"


def _without_fronted_phrases(words: list[str], at: int) -> tuple[list[str], int]:
    """Drop phrases before the subject that end with a comma ("However,", "As for the other judges,").
    When the date stands in a fronted phrase, or ends a fronted subordinate clause ("even though
    she won custody in January 2004, there are…"), that phrase names the happening: keep it
    alone, without its opening word."""
    while words and _opens_fronted_phrase(words[0]):
        end = _fronted_phrase_end(words)
        if end is None or end + 1 == len(words):
            break
        opener = words[0]
        subordinate = opener in SUBORDINATOR_WORDS and words[1] not in PREPOSITION_WORDS  # not "as of", "as for"
        if at > end + 1 or at == 0 or (at == end + 1 and not subordinate):
            words, at = words[end + 1:], max(0, at - end - 1)
        else:  # the phrase names the happening: "In an introductory call March 10 on the President,"
            skip = 2 if opener.lower() == "even" else 1
            return words[skip:end + 1], max(0, at - skip)
    return words, at


def _fronted_phrase_end(words: list[str]) -> int | None:
    """The comma of a fronted phrase: the first within reach before a word that may open the
    subject (a capital, a determiner, a pronoun), past the commas of a list ("following high
    tides, strong winds and torrential rains in Djibouti, the river burst"); else the first."""
    commas = [i for i, word in enumerate(words[:FRONTED_REACH]) if word.endswith(",")]
    for i in commas:
        following = words[i + 1] if i + 1 < len(words) else ""
        if following[:1].isupper() or following in SUBJECT_OPENERS:
            return i
    return commas[0] if commas else None


def _without_reporting_frame(words: list[str], at: int) -> tuple[list[str], int]:
    """'X told PolOff that S': S alone when the date is in it, else X told PolOff S (the saying is
    the happening); 'S, he said,' loses 'he said'."""
    for i, word in enumerate(words[:at + FRAME_REACH]):
        if word.rstrip(",") not in REPORTING:
            continue
        that = next((j for j in range(i + 1, min(i + FRAME_REACH, len(words))) if words[j] in THAT), None)
        if that is not None:
            if at > that:
                return words[that + 1:], at - that - 1
            return words[:that - 1] + [words[that - 1].rstrip(",")] + words[that + 1:], at
        if word.endswith(","):
            frame_start = _frame_start(words, i)
            if frame_start is not None and at > i:
                kept = words[:frame_start]
                if kept:
                    kept[-1] = kept[-1].rstrip(",")
                return kept + words[i + 1:], at - (i + 1 - frame_start)
        return words, at
    return words, at


def _frame_start(words: list[str], verb: int) -> int | None:
    """Where a parenthetical 'he said,' that ends at `verb` starts: at the clause's start or after a comma,
    at most three words before."""
    for start in range(verb, max(-1, verb - 4), -1):
        if start == 0 or words[start - 1].endswith(","):
            return start
    return None


def _without_apposition(words: list[str], at: int) -> tuple[list[str], int]:
    """'Sol Air, the first Honduran airline to operate in a decade, began operations': the subject
    without what stands between two commas after it, when a lower-case word (a verb) follows."""
    first = _first_comma(words, 0, APPOSITION_SUBJECT)
    if first is None or words[0] in PHRASE_OPENERS:
        return words, at
    second = _first_comma(words, first + 1, first + APPOSITION_REACH)
    if second is None or second + 1 >= len(words) or first < at <= second + 1:
        return words, at
    verb = words[second + 1]
    if not _LOWER_WORD.fullmatch(verb) or verb in PHRASE_OPENERS or verb in DETERMINER_WORDS:
        return words, at
    subject = words[:first] + [words[first][:-1]]
    return subject + words[second + 1:], at - (second - first) if at > second else at


def _first_comma(words: list[str], start: int, stop: int) -> int | None:
    """The index of the first of words[start:stop] that ends with a comma; None for none."""
    if "," not in "".join(words[start:stop]):  # one search spares a loop over most clauses
        return None
    for i in range(start, min(stop, len(words))):
        if words[i].endswith(","):
            return i
    return None


def _relative_clause(words: list[str], at: int) -> tuple[list[str], int]:
    """'Fahmy succeeded ex-Minister Mohamed Mansour, who had resigned in October as…': when the date
    stands in a relative clause about a person, that clause with the name it is about ("Mohamed
    Mansour had resigned as…")."""
    who = next((i for i in range(at - 1, 0, -1) if words[i] in WHO and words[i - 1].endswith(",")), None)
    if who is None:
        return words, at
    name = who
    while name > 0 and name > who - NAME_WORDS and words[name - 1][:1].isupper():
        name -= 1
    if name == who:
        return words, at
    return [*words[name:who - 1], words[who - 1][:-1], *words[who + 1:]], at - name - 1


def _phrase_start_near(words: list[str], at: int) -> int:
    """A phrase start at most NEAR_DATE words before the date: after a comma or a conjunction or
    relative word, else there; past the words there that open a phrase ("to", "that")."""
    low = at - NEAR_DATE
    for start in range(low, at - MIN_PHRASE_WORDS):
        previous = words[start - 1]
        if previous.endswith(",") or previous in CLAUSE_LINKS:
            low = start
            break
    while low < at and words[low] in PHRASE_OPENERS:
        low += 1
    return low


def _cut_at_phrase_boundary(words: list[str]) -> list[str]:
    """At most TITLE_WORDS of more than TITLE_WORDS + 2 words (two more to reach a boundary), cut
    before a word that opens a phrase (a preposition, a conjunction, a relative word) or after a
    comma; else before a determiner."""
    for end in range(TITLE_WORDS, MIN_TITLE_WORDS - 1, -1):
        if words[end - 1].endswith(",") or words[end] in PHRASE_OPENERS:
            return words[:end]
    for end in (TITLE_WORDS + 1, TITLE_WORDS + 2):
        if words[end - 1].endswith(",") or words[end] in PHRASE_OPENERS:
            return words[:end]
    for end in range(TITLE_WORDS, MIN_TITLE_WORDS - 1, -1):
        if words[end] in DETERMINER_WORDS:
            return words[:end]
    return words[:TITLE_WORDS]


def _tidy(title: str) -> str:
    """The title without paragraph signs, a leading 'Summary:' or punctuation, quote marks and
    spaces before a comma or full stop. `title` is words joined by single spaces, so a space is
    its only white space: the costly substitutions run only where they change something."""
    if "¶" in title:
        title = title.replace("¶", "")
    if title[:1] in LEADER_STARTS or not title[:1].isalnum():  # where LEADERS may match
        title = _without_leader(title)
    title = title.strip(" ,.;:\"'-")
    if '"' in title or "“" in title or "”" in title or " ," in title or " ." in title:
        title = _QUOTES_SPACE.sub("", title).replace(",,", ",")  # 'the "WAFD,", and': the date's comma too
    if "  " in title:
        title = _SPACES.sub(" ", title)
    return title.rstrip(" ,;:")


def _without_leader(text: str) -> str:
    """Drop a leading 'Summary:', 'Comment:' or punctuation (LEADERS only matches at the start)."""
    leader = LEADERS.match(text)
    return text[leader.end():] if leader else text


def _without_range_end(text: str) -> str:
    """Drop the rest of a range or of a choice of dates right after the expression ("-28", "- May 31",
    "to January", "or 1980")."""
    while range_end := _RANGE_END_AFTER.match(text):  # "-June and July"
        text = text[range_end.end():]
    return text


def _participants(sentence: str) -> list[str]:
    """People and organisations the sentence names: capitalised runs in mixed case, titled
    people in all-capitals text."""
    if not LOWER_CASE.search(sentence):
        return list(dict.fromkeys(m.group().strip() for m in CAPS_TITLED.finditer(sentence)))
    names = list(map(_name_in_run, NAME_RUN.findall(sentence)))
    if names and names[0][1] and NAME_RUN.match(sentence, _sentence_start(sentence)):
        names[0] = ("", False)  # a capitalised first word of a sentence is not a name by itself
    found = dict.fromkeys(map(itemgetter(0), names))
    found.pop("", None)
    return list(found)


@lru_cache(maxsize=8192)
def _name_in_run(run: str) -> tuple[str, bool]:
    """The name a capitalised run holds without the words around it that are not names ("The",
    "On", "March"), '' for none or for a word of one or two letters in mixed case ("Al"); and
    whether it is a lone word in mixed case, no name when it opens a sentence. Cached: the same
    runs recur in every cable."""
    words = run.split()
    while words and words[0].lower() in NOT_NAMES_LOWER:
        words.pop(0)
    while words and words[-1].lower() in NOT_NAMES_LOWER:
        words.pop()
    name = " ".join(words)
    if name.isupper():
        return name, False
    return ("" if len(name) < 3 else name), len(words) == 1


def _sentence_start(sentence: str) -> int:
    found = _LETTER.search(sentence)
    return found.start() if found else 0


def _new_event(mention: _Mention, participants: list[str]) -> Event:
    timex = mention.timex
    start, end, precision = value_span(mention.value, timex.mod)
    # The mention goes in as fields: the event's validation builds it, cheaper than a model of its own.
    # model_validate of a dict: 8 % fewer instructions than keyword arguments (no __init__ call).
    return Event.model_validate({
        "value": mention.value, "precision": precision, "mod": timex.mod, "date_start": start, "date_end": end,
        "paragraphs": [mention.paragraph], "title": _title(mention.sentence, mention.position, len(timex.text)),
        "kind": mention.kind, "participants": list(participants), "mentions": [_mention_fields(mention)]})


def _mention_fields(mention: _Mention) -> dict[str, object]:
    return {"paragraph": mention.paragraph, "marking": mention.marking, "sentence": mention.sentence.strip(),
            "expression": mention.timex.text}


def _add_mention(event: Event, mention: _Mention, participants: list[str]) -> None:
    event.mentions.append(EventMention(**_mention_fields(mention)))
    if event.kind == "other":
        event.kind = mention.kind
    if mention.paragraph not in event.paragraphs:
        event.paragraphs.append(mention.paragraph)
    event.participants.extend(p for p in participants if p not in event.participants)


# ---- exports -------------------------------------------------------------------------------

CSV_COLUMNS = ("cable", "value", "precision", "mod", "date_start", "date_end", "kind", "title",
               "participants", "paragraphs", "expressions")


def events_csv(rows: Iterable[tuple[str | None, Event]]) -> str:
    """CSV of (cable id, event) rows, one line per event."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for cable_id, event in rows:
        writer.writerow([cable_id or "", event.value, event.precision, event.mod or "", event.date_start.isoformat(),
                         event.date_end.isoformat(), event.kind, event.title, "; ".join(event.participants),
                         " ".join(str(p) for p in event.paragraphs), " | ".join(m.expression for m in event.mentions)])
    return out.getvalue()


DAY_PRECISIONS = ("minute", "day", "week")
MONTH_PRECISIONS = ("month", "season", "quarter", "half")
MOD_WORDS = {"START": "early", "MID": "mid", "END": "late", "APPROX": "about", "BEFORE": "before", "AFTER": "after"}
SEASON_NAMES = {"SP": "spring", "SU": "summer", "FA": "fall", "WI": "winter"}


def _timeline_date(day: date, precision: str) -> dict[str, int]:
    """TimelineJS date parts, leaving out those the precision does not reach."""
    parts = {"year": day.year}
    if precision in DAY_PRECISIONS or precision in MONTH_PRECISIONS:
        parts["month"] = day.month
    if precision in DAY_PRECISIONS:
        parts["day"] = day.day
    return parts


def display_date(event: Event) -> str:
    """'24 October 2006', 'December 2006', 'early 2007', 'Q1 2007', 'the 1990s'."""
    value, start = event.value, event.date_start
    if event.precision in ("minute", "day"):
        text = f"{int(value[8:10])} {date(2000, int(value[5:7]), 1):%B} {value[:4]}"
        if event.precision == "minute" and "T" in value:
            text += f" {value[11:16]}"
    elif event.precision == "week":
        text = f"week of {start.day} {start:%B %Y}"
    elif event.precision == "month":
        text = f"{date(2000, int(value[5:7]), 1):%B} {value[:4]}"
    elif event.precision == "season":
        text = f"{SEASON_NAMES[value[5:]]} {value[:4]}"
    elif event.precision in ("quarter", "half"):
        text = f"{value[5:]} {value[:4]}"
    elif event.precision == "decade":
        text = f"the {value}0s"
    elif event.precision == "century":
        text = f"the {int(value) + 1}th century"
    else:
        text = value
    return f"{MOD_WORDS[event.mod]} {text}" if event.mod in MOD_WORDS else text


def timelinejs(events_by_cable: Mapping[str, list[Event]]) -> dict:
    """TimelineJS JSON: one slide per event, grouped by cable."""
    slides = []
    for cable_id, events in events_by_cable.items():
        for event in events:
            slide = {
                "start_date": _timeline_date(event.date_start, event.precision),
                "display_date": display_date(event),
                "text": {"headline": event.title,
                         "text": " … ".join(dict.fromkeys(m.sentence for m in event.mentions))},
                "group": cable_id,
            }
            if event.date_end != event.date_start and event.precision not in ("minute", "day"):
                slide["end_date"] = _timeline_date(event.date_end, event.precision)
            slides.append(slide)
    return {"events": slides}
