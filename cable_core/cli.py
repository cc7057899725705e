"""`python -m cable_core parse | events | timex | schema | ingest` — a stable contract.

parse: one JSON object per cable (jsonl by default); a file that cannot be read yields
`{"source": ..., "error": ...}` and a one-line message on stderr; exit 2 if any failed.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence

from cable_core.models import Cable, ParseFailure
from cable_core.pipeline import Result, parse_paths

CSV_COLUMNS = ["source", "ref_id", "created", "origin", "classification_label", "precedence", "subject",
               "caveats", "tags", "references", "declassify_on", "paragraphs", "warnings", "error"]


def _record(result: Result) -> dict:
    return result.model_dump(mode="json")


def _report_failure(result: ParseFailure) -> None:
    where = result.source.path + (f" (record {result.source.index + 1})" if result.source.index else "")
    print(f"cable_core: {where}: {result.error}", file=sys.stderr)


def _csv_row(record: dict) -> dict:
    row = {k: record.get(k) for k in CSV_COLUMNS}
    row["source"] = f"{record['source']['path']}#{record['source']['index']}"
    row["paragraphs"] = len(record.get("paragraphs") or [])
    for key in ("caveats", "tags", "references", "warnings"):
        row[key] = " | ".join(record.get(key) or [])
    return row


def command_parse(paths: Sequence[str], output_format: str) -> int:
    failed = False
    records: list[dict] = []
    writer = None
    out = sys.stdout
    if output_format == "csv":
        writer = csv.DictWriter(out, CSV_COLUMNS, extrasaction="ignore")
        writer.writeheader()
    for result in parse_paths(paths):
        if isinstance(result, ParseFailure):
            failed = True
            _report_failure(result)
        record = _record(result)
        if output_format == "jsonl":
            out.write(json.dumps(record) + "\n")
        elif output_format == "json":
            records.append(record)
        else:
            writer.writerow(_csv_row(record))
    if output_format == "json":
        json.dump(records, out, ensure_ascii=False, indent=1)
        out.write("\n")
    return 2 if failed else 0


def command_events(paths: Sequence[str], output_format: str) -> int:
    from cable_core.events import events_csv, timelinejs

    failed = False
    rows: list[tuple[Cable, dict]] = []
    for result in parse_paths(paths):
        if isinstance(result, ParseFailure):
            failed = True
            _report_failure(result)
            continue
        for event in result.events:
            rows.append((result, event.model_dump(mode="json")))
    if output_format == "csv":
        sys.stdout.write(events_csv(rows))
    elif output_format == "timelinejs":
        json.dump(timelinejs(rows), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for cable, event in rows:
            sys.stdout.write(json.dumps({"ref_id": cable.ref_id, **event}) + "\n")
    return 2 if failed else 0


def command_schema() -> int:
    schema = {"cable": Cable.model_json_schema(), "failure": ParseFailure.model_json_schema()}
    json.dump(schema, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m cable_core", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    parse = sub.add_parser("parse", help="parse cable files and folders into JSON")
    parse.add_argument("paths", nargs="+")
    parse.add_argument("--format", choices=["jsonl", "json", "csv"], default="jsonl")
    events = sub.add_parser("events", help="the dated events of cables")
    events.add_argument("paths", nargs="+")
    events.add_argument("--format", choices=["jsonl", "csv", "timelinejs"], default="jsonl")
    timex = sub.add_parser("timex", help="temporal expressions of a text")
    timex.add_argument("--dct", required=True, help="document creation time YYYY-MM-DD[THH:MM]")
    timex.add_argument("file", nargs="?", default="-")
    ingest = sub.add_parser("ingest", help="parse files into an embedded store")
    ingest.add_argument("paths", nargs="+")
    ingest.add_argument("--store", required=True)
    ingest.add_argument("--workers", type=int, default=0, help="worker processes (default: one per core)")
    sub.add_parser("schema", help="print the JSON Schema of the parse output")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "parse":
            return command_parse(args.paths, args.format)
        if args.command == "events":
            return command_events(args.paths, args.format)
        if args.command == "timex":
            from cable_core.timex import timex_command

            return timex_command(args.dct, None if args.file == "-" else args.file)
        if args.command == "ingest":
            from cable_core.store.ingest import ingest_command

            return ingest_command(args.paths, args.store, args.workers)
        return command_schema()
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("cable_core: interrupted", file=sys.stderr)
        return 130
