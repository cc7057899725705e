"""Cable text is data, never markup, and sessions are private — checked in a real browser (the
`server` and Chromium fixtures of tests/browser/conftest.py; skipped where Chromium is absent,
failed instead when CI is set)."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import wait_ready
from tests.conftest import SAMPLES

expect.set_options(timeout=30_000)

REAL = (SAMPLES / "06ASTANA280.txt").read_bytes()
REF = "06ASTANA777"
SUBJECT_PAYLOAD = "<script>window.__pwned=1</script> :red[RED] :material/home: &amp; &lt;b&gt;"
PARAGRAPH_PAYLOAD = ("<img src=x onerror=window.__pwned=2> [x](javascript:alert(1)) "
                     "![t](http://example.invalid/track.png) <b>bold</b> **stars** :blue-background[bg]")
FILE_NAME = "<img src=x onerror=window.__pwned=3>.txt"


def hostile_cable() -> bytes:
    return (REAL.replace(b"ASTANA 000280", b"ASTANA 000777").replace(b"#0280", b"#0777")
            .replace(b"SUBJECT: ", b"SUBJECT: " + SUBJECT_PAYLOAD.encode() + b" ", 1)
            .replace(b"Tokayev informed", PARAGRAPH_PAYLOAD.encode() + b" Tokayev informed", 1))


def upload(page: Page, path: Path) -> None:
    with page.expect_file_chooser() as chooser:
        page.locator("[data-testid='stFileUploaderDropzone'] button").first.click()
    chooser.value.set_files([str(path)])
    expect(page.locator(".cg-upload")).to_have_count(1, timeout=60_000)
    wait_ready(page)


def watch(page: Page) -> dict[str, list]:
    seen: dict[str, list] = {"requests": [], "dialogs": []}
    page.on("request", lambda request: seen["requests"].append(request.url))
    page.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss()))
    return seen


def assert_inert(page: Page, seen: dict[str, list]) -> None:
    assert page.evaluate("window.__pwned") is None
    assert page.locator("[onerror]").count() == 0
    assert page.locator("img[src='x'], img[src*='example.invalid'], a[href^='javascript']").count() == 0
    assert page.locator("script:has-text('__pwned')").count() == 0
    assert not [u for u in seen["requests"] if "example.invalid" in u]
    assert not seen["dialogs"]


def test_hostile_cable_text_shows_literally_everywhere(page: Page, server: str, tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    path.write_bytes(hostile_cable())
    seen = watch(page)
    page.goto(server)
    wait_ready(page)
    upload(page, path)
    uploads = page.locator(".cg-uploads")
    expect(uploads).to_contain_text(FILE_NAME)  # the file name, literally
    expect(uploads).to_contain_text(REF)
    assert_inert(page, seen)

    # a page switch inside the app keeps the session (a page load would start a new one)
    go_to(page, "Cable")
    box = page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").first
    box.locator("input").click()
    page.keyboard.type(REF)
    page.get_by_role("option", name=re.compile(REF)).first.click()
    wait_ready(page)
    body = page.locator("[data-testid='stMain']")
    expect(body).to_contain_text(REF)
    for literal in ("<script>window.__pwned=1</script>", ":red[RED]", ":material/home:", "&amp; &lt;b&gt;",
                    "<img src=x onerror=window.__pwned=2>", "[x](javascript:alert(1))",
                    "![t](http://example.invalid/track.png)", "<b>bold</b>", "**stars**", ":blue-background[bg]"):
        expect(body).to_contain_text(literal)
    assert_inert(page, seen)
    # nothing from the cable became an element: no bold, no coloured span, no icon from it
    assert page.locator("[data-testid='stMain'] b:text-is('bold'), [data-testid='stMain'] strong:text-is('stars')").count() == 0
    assert page.locator("[data-testid='stMain'] span:text-is('RED'), [data-testid='stMain'] span:text-is('bg')").count() == 0

    for other in ("Timeline", "People", "Markings", "Library"):
        go_to(page, other)
        assert_inert(page, seen)


def go_to(page: Page, title: str) -> None:
    page.locator("[data-testid='stSidebarNav'] a", has_text=title).first.click()
    page.wait_for_timeout(500)
    wait_ready(page)


def _export_csv(page: Page) -> str:
    page.get_by_role("button", name=re.compile("Export")).first.click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Cables (CSV)").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    page.keyboard.press("Escape")
    return text


def test_two_sessions_never_see_each_others_uploads(browser: Browser, server: str, tmp_path: Path) -> None:
    path = tmp_path / "private.txt"
    path.write_bytes(hostile_cable().replace(b"KAZAKHSTAN: FOREIGN", b"PRIVATE-TO-A KAZAKHSTAN: FOREIGN"))
    a = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 900})
    b = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 900})
    try:
        page_a, page_b = a.new_page(), b.new_page()
        page_b.goto(server)
        wait_ready(page_b)
        before = page_b.locator("[data-testid='stMetric']", has_text="Cables").locator(
            "[data-testid='stMetricValue']").inner_text()

        page_a.goto(server)
        wait_ready(page_a)
        upload(page_a, path)
        expect(page_a.locator(".cg-upload.ok")).to_have_count(1)
        assert REF in _export_csv(page_a)

        # B, already open and freshly opened, on every page and in its export
        for url in (server, f"{server}/cable?ref={REF}", f"{server}/timeline", f"{server}/people",
                    f"{server}/markings", f"{server}/?q=PRIVATE-TO-A"):
            page_b.goto(url)
            wait_ready(page_b)
            text = page_b.locator("[data-testid='stApp']").inner_text()
            assert "PRIVATE-TO-A" not in text and "private.txt" not in text, url
        page_b.goto(server)
        wait_ready(page_b)
        expect(page_b.locator("[data-testid='stMetric']", has_text="Cables").locator(
            "[data-testid='stMetricValue']")).to_have_text(before)
        assert page_b.locator(".cg-upload").count() == 0
        exported = _export_csv(page_b)
        assert REF not in exported and "PRIVATE-TO-A" not in exported
    finally:
        a.close()
        b.close()
