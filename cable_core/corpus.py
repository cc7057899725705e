"""The dashboard's data layer: one `Corpus` interface, answered in memory (`MemoryCorpus`, pandas)
or by a store (`cable_core/store/`, DuckDB). Pages call only these methods, so the same page works
on forty sample cables and on the whole release. No Streamlit here.

Interface (stable; a store implements the same `Corpus` Protocol):

    Filters(labels, caveats, origins, tags, precedences, date_from, date_to, query, entity, refs)
    corpus.count(filters) -> int
    corpus.overview(filters) -> Overview(count, first, last, labels{label: n}, origins, paragraphs)
    corpus.page(filters, sort="created", descending=True, offset=0, limit=100) -> DataFrame
        columns CABLE_COLUMNS: key, ref_id, created, origin, label, precedence, subject, tags,
        caveats, paragraphs, uploaded, source
    corpus.facets(filters) -> {facet: [FacetValue(value, count, meaning)]}   (facet in FACETS;
        each facet's counts apply every other filter, so a chosen value never hides its siblings)
    corpus.timeline_counts(filters, freq="YS") -> DataFrame(period, label, count)
    corpus.events(filters, limit=5000, kinds=None) -> DataFrame EVENT_COLUMNS
    corpus.paragraph_markings(filters, limit=500) -> MarkingReport
    corpus.entities(filters, kinds=None, limit=200) -> DataFrame ENTITY_COLUMNS
    corpus.cooccurrence(filters, entity=None, kinds=None, limit=200) -> DataFrame(a, a_name, b, b_name, cables)
    corpus.quotes(filters, limit=500) -> DataFrame(key, ref_id, speaker, text, paragraph, marking)
    corpus.get(ref_or_key) -> Cable | None
    corpus.key_of(ref_or_key) -> key | None        (a key, or the first cable of a reference id, any case)
    corpus.known(refs) -> dict[ref, key]          (which referenced cables are in the working set)
    corpus.search(query, filters, limit=50) -> DataFrame(key, ref_id, created, label, subject,
        paragraph, marking, score, snippet)        (ranked paragraph hits)
    corpus.export(filters, what, fmt) -> bytes     (what: cables|paragraphs|events|timelinejs;
        fmt: csv|json; timelinejs is always JSON)

Keys: a cable's key is its reference id (or `h:<hash>` without one); a second, different cable
with the same reference id gets `<ref>~2`. Identical content (same hash) is kept once.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, Protocol, runtime_checkable

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field

from .conventions import marking_levels, marking_ranks
from .models import PARTICIPANT_SEPARATOR, Cable

FACETS = ("labels", "caveats", "origins", "tags", "precedences")
CABLE_COLUMNS = ["key", "ref_id", "created", "origin", "label", "precedence", "subject", "tags",
                 "caveats", "paragraphs", "uploaded", "source"]
EVENT_COLUMNS = ["key", "ref_id", "label", "event", "kind", "title", "value", "precision", "mod",
                 "start", "end", "paragraph", "marking", "expression", "sentence", "mentions", "participants"]
ENTITY_COLUMNS = ["id", "name", "kind", "title", "cables", "mentions"]
SEARCH_COLUMNS = ["key", "ref_id", "created", "label", "subject", "paragraph", "marking", "score",
                  "snippet"]
SortKey = Literal["created", "ref_id", "origin", "label", "subject", "precedence", "paragraphs"]
ExportWhat = Literal["cables", "paragraphs", "events", "timelinejs"]
ExportFormat = Literal["csv", "json"]

LEVEL_RANK = {"UNCLASSIFIED": 0, "LIMITED OFFICIAL USE": 1, "CONFIDENTIAL": 2, "SECRET": 3,
              "TOP SECRET": 4}
TERM = re.compile(r'"([^"]+)"|(\S+)')


class Filters(BaseModel):
    """What the analyst narrowed the working set to. Empty lists and None mean 'any'."""

    labels: list[str] = Field(default_factory=list)
    caveats: list[str] = Field(default_factory=list)
    origins: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    precedences: list[str] = Field(default_factory=list)
    date_from: date | None = None
    date_to: date | None = None
    query: str = ""
    """Full text: every word (or "quoted phrase") must occur in the cable's subject or text."""
    entity: str = ""
    """An entity id (`person:tokayev`) or a name; keeps cables that mention it."""
    refs: list[str] = Field(default_factory=list)
    """Only these cables (keys or reference ids), e.g. the timeline of one cable."""

    def without(self, facet: str) -> Filters:
        return self.model_copy(update={facet: []})

    def is_empty(self) -> bool:
        return self == Filters()


