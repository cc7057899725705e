"""The Timeline page: any cable named in the URL or typed is drawn (not only the cables the picker
lists), rows follow their first event, and a set too large to draw shows its newest cables, said so."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from cable_core.corpus import Filters
from cable_core.store.ingest import ingest
from cable_core.store.queries import StoreCorpus
from tests.conftest import PROJECT, SAMPLES

SEED = "06ASTANA280"
# copies of the seed under other reference ids: with the samples, more cables than the chart draws
COPIES = 300


def timeline(**params: str) -> AppTest:
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page("pages/timeline.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def chart_rows(at: AppTest) -> list[str]:
    """The chart's rows, top first."""
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return list(reversed(spec["layout"]["yaxis"]["categoryarray"]))


def timeline_events() -> pd.DataFrame:
    """The sample set's events, read as the page reads them."""
    from pages._ui import sample_corpus

    return sample_corpus()[0].events(Filters(), limit=3000)


def notices(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in [*at.info, *at.warning, *at.markdown, *at.caption])


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The samples plus COPIES copies of the seed (dated like it, in 2006): more cables than MAX_CABLES."""
    folder = tmp_path_factory.mktemp("cables")
    seed = (SAMPLES / f"{SEED}.txt").read_text()
    for n in range(1000, 1000 + COPIES):
        (folder / f"copy{n}.txt").write_text(seed.replace("0280", f"{n:04d}"))
    path = folder / "cables.db"
    ingest([*sorted(SAMPLES.glob("*.txt")), *sorted(folder.glob("*.txt"))], path, workers=1, progress=False)
    return path


@pytest.fixture()
def on_big_store(big_store: Path, monkeypatch: pytest.MonkeyPatch) -> StoreCorpus:
    monkeypatch.setenv("CABLES_STORE", str(big_store))
    monkeypatch.setenv("CABLES_STORE_READONLY", "1")
    return StoreCorpus(big_store)


def test_rows_follow_their_first_event() -> None:
    at = timeline()
    rows = chart_rows(at)
    assert rows[0] == "Cable sent"
    ev = timeline_events()
    first = ev[ev["kind"] != "cable"].groupby("ref_id")["start"].min()
    cable_rows = [r for r in rows if r not in ("Cable sent", "Declassification")]
    assert sorted(cable_rows) == sorted(first.index)
    assert [first[r] for r in cable_rows] == sorted(first[r] for r in cable_rows)


def test_a_typed_reference_id_is_drawn() -> None:
    """A lower-case reference id (typed, or from an old link) is not among the picker's options."""
    at = timeline(refs=SEED.lower())
    assert chart_rows(at)[1:] == [SEED]
    assert at.multiselect(key="refs").value == [SEED.lower()]


def test_a_key_that_is_no_cable_is_said() -> None:
    at = timeline(refs=[SEED, "99NOWHERE1"])
    assert "Not cables of this set: 99NOWHERE1." in notices(at)
    assert chart_rows(at)[1:] == [SEED]
    alone = timeline(refs="99NOWHERE1")
    assert "Not cables of this set: 99NOWHERE1." in notices(alone)
    assert not alone.get("plotly_chart")


def test_a_large_set_shows_its_newest_cables(on_big_store: StoreCorpus) -> None:
    total = on_big_store.count(Filters())
    oldest = on_big_store.page(Filters(), descending=False, limit=1)["ref_id"][0]
    assert total > 300 and len(on_big_store.events(Filters(refs=[oldest]), limit=3000))
    at = timeline()
    assert f"Showing the events of the 300 newest of {total:,} filtered cables" in notices(at)
    assert "Cable sent" in chart_rows(at)  # the cables' own dates, not only events of old years
    assert oldest not in chart_rows(at)


def test_the_refs_link_keeps_an_old_cable(on_big_store: StoreCorpus) -> None:
    oldest = on_big_store.page(Filters(), descending=False, limit=1)["key"][0]
    at = timeline(refs=oldest)
    assert "newest" not in notices(at)
    assert chart_rows(at)[1:] == [oldest]


def test_the_store_narrows_events_to_picked_cables(on_big_store: StoreCorpus) -> None:
    ev = on_big_store.events(Filters(refs=[SEED.lower(), "99NOWHERE1"]), limit=3000)
    assert set(ev["ref_id"]) == {SEED}


def test_the_events_table_says_who_takes_part() -> None:
    at = timeline(refs=SEED, rows="event")
    table = at.dataframe(key="events").value
    told = table[table["expression"] == "October 23"]
    who = told["participants"].iloc[0]
    assert "Ambassador Ordway" in who and "Foreign Minister Tokayev" in who
    hover = json.loads(at.get("plotly_chart")[0].proto.spec)["data"]
    assert any("who: Foreign Minister Tokayev" in text for trace in hover for text in trace.get("hovertext") or [])
    texts = [text for trace in hover for text in trace.get("hovertext") or []]
    # quotes as written: plotly shows an escaped quote (&quot;) literally
    assert any('USG "non paper."' in text for text in texts) and not any("&quot;" in text for text in texts)
