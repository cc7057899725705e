"""Speed of temporal tagging + event extraction over real cables (cables/s, one core, CPU time),
and the CPU time of extract_events without the tagger's.

Parses the WikiLeaks cable pages of ../shared/corpus/wikileaks_html.tar.xz with the project's
parser (outside the timing, without enrichment), then times `extract_events` over all of them,
each run with the caches keyed by text emptied first (`text_caches.py`): a first pass, as an
ingest of new cables sees.

    python bench/bench_events.py [--shared ../shared] [--limit 1000] [--runs 3]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tarfile
import time
from pathlib import Path
from types import SimpleNamespace

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from cable_core import events  # noqa: E402
from cable_core.events import extract_events  # noqa: E402
from cable_core.models import Cable  # noqa: E402
from cable_core.pipeline import parse_bytes  # noqa: E402
from text_caches import clear_text_caches  # noqa: E402


def load_cables(archive: Path, limit: int) -> list[Cable]:
    cables: list[Cable] = []
    with tarfile.open(archive) as tar:
        for member in tar:
            if len(cables) >= limit:
                break
            if member.isfile() and member.name.endswith(".html"):
                data = tar.extractfile(member).read()
                cables.extend(c for c in parse_bytes(data, member.name, enrich=False) if isinstance(c, Cable))
    return cables


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=PROJECT.parent / "shared")
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    cables = load_cables(args.shared / "corpus" / "wikileaks_html.tar.xz", args.limit)
    chars = sum(len(p.text) for c in cables for p in c.paragraphs)
    timings, count = [], 0
    for _ in range(args.runs):
        clear_text_caches()  # every run a first pass, as an ingest of new cables
        began = time.process_time()
        count = sum(len(extract_events(cable)) for cable in cables)
        timings.append(time.process_time() - began)
    # The events' own share is measured in runs of their own: the timer around each call of the
    # tagger costs two clock reads a paragraph, which must not weigh on the cables/s figure.
    tagging = _timed_tag()
    own = []
    for _ in range(args.runs):
        clear_text_caches()
        tagging.seconds = 0.0
        began = time.process_time()
        for cable in cables:
            extract_events(cable)
        own.append(time.process_time() - began - tagging.seconds)
    seconds = statistics.median(timings)
    # The interpreter's build moves these figures by a quarter: see the README (Speed).
    print(f"Python {platform.python_version()} ({platform.python_implementation()}, {sys.executable})")
    print(f"{len(cables)} cables, {chars / len(cables) / 1000:.1f} k chars of paragraphs each on average, {count} events")
    print(f"tag + extract_events: {len(cables) / seconds:.0f} cables/s, {chars / seconds / 1e6:.2f} M chars/s "
          f"(CPU time, median of {args.runs} runs)")
    print(f"extract_events without tag: {statistics.median(own) * 1000 / len(cables):.3f} ms per cable")
    return 0


def _timed_tag() -> SimpleNamespace:
    """Wrap the tagger that extract_events calls so that its CPU time is counted apart: the
    events' own work is the rest."""
    tagging = SimpleNamespace(seconds=0.0)
    tag = events.tag

    def timed(*args: object, **kwargs: object) -> list:
        began = time.process_time()
        try:
            return tag(*args, **kwargs)
        finally:
            tagging.seconds += time.process_time() - began

    events.tag = timed
    return tagging


if __name__ == "__main__":
    sys.exit(main())
