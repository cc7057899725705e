"""`StoreCorpus`: the dashboard's `Corpus` protocol (cable_core/corpus.py) answered with SQL.

Never loads all paragraphs or events. Counts and aggregates (overview, facets, timeline, the
Markings page's report, names and who appears with whom) are numpy over `CableIndex`, per-cable
columns kept next to the store (`<store>.index.npz`) and selected by the filter mask; SQL reads
only pages (LIMIT) and the rows of a few cables. Filters also become a WHERE clause over `cables c`
(the multi-valued facets, the entity filter and the full-text `query` filter as `c.id IN
(subquery)` on indexed tables). Ranked search scores at most `_RANKED_MATCHES` paragraphs with
FTS5's bm25, or, within a filter keeping at most `_FEW_PARAGRAPHS` paragraphs, every paragraph of
the set with the same bm25 computed in Python (`_ranked_among`). People are named by the spelling
and title most of their cables give them (`_commonest`).
Read-only except `add_cables` (uploads).

Results of the aggregate methods are cached per filter set, and cleared when the store gains
cables (`add_cables`, or another process: `index` checks the store's max id); `clear_cache()` for
benchmarks.
"""

from __future__ import annotations

import bisect
import functools
import json
import math
import os
import re
import threading
import unicodedata
from collections import Counter
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
    FTS_TOKEN,
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
from cable_core.store.schema import columns_of, connect, unpack_json

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


# --- ranking a few cables' paragraphs as FTS5 would (see `StoreCorpus._ranked_among`) ----------

_ACCENTS = re.compile("[\u0300-\u036f]")  # the combining diacritics unicode61 drops from Latin letters
_ASCII_SPACES = bytes(b if chr(b).isalnum() else 32 for b in range(128)) + bytes(range(128, 256))  # translate table
_HIT_COLUMNS = "c.key, c.ref_id, c.created, c.label, c.subject, p.paragraph, p.marking"  # a search hit's columns


def _fold(text: str) -> str:
    """Text as FTS5's unicode61 tokenizer compares it (remove_diacritics=1): lower case, no accents."""
    text = text.lower()
    if text.isascii():
        return text
    return _ACCENTS.sub("", unicodedata.normalize("NFD", text))


def _token_text(folded: str) -> str:
    """A folded text's tokens one space apart, with a space before and after: a phrase occurs
    where ` token token ` does. Split as bytes (bytes.translate: 20x faster than the regular
    expression); only the words with non-ASCII letters, which may hold separators (’, «, a
    no-break space), go through `FTS_TOKEN`."""
    words = folded.encode().translate(_ASCII_SPACES).split()
    if not folded.isascii():
        words = [part for word in words
                 for part in ((word,) if word.isascii() else [t.encode() for t in FTS_TOKEN.findall(word.decode())])]
    return " " + b" ".join(words).decode() + " "


def _phrases(terms: Sequence[str]) -> list[str]:
    """Each phrase of `fts_query(terms)` (in the same order) as `_token_text` writes it."""
    return [needle for needle in (_token_text(_fold(term)) for term in terms) if needle.strip()]


def _occurrences(text: str, needle: str) -> int:
    """Occurrences of a phrase in a `_token_text`, overlapping ones included (FTS5's instances)."""
    count, at = 0, text.find(needle)
    while at >= 0:
        count, at = count + 1, text.find(needle, at + 1)
    return count


def _phrase_counts(folded: str, phrases: list[str], every: bool) -> list[int]:
    """Occurrences of each phrase in a folded text; zeros, without tokenizing (which costs far
    more than `in`), when a substring test shows that some phrase (`every`: each one) is missing."""
    present = [all(word in folded for word in phrase.split()) for phrase in phrases]
    if not (all(present) if every else any(present)):
        return [0] * len(phrases)
    text = _token_text(folded)
    return [_occurrences(text, phrase) for phrase in phrases]


def _varints(blob: bytes) -> list[int]:
    """SQLite's varints, as FTS5 stores sizes and totals: 7 bits a byte, the high bit says more
    follow, and a 9th byte holds 8 bits."""
    values, value, length = [], 0, 0
    for byte in blob:
        length += 1
        if length == 9:
            values.append((value << 8) | byte)
        elif byte & 0x80:
            value = (value << 7) | (byte & 0x7F)
            continue
        else:
            values.append((value << 7) | byte)
        value, length = 0, 0
    return values


def _bm25(freqs: Sequence[int], tokens: int, average: float, idf: Sequence[float]) -> float:
    """FTS5's bm25() of one paragraph with its default k1 and b (fts5_aux.c, the same operations
    in the same order, so the same double), as a positive score."""
    k1, b = 1.2, 0.75
    score = 0.0
    for freq, weight in zip(freqs, idf):
        score += weight * ((freq * (k1 + 1.0)) / (freq + k1 * (1 - b + b * tokens / average)))
    return score


_NO_DATE = np.iinfo(np.int64).min
_SIDECAR_VERSION = 5  # 3: reasons, declassification dates and paragraph markings per cable; 4: names by cable;
# 5: the cables with each spelling and title of a name (`_commonest`), each cable's paragraph ids
_VARIANT_PARTS = ("codes", "texts", "cables")  # the arrays of an entity's spellings or titles, see `_variant_arrays`
_MULTI_FACETS = ("tags", "caveats", "reasons")
_PAIR_COLUMNS = ["a", "a_name", "b", "b_name", "cables"]
_PAIR_NAMES, _FIRST_PAIR_NAMES = 300, 100  # names among which pairs are counted: at most, at first
_UNSAVED_CABLES = 1_000  # cables past the saved index (read from SQL at each opening) before it is rewritten
_COUNTED_RANKS = 100  # new cables placed in ref_id order by a count each (~10 ms), more: one scan of all
_RANKED_MATCHES = 20_000  # paragraphs ranked by bm25 at most per search (~50 ms of CPU), see `_ranked_by_fts`
# a filtered set with at most this many paragraphs is ranked in Python (see `_ranked`), whose cost follows the
# set's size (`government` in posts of 2k/5k/10k/20k/40k paragraphs at 251k cables: 42/94/139/224/876 ms of
# CPU); FTS5's follows the set's share of the latest matches (476/780/111/78/104 ms): above 20k paragraphs,
# the first window of `_RANKED_MATCHES` matches holds ~200 of the set's
_FEW_PARAGRAPHS = 20_000


def _id_filters(f: Filters) -> list[tuple[str, list]]:
    """(SQL selecting cable ids, parameters) of the filters SQL indexes answer: the full-text
    query, the entity and the picked cables (the column index's mask and the WHERE clauses share them)."""
    found: list[tuple[str, list]] = []
    match = fts_query(query_terms(f.query))
    if match:
        found.append(("SELECT rowid FROM cable_fts WHERE cable_fts MATCH ?", [match]))
    if f.entity:
        found.append(("SELECT cable_id FROM entities WHERE entity = ? OR name_lower = ?",
                      [f.entity.strip(), f.entity.strip().lower()]))
    if f.refs:  # picked cables, by key or reference id (the first cable of that id, as `key_of` reads it)
        found.append(("SELECT id FROM cables WHERE key IN (SELECT value FROM json_each(?)) UNION "
                      "SELECT min(id) FROM cables WHERE ref_upper IN (SELECT value FROM json_each(?)) GROUP BY ref_upper",
                      [json.dumps(f.refs), json.dumps([r.strip().upper() for r in f.refs])]))
    return found


