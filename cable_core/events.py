"""Events on a timeline: every dated mention in a cable's paragraphs, plus the cable's own date
and its declassification date. Exports to CSV and TimelineJS JSON."""

from __future__ import annotations

import csv
import io
import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from datetime import date

from .models import Cable, Event, EventMention
from .timex import Timex, tag, value_span
from .timex import vocabulary as timex_vocabulary

# Trigger words of each kind, nearest to the expression wins; the order breaks ties.
KIND_TRIGGERS: dict[str, tuple[str, ...]] = {
    "agreement": ("agreement", "treaty", "accord", "memorandum", "mou", "signed", "signing", "protocol"),
    "election": ("election", "elections", "elected", "vote", "voting", "ballot", "candidacy", "chairmanship", "bid", "campaign", "referendum", "polls"),
    "deadline": ("deadline", "due", "expire", "expires", "expiry"),
    "travel": ("visit", "visits", "visited", "trip", "travel", "travels", "traveled", "depart", "departs", "departed", "departure", "arrive", "arrives", "arrived", "arrival", "fly", "flew"),
    "meeting": ("meeting", "meet", "met", "meets", "talks", "conversation", "call", "dinner", "lunch", "breakfast", "ceremony", "conference", "summit", "ministerial", "session", "consultations", "discussed", "negotiations", "council"),
    "statement": ("statement", "speech", "address", "remarks", "said", "told", "tells", "stated", "announced", "announcement", "declared", "interview", "appeal", "letter", "informed", "non", "memo", "delivered", "press"),
    "decision": ("decision", "decided", "decree", "law", "ruling", "ruled", "order", "ordered", "approved", "adopted", "postponed", "pardon", "pardoned", "verdict", "sentenced", "passed", "resolution"),
}
TRIGGER_KINDS = {word: kind for kind, words in reversed(KIND_TRIGGERS.items()) for word in words}
WORD = re.compile(r"[A-Za-z]+")
PREPOSITIONS = ("on", "in", "at", "during", "until", "till", "by", "since", "from", "for", "before", "after", "o/a", "of", "to", "around")
TITLE_WORDS = 12
DETERMINERS = ("the", "his", "her", "its", "their", "a", "an", "this", "that")
NOT_NOUNS = frozenset({*PREPOSITIONS, "and", "or", "but", "that", "which", "when", "would", "will", "could", "should", "as", "is", "was", "were", "had", "has", "have", "be"})
# Words that start a capitalised run without being a name.
NOT_NAMES = frozenset({
    "The", "A", "An", "On", "In", "At", "As", "If", "He", "She", "We", "They", "It", "This", "That",
    "However", "Summary", "End", "Note", "Comment", "Thus", "Asked", "Several", "No", "Only",
    "Toward", "Summing", "While", "Although", "But", "And", "During", "After", "Before", "Since",
    "Despite", "His", "Her", "Their", "Our", "Its", "Such", "Some", "Other", "Both", "Begin",
    *(m.capitalize() for m in timex_vocabulary.MONTHS), *(d.capitalize() for d in timex_vocabulary.WEEKDAYS),
})
NAME_RUN = re.compile(r"\b(?:[A-Z][a-z]+|[A-Z]{2,}[a-z]?)(?:[\s-]+(?:(?:of|de|van|al|the|for)\s+)?(?:[A-Z][a-z]+|[A-Z]{2,}))*")
SENTENCE = re.compile(r"(?:[^.!?]|[.!?](?![\"'”’)]*(?:\s|$)))*(?:[.!?]+[\"'”’)]*|$)", re.S)
CLAUSE_BREAK = re.compile(r"\s*(?:[;:()\[\]]|--|\.\.\.|,\s+(?:but|and|while|which|although|however|when)\b)\s*")
LEADERS = re.compile(r"^\s*(?:\(\w+\)\s*)?(?:summary|comment|note|begin summary|end summary)\s*[:.]\s*|^\W+", re.I)
DATE_WORDS = frozenset({*timex_vocabulary.MONTHS, *timex_vocabulary.WEEKDAYS, *timex_vocabulary.DAY_WORDS, "night", "morning", "evening", "afternoon"})


def extract_events(cable: Cable) -> list[Event]:
    """The cable's dated happenings, merged by date and kind, after its two header events."""
    events = _header_events(cable)
    if cable.created is None:
        return events
    merged: list[Event] = []
    for paragraph in cable.paragraphs:
        number = paragraph.number if paragraph.number is not None else 0
        timexes = [t for t in tag(paragraph.text, cable.created) if _on_timeline(t)]
        sentences = [m.span() for m in SENTENCE.finditer(paragraph.text) if m.end() > m.start()] if timexes else []
        for timex in timexes:
            sentence, position = _sentence_around(paragraph.text, sentences, timex)
            mention = EventMention(paragraph=number, marking=paragraph.marking, sentence=sentence.strip(),
                                   expression=timex.text)
            kind = _kind(sentence, position, len(timex.text))
            same_date = [e for e in merged if (e.value, e.mod) == (timex.value, timex.mod)]
            event = _same_happening(same_date, kind)
            if event is None:
                merged.append(_new_event(timex, kind, mention, number, sentence, position))
            else:
                _add_mention(event, mention, number, sentence, kind)
    return events + sorted(merged, key=lambda e: (e.date_start, e.paragraphs[:1], e.title))


