"""Format readers: bytes and a file name in, raw cables (or per-record failures) out.

The format is detected by content, not by extension: zip, compressed file, cables.csv,
WikiLeaks cable page, PlusD page, binary (refused with its kind), or cable text.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from cable_core.formats import cables_csv, html_page, plusd_page
from cable_core.formats.archive import (
    EMPTY_ZIP_MAGIC,
    ZIP_MAGIC,
    ArchiveError,
    Budget,
    compressed_kind,
    decompress,
    zip_members,
)
from cable_core.formats.binary import binary_kind
from cable_core.formats.text import decode, normalize_text
from cable_core.limits import LIMITS, megabytes
from cable_core.models import ParseFailure, RawCable, Source

RawResult = RawCable | ParseFailure
_HTML_START = re.compile(rb"\A\s*(?:<!DOCTYPE\s+html|<html|<head|<body|<\?xml|<!--)", re.I)
_PRE_TAG = re.compile(rb"<pre", re.I)
_CHUNK = 8 * 1024 * 1024


def read_bytes(data: bytes, name: str, depth: int = 0, *, budget: Budget | None = None,
               text_limit: int | None = None) -> Iterator[RawResult]:
    """Every cable held by one file's bytes. Never raises: problems become ParseFailures.

    `budget` is what is left of the archive limits when the file sits inside an archive;
    `text_limit` the largest single text parsed (the uploader's limit unless the caller says)."""
    text_limit = LIMITS.text_cable_bytes if text_limit is None else text_limit
    source = Source(path=name, index=0)
    if not data or data.isspace():  # not `data.strip()`, which copies a whole page to test it
        yield ParseFailure(source=source, error="empty file")
        return
    if data.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        yield from _read_zip(data, name, depth, budget or Budget())
        return
    if compressed_kind(data):
        yield from _read_compressed(data, name, depth, budget or Budget())
        return
    kind = binary_kind(data)
    if kind:
        yield ParseFailure(source=source, error=f"not a cable: {kind}")
        return
    if cables_csv.looks_like_cables_csv(data[:200]):
        yield from read_cables_csv([data], name)
        return
    if len(data) > text_limit:
        yield ParseFailure(source=source, error=(
            f"text file of {megabytes(len(data))} is larger than the {megabytes(text_limit)} "
            "limit for one cable (real cables are under 1 MB); skipped"))
        return
    text, _ = decode(data)
    if _HTML_START.match(data[:500]) or (_PRE_TAG.search(data, 0, 200_000) and b"</" in data[:5000]):
        yield _read_html(text, source)
        return
    yield RawCable(text=normalize_text(text), source=source)


def _read_html(page: str, source: Source) -> RawResult:
    page = html_page.from_cable_table(page)
    if html_page.is_cable_page(page):
        header, body = html_page.page_text(page)
        text = body if header is None else header + "\n\n" + body
        return RawCable(text=normalize_text(text), source=source, header_text=header,
                        publisher=html_page.page_metadata(page))
    if plusd_page.is_plusd_page(page):
        return RawCable(text=normalize_text(plusd_page.plusd_text(page)), source=source,
                        publisher=plusd_page.plusd_metadata(page))
    return ParseFailure(source=source, error="HTML page that is not a WikiLeaks cable or PlusD page")


def _read_zip(data: bytes, name: str, depth: int, budget: Budget) -> Iterator[RawResult]:
    if depth >= LIMITS.archive_depth:
        yield ParseFailure(source=Source(path=name), error=(
            f"archive nested deeper than the limit of {LIMITS.archive_depth} levels; skipped"))
        return
    empty = True
    try:
        for member in zip_members(data, name, budget):
            empty = False
            if member.data is None:
                yield ParseFailure(source=Source(path=member.name), error=member.error)
            else:
                yield from read_bytes(member.data, member.name, depth + 1, budget=budget)
    except ArchiveError as exc:
        empty = False
        yield ParseFailure(source=Source(path=name), error=str(exc))
    if empty:
        yield ParseFailure(source=Source(path=name), error="zip archive holds no files")


def _read_compressed(data: bytes, name: str, depth: int, budget: Budget) -> Iterator[RawResult]:
    if depth >= LIMITS.archive_depth:
        yield ParseFailure(source=Source(path=name), error="compressed file nested too deep; skipped")
        return
    try:
        inner = decompress(data, name, budget)
    except ArchiveError as exc:
        yield ParseFailure(source=Source(path=name), error=str(exc))
        return
    yield from read_bytes(inner, name, depth + 1, budget=budget)


def read_cables_csv(chunks: Iterable[bytes], name: str) -> Iterator[RawResult]:
    for row in cables_csv.iter_rows(chunks):
        source = Source(path=name, index=row.index)
        if row.fields is None:
            yield ParseFailure(source=source, error=row.error)
            continue
        header, body = cables_csv.row_text(row.fields)
        text = body if header is None else header + "\n" + body
        yield RawCable(text=normalize_text(text), source=source, header_text=header,
                       publisher=cables_csv.row_metadata(row.fields))


def _file_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            yield chunk


def read_path(path: str | os.PathLike[str]) -> Iterator[RawResult]:
    """Every cable under a file or folder (the command line and the ingest): a cables.csv file is
    streamed, never held whole, and texts up to `LIMITS.command_line_text_bytes` are parsed."""
    path = Path(path)
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            yield from read_path(child)
        return
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
        if cables_csv.looks_like_cables_csv(head):
            yield from read_cables_csv(_file_chunks(path), str(path))
            return
        data = path.read_bytes()
    except OSError as exc:
        yield ParseFailure(source=Source(path=str(path)), error=f"cannot read file: {exc.strerror or exc}")
        return
    yield from read_bytes(data, str(path), text_limit=LIMITS.command_line_text_bytes)