def _ints(text: str | None) -> np.ndarray:
    return np.array(text.split(","), dtype=np.int64) if text else np.zeros(0, np.int64)


def _build_arrays(db, after_id: int = 0) -> dict[str, np.ndarray]:
    """The index's arrays straight from SQLite (group_concat of ids per value: fast to parse), for
    the cables with an id above `after_id` (every cable by default; see `_merge_arrays`). Names
    are in SQLite's order (NULL first, then by code point); multi-valued entries are sorted by
    (code, row), marking and entity entries by (row, code). `ref_rank` is left to `_ref_rank`."""
    cables, values, entities = (_source(table, after_id) for table in ("cables", "cable_values", "entities"))
    ids = _ints(db.execute(f"SELECT group_concat(id) FROM (SELECT id FROM {cables} WHERE id > ? ORDER BY id)",
                           (after_id,)).fetchone()[0])
    n = len(ids)
    out: dict[str, np.ndarray] = {"ids": ids}

    def rows_of(id_text: str | None) -> np.ndarray:
        return np.searchsorted(ids, _ints(id_text))

    for col in ("label", "origin", "precedence"):
        codes = np.zeros(n, np.int32)
        names = []
        for i, (value, id_text) in enumerate(db.execute(
                f"SELECT {col}, group_concat(id) FROM {cables} WHERE id > ? GROUP BY {col} ORDER BY {col}",
                (after_id,))):
            names.append(value)
            codes[rows_of(id_text)] = i
        out[f"{col}_codes"], out[f"{col}_names"] = codes, np.array(names, dtype=object)
    rows = db.execute("SELECT coalesce(CAST(strftime('%s', created) AS INTEGER), ?), paragraphs, uploaded, "
                      "coalesce(CAST(julianday(declassify_on) - 2440587.5 AS INTEGER), ?) "
                      f"FROM {cables} WHERE id > ? ORDER BY id", (int(_NO_DATE), int(_NO_DATE), after_id)).fetchall()
    table = np.array(rows, dtype=np.int64).reshape(-1, 4)
    for i, key in enumerate(("created", "paragraphs", "uploaded", "declassify_day")):
        out[key] = table[:, i].copy()
    for facet in _MULTI_FACETS:
        names, parts_rows, parts_codes = [], [], []
        for i, (value, id_text) in enumerate(db.execute(
                f"SELECT value, group_concat(cable_id) FROM (SELECT DISTINCT value, cable_id FROM {values} "
                "WHERE facet = ? AND cable_id > ?) GROUP BY value ORDER BY value", (facet, after_id))):
            names.append(value)
            r = np.sort(rows_of(id_text))
            parts_rows.append(r)
            parts_codes.append(np.full(len(r), i, np.int32))
        out[f"{facet}_rows"] = np.concatenate(parts_rows) if parts_rows else np.zeros(0, np.int64)
        out[f"{facet}_codes"] = np.concatenate(parts_codes) if parts_codes else np.zeros(0, np.int32)
        out[f"{facet}_names"] = np.array(names, dtype=object)
    # what each reason means (E.O. 12958 / 13526), in the order of reasons_names
    out["reasons_meanings"] = np.array([meaning for (_, meaning) in db.execute(
        f"SELECT value, max(meaning) FROM {values} WHERE facet = 'reasons' AND cable_id > ? GROUP BY value "
        "ORDER BY value", (after_id,))], dtype=object)
    out.update(_marking_arrays(db, ids, after_id))
    # entities: which cables mention each entity, and how often (the People page's counts), and
    # how many cables give it each spelling and each title (the commonest are shown, `_commonest`)
    # Most (entity, spelling, title) groups hold one cable: their id lists are joined and parsed
    # once, not turned into arrays group by group (that cost ~14 numpy calls a cable at the end of
    # an ingest).
    ent_ids, ent_kinds, id_texts, mention_texts, group_codes, group_sizes = [], [], [], [], [], []
    spellings: list[Counter] = []
    titles: list[Counter] = []
    for entity, name, title, kind, id_text, mention_text, size in db.execute(
            "SELECT entity, name, title, min(kind), group_concat(cable_id), group_concat(mentions), count(*) "
            f"FROM {entities} WHERE cable_id > ? GROUP BY entity, name, title ORDER BY entity", (after_id,)):
        if not ent_ids or ent_ids[-1] != entity:
            ent_ids.append(entity)
            ent_kinds.append(kind)
            spellings.append(Counter())
            titles.append(Counter())
        ent_kinds[-1] = min(ent_kinds[-1], kind)
        spellings[-1][name] += size
        if title:
            titles[-1][title] += size
        id_texts.append(id_text)
        mention_texts.append(mention_text)
        group_codes.append(len(ent_ids) - 1)
        group_sizes.append(size)
    rows = rows_of(",".join(id_texts))
    codes = np.repeat(np.array(group_codes, np.int32), np.array(group_sizes, np.int64))
    by_cable = np.lexsort((codes, rows))  # cable-major: each cable's names side by side (co-occurrence)
    out["entity_rows"], out["entity_codes"] = rows[by_cable], codes[by_cable]
    out["entity_mentions"] = _ints(",".join(mention_texts))[by_cable]
    out["entity_ids"], out["entity_kinds"] = np.array(ent_ids, dtype=object), np.array(ent_kinds, dtype=object)
    for variants, chosen, tallies in (("spelling", "entity_names", spellings), ("title", "entity_titles", titles)):
        out.update(_variant_arrays(variants, tallies))
        out[chosen] = _commonest(*(out[f"{variants}_{part}"] for part in _VARIANT_PARTS), len(ent_ids))
    return out


# each table read through its cable id when only the cables past an id are wanted: left to itself,
# SQLite walks the index of the GROUP BY column (every row of the table) to spare a small sort
_BY_CABLE_ID = {"cables": "cables NOT INDEXED", "cable_values": "cable_values INDEXED BY cable_values_c",
                "entities": "entities INDEXED BY entities_cable", "paragraphs": "paragraphs INDEXED BY paragraphs_cable"}


def _source(table: str, after_id: int) -> str:
    """`table` in a FROM clause: as the planner likes for the whole store, by cable id for the new cables."""
    return _BY_CABLE_ID[table] if after_id else table


def _ref_rank(db, ids: np.ndarray) -> np.ndarray:
    """Each cable's place in (ref_id, id) order, the order of a page sorted by reference id (read
    through the `cables_ref_id` index, which is in that order)."""
    order = np.searchsorted(ids, _ints(db.execute(
        "SELECT group_concat(id) FROM (SELECT id FROM cables ORDER BY ref_id, id)").fetchone()[0]))
    rank = np.empty(len(ids), np.int64)
    rank[order] = np.arange(len(ids))
    return rank


