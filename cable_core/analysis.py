"""Text features of a parsed cable: people, organisations and places, paragraph summaries and
the digest, and quoted speech (issue 4). The pipeline calls `enrich_text_features` per cable."""

from __future__ import annotations

from cable_core.entities import extract_entities
from cable_core.models import Cable
from cable_core.quotes import extract_quotes
from cable_core.summarize import summarize_cable


def enrich_text_features(cable: Cable) -> Cable:
    # Entities first: summaries and quotes resolve "he" and "the Ambassador" through them.
    cable.entities = extract_entities(cable)
    summarize_cable(cable)
    cable.quotes = extract_quotes(cable)
    return cable
