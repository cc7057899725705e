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
import os
import threading
import zlib
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path

import numpy as np
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


def fts_query(terms: Sequence[str], op: str = "AND", prefix: bool = True) -> str:
    """An FTS5 query: every term as a quoted phrase. With `prefix` (the `query` filter) the last
    token is a prefix (`iran` finds `Iranian`, close to the in-memory corpus's substring match);
    ranked search uses whole words: a prefix such as `met*` multiplies the paragraphs to rank."""
    parts = []
    for term in terms:
        tokens = [t for t in "".join(ch if ch.isalnum() else " " for ch in term).split() if t]
        if tokens:
            parts.append('"' + " ".join(tokens) + '"' + ("*" if prefix else ""))
    return f" {op} ".join(parts)


_NO_DATE = np.iinfo(np.int64).min
_SIDECAR_VERSION = 2


def _ints(text: str | None) -> np.ndarray:
    return np.array(text.split(","), dtype=np.int64) if text else np.zeros(0, np.int64)


def _build_arrays(db) -> dict[str, np.ndarray]:
    """The index's arrays straight from SQLite: group_concat of ids per value (fast to parse)."""
    ids = _ints(db.execute("SELECT group_concat(id) FROM (SELECT id FROM cables ORDER BY id)").fetchone()[0])
    n = len(ids)
    out: dict[str, np.ndarray] = {"ids": ids}

    def rows_of(id_text: str | None) -> np.ndarray:
        return np.searchsorted(ids, _ints(id_text))

    for col in ("label", "origin", "precedence"):
        codes = np.zeros(n, np.int32)
        names = []
        for i, (value, id_text) in enumerate(db.execute(
                f"SELECT {col}, group_concat(id) FROM cables GROUP BY {col} ORDER BY {col}")):
            names.append(value)
            codes[rows_of(id_text)] = i
        out[f"{col}_codes"], out[f"{col}_names"] = codes, np.array(names, dtype=object)
    rows = db.execute("SELECT coalesce(CAST(strftime('%s', created) AS INTEGER), ?), paragraphs, uploaded "
                      "FROM cables ORDER BY id", (int(_NO_DATE),)).fetchall()
    table = np.array(rows, dtype=np.int64).reshape(-1, 3)
    out["created"], out["paragraphs"], out["uploaded"] = table[:, 0].copy(), table[:, 1].copy(), table[:, 2].copy()
    order = rows_of(db.execute("SELECT group_concat(id) FROM (SELECT id FROM cables ORDER BY ref_id, id)").fetchone()[0])
    rank = np.empty(n, np.int64)
    rank[order] = np.arange(n)
    out["ref_rank"] = rank
    for facet in ("tags", "caveats"):
        names, parts_rows, parts_codes = [], [], []
        for i, (value, id_text) in enumerate(db.execute(
                "SELECT value, group_concat(cable_id) FROM (SELECT DISTINCT value, cable_id FROM cable_values "
                "WHERE facet = ?) GROUP BY value ORDER BY value", (facet,))):
            names.append(value)
            r = rows_of(id_text)
            parts_rows.append(r)
            parts_codes.append(np.full(len(r), i, np.int32))
        out[f"{facet}_rows"] = np.concatenate(parts_rows) if parts_rows else np.zeros(0, np.int64)
        out[f"{facet}_codes"] = np.concatenate(parts_codes) if parts_codes else np.zeros(0, np.int32)
        out[f"{facet}_names"] = np.array(names, dtype=object)
    # entities: which cables mention each entity, and how often (the People page's counts)
    ent_names, ent_labels, ent_kinds, ent_titles, e_rows, e_codes, e_mentions = [], [], [], [], [], [], []
    for i, (entity, name, kind, title, id_text, mention_text) in enumerate(db.execute(
            "SELECT entity, min(name), min(kind), coalesce(max(nullif(title, '')), ''), group_concat(cable_id), "
            "group_concat(mentions) FROM entities GROUP BY entity ORDER BY entity")):
        ent_names.append(entity)
        ent_labels.append(name)
        ent_kinds.append(kind)
        ent_titles.append(title)
        r = rows_of(id_text)
        e_rows.append(r)
        e_codes.append(np.full(len(r), i, np.int32))
        e_mentions.append(_ints(mention_text))
    out["entity_rows"] = np.concatenate(e_rows) if e_rows else np.zeros(0, np.int64)
    out["entity_codes"] = np.concatenate(e_codes) if e_codes else np.zeros(0, np.int32)
    out["entity_mentions"] = np.concatenate(e_mentions) if e_mentions else np.zeros(0, np.int64)
    for key, values in (("entity_ids", ent_names), ("entity_names", ent_labels), ("entity_kinds", ent_kinds),
                        ("entity_titles", ent_titles)):
        out[key] = np.array(values, dtype=object)
    return out


