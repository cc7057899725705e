"""The store's schema: one SQLite file (WAL), FTS5 for full text. Why SQLite: bench/README_store.md.

Tables (every row of a child table carries `cable_id`, the integer id of its cable):

    cables        one row per cable: the dashboard's columns (key, ref_id, created, origin, label,
                  precedence, subject, tags, caveats, paragraphs, uploaded, source) + hash, dates
    cable_values  (cable_id, facet, value) for the multi-valued facets: tags, caveats, reasons
    cable_json    (cable_id, data): the whole Cable as compressed JSON (`pack_json`), for opening one
    paragraphs    one row per paragraph (text, marking, summary); `par_fts` indexes its text
    events        one row per event (first mention flattened, participants joined by "; ", as the
                  timeline page shows it)
    entities      one row per (cable, entity)
    quotes        one row per quote
    failures      (path, idx, error): inputs that yielded no cable, kept across runs
    cable_fts     contentless FTS5 over subject + summary + paragraphs, one document per cable:
                  the `query` filter (every term somewhere in the cable)
    par_fts       FTS5 over paragraphs.text (external content): ranked search (bm25) + snippets
    meta          key/value (schema version)
"""

from __future__ import annotations

import sqlite3
import threading
import zlib
from pathlib import Path

import zstandard

SCHEMA_VERSION = "2"  # 2: events.participants

DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS cables (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL UNIQUE,
    ref_id TEXT NOT NULL DEFAULT '',
    ref_upper TEXT NOT NULL DEFAULT '',
    created TEXT,              -- 'YYYY-MM-DD HH:MM:SS' (UTC) or NULL
    origin TEXT NOT NULL DEFAULT '',
    label TEXT NOT NULL DEFAULT 'UNKNOWN',
    precedence TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '',
    caveats TEXT NOT NULL DEFAULT '',
    paragraphs INTEGER NOT NULL DEFAULT 0,
    uploaded INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL DEFAULT '',
    source_path TEXT NOT NULL DEFAULT '',
    source_index INTEGER NOT NULL DEFAULT 0,
    declassify_on TEXT,
    n_events INTEGER NOT NULL DEFAULT 0,
    n_entities INTEGER NOT NULL DEFAULT 0,
    n_quotes INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS cables_created ON cables(created);
CREATE INDEX IF NOT EXISTS cables_label ON cables(label, created);
CREATE INDEX IF NOT EXISTS cables_origin ON cables(origin, created);
CREATE INDEX IF NOT EXISTS cables_precedence ON cables(precedence);
CREATE INDEX IF NOT EXISTS cables_ref ON cables(ref_upper);
CREATE INDEX IF NOT EXISTS cables_ref_id ON cables(ref_id);  -- (ref_id, id) order: the index's ref_rank
CREATE TABLE IF NOT EXISTS cable_values (
    cable_id INTEGER NOT NULL, facet TEXT NOT NULL, value TEXT NOT NULL, meaning TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS cable_values_fv ON cable_values(facet, value, cable_id);
CREATE INDEX IF NOT EXISTS cable_values_c ON cable_values(cable_id, facet);
CREATE TABLE IF NOT EXISTS cable_json (cable_id INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS paragraphs (
    id INTEGER PRIMARY KEY,
    cable_id INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    paragraph INTEGER NOT NULL,
    marking TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS paragraphs_cable ON paragraphs(cable_id, idx);
CREATE INDEX IF NOT EXISTS paragraphs_marking ON paragraphs(marking);
CREATE TABLE IF NOT EXISTS events (
    cable_id INTEGER NOT NULL,
    event INTEGER NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    value TEXT NOT NULL,
    precision TEXT NOT NULL,
    mod TEXT NOT NULL DEFAULT '',
    start TEXT NOT NULL,
    end TEXT NOT NULL,
    paragraph INTEGER,
    marking TEXT NOT NULL DEFAULT '',
    expression TEXT NOT NULL DEFAULT '',
    sentence TEXT NOT NULL DEFAULT '',
    mentions INTEGER NOT NULL DEFAULT 0,
    participants TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS events_cable ON events(cable_id);
CREATE INDEX IF NOT EXISTS events_start_cable ON events(start, cable_id);
CREATE TABLE IF NOT EXISTS entities (
    cable_id INTEGER NOT NULL,
    entity TEXT NOT NULL,
    name TEXT NOT NULL,
    name_lower TEXT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    mentions INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS entities_cable ON entities(cable_id);
CREATE INDEX IF NOT EXISTS entities_entity ON entities(entity, cable_id);
CREATE INDEX IF NOT EXISTS entities_name ON entities(name_lower);
CREATE TABLE IF NOT EXISTS quotes (
    cable_id INTEGER NOT NULL,
    speaker TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    paragraph INTEGER,
    marking TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS quotes_cable ON quotes(cable_id);
CREATE TABLE IF NOT EXISTS failures (
    path TEXT NOT NULL, idx INTEGER NOT NULL, error TEXT NOT NULL, PRIMARY KEY (path, idx)
);
-- columnsize=0: the filter never ranks cables, so no document sizes to keep (7% less writer CPU)
CREATE VIRTUAL TABLE IF NOT EXISTS cable_fts USING fts5(text, content='', columnsize=0, tokenize='unicode61');
CREATE VIRTUAL TABLE IF NOT EXISTS par_fts USING fts5(
    text, content='paragraphs', content_rowid='id', tokenize='unicode61'
);
-- hashsize: the terms FTS5 holds in memory before writing them out as a segment (default 1 MB). A batch
-- of cables then makes one segment rather than several, each of which was merged again later: the writer
-- runs 15% fewer instructions over 4,096 cables, more as the store grows. Kept in the store (%_config),
-- no effect on what queries return.
INSERT INTO cable_fts(cable_fts, rank) VALUES ('hashsize', 16777216);
INSERT INTO par_fts(par_fts, rank) VALUES ('hashsize', 16777216);
"""


_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"  # every zstd frame starts with it; a zlib stream never does (0x78 ...)
_codecs = threading.local()  # zstd (de)compressors must not be shared by threads (the dashboard's sessions)


def pack_json(data: bytes) -> bytes:
    """A cable's JSON as stored: zstd level 1 (0.09 ms a cable against 0.21 for zlib level 1, and
    5% smaller)."""
    if not hasattr(_codecs, "packer"):
        _codecs.packer = zstandard.ZstdCompressor(level=1)
    return _codecs.packer.compress(data)


def unpack_json(blob: bytes) -> bytes:
    """The JSON of a stored cable; stores written before zstd hold zlib blobs, still read."""
    if blob[:4] != _ZSTD_MAGIC:
        return zlib.decompress(blob)
    if not hasattr(_codecs, "unpacker"):
        _codecs.unpacker = zstandard.ZstdDecompressor()
    return _codecs.unpacker.decompress(blob)


# Columns added after a store may have been built: (table, column, its definition).
NEW_COLUMNS = (("events", "participants", "TEXT NOT NULL DEFAULT ''"),)


def columns_of(db: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in db.execute(f"PRAGMA table_info({table})")}


def add_new_columns(db: sqlite3.Connection) -> None:
    """A store built before a column was added gets it, empty in the rows it has (the cables
    ingested after fill theirs). A store opened read-only reads '' instead (`StoreCorpus`)."""
    for table, column, definition in NEW_COLUMNS:
        if column not in columns_of(db, table):
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")


def connect(path: str | Path, readonly: bool = False) -> sqlite3.Connection:
    """A connection with the store's pragmas; creates the schema when writing."""
    path = Path(path)
    if readonly:
        if not path.exists():
            raise FileNotFoundError(f"no store at {path}")
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA cache_size=-65536")  # 64 MB page cache
    db.execute("PRAGMA temp_store=MEMORY")
    if readonly:  # mapped pages count in the process's RSS: keep the window modest
        db.execute("PRAGMA mmap_size=268435456")
    if not readonly:
        db.executescript(DDL)
        add_new_columns(db)
        db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
        db.commit()
    return db
