"""The dashboard in a real browser: Streamlit server + Debian Chromium through pytest-playwright."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import running_server, wait_ready
from tests.conftest import CORPUS, require


expect.set_options(timeout=30_000)


def metric_value(page: Page, label: str):
    return page.locator("[data-testid='stMetric']", has_text=label).locator("[data-testid='stMetricValue']")


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    wait_ready(page)


def upload(page: Page, *paths: Path) -> None:
    """Drop files on the Library's uploader through its file chooser and wait until each is parsed."""
    with page.expect_file_chooser() as chooser:
        page.locator("[data-testid='stFileUploaderDropzone'] button").first.click()
    chooser.value.set_files([str(path) for path in paths])
    expect(page.locator(".cg-upload.ok")).to_have_count(len(paths), timeout=60_000)
    wait_ready(page)


def click_table_row(page: Page, table, row: int) -> None:
    """Tick a row of a Streamlit table (drawn on a canvas: no element per row to click)."""
    box = table.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 55 + 35 * row)  # the row's checkbox, under a 35 px header


def test_home_shows_the_bundled_set(page: Page, server: str) -> None:
    open_page(page, server)
    expect(page.get_by_role("heading", name="Library")).to_be_visible()
    expect(metric_value(page, "Cables")).to_have_text("50")
    expect(page.locator("[data-testid='stFileUploaderDropzone']")).to_be_visible()


def test_a_shared_link_opened_first_on_a_fresh_server_goes_through_the_router(page: Page, browser_name: str) -> None:
    """Before any session has called st.navigation, Streamlit runs a pages/ file by itself: the first
    stranger to open /markings?label=SECRET after a restart got every file of pages/ (`_ui` too)
    in the menu and no page config. The page now routes itself through app.py."""
    with running_server() as fresh:
        open_page(page, f"{fresh}/markings?label=SECRET")
        wait_ready(page)
        nav = page.locator("[data-testid='stSidebarNav'] a")
        expect(nav).to_have_text([re.compile(f"{title}$") for title in ("Library", "Cable", "Timeline", "Markings", "People")])
        expect(page.get_by_role("heading", name="Markings", exact=True)).to_be_visible()
        expect(metric_value(page, "Cables").first).to_have_text("11")  # the SECRET filter of the link held


def test_upload_two_files_through_the_file_chooser(page: Page, server: str) -> None:
    require((CORPUS / "text").is_dir(), f"the development corpus is not at {CORPUS}")
    open_page(page, server)
    upload(page, CORPUS / "text" / "07KINGSTON382.txt", CORPUS / "text" / "07KUALALUMPUR1403.txt")
    expect(page.locator(".cg-uploads")).to_contain_text("07KINGSTON382.txt")
    expect(page.locator(".cg-uploads")).to_contain_text("07KUALALUMPUR1403")
    expect(metric_value(page, "Cables")).to_have_text("52")


def _filter_secret(page: Page) -> None:
    box = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']", has_text="Classification")
    box.locator("input").click()
    page.get_by_role("option", name="SECRET", exact=True).click()
    page.keyboard.press("Escape")
    wait_ready(page)


def test_filter_to_secret_changes_the_count_and_the_link_carries_it(page: Page, server: str, browser) -> None:
    open_page(page, server)
    expect(metric_value(page, "Cables")).to_have_text("50")
    _filter_secret(page)
    expect(metric_value(page, "Cables")).to_have_text("11")
    expect(page).to_have_url(re.compile(r"label=SECRET"))
    link = page.url
    # a shared link opened in a fresh browser context shows the same view
    other = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        fresh = other.new_page()
        open_page(fresh, link)
        expect(metric_value(fresh, "Cables")).to_have_text("11")
        expect(fresh.locator("[data-testid='stSidebar']")).to_contain_text("SECRET")
    finally:
        other.close()


