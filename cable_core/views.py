"""Pure presentation helpers for the dashboard: banner colours, marking badges, readable dates,
declassification status, reasons spelled out. No Streamlit here; pages escape what they show."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from .conventions import caption_meanings, marking_levels, table
from .models import Cable

# Conventional banner colours (US marking practice: green U, blue C, red S, orange TS, yellow
# TS//SCI; purple for controlled-unclassified such as FOUO/SBU/LOU).
LEVEL_COLOURS: dict[str, tuple[str, str]] = {
    "UNCLASSIFIED": ("#007a33", "#ffffff"),
    "CONTROLLED": ("#502b85", "#ffffff"),
    "LIMITED OFFICIAL USE": ("#502b85", "#ffffff"),
    "CONFIDENTIAL": ("#0033a0", "#ffffff"),
    "SECRET": ("#c8102e", "#ffffff"),
    "TOP SECRET": ("#ff8c00", "#000000"),
    "TOP SECRET//SCI": ("#fce83a", "#000000"),
    "UNKNOWN": ("#6b7280", "#ffffff"),
}
# Distinct shades per publisher label so that charts can tell NOFORN from plain.
LABEL_ORDER = [
    "UNCLASSIFIED", "UNCLASSIFIED//FOR OFFICIAL USE ONLY", "LIMITED OFFICIAL USE", "CONFIDENTIAL",
    "CONFIDENTIAL//NOFORN", "SECRET", "SECRET//NOFORN", "TOP SECRET", "UNKNOWN",
]
LABEL_COLOURS = {
    "UNCLASSIFIED": "#2e9e55",
    "UNCLASSIFIED//FOR OFFICIAL USE ONLY": "#8e6cc2",
    "LIMITED OFFICIAL USE": "#5b3a96",
    "CONFIDENTIAL": "#3b6fd4",
    "CONFIDENTIAL//NOFORN": "#0b2e7a",
    "SECRET": "#e0475b",
    "SECRET//NOFORN": "#8f0b1f",
    "TOP SECRET": "#ff8c00",
    "UNKNOWN": "#9ca3af",
}
SHORT_LABELS = {
    "UNCLASSIFIED": "U", "UNCLASSIFIED//FOR OFFICIAL USE ONLY": "U//FOUO", "LIMITED OFFICIAL USE": "LOU",
    "CONFIDENTIAL": "C", "CONFIDENTIAL//NOFORN": "C//NF", "SECRET": "S", "SECRET//NOFORN": "S//NF",
    "TOP SECRET": "TS",
}
MARKING_ORDER = ["U", "SBU", "FOUO", "LOU", "C", "C/NF", "S", "S/NF", "TS", "(unmarked)"]


def label_level(label: str | None) -> str:
    if not label:
        return "UNKNOWN"
    upper = label.upper()
    if upper.startswith("TOP SECRET") and "SCI" in upper:
        return "TOP SECRET//SCI"
    base = upper.split("//")[0].strip()
    if base == "UNCLASSIFIED" and any(c in upper for c in ("FOUO", "FOR OFFICIAL USE", "SBU", "SENSITIVE")):
        return "CONTROLLED"
    return base if base in LEVEL_COLOURS else "UNKNOWN"


def banner_colours(label: str | None) -> tuple[str, str]:
    """(background, text) colours of a classification banner."""
    return LEVEL_COLOURS[label_level(label)]


def label_colour(label: str) -> str:
    return LABEL_COLOURS.get(label, banner_colours(label)[0])


def label_sort_key(label: str) -> int:
    return LABEL_ORDER.index(label) if label in LABEL_ORDER else len(LABEL_ORDER)


def marking_base(marking: str | None) -> str | None:
    return marking.split("/")[0].strip().upper() if marking else None


def marking_colours(marking: str | None) -> tuple[str, str]:
    base = marking_base(marking)
    if not base:
        return ("#e5e7eb", "#374151")
    if base in ("SBU", "FOUO", "LOU"):
        return LEVEL_COLOURS["CONTROLLED"]
    level = marking_levels().get(base, "UNKNOWN")
    return LEVEL_COLOURS.get(level, LEVEL_COLOURS["UNKNOWN"])


def marking_colour(marking: str | None) -> str:
    return marking_colours(marking)[0]


def marking_badge(marking: str | None) -> str:
    return f"({marking})" if marking else "unmarked"


def marking_meaning(marking: str | None) -> str:
    if not marking:
        return "no portion marking"
    parts = [p for p in marking.upper().replace("//", "/").split("/") if p]
    meanings = table("markings", "marking", "meaning")
    captions = caption_meanings()
    words = [meanings.get(p) or captions.get({"NF": "NOFORN"}.get(p, p)) or p for p in parts]
    return ", ".join(words)


def readable_datetime(created: datetime | None) -> str:
    if created is None:
        return "date unknown"
    text = created.strftime("%A %-d %B %Y")
    if (created.hour, created.minute) != (0, 0):
        text += created.strftime(", %H:%M UTC")
    return text


def year_span(first: date | None, last: date | None) -> str:
    """`1973–2010`, or `2006` when the set lies within one year."""
    if not first or not last:
        return "no dates"
    return f"{first:%Y}" if first.year == last.year else f"{first:%Y}–{last:%Y}"


def declass_status(day: date | None, today: date | None = None) -> tuple[str, str]:
    """('passed'|'due'|'none', sentence)."""
    if day is None:
        return "none", "no declassification date"
    today = today or date.today()
    if day <= today:
        years = (today - day).days // 365
        ago = f"{years} year{'s' if years != 1 else ''} ago" if years else "this year"
        return "passed", f"declassify on {day:%-d %B %Y} — passed ({ago})"
    return "due", f"declassify on {day:%-d %B %Y} — not yet reached"


def reasons_text(cable: Cable) -> list[str]:
    cb = cable.classified_by
    if not cb:
        return []
    meanings = cb.reason_meanings + [""] * len(cb.reasons)
    return [f"{r} — {m}" if m else r for r, m in zip(cb.reasons, meanings)]


def classified_by_text(cable: Cable) -> str:
    cb = cable.classified_by
    if not cb:
        return ""
    who = ", ".join(x for x in (cb.title, cb.name) if x)
    return who or cb.raw


def precedence_meaning(precedence: str | None) -> str:
    if not precedence:
        return ""
    return table("precedences", "precedence", "meaning").get(precedence.upper(), "")


def addressee_text(addressee) -> str:
    parts = [addressee.name]
    if addressee.precedence:
        parts.append(addressee.precedence.lower())
    return " ".join(parts)


def commonest(frame: pd.DataFrame, name: str, count: str, keep: int, what: str) -> pd.DataFrame:
    """The `keep` rows with the largest counts and one `other` row summing the rest: a whole
    release has dozens of rare paragraph markings (`S//RELMLT,GBR,ANGER`) that would crowd a chart."""
    if len(frame) <= keep + 1:
        return frame
    ranked = frame.sort_values(count, ascending=False, kind="stable")
    rest = ranked.iloc[keep:]
    other = pd.DataFrame({name: [f"other ({len(rest)} {what})"], count: [int(rest[count].sum())]})
    return pd.concat([ranked.iloc[:keep][[name, count]], other], ignore_index=True)


def file_size(n: int) -> str:
    """25 bytes, 3.4 KB, 1.7 MB (a 25-byte file read "0.0 KB", as if empty)."""
    if n < 1024:
        return f"{n:,} byte{'' if n == 1 else 's'}"
    return f"{n / 1024:,.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MB"
