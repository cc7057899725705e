"""The benchmarks' cold start: text-keyed caches emptied, the tables built once kept."""

from __future__ import annotations

import sys
from pathlib import Path

from cable_core import entities
from cable_core.analysis import enrich_text_features
from cable_core.pipeline import parse_bytes
from tests.conftest import SAMPLES

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from text_caches import clear_text_caches  # noqa: E402


def test_clear_text_caches_empties_the_text_keyed_caches_only() -> None:
    [cable] = parse_bytes((SAMPLES / "06ASTANA280.txt").read_bytes(), "06ASTANA280.txt", enrich=False)
    enrich_text_features(cable)
    assert entities.run_word.cache_info().currsize > 0  # the seed's words were cached
    assert entities.common_words.cache_info().currsize == 1  # a table, built once

    assert clear_text_caches() >= 10
    assert entities.run_word.cache_info().currsize == 0
    assert entities.person_id.cache_info().currsize == 0
    assert entities.common_words.cache_info().currsize == 1
