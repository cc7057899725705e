"""The command line's contract: keys and shapes, per-file errors, exit status, schema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT

REQUIRED = {"source", "ref_id", "origin", "classification", "classification_label", "precedence", "subject",
            "transmission_id", "summary", "created", "declassify_on", "caveats", "tags", "references",
            "signed_by", "warnings", "to", "info", "classified_by", "section", "paragraphs"}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cable_core", *args], capture_output=True, text=True,
                          cwd=PROJECT, timeout=300)


def test_parse_output_contract(seed_text: bytes, tmp_path: Path) -> None:
    (tmp_path / "seed.txt").write_bytes(seed_text)
    done = run("parse", str(tmp_path))
    assert done.returncode == 0, done.stderr
    (record,) = [json.loads(line) for line in done.stdout.splitlines()]
    assert REQUIRED <= record.keys()
    assert record["source"] == {"path": str(tmp_path / "seed.txt"), "index": 0}
    assert record["created"] == "2006-10-24T07:34:00Z"
    assert record["declassify_on"] == "2015-10-23"
    assert record["to"][0] == {"route": "RUEHC", "name": "SECSTATE WASHDC", "precedence": "PRIORITY", "mcn": "7411"}
    assert record["classified_by"]["reasons"] == ["1.5(b)", "1.5(d)"]
    assert record["section"] == {"number": 1, "of": 2}
    assert [set(p) >= {"number", "marking", "text"} for p in record["paragraphs"]] == [True] * 8


def test_bad_file_gives_error_record_and_exit_2(seed_text: bytes, tmp_path: Path) -> None:
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "b_seed.txt").write_bytes(seed_text)
    done = run("parse", str(tmp_path))
    assert done.returncode == 2
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert records[0] == {"source": {"path": str(tmp_path / "a_empty.txt"), "index": 0}, "error": "empty file"}
    assert records[1]["ref_id"] == "06ASTANA280"
    assert done.stderr.count("\n") == 1 and "a_empty.txt: empty file" in done.stderr
    assert "Traceback" not in done.stderr


def test_csv_and_json_formats(seed_text: bytes, tmp_path: Path) -> None:
    (tmp_path / "seed.txt").write_bytes(seed_text)
    as_json = json.loads(run("parse", "--format", "json", str(tmp_path)).stdout)
    assert as_json[0]["ref_id"] == "06ASTANA280"
    as_csv = run("parse", "--format", "csv", str(tmp_path)).stdout.splitlines()
    assert as_csv[0].startswith("source,ref_id,created") and "06ASTANA280" in as_csv[1]


def test_schema_describes_the_output() -> None:
    schema = json.loads(run("schema").stdout)
    assert REQUIRED <= set(schema["cable"]["properties"])
