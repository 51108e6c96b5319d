"""The shared filters in a real browser: a change changes the count; a link restores it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page, expect

from .conftest import APP_READY, open_page, screenshot

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
RAW_EVENTS = yaml.safe_load((ROOT / "data" / "events.yaml").read_text(encoding="utf-8"))["events"]
CAPTION = '[data-testid="stCaptionContainer"]:has-text("Showing ")'


def count_text(word: str) -> int:
    """Events whose title or summary contains the word, counted from the raw YAML."""
    return sum(
        word.casefold() in (event["title"] + "\n" + event.get("summary", "")).casefold()
        for event in RAW_EVENTS
    )


def caption_text(page: Page) -> str:
    return page.locator(CAPTION).first.inner_text()


def test_a_filter_change_changes_the_count_and_the_link_restores_it(
    app_server: str, page: Page, browser
) -> None:  # type: ignore[no-untyped-def]
    """Typing a search narrows the events; the page URL then opens the same view elsewhere."""
    open_page(page, app_server)
    total = len(RAW_EVENTS)
    assert caption_text(page).startswith(f"Showing {total} of {total} events")

    search = page.get_by_label("Search title and summary")
    search.fill("database")
    search.press("Enter")
    expected = count_text("database")
    assert 0 < expected < total
    expect(page.locator(CAPTION).first).to_contain_text(f"Showing {expected} of {total} events")
    page.wait_for_selector(APP_READY)
    expect(page).to_have_url(re.compile(r"[?&]q=database"))
    screenshot(page, "filter-search-database")

    shared_url = page.url
    other = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    try:
        other.goto(shared_url)
        other.wait_for_selector(APP_READY, timeout=60_000)
        expect(other.locator(CAPTION).first).to_contain_text(
            f"Showing {expected} of {total} events"
        )
        expect(other.get_by_label("Search title and summary")).to_have_value("database")
    finally:
        other.context.close()


def test_a_pillar_link_restores_the_pillar_filter(app_server: str, page: Page) -> None:
    """A bookmarked link with ?pillar=WBBSi shows the WBBSi events only."""
    expected = sum("WBBSi" in event.get("pillars", []) for event in RAW_EVENTS)
    open_page(page, app_server, "?pillar=WBBSi")
    expect(page.locator(CAPTION).first).to_contain_text(
        f"Showing {expected} of {len(RAW_EVENTS)} events"
    )
    assert "pillars WBBSi" in caption_text(page)


def test_filters_survive_moving_to_another_page(app_server: str, page: Page) -> None:
    """A city chosen on the overview still applies after clicking through to the Timeline."""
    expected = sum(event.get("city") == "Tirana" for event in RAW_EVENTS)
    open_page(page, app_server, "?city=Tirana")
    expect(page.locator(CAPTION).first).to_contain_text(f"Showing {expected} of {len(RAW_EVENTS)}")
    page.locator('[data-testid="stSidebar"] a:has-text("Timeline")').first.click()
    expect(page).to_have_url(re.compile(r"/timeline\?.*city=Tirana"))
    page.wait_for_selector(APP_READY)
    expect(page.locator(CAPTION).first).to_contain_text(f"Showing {expected} of {len(RAW_EVENTS)}")
    screenshot(page, "timeline-filtered-tirana")
