"""Benchmarks of issue 6: the whole release in the store. Not timed tests; results go to JSON and a
markdown table (copied into bench/README_store.md).

    # the data (synthetic, see make_synthetic_release.py), once:
    python bench/make_synthetic_release.py --out /tmp/synthetic_release.csv
    head -n $(grep -n '^"10001","' /tmp/synthetic_release.csv | cut -d: -f1) ... (or --rows 10000 --out /tmp/syn10k.csv)

    # ingest with the full pipeline, N worker processes (wall, cables/s, peak RSS of all processes, size):
    python bench/bench_scale.py ingest --csv /tmp/synthetic_release.csv --store /tmp/s2.db --workers 2
    # the dashboard's calls on a store (medians and p95 of --runs runs, app-process RSS):
    python bench/bench_scale.py queries --store /tmp/s2.db
    # where ingest time goes, per pipeline stage, on a sample of cables:
    python bench/bench_scale.py profile --csv /tmp/syn10k.csv --cables 400
    # SQLite (the store) against DuckDB on the same tables (the engine choice):
    python bench/bench_scale.py engines --store /tmp/s2.db
    # uploads on top of a store: add N cables to a COPY of it (the copy grows by N per run):
    python bench/bench_scale.py add --store /tmp/copy/x251k.db --cables 3 --runs 5
    # growth 10k -> 251k and the markdown table from the JSON files written above:
    python bench/bench_scale.py table /tmp/bench_*.json

Every mode appends its result to --out (default /tmp/bench_scale.json).
"""

from __future__ import annotations

import argparse
import calendar
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

# --- helpers -----------------------------------------------------------------------------------