class FacetValue(BaseModel):
    value: str
    count: int
    meaning: str = ""


class Overview(BaseModel):
    count: int
    first: date | None = None
    last: date | None = None
    labels: dict[str, int] = Field(default_factory=dict)
    origins: int = 0
    paragraphs: int = 0
    uploaded: int = 0


@dataclass
class MarkingReport:
    """Classification analytics of a filtered set (frames are aggregates or capped lists)."""

    labels: pd.DataFrame  # label, cables
    markings: pd.DataFrame  # marking, paragraphs
    above_banner: pd.DataFrame  # key, ref_id, label, paragraph, marking, text
    unmarked: pd.DataFrame  # key, ref_id, label, paragraph, text
    unmarked_count: int
    above_banner_count: int
    declass_years: pd.DataFrame  # year, status (passed|due), cables
    reasons: pd.DataFrame  # reason, meaning, cables
    label_by_marking: pd.DataFrame = field(default_factory=pd.DataFrame)  # label, marking, paragraphs


@runtime_checkable
class Corpus(Protocol):
    def count(self, filters: Filters) -> int: ...
    def overview(self, filters: Filters) -> Overview: ...
    def page(self, filters: Filters, sort: SortKey = "created", descending: bool = True,
             offset: int = 0, limit: int = 100) -> pd.DataFrame: ...
    def facets(self, filters: Filters) -> dict[str, list[FacetValue]]: ...
    def timeline_counts(self, filters: Filters, freq: str = "YS") -> pd.DataFrame: ...
    def events(self, filters: Filters, limit: int = 5000,
               kinds: Sequence[str] | None = None) -> pd.DataFrame: ...
    def paragraph_markings(self, filters: Filters, limit: int = 500) -> MarkingReport: ...
    def entities(self, filters: Filters, kinds: Sequence[str] | None = None,
                 limit: int = 200) -> pd.DataFrame: ...
    def cooccurrence(self, filters: Filters, entity: str | None = None, kinds: Sequence[str] | None = None,
                     limit: int = 200) -> pd.DataFrame: ...
    def quotes(self, filters: Filters, limit: int = 500) -> pd.DataFrame: ...
    def get(self, ref_or_key: str) -> Cable | None: ...
    def key_of(self, ref_or_key: str) -> str | None: ...
    def known(self, refs: Sequence[str]) -> dict[str, str]: ...
    def search(self, query: str, filters: Filters, limit: int = 50) -> pd.DataFrame: ...
    def export(self, filters: Filters, what: ExportWhat, fmt: ExportFormat = "csv") -> bytes: ...


# --- helpers shared by implementations -------------------------------------------------------


def cable_label(cable: Cable) -> str:
    return cable.classification_label or cable.classification or "UNKNOWN"


def level_rank(label: str | None) -> int | None:
    """Rank of a banner label's level (`SECRET//NOFORN` -> 3)."""
    if not label:
        return None
    return LEVEL_RANK.get(label.split("//")[0].strip().upper())


