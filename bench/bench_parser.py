"""Parser speed: cables per second for header + paragraph parsing (no enrichment), one core.

    python bench/bench_parser.py [--runs 5] [--corpus ../shared/corpus]

Measures two inputs of the development corpus: the WikiLeaks cable pages as files (format
detection, HTML extraction, header and body) and the same cables as plain text copies (header
and body only). Reports the median and the best of several runs of the process's CPU time (a shared machine makes
wall time noisy; the best run is the one least disturbed by other work).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tarfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cable_core.formats.html_page import page_text
from cable_core.pipeline import parse_bytes

HERE = Path(__file__).resolve().parent


def load_pages(corpus: Path) -> list[tuple[str, bytes]]:
    with tarfile.open(corpus / "wikileaks_html.tar.xz") as archive:
        return [(m.name, archive.extractfile(m).read()) for m in archive if m.isfile() and m.name.endswith(".html")]


def text_copies(pages: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    copies = []
    for name, data in pages:
        header, body = page_text(data.decode("utf-8", "replace"))
        copies.append((name + ".txt", ((header + "\n\n" if header else "") + body).encode()))
    return copies


def rate(files: list[tuple[str, bytes]], runs: int) -> tuple[float, float, int]:
    timings = []
    count = 0
    for _ in range(runs):
        start = time.process_time()
        count = sum(len(parse_bytes(data, name, enrich=False)) for name, data in files)
        timings.append(time.process_time() - start)
    return count / statistics.median(timings), count / min(timings), count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=HERE.parent.parent / "shared" / "corpus")
    args = parser.parse_args()
    pages = load_pages(args.corpus)
    copies = text_copies(pages)
    for label, files in (("cable pages (HTML)", pages), ("text copies", copies)):
        median, best, count = rate(files, args.runs)
        print(f"{label:20s} {count:5d} cables  {median:6.0f} cables/s median, {best:6.0f} best "
              f"of {args.runs} runs (one core)")


if __name__ == "__main__":
    main()
