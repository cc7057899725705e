"""The title of an event: a short phrase saying what happens, read from the sentence that dates it
("Foreign Minister Tokayev told Ambassador Ordway the GOK would not accept").

The title is the clause holding the date, from its subject where it has one: the date's own phrase
goes (its preposition, its commas, the other end of its range), and so do asides in brackets,
phrases fronted before the subject ("However,", "In a related development,"), a reporting frame
("X told PolOff that") when the date belongs to what is said, and an apposition after the subject.
What is left is cut at a phrase boundary (TITLE_WORDS, two more to reach one) and never ends with a
function word. Word lists hold every case of their words: a title's words are looked up as written.
A word's last characters are compared (`word[-1:] == ","`) rather than asked for with
str.endswith, whose arguments cost more to pass than the comparison.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from .timex import vocabulary as timex_vocabulary
from .timex.patterns import trie_pattern


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

# Where a clause breaks: at a punctuation mark, or at a comma before a conjunction or a relative
# word. No leading \s*: a pattern that starts with a plain character is searched for fast, and
# the space before a break is dropped when the clause is split into words anyway. Two patterns:
# an alternation of several opening characters is tested at every character of the sentence (a
# tenth of a title's cost), a lone comma is skipped to fast, so the marks' pattern runs only where
# `in` finds a mark. Their matches never overlap (neither holds the other's opening character).
MARK_BREAK = re.compile(r"(?:;|:(?!\d)|\[|\]|--|\.\.\.)\s*")
COMMA_BREAK = re.compile(r",\s+(?:but|and|while|which|although|when)\b\s*")
LEADERS = re.compile(r"^\s*(?:\(\w+\)\s*)?(?:summary|comment|note|begin summary|end summary)\s*[:.]\s*|^\W+", re.I)
LEADER_STARTS = "sScCnNbBeE"  # the first letters of LEADERS' words
DATE_WORDS = frozenset({*timex_vocabulary.MONTHS, *timex_vocabulary.WEEKDAYS, *timex_vocabulary.DAY_WORDS, "night", "morning", "evening", "afternoon"})
DATE_WORD_FORMS = _every_case(DATE_WORDS)

_LOWER_WORD = re.compile(r"[a-z][a-z-]+")
_SPACES = re.compile(r"\s+")
_QUOTES_SPACE = re.compile(r"[\"“”]|\s+(?=[,.])")
_RANGE_END_AFTER = re.compile(r"^\s*(?:-|–|(?i:to|through|and|or))\s*(?:(?:[A-Z][a-z]{2,8}\.?\s+)?(?:\d{1,2}|(?:1[89]|20)\d\d)\b"
                              rf"|(?=[A-Z])(?i:{trie_pattern(timex_vocabulary.MONTHS)})\b\.?)(?:,?\s*(?:1[89]|20)\d\d\b)?")
_BRACKETED = re.compile(r"\([^()]*\)")
RANGE_STARTS = "-–tTaAoO"  # the first characters of _RANGE_END_AFTER's matches after spaces
GLUE = "-–/"  # a word glued to the expression by one of these (or by no space) is part of the date: "March-June"


def event_title(sentence: str, position: int, length: int, whole: bool = False) -> str:
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
    if not _A_WORD.search(title):  # nothing left, or only numbers and codes ("12", "26,500", "LOR '03")
        return event_title(sentence, position, length, whole=True) if not whole else sentence.strip()[:80]
    return title[:1].upper() + title[1:]


_A_WORD = re.compile(r"[A-Za-z]{3}")


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
    for cut in () if whole else _clause_breaks(sentence):
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


def _clause_breaks(sentence: str) -> Iterable[re.Match[str]]:
    """The clause breaks of the sentence in order (MARK_BREAK's and COMMA_BREAK's matches)."""
    if _has_break_mark(sentence):
        return sorted([*COMMA_BREAK.finditer(sentence), *MARK_BREAK.finditer(sentence)], key=re.Match.start)
    return COMMA_BREAK.finditer(sentence)


def _has_break_mark(sentence: str) -> bool:
    """One of MARK_BREAK's opening marks is in the sentence (spelled out: a loop over them costs more)."""
    return (";" in sentence or ":" in sentence or "[" in sentence or "]" in sentence or "--" in sentence
            or "..." in sentence)


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
    if after and after[0][:1] == ",":
        words[at] = after[0][1:]
        if not words[at]:
            del words[at]
        if before and before[-1][-1:] == "," and not _opens_fronted_phrase(before[0]):
            words[at - 1] = before[-1][:-1]
        elif before and before[-1][-1:] != ",":
            words[at - 1] = before[-1] + ","
    if 0 < at < len(words) and words[at - 1][-1:] == ",":  # "RETU, formed in December 2008,"
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
    elif words[at - 2][-1:] == "," and words[at - 2][:1].isupper():  # in apposition to a name before the comma
        subject = words[max(0, at - 2 - NAME_WORDS + 1):at - 2] + [words[at - 2][:-1]]
    else:
        return []
    return [*subject, participle] if subject else []


def _is_participle(word: str) -> bool:
    word = word.rstrip(",")
    return len(word) > 4 and (word[-2:] == "ed" and word[1:].islower() or word[-2:] == "ED" and word.isupper())


def _opens_fronted_phrase(word: str) -> bool:
    return word.rstrip(",") in FRONTED_OPENERS or word[-3:] in ("ly,", "LY,")  # "Separately,"


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
    commas = [i for i, word in enumerate(words[:FRONTED_REACH]) if word[-1:] == ","]
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
        if word[-1:] == ",":
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
        if start == 0 or words[start - 1][-1:] == ",":
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
        if words[i][-1:] == ",":
            return i
    return None


def _relative_clause(words: list[str], at: int) -> tuple[list[str], int]:
    """'Fahmy succeeded ex-Minister Mohamed Mansour, who had resigned in October as…': when the date
    stands in a relative clause about a person, that clause with the name it is about ("Mohamed
    Mansour had resigned as…")."""
    who = next((i for i in range(at - 1, 0, -1) if words[i] in WHO and words[i - 1][-1:] == ","), None)
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
        if previous[-1:] == "," or previous in CLAUSE_LINKS:
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
        if words[end - 1][-1:] == "," or words[end] in PHRASE_OPENERS:
            return words[:end]
    for end in (TITLE_WORDS + 1, TITLE_WORDS + 2):
        if words[end - 1][-1:] == "," or words[end] in PHRASE_OPENERS:
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
