"""Shared fixtures. Tests that need ../shared or Chromium skip with a reason where those are
absent (a user's fresh clone) and fail instead when the environment variable CI is set."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared"
CORPUS = SHARED / "corpus"
SAMPLES = PROJECT / "sample_cables"


def require(condition: bool, reason: str) -> None:
    """Skip with `reason` when `condition` is false, or fail when running in CI."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    require(CORPUS.is_dir(), f"the development corpus is not at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def seed_text(corpus_dir: Path) -> bytes:
    return (corpus_dir / "seed" / "06ASTANA280.txt").read_bytes()
