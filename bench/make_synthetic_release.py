"""Build a SYNTHETIC release of 251,287 cables in the real `cables.csv` format, for benchmarks.

THIS IS NOT REAL DATA. There is no full copy of the Cablegate release here, so this script
repeats the 4,539 real cables of the development corpus (the 2,915 rows of
`../shared/corpus/cables_sample.csv.xz` and the 1,624 WikiLeaks pages of
`wikileaks_html.tar.xz`, converted to rows) until it has 251,287 rows. Copy k of a cable
(k = 0 is the original, unchanged):

* gets a new, unique reference id: the number of the id plus k x 1,000,000
  (`04TAIPEI3050` -> `04TAIPEI3003050` for k = 3; real numbers are below a million, so a copy
  never collides with a real id nor with another copy), and the same number on the
  classification line of its text (`UNCLAS TAIPEI 3003050`);
* is dated k days later: the CSV date column and every date-time group of the routing header
  (`P 010909Z OCT 04`) are shifted by k days;
* so its text, and therefore its content hash, differs from every other copy's. A cable whose
  text has neither a date-time group nor a numbered classification line gets a final line
  `SYNTHETIC COPY k` (counted and printed), so that no two rows of the file are the same cable.

The output has the real format: no header row, eight double-quoted columns (sequence id, date
`M/D/YYYY H:MM`, reference id, origin, classification, referenced ids joined by `|`, routing
header or the partial-extract note, body), MySQL escapes (`\\"`, `\\'`, `\\\\`) and literal
newlines inside fields, so that the real ingest path (streamed reader, row splitter, parser,
enrichers) is what gets measured. Deterministic: the same inputs give the same bytes.

    python bench/make_synthetic_release.py [--rows 251287] [--out /tmp/synthetic_release.csv]

Never commit the generated file (1.6 GB at full size).
"""

from __future__ import annotations

import argparse
import io
import lzma
import re
import sys
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from cable_core.formats import cables_csv, html_page  # noqa: E402
from cable_core.formats.text import decode  # noqa: E402

CORPUS = PROJECT.parent / "shared" / "corpus"
RELEASE_ROWS = 251_287
PARTIAL_NOTE = ("This record is a partial extract of the original cable. The full text of the "
                "original cable is not available.\n\n")
_REF = re.compile(r"^(\d{2,4}[A-Z][A-Za-z0-9]*?)(\d+)(_[a-z])?$")
_DTG = re.compile(r"\b(\d{2})(\d{2})(\d{2})(\s?Z\s+)([A-Z]{3})(\s+)(\d{2}(?:\d{2})?)\b")
_MONTHS = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split()
_PAGE_CREATED = re.compile(r"(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})")


@dataclass(frozen=True)
class Row:
    """One cable as the eight unescaped columns of cables.csv."""

    created: datetime
    ref_id: str
    origin: str
    classification: str
    references: str
    header: str  # the routing header, or the partial-extract note
    body: str


def escape(field: str) -> str:
    """MySQL-style escaping as in the release: backslash, double and single quote."""
    return field.replace("\\", "\\\\").replace('"', '\\"').replace("'", "\\'")


def format_row(seq: int, row: Row) -> str:
    c = row.created
    date = f"{c.month}/{c.day}/{c.year} {c.hour}:{c.minute:02d}"
    fields = [str(seq), date, row.ref_id, row.origin, row.classification, row.references, row.header, row.body]
    return ",".join(f'"{escape(f)}"' for f in fields) + "\n"


def csv_rows(path: Path) -> Iterator[Row]:
    """The rows of a real cables.csv (plain or .xz) as `Row`s."""
    data = path.read_bytes()
    if str(path).endswith(".xz"):
        data = lzma.decompress(data)
    for raw in cables_csv.split_rows(data):
        row = cables_csv.parse_row(raw.decode("utf-8", "replace"), 0)
        if row.fields is None:
            continue
        _, created, ref_id, origin, classification, references, header, body = row.fields
        parts = cables_csv.created_iso(created)
        if parts is None or not ref_id:
            continue
        yield Row(datetime(*parts), ref_id, origin, classification, references, header, body)


def _page_rows(path: Path) -> Iterator[Row]:
    with tarfile.open(path, "r:xz") as tar:
        members = sorted((m for m in tar.getmembers() if m.isfile() and m.name.endswith(".html")),
                         key=lambda m: m.name)
        for member in members:
            page, _ = decode(tar.extractfile(member).read())
            if not html_page.is_cable_page(page):
                continue
            meta = html_page.page_metadata(page)
            match = _PAGE_CREATED.match(meta.created or "")
            if not match or not meta.ref_id:
                continue
            header, body = html_page.page_text(page)
            body = body.replace("\u00b6", "")  # the release's cables.csv has plain `1.` paragraphs
            yield Row(datetime(*(int(g) for g in match.groups())), meta.ref_id, meta.origin or "",
                      meta.classification or "", "|".join(meta.references),
                      (header.replace("\u00b6", "") + "\n") if header else PARTIAL_NOTE, body)


