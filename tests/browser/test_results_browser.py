"""The Results page in headless Chromium, wide and phone-narrow: no error, nothing cut off."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from .conftest import open_page, screenshot

pytestmark = pytest.mark.browser

EXCEPTION = '[data-testid="stException"]'
ERROR_BOX = '[data-testid="stAlertContentError"]'


@pytest.mark.parametrize("width", [1440, 390])
def test_results_page_fits_the_window(app_server: str, page: Page, width: int) -> None:
    """The page shows its indicator table and yearly chart without error or sideways scroll."""
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, app_server, "results")
    shot = screenshot(page, f"results-{width}")
    assert page.locator(EXCEPTION).count() == 0, shot
    assert page.locator(ERROR_BOX).count() == 0, shot
    assert page.get_by_text("Progress rule.").count() == 1, shot
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 1, shot
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px ({shot})"
