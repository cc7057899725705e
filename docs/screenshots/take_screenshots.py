"""Take the README's screenshots: every page of the dashboard at 1400×900 in headless Chromium.

    python docs/screenshots/take_screenshots.py

Starts the real server on a free port with the bundled sample cables, opens each page (the
cable page on the seed cable), waits until the app has finished running, and writes
docs/screenshots/<page>.png.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))

from tests.streamlit_server import CHROMIUM_ARGS, free_port, stop, wait_healthy  # noqa: E402
OUT = Path(__file__).resolve().parent
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
PAGES = {
    "library": "",
    "cable": "cable?ref=06ASTANA280",
    "timeline": "timeline?refs=06ASTANA280&rows=event",
    "markings": "markings",
    "people": "people",
}
def wait_until_drawn(page) -> None:
    """The script's end is not the page's: elements still show skeletons and plotly draws after it.
    Wait until no skeleton is left and every chart has its SVG."""
    page.wait_for_selector(READY, timeout=120_000)
    page.wait_for_function(
        "!document.querySelector('[data-testid=\"stSkeleton\"]') && "
        "[...document.querySelectorAll('.stPlotlyChart')].every(c => c.querySelector('.main-svg'))",
        timeout=60_000)
    page.wait_for_timeout(1000)  # the last transitions
    page.wait_for_selector(READY, timeout=120_000)


def main() -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)],
                              cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if not wait_healthy(base, server, timeout=90):
            raise SystemExit("the Streamlit server did not start")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                        args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            for name, path in PAGES.items():
                page.goto(f"{base}/{path}")
                wait_until_drawn(page)
                page.screenshot(path=OUT / f"{name}.png")
                print(f"wrote {OUT / f'{name}.png'}")
            browser.close()
    finally:
        stop(server)


if __name__ == "__main__":
    main()
