"""The store's ingest (issue 6) on a small generated corpus: counts equal the input, re-ingest adds
nothing, overlapping input adds only the new cables, an interrupted ingest resumes without
duplicates or loss, the store answers like the in-memory corpus, and full-text search ranks."""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zlib
from pathlib import Path

from collections import Counter

import numpy as np
import pytest

from cable_core.corpus import Filters, MemoryCorpus
from cable_core.models import Cable, ParseFailure
from cable_core.pipeline import parse_paths
from cable_core.store import open_store
from cable_core.store.ingest import IngestInterrupted, Writer, cable_rows, ingest
from cable_core.store import queries
from cable_core.store.queries import _pair_counts
from cable_core.store.schema import connect, unpack_json

PROJECT = Path(__file__).resolve().parent.parent
SEED = PROJECT / "sample_cables" / "06ASTANA280.txt"
BASE_CSV = PROJECT / "sample_cables" / "cables.csv"


def _generator():
    spec = importlib.util.spec_from_file_location("make_synthetic_release",
                                                  PROJECT / "bench" / "make_synthetic_release.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_synthetic_release", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gen():
    return _generator()


@pytest.fixture(scope="module")
def base(gen):
    rows = list(gen.csv_rows(BASE_CSV))
    assert len(rows) >= 10
    return rows


def write_csv(gen, base, path: Path, start: int, stop: int) -> Path:
    """Rows start..stop of the synthetic sequence (copies of the project's sample rows)."""
    with path.open("w", encoding="utf-8") as handle:
        for i, (row, _) in enumerate(gen.synthetic_rows(stop, base=base)):
            if i >= start:
                handle.write(gen.format_row(i + 1, row))
    return path


def store_counts(store: Path) -> dict[str, int]:
    db = sqlite3.connect(store)
    try:
        out = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
               for t in ("cables", "paragraphs", "events", "entities", "quotes", "cable_json", "failures")}
        out["distinct_hashes"] = db.execute("SELECT count(DISTINCT content_hash) FROM cables").fetchone()[0]
        out["distinct_keys"] = db.execute("SELECT count(DISTINCT key) FROM cables").fetchone()[0]
        out["fts"] = db.execute("SELECT count(*) FROM cable_fts WHERE cable_fts MATCH 'the OR of'").fetchone()[0]
        return out
    finally:
        db.close()


def expected_counts(paths: list[Path]) -> dict[str, int]:
    cables = [r for r in parse_paths(paths) if isinstance(r, Cable)]
    unique = {c.content_hash: c for c in cables}.values()
    return {"cables": len(unique), "paragraphs": sum(len(c.paragraphs) for c in unique),
            "events": sum(len(c.events) for c in unique), "entities": sum(len(c.entities) for c in unique),
            "quotes": sum(len(c.quotes) for c in unique)}


