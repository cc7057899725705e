"""ROUGE of the digest against the author's own summary, beside two baselines, and the time that
summaries, entities and quotes take per cable.

    python bench/bench_digest.py [CORPUS_DIR]      (default: ../shared/corpus)

Every cable of the corpus (pages in wikileaks_html.tar.xz, rows of cables_sample.csv.xz, text
files) that has an author's summary is scored. The systems see the paragraphs without the
summary (cable_core.summarize.body_paragraphs) and pick the same number of sentences:
- lead: the first sentences of the body after the summary;
- textrank: sentences ranked by PageRank over a sentence-similarity graph (Mihalcea & Tarau 2004);
- digest: cable_core.summarize.digest.
ROUGE-1/2/L F1 on lower-cased alphanumeric tokens, no stemming, stopwords kept (as Lin 2004).
The time is measured as in bench/bench_text_features.py (enrichment_ms_per_cable).
"""

from __future__ import annotations

import math
import statistics
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_text_features import DEFAULT_CORPUS, corpus_cables, enrichment_ms_per_cable  # noqa: E402

from cable_core.models import Cable  # noqa: E402
from cable_core.summarize import (  # noqa: E402
    WORD, body_paragraphs, digest, digest_candidates, digest_length,
)

TIMING_RUNS = 5


# ---------------------------------------------------------------- ROUGE


def tokens(text: str) -> list[str]:
    return WORD.findall(text.lower())


def ngram_f1(candidate: Sequence[str], reference: Sequence[str], n: int) -> float:
    cand = Counter(tuple(candidate[i:i + n]) for i in range(len(candidate) - n + 1))
    ref = Counter(tuple(reference[i:i + n]) for i in range(len(reference) - n + 1))
    hits = sum((cand & ref).values())
    return f1(hits, sum(cand.values()), sum(ref.values()))


def lcs_f1(candidate: Sequence[str], reference: Sequence[str]) -> float:
    previous = [0] * (len(reference) + 1)
    for word in candidate:
        current = [0]
        for j, ref_word in enumerate(reference):
            current.append(previous[j] + 1 if word == ref_word else max(previous[j + 1], current[j]))
        previous = current
    return f1(previous[-1], len(candidate), len(reference))


def f1(hits: int, candidate_total: int, reference_total: int) -> float:
    if not hits:
        return 0.0
    precision, recall = hits / candidate_total, hits / reference_total
    return 2 * precision * recall / (precision + recall)


def rouge(candidate: str, reference: str) -> tuple[float, float, float]:
    cand, ref = tokens(candidate), tokens(reference)
    return ngram_f1(cand, ref, 1), ngram_f1(cand, ref, 2), lcs_f1(cand, ref)


# ---------------------------------------------------------------- baselines


def lead(cable: Cable) -> str:
    sentences = digest_candidates(cable)
    return " ".join(s.text for s in sentences[: digest_length(sentences)])


def textrank(cable: Cable) -> str:
    sentences = digest_candidates(cable)
    if not sentences:
        return ""
    words = [set(tokens(s.text)) for s in sentences]
    size = len(sentences)
    similarity = np.zeros((size, size))
    for i in range(size):
        for j in range(i + 1, size):
            shared = len(words[i] & words[j])
            if shared and len(words[i]) > 1 and len(words[j]) > 1:
                similarity[i, j] = similarity[j, i] = shared / (math.log(len(words[i])) + math.log(len(words[j])))
    ranks = pagerank(similarity)
    top = sorted(np.argsort(-ranks, kind="stable")[: digest_length(sentences)])
    return " ".join(sentences[i].text for i in top)


def pagerank(weights: np.ndarray, damping: float = 0.85, iterations: int = 50) -> np.ndarray:
    size = len(weights)
    out = weights.sum(axis=1, keepdims=True)
    transition = np.divide(weights, out, out=np.full_like(weights, 1 / size), where=out > 0)
    ranks = np.full(size, 1 / size)
    for _ in range(iterations):
        ranks = (1 - damping) / size + damping * transition.T @ ranks
    return ranks


SYSTEMS: dict[str, Callable[[Cable], str]] = {"lead": lead, "textrank": textrank, "digest": digest}


# ---------------------------------------------------------------- report


def score(cables: Sequence[Cable]) -> dict[str, tuple[float, float, float]]:
    totals = {name: [0.0, 0.0, 0.0] for name in SYSTEMS}
    for cable in cables:
        for name, system in SYSTEMS.items():
            for k, value in enumerate(rouge(system(cable), cable.summary or "")):
                totals[name][k] += value
    return {name: tuple(v / len(cables) for v in values) for name, values in totals.items()}


def main(corpus: Path) -> None:
    cables = list(corpus_cables(corpus))
    summarised = [c for c in cables if c.summary and body_paragraphs(c)]
    scores = score(summarised)
    print(f"ROUGE F1 against the author's summary, {len(summarised)} cables with one (of {len(cables)})\n")
    print("| system | ROUGE-1 | ROUGE-2 | ROUGE-L |")
    print("|---|---|---|---|")
    for name, (r1, r2, rl) in scores.items():
        print(f"| {name} | {r1:.4f} | {r2:.4f} | {rl:.4f} |")
    payloads = [c.model_dump_json() for c in cables]
    del cables, summarised  # few live models while timing, as in bench_text_features
    ms = statistics.median(enrichment_ms_per_cable(payloads, TIMING_RUNS))
    print(f"\nsummaries + entities + quotes: {ms:.2f} ms per cable "
          f"(median of {TIMING_RUNS} runs over {len(payloads)} cables, one core)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS)
