"""Browser-test fixtures: the app in a subprocess, Debian's headless Chromium, page helpers."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = PROJECT_ROOT / "test-artifacts" / "screenshots"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
VIEWPORT = {"width": 1400, "height": 900}
HEALTH_TIMEOUT_S = 60.0
# Streamlit sets data-test-script-state on the app root: "initial" before the first run,
# "running" while the script runs, "notRunning" once it has finished.
APP_READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

# Every request URL a page made, per page (filled by the `page` fixture).
_requests: dict[Page, list[str]] = {}
_screenshots_taken: list[Path] = []


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _log_tail(log_path: Path, lines: int = 60) -> str:
    text = log_path.read_text(errors="replace") if log_path.exists() else ""
    return "\n".join(text.splitlines()[-lines:]) or "(no output)"


def _wait_until_healthy(base_url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + HEALTH_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"streamlit exited with code {process.returncode} before answering "
                f"/_stcore/health; its output:\n{_log_tail(log_path)}",
                pytrace=False,
            )
        try:
            with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    pytest.fail(
        f"streamlit did not answer {base_url}/_stcore/health with 'ok' within "
        f"{HEALTH_TIMEOUT_S:.0f} s; its output:\n{_log_tail(log_path)}",
        pytrace=False,
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    # The server runs in its own session, so its group id is its pid: this ends it and
    # anything it started, and nothing else.
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass


@pytest.fixture(scope="module")
def app_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """Run `streamlit run dashboard.py` on a free loopback port and yield its base URL.

    The events file is, in order: the indirect parameter (`events_file`, a path relative to
    the project root or absolute), else $EVENTS_FILE of the test run, else the bundled file.
    Use ``@pytest.mark.parametrize("app_server", ["tests/data/small_events.yaml"],
    indirect=True)`` to pick one for a module.
    """
    events_file: str | None = getattr(request, "param", None) or os.environ.get("EVENTS_FILE")
    env = dict(os.environ)
    if events_file:
        env["EVENTS_FILE"] = str((PROJECT_ROOT / events_file).resolve())
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = tmp_path_factory.mktemp("streamlit") / "server.log"
    command = [
        sys.executable, "-m", "streamlit", "run", "dashboard.py",
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
        # Other files may change while the tests run; no rerun prompts in the screenshots.
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_until_healthy(base_url, process, log_path)
        yield base_url
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    """The Playwright driver, started once for the session."""
    playwright = sync_playwright().start()
    try:
        yield playwright
    finally:
        playwright.stop()


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    """Debian's headless Chromium ($CHROMIUM_PATH, default /usr/bin/chromium).

    Playwright cannot download its own browser here, so a missing Chromium fails the run
    instead of skipping it: skipped browser tests would look like passing ones.
    """
    executable = os.environ.get("CHROMIUM_PATH", DEFAULT_CHROMIUM)
    if not os.access(executable, os.X_OK):
        pytest.fail(
            f"Chromium not found at {executable}: install Debian's chromium "
            "(`bash scripts/ensure_chromium.sh` or `apt-get install chromium`) or set "
            "CHROMIUM_PATH to a Chromium binary.",
            pytrace=False,
        )
    try:
        browser = playwright_instance.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
    except Exception as error:  # Playwright raises its own Error with the browser's output.
        pytest.fail(f"Chromium at {executable} did not start: {error}", pytrace=False)
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh tab (1400x900, own context) that records every request it makes."""
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    new_page = context.new_page()
    urls: list[str] = []
    new_page.on("request", lambda req: urls.append(req.url))
    _requests[new_page] = urls
    try:
        yield new_page
    finally:
        _requests.pop(new_page, None)
        context.close()


def requested_urls(page: Page) -> list[str]:
    """Every URL the page has requested so far, in order."""
    return list(_requests.get(page, []))


def external_requests(page: Page) -> list[str]:
    """The URLs the page requested from any host but this machine's loopback.

    Args:
        page: A page made by the `page` fixture.

    Returns:
        The URLs whose host is not 127.0.0.1, localhost or ::1 (data: and blob: URLs are
        not requests to a host and are left out).
    """
    return [
        url
        for url in requested_urls(page)
        if not url.startswith(("data:", "blob:")) and urlparse(url).hostname not in LOOPBACK_HOSTS
    ]


def open_page(page: Page, base_url: str, path: str = "", *, timeout_ms: float = 60_000) -> None:
    """Go to base_url/path and wait until the script has finished and the network is idle.

    Args:
        page: The browser tab.
        base_url: The app's base URL (from `app_server`).
        path: The page's URL path ("" for the main page, e.g. "partners").
        timeout_ms: How long to wait for each step.
    """
    page.goto(f"{base_url}/{path.lstrip('/')}", timeout=timeout_ms)
    page.wait_for_selector(APP_READY, timeout=timeout_ms)
    # Charts load their assets (e.g. map outlines) after the script has finished.
    page.wait_for_load_state("networkidle", timeout=timeout_ms)


def screenshot(page: Page, name: str) -> Path:
    """Save a PNG of the whole page under test-artifacts/screenshots/ and return its path.

    Streamlit scrolls inside its main container, not the document, so a plain full-page
    screenshot would stop at the window's height: the window is made as tall as the content
    for the shot, then set back.

    Args:
        page: The browser tab.
        name: The file name without extension (unsafe characters become "_").

    Returns:
        The path of the PNG.
    """
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"
    viewport: Any = page.viewport_size or VIEWPORT
    content_height = page.evaluate(
        """() => Math.max(document.documentElement.scrollHeight,
            ...[...document.querySelectorAll('*')]
                .filter(e => /(auto|scroll)/.test(getComputedStyle(e).overflowY))
                .map(e => e.scrollHeight + e.getBoundingClientRect().top))"""
    )
    tall = max(int(viewport["height"]), int(content_height))
    if tall > viewport["height"]:
        page.set_viewport_size({"width": viewport["width"], "height": tall})
        page.wait_for_timeout(300)  # let charts resize to the new window
    page.screenshot(path=str(path), full_page=True)
    if tall > viewport["height"]:
        page.set_viewport_size({"width": viewport["width"], "height": viewport["height"]})
    _screenshots_taken.append(path)
    return path


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say where the screenshots of this run went."""
    if _screenshots_taken:
        terminalreporter.write_sep(
            "-", f"{len(_screenshots_taken)} browser screenshots in {SCREENSHOT_DIR}"
        )
