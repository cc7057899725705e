"""TempEval-3 benchmark of the temporal tagger: scores and speed.

Writes the tagger's output for the check split (documents whose id hashes to 0–3, never used
for tuning) and for the training split (the rest) in the scorer's format, scores each with
`../shared/tools/score_timex.py --only-system-docs`, and times the tagger.

    python bench/bench_timex.py [--shared ../shared] [--out /tmp/timex_bench] [--runs 5] [--errors N] [--categories]

`--categories` counts the training split's errors by kind (missed, spurious, extent too long or
too short, value of another shape, value too early or too late), to find the largest systematic one.
`--folds N` scores the training split's documents in N folds (by a hash of their id), so that a
change can be judged fold by fold (it must help out of the folds it was found on).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from cable_core.timex import tag  # noqa: E402


def is_check_document(doc_id: str) -> bool:
    return hashlib.sha1(doc_id.encode()).hexdigest()[0] in "0123"


def load_documents(gold: Path) -> list[dict]:
    with gold.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def system_output(documents: list[dict]) -> list[dict]:
    return [{"doc_id": doc["doc_id"],
             "timexes": [t.model_dump() for t in tag(doc["text"], date.fromisoformat(doc["dct"][:10]))]}
            for doc in documents]


def write_jsonl(rows: list[dict], path: Path) -> None:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")


def score(scorer: Path, gold: Path, system: Path, errors: int) -> str:
    command = [sys.executable, str(scorer), str(gold), str(system), "--only-system-docs"]
    if errors:
        command += ["--errors", str(errors)]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def load_scorer(scorer: Path):
    """The scorer as a module, for its one-to-one matching of gold and system expressions."""
    spec = importlib.util.spec_from_file_location("score_timex", scorer)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_DIGIT = re.compile(r"\d")


def value_error_kind(gold: str, system: str) -> str:
    """'value shape' when the values differ in granularity or kind (1988 vs 1988-Q3, P1D vs a
    date), else whether the system's value lies before or after the gold one."""
    if _DIGIT.sub("9", gold) != _DIGIT.sub("9", system):
        return "value shape"
    return "value too early" if system < gold else "value too late"


def error_categories(documents: list[dict], rows: list[dict], match_doc) -> Counter:
    """Errors by kind: each gold expression missed or matched with another extent or value, and
    each system expression matching none."""
    counts: Counter = Counter()
    for doc, row in zip(documents, rows):
        gold, system = doc["timexes"], row["timexes"]
        strict, relaxed = match_doc(gold, system, doc["text"])
        counts["missed"] += len(gold) - len(relaxed)
        counts["spurious"] += len(system) - len(relaxed)
        for i, j in relaxed.items():
            g, s = gold[i], system[j]
            if i not in strict:
                longer = s["start"] <= g["start"] and s["end"] >= g["end"]
                shorter = s["start"] >= g["start"] and s["end"] <= g["end"]
                counts["extent too long" if longer else "extent too short" if shorter else "extent shifted"] += 1
            if g["value"] != s["value"]:
                counts[value_error_kind(g["value"], s["value"])] += 1
    return counts


def fold_of(doc_id: str, folds: int) -> int:
    return int(hashlib.sha1(("fold" + doc_id).encode()).hexdigest(), 16) % folds


def fold_scores(documents: list[dict], rows: list[dict], scorer_module, folds: int) -> list[str]:
    """Strict, relaxed and value F1 (TE3) of each fold of the documents."""
    lines = []
    for fold in range(folds):
        gold = {d["doc_id"]: d for d in documents if fold_of(d["doc_id"], folds) == fold}
        system = {r["doc_id"]: r for r in rows if r["doc_id"] in gold}
        result, _ = scorer_module.score(gold, system)
        lines.append(f"fold {fold}: {len(gold)} documents, strict F1 {100 * result['strict_F1']:.2f}, "
                     f"relaxed F1 {100 * result['relaxed_F1']:.2f}, value F1 {100 * result['value_F1_TE3']:.2f}")
    return lines


def speed(documents: list[dict], runs: int) -> tuple[float, float]:
    """Median documents/s and characters/s over `runs` passes."""
    chars = sum(len(doc["text"]) for doc in documents)
    timings = []
    for _ in range(runs):
        began = time.process_time()
        system_output(documents)
        timings.append(time.process_time() - began)
    seconds = statistics.median(timings)
    return len(documents) / seconds, chars / seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=PROJECT.parent / "shared")
    parser.add_argument("--out", type=Path, default=Path("/tmp/timex_bench"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--errors", type=int, default=0, help="list value errors (training split only)")
    parser.add_argument("--skip-check", action="store_true", help="score the training split only")
    parser.add_argument("--categories", action="store_true", help="count the training split's errors by kind")
    parser.add_argument("--folds", type=int, default=0, help="score the training split in this many folds")
    args = parser.parse_args()

    gold = args.shared / "corpus" / "timex" / "te3_train.jsonl"
    scorer = args.shared / "tools" / "score_timex.py"
    documents = load_documents(gold)
    splits = {"training": [d for d in documents if not is_check_document(d["doc_id"])]}
    if not args.skip_check:
        splits["check"] = [d for d in documents if is_check_document(d["doc_id"])]
    args.out.mkdir(parents=True, exist_ok=True)
    for name, split in splits.items():
        system = args.out / f"system_{name}.jsonl"
        rows = system_output(split)
        write_jsonl(rows, system)
        print(f"== {name} split: {len(split)} documents ({system})")
        print(score(scorer, gold, system, args.errors if name == "training" else 0))
        if args.categories and name == "training":
            counts = error_categories(split, rows, load_scorer(scorer).match_doc)
            print("errors by kind: " + ", ".join(f"{kind} {n}" for kind, n in counts.most_common()) + "\n")
        if args.folds and name == "training":
            print("\n".join(fold_scores(split, rows, load_scorer(scorer), args.folds)) + "\n")
    docs_per_s, chars_per_s = speed(documents, args.runs)
    print(f"speed: {docs_per_s:.0f} docs/s, {chars_per_s / 1000:.0f} k chars/s (CPU time, median of {args.runs} runs over {len(documents)} documents)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
