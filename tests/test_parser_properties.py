"""Property tests: any text parses without an exception, and parsing is deterministic."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cable_core.models import Cable, ParseFailure
from cable_core.pipeline import parse_bytes

CABLE_WORDS = st.sampled_from([
    "C O N F I D E N T I A L", "SECTION 01 OF 02", "ASTANA 000280", "SIPDIS", "NOFORN", "E.O. 12958: DECL: 10/23/2015",
    "TAGS: PREL", "SUBJECT:", "REF: A. STATE 12345", "Classified By: DCM Kevin Milas; Reasons 1.5(b)",
    "\u00b61. (C)", "15. (S)", "2007.", "P 240734Z OCT 06", "FM AMEMBASSY ASTANA", "TO RUEHC/SECSTATE WASHDC",
    "Summary:", "End Summary.", "(Note:", "End Note.)", "ORDWAY", "\n", "\n\n", " ", "ASTANA 00000280 002 OF 002",
])
cable_like = st.lists(st.one_of(CABLE_WORDS, st.text(max_size=20)), max_size=60).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=2000), cable_like.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_any_input_parses_without_exception(data: bytes) -> None:
    out = parse_bytes(data, "fuzz.txt", enrich=False)
    assert out and all(isinstance(r, (Cable, ParseFailure)) for r in out)


@settings(max_examples=60, deadline=None)
@given(cable_like)
def test_parsing_is_deterministic(text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    first = [r.model_dump() for r in parse_bytes(data, "a.txt", enrich=False)]
    second = [r.model_dump() for r in parse_bytes(data, "a.txt", enrich=False)]
    assert first == second
