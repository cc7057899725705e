"""Decoding tables (TAGS, captions, precedences, reasons, markings, stations) kept as CSV data
files beside this module, each row with its source; see docs/CONVENTIONS.md of the team."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

_HERE = Path(__file__).parent


@cache
def table(name: str, key: str, value: str) -> dict[str, str]:
    with (_HERE / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        return {row[key]: row[value] for row in csv.DictReader(handle)}


@cache
def tag_meanings() -> dict[str, str]:
    """The TAGS table, and every country's FIPS 10-4 code (the geographic TAGS: `HO` is Honduras)
    where the table has no row of its own for it."""
    return {**table("countries", "fips", "country"), **table("tags", "tag", "meaning")}


def caption_meanings() -> dict[str, str]:
    return table("captions", "caption", "meaning")


def reason_categories() -> dict[str, str]:
    return table("reasons", "letter", "category")


def precedence_by_code() -> dict[str, str]:
    return {code: name for code, name in table("precedences", "code", "precedence").items() if code}


def marking_ranks() -> dict[str, int]:
    return {mark: int(rank) for mark, rank in table("markings", "marking", "rank").items()}


def marking_levels() -> dict[str, str]:
    return table("markings", "marking", "level")


def station_origins() -> dict[str, str]:
    return table("stations", "station", "origin")


def originator_origins() -> dict[str, str]:
    return table("originators", "plad", "origin")
