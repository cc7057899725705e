"""Where given words stand in a text turned into bytes with a space around each word: the text's
words are intersected with the wanted ones (a set look-up a word instead of a pattern tried at
every gap), then each one found is located with `bytes.find`. The tagger's head words and the
events' trigger words are found so."""

from __future__ import annotations

from collections.abc import Iterator


def word_starts(spaced: bytes, wanted: frozenset[bytes]) -> Iterator[tuple[bytes, int]]:
    """(word, offset) of every occurrence in `spaced` of a word of `wanted`, grouped by word.
    `spaced` opens and ends with a space and separates its words by spaces; the offset is that
    of the space before the word, which is the word's offset in the text `spaced` was made from
    when that text got one leading space."""
    for word in wanted.intersection(spaced.split()):
        needle = b" " + word + b" "
        at = spaced.find(needle)
        while at >= 0:
            yield word, at
            at = spaced.find(needle, at + len(word) + 1)
