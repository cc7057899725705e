"""The origin as the publisher names it (`Embassy Astana`, `Secretary of State`, …), from the
originator line or, where there is none, the classification line's station."""

from __future__ import annotations

import re

from cable_core.conventions import originator_origins, station_origins

_PREFIXES = {"AMEMBASSY": "Embassy", "AMCONSUL": "Consulate", "USMISSION": "US Mission",
             "USOFFICE": "US Office", "USLO": "Embassy"}


def known_station(station: str) -> bool:
    return station in station_origins()


def station_key(station: str) -> str:
    return re.sub(r"[^A-Z]", "", station.upper())


def origin_of(plad: str | None, station: str | None) -> str | None:
    """Special missions by their originator; posts by the station table; else by the words."""
    if plad:
        plad = " ".join(plad.split()).rstrip(" .")
        special = originator_origins().get(plad)
        if special:
            return special
    if station:
        known = station_origins().get(station_key(station))
        if known:
            return known
    if plad:
        prefix, _, place = plad.partition(" ")
        if prefix in _PREFIXES and place:
            return f"{_PREFIXES[prefix]} {place.title()}"
    if station and station_key(station) != "STATE":
        return f"Embassy {station.title()}"
    return "Secretary of State" if station and station_key(station) == "STATE" else None
