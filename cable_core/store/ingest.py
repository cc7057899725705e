"""`python -m cable_core ingest PATH... --store PATH`: files in, rows of the store out.

A stream in three stages:

1. the main process reads the inputs (`read_path`: a 1.7 GB cables.csv is read in 8 MB chunks)
   and cuts the raw cables into chunks, dropping those whose content hash the store already
   holds (so a re-run, an overlapping input or a resumed run parses only what is new);
2. worker processes (`--workers`, default one per core) parse and enrich each chunk with the
   full pipeline (`cable_from_raw`) and turn each cable into ready-to-insert rows;
3. the main process writes the chunks in order, several chunks (`BATCH` cables) a transaction: a
   batch is in the store entirely or not at all, so an interrupted ingest (Ctrl-C, kill, power
   loss) resumes from where it stopped on the next run, without duplicates and without loss.
   Batches of 512 cables rather than one chunk cost the writer a third less CPU: FTS5 flushes
   its pending terms and merges segments at each commit.

At most `2 x workers + 2` chunks are in flight, so memory stays flat whatever the input size.
A progress bar on stderr shows cables done, rate and time left (the total is estimated by
counting the row starts of cables.csv files and the files of folders before starting).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import sqlite3
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from itertools import compress, islice
from dataclasses import dataclass, field
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path

from cable_core.formats import RawResult, read_path
from cable_core.formats import cables_csv
from cable_core.models import PARTICIPANT_SEPARATOR, Cable, ParseFailure, RawCable
from cable_core.store.schema import connect, pack_json

CHUNK = 64  # cables a worker parses at a time
BATCH = 512  # cables a transaction writes at least (whole chunks)
FAIL_AFTER_ENV = "CABLE_STORE_FAIL_AFTER_BATCHES"  # test hook: raise after N committed batches
_IN_JSON = "IN (SELECT value FROM json_each(?))"  # a list of values as one parameter: one statement for any count

Record = tuple[str, str, int, str | None]  # a cable's (content_hash, source path, source index, ref_id)


class IngestInterrupted(RuntimeError):
    """Raised by the test hook after a given number of committed batches."""


def content_hash(text: str) -> str:
    """The same digest `build_cable` stores as `Cable.content_hash`."""
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:32]


# --- a cable as rows ---------------------------------------------------------------------------


def cable_label(cable: Cable) -> str:
    return cable.classification_label or cable.classification or "UNKNOWN"


@dataclass
class CableRows:
    """Everything the store keeps of one cable, without its integer id (the writer assigns it)."""

    content_hash: str
    ref_id: str
    cable: tuple  # columns of `cables` after id, key, content_hash
    values: list[tuple] = field(default_factory=list)  # (facet, value, meaning)
    json: bytes = b""
    paragraphs: list[tuple] = field(default_factory=list)  # (idx, paragraph, marking, summary, text)
    events: list[tuple] = field(default_factory=list)
    entities: list[tuple] = field(default_factory=list)
    quotes: list[tuple] = field(default_factory=list)
    fts: str = ""


CABLE_INSERT_COLUMNS = ("ref_id", "ref_upper", "created", "origin", "label", "precedence", "subject", "tags",
                        "caveats", "paragraphs", "uploaded", "source", "source_path", "source_index",
                        "declassify_on", "n_events", "n_entities", "n_quotes")
_PATH_AT, _INDEX_AT = CABLE_INSERT_COLUMNS.index("source_path"), CABLE_INSERT_COLUMNS.index("source_index")


def cable_rows(cable: Cable, uploaded: bool = False) -> CableRows:
    label = cable_label(cable)
    ref = cable.ref_id or ""
    row = (
        ref, ref.upper(), cable.created.strftime("%Y-%m-%d %H:%M:%S") if cable.created else None,
        cable.origin or "", label, cable.precedence or "", cable.subject or "", ", ".join(cable.tags),
        ", ".join(cable.caveats), len(cable.paragraphs), int(uploaded), cable.source.path.rsplit("/", 1)[-1],
        cable.source.path, cable.source.index,
        cable.declassify_on.isoformat() if cable.declassify_on else None,
        len(cable.events), len(cable.entities), len(cable.quotes),
    )
    values = [("tags", v, cable.tag_meanings.get(v, "")) for v in dict.fromkeys(cable.tags)]
    values += [("caveats", v, cable.caveat_meanings.get(v, "")) for v in dict.fromkeys(cable.caveats)]
    if cable.classified_by:
        cb = cable.classified_by
        meanings = cb.reason_meanings + [""] * len(cb.reasons)
        values += [("reasons", r, m) for r, m in zip(cb.reasons, meanings)]
    paragraphs = [(i, p.number if p.number is not None else i + 1, p.marking or "", p.summary or "", p.text)
                  for i, p in enumerate(cable.paragraphs)]
    events = []
    for i, e in enumerate(cable.events):
        m = e.mentions[0] if e.mentions else None
        events.append((
            i, e.kind, e.title, e.value, e.precision, e.mod or "", e.date_start.isoformat(), e.date_end.isoformat(),
            m.paragraph if m else (e.paragraphs[0] if e.paragraphs else None),
            (m.marking or "") if m else "", m.expression if m else e.value, m.sentence if m else "",
            len(e.mentions), PARTICIPANT_SEPARATOR.join(e.participants)))
    entities = [(e.id, e.name, e.name.lower(), e.kind, e.title or "", len(e.mentions)) for e in cable.entities]
    quotes = [(q.speaker or "", q.text, q.paragraph, q.marking or "") for q in cable.quotes]
    fts = "\n".join([cable.subject or "", cable.summary or "", *(p.text for p in cable.paragraphs)])
    # the serializer's UTF-8 bytes as they are (= model_dump_json().encode(), without the round trip
    # through a str)
    blob = pack_json(cable.__pydantic_serializer__.to_json(cable))
    return CableRows(cable.content_hash, ref, row, values, blob, paragraphs, events, entities, quotes, fts)


# --- workers -----------------------------------------------------------------------------------


def _worker_init() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process handles Ctrl-C


def process_chunk(chunk: list[RawResult]) -> list[CableRows | ParseFailure]:
    """Worker: parse + enrich a chunk of raw cables into rows (failures pass through)."""
    from cable_core.pipeline import cable_from_raw

    out: list[CableRows | ParseFailure] = []
    for raw in chunk:
        if isinstance(raw, ParseFailure):
            out.append(raw)
            continue
        result = cable_from_raw(raw)
        if isinstance(result, ParseFailure):
            out.append(result)
        else:
            try:
                out.append(cable_rows(result))
            except Exception as exc:  # one odd cable must not stop the ingest
                out.append(ParseFailure(source=raw.source, error=f"store error: {type(exc).__name__}: {exc}"))
    return out


# --- the writer --------------------------------------------------------------------------------


class Writer:
    """Inserts CableRows into an open store; single writer, one transaction per `write`."""

    def __init__(self, db: sqlite3.Connection) -> None:
        # what is stored is looked up through the UNIQUE and ref_id indexes, not loaded: opening a
        # writer on a 251k store to add one upload costs nothing
        self.db = db
        self.next_id = (db.execute("SELECT max(id) FROM cables").fetchone()[0] or 0) + 1
        self.next_par = (db.execute("SELECT max(id) FROM paragraphs").fetchone()[0] or 0) + 1

    def new_cables(self, records: Sequence[Record], seen: set[str]) -> list[bool]:
        """For each cable, whether to store it: neither its text (content hash) is stored or in `seen`
        (which takes the new ones) nor the same record of the same file (a re-read of a record is
        skipped even when a newer parser normalises its text differently: another hash). Two queries
        for all the cables rather than two a cable."""
        stored_hashes = self._stored("content_hash", [digest for digest, *_ in records])
        refs = list(dict.fromkeys(ref for *_, ref in records if ref))
        stored_records = set(self.db.execute(
            f"SELECT ref_id, source_path, source_index FROM cables WHERE ref_id {_IN_JSON}", (json.dumps(refs),)))
        new = []
        for digest, path, index, ref in records:
            fresh = digest not in stored_hashes and digest not in seen and (ref, path, index) not in stored_records
            if fresh:
                seen.add(digest)
            new.append(fresh)
        return new

    def _stored(self, column: str, values: list[str]) -> set[str]:
        """Those of `values` that the UNIQUE `column` of `cables` holds."""
        return {value for (value,) in self.db.execute(f"SELECT {column} FROM cables WHERE {column} {_IN_JSON}",
                                                      (json.dumps(values),))}

    def _keys(self, rows: list[CableRows]) -> list[str]:
        """Each cable's key: its ref_id (or `h:` + hash), else `~2`, `~3`... the first free one."""
        bases = [r.ref_id or f"h:{r.content_hash[:12]}" for r in rows]
        taken = self._stored("key", bases)  # with the keys given so far
        keys = []
        for base in bases:
            key, n = base, 1
            while key in taken or (n > 1 and self._stored("key", [key])):
                n += 1
                key = f"{base}~{n}"
            taken.add(key)
            keys.append(key)
        return keys

    def write(self, results: Iterable[CableRows | ParseFailure]) -> tuple[int, list[ParseFailure]]:
        """Insert one batch in one transaction. Returns (cables added, failures)."""
        cables, values, blobs, paras, par_fts, events, ents, quotes, fts = ([] for _ in range(9))
        results = list(results)
        failures = [r for r in results if isinstance(r, ParseFailure)]
        rows = [r for r in results if not isinstance(r, ParseFailure)]
        rows = list(compress(rows, self.new_cables(
            [(r.content_hash, r.cable[_PATH_AT], r.cable[_INDEX_AT], r.ref_id) for r in rows], set())))
        next_id, next_par = self.next_id, self.next_par
        for r, key in zip(rows, self._keys(rows)):
            cid = next_id
            next_id += 1
            cables.append((cid, key, r.content_hash, *r.cable))
            values += [(cid, *v) for v in r.values]
            blobs.append((cid, r.json))
            for p in r.paragraphs:
                paras.append((next_par, cid, *p))
                par_fts.append((next_par, p[4]))
                next_par += 1
            events += [(cid, *e) for e in r.events]
            ents += [(cid, *e) for e in r.entities]
            quotes += [(cid, *q) for q in r.quotes]
            fts.append((cid, r.fts))
        db = self.db
        with db:  # one transaction: the batch is stored entirely or not at all
            cols = ", ".join(("id", "key", "content_hash", *CABLE_INSERT_COLUMNS))
            db.executemany(f"INSERT INTO cables ({cols}) VALUES ({', '.join('?' * (3 + len(CABLE_INSERT_COLUMNS)))})",
                           cables)
            db.executemany("INSERT INTO cable_values VALUES (?,?,?,?)", values)
            db.executemany("INSERT INTO cable_json VALUES (?,?)", blobs)
            db.executemany("INSERT INTO paragraphs VALUES (?,?,?,?,?,?,?)", paras)
            db.executemany("INSERT INTO par_fts(rowid, text) VALUES (?,?)", par_fts)
            db.executemany("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", events)
            db.executemany("INSERT INTO entities VALUES (?,?,?,?,?,?,?)", ents)
            db.executemany("INSERT INTO quotes VALUES (?,?,?,?,?)", quotes)
            db.executemany("INSERT INTO cable_fts(rowid, text) VALUES (?,?)", fts)
            db.executemany("INSERT OR REPLACE INTO failures VALUES (?,?,?)",
                           [(f.source.path, f.source.index, f.error) for f in failures])
        self.next_id, self.next_par = next_id, next_par
        return len(cables), failures


