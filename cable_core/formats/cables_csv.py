"""The release's `cables.csv`: no header row, eight double-quoted columns, MySQL escapes.

Columns: sequence id, date (`M/D/YYYY H:MM`), reference id, origin, classification,
referenced ids joined by `|`, routing header (or the partial-extract note), body.
An RFC 4180 reader mis-splits these rows (`\\"` inside fields), so rows are found by their
start (`"123","` at a line start) and each row is matched on its own: one malformed row
becomes one error and the rows around it still parse.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from cable_core.limits import LIMITS, megabytes
from cable_core.models import PublisherMetadata

_ROW_HEAD = re.compile(rb'"\d{1,10}","[^"\n]{0,40}","[^"\n]{0,60}","')
_FIRST_ROW = re.compile(rb"\s*(?=" + _ROW_HEAD.pattern + rb")")
_COLUMNS = 8
_ESCAPES = {"n": "\n", "t": "\t", "r": "", "0": "", "Z": "\x1a", "b": ""}
_CREATED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d{2})")


def looks_like_cables_csv(head: bytes) -> bool:
    return bool(re.match(rb'\s*"\d{1,10}","\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}","', head))


@dataclass(frozen=True)
class CsvRow:
    index: int
    fields: list[str] | None  # None when the row is malformed
    error: str = ""


def _quoted_field(row: str, start: int) -> tuple[str, int] | None:
    """The field whose text starts at `start` (after its opening quote), its MySQL escapes undone
    (`\\X` is X, or what `_ESCAPES` makes of it), and the index of its closing quote: the first
    quote no backslash escapes. None when the row ends first.

    `str.find` runs over the text at C speed and the loop turns once per escape; the quote found
    is kept until an escape passes it, so each character is searched once (linear on any row)."""
    pieces: list[str] = []
    position, quote = start, -1
    while True:
        if quote < position:
            quote = row.find('"', position)
            if quote < 0:
                return None
        backslash = row.find("\\", position, quote)
        if backslash < 0:
            pieces.append(row[position:quote])
            return "".join(pieces), quote
        escaped = row[backslash + 1 : backslash + 2]
        pieces += (row[position:backslash], _ESCAPES.get(escaped, escaped))
        position = backslash + 2


def _quoted_fields(row: str) -> list[str] | None:
    """The eight fields of `"f1","f2",...,"f8"` (trailing white space allowed), or None."""
    fields: list[str] = []
    position = 0
    for column in range(_COLUMNS):
        opening = '","' if column else '"'
        if not row.startswith(opening, position):
            return None
        found = _quoted_field(row, position + len(opening))
        if found is None:
            return None
        field, position = found
        fields.append(field)
    rest = row[position + 1 :]
    return fields if not rest or rest.isspace() else None


def parse_row(raw: str, index: int) -> CsvRow:
    fields = _quoted_fields(raw.strip("\n"))
    if fields is None:
        columns = raw.count('","') + 1
        problem = "unbalanced quotes" if columns == 8 else f"about {columns} columns"
        return CsvRow(index, None, f"malformed cables.csv row {index + 1}: expected 8 quoted columns, "
                                   f"found {problem}; skipped")
    return CsvRow(index, fields)


def _row_starts(data: bytes, start: int = 0) -> Iterator[int]:
    """Where each row begins (from a newline at `start` or after): just after a newline followed
    by a row's first three columns. `bytes.find` jumps to the lines that open with a quote (a
    regex engine tests every newline, many times slower); a row at the very start is tested apart."""
    line = data.find(b'\n"', start)
    while line >= 0:
        if _ROW_HEAD.match(data, line + 1):
            yield line + 1
        line = data.find(b'\n"', line + 1)


def split_rows(data: bytes) -> list[bytes]:
    starts = list(_row_starts(data))
    if _FIRST_ROW.match(data):
        starts.insert(0, 0)
    if not starts:
        return []
    starts[0] = 0 if not data[: starts[0]].strip() else starts[0]
    return [data[s:e] for s, e in zip(starts, starts[1:] + [len(data)])]


def iter_rows(chunks: Iterable[bytes], max_row: int | None = None) -> Iterator[CsvRow]:
    """Rows of a cables.csv given as a stream of byte chunks (a 1.7 GB file is never held whole).

    A row longer than `max_row` bytes (default: the one-cable limit) becomes an error and is
    skipped up to the next row start, so that a file without row breaks is not held whole either."""
    max_row = LIMITS.text_cable_bytes if max_row is None else max_row
    pending = b""
    index = 0
    skipping = False
    for chunk in chunks:
        pending += chunk
        if skipping:
            start = next(_row_starts(pending, 1), None)
            if start is None:
                pending = pending[-256:]
                continue
            pending, skipping = pending[start:], False
        rows = split_rows(pending)
        for raw in rows[:-1]:
            yield parse_row(raw.decode("utf-8", "replace"), index)
            index += 1
        pending = rows[-1] if rows else pending
        if len(pending) > max_row:
            yield CsvRow(index, None, f"cables.csv row {index + 1} is longer than the "
                                      f"{megabytes(max_row)} limit for one cable; skipped")
            index += 1
            pending, skipping = pending[-256:], True
    if pending.strip() and not skipping:
        for raw in split_rows(pending) or [pending]:
            yield parse_row(raw.decode("utf-8", "replace"), index)
            index += 1


def row_metadata(fields: list[str]) -> PublisherMetadata:
    _, created, ref_id, origin, classification, references, header, _ = fields
    return PublisherMetadata(
        ref_id=ref_id or None,
        created=created or None,
        classification=classification or None,
        origin=origin or None,
        references=[r for r in references.split("|") if r],
        partial_extract="partial extract" in header[:200],
    )


def row_text(fields: list[str]) -> tuple[str | None, str]:
    """(routing header or None, body) of a row."""
    header, body = fields[6], fields[7]
    return (None if "partial extract" in header[:200] else header), body


def created_iso(created: str) -> tuple[int, int, int, int, int] | None:
    match = _CREATED.match(created or "")
    if not match:
        return None
    month, day, year, hour, minute = (int(g) for g in match.groups())
    return year, month, day, hour, minute
