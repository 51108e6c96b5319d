"""Browser tests of the Partners page: a profile's own address, click-through from the ranking."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page

from analytics.reference import load_reference
from tests.app.conftest import BUNDLED, raw_events
from tests.browser.conftest import APP_READY, SCREENSHOT_DIR, open_page, screenshot

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}


def events_attended() -> dict[str, int]:
    """Partner -> events attended, counted here from the YAML (aliases resolved)."""
    registry = load_reference(BUNDLED.parent).registry
    counts: dict[str, int] = {}
    for event in raw_events(BUNDLED):
        names = set()
        for written in event.get("partners") or []:
            entry = registry.resolve(written)
            names.add(entry.name if entry else written)
        for name in names:
            counts[name] = counts.get(name, 0) + 1
    return counts


def metric(page: Page, label: str):  # noqa: ANN201 (a Playwright locator)
    """The metric box with this label."""
    return page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=label)
    )


def test_a_profile_link_shows_the_events_count_on_the_first_screen(
    app_server: str, page: Page
) -> None:
    """partners?profile=Italy at 1440x900 shows Italy and its events without scrolling."""
    page.set_viewport_size(LAPTOP)
    open_page(page, app_server, "partners?profile=Italy")
    box = metric(page, "Events attended")
    box.wait_for(timeout=30_000)
    assert box.locator('[data-testid="stMetricValue"]').inner_text() == str(
        events_attended()["Italy"]
    )
    bounds = box.bounding_box()
    assert bounds is not None
    assert bounds["y"] >= 0 and bounds["y"] + bounds["height"] <= LAPTOP["height"], bounds
    assert page.get_by_role("heading", name="Italy").is_visible()
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / "partners_profile_italy_first_screen.png"))
    screenshot(page, "partners_profile_italy_whole_page")


def test_clicking_the_longest_bar_opens_that_partners_profile(app_server: str, page: Page) -> None:
    """The longest ranking bar is the most active partner; clicking it puts profile= in the URL."""
    counts = events_attended()
    most = max(counts.values())
    (busiest,) = [name for name, count in counts.items() if count == most]
    page.set_viewport_size(LAPTOP)
    open_page(page, app_server, "partners")
    chart = page.locator('[data-testid="stPlotlyChart"]').filter(
        has=page.locator("text=Events attended, by partner")
    )
    chart.wait_for(timeout=30_000)
    bars = chart.locator("g.trace.bars g.point path")
    widths = [(bars.nth(i).bounding_box() or {"width": 0})["width"] for i in range(bars.count())]
    longest = bars.nth(widths.index(max(widths))).bounding_box()
    assert longest is not None
    # plotly's drag layer lies over the bars and takes the click, as it does for a user.
    page.mouse.click(longest["x"] + longest["width"] / 2, longest["y"] + longest["height"] / 2)
    page.wait_for_function(
        "() => new URL(window.location.href).searchParams.has('profile')", timeout=30_000
    )
    page.wait_for_selector(APP_READY, timeout=60_000)
    assert parse_qs(urlparse(page.url).query)["profile"] == [busiest]
    box = metric(page, "Events attended")
    box.wait_for(timeout=30_000)
    assert box.locator('[data-testid="stMetricValue"]').inner_text() == str(counts[busiest])
    screenshot(page, "partners_after_clicking_the_longest_bar")


def test_an_unknown_profile_is_a_plain_notice_and_the_page_works(
    app_server: str, page: Page
) -> None:
    """A made-up name with Markdown shows as written in a notice; the ranking still draws."""
    page.set_viewport_size(LAPTOP)
    open_page(page, app_server, "partners?profile=**Nobody**%20[x](javascript:alert(1))")
    notice = page.locator('[data-testid="stAlert"]', has_text="No partner called")
    notice.wait_for(timeout=30_000)
    assert "**Nobody** [x](javascript:alert(1))" in notice.inner_text()
    assert notice.locator("a, strong").count() == 0
    assert page.locator("text=Events attended, by partner").count() == 1


@pytest.mark.parametrize("tab", ["Network", "New and lapsed", "Compare"])
def test_each_section_at_phone_width(app_server: str, page: Page, tab: str) -> None:
    """At 390 px each tab opens without an error (screenshots to look at)."""
    page.set_viewport_size(PHONE)
    open_page(page, app_server, "partners?profile=Italy")
    page.get_by_role("tab", name=tab).click()
    page.wait_for_timeout(800)
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, f"partners_390_{tab.replace(' ', '_')}")


@pytest.mark.parametrize("tab", ["Network", "New and lapsed", "Compare"])
def test_each_section_at_laptop_width(app_server: str, page: Page, tab: str) -> None:
    """At 1440 px each tab opens without an error (screenshots to look at)."""
    page.set_viewport_size(LAPTOP)
    open_page(page, app_server, "partners")
    page.get_by_role("tab", name=tab).click()
    page.wait_for_timeout(800)
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, f"partners_1440_{tab.replace(' ', '_')}")
