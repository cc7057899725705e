"""Lower-casing that keeps every character's offset, so matches on the folded copy index the
original (`str.lower` lengthens a few letters, such as `İ`)."""

from __future__ import annotations

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def fold_case(text: str) -> str:
    folded = text.lower()
    return folded if len(folded) == len(text) else text.translate(_ASCII_LOWER)
