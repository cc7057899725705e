"""Hostile files, generated here (never committed): each one alone and mixed with good files gives
a one-line reason for that file, keeps every good file, and is handled in bounded time — through
the parser API (`parse_bytes`), the command line (`python -m cable_core parse`) and the
dashboard's uploader (AppTest, widget key `uploader` of pages/library.py)."""

from __future__ import annotations

import gzip
import html
import io
import json
import os
import random
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from cable_core.formats import read_bytes
from cable_core.limits import LIMITS
from cable_core.models import Cable, ParseFailure
from cable_core.pipeline import parse_bytes
from tests.conftest import PROJECT, SAMPLES

REAL = (SAMPLES / "06ASTANA280.txt").read_bytes()
REAL_TEXT = REAL.decode("utf-8")
REF = "06ASTANA280"
MARKUP_NAME = "<img src=x onerror=alert(1)>.txt"
BOMB_BYTES = 300 * 1024 * 1024


def zip_of(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """300 MB of zeros in a zip of about 300 KB (ratio about 1000:1), next to a good cable."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("bomb.txt", "w", force_zip64=True) as member:
            zeros = bytes(4 * 1024 * 1024)
            for _ in range(BOMB_BYTES // len(zeros)):
                member.write(zeros)
        archive.writestr("good/06ASTANA280.txt", REAL)
    return buffer.getvalue()


def lying_zip_bomb() -> bytes:
    """A member whose headers claim 1 KB but whose data expands to 8 MB: the declared sizes
    cannot be trusted, the reader must stop by itself."""
    payload = bytes(8 * 1024 * 1024)
    data = bytearray(zip_of([("liar.txt", payload), ("good.txt", REAL)]))
    real_size = len(payload).to_bytes(4, "little")
    fake_size = (1024).to_bytes(4, "little")
    # uncompressed size: local header offset 22, central directory entry offset 24
    local = data.find(b"PK\x03\x04")
    central = data.find(b"PK\x01\x02")
    assert data[local + 22 : local + 26] == real_size and data[central + 24 : central + 28] == real_size
    data[local + 22 : local + 26] = fake_size
    data[central + 24 : central + 28] = fake_size
    return bytes(data)


def cut_after(marker: bytes) -> bytes:
    return REAL[: REAL.index(marker) + len(marker)]


def csv_row(seq: int, ref: str, body: str) -> str:
    return f'"{seq}","10/24/2006 7:34","{ref}","Embassy Astana","CONFIDENTIAL","","","{body}"\n'


CABLES_CSV = (
    csv_row(1, "06ASTANA901", "SUBJECT: FIRST GOOD ROW\\n\\n1. (C) The first good row.")
    + '"2","10/24/2006 7:34","06ASTANA902","Embassy Astana","CONFIDENTIAL","","","unbalanced \\" quote\n'
    + '"3","10/24/2006 7:34","06ASTANA903","Embassy Astana","CONFIDENTIAL",""\n'
    + csv_row(4, "06ASTANA904", "SUBJECT: SECOND GOOD ROW\\n\\n1. (C) The second good row.")
).encode()

NOT_A_CABLE_PAGE = b"""<!DOCTYPE html><html><head><title>Recipes</title></head>
<body><h1>Pancakes</h1><p>Mix flour, eggs &amp; milk.</p><pre>not a cable either</pre></body></html>"""


# --- the corpus ------------------------------------------------------------------------------

Check = Callable[[list], None]


@dataclass
class Case:
    name: str
    data: bytes
    good: set[str]  # ref_ids that must parse
    errors: list[str]  # one substring per expected failure, in order
    seconds: float = 5.0


def _binary(seed: int, size: int) -> bytes:
    return random.Random(seed).randbytes(size)


def corpus() -> list[Case]:
    many = [(f"tiny/{i:05d}.txt", b"x") for i in range(3000)]
    return [
        Case("empty.txt", b"", set(), ["empty file"]),
        Case("blank.txt", b" \n\t\n", set(), ["empty file"]),
        Case("scan.png", b"\x89PNG\r\n\x1a\n" + _binary(1, 2000), set(), ["not a cable: a PNG image"]),
        Case("scan.pdf", b"%PDF-1.7\n" + _binary(2, 2000), set(), ["not a cable: a PDF document"]),
        Case("noise.bin", _binary(3, 5000), set(), ["not a cable: binary data"]),
        Case("shopping.txt", b"Eggs, milk and bread.\nCall the plumber on Tuesday.\n", set(), ["text that is not a cable"]),
        Case("latin1.txt", REAL_TEXT.encode("latin-1"), {REF}, []),
        Case("cp1252.txt", REAL_TEXT.replace("--", "\u2014").encode("cp1252"), {REF}, []),
        Case("utf16-bom.txt", REAL_TEXT.encode("utf-16"), {REF}, []),
        Case("utf16le.txt", REAL_TEXT.encode("utf-16-le"), {REF}, []),
        Case("utf16be.txt", REAL_TEXT.encode("utf-16-be"), {REF}, []),
        Case("bad-utf8.txt", REAL.replace(b"Tokayev told", b"Tokayev\xff\xfe\xc3 told", 1), {REF}, []),
        Case("cables.csv", CABLES_CSV, {"06ASTANA901", "06ASTANA904"},
             ["malformed cables.csv row 2: expected 8 quoted columns, found unbalanced quotes",
              "malformed cables.csv row 3: expected 8 quoted columns, found about 6 columns"]),
        Case("recipes.html", NOT_A_CABLE_PAGE, set(), ["HTML page that is not a WikiLeaks cable or PlusD page"]),
        Case("folders.zip", zip_of([("a/b/c/06ASTANA280.txt", REAL), ("a/readme.txt", b"hello there")]), {REF},
             ["text that is not a cable"]),
        Case("traversal.zip", zip_of([("../../etc/passwd", b"root:x:0:0"), ("/etc/shadow", b"x"), ("ok.txt", REAL)]),
             {REF}, ["unsafe member path '../../etc/passwd'", "unsafe member path '/etc/shadow'"]),
        Case("many.zip", zip_of([*many, ("06ASTANA280.txt", REAL)]), {REF}, ["text that is not a cable"] * 3000,
             seconds=30.0),
        Case("bomb.zip", zip_bomb(), {REF}, ["expansion ratio above 200:1 (a zip bomb?)"]),
        Case("liar.zip", lying_zip_bomb(), {REF}, ["cannot read member"]),
        Case("bomb.txt.gz", gzip.compress(bytes(64 * 1024 * 1024), 9), set(),
             ["compressed file expands more than 200 times its compressed size"]),
        Case("nested.zip", zip_of([("inner.zip", zip_of([("deep/06ASTANA280.txt", REAL)]))]), {REF}, []),
        Case("nested3.zip", zip_of([("1.zip", zip_of([("2.zip", zip_of([("06ASTANA280.txt", REAL)]))]))]), set(),
             ["archive nested deeper than the limit of 2 levels"]),
        Case("corrupt.zip", zip_of([("a.txt", REAL), ("b.txt", REAL)])[:700], set(), ["corrupt zip archive"]),
        Case(MARKUP_NAME, REAL, {REF}, []),
    ]


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    return corpus()


def _failures(results: list) -> list[ParseFailure]:
    return [r for r in results if isinstance(r, ParseFailure)]


def _assert_case(case: Case, results: list, seconds: float) -> None:
    cables = [r for r in results if isinstance(r, Cable)]
    failures = _failures(results)
    assert seconds < case.seconds, f"{case.name} took {seconds:.1f} s"
    assert {c.ref_id for c in cables} == case.good, case.name
    assert len(failures) == len(case.errors), (case.name, [f.error for f in failures][:5])
    for failure, expected in zip(failures, case.errors):
        assert expected in failure.error, (case.name, failure.error)
        assert "\n" not in failure.error and "Traceback" not in failure.error


# --- the parser API --------------------------------------------------------------------------

def test_each_hostile_file_alone(cases: list[Case]) -> None:
    for case in cases:
        start = time.monotonic()
        results = parse_bytes(case.data, case.name)
        _assert_case(case, results, time.monotonic() - start)


@pytest.mark.parametrize("encoding", ["latin1.txt", "cp1252.txt", "utf16-bom.txt", "utf16le.txt", "utf16be.txt",
                                      "bad-utf8.txt"])
def test_other_encodings_parse_to_the_same_cable(cases: list[Case], encoding: str) -> None:
    reference = parse_bytes(REAL, "06ASTANA280.txt")[0]
    case = next(c for c in cases if c.name == encoding)
    cable = parse_bytes(case.data, case.name)[0]
    assert isinstance(cable, Cable)
    assert cable.ref_id == reference.ref_id and cable.subject == reference.subject
    assert [(p.number, p.marking) for p in cable.paragraphs] == [(p.number, p.marking) for p in reference.paragraphs]
    if encoding in ("latin1.txt", "utf16-bom.txt", "utf16le.txt", "utf16be.txt"):
        assert [p.text for p in cable.paragraphs] == [p.text for p in reference.paragraphs]


def test_good_files_survive_a_mixed_drop(cases: list[Case]) -> None:
    """Everything in one zip: every good cable comes out, every bad file has its reason."""
    mixed = zip_of([(c.name.replace("/", "_"), c.data) for c in cases
                    if c.name not in ("bomb.zip", "many.zip", "bomb.txt.gz")])
    results = parse_bytes(mixed, "drop.zip")
    good = [r for r in results if isinstance(r, Cable)]
    expected = sum(len(c.good) for c in cases if c.name not in ("bomb.zip", "many.zip", "bomb.txt.gz"))
    # nested3.zip is one level deeper inside drop.zip: its inner zip is refused, not parsed
    assert len(good) == expected - 1
    assert any(r.source.path == f"drop.zip/{MARKUP_NAME}" for r in good)
    assert all(f.error for f in _failures(results))


CUT_HEADER = b"SUBJECT: KAZAKHSTAN: FOREIGN"
CUT_PARAGRAPH = b"Tokayev told the Ambassador that the"


def test_truncated_cables_are_parsed_as_far_as_they_go() -> None:
    header = parse_bytes(cut_after(CUT_HEADER), "cut-header.txt")
    assert len(header) == 1 and isinstance(header[0], Cable)
    assert header[0].ref_id == REF and header[0].subject.startswith("KAZAKHSTAN: FOREIGN")
    paragraph = parse_bytes(cut_after(CUT_PARAGRAPH), "cut-paragraph.txt")
    assert len(paragraph) == 1 and isinstance(paragraph[0], Cable)
    assert paragraph[0].ref_id == REF and [p.number for p in paragraph[0].paragraphs] == [1, 2]
    assert paragraph[0].paragraphs[-1].text.endswith(CUT_PARAGRAPH.decode())


@pytest.mark.parametrize("marker", [CUT_HEADER, CUT_PARAGRAPH], ids=["mid-header", "mid-paragraph"])
def test_truncated_cables_carry_a_warning(marker: bytes) -> None:
    cable = parse_bytes(cut_after(marker), "cut.txt")[0]
    assert any("truncated" in w for w in cable.warnings), cable.warnings


def test_archive_limits_are_shared_by_nested_archives(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LIMITS, "archive_members", 10)
    inner = zip_of([(f"{i}.txt", REAL) for i in range(6)])
    results = list(read_bytes(zip_of([("a.zip", inner), ("b.zip", inner)]), "outer.zip"))
    failures = _failures(results)
    assert len(results) - len(failures) == 6
    assert any("more than the limit of 10 for one file (nested archives included)" in f.error for f in failures)


def test_archive_byte_budget_is_named_when_hit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LIMITS, "archive_total_bytes", 3 * len(REAL))
    results = list(read_bytes(zip_of([(f"{i}.txt", REAL) for i in range(6)]), "big.zip"))
    failures = _failures(results)
    assert 0 < len(failures) < 6 and len(results) == 6
    assert all("limit of 0 MB" in f.error or "expands" in f.error for f in failures)


def test_too_many_members_is_refused_before_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LIMITS, "archive_members", 100)
    results = list(read_bytes(zip_of([(f"{i}.txt", b"x") for i in range(101)]), "crowd.zip"))
    assert len(results) == 1 and "101 members, more than the limit of 100" in results[0].error


def test_a_cables_csv_without_row_breaks_is_not_held_whole() -> None:
    from cable_core.formats.cables_csv import iter_rows

    head = csv_row(1, "06ASTANA901", "SUBJECT: GOOD\\n\\n1. (C) Good.").encode()
    runaway = b'"2","10/24/2006 7:34","06X1","x","C","","","' + b"y" * 5000
    tail = csv_row(3, "06ASTANA903", "SUBJECT: GOOD AGAIN\\n\\n1. (C) Good.").encode()
    chunks = [head, runaway[:2000], runaway[2000:], b"\n" + tail]
    rows = list(iter_rows(chunks, max_row=1000))
    assert [r.fields[2] if r.fields else r.error for r in rows] == [
        "06ASTANA901", "cables.csv row 2 is longer than the 0 MB limit for one cable; skipped", "06ASTANA903"]


# --- a 50 MB text file -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def big_text(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.txt"
    line = b"The embassy reported that the minister would visit the capital on October 23.\n"
    path.write_bytes(line * (50 * 1024 * 1024 // len(line) + 1))
    return path


def test_big_text_file_is_refused_naming_the_limit_fast(big_text: Path) -> None:
    start = time.monotonic()
    results = parse_bytes(big_text.read_bytes(), "big.txt")
    assert time.monotonic() - start < 5
    assert len(results) == 1 and isinstance(results[0], ParseFailure)
    assert "text file of 50 MB is larger than the 4 MB limit for one cable" in results[0].error


def _cli(*paths: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cable_core", "parse", *map(str, paths)], cwd=PROJECT,
                          capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "PYTHONPATH": str(PROJECT)})


def test_cli_parses_a_50_mb_text_file_in_bounded_time(big_text: Path, tmp_path: Path) -> None:
    good = tmp_path / "06ASTANA280.txt"
    good.write_bytes(REAL)
    start = time.monotonic()
    run = _cli(big_text, good)
    assert time.monotonic() - start < 60
    assert run.returncode == 2
    # parsed, not refused: 50 MB of prose is read through and found not to be a cable
    assert run.stderr.splitlines() == [f"cable_core: {big_text}: text that is not a cable (no classification "
                                       "line, date-time group, TAGS, subject or marked paragraphs)"]
    assert '"ref_id": "06ASTANA280"' in run.stdout


def test_cli_parses_a_50_mb_cable_without_the_slow_stages(tmp_path: Path) -> None:
    padding = b"The embassy reported that the minister would visit the capital on October 23.\n"
    huge = tmp_path / "huge-cable.txt"
    huge.write_bytes(REAL + b"\n\n" + padding * (50 * 1024 * 1024 // len(padding)))
    start = time.monotonic()
    run = _cli(huge)
    assert time.monotonic() - start < 60
    assert run.returncode == 0, run.stderr
    (record,) = [json.loads(line) for line in run.stdout.splitlines()]
    assert record["ref_id"] == REF and [p["number"] for p in record["paragraphs"]] == list(range(1, 9))
    assert any("skipped" in w and "limit for them" in w for w in record["warnings"])


# --- the command line ------------------------------------------------------------------------

def test_cli_whole_corpus(cases: list[Case], tmp_path: Path) -> None:
    paths = []
    for i, case in enumerate(cases):
        path = tmp_path / f"{i:02d}-{case.name.replace('/', '_')}"
        path.write_bytes(case.data)
        paths.append(path)
    start = time.monotonic()
    run = _cli(*paths)
    assert time.monotonic() - start < 90
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    assert all(line.startswith("cable_core: ") for line in lines)
    assert len(lines) == sum(len(c.errors) for c in cases)  # one line per bad file or member
    for path, case in zip(paths, cases):
        mine = [line for line in lines if line.startswith(f"cable_core: {path}")]
        assert len(mine) == len(case.errors), case.name
        for line, expected in zip(mine, case.errors):
            assert expected in line, (case.name, line)
    parsed = run.stdout.count('"ref_id": "06ASTANA280"')
    assert parsed == sum(REF in c.good for c in cases)
    assert '"ref_id": "06ASTANA901"' in run.stdout and '"ref_id": "06ASTANA904"' in run.stdout


# --- the dashboard's uploader ----------------------------------------------------------------

def test_uploader_reports_each_file_and_keeps_the_good_ones(cases: list[Case]) -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=180)
    at.run()
    assert not at.exception
    before = int(next(m.value for m in at.metric if m.label == "Cables").replace(",", ""))
    chosen = [c for c in cases if c.name not in ("many.zip",)]
    drop = [(c.name, c.data, "application/octet-stream") for c in chosen]
    drop.append(("big.txt", b"x" * (50 * 1024 * 1024), "text/plain"))
    start = time.monotonic()
    at.file_uploader(key="uploader").set_value(drop).run()
    assert time.monotonic() - start < 120
    assert not at.exception, [e.value for e in at.exception]
    page = "\n".join(el.proto.body for el in at.get("html"))
    # every file has its own row, its name escaped, and the good ones say so
    assert page.count('class="cg-upload ') == len(drop)
    assert "&lt;img src=x onerror=alert(1)&gt;.txt" in page and "<img src=x" not in page
    assert "larger than the 4 MB limit for one cable" in page
    for case in chosen:
        if case.errors:
            assert html.escape(case.errors[0]) in page, case.name
    after = int(next(m.value for m in at.metric if m.label == "Cables").replace(",", ""))
    assert after > before
    assert {"06ASTANA901", "06ASTANA904"} <= set(at.dataframe(key="cables").value["ref_id"])