# --- the command -------------------------------------------------------------------------------


_ROW_COUNT = re.compile(rb'\n"\d{1,10}","\d{1,2}/\d{1,2}/\d{4} ')


def estimate_total(paths: Sequence[str | os.PathLike[str]]) -> int:
    """Cables to expect: row starts of cables.csv files, one per other file."""
    total = 0
    for path in paths:
        path = Path(path)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for f in files:
            try:
                with f.open("rb") as handle:
                    head = handle.read(4096)
                    if not cables_csv.looks_like_cables_csv(head):
                        total += 1
                        continue
                    handle.seek(0)
                    rows, tail = 1, b""
                    while block := handle.read(16 * 1024 * 1024):
                        data = tail + block
                        keep = max(0, len(data) - 64)  # a row start in the last 64 bytes waits for the next block
                        rows += sum(1 for m in _ROW_COUNT.finditer(data) if m.start() < keep)
                        tail = data[keep:]
                    rows += len(_ROW_COUNT.findall(tail))
                    total += rows
            except OSError:
                total += 1
    return total


class _PlainProgress:
    """Progress on stderr without tqdm: cables done, rate, time left, every two seconds."""

    def __init__(self, total: int) -> None:
        self.total, self.done, self.started, self.last, self.postfix = total, 0, time.perf_counter(), 0.0, {}

    def update(self, n: int) -> None:
        self.done += n
        now = time.perf_counter()
        if now - self.last >= 2:
            self.last = now
            rate = self.done / max(now - self.started, 1e-9)
            left = (self.total - self.done) / rate if rate and self.total > self.done else 0
            extra = " ".join(f"{k}={v}" for k, v in self.postfix.items())
            print(f"ingest: {self.done:,}/{self.total:,} cables, {rate:.1f}/s, {left / 60:.1f} min left {extra}",
                  file=sys.stderr, flush=True)

    def set_postfix(self, refresh: bool = False, **values: object) -> None:
        self.postfix = values

    def close(self) -> None:
        self.last = 0.0
        self.update(0)