def _same_happening(same_date: list[Event], kind: str) -> Event | None:
    """The event a mention of this date and kind belongs to. A year or coarser names one
    happening per cable whatever the wording; a day or month may hold several (the December
    Ministerial and the December appeal), told apart by kind; 'other' joins what is there."""
    if not same_date:
        return None
    if kind == "other" or same_date[0].precision not in ("minute", "day", "week", "month"):
        return same_date[0]
    return next((e for e in same_date if e.kind in (kind, "other")), None)


def _header_events(cable: Cable) -> list[Event]:
    events = []
    if cable.created is not None:
        created = cable.created
        has_time = (created.hour, created.minute) != (0, 0)
        value = created.strftime("%Y-%m-%dT%H:%M") if has_time else created.date().isoformat()
        events.append(Event(value=value, precision="minute" if has_time else "day", date_start=created.date(),
                            date_end=created.date(), title=f"Cable {cable.ref_id or ''} sent".replace("  ", " "),
                            kind="cable", participants=[p for p in [cable.origin] if p]))
    if cable.declassify_on is not None:
        day = cable.declassify_on
        events.append(Event(value=day.isoformat(), precision="day", date_start=day, date_end=day,
                            title="Declassification date", kind="declassification"))
    return events


def _on_timeline(timex: Timex) -> bool:
    """Calendar dates only: no durations, sets, *_REF values or clock times without a day word."""
    if timex.type in ("DURATION", "SET") or value_span(timex.value, timex.mod) is None:
        return False
    if timex.type == "TIME":
        words = {w.lower().rstrip(".") for w in re.findall(r"[A-Za-z]+\.?", timex.text)}
        return bool(words & DATE_WORDS) or bool(re.search(r"\d{6}Z", timex.text))
    return True


def _sentence_around(text: str, sentences: list[tuple[int, int]], timex: Timex) -> tuple[str, int]:
    """The sentence holding the expression and the expression's offset inside it."""
    index = max(0, bisect_right(sentences, (timex.start, len(text) + 1)) - 1)
    start, end = sentences[index] if sentences else (0, len(text))
    return text[start:end], timex.start - start


def _kind(sentence: str, position: int, length: int) -> str:
    """The kind whose trigger word stands nearest the expression in its sentence."""
    best, best_distance = "other", 10**9
    for word in WORD.finditer(sentence):
        kind = TRIGGER_KINDS.get(word.group().lower())
        if kind is None:
            continue
        if word.end() <= position:
            distance = position - word.end()
        elif word.start() >= position + length:
            distance = word.start() - (position + length)
        else:
            continue
        if distance < best_distance:
            best, best_distance = kind, distance
    return best


def _title(sentence: str, position: int, length: int) -> str:
    """A short phrase of what happens: the clause around the expression, without it; when the
    expression qualifies a noun ("his October 27th address to…"), that noun phrase."""
    clause_start, clause_end = 0, len(sentence)
    for cut in CLAUSE_BREAK.finditer(sentence):
        if cut.end() <= position:
            clause_start = cut.end()
        elif cut.start() >= position + length:
            clause_end = cut.start()
            break
    before = sentence[clause_start:position].split()
    after = sentence[position + length:clause_end].split()
    determined = bool(before) and before[-1].lower() in DETERMINERS
    while before and before[-1].lower() in (*PREPOSITIONS, *DETERMINERS):
        before.pop()
    qualifies_noun = bool(after) and after[0].lower() not in NOT_NOUNS and (
        determined or (len(after) >= 3 and re.fullmatch(r"[a-z][a-z-]+", after[0])))
    words = after if qualifies_noun else before[-(TITLE_WORDS - min(len(after), 6)):] + after
    words = _without_reporting(words)
    title = " ".join(words[:TITLE_WORDS])
    title = LEADERS.sub("", title).strip(" ,.;:\"'")
    title = re.sub(r"[\"“”]|\s+(?=[,.])", "", title)
    return title[:1].upper() + title[1:] if title else sentence.strip()[:80]


def _without_reporting(words: list[str]) -> list[str]:
    """Drop a leading 'he said,' / 'Tokayev said that' from a title."""
    for i, word in enumerate(words[:5]):
        if word.lower().strip(",") in timex_vocabulary.REPORTING_VERBS:
            rest = words[i + 1:]
            if word.endswith(",") or (rest and rest[0].lower() == "that"):
                return rest[1:] if rest and rest[0].lower() == "that" else rest
    return words


def _participants(sentence: str) -> list[str]:
    names: list[str] = []
    for match in NAME_RUN.finditer(sentence):
        words = match.group().split()
        while words and words[0] in NOT_NAMES:
            words.pop(0)
        name = " ".join(words)
        if name and name not in names and not name.isdigit():
            names.append(name)
    return names


def _new_event(timex: Timex, kind: str, mention: EventMention, paragraph: int, sentence: str, position: int) -> Event:
    start, end, precision = value_span(timex.value, timex.mod)
    if precision == "minute" and not timex.text[:1].isdigit():
        precision = "day"
    return Event(value=timex.value, precision=precision, mod=timex.mod, date_start=start, date_end=end,
                 paragraphs=[paragraph], title=_title(sentence, position, len(timex.text)), kind=kind,
                 participants=_participants(sentence), mentions=[mention])


def _add_mention(event: Event, mention: EventMention, paragraph: int, sentence: str, kind: str) -> None:
    event.mentions.append(mention)
    if event.kind == "other":
        event.kind = kind
    if paragraph not in event.paragraphs:
        event.paragraphs.append(paragraph)
    event.participants.extend(p for p in _participants(sentence) if p not in event.participants)


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
