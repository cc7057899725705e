"""TempEval-3 benchmark of the temporal tagger: scores and speed.

Writes the tagger's output for the check split (documents whose id hashes to 0–3, never used
for tuning) and for the training split (the rest) in the scorer's format, scores each with
`../shared/tools/score_timex.py --only-system-docs`, and times the tagger.

    python bench/bench_timex.py [--shared ../shared] [--out /tmp/timex_bench] [--runs 5] [--errors N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
import time
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
        write_jsonl(system_output(split), system)
        print(f"== {name} split: {len(split)} documents ({system})")
        print(score(scorer, gold, system, args.errors if name == "training" else 0))
    docs_per_s, chars_per_s = speed(documents, args.runs)
    print(f"speed: {docs_per_s:.0f} docs/s, {chars_per_s / 1000:.0f} k chars/s (CPU time, median of {args.runs} runs over {len(documents)} documents)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
