"""Score the project's dated events against the hand-annotated gold set.

    python bench/score_events_gold.py            # table: overall and per cable
    python bench/score_events_gold.py --json     # one JSON object
    python bench/score_events_gold.py --system out.jsonl   # score a saved parse output

Runs `python -m cable_core parse --format jsonl tests/gold/events/*.txt` (unless --system is
given) and matches, cable by cable, the system's events to the gold events of
`tests/gold/events/events.jsonl` (annotation rules: tests/gold/events/GUIDELINES.md).

A system event matches a gold event when
  * the values are equal (case-insensitive, after dropping a time-of-day part: a system value
    `1988-03-10T13:30` equals the gold `1988-03-10`; gold event values stop at the day), and
  * one of the gold event's paragraphs is among the system event's `paragraphs` (gold paragraph 0,
    unnumbered body text, also matches a system paragraph of null).
Each system event matches at most one gold event and vice versa (maximum bipartite matching).
The header events (kind "cable" and "declassification") are ignored. Precision = matched /
system events, recall = matched / gold events, micro-averaged over the cables. Targets: precision
>= 0.9, recall >= 0.85.

On the matched pairs it also reports what the timeline shows of each event: the share whose kind
agrees with the gold kind, and how close the title is to the annotator's (mean ROUGE-1 and ROUGE-L
F1 of the words, as bench/bench_digest.py computes them; a title is a phrase, so these compare
its words, not its wording).

If the parse command fails or is not there yet, the script reports the error and scores an empty
output (precision and recall 0), it does not crash.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from bench_digest import rouge

PROJECT = Path(__file__).resolve().parent.parent
GOLD_DIR = PROJECT / "tests" / "gold" / "events"
GOLD_FILE = GOLD_DIR / "events.jsonl"
HEADER_KINDS = {"cable", "declassification"}
TARGET_P, TARGET_R = 0.9, 0.85


def load_gold(path: Path = GOLD_FILE) -> dict[str, dict]:
    gold = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            gold[row["ref_id"]] = row
    return gold


def run_parse(files: list[Path], timeout: float = 600) -> tuple[list[dict], str | None]:
    """Run the project's CLI; return (cables, error message or None)."""
    cmd = [sys.executable, "-m", "cable_core", "parse", "--format", "jsonl", *map(str, files)]
    try:
        proc = subprocess.run(cmd, cwd=PROJECT, capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [], f"parse command failed: {exc}"
    cables = parse_jsonl(proc.stdout)
    error = None
    if proc.returncode != 0:
        tail = (proc.stderr or "").strip().splitlines()[-3:]
        error = f"parse exited with {proc.returncode}: " + " | ".join(tail)
    return cables, error


def parse_jsonl(text: str) -> list[dict]:
    cables = []
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(obj, dict):
            cables.append(obj)
    return cables


def index_system(cables: list[dict], gold_ids) -> dict[str, dict]:
    by_id: dict[str, dict] = {}
    for cable in cables:
        source = cable.get("source") or {}
        path = source.get("path") if isinstance(source, dict) else None
        candidates = [cable.get("ref_id"), Path(path).stem if path else None]
        for key in candidates:
            if key in gold_ids and key not in by_id:
                by_id[key] = cable
                break
    return by_id


def norm_value(value) -> str:
    text = str(value or "").strip().upper()
    return text.split("T", 1)[0] if len(text) > 10 and text[10:11] == "T" else text


def system_paragraphs(event: dict) -> set:
    paras = event.get("paragraphs")
    if paras is None:
        paras = [m.get("paragraph") for m in event.get("mentions") or [] if isinstance(m, dict)]
    out = set()
    for p in paras or []:
        out.add(0 if p is None else p)
    return out


def gold_paragraphs(event: dict) -> set:
    paras = event.get("paragraphs")
    if not paras:
        paras = [event.get("paragraph")]
    return {0 if p is None else p for p in paras}


def is_match(gold_event: dict, sys_event: dict) -> bool:
    if norm_value(gold_event.get("value")) != norm_value(sys_event.get("value")):
        return False
    return bool(gold_paragraphs(gold_event) & system_paragraphs(sys_event))


def max_matching(gold_events: list[dict], sys_events: list[dict]) -> list[tuple[int, int]]:
    """Maximum bipartite matching (augmenting paths); returns (gold index, system index) pairs."""
    edges = [[j for j, s in enumerate(sys_events) if is_match(g, s)] for g in gold_events]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(gold_events)):
        augment(i, set())
    return sorted((i, j) for j, i in owner.items())


def prf(tp: int, n_sys: int, n_gold: int) -> dict:
    p = tp / n_sys if n_sys else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "matched": tp, "system": n_sys, "gold": n_gold}


