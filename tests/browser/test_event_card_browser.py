"""The event card on the Timeline and Events pages in headless Chromium, wide and phone-narrow."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import open_page, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.parametrize("app_server", ["tests/data/small_events.yaml"], indirect=True),
]

RENDER_MS = 60_000
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
EVENT = "3–5 Mar 2023 · Regional Pillar Support Group Meeting – WBCTi"


@pytest.mark.parametrize("path", ["timeline", "events"])
@pytest.mark.parametrize("width", [1440, 390])
def test_a_chosen_event_shows_the_same_card(
    app_server: str, page: Page, path: str, width: int
) -> None:
    """Choosing the Pristina event shows its card: title, dates, Kosovo*, facts, a source button."""
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, app_server, path)
    box = page.locator('[data-testid="stSelectbox"]', has_text="Event").last
    picker = box.get_by_role("combobox", name="Event", exact=True)
    expect(picker).to_have_count(1, timeout=RENDER_MS)
    box.get_by_role("button", name="Open").click()
    picker.fill("WBCTi")
    page.locator('[role="option"]', has_text=EVENT).click()
    page.wait_for_selector(IDLE, timeout=RENDER_MS)
    expect(page.get_by_text("3–5 Mar 2023 (3 days)")).to_have_count(1, timeout=RENDER_MS)
    page.get_by_text("Event id:").scroll_into_view_if_needed()
    shot = screenshot(page, f"event-card-{path}-{width}")
    expect(page.get_by_text("Pristina, Kosovo*")).to_have_count(1)
    expect(page.get_by_text("DG NEAR; United States")).to_have_count(1)
    expect(page.get_by_role("link", name="Open the source")).to_have_count(1)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px ({shot})"
