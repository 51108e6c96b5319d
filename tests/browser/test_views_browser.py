"""In a real browser: the 2023 map's colours and the Overview's period-aware chart and empty state."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from .conftest import APP_READY, open_page, screenshot

pytestmark = pytest.mark.browser

LEGEND_ITEMS = ".legend .traces .legendtext"


def test_2023_map_legend_has_mixed_pillars_and_no_cross_cutting(
    app_server: str, page: Page
) -> None:
    """Period 2023: the legend states the rule; Tirana's tie is "Mixed pillars"; no city is
    drawn cross-cutting (Tirana hosted the one multi-pillar event, and ties there)."""
    open_page(page, app_server, "map?period=2023")
    page.locator(".scattergeo .point").first.wait_for(state="attached", timeout=30_000)
    legend = page.locator(LEGEND_ITEMS).all_text_contents()
    screenshot(page, "map-2023")
    assert any(text.startswith("Mixed pillars") for text in legend), legend
    assert not any(text.startswith("Cross-cutting") for text in legend), legend
    assert (page.locator(".legend .legendtitletext").text_content() or "").startswith(
        "Colour: the pillar"
    )


def test_2023_overview_counts_per_month(app_server: str, page: Page) -> None:
    """Period 2023: the Overview's trend is twelve monthly bars, not one full-width bar."""
    open_page(page, app_server, "?period=2023")
    chart = page.locator(".js-plotly-plot").first
    chart.wait_for(timeout=30_000)
    screenshot(page, "overview-2023")
    # The chart's title is written above it as text (ui.charts.show_chart).
    title = page.locator('[data-testid="stMarkdownContainer"] strong', has_text="Events per month")
    assert title.count() == 1
    assert chart.locator(".xtick").count() == 12


def test_a_period_after_the_data_says_so_and_offers_the_latest_months(
    app_server: str, page: Page
) -> None:
    """ "This year" after the data: the message names the data's last day; the button shows the
    latest 12 months of data and puts them in the address."""
    open_page(page, app_server, "?period=This+year")
    message = page.get_by_text("starts after the data ends on 17 Oct 2023")
    message.wait_for(timeout=30_000)
    page.wait_for_selector(APP_READY)
    screenshot(page, "overview-this-year")
    page.get_by_role("button", name="Show the latest 12 months of data").click()
    page.locator(".js-plotly-plot").first.wait_for(timeout=30_000)
    page.wait_for_selector(APP_READY)
    assert "period=Latest+12+months+of+data" in page.url
    screenshot(page, "overview-latest-12-months")


def test_2023_map_at_phone_width(app_server: str, page: Page) -> None:
    """At 390 px the map and its legend still show (a look, saved as a screenshot)."""
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, app_server, "map?period=2023")
    page.locator(".scattergeo .point").first.wait_for(state="attached", timeout=30_000)
    screenshot(page, "map-2023-390px")
    assert page.locator(LEGEND_ITEMS).count() >= 4


def test_2023_timeline_activity_counts_per_month(app_server: str, page: Page) -> None:
    """Period 2023: the Timeline's activity chart starts per month, the switch showing Month."""
    open_page(page, app_server, "timeline?period=2023")
    activity = page.locator(".js-plotly-plot").nth(1)
    activity.wait_for(timeout=30_000)
    screenshot(page, "timeline-2023")
    # The chart's title is written above it as text (ui.charts.show_chart).
    title = page.locator('[data-testid="stMarkdownContainer"] strong', has_text="Events per month")
    assert title.count() == 1
    assert activity.locator(".xtick").count() == 12
