"""The one entry point from bytes to cables, used by the command line, the dashboard and the
ingest alike. Never raises on input: what cannot be read becomes a ParseFailure or a warning."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator

from cable_core.analysis import enrich_text_features
from cable_core.cable import build_cable
from cable_core.events import extract_events
from cable_core.formats import RawResult, read_bytes, read_path
from cable_core.limits import LIMITS, megabytes
from cable_core.models import Cable, ParseFailure, RawCable

Result = Cable | ParseFailure
Enricher = Callable[[Cable], None]


def _add_events(cable: Cable) -> None:
    cable.events = extract_events(cable)


ENRICHERS: tuple[Enricher, ...] = (_add_events, enrich_text_features)
"""Later stages that fill a parsed cable's extra fields: events, then summaries, entities, quotes."""


def cable_from_raw(raw: RawCable, enrich: bool = True) -> Result:
    try:
        cable = build_cable(raw)
    except Exception as exc:  # a parser bug must cost one cable, never the batch
        return ParseFailure(source=raw.source, error=f"parser error: {type(exc).__name__}: {exc}")
    if not looks_like_a_cable(cable):
        return ParseFailure(source=raw.source, error=(
            "text that is not a cable (no classification line, date-time group, TAGS, subject "
            "or marked paragraphs)"))
    if enrich and len(raw.text) > LIMITS.enrich_text_bytes:
        cable.warnings.append(
            f"events, summaries, entities and quotes skipped: {megabytes(len(raw.text))} of text is more than "
            f"the {megabytes(LIMITS.enrich_text_bytes)} limit for them")
    elif enrich:
        for stage in ENRICHERS:
            try:
                stage(cable)
            except Exception as exc:
                cable.warnings.append(f"enrichment failed: {type(exc).__name__}: {exc}")
    return cable


def looks_like_a_cable(cable: Cable) -> bool:
    return bool(
        cable.publisher or cable.raw.get("classification_line") or cable.raw.get("dtg") or cable.tags
        or cable.subject or cable.executive_order or cable.classified_by
        or any(p.marking for p in cable.paragraphs)
    )


def results(raws: Iterable[RawResult], enrich: bool = True) -> Iterator[Result]:
    for raw in raws:
        yield raw if isinstance(raw, ParseFailure) else cable_from_raw(raw, enrich)


def parse_bytes(data: bytes, name: str, enrich: bool = True) -> list[Result]:
    """Every cable in one file's bytes (text, page, cables.csv, zip, compressed)."""
    return list(results(read_bytes(data, name), enrich))


def parse_paths(paths: Iterable[str | os.PathLike[str]], enrich: bool = True) -> Iterator[Result]:
    """Every cable under files and folders, streamed."""
    for path in paths:
        yield from results(read_path(path), enrich)