def score(gold: dict[str, dict], cables: list[dict]) -> dict:
    system = index_system(cables, set(gold))
    per_cable = {}
    tp_all = sys_all = gold_all = 0
    mod_agree = mod_total = 0
    kinds_agree = 0
    title_rouge: list[tuple[float, float]] = []
    for ref_id, row in gold.items():
        gold_events = row["events"]
        cable = system.get(ref_id)
        sys_events = [] if cable is None else [
            e for e in cable.get("events") or []
            if isinstance(e, dict) and e.get("kind") not in HEADER_KINDS]
        pairs = max_matching(gold_events, sys_events)
        for i, j in pairs:
            mod_total += 1
            mod_agree += (gold_events[i].get("mod") or None) == (sys_events[j].get("mod") or None)
            kinds_agree += gold_events[i].get("kind") == sys_events[j].get("kind")
            r1, _, rl = rouge(sys_events[j].get("title") or "", gold_events[i].get("title") or "")
            title_rouge.append((r1, rl))
        matched_sys = {j for _, j in pairs}
        matched_gold = {i for i, _ in pairs}
        entry = prf(len(pairs), len(sys_events), len(gold_events))
        entry["parsed"] = cable is not None
        entry["missed"] = [f"{gold_events[i]['value']} ¶{gold_events[i]['paragraph']} {gold_events[i]['title']}"
                           for i in range(len(gold_events)) if i not in matched_gold]
        entry["spurious"] = [f"{sys_events[j].get('value')} ¶{sorted(system_paragraphs(sys_events[j]), key=str)} "
                             f"{sys_events[j].get('title', '')}"
                             for j in range(len(sys_events)) if j not in matched_sys]
        per_cable[ref_id] = entry
        tp_all += len(pairs)
        sys_all += len(sys_events)
        gold_all += len(gold_events)
    overall = prf(tp_all, sys_all, gold_all)
    overall["mod_accuracy_on_matched"] = round(mod_agree / mod_total, 4) if mod_total else None
    overall["kind_accuracy_on_matched"] = round(kinds_agree / mod_total, 4) if mod_total else None
    overall["title_rouge1_on_matched"] = round(sum(r[0] for r in title_rouge) / len(title_rouge), 4) if title_rouge else None
    overall["title_rougeL_on_matched"] = round(sum(r[1] for r in title_rouge) / len(title_rouge), 4) if title_rouge else None
    overall["cables"] = len(gold)
    overall["cables_parsed"] = sum(1 for e in per_cable.values() if e["parsed"])
    overall["meets_target"] = overall["precision"] >= TARGET_P and overall["recall"] >= TARGET_R
    return {"overall": overall, "per_cable": per_cable,
            "target": {"precision": TARGET_P, "recall": TARGET_R}}


def print_table(result: dict, verbose: bool) -> None:
    o = result["overall"]
    print(f"{'cable':<20} {'gold':>4} {'sys':>4} {'ok':>4} {'P':>6} {'R':>6} {'F1':>6}")
    for ref_id, e in sorted(result["per_cable"].items()):
        flag = "" if e["parsed"] else "  (not in output)"
        print(f"{ref_id:<20} {e['gold']:>4} {e['system']:>4} {e['matched']:>4} "
              f"{e['precision']:>6.3f} {e['recall']:>6.3f} {e['f1']:>6.3f}{flag}")
        if verbose:
            for m in e["missed"]:
                print(f"    missed   {m}")
            for s in e["spurious"]:
                print(f"    spurious {s}")
    print(f"{'OVERALL':<20} {o['gold']:>4} {o['system']:>4} {o['matched']:>4} "
          f"{o['precision']:>6.3f} {o['recall']:>6.3f} {o['f1']:>6.3f}")
    print(f"cables parsed: {o['cables_parsed']}/{o['cables']}; mod accuracy on matched: "
          f"{o['mod_accuracy_on_matched']}; target P>={TARGET_P} R>={TARGET_R}: "
          f"{'met' if o['meets_target'] else 'not met'}")
    print(f"on matched events: kind accuracy {o['kind_accuracy_on_matched']}; title ROUGE-1 F1 "
          f"{o['title_rouge1_on_matched']}, ROUGE-L F1 {o['title_rougeL_on_matched']} (against the annotators' titles)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--system", type=Path, help="score this saved parse output (JSONL) instead of running the CLI")
    ap.add_argument("--gold", type=Path, default=GOLD_FILE)
    ap.add_argument("-v", "--verbose", action="store_true", help="list missed and spurious events")
    args = ap.parse_args(argv)

    gold = load_gold(args.gold)
    error = None
    if args.system:
        cables = parse_jsonl(args.system.read_text(encoding="utf-8"))
    else:
        files = sorted(args.gold.parent.glob("*.txt"))
        cables, error = run_parse(files)
    result = score(gold, cables)
    if error:
        result["error"] = error
        print(f"warning: {error}", file=sys.stderr)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print_table(result, args.verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
