"""From a raw cable (text + where it came from + publisher metadata) to a `Cable`."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timezone

from cable_core.body import author_summary, comments_and_notes, parse_body
from cable_core.conventions import caption_meanings, marking_levels, marking_ranks, tag_meanings
from cable_core.formats.cables_csv import created_iso
from cable_core.header import Header, parse_header, split_collapsed_header
from cable_core.header.classification import classification_label
from cable_core.header.fields import parse_references
from cable_core.header.origin import origin_of, station_key
from cable_core.header.routing import DTG, dtg_datetime, precedence_of_prosign
from cable_core.models import Cable, PublisherMetadata, RawCable, Section

_LEVEL_RANK = {"UNCLASSIFIED": 0, "LIMITED OFFICIAL USE": 1, "CONFIDENTIAL": 2, "SECRET": 3, "TOP SECRET": 4}
_PAGE_CREATED = re.compile(r"(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})")
_PLUSD_CREATED = re.compile(r"(\d{4}) (\w+) (\d{1,2}) (\d{2}):(\d{2})")
_MONTH_NAMES = {m: i for i, m in enumerate(
    "January February March April May June July August September October November December".split(), 1)}


def build_cable(raw: RawCable) -> Cable:
    lines = split_collapsed_header(raw.text.split("\n"))
    header = parse_header(lines)
    body = parse_body(lines[header.body_start :])
    publisher = raw.publisher
    warnings = [*header.warnings, *body.warnings]
    published = _publisher_created(publisher, [] if header.created else warnings)
    created = header.created or published or header.stamped or _estimated_created(raw.text, warnings)
    level = header.classification.level if header.classification else None
    caveats = header.caveats
    cable = Cable(
        source=raw.source,
        ref_id=_ref_id(header, publisher, created),
        origin=origin_of(header.originator, header.classification.station if header.classification else None)
        or (publisher.origin if publisher else None),
        classification=level or _publisher_level(publisher),
        precedence=_precedence(header),
        subject=header.subject,
        transmission_id=header.transmission_id,
        created=created,
        declassify_on=header.declassify_on,
        caveats=caveats,
        tags=header.tags,
        references=parse_references(header.references_raw or "", created.year if created else None),
        signed_by=body.signed_by,
        to=header.to,
        info=header.info,
        classified_by=header.classified_by,
        section=Section(number=header.classification.section, of=header.classification.of)
        if header.classification and header.classification.section else None,
        paragraphs=body.paragraphs,
        originator=header.originator,
        executive_order=header.executive_order,
        declassify_rule=header.declassify_rule,
        tag_meanings={t: m for t in header.tags if (m := tag_meanings().get(t))},
        caveat_meanings={c: m for c in caveats if (m := caption_meanings().get(c))},
        passing_instructions=header.passing_instructions,
        headings=body.headings,
        page_breaks=body.page_breaks,
        preamble=body.preamble,
        raw=_raw_strings(header),
        publisher=publisher,
        content_hash=hashlib.sha256(raw.text.encode("utf-8", "replace")).hexdigest()[:32],
    )
    cable.classification_label = _label(cable, publisher)
    cable.summary = author_summary(body.paragraphs, body.headings, body.preamble)
    cable.comments, cable.notes = comments_and_notes(body.paragraphs)
    cable.warnings = warnings + _consistency_warnings(cable, header, publisher, published) + _truncation(cable)
    return cable


_MID_SENTENCE = re.compile(r"(?:\b[a-z][a-z'-]*|,)\s*$")


def _truncation(cable: Cable) -> list[str]:
    """A copy cut short: a header with no body, or a last paragraph stopping mid-sentence
    with no signer after it."""
    if not cable.paragraphs:
        return ["truncated: the text ends in the header, before any paragraph"] if cable.raw else []
    last = cable.paragraphs[-1].text
    if not cable.signed_by and _MID_SENTENCE.search(last[-200:]):
        return [f"truncated: paragraph {cable.paragraphs[-1].number} ends mid-sentence and no signer follows"]
    return []


def _ref_id(header: Header, publisher: PublisherMetadata | None, created: datetime | None) -> str | None:
    """The publisher's id where it gave one; else year + station + number from the text."""
    if publisher and publisher.ref_id:
        return publisher.ref_id
    line = header.classification
    if not line or not created:
        return None
    station = station_key(line.station)
    if set(station) == {"X"} and header.originator:  # the station redacted as XXXXXXXXXXXX
        station = station_key(header.originator.partition(" ")[2])
    return f"{created.year % 100:02d}{station}{int(line.number)}"


