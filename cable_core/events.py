"""Events on a timeline: every dated mention in a cable's paragraphs, plus the cable's own date
and its declassification date. Exports to CSV and TimelineJS JSON."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from operator import itemgetter
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from .entities import countries, non_name_sections, place_names
from .event_titles import DATE_WORDS, event_title
from .models import PARTICIPANT_SEPARATOR, Cable, Event
from .summarize import no_break_before
from .timex import Timex, tag, value_span
from .timex import vocabulary as timex_vocabulary
from .word_runs import word_starts
from .timex.patterns import trie_pattern
from .truecase import truecase

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
# The trigger and happening words of a text are its words (runs of word characters, \w) that are
# keys of SHOWN_KINDS. In ASCII (nearly every window) they are found as the tagger finds its head
# words (`word_runs.word_starts`), in the text as bytes with every character but a word character
# turned into a space.
SHOWN_WORDS = frozenset(word.encode() for word in SHOWN_KINDS)
_WORD_BYTES = bytes(c if c < 128 and (chr(c).isalnum() or chr(c) == "_") else 32 for c in range(256))
WORD_RUN = re.compile(r"\w+")


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
# [.!?][.!?]* rather than [.!?]+: a pattern that opens with a character class is skipped to fast,
# one that opens with a repeat is tried at every character.
SENTENCE_END = re.compile(rf"[.!?][.!?]*[{CLOSING_MARKS}]*(?=\s|$)")
# The same in a text without "!" or "?" (most): a pattern that opens with one character is
# searched for fastest.
PERIOD_END = re.compile(rf"\.[.!?]*[{CLOSING_MARKS}]*(?=\s|$)")
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


# An event is built as the fields of its model (a draft: mentions join it, its kind may change),
# and the cable's events are validated in one call at the end: cheaper than a model validated for
# each event and for each mention that joins one.
Draft = dict[str, Any]
EVENT_LIST = TypeAdapter(list[Event])


def extract_events(cable: Cable) -> list[Event]:
    """The cable's dated happenings, merged by date and happening, after its two header events."""
    return EVENT_LIST.validate_python(_header_events(cable) + _timeline_drafts(cable))


def _timeline_drafts(cable: Cable) -> list[Draft]:
    """The drafts of the events of the cable's body, in timeline order."""
    dct, absolute_only = _reference_time(cable)
    if dct is None:
        return []
    timeline = _Timeline(_TopicWords(cable))
    anchor: str | None = None
    for number, marking, text in _body_texts(cable):
        timexes = tag(text, dct, anchor, dates_only=True)
        if not timexes:
            continue
        anchor = _last_anchor(timexes) or anchor
        for mention in _mentions(text, timexes, number, marking, absolute_only, anchored=anchor is not None):
            timeline.add(mention)
    return timeline.events()


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
        self._events: list[Draft] = []  # in the order they were found: ties of the final sort keep it
        self._by_date: dict[tuple[str, str | None], list[Draft]] = {}
        self._words: dict[str, frozenset[str]] = {}
        self._participants: dict[str, list[str]] = {}
        # The sentences of each event (by id) as found, and their words: an event's words are asked
        # for at every later mention of its date, and change only when a mention joins it.
        self._sentences: dict[int, list[str]] = {}
        self._event_words: dict[int, frozenset[str]] = {}
        self._happenings_named: list[Draft] = []  # events whose first mention names a happening of kind other

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

    def events(self) -> list[Draft]:
        for event in self._happenings_named:
            event["kind"] = "other"
        for event in self._events:
            event["participants"] = _without_shorter_forms(event["participants"])
        return sorted(self._events, key=lambda e: (e["date_start"], e["paragraphs"][:1], e["title"]))

    def _same_happening(self, same_date: list[Draft], mention: _Mention) -> Draft | None:
        """The event of `same_date` (the events of the mention's value and mod) the mention
        belongs to. A year or coarser names one happening per cable whatever the wording.
        Mentions of one day, week or month are one happening when a content word next to the
        new mention occurs in a sentence of the event (the "December 1 amnesty" after the
        "amnesty ... announced on December 1"), or when they stand in one paragraph and are not
        of two different kinds ("on September 17 ... the September 17 incident"). Words of the
        cable's topic (in many of its paragraphs: "Kazakhstan" in the seed) tell nothing."""
        if not same_date:
            return None
        if same_date[0]["precision"] not in ("minute", "day", "week", "month"):
            return same_date[0]
        # Words that name too many happenings ("meeting", "said") tell nothing either.
        cues = self._content_words(mention.sentence) - GENERIC_WORDS
        for event in same_date:
            if any(word not in self._topics for word in cues & self._words_of(event)):
                return event
        for event in same_date:
            if mention.paragraph in event["paragraphs"] and (
                    event["kind"] == mention.kind or "other" in (event["kind"], mention.kind)):
                return event
        return None

    def _words_of(self, event: Draft) -> frozenset[str]:
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
    periods_only = "!" not in text and "?" not in text
    start = _last_sentence_end(text, timex.start, periods_only)
    ends = PERIOD_END if periods_only else SENTENCE_END
    after = ends.search(text, timex.start)
    while after and _abbreviation_stop(text, after.start()):
        after = ends.search(text, after.end())
    return text[start:after.end() if after else len(text)], timex.start - start


