"""Filter-change redraw time of the dashboard on the bundled sample set.

Two measures, medians of several runs (not a timed test):
- corpus: the calls the Library page makes on a filter change (overview, count, page,
  timeline_counts, facets) through `MemoryCorpus`;
- apptest: a full rerun of the Library page after setting the classification filter by key
  (Streamlit's AppTest: script execution and element building, no browser paint).

Run: python bench/bench_dashboard.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cable_core.corpus import Filters, MemoryCorpus  # noqa: E402
from cable_core.models import Cable  # noqa: E402
from cable_core.pipeline import parse_paths  # noqa: E402

FILTERS = [Filters(labels=["SECRET"]), Filters(labels=["SECRET", "SECRET//NOFORN"], tags=["PREL"]),
           Filters(query="minister"), Filters(), Filters(origins=["Embassy Kabul"])]


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    start = time.perf_counter()
    cables = [c for c in parse_paths(sorted((ROOT / "sample_cables").iterdir())) if isinstance(c, Cable)]
    parse_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    corpus = MemoryCorpus(cables)
    build_ms = (time.perf_counter() - start) * 1000
    print(f"sample set: {len(cables)} cables; parse {parse_ms:,.0f} ms (once per server, cached); "
          f"frames {build_ms:,.0f} ms")

    def library_calls(f: Filters) -> None:
        corpus.overview(f), corpus.count(f), corpus.page(f, limit=200), corpus.timeline_counts(f), corpus.facets(f)
        if f.query:
            corpus.search(f.query, f, limit=6)

    per_filter = [median_ms(lambda f=f: library_calls(f), args.runs) for f in FILTERS]
    print(f"corpus calls per filter change: median {statistics.median(per_filter):.1f} ms "
          f"(max over {len(FILTERS)} filters {max(per_filter):.1f} ms)")
    print(f"timeline events query: median {median_ms(lambda: corpus.events(Filters(labels=['SECRET'])), args.runs):.1f} ms; "
          f"markings report: median {median_ms(lambda: corpus.paragraph_markings(Filters()), args.runs):.1f} ms")

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()  # first view: parses the samples once
    choices = [["SECRET"], [], ["CONFIDENTIAL"], ["SECRET", "SECRET//NOFORN"]]
    times = []
    for i in range(args.runs):
        widget = at.multiselect(key="label").set_value(choices[i % len(choices)])
        start = time.perf_counter()
        widget.run()
        times.append((time.perf_counter() - start) * 1000)
        assert not at.exception
    print(f"apptest Library rerun after a filter change: median {statistics.median(times):.0f} ms "
          f"(min {min(times):.0f}, max {max(times):.0f}, {args.runs} runs)")


if __name__ == "__main__":
    main()