def marking_level_rank(marking: str | None) -> int | None:
    """Rank of the level a paragraph marking belongs to (`SBU` -> 0, `C` -> 2, `S/NF` -> 3)."""
    if not marking:
        return None
    base = marking.split("/")[0].strip().upper()
    level = marking_levels().get(base)
    if level is None:
        return marking_ranks().get(base)
    return LEVEL_RANK.get(level)


def query_terms(query: str) -> list[str]:
    return [(a or b).lower() for a, b in TERM.findall(query or "") if (a or b).strip()]


FTS_TOKEN = re.compile(r"[^\W_]+")  # the store's FTS5 unicode61 tokens: runs of letters and digits


def term_pattern(term: str, prefix: bool) -> re.Pattern[str] | None:
    """What the store's full-text index finds for a query term, for the in-memory corpus: the
    term's words (runs of letters and digits, as FTS5's unicode61 tokenizer reads them) in order,
    from a word start, only separators between them, the last one a prefix when `prefix` ("iran"
    finds "Iranian", never "USOSCE" for "osce"). None for a term without words (a lone quote)."""
    words = FTS_TOKEN.findall(term)
    if not words:
        return None
    return re.compile(r"(?<![^\W_])" + r"[\W_]+".join(map(re.escape, words)) + ("" if prefix else r"(?![^\W_])"))


def _snippet(text: str, terms: list[str], width: int = 220) -> str:
    """About `width` characters around the first term found, cut between words."""
    low = text.lower()
    positions = [p for p in (low.find(t) for t in terms) if p >= 0]
    start = max(0, min(positions) - 60) if positions else 0
    end = start + width
    if start:  # forward to the start of a word, never past the term
        start = next((i + 1 for i in range(start - 1, min(positions)) if text[i].isspace()), start)
    if end < len(text):  # back to the end of a word
        end = next((i for i in range(end, start, -1) if text[i].isspace()), end)
    piece = " ".join(text[start:end].split())
    return ("…" if start else "") + piece + ("…" if end < len(text) else "")


# --- the in-memory implementation ------------------------------------------------------------