def _publisher_created(publisher: PublisherMetadata | None, warnings: list[str]) -> datetime | None:
    if not publisher or not publisher.created:
        return None
    text = publisher.created
    if (parts := created_iso(text)) is not None:
        return datetime(*parts, tzinfo=timezone.utc)
    if match := _PAGE_CREATED.match(text):
        warnings.append("no date-time group: time taken from the publisher's Created, whose minutes are unreliable")
        return datetime(*(int(g) for g in match.groups()), tzinfo=timezone.utc)
    if (match := _PLUSD_CREATED.match(text)) and match.group(2) in _MONTH_NAMES:
        year, month, day, hour, minute = match.groups()
        return datetime(int(year), _MONTH_NAMES[month], int(day), int(hour), int(minute), tzinfo=timezone.utc)
    warnings.append(f"unreadable publisher date {text!r}")
    return None


def _estimated_created(text: str, warnings: list[str]) -> datetime | None:
    """Without a header, the publisher dated a cable by the first date-time group in its text
    (usually a referenced message, sent shortly before): an estimate, flagged as one."""
    head = text[:20_000]
    for match in DTG.finditer(head):
        if head[head.rfind("\n", 0, match.start()) + 1 : match.start()].lstrip().startswith("PAGE "):
            continue  # `PAGE 02  BERLIN 02558  200832Z` stamps a printed page without its month
        created = dtg_datetime(match)
        if created:
            warnings.append(f"no date-time group in the header: date estimated from {match.group(0)!r} in the text")
        return created
    return None


def _publisher_level(publisher: PublisherMetadata | None) -> str | None:
    if not publisher or not publisher.classification:
        return None
    return publisher.classification.split("//")[0].strip() or None


def _precedence(header: Header) -> str | None:
    if any(a.precedence == "NIACT IMMEDIATE" for a in header.to):
        return "NIACT IMMEDIATE"
    if header.prosign:
        return precedence_of_prosign(header.prosign)
    return next((a.precedence for a in header.to if a.precedence), None)


def _approximate_year(cable: Cable) -> int | None:
    """The cable's year; without a date-time group, ten years before its declassification date
    (the usual term; for 99% of the dated corpus cables where that comes to 2008 or before, so
    does the cable's own year)."""
    if cable.created:
        return cable.created.year
    return cable.declassify_on.year - 10 if cable.declassify_on else None


def _label(cable: Cable, publisher: PublisherMetadata | None) -> str | None:
    computed = classification_label(cable.classification, cable.caveats, _approximate_year(cable))
    if publisher and publisher.classification:
        if computed and computed != publisher.classification:
            cable.warnings.append(
                f"publisher labels it {publisher.classification}; its text reads {computed}")
        return publisher.classification
    return computed


def _raw_strings(header: Header) -> dict[str, str]:
    raw = {
        "dtg": header.dtg, "classification_line": header.classification.raw if header.classification else None,
        "executive_order": header.eo_raw, "tags": header.tags_raw, "subject": header.subject_raw,
        "references": header.references_raw, "prosign": header.prosign,
    }
    return {k: v for k, v in raw.items() if v}


def _consistency_warnings(cable: Cable, header: Header, publisher: PublisherMetadata | None,
                          published: datetime | None) -> list[str]:
    warnings: list[str] = []
    if header.classification is None:
        warnings.append("no classification line found")
    banner = _LEVEL_RANK.get(cable.classification or "", None)
    ranks, levels = marking_ranks(), marking_levels()
    for p in cable.paragraphs:
        level = (p.marking or "").split("/")[0]
        if banner is not None and level in levels and _LEVEL_RANK.get(levels[level], 0) > banner:
            warnings.append(f"paragraph {p.number} is marked ({p.marking}), above the cable's {cable.classification}")
        if p.marking and level not in ranks:
            warnings.append(f"paragraph {p.number} has an unknown marking ({p.marking})")
    if header.created and publisher and published and published.date() != header.created.date():
        warnings.append(f"publisher's Created {publisher.created} disagrees with the date-time group {header.dtg}")
    return warnings