def _progress_bar(total: int):
    try:
        from tqdm import tqdm
    except ImportError:
        return _PlainProgress(total)
    return tqdm(total=total, unit="cable", file=sys.stderr, dynamic_ncols=True, smoothing=0.05, desc="ingest",
                mininterval=0.5)


def _chunks(raws: Iterator[RawResult], writer: Writer, size: int, stats: dict) -> Iterator[list[RawResult]]:
    """Chunks of `size` raw cables, those already stored (or met before in this run) left out."""
    chunk: list[RawResult] = []
    seen_here: set[str] = set()
    while window := list(islice(raws, size)):
        stats["read"] += len(window)
        cables = [raw for raw in window if isinstance(raw, RawCable)]
        new = iter(writer.new_cables([_record(raw) for raw in cables], seen_here))
        kept = [raw for raw in window if not isinstance(raw, RawCable) or next(new)]  # failures pass
        stats["skipped"] += len(window) - len(kept)
        chunk += kept
        if len(chunk) >= size:
            yield chunk[:size]
            chunk = chunk[size:]
    if chunk:
        yield chunk


def _record(raw: RawCable) -> Record:
    return content_hash(raw.text), raw.source.path, raw.source.index, raw.publisher.ref_id if raw.publisher else None


@dataclass
class IngestReport:
    read: int = 0
    added: int = 0
    skipped: int = 0
    failures: list[ParseFailure] = field(default_factory=list)
    seconds: float = 0.0
    total_in_store: int = 0

    def summary(self) -> str:
        rate = self.added / self.seconds if self.seconds else 0.0
        return (f"{self.added:,} cables added, {self.skipped:,} already in the store, "
                f"{len(self.failures):,} failed, in {self.seconds:.1f} s ({rate:.1f} cables/s); "
                f"the store holds {self.total_in_store:,} cables")