class MemoryCorpus:
    """Every method of `Corpus` over a list of parsed cables, with pandas frames built once."""

    def __init__(self, cables: Iterable[Cable], uploads: Iterable[Cable] = ()) -> None:
        self._cables: dict[str, Cable] = {}
        self._by_ref: dict[str, str] = {}
        self._uploaded: set[str] = set()
        seen: set[str] = set()
        for cable, uploaded in [*((c, False) for c in cables), *((c, True) for c in uploads)]:
            digest = cable.content_hash or str(hash(cable.model_dump_json()))
            if digest in seen:
                continue
            seen.add(digest)
            base = cable.ref_id or f"h:{digest[:12]}"
            key, n = base, 1
            while key in self._cables:
                n += 1
                key = f"{base}~{n}"
            self._cables[key] = cable
            if cable.ref_id and cable.ref_id.upper() not in self._by_ref:
                self._by_ref[cable.ref_id.upper()] = key
            if uploaded:
                self._uploaded.add(key)
        self._build()

    # frames
    def _build(self) -> None:
        rows, paras, events, ents, quotes, multi = [], [], [], [], [], []
        for key, c in self._cables.items():
            label = cable_label(c)
            rows.append({
                "key": key, "ref_id": c.ref_id or "", "created": pd.Timestamp(c.created.replace(tzinfo=None)) if c.created else pd.NaT,
                "origin": c.origin or "", "label": label, "precedence": c.precedence or "",
                "subject": c.subject or "", "tags": ", ".join(c.tags), "caveats": ", ".join(c.caveats),
                "paragraphs": len(c.paragraphs), "uploaded": key in self._uploaded,
                "source": c.source.path.rsplit("/", 1)[-1],
                "declassify_on": c.declassify_on,
                "blob": " ".join([c.subject or "", c.summary or "", *(p.text for p in c.paragraphs)]).lower(),
            })
            for facet, values in (("caveats", c.caveats), ("tags", c.tags)):
                for v in dict.fromkeys(values):
                    multi.append({"key": key, "facet": facet, "value": v})
            for i, p in enumerate(c.paragraphs):
                paras.append({"key": key, "ref_id": c.ref_id or "", "label": label, "index": i,
                              "paragraph": p.number if p.number is not None else i + 1,
                              "marking": p.marking or "", "summary": p.summary, "text": p.text})
            for i, e in enumerate(c.events):
                m = e.mentions[0] if e.mentions else None
                events.append({
                    "key": key, "ref_id": c.ref_id or "", "label": label, "event": i, "kind": e.kind,
                    "title": e.title, "value": e.value, "precision": e.precision, "mod": e.mod or "",
                    "start": pd.Timestamp(e.date_start), "end": pd.Timestamp(e.date_end),
                    "paragraph": (m.paragraph if m else (e.paragraphs[0] if e.paragraphs else None)),
                    "marking": (m.marking if m and m.marking else ""),
                    "expression": m.expression if m else e.value, "sentence": m.sentence if m else "",
                    "mentions": len(e.mentions), "participants": PARTICIPANT_SEPARATOR.join(e.participants)})
            for e in c.entities:
                ents.append({"key": key, "id": e.id, "name": e.name, "kind": e.kind,
                             "title": e.title or "", "mentions": len(e.mentions)})
            for q in c.quotes:
                quotes.append({"key": key, "ref_id": c.ref_id or "", "speaker": q.speaker or "",
                               "text": q.text, "paragraph": q.paragraph, "marking": q.marking or ""})
        self._df = pd.DataFrame(rows, columns=[*CABLE_COLUMNS, "declassify_on", "blob"]).set_index("key", drop=False)
        self._df["created"] = pd.to_datetime(self._df["created"])
        self._multi = pd.DataFrame(multi, columns=["key", "facet", "value"])
        self._paras = pd.DataFrame(paras, columns=["key", "ref_id", "label", "index", "paragraph", "marking", "summary", "text"])
        self._paras["low"] = self._paras["text"].str.lower()
        self._events = pd.DataFrame(events, columns=EVENT_COLUMNS)
        self._ents = pd.DataFrame(ents, columns=["key", "id", "name", "kind", "title", "mentions"])
        self._quotes = pd.DataFrame(quotes, columns=["key", "ref_id", "speaker", "text", "paragraph", "marking"])

    # filtering
    def _mask(self, f: Filters) -> pd.Series:
        df = self._df
        mask = pd.Series(True, index=df.index)
        if f.labels:
            mask &= df["label"].isin(f.labels)
        if f.origins:
            mask &= df["origin"].isin(f.origins)
        if f.refs:
            wanted = {self.key_of(r) for r in f.refs} - {None}
            mask &= df.index.isin(list(wanted))
        if f.precedences:
            mask &= df["precedence"].isin(f.precedences)
        for facet in ("caveats", "tags"):
            chosen = getattr(f, facet)
            if chosen:
                m = self._multi
                hit = m[(m["facet"] == facet) & m["value"].isin(chosen)]["key"].unique()
                mask &= df.index.isin(hit)
        if f.date_from:
            mask &= df["created"] >= pd.Timestamp(f.date_from)
        if f.date_to:
            mask &= df["created"] < pd.Timestamp(f.date_to) + pd.Timedelta(days=1)
        for term in query_terms(f.query):
            pattern = term_pattern(term, prefix=True)
            if pattern is not None:
                mask &= df["blob"].str.contains(pattern, regex=True)
        if f.entity:
            e = self._ents
            needle = f.entity.strip().lower()
            hit = e[(e["id"].str.lower() == needle) | (e["name"].str.lower() == needle)]["key"].unique()
            mask &= df.index.isin(hit)
        return mask

    def _keys(self, f: Filters) -> pd.Index:
        return self._df.index[self._mask(f)]

    # the interface
    def count(self, filters: Filters) -> int:
        return int(self._mask(filters).sum())

    def overview(self, filters: Filters) -> Overview:
        df = self._df[self._mask(filters)]
        created = df["created"].dropna()
        return Overview(
            count=len(df),
            first=created.min().date() if len(created) else None,
            last=created.max().date() if len(created) else None,
            labels={str(k): int(v) for k, v in df["label"].value_counts().items()},
            origins=int(df["origin"].replace("", pd.NA).nunique()),
            paragraphs=int(df["paragraphs"].sum()),
            uploaded=int(df["uploaded"].sum()),
        )

    def page(self, filters: Filters, sort: SortKey = "created", descending: bool = True,
             offset: int = 0, limit: int = 100) -> pd.DataFrame:
        df = self._df[self._mask(filters)]
        if sort not in CABLE_COLUMNS:
            sort = "created"
        df = df.sort_values([sort, "ref_id"], ascending=[not descending, True], na_position="last")
        return df.iloc[offset:offset + limit][CABLE_COLUMNS].reset_index(drop=True)

    def facets(self, filters: Filters) -> dict[str, list[FacetValue]]:
        from .conventions import caption_meanings, precedence_by_code, tag_meanings

        meanings = {"tags": tag_meanings(), "caveats": caption_meanings(),
                    "precedences": {}, "labels": {}, "origins": {}}
        del precedence_by_code
        out: dict[str, list[FacetValue]] = {}
        for facet in FACETS:
            keys = self._keys(filters.without(facet))
            if facet in ("caveats", "tags"):
                m = self._multi
                counts = m[(m["facet"] == facet) & m["key"].isin(keys)]["value"].value_counts()
            else:
                column = {"labels": "label", "origins": "origin", "precedences": "precedence"}[facet]
                counts = self._df.loc[keys, column].replace("", pd.NA).dropna().value_counts()
            chosen = getattr(filters, facet)
            values = [FacetValue(value=str(v), count=int(n), meaning=meanings[facet].get(str(v), ""))
                      for v, n in counts.items()]
            present = {v.value for v in values}
            values += [FacetValue(value=v, count=0, meaning=meanings[facet].get(v, "")) for v in chosen if v not in present]
            out[facet] = sorted(values, key=lambda v: (-v.count, v.value))
        return out

    def timeline_counts(self, filters: Filters, freq: str = "YS") -> pd.DataFrame:
        df = self._df[self._mask(filters)].dropna(subset=["created"])
        if df.empty:
            return pd.DataFrame(columns=["period", "label", "count"])
        period = df["created"].dt.to_period({"YS": "Y", "MS": "M", "QS": "Q"}.get(freq, "Y")).dt.start_time
        out = df.assign(period=period).groupby(["period", "label"]).size().rename("count").reset_index()
        return out

    def events(self, filters: Filters, limit: int = 5000, kinds: Sequence[str] | None = None) -> pd.DataFrame:
        keys = self._keys(filters)
        ev = self._events[self._events["key"].isin(keys)]
        if kinds is not None:
            ev = ev[ev["kind"].isin(list(kinds))]
        return ev.sort_values(["start", "ref_id", "event"]).head(limit).reset_index(drop=True)

    def paragraph_markings(self, filters: Filters, limit: int = 500) -> MarkingReport:
        keys = self._keys(filters)
        df = self._df.loc[keys]
        p = self._paras[self._paras["key"].isin(keys)].copy()
        labels = df["label"].value_counts().rename_axis("label").rename("cables").reset_index()
        markings = (p["marking"].replace("", "(unmarked)").value_counts()
                    .rename_axis("marking").rename("paragraphs").reset_index())
        label_by_marking = (p.assign(marking=p["marking"].replace("", "(unmarked)"))
                            .groupby(["label", "marking"]).size().rename("paragraphs").reset_index())
        p["banner_rank"] = p["label"].map(level_rank)
        p["mark_rank"] = p["marking"].map(lambda m: marking_level_rank(m) if m else None)
        above = p[p["mark_rank"].notna() & p["banner_rank"].notna() & (p["mark_rank"] > p["banner_rank"])]
        unmarked = p[(p["marking"] == "") & (p["banner_rank"].fillna(0) >= 1)]
        today = pd.Timestamp(date.today())
        dec = pd.to_datetime(df["declassify_on"].dropna())
        years = pd.DataFrame({"year": dec.dt.year, "status": ["passed" if d <= today else "due" for d in dec]})
        declass = years.groupby(["year", "status"]).size().rename("cables").reset_index() if len(years) else \
            pd.DataFrame(columns=["year", "status", "cables"])
        reasons: Counter[tuple[str, str]] = Counter()
        for key in keys:
            cb = self._cables[key].classified_by
            if cb:
                for r, m in zip(cb.reasons, cb.reason_meanings + [""] * len(cb.reasons)):
                    reasons[(r, m)] += 1
        reasons_df = pd.DataFrame([{"reason": r, "meaning": m, "cables": n} for (r, m), n in reasons.most_common()],
                                  columns=["reason", "meaning", "cables"])
        cols = ["key", "ref_id", "label", "paragraph", "marking", "text"]
        return MarkingReport(labels=labels, markings=markings,
                             above_banner=above[cols].head(limit).reset_index(drop=True),
                             unmarked=unmarked[cols].head(limit).reset_index(drop=True),
                             unmarked_count=len(unmarked), above_banner_count=len(above),
                             declass_years=declass, reasons=reasons_df, label_by_marking=label_by_marking)

    def entities(self, filters: Filters, kinds: Sequence[str] | None = None, limit: int = 200) -> pd.DataFrame:
        e = self._ents[self._ents["key"].isin(self._keys(filters))]
        if kinds:
            e = e[e["kind"].isin(list(kinds))]
        if e.empty:
            return pd.DataFrame(columns=ENTITY_COLUMNS)
        out = e.groupby("id").agg(name=("name", "first"), kind=("kind", "first"),
                                  title=("title", lambda s: next((t for t in s if t), "")),
                                  cables=("key", "nunique"), mentions=("mentions", "sum")).reset_index()
        return out.sort_values(["cables", "mentions", "name"], ascending=[False, False, True]).head(limit)[ENTITY_COLUMNS].reset_index(drop=True)

    def cooccurrence(self, filters: Filters, entity: str | None = None, kinds: Sequence[str] | None = None,
                     limit: int = 200) -> pd.DataFrame:
        e = self._ents[self._ents["key"].isin(self._keys(filters))]
        if kinds:  # the entity itself keeps its place whatever its kind: its companions are filtered
            e = e[e["kind"].isin(list(kinds)) | (e["id"] == entity)]
        e = e[["key", "id", "name"]].drop_duplicates(["key", "id"])
        cols = ["a", "a_name", "b", "b_name", "cables"]
        if e.empty:
            return pd.DataFrame(columns=cols)
        pairs = e.merge(e, on="key", suffixes=("_a", "_b"))
        pairs = pairs[pairs["id_a"] < pairs["id_b"]] if not entity else pairs[(pairs["id_a"] == entity) & (pairs["id_b"] != entity)]
        if pairs.empty:
            return pd.DataFrame(columns=cols)
        out = (pairs.groupby(["id_a", "name_a", "id_b", "name_b"]).size().rename("cables").reset_index()
               .rename(columns={"id_a": "a", "name_a": "a_name", "id_b": "b", "name_b": "b_name"}))
        in_cables = e["id"].value_counts()  # e holds each (cable, name) once
        a_in, b_in = out["a"].map(in_cables).to_numpy(), out["b"].map(in_cables).to_numpy()
        out = out.assign(_lo=np.minimum(a_in, b_in), _hi=np.maximum(a_in, b_in))
        return (out.sort_values(["cables", "_lo", "_hi", "a_name", "b_name"], ascending=[False, False, False, True, True])
                .head(limit)[cols].reset_index(drop=True))

    def quotes(self, filters: Filters, limit: int = 500) -> pd.DataFrame:
        return self._quotes[self._quotes["key"].isin(self._keys(filters))].head(limit).reset_index(drop=True)

    def get(self, ref_or_key: str) -> Cable | None:
        if not ref_or_key:
            return None
        if ref_or_key in self._cables:
            return self._cables[ref_or_key]
        key = self._by_ref.get(ref_or_key.strip().upper())
        return self._cables.get(key) if key else None

    def key_of(self, ref_or_key: str) -> str | None:
        if ref_or_key in self._cables:
            return ref_or_key
        return self._by_ref.get((ref_or_key or "").strip().upper())

    def known(self, refs: Sequence[str]) -> dict[str, str]:
        return {r: self._by_ref[r.upper()] for r in refs if r and r.upper() in self._by_ref}

    def search(self, query: str, filters: Filters, limit: int = 50) -> pd.DataFrame:
        terms = query_terms(query)
        patterns = [pattern for pattern in (term_pattern(t, prefix=False) for t in terms) if pattern is not None]
        if not patterns:
            return pd.DataFrame(columns=SEARCH_COLUMNS)
        p = self._paras[self._paras["key"].isin(self._keys(filters))]
        if p.empty:
            return pd.DataFrame(columns=SEARCH_COLUMNS)
        n = len(p)
        score = pd.Series(0.0, index=p.index)
        matched = pd.Series(0, index=p.index)
        for pattern in patterns:
            tf = p["low"].str.count(pattern)
            df_t = int((tf > 0).sum())
            idf = math.log(1 + (n - df_t + 0.5) / (df_t + 0.5))
            length = p["low"].str.len().clip(lower=1) / 500
            score += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * length))
            matched += (tf > 0).astype(int)
        hits = p.assign(score=score.round(3), matched=matched)
        hits = hits[hits["matched"] > 0].sort_values(["matched", "score"], ascending=False).head(limit)
        meta = self._df.loc[hits["key"], ["created", "subject"]].reset_index(drop=True)
        out = hits.reset_index(drop=True).assign(created=meta["created"], subject=meta["subject"],
                                                 snippet=[_snippet(t, terms) for t in hits["text"]])
        return out[SEARCH_COLUMNS]

    def export(self, filters: Filters, what: ExportWhat, fmt: ExportFormat = "csv") -> bytes:
        keys = list(self._keys(filters))
        if what == "cables":
            if fmt == "json":
                return json.dumps([self._cables[k].model_dump(mode="json") for k in keys], ensure_ascii=False, indent=1).encode()
            frame = self._df.loc[keys, CABLE_COLUMNS].drop(columns=["uploaded"])
            return frame.to_csv(index=False).encode()
        if what == "paragraphs":
            frame = self._paras[self._paras["key"].isin(keys)][["ref_id", "label", "paragraph", "marking", "summary", "text"]]
            return (frame.to_json(orient="records", force_ascii=False, indent=1) if fmt == "json" else frame.to_csv(index=False)).encode()
        from .events import events_csv, timelinejs

        pairs = [(self._cables[k].ref_id or k, e) for k in keys for e in self._cables[k].events]
        if what == "timelinejs":
            grouped: dict[str, list] = {}
            for ref, e in pairs:
                grouped.setdefault(ref, []).append(e)
            return json.dumps(timelinejs(grouped), ensure_ascii=False, indent=1).encode()
        if fmt == "json":
            return json.dumps([{"cable": ref, **e.model_dump(mode="json")} for ref, e in pairs], ensure_ascii=False, indent=1).encode()
        return events_csv(pairs).encode()

    def __len__(self) -> int:
        return len(self._cables)
