"""Find and normalise the temporal expressions of a text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, NamedTuple

from ..word_runs import word_starts
from . import patterns as pat
from .normalize import _DIGITS, NORMALIZERS, Context, Norm

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]


class Timex(NamedTuple):
    """A temporal expression: its extent (character offsets into the text), type, TIMEX3 value
    and modifier. A named tuple: tagging builds many of them, and one is built in a third of the
    time of a frozen data class (whose fields are set one call each)."""
    start: int
    end: int
    text: str
    type: TimexType
    value: str
    mod: str | None = None

    def model_dump(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "text": self.text, "type": self.type, "value": self.value,
                "mod": self.mod}


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    norm_type: str
    value: str
    mod: str | None = None
    time_of_day: str | None = None


def _candidates(ctx: Context) -> list[tuple[int, int, int, re.Match[str]]]:
    """Every rule match as (start, -length, rule index, match), leftmost then longest first.

    Rules are tried only where they can match: at each token that heads one of them (a month,
    a number, "ago"…) and at the run of prefix words before it ("the end of", "two weeks"),
    and there only if the head stands where the rule allows (`patterns.HEAD_CONTEXTS`) and the
    rule can start with the character found there, which keeps tagging fast on long texts with
    few dates."""
    text, low = ctx.text, ctx.low
    found: dict[tuple[int, int, int], re.Match[str]] = {}
    tried: set[tuple[int, int]] = set()
    patterns, cannot_start, contexts = _PATTERNS, pat.CANNOT_START, pat.HEAD_CONTEXTS
    reversed_low: str | None = None
    for head_start, head_rules in _heads(text, low, ctx.heads):  # in order of position, which `tried` relies on
        if reversed_low is None:
            reversed_low = low[::-1]
        head_rules = [i for i in head_rules if contexts[i] is None or contexts[i].fits(low, reversed_low, head_start)]
        if not head_rules:
            continue  # "years" not before "ago": no start to walk back to
        for start in _possible_starts(low, reversed_low, head_start):
            first = low[start]
            for index in head_rules:
                if first in cannot_start[index] or (start, index) in tried:
                    continue
                tried.add((start, index))
                match = patterns[index].match(text, start)
                if match and match.end() > head_start:
                    span = _trimmed_span(text, match)
                    if span[1] > span[0]:
                        found[(span[0], span[0] - span[1], index)] = match
    return [(*key, found[key]) for key in sorted(found)]


_PATTERNS = tuple(rule.pattern for rule in pat.RULES)


def _heads(text: str, low: str, index: pat.HeadIndex) -> list[tuple[int, tuple[int, ...]]]:
    """(position, indexes of the rules it heads) of every head word and number that passes
    its guard, in order of position."""
    heads: list[tuple[int, tuple[int, ...]]] = []
    rules_by_head, guards, capitalised = index.rules, pat.HEAD_GUARDS, pat.CAPITALISED_HEADS
    shapes = low.encode("ascii", "replace").translate(_LETTERS_AND_ZEROS)  # "replace": a byte a character
    for word, start in _head_words(low, shapes, index):
        if not (word in capitalised and text[start].islower()):
            guard = guards.get(word)
            if guard is None or guard.match(low, start):
                heads.append((start, rules_by_head[word]))
    for start in _number_starts(shapes):  # only numbers that can head a rule, by their size
        head = pat.HEAD_NUMBER.match(low, start)
        if head:
            head_rules = index.number_rules[head.end() - head.start()]
            if head_rules:
                heads.append((start, head_rules))
    heads.sort()
    return heads


# Every character of a text as a byte: an ASCII lower-case letter as itself, an ASCII digit as
# "0", any other as a space.
_LETTERS_AND_ZEROS = bytes(c if 97 <= c <= 122 else 48 if 48 <= c <= 57 else 32 for c in range(256))
_NOT_BEFORE_WORD = "0123456789_"  # what may not stand before a head word, besides a letter


def _head_words(low: str, shapes: bytes, index: pat.HeadIndex) -> list[tuple[str, int]]:
    """(word, position) of the head words (`patterns.HeadIndex` says what they are):
    a run of letters that opens a head word is a word of the text split at every character but
    a letter, so the runs of the text are intersected with them (a set look-up a word instead of
    a regular expression's trie tried at every gap), then found with bytes.find. In no order:
    `_heads` sorts. `shapes` is `low` as `_LETTERS_AND_ZEROS` turns it into bytes."""
    letters = b" " + shapes.replace(b"0", b" ") + b" "  # a run is found between two spaces
    words: list[tuple[str, int]] = []
    for run, at in word_starts(letters, index.word_runs):  # at: where the run starts in `low`
        if at == 0 or low[at - 1] not in _NOT_BEFORE_WORD:
            word = _head_word_at(low, at, index.word_forms[run])
            if word is not None:
                words.append((word, at))
    return words


def _head_word_at(low: str, start: int, forms: tuple[str, ...]) -> str | None:
    """The longest of the head words a run of letters at `start` opens that stands there, not
    followed by a letter ("veterans'" or "veterans"); None for none ("valentine" without "'s")."""
    for form in forms:
        end = start + len(form)
        if low.startswith(form, start) and not ("a" <= low[end:end + 1] <= "z"):
            return form
    return None


_DIGIT_RUN = re.compile(rb"00*")  # not 0+: a pattern that opens with a literal is searched for fast


def _number_starts(shapes: bytes) -> list[int]:
    """Where the runs of digits of the text start: HEAD_NUMBER can match only there (its
    lookbehind) and never runs past the run. Searched for in the text turned into bytes with its
    digits as zeros (bytes.translate, then the search of a literal): HEAD_NUMBER.finditer tests
    its digit class at every character, which takes 1.6 times the CPU time (and 1.25 times the
    instructions) of this and the matches at the runs."""
    return [run.start() for run in _DIGIT_RUN.finditer(shapes)]


def _possible_starts(low: str, reversed_low: str, head_start: int) -> list[int]:
    """The head's start and those of the prefix words running up to it: at most
    MAX_PREFIX_TOKENS words or numbers, each followed by at most three gap characters, less
    the words that cannot begin an expression. `reversed_low` is `low` reversed: the word
    before a position is matched there, forwards."""
    starts = [head_start]
    position = head_start
    size = len(low)
    for _ in range(pat.MAX_PREFIX_TOKENS):
        pair = pat.PREFIX_PAIR_REVERSED.match(reversed_low, size - position)
        if pair is None:
            break
        word = pair[1][::-1]
        if not (word[0].isdigit() or word in pat.PREFIX_WORDS):
            break
        position = size - pair.end()
        if word not in pat.INNER_PREFIX_WORDS:
            starts.append(position)
    if low[head_start - 1:head_start] == "'":  # '80s
        starts.append(head_start - 1)
    return starts


def _trimmed_span(text: str, match: re.Match[str]) -> tuple[int, int]:
    start, end = match.span()
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "-,"):
        end -= 1
    return start, end


def _normalise_leftmost_longest(ctx: Context) -> list[_Found]:
    """Walk the candidates left to right; at each position keep the longest one whose
    normaliser accepts it, so that a rejected long reading falls back to a shorter one."""
    result: list[_Found] = []
    covered_until = 0
    for start, negative_length, index, match in _candidates(ctx):
        if start < covered_until:
            continue
        norm: Norm | None = NORMALIZERS[pat.RULES[index].name](match, ctx)
        if norm is None:
            continue
        end = start - negative_length
        result.append(_Found(start=norm.start if norm.start is not None else start, end=end, norm_type=norm.type, value=norm.value, mod=norm.mod,
                             time_of_day=norm.time_of_day))
        if norm.type in ("DATE", "TIME") and not norm.anaphoric:
            ctx.remember(norm.value)
        covered_until = end
    return result


def _join_times_to_dates(text: str, found: list[_Found]) -> list[_Found]:
    """'5 p.m. EST, Nov. 6', 'noon Saturday': a clock time followed by its day is one TIME;
    'early Tuesday morning, January 12': a weekday in apposition to its date is one expression."""
    joined: list[_Found] = []
    for item in found:
        previous = joined[-1] if joined else None
        if previous and item.norm_type == "DATE" and _DAY_VALUE.fullmatch(item.value):
            if previous.time_of_day and pat.TIME_DATE_GAP.fullmatch(text, previous.end, item.start):
                previous.end, previous.value, previous.time_of_day = item.end, item.value + previous.time_of_day, None
                continue
            if _DAY_VALUE.match(previous.value) and pat.APPOSITION_GAP.fullmatch(text, previous.end, item.start) \
                    and _DIGIT.search(text, item.start, item.end) and not _DIGIT.search(text, previous.start, previous.end) \
                    and pat.WEEKDAY_WORD.search(text, previous.start, previous.end):
                previous.end, previous.value = item.end, item.value + previous.value[10:]
                continue
        joined.append(item)
    return joined


_DAY_VALUE = re.compile(r"\d{4}-\d\d-\d\d")
_DIGIT = re.compile(r"\d")


def _range_tails(text: str, found: list[_Found]) -> list[_Found]:
    """'September 24-28' and '1970-76': the second end of a range is an expression of its own.
    'July 16-17, 1918': the year after the range (an expression too) dates both ends."""
    result: list[_Found] = []
    for i, item in enumerate(found):
        result.append(item)
        following = found[i + 1] if i + 1 < len(found) else None
        tail = _range_tail(text, item, following.start if following else len(text))
        if tail and following and _DAY_VALUE.fullmatch(tail.value) and _YEAR_VALUE.fullmatch(following.value) \
                and pat.RANGE_YEAR_GAP.fullmatch(text, tail.end, following.start) \
                and not _YEAR_VALUE.search(text, item.start, item.end):
            year = following.value
            item.value, tail.value = year + item.value[4:], year + tail.value[4:]
        if tail:
            result.append(tail)
    return result


_YEAR_VALUE = re.compile(r"\d{4}")


def _range_tail(text: str, item: _Found, limit: int) -> _Found | None:
    if _DAY_VALUE.fullmatch(item.value):
        match = pat.RANGE_DAY_TAIL.match(text, item.end)
        if match and match.end() <= limit:
            day = int(_DIGITS.match(match["day"]).group())
            if day > int(item.value[8:]):
                return _Found(start=match.start("day"), end=match.end("day"), norm_type="DATE",
                              value=f"{item.value[:8]}{day:02d}")
    elif _YEAR_VALUE.fullmatch(item.value) and _YEAR_VALUE.fullmatch(text, item.start, item.end):
        match = pat.RANGE_YEAR_TAIL.match(text, item.end)
        if match and match.end() <= limit:
            year = (int(item.value) // 100) * 100 + int(match["year"])
            if year > int(item.value):
                return _Found(start=match.start("year"), end=match.end("year"), norm_type="DATE", value=str(year))
    return None


def tag(text: str, dct: datetime | date, anchor: str | None = None, dates_only: bool = False) -> list[Timex]:
    """Every temporal expression in `text`, normalised against the creation time `dct`.

    `anchor`, a calendar value mentioned before the text (in an earlier paragraph), is the
    date in focus at its start, for anaphora such as "that day" or "the following week".
    `dates_only` skips durations, sets, clock times and vague words such as "now" (faster, for
    a timeline)."""
    ctx = Context(text, dct, pat.DATE_HEADS if dates_only else pat.ALL_HEADS)
    if anchor:
        ctx.remember(anchor)
    found = _range_tails(text, _join_times_to_dates(text, _normalise_leftmost_longest(ctx)))
    return [Timex(f.start, f.end, text[f.start:f.end], f.norm_type, f.value, f.mod) for f in found]