def test_seed_cable_header_card_and_eight_paragraphs(page: Page, server: str) -> None:
    open_page(page, f"{server}/cable?ref=06ASTANA280")
    expect(page.locator(".cg-banner").first).to_have_text("CONFIDENTIAL//NOFORN")
    card = page.locator(".cg-card")
    expect(card).to_contain_text("KAZAKHSTAN: FOREIGN MINISTER KEEPS COURSE FOR 2009 OSCE CIO")
    expect(card).to_contain_text("Tuesday 24 October 2006, 07:34 UTC")
    expect(card).to_contain_text("Embassy Astana")
    expect(card).to_contain_text("Not releasable to foreign nationals")
    expect(card).to_contain_text("foreign government information")
    expect(page.locator(".cg-para")).to_have_count(8)


def test_timeline_shows_the_oct_27_speech(page: Page, server: str) -> None:
    open_page(page, f"{server}/timeline?refs=06ASTANA280")
    expect(page.locator("[data-testid='stPlotlyChart']")).to_be_visible()
    expect(page.get_by_text("11 events in 1 cable")).to_be_visible()
    # the events table is drawn on a canvas (no text to read here): test_app reads its rows
    expect(page.locator("[data-testid='stDataFrame']")).to_be_visible()


def test_download_an_export(page: Page, server: str) -> None:
    open_page(page, f"{server}/?label=SECRET")
    expect(metric_value(page, "Cables")).to_have_text("11")
    page.get_by_role("button", name=re.compile("Export")).click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Cables (CSV)").click()
    path = download.value.path()
    text = open(path, encoding="utf-8").read()
    assert text.splitlines()[0].startswith("key,ref_id,created")
    assert len(text.strip().splitlines()) == 12


def test_people_filter_button_filters_the_library_to_that_name(page: Page, server: str) -> None:
    """The People page's sidebar holds the Mentions box already: a plain link's ?entity= lost to its
    empty value (the Library opened on all 50 cables), and switching pages with bound filters in
    the URL raised an error."""
    open_page(page, f"{server}/people")
    click_table_row(page, page.locator("[data-testid='stDataFrame']").first, 0)  # the most frequent name
    button = page.get_by_role("button", name="Filter every page to this name")
    expect(button).to_be_visible()
    expect(page).to_have_url(re.compile(r"name=person"))  # the chosen name is in the page's link
    button.click()
    expect(page.get_by_role("heading", name="Library")).to_be_visible()
    wait_ready(page)
    assert "entity=person" in page.url
    count = int(metric_value(page, "Cables").inner_text())
    assert 1 <= count < 50
    expect(page.locator("[data-testid='stException']")).to_have_count(0)


def test_a_search_hit_opens_an_uploaded_cable_and_keeps_the_upload(page: Page, server: str) -> None:
    """The best-matching paragraphs were <a href> links: a click reloaded the page, which starts a new
    session and lost the upload ("No cable 07KINGSTON382 in the working set")."""
    require((CORPUS / "text").is_dir(), f"the development corpus is not at {CORPUS}")
    open_page(page, server)
    upload(page, CORPUS / "text" / "07KINGSTON382.txt")
    search = page.locator("[data-testid='stSidebar'] input[placeholder^='words']")
    search.fill("Leahy")
    search.press("Enter")
    wait_ready(page)
    hit = page.get_by_role("button", name=re.compile(r"^07KINGSTON382 ¶\d+"))
    expect(hit.first).to_be_visible()
    hit.first.click()
    wait_ready(page)
    assert "ref=07KINGSTON382" in page.url
    expect(page.get_by_text("07KINGSTON382").first).to_be_visible()
    expect(page.get_by_text("No cable 07KINGSTON382")).to_have_count(0)
    expect(page.locator("[data-testid='stSidebar']")).to_contain_text("1 uploaded")


