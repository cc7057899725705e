"""The hand-annotated gold sets (tests/gold/events, tests/gold/entities) are complete and well-formed.

These tests fail when a gold file is damaged: a cable text missing or truncated, a row that is not
valid JSON or lacks a field, a date value that is not a TIMEX3 date, a paragraph number that the
cable does not have, an expression or a name that does not occur in its cable, too few cables or
decades. They also check the scorers' matching logic on a tiny fake system output.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
GOLD = PROJECT / "tests" / "gold"
EVENTS_DIR = GOLD / "events"
ENTITIES_DIR = GOLD / "entities"

PRECISIONS = {"minute", "day", "week", "month", "season", "quarter", "half", "year", "decade", "century"}
MODS = {None, "START", "MID", "END", "APPROX", "BEFORE", "AFTER"}
KINDS = {"meeting", "statement", "travel", "decision", "deadline", "election", "agreement", "release", "other"}
# TIMEX3 calendar values, with the precision each shape implies.
VALUE_SHAPES = [
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), {"day"}),
    (re.compile(r"^\d{4}-W\d{2}$"), {"week"}),
    (re.compile(r"^\d{4}-\d{2}$"), {"month"}),
    (re.compile(r"^\d{4}-(SP|SU|FA|WI)$"), {"season"}),
    (re.compile(r"^\d{4}-Q[1-4]$"), {"quarter"}),
    (re.compile(r"^\d{4}-H[12]$"), {"half"}),
    (re.compile(r"^\d{4}$"), {"year"}),
    (re.compile(r"^\d{3}$"), {"decade"}),
    (re.compile(r"^\d{2}$"), {"century"}),
]
PARA_RE = re.compile(r"^[ \t]*(?:¶\s*)?(\d{1,2})\.(?=\s)", re.M)
CLASS_LINE_RE = re.compile(
    r"^\s*(UNCLAS|C O N F I D E N T I A L|S E C R E T|UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)",
    re.M)


def load_jsonl(path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:  # pragma: no cover - reported as a failure
            pytest.fail(f"{path.name} line {n} is not JSON: {exc}")
    return rows


def text_of(directory: Path, ref_id: str) -> str:
    return (directory / f"{ref_id}.txt").read_text(encoding="utf-8")


def paragraph_numbers(text: str) -> set[int]:
    """Numbered paragraphs: `¶1.`, `1.` at a line start, and the `15.` that stands for a `¶5.` whose
    sign was lost (numbers above the running count that end in the expected digit)."""
    numbers: set[int] = set()
    expected = 1
    for m in PARA_RE.finditer(text):
        n = int(m.group(1))
        if n == expected or (n >= 10 and n % 10 == expected and n // 10 == 1 and expected < 10):
            numbers.add(expected)
            expected += 1
        elif n > expected:
            numbers.add(n)
            expected = n + 1
    return numbers


def squash(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = text.replace("¶", "")
    return re.sub(r"[^0-9a-z]+", "", text.casefold())


def value_to_date(value: str) -> date | None:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return date.fromisoformat(value)
    return None


# --------------------------------------------------------------------------------------------
# events


@pytest.fixture(scope="module")
def events_rows() -> list[dict]:
    return load_jsonl(EVENTS_DIR / "events.jsonl")


def test_events_guidelines_exist():
    text = (EVENTS_DIR / "GUIDELINES.md").read_text(encoding="utf-8")
    assert len(text) > 2000 and "precision" in text and "paragraph" in text


def test_events_count_and_files(events_rows):
    ids = [r["ref_id"] for r in events_rows]
    assert len(ids) >= 30
    assert len(set(ids)) == len(ids), "duplicate ref_id rows"
    on_disk = {p.stem for p in EVENTS_DIR.glob("*.txt")}
    assert set(ids) == on_disk, f"rows without text: {set(ids) - on_disk}; texts without row: {on_disk - set(ids)}"
    for ref_id in ids:
        text = text_of(EVENTS_DIR, ref_id)
        assert len(text) > 400 and CLASS_LINE_RE.search(text), f"{ref_id}.txt is truncated or has no body"
        assert "<a " not in text and "&#x000A;" not in text, f"{ref_id}.txt still contains HTML"


def test_events_cover_decades_and_seed(events_rows):
    decades = {r["dct"][:3] for r in events_rows}
    assert len(decades) >= 3, decades
    assert "197" in decades, "the 1970s PlusD cable is part of the set"
    origins = {re.sub(r"^\d+", "", r["ref_id"]).rstrip("0123456789") for r in events_rows}
    assert len(origins) >= 15
    assert "06ASTANA280" in {r["ref_id"] for r in events_rows}


@pytest.mark.parametrize("field", ["ref_id", "dct", "events"])
def test_events_rows_have_fields(events_rows, field):
    for row in events_rows:
        assert field in row, (row.get("ref_id"), field)


def test_events_values_and_fields(events_rows):
    for row in events_rows:
        ref = row["ref_id"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", row["dct"]), ref
        dct = date.fromisoformat(row["dct"][:10])
        assert row["events"], f"{ref} has no events"
        for ev in row["events"]:
            where = f"{ref} {ev.get('value')}"
            assert set(ev) >= {"value", "precision", "mod", "paragraph", "expression", "title"}, where
            shapes = [prec for rx, prec in VALUE_SHAPES if rx.match(ev["value"])]
            assert shapes, f"{where}: not a TIMEX3 date value"
            assert ev["precision"] in PRECISIONS and ev["precision"] in shapes[0], where
            if ev["precision"] == "day":
                value_to_date(ev["value"])  # raises on 2006-02-30
            assert ev["mod"] in MODS, where
            assert ev.get("kind", "other") in KINDS, where
            assert isinstance(ev["title"], str) and 3 <= len(ev["title"]) <= 120, where
            if "end" in ev:
                assert value_to_date(ev["end"]) and value_to_date(ev["end"]) > value_to_date(ev["value"]), where
            year = int(ev["value"][:4]) if len(ev["value"]) >= 4 else None
            if year:
                assert 1900 <= year <= dct.year + 10, where


def test_events_paragraphs_exist(events_rows):
    for row in events_rows:
        text = text_of(EVENTS_DIR, row["ref_id"])
        numbers = paragraph_numbers(text)
        for ev in row["events"]:
            paras = ev.get("paragraphs") or [ev["paragraph"]]
            assert ev["paragraph"] in paras
            for p in paras:
                if p == 0:
                    continue  # unnumbered body text
                assert p in numbers, f"{row['ref_id']}: paragraph {p} not in {sorted(numbers)}"


def test_events_expressions_occur_in_text(events_rows):
    for row in events_rows:
        text = squash(text_of(EVENTS_DIR, row["ref_id"]))
        for ev in row["events"]:
            assert squash(ev["expression"]) in text, f"{row['ref_id']}: {ev['expression']!r}"


def test_events_dct_matches_header(events_rows):
    months = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split()
    for row in events_rows:
        text = text_of(EVENTS_DIR, row["ref_id"])
        m = re.search(r"^[A-Z]{1,2}(?: [A-Z])? (\d{2})(\d{2})(\d{2}) ?Z ([A-Z]{3}) (\d{2})\b", text, re.M)
        if not m:
            continue  # partial extract without a date-time group
        day, hh, mm, mon, yy = m.groups()
        year = 1900 + int(yy) if int(yy) >= 70 else 2000 + int(yy)
        assert row["dct"] == f"{year}-{months.index(mon) + 1:02d}-{day}T{hh}:{mm}", row["ref_id"]


def test_events_seed_cable(events_rows):
    seed = next(r for r in events_rows if r["ref_id"] == "06ASTANA280")
    got = {(e["value"], e["mod"]) for e in seed["events"]}
    for expected in [("2006-10-04", None), ("2006-10-23", None), ("2006-10-26", None), ("2006-10-27", None),
                     ("2006-12", None), ("2007", None), ("2007", "START"), ("2009", None), ("2011", None)]:
        assert expected in got, expected
    assert not any(e["value"].startswith(("2005", "2007-10")) for e in seed["events"])
    assert sum(e["value"] == "2006-12" for e in seed["events"]) == 2


# --------------------------------------------------------------------------------------------
# entities


@pytest.fixture(scope="module")
def entity_rows() -> list[dict]:
    return load_jsonl(ENTITIES_DIR / "entities.jsonl")


def test_entities_guidelines_exist():
    text = (ENTITIES_DIR / "GUIDELINES.md").read_text(encoding="utf-8")
    assert len(text) > 1500 and "surname" in text and "Classified By" in text


def test_entities_count_and_files(entity_rows):
    ids = [r["ref_id"] for r in entity_rows]
    assert len(ids) >= 25 and len(set(ids)) == len(ids)
    on_disk = {p.stem for p in ENTITIES_DIR.glob("*.txt")}
    assert set(ids) == on_disk
    years = {r[:2] if r[:2] != "19" else r[2:4] for r in ids}
    assert len(years) >= 10
    for ref_id in ids:
        text = text_of(ENTITIES_DIR, ref_id)
        assert len(text) > 400 and CLASS_LINE_RE.search(text), ref_id


def test_entities_people(entity_rows):
    for row in entity_rows:
        ref = row["ref_id"]
        text = text_of(ENTITIES_DIR, ref)
        flat = squash(text)
        numbers = paragraph_numbers(text)
        assert row["people"], ref
        surnames = [squash(p["surname"]) for p in row["people"]]
        assert len(set(surnames)) == len(surnames), f"{ref}: a person is listed twice"
        for person in row["people"]:
            assert set(person) >= {"name", "surname", "title", "paragraphs"}, ref
            assert person["surname"] and squash(person["surname"]) in squash(person["name"]) or \
                person.get("role") == "addressee", (ref, person["name"])
            assert squash(person["surname"]) in flat, f"{ref}: {person['surname']} not in the text"
            assert person["title"] is None or isinstance(person["title"], str)
            for p in person["paragraphs"]:
                assert p == 0 or p in numbers, f"{ref}: {person['name']} ¶{p} not in {sorted(numbers)}"


def test_entities_organizations(entity_rows):
    for row in entity_rows:
        ref = row["ref_id"]
        text = text_of(ENTITIES_DIR, ref)
        flat = squash(text)
        for org in row["organizations"]:
            assert set(org) >= {"name", "aliases"} and isinstance(org["aliases"], list), ref
            forms = [org["name"], *org["aliases"]]
            assert any(squash(f) in flat for f in forms), f"{ref}: {org['name']} not in the text"


def test_entities_seed_cable(entity_rows):
    seed = next(r for r in entity_rows if r["ref_id"] == "06ASTANA280")
    surnames = {p["surname"] for p in seed["people"]}
    assert {"Tokayev", "Ordway", "Aliyev", "Nazarbayev", "de Gucht", "Milas"} <= surnames
    gok = next(o for o in seed["organizations"] if "GOK" in o["aliases"])
    assert gok["name"] == "Government of Kazakhstan"


# --------------------------------------------------------------------------------------------
# scorers, on a tiny fake system output


@pytest.fixture(scope="module")
def scorers():
    sys.path.insert(0, str(PROJECT / "bench"))
    import score_entities_gold
    import score_events_gold
    return score_events_gold, score_entities_gold


def test_event_scorer_matching(scorers):
    ev, _ = scorers
    gold = {"X1": {"ref_id": "X1", "dct": "2006-10-24T07:34", "events": [
        {"value": "2006-10-23", "precision": "day", "mod": None, "paragraph": 1, "paragraphs": [1],
         "expression": "October 23", "title": "meeting"},
        {"value": "2006-12", "precision": "month", "mod": None, "paragraph": 1, "paragraphs": [1, 6],
         "expression": "December", "title": "ministerial"},
        {"value": "2006-12", "precision": "month", "mod": None, "paragraph": 4, "paragraphs": [4],
         "expression": "December", "title": "appeal"},
        {"value": "2007-08-20", "precision": "day", "mod": None, "paragraph": 0, "paragraphs": [0],
         "expression": "August 20", "title": "call"},
    ]}}
    system = [{"ref_id": "X1", "events": [
        {"value": "2006-10-24T07:34", "kind": "cable", "paragraphs": []},
        {"value": "2006-10-23T10:00", "kind": "meeting", "paragraphs": [1]},   # time part ignored
        {"value": "2006-12", "kind": "meeting", "paragraphs": [6]},            # any gold paragraph
        {"value": "2006-12", "kind": "statement", "paragraphs": [6]},          # duplicate: spurious
        {"value": "2007-08-20", "kind": "meeting", "paragraphs": [None]},      # unnumbered = 0
        {"value": "2005", "kind": "other", "paragraphs": [2]},                 # wrong
    ]}]
    result = ev.score(gold, system)["overall"]
    assert (result["matched"], result["system"], result["gold"]) == (3, 5, 4)
    assert result["precision"] == 0.6 and result["recall"] == 0.75
    empty = ev.score(gold, [])["overall"]
    assert empty["precision"] == 0 and empty["recall"] == 0 and empty["cables_parsed"] == 0
    # a cable found by its file name when the parser gives no ref_id
    by_path = ev.score(gold, [{"ref_id": None, "source": {"path": "tests/gold/events/X1.txt"},
                               "events": system[0]["events"]}])["overall"]
    assert by_path["matched"] == 3


def test_entity_scorer_matching(scorers):
    _, en = scorers
    gold = {"X1": {"ref_id": "X1", "people": [
        {"name": "Tokayev", "surname": "Tokayev", "title": "Foreign Minister", "paragraphs": [1]},
        {"name": "Karel de Gucht", "surname": "de Gucht", "title": None, "paragraphs": [7]},
        {"name": "Kevin Milas", "surname": "Milas", "title": "DCM", "paragraphs": []},
    ], "organizations": [
        {"name": "Government of Kazakhstan", "aliases": ["GOK"]},
        {"name": "OSCE", "aliases": []},
    ]}}
    system = [{"ref_id": "X1", "entities": [
        {"id": "p1", "name": "Kassym-Jomart TOKAYEV", "kind": "person", "mentions": []},
        {"id": "p2", "name": "Karel De-Gucht", "kind": "person", "mentions": []},
        {"id": "p3", "name": "Summary", "kind": "person", "mentions": []},
        {"id": "o1", "name": "Kazakhstan Government", "kind": "organization",
         "mentions": [{"paragraph": 1, "text": "GOK"}]},
        {"id": "o2", "name": "NATO", "kind": "organization", "mentions": []},
        {"id": "x1", "name": "Vienna", "kind": "place", "mentions": []},
    ]}]
    o = en.score(gold, system)["overall"]
    assert (o["people"]["gold_found"], o["people"]["system_correct"], o["people"]["system"]) == (2, 2, 3)
    assert (o["organizations"]["gold_found"], o["organizations"]["system_correct"]) == (1, 1)
    assert o["organizations"]["precision"] == 0.5 and o["organizations"]["recall"] == 0.5
    assert en.score(gold, [])["overall"]["people"]["recall"] == 0
