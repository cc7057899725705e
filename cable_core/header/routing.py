"""The routing header: transmission id, precedence and date-time group, originator, addressees.

    VZCZCXRO8076
    P 240734Z OCT 06 ZDK
    FM AMEMBASSY ASTANA
    TO RUEHC/SECSTATE WASHDC PRIORITY 7411
    INFO RUCNCIS/CIS COLLECTIVE
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from cable_core.conventions import precedence_by_code
from cable_core.models import Addressee

TRANSMISSION_ID = re.compile(r"^\s*(VZCZC[A-Z0-9]{2,12})\b")
# `P 240734Z OCT 06`, `O 021400Z OCT 73`, PlusD's `P R 221828 Z MAY 73`
DTG_LINE = re.compile(
    r"^\s*(?:(?P<prosign>[ZOPR](?:\s?[ZOPR])?)\s+)?(?P<day>\d{2})(?P<hour>\d{2})(?P<minute>\d{2})\s?Z\s+"
    r"(?P<month>[A-Z]{3})\s+(?P<year>\d{2}(?:\d{2})?)\b"
)
DTG = re.compile(
    r"\b(?P<day>\d{2})(?P<hour>\d{2})(?P<minute>\d{2})Z\s+(?P<month>[A-Z]{3})\s+(?P<year>\d{2}(?:\d{2})?)\b"
)
FROM_LINE = re.compile(r"^\s*FM\s+(?P<plad>[A-Z][A-Z0-9 /.&'()-]{1,80}?)\s*$")
ADDRESSEE_START = re.compile(r"^\s*(?P<kind>TO|INFO)\s+(?P<rest>\S.*?)\s*$")
_ROUTE = re.compile(r"([A-Z0-9]{4,8})/")
_PRECEDENCE_AT_END = re.compile(r"\s(FLASH|NIACT\s+IMMEDIATE|IMMEDIATE|PR?IO?RITY|ROUTINE)$")
_MCN_AT_END = re.compile(r"\s(\d{1,6})$")
_ADDRESSEE_LINE_LIMIT = 300  # addressee lines are short; never scan a pasted paragraph as one
_ROUTING_STOP = frozenset({"", "BT", "ZEN", "ZFR", "NNN", "NNNN"})  # a line of one of these ends a list
MONTHS = {m: i for i, m in enumerate(
    "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), start=1)}


def full_year(year: str) -> int:
    """Two-digit DTG years: the cables run from 1966 to 2010."""
    value = int(year)
    if len(year) == 4:
        return value
    return 1900 + value if value >= 66 else 2000 + value


def dtg_datetime(match: re.Match[str]) -> datetime | None:
    month = MONTHS.get(match.group("month"))
    if month is None:
        return None
    try:
        return datetime(full_year(match.group("year")), month, int(match.group("day")),
                        int(match.group("hour")), int(match.group("minute")), tzinfo=timezone.utc)
    except ValueError:
        return None


def precedence_of_prosign(prosign: str) -> str | None:
    return precedence_by_code().get(prosign.strip()[:1])


def normalize_precedence(word: str | None) -> str | None:
    if not word:
        return None
    word = " ".join(word.split())
    return "PRIORITY" if word in ("PRIOITY", "PRORITY", "PRIORTY", "PIORITY") else word


def parse_addressee(line: str) -> Addressee | None:
    """`RUEHC/SECSTATE WASHDC PRIORITY 7411` → route, name, precedence, message number, peeled
    from both ends (no single pattern with a lazy middle: that backtracks on long lines)."""
    text = line.strip()[:_ADDRESSEE_LINE_LIMIT]
    route = None
    if match := _ROUTE.match(text):
        route, text = match.group(1), text[match.end():]
    mcn = precedence = None
    if match := _MCN_AT_END.search(text):
        mcn, text = match.group(1), text[: match.start()].rstrip()
    if match := _PRECEDENCE_AT_END.search(text):
        precedence, text = match.group(1), text[: match.start()].rstrip()
    name = text.strip()
    if not name:
        return None
    return Addressee(route=route, name=name, precedence=normalize_precedence(precedence), mcn=mcn)


def parse_addressees(lines: list[str]) -> tuple[list[Addressee], list[Addressee]]:
    """The TO and INFO lists: each starts at its keyword and runs over continuation lines."""
    to: list[Addressee] = []
    info: list[Addressee] = []
    current: list[Addressee] | None = None
    for line in lines:
        # the `in` tests are literals the patterns need: far cheaper than failed matches
        start = ADDRESSEE_START.match(line) if "TO" in line or "INFO" in line else None
        if start:
            current = to if start.group("kind") == "TO" else info
            line = start.group("rest")
        elif (current is None or line.strip() in _ROUTING_STOP or "Z" in line and DTG_LINE.match(line)
              or "FM" in line and FROM_LINE.match(line)):
            current = None
            continue
        addressee = parse_addressee(line)
        if addressee:
            current.append(addressee)
    return to, info
