"""ALL-CAPS text in the case that mixed-case cables write its words: "ZIHAWI CALLED IN AMBASSADORS
OF FIVE PERMANENT MEMBERS" → "Zihawi called in ambassadors of five permanent members", keeping
"NATO", "PolCouns" and "Foreign Minister". For what the project writes out of such text (event
titles); the cable's own text is always shown as written.

Each word takes its commonest form in the mixed-case cables of the development corpus
(`conventions/word_cases.txt`, built by `conventions/build_word_cases.py`), or the form of the
pair it stands in where that differs ("FOREIGN MINISTER" is "Foreign Minister" though "foreign"
alone is lower-case). A word the table lacks is a name ("Ogutcu"), or an acronym when it is
short or has no vowel ("PKK")."""

from __future__ import annotations

import re
from functools import cache

from .entities import CONVENTIONS, display_case

WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
PAIR_GAP = re.compile(r"[ \t]+")  # what may stand between the two words of a pair
SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]*\s")  # not the dots of "A.M." or "U.S."
VOWELS = frozenset("aeiouy")
POSSESSIVE = ("'s", "’s")
INFLECTIONS = (("s", ""), ("es", ""), ("ed", ""), ("d", ""), ("ing", ""), ("ing", "e"), ("ly", ""), ("ies", "y"),
               ("ied", "y"))
# "US" is the country unless an object pronoun ("TOLD US", "FOR US").
US_PRONOUN_AFTER = frozenset("""told tell tells asked ask gave give gives let lets join joined informed inform assured
assure briefed brief showed show helped help urged invited to for with of from by about among against
thanked thank called""".split())


@cache
def word_forms() -> tuple[dict[str, str], dict[tuple[str, str], tuple[str, str]]]:
    """(form of each lower-case word, forms of each pair of words that the single forms miss)."""
    words: dict[str, str] = {}
    pairs: dict[tuple[str, str], tuple[str, str]] = {}
    for line in (CONVENTIONS / "word_cases.txt").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) == 1:
            words[line.lower()] = line
        else:
            pairs[(parts[0].lower(), parts[1].lower())] = (parts[0], parts[1])
    return words, pairs


def truecase(text: str) -> str:
    """The text with each word in its usual case and each sentence opening with a capital."""
    words, pairs = word_forms()
    found = list(WORD.finditer(text))
    keys = [m.group().lower() for m in found]
    pieces: list[str] = []
    last = 0
    for i, m in enumerate(found):
        gap = text[last:m.start()]
        form = _form_in_pair(i, found, keys, text, pairs) or _form(keys[i], m.group(), keys[i - 1] if i else "", words)
        if i == 0 or SENTENCE_BREAK.search(gap):
            form = form[:1].upper() + form[1:]
        pieces += [gap, form]
        last = m.end()
    pieces.append(text[last:])
    return "".join(pieces)


def joined(text: str, first: re.Match[str], second: re.Match[str]) -> bool:
    """Two words stand side by side (only spaces between them), as a pair of the table."""
    return PAIR_GAP.fullmatch(text, first.end(), second.start()) is not None


def _form_in_pair(i: int, found: list[re.Match[str]], keys: list[str], text: str,
                  pairs: dict[tuple[str, str], tuple[str, str]]) -> str | None:
    if i + 1 < len(found) and (keys[i], keys[i + 1]) in pairs and joined(text, found[i], found[i + 1]):
        return pairs[(keys[i], keys[i + 1])][0]
    if i > 0 and (keys[i - 1], keys[i]) in pairs and joined(text, found[i - 1], found[i]):
        return pairs[(keys[i - 1], keys[i])][1]
    return None


def _stems(key: str) -> list[str]:
    """What the word may be an inflection of: "gaveled" → "gavel", "tabulated" → "tabulate"."""
    return [key[:-len(ending)] + restored for ending, restored in INFLECTIONS if key.endswith(ending)]


def _form(key: str, word: str, previous: str, words: dict[str, str]) -> str:
    if key == "us":
        return "us" if previous in US_PRONOUN_AFTER else "US"
    form = words.get(key)
    if form is not None:
        return form
    if key.endswith(POSSESSIVE) and key[:-2] in words:
        return words[key[:-2]] + key[-2:]
    if any(words.get(stem, "").islower() for stem in _stems(key)):
        return key  # "gaveled", "tabulates": a form of a lower-case word
    if len(key) <= 3 or VOWELS.isdisjoint(key):
        return word  # an acronym ("PKK", "GRU")
    return _name_case(word)


def _name_case(word: str) -> str:
    """A name: "O'Mara", "McCain", but "Sha'ban" (a capital after an apostrophe only after one letter)."""
    name = display_case(word)
    apostrophe = max(name.find("'"), name.find("’"))
    return name[:apostrophe + 1] + name[apostrophe + 1:].lower() if apostrophe > 1 else name
