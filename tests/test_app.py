"""The dashboard through Streamlit's AppTest: every page opens, filters set by key change what is
shown, uploads go through the uploader, cable text never becomes markup."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import PROJECT, SAMPLES

APP = str(PROJECT / "app.py")
PAGES = ["pages/library.py", "pages/cable.py", "pages/timeline.py", "pages/markings.py", "pages/people.py"]
SEED = (SAMPLES / "06ASTANA280.txt").read_bytes()
HOSTILE = SEED.replace(b"SUBJECT: ", b"SUBJECT: HOSTILE :red[RED] <script>alert(1)</script> [x](javascript:alert(1)) ", 1) \
              .replace(b"ASTANA 000280", b"ASTANA 000999").replace(b"#0280", b"#0999") \
              .replace(b"Tokayev informed", b"![t](http://example.invalid/track.png) :material/home: <img src=x onerror=alert(1)> Tokayev informed")


def app(page: str | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def html_of(at: AppTest) -> str:
    return "\n".join(el.proto.body for el in at.get("html"))


def frame_with(at: AppTest, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def markdown_of(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in [*at.markdown, *at.caption, *at.info, *at.error, *at.warning])


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_without_exception(page: str) -> None:
    at = app(page)
    assert at.title or at.selectbox(key="ref")


def test_library_shows_the_bundled_set_and_filters_by_key() -> None:
    at = app()
    assert metric(at, "Cables") == "50"
    assert metric(at, "Date span") == "1973–2010"
    at.multiselect(key="label").set_value(["SECRET"]).run()
    assert not at.exception
    assert metric(at, "Cables") == "11"
    at.multiselect(key="label").set_value(["SECRET", "SECRET//NOFORN"]).run()
    assert metric(at, "Cables") == "22"
    at.text_input(key="q").set_value("Tokayev").run()
    assert metric(at, "Cables") == "0"  # Tokayev's cable is CONFIDENTIAL//NOFORN: no SECRET match
    assert "No cable matches" in markdown_of(at)
    at.multiselect(key="label").set_value([]).run()
    assert metric(at, "Cables") == "1"
    assert list(at.dataframe(key="cables").value["ref_id"]) == ["06ASTANA280"]
    assert "Best matching paragraphs" in " ".join(e.label for e in at.expander)


def test_filters_come_from_the_url() -> None:
    at = app(label="SECRET//NOFORN", tag="PTER")
    assert at.multiselect(key="label").value == ["SECRET//NOFORN"]
    assert int(metric(at, "Cables")) < 11


def test_upload_adds_cables_and_reports_each_file(corpus_dir) -> None:
    at = app()
    kingston = (corpus_dir / "text" / "07KINGSTON382.txt").read_bytes()
    at.file_uploader(key="uploader").set_value([
        ("07KINGSTON382.txt", kingston, "text/plain"),
        ("notes.txt", b"shopping list: eggs, milk", "text/plain"),
        ("empty.txt", b"", "text/plain"),
    ]).run()
    assert not at.exception
    results = html_of(at)
    assert '<span class="name">07KINGSTON382.txt</span><span class="cg-muted">1.8 KB</span><span class="msg">parsed 1 cable</span>' in results
    # a 25-byte file reads as 25 bytes, not "0.0 KB" as if it were empty
    assert '<span class="name">notes.txt</span><span class="cg-muted">25 bytes</span>' in results
    assert '<span class="name">empty.txt</span><span class="cg-muted">0 bytes</span>' in results
    assert results.count('class="cg-upload bad"') == 2 and results.count('<span class="msg">error: ') == 2
    assert metric(at, "Cables") == "51"
    assert "07KINGSTON382" in list(at.dataframe(key="cables").value["ref_id"])
    # uploaded cables survive a page switch and open on the cable page
    at.switch_page("pages/cable.py")
    at.query_params["ref"] = "07KINGSTON382"
    at.run()
    assert "REQUEST FOR HUMAN RIGHTS VETTING" in html_of(at)


def test_uploads_stay_in_their_session(corpus_dir) -> None:
    first = app()
    first.file_uploader(key="uploader").set_value(
        [("k.txt", (corpus_dir / "text" / "07KINGSTON382.txt").read_bytes(), "text/plain")]).run()
    assert metric(first, "Cables") == "51"
    second = app()
    assert metric(second, "Cables") == "50"
    assert "07KINGSTON382" not in list(second.dataframe(key="cables").value["ref_id"])


def test_seed_cable_header_card_and_paragraphs() -> None:
    at = app("pages/cable.py", ref="06ASTANA280")
    body = html_of(at)
    assert "CONFIDENTIAL//NOFORN" in body and "#0033a0" in body  # blue banner
    assert body.count('class="cg-para') == 8
    for expected in ("Tuesday 24 October 2006, 07:34 UTC", "Embassy Astana", "PRIORITY", "SECSTATE WASHDC",
                     "Not releasable to foreign nationals", "DCM, Kevin Milas", "foreign government information",
                     "passed", "Organization for Security and Co-operation in Europe", "Kazakhstan"):
        assert expected in body, expected
    assert "Tokayev" in body


def test_cable_paragraph_marking_filter_and_release_safe_view() -> None:
    at = app("pages/cable.py", ref="07TELAVIV3586")
    total = html_of(at).count('class="cg-para')
    assert total > 5
    at.selectbox(key="safe").set_value("UNCLASSIFIED").run()
    body = html_of(at)
    assert "withheld in the release-safe view" in body
    assert body.count('class="cg-para') < total
    at.selectbox(key="safe").set_value("everything").run()
    marks = at.multiselect(key="pmark").options
    at.multiselect(key="pmark").set_value([marks[0]]).run()
    assert 0 < html_of(at).count('class="cg-para') < total


def test_timeline_lists_the_seed_events() -> None:
    at = app("pages/timeline.py", refs="06ASTANA280")
    events = at.dataframe(key="events").value
    for expected in ("October 4", "October 23", "October 26", "October 27", "December", "early in 2007",
                     "2009", "2011"):
        assert expected in set(events["expression"]), expected
    speech = events[events["title"] == "Speech to the OSCE Permanent Council in Vienna"].iloc[0]
    assert (speech["when"], speech["cable"]) == ("27 Oct 2006", "06ASTANA280 ¶1")
    # the list is a table whose rows open their cable (st.switch_page keeps the session), not links
    assert "<a href" not in html_of(at)
    assert pd.to_datetime(events["when"].str.split(" – ").str[0], format="%d %b %Y").is_monotonic_increasing
    december = events[events["expression"] == "December"].iloc[0]  # a month is a span, said as one
    assert december["when"] == "1 Dec 2006 – 31 Dec 2006"


def test_markings_page_counts() -> None:
    at = app("pages/markings.py")
    assert metric(at, "Paragraphs") == "450"
    assert int(metric(at, "Unmarked in classified cables")) > 0
    assert len(frame_with(at, "reason")) > 3
    # a long banner breaks after its "//" rather than being cut at the chart's edge in a narrow window
    banners = next(chart for chart in at.get("plotly_chart") if "labels_chart" in chart.proto.id)
    assert "UNCLASSIFIED//<br>FOR OFFICIAL USE ONLY" in json.loads(banners.proto.spec)["data"][0]["y"]


def test_people_page_lists_names_and_filters() -> None:
    at = app("pages/people.py", ref="")
    names = at.dataframe(key="ents").value
    assert len(names) > 50 and "Tokayev" in set(names["name"])
    at2 = app("pages/people.py", entity="person:tokayev")
    assert list(at2.dataframe(key="ents").value["name"]).count("Tokayev") == 1


def test_people_page_shows_titles_only_where_names_have_them() -> None:
    """Organisations carry no titles: their column would only squeeze the names of the table."""
    at = app("pages/people.py", ref="")
    # the counts right after the name, so that a narrow screen scrolls the title out of view, not them
    assert list(at.dataframe(key="ents").proto.column_order) == ["name", "cables", "mentions", "title"]
    at.segmented_control(key="kinds").set_value(["organization"]).run()
    organisations = at.dataframe(key="ents")
    assert list(organisations.proto.column_order) == ["name", "cables", "mentions"]
    at.segmented_control(key="kinds").set_value(["person", "organization"]).run()
    both = at.dataframe(key="ents")
    assert list(both.proto.column_order) == ["name", "cables", "mentions", "kind", "title"]
    assert set(both.value["kind"]) == {"person", "org"}  # short: the kind column is narrow
    assert {"Hizballah", "Hamas"} <= set(organisations.value["name"])  # groups are no people
    # a long name is cut on the chart's axis, where it would be clipped, and whole in its hover text
    bars = json.loads(next(c for c in at.get("plotly_chart") if "top_names" in c.proto.id).proto.spec)["data"][0]
    assert "North Atlantic Treaty Organization" in bars["customdata"]
    assert max(map(len, bars["y"])) <= 24 and len(set(bars["y"])) == len(bars["y"])
    assert "North Atlantic Treaty O…" in bars["y"]


def test_hostile_cable_text_is_never_markup() -> None:
    at = app()
    at.file_uploader(key="uploader").set_value([("<b>evil</b>:red[x].txt", HOSTILE, "text/plain")]).run()
    assert not at.exception
    at.switch_page("pages/cable.py")
    at.query_params["ref"] = "06ASTANA999"
    at.run()
    assert not at.exception
    body = html_of(at)
    assert "<script" not in body and "<img" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "&lt;img src=x onerror=alert(1)&gt;" in body
    assert ":red[RED]" in body and "[x](javascript:alert(1))" in body
    assert "![t](http://example.invalid/track.png)" in body
    # nothing cable-derived is handed to a Markdown element unescaped
    markdown = markdown_of(at)
    for raw in (":red[", "javascript:", "![t]", "<script", ":material/home:"):
        assert raw not in markdown


def test_search_results_mark_the_terms_and_keep_cable_text_escaped() -> None:
    at = app()
    at.file_uploader(key="uploader").set_value([("hostile.txt", HOSTILE, "text/plain")]).run()
    at.text_input(key="q").set_value("onerror Tokayev").run()
    assert not at.exception
    body = html_of(at)
    assert "<mark>Tokayev</mark>" in body and "<mark>onerror</mark>" in body
    assert "<img" not in body and "&lt;img src=x <mark>onerror</mark>=alert(1)&gt;" in body


def test_exports_are_built_from_the_filtered_set() -> None:
    from cable_core.corpus import Filters
    from pages._ui import sample_corpus

    corpus, _ = sample_corpus()
    secret = Filters(labels=["SECRET"])
    assert corpus.export(secret, "cables", "csv").decode().count("\n") == 12
    assert b'"events"' in corpus.export(Filters(refs=["06ASTANA280"]), "timelinejs", "json")
    assert b"October 27" in corpus.export(Filters(refs=["06ASTANA280"]), "events", "csv")


def test_a_chart_of_many_markings_keeps_the_commonest_and_sums_the_rest() -> None:
    """A whole release has dozens of rare markings; the Markings chart names the commonest ten."""
    from cable_core.views import commonest

    counts = pd.DataFrame({"marking": ["C", "S", "U", "S//RELSAU", "S//RELCHINA"], "paragraphs": [500, 300, 200, 2, 1]})
    top = commonest(counts, "marking", "paragraphs", 2, "markings")
    assert list(top["marking"]) == ["C", "S", "other (3 markings)"]
    assert list(top["paragraphs"]) == [500, 300, 203]
    assert commonest(counts, "marking", "paragraphs", 4, "markings").equals(counts)  # one extra row: kept as is


def test_a_search_hit_opens_its_cable_at_the_paragraph() -> None:
    """The hit's button asks for the cable in a callback; app.py switches page once the Library is drawn."""
    at = app(q="Tokayev")
    hit = at.button(key="hit0")
    ref, paragraph = hit.label.split(" ¶")
    hit.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert (at.query_params["ref"], at.query_params["p"]) == (ref, paragraph)
    assert at.selectbox(key="p").value == paragraph
    assert f"Opened at paragraph {paragraph}" in html_of(at)
    at.run()  # the request is used once: the next run stays on the cable
    assert at.selectbox(key="ref") and not at.exception


