"""The words of temporal expressions, as data. Keys are lower case; `patterns` builds the
regular expressions from these tables and `normalize` looks the matched words up here."""

from __future__ import annotations

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}

# Month names that are also common words ("may", "march"): accepted alone only after one of
# PREPOSITIONS_BEFORE_BARE_MONTH or after another month and a dash ("December-March").
AMBIGUOUS_MONTHS = frozenset({"may", "march", "mar", "jan", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "feb", "apr"})
PREPOSITIONS_BEFORE_BARE_MONTH = frozenset({
    "in", "since", "until", "till", "by", "before", "after", "during", "of", "from", "through",
    "early", "mid", "late", "last", "next", "this", "that", "each", "every", "between", "and",
    "or", "to", "the", "end", "beginning", "middle", "around", "since", "past", "coming", "for",
})
# Words after "may" that make it the verb even after a preposition-like word ("or may not").
WORDS_AFTER_THE_VERB_MAY = frozenset({
    "be", "not", "have", "also", "well", "still", "yet", "even", "never", "only", "then",
    "need", "want", "try", "seek", "become", "lead", "take", "make", "face", "prove", "result",
})
# Words that may follow a day named by its ordinal alone ("on the 21st, he met", "on the 29th to
# work on the draft"); another word after it is the noun the ordinal counts ("on the 5th review").
WORDS_AFTER_A_DAY = frozenset({
    "and", "or", "but", "at", "in", "on", "to", "from", "with", "while", "when", "after", "before", "until",
    "by", "for", "as", "that", "he", "she", "they", "we", "it", "i", "there", "the", "a", "an", "his", "her",
    "their", "its", "this", "of",
})
# Before a month without its year, a deadline: the month ahead unless it is far off ("by February").
DEADLINE_PREPOSITIONS = frozenset({"by", "until", "till", "through", "before"})
# A year before 1900 written bare is a year only after one of these ("in 1648"), or after "of"
# following a historic noun ("the War of 1812"); "by 1615" and "until 1800" are clock times in
# cables far more often than old years.
PREPOSITIONS_BEFORE_OLD_YEAR = frozenset({"in", "since", "from"})
# Before a number: words that make it a code, a reference or an address ("UNSCR 1441",
# "resolution 1929", "flight 1030", "article 1901"), never a year.
CODE_WORDS_BEFORE_NUMBER = frozenset({
    "resolution", "resolutions", "unscr", "unscrs", "unsc", "scr", "no", "nos", "number", "article",
    "articles", "law", "section", "route", "flight", "room", "code", "op", "para", "paragraph",
    "box", "tel", "fax", "phone", "ext", "extension", "suite", "highway", "decree", "ordinance",
})
# After a number: words that make it a clock time ("1030 local", "1900 EDT").
CLOCK_WORDS_AFTER_NUMBER = frozenset({
    "local", "gmt", "utc", "z", "l", "hours", "hrs", "hr", "edt", "est", "cet", "cest", "pdt", "pst",
    "cdt", "cst", "mdt", "mst", "bst", "msk",
})
# Nouns that an old year names, after "the" or "a" ("the 1878 Treaty of Berlin") or before "of"
# ("the War of 1812"); a number next to another noun is a count or a code ("the 1300 Spanish
# troops", "the 1540 Committee", "violation of 1441").
HISTORIC_NOUNS_AFTER_OLD_YEAR = frozenset({
    "treaty", "war", "act", "constitution", "revolution", "convention", "agreement", "accord", "accords",
    "uprising", "massacre", "census", "election", "coup", "earthquake", "famine", "conference",
    "congress", "charter", "declaration", "rebellion", "revolt", "independence", "partition",
})
# Words before a year that modifies the noun after it: "the 1998 elections", "post-1959 politics"
# are years, "1500 troops" a quantity.
WORDS_BEFORE_YEAR_MODIFIER = frozenset({"the", "its", "their", "his", "her", "our", "this", "that", "a", "pre", "post"})
# Prepositions of time: a number between one and a plural word is a year, not a count ("in 1993
# ports moved", "from 2002 levels", "since 2001 amounts to"); counts follow "of", "about", "some".
PREPOSITIONS_BEFORE_YEAR = frozenset({"in", "since", "until", "till", "during", "before", "after", "through", "from"})
# Words ending in "s" that are not plural nouns ("since 1990 was", "in 2001 as").
S_WORDS_NOT_PLURAL = frozenset({
    "was", "has", "is", "as", "its", "his", "this", "thus", "does", "perhaps", "always", "whereas",
    "besides", "towards", "afterwards", "unless", "yes", "hers", "ours", "theirs", "plus", "less",
    "across", "us", "news",
})

WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}

# Parts of the day and their TIMEX3 codes.
PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "noon": "T12:00",
    "midday": "T12:00", "midnight": "T24:00",
}

