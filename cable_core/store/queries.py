"""`StoreCorpus`: the dashboard's `Corpus` protocol (cable_core/corpus.py) answered with SQL.

Never loads all paragraphs or events: every method is one or a few SQL queries whose results
are aggregates or pages (LIMIT). Filters become a WHERE clause over `cables c`; the multi-valued
facets, the entity filter and the full-text `query` filter become `c.id IN (subquery)` on indexed
tables (`cable_values`, `entities`, the `cable_fts` index). Read-only except `add_cables` (uploads).

Results of the aggregate methods are cached per filter set (the store does not change under a
reader except through `add_cables`, which clears the cache); `clear_cache()` for benchmarks.
"""

from __future__ import annotations

import json
import threading
import zlib
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from cable_core.corpus import (
    CABLE_COLUMNS,
    ENTITY_COLUMNS,
    EVENT_COLUMNS,
    FACETS,
    SEARCH_COLUMNS,
    ExportFormat,
    ExportWhat,
    Filters,
    FacetValue,
    MarkingReport,
    Overview,
    SortKey,
    _snippet,
    level_rank,
    marking_level_rank,
    query_terms,
)
from cable_core.models import Cable
from cable_core.store.schema import connect

_COLUMN_OF = {"labels": "label", "origins": "origin", "precedences": "precedence"}
_SORTS = {"created", "ref_id", "origin", "label", "subject", "precedence", "paragraphs"}


def fts_query(terms: Sequence[str], op: str = "AND") -> str:
    """An FTS5 query: every term as a quoted phrase, the last token a prefix (`iran` finds
    `Iranian`, close to the in-memory corpus's substring match)."""
    parts = []
    for term in terms:
        tokens = [t for t in "".join(ch if ch.isalnum() else " " for ch in term).split() if t]
        if tokens:
            parts.append('"' + " ".join(tokens) + '"*')
    return f" {op} ".join(parts)