def _load_sidecar(path: Path | None, n: int, max_id: int) -> dict[str, np.ndarray] | None:
    if path is None or not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=True) as data:
            if tuple(data["stamp"]) != (_SIDECAR_VERSION, n, max_id):
                return None
            return {k: data[k] for k in data.files}
    except (OSError, ValueError, KeyError):
        return None


def _save_sidecar(path: Path | None, arrays: dict[str, np.ndarray], n: int, max_id: int) -> None:
    """Best effort: a read-only folder just means the index is rebuilt at the next opening."""
    if path is None:
        return
    try:
        tmp = path.with_name(path.name + ".tmp.npz")
        np.savez(tmp, stamp=np.array([_SIDECAR_VERSION, n, max_id]), **arrays)
        os.replace(tmp, path)
    except OSError:
        pass


class CableIndex:
    """The cables' filterable columns as numpy arrays (about 100 bytes a cable: 25 MB at 251,287),
    so that counts, facets, overview, timeline and the order of a page are computed in
    milliseconds whatever the filter. Paragraphs, events, entities and JSON stay in SQLite."""

    def __init__(self, db, sidecar: Path | None = None) -> None:
        self._names: dict[int, list[str]] = {}
        n, max_id = db.execute("SELECT count(*), coalesce(max(id), 0) FROM cables").fetchone()
        arrays = _load_sidecar(sidecar, n, max_id)
        if arrays is None:
            arrays = _build_arrays(db)
            _save_sidecar(sidecar, arrays, n, max_id)
        self.n = n
        self.ids = arrays["ids"]
        self.cat = {col: pd.Categorical.from_codes(arrays[f"{col}_codes"], categories=list(arrays[f"{col}_names"]))
                    for col in ("label", "origin", "precedence")}
        epoch = arrays["created"]
        self.has_date = epoch != _NO_DATE
        self.created = np.where(self.has_date, epoch, 0).astype("datetime64[s]")
        self.created_key = np.where(self.has_date, epoch, np.iinfo(np.int64).max)
        self.paragraphs = arrays["paragraphs"]
        self.uploaded = arrays["uploaded"].astype(bool)
        self.ref_rank = arrays["ref_rank"]
        self.entity_rows, self.entity_codes = arrays["entity_rows"], arrays["entity_codes"]
        self.entity_mentions = arrays["entity_mentions"]
        self.entity_ids = arrays["entity_ids"].tolist()
        self.entity_names = arrays["entity_names"].tolist()
        self.entity_kinds = np.array(arrays["entity_kinds"].tolist(), dtype=object)
        self.entity_titles = arrays["entity_titles"].tolist()
        name_order = np.argsort(np.array(self.entity_names, dtype=object), kind="stable")
        self.entity_name_rank = np.empty(len(name_order), np.int64)
        self.entity_name_rank[name_order] = np.arange(len(name_order))
        self.multi: dict[str, tuple[np.ndarray, pd.Categorical]] = {
            facet: (arrays[f"{facet}_rows"],
                    pd.Categorical.from_codes(arrays[f"{facet}_codes"], categories=list(arrays[f"{facet}_names"])))
            for facet in ("tags", "caveats")}

    def names(self, cat: pd.Categorical) -> list[str]:
        key = id(cat)
        if key not in self._names:
            self._names[key] = [str(v) for v in cat.categories.tolist()]
        return self._names[key]

    def codes_of(self, cat: pd.Categorical, chosen: Sequence[str]) -> np.ndarray:
        index = cat.categories.get_indexer(list(chosen))
        return index[index >= 0]

    def rows_of_ids(self, ids: Iterable[int]) -> np.ndarray:
        ids = np.fromiter(ids, np.int64)
        pos = np.searchsorted(self.ids, ids)
        valid = pos < self.n
        pos, ids = pos[valid], ids[valid]
        return pos[self.ids[pos] == ids]

    def mask(self, f: Filters, sql_ids) -> np.ndarray:
        m = np.ones(self.n, bool)
        for facet, column in _COLUMN_OF.items():
            chosen = getattr(f, facet)
            if chosen:
                cat = self.cat[column]
                m &= np.isin(cat.codes, self.codes_of(cat, chosen))
        for facet in ("caveats", "tags"):
            chosen = getattr(f, facet)
            if chosen:
                rows, cat = self.multi[facet]
                hit = np.zeros(self.n, bool)
                hit[rows[np.isin(cat.codes, self.codes_of(cat, chosen))]] = True
                m &= hit
        if f.date_from:
            m &= self.has_date & (self.created >= np.datetime64(f.date_from.isoformat(), "s"))
        if f.date_to:
            m &= self.has_date & (self.created < np.datetime64((f.date_to + timedelta(days=1)).isoformat(), "s"))
        for ids in sql_ids(f):
            hit = np.zeros(self.n, bool)
            hit[self.rows_of_ids(ids)] = True
            m &= hit
        return m