SEASONS: dict[str, str] = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}

NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "couple": 2, "a couple of": 2, "half a": 0.5, "half an": 0.5, "a half": 0.5,
}
# Quantities that leave the number unspecified (TIMEX3 "X").
VAGUE_QUANTITIES = frozenset({"several", "few", "a few", "some", "many", "a number of", "numerous", "recent", "coming"})

ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7, "eighth": 8, "8th": 8,
    "ninth": 9, "9th": 9, "tenth": 10, "10th": 10, "last": 4, "final": 4,
}

# Calendar units: TIMEX3 duration letter, and the precision a shifted date keeps.
UNITS: dict[str, tuple[str, str]] = {
    "minute": ("TM", "minute"), "hour": ("TH", "hour"), "day": ("D", "day"), "night": ("D", "day"),
    "week": ("W", "week"), "weekend": ("D", "week"), "month": ("M", "month"),
    "quarter": ("Q", "quarter"), "year": ("Y", "year"), "decade": ("DE", "decade"),
    "century": ("CE", "century"),
}

DECADE_WORDS: dict[str, int] = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}

# Position and hedge modifiers inside an extent → TIMEX3 mod.
MODIFIERS: dict[str, str] = {
    "early": "START", "earlier": "START", "beginning": "START", "start": "START", "dawn": "START",
    "mid": "MID", "middle": "MID", "late": "END", "later": "END", "end": "END", "close": "END",
    "about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
    "some": "APPROX", "nearly": "APPROX", "almost": "APPROX", "o/a": "APPROX",
    "circa": "APPROX", "more than": "BEFORE", "over": "BEFORE", "less than": "AFTER",
}

# Relative words before a calendar unit: the offset they imply from the reference date.
RELATIVE_OFFSETS: dict[str, int] = {
    "this": 0, "current": 0, "the current": 0, "the same": 0, "that": 0, "the": 0,
    "last": -1, "past": -1, "previous": -1, "the previous": -1, "the past": -1, "the last": -1,
    "this past": -1, "the prior": -1, "prior": -1, "the latest": -1,
    "next": 1, "coming": 1, "the coming": 1, "the next": 1, "following": 1, "the following": 1,
    "this coming": 1, "upcoming": 1, "the upcoming": 1,
}

# Deictic day words → offset in days from the DCT.
DAY_WORDS: dict[str, int] = {
    "today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
    "the day before yesterday": -2, "the day after tomorrow": 2,
}

# Vague words with a *_REF value.
REF_WORDS: dict[str, str] = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "at present": "PRESENT_REF",
    "the present": "PRESENT_REF", "presently": "PRESENT_REF", "these days": "PRESENT_REF",
    "nowadays": "PRESENT_REF",
    "recently": "PAST_REF", "more recently": "PAST_REF", "most recently": "PAST_REF",
    "until recently": "PAST_REF", "the past": "PAST_REF", "recent years": "PAST_REF",
    "recent months": "PAST_REF", "recent weeks": "PAST_REF", "recent days": "PAST_REF",
    "past years": "PAST_REF", "previous years": "PAST_REF", "the recent past": "PAST_REF",
    "the future": "FUTURE_REF", "the near future": "FUTURE_REF", "the foreseeable future": "FUTURE_REF",
    "the near term": "FUTURE_REF", "the short term": "FUTURE_REF", "the long term": "FUTURE_REF",
}

# Holidays with a fixed month and day.
FIXED_HOLIDAYS: dict[str, tuple[int, int]] = {
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
    "new year's day": (1, 1), "new year's eve": (12, 31), "new year": (1, 1),
    "valentine's day": (2, 14), "halloween": (10, 31), "may day": (5, 1),
    "independence day": (7, 4), "veterans day": (11, 11), "veterans' day": (11, 11),
}
# Holidays on the n-th weekday of a month: (month, weekday, n; -1 = last).
WEEKDAY_HOLIDAYS: dict[str, tuple[int, int, int]] = {
    "thanksgiving": (11, 3, 4), "thanksgiving day": (11, 3, 4), "labor day": (9, 0, 1),
    "memorial day": (5, 0, -1), "martin luther king day": (1, 0, 3), "presidents day": (2, 0, 3),
}

# Frequency adverbs (SET).
SET_WORDS: dict[str, str] = {
    "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "biweekly": "P2W", "monthly": "P1M",
    "yearly": "P1Y", "hourly": "PT1H",
}
# Adverbs that count occurrences: "a week" after them is a rate ("twice a week": SET), not a span.
FREQUENCY_ADVERBS = frozenset({"once", "twice", "thrice"})