def _last_sentence_end(text: str, position: int, periods_only: bool) -> int:
    """Where the last sentence that ends at or before `position` ends (0: none does). The stops
    are looked for backwards with str.rfind: a regular expression searches forwards only.
    `periods_only`: the text has no "!" or "?" to look for."""
    probe = position
    while (stop := text.rfind(".", 0, probe) if periods_only else _last_mark(text, probe)) >= 0:
        end = _sentence_end_at(text, stop)
        if end is not None and end <= position and not _abbreviation_stop(text, stop):
            return end
        probe = stop
    return 0


def _last_mark(text: str, before: int) -> int:
    """The position of the last [.!?] before `before`, -1 for none."""
    return max(text.rfind(".", 0, before), text.rfind("!", 0, before), text.rfind("?", 0, before))


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


def _header_events(cable: Cable) -> list[Draft]:
    events = []
    if cable.created is not None:
        created = cable.created
        has_time = (created.hour, created.minute) != (0, 0)
        value = created.isoformat(timespec="minutes")[:16] if has_time else created.date().isoformat()
        events.append({"value": value, "precision": "minute" if has_time else "day", "date_start": created.date(),
                       "date_end": created.date(), "title": f"Cable {cable.ref_id or ''} sent".replace("  ", " "),
                       "kind": "cable", "participants": [p for p in [cable.origin] if p]})
    if cable.declassify_on is not None:
        day = cable.declassify_on
        events.append({"value": day.isoformat(), "precision": "day", "date_start": day, "date_end": day,
                       "title": "Declassification date", "kind": "declassification"})
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
    (SHOWN_KINDS)."""
    window_start = max(0, position - KIND_REACH)
    window = sentence[window_start:position + length + KIND_REACH].lower()
    start = position - window_start  # of the expression in the window
    end = start + length
    kind = shown = "other"
    kind_distance = shown_distance = len(window)
    for at, word in _trigger_words(window):  # in order: those before the expression come first
        if at >= end:
            distance = at - end
        elif at + len(word) <= start:
            distance = start - at - len(word)
        else:
            continue  # in the expression
        if distance < shown_distance:
            shown, shown_distance = SHOWN_KINDS[word], distance
        if distance < kind_distance and word in TRIGGER_KINDS:
            kind, kind_distance = TRIGGER_KINDS[word], distance
    return kind, shown


def _trigger_words(text: str) -> list[tuple[int, str]]:
    """(position, word) of the trigger and happening words of a lower-cased text, in order."""
    if not text.isascii():
        return [(word.start(), word[0]) for word in WORD_RUN.finditer(text) if word[0] in SHOWN_KINDS]
    runs = b" " + text.encode().translate(_WORD_BYTES) + b" "  # a word stands between two spaces
    return sorted((at, word.decode()) for word, at in word_starts(runs, SHOWN_WORDS))


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


def _participant(name: str) -> str:
    """The participant a capitalised name is: '' for a city, a region or a nationality ("Vienna",
    "Middle East", "Kazakhstani"), the country of places joined by "for" ("Kazakhstan for Vienna"
    → "Kazakhstan"). Countries, offices and peoples act in cables and stay."""
    places = _places_and_nationalities()
    if name.lower() in places:
        return ""
    if " for " in name:  # "Minister for Foreign Affairs" stays whole
        parts = name.split(" for ")
        lower = [part.lower() for part in parts]
        if all(low in places or low in _country_names() for low in lower):
            return next((part for part, low in zip(parts, lower) if low not in places), "")
    return name


@cache
def _country_names() -> frozenset[str]:
    return frozenset(country.name.lower() for country in countries())


@cache
def _places_and_nationalities() -> frozenset[str]:
    """Lower-cased capitals, cities of US posts, regions, landforms and nationality adjectives: the
    entities' place names less those that act (countries, peoples, offices; "Kuwait" and "Panama"
    are cities too)."""
    sections = non_name_sections()
    actors = _country_names() | {word.lower() for word in sections["groups"] | sections["offices"]}
    adjectives = {country.adjective.lower() for country in countries() if country.adjective}
    return frozenset((place_names(True) | adjectives) - actors)


def _without_shorter_forms(names: list[str]) -> list[str]:
    """The names less a one-word name that ends a longer one: "Tokayev" after "Foreign Minister Tokayev"."""
    last_words = {name.rpartition(" ")[2] for name in names if " " in name}
    return [name for name in names if " " in name or name not in last_words] if last_words else names


@lru_cache(maxsize=8192)
def _name_in_run(run: str) -> tuple[str, bool]:
    """The name a capitalised run holds without the words around it that are not names ("The",
    "On", "March"), '' for none, for a place (`_participant`) or for a word of one or two letters
    in mixed case ("Al"); and whether it is a lone word in mixed case, no name when it opens a
    sentence. Cached: the same runs recur in every cable."""
    words = run.split()
    while words and words[0].lower() in NOT_NAMES_LOWER:
        words.pop(0)
    while words and words[-1].lower() in NOT_NAMES_LOWER:
        words.pop()
    name = _participant(" ".join(words))
    if name.isupper():
        return name, False
    return ("" if len(name) < 3 else name), len(words) == 1


def _sentence_start(sentence: str) -> int:
    found = _LETTER.search(sentence)
    return found.start() if found else 0


def _new_event(mention: _Mention, participants: list[str]) -> Draft:
    timex = mention.timex
    start, end, precision = value_span(mention.value, timex.mod)
    return {"value": mention.value, "precision": precision, "mod": timex.mod, "date_start": start, "date_end": end,
            "paragraphs": [mention.paragraph], "title": _title(mention),
            "kind": mention.kind, "participants": list(participants), "mentions": [_mention_fields(mention)]}


def _title(mention: _Mention) -> str:
    """The event's title, in the case mixed-case cables use when the sentence is in capitals."""
    title = event_title(mention.sentence, mention.position, len(mention.timex.text))
    return title if LOWER_CASE.search(mention.sentence) else truecase(title)


def _mention_fields(mention: _Mention) -> dict[str, object]:
    return {"paragraph": mention.paragraph, "marking": mention.marking, "sentence": mention.sentence.strip(),
            "expression": mention.timex.text}


def _add_mention(event: Draft, mention: _Mention, participants: list[str]) -> None:
    event["mentions"].append(_mention_fields(mention))
    if event["kind"] == "other":
        event["kind"] = mention.kind
    if mention.paragraph not in event["paragraphs"]:
        event["paragraphs"].append(mention.paragraph)
    known = event["participants"]
    known.extend(p for p in participants if p not in known)


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
                         event.date_end.isoformat(), event.kind, event.title, PARTICIPANT_SEPARATOR.join(event.participants),
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
