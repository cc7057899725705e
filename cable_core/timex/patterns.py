"""Regular expressions that find temporal expressions, built from `vocabulary`.

Each rule is a compiled pattern with named groups; `normalize` has one function per rule name
that turns a match into a value. Patterns avoid nested quantifiers over overlapping classes so
that matching stays linear on any input. All are case-insensitive (many cables are upper case).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from . import vocabulary as vocab


def _alternation(words) -> str:
    """A regex alternation of `words`, longest first so that the longest word wins, in a group
    after a lookahead of the words' first characters (none a space). The lookahead only speeds up
    a failure: case-insensitive, the engine cannot test an alternative's first letter before
    entering it, so it enters each in turn, where the lookahead tests one class of characters
    (with the one before PRE: 1.2% fewer instructions for tag + events)."""
    words = sorted(words, key=len, reverse=True)
    firsts = "".join(sorted({re.escape(word[0]) for word in words}))
    return f"(?=[{firsts}])(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + ")"


_FULL_MONTHS = [m for m in vocab.MONTHS if len(m) > 4 or m in ("may", "june", "july")]
_ABBR_MONTHS = [m for m in vocab.MONTHS if m not in _FULL_MONTHS]
FULL_MONTH = rf"\b(?:{_alternation(_FULL_MONTHS)})(?![a-z])"  # "FEBRUARY18": a month and a day
MONTH = rf"(?:{FULL_MONTH}|\b(?:{_alternation(_ABBR_MONTHS)})(?:\.|\b))"
WEEKDAY = rf"\b(?:{_alternation(vocab.WEEKDAYS)})\b"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"
YEAR4 = r"\b(?:1\d|20)\d\d\b(?![.,]\d)"
SMALL_NUMBER = _alternation(k for k in vocab.NUMBER_WORDS if k not in ("a", "an"))
# The lower end of a range of numbers ("two to three weeks", "12-18 months"): short, so that a
# year before "or two years" is not taken for one.
RANGE_LOW = rf"(?:\d{{1,3}}|{SMALL_NUMBER})"
# A count and a half, after the count ("two and a half years") or after the unit ("a year and a half").
AND_A_HALF = r"\s+and\s+a\s+half\b"
_WORD_COUNT = rf"(?:{SMALL_NUMBER})(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?"
NUMBER = (rf"(?:(?:\d+|{_WORD_COUNT}){AND_A_HALF}|\d+(?:\.\d+|\s+[1-9]/[1-9])?|{_WORD_COUNT}|a|an"
          rf"|{_alternation(vocab.VAGUE_QUANTITIES)})")
UNIT = rf"(?:{_alternation(vocab.UNITS)})"
UNIT_PLURAL = r"(?:minute|hour|day|night|week|weekend|month|quarter|year|decade)s|centuries"
PART_OF_DAY = r"(?:morning|afternoon|evening|night)"
SEASON = rf"\b(?:{_alternation(vocab.SEASONS)})\b"
# A year in words, as transcripts of broadcasts write it: "nineteen ninety-six", "two thousand".
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
SPELLED_YEAR = (rf"\b(?:nineteen|eighteen)[\s-]+(?:(?:{_TENS})(?:[\s-]+(?:{_UNITS}))?|{_TEENS}|hundred)\b"
                rf"|(?<=year\s)two[\s-]+thousand(?:[\s-]+(?:and[\s-]+)?(?:{_TEENS}|{_UNITS}))?\b")
REL = (r"(?:this\s+past|this\s+coming|the\s+(?:current|same|previous|past|last|latest|next|coming|following|prior|upcoming|preceding)"
       r"|this|last|next|past|previous|coming|following|current|upcoming|that)")

# A position or hedge modifier that stays inside the extent ("early in 2007", "the end of 2008",
# "mid-2008", "end-March", "o/a June 30", "late on April 27"). Not "some": before a date it is a
# determiner ("some 1973 uranium debts"). The lookahead holds the first letters of its words (see
# `_alternation`).
PRE = (r"(?:(?=[abcelmorstv])(?P<pre>(?:the\s+)?(?:very\s+)?(?:early|mid|late|end(?=-)|(?:beginning|start|end|middle|close|turn)\s+of)"
       r"(?:\s+(?:in|on|of))?|earlier(?:\s+in)?|later(?:\s+in)?|around|about|approximately|roughly|circa|o/a)"
       r"(?:\s+|-(?=\d|[a-z])))?")


class Rule(NamedTuple):
    name: str
    pattern: re.Pattern[str]
    heads: frozenset[str]  # tokens (lower case, DIGITS for a number) that every match contains


def _rule(name: str, heads, pattern: str) -> Rule:
    return Rule(name, re.compile(pattern, re.IGNORECASE), frozenset(heads))


DIGITS = "#"  # any number, as a prefix word
SHORT_NUMBER, YEAR_NUMBER, DTG_NUMBER = "#12", "#4", "#6"  # heads, by number of digits


DIGITS_HEADS = {1: SHORT_NUMBER, 2: SHORT_NUMBER, 4: YEAR_NUMBER, 6: DTG_NUMBER}  # by number of digits

_UNIT_WORDS = set(vocab.UNITS) | {u + "s" for u in vocab.UNITS} | {"centuries"}
_PARTS = ("morning", "afternoon", "evening", "night")
_RATE_WORDS = sorted({*vocab.FREQUENCY_ADVERBS, "times"})  # before "a week" that is a rate: "twice", "four times"
_AFTER_RATE_WORD = "|".join(rf"(?<={word}\s)" for word in _RATE_WORDS)


RULES: tuple[Rule, ...] = (
    # Date-time group of a cable header: 240734Z OCT 06.
    _rule("dtg", [DTG_NUMBER], rf"\b(?P<day>[0-3]\d)(?P<hour>[0-2]\d)(?P<minute>[0-5]\d)Z\s+(?P<mon>{MONTH})\s+(?P<year>\d{{4}}|\d{{2}})\b"),
    # 10/23/2015, 2035/02/23, 2006-10-24.
    _rule("numeric", [SHORT_NUMBER, YEAR_NUMBER], rf"{PRE}(?<![\d/.])(?P<a>\d{{1,4}})(?P<sep>[/.-])(?P<b>\d{{1,2}})(?P=sep)(?P<c>\d{{4}}|\d{{2}})(?![\d/]|\.\d)"),
    # 5 p.m. EST, 10:35 a.m., 1400 hours, 14:00, noon.
    # (At most one space before "a.m.": "OIC-02   PM-01" in a routing list is no time.)
    _rule("clock", [SHORT_NUMBER], rf"{PRE}(?P<hour>[01]?\d)(?:[:.](?P<minute>[0-5]\d))?\s?(?P<ampm>[ap]\.?\s?m\b\.?)"
                   r"(?:\s+(?P<zone>(?-i:[A-Z]{2,4}T)|GMT|UTC|local(?:\s+time)?)\b)?"),
    _rule("military", [YEAR_NUMBER], rf"{PRE}\b(?P<hour>[01]\d|2[0-3])(?P<minute>[0-5]\d)\s*(?:hours|hrs\b\.?|local\b|L\b|Z\b|GMT\b|UTC\b)"),
    _rule("clock24", [SHORT_NUMBER], rf"{PRE}(?<![\d.:])(?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d)(?![\d:])(?:\s*(?:hours|hrs\b\.?|local\b))?"),
    _rule("noon", ["noon", "midday", "midnight"], rf"{PRE}\b(?P<word>noon|midday|midnight)\b"),
    # October 4, Oct. 27th, Friday, Oct. 23, 1998, October 24 2006.
    _rule("month_day", vocab.MONTHS, rf"{PRE}(?:(?P<wd>{WEEKDAY}),?\s+)?(?P<mon>{MONTH})\s*(?P<day>{DAY})(?:(?:,\s*|\s+)¶?(?P<year>{YEAR4}))?"),  # ¶: a conversion artefact
    # 24 October 2006, 4th of July, 24 OCT 06, 18 Mar 03, 30 July 03 (a two-digit year only after an
    # abbreviated month, or after any month when written with a leading zero).
    _rule("day_month", vocab.MONTHS, rf"{PRE}(?:(?P<wd>{WEEKDAY}),?\s+)?(?:the\s+)?(?<![\d.,])(?P<day>{DAY})(?:\s+of)?\s*(?P<mon>{MONTH})"
                       r"(?:(?:,\s*|\s*)(?P<year>(?:1\d|20)\d\d\b|(?-i:(?:(?<=[A-Z]{3}\s)|(?<=[A-Z][a-z]{2}\s)(?<!May\s))\d\d\b)"
                       r"|(?<=[A-Za-z]\s)0\d\b(?![-:.]\d)))?"),
    # 25-27 October 2003: the first day of a range written before its month (the second is a day_month).
    _rule("day_before_range", [SHORT_NUMBER], rf"(?<![\d.,/-])(?P<day>{DAY})(?=\s*[-–]\s*{DAY}\s+(?:of\s+)?(?P<mon>{MONTH})"
                              r"(?:,?\s*(?P<year>(?:1\d|20)\d\d\b))?)"),
    # October 2006, January this year, June last year.
    _rule("month_year", vocab.MONTHS, rf"{PRE}(?P<mon>{MONTH}),?\s+(?:of\s+)?(?:(?P<year>{YEAR4})|(?P<syear>{SPELLED_YEAR})|(?P<rel>this|last|next)\s+year\b)"),
    # December, last June, this September.
    _rule("month", vocab.MONTHS, rf"{PRE}(?:(?P<rel>this\s+past|this\s+coming|this|last|next|past|coming)\s+)?(?P<mon>{FULL_MONTH})"),
    # Friday, last Monday, Friday morning.
    # "The following Monday", "the previous Friday": the weekday after or before the day in focus
    # (without "the", "following Saturday's vote" is the preposition).
    _rule("weekday", vocab.WEEKDAYS, rf"{PRE}(?:(?P<rel>this\s+coming|this\s+past|last|next|this|coming|past"
                     rf"|(?:the\s+)?(?:previous|preceding)|the\s+following)\s+)?"
                     rf"(?P<wd>{WEEKDAY})(?:\s+(?P<pod>{PART_OF_DAY})\b)?"),
    # today, yesterday morning, last night, this evening, the previous day.
    _rule("day_word", ["today", "tonight", "yesterday", "tomorrow", *_PARTS], rf"{PRE}(?:(?P<word>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|tonight|yesterday|tomorrow)\b"
                      rf"(?:\s+(?P<pod>{PART_OF_DAY})\b)?|(?P<this>this|last)\s+(?P<pod2>{PART_OF_DAY})\b)"),
    _rule("anaphoric_day", ["day", *_PARTS], r"\b(?P<word>(?:the\s+|that\s+(?=same))?(?:previous|following|next|preceding|same)\s+(?:day|morning|evening|night)|the\s+day\s+(?:before|after)(?=\s*[.,;:)])|that\s+(?:day|morning|evening|night))\b"),
    # Fiscal and calendar years: FY2007, FY-07, fiscal 1989, CY 1972.
    _rule("fiscal_year", ["fy", "cy", "fiscal", "calendar", SHORT_NUMBER, YEAR_NUMBER], r"\b(?P<fy>FY|CY|fiscal(?:\s+year)?|calendar\s+year)[\s-]?(?P<year>(?:1\d|20)\d\d|'?\d\d)\b(?![.,]\d)"),
    # 2009, early 2007, mid-2008, the end of 2008, 1998-2001 (two years; "2004-123" is a number).
    # "1994 or later", "1990 and beyond": one expression open at one end. Two years joined by a slash
    # are one span, the years a school, fiscal or crop year straddles ("the 2004/05 fiscal year",
    # "2004/2005") or a span of a few ("1983/85"): one expression.
    _rule("year", [YEAR_NUMBER], rf"{PRE}(?P<year>{YEAR4})(?!\s*(?:%|-(?!(?:19|20)\d\d\b)\d{{3}}))"
                  r"(?:/(?P<next>\d{1,4})\b(?!/))?"
                  r"(?:\s+(?:(?P<after>or\s+later|and\s+beyond)|(?P<before>or\s+earlier|or\s+before))\b)?"),
    # Nineteen ninety-six, the year two thousand.
    _rule("spelled_year", ["nineteen", "eighteen", "thousand"], rf"(?:the\s+year\s+)?(?P<syear>{SPELLED_YEAR})"),
    # The weekend (the last one, or the next in a future clause).
    _rule("the_weekend", ["weekend"], r"\bthe\s+weekend\b"),
    # The 1990s, the late '80s, the mid-1990s, the nineties.
    _rule("decade", [SHORT_NUMBER, YEAR_NUMBER, *vocab.DECADE_WORDS], rf"{PRE}(?:the\s+)?(?:(?P<pos>early|mid|late)[\s-]+)?(?:(?P<dec>(?:1\d|20)\d0)'?s\b|'(?P<dec2>\d)0s\b|(?P<word>{_alternation(vocab.DECADE_WORDS)})\b)"),
    _rule("century", ["century"], rf"{PRE}(?:the\s+)?(?:(?P<pos>early|mid|late)[\s-]+)?(?P<ord>\d{{1,2}})(?:st|nd|rd|th)[\s-]+century\b"),
    # The third quarter, third-quarter, the latest quarter, Q3 2007, the first quarter of 2008.
    # This year's third quarter, 1988's fourth quarter, last year's quarter, the 1988 period (the quarter in
    # focus), the latest period, the same period last year.
    _rule("quarter", ["quarter", "period"], rf"{PRE}(?:(?P<pyear>this|last|next)\s+year's\s+|(?:fiscal\s+)?(?P<possyear>{YEAR4})'s\s+|(?P<det>the|this|that|a|last|next)\s+)?"
                     r"(?:(?P<rel>latest|current|last|previous|past|next|coming|same|prior|year-earlier|year-ago|comparable|corresponding|recent|fiscal)\s+)?"
                     rf"(?:(?P<qyear>{YEAR4})\s+)?(?:fiscal\s+)?(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final)?[\s-]*quarter\b(?!s|-(?:to|point)\b)"
                     r"|(?:(?<=\d\s)|(?<=latest\s)|(?<=same\s)|(?<=comparable\s)|(?<=corresponding\s))(?P<period>period)\b)"
                     rf"(?:\s+(?:of\s+)?(?:(?:fiscal\s+)?(?P<year>{YEAR4})|(?P<yrel>the|this|last|next)\s+(?:fiscal\s+)?year\b)"
                     r"|(?P<ago>\s+a\s+year\s+(?:ago|earlier)\b))?"),  # the quarter a year ago
    _rule("q_code", ["q", "fy", "cy", SHORT_NUMBER], rf"\b(?:(?P<fy>FY|CY)\s*(?P<fyear>\d{{4}}|\d{{2}})\s*)?Q(?P<q>[1-4])(?:\s*(?P<year>{YEAR4}))?\b"),
    # The second half of the year, the first half of 2007, the last half of the '80s.
    _rule("half", ["half"], rf"(?:the\s+)?(?P<ord>first|second|last|latter)\s+half\s+of\s+(?:(?P<year>{YEAR4})|(?P<yrel>the|this|last|next)\s+year\b"
                  r"|the\s+(?:(?P<dec>(?:1\d|20)\d0)'?s|'(?P<dec2>\d)0s)\b)"),
    # This summer, last fall, the winter of 2007, spring 2008.
    _rule("season", vocab.SEASONS, rf"{PRE}(?:(?P<rel>(?:this|the)\s+(?:past|coming|last|next)|this|last|next|past|coming|the)\s+)?(?P<season>{SEASON})"
                    rf"(?:\s+(?:of\s+)?(?:(?P<year>{YEAR4})|(?P<syear>{SPELLED_YEAR})))?"),
    # This year, late last year, next month, the past week, earlier this month.
    _rule("relative", ["week", "weekend", "month", "year", "decade", "century"], rf"{PRE}(?P<rel>{REL})\s+(?P<unit>fiscal\s+year|week|weekend|month|year|decade|century)\b(?!-)"),
    # The week of March 6: the week that holds the day; "the week of November 22-26" names its days too.
    _rule("week_of", ["week"], rf"{PRE}\bthe\s+week\s+of\s+(?P<mon>{MONTH})\s*(?P<day>{DAY})(?:\s*[-–]\s*{DAY})?(?:(?:,\s*|\s+)(?P<year>{YEAR4}))?"),
    # The end of the year, for the week, later in the month: the unit in focus (only after "of",
    # "in" or "for": "the year ended June 30" and "the year before" are other things).
    _rule("anaphoric_unit", ["week", "month", "year"], rf"{PRE}(?:(?<=of\s)|(?<=in\s)|(?<=for\s))the\s+(?P<unit>week|month|year)\b"
                            r"(?![-\w]|\s+(?:(?:end(?:ed|ing)?|before|after|following|earlier|ago|two|nineteen)\b|\d))"),
    # Now, currently, recently, the past, the near future.
    _rule("ref_word", [w.split()[-1] for w in vocab.REF_WORDS], rf"\b(?P<word>{_alternation(vocab.REF_WORDS)})\b"),
    # Two weeks ago, a year earlier, 10 days later ("three weeks prior to the flight" is a span
    # before a happening, not a date).
    _rule("ago", _UNIT_WORDS, rf"(?:(?P<hedge>about|nearly|almost|roughly|approximately|around|some|more\s+than|over|less\s+than)\s+)?"
                 rf"\b(?P<num>{NUMBER})[\s-]+(?P<unit>{UNIT}|{UNIT_PLURAL})(?P<half>{AND_A_HALF})?\s+(?:or\s+so\s+)?(?P<dir>ago|earlier|later|prior(?!\s+to\b)|previously|hence|from\s+now|back|(?:before|after)(?=\s*(?:[.,;:)]|$)))\b"),
    _rule("year_earlier", ["year"], r"(?:the\s+)?(?:comparable\s+|corresponding\s+)?\byear-(?:earlier|ago)\s+(?:(?:first|second|third|fourth)\s+)?(?P<what>quarter|period)\b|\byear-(?:earlier|ago)\b"),
    # Three years, the past two months, a five-year plan, 5 1/2 hours (a unit joined to the next word
    # is no span: "a year-end review", "on a day-to-day basis", "a year-earlier loss").
    # ("about" stays out of a duration's extent, as the TempEval-3 annotators mostly left it.)
    _rule("duration", _UNIT_WORDS, rf"(?:(?P<hedge>nearly|almost|more\s+than|less\s+than|at\s+least|up\s+to|some|approximately|roughly|around|no\s+more\s+than)\s+)?"
                      r"(?:(?P<det>the)\s+)?(?:(?P<rel>past|last|latest|next|first|coming|previous|following|final|remaining|initial)\s+)?"
                      rf"\b(?:(?P<low>{RANGE_LOW})\s*(?:to|or|-|–)\s*)?(?P<num>{NUMBER})[\s-]+"
                      r"(?:(?:full|more|additional|consecutive|straight|trading|business|working|calendar)\s+)?"
                      rf"(?P<unit>{UNIT_PLURAL}|{UNIT})\b(?!-[a-z])(?P<half>{AND_A_HALF})?"),
    # A day-long meeting, a decades-long battle, an hour-long conference (the article is the noun's).
    _rule("long_duration", _UNIT_WORDS, rf"\b(?:(?!an?\b)(?P<num>{NUMBER})[\s-]+)?(?P<unit>{UNIT_PLURAL}|{UNIT})-long\b"),
    # A three-year period, its one-year term: the noun that the span of time qualifies is part of it.
    _rule("duration_noun", _UNIT_WORDS, rf"\b(?:(?:the|an?)\s+)?(?P<num>{NUMBER})[\s-]+(?P<unit>{UNIT})\s+(?:period|term|span|stretch)\b"),
    # "The year ended June 30": a financial year, the span of one year (TimeBank).
    _rule("year_ended", ["year"], r"\bthe\s+(?:fiscal\s+)?year(?=\s+end(?:ed|ing)\b)"),
    # The past few weeks, several years, the weeks ahead.
    _rule("vague_duration", _UNIT_WORDS, rf"(?P<det>(?:the\s+)?(?:coming|past|next|last|recent)(?:\s+(?:few|several))?|several|many|recent|coming|the)"
                            rf"\s+(?P<unit>{UNIT_PLURAL})\b(?P<ahead>\s+ahead\b)?"),
    # Daily, every week, each July, once a year.
    _rule("set_word", vocab.SET_WORDS, rf"\b(?P<word>{_alternation(vocab.SET_WORDS)})\b"),
    _rule("set_every", ["every", "each"], rf"\b(?:every|each)\s+(?:(?P<num>other|{NUMBER})\s+)?(?P<unit>(?:{UNIT_PLURAL}|{UNIT})\b|{WEEKDAY}|{FULL_MONTH}|{SEASON})"),
    _rule("set_per", _UNIT_WORDS, rf"(?:{_AFTER_RATE_WORD})(?:a|an|per|each)\s+(?P<unit>{UNIT})\b"),
    # Christmas, Thanksgiving Day, New Year's Eve 2006.
    _rule("holiday", [w.split()[0] for w in [*vocab.FIXED_HOLIDAYS, *vocab.WEEKDAY_HOLIDAYS]], rf"(?:(?P<rel>last|next|this)\s+)?\b(?P<word>{_alternation(list(vocab.FIXED_HOLIDAYS) + list(vocab.WEEKDAY_HOLIDAYS))})\b(?:\s+(?P<year>{YEAR4}))?"),
    # Year-end, the year's end, year-end 2003 (the end of that year). Before a noun, "year-end"
    # qualifies it and "the" is the noun's ("the year-end election").
    _rule("year_end", ["year"], rf"(?:the\s+(?!year-end\s+[a-z]))?\byear(?:'s)?[\s-]end\b(?:\s+(?P<year>{YEAR4}))?"),
    # On the 21st (of the month in focus).
    _rule("ordinal_day", [SHORT_NUMBER], rf"(?<=\bon\s)the\s+(?P<day>[12]?\d|3[01])(?:st|nd|rd|th)\b(?!\s*(?:of\b|{MONTH}|century))"),
)

# After "the quarter": the day it ended ("the quarter ended July 31").
ENDED_ON = re.compile(rf",?\s+end(?:ed|ing)\s+(?P<mon>{MONTH})\s*(?P<day>[12][0-9]|3[01]|0?[1-9])\b", re.IGNORECASE)
# After a day-precision date: the second day of a range ("September 24-28", "24 to 28").
RANGE_DAY_TAIL = re.compile(rf"\s*(?:-|–|to|through|until|and)\s*(?P<day>[12]?\d|3[01])(?:st|nd|rd|th)?\b(?!\s*(?:{MONTH}|[/:.]\d|%|percent|\d))", re.IGNORECASE)
# After a month and a number: a range of days, or a year, that makes the number a day ("July 03-05, 2004").
DAY_RANGE_OR_YEAR_AFTER = re.compile(r"\s*(?:[-–]|to\b|through\b|and\b)\s*\d|,?\s*(?:1\d|20)\d\d\b", re.IGNORECASE)
# After a month without its year: a second month that has one, and so dates both ("in July and
# August 2003", "between January and September 2003", "January and February of 2004").
COORDINATED_MONTH_YEAR = re.compile(rf"\s*(?:-|–|/|and|or|to|through|until)\s*{MONTH},?\s*(?:of\s+)?(?P<year>{YEAR4})",
                                    re.IGNORECASE)
# The words between the two months of a range ("March-June", "March to June").
_MONTH_RANGE_GAP = r"\s*(?:[-–]|to\b|through\b|until\b)\s*"
# Before a month, up to it: the first month of a range ("December-March", "from March to June").
MONTH_RANGE_START = re.compile(rf"{MONTH}{_MONTH_RANGE_GAP}$", re.IGNORECASE)
# After a month: the rest of a range of months without a number ("March-June", "January to August";
# "March-June 2004" is COORDINATED_MONTH_YEAR, "MARCH - AUG.96" no range this reads).
MONTH_RANGE_END = re.compile(rf"{_MONTH_RANGE_GAP}(?P<mon>{MONTH})(?![.,]?\s*\d)", re.IGNORECASE)
# Between the end of a day range and its year ("July 16-17, 1918").
RANGE_YEAR_GAP = re.compile(r",?\s*")
# After a four-digit year: the second year of a range written short ("1970-76").
RANGE_YEAR_TAIL = re.compile(r"[-–](?P<year>\d\d)\b(?![-/]\d)")
# Between a time of day and the date it belongs to ("5 p.m. EST, Nov. 6", "noon Saturday").
TIME_DATE_GAP = re.compile(r"\s*,?\s*(?:on\s+)?", re.IGNORECASE)
# Between a weekday and the date it names ("Tuesday morning, January 12").
APPOSITION_GAP = re.compile(r"\s*,?\s*")  # "Tuesday, January 12", "Sunday morning August 17"
WEEKDAY_WORD = re.compile(WEEKDAY, re.IGNORECASE)
# In lower-cased text. A period after a lone letter ("a.m.", "U.S.", "J.") or a common
# abbreviation ("Mr.", "Gen.", "Oct.") does not end the sentence: "until 9 a.m. Tuesday" is one.
# The lookbehinds stand after the punctuation, so that the engine skips fast to it.
SENTENCE_END = re.compile(r"[.!?;](?<![^a-z][a-z]\.)(?<![^a-z](?:mr|ms|dr|st|lt|no|vs)\.)"
                          r"(?<![^a-z](?:mrs|jan|feb|apr|jun|jul|aug|sep|oct|nov|dec|gen|sen|rep|gov|col)\.)(?<!sept\.)\s"
                          r"|\n\s*\n")
TOKEN = re.compile(r"[a-z]+|\d+")  # in lower-cased text
AGE_SUFFIX = re.compile(r"[\s-]old\b", re.IGNORECASE)
NEXT_WORD = re.compile(r"\s*([A-Za-z]+)")
PREVIOUS_WORD = re.compile(r"([A-Za-z]+)[\s-]*$")
# Tokens that may stand before the head of an expression, inside it ("the end of", "two").
PREFIX_WORDS = frozenset({
    DIGITS, "the", "a", "an", "this", "that", "last", "next", "past", "previous", "following",
    "coming", "current", "same", "prior", "upcoming", "preceding", "early", "mid", "late", "very",
    "beginning", "start", "end", "middle", "close", "turn", "of", "in", "on", "earlier", "later",
    "around", "about", "approximately", "roughly", "circa", "o", "some", "more", "less", "than",
    "at", "least", "up", "to", "no", "over", "under", "nearly", "almost", "just", "each", "every",
    "other", "few", "several", "many", "recent", "fiscal", "calendar", "latest", "comparable",
    "corresponding", "final", "half", "and", "before", "after", "or", "so", "its", "their", "his", "her",
    "s", "st", "nd", "rd", "th", "fy", "cy", "q", "z", "year", "full", "additional", "consecutive",
    "straight", "trading", "business", "working", "day", "new", "christmas", "thanksgiving",
    *(word for phrase in [*vocab.REF_WORDS, *vocab.FIXED_HOLIDAYS, *vocab.WEEKDAY_HOLIDAYS] for word in re.findall(r"[a-z]+", phrase)
      if word not in vocab.MONTHS),
    *vocab.NUMBER_WORDS, *vocab.ORDINALS, *vocab.WEEKDAYS, *_UNIT_WORDS,
})  # no month: every rule that contains a month is headed by it, so none starts before it
MAX_PREFIX_TOKENS = 6
# Prefix words that only ever follow another word of an expression ("the end of", "early in",
# "more than", "or so", "two and a half", "year's", "the day after"): the walk back passes them
# but no rule is tried there.
INNER_PREFIX_WORDS = frozenset({"of", "in", "on", "to", "than", "least", "so", "or", "and", "s", "st", "nd", "rd",
                                "th", "before", "after", "z"})
# A word or number and the gap after it (at most three of space, comma, hyphen…), as the words
# of one expression are separated, read in the reversed text: matched at one position instead of
# searched for in a window (gap and word characters are disjoint, so the pair is unambiguous).
PREFIX_PAIR_REVERSED = re.compile(r"[ \t\n\r,.'/-]{0,3}([^\W_]{1,20})")


def trie_pattern(words) -> str:
    """A regex matching exactly `words`, factored by common prefixes: Python's engine tries
    the alternatives of a flat alternation one by one, a trie only along one path."""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return ("(?:" + body + ")?") if len(branches) == 1 else body + "?"
        return body

    return emit(tree)


def _holidays_by_first_word() -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for name in [*vocab.FIXED_HOLIDAYS, *vocab.WEEKDAY_HOLIDAYS]:
        names.setdefault(name.split()[0], []).append(name)
    return names


def _rules_by_head(skip: frozenset[str] = frozenset()) -> dict[str, tuple[int, ...]]:
    index: dict[str, tuple[int, ...]] = {shape: () for shape in (SHORT_NUMBER, YEAR_NUMBER, DTG_NUMBER)}
    for number, rule in enumerate(RULES):
        if rule.name in skip:
            continue
        for head in rule.heads:
            index[head] = index.get(head, ()) + (number,)
    return index


def _first_chars(items, ignore_case: bool) -> tuple[frozenset[str] | None, bool]:
    """(the characters a parsed pattern can start with, None for any; whether it can match
    the empty string). Zero-width assertions are passed over, which only widens the set."""
    from re import _constants as c  # noqa: PLC0415  (the parse tree of the standard library)

    first: set[str] = set()
    for op, av in items:
        if op is c.LITERAL:
            found, nullable = {chr(av)}, False
        elif op is c.IN:
            found, nullable = set(), False
            for kind, value in av:
                if kind is c.LITERAL:
                    found.add(chr(value))
                elif kind is c.RANGE:
                    found.update(chr(x) for x in range(value[0], value[1] + 1) if x < 0x250)
                    if value[1] >= 0x250:
                        return None, False
                elif kind is c.CATEGORY and value is c.CATEGORY_DIGIT:
                    found.update("0123456789")
                elif kind is c.CATEGORY and value is c.CATEGORY_SPACE:
                    found.update(" \t\n\r\f\v")
                else:
                    return None, False
        elif op is c.BRANCH:
            found, nullable = set(), False
            for alternative in av[1]:
                chars, empty = _first_chars(alternative, ignore_case)
                if chars is None:
                    return None, False
                found |= chars
                nullable = nullable or empty
        elif op is c.SUBPATTERN:
            found, nullable = _first_chars(av[3], ignore_case)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            found, nullable = _first_chars(av[2], ignore_case)
            nullable = nullable or av[0] == 0
        elif op is c.ATOMIC_GROUP:
            found, nullable = _first_chars(av, ignore_case)
        elif op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            found, nullable = set(), True
        else:
            return None, False
        if found is None:
            return None, False
        first |= found
        if not nullable:
            return frozenset(first | {ch.lower() for ch in first} if ignore_case else first), False
    return frozenset(first | {ch.lower() for ch in first} if ignore_case else first), True


# The characters (of lower-cased text) a match of each rule cannot start with, among those a
# start position of `tagger._candidates` holds (letters, digits, the apostrophe of '80s):
# rules are tried only where their first character can stand.
START_ALPHABET = frozenset("abcdefghijklmnopqrstuvwxyz0123456789'")


def _cannot_start(rule: Rule) -> frozenset[str]:
    from re import _parser  # noqa: PLC0415

    chars, nullable = _first_chars(_parser.parse(rule.pattern.pattern, rule.pattern.flags).data,
                                   bool(rule.pattern.flags & re.IGNORECASE))
    return frozenset() if chars is None or nullable else START_ALPHABET - chars


CANNOT_START: tuple[frozenset[str], ...] = tuple(_cannot_start(rule) for rule in RULES)


class HeadContext(NamedTuple):
    """What must stand around a head for a rule to be tried from it at all: a cheap test once
    per head instead of a failed match at each of its starts, for rules whose heads mostly stand
    in other expressions ("the day", "October 4", "in 2006"). `after` is matched in the
    lower-cased text where the head starts; `before` in the reversed text, from the same point:
    what precedes the head, read backwards."""
    after: re.Pattern[str] | None = None
    before: re.Pattern[str] | None = None

    def fits(self, low: str, reversed_low: str, head_start: int) -> bool:
        return ((self.after is None or self.after.match(low, head_start) is not None)
                and (self.before is None or self.before.match(reversed_low, len(low) - head_start) is not None))


_HEAD_CONTEXTS: dict[str, HeadContext] = {
    "ago": HeadContext(after=re.compile(
        r"[a-z]+\s+(?:and\s+a\s+half\s+)?(?:or\s+so\s+)?(?:ago|earlier|later|prior|previously|hence|from\s+now|back|before|after)\b")),
    "decade": HeadContext(after=re.compile(r"[0-9]+'?s\b|[a-z]")),  # 1990s, '80s, the eighties
    "numeric": HeadContext(after=re.compile(r"[0-9]+([/.-])[0-9]{1,2}\1[0-9]")),  # its first number: 10/23/2015
    "day_before_range": HeadContext(after=re.compile(r"[0-9]+(?:st|nd|rd|th)?\s*[-–]\s*[0-9]+(?:st|nd|rd|th)?\s+(?:of\s+)?[a-z]")),
    "clock": HeadContext(after=re.compile(r"[0-9]+(?:[:.][0-9]+)?\s*[ap]\.?\s?m\b")),
    "clock24": HeadContext(after=re.compile(r"[0-9]+:[0-9]")),
    "military": HeadContext(after=re.compile(r"[0-9]+\s*(?:hours|(?:hrs|local|l|z|gmt|utc)\b)")),
    # reversed: "the recent", "the past few", "several" before the plural unit
    "vague_duration": HeadContext(before=re.compile(r"\s+(?:gnimoc|tsap|txen|tsal|tnecer|wef|lareves|ynam|eht)")),
    "set_per": HeadContext(before=re.compile(rf"\s+(?:n?a|rep|hcae)\s(?:{'|'.join(w[::-1] for w in _RATE_WORDS)})")),  # once a year
    "anaphoric_unit": HeadContext(before=re.compile(r"\s+eht\s(?:fo|ni|rof)")),  # of the year
    "week_of": HeadContext(after=re.compile(r"week\s+of\s+[a-z]")),
    "year_ended": HeadContext(after=re.compile(r"year\s+end(?:ed|ing)\b")),
    "month_year": HeadContext(after=re.compile(
        r"[a-z]+\.?,?\s+(?:of\s+)?(?:(?:1[0-9]|20)[0-9][0-9](?![0-9])|nineteen|eighteen|this|last|next)")),
    "day_month": HeadContext(before=re.compile(r"\s*(?:fo\s+)?(?:ts|dn|dr|ht)?[0-9]")),  # 24 October, 4th of July
    "long_duration": HeadContext(after=re.compile(r"[a-z]+-long\b")),
    "duration_noun": HeadContext(after=re.compile(r"[a-z]+\s+(?:period|term|span|stretch)\b")),
    "year_earlier": HeadContext(after=re.compile(r"year-(?:earlier|ago)\b")),
    "year_end": HeadContext(after=re.compile(r"year(?:'s)?[\s-]end\b")),
}
HEAD_CONTEXTS: tuple[HeadContext | None, ...] = tuple(_HEAD_CONTEXTS.get(rule.name) for rule in RULES)


class HeadIndex(NamedTuple):
    """The rules each head word or number shape starts, and what finds the head words in
    lower-cased text: a head word stands at the start of the text or after a character that is no
    letter, digit or underscore, and no letter follows it ("FEBRUARY18" is a month and a day). The
    tagger finds them (`tagger._head_words`) by the runs of letters that open them, `word_runs`,
    each with the head words it opens, longest first, in `word_forms` ("veterans" opens
    "veterans'" and "veterans")."""
    rules: dict[str, tuple[int, ...]]
    word_runs: frozenset[bytes]  # the keys of `word_forms`, a set to intersect with a text's runs
    word_forms: dict[bytes, tuple[str, ...]]
    number_rules: dict[int, tuple[int, ...]]  # the rules a number heads, by its number of digits


_LETTER_RUN = re.compile(r"[a-z]*")


def _head_index(skip: frozenset[str] = frozenset()) -> HeadIndex:
    rules = _rules_by_head(skip)
    words = [h for h, found in rules.items() if found and not h.startswith(DIGITS)]
    forms: dict[bytes, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        forms.setdefault(_LETTER_RUN.match(word).group().encode(), []).append(word)
    return HeadIndex(rules, frozenset(forms), {run: tuple(found) for run, found in forms.items()},
                     {size: rules[shape] for size, shape in DIGITS_HEADS.items()})


# Rules whose expressions never name a calendar date: skipped when only dates are wanted.
DATELESS_RULES = frozenset({"duration", "long_duration", "duration_noun", "vague_duration", "year_ended", "set_word",
                            "set_every", "set_per", "ref_word", "clock", "clock24", "military", "noon"})
ALL_HEADS = _head_index()
DATE_HEADS = _head_index(DATELESS_RULES)


# Head words that can start an expression only in a given context, checked at the head before
# any rule is tried: holiday names are heads only when the whole name follows (New Year, Labor Day).
HEAD_GUARDS: dict[str, re.Pattern[str]] = {
    word: re.compile(rf"(?:{'|'.join(re.escape(h).replace(chr(92) + ' ', chr(92) + 's+') for h in names)})\b")
    for word, names in _holidays_by_first_word().items() if word not in ALL_HEADS.rules or len(ALL_HEADS.rules[word]) == 1
}
# The numbers that can head a rule, each found whole: four digits (a year), six (a date-time
# group), or one or two in a numeric date (10/23/2015), a clock time (5 p.m., 14:00), a decade
# ('80s), an ordinal day (the 21st) or a fiscal year or quarter code (FY07, Q3); most short
# numbers in cables are paragraph numbers and counts, dropped here by the engine. It skips ahead
# fast only to where a pattern's first character can stand, and cannot tell that of a pattern
# opening with a lookbehind or a \b: hence the lookbehind after the first digit, which makes sure
# that no number is entered in its middle ([0-9]: \d would also test for Unicode digits).
HEAD_NUMBER = re.compile(
    r"[0-9](?<![0-9]{2})(?:[0-9]{3}(?:[0-9]{2})?(?![0-9])"
    r"|[0-9]?(?![0-9])(?:(?<=fy[0-9])|(?<=cy[0-9])|(?<=q[0-9])|(?<=fy[0-9]{2})|(?<=cy[0-9]{2})|(?<=q[0-9]{2})"
    r"|(?=[/.:-][0-9]|\s*[ap]\.?\s?m\b|'?s\b|(?:st|nd|rd|th)\b)))")
# Heads that start an expression only when capitalised in the text: every rule with a month
# requires a capital ("may", "march" in lower case are the verb and the noun).
CAPITALISED_HEADS = frozenset(vocab.MONTHS)