def tree_rss_mb(root: int) -> float:
    """Resident memory of a process and all its descendants (from /proc), in MB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            ppid, pages = int(fields[1]), int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = pages
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack += children.get(pid, [])
    return total * os.sysconf("SC_PAGE_SIZE") / 1e6


def store_size_mb(store: Path) -> float:
    return sum(p.stat().st_size for p in store.parent.glob(store.name + "*") if p.is_file()) / 1e6


def self_rss_mb() -> tuple[float, float]:
    """(current, peak) resident memory of this process, MB."""
    with open("/proc/self/statm") as handle:
        current = int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6  # ru_maxrss is in KiB
    return current, max(current, peak)


def stats_ms(times: list[float]) -> dict:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"median_ms": round(statistics.median(ordered) * 1000, 1), "p95_ms": round(p95 * 1000, 1),
            "max_ms": round(ordered[-1] * 1000, 1), "runs": len(ordered)}


def save(out: Path, record: dict) -> None:
    data = json.loads(out.read_text()) if out.exists() else []
    data.append(record)
    out.write_text(json.dumps(data, indent=1, default=str))
    print(json.dumps(record, indent=1, default=str))


# --- ingest ------------------------------------------------------------------------------------


def bench_ingest(csv: Path, store: Path, workers: int, fresh: bool = True) -> dict:
    if fresh:
        for p in store.parent.glob(store.name + "*"):
            p.unlink()
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "cable_core", "ingest", str(csv), "--store", str(store),
                             "--workers", str(workers)], env=env, stdout=subprocess.PIPE)
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, tree_rss_mb(proc.pid))
        time.sleep(0.5)
    wall = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    out = proc.stdout.read().decode().strip().splitlines()
    summary = json.loads(out[-1]) if out else {}
    return {"mode": "ingest", "csv": str(csv), "store": str(store), "workers": workers, "wall_s": round(wall, 1),
            "cables": summary.get("added"), "cables_per_s": round((summary.get("added") or 0) / wall, 1),
            "failed": summary.get("failed"), "peak_rss_all_processes_mb": round(peak),
            "store_mb": round(store_size_mb(store)), "exit": proc.returncode,
            "cpu_s_all_processes": round(cpu, 1),
            "cpu_ms_per_cable": round(1000 * cpu / summary["added"], 1) if summary.get("added") else None,
            "load_avg_1min_before_after": [round(load_before, 1), round(os.getloadavg()[0], 1)]}


# --- the dashboard's calls ---------------------------------------------------------------------


QUERY_CALLS = ["first_view", "filter_change", "search", "search_filtered", "search_narrow", "timeline_few_thousand",
               "open_cable", "markings_page", "people_page", "people_pick_name"]
NARROW_WORD = "government"  # a common word (in ~1 paragraph in 5) searched within narrow filters


def narrow_filters(corpus, facets: dict) -> list:
    """The worst cases of a search within a filter: a common word in the cables of each of the
    three smallest posts, of the busiest month and of the rarest label (bm25 over every match of
    the word costs seconds; a window of the latest matches may hold none of the set's)."""
    from cable_core.corpus import Filters

    posts = sorted((v for v in facets["origins"] if v.count > 0), key=lambda v: (v.count, v.value))[:3]
    months = corpus.timeline_counts(Filters(), freq="MS").groupby("period")["count"].sum()
    first = months.idxmax().date()
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    rarest = min((v for v in facets["labels"] if v.count > 0), key=lambda v: (v.count, v.value))
    return [*(Filters(origins=[v.value]) for v in posts), Filters(date_from=first, date_to=last),
            Filters(labels=[rarest.value])]


def people_page(corpus, f) -> None:
    """The People page's calls before a name is chosen (pages/people.py): names, pairs, quotes."""
    corpus.entities(f, kinds=["person"], limit=300)
    corpus.cooccurrence(f, kinds=["person"], limit=40)
    corpus.quotes(f, limit=300)


def bench_queries(store: Path, runs: int) -> dict:
    from cable_core.corpus import Filters
    from cable_core.store import open_store

    before = self_rss_mb()[0]
    t0 = time.perf_counter()
    corpus = open_store(store)
    empty = Filters()
    corpus.overview(empty), corpus.facets(empty), corpus.page(empty), corpus.timeline_counts(empty)
    cold_first_view = time.perf_counter() - t0
    n = corpus.count(empty)
    facets = corpus.facets(empty)
    origins = [v for v in facets["origins"] if v.count > 0]
    tags = [v.value for v in facets["tags"][:40]]
    labels = [v.value for v in facets["labels"]]
    # a filtered set of "a few thousand cables": the origin whose count is closest to 3,000
    few = min(origins, key=lambda v: abs(v.count - 3000))
    rng = random.Random(6)
    filter_changes = [
        Filters(labels=[labels[0]]),
        Filters(tags=[rng.choice(tags)]),
        Filters(labels=labels[:2], tags=[rng.choice(tags)]),
        Filters(origins=[rng.choice(origins).value]),
        Filters(date_from="2006-01-01", date_to="2007-12-31"),
        Filters(caveats=["NOFORN"]),
        Filters(tags=[rng.choice(tags)], date_from="2004-01-01"),
        Filters(query="nuclear"),
    ]
    searches = ["nuclear iran", "human rights", "ambassador met foreign minister", "oil pipeline", "elections",
                "\"prime minister\" resign", "drug trafficking", "visa", "terrorism financing"]
    keys = list(corpus.page(empty, limit=1000, offset=max(0, n // 2 - 500))["key"])
    narrow = narrow_filters(corpus, facets)
    # the Markings and People pages open on the whole store, then follow the same filter changes
    page_filters = [empty, Filters(origins=[few.value]), *filter_changes]
    timings: dict[str, list[float]] = {k: [] for k in QUERY_CALLS}
    cpu: dict[str, list[float]] = {k: [] for k in QUERY_CALLS}  # the machine is shared: CPU time too

    def timed(name, fn):
        t, c = time.perf_counter(), time.process_time()
        fn()
        timings[name].append(time.perf_counter() - t)
        cpu[name].append(time.process_time() - c)

    for i in range(runs):
        corpus.clear_cache()  # every run computes from the store, as a new session would
        timed("first_view", lambda: (corpus.overview(empty), corpus.facets(empty), corpus.page(empty),
                                     corpus.timeline_counts(empty)))
        f = filter_changes[i % len(filter_changes)]
        corpus.clear_cache()
        timed("filter_change", lambda: (corpus.overview(f), corpus.facets(f), corpus.page(f),
                                        corpus.timeline_counts(f)))
        q = searches[i % len(searches)]
        timed("search", lambda: corpus.search(q, empty))
        timed("search_filtered", lambda: corpus.search(q, Filters(labels=[labels[i % len(labels)]])))
        nf = narrow[i % len(narrow)]
        timed("search_narrow", lambda: corpus.search(NARROW_WORD, nf))
        tf = Filters(origins=[few.value])
        corpus.clear_cache()
        timed("timeline_few_thousand", lambda: (corpus.timeline_counts(tf, freq="MS"), corpus.events(tf)))
        key = rng.choice(keys)
        timed("open_cable", lambda: corpus.get(key))
        pf = page_filters[i % len(page_filters)]
        corpus.clear_cache()
        timed("markings_page", lambda: (corpus.count(pf), corpus.paragraph_markings(pf)))
        corpus.clear_cache()
        timed("people_page", lambda: people_page(corpus, pf))
        top = corpus.entities(pf, limit=1)["id"].tolist()
        if top:
            timed("people_pick_name", lambda: (corpus.page(pf.model_copy(update={"entity": top[0]}), limit=200),
                                               corpus.cooccurrence(pf, entity=top[0], limit=50)))
    current, peak = self_rss_mb()
    return {"mode": "queries", "store": str(store), "cables": n, "store_mb": round(store_size_mb(store)),
            "cold_first_view_s": round(cold_first_view, 2), "few_thousand_filter": f"origin={few.value} ({few.count})",
            "narrow_filters": [f.model_dump_json(exclude_defaults=True) for f in narrow],
            **{name: stats_ms(ts) for name, ts in timings.items() if ts},
            "cpu": {name: stats_ms(ts) for name, ts in cpu.items() if ts},
            "app_rss_mb": round(current), "app_peak_rss_mb": round(peak), "python_baseline_rss_mb": round(before)}


# --- per-stage cost of the pipeline ------------------------------------------------------------


def bench_profile(csv: Path, cables: int) -> dict:
    import itertools

    from cable_core.cable import build_cable
    from cable_core.formats import read_path
    from cable_core.models import RawCable
    from cable_core.store.ingest import cable_rows

    stages: dict[str, float] = {}

    def timed(name, fn):
        t = time.process_time()
        result = fn()
        stages[name] = stages.get(name, 0.0) + time.process_time() - t
        return result

    t = time.process_time()
    raws = [r for r in itertools.islice(read_path(csv), cables) if isinstance(r, RawCable)]
    stages["read + split cables.csv"] = time.process_time() - t
    from cable_core.entities import extract_entities
    from cable_core.events import extract_events
    from cable_core.quotes import extract_quotes
    from cable_core.summarize import summarize_cable

    for raw in raws:
        cable = timed("header + body (build_cable)", lambda: build_cable(raw))
        cable.events = timed("events (extract_events)", lambda: extract_events(cable))
        cable.entities = timed("entities (extract_entities)", lambda: extract_entities(cable))
        timed("summaries (summarize_cable)", lambda: summarize_cable(cable))
        cable.quotes = timed("quotes (extract_quotes)", lambda: extract_quotes(cable))
        timed("store rows + JSON + zstd (cable_rows)", lambda: cable_rows(cable))
    total = sum(stages.values())
    n = len(raws)
    return {"mode": "profile", "csv": str(csv), "cables": n,
            "stages": {k: {"ms_per_cable": round(1000 * v / n, 2), "share": round(v / total, 3)} for k, v in stages.items()},
            "total_ms_per_cable": round(1000 * total / n, 2),
            "one_core_cables_per_s": round(n / total, 1),
            "projected_251287_on_2_cores_min": round(251_287 * total / n / 2 / 60, 1),
            "clock": "process CPU time (robust to other load on the machine)"}


# --- engines -----------------------------------------------------------------------------------


def bench_engines(store: Path, runs: int) -> dict:
    """The same dashboard queries on SQLite (the store) and on DuckDB (tables copied from it)."""
    import sqlite3

    import duckdb
    import pandas as pd

    src = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    dpath = store.with_suffix(".engines.duckdb")
    if dpath.exists():
        dpath.unlink()
    dd = duckdb.connect(str(dpath))
    t = time.perf_counter()
    for table, cols in (("cables", "id, key, ref_id, created, origin, label, precedence, subject, tags, caveats, paragraphs"),
                        ("cable_values", "cable_id, facet, value"),
                        ("paragraphs", "id, cable_id, idx, paragraph, marking, text")):
        first = True
        cur = src.execute(f"SELECT {cols} FROM {table}")
        names = [c.strip() for c in cols.split(",")]
        while rows := cur.fetchmany(200_000):
            frame = pd.DataFrame(rows, columns=names)
            if table == "cables":
                frame["created"] = pd.to_datetime(frame["created"])
            dd.execute(f"CREATE TABLE {table} AS SELECT * FROM frame" if first else f"INSERT INTO {table} SELECT * FROM frame")
            first = False
    dd.close()
    copy_s = time.perf_counter() - t
    dd = duckdb.connect(str(dpath), read_only=True)
    queries = {
        "facet origins (all cables)": (
            "SELECT origin, count(*) FROM cables GROUP BY origin ORDER BY 2 DESC LIMIT 50",) * 2,
        "facet tags (all cables)": (
            "SELECT value, count(*) FROM cable_values WHERE facet='tags' GROUP BY value",) * 2,
        "timeline by year x label": (
            "SELECT substr(created,1,4), label, count(*) FROM cables GROUP BY 1,2",
            "SELECT year(created), label, count(*) FROM cables GROUP BY 1,2"),
        "filtered count + first page": (
            "SELECT count(*) FROM cables WHERE label LIKE 'SECRET%' AND created BETWEEN '2006-01-01' AND '2008-12-31'",
            "SELECT count(*) FROM cables WHERE label LIKE 'SECRET%' AND created BETWEEN '2006-01-01' AND '2008-12-31'"),
        "page sorted by date (limit 100)": (
            "SELECT * FROM cables ORDER BY created DESC LIMIT 100",) * 2,
        "facet tags within a tag filter": (
            "SELECT value, count(*) FROM cable_values WHERE facet='tags' AND cable_id IN (SELECT cable_id FROM cable_values WHERE facet='tags' AND value='KNNP') GROUP BY value",) * 2,
        "paragraph markings (all)": (
            "SELECT marking, count(*) FROM paragraphs GROUP BY marking",) * 2,
        "full text: 'nuclear' AND 'iran', top 50": (
            "SELECT p.id, rank FROM par_fts f JOIN paragraphs p ON p.id=f.rowid WHERE par_fts MATCH 'nuclear AND iran' ORDER BY rank LIMIT 50",
            "SELECT id FROM paragraphs WHERE text ILIKE '%nuclear%' AND text ILIKE '%iran%' LIMIT 50"),
        "full text: cables with 'nuclear' AND 'iran' (count)": (
            "SELECT count(*) FROM cable_fts WHERE cable_fts MATCH 'nuclear AND iran'",
            "SELECT count(DISTINCT cable_id) FROM paragraphs WHERE text ILIKE '%nuclear%' AND text ILIKE '%iran%'"),
        "open one cable (paragraphs by cable id)": (
            "SELECT * FROM paragraphs WHERE cable_id = 12345",) * 2,
    }
    db = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    out: dict[str, dict] = {}
    for name, (lite, duck) in queries.items():
        row = {}
        for engine, run in (("sqlite", lambda: db.execute(lite).fetchall()), ("duckdb", lambda: dd.execute(duck).fetchall())):
            times = []
            for _ in range(runs):
                t = time.perf_counter()
                run()
                times.append(time.perf_counter() - t)
            row[engine] = stats_ms(times)["median_ms"]
        out[name] = row
        print(f"{name:55s} sqlite {row['sqlite']:9.1f} ms   duckdb {row['duckdb']:9.1f} ms", flush=True)
    size = dpath.stat().st_size / 1e6
    dd.close()
    dpath.unlink()
    return {"mode": "engines", "store": str(store), "duckdb_copy_s": round(copy_s, 1),
            "duckdb_size_mb_without_json_and_fts": round(size), "median_ms": out,
            "note": "DuckDB's fts extension is not installable offline; DuckDB full text is an ILIKE scan"}


# --- a large store from a smaller one (when the full-pipeline ingest cannot finish in time) -------


def expand_store(source: Path, target: Path, total: int, source_cables: int | None = None) -> dict:
    """A store of `total` cables made by cloning every row of `source` (a store built by the real
    ingest): clone j of cable i gets id i + j*M, key `<key>~x<j>`, a distinct hash, dates j*7 days
    later; paragraphs, events, entities, quotes, facet values and the JSON are copied (the JSON is
    the original's: opening a clone shows the original text); both FTS indexes are rebuilt.
    For query benchmarks at full size only: the ingest itself is measured by `ingest`."""
    from cable_core.store.schema import connect

    for p in target.parent.glob(target.name + "*"):
        p.unlink()
    started = time.perf_counter()
    db = connect(target)
    db.execute("ATTACH ? AS s", (str(source),))
    m = db.execute("SELECT max(id) FROM s.cables").fetchone()[0]
    m = min(m, source_cables or m)  # the source's first M cables (ids 1..M, as the ingest numbers them)
    pm = db.execute("SELECT max(id) FROM s.paragraphs WHERE cable_id <= ?", (m,)).fetchone()[0]
    copies = -(-total // m)
    db.execute("CREATE TEMP TABLE j AS WITH RECURSIVE r(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM r WHERE n + 1 < ?) "
               "SELECT n FROM r", (copies,))
    cols = [r[1] for r in db.execute("PRAGMA s.table_info(cables)")]
    shifted = {"id": f"c.id + j.n * {m}", "key": "CASE WHEN j.n = 0 THEN c.key ELSE c.key || '~x' || j.n END",
               "content_hash": "CASE WHEN j.n = 0 THEN c.content_hash ELSE substr(c.content_hash, 1, 24) || printf('%08d', j.n) END",
               "created": "CASE WHEN j.n = 0 THEN c.created ELSE datetime(c.created, '+' || (j.n * 7) || ' days') END"}
    select = ", ".join(shifted.get(c, f"c.{c}") for c in cols)
    keep = f"c.id <= {m} AND c.id + j.n * {m} <= {total}"
    with db:
        db.execute(f"INSERT INTO cables ({', '.join(cols)}) SELECT {select} FROM s.cables c, j WHERE {keep}")
        db.execute(f"INSERT INTO cable_values SELECT c.cable_id + j.n * {m}, c.facet, c.value, c.meaning "
                   f"FROM s.cable_values c, j WHERE c.cable_id <= {m} AND c.cable_id + j.n * {m} <= {total}")
        db.execute(f"INSERT INTO cable_json SELECT c.cable_id + j.n * {m}, c.data FROM s.cable_json c, j "
                   f"WHERE c.cable_id <= {m} AND c.cable_id + j.n * {m} <= {total}")
        db.execute(f"INSERT INTO paragraphs SELECT c.id + j.n * {pm}, c.cable_id + j.n * {m}, c.idx, c.paragraph, c.marking, "
                   f"c.summary, c.text FROM s.paragraphs c, j WHERE c.cable_id <= {m} AND c.cable_id + j.n * {m} <= {total}")
        db.execute(f"INSERT INTO events SELECT c.cable_id + j.n * {m}, c.event, c.kind, c.title, c.value, c.precision, c.mod, "
                   f"date(c.start, '+' || (j.n * 7) || ' days'), date(c.end, '+' || (j.n * 7) || ' days'), c.paragraph, "
                   f"c.marking, c.expression, c.sentence, c.mentions FROM s.events c, j WHERE c.cable_id <= {m} AND c.cable_id + j.n * {m} <= {total}")
        db.execute(f"INSERT INTO entities SELECT c.cable_id + j.n * {m}, c.entity, c.name, c.name_lower, c.kind, c.title, "
                   f"c.mentions FROM s.entities c, j WHERE c.cable_id <= {m} AND c.cable_id + j.n * {m} <= {total}")
        db.execute(f"INSERT INTO quotes SELECT c.cable_id + j.n * {m}, c.speaker, c.text, c.paragraph, c.marking "
                   f"FROM s.quotes c, j WHERE c.cable_id <= {m} AND c.cable_id + j.n * {m} <= {total}")
    rows_s = time.perf_counter() - started
    with db:
        db.execute("INSERT INTO par_fts(par_fts) VALUES ('rebuild')")
        db.execute("INSERT INTO cable_fts(rowid, text) SELECT c.id, c.subject || char(10) || coalesce(("
                   "SELECT group_concat(p.text, char(10)) FROM paragraphs p WHERE p.cable_id = c.id), '') FROM cables c")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    n = db.execute("SELECT count(*) FROM cables").fetchone()[0]
    db.close()
    return {"mode": "expand", "source": str(source), "source_cables": m, "store": str(target), "cables": n,
            "rows_s": round(rows_s, 1), "total_s": round(time.perf_counter() - started, 1),
            "store_mb": round(store_size_mb(target))}


# --- table -------------------------------------------------------------------------------------


# --- uploads on an opened store -----------------------------------------------------------------


def upload_cables(count: int, run: int) -> list:
    """`count` cables of the project's samples, made new for run `run` (another content hash and
    reference id), as the dashboard's uploader hands them to `StoreCorpus.add_cables`."""
    from cable_core.models import Cable
    from cable_core.pipeline import parse_paths

    files = sorted((PROJECT / "sample_cables").glob("*.txt"))[:count]
    stamp = f"{time.time_ns()}-{run}"
    return [c.model_copy(update={"content_hash": f"{c.content_hash}-{stamp}", "ref_id": f"{c.ref_id}X{stamp}"})
            for c in parse_paths(files) if isinstance(c, Cable)]


def bench_add(store: Path, cables: int, runs: int) -> dict:
    """Wall and CPU time of `add_cables` + the next first view on an opened store, in all and
    each apart (the store is modified: use a copy)."""
    from cable_core.corpus import Filters
    from cable_core.store import open_store

    corpus = open_store(store)
    empty = Filters()
    corpus.overview(empty), corpus.page(empty)  # the store is open, its index loaded
    times: dict[str, list[float]] = {key: [] for key in ("wall", "cpu", "add_wall", "add_cpu", "view_wall", "view_cpu")}
    for run in range(runs):
        batch = upload_cables(cables, run)
        wall, cpu = time.perf_counter(), time.process_time()
        added = corpus.add_cables(batch)
        add_wall, add_cpu = time.perf_counter(), time.process_time()
        corpus.overview(empty), corpus.facets(empty), corpus.page(empty), corpus.timeline_counts(empty)
        end_wall, end_cpu = time.perf_counter(), time.process_time()
        assert added == len(batch), (added, len(batch))
        for key, value in (("wall", end_wall - wall), ("cpu", end_cpu - cpu), ("add_wall", add_wall - wall),
                           ("add_cpu", add_cpu - cpu), ("view_wall", end_wall - add_wall),
                           ("view_cpu", end_cpu - add_cpu)):
            times[key].append(value)
    return {"mode": "add", "store": str(store), "cables": cables, "in_store": corpus.count(empty),
            **{key: stats_ms(values) for key, values in times.items()}}


def table(files: list[Path]) -> str:
    records = [r for f in files for r in json.loads(Path(f).read_text())]
    lines = []
    ingests = [r for r in records if r["mode"] == "ingest"]
    if ingests:
        lines += ["| ingest | cables | workers | wall | cables/s | peak RSS (all processes) | store size |",
                  "|---|---:|---:|---:|---:|---:|---:|"]
        for r in ingests:
            cables = f"{r['cables']:,}" if r.get("cables") is not None else f"interrupted (exit {r.get('exit')})"
            lines.append(f"| {Path(r['csv']).name} | {cables} | {r['workers']} | {r['wall_s'] / 60:.1f} min | "
                         f"{r['cables_per_s']} | {r['peak_rss_all_processes_mb']:,} MB | {r['store_mb']:,} MB |")
        lines.append("")
    queries = sorted((r for r in records if r["mode"] == "queries"), key=lambda r: r["cables"])
    if queries:
        names = [name for name in QUERY_CALLS if all(name in r for r in queries)]
        header = "| call (wall median / p95, CPU median; ms) | " + " | ".join(f"{r['cables']:,} cables" for r in queries)
        if len(queries) >= 2:
            header += " | growth (median) |"
        lines += [header, "|---|" + "---:|" * (len(queries) + (1 if len(queries) >= 2 else 0))]
        for name in names:
            cells = [f"{r[name]['median_ms']:.0f} / {r[name]['p95_ms']:.0f}"
                     + (f", {r['cpu'][name]['median_ms']:.0f}" if name in r.get("cpu", {}) else "") for r in queries]
            if len(queries) >= 2:
                a, b = queries[0][name]["median_ms"], queries[-1][name]["median_ms"]
                cells.append(f"x{b / a:.1f}" if a else "")
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        lines.append("| cold open + first view (s) | " + " | ".join(f"{r['cold_first_view_s']:.2f}" for r in queries)
                     + (" | |" if len(queries) >= 2 else " |"))
        lines.append("| app process RSS (MB, peak) | " + " | ".join(f"{r['app_rss_mb']} ({r['app_peak_rss_mb']})" for r in queries)
                     + (" | |" if len(queries) >= 2 else " |"))
        lines.append("| store size (MB) | " + " | ".join(f"{r['store_mb']:,}" for r in queries)
                     + (" | |" if len(queries) >= 2 else " |"))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    p = sub.add_parser("ingest")
    p.add_argument("--csv", default="/tmp/synthetic_release.csv")
    p.add_argument("--store", required=True)
    p.add_argument("--workers", type=int, default=2)
    p = sub.add_parser("queries")
    p.add_argument("--store", required=True)
    p.add_argument("--runs", type=int, default=15)
    p = sub.add_parser("profile")
    p.add_argument("--csv", default="/tmp/synthetic_release.csv")
    p.add_argument("--cables", type=int, default=400)
    p = sub.add_parser("engines")
    p.add_argument("--store", required=True)
    p.add_argument("--runs", type=int, default=5)
    p = sub.add_parser("expand")
    p.add_argument("--source", required=True)
    p.add_argument("--store", required=True)
    p.add_argument("--cables", type=int, default=251_287)
    p.add_argument("--source-cables", type=int, default=None)
    p = sub.add_parser("add")
    p.add_argument("--store", required=True)
    p.add_argument("--cables", type=int, default=3)
    p.add_argument("--runs", type=int, default=5)
    p = sub.add_parser("table")
    p.add_argument("files", nargs="+")
    for name, s in sub.choices.items():
        if name != "table":
            s.add_argument("--out", default="/tmp/bench_scale.json")
    args = parser.parse_args(argv)
    if args.mode == "table":
        print(table([Path(f) for f in args.files]))
        return 0
    if args.mode == "ingest":
        record = bench_ingest(Path(args.csv), Path(args.store), args.workers)
    elif args.mode == "queries":
        record = bench_queries(Path(args.store), args.runs)
    elif args.mode == "profile":
        record = bench_profile(Path(args.csv), args.cables)
    elif args.mode == "add":
        record = bench_add(Path(args.store), args.cables, args.runs)
    elif args.mode == "expand":
        record = expand_store(Path(args.source), Path(args.store), args.cables, args.source_cables)
    else:
        record = bench_engines(Path(args.store), args.runs)
    record["at"] = time.strftime("%Y-%m-%d %H:%M:%S")
    save(Path(args.out), record)
    return 0


if __name__ == "__main__":
    sys.exit(main())