class StoreCorpus:
    """Every method of `Corpus` over a store built by `python -m cable_core ingest`."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._db = connect(self.path, readonly=True)
        self._lock = threading.RLock()  # Streamlit may call from several script threads
        self._cache: dict[tuple, object] = {}
        self._index: CableIndex | None = None
        self._masks: dict[str, np.ndarray] = {}
        indexes = {name for (name,) in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        self._events_by_date = "events_start_cable" if "events_start_cable" in indexes else "events_start"

    # --- plumbing ---------------------------------------------------------------------------

    def _q(self, sql: str, params: Sequence = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def _frame(self, sql: str, params: Sequence, columns: list[str]) -> pd.DataFrame:
        return pd.DataFrame(self._q(sql, params), columns=columns)

    def clear_cache(self, index: bool = False) -> None:
        self._cache.clear()
        self._masks.clear()
        if index:
            self._index = None

    @property
    def index(self) -> CableIndex:
        with self._lock:
            if self._index is None:
                self._index = CableIndex(self._db, self.path.with_name(self.path.name + ".index.npz"))
            return self._index

    def _sql_ids(self, f: Filters):
        """Id sets of the filters answered by SQL indexes: the full-text query and the entity."""
        terms = query_terms(f.query)
        match = fts_query(terms) if terms else ""
        if match:
            yield (i for (i,) in self._q("SELECT rowid FROM cable_fts WHERE cable_fts MATCH ?", [match]))
        if f.entity:
            yield (i for (i,) in self._q("SELECT DISTINCT cable_id FROM entities WHERE entity = ? OR name_lower = ?",
                                         [f.entity.strip(), f.entity.strip().lower()]))

    def selection(self, f: Filters, column: str = "cable_id") -> tuple[str, list, int]:
        """(SQL condition on `column`, parameters, cables kept): the filtered cables' ids as a JSON
        array read by json_each, or "1" when nothing is filtered out."""
        ix, m = self.index, self.mask(f)
        kept = int(m.sum())
        if kept == ix.n:
            return "1", [], kept
        return (f"{column} IN (SELECT value FROM json_each(?))",
                [json.dumps(ix.ids[m].tolist())], kept)

    def mask(self, f: Filters) -> np.ndarray:
        """Which rows of the index the filters keep."""
        key = f.model_dump_json()
        if key not in self._masks:
            if len(self._masks) > 32:
                self._masks.clear()
            self._masks[key] = self.index.mask(f, self._sql_ids)
        return self._masks[key]

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
        return int(self.mask(filters).sum())

    def overview(self, filters: Filters) -> Overview:
        ix, m = self.index, self.mask(filters)
        dated = ix.created[m & ix.has_date]
        labels = ix.cat["label"]
        counts = np.bincount(labels.codes[m], minlength=len(labels.categories))
        origins = ix.cat["origin"]
        origin_present = np.bincount(origins.codes[m], minlength=len(origins.categories)) > 0
        empty = origins.categories.get_indexer([""])
        if empty[0] >= 0:
            origin_present[empty[0]] = False
        return Overview(
            count=int(m.sum()),
            first=pd.Timestamp(dated.min()).date() if len(dated) else None,
            last=pd.Timestamp(dated.max()).date() if len(dated) else None,
            labels={ix.names(labels)[i]: int(counts[i]) for i in np.argsort(-counts, kind="stable") if counts[i]},
            origins=int(origin_present.sum()), paragraphs=int(ix.paragraphs[m].sum()),
            uploaded=int(ix.uploaded[m].sum()))

    def page(self, filters: Filters, sort: SortKey = "created", descending: bool = True,
             offset: int = 0, limit: int = 100) -> pd.DataFrame:
        sort = sort if sort in _SORTS else "created"
        cols = ", ".join(f"c.{col}" for col in CABLE_COLUMNS)
        if sort == "subject":  # no subject array in the index: SQLite sorts
            where, params = self.where(filters)
            direction = "DESC" if descending else "ASC"
            rows = self._q(f"SELECT {cols} FROM cables c WHERE {where} ORDER BY c.subject {direction}, "
                           f"c.ref_id ASC LIMIT ? OFFSET ?", [*params, int(limit), int(offset)])
        else:
            ix, m = self.index, self.mask(filters)
            rows_kept = np.flatnonzero(m)
            if sort == "created":
                key = ix.created_key[rows_kept]
                if descending:  # missing dates last in both directions, as pandas does
                    key = np.where(ix.has_date[rows_kept], -key, np.iinfo(np.int64).max)
            elif sort == "ref_id":
                key = ix.ref_rank[rows_kept] * (-1 if descending else 1)
            elif sort == "paragraphs":
                key = ix.paragraphs[rows_kept] * (-1 if descending else 1)
            else:
                key = ix.cat[sort].codes[rows_kept].astype(np.int64) * (-1 if descending else 1)
            order = np.lexsort((ix.ref_rank[rows_kept], key))[int(offset):int(offset) + int(limit)]
            ids = [int(i) for i in ix.ids[rows_kept[order]]]
            found = {r[0]: r for r in self._q(
                f"SELECT c.id, {cols} FROM cables c WHERE c.id IN ({','.join('?' * len(ids))})", ids)} if ids else {}
            rows = [found[i][1:] for i in ids if i in found]
        frame = pd.DataFrame(rows, columns=CABLE_COLUMNS)
        frame["created"] = pd.to_datetime(frame["created"], format="%Y-%m-%d %H:%M:%S")
        frame["uploaded"] = frame["uploaded"].astype(bool)
        return frame

    def facets(self, filters: Filters) -> dict[str, list[FacetValue]]:
        from cable_core.conventions import caption_meanings, tag_meanings

        meanings = {"tags": tag_meanings(), "caveats": caption_meanings()}
        ix = self.index
        out: dict[str, list[FacetValue]] = {}
        for facet in FACETS:
            m = self.mask(filters.without(facet))
            if facet in ("caveats", "tags"):
                rows, cat = ix.multi[facet]
                counts = np.bincount(cat.codes[m[rows]], minlength=len(cat.categories))
            else:
                cat = ix.cat[_COLUMN_OF[facet]]
                counts = np.bincount(cat.codes[m], minlength=len(cat.categories))
            known = meanings.get(facet, {})
            names = ix.names(cat)
            values = [FacetValue(value=names[i], count=int(counts[i]), meaning=known.get(names[i], ""))
                      for i in np.flatnonzero(counts) if names[i] != ""]
            present = {v.value for v in values}
            values += [FacetValue(value=v, count=0, meaning=known.get(v, ""))
                       for v in getattr(filters, facet) if v not in present]
            out[facet] = sorted(values, key=lambda v: (-v.count, v.value))
        return out

    def timeline_counts(self, filters: Filters, freq: str = "YS") -> pd.DataFrame:
        ix = self.index
        m = self.mask(filters) & ix.has_date
        created = ix.created[m]
        if freq == "MS":
            period = created.astype("datetime64[M]")
        elif freq == "QS":
            months = created.astype("datetime64[M]").astype(np.int64)
            period = (months - months % 3).astype("datetime64[M]")
        else:
            period = created.astype("datetime64[Y]")
        labels = ix.cat["label"]
        if not len(created):
            return pd.DataFrame(columns=["period", "label", "count"])
        names = ix.names(labels)
        # count (period, label) pairs with numpy; labels in name order within a period, as pandas groupby sorts
        order_of_code = np.argsort(np.argsort(np.array(names, dtype=object)))
        steps = period.astype(np.int64)
        key = (steps - steps.min()) * len(names) + order_of_code[labels.codes[m]]
        unique, counts = np.unique(key, return_counts=True)
        by_order = np.argsort(np.array(names, dtype=object))
        return pd.DataFrame({
            "period": (unique // len(names) + steps.min()).astype(period.dtype).astype("datetime64[s]"),
            "label": [names[by_order[k]] for k in unique % len(names)],
            "count": counts.astype(np.int64)})

    def events(self, filters: Filters, limit: int = 5000, kinds: Sequence[str] | None = None) -> pd.DataFrame:
        cond, params, kept = self.selection(filters, "e.cable_id")
        kind_sql = ""
        if kinds is not None:
            kinds = list(kinds)
            kind_sql = f" AND e.kind IN ({','.join('?' * len(kinds))})" if kinds else " AND 0"
            params = [*params, *kinds]
        # a few cables: read their events through events_cable and sort them; more (2% or more of the
        # store): walk the (start, cable_id) index in date order, keeping the set's events, until `limit`
        few = cond != "1" and kept < max(2000, self.index.n // 50)
        source = "events e" if few else f"events e INDEXED BY {self._events_by_date}"
        rows = self._q(
            f"SELECT c.key, c.ref_id, c.label, e.event, e.kind, e.title, e.value, e.precision, e.mod, e.start, "
            f"e.end, e.paragraph, e.marking, e.expression, e.sentence, e.mentions "
            f"FROM {source} JOIN cables c ON c.id = e.cable_id WHERE {cond}{kind_sql} "
            f"ORDER BY e.start, c.ref_id, e.event LIMIT ?", [*params, int(limit)])
        frame = pd.DataFrame(rows, columns=EVENT_COLUMNS)
        frame["start"] = pd.to_datetime(frame["start"], format="%Y-%m-%d")
        frame["end"] = pd.to_datetime(frame["end"], format="%Y-%m-%d")
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
        ix, m = self.index, self.mask(filters)
        kept = m[ix.entity_rows]
        codes = ix.entity_codes[kept]
        size = len(ix.entity_ids)
        cables = np.bincount(codes, minlength=size)
        mentions = np.bincount(codes, weights=ix.entity_mentions[kept], minlength=size).astype(np.int64)
        wanted = cables > 0
        if kinds:
            wanted &= np.isin(ix.entity_kinds, list(kinds))
        chosen = np.flatnonzero(wanted)
        order = chosen[np.lexsort((ix.entity_name_rank[chosen], -mentions[chosen], -cables[chosen]))][:int(limit)]
        return pd.DataFrame({
            "id": [ix.entity_ids[i] for i in order], "name": [ix.entity_names[i] for i in order],
            "kind": [ix.entity_kinds[i] for i in order], "title": [ix.entity_titles[i] for i in order],
            "cables": cables[order].astype(np.int64), "mentions": mentions[order]}, columns=ENTITY_COLUMNS)

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
        match_all = fts_query(terms, "AND", prefix=False)
        if not match_all:
            return pd.DataFrame(columns=SEARCH_COLUMNS)
        where, params = self.where(filters)
        filtered = where != "1"
        rows: list[tuple] = []
        seen: set[int] = set()
        # paragraphs with every term (bm25 order); only when none has them all, those with some of them
        # (an OR over common words matches a large part of a 250k-cable store: ranking it costs seconds)
        for match in dict.fromkeys([match_all, fts_query(terms, "OR", prefix=False)]):
            if rows:
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
        with self._lock:  # a fresh read connection: the old one may still hold its read snapshot
            self._db.close()
            self._db = connect(self.path, readonly=True)
        self.clear_cache(index=True)
        return added

    def failures(self, limit: int = 1000) -> pd.DataFrame:
        return self._frame("SELECT path, idx, error FROM failures ORDER BY path, idx LIMIT ?", [int(limit)],
                           ["path", "index", "error"])

    def __len__(self) -> int:
        return int(self._q("SELECT count(*) FROM cables")[0][0])
