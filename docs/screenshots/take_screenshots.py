"""Take the README's screenshots: every page of the dashboard at 1400×900 in headless Chromium.

    python docs/screenshots/take_screenshots.py

Starts the real server on a free port with the bundled sample cables, opens each page (the
cable page on the seed cable), waits until the app has finished running, and writes
docs/screenshots/<page>.png.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

PROJECT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
PAGES = {
    "library": "",
    "cable": "cable?ref=06ASTANA280",
    "timeline": "timeline?refs=06ASTANA280&rows=event",
    "markings": "markings",
    "people": "people",
}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(base: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).read() == b"ok":
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the Streamlit server did not start")


def main() -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)],
                              cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_healthy(base, server)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                        args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            for name, path in PAGES.items():
                page.goto(f"{base}/{path}")
                page.wait_for_selector(READY, timeout=120_000)
                page.wait_for_timeout(1500)  # let plotly finish drawing
                page.screenshot(path=OUT / f"{name}.png")
                print(f"wrote {OUT / f'{name}.png'}")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