def base_rows(corpus: Path = CORPUS) -> list[Row]:
    """The real cables, CSV rows first then pages, with duplicate reference ids dropped."""
    seen: set[str] = set()
    rows: list[Row] = []
    for row in [*csv_rows(corpus / "cables_sample.csv.xz"), *_page_rows(corpus / "wikileaks_html.tar.xz")]:
        if row.ref_id not in seen:
            seen.add(row.ref_id)
            rows.append(row)
    return rows


def _shift_dtg(text: str, days: int) -> tuple[str, int]:
    def shifted(m: re.Match[str]) -> str:
        day, hour, minute, z, month, space, year = m.groups()
        if month not in _MONTHS:
            return m.group(0)
        full = int(year) if len(year) == 4 else (1900 + int(year) if int(year) >= 66 else 2000 + int(year))
        try:
            when = datetime(full, _MONTHS.index(month) + 1, int(day)) + timedelta(days=days)
        except ValueError:
            return m.group(0)
        y = str(when.year) if len(year) == 4 else f"{when.year % 100:02d}"
        return f"{when.day:02d}{hour}{minute}{z}{_MONTHS[when.month - 1]}{space}{y}"

    return _DTG.subn(shifted, text)


def copy_of(row: Row, k: int) -> tuple[Row, bool]:
    """Copy k of a cable: new unique id, dates k days later. Returns (row, needed a marker line)."""
    if k == 0:
        return row, False
    match = _REF.match(row.ref_id)
    if match:
        prefix, number, suffix = match.groups()
        new_number = int(number) + k * 1_000_000
        ref_id = f"{prefix}{new_number}{suffix or ''}"
    else:
        number, new_number, ref_id = None, None, f"{row.ref_id}-{k}"
    header, n_header = _shift_dtg(row.header, k)
    # The classification line (`UNCLAS TAIPEI 003050`, `C O N F I D E N T I A L ASTANA 000280`)
    # carries the cable's number: give the copy its own.
    body, n_body = row.body, 0
    if number is not None:
        pattern = re.compile(r"(?m)^(.{0,80}?\s)0*" + str(int(number)) + r"\b")
        body, n_body = pattern.subn(lambda m: m.group(1) + f"{new_number:06d}", body, count=1)
    body, n_dtg = _shift_dtg(body, k)
    marker = not (n_header or n_body or n_dtg)
    if marker:
        body = body.rstrip("\n") + f"\n\nSYNTHETIC COPY {k}\n"
    return replace(row, created=row.created + timedelta(days=k), ref_id=ref_id, header=header,
                   body=body), marker


def synthetic_rows(total: int = RELEASE_ROWS, corpus: Path = CORPUS,
                   base: list[Row] | None = None) -> Iterator[tuple[Row, bool]]:
    """`total` rows: copy 0 of every real cable, then copy 1, and so on."""
    base = base if base is not None else base_rows(corpus)
    k = 0
    produced = 0
    while produced < total:
        for row in base:
            if produced >= total:
                return
            yield copy_of(row, k)
            produced += 1
        k += 1


def write_release(out: str | Path, total: int = RELEASE_ROWS, corpus: Path = CORPUS,
                  base: list[Row] | None = None, start_seq: int = 1) -> dict:
    """Write `total` synthetic rows to `out`. Returns counts (rows, bytes, marker lines)."""
    markers = 0
    written = 0
    with open(out, "w", encoding="utf-8", newline="\n") as handle:
        buffer = io.StringIO()
        for i, (row, marker) in enumerate(synthetic_rows(total, corpus, base)):
            markers += marker
            buffer.write(format_row(start_seq + i, row))
            written += 1
            if buffer.tell() > 8_000_000:
                handle.write(buffer.getvalue())
                buffer = io.StringIO()
        handle.write(buffer.getvalue())
    return {"rows": written, "bytes": Path(out).stat().st_size, "marker_lines": markers}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=RELEASE_ROWS)
    parser.add_argument("--out", default="/tmp/synthetic_release.csv")
    parser.add_argument("--corpus", default=str(CORPUS))
    args = parser.parse_args(argv)
    counts = write_release(args.out, args.rows, Path(args.corpus))
    print(f"wrote {counts['rows']:,} synthetic rows ({counts['bytes'] / 1e9:.2f} GB) to {args.out}; "
          f"{counts['marker_lines']:,} copies needed a 'SYNTHETIC COPY k' line to be unique", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