def ingest(paths: Sequence[str | os.PathLike[str]], store: str | os.PathLike[str], workers: int = 0,
           chunk_size: int = CHUNK, progress: bool = True, fail_after_batches: int | None = None,
           batch_size: int = BATCH) -> IngestReport:
    """Parse `paths` into the store at `store`. See the module docstring."""
    if fail_after_batches is None and os.environ.get(FAIL_AFTER_ENV):
        fail_after_batches = int(os.environ[FAIL_AFTER_ENV])
    workers = workers or os.cpu_count() or 1
    started = time.perf_counter()
    db = connect(store)
    writer = Writer(db)
    report = IngestReport()
    stats = {"read": 0, "skipped": 0}
    bar = None
    if progress:
        bar = _progress_bar(estimate_total(paths))
    paths = [Path(p).resolve() for p in paths]  # the same file under another spelling is the same source
    raws: Iterator[RawResult] = (r for p in paths for r in read_path(p))
    chunks = _chunks(raws, writer, chunk_size, stats)
    ctx = get_context("fork") if sys.platform.startswith("linux") else get_context()
    # ProcessPoolExecutor, not multiprocessing.Pool: a worker that dies (OOM killer, segfault)
    # breaks the pool with an error instead of leaving the writer waiting forever
    pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_worker_init)
    batches = parsed = done_before = 0
    pending: deque = deque()
    try:
        exhausted = False
        rows: list[CableRows | ParseFailure] = []
        size = 0
        while True:
            while not exhausted and len(pending) < 2 * workers + 2:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                pending.append((len(chunk), pool.submit(process_chunk, chunk)))
            if not pending:
                break
            chunk_cables, job = pending.popleft()
            rows += job.result()
            size += chunk_cables
            if bar is not None:
                parsed += chunk_cables
                done = parsed + stats["skipped"]
                bar.update(done - done_before)
                done_before = done
            if size < batch_size and (pending or not exhausted):
                continue  # the batch takes more chunks
            added, failures = writer.write(rows)
            report.added += added
            report.failures += failures
            batches += 1
            rows, size = [], 0
            if bar is not None:
                bar.set_postfix(added=report.added, skipped=stats["skipped"], failed=len(report.failures),
                                refresh=False)
            if fail_after_batches is not None and batches >= fail_after_batches:
                raise IngestInterrupted(f"test hook: stopped after {batches} batches")
        pool.shutdown(wait=True)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if report.added or not Path(str(store) + ".index.npz").exists():
            _write_index(store)  # the dashboard's column index, so that opening the store is instant
    except BrokenProcessPool as exc:
        _stop(pool, pending)
        raise RuntimeError("a worker process died (out of memory?); what was stored is kept: "
                           "run the same command again to resume") from exc
    except BaseException:
        _stop(pool, pending)
        raise
    finally:
        if bar is not None:
            bar.close()
        report.read, report.skipped = stats["read"], stats["skipped"]
        report.seconds = time.perf_counter() - started
        report.total_in_store = db.execute("SELECT count(*) FROM cables").fetchone()[0]
        db.close()
    return report


