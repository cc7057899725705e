"""Score the project's people and organisations against the hand-annotated gold set.

    python bench/score_entities_gold.py            # table: overall and per cable
    python bench/score_entities_gold.py --json     # one JSON object
    python bench/score_entities_gold.py --system out.jsonl   # score a saved parse output

Runs `python -m cable_core parse --format jsonl tests/gold/entities/*.txt` (unless --system is
given) and compares each cable's `entities` ({id, name, kind, title, mentions}) with
`tests/gold/entities/entities.jsonl` (annotation rules: tests/gold/entities/GUIDELINES.md).

People: a gold person is found when some system entity of kind "person" has a name containing
the gold surname (case-insensitive; accents, spaces, hyphens and apostrophes ignored). A system
person is correct when its name contains the surname of some gold person of the cable.
Precision = correct system persons / system persons; recall = found gold persons / gold persons.

Organisations: a system entity of kind "organization" matches a gold organisation when its name,
or the text of one of its mentions, equals the gold name or one of its aliases (same
normalisation). Precision = matched system organisations / system organisations; recall =
matched gold organisations / gold organisations.

Both are micro-averaged over the cables. Target for people: precision and recall >= 0.9.
If the parse command fails or is not there yet, the script reports it and scores an empty output.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from score_events_gold import index_system, parse_jsonl, run_parse  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent
GOLD_FILE = PROJECT / "tests" / "gold" / "entities" / "entities.jsonl"
TARGET = 0.9


def load_gold(path: Path = GOLD_FILE) -> dict[str, dict]:
    gold = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            gold[row["ref_id"]] = row
    return gold


def norm(text) -> str:
    """Case-fold, strip accents, keep letters and digits only."""
    text = unicodedata.normalize("NFKD", str(text or ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]+", "", text.casefold())


def prf(found_gold: int, n_gold: int, correct_sys: int, n_sys: int) -> dict:
    p = correct_sys / n_sys if n_sys else 0.0
    r = found_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "gold": n_gold, "gold_found": found_gold, "system": n_sys, "system_correct": correct_sys}


def entity_texts(entity: dict) -> set[str]:
    texts = {norm(entity.get("name"))}
    for m in entity.get("mentions") or []:
        if isinstance(m, dict):
            texts.add(norm(m.get("text")))
    texts.discard("")
    return texts


def score_people(gold_people: list[dict], sys_people: list[dict]) -> tuple[dict, list[str], list[str]]:
    surnames = [norm(p["surname"]) for p in gold_people]
    names = [norm(e.get("name")) for e in sys_people]
    found = [any(s and s in n for n in names) for s in surnames]
    correct = [any(s and s in n for s in surnames) for n in names]
    missed = [p["name"] for p, ok in zip(gold_people, found) if not ok]
    spurious = [str(e.get("name")) for e, ok in zip(sys_people, correct) if not ok]
    return prf(sum(found), len(gold_people), sum(correct), len(sys_people)), missed, spurious


def score_orgs(gold_orgs: list[dict], sys_orgs: list[dict]) -> tuple[dict, list[str], list[str]]:
    gold_forms = [{norm(o["name"]), *(norm(a) for a in o.get("aliases") or [])} - {""} for o in gold_orgs]
    sys_forms = [entity_texts(e) for e in sys_orgs]
    found = [any(g & s for s in sys_forms) for g in gold_forms]
    correct = [any(g & s for g in gold_forms) for s in sys_forms]
    missed = [o["name"] for o, ok in zip(gold_orgs, found) if not ok]
    spurious = [str(e.get("name")) for e, ok in zip(sys_orgs, correct) if not ok]
    return prf(sum(found), len(gold_orgs), sum(correct), len(sys_orgs)), missed, spurious


def total(entries: list[dict]) -> dict:
    keys = ("gold_found", "gold", "system_correct", "system")
    sums = {k: sum(e[k] for e in entries) for k in keys}
    return prf(sums["gold_found"], sums["gold"], sums["system_correct"], sums["system"])


def score(gold: dict[str, dict], cables: list[dict]) -> dict:
    system = index_system(cables, set(gold))
    per_cable = {}
    for ref_id, row in gold.items():
        cable = system.get(ref_id)
        entities = [e for e in (cable or {}).get("entities") or [] if isinstance(e, dict)]
        people = [e for e in entities if e.get("kind") == "person"]
        orgs = [e for e in entities if e.get("kind") == "organization"]
        p, p_missed, p_spur = score_people(row["people"], people)
        o, o_missed, o_spur = score_orgs(row["organizations"], orgs)
        per_cable[ref_id] = {"parsed": cable is not None, "people": p, "organizations": o,
                             "people_missed": p_missed, "people_spurious": p_spur,
                             "organizations_missed": o_missed, "organizations_spurious": o_spur}
    people = total([e["people"] for e in per_cable.values()])
    orgs = total([e["organizations"] for e in per_cable.values()])
    overall = {"people": people, "organizations": orgs, "cables": len(gold),
               "cables_parsed": sum(1 for e in per_cable.values() if e["parsed"]),
               "meets_target": people["precision"] >= TARGET and people["recall"] >= TARGET}
    return {"overall": overall, "per_cable": per_cable, "target": {"people_precision": TARGET,
                                                                    "people_recall": TARGET}}


def print_table(result: dict, verbose: bool) -> None:
    print(f"{'cable':<20} {'people g/s/ok':>14} {'P':>6} {'R':>6}   {'orgs g/s/ok':>12} {'P':>6} {'R':>6}")

    def row(name, p, o, flag=""):
        print(f"{name:<20} {p['gold']:>4}/{p['system']:>3}/{p['gold_found']:>3}  {p['precision']:>6.3f} "
              f"{p['recall']:>6.3f}   {o['gold']:>3}/{o['system']:>3}/{o['gold_found']:>3}  "
              f"{o['precision']:>6.3f} {o['recall']:>6.3f}{flag}")

    for ref_id, e in sorted(result["per_cable"].items()):
        row(ref_id, e["people"], e["organizations"], "" if e["parsed"] else "  (not in output)")
        if verbose:
            for key in ("people_missed", "people_spurious", "organizations_missed", "organizations_spurious"):
                if e[key]:
                    print(f"    {key}: {', '.join(e[key])}")
    o = result["overall"]
    row("OVERALL", o["people"], o["organizations"])
    print(f"F1 people {o['people']['f1']:.3f}, organisations {o['organizations']['f1']:.3f}; "
          f"cables parsed {o['cables_parsed']}/{o['cables']}; target people P,R>={TARGET}: "
          f"{'met' if o['meets_target'] else 'not met'}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--system", type=Path, help="score this saved parse output (JSONL) instead of running the CLI")
    ap.add_argument("--gold", type=Path, default=GOLD_FILE)
    ap.add_argument("-v", "--verbose", action="store_true", help="list missed and spurious names")
    args = ap.parse_args(argv)

    gold = load_gold(args.gold)
    error = None
    if args.system:
        cables = parse_jsonl(args.system.read_text(encoding="utf-8"))
    else:
        cables, error = run_parse(sorted(args.gold.parent.glob("*.txt")))
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