def people_picks(at: AppTest) -> tuple[list[str], str]:
    """(the page's subheaders, the chosen name's caption: kind · title · cables · mentions)."""
    return [s.value for s in at.subheader], next((c.value for c in at.caption if " · " in c.value), "")


def test_the_chosen_name_comes_from_the_url() -> None:
    """A shared People link reopens the chosen name (?name= holds its entity id), ticked in the table."""
    at = app("pages/people.py", name="person:tokayev")
    headings, caption = people_picks(at)
    assert "Tokayev" in headings and caption.startswith("person · Foreign Minister · 1 cable · ")
    table = at.dataframe(key="ents")
    ticked = json.loads(table.proto.selection_default)["selection"]["rows"]
    assert [table.value["id"][row] for row in ticked] == ["person:tokayev"]
    assert "name=person%3Atokayev" in next(c.value for c in at.code)  # the page's Copy link


def test_a_linked_name_outside_the_most_frequent_is_still_shown() -> None:
    from cable_core.corpus import Filters
    from pages._ui import sample_corpus

    names = sample_corpus()[0].entities(Filters(), kinds=["person"], limit=5000)
    rare = names.iloc[-1]
    at = app("pages/people.py", name=rare["id"])
    assert rare["id"] not in set(at.dataframe(key="ents").value["id"])
    assert rare["name"] in people_picks(at)[0]


def test_a_linked_name_the_filters_exclude_is_said() -> None:
    at = app("pages/people.py", name="person:nobody-at-all")
    assert "Most frequent" in people_picks(at)[0]
    assert "is not mentioned in the filtered cables" in markdown_of(at)