def _appended_ref_rank(db, old_rank: np.ndarray, old_max: int, new_ids: np.ndarray) -> np.ndarray:
    """`_ref_rank` after a few cables were added past `old_max`, without reading every cable: a new
    cable comes after the old cables whose ref_id is not above its own (their ids are lower: a
    count on `cables_ref_id`) and after the new ones before it; an old cable moves down by the
    new cables before it."""
    refs = [ref for (ref,) in db.execute("SELECT ref_id FROM cables WHERE id > ? ORDER BY id", (old_max,))]
    old_before = np.array([db.execute("SELECT count(*) FROM cables WHERE ref_id <= ? AND id <= ?",
                                      (ref, old_max)).fetchone()[0] for ref in refs], np.int64)
    among_new = np.empty(len(refs), np.int64)
    among_new[sorted(range(len(refs)), key=lambda j: (refs[j], int(new_ids[j])))] = np.arange(len(refs))
    shift = np.searchsorted(np.sort(old_before), old_rank, side="right")
    return np.concatenate([old_rank + shift, old_before + among_new])


def _sql_order(value: str | None) -> tuple[bool, str]:
    """SQLite's ORDER BY of a TEXT column (BINARY collation): NULL first, then by code point."""
    return (value is not None, value or "")


def _union_names(old: np.ndarray, new: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(the sorted union of two sorted name lists, the union's code of each old name, of each new
    name). Both maps keep the order, so entries sorted by code stay sorted once remapped."""
    old_names = old.tolist()
    code = {name: i for i, name in enumerate(old_names)}
    missing = [name for name in new.tolist() if name not in code]
    if missing:
        old_names = sorted(old_names + missing, key=_sql_order)
        code = {name: i for i, name in enumerate(old_names)}
    union = np.array(old_names, dtype=object) if missing else old
    return (union, np.array([code[name] for name in old.tolist()], np.int32),
            np.array([code[name] for name in new.tolist()], np.int32))


def _variant_arrays(prefix: str, tallies: Sequence[Counter]) -> dict[str, np.ndarray]:
    """Each entity's spellings (or titles) with the cables that give it each, as three arrays
    (`_VARIANT_PARTS`) sorted by (entity code, text): the order `_merge_variants` keeps."""
    entries = [(code, text, cables) for code, tally in enumerate(tallies) for text, cables in sorted(tally.items())]
    codes, texts, cables = zip(*entries) if entries else ((), (), ())
    return {f"{prefix}_codes": np.array(codes, np.int32), f"{prefix}_texts": np.array(texts, dtype=object),
            f"{prefix}_cables": np.array(cables, np.int64)}


def _proper_cased(text: str) -> bool:
    """"Hugo Chavez", not "HUGO CHAVEZ" nor "under President"."""
    return text[:1].isupper() and not text.isupper()


def _commonest(codes: np.ndarray, texts: np.ndarray, cables: np.ndarray, size: int) -> np.ndarray:
    """Per entity code the text given by most cables ('' when none): one odd reading ("Although
    Chavez", "Ambassasador Larry L. Palmer") never wins over the usual one. Ties: a proper-cased
    text, then the longer, then the later in code-point order (any fixed rule keeps rebuilds equal)."""
    best: dict[int, tuple[int, bool, int, str]] = {}
    for code, text, count in zip(codes.tolist(), texts.tolist(), cables.tolist()):
        key = (count, _proper_cased(text), len(text), text)
        if code not in best or key > best[code]:
            best[code] = key
    out = np.full(size, "", dtype=object)
    for code, key in best.items():
        out[code] = key[-1]
    return out


def _merge_variants(old: tuple[np.ndarray, ...], new: tuple[np.ndarray, ...]) -> tuple[np.ndarray, ...]:
    """Two (codes, texts, cables) lists sorted by (code, text), codes already in the union's
    numbering, as one: the cables of a text in both are summed. Each new entry is looked up among
    the old entries of its code by bisection: an upload costs its own entries, not a pass over
    every spelling."""
    old_codes, old_texts, old_cables = old
    new_codes, new_texts, new_cables = new
    cables, texts = old_cables.copy(), old_texts.tolist()
    starts = np.searchsorted(old_codes, new_codes, side="left").tolist()
    ends = np.searchsorted(old_codes, new_codes, side="right").tolist()
    at, added = [], []
    for i, (text, start, end) in enumerate(zip(new_texts.tolist(), starts, ends)):
        place = bisect.bisect_left(texts, text, start, end)
        if place < end and texts[place] == text:
            cables[place] += new_cables[i]
        else:  # several at one place go in the given order: by text, as they come
            at.append(place)
            added.append(i)
    return (np.insert(old_codes, at, new_codes[added]), np.insert(old_texts, at, new_texts[added]),
            np.insert(cables, at, new_cables[added]))


def _sql_max(a: str | None, b: str | None) -> str | None:
    return a if b is None else b if a is None else max(a, b)


def _sql_min(a: str | None, b: str | None) -> str | None:
    return a if b is None else b if a is None else min(a, b)


def _merge_aligned(size: int, old_codes: np.ndarray, old: np.ndarray, new_codes: np.ndarray, new: np.ndarray,
                   pick) -> np.ndarray:
    """A per-name attribute (an entity's kind, a reason's meaning) over the union of names: the
    SQL aggregate `pick` (min or max, NULLs ignored) of its old and new values."""
    out = np.full(size, None, dtype=object)
    out[old_codes] = old
    for code, value in zip(new_codes.tolist(), new.tolist()):
        out[code] = pick(out[code], value)
    return out


def _merge_arrays(old: dict[str, np.ndarray], new: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The arrays of a store from those of its first cables (`old`) and of the cables added since
    (`new`, ids above the old ones, as `_build_arrays(db, after_id)` gives them): equal to a
    rebuild, `ref_rank` aside (see `_ref_rank`). Costs a pass over the old entries, not SQL."""
    shift = len(old["ids"])
    out = {key: np.concatenate([old[key], new[key]])
           for key in ("ids", "created", "paragraphs", "uploaded", "declassify_day", "marking_counts",
                       "entity_mentions", "paragraph_first", "paragraph_last")}
    for col in ("label", "origin", "precedence"):
        names, old_map, new_map = _union_names(old[f"{col}_names"], new[f"{col}_names"])
        out[f"{col}_names"] = names
        out[f"{col}_codes"] = np.concatenate([old_map[old[f"{col}_codes"]], new_map[new[f"{col}_codes"]]])
    for facet in _MULTI_FACETS:  # entries by (code, row): the new ones go after the old ones of their code
        names, old_map, new_map = _union_names(old[f"{facet}_names"], new[f"{facet}_names"])
        old_codes, new_codes = old_map[old[f"{facet}_codes"]], new_map[new[f"{facet}_codes"]]
        at = np.searchsorted(old_codes, new_codes, side="right")
        out[f"{facet}_names"] = names
        out[f"{facet}_codes"] = np.insert(old_codes, at, new_codes)
        out[f"{facet}_rows"] = np.insert(old[f"{facet}_rows"], at, new[f"{facet}_rows"] + shift)
        if facet == "reasons":
            out["reasons_meanings"] = _merge_aligned(len(names), old_map, old["reasons_meanings"], new_map,
                                                     new["reasons_meanings"], _sql_max)
    for prefix, names_key in (("marking", "marking_names"), ("entity", "entity_ids")):  # entries by (row, code)
        names, old_map, new_map = _union_names(old[names_key], new[names_key])
        out[names_key] = names
        out[f"{prefix}_codes"] = np.concatenate([old_map[old[f"{prefix}_codes"]], new_map[new[f"{prefix}_codes"]]])
        out[f"{prefix}_rows"] = np.concatenate([old[f"{prefix}_rows"], new[f"{prefix}_rows"] + shift])
        if prefix == "entity":
            out["entity_kinds"] = _merge_aligned(len(names), old_map, old["entity_kinds"], new_map,
                                                 new["entity_kinds"], _sql_min)
            out.update(_merged_spellings(names, old_map, old, new_map, new))
    return out


def _merged_spellings(names: np.ndarray, old_map: np.ndarray, old: dict[str, np.ndarray], new_map: np.ndarray,
                      new: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The spelling and title lists of the union of entities (`names`) and, for the entities the
    new cables mention, their commonest spelling and title picked again; the others keep theirs."""
    out: dict[str, np.ndarray] = {}
    touched = np.zeros(len(names), bool)
    touched[new_map] = True
    for variants, chosen in (("spelling", "entity_names"), ("title", "entity_titles")):
        keys = [f"{variants}_{part}" for part in _VARIANT_PARTS]
        codes, texts, cables = _merge_variants((old_map[old[keys[0]]], old[keys[1]], old[keys[2]]),
                                               (new_map[new[keys[0]]], new[keys[1]], new[keys[2]]))
        out.update(zip(keys, (codes, texts, cables)))
        picked = np.full(len(names), "", dtype=object)
        picked[old_map] = old[chosen]
        again = touched[codes]
        picked[touched] = _commonest(codes[again], texts[again], cables[again], len(names))[touched]
        out[chosen] = picked
    return out


def _marking_arrays(db, ids: np.ndarray, after_id: int = 0) -> dict[str, np.ndarray]:
    """Paragraphs per (cable, portion marking) as sparse triples sorted by cable row (cables with an
    id above `after_id`): the Markings page's counts become a bincount over the filter mask instead
    of a scan of every paragraph. Read from the two covering indexes (cable_id, id) and (marking,
    id) of `paragraphs`, never from the table itself (its text: 2 GB at 251k cables, a 50-75 s
    scan; these take 2-4 s)."""
    cable_text, id_text = db.execute(
        "SELECT group_concat(cable_id), group_concat(id) FROM (SELECT cable_id, id FROM paragraphs "
        "WHERE cable_id > ?)", (after_id,)).fetchone()
    paragraph_ids, paragraph_rows = _ints(id_text), np.searchsorted(ids, _ints(cable_text))
    by_id = np.argsort(paragraph_ids)
    names: list[str] = []
    codes = np.zeros(len(paragraph_ids), np.int64)
    # the whole store through the covering (marking, id) index; the few new cables through cable_id
    since, params = ("WHERE cable_id > ?", (after_id,)) if after_id else ("", ())
    for i, (marking, marked_ids) in enumerate(db.execute(
            f"SELECT marking, group_concat(id) FROM {_source('paragraphs', after_id)} {since} GROUP BY marking "
            "ORDER BY marking", params)):
        names.append(marking)
        codes[by_id[np.searchsorted(paragraph_ids, _ints(marked_ids), sorter=by_id)]] = i
    width = max(len(names), 1)
    triples, counts = np.unique(paragraph_rows * width + codes, return_counts=True)  # sorted: by row, then code
    return {"marking_rows": triples // width, "marking_codes": (triples % width).astype(np.int32),
            "marking_counts": counts.astype(np.int64), "marking_names": np.array(names, dtype=object),
            **_paragraph_spans(paragraph_rows, paragraph_ids, len(ids))}


def _paragraph_spans(rows: np.ndarray, paragraph_ids: np.ndarray, n: int) -> dict[str, np.ndarray]:
    """The lowest and highest paragraph id of each cable (none: the largest int and -1): the
    paragraph ids a filtered search can be confined to (`StoreCorpus._ranked`)."""
    first = np.full(n, np.iinfo(np.int64).max, np.int64)
    last = np.full(n, -1, np.int64)
    np.minimum.at(first, rows, paragraph_ids)
    np.maximum.at(last, rows, paragraph_ids)
    return {"paragraph_first": first, "paragraph_last": last}


def _load_sidecar(path: Path | None) -> tuple[int, int, dict[str, np.ndarray]] | None:
    """(cables, max id, arrays) of the saved index, None when missing, unreadable or of another version."""
    if path is None or not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=True) as data:
            version, n, max_id = (int(v) for v in data["stamp"])
            if version != _SIDECAR_VERSION:
                return None
            return n, max_id, {k: data[k] for k in data.files if k != "stamp"}
    except (OSError, ValueError, KeyError):
        return None


def _save_sidecar(path: Path | None, arrays: dict[str, np.ndarray], n: int, max_id: int) -> None:
    """Best effort: a read-only folder just means the index is rebuilt at the next opening. The
    temporary name is per process: a dashboard and an ingest may save at the same time."""
    if path is None:
        return
    try:
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp.npz")
        np.savez(tmp, stamp=np.array([_SIDECAR_VERSION, n, max_id]), **arrays)
        os.replace(tmp, path)
    except OSError:
        pass


def _marking_checks(label_names: Sequence[str], mark_names: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Two (banner x marking) tables: the marking is above the banner; the paragraph is unmarked
    in a classified cable (the same rules as `MemoryCorpus.paragraph_markings`)."""
    banner = [level_rank(label) for label in label_names]
    portion = [marking_level_rank(mark) if mark else None for mark in mark_names]
    above = np.array([[b is not None and p is not None and p > b for p in portion] for b in banner], dtype=bool)
    unmarked = np.array([[(b or 0) >= 1 and mark == "" for mark in mark_names] for b in banner], dtype=bool)
    return above.reshape(len(banner), len(portion)), unmarked.reshape(len(banner), len(mark_names))


def _entity_totals(codes: np.ndarray, mentions: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """(cables, mentions) per entity code, from (cable, entity) entries' codes and mentions."""
    return (np.bincount(codes, minlength=size),
            np.bincount(codes, weights=mentions, minlength=size).astype(np.int64))


def _pair_counts(rows: np.ndarray, codes: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cables shared by each pair (a < b) of codes, given one (cable row, code) entry per cable and
    code, grouped by row. Step d pairs each entry with the one d places further when both are in
    the same cable; the candidates shrink at every step, so the work is the number of pairs, not
    cables x codes."""
    shared = np.zeros(size * size, np.int64)
    candidates = np.arange(len(rows) - 1)
    step = 1
    while len(candidates):
        candidates = candidates[candidates + step < len(rows)]
        candidates = candidates[rows[candidates + step] == rows[candidates]]
        first, second = codes[candidates], codes[candidates + step]
        shared += np.bincount(np.minimum(first, second) * size + np.maximum(first, second), minlength=size * size)
        step += 1
    pairs = np.flatnonzero(shared)
    return pairs // size, pairs % size, shared[pairs]


class CableIndex:
    """The cables' filterable columns as numpy arrays, so that counts, facets, overview, timeline,
    the order of a page, paragraph markings and names are computed in milliseconds whatever the
    filter: per cable its label, origin, dates, tags, caveats, reasons, (entity, mentions) and
    (portion marking, paragraphs) lists and its paragraph ids; per name the cables with each of its
    spellings and titles. Paragraph text, events, quotes and JSON stay in SQLite.

    Kept beside the store (`<store>.index.npz`, stamped with its version, cables and max id).
    Cables are only ever added, with growing ids: when the store has cables past an index (the
    saved one or `previous`, the one in memory), only those are read from SQL and appended
    (`_merge_arrays`), in milliseconds for an upload; anything else (another version, cables
    counted differently, more new cables than both a quarter of the old and `_UNSAVED_CABLES`) is
    a full rebuild (~30 s at 251k cables). The file is rewritten after a rebuild, or once
    `_UNSAVED_CABLES` cables are past it (below that, reading them at each opening costs less than
    rewriting 100 MB)."""

    def __init__(self, db, sidecar: Path | None = None, previous: CableIndex | None = None) -> None:
        self._names: dict[int, list[str]] = {}
        self.sidecar = sidecar
        n, max_id = db.execute("SELECT count(*), coalesce(max(id), 0) FROM cables").fetchone()
        base = (previous.n, previous.max_id, previous.arrays, previous.saved) if previous is not None else None
        if base is None:
            loaded = _load_sidecar(sidecar)
            base = (*loaded, loaded[0]) if loaded is not None else None
        arrays, self.saved = self._current(db, n, max_id, base)
        self.n, self.max_id, self.arrays = n, max_id, arrays
        if n - self.saved >= _UNSAVED_CABLES or self.saved == 0:
            self.save()
        self._unpack(arrays)

    @staticmethod
    def _current(db, n: int, max_id: int, base) -> tuple[dict[str, np.ndarray], int]:
        """(the arrays of the store's cables, how many of them the saved file holds), from `base`
        (cables, max id, arrays, cables saved) when the store only added cables past it."""
        if base is not None:
            old_n, old_max, old_arrays, saved = base
            if (old_n, old_max) == (n, max_id):
                return old_arrays, saved
            added = db.execute("SELECT count(*) FROM cables WHERE id > ?", (old_max,)).fetchone()[0]
            if old_max <= max_id and old_n + added == n and added <= max(old_n // 4, _UNSAVED_CABLES):
                new_arrays = _build_arrays(db, old_max)
                arrays = _merge_arrays(old_arrays, new_arrays)
                arrays["ref_rank"] = (_appended_ref_rank(db, old_arrays["ref_rank"], old_max, new_arrays["ids"])
                                      if added <= _COUNTED_RANKS else _ref_rank(db, arrays["ids"]))
                return arrays, saved
        arrays = _build_arrays(db)
        arrays["ref_rank"] = _ref_rank(db, arrays["ids"])
        return arrays, 0

    def save(self) -> None:
        """Write the index beside the store (best effort) unless the file already holds every cable."""
        if self.saved != self.n:
            _save_sidecar(self.sidecar, self.arrays, self.n, self.max_id)
            self.saved = self.n

    def _unpack(self, arrays: dict[str, np.ndarray]) -> None:
        self.ids = arrays["ids"]
        self.cat = {col: pd.Categorical.from_codes(arrays[f"{col}_codes"], categories=list(arrays[f"{col}_names"]))
                    for col in ("label", "origin", "precedence")}
        epoch = arrays["created"]
        self.has_date = epoch != _NO_DATE
        self.created = np.where(self.has_date, epoch, 0).astype("datetime64[s]")
        self.created_key = np.where(self.has_date, epoch, np.iinfo(np.int64).max)
        self.paragraphs = arrays["paragraphs"]
        self.paragraph_first, self.paragraph_last = arrays["paragraph_first"], arrays["paragraph_last"]
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
            for facet in _MULTI_FACETS}
        self.reason_meanings = arrays["reasons_meanings"].tolist()
        self.declassify_day = arrays["declassify_day"]
        self.marking_rows, self.marking_codes = arrays["marking_rows"], arrays["marking_codes"]
        self.marking_counts = arrays["marking_counts"]
        self.marking_names = arrays["marking_names"].tolist()
        self.entity_code = {entity: i for i, entity in enumerate(self.entity_ids)}

    @functools.cached_property
    def entity_totals(self) -> tuple[np.ndarray, np.ndarray]:
        """(cables, mentions) per entity code in the whole store, the People page's first view: once
        per state of the index, not per session (a pass over every (cable, name) entry, 4M at 251k)."""
        return _entity_totals(self.entity_codes, self.entity_mentions, len(self.entity_ids))

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


def _one_index(method):
    """Run a method of `StoreCorpus` on one state of the column index: cables that another process
    adds during the call (an ingest commits a batch every few seconds) are taken in at the next
    call, never between two of its uses of the index (their arrays would differ in length)."""
    @functools.wraps(method)
    def on_one_index(self: StoreCorpus, *args, **kwargs):
        if getattr(self._pinned, "index", None) is not None:  # called from another such method
            return method(self, *args, **kwargs)
        self._pinned.index = self.index
        try:
            return method(self, *args, **kwargs)
        finally:
            self._pinned.index = None
    return on_one_index


class StoreCorpus:
    """Every method of `Corpus` over a store built by `python -m cable_core ingest`."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._db = connect(self.path, readonly=True)
        self._lock = threading.RLock()  # Streamlit may call from several script threads
        self._cache: dict[tuple, object] = {}
        self._index: CableIndex | None = None
        self._masks: dict[tuple[int, str], np.ndarray] = {}
        self._pinned = threading.local()  # the index of the call in progress, per thread (see `_one_index`)
        indexes = {name for (name,) in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        self._events_by_date = "events_start_cable" if "events_start_cable" in indexes else "events_start"
        # a store built before events had participants (read-only here: `schema.add_new_columns` is the writer's)
        self._event_participants = "e.participants" if "participants" in columns_of(self._db, "events") else "''"

    # --- plumbing ---------------------------------------------------------------------------

    def _q(self, sql: str, params: Sequence = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def _frame(self, sql: str, params: Sequence, columns: list[str]) -> pd.DataFrame:
        return pd.DataFrame(self._q(sql, params), columns=columns)

    def clear_cache(self) -> None:
        self._cache.clear()
        self._masks.clear()

    @property
    def index(self) -> CableIndex:
        """The column index of every cable in the store, brought up to date when cables were added
        since it was read (by `add_cables` or by another process, such as an ingest: one lookup
        of the max id, so that the index never silently misses cables)."""
        pinned = getattr(self._pinned, "index", None)
        if pinned is not None:
            return pinned
        with self._lock:
            max_id = self._db.execute("SELECT coalesce(max(id), 0) FROM cables").fetchone()[0]
            if self._index is None or self._index.max_id != max_id:
                self._index = CableIndex(self._db, self.path.with_name(self.path.name + ".index.npz"), self._index)
                self.clear_cache()
            return self._index

    def _sql_ids(self, f: Filters):
        """Id sets of the filters answered by SQL indexes: the full-text query, the entity, the picked cables."""
        for sql, params in _id_filters(f):
            yield (i for (i,) in self._q(sql, params))

    @_one_index
    def selection(self, f: Filters, column: str = "cable_id") -> tuple[str, list, int]:
        """(SQL condition on `column`, parameters, cables kept): the filtered cables' ids as a JSON
        array read by json_each, or "1" when nothing is filtered out."""
        ix, m = self.index, self.mask(f)
        kept = int(m.sum())
        if kept == ix.n:
            return "1", [], kept
        return (f"{column} IN (SELECT value FROM json_each(?))",
                [json.dumps(ix.ids[m].tolist())], kept)

    def _few(self, kept: int) -> bool:
        """Whether a set of `kept` cables is read through its own cables (fewer than 2% of the
        store's, or than 2,000) rather than by walking a whole table in order until a page is
        full, which would scan most of the table for a small set."""
        return kept < max(2000, self.index.n // 50)

    @_one_index
    def mask(self, f: Filters) -> np.ndarray:
        """Which rows of the index the filters keep."""
        ix = self.index
        key = (ix.max_id, f.model_dump_json())
        if key not in self._masks:
            if len(self._masks) > 32:
                self._masks.clear()
            self._masks[key] = ix.mask(f, self._sql_ids)
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
        for sql, id_params in _id_filters(f):
            clauses.append(f"{alias}.id IN ({sql})")
            params += id_params
        return (" AND ".join(clauses) or "1"), params

    # --- the interface ------------------------------------------------------------------------

    @_one_index
    def count(self, filters: Filters) -> int:
        return int(self.mask(filters).sum())

    @_one_index
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

    @_one_index
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

    @_one_index
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

    @_one_index
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

    @_one_index
    def events(self, filters: Filters, limit: int = 5000, kinds: Sequence[str] | None = None) -> pd.DataFrame:
        cond, params, kept = self.selection(filters, "e.cable_id")
        kind_sql = ""
        if kinds is not None:
            kinds = list(kinds)
            kind_sql = f" AND e.kind IN ({','.join('?' * len(kinds))})" if kinds else " AND 0"
            params = [*params, *kinds]
        # a few cables: read their events through events_cable and sort them; more: walk the
        # (start, cable_id) index in date order, keeping the set's events, until `limit`
        source = "events e" if cond != "1" and self._few(kept) else f"events e INDEXED BY {self._events_by_date}"
        rows = self._q(
            f"SELECT c.key, c.ref_id, c.label, e.event, e.kind, e.title, e.value, e.precision, e.mod, e.start, "
            f"e.end, e.paragraph, e.marking, e.expression, e.sentence, e.mentions, {self._event_participants} "
            f"FROM {source} JOIN cables c ON c.id = e.cable_id WHERE {cond}{kind_sql} "
            f"ORDER BY e.start, c.ref_id, e.event LIMIT ?", [*params, int(limit)])
        frame = pd.DataFrame(rows, columns=EVENT_COLUMNS)
        frame["start"] = pd.to_datetime(frame["start"], format="%Y-%m-%d")
        frame["end"] = pd.to_datetime(frame["end"], format="%Y-%m-%d")
        return frame

    @_one_index
    def paragraph_markings(self, filters: Filters, limit: int = 500) -> MarkingReport:
        """Counts from the column index (paragraphs per cable and marking, declassification dates,
        reasons); only the two capped lists of paragraphs read SQLite, and only their cables."""
        ix, m = self.index, self.mask(filters)
        label_names, mark_names = ix.names(ix.cat["label"]), ix.marking_names
        cables = np.bincount(ix.cat["label"].codes[m], minlength=len(label_names))
        labels = pd.DataFrame({"label": [label_names[i] for i in np.flatnonzero(cables)],
                               "cables": cables[cables > 0].astype(np.int64)})
        labels = labels.sort_values(["cables", "label"], ascending=[False, True], ignore_index=True)
        kept = m[ix.marking_rows]
        rows, codes, counts = ix.marking_rows[kept], ix.marking_codes[kept], ix.marking_counts[kept]
        entry_labels = ix.cat["label"].codes[rows].astype(np.int64)
        per_pair = np.bincount(entry_labels * len(mark_names) + codes, weights=counts,
                               minlength=len(label_names) * len(mark_names)).astype(np.int64)
        present = np.flatnonzero(per_pair)
        pairs = pd.DataFrame({"label": [label_names[i // len(mark_names)] for i in present],
                              "marking": [mark_names[i % len(mark_names)] or "(unmarked)" for i in present],
                              "paragraphs": per_pair[present]})
        markings = (pairs.groupby("marking")["paragraphs"].sum().sort_values(ascending=False)
                    .rename("paragraphs").rename_axis("marking").reset_index())
        above_pair, unmarked_pair = _marking_checks(label_names, mark_names)
        above_entry = above_pair[entry_labels, codes]
        unmarked_entry = unmarked_pair[entry_labels, codes]
        cols = ["key", "ref_id", "label", "paragraph", "marking", "text"]
        above = self._first_paragraphs(rows[above_entry], codes[above_entry], counts[above_entry], limit)
        unmarked = self._first_paragraphs(rows[unmarked_entry], codes[unmarked_entry], counts[unmarked_entry], limit)
        return MarkingReport(labels=labels, markings=markings, above_banner=pd.DataFrame(above, columns=cols),
                             unmarked=pd.DataFrame([r[:4] + r[5:] for r in unmarked], columns=cols[:4] + cols[5:]),
                             unmarked_count=int(counts[unmarked_entry].sum()),
                             above_banner_count=int(counts[above_entry].sum()),
                             declass_years=self._declass_years(m), reasons=self._reasons(m), label_by_marking=pairs)

    def _first_paragraphs(self, rows: np.ndarray, codes: np.ndarray, counts: np.ndarray, limit: int) -> list[tuple]:
        """The first `limit` paragraphs (in cable order) of the index entries (cable row, marking
        code, paragraph count) given: SQL reads only the few cables needed to fill the list."""
        if not len(rows) or limit <= 0:
            return []
        enough = int(np.searchsorted(np.cumsum(counts), limit)) + 1  # entries are sorted by cable row
        ix = self.index
        wanted = {(int(ix.ids[r]), ix.marking_names[c]) for r, c in zip(rows[:enough], codes[:enough])}
        ids = sorted({cable_id for cable_id, _ in wanted})
        marks = sorted({mark for _, mark in wanted})
        found = self._q(
            f"SELECT p.cable_id, c.key, c.ref_id, c.label, p.paragraph, p.marking, p.text FROM paragraphs p "
            f"JOIN cables c ON c.id = p.cable_id WHERE p.cable_id IN ({','.join('?' * len(ids))}) "
            f"AND +p.marking IN ({','.join('?' * len(marks))}) ORDER BY p.cable_id, p.idx",  # +: by cable, not marking
            [*ids, *marks])
        return [row[1:] for row in found if (row[0], row[5]) in wanted][:limit]

    def _declass_years(self, m: np.ndarray) -> pd.DataFrame:
        """Cables per year of their declassification date, split by whether that date has passed."""
        days = self.index.declassify_day[m]
        days = days[days != _NO_DATE]
        years = days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
        due = days > (date.today() - date(1970, 1, 1)).days
        keys, counts = np.unique(years * 2 + due, return_counts=True)
        return pd.DataFrame({"year": (keys // 2).astype(np.int64),
                             "status": np.where(keys % 2 == 1, "due", "passed").astype(object),
                             "cables": counts.astype(np.int64)}).sort_values(["year", "status"], ignore_index=True)

    def _reasons(self, m: np.ndarray) -> pd.DataFrame:
        """Cables per classification reason (the 'Classified by' line), most frequent first."""
        ix = self.index
        rows, cat = ix.multi["reasons"]
        counts = np.bincount(cat.codes[m[rows]], minlength=len(cat.categories))
        names = ix.names(cat)
        used = np.flatnonzero(counts)
        frame = pd.DataFrame({"reason": [names[i] for i in used], "meaning": [ix.reason_meanings[i] for i in used],
                              "cables": counts[used].astype(np.int64)})
        return frame.sort_values(["cables", "reason"], ascending=[False, True], ignore_index=True)

    def _entity_counts(self, filters: Filters) -> tuple[np.ndarray, np.ndarray]:
        """(cables, mentions) per entity code in the filtered set, cached per filter set: the
        People page needs them twice (its names, then the names among which pairs are counted)."""
        ix = self.index
        key = ("entity_counts", ix.max_id, filters.model_dump_json())
        if key not in self._cache:
            if len(self._cache) > 32:
                self._cache.clear()
            m = self.mask(filters)
            kept = None if m.all() else m[ix.entity_rows]
            self._cache[key] = ix.entity_totals if kept is None else _entity_totals(
                ix.entity_codes[kept], ix.entity_mentions[kept], len(ix.entity_ids))
        return self._cache[key]

    @_one_index
    def entities(self, filters: Filters, kinds: Sequence[str] | None = None, limit: int = 200) -> pd.DataFrame:
        ix = self.index
        cables, mentions = self._entity_counts(filters)
        wanted = cables > 0
        if kinds:
            wanted &= np.isin(ix.entity_kinds, list(kinds))
        chosen = np.flatnonzero(wanted)
        order = chosen[np.lexsort((ix.entity_name_rank[chosen], -mentions[chosen], -cables[chosen]))][:int(limit)]
        return pd.DataFrame({
            "id": [ix.entity_ids[i] for i in order], "name": [ix.entity_names[i] for i in order],
            "kind": [ix.entity_kinds[i] for i in order], "title": [ix.entity_titles[i] for i in order],
            "cables": cables[order].astype(np.int64), "mentions": mentions[order]}, columns=ENTITY_COLUMNS)

    @_one_index
    def cooccurrence(self, filters: Filters, entity: str | None = None, kinds: Sequence[str] | None = None,
                     limit: int = 200) -> pd.DataFrame:
        """Pairs of names sharing cables of the set, from the column index's (cable, entity) lists.
        With `entity`: its companions. Without: pairs among the `_PAIR_NAMES` names found in most
        cables of the set (bounded work whatever the set's size; exact when no pair with a name
        beyond them could enter the list, see the loop). `kinds` keeps names of those kinds."""
        ix, m = self.index, self.mask(filters)
        if entity:
            code = ix.entity_code.get(entity)
            if code is None:
                return pd.DataFrame(columns=_PAIR_COLUMNS)
            shared_cable = np.zeros(ix.n, bool)
            shared_cable[ix.entity_rows[ix.entity_codes == code]] = True
            shared_cable &= m
            companions = shared_cable[ix.entity_rows] & (ix.entity_codes != code)
            shared = np.bincount(ix.entity_codes[companions], minlength=len(ix.entity_ids))
            if kinds:
                shared[~np.isin(ix.entity_kinds, list(kinds))] = 0
            others = np.flatnonzero(shared)
            in_cables = self._entity_counts(filters)[0]
            return self._pairs(np.full(len(others), code), others, shared[others], in_cables, limit)
        # pairs among the K names in most cables of the set, K doubling up to _PAIR_NAMES: a pair
        # with a name beyond the first K shares at most as many cables as that name has, so once
        # the limit-th pair shares more, no other pair can enter the list
        top = self.entities(filters, kinds=kinds, limit=_PAIR_NAMES)
        codes = np.array([ix.entity_code[e] for e in top["id"]], dtype=np.int64)  # most cables first
        cables = top["cables"].to_numpy()
        rank = np.full(len(ix.entity_ids), len(codes), np.int32)  # int32: half the memory traffic
        rank[codes] = np.arange(len(codes))
        chosen = m[ix.entity_rows] & (rank[ix.entity_codes] < len(codes))
        rows, ranks = ix.entity_rows[chosen].astype(np.int32), rank[ix.entity_codes[chosen]]  # grouped by cable
        k = min(_FIRST_PAIR_NAMES, len(codes))
        while True:
            inside = ranks < k
            a, b, shared = _pair_counts(rows[inside], ranks[inside], k)
            if k == len(codes) or (len(shared) >= limit and np.sort(shared)[-int(limit)] > cables[k]):
                break
            k = min(2 * k, len(codes))
        a, b = codes[a], codes[b]
        in_cables = self._entity_counts(filters)[0]
        return self._pairs(np.minimum(a, b), np.maximum(a, b), shared, in_cables, limit)  # a < b by id, as in memory

    def _pairs(self, a: np.ndarray, b: np.ndarray, shared: np.ndarray, in_cables: np.ndarray,
               limit: int) -> pd.DataFrame:
        """The pairs' frame, ordered as the in-memory corpus orders it: most shared cables first;
        among equals, pairs of names found in more cables of the set (`in_cables`, by entity code)
        first, then by the names."""
        ix = self.index
        a_in, b_in = in_cables[a], in_cables[b]
        order = np.lexsort((ix.entity_name_rank[b], ix.entity_name_rank[a], -np.maximum(a_in, b_in),
                            -np.minimum(a_in, b_in), -shared))[:int(limit)]
        return pd.DataFrame({
            "a": [ix.entity_ids[i] for i in a[order]], "a_name": [ix.entity_names[i] for i in a[order]],
            "b": [ix.entity_ids[i] for i in b[order]], "b_name": [ix.entity_names[i] for i in b[order]],
            "cables": shared[order].astype(np.int64)}, columns=_PAIR_COLUMNS)

    @_one_index
    def quotes(self, filters: Filters, limit: int = 500) -> pd.DataFrame:
        where, params = self.where(filters)
        # a few cables: their quotes through quotes_cable, then sorted; more: every quote in cable
        # order (CROSS JOIN keeps quotes the outer loop), the set's kept, until `limit` (a label's
        # first 300 quotes: 1 ms instead of 140 ms sorting its 100,000 cables' quotes)
        join = "JOIN" if self._few(self.count(filters)) else "CROSS JOIN"
        return self._frame(
            f"SELECT c.key, c.ref_id, q.speaker, q.text, q.paragraph, q.marking FROM quotes q "
            f"{join} cables c ON c.id = q.cable_id WHERE {where} ORDER BY q.cable_id, q.rowid LIMIT ?",
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
        return Cable.model_validate_json(unpack_json(rows[0][0])) if rows else None

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

    @_one_index
    def search(self, query: str, filters: Filters, limit: int = 50) -> pd.DataFrame:
        """Paragraphs ranked by bm25. A query matching more than `_RANKED_MATCHES` paragraphs is
        ranked among the latest matches only (`frame.attrs["ranked_within"]` says how many), so
        that a common word costs the same as a rare one; see `_ranked`. Filters that keep at most
        `_FEW_PARAGRAPHS` paragraphs rank every match of them (`_ranked_among`)."""
        terms = query_terms(query)
        phrases = _phrases(terms)
        if not phrases:
            return pd.DataFrame(columns=SEARCH_COLUMNS)
        rows: list[tuple] = []
        window = None
        # paragraphs with every term; only when none has them all, those with some of them
        for every in (True, False) if len(phrases) > 1 else (True,):
            rows, window = self._ranked(terms, phrases, every, filters, int(limit))
            if rows:
                break
        frame = pd.DataFrame(rows, columns=["key", "ref_id", "created", "label", "subject", "paragraph", "marking",
                                            "score", "text"])
        frame["created"] = pd.to_datetime(frame["created"])
        frame["score"] = frame["score"].astype(float).round(3)
        frame["snippet"] = [_snippet(t, terms) for t in frame["text"]]
        frame = frame[SEARCH_COLUMNS]
        frame.attrs["ranked_within"] = window
        return frame

    def _ranked(self, terms: list[str], phrases: list[str], every: bool, filters: Filters,
                limit: int) -> tuple[list[tuple], int | None]:
        """(the best `limit` paragraphs with every term, or with some, how many of the latest
        matches were ranked; None: all of them); `phrases` are the terms as `_phrases` writes them,
        computed once per search. A filtered set of few paragraphs is ranked in
        Python (its cost follows the set, not the word: a common word within one small post ranks
        in milliseconds); a larger one, or none, by FTS5 within a window of matches."""
        ix, m = self.index, self.mask(filters)
        kept = np.flatnonzero(m)
        match = fts_query(terms, "AND" if every else "OR", prefix=False)
        if len(kept) == ix.n:
            return self._ranked_by_fts(match, "1", [], (0, np.iinfo(np.int64).max), limit)
        if int(ix.paragraphs[kept].sum()) <= _FEW_PARAGRAPHS:
            return self._ranked_among(phrases, every, ix.ids[kept], limit), None
        where, params = self.where(filters)
        bounds = (int(ix.paragraph_first[kept].min()), int(ix.paragraph_last[kept].max()))
        return self._ranked_by_fts(match, where, params, bounds, limit)

    def _ranked_by_fts(self, match: str, where: str, params: list, bounds: tuple[int, int],
                       limit: int) -> tuple[list[tuple], int | None]:
        """FTS5's bm25 over the matches within `bounds`, the lowest and highest paragraph id of the
        filtered set (a window then stays inside the set when its cables are together, such as the
        cables of one month in a store ingested in date order). bm25 costs a few microseconds per
        matching paragraph (0.4 s of CPU for a word in 86,000 paragraphs at 251k cables), so only
        the latest `_RANKED_MATCHES` matches (a rowid range, found in FTS5's own rowid order without
        scoring) are ranked; when the filters keep fewer than `limit` of them the range widens 4x
        at a time, up to every match."""
        low, high = bounds
        window = _RANKED_MATCHES
        while True:
            cut = self._q("SELECT rowid FROM par_fts WHERE par_fts MATCH ? AND rowid BETWEEN ? AND ? "
                          "ORDER BY rowid DESC LIMIT 1 OFFSET ?", [match, low, high, window - 1])
            lowest = cut[0][0] if cut else low
            rows = self._ranked_from(match, lowest, high, where, params, limit)
            if not cut or len(rows) >= limit:
                return rows, window if cut else None
            window *= 4

    def _ranked_from(self, match: str, lowest: int, highest: int, where: str, params: list,
                     limit: int) -> list[tuple]:
        """The best `limit` paragraphs matching with a rowid from `lowest` to `highest`, in bm25 order."""
        if where == "1":  # rank and cut inside FTS5 first, then fetch the few rows
            return self._q(
                f"SELECT {_HIT_COLUMNS}, -f.rank, p.text FROM (SELECT rowid, rank FROM par_fts WHERE par_fts MATCH ? "
                f"AND rowid BETWEEN ? AND ? ORDER BY rank LIMIT ?) f JOIN paragraphs p ON p.id = f.rowid "
                f"JOIN cables c ON c.id = p.cable_id ORDER BY f.rank", [match, lowest, highest, limit])
        return self._q(
            f"SELECT {_HIT_COLUMNS}, -par_fts.rank, p.text FROM par_fts JOIN paragraphs p ON p.id = par_fts.rowid "
            f"JOIN cables c ON c.id = p.cable_id WHERE par_fts MATCH ? AND par_fts.rowid BETWEEN ? AND ? AND {where} "
            f"ORDER BY par_fts.rank LIMIT ?", [match, lowest, highest, *params, limit])

    def _ranked_among(self, phrases: list[str], every: bool, cable_ids: np.ndarray,
                      limit: int) -> list[tuple]:
        """The best `limit` paragraphs of the given cables with every phrase (or some), scored as
        FTS5's bm25() would score them (`_bm25`): the cables' paragraphs are read (a substring
        test skips most of them before tokenizing) instead of scoring every match in the store."""
        freqs_of: dict[int, list[int]] = {}
        for paragraph_id, text in self._q("SELECT id, text FROM paragraphs WHERE cable_id IN "
                                          "(SELECT value FROM json_each(?))", [json.dumps(cable_ids.tolist())]):
            freqs = _phrase_counts(_fold(text), phrases, every)
            if all(freqs) if every else any(freqs):
                freqs_of[paragraph_id] = freqs
        if not freqs_of:
            return []
        tokens_of = {i: _varints(size)[0] for i, size in self._q(  # FTS5's own paragraph lengths
            "SELECT id, sz FROM par_fts_docsize WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(list(freqs_of))])}
        average, idf = self._bm25_stats(phrases)
        scores = {i: _bm25(freqs, tokens_of[i], average, idf) for i, freqs in freqs_of.items()}
        best = sorted(scores, key=lambda i: (-scores[i], i))[:limit]
        found = {row[0]: row[1:] for row in self._q(
            f"SELECT p.id, {_HIT_COLUMNS}, p.text FROM paragraphs p JOIN cables c ON c.id = p.cable_id "
            f"WHERE p.id IN ({','.join('?' * len(best))})", best)}
        return [(*found[i][:-1], scores[i], found[i][-1]) for i in best]

    def _bm25_stats(self, phrases: list[str]) -> tuple[float, list[float]]:
        """(average paragraph length in tokens, idf of each phrase), as FTS5's bm25() computes them
        (fts5_aux.c): rows and tokens from the index's averages record (rowid 1 of par_fts_data),
        and the number of paragraphs with each phrase in the whole store."""
        rows, tokens = _varints(self._q("SELECT block FROM par_fts_data WHERE id = 1")[0][0])[:2]
        idf = []
        for phrase in phrases:
            hits = self._q("SELECT count(*) FROM par_fts WHERE par_fts MATCH ?",
                           [fts_query([phrase], prefix=False)])[0][0]
            weight = math.log((rows - hits + 0.5) / (hits + 0.5))
            idf.append(weight if weight > 0 else 1e-6)
        return tokens / rows, idf

    def export(self, filters: Filters, what: ExportWhat, fmt: ExportFormat = "csv") -> bytes:
        where, params = self.where(filters)
        if what == "cables":
            if fmt == "json":
                with self._lock:
                    cur = self._db.execute(f"SELECT j.data FROM cables c JOIN cable_json j ON j.cable_id = c.id "
                                           f"WHERE {where} ORDER BY c.id", params)
                    parts = [unpack_json(d).decode("utf-8") for (d,) in cur]
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
                cable = Cable.model_validate_json(unpack_json(data))
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
            self.clear_cache()  # the next use of `index` appends the new cables to it
        return added

    def failures(self, limit: int = 1000) -> pd.DataFrame:
        return self._frame("SELECT path, idx, error FROM failures ORDER BY path, idx LIMIT ?", [int(limit)],
                           ["path", "index", "error"])

    def __len__(self) -> int:
        return self.index.n  # cables are never deleted: the count the index was brought up to
