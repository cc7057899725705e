"""Fuzzing the format detector and the parser with hypothesis, on a fixed budget for CI.

Whatever the bytes, `read_bytes` and `parse_bytes` return results (never raise), every failure
has a one-line reason, no parser bug is hidden behind "parser error:", and each example is
parsed quickly.

Longer runs: FUZZ_EXAMPLES sets max_examples per test (default 60), e.g.

    FUZZ_EXAMPLES=20000 FUZZ_RANDOM=1 python -m pytest tests/test_fuzz.py -q

(FUZZ_RANDOM=1 drops the fixed seed CI uses, so each long run explores new inputs.)
hypothesis keeps failing examples in .hypothesis/ and replays them first next time. For
coverage-guided fuzzing, `pip install atheris` (if it builds for your Python) and run
`PYTHONPATH=. python tests/test_fuzz.py -max_total_time=600` with atheris: see `_atheris_main` at the end of this file.
"""

from __future__ import annotations

import io
import os
import sys
import warnings
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cable_core.formats import read_bytes
from cable_core.models import Cable, ParseFailure, RawCable
from cable_core.pipeline import parse_bytes
from tests.conftest import SAMPLES

REAL = (SAMPLES / "06ASTANA280.txt").read_bytes()
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=3000, derandomize=not os.environ.get("FUZZ_RANDOM"),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Byte sequences that steer the detector into each of its branches.
PREFIXES = [b"", b"PK\x03\x04", b"PK\x05\x06", b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00", b"\x89PNG", b"%PDF",
            b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"<!DOCTYPE html>", b"<html><pre>",
            b'"1","10/24/2006 7:34","', b"<table class='cable'><pre>", b"/plusd/ Canonical ID text-content"]


def _check(results: list, name: str) -> None:
    assert results, "every file yields at least one result"
    for result in results:
        assert isinstance(result, (Cable, ParseFailure, RawCable))
        if isinstance(result, ParseFailure):
            assert result.error and "\n" not in result.error
            assert not result.error.startswith("parser error"), result.error
            assert result.source.path.startswith(name)
        if isinstance(result, Cable):
            assert not any(w.startswith("enrichment failed") for w in result.warnings), result.warnings


@FUZZ
@given(prefix=st.sampled_from(PREFIXES), data=st.binary(max_size=3000))
def test_detector_never_raises(prefix: bytes, data: bytes) -> None:
    _check(list(read_bytes(prefix + data, "fuzz.bin")), "fuzz.bin")


@FUZZ
@given(prefix=st.sampled_from(PREFIXES), data=st.binary(max_size=2000))
def test_parser_never_raises_on_arbitrary_bytes(prefix: bytes, data: bytes) -> None:
    _check(parse_bytes(prefix + data, "fuzz.bin"), "fuzz.bin")


CABLE_TOKENS = ["\n", "\n\n", " ", "  ", "1.", "\u00b61.", "(C)", "(S/NF)", "SUBJECT:", "TAGS:", "E.O. 12958:",
                "DECL:", "REF:", "A.", "STATE", "123", "Classified By:", "Reasons 1.4 (b) and (d).",
                "CONFIDENTIAL", "SECTION 01 OF 02", "ASTANA 000280", "P 240734Z OCT 06", "FM AMEMBASSY ASTANA",
                "TO RUEHC/SECSTATE WASHDC PRIORITY 7411", "SUMMARY:", "END SUMMARY.", "COMMENT:", "END COMMENT.",
                "(NOTE:", "END NOTE.)", '"', "said", "Tokayev", "October 23", "2009", "next week", "-----",
                ":red[x]", "<script>", "[x](javascript:1)", "ORDWAY", "\t", "\u00a0", "\ufffd"]


@FUZZ
@given(st.lists(st.sampled_from(CABLE_TOKENS), max_size=300))
def test_parser_never_raises_on_cable_like_text(tokens: list[str]) -> None:
    _check(parse_bytes(" ".join(tokens).encode("utf-8"), "tokens.txt"), "tokens.txt")


@st.composite
def mutated_cable(draw: st.DrawFn) -> bytes:
    data = bytearray(REAL)
    for _ in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "duplicate", "truncate", "swap-lines"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=40) | st.sampled_from([t.encode() for t in CABLE_TOKENS]))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 400))]
        elif kind == "duplicate":
            size = draw(st.integers(1, 400))
            data[at:at] = data[at : at + size]
        elif kind == "truncate":
            del data[at:]
        else:
            lines = bytes(data).split(b"\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


@FUZZ
@given(mutated_cable())
def test_parser_never_raises_on_mutated_real_cables(data: bytes) -> None:
    _check(parse_bytes(data, "mutated.txt"), "mutated.txt")


@FUZZ
# Member names without lone surrogates: zipfile cannot encode one (it raises before the parser runs).
@given(st.lists(st.tuples(st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), min_size=1, max_size=30),
                          st.one_of(st.binary(max_size=300), mutated_cable())),
                max_size=5))
def test_zips_of_anything(members: list[tuple[str, bytes]]) -> None:
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w") as archive:
        warnings.simplefilter("ignore")  # duplicate names are part of the fuzz
        for name, data in members:
            archive.writestr(name, data)
    _check(parse_bytes(buffer.getvalue(), "fuzz.zip"), "fuzz.zip")


def _atheris_main() -> None:  # pragma: no cover - optional, long-running
    import atheris

    with atheris.instrument_imports():
        from cable_core.pipeline import parse_bytes as target

    def one(data: bytes) -> None:
        _check(target(data, "atheris.bin"), "atheris.bin")

    atheris.Setup(sys.argv, one)
    atheris.Fuzz()


if __name__ == "__main__":  # python tests/test_fuzz.py [atheris options, e.g. -max_total_time=600]
    _atheris_main()
