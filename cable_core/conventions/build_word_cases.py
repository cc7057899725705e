"""Build word_cases.txt, the table of `cable_core.truecase`: how mixed-case cables write each word.

    python -m cable_core.conventions.build_word_cases [CORPUS_DIR] [--out FILE]

Reads the cable pages and cables.csv rows of the development corpus (../shared/corpus by default)
and, in the cables written in mixed case, counts the forms of every word that does not open a
sentence: the commonest form of each word seen twice or more is kept, and so is the form of a
pair of words seen three times or more where it differs from the single forms ("Foreign
Minister"). A word in capitals counts as an acronym only next to a lower-case word: a heading in
capitals says nothing of its words' case.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict
from pathlib import Path

from cable_core.models import Cable
from cable_core.pipeline import parse_paths
from cable_core.truecase import WORD, joined

OUT = Path(__file__).parent / "word_cases.txt"
SOURCES = ("wikileaks_html.tar.xz", "cables_sample.csv.xz")
MIN_WORD, MIN_PAIR, PAIR_SHARE = 2, 3, 0.6
MOST_CAPITALS = 0.5  # share of capital letters above which a cable is written in capitals
SENTENCE_OPENING = re.compile(r"(?:^|[.!?:;)]\s+|[\"“(]\s*)$")  # ")": after a marking, "(C) A demarche"
LOWER_CASE = re.compile(r"[a-z]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=Path(__file__).parents[3] / "shared" / "corpus")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    words: defaultdict[str, Counter[str]] = defaultdict(Counter)
    pairs: defaultdict[tuple[str, str], Counter[tuple[str, str]]] = defaultdict(Counter)
    cables = 0
    for cable in parse_paths([args.corpus / name for name in SOURCES], enrich=False):
        if isinstance(cable, Cable) and _mixed_case(cable):
            cables += 1
            for paragraph in cable.paragraphs:
                _count(paragraph.text, words, pairs)
    kept_words = {key: forms.most_common(1)[0][0] for key, forms in words.items() if forms.total() >= MIN_WORD}
    kept_pairs = sorted(" ".join(form) for key, forms in pairs.items() if (form := _pair_form(key, forms, kept_words)))
    header = [f"# How the {cables} mixed-case cables of the development corpus write each word: its commonest",
              "# form where it does not open a sentence, seen at least twice; then pairs of words whose form",
              "# differs from their single forms. Built by build_word_cases.py; read by cable_core/truecase.py."]
    args.out.write_text("\n".join([*header, *sorted(kept_words.values(), key=str.lower), *kept_pairs]) + "\n", encoding="utf-8")
    print(f"{len(kept_words)} words and {len(kept_pairs)} pairs from {cables} cables -> {args.out}")


def _mixed_case(cable: Cable) -> bool:
    letters = [c for p in cable.paragraphs for c in p.text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) <= MOST_CAPITALS * len(letters)


def _count(text: str, words: defaultdict[str, Counter[str]],
           pairs: defaultdict[tuple[str, str], Counter[tuple[str, str]]]) -> None:
    found = list(WORD.finditer(text))
    counted = [_counts(text, found, i) for i in range(len(found))]
    for i, match in enumerate(found):
        if counted[i]:
            words[match.group().lower()][match.group()] += 1
            if i + 1 < len(found) and counted[i + 1] and joined(text, match, found[i + 1]) \
                    and len(match.group()) > 1 and len(found[i + 1].group()) > 1:  # "A": an article or a label
                second = found[i + 1].group()
                pairs[(match.group().lower(), second.lower())][(match.group(), second)] += 1


def _counts(text: str, found: list[re.Match[str]], i: int) -> bool:
    """A word's form tells its case: it opens no sentence, and a word in capitals (longer than
    one letter) stands next to a lower-case word."""
    word = found[i]
    if i == 0 or SENTENCE_OPENING.search(text, max(0, word.start() - 3), word.start()):
        return False
    if len(word.group()) > 1 and word.group().isupper():
        return any(LOWER_CASE.search(other.group()) for other in found[max(0, i - 1):i + 2] if other is not word)
    return True


def _pair_form(key: tuple[str, str], forms: Counter[tuple[str, str]], words: dict[str, str]) -> tuple[str, str] | None:
    form, count = forms.most_common(1)[0]
    if count < MIN_PAIR or count < PAIR_SHARE * forms.total():
        return None
    return form if form != (words.get(key[0]), words.get(key[1])) else None


if __name__ == "__main__":
    main()