@pytest.fixture(scope="module")
def corpus_files(gen, base, tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    full = write_csv(gen, base, root / "cables.csv", 0, 36)
    return {"full": full, "seed": SEED, "expected": expected_counts([full, SEED])}


def test_generated_rows_are_unique_cables(gen, base, tmp_path):
    path = write_csv(gen, base, tmp_path / "c.csv", 0, 3 * len(base))
    results = list(parse_paths([path], enrich=False))
    cables = [r for r in results if isinstance(r, Cable)]
    assert len(results) == len(cables) == 3 * len(base)
    assert len({c.ref_id for c in cables}) == len(cables)
    assert len({c.content_hash for c in cables}) == len(cables)


def test_counts_equal_input_and_reingest_adds_nothing(corpus_files, tmp_path):
    store = tmp_path / "s.db"
    paths = [corpus_files["full"], corpus_files["seed"]]
    report = ingest(paths, store, workers=2, chunk_size=8, progress=False)
    expected = corpus_files["expected"]
    assert expected["cables"] == 37
    assert report.added == 37 and not report.failures
    counts = store_counts(store)
    for table in ("cables", "paragraphs", "events", "entities", "quotes"):
        assert counts[table] == expected[table], table
    assert counts["cable_json"] == counts["distinct_hashes"] == counts["distinct_keys"] == 37
    again = ingest(paths, store, workers=2, chunk_size=8, progress=False)
    assert again.added == 0 and again.skipped == 37
    assert store_counts(store) == counts


def test_overlapping_input_adds_only_new(gen, base, corpus_files, tmp_path):
    store = tmp_path / "s.db"
    first = write_csv(gen, base, tmp_path / "a.csv", 0, 24)
    second = write_csv(gen, base, tmp_path / "b.csv", 12, 36)
    assert ingest([first], store, workers=1, progress=False).added == 24
    report = ingest([second, SEED], store, workers=2, progress=False)
    assert report.added == 13 and report.skipped == 12
    counts = store_counts(store)
    expected = corpus_files["expected"]
    assert counts["cables"] == counts["distinct_hashes"] == expected["cables"]
    assert counts["paragraphs"] == expected["paragraphs"]


def test_interrupted_ingest_resumes_without_duplicates_or_loss(corpus_files, tmp_path):
    store = tmp_path / "s.db"
    paths = [corpus_files["full"], corpus_files["seed"]]
    with pytest.raises(IngestInterrupted):
        # batches of two chunks of five cables: three batches are 30 cables
        ingest(paths, store, workers=2, chunk_size=5, batch_size=10, progress=False, fail_after_batches=3)
    partial = store_counts(store)
    assert partial["cables"] == 30  # three whole batches committed, nothing of the rest
    assert partial["cable_json"] == 30
    report = ingest(paths, store, workers=2, chunk_size=5, progress=False)
    assert report.added == 7 and report.skipped == 30
    counts = store_counts(store)
    expected = corpus_files["expected"]
    assert counts["cables"] == counts["distinct_hashes"] == counts["distinct_keys"] == expected["cables"]
    for table in ("paragraphs", "events", "entities", "quotes"):
        assert counts[table] == expected[table], table


def test_killed_ingest_process_resumes(corpus_files, tmp_path):
    """A real kill (SIGKILL, no cleanup) in the middle of the command-line ingest."""
    store = tmp_path / "s.db"
    paths = [str(corpus_files["full"]), str(corpus_files["seed"])]
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    proc = subprocess.Popen([sys.executable, "-m", "cable_core", "ingest", *paths, "--store", str(store),
                             "--workers", "1"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.time() + 120
    seen = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if store.exists():
            try:
                seen = store_counts(store)["cables"]
            except sqlite3.Error:
                continue
            if seen >= 1:
                break
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert seen >= 1
    report = ingest(paths, store, workers=2, progress=False)
    counts = store_counts(store)
    expected = corpus_files["expected"]
    assert report.added + report.skipped == expected["cables"]
    assert counts["cables"] == counts["distinct_hashes"] == expected["cables"]
    assert counts["paragraphs"] == expected["paragraphs"]


def test_failures_are_recorded(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text('"1","5/6/1978 16:01","78KABUL1","Embassy Kabul","CONFIDENTIAL","","x"\n', encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    store = tmp_path / "s.db"
    report = ingest([bad, empty, SEED], store, workers=1, progress=False)
    assert report.added == 1 and len(report.failures) == 2
    assert store_counts(store)["failures"] == 2
    assert len(open_store(store).failures()) == 2


@pytest.fixture(scope="module")
def both(corpus_files, tmp_path_factory):
    store = tmp_path_factory.mktemp("store") / "s.db"
    paths = [corpus_files["full"], corpus_files["seed"]]
    ingest(paths, store, workers=2, progress=False)
    cables = [r for r in parse_paths(paths) if isinstance(r, Cable)]
    return MemoryCorpus(cables), open_store(store)


FILTERS = [
    Filters(),
    Filters(labels=["CONFIDENTIAL"]),
    Filters(tags=["PREL"]),
    Filters(caveats=["SIPDIS"], labels=["SECRET", "CONFIDENTIAL//NOFORN", "CONFIDENTIAL"]),
    Filters(date_from="2006-01-01", date_to="2008-12-31"),
    Filters(query="ministry"),
    Filters(entity="person:tokayev"),
    Filters(refs=["06ASTANA280", "07bogota1232", "99NOWHERE1"]),  # a key, a reference id in lower case, no cable
]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: f.model_dump_json(exclude_defaults=True))
def test_store_answers_like_memory(both, filters):
    memory, store = both
    assert store.count(filters) == memory.count(filters)
    if filters.refs:  # picked cables: the store ignored them until the timeline's picker needed them
        assert store.count(filters) == 1
    assert store.overview(filters) == memory.overview(filters)
    assert store.facets(filters) == memory.facets(filters)
    m_page, s_page = memory.page(filters, limit=20), store.page(filters, limit=20)
    assert list(s_page["key"]) == list(m_page["key"])
    assert s_page[["ref_id", "origin", "label", "tags", "caveats", "paragraphs"]].equals(
        m_page[["ref_id", "origin", "label", "tags", "caveats", "paragraphs"]].astype(s_page[
            ["ref_id", "origin", "label", "tags", "caveats", "paragraphs"]].dtypes.to_dict()))
    m_tl, s_tl = memory.timeline_counts(filters), store.timeline_counts(filters)
    assert sorted(zip(m_tl["period"], m_tl["label"], m_tl["count"])) == \
        sorted(zip(s_tl["period"], s_tl["label"], s_tl["count"]))
    m_ev, s_ev = memory.events(filters), store.events(filters)
    assert len(s_ev) == len(m_ev)
    assert sorted(zip(s_ev["key"], s_ev["event"])) == sorted(zip(m_ev["key"], m_ev["event"]))
    assert dict(zip(zip(s_ev["key"], s_ev["event"]), s_ev["participants"])) == \
        dict(zip(zip(m_ev["key"], m_ev["event"]), m_ev["participants"]))
    m_en, s_en = memory.entities(filters, limit=1000), store.entities(filters, limit=1000)
    assert dict(zip(s_en["id"], s_en["cables"])) == dict(zip(m_en["id"], m_en["cables"]))
    m_mk, s_mk = memory.paragraph_markings(filters), store.paragraph_markings(filters)
    assert dict(zip(m_mk.markings["marking"], m_mk.markings["paragraphs"])) == \
        dict(zip(s_mk.markings["marking"], s_mk.markings["paragraphs"]))
    assert (m_mk.above_banner_count, m_mk.unmarked_count) == (s_mk.above_banner_count, s_mk.unmarked_count)


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: f.model_dump_json(exclude_defaults=True))
def test_quotes_are_the_same_walked_in_cable_order_or_read_through_the_set(both, monkeypatch, filters):
    """A large set's first quotes are found by walking every quote in cable order (a label's first
    300 at 251k cables: 1 ms instead of 140), a small set's through its own cables: the same list
    either way, the set's quotes only, those the in-memory corpus gives."""
    memory, store = both
    through_the_set = store.quotes(filters, limit=10_000)
    monkeypatch.setattr(type(store), "_few", lambda self, kept: False)
    walked = store.quotes(filters, limit=10_000)
    assert walked.equals(through_the_set)
    assert store.quotes(filters, limit=3).equals(walked.head(3))
    expected = memory.quotes(filters, limit=10_000)
    assert sorted(zip(walked["key"], walked["text"])) == sorted(zip(expected["key"], expected["text"]))


def paragraph_set(frame) -> set[tuple[str, int, str]]:
    return {(k, int(p), t) for k, p, t in zip(frame["key"], frame["paragraph"], frame["text"])}


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: f.model_dump_json(exclude_defaults=True))
def test_store_markings_report_like_memory(both, filters):
    """The Markings page's report comes from the column index (no paragraph scan) and must say
    exactly what the in-memory corpus says: banners, pairs, lists, declassification, reasons."""
    memory, store = both
    m_mk, s_mk = memory.paragraph_markings(filters), store.paragraph_markings(filters)
    assert dict(zip(m_mk.labels["label"], m_mk.labels["cables"])) == \
        dict(zip(s_mk.labels["label"], s_mk.labels["cables"]))
    assert sorted(map(tuple, m_mk.label_by_marking.values.tolist())) == \
        sorted(map(tuple, s_mk.label_by_marking.values.tolist()))
    assert paragraph_set(s_mk.above_banner) == paragraph_set(m_mk.above_banner)
    assert paragraph_set(s_mk.unmarked) == paragraph_set(m_mk.unmarked)
    assert sorted(map(tuple, s_mk.declass_years.values.tolist())) == \
        sorted(map(tuple, m_mk.declass_years.values.tolist()))
    assert dict(zip(s_mk.reasons["reason"], s_mk.reasons["cables"])) == \
        dict(zip(m_mk.reasons["reason"], m_mk.reasons["cables"]))
    capped = store.paragraph_markings(filters, limit=2)
    assert len(capped.unmarked) == min(2, s_mk.unmarked_count)
    assert paragraph_set(capped.unmarked) <= paragraph_set(s_mk.unmarked)


def shared_cables(pairs) -> dict[tuple[str, str], int]:
    """Cables per (a, b) pair; the in-memory corpus may split a pair by spelling of the names."""
    out: dict[tuple[str, str], int] = {}
    for a, b, n in zip(pairs["a"], pairs["b"], pairs["cables"]):
        out[(a, b)] = out.get((a, b), 0) + int(n)
    return out


@pytest.mark.parametrize("filters", FILTERS[:4], ids=lambda f: f.model_dump_json(exclude_defaults=True))
def test_store_cooccurrence_counts_like_memory(both, filters):
    memory, store = both
    everything = shared_cables(memory.cooccurrence(filters, limit=100_000))
    pairs = store.cooccurrence(filters, limit=40)
    assert len(pairs) > 0
    assert list(pairs["cables"]) == sorted(pairs["cables"], reverse=True)
    assert all(everything[pair] == n for pair, n in shared_cables(pairs).items())
    top = store.entities(filters, limit=1)["id"][0]
    companions = store.cooccurrence(filters, entity=top, limit=100_000)
    assert set(companions["a"]) == {top}
    assert shared_cables(companions) == shared_cables(memory.cooccurrence(filters, entity=top, limit=100_000))
    assert store.cooccurrence(filters, entity="person:nobody-at-all").empty


@pytest.mark.parametrize("filters", FILTERS[:2], ids=lambda f: f.model_dump_json(exclude_defaults=True))
def test_pairs_sharing_as_many_cables_put_the_more_frequent_names_first(both, filters):
    """In a small set most pairs share one cable: the People page's list then starts with pairs of
    the names the set mentions most, not with the alphabet ("AKPers", "Abbas", ...)."""
    for corpus in both:
        names = corpus.entities(filters, limit=100_000)
        in_cables = dict(zip(names["id"], names["cables"]))
        for pairs in (corpus.cooccurrence(filters, limit=40),
                      corpus.cooccurrence(filters, entity=names["id"][0], limit=40)):
            order = [(-n, -min(in_cables[a], in_cables[b]), -max(in_cables[a], in_cables[b]))
                     for a, b, n in zip(pairs["a"], pairs["b"], pairs["cables"])]
            assert len(order) > 5 and order == sorted(order)


@pytest.mark.parametrize("filters", FILTERS[:2], ids=lambda f: f.model_dump_json(exclude_defaults=True))
def test_cooccurrence_of_people_only_fills_its_list_with_people(both, filters):
    """The People page asks for pairs of one kind: the limit counts only those pairs."""
    memory, store = both
    names = memory.entities(filters, limit=100_000)
    kinds = dict(zip(names["id"], names["kind"]))
    for corpus in (memory, store):
        pairs = corpus.cooccurrence(filters, kinds=["person"], limit=5)
        assert len(pairs) == min(5, len(memory.cooccurrence(filters, kinds=["person"], limit=100_000)))
        assert {kinds[a] for a in pairs["a"]} | {kinds[b] for b in pairs["b"]} <= {"person"}
    top = store.entities(filters, kinds=["person"], limit=1)["id"][0]
    for corpus in (memory, store):
        companions = corpus.cooccurrence(filters, entity=top, kinds=["organization"], limit=100_000)
        assert set(companions["a"]) <= {top}
        assert {kinds[b] for b in companions["b"]} <= {"organization"}
    assert shared_cables(store.cooccurrence(filters, entity=top, kinds=["organization"], limit=100_000)) == \
        shared_cables(memory.cooccurrence(filters, entity=top, kinds=["organization"], limit=100_000))


def test_pair_counts_count_every_shared_cable():
    rng = np.random.default_rng(6)
    rows = rng.integers(0, 40, 400)
    codes = rng.integers(0, 12, 400)
    unique = np.unique(np.stack([rows, codes]), axis=1)  # one entry per (cable, code), grouped by cable
    unique = unique[:, np.lexsort((rng.random(unique.shape[1]), unique[0]))]  # codes in any order in a cable
    a, b, shared = _pair_counts(unique[0], unique[1], 12)
    by_cable: dict[int, set[int]] = {}
    for r, c in unique.T:
        by_cable.setdefault(int(r), set()).add(int(c))
    expected = Counter((x, y) for codes_of in by_cable.values() for x in codes_of for y in codes_of if x < y)
    assert dict(zip(zip(a.tolist(), b.tolist()), shared.tolist())) == expected


def test_an_older_column_index_is_rebuilt_on_open(both, tmp_path):
    """A store whose sidecar predates the marking columns is migrated on open (no re-ingest)."""
    _, store = both
    path = tmp_path / "copy.db"
    shutil.copy(store.path, path)
    sidecar = path.with_name(path.name + ".index.npz")
    n, max_id = sqlite3.connect(path).execute("SELECT count(*), max(id) FROM cables").fetchone()
    np.savez(sidecar, stamp=np.array([2, n, max_id]), ids=np.zeros(0))  # an older version's file
    reopened = open_store(path)
    assert reopened.paragraph_markings(Filters()).above_banner_count == \
        store.paragraph_markings(Filters()).above_banner_count
    with np.load(sidecar, allow_pickle=True) as data:
        assert "marking_counts" in data.files


def test_events_keep_who_takes_part(both):
    memory, store = both
    seed = store.events(Filters(refs=["06ASTANA280"]))
    told = seed[seed["value"] == "2006-10-23"]["participants"].iloc[0]
    assert "Tokayev" in told and "Ordway" in told  # "Tokayev told Ambassador Ordway the compromise..."
    cable = memory.get("06ASTANA280")
    assert dict(zip(seed["event"], seed["participants"])) == {i: "; ".join(e.participants) for i, e in enumerate(cable.events)}


def test_a_store_built_before_events_had_participants_still_opens_and_grows(gen, base, both, tmp_path):
    """Stores ingested before the events' participants column: read-only they read '', and the
    next ingest adds the column (empty in the rows it had) and fills it for the new cables."""
    _, store = both
    path = tmp_path / "old.db"
    shutil.copy(store.path, path)
    with sqlite3.connect(path) as db:
        db.execute("ALTER TABLE events DROP COLUMN participants")
    old = open_store(path).events(Filters())
    assert len(old) == len(store.events(Filters())) and set(old["participants"]) == {""}
    more = write_csv(gen, base, tmp_path / "more.csv", 36, 40)
    ingest([more], path, workers=1, progress=False)
    grown = open_store(path).events(Filters(), limit=100_000)
    new_keys = set(grown["key"]) - set(old["key"])
    assert new_keys and (grown[grown["key"].isin(new_keys)]["participants"] != "").any()


def test_store_opens_one_cable_like_memory(both):
    memory, store = both
    for key in memory.page(Filters(), limit=5)["key"]:
        assert store.get(key) == memory.get(key)
    assert store.get("06ASTANA280").ref_id == "06ASTANA280"
    assert store.get("no-such-cable") is None
    assert store.known(["06ASTANA280", "99NOWHERE1"]) == {"06ASTANA280": "06ASTANA280"}


def test_a_store_written_with_zlib_blobs_still_opens_its_cables(both, tmp_path):
    """Stores ingested before the JSON blobs were zstd hold zlib ones: they must still open."""
    memory, store = both
    old = tmp_path / "old.db"
    shutil.copy(store.path, old)
    db = sqlite3.connect(old)
    with db:
        for cable_id, data in db.execute("SELECT cable_id, data FROM cable_json").fetchall():
            db.execute("UPDATE cable_json SET data = ? WHERE cable_id = ?", (zlib.compress(unpack_json(data)), cable_id))
    assert db.execute("SELECT count(*) FROM cable_json WHERE substr(data, 1, 4) = ?", (b"\x28\xb5\x2f\xfd",)).fetchone()[0] == 0
    db.close()
    reopened = open_store(old)
    assert reopened.get("06ASTANA280") == memory.get("06ASTANA280")
    reopened.close()


@pytest.mark.parametrize("query", ['"', "-", "AND OR (", "NEAR(", "osce", "iran", '"foreign minister"', "non-paper"])
def test_the_query_filter_finds_the_same_cables_in_memory_and_in_the_store(both, query):
    """QA found `"` matching 28 of 50 cables in memory (a substring) and every cable in the store, and
    "osce" matching "USOSCE" in memory only: memory now reads terms as FTS5's tokenizer does."""
    memory, store = both
    assert set(memory.page(Filters(query=query), limit=1000)["key"]) == set(store.page(Filters(query=query), limit=1000)["key"])


def test_full_text_search_ranks_the_paragraph_with_the_terms_first(both):
    _, store = both
    hits = store.search("Tokayev chairmanship non-paper", Filters())
    assert len(hits) > 0
    top = hits.iloc[0]
    assert top["ref_id"] == "06ASTANA280"
    text = store.get("06ASTANA280").paragraphs
    para = next(p for p in text if (p.number if p.number is not None else 0) == top["paragraph"])
    for term in ("tokayev", "chairmanship", "non"):
        assert term in para.text.lower()
    filtered = store.search("Tokayev", Filters(labels=["UNCLASSIFIED"]))
    assert "06ASTANA280" not in set(filtered["ref_id"])


def test_search_snippets_are_cut_between_words(both):
    for corpus in both:
        hits = corpus.search("government", Filters(), limit=30)
        assert len(hits) >= 10
        for hit in hits.itertuples():
            cable = corpus.get(hit.key)
            text = " ".join(next(p.text for p in cable.paragraphs
                                 if (p.number if p.number is not None else 0) == hit.paragraph).split())
            core = hit.snippet.strip("…")
            assert f" {core} " in f" {text} ", (hit.ref_id, hit.snippet)
            assert "government" in core.lower()


def test_search_of_a_common_word_ranks_only_the_latest_matches(both, monkeypatch):
    """The bm25 cost is bounded: beyond `_RANKED_MATCHES` paragraphs only the latest (highest
    rowid) are ranked, and a filter that keeps too few of them widens the range until the page
    is full or every match is ranked, so a filtered search still finds what it would uncapped."""
    _, store = both
    assert store._q("SELECT count(*) FROM par_fts WHERE par_fts MATCH 'the'")[0][0] > 8
    full = store.search("the", Filters(), limit=5)
    assert full.attrs["ranked_within"] is None and len(full) == 5
    filtered = store.search("minister", Filters(labels=["CONFIDENTIAL"]), limit=50)
    monkeypatch.setattr(queries, "_RANKED_MATCHES", 2)
    capped = store.search("the", Filters(), limit=5)
    assert capped.attrs["ranked_within"] == 8 and len(capped) == 5  # 2 are too few for 5 rows: widened once
    latest = set(store._q("SELECT c.key, p.paragraph FROM paragraphs p JOIN cables c ON c.id = p.cable_id WHERE p.id "
                          "IN (SELECT rowid FROM par_fts WHERE par_fts MATCH 'the' ORDER BY rowid DESC LIMIT 8)"))
    assert set(zip(capped["key"], capped["paragraph"])) <= latest
    monkeypatch.setattr(queries, "_FEW_PARAGRAPHS", -1)  # by FTS5, not among the few cables' paragraphs
    narrow = store.search("minister", Filters(labels=["CONFIDENTIAL"]), limit=50)  # fewer than 50: widened to all
    assert len(narrow) > 0 and narrow.attrs["ranked_within"] is None
    assert list(zip(narrow["key"], narrow["paragraph"])) == list(zip(filtered["key"], filtered["paragraph"]))


SEARCHES_IN_A_FEW_CABLES = [
    ("minister", Filters(labels=["CONFIDENTIAL"])),
    ("the government", Filters(tags=["PREL"])),
    ('"foreign minister" the', Filters(date_from="2006-01-01", date_to="2008-12-31")),
    ("Tokayev zzyzx", Filters(origins=["Embassy Astana"])),  # no paragraph has both: those with either
]


@pytest.mark.parametrize("query, filters", SEARCHES_IN_A_FEW_CABLES, ids=lambda v: str(v)[:40])
def test_a_few_cables_are_ranked_as_fts5_ranks_them(both, monkeypatch, query, filters):
    """A filter keeping few paragraphs is ranked in Python (`_ranked_among`: a common word within
    one small post costs the post's paragraphs, not the word's matches in the whole store): the
    same paragraphs, scores and order as FTS5's bm25 over the same set."""
    _, store = both

    def no_fts(*args, **kwargs):
        raise AssertionError("ranked by FTS5 instead of among the few cables")

    with monkeypatch.context() as patched:
        patched.setattr(type(store), "_ranked_by_fts", no_fts)
        python = store.search(query, filters, limit=1000)
    monkeypatch.setattr(queries, "_FEW_PARAGRAPHS", -1)
    monkeypatch.setattr(queries, "_RANKED_MATCHES", 10**9)
    fts = store.search(query, filters, limit=1000)
    assert len(python) > 1 and python.attrs["ranked_within"] is None
    assert list(python["score"]) == sorted(python["score"], reverse=True)

    def ranked(frame):
        return sorted(zip(-frame["score"], frame["key"], frame["paragraph"]))
    assert ranked(python) == ranked(fts)
    assert python.equals(fts.set_index(["key", "paragraph"]).loc[list(zip(python["key"], python["paragraph"]))]
                         .reset_index()[python.columns])


def test_a_window_of_matches_stays_within_the_filtered_paragraphs(both, monkeypatch):
    """Ranked by FTS5 (a set of many paragraphs), the window of the latest matches is taken among
    the set's paragraph ids: the first cable's own latest match, not the store's latest, which the
    filter drops (the window would widen over the whole store to reach the first cable)."""
    _, store = both
    first = Filters(date_to="1978-05-06")
    assert store.count(first) == 1
    monkeypatch.setattr(queries, "_FEW_PARAGRAPHS", -1)
    monkeypatch.setattr(queries, "_RANKED_MATCHES", 1)
    hits = store.search("the", first, limit=1)
    assert hits.attrs["ranked_within"] == 1 and list(hits["ref_id"]) == ["78KABUL3619"]


def test_paragraphs_are_tokenized_as_fts5_tokenizes_them():
    """The Python ranking counts a phrase where FTS5's unicode61 tokenizer (remove_diacritics=1)
    sees it: case, accents, apostrophes, underscores, no-break spaces and digits as FTS5 does."""
    texts = ["São Paulo’s GOVERNMENT_office", "Naïve CAFÉ; the café\u00a0 Cafe", "prime-minister PRIME  MINISTER",
             "l'État, c'est moi: 2009-10 R&D", "Ürümqi ÅLAND Øresund ﬁnance"]
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(text, tokenize='unicode61')")
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, instance)")
    db.executemany("INSERT INTO t(rowid, text) VALUES (?, ?)", enumerate(texts, 1))
    for rowid, text in enumerate(texts, 1):
        tokens = [t for (t,) in db.execute("SELECT term FROM v WHERE doc = ? ORDER BY offset", (rowid,))]
        assert queries._token_text(queries._fold(text)).split() == tokens, text
    assert queries._phrases(["Prime-Minister", "café", "!!"]) == [" prime minister ", " cafe "]
    assert queries._occurrences(" a a a b ", " a a ") == 2  # overlapping, as FTS5 counts instances


def test_upload_on_top_of_a_store(both, tmp_path):
    _, store = both
    path = tmp_path / "copy.db"
    shutil.copy(store.path, path)
    other = open_store(path)
    before = len(other)
    cable = next(r for r in parse_paths([PROJECT / "sample_cables" / "06TUNIS55.txt"]) if not isinstance(r, ParseFailure))
    assert other.add_cables([cable]) in (0, 1)
    assert len(other) >= before
    assert other.add_cables([cable]) == 0


def test_cables_sharing_a_reference_get_numbered_keys_and_a_text_is_stored_once(tmp_path):
    """Keys and duplicates are checked for a whole batch at once: against the store and within the batch."""
    cable = next(r for r in parse_paths([PROJECT / "sample_cables" / "06TUNIS55.txt"]) if not isinstance(r, ParseFailure))
    twins = [cable.model_copy(update={"content_hash": f"text{i}", "source": cable.source.model_copy(update={"index": i})})
             for i in range(3)]
    db = connect(tmp_path / "s.db")
    writer = Writer(db)
    assert writer.write([cable_rows(twins[0]), cable_rows(twins[1]), cable_rows(twins[1])])[0] == 2
    assert writer.write([cable_rows(twins[2]), cable_rows(twins[0])])[0] == 1
    ref = cable.ref_id
    assert [key for (key,) in db.execute("SELECT key FROM cables ORDER BY id")] == [ref, f"{ref}~2", f"{ref}~3"]
    db.close()


def test_reingest_after_a_parser_change_adds_nothing(corpus_files, tmp_path):
    """A newer parser may normalise a record's text differently (another content hash): the same
    record of the same file is still recognised by (file, record, reference id)."""
    store = tmp_path / "s.db"
    assert ingest([corpus_files["full"]], store, workers=1, progress=False).added == 36
    db = sqlite3.connect(store)
    with db:
        db.execute("UPDATE cables SET content_hash = 'old' || id")  # hashes of an older normaliser
    db.close()
    report = ingest([corpus_files["full"]], store, workers=1, progress=False)
    assert report.added == 0 and report.skipped == 36
    assert store_counts(store)["cables"] == 36


def _die(chunk):
    os._exit(1)


def test_a_dead_worker_stops_the_ingest_with_an_error_not_a_hang(corpus_files, tmp_path, monkeypatch):
    import cable_core.store.ingest as ingest_module

    monkeypatch.setattr(ingest_module, "process_chunk", _die)
    with pytest.raises(RuntimeError, match="worker process died"):
        ingest([corpus_files["full"]], tmp_path / "s.db", workers=2, chunk_size=8, progress=False)


# --- the column index grows with the store ------------------------------------------------------


BUILD_ARRAYS = queries._build_arrays  # the rebuild, even while a test forbids it to the store


def rebuilt_arrays(store: Path) -> dict[str, np.ndarray]:
    db = sqlite3.connect(store)
    try:
        arrays = BUILD_ARRAYS(db)
        arrays["ref_rank"] = queries._ref_rank(db, arrays["ids"])
        return arrays
    finally:
        db.close()


def assert_index_equals_a_rebuild(corpus) -> None:
    """Every array of the corpus's column index (appended to) equals the one a rebuild gives."""
    arrays, fresh = corpus.index.arrays, rebuilt_arrays(corpus.path)
    assert sorted(arrays) == sorted(fresh)
    for key, expected in fresh.items():
        assert arrays[key].dtype.kind == expected.dtype.kind, key
        np.testing.assert_array_equal(arrays[key], expected, err_msg=key)


def assert_answers_like(corpus, reference, filters: Filters) -> None:
    assert corpus.count(filters) == reference.count(filters)
    assert corpus.overview(filters) == reference.overview(filters)
    assert corpus.facets(filters) == reference.facets(filters)
    for sort in ("created", "ref_id", "origin", "paragraphs"):
        assert corpus.page(filters, sort=sort, limit=1000).equals(reference.page(filters, sort=sort, limit=1000))
    assert corpus.timeline_counts(filters, "MS").equals(reference.timeline_counts(filters, "MS"))
    assert corpus.entities(filters, limit=1000).equals(reference.entities(filters, limit=1000))
    assert corpus.cooccurrence(filters).equals(reference.cooccurrence(filters))
    mine, theirs = corpus.paragraph_markings(filters), reference.paragraph_markings(filters)
    for field in ("labels", "markings", "above_banner", "unmarked", "declass_years", "reasons", "label_by_marking"):
        assert getattr(mine, field).equals(getattr(theirs, field)), field


def sample_cables(*names: str) -> list[Cable]:
    return [r for r in parse_paths([PROJECT / "sample_cables" / n for n in names]) if isinstance(r, Cable)]


def test_added_cables_are_appended_to_the_column_index(gen, base, tmp_path, monkeypatch):
    """Uploads, another process's additions and an ingest extend the index (no rebuild) into
    exactly the arrays and answers of a rebuild, new labels, origins, tags and names included."""
    store = tmp_path / "s.db"
    ingest([write_csv(gen, base, tmp_path / "a.csv", 0, 12)], store, workers=1, progress=False)
    sidecar = store.with_name(store.name + ".index.npz")
    dashboard, other = open_store(store), open_store(store)
    dashboard.count(Filters()), other.count(Filters())
    monkeypatch.setattr(queries, "_build_arrays", _only_new_cables(queries._build_arrays))
    assert dashboard.add_cables(sample_cables("06TUNIS55.txt", "10CAIRO263.txt", "07KABUL2249.txt")) == 3
    assert_index_equals_a_rebuild(dashboard)
    assert other.add_cables(sample_cables("08BAKU815.txt", "09BEIJING809.txt")) == 2
    assert dashboard.count(Filters()) == other.count(Filters()) == 17  # seen by the other process
    assert_index_equals_a_rebuild(dashboard)
    reopened = open_store(store)  # the saved index (12 cables) and the 5 new ones, read from SQL
    assert_index_equals_a_rebuild(reopened)
    ingest([write_csv(gen, base, tmp_path / "b.csv", 12, 20)], store, workers=1, progress=False)
    with np.load(sidecar, allow_pickle=True) as data:
        assert tuple(data["stamp"][1:]) == (25, 25)  # the ingest appended and saved
    monkeypatch.undo()
    latest = open_store(store)
    assert_index_equals_a_rebuild(latest)
    rebuilt_path = tmp_path / "rebuilt.db"
    shutil.copy(store, rebuilt_path)
    rebuilt = open_store(rebuilt_path)
    for filters in [*FILTERS, Filters(origins=["Embassy Cairo"]), Filters(tags=["PGOV"], labels=["SECRET"])]:
        assert_answers_like(dashboard, rebuilt, filters)
        assert_answers_like(latest, rebuilt, filters)


def _only_new_cables(build):
    """`_build_arrays` that fails if asked for every cable: the index must be appended to."""
    def only_new(db, after_id: int = 0):
        assert after_id > 0, "the column index was rebuilt instead of appended to"
        return build(db, after_id)
    return only_new


def test_a_column_index_that_does_not_match_the_store_is_rebuilt(gen, base, tmp_path):
    """A saved index claiming other cables than the store has (fewer cables below the same max id,
    or more than the store) is not appended to but rebuilt."""
    store = tmp_path / "s.db"
    ingest([write_csv(gen, base, tmp_path / "a.csv", 0, 8)], store, workers=1, progress=False)
    sidecar = store.with_name(store.name + ".index.npz")
    good = dict(np.load(sidecar, allow_pickle=True))
    for n, max_id in ((7, 8), (9, 9), (8, 7)):
        np.savez(sidecar, **{**good, "stamp": np.array([queries._SIDECAR_VERSION, n, max_id])})
        assert_index_equals_a_rebuild(open_store(store))


def test_cables_added_during_a_call_are_taken_in_at_the_next_one(gen, base, tmp_path):
    """Another process adding cables while the dashboard computes the facets (one mask per facet)
    does not mix two states of the index in that call; the next call counts the new cable."""
    store = tmp_path / "s.db"
    ingest([write_csv(gen, base, tmp_path / "a.csv", 0, 6)], store, workers=1, progress=False)
    dashboard, other = open_store(store), open_store(store)
    sql_ids = dashboard._sql_ids
    added = []

    def add_during_the_call(f):
        if not added:
            added.append(other.add_cables(sample_cables("06TUNIS55.txt")))
        return sql_ids(f)

    dashboard._sql_ids = add_during_the_call
    facets = dashboard.facets(Filters(query="the"))
    assert added == [1]
    assert sum(v.count for v in facets["labels"]) == 6
    assert dashboard.count(Filters()) == 7
    assert_index_equals_a_rebuild(dashboard)


# --- the People page's names: the commonest spelling and title of each entity -------------------


def renumbered_copy(name: str, serial: str, folder: Path) -> list[Cable]:
    """A real sample cable under the next serial number: another cable (another content hash)
    with the same names, so that one spelling or title can outnumber another."""
    text = (PROJECT / "sample_cables" / name).read_text(encoding="utf-8")
    path = folder / name.replace(serial.lstrip("0"), str(int(serial) + 1))
    path.write_text(text.replace(serial, f"{int(serial) + 1:0{len(serial)}d}"), encoding="utf-8")
    return [r for r in parse_paths([path]) if isinstance(r, Cable)]


def name_and_title(corpus, entity: str) -> tuple[str, str]:
    names = corpus.entities(Filters(), limit=100_000).set_index("id")
    return names.at[entity, "name"], names.at[entity, "title"]


def test_names_are_the_commonest_spelling_and_title_also_after_appending(tmp_path, monkeypatch):
    """An entity is shown under the spelling and the title most cables give it (not the smallest
    or largest string: at 251k cables that gave "Although Chavez" or "under President"); on a tie,
    the longer proper-cased one. Cables appended to the column index pick them again exactly as a
    rebuild does."""
    store = tmp_path / "s.db"
    ingest([PROJECT / "sample_cables" / n for n in ("06ANKARA4688.txt", "06ASTANA280.txt")], store, workers=1,
           progress=False)
    corpus = open_store(store)
    assert name_and_title(corpus, "person:gul") == ("Gul", "Foreign Minister")
    assert name_and_title(corpus, "person:aliyev") == ("Aliyev", "Deputy Foreign Minister")
    monkeypatch.setattr(queries, "_build_arrays", _only_new_cables(queries._build_arrays))
    assert corpus.add_cables(sample_cables("07KABUL2249.txt", "08BAKU815.txt")) == 2
    # one cable each: the longer spelling ("Gul" was the smaller string) and the longer title
    assert name_and_title(corpus, "person:gul") == ("Mohammed Gul", "Foreign Minister")
    assert name_and_title(corpus, "person:aliyev") == ("Aliyev", "Deputy Foreign Minister")
    assert_index_equals_a_rebuild(corpus)
    copies = [*renumbered_copy("06ANKARA4688.txt", "004688", tmp_path),
              *renumbered_copy("08BAKU815.txt", "000815", tmp_path)]
    assert corpus.add_cables(copies) == 2
    assert name_and_title(corpus, "person:gul") == ("Gul", "Foreign Minister")  # two cables against one
    assert name_and_title(corpus, "person:aliyev") == ("Aliyev", "President")
    assert_index_equals_a_rebuild(corpus)
    assert_index_equals_a_rebuild(open_store(store))  # the saved index and the cables past it


def test_commonest_breaks_ties_by_proper_case_then_length():
    codes = np.array([0, 0, 0, 1, 1, 2], np.int32)
    texts = np.array(["HUGO CHAVEZ", "Hugo Chavez", "Chavez", "under President", "President", "Palmer"],
                     dtype=object)
    cables = np.array([3, 3, 2, 1, 1, 1], np.int64)
    assert queries._commonest(codes, texts, cables, 4).tolist() == ["Hugo Chavez", "President", "Palmer", ""]
