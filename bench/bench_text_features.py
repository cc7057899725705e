"""Milliseconds of one core per cable for the text features of issue 4 (entities, paragraph
summaries, digest, quotes: cable_core.analysis.enrich_text_features), without the ROUGE table.

    python bench/bench_text_features.py [CORPUS_DIR] [--runs 5] [--limit N]

The corpus is parsed once without enrichment and kept as JSON; each run rebuilds every cable
(untimed) and times its enrichment alone, one cable alive at a time as in an ingest worker, and
the median of the runs is reported (the machine is shared: medians, not means). The caches
keyed by text are emptied before each run (`text_caches.py`), so no run finds the last one's names. The budget is
well under 2 ms per cable (issue 4; the whole pipeline has about 4 ms).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tarfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cable_core.analysis import enrich_text_features  # noqa: E402
from cable_core.models import Cable  # noqa: E402
from cable_core.pipeline import parse_bytes, parse_paths  # noqa: E402
from text_caches import clear_text_caches  # noqa: E402

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def corpus_cables(corpus: Path) -> Iterator[Cable]:
    """Every cable of the corpus, parsed without enrichment (the timing is measured apart)."""
    with tarfile.open(corpus / "wikileaks_html.tar.xz") as archive:
        for member in archive:
            if member.isfile() and member.name.endswith(".html"):
                data = archive.extractfile(member).read()
                yield from (r for r in parse_bytes(data, member.name, enrich=False) if isinstance(r, Cable))
    others = [corpus / "cables_sample.csv.xz", corpus / "text", corpus / "seed"]
    yield from (r for r in parse_paths([p for p in others if p.exists()], enrich=False) if isinstance(r, Cable))


def enrichment_ms_per_cable(payloads: Sequence[str], runs: int) -> list[float]:
    """CPU milliseconds per cable of enrich_text_features, one figure per run. `payloads`: the
    cables as JSON (Cable.model_dump_json); each is rebuilt untimed and enriched alone."""
    figures = []
    for _ in range(runs):
        clear_text_caches()  # every run a first pass, as an ingest of new cables
        spent = 0.0
        for payload in payloads:
            cable = Cable.model_validate_json(payload)
            start = time.process_time()
            enrich_text_features(cable)
            spent += time.process_time() - start
        figures.append(spent * 1000 / len(payloads))
    return figures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--limit", type=int, default=0, help="time only the first N cables")
    args = ap.parse_args(argv)
    cables = list(corpus_cables(args.corpus))
    if args.limit:
        cables = cables[: args.limit]
    # Kept as JSON, not as models: a worker of the ingest holds a few cables at a time, and
    # thousands of live models would make every garbage collection in the timed code far dearer
    # than it is there (about 1 ms a cable).
    payloads = [c.model_dump_json() for c in cables]
    del cables
    runs = enrichment_ms_per_cable(payloads, args.runs)
    print(f"summaries + entities + quotes: {statistics.median(runs):.2f} ms per cable "
          f"(median of {args.runs} runs over {len(payloads)} cables, one core; runs: "
          f"{', '.join(f'{r:.2f}' for r in runs)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
