"""The dashboard on an embedded store (issue 6): opened through CABLES_STORE, uploads added to
it, and a shared read-only store that keeps visitors' uploads out."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cable_core.store import queries
from cable_core.store.ingest import ingest
from tests.conftest import PROJECT, SAMPLES

SEED = (SAMPLES / "06ASTANA280.txt").read_bytes()
OTHER = next(p for p in sorted(SAMPLES.glob("*.txt")) if p.name != "06ASTANA280.txt")


@pytest.fixture()
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cables.db"
    ingest([SAMPLES / "06ASTANA280.txt"], path, workers=1, progress=False)
    monkeypatch.setenv("CABLES_STORE", str(path))
    return path


def cable_count(at: AppTest) -> int:
    return int(next(m.value for m in at.metric if m.label == "Cables").replace(",", ""))


def test_library_reads_the_store(store: Path) -> None:
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=120).run()
    assert not at.exception
    assert cable_count(at) == 1
    assert list(at.dataframe(key="cables").value["ref_id"]) == ["06ASTANA280"]


def test_uploads_are_added_to_the_store(store: Path) -> None:
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=120).run()
    at.file_uploader(key="uploader").set_value([(OTHER.name, OTHER.read_bytes(), "text/plain"),
                                                ("again.txt", SEED, "text/plain")]).run()
    assert not at.exception
    assert cable_count(at) == 2  # the seed again is skipped by its content hash
    fresh = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=120).run()
    assert cable_count(fresh) == 2  # it is in the store now, not only in that session


def test_uploads_are_appended_to_the_store_index(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An upload adds its cables to the column index the ingest saved: the app never rebuilds it
    (half a minute at 251k cables), and the new cable is in every count and list at once."""
    build = queries._build_arrays

    def only_new_cables(db, after_id: int = 0):
        assert after_id > 0, "the column index was rebuilt instead of appended to"
        return build(db, after_id)

    monkeypatch.setattr(queries, "_build_arrays", only_new_cables)
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=120).run()
    at.file_uploader(key="uploader").set_value([(OTHER.name, OTHER.read_bytes(), "text/plain")]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert cable_count(at) == 2
    assert set(at.dataframe(key="cables").value["ref_id"]) == {"06ASTANA280", OTHER.stem}
    fresh = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=120).run()
    assert not fresh.exception and cable_count(fresh) == 2


def test_a_read_only_store_keeps_uploads_out(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CABLES_STORE_READONLY", "1")
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=120).run()
    at.file_uploader(key="uploader").set_value([(OTHER.name, OTHER.read_bytes(), "text/plain")]).run()
    assert not at.exception
    assert cable_count(at) == 1
    assert any("read-only" in c.value for c in at.caption)
    # the sidebar does not count them in the working set (it said "store + 1 uploaded")
    assert any("1 uploaded, not added: read-only" in c.value for c in at.sidebar.caption)
    assert not any("+ 1 uploaded" in c.value for c in at.sidebar.caption)


@pytest.mark.parametrize("page", ["pages/markings.py", "pages/people.py"])
def test_markings_and_people_pages_read_the_store(store: Path, page: str) -> None:
    """Both pages' reports come from the store's column index (no paragraph scan, no SQL self-join)."""
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=120)
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if page.endswith("markings.py"):
        assert int(next(m.value for m in at.metric if m.label == "Paragraphs").replace(",", "")) > 0
    else:
        names = at.dataframe(key="ents").value
        assert "Tokayev" in set(names["name"])
        assert [el.proto.body for el in at.subheader][-1] == "Quotes"  # ran past "who appears with whom"