def _stop(pool: ProcessPoolExecutor, pending: deque) -> None:
    """Stop the workers without waiting for the chunks in flight: they are redone on resume."""
    for _, job in pending:
        job.cancel()
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)  # waiting on killed workers can hang
    for process in processes:
        process.join(timeout=10)


def _write_index(store: str | os.PathLike[str]) -> None:
    """Bring the saved column index up to date: the new cables are appended to it (a full
    rebuild only when it is missing or does not match the store), then it is written."""
    try:
        from cable_core.store.queries import StoreCorpus

        corpus = StoreCorpus(Path(store))
        corpus.index.save()
        corpus.close()
    except Exception as exc:  # the dashboard rebuilds it when opening the store
        print(f"cable_core: could not write the store's column index: {exc}", file=sys.stderr)


def ingest_command(paths: Sequence[str], store: str, workers: int = 0) -> int:
    report = ingest(paths, store, workers)
    for failure in report.failures[:20]:
        where = failure.source.path + (f" (record {failure.source.index + 1})" if failure.source.index else "")
        print(f"cable_core: {where}: {failure.error}", file=sys.stderr)
    if len(report.failures) > 20:
        print(f"cable_core: … and {len(report.failures) - 20:,} more failures (table `failures` of the store)",
              file=sys.stderr)
    print(f"cable_core: {report.summary()}", file=sys.stderr)
    print(json.dumps({"added": report.added, "skipped": report.skipped, "failed": len(report.failures),
                      "read": report.read, "seconds": round(report.seconds, 2),
                      "cables_in_store": report.total_in_store}))
    return 2 if report.failures else 0
