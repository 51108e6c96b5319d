"""In a real browser: Markdown in a shared link's parameters is shown as text, never rendered."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page

from .conftest import external_requests, open_page, screenshot

pytestmark = pytest.mark.browser

QUERY = urlencode(
    {
        "q": "[Session expired - sign in again](https://evil.example/login)",
        "period": "![x](https://evil.example/t.png)",
    }
)


@pytest.mark.parametrize("app_server", ["tests/data/small_events.yaml"], indirect=True)
def test_a_crafted_link_draws_no_link_and_fetches_no_image(app_server: str, page: Page) -> None:
    """The search text and the ignored period are shown as characters; nothing leaves the app."""
    open_page(page, app_server, f"?{QUERY}")
    # (The app's own page links carry the query string; none may lead to the outside host.)
    hosts = page.evaluate(
        "() => [...document.querySelectorAll('a[href], img[src]')]"
        ".map(e => new URL(e.href || e.src, location.href).hostname)"
    )
    assert "evil.example" not in hosts
    assert [url for url in external_requests(page) if "evil.example" in url] == []
    # Shown literally, brackets and address included (the invisible word joiners that keep
    # Markdown from autolinking the address removed).
    shown = page.locator('[data-testid="stMain"]').inner_text().replace("\u2060", "")
    assert "search '[Session expired - sign in again](https://evil.example/login)'" in shown
    assert "Ignored the period '![x](https://evil.example/t.png)'" in shown
    screenshot(page, "crafted-link-as-text")


@pytest.mark.parametrize("app_server", ["tests/data/small_events.yaml"], indirect=True)
def test_tables_offer_no_unneutralised_csv_of_their_own(app_server: str, page: Page) -> None:
    """st.dataframe's own "Download as CSV" writes cells as they are (a title "=1+1" would run
    as a formula in Excel): it is switched off (client.disableDataExport); the app's own CSV
    downloads, which neutralise such cells, stay."""
    open_page(page, app_server, "events")
    table = page.locator('[data-testid="stDataFrame"]').first
    table.hover()
    page.wait_for_timeout(500)
    toolbar = page.locator('[data-testid="stElementToolbar"]').first
    assert toolbar.count() == 1, "the table's toolbar (search, full screen) is still shown"
    assert page.get_by_role("button", name="Download as CSV").count() == 0
    assert page.get_by_role("button", name="Download CSV").count() == 1
    screenshot(page, "events-table-toolbar")
