"""The Results page in headless Chromium, wide and phone-narrow: no error, nothing cut off."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import open_page, screenshot

pytestmark = pytest.mark.browser

EXCEPTION = '[data-testid="stException"]'
ERROR_BOX = '[data-testid="stAlertContentError"]'
RENDER_MS = 60_000


@pytest.mark.parametrize("width", [1440, 390])
def test_results_page_fits_the_window(app_server: str, page: Page, width: int) -> None:
    """The page shows its indicator table and yearly chart without error or sideways scroll."""
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, app_server, "results")
    # The browser may still be drawing what the script sent (a busy machine): wait for it.
    expect(page.get_by_text("Progress rule.")).to_have_count(1, timeout=RENDER_MS)
    expect(page.locator(".js-plotly-plot")).to_have_count(1, timeout=RENDER_MS)
    shot = screenshot(page, f"results-{width}")
    assert page.locator(EXCEPTION).count() == 0, shot
    assert page.locator(ERROR_BOX).count() == 0, shot
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px ({shot})"


def test_open_the_events_that_count_on_the_events_page(app_server: str, page: Page) -> None:
    """The drill-down opens the Events page filtered to the indicator's events of the period."""
    open_page(page, app_server, "results")
    button = page.get_by_role("button", name="Open these events on the Events page")
    expect(button).to_have_count(1, timeout=RENDER_MS)
    button.click()
    page.wait_for_url("**/events**", timeout=60_000)
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000
    )
    shot = screenshot(page, "results-drill-down")
    caption = page.get_by_text("Showing ", exact=False).first.inner_text()
    # The first indicator counts every event: the newest year of the bundled data has 12.
    assert caption.startswith("Showing 12 of 51 events"), (caption, shot)
    assert "from=" in page.url and "to=" in page.url, page.url
