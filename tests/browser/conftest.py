"""A real server and Debian's Chromium for the browser tests. They skip with a reason where
Chromium is absent and fail instead when CI is set (see tests/conftest.py `require`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import PROJECT, require
from tests.streamlit_server import CHROMIUM_ARGS, free_port, stop, wait_healthy

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    require(Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM,
            "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": {"width": 1400, "height": 900}, "accept_downloads": True}


@contextmanager
def running_server() -> Iterator[str]:
    """A fresh `streamlit run app.py` on a free port, stopped on exit."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port),
         "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        if not wait_healthy(base, proc):
            raise RuntimeError("the Streamlit server did not start")
        yield base
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    with running_server() as base:
        yield base


def wait_ready(page, timeout: float = 60_000) -> None:
    page.wait_for_timeout(300)
    page.wait_for_selector(READY, timeout=timeout)
