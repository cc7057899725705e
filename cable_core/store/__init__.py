"""The embedded store: the whole release on a laptop, no server (issue 6).

    python -m cable_core ingest PATH... --store cables.db     # build or extend a store
    corpus = open_store("cables.db")                          # a `Corpus` over it (read-only)

One SQLite file (WAL mode, FTS5 full-text indexes): see `schema.py` for the tables,
`ingest.py` for the parallel, incremental, resumable ingest and `queries.py` for `StoreCorpus`,
the dashboard's `Corpus` protocol answered with SQL. Engine measurements: bench/README_store.md.
"""

from __future__ import annotations

import os
from pathlib import Path

STORE_ENV = "CABLES_STORE"


def open_store(path: str | os.PathLike[str]):
    """A `StoreCorpus` (the `cable_core.corpus.Corpus` protocol) over the store at `path`."""
    from cable_core.store.queries import StoreCorpus

    return StoreCorpus(Path(path))


def store_from_env() -> str | None:
    """The store path named by the CABLES_STORE environment variable (or CABLE_STORE), if any."""
    return os.environ.get(STORE_ENV) or os.environ.get("CABLE_STORE") or None


__all__ = ["open_store", "store_from_env", "STORE_ENV"]