# A bare number below this is a year only after a preposition ("in 1648").
MIN_BARE_YEAR = 1900
# Words after a four-digit number that make it a quantity rather than a year.
QUANTITY_NOUNS = frozenset({
    "people", "persons", "men", "women", "troops", "soldiers", "tons", "tonnes", "dollars",
    "km", "kilometers", "miles", "meters", "feet", "hours", "hrs", "votes", "cases", "units",
    "students", "families", "refugees", "members", "barrels", "delegates", "jobs", "percent",
    "acres", "hectares", "vehicles", "cars", "homes", "houses", "personnel", "square", "mw",
    "staff", "police", "militia", "cattle", "livestock", "kg", "kgs", "kilograms", "lbs", "wounded", "dead",
    "injured", "killed",
})

# Tokens that mark the clause as future or past (for year and weekday inference). A past
# participle after a modal ("could be achieved") is future. Reporting verbs (said, told…) are
# neutral: they do not date what is reported.
FUTURE_WORDS = frozenset({
    "will", "would", "shall", "could", "might", "should", "must", "can", "ll", "wo",
    "going", "planning", "intends", "intend", "expects", "expect", "scheduled",
    "upcoming", "forthcoming", "next", "hopes", "aims", "until", "tomorrow", "soon",
    "effective", "slated", "payable",
})
# Modals that are also nouns, and the words before them that make them the noun: "the will of
# the people", "in Can Tho" (a city) mark no future.
MODALS_ALSO_NOUNS = frozenset({"will", "can", "must", "might"})
WORDS_BEFORE_A_NOUN = frozenset({"the", "a", "an", "its", "his", "her", "their", "our", "in", "at", "to", "from",
                                 "of", "near", "into"})
PAST_WORDS = frozenset({
    "was", "were", "had", "did", "ago", "last", "earlier", "previously", "already", "met", "held",
    "took", "went", "came", "gave", "made", "began", "left", "saw", "won", "lost", "yesterday",
    "since", "former",
    # Irregular past forms (regular ones end in -ed).
    "brought", "bought", "sold", "became", "broke", "chose", "fell", "felt", "fought", "found", "got", "grew",
    "kept", "knew", "led", "meant", "paid", "ran", "rose", "sent", "shot", "spent", "spoke", "stood",
    "struck", "thought", "threw", "wrote", "withdrew", "drove", "flew", "fled", "froze", "rode", "sought",
    "stole", "swore", "tore", "woke", "arose", "dealt", "fed", "sank", "sat", "shook", "slept", "stuck",
    "swept", "swung", "wept", "overtook", "undertook", "forgave", "hid", "hung", "laid", "lent", "spun",
})
# Verbs of a schedule in the present tense: what "begins Monday" or "expires in March" is planned
# ("the session opens Monday", "the offer expires Nov. 15"), so the date lies ahead. Forms that
# are as often plural nouns ("housing starts", "tax returns", "heads of state") are left out.
SCHEDULE_VERBS_PRESENT = frozenset({
    "begins", "opens", "closes", "ends", "expires", "resumes", "meets", "arrives", "leaves", "departs",
    "convenes", "travels", "takes", "reopens", "concludes",
})
# Words ending in -ed that are not past forms ("the United States", "indeed", "need").
NOT_PAST_ED = frozenset({"united", "indeed", "need", "speed", "proceed", "exceed", "succeed", "feed", "seed",
                         "hundred", "sacred"})
# Verbs of intent: before "to" they point to the future ("agreed to purchase … in February").
INTENT_VERBS = frozenset({
    "agreed", "planned", "decided", "expected", "voted", "promised", "pledged", "vowed",
    "hoped", "intended", "aimed", "set", "due", "offered", "proposed", "prepared", "poised",
    "plan", "plans", "agrees", "decides", "promises", "pledges", "vows", "offers", "proposes", "prepares", "wants", "wanted",
})
# Participles of planning: after a present "is" or "are" they point to the future ("talks are
# planned for Thursday", "the vote is expected in February"); other participles there mark no
# tense ("the U.S. is committed to the June 30 transfer"), where elsewhere they are past.
PLANNING_PARTICIPLES = frozenset({
    "expected", "planned", "scheduled", "slated", "set", "proposed", "projected", "anticipated",
})
AUXILIARIES = frozenset({"be", "been", "have", "not", "also", "then", "still", "only", "t", "n"})
REPORTING_VERBS = frozenset({
    "said", "told", "added", "noted", "stressed", "emphasized", "emphasised", "explained",
    "reported", "stated", "remarked", "observed", "mentioned", "commented", "claimed",
    "argued", "asserted", "insisted", "indicated", "suggested", "informed", "confirmed",
    "acknowledged", "concluded", "announced", "affirmed", "replied", "responded", "recalled",
    "asked", "warned", "predicted", "underscored", "reiterated", "termed", "opined",
})
