"""Cold caches for the benchmarks.

cable_core keeps bounded LRU caches keyed by text (a run of capitalised words, a word, a name):
names recur across the cables of a release, so an ingest gains from them. A benchmark that runs
the same cables several times in one process would find every key of its second run cached and
report a cost no ingest of new cables sees, so each run starts with them empty. (The unbounded
caches hold tables built once from the conventions, not text: they are kept.)
"""

from __future__ import annotations

import sys


def clear_text_caches() -> int:
    """Empty every bounded functools cache of the loaded cable_core modules; returns how many."""
    cleared = 0
    for name, module in list(sys.modules.items()):
        if not name.startswith("cable_core") or module is None:
            continue
        for value in vars(module).values():
            parameters = getattr(value, "cache_parameters", None)
            if parameters is not None and parameters()["maxsize"] is not None:
                value.cache_clear()
                cleared += 1
    return cleared