def test_a_cable_opened_at_a_paragraph_scrolls_to_it(page: Page, server: str) -> None:
    """?p=5 highlighted the paragraph but left the page at its top, a screen and a half above it."""
    page.set_viewport_size({"width": 1400, "height": 1000})
    open_page(page, f"{server}/cable?ref=06ASTANA280&p=5")
    paragraph = page.locator("#par5")
    expect(paragraph).to_be_in_viewport()
    page.wait_for_function("document.getElementById('par5').getBoundingClientRect().top < 300")
    assert 0 <= paragraph.bounding_box()["y"] < 300  # below the app's top bar, at the top of the view


def test_a_name_chip_on_the_cable_page_filters_the_library(page: Page, server: str) -> None:
    """Issue 4: the Cable page shows names as chips that filter the library (they were labels)."""
    open_page(page, f"{server}/cable?ref=06ASTANA280")
    page.get_by_role("tab", name=re.compile("People & quotes")).click()
    chip = page.locator("[data-testid='stButtonGroup'] button", has_text="Tokayev").first
    expect(chip).to_be_visible()
    chip.click()
    expect(page.get_by_role("heading", name="Library")).to_be_visible()
    wait_ready(page)
    assert "entity=person%3Atokayev" in page.url or "entity=person:tokayev" in page.url
    expect(metric_value(page, "Cables")).to_have_text("1")
    expect(page.locator("[data-testid='stException']")).to_have_count(0)


def test_a_timeline_event_opens_an_uploaded_cable_at_its_paragraph(page: Page, server: str) -> None:
    """The events under the chart were <a href> links: a click reloaded the page, which starts a new
    session and lost the upload. A chosen row now opens its cable at the event's paragraph."""
    require((CORPUS / "text").is_dir(), f"the development corpus is not at {CORPUS}")
    open_page(page, server)
    upload(page, CORPUS / "text" / "07KINGSTON382.txt")
    page.locator("[data-testid='stSidebarNav'] a", has_text="Timeline").click()  # the same session
    wait_ready(page)
    picker = page.locator("[data-testid='stMultiSelect']", has_text="Only these cables").locator("input")
    picker.fill("07KINGSTON382")
    picker.press("Enter")
    page.keyboard.press("Escape")
    wait_ready(page)
    expect(page.get_by_text("4 events in 1 cable")).to_be_visible()
    # row 0 is the cable's own date; row 1 is "27 March 2007", in paragraph 2
    click_table_row(page, page.locator("[data-testid='stDataFrame']"), 1)
    wait_ready(page)
    expect(page).to_have_url(re.compile(r"/cable\?ref=07KINGSTON382&p=2$"))
    expect(page.get_by_text("Opened at paragraph 2")).to_be_visible()
    expect(page.locator("#par2")).to_be_in_viewport()
    expect(page.locator("[data-testid='stSidebar']")).to_contain_text("1 uploaded")


def test_the_library_answers_at_library_too(page: Page, server: str) -> None:
    """/library (typed, or from an old link) showed "Page not found": it now opens the Library at /,
    with the link's filters."""
    open_page(page, f"{server}/library?label=SECRET")
    expect(page).to_have_url(re.compile(r"^http://[^/]+/\?label=SECRET$"))
    expect(metric_value(page, "Cables")).to_have_text("11")
    expect(page.get_by_text("Page not found")).to_have_count(0)


CUT_TEXT = """() => [...document.querySelectorAll("[data-testid='stMetric'] *")]
    .filter(el => el.scrollWidth > el.clientWidth + 1).map(el => el.textContent)"""


def test_metric_cards_are_not_cut_in_a_narrow_window(page: Page, server: str) -> None:
    """Four cards in a row beside the sidebar read "Classif…", "197…" at 1000 px: they now wrap."""
    for width in (1000, 1180, 1400):
        page.set_viewport_size({"width": width, "height": 900})
        for path in ("/", "/markings"):
            open_page(page, server + path)
            expect(page.locator("[data-testid='stMetric']")).to_have_count(4)
            assert page.evaluate(CUT_TEXT) == [], (width, path)