class StoreCorpus:
    """Every method of `Corpus` over a store built by `python -m cable_core ingest`."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._db = connect(self.path, readonly=True)
        self._lock = threading.RLock()  # Streamlit may call from several script threads
        self._cache: dict[tuple, object] = {}

    # --- plumbing ---------------------------------------------------------------------------

    def _q(self, sql: str, params: Sequence = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def _frame(self, sql: str, params: Sequence, columns: list[str]) -> pd.DataFrame:
        return pd.DataFrame(self._q(sql, params), columns=columns)

    def _cached(self, name: str, filters: Filters, compute, *extra):
        key = (name, filters.model_dump_json(), *extra)
        if key not in self._cache:
            if len(self._cache) > 512:
                self._cache.clear()
            self._cache[key] = compute()
        return self._cache[key]

    def clear_cache(self) -> None:
        self._cache.clear()

    def close(self) -> None:
        self._db.close()

    def where(self, f: Filters, alias: str = "c") -> tuple[str, list]:
        """The filters as a WHERE clause over `cables {alias}` (+ parameters)."""
        clauses: list[str] = []
        params: list = []
        for facet, column in _COLUMN_OF.items():
            chosen = getattr(f, facet)
            if chosen:
                clauses.append(f"{alias}.{column} IN ({','.join('?' * len(chosen))})")
                params += chosen
        for facet in ("caveats", "tags"):
            chosen = getattr(f, facet)
            if chosen:
                clauses.append(f"{alias}.id IN (SELECT cable_id FROM cable_values WHERE facet = ? "
                               f"AND value IN ({','.join('?' * len(chosen))}))")
                params += [facet, *chosen]
        if f.date_from:
            clauses.append(f"{alias}.created >= ?")
            params.append(f.date_from.isoformat())
        if f.date_to:
            clauses.append(f"{alias}.created < ?")
            params.append((f.date_to + timedelta(days=1)).isoformat())
        terms = query_terms(f.query)
        if terms:
            match = fts_query(terms)
            if match:
                clauses.append(f"{alias}.id IN (SELECT rowid FROM cable_fts WHERE cable_fts MATCH ?)")
                params.append(match)
        if f.entity:
            needle = f.entity.strip().lower()
            clauses.append(f"{alias}.id IN (SELECT cable_id FROM entities WHERE entity = ? OR name_lower = ?)")
            params += [f.entity.strip(), needle]
        return (" AND ".join(clauses) or "1"), params

    # --- the interface ------------------------------------------------------------------------

    def count(self, filters: Filters) -> int:
        def compute() -> int:
            where, params = self.where(filters)
            return int(self._q(f"SELECT count(*) FROM cables c WHERE {where}", params)[0][0])

        return self._cached("count", filters, compute)

    def overview(self, filters: Filters) -> Overview:
        def compute() -> Overview:
            where, params = self.where(filters)
            n, first, last, origins, paragraphs, uploaded = self._q(
                f"SELECT count(*), min(created), max(created), count(DISTINCT nullif(origin, '')), "
                f"coalesce(sum(paragraphs), 0), coalesce(sum(uploaded), 0) FROM cables c WHERE {where}", params)[0]
            labels = self._q(f"SELECT label, count(*) FROM cables c WHERE {where} GROUP BY label "
                             f"ORDER BY 2 DESC, 1", params)
            return Overview(count=n, first=date.fromisoformat(first[:10]) if first else None,
                            last=date.fromisoformat(last[:10]) if last else None,
                            labels={str(k): int(v) for k, v in labels}, origins=origins,
                            paragraphs=paragraphs, uploaded=uploaded)

        return self._cached("overview", filters, compute)

    def page(self, filters: Filters, sort: SortKey = "created", descending: bool = True,
             offset: int = 0, limit: int = 100) -> pd.DataFrame:
        sort = sort if sort in _SORTS else "created"
        where, params = self.where(filters)
        direction = "DESC" if descending else "ASC"
        # pandas sorts missing values last in both directions; SQLite puts NULL first in ASC
        nulls = " NULLS LAST" if not descending else ""
        cols = ", ".join(f"c.{col}" for col in CABLE_COLUMNS)
        rows = self._q(f"SELECT {cols} FROM cables c WHERE {where} ORDER BY c.{sort} {direction}{nulls}, "
                       f"c.ref_id ASC LIMIT ? OFFSET ?", [*params, int(limit), int(offset)])
        frame = pd.DataFrame(rows, columns=CABLE_COLUMNS)
        frame["created"] = pd.to_datetime(frame["created"])
        frame["uploaded"] = frame["uploaded"].astype(bool)
        return frame

    def facets(self, filters: Filters) -> dict[str, list[FacetValue]]:
        def compute() -> dict[str, list[FacetValue]]:
            from cable_core.conventions import caption_meanings, tag_meanings

            meanings = {"tags": tag_meanings(), "caveats": caption_meanings()}
            out: dict[str, list[FacetValue]] = {}
            for facet in FACETS:
                where, params = self.where(filters.without(facet))
                if facet in ("caveats", "tags"):
                    if where == "1":
                        sql = "SELECT value, count(*) FROM cable_values WHERE facet = ? GROUP BY value"
                        rows = self._q(sql, [facet])
                    else:
                        sql = (f"SELECT v.value, count(*) FROM cable_values v WHERE v.facet = ? AND v.cable_id IN "
                               f"(SELECT c.id FROM cables c WHERE {where}) GROUP BY v.value")
                        rows = self._q(sql, [facet, *params])
                else:
                    column = _COLUMN_OF[facet]
                    rows = self._q(f"SELECT c.{column}, count(*) FROM cables c WHERE {where} AND c.{column} != '' "
                                   f"GROUP BY c.{column}", params)
                known = meanings.get(facet, {})
                values = [FacetValue(value=str(v), count=int(n), meaning=known.get(str(v), "")) for v, n in rows]
                present = {v.value for v in values}
                values += [FacetValue(value=v, count=0, meaning=known.get(v, ""))
                           for v in getattr(filters, facet) if v not in present]
                out[facet] = sorted(values, key=lambda v: (-v.count, v.value))
            return out

        return self._cached("facets", filters, compute)

    def timeline_counts(self, filters: Filters, freq: str = "YS") -> pd.DataFrame:
        def compute() -> pd.DataFrame:
            where, params = self.where(filters)
            period = {
                "MS": "substr(c.created, 1, 7) || '-01'",
                "QS": "substr(c.created, 1, 5) || printf('%02d', ((CAST(substr(c.created, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01'",
            }.get(freq, "substr(c.created, 1, 4) || '-01-01'")
            rows = self._q(f"SELECT {period} AS period, c.label, count(*) FROM cables c "
                           f"WHERE {where} AND c.created IS NOT NULL GROUP BY period, c.label ORDER BY period, c.label",
                           params)
            frame = pd.DataFrame(rows, columns=["period", "label", "count"])
            frame["period"] = pd.to_datetime(frame["period"])
            return frame

        return self._cached("timeline", filters, compute, freq)

    def events(self, filters: Filters, limit: int = 5000, kinds: Sequence[str] | None = None) -> pd.DataFrame:
        where, params = self.where(filters)
        kind_sql = ""
        if kinds is not None:
            kinds = list(kinds)
            kind_sql = f" AND e.kind IN ({','.join('?' * len(kinds))})" if kinds else " AND 0"
            params = [*params, *kinds]
        rows = self._q(
            f"SELECT c.key, c.ref_id, c.label, e.event, e.kind, e.title, e.value, e.precision, e.mod, e.start, "
            f"e.end, e.paragraph, e.marking, e.expression, e.sentence, e.mentions "
            f"FROM events e JOIN cables c ON c.id = e.cable_id WHERE {where}{kind_sql} "
            f"ORDER BY e.start, c.ref_id, e.event LIMIT ?", [*params, int(limit)])
        frame = pd.DataFrame(rows, columns=EVENT_COLUMNS)
        frame["start"] = pd.to_datetime(frame["start"])
        frame["end"] = pd.to_datetime(frame["end"])
        return frame

    def paragraph_markings(self, filters: Filters, limit: int = 500) -> MarkingReport:
        where, params = self.where(filters)
        sub = f"SELECT c.id FROM cables c WHERE {where}"
        labels = self._frame(f"SELECT label, count(*) AS cables FROM cables c WHERE {where} GROUP BY label "
                             f"ORDER BY cables DESC, label", params, ["label", "cables"])
        pairs = self._frame(
            f"SELECT c.label, CASE WHEN p.marking = '' THEN '(unmarked)' ELSE p.marking END, count(*) "
            f"FROM paragraphs p JOIN cables c ON c.id = p.cable_id WHERE {where} GROUP BY 1, 2", params,
            ["label", "marking", "paragraphs"])
        markings = (pairs.groupby("marking")["paragraphs"].sum().sort_values(ascending=False)
                    .rename("paragraphs").rename_axis("marking").reset_index())
        above_pairs = [(lab, mark) for lab, mark in zip(pairs["label"], pairs["marking"])
                       if mark != "(unmarked)" and level_rank(lab) is not None
                       and marking_level_rank(mark) is not None and marking_level_rank(mark) > level_rank(lab)]
        above_count = int(pairs.set_index(["label", "marking"]).loc[above_pairs, "paragraphs"].sum()) if above_pairs else 0
        cols = ["key", "ref_id", "label", "paragraph", "marking", "text"]
        if above_pairs:
            cond = " OR ".join("(c.label = ? AND p.marking = ?)" for _ in above_pairs)
            above = self._frame(
                f"SELECT c.key, c.ref_id, c.label, p.paragraph, p.marking, p.text FROM paragraphs p "
                f"JOIN cables c ON c.id = p.cable_id WHERE {where} AND ({cond}) LIMIT ?",
                [*params, *(x for pair in above_pairs for x in pair), int(limit)], cols)
        else:
            above = pd.DataFrame(columns=cols)
        banner_labels = [lab for lab in labels["label"] if (level_rank(lab) or 0) >= 1]
        unmarked_cols = ["key", "ref_id", "label", "paragraph", "text"]
        if banner_labels:
            ph = ",".join("?" * len(banner_labels))
            unmarked_count = int(pairs[(pairs["marking"] == "(unmarked)") & pairs["label"].isin(banner_labels)]
                                 ["paragraphs"].sum())
            unmarked = self._frame(
                f"SELECT c.key, c.ref_id, c.label, p.paragraph, p.text FROM paragraphs p JOIN cables c "
                f"ON c.id = p.cable_id WHERE {where} AND p.marking = '' AND c.label IN ({ph}) LIMIT ?",
                [*params, *banner_labels, int(limit)], unmarked_cols)
        else:
            unmarked_count, unmarked = 0, pd.DataFrame(columns=unmarked_cols)
        today = date.today().isoformat()
        declass = self._frame(
            f"SELECT CAST(substr(declassify_on, 1, 4) AS INTEGER) AS year, "
            f"CASE WHEN declassify_on <= ? THEN 'passed' ELSE 'due' END AS status, count(*) FROM cables c "
            f"WHERE {where} AND declassify_on IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2", [today, *params],
            ["year", "status", "cables"])
        reasons = self._frame(
            f"SELECT value, max(meaning), count(*) AS n FROM cable_values WHERE facet = 'reasons' AND cable_id IN "
            f"({sub}) GROUP BY value ORDER BY n DESC, value", params, ["reason", "meaning", "cables"])
        return MarkingReport(labels=labels, markings=markings, above_banner=above, unmarked=unmarked,
                             unmarked_count=unmarked_count, above_banner_count=above_count,
                             declass_years=declass, reasons=reasons, label_by_marking=pairs)

    def entities(self, filters: Filters, kinds: Sequence[str] | None = None, limit: int = 200) -> pd.DataFrame:
        def compute() -> pd.DataFrame:
            where, params = self.where(filters)
            kind_sql, kind_params = "", []
            if kinds:
                kind_sql = f" AND e.kind IN ({','.join('?' * len(kinds))})"
                kind_params = list(kinds)
            source = "entities e" if where == "1" else f"entities e JOIN cables c ON c.id = e.cable_id"
            cond = "1" if where == "1" else where
            return self._frame(
                f"SELECT e.entity, min(e.name), min(e.kind), coalesce(max(nullif(e.title, '')), ''), "
                f"count(DISTINCT e.cable_id) AS cables, sum(e.mentions) AS mentions FROM {source} "
                f"WHERE {cond}{kind_sql} GROUP BY e.entity ORDER BY cables DESC, mentions DESC, 2 LIMIT ?",
                [*params, *kind_params, int(limit)], ENTITY_COLUMNS)

        return self._cached("entities", filters, compute, tuple(kinds or ()), limit)

    def cooccurrence(self, filters: Filters, entity: str | None = None, limit: int = 200) -> pd.DataFrame:
        cols = ["a", "a_name", "b", "b_name", "cables"]
        where, params = self.where(filters)
        if entity:
            rows = self._q(
                f"SELECT a.entity, min(a.name), b.entity, min(b.name), count(DISTINCT a.cable_id) AS n "
                f"FROM entities a JOIN entities b ON b.cable_id = a.cable_id AND b.entity != a.entity "
                f"JOIN cables c ON c.id = a.cable_id WHERE a.entity = ? AND {where} "
                f"GROUP BY a.entity, b.entity ORDER BY n DESC, 2, 4 LIMIT ?", [entity, *params, int(limit)])
        else:
            # pairs among the 300 entities found in most cables of the set: bounded work at any size
            top = self.entities(filters, limit=300)["id"].tolist()
            if not top:
                return pd.DataFrame(columns=cols)
            ph = ",".join("?" * len(top))
            rows = self._q(
                f"SELECT a.entity, min(a.name), b.entity, min(b.name), count(DISTINCT a.cable_id) AS n "
                f"FROM entities a JOIN entities b ON b.cable_id = a.cable_id AND a.entity < b.entity "
                f"JOIN cables c ON c.id = a.cable_id WHERE a.entity IN ({ph}) AND b.entity IN ({ph}) AND {where} "
                f"GROUP BY a.entity, b.entity ORDER BY n DESC, 2, 4 LIMIT ?", [*top, *top, *params, int(limit)])
        return pd.DataFrame(rows, columns=cols)

    def quotes(self, filters: Filters, limit: int = 500) -> pd.DataFrame:
        where, params = self.where(filters)
        return self._frame(
            f"SELECT c.key, c.ref_id, q.speaker, q.text, q.paragraph, q.marking FROM quotes q "
            f"JOIN cables c ON c.id = q.cable_id WHERE {where} ORDER BY q.cable_id, q.rowid LIMIT ?",
            [*params, int(limit)], ["key", "ref_id", "speaker", "text", "paragraph", "marking"])

    def key_of(self, ref_or_key: str) -> str | None:
        if not ref_or_key:
            return None
        rows = self._q("SELECT key FROM cables WHERE key = ?", [ref_or_key]) or self._q(
            "SELECT key FROM cables WHERE ref_upper = ? ORDER BY id LIMIT 1", [ref_or_key.strip().upper()])
        return rows[0][0] if rows else None

    def get(self, ref_or_key: str) -> Cable | None:
        key = self.key_of(ref_or_key)
        if key is None:
            return None
        rows = self._q("SELECT j.data FROM cables c JOIN cable_json j ON j.cable_id = c.id WHERE c.key = ?", [key])
        return Cable.model_validate_json(zlib.decompress(rows[0][0])) if rows else None

    def known(self, refs: Sequence[str]) -> dict[str, str]:
        wanted = {r.upper(): r for r in refs if r}
        found: dict[str, str] = {}
        keys = list(wanted)
        for i in range(0, len(keys), 500):
            part = keys[i:i + 500]
            for ref_upper, key in self._q(
                    f"SELECT ref_upper, key FROM cables WHERE ref_upper IN ({','.join('?' * len(part))}) ORDER BY id",
                    part):
                found.setdefault(wanted[ref_upper], key)
        return {r: found[r] for r in refs if r in found}

    def search(self, query: str, filters: Filters, limit: int = 50) -> pd.DataFrame:
        terms = query_terms(query)
        match_all = fts_query(terms, "AND")
        if not match_all:
            return pd.DataFrame(columns=SEARCH_COLUMNS)
        where, params = self.where(filters)
        filtered = where != "1"
        rows: list[tuple] = []
        seen: set[int] = set()
        # paragraphs with every term first (bm25 order), then those with only some of them
        for match in dict.fromkeys([match_all, fts_query(terms, "OR")]):
            if len(rows) >= limit:
                break
            if filtered:
                found = self._q(
                    f"SELECT p.id, c.key, c.ref_id, c.created, c.label, c.subject, p.paragraph, p.marking, "
                    f"-par_fts.rank, p.text FROM par_fts JOIN paragraphs p ON p.id = par_fts.rowid "
                    f"JOIN cables c ON c.id = p.cable_id WHERE par_fts MATCH ? AND {where} "
                    f"ORDER BY par_fts.rank LIMIT ?", [match, *params, int(limit) + len(seen)])
            else:  # rank and cut inside FTS5 first, then fetch the few rows
                found = self._q(
                    f"SELECT p.id, c.key, c.ref_id, c.created, c.label, c.subject, p.paragraph, p.marking, "
                    f"-f.rank, p.text FROM (SELECT rowid, rank FROM par_fts WHERE par_fts MATCH ? "
                    f"ORDER BY rank LIMIT ?) f JOIN paragraphs p ON p.id = f.rowid "
                    f"JOIN cables c ON c.id = p.cable_id ORDER BY f.rank", [match, int(limit) + len(seen)])
            for row in found:
                if row[0] not in seen and len(rows) < limit:
                    seen.add(row[0])
                    rows.append(row)
        frame = pd.DataFrame([r[1:] for r in rows],
                             columns=["key", "ref_id", "created", "label", "subject", "paragraph", "marking", "score",
                                      "text"])
        frame["created"] = pd.to_datetime(frame["created"])
        frame["score"] = frame["score"].astype(float).round(3)
        frame["snippet"] = [_snippet(t, terms) for t in frame["text"]]
        return frame[SEARCH_COLUMNS]

    def export(self, filters: Filters, what: ExportWhat, fmt: ExportFormat = "csv") -> bytes:
        where, params = self.where(filters)
        if what == "cables":
            if fmt == "json":
                with self._lock:
                    cur = self._db.execute(f"SELECT j.data FROM cables c JOIN cable_json j ON j.cable_id = c.id "
                                           f"WHERE {where} ORDER BY c.id", params)
                    parts = [zlib.decompress(d).decode("utf-8") for (d,) in cur]
                records = [json.loads(p) for p in parts]
                return json.dumps(records, ensure_ascii=False, indent=1).encode()
            cols = [c for c in CABLE_COLUMNS if c != "uploaded"]
            frame = self._frame(f"SELECT {', '.join('c.' + c for c in cols)} FROM cables c WHERE {where} ORDER BY c.id",
                                params, cols)
            frame["created"] = pd.to_datetime(frame["created"])
            return frame.to_csv(index=False).encode()
        if what == "paragraphs":
            frame = self._frame(
                f"SELECT c.ref_id, c.label, p.paragraph, p.marking, p.summary, p.text FROM paragraphs p "
                f"JOIN cables c ON c.id = p.cable_id WHERE {where} ORDER BY p.id", params,
                ["ref_id", "label", "paragraph", "marking", "summary", "text"])
            return (frame.to_json(orient="records", force_ascii=False, indent=1) if fmt == "json"
                    else frame.to_csv(index=False)).encode()
        from cable_core.events import events_csv, timelinejs

        pairs = []
        with self._lock:
            cur = self._db.execute(f"SELECT c.key, c.ref_id, j.data FROM cables c JOIN cable_json j ON j.cable_id = c.id "
                                   f"WHERE {where} AND c.n_events > 0 ORDER BY c.id", params)
            for key, ref, data in cur:
                cable = Cable.model_validate_json(zlib.decompress(data))
                pairs += [(ref or key, e) for e in cable.events]
        if what == "timelinejs":
            grouped: dict[str, list] = {}
            for ref, e in pairs:
                grouped.setdefault(ref, []).append(e)
            return json.dumps(timelinejs(grouped), ensure_ascii=False, indent=1).encode()
        if fmt == "json":
            return json.dumps([{"cable": ref, **e.model_dump(mode="json")} for ref, e in pairs],
                              ensure_ascii=False, indent=1).encode()
        return events_csv(pairs).encode()

    # --- beyond the protocol -------------------------------------------------------------------

    def add_cables(self, cables: Iterable[Cable], uploaded: bool = True) -> int:
        """Uploads on top of an opened store: written into the store (flagged `uploaded`), skipped
        when their content hash is already there. Returns the number added."""
        from cable_core.store.ingest import Writer, cable_rows

        db = connect(self.path)
        try:
            added, _ = Writer(db).write([cable_rows(c, uploaded=uploaded) for c in cables])
        finally:
            db.close()
        self.clear_cache()
        return added

    @property
    def uploaded_keys(self) -> set[str]:
        return {k for (k,) in self._q("SELECT key FROM cables WHERE uploaded = 1")}

    def failures(self, limit: int = 1000) -> pd.DataFrame:
        return self._frame("SELECT path, idx, error FROM failures ORDER BY path, idx LIMIT ?", [int(limit)],
                           ["path", "index", "error"])

    def __len__(self) -> int:
        return int(self._q("SELECT count(*) FROM cables")[0][0])
