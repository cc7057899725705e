"""Turn a pattern match into a TIMEX3 value, given the document creation time (DCT).

One function per rule of `patterns.RULES`; each returns a `Norm` or None to reject the match.
`Context` carries what resolution needs beyond the match: the DCT, the text (for the tense of
the clause) and the date in focus (for anaphora such as "the previous day").
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Callable

from . import patterns as pat
from . import vocabulary as vocab
from .spans import value_span

PAST, NEUTRAL, FUTURE = -1, 0, 1
# How far from the DCT the tense of a clause may move a date written without its year.
TENSE_REACH_DAYS = 285
# How many words after an expression may give its tense ("In March, three extremists … were arrested").
TENSE_WORDS_AFTER = 12
# How many words after "until March" may give the tense of the clause it ends ("who until March was").
CLAUSE_WORDS_AFTER = 3
# How many years before and after the DCT a zero-padded number after a month may name ("Dec 03").
SHORT_YEAR_REACH = (2, 1)
# How many years a span written with a slash may run ("1981/2000"; "decision 2004/35" is a number).
SPLIT_YEAR_REACH = 20


@dataclass
class Norm:
    type: str
    value: str
    mod: str | None = None
    time_of_day: str | None = None  # "T17:00" of a clock time that a following date may complete
    anaphoric: bool = False  # it does not move the focus (resolved from it, or a comparison with it)
    start: int | None = None  # where the extent starts when not at the match's start


_CALENDAR_VALUE = re.compile(r"\d{4}(?:-|$)")


_SPACES = re.compile(r"\s+")
_DECIMAL = re.compile(r"\d+(?:\.\d+)?")
_FRACTION = re.compile(r"(\d+) ([1-9])/([1-9])")
_SPACE_OR_HYPHEN = re.compile(r"[\s-]")
_SPACES_OR_HYPHENS = re.compile(r"[\s-]+")
_MOD_WORD = re.compile(r"[a-z/]+")
_DIGITS = re.compile(r"\d+")
_NOT_YEAR_BEFORE = re.compile(r"[$#€£]\s*$|No\.\s*$|\d[.,]$")
_PER_UNIT = re.compile(r"/[A-Za-z]")  # "1600/dollar": a rate
_CODE_NUMBER = re.compile(rf"\b(?:{'|'.join(sorted(vocab.CODE_WORDS_BEFORE_NUMBER))})\.?\s*#?(\d+)\b", re.IGNORECASE)
_YEAR_AND = re.compile(r"\b(?:1[89]|20)\d\d\s*(?:,|and|or)\s*$")  # "the 1992 and " before a year
_HISTORIC_NOUN_OF = re.compile(rf"\b(?:{'|'.join(sorted(vocab.HISTORIC_NOUNS_AFTER_OLD_YEAR))})\s+of\s*$", re.IGNORECASE)
_QUARTER_VALUE = re.compile(r"(\d{4})-Q([1-4])")
_DAY_OR_MONTH_VALUE = re.compile(r"\d{4}-\d\d(?:-\d\d)?")
_WEEK_VALUE = re.compile(r"\d{4}-W\d\d")
_OR_SO = re.compile(r"or\s+so", re.IGNORECASE)
_AND_A_HALF = " and a half"
_HYPHENATED_UNIT = re.compile(r"\w-(?:quarter|minute|hour|day|week|month|year|decade)\b", re.IGNORECASE)


class Context:
    def __init__(self, text: str, dct: datetime | date, heads: pat.HeadIndex = pat.ALL_HEADS):
        self.text = text
        self.heads = heads  # which rules to try
        self.dct = dct.date() if isinstance(dct, datetime) else dct
        self.low = lower_same_length(text)
        self._focus: list[str] = []  # calendar values mentioned so far, the last in focus
        self._sentence_ends: list[int] | None = None

    def remember(self, value: str) -> None:
        """Keep a calendar value as the focus of later anaphoric expressions (resolved only
        when an anaphor asks: most texts have none)."""
        if _CALENDAR_VALUE.match(value):
            self._focus.append(value)

    def remember_period(self, duration: str) -> None:
        """Keep a definite span of months that is not a quarter ("for the nine months") as the
        period in focus: a comparison after it ("a year earlier") is with the year before, not
        with the quarter mentioned before it."""
        self._focus.append(duration)

    @property
    def anchor_value(self) -> str | None:
        """The last calendar value, for "the second half of the year"."""
        return next((value for value in reversed(self._focus) if _CALENDAR_VALUE.match(value)), None)

    @property
    def anchor_quarter(self) -> tuple[int, int] | None:
        """(year, quarter) in focus, for "a year ago" in a quarterly report: the last calendar
        value, or the last quarter before the days and months after it ("the quarter ended
        Sept. 30"); None when a year, or a period of months that is no quarter, came after it."""
        for value in reversed(self._focus):
            found = _QUARTER_VALUE.fullmatch(value)
            if found:
                return int(found[1]), int(found[2])
            if not _DAY_OR_MONTH_VALUE.fullmatch(value):
                return None
        return None

    @property
    def anchor_day(self) -> date:
        """The day in focus, for "the previous day", "the 21st"."""
        for value in reversed(self._focus):
            day = parse_day(value[:10])
            if day:
                return day
        return self.dct

    @property
    def anchor_date(self) -> date:
        """The first day of the last calendar value, for "the following month"."""
        for value in reversed(self._focus):
            span = value_span(value, None)
            if span:
                return span[0]
        return self.dct

    def tense(self, start: int, end: int, reporting_is_past: bool = False) -> int:
        """FUTURE, PAST or NEUTRAL: the nearest tense cue before the expression in its
        sentence, else the nearest one shortly after it. With `reporting_is_past`, a reporting
        verb before the expression is a past cue ("Bush told a news conference on Tuesday
        that…"): the day of a saying, as weekdays in reports are."""
        lo, hi = self._sentence_around(start)
        before = [m.group() for m in pat.TOKEN.finditer(self.low, max(lo, start - 200), start)]
        if before and before[-1] in vocab.REPORTING_VERBS or before[-2:-1] and before[-1] in ("on", "in") \
                and before[-2] in vocab.REPORTING_VERBS:
            return PAST  # "said Tuesday", "announced on Friday", "announced in May that it would": the saying
        for i in range(len(before) - 1, -1, -1):
            cue = _cue(before, i)
            if cue is not None:
                return cue
            if reporting_is_past and before[i] in vocab.REPORTING_VERBS:
                return PAST
        return self._tense_after(end, hi, TENSE_WORDS_AFTER)

    def tense_right_after(self, start: int, end: int) -> int:
        """The tense cue among the few words right after the expression, else NEUTRAL: the verb
        of the clause that a month after "until" or "by" ends ("who until March was"). A reporting
        verb there opens a saying about that clause, whose tense is the one of what is said ("X,
        in the office until February, told PolOff that there was"; "by December, said Bramdeo,
        the committee should have"), past if it has none (a report of what happened)."""
        sentence_end = self._sentence_around(start)[1]
        following = pat.TOKEN.search(self.low, end, sentence_end)
        if following and following.group() in vocab.REPORTING_VERBS:
            return self._tense_after(following.end(), sentence_end, TENSE_WORDS_AFTER) or PAST
        return self._tense_after(end, sentence_end, CLAUSE_WORDS_AFTER)

    def _tense_after(self, end: int, sentence_end: int, words: int) -> int:
        after = [m.group() for m in pat.TOKEN.finditer(self.low, end, min(sentence_end, end + 120))][:words]
        for i in range(len(after)):
            cue = _cue(after, i, after_expression=True)
            if cue is not None:
                return cue
        return NEUTRAL

    def _sentence_around(self, start: int) -> tuple[int, int]:
        """Where the sentence holding position `start` starts and ends."""
        if self._sentence_ends is None:
            self._sentence_ends = [m.start() for m in pat.SENTENCE_END.finditer(self.low)]
        k = bisect_left(self._sentence_ends, start)
        lo = self._sentence_ends[k - 1] if k > 0 else 0
        hi = self._sentence_ends[k] if k < len(self._sentence_ends) else len(self.text)
        return lo, hi


def _cue(words: list[str], i: int, after_expression: bool = False) -> int | None:
    """The tense that word i marks, if any; a participle after a modal is future, and so is a
    verb of intent before an infinitive ("agreed to purchase", "planned to leave"), unless it
    follows the expression in the past: then it is the verb the date is of ("in March the
    government decided to locate")."""
    word = words[i]
    if word == "next" and words[i + 1:i + 2] == ["to"]:
        return None  # "next to the embassy": a place
    if word in vocab.MODALS_ALSO_NOUNS and i > 0 and words[i - 1] in vocab.WORDS_BEFORE_A_NOUN:
        return None  # "the will of the people", "in Can Tho"
    if word in vocab.FUTURE_WORDS or word == "won" and words[i + 1:i + 2] == ["t"]:  # won't
        return PAST if "had" in words[max(0, i - 2):i] else FUTURE  # "had been scheduled to expire"
    if word in ("is", "are") and words[i + 1:i + 2] == ["to"]:
        return FUTURE  # "is to resume trading on Tuesday"
    if word in vocab.SCHEDULE_VERBS_PRESENT:
        return FUTURE  # "the session opens Monday"
    if word == "record" and i > 0 and words[i - 1] == "of":
        return FUTURE  # "payable Jan. 15 to holders of record Dec. 29": a dividend's dates lie ahead
    if word in vocab.INTENT_VERBS and i + 1 < len(words) and words[i + 1] == "to":
        if after_expression and word.endswith("ed") and words[i - 1:i] not in (["is"], ["are"], ["be"]):
            return PAST  # "in March the GoC decided to", but "in March, talks are expected to"
        return PAST if "had" in words[max(0, i - 2):i] else FUTURE  # "had been due to expire"
    if i > 0 and words[i - 1] in ("is", "are"):  # a present passive
        if word in vocab.PLANNING_PARTICIPLES:
            return FUTURE  # "talks are planned for Thursday"
        if _is_past_participle(words, i):
            return None  # "the U.S. is committed to the June 30 transfer": no tense of its own
    if word in vocab.PAST_WORDS or _is_past_participle(words, i):
        return FUTURE if _after_modal(words, i) else PAST
    return None


def _is_past_participle(words: list[str], i: int) -> bool:
    """A verb in -ed, not a reporting verb (neutral) nor an adjective after a determiner
    ("the armed forces", "a proposed merger", "a still unspecified date", "the newly elected")."""
    word = words[i]
    return (word.endswith("ed") and len(word) > 3 and word not in vocab.REPORTING_VERBS
            and word not in vocab.NOT_PAST_ED and not _after_determiner(words, i))


def _after_determiner(words: list[str], i: int) -> bool:
    """Word i follows a determiner, directly or after one adverb ("a still …", "the newly …")."""
    if i > 0 and words[i - 1] in _DETERMINERS:
        return True
    return i > 1 and words[i - 2] in _DETERMINERS and (words[i - 1].endswith("ly") or words[i - 1] == "still")


_DETERMINERS = frozenset({"the", "a", "an", "its", "his", "her", "their", "this", "that"})


def _after_modal(words: list[str], i: int) -> bool:
    """'could be achieved', 'will have signed', '(to) be held': a bare 'be' follows a modal or 'to'."""
    if i > 0 and words[i - 1] == "be":
        return True
    for j in range(i - 1, max(-1, i - 4), -1):
        if words[j] in vocab.FUTURE_WORDS:
            return True
        if words[j] not in vocab.AUXILIARIES:
            return False
    return False


def lower_same_length(text: str) -> str:
    """The text in lower case with its offsets kept (a few characters lengthen when lowered)."""
    low = text.lower()
    return low if len(low) == len(text) else "".join(c.lower()[:1] for c in text)


# ---- calendar helpers ---------------------------------------------------------------------

def parse_day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def week_value(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def add_quarters(year: int, quarter: int, quarters: int) -> tuple[int, int]:
    index = year * 4 + quarter - 1 + quarters
    return index // 4, index % 4 + 1


def year_number(text: str) -> int:
    """A year written with four digits or two (00–69 → 20xx, 70–99 → 19xx)."""
    number = int(text)
    if len(text) == 4:
        return number
    return 2000 + number if number < 70 else 1900 + number


def safe_date(year: int, month: int, day: int) -> date:
    """The date, or the last day of the month when it has fewer days (February 29)."""
    if day <= 28:
        return date(year, month, day)
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def resolve_year(month: int, day: int | None, dct: date, tense: Callable[[], int],
                 weekday: int | None = None) -> int:
    """The year of a month (and day) written without one. The candidate nearest the DCT wins
    unless the clause's tense points the other way and the candidate in that direction is
    within TENSE_REACH_DAYS: "in December" is 2006-12 in a cable of October 2006 whatever the
    tense, "in April" is April 2006 if it happened and April 2007 if it will. `tense` is a
    function: it is called only when the tense decides (finding it is the costly part)."""
    candidates = {y: safe_date(y, month, day or 1) for y in (dct.year - 1, dct.year, dct.year + 1)}
    if weekday is not None:
        matching = [y for y, d in candidates.items() if d.weekday() == weekday]
        if matching:
            return min(matching, key=lambda y: abs((candidates[y] - dct).days))
    reference = dct if day else dct.replace(day=1)
    if candidates[dct.year] == reference:
        return dct.year
    nearest = min(candidates, key=lambda y: abs((candidates[y] - reference).days))

    def within_reach(year: int) -> int:
        return year if abs((candidates[year] - reference).days) <= TENSE_REACH_DAYS else nearest

    past = within_reach(dct.year if candidates[dct.year] <= reference else dct.year - 1)
    future = within_reach(dct.year if candidates[dct.year] >= reference else dct.year + 1)
    if past == future == nearest:
        return nearest
    found = tense()
    return past if found == PAST else future if found == FUTURE else nearest


def resolve_weekday(weekday: int, dct: date, direction: int, strict: bool = False) -> date:
    """The weekday nearest the DCT in `direction` (the DCT itself unless `strict`)."""
    if direction == FUTURE:
        ahead = (weekday - dct.weekday()) % 7
        return dct + timedelta(days=ahead or (7 if strict else 0))
    back = (dct.weekday() - weekday) % 7
    return dct - timedelta(days=back or (7 if strict else 0))


def number_of(text: str) -> float | None:
    """3, 'three', 'twenty-one', 'a', 'two and a half' → a number; 'several', 'few' → None
    (unspecified)."""
    words = _SPACES.sub(" ", text.lower().strip())
    if words.endswith(_AND_A_HALF):
        whole = number_of(words.removesuffix(_AND_A_HALF))
        return None if whole is None else whole + 0.5
    if _DECIMAL.fullmatch(words):
        return float(words)
    fraction = _FRACTION.fullmatch(words)
    if fraction:  # 5 1/2
        return int(fraction[1]) + int(fraction[2]) / int(fraction[3])
    if words in vocab.NUMBER_WORDS:
        return vocab.NUMBER_WORDS[words]
    parts = _SPACE_OR_HYPHEN.split(words)
    if len(parts) == 2 and all(p in vocab.NUMBER_WORDS for p in parts):
        return vocab.NUMBER_WORDS[parts[0]] + vocab.NUMBER_WORDS[parts[1]]
    return None


def count_of(m: re.Match[str]) -> float | None:
    """The number of units a match counts, with the half written after its unit ("a year and a
    half"); None when it is unspecified ("several years")."""
    count = number_of(m["num"])
    return count + 0.5 if count is not None and m["half"] else count


def unit_of(text: str) -> str:
    word = text.lower()
    if word == "centuries":
        return "century"
    return word[:-1] if word.endswith("s") else word


def mod_of(pre: str | None) -> str | None:
    if not pre:
        return None
    words = _MOD_WORD.findall(pre.lower())
    for word in words:
        if word in vocab.MODIFIERS and word not in ("the", "of", "in", "on"):
            return vocab.MODIFIERS[word]
    return None


def is_month_word(mon: str) -> bool:
    """A month is capitalised ("may", "march" in lower case are the verbs)."""
    return mon[0].isupper()


def month_number(text: str) -> int:
    return vocab.MONTHS[text.lower().rstrip(".")]


def previous_word(ctx: Context, start: int) -> str:
    found = pat.PREVIOUS_WORD.search(ctx.text, max(0, start - 30), start)
    return found.group(1).lower() if found else ""


def next_word(ctx: Context, end: int) -> str:
    found = pat.NEXT_WORD.match(ctx.text, end)
    return found.group(1).lower() if found else ""


def date_norm(value: str, match: re.Match[str]) -> Norm:
    return Norm("DATE", value, mod_of(match.groupdict().get("pre")))


# ---- one normaliser per rule ---------------------------------------------------------------

def norm_dtg(m: re.Match[str], ctx: Context) -> Norm | None:
    year = year_number(m["year"])
    try:
        day = date(year, month_number(m["mon"]), int(m["day"]))
    except ValueError:
        return None
    return Norm("TIME", f"{day.isoformat()}T{m['hour']}:{m['minute']}")


def norm_numeric(m: re.Match[str], ctx: Context) -> Norm | None:
    a, b, c = m["a"], int(m["b"]), m["c"]
    if len(a) == 4:
        year, month, day = int(a), b, int(c)
    elif len(c) == 4 or m["sep"] == "/":
        year = year_number(c)
        month, day = (int(a), b) if int(a) <= 12 else (b, int(a))
    else:
        return None
    try:
        return date_norm(date(year, month, day).isoformat(), m)
    except ValueError:
        return None


def clock_norm(hour: int, minute: int, m: re.Match[str], ctx: Context) -> Norm | None:
    if hour > 24:
        return None
    time_of_day = f"T{hour:02d}:{minute:02d}"
    # On the day in focus ("On December 12 at 12:30 pm", an itinerary's "Saturday, August 7 …
    # 16:00"); on the DCT when no day is in focus.
    return Norm("TIME", ctx.anchor_day.isoformat() + time_of_day, mod_of(m["pre"]), time_of_day)


def norm_clock(m: re.Match[str], ctx: Context) -> Norm | None:
    hour = int(m["hour"]) % 12 + (12 if m["ampm"].lower().startswith("p") else 0)
    if int(m["hour"]) > 12:
        return None
    return clock_norm(hour, int(m["minute"] or 0), m, ctx)


def norm_military(m: re.Match[str], ctx: Context) -> Norm | None:
    return clock_norm(int(m["hour"]), int(m["minute"]), m, ctx)


norm_clock24 = norm_military


def norm_noon(m: re.Match[str], ctx: Context) -> Norm | None:
    time_of_day = vocab.PARTS_OF_DAY[m["word"].lower()]
    return Norm("TIME", ctx.anchor_day.isoformat() + time_of_day, mod_of(m["pre"]), time_of_day)


def month_day_norm(m: re.Match[str], ctx: Context, year_text: str | None) -> Norm | None:
    month, day = month_number(m["mon"]), int(_DIGITS.match(m["day"]).group())
    weekday_name = m.groupdict().get("wd")
    weekday = vocab.WEEKDAYS[weekday_name.lower()] if weekday_name else None
    if year_text:
        year = year_number(year_text)
    else:
        year = resolve_year(month, day, ctx.dct, lambda: ctx.tense(m.start(), m.end()), weekday)
    try:
        return date_norm(date(year, month, day).isoformat(), m)
    except ValueError:
        return None


def norm_month_day(m: re.Match[str], ctx: Context) -> Norm | None:
    if not is_month_word(m["mon"]):
        return None
    if not (m["year"] or m["wd"]) and is_short_year(m["day"], ctx, m.end()):
        return date_norm(f"{year_number(m['day'])}-{month_number(m['mon']):02d}", m)  # "mid Jan 04"
    return month_day_norm(m, ctx, m["year"])


def is_short_year(number: str, ctx: Context, end: int) -> bool:
    """'mid Jan 04', 'in Dec 03', 'through March 04': a month's number written with a leading
    zero is its year when that year is near the DCT (a day is written "Jan 4"), unless it opens
    a range of days or a year follows ("May 05-15", "July 03-05, 2004")."""
    if len(number) != 2 or number[0] != "0" or pat.DAY_RANGE_OR_YEAR_AFTER.match(ctx.text, end):
        return False
    return -SHORT_YEAR_REACH[0] <= year_number(number) - ctx.dct.year <= SHORT_YEAR_REACH[1]


def norm_day_month(m: re.Match[str], ctx: Context) -> Norm | None:
    if not is_month_word(m["mon"]):
        return None
    return month_day_norm(m, ctx, m["year"])


norm_day_before_range = norm_day_month  # "25-27 October": the month and year after the range date its first day


def norm_week_of(m: re.Match[str], ctx: Context) -> Norm | None:
    if not is_month_word(m["mon"]):
        return None
    norm = month_day_norm(m, ctx, m["year"])
    if norm:
        norm.value = week_value(date.fromisoformat(norm.value))
    return norm


def spelled_year(text: str) -> int | None:
    """'nineteen ninety-six' → 1996, 'two thousand and one' → 2001."""
    words = [w for w in _SPACES_OR_HYPHENS.split(text.lower()) if w != "and"]
    if words[:2] == ["two", "thousand"]:
        return 2000 + sum(vocab.NUMBER_WORDS[w] for w in words[2:])
    century = vocab.NUMBER_WORDS.get(words[0])
    if century is None:
        return None
    rest = words[1:]
    return century * 100 + (0 if rest == ["hundred"] else sum(vocab.NUMBER_WORDS[w] for w in rest))


def norm_spelled_year(m: re.Match[str], ctx: Context) -> Norm | None:
    year = spelled_year(m["syear"])
    return Norm("DATE", str(year)) if year else None


def norm_the_weekend(m: re.Match[str], ctx: Context) -> Norm | None:
    """The weekend just past (or under way), the coming one in a future clause."""
    dct = ctx.dct
    saturday = dct - timedelta(days=(dct.weekday() - 5) % 7)
    if dct.weekday() < 5 and ctx.tense(m.start(), m.end()) == FUTURE:
        saturday += timedelta(days=7)
    return Norm("DATE", week_value(saturday) + "-WE")


def norm_month_year(m: re.Match[str], ctx: Context) -> Norm | None:
    if not is_month_word(m["mon"]):
        return None
    month = month_number(m["mon"])
    if m["syear"]:
        year = spelled_year(m["syear"])
        if year is None:
            return None
    else:
        year = int(m["year"]) if m["year"] else ctx.dct.year + {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    return date_norm(f"{year}-{month:02d}", m)


def norm_month(m: re.Match[str], ctx: Context) -> Norm | None:
    if not is_month_word(m["mon"]):
        return None
    mon = m["mon"].lower()
    rel = _SPACES.sub(" ", m["rel"].lower()) if m["rel"] else None
    if mon in vocab.AMBIGUOUS_MONTHS and not (rel or m["pre"]):
        if not stands_where_a_month_does(m, ctx):
            return None
        if next_word(ctx, m.end()) in vocab.WORDS_AFTER_THE_VERB_MAY:
            return None  # "who may or may not", "and may have"
    month = month_number(mon)
    dct = ctx.dct
    dated_partner = None if rel else pat.COORDINATED_MONTH_YEAR.match(ctx.text, m.end())
    if dated_partner:
        year = int(dated_partner["year"])
    elif rel in ("last", "past", "this past"):
        year = dct.year if month < dct.month else dct.year - 1
    elif rel in ("next", "coming", "this coming"):
        year = dct.year if month > dct.month else dct.year + 1
    elif rel == "this":
        year = dct.year
    else:
        year = resolve_year(month, None, dct, lambda: clause_tense(m, ctx))
    return date_norm(f"{year}-{month:02d}", m)


def stands_where_a_month_does(m: re.Match[str], ctx: Context) -> bool:
    """A month name that is also a word ("March", "May") is the month after a preposition or
    at either end of a range of months ("(December-March)", "periods are March-June")."""
    return (previous_word(ctx, m.start()) in vocab.PREPOSITIONS_BEFORE_BARE_MONTH
            or pat.MONTH_RANGE_START.search(ctx.text, max(0, m.start() - 20), m.start()) is not None
            or opens_month_range(m, ctx) or pat.COORDINATED_MONTH_YEAR.match(ctx.text, m.end()) is not None)


def opens_month_range(m: re.Match[str], ctx: Context) -> bool:
    """The month matched opens a range of months ("March-June", "March to June")."""
    found = pat.MONTH_RANGE_END.match(ctx.text, m.end())
    return found is not None and is_month_word(found["mon"])


def clause_tense(m: re.Match[str], ctx: Context, reporting_is_past: bool = False) -> int:
    """The tense that places a month or weekday written without its year or week. After "by"
    or "until" it is a deadline ("pay down the loan by February", "until Thursday"): ahead,
    unless the clause it ends is past ("who until March was counselor", "until Thursday, they
    had not"); what came before does not count. A possessive names a happening, not a deadline
    ("before Friday's purchases")."""
    if previous_word(ctx, m.start()) in vocab.DEADLINE_PREPOSITIONS and not ctx.text.startswith("'", m.end()):
        return ctx.tense_right_after(m.start(), m.end()) or FUTURE
    return ctx.tense(m.start(), m.end(), reporting_is_past)


def norm_weekday(m: re.Match[str], ctx: Context) -> Norm | None:
    weekday = vocab.WEEKDAYS[m["wd"].lower()]
    rel = m["rel"].lower().split()[-1] if m["rel"] else None
    if rel == "following":  # "the following Monday": after the day in focus (the DCT if none)
        day = resolve_weekday(weekday, ctx.anchor_day, FUTURE, strict=True)
    elif rel in ("previous", "preceding"):
        day = resolve_weekday(weekday, ctx.anchor_day, PAST, strict=True)
    elif rel in ("next", "coming"):
        day = resolve_weekday(weekday, ctx.dct, FUTURE, strict=True)
    elif rel in ("last", "past"):
        day = resolve_weekday(weekday, ctx.dct, PAST, strict=True)
    else:
        direction = FUTURE if clause_tense(m, ctx, reporting_is_past=True) == FUTURE else PAST
        day = resolve_weekday(weekday, ctx.dct, direction)
    return with_part_of_day(day, m["pod"], m)


def with_part_of_day(day: date, part: str | None, m: re.Match[str]) -> Norm:
    mod = mod_of(m["pre"])
    if part:
        return Norm("TIME", day.isoformat() + "T" + vocab.PARTS_OF_DAY[part.lower()], mod)
    return Norm("DATE", day.isoformat(), mod)


def norm_day_word(m: re.Match[str], ctx: Context) -> Norm | None:
    if m["word"]:
        word = _SPACES.sub(" ", m["word"].lower())
        part = m["pod"] or ("night" if word == "tonight" else None)
        return with_part_of_day(ctx.dct + timedelta(days=vocab.DAY_WORDS[word]), part, m)
    offset = -1 if m["this"].lower() == "last" else 0
    return with_part_of_day(ctx.dct + timedelta(days=offset), m["pod2"], m)


def norm_anaphoric_day(m: re.Match[str], ctx: Context) -> Norm | None:
    words = m["word"].lower().split()
    if "previous" in words or "preceding" in words or "before" in words:
        offset = -1
    elif "following" in words or "next" in words or "after" in words:
        offset = 1
    else:
        offset = 0
    focus = ctx.anchor_value
    if focus and _WEEK_VALUE.fullmatch(focus) and focus < week_value(ctx.dct):
        # "Last week, Lula spoke … the next day": a day of that week, not one counted from the DCT
        return Norm("DATE", focus, anaphoric=True)
    return Norm("DATE", (ctx.anchor_day + timedelta(days=offset)).isoformat(), anaphoric=True)


def norm_fiscal_year(m: re.Match[str], ctx: Context) -> Norm | None:
    return Norm("DATE", str(year_number(m["year"].lstrip("'"))))


def norm_year(m: re.Match[str], ctx: Context) -> Norm | None:
    year = int(m["year"])
    previous = previous_word(ctx, m.start())
    if not m["after"] and not m["before"] and _is_quantity_or_time(ctx, m.start(), m.end(), previous):
        return None
    before = ctx.text[max(0, m.start() - 4):m.start()]
    if _NOT_YEAR_BEFORE.search(before) or previous in vocab.CODE_WORDS_BEFORE_NUMBER:
        return None  # "$1500", "UNSCR 1441", "flight 1030"
    if year < vocab.MIN_BARE_YEAR and not _old_year_context(ctx, m, previous):
        return None  # "approximately 1830 on Dec 7", "(1800, 2250, 0534, and 1230)": clock times
    if m["next"] and not _is_split_year(ctx, m):
        return None  # "decision 2004/35", "GOV/2001/50": a document's number
    norm = date_norm(str(year), m)
    norm.mod = norm.mod or ("ON_OR_AFTER" if m["after"] else "ON_OR_BEFORE" if m["before"] else None)
    return norm


def _is_split_year(ctx: Context, m: re.Match[str]) -> bool:
    """'2004/2005', '2004/05', '2006/7': a year and a later one, at most SPLIT_YEAR_REACH years
    on, written after a slash in full or by its last digits, one span whose value is its first
    year (the start of what it dates). After a slash, both are parts of a code ("GOV/2001/50")."""
    year, digits = int(m["year"]), m["next"]
    scale = 10 ** len(digits)
    later = year - year % scale + int(digits)
    if later <= year and len(digits) < 4:
        later += scale  # "1999/00"
    return 0 < later - year <= SPLIT_YEAR_REACH and not ctx.text.endswith("/", 0, m.start("year"))


def _is_quantity_or_time(ctx: Context, start: int, end: int, previous: str) -> bool:
    """A number that counts what follows ("1500 troops", "1000 personnel") or is a clock time
    ("1030 local"); a plural noun after a determiner and a year is what the year qualifies
    ("the 1998 elections", "post-1959 politics"), and so it is after a preposition of time ("in
    1993 ports moved") or another year ("the 1992 and 1996 elections")."""
    word = next_word(ctx, end)
    if word in vocab.QUANTITY_NOUNS or word in vocab.CLOCK_WORDS_AFTER_NUMBER or _PER_UNIT.match(ctx.text, end):
        return True
    return (_is_plural_noun(word) and previous not in vocab.WORDS_BEFORE_YEAR_MODIFIER
            and previous not in vocab.PREPOSITIONS_BEFORE_YEAR
            and not _YEAR_AND.search(ctx.text, max(0, start - 12), start))


def _is_plural_noun(word: str) -> bool:
    return (len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))
            and word not in vocab.S_WORDS_NOT_PLURAL)


def _old_year_context(ctx: Context, m: re.Match[str], previous: str) -> bool:
    """A number before 1900 is a year only where a year is expected: after a preposition that
    takes one ("since 1453", "in 1648") or before the name of a historic event ("the 1878 Treaty
    of Berlin"). After "of" it is a year only of a historic event ("the War of 1812", "the Act of
    1867"): "violation of 1441", "co-sponsors of 1559", "as of 1600", "out of 1104" are a
    resolution, a count or a clock time. Nowhere is it a year if the text names it as a code."""
    if previous == "of":
        where_a_year_is = _HISTORIC_NOUN_OF.search(ctx.text, max(0, m.start() - 30), m.start()) is not None
    else:
        where_a_year_is = previous in vocab.PREPOSITIONS_BEFORE_OLD_YEAR or (
            previous in ("the", "a") and next_word(ctx, m.end()) in vocab.HISTORIC_NOUNS_AFTER_OLD_YEAR)
    return where_a_year_is and not _named_as_code(ctx, m["year"])


def _named_as_code(ctx: Context, number: str) -> bool:
    """The text names this number as a code elsewhere: after "UNSCR 1441", "the Council in
    1441" is the resolution too. Asked only of old years, which are rare."""
    return number in _CODE_NUMBER.findall(ctx.text)


def decade_prefix(digit: int, dct: date) -> str:
    """'80s → 198, choosing the century that puts the decade before the DCT."""
    century = dct.year // 100
    if century * 100 + digit * 10 > dct.year:
        century -= 1
    return f"{century}{digit}"


def norm_decade(m: re.Match[str], ctx: Context) -> Norm | None:
    if m["dec"]:
        value = m["dec"][:3]
    else:
        digit = int(m["dec2"]) if m["dec2"] else vocab.DECADE_WORDS[m["word"].lower()]
        value = decade_prefix(digit, ctx.dct)
    mod = mod_of(m["pos"]) or mod_of(m["pre"])
    return Norm("DATE", value, mod)


def norm_century(m: re.Match[str], ctx: Context) -> Norm | None:
    ordinal = int(m["ord"])
    if not 1 <= ordinal <= 22:
        return None
    return Norm("DATE", f"{ordinal - 1:02d}", mod_of(m["pos"]) or mod_of(m["pre"]))


def relative_year(rel: str | None, ctx: Context) -> int | None:
    if not rel:
        return None
    rel = rel.lower()
    if rel == "the":
        return int(ctx.anchor_value[:4]) if ctx.anchor_value else ctx.dct.year
    return ctx.dct.year + {"this": 0, "last": -1, "next": 1}[rel]


def quarter_value(year: int, quarter: int) -> str:
    return f"{year}-Q{quarter}"


def last_completed_quarter(dct: date) -> tuple[int, int]:
    return add_quarters(dct.year, quarter_of(dct), -1)


YEAR_EARLIER = ("year-earlier", "year-ago", "comparable", "corresponding")


def norm_quarter(m: re.Match[str], ctx: Context) -> Norm | None:
    det = (m["det"] or "").lower()
    rel = "year-ago" if m["ago"] else (m["rel"] or "").lower()  # "the quarter a year ago"
    dct = ctx.dct
    if m["period"] and m["qyear"]:  # "the 1988 period": the quarter in focus, in that year
        if det != "the":
            return None  # "a 1988 period of growth": the year alone
        focus = ctx.anchor_quarter
        return date_norm(quarter_value(int(m["qyear"]), focus[1]) if focus else m["qyear"], m)
    if m["pyear"] and not m["ord"]:  # "last year's quarter"
        quarter = (ctx.anchor_quarter or last_completed_quarter(dct))[1]
        return date_norm(quarter_value(relative_year(m["pyear"], ctx), quarter), m)
    # "The last quarter of 1989" is that year's fourth, not the last one before the DCT.
    ordinal = m["ord"] or ("last" if rel == "last" and (m["year"] or m["yrel"]) else None)
    if ordinal:
        quarter = vocab.ORDINALS[ordinal.lower()]
        year = (int(m["qyear"] or m["year"] or m["possyear"] or 0) or relative_year(m["yrel"] or m["pyear"], ctx)
                or default_quarter_year(quarter, ctx, m))
        if rel in YEAR_EARLIER:
            year -= 1
        norm = date_norm(quarter_value(year, quarter), m)
        norm.anaphoric = rel in YEAR_EARLIER  # the comparison quarter: the one in focus stays
        if m["det"] and not m["rel"] and not m["pre"] and is_hyphenated_modifier(m):
            norm.start = m.start("ord")
        return norm
    if not (det or rel) or det == "a" or next_word(ctx, m.end()) == "of" and not m["year"]:
        return None
    if rel in ("current",) or det == "this":
        year, quarter = dct.year, quarter_of(dct)
    elif rel in ("next", "coming") or det == "next":
        year, quarter = add_quarters(dct.year, quarter_of(dct), 1)
    elif rel in ("last", "previous", "past", "prior", "latest", "recent") or det == "last":
        year, quarter = last_completed_quarter(dct)
    else:
        focus = quarter_ending(m, ctx) or ctx.anchor_quarter
        if m["period"]:
            return comparison_period(m, ctx, focus)
        year, quarter = focus or last_completed_quarter(dct)
        if m["qyear"] or m["year"]:
            year = int(m["qyear"] or m["year"])
        elif m["yrel"]:  # "the same quarter last year"
            year = relative_year(m["yrel"], ctx)
        else:
            year -= rel in YEAR_EARLIER
    norm = date_norm(quarter_value(year, quarter), m)
    # "the year-ago quarter", "the same quarter last year": a comparison, the quarter in focus stays
    norm.anaphoric = rel in YEAR_EARLIER or m["yrel"] is not None
    return norm


def comparison_period(m: re.Match[str], ctx: Context, focus: tuple[int, int] | None) -> Norm | None:
    """'The same period last year', 'the comparable period of 1988': the quarter in focus in
    that year, or the year alone when the period in focus is no quarter ("the first seven
    months of 2004, compared with the same period of 2003"). Without its year it is no date."""
    if m["year"] or m["yrel"]:
        year = int(m["year"]) if m["year"] else relative_year(m["yrel"], ctx)
    elif m["ago"]:  # "the same period a year ago"
        year = (focus[0] if focus else ctx.dct.year) - 1
    else:
        return None
    norm = date_norm(quarter_value(year, focus[1]) if focus else str(year), m)
    norm.anaphoric = True  # a comparison: the period in focus stays
    return norm


def quarter_ending(m: re.Match[str], ctx: Context) -> tuple[int, int] | None:
    """'The quarter ended July 31': the calendar quarter that holds most of the three months
    up to that day (May to July: the second), in the year before the DCT if the day is ahead."""
    ended = pat.ENDED_ON.match(ctx.text, m.end())
    if not ended or not is_month_word(ended["mon"]):
        return None
    month, day = month_number(ended["mon"]), int(ended["day"])
    last_day = safe_date(resolve_year(month, day, ctx.dct, lambda: PAST), month, day)
    middle = last_day - timedelta(days=45)
    return middle.year, quarter_of(middle)


def default_quarter_year(quarter: int, ctx: Context, m: re.Match[str]) -> int:
    """A quarter named without a year: the DCT's year, unless it has not begun and the
    clause is past tense (then the year before)."""
    dct = ctx.dct
    if quarter > quarter_of(dct) and ctx.tense(m.start(), m.end()) == PAST:
        return dct.year - 1
    return dct.year


def norm_q_code(m: re.Match[str], ctx: Context) -> Norm | None:
    year_text = m["year"] or m["fyear"]
    if not year_text:
        return None  # a bare "Q1" is as often a question label as a quarter
    year = year_number(year_text)
    return Norm("DATE", quarter_value(year, int(m["q"])))


def norm_half(m: re.Match[str], ctx: Context) -> Norm | None:
    first = m["ord"].lower() == "first"
    if m["dec"] or m["dec2"]:
        value = m["dec"][:3] if m["dec"] else decade_prefix(int(m["dec2"]), ctx.dct)
        return Norm("DATE", value, "START" if first else "END")
    year = int(m["year"]) if m["year"] else relative_year(m["yrel"], ctx)
    return Norm("DATE", f"{year}-H{1 if first else 2}")


SEASON_START_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def norm_season(m: re.Match[str], ctx: Context) -> Norm | None:
    code = vocab.SEASONS[m["season"].lower()]
    rel = _SPACES.sub(" ", m["rel"].lower()).removeprefix("the ") if m["rel"] else None  # "the past summer"
    if m["season"].lower() == "fall" and not (m["year"] or m["syear"]):
        if rel in (None, "the") and next_word(ctx, m.end()) == "of":
            return None  # "the fall of the government"; "this fall of new proposals" is a season
        if not (rel or m["pre"]) and previous_word(ctx, m.start()) not in (
                "in", "during", "by", "until", "since", "this", "last", "next", "early", "late"):
            return None
    start_month, dct = SEASON_START_MONTH[code], ctx.dct
    if m["year"] or m["syear"]:
        year = int(m["year"]) if m["year"] else spelled_year(m["syear"])
        if year is None:
            return None
    elif rel in ("last", "past", "this past"):
        year = dct.year if start_month + 2 < dct.month else dct.year - 1
    elif rel in ("next", "coming", "this coming"):
        year = dct.year if start_month > dct.month else dct.year + 1
    elif rel == "this":
        year = dct.year
    else:
        year = resolve_year(start_month, None, dct, lambda: ctx.tense(m.start(), m.end()))
    return date_norm(f"{year}-{code}", m)


def shifted_unit_value(unit: str, base: date, amount: int) -> str:
    """The value of the calendar `unit` containing `base`, moved by `amount` units."""
    if unit == "day":
        return (base + timedelta(days=amount)).isoformat()
    if unit in ("week", "weekend"):
        value = week_value(base + timedelta(weeks=amount))
        return value + "-WE" if unit == "weekend" else value
    if unit == "month":
        year, month = add_months(base.year, base.month, amount)
        return f"{year}-{month:02d}"
    if unit == "quarter":
        return quarter_value(*add_quarters(base.year, quarter_of(base), amount))
    if unit in ("year", "fiscal year"):
        return str(base.year + amount)
    if unit == "decade":
        return str(base.year // 10 + amount)
    return f"{base.year // 100 + amount:02d}"  # century


ANAPHORIC_RELATIONS = ("the previous", "previous", "the following", "following", "that", "the same", "the prior", "prior", "the preceding")


def norm_relative(m: re.Match[str], ctx: Context) -> Norm | None:
    rel = _SPACES.sub(" ", m["rel"].lower())
    unit = _SPACES.sub(" ", m["unit"].lower())
    offset = vocab.RELATIVE_OFFSETS.get(rel, 0)
    if rel in ("the previous", "the preceding") or rel == "previous":
        offset = -1
    if unit == "decade" and offset < 0:
        return Norm("DURATION", "P10Y")  # "the past decade" is the span up to now
    if rel not in ANAPHORIC_RELATIONS:
        return date_norm(shifted_unit_value(unit, ctx.dct, offset), m)
    norm = date_norm(shifted_unit_value(unit, ctx.anchor_date, offset), m)
    norm.anaphoric = True
    return norm


def norm_anaphoric_unit(m: re.Match[str], ctx: Context) -> Norm | None:
    norm = date_norm(shifted_unit_value(m["unit"].lower(), ctx.anchor_date, 0), m)
    norm.anaphoric = True
    return norm


DAY_UNITS = frozenset({"day", "night", "week", "weekend"})


def norm_ago(m: re.Match[str], ctx: Context) -> Norm | None:
    unit = unit_of(m["unit"])
    direction = m["dir"].lower()
    sign = 1 if direction in ("later", "after", "hence") or direction.startswith("from") else -1
    count = count_of(m)
    mod = hedge_mod(m["hedge"], point=True) or ("APPROX" if _OR_SO.search(m.group()) else None)
    if count is None:
        return Norm("DATE", "FUTURE_REF" if sign > 0 else "PAST_REF", mod)
    if unit == "year" and count != int(count):
        unit, count = "month", count * 12  # "a year and a half ago": eighteen months back
    if unit in ("hour", "minute") or count != int(count):
        return None
    from_dct = direction in ("ago", "back", "hence") or direction.startswith("from")
    # "Two years later" counts from the year in focus, "two days later" from the day in focus.
    day_unit = unit in DAY_UNITS
    base = ctx.dct if from_dct else ctx.anchor_day if day_unit else ctx.anchor_date
    quarter = ctx.anchor_quarter
    if unit == "year" and count == 1 and quarter:
        return Norm("DATE", quarter_value(quarter[0] + sign, quarter[1]), mod, anaphoric=True)
    value = str(base.year + sign * int(count)) if unit == "year" else shifted_unit_value(unit, base, sign * int(count))
    # The day reached moves the focus ("two days later … the next day"): a story goes on from
    # it. A month or year counted back or forth is a comparison ("down 80 percent from two years
    # prior", "up from a year earlier"), and so is a count from the DCT: the focus stays.
    return Norm("DATE", value, mod, anaphoric=from_dct or not day_unit)


def norm_year_earlier(m: re.Match[str], ctx: Context) -> Norm | None:
    quarter = ctx.anchor_quarter
    if quarter:
        return Norm("DATE", quarter_value(quarter[0] - 1, quarter[1]), anaphoric=True)
    if m["what"] and m["what"].lower() == "quarter":
        return Norm("DATE", quarter_value(*add_quarters(*last_completed_quarter(ctx.dct), -4)), anaphoric=True)
    return Norm("DATE", str(ctx.dct.year - 1), anaphoric=True)


DURATION_HEDGES = {
    "more than": "MORE_THAN", "over": "MORE_THAN", "less than": "LESS_THAN", "under": "LESS_THAN",
    "at least": "EQUAL_OR_MORE", "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS",
}
POINT_HEDGES = {"more than": "BEFORE", "over": "BEFORE", "less than": "AFTER"}


def hedge_mod(hedge: str | None, point: bool) -> str | None:
    if not hedge:
        return None
    word = _SPACES.sub(" ", hedge.lower())
    if word == "just":
        return None
    table = POINT_HEDGES if point else DURATION_HEDGES
    return table.get(word, "APPROX")


def duration_value(count: float | None, unit: str) -> str:
    letter = vocab.UNITS[unit][0]
    amount = "X" if count is None else (str(int(count)) if count == int(count) else str(count))
    if unit == "decade":  # in years, as the annotators write them ("decades": PXY)
        if count is None:
            return "PXY"
        return f"P{int(count * 10)}Y" if count * 10 == int(count * 10) else f"P{amount}DE"
    if unit == "century" and count is not None:
        return f"P{int(count * 100)}Y"
    if unit == "weekend":
        return f"P{amount}WE"
    if unit == "hour" and count is not None and count != int(count):
        hours, minutes = divmod(round(count * 60), 60)  # 5 1/2 hours: PT5H30M, half an hour: PT30M
        return f"PT{hours}H{minutes}M" if hours else f"PT{minutes}M"
    if letter.startswith("T"):
        return f"PT{amount}{letter[1]}"
    return f"P{amount}{letter}"


def is_hyphenated_modifier(m: re.Match[str]) -> bool:
    """'a third-quarter loss', 'the five-year plan': a hyphenated modifier is annotated without
    the determiner of the noun it modifies."""
    return bool(_HYPHENATED_UNIT.search(m.group()))


NOT_PLURAL_NOUNS = frozenset({
    "this", "was", "has", "does", "his", "its", "is", "as", "less", "plus", "across", "unless", "thus",
    "whereas", "always", "perhaps", "towards", "afterwards", "lasts", "takes", "needs", "spends", "serves",
})
_RATE_BEFORE = re.compile(r"(?:\d|\b[a-z]{2,}[^\Ws]s)\s+$", re.IGNORECASE)


def is_rate(ctx: Context, start: int) -> bool:
    """'a week' after an amount ('$1.76 a year'), a plural noun ('four flights a week') or an
    adverb of frequency ('twice a week') says how often, per unit of time: it is not a duration."""
    word = previous_word(ctx, start)
    if word in vocab.FREQUENCY_ADVERBS:
        return True
    before = ctx.text[max(0, start - 30):start]
    if not _RATE_BEFORE.search(before):
        return False
    return word not in NOT_PLURAL_NOUNS and word not in vocab.NUMBER_WORDS


def norm_duration(m: re.Match[str], ctx: Context) -> Norm | None:
    unit = unit_of(m["unit"])
    count = count_of(m)
    if unit == "quarter" and next_word(ctx, m.end()) == "of":
        return None  # "a quarter of the population"
    if pat.AGE_SUFFIX.match(ctx.text, m.end()):
        return None  # "a 6-year-old", "52 years old": ages are not annotated
    if m["num"].lower() in ("a", "an") and next_word(ctx, m.end()) in ("ago", "earlier", "later"):
        return None
    if m["num"].lower() in ("a", "an") and not (m["det"] or m["rel"] or m["hedge"]) and is_rate(ctx, m.start("num")):
        return None  # "four flights a week", "$1.76 a year", "24 hours a day": a rate, not a span of time
    # "the five-year plan", "the two day rally": a modifier is annotated without the determiner
    modifier = is_hyphenated_modifier(m) or (count is not None and count > 1 and not m["unit"].lower().endswith("s")
                                             and not m["half"])  # "a year and a half" is no modifier
    start = m.start("low" if m["low"] else "num") if m["det"] and modifier and not m["rel"] else None
    if m["low"]:  # "two to three weeks": at least the lower end
        return Norm("DURATION", duration_value(number_of(m["low"]), unit), "EQUAL_OR_MORE", start=start)
    value = duration_value(count, unit)
    if m["det"] and unit == "month" and count not in (None, 3):
        ctx.remember_period(value)  # "for the nine months": the period that later comparisons are with
    return Norm("DURATION", value, hedge_mod(m["hedge"], point=False), start=start)


def norm_long_duration(m: re.Match[str], ctx: Context) -> Norm | None:
    """'day-long' is one day, 'decades-long' an unspecified number of decades."""
    unit_word = m["unit"].lower()
    count = number_of(m["num"]) if m["num"] else (None if unit_word.endswith(("s", "ies")) else 1)
    return Norm("DURATION", duration_value(count, unit_of(unit_word)))


def norm_duration_noun(m: re.Match[str], ctx: Context) -> Norm | None:
    return Norm("DURATION", duration_value(number_of(m["num"]), unit_of(m["unit"])))


def norm_year_ended(m: re.Match[str], ctx: Context) -> Norm | None:
    return Norm("DURATION", "P1Y")


def norm_vague_duration(m: re.Match[str], ctx: Context) -> Norm | None:
    if m["det"].lower() == "the" and not m["ahead"]:
        return None  # "the weeks ahead", but "over the years" is no span of its own
    return Norm("DURATION", duration_value(None, unit_of(m["unit"])))


def norm_set_word(m: re.Match[str], ctx: Context) -> Norm | None:
    return Norm("SET", vocab.SET_WORDS[m["word"].lower()])


def norm_set_every(m: re.Match[str], ctx: Context) -> Norm | None:
    target = m["unit"].lower()
    if target in vocab.WEEKDAYS:
        return Norm("SET", f"XXXX-WXX-{vocab.WEEKDAYS[target] + 1}")
    if target in vocab.MONTHS:
        return Norm("SET", f"XXXX-{vocab.MONTHS[target]:02d}")
    if target in vocab.SEASONS:
        return Norm("SET", f"XXXX-{vocab.SEASONS[target]}")
    count = 2 if (m["num"] or "").lower() == "other" else (number_of(m["num"]) if m["num"] else 1)
    return Norm("SET", duration_value(count, unit_of(target)))


def norm_set_per(m: re.Match[str], ctx: Context) -> Norm | None:
    return Norm("SET", duration_value(1, unit_of(m["unit"])))


def norm_ref_word(m: re.Match[str], ctx: Context) -> Norm | None:
    return Norm("DATE", vocab.REF_WORDS[_SPACES.sub(" ", m["word"].lower())])


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def norm_holiday(m: re.Match[str], ctx: Context) -> Norm | None:
    name = _SPACES.sub(" ", m["word"].lower())
    rel = (m["rel"] or "").lower()

    def tense() -> int:  # looked for only when the year depends on it
        return {"last": PAST, "next": FUTURE}.get(rel) or ctx.tense(m.start(), m.end())

    if name in vocab.FIXED_HOLIDAYS:
        month, day = vocab.FIXED_HOLIDAYS[name]
        year = int(m["year"]) if m["year"] else resolve_year(month, day, ctx.dct, tense)
        return Norm("DATE", date(year, month, day).isoformat())
    month, weekday, n = vocab.WEEKDAY_HOLIDAYS[name]
    year = int(m["year"]) if m["year"] else resolve_year(month, 15, ctx.dct, tense)
    return Norm("DATE", nth_weekday(year, month, weekday, n).isoformat())


def norm_year_end(m: re.Match[str], ctx: Context) -> Norm | None:
    """The end of a year: the one written, else the one the tense points to. A future clause
    ("will pass by year-end") means the coming one, which is never more than a year away. A
    past clause, like a month, means the last one if it is within reach ("a year-end report
    has shown" in early January). A clause without tense looks ahead (a target: "a year-end
    budget surplus"), unless the DCT is too soon after the last year-end for the next one to
    be in reach."""
    if m["year"]:
        return Norm("DATE", m["year"], "END")
    tense = clause_tense(m, ctx)
    year = ctx.dct.year if tense == FUTURE else resolve_year(12, 31, ctx.dct, lambda: tense or FUTURE)
    return Norm("DATE", str(year), "END")


def norm_ordinal_day(m: re.Match[str], ctx: Context) -> Norm | None:
    word = next_word(ctx, m.end())
    if word and word not in vocab.WORDS_AFTER_A_DAY and not word.endswith("ed"):
        return None  # "progress on the 5th review", "on the 10th anniversary", "on the 3rd floor"
    anchor = ctx.anchor_day
    try:
        return Norm("DATE", anchor.replace(day=int(m["day"])).isoformat())
    except ValueError:
        return None


NORMALIZERS: dict[str, Callable[[re.Match[str], Context], Norm | None]] = {
    name[len("norm_"):]: function for name, function in globals().items() if name.startswith("norm_")
}
